"""Node boxes for an exported diagram: the layout of the view as `ea render` draws it (render/layout.py), in
pixels with the origin top left as ArchiMate tools expect: one box per element and one per cluster (the frame
`ea render` draws around a group, exported as a Container holding the group's nodes). A view imported with a
`layout:` keeps its own positions; write.py uses those instead."""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..model import Model
from ..render import layout as layouts
from ..render.output import check_dot
from ..render.scene import build
from ..viewpoints import Selection

MARGIN = 20  # px around the drawing

Box = tuple[int, int, int, int]  # x, y, w, h in pixels, y downwards


@dataclass
class Layout:
    elements: dict[str, Box]  # element id -> box
    clusters: dict[str, Box]  # group key of Selection.groups -> box of its frame


def graphviz_layout(model: Model, sel: Selection, lang: str) -> Layout:
    """The boxes of the view's elements and clusters as `ea render` lays them out (without title and legend).
    Points are taken as pixels (1 pt = 1 px at Archi's zoom 100 % looks right)."""
    check_dot()
    view = replace(sel.view, style={**sel.view.style, "legend": False})
    geometry = layouts.compute(build(model, replace(sel, view=view), lang))
    return Layout({k: _box(b) for k, b in geometry.nodes.items()}, {k: _box(b) for k, b in geometry.clusters.items()})


def _box(box: layouts.Box) -> Box:
    x, y, w, h = box
    return round(x) + MARGIN, round(y) + MARGIN, max(1, round(w)), max(1, round(h))
