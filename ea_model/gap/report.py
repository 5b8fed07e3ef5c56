"""Report definitions (`gap_analysis/reports/*.yaml`) and the report itself: the gap matrix, work-package
and reference-model coverage, the approval block and the provenance of the model, as one `result.Report`
that every output format renders.

The report holds names in every language; the formats choose one. It holds no time of the run: the report
date comes from the definition, the command line or the date of the model's last commit.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from json.encoder import encode_basestring
from operator import attrgetter
from pathlib import Path

import jsonschema

from .. import forked
from ..errors import EaError
from ..gitinfo import GitState
from ..i18n import CODE, LANGUAGES, Language
from ..model import ID_MAX, ID_PATTERN, Model
from ..problems import Problem
from ..schema_check import schema_problems
from ..yamlload import Map, YamlError, load_file
from .compare import INCLUDED, GapMatrix, Scope, Side, plain
from .jsonenc import json_encoder
from .result import (
    Approval,
    Counts,
    ElementEntry,
    ModelState,
    PackageCounts,
    Plateau,
    Report,
    RmTable,
    SideEntry,
    Summary,
)
from .rmcoverage import RmCoverage
from .workpackages import Coverage

FORMAT_VERSION = "ea-gap/1"
REPORT_STATUSES = ("draft", "submitted", "approved")
OUTPUT_FORMATS = ("md", "html", "json", "csv", "xlsx", "docx", "pdf")
DATE = r"^\d{4}-\d{2}-\d{2}$"
# a text in one language, or one per language code (any code, as in the model: ea.yaml may list fr, de ...)
_TEXT = {"oneOf": [{"type": "string"}, {"type": "object", "minProperties": 1,
                                        "propertyNames": {"pattern": CODE.pattern},
                                        "additionalProperties": {"type": "string"}}]}
_PERSON = {"oneOf": [{"type": "string"}, {
    "type": "object", "required": ["name"], "additionalProperties": False,
    "properties": {"name": _TEXT, "title": _TEXT, "unit": {"type": "string"}}}]}
_PEOPLE = {"oneOf": [_PERSON, {"type": "array", "items": _PERSON}]}
_IDS = {"type": "array", "items": {"type": "string"}}
DEFINITION_SCHEMA = {
    "type": "object",
    "required": ["title", "status"],
    "anyOf": [{"required": ["from", "to"]}, {"required": ["from_rev"]}],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX},  # report files are named by it
        "title": _TEXT,
        "description": _TEXT,
        "from": {"type": "string"},
        "to": {"type": "string"},
        "from_rev": {"type": "string"},
        "to_rev": {"type": "string"},
        "scope": {"type": "object", "additionalProperties": False,
                  "properties": {"layers": _IDS, "kinds": _IDS, "rm": _IDS}},
        "date": {"type": "string", "pattern": DATE},
        "languages": {"type": "array", "items": {"type": "string", "pattern": CODE.pattern}, "minItems": 1},
        "formats": {"type": "array", "items": {"enum": list(OUTPUT_FORMATS)}, "minItems": 1},
        "prepared_by": _PEOPLE,
        "reviewed_by": _PEOPLE,
        "approver": _PERSON,
        "status": {"enum": list(REPORT_STATUSES)},
        "decision": {"type": "object", "additionalProperties": False,
                     "properties": {"number": {"type": "string"}, "date": {"type": "string", "pattern": DATE},
                                    "doc": {"type": "string"}}},
        "notes": _TEXT,
    },
    "if": {"properties": {"status": {"const": "approved"}}, "required": ["status"]},
    "then": {"required": ["decision"],
             "properties": {"decision": {"required": ["number", "date"]}}},
}


class DefinitionError(EaError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(p.text() for p in problems))
        self.problems = problems


@dataclass
class Definition:
    id: str
    file: str
    title: dict | str
    status: str = "draft"
    from_plateau: str | None = None
    to_plateau: str | None = None
    from_rev: str | None = None
    to_rev: str | None = None
    scope: Scope = field(default_factory=Scope)
    date: str | None = None
    languages: list[str] | None = None
    formats: list[str] = field(default_factory=lambda: ["md", "html"])
    prepared_by: list = field(default_factory=list)
    reviewed_by: list = field(default_factory=list)
    approver: object = None
    decision: dict | None = None
    description: dict | str | None = None
    notes: dict | str | None = None


def _people(value) -> list:
    if value is None:
        return []
    return [plain(v) for v in (value if isinstance(value, list) else [value])]


def read_mapping(path: Path, rel: str, what: str, hint: str) -> Map:
    """A YAML file of gap_analysis/ that holds one mapping (a report definition, an approval record); a file that
    does not parse or holds something else is a DefinitionError at its line."""
    try:
        data = load_file(str(path), rel)
    except YamlError as exc:
        raise DefinitionError([Problem(exc.path, exc.line, exc.code, "error", exc.message, exc.hint)]) from None
    if not isinstance(data, Map):
        raise DefinitionError([Problem(rel, 1, "EA100", "error", f"{what} is a mapping", hint)])
    return data


def read_definition(path: Path, root: Path) -> Definition:
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    data = read_mapping(path, rel, "a report definition", "see docs/gap.md")
    problems = [Problem(p.file, p.line, p.code, p.severity, p.message,
                        "see docs/gap.md" if p.hint == "see docs/format.md" else p.hint)
                for p in schema_problems(jsonschema.Draft202012Validator(DEFINITION_SCHEMA), data, rel,
                                         "report definition")]
    if problems:
        raise DefinitionError(problems)
    scope = data.get("scope") or {}
    return Definition(
        id=str(data.get("id") or path.stem), file=rel, title=plain(data["title"]), status=data["status"],
        from_plateau=data.get("from"), to_plateau=data.get("to"), from_rev=data.get("from_rev"),
        to_rev=data.get("to_rev"),
        scope=Scope(tuple(scope.get("layers") or ()), tuple(scope.get("kinds") or ()), tuple(scope.get("rm") or ())),
        date=data.get("date"), languages=list(data["languages"]) if data.get("languages") else None,
        formats=list(data.get("formats") or ["md", "html"]),
        prepared_by=_people(data.get("prepared_by")), reviewed_by=_people(data.get("reviewed_by")),
        approver=plain(data.get("approver")), decision=plain(data.get("decision")),
        description=plain(data.get("description")), notes=plain(data.get("notes")),
    )


def definitions(root: Path, folder: str) -> dict[str, Definition]:
    """Every report definition of the repository (`<gap_analysis>/reports/*.yaml`), by id."""
    base = root / folder / "reports"
    found: dict[str, Definition] = {}
    if base.is_dir():
        for path in sorted(base.glob("*.y*ml")):
            if path.suffix in (".yaml", ".yml"):
                d = read_definition(path, root)
                found[d.id] = d
    return found


def model_hash(model: Model) -> str:
    """sha256 over the manifest and every file the model was loaded from (path and bytes, sorted)."""
    digest = hashlib.sha256()
    for rel in sorted({"ea.yaml", *model.files}):
        path = model.root / rel
        if path.is_file():
            digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


@dataclass
class SideInfo:
    git: GitState
    errors: int
    warnings: int
    hash: str


def _side(side: Side, info: SideInfo) -> SideEntry:
    p = side.model.plateaus[side.plateau]
    git = info.git
    return SideEntry(side.plateau, plain(p.name), p.date, side.revision,
                     ModelState(git.commit, git.date, git.clean, info.hash, info.errors, info.warnings))


def default_title(matrix: GapMatrix) -> dict:
    """The title in the interface's languages and the repository's, with the plateaus' names in each."""
    b, a = matrix.before, matrix.after
    languages = a.model.manifest.languages
    title = {}
    for code in dict.fromkeys((*LANGUAGES, *languages)):
        lang = Language.of(code, languages)
        title[code] = lang.word("gap_title", a=lang.text(b.model.plateaus[b.plateau].name),
                                b=lang.text(a.model.plateaus[a.plateau].name))
    return title


