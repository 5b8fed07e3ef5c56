"""Text measured with the font the diagram is drawn in, and wrapped to a width, so that a name never runs out
of its shape: the advance widths come from the font file itself (fontTools), not from a guess per character.
The file is the one fontconfig picks for the family (`fc-match`), the same that cairo draws PNG and PDF with.

Where fontconfig or the font is missing, widths fall back to an average glyph of 0.6 em: wider than DejaVu Sans'
real average, so text still fits, only in wider boxes.
"""

from __future__ import annotations

import subprocess
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

FONT_FAMILY = "DejaVu Sans"
FALLBACK_EM = 0.6
LINE_HEIGHT = 1.25  # baseline to baseline, in ems


def font_file(bold: bool) -> Path | None:
    """The font file fontconfig chooses for the family, or None without fontconfig or a matching font."""
    pattern = f"{FONT_FAMILY}:bold" if bold else FONT_FAMILY
    try:
        found = subprocess.run(["fc-match", "--format=%{file}", pattern], capture_output=True, text=True,
                               timeout=10, check=True).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return None
    return Path(found) if found and Path(found).is_file() else None


@cache
def _advances(bold: bool) -> tuple[dict[int, float], float]:
    """Code point -> advance in ems, and the advance of a glyph the font lacks (its .notdef)."""
    path = font_file(bold)
    if path is None:
        return {}, FALLBACK_EM
    from fontTools.ttLib import TTFont  # on first measurement only: start-up stays cheap

    font = TTFont(path, lazy=True)
    units = font["head"].unitsPerEm
    metrics = font["hmtx"].metrics
    widths = {cp: metrics[glyph][0] / units for cp, glyph in font.getBestCmap().items()}
    return widths, metrics[".notdef"][0] / units


@lru_cache(maxsize=65_536)
def width(text: str, size: float, bold: bool = False) -> float:
    """The width of `text` in points at `size` points."""
    widths, missing = _advances(bold)
    total = 0.0
    for ch in unicodedata.normalize("NFC", text):
        if unicodedata.combining(ch):
            continue  # a combining mark sits over the letter before it
        total += widths.get(ord(ch), missing if widths else FALLBACK_EM)
    return total * size


def _break_word(word: str, limit: float, size: float, bold: bool) -> list[str]:
    """A word wider than the line, cut where it must be (a long id or URL)."""
    parts, current = [], ""
    for ch in word:
        if current and width(current + ch, size, bold) > limit:
            parts.append(current)
            current = ""
        current += ch
    return parts + [current]


def wrap(text: str, limit: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap of `text` into lines no wider than `limit` points; explicit newlines are kept."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            candidate = f"{current} {word}" if current else word
            if width(candidate, size, bold) <= limit:
                current = candidate
                continue
            if current:
                lines.append(current)
            pieces = _break_word(word, limit, size, bold) if width(word, size, bold) > limit else [word]
            lines.extend(pieces[:-1])
            current = pieces[-1]
        lines.append(current)
    return lines or [""]


def line_height(size: float) -> float:
    return size * LINE_HEIGHT
