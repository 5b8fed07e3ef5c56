"""ArchiMate Model Exchange Format: import (3.x and 2.1), export valid against the Open Group XSDs, the round trip,
the merge clash report and hostile XML."""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path

import pytest
from lxml import etree

import ea_model
from ea_model.archimate import read as read_module
from ea_model.archimate.importer import ClashError, import_archimate
from ea_model.archimate.read import ArchimateError
from ea_model.archimate.write import export
from ea_model.viewpoints import select

from .conftest import REPO_ROOT

TESTDATA = REPO_ROOT.parent / "shared" / "testdata" / "archimate"
ARCHISURANCE = TESTDATA / "archisurance.xml"
MODEL21 = Path(__file__).parent / "fixtures" / "archimate" / "model21.xml"
NS = {"a": "http://www.opengroup.org/xsd/archimate/3.0/"}


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(TESTDATA / "xsd-offline" / "all.xsd")))


def assert_valid(data: bytes) -> etree._Element:
    doc = etree.fromstring(data)
    assert schema().validate(doc), [e.message for e in schema().error_log][:5]
    return doc


@pytest.fixture(scope="module")
def archisurance(tmp_path_factory):
    into = tmp_path_factory.mktemp("import") / "archisurance"
    return import_archimate(ARCHISURANCE, into).model


def summary(model):
    """What must survive a round trip: elements, relationships, properties, names, view membership."""
    elements = {e.id: (e.type, dict(e.name), {k: v for k, v in e.properties.items()}) for e in model.elements.values()}
    rels = Counter((r.id, r.type, r.source, r.target, r.access, r.strength, r.directed) for r in model.relationships)
    views = {v.id: (sorted(v.select.get("ids") or []), sorted((v.layout or {}).get("relationships") or []))
             for v in model.viewpoints.values()}
    return elements, rels, views


def test_archisurance_imports_whole_and_validates(archisurance, ea):
    assert (len(archisurance.elements), len(archisurance.relationships), len(archisurance.viewpoints)) == (120, 178, 17)
    assert not [p for p in ea_model.validate(archisurance, strict=True)]
    result = ea("validate", "--strict", "--repo", archisurance.root)
    assert result.exit_code == 0, result.output


def test_import_keeps_names_properties_folders_access_and_layout(archisurance):
    insurer = archisurance.elements["archisurance"]
    assert insurer.type == "business-actor" and insurer.name == {"en": "Archisurance"}
    assert insurer.properties["archimate_id"] == "id-275" and "Property1" in insurer.properties
    assert archisurance.manifest.raw["properties"]["Property1"] == "Value of Property 1"
    assert "folder:Business/Actors" in archisurance.elements["customer"].tags
    assert {r.access for r in archisurance.relationships if r.type == "access"} == {"read", "write"}
    layered = archisurance.viewpoints["layered-view"]
    containers = [n for n in layered.layout["nodes"] if n.get("type") == "Container"]
    assert containers and all(n["w"] > 0 for n in containers)
    assert {"element": "premium-payment-service", "x": 560, "y": 553, "w": 90, "h": 60} in containers[0]["children"]
    assert sorted(select(archisurance, layered).view.select["ids"]) == layered.select["ids"]


def test_export_is_xsd_valid_and_round_trips(archisurance, tmp_path):
    data = export(archisurance)
    doc = assert_valid(data)
    assert len(doc.findall(".//a:elements/a:element", NS)) == 120
    assert len(doc.findall(".//a:views/a:diagrams/a:view", NS)) == 17
    assert doc.find(".//a:element[@identifier='id-275']", NS) is not None  # exchange identifiers kept
    path = tmp_path / "again.xml"
    path.write_bytes(data)
    again = import_archimate(path, tmp_path / "again").model
    assert summary(again) == summary(archisurance)
    assert export(again) == data


def test_bhxh_export_is_valid_complete_and_deterministic(bhxh, ea, tmp_path):
    data = export(bhxh)
    doc = assert_valid(data)
    assert len(doc.findall(".//a:elements/a:element", NS)) == len(bhxh.elements)
    assert len(doc.findall(".//a:relationships/a:relationship", NS)) == len(bhxh.relationships)
    stats = ea("stats", "--format", "json").json()
    assert (stats["elements"], stats["relationships"]) == (len(bhxh.elements), len(bhxh.relationships))
    assert export(bhxh) == data
    defs = {d.get("identifier"): d.find("a:name", NS).text for d in doc.findall(".//a:propertyDefinition", NS)}
    lang = "{http://www.w3.org/XML/1998/namespace}lang"

    def props(element) -> dict[str, str]:
        return {defs[p.get("propertyDefinitionRef")]: p.find("a:value", NS).text
                for p in element.findall("a:properties/a:property", NS)}

    vssid = doc.find(".//a:element[@identifier='id-app-vssid']", NS)
    assert props(vssid)["ea_kind"] == "citizen-facing-application" and props(vssid)["ea_owner"] == "org-it-center"
    assert "doc-2358-qd-bhxh" in props(vssid)["ea_source"] and props(vssid)["ea_id"] == "app-vssid"
    assert [n.get(lang) for n in vssid.findall("a:name", NS)] == ["vi", "en"]
    english = etree.fromstring(export(bhxh, lang="en")).find(".//a:element[@identifier='id-app-vssid']/a:name", NS)
    assert english.get(lang) == "en" and english.text.startswith("VssID")
    diagrams = {v.find("a:name", NS).text: v for v in doc.findall(".//a:views/a:diagrams/a:view", NS)}
    assert len(diagrams) == len(bhxh.viewpoints)
    by_ident = {e.get("identifier"): e for e in doc.findall(".//a:elements/a:element", NS)}
    for view in bhxh.viewpoints.values():
        nodes = diagrams[view.title["vi"]].findall("a:node", NS)
        assert all(int(n.get("w")) > 0 and int(n.get("h")) > 0 for n in nodes), view.id
        shown = {props(by_ident[n.get("elementRef")])["ea_id"] for n in nodes}
        assert shown == {e.id for e in select(bhxh, view).elements}, view.id
    out = tmp_path / "bhxh.xml"
    assert ea("export", "archimate", "--out", out).exit_code == 0 and out.read_bytes() == data


