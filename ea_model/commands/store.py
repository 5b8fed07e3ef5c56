"""`ea store serve|status|stop`: the local SPARQL store (an Oxigraph server on 127.0.0.1)."""

from __future__ import annotations

from pathlib import Path

import click

DATA = click.option("--data", type=click.Path(file_okay=False, path_type=Path), default=Path(".ea-store"),
                    show_default=True, help="The store's folder (database, log, server.json).")


@click.group("store")
def command() -> None:
    """The local SPARQL store that `ea publish` sends to and `ea query sparql --endpoint` asks: an Oxigraph
    server on 127.0.0.1, running in the background, its default graph the union of every published graph.

    \b
    Examples:
      ea store serve --port 7878
      ea publish --to http://127.0.0.1:7878/store
      ea query sparql docs/queries/work-packages-due.rq --endpoint http://127.0.0.1:7878/query
      ea store stop
    """


@command.command("serve")
@DATA
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True)
def serve_cmd(data: Path, port: int) -> None:
    """Start the store in the background (nothing happens when it runs already).

    \b
    Example:
      ea store serve --port 7878 --data .ea-store
    """
    from ..publish.store import serve

    running = serve(data, port)
    click.echo(f"store running (pid {running.pid}): Graph Store {running.store_url}, query {running.query_url}, "
               f"update {running.update_url}; data in {data}")


@command.command("status")
@DATA
def status_cmd(data: Path) -> None:
    """Whether the store runs, where, and the size of its data. Exit code 1 when it does not run.

    \b
    Example:
      ea store status --data .ea-store
    """
    from ..publish.store import status, store_size

    running = status(data)
    if running is None:
        click.echo(f"no store running for {data}")
        raise SystemExit(1)
    click.echo(f"store running (pid {running.pid}): {running.store_url}; {store_size(data) / 2**20:.1f} MiB in {data}")


@command.command("stop")
@DATA
def stop_cmd(data: Path) -> None:
    """Stop the store (its data stays in the folder).

    \b
    Example:
      ea store stop
    """
    from ..publish.store import stop

    running = stop(data)
    click.echo(f"stopped the store (pid {running.pid})" if running else f"no store running for {data}")
