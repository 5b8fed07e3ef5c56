"""model -> triples, root by root: the mapping of docs/rdf.md, for the export (export.py) and the API.

A root is what the model lists: the repository, a kind of a custom pack, a plateau, a reference model and each
of its codes, an element, a relationship. A root's triples are its own subject's and those of the subjects it
owns, whose IRIs extend its own (`{s}/source/1`, `{s}/change/P`, `{s}/history/1`), so that the sorted export
can make the roots in the order of their IRIs, write them and let them go (`sorted_subjects`): the model's
triples are never all in memory at once (at 100,000 elements, millions of tuples and gigabytes).

Objects are made by two functions the caller picks: IRI and Lit for the API (`export.triples`), their
N-Triples text for the export, which also names rdf:type "" so that it sorts first without a key function.
"""

from __future__ import annotations

import heapq
import math
import re
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from operator import itemgetter
from typing import NamedTuple

from ..model import Model
from .iri import Iris, encode
from .vocab import (
    DCT,
    EA,
    OWL,
    PROV,
    RDF,
    RDF_TYPE,
    RDFS,
    SKOS,
    STANDARD_CLASSES,
    XSD,
    camel,
    property_predicate,
    relationship_class,
    relationship_predicate,
    type_class,
)


class IRI(str):
    """An IRI in object position (subjects and predicates are plain strings)."""

    __slots__ = ()


class Lit(NamedTuple):
    value: str  # the lexical form
    datatype: str | None = None  # None: xsd:string, or rdf:langString when `lang` is set
    lang: str | None = None


Triple = tuple[str, str, "IRI | Lit"]

TRUE = Lit("true", XSD + "boolean")
_DATE_LEN = 10


def scalar(value) -> Lit | None:
    """A YAML scalar as a typed literal: booleans, integers, decimals (xsd:double), ISO dates (xsd:date,
    the loader keeps dates as text), text. None (YAML null) has no literal."""
    parts = scalar_parts(value)
    return None if parts is None else Lit(*parts)


def scalar_parts(value) -> tuple[str, str | None] | None:
    """`scalar` as (lexical form, datatype), for the builder's own literal maker."""
    if value is None:
        return None
    if isinstance(value, str):
        if len(value) == _DATE_LEN and value[4] == "-" and value[7] == "-" and is_date(value):
            return value, XSD + "date"
        return value, None
    if isinstance(value, bool):
        return ("true" if value else "false"), XSD + "boolean"
    if isinstance(value, int):
        return str(value), XSD + "integer"
    if isinstance(value, float):
        text = "NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF") if math.isinf(value) else repr(value)
        return text, XSD + "double"
    text = str(value)
    if len(text) == _DATE_LEN and text[4] == "-" and text[7] == "-" and is_date(text):
        return text, XSD + "date"
    return text, None


def is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return text[:4].isdigit() and text[5:7].isdigit() and text[8:].isdigit()


@cache
def builtin_kinds() -> dict[str, str]:
    """Kind name -> ArchiMate type, over every built-in framework pack (the kinds of the ontology)."""
    from ..framework import builtin_frameworks, load_framework

    kinds: dict[str, str] = {}
    for fw in builtin_frameworks():
        for kind in load_framework(fw).kinds.values():
            kinds.setdefault(kind.name, kind.type)
    return kinds


def kind_class(iris: Iris, kind: str, type_name: str) -> str:
    """ea:PascalCase for a kind of the built-in packs; {base}kind/NAME for a kind of a custom pack."""
    return EA + camel(kind) if builtin_kinds().get(kind) == type_name else iris.kind(kind)


def remote_bases(model: Model) -> dict[str, str]:
    """`depends:` prefix -> the dependency's base IRI, for the IRIs of `prefix:id` references."""
    return {prefix: snap.base_iri for prefix, snap in model.dependencies.items() if snap.base_iri}


def relationship_iris(model: Model, iris: Iris) -> list[str]:
    """The IRI of each relationship of the model, in order: a repeat of the same (type, source, target)
    without an id, or of the same id, gets `;2`, `;3`, ..."""
    seen: dict[str, int] = {}  # by IRI, which names the (type, source, target) or the id
    sources: dict[str, str] = {}
    out = []
    for r in model.relationships:
        if r.id:
            iri = iris.relationship(r.type, r.source, r.target, r.id)
        else:  # iris.relationship's IRI, with each source's IRI made once
            source = sources.get(r.source)
            if source is None:
                source = sources[r.source] = iris.element(r.source)
            iri = f"{source}/{encode(r.type)}/{encode(r.target)}"
        n = seen.get(iri)
        if n is None:
            seen[iri] = 1
        else:
            n = seen[iri] = n + 1
            iri = f"{iri};{n}"
        out.append(iri)
    return out


