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

CODE = "EA107"
NAME = "missing-source"
SEVERITY = "warning"


def check(model):
    for el in model.elements.values():
        if not el.sources:
            yield Problem(el.file, el.line, CODE, SEVERITY, f"element '{el.id}' has no source",
                          "add `source: {doc: <document id>, section: ..., line: ...}`")
