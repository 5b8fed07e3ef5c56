"""Scene -> Geometry with graphviz: `dot` computes where each shape goes and how each edge runs (`-Tjson`),
and nothing else; the drawing is ours (svg.py). Shapes go to graphviz at the size their text needs, with no
label, so graphviz reserves exactly the room the drawing takes.

Large views are laid out with graphviz's effort limits (network simplex and crossing minimisation stop
early): the picture is a little less tidy and an order of magnitude faster (benchmarks/bench_render.py).
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import dataclass, field, replace
from functools import lru_cache

import graphviz
from graphviz import nohtml

from ..errors import EaError
from . import bus, packing, text
from .notation import size
from .scene import Scene

POINTS_PER_INCH = 72
UPWARD = {"serving", "realization"}  # providers below their users, as in ArchiMate's layered views
BUNDLE = 4  # edges of one type into one shape from this many on share their end point
BIG = 300  # shapes from which graphviz's effort is limited
HUGE = 1000  # shapes from which clusters are not stacked: graphviz's crossing minimisation alone took 25 s at 2,000
INSTALL_HINT = "install graphviz: `apt-get install graphviz` (Debian/Ubuntu), or run `make setup`"

Box = tuple[float, float, float, float]  # x, y, w, h in points; origin top left, y downwards


class RenderError(EaError):
    pass


@dataclass
class Route:
    points: list[tuple[float, float]]  # cubic Bézier control points p0 c1 c2 p1 c1 c2 p2 ... (or a polyline)
    curved: bool = True
    label_at: tuple[float, float] | None = None


@dataclass
class Geometry:
    width: float
    height: float
    nodes: dict[str, Box]
    clusters: dict[str, Box]
    routes: dict[int, Route]  # index of scene.edges -> its route
    engine: str = "dot"
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def to_dot(scene: Scene, room: tuple[float, float] | None = None, found: list[Fan] | None = None) -> str:
    """The DOT source graphviz lays out: fixed-size unlabelled boxes, cluster frames with their titles, edges
    with their labels, and the invisible edges that arrange the picture (_arrange)."""
    style = scene.style
    font = text.FONT_FAMILY
    g = graphviz.Digraph(name="view", strict=False)
    graph = {"rankdir": scene.direction, "newrank": "true", "fontname": font, "outputorder": "edgesfirst",
             "ranksep": str(style.get("ranksep", 0.6)), "nodesep": str(style.get("nodesep", 0.3)),
             "splines": style.get("splines", "spline")}
    if room:  # the largest drawing the page takes: graphviz packs the layout tighter to fit it
        graph.update(size=f"{room[0] / POINTS_PER_INCH:.2f},{room[1] / POINTS_PER_INCH:.2f}", ratio="compress")
    if len(scene.nodes) >= BIG:
        graph.update(nslimit="0.5" if len(scene.nodes) >= HUGE else "2", nslimit1="2", mclimit="0.2",
                     searchsize="20", remincross="false")
    g.attr(**graph)
    g.attr("node", shape="box", fixedsize="true", label="")
    g.attr("edge", fontname=font, fontsize=str(size("edge")), dir="none")
    names = {eid: f"n{i}" for i, eid in enumerate(scene.nodes)}
    for i, (key, label, _) in enumerate(scene.clusters):
        with g.subgraph(name=f"cluster_{i}") as c:
            c.attr(label=nohtml(label), fontname=f"{font} Bold", fontsize=str(size("cluster")), margin="12",
                   id=f"c{i}")
            _add_nodes(c, scene, scene.groups[key], names)
    _add_nodes(g, scene, scene.groups.get("", []), names)
    found = fans(scene) if found is None else found
    section = _arrange(scene, g, names, found)
    bussed = {i for fan in found for i in fan.edges}
    heads: dict[tuple[str, str], int] = {}
    tails: dict[tuple[str, str], int] = {}
    ends = [_dot_ends(edge) for edge in scene.edges]
    for (tail, head), edge in zip(ends, scene.edges, strict=True):
        heads[(head, edge.type)] = heads.get((head, edge.type), 0) + 1
        tails[(tail, edge.type)] = tails.get((tail, edge.type), 0) + 1
    for i, ((tail, head), edge) in enumerate(zip(ends, scene.edges, strict=True)):
        if i in bussed:
            continue
        attrs = {"id": f"e{i}"}
        if edge.label:
            attrs["label"] = nohtml("\n".join(edge.label))
        if section.get(tail, 0) > section.get(head, 0):
            attrs["constraint"] = "false"  # against the stacking: the stack keeps the layers in order
        if heads[(head, edge.type)] >= BUNDLE:
            attrs["samehead"] = edge.type
        elif tails[(tail, edge.type)] >= BUNDLE:
            attrs["sametail"] = edge.type
        g.edge(names[tail], names[head], **attrs)
    return g.source


def _dot_ends(edge) -> tuple[str, str]:
    return (edge.target, edge.source) if edge.type in UPWARD else (edge.source, edge.target)


def _add_nodes(g, scene: Scene, ids: list[str], names: dict[str, str]) -> None:
    for eid in ids:
        node = scene.nodes[eid]
        g.node(names[eid], width=f"{node.w / POINTS_PER_INCH:.4f}", height=f"{node.h / POINTS_PER_INCH:.4f}")


def _arrange(scene: Scene, g, names: dict[str, str], found: list[Fan]) -> dict[str, int]:
    """Invisible edges that keep large views compact: the loose shapes of a cluster (those no drawn relationship
    touches), which graphviz would put side by side in one long rank, are packed into a grid of about the square
    root of their number (or `style.grid`) ranks; `style.stack` lines the clusters up along the rank direction
    (all of them, or in N sections); a view grouped by layer stacks its layers by default. Returns the section
    of each stacked shape."""
    style = scene.style
    touched = {e.source for e in scene.edges} | {e.target for e in scene.edges}
    for ids in scene.groups.values():
        _grid(g, names, [eid for eid in ids if eid not in touched], style.get("grid"))
    for fan in found:
        # the leaves in rows beside the hub, each row's first one ranked next to it; the bus draws their lines
        followers = set(_grid(g, names, fan.leaves, None))
        edge = scene.edges[fan.edges[0]]
        hub_first = _dot_ends(edge)[0] == fan.hub
        for leaf in fan.leaves:
            if leaf not in followers:
                pair = (names[fan.hub], names[leaf]) if hub_first else (names[leaf], names[fan.hub])
                g.edge(*pair, style="invis")
    keys = [key for key, _, _ in scene.clusters]
    stack = style.get("stack", scene.layered) if len(scene.nodes) < HUGE else False
    sections = _sections(keys, stack)
    for j, section in enumerate(sections):
        for key in section:
            top, bottom = f"top_{keys.index(key)}", f"bottom_{keys.index(key)}"
            for anchor in (top, bottom):
                g.node(anchor, shape="point", style="invis", width="0", height="0", fixedsize="true")
            firsts, lasts = _ends_of(scene, scene.groups[key])
            for eid in firsts:
                g.edge(top, names[eid], style="invis", weight="0")
            for eid in lasts:
                g.edge(names[eid], bottom, style="invis", weight="0")
            for before in sections[j - 1] if j else []:
                g.edge(f"bottom_{keys.index(before)}", top, style="invis", weight="0")
    return {eid: j for j, section in enumerate(sections) for key in section for eid in scene.groups[key]}


def _grid(g, names: dict[str, str], ids: list[str], ranks: int | None) -> list[str]:
    """Shapes that graphviz would put side by side in one long rank, chained into about the square root of their
    number of ranks (or `ranks`), so that they fill a rectangle instead of a line."""
    ranks = int(ranks if ranks is not None else math.ceil(math.sqrt(len(ids))) if len(ids) > 4 else 0)
    followers = []
    if ranks > 1:
        for start in range(0, len(ids), ranks):
            row = ids[start:start + ranks]
            for a, b in zip(row, row[1:], strict=False):
                g.edge(names[a], names[b], style="invis", weight="10")  # heavy: the row stays straight
            followers.extend(row[1:])
    return followers


FAN = 6  # leaves of one shape from which they are packed into rows and reached by one bus (bus.py)


@dataclass
class Fan:
    hub: str
    leaves: list[str]
    edges: list[int]  # indices into scene.edges


def fans(scene: Scene) -> list[Fan]:
    """The leaves (shapes with one relationship) hanging from one shape by one relationship type, in the same
    cluster, when there are many: a unit and its twenty departments, the users of forty services."""
    degree: dict[str, int] = {}
    for edge in scene.edges:
        for end in (edge.source, edge.target):
            degree[end] = degree.get(end, 0) + 1
    found: dict[tuple[str, str, str], Fan] = {}
    for i, edge in enumerate(scene.edges):
        for leaf, hub in ((edge.target, edge.source), (edge.source, edge.target)):
            if degree[leaf] == 1 and degree[hub] > 1 and not edge.label:
                fan = found.setdefault((hub, edge.type, scene.nodes[leaf].group), Fan(hub, [], []))
                fan.leaves.append(leaf)
                fan.edges.append(i)
    return [fan for _, fan in sorted(found.items()) if len(fan.leaves) >= FAN]


def _ends_of(scene: Scene, ids: list[str]) -> tuple[list[str], list[str]]:
    """The shapes of a cluster that its own lines do not already rank after (firsts) or before (lasts) another of
    its shapes: tying only those to the cluster's anchors stacks it as well as tying all, and graphviz lays out a
    500-shape view in a second instead of fifteen."""
    members = set(ids)
    after: dict[str, set[str]] = {}
    has_in: set[str] = set()
    has_out: set[str] = set()
    for edge in scene.edges:
        tail, head = _dot_ends(edge)
        if tail in members and head in members and tail != head:
            after.setdefault(tail, set()).add(head)
            has_in.add(head)
            has_out.add(tail)
    firsts = [eid for eid in ids if eid not in has_in]
    reached, todo = set(firsts), list(firsts)
    while todo:
        for nxt in after.get(todo.pop(), ()):
            if nxt not in reached:
                reached.add(nxt)
                todo.append(nxt)
    firsts += [eid for eid in ids if eid not in reached]  # on a cycle that no first leads into
    return firsts, [eid for eid in ids if eid not in has_out or eid not in reached]


def _sections(keys: list[str], stack: bool | int) -> list[list[str]]:
    """`stack: true`: each cluster after the other; `stack: N`: the clusters in N consecutive sections, those of
    one section side by side across the rank direction."""
    if stack is False or stack == 0 or len(keys) < 2:
        return []
    count = len(keys) if stack is True else min(int(stack), len(keys))
    step = math.ceil(len(keys) / count)
    return [keys[i:i + step] for i in range(0, len(keys), step)]


def run_dot(source: str, view_id: str) -> dict:
    return json.loads(_layout_json(source, view_id))


@lru_cache(maxsize=256)
def _layout_json(source: str, view_id: str) -> bytes:
    """graphviz's answer for one DOT source: fitting a view to pages lays the same cluster out many times."""
    try:
        return graphviz.Source(source, engine="dot").pipe(format="json")
    except graphviz.ExecutableNotFound as exc:
        raise RenderError(f"graphviz's `dot` program is not installed: {INSTALL_HINT}") from exc
    except graphviz.CalledProcessError as exc:
        raise RenderError(f"graphviz failed on view '{view_id}': {exc.stderr.decode(errors='replace')}") from exc


