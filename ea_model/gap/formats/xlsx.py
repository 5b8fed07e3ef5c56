"""The report as an Excel workbook (openpyxl): summary, gap matrix, work packages, reference-model coverage.

Byte-identical for the same report: zip entries get a fixed time and the document properties the report
date, not the time of the run.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..result import Report
from ._common import Ref, ReportView, view

FILLS = {"new": "C8E6C9", "changed": "FFE0B2", "eliminated": "FFCDD2", "unintended": "EF9A9A", "included": "FFFFFF"}


def _ref(r: Ref | None) -> str:
    if not r:
        return ""
    return r.name if r.name == r.id else f"{r.name} [{r.id}]"


def _refs(refs: list[Ref]) -> str:
    return "; ".join(_ref(r) for r in refs)


def _sheet(wb, title: str, head: list, rows: list[list], widths: list[int]):
    from openpyxl.styles import Font

    ws = wb.create_sheet()
    ws.title = re.sub(r"[\[\]:*?/\\]", " ", title)[:31]
    _append(ws, head)
    for c in ws[1]:
        c.font = Font(bold=True)
    for row in rows:
        _append(ws, row)
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = ws.dimensions
    return ws


def _summary_sheet(wb, v: ReportView) -> None:
    from openpyxl.styles import Font

    ws = wb.active
    ws.title = v.w("summary")[:31]
    _append(ws, [v.title])
    ws["A1"].font = Font(bold=True, size=14)
    _append(ws, [])
    for label, value in [*v.approval, *v.provenance]:
        _append(ws, [label, value])
    _append(ws, [])
    _append(ws, v.summary.head)
    for c in ws[ws.max_row]:
        c.font = Font(bold=True)
    for row in [*v.summary.rows, v.summary.total]:
        _append(ws, row)
    _append(ws, [])
    _append(ws, [v.wp_summary])
    if v.inferred_note:
        _append(ws, [v.inferred_note])
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 70
    for col in "CDEFG":
        ws.column_dimensions[col].width = 14


def _matrix_sheet(wb, v: ReportView) -> None:
    from openpyxl.styles import Alignment, PatternFill

    w = v.w
    rows, fills = [], []
    for layer in v.matrix:
        for r in layer.rows:
            rows.append([layer.layer, r.status, _refs(r.baseline), _ref(r.target), r.match,
                         "\n".join(f"{c.field}: {c.old} → {c.new}" for c in r.changes),
                         _refs(r.work_packages), _refs(r.decisions), r.source])
            fills.append(r.status_key)
    gaps = _sheet(wb, w("matrix"), [w("layer"), w("status"), w("baseline"), w("target"), "match",
                                    w("differences"), w("work_packages"), w("decided_by"), w("source")],
                  rows, [14, 22, 40, 40, 18, 60, 40, 20, 30])
    wrap = Alignment(wrap_text=True, vertical="top")
    for i, key in enumerate(fills, start=2):
        gaps.cell(row=i, column=2).fill = PatternFill("solid", fgColor=FILLS[key])
        for cell in gaps[i]:
            cell.alignment = wrap


def render(report: Report, lang: str, pictures: dict) -> bytes:
    from openpyxl import Workbook

    v = view(report, lang)
    w = v.w
    wb = Workbook()
    _summary_sheet(wb, v)
    _matrix_sheet(wb, v)
    wp_rows = [[p.id, p.name, _ref(p.owner), _refs(p.cooperating), p.deadline, p.status,
                "x" if p.overdue else "", p.plateau, _refs(p.closes), p.source]
               for p in v.work_packages]
    _sheet(wb, w("wp_table"), ["id", w("wp"), w("lead_unit"), w("cooperating"), w("deadline"), w("wp_status"),
                               w("overdue"), w("plateau"), w("closes"), w("source")],
           wp_rows, [22, 50, 30, 30, 24, 14, 10, 16, 50, 30])
    rm_rows = [[r.kind, r.code, r.name, *r.counts] for r in v.rm.rows]
    _sheet(wb, w("rm_coverage"), ["RM", *v.rm.head], rm_rows, [8, 16, 50, 14, 14, 14, 14])
    _text_only(wb)
    return _deterministic(wb, report.date or "2000-01-01")


def _append(ws, row: list) -> None:
    """A row whose texts hold no character XML cannot (openpyxl refuses them): those become U+FFFD."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    ws.append([ILLEGAL_CHARACTERS_RE.sub("\ufffd", v) if isinstance(v, str) else v for v in row])


def _text_only(wb) -> None:
    """Every text cell a string: openpyxl makes a formula of text starting with `=` (a name such as
    `=HYPERLINK(...)` would run when the workbook is opened)."""
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"


def _deterministic(wb, date: str) -> bytes:
    raw = io.BytesIO()
    wb.save(raw)
    stamp = f"{date}T00:00:00Z"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                for tag in ("created", "modified"):
                    text = re.sub(rf"(<dcterms:{tag}[^>]*>)[^<]*(</dcterms:{tag}>)", rf"\g<1>{stamp}\g<2>", text)
                data = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data)
    return out.getvalue()
