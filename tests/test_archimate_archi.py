"""Other people's files (issue 18): real ArchiMate 2.1 exchange files (every type of the 2.1 schema), Archi's own
`.archimate` models (XML and archive), coArchi repositories, and the round trip .archimate -> ea -> exchange XML
-> ea."""

from __future__ import annotations

import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

import ea_model
from ea_model.archimate.archi import read_archi
from ea_model.archimate.importer import import_archimate, read_any

from .conftest import REPO_ROOT

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "archimate"
XSD_OFFLINE = FIXTURES / "opengroup" / "xsd-offline"
ALL21 = FIXTURES / "model21_all_types.xml"
ARCHISURANCE_XML = FIXTURES / "opengroup" / "archisurance.xml"
ARCHISURANCE = FIXTURES / "archi" / "archisurance.archimate"
ARCHI_NS = "http://www.archimatetool.com/archimate"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

# every 2.1 type (archimate_v2p1.xsd) -> the ea type it becomes
TYPES_21 = {
    "BusinessActor": "business-actor", "BusinessCollaboration": "business-collaboration",
    "BusinessEvent": "business-event", "BusinessInterface": "business-interface",
    "BusinessInteraction": "business-interaction", "BusinessFunction": "business-function",
    "BusinessObject": "business-object", "BusinessProcess": "business-process", "BusinessRole": "business-role",
    "BusinessService": "business-service", "Contract": "contract", "Location": "location", "Meaning": "meaning",
    "Product": "product", "Representation": "representation", "Value": "value",
    "ApplicationCollaboration": "application-collaboration", "ApplicationComponent": "application-component",
    "ApplicationFunction": "application-function", "ApplicationInteraction": "application-interaction",
    "ApplicationInterface": "application-interface", "ApplicationService": "application-service",
    "DataObject": "data-object", "Artifact": "artifact", "CommunicationPath": "path", "Device": "device",
    "InfrastructureFunction": "technology-function", "InfrastructureInterface": "technology-interface",
    "InfrastructureService": "technology-service", "Network": "communication-network", "Node": "node",
    "SystemSoftware": "system-software", "Assessment": "assessment", "Constraint": "constraint",
    "Driver": "driver", "Goal": "goal", "Principle": "principle", "Requirement": "requirement",
    "Stakeholder": "stakeholder", "Deliverable": "deliverable", "Gap": "gap", "Plateau": "plateau",
    "WorkPackage": "work-package",
}
RELATIONSHIPS_21 = {
    "AccessRelationship": "access", "AggregationRelationship": "aggregation", "AssignmentRelationship": "assignment",
    "AssociationRelationship": "association", "CompositionRelationship": "composition", "FlowRelationship": "flow",
    "InfluenceRelationship": "influence", "RealisationRelationship": "realization",
    "SpecialisationRelationship": "specialization", "TriggeringRelationship": "triggering",
    "UsedByRelationship": "serving",
}


def line_of(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[:text.index(needle)].count("\n") + 1


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD_OFFLINE / name)))


def by_archimate_id(model) -> dict[str, object]:
    return {str(e.properties["archimate_id"]): e for e in model.elements.values()}


# ------------------------------------------------------------------------------------------------ ArchiMate 2.1
def test_the_21_fixture_uses_every_type_of_the_21_schema_and_is_valid_against_it():
    xsd = (XSD_OFFLINE / "archimate_v2p1.xsd").read_text(encoding="utf-8")
    doc = etree.parse(str(ALL21))
    assert schema("archimate_v2p1.xsd").validate(doc)
    used = {e.get(f"{{{XSI}}}type") for e in doc.iter() if e.get(f"{{{XSI}}}type")}
    assert used == {*TYPES_21, *RELATIONSHIPS_21, "Junction"}
    for name in used:
        assert f'<xs:complexType name="{name}">' in xsd


