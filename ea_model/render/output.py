"""Views -> files: each view laid out (graphviz, or its saved or imported layout), drawn as SVG, turned into PNG
and PDF from that same SVG (cairosvg), fitted to paper or split into pages; the set of outputs is moved into
place whole (staging.py)."""

from __future__ import annotations

import hashlib
import re
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..gitinfo import GitState, model_state
from ..i18n import word
from ..model import Model, Viewpoint
from ..staging import move_in, staging
from ..viewpoints import Selection, select
from . import NOTATIONS, pinned
from . import layout as layouts
from . import page as pages
from .layout import INSTALL_HINT, RenderError

PNG_DPI = 144  # pixels per inch of a PNG: twice a screen's, legible when zoomed or printed
PDF_DATE = re.compile(rb"/CreationDate \(D:\d{14}Z\)")

__all__ = ["INSTALL_HINT", "RenderError", "Rendered", "check_dot", "file_name", "render_bytes", "render_figures",
           "render_pages", "render_views"]


@dataclass
class Rendered:
    """One view as written: its files and what a reader of the summary wants to know."""

    view: str
    path: Path
    elements: int
    relationships: int
    paths: list[Path] = field(default_factory=list)
    pages: int = 1
    paper: str = ""
    text_pt: float = 0.0  # smallest text at print size
    engine: str = "dot"
    layout_seconds: float = 0.0
    total_seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)


def check_dot() -> None:
    if shutil.which("dot") is None:
        raise RenderError(f"graphviz's `dot` program is not installed: {INSTALL_HINT}")


def default_plateau(model: Model) -> str | None:
    """A view shows one plateau: the manifest's `render: {plateau}`, else the latest baseline (the last plateau
    whose id starts with `baseline`), else the first plateau; never all of them at once."""
    chosen = (model.manifest.raw.get("render") or {}).get("plateau")
    if chosen in model.plateaus:
        return chosen
    ordered = sorted(model.plateaus.values(), key=lambda p: (p.order, p.id))
    baselines = [p.id for p in ordered if p.id.startswith("baseline")]
    return baselines[-1] if baselines else (ordered[0].id if ordered else None)


def options(model: Model, view: Viewpoint, page: str | None = None, landscape: bool | None = None,
            notation: str | None = None) -> tuple[pages.Paper | None, str]:
    """Paper and notation of a view: the command line's, else the view's, else the manifest's `render:`."""
    config = model.manifest.raw.get("render") or {}
    sheet = pages.paper(page or view.raw.get("page") or config.get("page"), landscape)
    style = notation or view.raw.get("notation") or config.get("notation") or "archimate"
    if style not in NOTATIONS:
        raise RenderError(f"unknown notation '{style}' (known: {', '.join(NOTATIONS)})")
    return sheet, style


def render_pages(model: Model, view: Viewpoint, lang: str, plateau: str | None = None, git: GitState | None = None,
                 *, page: str | None = None, landscape: bool | None = None, notation: str | None = None,
                 split: bool = True, paper: pages.Paper | None = None) -> tuple[list[pages.Page], Selection]:
    """The pages of one view: its saved or imported layout when it has one (fitted to the page), else graphviz's
    (fitted, or split when the text would print below 7 pt). `paper` (a document's, with its margins) wins over
    the page the options give."""
    sheet, style = options(model, view, page, landscape, notation)
    sheet = paper or sheet
    sel = select(model, view, plateau or view.plateau or default_plateau(model))
    drawing = pages.Drawing(model, lang, git, style)
    saved = pinned.load(model, view)
    if saved is not None or view.layout:
        scene = pages.scenes.build(model, sel, lang, git, notation=style)
        geometry = pinned.from_positions(scene, saved) if saved is not None else pinned.from_import(scene, view.layout)
        return [pages.Page(scene, geometry, pages.fit(scene, geometry, sheet), sheet)], sel
    check_dot()
    return pages.paginate(drawing, sel, sheet, split), sel


def page_svg(page: pages.Page) -> str:
    from .svg import draw

    return draw(page.scene, page.geometry, word("legend", page.scene.lang), page.scale,
                page.paper.size if page.paper else None)


def convert(svg_text: str, fmt: str, date: str | None = None) -> bytes:
    """SVG -> svg | png | pdf bytes; the PDF's creation date is the model's commit date (or a fixed one), so that
    the same model gives the same file."""
    data = svg_text.encode("utf-8")
    if fmt == "svg":
        return data
    import cairosvg  # on first conversion: `ea render --format svg` never pays for it

    if fmt == "png":
        return cairosvg.svg2png(bytestring=data, dpi=PNG_DPI)
    pdf = cairosvg.svg2pdf(bytestring=data)
    stamp = (date or "2000-01-01").replace("-", "")[:8]
    return PDF_DATE.sub(f"/CreationDate (D:{stamp}000000Z)".encode(), pdf, count=1)


def render_bytes(model: Model, view: Viewpoint, fmt: str, lang: str, plateau: str | None = None,
                 git: GitState | None = None, *, page: str | None = None, notation: str | None = None
                 ) -> tuple[bytes, Selection]:
    """One view as one picture (never split: a figure of a document), fitted to `page` when given."""
    found, sel = render_pages(model, view, lang, plateau, git, page=page, notation=notation, split=False)
    if fmt == "dot":
        return layouts.to_dot(found[0].scene).encode("utf-8"), sel
    return convert(page_svg(found[0]), fmt, git.date if git else None), sel


