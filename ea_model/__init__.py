"""ea: architecture as code for e-Government enterprise architecture.

    import ea_model
    model = ea_model.load("path/to/repo")      # elements, relationships, plateaus, reference models
    problems = ea_model.validate(model)        # list of Problem(file, line, code, severity, message, hint)
    model.graph                                # networkx.MultiDiGraph
"""

from .loader import load
from .manifest import RepositoryError, find_root
from .model import Element, Model, Plateau, Relationship
from .problems import Problem
from .validate import validate

__version__ = "0.1.0"

__all__ = [
    "Element", "Model", "Plateau", "Problem", "Relationship", "RepositoryError",
    "find_root", "load", "validate", "__version__",
]
