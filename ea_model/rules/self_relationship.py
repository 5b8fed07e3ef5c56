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

CODE = "EA116"
NAME = "self-relationship"
SEVERITY = "warning"


def check(model):
    for rel in model.relationships:
        if rel.source == rel.target:
            yield Problem(rel.file, rel.line, CODE, SEVERITY, f"{rel.source} has a {rel.type} relationship to itself",
                          "fix the id of the other end")
    for el in model.elements.values():
        if el.id in el.replaces:
            yield Problem(el.file, el.field_line("replaces"), CODE, SEVERITY, f"{el.id} replaces itself",
                          "name the element it replaces")
