"""`ea export archimate` on a small repository (and BHXH in plateaus): XSD validity, counts, determinism, languages,
what travels as `ea_*` properties, plateaus, diagrams (graphviz layout or kept positions), command errors, and the
round trip through `ea import archimate`. The whole BHXH export is checked in tests/test_archimate.py."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache

import pytest
from lxml import etree

import ea_model
from ea_model.archimate.importer import import_archimate
from ea_model.archimate.write import _scalar, export, xml_id
from ea_model.viewpoints import select

from .conftest import REPO_ROOT

XSD = REPO_ROOT / "tests" / "fixtures" / "archimate" / "opengroup" / "xsd-offline" / "all.xsd"
NS = {"a": "http://www.opengroup.org/xsd/archimate/3.0/"}
LANG = "{http://www.w3.org/XML/1998/namespace}lang"

EXTRA = {
    "layers/extra.yaml": """\
        elements:
          - id: org-it-old
            kind: organisation-unit
            name: {vi: Phòng Tin học, en: Computing Office}
            plateaus: [baseline-2022]
            source: {doc: doc-test, line: 11}
          - id: app-claims
            kind: specialised-application
            name: {vi: "Phần mềm giám định, thanh toán", en: "Claims review, payment"}
            description: {vi: Giám định chi phí khám chữa bệnh, en: Review of medical costs}
            owner: org-it
            rm: [DRM001]
            tags: [core]
            properties: {since: 2016, modules: [review, payment]}
            inferred: true
            notes: {vi: Năm không rõ, en: The year is not stated}
            replaces: [org-it-old]
            history:
              - name: {vi: Giám định cũ, en: Old review}
                until: 2020-01-01
                source: {doc: doc-test, line: 12}
            source: [{doc: doc-test, section: "3.1", line: 12}, {doc: doc-test, line: 13}]
            flows_to:
              - {to: app-collection, inferred: true, notes: the decision does not name the flow}
          - id: goal-fast
            type: goal
            name: {vi: Giám định nhanh, en: Fast review}
            source: {doc: doc-test, line: 16}
          - id: goal-cheap
            type: goal
            name: {vi: Chi phí thấp, en: Low cost}
            source: {doc: doc-test, line: 17}
        relationships:
          - id: infl-goals
            type: influence
            from: goal-fast
            to: goal-cheap
            strength: "+"
            source: {doc: doc-test, line: 14}
          - id: assoc-claims-firewall
            type: association
            from: app-claims
            to: sec-firewall
            directed: true
            source: {doc: doc-test, line: 15}
        """,
    "viewpoints/apps.yaml": """\
        id: apps
        title: {vi: Các ứng dụng, en: Applications}
        description: {vi: Ứng dụng và dữ liệu, en: Applications and data}
        source: {doc: doc-test, line: 16}
        select: {layers: [application, data]}
        group_by: owner
        """,
    "viewpoints/tech.yaml": """\
        id: tech
        title: {vi: Hạ tầng, en: Infrastructure}
        source: {doc: doc-test, line: 17}
        select: {ids: [dc-main, sec-firewall, app-collection]}
        relationships: [serving]
        """,
    "viewpoints/kept.yaml": """\
        id: kept
        title: {vi: Sơ đồ nhập, en: Imported diagram}
        source: {doc: doc-test, line: 18}
        select: {ids: [app-claims, app-portal, goal-fast, goal-cheap]}
        layout:
          nodes:
            - {type: Container, label: {en: Apps}, x: 10, y: 20, w: 400, h: 200, children: [
                {element: app-claims, x: 30, y: 60, w: 120, h: 55},
                {element: app-portal, x: 200, y: 60, w: 120, h: 55}]}
            - {element: goal-fast, x: 10, y: 300, w: 120, h: 55}
            - {element: goal-cheap, x: 200, y: 300, w: 120, h: 55}
          relationships: [infl-goals]
        """,
}


@cache
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


def valid(data: bytes) -> etree._Element:
    doc = etree.fromstring(data)
    assert schema().validate(doc), [e.message for e in schema().error_log][:5]
    return doc


class Doc:
    """An exported file read back: concepts by identifier, properties by name."""

    def __init__(self, data: bytes):
        self.root = valid(data)
        self.defs = {d.get("identifier"): d.findtext("a:name", namespaces=NS)
                     for d in self.root.iterfind(".//a:propertyDefinition", NS)}
        self.elements = {e.get("identifier"): e for e in self.root.iterfind("a:elements/a:element", NS)}
        self.relationships = {r.get("identifier"): r for r in self.root.iterfind("a:relationships/a:relationship", NS)}
        self.views = {v.get("identifier"): v for v in self.root.iterfind("a:views/a:diagrams/a:view", NS)}

    def props(self, node) -> dict[str, dict[str | None, str]]:
        return {self.defs[p.get("propertyDefinitionRef")]: {v.get(LANG): v.text for v in p.iterfind("a:value", NS)}
                for p in node.iterfind("a:properties/a:property", NS)}

    def prop(self, node, name: str) -> str | None:
        values = self.props(node).get(name)
        return next(iter(values.values())) if values else None

    def element(self, ea_id: str):
        return next(e for e in self.elements.values() if self.prop(e, "ea_id") == ea_id)

    def relationship(self, ea_id: str):
        return next(r for r in self.relationships.values() if self.prop(r, "ea_id") == ea_id)


@pytest.fixture
def mini(repo):
    root = repo(EXTRA)
    model = ea_model.load(root)
    assert not [p.text() for p in ea_model.validate(model, strict=True) if p.severity == "error"]
    return model


def test_small_repository_is_valid_complete_and_deterministic(mini, ea, tmp_path):
    data = export(mini)
    doc = Doc(data)
    assert len(doc.elements) == len(mini.elements) == 12
    assert len(doc.relationships) == len(mini.relationships)
    assert len(doc.views) == len(mini.viewpoints) == 3
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    for out in (first, second):
        result = ea("export", "archimate", "--repo", mini.root, "--out", out)
        assert result.exit_code == 0, result.stderr
    assert first.read_bytes() == second.read_bytes() == data
    assert ea("export", "archimate", "--repo", mini.root).output.encode("utf-8") == data  # standard output
    types = {doc.prop(e, "ea_id"): e.get("{http://www.w3.org/2001/XMLSchema-instance}type")
             for e in doc.elements.values()}
    assert types["app-claims"] == "ApplicationComponent" and types["org-it"] == "BusinessActor"
    assert types["db-insurance"] == "DataObject" and types["dc-main"] == "Facility"


def test_identifiers_are_valid_unique_and_injective():
    assert xml_id("app-vssid") == "id-app-vssid"
    assert xml_id("a:b->c") == "id-a_3Ab-_3Ec" and xml_id("hệ") == "id-h_E1_BB_87"
    assert xml_id("a_b") == "id-a_5Fb"
    assert len({xml_id(x) for x in ("a_3A", "a:", "a_", "a-")}) == 4


def test_names_follow_the_language_switch_and_keep_the_others(mini):
    vi, en = Doc(export(mini)), Doc(export(mini, lang="en"))
    for doc, order in ((vi, ["vi", "en"]), (en, ["en", "vi"])):
        claims = doc.element("app-claims")
        assert [n.get(LANG) for n in claims.iterfind("a:name", NS)] == order
        assert [d.get(LANG) for d in claims.iterfind("a:documentation", NS)] == order
        assert [n.get(LANG) for n in doc.root.iterfind("a:name", NS)] == order  # the model's name
        assert list(doc.props(claims)["ea_notes"]) == order  # notes given per language
    assert en.element("app-claims").findtext("a:name", namespaces=NS) == "Claims review, payment"
    assert vi.element("app-claims").findtext("a:name", namespaces=NS) == "Phần mềm giám định, thanh toán"
    folders = [i.findtext("a:label", namespaces=NS) for i in en.root.iterfind("a:organizations/a:item", NS)]
    assert "Application" in folders and "Relations" in folders
    labels = en.root.find("a:organizations/a:item", NS).findall("a:label", NS)
    assert [label.get(LANG) for label in labels] == ["en", "vi"]  # folder labels in every language, --lang first


def test_properties_carry_what_the_format_has_no_field_for(mini):
    doc = Doc(export(mini))
    claims = doc.props(doc.element("app-claims"))
    assert claims["ea_kind"] == {None: "specialised-application"} and claims["ea_owner"] == {None: "org-it"}
    assert claims["ea_source"] == {None: "doc-test §3.1 L12; doc-test L13"}
    assert claims["ea_rm"] == {None: "DRM001"} and claims["ea_tags"] == {None: "core"}
    assert claims["ea_inferred"] == {None: "true"} and claims["ea_replaces"] == {None: "org-it-old"}
    assert json.loads(claims["ea_history"][None])[0]["name"]["en"] == "Old review"
    assert claims["since"] == {"vi": "2016"} and claims["modules"] == {"vi": "review; payment"}
    collection = doc.props(doc.element("app-collection"))
    assert collection["ea_plateaus"] == {None: "baseline-2022; target-2030"}
    assert json.loads(collection["ea_changes"][None]) == {"target-2030": {"properties": {"users": 2000}}}
    assert "archimate_id" not in doc.defs.values()
    rels = {(r.get("source"), r.get("target")): r for r in doc.relationships.values()}
    flow = doc.props(rels[(xml_id("app-claims"), xml_id("app-collection"))])
    assert flow["ea_inferred"] == {None: "true"} and flow["ea_notes"] == {None: "the decision does not name the flow"}
    assert doc.relationship("infl-goals").get("modifier") == "+"
    directed = doc.props(doc.relationship("assoc-claims-firewall"))
    assert directed["ea_directed"] == {None: "true"}  # the 3.1 XSD has no isDirected attribute
    assert doc.relationship("flow-portal-db").get("accessType") == "Read"
    assert rels[(xml_id("app-collection"), xml_id("db-insurance"))].get("accessType") == "ReadWrite"
    view = doc.props(doc.views["id-view-apps"])
    assert view["ea_id"] == {None: "apps"} and json.loads(view["ea_view"][None])["group_by"] == "owner"


def test_a_plateau_exports_its_elements_as_they_are_in_it(mini, ea, tmp_path):
    baseline, target = Doc(export(mini, plateau="baseline-2022")), Doc(export(mini, plateau="target-2030"))
    for doc, plateau in ((baseline, "baseline-2022"), (target, "target-2030")):
        ids = {doc.prop(e, "ea_id") for e in doc.elements.values()}
        assert ids == {e.id for e in mini.elements.values() if mini.in_plateau(e, plateau)}
        assert len(doc.relationships) == len([r for r in mini.relationships if mini.in_plateau(r, plateau)
                                              and r.source in ids and r.target in ids])
    assert "app-portal" not in {baseline.prop(e, "ea_id") for e in baseline.elements.values()}
    assert baseline.props(baseline.element("app-collection"))["users"] == {"vi": "1000"}
    users = target.props(target.element("app-collection"))
    assert users["users"] == {"vi": "2000"} and "ea_changes" not in users
    result = ea("export", "archimate", "--repo", mini.root, "--plateau", "nowhere")
    assert result.exit_code == 2 and "unknown plateau 'nowhere'" in result.stderr


def test_every_viewpoint_is_a_diagram_of_exactly_its_selection(mini):
    doc = Doc(export(mini))
    for view in mini.viewpoints.values():
        diagram = doc.views[xml_id(view.id, "id-view-")]
        nodes = list(diagram.iter(f"{{{NS['a']}}}node"))
        assert all(int(n.get(k)) > 0 for n in nodes for k in ("w", "h")) and all(
            int(n.get(k)) >= 0 for n in nodes for k in ("x", "y")), view.id
        shown = {doc.prop(doc.elements[n.get("elementRef")], "ea_id") for n in nodes if n.get("elementRef")}
        assert shown == {e.id for e in select(mini, view).elements}, view.id
        node_ids = {n.get("identifier") for n in nodes}
        for conn in diagram.iterfind("a:connection", NS):
            assert conn.get("source") in node_ids and conn.get("target") in node_ids
            assert conn.get("relationshipRef") in doc.relationships
    tech = doc.views["id-view-tech"]
    drawn = {doc.relationships[c.get("relationshipRef")].get("{http://www.w3.org/2001/XMLSchema-instance}type")
             for c in tech.iterfind("a:connection", NS)}
    assert drawn == {"Serving"}  # the view's relationship filter, as `ea render` draws it
    assert len(tech.findall("a:connection", NS)) == len(select(mini, mini.viewpoints["tech"]).relationships)


def test_groups_are_containers_around_their_elements(mini):
    xsi_type = "{http://www.w3.org/2001/XMLSchema-instance}type"
    for lang in ("vi", "en"):
        doc = Doc(export(mini, lang=lang))
        for view in mini.viewpoints.values():
            if view.layout:
                continue
            sel = select(mini, view)
            diagram = doc.views[xml_id(view.id, "id-view-")]
            frames = [n for n in diagram.iterfind("a:node", NS) if n.get(xsi_type) == "Container"]
            assert len(frames) == len([k for k in sel.groups if k]), view.id  # one per group ea render frames
            for frame in frames:
                labels = {label.get(LANG): label.text for label in frame.iterfind("a:label", NS)}
                key = next(k for k, label in sel.group_labels.items() if label == labels)
                assert list(labels) == [lang, *({"vi", "en"} - {lang})]  # --lang first, both kept
                inner = frame.findall("a:node", NS)
                assert {doc.prop(doc.elements[n.get("elementRef")], "ea_id") for n in inner} == \
                    set(sel.groups[key]), (view.id, key)
                fx, fy, fw, fh = (int(frame.get(k)) for k in "xywh")
                for n in inner:  # absolute positions, inside the frame
                    x, y, w, h = (int(n.get(k)) for k in "xywh")
                    assert fx <= x and fy <= y and x + w <= fx + fw and y + h <= fy + fh, (view.id, key)
    apps = Doc(export(mini, lang="en")).views["id-view-apps"]
    assert [f.findtext("a:label", namespaces=NS) for f in apps.iterfind("a:node", NS)
            if f.get(xsi_type) == "Container"] == ["IT Center"]  # group_by: owner


def test_an_imported_layout_keeps_its_positions_and_containers(mini):
    doc = Doc(export(mini))
    kept = doc.views["id-view-kept"]
    container = kept.find("a:node", NS)
    assert container.get("{http://www.w3.org/2001/XMLSchema-instance}type") == "Container"
    assert container.findtext("a:label", namespaces=NS) == "Apps"
    inner = {doc.prop(doc.elements[n.get("elementRef")], "ea_id"): tuple(int(n.get(k)) for k in "xywh")
             for n in container.iterfind("a:node", NS)}
    assert inner == {"app-claims": (30, 60, 120, 55), "app-portal": (200, 60, 120, 55)}
    conns = kept.findall("a:connection", NS)
    assert [doc.prop(doc.relationships[c.get("relationshipRef")], "ea_id") for c in conns] == ["infl-goals"]


def test_command_refuses_bad_arguments_and_broken_models(mini, repo, ea, tmp_path):
    result = ea("export", "archimate", "--repo", mini.root, "--out", tmp_path)
    assert result.exit_code == 2 and "is a directory" in result.stderr
    english_only = repo({"ea.yaml": "id: en\nname: English\nframework: vneaf-2.0\nlanguages: [en]\n"
                                    "plateaus: gap_analysis/plateaus.yaml\n"})
    result = ea("export", "archimate", "--repo", english_only, "--lang", "vi")
    assert result.exit_code == 2 and "no 'vi'" in result.stderr
    broken = repo({"layers/broken.yaml": "elements: [\n"})
    out = tmp_path / "broken.xml"
    result = ea("export", "archimate", "--repo", broken, "--out", out)
    assert result.exit_code == 1 and "nothing written" in result.stderr and not out.exists()


def test_bhxh_plateau_exports_are_valid_and_complete(bhxh):
    plateau = bhxh.plateau_order()[0]
    doc = Doc(export(bhxh, plateau=plateau))
    ids = {e.id for e in bhxh.elements.values() if bhxh.in_plateau(e, plateau)}
    assert len(doc.elements) == len(ids)
    assert len(doc.relationships) == len([r for r in bhxh.relationships if bhxh.in_plateau(r, plateau)
                                          and r.source in ids and r.target in ids])
    notes = [r for r in bhxh.relationships if r.raw and r.raw.get("notes") and r.source in ids and r.target in ids
             and bhxh.in_plateau(r, plateau)]
    assert notes and len([r for r in doc.relationships.values() if "ea_notes" in doc.props(r)]) == len(notes)


def test_round_trip_through_import_keeps_elements_relationships_names_and_views(mini, ea, tmp_path):
    path = tmp_path / "mini.xml"
    path.write_bytes(export(mini))
    result = ea("import", "archimate", path, "--into", tmp_path / "back")
    assert result.exit_code == 0, result.stderr
    back = ea_model.load(tmp_path / "back")
    assert set(back.elements) == set(mini.elements)
    for el in mini.elements.values():
        again = back.elements[el.id]
        assert (again.type, again.kind, again.owner, again.name) == (el.type, el.kind, el.owner, el.name), el.id
        assert again.description == el.description or again.description == {"vi": el.description}
        own = {k: "; ".join(map(str, v)) if isinstance(v, list) else str(v) for k, v in el.properties.items()}
        assert own.items() <= again.properties.items(), el.id  # the element's properties, as text
        assert again.properties.get("ea_source") and again.properties.get("archimate_id") == xml_id(el.id)

    def rels(model):
        # `directed` travels as the property ea_directed (the XSD has no isDirected) and comes back as the field
        return sorted((r.type, r.source, r.target, r.access, r.strength, r.directed) for r in model.relationships)

    assert rels(back) == rels(mini)
    assert {r.id for r in back.relationships} >= {r.id for r in mini.relationships if r.id}
    assert back.manifest.languages == mini.manifest.languages and back.manifest.name == mini.manifest.name
    assert set(back.viewpoints) == set(mini.viewpoints)  # diagrams carry ea_id: views keep their ids
    for view in mini.viewpoints.values():
        assert {e.id for e in select(back, back.viewpoints[view.id]).elements} == \
            {e.id for e in select(mini, view).elements}, view.id


def test_bhxh_round_trip_keeps_elements_relationships_properties_names_and_views(bhxh, tmp_path):
    path = tmp_path / "bhxh.xml"
    path.write_bytes(export(bhxh))
    back = import_archimate(path, tmp_path / "back").model

    def local(ident: str) -> str:
        """An exchange file stands alone: a dependency's element (nat:ext-ndxp) comes back as a local one."""
        return ident.replace(":", "-")

    assert set(back.elements) == {local(i) for i in bhxh.elements}
    for el in bhxh.elements.values():
        again = back.elements[local(el.id)]
        owner = local(el.owner) if el.owner else el.owner
        assert (again.type, again.kind, again.owner, again.name) == (el.type, el.kind, owner, el.name), el.id
        # the element's own properties come back as text (lists joined with "; ", booleans true/false)
        own = {k: "; ".join(map(_scalar, v)) if isinstance(v, list) else _scalar(v) for k, v in el.properties.items()}
        assert own.items() <= again.properties.items(), el.id
        assert again.properties.get("ea_source") or el.home, el.id  # provenance travels (a dependency keeps its own)

    def rels(model, name=lambda i: i):
        return Counter((r.type, name(r.source), name(r.target), r.access, r.strength, r.directed)
                       for r in model.relationships)

    assert rels(back) == rels(bhxh, local)
    assert set(back.viewpoints) == set(bhxh.viewpoints)
    for view in bhxh.viewpoints.values():
        assert {e.id for e in select(back, back.viewpoints[view.id]).elements} == \
            {local(e.id) for e in select(bhxh, view).elements}, view.id


def test_export_streams_into_place_through_links(mini, ea, tmp_path, monkeypatch):
    """Written as it is made (elements one by one), yet the old file stays whole until the new one is complete;
    a symlink is followed and stays."""
    real, link = tmp_path / "real.xml", tmp_path / "link.xml"
    real.write_bytes(b"old")
    link.symlink_to(real)
    assert ea("export", "archimate", "--repo", mini.root, "--out", link).exit_code == 0
    assert link.is_symlink() and real.read_bytes() == export(mini)

    from ea_model.archimate import write

    def broken(self, rels, rel):
        raise RuntimeError("disk on fire")

    before = real.read_bytes()
    monkeypatch.setattr(write._Writer, "_relationship", broken)
    with pytest.raises(RuntimeError):
        ea("export", "archimate", "--repo", mini.root, "--out", real)
    assert real.read_bytes() == before
    assert not list(tmp_path.glob(".*.tmp"))
