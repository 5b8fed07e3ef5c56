"""The model -> an ArchiMate 3.1 Model Exchange File: elements, relationships, properties, organizations (folders)
and every viewpoint as a diagram, deterministic byte for byte.

What the exchange format has no place for travels as properties named `ea_*` (id, kind, owner, reference-model
codes, tags, plateaus, sources, inferred, notes, and as JSON the per-plateau changes and the name history), so
nothing is lost; `ea import archimate` reads `ea_id`, `ea_kind` and `ea_owner` back. With a plateau, elements are
written as they are in it (its `changes` and earlier ones applied, as `ea render --plateau` names them).
Identifiers are the `archimate_id` an imported concept kept, else `id-` + the ea id with any character an XML ID
cannot hold written `_HH`.
"""

from __future__ import annotations

import io
import json
import re
from collections import defaultdict
from typing import BinaryIO

from lxml import etree

from ..metamodel import metamodel
from ..model import Element, Model, Relationship
from ..viewpoints import LAYER_LABELS, select
from .read import NS3, XML_LANG, XSI_TYPE

XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS3} http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
ARCHIMATE_ID = "archimate_id"
FOLDER = "folder"  # a relationship's folder (elements keep theirs as a `folder:` tag)
_NCNAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")
_KEEP = re.compile(r"[A-Za-z0-9.-]")


def xml_id(ea_id: str, prefix: str = "id-") -> str:
    """A valid, deterministic, injective xs:ID for an ea id."""
    return prefix + "".join(ch if _KEEP.match(ch) else "".join(f"_{b:02X}" for b in ch.encode("utf-8"))
                            for ch in ea_id)


def export(model: Model, lang: str | None = None, plateau: str | None = None) -> bytes:
    """The exchange file of `model` (elements and relationships of `plateau`, or all), `lang` first."""
    out = io.BytesIO()
    write(model, out, lang, plateau)
    return out.getvalue()


def write(model: Model, out: BinaryIO, lang: str | None = None, plateau: str | None = None) -> int:
    """The bytes `export` gives, written to `out` as they are made; returns how many. Each element, relationship,
    folder and view is built as a small lxml tree, written and let go: the whole document was over a gigabyte
    of lxml nodes at 100,000 elements."""
    return _Writer(model, lang or model.manifest.languages[0], plateau).run(out)


def exchange_concepts(model: Model, lang: str | None = None) -> _Writer:
    """What an export writes, without writing it: the elements and relationships, their identifiers (`ids`,
    `rel_ids`) and `ea_*` properties (`element_properties`, `relationship_properties`); the CSV export uses it
    so that both formats carry the same identifiers and properties."""
    return _Writer(model, lang or model.manifest.languages[0], None)


