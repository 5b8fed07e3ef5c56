"""The rule catalogue: one module per rule, each with CODE, NAME, SEVERITY, a docstring that is its user
documentation (`docs/rules.md` is generated from it) and `check(model)` yielding Problems."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def all_rules() -> list[ModuleType]:
    """Every rule module, ordered by code."""
    modules = [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in pkgutil.iter_modules(__path__)
        if not info.name.startswith("_")
    ]
    return sorted(modules, key=lambda m: m.CODE)


def by_code() -> dict[str, ModuleType]:
    return {m.CODE: m for m in all_rules()}
