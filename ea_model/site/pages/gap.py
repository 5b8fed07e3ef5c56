"""LANG/gap.html and LANG/gap/ID.html (with ID.report.html, the printable report): the gap reports."""

from __future__ import annotations

from .. import urls
from ..context import Site
from ..html import inline_svg
from ..inputs import Inputs, SiteReport


def report_title(site: Site, r: SiteReport, lang: str) -> str:
    if r.definition is not None:
        return site.t(r.title, lang) or r.id
    return f"{site.plateau_label(r.from_plateau, lang)} → {site.plateau_label(r.to_plateau, lang)}"


def report_summary(site: Site, r: SiteReport, lang: str) -> dict:
    report = r.analysis.result()
    return {"id": r.id, "url": urls.gap_path(r.id), "title": report_title(site, r, lang),
            "from": site.plateau_label(r.from_plateau, lang), "to": site.plateau_label(r.to_plateau, lang),
            "status": site.language(lang).word(report.approval.status) if r.definition else "",
            "adhoc": r.definition is None, "total": report.summary.total, "file": r.file,
            "work_packages": report.summary.work_packages.count}


def write(site: Site, lang: str, inputs: Inputs) -> None:
    from ...gap.formats._common import view as report_view
    from ...gap.roadmap import roadmap_svg

    reports = inputs.reports
    summaries = [report_summary(site, r, lang) for r in reversed(reports.reports)]
    skipped = [{**s, "reason": site.language(lang).word(s["reason"], id=s["id"])} for s in reports.skipped]
    site.render("gap_index.html.j2", lang, "gap.html", reports=summaries, skipped=skipped,
                enough_plateaus=len(site.plateaus) >= 2)
    for r in reports.reports:
        report = r.analysis.result()
        printable = f"{urls.slug(r.id)}.report.html"
        site.write(f"{lang}/gap/{printable}", r.analysis.render("html", lang))
        roadmap = roadmap_svg(report, lang)
        site.render("gap.html.j2", lang, urls.gap_path(r.id), r=report_summary(site, r, lang),
                    v=report_view(report, lang), printable=printable,
                    roadmap=inline_svg(roadmap) if roadmap else None, link=site.link)
