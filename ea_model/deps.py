"""Repositories that reference each other: `ea.yaml` `depends:` and the read-only external elements it brings.

A dependency has a prefix and one home:

    depends:
      - prefix: nat
        path: examples/national                  # another repository on disk, read as it is at every load
      - prefix: moh
        git: https://git.example.gov.vn/moh/ea.git
        rev: v2.1                                 # fetched by `ea deps update` into .ea-deps/
      - prefix: mps
        graph: https://ea.example.gov.vn/graph/mps/target-2030
        endpoint: https://sparql.example.gov.vn/store   # published with `ea publish`; fetched by `ea deps update`

An element refers to `nat:ext-ndxp`; the loader adds the remote element `ext-ndxp` to the model under that id,
marked external (`Element.home`), so that validation, graph, render, gap, RDF and the site see one model.
Only the remote elements this repository refers to (and their owners) come in: the model holds what it uses,
not the dependency's facts. Git and graph dependencies are read from the snapshot `ea deps update` wrote
(`.ea-deps/PREFIX.json`), so validation never touches the network.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import write_text
from .model import Element

if TYPE_CHECKING:
    from .model import Model

CACHE_DIR = ".ea-deps"
SNAPSHOT_VERSION = 1
PREFIX_PATTERN = r"^[a-z][a-z0-9-]{0,30}$"
_REF = re.compile(r"^([a-z][a-z0-9-]{0,30}):(.+)$")
MAX_SNAPSHOT = 64 * 1024 * 1024  # bytes: a national repository's element index is a few MB


@dataclass
class Dependency:
    """One entry of `depends:`; `line` is where it is in ea.yaml (for errors)."""

    prefix: str
    line: int
    path: str | None = None
    git: str | None = None
    rev: str | None = None
    graph: str | None = None
    endpoint: str | None = None

    @property
    def home(self) -> str:
        """Where the dependency lives, for people and for links: the path, the git URL@rev or the graph IRI."""
        if self.path:
            return self.path
        if self.git:
            return f"{self.git}@{self.rev or 'HEAD'}"
        return self.graph or ""


@dataclass
class Snapshot:
    """What a dependency exports to its dependents: its identity and an index of its elements."""

    id: str
    base_iri: str
    home: str
    name: dict | str = ""
    commit: str | None = None
    elements: dict[str, dict] = field(default_factory=dict)  # id -> {type, kind, layer, name, owner, plateaus, ...}

    def as_json(self) -> str:
        data = {"version": SNAPSHOT_VERSION, "id": self.id, "name": self.name, "base_iri": self.base_iri,
                "home": self.home, "commit": self.commit,
                "elements": [{"id": k, **v} for k, v in sorted(self.elements.items())]}
        return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def dependencies(raw_manifest: dict) -> list[Dependency]:
    """The `depends:` entries of a manifest (already checked against the manifest schema)."""
    items = raw_manifest.get("depends") or []
    out = []
    for item in items:
        out.append(Dependency(prefix=item["prefix"], line=getattr(item, "line", 1),
                              path=item.get("path"), git=item.get("git"), rev=item.get("rev"),
                              graph=item.get("graph"), endpoint=item.get("endpoint")))
    return out


def split_ref(ref: str) -> tuple[str, str] | None:
    """`nat:ext-ndxp` -> ("nat", "ext-ndxp"); None for a local id (local ids never hold ':')."""
    m = _REF.match(ref)
    return (m.group(1), m.group(2)) if m else None


def snapshot_of(model: Model, home: str, commit: str | None = None) -> Snapshot:
    """The element index of a loaded repository (local ids; its own external elements are left out)."""
    elements = {}
    for el in model.elements.values():
        if el.home:
            continue
        elements[el.id] = {
            "type": el.type, "kind": el.kind, "layer": el.layer, "name": el.name, "owner": el.owner,
            "plateaus": el.plateaus, "file": el.file, "line": el.line,
        }
    m = model.manifest
    return Snapshot(id=m.id, base_iri=m.base_iri, home=home, name=m.name, commit=commit, elements=elements)


def snapshot_path(root: Path, prefix: str) -> Path:
    return root / CACHE_DIR / f"{prefix}.json"


def write_snapshot(root: Path, prefix: str, snap: Snapshot) -> Path:
    return write_text(snapshot_path(root, prefix), snap.as_json())


class SnapshotError(ValueError):
    pass


def read_snapshot(path: Path) -> Snapshot:
    """A snapshot written by `ea deps update`; SnapshotError (with the reason) when it cannot be used."""
    from .readlimit import TooLarge, read_bounded

    try:
        data = json.loads(read_bounded(path, MAX_SNAPSHOT).decode("utf-8"))
    except FileNotFoundError:
        raise SnapshotError("not fetched yet") from None
    except (OSError, TooLarge, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SnapshotError(f"unreadable ({exc})") from None
    if not isinstance(data, dict) or data.get("version") != SNAPSHOT_VERSION or not isinstance(
            data.get("elements"), list):
        raise SnapshotError(f"not a version-{SNAPSHOT_VERSION} snapshot")
    elements = {str(e["id"]): {k: v for k, v in e.items() if k != "id"}
                for e in data["elements"] if isinstance(e, dict) and "id" in e}
    return Snapshot(id=str(data.get("id", "")), base_iri=str(data.get("base_iri", "")), home=str(data.get("home", "")),
                    name=data.get("name") or "", commit=data.get("commit"), elements=elements)


def external_element(prefix: str, rid: str, info: dict, snap: Snapshot, known_plateaus: set[str],
                     known_kinds: set[str]) -> Element:
    """The remote element `rid` as a read-only element of this model, id `prefix:rid`.

    Its plateaus are kept where this repository has plateaus of the same id; a remote element whose plateaus
    are all unknown here is taken to exist in every plateau (the dependency's calendar is not ours)."""
    plateaus = info.get("plateaus")
    if isinstance(plateaus, list):
        plateaus = [p for p in plateaus if p in known_plateaus] or None
    kind = info.get("kind") if info.get("kind") in known_kinds else None
    owner = info.get("owner")
    name = info.get("name") or rid
    return Element(
        id=f"{prefix}:{rid}", type=info.get("type"), kind=kind, layer=info.get("layer"),
        name=name if isinstance(name, dict) else {"vi": str(name)},
        file=f"{prefix}:{info.get('file') or snap.home}", at=int(info.get("line") or 1),
        owner=f"{prefix}:{owner}" if isinstance(owner, str) else None,
        plateaus=plateaus, properties={"home": snap.home},
        tags=["external"], home=prefix,
    )


def referenced_ids(model: Model) -> set[str]:
    """Every id this model's elements, relationships and views refer to (prefixed or not)."""
    refs: set[str] = set()
    for rel in model.relationships:
        refs.add(rel.source)
        refs.add(rel.target)
    for el in model.elements.values():
        if el.owner:
            refs.add(el.owner)
        refs.update(el.replaces)
    for view in model.viewpoints.values():
        refs.update(_view_ids(view.select))
        for cluster in view.clusters:
            if isinstance(cluster, dict):
                refs.update(_view_ids(cluster.get("select") or {}))
    return refs


def _view_ids(select) -> list[str]:
    if not isinstance(select, dict):
        return []
    out = []
    for key in ("ids", "exclude", "owners"):
        value = select.get(key)
        if isinstance(value, list):
            out += [v for v in value if isinstance(v, str)]
    around = select.get("around")
    if isinstance(around, dict) and isinstance(around.get("id"), str):
        out.append(around["id"])
    return out
