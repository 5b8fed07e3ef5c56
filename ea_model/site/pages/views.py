"""LANG/views.html and LANG/views/ID.html (with ID.svg): each view's diagram, its nodes linked to the
element pages, and the elements it shows."""

from __future__ import annotations

from .. import urls
from ..context import OTHER, Site
from ..html import inline_svg
from ..inputs import Inputs


def write(site: Site, lang: str, inputs: Inputs) -> None:
    drawings = inputs.drawings
    views = [site.m.viewpoints[v] for v in sorted(site.m.viewpoints)]
    rows = []
    for view in views:
        sel = drawings.selections.get(view.id)
        rows.append({"id": view.id, "url": urls.view_path(view.id), "title": site.t(view.title, lang) or view.id,
                     "description": site.t(view.description, lang), "elements": len(sel.elements) if sel else 0,
                     "relationships": len(sel.relationships) if sel else 0,
                     "plateau": site.plateau_label(sel.plateau if sel else view.plateau, lang)})
    site.render("views.html.j2", lang, "views.html", views=rows)
    for view, row in zip(views, rows, strict=True):
        sel = drawings.selections.get(view.id)
        svg = drawings.svgs.get((view.id, lang))
        svg_name = None
        if svg is not None:
            svg_name = f"{urls.slug(view.id)}.svg"
            site.write(f"{lang}/views/{svg_name}", svg)
        members = []
        for el in sel.elements if sel else []:
            r = site.ref(el.id, lang)
            r["layer_label"] = site.layer_label(el.layer or OTHER, lang)
            members.append(r)
        site.render("view.html.j2", lang, row["url"], view=row, svg=inline_svg(svg) if svg else None,
                    svg_name=svg_name, members=members, sources=site.source_rows(view.sources, lang, "../"),
                    file=view.file, line=view.line)
