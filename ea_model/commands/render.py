"""`ea render`: regenerate the architecture's diagrams from the model."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..render import FORMATS, NOTATIONS
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
@click.option("--page", help="Fit A4 or A3 paper (text at least 7 pt when printed), splitting a view that cannot "
                             "fit. Default: the view's `page:`, else ea.yaml's `render: {page}`.")
@click.option("--landscape/--portrait", default=None, help="Orientation of --page.")
@click.option("--notation", type=click.Choice(NOTATIONS), help="archimate (default) or vneaf (the pictograms "
                                                                 "of the VNEAF document per kind).")
@click.option("--save-layout", is_flag=True, help="Keep each view's positions in viewpoints/VIEW.layout.yaml: "
                                                  "later renders keep them and place only new elements.")
def command(repo, views, all_views, focus, depth, formats, lang, plateau, out, page, landscape, notation,
            save_layout) -> None:
    """Render VIEWS (ids of viewpoints), --all of them, or --focus ID.

    \b
    Examples:
      ea render --all --format svg --format png
      ea render application-overview --lang en --plateau target-2030
      ea render --focus db-national-insurance --depth 2
      ea render egov-overview --page A3 --landscape --format pdf
      ea render egov-overview --save-layout
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
        written = render_views(model, chosen, formats, lang, out, plateau, progress=lambda: progress.advance(task),
                               page=page, landscape=landscape, notation=notation, save_layout=save_layout)
    for item in written:
        pages = f", {item.pages} pages" if item.pages > 1 else ""
        paper = f", {item.paper}: smallest text {item.text_pt:g} pt" if item.paper else ""
        click.echo(f"{item.path}  ({item.elements} elements, {item.relationships} relationships{pages}{paper}; "
                   f"graphviz {item.layout_seconds:.2f} s for the final layout, {item.total_seconds:.2f} s in all)")
        for warning in item.warnings:
            click.echo(f"  {warning}", err=True)
    click.echo(f"rendered {len(chosen)} view(s) into {out}", err=True)
