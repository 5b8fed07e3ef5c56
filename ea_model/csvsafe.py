"""CSV that a spreadsheet opens as data, never as formulas (OWASP, "CSV Injection").

A cell whose text begins with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by Excel,
LibreOffice and Google Sheets (`=HYPERLINK(...)`, `@SUM(...)`, DDE calls). Such cells get a leading single
quote, which spreadsheets show as text and hide; the fullwidth forms of the four signs, which some
spreadsheets read as the signs, are treated alike. Every CSV `ea` writes goes through `writer`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any, TextIO

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def neutralise(value: Any) -> Any:
    """`value` with a leading `'` when it is text a spreadsheet would read as a formula; others unchanged."""
    if isinstance(value, str) and value.startswith(TRIGGERS):
        return "'" + value
    return value


def cell(value: Any) -> Any:
    """A cell as written: neutralised, and a carriage return inside the text written as a line feed (the
    writer quotes a cell holding its line terminator, a line feed, but not a bare carriage return, which
    readers take for the end of the row)."""
    value = neutralise(value)
    if isinstance(value, str) and "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value


class SafeWriter:
    """`csv.writer` whose rows are neutralised cell by cell."""

    def __init__(self, fh: TextIO, **kwargs: Any) -> None:
        self._writer = csv.writer(fh, **kwargs)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def writer(fh: TextIO, **kwargs: Any) -> SafeWriter:
    return SafeWriter(fh, **kwargs)
