"""LANG/elements/ID.html: one page per element and language, with everything about the element. The many
pages of a big model are written by forked worker processes."""

from __future__ import annotations

import contextlib
import gc
import os
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import NamedTuple

from markupsafe import Markup

from ... import forked
from ...metamodel import LAYERS
from ...model import Element, Model, Relationship
from .. import urls
from ..context import OTHER, Links, Site, as_list, scalar_text
from ..element_key import Keys
from ..html import env

MAX_LISTED = 1000  # owned / cited-by lists on one element page
CHUNK = 250  # elements per task (their pages in every language)
PARALLEL_FROM = 3000  # element pages from which they are written by several processes
PAGE_DEPTH = "../"  # from an element page (LANG/elements/ID.html) to its language folder
TEMPLATE = "element.html.j2"


class Head(NamedTuple):
    """What the template shows of the element itself besides the context's texts."""

    id: str
    inferred: bool
    kind: str | None
    type: str | None
    file: str
    line: int | None


# The build a forked worker writes pages for: set by the pool's initializer in the worker only (fork hands
# the site over without pickling it); None in the parent.
_adopted: tuple[Site, Keys] | None = None


def _adopt(site: Site, views_of: dict[str, list[str]]) -> None:
    global _adopted
    # what the worker was handed lives as long as it does: out of the cyclic collector's sight, whose full
    # collections would walk it (and copy every page of it the parent shares, to write the collector's marks)
    gc.freeze()
    _adopted = (site, Keys(site, views_of))


def _task(ids: list[str]) -> tuple[int, int, dict]:
    """Write one task's pages in a worker; what the parent's build must know of them: how many pages,
    how many files written (the others kept), and their keys (`output.PAGES`)."""
    assert _adopted is not None
    site, keys = _adopted
    written, site.output.pages = site.output.written, {}
    pages = write_pages(site, ids, keys)
    return pages, site.output.written - written, site.output.pages


def tasks(model: Model) -> list[list[str]]:
    """The elements in tasks of about `CHUNK`, each task writing their pages in every language (the
    language-independent part of a key is taken once). The elements of a file go together: a page shows
    its element's line, and the first line asked of a file read by the fast path parses the whole file
    (yamlfast), which one process had better do once."""
    by_file: dict[str, list[str]] = defaultdict(list)
    for eid in sorted(model.elements):
        by_file[model.elements[eid].file].append(eid)
    found: list[list[str]] = []
    current: list[str] = []
    for file in sorted(by_file):
        for i in range(0, len(by_file[file]), CHUNK):
            current += by_file[file][i:i + CHUNK]
            if len(current) >= CHUNK:
                found.append(current)
                current = []
    return [*found, current] if current else found


@contextlib.contextmanager
def writing(site: Site, todo: list[list[str]], views_of: dict[str, list[str]],
            done: Callable[[], None] | None = None) -> Iterator[Callable[[], None]]:
    """Every element page in every language: gives the function that returns once they are written. On big
    models forked workers start on them at once, so that they are written while the caller validates,
    draws and writes the other pages (element pages need none of that: only the views of each element);
    otherwise they are written when waited for. `todo` are the `tasks`; `done` is called after each.

    The workers' pool runs in a forked child of its own, not in this process: a pool runs threads, and a
    process with threads may not fork (`forked.can_fork`), which the caller does meanwhile (the rules of
    the validation, the other languages' pages)."""
    done = done or (lambda: None)
    jobs = min(os.cpu_count() or 1, len(todo))
    pool = None
    if jobs > 1 and len(site.ids) * len(site.langs) >= PARALLEL_FROM:
        _ = site.relationships, site.links  # indexed once, before the workers fork
        pool = forked.start(lambda: _pool(site, todo, views_of, jobs))

    def wait() -> None:
        nonlocal pool
        results, pool = pool() if pool else None, None
        if results is None:  # no fork, or the pool failed: the pages are written here
            keys = Keys(site, views_of)
            for ids in todo:
                site.pages += write_pages(site, ids, keys)
                done()
            return
        for pages, written, keys in results:
            site.pages += pages
            site.output.written += written
            site.output.kept += pages - written
            site.output.pages.update(keys)
            done()

    try:
        yield wait
    finally:
        if pool:  # the caller failed: wait for the pool rather than let it write into what is removed
            pool()


def _pool(site: Site, todo: list[list[str]], views_of: dict[str, list[str]], jobs: int) -> list:
    import multiprocessing

    with multiprocessing.get_context("fork").Pool(jobs, initializer=_adopt, initargs=(site, views_of)) as pool:
        return pool.map(_task, todo, chunksize=1)


def write_pages(site: Site, ids: list[str], keys: Keys) -> int:
    """The pages of `ids` in every language; returns how many (the worker's count does not reach the
    parent's site). A page is made only when the previous build's page of the same key cannot be kept."""
    before = site.pages
    todo: dict[str, list[tuple[str, str, str]]] = {lang: [] for lang in site.langs}
    for eid in ids:
        page = urls.element_path(eid)
        element_key = keys.element(eid)
        for lang in site.langs:
            key = keys.page(lang, page, element_key)
            if not site.keep(lang, page, key):
                todo[lang].append((eid, page, key))
    template = env().get_template(TEMPLATE)
    for lang, pages in todo.items():
        if not pages:
            continue
        view_titles = {vid: site.t(v.title, lang) or vid for vid, v in site.m.viewpoints.items()}
        plateau_rows = [(pid, site.plateau_label(pid, lang), scalar_text(site.m.plateaus[pid].date))
                        for pid in site.plateaus]
        for eid, page, key in pages:
            ctx = context(site, site.m.elements[eid], lang, plateau_rows)
            ctx["views"] = [{"title": view_titles[v], "url": urls.view_path(v)} for v in keys.views_of.get(eid, [])]
            site.render_compiled(template, lang, page, ctx, key)
    return site.pages - before


