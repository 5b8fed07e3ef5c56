"""LANG/layers.html and LANG/layers/LAYER.html: the elements of each layer by kind."""

from __future__ import annotations

from collections import defaultdict

from .. import urls
from ..context import LAYER_ORDER, Site
from ..inputs import Inputs


def layer_counts(site: Site, lang: str) -> list[dict]:
    return [{"layer": layer, "label": site.layer_label(layer, lang), "count": len(site.by_layer[layer]),
             "url": urls.layer_path(layer)} for layer in LAYER_ORDER if site.by_layer.get(layer)]


def write(site: Site, lang: str, inputs: Inputs) -> None:
    site.render("layers.html.j2", lang, "layers.html", layers=layer_counts(site, lang), total=len(site.m.elements))
    for layer in LAYER_ORDER:
        ids = site.by_layer.get(layer)
        if not ids:
            continue
        groups: dict[str, list[dict]] = defaultdict(list)
        for eid in ids:
            el = site.m.elements[eid]
            row = site.ref(eid, lang)
            row["owner"] = site.ref(el.owner, lang) if el.owner else None
            row["plateaus"] = ", ".join(el.plateaus) if el.plateaus is not None else ""
            groups[row["kind"]].append(row)
        site.render("layer.html.j2", lang, urls.layer_path(layer), layer=site.layer_label(layer, lang),
                    layer_key=layer, groups=sorted(groups.items()), count=len(ids))
