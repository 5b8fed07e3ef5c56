"""`ea deps update|list`: the repositories named under `depends:` in ea.yaml (docs/publish.md)."""

from __future__ import annotations

import click

from ._common import load_or_exit, repo_option


@click.group("deps")
def command() -> None:
    """Other repositories this one refers to as PREFIX:ID (`depends:` in ea.yaml). A path dependency is read
    from disk at every load; a git or published-graph dependency is fetched by `ea deps update` into .ea-deps/,
    and every other command (validate too) reads that copy, never the network.

    \b
    Examples:
      ea deps update
      ea deps list
    """


@command.command("update")
@repo_option
@click.argument("prefixes", nargs=-1)
def update_cmd(repo, prefixes: tuple[str, ...]) -> None:
    """Fetch the git and graph dependencies (all, or those PREFIXES) and keep their element index.

    \b
    Example:
      ea deps update nat
    """
    from ..publish.deps_update import update

    model = load_or_exit(repo)
    for f in update(model, list(prefixes) or None):
        where = "read from disk at every load" if f.how == "path" else f"saved in .ea-deps/{f.prefix}.json"
        at = f" at {f.commit[:12]}" if f.commit else ""
        click.echo(f"{f.prefix}: {f.elements} elements ({f.how}{at}); {where}")


@command.command("list")
@repo_option
def list_cmd(repo) -> None:
    """Each dependency: prefix, home, repository id, elements known, and how many of them this one uses.

    \b
    Example:
      ea deps list
    """
    model = load_or_exit(repo)
    used: dict[str, int] = {}
    for el in model.elements.values():
        if el.home:
            used[el.home] = used.get(el.home, 0) + 1
    for dep in model.manifest.depends:
        snap = model.dependencies.get(dep.prefix)
        state = f"{snap.id}, {len(snap.elements)} elements, {used.get(dep.prefix, 0)} used" if snap else "not fetched"
        click.echo(f"{dep.prefix}: {dep.home} ({state})")
