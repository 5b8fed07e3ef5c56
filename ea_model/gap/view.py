"""The gap view: new, changed and eliminated elements (and the unchanged ones next to them, for context),
drawn through the viewpoint engine with a style per classification and a legend."""

from __future__ import annotations

import dataclasses

from ..i18n import Language, texts, word
from ..model import Model
from ..render.output import draw_selection
from ..viewpoints import Viewpoint, select
from .compare import CHANGED, ELIMINATED, INCLUDED, NEW, GapMatrix

STYLES = {
    NEW: {"fillcolor": "#C8E6C9", "color": "#2E7D32", "penwidth": "2.5"},
    CHANGED: {"fillcolor": "#FFE0B2", "color": "#E65100", "penwidth": "2.5"},
    ELIMINATED: {"fillcolor": "#FFCDD2", "color": "#C62828", "penwidth": "2", "style": "filled,dashed",
                 "fontcolor": "#7F0000"},
    "unintended": {"fillcolor": "#EF9A9A", "color": "#B71C1C", "penwidth": "3", "style": "filled,dashed",
                   "fontcolor": "#7F0000"},
    INCLUDED: {"fillcolor": "#F2F2F2", "color": "#9E9E9E", "penwidth": "1", "fontcolor": "#555555"},
}
EDGE_STYLES = {
    "rel_added": {"color": "#2E7D32", "fontcolor": "#2E7D32", "penwidth": "2"},
    "rel_removed": {"color": "#C62828", "fontcolor": "#C62828", "penwidth": "2"},
}
MAX_CONTEXT = 120  # unchanged neighbours are drawn only while the view stays under this many elements
MAX_ELEMENTS = 300  # beyond this the picture is not drawn: the matrix says it better


@dataclasses.dataclass
class GapView:
    svg: bytes | None
    elements: int
    note: str | None = None


def _merged(matrix: GapMatrix) -> Model:
    """One model to draw from: the target's, plus the baseline elements and relationships it no longer has."""
    if matrix.same_model:
        return matrix.after.model
    after, before = matrix.after.model, matrix.before.model
    elements = {**before.elements, **after.elements}
    rels = list(after.relationships) + [r for r in before.relationships
                                        if r.source not in after.elements or r.target not in after.elements]
    return dataclasses.replace(after, elements=elements, relationships=rels)


def _statuses(matrix: GapMatrix) -> dict[str, str]:
    """Element id -> its classification, for the elements of every gap (unintended eliminations apart)."""
    status: dict[str, str] = {}
    for g in matrix.gaps:
        if g.status == INCLUDED:
            continue
        key = "unintended" if g.unintended else g.status
        for eid in [g.target] if g.target else g.baseline:
            status[eid] = key
    return status


def _add_context(matrix: GapMatrix, model: Model, status: dict[str, str]) -> None:
    """Unchanged elements next to the gaps, while the picture stays small enough."""
    included = {g.target for g in matrix.gaps if g.status == INCLUDED}
    context: set[str] = set()
    for rel in model.relationships:
        for a, b in ((rel.source, rel.target), (rel.target, rel.source)):
            if a in status and b in included:
                context.add(b)
    if len(status) + len(context) <= MAX_CONTEXT:
        for eid in context:
            status[eid] = INCLUDED


def _relationship_styles(matrix: GapMatrix, sel) -> dict[str, dict]:
    """Relationships in one side only, in the colour of what happens to them (`rel:KEY` -> attributes)."""
    b, a = matrix.before, matrix.after
    own = None if matrix.same_model else \
        ({id(r) for r in b.model.relationships}, {id(r) for r in a.model.relationships})
    styles = {}
    for rel in sel.relationships:
        in_before, in_after = b.model.in_plateau(rel, b.plateau), a.model.in_plateau(rel, a.plateau)
        if own is not None:
            in_before, in_after = in_before and id(rel) in own[0], in_after and id(rel) in own[1]
        if in_before != in_after:
            styles[f"rel:{rel.key}"] = EDGE_STYLES["rel_added" if in_after else "rel_removed"]
    return styles


def gap_view(matrix: GapMatrix, lang: str, git=None) -> GapView:
    status = _statuses(matrix)
    if not status:
        return GapView(None, 0, word("no_gaps_to_draw", lang))
    if len(status) > MAX_ELEMENTS:
        return GapView(None, len(status), word("too_many", lang).format(n=len(status)))
    model = _merged(matrix)
    _add_context(matrix, model, status)
    b, a = matrix.before, matrix.after
    language = Language.of(lang, a.model.manifest.languages)
    label = f"{language.text(b.model.plateaus[b.plateau].name)} → {language.text(a.model.plateaus[a.plateau].name)}"
    view = Viewpoint(
        id=f"gap-{b.plateau}-{a.plateau}", title=texts("gap_view"), file="", line=0,
        select={"ids": sorted(status)}, group_by="layer", direction="LR",
    )
    sel = select(model, view, None)
    sides = [(b.model, b.plateau), (a.model, a.plateau)]
    sel.relationships = [r for r in sel.relationships if any(m.in_plateau(r, p) for m, p in sides)]
    sel.plateau = a.plateau if a.plateau in model.plateaus else None
    legend_keys = [k for k in (NEW, CHANGED, ELIMINATED, "unintended", INCLUDED) if k in status.values()]
    legend = [(word("context" if k == INCLUDED else k, lang), {"shape": "box", **STYLES[k]}) for k in legend_keys]
    rel_styles = _relationship_styles(matrix, sel)
    for key in ("rel_added", "rel_removed"):
        if EDGE_STYLES[key] in rel_styles.values():
            legend.append((word(key, lang), {"shape": "plaintext", "fontcolor": EDGE_STYLES[key]["color"]}))
    styles: dict[str, dict] = {eid: STYLES[key] for eid, key in status.items()} | rel_styles
    svg = draw_selection(model, sel, lang, git, styles=styles, legend=legend, plateau_label=label)
    return GapView(svg, len(sel.elements))