def test_every_21_type_imports_as_its_32_type_with_a_per_line_report(ea, tmp_path):
    out = tmp_path / "m21"
    result = ea("import", "archimate", ALL21, "--into", out)
    assert result.exit_code == 0, result.stderr
    upgraded = [(old, new) for old, new in (("CommunicationPath", "Path"),
                                            ("InfrastructureFunction", "TechnologyFunction"),
                                            ("InfrastructureInterface", "TechnologyInterface"),
                                            ("InfrastructureService", "TechnologyService"),
                                            ("Network", "CommunicationNetwork"))]
    expected = [f"{ALL21}:{line_of(ALL21, 'xsi:type=' + chr(34) + old + chr(34))}: upgraded {old} -> {new} "
                f"(e-{'-'.join(_words(old))})" for old, new in upgraded]
    expected += [f"{ALL21}:{line_of(ALL21, 'e-junction-and')}: upgraded Junction -> AndJunction (e-junction-and)",
                 f"{ALL21}:{line_of(ALL21, 'e-junction-or')}: upgraded Junction -> OrJunction (e-junction-or)"]
    expected += [f"{ALL21}:{line_of(ALL21, 'identifier=' + chr(34) + ident + chr(34))}: upgraded {old} -> {new} "
                 f"({ident})"
                 for old, new, ident in (("RealisationRelationship", "Realization", "r-realisation"),
                                         ("SpecialisationRelationship", "Specialization", "r-specialisation"),
                                         ("UsedByRelationship", "Serving", "r-used-by"))]
    report = [line for line in result.stderr.splitlines() if ": upgraded " in line]
    assert report == expected
    assert "(ArchiMate 2.1, 10 type(s) upgraded)" in result.stderr
    assert f"{ALL21}:1: 2 bendpoint(s) of connections not imported" in result.stderr
    model = ea_model.load(out)
    types = {ident: el.type for ident, el in by_archimate_id(model).items()}
    for old, new in TYPES_21.items():
        assert types[f"e-{'-'.join(_words(old))}"] == new, old
    junctions = {ident: el.properties.get("junction_type") for ident, el in by_archimate_id(model).items()
                 if el.type == "junction"}
    assert junctions == {"e-junction-and": "and", "e-junction-or": "or"}
    assert "JunctionType" not in str(model.elements)
    rels = {r.properties["archimate_id"]: r.type for r in model.relationships}
    assert rels == {f"r-{'-'.join(_words(old[:-12]))}": new for old, new in RELATIONSHIPS_21.items()}
    actor = by_archimate_id(model)["e-business-actor"]
    assert actor.name == {"en": "BusinessActor one", "vi": "BusinessActor một"}
    assert actor.tags == ["folder:Business/Actors"]
    assert model.manifest.raw["properties"]["Source"] == "archimate_v2p1.xsd"
    view = model.viewpoints["layered"]
    assert view.title == {"en": "Layered", "vi": "Phân lớp"}
    group = view.layout["nodes"][0]
    assert (group["type"], group["label"], group["x"], group["w"]) == ("Container", {"en": "Infrastructure"}, 10, 400)
    assert [c["x"] for c in group["children"]] == [30, 250]
    assert len(view.layout["relationships"]) == 2
    strict = ea("validate", "--strict", "--repo", out)
    assert strict.exit_code == 0, strict.output


def _words(name: str) -> list[str]:
    import re

    return [w.lower() for w in re.findall(r"[A-Z][a-z]*", name)]


def test_the_imported_21_model_exports_as_valid_31(ea, tmp_path):
    out = tmp_path / "m21"
    assert ea("import", "archimate", ALL21, "--into", out).exit_code == 0
    exported = tmp_path / "m21.xml"
    result = ea("export", "archimate", "--repo", out, "--out", exported)
    assert result.exit_code == 0, result.stderr
    xsd = schema("all.xsd")
    assert xsd.validate(etree.parse(str(exported))), [e.message for e in xsd.error_log][:5]
    again = read_any(exported)
    assert len(again.elements) == 46 and not again.upgrades
    assert {"TechnologyService", "TechnologyFunction", "TechnologyInterface", "Path", "CommunicationNetwork",
            "AndJunction", "OrJunction"} <= {c.type for c in again.elements}
    assert {c.type for c in again.relationships} == {"Access", "Aggregation", "Assignment", "Association",
                                                      "Composition", "Flow", "Influence", "Realization",
                                                      "Specialization", "Triggering", "Serving"}


