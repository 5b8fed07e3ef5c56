"""SPARQL over the model: its export loaded into an in-memory pyoxigraph store.

The prefixes of the export (ea, eap, rdf, rdfs, owl, skos, dct, prov, org, dcat, xsd, archimate, `:` for the
repository's base IRI, `plateau:` and `rm:` for its plateaus and codes) and `dcterms:` (the other usual name
of dct:) are predeclared, so saved queries need no PREFIX lines.
"""

from __future__ import annotations

import multiprocessing
import os
import re
from dataclasses import dataclass

from ..errors import EaError
from ..model import Model
from .export import Lit, nt_term, ntriples, prefixes, scalar
from .vocab import DCT, XSD


class QueryError(EaError):
    pass


@dataclass
class Answer:
    """`kind` is select, ask or graph; rows hold pyoxigraph terms (None where unbound)."""

    kind: str
    variables: list[str]
    rows: list[list]
    boolean: bool | None = None
    triples: list | None = None


def query_prefixes(model: Model) -> dict[str, str]:
    return {**prefixes(model), "dcterms": DCT}


def store(model: Model, ontology: bool = True):
    """The model's triples, and (unless `ontology` is false) the ontology's: class and property labels,
    rdfs:subClassOf (so `?e a/rdfs:subClassOf* ea:Element` works), kinds' identifiers."""
    import pyoxigraph as ox

    from .ontology import ONTOLOGY_FILE

    s = ox.Store()
    s.bulk_load(ntriples(model), format=ox.RdfFormat.N_TRIPLES)
    if ontology:
        s.bulk_load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)
    return s


def term(value: str):
    """A --var value: <IRI>, or a literal typed like YAML would (integer, decimal, boolean, ISO date, text)."""
    import pyoxigraph as ox

    if value.startswith("<") and value.endswith(">"):
        return ox.NamedNode(value[1:-1])
    parsed = value
    if re.fullmatch(r"-?\d+", value):
        parsed = int(value)
    elif re.fullmatch(r"-?\d+\.\d*", value):
        parsed = float(value)
    elif value in ("true", "false"):
        parsed = value == "true"
    lit = scalar(parsed)
    return ox.Literal(lit.value, datatype=ox.NamedNode(lit.datatype or XSD + "string"))


def sparql_term(value: str) -> str:
    """A --var value written in SPARQL syntax."""
    t = term(value)
    if t.__class__.__name__ == "NamedNode":
        return f"<{t.value}>"
    return nt_term(Lit(t.value, t.datatype.value if t.datatype.value != XSD + "string" else None))


def bind(query: str, variables: dict[str, str]) -> str:
    """Replace each ?NAME (or $NAME) of `variables` by its value, outside IRIs, strings and comments, so that
    a saved query can default a parameter with COALESCE(?NAME, default)."""
    if not variables:
        return query
    for name in variables:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"'{name}' is not a SPARQL variable name")
    values = {name: sparql_term(v) for name, v in variables.items()}
    token = re.compile(r'(<[^<>"{}|^`\\\s]*>)|("(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\')|(#[^\n]*)|[?$]('
                       + "|".join(map(re.escape, sorted(values, key=len, reverse=True))) + r")(?![A-Za-z0-9_])")
    return token.sub(lambda m: values[m.group(4)] if m.group(4) else m.group(0), query)


DEFAULT_TIMEOUT = 30.0  # seconds
DEFAULT_MAX_ROWS = 100_000  # the whole BHXH graph is 40,000 triples
MAX_QUERY_MEMORY = 1024 ** 3  # bytes the evaluation may add: ORDER BY over a cartesian product would take all


def run(model: Model, query: str, variables: dict[str, str] | None = None, graph=None, *,
        allow_service: bool = False, timeout: float | None = DEFAULT_TIMEOUT,
        max_rows: int | None = DEFAULT_MAX_ROWS) -> Answer:
    """Run `query` over the model (or the store `graph`). SERVICE (a request to another server) is refused
    unless `allow_service`; updates and LOAD are not queries and fail to parse. The evaluation runs in a child
    process that is stopped after `timeout` seconds or MAX_QUERY_MEMORY more bytes, and more than `max_rows`
    rows (or triples) stop it too: QueryError each time."""
    text = bind(query, variables or {})
    if not allow_service and uses_service(text):
        raise QueryError("the query uses SERVICE, which sends requests to other servers: refused (give "
                         "--allow-service to run it)")
    graph = store(model) if graph is None else graph
    job = _Job(graph, text, query_prefixes(model), max_rows)
    if timeout is None or "fork" not in multiprocessing.get_all_start_methods():
        return job.run()
    return _in_child(job, timeout)


