"""ea: architecture as code for e-Government enterprise architecture.

    import ea_model
    model = ea_model.load("path/to/repo")      # elements, relationships, plateaus, reference models
    problems = ea_model.validate(model)        # list of Problem(file, line, code, severity, message, hint)
    model.graph                                # networkx.MultiDiGraph

The names below are imported on first use, so that `ea --version` and short commands start fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import lazy

__version__ = "0.1.0"

_EXPORTS = {
    "load": "loader", "validate": "validation", "RepositoryError": "manifest", "find_root": "manifest",
    "Element": "model", "Model": "model", "Plateau": "model", "Relationship": "model", "Problem": "problems",
    "EaError": "errors",
}

__all__ = [
    "EaError", "Element", "Model", "Plateau", "Problem", "Relationship", "RepositoryError",
    "find_root", "load", "validate", "__version__",
]

if TYPE_CHECKING:
    from .errors import EaError
    from .loader import load
    from .manifest import RepositoryError, find_root
    from .model import Element, Model, Plateau, Relationship
    from .problems import Problem
    from .validation import validate


__getattr__ = lazy.exports(__name__, _EXPORTS)
