"""The way back: export -> import -> export is isomorphic; a failed import writes nothing."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.compare import isomorphic

import ea_model
from ea_model.rdf import export
from ea_model.rdf.import_ import RdfImportError, import_file

from .rdf_fixture import AWKWARD, FORMATS, RDFLIB

EXT = {"turtle": "ttl", "ntriples": "nt", "jsonld": "jsonld", "rdfxml": "rdf"}
DANGLING = AWKWARD + """\
  - {type: association, from: "ghost-id", to: "dot..", plateaus: [target-2030]}
  - {type: serving, from: "dot..", to: "fn_thu.20phi"}
"""


def _roundtrip(model, fmt, tmp_path):
    data = export.serialize(model, fmt)
    src = tmp_path / f"export.{EXT[fmt]}"
    src.write_bytes(data)
    back = import_file(src, tmp_path / f"back-{fmt}").model
    return data, back


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("files", [{}, {"layers/model.yaml": AWKWARD}, {"layers/model.yaml": DANGLING}],
                         ids=["mini", "awkward", "dangling"])
def test_export_import_export_is_isomorphic(repo, tmp_path, fmt, files):
    model = ea_model.load(repo(files))
    data, back = _roundtrip(model, fmt, tmp_path)
    again = export.serialize(back, fmt)
    first = rdflib.Graph().parse(data=data, format=RDFLIB[fmt])
    second = rdflib.Graph().parse(data=again, format=RDFLIB[fmt])
    assert isomorphic(first, second)
    assert export.serialize(back, "ntriples") == export.serialize(model, "ntriples")  # even byte for byte
    assert len(back.elements) == len(model.elements) and len(back.relationships) == len(model.relationships)
    assert not [p for p in back.load_problems if p.severity == "error"]


def test_the_rebuilt_repository_validates_like_the_original(repo, tmp_path):
    model = ea_model.load(repo({"layers/model.yaml": AWKWARD}))
    _, back = _roundtrip(model, "turtle", tmp_path)
    assert ea_model.validate(back, strict=True) == []
    assert back.manifest.base_iri == model.manifest.base_iri and back.manifest.languages == ["vi", "en"]
    el = back.elements["org.IT_center-1"]
    assert el.name == {"vi": 'Trung tâm "CNTT"\nmới', "en": "IT Center"}
    assert el.history[0]["until"] == "2025-03-26" and el.replaces == ["org-cu"]
    db = back.elements["db.quoc-gia_x.1"]
    assert db.properties == {"_x": [True, 1, "two"], "deadline": "2025-09-30", "khóa lạ": 1.5,
                             "weird key.": "2024-02-30"}
    assert (tmp_path / "back-turtle" / "gap_analysis" / "plateaus.yaml").is_file()


def test_plain_triples_without_reification_become_relationships(repo, tmp_path):
    model = ea_model.load(repo())
    g = export.to_graph(model)
    for s in list(g.subjects(rdflib.RDF.type, rdflib.RDF.Statement)):
        g.remove((s, None, None))
    src = tmp_path / "plain.nt"
    src.write_bytes(g.serialize(format="nt", encoding="utf-8"))
    back = import_file(src, tmp_path / "plain").model
    assert {(r.type, r.source, r.target) for r in back.relationships} == \
        {(r.type, r.source, r.target) for r in model.relationships}


def _fails(tmp_path, name: str, data: bytes, message: str, fmt: str | None = None) -> None:
    src = tmp_path / name
    src.write_bytes(data)
    into = tmp_path / "out" / "repo"
    with pytest.raises(RdfImportError, match=message):
        import_file(src, into, fmt)
    assert not into.exists()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())  # no temporary leftovers


def test_failures_write_nothing(repo, tmp_path):
    model = ea_model.load(repo())
    good = export.serialize(model, "turtle")
    _fails(tmp_path, "bad.ttl", b"@prefix : <x> . this is not turtle", "not valid turtle")
    _fails(tmp_path, "other.ttl", b"<https://a/b> <https://a/p> <https://a/c> .", "not an ea export")
    _fails(tmp_path, "what.txt", good, "cannot tell the RDF syntax")
    _fails(tmp_path, "bomb.rdf", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rdf:RDF '
           b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "DTD")
    _fails(tmp_path, "pack.ttl", good.replace(b'"vneaf-2.0"', b'"./my-pack"'), "not built in")
    g = rdflib.Graph().parse(data=good, format="turtle")
    g.remove((rdflib.URIRef("https://example.org/ea/mini/plateau/target-2030"),
              rdflib.URIRef("https://w3id.org/ea-model/ontology#date"), None))
    _fails(tmp_path, "nodate.ttl", g.serialize(format="turtle", encoding="utf-8"), "does not load")
    _fails(tmp_path, "empty.ttl", b"", "not an ea export")
    missing = tmp_path / "nope.ttl"
    with pytest.raises(RdfImportError, match="cannot read"):
        import_file(missing, tmp_path / "x")


def test_import_refuses_a_folder_that_is_not_empty(repo, tmp_path):
    src = tmp_path / "m.ttl"
    src.write_bytes(export.serialize(ea_model.load(repo()), "turtle"))
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(RdfImportError, match="not an empty folder"):
        import_file(src, tmp_path / "full")
    assert [p.name for p in (tmp_path / "full").iterdir()] == ["keep.txt"]
    (tmp_path / "empty").mkdir()
    assert import_file(src, tmp_path / "empty").model.elements


def test_plateau_membership_comes_back_as_written(repo, tmp_path):
    # every plateau (no `plateaus:`), some, and none (`plateaus: []`) are three different exports
    model = ea_model.load(repo({"layers/none.yaml": """\
        elements:
          - id: doc-gone
            kind: legal-document
            name: {vi: Đã thay thế, en: Replaced}
            plateaus: []
            source: {doc: doc-test, line: 20}
        """}))
    src = tmp_path / "m.nt"
    src.write_bytes(export.serialize(model, "ntriples"))
    back = import_file(src, tmp_path / "back").model
    assert back.elements["doc-gone"].plateaus == []
    assert back.elements["app-portal"].plateaus == ["target-2030"]
    assert back.elements["dc-main"].plateaus is None and back.elements["app-collection"].plateaus is None
    assert export.serialize(back, "ntriples") == export.serialize(model, "ntriples")


def test_a_graph_stating_no_plateaus_puts_its_elements_in_every_plateau(repo, tmp_path):
    g = rdflib.Graph().parse(data=export.serialize(ea_model.load(repo()), "ntriples"), format="nt")
    g.remove((None, rdflib.URIRef("https://w3id.org/ea-model/ontology#plateau"), None))
    src = tmp_path / "other-tool.nt"
    src.write_bytes(g.serialize(format="nt", encoding="utf-8"))
    back = import_file(src, tmp_path / "back").model
    assert all(el.plateaus is None for el in back.elements.values())
