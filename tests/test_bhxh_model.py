"""The BHXH model against its sources: a sample of facts (numbers, names, dates, relationships) from each seed
document, asserted through the API. Line numbers are those of ../shared/seeds/*.txt."""

from __future__ import annotations

from ea_model.model import text_in


def sources(el) -> set[str]:
    return {s.get("doc") for s in el.sources}


def rels(model, rtype: str, source: str | None = None, target: str | None = None) -> set[tuple[str, str]]:
    return {(r.source, r.target) for r in model.relationships if r.type == rtype
            and (source is None or r.source == source) and (target is None or r.target == target)}


def test_every_layer_is_populated_and_every_element_is_sourced(bhxh):
    layers = {el.layer for el in bhxh.elements.values()}
    assert {"business", "data", "application", "technology", "security", "motivation", "implementation"} <= layers
    assert len(bhxh.elements) > 500 and len(bhxh.relationships) > 800
    documents = {el.id for el in bhxh.elements.values() if el.kind == "legal-document"}
    for el in bhxh.elements.values():
        if el.home:  # a national system (nat:ID, examples/national): sourced in its own repository
            continue
        assert el.sources and sources(el) <= documents, el.id


def test_plateaus_are_the_approval_and_the_decisions_dates(bhxh):
    assert bhxh.plateau_order() == ["baseline-2022", "transition-2025", "target-2030"]
    assert bhxh.plateaus["baseline-2022"].date == "2022-09-19"  # 2358/QĐ-BHXH, 19/09/2022


def test_2358_organisation_twenty_one_central_units(bhxh):
    # table 1.2.1 (L500-580) lists the 21 units of the central VSS
    central = [el for el in bhxh.elements.values() if el.kind == "organisation-unit"
               and any("bảng 1.2.1" in str(s.get("section", "")) for s in el.sources)]
    assert len(central) == 21
    assert all(text_in(u.description, "vi") for u in central)  # the table's "Mô tả chung về chức năng, nhiệm vụ"
    assert text_in(bhxh.elements["org-it-center"].name, "vi") == "Trung tâm Công nghệ thông tin"


def test_2358_data_applications_technology_security(bhxh):
    nidb = bhxh.elements["db-national-insurance"]
    assert nidb.kind == "national-database"
    assert text_in(nidb.name, "vi") == "Cơ sở dữ liệu quốc gia về Bảo hiểm"
    assert rels(bhxh, "access", target="db-national-insurance")  # VI.3.1: who reads and writes it
    vssid = bhxh.elements["app-vssid"]
    assert vssid.kind == "citizen-facing-application" and vssid.properties["since"] == "2020-11-16"  # L686
    assert bhxh.elements["tech-workstations"].properties["computers"] == 23806  # "23.806 máy", L1120
    level = bhxh.elements["sec-level-tcs"]  # security-level table VI.5.2.2, row 3
    assert level.properties["level"] == 2 and level.properties["standard"] == "TCVN 11930:2017"
    assert {"dc-main", "dc-backup"} <= {el.id for el in bhxh.elements.values() if el.kind == "data-centre"}


def test_2358_data_exchanged_with_the_ministry_of_health(bhxh):
    moh = {"actor-moh"} | {el.id for el in bhxh.elements.values() if el.owner == "actor-moh"}
    flows = {(s, t) for s, t in rels(bhxh, "flow") if s in moh or t in moh}
    assert ("app-hi-assessment", "actor-moh") in flows  # HI assessment data to the MoH, VI.2.1.3


def test_1076_it_center_becomes_the_it_and_digital_transformation_center(bhxh):
    new = bhxh.elements["org-itdt-center"]
    assert new.replaces == ["org-it-center"] and "doc-1076-qd-btc" in sources(new)
    assert new.history[0]["until"] == "2025-03-26"  # the decision's date, 26/03/2025
    assert text_in(new.history[0]["name"], "vi") == "Trung tâm Công nghệ thông tin"
    divisions = {t for _, t in rels(bhxh, "composition", source="org-itdt-center")}
    assert len(divisions) == 6  # "Trung tâm được tổ chức 06 phòng", Art. 3.1, L53
    assert "Phòng Chuyển đổi số" in {text_in(bhxh.elements[d].name, "vi") for d in divisions}
    assert not bhxh.in_plateau(new, "baseline-2022") and bhxh.in_plateau(new, "target-2030")


def test_2988_provincial_structure_2025(bhxh):
    provincial = bhxh.elements["org-provincial-bhxh"]
    assert provincial.properties["count_2022"] == 63 and provincial.properties["count_2025"] == 34
    assert bhxh.in_plateau(bhxh.elements["org-grassroots-bhxh"], "transition-2025")
    assert not bhxh.in_plateau(bhxh.elements["org-grassroots-bhxh"], "baseline-2022")
    divisions = [el for el in bhxh.elements.values() if el.id.startswith("org-prov-") and "doc-2988-qd-bhxh"
                 in sources(el)]
    assert "Phòng Công nghệ thông tin và Chuyển đổi số" in {text_in(d.name, "vi") for d in divisions}  # Art. 7


