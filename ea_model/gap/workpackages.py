"""Work-package coverage: which work packages close each gap, which gaps none closes, which work packages
close nothing, which are past their deadline at the report date and not done.

A work package (`type: work-package`, or `kind: project`) closes a gap when it `realizes` the target element
or one of the baseline elements the row continues (directly, or through a deliverable it realizes); an
elimination is also closed by a work package related to the eliminated element in any way (e.g.
`associated_with` from a decommissioning task) or named in the element's `retired_by` property. Only the
work packages of the plateaus after the baseline up to the target count (all of them when comparing
revisions).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field

from ..model import Element
from .compare import ELIMINATED, GapMatrix, plain

WP_STATUSES = ("planned", "in-progress", "done", "unknown")


@dataclass(slots=True)
class WorkPackage:
    id: str
    name: dict
    owner: str | None
    cooperating: list[str]
    deadline: str | None  # ISO date (YYYY-MM and YYYY are read as the period's last day)
    deadline_text: str | None
    deliverable: object
    status: str
    plateau: str  # the plateau the roadmap groups it under
    sources: list[dict]
    realizes: list[str] = field(default_factory=list)
    closes: list[str] = field(default_factory=list)  # keys of the gaps it closes
    overdue: bool = False


@dataclass
class Coverage:
    report_date: str | None
    packages: list[WorkPackage]

    @property
    def realize_nothing(self) -> list[WorkPackage]:
        """Work packages with no `realizes` that close no gap either (a decommissioning task closes one)."""
        return [wp for wp in self.packages if not wp.realizes and not wp.closes]

    @property
    def close_nothing(self) -> list[WorkPackage]:
        return [wp for wp in self.packages if wp.realizes and not wp.closes]

    @property
    def overdue(self) -> list[WorkPackage]:
        return [wp for wp in self.packages if wp.overdue]


def is_work_package(el: Element) -> bool:
    return el.type == "work-package"


def iso_deadline(value) -> str | None:
    text = str(value).strip() if value is not None else ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return text
    if re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", text):
        year, month = int(text[:4]), int(text[5:])
        return f"{text}-{calendar.monthrange(year, month)[1]:02d}"
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-12-31"
    return None


def _window(matrix: GapMatrix) -> list[str] | None:
    """Plateaus whose work packages count: after the baseline up to the target; None = every one."""
    if not matrix.same_model or matrix.before.plateau == matrix.after.plateau:
        return None
    order = matrix.after.model.plateau_order()
    i, j = order.index(matrix.before.plateau), order.index(matrix.after.plateau)
    return order[i + 1:j + 1]


def _package(el: Element, plateaus: list[str], default_plateau: str) -> WorkPackage:
    """`plateaus`: the window, or every plateau in order."""
    props = el.properties
    status = str(props.get("status") or "unknown").strip().lower()
    mine = [p for p in plateaus if el.plateaus is None or p in el.plateaus]
    plateau = default_plateau if el.plateaus is None or not mine else mine[0]
    coop = props.get("cooperating")
    return WorkPackage(
        id=el.id, name=plain(el.name), owner=el.owner,
        cooperating=[str(c) for c in (coop if isinstance(coop, list) else [coop] if coop else [])],
        deadline=iso_deadline(props.get("deadline")),
        deadline_text=str(props["deadline_text"]) if props.get("deadline_text") is not None else None,
        deliverable=plain(props.get("deliverable")),
        status=status if status in WP_STATUSES else "unknown", plateau=plateau,
        sources=[plain(s) for s in el.sources],
    )


def _packages(matrix: GapMatrix) -> dict[str, WorkPackage]:
    """The work packages of the plateaus that count, by id."""
    model = matrix.after.model
    window = _window(matrix)
    plateaus = window or model.plateau_order()  # sorted once, not once per work package
    counted = set(window or ())
    packages: dict[str, WorkPackage] = {}
    for eid in sorted(eid for eid, el in model.elements.items() if is_work_package(el)):
        el = model.elements[eid]
        if window is None or el.plateaus is None or not counted.isdisjoint(el.plateaus):
            packages[eid] = _package(el, plateaus, matrix.after.plateau)
    return packages


def _realizes(wp: WorkPackage, target: str, realizers: dict[str, set[str]]) -> None:
    realizers.setdefault(target, set()).add(wp.id)
    if target not in wp.realizes:
        wp.realizes.append(target)


def _links(matrix: GapMatrix, packages: dict[str, WorkPackage]) -> tuple[dict, dict]:
    """Element id -> the work packages that realize it (in the target model), and -> those related to it in
    any way (in either model)."""
    model = matrix.after.model
    realizers: dict[str, set[str]] = {}
    related: dict[str, set[str]] = {}
    for m in [model] if matrix.same_model else [model, matrix.before.model]:
        for rel in m.relationships:
            if rel.source in packages:
                related.setdefault(rel.target, set()).add(rel.source)
                if rel.type == "realization" and m is model:
                    _realizes(packages[rel.source], rel.target, realizers)
            elif rel.target in packages:
                related.setdefault(rel.source, set()).add(rel.target)
    # ArchiMate's longer path: a work package realizes a deliverable, which realizes the element
    for rel in model.relationships:
        if rel.type == "realization" and rel.source in realizers:
            source = model.elements.get(rel.source)
            if source is not None and source.type == "deliverable":
                for w in sorted(realizers[rel.source]):
                    _realizes(packages[w], rel.target, realizers)
    return realizers, related


def cover(matrix: GapMatrix, report_date: str | None = None) -> Coverage:
    """Fill each gap's `work_packages` and return the work packages with the gaps they close."""
    packages = _packages(matrix)
    realizers, related = _links(matrix, packages)
    for wp in packages.values():
        wp.realizes.sort()
    for gap in matrix.gaps:
        if not gap.is_gap:
            continue
        ids = [i for i in (gap.target, *gap.baseline) if i]
        wps = {w for i in ids for w in realizers.get(i, ())}
        if gap.status == ELIMINATED:
            wps |= {w for i in ids for w in related.get(i, ())}
        named = {d for d in gap.decisions if d in packages}
        gap.decisions = [d for d in gap.decisions if d not in named]
        gap.work_packages = sorted(wps | named)
        for w in gap.work_packages:
            packages[w].closes.append(gap.key)
    for wp in packages.values():
        wp.closes.sort()
        wp.overdue = bool(report_date and wp.deadline and wp.deadline < report_date and wp.status != "done")
    return Coverage(report_date, list(packages.values()))
