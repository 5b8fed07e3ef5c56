"""A three-way merge of YAML model files by element id and field, for git (`ea merge-driver`).

Git merges lines: two architects who each add an element at the end of one file conflict, although their
changes are independent. This merge matches list items by identity (`id`, a category's `code`, an inline
relationship's `to`, a relationship's type/from/to) and mappings key by key, so disjoint edits merge
cleanly. An element renamed on one side (new id, old id in `replaces`) is still matched with its old self
on the other side, so a rename and an edit merge too.

A true conflict (the same field of the same element changed both ways, or an element changed on one side
and deleted on the other) is written in valid YAML, the value replaced by a mapping that names both sides:

    owner:  # CONFLICT (ea merge): element app-x, field owner changed on both sides: keep one value
      ea-conflict: element app-x, field owner
      ours: org-a
      theirs: org-b
      base: org-c

`ea validate` rejects it (it is not a valid owner), so it cannot be committed by mistake; the user keeps
one value. Our side's comments and layout are kept; what comes from theirs is written as they wrote it.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

CONFLICT_KEY = "ea-conflict"
_MISSING = object()


@dataclass
class MergeResult:
    text: str
    conflicts: list[str] = field(default_factory=list)  # "element app-x, field owner"


class NotMergeable(Exception):
    """The files are not YAML the merge understands: the caller falls back to git's line merge."""


def _yaml():
    from ruamel.yaml import YAML

    y = YAML(typ="rt")
    y.preserve_quotes = True
    y.indent(mapping=2, sequence=4, offset=2)
    y.width = 1 << 16
    return y


def _plain(value):
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _identity(item, base_ids: set) -> str | None:
    """What a list item is, across the three versions: its id (its old id when it replaces one that is
    gone, i.e. a rename), a category's code, an inline target's `to`, or a relationship's type/from/to."""
    if not isinstance(item, dict):
        return None
    if "id" in item:
        ident = str(item["id"])
        replaces = item.get("replaces") or []
        if ident not in base_ids:
            for old in replaces if isinstance(replaces, list) else [replaces]:
                if str(old) in base_ids:
                    return str(old)
        return ident
    if "code" in item:
        return f"code:{item['code']}"
    if "to" in item:
        return f"{item.get('type', '')}:{item.get('from', '')}->{item['to']}"
    return None


