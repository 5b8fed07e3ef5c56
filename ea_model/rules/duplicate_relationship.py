"""The same relationship (type, from, to, access) should be declared once.

Failing:

    - id: app-tst
      accesses: [db-national-insurance]
    relationships:
      - {type: access, from: app-tst, to: db-national-insurance}

`EA112 access app-tst -> db-national-insurance is declared twice (first at ...)`

Passing: one of the two; give it attributes in the explicit form if it needs them. Relationships that
differ in plateaus or id are distinct.
"""

from ..problems import Problem

CODE = "EA112"
NAME = "duplicate-relationship"
SEVERITY = "warning"


def check(model):
    seen = {}
    for rel in model.relationships:
        key = (rel.type, rel.source, rel.target, rel.access, rel.id, tuple(rel.plateaus or ()))
        if key in seen:
            first = seen[key]
            yield Problem(
                rel.file, rel.line, CODE, SEVERITY,
                f"{rel.type} {rel.source} -> {rel.target} is declared twice (first at {first.file}:{first.line})",
                "remove one of them",
            )
        else:
            seen[key] = rel
