"""model -> problems: run the rule catalogue, honouring the manifest's disabled rules and severities."""

from __future__ import annotations

from dataclasses import replace

from .model import Model
from .problems import ERROR, LOAD_CODES, WARNING, Problem
from .rules import all_rules


def validate(model: Model, strict: bool = False) -> list[Problem]:
    """Every finding: the files that could not be read first (what they define is missing, so other findings
    may follow from them), then the rest, each sorted by file and line. With `strict`, warnings are errors."""
    disabled = set(model.manifest.disabled_rules)
    overrides = model.manifest.severity
    problems: set[Problem] = set()
    # External elements (`prefix:id` of a dependency) are read-only here: their own findings belong to their
    # repository's validation, not to this one (a reference to them is still checked where it is written).
    external = {el.file for el in model.elements.values() if el.home}
    for rule in all_rules():
        if rule.CODE in disabled:
            continue
        for problem in rule.check(model):
            if problem.file in external:
                continue
            severity = overrides.get(problem.code, problem.severity)
            if strict and severity == WARNING:
                severity = ERROR
            problems.add(replace(problem, severity=severity) if severity != problem.severity else problem)
    return sorted(problems, key=lambda p: (p.code not in LOAD_CODES, p))


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)