@pytest.mark.parametrize("namespace", ["http://www.opengroup.org/xsd/archimate/3.0/",
                                       "http://www.opengroup.org/xsd/archimate/3.1/",
                                       "http://www.opengroup.org/xsd/archimate/3.0"])
def test_30_and_31_namespaces_are_accepted(namespace, tmp_path):
    text = (FIXTURES / "opengroup" / "sample1.xml").read_text(encoding="utf-8")
    path = tmp_path / "s.xml"
    path.write_text(text.replace("http://www.opengroup.org/xsd/archimate/3.0/", namespace), encoding="utf-8")
    model = read_any(path)
    assert model.version == "3.x" and model.elements


# ------------------------------------------------------------------------------------------- Archi .archimate
@pytest.fixture(scope="module")
def from_archi(tmp_path_factory):
    return import_archimate(ARCHISURANCE, tmp_path_factory.mktemp("archi") / "a")


@pytest.fixture(scope="module")
def from_exchange(tmp_path_factory):
    return import_archimate(ARCHISURANCE_XML, tmp_path_factory.mktemp("xml") / "x")


def test_archisurance_archimate_imports_whole(ea, tmp_path):
    out = tmp_path / "a"
    result = ea("import", "archimate", ARCHISURANCE, "--into", out)
    assert result.exit_code == 0, result.stderr
    assert ("imported 120 elements, 178 relationships, 17 views (Archi 4.9.0 model, 0 type(s) upgraded)"
            in result.stderr)
    assert f"{ARCHISURANCE}:1: 46 bendpoint(s) of connections not imported" in result.stderr
    model = ea_model.load(out)
    assert (len(model.elements), len(model.relationships), len(model.viewpoints)) == (120, 178, 17)
    assert ea("validate", "--strict", "--repo", out).exit_code == 0


def test_archisurance_archimate_is_the_exchange_file_in_ids_types_folders_and_positions(from_archi, from_exchange):
    a, x = from_archi.model, from_exchange.model
    assert {i: (e.type, e.name, e.tags) for i, e in by_archimate_id(a).items()} == \
        {i: (e.type, e.name, e.tags) for i, e in by_archimate_id(x).items()}
    assert Counter((r.type, r.source, r.target) for r in a.relationships) == \
        Counter((r.type, r.source, r.target) for r in x.relationships)
    reads = {r.properties["archimate_id"] for r in x.relationships if r.access == "read"}
    assert reads and reads == {r.properties["archimate_id"] for r in a.relationships if r.access == "read"}
    assert by_archimate_id(a)["id-275"].properties["Property1"] == "Another Value of Property 1"
    assert set(a.viewpoints) == set(x.viewpoints)
    for vid in a.viewpoints:  # Archi's relative bounds became the exchange file's absolute positions
        assert a.viewpoints[vid].layout == x.viewpoints[vid].layout, vid


def test_nested_bounds_are_made_absolute(from_archi):
    layered = from_archi.model.viewpoints["layered-view"].layout["nodes"]
    group = next(n for n in layered if n.get("label") == {"en": "External Application Services"})
    assert (group["x"], group["y"]) == (20, 510)
    assert group["children"][0] == {"element": "customer-data-mutation-service", "x": 20 + 264, "y": 510 + 43,
                                    "w": 133, "h": 60}


