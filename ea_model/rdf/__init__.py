"""RDF for an ea repository: the ontology (`ea_model/ontology/ea.ttl`), the export, SHACL shapes, SPARQL
queries and the import back to YAML. See docs/rdf.md.

    from ea_model import load
    from ea_model.rdf import serialize, to_graph
    model = load(".")
    turtle = serialize(model, "turtle")          # bytes, sorted, built with pyoxigraph
    graph = to_graph(model)                      # an rdflib.Graph
"""

from .export import FORMATS, serialize, to_graph, triples
from .iri import IriError, Iris

__all__ = ["FORMATS", "IriError", "Iris", "serialize", "to_graph", "triples"]
