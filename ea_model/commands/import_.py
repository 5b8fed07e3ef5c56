"""`ea import FORMAT`: one subcommand per importer, each in its module `commands/import_<format>.py`."""

from __future__ import annotations

import click

from . import import_archimate, import_csv, import_rdf


@click.group("import")
def command() -> None:
    """Import a model from another format into a YAML repository.

    \b
    Examples:
      ea import archimate model.xml --into ../new-repository
      ea import rdf model.ttl --into ../from-rdf
      ea import csv exports/csv --into ../from-csv
    """


for _module in (import_archimate, import_csv, import_rdf):
    command.add_command(_module.command)
