"""`ea import rdf FILE --into DIR`: rebuild a YAML repository from an RDF export."""

from __future__ import annotations

from pathlib import Path

import click

from ..rdf.syntax import FORMATS


@click.command("rdf")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--into", "into", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder of the new repository (must not exist, or be empty).")
@click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default=None,
              help="Syntax of FILE (default: from its extension: .ttl .nt .jsonld .rdf).")
def command(file: Path, into: Path, fmt: str | None) -> None:
    """Rebuild a repository (ea.yaml, plateaus, reference models, elements, relationships) from FILE, an
    export of `ea export rdf`. Nothing is written unless the whole repository is rebuilt and loads; statements
    that cannot become YAML (an element with two types, a blank-node element) are listed, exit code 1.

    \b
    Example:
      ea export rdf --out model.ttl && ea import rdf model.ttl --into ../round-trip
    """
    from ..rdf.import_ import import_file
    from ..validation import validate

    result = import_file(file, into, fmt)
    for note in result.notes:
        click.echo(f"{file}: {note}", err=True)
    model = result.model
    problems = validate(model)
    errors = sum(p.severity == "error" for p in problems)
    click.echo(str(into))
    click.echo(f"imported {len(model.elements)} elements, {len(model.relationships)} relationships, "
               f"{len(model.plateaus)} plateaus into {into} ({len(model.files)} files); `ea validate`: "
               f"{errors} error(s), {len(problems) - errors} warning(s)", err=True)
