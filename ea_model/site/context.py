"""What every page builder shares: the model and its indexes, the validation findings, the git state, the
words and names in each language, element references, and the writer of pages into the build folder."""

from __future__ import annotations

import hashlib
import sys
from collections import defaultdict
from functools import cache, cached_property
from itertools import groupby
from pathlib import Path

from markupsafe import Markup, escape

from ..gitinfo import GitState
from ..i18n import LANGUAGES, Language, language_name
from ..metamodel import LAYERS
from ..model import Element, Model, Relationship
from ..problems import Problem
from . import urls
from .html import env, ref_html
from .output import Output

OTHER = "other"
LAYER_ORDER = (*LAYERS, OTHER)


def scalar_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


@cache
def code_digest() -> bytes:
    """What renders a page besides its inputs: this package's code, templates and static files, the words
    (i18n), and the versions of Python, Jinja2 and MarkupSafe. A page kept from the previous build was made
    by the same."""
    from importlib.metadata import version

    from .. import i18n

    here = Path(__file__).resolve().parent
    files = sorted(p for p in here.rglob("*") if p.is_file() and p.suffix in (".py", ".j2", ".css", ".js", ".svg"))
    h = hashlib.blake2b(f"{sys.version}|{version('jinja2')}|{version('markupsafe')}".encode(), digest_size=16)
    for path in [*files, Path(i18n.__file__)]:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.digest()


def _written(r: Relationship) -> tuple:
    return r.type, r.source, r.target, r.key, r.file


def _in_order(relationships: list[Relationship]) -> list[Relationship]:
    """By type, ends, key and file, then line: the line asked only of the few written twice in one file,
    since the first line asked of a file read by the fast path parses the whole file again (yamlfast)."""
    found: list[Relationship] = []
    for _, same in groupby(sorted(relationships, key=_written), key=_written):
        group = list(same)
        found += sorted(group, key=lambda r: r.line) if len(group) > 1 else group
    return found


class Words(dict):
    """The interface words of one language, escaped once: a template writes `W["kind"]` (a lookup) where
    `w("kind")` would be a call through Jinja's call machinery, on each of thousands of pages."""

    def __init__(self, language: Language) -> None:
        super().__init__()
        self.language = language

    def __missing__(self, key: str) -> Markup:
        value = self[key] = escape(self.language.word(key))
        return value


class Links:
    """Element links for pages at one depth in one language, each made once per build: the same owner,
    document or neighbour is linked from many pages. `ref(r, kind)` takes a reference as `Site.ref` makes
    it; `of(id, kind)` an element id."""

    def __init__(self, site: Site, lang: str, to_lang: str) -> None:
        self.site, self.lang, self.to_lang = site, lang, to_lang
        self._by_id: dict[tuple[str, bool], Markup] = {}
        self._by_ref: dict[tuple, Markup] = {}

    def ref(self, r: dict, kind: bool = False) -> Markup:
        key = (r["id"], r["url"], r["name"], r.get("kind"), r.get("layer"), bool(kind))
        found = self._by_ref.get(key)
        if found is None:
            found = self._by_ref[key] = ref_html(self.to_lang, r, kind)
        return found

    def of(self, eid, kind: bool = False) -> Markup:
        key = (eid if type(eid) is str else scalar_text(eid), bool(kind))
        found = self._by_id.get(key)
        if found is None:
            found = self._by_id[key] = ref_html(self.to_lang, self.site.shared_ref(key[0], self.lang), kind)
        return found

    def parts(self, items: list[dict]) -> Markup:
        """Text and element links, as `Site.parts` makes them."""
        return Markup("".join(self.ref(p["ref"]) if "ref" in p else escape(p["text"]) for p in items))


