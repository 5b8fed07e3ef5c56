"""The two ends of a relationship should exist in a common plateau, and an element in at least one.

A target-only application that accesses a baseline-only database describes a state that never exists; an
element with `plateaus: []` exists nowhere (leave `plateaus` out for "in every plateau").

Failing:

    - id: app-new-portal
      plateaus: [target-2030]
      accesses: [db-old]          # db-old has plateaus: [baseline-2022]

`EA117 app-new-portal and db-old share no plateau (target-2030 / baseline-2022): the access relationship never exists`

Passing: the relationship is between elements that both exist in some plateau, e.g. a replacement database.
Not checked: relationships of work packages and deliverables (a task changes what exists before and after
it), and legal documents with `plateaus: []` (a decision in force only between two plateaus is still cited).
"""

from ..problems import Problem
from ._scope import REFERENCES, subjects

CODE = "EA117"
NAME = "no-shared-plateau"
SEVERITY = "warning"
SCOPE = REFERENCES


def _plateaus(model, item) -> set[str]:
    return set(model.plateaus) if item.plateaus is None else set(item.plateaus)


def check(model, elements=None, relationships=None):
    elements, relationships = subjects(model, elements, relationships)
    for el in elements:
        if el.plateaus == [] and el.kind != "legal-document":
            yield Problem(el.file, el.field_line("plateaus"), CODE, SEVERITY, f"element '{el.id}' is in no plateau "
                          "(plateaus: [])", "list its plateaus, or remove `plateaus` for every plateau")
    for rel in relationships:
        source, target = model.elements.get(rel.source), model.elements.get(rel.target)
        if source is None or target is None or source.plateaus is None and target.plateaus is None:
            continue
        if "implementation" in (source.layer, target.layer):  # work packages, deliverables: between plateaus
            continue
        shared = _plateaus(model, source) & _plateaus(model, target) & _plateaus(model, rel)
        if not shared and source.plateaus != [] and target.plateaus != []:
            yield Problem(
                rel.file, rel.line, CODE, SEVERITY,
                f"{rel.source} and {rel.target} share no plateau ({', '.join(sorted(_plateaus(model, source)))} / "
                f"{', '.join(sorted(_plateaus(model, target)))}): the {rel.type} relationship never exists",
                "fix the plateaus of one end, or relate the element that replaces the other")