# --------------------------------------------------------------------------------------------- N-Triples
_ESCAPES = {0x22: '\\"', 0x5C: "\\\\", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x08: "\\b", 0x0C: "\\f"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F] if c not in _ESCAPES})
_NEEDS_ESCAPE = re.compile('[\x00-\x1f"\\\\\x7f]')
_XSD_STRING = XSD + "string"


def nt_literal(value: str, datatype: str | None = None, lang: str | None = None) -> str:
    """A literal in N-Triples."""
    if _NEEDS_ESCAPE.search(value):  # a scan in C; translate() of a non-ASCII text looks up every character
        value = value.translate(_ESCAPES)
    if lang:
        return f'"{value}"@{lang}'
    if datatype and datatype != _XSD_STRING:
        return f'"{value}"^^<{datatype}>'
    return f'"{value}"'


def nt_term(o) -> str:
    if isinstance(o, IRI):
        return f"<{o}>"
    return nt_literal(o.value, o.datatype, o.lang)


# ------------------------------------------------------------------------------------------------ roots
_SOURCE_FIELDS = (("section", EA + "section"), ("line", EA + "line"), ("quote", EA + "quote"), ("note", SKOS + "note"))
_STATEMENT = RDF + "Statement"
_RDF_SUBJECT, _RDF_OBJECT = RDF + "subject", RDF + "object"


