"""An exchange model (read.py) -> the files of a YAML repository, or of an addition to one (`--merge`).

Ids are readable ASCII slugs of the names (`Customer's Bank` -> `customers-bank`, a number added on a clash);
the exchange identifier stays as the property `archimate_id`, which the exporter gives back, so export ->
import keeps the ids and import -> export keeps the identifiers. Folders become tags `folder:Business/Actors`.
Views become viewpoints selecting their elements, with the diagram's nodes, nesting and positions under
`layout`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..metamodel import metamodel
from ..repo_writer import to_yaml
from .read import XModel, XNode, XProperty

ARCHIMATE_ID = "archimate_id"
JUNCTIONS = {"AndJunction": "and", "OrJunction": "or"}
HEADER = "# Imported by `ea import archimate` from {file}; see docs/archimate.md.\n"


def slug(text: str, fallback: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^A-Za-z0-9]+", "-", text.replace("'", "")).strip("-").lower()
    return text[:60].strip("-") or fallback


@dataclass
class Plan:
    files: dict[str, str]
    ids: dict[str, str]  # exchange identifier -> ea id (of the concepts written)
    present: dict[str, str]  # exchange identifier -> ea id of the concepts already in the repository (not written)


class _Ids:
    def __init__(self):
        self.taken: set[str] = set()
        self.by_ident: dict[str, str] = {}

    def give(self, ident: str, wanted: str) -> str:
        """The id for exchange identifier `ident`: `wanted`, numbered until it is free in this file."""
        candidate, n = wanted, 1
        while candidate in self.taken:
            n += 1
            candidate = f"{wanted}-{n}"
        self.taken.add(candidate)
        self.by_ident[ident] = candidate
        return candidate


def plan(model: XModel, prefix: str = "", present: dict[str, str] | None = None) -> Plan:
    """The repository files for `model`; `prefix` names the files of a merge (`layers/<prefix>business.yaml`).
    `present` (exchange identifier -> ea id) are concepts the repository has already (same `archimate_id`):
    they are not written again, and the relationships and views of the file refer to them."""
    langs = model.languages or ["en"]
    lang0 = langs[0]
    ids = _Ids()
    present = dict(present or {})
    known = dict(present)  # every exchange identifier -> ea id, written or present
    ids.taken.update(present.values())
    type_of = {t.archimate: name for name, t in metamodel().element_types.items()}
    layer_of = {name: t.layer for name, t in metamodel().element_types.items()}
    rel_of = {t.archimate: name for name, t in metamodel().relationship_types.items()}

    def text(values: dict[str, str]) -> dict[str, str] | None:
        out = {(lang or lang0): value for lang, value in values.items() if value}
        return out or None

    by_layer: dict[str, list[dict]] = {}
    for el in model.elements:
        if el.ident in present:
            continue
        etype = "junction" if el.type in JUNCTIONS else type_of[el.type]
        label = _first(el.names, lang0)
        own = _own(el.properties)
        eid = known[el.ident] = ids.give(el.ident, own.get("ea_id") or slug(label, f"{etype}-{slug(el.ident, 'x')}"))
        item: dict = {"id": eid, "type": etype}
        if own.get("ea_kind"):
            item["kind"] = own["ea_kind"]
        item["name"] = text(el.names) or {lang0: eid}
        if own.get("ea_owner"):
            item["owner"] = own["ea_owner"]
        if text(el.docs):
            item["description"] = text(el.docs)
        tags = _folder_tags(model, el.ident)
        if tags:
            item["tags"] = tags
        item["properties"] = _properties(el.properties, lang0, el.ident,
                                         {"junction_type": JUNCTIONS[el.type]} if el.type in JUNCTIONS else {})
        by_layer.setdefault(layer_of[etype], []).append(item)
    rels = []
    for rel in model.relationships:
        if rel.ident in present:
            continue
        rtype = rel_of[rel.type]
        src, tgt = known[rel.source], known[rel.target]  # read.py checked both are elements
        rid = known[rel.ident] = ids.give(rel.ident, _own(rel.properties).get("ea_id") or f"{rtype}-{src}-{tgt}"[:80])
        item = {"id": rid, "type": rtype, "from": src, "to": tgt}
        if text(rel.names):
            item["name"] = text(rel.names)
        if text(rel.docs):
            item["description"] = text(rel.docs)
        if rtype == "access":
            item["access"] = rel.access or "access"
        if rtype == "influence" and rel.modifier:
            item["strength"] = rel.modifier
        if rtype == "association" and (rel.directed or _own(rel.properties).get("ea_directed") == "true"):
            item["directed"] = True
        item["properties"] = _properties(rel.properties, lang0, rel.ident, {})
        tags = _folder_tags(model, rel.ident)
        if tags:
            item["properties"]["folder"] = tags[0].split(":", 1)[1]
        rels.append(item)
    header = HEADER.format(file=model.file.rsplit("/", 1)[-1])
    files = {f"layers/{prefix}{layer}.yaml": header + to_yaml({"elements": items})
             for layer, items in sorted(by_layer.items())}
    if rels:
        files[f"layers/{prefix}relationships.yaml"] = header + to_yaml({"relationships": rels})
    view_ids = _Ids()
    for view in model.views:
        vid = prefix + view_ids.give(view.ident, _own(view.properties).get("ea_id")
                                     or slug(_first(view.names, lang0), "view"))
        members = sorted({known[n.element] for n in _walk(view.nodes) if n.element})
        data: dict = {"id": vid, "title": text(view.names) or {lang0: vid}}
        if text(view.docs):
            data["description"] = text(view.docs)
        data["select"] = {"ids": members}
        data["layout"] = {"nodes": [_node(node, known, text) for node in view.nodes],
                          "relationships": sorted({known[r] for r in view.connections})}
        if view.viewpoint:
            data["notes"] = f"ArchiMate viewpoint: {view.viewpoint}"
        files[f"viewpoints/{vid}.yaml"] = header + to_yaml(data)
    return Plan(files, ids.by_ident, present)


def manifest(model: XModel) -> str:
    langs = model.languages or ["en"]
    name = {lang or langs[0]: value for lang, value in model.names.items() if value} or {langs[0]: "Imported model"}
    rid = slug(next(iter(name.values())), "imported")
    data: dict = {"id": rid, "name": name}
    if any(model.docs.values()):
        data["description"] = {lang or langs[0]: value for lang, value in model.docs.items() if value}
    data.update({"framework": "vneaf-2.0", "languages": langs, "base_iri": f"https://example.org/ea/{rid}/"})
    if model.properties:
        data["properties"] = _properties(model.properties, langs[0], None, {})
    data["rules"] = {"disable": ["EA107", "EA108"]}
    return ("# Imported by `ea import archimate`. EA107 (missing source) and EA108 (element connected to nothing) are\n"
            "# off: exchange files carry no provenance, and ArchiMate tools keep unconnected elements.\n"
            + to_yaml(data))


def _first(values: dict[str, str], lang: str) -> str:
    return values.get(lang) or values.get("") or next(iter(values.values()), "")


# written by `ea export archimate` (ea_directed: the XSD has no isDirected), read back as fields
OWN = ("ea_id", "ea_kind", "ea_owner", "ea_directed")


def _own(props: list[XProperty]) -> dict[str, str]:
    return {p.key: next(iter(p.values.values()), "") for p in props if p.key in OWN}


def _properties(props: list[XProperty], lang0: str, ident: str | None, extra: dict) -> dict:
    out: dict = {}
    for prop in props:
        if prop.key in OWN:
            continue
        for lang, value in prop.values.items():
            key = prop.key if lang in ("", lang0) or len(prop.values) == 1 else f"{prop.key}@{lang}"
            out.setdefault(key, value)
    out.update(extra)
    if ident is not None:
        out[ARCHIMATE_ID] = ident
    return out


def _folder_tags(model: XModel, ident: str) -> list[str]:
    path = model.folders.get(ident)
    return [f"folder:{'/'.join(path)}"] if path else []


def _walk(nodes: list[XNode]):
    for node in nodes:
        yield node
        yield from _walk(node.children)


def _node(node: XNode, ids: dict[str, str], text) -> dict:
    out: dict = {}
    if node.element:
        out["element"] = ids[node.element]
    else:
        out["type"] = node.kind
        if text(node.label):
            out["label"] = text(node.label)
    if node.box:
        out.update(zip(("x", "y", "w", "h"), node.box, strict=True))
    if node.children:
        out["children"] = [_node(child, ids, text) for child in node.children]
    return out
