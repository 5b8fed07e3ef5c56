"""`ea gap` on the command line: --from-rev/--to-rev on a temporary git repository, provenance, bad input."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from .gap_fixture import FILES

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

GIT_ENV = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(root, *args, date="2025-01-15T10:00:00+07:00") -> str:
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True, text=True,
                          env=env).stdout.strip()


@pytest.fixture
def history(repo):
    """A git repository with two commits: the fixture, then a new application and a removed one."""
    root = repo(FILES)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "first", date="2025-01-15T10:00:00+07:00")
    model = root / "layers" / "model.yaml"
    text = model.read_text(encoding="utf-8")
    start = text.index("  - id: app-report")
    end = text.index("  - id: dc-main")
    text = text[:start] + text[end:]
    text = text.replace("relationships:\n", """\
  - id: app-ai
    kind: specialised-application
    name: {vi: Trợ lý ảo, en: Virtual assistant}
    plateaus: [target-2030]
    source: {doc: doc-test, line: 40}
relationships:
""")
    model.write_text(text, encoding="utf-8")
    git(root, "commit", "-q", "-am", "second", date="2025-03-01T10:00:00+07:00")
    return root


def test_from_rev_to_rev_reads_git_objects_not_the_work_tree(ea, history):
    (history / "layers" / "model.yaml").write_text("not: [valid", encoding="utf-8")  # the work tree is broken
    before = git(history, "status", "--porcelain")
    result = ea("gap", "--from-rev", "HEAD~1", "--to-rev", "HEAD", "--format", "json", "--repo", history)
    assert result.exit_code == 0, result.stderr
    data = result.json()
    assert data["from"]["plateau"] == data["to"]["plateau"] == "target-2030"  # default: the last plateau
    statuses = {g["key"]: g["status"] for g in data["gaps"] if g["status"] != "included"}
    assert statuses == {"app-ai": "new"}  # app-report was never in the target
    head = git(history, "rev-parse", "HEAD")
    assert data["to"]["revision"] == head and data["to"]["model"]["commit"] == head
    assert data["to"]["model"]["clean"] is True and data["to"]["model"]["date"] == "2025-03-01"
    assert data["date"] == "2025-03-01"  # the report date defaults to the model's commit date
    assert git(history, "status", "--porcelain") == before
    assert (history / "layers" / "model.yaml").read_text(encoding="utf-8") == "not: [valid"


def test_from_rev_plateaus_across_commits_and_the_work_tree(ea, history):
    result = ea("gap", "--from-rev", "HEAD~1", "--from", "baseline-2022", "--to", "target-2030",
                "--format", "json", "--repo", history)
    assert result.exit_code == 0, result.stderr
    data = result.json()
    g = {x["key"]: x for x in data["gaps"]}
    assert g["app-report"]["status"] == "eliminated" and g["app-report"]["unintended"]
    assert g["app-ai"]["status"] == "new" and g["org-itdt"]["baseline"] == ["org-it"]
    assert data["to"]["revision"] is None  # the work tree
    assert data["to"]["model"]["clean"] is True
    md = ea("gap", "--from-rev", "HEAD~1", "--from", "baseline-2022", "--lang", "en", "--repo", history).output
    assert "git revision " + git(history, "rev-parse", "HEAD~1")[:10] in md and "work tree" in md


def test_model_commit_and_clean_flag(ea, history):
    args = ("gap", "--from", "baseline-2022", "--to", "target-2030", "--format", "json", "--repo", history)
    data = ea(*args).json()
    assert data["to"]["model"]["commit"] == git(history, "rev-parse", "HEAD")
    assert data["to"]["model"]["clean"] is True
    # a generated report beside the model changes neither the model's commit nor its date
    (history / "gap_analysis" / "reports").mkdir()
    (history / "gap_analysis" / "reports" / "x.md").write_text("x", encoding="utf-8")
    git(history, "add", "-A")
    git(history, "commit", "-q", "-m", "report", date="2025-06-01T10:00:00+07:00")
    again = ea(*args).json()
    assert again["to"]["model"] == data["to"]["model"] and again["content_hash"] == data["content_hash"]
    (history / "layers" / "model.yaml").write_text(
        (history / "layers" / "model.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert ea(*args).json()["to"]["model"]["clean"] is False


def test_unknown_revision_and_not_a_git_repository(ea, history, repo, tmp_path):
    result = ea("gap", "--from-rev", "no-such-rev", "--repo", history)
    assert result.exit_code == 2 and "unknown revision 'no-such-rev'" in result.stderr
    result = ea("gap", "--from-rev=--output=x", "--repo", history)  # never passed to git as an option
    assert result.exit_code == 2 and "unknown revision" in result.stderr
    assert ea("gap", "--to-rev", "HEAD", "--repo", history).exit_code == 2
    plain = tmp_path / "plain"
    shutil.copytree(history, plain, ignore=shutil.ignore_patterns(".git"))
    result = ea("gap", "--from-rev", "HEAD", "--repo", plain)
    assert result.exit_code == 2 and "not in a git repository" in result.stderr


@pytest.mark.parametrize("args, message", [
    (("--from", "baseline-2021", "--to", "target-2030"), "unknown plateau 'baseline-2021'"),
    (("--from", "target-2030", "--to", "baseline-2022"), "does not come before"),
    (("--from", "baseline-2022"), "name two plateaus"),
    (("--from", "baseline-2022", "--to", "target-2030", "--kind", "aplication"), "unknown kind"),
    (("--from", "baseline-2022", "--to", "target-2030", "--rm", "BRM.09"), "unknown reference-model code"),
    (("--from", "baseline-2022", "--to", "target-2030", "--date", "2025-13"), "not a date"),
    (("--from", "baseline-2022", "--to", "target-2030", "--layer", "nonsense"), "nonsense"),
    (("--report", "x", "--from", "baseline-2022"), "takes its plateaus"),
])
def test_bad_input_exits_2(ea, repo, args, message):
    result = ea("gap", *args, "--repo", repo(FILES))
    assert result.exit_code == 2
    assert message in result.stderr


def test_unknown_plateau_suggests(ea, repo):
    result = ea("gap", "--from", "baseline-2023", "--to", "target-2030", "--repo", repo(FILES))
    assert "did you mean 'baseline-2022'" in result.stderr


def test_out_file_written_whole(ea, repo, tmp_path):
    root = repo(FILES)
    out = tmp_path / "deep" / "gap.md"
    result = ea("gap", "--from", "baseline-2022", "--to", "transition-2025", "--out", out, "--repo", root)
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# ")
    assert not list(out.parent.glob("*.tmp"))


def test_same_bytes_across_processes(repo, tmp_path):
    """Set iteration order changes with the hash seed between processes; the report must not."""
    import sys

    root = repo(FILES)
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"gap{seed}.html"
        subprocess.run([sys.executable, "-c", "from ea_model.cli import main; main()", "gap", "--repo", str(root),
                        "--from", "baseline-2022", "--to", "target-2030", "--format", "html", "--out", str(out)],
                       check=True, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed})
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]


def test_from_rev_in_a_repository_below_the_git_root(ea, repo, tmp_path):
    root = repo(FILES)  # tmp_path/repo; git at tmp_path
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "first")
    result = ea("gap", "--from-rev", "HEAD", "--to-rev", "HEAD", "--format", "json", "--repo", root)
    assert result.exit_code == 0, result.stderr
    assert all(g["status"] == "included" for g in result.json()["gaps"])
