"""`ea init DIR`: start a repository for another agency."""

from __future__ import annotations

from pathlib import Path

import click

from ..framework import builtin_frameworks
from ..scaffold import init_repository


@click.command("init")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--id", "repo_id", help="Repository id (default: from the folder name).")
@click.option("--name", help="Agency or architecture name.")
@click.option("--framework", type=click.Choice(builtin_frameworks()), default="vneaf-3.0", show_default=True)
@click.option("--base-iri", help="IRI prefix for RDF exports (ending in / or #).")
def command(directory: Path, repo_id, name, framework: str, base_iri) -> None:
    """Create a repository in DIRECTORY: manifest, layer folders, example elements, plateaus, a viewpoint."""
    manifest = init_repository(directory, repo_id, name, framework, base_iri)
    click.echo(f"created {manifest}; next: cd {directory} && ea validate --strict")
