"""Shelf packing: boxes placed in order, left to right in rows no wider than a width, each row under the one
before. Clusters that barely touch each other (the categories of a reference model) are laid out one by one and
packed this way: graphviz alone would spread them along its ranks and leave most of the page empty."""

from __future__ import annotations

import math

GAP = 20.0  # between packed boxes, in points


def width_for(sizes: list[tuple[float, float]], room: tuple[float, float] | None) -> float:
    """The row width: the room's, else about that of a landscape rectangle of the boxes' total area."""
    widest = max((w for w, _ in sizes), default=0.0)
    if room:
        return max(room[0], widest)
    area = sum((w + GAP) * (h + GAP) for w, h in sizes)
    return max(widest, math.sqrt(area * 1.5))


def shelves(sizes: list[tuple[float, float]], width: float) -> list[tuple[float, float]]:
    """The top-left corner of each box, in order."""
    out = []
    x = y = row = 0.0
    for w, h in sizes:
        if x > 0 and x + w > width:
            x, y, row = 0.0, y + row + GAP, 0.0
        out.append((x, y))
        x, row = x + w + GAP, max(row, h)
    return out
