"""A package's public names imported on first use (PEP 562 module `__getattr__`), so that `ea --help` and
short commands do not pay for the libraries behind them.

    __getattr__ = lazy.exports(__name__, {"load": "loader", ...})   # name -> submodule holding it
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable


def exports(package: str, names: dict[str, str]) -> Callable[[str], object]:
    def __getattr__(name: str) -> object:
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{names[name]}", package), name)
        setattr(sys.modules[package], name, value)  # found directly from now on
        return value

    return __getattr__