def test_archimate_21_is_upgraded_with_a_report(ea, tmp_path):
    result = ea("import", "archimate", MODEL21, "--into", tmp_path / "m21")
    assert result.exit_code == 0, result.stderr
    assert "model21.xml:33: upgraded UsedBy -> Serving (r-used)" in result.stderr
    assert "upgraded Realisation -> Realization" in result.stderr
    assert "upgraded InfrastructureService -> TechnologyService" in result.stderr
    assert "upgraded Network -> CommunicationNetwork" in result.stderr
    assert "upgraded CommunicationPath -> Path" in result.stderr
    model = ea_model.load(tmp_path / "m21")
    assert model.elements["claims-system"].name == {"en": "Claims system", "vi": "Hệ thống giám định"}
    assert model.elements["claims-system"].properties["Owner"] == "IT department"
    assert model.elements["hosting"].type == "technology-service"
    assert model.elements["wan"].type == "communication-network"
    assert {(r.type, r.source, r.target) for r in model.relationships} >= {("serving", "claims-system", "handle-claim"),
                                                                          ("realization", "mainframe", "hosting")}
    assert model.manifest.languages == ["en", "vi"]
    assert ea("validate", "--strict", "--repo", tmp_path / "m21").exit_code == 0


def test_merge_reports_clashes_and_writes_nothing(repo, ea):
    root = repo({"layers/customer.yaml": """\
        elements:
          - id: customer
            type: business-role
            name: {en: Our customer}
            source: {doc: doc-test, line: 1}
            associated_with: [org-it]
        """})
    before = sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())
    with pytest.raises(ClashError) as info:
        import_archimate(ARCHISURANCE, root, merge=True)
    assert any(c.id == "customer" and c.file == "layers/customer.yaml" and c.identifier == "id-521"
               for c in info.value.clashes)
    result = ea("import", "archimate", ARCHISURANCE, "--merge", "--repo", root)
    assert result.exit_code == 1 and "layers/customer.yaml:2: id 'customer' exists already" in result.stderr
    assert sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file()) == before


def test_merge_without_clash_adds_the_model(repo, ea):
    root = repo()
    result = ea("import", "archimate", MODEL21, "--merge", "--repo", root)
    assert result.exit_code == 0, result.stderr
    model = ea_model.load(root)
    assert "claims-system" in model.elements and "app-collection" in model.elements
    assert (root / "layers" / "model21-application.yaml").exists()
    assert "model21-overview" in model.viewpoints


HOSTILE = {
    "external entity": b'<?xml version="1.0"?>\n<!DOCTYPE model [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
                       b'<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/"><name>&x;</name></model>',
    "entity expansion": b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;'
                        b'&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n<model>&c;</model>',
}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_xml_is_refused(case, ea, tmp_path):
    path = tmp_path / "hostile.xml"
    path.write_bytes(HOSTILE[case])
    result = ea("import", "archimate", path, "--into", tmp_path / "out")
    assert result.exit_code == 2 and "refused" in result.stderr and "DOCTYPE" in result.stderr
    assert not (tmp_path / "out").exists()


def test_oversize_unknown_types_and_bad_references_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(read_module, "MAX_BYTES", 1000)
    with pytest.raises(ArchimateError, match="over the"):
        import_archimate(ARCHISURANCE, tmp_path / "big")
    monkeypatch.undo()
    text = MODEL21.read_text(encoding="utf-8")
    bad = tmp_path / "unknown.xml"
    bad.write_text(text.replace('xsi:type="Network"', 'xsi:type="Teleporter"'), encoding="utf-8")
    with pytest.raises(ArchimateError) as info:
        import_archimate(bad, tmp_path / "out")
    assert info.value.line == 25 and "unknown element type 'Teleporter'" in str(info.value)
    bad.write_text(text.replace('target="e-proc"', 'target="e-nowhere"'), encoding="utf-8")
    with pytest.raises(ArchimateError, match="unknown concept 'e-nowhere'"):
        import_archimate(bad, tmp_path / "out")
    assert not (tmp_path / "out").exists()