def _other_names(site: Site, el: Element, lang: str) -> list[tuple[str, str]]:
    if not isinstance(el.name, dict):
        return []
    name = site.name(el, lang)
    codes = dict.fromkeys([*site.name_languages, *el.name])
    return [(code, el.name[code]) for code in codes if code != lang and el.name.get(code) and el.name[code] != name]


def _rm_codes(site: Site, el: Element, lang: str) -> list[dict]:
    rows = []
    for code in el.rm:
        cat = site.m.categories.get(code)
        rows.append({"code": code, "name": site.t(cat.name, lang) if cat else "",
                     "url": f"{urls.rm_path(cat.model)}#{urls.category_anchor(code)}" if cat else None})
    return rows


def _plateaus(site: Site, el: Element, lang: str, plateau_rows: list, links: Links) -> list[dict]:
    """The plateaus of the model (is the element in each, what changes there), then plateaus the element
    names that the model does not have."""
    known = site.m.plateaus
    rows = []
    for pid, label, date in plateau_rows:
        rows.append({"id": pid, "name": label, "date": date, "member": el.plateaus is None or pid in el.plateaus,
                     "changes": _changes(site, el.changes.get(pid), lang, links)})
    for pid in el.plateaus or []:
        if pid not in known:
            rows.append({"id": pid, "name": pid, "date": "", "member": True, "changes": [], "unknown": True})
    for pid in el.changes:
        if pid not in known:
            rows.append({"id": pid, "name": pid, "date": "", "member": el.plateaus is None or pid in el.plateaus,
                         "changes": _changes(site, el.changes.get(pid), lang, links), "unknown": True})
    return rows


def _changes(site: Site, change, lang: str, links: Links) -> list[tuple[str, Markup]]:
    if not isinstance(change, dict):
        return []
    w = site.language(lang).word
    rows = []
    for key, value in change.items():
        if key == "properties" and isinstance(value, dict):
            for pk, pv in value.items():
                rows.append((f"{w('field.properties')} {pk}", links.parts(site.parts(pv, lang))))
        else:
            rows.append((w(f"field.{key}"), links.parts(site.parts(value, lang))))
    return rows


def _rel_row(site: Site, rel: Relationship, other: str, lang: str, prefix: str, links: Links) -> dict:
    w = site.language(lang).word
    detail = [w(f"access.{rel.access}") if rel.access else "", rel.strength or "",
              w("directed") if rel.directed else ""]
    return {"type": w(prefix + rel.type), "type_key": rel.type,
            "other": links.of(other, True), "name": site.t(rel.name, lang) if rel.name else "",
            "detail": ", ".join(d for d in detail if d),
            "properties": [(k, links.parts(site.parts(v, lang))) for k, v in rel.properties.items()],
            "plateaus": ", ".join(rel.plateaus) if rel.plateaus is not None else "",
            "sources": site.source_rows(rel.sources, lang, PAGE_DEPTH) if rel.sources else []}


def _listed(ids: list[str], links: Links) -> tuple[list[Markup], int]:
    return [links.of(i, True) for i in ids[:MAX_LISTED]], max(0, len(ids) - MAX_LISTED)


def _joined(ids: list[str], links: Links) -> Markup:
    return Markup(", ").join(links.of(i) for i in ids)


def context(site: Site, el: Element, lang: str, plateau_rows: list) -> dict:
    """What element.html.j2 shows of `el`; element links are made here (`Links`), once per build."""
    out_rels, in_rels = site.relationships
    found = site.links
    links = site.linker(lang, PAGE_DEPTH)
    owns, owns_more = _listed(found["owned"].get(el.id, []), links)
    cited_by, cited_more = _listed(found["cited"].get(el.id, []), links)
    history = [{"name": site.t(h.get("name"), lang), "until": scalar_text(h.get("until")),
                "sources": site.source_rows(as_list(h.get("source")), lang, PAGE_DEPTH)}
               for h in el.history if isinstance(h, dict)]
    return {
        "el": Head(el.id, bool(el.inferred), el.kind, el.type, el.file, el.line), "name": site.name(el, lang),
        "other_names": _other_names(site, el, lang),
        "kind": site.kind_label(el, lang), "layer": el.layer or OTHER,
        "layer_label": site.layer_label(el.layer or OTHER, lang),
        "layer_url": urls.layer_path(el.layer if el.layer in LAYERS else OTHER),
        "description": site.t(el.description, lang), "notes": site.t(el.notes, lang),
        "owner": links.of(el.owner) if el.owner else None, "rm_codes": _rm_codes(site, el, lang),
        "tags": [scalar_text(t) for t in el.tags],
        "properties": [(k, links.parts(site.parts(v, lang))) for k, v in el.properties.items()],
        "plateaus": _plateaus(site, el, lang, plateau_rows, links), "history": history,
        "replaces": _joined(el.replaces, links),
        "replaced_by": _joined(found["replaced_by"].get(el.id, []), links),
        "outgoing": [_rel_row(site, r, r.target, lang, "rel.", links) for r in out_rels.get(el.id, [])],
        "incoming": [_rel_row(site, r, r.source, lang, "rel_in.", links) for r in in_rels.get(el.id, [])],
        "sources": site.source_rows(el.sources, lang, PAGE_DEPTH),
        "owns": owns, "owns_more": owns_more, "cited_by": cited_by, "cited_more": cited_more,
    }
