"""The gap matrix as CSV: one row per baseline/target pair, for spreadsheets and scripts (cells a spreadsheet
would run as formulas are neutralised: csvsafe.py)."""

from __future__ import annotations

import io

from ... import csvsafe
from ..result import Report
from ._common import Text

HEAD = ("layer", "status", "unintended", "baseline_ids", "baseline_names", "target_id", "target_name", "kind",
        "match", "differences", "work_packages", "decisions", "source")


def rows(report: Report, lang: str) -> list[list]:
    x = Text(report, lang)
    out = []
    for g in report.gaps:
        entry = report.elements.get(g.key)
        out.append([
            g.layer, g.status, "yes" if g.unintended else "",
            " ".join(g.baseline), "; ".join(x.name(i, "name_before") for i in g.baseline),
            g.target or "", x.name(g.target, "name_after") if g.target else "",
            (entry.kind or entry.type or "") if entry else "", g.match or "",
            "; ".join(x.change_line(c) for c in g.changes), " ".join(g.work_packages),
            " ".join(g.decisions), x.sources(g.key),
        ])
    return out


def render(report: Report, lang: str, pictures: dict) -> bytes:
    buf = io.StringIO()
    writer = csvsafe.writer(buf, lineterminator="\n")
    writer.writerow(HEAD)
    writer.writerows(rows(report, lang))
    return buf.getvalue().encode("utf-8")
