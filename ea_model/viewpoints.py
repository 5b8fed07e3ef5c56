"""Viewpoints: declarative view definitions (`viewpoints/*.yaml`) and the selection of what a view shows.

A view selects elements (by layer, type, kind, reference-model code, tag, explicit ids, or everything
within N steps of an element), keeps those that exist in the plateau, and draws the relationships of the
chosen types between them, grouped into clusters. Rendering is elsewhere (`render/`); this module is pure
model -> selection, so the renderer, the ArchiMate exporter and the site share it.
"""

from __future__ import annotations

from dataclasses import dataclass

from .graph import neighbourhood
from .i18n import MESSAGES, texts
from .model import Element, Model, Relationship, Viewpoint, text_in


@dataclass
class Selection:
    """What one view shows: elements, the relationships between them, and the clusters."""

    view: Viewpoint
    plateau: str | None
    elements: list[Element]
    relationships: list[Relationship]
    groups: dict[str, list[str]]  # cluster label key -> element ids (empty key = no cluster)
    group_labels: dict[str, dict]  # cluster key -> {vi, en}


def focus_view(element_id: str, depth: int) -> Viewpoint:
    """The ad-hoc view of `ea render --focus ID --depth N`."""
    return Viewpoint(
        id=f"focus-{element_id}", title=texts("focus_title", id=element_id),
        file="", line=0, select={"around": {"id": element_id, "depth": depth}}, group_by="layer",
    )


def _matches(el: Element, select: dict, model: Model) -> bool:
    """Every criterion given must match (AND); within a list, any value (OR)."""
    checks = (
        ("layers", lambda vals: el.layer in vals),
        ("types", lambda vals: el.type in vals),
        ("kinds", lambda vals: el.kind in vals),
        ("tags", lambda vals: any(t in el.tags for t in vals)),
        ("rm", lambda vals: any(c == v or c.startswith(v + ".") for c in el.rm for v in vals)),
        ("owners", lambda vals: el.owner in vals),
    )
    filtered = False
    for key, test in checks:
        vals = select.get(key)
        if vals:
            filtered = True
            if not test(vals):
                return False
    return filtered


def selections(view: Viewpoint) -> list[dict]:
    """The view's own selection and each cluster's, in order."""
    return [s for s in (view.select, *(c["select"] for c in view.clusters)) if s]


def selected_ids(model: Model, view: Viewpoint) -> set[str]:
    """Element ids a view selects (its own selection and its clusters'), before the plateau filter."""
    ids: set[str] = set()
    for sel in selections(view):
        ids |= _selection_ids(model, sel)
    return ids


def _selection_ids(model: Model, sel: dict) -> set[str]:
    ids = {i for i in sel.get("ids") or [] if i in model.elements}
    around = sel.get("around")
    if around and around.get("id") in model.elements:
        ids |= neighbourhood(model.graph, around["id"], int(around.get("depth", 1)))
    if any(sel.get(k) for k in ("layers", "types", "kinds", "tags", "rm", "owners")):
        ids |= {eid for eid, el in model.elements.items() if _matches(el, sel, model)}
    return ids - set(sel.get("exclude") or [])


def select(model: Model, view: Viewpoint, plateau: str | None = None) -> Selection:
    plateau = plateau or view.plateau
    ids = selected_ids(model, view)
    if plateau:
        ids = {i for i in ids if model.in_plateau(model.elements[i], plateau)}
    elements = [model.elements[i] for i in sorted(ids)]
    wanted = set(view.relationships) if view.relationships is not None else None
    seen: set[tuple] = set()
    rels = []
    for rel in sorted(model.relationships, key=lambda r: (r.source, r.target, r.type, r.key)):
        if rel.source not in ids or rel.target not in ids or rel.source == rel.target:
            continue
        if wanted is not None and rel.type not in wanted:
            continue
        if plateau and not model.in_plateau(rel, plateau):
            continue
        key = (rel.type, rel.source, rel.target, rel.access)
        if key in seen:
            continue
        seen.add(key)
        rels.append(rel)
    if view.only_connected:
        touched = {r.source for r in rels} | {r.target for r in rels}
        elements = [el for el in elements if el.id in touched]
    groups, labels = _group(model, view, elements, plateau)
    return Selection(view, plateau, elements, rels, groups, labels)


