"""Counts of the model by layer, type, kind and plateau."""

from __future__ import annotations

from collections import Counter

from .model import Model


def _sorted(counter: Counter) -> dict:
    return dict(sorted(counter.items()))


def stats(model: Model) -> dict:
    """`{"elements", "relationships", "by_layer", "by_type", "by_kind", "by_plateau", "relationships_by_type"}`."""
    elements = model.elements.values()
    by_plateau = {
        pid: sum(model.in_plateau(el, pid) for el in elements) for pid in model.plateau_order()
    }
    return {
        "repository": model.manifest.id,
        "framework": model.framework.id,
        "files": len(model.files),
        "elements": len(model.elements),
        "relationships": len(model.relationships),
        "by_layer": _sorted(Counter(el.layer or "unknown" for el in elements)),
        "by_type": _sorted(Counter(el.type or "unknown" for el in elements)),
        "by_kind": _sorted(Counter(el.kind for el in elements if el.kind)),
        "by_plateau": by_plateau,
        "relationships_by_type": _sorted(Counter(rel.type for rel in model.relationships)),
        "reference_models": {rm_id: len(rm.categories) for rm_id, rm in sorted(model.reference_models.items())},
    }
