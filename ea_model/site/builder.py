"""Build the static architecture portal: one folder per language, a page per element, view, reference model,
layer and gap report, the roadmap, the validation findings, and a prebuilt search index.

Everything is relative links and local files (no CDN, no fetch at view time), so the site works from a file
share, from any static web server and offline. Text from the model goes through Jinja2 with autoescape on.
The same model gives the same bytes: no time of the run is written anywhere.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from ..errors import EaError
from ..gitinfo import GitState, model_state
from ..i18n import language_name, word
from ..metamodel import LAYERS
from ..model import Element, Model, Relationship, text_in
from ..problems import ERROR
from ..validation import validate
from ..viewpoints import LAYER_LABELS, Selection, Viewpoint, select
from . import search, urls

HERE = Path(__file__).resolve().parent
MARKER = ".ea-site"
OTHER = "other"
MAX_LISTED = 1000  # owned / cited-by lists on one element page
LAYER_ORDER = (*LAYERS, OTHER)
CHUNK = 500  # element pages per task
PARALLEL_FROM = 3000  # element pages from which they are written by several processes
_WORKER: _Builder | None = None  # the builder, in forked worker processes


def _can_fork() -> bool:
    """Fork only a single-threaded process (`ea serve` rebuilds from its watcher thread: no fork there)."""
    import multiprocessing
    import threading

    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _element_chunk(job: tuple[str, list[str]]) -> int:
    lang, ids = job
    assert _WORKER is not None
    return _WORKER._element_pages(lang, ids)


class SiteError(EaError):
    pass


@dataclass
class SiteResult:
    out: Path
    languages: list[str]
    pages: int
    elements: int
    views: int
    reports: int
    errors: int
    warnings: int
    seconds: float
    notes: list[str] = field(default_factory=list)


@cache
def _env() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.globals["slug"] = urls.slug
    return env


def inline_svg(svg: bytes | str) -> Markup:
    """An SVG document as an element to put in HTML: without its XML declaration, doctype and comments.
    graphviz escapes every text and attribute it writes, so the markup is safe to embed."""
    text = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    start = text.find("<svg")
    text = re.sub(r"<!--.*?-->", "", text[start:] if start >= 0 else text, flags=re.S)
    return Markup(text.strip())


def ref_html(to_lang: str, r: dict, kind: bool = False) -> Markup:
    """A link to an element (its name, id and, with `kind`, its kind), or the bare id when it is not in the
    model. Built here rather than in a Jinja macro: a page can hold hundreds of them. Every piece of model
    text goes through `escape`; urls are slugs (urls.slug), safe as they are."""
    if not r["url"]:
        return Markup(f'<code class="id missing">{escape(r["id"])}</code>')
    html = f'<a class="ref" href="{to_lang}{r["url"]}">{escape(r["name"])}</a>'
    if r["name"] != r["id"]:
        html += f' <code class="id">{escape(r["id"])}</code>'
    if kind and r["kind"]:
        html += f' <span class="kind layer-{escape(r["layer"])}">{escape(r["kind"])}</span>'
    return Markup(html)


def parts_html(to_lang: str, items: list[dict]) -> Markup:
    """Text and element links, as `_Builder.parts` makes them."""
    return Markup("".join(ref_html(to_lang, p["ref"]) if "ref" in p else escape(p["text"]) for p in items))


# ---------------------------------------------------------------------------------------------- placing


def check_target(out: Path) -> None:
    """Refuse to replace a folder that `ea site` did not build (`--out .` must never wipe a repository)."""
    if out.is_file() or out.is_symlink():
        raise SiteError(f"{out} is a file or a symbolic link, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SiteError(f"{out} is not empty and was not built by `ea site` (no {MARKER} file): "
                        "choose another --out folder or empty this one")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step where the kernel can (Linux renameat2 RENAME_EXCHANGE)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError, TypeError):  # not Linux, or a C library without renameat2
        return False
    at_fdcwd, rename_exchange = -100, 2
    return fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def place(tmp: Path, out: Path) -> None:
    """Put the finished build at `out`: readers see the old site or the new one, never half of one."""
    if out.is_dir():
        if _exchange(tmp, out):
            shutil.rmtree(tmp, ignore_errors=True)
            return
        old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old-"))
        os.replace(out, old / "site")
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, out)


def build_site(model: Model, out: str | Path, languages: list[str] | None = None, live_reload: bool = False,
               progress: Callable[[str], None] | None = None) -> SiteResult:
    """Build the site for `model` into `out` (a temporary folder beside it, renamed into place when done)."""
    start = time.perf_counter()
    out = Path(out).absolute()
    check_target(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.building-"))
    try:
        os.chmod(tmp, 0o755)
        builder = _Builder(model, languages or list(model.manifest.languages), tmp, live_reload,
                           progress or (lambda _text: None))
        builder.build()
        place(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    errors = sum(p.severity == ERROR for p in builder.problems)
    return SiteResult(out, builder.langs, builder.pages, len(model.elements), len(builder.views),
                      len(builder.reports), errors, len(builder.problems) - errors,
                      time.perf_counter() - start, builder.notes)


# ---------------------------------------------------------------------------------------------- helpers


def _is_scalar(value) -> bool:
    return not isinstance(value, dict | list | tuple)


def _scalar_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


@dataclass
class _Report:
    """One gap analysis shown in the site."""

    id: str
    title: dict | str
    from_plateau: str
    to_plateau: str
    analysis: object
    definition: object | None
    file: str = ""


class _Builder:
    def __init__(self, model: Model, langs: list[str], root: Path, live: bool, progress) -> None:
        self.m = model
        self.langs = [lang for lang in dict.fromkeys(langs)]
        self.root = root
        self.live = live
        self.progress = progress
        self.pages = 0
        self.notes: list[str] = []
        self.progress("validating")
        self.problems = validate(model)
        self.git: GitState = model_state(model)
        self.ids = sorted(model.elements)
        self.plateaus = model.plateau_order()
        self._index()
        self.views: list[Viewpoint] = [model.viewpoints[v] for v in sorted(model.viewpoints)]
        self.reports: list[_Report] = []
        self.skipped_reports: list[dict] = []
        self.roadmap: _Report | None = None

    # ------------------------------------------------------------------ indexes

    def _index(self) -> None:
        m = self.m
        self.out_rels: dict[str, list[Relationship]] = defaultdict(list)
        self.in_rels: dict[str, list[Relationship]] = defaultdict(list)
        for rel in sorted(m.relationships, key=lambda r: (r.type, r.source, r.target, r.key, r.file, r.line)):
            self.out_rels[rel.source].append(rel)
            self.in_rels[rel.target].append(rel)
        self.owned: dict[str, list[str]] = defaultdict(list)
        self.cited: dict[str, list[str]] = defaultdict(list)
        self.replaced_by: dict[str, list[str]] = defaultdict(list)
        self.classified: dict[str, list[str]] = defaultdict(list)
        self.by_layer: dict[str, list[str]] = defaultdict(list)
        for eid in self.ids:
            el = m.elements[eid]
            self.by_layer[el.layer if el.layer in LAYERS else OTHER].append(eid)
            if el.owner:
                self.owned[el.owner].append(eid)
            for doc in dict.fromkeys(s.get("doc") for s in el.sources if isinstance(s, dict)):
                if isinstance(doc, str) and doc != eid:
                    self.cited[doc].append(eid)
            for old in el.replaces:
                self.replaced_by[old].append(eid)
            for code in dict.fromkeys(el.rm):
                self.classified[code].append(eid)

    # ------------------------------------------------------------------ words and references

    def t(self, value, lang: str) -> str:
        if isinstance(value, dict):
            return text_in(value, lang)
        return _scalar_text(value)

    def kind_label(self, el: Element, lang: str) -> str:
        kind = self.m.kinds.get(el.kind or "")
        if kind:
            return text_in(kind.label, lang) or kind.name
        return el.kind or el.type or "?"

    def layer_label(self, layer: str | None, lang: str) -> str:
        if layer == OTHER or layer not in LAYER_LABELS:
            return word("other", lang)
        return text_in(LAYER_LABELS[layer], lang)

    def ref(self, eid, lang: str) -> dict:
        """A link to an element page, or plain text when the id is not in the model."""
        eid = _scalar_text(eid)
        el = self.m.elements.get(eid)
        if el is None:
            return {"id": eid, "name": eid, "url": None, "kind": "", "layer": ""}
        return {"id": eid, "name": el.label(lang), "url": urls.element_path(eid), "kind": self.kind_label(el, lang),
                "layer": el.layer or OTHER}

    def parts(self, value, lang: str) -> list[dict]:
        """A property value as text and element links (values that are element ids link to their page)."""
        if isinstance(value, dict):
            if set(value) <= {"vi", "en"} and value:
                return [{"text": text_in(value, lang)}]
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
        return [{"text": _scalar_text(value)}]

    def source_rows(self, sources: list, lang: str) -> list[dict]:
        rows = []
        for s in sources:
            if not isinstance(s, dict):
                rows.append({"doc": None, "doc_text": _scalar_text(s), "section": "", "line": "", "quote": ""})
                continue
            doc = s.get("doc")
            doc_el = self.m.elements.get(doc) if isinstance(doc, str) else None
            number = _scalar_text(doc_el.properties.get("number")) if doc_el else ""
            rows.append({"doc": self.ref(doc, lang) if doc_el else None, "doc_text": _scalar_text(doc),
                         "number": number, "section": _scalar_text(s.get("section")),
                         "line": _scalar_text(s.get("line")), "quote": self.t(s.get("quote"), lang)})
        return rows

    def plateau_label(self, pid: str | None, lang: str) -> str:
        p = self.m.plateaus.get(pid or "")
        return (text_in(p.name, lang) or p.id) if p else (pid or word("all_plateaus", lang))

    # ------------------------------------------------------------------ pages

    def render(self, template: str, lang: str, page: str, **ctx) -> None:
        self._render_compiled(_env().get_template(template), lang, page, ctx)

    def write(self, rel: str, data: bytes) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if rel.endswith(".html"):
            self.pages += 1

    def build(self) -> None:
        self.progress("drawing views")
        svgs, selections = self._draw_views()
        self.progress("comparing plateaus")
        self._analyse()
        views_of: dict[str, list[str]] = defaultdict(list)
        for view in self.views:
            sel = selections.get(view.id)
            for el in sel.elements if sel else []:
                views_of[el.id].append(view.id)
        for lang in self.langs:
            self.progress(f"writing pages ({lang})")
            self._home(lang)
            self._layers(lang)
            self._views(lang, svgs, selections)
            self._reference_models(lang)
            self._gap(lang)
            self._problems(lang)
            self.render("search.html.j2", lang, "search.html")
            self.write(f"{lang}/search-index.js", search.script(self._search_entries(lang)))
        self.progress("writing element pages")
        self._elements(views_of)
        self._static()

    def _static(self) -> None:
        for path in sorted((HERE / "static").iterdir()):
            if path.is_file():
                self.write(f"_static/{path.name}", path.read_bytes())
        default = self.langs[0]
        html = _env().get_template("root.html.j2").render(
            default=default, langs=[(code, language_name(code)) for code in self.langs],
            site_name=self.t(self.m.manifest.name, default) or self.m.manifest.id)
        self.write("index.html", html.encode("utf-8"))
        self.write(MARKER, b"Built by `ea site`; the whole folder is replaced at each build.\n")

    # ------------------------------------------------------------------ views

    def _draw_views(self) -> tuple[dict, dict]:
        from ..render.dot import to_dot
        from ..render.output import RenderError, check_dot

        selections: dict[str, Selection] = {}
        for view in self.views:
            try:
                selections[view.id] = select(self.m, view)
            except Exception as exc:  # a broken view must not stop the site; its page says why
                self.notes.append(f"view {view.id}: {exc}")
        if not selections:
            return {}, selections
        try:
            check_dot()
        except RenderError as exc:
            self.notes.append(str(exc))
            return {}, selections
        import graphviz

        def draw(view_id: str, lang: str):
            sel = selections[view_id]
            links = {el.id: {"href": "../" + urls.element_path(el.id), "target": "_top"} for el in sel.elements}
            try:
                dot = to_dot(self.m, sel, lang, self.git, styles=links)
                return graphviz.Source(dot, engine="dot").pipe(format="svg")
            except (graphviz.CalledProcessError, graphviz.ExecutableNotFound) as exc:
                return exc

        jobs = [(vid, lang) for vid in sorted(selections) for lang in self.langs]
        with ThreadPoolExecutor(max_workers=max(1, os.cpu_count() or 1)) as pool:
            results = list(pool.map(lambda job: draw(*job), jobs))
        svgs = {}
        for job, result in zip(jobs, results, strict=True):
            if isinstance(result, Exception):
                self.notes.append(f"view {job[0]} ({job[1]}): graphviz failed: {result}")
            else:
                svgs[job] = result
        return svgs, selections

    def _views(self, lang: str, svgs: dict, selections: dict) -> None:
        rows = []
        for view in self.views:
            sel = selections.get(view.id)
            rows.append({"id": view.id, "url": urls.view_path(view.id), "title": self.t(view.title, lang) or view.id,
                         "description": self.t(view.description, lang), "elements": len(sel.elements) if sel else 0,
                         "relationships": len(sel.relationships) if sel else 0,
                         "plateau": self.plateau_label(sel.plateau if sel else view.plateau, lang)})
        self.render("views.html.j2", lang, "views.html", views=rows)
        for view, row in zip(self.views, rows, strict=True):
            sel = selections.get(view.id)
            svg = svgs.get((view.id, lang))
            svg_name = None
            if svg is not None:
                svg_name = f"{urls.slug(view.id)}.svg"
                self.write(f"{lang}/views/{svg_name}", svg)
            members = []
            for el in sel.elements if sel else []:
                r = self.ref(el.id, lang)
                r["layer_label"] = self.layer_label(el.layer or OTHER, lang)
                members.append(r)
            self.render("view.html.j2", lang, row["url"], view=row, svg=inline_svg(svg) if svg else None,
                        svg_name=svg_name, members=members, sources=self.source_rows(view.sources, lang),
                        file=view.file, line=view.line)

    # ------------------------------------------------------------------ home, layers, problems

    def _layer_counts(self, lang: str) -> list[dict]:
        return [{"layer": layer, "label": self.layer_label(layer, lang), "count": len(self.by_layer[layer]),
                 "url": urls.layer_path(layer)} for layer in LAYER_ORDER if self.by_layer.get(layer)]

    def _home(self, lang: str) -> None:
        m = self.m
        plateaus = []
        for pid in self.plateaus:
            p = m.plateaus[pid]
            count = sum(1 for el in m.elements.values() if el.plateaus is None or pid in el.plateaus)
            plateaus.append({"id": pid, "name": self.t(p.name, lang) or pid, "date": _scalar_text(p.date),
                             "count": count})
        latest = self._report_summary(self.reports[-1], lang) if self.reports else None
        rms = [{"id": rm.id, "url": urls.rm_path(rm.id), "name": self.t(rm.name, lang) or rm.id,
                "codes": len(rm.categories)} for rm in self._rms()]
        errors = sum(p.severity == ERROR for p in self.problems)
        self.render("home.html.j2", lang, "index.html", layers=self._layer_counts(lang), plateaus=plateaus,
                    latest=latest, views=len(self.views), rms=rms, relationships=len(m.relationships),
                    elements=len(m.elements), errors=errors, warnings=len(self.problems) - errors,
                    framework=self.t(m.framework.name, lang) or m.framework.id,
                    description=self.t(m.manifest.raw.get("description") if isinstance(m.manifest.raw, dict)
                                       else None, lang))

    def _layers(self, lang: str) -> None:
        self.render("layers.html.j2", lang, "layers.html", layers=self._layer_counts(lang),
                    total=len(self.m.elements))
        for layer in LAYER_ORDER:
            ids = self.by_layer.get(layer)
            if not ids:
                continue
            groups: dict[str, list[dict]] = defaultdict(list)
            for eid in ids:
                el = self.m.elements[eid]
                row = self.ref(eid, lang)
                row["owner"] = self.ref(el.owner, lang) if el.owner else None
                row["plateaus"] = ", ".join(el.plateaus) if el.plateaus is not None else ""
                groups[row["kind"]].append(row)
            self.render("layer.html.j2", lang, urls.layer_path(layer), layer=self.layer_label(layer, lang),
                        layer_key=layer, groups=sorted(groups.items()), count=len(ids))

    def _problems(self, lang: str) -> None:
        rows = [{"file": p.file, "line": p.line, "code": p.code, "severity": p.severity, "message": p.message,
                 "hint": p.hint} for p in self.problems]
        errors = sum(p.severity == ERROR for p in self.problems)
        self.render("problems.html.j2", lang, "problems.html", problems=rows, errors=errors,
                    warnings=len(rows) - errors)

    # ------------------------------------------------------------------ elements

    def _elements(self, views_of: dict[str, list[str]]) -> None:
        """Every element page in every language; in worker processes on big models (forked, so they share
        the model without pickling it)."""
        self._views_of = views_of
        chunks = [(lang, self.ids[i:i + CHUNK]) for lang in self.langs for i in range(0, len(self.ids), CHUNK)]
        jobs = min(os.cpu_count() or 1, len(chunks))
        if jobs > 1 and len(self.ids) * len(self.langs) >= PARALLEL_FROM and _can_fork():
            import multiprocessing

            global _WORKER
            _WORKER = self
            try:
                with multiprocessing.get_context("fork").Pool(jobs) as pool:
                    self.pages += sum(pool.map(_element_chunk, chunks))
            finally:
                _WORKER = None
            return
        for lang, ids in chunks:
            self.pages += self._element_pages(lang, ids)

    def _element_pages(self, lang: str, ids: list[str]) -> int:
        view_titles = {v.id: self.t(v.title, lang) or v.id for v in self.views}
        plateau_rows = [(pid, self.plateau_label(pid, lang), _scalar_text(self.m.plateaus[pid].date))
                        for pid in self.plateaus]
        template = _env().get_template("element.html.j2")
        before = self.pages
        for eid in ids:
            el = self.m.elements[eid]
            ctx = self._element_ctx(el, lang, plateau_rows)
            ctx["views"] = [{"title": view_titles[v], "url": urls.view_path(v)} for v in self._views_of.get(eid, [])]
            self._render_compiled(template, lang, urls.element_path(eid), ctx)
        return self.pages - before

    def _render_compiled(self, template, lang: str, page: str, ctx: dict) -> None:
        depth = page.count("/")
        to_lang = "../" * depth
        html = template.render(
            lang=lang, page=page, L=to_lang, R=to_lang + "../", live=self.live,
            ref=functools.partial(ref_html, to_lang), parts=functools.partial(parts_html, to_lang),
            langs=[(code, language_name(code)) for code in self.langs],
            w=lambda key, **kw: word(key, lang).format(**kw) if kw else word(key, lang),
            site_name=self.t(self.m.manifest.name, lang) or self.m.manifest.id, git=self.git, **ctx)
        self.write(f"{lang}/{page}", html.encode("utf-8"))

    def _element_ctx(self, el: Element, lang: str, plateau_rows: list) -> dict:
        m = self.m
        other_names = [(code, text_in(el.name, code)) for code in ("vi", "en")
                       if code != lang and isinstance(el.name, dict) and el.name.get(code)
                       and el.name.get(code) != el.label(lang)]
        rm_codes = []
        for code in el.rm:
            cat = m.categories.get(code)
            rm_codes.append({"code": code, "name": self.t(cat.name, lang) if cat else "",
                             "url": f"{urls.rm_path(cat.model)}#{urls.category_anchor(code)}" if cat else None})
        properties = [(key, self.parts(value, lang)) for key, value in el.properties.items()]
        plateaus = []
        for pid, label, date in plateau_rows:
            member = el.plateaus is None or pid in el.plateaus
            plateaus.append({"id": pid, "name": label, "date": date, "member": member,
                             "changes": self._changes(el.changes.get(pid), lang)})
        for pid in el.plateaus or []:
            if pid not in m.plateaus:
                plateaus.append({"id": pid, "name": pid, "date": "", "member": True, "changes": [], "unknown": True})
        for pid in el.changes:
            if pid not in m.plateaus:
                member = el.plateaus is None or pid in el.plateaus
                plateaus.append({"id": pid, "name": pid, "date": "", "member": member,
                                 "changes": self._changes(el.changes.get(pid), lang), "unknown": True})
        history = [{"name": self.t(h.get("name"), lang), "until": _scalar_text(h.get("until")),
                    "sources": self.source_rows(_as_list(h.get("source")), lang)}
                   for h in el.history if isinstance(h, dict)]
        owned = self.owned.get(el.id, [])
        cited = self.cited.get(el.id, [])
        return {
            "el": el, "name": el.label(lang), "other_names": other_names, "kind": self.kind_label(el, lang),
            "layer": el.layer or OTHER, "layer_label": self.layer_label(el.layer or OTHER, lang),
            "layer_url": urls.layer_path(el.layer if el.layer in LAYERS else OTHER),
            "description": self.t(el.description, lang), "notes": self.t(el.notes, lang),
            "owner": self.ref(el.owner, lang) if el.owner else None, "rm_codes": rm_codes,
            "tags": [_scalar_text(t) for t in el.tags], "properties": properties, "plateaus": plateaus,
            "history": history, "replaces": [self.ref(r, lang) for r in el.replaces],
            "replaced_by": [self.ref(r, lang) for r in self.replaced_by.get(el.id, [])],
            "outgoing": [self._rel_row(r, r.target, lang, "rel.") for r in self.out_rels.get(el.id, [])],
            "incoming": [self._rel_row(r, r.source, lang, "rel_in.") for r in self.in_rels.get(el.id, [])],
            "sources": self.source_rows(el.sources, lang),
            "owns": [self.ref(i, lang) for i in owned[:MAX_LISTED]], "owns_more": max(0, len(owned) - MAX_LISTED),
            "cited_by": [self.ref(i, lang) for i in cited[:MAX_LISTED]],
            "cited_more": max(0, len(cited) - MAX_LISTED),
        }

    def _changes(self, change, lang: str) -> list[dict]:
        if not isinstance(change, dict):
            return []
        rows = []
        for key, value in change.items():
            if key == "properties" and isinstance(value, dict):
                for pk, pv in value.items():
                    rows.append({"field": f"{word('field.properties', lang)} {pk}", "parts": self.parts(pv, lang)})
            else:
                rows.append({"field": word(f"field.{key}", lang), "parts": self.parts(value, lang)})
        return rows

    def _rel_row(self, rel: Relationship, other: str, lang: str, prefix: str) -> dict:
        detail = []
        if rel.access:
            detail.append(rel.access)
        if rel.strength:
            detail.append(rel.strength)
        if rel.directed:
            detail.append("directed")
        name = self.t(rel.name, lang) if rel.name else ""
        return {"type": word(prefix + rel.type, lang), "type_key": rel.type, "other": self.ref(other, lang),
                "name": name, "detail": ", ".join(detail),
                "properties": [(k, self.parts(v, lang)) for k, v in rel.properties.items()],
                "plateaus": ", ".join(rel.plateaus) if rel.plateaus is not None else "",
                "sources": self.source_rows(rel.sources, lang), "file": rel.file, "line": rel.line}

    # ------------------------------------------------------------------ reference models

    def _rms(self) -> list:
        return sorted(self.m.reference_models.values(), key=lambda rm: (rm.kind, rm.origin != "repository", rm.id))

    def _reference_models(self, lang: str) -> None:
        rows = []
        for rm in self._rms():
            classified = sum(len(self.classified.get(code, ())) for code in rm.categories)
            rows.append({"id": rm.id, "kind": rm.kind, "url": urls.rm_path(rm.id),
                         "name": self.t(rm.name, lang) or rm.id, "codes": len(rm.categories),
                         "classified": classified, "origin": word(f"origin_{rm.origin}", lang)})
        self.render("rms.html.j2", lang, "rm.html", rms=rows)
        for rm, row in zip(self._rms(), rows, strict=True):
            children: dict[str | None, list[str]] = defaultdict(list)
            for code, cat in rm.categories.items():
                parent = cat.parent if cat.parent in rm.categories else None
                children[parent].append(code)
            totals: dict[str, int] = {}

            def node(code: str, children=children, totals=totals, rm=rm) -> dict:
                cat = rm.categories[code]
                kids = [node(c) for c in children.get(code, [])]
                direct = [self.ref(e, lang) for e in self.classified.get(code, [])]
                total = len(set(self.classified.get(code, [])).union(*(k["ids"] for k in kids)))
                return {"code": code, "anchor": urls.category_anchor(code), "name": self.t(cat.name, lang),
                        "description": self.t(cat.description, lang), "inferred": cat.inferred,
                        "elements": direct, "children": kids, "total": total,
                        "ids": set(self.classified.get(code, [])).union(*(k["ids"] for k in kids))}

            tree = [node(code) for code in children.get(None, [])]
            self.render("rm.html.j2", lang, row["url"], rm=row, tree=tree)

    # ------------------------------------------------------------------ gap analysis

    def _analyse(self) -> None:
        from ..gap import Scope, Side, analyse
        from ..gap.report import DefinitionError, SideInfo, model_hash, read_definition

        m = self.m
        if len(self.plateaus) < 2:
            return
        errors = sum(p.severity == ERROR for p in self.problems)
        info = SideInfo(self.git, errors, len(self.problems) - errors, model_hash(m))
        order = {pid: i for i, pid in enumerate(self.plateaus)}
        folder = m.root / m.manifest.folders["gap_analysis"] / "reports"
        done: dict[tuple, object] = {}

        def run(p1: str, p2: str, scope, date, definition):
            key = (p1, p2, scope, date, definition.id if definition else None)
            if key not in done:
                done[key] = analyse(Side(m, p1), Side(m, p2), scope, date, definition=definition, infos=(info, info))
            return done[key]

        paths = sorted(p for p in folder.glob("*.y*ml") if p.suffix in (".yaml", ".yml")) if folder.is_dir() else []
        for path in paths:
            rel = path.relative_to(m.root).as_posix()
            try:
                d = read_definition(path, m.root)
            except DefinitionError as exc:
                self.skipped_reports.append({"id": path.stem, "file": rel, "reason": "report_bad",
                                             "detail": str(exc)})
                continue
            if d.from_rev or d.to_rev:
                self.skipped_reports.append({"id": d.id, "file": rel, "reason": "report_revisions", "detail": ""})
                continue
            if d.from_plateau not in order or d.to_plateau not in order or \
                    order[d.from_plateau] >= order[d.to_plateau]:
                self.skipped_reports.append({
                    "id": d.id, "file": rel, "reason": "report_bad",
                    "detail": f"plateaus {d.from_plateau} → {d.to_plateau} (known: {', '.join(self.plateaus)})"})
                continue
            analysis = run(d.from_plateau, d.to_plateau, d.scope, d.date, d)
            self.reports.append(_Report(d.id, d.title, d.from_plateau, d.to_plateau, analysis, d, rel))
        first, last = self.plateaus[0], self.plateaus[-1]
        span = run(first, last, Scope(), None, None)
        self.roadmap = _Report(f"{first}--{last}", {}, first, last, span, None)
        if not self.reports:
            self.reports.append(self.roadmap)
        # the latest report last: by target plateau, then baseline plateau, then id
        self.reports.sort(key=lambda r: (order[r.to_plateau], order[r.from_plateau], r.id))

    def _report_title(self, r: _Report, lang: str) -> str:
        if r.definition is not None:
            return self.t(r.title, lang) or r.id
        return f"{self.plateau_label(r.from_plateau, lang)} → {self.plateau_label(r.to_plateau, lang)}"

    def _report_summary(self, r: _Report, lang: str) -> dict:
        report = r.analysis.report()
        total = report["summary"]["total"]
        return {"id": r.id, "url": urls.gap_path(r.id), "title": self._report_title(r, lang),
                "from": self.plateau_label(r.from_plateau, lang), "to": self.plateau_label(r.to_plateau, lang),
                "status": word(report["approval"]["status"], lang) if r.definition else "",
                "adhoc": r.definition is None, "total": total, "file": r.file,
                "work_packages": report["summary"]["work_packages"]["count"]}

    def _gap(self, lang: str) -> None:
        from ..gap.formats._common import view as report_view
        from ..gap.roadmap import roadmap_svg

        summaries = [self._report_summary(r, lang) for r in reversed(self.reports)]
        skipped = [{**s, "reason": word(s["reason"], lang).format(id=s["id"])} for s in self.skipped_reports]
        self.render("gap_index.html.j2", lang, "gap.html", reports=summaries, skipped=skipped,
                    enough_plateaus=len(self.plateaus) >= 2)
        for r in self.reports:
            report = r.analysis.result()
            printable = f"{urls.slug(r.id)}.report.html"
            self.write(f"{lang}/gap/{printable}", r.analysis.render("html", lang))
            roadmap = roadmap_svg(report, lang)
            self.render("gap.html.j2", lang, urls.gap_path(r.id), r=self._report_summary(r, lang),
                        v=report_view(report, lang), printable=printable,
                        roadmap=inline_svg(roadmap) if roadmap else None, link=self._link)
        roadmap_ctx: dict = {"roadmap": None, "packages": [], "span": None}
        if self.roadmap is not None:
            report = self.roadmap.analysis.result()
            svg = roadmap_svg(report, lang)
            roadmap_ctx = {"roadmap": inline_svg(svg) if svg else None,
                           "packages": report_view(report, lang).work_packages,
                           "span": (self.plateau_label(self.roadmap.from_plateau, lang),
                                    self.plateau_label(self.roadmap.to_plateau, lang))}
        self.render("roadmap.html.j2", lang, "roadmap.html", link=self._link, **roadmap_ctx)

    def _link(self, eid: str | None) -> str | None:
        return urls.element_path(eid) if eid and eid in self.m.elements else None

    # ------------------------------------------------------------------ search

    def _search_entries(self, lang: str) -> list[list]:
        m = self.m
        others = [code for code in ("vi", "en") if code != lang]
        entries = []
        for eid in self.ids:
            el = m.elements[eid]
            words = [text_in(el.name, o) for o in others if isinstance(el.name, dict) and el.name.get(o)]
            kind = m.kinds.get(el.kind or "")
            if kind:
                words += [text_in(kind.label, o) for o in others if kind.label.get(o)]
            words += [el.kind or "", el.type or "", *map(str, el.rm), *map(str, el.tags)]
            words += [self.t(h.get("name"), code) for h in el.history if isinstance(h, dict) for code in ("vi", "en")]
            entries.append(search.entry("e", urls.element_path(eid), eid, el.label(lang), self.kind_label(el, lang),
                                        words))
        for view in self.views:
            words = [self.t(view.title, o) for o in others]
            entries.append(search.entry("v", urls.view_path(view.id), view.id, self.t(view.title, lang) or view.id,
                                        word("views", lang), words))
        for rm in self._rms():
            entries.append(search.entry("r", urls.rm_path(rm.id), rm.id, self.t(rm.name, lang) or rm.id,
                                        word("rm", lang), [self.t(rm.name, o) for o in others]))
            for code, cat in rm.categories.items():
                entries.append(search.entry(
                    "c", f"{urls.rm_path(rm.id)}#{urls.category_anchor(code)}", code, self.t(cat.name, lang) or code,
                    rm.id, [self.t(cat.name, o) for o in others]))
        return entries


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
