"""The report as JSON: every name in every language, ids everywhere (see docs/gap.md, 'JSON').

One gap, work package or element per line: diffs of two reports read line by line. The rows are written by
`jsontext` (the same text as json.dumps of each row's dict); an indented dump takes ten times longer.
"""

from __future__ import annotations

from ..jsontext import Rows, body
from ..result import Report

# Mappings written one key a line (lists of mappings are written one mapping a line)
_MAPPINGS = ("elements", "rm_coverage", "summary", "approval")


def _part(key: str, value, rows: Rows) -> str:
    one = rows.encode
    if key == "gaps" and value:
        body = ",\n".join([f"    {text}" for text in value])
        return f'  "gaps": [\n{body}\n  ]'
    if key == "elements" and value:
        body = ",\n".join([f"    {k}: {text}" for k, text in value])
        return f'  "elements": {{\n{body}\n  }}'
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        body = ",\n".join([f"    {one(v)}" for v in value])
        return f"  {one(key)}: [\n{body}\n  ]"
    if isinstance(value, dict) and value and key in _MAPPINGS:
        body = ",\n".join([f"    {one(k)}: {one(v)}" for k, v in value.items()])
        return f"  {one(key)}: {{\n{body}\n  }}"
    if key in ("gaps", "elements"):  # empty
        return f"  {one(key)}: {'[]' if key == 'gaps' else '{}'}"
    return f"  {one(key)}: {one(value)}"


def render(report: Report, lang: str, pictures: dict) -> bytes:
    rows = Rows(sort_keys=False)
    parts = [_part(key, value, rows) for key, value in body(report, rows).items()]
    # the content hash last: a big report's is still being computed meanwhile (report.build)
    if report.content_hash:
        parts.append(_part("content_hash", report.content_hash, rows))
    return ("{\n" + ",\n".join(parts) + "\n}\n").encode("utf-8")
