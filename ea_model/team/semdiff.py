"""`ea diff`: what changed between two revisions of the model, element by element.

A revision is read from git objects into a temporary folder (`git archive`), never through the work tree,
and loaded like any repository. Elements are matched by id, renames through `replaces` (the new element
names the old id), relationships by their id or `type:source->target` with renamed ends mapped to the new
ids, so that a rename is one change and not a removal plus an addition plus every relationship again.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import EaError
from ..model import Element, Model, Relationship

ELEMENT_FIELDS = ("type", "kind", "name", "description", "owner", "rm", "tags", "properties", "plateaus", "changes",
                  "history", "replaces", "sources", "notes")
RELATIONSHIP_FIELDS = ("name", "access", "strength", "directed", "properties", "plateaus", "sources")
WORKTREE = "work tree"


class DiffError(EaError):
    pass


@dataclass
class FieldChange:
    field: str  # `owner`, `name.en`, `properties.users`
    old: object
    new: object


@dataclass
class ElementChange:
    id: str
    status: str  # added, removed, changed, renamed
    layer: str
    name: dict
    kind: str
    file: str
    old_id: str | None = None
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class RelationshipChange:
    key: str
    status: str
    type: str
    source: str
    target: str
    fields: list[FieldChange] = field(default_factory=list)


@dataclass
class Diff:
    old: str
    new: str
    elements: list[ElementChange]
    relationships: list[RelationshipChange]
    views: list[tuple[str, str]]  # (view id, why)
    findings_new: list  # Problems
    findings_gone: list
    names: dict[str, dict] = field(default_factory=dict)  # id -> name, of both revisions, for the text

    @property
    def empty(self) -> bool:
        return not (self.elements or self.relationships or self.views or self.findings_new or self.findings_gone)


# -- reading a revision --------------------------------------------------------------------------------------


def _git(root: Path, *args: str, binary: bool = False):
    try:
        out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False, timeout=120)
    except (OSError, subprocess.SubprocessError) as exc:
        raise DiffError(f"git cannot be run ({exc}): install git, or compare with the work tree only") from None
    if out.returncode != 0:
        message = out.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffError(f"git {' '.join(args[:2])}: {message[-1] if message else 'failed'} "
                        "(give a commit, branch or tag of this repository, e.g. HEAD~1 or main)")
    return out.stdout if binary else out.stdout.decode("utf-8", "replace")


def resolve(root: Path, rev: str) -> str:
    if rev.startswith("-"):
        raise DiffError(f"'{rev}' is not a revision (give a commit, branch or tag)")
    return _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").strip()


@contextmanager
def checkout(root: Path, rev: str) -> Iterator[Path]:
    """The repository as of `rev`, extracted from git objects into a temporary folder (deleted after)."""
    commit = resolve(root, rev)
    prefix = _git(root, "rev-parse", "--show-prefix").strip()  # the repository may be a folder of the git one
    data = _git(root, "archive", "--format=tar", commit, "--", f":(top){prefix}" if prefix else ".",
                f":(exclude,top){prefix}exports", binary=True)
    tmp = Path(tempfile.mkdtemp(prefix="ea-diff-"))
    try:
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(tmp, filter="data")  # no absolute paths, no `..`, no links leading out
        yield tmp / prefix if prefix else tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def load_revision(root: Path, rev: str | None) -> tuple[Model, list]:
    """(model, findings) of `rev`, or of the work tree when `rev` is None."""
    from ..loader import load
    from ..validation import validate

    if rev is None:
        model = load(root)
        return model, validate(model)
    with checkout(root, rev) as tmp:
        model = load(tmp)
        return model, validate(model)


# -- comparing ------------------------------------------------------------------------------------------------


def _value(obj, name: str):
    value = getattr(obj, name)
    return list(value) if isinstance(value, list) else dict(value) if isinstance(value, dict) else value


def field_changes(old, new, names: tuple[str, ...]) -> list[FieldChange]:
    """What differs between two elements or relationships; mappings (name, properties, changes) key by key."""
    changes = []
    for name in names:
        a, b = _value(old, name), _value(new, name)
        if a == b:
            continue
        if isinstance(a, dict) and isinstance(b, dict) and name in ("name", "properties", "changes", "description",
                                                                     "notes"):
            for key in sorted(set(a) | set(b), key=str):
                if a.get(key) != b.get(key):
                    changes.append(FieldChange(f"{name}.{key}", a.get(key), b.get(key)))
        else:
            changes.append(FieldChange(name, a, b))
    return changes


def _renames(old: Model, new: Model) -> dict[str, str]:
    """old id -> new id: an element gone from `old` that an element new in `new` `replaces`, or whose name,
    kind and type the new element has in the same file (an id changed and nothing else that identifies it)."""
    renames: dict[str, str] = {}
    gone = {eid: el for eid, el in old.elements.items() if eid not in new.elements}
    added = [el for eid, el in new.elements.items() if eid not in old.elements]
    for el in added:
        for pred in el.replaces:
            if pred in gone and pred not in renames:
                renames[pred] = el.id
    taken = set(renames.values())
    for el in added:
        if el.id in taken:
            continue
        match = next((g for g, before in gone.items() if g not in renames and before.file == el.file
                      and before.name == el.name and before.kind == el.kind and before.type == el.type), None)
        if match:
            renames[match] = el.id
    return renames


def _element(el: Element, status: str, **kw) -> ElementChange:
    return ElementChange(el.id, status, el.layer or "", el.name, el.kind or el.type or "", el.file, **kw)


def compare_elements(old: Model, new: Model, renames: dict[str, str]) -> list[ElementChange]:
    result = []
    renamed_to = {v: k for k, v in renames.items()}
    for eid, el in new.elements.items():
        if eid in renamed_to:
            before = old.elements[renamed_to[eid]]
            fields = [f for f in field_changes(before, el, ELEMENT_FIELDS) if f.field != "replaces"]
            result.append(_element(el, "renamed", old_id=before.id, fields=fields))
        elif eid not in old.elements:
            result.append(_element(el, "added"))
        else:
            fields = field_changes(old.elements[eid], el, ELEMENT_FIELDS)
            if fields:
                result.append(_element(el, "changed", fields=fields))
    for eid, el in old.elements.items():
        if eid not in new.elements and eid not in renames:
            result.append(_element(el, "removed"))
    return sorted(result, key=lambda c: (c.layer, c.id))


def _relationship_index(model: Model, renames: dict[str, str]) -> dict[str, Relationship]:
    index = {}
    for rel in model.relationships:
        if rel.inferred and not rel.id:
            continue
        src, dst = renames.get(rel.source, rel.source), renames.get(rel.target, rel.target)
        index.setdefault(rel.id or f"{rel.type}:{src}->{dst}", rel)
    return index


def compare_relationships(old: Model, new: Model, renames: dict[str, str]) -> list[RelationshipChange]:
    before, after = _relationship_index(old, renames), _relationship_index(new, {})
    result = []
    for key, rel in after.items():
        if key not in before:
            result.append(RelationshipChange(key, "added", rel.type, rel.source, rel.target))
        else:
            fields = field_changes(before[key], rel, RELATIONSHIP_FIELDS)
            if fields:
                result.append(RelationshipChange(key, "changed", rel.type, rel.source, rel.target, fields))
    for key, rel in before.items():
        if key not in after:
            result.append(RelationshipChange(key, "removed", rel.type, rel.source, rel.target))
    return sorted(result, key=lambda c: (c.source, c.type, c.target, c.status))


def affected_views(old: Model, new: Model, elements: list[ElementChange], renames: dict[str, str]) -> list:
    """Views whose definition changed, or that show an element or relationship that changed."""
    from ..viewpoints import selected_ids

    touched = {c.id for c in elements} | {c.old_id for c in elements if c.old_id}
    result = []
    for vid in sorted(set(old.viewpoints) | set(new.viewpoints)):
        a, b = old.viewpoints.get(vid), new.viewpoints.get(vid)
        if a is None or b is None:
            result.append((vid, "added" if a is None else "removed"))
            continue
        if _plain(a.raw) != _plain(b.raw):
            result.append((vid, "definition changed"))
            continue
        shown_before = {renames.get(i, i) for i in selected_ids(old, a)}
        shown_after = selected_ids(new, b)
        if shown_before != shown_after:
            result.append((vid, f"shows {len(shown_after - shown_before)} more, {len(shown_before - shown_after)} "
                                "fewer elements"))
        elif touched & (shown_after | shown_before):
            result.append((vid, f"{len(touched & shown_after)} changed element(s) shown"))
    return result


def _plain(value):
    from ..yamlload import plain

    return plain(value)


def _finding_key(problem) -> tuple:
    return (problem.file, problem.code, problem.message)  # not the line: edits above it move it


def compare_findings(old: list, new: list) -> tuple[list, list]:
    before, after = {_finding_key(p) for p in old}, {_finding_key(p) for p in new}
    return ([p for p in sorted(new) if _finding_key(p) not in before],
            [p for p in sorted(old) if _finding_key(p) not in after])


def semantic_diff(old: Model, old_findings: list, new: Model, new_findings: list, old_label: str,
                  new_label: str) -> Diff:
    renames = _renames(old, new)
    elements = compare_elements(old, new, renames)
    appeared, gone = compare_findings(old_findings, new_findings)
    names = {eid: el.name for eid, el in old.elements.items()} | {eid: el.name for eid, el in new.elements.items()}
    return Diff(old_label, new_label, elements, compare_relationships(old, new, renames),
                affected_views(old, new, elements, renames), appeared, gone, names)


def diff_revisions(root: Path, rev1: str | None, rev2: str | None) -> Diff:
    """`rev1` (default HEAD) against `rev2` (default: the work tree)."""
    rev1 = rev1 or "HEAD"
    old, old_findings = load_revision(root, rev1)
    new, new_findings = load_revision(root, rev2)
    return semantic_diff(old, old_findings, new, new_findings, rev1, rev2 or WORKTREE)
