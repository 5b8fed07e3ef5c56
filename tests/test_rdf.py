"""RDF export: IRIs, the triples, every syntax parsed by rapper, pyoxigraph and rdflib, determinism, ontology."""

from __future__ import annotations

import re

import pytest
import rdflib
from rdflib.compare import isomorphic

import ea_model
from ea_model.rdf import export
from ea_model.rdf.iri import IriError, Iris, check_base, encode
from ea_model.rdf.ontology import ONTOLOGY_FILE, generate
from ea_model.rdf.vocab import EA, EAP, property_key, property_predicate

from .rdf_fixture import AWKWARD, FORMATS, RAPPER, oxigraph_count, rapper_graph, rdflib_graph

BASE = "https://example.org/ea/mini/"
# An absolute URI made of ASCII characters that may appear unescaped (RFC 3986), and '%' only before two hex digits.
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-F]{2})*$")
AWKWARD_IDS = ["a b", "Ứng dụng", "a/b", "a#b", "100%", "%41", "x?y=1&z", ".", "..", "tab\there", "<>\"{}|^`\\"]


@pytest.fixture
def mini(repo):
    return ea_model.load(repo())


@pytest.fixture
def awkward(repo):
    root = repo({"layers/model.yaml": AWKWARD})
    model = ea_model.load(root)
    assert not ea_model.validate(model, strict=True)
    return model


def test_ids_become_valid_distinct_reversible_iris():
    iris = Iris(BASE)
    made = set()
    for eid in AWKWARD_IDS:
        iri = iris.element(eid)
        assert URI.match(iri), iri
        assert iris.element_id(iri) == eid
        made.add(iri)
        for other in (iris.plateau(eid), iris.concept(eid), iris.scheme(eid), iris.kind(eid),
                      iris.relationship("serving", eid, "x", None), iris.relationship("serving", "x", eid, eid),
                      Iris.sub(iris.element(eid), "source", 1), Iris.sub(iris.element(eid), "change", eid)):
            assert URI.match(other), other
            made.add(other)
    assert len(made) == len(AWKWARD_IDS) * 9  # no two things share an IRI
    assert encode(".") == "%2E" and encode("..") == "%2E%2E"  # never a dot segment
    assert iris.element_id(iris.plateau("p")) is None and iris.element_id("https://elsewhere/x") is None


@pytest.mark.parametrize("base", ["example.org/", "https://exa mple.org/", "https://example.org/x", "https://e.org/#a#",
                                  "https://e.org/<x>/"])
def test_unusable_base_iris_are_refused(base):
    with pytest.raises(IriError):
        check_base(base)


@pytest.mark.parametrize("key", ["users", "deadline_text", "khóa lạ", "_x", "weird key.", "1st", "a.b", "-", "_.5F"])
def test_property_keys_become_xml_names_and_come_back(key):
    predicate = property_predicate(key)
    local = predicate[len(EAP):]
    assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_.-]*", local), local
    assert property_key(predicate) == key


def _graph(model):
    return rdflib.Graph().parse(data=export.serialize(model, "ntriples"), format="nt")


