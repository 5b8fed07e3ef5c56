"""`ea deps update`: fetch each git or graph dependency once and keep its element index in `.ea-deps/PREFIX.json`,
which `ea validate` (and every other command) then reads without touching the network. A path dependency is
read from disk at every load and needs no fetching."""

from __future__ import annotations

import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..deps import Dependency, Snapshot, snapshot_of, write_snapshot
from ..errors import EaError
from ..loader import load
from ..model import Model
from .client import NTRIPLES, Client


class DepsError(EaError):
    pass


@dataclass
class Fetched:
    prefix: str
    how: str  # path, git, graph
    elements: int
    commit: str | None = None


def update(model: Model, only: list[str] | None = None) -> list[Fetched]:
    out = []
    for dep in model.manifest.depends:
        if only and dep.prefix not in only:
            continue
        if dep.path:
            snap = model.dependencies.get(dep.prefix)
            out.append(Fetched(dep.prefix, "path", len(snap.elements) if snap else 0))
            continue
        snap = _from_git(dep) if dep.git else _from_graph(dep)
        write_snapshot(model.root, dep.prefix, snap)
        out.append(Fetched(dep.prefix, "git" if dep.git else "graph", len(snap.elements), snap.commit))
    return out


def _git(args: list[str], cwd: Path | None = None) -> str:
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0"}  # never wait for a password on a terminal
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise DepsError(f"git {args[0]}: {exc}") from None
    if done.returncode:
        raise DepsError(f"git {args[0]} failed: {done.stderr.strip()[-400:]}")
    return done.stdout.strip()


def _from_git(dep: Dependency) -> Snapshot:
    with tempfile.TemporaryDirectory(prefix="ea-dep-") as tmp:
        work = Path(tmp) / "repo"
        _git(["clone", "--quiet", "--no-checkout", "--", dep.git, str(work)])
        _git(["checkout", "--quiet", "--detach", dep.rev or "HEAD", "--"], cwd=work)
        commit = _git(["rev-parse", "HEAD"], cwd=work)
        try:
            other = load(work)
        except EaError as exc:
            raise DepsError(f"dependency '{dep.prefix}' ({dep.home}): {exc}") from None
        return snapshot_of(other, dep.home, commit)


def _from_graph(dep: Dependency) -> Snapshot:
    """The element index of a graph published by `ea publish` (its `.../graph/model` graph)."""
    import pyoxigraph as ox

    from ..metamodel import metamodel
    from ..rdf.export import builtin_kinds
    from ..rdf.vocab import DCT, EA, RDF_TYPE, RDFS, camel, type_class

    if not dep.endpoint:
        raise DepsError(f"dependency '{dep.prefix}': give `endpoint:` (the store's Graph Store URL) to fetch "
                        f"<{dep.graph}>; until then its snapshot .ea-deps/{dep.prefix}.json is used as it is")
    data = Client(dep.endpoint).get_graph(dep.graph)
    if data is None:
        raise DepsError(f"dependency '{dep.prefix}': the store {dep.endpoint} has no graph <{dep.graph}>")
    types = {type_class(t): t for t in metamodel().element_types}
    kinds = {EA + camel(k): k for k in builtin_kinds()}
    subjects: dict[str, dict] = {}
    base = ""
    for quad in ox.parse(data, format=ox.RdfFormat.N_TRIPLES, base_iri=None, content_type=NTRIPLES):
        s, p, o = quad.subject.value, quad.predicate.value, quad.object
        if p == RDF_TYPE and o.value == EA + "Architecture":
            base = s
        info = subjects.setdefault(s, {"name": {}})
        if p == DCT + "identifier":
            info["id"] = o.value
        elif p == RDF_TYPE and o.value in types:
            info["type"] = types[o.value]
        elif p == RDF_TYPE and o.value in kinds:
            info["kind"] = kinds[o.value]
        elif p == EA + "layer":
            info["layer"] = o.value
        elif p == RDFS + "label" and getattr(o, "language", None):
            info["name"][o.language] = o.value
        elif p == EA + "owner":
            info["owner_iri"] = o.value
        elif p == EA + "external":
            info["external"] = True
    return Snapshot(id=dep.prefix, base_iri=base, home=dep.graph, elements=_elements(subjects, base, dep.graph))


def _elements(subjects: dict[str, dict], base: str, graph: str) -> dict[str, dict]:
    """The element index from what the graph says of each subject (its own elements, not its external ones)."""
    ids = {s: i["id"] for s, i in subjects.items() if "id" in i}
    elements = {}
    for s, info in subjects.items():
        if "type" not in info or "id" not in info or info.get("external") or (base and not s.startswith(base)):
            continue
        elements[info["id"]] = {"type": info["type"], "kind": info.get("kind"), "layer": info.get("layer"),
                                "name": info["name"] or info["id"], "owner": ids.get(info.get("owner_iri", "")),
                                "plateaus": None, "file": graph, "line": 1}
    return elements
