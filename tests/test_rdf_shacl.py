"""SHACL shapes from the metamodel: valid exports conform, deliberately broken graphs do not."""

from __future__ import annotations

import pytest
import rdflib
from rdflib import RDF, RDFS, Literal, URIRef

import ea_model
from ea_model.metamodel import metamodel
from ea_model.rdf import shacl
from ea_model.rdf.export import to_graph
from ea_model.rdf.vocab import EA, EAP, SH, relationship_class, type_class

from .rdf_fixture import AWKWARD, rapper_graph

B = "https://example.org/ea/mini/"
U = URIRef


@pytest.fixture
def mini(repo):
    return ea_model.load(repo())


@pytest.fixture(scope="module")
def shapes():
    return shacl.shapes_graph()


def test_shapes_cover_the_metamodel_and_parse_with_rapper(shapes, tmp_path):
    targets = set(shapes.objects(None, U(SH + "targetClass")))
    mm = metamodel()
    assert {U(type_class(t)) for t in mm.element_types} <= targets
    assert {U(relationship_class(r)) for r in mm.relationship_types} <= targets
    assert {U(EA + "ArchitecturePlateau"), U(EA + "Architecture")} <= targets
    path = tmp_path / "shapes.ttl"
    path.write_bytes(shacl.shapes_turtle())
    assert len(rapper_graph(path, "turtle")) == len(shapes)


def test_valid_models_conform(mini, repo, shapes):
    conforms, results = shacl.run(to_graph(mini), shapes)
    assert conforms and not results, results
    awkward = ea_model.load(repo({"layers/model.yaml": AWKWARD}))
    conforms, results = shacl.run(to_graph(awkward), shacl.shapes_graph(awkward))
    assert conforms and not results, results


def _broken(g):
    g.add((U(B + "db-insurance"), U(EA + "serves"), U(B + "dc-main")))  # a database serving a data centre


def _no_date(g):
    g.remove((U(B + "plateau/target-2030"), U(EA + "date"), None))


def _string_date(g):
    g.remove((U(B + "plateau/target-2030"), U(EA + "date"), None))
    g.add((U(B + "plateau/target-2030"), U(EA + "date"), Literal("31/12/2030")))


def _unasserted(g):
    g.remove((U(B + "app-collection"), U(EA + "serves"), U(B + "fn-collection")))


def _missing_required_property(g):
    g.remove((U(B + "doc-test"), U(EAP + "issuer"), None))


def _no_label(g):
    g.remove((U(B + "dc-main"), RDFS.label, None))


def _two_labels_in_one_language(g):
    g.add((U(B + "dc-main"), RDFS.label, Literal("Trung tâm khác", lang="vi")))


def _owner_not_organisation(g):
    g.set((U(B + "app-portal"), U(EA + "owner"), U(B + "db-insurance")))


def _bad_access_type(g):
    g.set((U(B + "app-collection/access/db-insurance"), U(EA + "accessType"), Literal("delete")))


def _unknown_code(g):
    g.add((U(B + "app-portal"), U(EA + "classification"), U(B + "rm/NOPE")))


def _unknown_plateau(g):
    g.add((U(B + "app-portal"), U(EA + "plateau"), U(B + "plateau/2099")))


def _kind_without_type(g):
    g.remove((U(B + "app-portal"), RDF.type, U(EA + "ApplicationComponent")))


def _relationship_to_nothing(g):
    rel = U(B + "app-portal/serving/ghost")
    for p, o in ((RDF.type, U(EA + "Serving")), (RDF.subject, U(B + "app-portal")),
                 (RDF.predicate, U(EA + "serves")), (RDF.object, U(B + "ghost"))):
        g.add((rel, p, o))
    g.add((U(B + "app-portal"), U(EA + "serves"), U(B + "ghost")))


def _wrong_predicate(g):
    g.set((U(B + "app-collection/serving/fn-collection"), RDF.predicate, U(EA + "flowsTo")))


def _source_without_document(g):
    g.remove((U(B + "app-portal/source/1"), U("http://www.w3.org/ns/prov#entity"), None))


@pytest.mark.parametrize("breaker", [
    _broken, _no_date, _string_date, _unasserted, _missing_required_property, _no_label, _two_labels_in_one_language,
    _owner_not_organisation, _bad_access_type, _unknown_code, _unknown_plateau, _kind_without_type,
    _relationship_to_nothing, _wrong_predicate, _source_without_document,
])
def test_broken_graphs_fail(mini, shapes, breaker):
    g = to_graph(mini)
    breaker(g)
    conforms, results = shacl.run(g, shapes)
    assert not conforms
    assert results and all(r.severity == "Violation" for r in results), results


def test_results_name_the_yaml_file_and_line(mini, monkeypatch):
    original = to_graph

    def broken_graph(model, items=None):
        g = original(model, items)
        _broken(g)
        return g

    monkeypatch.setattr("ea_model.rdf.export.to_graph", broken_graph)
    found = shacl.problems(mini)
    assert len(found) == 1
    p = found[0]
    assert (p.file, p.code, p.severity) == ("layers/model.yaml", "EA200", "error")
    assert p.line == mini.elements["db-insurance"].line  # no such relationship in the YAML: the element
    assert "db-insurance" in p.message and "serving" in p.message


def test_shapes_follow_the_framework_pack(repo):
    model = ea_model.load(repo({"ea.yaml": (repo().joinpath("ea.yaml").read_text(encoding="utf-8")
                                            .replace("vneaf-2.0", "vneaf-4.0"))}))
    g = shacl.shapes_graph(model)
    targets = {str(t) for t in g.objects(None, U(SH + "targetClass"))}
    from ea_model.rdf.export import kind_class
    from ea_model.rdf.iri import Iris

    assert {kind_class(Iris(model.manifest.base_iri), k.name, k.type) for k in model.kinds.values()} <= targets
    assert isinstance(g, rdflib.Graph)
