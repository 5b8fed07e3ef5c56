"""Every rule: a fixture that triggers it (with the right file and line) and the clean fixture that does not."""

from __future__ import annotations

import pytest

from ea_model import load, validate
from ea_model.rules import all_rules

from .conftest import PLATEAUS

BROKEN = {
    "EA001": ({"layers/x.yaml": "elements:\n  - id: a\n    name: [unclosed\n"}, ("layers/x.yaml", 4)),
    "EA002": ({"layers/x.yaml": "elements:\n  - id: a\n    id: b\n"}, ("layers/x.yaml", 3)),
    "EA003": ({"layers/x.yaml": "elements:\n  - id: a\n    name: !!python/object:os.system {}\n"},
              ("layers/x.yaml", 3)),
    "EA005": ({"layers/x.yaml": "a: " + "[" * 70 + "]" * 70 + "\n"}, ("layers/x.yaml", 1)),
    "EA006": ({"layers/x.yaml": "a: &a [" + ",".join(["x"] * 400) + "]\nb: [" + ",".join(["*a"] * 400) + "]\n"},
              ("layers/x.yaml", 2)),
    "EA100": ({"layers/x.yaml": """\
        elements:
          - id: app-x
            kind: platform
            name: {vi: X}
            source: {doc: doc-test}
            serve: [fn-collection]
        """}, ("layers/x.yaml", 6)),
    "EA101": ({"layers/x.yaml": """\
        elements:
          - id: app-collection
            kind: platform
            name: {vi: X}
            source: {doc: doc-test}
            serves: [fn-collection]
        """}, ("layers/x.yaml", 2)),
    "EA102": ({"layers/x.yaml": """\
        elements:
          - id: app-x
            kind: platform
            name: {vi: X}
            source: {doc: doc-test}
            accesses: [db-insurence]
        """}, ("layers/x.yaml", 6)),
    "EA103": ({"layers/x.yaml": """\
        elements:
          - id: app-x
            kind: platfrom
            name: {vi: X}
            source: {doc: doc-test}
            serves: [fn-collection]
        """}, ("layers/x.yaml", 3)),
    "EA104": ({"layers/x.yaml": """\
        elements:
          - id: db-x
            kind: specialised-database
            name: {vi: X}
            source: {doc: doc-test}
            serves: [dc-main]
        """}, ("layers/x.yaml", 6)),
    "EA105": ({"layers/x.yaml": """\
        elements:
          - id: app-x
            kind: platform
            name: {vi: X}
            rm: [DRM001.009]
            source: {doc: doc-test}
            serves: [fn-collection]
        """}, ("layers/x.yaml", 5)),
    "EA106": ({"layers/x.yaml": """\
        elements:
          - id: app-x
            kind: platform
            name: {vi: X}
            plateaus: [target-2035]
            source: {doc: doc-test}
            serves: [fn-collection]
        """}, ("layers/x.yaml", 5)),
    "EA107": ({"layers/x.yaml": """\
        elements:
          - id: app-x
            kind: platform
            name: {vi: X}
            serves: [fn-collection]
        """}, ("layers/x.yaml", 2)),
    "EA108": ({"layers/x.yaml": """\
        elements:
          - id: app-x
            kind: platform
            name: {vi: X}
            source: {doc: doc-test}
        """}, ("layers/x.yaml", 2)),
    "EA109": ({"layers/x.yaml": """\
        elements:
          - id: app-x
            kind: platform
            name: {vi: X}
            owner: app-collection
            source: {doc: doc-test}
        """}, ("layers/x.yaml", 5)),
    "EA110": ({"layers/x.yaml": """\
        elements:
          - id: kpi-x
            kind: kpi
            name: {vi: X}
            properties: {value: 80, year: 2025}
            source: {doc: doc-test}
            realizes: [goal-x]
          - id: goal-x
            type: goal
            name: {vi: G}
            source: {doc: doc-test}
        """}, ("layers/x.yaml", 5)),
    "EA111": ({"layers/x.yaml": """\
        elements:
          - id: app-x
            kind: platform
            name: {vi: X}
            source: {doc: org-it, line: 3}
            serves: [fn-collection]
        """}, ("layers/x.yaml", 5)),
    "EA120": ({"viewpoints/v.yaml": """\
        id: v
        title: {vi: Chia sẻ dữ liệu}
        select:
          around: {id: db-insurence, depth: 1}
        """}, ("viewpoints/v.yaml", 3)),
    "EA112": ({"layers/x.yaml": """\
        relationships:
          - {type: serving, from: app-collection, to: fn-collection}
        """}, ("layers/x.yaml", 2)),
    "EA113": ({"layers/x.yaml": """\
        elements:
          - id: app-x
            kind: platform
            source: {doc: doc-test}
            name: {vi: "Nền tảng\u202e X"}
            serves: [fn-collection]
        """}, ("layers/x.yaml", 5)),
    "EA114": ({"layers/x.yaml": """\
        elements:
          - id: App-Collection
            kind: platform
            name: {vi: X}
            source: {doc: doc-test}
            serves: [fn-collection]
        """}, ("layers/x.yaml", 2)),
    "EA115": ({"layers/x.yaml": """\
        elements:
          - id: fn-a
            type: business-function
            name: {vi: A}
            source: {doc: doc-test}
            composed_of: [fn-b]
          - id: fn-b
            type: business-function
            name: {vi: B}
            source: {doc: doc-test}
            composed_of: [fn-a]
        """}, ("layers/x.yaml", 6)),
    "EA116": ({"layers/x.yaml": """\
        relationships:
          - {type: flow, from: app-collection, to: app-collection, source: {doc: doc-test}}
        """}, ("layers/x.yaml", 2)),
    "EA117": ({"layers/x.yaml": """\
        elements:
          - id: db-old
            kind: national-database
            name: {vi: Cũ}
            owner: org-it
            plateaus: [baseline-2022]
            source: {doc: doc-test}
        relationships:
          - {type: access, from: app-portal, to: db-old, access: read, source: {doc: doc-test}}
        """}, ("layers/x.yaml", 9)),
    "EA118": ({"gap_analysis/plateaus.yaml": PLATEAUS.replace("2030-12-31", "2030-02-30")},
              ("gap_analysis/plateaus.yaml", 6)),
}


