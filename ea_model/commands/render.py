"""`ea render`: regenerate the architecture's diagrams from the model."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..render import FORMATS
from . import _complete
from ._common import load_or_exit, need_element, need_plateau, repo_option
from ._lang import lang_option, language


@click.command("render")
@repo_option
@click.argument("views", nargs=-1, shell_complete=_complete.views)
@click.option("--all", "all_views", is_flag=True, help="Render every view in viewpoints/.")
@click.option("--focus", help="Render everything within --depth steps of this element.",
              shell_complete=_complete.elements)
@click.option("--depth", type=int, default=1, show_default=True)
@click.option("--format", "formats", type=click.Choice(FORMATS), multiple=True, help="Repeatable (default: svg).")
@lang_option()
@click.option("--plateau", help="Show the architecture as it is in this plateau.", shell_complete=_complete.plateaus)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), help="Default: exports/diagrams/.")
def command(repo, views, all_views, focus, depth, formats, lang, plateau, out) -> None:
    """Render VIEWS (ids of viewpoints), --all of them, or --focus ID.

    \b
    Examples:
      ea render --all --format svg --format png
      ea render application-overview --lang en --plateau target-2030
      ea render --focus db-national-insurance --depth 2
    """
    from rich.progress import Progress

    from ..render.output import render_views
    from ..viewpoints import focus_view

    model = load_or_exit(repo)
    lang = language(model, lang)
    need_plateau(model, plateau)
    chosen = []
    if all_views:
        chosen = [model.viewpoints[v] for v in sorted(model.viewpoints)]
    for view_id in views:
        if view_id not in model.viewpoints:
            raise click.BadParameter(f"unknown view '{view_id}' (known: {', '.join(sorted(model.viewpoints))})")
        chosen.append(model.viewpoints[view_id])
    if focus:
        need_element(model, focus)
        chosen.append(focus_view(focus, depth))
    if not chosen:
        raise click.UsageError("name views, or use --all or --focus ID")
    out = out or model.root / model.manifest.folders["exports"] / "diagrams"
    formats = list(formats) or ["svg"]
    with Progress(transient=True, disable=not sys.stderr.isatty()) as progress:
        task = progress.add_task("rendering", total=len(chosen))
        written = render_views(model, chosen, formats, lang, out, plateau, progress=lambda: progress.advance(task))
    for item in written:
        click.echo(f"{item.path}  ({item.elements} elements, {item.relationships} relationships)")
    click.echo(f"rendered {len(chosen)} view(s) into {out}", err=True)
