"""Two states of the architecture -> the TOGAF gap matrix.

A side is a model in one plateau (`Side(model, plateau)`): two plateaus of the same model, or the same or
different plateaus of the model as committed at two git revisions. Every architecture element of either
side gets one row:

- *included*: in both, with the same attributes and outgoing relationships;
- *changed*: in both, with the differences listed old -> new; or a successor of elements that are gone
  (renamed, merged or split units, matched through `replaces` or through a `history` name);
- *new*: only in the target;
- *eliminated*: only in the baseline; flagged *unintended* when no decision or work package retires it
  (the flag is set by `workpackages.cover`, which knows the work packages).

Pure: models in, rows out; nothing here reads files or the clock.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from operator import is_
from typing import Any

from ..metamodel import LAYERS
from ..model import Element, Model, Relationship
from ..succession import holders_in, successors
from ..yamlload import as_list

INCLUDED, CHANGED, NEW, ELIMINATED = "included", "changed", "new", "eliminated"
STATUSES = (NEW, CHANGED, ELIMINATED, INCLUDED)  # the order of rows within a layer
# The architecture layers a gap analysis covers unless --layer or --kind says otherwise; motivation (goals,
# legal documents) and implementation (work packages, plateaus) are not building blocks.
DEFAULT_LAYERS = ("business", "data", "application", "technology", "security")
IMPLEMENTATION_TYPES = frozenset({"work-package", "deliverable", "implementation-event", "plateau", "gap"})
RETIRED_BY = "retired_by"  # element property naming the decision or work package that retires it


@dataclass(frozen=True)
class Scope:
    layers: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    rm: tuple[str, ...] = ()

    @property
    def effective_layers(self) -> tuple[str, ...]:
        if self.layers:
            return self.layers
        return () if self.kinds else DEFAULT_LAYERS

    def as_dict(self) -> dict:
        return {"layers": list(self.effective_layers), "kinds": list(self.kinds), "rm": list(self.rm)}

    def matches(self, el: Element, rm_codes: list[str]) -> bool:
        return self.matcher()(el, rm_codes)

    def matcher(self) -> Callable[[Element, list[str]], bool]:
        """`matches` as a function, for the elements of a whole model."""
        layers, kinds, rm = frozenset(self.effective_layers), frozenset(self.kinds), self.rm

        def matches(el: Element, rm_codes: list[str]) -> bool:
            if layers and el.layer not in layers:
                return False
            if kinds and (el.kind or el.type) not in kinds and el.type not in kinds:
                return False
            return not rm or any(c == r or c.startswith(r + ".") for c in rm_codes for r in rm)

        return matches


@dataclass(frozen=True)
class Side:
    """One state of the architecture: `model` as it is in `plateau`. `revision` is the git commit the model
    was read from (None for the work tree)."""

    model: Model
    plateau: str
    revision: str | None = None


@dataclass(slots=True)
class Change:
    field: str  # name, description, owner, kind, properties.KEY, rm, tags, relationship, id, merged, split, absorbed
    old: Any
    new: Any

    def as_dict(self) -> dict:
        return {"field": self.field, "old": self.old, "new": self.new}


@dataclass(slots=True)
class Gap:
    status: str
    layer: str
    target: str | None  # the element in the target side (None when eliminated)
    baseline: list[str]  # the element(s) in the baseline side it continues (empty when new)
    match: str | None = None  # "replaces" or "history" when matched to elements with other ids
    changes: list[Change] = field(default_factory=list)
    decisions: list[str] = field(default_factory=list)  # documents (or elements) deciding it
    work_packages: list[str] = field(default_factory=list)  # filled by workpackages.cover

    @property
    def key(self) -> str:
        return self.target or self.baseline[0]

    @property
    def is_gap(self) -> bool:
        return self.status != INCLUDED

    @property
    def unintended(self) -> bool:
        return self.status == ELIMINATED and not self.decisions and not self.work_packages


@dataclass
class GapMatrix:
    before: Side
    after: Side
    scope: Scope
    gaps: list[Gap]
    # The two sides as `compare` indexed them: what they hold and the names made, for the coverage and report
    indices: tuple = field(default=(), repr=False, compare=False)
    _names: dict = field(default_factory=dict, repr=False, compare=False)  # id(model) -> Names, for other models

    @property
    def same_model(self) -> bool:
        return self.before.model is self.after.model

    def index(self, side: Side) -> _SideIndex | None:
        """The index `compare` made of the model in `side`'s plateau, if it made one."""
        for index in self.indices:
            if index.side.model is side.model and index.side.plateau == side.plateau:
                return index
        return None

    def names(self, model: Model) -> Names:
        """The names of `model`'s elements, shared with the comparison when it read that model."""
        for index in self.indices:
            if index.side.model is model:
                return index.names
        names = self._names.get(id(model))
        if names is None or names.model is not model:
            names = self._names[id(model)] = Names(model)
        return names

    def element(self, eid: str) -> Element | None:
        return self.after.model.elements.get(eid) or self.before.model.elements.get(eid)


