"""`ea diff` between git revisions and `ea merge-driver` inside real `git merge`s, on scripted histories."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import MANIFEST, MODEL, PLATEAUS

pytestmark = pytest.mark.skipif(subprocess.run(["git", "--version"], capture_output=True).returncode != 0,
                                reason="git is not installed")

APP = """\
elements:
  - id: app-hr
    kind: specialised-application
    name: {vi: Quản lý nhân sự, en: HR management}
    owner: org-it
    source: {doc: doc-test, line: 11}
"""
VIEW = "id: apps\ntitle: {vi: Ứng dụng, en: Applications}\nselect: {layers: [application]}\n"


def git(root: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    out = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=env, check=False)
    if out.returncode not in (0, 1) or (out.returncode == 1 and args[0] != "merge"):
        raise AssertionError(f"git {' '.join(args)}: {out.stderr}")
    return out.stdout + out.stderr


def commit(root: Path, files: dict[str, str], message: str) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


@pytest.fixture
def history(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    commit(root, {"ea.yaml": MANIFEST, "gap_analysis/plateaus.yaml": PLATEAUS, "layers/model.yaml": MODEL,
                  "layers/apps.yaml": APP, "viewpoints/apps.yaml": VIEW}, "start")
    return root


# -- ea diff ---------------------------------------------------------------------------------------------


def test_diff_added_changed_renamed_removed_views_and_findings(history, ea):
    renamed = APP.replace("id: app-hr\n", "id: app-hrm\n").replace("owner: org-it", "owner: org-x")
    commit(history, {"layers/apps.yaml": renamed + """\
  - id: app-payroll
    kind: specialised-application
    name: {vi: Tiền lương, en: Payroll}
    source: {doc: doc-test, line: 12}
    serves: [fn-collection]
"""}, "rename, add")
    (history / "layers/model.yaml").write_text(MODEL.replace("name: {vi: Tường lửa, en: Firewall}",
                                                             "name: {vi: Tường lửa thế hệ mới, en: Firewall}"))
    result = ea("diff", "HEAD~1", "--repo", history, "--lang", "en")
    assert result.exit_code == 0, result.stderr
    out = result.output
    assert "Model changes HEAD~1 → work tree" in out
    assert "+ app-payroll Payroll (specialised-application, added)" in out
    assert "> app-hr → app-hrm HR management (specialised-application, renamed)" in out
    assert "owner: org-it → org-x" in out  # the new owner does not exist: a finding appeared
    assert "~ sec-firewall" in out and "name.vi: Tường lửa → Tường lửa thế hệ mới" in out
    assert "+ app-payroll —serving→ fn-collection" in out
    assert "apps: " in out  # the view showing the applications
    assert "New findings" in out and "org-x" in out.split("New findings")[1]
    # The work tree is untouched by reading HEAD~1.
    assert "Tường lửa thế hệ mới" in (history / "layers/model.yaml").read_text()
    assert git(history, "status", "--porcelain") == " M layers/model.yaml\n"


def test_diff_formats_and_no_change(history, ea):
    assert "No change to the model." in ea("diff", "--repo", history, "--lang", "en").output
    assert ea("diff", "--exit-code", "--repo", history).exit_code == 0
    commit(history, {"layers/apps.yaml": APP.replace("owner: org-it", "owner: org-it\n    tags: [hr]")}, "tag")
    md = ea("diff", "HEAD~1", "HEAD", "--format", "md", "--repo", history, "--lang", "en").output
    assert md.startswith("### Model changes HEAD~1 → HEAD")
    assert "<details>" in md and "<summary>Elements · application: 1 changed</summary>" in md
    data = json.loads(ea("diff", "HEAD~1", "HEAD", "--format", "json", "--repo", history).output)
    assert data["elements"][0]["id"] == "app-hr"
    assert data["elements"][0]["fields"] == [{"field": "tags", "old": [], "new": ["hr"]}]
    assert ea("diff", "HEAD~1", "HEAD", "--exit-code", "--repo", history).exit_code == 1


def test_diff_bad_revision_is_one_line(history, ea):
    result = ea("diff", "no-such-branch", "--repo", history)
    assert result.exit_code == 2
    assert "no-such-branch" in result.stderr or "git rev-parse" in result.stderr
    assert "Traceback" not in result.stderr
    assert ea("diff", "--upload-pack=x", "--repo", history).exit_code == 2


# -- merge driver ----------------------------------------------------------------------------------------


def _install(root: Path, ea) -> None:
    result = ea("install-git", "--repo", root,
                "--driver-command", f"'{sys.executable}' -m ea_model merge-driver %O %A %B %P")
    assert result.exit_code == 0, result.stderr
    assert "*.yaml merge=ea" in (root / ".gitattributes").read_text()
    assert "merge-driver" in git(root, "config", "merge.ea.driver")
    git(root, "add", ".gitattributes")
    git(root, "commit", "-qm", "merge by element")
    assert ea("install-git", "--repo", root, "--driver-command", "x").output.count("already has the line") == 1
    git(root, "config", "merge.ea.driver", f"'{sys.executable}' -m ea_model merge-driver %O %A %B %P")


def _branches(root: Path, ours: dict[str, str], theirs: dict[str, str]) -> str:
    git(root, "checkout", "-qb", "theirs")
    commit(root, theirs, "theirs")
    git(root, "checkout", "-q", "main")
    commit(root, ours, "ours")
    return git(root, "merge", "--no-edit", "theirs")


ELEMENT = """\
  - id: {id}
    kind: specialised-application
    name: {{vi: {name}, en: {name}}}
    owner: org-it
    source: {{doc: doc-test, line: 13}}
