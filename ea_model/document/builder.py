"""From the outline and the model to the document's blocks: headings numbered as the BHXH document numbers
them (I, II ... then 1., 1.1.), narrative paragraphs, figures drawn from the views, tables from the model,
the gap analysis between the baseline and the target plateau and the roadmap of work packages."""

from __future__ import annotations

import struct
from collections.abc import Callable
from dataclasses import dataclass, field

from ..gap.compare import Side
from ..gitinfo import model_state
from ..i18n import Language, word
from ..model import Model
from ..problems import Problem
from .blocks import Contents, Cover, Document, Figure, Heading, PageBreak, Paragraph, Run, Table
from .narrative import paragraphs
from .outline import Outline, OutlineError, load_outline, narrative
from .tables import Selector, element_rows, has_mark, inferred_note

SOURCES = ("column", "footnote", "none")
ROMAN = [(1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
         (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")]


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk (no imaging library needed)."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or len(data) < 24:
        return 0, 0
    return struct.unpack(">II", data[16:24])


@dataclass
class Options:
    lang: str = "vi"
    plateau: str | None = None  # the target plateau (default: the last)
    sources: str = "column"  # column | footnote | none
    figure_format: str = "png"  # png for DOCX and PDF, svg for HTML
    progress: Callable[[str], None] | None = None


@dataclass
class _State:
    model: Model
    outline: Outline
    lang: Language
    opts: Options
    baseline: str
    target: str
    selector: Selector
    blocks: list = field(default_factory=list)
    figures: int = 0
    tables: int = 0
    analysis: object = None
    anchors: int = 0

    def anchor(self, prefix: str) -> str:
        self.anchors += 1
        return f"{prefix}{self.anchors}"


def _plateaus(model: Model, plateau: str | None) -> tuple[str, str]:
    order = model.plateau_order()
    if not order:
        from ..errors import EaError

        raise EaError("the model has no plateaus: the document describes a current and a target architecture")
    target = plateau or order[-1]
    return order[0], target


def build(model: Model, opts: Options | None = None) -> Document:
    """The architecture document of `model` as blocks (see blocks.py); OutlineError for a bad outline."""
    opts = opts or Options()
    outline = load_outline(model)
    lang = Language.of(opts.lang, model.manifest.languages)
    baseline, target = _plateaus(model, opts.plateau)
    st = _State(model, outline, lang, opts, baseline, target, Selector(model, lang))
    git = model_state(model)
    title = lang.text(outline.cover.get("title") or outline.data.get("title") or model.manifest.name)
    st.blocks.append(_cover(st, title, git))
    st.blocks.append(PageBreak())
    for kind in outline.data.get("front") or ["toc", "figures", "tables"]:
        if kind == "glossary":
            _glossary(st, front=True)
        else:
            st.blocks.append(Contents(kind, lang.word(f"doc.front.{kind}")))
        st.blocks.append(PageBreak())
    counters = [0, 0, 0]
    for section in outline.data["sections"]:
        _section(st, section, 1, counters, target, [])
    words = {"toc": lang.word("doc.front.toc"), "figure": lang.word("doc.figure"), "table": lang.word("doc.table"),
             "page": lang.word("doc.page"),
             "sources": lang.word("doc.sources"), "none": lang.word("doc.no_rows")}
    return Document(opts.lang, title, st.blocks, words, git.date or model.plateaus[baseline].date,
                    str(outline.cover.get("author") or lang.text(outline.cover.get("issuing_body")) or ""))


def _number(level: int, counters: list[int], numbered: bool) -> str:
    if not numbered:
        return ""
    counters[level - 1] += 1
    for i in range(level, len(counters)):
        counters[i] = 0
    if level == 1:
        return f"{roman(counters[0])}."
    return ".".join(str(c) for c in counters[1:level]) + "."


def _section(st: _State, section, level: int, counters: list[int], plateau: str, path: list[str]) -> None:
    p = section.get("plateau")
    plateau = {"baseline": st.baseline, "target": st.target}.get(p, p) if p else plateau
    title = st.lang.text(section["title"])
    if level == 1:
        title = title.upper()
        if section.get("page_break", True) and not isinstance(st.blocks[-1], PageBreak):
            st.blocks.append(PageBreak())
    number = _number(min(level, 3), counters, section.get("numbered", True))
    st.blocks.append(Heading(min(level, 3), number, title, f"sec-{section['id']}"))
    for item in section.get("content") or []:
        _item(st, item, plateau)
    for sub in section.get("sections") or []:
        _section(st, sub, level + 1, counters, plateau, [*path, section["id"]])


def _error(st: _State, node, key: str, message: str, hint: str) -> OutlineError:
    line = node.lines.get(key, node.line) if hasattr(node, "lines") else 1
    return OutlineError([Problem(st.outline.file, line, "EA100", "error", message, hint)])


def _item(st: _State, item, plateau: str) -> None:
    if "text" in item:
        found = narrative(st.outline, item["text"], st.lang.order)
        if found is None:
            raise _error(st, item, "text", f"no text '{item['text']}' in {st.outline.folder_name}/",
                         f"write {st.outline.folder_name}/{item['text']}.{st.lang.code}.md (Markdown)")
        st.blocks.extend(paragraphs(found[1]))
    elif "figure" in item:
        _figure(st, item, plateau)
    elif "table" in item:
        _table(st, item["table"], plateau)
    elif "list" in item:
        _list(st, item["list"], plateau)
    elif "gap" in item:
        _gap(st, item["gap"])
    elif "work_packages" in item:
        _work_packages(st, item["work_packages"])
    elif item.get("glossary"):
        _glossary(st)


def _figure_plateau(st: _State, item, view, plateau: str) -> str | None:
    p = item.get("plateau")
    if p == "view":
        return view.plateau
    if p:
        return {"baseline": st.baseline, "target": st.target}.get(p, p)
    return view.plateau or plateau


# Figures go on A3 landscape pages of their own (folded into the A4 document, as agencies bind large diagrams),
# with the document's widest margin (left, 30 mm) all round: text prints at 7 pt at least.
FIGURE_PAPER = ("A3", True, 85.04)


def render_figure(model: Model, view, fmt: str, lang: str, plateau: str | None) -> list[bytes]:
    """The view drawn by `ea render` (never by hand) for an A3 landscape page: one picture per page when the
    view is too big for one page with legible text."""
    from ..errors import EaError
    from ..render.output import RenderError, render_figures
    from ..render.page import Paper

    try:
        return render_figures(model, view, fmt, lang, plateau, paper=Paper(*FIGURE_PAPER))
    except RenderError as exc:
        raise EaError(f"cannot draw view '{view.id}': {exc}") from None


def _figure(st: _State, item, plateau: str) -> None:
    view = st.model.viewpoints[item["figure"]]
    at = _figure_plateau(st, item, view, plateau)
    if st.opts.progress:
        st.opts.progress(f"figure {view.id}")
    pictures = render_figure(st.model, view, st.opts.figure_format, st.lang.code, at)
    caption = st.lang.text(item.get("caption") or view.title)
    if at and at in st.model.plateaus and not item.get("caption"):
        caption = f"{caption} ({st.lang.text(st.model.plateaus[at].name)})"
    for n, data in enumerate(pictures, start=1):
        st.figures += 1
        w, h = png_size(data) if st.opts.figure_format == "png" else (0, 0)
        text = caption if len(pictures) == 1 else \
            f"{caption}, {word('page_of', st.lang.code, n=n, total=len(pictures))}"
        st.blocks.append(Figure(st.figures, text, data, st.opts.figure_format, w, h, f"fig-{st.figures}",
                                f"{view.id}@{at or '-'}"))


def _add_table(st: _State, caption: str, header: list[str], rows: list[list[str]], notes: list[str] | None = None,
               widths: list[float] | None = None) -> None:
    st.tables += 1
    st.blocks.append(Table(st.tables, caption, header, rows, notes or [], widths or [], f"tab-{st.tables}"))
    if has_mark(rows):
        st.blocks.append(Paragraph([Run(inferred_note(st.lang))], "note"))


def _table(st: _State, spec, plateau: str) -> None:
    at = {"baseline": st.baseline, "target": st.target}.get(spec.get("plateau"), spec.get("plateau") or plateau)
    result = element_rows(st.selector, spec, at, st.opts.sources == "column")
    notes = []
    if st.opts.sources == "footnote":
        notes = [f"{row[0]}. {src}" for row, src in zip(result.rows, result.sources, strict=True) if src]
    caption = st.lang.text(spec["caption"])
    if at in st.model.plateaus:
        caption = f"{caption} ({st.lang.text(st.model.plateaus[at].name)})"
    _add_table(st, caption, result.header, result.rows, notes)


def _list(st: _State, spec, plateau: str) -> None:
    show = spec.get("show", "name-description")
    chosen = sorted(st.selector.elements(spec, plateau), key=lambda e: e.id)
    for el in chosen:
        state = st.model.state_at(el, plateau) if plateau in st.model.plateaus else {"description": el.description}
        name = st.selector.marked(el.id, plateau)
        desc = st.lang.text(state.get("description")) if state.get("description") else ""
        if show == "name" or not desc:
            runs = [Run(name)]
        elif show == "description":
            runs = [Run(desc)]
        else:
            runs = [Run(name, bold=True), Run(f": {desc}")]
        st.blocks.append(Paragraph(runs, "bullet"))
    if show != "description" and any(el.inferred for el in chosen):
        st.blocks.append(Paragraph([Run(inferred_note(st.lang))], "note"))


def _analysis(st: _State):
    if st.analysis is None:
        from ..gap import analyse
        from ..gap.report import definitions

        defs = definitions(st.model.root, st.model.manifest.folders["gap_analysis"])
        # the report kept for approval between the same plateaus, so chapter VIII is the analysis approved
        definition = next((d for d in defs.values() if (d.from_plateau, d.to_plateau) == (st.baseline, st.target)
                           and not d.from_rev), None)
        from ..gap import side_info

        info = side_info(st.model)  # as `ea gap --report` computes it, so the content hash is the approved one
        st.analysis = analyse(Side(st.model, st.baseline), Side(st.model, st.target),
                              definition.scope if definition else None,
                              definition.date if definition else None, definition=definition, infos=(info, info))
    return st.analysis


def _gap(st: _State, what: str) -> None:
    from .gaptables import gap_summary, gap_table, gap_view_png

    if st.baseline == st.target:
        st.blocks.append(Paragraph([Run(st.lang.word("doc.one_plateau"))], "note"))
        return
    analysis = _analysis(st)
    if what == "view":
        data, note = gap_view_png(analysis, st.lang.code, st.opts.figure_format)
        if data is None:
            if note:
                st.blocks.append(Paragraph([Run(note)], "note"))
            return
        st.figures += 1
        w, h = png_size(data) if st.opts.figure_format == "png" else (0, 0)
        st.blocks.append(Figure(st.figures, st.lang.word("doc.gap_view"), data, st.opts.figure_format, w, h,
                                f"fig-{st.figures}", "gap-view"))
        return
    if what == "summary":
        caption, header, rows = gap_summary(analysis, st.lang)
    else:
        caption, header, rows = gap_table(analysis, st.selector, st.lang, only_without=what == "without-work-package")
    _add_table(st, caption, header, rows)


def _work_packages(st: _State, how: str) -> None:
    from .gaptables import package_rows

    if st.baseline == st.target:
        st.blocks.append(Paragraph([Run(st.lang.word("doc.one_plateau"))], "note"))
        return
    analysis = _analysis(st)
    packages = analysis.coverage.packages
    with_sources = st.opts.sources == "column"
    if how == "all":
        header, rows = package_rows(packages, st.selector, st.lang, with_sources)
        _add_table(st, st.lang.word("doc.wp_all"), header, rows)
        return
    for pid in st.model.plateau_order():
        chosen = [wp for wp in packages if wp.plateau == pid]
        if not chosen:
            continue
        name = st.lang.text(st.model.plateaus[pid].name)
        header, rows = package_rows(chosen, st.selector, st.lang, with_sources)
        _add_table(st, st.lang.word("doc.wp_plateau", plateau=name, date=st.model.plateaus[pid].date), header, rows)


def _glossary(st: _State, front: bool = False) -> None:
    terms = sorted(st.outline.glossary, key=lambda t: str(t["abbr"]).casefold())
    if front:
        st.blocks.append(Heading(1, "", st.lang.word("doc.front.glossary"), "glossary"))
    header = [st.lang.word("doc.col.no"), st.lang.word("doc.col.abbr"), st.lang.word("doc.col.meaning")]
    rows = [[str(i), str(t["abbr"]), st.lang.text(t["meaning"])] for i, t in enumerate(terms, 1)]
    if front:  # a list, not a numbered table of the document
        st.blocks.append(Table(0, "", header, rows, [], [0.6, 1.6, 6], "glossary-table"))
    else:
        _add_table(st, st.lang.word("doc.front.glossary"), header, rows, widths=[0.6, 1.6, 6])


def _cover(st: _State, title: str, git) -> Cover:
    from .approval import cover_approval

    c, lang = st.outline.cover, st.lang
    subtitle = cover_approval(st, lambda: _analysis(st))
    lines = []
    if c.get("version"):
        lines.append(lang.text(c["version"]))
    lines.append(lang.word("doc.cover.plateaus", a=lang.text(st.model.plateaus[st.baseline].name),
                           b=lang.text(st.model.plateaus[st.target].name)))
    if git.commit:
        lines.append(lang.word("doc.cover.model", commit=git.commit[:10], date=git.date or ""))
    year = (git.date or st.model.plateaus[st.baseline].date or "")[:4]
    place = lang.text(c.get("place")) if c.get("place") else ""
    return Cover(lang.text(c.get("governing_body")).upper() if c.get("governing_body") else "",
                 lang.text(c.get("issuing_body")).upper() if c.get("issuing_body") else "",
                 lang.word("doc.motto_title"), lang.word("doc.motto"), title.upper(), subtitle, lines,
                 ", ".join(p for p in (place, year) if p))
