"""LANG/gap.html and LANG/gap/ID.html (with ID.report.html, the printable report): the gap reports."""

from __future__ import annotations

from markupsafe import Markup, escape

from .. import urls
from ..context import Site
from ..html import inline_svg
from ..inputs import Inputs, SiteReport


class GapLinks:
    """Element links of the gap and roadmap pages, made here rather than by a template macro (a report's
    matrix names every element of the model, a macro call each), and each once per page."""

    def __init__(self, site: Site, to_lang: str) -> None:
        self.site, self.to_lang = site, to_lang
        self._made: dict[tuple, Markup] = {}

    def pair(self, eid, name) -> Markup:
        key = (eid, name)
        found = self._made.get(key)
        if found is None:
            url = self.site.link(eid) if isinstance(eid, str) else None
            html = f'<a class="ref" href="{escape(self.to_lang)}{escape(url)}">{escape(name)}</a>' if url \
                else str(escape(name))
            if name != eid:
                html += f' <code class="id">{escape(eid)}</code>'
            found = self._made[key] = Markup(html)
        return found

    def ref(self, r) -> Markup:
        """A `Ref` of the report (or a mapping with `id` and `name`)."""
        return self.pair(r["id"], r["name"]) if isinstance(r, dict) else self.pair(r.id, r.name)

    def refs(self, rs: list) -> Markup:
        return Markup("; ").join(self.ref(r) for r in rs) if rs else Markup("—")


def views(inputs: Inputs, r: SiteReport, lang: str):
    """The report's view (`gap.formats._common.view`) and roadmap (SVG or None) in `lang`, made once for the
    gap page and the roadmap page."""
    from ...gap.formats._common import view as report_view
    from ...gap.roadmap import roadmap_svg

    def make() -> tuple:
        report = r.analysis.result()
        svg = roadmap_svg(report, lang)
        return report_view(report, lang), inline_svg(svg) if svg else None

    return inputs.once(("gap view", id(r.analysis), lang), make)


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
    reports = inputs.reports
    summaries = [report_summary(site, r, lang) for r in reversed(reports.reports)]
    skipped = [{**s, "reason": site.language(lang).word(s["reason"], id=s["id"])} for s in reports.skipped]
    site.render("gap_index.html.j2", lang, "gap.html", reports=summaries, skipped=skipped,
                enough_plateaus=len(site.plateaus) >= 2)
    for r in reports.reports:
        printable = f"{urls.slug(r.id)}.report.html"
        site.write(f"{lang}/gap/{printable}", r.analysis.render("html", lang))
        view, roadmap = views(inputs, r, lang)
        site.render("gap.html.j2", lang, urls.gap_path(r.id), r=report_summary(site, r, lang), v=view,
                    printable=printable, roadmap=roadmap, gl=GapLinks(site, "../"))
