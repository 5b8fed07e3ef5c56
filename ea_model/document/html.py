"""The document as one self-contained HTML page for the site: figures as inline SVG, styles inline, nothing
fetched from the network; the same blocks, numbers and captions as the DOCX."""

from __future__ import annotations

import base64
from html import escape

from .blocks import Contents, Cover, Document, Figure, Heading, PageBreak, Paragraph, Table

CSS = """
body { font-family: "Times New Roman", "Liberation Serif", "DejaVu Serif", serif; font-size: 13pt; line-height: 1.4;
       max-width: 180mm; margin: 1em auto; padding: 0 6mm; color: #000; }
h1 { font-size: 14pt; text-align: center; margin-top: 2em; } h2 { font-size: 13pt; }
h3 { font-size: 13pt; font-style: italic; }
p { text-align: justify; text-indent: 1.27cm; margin: 0 0 6pt; } li p, td p { text-indent: 0; }
.cover { text-align: center; page-break-after: always; } .cover .head { display: flex; justify-content: space-between; }
.cover .head div { text-align: center; } .motto { border-bottom: 1px solid #000; display: inline-block; }
.cover h1.title { font-size: 16pt; margin-top: 5em; }
.subtitle { font-style: italic; text-indent: 0; text-align: center; }
table { border-collapse: collapse; width: 100%; font-size: 11pt; margin: 0 0 10pt; }
th, td { border: 1px solid #000; padding: 2pt 4pt; vertical-align: top; text-align: left;
         overflow-wrap: break-word; word-break: normal; hyphens: manual; }
th { background: #F0F0F0; } thead { display: table-header-group; }
.caption { text-align: center; font-weight: bold; text-indent: 0; font-size: 12pt; }
figure { margin: 8pt 0; text-align: center; } figure svg, figure img { max-width: 100%; height: auto; }
.toc a { color: inherit; text-decoration: none; } .toc li { list-style: none; } .toc .l2 { margin-left: 1.2em; }
.toc .l3 { margin-left: 2.4em; } .note { font-style: italic; text-indent: 0; }
.sources { font-size: 10pt; font-style: italic; }
@page { size: A4; margin: 20mm 15mm 20mm 30mm; } @media print { body { max-width: none; } }
"""


def _svg(data: bytes) -> str:
    text = data.decode("utf-8")
    start = text.find("<svg")
    return text[start:] if start >= 0 else text


def _cover(c: Cover) -> str:
    lines = "".join(f"<p class='subtitle'>{escape(line)}</p>" for line in c.lines)
    return (f"<section class='cover'><div class='head'><div>{escape(c.governing_body)}<br>"
            f"<b>{escape(c.issuing_body)}</b>"
            f"</div><div><b>{escape(c.motto_title)}</b><br><b class='motto'>{escape(c.motto)}</b></div></div>"
            f"<h1 class='title'>{escape(c.title)}</h1><p class='subtitle'>{escape(c.subtitle)}</p>{lines}"
            f"<p class='subtitle'><b>{escape(c.place_date)}</b></p></section>")


def _contents(block: Contents, doc: Document) -> str:
    if block.kind == "toc":
        items = [(f"l{h.level}", h.text, h.anchor) for h in doc.headings() if h.anchor != "glossary"]
    else:
        chosen = doc.figures() if block.kind == "figures" else doc.tables()
        items = [("l1", doc.caption(b), b.anchor) for b in chosen if b.number]
    lis = "".join(f"<li class='{c}'><a href='#{a}'>{escape(t)}</a></li>" for c, t, a in items)
    return f"<h2 class='caption'>{escape(block.title)}</h2><ul class='toc'>{lis}</ul>"


def _table(t: Table, doc: Document) -> str:
    caption = f"<p class='caption' id='{t.anchor}'>{escape(doc.caption(t))}</p>" if t.number else ""
    head = "".join(f"<th>{escape(h)}</th>" for h in t.header)
    rows = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in r) + "</tr>" for r in t.rows) or \
        f"<tr><td colspan='{len(t.header)}'>{escape(doc.words['none'])}</td></tr>"
    notes = f"<p class='sources'>{escape(doc.words['sources'])}: {escape('; '.join(t.notes))}</p>" if t.notes else ""
    return f"{caption}<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>{notes}"


def _figure(f: Figure, doc: Document) -> str:
    if f.fmt == "svg":
        body = _svg(f.data)
    else:
        body = f"<img alt='' src='data:image/png;base64,{base64.b64encode(f.data).decode()}'>"
    return f"<figure id='{f.anchor}'>{body}<figcaption class='caption'>{escape(doc.caption(f))}</figcaption></figure>"


def _paragraph(p: Paragraph) -> str:
    inner = "".join(f"<b>{escape(r.text)}</b>" if r.bold else f"<i>{escape(r.text)}</i>" if r.italic
                    else escape(r.text) for r in p.runs)
    if p.style == "bullet":
        return f"<ul><li>{inner}</li></ul>"
    return f"<p class='{p.style}'>{inner}</p>"


def write(doc: Document) -> bytes:
    parts = []
    for block in doc.blocks:
        if isinstance(block, Cover):
            parts.append(_cover(block))
        elif isinstance(block, Contents):
            parts.append(_contents(block, doc))
        elif isinstance(block, Heading):
            tag = f"h{block.level}"
            parts.append(f"<{tag} id='{block.anchor}'>{escape(block.text)}</{tag}>")
        elif isinstance(block, Paragraph):
            parts.append(_paragraph(block))
        elif isinstance(block, Table):
            parts.append(_table(block, doc))
        elif isinstance(block, Figure):
            parts.append(_figure(block, doc))
        elif isinstance(block, PageBreak):
            continue
    html = (f"<!DOCTYPE html>\n<html lang='{escape(doc.lang)}'><head><meta charset='utf-8'>"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{escape(doc.title)}</title>"
            f"<link rel='icon' href='data:,'><style>{CSS}</style></head><body>\n"
            + "\n".join(parts) + "\n</body></html>\n")
    return html.encode("utf-8")
