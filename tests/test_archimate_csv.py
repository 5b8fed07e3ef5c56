"""`ea export csv` / `ea import csv` (issue 18): Archi's CSV conventions, the .xlsx variant, files Archi wrote,
--merge, and the round trip on the small repository and on BHXH (same counts by type, ids, names in both
languages)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import ea_model
from ea_model.archimate.archi_csv import export_csv, export_xlsx, read_csv

BOM = b"\xef\xbb\xbf"


def shape(model) -> tuple:
    def local(ident):
        """A file stands alone: a dependency's element (nat:ext-ndxp) comes back as a local one (nat-ext-ndxp)."""
        return ident.replace(":", "-") if ident else ident

    return (Counter((e.type, e.kind) for e in model.elements.values()),
            Counter((r.type, local(r.source), local(r.target)) for r in model.relationships),
            {local(i): (e.name, local(e.owner)) for i, e in model.elements.items()})


def test_export_follows_archis_conventions(repo, ea, tmp_path):
    root = repo()
    out = tmp_path / "csv"
    result = ea("export", "csv", "--repo", root, "--out", out)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["elements.csv", "properties.csv", "relations.csv"]
    elements = (out / "elements.csv").read_bytes()
    assert elements.startswith(BOM + b'"ID","Type","Name","Documentation","Specialization"\r\n')
    assert b'\r\n"id-model-mini","ArchimateModel","Ki\xe1\xba\xbfn tr\xc3\xbac th\xe1\xbb\xad nghi\xe1\xbb\x87m"' \
        in elements
    assert (out / "relations.csv").read_bytes().startswith(
        BOM + b'"ID","Type","Name","Documentation","Source","Target","Specialization"\r\n')
    props = (out / "properties.csv").read_bytes().decode("utf-8-sig")
    assert props.startswith('"ID","Key","Value"\r\n')
    assert '"id-org-it","name:en","IT Center"' in props and '"id-org-it","ea_kind","organisation-unit"' in props
    assert '"id-model-mini","ea_languages","vi; en"' in props
    assert b"ServingRelationship" in (out / "relations.csv").read_bytes() or \
        b"AssignmentRelationship" in (out / "relations.csv").read_bytes()
    again = tmp_path / "again"
    assert ea("export", "csv", "--repo", root, "--out", again).exit_code == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == {p.name: p.read_bytes() for p in again.iterdir()}


def test_csv_and_xlsx_round_trips_keep_ids_types_and_both_languages(repo, ea, tmp_path):
    root = repo()
    first = ea_model.load(root)
    assert ea("export", "csv", "--repo", root, "--out", tmp_path / "csv").exit_code == 0
    result = ea("import", "csv", tmp_path / "csv", "--into", tmp_path / "from-csv")
    assert result.exit_code == 0, result.stderr
    assert "(Archi CSV, 0 type(s) upgraded)" in result.stderr and "0 error(s)" in result.stderr
    assert shape(ea_model.load(tmp_path / "from-csv")) == shape(first)
    assert ea("export", "csv", "--repo", root, "--out", tmp_path / "m.xlsx").exit_code == 0
    assert export_xlsx(first) == export_xlsx(first)  # deterministic
    assert ea("import", "csv", tmp_path / "m.xlsx", "--into", tmp_path / "from-xlsx").exit_code == 0
    assert shape(ea_model.load(tmp_path / "from-xlsx")) == shape(first)


def test_formula_like_cells_are_neutralised_and_read_back(repo, tmp_path):
    root = repo({"layers/extra.yaml": "elements:\n  - id: app-formula\n    kind: specialised-application\n"
                 "    name: {vi: '=HYPERLINK(\"http://x\")', en: '-minus'}\n    source: {doc: doc-test, line: 1}\n"})
    files = export_csv(ea_model.load(root))
    assert '"\'=HYPERLINK(""http://x"")"' in files["elements.csv"].decode("utf-8-sig")
    out = tmp_path / "csv"
    out.mkdir()
    for name, data in files.items():
        (out / name).write_bytes(data)
    back = {c.names.get("vi"): c.names.get("en") for c in read_csv(out).elements}
    assert back['=HYPERLINK("http://x")'] == "-minus"


ARCHI_ELEMENTS = '''"ID";"Type";"Name";"Documentation";"Specialization"
"m1";"ArchimateModel";"From Archi";"Exported by Archi";""
"a1";"BusinessActor";"Citizen";"";"Person"
"a2";"BusinessProcess";"Apply";"";""
"a3";"BusinessObject";"Form";"";""
"j1";"Junction";"";"";""
"t1";"InfrastructureService";"Hosting";"";""
'''
ARCHI_RELATIONS = '''"ID";"Type";"Name";"Documentation";"Source";"Target";"Specialization"
"r1";"AssignmentRelationship";"";"";"a1";"a2";""
"r2";"AccessRelationship";"";"";"a2";"a3";""
"r3";"UsedByRelationship";"";"";"t1";"a2";""
"r4";"AssociationRelationship";"";"";"a1";"r1";""
'''
ARCHI_PROPERTIES = '''"ID";"Key";"Value"
"m1";"version";"1"
"a1";"owner";"IT"
"j1";"Junction_Type";"Or"
"r2";"Access_Type";"Read"
'''


def write_archi(folder: Path, prefix: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in (("elements", ARCHI_ELEMENTS), ("relations", ARCHI_RELATIONS),
                       ("properties", ARCHI_PROPERTIES)):
        (folder / f"{prefix}{name}.csv").write_bytes(BOM + text.replace("\n", "\r\n").encode("utf-8"))
    return folder


def test_files_archi_wrote_import_with_their_conventions(ea, tmp_path):
    src = write_archi(tmp_path / "archi", prefix="model-")
    result = ea("import", "csv", src / "model-elements.csv", "--into", tmp_path / "out", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    assert f"{src / 'model-elements.csv'}:7: upgraded InfrastructureService -> TechnologyService (t1)" in result.stderr
    assert f"{src / 'model-relations.csv'}:4: upgraded UsedByRelationship -> Serving (r3)" in result.stderr
    assert f"{src / 'model-relations.csv'}:5: relation 'r4' connects a relation" in result.stderr
    model = ea_model.load(tmp_path / "out")
    els = {e.properties["archimate_id"]: e for e in model.elements.values()}
    assert els["a1"].name == {"en": "Citizen"} and els["a1"].properties["owner"] == "IT"
    assert els["a1"].properties["specialization"] == "Person"
    assert els["j1"].properties["junction_type"] == "or"
    assert [r.access for r in model.relationships if r.type == "access"] == ["read"]
    assert model.manifest.name == {"en": "From Archi"}


def test_merge_adds_an_inventory_to_the_repository(repo, ea, tmp_path):
    root = repo()
    src = write_archi(tmp_path / "archi")
    result = ea("import", "csv", src, "--merge", "--repo", root)
    assert result.exit_code == 0, result.stderr
    model = ea_model.load(root)
    assert "citizen" in model.elements and "org-it" in model.elements


def test_bhxh_csv_round_trip_keeps_counts_ids_and_names(bhxh, tmp_path):
    import time

    out = tmp_path / "csv"
    out.mkdir()
    start = time.perf_counter()
    for name, data in export_csv(bhxh).items():
        (out / name).write_bytes(data)
    from ea_model.archimate.importer import import_model

    back = import_model(read_csv(out), tmp_path / "back").model
    assert time.perf_counter() - start < 60
    assert shape(back) == shape(bhxh)
    assert {r.id for r in bhxh.relationships if r.id} <= {r.id for r in back.relationships}
    assert not [p for p in ea_model.validate(back) if p.severity == "error"]
