"""Output formats of the gap report: one module per format, each `render(report, lang, pictures) -> bytes`."""

from __future__ import annotations

import importlib

FORMATS = ("md", "html", "json", "csv", "xlsx")
BINARY = {"xlsx"}
NEEDS_PICTURES = {"html"}


def render(fmt: str, report: dict, lang: str, pictures: dict | None = None) -> bytes:
    module = importlib.import_module(f"{__package__}.{fmt}")
    return module.render(report, lang, pictures or {})
