"""A relationship must be allowed between its two element types by the ArchiMate 3.2 relationship table.

The table is data: `ea_model/metamodel/relationships.yaml`. Kinds count as their ArchiMate type.

Failing:

    - id: db-national-insurance
      kind: national-database            # a data-object
      serves: [dc-main]                  # a facility

`EA104 db-national-insurance serving dc-main is not allowed from data-object to facility
(ArchiMate allows: association, access (reversed))`

Passing:

    - id: dc-main
      kind: data-centre
      aggregates: [tech-db-servers]
    - id: app-tst
      kind: specialised-application
      accesses: [db-national-insurance]
"""

from ..metamodel import metamodel
from ..problems import Problem
from ._scope import REFERENCES, subjects

CODE = "EA104"
NAME = "invalid-relationship"
SEVERITY = "error"
SCOPE = REFERENCES


def check(model, elements=None, relationships=None):
    elements, relationships = subjects(model, elements, relationships)
    mm = metamodel()
    for rel in relationships:
        src, tgt = model.elements.get(rel.source), model.elements.get(rel.target)
        if not src or not tgt or not src.type or not tgt.type:
            continue  # EA102/EA103 report these
        if rel.access and rel.type != "access":
            yield Problem(rel.file, rel.line, CODE, SEVERITY,
                          f"`access: {rel.access}` on a {rel.type} relationship", "use it on access relationships only")
        if mm.is_allowed(rel.type, src.type, tgt.type):
            continue
        allowed = mm.allowed_between(src.type, tgt.type)
        reverse = [f"{r} (reversed)" for r in mm.allowed_between(tgt.type, src.type) if r not in allowed]
        choices = ", ".join([*allowed, *reverse]) or "none"
        yield Problem(
            rel.file, rel.line, CODE, SEVERITY,
            f"{rel.source} {rel.type} {rel.target} is not allowed from {src.type} to {tgt.type}",
            f"ArchiMate allows: {choices}",
        )