class _Merger:
    def __init__(self) -> None:
        self.conflicts: list[str] = []

    def value(self, base, ours, theirs, where: str):
        if _plain(ours) == _plain(theirs):
            return ours
        if base is not _MISSING and _plain(ours) == _plain(base):
            return theirs
        if base is not _MISSING and _plain(theirs) == _plain(base):
            return ours
        if isinstance(ours, dict) and isinstance(theirs, dict):
            return self.mapping(base if isinstance(base, dict) else {}, ours, theirs, where)
        if isinstance(ours, list) and isinstance(theirs, list) and self._keyed(ours, theirs):
            return self.sequence(base if isinstance(base, list) else [], ours, theirs, where)
        return self.conflict(base, ours, theirs, where)

    @staticmethod
    def _keyed(*lists) -> bool:
        items = [item for items in lists for item in items]
        return bool(items) and all(_identity(item, set()) is not None for item in items)

    def conflict(self, base, ours, theirs, where: str):
        from ruamel.yaml.comments import CommentedMap

        self.conflicts.append(where)
        node = CommentedMap()
        node[CONFLICT_KEY] = where
        node["ours"] = None if ours is _MISSING else ours
        node["theirs"] = None if theirs is _MISSING else theirs
        node["base"] = None if base is _MISSING else base
        return node

    def mapping(self, base: dict, ours: dict, theirs: dict, where: str):
        result = ours  # our mapping object: its comments and key order stay
        for key in list(theirs.keys()):
            if key not in ours:
                if key in base and _plain(base[key]) == _plain(theirs[key]):
                    continue  # we deleted it, they did not touch it
                if key in base:
                    result[key] = self.conflict(base[key], _MISSING, theirs[key], f"{where}, field {key}")
                else:
                    result[key] = theirs[key]
        for key in list(ours.keys()):
            b = base.get(key, _MISSING)
            if key not in theirs:
                if b is not _MISSING and _plain(b) == _plain(ours[key]):
                    del result[key]  # they deleted it, we did not touch it
                elif b is not _MISSING:
                    result[key] = self.conflict(b, ours[key], _MISSING, f"{where}, field {key}")
                continue
            merged = self.value(b, ours[key], theirs[key], f"{where}, field {key}")
            if merged is not ours[key]:
                result[key] = merged
        return result

    def sequence(self, base: list, ours: list, theirs: list, where: str):
        base_ids = {_identity(item, set()) for item in base}
        b = {_identity(i, set()): i for i in base}
        o = _renamed({_identity(i, base_ids): i for i in ours}, b)
        t = _renamed({_identity(i, base_ids): i for i in theirs}, b)
        result = ours
        for key, item in list(o.items()):
            label = self._label(item, key)
            if key not in t and key in b:
                if _plain(item) == _plain(b[key]):
                    result.remove(item)  # they deleted it; we did not change it
                else:
                    item[CONFLICT_KEY] = f"{label}: deleted on their side, changed on ours"
                    self.conflicts.append(f"{label}: deleted on their side, changed on ours")
            elif key in t:
                merged = self.value(b.get(key, _MISSING), item, t[key], label)
                if merged is not item:
                    result[result.index(item)] = merged
        previous = None
        for key, item in t.items():
            if key not in o:
                if key in b and _plain(item) == _plain(b[key]):
                    previous = None  # we deleted it; they did not change it
                    continue
                if key in b:
                    item[CONFLICT_KEY] = f"{self._label(item, key)}: deleted on our side, changed on theirs"
                    self.conflicts.append(item[CONFLICT_KEY])
                at = next((i + 1 for i, x in enumerate(result) if previous is not None and x is o.get(previous)),
                          len(result))
                result.insert(at, item)
                o[key] = item
            previous = key
        return result

    @staticmethod
    def _label(item, key: str) -> str:
        if isinstance(item, dict) and "id" in item:
            return f"element {item['id']}"
        return f"item {key}"


def _without_id(item) -> dict:
    return {k: v for k, v in _plain(item).items() if k not in ("id", "replaces")}


def _renamed(side: dict, base: dict) -> dict:
    """`side` (identity -> item) with items whose id changed and nothing else keyed by their base id: a pure
    rename (no `replaces`, as `ea lsp` renames) is still the same element."""
    gone = [key for key in base if key not in side and isinstance(base[key], dict)]
    if not gone:
        return side
    result = dict(side)
    for key, item in side.items():
        if key in base or not isinstance(item, dict) or "id" not in item:
            continue
        match = next((g for g in gone if g not in result and _without_id(base[g]) == _without_id(item)), None)
        if match is not None:
            del result[key]
            result[match] = item
    return result


def merge_texts(base: str, ours: str, theirs: str, path: str = "<file>") -> MergeResult:
    """Merge three versions of a YAML file. Raises NotMergeable for text that is not a YAML mapping."""
    from ruamel.yaml.error import YAMLError

    y = _yaml()
    try:
        docs = [y.load(text) if text.strip() else {} for text in (base, ours, theirs)]
    except YAMLError as exc:
        raise NotMergeable(f"{path}: not YAML ({str(exc).splitlines()[0]})") from None
    base_doc, ours_doc, theirs_doc = docs
    if not all(isinstance(d, dict) for d in docs):
        raise NotMergeable(f"{path}: not a YAML mapping")
    merger = _Merger()
    merged = merger.value(base_doc, ours_doc, theirs_doc, path)
    out = io.StringIO()
    y.dump(merged, out)
    return MergeResult(out.getvalue(), merger.conflicts)
