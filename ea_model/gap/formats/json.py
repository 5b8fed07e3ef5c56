"""The report as JSON: every name in every language, ids everywhere (see docs/gap.md, 'JSON').

One gap, work package or element per line: diffs of two reports read line by line, and the C encoder
writes a 100,000-element report in about a second (an indented dump takes ten times longer).
"""

from __future__ import annotations

from json.encoder import encode_basestring

from ..jsonenc import json_encoder, json_rows
from ..result import Report

_one = json_encoder()


def _rows(lines: list[str]) -> bytes:
    # A row at a time into UTF-8: the ~60 M characters of a 100,000-element report are never one string (which,
    # with its UTF-8 copy, cost more in page faults than the encoding itself).
    return b",\n".join([line.encode() for line in lines])


def _part(key: str, value) -> bytes:
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        body = _rows([f"    {row}" for row in json_rows(value)])
        return b"".join((f"  {_one(key)}: [\n".encode(), body, b"\n  ]"))
    if isinstance(value, dict) and value and key in ("elements", "rm_coverage", "summary", "approval"):
        # keys are texts (ids, names of fields): encoded as json encodes a key
        rows = zip(map(encode_basestring, value), json_rows(value.values()), strict=True)
        body = _rows([f"    {k}: {row}" for k, row in rows])
        return b"".join((f"  {_one(key)}: {{\n".encode(), body, b"\n  }"))
    return f"  {_one(key)}: {_one(value)}".encode()


def render(report: Report, lang: str, pictures: dict) -> bytes:
    parts = [_part(key, value) for key, value in report.body().items()]
    # the content hash last: a big report's is computed meanwhile by a child process (report.build)
    if report.content_hash:
        parts.append(_part("content_hash", report.content_hash))
    return b"".join((b"{\n", b",\n".join(parts), b"\n}\n"))