def _floats(value: str) -> list[float]:
    return [float(v) for v in value.replace("!", "").split(",")]


PACK_CROSSING = 0.5  # clusters are packed when at most this share of the lines runs between two of them


def packable(scene: Scene) -> bool:
    """Clusters that hardly touch, and no order among them to keep (stacked layers, the named blocks of a view):
    each is laid out alone and the clusters packed in rows."""
    if len(scene.clusters) < 2 or scene.layered or "stack" in scene.style and scene.style.get("stack") is True:
        return False
    if scene.style.get("pack") is False or len(scene.nodes) >= BIG:
        return False
    group = {eid: node.group for eid, node in scene.nodes.items()}
    across = sum(1 for e in scene.edges if group.get(e.source) != group.get(e.target))
    return across <= PACK_CROSSING * max(len(scene.edges), 1)


def compute(scene: Scene, room: tuple[float, float] | None = None) -> Geometry:
    """Where each shape, cluster frame, edge and edge label goes, y downwards: graphviz's layout of the view, or
    of each cluster packed in rows (packable); tighter when the drawing should fit `room` (width, height)."""
    if packable(scene):
        return _packed(scene, room)
    return _graphviz(scene, room)


def _part(scene: Scene, keys: list[str]) -> tuple[Scene, list[int]]:
    """The scene of some clusters only, and the index in `scene.edges` of each of its edges."""
    ids = [eid for key in keys for eid in scene.groups.get(key, [])]
    members = set(ids)
    kept = [i for i, e in enumerate(scene.edges) if e.source in members and e.target in members]
    sub = replace(scene, nodes={eid: scene.nodes[eid] for eid in ids}, edges=[scene.edges[i] for i in kept],
                  clusters=[c for c in scene.clusters if c[0] in keys], groups={k: scene.groups[k] for k in keys
                                                                              if k in scene.groups})
    return sub, kept


