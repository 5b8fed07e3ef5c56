"""The report's JSON text written from its rows: the same text as `json.dumps(report.as_dict(), ...)`, in the JSON
format's layout (one gap or element a line) or sorted on one line (what the content hash is taken of).

A 100,000-element report has some 200,000 rows: making a dict of each and encoding it, twice (the format and the
hash), was a third of `ea gap`. Here a row is written into a template of its keys, its texts encoded by the C
encoder, and a name that is also the element's name before and after (nearly always) is encoded once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from json.encoder import c_make_encoder, encode_basestring
from operator import itemgetter
from typing import Any

from .compare import Gap
from .result import ElementEntry, Report

Encode = Callable[[Any], str]
_GAP_KEYS = ("key", "layer", "status", "unintended", "target", "baseline", "match", "changes", "decisions",
             "work_packages")
_ELEMENT_KEYS = ("name", "type", "kind", "layer", "sources", "inferred")


def encoder(sort_keys: bool) -> Encode:
    """json.dumps(value, ensure_ascii=False, sort_keys=sort_keys), with one C encoder made once (json.dumps makes
    one per call). The report holds no value that contains itself: no check for cycles."""
    fallback = json.JSONEncoder(ensure_ascii=False, sort_keys=sort_keys)
    if c_make_encoder is None:  # a Python without the C accelerator
        return fallback.encode
    c = c_make_encoder(None, fallback.default, encode_basestring, None, ": ", ", ", sort_keys, False, True)
    return lambda value: "".join(c(value, 0))


def _template(keys: tuple[str, ...], sort_keys: bool) -> str:
    """A format string of a JSON object with these keys, their values the positional arguments in `keys` order."""
    order = sorted(range(len(keys)), key=keys.__getitem__) if sort_keys else range(len(keys))
    return "{{" + ", ".join(f"{encode_basestring(keys[i])}: {{{i}}}" for i in order) + "}}"


def _text(value: Any, encode: Encode) -> str:
    if type(value) is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return encode(value)


def _list(values: list, encode: Encode) -> str:
    if not values:
        return "[]"
    try:  # ids, nearly always
        return "[" + ", ".join(map(encode_basestring, values)) + "]"
    except TypeError:  # not all texts
        return encode(values)


class Rows:
    """JSON texts of the gaps and elements of a report, keys sorted or in the order of `as_dict`."""

    def __init__(self, sort_keys: bool) -> None:
        self.sort_keys = sort_keys
        self.encode = encoder(sort_keys)
        self._gap = _template(_GAP_KEYS, sort_keys).format
        self._elements: dict[tuple[str, ...], Callable[..., str]] = {}

    def gap(self, g: Gap) -> str:
        encode = self.encode
        return self._gap(_text(g.key, encode), _text(g.layer, encode), _text(g.status, encode),
                         _text(g.unintended, encode), _text(g.target, encode), _list(g.baseline, encode),
                         _text(g.match, encode), encode([c.as_dict() for c in g.changes]) if g.changes else "[]",
                         _list(g.decisions, encode), _list(g.work_packages, encode))

    def element(self, e: ElementEntry) -> str:
        if not e.known:
            return '{"name": null}'
        encode = self.encode
        name = e.name
        name_text = _text(name, encode)
        values = [name_text, _text(e.type, encode), _text(e.kind, encode), _text(e.layer, encode),
                  _list(e.sources, encode), _text(e.inferred, encode)]
        keys = _ELEMENT_KEYS
        if e.number is not None:
            keys += ("number",)
            values.append(_text(e.number, encode))
        if e.names_at:
            keys += tuple(e.names_at)
            values += [name_text if v is name else _text(v, encode) for v in e.names_at.values()]
        template = self._elements.get(keys)
        if template is None:
            template = self._elements[keys] = _template(keys, self.sort_keys).format
        return template(*values)


def body(report: Report, rows: Rows) -> dict:
    """`report.as_dict()` without the content hash, the gaps and elements as iterators of their JSON texts
    (`elements` of (id text, element text) pairs)."""
    gaps: Iterator[str] = map(rows.gap, report.gaps)
    items = sorted(report.elements.items(), key=itemgetter(0)) if rows.sort_keys else report.elements.items()
    elements = ((encode_basestring(k), rows.element(e)) for k, e in items)
    return report.fields(_Texts(gaps, bool(report.gaps)), _Texts(elements, bool(report.elements)))


class _Texts:
    """The rows of one part as JSON texts, read once; `rows` is false for an empty part."""

    def __init__(self, texts: Iterator, rows: bool) -> None:
        self.texts, self.rows = texts, rows

    def __iter__(self) -> Iterator:
        return self.texts

    def __bool__(self) -> bool:
        return self.rows


def sorted_text(report: Report) -> Iterator[str]:
    """The pieces of `json.dumps(body, sort_keys=True, ensure_ascii=False)`, body the report's JSON form without
    approval, title and content hash: what `report.content_hash` is the hash of."""
    rows = Rows(sort_keys=True)
    data = body(report, rows)
    yield "{"
    for i, key in enumerate(sorted(k for k in data if k not in ("approval", "content_hash", "title"))):
        value = data[key]
        yield f"{', ' if i else ''}{encode_basestring(key)}: "
        if key == "gaps":
            yield "[" + ", ".join(value) + "]"
        elif key == "elements":
            yield "{" + ", ".join(f"{k}: {v}" for k, v in value) + "}"
        else:
            yield rows.encode(value)
    yield "}"