def test_archimate_round_trip_through_the_exchange_format(from_archi, ea, tmp_path):
    exported = tmp_path / "a.xml"
    assert ea("export", "archimate", "--repo", from_archi.model.root, "--out", exported).exit_code == 0
    assert schema("all.xsd").validate(etree.parse(str(exported)))
    back = import_archimate(exported, tmp_path / "back").model
    first = from_archi.model

    def shape(model):
        return (Counter(e.type for e in model.elements.values()), Counter(r.type for r in model.relationships),
                {i: (e.type, e.name) for i, e in model.elements.items()},
                Counter((r.type, r.source, r.target) for r in model.relationships),
                {i: {k: v for k, v in e.properties.items() if not k.startswith("ea_")}
                 for i, e in model.elements.items()},
                {v: len(view.layout["nodes"]) for v, view in model.viewpoints.items()})

    assert shape(back) == shape(first)


def test_an_archive_model_imports_and_its_images_are_reported(tmp_path):
    path = tmp_path / "with-images.archimate"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("model.xml", ARCHISURANCE.read_bytes())
        archive.writestr("images/logo.png", b"\x89PNG")
    model = read_archi(path)
    assert (len(model.elements), len(model.relationships), len(model.views)) == (120, 178, 17)
    assert f"{path}:1: 1 image file(s) of the archive not imported (ea keeps no images)" in model.skipped


SMALL = f"""<?xml version="1.0" encoding="UTF-8"?>
<archimate:model xmlns:xsi="{XSI}" xmlns:archimate="{ARCHI_NS}" xmlns:canvas="http://www.archimatetool.com/canvas"
    name="Small" id="m1" version="5.0.0">
  <folder name="Business" id="f1" type="business">
    <element xsi:type="archimate:BusinessActor" name="Actor" id="a1" profiles="p1">
      <documentation>Who acts</documentation>
      <property key="owner" value="IT"/>
    </element>
    <element xsi:type="archimate:BusinessProcess" name="Process" id="a2"/>
    <element xsi:type="archimate:BusinessObject" name="Object" id="a3"/>
  </folder>
  <folder name="Other" id="f2" type="other">
    <element xsi:type="archimate:Junction" name="" id="j1" type="or"/>
    <element xsi:type="archimate:Junction" name="" id="j2"/>
  </folder>
  <folder name="Technology" id="f3" type="technology">
    <element xsi:type="archimate:InfrastructureService" name="Hosting" id="t1"/>
  </folder>
  <folder name="Relations" id="f4" type="relations">
    <element xsi:type="archimate:AssignmentRelationship" id="r1" source="a1" target="a2"/>
    <element xsi:type="archimate:AccessRelationship" id="r2" source="a2" target="a3" accessType="1"/>
    <element xsi:type="archimate:AccessRelationship" id="r3" source="a2" target="a3"/>
    <element xsi:type="archimate:AssociationRelationship" id="r4" source="a1" target="r1" directed="true"/>
    <element xsi:type="archimate:UsedByRelationship" id="r5" source="t1" target="a2"/>
  </folder>
  <folder name="Views" id="f5" type="diagrams">
    <element xsi:type="archimate:ArchimateDiagramModel" name="Main" id="v1">
      <child xsi:type="archimate:Group" id="g1" name="Team">
        <bounds x="10" y="10" width="300" height="200"/>
        <child xsi:type="archimate:DiagramObject" id="d1" archimateElement="a1">
          <bounds x="20" y="30"/>
          <sourceConnection xsi:type="archimate:Connection" id="c1" source="d1" target="d2" archimateRelationship="r1">
            <bendpoint startX="5" startY="5" endX="-5" endY="-5"/>
          </sourceConnection>
        </child>
      </child>
      <child xsi:type="archimate:DiagramObject" id="d2" archimateElement="a2">
        <bounds x="400" y="40" width="120" height="55"/>
      </child>
      <child xsi:type="archimate:Note" id="n1">
        <bounds x="400" y="200" width="185" height="80"/>
        <content>A note</content>
      </child>
      <child xsi:type="archimate:DiagramModelReference" id="ref1" model="v2">
        <bounds x="600" y="200" width="120" height="55"/>
      </child>
      <child xsi:type="archimate:DiagramModelImage" id="img1" imagePath="images/x.png">
        <bounds x="600" y="300" width="120" height="55"/>
      </child>
    </element>
    <element xsi:type="archimate:SketchModel" name="Whiteboard" id="v2"/>
    <element xsi:type="canvas:CanvasModel" name="Canvas" id="v3"/>
  </folder>
  <purpose>A small model</purpose>
  <profile name="Citizen" id="p1" conceptType="BusinessActor"/>
</archimate:model>
"""