def _packed(scene: Scene, room: tuple[float, float] | None) -> Geometry:
    keys = [key for key, _, _ in scene.clusters] + ([""] if scene.groups.get("") else [])
    parts = [(_part(scene, [key]), None) for key in keys]
    laid = [(sub, kept, _graphviz(sub, None)) for (sub, kept), _ in parts]
    corners = packing.shelves([(g.width, g.height) for _, _, g in laid],
                              packing.width_for([(g.width, g.height) for _, _, g in laid], room))
    geometry = Geometry(0.0, 0.0, {}, {}, {}, notes=["clusters laid out one by one and packed in rows"])
    for (_, kept, g), (dx, dy) in zip(laid, corners, strict=True):
        geometry.seconds += g.seconds
        geometry.nodes.update({k: _moved(b, dx, dy) for k, b in g.nodes.items()})
        geometry.clusters.update({k: _moved(b, dx, dy) for k, b in g.clusters.items()})
        for i, route in g.routes.items():
            at = route.label_at
            geometry.routes[kept[i]] = Route([(round(x + dx, 2), round(y + dy, 2)) for x, y in route.points],
                                             route.curved, (round(at[0] + dx, 2), round(at[1] + dy, 2)) if at else None)
    for i, edge in enumerate(scene.edges):  # between clusters: straight, as an ArchiMate tool draws them
        if i not in geometry.routes and edge.source in geometry.nodes and edge.target in geometry.nodes:
            geometry.routes[i] = Route(straight(geometry.nodes[edge.source], geometry.nodes[edge.target]), False)
    boxes = list(geometry.nodes.values()) + list(geometry.clusters.values())
    geometry.width = round(max((b[0] + b[2] for b in boxes), default=0.0), 2)
    geometry.height = round(max((b[1] + b[3] for b in boxes), default=0.0), 2)
    return geometry


