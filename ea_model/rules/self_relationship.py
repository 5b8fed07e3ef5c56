"""An element should not be related to itself.

`serves`, `flows_to`, `composed_of`, `replaces` and the other relationships link two elements; an element
that serves or replaces itself is a typo for another id.

Failing:

    - id: app-portal
      serves: [app-portal]

`EA116 app-portal has a serving relationship to itself`

Passing: `serves: [fn-public-services]`.
"""

from ..problems import Problem
from ._scope import ITEM, subjects

CODE = "EA116"
NAME = "self-relationship"
SEVERITY = "warning"
SCOPE = ITEM


def check(model, elements=None, relationships=None):
    elements, relationships = subjects(model, elements, relationships)
    for rel in relationships:
        if rel.source == rel.target:
            yield Problem(rel.file, rel.line, CODE, SEVERITY, f"{rel.source} has a {rel.type} relationship to itself",
                          "fix the id of the other end")
    for el in elements:
        if el.id in el.replaces:
            yield Problem(el.file, el.field_line("replaces"), CODE, SEVERITY, f"{el.id} replaces itself",
                          "name the element it replaces")
