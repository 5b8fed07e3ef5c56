"""`ea init DIR`: start a repository for another agency."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..framework import builtin_frameworks
from ._common import EaError


@click.command("init")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--name-vi", help="The agency's name in Vietnamese (asked for on a terminal).")
@click.option("--name-en", help="The agency's name in English (default: the Vietnamese name).")
@click.option("--id", "repo_id", help="Repository id (default: from the folder name).")
@click.option("--framework", type=click.Choice(builtin_frameworks()), default="vneaf-3.0", show_default=True)
@click.option("--base-iri", help="IRI prefix for RDF exports (ending in / or #).")
@click.option("--git/--no-git", default=True, show_default=True, help="Run `git init` unless DIRECTORY is in a "
              "git work tree already.")
@click.option("--commit", is_flag=True, help="Make the first commit.")
def command(directory: Path, name_vi, name_en, repo_id, framework: str, base_iri, git: bool, commit: bool) -> None:
    """Create a repository in DIRECTORY: manifest, example elements in every layer, two plateaus and a gap
    report definition, a view, the JSON Schemas for editors, and a git repository.

    \b
    Example:
      ea init so-y-te --name-vi "Sở Y tế Hà Nội" --name-en "Hanoi Department of Health" --commit
    """
    from ..scaffold import init_repository

    if not name_vi:
        if not sys.stdin.isatty():
            raise EaError("give the agency's names: --name-vi \"Sở Y tế Hà Nội\" --name-en \"Hanoi Department of "
                          "Health\"")
        name_vi = click.prompt("Agency name (Vietnamese)")
        name_en = name_en or click.prompt("Agency name (English)", default=name_vi)
    manifest = init_repository(directory, repo_id, name_vi, name_en, framework, base_iri, git=git, commit=commit)
    click.echo(f"created {manifest}; next: cd {directory} && ea validate --strict && ea render --all && "
               "ea gap --all-reports")
