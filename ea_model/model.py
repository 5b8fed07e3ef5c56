"""The in-memory model: elements, relationships, plateaus and reference models of one repository."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cached_property
from operator import attrgetter
from pathlib import Path
from typing import TYPE_CHECKING

from .problems import Problem

if TYPE_CHECKING:
    import networkx as nx

    from .framework import Category, Framework, Kind, ReferenceModel
    from .manifest import Manifest


def line_of(at: int | tuple) -> int:
    """The line an element or relationship is written at. The loader records where to read it rather than
    the number: a file read by the fast path (yamlfast.py) has its lines parsed only when one is asked for."""
    if type(at) is int:
        return at
    node, key = at
    return node.line if key is None else node.lines[key]


@dataclass(slots=True)
class Element:
    id: str
    type: str | None  # ArchiMate type (None when neither type nor kind is known)
    kind: str | None
    layer: str | None
    name: dict
    file: str
    at: int | tuple  # where it is written: a line, or (Map/Seq, key) to read it from (`line`)
    description: dict | str | None = None
    notes: dict | str | None = None
    owner: str | None = None
    rm: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    properties: dict = field(default_factory=dict)
    plateaus: list[str] | None = None
    changes: dict = field(default_factory=dict)
    history: list[dict] = field(default_factory=list)
    replaces: list[str] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    inferred: bool = False
    raw: dict = field(default_factory=dict, repr=False)  # the file's mapping, for field line numbers
    # The `depends:` prefix of the repository that owns this element, when it is a read-only external element
    # brought in by a `prefix:id` reference (ea_model/deps.py); None for the repository's own elements.
    home: str | None = None

    line = property(lambda self: line_of(self.at))

    def label(self, lang: str = "vi") -> str:
        return text_in(self.name, lang) or self.id

    def field_line(self, key: str) -> int:
        lines = getattr(self.raw, "lines", None)
        return lines.get(key, self.line) if lines else self.line

    # Pickled (model snapshot) as a call with every field's value: a slots dataclass otherwise restores itself
    # field by field in Python, and 370,000 of them made reading a 100,000-element snapshot 1.4x slower.
    def __reduce__(self):
        return Element, _element_values(self)


@dataclass(slots=True)
class Relationship:
    type: str
    source: str
    target: str
    file: str
    at: int | tuple  # as Element.at
    id: str | None = None
    name: dict | str | None = None
    access: str | None = None
    strength: str | None = None
    directed: bool = False
    properties: dict = field(default_factory=dict)
    plateaus: list[str] | None = None
    sources: list[dict] = field(default_factory=list)
    inferred: bool = False
    inline: bool = False
    raw: dict = field(default_factory=dict, repr=False)

    line = property(lambda self: line_of(self.at))

    @property
    def key(self) -> str:
        """A stable identifier: the declared id, else type:source->target."""
        return self.id or f"{self.type}:{self.source}->{self.target}"

    def __reduce__(self):  # as Element's
        return Relationship, _relationship_values(self)


_element_values = attrgetter(*(f.name for f in fields(Element)))
_relationship_values = attrgetter(*(f.name for f in fields(Relationship)))


@dataclass
class Plateau:
    id: str
    name: dict
    date: str
    file: str
    line: int
    order: int = 0
    sources: list[dict] = field(default_factory=list)
    notes: dict | str | None = None


# Ids become file names, IRIs and DOT/HTML identifiers: ASCII letters, digits, '.', '_', '-', bounded.
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
ID_MAX = 120
GROUP_BY = ("none", "layer", "owner", "rm", "kind", "type", "location", "plateau")
DIRECTIONS = ("TB", "LR", "BT", "RL")


@dataclass
class Viewpoint:
    """A view definition of `viewpoints/*.yaml`; what it selects is computed by `viewpoints.select`."""

    id: str
    title: dict
    file: str
    line: int
    description: dict | str | None = None
    select: dict = field(default_factory=dict)
    clusters: list[dict] = field(default_factory=list)  # [{id, title, select}]: named clusters, first match wins
    only_connected: bool = False  # drop selected elements that none of the drawn relationships touch
    layout: dict | None = None  # {nodes: [{element|label, type, x, y, w, h, children}], relationships: [ids]}
    relationships: list[str] | None = None  # None = every type
    group_by: str = "layer"
    direction: str = "TB"
    plateau: str | None = None
    style: dict = field(default_factory=dict)
    sources: list[dict] = field(default_factory=list)
    raw: dict = field(default_factory=dict, repr=False)


@dataclass
class Model:
    root: Path
    manifest: Manifest
    framework: Framework
    elements: dict[str, Element] = field(default_factory=dict)
    relationships: list[Relationship] = field(default_factory=list)
    plateaus: dict[str, Plateau] = field(default_factory=dict)
    reference_models: dict[str, ReferenceModel] = field(default_factory=dict)
    viewpoints: dict[str, Viewpoint] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    # Model file -> a digest of the bytes it was read from: what its elements' lines are decided by, without
    # reading them (a file read by the fast path has its lines parsed only when one is asked for).
    file_digests: dict[str, str] = field(default_factory=dict)
    # Found while loading: syntax errors, schema violations, duplicate ids ...
    load_problems: list[Problem] = field(default_factory=list)
    # Elements that lost to an earlier element with the same id: (duplicate, first).
    duplicates: list[tuple[Element, Element]] = field(default_factory=list)
    # `depends:` prefix -> the dependency's snapshot (ea_model.deps.Snapshot): its base IRI, home, element index.
    dependencies: dict = field(default_factory=dict)

    @property
    def kinds(self) -> dict[str, Kind]:
        return self.framework.kinds

    @cached_property
    def categories(self) -> dict[str, Category]:
        """Every reference-model code, framework and repository."""
        return {code: cat for rm in self.reference_models.values() for code, cat in rm.categories.items()}

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        from .graph import build_graph

        return build_graph(self)

    def plateau_order(self) -> list[str]:
        return [p.id for p in sorted(self.plateaus.values(), key=lambda p: (p.date, p.order))]

    def in_plateau(self, element: Element | Relationship, plateau: str) -> bool:
        return element.plateaus is None or plateau in element.plateaus

    def element_plateaus(self, element: Element) -> list[str]:
        order = self.plateau_order()
        return order if element.plateaus is None else [p for p in order if p in element.plateaus]

    def state_at(self, element: Element, plateau: str) -> dict:
        """The element's attributes in `plateau`, with `changes` of it and earlier plateaus applied."""
        state = {
            "name": element.name,
            "description": element.description,
            "owner": element.owner,
            "properties": dict(element.properties),
            "rm": list(element.rm),
            "tags": list(element.tags),
            "notes": element.notes,
        }
        for pid in self.plateau_order():
            change = element.changes.get(pid)
            if change:
                for key, value in change.items():
                    if key == "properties":
                        state["properties"].update(value)
                    else:
                        state[key] = value
            if pid == plateau:
                break
        return state

    def find(self, type: str | None = None, kind: str | None = None, layer: str | None = None,
             plateau: str | None = None, rm: str | None = None, tag: str | None = None) -> list[Element]:
        """Elements matching every given criterion, sorted by id. `rm` matches a code and its children."""
        result = []
        for el in self.elements.values():
            if type and el.type != type:
                continue
            if kind and el.kind != kind:
                continue
            if layer and el.layer != layer:
                continue
            if plateau and not self.in_plateau(el, plateau):
                continue
            if tag and tag not in el.tags:
                continue
            if rm and not any(code == rm or code.startswith(rm + ".") for code in el.rm):
                continue
            result.append(el)
        return sorted(result, key=lambda e: e.id)


def named_ids(item: Element | Relationship) -> set[str]:
    """The ids an element or relationship names: its ends, owner, predecessors and cited documents."""
    found = [src.get("doc") for src in item.sources]
    if type(item) is Relationship:
        found += [item.source, item.target]
    else:
        found += [h["source"].get("doc") for h in item.history if isinstance(h.get("source"), dict)]
        found += [change.get("owner") for change in item.changes.values() if isinstance(change, dict)]
        found += [item.owner, *item.replaces]
    return {name for name in found if isinstance(name, str)}


def text_in(value: dict | str | None, lang: str) -> str:
    """The text of a `{vi, en}` value in `lang`, falling back to any language present."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.get(lang) or next(iter(value.values()), "")
