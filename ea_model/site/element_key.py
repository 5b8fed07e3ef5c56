"""The key of an element page (`output.PAGES`): a digest of everything the page is made from, taken from the
model's own data rather than from the page's template context. Making the context costs about as much as
rendering the page, so a rebuild that keeps 20,000 pages must not make 20,000 contexts to find that out.

What a page shows, and so what its key covers:
- the element's own fields (all of them: a field added to `Element` is covered without a change here) and
  where it is written (`written_at`: the digest of its file, which decides its line);
- its relationships, in the order the page lists them (every field but the line and the raw mapping);
- what it shows of each element it names (`neighbour`): owner, the other end of each relationship, the
  documents of its sources, the elements it owns, that cite it or replace it, and every string of its
  properties and changes that is (or is not) an element id, since `Site.parts` links those that are;
- its views and their titles, its reference-model codes and their categories;
- per language (`common`): the language and its fallbacks, the code and words, the site's name, git state,
  the plateaus and the kinds' labels.

Over-approximation is allowed (a page made again whose bytes do not change is still linked, not rewritten);
leaving out something the page shows is not: `tests/test_site_incremental.py` compares rebuilds after many
kinds of change with clean builds.
"""

from __future__ import annotations

import hashlib
from dataclasses import fields
from operator import attrgetter

from ..model import Element, Relationship
from .context import Site, as_list, code_digest, scalar_text

# the fields a key covers: where the line is read from (`at`) and the raw file mapping are not shown
_element_fields = attrgetter(*(f.name for f in fields(Element) if f.name not in ("at", "raw")))
_relationship_fields = attrgetter(*(f.name for f in fields(Relationship) if f.name not in ("at", "raw")))


def plain_digest(value: object) -> bytes:
    """A digest of plain data (what YAML gives: strings, numbers, booleans, dates, None, and mappings and
    lists, yamltree's Map and Seq included, whose repr is that of the dict or list they are): `repr`, in C,
    writes each type apart (1, 1.0, '1' and True differ) and keeps the order of mappings."""
    return hashlib.blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=16).digest()


def _strings(value, found: list) -> None:
    """Every string inside `value`: those `Site.parts` may turn into element links."""
    if isinstance(value, str):
        found.append(value)
    elif isinstance(value, dict):
        for item in value.values():
            _strings(item, found)
    elif isinstance(value, list | tuple):
        for item in value:
            _strings(item, found)


def _docs(sources: list, found: list) -> None:
    for s in sources:
        if isinstance(s, dict):
            found.append(s.get("doc"))


class Keys:
    """Page keys for one build; what is shared by many pages (a neighbour, the common part of a language) is
    taken once."""

    def __init__(self, site: Site, views_of: dict[str, list[str]]) -> None:
        self.site = site
        self.views_of = views_of
        self._neighbours: dict[str, bytes] = {}
        self._common: dict[str, bytes] = {}

    def common(self, lang: str) -> bytes:
        found = self._common.get(lang)
        if found is None:
            site, m = self.site, self.site.m
            plateaus = [(pid, site.plateau_label(pid, lang), m.plateaus[pid].date) for pid in site.plateaus]
            kinds = [(k, kind.label, kind.name) for k, kind in sorted(m.kinds.items())]
            found = self._common[lang] = plain_digest((
                code_digest(), lang, site.language(lang).order, site.live, site.langs, site.name_languages,
                m.manifest.name, m.manifest.id, site.git.commit, site.git.date, site.git.clean, plateaus,
                sorted(m.plateaus), kinds))
        return found

    def neighbour(self, eid) -> bytes:
        """What a page shows of another element (a link: name, kind, layer; a document's number), or None
        when `eid` is not an element; as bytes, made once per element however many pages name it."""
        if type(eid) is not str:  # an owner or document written as a number: linked by its text (`Links.of`)
            eid = scalar_text(eid)
        try:
            return self._neighbours[eid]
        except KeyError:
            el = self.site.m.elements.get(eid)
            shown = None if el is None else (el.id, el.name, el.kind, el.type, el.layer, el.properties.get("number"))
            # one line each (repr writes no line break): the lines of a page's neighbours cannot run together
            found = self._neighbours[eid] = repr(shown).encode("utf-8", "surrogatepass") + b"\n"
            return found

    def written_at(self, el: Element) -> object:
        """What decides the element's line: the digest of its file's bytes (its lines need not be read for it:
        a file read by the fast path has them parsed only when one is asked for), or its line."""
        return self.site.m.file_digests.get(el.file) or el.line

    def element(self, eid: str) -> bytes:
        """The language-independent part of the key of `eid`'s pages."""
        site = self.site
        el = site.m.elements[eid]
        out_rels, in_rels = site.relationships
        links = site.links
        rels = (*out_rels.get(eid, ()), *in_rels.get(eid, ()))
        named: list = [el.owner, *el.replaces]
        _docs(el.sources, named)
        for h in el.history:
            if isinstance(h, dict):
                _docs(as_list(h.get("source")), named)
        for r in rels:
            named += (r.source, r.target)
            _docs(r.sources, named)
            _strings(r.properties, named)
        _strings(el.properties, named)
        _strings(el.changes, named)
        # all of them, though a page lists the first `MAX_LISTED`: a rename past those remakes the page
        listed = [links[kind].get(eid, []) for kind in ("owned", "cited", "replaced_by")]
        for ids in listed:
            named += ids
        views = [(v, site.m.viewpoints[v].title) for v in self.views_of.get(eid, [])]
        categories = [(code, (cat.name, cat.model) if (cat := site.m.categories.get(code)) else None)
                      for code in el.rm]
        own = (_element_fields(el), self.written_at(el), [_relationship_fields(r) for r in rels], listed, views,
               categories)
        digest = hashlib.blake2b(repr(own).encode("utf-8", "surrogatepass") + b"\n", digest_size=16)
        for n in named:
            digest.update(self.neighbour(n))
        return digest.digest()

    def page(self, lang: str, page: str, element: bytes) -> str:
        return hashlib.blake2b(self.common(lang) + element + page.encode(), digest_size=16).hexdigest()
