"""Tables and lists from the model: rows are the elements (or relationships) an outline item selects, in the
section's plateau, with the columns it names. Column fields: id, name, kind, type, layer, owner, description,
rm, plateaus, from, to, properties.KEY, out.TYPE / in.TYPE (names of the elements related by TYPE), source.
Format: docs/document.md, 'Tables'."""

from __future__ import annotations

from dataclasses import dataclass

from ..gap.compare import name_at
from ..gap.formats._common import INFERRED_MARK
from ..i18n import Language
from ..model import Element, Model, Relationship

FIELD_WORDS = {"id": "doc.col.id", "name": "doc.col.name", "kind": "doc.col.kind", "type": "doc.col.kind",
               "layer": "doc.col.layer", "owner": "doc.col.owner", "description": "doc.col.description",
               "rm": "doc.col.rm", "plateaus": "doc.col.plateaus", "from": "doc.col.from", "to": "doc.col.to",
               "source": "doc.col.source"}
MAX_CELL = 600  # characters: a cell is a summary; the model holds the rest


@dataclass
class Rows:
    header: list[str]
    rows: list[list[str]]
    sources: list[str]  # one per row: where the row's fact comes from


def source_text(model: Model, src: dict, lang: Language) -> str:
    """`2358/QĐ-BHXH, mục VI.2.3, dòng 620`: the decision's number in place of its element id."""
    doc = src.get("doc")
    el = model.elements.get(doc) if isinstance(doc, str) else None
    parts = [str(el.properties.get("number") or lang.text(el.name)) if el else str(doc or "")]
    if src.get("section"):
        parts.append(f"{lang.word('source.section')} {src['section']}")
    if src.get("line"):
        parts.append(f"{lang.word('source.line')} {src['line']}")
    return ", ".join(p for p in parts if p)


def sources_text(model: Model, sources: list[dict], lang: Language) -> str:
    return "; ".join(dict.fromkeys(source_text(model, s, lang) for s in sources if isinstance(s, dict)))


def _value(value, lang: Language) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        if value and all(isinstance(k, str) and len(k) <= 3 for k in value):  # a text per language
            return lang.text(value)
        return "; ".join(f"{k}: {_value(v, lang)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(_value(v, lang) for v in value)
    if isinstance(value, bool):
        return lang.word("doc.yes") if value else lang.word("doc.no")
    return str(value)


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1].rstrip() + "…"


class Selector:
    """Selection and cell values for one model, plateau and language; indexes relationships once."""

    def __init__(self, model: Model, lang: Language) -> None:
        self.model, self.lang = model, lang
        self.out: dict[tuple[str, str], list[Relationship]] = {}
        self.inc: dict[tuple[str, str], list[Relationship]] = {}
        for rel in model.relationships:
            self.out.setdefault((rel.source, rel.type), []).append(rel)
            self.inc.setdefault((rel.target, rel.type), []).append(rel)

    def name(self, eid: str | None, plateau: str) -> str:
        el = self.model.elements.get(eid) if eid else None
        if el is None:
            return eid or ""
        return self.lang.text(name_at(self.model, el, plateau) if plateau in self.model.plateaus else el.name)

    def marked(self, eid: str | None, plateau: str) -> str:
        """The name, with the inferred mark when the element is `inferred: true` (see `inferred_note`)."""
        el = self.model.elements.get(eid) if eid else None
        name = self.name(eid, plateau)
        return f"{name} {INFERRED_MARK}" if el is not None and el.inferred else name

    def elements(self, spec: dict, plateau: str) -> list[Element]:
        m = self.model
        ids = set(spec.get("ids") or ())
        out = []
        for el in m.elements.values():
            if not _matches(el, spec, ids) or not m.in_plateau(el, plateau):
                continue
            out.append(el)
        return out

    def relationships(self, spec: dict, plateau: str) -> list[Relationship]:
        m = self.model
        ids = set(spec.get("ids") or ())
        rtype = spec.get("relationship")
        out = []
        for rel in m.relationships:
            if rtype and rel.type != rtype or not m.in_plateau(rel, plateau):
                continue
            ends = [m.elements.get(rel.source), m.elements.get(rel.target)]
            if any(e is None or not m.in_plateau(e, plateau) for e in ends):
                continue
            if (spec.get("kinds") or spec.get("types") or spec.get("layers") or ids) and \
                    not any(_matches(e, spec, ids) for e in ends):
                continue
            out.append(rel)
        return out

    def cell(self, item: Element | Relationship, key: str, plateau: str) -> str:
        m, lang = self.model, self.lang
        is_el = isinstance(item, Element)
        state = m.state_at(item, plateau) if is_el and plateau in m.plateaus else None
        props = state["properties"] if state else item.properties
        if key.startswith("properties."):
            return _cut(_value(props.get(key.split(".", 1)[1]), lang))
        if key.startswith(("out.", "in.")):
            if not is_el:
                return ""
            way, rtype = key.split(".", 1)
            rels = (self.out if way == "out" else self.inc).get((item.id, rtype), [])
            other = [r.target if way == "out" else r.source for r in rels if m.in_plateau(r, plateau)]
            names = [self.name(o, plateau) for o in dict.fromkeys(other)
                     if o in m.elements and m.in_plateau(m.elements[o], plateau)]
            return _cut("; ".join(sorted(names)))
        return _cut(self._plain_field(item, key, plateau, state))

    def _plain_field(self, item, key: str, plateau: str, state: dict | None) -> str:
        m, lang = self.model, self.lang
        if not isinstance(item, Element):
            return {"id": item.id or item.key, "name": _value(item.name, lang), "kind": item.type,
                    "type": item.type, "from": self.name(item.source, plateau), "to": self.name(item.target, plateau),
                    "plateaus": _value(item.plateaus or [], lang),
                    "source": sources_text(m, item.sources, lang)}.get(key, "")
        if key == "name":
            return self.name(item.id, plateau)
        if key in ("description", "owner"):
            value = state[key] if state else getattr(item, key)
            return self.name(value, plateau) if key == "owner" else _value(value, lang)
        if key == "kind":
            kind = m.kinds.get(item.kind) if item.kind else None
            return lang.text(kind.label) if kind and kind.label else (item.kind or item.type or "")
        if key == "rm":
            codes = state["rm"] if state else item.rm
            return "; ".join(f"{c} {lang.text(m.categories[c].name)}" if c in m.categories else c for c in codes)
        if key == "plateaus":
            return "; ".join(lang.text(m.plateaus[p].name) for p in m.element_plateaus(item))
        if key == "source":
            return sources_text(m, item.sources, lang)
        return _value(getattr(item, key, ""), lang)


