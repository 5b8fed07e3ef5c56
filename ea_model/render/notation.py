"""The notation as data: `notation.yaml` (colours, corners, icons per type, relationship lines and ends) and
`icons.yaml` (the icons' strokes), read once per process."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

HERE = Path(__file__).parent


@cache
def _read(name: str) -> dict:
    with open(HERE / name, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=yaml.CSafeLoader)


def notation() -> dict:
    return _read("notation.yaml")


def icons() -> dict[str, list[dict]]:
    return _read("icons.yaml")


@dataclass(frozen=True)
class Look:
    """How one element is drawn: corner style, icon, fill colour."""

    corner: str  # square | round | cut | grouping | junction
    icon: str | None
    fill: str


def look(el_type: str | None, kind: str | None, layer: str | None, style: str = "archimate") -> Look:
    data = notation()
    spec = data["types"].get(el_type or "", {"corner": "square"})
    icon = spec.get("icon")
    if style == "vneaf":
        icon = data["kinds"].get(kind or "", {}).get("icon", icon)
    colours = data["colours"]
    fill = colours.get(spec.get("colour") or layer or "", colours["other"])
    return Look(spec["corner"], icon, fill)


def line(rel_type: str) -> dict:
    """{line, source, target} of a relationship type (ends absent where the notation draws none)."""
    return notation()["relationships"][rel_type]


def size(role: str) -> float:
    return float(notation()["sizes"][role])
