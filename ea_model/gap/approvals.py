"""Recorded approvals of gap reports (`gap_analysis/approvals/*.yaml`) and their verification.

An approval names the report, the decision, its date and signer, the report's content hash and the model
commit it was computed from. Verifying regenerates the report from that commit (read from git objects into a
temporary folder, never the work tree) and compares hashes, then lists what changed in the model since, so
the next revision knows what needs approving again.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema

from ..errors import EaError
from ..gitinfo import model_state, revision_state
from ..model import Model
from ..schema_check import schema_problems
from .compare import Side, plain
from .report import DATE, DefinitionError, definitions, read_mapping

FOLDER = "approvals"
RECORD_SCHEMA = {
    "type": "object", "additionalProperties": False,
    "required": ["report", "decision", "date", "by", "content_hash", "model_commit"],
    "properties": {
        "report": {"type": "string"}, "decision": {"type": "string", "minLength": 1},
        "date": {"type": "string", "pattern": DATE}, "by": {"type": "string", "minLength": 1},
        "content_hash": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
        "model_commit": {"type": "string", "pattern": "^[0-9a-f]{40}$"},
        "model_date": {"type": ["string", "null"]}, "note": {"type": "string"}, "source": {"type": "object"},
    },
}


@dataclass
class Record:
    file: str
    report: str
    decision: str
    date: str
    by: str
    content_hash: str
    model_commit: str
    model_date: str | None = None
    note: str | None = None
    source: dict | None = None

    def as_dict(self) -> dict:
        out = {"report": self.report, "decision": self.decision, "date": self.date, "by": self.by,
               "content_hash": self.content_hash, "model_commit": self.model_commit, "model_date": self.model_date}
        if self.source:
            out["source"] = self.source
        if self.note:
            out["note"] = self.note
        return out


def folder(root: Path, gap_folder: str) -> Path:
    return root / gap_folder / FOLDER


def records(root: Path, gap_folder: str) -> list[Record]:
    """Every recorded approval, by date then file; a malformed record is a file:line error."""
    base = folder(root, gap_folder)
    out = []
    for path in sorted(base.glob("*.yaml")) if base.is_dir() else []:
        rel = path.relative_to(root).as_posix()
        data = read_mapping(path, rel, "an approval record", "write it with `ea approve`")
        problems = schema_problems(jsonschema.Draft202012Validator(RECORD_SCHEMA), data, rel, "approval record")
        if problems:
            raise DefinitionError(problems)
        d = plain(data)
        out.append(Record(rel, d["report"], d["decision"], d["date"], d["by"], d["content_hash"],
                          d["model_commit"], d.get("model_date"), d.get("note"), d.get("source")))
    return sorted(out, key=lambda r: (r.date, r.file))


def for_report(root: Path, gap_folder: str, report_id: str) -> list[Record]:
    return [r for r in records(root, gap_folder) if r.report == report_id]


def report_hash_at(root: Path, commit: str, report_id: str, tmp: Path) -> str:
    """The content hash of report `report_id` computed from the model as committed at `commit`."""
    from ..loader import load
    from . import analyse, side_info
    from .revisions import RevisionError, extract

    try:
        tree = extract(root, commit, tmp / commit)
    except RevisionError as exc:
        raise EaError(str(exc)) from None
    model = load(tree)
    defs = definitions(model.root, model.manifest.folders["gap_analysis"])
    d = defs.get(report_id)
    if d is None:
        raise EaError(f"report '{report_id}' has no definition at commit {commit[:10]} "
                      f"(commit gap_analysis/reports/{report_id}.yaml first)")
    if d.from_rev or not d.from_plateau or not d.to_plateau:
        raise EaError(f"report '{report_id}' compares git revisions: only reports between two plateaus are approved")
    info = side_info(model, revision_state(root, commit))
    analysis = analyse(Side(model, d.from_plateau), Side(model, d.to_plateau), d.scope, d.date, definition=d,
                       infos=(info, info))
    return analysis.result().content_hash


def approve(model: Model, report_id: str, decision: str, date: str, by: str, note: str | None = None,
            source: dict | None = None) -> tuple[Path, Record]:
    """Record the approval of `report_id` for the model's last committed change; returns the file written."""
    from ..atomic import write_text

    gap_folder = model.manifest.folders["gap_analysis"]
    if report_id not in definitions(model.root, gap_folder):
        known = ", ".join(sorted(definitions(model.root, gap_folder))) or "none"
        raise EaError(f"unknown report '{report_id}' (known: {known}; definitions are in {gap_folder}/reports/)")
    state = model_state(model)
    if state.commit is None:
        raise EaError("the model is not in a git repository with commits: an approval names the commit it approves "
                      "(git init; git commit)")
    if not state.clean:
        raise EaError("the model has changes that are not committed: an approval names a commit, so commit the "
                      "model first (git status)")
    with tempfile.TemporaryDirectory(prefix="ea-approve-") as tmp:
        digest = report_hash_at(model.root, state.commit, report_id, Path(tmp))
    record = Record("", report_id, decision, date, by, digest, state.commit, state.date, note, source)
    path = folder(model.root, gap_folder) / f"{report_id}--{date}.yaml"
    header = ("# An approval recorded by `ea approve`; `ea approvals verify` checks it against the model.\n"
              "# Written by the tool: the hash and commit bind it to the exact model revision approved.\n")
    body = "\n".join(f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in record.as_dict().items())
    write_text(path, header + body + "\n")
    record.file = path.relative_to(model.root).as_posix()
    return path, record


