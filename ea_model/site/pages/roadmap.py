"""LANG/roadmap.html: the work packages from the first plateau to the last, on a time axis and as a table."""

from __future__ import annotations

from ..context import Site
from ..html import inline_svg
from ..inputs import Inputs


def write(site: Site, lang: str, inputs: Inputs) -> None:
    from ...gap.formats._common import view as report_view
    from ...gap.roadmap import roadmap_svg

    span = inputs.reports.roadmap
    ctx: dict = {"roadmap": None, "packages": [], "span": None}
    if span is not None:
        report = span.analysis.result()
        svg = roadmap_svg(report, lang)
        ctx = {"roadmap": inline_svg(svg) if svg else None, "packages": report_view(report, lang).work_packages,
               "span": (site.plateau_label(span.from_plateau, lang), site.plateau_label(span.to_plateau, lang))}
    site.render("roadmap.html.j2", lang, "roadmap.html", link=site.link, **ctx)
