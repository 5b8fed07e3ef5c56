"""model -> RDF: the triples of a repository, sorted, in Turtle, N-Triples, JSON-LD or RDF/XML.

The triples are built once as plain tuples (`IRI` and `Lit` below), then either written as sorted
N-Triples and handed to pyoxigraph for the other syntaxes (fast: a 100,000-element model in seconds), or
turned into an rdflib Graph for API users (`to_graph`). Mapping and examples: docs/rdf.md.
"""

from __future__ import annotations

import gc
import io
import math
from collections import Counter
from contextlib import contextmanager
from datetime import date
from functools import cache
from typing import NamedTuple

from ..model import Model
from .iri import Iris
from .syntax import EXTENSIONS, FORMATS, SYNTAXES, oxigraph_format
from .vocab import (
    DCT,
    EA,
    OWL,
    PREFIXES,
    PROV,
    RDF,
    RDF_TYPE,
    RDFS,
    SKOS,
    STANDARD_CLASSES,
    XSD,
    archimate_class,
    camel,
    property_predicate,
    relationship_class,
    relationship_predicate,
    type_class,
)

ENGINES = ("oxigraph", "rdflib")


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
    if value is None:
        return None
    if isinstance(value, bool):
        return Lit("true" if value else "false", XSD + "boolean")
    if isinstance(value, int):
        return Lit(str(value), XSD + "integer")
    if isinstance(value, float):
        text = "NaN" if math.isnan(value) else ("INF" if value > 0 else "-INF") if math.isinf(value) else repr(value)
        return Lit(text, XSD + "double")
    text = str(value)
    if len(text) == _DATE_LEN and text[4] == "-" and text[7] == "-" and is_date(text):
        return Lit(text, XSD + "date")
    return Lit(text)


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