def test_archi_details_junctions_access_profiles_notes_and_what_is_left_out(tmp_path):
    path = tmp_path / "small.archimate"
    path.write_text(SMALL, encoding="utf-8")
    result = import_archimate(path, tmp_path / "out")
    model, src = result.model, result.source
    els = by_archimate_id(model)
    assert els["a1"].description == {"en": "Who acts"}
    assert els["a1"].properties["owner"] == "IT" and els["a1"].properties["specialization"] == "Citizen"
    assert els["a1"].tags == ["folder:Business"]
    assert (els["j1"].properties["junction_type"], els["j2"].properties["junction_type"]) == ("or", "and")
    assert els["t1"].type == "technology-service"
    assert [(u.old, u.new) for u in result.upgrades] == [("InfrastructureService", "TechnologyService"),
                                                          ("UsedByRelationship", "Serving")]
    access = {r.properties["archimate_id"]: r.access for r in model.relationships if r.type == "access"}
    assert access == {"r2": "read", "r3": "write"}
    assert model.manifest.raw["description"] == {"en": "A small model"}
    layout = model.viewpoints["main"].layout
    assert layout["nodes"][0]["children"][0] == {"element": "actor", "x": 30, "y": 40, "w": 120, "h": 55}
    assert layout["nodes"][2] == {"type": "Label", "label": {"en": "A note"}, "x": 400, "y": 200, "w": 185, "h": 80}
    assert layout["nodes"][3]["label"] == {"en": "→ Whiteboard"}
    assert len(layout["nodes"]) == 4
    assert layout["relationships"] == ["assignment-actor-process"]
    skipped = "\n".join(src.skipped)
    for needle in ("relationship 'r4' connects a relationship", "DiagramModelImage in view 'Main' not imported",
                   "SketchModel 'Whiteboard' not imported", "CanvasModel 'Canvas' not imported",
                   "1 bendpoint(s) of connections not imported"):
        assert needle in skipped
    r4 = SMALL[:SMALL.index('id="r4"')].count(chr(10)) + 1
    assert f"{path}:{r4}: relationship 'r4'" in skipped


# ------------------------------------------------------------------------------------------------------- coArchi
def coarchi(source: Path, root: Path) -> Path:
    """`source` (.archimate) as a coArchi repository: `model/folder.xml` for the model, a folder with its
    `folder.xml` per Archi folder, one fragment per object written with EMF's names (`children`,
    `sourceConnections`, `properties`, `DiagramModelArchimateObject`) and `href` references across files."""
    doc = etree.parse(str(source)).getroot()
    files: dict[str, str] = {}  # id -> fragment file name
    for el in doc.iter("element"):
        files[el.get("id")] = f"{el.get(f'{{{XSI}}}type').split(':')[1]}_{el.get('id')}.xml"
    model_dir = root / "model"
    model_dir.mkdir(parents=True)
    top = etree.Element(f"{{{ARCHI_NS}}}model", nsmap={"archimate": ARCHI_NS}, name=doc.get("name"), id=doc.get("id"),
                        version=doc.get("version"))
    (model_dir / "folder.xml").write_bytes(etree.tostring(top))
    for folder in doc.findall("folder"):
        _coarchi_folder(folder, model_dir / folder.get("type", "other"), files)
    (root / "images").mkdir()
    (root / "images" / "logo.png").write_bytes(b"\x89PNG")
    return root


