"""Names, descriptions and notes must not hold invisible or control characters.

Control characters (NUL, escape sequences), bidi overrides (U+202E) and zero-width characters make a name
read differently from what it is, break exports (XML cannot hold NUL) and can drive a terminal. Ids are
already limited to ASCII letters, digits, '.', '_' and '-' (EA100).

Failing:

    - id: app-portal
      kind: citizen-facing-application
      name: {vi: "Cổng dịch vụ\\u202e công"}

`EA113 element 'app-portal': name (vi) holds the invisible or control character \\u202e`

Passing: `name: {vi: Cổng dịch vụ công}` (tabs and newlines are fine in descriptions).
"""

from ..problems import UNSAFE_CHARS, Problem
from ._scope import ITEM, subjects

CODE = "EA113"
NAME = "unsafe-text"
SEVERITY = "error"
SCOPE = ITEM
FIELDS = ("name", "description", "notes")


def _texts(value, field: str):
    if isinstance(value, str):
        yield field, value
    elif isinstance(value, dict):
        for lang, text in value.items():
            if isinstance(text, str):
                yield f"{field} ({lang})", text


def check(model, elements=None, relationships=None):
    elements, relationships = subjects(model, elements, relationships)
    for el in elements:
        for field in FIELDS:
            for where, text in _texts(getattr(el, field), field):
                found = UNSAFE_CHARS.search(text)
                if found:
                    yield Problem(el.file, el.field_line(field), CODE, SEVERITY,
                                  f"element '{el.id}': {where} holds the invisible or control character "
                                  f"{found.group()!r}", "delete it (retype the text if you cannot see it)")
    for rel in relationships:
        for where, text in _texts(rel.name, "name"):
            found = UNSAFE_CHARS.search(text)
            if found:
                yield Problem(rel.file, rel.line, CODE, SEVERITY,
                              f"relationship '{rel.key}': {where} holds the invisible or control character "
                              f"{found.group()!r}", "delete it (retype the text if you cannot see it)")
