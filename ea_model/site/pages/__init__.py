"""One module per kind of page, each `write(site, lang, inputs)` for one language; element pages (the many)
and the files outside the language folders have their own entry points. Listed here by hand, in the order
the orchestrator writes them."""

from __future__ import annotations

from types import ModuleType

from . import element, gap, home, layers, problems, reference_models, roadmap, search, static, views

LANGUAGE_PAGES: tuple[ModuleType, ...] = (home, layers, views, reference_models, gap, roadmap, problems, search)

__all__ = ["LANGUAGE_PAGES", "element", "static"]