class Builder:
    """The triples of one model, root by root (see the module's docstring): `roots()` lists them, `make(root)`
    gives a root's own (predicate, object) list, and leaves those of the other subjects it owns in `owned`.

    `iri(text)` and `lit(value, datatype, lang)` make the objects; `type_key` stands for rdf:type."""

    def __init__(self, model: Model, iri: Callable = IRI, lit: Callable = Lit, type_key: str = RDF_TYPE) -> None:
        self.model = model
        self.iris = Iris(model.manifest.base_iri, remote_bases(model))
        self.I, self.L, self.T = iri, lit, type_key
        self.true = lit("true", XSD + "boolean")
        self.all_plateaus = tuple(model.plateaus)
        self.owned: list[tuple[str, list]] = []
        # Elements, plateaus and codes are named again and again (owners, relationship ends, memberships), and
        # most things are in one of a few sets of plateaus: each object, and each set's triples, made once.
        self._el_iris: dict[str, str] = {}
        self._el_objects: dict[str, object] = {}
        self._plateau_objects: dict[str, object] = {}
        self._concept_objects: dict[str, object] = {}
        self._predicates: dict[str, str] = {}
        self._relationship_predicates: dict[str, str] = {}
        self._memberships: dict[tuple | None, tuple] = {}
        self._classes: dict[tuple, tuple] = {}
        self._relationship_head: dict[str, tuple] = {}

    # ----------------------------------------------------------------------------------------- objects
    def element_iri(self, eid: str) -> str:
        s = self._el_iris.get(eid)
        if s is None:
            s = self._el_iris[eid] = self.iris.element(eid)
        return s

    def el(self, eid: str):
        """The object naming element `eid`."""
        known = self._el_objects
        o = known.get(eid)
        if o is None:
            o = known[eid] = self.I(self.element_iri(eid))
        return o

    def plateau(self, pid: str):
        known = self._plateau_objects
        o = known.get(pid)
        if o is None:
            o = known[pid] = self.I(self.iris.plateau(pid))
        return o

    def concept(self, code: str):
        known = self._concept_objects
        o = known.get(code)
        if o is None:
            o = known[code] = self.I(self.iris.concept(code))
        return o

    def own(self, iri: str) -> list:
        """The list of a subject the current root owns."""
        entries: list = []
        self.owned.append((iri, entries))
        return entries

    # ----------------------------------------------------------------------------------------- helpers
    def text(self, e: list, p: str, value) -> None:
        """A `{vi, en}` value as language-tagged literals; a plain string as an untagged one."""
        if value is None:
            return
        if isinstance(value, dict):
            lit = self.L
            for lang, text in value.items():
                if text is not None:
                    e.append((p, lit(str(text), None, str(lang))))
        else:
            e.append((p, self.L(str(value))))

    def properties(self, e: list, props: dict) -> None:
        lit, add, predicates = self.L, e.append, self._predicates
        for key, value in props.items():
            p = predicates.get(key)
            if p is None:
                p = predicates[key] = property_predicate(key)
            for v in value if isinstance(value, list) else (value,):
                parts = scalar_parts(v)
                if parts is not None:
                    add((p, lit(*parts)))

    def sources(self, e: list, s: str, sources) -> None:
        if isinstance(sources, dict):
            sources = [sources]
        for i, src in enumerate(sources or (), 1):
            if not isinstance(src, dict):
                continue
            d = Iris.sub(s, "source", i)
            de = self.own(d)
            e.append((PROV + "qualifiedDerivation", self.I(d)))
            de.append((self.T, self.I(PROV + "Derivation")))
            if src.get("doc") is not None:
                doc = self.el(str(src["doc"]))
                e.append((PROV + "wasDerivedFrom", doc))
                de.append((PROV + "entity", doc))
            for key, p in _SOURCE_FIELDS:
                value = src.get(key)
                if value is not None:
                    de.append((p, self.L(*scalar_parts(value))))

    def members(self, e: list, plateaus: list[str] | None) -> None:
        """`ea:plateau` of the plateaus something is in: those it lists, or all of them when it lists none, so
        that a query asks `?e ea:plateau ?p` and never needs to know that rule."""
        key = None if plateaus is None else tuple(plateaus)
        made = self._memberships.get(key)
        if made is None:
            made = self._memberships[key] = tuple(
                (EA + "plateau", self.plateau(str(pid))) for pid in (self.all_plateaus if key is None else key))
        e.extend(made)

    def ids(self, e: list, p: str, ids, obj: Callable) -> None:
        for i in ids or ():
            e.append((p, obj(str(i))))

    def element_classes(self, el) -> tuple:
        """The rdf:type entries of an element, by type and kind (a few hundred combinations)."""
        key = (el.type, el.kind, bool(el.home))
        classes = self._classes.get(key)
        if classes is None:
            names = []
            if el.type:
                if el.kind:
                    names.append(kind_class(self.iris, el.kind, el.type))
                names.append(type_class(el.type))
                if not el.home:
                    names.extend(STANDARD_CLASSES.get(el.kind or "", STANDARD_CLASSES.get(el.type, ())))
            classes = self._classes[key] = tuple((self.T, self.I(c)) for c in names)
        return classes

    # ------------------------------------------------------------------------------------------- roots
    def roots(self) -> list[tuple[str, Callable, object]]:
        """(IRI, method, argument) of every root, in the model's order."""
        iris, model = self.iris, self.model
        out: list[tuple[str, Callable, object]] = [(iris.base, self._repository, None)]
        for kind in model.kinds.values():
            cls = kind_class(iris, kind.name, kind.type)
            if not cls.startswith(EA):  # kinds of a custom pack are not in the ontology: declared here
                out.append((cls, self._kind, kind))
        out.extend((iris.plateau(p.id), self._plateau, p) for p in model.plateaus.values())
        for rm in model.reference_models.values():
            scheme = iris.scheme(rm.id)
            out.append((scheme, self._reference_model, rm))
            # A code's IRI does not extend its scheme's: a root of its own.
            out.extend((iris.concept(code), self._concept, (scheme, code, cat)) for code, cat in rm.categories.items())
        out.extend((self.element_iri(el.id), self._element, el) for el in model.elements.values())
        out.extend(zip(relationship_iris(model, iris), [self._relationship] * len(model.relationships),
                       model.relationships, strict=True))
        return out

    def make(self, root: tuple[str, Callable, object]) -> list:
        """The root's own entries; those of the subjects it owns are left in `owned`."""
        s, method, arg = root
        e: list = []
        method(e, s, arg)
        return e

    def direct(self, r) -> tuple[str, str, object]:
        """A relationship's direct triple: source, property, target."""
        p = self._relationship_predicates.get(r.type)
        if p is None:
            p = self._relationship_predicates[r.type] = relationship_predicate(r.type)
        return self.element_iri(r.source), p, self.el(r.target)

    def _repository(self, e: list, s: str, _) -> None:
        m, lit = self.model.manifest, self.L
        e.append((self.T, self.I(EA + "Architecture")))
        e.append((DCT + "identifier", lit(m.id)))
        self.text(e, DCT + "title", m.name)
        e.append((EA + "framework", lit(m.framework)))
        for i, lang in enumerate(m.languages):
            e.append((DCT + "language", lit(lang)))
            if i == 0:
                e.append((EA + "defaultLanguage", lit(lang)))

    def _kind(self, e: list, cls: str, kind) -> None:
        iri, lit = self.I, self.L
        e.append((self.T, iri(OWL + "Class")))
        e.append((RDFS + "subClassOf", iri(type_class(kind.type))))
        e.append((DCT + "identifier", lit(kind.name)))
        e.append((EA + "layer", lit(kind.layer)))
        self.text(e, RDFS + "label", kind.label or None)
        for prop in kind.required_properties:
            e.append((EA + "requiredProperty", iri(property_predicate(prop))))

    def _plateau(self, e: list, s: str, plateau) -> None:
        e.append((self.T, self.I(EA + "ArchitecturePlateau")))
        e.append((DCT + "identifier", self.L(plateau.id)))
        self.text(e, RDFS + "label", plateau.name)
        parts = scalar_parts(plateau.date)
        if parts is not None:
            e.append((EA + "date", self.L(*parts)))
        self.text(e, SKOS + "note", plateau.notes)
        self.sources(e, s, plateau.sources)

    def _reference_model(self, e: list, scheme: str, rm) -> None:
        e.append((self.T, self.I(SKOS + "ConceptScheme")))
        e.append((self.T, self.I(EA + "ReferenceModel")))
        e.append((DCT + "identifier", self.L(rm.id)))
        e.append((EA + "referenceModelKind", self.L(rm.kind)))
        self.text(e, SKOS + "prefLabel", rm.name or None)
        for code, cat in rm.categories.items():
            if not cat.parent:
                e.append((SKOS + "hasTopConcept", self.concept(code)))

    def _concept(self, e: list, c: str, what: tuple) -> None:
        scheme, code, cat = what
        e.append((self.T, self.I(SKOS + "Concept")))
        e.append((SKOS + "notation", self.L(code)))
        e.append((SKOS + "inScheme", self.I(scheme)))
        self.text(e, SKOS + "prefLabel", cat.name or None)
        self.text(e, SKOS + "definition", cat.description)
        if cat.parent:
            e.append((SKOS + "broader", self.concept(cat.parent)))
        else:
            e.append((SKOS + "topConceptOf", self.I(scheme)))
        if cat.inferred:
            e.append((EA + "inferred", self.true))
        if cat.provisional:
            e.append((EA + "provisional", self.true))
        self.sources(e, c, cat.source)

    def _external(self, e: list, el) -> None:
        """An element of a dependency: what a query here needs to name and place it (its types, identifier,
        label and owner, the same triples its home graph states, and the plateaus of this repository it is used in),
        marked external with a link to its home; its other facts stay in its own repository."""
        e.extend(self.element_classes(el))
        e.append((DCT + "identifier", self.L(el.id.partition(":")[2])))
        self.text(e, RDFS + "label", el.name)
        if el.owner:
            e.append((EA + "owner", self.el(el.owner)))
        e.append((EA + "external", self.true))
        e.append((EA + "dependency", self.L(el.home)))
        snap = self.model.dependencies.get(el.home)
        if snap is not None:
            e.append((RDFS + "isDefinedBy", self.I(snap.base_iri)))
        self.members(e, el.plateaus)

    def _element(self, e: list, s: str, el) -> None:
        if el.home:
            self._external(e, el)
            return
        lit, text, add = self.L, self.text, e.append
        e.extend(self.element_classes(el))
        add((DCT + "identifier", lit(el.id)))
        if el.layer:
            add((EA + "layer", lit(el.layer)))
        text(e, RDFS + "label", el.name)
        text(e, DCT + "description", el.description)
        text(e, SKOS + "note", el.notes)
        if el.owner:
            add((EA + "owner", self.el(el.owner)))
        if el.rm:
            self.ids(e, EA + "classification", el.rm, self.concept)
        for tag in el.tags:
            add((EA + "tag", lit(tag)))
        if el.properties:
            self.properties(e, el.properties)
        self.members(e, el.plateaus)
        if el.changes:
            self._changes(e, s, el.changes)
        if el.history:
            self._history(e, s, el.history)
        if el.replaces:
            self.ids(e, DCT + "replaces", el.replaces, self.el)
        if el.sources:
            self.sources(e, s, el.sources)
        if el.inferred:
            add((EA + "inferred", self.true))

    def _changes(self, e: list, s: str, changes: dict) -> None:
        for pid, change in changes.items():
            if not isinstance(change, dict):
                continue
            c = Iris.sub(s, "change", pid)
            ce = self.own(c)
            e.append((EA + "change", self.I(c)))
            ce.append((self.T, self.I(EA + "Change")))
            ce.append((EA + "plateau", self.plateau(str(pid))))
            self.text(ce, RDFS + "label", change.get("name"))
            self.text(ce, DCT + "description", change.get("description"))
            self.text(ce, SKOS + "note", change.get("notes"))
            if change.get("owner"):
                ce.append((EA + "owner", self.el(str(change["owner"]))))
            self.ids(ce, EA + "classification", change.get("rm"), self.concept)
            for tag in change.get("tags") or ():
                ce.append((EA + "tag", self.L(str(tag))))
            if isinstance(change.get("properties"), dict):
                self.properties(ce, change["properties"])

    def _history(self, e: list, s: str, history: list) -> None:
        for i, entry in enumerate(history, 1):
            h = Iris.sub(s, "history", i)
            he = self.own(h)
            e.append((EA + "formerName", self.I(h)))
            he.append((self.T, self.I(EA + "FormerName")))
            self.text(he, RDFS + "label", entry.get("name"))
            for key in ("from", "until"):
                parts = scalar_parts(entry.get(key))
                if parts is not None:
                    he.append((EA + key, self.L(*parts)))
            self.text(he, SKOS + "note", entry.get("notes"))
            self.sources(he, h, entry.get("source"))

    def _relationship(self, e: list, s: str, r) -> None:
        head = self._relationship_head.get(r.type)
        if head is None:
            head = self._relationship_head[r.type] = (
                (self.T, self.I(relationship_class(r.type))), (self.T, self.I(_STATEMENT)),
                (RDF + "predicate", self.I(relationship_predicate(r.type))))
        e.extend(head)
        add, known = e.append, self._el_objects
        add((_RDF_SUBJECT, known.get(r.source) or self.el(r.source)))
        add((_RDF_OBJECT, known.get(r.target) or self.el(r.target)))
        if r.id:
            add((DCT + "identifier", self.L(r.id)))
        if r.name is not None:
            self.text(e, RDFS + "label", r.name)
        raw = r.raw
        if raw and isinstance(raw, dict):
            self.text(e, DCT + "description", raw.get("description"))
            self.text(e, SKOS + "note", raw.get("notes"))
        if r.access:
            add((EA + "accessType", self.L(str(r.access))))
        if r.strength:
            add((EA + "strength", self.L(str(r.strength))))
        if r.directed:
            add((EA + "directed", self.true))
        if r.properties:
            self.properties(e, r.properties)
        self.members(e, r.plateaus)
        if r.sources:
            self.sources(e, s, r.sources)
        if r.inferred:
            add((EA + "inferred", self.true))


