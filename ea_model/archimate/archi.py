"""Archi's own files -> the exchange model records of read.py, so that to_repo.py writes them as it writes an
exchange file: a `.archimate` model (XML, or the zip archive Archi saves when the model has images), or a coArchi
repository (a folder `model/` of XML fragments, one file per element, relationship, diagram and folder).

Archi names what the exchange format calls `Serving` `ServingRelationship`, writes diagram objects as `child`
with `bounds` relative to their parent (converted here to absolute positions, as the exchange format and the
`layout:` of a view want them), nests a connection under its source object, and numbers access types. coArchi
writes the same objects with EMF's names (`children`, `sourceConnections`, `properties`,
`DiagramModelArchimateObject`) and refers across files with `href="File.xml#id"`; both spellings are read.
What ea has no place for (sketch and canvas models, images, relationships between relationships, bendpoints)
is listed in `XModel.skipped`, one `file:line:` entry each.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..metamodel import metamodel
from .read import MAX_BYTES, XSI_TYPE, ArchimateError, XConcept, XModel, XNode, XProperty, XView, parse_xml, read_bytes
from .upgrade import ELEMENTS_21, Upgrade, upgrade_type

ARCHI_NS = "http://www.archimatetool.com/archimate"
HINT = "Archi's files need neither"
MAX_FILES = 200_000  # fragments in a coArchi repository
MAX_ARCHIVE_MEMBER = MAX_BYTES  # the model.xml inside an archive, uncompressed
ACCESS = {"0": "write", "1": "read", "2": "access", "3": "readwrite"}  # Archi's numbers; absent = 0
DEFAULT_SIZE = (120, 55)  # Archi's size for a box saved with width/height -1 (the preference default)
OBJECT = ("DiagramObject", "DiagramModelArchimateObject")
GROUP = ("Group", "DiagramModelGroup")
NOTE = ("Note", "DiagramModelNote")
REFERENCE = ("DiagramModelReference",)
CONNECTION = ("Connection", "DiagramModelArchimateConnection")
SKETCH = ("SketchModel", "CanvasModel")


def is_archi(root) -> bool:
    """Whether a parsed document is an Archi model (root `archimate:model`) or a coArchi fragment."""
    return etree.QName(root).namespace == ARCHI_NS


def read_archi(path: Path, data: bytes | None = None) -> XModel:
    """A `.archimate` file (XML, or a zip archive holding `model.xml` and images); `data`: its bytes, if read."""
    name = str(path)
    data = read_bytes(path) if data is None else data
    skipped: list[str] = []
    if is_archive(data):
        data, skipped = _from_archive(name, data)
    return read_archi_root(name, parse_xml(name, data, HINT), skipped)


def is_archive(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def read_archi_root(name: str, root, skipped: list[str] | None = None) -> XModel:
    """The model of an already parsed Archi document; `skipped`: what reading it left out so far."""
    if not is_archi(root) or etree.QName(root).localname != "model":
        raise ArchimateError(name, root.sourceline or 1, f"not an Archi model (root <{root.tag}>)",
                             f"expected <archimate:model xmlns:archimate=\"{ARCHI_NS}\">")
    reader = _Reader(name, root.get("version") or "?", "archi")
    reader.model.skipped += skipped or []
    reader.model_fields(root)
    for folder in _kids(root, "folder", "folders"):
        reader.folder(folder, [], name)
    return reader.finish()


def _from_archive(name: str, data: bytes) -> tuple[bytes, list[str]]:
    """Archi's archive format: `model.xml` plus `images/...`; the images are listed as not imported."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = {info.filename: info for info in archive.infolist()}
            info = infos.get("model.xml")
            if info is None:
                raise ArchimateError(name, 1, "a zip archive without model.xml",
                                     "Archi's archive format holds the model as model.xml")
            if info.file_size > MAX_ARCHIVE_MEMBER:
                raise ArchimateError(name, 1, f"model.xml has {info.file_size:,} bytes uncompressed, over the "
                                     f"limit of {MAX_ARCHIVE_MEMBER:,}", "split the model")
            with archive.open(info) as fh:
                xml = fh.read(MAX_ARCHIVE_MEMBER + 1)
            if len(xml) > MAX_ARCHIVE_MEMBER:  # the header lied about the size
                raise ArchimateError(name, 1, f"model.xml is over the limit of {MAX_ARCHIVE_MEMBER:,} bytes",
                                     "split the model")
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise ArchimateError(name, 1, f"a damaged zip archive: {exc}", "save the model again in Archi") from None
    images = sorted(n for n in infos if n != "model.xml" and not n.endswith("/"))
    skipped = [f"{name}:1: {len(images)} image file(s) of the archive not imported (ea keeps no images)"] if images \
        else []
    return xml, skipped


