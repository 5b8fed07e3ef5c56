"""Shared by the rules whose findings are made while files are read (syntax, keys, tags, limits)."""

from __future__ import annotations

from collections.abc import Iterator

from ..model import Model
from ..problems import Problem


def found_while_loading(model: Model, code: str) -> Iterator[Problem]:
    return (p for p in model.load_problems if p.code == code)
