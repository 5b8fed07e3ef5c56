"""model -> problems: run the rule catalogue, honouring the manifest's disabled rules and severities."""

from __future__ import annotations

from dataclasses import replace

from . import forked
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
    for problem in _findings(model, [rule for rule in all_rules() if rule.CODE not in disabled]):
        if problem.file in external:
            continue
        severity = overrides.get(problem.code, problem.severity)
        if strict and severity == WARNING:
            severity = ERROR
        problems.add(replace(problem, severity=severity) if severity != problem.severity else problem)
    return sorted(problems, key=lambda p: (p.code not in LOAD_CODES, p))


# From this many elements, half of the rules run in a forked process meanwhile (ea_model/forked.py): the rules
# of a 100,000-element model take ~3 s of CPU, a fork and its few findings back a few milliseconds.
PARALLEL_FROM = 20_000


def _findings(model: Model, rules: list) -> list[Problem]:
    """What `rules` find, unsorted, in one or two processes (the result is the same set)."""
    def run(some: list) -> list[Problem]:
        return [problem for rule in some for problem in rule.check(model)]

    other = forked.start(lambda: run(rules[1::2])) if len(model.elements) >= PARALLEL_FROM else None
    if other is None:
        return run(rules)
    mine = run(rules[::2])
    theirs = other()
    return mine + (theirs if theirs is not None else run(rules[1::2]))


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)