def render_figures(model: Model, view: Viewpoint, fmt: str, lang: str, plateau: str | None = None,
                   git: GitState | None = None, *, paper: pages.Paper) -> list[bytes]:
    """One view as the figures of a document: split into pages as for `paper` (with the document's margins),
    each page drawn at its own size without the paper's margins (the document's page has its own)."""
    found, _ = render_pages(model, view, lang, plateau, git, paper=paper)
    return [convert(page_svg(pages.Page(one.scene, one.geometry, 1.0, None)), fmt, git.date if git else None)
            for one in found]


MAX_STEM = 100  # file systems allow 255 bytes a name; an id over the limit (EA100) must not crash a render


def file_name(view_id: str, fmt: str, lang: str, default_lang: str, page: int = 1) -> str:
    """`<view>[.p<N>][.<lang>].<fmt>`: ASCII, no path separators, and short enough for any file system."""
    suffix = ("" if page == 1 else f".p{page}") + ("" if lang == default_lang else f".{lang}")
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in view_id)
    safe = "_" + safe[1:] if safe.startswith(".") else safe  # no hidden files, no `..`
    if safe != view_id or len(safe) > MAX_STEM:  # keep two ids that sanitise alike apart
        digest = hashlib.blake2b(view_id.encode("utf-8", "surrogatepass"), digest_size=4).hexdigest()
        safe = f"{safe[:MAX_STEM - 9]}-{digest}"
    return f"{safe}{suffix}.{fmt}"


def render_views(model: Model, views: list[Viewpoint], formats: list[str], lang: str, out_dir: Path,
                 plateau: str | None = None, progress=None, *, page: str | None = None,
                 landscape: bool | None = None, notation: str | None = None,
                 save_layout: bool = False) -> list[Rendered]:
    """Render each view in each format into `out_dir`; returns what was written. Every diagram is drawn into
    a folder beside `out_dir` first and moved in only when all are drawn: a failure leaves `out_dir` as it
    was, never half old and half new. `save_layout` writes each view's positions to its layout file."""
    git = model_state(model)
    drawn: list[tuple[str, Rendered]] = []
    results = []
    with staging(out_dir) as tmp:
        for view in views:
            started = time.perf_counter()
            found, sel = render_pages(model, view, lang, plateau, git, page=page, landscape=landscape,
                                      notation=notation)
            saved = None
            if save_layout and len(found) == 1:
                # drawn again from the file just written: this picture is the one later renders keep
                saved = pinned.save(model, view, found[0].geometry)
                found, sel = render_pages(model, view, lang, plateau, git, page=page, landscape=landscape,
                                          notation=notation)
            first = found[0]
            item = Rendered(view.id, out_dir / file_name(view.id, formats[0], lang, model.manifest.languages[0]),
                            len(sel.elements), len(sel.relationships), pages=len(found),
                            paper=str(first.paper) if first.paper else "",
                            text_pt=min(p.text_pt for p in found), engine=first.geometry.engine,
                            layout_seconds=sum(p.geometry.seconds for p in found))
            item.warnings.extend(note for p in found for note in p.geometry.notes)
            if saved:
                item.warnings.append(f"layout saved to {saved}")
            elif save_layout:
                item.warnings.append(f"view '{view.id}' spans {len(found)} pages: its layout is not saved")
            if len(found) > 1:
                item.warnings.append(f"view '{view.id}' does not fit {first.paper} with text of at least "
                                     f"{pages.MIN_TEXT:g} pt: split into {len(found)} pages")
            elif first.paper and item.text_pt < pages.MIN_TEXT:
                item.warnings.append(f"view '{view.id}' prints its smallest text at {item.text_pt:g} pt on "
                                     f"{first.paper}: use a larger page or split the view")
            for n, one in enumerate(found, start=1):
                svg_text = page_svg(one) if any(f != "dot" for f in formats) else ""
                for fmt in formats:
                    name = file_name(view.id, fmt, lang, model.manifest.languages[0], n)
                    data = layouts.to_dot(one.scene).encode() if fmt == "dot" else \
                        convert(svg_text, fmt, git.date if git else None)
                    (tmp / name).write_bytes(data)
                    drawn.append((name, item))
                    item.paths.append(out_dir / name)
            item.total_seconds = time.perf_counter() - started
            results.append(item)
            if progress:
                progress()
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, _ in drawn:
            move_in(tmp / name, out_dir / name)
    for item in results:  # pages a longer earlier drawing of the view left behind would pass for current ones
        for fmt in formats:
            n = item.pages + 1
            while (stale := out_dir / file_name(item.view, fmt, lang, model.manifest.languages[0], n)).is_file():
                stale.unlink()
                n += 1
    return results



def draw_selection(model: Model, sel: Selection, lang: str, git: GitState | None = None, *,
                   styles: dict[str, dict] | None = None, legend: list[tuple[str, dict]] | None = None,
                   plateau_label: str | None = None) -> bytes:
    """One selection drawn as SVG at its own size, with a caller's styles (the gap view's colours, the site's
    links; see scene.build) and legend entries."""
    check_dot()
    drawing = pages.Drawing(model, lang, git, styles=styles, legend=legend, plateau_label=plateau_label)
    return page_svg(pages.paginate(drawing, sel, None)[0]).encode("utf-8")
