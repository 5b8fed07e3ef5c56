"""Build the static architecture portal: one folder per language, a page per element, view, reference model,
layer and gap report, the roadmap, the validation findings, and a prebuilt search index. The pages are
written by the modules of `pages/`; this module gathers their inputs and puts the result in place.

Everything is relative links and local files (no CDN, no fetch at view time), so the site works from a file
share, from any static web server and offline. Text from the model goes through Jinja2 with autoescape on.
The same model gives the same bytes: no time of the run is written anywhere.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..gitinfo import GitState, model_state
from ..model import Model
from ..problems import ERROR, Problem
from ..staging import staging
from .context import Site
from .inputs import Drawings, Inputs, Reports, draw_views, gap_reports
from .pages import LANGUAGE_PAGES, element, static
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


def build_site(model: Model, out: str | Path, languages: list[str] | None = None, live_reload: bool = False,
               progress: Callable[[str], None] | None = None, *, problems: list[Problem] | None = None,
               git: GitState | None = None, drawings: Drawings | None = None,
               reports: Reports | None = None) -> SiteResult:
    """Build the site for `model` into `out` (a temporary folder beside it, moved into place when done).

    The validation findings, the git state, the drawn views and the gap analyses are computed from the model
    unless given. `progress` is called with each step's name."""
    start = time.perf_counter()
    step = progress or (lambda _text: None)
    out = Path(out).absolute()
    check_target(out)
    langs = list(dict.fromkeys(languages or model.manifest.languages))
    if problems is None:
        from ..validation import validate

        step("validating")
        problems = validate(model)
    git = git or model_state(model)
    if drawings is None:
        step("drawing views")
        drawings = draw_views(model, langs, git)
    if reports is None:
        step("comparing plateaus")
        reports = gap_reports(model, problems, git)
    inputs = Inputs(drawings, reports)
    with staging(out) as tmp:
        site = Site(model, langs, tmp, problems, git, live_reload)
        for lang in site.langs:
            for page in LANGUAGE_PAGES:
                step(f"writing pages ({lang}): {page.__name__.rsplit('.', 1)[1].replace('_', ' ')}")
                page.write(site, lang, inputs)
        step("writing element pages")
        element.write_all(site, drawings.views_of())
        static.write(site)
        place(tmp, out)
    errors = sum(p.severity == ERROR for p in problems)
    return SiteResult(out, site.langs, site.pages, len(model.elements), len(model.viewpoints),
                      len(reports.reports), errors, len(problems) - errors, time.perf_counter() - start,
                      drawings.notes)
