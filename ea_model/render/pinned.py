"""Layouts that stay put: node positions kept in `viewpoints/VIEW.layout.yaml` (`ea render --save-layout`) or
brought by an imported diagram (a view's `layout:`, from an ArchiMate exchange file), used instead of a fresh
graphviz layout so that a small change to the model does not reshuffle the picture.

Shapes keep their saved top-left corner; an element the file does not know yet goes into a row below the
picture, where a reviewer sees it, until the layout is saved again. Edges run straight between the borders of
their shapes, as ArchiMate tools draw them.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from ..atomic import write_text
from ..errors import EaError
from ..loader import LAYOUT_SUFFIX
from ..model import Model, Viewpoint
from ..readlimit import read_bounded
from .layout import Box, Geometry, Route, straight
from .notation import size
from .scene import Scene

SUFFIX = LAYOUT_SUFFIX
MAX_BYTES = 16 * 1024 * 1024  # a layout of 100,000 shapes is about 5 MB
GAP = 30.0  # between shapes placed in the row of new elements
FRAME = 12.0  # around the members of a cluster drawn from saved positions


def layout_path(model: Model, view: Viewpoint) -> Path | None:
    """`viewpoints/<view file>.layout.yaml` beside the view's own file; None for a view with no file (--focus)."""
    if not view.file:
        return None
    own = model.root / view.file
    return own.with_name(own.name[: -len(own.suffix)] + SUFFIX)


def load(model: Model, view: Viewpoint) -> dict[str, tuple[float, float]] | None:
    """The saved positions of the view (element id -> top-left corner), or None when it has none."""
    path = layout_path(model, view)
    if path is None or not path.is_file():
        return None
    rel = path.relative_to(model.root).as_posix()
    try:
        data = yaml.load(read_bounded(path, MAX_BYTES), Loader=yaml.CSafeLoader)
    except yaml.YAMLError as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", 0) + 1
        raise EaError(f"{rel}:{line}: not a layout file ({exc.__class__.__name__}); save it again with "
                      f"`ea render {view.id} --save-layout`") from None
    nodes = data.get("nodes") if isinstance(data, dict) else None
    if not isinstance(nodes, dict) or not all(
            isinstance(k, str) and isinstance(v, list) and len(v) == 2
            and all(isinstance(c, int | float) and not isinstance(c, bool) for c in v) for k, v in nodes.items()):
        raise EaError(f"{rel}:1: `nodes` must map element ids to [x, y] positions; save it again with "
                      f"`ea render {view.id} --save-layout`")
    return {k: (float(v[0]), float(v[1])) for k, v in nodes.items()}


def save(model: Model, view: Viewpoint, geometry: Geometry) -> Path:
    """Write the positions of `geometry` as the view's layout file (sorted, whole points: diff-friendly)."""
    path = layout_path(model, view)
    if path is None:
        raise EaError(f"view '{view.id}' has no file to keep a layout beside; save layouts of views in viewpoints/")
    nodes = {eid: [round(box[0]), round(box[1])] for eid, box in sorted(geometry.nodes.items())}
    header = (f"# Positions of the shapes of view '{view.id}' (points, top-left corners), saved by\n"
              f"# `ea render {view.id} --save-layout`. `ea render` keeps them; move a shape by editing its numbers.\n")
    body = yaml.dump({"view": view.id, "nodes": nodes}, allow_unicode=True, sort_keys=False,
                     default_flow_style=None, width=120)
    write_text(path, header + body)
    return path


