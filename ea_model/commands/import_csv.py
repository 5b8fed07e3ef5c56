"""`ea import csv PATH --into DIR | --merge`: a repository from Archi's CSV files or their .xlsx workbook."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import repo_option
from ._lang import LanguageChoice


@click.command("csv")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--into", "into", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the new repository (must not exist, or be empty).")
@click.option("--merge", is_flag=True, help="Add the model to the repository (--repo, or the current one) instead.")
@click.option("--lang", type=LanguageChoice(), default=None,
              help="Language of the Name column (default: the model row's ea_languages property, else en).")
@repo_option
def command(path: Path, into: Path | None, merge: bool, lang: str | None, repo: Path | None) -> None:
    """Import Archi's CSV export (elements.csv, relations.csv, properties.csv, with Archi's columns; PATH is their
    folder or elements.csv, any file prefix) or a workbook with those three sheets (PATH.xlsx): elements,
    relationships, properties, names in other languages (properties name:<lang>) and ea's own fields written by
    `ea export csv`. Nothing is written on any error; --merge works as for `ea import archimate`.

    \b
    Examples:
      ea export csv --out exports/csv && ea import csv exports/csv --into ../copy
      ea import csv inventory.xlsx --merge
    """
    from ..archimate.archi_csv import read_csv
    from ..archimate.importer import import_model
    from ..archimate.to_repo import slug
    from ..manifest import find_root
    from .import_archimate import report

    if merge == (into is not None):
        raise click.UsageError("give either --into DIR (a new repository) or --merge (into the current one)")
    if repo is not None and not merge:
        raise click.UsageError("--repo names the repository of --merge; a new repository is --into DIR")
    target = find_root(repo) if merge else into
    source = read_csv(path, lang)
    stem = slug(path.stem.removesuffix("elements").strip("-_") or path.parent.name, "imported") if path.suffix else \
        slug(path.name, "imported")
    result = import_model(source, target, merge=merge, stem=stem)
    report(result, target, path)
