"""`ea export FORMAT`: one subcommand per exporter, each in its own module `commands/export_<format>.py`."""

from __future__ import annotations

import click

from ._common import add_subcommands


@click.group("export")
def command() -> None:
    """Export the model (RDF, SHACL shapes, ArchiMate exchange files, ...)."""


add_subcommands(command, "export_")