def _coarchi_folder(folder, directory: Path, files: dict[str, str]) -> None:
    directory.mkdir()
    meta = etree.Element(f"{{{ARCHI_NS}}}Folder", nsmap={"archimate": ARCHI_NS}, name=folder.get("name"),
                         id=folder.get("id"))
    (directory / "folder.xml").write_bytes(etree.tostring(meta))
    for i, sub in enumerate(folder.findall("folder")):
        _coarchi_folder(sub, directory / f"sub{i}", files)
    for el in folder.findall("element"):
        kind = el.get(f"{{{XSI}}}type").split(":")[1]
        frag = etree.Element(f"{{{ARCHI_NS}}}{kind}", nsmap={"archimate": ARCHI_NS, "xsi": XSI})
        for key, value in el.attrib.items():
            if key not in (f"{{{XSI}}}type", "source", "target"):
                frag.set(key, value)
        for end in ("source", "target"):
            if el.get(end):
                ref = etree.SubElement(frag, end, href=f"{files[el.get(end)]}#{el.get(end)}")
                ref.set(f"{{{XSI}}}type", "archimate:" + files[el.get(end)].split("_")[0])
        for child in el:
            frag.append(_emf(child, files))
        (directory / files[el.get("id")]).write_bytes(etree.tostring(frag, pretty_print=True))


def _emf(node, files: dict[str, str]):
    """Archi's short names -> EMF's, attribute references -> href children."""
    names = {"child": "children", "sourceConnection": "sourceConnections", "property": "properties"}
    types = {"archimate:DiagramObject": "archimate:DiagramModelArchimateObject",
             "archimate:Connection": "archimate:DiagramModelArchimateConnection",
             "archimate:Group": "archimate:DiagramModelGroup", "archimate:Note": "archimate:DiagramModelNote"}
    out = etree.Element(names.get(node.tag, node.tag))
    out.text = node.text
    for key, value in node.attrib.items():
        if key in ("archimateElement", "archimateRelationship"):
            ref = etree.SubElement(out, key, href=f"{files[value]}#{value}")
            ref.set(f"{{{XSI}}}type", "archimate:" + files[value].split("_")[0])
        else:
            out.set(key, types.get(value, value))
    for child in node:
        out.append(_emf(child, files))
    return out


def canonical(model) -> tuple:
    """Elements, relationships and layouts named by archimate_id: ea ids of namesakes (`firewall`, `firewall-2`)
    are numbered in the order the files are read, which differs between a .archimate file and a coArchi folder."""
    aid = {i: str(e.properties["archimate_id"]) for i, e in model.elements.items()}

    def node(n: dict) -> dict:
        out = {**n, "element": aid[n["element"]]} if "element" in n else dict(n)
        if "children" in n:
            out["children"] = [node(c) for c in n["children"]]
        return out

    rel_aid = {r.id: r.properties["archimate_id"] for r in model.relationships}
    return ({aid[i]: (e.type, e.name, e.tags) for i, e in model.elements.items()},
            Counter((r.type, aid[r.source], aid[r.target]) for r in model.relationships),
            sorted((v.title["en"], [node(n) for n in v.layout["nodes"]],
                    sorted(rel_aid[r] for r in v.layout["relationships"])) for v in model.viewpoints.values()))


def test_a_coarchi_repository_imports_as_one_model(ea, tmp_path, from_archi):
    repo = coarchi(ARCHISURANCE, tmp_path / "coarchi")
    out = tmp_path / "from-coarchi"
    result = ea("import", "archimate", repo, "--into", out)
    assert result.exit_code == 0, result.stderr
    assert "imported 120 elements, 178 relationships, 17 views (coArchi repository, Archi 4.9.0" in result.stderr
    assert f"{repo / 'images' / 'logo.png'}:1: image not imported" in result.stderr
    model = ea_model.load(out)
    assert canonical(model) == canonical(from_archi.model)
    assert ea("validate", "--strict", "--repo", out).exit_code == 0


def test_a_coarchi_model_folder_is_accepted_too_and_an_empty_folder_is_not(tmp_path):
    repo = coarchi(ARCHISURANCE, tmp_path / "coarchi")
    assert len(read_any(repo / "model").elements) == 120
    (tmp_path / "empty").mkdir()
    with pytest.raises(ea_model.EaError, match="not a coArchi repository: no model/folder.xml"):
        read_any(tmp_path / "empty")
