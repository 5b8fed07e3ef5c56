"""Paper: a view drawn to fit an A4 or A3 page with its smallest text at least 7 pt when printed, or split into
several pages that point at each other: a relationship to an element on another page ends at a dashed "see page N"
reference. Pages are planned by packing the clusters in order (a cluster too big cut into pieces) and, for views
whose lines cross pages a lot, also by growing each page along the lines; the plan with fewer pages is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..errors import EaError
from ..gitinfo import GitState
from ..i18n import word
from ..model import Model
from ..viewpoints import Selection
from . import layout, svg
from . import scene as scenes

PAPERS = {"A4": (595.28, 841.89), "A3": (841.89, 1190.55)}  # portrait, in points
PAGE_MARGIN = 28.35  # 10 mm on every side
MIN_TEXT = 7.0  # points, at print size
PAGE_SPEC = re.compile(r"^(A4|A3)(?:[ -](landscape|portrait))?$")


@dataclass(frozen=True)
class Paper:
    name: str
    landscape: bool = False
    margin: float = PAGE_MARGIN  # points on every side (a document's widest margin, for its figures)

    @property
    def size(self) -> tuple[float, float]:
        w, h = PAPERS[self.name]
        return (h, w) if self.landscape else (w, h)

    @property
    def area(self) -> tuple[float, float]:
        w, h = self.size
        return w - 2 * self.margin, h - 2 * self.margin

    def __str__(self) -> str:
        return f"{self.name} {'landscape' if self.landscape else 'portrait'}"


def paper(spec: str | None, landscape: bool | None = None) -> Paper | None:
    """`A4`, `A3`, `A3 landscape`, `A4-portrait` (a view's `page:` or `--page`); `landscape` overrides."""
    if not spec:
        return None
    match = PAGE_SPEC.match(str(spec).strip())
    if not match:
        raise EaError(f"unknown page '{spec}': use A4 or A3, optionally followed by landscape or portrait")
    turned = match.group(2) == "landscape" if landscape is None else landscape
    return Paper(match.group(1), turned)


@dataclass
class Page:
    scene: scenes.Scene
    geometry: layout.Geometry
    scale: float  # drawing -> paper
    paper: Paper | None

    @property
    def text_pt(self) -> float:
        """The smallest text at print size."""
        return round(min(self.scene.sizes) * self.scale, 1)


def fit(scene: scenes.Scene, geometry: layout.Geometry, sheet: Paper | None) -> float:
    if sheet is None:
        return 1.0
    w, h = svg.extent(scene, geometry)
    aw, ah = sheet.area
    return min(1.0, aw / w, ah / h)


def fits(scene: scenes.Scene, geometry: layout.Geometry, sheet: Paper | None) -> bool:
    return min(scene.sizes) * fit(scene, geometry, sheet) >= MIN_TEXT - 1e-9


@dataclass
class Drawing:
    """How to draw: the caller's options, the same for every page."""

    model: Model
    lang: str
    git: GitState | None
    notation: str = "archimate"
    styles: dict | None = None
    legend: list | None = None
    plateau_label: str | None = None


def part(sel: Selection, ids: set[str]) -> tuple[Selection, set[str]]:
    """The sub-selection of `ids` with the relationships that touch them, and the elements those relationships
    reach on other parts."""
    elsewhere: set[str] = set()
    rels = []
    for rel in sel.relationships:
        inside = (rel.source in ids, rel.target in ids)
        if any(inside):
            rels.append(rel)
            if not all(inside):
                elsewhere.add(rel.target if inside[0] else rel.source)
    groups = {k: [e for e in v if e in ids] for k, v in sel.groups.items()}
    return replace(sel, elements=[el for el in sel.elements if el.id in ids], relationships=rels,
                   groups={k: v for k, v in groups.items() if v}), elsewhere


def _units(sel: Selection) -> list[list[str]]:
    """What a page is made of: the view's clusters, in drawing order (loose elements last)."""
    return [list(sel.groups[k]) for k in scenes.cluster_keys(sel) if sel.groups[k]]


SWAP = {"TB": "LR", "LR": "TB", "BT": "RL", "RL": "BT"}


def _variants(sel: Selection) -> list[Selection]:
    """The view as it says, then turned a quarter (a tall picture may fit a landscape page across), then without
    its cluster stacking: the first that fits the page is taken."""
    view = sel.view
    turned = replace(view, direction=SWAP.get(view.direction, "TB"))
    # `stack: false` and a group_by other than layer: the clusters float freely (layered, see Scene.layered)
    flat = replace(view, style={**view.style, "stack": False},
                   group_by="none" if view.group_by == "layer" and not view.clusters else view.group_by)
    flat_turned = replace(flat, direction=turned.direction)
    return [sel] + [replace(sel, view=v) for v in (turned, flat, flat_turned)]


def _layout_of(drawing: Drawing, sel: Selection, elsewhere: dict[str, int], page_label: str | None,
               sheet: Paper | None = None):
    """The scene and geometry of `sel`: on paper, the first variant that fits (else the one printing largest)."""
    best = None
    for variant in _variants(sel) if sheet else [sel]:
        scene = scenes.build(drawing.model, variant, drawing.lang, drawing.git, styles=drawing.styles,
                             legend=drawing.legend, plateau_label=drawing.plateau_label, notation=drawing.notation,
                             elsewhere=elsewhere, page_label=page_label)
        geometry = layout.compute(scene, _room(sheet, scene) if sheet else None)
        scale = fit(scene, geometry, sheet)
        if best is None or scale > best[2] + 1e-9:
            best = (scene, geometry, scale)
        if fits(scene, geometry, sheet):
            break
    return best[0], best[1]


def _room(sheet: Paper, scene: scenes.Scene) -> tuple[float, float]:
    """The largest drawing that still prints its smallest text at MIN_TEXT on `sheet`."""
    scale = MIN_TEXT / min(scene.sizes)
    aw, ah = sheet.area
    return aw / scale, ah / scale


def _fits(drawing: Drawing, sel: Selection, ids: set[str], sheet: Paper) -> bool:
    sub, elsewhere = part(sel, ids)
    # where the other elements will be is not known yet: all on one page, numbered as the widest label
    scene, geometry = _layout_of(drawing, sub, dict.fromkeys(elsewhere, 99),
                                 word("page_of", drawing.lang, n=99, total=99), sheet)
    return fits(scene, geometry, sheet)


def _chunks(drawing: Drawing, sel: Selection, ids: list[str], sheet: Paper) -> list[list[str]]:
    """A cluster too big for one page, cut into halves until each fits (or is one element)."""
    if len(ids) < 2 or _fits(drawing, sel, set(ids), sheet):
        return [ids]
    half = len(ids) // 2
    return _chunks(drawing, sel, ids[:half], sheet) + _chunks(drawing, sel, ids[half:], sheet)


def _plan(drawing: Drawing, sel: Selection, sheet: Paper) -> list[set[str]]:
    """Clusters packed onto pages in the view's order, as many on each as fit; a cluster too big for a page is
    cut into pieces first, and a piece may share a page with its neighbours."""
    pieces = [piece for unit in _units(sel) for piece in _chunks(drawing, sel, unit, sheet)]
    pages: list[set[str]] = []
    current: set[str] = set()
    for piece in pieces:
        if current and not _fits(drawing, sel, current | set(piece), sheet):
            pages.append(current)
            current = set()
        current |= set(piece)
    if current:
        pages.append(current)
    return pages


def _plan_connected(drawing: Drawing, sel: Selection, sheet: Paper) -> list[set[str]]:
    """Pages grown along the lines: each starts from the most connected element left and takes, one at a time,
    the element with most lines into the page, while the page fits. Fewer lines cross pages than when the
    clusters go in order, for views whose clusters are densely interlinked."""
    links: dict[str, dict[str, int]] = {el.id: {} for el in sel.elements}
    for rel in sel.relationships:
        if rel.source in links and rel.target in links and rel.source != rel.target:
            links[rel.source][rel.target] = links[rel.source].get(rel.target, 0) + 1
            links[rel.target][rel.source] = links[rel.target].get(rel.source, 0) + 1
    order = [el.id for el in sel.elements]
    left = set(order)
    pages: list[set[str]] = []
    while left:
        seed = max((eid for eid in order if eid in left), key=lambda e: (len(links[e]), -order.index(e)))
        page = {seed}
        left.discard(seed)
        while left:
            pull: dict[str, int] = {}
            for eid in page:
                for other, n in links[eid].items():
                    if other in left:
                        pull[other] = pull.get(other, 0) + n
            candidates = sorted(pull, key=lambda e: (-pull[e], order.index(e))) or \
                [next(eid for eid in order if eid in left)]
            if not _fits(drawing, sel, page | {candidates[0]}, sheet):
                break
            page.add(candidates[0])
            left.discard(candidates[0])
        pages.append(page)
    return pages


def _crossing(sel: Selection, parts: list[set[str]]) -> int:
    home = {eid: n for n, ids in enumerate(parts) for eid in ids}
    return sum(1 for r in sel.relationships if home.get(r.source) != home.get(r.target))


def paginate(drawing: Drawing, sel: Selection, sheet: Paper | None, split: bool = True) -> list[Page]:
    """The pages of one view: one when it fits (or no paper is given), else as many as its clusters need, or as
    few as its lines allow when that crosses fewer pages."""
    scene, geometry = _layout_of(drawing, sel, {}, None, sheet)
    if sheet is None or not split or fits(scene, geometry, sheet) or len(sel.elements) < 2:
        return [Page(scene, geometry, fit(scene, geometry, sheet), sheet)]
    parts = _plan(drawing, sel, sheet)
    if len(parts) == 1:
        return [Page(scene, geometry, fit(scene, geometry, sheet), sheet)]
    pages, parts = _final(drawing, sel, parts, sheet)
    if len(parts) > 2 and _crossing(sel, parts) > len(sel.relationships) * DENSE:
        grown, grown_parts = _final(drawing, sel, _plan_connected(drawing, sel, sheet), sheet)
        if (len(grown), _crossing(sel, grown_parts)) < (len(pages), _crossing(sel, parts)):
            return grown
    return pages


def _final(drawing: Drawing, sel: Selection, parts: list[set[str]], sheet: Paper) -> tuple[list[Page], list[set[str]]]:
    """The pages drawn, with the references to other pages now known; a page they made too big is halved and
    every page drawn again."""
    parts = list(parts)
    for attempt in range(REFITS):
        pages = _draw_pages(drawing, sel, parts, sheet)
        tight = [n for n, one in enumerate(pages) if not fits(one.scene, one.geometry, sheet) and len(parts[n]) > 1]
        if not tight or attempt == REFITS - 1:
            break
        for n in reversed(tight):
            ordered = [el.id for el in sel.elements if el.id in parts[n]]
            parts[n:n + 1] = [set(ordered[: len(ordered) // 2]), set(ordered[len(ordered) // 2:])]
    return pages, parts


REFITS = 4
DENSE = 0.3  # share of a view's lines between pages from which pages are also tried grown along the lines


def _draw_pages(drawing: Drawing, sel: Selection, parts: list[set[str]], sheet: Paper) -> list[Page]:
    home = {eid: n for n, ids in enumerate(parts, start=1) for eid in ids}
    pages = []
    for n, ids in enumerate(parts, start=1):
        sub, elsewhere = part(sel, ids)
        label = word("page_of", drawing.lang, n=n, total=len(parts))
        scene, geometry = _layout_of(drawing, sub, {e: home[e] for e in elsewhere}, label, sheet)
        pages.append(Page(scene, geometry, fit(scene, geometry, sheet), sheet))
    return pages
