"""Build the static architecture portal: one folder per language, a page per element, view, reference model,
layer and gap report, the roadmap, the validation findings, and a prebuilt search index. The pages are
written by the modules of `pages/`; this module gathers their inputs and puts the result in place.

Everything is relative links and local files (no CDN, no fetch at view time), so the site works from a file
share, from any static web server and offline. Text from the model goes through Jinja2 with autoescape on.
The same model gives the same bytes: no time of the run is written anywhere.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import forked
from ..gitinfo import GitState, model_state
from ..model import Model
from ..problems import ERROR, Problem
from ..staging import staging
from .context import Site
from .inputs import Drawings, Inputs, Reports, draw_views, gap_reports, select_views
from .pages import LANGUAGE_PAGES, element, static
from .pages.static import MARKER
from .place import SiteError, check_target, place

__all__ = ["SiteError", "SiteResult", "build_site"]


@dataclass
class SiteResult:
    out: Path
    languages: list[str]
    pages: int
    elements: int
    views: int
    reports: int
    errors: int
    warnings: int
    seconds: float
    notes: list[str] = field(default_factory=list)
    written: int = 0  # files written; the others were kept from the site replaced (unchanged)
    kept: int = 0


class _Progress:
    """Units of work done, for the `progress(text, done, total)` callback: a stage announces its units, the
    drawing threads advance them; a stage that finishes early (no graphviz, no views) is counted whole when
    the next begins. The element pages are written beside the stages (forked workers): their units are
    counted apart (`beside`), whatever stage is showing."""

    def __init__(self, report: Callable[[str, int, int], None] | None, total: int) -> None:
        self.report = report or (lambda _text, _done, _total: None)
        self.total, self.done, self.end, self.text, self.others = total, 0, 0, "", 0
        self.lock = threading.Lock()

    def _tell(self) -> None:
        self.report(self.text, min(self.done + self.others, self.total), self.total)

    def stage(self, text: str, units: int = 1) -> None:
        with self.lock:
            self.done, self.end, self.text = self.end, self.end + units, text
            self._tell()

    def advance(self) -> None:
        with self.lock:
            self.done = min(self.done + 1, self.end)
            self._tell()

    def beside(self) -> None:
        with self.lock:
            self.others += 1
            self._tell()

    def finish(self) -> None:
        self.stage("done", 0)


def _write_languages(site: Site, inputs: Inputs, steps: _Progress) -> None:
    """The pages of each language but the element pages. On a big model the languages after the first are
    written by forked children meanwhile (a gap report alone takes a second per language at 10,000
    elements), each given the inputs as they are in this process (fork: nothing pickled)."""
    children = {}
    if len(site.langs) > 1 and len(site.ids) * len(site.langs) >= element.PARALLEL_FROM:
        # what the languages share, made once before the fork
        _ = site.by_layer, site.links, [r.analysis.result() for r in inputs.reports.reports]
        children = {lang: forked.start(lambda lang=lang: _language(site, lang, inputs)) for lang in site.langs[1:]}
    try:
        for lang in site.langs:
            wait = children.pop(lang, None)
            for page in LANGUAGE_PAGES:
                steps.stage(f"writing pages ({lang}): {page.__name__.rsplit('.', 1)[1].replace('_', ' ')}")
                if wait is None:
                    page.write(site, lang, inputs)
            done = wait() if wait else None
            if done is not None:
                site.pages += done[0]
                site.output.written += done[1]
                site.output.kept += done[2]
                site.output.pages.update(done[3])
            elif wait:  # the child failed: its language is written here
                for page in LANGUAGE_PAGES:
                    page.write(site, lang, inputs)
    finally:  # this process failed: wait for the children rather than let them write into what is removed
        for wait in children.values():
            if wait:
                wait()


def _language(site: Site, lang: str, inputs: Inputs) -> tuple[int, int, int, dict]:
    """In a forked child: `lang`'s pages; how many, how many files written and kept, the keys written."""
    gc.freeze()  # as in the element workers (pages/element._adopt)
    before = site.pages, site.output.written, site.output.kept
    site.output.pages = {}
    for page in LANGUAGE_PAGES:
        page.write(site, lang, inputs)
    return (site.pages - before[0], site.output.written - before[1], site.output.kept - before[2],
            site.output.pages)


def build_site(model: Model, out: str | Path, languages: list[str] | None = None, live_reload: bool = False,
               progress: Callable[[str, int, int], None] | None = None, *, problems: list[Problem] | None = None,
               git: GitState | None = None, drawings: Drawings | None = None,
               reports: Reports | None = None) -> SiteResult:
    """Build the site for `model` into `out` (a temporary folder beside it, moved into place when done).

    The validation findings, the git state, the drawn views and the gap analyses are computed from the model
    unless given. `progress(step, done, total)` is told each step and the units of work done so far."""
    start = time.perf_counter()
    out = Path(out).absolute()
    check_target(out)
    langs = list(dict.fromkeys(languages or model.manifest.languages))
    element_tasks = element.tasks(model)
    drawing_units = len(model.viewpoints) * len(langs) if drawings is None else 0
    steps = _Progress(progress, (problems is None) + drawing_units + (reports is None)
                      + len(LANGUAGE_PAGES) * len(langs) + len(element_tasks) + 1)
    git = git or model_state(model)
    selected = drawings if drawings is not None else select_views(model)
    with staging(out) as tmp:
        site = Site(model, langs, tmp, [], git, live_reload, previous=out if (out / MARKER).is_file() else None)
        # element pages first: on a big model forked workers write them while this process does the rest
        with element.writing(site, element_tasks, selected.views_of(), steps.beside) as element_pages:
            if problems is None:
                from ..validation import validate

                steps.stage("validating")
                problems = validate(model)
            site.problems = problems
            if drawings is None:
                steps.stage("drawing views", drawing_units)
                drawings = draw_views(model, langs, git, steps.advance, selected)
            if reports is None:
                steps.stage("comparing plateaus")
                reports = gap_reports(model, problems, git)
            _write_languages(site, Inputs(drawings, reports), steps)
            steps.stage("writing element pages", 0)
            element_pages()
        steps.stage("writing the index and static files")
        static.write(site)
        place(tmp, out)
    steps.finish()
    errors = sum(p.severity == ERROR for p in problems)
    return SiteResult(out, site.langs, site.pages, len(model.elements), len(model.viewpoints),
                      len(reports.reports), errors, len(problems) - errors, time.perf_counter() - start,
                      drawings.notes, site.output.written, site.output.kept)
