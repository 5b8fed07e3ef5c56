"""ArchiMate 2.1 exchange types -> ArchiMate 3.x: the renamed infrastructure concepts and relationships.

Types 2.1 and 3.x share (BusinessActor, ApplicationComponent, Node, Device, ...) pass unchanged.
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


class Upgrade(NamedTuple):
    old: str
    new: str
    identifier: str
    line: int


def upgrade_type(name: str, what: str) -> tuple[str, tuple[str, str] | None]:
    """The 3.x name of a 2.1 `element` or `relationship` type, and (old, new) when it changed."""
    table = ELEMENTS_21 if what == "element" else RELATIONSHIPS_21
    new = table.get(name, name)
    return new, ((name, new) if new != name else None)
