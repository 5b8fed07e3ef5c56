"""A finding: where it is, what is wrong, how to fix it."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass

ERROR = "error"
WARNING = "warning"
# Found while reading files (syntax, duplicate keys, unsafe tags, size, depth, aliases): a file with one of
# these is not in the model at all, so they cannot be disabled and are reported before everything else.
# Characters that must never reach a terminal, a CI annotation or a report raw: C0/C1 controls (escape
# sequences), bidi overrides and isolates (text that reads differently from what it is), zero-width marks.
UNSAFE_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
MAX_MESSAGE = 400


def printable(text: str, limit: int = MAX_MESSAGE) -> str:
    """`text` with unsafe characters shown as escapes (`\\x1b`, `\\u202e`) and cut to `limit` characters."""
    text = UNSAFE_CHARS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


LOAD_CODES = frozenset({"EA001", "EA002", "EA003", "EA004", "EA005", "EA006"})


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    code: str
    severity: str
    message: str
    hint: str = ""

    def __post_init__(self) -> None:
        # Messages quote ids and values from other people's files: never echo them raw or at any length.
        object.__setattr__(self, "message", printable(self.message))
        object.__setattr__(self, "hint", printable(self.hint))

    def as_dict(self) -> dict:
        return asdict(self)

    def text(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.file}:{self.line}: {self.code} {self.message}{hint}"
