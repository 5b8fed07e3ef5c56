"""model -> RDF: the triples of a repository, sorted, in Turtle, N-Triples, JSON-LD or RDF/XML.

The export makes the triples root by root (an element, a relationship, ...) in the order of their IRIs
(build.py) and writes them as it goes, sorted: N-Triples by ea itself; Turtle, JSON-LD and RDF/XML by
pyoxigraph from those N-Triples. Neither the triples nor the text are ever whole in memory. API users get the
triples as plain tuples (`IRI` and `Lit`, `triples`) or an rdflib Graph (`to_graph`). Mapping and examples:
docs/rdf.md.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from typing import BinaryIO

from ..model import Model
from ..model_snapshot import gc_paused
from .build import (
    IRI,
    TRUE,
    Builder,
    Lit,
    Triple,
    builtin_kinds,
    is_date,
    kind_class,
    nt_literal,
    nt_term,
    relationship_iris,
    remote_bases,
    scalar,
    sorted_subjects,
)
from .syntax import EXTENSIONS, FORMATS, SYNTAXES, oxigraph_format
from .vocab import PREFIXES, RDF_TYPE, archimate_class

ENGINES = ("oxigraph", "rdflib")
_CHUNK = 4096  # pieces of text joined before each write


def triples(model: Model) -> list[Triple]:
    """Every triple of the model, unsorted. Raises IriError when the manifest's base_iri is unusable."""
    with gc_paused():
        builder = Builder(model)
        out: list[Triple] = []
        add = out.append
        for root in builder.roots():
            s = root[0]
            for p, o in builder.make(root):
                add((s, p, o))
            for sub, entries in builder.owned:
                for p, o in entries:
                    add((sub, p, o))
            builder.owned.clear()
        for r in model.relationships:
            add(builder.direct(r))
        return out


class _Names(dict):
    """Predicate IRI -> its text in the output, made on first use."""

    def __init__(self, make: Callable[[str], str], first: dict[str, str]) -> None:
        super().__init__(first)
        self.make = make

    def __missing__(self, iri: str) -> str:
        text = self[iri] = self.make(iri)
        return text


def write_ntriples(model: Model, write: Callable[[bytes], object]) -> int:
    """Canonical-style N-Triples, one triple a line, sorted by subject, then predicate (rdf:type first) and
    object, so that the same model always gives the same bytes; a fact stated twice (e.g. two sources citing
    one document) is one triple. Written in chunks through `write`; returns the number of triples."""
    with gc_paused():
        iri_terms: dict[str, str] = {}

        def iri(x: str) -> str:
            # An IRI object recurs (classes, plateaus, elements named by relationships): one text for all.
            term = iri_terms.get(x)
            if term is None:
                term = iri_terms[x] = f"<{x}>"
            return term

        names = _Names(lambda p: f"<{p}>", {"": f"<{RDF_TYPE}>"})
        lines: list[str] = []
        add = lines.append
        count = 0
        for s, entries in sorted_subjects(Builder(model, iri, nt_literal, "")):
            entries.sort()
            head, last = f"<{s}> ", None
            for entry in entries:
                if entry != last:
                    add(f"{head}{names[entry[0]]} {entry[1]} .\n")
                    last = entry
            if len(lines) > _CHUNK:
                count += len(lines)
                write("".join(lines).encode("utf-8"))
                lines.clear()
        count += len(lines)
        write("".join(lines).encode("utf-8"))
        return count


def ntriples(model: Model, items: list[Triple] | None = None) -> bytes:
    """The sorted N-Triples of `write_ntriples` as one text: of the whole model, or of `items` (some of its
    triples, as `triples` gives them)."""
    if items is None:
        out = io.BytesIO()  # its getvalue() hands over the buffer: no second copy of the whole text
        write_ntriples(model, out.write)
        return out.getvalue()
    with gc_paused():
        by_subject: dict[str, list] = {}
        for s, p, o in items:
            entries = by_subject.get(s)
            if entries is None:
                entries = by_subject[s] = []
            entries.append(("" if p == RDF_TYPE else p, nt_term(o)))
        out = io.BytesIO()
        for s in sorted(by_subject):
            lines, last = [], None
            for t in sorted(by_subject.pop(s)):
                if t != last:
                    lines.append(f"<{s}> <{t[0] or RDF_TYPE}> {t[1]} .\n")
                    last = t
            out.write("".join(lines).encode("utf-8"))
        return out.getvalue()