def read_coarchi(folder: Path) -> XModel:
    """A coArchi repository: `folder` is its root (holding `model/`) or its `model/` folder."""
    base = folder / "model" if (folder / "model").is_dir() else folder
    top = base / "folder.xml"
    if not top.is_file():
        raise ArchimateError(str(folder), 1, "not a coArchi repository: no model/folder.xml",
                             "give the repository's root folder (the one holding model/), or an .archimate file")
    root = _parse_file(top)
    reader = _Reader(str(folder), root.get("version") or "?", "coarchi")
    reader.model_fields(root)
    count = [0]
    for sub in sorted(p for p in base.iterdir() if p.is_dir() and not p.is_symlink()):
        reader.coarchi_folder(sub, [], count)
    for other in sorted((folder / "images").glob("*")) if (folder / "images").is_dir() else []:
        reader.model.skipped.append(f"{other}:1: image not imported (ea keeps no images)")
    return reader.finish()


def _parse_file(path: Path):
    return parse_xml(str(path), read_bytes(path), HINT)


def _local(node) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _type(node) -> str:
    """The Archi class of an object: its xsi:type (`archimate:BusinessActor`) or, for a coArchi fragment's root,
    its tag."""
    given = node.get(XSI_TYPE)
    return given.split(":")[-1] if given else _local(node)


def _kids(node, *names: str) -> list:
    return [c for c in node if _local(c) in names]


def _text(node, name: str) -> str:
    """An attribute, or a child element's text (Archi writes documentation and note content as elements)."""
    if node.get(name) is not None:
        return node.get(name) or ""
    child = next(iter(_kids(node, name)), None)
    return (child.text or "") if child is not None else ""


def _ref(node, name: str) -> str | None:
    """A reference: the attribute `name="id"` (.archimate) or the child `<name href="File.xml#id"/>` (coArchi)."""
    if node.get(name) is not None:
        return node.get(name)
    child = next(iter(_kids(node, name)), None)
    if child is None:
        return None
    return (child.get("href") or "").rpartition("#")[2] or None


@dataclass
class _Diagram:
    node: object
    file: str
    path: list[str] = field(default_factory=list)


