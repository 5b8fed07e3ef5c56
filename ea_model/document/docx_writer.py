"""The document as Word (DOCX) through python-docx, laid out per Decree 30/2020/NĐ-CP: A4, margins 20/20/30/15 mm,
Times New Roman 13 pt justified with a 1.27 cm first-line indent, page numbers centred in the top margin and
none on the cover. Real Word styles (Heading 1-3, Caption, Table Grid, TOC 1-3) and fields (TOC, SEQ, PAGE),
so the agency keeps editing it in Word; Word refreshes the fields when it opens the file.

Deterministic: core properties from the model's date, fixed zip timestamps, ids numbered in order.
"""

from __future__ import annotations

import datetime
import io
import zipfile

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt

from .blocks import Contents, Cover, Document, Figure, Heading, PageBreak, Paragraph, Table

FONT = "Times New Roman"  # Decree 30 practice; LibreOffice draws it with the metric-compatible Liberation Serif
BODY_PT, TABLE_PT = 13, 11
PAGE_W, PAGE_H = Cm(21.0), Cm(29.7)
MARGINS = {"top": Cm(2.0), "bottom": Cm(2.0), "left": Cm(3.0), "right": Cm(1.5)}
TEXT_W = PAGE_W - MARGINS["left"] - MARGINS["right"]  # 16.5 cm
A3_W, A3_H = Cm(42.0), Cm(29.7)  # a figure's own page, landscape
A3_TEXT_W = A3_W - MARGINS["left"] - MARGINS["right"]
A3_FIG_H = A3_H - MARGINS["top"] - MARGINS["bottom"] - Cm(2.5)  # room for the caption
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _fonts(rpr_parent, name: str = FONT) -> None:
    """Set every script's font and drop theme fonts (which would override the name in Word)."""
    rpr = rpr_parent.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        if attr.endswith("Theme"):
            del fonts.attrib[attr]
    for key in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(key), name)


def _styles(doc) -> None:
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    _fonts(normal.element)
    pf = normal.paragraph_format
    pf.space_after, pf.space_before, pf.line_spacing = Pt(6), Pt(0), 1.15
    for level, size in ((1, 14), (2, 13), (3, 13)):
        st = styles[f"Heading {level}"]
        st.font.size, st.font.bold, st.font.italic = Pt(size), True, level == 3
        st.font.color.rgb = None
        _fonts(st.element)
        color = st.element.rPr.find(qn("w:color"))
        if color is not None:
            st.element.rPr.remove(color)
        st.paragraph_format.space_before, st.paragraph_format.space_after = Pt(12 if level == 1 else 6), Pt(6)
        st.paragraph_format.keep_with_next = True
        st.paragraph_format.first_line_indent = Cm(0)
    caption = styles["Caption"]
    caption.font.size, caption.font.bold, caption.font.italic = Pt(12), True, False
    caption.font.color.rgb = None
    _fonts(caption.element)
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.first_line_indent = Cm(0)
    for level in (1, 2, 3):
        name = f"TOC {level}"
        st = styles[name] if name in [s.name for s in styles] else styles.add_style(name, 1)
        st.base_style = normal
        st.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        st.paragraph_format.first_line_indent = Cm(0)
        st.paragraph_format.space_after = Pt(2)
        st.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
        st.paragraph_format.tab_stops.add_tab_stop(TEXT_W, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        st.font.bold = level == 1


def _field(paragraph, instruction: str, cached: str = "", bold: bool | None = None) -> None:
    """A complex field (begin, instruction, separate, cached result, end): Word recomputes it, LibreOffice
    and readers show the cached result."""
    def char(kind: str):
        run = paragraph.add_run()
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        run._r.append(el)
        return run

    char("begin")
    run = paragraph.add_run()
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run._r.append(instr)
    char("separate")
    result = paragraph.add_run(cached)
    if bold is not None:
        result.bold = bold
    char("end")


def _section_setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance, section.footer_distance = Cm(1.0), Cm(1.0)
    section.different_first_page_header_footer = True  # the cover carries no page number
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    header.paragraph_format.first_line_indent = Cm(0)
    _field(header, "PAGE", "1")


def _update_fields_on_open(doc) -> None:
    settings = doc.settings.element
    el = OxmlElement("w:updateFields")
    el.set(qn("w:val"), "true")
    settings.append(el)


def _plain(paragraph, text: str, bold=False, size=None, italic=False, align=None, indent=False):
    paragraph.paragraph_format.first_line_indent = Cm(1.27) if indent else Cm(0)
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    return run


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _rule_below(paragraph) -> None:
    """The solid rule under the motto (and the issuing body), as a bottom paragraph border."""
    ppr = paragraph._p.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(k), v)
    bdr.append(bottom)
    ppr.append(bdr)


