"""Gap analysis: the TOGAF gap matrix between two plateaus or two commits, work-package and reference-model
coverage, pictures, and the approval report in md / html / json / csv / xlsx.

    from ea_model import load
    from ea_model.gap import Side, analyse
    model = load(".")
    analysis = analyse(Side(model, "baseline-2022"), Side(model, "target-2030"))
    analysis.matrix.gaps          # rows: status, target, baseline, changes, work_packages ...
    analysis.result()             # the report every format renders (result.Report)
    analysis.report()             # the same as JSON-able data
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from threading import Thread

from ..gitinfo import GitState, model_state
from ..model import Model
from ..model_snapshot import slot_of
from ..problems import ERROR
from ..validation import validate
from .compare import CHANGED, ELIMINATED, INCLUDED, NEW, Gap, GapMatrix, Scope, Side, compare
from .formats import FORMATS, NEEDS_PICTURES
from .formats import render as render_format
from .report import Definition, SideInfo, build, model_hash
from .result import Report
from .rmcoverage import RmCoverage, rm_coverage
from .workpackages import Coverage, cover

__all__ = [
    "CHANGED", "ELIMINATED", "FORMATS", "INCLUDED", "NEW", "Analysis", "Gap", "GapMatrix", "Scope", "Side",
    "analyse", "compare", "side_info", "side_info_meanwhile",
]


def side_info(model: Model, git: GitState | None = None) -> SideInfo:
    """Provenance of one model: git state (of the model's own files), validation counts, content hash."""
    return side_info_meanwhile(model, git, thread=False)()


def side_info_meanwhile(model: Model, git: GitState | None = None, thread: bool = True) -> Callable[[], SideInfo]:
    """`side_info` as a function that gives it, its git state and file hash found meanwhile by a thread: they wait
    on git and on reading the model's files (0.1 s at 100,000 elements), while the caller compares. The findings
    are read first, in the caller's thread: a validation, when none are kept, forks its workers, which a process
    running a thread does not (`forked.can_fork`). Once the function has returned, the thread is over."""
    problems = _findings(model)
    errors = sum(p.severity == ERROR for p in problems)
    found: list = []

    def work() -> None:
        try:
            state = git if git is not None else model_state(model)
            found.append(SideInfo(state, errors, len(problems) - errors, model_hash(model)))
        except BaseException as exc:  # noqa: BLE001 - raised again in the caller's thread
            found.append(exc)

    worker = Thread(target=work, name="ea-gap-side-info", daemon=True) if thread else None
    if worker is None:
        work()
    else:
        worker.start()

    def wait() -> SideInfo:
        if worker is not None:
            worker.join()
        if isinstance(found[0], BaseException):
            raise found[0]
        return found[0]

    return wait


def _findings(model: Model) -> list:
    """`ea validate`'s findings on the model: those it kept for this exact state when there are (a second full
    validation of 100,000 elements takes seconds), else found now and kept for the next command."""
    slot = slot_of(model)
    kept = slot.findings(strict=False) if slot else None
    if kept is not None:
        return kept[0]
    problems = validate(model)
    if slot:
        slot.keep_findings(False, problems, {"files": len(model.files), "elements": len(model.elements),
                                             "relationships": len(model.relationships)})
    return problems


@dataclass
class Analysis:
    matrix: GapMatrix
    coverage: Coverage
    rm: RmCoverage
    definition: Definition | None = None
    infos: tuple[SideInfo, SideInfo] | None = None
    _result: Report | None = field(default=None, repr=False)
    _report: dict | None = field(default=None, repr=False)

    def result(self) -> Report:
        """The report as data, which the formats render."""
        if self._result is None:
            infos = self.infos
            if infos is None:
                before = side_info(self.matrix.before.model)
                after = before if self.matrix.same_model else side_info(self.matrix.after.model)
                infos = (before, after)
            self._result = build(self.matrix, self.coverage, self.rm, infos[0], infos[1], self.definition)
        return self._result

    def report(self) -> dict:
        """The report as JSON-able data (docs/gap.md, 'JSON')."""
        if self._report is None:
            self._report = self.result().as_dict()
        return self._report

    def pictures(self, lang: str) -> dict:
        """The gap view (SVG, laid out by graphviz) and the roadmap (SVG), for the HTML report."""
        from .roadmap import roadmap_svg
        from .view import gap_view

        out: dict = {"roadmap": roadmap_svg(self.result(), lang)}
        view = gap_view(self.matrix, lang)
        if view.svg is None:
            out["gap_view_note"] = view.note
            return out
        out["gap_view"] = view.svg
        return out

    def render(self, fmt: str, lang: str) -> bytes:
        pictures = self.pictures(lang) if fmt in NEEDS_PICTURES else {}
        return render_format(fmt, self.result(), lang, pictures)


def analyse(before: Side, after: Side, scope: Scope | None = None, report_date: str | None = None,
            definition: Definition | None = None,
            infos: tuple[SideInfo, SideInfo] | Callable[[], tuple[SideInfo, SideInfo]] | None = None) -> Analysis:
    """Compare, then cover with work packages and reference-model categories. Without `report_date`, the
    date of the target model's last commit is used (overdue work packages need a date). `infos` may be a function
    that gives them, called after the comparison (`side_info_meanwhile`)."""
    matrix = compare(before, after, scope)
    if callable(infos):
        infos = infos()
    if report_date is None and infos is not None:
        report_date = infos[1].git.date
    coverage = cover(matrix, report_date)
    return Analysis(matrix, coverage, rm_coverage(matrix), definition, infos)
