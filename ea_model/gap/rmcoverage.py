"""Reference-model coverage: for each category of the reference models (BRM, DRM, ARM, TRM, SRM), how many
elements in scope are classified under it (its code or a code below it) in each plateau, and the categories
that stay empty in the target."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..framework import Category
from .compare import GapMatrix, Side, _SideIndex

RM_ORDER = ("BRM", "DRM", "ARM", "TRM", "SRM")


@dataclass
class CategoryRow:
    code: str
    model: str  # reference model id
    kind: str  # BRM, DRM, ...
    level: int
    name: dict
    counts: list[int]  # one per column


@dataclass
class RmCoverage:
    columns: list[Side]
    rows: list[CategoryRow]

    @property
    def empty_in_target(self) -> list[CategoryRow]:
        return [r for r in self.rows if r.counts and r.counts[-1] == 0]


def columns_for(matrix: GapMatrix) -> list[Side]:
    """Every plateau from the baseline to the target of one model; the two sides when comparing revisions."""
    if not matrix.same_model:
        return [matrix.before, matrix.after]
    order = matrix.after.model.plateau_order()
    i, j = order.index(matrix.before.plateau), order.index(matrix.after.plateau)
    plateaus = order[min(i, j):max(i, j) + 1]
    return [Side(matrix.after.model, p, matrix.after.revision) for p in plateaus]


def _categories(matrix: GapMatrix) -> dict[str, Category]:
    """The categories of both sides (the target's first), within the scope's reference-model codes."""
    categories: dict[str, Category] = {}
    for side in (matrix.before, matrix.after):
        for code, cat in side.model.categories.items():
            categories.setdefault(code, cat)
    if matrix.scope.rm:
        categories = {c: cat for c, cat in categories.items()
                      if any(c == r or c.startswith(r + ".") for r in matrix.scope.rm)}
    return categories


def _classified_under(codes, cats: dict[str, Category], categories: dict[str, Category]) -> set[str]:
    """The codes and every code above them."""
    hit: set[str] = set()
    for code in codes:
        seen = 0
        while code and code not in hit and seen < 50:  # up the tree; bounded against cycles
            hit.add(code)
            cat = cats.get(code) or categories.get(code)
            code = cat.parent if cat else None
            seen += 1
    return hit


def _counts(matrix: GapMatrix, columns: list[Side], categories: dict[str, Category]) -> dict[str, list[int]]:
    counts: dict[str, list[int]] = {code: [0] * len(columns) for code in categories}
    matches = matrix.scope.matcher()
    for col, side in enumerate(columns):
        # the baseline and target columns are the sides the comparison indexed already
        index = matrix.index(side) or _SideIndex(side, relationships=False)
        cats = side.model.categories
        # Elements share a few classifications: counted by classification, then added to the rows each counts in.
        tally = Counter(tuple(rm) for el, rm in index.classified() if matches(el, rm))
        for codes, n in tally.items():
            for code in _classified_under(codes, cats, categories):
                if code in counts:
                    counts[code][col] += n
    return counts


def rm_coverage(matrix: GapMatrix) -> RmCoverage:
    columns = columns_for(matrix)
    categories = _categories(matrix)
    counts = _counts(matrix, columns, categories)
    rm_rank = {k: i for i, k in enumerate(RM_ORDER)}
    models = [matrix.after.model] if matrix.same_model else [matrix.after.model, matrix.before.model]
    rms = {rm.id: rm for m in models for rm in m.reference_models.values()}
    used = {cat.model for code, cat in categories.items() if any(counts[code])}
    # A framework's reference model nobody classifies against (e.g. a provisional root the repository
    # replaced with its own taxonomy) would only pad the table; the repository's own are always shown.
    shown = {rid for rid, rm in rms.items() if rm.origin == "repository" or rid in used}
    rows = []
    for code in _tree_order(categories):
        cat = categories[code]
        if cat.model in shown:
            kind = rms[cat.model].kind if cat.model in rms else cat.model
            rows.append(CategoryRow(code, cat.model, kind, cat.level, cat.name, counts[code]))
    rows.sort(key=lambda r: (rm_rank.get(r.kind, len(RM_ORDER)), r.kind, r.model))  # stable: keeps tree order
    return RmCoverage(columns, rows)


def _tree_order(categories: dict[str, Category]) -> list[str]:
    """Codes depth-first, children after their parent, siblings by code."""
    children: dict[str | None, list[str]] = {}
    for code, cat in categories.items():
        parent = cat.parent if cat.parent in categories else None
        children.setdefault(parent, []).append(code)
    out: list[str] = []
    stack = sorted(children.get(None, []), reverse=True)
    while stack:
        code = stack.pop()
        out.append(code)
        stack.extend(sorted(children.get(code, []), reverse=True))
    return out