def from_positions(scene: Scene, positions: dict[str, tuple[float, float]]) -> Geometry:
    """Shapes at their saved corners, new ones in a row below, clusters framed around their members."""
    boxes: dict[str, Box] = {}
    for eid, node in scene.nodes.items():
        if eid in positions:
            x, y = positions[eid]
            boxes[eid] = (x, y, node.w, node.h)
    new = [eid for eid in scene.nodes if eid not in boxes]
    placed = list(boxes.values()) + list(_frames(scene, boxes).values())
    bottom = max((b[1] + b[3] for b in placed), default=0.0) + (GAP * 2 if boxes else 0.0)
    right = max((b[0] + b[2] for b in placed), default=0.0)
    # a new shape's frame must not reach past the leftmost frame: that would move every saved shape
    left = min((b[0] for b in placed), default=0.0) + (FRAME if scene.clusters else 0.0)
    x, row_h = left, 0.0
    for eid in new:
        node = scene.nodes[eid]
        if x > left and x + node.w > max(right, left + 600.0):
            x, bottom, row_h = left, bottom + row_h + GAP, 0.0
        boxes[eid] = (x, bottom, node.w, node.h)
        x, row_h = x + node.w + GAP, max(row_h, node.h)
    return _finish(scene, boxes, {}, "saved layout" + (f", {len(new)} new shape(s) placed below" if new else ""))


def from_import(scene: Scene, layout: dict) -> Geometry:
    """The boxes of an imported diagram, as its tool drew them; containers become frames."""
    boxes: dict[str, Box] = {}
    frames: dict[str, Box] = {}

    def walk(nodes: list[dict]) -> None:
        for node in nodes or []:
            box = (float(node.get("x", 0)), float(node.get("y", 0)), float(node.get("w", 120)),
                   float(node.get("h", 55)))
            if node.get("element") in scene.nodes and node["element"] not in boxes:
                boxes[node["element"]] = box
                scene.nodes[node["element"]].nests = bool(node.get("children"))
            elif node.get("type") == "Container":
                frames[f"frame{len(frames)}"] = box
            walk(node.get("children") or [])

    walk(layout.get("nodes") or [])
    for eid in boxes:  # the imported box's size wins over the text's
        scene.nodes[eid].w, scene.nodes[eid].h = boxes[eid][2], boxes[eid][3]
    missing = [eid for eid in scene.nodes if eid not in boxes]
    for eid in missing:
        del scene.nodes[eid]
    return _finish(scene, boxes, frames, "imported layout")


def _frames(scene: Scene, boxes: dict[str, Box]) -> dict[str, Box]:
    """Each cluster's frame around its members, with room for its title."""
    frames = {}
    label_room = size("cluster") + 10
    for key, _, _ in scene.clusters:
        members = [boxes[eid] for eid in scene.groups.get(key, []) if eid in boxes]
        if members:
            left = min(b[0] for b in members) - FRAME
            top = min(b[1] for b in members) - FRAME - label_room
            frames[key] = (left, top, max(b[0] + b[2] for b in members) + FRAME - left,
                           max(b[1] + b[3] for b in members) + FRAME - top)
    return frames


def _finish(scene: Scene, boxes: dict[str, Box], frames: dict[str, Box], note: str) -> Geometry:
    clusters = {**frames, **_frames(scene, boxes)}
    every = list(boxes.values()) + list(clusters.values())
    # positions stay as saved (or as the imported file has them); only a frame reaching past the origin moves all
    x0 = min(0.0, min((b[0] for b in every), default=0.0))
    y0 = min(0.0, min((b[1] for b in every), default=0.0))
    shift = lambda b: (round(b[0] - x0, 2), round(b[1] - y0, 2), b[2], b[3])  # noqa: E731
    boxes = {k: shift(b) for k, b in boxes.items()}
    clusters = {k: shift(b) for k, b in clusters.items()}
    routes = {}
    for i, edge in enumerate(scene.edges):
        if edge.source in boxes and edge.target in boxes:
            routes[i] = Route(straight(boxes[edge.source], boxes[edge.target]), curved=False)
    for i, route in routes.items():
        (ax, ay), (bx, by) = route.points
        route.label_at = ((ax + bx) / 2, (ay + by) / 2) if scene.edges[i].label else None
    every = list(boxes.values()) + list(clusters.values())
    width = max((b[0] + b[2] for b in every), default=0.0)
    height = max((b[1] + b[3] for b in every), default=0.0)
    geometry = Geometry(round(width, 2), round(height, 2), boxes, clusters, routes, engine="fixed")
    geometry.notes.append(note)
    return geometry
