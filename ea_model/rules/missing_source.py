"""Every element cites its source: the document, section and line it comes from.

An approver must be able to ask "where does this come from?". `source.doc` is the id of a
legal-document element; reconstructed elements still cite what they were reconstructed from, and say
`inferred: true`.

Failing:

    - id: app-vssid
      kind: citizen-facing-application
      name: {vi: VssID}

`EA107 element 'app-vssid' has no source`

Passing:

    - id: app-vssid
      kind: citizen-facing-application
      name: {vi: VssID}
      source: {doc: doc-2358-qd-bhxh, section: "VI.2.4", line: 655}
"""

from ..problems import Problem
from ._scope import ITEM, subjects

CODE = "EA107"
NAME = "missing-source"
SEVERITY = "warning"
SCOPE = ITEM


def check(model, elements=None, relationships=None):
    elements, relationships = subjects(model, elements, relationships)
    for el in elements:
        if not el.sources:
            yield Problem(el.file, el.line, CODE, SEVERITY, f"element '{el.id}' has no source",
                          "add `source: {doc: <document id>, section: ..., line: ...}`")