"""


def test_merge_additions_to_one_file_by_both_sides(history, ea):
    _install(history, ea)
    out = _branches(history, {"layers/apps.yaml": APP + ELEMENT.format(id="app-ours", name="Ours")},
                    {"layers/apps.yaml": APP + ELEMENT.format(id="app-theirs", name="Theirs")})
    assert "CONFLICT" not in out, out
    text = (history / "layers/apps.yaml").read_text()
    assert "app-ours" in text and "app-theirs" in text and "<<<<<<<" not in text
    assert ea("validate", "--repo", history).exit_code == 0


def test_merge_rename_on_one_side_edit_on_the_other(history, ea):
    _install(history, ea)
    renamed = APP.replace("id: app-hr\n", "id: app-hrm\n")
    edited = APP.replace("owner: org-it", "owner: org-it\n    tags: [hr]")
    out = _branches(history, {"layers/apps.yaml": renamed}, {"layers/apps.yaml": edited})
    assert "CONFLICT" not in out, out
    text = (history / "layers/apps.yaml").read_text()
    assert "id: app-hrm" in text and "tags: [hr]" in text
    assert "id: app-hr\n" not in text
    assert ea("validate", "--repo", history).exit_code == 0


def test_merge_same_field_changed_both_ways_is_a_named_conflict_in_valid_yaml(history, ea):
    _install(history, ea)
    out = _branches(history, {"layers/apps.yaml": APP.replace("HR management", "Human resources")},
                    {"layers/apps.yaml": APP.replace("HR management", "Personnel")})
    assert "CONFLICT" in out
    assert "element app-hr, field name, field en" in out
    text = (history / "layers/apps.yaml").read_text()
    assert "<<<<<<<" not in text
    from ea_model.yamlload import parse_text

    data = parse_text(text, "apps.yaml")  # valid YAML the user can fix
    en = data["elements"][0]["name"]["en"]
    assert en["ea-conflict"] == "element app-hr, field name, field en"
    assert (en["ours"], en["theirs"], en["base"]) == ("Human resources", "Personnel", "HR management")
    assert ea("validate", "--repo", history).exit_code == 1  # it cannot be committed as it is
    assert "apps.yaml" in git(history, "diff", "--name-only", "--diff-filter=U")


def test_merge_driver_falls_back_to_lines_on_text_that_is_not_a_mapping(tmp_path, ea):
    base, ours, theirs = (tmp_path / n for n in ("o", "a", "b"))
    base.write_text("- 1\n- 2\n")
    ours.write_text("- 1\n- 3\n")
    theirs.write_text("- 1\n- 4\n")
    result = ea("merge-driver", base, ours, theirs, "x.yaml")
    assert result.exit_code == 1
    assert "<<<<<<<" in ours.read_text()
