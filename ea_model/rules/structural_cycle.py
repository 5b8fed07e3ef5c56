"""Composition and aggregation must not form a cycle.

A whole cannot be part of its own part: `A composed_of B` and `B composed_of A` (directly or through other
elements) has no meaning in ArchiMate, and it makes nested diagrams impossible to draw.

Failing:

    - id: fn-collection
      composed_of: [fn-registration]
    - id: fn-registration
      composed_of: [fn-collection]

`EA115 composition/aggregation cycle: fn-collection -> fn-registration -> fn-collection`

Passing: remove one of the two relationships (usually the one from the part back to the whole).
"""

from ..problems import Problem

CODE = "EA115"
NAME = "structural-cycle"
SEVERITY = "warning"
TYPES = ("composition", "aggregation")


def check(model):
    import networkx as nx

    graph = nx.DiGraph()
    where = {}
    for rel in model.relationships:
        if rel.type in TYPES and rel.source != rel.target:  # a self-relationship is EA116
            graph.add_edge(rel.source, rel.target)
            where.setdefault((rel.source, rel.target), rel)
    for component in sorted(map(sorted, nx.strongly_connected_components(graph))):
        if len(component) < 2:
            continue
        cycle = nx.find_cycle(graph.subgraph(component), source=component[0])
        path = " -> ".join([cycle[0][0], *(target for _, target in cycle)])
        first = where[cycle[0]]
        yield Problem(first.file, first.line, CODE, SEVERITY, f"composition/aggregation cycle: {path}",
                      "a whole cannot be part of its part: remove the relationship that points back")