class _Builder:
    def __init__(self, model: Model) -> None:
        self.model = model
        self.iris = Iris(model.manifest.base_iri, remote_bases(model))
        self.out: list[Triple] = []
        self.add = self.out.append

    def run(self) -> list[Triple]:
        self._repository()
        self._kinds()
        for plateau in self.model.plateaus.values():
            self._plateau(plateau)
        for rm in self.model.reference_models.values():
            self._reference_model(rm)
        for element in self.model.elements.values():
            self._element(element)
        self._relationships()
        return self.out

    # ----------------------------------------------------------------------------------------- helpers
    def text(self, s: str, p: str, value) -> None:
        """A `{vi, en}` value as language-tagged literals; a plain string as an untagged one."""
        if value is None:
            return
        if isinstance(value, dict):
            for lang, text in value.items():
                if text is not None:
                    self.add((s, p, Lit(str(text), None, str(lang))))
        else:
            self.add((s, p, Lit(str(value))))

    def properties(self, s: str, props: dict) -> None:
        for key, value in props.items():
            p = property_predicate(key)
            for v in value if isinstance(value, list) else (value,):
                lit = scalar(v)
                if lit is not None:
                    self.add((s, p, lit))

    def sources(self, s: str, sources) -> None:
        if isinstance(sources, dict):
            sources = [sources]
        for i, src in enumerate(sources or (), 1):
            if not isinstance(src, dict):
                continue
            d = Iris.sub(s, "source", i)
            self.add((s, PROV + "qualifiedDerivation", IRI(d)))
            self.add((d, RDF_TYPE, IRI(PROV + "Derivation")))
            if src.get("doc") is not None:
                doc = IRI(self.iris.element(str(src["doc"])))
                self.add((s, PROV + "wasDerivedFrom", doc))
                self.add((d, PROV + "entity", doc))
            for key, p in (("section", EA + "section"), ("line", EA + "line"), ("quote", EA + "quote"),
                           ("note", SKOS + "note")):
                lit = scalar(src.get(key))
                if lit is not None:
                    self.add((d, p, lit))

    def members(self, plateaus: list[str] | None) -> list[str]:
        """The plateaus something is in: those it lists, or all of them when it lists none, so that a query asks
        `?e ea:plateau ?p` and never needs to know that rule."""
        return list(self.model.plateaus) if plateaus is None else plateaus

    def ids(self, s: str, p: str, ids, make) -> None:
        for i in ids or ():
            self.add((s, p, IRI(make(str(i)))))

    # ---------------------------------------------------------------------------------------- sections
    def _repository(self) -> None:
        m = self.model.manifest
        s = self.iris.base
        self.add((s, RDF_TYPE, IRI(EA + "Architecture")))
        self.add((s, DCT + "identifier", Lit(m.id)))
        self.text(s, DCT + "title", m.name)
        self.add((s, EA + "framework", Lit(m.framework)))
        for i, lang in enumerate(m.languages):
            self.add((s, DCT + "language", Lit(lang)))
            if i == 0:
                self.add((s, EA + "defaultLanguage", Lit(lang)))

    def _kinds(self) -> None:
        """Kinds of a custom framework pack are not in the ontology: declare them here."""
        for kind in self.model.kinds.values():
            cls = kind_class(self.iris, kind.name, kind.type)
            if cls.startswith(EA):
                continue
            self.add((cls, RDF_TYPE, IRI(OWL + "Class")))
            self.add((cls, RDFS + "subClassOf", IRI(type_class(kind.type))))
            self.add((cls, DCT + "identifier", Lit(kind.name)))
            self.add((cls, EA + "layer", Lit(kind.layer)))
            self.text(cls, RDFS + "label", kind.label or None)
            for prop in kind.required_properties:
                self.add((cls, EA + "requiredProperty", IRI(property_predicate(prop))))

    def _plateau(self, plateau) -> None:
        s = self.iris.plateau(plateau.id)
        self.add((s, RDF_TYPE, IRI(EA + "ArchitecturePlateau")))
        self.add((s, DCT + "identifier", Lit(plateau.id)))
        self.text(s, RDFS + "label", plateau.name)
        lit = scalar(plateau.date)
        if lit is not None:
            self.add((s, EA + "date", lit))
        self.text(s, SKOS + "note", plateau.notes)
        self.sources(s, plateau.sources)

    def _reference_model(self, rm) -> None:
        scheme = self.iris.scheme(rm.id)
        self.add((scheme, RDF_TYPE, IRI(SKOS + "ConceptScheme")))
        self.add((scheme, RDF_TYPE, IRI(EA + "ReferenceModel")))
        self.add((scheme, DCT + "identifier", Lit(rm.id)))
        self.add((scheme, EA + "referenceModelKind", Lit(rm.kind)))
        self.text(scheme, SKOS + "prefLabel", rm.name or None)
        for code, cat in rm.categories.items():
            c = self.iris.concept(code)
            self.add((c, RDF_TYPE, IRI(SKOS + "Concept")))
            self.add((c, SKOS + "notation", Lit(code)))
            self.add((c, SKOS + "inScheme", IRI(scheme)))
            self.text(c, SKOS + "prefLabel", cat.name or None)
            self.text(c, SKOS + "definition", cat.description)
            if cat.parent:
                self.add((c, SKOS + "broader", IRI(self.iris.concept(cat.parent))))
            else:
                self.add((c, SKOS + "topConceptOf", IRI(scheme)))
                self.add((scheme, SKOS + "hasTopConcept", IRI(c)))
            if cat.inferred:
                self.add((c, EA + "inferred", TRUE))
            if cat.provisional:
                self.add((c, EA + "provisional", TRUE))
            self.sources(c, cat.source)

    def _external(self, el) -> None:
        """An element of a dependency: what a query here needs to name and place it (its types, identifier,
        label and owner, the same triples its home graph states, and the plateaus of this repository it is used in),
        marked external with a link to its home; its other facts stay in its own repository."""
        add, s = self.add, self.iris.element(el.id)
        if el.type:
            if el.kind:
                add((s, RDF_TYPE, IRI(kind_class(self.iris, el.kind, el.type))))
            add((s, RDF_TYPE, IRI(type_class(el.type))))
        add((s, DCT + "identifier", Lit(el.id.partition(":")[2])))
        self.text(s, RDFS + "label", el.name)
        if el.owner:
            add((s, EA + "owner", IRI(self.iris.element(el.owner))))
        add((s, EA + "external", TRUE))
        add((s, EA + "dependency", Lit(el.home)))
        snap = self.model.dependencies.get(el.home)
        if snap is not None:
            add((s, RDFS + "isDefinedBy", IRI(snap.base_iri)))
        self.ids(s, EA + "plateau", self.members(el.plateaus), self.iris.plateau)

    def _element(self, el) -> None:
        if el.home:
            self._external(el)
            return
        add, iris = self.add, self.iris
        s = iris.element(el.id)
        if el.type:
            if el.kind:
                add((s, RDF_TYPE, IRI(kind_class(iris, el.kind, el.type))))
            add((s, RDF_TYPE, IRI(type_class(el.type))))
            for cls in STANDARD_CLASSES.get(el.kind or "", STANDARD_CLASSES.get(el.type, ())):
                add((s, RDF_TYPE, IRI(cls)))
        add((s, DCT + "identifier", Lit(el.id)))
        if el.layer:
            add((s, EA + "layer", Lit(el.layer)))
        self.text(s, RDFS + "label", el.name)
        self.text(s, DCT + "description", el.description)
        self.text(s, SKOS + "note", el.notes)
        if el.owner:
            add((s, EA + "owner", IRI(iris.element(el.owner))))
        self.ids(s, EA + "classification", el.rm, iris.concept)
        for tag in el.tags:
            add((s, EA + "tag", Lit(tag)))
        self.properties(s, el.properties)
        self.ids(s, EA + "plateau", self.members(el.plateaus), iris.plateau)
        for pid, change in el.changes.items():
            if not isinstance(change, dict):
                continue
            c = Iris.sub(s, "change", pid)
            add((s, EA + "change", IRI(c)))
            add((c, RDF_TYPE, IRI(EA + "Change")))
            add((c, EA + "plateau", IRI(iris.plateau(str(pid)))))
            self.text(c, RDFS + "label", change.get("name"))
            self.text(c, DCT + "description", change.get("description"))
            self.text(c, SKOS + "note", change.get("notes"))
            if change.get("owner"):
                add((c, EA + "owner", IRI(iris.element(str(change["owner"])))))
            self.ids(c, EA + "classification", change.get("rm"), iris.concept)
            for tag in change.get("tags") or ():
                add((c, EA + "tag", Lit(str(tag))))
            if isinstance(change.get("properties"), dict):
                self.properties(c, change["properties"])
        for i, entry in enumerate(el.history, 1):
            h = Iris.sub(s, "history", i)
            add((s, EA + "formerName", IRI(h)))
            add((h, RDF_TYPE, IRI(EA + "FormerName")))
            self.text(h, RDFS + "label", entry.get("name"))
            for key in ("from", "until"):
                lit = scalar(entry.get(key))
                if lit is not None:
                    add((h, EA + key, lit))
            self.text(h, SKOS + "note", entry.get("notes"))
            self.sources(h, entry.get("source"))
        self.ids(s, DCT + "replaces", el.replaces, iris.element)
        self.sources(s, el.sources)
        if el.inferred:
            add((s, EA + "inferred", TRUE))

    def _relationships(self) -> None:
        add, iris = self.add, self.iris
        statement = IRI(RDF + "Statement")
        for r, s in zip(self.model.relationships, relationship_iris(self.model, iris), strict=True):
            subject, obj, pred = iris.element(r.source), IRI(iris.element(r.target)), relationship_predicate(r.type)
            add((subject, pred, obj))
            add((s, RDF_TYPE, IRI(relationship_class(r.type))))
            add((s, RDF_TYPE, statement))
            add((s, RDF + "subject", IRI(subject)))
            add((s, RDF + "predicate", IRI(pred)))
            add((s, RDF + "object", obj))
            if r.id:
                add((s, DCT + "identifier", Lit(r.id)))
            self.text(s, RDFS + "label", r.name)
            raw = r.raw if isinstance(r.raw, dict) else {}
            self.text(s, DCT + "description", raw.get("description"))
            self.text(s, SKOS + "note", raw.get("notes"))
            if r.access:
                add((s, EA + "accessType", Lit(str(r.access))))
            if r.strength:
                add((s, EA + "strength", Lit(str(r.strength))))
            if r.directed:
                add((s, EA + "directed", TRUE))
            self.properties(s, r.properties)
            self.ids(s, EA + "plateau", self.members(r.plateaus), iris.plateau)
            self.sources(s, r.sources)
            if r.inferred:
                add((s, EA + "inferred", TRUE))


