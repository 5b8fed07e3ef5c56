"""SHACL shapes generated from the metamodel and the framework pack, and running them with pyshacl-turbo (pySHACL's
API and results over a native engine: 3-4x pySHACL's speed on these shapes, measured in benchmarks/bench_all.py).

One node shape per ArchiMate element type (identifier, labels, layer, owner, reference-model codes,
plateaus, and for each relationship the target types the ArchiMate 3.2 relationship table allows), one per
kind (its ArchiMate type, its required properties), one per relationship type (a well-formed reified
statement whose triple is asserted), and shapes for plateaus, reference-model codes, source citations and
the repository. `ea export shacl` writes them; `ea validate --rdf` runs them over the export.
"""

from __future__ import annotations

from ..metamodel import LAYERS, metamodel
from ..model import Model
from ..problems import ERROR, WARNING, Problem
from ..rules.owner_not_organisation import OWNER_TYPES
from ..schema_build import ACCESS_TYPES
from .export import kind_class
from .iri import Iris
from .vocab import (
    DCT,
    EA,
    PREFIXES,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    XSD,
    property_predicate,
    relationship_class,
    relationship_predicate,
    type_class,
)

SHAPES = "https://w3id.org/ea-model/shapes#"
CODE = "EA200"


def shapes_graph(model: Model | None = None):
    """The shapes, as an rdflib Graph; kinds come from `model`'s framework pack (vneaf-2.0 without one)."""
    from rdflib import BNode, Graph, Literal, URIRef
    from rdflib.collection import Collection

    if model is None:
        from ..framework import load_framework

        kinds, base = load_framework("vneaf-2.0").kinds, "https://example.org/ea/"
    else:
        kinds, base = model.kinds, model.manifest.base_iri
    iris = Iris(base)
    g = Graph(bind_namespaces="none")
    for prefix, ns in {**PREFIXES, "sh": SH, "eash": SHAPES}.items():
        g.bind(prefix, ns)
    U, L = URIRef, Literal
    sh = lambda name: URIRef(SH + name)  # noqa: E731
    counter = iter(range(1, 10**9))

    def node(shape: str, target: str, label: str) -> URIRef:
        s = U(SHAPES + shape)
        g.add((s, U(RDF + "type"), sh("NodeShape")))
        g.add((s, sh("targetClass"), U(target)))
        g.add((s, U(RDFS + "label"), L(label, lang="en")))
        return s

    def prop(shape: URIRef, path, **constraints) -> BNode:
        b = BNode(f"{shape.split('#')[-1]}-{next(counter):05d}")
        g.add((shape, sh("property"), b))
        g.add((b, sh("path"), path if isinstance(path, BNode) else U(path)))
        for key, value in constraints.items():
            if key == "message":
                g.add((b, sh("message"), L(value, lang="en")))
            elif key in ("in_", "or_", "not_or"):
                items = value
                head = BNode(f"{b}-list")
                Collection(g, head, items)
                if key == "in_":
                    g.add((b, sh("in"), head))
                elif key == "or_":
                    g.add((b, sh("or"), head))
                else:
                    inner = BNode(f"{b}-not")
                    g.add((b, sh("not"), inner))
                    g.add((inner, sh("or"), head))
            elif key == "severity":
                g.add((b, sh("severity"), sh(value)))
            else:
                g.add((b, sh(key), value if isinstance(value, URIRef | BNode | Literal) else
                       L(value) if isinstance(value, int | bool) else U(value)))
        return b

    def classes(shape: BNode, types: list[str]) -> list[BNode]:
        out = []
        for i, t in enumerate(types):
            c = BNode(f"{shape}-c{i:02d}")
            g.add((c, sh("class"), U(type_class(t))))
            out.append(c)
        return out

    mm = metamodel()
    all_types = sorted(mm.element_types)
    for t in all_types:
        s = node(f"{_camel(t)}Shape", type_class(t), f"Every {t}")
        prop(s, DCT + "identifier", minCount=1, maxCount=1, datatype=U(XSD + "string"),
             message="an element has exactly one dct:identifier (its id)")
        prop(s, RDFS + "label", minCount=1, nodeKind=sh("Literal"), uniqueLang=True,
             message="an element has a name (rdfs:label), at most one per language")
        prop(s, EA + "layer", maxCount=1, in_=[L(layer) for layer in LAYERS])
        owner = prop(s, EA + "owner", maxCount=1, nodeKind=sh("IRI"),
                     message="the owner is one organisation unit (a business-actor or business-collaboration)")
        g.add((owner, sh("or"), _list(g, Collection, BNode(f"{owner}-list"), classes(owner, sorted(OWNER_TYPES)))))
        prop(s, EA + "classification", nodeKind=sh("IRI"), **{"class": U(SKOS + "Concept")},
             message="a reference-model code (ea:classification) must be a code of a reference model")
        prop(s, EA + "plateau", nodeKind=sh("IRI"), **{"class": U(EA + "ArchitecturePlateau")},
             message="ea:plateau must name a plateau of gap_analysis/plateaus.yaml")
        for rtype in mm.relationship_types:
            allowed = sorted(x for x in all_types if (rtype, t, x) in mm.allowed)
            if len(allowed) == len(all_types):
                continue
            path = relationship_predicate(rtype)
            if not allowed:
                prop(s, path, maxCount=0, message=f"ArchiMate 3.2 allows no {rtype} relationship from a {t}")
                continue
            disallowed = [x for x in all_types if x not in allowed]
            shape = BNode(f"{s.split('#')[-1]}-{rtype}")
            g.add((s, sh("property"), shape))
            g.add((shape, sh("path"), U(path)))
            g.add((shape, sh("message"), L(f"ArchiMate 3.2 allows {rtype} from a {t} only to: {', '.join(allowed)}",
                                          lang="en")))
            if len(allowed) <= len(disallowed):
                g.add((shape, sh("or"), _list(g, Collection, BNode(f"{shape}-list"), classes(shape, allowed))))
            else:
                inner = BNode(f"{shape}-not")
                g.add((shape, sh("not"), inner))
                g.add((inner, sh("or"), _list(g, Collection, BNode(f"{shape}-list"), classes(shape, disallowed))))
    for name in sorted(kinds):
        kind = kinds[name]
        s = node(f"kind-{name}", kind_class(iris, name, kind.type), f"Every {name}")
        g.add((s, sh("class"), U(type_class(kind.type))))
        g.add((s, sh("message"), L(f"a {name} is also typed with its ArchiMate type {type_class(kind.type)}",
                                   lang="en")))
        for key in kind.required_properties:
            prop(s, property_predicate(key), minCount=1,
                 message=f"a {name} must have the property '{key}' (framework pack: required_properties)")
    for rtype in mm.relationship_types:
        s = node(f"{_camel(rtype)}RelationshipShape", relationship_class(rtype), f"Every {rtype} relationship")
        prop(s, RDF + "subject", minCount=1, maxCount=1, nodeKind=sh("IRI"))
        prop(s, RDF + "object", minCount=1, maxCount=1, nodeKind=sh("IRI"))
        prop(s, RDF + "predicate", minCount=1, maxCount=1, hasValue=U(relationship_predicate(rtype)),
             message=f"the rdf:predicate of a {rtype} relationship is {relationship_predicate(rtype)}")
        for end in ("subject", "object"):
            path = BNode(f"{s.split('#')[-1]}-{end}-path")
            Collection(g, path, [U(RDF + end), U(DCT + "identifier")])
            prop(s, path, minCount=1, message=f"the rdf:{end} of a relationship must be an element of the model")
        if rtype == "access":
            prop(s, EA + "accessType", maxCount=1, in_=[L(a) for a in ACCESS_TYPES],
                 message=f"access type is one of {', '.join(ACCESS_TYPES)}")
        else:
            prop(s, EA + "accessType", maxCount=0, message="only access relationships have an access type")
        prop(s, EA + "plateau", nodeKind=sh("IRI"), **{"class": U(EA + "ArchitecturePlateau")},
             message="ea:plateau must name a plateau of gap_analysis/plateaus.yaml")
    s = node("PlateauShape", EA + "ArchitecturePlateau", "Every plateau")
    prop(s, DCT + "identifier", minCount=1, maxCount=1, datatype=U(XSD + "string"))
    prop(s, RDFS + "label", minCount=1)
    prop(s, EA + "date", minCount=1, maxCount=1, datatype=U(XSD + "date"),
         message="a plateau has exactly one date (xsd:date)")
    s = node("ConceptShape", SKOS + "Concept", "Every reference-model code")
    prop(s, SKOS + "notation", minCount=1, maxCount=1, message="a reference-model code has one skos:notation")
    prop(s, SKOS + "prefLabel", minCount=1)
    prop(s, SKOS + "inScheme", minCount=1, **{"class": U(SKOS + "ConceptScheme")})
    prop(s, SKOS + "broader", maxCount=1, **{"class": U(SKOS + "Concept")})
    s = node("SchemeShape", EA + "ReferenceModel", "Every reference model")
    prop(s, DCT + "identifier", minCount=1, maxCount=1)
    prop(s, EA + "referenceModelKind", minCount=1, maxCount=1)
    s = node("DerivationShape", PROV + "Derivation", "Every source citation")
    prop(s, PROV + "entity", minCount=1, maxCount=1, nodeKind=sh("IRI"),
         message="a source citation names one document (prov:entity)")
    prop(s, EA + "line", maxCount=1)
    prop(s, EA + "section", maxCount=1)
    s = node("ChangeShape", EA + "Change", "Every per-plateau change")
    prop(s, EA + "plateau", minCount=1, maxCount=1, **{"class": U(EA + "ArchitecturePlateau")})
    s = node("FormerNameShape", EA + "FormerName", "Every former name")
    prop(s, RDFS + "label", minCount=1)
    s = node("ArchitectureShape", EA + "Architecture", "The repository")
    # One SPARQL constraint on the single repository node, not one per relationship: pyshacl parses the
    # query once per focus node.
    sparql = BNode("ArchitectureShape-asserted")
    g.add((s, sh("sparql"), sparql))
    g.add((sparql, sh("select"), L(
        f"SELECT $this ?value WHERE {{ ?value <{RDF}subject> ?s ; <{RDF}predicate> ?p ; <{RDF}object> ?o . "
        "FILTER NOT EXISTS { ?s ?p ?o } }")))
    g.add((sparql, sh("message"), L("the reified relationship's triple is not asserted", lang="en")))
    prop(s, DCT + "identifier", minCount=1, maxCount=1)
    prop(s, DCT + "title", minCount=1)
    prop(s, EA + "framework", minCount=1, maxCount=1)
    prop(s, EA + "defaultLanguage", minCount=1, maxCount=1)
    return g


