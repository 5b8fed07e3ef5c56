"""`ea import FORMAT`: one subcommand per importer, each in its own module `commands/import_<format>.py`."""

from __future__ import annotations

import click

from ._common import add_subcommands


@click.group("import")
def command() -> None:
    """Import a model from another format into a YAML repository."""


add_subcommands(command, "import_")
