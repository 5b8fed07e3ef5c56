"""LANG/problems.html: the validation findings of the model."""

from __future__ import annotations

from ...problems import ERROR
from ..context import Site
from ..inputs import Inputs


def write(site: Site, lang: str, inputs: Inputs) -> None:
    rows = [{"file": p.file, "line": p.line, "code": p.code, "severity": p.severity, "message": p.message,
             "hint": p.hint} for p in site.problems]
    errors = sum(p.severity == ERROR for p in site.problems)
    site.render("problems.html.j2", lang, "problems.html", problems=rows, errors=errors, warnings=len(rows) - errors)
