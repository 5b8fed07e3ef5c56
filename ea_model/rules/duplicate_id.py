"""Ids are unique across the repository (elements, plateaus, reference models and their codes).

Both places are named, so the architect can decide which one to rename.

Failing (in two files):

    # layers/application/platforms.yaml, line 4
    - id: app-lgsp
    # layers/application/legacy.yaml, line 12
    - id: app-lgsp

`layers/application/legacy.yaml:12: EA101 duplicate id 'app-lgsp'
(first defined at layers/application/platforms.yaml:4)`

Passing: give the second element its own id (`app-lgsp-v1`) and, if it is the predecessor, say so
with `replaces:` on the new one.
"""

from ..problems import Problem
from ._loading import found_while_loading

CODE = "EA101"
NAME = "duplicate-id"
SEVERITY = "error"


def check(model):
    for dup, first in model.duplicates:
        yield Problem(
            dup.file, dup.line, CODE, SEVERITY,
            f"duplicate id '{dup.id}' (first defined at {first.file}:{first.line})",
            "ids must be unique across the repository: rename one of them",
        )
    yield from found_while_loading(model, CODE)
