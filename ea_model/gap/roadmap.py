"""The roadmap: work packages on a time axis, grouped by plateau and lead unit, each at its deadline with the
number of gaps it closes; plateau dates and the report date as vertical lines. Inline SVG written directly
(no layout engine needed for a timeline), deterministic, in the report's language."""

from __future__ import annotations

import datetime as dt
from html import escape

from ..i18n import word
from ..model import text_in

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


def _day(text: str | None) -> int | None:
    try:
        return dt.date.fromisoformat(str(text)[:10]).toordinal() if text else None
    except ValueError:
        return None


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def roadmap_svg(report: dict, lang: str) -> str | None:
    wps = report["work_packages"]
    if not wps:
        return None
    elements = report["elements"]

    def name(eid: str | None) -> str:
        return text_in((elements.get(eid or "") or {}).get("name"), lang) or (eid or "—")

    plateaus = []
    for p in report["plateaus"]:
        if p["id"] not in [q["id"] for q in plateaus]:
            plateaus.append(p)
    order = {p["id"]: i for i, p in enumerate(plateaus)}
    days = [d for d in [*(_day(p["date"]) for p in plateaus), *(_day(w["deadline"]) for w in wps),
                        _day(report["date"])] if d is not None]
    lo, hi = min(days), max(days)
    lo, hi = dt.date.fromordinal(lo).replace(month=1, day=1).toordinal(), \
        dt.date(dt.date.fromordinal(hi).year + 1, 1, 1).toordinal()
    x0, x1 = LABEL_W + 10, WIDTH - RIGHT

    def x(day: int) -> float:
        return round(x0 + (x1 - x0) * (day - lo) / max(1, hi - lo), 1)

    groups: dict[tuple, list[dict]] = {}
    for w in wps:
        groups.setdefault((order.get(w["plateau"], len(order)), w["plateau"], name(w["owner"])), []).append(w)
    rows: list[tuple[str, object]] = []
    last_plateau = None
    drawn = 0
    for key in sorted(groups):
        if drawn >= MAX_ROWS:
            break
        _, plateau, unit = key
        if plateau != last_plateau:
            p = next((q for q in plateaus if q["id"] == plateau), None)
            rows.append(("plateau", text_in(p["name"], lang) if p else plateau))
            last_plateau = plateau
        rows.append(("unit", unit))
        for w in sorted(groups[key], key=lambda w: (w["deadline"] or "9999", w["id"])):
            if drawn >= MAX_ROWS:
                break
            rows.append(("wp", w))
            drawn += 1
    if drawn < len(wps):
        rows.append(("more", len(wps) - drawn))
    height = TOP + HEAD + ROW * len(rows) + 40
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
           f'height="{height}" font-family="{FONT}" font-size="11" role="img">',
           f'<title>{escape(word("roadmap", lang))}</title>',
           f'<rect x="0" y="0" width="{WIDTH}" height="{height}" fill="#FFFFFF"/>']
    # years
    year = dt.date.fromordinal(lo).year
    step = 1 if hi - lo < 366 * 12 else 2
    bottom = height - 36
    while dt.date(year, 1, 1).toordinal() <= hi:
        xx = x(dt.date(year, 1, 1).toordinal())
        out.append(f'<line x1="{xx}" y1="{TOP - 6}" x2="{xx}" y2="{bottom}" stroke="#EEEEEE"/>')
        out.append(f'<text x="{xx + 2}" y="{TOP - 10}" fill="#757575" font-size="10">{year}</text>')
        year += step
    # plateaus
    for i, p in enumerate(plateaus):
        d = _day(p["date"])
        if d is None:
            continue
        xx = x(d)
        out.append(f'<line x1="{xx}" y1="{14 + 12 * (i % 2)}" x2="{xx}" y2="{bottom}" stroke="#5C6BC0" '
                   f'stroke-dasharray="4 3"/>')
        anchor = "end" if xx > WIDTH - 150 else "start"
        dx = -3 if anchor == "end" else 3
        out.append(f'<text x="{xx + dx}" y="{12 + 12 * (i % 2)}" fill="#303F9F" font-weight="bold" '
                   f'text-anchor="{anchor}">{escape(text_in(p["name"], lang))} ({escape(p["date"])})</text>')
    # report date
    rd = _day(report["date"])
    if rd is not None:
        xx = x(rd)
        out.append(f'<line x1="{xx}" y1="{TOP - 4}" x2="{xx}" y2="{bottom}" stroke="{OVERDUE}" stroke-width="1.5"/>')
        out.append(f'<text x="{xx + 3}" y="{bottom + 12}" fill="{OVERDUE}" font-size="10">'
                   f'{escape(word("report_date_line", lang))} {escape(report["date"])}</text>')
    # rows
    y = TOP + HEAD
    for kind, item in rows:
        if kind == "plateau":
            out.append(f'<rect x="0" y="{y - 13}" width="{WIDTH}" height="{ROW}" fill="#E8EAF6"/>')
            out.append(f'<text x="4" y="{y}" font-weight="bold">{escape(_clip(str(item), 60))}</text>')
        elif kind == "more":
            out.append(f'<text x="4" y="{y}" font-style="italic" fill="#424242">'
                       f'{escape(word("more_wps", lang).format(n=item))}</text>')
        elif kind == "unit":
            out.append(f'<text x="12" y="{y}" font-style="italic" fill="#424242">{escape(_clip(str(item), 58))}</text>')
        else:
            w = item
            n = len(w["closes"])
            label = _clip(text_in(w["name"], lang) or w["id"], 52)
            stroke, fill = STATUS.get(w["status"], STATUS["unknown"])
            out.append(f'<g><title>{escape(w["id"])}: {escape(text_in(w["name"], lang))} — '
                       f'{escape(w["deadline_text"] or w["deadline"] or word("no_deadline", lang))}</title>')
            out.append(f'<text x="24" y="{y}">{escape(label)}</text>')
            d = _day(w["deadline"])
            if d is None:
                p = next((q for q in plateaus if q["id"] == w["plateau"]), None)
                d = _day(p["date"]) if p else hi
                xx = x(d)
                out.append(f'<circle cx="{xx}" cy="{y - 4}" r="4.5" fill="#FFFFFF" stroke="{stroke}" '
                           f'stroke-dasharray="2 1.5"/>')
                note = f'{word("no_deadline", lang)} · {word("gaps_1" if n == 1 else "gaps_n", lang).format(n=n)}'
            else:
                xx = x(d)
                out.append(f'<line x1="{LABEL_W}" y1="{y - 4}" x2="{xx}" y2="{y - 4}" stroke="#E0E0E0"/>')
                line = OVERDUE if w["overdue"] else stroke
                width = 2.5 if w["overdue"] else 1.2
                out.append(f'<path d="M{xx} {y - 10} L{xx + 6} {y - 4} L{xx} {y + 2} L{xx - 6} {y - 4} Z" '
                           f'fill="{fill}" stroke="{line}" stroke-width="{width}"/>')
                note = word("gaps_1" if n == 1 else "gaps_n", lang).format(n=n)
                if w["overdue"]:
                    note += f' · {word("overdue", lang)}'
            anchor, dx = ("end", -9) if xx > WIDTH - 140 else ("start", 9)
            colour = OVERDUE if w["overdue"] else "#424242"
            out.append(f'<text x="{xx + dx}" y="{y}" font-size="9" fill="{colour}" '
                       f'text-anchor="{anchor}">{escape(note)}</text></g>')
        y += ROW
    # legend
    lx, ly = 10, height - 12
    for key in ("planned", "in-progress", "done", "unknown"):
        stroke, fill = STATUS[key]
        out.append(f'<path d="M{lx + 6} {ly - 10} L{lx + 12} {ly - 4} L{lx + 6} {ly + 2} L{lx} {ly - 4} Z" '
                   f'fill="{fill}" stroke="{stroke}"/>')
        out.append(f'<text x="{lx + 16}" y="{ly}" font-size="10">{escape(word(key, lang))}</text>')
        lx += 28 + 7 * len(word(key, lang))
    out.append(f'<path d="M{lx + 6} {ly - 10} L{lx + 12} {ly - 4} L{lx + 6} {ly + 2} L{lx} {ly - 4} Z" '
               f'fill="#FFFFFF" stroke="{OVERDUE}" stroke-width="2.5"/>')
    out.append(f'<text x="{lx + 16}" y="{ly}" font-size="10">{escape(word("overdue", lang))}</text>')
    out.append("</svg>")
    return "\n".join(out)
