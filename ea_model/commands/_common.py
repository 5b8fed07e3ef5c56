"""What every command shares: the `--repo` option and loading the model or exiting with code 2."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..loader import load
from ..manifest import RepositoryError
from ..model import Model

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

repo_option = click.option(
    "--repo", "repo", type=click.Path(file_okay=False, path_type=Path), default=None,
    help="Repository root (default: the folder holding ea.yaml, found from the current directory up).",
)


def load_or_exit(repo: Path | None) -> Model:
    try:
        return load(repo)
    except RepositoryError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    except OSError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)


def need_element(model: Model, element_id: str) -> None:
    if element_id not in model.elements:
        from ..rules._suggest import did_you_mean

        hint = did_you_mean(element_id, model.elements, "see `ea query find`")
        click.echo(f"error: unknown element '{element_id}' ({hint})", err=True)
        sys.exit(EXIT_USAGE)


def add_subcommands(group: click.Group, prefix: str) -> None:
    """Register each module `commands/<prefix><name>.py`'s `command` in `group` (export_rdf, import_rdf, ...)."""
    import importlib
    import pkgutil

    from .. import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        if info.name.startswith(prefix) and info.name != prefix:
            group.add_command(importlib.import_module(f"{commands.__name__}.{info.name}").command)


def need_plateau(model: Model, plateau: str | None, param: str = "--plateau") -> None:
    if plateau and plateau not in model.plateaus:
        raise click.BadParameter(f"unknown plateau '{plateau}' (known: {', '.join(model.plateau_order())})",
                                 param_hint=param)
