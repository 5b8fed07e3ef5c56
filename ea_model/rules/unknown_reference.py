"""Every id a file refers to must exist: relationship ends, `owner`, `replaces`, `source.doc`.

Failing:

    - id: app-vssid
      kind: citizen-facing-application
      name: {vi: VssID}
      accesses: [db-national-insurence]

`EA102 app-vssid accesses unknown element 'db-national-insurence' (did you mean 'db-national-insurance'?)`

Passing: `accesses: [db-national-insurance]`, an element that exists somewhere in the repository.

A reference `PREFIX:ID` names element ID of the repository that `ea.yaml` declares under `depends:` with that
prefix (docs/publish.md); it is checked against that repository (its local copy: validation never fetches),
so an element removed there is reported here, where it is used:

`EA102 app-lgsp serves unknown element 'nat:ext-ndxp' (dependency 'nat' (examples/national) has no element
'ext-ndxp'; did you mean ...?)`
"""

from ..problems import Problem
from ._scope import REFERENCES, subjects
from ._suggest import did_you_mean

CODE = "EA102"
NAME = "unknown-reference"
SEVERITY = "error"
SCOPE = REFERENCES
HINT = "define it, or fix the id"
VERBS = {"composition": "is composed of", "aggregation": "aggregates", "assignment": "is assigned to",
         "realization": "realizes", "serving": "serves", "access": "accesses", "influence": "influences",
         "triggering": "triggers", "flow": "flows to", "specialization": "specializes",
         "association": "is associated with"}


def check(model, elements=None, relationships=None):
    elements, relationships = subjects(model, elements, relationships)
    ids = model.elements

    def unknown(ref, file, line, what):
        return Problem(file, line, CODE, SEVERITY, f"{what} unknown element '{ref}'", _hint(model, ref))

    for rel in relationships:
        verb = VERBS[rel.type]
        if rel.source not in ids:
            yield unknown(rel.source, rel.file, rel.line, f"{rel.type} relationship from")
        if rel.target not in ids:
            yield unknown(rel.target, rel.file, rel.line, f"{rel.source} {verb}")
    for el in elements:
        if el.owner and el.owner not in ids:
            yield unknown(el.owner, el.file, el.field_line("owner"), f"{el.id}: owner is")
        for pred in el.replaces:
            if pred not in ids:
                yield unknown(pred, el.file, el.field_line("replaces"), f"{el.id} replaces")
    for item, sources in _cited(model, elements, relationships):
        for src in sources:
            doc = src.get("doc")
            if isinstance(doc, str) and doc not in ids:
                yield unknown(doc, item.file, getattr(src, "line", item.line), "source cites")


def _cited(model, elements, relationships):
    for el in elements:
        yield el, el.sources
        for h in el.history:
            if isinstance(h.get("source"), dict):
                yield el, [h["source"]]
    for rel in relationships:
        yield rel, rel.sources
    for plateau in model.plateaus.values():
        yield plateau, plateau.sources


def _hint(model, ref: str) -> str:
    """Did-you-mean among local ids, or, for `prefix:id`, among the dependency's ids."""
    from ..deps import split_ref

    split = split_ref(ref) if model.manifest.depends else None
    if split is None:
        return did_you_mean(ref, model.elements, HINT)
    prefix, rid = split
    snap = model.dependencies.get(prefix)
    declared = {d.prefix: d for d in model.manifest.depends}
    if prefix not in declared:
        return f"no dependency has the prefix '{prefix}': declare it under `depends:` in ea.yaml, or fix the prefix"
    if snap is None:
        return f"dependency '{prefix}' could not be read (see the ea.yaml problem)"
    base = f"dependency '{prefix}' ({declared[prefix].home}) has no element '{rid}'"
    return f"{base}; " + did_you_mean(ref, [f"{prefix}:{k}" for k in snap.elements],
                                      "was it removed or renamed there?")
