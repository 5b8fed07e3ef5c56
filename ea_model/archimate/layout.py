"""Node boxes for an exported diagram: the positions a view was imported with, or graphviz's layout of the view
as `ea render` draws it (`dot -Tjson`), in pixels with the origin top left as ArchiMate tools expect."""

from __future__ import annotations

import json
from dataclasses import replace

import graphviz

from ..model import Model
from ..render.dot import to_dot
from ..render.output import INSTALL_HINT, RenderError, check_dot
from ..viewpoints import Selection

MARGIN = 20  # px around the drawing
POINTS_PER_INCH = 72


def graphviz_boxes(model: Model, sel: Selection, lang: str) -> dict[str, tuple[int, int, int, int]]:
    """element id -> (x, y, w, h) from graphviz's layout of the view (without its legend)."""
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
    boxes = {}
    for obj in data.get("objects", []):
        eid = obj.get("id")
        if eid not in wanted or not obj.get("pos"):
            continue
        cx, cy = (float(v) for v in obj["pos"].split(","))
        w, h = float(obj["width"]) * POINTS_PER_INCH, float(obj["height"]) * POINTS_PER_INCH
        boxes[eid] = (round(cx - w / 2) + MARGIN, round(height - cy - h / 2) + MARGIN, round(w), round(h))
    return boxes
