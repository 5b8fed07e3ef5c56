"""Node boxes for an exported diagram: graphviz's layout of the view as `ea render` draws it (`dot -Tjson`), in
pixels with the origin top left as ArchiMate tools expect: one box per element and one per cluster (the frame
`ea render` draws around a group, exported as a Container holding the group's nodes). A view imported with a
`layout:` keeps its own positions; write.py uses those instead."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

import graphviz

from ..model import Model
from ..render.dot import to_dot
from ..render.output import INSTALL_HINT, RenderError, check_dot
from ..viewpoints import Selection

MARGIN = 20  # px around the drawing
POINTS_PER_INCH = 72
CLUSTER_PREFIX = "cluster_"  # the DOT id of a group's cluster: cluster_<group key> (render/dot.py)

Box = tuple[int, int, int, int]  # x, y, w, h in pixels, y downwards


@dataclass
class Layout:
    elements: dict[str, Box]  # element id -> box
    clusters: dict[str, Box]  # group key of Selection.groups -> box of its frame


def graphviz_layout(model: Model, sel: Selection, lang: str) -> Layout:
    """The boxes of the view's elements and clusters in graphviz's layout (without the legend). Graphviz points
    are taken as pixels (1 pt = 1 px at Archi's zoom 100 % looks right) and y is flipped."""
    check_dot()
    view = replace(sel.view, style={**sel.view.style, "legend": False})
    source = to_dot(model, replace(sel, view=view), lang)
    try:
        data = json.loads(graphviz.Source(source, engine="dot").pipe(format="json"))
    except graphviz.ExecutableNotFound as exc:
        raise RenderError(f"graphviz's `dot` program is not installed: {INSTALL_HINT}") from exc
    except graphviz.CalledProcessError as exc:
        raise RenderError(f"graphviz failed on view '{view.id}': {exc.stderr.decode(errors='replace')}") from exc
    height = float(data["bb"].split(",")[3])
    wanted = {el.id for el in sel.elements}
    groups = {key for key in sel.groups if key}
    layout = Layout({}, {})
    for obj in data.get("objects", []):
        ident = obj.get("id", "")
        if ident in wanted and obj.get("pos"):  # a node (graphviz gives its centre and size in inches)
            cx, cy = (float(v) for v in obj["pos"].split(","))
            w, h = float(obj["width"]) * POINTS_PER_INCH, float(obj["height"]) * POINTS_PER_INCH
            layout.elements[ident] = _box(cx - w / 2, cy + h / 2, w, h, height)
        elif ident.startswith(CLUSTER_PREFIX) and ident[len(CLUSTER_PREFIX):] in groups and obj.get("bb"):
            x0, y0, x1, y1 = (float(v) for v in obj["bb"].split(","))  # a subgraph: its bounding box
            layout.clusters[ident[len(CLUSTER_PREFIX):]] = _box(x0, y1, x1 - x0, y1 - y0, height)
    return layout


def _box(left: float, top: float, w: float, h: float, height: float) -> Box:
    """Graphviz's box (left, top in points, y upwards) -> (x, y, w, h) in pixels, y downwards, at least 1x1."""
    return round(left) + MARGIN, round(height - top) + MARGIN, max(1, round(w)), max(1, round(h))