def _list(g, collection, head, items):
    collection(g, head, items)
    return head


def _camel(name: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in name.split("-"))


def shapes_turtle(model: Model | None = None) -> bytes:
    data = shapes_graph(model).serialize(format="turtle", encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode("utf-8")


class Result:
    """One SHACL validation result."""

    __slots__ = ("focus", "message", "path", "severity", "shape", "value")

    def __init__(self, focus: str, path: str, value: str, message: str, severity: str, shape: str) -> None:
        self.focus, self.path, self.value, self.message, self.severity, self.shape = (
            focus, path, value, message, severity, shape)

    def __repr__(self) -> str:
        return f"Result({self.severity}: {self.focus} {self.path} {self.value}: {self.message})"


def run(data_graph, shapes=None) -> tuple[bool, list[Result]]:
    """Validate an rdflib Graph against the shapes: (conforms, results sorted by focus node)."""
    from pyshacl_turbo import validate as shacl_validate
    from rdflib import URIRef

    shapes = shapes_graph() if shapes is None else shapes
    conforms, report, _ = shacl_validate(data_graph, shacl_graph=shapes, inference="none",
                                         allow_warnings=True, advanced=False)
    results = []
    shp = lambda n: URIRef(SH + n)  # noqa: E731
    for r in report.subjects(URIRef(RDF + "type"), shp("ValidationResult")):
        def one(p, r=r):
            v = report.value(r, shp(p))
            return "" if v is None else str(v)

        severity = one("resultSeverity").rsplit("#", 1)[-1]
        results.append(Result(one("focusNode"), _path_text(report, report.value(r, shp("resultPath"))),
                              one("value"), one("resultMessage"), severity, one("sourceShape")))
    results.sort(key=lambda x: (x.focus, x.path, x.value, x.message))
    return bool(conforms), results


def _path_text(report, path) -> str:
    from rdflib import BNode
    from rdflib.collection import Collection

    if path is None:
        return ""
    if isinstance(path, BNode):
        try:
            return "/".join(_short(str(p)) for p in Collection(report, path))
        except Exception:  # noqa: BLE001 - any other path form is shown as it is
            return str(path)
    return _short(str(path))


def _short(iri: str) -> str:
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def locations(model: Model) -> dict[str, tuple[str, int, str]]:
    """IRI -> (file, line, id) for the elements, relationships and plateaus of the model."""
    from .export import relationship_iris

    iris = Iris(model.manifest.base_iri)
    where: dict[str, tuple[str, int, str]] = {iris.base: ("ea.yaml", 1, model.manifest.id)}
    for p in model.plateaus.values():
        where[iris.plateau(p.id)] = (p.file, p.line, p.id)
    for rm in model.reference_models.values():
        for code, cat in rm.categories.items():
            where[iris.concept(code)] = (cat.file, cat.line, code)
    for el in model.elements.values():
        where[iris.element(el.id)] = (el.file, el.line, el.id)
    for rel, iri in zip(model.relationships, relationship_iris(model, iris), strict=True):
        where[iri] = (rel.file, rel.line, rel.key)
    return where


def problems(model: Model) -> list[Problem]:
    """`ea validate --rdf`: the SHACL results over the model's export, as findings (code EA200)."""
    from .export import to_graph, triples

    items = triples(model)
    conforms, results = run(to_graph(model, items), shapes_graph(model))
    if conforms and not results:
        return []
    where = locations(model)
    iris = Iris(model.manifest.base_iri)
    edges = {(iris.element(rel.source), relationship_predicate(rel.type), iris.element(rel.target)): rel
             for rel in reversed(model.relationships)}
    out = []
    for r in results:
        file, line, what = _locate(where, r.value if r.focus == iris.base and r.value else r.focus)
        rel = edges.get((r.focus, _long(r.path), r.value))
        if rel is not None:  # a relationship the table forbids: point at the relationship itself
            file, line = rel.file, rel.line
        detail = f" (value {_short(r.value)})" if r.value and r.value != r.focus else ""
        path = f" {r.path}:" if r.path else ""
        out.append(Problem(file, line, CODE, ERROR if r.severity == "Violation" else WARNING,
                           f"SHACL: {what}:{path} {r.message}{detail}",
                           "see docs/rdf.md, 'SHACL shapes'; `ea export shacl` prints the shapes"))
    return sorted(set(out))


def _long(short: str) -> str:
    prefix, _, local = short.partition(":")
    return PREFIXES[prefix] + local if prefix in PREFIXES and local else short


def _locate(where: dict, focus: str) -> tuple[str, int, str]:
    iri = focus
    while iri:
        if iri in where:
            return where[iri]
        if "/" not in iri:
            break
        iri = iri.rsplit("/", 1)[0]
    return "ea.yaml", 1, focus


def strict_problems(model: Model, strict: bool = False) -> list[Problem]:
    """`problems`, with warnings made errors under --strict; a base IRI that cannot be used is one error."""
    from dataclasses import replace

    from .iri import IriError

    try:
        found = problems(model)
    except IriError as exc:
        line = model.manifest.raw.lines.get("base_iri", 1) if hasattr(model.manifest.raw, "lines") else 1
        return [Problem("ea.yaml", line, CODE, ERROR, str(exc), "fix base_iri in ea.yaml")]
    return [replace(p, severity=ERROR) if strict and p.severity == WARNING else p for p in found]