def test_1177_project_06_tasks_are_work_packages(bhxh):
    wps = {el.id: el for el in bhxh.elements.values() if el.type == "work-package"
           and any(s.get("doc") == "doc-1177-qd-bhxh" for s in el.sources)}
    assert len(wps) == 20  # the appendix's 20 tasks in 7 groups, L317-579
    task = wps["wp-1177-6-1-personal-id-authentication"]  # task 6.1, L524-533
    assert task.owner == "org-board-collection" and task.properties["deadline"] == "2023-12-31"
    assert task.properties["deadline_text"] == "Tháng 12/2023"
    assert ("realization", "wp-1177-6-1-personal-id-authentication", "nat:ext-npdb") in {
        (r.type, r.source, r.target) for r in bhxh.relationships}
    biometrics = wps["wp-1177-7-2-one-stop-biometrics"]  # 100% of one-stop desks by Q2/2024, L565-567
    assert biometrics.properties["deadline"] == "2024-06-30" and biometrics.owner == "org-office"
    assert sum(w.properties.get("lead_text") == "Trung tâm CNTT" for w in wps.values()) == 9  # the IT Center leads 9


def test_34_national_data_center_tasks(bhxh):
    connect = bhxh.elements["wp-34-04-ndc-platform-connection"]  # task 4, "Quý III/2025", L227-231
    assert connect.properties["deadline"] == "2025-09-30" and connect.properties["deadline_text"] == "Quý III/2025"
    assert rels(bhxh, "realization", source=connect.id) >= {(connect.id, "nat:ext-ndc-platform")}
    tasks = [el for el in bhxh.elements.values() if el.id.startswith("wp-34-0")]
    assert len(tasks) == 9


def test_2358_vision_principles_targets_and_assessments(bhxh):
    principles = [el for el in bhxh.elements.values() if el.type == "principle"]
    assert len(principles) == 9  # III a-i, L310-318
    assert text_in(bhxh.elements["principle-e-shared-platforms"].name, "vi") == \
        "Ưu tiên phát triển các dịch vụ, ứng dụng, nền tảng dùng chung"
    hi = bhxh.elements["kpi-bhxh-2025-hi-coverage"]  # "95% dân số tham gia BHYT", L436
    assert (hi.properties["value"], hi.properties["unit"], hi.properties["year"]) == (95, "% of population", 2025)
    egdi = bhxh.elements["kpi-national-2030-egdi"]  # top 50 by 2030, L392
    assert egdi.properties["value"] == 50 and not bhxh.in_plateau(egdi, "transition-2025")
    limitations = [el for el in bhxh.elements.values() if el.kind == "limitation"]
    assert {el.properties["layer"] for el in limitations} >= {"business", "application", "data", "technology",
                                                             "security", "human resources"}


def test_2358_business_layer_counts(bhxh):
    tthc = bhxh.elements["svc-administrative-procedures"]  # L659: 115 procedures in 2014, 25 now
    assert tthc.properties["count_2014"] == 115 and tthc.properties["count_2022"] == 25
    online = bhxh.elements["svc-online-public-services"]  # L660: 63 services (19 + 31 + 13)
    p = online.properties
    assert p["count"] == 63 == p["for_organisations"] + p["for_individuals"] + p["for_both"]
    assert {c.code for c in bhxh.categories.values() if c.model == "BHXH-BRM" and c.level == 1} >= {"BRM.01", "BRM.02"}
    assert all(c.inferred for c in bhxh.categories.values() if c.model == "BHXH-BRM")


def test_the_architects_questions(bhxh):
    # which systems access the National Insurance Database
    assert {s for s, _ in rels(bhxh, "access", target="db-national-insurance")} == {"app-nidb-system"}
    # which work packages are due by Q3/2025
    due = {el.id for el in bhxh.elements.values() if el.type == "work-package"
           and (el.properties.get("deadline") or "9999") <= "2025-09-30"}
    assert {"wp-34-03-data-centre-review", "wp-34-04-ndc-platform-connection", "wp-1177-6-1-personal-id-authentication",
            "wp-1076-itdt-center", "wp-2988-provincial-divisions"} <= due
    assert "wp-1177-5-4-full-online-services" not in due  # 2024-2025: 100%, read as the end of 2025
    # what changes for the data centres between 2022 and 2030
    from ea_model.gap import Side, analyse

    gaps = {g.key: g.status for g in analyse(Side(bhxh, "baseline-2022"), Side(bhxh, "target-2030")).matrix.gaps
            if g.key.startswith(("dc-", "nat:dc-"))}
    assert gaps == {"dc-main": "changed", "dc-backup": "changed", "nat:dc-national-data-centre": "new"}


def test_2358_sector_plan_tasks_are_linked_to_what_they_concern(bhxh):
    # 2358 IV quotes the tasks of plan 3353/KH-BHXH (L322-333); tasks 2, 4, 7 and 10 point at what they concern
    concerns = {task: {t for _, t in rels(bhxh, "association", source=f"goal-sector-plan-task-{task}")}
                for task in (2, 4, 7, 10)}
    assert {"fn-participant-development", "fn-benefit-payment", "fn-specialised-inspection"} <= concerns[2]
    assert ("goal-sector-plan-task-2", "goal-bhxh-coverage-2025") in rels(bhxh, "influence")
    assert {"fn-benefit-payment", "fn-beneficiary-management"} <= concerns[4]
    assert {"app-sms-interaction", "svc-online-public-services", "app-e-transaction", "data-e-documents",
            "nat:ext-vdxp"} <= concerns[7]
    assert "fn-staff-compliance" in concerns[10]
    for task, line in ((2, "324"), (4, "326"), (7, "330"), (10, "333")):
        el = bhxh.elements[f"goal-sector-plan-task-{task}"]
        assert "doc-3353-kh-bhxh" in concerns[task]
        assert [str(s.get("line")) for s in el.sources] == [line] and el.sources[0].get("quote")
