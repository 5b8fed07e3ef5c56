"""'Did you mean ...?' for unknown names."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(name: str, candidates: Iterable[str], default: str) -> str:
    close = difflib.get_close_matches(name, list(candidates), n=3, cutoff=0.6)
    if not close:
        return default
    return "did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
