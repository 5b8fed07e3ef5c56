"""LANG/search.html and LANG/search-index.js: the search page and its prebuilt index of elements, views,
reference models and their categories (names in every language, folded; see site/search.py)."""

from __future__ import annotations

from .. import search, urls
from ..context import Site
from ..inputs import Inputs


def _element_entries(site: Site, lang: str, others: list[str]) -> list[list]:
    m = site.m
    entries = []
    for eid in site.ids:
        el = m.elements[eid]
        words = [el.name[o] for o in others if isinstance(el.name, dict) and el.name.get(o)]
        kind = m.kinds.get(el.kind or "")
        if kind:
            words += [kind.label[o] for o in others if kind.label.get(o)]
        words += [el.kind or "", el.type or "", *map(str, el.rm), *map(str, el.tags)]
        words += [site.t(h.get("name"), code) for h in el.history if isinstance(h, dict)
                  for code in site.name_languages]
        entries.append(search.entry("e", urls.element_path(eid), eid, site.name(el, lang), site.kind_label(el, lang),
                                    words))
    return entries


def entries(site: Site, lang: str) -> list[list]:
    others = [code for code in site.name_languages if code != lang]
    w = site.language(lang).word
    found = _element_entries(site, lang, others)
    for view_id in sorted(site.m.viewpoints):
        view = site.m.viewpoints[view_id]
        found.append(search.entry("v", urls.view_path(view.id), view.id, site.t(view.title, lang) or view.id,
                                  w("views"), [site.t(view.title, o) for o in others]))
    for rm in site.reference_models():
        found.append(search.entry("r", urls.rm_path(rm.id), rm.id, site.t(rm.name, lang) or rm.id, w("rm"),
                                  [site.t(rm.name, o) for o in others]))
        for code, cat in rm.categories.items():
            found.append(search.entry("c", f"{urls.rm_path(rm.id)}#{urls.category_anchor(code)}", code,
                                      site.t(cat.name, lang) or code, rm.id, [site.t(cat.name, o) for o in others]))
    return found


def write(site: Site, lang: str, inputs: Inputs) -> None:
    site.render("search.html.j2", lang, "search.html")
    site.write(f"{lang}/search-index.js", search.script(entries(site, lang)))
