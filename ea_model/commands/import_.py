"""`ea import FORMAT`: one subcommand per importer, each in its own module `commands/import_<format>.py`."""

from __future__ import annotations

import importlib
import pkgutil

import click

from .. import commands


@click.group("import")
def command() -> None:
    """Import a model from another format into a YAML repository."""


for _info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
    if _info.name.startswith("import_") and _info.name != "import_":
        command.add_command(importlib.import_module(f"{commands.__name__}.{_info.name}").command)
