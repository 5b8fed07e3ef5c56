"""Archi's CSV format, both ways: `elements.csv` ("ID","Type","Name","Documentation","Specialization", the model
itself a row of type `ArchimateModel`), `relations.csv` (... "Source","Target","Specialization") and
`properties.csv` ("ID","Key","Value"), UTF-8 with a BOM, every field quoted, CRLF, as Archi's File > Export >
Model to CSV writes them and File > Import > CSV reads them; or one workbook with a sheet per file.

Export: ids are the identifiers of `ea export archimate` (the `archimate_id` an imported concept kept, else
`id-<ea id>`), names and documentation in the first language (`--lang`) with the others as properties `name:<lang>`
and `documentation:<lang>`, and what Archi has no column for as properties: ea's own fields as the `ea_*`
properties of the exchange export (ea_id, ea_kind, ea_owner, ea_plateaus, ea_source, ...) and Archi's own
`Access_Type`, `Influence_Strength`, `Directed`, `Junction_Type`. Import reads them back into the exchange
records of read.py, which to_repo.py writes as a repository, so export -> import keeps ids, types and names in
every language. Cells a spreadsheet would run as formulas are written with a leading `'` (csvsafe) and read back
without it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from ..csvsafe import TRIGGERS
from ..csvsafe import writer as safe_writer
from ..metamodel import metamodel
from ..model import Model
from .read import MAX_BYTES, ArchimateError, XConcept, XModel, XProperty, read_bytes
from .upgrade import ELEMENTS_21, Upgrade, upgrade_type
from .write import exchange_concepts, scalar, xml_id

MODEL_TYPE = "ArchimateModel"
ELEMENTS_HEADER = ["ID", "Type", "Name", "Documentation", "Specialization"]
RELATIONS_HEADER = ["ID", "Type", "Name", "Documentation", "Source", "Target", "Specialization"]
PROPERTIES_HEADER = ["ID", "Key", "Value"]
FILES = ("elements", "relations", "properties")
ACCESS = {"write": "Write", "read": "Read", "access": "Access", "readwrite": "ReadWrite"}
LANGUAGES = "ea_languages"  # on the model row: the repository's languages, the first is the Name column's
NAME, DOC = "name:", "documentation:"
BOM = "\ufeff"
MAX_XLSX_UNCOMPRESSED = 4 * MAX_BYTES


# ---------------------------------------------------------------------------------------------------- export
@dataclass
class Tables:
    elements: list[list[str]]
    relations: list[list[str]]
    properties: list[list[str]]

    def rows(self, name: str) -> list[list[str]]:
        header = {"elements": ELEMENTS_HEADER, "relations": RELATIONS_HEADER, "properties": PROPERTIES_HEADER}[name]
        return [header, *getattr(self, name)]


def tables(model: Model, lang: str | None = None) -> Tables:
    """The three tables of `model`, `lang` (default: the first of ea.yaml) in the Name columns."""
    w = exchange_concepts(model, lang)
    lang = w.lang
    others = [x for x in model.manifest.languages if x != lang]
    out = Tables([], [], [])
    mid = xml_id(model.manifest.id, "id-model-")
    manifest = model.manifest
    out.elements.append([mid, MODEL_TYPE, _in(manifest.name, lang), _in(manifest.raw.get("description"), lang), ""])
    _texts(out.properties, mid, manifest.name, manifest.raw.get("description"), others)
    out.properties.append([mid, LANGUAGES, "; ".join([lang, *others])])
    _props(out.properties, mid, dict(manifest.raw.get("properties") or {}))
    for el in w.elements:
        state = w.state(el)
        ident = w.ids[el.id]
        kind = "Junction" if el.type == "junction" else w.etype[el.type]
        out.elements.append([ident, kind, _in(state["name"], lang), _in(state["description"], lang), el.kind or ""])
        _texts(out.properties, ident, state["name"], state["description"], others)
        if el.type == "junction":
            out.properties.append([ident, "Junction_Type",
                                   "Or" if el.properties.get("junction_type") == "or" else "And"])
        _props(out.properties, ident, w.element_properties(el, state))
    for rel in w.relationships:
        ident = w.rel_ids[id(rel)]
        description = rel.raw.get("description") if rel.raw else None
        out.relations.append([ident, w.rtype[rel.type] + "Relationship", _in(rel.name, lang), _in(description, lang),
                              w.ids[rel.source], w.ids[rel.target], ""])
        _texts(out.properties, ident, rel.name, description, others)
        if rel.type == "access" and rel.access:
            out.properties.append([ident, "Access_Type", ACCESS.get(rel.access, "Access")])
        if rel.type == "influence" and rel.strength:
            out.properties.append([ident, "Influence_Strength", str(rel.strength)])
        if rel.type == "association" and rel.directed:
            out.properties.append([ident, "Directed", "true"])
        _props(out.properties, ident, {k: v for k, v in w.relationship_properties(rel).items() if k != "ea_directed"})
    return out


def _in(value, lang: str) -> str:
    if isinstance(value, dict):
        return str(value.get(lang) or "")
    return "" if value is None else str(value)


def _texts(rows: list, ident: str, name, description, others: list[str]) -> None:
    """The name and documentation in the languages after the first, as properties `name:<lang>`."""
    for prefix, value in ((NAME, name), (DOC, description)):
        if isinstance(value, dict):
            rows += [[ident, prefix + lang, str(value[lang])] for lang in others if value.get(lang)]


def _props(rows: list, ident: str, props: dict) -> None:
    for key in sorted(props, key=str):
        value = props[key]
        text = "; ".join(map(scalar, value)) if isinstance(value, list) else scalar(value)
        rows.append([ident, str(key), text])


def to_csv(rows: list[list[str]]) -> bytes:
    """Archi's CSV: UTF-8 with a BOM, every field quoted, CRLF; formula-like cells neutralised."""
    buffer = io.StringIO(newline="")
    safe_writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(rows)
    return (BOM + buffer.getvalue()).encode("utf-8")


