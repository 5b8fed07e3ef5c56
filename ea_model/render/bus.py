"""Lines of a fan drawn as one bus, as org charts draw them: from the hub's side a trunk runs across the gap to
its leaves, a branch runs along the gap beside each row of leaves, and a short drop reaches each leaf. Graphviz
would give each of twenty lines its own curve through the picture; the bus gives them one path and leaves the
rows packed.

Geometry only: boxes are (x, y, w, h) with y downwards; the rank direction says which axis the rows run along.
"""

from __future__ import annotations

Point = tuple[float, float]
Box = tuple[float, float, float, float]

# (u, v) axes per rank direction: u along the ranks, v across them
AXES = {"LR": (0, 1), "RL": (0, 1), "TB": (1, 0), "BT": (1, 0)}


def _uv(box: Box, axes: tuple[int, int]) -> tuple[float, float, float, float]:
    """A box as (u0, v0, du, dv)."""
    u, v = axes
    return box[u], box[v], box[2 + u], box[2 + v]


def _xy(point: tuple[float, float], axes: tuple[int, int]) -> Point:
    out = [0.0, 0.0]
    out[axes[0]], out[axes[1]] = point
    return round(out[0], 2), round(out[1], 2)


def routes(hub: Box, leaves: dict[str, Box], direction: str, clearance: float) -> dict[str, list[Point]]:
    """The polyline from the hub to each leaf: port on the hub's side facing the leaves, trunk, branch beside the
    leaf's row (`clearance` before it), drop onto the leaf's near edge."""
    axes = AXES.get(direction, (1, 0))
    hu, hv, hdu, hdv = _uv(hub, axes)
    boxes = {k: _uv(b, axes) for k, b in leaves.items()}
    centre = sum(b[0] + b[2] / 2 for b in boxes.values()) / max(len(boxes), 1)
    ahead = centre >= hu + hdu / 2
    side = hu + hdu if ahead else hu
    near = min(b[0] for b in boxes.values()) if ahead else max(b[0] + b[2] for b in boxes.values())
    trunk = (side + near) / 2
    port = (side, hv + hdv / 2)
    out = {}
    for key, (u0, v0, du, _) in sorted(boxes.items()):
        branch = v0 - clearance
        middle = u0 + du / 2
        points = [port, (trunk, port[1]), (trunk, branch), (middle, branch), (middle, v0)]
        out[key] = [_xy(p, axes) for p in points]
    return out
