"""`ea publish`, `ea store`, `ea query sparql --endpoint` against real engines (Oxigraph server, Virtuoso) started
on loopback with temporary databases, and against a fake store that fails on purpose."""

from __future__ import annotations

import csv
import http.server
import io
import re
import threading
import urllib.parse

import pytest

import ea_model
from ea_model.publish.client import Client, StoreError
from ea_model.publish.graphs import ONTOLOGY_GRAPH
from ea_model.publish.publish import publish, read_manifest

from .conftest import REPO_ROOT
from .deps_fixture import two_repos
from .store_fixture import ENGINES, free_port


@pytest.fixture(scope="module", params=sorted(ENGINES))
def server(request, tmp_path_factory):
    binary, start, install = ENGINES[request.param]
    if not binary():
        pytest.skip(f"{request.param} is not installed ({install})")
    srv = start(tmp_path_factory.mktemp(request.param) / "data")
    yield srv
    srv.stop()


def rows(ea, *args) -> list[list[str]]:
    result = ea("query", "sparql", *args, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    return list(csv.reader(io.StringIO(result.output)))


def test_publish_query_republish_delete_plateau(server, tmp_path, ea):
    national, agency = two_repos(tmp_path)
    prefix = f"https://example.org/store-{server.engine}/"
    for repo in (national, agency):
        result = ea("publish", "--repo", repo, "--to", server.store_url, "--graph-prefix", prefix)
        assert result.exit_code == 0, result.stderr
    assert "sent 5 graph(s)" in result.stderr  # model, reference models, 2 plateaus, ontology
    # one query across both agencies: which national platforms does the agency use, with the home's names
    query = ("SELECT ?app ?platform ?name WHERE { ?a ea:flowsTo ?p . ?a dct:identifier ?app . "
             "FILTER(STRSTARTS(STR(?a), 'https://example.org/ea/mini/')) "
             "?p ea:external true ; dct:identifier ?platform . "
             "?p rdfs:label ?name FILTER(lang(?name) = 'en') } ORDER BY ?app ?platform")
    expected = [["app", "platform", "name"], ["app-lgsp", "ndxp", "National Data Exchange Platform"],
                ["app-portal", "portal", "National Public Service Portal"]]
    assert rows(ea, query, "--repo", agency, "--endpoint", server.query_url) == expected
    assert rows(ea, query, "--repo", agency) == expected  # the same rows as the local query

    # republish after a one-element change: one graph goes
    uses = agency / "layers/uses.yaml"
    uses.write_text(uses.read_text(encoding="utf-8").replace("{vi: Nền tảng LGSP, en: LGSP}",
                                                             "{vi: Nền tảng LGSP, en: Local data platform}"))
    again = ea("publish", "--repo", agency, "--to", server.store_url, "--graph-prefix", prefix)
    assert again.exit_code == 0 and "sent 1 graph(s)" in again.stderr and "4 unchanged" in again.stderr
    assert again.output.startswith(f"sent {prefix}mini/model ")
    label = "SELECT ?l WHERE { ?e dct:identifier 'app-lgsp' ; rdfs:label ?l FILTER(lang(?l) = 'en') }"
    assert rows(ea, label, "--repo", agency, "--endpoint", server.query_url)[1:] == [["Local data platform"]]

    # delete a plateau: its memberships go, the elements stay
    in_target = ("SELECT (COUNT(*) AS ?n) WHERE { ?e ea:plateau/dct:identifier 'target-2030' ; "
                 "dct:identifier 'app-portal' }")
    assert rows(ea, in_target, "--repo", agency, "--endpoint", server.query_url)[1] == ["1"]
    deleted = ea("publish", "--repo", agency, "--to", server.store_url, "--graph-prefix", prefix,
                 "--delete-plateau", "target-2030")
    assert deleted.exit_code == 0 and "deleted plateau target-2030" in deleted.output
    assert rows(ea, in_target, "--repo", agency, "--endpoint", server.query_url)[1] == ["0"]
    assert rows(ea, label, "--repo", agency, "--endpoint", server.query_url)[1:] == [["Local data platform"]]
    dry = ea("publish", "--repo", agency, "--to", server.store_url, "--graph-prefix", prefix, "--dry-run")
    assert f"would send {prefix}mini/plateau/target-2030" in dry.output and "would send 1 graph(s)" in dry.stderr


# The README's SPARQL questions (its fourth, the data centres' gap, is `ea gap`). Queries that match plateaus by
# identifier (elements-in-plateau.rq) rightly answer for every repository in the store: not compared here.
README_QUESTIONS = (
    ("docs/queries/systems-accessing-database.rq", "--var", "lang=en"),
    ("docs/queries/data-exchanged-with-partner.rq", "--var", "lang=en"),
    ("docs/queries/data-exchanged-with-partner.rq", "--var", "partner=actor-mps"),
)


def _unordered_concat(table: list[list[str]]) -> list[list]:
    """GROUP_CONCAT's order is the engine's: compare the concatenated values as sets."""
    return [[frozenset(re.split(r"[;\s]+", c)) if " " in c and "-" in c else c for c in row] for row in table]


@pytest.mark.slow
def test_bhxh_and_national_published_answer_the_readme_questions_like_the_local_model(server, ea):
    for repo in (REPO_ROOT / "examples/national", REPO_ROOT):
        result = ea("publish", "--repo", repo, "--to", server.store_url)
        assert result.exit_code == 0, result.stderr
    for args in README_QUESTIONS:
        local = rows(ea, *args, "--repo", REPO_ROOT)
        remote = rows(ea, *args, "--repo", REPO_ROOT, "--endpoint", server.query_url)
        assert len(local) > 1 and _unordered_concat(remote) == _unordered_concat(local), args
    due = ("docs/queries/work-packages-due.rq", "--var", "by=2025-09-30")
    assert len(rows(ea, *due)) > 1 and rows(ea, *due, "--endpoint", server.query_url) == rows(ea, *due)
    national = ("SELECT ?system WHERE { ?s ea:external true ; dct:identifier ?system ; a ea:ApplicationComponent } "
                "ORDER BY ?system")
    assert ["ext-ndxp"] in rows(ea, national, "--repo", REPO_ROOT, "--endpoint", server.query_url)


# ------------------------------------------------------------------------------------------ a failing store
class FakeStore(http.server.BaseHTTPRequestHandler):
    """A Graph Store Protocol server in memory; PUTs of graphs whose IRI contains `fail` answer 500."""

    graphs: dict[str, bytes] = {}
    fail: str | None = None
    auth: list[str | None] = []

    def log_message(self, *args) -> None:
        pass

    def _graph(self) -> str:
        return urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)["graph"][0]

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        data = self.graphs.get(self._graph())
        self.send_response(200 if data is not None else 404)
        self.end_headers()
        self.wfile.write(data or b"")

    def do_PUT(self) -> None:  # noqa: N802
        self.auth.append(self.headers.get("Authorization"))
        body = self.rfile.read(int(self.headers["Content-Length"]))
        graph = self._graph()
        if self.fail and self.fail in graph:
            self.send_response(500)
            self.end_headers()
            return
        self.graphs[graph] = body
        self.send_response(204)
        self.end_headers()

    def do_DELETE(self) -> None:  # noqa: N802
        found = self.graphs.pop(self._graph(), None)
        self.send_response(204 if found is not None else 404)
        self.end_headers()


