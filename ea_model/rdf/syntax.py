"""The RDF syntaxes the export writes and the import reads: one table for names, file extensions and each
library's name of the syntax."""

from __future__ import annotations

from typing import NamedTuple


class Syntax(NamedTuple):
    extension: str  # what the export's files end with
    also: tuple[str, ...]  # other extensions the import recognises
    oxigraph: str  # the pyoxigraph.RdfFormat member
    rdflib: str  # rdflib's format name


SYNTAXES: dict[str, Syntax] = {
    "turtle": Syntax("ttl", ("turtle",), "TURTLE", "turtle"),
    "ntriples": Syntax("nt", (), "N_TRIPLES", "nt"),
    "jsonld": Syntax("jsonld", ("json",), "JSON_LD", "json-ld"),
    "rdfxml": Syntax("rdf", ("xml", "owl"), "RDF_XML", "xml"),
}
FORMATS = tuple(SYNTAXES)
EXTENSIONS = {name: s.extension for name, s in SYNTAXES.items()}


def by_extension(extension: str) -> str | None:
    """The syntax of a file ending in `.extension`, or None."""
    ext = extension.lstrip(".").lower()
    return next((name for name, s in SYNTAXES.items() if ext == s.extension or ext in s.also), None)


def oxigraph_format(name: str):
    import pyoxigraph as ox

    return getattr(ox.RdfFormat, SYNTAXES[name].oxigraph)
