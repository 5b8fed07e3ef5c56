"""Gap analysis on a fixture with known answers: classifications, history matching, work-package and
reference-model coverage, scope."""

from __future__ import annotations

import pytest

from ea_model import load, validate
from ea_model.gap import Scope, Side, analyse, compare

from .gap_fixture import FILES


@pytest.fixture
def model(repo):
    return load(repo(FILES))


def rows(matrix) -> dict:
    return {g.key: g for g in matrix.gaps}


def gap(model, p1="baseline-2022", p2="target-2030", date="2025-01-01", scope=None):
    return analyse(Side(model, p1), Side(model, p2), scope, report_date=date)


def changes(g) -> dict:
    return {c.field: (c.old, c.new) for c in g.changes if c.field != "relationship"}


def test_fixture_is_valid(model):
    assert not [p for p in validate(model) if p.severity == "error"]


def test_every_classification(model):
    r = rows(gap(model).matrix)
    status = {k: ("unintended" if g.unintended else g.status) for k, g in r.items()}
    assert status == {
        "org-office": "changed", "org-itdt": "changed", "org-records": "changed", "org-region": "changed",
        "fn-collection": "included", "fn-audit": "eliminated",
        "db-insurance": "included",
        "app-collection": "changed", "app-hr": "changed", "app-portal": "new", "app-mobile": "new",
        "app-legacy": "eliminated", "app-report": "unintended",
        "dc-main": "included", "sec-firewall": "included",
    }
    # legal documents (motivation) and work packages (implementation) are not building blocks
    assert not {"doc-test", "doc-merge", "wp-portal"} & set(r)


def test_changed_lists_old_and_new(model):
    r = rows(gap(model).matrix)
    assert changes(r["app-collection"]) == {"properties.users": (1000, 2000)}
    rels = [(c.old, c.new) for c in r["app-hr"].changes]
    assert rels == [({"type": "access", "to": "db-insurance", "access": "read"}, None),
                    (None, {"type": "flow", "to": "app-collection"})]
    # serving a new application is part of that application's gap, not a change of the data centre;
    # an owner that was renamed (org-it -> org-itdt) is the same owner
    assert r["dc-main"].status == "included" and r["db-insurance"].status == "included"


def test_renamed_unit_matched_through_replaces_not_eliminated_plus_new(model):
    r = rows(gap(model).matrix)
    itdt = r["org-itdt"]
    assert (itdt.baseline, itdt.match) == (["org-it"], "replaces")
    assert changes(itdt)["id"] == ("org-it", "org-itdt")
    assert changes(itdt)["name"][0]["en"] == "IT Center"
    assert changes(itdt)["name"][1]["en"] == "IT and Digital Transformation Center"
    assert itdt.decisions == ["doc-merge"]  # the history entry's source
    assert "org-it" not in r


def test_merged_units_and_history_names(model):
    r = rows(gap(model).matrix)
    region = r["org-region"]
    assert region.baseline == ["org-north", "org-south"] and region.match == "replaces"
    assert changes(region) == {"merged": (["org-north", "org-south"], "org-region")}
    records = r["org-records"]  # no `replaces`: matched by a former name recorded in its history
    assert (records.baseline, records.match) == (["org-archive"], "history")
    office = r["org-office"]  # same id, renamed in 2024: the 2022 plateau uses the old name
    assert changes(office) == {"name": ({"vi": "Văn phòng", "en": "Office"},
                                        {"vi": "Văn phòng BHXH Việt Nam", "en": "VSS Office"})}


def test_transition_plateau_and_chain_of_successors(repo):
    extra = {"layers/chain.yaml": """\
        elements:
          - {id: org-a, kind: organisation-unit, name: {vi: Đơn vị A}, plateaus: [baseline-2022],
             source: {doc: doc-test}}
          - {id: org-b, kind: organisation-unit, name: {vi: Đơn vị B}, plateaus: [transition-2025],
             replaces: [org-a], source: {doc: doc-test}}
          - {id: org-c, kind: organisation-unit, name: {vi: Đơn vị C}, plateaus: [target-2030],
             replaces: [org-b], source: {doc: doc-test}}
          - {id: app-split, kind: specialised-application, name: {vi: Phần mềm gộp}, plateaus: [baseline-2022],
             source: {doc: doc-test}}
          - {id: app-part1, kind: specialised-application, name: {vi: Phần 1}, plateaus: [target-2030],
             replaces: [app-split], source: {doc: doc-test}}
          - {id: app-part2, kind: specialised-application, name: {vi: Phần 2}, plateaus: [target-2030],
             replaces: [app-split], source: {doc: doc-test}}
        """}
    model = load(repo({**FILES, **extra}))
    r = rows(gap(model).matrix)
    assert r["org-c"].baseline == ["org-a"]  # through org-b, which is in neither plateau
    assert "org-a" not in r and "org-b" not in r
    assert r["app-part1"].baseline == r["app-part2"].baseline == ["app-split"]
    assert changes(r["app-part1"])["split"] == (["app-split"], ["app-part1", "app-part2"])
    assert "app-split" not in r
    t = rows(gap(model, "baseline-2022", "transition-2025").matrix)
    assert t["org-b"].baseline == ["org-a"] and t["app-split"].unintended
    assert t["app-collection"].status == "included"  # its change comes in 2030
    assert t["org-north"].status == "included"


