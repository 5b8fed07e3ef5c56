"""`ea fmt`: canonical formatting of model, view and plateau files (comments kept)."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from ._common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, EaError, repo_option


@click.command("fmt")
@repo_option
@click.option("--check", is_flag=True, help="Write nothing; list the files that are not formatted and exit 1.")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def command(repo, check: bool, files: tuple[Path, ...]) -> None:
    """Format model, view and plateau files: key order of the schema, inline lists and short mappings,
    quotes only where YAML needs them, comments kept. Without FILES, every such file of the repository.

    \b
    Examples:
      ea fmt                          # format the whole repository
      ea fmt --check                  # in CI or pre-commit: exit 1 and list unformatted files
      ea fmt layers/data/databases.yaml
    """
    from ..manifest import find_root, read_manifest
    from ..team.fmt import format_file, repository_files

    root = find_root(repo)
    manifest = read_manifest(root)
    rels = [_relative(root, f) for f in files] if files else repository_files(root, manifest)
    started = time.perf_counter()
    changed, failed = [], 0
    for rel in rels:
        try:
            result = format_file(root, rel, manifest, write=not check)
        except EaError as exc:  # FormatError or YamlError: one line naming the file, the others go on
            click.echo(f"error: {exc}", err=True)
            failed += 1
            continue
        if result.changed:
            changed.append(rel)
            click.echo(rel if check else f"formatted {rel}")
    verb = "not formatted" if check else "reformatted"
    click.echo(f"{len(changed)} of {len(rels)} files {verb}"
               f"{f', {failed} could not be read' if failed else ''} ({time.perf_counter() - started:.1f} s)", err=True)
    if failed:
        sys.exit(EXIT_USAGE)
    sys.exit(EXIT_FINDINGS if check and changed else EXIT_OK)


def _relative(root: Path, path: Path) -> str:
    """`path` (relative to the current folder, or absolute) as a path relative to the repository."""
    full = path if path.is_absolute() else Path.cwd() / path
    try:
        return full.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        raise EaError(f"{path}: not inside the repository {root}") from None