# ------------------------------------------------------------------------------------------ serialising
def prefixes(model: Model) -> dict[str, str]:
    """The export's prefixes: the vocabularies, `:` for the repository's base IRI, and `plateau:` and `rm:` for
    its plateaus and reference-model codes, whose IRIs have a `/` that a prefixed name after `:` cannot hold
    unescaped (`plateau:target-2030`, not `:plateau/target-2030`)."""
    base = model.manifest.base_iri
    return {**PREFIXES, "": base, "plateau": f"{base}plateau/", "rm": f"{base}rm/"}


def serialize(model: Model, fmt: str = "turtle", engine: str = "oxigraph", items: list[Triple] | None = None) -> bytes:
    """The model in `fmt` (one of FORMATS), built with pyoxigraph (default) or rdflib."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown RDF format '{fmt}' (use one of {', '.join(FORMATS)})")
    if engine == "rdflib":
        graph = to_graph(model, items)
        data = graph.serialize(format=SYNTAXES[fmt].rdflib, encoding="utf-8")
        return data if isinstance(data, bytes) else data.encode("utf-8")
    if items is None and fmt == "ntriples":
        out = io.BytesIO()
        write(model, fmt, out)
        return out.getvalue()
    nt = ntriples(model, items)
    if fmt == "ntriples":
        return nt
    return convert(nt, fmt, prefixes(model))


def write(model: Model, fmt: str, out: BinaryIO) -> int:
    """The model in `fmt` written to the binary stream `out`, the bytes `serialize` gives; returns the number
    of triples. N-Triples are written as they are made; Turtle, JSON-LD and RDF/XML by pyoxigraph, which reads
    them from a temporary N-Triples file and writes as it goes."""
    if fmt == "ntriples":
        return write_ntriples(model, out.write)
    if fmt not in FORMATS:
        raise ValueError(f"unknown RDF format '{fmt}' (use one of {', '.join(FORMATS)})")
    import pyoxigraph as ox

    with tempfile.TemporaryFile() as nt:
        count = write_ntriples(model, nt.write)
        nt.seek(0)
        quads = ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
        ox.serialize(quads, out, format=oxigraph_format(fmt), prefixes=prefixes(model) if fmt != "jsonld" else None)
    return count


def convert(nt: bytes, fmt: str, prefix_map: dict[str, str] | None = None) -> bytes:
    """Sorted N-Triples -> another syntax with pyoxigraph, keeping the order."""
    import pyoxigraph as ox

    quads = ox.parse(nt, format=ox.RdfFormat.N_TRIPLES)
    used = prefix_map if fmt != "jsonld" else None
    # The quads (all in the default graph) go straight back to pyoxigraph: no Python object per triple.
    return ox.serialize(quads, format=oxigraph_format(fmt), prefixes=used)


def to_graph(model: Model, items: list[Triple] | None = None):
    """The model as an rdflib Graph, with the export's prefixes bound."""
    from rdflib import Graph, Literal, URIRef

    graph = Graph(bind_namespaces="none")
    for prefix, ns in prefixes(model).items():
        graph.bind(prefix, ns, override=True, replace=True)
    uris: dict[str, URIRef] = {}
    add = graph.add
    for s, p, o in triples(model) if items is None else items:
        su = uris.get(s) or uris.setdefault(s, URIRef(s))
        pu = uris.get(p) or uris.setdefault(p, URIRef(p))
        if isinstance(o, Lit):
            if o.lang:
                ou = Literal(o.value, lang=o.lang)
            else:
                ou = Literal(o.value, datatype=URIRef(o.datatype) if o.datatype else None)
        else:
            ou = uris.get(o) or uris.setdefault(o, URIRef(o))
        add((su, pu, ou))
    return graph


__all__ = [
    "ENGINES", "EXTENSIONS", "FORMATS", "IRI", "TRUE", "Lit", "Triple", "archimate_class", "builtin_kinds",
    "convert", "is_date", "kind_class", "nt_literal", "nt_term", "ntriples", "prefixes", "relationship_iris",
    "remote_bases", "scalar", "serialize", "to_graph", "triples", "write", "write_ntriples",
]
