"""The report -> the texts of one language, laid out as the sections every human-readable format prints (md,
html, xlsx and the site share this, so they say the same thing)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ...i18n import LANGUAGES, MESSAGES, Language
from ..compare import Change, Gap
from ..result import Counts, Report, SideEntry
from ..workpackages import WorkPackage

STATUS_COLUMNS = ("included", "changed", "new", "eliminated", "unintended", "without_work_package")
INFERRED_MARK = "\u2020"  # dagger after the name of an inferred element; the view's `inferred_note` explains it
ID_FIELDS = ("owner", "id", "merged", "split", "absorbed")


@dataclass
class Ref:
    """An element as printed: its name in the language, and its id."""

    id: str
    name: str


@dataclass
class ChangeText:
    field: str
    old: str
    new: str


@dataclass
class GapRow:
    key: str
    layer: str
    status: str
    status_key: str  # included, changed, new, eliminated or unintended: the row's colour
    baseline: list[Ref]
    target: Ref | None
    element: Ref  # the target, or the baseline element when eliminated
    match: str
    changes: list[ChangeText]
    work_packages: list[Ref]
    decisions: list[Ref]
    source: str


@dataclass
class LayerRows:
    layer_key: str
    layer: str
    rows: list[GapRow] = field(default_factory=list)


@dataclass
class PackageRow:
    id: str
    name: str
    owner: Ref | None
    cooperating: list[Ref]
    deadline: str
    status: str
    status_key: str
    overdue: bool
    plateau: str
    closes: list[Ref]
    realizes: list[Ref]
    source: str


@dataclass
class RmRow:
    code: str
    level: int
    name: str
    counts: list[int]
    kind: str
    empty: bool  # no element under it in the target


@dataclass
class Table:
    head: list[str]
    rows: list[list]
    total: list = field(default_factory=list)
    empty: list = field(default_factory=list)


@dataclass
class ReportView:
    """Everything md, html and xlsx print, as text in one language."""

    lang: str
    title: str
    description: str
    notes: str
    approval: list[tuple[str, str]]
    provenance: list[tuple[str, str]]
    summary: Table
    wp_summary: str
    without_wp: list[GapRow]
    unintended: list[GapRow]
    matrix: list[LayerRows]
    work_packages: list[PackageRow]
    overdue: list[PackageRow]
    realize_nothing: list[PackageRow]
    close_nothing: list[PackageRow]
    rm: Table
    w: Callable[..., str]
    inferred_note: str = ""  # the footnote of the mark, when the report names an inferred element


def _same(text: str) -> str:
    return text


class Text:
    """The report's values as text in one language: names (with the repository's fallbacks), words, sources.

    `escape` is applied to every piece of text taken from the model or the report definition, before our
    own words and punctuation are put around it (Markdown escapes link syntax; other formats escape later
    or not at all)."""

    def __init__(self, report: Report, lang: str, escape: Callable[[str], str] = _same, mark: bool = False) -> None:
        self.report, self.lang, self.e, self.mark = report, lang, escape, mark
        self.language = Language.of(lang, report.languages)
        self.elements = report.elements
        self.text_keys = {*LANGUAGES, *report.languages}  # a dict with only these keys is a text, not a mapping

    def w(self, key: str, **fields: object) -> str:
        return self.language.word(key, **fields)

    def t(self, value) -> str:
        return self.e(self.language.text(value)) if value else ""

    def name(self, eid: str | None, which: str = "name") -> str:
        if not eid:
            return ""
        entry = self.elements.get(eid)
        if entry is None:
            return self.e(eid)
        name = self.t(entry.names_at.get(which) or entry.name) or self.e(eid)
        return f"{name} {INFERRED_MARK}" if self.mark and entry.inferred else name

    def ref(self, eid: str | None, which: str = "name") -> Ref:
        return Ref(eid or "", self.name(eid, which))

    def refs(self, ids: list[str], which: str = "name") -> list[Ref]:
        return [self.ref(i, which) for i in ids]

    def layer(self, layer: str) -> str:
        if f"layer.{layer}" in MESSAGES:
            return self.w(f"layer.{layer}")
        return self.w("other") if layer == "other" else self.e(layer)

    def source(self, src) -> str:
        if not isinstance(src, dict):
            return self.e(str(src))
        doc = src.get("doc")
        entry = self.elements.get(doc) if isinstance(doc, str) else None
        parts = [self.e(str((entry.number if entry else None) or doc or ""))]
        if src.get("section"):
            parts.append(f"{self.w('source.section')} {self.e(str(src['section']))}")
        if src.get("line"):
            parts.append(f"{self.w('source.line')} {self.e(str(src['line']))}")
        return ", ".join(p for p in parts if p)

    def sources(self, eid: str | None) -> str:
        entry = self.elements.get(eid or "")
        return "; ".join(self.source(s) for s in entry.sources) if entry else ""

    def person(self, p) -> str:
        if p is None:
            return ""
        if isinstance(p, str):
            return self.e(p)
        parts = [self.t(p.get("name"))]
        if p.get("title"):
            parts.append(self.t(p["title"]))
        if p.get("unit"):
            parts.append(self.name(p["unit"]))
        return ", ".join(x for x in parts if x)

    def people(self, people: list) -> str:
        return "; ".join(self.person(p) for p in people or []) or "—"

    def value(self, field: str, value, which: str) -> str:
        if value is None or value == [] or value == "":
            return "—"
        if field == "relationship":
            rel = f"{self.w('rel.' + value['type'])} {self.name(value['to'], which)}"
            return f"{rel} ({self.w('access.' + value['access'])})" if value.get("access") else rel
        if field in ID_FIELDS:
            values = value if isinstance(value, list) else [value]
            return ", ".join(f"{self.name(v, which)} [{self.e(str(v))}]" for v in values)
        if field == "name":
            return self.t(value)
        return self.e(_plain_text(value, self.language.text, self.text_keys))

    def change(self, c: Change) -> ChangeText:
        field = c.field
        if field.startswith("properties."):
            label = f"{self.w('field.properties')} {self.e(field.split('.', 1)[1])}"
        else:
            label = self.w(f"field.{field}")
        if field == "relationship":
            verb = self.w("added") if c.old is None else self.w("removed")
            label = f"{label} ({verb})"
        return ChangeText(label, self.value(field, c.old, "name_before"), self.value(field, c.new, "name_after"))

    def change_line(self, c: Change) -> str:
        d = self.change(c)
        return f"{d.field}: {d.old} → {d.new}"

    def wp_deadline(self, wp: WorkPackage) -> str:
        deadline, text = self.e(wp.deadline or ""), self.e(wp.deadline_text or "")
        if text and deadline:
            return f"{deadline} ({text})"
        return deadline or text or "—"

    def plateau(self, side: SideEntry) -> str:
        name = self.t(side.plateau_name) or self.e(side.plateau)
        return f"{name} ({self.e(side.plateau)}, {self.e(str(side.plateau_date))})"

    def gap_row(self, g: Gap) -> GapRow:
        status_key = "unintended" if g.unintended else g.status
        return GapRow(
            key=g.key, layer=self.layer(g.layer), status=self.w(status_key), status_key=status_key,
            baseline=self.refs(g.baseline, "name_before"),
            target=self.ref(g.target, "name_after") if g.target else None,
            element=self.ref(g.key, "name_after" if g.target else "name_before"),
            match=self.w(f"match.{g.match}") if g.match else "",
            changes=[self.change(c) for c in g.changes], work_packages=self.refs(g.work_packages),
            decisions=self.refs(g.decisions), source=self.sources(g.key),
        )

    def package_row(self, wp: WorkPackage) -> PackageRow:
        return PackageRow(
            id=wp.id, name=self.t(wp.name) or self.e(wp.id), owner=self.ref(wp.owner) if wp.owner else None,
            cooperating=self.refs(wp.cooperating), deadline=self.wp_deadline(wp), status=self.w(wp.status),
            status_key=wp.status, overdue=wp.overdue, plateau=self.e(wp.plateau),
            closes=self.refs(wp.closes, "name_after"), realizes=self.refs(wp.realizes, "name_after"),
            source="; ".join(self.source(s) for s in wp.sources),
        )


def _plain_text(value, t: Callable, text_keys: set[str]) -> str:
    if isinstance(value, dict):
        return t(value) if set(value) <= text_keys else ", ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _approval(x: Text, report: Report) -> list[tuple[str, str]]:
    ap, w = report.approval, x.w
    decision = ap.decision or {}
    return [
        (w("report_status"), w(ap.status)),
        (w("prepared_by"), x.people(ap.prepared_by)),
        (w("reviewed_by"), x.people(ap.reviewed_by)),
        (w("approver"), x.person(ap.approver) or "—"),
        (w("decision"), ", ".join(x.e(str(v)) for v in (decision.get("number"), decision.get("date")) if v)
         or w("not_approved")),
    ]


def _scope(x: Text, report: Report) -> str:
    scope = report.scope.as_dict()
    text = "; ".join(f"{x.w(k)}: {', '.join(x.layer(v) if k == 'layers' else x.e(v) for v in scope[k])}"
                     for k in ("layers", "kinds") if scope[k])
    if scope["rm"]:
        text += ("; " if text else "") + "RM: " + ", ".join(x.e(code) for code in scope["rm"])
    return text


def _provenance(x: Text, report: Report) -> list[tuple[str, str]]:
    w = x.w
    rows = []
    sides = [("from", report.from_), ("to", report.to)]
    for key, side in sides:
        where = f"{w('revision')} {side.revision[:10]}" if side.revision else w("work_tree")
        rows.append((w(key), f"{x.plateau(side)} — {where}"))
    for key, side in (sides[1:] if report.same_model else sides):
        m = side.model
        suffix = "" if report.same_model else f" ({w(key)})"
        commit = (f"{m.commit[:10]} ({m.date}), {w('clean') if m.clean else w('modified')}"
                  if m.commit else w("not_committed"))
        rows += [
            (w("model_commit") + suffix, commit),
            (w("model_hash") + suffix, m.hash),
            (w("validation") + suffix, f"{m.errors} {w('errors')}, {m.warnings} {w('warnings')}"),
        ]
    rows += [
        (w("report_date"), report.date or w("no_date")),
        (w("scope"), _scope(x, report) or w("all")),
        (w("content_hash"), report.content_hash),
    ]
    return rows


def _summary(x: Text, report: Report) -> Table:
    def counts(c: Counts) -> list[int]:
        return [getattr(c, s) for s in STATUS_COLUMNS]

    s = report.summary
    return Table([x.w("layer"), *(x.w(k) for k in STATUS_COLUMNS)],
                 [[x.layer(layer), *counts(c)] for layer, c in s.layers.items()],
                 [x.w("total"), *counts(s.total)])


def _matrix(x: Text, report: Report) -> list[LayerRows]:
    matrix: list[LayerRows] = []
    for g in report.gaps:
        if not matrix or matrix[-1].layer_key != g.layer:
            matrix.append(LayerRows(g.layer, x.layer(g.layer)))
        matrix[-1].rows.append(x.gap_row(g))
    return matrix


def _rm(x: Text, report: Report) -> Table:
    rm = report.rm_coverage
    rows = [RmRow(x.e(c.code), c.level, x.t(c.name), c.counts, c.kind, bool(c.counts) and c.counts[-1] == 0)
            for c in rm.categories]
    head = [x.w("code"), x.w("category"), *(x.t(c.name) or x.e(c.id) for c in rm.columns)]
    return Table(head, rows, empty=[r for r in rows if r.empty])


def inferred_note(report: Report, lang: str) -> str:
    """The footnote of the inferred mark, or "" when the report names no inferred element."""
    if not any(e.known and e.inferred for e in report.elements.values()):
        return ""
    return f"{INFERRED_MARK} {Language.of(lang, report.languages).word('inferred_note')}"


def view(report: Report, lang: str, escape: Callable[[str], str] = _same) -> ReportView:
    """Everything md, html and xlsx print, as text in `lang`; model text passed through `escape`; the names
    of inferred elements marked (`INFERRED_MARK`, explained by `inferred_note`)."""
    x = Text(report, lang, escape, mark=True)
    gaps = {g.key: g for g in report.gaps}
    packages = [x.package_row(wp) for wp in report.work_packages]
    by_id = {p.id: p for p in packages}
    return ReportView(
        lang=lang, title=x.t(report.title), description=x.t(report.approval.description),
        notes=x.t(report.approval.notes), approval=_approval(x, report), provenance=_provenance(x, report),
        summary=_summary(x, report), wp_summary=x.w("wp_summary", **report.summary.work_packages.as_dict()),
        without_wp=[x.gap_row(gaps[k]) for k in report.without_work_package],
        unintended=[x.gap_row(gaps[k]) for k in report.unintended],
        matrix=_matrix(x, report), work_packages=packages,
        overdue=[by_id[i] for i in report.overdue], realize_nothing=[by_id[i] for i in report.realize_nothing],
        close_nothing=[by_id[i] for i in report.close_nothing], rm=_rm(x, report), w=x.w,
        inferred_note=escape(inferred_note(report, lang)),
    )
