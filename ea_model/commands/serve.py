"""`ea serve`: serve the site on localhost and rebuild it when a YAML file changes (docs/site.md)."""

from __future__ import annotations

import contextlib
import signal
import sys
from pathlib import Path

import click

from ._common import EXIT_USAGE, EaError, repo_option
from ._lang import lang_option
from .site import languages_for


@click.command("serve")
@repo_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address or name to listen on. Requests must name this server in their Host header: localhost, "
                   "127.0.0.1, [::1] or this name (a page of another site cannot read it through DNS rebinding).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port (0: any free port).")
@lang_option("Languages of the site: one, or `both`: every language of ea.yaml, its first one first, and the "
             "interface's", extra=("both",), default="both")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Build into this folder (default: a temporary folder, removed on exit).")
@click.option("--no-watch", is_flag=True, help="Do not rebuild when files change.")
@click.option("--verbose", is_flag=True, help="Log every request.")
def command(repo, host, port, lang, out, no_watch, verbose) -> None:
    """Build the site, serve it at http://HOST:PORT/ and rebuild it (the open pages reload) whenever a YAML
    file of the repository changes. Stop with Ctrl-C.

    \b
    Examples:
      ea serve                       # then open http://127.0.0.1:8000/
      ea serve --port 0 --lang vi    # any free port, Vietnamese pages only
    """
    from ..manifest import read_manifest
    from ..site.serve import SiteServer

    def echo(text: str) -> None:
        click.echo(text, err=text.startswith(("error", "warning")))
        sys.stdout.flush()

    try:
        server = SiteServer(repo, out, None, host, port, echo=echo, verbose=verbose)
        server.languages = languages_for(read_manifest(server.root).languages, lang)
    except OSError as exc:
        raise EaError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    if not server.build():
        server.close()
        sys.exit(EXIT_USAGE)

    def stop(_signum, _frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    echo(f"serving {server.url} (Ctrl-C to stop){'' if no_watch else '; rebuilding when a YAML file changes'}")
    with contextlib.suppress(KeyboardInterrupt):
        server.serve(watch=not no_watch)
    echo("stopped")
