"""Repositories that reference each other: `depends:`, `nat:ID` references, `ea deps update`."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

import ea_model
from ea_model.rdf.export import ntriples

from .conftest import REPO_ROOT
from .deps_fixture import NATIONAL_MODEL, two_repos


def errors(model) -> list[str]:
    return [p.text() for p in ea_model.validate(model, strict=True) if p.severity == "error"]


def test_references_to_a_path_dependency_are_read_only_external_elements(tmp_path):
    national, agency = two_repos(tmp_path)
    assert errors(ea_model.load(national)) == []
    model = ea_model.load(agency)
    assert errors(model) == []
    ndxp = model.elements["nat:ndxp"]
    assert ndxp.home == "nat" and ndxp.kind == "platform" and ndxp.owner == "nat:org-office"
    assert model.elements["nat:portal"].plateaus == ["target-2030"]
    # only what the agency uses comes in (and the owners they name)
    assert sorted(e for e in model.elements if e.startswith("nat:")) == ["nat:ndxp", "nat:org-office", "nat:portal"]


def test_a_removed_national_element_is_reported_where_the_agency_uses_it(tmp_path):
    national, agency = two_repos(tmp_path)
    text = NATIONAL_MODEL.replace("flows_to: [ndxp]\n", "")
    start = text.index("  - id: ndxp")
    end = text.index("  - id: portal")
    (national / "layers/platforms.yaml").write_text(text[:start] + text[end:], encoding="utf-8")
    found = errors(ea_model.load(agency))
    assert len(found) == 1, found
    assert found[0].startswith("layers/uses.yaml:7: EA102 app-lgsp flows to unknown element 'nat:ndxp'")
    assert "dependency 'nat' (../national) has no element 'ndxp'" in found[0]


def test_an_undeclared_prefix_is_named_with_the_fix(tmp_path):
    _, agency = two_repos(tmp_path, {"layers/more.yaml": """\
        relationships:
          - {type: flow, from: app-portal, to: moh:ehr, source: {doc: doc-test, line: 1}}
        """})
    found = errors(ea_model.load(agency))
    assert any("unknown element 'moh:ehr'" in f and "declare it under `depends:`" in f for f in found), found


def test_a_missing_path_dependency_is_a_manifest_error(tmp_path):
    national, agency = two_repos(tmp_path)
    shutil.rmtree(national)
    found = errors(ea_model.load(agency))
    assert found[0].startswith("ea.yaml:8: EA100 dependency 'nat' (../national): no ea.yaml"), found


def test_a_dependency_cycle_is_refused(tmp_path):
    national, agency = two_repos(tmp_path)
    manifest = national / "ea.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "depends:\n  - {prefix: ag, path: ../agency}\n",
                        encoding="utf-8")
    found = errors(ea_model.load(agency))
    assert any("a cycle" in f for f in found), found


def test_a_duplicate_prefix_is_refused(tmp_path, ea):
    _, agency = two_repos(tmp_path)
    manifest = agency / "ea.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8") + "  - {prefix: nat, path: ../other}\n", encoding="utf-8")
    result = ea("validate", "--repo", agency)
    assert result.exit_code == 2 and "prefix 'nat' is used twice" in result.stderr


def _git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "PATH": os.environ["PATH"], "HOME": str(cwd)})


def test_a_git_dependency_is_fetched_once_then_validation_reads_the_local_copy(tmp_path, ea):
    national, agency = two_repos(tmp_path)
    _git("init", "-q", "-b", "main", cwd=national)
    _git("add", ".", cwd=national)
    _git("commit", "-qm", "national", cwd=national)
    _git("tag", "v1", cwd=national)
    manifest = agency / "ea.yaml"
    manifest.write_text(manifest.read_text(encoding="utf-8").replace(
        "    path: ../national\n", f"    git: file://{national}\n    rev: v1\n"), encoding="utf-8")
    before = ea("validate", "--repo", agency)
    assert before.exit_code == 1
    assert "ea.yaml:8: EA100 dependency 'nat' (file://" in before.output and "run `ea deps update`" in before.output
    update = ea("deps", "update", "--repo", agency)
    assert update.exit_code == 0 and "nat: 4 elements (git at " in update.output
    assert (agency / ".ea-deps/nat.json").is_file()
    shutil.rmtree(national)  # validation does not need the remote any more
    after = ea("validate", "--strict", "--repo", agency)
    assert after.exit_code == 0, after.output
    listed = ea("deps", "list", "--repo", agency)
    assert "nat: file://" in listed.output and "4 elements, 3 used" in listed.output


def test_rdf_names_remote_elements_with_their_home_iris(tmp_path):
    _, agency = two_repos(tmp_path)
    nt = ntriples(ea_model.load(agency)).decode("utf-8")
    assert "<https://example.org/ea/mini/app-lgsp> <https://w3id.org/ea-model/ontology#flowsTo> " \
           "<https://example.org/ea/nat/ndxp> ." in nt
    assert '<https://example.org/ea/nat/ndxp> <http://purl.org/dc/terms/identifier> "ndxp" .' in nt
    assert "<https://example.org/ea/nat/ndxp> <https://w3id.org/ea-model/ontology#external> " in nt
    assert "nat:ndxp" not in nt.replace("nat%3Andxp", "")  # never an IRI of this repository


def test_downstream_commands_work_with_remote_elements(tmp_path, ea):
    _, agency = two_repos(tmp_path, {"viewpoints/platforms.yaml": """\
        id: platforms
        title: {vi: Nền tảng, en: Platforms}
        select: {kinds: [platform, citizen-facing-application]}
        """})
    out = tmp_path / "out"
    for args in (("render", "--all", "--format", "svg", "--lang", "en", "--out", out),
                 ("gap", "--from", "baseline-2022", "--to", "target-2030", "--lang", "en"),
                 ("export", "archimate", "--out", out / "a.xml"),
                 ("query", "impact", "nat:ndxp")):
        result = ea(*args, "--repo", agency)
        assert result.exit_code == 0, (args, result.output, result.stderr)
    assert "Exchange" in (out / "platforms.en.svg").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def bhxh_copy(tmp_path_factory) -> Path:
    """The BHXH repository and examples/national, copied (the tests break the national one)."""
    root = tmp_path_factory.mktemp("bhxh") / "repo"
    for name in ("ea.yaml", "layers", "gap_analysis", "viewpoints", "examples/national"):
        src = REPO_ROOT / name
        if src.is_dir():
            shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("reports", "*.md"))
        else:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, root / name)
    return root


def test_bhxh_and_national_validate_strict_and_bhxh_reports_a_removed_national_element(bhxh_copy):
    national = bhxh_copy / "examples/national"
    assert errors(ea_model.load(national)) == []
    model = ea_model.load(bhxh_copy)
    assert errors(model) == []
    assert {"nat:ext-ndxp", "nat:ext-vdxp", "nat:ext-npdb", "nat:ext-vneid", "nat:dc-national-data-centre",
            "nat:ext-national-public-service-portal"} <= set(model.elements)
    assert not any(el.id.startswith("ext-ndxp") for el in model.elements.values())  # BHXH does not own it
    platforms = national / "layers/platforms.yaml"
    text = platforms.read_text(encoding="utf-8")
    start = text.index("- id: ext-ndxp")
    end = text.index("- id: ext-national-public-service-portal")
    platforms.write_text(text[:start] + text[end:], encoding="utf-8")
    found = errors(ea_model.load(bhxh_copy))
    assert found and all("unknown element 'nat:ext-ndxp'" in f for f in found), found
    assert any(f.startswith("layers/application/platforms.yaml:") for f in found), found