class _Reader:
    def __init__(self, file: str, version: str, fmt: str):
        self.file = file
        self.model = XModel(file, version, format=fmt)
        mm = metamodel()
        self.element_types = {t.archimate for t in mm.element_types.values()} | {"AndJunction", "OrJunction"}
        self.relationship_types = {t.archimate for t in mm.relationship_types.values()}
        self.profiles: dict[str, str] = {}  # Archi 4.9 specialization id -> name
        self.diagrams: list[_Diagram] = []
        self.lines: dict[str, tuple[str, int]] = {}  # id -> where it is defined
        self.relationships: set[str] = set()  # the relationships imported (finish)
        self.bendpoints = 0
        self.sketches: dict[str, str] = {}  # id -> name of a sketch or canvas (a diagram reference may name one)

    # ------------------------------------------------------------------ model and folders
    def model_fields(self, root) -> None:
        m = self.model
        m.names = {"": root.get("name") or ""}
        purpose = _text(root, "purpose")
        m.docs = {"": purpose} if purpose else {}
        m.properties = self.properties(root)
        for profile in _kids(root, "profile", "profiles"):
            if profile.get("id"):
                self.profiles[profile.get("id")] = profile.get("name") or ""

    def folder(self, folder, path: list[str], file: str) -> None:
        here = [*path, folder.get("name") or "?"]
        for child in folder:
            kind = _local(child)
            if kind in ("folder", "folders"):
                self.folder(child, here, file)
            elif kind in ("element", "elements"):
                self.object(child, here, file)

    def coarchi_folder(self, directory: Path, path: list[str], count: list[int]) -> None:
        meta = directory / "folder.xml"
        here = [*path, _parse_file(meta).get("name") or directory.name] if meta.is_file() else path
        for entry in sorted(directory.iterdir()):
            count[0] += 1
            if count[0] > MAX_FILES:
                raise ArchimateError(str(entry), 1, f"the repository has over {MAX_FILES:,} files",
                                     "check that this is a coArchi repository")
            if entry.is_symlink():
                self.model.skipped.append(f"{entry}:1: a symbolic link, not followed")
            elif entry.is_dir():
                self.coarchi_folder(entry, here, count)
            elif entry.name.endswith(".xml") and entry.name != "folder.xml":
                self.object(_parse_file(entry), here, str(entry))
            elif entry.name != "folder.xml":
                self.model.skipped.append(f"{entry}:1: not a model fragment, not imported")

    # ------------------------------------------------------------------ concepts
    def object(self, node, path: list[str], file: str) -> None:
        kind = _type(node)
        ident = node.get("id") or ""
        if kind == "ArchimateDiagramModel":
            self.diagrams.append(_Diagram(node, file, path))
            return
        if kind in SKETCH or _local(node) in SKETCH:
            self.sketches[ident] = node.get("name") or ""
            self.model.skipped.append(f"{file}:{node.sourceline or 1}: {kind} '{node.get('name') or ident}' "
                                      "not imported (ea keeps ArchiMate views only)")
            return
        if not ident:
            raise ArchimateError(file, node.sourceline or 1, f"{kind} without an id", "every object needs one")
        if ident in self.lines:
            first = self.lines[ident]
            raise ArchimateError(file, node.sourceline or 1, f"id '{ident}' is used twice (first at "
                                 f"{first[0]}:{first[1]})", "ids must be unique in the model")
        self.lines[ident] = (file, node.sourceline or 1)
        if node.get("source") is not None or _kids(node, "source"):
            concept = self.relationship(node, kind, ident, file)
            self.model.relationships.append(concept)
        else:
            concept = self.element(node, kind, ident, file)
            self.model.elements.append(concept)
        self.model.folders[ident] = path

    def concept(self, node, ident: str, kind: str) -> XConcept:
        docs = _text(node, "documentation")
        props = self.properties(node)
        specialization = self.profiles.get(node.get("profiles") or "")
        if specialization:
            props.append(XProperty("specialization", {"": specialization}))
        return XConcept(ident, kind, node.sourceline or 0, {"": node.get("name") or ""}, {"": docs} if docs else {},
                        props)

    def element(self, node, kind: str, ident: str, file: str) -> XConcept:
        new = "OrJunction" if kind == "Junction" and node.get("type") == "or" else \
            "AndJunction" if kind == "Junction" else ELEMENTS_21.get(kind, kind)
        if kind != new and kind in ELEMENTS_21:
            self.model.upgrades.append(Upgrade(kind, new, ident, node.sourceline or 0, file))
        if new not in self.element_types:
            raise ArchimateError(file, node.sourceline or 1, f"unknown element type '{kind}' of '{ident}'",
                                 "Archi's element types are ArchiMate's (BusinessActor, Node, ...)")
        return self.concept(node, ident, new)

    def relationship(self, node, kind: str, ident: str, file: str) -> XConcept:
        new, change = upgrade_type(kind, "relationship")
        if change:
            self.model.upgrades.append(Upgrade(change[0], change[1], ident, node.sourceline or 0, file))
        if new not in self.relationship_types:
            raise ArchimateError(file, node.sourceline or 1, f"unknown relationship type '{kind}' of '{ident}'",
                                 "Archi's relationship types end in Relationship (ServingRelationship, ...)")
        concept = self.concept(node, ident, new)
        concept.source, concept.target = _ref(node, "source") or "", _ref(node, "target") or ""
        if new == "Access":
            access = node.get("accessType", "0")
            if access not in ACCESS:
                raise ArchimateError(file, node.sourceline or 1, f"relationship '{ident}' has accessType "
                                     f"'{access}'", "Archi numbers them 0 write, 1 read, 2 access, 3 read/write")
            concept.access = ACCESS[access]
        concept.modifier = node.get("strength") or None
        concept.directed = node.get("directed") == "true"
        return concept

    def properties(self, node) -> list[XProperty]:
        return [XProperty(p.get("key") or "", {"": p.get("value") or ""})
                for p in _kids(node, "property", "properties") if p.get("key")]

    # ------------------------------------------------------------------ checks, views
    def finish(self) -> XModel:
        m = self.model
        elements = {c.ident for c in m.elements}
        rels = {c.ident: c for c in m.relationships}
        kept = []
        for rel in m.relationships:
            file, line = self.lines[rel.ident]
            for end in (rel.source, rel.target):
                if end not in elements and end not in rels:
                    raise ArchimateError(file, line, f"relationship '{rel.ident}' refers to unknown concept '{end}'",
                                         "fix its source/target")
            if rel.source in rels or rel.target in rels:
                m.skipped.append(f"{file}:{line}: relationship '{rel.ident}' connects a relationship; ea "
                                 "relationships join elements only, not imported")
            else:
                kept.append(rel)
        m.relationships = kept
        self.relationships = {c.ident for c in kept}
        m.views = [self.view(d, elements) for d in self.diagrams]
        if self.bendpoints:
            m.skipped.append(f"{self.file}:1: {self.bendpoints} bendpoint(s) of connections not imported (ea draws "
                             "connections from the layout's boxes)")
        return m

    def view(self, diagram: _Diagram, elements: set[str]) -> XView:
        node = diagram.node
        ident = node.get("id") or ""
        docs = _text(node, "documentation")
        view = XView(ident, node.sourceline or 0, {"": node.get("name") or ""}, {"": docs} if docs else {},
                     node.get("viewpoint") or None, self.properties(node))
        view.nodes = [n for n in (self.node(c, (0, 0), diagram.file, elements, view)
                                  for c in _kids(node, "child", "children")) if n is not None]
        self.model.folders.setdefault(ident, diagram.path)
        return view

    def node(self, node, origin: tuple[int, int], file: str, elements: set[str], view: XView) -> XNode | None:
        kind = _type(node)
        line = node.sourceline or 0
        x, y, w, h = _bounds(node, file)
        box = (origin[0] + x, origin[1] + y, w, h)  # Archi's bounds are relative to the parent: made absolute
        ident = node.get("id") or ""
        if kind in OBJECT:
            ref = _ref(node, "archimateElement")
            if ref not in elements:
                raise ArchimateError(file, line, f"diagram object refers to unknown element '{ref}'",
                                     "fix its archimateElement")
            out = XNode(ident, "Element", line, ref, {}, box)
        elif kind in GROUP:
            out = XNode(ident, "Container", line, None, {"": node.get("name") or ""}, box)
        elif kind in NOTE + REFERENCE:
            text = _text(node, "content") if kind in NOTE else f"→ {self.diagram_name(_ref(node, 'model'))}"
            out = XNode(ident, "Label", line, None, {"": text} if text else {}, box)
        else:
            self.model.skipped.append(f"{file}:{line}: {kind} in view '{view.names.get('')}' not imported")
            return None
        for conn in _kids(node, "sourceConnection", "sourceConnections"):
            rel = _ref(conn, "archimateRelationship")
            self.bendpoints += len(_kids(conn, "bendpoint", "bendpoints"))
            if _type(conn) in CONNECTION and rel:
                if rel in self.relationships:
                    view.connections.append(rel)
                elif rel not in self.lines:
                    raise ArchimateError(file, conn.sourceline or 1, f"connection refers to unknown relationship "
                                         f"'{rel}'", "fix its archimateRelationship")
        out.children = [n for n in (self.node(c, box[:2], file, elements, view)
                                    for c in _kids(node, "child", "children")) if n is not None]
        return out

    def diagram_name(self, ident: str | None) -> str:
        names = {**self.sketches, **{d.node.get("id"): d.node.get("name") or "" for d in self.diagrams}}
        return names.get(ident or "", ident or "?")


def _bounds(node, file: str) -> tuple[int, int, int, int]:
    bounds = next(iter(_kids(node, "bounds")), None)
    if bounds is None:
        return (0, 0, *DEFAULT_SIZE)
    try:
        x, y, w, h = (round(float(bounds.get(k, d))) for k, d in (("x", 0), ("y", 0), ("width", -1), ("height", -1)))
    except (ValueError, OverflowError):
        raise ArchimateError(file, bounds.sourceline or 1, "bounds with a non-numeric x, y, width or height",
                             "positions and sizes are numbers") from None
    return x, y, w if w >= 0 else DEFAULT_SIZE[0], h if h >= 0 else DEFAULT_SIZE[1]
