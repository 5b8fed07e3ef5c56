"""`ea lsp`: the language server, over standard input and output, for editors."""

from __future__ import annotations

import click


@click.command("lsp")
@click.option("--stdio", is_flag=True, help="Accepted for editors that pass it; standard I/O is the only transport.")
def command(stdio: bool) -> None:
    """Language server for model, view and plateau files: findings of `ea validate` as you type, completion of
    ids (with names), kinds, types, plateaus, reference-model codes and documents; hover; go to definition;
    references; rename of an id across the repository; document symbols. Editors start it (see docs/editors.md).

    \b
    Example (what an editor runs, in the repository's folder):
      ea lsp --stdio
    """
    from ..lsp.server import serve

    serve()