def _matches(el: Element, spec: dict, ids: set[str]) -> bool:
    if ids and el.id not in ids:
        return False
    if spec.get("kinds") and el.kind not in spec["kinds"]:
        return False
    if spec.get("types") and el.type not in spec["types"]:
        return False
    if spec.get("layers") and el.layer not in spec["layers"]:
        return False
    if spec.get("tags") and not set(spec["tags"]) & set(el.tags):
        return False
    return not spec.get("rm") or any(c == r or c.startswith(r + ".") for c in el.rm for r in spec["rm"])


def column_title(column, lang: Language) -> str:
    if isinstance(column, dict):
        if column.get("title"):
            return lang.text(column["title"])
        column = column["field"]
    if column in FIELD_WORDS:
        return lang.word(FIELD_WORDS[column])
    if column.startswith(("out.", "in.")):
        return lang.word(f"doc.rel.{column}") if lang.word(f"doc.rel.{column}") != f"doc.rel.{column}" \
            else column.split(".", 1)[1]
    if column.startswith("properties.") and lang.word(f"doc.prop.{column[11:]}") != f"doc.prop.{column[11:]}":
        return lang.word(f"doc.prop.{column[11:]}")
    return column.split(".", 1)[-1].replace("_", " ").capitalize()


def inferred_note(lang: Language) -> str:
    return f"{INFERRED_MARK} {lang.word('inferred_note')}"


def has_mark(rows: list[list[str]]) -> bool:
    return any(str(cell).endswith(f" {INFERRED_MARK}") for row in rows for cell in row)


def element_rows(sel: Selector, spec: dict, plateau: str, with_sources: bool) -> Rows:
    """The table an outline item describes: a numbered first column, then its columns, then the source; the
    name (else the number) of an inferred element or relationship marked, `inferred_note` explaining it."""
    columns = [c["field"] if isinstance(c, dict) else c for c in spec["columns"]]
    items = sel.relationships(spec, plateau) if spec.get("rows") == "relationships" else sel.elements(spec, plateau)
    sort = spec.get("sort") or ("name" if "name" in columns else columns[0])
    keyed = [([sel.cell(i, c, plateau) for c in columns], i) for i in items]
    keyed.sort(key=lambda r: (sel.cell(r[1], sort, plateau).casefold(), r[0]))
    header = [sel.lang.word("doc.col.no"), *(column_title(c, sel.lang) for c in spec["columns"])]
    rows, sources = [], []
    where = columns.index("name") + 1 if "name" in columns else 0  # the cell that carries the inferred mark
    for n, (cells, item) in enumerate(keyed, 1):
        src = sources_text(sel.model, item.sources, sel.lang)
        row = [str(n), *cells, *([src] if with_sources else [])]
        if item.inferred:
            row[where] = f"{row[where]} {INFERRED_MARK}"
        rows.append(row)
        sources.append(src)
    if with_sources:
        header.append(sel.lang.word("doc.col.source"))
    return Rows(header, rows, sources)
