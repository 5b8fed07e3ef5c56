"""Reading an ArchiMate exchange file (Open Group Model Exchange File Format 3.x, or 2.1 upgraded) into plain
records, refusing hostile XML.

Safety first: the bytes are checked by defusedxml (no DTD, so no entity expansion and no external entity) and
a size limit before lxml parses them, without network access, for the line numbers of the messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeTree
from lxml import etree

from ..errors import EaError
from ..metamodel import metamodel
from ..readlimit import TooLarge, read_bounded
from .upgrade import Upgrade, upgrade_type

MAX_BYTES = 50 * 1024 * 1024
MAX_DEPTH = 256  # libxml2's limit without XML_PARSE_HUGE
NS3 = "http://www.opengroup.org/xsd/archimate/3.0/"
NS3_ALL = (NS3, NS3.rstrip("/"), "http://www.opengroup.org/xsd/archimate/3.1/",
           "http://www.opengroup.org/xsd/archimate/3.1")  # 3.1 kept 3.0's namespace; some tools write 3.1's
NS21 = "http://www.opengroup.org/xsd/archimate"
NS21_ALT = "http://www.opengroup.org/xsd/archimate/2.1/"
JUNCTION_PROPERTY = "JunctionType"  # how Archi's 2.1 exporter wrote a junction's and/or (the schema has no field)
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ACCESS_TYPES = ("access", "read", "write", "readwrite")
NODE_TYPES = ("Element", "Container", "Label")


class ArchimateError(EaError):
    """`file:line: what is wrong, how to fix`."""

    def __init__(self, file: str, line: int, message: str, hint: str = ""):
        super().__init__(f"{file}:{line}: {message}" + (f" ({hint})" if hint else ""))
        self.file, self.line, self.message, self.hint = file, line, message, hint


@dataclass
class XProperty:
    key: str
    values: dict[str, str]  # language ("" when none) -> text


@dataclass
class XConcept:
    ident: str
    type: str  # the 3.x exchange name (BusinessActor, Serving, ...)
    line: int
    names: dict[str, str] = field(default_factory=dict)
    docs: dict[str, str] = field(default_factory=dict)
    properties: list[XProperty] = field(default_factory=list)
    source: str = ""  # relationships only
    target: str = ""
    access: str | None = None
    modifier: str | None = None
    directed: bool = False


@dataclass
class XNode:
    ident: str
    kind: str  # Element | Container | Label
    line: int
    element: str | None = None
    label: dict[str, str] = field(default_factory=dict)
    box: tuple[int, int, int, int] | None = None  # x, y, w, h
    children: list[XNode] = field(default_factory=list)


@dataclass
class XView:
    ident: str
    line: int
    names: dict[str, str] = field(default_factory=dict)
    docs: dict[str, str] = field(default_factory=dict)
    viewpoint: str | None = None
    properties: list[XProperty] = field(default_factory=list)
    nodes: list[XNode] = field(default_factory=list)
    connections: list[str] = field(default_factory=list)  # relationship identifiers drawn


@dataclass
class XModel:
    file: str
    version: str  # "3.x" | "2.1"
    names: dict[str, str] = field(default_factory=dict)
    docs: dict[str, str] = field(default_factory=dict)
    properties: list[XProperty] = field(default_factory=list)
    elements: list[XConcept] = field(default_factory=list)
    relationships: list[XConcept] = field(default_factory=list)
    folders: dict[str, list[str]] = field(default_factory=dict)  # concept identifier -> folder path labels
    views: list[XView] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)  # in order of first use
    upgrades: list[Upgrade] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # `file:line: what was not imported and why`
    format: str = "exchange"  # exchange | archi | coarchi | csv

    def describe(self) -> str:
        """The source format for the summary line: `ArchiMate 3.x`, `Archi 4.9.0 (.archimate)`, ..."""
        return {"exchange": f"ArchiMate {self.version}", "archi": f"Archi {self.version} model",
                "coarchi": f"coArchi repository, Archi {self.version}", "csv": "Archi CSV"}[self.format]


def read(path: Path) -> XModel:
    """Parse `path`; raises ArchimateError for hostile, malformed or unknown content."""
    name = str(path)
    return read_root(name, parse_xml(name, _read_bytes(path)))


def read_root(name: str, root) -> XModel:
    """The exchange model of an already parsed (parse_xml) document."""
    return _Reader(name, root).run()


def parse_xml(name: str, data: bytes, hint: str = "exchange files need neither"):
    """The lxml root of `data`, refused (ArchimateError naming `name`) if it declares a DTD or entities, is not
    well-formed, or nests too deep. `hint` says why the format needs no DTD."""
    try:
        SafeTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise ArchimateError(name, 1, f"refused: the file declares a DTD or entities ({type(exc).__name__})",
                             f"{hint}; remove the <!DOCTYPE ...> declaration") from None
    except SafeTree.ParseError as exc:
        line = getattr(exc, "position", (1, 0))[0]
        raise ArchimateError(name, line, f"not well-formed XML: {exc}", "fix the XML") from None
    except (LookupError, ValueError) as exc:  # <?xml encoding="..."?>: no such codec, or one expat cannot use
        raise ArchimateError(name, 1, f"the XML declaration names an encoding that cannot be read: {exc}",
                             "exchange files are UTF-8") from None
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(name, exc) from None


def read_bytes(path: Path, limit: int | None = None) -> bytes:
    """The bytes of `path`, at most `limit` of them (ArchimateError beyond, or when it cannot be read)."""
    return _read_bytes(path, limit)


def _read_bytes(path: Path, limit: int | None = None) -> bytes:
    limit = MAX_BYTES if limit is None else limit  # read at call time: tests lower MAX_BYTES
    try:
        return read_bounded(path, limit)
    except TooLarge as exc:
        size = f"has {exc.size:,} bytes" if exc.size is not None else "goes on past the limit"
        raise ArchimateError(str(path), 1, f"the file {size}, over the limit of {limit:,} bytes",
                             "split the model, or check that this is an exchange file") from None
    except OSError as exc:
        raise ArchimateError(str(path), 1, f"cannot read the file: {exc.strerror or exc}") from None


def _syntax_error(name: str, exc: etree.XMLSyntaxError) -> ArchimateError:
    """lxml refuses what expat accepted: nesting past libxml2's depth limit (a hostile file), or text nodes
    over its size limit."""
    line = exc.lineno or 1
    if "depth" in str(exc).lower():
        return ArchimateError(name, line, f"the XML nests deeper than {MAX_DEPTH} levels",
                              "exchange files nest folders and diagram nodes a few levels deep; flatten them")
    return ArchimateError(name, line, f"not well-formed XML: {exc.msg}", "fix the XML")


class _Reader:
    def __init__(self, file: str, root):
        self.file, self.root = file, root
        ns = etree.QName(root).namespace or ""
        if etree.QName(root).localname != "model" or ns not in (*NS3_ALL, NS21, NS21_ALT):
            raise ArchimateError(file, root.sourceline or 1, f"not an ArchiMate exchange file (root <{root.tag}>)",
                                 f"expected <model xmlns=\"{NS3}\">")
        self.ns = ns
        self.version = "3.x" if ns in NS3_ALL else "2.1"
        self.model = XModel(file, self.version)
        self.propdefs: dict[str, str] = {}
        names = {t.archimate for t in metamodel().element_types.values()}
        self.element_types = names | {"AndJunction", "OrJunction"}
        self.relationship_types = {t.archimate for t in metamodel().relationship_types.values()}

    # ------------------------------------------------------------------ helpers
    def q(self, local: str) -> str:
        return f"{{{self.ns}}}{local}"

    def children(self, node, *locals_: str):
        wanted = {self.q(name) for name in locals_}
        return [c for c in node if c.tag in wanted]

    def texts(self, node, *locals_: str) -> dict[str, str]:
        out: dict[str, str] = {}
        for child in self.children(node, *locals_):
            lang = child.get(XML_LANG, "")
            if lang and lang not in self.model.languages:
                self.model.languages.append(lang)
            out.setdefault(lang, (child.text or "").strip())
        return out

    def attr(self, node, *names: str) -> str | None:
        for name in names:
            if node.get(name) is not None:
                return node.get(name)
        return None

    def fail(self, node, message: str, hint: str = ""):
        raise ArchimateError(self.file, node.sourceline or 1, message, hint)

    # ------------------------------------------------------------------ reading
    def run(self) -> XModel:
        root, m = self.root, self.model
        self.property_definitions()
        m.names = self.texts(root, "name", "label")
        m.docs = self.texts(root, "documentation")
        m.properties = self.properties(root)
        for group in self.children(root, "elements"):
            m.elements += [self.junction(el, self.concept(el, self.element_types, "element"))
                           for el in self.children(group, "element")]
        for group in self.children(root, "relationships"):
            m.relationships += [self.relationship(rel) for rel in self.children(group, "relationship")]
        self.check_identifiers()
        elements = {c.ident for c in m.elements}
        relationships = {c.ident for c in m.relationships}
        self.check_ends(elements, relationships)
        for orgs in self.children(root, "organizations", "organization"):
            for item in self.children(orgs, "item"):
                self.folder(item, [])
        for views in self.children(root, "views"):
            for diagram in [*self.children(views, "diagrams"), views]:
                m.views += [self.view(view, elements, relationships) for view in self.children(diagram, "view")]
        bends = sum(1 for _ in root.iter(self.q("bendpoint")))
        if bends:
            m.skipped.append(f"{self.file}:1: {bends} bendpoint(s) of connections not imported (ea draws "
                             "connections from the layout's boxes)")
        return m

    def property_definitions(self) -> None:
        for defs in self.children(self.root, "propertyDefinitions", "propertydefs"):
            for d in self.children(defs, "propertyDefinition", "propertydef"):
                ident = self.attr(d, "identifier")
                label = self.texts(d, "name")
                self.propdefs[ident] = next(iter(label.values()), None) or d.get("name") or ident

    def junction(self, node, concept: XConcept) -> XConcept:
        """A 2.1 `Junction` is an AND junction unless its `type` attribute or Archi's `JunctionType` property
        says OR; either way it becomes the 3.x AndJunction / OrJunction, reported as an upgrade."""
        if concept.type != "Junction":
            return concept
        said = (node.get("type") or "").lower()
        for prop in [p for p in concept.properties if p.key == JUNCTION_PROPERTY]:
            said = said or next(iter(prop.values.values()), "").lower()
            concept.properties.remove(prop)
        concept.type = "OrJunction" if said == "or" else "AndJunction"
        self.model.upgrades.append(Upgrade("Junction", concept.type, concept.ident, concept.line))
        return concept

    def relationship(self, rel) -> XConcept:
        concept = self.concept(rel, self.relationship_types, "relationship")
        concept.source, concept.target = self.attr(rel, "source") or "", self.attr(rel, "target") or ""
        access = rel.get("accessType")
        if access is not None and access.lower() not in ACCESS_TYPES:
            self.fail(rel, f"relationship '{concept.ident}' has accessType '{access}'",
                      "use Access, Read, Write or ReadWrite")
        concept.access = access.lower() if access else ("access" if concept.type == "Access" else None)
        concept.modifier = rel.get("modifier")
        concept.directed = rel.get("isDirected") == "true"
        return concept

    def check_identifiers(self) -> None:
        seen: dict[str, int] = {}
        for concept in [*self.model.elements, *self.model.relationships]:
            if concept.ident in seen:
                self.fail_at(concept.line, f"identifier '{concept.ident}' is used twice (first at line "
                             f"{seen[concept.ident]})", "identifiers must be unique in the file")
            seen[concept.ident] = concept.line

    def check_ends(self, elements: set[str], relationships: set[str]) -> None:
        for rel in self.model.relationships:
            for end in (rel.source, rel.target):
                if end in relationships:
                    self.fail_at(rel.line, f"relationship '{rel.ident}' connects the relationship '{end}'; ea "
                                 "relationships join elements only",
                                 "remove it, or connect an element (e.g. the relationship's source) instead")
                if end not in elements:
                    self.fail_at(rel.line, f"relationship '{rel.ident}' refers to unknown concept '{end}'",
                                 "fix the source/target identifier")

    def fail_at(self, line: int, message: str, hint: str = ""):
        raise ArchimateError(self.file, line, message, hint)

    def concept(self, node, allowed: set[str], what: str) -> XConcept:
        ident = self.attr(node, "identifier")
        if not ident:
            self.fail(node, f"{what} without an identifier", "every element and relationship needs one")
        given = node.get(XSI_TYPE, "")
        kind = given.split(":")[-1]
        if self.version == "2.1":
            kind, change = upgrade_type(kind, what)
            if change:
                self.model.upgrades.append(Upgrade(change[0], change[1], ident, node.sourceline or 0))
        if kind not in allowed:
            renamed = upgrade_type(kind, what)[0]
            hint = (f"'{kind}' is an ArchiMate 2.1 name: 3.x calls it '{renamed}'" if renamed != kind else
                    f"the ArchiMate {self.version} exchange format has no such {what} type")
            self.fail(node, f"unknown {what} type '{given}' of '{ident}'", hint)
        return XConcept(ident, kind, node.sourceline or 0, self.texts(node, "name", "label"),
                        self.texts(node, "documentation"), self.properties(node))

    def properties(self, node) -> list[XProperty]:
        out = []
        for group in self.children(node, "properties"):
            for prop in self.children(group, "property"):
                ref = self.attr(prop, "propertyDefinitionRef", "identifierref", "identifierRef")
                if ref not in self.propdefs:
                    self.fail(prop, f"property refers to unknown property definition '{ref}'",
                              "declare it in <propertyDefinitions>")
                out.append(XProperty(self.propdefs[ref], self.texts(prop, "value")))
        return out

    def folder(self, item, path: list[str]) -> None:
        label = self.texts(item, "label")
        here = [*path, next(iter(label.values()), "")] if label else path
        ref = self.attr(item, "identifierRef", "identifierref")
        if ref:
            self.model.folders.setdefault(ref, path)
        for child in self.children(item, "item"):
            self.folder(child, here)

    def view(self, node, elements: set[str], relationships: set[str]) -> XView:
        view = XView(self.attr(node, "identifier") or "", node.sourceline or 0, self.texts(node, "name", "label"),
                     self.texts(node, "documentation"), node.get("viewpoint"), self.properties(node))
        view.nodes = [self.node(n, elements) for n in self.children(node, "node")]
        self.connections(node, view, relationships)
        return view

    def node(self, node, elements: set[str]) -> XNode:
        ref = self.attr(node, "elementRef", "elementref")
        given = node.get(XSI_TYPE)
        kind = given.split(":")[-1] if given else ("Element" if ref else "Container")
        if kind not in NODE_TYPES:
            self.fail(node, f"view node of unknown type '{given}'", "use Element, Container or Label")
        if ref is not None and ref not in elements:
            self.fail(node, f"view node refers to unknown element '{ref}'", "fix the elementRef")
        box = None
        if all(node.get(k) is not None for k in ("x", "y", "w", "h")):
            try:
                box = tuple(round(float(node.get(k))) for k in ("x", "y", "w", "h"))
            except (ValueError, OverflowError):  # "abc", "nan", "inf"
                self.fail(node, "view node with a non-numeric x, y, w or h", "positions and sizes are numbers")
        out = XNode(self.attr(node, "identifier") or "", kind, node.sourceline or 0, ref,
                    self.texts(node, "label"), box)
        out.children = [self.node(c, elements) for c in self.children(node, "node")]
        return out

    def connections(self, node, view: XView, relationships: set[str]) -> None:
        for child in node.iter(self.q("connection")):
            ref = self.attr(child, "relationshipRef", "relationshipref")
            if ref:
                if ref not in relationships:
                    self.fail(child, f"view connection refers to unknown relationship '{ref}'",
                              "fix the relationshipRef")
                view.connections.append(ref)
