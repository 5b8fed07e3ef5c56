"""The `ea` command line: exit codes, output formats, repository discovery, and every command."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from ea_model import load, validate
from ea_model.schema_build import model_schema
from ea_model.yamlload import load_file, plain

from .test_rules import BROKEN


def test_version_and_help(ea):
    assert ea("--version").output.startswith("ea, version ")
    out = ea("--help").output
    for command in ("validate", "stats", "query", "init", "schema"):
        assert command in out


def test_validate_clean_exits_0(ea, repo):
    result = ea("validate", "--strict", "--repo", repo())
    assert result.exit_code == 0, result.output
    assert "no problems found" in result.output


def test_validate_findings_exit_1_in_text_format(ea, repo):
    result = ea("validate", "--repo", repo(BROKEN["EA102"][0]))
    assert result.exit_code == 1
    line = next(x for x in result.output.splitlines() if "EA102" in x)
    assert line.startswith("layers/x.yaml:6: EA102 app-x accesses unknown element 'db-insurence'")
    assert line.endswith("(did you mean 'db-insurance'?)")


def test_warnings_exit_0_unless_strict(ea, repo):
    root = repo(BROKEN["EA108"][0])
    assert ea("validate", "--repo", root).exit_code == 0
    assert ea("validate", "--strict", "--repo", root).exit_code == 1


def test_usage_and_io_errors_exit_2(ea, tmp_path):
    assert ea("validate", "--repo", tmp_path).exit_code == 2
    assert "no ea.yaml" in ea("validate", "--repo", tmp_path).stderr
    assert ea("validate", "--format", "xml").exit_code == 2


def test_broken_manifest_exits_2_with_line(ea, repo):
    root = repo({"ea.yaml": "id: mini\nname: x\nframework: vneaf-9\n"})
    result = ea("validate", "--repo", root)
    assert result.exit_code == 2 and "unknown framework 'vneaf-9'" in result.stderr
    root = repo({"ea.yaml": "id: mini\nname: x\nframework: vneaf-2.0\nlanguage: [vi]\n"})
    result = ea("validate", "--repo", root)
    assert result.exit_code == 2 and "ea.yaml:4" in result.stderr


def test_json_format(ea, repo):
    result = ea("validate", "--format", "json", "--repo", repo(BROKEN["EA104"][0]))
    doc = result.json()
    assert result.exit_code == 1
    assert doc["errors"] >= 1
    p = next(p for p in doc["problems"] if p["code"] == "EA104")
    assert set(p) == {"file", "line", "code", "severity", "message", "hint"}
    assert (p["file"], p["line"]) == ("layers/x.yaml", 6)


def test_github_format(ea, repo):
    result = ea("validate", "--format", "github", "--repo", repo(BROKEN["EA103"][0]))
    assert "::error file=layers/x.yaml,line=3,title=EA103::element 'app-x': unknown kind 'platfrom'" in result.output


def test_repository_found_from_a_subfolder(ea, repo, monkeypatch):
    root = repo()
    monkeypatch.chdir(root / "layers")
    assert ea("validate", "--strict").exit_code == 0


def test_stats_json(ea, repo):
    doc = ea("stats", "--format", "json", "--repo", repo()).json()
    assert doc["elements"] == 8 and doc["relationships"] == 8
    assert doc["by_layer"] == {"application": 2, "business": 2, "data": 1, "motivation": 1, "security": 1,
                               "technology": 1}
    assert doc["by_plateau"] == {"baseline-2022": 7, "target-2030": 8}
    assert doc["by_type"]["application-component"] == 2
    assert doc["by_kind"]["data-centre"] == 1


def test_stats_text(ea, repo):
    out = ea("stats", "--repo", repo()).output
    assert "8 elements, 8 relationships" in out and "application" in out


def test_query_impact(ea, repo):
    result = ea("query", "impact", "db-insurance", "--format", "json", "--repo", repo())
    dependents = {d["id"]: d for d in result.json()["dependents"]}
    # the database is accessed by both applications; the collection app serves the function
    assert {"app-collection", "app-portal", "fn-collection"} <= set(dependents)
    assert [s["type"] for s in dependents["fn-collection"]["path"]] == ["access", "serving"]
    text = ea("query", "impact", "db-insurance", "--repo", repo()).output
    assert "db-insurance <-access- app-collection -serving-> fn-collection" in text


def test_query_impact_unknown_id(ea, repo):
    result = ea("query", "impact", "db-insurence", "--repo", repo())
    assert result.exit_code == 2 and "did you mean 'db-insurance'" in result.stderr


def test_query_path(ea, repo):
    result = ea("query", "path", "sec-firewall", "fn-collection", "--format", "json", "--repo", repo())
    path = result.json()["path"]
    assert [(s["from"], s["to"]) for s in path] == [
        ("sec-firewall", "dc-main"), ("dc-main", "app-collection"), ("app-collection", "fn-collection")]
    none = ea("query", "path", "doc-test", "fn-collection", "--repo", repo())
    assert none.exit_code == 1 and "no path" in none.output


def test_query_find(ea, repo):
    doc = ea("query", "find", "--type", "application-component", "--plateau", "baseline-2022",
             "--format", "json", "--repo", repo()).json()
    assert [e["id"] for e in doc] == ["app-collection"]
    doc = ea("query", "find", "--kind", "citizen-facing-application", "--format", "json", "--repo", repo()).json()
    assert [e["id"] for e in doc] == ["app-portal"]
    assert ea("query", "find", "--plateau", "nope", "--repo", repo()).exit_code == 2


def test_schema_validates_the_model_files(ea, repo):
    schema = json.loads(ea("schema", "--repo", repo()).output)
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors(plain(load_file(str(repo() / "layers/model.yaml"))))) == []
    assert list(validator.iter_errors({"elements": [{"id": "x", "name": "X", "kind": "nope"}]}))
    assert "platform" in json.dumps(schema)  # kinds of the framework pack are offered to editors
    assert schema == model_schema(load(repo()).framework)
    for part in ("manifest", "plateaus"):
        assert json.loads(ea("schema", "--for", part).output)["title"]


def test_kinds(ea, repo):
    out = ea("kinds", "--repo", repo()).output
    assert "citizen-facing-application" in out and "application-component" in out
    assert "DRM001.001" in ea("kinds", "--rm", "--repo", repo()).output


def test_init_creates_a_repository_that_passes_strict(ea, tmp_path):
    target = tmp_path / "so-y-te"
    result = ea("init", target, "--name-vi", "Sở Y tế: Hà Nội", "--name-en", "Department of Health")
    assert result.exit_code == 0, result.output + result.stderr
    assert (target / ".git").is_dir()
    for folder in ("layers/business", "layers/data", "layers/application", "layers/technology",
                   "layers/security", "layers/motivation", "viewpoints", "gap_analysis", "exports"):
        assert (target / folder).is_dir(), folder
    model = load(target)
    assert validate(model, strict=True) == []
    assert {el.layer for el in model.elements.values()} >= {"business", "data", "application", "technology",
                                                             "security", "motivation", "implementation"}
    assert model.manifest.id == "so-y-te" and model.framework.id == "vneaf-3.0"
    assert ea("validate", "--strict", "--repo", target).exit_code == 0


def test_init_refuses_a_non_empty_folder(ea, repo):
    root = repo()
    result = ea("init", root, "--name-vi", "X")
    assert result.exit_code == 2 and "not empty" in result.stderr
    assert not any(p.name.startswith(".ea-init") for p in root.parent.iterdir())


def test_init_with_every_framework(ea, tmp_path):
    for fw in ("vneaf-2.0", "vneaf-3.0", "vneaf-4.0"):
        assert ea("init", tmp_path / fw, "--framework", fw, "--name-vi", "Bộ X").exit_code == 0
        assert validate(load(tmp_path / fw), strict=True) == []


def test_init_names_schemas_git_commit_view_and_gap(ea, tmp_path, monkeypatch):
    import json
    import subprocess

    for who in ("AUTHOR", "COMMITTER"):  # CI machines have no git identity
        monkeypatch.setenv(f"GIT_{who}_NAME", "Kiến trúc sư")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "architect@example.org")

    target = tmp_path / "so-y-te"
    assert ea("init", target).exit_code == 2  # no names and no terminal to ask on
    result = ea("init", target, "--name-vi", "Sở Y tế Hà Nội", "--name-en", "Hanoi Department of Health",
                "--commit")
    assert result.exit_code == 0, result.stderr
    model = load(target)
    assert model.manifest.name == {"vi": "Sở Y tế Hà Nội", "en": "Hanoi Department of Health"}
    assert model.elements["org-agency"].name == {"vi": "Sở Y tế Hà Nội", "en": "Hanoi Department of Health"}
    for name, title in (("ea.schema.json", "model"), ("ea.manifest.schema.json", "manifest"),
                        ("ea.plateaus.schema.json", "plateaus")):
        schema = json.loads((target / name).read_text(encoding="utf-8"))
        assert schema["$schema"].startswith("https://json-schema.org/"), name
        assert title in json.dumps(schema.get("title", "")).lower() or schema.get("properties"), name
    for file in target.rglob("*.yaml"):
        line = file.read_text(encoding="utf-8").splitlines()[0]
        if "$schema=" in line:
            assert (file.parent / line.split("$schema=")[1]).is_file(), file
    log = subprocess.run(["git", "-C", str(target), "log", "--oneline"], capture_output=True, text=True)
    assert "ea init: Sở Y tế Hà Nội" in log.stdout
    status = subprocess.run(["git", "-C", str(target), "status", "--porcelain"], capture_output=True, text=True)
    assert status.stdout == ""
    assert ea("render", "--all", "--repo", target).exit_code == 0
    assert (target / "exports" / "diagrams" / "layered.svg").is_file()
    result = ea("gap", "--all-reports", "--repo", target)
    assert result.exit_code == 0, result.stderr
    assert (target / "gap_analysis" / "reports" / "baseline-target.vi.md").is_file()


def _commands(group, path=()):
    for name, cmd in sorted(group.commands.items()):
        yield (*path, name), cmd
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, (*path, name))


def test_every_help_page_has_an_example(ea):
    from ea_model.cli import main

    missing = [" ".join(path) for path, _ in _commands(main) if "Example" not in ea(*path, "--help").output]
    assert "Example" in ea("--help").output
    assert missing == []


def test_query_help_lists_every_subcommand(ea):
    out = ea("query", "--help").output
    assert all(name in out for name in ("impact", "path", "find", "sparql"))


def test_completion_of_views_plateaus_elements_and_reports(repo):
    from click.shell_completion import ShellComplete

    from ea_model.cli import main

    root = str(repo({"viewpoints/apps.yaml": "id: apps\ntitle: {vi: Ứng dụng}\nselect: {layers: [application]}\n",
                     "gap_analysis/reports/b-t.yaml": "id: b-t\ntitle: {vi: Khoảng cách}\nfrom: baseline-2022\n"
                                                      "to: target-2030\nstatus: draft\n"}))

    def complete(args, incomplete=""):
        return [c.value for c in ShellComplete(main, {}, "ea", "_EA_COMPLETE").get_completions(args, incomplete)]

    assert complete(["render", "--repo", root]) == ["apps"]
    assert complete(["render", "--repo", root, "--plateau"]) == ["baseline-2022", "target-2030"]
    assert complete(["gap", "--repo", root, "--from"], "tar") == ["target-2030"]
    assert complete(["gap", "--repo", root, "--report"]) == ["b-t"]
    assert complete(["query", "impact", "--repo", root], "app-") == ["app-collection", "app-portal"]
    assert complete(["render", "--repo", str(Path(root).parent / "elsewhere")]) == []
