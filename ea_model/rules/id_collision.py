"""Ids must differ in more than letter case or Unicode form.

`App-Portal` and `app-portal` are two ids to `ea`, but one file on Windows and macOS disks and, in a diagram or
site page name, one output that the second would overwrite. The same holds for view ids and plateau ids.

Failing:

    - id: app-portal
      ...
    - id: App-Portal

`EA114 id 'App-Portal' differs from 'app-portal' (layers/apps.yaml:2) only in letter case or Unicode form`

Passing: give each element an id that is different when lower-cased.
"""

import unicodedata

from ..problems import Problem

CODE = "EA114"
NAME = "id-collision"
SEVERITY = "error"


def folded(value: str) -> str:
    return unicodedata.normalize("NFKC", value).casefold()


def _collisions(items):
    """(item, first item with the same folded id) for each later item, in file order."""
    groups: dict[str, list] = {}
    for item in items:
        groups.setdefault(folded(item.id), []).append(item)
    found = []
    for group in groups.values():
        if len(group) > 1 and len({item.id for item in group}) > 1:  # lines are read only where ids collide
            first, *later = sorted(group, key=lambda i: (i.file, i.line, i.id))
            found.extend((item, first) for item in later if item.id != first.id)
    return sorted(found, key=lambda pair: (pair[0].file, pair[0].line, pair[0].id))


def check(model):
    for group in (model.elements.values(), model.viewpoints.values(), model.plateaus.values()):
        for item, other in _collisions(group):
            yield Problem(item.file, item.line, CODE, SEVERITY,
                          f"id '{item.id}' differs from '{other.id}' ({other.file}:{other.line}) only in letter case "
                          "or Unicode form", "their output files would overwrite each other: rename one")
