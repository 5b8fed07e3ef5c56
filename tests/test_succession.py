"""Who held a responsibility when: `replaces` carries ownership and relationships to successors, in queries
and in gap analysis; the BHXH reorganisation, governance article and supervisors through the API."""

from __future__ import annotations

from ea_model import load
from ea_model.gap import Side, compare
from ea_model.succession import holders_on, name_on, owners_on

from .gap_fixture import FILES

EXTRA = {"layers/more.yaml": """\
    elements:
      - id: wp-2023
        type: work-package
        name: {vi: Nhiệm vụ 2023, en: Task of 2023}
        owner: org-it
        source: {doc: doc-test, line: 9}
      - id: actor-partner
        kind: external-agency
        name: {vi: Đối tác, en: Partner}
        source: {doc: doc-test, line: 9}
        serves: [org-it]
    """}


def test_the_holder_of_a_task_is_the_unit_that_exists_on_the_day(repo):
    model = load(repo({**FILES, **EXTRA}))
    assert owners_on(model, "wp-2023", "2023-12-31") == ["org-it"]
    assert owners_on(model, "wp-2023", "2025-03-26") == ["org-itdt"]  # the successor's first day
    assert holders_on(model, "org-itdt", "2023-01-01") == ["org-it"]  # back to the predecessor
    itdt = model.elements["org-itdt"]
    assert name_on(model, itdt, "2024-01-01", "en") == "IT Center"
    assert name_on(model, itdt, "2025-06-01", "en") == "IT and Digital Transformation Center"


def test_a_relationship_to_a_predecessor_is_carried_by_its_successor_in_the_gap(repo):
    model = load(repo({**FILES, **EXTRA}))
    matrix = compare(Side(model, "baseline-2022"), Side(model, "target-2030"))
    partner = next(g for g in matrix.gaps if g.key == "actor-partner")
    assert partner.status == "included", partner.changes


def test_bhxh_personnel_department_renamed_vu_to_ban(bhxh):
    dept = bhxh.elements["org-dept-personnel"]
    assert name_on(bhxh, dept, "2022-09-19", "vi") == "Vụ Tổ chức cán bộ"
    assert name_on(bhxh, dept, "2025-09-30", "vi") == "Ban Tổ chức cán bộ"
    assert bhxh.state_at(bhxh.elements["org-vss"], "baseline-2022")["properties"]["head_title"] == "Tổng Giám đốc"
    assert bhxh.state_at(bhxh.elements["org-vss"], "transition-2025")["properties"]["head_title"] == "Giám đốc"
    regional = bhxh.elements["org-provincial-bhxh"]
    assert name_on(bhxh, regional, "2025-06-01", "vi") == "Bảo hiểm xã hội khu vực"
    assert name_on(bhxh, regional, "2022-09-19", "vi").startswith("Bảo hiểm xã hội tỉnh")


def test_bhxh_tasks_of_the_it_centre_pass_to_its_successor(bhxh):
    assert owners_on(bhxh, "wp-34-02-person-data-inventory", "2023-12-31") == ["org-it-center"]
    assert owners_on(bhxh, "wp-34-02-person-data-inventory", "2025-06-30") == ["org-itdt-center"]
    assert holders_on(bhxh, "org-prov-it-department", "2025-09-30") == ["org-prov-it-dx-division"]


def test_bhxh_governance_article_of_2358(bhxh):
    rels = {(r.type, r.source, r.target) for r in bhxh.relationships}
    assert ("assignment", "org-it-center", "fn-ea-governance") in rels
    parts = {r.target for r in bhxh.relationships if r.source == "fn-ea-governance" and r.type == "composition"}
    assert parts == {"proc-ea-dissemination", "proc-ea-implementation", "proc-ea-compliance-monitoring",
                     "proc-ea-revision-proposal", "proc-ea-annual-reporting"}
    assert {s["line"] for s in bhxh.elements["proc-ea-annual-reporting"].sources} == {32}
    # who governs the architecture on a day of 2025: the IT Centre's successor
    governance = next(r for r in bhxh.relationships if r.target == "fn-ea-governance" and r.type == "assignment")
    assert holders_on(bhxh, governance.source, "2025-10-01") == ["org-itdt-center"]


def test_bhxh_supervisors_and_management_board(bhxh):
    supervisors = {r.source: r for r in bhxh.relationships if r.target == "org-vss" and r.type == "association"
                   and r.source.startswith("actor-")}
    assert set(supervisors) == {"actor-molisa", "actor-moh", "actor-mof"}
    assert all(r.sources[0]["line"] == 487 for r in supervisors.values())
    members = {r.target for r in bhxh.relationships if r.source == "org-management-board" and r.type == "aggregation"}
    assert {"actor-molisa", "actor-moh", "actor-mof", "actor-moha", "actor-vgcl"} <= members
    guided = {r.target for r in bhxh.relationships if r.source == "org-vss" and r.type == "association"}
    assert {"actor-mod-si", "actor-mps-si"} <= guided


def test_bhxh_gap_2022_2025_reports_no_relationship_carried_by_a_successor_as_removed(bhxh):
    matrix = compare(Side(bhxh, "baseline-2022"), Side(bhxh, "transition-2025"))
    removed = [(g.key, c.old) for g in matrix.gaps for c in g.changes
               if c.field == "relationship" and c.new is None and c.old["to"] == "org-itdt-center"]
    assert removed == []
    by_key = {g.key: g for g in matrix.gaps}
    for actor in ("actor-gds-thang-long", "actor-mic-ais", "actor-tecapro", "actor-viettel-idc", "actor-vncert-cc"):
        assert by_key[actor].status == "included", by_key[actor].changes