class Site:
    """One build: the model, the languages, the inputs computed before (findings, git state) and the folder
    the pages are written into."""

    def __init__(self, model: Model, langs: list[str], root: Path, problems: list[Problem], git: GitState,
                 live: bool = False, previous: Path | None = None) -> None:
        self.m = model
        self.langs = list(dict.fromkeys(langs))
        self.root = root
        self.output = Output(root, previous)
        self.problems = problems
        self.git = git
        self.live = live
        self.pages = 0
        self.ids = sorted(model.elements)
        self.plateaus = model.plateau_order()
        # languages names may be written in: the repository's, then the interface's (other names, search)
        self.name_languages = list(dict.fromkeys([*model.manifest.languages, *LANGUAGES]))
        self._languages = {code: Language.of(code, model.manifest.languages) for code in self.langs}
        self._words: dict[str, Words] = {}
        self._refs: dict[str, dict[str, dict]] = {}
        self._links: dict[tuple[str, str], Links] = {}
        self._commons: dict[tuple[str, str], dict] = {}

    # ------------------------------------------------------------------ indexes

    @cached_property
    def relationships(self) -> tuple[dict[str, list[Relationship]], dict[str, list[Relationship]]]:
        """Outgoing and incoming relationships of each element, in a stable order."""
        out_rels: dict[str, list[Relationship]] = defaultdict(list)
        in_rels: dict[str, list[Relationship]] = defaultdict(list)
        for rel in _in_order(self.m.relationships):
            out_rels[rel.source].append(rel)
            in_rels[rel.target].append(rel)
        return out_rels, in_rels

    @cached_property
    def by_layer(self) -> dict[str, list[str]]:
        by_layer: dict[str, list[str]] = defaultdict(list)
        for eid in self.ids:
            el = self.m.elements[eid]
            by_layer[el.layer if el.layer in LAYERS else OTHER].append(eid)
        return by_layer

    @cached_property
    def links(self) -> dict[str, dict[str, list[str]]]:
        """`owned` (unit -> elements it owns), `cited` (document -> elements citing it), `replaced_by` and
        `classified` (reference-model code -> elements)."""
        links: dict[str, dict[str, list[str]]] = {k: defaultdict(list) for k in
                                                  ("owned", "cited", "replaced_by", "classified")}
        for eid in self.ids:
            el = self.m.elements[eid]
            if el.owner:
                links["owned"][el.owner].append(eid)
            for doc in dict.fromkeys(s.get("doc") for s in el.sources if isinstance(s, dict)):
                if isinstance(doc, str) and doc != eid:
                    links["cited"][doc].append(eid)
            for old in el.replaces:
                links["replaced_by"][old].append(eid)
            for code in dict.fromkeys(el.rm):
                links["classified"][code].append(eid)
        return links

    def reference_models(self) -> list:
        return sorted(self.m.reference_models.values(), key=lambda rm: (rm.kind, rm.origin != "repository", rm.id))

    # ------------------------------------------------------------------ words and references

    def language(self, lang: str) -> Language:
        if lang not in self._languages:
            self._languages[lang] = Language.of(lang, self.m.manifest.languages)
        return self._languages[lang]

    def t(self, value, lang: str) -> str:
        if isinstance(value, dict):
            return self.language(lang).text(value)
        return scalar_text(value)

    def name(self, el: Element, lang: str) -> str:
        return self.language(lang).text(el.name) or el.id

    def kind_label(self, el: Element, lang: str) -> str:
        kind = self.m.kinds.get(el.kind or "")
        if kind:
            return self.language(lang).text(kind.label) or kind.name
        return el.kind or el.type or "?"

    def layer_label(self, layer: str | None, lang: str) -> str:
        if layer in LAYERS:
            return self.language(lang).word(f"layer.{layer}")
        return self.language(lang).word(OTHER)

    def words(self, lang: str) -> Words:
        if lang not in self._words:
            self._words[lang] = Words(self.language(lang))
        return self._words[lang]

    def linker(self, lang: str, to_lang: str) -> Links:
        key = (lang, to_lang)
        if key not in self._links:
            self._links[key] = Links(self, lang, to_lang)
        return self._links[key]

    def shared_ref(self, eid: str, lang: str) -> dict:
        """`ref`, made once per element and language: shared, so not to be changed."""
        refs = self._refs.get(lang)
        if refs is None:
            refs = self._refs[lang] = {}
        found = refs.get(eid)
        if found is None:
            el = self.m.elements.get(eid)
            if el is None:
                found = {"id": eid, "name": eid, "url": None, "kind": "", "layer": ""}
            else:
                found = {"id": eid, "name": self.name(el, lang), "url": urls.element_path(eid),
                         "kind": self.kind_label(el, lang), "layer": el.layer or OTHER}
            refs[eid] = found
        return found

    def ref(self, eid, lang: str) -> dict:
        """A link to an element page, or plain text when the id is not in the model (a new dict: callers
        add fields to it)."""
        return dict(self.shared_ref(scalar_text(eid), lang))

    def is_text(self, value: dict) -> bool:
        """A `{lang: text}` value, rather than a mapping of the model's own."""
        return bool(value) and set(value) <= set(self.name_languages)

    def parts(self, value, lang: str) -> list[dict]:
        """A property value as text and element links (values that are element ids link to their page)."""
        if isinstance(value, dict):
            if self.is_text(value):
                return [{"text": self.language(lang).text(value)}]
            out: list[dict] = []
            for i, (k, v) in enumerate(value.items()):
                out.append({"text": f"{'; ' if i else ''}{k}: "})
                out += self.parts(v, lang)
            return out
        if isinstance(value, list | tuple):
            out = []
            for i, v in enumerate(value):
                if i:
                    out.append({"text": ", "})
                out += self.parts(v, lang)
            return out
        if isinstance(value, str) and value in self.m.elements:
            return [{"ref": self.ref(value, lang)}]
        return [{"text": scalar_text(value)}]

    def source_rows(self, sources: list, lang: str, to_lang: str) -> list[dict]:
        """Sources as table rows; `doc` is the link to the document from a page `to_lang` below the language
        folder (None when the document is not an element)."""
        links = self.linker(lang, to_lang)
        rows = []
        for s in sources:
            if not isinstance(s, dict):
                rows.append({"doc": None, "doc_text": scalar_text(s), "section": "", "line": "", "quote": ""})
                continue
            doc = s.get("doc")
            doc_el = self.m.elements.get(doc) if isinstance(doc, str) else None
            number = scalar_text(doc_el.properties.get("number")) if doc_el else ""
            rows.append({"doc": links.of(doc) if doc_el else None, "doc_text": scalar_text(doc),
                         "number": number, "section": scalar_text(s.get("section")),
                         "line": scalar_text(s.get("line")), "quote": self.t(s.get("quote"), lang)})
        return rows

    def plateau_label(self, pid: str | None, lang: str) -> str:
        p = self.m.plateaus.get(pid or "")
        if p:
            return self.language(lang).text(p.name) or p.id
        return pid or self.language(lang).word("all_plateaus")

    def link(self, eid: str | None) -> str | None:
        return urls.element_path(eid) if eid and eid in self.m.elements else None

    # ------------------------------------------------------------------ writing

    def write(self, rel: str, data: bytes, key: str | None = None) -> None:
        """`data` at `rel`, a '/'-separated path of slugs under the build folder (unchanged files are linked
        from the site being replaced; `key`, the digest of the page's inputs: `output.Output`)."""
        self.output.write(rel, data, key)
        if rel.endswith(".html"):
            self.pages += 1

    def keep(self, lang: str, page: str, key: str) -> bool:
        """Keep the previous build's `page` if it was made from the same inputs (`element_key.Keys`)."""
        if not self.output.keep(f"{lang}/{page}", key):
            return False
        self.pages += 1
        return True

    def _common(self, lang: str, to_lang: str) -> dict:
        """What every page in `lang` at depth `to_lang` is given, with `chrome`, its layout made once."""
        key = (lang, to_lang)
        found = self._commons.get(key)
        if found is None:
            found = self._commons[key] = {
                "lang": lang, "L": to_lang, "R": to_lang + "../", "live": self.live, "w": self.language(lang).word,
                "langs": [(code, language_name(code)) for code in self.langs], "W": self.words(lang),
                "site_name": self.t(self.m.manifest.name, lang) or self.m.manifest.id, "git": self.git}
            found["chrome"] = env().get_template("chrome.html.j2").make_module(found)
        return found

    def render(self, template: str, lang: str, page: str, **ctx) -> None:
        self.render_compiled(env().get_template(template), lang, page, ctx)

    def render_compiled(self, template, lang: str, page: str, ctx: dict, key: str | None = None) -> None:
        """`page` (relative to the language folder) from `template`, with what every page shows."""
        to_lang = "../" * page.count("/")
        links = self.linker(lang, to_lang)
        common = self._common(lang, to_lang)
        html = template.render(common, page=page, ref=links.ref, parts=links.parts, **ctx)
        self.write(f"{lang}/{page}", html.encode("utf-8"), key)
