"""PDF from the DOCX through LibreOffice headless (`soffice --convert-to pdf`), made byte-identical with pikepdf.

Why LibreOffice and not WeasyPrint: the PDF is then the very layout of the Word file the agency files and keeps
editing (one source, no second layout engine to keep in step), and the acceptance needs LibreOffice to open
the DOCX anyway. Fonts: the DOCX names Times New Roman; Debian has no Times New Roman, and fontconfig draws it
with Liberation Serif (fonts-liberation), whose metrics are Times New Roman's, so lines and pages break as in
Word.

Two passes: the first PDF tells the page of each heading, figure and table (pdftotext), the second carries
them in the table of contents and the lists of figures and tables (Word recomputes them itself).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import EaError
from .blocks import Document, Figure, Heading, Table

TIMEOUT = 900  # seconds: a 200-page document with 30 figures takes well under a minute
INSTALL = "install LibreOffice: apt-get install libreoffice-writer-nogui fonts-liberation (see the Makefile)"


def soffice() -> str:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    raise EaError(f"PDF needs LibreOffice, which is not installed: {INSTALL}")


def convert(docx: bytes) -> bytes:
    """The PDF LibreOffice makes of `docx`, in a private profile and home (never the user's)."""
    with tempfile.TemporaryDirectory(prefix="ea-pdf-") as tmp:
        folder = Path(tmp)
        (folder / "doc.docx").write_bytes(docx)
        env = {**os.environ, "HOME": str(folder), "SAL_USE_VCLPLUGIN": "svp"}
        cmd = [soffice(), f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless", "--norestore",
               "--nologo", "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(folder), str(folder / "doc.docx")]
        try:
            run = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, env=env, check=False)
        except subprocess.TimeoutExpired:
            raise EaError(f"LibreOffice took over {TIMEOUT} s to convert the document") from None
        except OSError as exc:
            raise EaError(f"cannot run LibreOffice: {exc} ({INSTALL})") from None
        out = folder / "doc.pdf"
        if run.returncode != 0 or not out.is_file():
            detail = (run.stderr or run.stdout).decode("utf-8", "replace").strip().splitlines()
            raise EaError(f"LibreOffice could not convert the document: {detail[-1] if detail else run.returncode}")
        return out.read_bytes()


def normalise(pdf: bytes, date: str) -> bytes:
    """Fixed dates (the model's), no XMP packet, an /ID computed from the content: same input, same bytes."""
    import io

    import pikepdf

    stamp = "D:" + (date or "2000-01-01").replace("-", "") + "000000Z"
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        info = doc.docinfo
        for key in ("/CreationDate", "/ModDate"):
            info[pikepdf.Name(key)] = pikepdf.String(stamp)
        if "/Metadata" in doc.Root:
            del doc.Root.Metadata
        for key in ("/DocChecksum", "/ID"):  # LibreOffice's per-run values; pikepdf derives /ID from content
            if key in doc.trailer:
                del doc.trailer[key]
        out = io.BytesIO()
        doc.save(out, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()


def page_texts(pdf: bytes) -> list[str] | None:
    """The text of each page (pdftotext from poppler-utils), whitespace collapsed; None without pdftotext."""
    tool = shutil.which("pdftotext")
    if tool is None:
        return None
    with tempfile.TemporaryDirectory(prefix="ea-pdftext-") as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(pdf)
        run = subprocess.run([tool, "-enc", "UTF-8", str(path), "-"], capture_output=True, timeout=300, check=False)
    if run.returncode != 0:
        return None
    return [" ".join(p.split()) for p in run.stdout.decode("utf-8", "replace").split("\f")]


def _probe(text: str) -> str:
    return " ".join(text.split())[:40]


def find_pages(document: Document, pages: list[str]) -> dict[str, int]:
    """The page of each heading, figure and table: searched in document order after the front matter, so the
    same words in the table of contents are not taken for the heading itself."""
    first = next((h for h in document.headings() if h.anchor != "glossary"), None)
    if first is None:
        return {}
    toc = next((i for i, p in enumerate(pages) if document.words.get("toc", "") and document.words["toc"] in p), 0)
    start = next((i for i in range(toc + 1, len(pages)) if _probe(first.text) in pages[i]), toc + 1)
    found: dict[str, int] = {}
    current = start
    for block in document.blocks[document.blocks.index(first):]:
        if isinstance(block, Heading):
            probe = _probe(block.text)
        elif isinstance(block, Figure | Table) and block.number:
            probe = _probe(document.caption(block))
        else:
            continue
        for i in range(current, len(pages)):
            if probe in pages[i]:
                current = i
                break
        found[block.anchor] = current + 1
    return found


def write(document: Document) -> bytes:
    from .docx_writer import write as docx

    first = convert(docx(document))
    texts = page_texts(first)
    if texts:
        document.pages = find_pages(document, texts)
        first = convert(docx(document))
    return normalise(first, document.date)


def page_count(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf)) or 0