def _no_triples(e: list, s: str, arg) -> None:
    """A subject only relationships name (their source is no element of the model)."""


def sorted_subjects(builder: Builder) -> Iterator[tuple[str, list]]:
    """(subject, [(predicate, object)]) of the builder's whole model in the order of the subjects' IRIs (the
    lists unsorted, possibly with repeats), made root by root in the order of the roots' IRIs.

    A root's owned subjects wait in a heap until the roots that sort before them are out, and so does a subject
    two roots share, whose lists are then joined. Raises IriError when the manifest's base_iri is unusable."""
    model = builder.model
    roots = builder.roots()
    # The relationships' direct triples belong to their sources' subjects.
    direct: dict[str, list] = {}
    element_iri, el, predicates, elements = builder.element_iri, builder.el, {}, model.elements
    known = builder._el_objects
    for r in model.relationships:
        s = element_iri(r.source)
        p = predicates.get(r.type)
        if p is None:
            p = predicates[r.type] = relationship_predicate(r.type)
        entries = direct.get(s)
        if entries is None:
            entries = direct[s] = []
            if r.source not in elements:
                roots.append((s, _no_triples, None))
        entries.append((p, known.get(r.target) or el(r.target)))
    roots.sort(key=itemgetter(0))
    heap: list = []
    owned = builder.owned
    last = len(roots) - 1
    for i, root in enumerate(roots):
        s = root[0]
        while heap and heap[0][0] < s:
            yield _pop_subject(heap)
        own = builder.make(root)
        extra = direct.pop(s, None)
        if extra:
            own.extend(extra)
        if owned:
            for sub, entries in owned:
                if sub <= s:  # would come out of order: an owned subject's IRI must extend its root's
                    raise AssertionError(f"{sub} is made by the root {s}, which does not sort before it")
                heapq.heappush(heap, (sub, id(entries), entries))
            owned.clear()
        if (heap and heap[0][0] == s) or (i < last and roots[i + 1][0] == s):
            heapq.heappush(heap, (s, id(own), own))
        else:
            yield s, own
    while heap:
        yield _pop_subject(heap)


def _pop_subject(heap: list) -> tuple[str, list]:
    s, _, entries = heapq.heappop(heap)
    while heap and heap[0][0] == s:
        entries = entries + heapq.heappop(heap)[2]
    return s, entries