def test_work_package_coverage(model):
    a = gap(model)
    r = rows(a.matrix)
    assert r["app-portal"].work_packages == ["wp-portal"]
    assert r["app-collection"].work_packages == ["wp-upgrade"]
    assert r["app-legacy"].work_packages == ["wp-decommission"]  # associated_with from a decommissioning task
    assert r["fn-audit"].decisions == ["doc-merge"] and not r["fn-audit"].unintended  # retired_by a decision
    report = a.report()
    assert report["without_work_package"] == ["org-itdt", "org-office", "org-records", "org-region", "fn-audit",
                                              "app-mobile", "app-hr", "app-report"]
    assert report["realize_nothing"] == ["wp-nothing"]
    assert report["close_nothing"] == ["wp-firewall"]
    assert report["overdue"] == ["wp-portal"]  # 2024-06-30, in progress, at 2025-01-01
    wp = {w["id"]: w for w in report["work_packages"]}
    assert wp["wp-portal"]["closes"] == ["app-portal"] and wp["wp-portal"]["deadline_text"] == "Quý II/2024"
    assert not wp["wp-decommission"]["overdue"]  # past its deadline but done
    assert gap(model, date="2024-01-01").report()["overdue"] == []
    assert gap(model, date=None).report()["overdue"] == []  # no date, nothing computed
    # only the work packages of the plateaus after the baseline up to the target count
    t = gap(model, "baseline-2022", "transition-2025").report()
    assert [w["id"] for w in t["work_packages"]] == ["wp-decommission"]


def test_summary_counts(model):
    s = gap(model).report()["summary"]
    assert s["total"] == {"included": 4, "changed": 6, "new": 2, "eliminated": 3, "unintended": 1,
                          "without_work_package": 8}
    layers = {r["layer"]: r for r in s["layers"]}
    assert list(layers) == ["business", "data", "application", "technology", "security"]
    assert layers["application"]["new"] == 2 and layers["application"]["unintended"] == 1
    assert s["work_packages"] == {"count": 5, "realize_nothing": 1, "close_nothing": 1, "overdue": 1}


def test_reference_model_coverage(model):
    rm = gap(model).report()["rm_coverage"]
    assert [c["plateau"] for c in rm["columns"]] == ["baseline-2022", "transition-2025", "target-2030"]
    counts = {c["code"]: c["counts"] for c in rm["categories"]}
    assert counts["BRM.01.01"] == [2, 2, 3]  # function + application, then the new portal
    assert counts["BRM.01"] == [2, 2, 3]  # a parent counts its children's elements once
    assert counts["BRM.01.02"] == [0, 0, 0]
    assert rm["empty_in_target"] == ["BRM.01.02"]
    assert "DRM001" not in counts  # a framework taxonomy nobody classifies against is left out


def test_scope(model):
    app = rows(compare(Side(model, "baseline-2022"), Side(model, "target-2030"), Scope(layers=("application",))))
    assert {g.layer for g in app.values()} == {"application"}
    orgs = rows(compare(Side(model, "baseline-2022"), Side(model, "target-2030"),
                        Scope(kinds=("organisation-unit",))))
    assert set(orgs) == {"org-office", "org-itdt", "org-records", "org-region"}
    brm = rows(compare(Side(model, "baseline-2022"), Side(model, "target-2030"), Scope(rm=("BRM.01",))))
    assert set(brm) == {"fn-collection", "app-collection", "app-portal"}
    motivation = rows(compare(Side(model, "baseline-2022"), Side(model, "target-2030"),
                              Scope(layers=("motivation",))))
    assert set(motivation) == {"doc-test", "doc-merge"}


def test_english_names_and_unknown_ids_in_the_index(model):
    report = gap(model).report()
    el = report["elements"]
    assert el["org-office"]["name_before"]["vi"] == "Văn phòng"
    assert el["org-office"]["name_after"]["vi"] == "Văn phòng BHXH Việt Nam"
    assert el["org-it"]["name"]["en"] == "IT Center"
    assert el["doc-merge"]["number"] == "2/QĐ-TEST"


def test_work_package_through_a_deliverable(repo):
    extra = {"gap_analysis/work_packages/deliverable.yaml": """\
        elements:
          - id: wp-mobile
            type: work-package
            name: {vi: Phát triển ứng dụng di động}
            owner: org-itdt
            properties: {deadline: 2025-06, status: planned}
            plateaus: [transition-2025]
            realizes: [dlv-mobile]
            source: {doc: doc-test}
          - id: dlv-mobile
            type: deliverable
            name: {vi: Ứng dụng di động phiên bản 1}
            realizes: [app-mobile]
            source: {doc: doc-test}
        """}
    model = load(repo({**FILES, **extra}))
    report = gap(model).report()
    mobile = next(g for g in report["gaps"] if g["key"] == "app-mobile")
    assert mobile["work_packages"] == ["wp-mobile"]
    wp = next(w for w in report["work_packages"] if w["id"] == "wp-mobile")
    assert wp["realizes"] == ["app-mobile", "dlv-mobile"] and wp["deadline"] == "2025-06-30"
    assert not wp["overdue"]  # "2025-06" is read as 2025-06-30: not yet due on 2025-01-01 ...
    assert "wp-mobile" in gap(model, date="2025-07-01").report()["overdue"]  # ... due a day later
