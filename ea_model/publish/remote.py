"""`ea query sparql --endpoint URL`: the same query over any SPARQL 1.1 endpoint, with the local limits.

Read-only: the text must parse as a query (checked locally against an empty store before anything is sent, so
an update or LOAD never leaves this machine); SERVICE is refused unless allowed; the request is stopped after
`timeout` seconds and an answer of more than `max_rows` rows (or triples) is refused.
"""

from __future__ import annotations

import time

from ..rdf.query import Answer, QueryError, bind, uses_service
from .client import Client, StoreError

MAX_ANSWER = 512 * 1024 * 1024  # bytes of results read from a server
GRAPH_FORMATS = "application/n-triples"
RESULT_FORMATS = "application/sparql-results+json"


def with_prefixes(query: str, prefixes: dict[str, str]) -> str:
    """`query` with PREFIX lines for `prefixes` in front (its own PREFIX lines come after, so they win)."""
    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in sorted(prefixes.items()))
    return head + query


def _check_is_query(text: str):
    """The query's kind (select, ask, graph), by running it over an empty store: a syntax error or an update
    fails here, before the network."""
    import pyoxigraph as ox

    try:
        result = ox.Store().query(text)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    except (OSError, RuntimeError, ValueError, TypeError) as exc:
        raise QueryError(f"the query failed: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return "ask"
    return "select" if isinstance(result, ox.QuerySolutions) else "graph"


def run(endpoint: str, query: str, prefixes: dict[str, str], variables: dict[str, str] | None = None, *,
        allow_service: bool = False, timeout: float = 30.0, max_rows: int = 100_000) -> Answer:
    import pyoxigraph as ox

    text = with_prefixes(bind(query, variables or {}), prefixes)
    if not allow_service and uses_service(text):
        raise QueryError("the query uses SERVICE, which sends requests to other servers: refused (give "
                         "--allow-service to run it)")
    kind = _check_is_query(text)
    client = Client(endpoint, retries=0, timeout=timeout)
    start = time.monotonic()
    try:
        data = client.query(endpoint, text, accept=GRAPH_FORMATS if kind == "graph" else RESULT_FORMATS)
    except StoreError as exc:
        if time.monotonic() - start >= timeout:
            raise QueryError(f"the query ran longer than {timeout:g} s: stopped (narrow it, or give --timeout)"
                             ) from None
        raise QueryError(str(exc)) from None
    if len(data) > MAX_ANSWER:
        raise QueryError(f"the endpoint answered more than {MAX_ANSWER // 2**20} MiB: narrow the query")
    if kind == "graph":
        triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
        _bounded(len(triples), max_rows, "triples")
        return Answer("graph", [], [], triples=triples)
    try:
        result = ox.parse_query_results(data, format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError, OSError) as exc:
        raise QueryError(f"the endpoint's answer is not SPARQL JSON results: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return Answer("ask", [], [], boolean=bool(result))
    names = [v.value for v in result.variables]
    rows = []
    for row in result:
        rows.append([row[n] for n in names])
        _bounded(len(rows), max_rows, "rows")
    return Answer("select", names, rows)


def _bounded(n: int, max_rows: int | None, what: str) -> None:
    if max_rows is not None and n > max_rows:
        raise QueryError(f"the query returns more than {max_rows:,} {what}: stopped (narrow it, add LIMIT, or give "
                         "--max-rows)")
