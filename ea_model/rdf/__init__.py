"""RDF for an ea repository: the ontology (`ea_model/ontology/ea.ttl`), the export, SHACL shapes, SPARQL
queries and the import back to YAML. See docs/rdf.md.

    from ea_model import load
    from ea_model.rdf import serialize, to_graph
    model = load(".")
    turtle = serialize(model, "turtle")          # bytes, sorted, built with pyoxigraph
    graph = to_graph(model)                      # an rdflib.Graph
"""


from __future__ import annotations

from typing import TYPE_CHECKING

from .. import lazy

# Imported on first use: the command line reads `rdf.syntax` for its option choices, and should not pay for
# the exporter to do so.
_EXPORTS = {"FORMATS": "syntax", "serialize": "export", "to_graph": "export", "triples": "export",
            "IriError": "iri", "Iris": "iri"}

__all__ = ["FORMATS", "IriError", "Iris", "serialize", "to_graph", "triples"]

if TYPE_CHECKING:
    from .export import serialize, to_graph, triples
    from .iri import IriError, Iris
    from .syntax import FORMATS


__getattr__ = lazy.exports(__name__, _EXPORTS)