_LEAVES = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """YAML values (Map, Seq, dates kept as text) -> plain JSON-able Python values."""
    # Exact types first: a 100,000-element report converts a million names and sources, nearly all of them texts
    # and numbers, kept as they are without a call each.
    if type(value) in _LEAVES:
        return value
    if isinstance(value, dict):
        return {k if type(k) is str else str(k): v if type(v) in _LEAVES else plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [v if type(v) in _LEAVES else plain(v) for v in value]
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def name_at(model: Model, el: Element, plateau: str) -> dict:
    """The element's name in `plateau`: `changes` first, else the `history` name in force at the plateau's
    date (a unit renamed in 2025 is called by its old name in a 2022 plateau), else its name."""
    renamed = False
    for pid in model.plateau_order() if el.changes else ():  # most elements change nothing: no sort for them
        if "name" in (el.changes.get(pid) or {}):
            renamed = True
        if pid == plateau:
            break
    if renamed:
        return _names(model.state_at(el, plateau)["name"], model)
    date = model.plateaus[plateau].date if plateau in model.plateaus else ""
    for entry in sorted(el.history, key=lambda h: str(h.get("until") or "")) if el.history else ():
        until, since = str(entry.get("until") or ""), str(entry.get("from") or "")
        if until and date and since <= date < until and entry.get("name"):
            return _names(entry["name"], model)
    return _names(el.name, model)


def _names(value, model: Model) -> dict:
    return plain(value) if isinstance(value, dict) else {model.manifest.languages[0]: str(value)}


class Names:
    """The names of one model's elements in its plateaus (`name_at`), each made once: a report of 100,000
    elements asks for most of them more than once (the comparison, then the report's list of elements, for
    each side). The dicts returned are shared: read them, do not change them."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self._same: dict[str, dict] = {}  # elements without `changes` or `history`: one name in every plateau
        self._at: dict[tuple[str, str], dict] = {}

    def at(self, el: Element, plateau: str) -> dict:
        if el.changes or el.history:
            key = (el.id, plateau)
            name = self._at.get(key)
            if name is None:
                name = self._at[key] = name_at(self.model, el, plateau)
            return name
        name = self._same.get(el.id)
        if name is None:
            name = self._same[el.id] = _names(el.name, self.model)
        return name


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", str(text)).strip().casefold()


class _SideIndex:
    """What one side holds: architecture elements in the plateau and their outgoing relationships."""

    def __init__(self, side: Side, relationships: bool = True, names: Names | None = None) -> None:
        self.side = side
        model, plateau = side.model, side.plateau
        self.names = names if names is not None else Names(model)
        ids = self.ids = {eid for eid, el in model.elements.items()
                          if el.type not in IMPLEMENTATION_TYPES and (el.plateaus is None or plateau in el.plateaus)}
        self.out: dict[str, list[Relationship]] = {}
        # A unit gone from this plateau hands its relationships and ownership to the successors that are in it
        # (`replaces`): facts declared against the IT Centre hold for the IT and DT Centre from 2025.
        self.successors = successors(model)  # predecessor id -> the ids replacing it
        self.carry = {pred: holders for pred in self.successors if pred not in ids
                      if (holders := [h for h in holders_in(model, pred, plateau) if h in ids])}
        if relationships:
            self._outgoing(model.relationships)
        self._states: dict[str, dict] = {}
        self.other: _SideIndex | None = None
        self.date = model.plateaus[plateau].date if plateau in model.plateaus else ""

    def _outgoing(self, relationships: list[Relationship]) -> None:
        out, carry, ids, plateau = self.out, self.carry, self.ids, self.side.plateau
        for rel in relationships:
            if rel.plateaus is not None and plateau not in rel.plateaus:
                continue
            source, target = rel.source, rel.target
            if source in carry or target in carry:  # rare: copies between successors
                for carried in self._carried(rel):
                    if carried.source in ids and carried.target in ids and carried.source != carried.target:
                        out.setdefault(carried.source, []).append(carried)
            elif source in ids and target in ids and source != target:
                held = out.get(source)
                if held is None:
                    out[source] = [rel]
                else:
                    held.append(rel)

    def add(self, rel: Relationship) -> None:
        """`_outgoing` for one relationship."""
        if rel.plateaus is not None and self.side.plateau not in rel.plateaus:
            return
        ids = self.ids
        if rel.source in self.carry or rel.target in self.carry:
            for carried in self._carried(rel):
                if carried.source in ids and carried.target in ids and carried.source != carried.target:
                    self.out.setdefault(carried.source, []).append(carried)
        elif rel.source in ids and rel.target in ids and rel.source != rel.target:
            self.out.setdefault(rel.source, []).append(rel)

    def _carried(self, rel: Relationship) -> list[Relationship]:
        """`rel`, or its copies between the successors of ends that are gone from this plateau."""
        carry = self.carry
        if rel.source not in carry and rel.target not in carry:
            return [rel]
        return [replace(rel, source=s, target=t) for s in carry.get(rel.source, [rel.source])
                for t in carry.get(rel.target, [rel.target])]

    def state(self, eid: str) -> dict:
        state = self._states.get(eid)
        if state is None:
            model, el = self.side.model, self.side.model.elements[eid]
            name = self.names.at(el, self.side.plateau)
            if el.changes or el.history:
                state = {**model.state_at(el, self.side.plateau), "name": name}
            else:  # the common case, without sorting the plateaus for each element
                state = {"name": name, "description": el.description, "owner": el.owner,
                         "properties": el.properties, "rm": el.rm, "tags": el.tags, "notes": el.notes}
            if state["owner"] in self.carry:  # owned by a unit gone from this plateau: its successor owns it
                state = {**state, "owner": self.carry[state["owner"]][0]}
            self._states[eid] = state
        return state

    def rm(self, eid: str) -> list[str]:
        """The element's reference-model codes in this plateau (without making its whole state)."""
        el = self.side.model.elements[eid]
        return self.state(eid)["rm"] if el.changes else el.rm

    def classified(self) -> list[tuple[Element, list[str]]]:
        """The elements of this side that have reference-model codes in its plateau, with the codes: `rm` for
        every element at once (the coverage counts a whole model, most of it without codes)."""
        elements, out = self.side.model.elements, []
        for eid in self.ids:
            el = elements[eid]
            rm = self.state(eid)["rm"] if el.changes else el.rm
            if rm:
                out.append((el, rm))
        return out


def compare(before: Side, after: Side, scope: Scope | None = None) -> GapMatrix:
    """The gap matrix from `before` (baseline) to `after` (target)."""
    scope = scope or Scope()
    names = Names(before.model)
    same_model = after.model is before.model
    b = _SideIndex(before, relationships=not same_model, names=names)
    a = _SideIndex(after, relationships=not same_model, names=names if same_model else None)
    if same_model:
        _outgoing_of_both(b, a, before.model.relationships)
    a.other = b
    successors = _match(b, a)  # target id -> baseline ids it continues (gone from the target)
    canon: dict[str, list[str]] = {}  # baseline id gone from the target -> its successors
    for sid, (preds, _how) in successors.items():
        for pred in preds:
            canon.setdefault(pred, []).append(sid)
    for preds in canon.values():
        preds.sort()
    # Rows by (layer, status), each filled in id order: the matrix's order without sorting 100,000 rows by a key
    # (a row's key is its target's id, or its baseline's when eliminated: unique within a status).
    rows: dict[tuple[str, str], list[Gap]] = {}
    matches = scope.matcher()
    no_match: tuple[list[str], None] = ([], None)
    after_elements, before_elements = after.model.elements, before.model.elements
    for sid in sorted(a.ids):
        preds, how = successors.get(sid, no_match)
        el = after_elements[sid]
        if not matches(el, _rm_codes(scope, b, a, sid, preds)):
            continue
        if not preds and _unchanged(b, a, sid, el, before_elements.get(sid)):
            gap = Gap(INCLUDED, el.layer or "other", sid, [sid])
        else:
            gap = _target_gap(b, a, sid, preds, how, canon, successors)
        row = rows.get((gap.layer, gap.status))
        if row is None:
            rows[gap.layer, gap.status] = [gap]
        else:
            row.append(gap)
    for eid in sorted(b.ids - a.ids):
        if eid in canon:
            continue
        el = before_elements[eid]
        if not matches(el, b.rm(eid)):
            continue
        gap = Gap(ELIMINATED, _layer(el), None, [eid])
        gap.decisions = sorted({str(d) for d in as_list(b.state(eid)["properties"].get(RETIRED_BY))})
        rows.setdefault((gap.layer, ELIMINATED), []).append(gap)
    order = {s: i for i, s in enumerate(STATUSES)}
    layer_order = {layer: i for i, layer in enumerate(LAYERS)}
    gaps: list[Gap] = []
    for key in sorted(rows, key=lambda k: (layer_order.get(k[0], len(LAYERS)), k[0], order[k[1]])):
        gaps += rows[key]
    return GapMatrix(before, after, scope, gaps, (b, a))


def _outgoing_of_both(b: _SideIndex, a: _SideIndex, relationships: list[Relationship]) -> None:
    """`_SideIndex._outgoing` of two plateaus of one model in one pass over its 270,000 relationships (at 100,000
    elements): most hold in every plateau, between elements of both sides, and touch no successor, so one look
    at them serves both sides."""
    b.out, a.out = b_out, a_out = defaultdict(list), defaultdict(list)
    b_ids, a_ids = b.ids, a.ids
    both = b_ids & a_ids
    carried = b.carry.keys() | a.carry.keys()
    for rel in relationships:
        source, target = rel.source, rel.target
        if rel.plateaus is not None or source in carried or target in carried:
            b.add(rel)
            a.add(rel)
        elif source == target:
            continue
        elif source in both and target in both:
            b_out[source].append(rel)
            a_out[source].append(rel)
        elif source in b_ids and target in b_ids:
            b_out[source].append(rel)
        elif source in a_ids and target in a_ids:
            a_out[source].append(rel)
    b.out, a.out = dict(b_out), dict(a_out)  # read with .get: no list made for a missing id


def _unchanged(b: _SideIndex, a: _SideIndex, sid: str, el: Element, old: Element | None) -> bool:
    """The common row, told without diffing: the very same element (no `changes`, no `history`) in both sides
    of one model, with the very same outgoing relationships."""
    if old is not el or el.changes or el.history or sid not in b.ids:
        return False
    before_out, after_out = b.out.get(sid, ()), a.out.get(sid, ())
    return len(before_out) == len(after_out) and all(map(is_, before_out, after_out))


def _rm_codes(scope: Scope, b: _SideIndex, a: _SideIndex, sid: str, preds: list[str]) -> list[str]:
    """The codes that put a target element in an rm scope: its own in either side, and its predecessors'."""
    if not scope.rm:
        return []
    rm_codes = list(a.rm(sid)) + [c for p in preds for c in b.rm(p)]
    if sid in b.ids:
        rm_codes += b.rm(sid)
    return rm_codes


def _target_gap(b: _SideIndex, a: _SideIndex, sid: str, preds: list[str], how: str | None,
                canon: dict[str, list[str]], successors: dict) -> Gap:
    """The row of an element of the target: included or changed when the baseline has it (or elements it
    continues), else new."""
    el = a.side.model.elements[sid]
    if sid in b.ids:
        changes = _diff(b, a, sid, sid, canon, successors)
        if preds:
            changes.append(Change("absorbed", None, sorted(preds)))
        return Gap(CHANGED if changes else INCLUDED, _layer(el), sid, [sid, *sorted(preds)],
                   how if preds else None, changes)
    if not preds:
        return Gap(NEW, _layer(el), sid, [])
    changes = [Change("merged", sorted(preds), sid)] if len(preds) > 1 else \
        [Change("id", preds[0], sid), *_diff(b, a, preds[0], sid, canon, successors)]
    split = sorted({s for p in preds for s in canon[p] if s != sid})
    if split:
        changes.append(Change("split", sorted(preds), sorted([sid, *split])))
    gap = Gap(CHANGED, _layer(el), sid, sorted(preds), how, changes)
    gap.decisions = _succession_decisions(el, preds, b.side.model)
    return gap


def _layer(el: Element) -> str:
    return el.layer or "other"


def _match(b: _SideIndex, a: _SideIndex) -> dict[str, tuple[list[str], str]]:
    """Target elements that continue baseline elements gone from the target: through `replaces` (followed
    through intermediate elements that are in neither side, e.g. a unit that existed only in a transition),
    then through a `history` name equal to a gone element's name (same type)."""
    gone = b.ids - a.ids
    after_model, before_model = a.side.model, b.side.model
    result: dict[str, tuple[list[str], str]] = {}
    for sid in sorted({s for held in a.successors.values() for s in held} & a.ids):  # those that replace any
        preds = _replaced(b, a, sid, gone)
        if preds:
            result[sid] = (sorted(preds), "replaces")
    taken = {p for preds, _ in result.values() for p in preds}
    by_name: dict[tuple[str | None, str], list[str]] = {}
    for eid in sorted(gone - taken):
        el = before_model.elements[eid]
        for text in set(b.state(eid)["name"].values()) | set(_names(el.name, before_model).values()):
            if text:
                by_name.setdefault((el.type, _norm(text)), []).append(eid)
    if not by_name:
        return result
    for sid in sorted(a.ids - b.ids - set(result)):
        el = after_model.elements[sid]
        for entry in el.history:
            names = entry.get("name")
            texts = names.values() if isinstance(names, dict) else [names] if names else []
            hits = sorted({eid for t in texts for eid in by_name.get((el.type, _norm(t)), []) if eid not in taken})
            if hits:
                result[sid] = ([hits[0]], "history")
                taken.add(hits[0])
                break
    return result


def _replaced(b: _SideIndex, a: _SideIndex, sid: str, gone: set[str]) -> set[str]:
    """The gone baseline elements `sid` replaces, directly or through elements in neither side."""
    after_model, before_model = a.side.model, b.side.model
    preds: set[str] = set()
    seen: set[str] = set()
    stack = list(after_model.elements[sid].replaces)
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        if pid in gone:
            preds.add(pid)
        elif pid not in a.ids and pid not in b.ids:
            mid = after_model.elements.get(pid) or before_model.elements.get(pid)
            if mid is not None:
                stack.extend(mid.replaces)
    return preds


def _succession_decisions(el: Element, preds: list[str], before_model: Model) -> list[str]:
    """The documents behind a rename or merger: the successor's history sources, its own sources when it
    says it replaces them, and the predecessors' `retired_by`."""
    docs: set[str] = set()
    for entry in el.history:
        for src in as_list(entry.get("source")):
            if isinstance(src, dict) and src.get("doc"):
                docs.add(str(src["doc"]))
    for pid in preds:
        pred = before_model.elements.get(pid)
        if pred is not None:
            docs |= {str(d) for d in as_list(pred.properties.get(RETIRED_BY))}
    return sorted(docs)


def _same(old: str | None, new: str | None, canon: dict[str, list[str]]) -> bool:
    return old == new or (old is not None and new in canon.get(old, ()))


def _attribute_changes(old_el: Element, new_el: Element, old: dict, new: dict, canon) -> list[Change]:
    changes: list[Change] = []
    if (old_el.kind or old_el.type) != (new_el.kind or new_el.type):
        changes.append(Change("kind", old_el.kind or old_el.type, new_el.kind or new_el.type))
    if old["name"] != new["name"]:
        changes.append(Change("name", plain(old["name"]), plain(new["name"])))
    if old["description"] != new["description"]:
        changes.append(Change("description", plain(old["description"]), plain(new["description"])))
    if not _same(old["owner"], new["owner"], canon):
        changes.append(Change("owner", old["owner"], new["owner"]))
    old_props, new_props = old["properties"], new["properties"]
    if old_props != new_props:
        for key in sorted(set(old_props) | set(new_props), key=str):
            if old_props.get(key) != new_props.get(key):
                changes.append(Change(f"properties.{key}", plain(old_props.get(key)), plain(new_props.get(key))))
    for key in ("rm", "tags"):
        if sorted(old[key]) != sorted(new[key]):
            changes.append(Change(key, sorted(old[key]), sorted(new[key])))
    return changes


def _diff(b: _SideIndex, a: _SideIndex, old_id: str, new_id: str, canon: dict[str, list[str]],
          successors: dict) -> list[Change]:
    """Attribute and outgoing-relationship differences between `old_id` in the baseline side and `new_id`
    in the target side. Ids of renamed or merged elements count as the same element."""
    old_el, new_el = b.side.model.elements[old_id], a.side.model.elements[new_id]
    changes: list[Change] = []
    # one element of one model without `changes` or `history` is the same in every plateau
    if old_el is not new_el or old_el.changes or old_el.history:
        changes += _attribute_changes(old_el, new_el, b.state(old_id), a.state(new_id), canon)
    before_out, after_out = b.out.get(old_id, ()), a.out.get(new_id, ())
    if old_id == new_id and len(before_out) == len(after_out) and all(map(is_, before_out, after_out)):
        return changes  # the very same relationships, between elements that are in both sides
    before_rels = _relationships(b, old_id, new_id, canon, a.ids)
    after_rels = _relationships(a, new_id, new_id, None, successors)
    for sig in sorted(before_rels - after_rels, key=_sig_key):
        changes.append(Change("relationship", _sig_dict(sig), None))
    for sig in sorted(after_rels - before_rels, key=_sig_key):
        changes.append(Change("relationship", None, _sig_dict(sig)))
    return changes


def _relationships(side: _SideIndex, eid: str, self_id: str, canon: dict[str, list[str]] | None,
                   other_side) -> set[tuple]:
    """Outgoing relationships of `eid` as (type, other end, access), the other end named as in the target
    side, keeping only those whose other end exists on both sides (a relationship to a new or eliminated
    element is part of that element's gap, not of this one's)."""
    sigs = set()
    for rel in side.out.get(eid, ()):
        other = rel.target
        if canon is not None:  # the baseline side: name the other end as in the target
            if other not in other_side:
                succ = canon.get(other)
                if not succ:
                    continue
                other = succ[0]
        elif other not in side.other.ids and other not in other_side:  # the target side: in the baseline too?
            continue
        if other == self_id:
            continue
        sigs.add((rel.type, other, rel.access or ""))
    return sigs


def _sig_key(sig: tuple) -> tuple:
    return sig[1], sig[0], sig[2]


def _sig_dict(sig: tuple) -> dict:
    out = {"type": sig[0], "to": sig[1]}
    if sig[2]:
        out["access"] = sig[2]
    return out
