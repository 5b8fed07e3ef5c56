"""`ea doc`: the architecture document (outline of the framework pack, filled from the model) as DOCX, PDF or HTML."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from . import _complete
from ._common import EaError, load_or_exit, need_plateau, refuse_broken, repo_option, write_output
from ._lang import lang_option
from ._lang import language as chosen_language


@click.command("doc")
@repo_option
@lang_option()
@click.option("--plateau", metavar="PLATEAU", shell_complete=_complete.plateaus,
              help="Target plateau of chapters VII-IX (default: the last); chapter VI is the first plateau.")
@click.option("--format", "fmt", type=click.Choice(["docx", "pdf", "html"]), default="docx", show_default=True,
              help="docx (Word), pdf (through LibreOffice), html (one self-contained page).")
@click.option("--sources", type=click.Choice(["column", "footnote", "none"]), default="column", show_default=True,
              help="Where each table row's source (decision, section, line) goes.")
@click.option("--out", type=click.Path(path_type=Path), default=None,
              help="Output file (default: exports/document.<lang>.<format>; '-' for standard output).")
def command(repo, lang, plateau, fmt, sources, out) -> None:
    """The architecture document: the outline of the framework pack (or document/outline.yaml), with its
    narrative texts, the views as numbered figures, tables from the model, the gap analysis and the roadmap.

    \b
    Examples:
      ea doc --format docx                          # exports/document.vi.docx
      ea doc --format pdf --lang en --out ea.pdf
      ea doc --plateau transition-2025 --sources footnote
    """
    from ..document import Options, build, write

    model = load_or_exit(repo)
    refuse_broken(model)
    need_plateau(model, plateau)
    lang = chosen_language(model, lang)

    def progress(text: str) -> None:
        if sys.stderr.isatty():
            click.echo(f"  {text}", err=True)

    document = build(model, Options(lang=lang, plateau=plateau, sources=sources,
                                    figure_format="svg" if fmt == "html" else "png", progress=progress))
    if fmt == "pdf" and (out is None or str(out) == "-") and sys.stdout.isatty():
        raise EaError("PDF is binary: give --out FILE")
    data = write(document, fmt)
    if out is None:
        out = model.root / model.manifest.folders["exports"] / f"document.{lang}.{fmt}"
    write_output(data, out)
    if str(out) != "-":
        click.echo(str(out))
    click.echo(f"document: {len(document.headings())} headings, {len(document.figures())} figures, "
               f"{sum(1 for t in document.tables() if t.number)} tables ({fmt}, {len(data):,} bytes)", err=True)
