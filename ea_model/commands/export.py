"""`ea export FORMAT`: one subcommand per exporter, each in its own module `commands/export_<format>.py`."""

from __future__ import annotations

import importlib
import pkgutil

import click

from .. import commands


@click.group("export")
def command() -> None:
    """Export the model (RDF, SHACL shapes, ArchiMate exchange files, ...)."""


for _info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
    if _info.name.startswith("export_"):
        command.add_command(importlib.import_module(f"{commands.__name__}.{_info.name}").command)
