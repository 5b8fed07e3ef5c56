"""Output formats of the gap report: one module per format, each `render(report, lang, pictures) -> bytes`
(`report` a `result.Report`), listed here by hand as yamllint lists its rules."""

from __future__ import annotations

from types import ModuleType

from ..result import Report
from . import csv, html, json, md, xlsx

MODULES: tuple[ModuleType, ...] = (md, html, json, csv, xlsx)
FORMATS = tuple(m.__name__.rsplit(".", 1)[1] for m in MODULES)
BY_NAME = dict(zip(FORMATS, MODULES, strict=True))
NEEDS_PICTURES = {"html"}


def render(fmt: str, report: Report, lang: str, pictures: dict | None = None) -> bytes:
    return BY_NAME[fmt].render(report, lang, pictures or {})
