"""`ea import archimate FILE --into DIR | --merge`: a repository from an ArchiMate exchange file, an Archi model
(`.archimate`) or a coArchi repository folder."""

from __future__ import annotations

from pathlib import Path

import click

from ._common import repo_option


@click.command("archimate")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--into", "into", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder of the new repository (must not exist, or be empty).")
@click.option("--merge", is_flag=True, help="Add the model to the repository (--repo, or the current one) instead.")
@repo_option
def command(file: Path, into: Path | None, merge: bool, repo: Path | None) -> None:
    """Import an ArchiMate Model Exchange File (3.x, or 2.1 with its types upgraded), an Archi model
    (MODEL.archimate) or a coArchi repository (its folder): elements, relationships, properties, names in every
    language, folders (as tags) and views (as viewpoints keeping their layout). The format is told by the
    content. What ea cannot hold (sketch and canvas models, images) is listed. Nothing is written on any
    error; with --merge, concepts the repository has (same id and archimate_id) are kept, and an id it uses
    for another concept stops the import.

    \b
    Examples:
      ea import archimate archisurance.xml --into ../archisurance
      ea import archimate Archisurance.archimate --into ../archisurance
      ea import archimate ~/.archi/model-repository/my-model --into ../my-model   # coArchi
      ea import archimate partner-model.xml --merge
    """
    from ..archimate.importer import import_archimate
    from ..manifest import find_root

    if merge == (into is not None):
        raise click.UsageError("give either --into DIR (a new repository) or --merge (into the current one)")
    if repo is not None and not merge:
        raise click.UsageError("--repo names the repository of --merge; a new repository is --into DIR")
    target = find_root(repo) if merge else into
    result = import_archimate(file, target, merge=merge)
    report(result, target, file)


def report(result, target: Path, file: Path) -> None:
    """The import's upgrades, renamed ids, what was not imported, and a summary, on standard error; the
    repository's folder on standard output."""
    from ..validation import validate

    for up in result.upgrades:
        click.echo(f"{up.file or file}:{up.line}: upgraded {up.old} -> {up.new} ({up.identifier})", err=True)
    for note in [*result.notes, *result.source.skipped]:
        click.echo(note, err=True)
    src = result.source
    problems = validate(result.model)
    errors = sum(p.severity == "error" for p in problems)
    click.echo(str(target))
    kept = ""
    if result.present:
        present = set(result.present)
        n_el = sum(c.ident in present for c in src.elements)
        kept = (f"; {n_el} element(s) and {len(present) - n_el} relationship(s) were in the repository already "
                "(same archimate_id) and are kept as they are")
    click.echo(f"imported {len(src.elements)} elements, {len(src.relationships)} relationships, {len(src.views)} "
               f"views ({src.describe()}, {len(result.upgrades)} type(s) upgraded) into {target}{kept}; "
               f"`ea validate`: {errors} error(s), {len(problems) - errors} warning(s)"
               + (f"; {len(src.skipped)} item(s) not imported (listed above)" if src.skipped else ""), err=True)
