"""Plateau ids in `plateaus:` and `changes:` must be defined in the plateaus file; `changes:` must be for
a plateau the element exists in.

Failing (with plateaus baseline-2022, transition-2025, target-2030):

    - id: app-vssid
      plateaus: [baseline-2022, target-2035]
      changes:
        transition-2024: {properties: {users_million: 30}}

`EA106 element 'app-vssid': unknown plateau 'target-2035' (did you mean 'target-2030'?)`

Passing: `plateaus: [baseline-2022, target-2030]` and `changes: {target-2030: ...}`.
"""

from ..problems import Problem
from ._scope import ITEM, subjects
from ._suggest import did_you_mean

CODE = "EA106"
NAME = "unknown-plateau"
SEVERITY = "error"
SCOPE = ITEM


def check(model, elements=None, relationships=None):
    elements, relationships = subjects(model, elements, relationships)
    known = model.plateaus
    hint = "plateaus are defined in " + model.manifest.plateaus
    for item in [*elements, *relationships]:
        what = f"element '{item.id}'" if hasattr(item, "kind") else f"relationship {item.key}"
        for pid in item.plateaus or []:
            if pid not in known:
                yield Problem(item.file, _line(item, "plateaus"), CODE, SEVERITY,
                              f"{what}: unknown plateau '{pid}'", did_you_mean(pid, known, hint))
        for pid in getattr(item, "changes", {}):
            if pid not in known:
                yield Problem(item.file, _line(item, "changes"), CODE, SEVERITY,
                              f"{what}: changes for unknown plateau '{pid}'", did_you_mean(pid, known, hint))
            elif item.plateaus is not None and pid not in item.plateaus:
                yield Problem(item.file, _line(item, "changes"), CODE, SEVERITY,
                              f"{what}: changes for plateau '{pid}', which it is not in",
                              f"add '{pid}' to its plateaus or remove the change")


def _line(item, key):
    lines = getattr(item.raw, "lines", None) or {}
    return lines.get(key, item.line)
