"""What the site shows but does not compute itself: the views drawn by graphviz and the gap analyses. Both
are made here from the model when the caller does not pass them to `build_site`; a caller that has them
already (a test, `ea serve` keeping the last ones) passes them in."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ..gitinfo import GitState
from ..model import Model
from ..problems import ERROR, Problem
from ..viewpoints import Selection, select
from . import urls


@dataclass
class Drawings:
    """Each view's selection, and its SVG per (view id, language); `notes` say what could not be drawn."""

    selections: dict[str, Selection] = field(default_factory=dict)
    svgs: dict[tuple[str, str], bytes] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def views_of(self) -> dict[str, list[str]]:
        """Element id -> the views it appears in."""
        found: dict[str, list[str]] = {}
        for view_id, sel in self.selections.items():
            for el in sel.elements:
                found.setdefault(el.id, []).append(view_id)
        return found


def select_views(model: Model) -> Drawings:
    """Every view of the model selected (what it shows), not yet drawn: enough to know the views of each
    element. A view that fails is noted, not fatal: its page says why."""
    from ..render.output import default_plateau

    drawings = Drawings()
    for view_id in sorted(model.viewpoints):
        try:
            view = model.viewpoints[view_id]
            drawings.selections[view_id] = select(model, view, view.plateau or default_plateau(model))
        except Exception as exc:  # a broken view must not stop the site; its page says why
            drawings.notes.append(f"view {view_id}: {exc}")
    return drawings


def draw_views(model: Model, langs: list[str], git: GitState | None,
               done: Callable[[], None] | None = None, selected: Drawings | None = None) -> Drawings:
    """Every view of the model, selected (unless `selected` are given, from `select_views`), then drawn in
    each language (graphviz runs in parallel); diagram nodes link to the element pages. A view that fails
    is noted, not fatal: its page says why. `done` is called after each drawing (from the drawing threads)."""
    from ..render.output import RenderError, check_dot

    drawings = selected if selected is not None else select_views(model)
    if not drawings.selections:
        return drawings
    try:
        check_dot()
    except RenderError as exc:
        drawings.notes.append(str(exc))
        return drawings
    jobs = [(vid, lang) for vid in sorted(drawings.selections) for lang in langs]

    def draw(job: tuple[str, str]):
        result = _draw(model, drawings.selections[job[0]], job[1], git)
        if done:
            done()
        return result

    with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
        results = list(pool.map(draw, jobs))
    for job, result in zip(jobs, results, strict=True):
        if isinstance(result, Exception):
            drawings.notes.append(f"view {job[0]} ({job[1]}): graphviz failed: {result}")
        else:
            drawings.svgs[job] = result
    return drawings


def _draw(model: Model, sel: Selection, lang: str, git: GitState | None):
    from ..render.output import RenderError, draw_selection

    links = {el.id: {"href": "../" + urls.element_path(el.id), "target": "_top"} for el in sel.elements}
    try:
        return draw_selection(model, sel, lang, git, styles=links)
    except RenderError as exc:
        return exc


@dataclass
class SiteReport:
    """One gap analysis shown in the site."""

    id: str
    title: dict | str
    from_plateau: str
    to_plateau: str
    analysis: object  # gap.Analysis
    definition: object | None
    file: str = ""


@dataclass
class Reports:
    """The gap reports of `gap_analysis/reports/` the site can build (the latest last), those it cannot
    (`skipped`: id, file, reason, detail), and the first-to-last-plateau analysis the roadmap shows."""

    reports: list[SiteReport] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    roadmap: SiteReport | None = None


def gap_reports(model: Model, problems: list[Problem], git: GitState) -> Reports:
    from ..gap import Scope, Side, analyse
    from ..gap.report import SideInfo, model_hash

    plateaus = model.plateau_order()
    found = Reports()
    if len(plateaus) < 2:
        return found
    errors = sum(p.severity == ERROR for p in problems)
    info = SideInfo(git, errors, len(problems) - errors, model_hash(model))
    order = {pid: i for i, pid in enumerate(plateaus)}
    done: dict[tuple, object] = {}

    def run(p1: str, p2: str, scope, date, definition):
        key = (p1, p2, scope, date, definition.id if definition else None)
        if key not in done:
            done[key] = analyse(Side(model, p1), Side(model, p2), scope, date, definition=definition,
                                infos=(info, info))
        return done[key]

    for d, rel in _definitions(model, order, found.skipped):
        analysis = run(d.from_plateau, d.to_plateau, d.scope, d.date, d)
        found.reports.append(SiteReport(d.id, d.title, d.from_plateau, d.to_plateau, analysis, d, rel))
    first, last = plateaus[0], plateaus[-1]
    found.roadmap = SiteReport(f"{first}--{last}", {}, first, last, run(first, last, Scope(), None, None), None)
    if not found.reports:
        found.reports.append(found.roadmap)
    # the latest report last: by target plateau, then baseline plateau, then id
    found.reports.sort(key=lambda r: (order[r.to_plateau], order[r.from_plateau], r.id))
    return found


def _definitions(model: Model, order: dict[str, int], skipped: list[dict]) -> list[tuple]:
    """The report definitions the site can build, with their files; the others are added to `skipped`."""
    from ..gap.report import DefinitionError, read_definition

    folder = model.root / model.manifest.folders["gap_analysis"] / "reports"
    paths = sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml")) if folder.is_dir() else []
    usable = []
    for path in paths:
        rel = path.relative_to(model.root).as_posix()
        try:
            d = read_definition(path, model.root)
        except DefinitionError as exc:
            skipped.append({"id": path.stem, "file": rel, "reason": "report_bad", "detail": str(exc)})
            continue
        if d.from_rev or d.to_rev:
            skipped.append({"id": d.id, "file": rel, "reason": "report_revisions", "detail": ""})
        elif d.from_plateau not in order or d.to_plateau not in order or \
                order[d.from_plateau] >= order[d.to_plateau]:
            skipped.append({"id": d.id, "file": rel, "reason": "report_bad",
                            "detail": f"plateaus {d.from_plateau} → {d.to_plateau} (known: {', '.join(order)})"})
        else:
            usable.append((d, rel))
    return usable


@dataclass
class Inputs:
    """Everything a page builder reads besides the model: the drawn views and the gap analyses; `made` keeps
    what pages derive from them and share (a report's view in a language, for the gap and roadmap pages)."""

    drawings: Drawings
    reports: Reports
    made: dict = field(default_factory=dict)

    def once(self, key: tuple, make: Callable[[], object]) -> object:
        if key not in self.made:
            self.made[key] = make()
        return self.made[key]
