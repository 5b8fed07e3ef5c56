"""`ea export rdf|shacl`, `ea import rdf`, `ea query sparql`, `ea validate --rdf`: output and exit codes."""

from __future__ import annotations

import csv
import io

import pytest
import rdflib
from rdflib.compare import isomorphic

from .conftest import REPO_ROOT
from .rdf_fixture import AWKWARD, FORMATS, RDFLIB, oxigraph_count

QUERIES = sorted((REPO_ROOT / "docs" / "queries").glob("*.rq"))


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_rdf_to_a_file_and_to_stdout(repo, ea, tmp_path, fmt):
    root = repo()
    out = tmp_path / "deep" / f"mini.{fmt}"
    result = ea("export", "rdf", "--repo", root, "--format", fmt, "--out", out)
    assert result.exit_code == 0, result.stderr
    assert "triples" in result.stderr and str(out) in result.stderr
    data = out.read_bytes()
    stdout = ea("export", "rdf", "--repo", root, "--format", fmt)
    assert stdout.exit_code == 0
    assert stdout.output.encode("utf-8") == data
    assert oxigraph_count(data, fmt) == len(rdflib.Graph().parse(data=data, format=RDFLIB[fmt]))


def test_export_refuses_a_broken_repository_and_writes_nothing(repo, ea, tmp_path):
    root = repo({"layers/bad.yaml": "elements:\n  - id: x\n    kind: platform\n    name: [not, a, name\n"})
    out = tmp_path / "x.ttl"
    result = ea("export", "rdf", "--repo", root, "--out", out)
    assert result.exit_code == 1
    assert "layers/bad.yaml" in result.stderr and "nothing written" in result.stderr
    assert not out.exists()


def test_export_refuses_an_unusable_base_iri(repo, ea, tmp_path):
    manifest = repo().joinpath("ea.yaml").read_text(encoding="utf-8")
    root = repo({"ea.yaml": manifest.replace("https://example.org/ea/mini/", "https://example.org/e a/")})
    out = tmp_path / "x.ttl"
    result = ea("export", "rdf", "--repo", root, "--out", out)
    assert result.exit_code == 2 and "base_iri" in result.stderr
    assert not out.exists()
    validated = ea("validate", "--repo", root, "--rdf")
    assert validated.exit_code == 1 and "EA200" in validated.output


def test_export_out_must_not_be_a_folder(repo, ea, tmp_path):
    assert ea("export", "rdf", "--repo", repo(), "--out", tmp_path).exit_code == 2


def test_export_shacl(repo, ea, tmp_path):
    out = tmp_path / "shapes.ttl"
    result = ea("export", "shacl", "--repo", repo(), "--out", out)
    assert result.exit_code == 0
    shapes = rdflib.Graph().parse(out, format="turtle")
    assert (None, rdflib.URIRef("http://www.w3.org/ns/shacl#targetClass"), None) in shapes


def test_validate_rdf(repo, ea):
    clean = ea("validate", "--repo", repo(), "--rdf")
    assert clean.exit_code == 0, clean.output
    root = repo({"layers/extra.yaml": "relationships:\n  - {type: serving, from: db-insurance, to: dc-main}\n"})
    broken = ea("validate", "--repo", root, "--rdf", "--format", "json")
    assert broken.exit_code == 1
    codes = {p["code"] for p in broken.json()["problems"]}
    assert {"EA104", "EA200"} <= codes
    shacl = [p for p in broken.json()["problems"] if p["code"] == "EA200"]
    assert shacl[0]["file"] == "layers/extra.yaml" and shacl[0]["line"] == 2 and "serving" in shacl[0]["message"]


def test_import_rdf_cli(repo, ea, tmp_path):
    root = repo({"layers/model.yaml": AWKWARD})
    src = tmp_path / "a.jsonld"
    assert ea("export", "rdf", "--repo", root, "--format", "jsonld", "--out", src).exit_code == 0
    result = ea("import", "rdf", src, "--into", tmp_path / "back")
    assert result.exit_code == 0, result.stderr
    assert "imported 7 elements" in result.stderr and "0 error(s)" in result.stderr
    again = ea("export", "rdf", "--repo", tmp_path / "back", "--format", "jsonld")
    first = rdflib.Graph().parse(src, format="json-ld")
    assert isomorphic(first, rdflib.Graph().parse(data=again.output, format="json-ld"))
    assert ea("import", "rdf", src, "--into", tmp_path / "back").exit_code == 2  # not empty
    bad = tmp_path / "bad.ttl"
    bad.write_text("nonsense", encoding="utf-8")
    failed = ea("import", "rdf", bad, "--into", tmp_path / "never")
    assert failed.exit_code == 2 and "error:" in failed.stderr
    assert not (tmp_path / "never").exists()