def _approval(definition: Definition | None) -> Approval:
    if definition is None:
        return Approval("draft")
    return Approval(definition.status, definition.prepared_by, definition.reviewed_by, definition.approver,
                    definition.decision, definition.file, definition.description, definition.notes)


def _summary(gaps: list, coverage: Coverage) -> Summary:
    layers: dict[str, Counts] = {}
    total = Counts()
    # Rows counted by (layer, status) in C, in the order of the matrix: nearly all rows of a big one are included,
    # which add nothing else. The gaps then one by one.
    for (layer, status), n in Counter(map(attrgetter("layer", "status"), gaps)).items():
        for counts in (layers.setdefault(layer, Counts()), total):
            setattr(counts, status, getattr(counts, status) + n)
    for g in gaps:
        if g.status != INCLUDED:
            for counts in (layers[g.layer], total):
                counts.unintended += g.unintended
                counts.without_work_package += not g.work_packages
    packages = PackageCounts(len(coverage.packages), len(coverage.realize_nothing), len(coverage.close_nothing),
                             len(coverage.overdue))
    return Summary(layers, total, packages)


def _elements(matrix: GapMatrix, coverage: Coverage, definition: Definition | None) -> dict[str, ElementEntry]:
    """Every element the report mentions, with its names on each side."""
    index = _Index(matrix)
    add = index.add
    for g in matrix.gaps:
        for i in g.baseline:
            add(i, "before")
        if g.target:
            add(g.target, "after")
        for c in g.changes:
            index.add_value(c.field, c.old, "before")
            index.add_value(c.field, c.new, "after")
        for d in g.decisions:
            add(d, "after")
        for d in g.work_packages:
            add(d, "after")
    for wp in coverage.packages:
        for i in (wp.id, wp.owner, *wp.cooperating, *wp.realizes):
            index.add(i, "after")
        for s in wp.sources:
            index.add(s.get("doc"), "after")
    for unit in _units(definition):
        index.add(unit, "after")
    return index.entries()


