"""SPARQL over the model: its export loaded into an in-memory pyoxigraph store.

The prefixes of the export (ea, eap, rdf, rdfs, skos, dct, prov, org, dcat, xsd, archimate, and `:` for
the repository's base IRI) are predeclared, so saved queries need no PREFIX lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import EaError
from ..model import Model
from .export import Lit, nt_term, ntriples, prefixes, scalar
from .vocab import XSD


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


def run(model: Model, query: str, variables: dict[str, str] | None = None, graph=None) -> Answer:
    import pyoxigraph as ox

    graph = store(model) if graph is None else graph
    try:
        result = graph.query(bind(query, variables or {}), prefixes=prefixes(model))
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None
    if isinstance(result, ox.QueryBoolean):
        return Answer("ask", [], [], boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        rows = [[solution[n] for n in names] for solution in result]
        return Answer("select", names, rows)
    return Answer("graph", [], [], triples=list(result))


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
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
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
