"""`ea import archimate`: the ArchiMate Model Exchange File Format (3.x, and 2.1 upgraded) into a YAML repository,
through the command and the API: counts, languages, properties, relationship attributes, folders, views with their
layout, the 2.1 upgrade report, `--merge` and its clash report, and everything refused (hostile XML, unknown
types, broken references) without writing anything."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import ea_model
from ea_model.archimate import read as read_module
from ea_model.archimate.importer import ClashError, ImportFailed, import_archimate
from ea_model.archimate.read import ArchimateError, read
from ea_model.archimate.to_repo import slug
from ea_model.archimate.upgrade import upgrade_type
from ea_model.viewpoints import select

from .conftest import REPO_ROOT

TESTDATA = REPO_ROOT / "tests" / "fixtures" / "archimate" / "opengroup"
ARCHISURANCE = TESTDATA / "archisurance.xml"
SAMPLE1 = TESTDATA / "sample1.xml"
FIXTURES = Path(__file__).parent / "fixtures" / "archimate"
MODEL21 = FIXTURES / "model21.xml"
BILINGUAL = FIXTURES / "bilingual.xml"


def files_under(root: Path) -> list[Path]:
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file()) if root.exists() else []


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


@pytest.fixture(scope="module")
def archisurance(tmp_path_factory):
    return import_archimate(ARCHISURANCE, tmp_path_factory.mktemp("import") / "archisurance").model


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory):
    return import_archimate(BILINGUAL, tmp_path_factory.mktemp("import") / "bilingual").model


# --------------------------------------------------------------------------- Archisurance


def test_archisurance_imports_whole_and_passes_strict_validation(ea, tmp_path):
    out = tmp_path / "archisurance"
    result = ea("import", "archimate", ARCHISURANCE, "--into", out)
    assert result.exit_code == 0, result.stderr
    assert result.output.strip() == str(out)
    assert "imported 120 elements, 178 relationships, 17 views (ArchiMate 3.x, 0 type(s) upgraded)" in result.stderr
    assert "`ea validate`: 0 error(s), 0 warning(s)" in result.stderr
    model = ea_model.load(out)
    assert (len(model.elements), len(model.relationships), len(model.viewpoints)) == (120, 178, 17)
    assert not ea_model.validate(model, strict=True)
    strict = ea("validate", "--strict", "--repo", out)
    assert strict.exit_code == 0, strict.output + strict.stderr
    assert sorted(p.name for p in (out / "layers").iterdir()) == [
        "application.yaml", "business.yaml", "data.yaml", "motivation.yaml", "relationships.yaml", "technology.yaml"]


def test_ids_are_unique_ascii_slugs_keeping_the_exchange_identifier(archisurance):
    pattern = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
    concepts = [*archisurance.elements.values(), *archisurance.relationships]
    assert all(pattern.match(c.id) for c in concepts)
    assert len({c.id for c in concepts}) == 120 + 178
    identifiers = [c.properties["archimate_id"] for c in concepts]
    assert len(set(identifiers)) == len(identifiers) == 120 + 178
    assert archisurance.elements["customers-bank"].name == {"en": "Customer's Bank"}
    assert {archisurance.elements[i].properties["archimate_id"] for i in ("phone", "phone-2")} == {"id-1540", "id-1536"}
    assert slug("Hệ thống giám định Đắk Lắk", "x") == "he-thong-giam-dinh-dak-lak"
    assert slug("保险", "fallback") == "fallback"


def test_archisurance_properties_folders_and_access_types(archisurance):
    insurer = archisurance.elements["archisurance"]
    assert insurer.type == "business-actor" and insurer.name == {"en": "Archisurance"}
    assert insurer.properties["archimate_id"] == "id-275" and "Property1" in insurer.properties
    assert archisurance.manifest.raw["properties"] == {"Property1": "Value of Property 1",
                                                       "Property2": "Value of Property 2"}
    assert archisurance.manifest.languages == ["en"]
    assert "folder:Business/Actors" in archisurance.elements["customer"].tags
    accesses = {r.properties["archimate_id"]: r.access for r in archisurance.relationships if r.type == "access"}
    assert accesses["id-704"] == "read" and accesses["id-706"] == "write"  # as accessType says (names are free text)
    assert set(accesses.values()) == {"read", "write"}
    rel = next(r for r in archisurance.relationships if r.properties["archimate_id"] == "id-706")
    assert rel.name == {"en": "read"} and rel.properties["folder"] == "Relations/Business/Processes"


def test_archisurance_views_keep_nodes_nesting_and_positions(archisurance):
    layered = archisurance.viewpoints["layered-view"]
    assert layered.title == {"en": "Layered View"}
    containers = [n for n in layered.layout["nodes"] if n.get("type") == "Container"]
    assert containers and all(n["w"] > 0 and n["h"] > 0 for n in containers)
    services = next(n for n in containers if n["label"] == {"en": "External Application Services"})
    assert (services["x"], services["y"], services["w"], services["h"]) == (20, 510, 710, 120)
    assert {"element": "premium-payment-service", "x": 560, "y": 553, "w": 90, "h": 60} in services["children"]
    # the view selects exactly the elements its nodes show, and lists the relationships it draws
    assert sorted(select(archisurance, layered).view.select["ids"]) == layered.select["ids"]
    rel_ids = {r.id for r in archisurance.relationships}
    assert layered.layout["relationships"] and set(layered.layout["relationships"]) <= rel_ids
    for view in archisurance.viewpoints.values():
        assert {e.id for e in select(archisurance, view).elements} == set(view.select["ids"]), view.id


def test_sample1_imports(ea, tmp_path):
    result = ea("import", "archimate", SAMPLE1, "--into", tmp_path / "s1")
    assert result.exit_code == 0, result.stderr
    model = ea_model.load(tmp_path / "s1")
    assert model.elements["sales-person"].description == {"en": "A description of a sales person"}
    assert [(r.type, r.source, r.target) for r in model.relationships] == [("assignment", "sales-person",
                                                                          "sell-product")]


# --------------------------------------------------------------------------- languages and relationship attributes


def test_names_documentation_and_property_values_in_several_languages(bilingual):
    assert bilingual.manifest.languages == ["vi", "en"]  # in the order the file uses them
    assert bilingual.manifest.raw["name"] == {"vi": "Mô hình giám định", "en": "Claims model"}
    assert bilingual.manifest.raw["description"]["en"] == "A bilingual test model."
    assert bilingual.manifest.raw["properties"] == {"Version": "1.2"}
    actor = bilingual.elements["khach-hang"]
    assert actor.name == {"vi": "Khách hàng", "en": "Customer"}
    assert actor.description == {"vi": "Người tham gia bảo hiểm.", "en": "The insured person."}
    assert actor.properties == {"Owner": "Ban Thu", "Owner@en": "Collection department", "Cost": "1000",
                                "archimate_id": "id-actor"}
    assert actor.tags == ["folder:Business/Actors"]
    assert bilingual.elements["xu-ly-ho-so-giam-dinh"].tags == ["folder:Business"]
    # same name in the first language: numbered; an English-only name still gives the id
    assert bilingual.elements["he-thong-giam-dinh-2"].name["en"] == "Claims system (new)"
    assert bilingual.elements["cost-pressure"].name == {"en": "Cost pressure"}
    assert bilingual.elements["junction-id-junction"].properties["junction_type"] == "and"


def test_relationship_names_properties_access_influence_and_association(bilingual):
    rels = {r.properties["archimate_id"]: r for r in bilingual.relationships}
    serve = rels["id-r-serve"]
    assert (serve.type, serve.source, serve.target) == ("serving", "he-thong-giam-dinh", "xu-ly-ho-so-giam-dinh")
    assert serve.name == {"vi": "hỗ trợ", "en": "supports"}
    assert serve.properties == {"Cost": "250", "archimate_id": "id-r-serve", "folder": "Relations"}
    assert (rels["id-r-rw"].access, rels["id-r-read"].access, rels["id-r-access"].access) == ("readwrite", "read",
                                                                                              "access")
    assert rels["id-r-influence"].strength == "++"
    assert rels["id-r-assoc"].type == "association" and not rels["id-r-assoc"].directed
    assert ea_model.validate(bilingual, strict=True) == []


def test_directed_association(tmp_path):
    path = tmp_path / "directed.xml"
    path.write_text(BILINGUAL.read_text(encoding="utf-8").replace(
        'target="id-process" xsi:type="Association"', 'target="id-process" xsi:type="Association" isDirected="true"'),
        encoding="utf-8")
    model = import_archimate(path, tmp_path / "out").model
    assert next(r for r in model.relationships if r.type == "association").directed


def test_view_with_label_container_and_nested_nodes(bilingual):
    view = bilingual.viewpoints["tong-quan"]
    assert view.title == {"vi": "Tổng quan", "en": "Overview"}
    assert view.select == {"ids": ["he-thong-giam-dinh", "khach-hang", "xu-ly-ho-so-giam-dinh"]}
    label, group, app = view.layout["nodes"]
    assert label == {"type": "Label", "label": {"vi": "Ghi chú", "en": "Note"}, "x": 10, "y": 5, "w": 200, "h": 20}
    assert group["type"] == "Container" and group["label"] == {"en": "Business"}
    assert group["children"] == [{"element": "khach-hang", "x": 30, "y": 80, "w": 120, "h": 55},
                                 {"element": "xu-ly-ho-so-giam-dinh", "x": 230, "y": 80, "w": 120, "h": 55}]
    assert app == {"element": "he-thong-giam-dinh", "x": 230, "y": 300, "w": 120, "h": 55}
    assert view.layout["relationships"] == ["association-khach-hang-xu-ly-ho-so-giam-dinh",
                                            "serving-he-thong-giam-dinh-xu-ly-ho-so-giam-dinh"]
    assert view.raw["notes"] == "ArchiMate viewpoint: Layered"


def test_a_stale_layout_reference_is_a_validation_error(tmp_path):
    out = tmp_path / "bi"
    import_archimate(BILINGUAL, out)
    view = out / "viewpoints" / "tong-quan.yaml"
    view.write_text(view.read_text(encoding="utf-8").replace("{element: khach-hang,", "{element: khach-hng,")
                    .replace("[association-khach-hang", "[association-khach-hng"), encoding="utf-8")
    problems = {p.message: p for p in ea_model.validate(ea_model.load(out)) if p.code == "EA120"}
    assert sorted(problems) == [
        "view 'tong-quan': layout draws unknown relationship 'association-khach-hng-xu-ly-ho-so-giam-dinh'",
        "view 'tong-quan': layout node of unknown element 'khach-hng'"]
    assert "did you mean 'khach-hang'" in problems["view 'tong-quan': layout node of unknown element 'khach-hng'"].hint


# --------------------------------------------------------------------------- ArchiMate 2.1


def test_archimate_21_is_upgraded_with_a_report(ea, tmp_path):
    result = ea("import", "archimate", MODEL21, "--into", tmp_path / "m21")
    assert result.exit_code == 0, result.stderr
    text = MODEL21.read_text(encoding="utf-8")
    report = [line for line in result.stderr.splitlines() if "upgraded" in line and ": upgraded " in line]
    assert report == [
        f"{MODEL21}:{line_of(text, 'e-infra-svc')}: upgraded InfrastructureService -> TechnologyService (e-infra-svc)",
        f"{MODEL21}:{line_of(text, 'e-net')}: upgraded Network -> CommunicationNetwork (e-net)",
        f"{MODEL21}:{line_of(text, 'e-path')}: upgraded CommunicationPath -> Path (e-path)",
        f"{MODEL21}:{line_of(text, 'r-used')}: upgraded UsedBy -> Serving (r-used)",
        f"{MODEL21}:{line_of(text, 'r-real')}: upgraded Realisation -> Realization (r-real)",
        f"{MODEL21}:{line_of(text, 'r-serve')}: upgraded UsedBy -> Serving (r-serve)",
    ]
    assert "(ArchiMate 2.1, 6 type(s) upgraded)" in result.stderr
    model = ea_model.load(tmp_path / "m21")
    assert model.elements["claims-system"].name == {"en": "Claims system", "vi": "Hệ thống giám định"}
    assert model.elements["claims-system"].properties["Owner"] == "IT department"
    assert model.elements["claims-system"].tags == ["folder:Applications"]
    assert model.elements["hosting"].type == "technology-service"
    assert model.elements["wan"].type == "communication-network"
    assert model.elements["message-queue"].type == "path"
    assert {(r.type, r.source, r.target) for r in model.relationships} == {
        ("serving", "claims-system", "handle-claim"), ("realization", "mainframe", "hosting"),
        ("serving", "hosting", "claims-system"), ("association", "wan", "message-queue")}
    assert model.manifest.languages == ["en", "vi"]
    assert model.viewpoints["overview"].layout["nodes"][0] == {"element": "claims-system", "x": 10, "y": 10,
                                                               "w": 120, "h": 55}
    assert ea("validate", "--strict", "--repo", tmp_path / "m21").exit_code == 0


def test_upgrade_table():
    assert upgrade_type("InfrastructureInterface", "element") == ("TechnologyInterface",
                                                                  ("InfrastructureInterface", "TechnologyInterface"))
    assert upgrade_type("InfrastructureFunction", "element")[0] == "TechnologyFunction"
    assert upgrade_type("Specialisation", "relationship")[0] == "Specialization"
    assert upgrade_type("BusinessActor", "element") == ("BusinessActor", None)
    assert [(u.old, u.new) for u in read(MODEL21).upgrades][:1] == [("InfrastructureService", "TechnologyService")]
    assert read(ARCHISURANCE).upgrades == []  # 3.x names are never "upgraded"


def test_a_21_name_in_a_3x_file_is_refused_with_its_new_name(tmp_path):
    path, _ = mutated(tmp_path, BILINGUAL, 'xsi:type="Serving"', 'xsi:type="UsedBy"')
    with pytest.raises(ArchimateError) as info:
        read(path)
    assert info.value.hint == "'UsedBy' is an ArchiMate 2.1 name: 3.x calls it 'Serving'"


# --------------------------------------------------------------------------- --merge


CUSTOMER = """\
    elements:
      - id: customer
        type: business-role
        name: {en: Our customer}
        source: {doc: doc-test, line: 1}
        associated_with: [org-it]
    """


def test_merge_reports_every_clash_and_writes_nothing(repo, ea):
    root = repo({"layers/customer.yaml": CUSTOMER})
    before = files_under(root)
    with pytest.raises(ClashError) as info:
        import_archimate(ARCHISURANCE, root, merge=True)
    assert [(c.id, c.file, c.line, c.identifier, c.has) for c in info.value.clashes] == [
        ("customer", "layers/customer.yaml", 2, "id-521", None)]
    result = ea("import", "archimate", ARCHISURANCE, "--merge", "--repo", root)
    assert result.exit_code == 1
    assert ("layers/customer.yaml:2: id 'customer' exists already; the exchange file's id-521 wants it"
            in result.stderr)
    assert "nothing written" in result.stderr
    assert files_under(root) == before


def test_merge_clash_names_the_repository_archimate_id(repo):
    root = repo({"layers/customer.yaml": CUSTOMER.rstrip(" ") + "        properties: {archimate_id: id-999}\n"})
    before = files_under(root)
    with pytest.raises(ClashError, match=r"id 'customer' exists already \(archimate_id id-999\); the exchange "
                                         r"file's id-521 wants it"):
        import_archimate(ARCHISURANCE, root, merge=True)
    assert files_under(root) == before


def test_merge_without_clash_adds_the_model(repo, ea):
    root = repo()
    result = ea("import", "archimate", MODEL21, "--merge", "--repo", root)
    assert result.exit_code == 0, result.stderr
    model = ea_model.load(root)
    assert "claims-system" in model.elements and "app-collection" in model.elements
    assert (root / "layers" / "model21-application.yaml").exists()
    assert "model21-overview" in model.viewpoints
    assert not [p for p in ea_model.validate(model) if p.severity == "error"]


def test_merge_keeps_concepts_already_there_and_refuses_a_view_twice(repo, ea, tmp_path):
    root = repo()
    assert ea("import", "archimate", MODEL21, "--merge", "--repo", root).exit_code == 0
    before = files_under(root)
    # the same file again: its concepts are there (same archimate_id), its view is a clash
    again = ea("import", "archimate", MODEL21, "--merge", "--repo", root)
    assert again.exit_code == 1
    assert "viewpoints/model21-overview.yaml:2: id 'model21-overview' exists already" in again.stderr
    assert files_under(root) == before
    # a new version of the file without the view, with one element more related to one already there
    text = MODEL21.read_text(encoding="utf-8")
    newer = tmp_path / "model21.xml"
    newer.write_text(re.sub(r"<views>.*</views>", "", text, flags=re.S).replace(
        "  </elements>", '    <element identifier="e-new" xsi:type="ApplicationService">'
                         '<label xml:lang="en">Claims service</label></element>\n  </elements>').replace(
        "  </relationships>", '    <relationship identifier="r-new" source="e-app" target="e-new" '
                              'xsi:type="Realisation"/>\n  </relationships>'), encoding="utf-8")
    result = import_archimate(newer, root, merge=True)
    assert len(result.present) == 10  # 6 elements and 4 relationships kept as they are
    assert result.files == ["layers/model21-2-application.yaml", "layers/model21-2-relationships.yaml"]
    model = ea_model.load(root)
    assert model.elements["claims-service"].properties["archimate_id"] == "e-new"
    assert ("realization", "claims-system", "claims-service") in {(r.type, r.source, r.target)
                                                                 for r in model.relationships}
    assert sum(e.properties.get("archimate_id") == "e-app" for e in model.elements.values()) == 1
    assert not [p for p in ea_model.validate(model) if p.severity == "error"]


def test_command_needs_into_or_merge(ea, tmp_path):
    assert ea("import", "archimate", MODEL21).exit_code == 2
    assert ea("import", "archimate", MODEL21, "--into", tmp_path / "a", "--merge").exit_code == 2
    assert ea("import", "archimate", MODEL21, "--into", tmp_path / "a", "--repo", tmp_path).exit_code == 2
    assert not (tmp_path / "a").exists()
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x.txt").write_text("x")
    result = ea("import", "archimate", MODEL21, "--into", tmp_path / "full")
    assert result.exit_code == 2 and "not an empty folder" in result.stderr
    assert files_under(tmp_path / "full") == [Path("x.txt")]


# --------------------------------------------------------------------------- refused, nothing written

HOSTILE = {
    "external entity (XXE)": b'<?xml version="1.0"?>\n<!DOCTYPE model [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                             b'<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"><name>&x;</name></model>',
    "billion laughs": b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa">'
                      b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">'
                      b'<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>\n'
                      b'<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"><name>&e;</name></model>',
    "external DTD": b'<?xml version="1.0"?>\n<!DOCTYPE model SYSTEM "http://example.org/evil.dtd">\n'
                    b'<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"/>',
    "parameter entity": b'<?xml version="1.0"?>\n<!DOCTYPE model [<!ENTITY % p SYSTEM "http://example.org/p">%p;]>\n'
                        b'<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"/>',
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_xml_is_refused(case, ea, tmp_path):
    path = tmp_path / "hostile.xml"
    path.write_bytes(HOSTILE[case])
    result = ea("import", "archimate", path, "--into", tmp_path / "out")
    assert result.exit_code == 2, result.stderr
    assert f"{path}:1: refused: the file declares a DTD or entities" in result.stderr and "DOCTYPE" in result.stderr
    assert not (tmp_path / "out").exists()


def test_hostile_xml_is_refused_in_a_merge_too(repo, ea, tmp_path):
    root = repo()
    before = files_under(root)
    path = tmp_path / "hostile.xml"
    path.write_bytes(HOSTILE["external entity (XXE)"])
    assert ea("import", "archimate", path, "--merge", "--repo", root).exit_code == 2
    assert files_under(root) == before


def test_oversize_file_is_refused(ea, tmp_path, monkeypatch):
    monkeypatch.setattr(read_module, "MAX_BYTES", 1000)
    result = ea("import", "archimate", ARCHISURANCE, "--into", tmp_path / "big")
    size = ARCHISURANCE.stat().st_size
    assert result.exit_code == 2
    assert f"{ARCHISURANCE}:1: the file has {size:,} bytes, over the limit of 1,000 bytes" in result.stderr
    assert not (tmp_path / "big").exists()
    monkeypatch.undo()
    assert read_module.MAX_BYTES == 50 * 1024 * 1024


def mutated(tmp_path: Path, source: Path, old: str, new: str) -> tuple[Path, int]:
    text = source.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / source.name
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path, line_of(text, old)


@pytest.mark.parametrize(("source", "old", "new", "message"), [
    (MODEL21, 'xsi:type="Network"', 'xsi:type="Teleporter"', "unknown element type 'Teleporter' of 'e-net'"),
    (BILINGUAL, 'xsi:type="Influence"', 'xsi:type="Telepathy"',
     "unknown relationship type 'Telepathy' of 'id-r-influence'"),
    (BILINGUAL, 'xsi:type="Serving"', 'xsi:type="UsedBy"', "unknown relationship type 'UsedBy' of 'id-r-serve'"),
    (MODEL21, 'target="e-proc"', 'target="e-nowhere"', "relationship 'r-used' refers to unknown concept 'e-nowhere'"),
    (BILINGUAL, 'target="id-goal"', 'target="id-r-serve"',
     "relationship 'id-r-influence' connects the relationship 'id-r-serve'"),
    (BILINGUAL, 'identifier="id-app-2"', 'identifier="id-app"', "identifier 'id-app' is used twice"),
    (BILINGUAL, 'accessType="Read"', 'accessType="Peek"', "relationship 'id-r-read' has accessType 'Peek'"),
    (BILINGUAL, '<property propertyDefinitionRef="pd-cost"><value>1000', '<property propertyDefinitionRef="pd-x">'
     '<value>1000', "property refers to unknown property definition 'pd-x'"),
    (BILINGUAL, 'elementRef="id-app"', 'elementRef="id-r-serve"', "view node refers to unknown element 'id-r-serve'"),
    (BILINGUAL, 'relationshipRef="id-r-serve"', 'relationshipRef="id-app"',
     "view connection refers to unknown relationship 'id-app'"),
    (BILINGUAL, 'x="230" y="300"', 'x="left" y="300"', "view node with a non-numeric x, y, w or h"),
    (BILINGUAL, '<name xml:lang="en">Cost pressure</name>', '<name xml:lang="en">Cost pressure</nam>',
     "not well-formed XML"),
])
def test_unknown_types_and_broken_references_are_reported_with_their_line(source, old, new, message, ea, tmp_path):
    path, line = mutated(tmp_path, source, old, new)
    with pytest.raises(ArchimateError) as info:
        import_archimate(path, tmp_path / "out")
    assert message in str(info.value) and info.value.line == line and info.value.hint
    result = ea("import", "archimate", path, "--into", tmp_path / "out")
    assert result.exit_code == 2 and f"{path}:{line}: " in result.stderr and message in result.stderr
    assert not (tmp_path / "out").exists()


def test_not_an_exchange_file(tmp_path):
    path = tmp_path / "other.xml"
    path.write_text('<?xml version="1.0"?>\n<archimate:model xmlns:archimate="http://www.archimatetool.com/archimate"/>')
    with pytest.raises(ArchimateError, match="not an ArchiMate exchange file"):
        read(path)
    with pytest.raises(ArchimateError, match="cannot read the file"):
        read(tmp_path / "missing.xml")


def test_a_file_that_does_not_load_writes_nothing(tmp_path, monkeypatch):
    """The written files are loaded back before they are moved into place; a failure leaves no folder."""
    from ea_model.archimate import importer

    real = importer.plan

    def broken(*args, **kwargs):
        result = real(*args, **kwargs)
        result.files["layers/broken.yaml"] = "elements: [oops\n"
        return result

    monkeypatch.setattr(importer, "plan", broken)
    with pytest.raises(ImportFailed, match="does not load"):
        import_archimate(MODEL21, tmp_path / "out")
    assert not (tmp_path / "out").exists() and not list(tmp_path.iterdir())