def test_the_export_states_the_model(mini):
    g = _graph(mini)
    U, L = rdflib.URIRef, rdflib.Literal
    app, db = U(BASE + "app-collection"), U(BASE + "db-insurance")
    assert (app, rdflib.RDF.type, U(EA + "SpecialisedApplication")) in g
    assert (app, rdflib.RDF.type, U(EA + "ApplicationComponent")) in g
    assert (db, rdflib.RDF.type, U("http://www.w3.org/ns/dcat#Dataset")) in g
    assert (U(BASE + "org-it"), rdflib.RDF.type, U("http://www.w3.org/ns/org#OrganizationalUnit")) in g
    assert (app, rdflib.RDFS.label, L("Phần mềm quản lý thu", lang="vi")) in g
    assert (app, rdflib.RDFS.label, L("Collection management", lang="en")) in g
    assert (app, U(EAP + "users"), L("1000", datatype=rdflib.XSD.integer)) in g
    assert (app, U(EA + "plateau"), U(BASE + "plateau/baseline-2022")) in g
    change = U(BASE + "app-collection/change/target-2030")
    assert (app, U(EA + "change"), change) in g
    assert (change, U(EAP + "users"), L("2000", datatype=rdflib.XSD.integer)) in g
    assert (app, U(EA + "accesses"), db) in g  # the relationship, asserted ...
    rel = U(BASE + "app-collection/access/db-insurance")  # ... and reified with its attributes
    assert (rel, rdflib.RDF.subject, app) in g and (rel, rdflib.RDF.object, db) in g
    assert (rel, rdflib.RDF.predicate, U(EA + "accesses")) in g
    assert (rel, U(EA + "accessType"), L("readwrite")) in g
    explicit = U(BASE + "relationship/flow-portal-db")
    assert (explicit, rdflib.namespace.DCTERMS.identifier, L("flow-portal-db")) in g
    assert (explicit, U(EA + "plateau"), U(BASE + "plateau/target-2030")) in g
    plateau = U(BASE + "plateau/target-2030")
    assert (plateau, U(EA + "date"), L("2030-12-31", datatype=rdflib.XSD.date)) in g
    source = U(BASE + "app-collection/source/1")
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    assert (app, prov.qualifiedDerivation, source) in g
    assert (source, prov.entity, U(BASE + "doc-test")) in g
    assert (source, U(EA + "section"), L("2.3")) in g and (source, U(EA + "line"), L(6)) in g
    skos = rdflib.namespace.SKOS
    assert (U(BASE + "rm/DRM001.001"), skos.broader, U(BASE + "rm/DRM001")) in g
    assert (U(BASE + "rm/DRM001"), skos.notation, L("DRM001")) in g
    assert (U(BASE), rdflib.RDF.type, U(EA + "Architecture")) in g


def test_output_is_deterministic_and_sorted(repo):
    root = repo()
    first = {fmt: export.serialize(ea_model.load(root), fmt) for fmt in FORMATS}
    again = {fmt: export.serialize(ea_model.load(root), fmt) for fmt in FORMATS}
    assert first == again
    lines = first["ntriples"].decode().splitlines()
    subjects = [line.split(" ", 1)[0] for line in lines]
    assert [s for i, s in enumerate(subjects) if i == 0 or s != subjects[i - 1]] == sorted(set(subjects),
                                                                                             key=subjects.index)
    assert len(lines) == len(set(lines))


@pytest.mark.parametrize("which", ["mini", "awkward"])
def test_every_format_parses_with_rapper_pyoxigraph_and_rdflib(which, request, tmp_path):
    model = request.getfixturevalue(which)
    reference = _graph(model)
    for fmt in FORMATS:
        data = export.serialize(model, fmt)
        assert oxigraph_count(data, fmt) == len(reference), fmt
        assert isomorphic(rdflib_graph(data, fmt), reference), fmt
        if fmt in RAPPER:
            path = tmp_path / f"export.{fmt}"
            path.write_bytes(data)
            assert isomorphic(rapper_graph(path, fmt), reference), fmt


def test_awkward_ids_keep_their_text(awkward):
    g = _graph(awkward)
    ids = {str(o) for o in g.objects(None, rdflib.namespace.DCTERMS.identifier)}
    assert {"org.IT_center-1", "fn_thu.20phi", "db.quoc-gia_x.1", "dot..", "100", "rel_1.x"} <= ids
    for s in g.subjects():
        assert URI.match(str(s)), s
    names = {str(o) for o in g.objects(rdflib.URIRef(Iris(BASE).element("org.IT_center-1")), rdflib.RDFS.label)}
    assert 'Trung tâm "CNTT"\nmới' in names


def test_rdflib_engine_gives_the_same_graph(awkward):
    for fmt in FORMATS:
        data = export.serialize(awkward, fmt, engine="rdflib")
        assert isomorphic(rdflib_graph(data, fmt), _graph(awkward)), fmt


