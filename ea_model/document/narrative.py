"""Narrative Markdown (purpose, scope, vision ...) as paragraphs: the small part of Markdown such texts use:
paragraphs separated by blank lines, `- ` bullets, **bold** and *italic*. Headings come from the outline,
so a `#` line is read as a paragraph."""

from __future__ import annotations

import re

from .blocks import Paragraph, Run

_INLINE = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*)")


def runs(text: str) -> list[Run]:
    out = []
    for part in _INLINE.split(text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            out.append(Run(part[2:-2], bold=True))
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            out.append(Run(part[1:-1], italic=True))
        else:
            out.append(Run(part))
    return out


def paragraphs(markdown: str) -> list[Paragraph]:
    out: list[Paragraph] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            out.append(Paragraph(runs(" ".join(current))))
            current.clear()

    for raw in markdown.splitlines():
        line = raw.strip()
        if line.startswith("<!--"):  # a comment for the editors of the file (its sources), not the reader
            continue
        if not line:
            flush()
        elif line[:2] in ("- ", "* "):
            flush()
            out.append(Paragraph(runs(line[2:].strip()), "bullet"))
        elif out and out[-1].style == "bullet" and not current and raw.startswith("  "):
            out[-1].runs.extend(runs(" " + line))  # a bullet's continuation line
        else:
            current.append(line.lstrip("#").strip())
    flush()
    return out
