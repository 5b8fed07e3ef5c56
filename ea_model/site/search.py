"""The prebuilt search index: ids, names (every language), kinds, types, tags and reference-model codes of
every element, plus views and reference-model categories, folded so that "bao hiem" finds "bảo hiểm".

The index is a JavaScript file (`LANG/search-index.js`) setting one global, not JSON: a page opened from a
file share cannot fetch() a file beside it, but it can load a script. `site.js` folds the query with the
same rule as `fold` below.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache

_D = str.maketrans({"đ": "d", "Đ": "D"})


@cache
def _marks() -> dict[int, None]:
    """A translation table deleting every combining mark (Unicode categories Mn, Mc, Me)."""
    ranges = (range(0x300, 0x20000), range(0xE0100, 0xE01F0))
    return {cp: None for r in ranges for cp in r if unicodedata.category(chr(cp)).startswith("M")}


def fold(text: str) -> str:
    """Lowercase, without diacritics (combining marks dropped after NFD; đ/Đ, which have no decomposition,
    become d), whitespace collapsed."""
    if not text.isascii():
        text = unicodedata.normalize("NFD", text.translate(_D)).translate(_marks())
    return " ".join(text.lower().split())


def entry(kind: str, url: str, ident: str, name: str, label: str, words: list[str]) -> list:
    """One result: [kind, url, id, display name, label (kind of element, ...), folded name, folded text]."""
    return [kind, url, ident, name, label, fold(name), fold(" ".join([ident, name, label, *words]))]


def script(entries: list[list]) -> bytes:
    """The index as a script; JSON is a subset of JavaScript (ES2019), and `</script>` in a name does no harm
    in a file loaded with `src`."""
    body = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
    return f"window.EA_SEARCH={body};\n".encode()
