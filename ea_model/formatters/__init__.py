"""Output formats for findings: one module per format, each with `render(problems) -> str`."""

from __future__ import annotations

from . import github, json, text

FORMATTERS = {"text": text, "json": json, "github": github}
FORMATS = tuple(FORMATTERS)


def render(problems, fmt: str) -> str:
    return FORMATTERS[fmt].render(problems)
