"""model -> problems: run the rule catalogue, honouring the manifest's disabled rules and severities."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

from . import forked
from .model import Model, named_ids
from .model_snapshot import gc_paused
from .problems import ERROR, LOAD_CODES, WARNING, Problem
from .rules import all_rules
from .rules._scope import ITEM, REFERENCES


@dataclass(frozen=True)
class Since:
    """What validation (same `strict`) found on an earlier state of the repository, and which model files changed
    since and which ids their elements had or have (ea_model/model_snapshot.py `Change`). The findings of scoped
    rules (ea_model/rules/_scope.py) about files the change cannot affect are taken from `problems`."""

    problems: list[Problem]
    files: frozenset[str]
    ids: frozenset[str]
    names: Mapping[str, frozenset[str]] = field(default_factory=dict)  # file -> the ids its items name, where known


def validate(model: Model, strict: bool = False, since: Since | None = None) -> list[Problem]:
    """Every finding: the files that could not be read first (what they define is missing, so other findings
    may follow from them), then the rest, each sorted by file and line. With `strict`, warnings are errors.
    With `since`, the same findings, the scoped rules run only where the change may have changed theirs."""
    disabled = set(model.manifest.disabled_rules)
    overrides = model.manifest.severity
    problems: set[Problem] = set()
    # External elements (`prefix:id` of a dependency) are read-only here: their own findings belong to their
    # repository's validation, not to this one (a reference to them is still checked where it is written).
    external = {el.file for el in model.elements.values() if el.home}
    rules = [rule for rule in all_rules() if rule.CODE not in disabled]
    # The rules make many short-lived objects (sets, graphs) and no garbage cycles worth a collection meanwhile:
    # the collector's passes over them were a third of the whole-model rules' time at 100,000 elements.
    with gc_paused():
        found = _findings(model, rules) if since is None or external else _findings_since(model, rules, since)
    for problem in found:
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


def _findings(model: Model, rules: list, also: Callable[[], list[Problem]] = list) -> list[Problem]:
    """What `rules` find, unsorted, and what `also()` returns, in one or two processes (the result is the same)."""
    def run(some: list) -> list[Problem]:
        return [problem for rule in some for problem in rule.check(model)]

    other = forked.start(lambda: run(rules[1::2])) if len(model.elements) >= PARALLEL_FROM else None
    if other is None:
        return run(rules) + also()
    mine = run(rules[::2]) + also()
    theirs = other()
    return mine + (theirs if theirs is not None else run(rules[1::2]))


def _findings_since(model: Model, rules: list, since: Since) -> list[Problem]:
    """The findings of `rules` on `model`, the scoped ones re-run only on the files a change of `since.files`
    and `since.ids` may affect, and taken from `since.problems` for the other files."""
    scoped = [rule for rule in rules if getattr(rule, "SCOPE", None) in (ITEM, REFERENCES)]
    return _findings(model, [rule for rule in rules if rule not in scoped], lambda: _scoped(model, scoped, since))


def _scoped(model: Model, rules: list, since: Since) -> list[Problem]:
    # An id defined or removed there may now be another file's element, or a duplicate.
    item = set(since.files) | {model.elements[i].file for i in since.ids if i in model.elements}
    item |= {duplicate.file for duplicate, _ in model.duplicates if duplicate.id in since.ids}
    references = item | _naming(model, since)
    earlier: dict[str, list[Problem]] = {}
    for problem in since.problems:
        earlier.setdefault(problem.code, []).append(problem)
    # The plateaus are checked every time (few): their file's findings come from this run.
    again = {rule.CODE: (item if rule.SCOPE == ITEM else references | {p.file for p in earlier.get(rule.CODE, ())})
             | {model.manifest.plateaus} for rule in rules}
    files = set().union(*again.values())
    elements = [el for el in model.elements.values() if el.file in files]
    relationships = [rel for rel in model.relationships if rel.file in files]
    found: list[Problem] = []
    for rule in rules:
        these = again[rule.CODE]
        found += rule.check(model, [el for el in elements if el.file in these],
                            [rel for rel in relationships if rel.file in these])
        found += [p for p in earlier.get(rule.CODE, ()) if p.file not in these]
    return found


def _naming(model: Model, since: Since) -> set[str]:
    """The files of the elements and relationships that name one of `since.ids`."""
    ids, known = since.ids, since.names
    files = {file for file, names in known.items() if not ids.isdisjoint(names)}
    items = (item for items in (model.elements.values(), model.relationships) for item in items
             if item.file not in known)
    return files | {item.file for item in items if not ids.isdisjoint(named_ids(item))}


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)