@pytest.fixture
def fake_store():
    FakeStore.graphs, FakeStore.fail, FakeStore.auth = {}, None, []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), FakeStore)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/store"
    httpd.shutdown()
    httpd.server_close()


def test_a_failed_publish_leaves_the_previous_graph_and_sends_it_next_time(fake_store, tmp_path, monkeypatch):
    monkeypatch.setenv("EA_STORE_TOKEN", "s3cret")
    _, agency = two_repos(tmp_path)
    model = ea_model.load(agency)
    client = Client(fake_store, retries=1, backoff=0.01)
    first = publish(model, client)
    assert len(first.sent) == 5 and set(FakeStore.auth) == {"Bearer s3cret"}
    prefix = first.prefix
    before = dict(FakeStore.graphs)
    uses = agency / "layers/uses.yaml"
    uses.write_text(uses.read_text(encoding="utf-8").replace("en: LGSP", "en: LGSP 2").replace(
        "plateaus: [target-2030]\n    source: {doc: doc-test, line: 12}", "plateaus: [baseline-2022]\n"
        "    source: {doc: doc-test, line: 12}"))
    changed = ea_model.load(agency)
    FakeStore.fail = "plateau/target-2030"  # the model graph goes first, then this one fails (after a retry)
    with pytest.raises(StoreError) as failed:
        publish(changed, client)
    assert "HTTP 500" in str(failed.value) and f"graphs sent before the failure: {prefix}model" in str(failed.value)
    assert FakeStore.graphs[f"{prefix}plateau/target-2030"] == before[f"{prefix}plateau/target-2030"]
    assert FakeStore.graphs[f"{prefix}model"] != before[f"{prefix}model"]
    recorded = read_manifest(client, prefix)
    assert recorded[f"{prefix}plateau/target-2030"].hash == first.sent[3].hash  # still the old content's hash
    FakeStore.fail = None
    retry = publish(changed, client)
    assert [g.iri for g in retry.sent] == [f"{prefix}plateau/target-2030"]
    assert ONTOLOGY_GRAPH in {g.iri for g in retry.skipped}


def test_credentials_are_never_options_and_urls_are_checked(ea, tmp_path):
    result = ea("publish", "--help")
    assert "--token" not in result.output and "--password" not in result.output and "EA_STORE_TOKEN" in result.output
    _, agency = two_repos(tmp_path)
    bad = ea("publish", "--repo", agency, "--to", "ftp://example.org/store")
    assert bad.exit_code == 2 and "is not an http(s) URL" in bad.stderr
    down = ea("publish", "--repo", agency, "--to", f"http://127.0.0.1:{free_port()}/store", "--retries", "0")
    assert down.exit_code == 2 and "is the store running?" in down.stderr


def test_endpoint_queries_are_read_only_and_refuse_service_before_sending(ea, tmp_path):
    _, agency = two_repos(tmp_path)
    nowhere = f"http://127.0.0.1:{free_port()}/query"
    update = ea("query", "sparql", "--repo", agency, "DELETE WHERE { ?s ?p ?o }", "--endpoint", nowhere)
    assert update.exit_code == 2 and "syntax error" in update.stderr
    service = ea("query", "sparql", "--repo", agency, "SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }",
                 "--endpoint", nowhere)
    assert service.exit_code == 2 and "SERVICE" in service.stderr


def test_store_serve_status_stop(ea, tmp_path):
    if not ENGINES["oxigraph"][0]():
        pytest.skip("the oxigraph server is not installed (pip install oxigraph)")
    data, port = tmp_path / "store", free_port()
    started = ea("store", "serve", "--data", data, "--port", port)
    try:
        assert started.exit_code == 0 and f"http://127.0.0.1:{port}/store" in started.output
        assert ea("store", "status", "--data", data).exit_code == 0
        _, agency = two_repos(tmp_path)
        assert ea("publish", "--repo", agency, "--to", f"http://127.0.0.1:{port}/store").exit_code == 0
    finally:
        stopped = ea("store", "stop", "--data", data)
    assert "stopped the store" in stopped.output
    assert ea("store", "status", "--data", data).exit_code == 1
