"""The report as one self-contained HTML page (Jinja2): styles inline, the gap view and the roadmap as
inline SVG, nothing fetched from the network; laid out to print on A4."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from markupsafe import Markup

from ..result import Report
from ._common import view

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@cache
def _env():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                              trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)


def inline_svg(svg: str | bytes | None) -> Markup | None:
    """An SVG document as an element to put in HTML: without its XML declaration, doctype and comments."""
    if not svg:
        return None
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    start = text.find("<svg")
    text = re.sub(r"<!--.*?-->", "", text[start:] if start >= 0 else text, flags=re.S)
    return Markup(text.strip())


def render(report: Report, lang: str, pictures: dict) -> bytes:
    v = view(report, lang)
    html = _env().get_template("report.html.j2").render(
        v=v, w=v.w, lang=lang, gap_view=inline_svg(pictures.get("gap_view")),
        gap_view_note=pictures.get("gap_view_note"), roadmap=inline_svg(pictures.get("roadmap")),
        report=report,
    )
    return html.encode("utf-8")
