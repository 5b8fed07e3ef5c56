"""The roadmap: work packages on a time axis, grouped by plateau and lead unit, each at its deadline with the
number of gaps it closes; plateau dates and the report date as vertical lines. This module lays the picture
out (no layout engine needed for a timeline); `templates/roadmap.svg.j2` draws it as inline SVG.
Deterministic, in the report's language."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from markupsafe import Markup

from ..i18n import Language
from .result import Plateau, Report
from .workpackages import WorkPackage

WIDTH, LABEL_W, RIGHT, TOP, ROW, HEAD = 1000, 380, 30, 56, 18, 20
FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"
STATUS = {
    "done": ("#2E7D32", "#A5D6A7"),
    "in-progress": ("#1565C0", "#90CAF9"),
    "planned": ("#616161", "#E0E0E0"),
    "unknown": ("#616161", "#FFFFFF"),
}
OVERDUE = "#C62828"
MAX_ROWS = 400  # work packages drawn; the rest are in the table
TEMPLATES = Path(__file__).resolve().parent / "templates"


def _day(text: str | None) -> int | None:
    try:
        return dt.date.fromisoformat(str(text)[:10]).toordinal() if text else None
    except ValueError:
        return None


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


@dataclass
class Axis:
    """Days (ordinals) from the first of January before the earliest date to the one after the latest."""

    lo: int
    hi: int
    x0: float = LABEL_W + 10
    x1: float = WIDTH - RIGHT

    def x(self, day: int) -> float:
        return round(self.x0 + (self.x1 - self.x0) * (day - self.lo) / max(1, self.hi - self.lo), 1)


@dataclass
class Row:
    kind: str  # plateau, unit, wp, more
    y: int
    text: str = ""
    wp: dict = field(default_factory=dict)  # kind wp: what the template draws


@dataclass
class Picture:
    title: str
    height: int
    bottom: int
    years: list[tuple[float, int]]
    plateaus: list[dict]
    report_date: dict | None
    rows: list[Row]
    legend: list[dict]
    overdue_legend: dict
    width: int = WIDTH
    top: int = TOP
    label_w: int = LABEL_W
    font: str = FONT
    overdue: str = OVERDUE


def _plateaus(report: Report) -> list[Plateau]:
    plateaus: list[Plateau] = []
    for p in report.plateaus:
        if p.id not in [q.id for q in plateaus]:
            plateaus.append(p)
    return plateaus


def _axis(report: Report, plateaus: list[Plateau]) -> Axis:
    days = [d for d in [*(_day(p.date) for p in plateaus), *(_day(w.deadline) for w in report.work_packages),
                        _day(report.date)] if d is not None]
    lo, hi = min(days), max(days)
    return Axis(dt.date.fromordinal(lo).replace(month=1, day=1).toordinal(),
                dt.date(dt.date.fromordinal(hi).year + 1, 1, 1).toordinal())


def _grouped(report: Report, plateaus: list[Plateau], lang: Language) -> list[tuple[str, object]]:
    """(kind, item) rows: a plateau's name, then per lead unit its name and its work packages by deadline."""
    order = {p.id: i for i, p in enumerate(plateaus)}

    def owner(wp: WorkPackage) -> str:
        entry = report.elements.get(wp.owner or "")
        return (lang.text(entry.name) if entry else "") or (wp.owner or "—")

    groups: dict[tuple, list[WorkPackage]] = {}
    for wp in report.work_packages:
        groups.setdefault((order.get(wp.plateau, len(order)), wp.plateau, owner(wp)), []).append(wp)
    rows: list[tuple[str, object]] = []
    last_plateau, drawn = None, 0
    for (_, plateau, unit), wps in sorted(groups.items()):
        if drawn >= MAX_ROWS:
            break
        if plateau != last_plateau:
            p = next((q for q in plateaus if q.id == plateau), None)
            rows.append(("plateau", lang.text(p.name) if p else plateau))
            last_plateau = plateau
        rows.append(("unit", unit))
        for wp in sorted(wps, key=lambda w: (w.deadline or "9999", w.id))[:MAX_ROWS - drawn]:
            rows.append(("wp", wp))
            drawn += 1
    if drawn < len(report.work_packages):
        rows.append(("more", len(report.work_packages) - drawn))
    return rows


def _years(axis: Axis) -> list[tuple[float, int]]:
    year = dt.date.fromordinal(axis.lo).year
    step = 1 if axis.hi - axis.lo < 366 * 12 else 2
    out = []
    while dt.date(year, 1, 1).toordinal() <= axis.hi:
        out.append((axis.x(dt.date(year, 1, 1).toordinal()), year))
        year += step
    return out