class _Writer:
    def __init__(self, model: Model, lang: str, plateau: str | None):
        self.model, self.lang, self.plateau = model, lang, plateau
        self.langs = [lang, *[x for x in model.manifest.languages if x != lang]]
        mm = metamodel()
        self.etype = {name: t.archimate for name, t in mm.element_types.items()}
        self.rtype = {name: t.archimate for name, t in mm.relationship_types.items()}
        self.elements = [el for el in sorted(model.elements.values(), key=lambda e: e.id)
                         if el.type and (not plateau or model.in_plateau(el, plateau))]
        kept = {el.id for el in self.elements}
        self.relationships = [r for r in sorted(model.relationships, key=lambda r: (r.key, r.file, r.line))
                              if r.source in kept and r.target in kept
                              and (not plateau or model.in_plateau(r, plateau))]
        self.ids: dict[str, str] = {}
        used: set[str] = set()
        for el in self.elements:
            self.ids[el.id] = self._unique(self._ident(el.properties, el.id), used)
        self.rel_ids: dict[int, str] = {}
        for rel in self.relationships:
            self.rel_ids[id(rel)] = self._unique(self._ident(rel.properties, rel.key, "id-rel-"), used)
        self.propdefs: dict[str, str] = {}

    @staticmethod
    def _ident(properties: dict, ea_id: str, prefix: str = "id-") -> str:
        given = properties.get(ARCHIMATE_ID)
        return str(given) if isinstance(given, str) and _NCNAME.match(given) else xml_id(ea_id, prefix)

    @staticmethod
    def _unique(ident: str, used: set[str]) -> str:
        candidate, n = ident, 1
        while candidate in used:
            n += 1
            candidate = f"{ident}-{n}"
        used.add(candidate)
        return candidate

    # ------------------------------------------------------------------ document
    def run(self, out: BinaryIO) -> int:
        """The document, pretty-printed as lxml prints a whole tree (two spaces a level), written piece by piece:
        each piece is a subtree of a skeleton `<model>` (so it has the document's namespaces), indented for its
        depth, serialised, and removed again; the namespace declarations lxml repeats on a piece's first tag are
        cut."""
        self.out, self.written = out, 0
        self._assign_property_definitions()
        root = etree.Element(f"{{{NS3}}}model", nsmap={None: NS3, "xsi": XSI})
        root.set(f"{{{XSI}}}schemaLocation", SCHEMA_LOCATION)
        root.set("identifier", xml_id(self.model.manifest.id, "id-model-"))
        probe = etree.tostring(etree.SubElement(root, f"{{{NS3}}}x"))
        self._declarations = probe[len(b"<x"):-len(b"/>")]
        root.remove(root[0])
        self._skeleton = root
        head = etree.tostring(root)
        self._put(b"<?xml version='1.0' encoding='UTF-8'?>\n" + head[:-len(b"/>")] + b">\n")
        self.texts(root, "name", self.model.manifest.name)
        self.texts(root, "documentation", self.model.manifest.raw.get("description"))
        self.properties(root, dict(self.model.manifest.raw.get("properties") or {}))
        self._flush_children(root, 1)
        self._section("elements", self.elements, self._element, always=True)
        self._section("relationships", self.relationships, self._relationship)
        self.organizations()
        self.property_definitions()
        self.views()
        self._put(b"</model>\n")
        return self.written

    def _put(self, data: bytes) -> None:
        self.out.write(data)
        self.written += len(data)

    def _emit(self, node, depth: int) -> None:
        """`node` (a child of the skeleton, at `depth`) as lxml's pretty print writes it inside the document."""
        etree.indent(node, space="  ", level=depth)
        data = etree.tostring(node, encoding="UTF-8", xml_declaration=False, with_tail=False)
        name_end = data.index(b" ") if b" " in data[:data.index(b">")] else data.index(b">")
        if data[name_end:name_end + len(self._declarations)] != self._declarations:
            raise AssertionError("lxml wrote a piece's namespaces otherwise than expected")
        self._put(b"  " * depth + data[:name_end] + data[name_end + len(self._declarations):] + b"\n")

    def _flush_children(self, parent, depth: int) -> None:
        for child in list(parent):
            self._emit(child, depth)
            parent.remove(child)

    def _section(self, local: str, items: list, make, always: bool = False) -> None:
        """`<local>` with one child per item, each made by `make(holder, item)`, written as it is made."""
        if not items:
            if always:
                self._put(f"  <{local}/>\n".encode())
            return
        holder = self.sub(self._skeleton, local)
        self._put(f"  <{local}>\n".encode())
        for item in items:
            make(holder, item)
            self._flush_children(holder, 2)
        self._put(f"  </{local}>\n".encode())
        self._skeleton.remove(holder)

    def _element(self, elements, el: Element) -> None:
        state = self.state(el)
        node = self.sub(elements, "element", identifier=self.ids[el.id])
        node.set(XSI_TYPE, "AndJunction" if el.type == "junction" and el.properties.get("junction_type") == "and"
                 else "OrJunction" if el.type == "junction" else self.etype[el.type])
        self.texts(node, "name", state["name"])
        self.texts(node, "documentation", state["description"])
        self.properties(node, self.element_properties(el, state))

    def _relationship(self, rels, rel: Relationship) -> None:
        node = self.sub(rels, "relationship", identifier=self.rel_ids[id(rel)],
                        source=self.ids[rel.source], target=self.ids[rel.target])
        node.set(XSI_TYPE, self.rtype[rel.type])
        if rel.type == "access" and rel.access:
            node.set("accessType", rel.access.capitalize() if rel.access != "readwrite" else "ReadWrite")
        if rel.type == "influence" and rel.strength:
            node.set("modifier", rel.strength)
        self.texts(node, "name", rel.name)
        self.texts(node, "documentation", rel.raw.get("description") if rel.raw else None)
        self.properties(node, self.relationship_properties(rel))

    def sub(self, parent, local: str, **attrs):
        node = etree.SubElement(parent, f"{{{NS3}}}{local}")
        for key, value in attrs.items():
            node.set(key, xml_text(value))
        return node

    def texts(self, parent, local: str, value) -> None:
        if not value:
            return
        values = value if isinstance(value, dict) else {self.model.manifest.languages[0]: value}
        for lang in [*self.langs, *sorted(set(values) - set(self.langs))]:
            if values.get(lang):
                self.sub(parent, local).text = xml_text(str(values[lang]))
                parent[-1].set(XML_LANG, lang)

    # ------------------------------------------------------------------ properties
    def state(self, el: Element) -> dict:
        """The element's name, description, owner, properties, rm, tags and notes (in the plateau, if one)."""
        if self.plateau:
            return self.model.state_at(el, self.plateau)
        return {"name": el.name, "description": el.description, "owner": el.owner, "properties": el.properties,
                "rm": el.rm, "tags": el.tags, "notes": el.notes}

    def element_properties(self, el: Element, state: dict) -> dict:
        out = {k: v for k, v in state["properties"].items() if k != ARCHIMATE_ID}
        tags = list(state["tags"] or [])
        extra = {"ea_id": el.id, "ea_kind": el.kind, "ea_owner": state["owner"], "ea_rm": state["rm"],
                 "ea_tags": [t for t in tags if not t.startswith("folder:")], "ea_plateaus": el.plateaus,
                 "ea_source": [_source(s) for s in el.sources], "ea_inferred": el.inferred or None,
                 "ea_notes": _Lang(state["notes"]) if isinstance(state["notes"], dict) else state["notes"],
                 "ea_replaces": el.replaces,
                 "ea_history": _json(el.history) if el.history else None,
                 "ea_changes": _json(el.changes) if el.changes and not self.plateau else None}
        return {**out, **{k: v for k, v in extra.items() if v}}

    def relationship_properties(self, rel: Relationship) -> dict:
        out = {k: v for k, v in rel.properties.items() if k not in (ARCHIMATE_ID, FOLDER)}
        notes = (rel.raw or {}).get("notes")
        extra = {"ea_id": rel.id, "ea_plateaus": rel.plateaus, "ea_source": [_source(s) for s in rel.sources],
                 "ea_directed": (rel.type == "association" and rel.directed) or None,  # the XSD has no isDirected
                 "ea_inferred": rel.inferred or None, "ea_notes": _Lang(notes) if isinstance(notes, dict) else notes}
        return {**out, **{k: v for k, v in extra.items() if v}}

    def view_properties(self, view) -> dict:
        """The viewpoint's id, sources and definition (what it selects and how `ea render` draws it)."""
        definition = {k: v for k, v in (view.raw or {}).items()
                      if k not in ("id", "title", "description", "source", "sources", "layout")}
        extra = {"ea_id": view.id, "ea_source": [_source(s) for s in view.sources],
                 "ea_plateau": self.plateau or view.plateau, "ea_view": _json(definition) if definition else None}
        return {k: v for k, v in extra.items() if v}

    def _merged(self, props: dict) -> dict[str, dict[str, object]]:
        """Property key -> {language: value} (see `properties`)."""
        languages = self.model.manifest.languages
        merged: dict[str, dict[str, object]] = {}
        for key, value in props.items():
            base, _, lang = str(key).rpartition("@")
            if base and lang in languages and base in props:
                merged.setdefault(base, {})[lang] = value
            elif isinstance(value, _Lang):
                merged.setdefault(str(key), {}).update(value)
            else:
                merged.setdefault(str(key), {})["" if str(key).startswith("ea_") else languages[0]] = value
        return merged

    def properties(self, parent, props: dict) -> None:
        """One <property> per key. Values of the element's own properties are in the manifest's first language
        (`key@lang` keys, as `ea import archimate` writes other languages, become values in that language);
        `ea_*` values are codes and ids, in no language, except notes given per language."""
        if not props:
            return
        merged = self._merged(props)
        group = self.sub(parent, "properties")
        for key in sorted(merged):
            prop = self.sub(group, "property", propertyDefinitionRef=self.propdefs[xml_text(key)])
            values = merged[key]
            for lang in [*[x for x in self.langs if x in values], *sorted(set(values) - set(self.langs))]:
                value = values[lang]
                val = self.sub(prop, "value")
                val.text = xml_text("; ".join(map(_scalar, value)) if isinstance(value, list) else _scalar(value))
                if lang:
                    val.set(XML_LANG, lang)

    def _assign_property_definitions(self) -> None:
        """Every property key the document will hold, numbered in sorted order (`propid-1`, ...): the numbers
        are written in the elements, before the definitions, so they are found first, by the same merging."""
        names: set[str] = set()
        for props in self._all_properties():
            if props:
                names.update(xml_text(key) for key in self._merged(props))
        self.propdefs = {name: f"propid-{i + 1}" for i, name in enumerate(sorted(names))}

    def _all_properties(self):
        yield dict(self.model.manifest.raw.get("properties") or {})
        for el in self.elements:
            yield self.element_properties(el, self.state(el))
        for rel in self.relationships:
            yield self.relationship_properties(rel)
        for view in self.model.viewpoints.values():
            yield self.view_properties(view)

    def property_definitions(self) -> None:
        if not self.propdefs:
            return
        defs = self.sub(self._skeleton, "propertyDefinitions")
        for name, ident in self.propdefs.items():
            d = self.sub(defs, "propertyDefinition", identifier=ident, type="string")
            self.sub(d, "name").text = xml_text(name)
        self._flush_children(self._skeleton, 1)

    # ------------------------------------------------------------------ organizations
    def organizations(self) -> None:
        tree: dict = {}
        self.folder_labels: dict[str, dict] = {}  # a folder's label in --lang -> its label in every language
        for el in self.elements:
            folder = next((t.split(":", 1)[1] for t in el.tags if t.startswith("folder:")), None)
            if folder:
                path = folder.split("/")
            else:
                kind = self.model.kinds.get(el.kind or "")
                path = [self._label(LAYER_LABELS.get(el.layer or "") or (el.layer or "other")),
                        self._label(kind.label if kind else el.type)]
            node = tree
            for part in path:
                node = node.setdefault(part, {})
            node.setdefault(None, []).append(self.ids[el.id])
        rel_folder = self._label({"vi": "Quan hệ", "en": "Relations"})
        for rel in self.relationships:
            node = tree
            for part in str(rel.properties.get(FOLDER) or rel_folder).split("/"):
                node = node.setdefault(part, {})
            node.setdefault(None, []).append(self.rel_ids[id(rel)])
        if not tree:
            return
        self._put(b"  <organizations>\n")
        self._folder(tree, 2)
        self._put(b"  </organizations>\n")

    def _label(self, label) -> str:
        """`label` ({vi, en} or text) in --lang, remembering every language for the folder's <label>s."""
        text = _text(label, self.lang) or "?"
        if isinstance(label, dict):
            self.folder_labels.setdefault(text, dict(label))
        return text

    def _folder(self, tree: dict, depth: int) -> None:
        indent = "  " * depth
        for label in sorted(k for k in tree if k is not None):
            item = self.sub(self._skeleton, "item")
            self.texts(item, "label", self.folder_labels.get(label) or label)
            self._put(f"{indent}<item>\n".encode())
            self._flush_children(item, depth + 1)
            self._skeleton.remove(item)
            self._folder(tree[label], depth + 1)
            self._put(f"{indent}</item>\n".encode())
        # Identifiers are NCNames (xml_id, or an imported one that matched _NCNAME): nothing to escape.
        self._put("".join(f'{indent}<item identifierRef="{ref}"/>\n' for ref in tree.get(None, [])).encode())

    # ------------------------------------------------------------------ views
    def views(self) -> None:
        views = sorted(self.model.viewpoints.values(), key=lambda v: v.id)
        if not views:
            return
        holder = self.sub(self._skeleton, "views")
        diagrams = self.sub(holder, "diagrams")
        self._put(b"  <views>\n    <diagrams>\n")
        by_pair: dict[tuple[str, str], list[Relationship]] = defaultdict(list)
        for rel in self.relationships:
            by_pair[(rel.source, rel.target)].append(rel)
        kept = {el.id for el in self.elements}
        for view in views:
            sel = select(self.model, view, self.plateau)
            node = self.sub(diagrams, "view", identifier=xml_id(view.id, "id-view-"))
            node.set(XSI_TYPE, "Diagram")
            self.texts(node, "name", view.title)
            self.texts(node, "documentation", view.description)
            self.properties(node, self.view_properties(view))
            placed: dict[str, str] = {}
            counter = [0]
            layout = view.layout or {}
            if layout.get("nodes"):
                for spec in layout["nodes"]:
                    self._layout_node(node, spec, placed, counter, view.id, kept)
                wanted = set(layout.get("relationships") or [])  # an imported diagram draws exactly these
                rels = [r for r in self.relationships if r.id in wanted]
            else:
                self._laid_out(node, sel, placed, counter, kept)
                rels = sel.relationships
            for i, rel in enumerate(r for r in rels if r.source in placed and r.target in placed):
                conn = self.sub(node, "connection", identifier=xml_id(f"{view.id}-c{i + 1}", "id-view-"),
                                relationshipRef=self.rel_ids[id(rel)], source=placed[rel.source],
                                target=placed[rel.target])
                conn.set(XSI_TYPE, "Relationship")
            self._flush_children(diagrams, 3)
        self._put(b"    </diagrams>\n  </views>\n")
        self._skeleton.remove(holder)

    def _laid_out(self, parent, sel, placed: dict, counter: list, kept: set[str]) -> None:
        """The view's elements where graphviz puts them; each group `ea render` frames (group_by, clusters) as a
        Container labelled in every language, holding its elements (positions are absolute, as the format
        wants), behind the elements outside any group."""
        if not sel.elements:
            return
        from .layout import graphviz_layout  # here: the CSV export shares this module and needs no graphviz

        layout = graphviz_layout(self.model, sel, self.lang)
        view_id = sel.view.id
        keys = list(sel.groups) if sel.view.clusters else sorted(sel.groups)  # render/dot.py's order
        for key in [k for k in keys if k in layout.clusters]:
            members = [eid for eid in sel.groups[key] if eid in layout.elements and eid in kept]
            if not members:
                continue
            frame = self._container(parent, layout.clusters[key], sel.group_labels.get(key) or key, counter,
                                    view_id)
            for eid in members:
                self._node(frame, eid, layout.elements[eid], placed, counter, view_id)
        for el in sel.elements:
            if el.id not in placed and el.id in layout.elements and el.id in kept:
                self._node(parent, el.id, layout.elements[el.id], placed, counter, view_id)

    def _container(self, parent, box, label, counter: list, view_id: str):
        counter[0] += 1
        node = self.sub(parent, "node", identifier=xml_id(f"{view_id}-n{counter[0]}", "id-view-"),
                        **dict(zip(("x", "y", "w", "h"), map(str, box), strict=True)))
        node.set(XSI_TYPE, "Container")
        self.texts(node, "label", label)
        return node

    def _node(self, parent, eid: str, box, placed: dict, counter: list, view_id: str):
        counter[0] += 1
        ident = xml_id(f"{view_id}-n{counter[0]}", "id-view-")
        x, y, w, h = box
        node = self.sub(parent, "node", identifier=ident, elementRef=self.ids[eid], x=str(x), y=str(y), w=str(w),
                        h=str(h))
        node.set(XSI_TYPE, "Element")
        placed.setdefault(eid, ident)
        return node

    def _layout_node(self, parent, spec: dict, placed: dict, counter: list, view_id: str, kept: set[str]) -> None:
        box = tuple(int(spec.get(k, 0)) for k in ("x", "y", "w", "h"))
        if spec.get("element"):
            if spec["element"] not in kept:
                return
            node = self._node(parent, spec["element"], box, placed, counter, view_id)
        else:
            node = self._container(parent, box, spec.get("label") or {self.lang: ""}, counter, view_id)
            node.set(XSI_TYPE, spec.get("type", "Container"))
        for child in spec.get("children") or []:
            self._layout_node(node, child, placed, counter, view_id, kept)


class _Lang(dict):
    """A property value given per language ({vi: ..., en: ...}): one <value xml:lang> each."""


# What XML 1.0 cannot hold (C0 controls but tab and line ends, surrogates, U+FFFE/U+FFFF): the model flags such
# text (EA113); the export still writes a valid file, with U+FFFD in their place.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)


def scalar(value) -> str:
    """A property value as text: booleans as true/false, mappings and lists as JSON."""
    return _scalar(value)


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return _json(value)
    return "" if value is None else str(value)


def _json(value) -> str:
    """Structured values (changes, history, mappings inside properties) as compact, sorted JSON."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _text(value, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or next(iter(value.values()), ""))
    return str(value or "")


def _source(src: dict) -> str:
    parts = [str(src.get("doc", ""))]
    if src.get("section"):
        parts.append(f"§{src['section']}")
    if src.get("line"):
        parts.append(f"L{src['line']}")
    return " ".join(parts)
