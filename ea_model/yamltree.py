"""The values a model file parses to: mappings and sequences that know the line of each of their items.

A file read by the fast path (yamlfast.py) gets its lines only when one is first asked for: a clean
100,000-element model is validated without ever needing them, and a finding needs only its own file's.
"""

from __future__ import annotations

from typing import Protocol


class LineSource(Protocol):
    """Fills in the lines of every mapping and sequence of one file (yamlfast.DeferredLines)."""

    def fill(self) -> None: ...


def _deferred(node, name: str):
    """`line` or `lines` of a node whose file was read without lines: fill the whole file's, then answer."""
    if name not in ("line", "lines"):
        raise AttributeError(name)
    try:
        source = object.__getattribute__(node, "source")
    except AttributeError:
        raise AttributeError(name) from None
    source.fill()
    return object.__getattribute__(node, name)


class Map(dict):
    """A mapping that knows its own line and the line of each key."""

    __slots__ = ("line", "lines", "source")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: dict = {}

    __getattr__ = _deferred  # only reached while `line`/`lines` are unset

    # Pickled (parse cache, model snapshot) as Map(line) + its line table + its items: no per-object state
    # tuple and dict, which the unpickler keeps until the end (hundreds of MB for a 100,000-element model).
    # A mapping whose lines are still to be read is pickled with the text they will be read from instead.
    def __reduce_ex__(self, protocol):
        try:
            line = object.__getattribute__(self, "line")
        except AttributeError:
            return _unread, (Map, self.source), None, None, iter(self.items())
        return Map, (line,), self.lines, None, iter(self.items())

    def __setstate__(self, lines: dict) -> None:
        self.lines = lines


class Seq(list):
    """A sequence that knows its own line and the line of each item."""

    __slots__ = ("line", "lines", "source")

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.lines: list[int] = []

    __getattr__ = _deferred

    def __reduce_ex__(self, protocol):
        try:
            line = object.__getattribute__(self, "line")
        except AttributeError:
            return _unread, (Seq, self.source), None, iter(self), None
        return Seq, (line,), self.lines, iter(self), None

    def __setstate__(self, lines: list[int]) -> None:
        self.lines = lines


def _unread(kind: type, source: LineSource):
    """A Map or Seq whose lines `source` will fill in when asked (unpickling)."""
    node = kind.__new__(kind)
    node.source = source
    return node