def remote_bases(model: Model) -> dict[str, str]:
    """`depends:` prefix -> the dependency's base IRI, for the IRIs of `prefix:id` references."""
    return {prefix: snap.base_iri for prefix, snap in model.dependencies.items() if snap.base_iri}


def relationship_iris(model: Model, iris: Iris) -> list[str]:
    """The IRI of each relationship of the model, in order: a repeat of the same (type, source, target)
    without an id, or of the same id, gets `;2`, `;3`, ..."""
    seen: Counter = Counter()
    out = []
    for r in model.relationships:
        key = r.id or (r.type, r.source, r.target)
        seen[key] += 1
        out.append(iris.relationship(r.type, r.source, r.target, r.id, seen[key]))
    return out


def triples(model: Model) -> list[Triple]:
    """Every triple of the model, unsorted. Raises IriError when the manifest's base_iri is unusable."""
    with _paused_gc():
        return _Builder(model).run()


# --------------------------------------------------------------------------------------------- N-Triples
_ESCAPES = {0x22: '\\"', 0x5C: "\\\\", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x08: "\\b", 0x0C: "\\f"}
_ESCAPES.update({c: f"\\u{c:04X}" for c in [*range(0x20), 0x7F] if c not in _ESCAPES})


def nt_term(o) -> str:
    if isinstance(o, IRI):
        return f"<{o}>"
    text = o.value.translate(_ESCAPES)
    if o.lang:
        return f'"{text}"@{o.lang}'
    if o.datatype and o.datatype != XSD + "string":
        return f'"{text}"^^<{o.datatype}>'
    return f'"{text}"'