def export_csv(model: Model, lang: str | None = None, prefix: str = "") -> dict[str, bytes]:
    """File name -> bytes: `<prefix>elements.csv`, `<prefix>relations.csv`, `<prefix>properties.csv`."""
    t = tables(model, lang)
    return {f"{prefix}{name}.csv": to_csv(t.rows(name)) for name in FILES}


def export_xlsx(model: Model, lang: str | None = None) -> bytes:
    """One workbook, a sheet per CSV file (elements, relations, properties), every cell text; same bytes for
    the same model."""
    from openpyxl import Workbook

    t = tables(model, lang)
    wb = Workbook()
    wb.remove(wb.active)
    for name in FILES:
        ws = wb.create_sheet(name)
        for row in t.rows(name):
            ws.append(row)
        for line in ws.iter_rows():
            for cell in line:
                cell.data_type = "s"  # openpyxl makes a formula of text starting with "="
    return _deterministic(wb)


def _deterministic(wb) -> bytes:
    raw = io.BytesIO()
    wb.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # creation and modification times
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                              rb"\g<1>2000-01-01T00:00:00Z\g<3>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, data)
    return out.getvalue()


# ---------------------------------------------------------------------------------------------------- import
@dataclass
class _Table:
    file: str
    rows: list[tuple[int, list[str]]]  # (line, cells) after the header


def read_csv(path: Path, lang: str | None = None) -> XModel:
    """The model of Archi CSV files: `path` is their folder, one of them (`[prefix]elements.csv`), or a workbook
    (`.xlsx`). `lang`: the language of the Name column (default: the model row's `ea_languages`, else en)."""
    if path.suffix.lower() == ".xlsx":
        tables_ = _read_xlsx(path)
    else:
        tables_ = {name: _read_table(file, name) if file else None for name, file in _locate(path).items()}
    if tables_["elements"] is None:
        raise ArchimateError(str(path), 1, "no elements table", "Archi's CSV export writes elements.csv")
    return _Builder(str(path), lang).run(tables_)


def _locate(path: Path) -> dict[str, Path | None]:
    if path.is_dir():
        found = sorted(path.glob("*elements.csv"))
        if len(found) != 1:
            raise ArchimateError(str(path), 1, f"{len(found)} files named *elements.csv in the folder",
                                 "give the elements.csv file of the export to import")
        path = found[0]
    if not path.name.endswith("elements.csv"):
        raise ArchimateError(str(path), 1, "not an Archi CSV file: the name does not end in elements.csv",
                             "give the folder of the export, its elements.csv, or an .xlsx workbook")
    prefix = path.name[:-len("elements.csv")]
    out: dict[str, Path | None] = {"elements": path}
    for name in FILES[1:]:
        sibling = path.with_name(f"{prefix}{name}.csv")
        out[name] = sibling if sibling.is_file() else None
    return out