def test_every_rule_has_a_failing_fixture():
    documented = {rule.CODE for rule in all_rules()}
    # EA004 (size limit) is exercised in test_loading with a 20 MB file.
    assert documented - {"EA004"} == set(BROKEN)


@pytest.mark.parametrize("code", sorted(BROKEN))
def test_rule_fires_at_the_right_place(repo, code):
    files, where = BROKEN[code]
    problems = validate(load(repo(files)), strict=True)
    mine = [p for p in problems if p.code == code]
    assert mine, f"{code} not reported; got {problems}"
    assert (mine[0].file, mine[0].line) == where, mine
    assert mine[0].message and mine[0].hint


@pytest.mark.parametrize("code", sorted(BROKEN))
def test_rule_is_silent_on_the_clean_model(repo, code):
    problems = validate(load(repo()), strict=True)
    assert [p for p in problems if p.code == code] == []


def test_duplicate_id_names_both_places(repo):
    problems = validate(load(repo(BROKEN["EA101"][0])))
    dup = next(p for p in problems if p.code == "EA101")
    assert "layers/model.yaml:" in dup.message


@pytest.mark.parametrize(("code", "suggestion"), [
    ("EA102", "db-insurance"), ("EA103", "platform"), ("EA106", "target-2030"), ("EA100", "serves"),
])
def test_did_you_mean(repo, code, suggestion):
    problems = validate(load(repo(BROKEN[code][0])))
    hint = next(p.hint for p in problems if p.code == code)
    assert f"'{suggestion}'" in hint


def test_invalid_relationship_lists_what_is_allowed(repo):
    problems = validate(load(repo(BROKEN["EA104"][0])))
    p = next(p for p in problems if p.code == "EA104")
    assert "data-object to facility" in p.message
    assert "association" in p.hint


def test_rules_can_be_disabled_in_the_manifest(repo):
    from tests.conftest import MANIFEST

    root = repo({**BROKEN["EA107"][0], "ea.yaml": MANIFEST + "rules:\n  disable: [EA107]\n"})
    assert not [p for p in validate(load(root), strict=True) if p.code == "EA107"]


def test_severity_can_be_raised_in_the_manifest(repo):
    from tests.conftest import MANIFEST

    root = repo({**BROKEN["EA107"][0], "ea.yaml": MANIFEST + "rules:\n  severity: {EA107: error}\n"})
    assert [p.severity for p in validate(load(root)) if p.code == "EA107"] == ["error"]


def test_warnings_become_errors_with_strict(repo):
    model = load(repo(BROKEN["EA108"][0]))
    assert {p.severity for p in validate(model) if p.code == "EA108"} == {"warning"}
    assert {p.severity for p in validate(model, strict=True) if p.code == "EA108"} == {"error"}


def test_a_comma_in_a_flow_mapping_gets_a_quoting_hint(repo):
    text = "elements:\n  - id: app-x\n    kind: platform\n    name: {vi: Cổng dịch vụ công, quốc gia, en: Portal}\n"
    problems = [p for p in validate(load(repo({"layers/x.yaml": text}))) if p.code == "EA100"]
    assert problems and all(p.line == 4 for p in problems)
    assert "'quốc gia' is not a language code" in problems[0].message or "missing" in problems[0].message
    assert 'quote the text: {vi: "A, B"}' in problems[0].hint
