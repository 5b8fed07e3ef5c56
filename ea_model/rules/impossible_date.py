"""Dates must exist, and a work package should be due by the last plateau.

Plateau dates, legal documents' `date` and work packages' `deadline` are written YYYY-MM-DD (deadlines may
also be YYYY-MM or YYYY); `2040-13-45` has the right shape but is no date. A work package due after the last
plateau closes a gap the architecture does not plan for.

Failing:

    plateaus:
      - id: target-2030
        date: 2030-02-30

`EA118 plateau 'target-2030': '2030-02-30' is not a date`

Passing: `date: 2030-12-31`.
"""

import datetime
import re

from ..problems import Problem
from ._scope import ITEM, subjects

CODE = "EA118"
NAME = "impossible-date"
SEVERITY = "error"
SCOPE = ITEM
WARN = "warning"
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def valid(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def check(model, elements=None, relationships=None):
    elements, relationships = subjects(model, elements, relationships)
    for plateau in model.plateaus.values():
        if not valid(plateau.date):
            yield Problem(plateau.file, plateau.line, CODE, SEVERITY, f"plateau '{plateau.id}': '{plateau.date}' is "
                          "not a date", "write an existing date as YYYY-MM-DD")
    last = max((p.date for p in model.plateaus.values() if valid(p.date)), default=None)
    for el in elements:
        for key in ("date", "deadline"):
            value = el.properties.get(key)
            text = value.isoformat() if isinstance(value, datetime.date) else str(value) if value is not None else ""
            if ISO.match(text) and not valid(text):
                yield Problem(el.file, el.field_line("properties"), CODE, SEVERITY,
                              f"element '{el.id}': {key} '{text}' is not a date",
                              "write an existing date as YYYY-MM-DD")
            elif key == "deadline" and last and ISO.match(text) and text > last and el.type == "work-package":
                yield Problem(el.file, el.field_line("properties"), CODE, WARN,
                              f"work package '{el.id}' is due {text}, after the last plateau ({last})",
                              "add a later plateau, or check the deadline")