def ntriples(model: Model, items: list[Triple] | None = None) -> bytes:
    """Canonical-style N-Triples, one triple a line, sorted by subject, then predicate (rdf:type first) and
    object, so that the same model always gives the same bytes. A fact stated twice (e.g. two sources citing
    one document) is one triple.

    Without `items`, the triples are grouped by subject as they are made, never held as one list of tuples
    (at 100,000 elements that list alone was gigabytes), and each subject's lines are written and let go in
    turn."""
    with _paused_gc():
        by_subject: dict[str, list] = {}
        get = by_subject.get
        # An IRI object (a class, a plateau, a document, an element named by relationships) recurs many times:
        # one text for all its triples. Literals are mostly unique: not kept here.
        iri_terms: dict[str, str] = {}

        def add(triple: Triple) -> None:
            s, p, o = triple
            entry = get(s)
            if entry is None:
                entry = by_subject[s] = []
            if type(o) is IRI:
                term = iri_terms.get(o)
                if term is None:
                    term = iri_terms[o] = f"<{o}>"
            else:
                term = nt_term(o)
            entry.append((p != RDF_TYPE, p, term))

        if items is None:
            builder = _Builder(model)
            builder.add = add
            builder.run()
        else:
            for triple in items:
                add(triple)
        out = io.BytesIO()  # its getvalue() hands over the buffer: no second copy of the whole text
        for s in sorted(by_subject):
            lines, last = [], None
            for t in sorted(by_subject.pop(s)):
                if t != last:
                    lines.append(f"<{s}> <{t[1]}> {t[2]} .\n")
                    last = t
            out.write("".join(lines).encode("utf-8"))
        return out.getvalue()


@contextmanager
def _paused_gc():
    """Building millions of small tuples makes the cyclic collector rescan them again and again (they hold
    no cycles): pause it meanwhile."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# ------------------------------------------------------------------------------------------ serialising
def prefixes(model: Model) -> dict[str, str]:
    """The export's prefixes: the vocabularies, `:` for the repository's base IRI, and `plateau:` and `rm:` for
    its plateaus and reference-model codes, whose IRIs have a `/` that a prefixed name after `:` cannot hold
    unescaped (`plateau:target-2030`, not `:plateau/target-2030`)."""
    base = model.manifest.base_iri
    return {**PREFIXES, "": base, "plateau": f"{base}plateau/", "rm": f"{base}rm/"}


def serialize(model: Model, fmt: str = "turtle", engine: str = "oxigraph", items: list[Triple] | None = None) -> bytes:
    """The model in `fmt` (one of FORMATS), built with pyoxigraph (default) or rdflib."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown RDF format '{fmt}' (use one of {', '.join(FORMATS)})")
    if engine == "rdflib":
        graph = to_graph(model, items)
        data = graph.serialize(format=SYNTAXES[fmt].rdflib, encoding="utf-8")
        return data if isinstance(data, bytes) else data.encode("utf-8")
    nt = ntriples(model, items)
    if fmt == "ntriples":
        return nt
    return convert(nt, fmt, prefixes(model))


def convert(nt: bytes, fmt: str, prefix_map: dict[str, str] | None = None) -> bytes:
    """Sorted N-Triples -> another syntax with pyoxigraph, keeping the order."""
    import pyoxigraph as ox

    quads = ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
    used = prefix_map if fmt != "jsonld" else None
    # The quads (all in the default graph) go straight back to pyoxigraph: no Python object per triple.
    return ox.serialize(quads, format=oxigraph_format(fmt), prefixes=used)


def to_graph(model: Model, items: list[Triple] | None = None):
    """The model as an rdflib Graph, with the export's prefixes bound."""
    from rdflib import Graph, Literal, URIRef

    graph = Graph(bind_namespaces="none")
    for prefix, ns in prefixes(model).items():
        graph.bind(prefix, ns, override=True, replace=True)
    uris: dict[str, URIRef] = {}
    add = graph.add
    for s, p, o in triples(model) if items is None else items:
        su = uris.get(s) or uris.setdefault(s, URIRef(s))
        pu = uris.get(p) or uris.setdefault(p, URIRef(p))
        if isinstance(o, Lit):
            if o.lang:
                ou = Literal(o.value, lang=o.lang)
            else:
                ou = Literal(o.value, datatype=URIRef(o.datatype) if o.datatype else None)
        else:
            ou = uris.get(o) or uris.setdefault(o, URIRef(o))
        add((su, pu, ou))
    return graph


__all__ = [
    "ENGINES", "EXTENSIONS", "FORMATS", "IRI", "Lit", "archimate_class", "builtin_kinds", "convert", "kind_class",
    "ntriples", "prefixes", "scalar", "serialize", "to_graph", "triples",
]