def _read_table(path: Path, name: str) -> _Table:
    data = read_bytes(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise ArchimateError(str(path), line, "not UTF-8 text", "export from Archi with the encoding UTF-8 or "
                             "UTF-8 BOM, or save the spreadsheet as CSV UTF-8") from None
    first = text.split("\n", 1)[0]
    delimiter = next((d for d in (",", ";", "\t") if first.startswith(('"ID"' + d, "ID" + d))), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        header = next(reader, [])
        for cells in reader:
            if any(cells):
                rows.append((reader.line_num, [_restore(c) for c in cells]))
    except csv.Error as exc:
        raise ArchimateError(str(path), reader.line_num, f"not valid CSV: {exc}", "fix the quoting") from None
    _check_header(str(path), name, header)
    return _Table(str(path), rows)


def _restore(cell: str) -> str:
    """csvsafe's `'` before a formula-like cell, taken off again."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(TRIGGERS) else cell


def _check_header(file: str, name: str, header: list[str]) -> None:
    want = {"elements": ELEMENTS_HEADER, "relations": RELATIONS_HEADER, "properties": PROPERTIES_HEADER}[name]
    need = want[:6] if name == "relations" else want[:4] if name == "elements" else want
    if [h.strip().lstrip(BOM) for h in header[:len(need)]] != need:
        raise ArchimateError(file, 1, f"the {name} table starts with {header[:len(need)]}",
                             f"Archi's {name}.csv starts with the columns {', '.join(need)}")


def _read_xlsx(path: Path) -> dict[str, _Table | None]:
    from openpyxl import load_workbook

    data = read_bytes(path)
    name = str(path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = sum(info.file_size for info in archive.infolist())
        if size > MAX_XLSX_UNCOMPRESSED:
            raise ArchimateError(name, 1, f"the workbook unpacks to {size:,} bytes, over the limit of "
                                 f"{MAX_XLSX_UNCOMPRESSED:,}", "split the model")
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except ArchimateError:
        raise
    except Exception as exc:  # openpyxl raises what its parts raise (zip, XML, KeyError): all mean "not a workbook"
        raise ArchimateError(name, 1, f"not a readable .xlsx workbook: {type(exc).__name__}: {exc}",
                             "save it again from the spreadsheet program") from None
    out: dict[str, _Table | None] = {}
    for sheet in FILES:
        if sheet not in wb.sheetnames:
            out[sheet] = None
            continue
        rows = [["" if v is None else str(v) for v in row] for row in wb[sheet].iter_rows(values_only=True)]
        _check_header(f"{name}[{sheet}]", sheet, rows[0] if rows else [])
        out[sheet] = _Table(f"{name}[{sheet}]", [(i, r) for i, r in enumerate(rows[1:], start=2) if any(r)])
    wb.close()
    return out


class _Builder:
    def __init__(self, file: str, lang: str | None):
        self.file, self.lang = file, lang
        self.model = XModel(file, "", format="csv")
        mm = metamodel()
        self.element_types = {t.archimate for t in mm.element_types.values()}
        self.relationship_types = {t.archimate for t in mm.relationship_types.values()}
        self.by_id: dict[str, XConcept] = {}
        self.where: dict[str, tuple[str, int]] = {}
        self.model_id = ""

    def run(self, tables_: dict[str, _Table | None]) -> XModel:
        for line, cells in tables_["elements"].rows:
            self.element(tables_["elements"].file, line, cells)
        if tables_["relations"] is not None:
            for line, cells in tables_["relations"].rows:
                self.relationship(tables_["relations"].file, line, cells)
        if tables_["properties"] is not None:
            for line, cells in tables_["properties"].rows:
                self.property(tables_["properties"].file, line, cells)
        return self.finish()

    def register(self, file: str, line: int, ident: str) -> None:
        if not ident:
            raise ArchimateError(file, line, "a row without an ID", "every row needs one")
        if ident in self.where or ident == self.model_id:
            first = self.where.get(ident, (file, line))
            raise ArchimateError(file, line, f"ID '{ident}' is used twice (first at {first[0]}:{first[1]})",
                                 "IDs must be unique")
        self.where[ident] = (file, line)

    def element(self, file: str, line: int, cells: list[str]) -> None:
        ident, kind, name, doc, spec = (cells + [""] * 5)[:5]
        if kind == MODEL_TYPE:
            self.model_id = ident
            self.model.names, self.model.docs = {"": name}, ({"": doc} if doc else {})
            return
        self.register(file, line, ident)
        new = ELEMENTS_21.get(kind, kind)
        if new != kind:
            self.model.upgrades.append(Upgrade(kind, new, ident, line, file))
        if new not in self.element_types:
            raise ArchimateError(file, line, f"unknown element type '{kind}' of '{ident}'",
                                 "Archi's element types are ArchiMate's (BusinessActor, Node, ...)")
        concept = XConcept(ident, new, line, {"": name}, {"": doc} if doc else {})
        if spec:
            concept.properties.append(XProperty("specialization", {"": spec}))
        self.by_id[ident] = concept
        self.model.elements.append(concept)

    def relationship(self, file: str, line: int, cells: list[str]) -> None:
        ident, kind, name, doc, source, target, spec = (cells + [""] * 7)[:7]
        self.register(file, line, ident)
        new, change = upgrade_type(kind, "relationship")
        if change:
            self.model.upgrades.append(Upgrade(change[0], change[1], ident, line, file))
        if new not in self.relationship_types:
            raise ArchimateError(file, line, f"unknown relationship type '{kind}' of '{ident}'",
                                 "Archi's relationship types end in Relationship (ServingRelationship, ...)")
        concept = XConcept(ident, new, line, {"": name} if name else {}, {"": doc} if doc else {},
                           source=source, target=target, access="write" if new == "Access" else None)
        if spec:
            concept.properties.append(XProperty("specialization", {"": spec}))
        self.by_id[ident] = concept
        self.model.relationships.append(concept)

    def property(self, file: str, line: int, cells: list[str]) -> None:
        ident, key, value = (cells + [""] * 3)[:3]
        if ident == self.model_id and ident:
            self.model_property(key, value)
            return
        concept = self.by_id.get(ident)
        if concept is None:
            raise ArchimateError(file, line, f"property of unknown ID '{ident}'",
                                 "every ID of properties.csv is the model's, an element's or a relation's")
        if key.startswith((NAME, DOC)) and len(key.split(":", 1)[1]) in (2, 3):
            prefix, lang = key.split(":", 1)
            (concept.names if prefix + ":" == NAME else concept.docs)[lang] = value
        elif not self.special(concept, file, line, key, value):
            concept.properties.append(XProperty(key, {"": value}))

    def special(self, concept: XConcept, file: str, line: int, key: str, value: str) -> bool:
        """Archi's properties for what its columns cannot say; True when `key` is one."""
        if key == "Junction_Type" and concept.type == "Junction":
            concept.type = "OrJunction" if value.lower() == "or" else "AndJunction"
        elif key == "Access_Type" and concept.type == "Access":
            wanted = {v.lower(): k for k, v in ACCESS.items()}.get(value.lower())
            if wanted is None:
                raise ArchimateError(file, line, f"Access_Type '{value}'", "use Write, Read, Access or ReadWrite")
            concept.access = wanted
        elif key == "Influence_Strength" and concept.type == "Influence":
            concept.modifier = value or None
        elif key == "Directed" and concept.type == "Association":
            concept.directed = value.lower() == "true"
        else:
            return False
        return True

    def model_property(self, key: str, value: str) -> None:
        if key == LANGUAGES:
            self.model.languages = [x.strip() for x in value.split(";") if x.strip()]
        elif key.startswith(NAME):
            self.model.names[key[len(NAME):]] = value
        elif key.startswith(DOC):
            self.model.docs[key[len(DOC):]] = value
        else:
            self.model.properties.append(XProperty(key, {"": value}))

    def finish(self) -> XModel:
        m = self.model
        lang = self.lang or (m.languages[0] if m.languages else "en")
        if lang not in m.languages:
            m.languages.insert(0, lang)
        for concept in [*m.elements, *m.relationships]:
            if "" in concept.names:
                concept.names = {lang: concept.names.pop(""), **concept.names}
            if "" in concept.docs:
                concept.docs = {lang: concept.docs.pop(""), **concept.docs}
            if concept.type == "Junction":
                concept.type = "AndJunction"
        for target in (m.names, m.docs):
            if "" in target:
                target[lang] = target.pop("")
        for concept in m.elements:  # a language only the properties name (name:fr) is one of the model's too
            m.languages += [x for x in concept.names if x not in m.languages]
        self.check_ends()
        return m

    def check_ends(self) -> None:
        elements = {c.ident for c in self.model.elements}
        kept = []
        for rel in self.model.relationships:
            file, line = self.where[rel.ident]
            for end in (rel.source, rel.target):
                if end not in self.by_id:
                    raise ArchimateError(file, line, f"relation '{rel.ident}' refers to unknown ID '{end}'",
                                         "fix its Source/Target")
            if rel.source in elements and rel.target in elements:
                kept.append(rel)
            else:
                self.model.skipped.append(f"{file}:{line}: relation '{rel.ident}' connects a relation; ea "
                                          "relationships join elements only, not imported")
        self.model.relationships = kept
