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
    rel_ids = None
    for view in model.viewpoints.values():
        line = getattr(view.raw, "lines", {}).get("select", view.line)
        unknown = list(_selection_problems(model, view, line))
        yield from unknown
        if view.layout:
            rel_ids = rel_ids if rel_ids is not None else {r.id for r in model.relationships if r.id}
            yield from _layout_problems(model, view, rel_ids)
        if view.plateau and view.plateau not in model.plateaus:
            yield Problem(view.file, getattr(view.raw, "lines", {}).get("plateau", view.line), CODE, SEVERITY,
                          f"view '{view.id}': unknown plateau '{view.plateau}'",
                          did_you_mean(view.plateau, model.plateaus, "fix the plateau id"))
            continue
        broken = any("unknown element" in p.message for p in unknown)
        if not broken and not select(model, view).elements and not (view.layout or {}).get("nodes"):
            yield Problem(view.file, view.line, CODE, SEVERITY, f"view '{view.id}' selects no element",
                          "widen the selection or remove the view")


def _selection_problems(model, view, line: int):
    """Element ids (`ids`, `exclude`, `owners`, `around`) and kinds the selections name must exist."""
    refs, kinds = [], []
    for sel in selections(view):
        refs += [*(sel.get("ids") or []), *(sel.get("exclude") or []), *(sel.get("owners") or [])]
        if sel.get("around"):
            refs.append(sel["around"]["id"])
        kinds += sel.get("kinds") or []
    for ref in refs:
        if ref not in model.elements:
            yield Problem(view.file, line, CODE, SEVERITY, f"view '{view.id}': unknown element '{ref}'",
                          did_you_mean(ref, model.elements, "fix the id"))
    for kind in kinds:
        if kind not in model.kinds:
            yield Problem(view.file, line, CODE, SEVERITY, f"view '{view.id}': unknown kind '{kind}'",
                          did_you_mean(kind, model.kinds, "see `ea kinds`"))


def _layout_problems(model, view, rel_ids: set[str]):
    line = getattr(view.raw, "lines", {}).get("layout", view.line)
    for ref in sorted({n["element"] for n in _layout_nodes(view.layout.get("nodes") or []) if n.get("element")}):
        if ref not in model.elements:
            yield Problem(view.file, line, CODE, SEVERITY, f"view '{view.id}': layout node of unknown element "
                          f"'{ref}'", did_you_mean(ref, model.elements, "fix the id, or remove the node"))
    for ref in view.layout.get("relationships") or []:
        if ref not in rel_ids:
            yield Problem(view.file, line, CODE, SEVERITY, f"view '{view.id}': layout draws unknown "
                          f"relationship '{ref}'", did_you_mean(ref, rel_ids, "fix the relationship id"))


def _layout_nodes(nodes):
    for node in nodes:
        yield node
        yield from _layout_nodes(node.get("children") or [])
