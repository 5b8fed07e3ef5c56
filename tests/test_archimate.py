"""ArchiMate Model Exchange Format: export valid against the Open Group XSDs, and the round trip through the import
(the import itself: tests/test_archimate_import.py)."""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest
from lxml import etree

from ea_model.archimate.importer import import_archimate
from ea_model.archimate.write import export
from ea_model.viewpoints import select

from .conftest import REPO_ROOT

TESTDATA = REPO_ROOT / "tests" / "fixtures" / "archimate" / "opengroup"
ARCHISURANCE = TESTDATA / "archisurance.xml"
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
        nodes = list(diagrams[view.title["vi"]].iter(f"{{{NS['a']}}}node"))  # groups are Containers around theirs
        assert all(int(n.get("w")) > 0 and int(n.get("h")) > 0 for n in nodes), view.id
        shown = {props(by_ident[n.get("elementRef")])["ea_id"] for n in nodes if n.get("elementRef")}
        assert shown == {e.id for e in select(bhxh, view).elements}, view.id
    out = tmp_path / "bhxh.xml"
    assert ea("export", "archimate", "--out", out).exit_code == 0 and out.read_bytes() == data