def _plateau_marks(plateaus: list[Plateau], axis: Axis, lang: Language) -> list[dict]:
    marks = []
    for i, p in enumerate(plateaus):
        d = _day(p.date)
        if d is None:
            continue
        x = axis.x(d)
        anchor = "end" if x > WIDTH - 150 else "start"
        marks.append({"x": x, "y1": 14 + 12 * (i % 2), "label_x": x + (-3 if anchor == "end" else 3),
                      "label_y": 12 + 12 * (i % 2), "anchor": anchor, "label": f"{lang.text(p.name)} ({p.date})"})
    return marks


def _wp(wp: WorkPackage, y: int, axis: Axis, plateaus: list[Plateau], lang: Language) -> dict:
    """One work package's row: its label, its diamond at the deadline (a dashed circle at its plateau's date
    without one) and the number of gaps it closes."""
    n = len(wp.closes)
    stroke, fill = STATUS.get(wp.status, STATUS["unknown"])
    gaps = lang.word("gaps_1" if n == 1 else "gaps_n", n=n)
    out = {"title": f"{wp.id}: {lang.text(wp.name)} — {wp.deadline_text or wp.deadline or lang.word('no_deadline')}",
           "label": _clip(lang.text(wp.name) or wp.id, 52), "stroke": stroke, "fill": fill, "cy": y - 4}
    d = _day(wp.deadline)
    if d is None:
        p = next((q for q in plateaus if q.id == wp.plateau), None)
        x = axis.x(_day(p.date) if p else axis.hi)
        out |= {"circle": True, "note": f"{lang.word('no_deadline')} · {gaps}"}
    else:
        x = axis.x(d)
        out |= {"circle": False, "note": gaps + (f" · {lang.word('overdue')}" if wp.overdue else ""),
                "diamond": f"M{x} {y - 10} L{x + 6} {y - 4} L{x} {y + 2} L{x - 6} {y - 4} Z",
                "line": OVERDUE if wp.overdue else stroke, "width": 2.5 if wp.overdue else 1.2}
    anchor, dx = ("end", -9) if x > WIDTH - 140 else ("start", 9)
    return out | {"x": x, "note_x": x + dx, "anchor": anchor, "colour": OVERDUE if wp.overdue else "#424242"}


def _legend(height: int, lang: Language) -> tuple[list[dict], dict]:
    lx, ly = 10, height - 12
    entries = []
    for key in ("planned", "in-progress", "done", "unknown"):
        stroke, fill = STATUS[key]
        entries.append({"path": _diamond(lx, ly), "fill": fill, "stroke": stroke, "x": lx + 16, "y": ly,
                        "label": lang.word(key)})
        lx += 28 + 7 * len(lang.word(key))
    return entries, {"path": _diamond(lx, ly), "x": lx + 16, "y": ly, "label": lang.word("overdue")}


def _diamond(lx: int, ly: int) -> str:
    return f"M{lx + 6} {ly - 10} L{lx + 12} {ly - 4} L{lx + 6} {ly + 2} L{lx} {ly - 4} Z"


def layout(report: Report, lang_code: str) -> Picture | None:
    """Where everything goes; None without work packages."""
    if not report.work_packages:
        return None
    lang = Language.of(lang_code, report.languages)
    plateaus = _plateaus(report)
    axis = _axis(report, plateaus)
    grouped = _grouped(report, plateaus, lang)
    height = TOP + HEAD + ROW * len(grouped) + 40
    bottom = height - 36
    rows = []
    for i, (kind, item) in enumerate(grouped):
        y = TOP + HEAD + ROW * i
        if kind == "wp":
            rows.append(Row(kind, y, wp=_wp(item, y, axis, plateaus, lang)))
        elif kind == "more":
            rows.append(Row(kind, y, lang.word("more_wps", n=item)))
        else:
            rows.append(Row(kind, y, _clip(str(item), 60 if kind == "plateau" else 58)))
    rd = _day(report.date)
    report_date = None if rd is None else {"x": axis.x(rd), "label": f"{lang.word('report_date_line')} {report.date}"}
    legend, overdue = _legend(height, lang)
    return Picture(lang.word("roadmap"), height, bottom, _years(axis), _plateau_marks(plateaus, axis, lang),
                   report_date, rows, legend, overdue)


def _escape(value):
    """Every value the template prints, escaped as the HTML standard library escapes (quotes included)."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(html.escape(value))
    return value


@cache
def _template():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True, finalize=_escape,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    return env.get_template("roadmap.svg.j2")


def roadmap_svg(report: Report, lang: str) -> str | None:
    picture = layout(report, lang)
    return None if picture is None else _template().render(r=picture)
