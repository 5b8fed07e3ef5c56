"""The report as JSON: every name in every language, ids everywhere (see docs/gap.md, 'JSON').

One gap, work package or element per line: diffs of two reports read line by line, and the C encoder
writes a 100,000-element report in about a second (an indented dump takes ten times longer).
"""

from __future__ import annotations

import json
from json.encoder import c_make_encoder, encode_basestring

from ..result import Report

# One encoder for the ~300,000 lines of a 100,000-element report, made once: json.dumps makes one per call, and
# JSONEncoder.encode a C encoder per call. The same text as json.dumps(value, ensure_ascii=False) (no value here
# holds itself, so no check for cycles).
_ENCODER = json.JSONEncoder(ensure_ascii=False)
_C_ENCODER = c_make_encoder and c_make_encoder(None, _ENCODER.default, encode_basestring, None, ": ", ", ",
                                               False, False, True)


def _one(value) -> str:
    if _C_ENCODER is None:  # a Python without the C accelerator
        return _ENCODER.encode(value)
    return "".join(_C_ENCODER(value, 0))


def _part(key: str, value) -> str:
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        body = ",\n".join([f"    {_one(v)}" for v in value])
        return f"  {_one(key)}: [\n{body}\n  ]"
    if isinstance(value, dict) and value and key in ("elements", "rm_coverage", "summary", "approval"):
        body = ",\n".join([f"    {_one(k)}: {_one(v)}" for k, v in value.items()])
        return f"  {_one(key)}: {{\n{body}\n  }}"
    return f"  {_one(key)}: {_one(value)}"


def render(report: Report, lang: str, pictures: dict) -> bytes:
    # the content hash last: a big report's is still being computed meanwhile (report.build)
    parts = [_part(key, value) for key, value in report.body().items()]
    if report.content_hash:
        parts.append(_part("content_hash", report.content_hash))
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")