@dataclass
class Changes:
    added: dict[str, list[str]] = field(default_factory=dict)  # layer -> element ids
    changed: dict[str, list[str]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)
    relationships: int = 0  # relationships added, changed or removed

    @property
    def empty(self) -> bool:
        return not (self.added or self.changed or self.removed or self.relationships)

    def as_dict(self) -> dict:
        return {"added": self.added, "changed": self.changed, "removed": self.removed,
                "relationships": self.relationships}


@dataclass
class Verification:
    record: Record
    current_hash: str | None  # the report recomputed at the recorded commit
    matches: bool
    changes: Changes
    error: str | None = None

    def as_dict(self) -> dict:
        return {**self.record.as_dict(), "file": self.record.file, "matches": self.matches,
                "recomputed_hash": self.current_hash, "error": self.error, "changes_since": self.changes.as_dict()}


def _content(item) -> str:
    raw = plain(item.raw) if item.raw else {}
    return json.dumps(raw, sort_keys=True, ensure_ascii=False)


def changes_between(old: Model, new: Model) -> Changes:
    """Elements added, changed or removed (by layer) from `old` to `new`, and how many relationships differ."""
    out = Changes()
    for eid in sorted(set(old.elements) | set(new.elements)):
        a, b = old.elements.get(eid), new.elements.get(eid)
        if a is None:
            out.added.setdefault(b.layer or "other", []).append(eid)
        elif b is None:
            out.removed.setdefault(a.layer or "other", []).append(eid)
        elif _content(a) != _content(b):
            out.changed.setdefault(b.layer or "other", []).append(eid)
    rels_a = {(r.key, _content(r)) for r in old.relationships if not r.inline}
    rels_b = {(r.key, _content(r)) for r in new.relationships if not r.inline}
    out.relationships = len(rels_a ^ rels_b)
    return out


def verify(model: Model) -> list[Verification]:
    """Check every recorded approval: the report recomputed at its commit, and the model's changes since."""
    from ..loader import load
    from .revisions import RevisionError, extract

    out = []
    gap_folder = model.manifest.folders["gap_analysis"]
    with tempfile.TemporaryDirectory(prefix="ea-verify-") as tmp:
        for rec in records(model.root, gap_folder):
            try:
                digest = report_hash_at(model.root, rec.model_commit, rec.report, Path(tmp))
                then = load(extract(model.root, rec.model_commit, Path(tmp) / rec.model_commit))
            except (EaError, RevisionError) as exc:
                out.append(Verification(rec, None, False, Changes(), str(exc)))
                continue
            out.append(Verification(rec, digest, digest == rec.content_hash, changes_between(then, model)))
    return out
