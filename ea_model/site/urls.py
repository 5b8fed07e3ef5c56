"""Stable, safe file names for the site: one page per element id, whatever characters the id holds.

A slug keeps lowercase ASCII letters, digits, `-` and `.`; an uppercase ASCII letter becomes `_` and the
letter in lowercase (`BRM` -> `_b_r_m`, so that two ids differing only in case never share a file on a
case-insensitive file share); every other character becomes `~` and the two hex digits of each of its UTF-8
bytes (`_` -> `~5f`, `~` -> `~7e`, `đ` -> `~c4~91`). The mapping is one-to-one. The result needs no
percent-encoding in a URL and is a valid file name on Linux, Windows and macOS (`CON`, `NUL`, ... escaped).
The usual BHXH ids (`app-vssid`) are their own slugs: `elements/app-vssid.html`.
"""

from __future__ import annotations

import hashlib

_KEEP = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-.")
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})
MAX_SLUG = 120


def _escape(ch: str) -> str:
    if "A" <= ch <= "Z":
        return "_" + ch.lower()
    return "".join(f"~{b:02x}" for b in ch.encode("utf-8", "surrogatepass"))


def slug(text: str) -> str:
    """A file-name-safe, URL-safe, one-to-one encoding of `text` (long ones end with a hash)."""
    out = []
    for i, ch in enumerate(text):
        out.append(ch if ch in _KEEP and not (i == 0 and ch == ".") else _escape(ch))
    s = "".join(out)
    if not s:
        return "_"
    if s.split(".", 1)[0] in _RESERVED:  # CON.html, NUL.html ... cannot be opened on Windows
        s = "".join(f"~{b:02x}" for b in s[0].encode()) + s[1:]
    if len(s) > MAX_SLUG:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
        s = f"{s[:MAX_SLUG - 20]}~~{digest}"
    return s


def element_path(element_id: str) -> str:
    """The page of an element, relative to a language folder."""
    return f"elements/{slug(element_id)}.html"


def view_path(view_id: str) -> str:
    return f"views/{slug(view_id)}.html"


def rm_path(rm_id: str) -> str:
    return f"rm/{slug(rm_id)}.html"


def category_anchor(code: str) -> str:
    return f"c-{slug(code)}"


def layer_path(layer: str) -> str:
    return f"layers/{slug(layer)}.html"


def gap_path(report_id: str) -> str:
    return f"gap/{slug(report_id)}.html"
