"""The architecture document (`ea doc`): the outline of the framework pack filled from the model, written as
DOCX (python-docx), PDF (LibreOffice from the DOCX) or HTML (the site).

    from ea_model import load
    from ea_model.document import Options, build, write
    doc = build(load("."), Options(lang="vi"))
    data = write(doc, "docx")
"""

from __future__ import annotations

from .blocks import Document
from .builder import SOURCES, Options, build

FORMATS = ("docx", "pdf", "html")

__all__ = ["FORMATS", "SOURCES", "Document", "Options", "build", "write"]


def write(document: Document, fmt: str) -> bytes:
    """The bytes of `document` in `fmt` (docx, pdf, html)."""
    if fmt == "docx":
        from .docx_writer import write as docx

        return docx(document)
    if fmt == "pdf":
        from .pdf import write as pdf

        return pdf(document)
    if fmt == "html":
        from .html import write as html

        return html(document)
    raise ValueError(f"unknown document format {fmt!r}")
