"""LANG/roadmap.html: the work packages from the first plateau to the last, on a time axis and as a table."""

from __future__ import annotations

from ..context import Site
from ..inputs import Inputs
from .gap import GapLinks, views


def write(site: Site, lang: str, inputs: Inputs) -> None:
    span = inputs.reports.roadmap
    ctx: dict = {"roadmap": None, "packages": [], "span": None}
    if span is not None:
        view, roadmap = views(inputs, span, lang)
        ctx = {"roadmap": roadmap, "packages": view.work_packages,
               "span": (site.plateau_label(span.from_plateau, lang), site.plateau_label(span.to_plateau, lang))}
    site.render("roadmap.html.j2", lang, "roadmap.html", gl=GapLinks(site, ""), **ctx)
