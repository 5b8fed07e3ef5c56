"""`ea export FORMAT`: one subcommand per exporter, each in its module `commands/export_<format>.py`."""

from __future__ import annotations

import click

from . import export_archimate, export_csv, export_rdf, export_shacl


@click.group("export")
def command() -> None:
    """Export the model (RDF, SHACL shapes, ArchiMate exchange files, ...).

    \b
    Examples:
      ea export rdf --format turtle --out exports/model.ttl
      ea export archimate --out exports/model.xml
      ea export csv --out exports/csv
    """


for _module in (export_archimate, export_csv, export_rdf, export_shacl):
    command.add_command(_module.command)