# Where a keyword cannot be: IRIs, strings (long ones first), comments, and escapes of local names (`\\#`
# is not a comment). One left-to-right scan, as the parser reads, so an apostrophe inside an IRI cannot open a
# "string" that hides a keyword.
_HIDING = re.compile(r'\\.|<[^<>"{}|^`\\\s]*>|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\'|'
                     r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*')
_SERVICE = re.compile(r"(?<![\w:?$.-])SERVICE(?![\w:-])", re.IGNORECASE)
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def uses_service(query: str) -> bool:
    """Whether `query` holds the SERVICE keyword, read with and without \\u escapes (SPARQL allows them
    anywhere; a parser that decodes them first would see a keyword the plain text hides)."""
    decoded = _CODEPOINT.sub(lambda m: _char(m.group(1) or m.group(2)), query)
    return any(_SERVICE.search(_HIDING.sub(" ", text)) for text in {query, decoded})


def _char(hex_digits: str) -> str:
    code = int(hex_digits, 16)
    return chr(code) if code <= 0x10FFFF else "\ufffd"


@dataclass
class _Job:
    graph: object
    text: str
    prefixes: dict[str, str]
    max_rows: int | None

    def run(self) -> Answer:
        import pyoxigraph as ox

        try:
            result = self.graph.query(self.text, prefixes=self.prefixes)
            if isinstance(result, ox.QueryBoolean):
                return Answer("ask", [], [], boolean=bool(result))
            if isinstance(result, ox.QuerySolutions):
                names = [v.value for v in result.variables]
                return Answer("select", names, [[row[n] for n in names] for row in self.bounded(result, "rows")])
            return Answer("graph", [], [], triples=list(self.bounded(result, "triples")))
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except (OSError, RuntimeError, ValueError, TypeError) as exc:  # evaluation errors of pyoxigraph
            raise QueryError(f"the query failed: {exc}") from None

    def bounded(self, items, what: str):
        for n, item in enumerate(items, 1):
            if self.max_rows is not None and n > self.max_rows:
                raise QueryError(f"the query returns more than {self.max_rows:,} {what}: stopped (narrow it, add "
                                 "LIMIT, or give --max-rows)")
            yield item


def _in_child(job: _Job, timeout: float) -> Answer:
    """`job` in a forked child (it shares the store without copying it), killed after `timeout` seconds; the
    answer comes back pickled through a pipe."""
    ctx = multiprocessing.get_context("fork")
    receiver, sender = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(job, sender), daemon=True)
    child.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise QueryError(f"the query ran longer than {timeout:g} s: stopped (narrow it, or give --timeout)")
        try:
            status, payload = receiver.recv()
        except (EOFError, OSError):
            status, payload = "memory", None  # the child died: the allocator aborts when the limit is hit
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    if status == "ok":
        return payload
    if status == "memory":
        raise QueryError(f"the query needed more than {MAX_QUERY_MEMORY // 2**20:,} MiB of memory: stopped "
                         "(narrow it, or add LIMIT)")
    raise QueryError(payload)


def _child(job: _Job, sender) -> None:
    import faulthandler

    # the allocator aborts at the memory limit: the parent reports it, without the abort's noise
    faulthandler.disable()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    _limit_memory(MAX_QUERY_MEMORY)
    try:
        sender.send(("ok", job.run()))
    except QueryError as exc:
        sender.send(("error", str(exc)))
    except MemoryError:
        sender.send(("memory", None))


def _limit_memory(extra: int) -> None:
    """Let this process map at most `extra` bytes more than it has now."""
    import resource

    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            size = int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        limit = size + extra
        _, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (OSError, ValueError):
        pass  # no /proc, or a limit we may not change: the timeout still applies


def short(model: Model, t) -> str:
    """A term for people: prefixed IRIs (`:app-vssid`), literals as their text."""
    import pyoxigraph as ox

    if t is None:
        return ""
    if isinstance(t, ox.NamedNode):
        iri = t.value
        for prefix, ns in sorted(prefixes(model).items(), key=lambda kv: -len(kv[1])):
            if iri.startswith(ns) and "/" not in iri[len(ns):] and iri != ns:
                return f"{prefix}:{iri[len(ns):]}"
        return f"<{iri}>"
    if isinstance(t, ox.Literal):
        return t.value
    return str(t)


def csv_text(model: Model, answer: Answer) -> str:
    import io

    from ..csvsafe import writer

    buf = io.StringIO()
    w = writer(buf, lineterminator="\n")  # names such as `=HYPERLINK(...)` stay text in a spreadsheet
    w.writerow(answer.variables)
    for row in answer.rows:
        w.writerow([t.value if t is not None and hasattr(t, "value") else "" if t is None else str(t) for t in row])
    return buf.getvalue()


def json_data(answer: Answer) -> dict:
    """SPARQL 1.1 Query Results JSON."""
    import pyoxigraph as ox

    if answer.kind == "ask":
        return {"head": {}, "boolean": answer.boolean}

    def one(t):
        if isinstance(t, ox.NamedNode):
            return {"type": "uri", "value": t.value}
        if isinstance(t, ox.BlankNode):
            return {"type": "bnode", "value": t.value}
        out = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype is not None and t.datatype.value != XSD + "string":
            out["datatype"] = t.datatype.value
        return out

    return {"head": {"vars": answer.variables},
            "results": {"bindings": [{n: one(t) for n, t in zip(answer.variables, row, strict=True) if t is not None}
                                     for row in answer.rows]}}
