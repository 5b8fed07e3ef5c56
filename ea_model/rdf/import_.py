"""RDF -> YAML repository: rebuild the manifest, plateaus, repository reference models, elements and
relationships from an export of `ea export rdf` (any of its syntaxes).

Export -> import -> export gives an isomorphic graph. What RDF does not keep: file layout and comments
(elements are written one file per layer and kind), the order of list items (sorted), whether a
relationship was written inline or in a `relationships:` list, and YAML nulls.

Files are written into a temporary folder beside the target, loaded back to check them, and only then
moved into place: a failure leaves nothing behind.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from ..errors import EaError
from ..metamodel import metamodel
from ..repo_writer import WriteError, to_yaml, write_repository
from .export import builtin_kinds
from .iri import IriError, Iris, decode
from .vocab import (
    DCT,
    EA,
    OWL,
    PROV,
    RDF,
    RDF_TYPE,
    RDFS,
    SKOS,
    XSD,
    camel,
    predicate_types,
    property_key,
    relationship_class,
    type_class,
)

FORMATS = {"turtle": "ttl", "ntriples": "nt", "jsonld": "jsonld", "rdfxml": "rdf"}
_BY_EXTENSION = {"ttl": "turtle", "turtle": "turtle", "nt": "ntriples", "jsonld": "jsonld", "json": "jsonld",
                 "rdf": "rdfxml", "xml": "rdfxml", "owl": "rdfxml"}
MAX_BYTES = 512 * 1024 * 1024
RM_LAYER = {"BRM": "business", "DRM": "data", "ARM": "application", "TRM": "technology", "SRM": "security"}
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)


class RdfImportError(EaError):
    """The file cannot be imported: not RDF, not an ea export, or it rebuilds an invalid repository."""


# ---------------------------------------------------------------------------------------------- parsing
class Lit:
    __slots__ = ("datatype", "lang", "value")

    def __init__(self, value: str, datatype: str | None, lang: str | None) -> None:
        self.value, self.datatype, self.lang = value, datatype, lang

    def python(self):
        """The YAML value of a literal: its Python type follows the datatype."""
        dt = self.datatype or ""
        try:
            if dt == XSD + "boolean":
                return self.value.strip() in ("true", "1")
            if dt in (XSD + "integer", XSD + "int", XSD + "long", XSD + "short", XSD + "nonNegativeInteger",
                      XSD + "positiveInteger"):
                return int(self.value)
            if dt in (XSD + "double", XSD + "decimal", XSD + "float"):
                return float(self.value.replace("INF", "inf").replace("NaN", "nan"))
        except ValueError:
            pass
        return self.value


def guess_format(path: Path, fmt: str | None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise RdfImportError(f"unknown format '{fmt}' (use one of {', '.join(FORMATS)})")
        return fmt
    ext = path.suffix.lstrip(".").lower()
    if ext not in _BY_EXTENSION:
        raise RdfImportError(f"cannot tell the RDF syntax of '{path.name}' from its extension: give --format "
                           f"({', '.join(FORMATS)})")
    return _BY_EXTENSION[ext]


def parse(data: bytes, fmt: str) -> dict[str, dict[str, list]]:
    """subject IRI -> predicate IRI -> objects (IRIs as str, literals as Lit). Parsed with pyoxigraph: no
    network access (JSON-LD remote contexts are refused) and no XML entities."""
    import pyoxigraph as ox

    if len(data) > MAX_BYTES:
        raise RdfImportError(f"the file is larger than {MAX_BYTES // 2**20} MiB")
    if fmt == "rdfxml" and _DTD.search(data[:1_000_000] if len(data) > 1_000_000 else data):
        raise RdfImportError("the RDF/XML file declares a DTD or entities (<!DOCTYPE / <!ENTITY): refused, "
                           "ea exports never use them")
    syntax = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
              "rdfxml": ox.RdfFormat.RDF_XML}[fmt]
    graph: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    try:
        for quad in ox.parse(data, format=syntax):
            s, p, o = quad.subject, quad.predicate, quad.object
            if not isinstance(s, ox.NamedNode):
                continue  # an ea export has no blank nodes
            if isinstance(o, ox.NamedNode):
                obj = o.value
            elif isinstance(o, ox.Literal):
                dt = o.datatype.value if o.datatype is not None else None
                obj = Lit(o.value, None if o.language or dt == XSD + "string" else dt, o.language)
            else:
                continue
            graph[s.value][p.value].append(obj)
    except (SyntaxError, ValueError, OSError) as exc:
        raise RdfImportError(f"not valid {fmt}: {exc}") from None
    return graph


# -------------------------------------------------------------------------------------------- rebuilding
class _Rebuild:
    def __init__(self, graph: dict) -> None:
        self.g = graph
        self.types: dict[str, set[str]] = {s: {o for o in po.get(RDF_TYPE, ()) if isinstance(o, str)}
                                           for s, po in graph.items()}

    def one(self, s: str, p: str):
        values = self.g.get(s, {}).get(p, [])
        return values[0] if values else None

    def all(self, s: str, p: str) -> list:
        return self.g.get(s, {}).get(p, [])

    def typed(self, cls: str) -> list[str]:
        return sorted(s for s, t in self.types.items() if cls in t)

    def text(self, s: str, p: str):
        """Language-tagged literals -> {lang: text}; one untagged literal -> text."""
        values = [v for v in self.all(s, p) if isinstance(v, Lit)]
        if not values:
            return None
        tagged = {v.lang: v.value for v in sorted(values, key=lambda v: (self.lang_rank(v.lang), v.value)) if v.lang}
        if tagged:
            return tagged
        return values[0].value

    def lang_rank(self, lang: str | None):
        order = self.languages if hasattr(self, "languages") else []
        return (order.index(lang), "") if lang in order else (len(order), lang or "")

    def literal(self, s: str, p: str):
        v = self.one(s, p)
        return v.python() if isinstance(v, Lit) else v

    # ------------------------------------------------------------------------------------------ identity
    def run(self) -> dict[str, object]:
        archs = self.typed(EA + "Architecture")
        if len(archs) != 1:
            raise RdfImportError("not an ea export: it has no ea:Architecture node (the repository)" if not archs else
                               f"the file holds {len(archs)} repositories (ea:Architecture): import one at a time")
        base = archs[0]
        try:
            self.iris = Iris(base)
        except IriError as exc:
            raise RdfImportError(str(exc)) from None
        langs = [v.value for v in self.all(base, DCT + "language") if isinstance(v, Lit)]
        default = self.literal(base, EA + "defaultLanguage")
        self.languages = ([default] if default else []) + sorted(x for x in set(langs) if x != default)
        framework = self.literal(base, EA + "framework") or "vneaf-2.0"
        from ..framework import builtin_frameworks, load_framework

        if framework not in builtin_frameworks():
            raise RdfImportError(f"the export follows the framework pack '{framework}', which is not built in "
                               f"({', '.join(builtin_frameworks())}): import supports the built-in packs")
        self.framework = load_framework(framework)
        self.ids = {s: str(v.value) for s, po in self.g.items() for v in po.get(DCT + "identifier", ())[:1]
                    if isinstance(v, Lit)}
        manifest = {
            "id": self.literal(base, DCT + "identifier") or "imported",
            "name": self.text(base, DCT + "title") or "Imported architecture",
            "framework": framework,
            "languages": self.languages or ["vi", "en"],
            "base_iri": base,
            "plateaus": "gap_analysis/plateaus.yaml",
        }
        files: dict[str, object] = {"ea.yaml": manifest}
        self.plateau_ids = {}
        plateaus = []
        for p in self.typed(EA + "ArchitecturePlateau"):
            pid = self.ids.get(p) or self._tail(p, "plateau/")
            self.plateau_ids[p] = pid
            item = {"id": pid, "name": self.text(p, RDFS + "label") or pid}
            date = self.one(p, EA + "date")
            if isinstance(date, Lit):
                item["date"] = date.value
            self._put(item, "notes", self.text(p, SKOS + "note"))
            self._put(item, "source", self.sources(p))
            plateaus.append(item)
        plateaus.sort(key=lambda x: (str(x.get("date", "")), x["id"]))
        self.plateau_rank = {p["id"]: i for i, p in enumerate(plateaus)}
        files["gap_analysis/plateaus.yaml"] = {"plateaus": plateaus}
        self.codes = {c: str(v.value) for c in self.typed(SKOS + "Concept")
                      for v in self.all(c, SKOS + "notation")[:1] if isinstance(v, Lit)}
        self._reference_models(files)
        self._elements_and_relationships(files)
        return files

    def _tail(self, iri: str, prefix: str) -> str:
        start = self.iris.base + prefix
        return decode(iri[len(start):]) if iri.startswith(start) else iri

    def element_id(self, iri: str) -> str:
        if iri in self.ids:
            return self.ids[iri]
        eid = self.iris.element_id(iri)
        return eid if eid is not None else iri

    def plateau_id(self, iri: str) -> str:
        return self.plateau_ids.get(iri) or self._tail(iri, "plateau/")

    def code(self, iri: str) -> str:
        return self.codes.get(iri) or self._tail(iri, "rm/")

    @staticmethod
    def _put(item: dict, key: str, value) -> None:
        if value is not None and value != [] and value != {}:
            item[key] = value

    @staticmethod
    def _index(iri: str) -> tuple:
        tail = iri.rsplit("/", 1)[-1]
        return (0, int(tail), "") if tail.isdigit() else (1, 0, tail)

    def sources(self, s: str):
        out = []
        for d in sorted(self.all(s, PROV + "qualifiedDerivation"), key=self._index):
            if not isinstance(d, str):
                continue
            src = {}
            doc = self.one(d, PROV + "entity")
            if isinstance(doc, str):
                src["doc"] = self.element_id(doc)
            for key, p in (("section", EA + "section"), ("line", EA + "line"), ("quote", EA + "quote"),
                           ("note", SKOS + "note")):
                self._put(src, key, self.literal(d, p))
            out.append(src)
        if not out:
            return None
        return out[0] if len(out) == 1 else out

    def properties(self, s: str):
        props: dict[str, list] = {}
        for p, values in self.g.get(s, {}).items():
            key = property_key(p)
            if key is None:
                continue
            props[key] = sorted((v.python() for v in values if isinstance(v, Lit)), key=_value_key)
        return {k: (v[0] if len(v) == 1 else v) for k, v in sorted(props.items())} or None

    # ----------------------------------------------------------------------------------- reference models
    def _reference_models(self, files: dict) -> None:
        framework_rms = set(self.framework.reference_models)
        concepts_by_scheme: dict[str, list[str]] = defaultdict(list)
        for c in self.typed(SKOS + "Concept"):
            for scheme in self.all(c, SKOS + "inScheme")[:1]:
                concepts_by_scheme[scheme].append(c)
        for scheme in self.typed(EA + "ReferenceModel"):
            rm_id = self.literal(scheme, DCT + "identifier") or self._tail(scheme, "scheme/")
            if rm_id in framework_rms:
                continue
            kind = self.literal(scheme, EA + "referenceModelKind") or rm_id
            members = concepts_by_scheme.get(scheme, [])
            children: dict[str | None, list[str]] = defaultdict(list)
            member_set = set(members)
            for c in members:
                parent = self.one(c, SKOS + "broader")
                children[parent if parent in member_set else None].append(c)

            def tree(parent, children=children):
                out = []
                for c in sorted(children.get(parent, []), key=lambda c: _natural(self.code(c))):
                    cat = {"code": self.code(c), "name": self.text(c, SKOS + "prefLabel") or self.code(c)}
                    self._put(cat, "description", self.text(c, SKOS + "definition"))
                    if self.literal(c, EA + "inferred") is True:
                        cat["inferred"] = True
                    if self.literal(c, EA + "provisional") is True:
                        cat["provisional"] = True
                    self._put(cat, "source", self.sources(c))
                    self._put(cat, "children", tree(c))
                    out.append(cat)
                return out

            data = {"id": rm_id, "kind": kind, "name": self.text(scheme, SKOS + "prefLabel") or rm_id,
                    "categories": tree(None)}
            layer = RM_LAYER.get(kind, "motivation")
            files[f"layers/{layer}/{_file_name(rm_id)}.yaml"] = {"reference_model": data}

    # --------------------------------------------------------------------------- elements, relationships
    def _elements_and_relationships(self, files: dict) -> None:
        mm = metamodel()
        type_of = {type_class(t): t for t in mm.element_types}
        kind_of = {EA + camel(k): k for k in builtin_kinds()}
        for cls in self.g:
            name = self.literal(cls, DCT + "identifier")
            if cls.startswith(self.iris.base + "kind/") and OWL + "Class" in self.types.get(cls, ()) and name:
                kind_of[cls] = name
        rel_of = {relationship_class(r): r for r in mm.relationship_types}
        predicates = predicate_types()
        elements: dict[str, dict] = {}
        placement: dict[str, str] = {}
        for s, classes in self.types.items():
            types = [type_of[c] for c in classes if c in type_of]
            if len(types) != 1 or EA + "ArchitecturePlateau" in classes:
                continue
            etype = types[0]
            kinds = sorted(kind_of[c] for c in classes if c in kind_of)
            kind = next((k for k in kinds if k in self.framework.kinds and self.framework.kinds[k].type == etype),
                        None)
            eid = self.element_id(s)
            item: dict = {"id": eid}
            if kind:
                item["kind"] = kind
            else:
                item["type"] = etype
            item["name"] = self.text(s, RDFS + "label") or eid
            self._common(s, item)
            changes = {}
            for c in self.all(s, EA + "change"):
                if not isinstance(c, str):
                    continue
                pid = self.plateau_id(self.one(c, EA + "plateau") or c)
                change: dict = {}
                self._put(change, "name", self.text(c, RDFS + "label"))
                self._put(change, "description", self.text(c, DCT + "description"))
                owner = self.one(c, EA + "owner")
                if isinstance(owner, str):
                    change["owner"] = self.element_id(owner)
                self._put(change, "properties", self.properties(c))
                self._put(change, "rm", sorted(self.code(x) for x in self.all(c, EA + "classification")
                                               if isinstance(x, str)) or None)
                self._put(change, "tags", self._tags(c))
                self._put(change, "notes", self.text(c, SKOS + "note"))
                changes[pid] = change
            if changes:
                item["changes"] = {k: changes[k] for k in sorted(changes, key=self._plateau_key)}
            history = []
            for h in sorted((x for x in self.all(s, EA + "formerName") if isinstance(x, str)), key=self._index):
                entry = {"name": self.text(h, RDFS + "label") or ""}
                for key in ("from", "until"):
                    v = self.one(h, EA + key)
                    if isinstance(v, Lit):
                        entry[key] = v.value
                self._put(entry, "source", self.sources(h))
                self._put(entry, "notes", self.text(h, SKOS + "note"))
                history.append(entry)
            self._put(item, "history", history)
            self._put(item, "replaces", sorted(self.element_id(x) for x in self.all(s, DCT + "replaces")
                                               if isinstance(x, str)) or None)
            self._put(item, "source", self.sources(s))
            if self.literal(s, EA + "inferred") is True:
                item["inferred"] = True
            elements[eid] = item
            layer = self.literal(s, EA + "layer") or mm.element_types[etype].layer
            folder = "gap_analysis/work_packages" if etype == "work-package" else f"layers/{layer}"
            placement[eid] = f"{folder}/{_file_name(kind or etype)}.yaml"
        explicit = []
        covered = set()
        statements = []
        for s, classes in self.types.items():
            rtypes = [rel_of[c] for c in classes if c in rel_of]
            if len(rtypes) != 1:
                continue
            subj, obj = self.one(s, RDF + "subject"), self.one(s, RDF + "object")
            if not isinstance(subj, str) or not isinstance(obj, str):
                continue
            statements.append((s, rtypes[0], subj, obj))
        inline_keys = {r.name: r.inline for r in mm.relationship_types.values()}
        for s, rtype, subj, obj in sorted(statements, key=lambda x: (x[2], x[1], x[3], self._repeat(x[0]))):
            pred = self.one(s, RDF + "predicate")
            covered.add((subj, pred, obj))
            rel: dict = {}
            self._put(rel, "id", self.literal(s, DCT + "identifier"))
            self._put(rel, "name", self.text(s, RDFS + "label"))
            self._put(rel, "description", self.text(s, DCT + "description"))
            self._put(rel, "access", self.literal(s, EA + "accessType"))
            self._put(rel, "strength", self.literal(s, EA + "strength"))
            if self.literal(s, EA + "directed") is True:
                rel["directed"] = True
            self._put(rel, "properties", self.properties(s))
            self._put(rel, "plateaus", self._plateaus(s))
            self._put(rel, "source", self.sources(s))
            if self.literal(s, EA + "inferred") is True:
                rel["inferred"] = True
            self._put(rel, "notes", self.text(s, SKOS + "note"))
            self._place(elements, explicit, inline_keys[rtype], rtype, self.element_id(subj), self.element_id(obj),
                        rel)
        for subj, po in sorted(self.g.items()):  # asserted triples without a reified statement
            for pred, objs in sorted(po.items()):
                if pred in predicates:
                    for obj in sorted(o for o in objs if isinstance(o, str)):
                        if (subj, pred, obj) not in covered:
                            rtype = predicates[pred]
                            self._place(elements, explicit, inline_keys[rtype], rtype, self.element_id(subj),
                                        self.element_id(obj), {})
        by_file: dict[str, list] = defaultdict(list)
        for eid in sorted(elements):
            by_file[placement[eid]].append(elements[eid])
        for path, items in sorted(by_file.items()):
            files[path] = {"elements": items}
        if explicit:
            files["layers/relationships.yaml"] = {"relationships": explicit}

    def _repeat(self, iri: str) -> int:
        tail = iri.rsplit(";", 1)
        return int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else 1

    def _plateau_key(self, pid: str):
        return (self.plateau_rank.get(pid, len(self.plateau_rank)), pid)

    def _plateaus(self, s: str):
        values = [self.plateau_id(x) for x in self.all(s, EA + "plateau") if isinstance(x, str)]
        return sorted(values, key=self._plateau_key) if values else None

    def _tags(self, s: str) -> list[str] | None:
        return sorted(v.value for v in self.all(s, EA + "tag") if isinstance(v, Lit)) or None

    def _common(self, s: str, item: dict) -> None:
        self._put(item, "description", self.text(s, DCT + "description"))
        owner = self.one(s, EA + "owner")
        if isinstance(owner, str):
            item["owner"] = self.element_id(owner)
        self._put(item, "rm", sorted(self.code(x) for x in self.all(s, EA + "classification")
                                     if isinstance(x, str)) or None)
        self._put(item, "tags", self._tags(s))
        self._put(item, "properties", self.properties(s))
        self._put(item, "plateaus", self._plateaus(s))
        self._put(item, "notes", self.text(s, SKOS + "note"))

    @staticmethod
    def _place(elements, explicit, key, rtype, source, target, attrs) -> None:
        if source in elements:
            targets = elements[source].setdefault(key, [])
            targets.append({"to": target, **attrs} if attrs else target)
        else:
            explicit.append({"type": rtype, "from": source, "to": target, **attrs})


def _value_key(v):
    return (type(v).__name__, str(v))


def _natural(code: str):
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", code)]


def _file_name(name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-").lower()
    return slug or "elements"


HEADER = "# Rebuilt from RDF by `ea import rdf`; see docs/rdf.md.\n"


def rebuild(data: bytes, fmt: str) -> dict[str, str]:
    """The repository's files (path -> YAML text) rebuilt from an export."""
    files = _Rebuild(parse(data, fmt)).run()
    return {path: HEADER + to_yaml(content) for path, content in files.items()}


def import_file(path: Path, into: Path, fmt: str | None = None):
    """Rebuild a repository from the RDF file `path` into the folder `into` (absent or empty). Returns the
    loaded model. Raises RdfImportError and leaves nothing behind on any failure."""
    fmt = guess_format(path, fmt)
    if into.exists() and (not into.is_dir() or any(into.iterdir())):
        raise RdfImportError(f"{into} exists and is not an empty folder: choose a new folder")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RdfImportError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return write_repository(rebuild(data, fmt), into)
    except WriteError as exc:
        raise RdfImportError(str(exc).replace("the repository", "the rebuilt repository")) from None
