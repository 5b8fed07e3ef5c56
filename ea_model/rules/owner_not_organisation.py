"""`owner` must be an organisation unit: a business actor (kinds organisation-unit, external-agency).

Failing:

    - id: app-vssid
      owner: app-portal          # an application-component

`EA109 element 'app-vssid': owner 'app-portal' is a application-component, not an organisation unit`

Passing: `owner: org-it-center` (kind organisation-unit).
"""

from ..problems import Problem
from ._scope import REFERENCES, subjects

CODE = "EA109"
NAME = "owner-not-organisation"
SEVERITY = "error"
SCOPE = REFERENCES
OWNER_TYPES = {"business-actor", "business-collaboration"}


def check(model, elements=None, relationships=None):
    elements, relationships = subjects(model, elements, relationships)
    for el in elements:
        owners = [el.owner] if el.owner else []
        owners += [c["owner"] for c in el.changes.values() if isinstance(c, dict) and isinstance(c.get("owner"), str)]
        for owner_id in owners:
            owner = model.elements.get(owner_id)
            if owner and owner.type not in OWNER_TYPES:
                yield Problem(
                    el.file, el.field_line("owner"), CODE, SEVERITY,
                    f"element '{el.id}': owner '{owner_id}' is a {owner.kind or owner.type}, not an organisation unit",
                    "name the unit that owns or operates it (a business actor)",
                )
