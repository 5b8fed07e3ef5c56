"""Output formats for findings: one module per format, each with `render(problems) -> str`."""

from __future__ import annotations

import importlib

FORMATS = ("text", "json", "github")


def render(problems, fmt: str) -> str:
    return importlib.import_module(f"{__name__}.{fmt}").render(problems)
