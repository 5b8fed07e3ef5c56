"""The report as JSON: every name in every language, ids everywhere (see docs/gap.md, 'JSON').

One gap, work package or element per line: diffs of two reports read line by line, and the C encoder
writes a 100,000-element report in about a second (an indented dump takes ten times longer).
"""

from __future__ import annotations

import json

from ..result import Report

# One encoder for the ~300,000 lines of a 100,000-element report (json.dumps with an option makes a new one per
# call); the same text as json.dumps(value, ensure_ascii=False).
_ENCODER = json.JSONEncoder(ensure_ascii=False)


def _one(value) -> str:
    return _ENCODER.encode(value)


def render(report: Report, lang: str, pictures: dict) -> bytes:
    lines = ["{"]
    items = list(report.as_dict().items())
    for i, (key, value) in enumerate(items):
        comma = "," if i < len(items) - 1 else ""
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            body = ",\n".join(f"    {_one(v)}" for v in value)
            lines.append(f"  {_one(key)}: [\n{body}\n  ]{comma}")
        elif isinstance(value, dict) and value and key in ("elements", "rm_coverage", "summary", "approval"):
            body = ",\n".join(f"    {_one(k)}: {_one(v)}" for k, v in value.items())
            lines.append(f"  {_one(key)}: {{\n{body}\n  }}{comma}")
        else:
            lines.append(f"  {_one(key)}: {_one(value)}{comma}")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")
