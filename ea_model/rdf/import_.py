"""RDF -> YAML repository: rebuild the manifest, plateaus, repository reference models, elements and
relationships from an export of `ea export rdf` (any of its syntaxes).

Export -> import -> export gives an isomorphic graph. What RDF does not keep: file layout and comments
(elements are written one file per layer and kind), the order of list items (sorted), whether a
relationship was written inline or in a `relationships:` list, YAML nulls, and whether an element in every
plateau listed them all or none (the export states membership in each; the import writes none).

What the import cannot rebuild faithfully is reported, each with its subject, and nothing is written (exit
code 1): elements typed with two ArchiMate types or with a kind of another type, elements and relationships
without an IRI (blank nodes), relationship statements without a subject or object.

Files are written into a temporary folder beside the target, loaded back to check them, and only then
moved into place: a failure leaves nothing behind.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, NamedTuple

from ..errors import EXIT_FINDINGS, EaError
from ..metamodel import metamodel
from ..problems import printable
from ..readlimit import TooLarge, open_bounded
from ..repo_writer import WriteError, to_yaml, write_repository
from .export import Lit, builtin_kinds
from .iri import IriError, Iris, decode
from .syntax import FORMATS, by_extension, oxigraph_format
from .vocab import (
    DCT,
    EA,
    OWL,
    PREFIXES,
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

__all__ = ["FORMATS", "Imported", "RdfFindings", "RdfImportError", "guess_format", "import_file", "parse", "rebuild"]

MAX_BYTES = 256 * 1024 * 1024  # the rebuilt files must load (20 MB each), so a larger export cannot come back
MAX_LITERAL = 1024 * 1024  # characters of one literal: a name or a description, never a book
MAX_RM_DEPTH = 30  # levels of reference-model codes (YAML nests two levels per code; the loader stops at 64)
RM_LAYER = {"BRM": "business", "DRM": "data", "ARM": "application", "TRM": "technology", "SRM": "security"}
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
_DECIMALS = {XSD + t for t in ("double", "decimal", "float")}


class RdfImportError(EaError):
    """The file cannot be imported: not RDF, not an ea export, or it rebuilds an invalid repository."""


class RdfFindings(RdfImportError):
    """The file is RDF, but some of its statements cannot become YAML; each is named by its subject."""

    exit_code = EXIT_FINDINGS

    def __init__(self, findings: list[str], file: str | Path | None = None) -> None:
        self.findings = findings
        where = f"{file}: " if file is not None else ""
        super().__init__(f"{where}{len(findings)} statement(s) cannot be imported, nothing written:\n"
                         + "\n".join(where + f for f in findings))


# ---------------------------------------------------------------------------------------------- parsing
def value(lit: Lit):
    """The YAML value of a literal: its Python type follows the datatype."""
    dt = lit.datatype or ""
    try:
        if dt == XSD + "boolean":
            return lit.value.strip() in ("true", "1")
        if dt in _INTEGERS:
            return int(lit.value)
        if dt in _DECIMALS:
            return float(lit.value.replace("INF", "inf").replace("NaN", "nan"))
    except ValueError:
        pass
    return lit.value


def guess_format(path: Path, fmt: str | None) -> str:
    if fmt:
        if fmt not in FORMATS:
            raise RdfImportError(f"unknown format '{fmt}' (use one of {', '.join(FORMATS)})")
        return fmt
    found = by_extension(path.suffix)
    if found is None:
        raise RdfImportError(f"cannot tell the RDF syntax of '{printable(path.name, 80)}' from its extension: give "
                             f"--format ({', '.join(FORMATS)})")
    return found


def shown(term: str) -> str:
    """A subject for a message: `<IRI>` or `_:blank`, without control characters, shortened."""
    return printable(term if term.startswith("_:") else f"<{term}>", 160)


@dataclass
class Graph:
    """subject IRI -> predicate IRI -> objects (IRIs as str, literals as Lit); blank nodes (`_:id`) are kept
    apart, for the report: an ea export has none."""

    triples: dict[str, dict[str, list]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))
    blank: dict[str, dict[str, list]] = field(default_factory=lambda: defaultdict(lambda: defaultdict(list)))

    def add(self, s, p: str, o) -> None:
        import pyoxigraph as ox

        subject = s.value if isinstance(s, ox.NamedNode) else f"_:{s.value}"
        if isinstance(o, ox.Literal):
            if len(o.value) > MAX_LITERAL:
                raise RdfImportError(f"a literal of {len(o.value):,} characters at {shown(subject)} {shown(p)}, "
                                     f"over the limit of {MAX_LITERAL:,}: refused (names, descriptions and notes "
                                     "are short texts)")
            dt = o.datatype.value if o.datatype is not None else None
            obj = Lit(o.value, None if o.language or dt == XSD + "string" else dt, o.language)
        elif isinstance(o, ox.NamedNode):
            obj = o.value
        elif isinstance(o, ox.BlankNode):
            obj = Blank(f"_:{o.value}")
        else:
            return  # an RDF 1.2 triple term: no ea export has one
        if isinstance(s, ox.NamedNode):
            self.triples[subject][p].append(obj)
        elif isinstance(s, ox.BlankNode):
            self.blank[subject][p].append(obj)


class Blank(NamedTuple):
    """A blank node in object position (not a str: everything that reads IRIs skips it)."""

    id: str


def parse(source: bytes | BinaryIO, fmt: str) -> Graph:
    """Parse `source` (bytes, or a binary stream, read as it goes) with pyoxigraph: no network access (JSON-LD
    remote contexts are refused) and no XML entities."""
    import pyoxigraph as ox

    if isinstance(source, bytes):
        if len(source) > MAX_BYTES:
            raise RdfImportError(f"the file is larger than {MAX_BYTES // 2**20} MiB")
        if fmt == "rdfxml":
            _refuse_dtd(source)
    graph = Graph()
    try:
        for quad in ox.parse(source, format=oxigraph_format(fmt)):
            graph.add(quad.subject, quad.predicate.value, quad.object)
    except (SyntaxError, ValueError, OSError) as exc:
        raise RdfImportError(f"not valid {fmt}: {printable(str(exc), 300)}") from None
    except MemoryError as exc:  # pyoxigraph's parser refuses a token past its buffer ("maximal size of ...")
        raise RdfImportError(f"a literal or IRI too long to read ({printable(str(exc), 100)}): refused (names, "
                             "descriptions and notes are short texts)") from None
    return graph


def _refuse_dtd(chunk: bytes) -> None:
    if _DTD.search(chunk):
        raise RdfImportError("the RDF/XML file declares a DTD or entities (<!DOCTYPE / <!ENTITY): refused, "
                             "ea exports never use them")


# -------------------------------------------------------------------------------------------- rebuilding
class _Rebuild:
    def __init__(self, graph: Graph) -> None:
        self.g = graph.triples
        self.blank = graph.blank
        self.types: dict[str, set[str]] = {s: {o for o in po.get(RDF_TYPE, ()) if isinstance(o, str)}
                                           for s, po in self.g.items()}
        self.languages: list[str] = []
        self.findings: list[str] = []  # statements that cannot be imported: the import stops
        self.notes: list[str] = []  # what the import changed on the way, e.g. an unknown layer
        self.membership_stated = True

    def one(self, s: str, p: str):
        values = self.all(s, p)
        return values[0] if values else None

    def all(self, s: str, p: str) -> list:
        """The IRIs (str) and literals (Lit) of `s p ?`: a blank node is no value (only _asserted_only and
        _blank_nodes, which report them, read them)."""
        return [o for o in self.g.get(s, {}).get(p, []) if not isinstance(o, Blank)]

    def iris(self, s: str, p: str) -> list[str]:
        return [o for o in self.all(s, p) if isinstance(o, str)]

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
        order = self.languages
        return (order.index(lang), "") if lang in order else (len(order), lang or "")

    def literal(self, s: str, p: str):
        v = self.one(s, p)
        return value(v) if isinstance(v, Lit) else v

    # ------------------------------------------------------------------------------------------ identity
    def run(self) -> dict[str, object]:
        base = self._base()
        files: dict[str, object] = {"ea.yaml": self._manifest(base)}
        files["gap_analysis/plateaus.yaml"] = {"plateaus": self._plateau_items()}
        self.codes = {c: str(v.value) for c in self.typed(SKOS + "Concept")
                      for v in self.all(c, SKOS + "notation")[:1] if isinstance(v, Lit)}
        self._reference_models(files)
        self._elements_and_relationships(files)
        self._blank_nodes()
        if self.findings:
            raise RdfFindings(self.findings)
        return files

    def _base(self) -> str:
        archs = self.typed(EA + "Architecture")
        if len(archs) != 1:
            raise RdfImportError("not an ea export: it has no ea:Architecture node (the repository)" if not archs else
                                 f"the file holds {len(archs)} repositories (ea:Architecture): import one at a time")
        try:
            self.iris_ = Iris(archs[0])
        except IriError as exc:
            raise RdfImportError(str(exc)) from None
        return archs[0]

    def _manifest(self, base: str) -> dict:
        from ..framework import builtin_frameworks, load_framework

        langs = [v.value for v in self.all(base, DCT + "language") if isinstance(v, Lit)]
        default = self.literal(base, EA + "defaultLanguage")
        self.languages = ([default] if default else []) + sorted(x for x in set(langs) if x != default)
        framework = self.literal(base, EA + "framework") or "vneaf-2.0"
        if framework not in builtin_frameworks():
            raise RdfImportError(f"the export follows the framework pack '{printable(str(framework), 80)}', which "
                                 f"is not built in ({', '.join(builtin_frameworks())}): import supports the "
                                 "built-in packs")
        self.framework = load_framework(framework)
        self.ids = {s: str(v.value) for s, po in self.g.items() for v in po.get(DCT + "identifier", ())[:1]
                    if isinstance(v, Lit)}
        depends = self._externals()
        manifest = {
            "id": self.literal(base, DCT + "identifier") or "imported",
            "name": self.text(base, DCT + "title") or "Imported architecture",
            "framework": framework,
            "languages": self.languages or ["vi", "en"],
            "base_iri": base,
            "plateaus": "gap_analysis/plateaus.yaml",
        }
        if depends:
            manifest["depends"] = depends
        return manifest

    def _externals(self) -> list[dict]:
        """Elements of other repositories (`ea:external`, exported from `prefix:id` references): their ids become
        `prefix:id` again, and what the export says of them is kept as the dependency's snapshot
        (.ea-deps/PREFIX.json), so that the rebuilt repository loads them as its original did."""
        self.external = {s for s, po in self.g.items() if any(isinstance(v, Lit) and v.value == "true"
                                                              for v in po.get(EA + "external", ()))}
        self.snapshots: dict[str, dict] = {}
        for s in sorted(self.external):
            prefix = str(self.literal(s, EA + "dependency") or "ext")
            home = (self.iris(s, RDFS + "isDefinedBy") or [""])[0]
            snap = self.snapshots.setdefault(prefix, {"base_iri": home, "elements": {}})
            self.ids[s] = f"{prefix}:{self.ids.get(s, s)}"
            snap["elements"][s] = None
        return [{"prefix": p, "graph": f"{v['base_iri']}graph/model"} for p, v in sorted(self.snapshots.items())]

    def _external_snapshots(self, files: dict, type_of: dict, kind_of: dict) -> None:
        from ..deps import CACHE_DIR, Snapshot

        for prefix, snap in sorted(self.snapshots.items()):
            elements = {}
            for s in snap["elements"]:
                classes = self.types.get(s, set())
                types = sorted(type_of[c] for c in classes if c in type_of)
                kinds = sorted(kind_of[c] for c in classes if c in kind_of)
                owner = self.one(s, EA + "owner")
                elements[self.ids[s].split(":", 1)[1]] = {
                    "type": types[0] if types else None, "kind": kinds[0] if kinds else None,
                    "layer": metamodel().element_types[types[0]].layer if types else None,
                    "name": self.text(s, RDFS + "label") or self.ids[s],
                    "owner": self.ids[owner].split(":", 1)[1] if isinstance(owner, str) and owner in self.external
                    else None,
                    "plateaus": sorted(self.plateau_id(p) for p in self.iris(s, EA + "plateau")) or None,
                    "file": snap["base_iri"], "line": 1}
            text = Snapshot(id=prefix, base_iri=snap["base_iri"], home=f"{snap['base_iri']}graph/model",
                            elements=elements).as_json()
            files[f"{CACHE_DIR}/{prefix}.json"] = text

    def _plateau_items(self) -> list[dict]:
        self.plateau_ids: dict[str, str] = {}
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
        return plateaus

    def _tail(self, iri: str, prefix: str) -> str:
        start = self.iris_.base + prefix
        try:
            return decode(iri[len(start):]) if iri.startswith(start) else iri
        except UnicodeDecodeError:  # `%FF`: no export writes it
            return iri

    def element_id(self, iri: str) -> str:
        if iri in self.ids:
            return self.ids[iri]
        eid = self.iris_.element_id(iri)
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
        for d in sorted(self.iris(s, PROV + "qualifiedDerivation"), key=self._index):
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
            props[key] = sorted((value(v) for v in values if isinstance(v, Lit)), key=_value_key)
        return {k: (v[0] if len(v) == 1 else v) for k, v in sorted(props.items())} or None

    # ----------------------------------------------------------------------------------- reference models
    def _reference_models(self, files: dict) -> None:
        framework_rms = set(self.framework.reference_models)
        concepts_by_scheme: dict[str, list[str]] = defaultdict(list)
        for c in self.typed(SKOS + "Concept"):
            for scheme in self.iris(c, SKOS + "inScheme")[:1]:
                concepts_by_scheme[scheme].append(c)
        for scheme in self.typed(EA + "ReferenceModel"):
            rm_id = self.literal(scheme, DCT + "identifier") or self._tail(scheme, "scheme/")
            if rm_id in framework_rms:
                continue
            kind = self.literal(scheme, EA + "referenceModelKind") or rm_id
            data = {"id": rm_id, "kind": kind, "name": self.text(scheme, SKOS + "prefLabel") or rm_id,
                    "categories": self._tree(concepts_by_scheme.get(scheme, []))}
            layer = RM_LAYER.get(kind, "motivation")
            files[_free(files, f"layers/{layer}/{_file_name(str(rm_id))}")] = {"reference_model": data}

    def _tree(self, members: list[str]) -> list[dict]:
        children: dict[str | None, list[str]] = defaultdict(list)
        member_set = set(members)
        for c in members:
            parent = self.one(c, SKOS + "broader")
            children[parent if parent in member_set else None].append(c)
        seen: set[str] = set()
        tree = self._categories(children, None, seen, 0)
        for c in sorted(member_set - seen):
            self.findings.append(f"{shown(c)}: the code '{printable(self.code(c), 80)}' is its own broader code, "
                                 "through skos:broader (a reference model is a tree)")
        return tree

    def _categories(self, children: dict, parent: str | None, seen: set[str], depth: int) -> list[dict]:
        if depth > MAX_RM_DEPTH:
            self.findings.append(f"{shown(str(parent))}: reference-model codes nested deeper than {MAX_RM_DEPTH} "
                                 "levels, through skos:broader")
            return []
        out = []
        for c in sorted(children.get(parent, []), key=lambda c: _natural(self.code(c))):
            seen.add(c)
            cat = {"code": self.code(c), "name": self.text(c, SKOS + "prefLabel") or self.code(c)}
            self._put(cat, "description", self.text(c, SKOS + "definition"))
            for flag in ("inferred", "provisional"):
                if self.literal(c, EA + flag) is True:
                    cat[flag] = True
            self._put(cat, "source", self.sources(c))
            self._put(cat, "children", self._categories(children, c, seen, depth + 1))
            out.append(cat)
        return out

    # ------------------------------------------------------------------------------------------- elements
    def _elements_and_relationships(self, files: dict) -> None:
        elements, placement = self._elements()
        if self.snapshots:
            self._external_snapshots(files, *self._classes())
        explicit: list[dict] = []
        covered = self._relationships(elements, explicit)
        self._asserted_only(elements, explicit, covered)
        by_file: dict[str, list] = defaultdict(list)
        for eid in sorted(elements):
            by_file[placement[eid]].append(elements[eid])
        for path, items in sorted(by_file.items()):
            files[path] = {"elements": items}
        if explicit:
            files["layers/relationships.yaml"] = {"relationships": explicit}

    def _classes(self) -> tuple[dict[str, str], dict[str, str]]:
        """type class -> ArchiMate type; kind class -> kind (the ontology's, and the export's own `kind/`)."""
        type_of = {type_class(t): t for t in metamodel().element_types}
        kind_of = {EA + camel(k): k for k in builtin_kinds()}
        for cls in self.g:
            name = self.literal(cls, DCT + "identifier")
            if cls.startswith(self.iris_.base + "kind/") and OWL + "Class" in self.types.get(cls, ()) and name:
                kind_of[cls] = str(name)
        return type_of, kind_of

    def _elements(self) -> tuple[dict[str, dict], dict[str, str]]:
        type_of, kind_of = self._classes()
        # An export states the plateaus of every element (all of them for one without `plateaus:`), so an element
        # without ea:plateau is in none; a graph that states none for any element (another tool's) means all.
        self.membership_stated = any(EA + "plateau" in self.g[s] for s, classes in self.types.items()
                                     if any(c in type_of for c in classes))
        elements: dict[str, dict] = {}
        placement: dict[str, str] = {}
        for s, classes in sorted(self.types.items()):
            types = sorted(type_of[c] for c in classes if c in type_of)
            if not types or EA + "ArchitecturePlateau" in classes or s in self.external:
                continue
            if len(types) > 1:
                both = " and ".join(_short(type_class(t)) for t in types)
                self.findings.append(f"{shown(s)}: an element typed {both} (an element has one ArchiMate type: "
                                     "remove the others)")
                continue
            kind = self._kind(s, classes, kind_of, types[0])
            item = self._element(s, types[0], kind)
            elements[item["id"]] = item
            placement[item["id"]] = self._placement(s, types[0], kind)
        return elements, placement

    def _kind(self, s: str, classes: set[str], kind_of: dict[str, str], etype: str) -> str | None:
        kinds = sorted(kind_of[c] for c in classes if c in kind_of)
        mine = [k for k in kinds if k in self.framework.kinds and self.framework.kinds[k].type == etype]
        other = [k for k in kinds if k in self.framework.kinds and self.framework.kinds[k].type != etype]
        if other and not mine:
            self.findings.append(f"{shown(s)}: a {_short(type_class(etype))} typed with the kind "
                                 f"{_short(EA + camel(other[0]))}, a kind of {self.framework.kinds[other[0]].type} "
                                 "(remove the kind, or the type)")
        return mine[0] if mine else None

    def _element(self, s: str, etype: str, kind: str | None) -> dict:
        eid = self.element_id(s)
        item: dict = {"id": eid}
        if kind:
            item["kind"] = kind
        else:
            item["type"] = etype
        item["name"] = self.text(s, RDFS + "label") or eid
        self._common(s, item)
        changes = {self.plateau_id(next(iter(self.iris(c, EA + "plateau")), c)): self._change(c)
                   for c in self.iris(s, EA + "change")}
        if changes:
            item["changes"] = {k: changes[k] for k in sorted(changes, key=self._plateau_key)}
        self._put(item, "history", [self._former_name(h) for h in sorted(self.iris(s, EA + "formerName"),
                                                                          key=self._index)])
        self._put(item, "replaces", sorted(self.element_id(x) for x in self.iris(s, DCT + "replaces")) or None)
        self._put(item, "source", self.sources(s))
        if self.literal(s, EA + "inferred") is True:
            item["inferred"] = True
        return item

    def _change(self, c: str) -> dict:
        change: dict = {}
        self._put(change, "name", self.text(c, RDFS + "label"))
        self._put(change, "description", self.text(c, DCT + "description"))
        owner = self.one(c, EA + "owner")
        if isinstance(owner, str):
            change["owner"] = self.element_id(owner)
        self._put(change, "properties", self.properties(c))
        self._put(change, "rm", sorted(self.code(x) for x in self.iris(c, EA + "classification")) or None)
        self._put(change, "tags", self._tags(c))
        self._put(change, "notes", self.text(c, SKOS + "note"))
        return change

    def _former_name(self, h: str) -> dict:
        entry = {"name": self.text(h, RDFS + "label") or ""}
        for key in ("from", "until"):
            v = self.one(h, EA + key)
            if isinstance(v, Lit):
                entry[key] = v.value
        self._put(entry, "source", self.sources(h))
        self._put(entry, "notes", self.text(h, SKOS + "note"))
        return entry

    def _placement(self, s: str, etype: str, kind: str | None) -> str:
        """The file of an element: `layers/<layer>/<kind or type>.yaml`; work packages in gap_analysis/. The
        layer is a folder name, so only a layer ea knows is taken from the file."""
        if etype == "work-package":
            return f"gap_analysis/work_packages/{_file_name(kind or etype)}.yaml"
        own = metamodel().element_types[etype].layer
        if kind:
            own = self.framework.kinds[kind].layer or own
        layer = self.literal(s, EA + "layer")
        if layer is not None and layer != own and layer not in _layers(self.framework):
            self.notes.append(f"{shown(s)}: unknown layer '{printable(str(layer), 80)}': placed in layers/{own}/")
            layer = own
        return f"layers/{layer or own}/{_file_name(kind or etype)}.yaml"

    # -------------------------------------------------------------------------------------- relationships
    def _statements(self) -> list[tuple[str, str, str, str]]:
        """(statement, type, subject, object) of every reified relationship."""
        rel_of = {relationship_class(r): r for r in metamodel().relationship_types}
        out = []
        for s, classes in sorted(self.types.items()):
            rtypes = sorted(rel_of[c] for c in classes if c in rel_of)
            if not rtypes:
                continue
            subj, obj = self.one(s, RDF + "subject"), self.one(s, RDF + "object")
            if len(rtypes) > 1:
                self.findings.append(f"{shown(s)}: a relationship typed "
                                     f"{' and '.join(_short(relationship_class(r)) for r in rtypes)} (keep one)")
            elif not isinstance(subj, str) or not isinstance(obj, str):
                self.findings.append(f"{shown(s)}: a {_short(relationship_class(rtypes[0]))} statement without an "
                                     "rdf:subject or rdf:object IRI (give it both)")
            else:
                out.append((s, rtypes[0], subj, obj))
        return out

    def _relationships(self, elements: dict, explicit: list) -> set[tuple[str, str, str]]:
        inline_keys = {r.name: r.inline for r in metamodel().relationship_types.values()}
        covered = set()
        for s, rtype, subj, obj in sorted(self._statements(), key=lambda x: (x[2], x[1], x[3], self._repeat(x[0]))):
            covered.add((subj, self.one(s, RDF + "predicate"), obj))
            self._place(elements, explicit, inline_keys[rtype], rtype, self.element_id(subj), self.element_id(obj),
                        self._attributes(s))
        return covered

    def _attributes(self, s: str) -> dict:
        rel: dict = {}
        self._put(rel, "id", self.literal(s, DCT + "identifier"))
        self._put(rel, "name", self.text(s, RDFS + "label"))
        self._put(rel, "description", self.text(s, DCT + "description"))
        self._put(rel, "access", self.literal(s, EA + "accessType"))
        self._put(rel, "strength", self.literal(s, EA + "strength"))
        if self.literal(s, EA + "directed") is True:
            rel["directed"] = True
        self._put(rel, "properties", self.properties(s))
        self._plateaus(rel, s)
        self._put(rel, "source", self.sources(s))
        if self.literal(s, EA + "inferred") is True:
            rel["inferred"] = True
        self._put(rel, "notes", self.text(s, SKOS + "note"))
        return rel

    def _asserted_only(self, elements: dict, explicit: list, covered: set) -> None:
        """Asserted triples without a reified statement (a graph written by another tool) are relationships
        without attributes."""
        predicates = predicate_types()
        inline_keys = {r.name: r.inline for r in metamodel().relationship_types.values()}
        for subj, po in sorted(self.g.items()):
            for pred, objs in sorted(po.items()):
                if pred not in predicates:
                    continue
                rtype = predicates[pred]
                for obj in sorted(o for o in objs if isinstance(o, str)):
                    if (subj, pred, obj) not in covered:
                        self._place(elements, explicit, inline_keys[rtype], rtype, self.element_id(subj),
                                    self.element_id(obj), {})
                for blank in (o for o in objs if isinstance(o, Blank)):
                    self.findings.append(f"{shown(subj)}: {_short(pred)} {blank.id}, a blank node (relationships "
                                         "join elements named by IRIs)")

    def _blank_nodes(self) -> None:
        """Blank nodes typed as elements or relationships: an element needs an IRI, its id."""
        type_of, kind_of = self._classes()
        rel_of = {relationship_class(r) for r in metamodel().relationship_types}
        for b, po in sorted(self.blank.items()):
            classes = sorted(o for o in po.get(RDF_TYPE, ()) if isinstance(o, str)
                             and (o in type_of or o in kind_of or o in rel_of))
            if classes:
                what = "a relationship" if classes[0] in rel_of else "an element"
                self.findings.append(f"{shown(b)}: {what} ({', '.join(map(_short, classes))}) without an IRI, a "
                                     "blank node (name it with an IRI: {base}{id})")

    def _repeat(self, iri: str) -> int:
        tail = iri.rsplit(";", 1)
        return int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else 1

    def _plateau_key(self, pid: str):
        return (self.plateau_rank.get(pid, len(self.plateau_rank)), pid)

    def _plateaus(self, item: dict, s: str) -> None:
        """The plateaus of an element or relationship: none written when it is in every plateau (the export
        states membership of each, even when the YAML lists none), `[]` when it is in none."""
        values = sorted({self.plateau_id(x) for x in self.iris(s, EA + "plateau")}, key=self._plateau_key)
        if set(values) >= set(self.plateau_rank) or (not values and not self.membership_stated):
            return
        item["plateaus"] = values

    def _tags(self, s: str) -> list[str] | None:
        return sorted(v.value for v in self.all(s, EA + "tag") if isinstance(v, Lit)) or None

    def _common(self, s: str, item: dict) -> None:
        self._put(item, "description", self.text(s, DCT + "description"))
        owner = self.one(s, EA + "owner")
        if isinstance(owner, str):
            item["owner"] = self.element_id(owner)
        self._put(item, "rm", sorted(self.code(x) for x in self.iris(s, EA + "classification")) or None)
        self._put(item, "tags", self._tags(s))
        self._put(item, "properties", self.properties(s))
        self._plateaus(item, s)
        self._put(item, "notes", self.text(s, SKOS + "note"))

    @staticmethod
    def _place(elements, explicit, key, rtype, source, target, attrs) -> None:
        if source in elements:
            targets = elements[source].setdefault(key, [])
            targets.append({"to": target, **attrs} if attrs else target)
        else:
            explicit.append({"type": rtype, "from": source, "to": target, **attrs})


def _layers(framework) -> set[str]:
    return {t.layer for t in metamodel().element_types.values()} | {k.layer for k in framework.kinds.values()
                                                                    if k.layer}


def _short(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns):]}"
    return f"<{iri}>"


def _value_key(v):
    return (type(v).__name__, str(v))


def _natural(code: str):
    return [(0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"(\d+)", code)]


def _file_name(name: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-").lower()
    return slug[:80] or "elements"


def _free(files: dict, stem: str) -> str:
    """`stem.yaml`, or `stem-2.yaml`, ... when two names made the same file name."""
    path, n = f"{stem}.yaml", 1
    while path in files:
        n += 1
        path = f"{stem}-{n}.yaml"
    return path


HEADER = "# Rebuilt from RDF by `ea import rdf`; see docs/rdf.md.\n"


@dataclass
class Imported:
    model: object  # the loaded Model of the new repository
    notes: list[str] = field(default_factory=list)  # what was changed on the way (`<subject>: ...`)


def rebuild(source: bytes | BinaryIO | Graph, fmt: str, notes: list[str] | None = None) -> dict[str, str]:
    """The repository's files (path -> YAML text) rebuilt from an export; RdfFindings lists what cannot be
    rebuilt. `notes` receives what was changed on the way."""
    graph = source if isinstance(source, Graph) else parse(source, fmt)
    work = _Rebuild(graph)
    files = work.run()
    if notes is not None:
        notes.extend(work.notes)
    return {path: content if isinstance(content, str) else HEADER + to_yaml(content) for path, content in files.items()}


def import_file(path: Path, into: Path, fmt: str | None = None) -> Imported:
    """Rebuild a repository from the RDF file `path` into the folder `into` (absent or empty). Raises
    RdfImportError, its message starting with `path` (RdfFindings for statements it cannot rebuild, each named),
    and leaves nothing behind on any failure."""
    try:
        return _import(path, into, fmt)
    except RdfFindings as exc:
        raise RdfFindings(exc.findings, path) from None
    except RdfImportError as exc:
        raise RdfImportError(f"{path}: {exc}") from None


def _import(path: Path, into: Path, fmt: str | None) -> Imported:
    fmt = guess_format(path, fmt)
    if into.exists() and (not into.is_dir() or any(into.iterdir())):
        raise RdfImportError(f"{into} exists and is not an empty folder: choose a new folder")
    notes: list[str] = []
    try:
        with open_bounded(path, MAX_BYTES, _refuse_dtd if fmt == "rdfxml" else None) as stream:
            files = rebuild(parse(stream, fmt), fmt, notes)
    except TooLarge as exc:
        what = f"has {exc.size:,} bytes" if exc.size is not None else "goes on past the limit"
        raise RdfImportError(f"the file {what}, over the limit of {MAX_BYTES:,} bytes (import the export of "
                             "one repository)") from None
    except OSError as exc:
        raise RdfImportError(f"cannot read it: {exc.strerror or exc}") from None
    try:
        return Imported(write_repository(files, into), notes)
    except WriteError as exc:
        raise RdfImportError(str(exc).replace("the repository", "the rebuilt repository")) from None
