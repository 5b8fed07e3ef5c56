"""Every id a file refers to must exist: relationship ends, `owner`, `replaces`, `source.doc`.

Failing:

    - id: app-vssid
      kind: citizen-facing-application
      name: {vi: VssID}
      accesses: [db-national-insurence]

`EA102 app-vssid accesses unknown element 'db-national-insurence' (did you mean 'db-national-insurance'?)`

Passing: `accesses: [db-national-insurance]`, an element that exists somewhere in the repository.
"""

from ..problems import Problem
from ._suggest import did_you_mean

CODE = "EA102"
NAME = "unknown-reference"
SEVERITY = "error"
HINT = "define it, or fix the id"
VERBS = {"composition": "is composed of", "aggregation": "aggregates", "assignment": "is assigned to",
         "realization": "realizes", "serving": "serves", "access": "accesses", "influence": "influences",
         "triggering": "triggers", "flow": "flows to", "specialization": "specializes",
         "association": "is associated with"}


def check(model):
    ids = model.elements

    def unknown(ref, file, line, what):
        return Problem(file, line, CODE, SEVERITY, f"{what} unknown element '{ref}'", did_you_mean(ref, ids, HINT))

    for rel in model.relationships:
        verb = VERBS[rel.type]
        if rel.source not in ids:
            yield unknown(rel.source, rel.file, rel.line, f"{rel.type} relationship from")
        if rel.target not in ids:
            yield unknown(rel.target, rel.file, rel.line, f"{rel.source} {verb}")
    for el in model.elements.values():
        if el.owner and el.owner not in ids:
            yield unknown(el.owner, el.file, el.field_line("owner"), f"{el.id}: owner is")
        for pred in el.replaces:
            if pred not in ids:
                yield unknown(pred, el.file, el.field_line("replaces"), f"{el.id} replaces")
    for item, sources in _cited(model):
        for src in sources:
            doc = src.get("doc")
            if isinstance(doc, str) and doc not in ids:
                yield unknown(doc, item.file, getattr(src, "line", item.line), "source cites")


def _cited(model):
    for el in model.elements.values():
        yield el, el.sources
        for h in el.history:
            if isinstance(h.get("source"), dict):
                yield el, [h["source"]]
    for rel in model.relationships:
        yield rel, rel.sources
    for plateau in model.plateaus.values():
        yield plateau, plateau.sources
