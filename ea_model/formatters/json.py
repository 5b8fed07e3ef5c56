"""A JSON document: `{"problems": [{file, line, code, severity, message, hint}], "errors": N, "warnings": M}`."""

import json

from ..problems import ERROR


def render(problems) -> str:
    errors = sum(p.severity == ERROR for p in problems)
    doc = {"problems": [p.as_dict() for p in problems], "errors": errors, "warnings": len(problems) - errors}
    return json.dumps(doc, ensure_ascii=False, indent=2)