def build(matrix: GapMatrix, coverage: Coverage, rm: RmCoverage, before: SideInfo, after: SideInfo,
          definition: Definition | None = None) -> Report:
    """The report (see docs/gap.md, 'JSON', for its `as_dict()` form)."""
    columns = [Plateau(s.plateau, plain(s.model.plateaus[s.plateau].name), s.model.plateaus[s.plateau].date,
                       s.revision) for s in rm.columns]
    report = Report(
        format=FORMAT_VERSION,
        id=definition.id if definition else f"{matrix.before.plateau}-{matrix.after.plateau}",
        title=definition.title if definition else default_title(matrix),
        approval=_approval(definition),
        date=coverage.report_date,
        from_=_side(matrix.before, before),
        to=_side(matrix.after, after),
        same_model=matrix.same_model,
        plateaus=columns,
        scope=matrix.scope,
        summary=_summary(matrix.gaps, coverage),
        gaps=matrix.gaps,
        work_packages=coverage.packages,
        realize_nothing=[wp.id for wp in coverage.realize_nothing],
        close_nothing=[wp.id for wp in coverage.close_nothing],
        overdue=[wp.id for wp in coverage.overdue],
        rm_coverage=RmTable(columns, rm.rows, [r.code for r in rm.empty_in_target]),
        elements=_elements(matrix, coverage, definition),
        languages=tuple(matrix.after.model.manifest.languages),
    )
    report.content_hash = _hash_meanwhile(report)
    return report


# From this many rows (gaps and elements), the content hash is computed by a forked child while this process goes
# on to render the report (ea_model/forked.py): one more encoding of the whole report, ~1 s at 100,000 elements.
PARALLEL_FROM = 20_000


def _hash_meanwhile(report: Report) -> str | Callable[[], str]:
    """The content hash of `report`, or a function that waits for the child computing it."""
    body = report.body()
    wait = forked.start(lambda: content_hash(body)) if len(report.gaps) + len(report.elements) >= PARALLEL_FROM \
        else None
    if wait is None:
        return content_hash(body)
    return lambda: wait() or content_hash(body)


