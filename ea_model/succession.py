"""Who held a responsibility when: elements that `replaces` others carry their predecessors' ownership and
relationships forward, so that facts are declared once, against the unit that held them when the source
was written, and read against the unit that exists on a later date.

An element's life is bounded by dates where the model has them: a successor begins on the latest `until` of
its `history` (the day its predecessor's name stopped being used; 26/03/2025 for the IT and Digital
Transformation Centre), and a predecessor ends where its successor begins. Without dates, the plateau in
force on the day (the latest plateau dated on or before it) says whether the element exists.

Pure: the model in, ids out.
"""

from __future__ import annotations

from .model import Element, Model, text_in


def successors(model: Model) -> dict[str, list[str]]:
    """Predecessor id -> the ids of the elements declaring that they replace it, sorted."""
    out: dict[str, list[str]] = {}
    for el in model.elements.values():
        for pred in el.replaces:
            out.setdefault(pred, []).append(el.id)
    return {k: sorted(v) for k, v in out.items()}


def begins(el: Element) -> str | None:
    """The day a successor begins: the latest `until` of its history (None for an element that replaces
    nothing, or without dated history)."""
    if not el.replaces:
        return None
    dates = [str(h.get("until")) for h in el.history if isinstance(h, dict) and h.get("until")]
    return max(dates) if dates else None


def ends(model: Model, el: Element) -> str | None:
    """The day an element is replaced: the earliest beginning of its successors (None when not known)."""
    dates = [d for s in successors(model).get(el.id, ()) if (d := begins(model.elements[s]))]
    return min(dates) if dates else None


def plateau_on(model: Model, date: str) -> str | None:
    """The plateau in force on `date` (YYYY-MM-DD): the latest dated on or before it, else the first."""
    order = sorted(model.plateaus.values(), key=lambda p: (p.date, p.order))
    if not order:
        return None
    current = [p for p in order if p.date <= date]
    return (current[-1] if current else order[0]).id


def exists_on(model: Model, el: Element, date: str) -> bool:
    """Whether `el` exists on `date`, by its succession dates first, else by the plateau in force."""
    start, end = begins(el), ends(model, el)
    if start and date < start:
        return False
    if end and date >= end:
        return False
    if start:
        return True
    plateau = plateau_on(model, date)
    return plateau is None or model.in_plateau(el, plateau)


def holders_on(model: Model, eid: str, date: str) -> list[str]:
    """The element(s) holding `eid`'s responsibilities on `date`: `eid` itself when it exists then, else its
    successors that do (followed through renames and mergers), else its predecessors that do. An element
    nobody continues is its own holder."""
    if eid not in model.elements:
        return [eid]
    if exists_on(model, model.elements[eid], date):
        return [eid]
    found = _walk(model, eid, date, lambda e: successors(model).get(e, ())) or \
        _walk(model, eid, date, lambda e: model.elements[e].replaces if e in model.elements else ())
    return found or [eid]


def _walk(model: Model, start: str, date: str, step) -> list[str]:
    found: set[str] = set()
    seen = {start}
    stack = list(step(start))
    while stack:
        eid = stack.pop()
        if eid in seen or eid not in model.elements:
            continue
        seen.add(eid)
        if exists_on(model, model.elements[eid], date):
            found.add(eid)
        else:
            stack.extend(step(eid))
    return sorted(found)


def holders_in(model: Model, eid: str, plateau: str) -> list[str]:
    """As `holders_on`, for the state of a plateau: the successors of `eid` in `plateau` when it is not."""
    el = model.elements.get(eid)
    if el is None or model.in_plateau(el, plateau):
        return [eid]
    found: set[str] = set()
    seen = {eid}
    stack = list(successors(model).get(eid, ()))
    while stack:
        sid = stack.pop()
        if sid in seen or sid not in model.elements:
            continue
        seen.add(sid)
        if model.in_plateau(model.elements[sid], plateau):
            found.add(sid)
        else:
            stack.extend(successors(model).get(sid, ()))
    return sorted(found) or [eid]


def name_on(model: Model, el: Element, date: str, lang: str) -> str:
    """The element's name on `date`: the `history` name in force then (the earliest entry used until after
    `date` and, when it says `from`, since before it), else its name."""
    for entry in sorted((h for h in el.history if isinstance(h, dict)), key=lambda h: str(h.get("until") or "")):
        until, since = str(entry.get("until") or ""), str(entry.get("from") or "")
        if until and since <= date < until and entry.get("name"):
            return text_in(entry["name"], lang)
    return el.label(lang)


def owners_on(model: Model, eid: str, date: str) -> list[str]:
    """Who owns or leads element `eid` on `date`: its owner in the plateau in force then (after `changes`),
    carried to the unit(s) holding that owner's responsibilities on the day. Empty when it has no owner."""
    el = model.elements[eid]
    plateau = plateau_on(model, date)
    owner = model.state_at(el, plateau)["owner"] if plateau else el.owner
    return holders_on(model, str(owner), date) if owner else []
