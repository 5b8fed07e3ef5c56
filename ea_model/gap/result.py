"""The gap report as data: what `report.build` returns and every format reads. Names are kept in every
language (the formats choose one); ids are kept everywhere. `Report.as_dict()` is the JSON form documented
in docs/gap.md ('JSON'); the report holds no time of the run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .compare import CHANGED, ELIMINATED, INCLUDED, NEW, Gap, Scope, plain
from .rmcoverage import CategoryRow
from .workpackages import WorkPackage

STATUS_COUNTS = (INCLUDED, CHANGED, NEW, ELIMINATED, "unintended", "without_work_package")


@dataclass
class ModelState:
    """Provenance of the model one side was read from."""

    commit: str | None
    date: str | None
    clean: bool | None
    hash: str
    errors: int
    warnings: int

    def as_dict(self) -> dict:
        return {"commit": self.commit, "date": self.date, "clean": self.clean, "hash": self.hash,
                "errors": self.errors, "warnings": self.warnings}


@dataclass
class SideEntry:
    plateau: str
    plateau_name: Any  # {lang: text} or text
    plateau_date: str | None
    revision: str | None  # the git commit the model was read from; None for the work tree
    model: ModelState

    def as_dict(self) -> dict:
        return {"plateau": self.plateau, "plateau_name": self.plateau_name, "plateau_date": self.plateau_date,
                "revision": self.revision, "model": self.model.as_dict()}


@dataclass
class Plateau:
    id: str
    name: Any
    date: str | None
    revision: str | None = None

    def as_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "date": self.date}

    def as_column(self) -> dict:
        return {"plateau": self.id, "plateau_name": self.name, "revision": self.revision}


@dataclass
class Approval:
    status: str
    prepared_by: list = field(default_factory=list)
    reviewed_by: list = field(default_factory=list)
    approver: Any = None
    decision: dict | None = None
    definition: str | None = None  # the definition file; None for an ad-hoc analysis
    description: Any = None
    notes: Any = None

    def as_dict(self) -> dict:
        out = {"status": self.status, "prepared_by": self.prepared_by, "reviewed_by": self.reviewed_by,
               "approver": self.approver, "decision": self.decision, "definition": self.definition}
        if self.definition is not None:
            out |= {"description": self.description, "notes": self.notes}
        return out


@dataclass
class Counts:
    included: int = 0
    changed: int = 0
    new: int = 0
    eliminated: int = 0
    unintended: int = 0
    without_work_package: int = 0

    def add(self, gap: Gap) -> None:
        setattr(self, gap.status, getattr(self, gap.status) + 1)
        self.unintended += gap.unintended
        self.without_work_package += gap.is_gap and not gap.work_packages

    def as_dict(self) -> dict:
        return {key: getattr(self, key) for key in STATUS_COUNTS}


@dataclass
class PackageCounts:
    count: int
    realize_nothing: int
    close_nothing: int
    overdue: int

    def as_dict(self) -> dict:
        return {"count": self.count, "realize_nothing": self.realize_nothing, "close_nothing": self.close_nothing,
                "overdue": self.overdue}


@dataclass
class Summary:
    layers: dict[str, Counts]  # in the order of the matrix
    total: Counts
    work_packages: PackageCounts

    def as_dict(self) -> dict:
        return {"layers": [{"layer": layer, **counts.as_dict()} for layer, counts in self.layers.items()],
                "total": self.total.as_dict(), "work_packages": self.work_packages.as_dict()}


@dataclass
class RmTable:
    columns: list[Plateau]
    categories: list[CategoryRow]
    empty_in_target: list[str]

    def as_dict(self) -> dict:
        categories = [{"code": r.code, "model": r.model, "kind": r.kind, "level": r.level, "name": plain(r.name),
                       "counts": r.counts} for r in self.categories]
        return {"columns": [c.as_column() for c in self.columns], "categories": categories,
                "empty_in_target": self.empty_in_target}


@dataclass(slots=True)
class ElementEntry:
    """What the report needs of an element it mentions, so formats need no model. `known` is false for an
    id neither model has (it is then printed as it is)."""

    name: Any
    type: str | None = None
    kind: str | None = None
    layer: str | None = None
    sources: list = field(default_factory=list)
    number: str | None = None  # of a legal document, printed in place of its id in sources
    # "name_before" / "name_after": the name in each side's plateau, in the order they were found (kept in JSON)
    names_at: dict[str, Any] = field(default_factory=dict)
    known: bool = True
    inferred: bool = False  # `inferred: true` in the model: not stated by the source, deduced (formats mark it)

    def as_dict(self) -> dict:
        if not self.known:
            return {"name": None}
        if self.number is None:  # one dict made, not three: a report has 100,000 of them
            return {"name": self.name, "type": self.type, "kind": self.kind, "layer": self.layer,
                    "sources": self.sources, "inferred": self.inferred, **self.names_at}
        return {"name": self.name, "type": self.type, "kind": self.kind, "layer": self.layer, "sources": self.sources,
                "inferred": self.inferred, "number": self.number, **self.names_at}


def gap_dict(g: Gap) -> dict:
    return {"key": g.key, "layer": g.layer, "status": g.status, "unintended": g.unintended, "target": g.target,
            "baseline": list(g.baseline), "match": g.match, "changes": [c.as_dict() for c in g.changes],
            "decisions": list(g.decisions), "work_packages": list(g.work_packages)}


def package_dict(wp: WorkPackage) -> dict:
    return {"id": wp.id, "name": wp.name, "owner": wp.owner, "cooperating": wp.cooperating, "deadline": wp.deadline,
            "deadline_text": wp.deadline_text, "deliverable": wp.deliverable, "status": wp.status,
            "plateau": wp.plateau, "overdue": wp.overdue, "realizes": wp.realizes, "closes": wp.closes,
            "sources": wp.sources}


@dataclass
class Report:
    format: str
    id: str
    title: Any  # {lang: text} or text
    approval: Approval
    date: str | None  # the report date (overdue work packages are computed at it)
    from_: SideEntry
    to: SideEntry
    same_model: bool
    plateaus: list[Plateau]
    scope: Scope
    summary: Summary
    gaps: list[Gap]
    work_packages: list[WorkPackage]
    realize_nothing: list[str]
    close_nothing: list[str]
    overdue: list[str]
    rm_coverage: RmTable
    elements: dict[str, ElementEntry]
    languages: tuple[str, ...] = ("vi", "en")  # of the target's ea.yaml: the fallbacks of names (not in JSON)
    # The hash, or a function that waits for it: a big report's is computed by a forked child while this process
    # renders (`report.build`).
    _content_hash: str | Callable[[], str] = field(default="", repr=False, compare=False)
    # The JSON form, made once: it is asked for by the content hash, the JSON format and the summary (each a
    # second or more at 100,000 elements). Kept with what it was made from, so a changed report is made again.
    _dict: tuple[tuple, dict] | None = field(default=None, repr=False, compare=False)

    @property
    def content_hash(self) -> str:
        if callable(self._content_hash):
            self._content_hash = self._content_hash()
        return self._content_hash

    @content_hash.setter
    def content_hash(self, value: str | Callable[[], str]) -> None:
        self._content_hash = value

    @property
    def without_work_package(self) -> list[str]:
        return [g.key for g in self.gaps if g.is_gap and not g.work_packages]

    @property
    def unintended(self) -> list[str]:
        return [g.key for g in self.gaps if g.unintended]

    def as_dict(self) -> dict:
        """The JSON form (a new top-level dict each call; what it holds is shared between calls: read it)."""
        out = self.body()
        if self.content_hash:  # set after the first call (the hash is of that form): last, as always
            out["content_hash"] = self.content_hash
        return out

    def body(self) -> dict:
        """The JSON form without the content hash (which is computed from it)."""
        made_from = (id(self.approval), id(self.gaps), id(self.elements), self.date, id(self.title), self.id)
        if self._dict is None or self._dict[0] != made_from:
            self._dict = (made_from, self._as_dict())
        return dict(self._dict[1])

    def _as_dict(self) -> dict:
        return {
            "format": self.format, "id": self.id, "title": self.title, "approval": self.approval.as_dict(),
            "date": self.date, "from": self.from_.as_dict(), "to": self.to.as_dict(), "same_model": self.same_model,
            "plateaus": [p.as_dict() for p in self.plateaus], "scope": self.scope.as_dict(),
            "summary": self.summary.as_dict(), "gaps": [gap_dict(g) for g in self.gaps],
            "without_work_package": self.without_work_package, "unintended": self.unintended,
            "work_packages": [package_dict(wp) for wp in self.work_packages],
            "realize_nothing": self.realize_nothing, "close_nothing": self.close_nothing, "overdue": self.overdue,
            "rm_coverage": self.rm_coverage.as_dict(),
            "elements": {k: e.as_dict() for k, e in self.elements.items()},
        }
