"""model -> the named graphs `ea publish` sends: each triple of `ea export rdf` in exactly one graph.

| graph | holds |
|---|---|
| `{prefix}model` | the repository, its kinds, every element and relationship (what they are, names, sources) |
| `{prefix}plateau/{id}` | the plateau, every `ea:plateau` membership in it, the elements' changes in it |
| `{prefix}reference-models` | the repository's and the framework's reference models (skos concept schemes) |
| the ontology IRI | the `ea:` vocabulary, shared by every repository published to the store |

No triple is in two graphs, because SPARQL stores (Oxigraph with its union default graph, Virtuoso) return a
triple once per graph that holds it: the union of a repository's graphs is its export, so a query over the
store gives the rows it gives over `ea export rdf`. Deleting a plateau graph removes the plateau and every
membership in it; the elements stay (they may live in other plateaus). External elements (`nat:ext-ndxp`) keep
only what this repository says of them (external, home, its plateaus): their types and names are their home
repository's to publish, and stating them twice would repeat rows.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..model import Model
from ..rdf.export import IRI, ntriples, triples
from ..rdf.iri import Iris, encode
from ..rdf.vocab import EA, RDFS

ONTOLOGY_GRAPH = EA.rstrip("#/")
_EXTERNAL_KEEP = (EA + "external", EA + "dependency", RDFS + "isDefinedBy", EA + "plateau")


@dataclass
class Graph:
    iri: str
    role: str  # model, plateau, reference-models, ontology
    data: bytes  # sorted N-Triples
    triples: int
    plateau: str | None = None

    @property
    def hash(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def graph_prefix(model: Model, prefix: str | None) -> str:
    """Where a repository's graphs are named: `--graph-prefix` + the repository id + `/`, else
    `{base_iri}graph/`."""
    if prefix:
        return f"{prefix}{encode(model.manifest.id)}/"
    return f"{model.manifest.base_iri}graph/"


def manifest_graph(prefix: str) -> str:
    return f"{prefix}manifest"


def plateau_graph(prefix: str, plateau: str) -> str:
    return f"{prefix}plateau/{encode(plateau)}"


def build(model: Model, prefix: str, plateaus: list[str] | None = None) -> list[Graph]:
    """The graphs of `model` (only the given plateaus' graphs when `plateaus` is set), in a stable order."""
    from ..rdf.export import remote_bases
    from ..rdf.ontology import ONTOLOGY_FILE

    iris = Iris(model.manifest.base_iri, remote_bases(model))
    plateau_of = {iris.plateau(pid): pid for pid in model.plateaus}
    change_of = {Iris.sub(iris.element(el.id), "change", pid): str(pid)
                 for el in model.elements.values() for pid in el.changes}
    external = {iris.element(el.id) for el in model.elements.values() if el.home}
    rm_roots = (f"{iris.base}scheme/", f"{iris.base}rm/")
    parts: dict[str, list] = {"model": [], "reference-models": [], **{pid: [] for pid in model.plateaus}}
    for t in triples(model):
        s, p, o = t
        if s in external and p not in _EXTERNAL_KEEP:
            continue
        parts[_part(s, p, o, plateau_of, change_of, rm_roots)].append(t)
    graphs = [Graph(f"{prefix}model", "model", *_nt(model, parts["model"])),
              Graph(f"{prefix}reference-models", "reference-models", *_nt(model, parts["reference-models"]))]
    for pid in model.plateau_order():
        if plateaus is None or pid in plateaus:
            graphs.append(Graph(plateau_graph(prefix, pid), "plateau", *_nt(model, parts[pid]), plateau=pid))
    data = _ontology_ntriples(str(ONTOLOGY_FILE))
    graphs.append(Graph(ONTOLOGY_GRAPH, "ontology", data, data.count(b"\n")))
    if plateaus is not None:
        graphs = [g for g in graphs if g.role == "plateau"]
    return graphs


def _part(s: str, p: str, o, plateau_of: dict, change_of: dict, rm_roots: tuple[str, str]) -> str:
    if p == EA + "plateau" and isinstance(o, IRI) and o in plateau_of and s not in plateau_of:
        return plateau_of[o]
    if p == EA + "change" and isinstance(o, IRI) and o in change_of:
        return change_of[o]
    owner = _owner(s, plateau_of, change_of)
    if owner is not None:
        return owner
    if s.startswith(rm_roots):
        return "reference-models"
    return "model"


def _owner(s: str, plateau_of: dict, change_of: dict) -> str | None:
    """The plateau a subject belongs to: the plateau itself, its sources, an element's change in it."""
    for table in (plateau_of, change_of):
        if s in table:
            return table[s]
    head, sep, _ = s.rpartition("/source/")
    if sep and head in plateau_of:
        return plateau_of[head]
    return None


def _nt(model: Model, items: list) -> tuple[bytes, int]:
    data = ntriples(model, items) if items else b""
    return data, data.count(b"\n")


def _ontology_ntriples(path: str) -> bytes:
    import pyoxigraph as ox

    quads = ox.parse(path=path, format=ox.RdfFormat.TURTLE)
    lines = sorted({str(q.triple) + " .\n" for q in quads})
    return "".join(lines).encode("utf-8")