def _group(model: Model, view: Viewpoint, elements: list[Element], plateau: str | None):
    if view.clusters:
        return _named_clusters(model, view, elements)
    cluster_of = _cluster_key(model, view.group_by, plateau)
    groups: dict[str, list[str]] = {}
    labels: dict[str, dict] = {}
    for el in elements:
        key, label = cluster_of(el)
        if key == el.id:  # an owner drawn inside its own cluster would hide the cluster
            key, label = "", {}
        groups.setdefault(key, []).append(el.id)
        if key:
            labels[key] = label
    return groups, labels


NO_CLUSTER: tuple[str, dict] = ("", {})


def _cluster_key(model: Model, by: str, plateau: str | None):
    """The function giving an element's (cluster key, cluster label) for `group_by: by`."""
    def layer(el):
        return (el.layer, _layer_label(el.layer)) if el.layer else NO_CLUSTER

    def owner(el):
        who = model.state_at(el, plateau)["owner"] if plateau else el.owner
        return (who, model.elements[who].name) if who in model.elements else NO_CLUSTER

    def rm(el):
        top = model.categories.get(el.rm[0]) if el.rm else None
        while top and top.parent and top.parent in model.categories and model.categories[top.parent].parent:
            top = model.categories[top.parent]
        if not top:
            return NO_CLUSTER
        return top.code, {lang: f"{top.code} {text}" for lang, text in _names(top.name).items()}

    def kind(el):
        name = el.kind or el.type or ""
        known = model.kinds.get(name)
        return name, (known.label if known else _type_names(name))

    def type_(el):
        return (el.type, _type_names(el.type)) if el.type else NO_CLUSTER

    def location(el):
        where = locations.get(el.id)
        return (where, model.elements[where].name) if where else NO_CLUSTER

    def prop(el):
        value = el.properties.get(by.split(":", 1)[1])
        return (str(value), _names(str(value))) if value is not None else NO_CLUSTER

    locations: dict[str, str] = {}
    if by == "location":
        for rel in model.relationships:
            loc = model.elements.get(rel.source)
            if rel.type == "aggregation" and loc and loc.type == "location":
                locations.setdefault(rel.target, loc.id)
    if by.startswith("property:"):
        return prop
    return {"layer": layer, "owner": owner, "rm": rm, "kind": kind, "type": type_, "location": location}.get(
        by, lambda el: NO_CLUSTER)


def _named_clusters(model: Model, view: Viewpoint, elements: list[Element]):
    members = [(c["id"], _selection_ids(model, c["select"])) for c in view.clusters]
    found: dict[str, list[str]] = {}
    for el in elements:
        key = next((cid for cid, ids in members if el.id in ids), "")
        found.setdefault(key, []).append(el.id)
    groups = {cid: found[cid] for cid, _ in members if cid in found}
    if "" in found:
        groups[""] = found[""]
    return groups, {c["id"]: c["title"] for c in view.clusters if c["id"] in groups}


def _names(name) -> dict:
    return name if isinstance(name, dict) else {"vi": name, "en": name}


def _type_names(name: str) -> dict:
    """An ArchiMate type's name in every interface language (never the raw code in a diagram)."""
    return texts(f"type.{name}") if f"type.{name}" in MESSAGES else _names(name)


# {layer: {lang: label}}, from the catalogue (ArchiMate export folders use it too)
LAYER_LABELS = {key.removeprefix("layer."): texts(key) for key in MESSAGES if key.startswith("layer.")}


def _layer_label(layer: str) -> dict:
    return LAYER_LABELS.get(layer, {"vi": layer, "en": layer})


def title(view: Viewpoint, lang: str) -> str:
    return text_in(view.title, lang) or view.id
