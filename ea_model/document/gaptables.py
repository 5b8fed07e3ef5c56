"""Chapter VIII and IX tables from the gap analysis: the summary per layer, the gap matrix with the gaps that
no work package closes first, the gap view, and the work packages (the roadmap)."""

from __future__ import annotations

from ..gap.formats._common import INFERRED_MARK
from ..i18n import Language
from .tables import Selector, sources_text


def gap_summary(analysis, lang: Language) -> tuple[str, list[str], list[list[str]]]:
    report = analysis.result()
    keys = ("included", "changed", "new", "eliminated", "unintended", "without_work_package")
    header = [lang.word("doc.col.layer"), *(lang.word(k) for k in keys)]
    rows = [[lang.word(f"layer.{layer}"), *(str(getattr(c, k)) for k in keys)]
            for layer, c in report.summary.layers.items()]
    rows.append([lang.word("doc.total"), *(str(getattr(report.summary.total, k)) for k in keys)])
    return lang.word("doc.gap_summary"), header, rows


def _change_text(gap, sel: Selector, lang: Language, plateau: str) -> str:
    parts = []
    for c in gap.changes[:4]:
        parts.append(lang.word(f"field.{c.field}") if lang.word(f"field.{c.field}") != f"field.{c.field}"
                     else c.field)
    more = len(gap.changes) - 4
    return ", ".join(parts) + (f" (+{more})" if more > 0 else "")


def gap_table(analysis, sel: Selector, lang: Language, only_without: bool) -> tuple[str, list[str], list[list[str]]]:
    """The gaps (not the included elements): those without a work package first, as an approver reads them."""
    m = analysis.matrix
    target, baseline = m.after.plateau, m.before.plateau
    gaps = [g for g in m.gaps if g.is_gap and (not only_without or not g.work_packages)]
    gaps.sort(key=lambda g: (bool(g.work_packages), m.gaps.index(g)))
    header = [lang.word("doc.col.no"), lang.word("doc.col.layer"), lang.word("doc.col.status"),
              lang.word("doc.col.name"), lang.word("doc.col.changes"), lang.word("doc.col.work_packages")]
    rows = []
    for n, g in enumerate(gaps, 1):
        name = sel.marked(g.target, target) if g.target else "; ".join(sel.marked(b, baseline) for b in g.baseline)
        status = lang.word("unintended") if g.unintended else lang.word(g.status)
        wps = "; ".join(sel.name(w, target) for w in g.work_packages) or lang.word("without_work_package")
        rows.append([str(n), lang.word(f"layer.{g.layer}"), status, name, _change_text(g, sel, lang, target), wps])
    key = "doc.gap_without" if only_without else "doc.gap_matrix"
    return lang.word(key), header, rows


def gap_view_png(analysis, lang: str, fmt: str) -> tuple[bytes | None, str]:
    """The gap view (new, changed, eliminated elements in colour), as the HTML report draws it: SVG for the
    HTML document; PNG where the gap view gives graphviz source (no SVG rasteriser is assumed)."""
    import graphviz

    from ..errors import EaError
    from ..gap.view import gap_view
    from ..render.output import RenderError, check_dot

    view = gap_view(analysis.matrix, lang)
    svg, dot = getattr(view, "svg", None), getattr(view, "dot", None)
    if svg is None and dot is None:
        return None, view.note or ""
    if fmt == "svg" and svg is not None:
        return (svg if isinstance(svg, bytes) else svg.encode("utf-8")), ""
    if dot is None:
        from ..render import output

        convert = getattr(output, "convert", None)  # the renderer's SVG -> PNG (cairosvg), when it has one
        if convert is None:
            return None, ""
        return convert(svg.decode("utf-8") if isinstance(svg, bytes) else svg, fmt), ""
    try:
        check_dot()
        return graphviz.Source(dot, engine="dot").pipe(format=fmt), ""
    except (RenderError, graphviz.ExecutableNotFound, graphviz.CalledProcessError) as exc:
        raise EaError(f"cannot draw the gap view: {exc}") from None


def package_rows(packages, sel: Selector, lang: Language, with_sources: bool) -> tuple[list[str], list[list[str]]]:
    header = [lang.word("doc.col.no"), lang.word("doc.col.task"), lang.word("doc.col.lead"),
              lang.word("doc.col.cooperating"), lang.word("doc.col.deadline"), lang.word("doc.col.deliverable"),
              lang.word("doc.col.wp_status")]
    if with_sources:
        header.append(lang.word("doc.col.source"))
    rows = []
    target = sel.model.plateau_order()[-1]
    ordered = sorted(packages, key=lambda wp: (wp.deadline or "9999", wp.id))
    for n, wp in enumerate(ordered, 1):
        el = sel.model.elements.get(wp.id)
        lead = sel.name(wp.owner, target) if wp.owner else str(el.properties.get("lead_text") or "") if el else ""
        coop = "; ".join(sel.name(c, target) for c in wp.cooperating) or \
            (str(el.properties.get("cooperating_text") or "") if el else "")
        deliverable = lang.text(wp.deliverable) if isinstance(wp.deliverable, dict) else str(wp.deliverable or "")
        name = lang.text(wp.name) + (f" {INFERRED_MARK}" if el is not None and el.inferred else "")
        row = [str(n), name, lead, coop, wp.deadline_text or wp.deadline or "", deliverable,
               lang.word(wp.status)]
        if with_sources:
            row.append(sources_text(sel.model, wp.sources, lang))
        rows.append(row)
    return header, rows
