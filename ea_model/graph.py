"""The model as a networkx MultiDiGraph, and pure functions over it (networkx is imported when a graph is
first built or searched: it costs a tenth of a second that `ea --help` should not pay)."""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import networkx as nx

    from .model import Model

# Relationships whose target depends on the source (the source "is used by" the target): for impact,
# a change to the source affects the target. For the others, the source depends on the target.
_SOURCE_USED_BY_TARGET = {"serving", "realization", "flow", "triggering", "assignment"}


def build_graph(model: Model) -> nx.MultiDiGraph:
    """Nodes are element ids (attribute `element`); edges carry `rel` (the Relationship) and `type`."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for eid in sorted(model.elements):
        g.add_node(eid, element=model.elements[eid])
    for rel in model.relationships:
        if rel.source in model.elements and rel.target in model.elements:
            g.add_edge(rel.source, rel.target, key=rel.key, rel=rel, type=rel.type)
    return g


def dependency_edges(g: nx.MultiDiGraph):
    """(dependency, dependent, rel) for every edge: if `dependency` changes, `dependent` is affected."""
    for u, v, data in g.edges(data=True):
        rel = data["rel"]
        if rel.type == "association":
            continue
        if rel.type in _SOURCE_USED_BY_TARGET:
            yield u, v, rel
        else:  # composition, aggregation, access, influence, specialization: the source uses the target
            yield v, u, rel


def impact(g: nx.MultiDiGraph, element_id: str, max_depth: int | None = None) -> dict[str, list]:
    """Everything that depends on `element_id`, transitively: id -> the path of relationships to it."""
    dependents: dict[str, list] = {}
    for dep, dependent, rel in dependency_edges(g):
        dependents.setdefault(dep, []).append((dependent, rel))
    for items in dependents.values():
        items.sort(key=lambda item: (item[0], item[1].key))
    paths: dict[str, list] = {}
    queue = deque([(element_id, [])])
    seen = {element_id}
    while queue:
        node, path = queue.popleft()
        if max_depth is not None and len(path) >= max_depth:
            continue
        for dependent, rel in dependents.get(node, []):
            if dependent not in seen:
                seen.add(dependent)
                paths[dependent] = [*path, rel]
                queue.append((dependent, paths[dependent]))
    return paths


def shortest_path(g: nx.MultiDiGraph, a: str, b: str) -> list | None:
    """The relationships on a shortest path between `a` and `b`, ignoring direction; None if none."""
    import networkx as nx

    undirected = nx.Graph()
    undirected.add_nodes_from(g.nodes)
    for u, v, data in sorted(g.edges(data=True), key=lambda e: e[2]["rel"].key):
        if not undirected.has_edge(u, v):
            undirected.add_edge(u, v, rel=data["rel"])
    try:
        nodes = nx.shortest_path(undirected, a, b)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return None
    return [undirected.edges[u, v]["rel"] for u, v in zip(nodes, nodes[1:], strict=False)]


def neighbourhood(g: nx.MultiDiGraph, element_id: str, depth: int) -> set[str]:
    """Ids within `depth` relationships of `element_id`, in either direction."""
    import networkx as nx

    return set(nx.single_source_shortest_path_length(g.to_undirected(as_view=True), element_id, cutoff=depth))
