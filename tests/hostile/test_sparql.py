"""`ea query sparql` with hostile queries (12.5): SERVICE would send requests to other servers, updates and
LOAD would fetch and change data, a cartesian product would run for hours and take gigabytes. Each is
refused or stopped with one clear line and exit code 2; the loopback listener below proves that no request
left the process."""

from __future__ import annotations

import socket
import threading

import pytest

from .conftest import no_traceback, snapshot


class Listener:
    """A TCP port on loopback that records every connection (and the first bytes sent), answering nothing."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.requests: list[bytes] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/sparql"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return  # closed
            with conn:
                conn.settimeout(5)
                try:
                    self.requests.append(conn.recv(4096))
                except OSError:
                    self.requests.append(b"")

    def close(self) -> None:
        if self.thread.is_alive():
            # close() alone leaves accept() blocked; shutdown wakes it
            self.sock.shutdown(socket.SHUT_RDWR)
            self.thread.join()
        self.sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


def sparql(ea, root, *args):
    result = ea("query", "sparql", "--repo", root, *args)
    no_traceback(result)
    return result


@pytest.mark.parametrize("query", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ <http://x/it's> ?p ?o . SERVICE <{url}> {{ ?s ?p ?o }} <http://x/b'> ?p ?o }}",
    "SELECT * WHERE {{ ?s :a\\#x ?o . SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
])
def test_service_is_refused_and_sends_nothing(repo, ea, listener, outside, query):
    root = repo()
    before = snapshot(root)
    result = sparql(ea, root, query.format(url=listener.url))
    assert result.exit_code == 2
    assert result.stderr == ("error: the query uses SERVICE, which sends requests to other servers: refused (give "
                             "--allow-service to run it)\n")
    listener.close()
    assert listener.requests == []
    assert snapshot(root) == before and snapshot(outside) == {}


def test_service_runs_when_allowed(repo, ea, listener):
    result = sparql(ea, repo(), f"SELECT * WHERE {{ SERVICE SILENT <{listener.url}> {{ ?s ?p ?o }} }}",
                    "--allow-service")
    assert result.exit_code == 0, result.stderr
    listener.close()
    assert len(listener.requests) == 1 and listener.requests[0].startswith(b"POST /sparql ")


@pytest.mark.parametrize("query", ["LOAD <{url}>", "LOAD <{url}> INTO GRAPH <http://x/g>",
                                   "INSERT DATA {{ <http://x/a> <http://x/b> <http://x/c> }}",
                                   "DELETE WHERE {{ ?s ?p ?o }}", "CLEAR ALL"])
def test_updates_and_load_are_refused(repo, ea, listener, query):
    root = repo()
    before = snapshot(root)
    result = sparql(ea, root, query.format(url=listener.url))
    assert result.exit_code == 2
    assert result.stderr.startswith("error: SPARQL syntax error: ")
    listener.close()
    assert listener.requests == [] and snapshot(root) == before


def test_from_a_remote_graph_fetches_nothing(repo, ea, listener):
    result = sparql(ea, repo(), f"SELECT * FROM <{listener.url}> WHERE {{ ?s ?p ?o }}")
    assert result.exit_code == 0
    listener.close()
    assert listener.requests == []


CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"  # (model + ontology triples)^2: about 30 million rows


def test_a_cartesian_product_stops_at_the_default_row_limit(repo, ea):
    result = sparql(ea, repo(), CARTESIAN)
    assert result.exit_code == 2
    assert result.output == ""
    assert result.stderr == ("error: the query returns more than 100,000 rows: stopped (narrow it, add LIMIT, or "
                             "give --max-rows)\n")


def test_max_rows_bounds_select_and_construct(repo, ea):
    root = repo()
    result = sparql(ea, root, CARTESIAN, "--max-rows", "1000")
    assert result.exit_code == 2 and "more than 1,000 rows: stopped" in result.stderr
    construct = sparql(ea, root, "CONSTRUCT { ?a ?b ?f } WHERE { ?a ?b ?c . ?d ?e ?f }", "--max-rows", "1000")
    assert construct.exit_code == 2 and "more than 1,000 triples: stopped" in construct.stderr
    small = sparql(ea, root, "SELECT ?e WHERE { ?e ea:plateau plateau:target-2030 } LIMIT 3", "--max-rows", "3")
    assert small.exit_code == 0 and "3 row(s)" in small.stderr


def test_a_query_running_past_the_timeout_is_stopped(repo, ea):
    # counts a cube of the graph: no rows to hold, so only time stops it
    result = sparql(ea, repo(), "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", "--timeout", "1")
    assert result.exit_code == 2
    assert result.stderr == "error: the query ran longer than 1 s: stopped (narrow it, or give --timeout)\n"


def test_a_query_needing_too_much_memory_is_stopped(repo, ea, monkeypatch):
    from ea_model.rdf import query

    monkeypatch.setattr(query, "MAX_QUERY_MEMORY", 256 * 2**20)
    # sorting 30 million rows holds them all; the row limit never sees one
    result = sparql(ea, repo(), CARTESIAN + " ORDER BY ?c ?f", "--timeout", "600")
    assert result.exit_code == 2
    assert result.stderr == ("error: the query needed more than 256 MiB of memory: stopped (narrow it, or add "
                             "LIMIT)\n")


@pytest.mark.parametrize("option, value", [("--timeout", "0"), ("--timeout", "-1"), ("--max-rows", "0")])
def test_limits_must_be_positive(repo, ea, option, value):
    result = sparql(ea, repo(), "ASK {}", option, value)
    assert result.exit_code == 2 and f"Invalid value for '{option}'" in result.stderr


def test_the_common_prefixes_are_predeclared(repo, ea):
    query = ("SELECT ?e WHERE { ?e a/rdfs:subClassOf* ea:Element ; dcterms:identifier ?id ; dct:identifier ?id ; "
             "ea:plateau plateau:baseline-2022 . ?e rdf:type ?t . FILTER(datatype(?id) = xsd:string) "
             "FILTER NOT EXISTS { ?e skos:notation ?x ; prov:wasDerivedFrom ?y ; org:unitOf ?z } } ORDER BY ?e")
    result = sparql(ea, repo(), query, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    # elements without `plateaus:` are in every plateau; app-portal is in the target only
    rows = result.output.splitlines()[1:]
    assert "https://example.org/ea/mini/app-collection" in rows and "https://example.org/ea/mini/dc-main" in rows
    assert "https://example.org/ea/mini/app-portal" not in rows


def test_csv_results_are_not_formulas(repo, ea):
    root = repo({"layers/x.yaml": 'elements:\n  - id: app-x\n    kind: platform\n'
                                  '    name: {vi: "=HYPERLINK(\\"http://evil\\",\\"x\\")"}\n'
                                  '    source: {doc: doc-test}\n    serves: [fn-collection]\n'})
    query = "SELECT ?n WHERE { <https://example.org/ea/mini/app-x> rdfs:label ?n }"
    result = ea("query", "sparql", query, "--format", "csv", "--repo", root)
    assert result.exit_code == 0, result.stderr
    assert result.output.splitlines()[1].startswith("\"'=HYPERLINK")