def test_ontology_file_is_current_and_parses(tmp_path):
    assert ONTOLOGY_FILE.read_text(encoding="utf-8") == generate(), \
        "ea_model/ontology/ea.ttl is stale: run `python -m ea_model.rdf.ontology`"
    parsed = rapper_graph(ONTOLOGY_FILE, "turtle")
    assert isomorphic(parsed, rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle"))


def test_ontology_declares_every_term_of_an_export_with_both_languages(awkward):
    onto = rdflib.Graph().parse(ONTOLOGY_FILE, format="turtle")
    g = _graph(awkward)
    used = {p for p in g.predicates() if str(p).startswith(EA)} | {o for o in g.objects(None, rdflib.RDF.type)
                                                                     if str(o).startswith(EA)}
    from ea_model.metamodel import metamodel
    from ea_model.rdf.vocab import relationship_class, relationship_predicate, type_class

    mm = metamodel()
    used |= {rdflib.URIRef(type_class(t)) for t in mm.element_types}
    used |= {rdflib.URIRef(relationship_class(r)) for r in mm.relationship_types}
    used |= {rdflib.URIRef(relationship_predicate(r)) for r in mm.relationship_types}
    used |= {rdflib.URIRef(export.kind_class(Iris(BASE), k, t)) for k, t in export.builtin_kinds().items()}
    for term in used:
        langs = {o.language for o in onto.objects(term, rdflib.RDFS.label)}
        assert {"vi", "en"} <= langs, term
        comments = {o.language for o in onto.objects(term, rdflib.RDFS.comment)}
        assert {"vi", "en"} <= comments, term
    # the correspondence to ArchiMate and the standard vocabularies
    assert (rdflib.URIRef(EA + "ApplicationComponent"), rdflib.RDFS.subClassOf,
            rdflib.URIRef("http://bp4mc2.org/def/archimate#ApplicationComponent")) in onto
    assert (rdflib.URIRef(EA + "serves"), rdflib.RDFS.subPropertyOf,
            rdflib.URIRef("http://bp4mc2.org/def/archimate#serving")) in onto
    assert (rdflib.URIRef(EA + "OrganisationUnit"), rdflib.RDFS.subClassOf,
            rdflib.URIRef("http://www.w3.org/ns/org#OrganizationalUnit")) in onto


def test_kinds_of_a_custom_pack_are_declared_in_the_export(repo):
    root = repo({
        "ea.yaml": "id: custom\nname: Custom\nframework: ./pack\nlanguages: [vi, en]\n"
                   "base_iri: https://example.org/ea/custom/\nplateaus: gap_analysis/plateaus.yaml\n",
        "pack/framework.yaml": "id: custom-pack\nname: {vi: Gói riêng, en: Custom pack}\nextends: vneaf-2.0\n"
                               "kinds:\n  mobile-app: {type: application-component, name: {vi: Ứng dụng di động, "
                               "en: Mobile app}}\n",
        "layers/extra.yaml": "elements:\n  - {id: app-mobile, kind: mobile-app, name: Di động, "
                             "source: {doc: doc-test, line: 1}}\n",
    })
    model = ea_model.load(root)
    g = _graph(model)
    cls = rdflib.URIRef("https://example.org/ea/custom/kind/mobile-app")
    assert (rdflib.URIRef("https://example.org/ea/custom/app-mobile"), rdflib.RDF.type, cls) in g
    assert (cls, rdflib.RDFS.subClassOf, rdflib.URIRef(EA + "ApplicationComponent")) in g
    assert (cls, rdflib.RDFS.label, rdflib.Literal("Mobile app", lang="en")) in g


def test_written_exports_are_the_serialised_bytes(awkward, tmp_path):
    import io

    for fmt in FORMATS:
        out = io.BytesIO()
        count = export.write(awkward, fmt, out)
        assert out.getvalue() == export.serialize(awkward, fmt), fmt
        assert count == export.ntriples(awkward).count(b"\n"), fmt