def _cover(doc, cover: Cover) -> None:
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    table.autofit = False
    left, right = table.rows[0].cells
    for column, cell, width in ((table.columns[0], left, Cm(6.0)), (table.columns[1], right, Cm(10.5))):
        column.width = cell.width = width
    p = left.paragraphs[0]
    _plain(p, cover.governing_body, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    p = left.add_paragraph()
    _plain(p, cover.issuing_body, bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    p = right.paragraphs[0]
    _plain(p, cover.motto_title, bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    p = right.add_paragraph()
    _plain(p, cover.motto, bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    _rule_below(p)
    for _ in range(6):
        doc.add_paragraph().paragraph_format.first_line_indent = Cm(0)
    _plain(doc.add_paragraph(), cover.title, bold=True, size=16, align=WD_ALIGN_PARAGRAPH.CENTER)
    _plain(doc.add_paragraph(), cover.subtitle, italic=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    doc.add_paragraph()
    for line in cover.lines:
        _plain(doc.add_paragraph(), line, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    for _ in range(6):
        doc.add_paragraph().paragraph_format.first_line_indent = Cm(0)
    _plain(doc.add_paragraph(), cover.place_date, bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)


def _contents(doc, block: Contents, document: Document) -> None:
    _plain(doc.add_paragraph(), block.title, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    if block.kind == "toc":
        entries = [(f"TOC {h.level}", h.text, h.anchor) for h in document.headings() if h.anchor != "glossary"]
        instruction = 'TOC \\o "1-3" \\h \\z \\u'
    else:
        items = document.figures() if block.kind == "figures" else document.tables()
        word = document.words["figure"] if block.kind == "figures" else document.words["table"]
        entries = [("TOC 2", document.caption(b), b.anchor) for b in items if b.number]
        instruction = f'TOC \\h \\z \\c "{word}"'
    if not entries:
        _plain(doc.add_paragraph(), document.words["none"], italic=True)
        return
    first = doc.add_paragraph(style=entries[0][0])
    _field_begin(first, instruction)
    for i, (style, text, anchor) in enumerate(entries):
        p = first if i == 0 else doc.add_paragraph(style=style)
        p.add_run(text)
        page = document.pages.get(anchor)
        p.add_run(f"\t{page}" if page else "\t")
        if i == len(entries) - 1:
            _field_end(p)


def _field_begin(paragraph, instruction: str) -> None:
    for kind, text in (("begin", None), (None, instruction), ("separate", None)):
        run = paragraph.add_run()
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {text} "
        run._r.append(el)


def _field_end(paragraph) -> None:
    run = paragraph.add_run()
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), "end")
    run._r.append(el)


def _bookmark(paragraph, name: str, n: int) -> None:
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(n))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(n))
    paragraph._p.insert(1 if paragraph._p.pPr is not None else 0, start)
    paragraph._p.append(end)


def _caption(doc, document: Document, block: Figure | Table, n: int) -> None:
    word = document.words["figure"] if isinstance(block, Figure) else document.words["table"]
    p = doc.add_paragraph(style="Caption")
    p.add_run(f"{word} ")
    _field(p, f"SEQ {word} \\* ARABIC", str(block.number))
    p.add_run(f": {block.caption}")
    p.paragraph_format.keep_with_next = isinstance(block, Table)
    _bookmark(p, block.anchor, n)


def _set_repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


CHAR_W = Cm(0.21)  # an average character at 11 pt, for column widths


def _widths(block: Table) -> list[int]:
    """Column widths in EMU: every column at least as wide as its longest word (up to 18 characters), so
    words never break mid-word; the rest of the text width shared by how much text each column holds."""
    if block.widths and len(block.widths) == len(block.header):
        total = sum(block.widths)
        return [int(TEXT_W * w / total) for w in block.widths]
    minimum, weight = [], []
    for i, head in enumerate(block.header):
        cells = [r[i] for r in block.rows if i < len(r)] or [""]
        longest = max([len(w) for c in cells for w in c.split()] + [len(w) for w in head.split()] + [2])
        average = sum(len(c) for c in cells) / len(cells)
        minimum.append(int(min(longest, 18) * CHAR_W + Cm(0.5)))  # + the cell's margins
        weight.append(max(average - longest, 0) + 1)
    spare = TEXT_W - sum(minimum)
    if spare <= 0:
        return [int(TEXT_W * m / sum(minimum)) for m in minimum]
    return [m + int(spare * w / sum(weight)) for m, w in zip(minimum, weight, strict=True)]


def _table(doc, block: Table, document: Document, n: int) -> None:
    if block.number:
        _caption(doc, document, block, n)
    table = doc.add_table(rows=1, cols=len(block.header))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    emus = [Emu(w) for w in _widths(block)]
    for column, width in zip(table.columns, emus, strict=True):
        column.width = width  # the grid: LibreOffice lays columns out by it, Word by the cells'
    _set_repeat_header(table.rows[0])
    for cell, text, width in zip(table.rows[0].cells, block.header, emus, strict=True):
        cell.width = width
        _cell_text(cell, text, bold=True)
    rows = block.rows or [[document.words["none"], *[""] * (len(block.header) - 1)]]
    for row in rows:
        cells = table.add_row().cells
        for cell, text, width in zip(cells, row, emus, strict=False):
            cell.width = width
            _cell_text(cell, text)
    if block.notes:
        p = doc.add_paragraph()
        _plain(p, f"{document.words['sources']}: " + "; ".join(block.notes), size=10, italic=True)
    else:
        doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _cell_text(cell, text: str, bold: bool = False) -> None:
    p = cell.paragraphs[0]
    p.paragraph_format.first_line_indent = Cm(0)
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = 1.0
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    run = p.add_run(text)
    run.bold = bold
    run.font.size = Pt(TABLE_PT)


def _page(doc, width, height, landscape: bool) -> None:
    """A new section from here, on paper of this size; margins, header and page numbers carry on."""
    from docx.enum.section import WD_ORIENT, WD_SECTION

    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = width, height
    section.different_first_page_header_footer = False


def _figure(doc, block: Figure, document: Document, n: int, after_figure: bool) -> None:
    """A figure on an A3 landscape page of its own (the next figure's page follows in the same section)."""
    if after_figure:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    else:
        _page(doc, A3_W, A3_H, True)
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Cm(0)
    p.paragraph_format.keep_with_next = True
    w, h = block.width_px or 1, block.height_px or 1
    width = A3_TEXT_W
    height = Emu(int(width * h / w))
    if height > A3_FIG_H:  # a tall page: fit the page height, keep the aspect ratio
        height = A3_FIG_H
        width = Emu(int(height * w / h))
    p.add_run().add_picture(io.BytesIO(block.data), width=width, height=height)
    _caption(doc, document, block, n)


def _paragraph(doc, block: Paragraph) -> None:
    style = "List Bullet" if block.style == "bullet" else None
    p = doc.add_paragraph(style=style)
    if block.style == "bullet":
        p.paragraph_format.first_line_indent = Cm(0)
    elif block.style in ("note", "centre"):
        p.paragraph_format.first_line_indent = Cm(0)
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if block.style == "centre" else WD_ALIGN_PARAGRAPH.LEFT
    else:
        p.paragraph_format.first_line_indent = Cm(1.27)
        p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    for r in block.runs:
        run = p.add_run(r.text)
        run.bold, run.italic = r.bold or None, (r.italic or block.style == "note") or None


def _break_before(body, index: int) -> None:
    """Start the block written from body child `index` on a new page (pageBreakBefore on its first paragraph;
    a break paragraph when it starts with a table)."""
    first = body[index] if index < len(body) else None
    if first is None:
        return
    if first.tag == qn("w:p"):
        ppr = first.get_or_add_pPr()
        el = OxmlElement("w:pageBreakBefore")
        ppr.insert(0, el) if ppr.find(qn("w:pStyle")) is None else ppr.find(qn("w:pStyle")).addnext(el)
        return
    p = OxmlElement("w:p")
    r = OxmlElement("w:r")
    br = OxmlElement("w:br")
    br.set(qn("w:type"), "page")
    r.append(br)
    p.append(r)
    first.addprevious(p)


def _core(doc, document: Document) -> None:
    props = doc.core_properties
    date = datetime.datetime.fromisoformat(f"{document.date or '2000-01-01'}T00:00:00")
    props.title, props.author, props.last_modified_by = document.title, document.author or "ea", "ea"
    props.created = props.modified = props.last_printed = date
    props.revision, props.language, props.comments = 1, document.lang, "ea doc"
    props.subject = props.keywords = props.category = props.identifier = props.version = props.content_status = ""


def _normalise_zip(data: bytes) -> bytes:
    """Rewrite the package with a fixed timestamp on every part (python-docx stamps the time of the run)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, ZIP_DATE)
            fixed.compress_type, fixed.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def write(document: Document) -> bytes:
    """The DOCX bytes of `document`."""
    doc = new_docx()
    _styles(doc)
    _section_setup(doc)
    _update_fields_on_open(doc)
    _core(doc, document)
    n = 0
    pending_break = False
    body = doc.element.body
    on_a3 = False  # after a figure: the next text goes back to A4 portrait
    for block in document.blocks:
        if isinstance(block, PageBreak):
            pending_break = True
            continue
        if on_a3 and not isinstance(block, Figure):
            _page(doc, PAGE_W, PAGE_H, False)
            on_a3 = pending_break = False
        before = len(body) - (body[-1].tag == qn("w:sectPr"))  # new blocks go before the section properties
        if isinstance(block, Cover):
            _cover(doc, block)
        elif isinstance(block, Contents):
            _contents(doc, block, document)
        elif isinstance(block, Heading):
            level = block.level if block.anchor != "glossary" else 1
            p = doc.add_heading(block.text, level)
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER if level == 1 else WD_ALIGN_PARAGRAPH.LEFT
            n += 1
            _bookmark(p, block.anchor, n)
        elif isinstance(block, Paragraph):
            _paragraph(doc, block)
        elif isinstance(block, Table):
            n += 1
            _table(doc, block, document, n)
        elif isinstance(block, Figure):
            n += 1
            _figure(doc, block, document, n, on_a3)
            on_a3, pending_break = True, False
        if pending_break:
            _break_before(body, before)
            pending_break = False
    # the empty first paragraph python-docx's template starts with would push the cover down: drop it
    if len(body) and body[0].tag == qn("w:p") and not body[0].xpath(".//w:t"):
        body.remove(body[0])
    buffer = io.BytesIO()
    doc.save(buffer)
    return _normalise_zip(buffer.getvalue())