def _moved(box: Box, dx: float, dy: float) -> Box:
    return round(box[0] + dx, 2), round(box[1] + dy, 2), box[2], box[3]


def straight(a: Box, b: Box) -> list[tuple[float, float]]:
    """The segment between the centres of two boxes, cut at their borders."""
    ca = (a[0] + a[2] / 2, a[1] + a[3] / 2)
    cb = (b[0] + b[2] / 2, b[1] + b[3] / 2)
    return [_border(a, ca, cb), _border(b, cb, ca)]


def _border(box: Box, centre: tuple[float, float], toward: tuple[float, float]) -> tuple[float, float]:
    dx, dy = toward[0] - centre[0], toward[1] - centre[1]
    if dx == 0 and dy == 0:
        return centre
    scale = min((box[2] / 2) / abs(dx) if dx else float("inf"), (box[3] / 2) / abs(dy) if dy else float("inf"))
    return round(centre[0] + dx * scale, 2), round(centre[1] + dy * scale, 2)


def _graphviz(scene: Scene, room: tuple[float, float] | None) -> Geometry:
    started = time.perf_counter()
    found = fans(scene)
    data = run_dot(to_dot(scene, room, found), scene.view_id)
    seconds = time.perf_counter() - started
    x0, y0, x1, y1 = _floats(data["bb"])
    height = y1

    def flip(x: float, y: float) -> tuple[float, float]:
        return round(x - x0, 2), round(height - y, 2)

    ids = list(scene.nodes)
    geometry = Geometry(round(x1 - x0, 2), round(y1 - y0, 2), {}, {}, {}, seconds=seconds)
    if len(scene.nodes) >= HUGE:
        geometry.notes.append(f"{len(scene.nodes):,} shapes: laid out with graphviz's effort limits, clusters "
                              "not stacked")
    elif len(scene.nodes) >= BIG:
        geometry.notes.append(f"{len(scene.nodes):,} shapes: laid out with graphviz's effort limits")
    clusters = [key for key, _, _ in scene.clusters]
    for obj in data.get("objects", []):
        name = obj.get("name", "")
        if name.startswith("cluster_") and obj.get("bb"):
            bx0, by0, bx1, by1 = _floats(obj["bb"])
            left, top = flip(bx0, by1)
            geometry.clusters[clusters[int(name[8:])]] = (left, top, round(bx1 - bx0, 2), round(by1 - by0, 2))
        elif name.startswith("n") and name[1:].isdigit() and obj.get("pos"):
            cx, cy = _floats(obj["pos"])
            node = scene.nodes[ids[int(name[1:])]]
            left, top = flip(cx - node.w / 2, cy + node.h / 2)
            geometry.nodes[node.id] = (left, top, node.w, node.h)
    for edge in data.get("edges", []):
        ident = edge.get("id", "")
        if not ident.startswith("e") or "pos" not in edge:
            continue
        index = int(ident[1:])
        points = [flip(*_floats(p)) for p in edge["pos"].split() if not p.startswith(("s,", "e,"))]
        if scene.edges[index].type in UPWARD:
            points.reverse()
        label_at = flip(*_floats(edge["lp"])) if edge.get("lp") else None
        geometry.routes[index] = Route(points, True, label_at)
    clearance = min(12.0, float(scene.style.get("nodesep", 0.3)) * POINTS_PER_INCH / 2)
    for fan in found:
        if fan.hub not in geometry.nodes:
            continue
        lines = bus.routes(geometry.nodes[fan.hub], {leaf: geometry.nodes[leaf] for leaf in fan.leaves
                                                     if leaf in geometry.nodes}, scene.direction, clearance)
        for i in fan.edges:
            edge = scene.edges[i]
            leaf = edge.target if edge.source == fan.hub else edge.source
            if leaf in lines:
                points = lines[leaf] if edge.source == fan.hub else list(reversed(lines[leaf]))
                geometry.routes[i] = Route(points, curved=False)
    return geometry
