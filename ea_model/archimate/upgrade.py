"""ArchiMate 2.1 type names -> ArchiMate 3.x exchange names: the renamed infrastructure concepts and relationships.

The 2.1 exchange schema (`archimate_v2p1.xsd`) and Archi's own files name relationships with a `Relationship`
suffix (`UsedByRelationship`); the 3.x exchange format drops it (`Serving`), Archi 4+ keeps it
(`ServingRelationship`). Both spellings are read. Types 2.1 and 3.x share (BusinessActor, Node, ...) pass
unchanged; Junction is resolved to AndJunction / OrJunction by the readers, which know its and/or type.
"""

from __future__ import annotations

from typing import NamedTuple

ELEMENTS_21 = {
    "InfrastructureInterface": "TechnologyInterface",
    "InfrastructureFunction": "TechnologyFunction",
    "InfrastructureService": "TechnologyService",
    "Network": "CommunicationNetwork",
    "CommunicationPath": "Path",
}
RELATIONSHIPS_21 = {
    "UsedBy": "Serving",
    "Realisation": "Realization",
    "Specialisation": "Specialization",
}
SUFFIX = "Relationship"


class Upgrade(NamedTuple):
    old: str
    new: str
    identifier: str
    line: int
    file: str = ""  # the file the line is in, when not the one imported (a coArchi fragment)


def upgrade_type(name: str, what: str) -> tuple[str, tuple[str, str] | None]:
    """The 3.x name of a 2.1 `element` or `relationship` type, and (old, new) when it changed. A relationship
    name with the `Relationship` suffix (2.1 schema, Archi) loses it; that alone is a spelling, not an upgrade."""
    if what == "element":
        new = ELEMENTS_21.get(name, name)
        return new, ((name, new) if new != name else None)
    base = relationship_base(name)
    new = RELATIONSHIPS_21.get(base, base)
    return new, ((name, new) if new != base else None)


def relationship_base(name: str) -> str:
    """`UsedByRelationship` -> `UsedBy`; a name without the suffix is returned as it is."""
    return name[:-len(SUFFIX)] if name.endswith(SUFFIX) and len(name) > len(SUFFIX) else name
