"""`ea merge-driver` (called by git) and `ea install-git` (sets git up to call it)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ._common import repo_option


@click.command("merge-driver")
@click.argument("base", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("ours", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("theirs", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("path", required=False, default="")
def command(base: Path, ours: Path, theirs: Path, path: str) -> None:
    """Three-way merge of a YAML model file by element id and field; git calls it as `%O %A %B %P` for the
    files `.gitattributes` marks `merge=ea` (see `ea install-git`). The result is written to OURS; exit 1
    when a field was changed both ways (the conflict is written as valid YAML naming element and field).

    \b
    Example (.git/config, as `ea install-git` writes it):
      [merge "ea"]
        driver = ea merge-driver %O %A %B %P
    """
    from ..team.gitsetup import run_driver

    code, messages = run_driver(base, ours, theirs, path or str(ours))
    for message in messages:
        click.echo(message, err=True)
    sys.exit(code)


@click.command("install-git")
@repo_option
@click.option("--driver-command", default=None,
              help="The command git runs (default: this ea, as `<path>/ea merge-driver %O %A %B %P`).")
def install_command(repo, driver_command: str | None) -> None:
    """Register `ea merge-driver` in the git configuration of the repository and mark `*.yaml merge=ea`
    in .gitattributes, so that merges match elements by id and field instead of lines.

    \b
    Example:
      ea install-git && git add .gitattributes && git commit -m "merge the model by element"
    """
    from ..manifest import find_root
    from ..team.gitsetup import install

    root = find_root(repo)
    for line in install(root, driver_command):
        click.echo(line)
