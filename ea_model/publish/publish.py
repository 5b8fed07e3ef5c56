"""`ea publish`: send a repository's graphs to a SPARQL store, only those that changed.

Each graph is replaced whole in one request (Graph Store Protocol PUT; with `method="update"`, SPARQL Update:
the triples go to a staging graph in chunks, then one `MOVE` replaces the graph), so a publish that fails
half-way leaves every graph either as it was or as it is now, never half-written. The manifest graph
(`{prefix}manifest`) records, for each graph, the SHA-256 of its N-Triples, its triple count and the commit it
came from; it is written last and only names what was sent, so a graph whose PUT failed is sent again next time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ..model import Model
from ..rdf.export import IRI, Lit, nt_term
from ..rdf.vocab import EA, RDF_TYPE, XSD
from .client import Client, StoreError
from .graphs import Graph, build, graph_prefix, manifest_graph, plateau_graph

CHUNK_TRIPLES = 50_000  # triples per INSERT DATA request in update mode (stores cap request sizes)


@dataclass
class Outcome:
    sent: list[Graph] = field(default_factory=list)
    skipped: list[Graph] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    prefix: str = ""
    dry_run: bool = False

    @property
    def triples_sent(self) -> int:
        return sum(g.triples for g in self.sent)


@dataclass
class Entry:
    hash: str
    triples: int
    commit: str | None = None


def read_manifest(client: Client, prefix: str) -> dict[str, Entry]:
    """graph IRI -> what the store holds for it, from the manifest graph (empty when there is none)."""
    import pyoxigraph as ox

    data = client.get_graph(manifest_graph(prefix))
    if not data:
        return {}
    entries: dict[str, dict] = {}
    for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES):
        s, p, o = quad.subject.value, quad.predicate.value, quad.object
        entries.setdefault(s, {})[p] = o.value
    return {g: Entry(v.get(EA + "contentHash", ""), int(v.get(EA + "triples", 0) or 0), v.get(EA + "commit"))
            for g, v in entries.items() if EA + "contentHash" in v}


def manifest_ntriples(model: Model, entries: dict[str, Entry]) -> bytes:
    lines = []
    for graph, e in sorted(entries.items()):
        lines.append(f"<{graph}> <{RDF_TYPE}> {nt_term(IRI(EA + 'PublishedGraph'))} .")
        lines.append(f"<{graph}> <{EA}contentHash> {nt_term(Lit(e.hash))} .")
        lines.append(f"<{graph}> <{EA}triples> {nt_term(Lit(str(e.triples), XSD + 'integer'))} .")
        lines.append(f"<{graph}> <{EA}repository> {nt_term(IRI(model.manifest.base_iri))} .")
        if e.commit:
            lines.append(f"<{graph}> <{EA}commit> {nt_term(Lit(e.commit))} .")
    return ("\n".join(sorted(lines)) + "\n").encode("utf-8") if lines else b""


def commit_of(model: Model) -> str | None:
    from ..gitinfo import model_state

    state = model_state(model)
    if state.commit is None:
        return None
    return state.commit if state.clean else f"{state.commit}+modified"  # the work tree is not that commit


def publish(model: Model, client: Client, *, graph_prefix_iri: str | None = None, plateaus: list[str] | None = None,
            dry_run: bool = False, force: bool = False, method: str = "gsp", update_url: str | None = None,
            progress: Callable[[str], None] | None = None) -> Outcome:
    """Send the graphs of `model` whose content differs from what the store's manifest graph records."""
    prefix = graph_prefix(model, graph_prefix_iri)
    graphs = build(model, prefix, plateaus)
    known = read_manifest(client, prefix)
    out = Outcome(prefix=prefix, dry_run=dry_run)
    commit = commit_of(model)
    done = dict(known)
    failure: StoreError | None = None
    for g in graphs:
        if not force and known.get(g.iri) and known[g.iri].hash == g.hash:
            out.skipped.append(g)
            continue
        if dry_run:
            out.sent.append(g)
            continue
        if progress:
            progress(f"sending {g.iri} ({g.triples:,} triples)")
        try:
            _replace(client, g, method, update_url)
        except StoreError as exc:
            failure = exc
            break
        out.sent.append(g)
        done[g.iri] = Entry(g.hash, g.triples, commit)
    if not dry_run and (out.sent or failure):
        try:
            client.put_graph(manifest_graph(prefix), manifest_ntriples(model, done))
        except StoreError as exc:
            failure = failure or exc  # the graphs are in place; the next publish compares and sends them again
    if failure:
        sent = ", ".join(g.iri for g in out.sent) or "none"
        raise StoreError(f"{failure} -- graphs sent before the failure: {sent}; the others keep their previous "
                         "content (run `ea publish` again to send the rest)")
    return out


def delete_plateau(model: Model, client: Client, plateau: str, graph_prefix_iri: str | None = None) -> bool:
    """Remove a plateau's graph from the store (and from its manifest). False when it was not there."""
    prefix = graph_prefix(model, graph_prefix_iri)
    iri = plateau_graph(prefix, plateau)
    existed = client.delete_graph(iri)
    known = read_manifest(client, prefix)
    if known.pop(iri, None) is not None:
        client.put_graph(manifest_graph(prefix), manifest_ntriples(model, known))
    return existed


def _replace(client: Client, g: Graph, method: str, update_url: str | None) -> None:
    if method == "gsp":
        client.put_graph(g.iri, g.data)
        return
    if not update_url:
        raise StoreError("--method update needs --update URL (the store's SPARQL Update endpoint)")
    staging = f"{g.iri}.staging"
    client.update(update_url, f"DROP SILENT GRAPH <{staging}>")
    lines = g.data.decode("utf-8").splitlines()
    for start in range(0, len(lines), CHUNK_TRIPLES):
        body = "\n".join(lines[start:start + CHUNK_TRIPLES])
        client.update(update_url, f"INSERT DATA {{ GRAPH <{staging}> {{\n{body}\n}} }}")
    # MOVE replaces the target by the staging graph in one operation; an empty graph has no staging graph.
    if lines:
        client.update(update_url, f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{g.iri}>")
    else:
        client.update(update_url, f"DROP SILENT GRAPH <{g.iri}>")
