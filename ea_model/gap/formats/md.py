"""The report as Markdown: diffs well in git, reads on any forge.

Every text taken from the model or a report definition goes through `text` (the view's escape) before our
own markup (code spans, bold) is put around it: a name such as `[x](javascript:...)` or
`![](http://tracker/)` must print as it is, not become a link or an image the reader's forge fetches; HTML
in names prints as text too.
"""

from __future__ import annotations

import re

from ..result import Report
from ._common import GapRow, PackageRow, Ref, ReportView, view

_SPECIAL = re.compile(r"([\\`\[\]])")


def text(value) -> str:
    """Plain text for Markdown: backslashes, backticks and brackets escaped (no link, image or code span can
    start in it), `<` and `>` as entities (no HTML, no autolink)."""
    return _SPECIAL.sub(r"\\\1", str(value)).replace("<", "&lt;").replace(">", "&gt;")


def code(value: str) -> str:
    """An id as a code span; an id with a backtick (unknown ids are printed as found) as escaped text."""
    return f"`{value}`" if "`" not in value and value else text(value)


def cell(value) -> str:
    out = str(value).replace("\r", " ").replace("\n", " ").replace("|", "\\|")
    return out.replace("<", "&lt;").replace(">", "&gt;").strip() or " "


def _table(head: list, rows: list[list]) -> list[str]:
    out = ["| " + " | ".join(cell(h) for h in head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return out


def _ref(r: Ref | None) -> str:
    if not r:
        return "—"
    return r.name if r.name == text(r.id) else f"{r.name} {code(r.id)}"


def _refs(refs: list[Ref]) -> str:
    return "; ".join(_ref(r) for r in refs) or "—"


def _gap_rows(rows: list[GapRow], w) -> list[list]:
    out = []
    for r in rows:
        changes = "; ".join(f"{c.field}: {c.old} → {c.new}" for c in r.changes)
        if r.match:
            changes = f"({r.match}) {changes}"
        wps = _refs(r.work_packages) if r.work_packages else "—"
        if r.decisions:
            wps += f" ({w('decided_by')} {_refs(r.decisions)})"
        out.append([_refs(r.baseline), _ref(r.target), r.status, changes or "—", wps])
    return out


def _wp_rows(wps: list[PackageRow], w) -> list[list]:
    return [[f"{p.name} {code(p.id)}", _ref(p.owner), p.deadline,
             p.status + (f" — **{w('overdue')}**" if p.overdue else ""), p.plateau,
             _refs(p.closes) if p.closes else "—", p.source or "—"] for p in wps]


def _gaps(v: ReportView) -> list[str]:
    w = v.w
    out = [f"## {w('gaps_without_wp')}", ""]
    if v.without_wp:
        rows = [[r.layer, r.status, _ref(r.element), r.source or "—"] for r in v.without_wp]
        out += [*_table([w("layer"), w("status"), w("target") + " / " + w("baseline"), w("source")], rows), ""]
    else:
        out += [w("gaps_without_wp_none"), ""]
    out += [f"## {w('unintended_title')}", "", w("unintended_help"), ""]
    if v.unintended:
        rows = [[r.layer, _ref(r.element), r.source or "—"] for r in v.unintended]
        out += [*_table([w("layer"), w("baseline"), w("source")], rows), ""]
    else:
        out += [w("unintended_none"), ""]
    return out


def _packages(v: ReportView) -> list[str]:
    w = v.w
    wp_head = [w("wp"), w("lead_unit"), w("deadline"), w("wp_status"), w("plateau"), w("closes"), w("source")]
    out = [f"## {w('overdue_title')}", ""]
    out += [*_table(wp_head, _wp_rows(v.overdue, w)), ""] if v.overdue else [w("none"), ""]
    gap_head = [w("baseline"), w("target"), w("status"), w("differences"), w("work_packages")]
    out += [f"## {w('matrix')}", ""]
    for layer in v.matrix:
        out += [f"### {cell(layer.layer)}", "", *_table(gap_head, _gap_rows(layer.rows, w)), ""]
    out += [f"## {w('wp_table')}", ""]
    out += [*_table(wp_head, _wp_rows(v.work_packages, w)), ""] if v.work_packages else [w("none"), ""]
    for key in ("realize_nothing", "close_nothing"):
        out += [f"### {w(key + '_title')}", ""]
        out += [f"- {p.name} {code(p.id)}" for p in getattr(v, key)] or [w("none")]
        out.append("")
    return out


def render(report: Report, lang: str, pictures: dict) -> bytes:
    v = view(report, lang, text)
    w = v.w
    out = [f"# {cell(v.title)}", ""]
    if v.description:
        out += [v.description, ""]
    out += [f"## {w('approval')}", "", *_table(["", ""], v.approval), ""]
    if v.notes:
        out += [v.notes, ""]
    out += [f"## {w('provenance')}", "", *_table(["", ""], v.provenance), ""]
    out += [f"## {w('summary')}", "", *_table(v.summary.head, [*v.summary.rows, v.summary.total]),
            "", v.wp_summary, ""]
    out += _gaps(v)
    out += _packages(v)
    out += [f"## {w('rm_coverage')}", "", w("rm_help"), ""]
    rows = [["\u2003" * (r.level - 1) + r.code, r.name, *r.counts] for r in v.rm.rows]
    out += [*_table(v.rm.head, rows), ""] if rows else [w("none"), ""]
    out += [f"### {w('empty_in_target')}", ""]
    out += [f"- {r.code} {r.name}" for r in v.rm.empty] or [w("none")]
    if v.inferred_note:
        out += ["", v.inferred_note]
    out += ["", "---", "", f"*{w('generated')}*", ""]
    return "\n".join(out).encode("utf-8")
