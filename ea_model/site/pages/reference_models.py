"""LANG/rm.html and LANG/rm/ID.html: each reference model as a tree of categories with the elements
classified under each (and the count with its sub-codes)."""

from __future__ import annotations

from collections import defaultdict

from .. import urls
from ..context import Site
from ..inputs import Inputs


def _tree(site: Site, rm, lang: str) -> list[dict]:
    classified = site.links["classified"]
    children: dict[str | None, list[str]] = defaultdict(list)
    for code, cat in rm.categories.items():
        parent = cat.parent if cat.parent in rm.categories else None
        children[parent].append(code)

    def node(code: str) -> dict:
        cat = rm.categories[code]
        kids = [node(c) for c in children.get(code, [])]
        ids = set(classified.get(code, [])).union(*(k["ids"] for k in kids))
        return {"code": code, "anchor": urls.category_anchor(code), "name": site.t(cat.name, lang),
                "description": site.t(cat.description, lang), "inferred": cat.inferred,
                "elements": [site.ref(e, lang) for e in classified.get(code, [])], "children": kids,
                "total": len(ids), "ids": ids}

    return [node(code) for code in children.get(None, [])]


def write(site: Site, lang: str, inputs: Inputs) -> None:
    classified = site.links["classified"]
    rows = []
    for rm in site.reference_models():
        rows.append({"id": rm.id, "kind": rm.kind, "url": urls.rm_path(rm.id), "name": site.t(rm.name, lang) or rm.id,
                     "codes": len(rm.categories),
                     "classified": sum(len(classified.get(code, ())) for code in rm.categories),
                     "origin": site.language(lang).word(f"origin_{rm.origin}")})
    site.render("rms.html.j2", lang, "rm.html", rms=rows)
    for rm, row in zip(site.reference_models(), rows, strict=True):
        site.render("rm.html.j2", lang, row["url"], rm=row, tree=_tree(site, rm, lang))