def test_sparql_formats(repo, ea):
    root = repo()
    q = 'SELECT ?app ?name WHERE { ?app ea:accesses :db-insurance ; rdfs:label ?name FILTER(lang(?name) = "en") }'
    table = ea("query", "sparql", "--repo", root, q)
    assert table.exit_code == 0
    assert table.output.splitlines()[0].split() == ["app", "name"]
    assert ":app-collection" in table.output and "Public service portal" in table.output
    rows = list(csv.reader(io.StringIO(ea("query", "sparql", "--repo", root, q, "--format", "csv").output)))
    assert rows[0] == ["app", "name"]
    assert sorted(r[0] for r in rows[1:]) == ["https://example.org/ea/mini/app-collection",
                                               "https://example.org/ea/mini/app-portal"]
    data = ea("query", "sparql", "--repo", root, q, "--format", "json").json()
    assert data["head"]["vars"] == ["app", "name"] and len(data["results"]["bindings"]) == 2
    assert data["results"]["bindings"][0]["name"]["xml:lang"] == "en"
    ask = ea("query", "sparql", "--repo", root, "ASK { :dc-main ea:serves :app-portal }")
    assert ask.output.strip() == "true"
    construct = ea("query", "sparql", "--repo", root, "CONSTRUCT { ?s ea:serves ?o } WHERE { ?s ea:serves ?o }")
    assert len(rdflib.Graph().parse(data=construct.output, format="turtle")) == 4


def test_sparql_errors(repo, ea, tmp_path):
    root = repo()
    assert ea("query", "sparql", "--repo", root, "SELECT WHERE").exit_code == 2
    assert ea("query", "sparql", "--repo", root, tmp_path / "missing.rq").exit_code == 2
    assert ea("query", "sparql", "--repo", root, "ASK {}", "--var", "novalue").exit_code == 2


@pytest.mark.parametrize("query", QUERIES, ids=[q.stem for q in QUERIES])
def test_saved_queries_run(repo, ea, query):
    result = ea("query", "sparql", "--repo", repo(), query, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert "results" in result.json()
    assert query.read_text(encoding="utf-8").startswith("#")  # each says what it answers


def test_saved_queries_answer_the_architects_questions(repo, ea):
    root = repo({"layers/wp.yaml": """\
        elements:
          - id: wp-connect
            type: work-package
            name: {vi: Kết nối, en: Connect}
            owner: org-it
            properties: {deadline: 2025-09-30, status: planned}
            source: {doc: doc-test, line: 11}
          - id: wp-later
            type: work-package
            name: {vi: Sau, en: Later}
            properties: {deadline: 2027-01-01}
            source: {doc: doc-test, line: 12}
          - id: actor-moh
            kind: external-agency
            name: {vi: Bộ Y tế, en: Ministry of Health}
            source: {doc: doc-test, line: 13}
          - id: ext-moh-db
            kind: external-system
            name: {vi: CSDL Bộ Y tế, en: MoH database}
            owner: actor-moh
            source: {doc: doc-test, line: 14}
        relationships:
          - {type: flow, from: app-collection, to: ext-moh-db, properties: {data: health insurance cards,
             direction: outbound}, source: {doc: doc-test, line: 15}}
        """})
    q = REPO_ROOT / "docs" / "queries"

    def rows(name, *args):
        result = ea("query", "sparql", "--repo", root, q / name, "--format", "json", *args)
        assert result.exit_code == 0, result.stderr
        return [{k: v["value"] for k, v in b.items()} for b in result.json()["results"]["bindings"]]

    due = rows("work-packages-due.rq", "--var", "by=2025-12-31")
    assert [r["work_package"] for r in due] == ["wp-connect"] and due[0]["lead"] == "org-it"
    assert len(rows("work-packages-due.rq", "--var", "by=2030-01-01")) == 2
    systems = rows("systems-accessing-database.rq", "--var", "database=db-insurance")
    assert [r["system"] for r in systems] == ["app-collection", "app-portal"]
    assert [r["access"] for r in systems] == ["readwrite", "read"]
    moh = rows("data-exchanged-with-partner.rq")
    assert [(r["from"], r["to"], r["data"], r["direction"]) for r in moh] == \
        [("app-collection", "ext-moh-db", "health insurance cards", "outbound")]
    new = rows("new-in-plateau.rq")
    assert [r["element"] for r in new] == ["app-portal"]


def test_sparql_var_replaces_only_variables():
    from ea_model.rdf.query import bind

    text = 'SELECT ?a WHERE { <http://x/?by> ?p "?by" . # ?by\n FILTER(?by < 3 && ?byx) }'
    assert bind(text, {"by": "2025-01-01"}) == (
        'SELECT ?a WHERE { <http://x/?by> ?p "?by" . # ?by\n'
        ' FILTER("2025-01-01"^^<http://www.w3.org/2001/XMLSchema#date> < 3 && ?byx) }')


def test_export_streams_into_place_through_links_and_devices(repo, ea, tmp_path, monkeypatch):
    """The export is written as it is made, yet the old file stays whole until the new one is complete; a
    symlink is followed (the link stays), a device is written through."""
    root = repo()
    real, link = tmp_path / "real.ttl", tmp_path / "link.ttl"
    real.write_bytes(b"old")
    link.symlink_to(real)
    assert ea("export", "rdf", "--repo", root, "--out", link).exit_code == 0
    assert link.is_symlink() and real.read_bytes() == ea("export", "rdf", "--repo", root).output.encode("utf-8")
    assert ea("export", "rdf", "--repo", root, "--format", "ntriples", "--out", "/dev/null").exit_code == 0

    from ea_model.rdf import build

    def broken(self, e, s, el):
        raise RuntimeError("disk on fire")

    before = real.read_bytes()
    monkeypatch.setattr(build.Builder, "_element", broken)
    for fmt in ("turtle", "ntriples", "rdfxml"):
        with pytest.raises(RuntimeError):
            ea("export", "rdf", "--repo", root, "--format", fmt, "--out", real)
        assert real.read_bytes() == before, fmt
    assert not list(tmp_path.glob(".*.tmp"))  # no temporary file left
