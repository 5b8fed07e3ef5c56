"""The report as JSON: every name in every language, ids everywhere (see docs/gap.md, 'JSON').

One gap, work package or element per line: diffs of two reports read line by line, and the C encoder
writes a 100,000-element report in about a second (an indented dump takes ten times longer).
"""

from __future__ import annotations

from json.encoder import encode_basestring

from ..jsonenc import json_encoder, json_rows
from ..result import Report

_one = json_encoder()


def _rows(lines: list[str]) -> list[bytes]:
    # A row at a time into UTF-8, the rows and the separators (with the indent) joined once with the rest of the
    # report: the ~60 M characters of a 100,000-element report are never one string, and each join of a part is a
    # copy of tens of MB (fresh pages: more time than the encoding itself).
    pieces = [_ROW_SEPARATOR] * (2 * len(lines) - 1)
    pieces[::2] = [line.encode() for line in lines]
    return pieces


_ROW_SEPARATOR = b",\n    "


def _part(key: str, value) -> list[bytes]:
    """The lines of one key of the report, as pieces of bytes."""
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return [f"  {_one(key)}: [\n    ".encode(), *_rows(json_rows(value)), b"\n  ]"]
    if isinstance(value, dict) and value and key in ("elements", "rm_coverage", "summary", "approval"):
        # keys are texts (ids, names of fields): encoded as json encodes a key
        rows = zip(map(encode_basestring, value), json_rows(value.values()), strict=True)
        return [f"  {_one(key)}: {{\n    ".encode(), *_rows([f"{k}: {row}" for k, row in rows]), b"\n  }"]
    return [f"  {_one(key)}: {_one(value)}".encode()]


def render(report: Report, lang: str, pictures: dict) -> bytes:
    pieces = [b"{\n"]
    for i, (key, value) in enumerate(report.body().items()):
        if i:
            pieces.append(b",\n")
        pieces += _part(key, value)
    # the content hash last, asked for last: a big report's is computed meanwhile by a child process (report.build)
    if report.content_hash:
        pieces += [b",\n", *_part("content_hash", report.content_hash)]
    pieces.append(b"\n}\n")
    return b"".join(pieces)
