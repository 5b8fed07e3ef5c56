"""A view must refer to existing elements and plateaus, and select at least one element.

Failing (`viewpoints/national-db.yaml`):

    id: national-db
    title: {vi: Chia sẻ dữ liệu CSDL quốc gia về bảo hiểm}
    select:
      around: {id: db-national-insurence, depth: 1}

`EA120 view 'national-db': unknown element 'db-national-insurence' (did you mean 'db-national-insurance'?)`

    id: empty
    title: {vi: Trống}
    select: {kinds: [national-data-centre]}

`EA120 view 'empty' selects no element`

Passing: `around: {id: db-national-insurance, depth: 1}`, or a selection that matches elements.

The `layout` an imported diagram keeps (`ea import archimate`) must also name existing elements (its nodes) and
relationship ids (`layout.relationships`).
"""

from ..problems import Problem
from ..viewpoints import select, selections
from ._suggest import did_you_mean

CODE = "EA120"
NAME = "view-reference"
SEVERITY = "error"


def check(model):
    for view in model.viewpoints.values():
        refs, kinds = [], []
        for sel in selections(view):
            refs += [*(sel.get("ids") or []), *(sel.get("exclude") or []), *(sel.get("owners") or [])]
            if sel.get("around"):
                refs.append(sel["around"]["id"])
            kinds += sel.get("kinds") or []
        lines = getattr(view.raw, "lines", {})
        broken = False
        for ref in refs:
            if ref not in model.elements:
                broken = True
                yield Problem(view.file, lines.get("select", view.line), CODE, SEVERITY,
                              f"view '{view.id}': unknown element '{ref}'",
                              did_you_mean(ref, model.elements, "fix the id"))
        for kind in kinds:
            if kind not in model.kinds:
                yield Problem(view.file, lines.get("select", view.line), CODE, SEVERITY,
                              f"view '{view.id}': unknown kind '{kind}'",
                              did_you_mean(kind, model.kinds, "see `ea kinds`"))
        layout = view.layout or {}
        if layout:
            rel_ids = {r.id for r in model.relationships if r.id}
            line = lines.get("layout", view.line)
            for ref in sorted({n["element"] for n in _layout_nodes(layout.get("nodes") or []) if n.get("element")}):
                if ref not in model.elements:
                    yield Problem(view.file, line, CODE, SEVERITY, f"view '{view.id}': layout node of unknown element "
                                  f"'{ref}'", did_you_mean(ref, model.elements, "fix the id, or remove the node"))
            for ref in layout.get("relationships") or []:
                if ref not in rel_ids:
                    yield Problem(view.file, line, CODE, SEVERITY, f"view '{view.id}': layout draws unknown "
                                  f"relationship '{ref}'", did_you_mean(ref, rel_ids, "fix the relationship id"))
        if view.plateau and view.plateau not in model.plateaus:
            yield Problem(view.file, lines.get("plateau", view.line), CODE, SEVERITY,
                          f"view '{view.id}': unknown plateau '{view.plateau}'",
                          did_you_mean(view.plateau, model.plateaus, "fix the plateau id"))
            continue
        if not broken and not select(model, view).elements and not (view.layout or {}).get("nodes"):
            yield Problem(view.file, view.line, CODE, SEVERITY, f"view '{view.id}' selects no element",
                          "widen the selection or remove the view")


def _layout_nodes(nodes):
    for node in nodes:
        yield node
        yield from _layout_nodes(node.get("children") or [])
