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
from dataclasses import dataclass, field

from ..metamodel import metamodel
from ..model import ID_MAX, ID_PATTERN
from ..problems import printable
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
    notes: list[str] = field(default_factory=list)  # `file:line: ...` for each id taken from the file and renamed


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


_ID = re.compile(ID_PATTERN)


def valid_id(text: str) -> bool:
    """An id the repository can hold, which is also a safe file name (a view's id names its file)."""
    return len(text) <= ID_MAX and bool(_ID.match(text))


def plan(model: XModel, prefix: str = "", present: dict[str, str] | None = None) -> Plan:
    """The repository files for `model`; `prefix` names the files of a merge (`layers/<prefix>business.yaml`).
    `present` (exchange identifier -> ea id) are concepts the repository has already (same `archimate_id`):
    they are not written again, and the relationships and views of the file refer to them.

    Ids the file proposes (the `ea_id` property of `ea export archimate`) are used when they are valid ea ids,
    and for views (whose id names a file) when they are plain file names; any other is replaced by a slug,
    with a note."""
    return _Planner(model, prefix, present or {}).run()


class _Planner:
    def __init__(self, model: XModel, prefix: str, present: dict[str, str]) -> None:
        self.model, self.prefix, self.present = model, prefix, dict(present)
        self.lang0 = (model.languages or ["en"])[0]
        self.ids = _Ids()
        self.ids.taken.update(self.present.values())
        self.known = dict(self.present)  # every exchange identifier -> ea id, written or present
        self.given: dict[str, str] = {}  # the file's ea_id -> the ea id it was imported as (owners name ea ids)
        self.notes: list[str] = []
        mm = metamodel()
        self.type_of = {t.archimate: name for name, t in mm.element_types.items()}
        self.layer_of = {name: t.layer for name, t in mm.element_types.items()}
        self.rel_of = {t.archimate: name for name, t in mm.relationship_types.items()}

    def run(self) -> Plan:
        by_layer: dict[str, list[dict]] = {}
        for el in self.model.elements:
            if el.ident not in self.present:
                item = self.element(el)
                by_layer.setdefault(self.layer_of[item["type"]], []).append(item)
        for item in (i for items in by_layer.values() for i in items if "owner" in i):
            item["owner"] = self.given.get(item["owner"], item["owner"])  # an owner renamed on import follows
        rels = [self.relationship(rel) for rel in self.model.relationships if rel.ident not in self.present]
        header = HEADER.format(file=self.model.file.rsplit("/", 1)[-1])
        files = {f"layers/{self.prefix}{layer}.yaml": header + to_yaml({"elements": items})
                 for layer, items in sorted(by_layer.items())}
        if rels:
            files[f"layers/{self.prefix}relationships.yaml"] = header + to_yaml({"relationships": rels})
        view_ids = _Ids()
        for view in self.model.views:
            vid, data = self.view(view, view_ids)
            files[f"viewpoints/{vid}.yaml"] = header + to_yaml(data)
        return Plan(files, self.ids.by_ident, self.present, self.notes)

    def text(self, values: dict[str, str]) -> dict[str, str] | None:
        out = {(lang or self.lang0): value for lang, value in values.items() if value}
        return out or None

    def proposed(self, own: dict[str, str], line: int, what: str, fallback: str) -> str:
        """The file's own id (`ea_id`) when the repository can use it, else a slug of it; a note when renamed."""
        wanted = own.get("ea_id")
        if not wanted:
            return fallback
        if valid_id(wanted):
            return wanted
        instead = slug(wanted, fallback)
        self.notes.append(f"{self.model.file}:{line}: the {what} id '{printable(wanted, 80)}' is not a valid ea id "
                          f"(ASCII letters, digits, '.', '_', '-', at most {ID_MAX} characters): imported as "
                          f"'{instead}'")
        return instead

    def element(self, el) -> dict:
        etype = "junction" if el.type in JUNCTIONS else self.type_of[el.type]
        own = _own(el.properties)
        fallback = slug(_first(el.names, self.lang0), f"{etype}-{slug(el.ident, 'x')}")
        eid = self.known[el.ident] = self.ids.give(el.ident, self.proposed(own, el.line, "element", fallback))
        if own.get("ea_id"):
            self.given[own["ea_id"]] = eid
        item: dict = {"id": eid, "type": etype}
        if own.get("ea_kind"):
            item["kind"] = own["ea_kind"]
        item["name"] = self.text(el.names) or {self.lang0: eid}
        if own.get("ea_owner"):
            item["owner"] = own["ea_owner"]
        if self.text(el.docs):
            item["description"] = self.text(el.docs)
        tags = _folder_tags(self.model, el.ident)
        if tags:
            item["tags"] = tags
        item["properties"] = _properties(el.properties, self.lang0, el.ident,
                                         {"junction_type": JUNCTIONS[el.type]} if el.type in JUNCTIONS else {})
        return item

    def relationship(self, rel) -> dict:
        rtype = self.rel_of[rel.type]
        src, tgt = self.known[rel.source], self.known[rel.target]  # read.py checked both are elements
        own = _own(rel.properties)
        wanted = self.proposed(own, rel.line, "relationship", f"{rtype}-{src}-{tgt}"[:80])
        rid = self.known[rel.ident] = self.ids.give(rel.ident, wanted)
        item = {"id": rid, "type": rtype, "from": src, "to": tgt}
        if self.text(rel.names):
            item["name"] = self.text(rel.names)
        if self.text(rel.docs):
            item["description"] = self.text(rel.docs)
        if rtype == "access":
            item["access"] = rel.access or "access"
        if rtype == "influence" and rel.modifier:
            item["strength"] = rel.modifier
        if rtype == "association" and (rel.directed or own.get("ea_directed") == "true"):
            item["directed"] = True
        item["properties"] = _properties(rel.properties, self.lang0, rel.ident, {})
        tags = _folder_tags(self.model, rel.ident)
        if tags:
            item["properties"]["folder"] = tags[0].split(":", 1)[1]
        return item

    def view(self, view, view_ids: _Ids) -> tuple[str, dict]:
        fallback = slug(_first(view.names, self.lang0), "view")
        vid = self.prefix + view_ids.give(view.ident, self.proposed(_own(view.properties), view.line, "view",
                                                                    fallback))
        known = self.known
        members = sorted({known[n.element] for n in _walk(view.nodes) if n.element})
        data: dict = {"id": vid, "title": self.text(view.names) or {self.lang0: vid}}
        if self.text(view.docs):
            data["description"] = self.text(view.docs)
        data["select"] = {"ids": members}
        data["layout"] = {"nodes": [_node(node, known, self.text) for node in view.nodes],
                          "relationships": sorted({known[r] for r in view.connections})}
        if view.viewpoint:
            data["notes"] = f"ArchiMate viewpoint: {view.viewpoint}"
        return vid, data


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