def content_hash(report: dict) -> str:
    """sha256 of the analysis: everything but the approval block (so approving a report keeps its hash)."""
    body = {k: v for k, v in report.items() if k not in ("approval", "content_hash", "title")}
    digest = hashlib.sha256()
    for piece in _sorted_json(body):
        digest.update(piece.encode())
    return digest.hexdigest()


_SORTED = json_encoder(sort_keys=True)
_ROWS = 2000  # rows of a list or mapping encoded by one call


def _sorted_json(body: dict) -> Iterator[str]:
    """json.dumps(body, sort_keys=True, ensure_ascii=False) in pieces of a few thousand rows: the text of a
    100,000-element report is ~60 M characters, whose string (and its UTF-8 copy) cost as much in page faults
    as the encoding. A piece is the encoded list (or mapping) of those rows without its brackets."""
    yield "{"
    for i, key in enumerate(sorted(body)):
        value = body[key]
        yield f"{', ' if i else ''}{encode_basestring(key)}: "
        if isinstance(value, list) and len(value) > _ROWS:
            yield "["
            for j in range(0, len(value), _ROWS):
                yield (", " if j else "") + _SORTED(value[j:j + _ROWS])[1:-1]
            yield "]"
        elif isinstance(value, dict) and len(value) > _ROWS and all(type(k) is str for k in value):
            keys = sorted(value)
            yield "{"
            for j in range(0, len(keys), _ROWS):
                yield (", " if j else "") + _SORTED({k: value[k] for k in keys[j:j + _ROWS]})[1:-1]
            yield "}"
        else:
            yield _SORTED(value)
    yield "}"


def _units(definition: Definition | None) -> list[str]:
    if definition is None:
        return []
    people = [*definition.prepared_by, *definition.reviewed_by, definition.approver]
    return [p["unit"] for p in people if isinstance(p, dict) and p.get("unit")]


_ID_FIELDS = {"owner", "id", "merged", "split", "absorbed"}


class _Index:
    """Names and provenance of every element the report mentions, so formats need no model."""

    def __init__(self, matrix: GapMatrix) -> None:
        # The first `add` of an id records everything both sides say of it (a later one, whatever it prefers, would
        # add nothing), and an id is mentioned once per relationship that names it.
        self.items: dict[str, ElementEntry] = {}
        before, after = [(side.model, side.plateau, key, matrix.names(side.model))
                         for side, key in ((matrix.before, "name_before"), (matrix.after, "name_after"))]
        self.sides = {"before": (before, after), "after": (after, before)}  # the side preferred first

    def add(self, eid, prefer: str) -> None:
        if not isinstance(eid, str) or eid in self.items:
            return
        first, second = self.sides[prefer]
        model, plateau, key, names = first
        el = model.elements.get(eid)
        if el is None:  # only the other side has it
            model, plateau, key, names = first = second
            el = model.elements.get(eid)
            if el is None:
                self.items[eid] = ElementEntry(None, known=False)
                return
        inside = model.in_plateau(el, plateau)
        name = names.at(el, plateau) if inside else plain(el.name)
        number = el.properties.get("number")
        entry = self.items[eid] = ElementEntry(name, el.type, el.kind, el.layer, plain(el.sources),
                                               None if number is None else str(number), {key: name} if inside else {},
                                               inferred=bool(el.inferred))
        if first is second:
            return
        model, plateau, key, names = second
        # two plateaus of one model: the same element (a report of 100,000 elements looks each up once)
        el = el if model is first[0] else model.elements.get(eid)
        if el is not None and model.in_plateau(el, plateau):
            entry.names_at[key] = names.at(el, plateau)

    def add_value(self, field_name: str, value, prefer: str) -> None:
        if field_name in _ID_FIELDS or field_name == "relationship":
            values = value if isinstance(value, list) else [value]
            for v in values:
                self.add(v.get("to") if isinstance(v, dict) else v, prefer)

    def entries(self) -> dict[str, ElementEntry]:
        return dict(sorted(self.items.items()))


def valid_date(text: str) -> bool:
    """YYYY-MM-DD and a day that exists (`2040-13-45` has the shape of a date, not a date)."""
    from ..rules.impossible_date import valid

    return bool(re.fullmatch(DATE, text)) and valid(text)
