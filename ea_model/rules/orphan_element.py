"""An element should be connected: a relationship, an owner, an `owns`, or being cited as a source.

An element nothing refers to and that refers to nothing is usually half-modelled.

Failing: an application with no `serves`, `accesses`, `flows_to`, owner or other relationship, that no
other element mentions.

Passing:

    - id: app-vssid
      kind: citizen-facing-application
      name: {vi: VssID}
      owner: org-it-center
"""

from ..problems import Problem

CODE = "EA108"
NAME = "orphan-element"
SEVERITY = "warning"


def check(model):
    connected: set[str] = set()
    for rel in model.relationships:
        connected.add(rel.source)
        connected.add(rel.target)
    for el in model.elements.values():
        if el.owner:
            connected.add(el.id)
            connected.add(el.owner)
        connected.update(el.replaces)
        if el.replaces:
            connected.add(el.id)
        for src in el.sources:
            if isinstance(src.get("doc"), str):
                connected.add(src["doc"])
    for el in model.elements.values():
        if el.id not in connected:
            yield Problem(el.file, el.line, CODE, SEVERITY, f"element '{el.id}' is not connected to anything",
                          "add a relationship or an owner, or remove it")
