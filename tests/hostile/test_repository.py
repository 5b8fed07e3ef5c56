"""Hostile repositories and output paths: manifests, model files and `--out` targets that try to make `ea`
read or write outside the repository, or crash it."""

from __future__ import annotations

import os
import random
import stat
import subprocess
import threading
from pathlib import Path

import pytest

from ea_model import load, validate

from .conftest import no_traceback, snapshot

SECRET = "root:x:0:0:TOP-SECRET-LINE:/root:/bin/bash\n"


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(root), "-c", "user.email=t@example.org", "-c", "user.name=t", *args],
                   check=True, capture_output=True)


# --- writing: --out onto links, devices, FIFOs, folders, a full disk -------------------------------------

def test_out_onto_a_symlink_writes_the_file_it_points_to(repo, ea, tmp_path):
    root = repo()
    real = tmp_path / "real.ttl"
    real.write_text("old")
    link = tmp_path / "link.ttl"
    link.symlink_to(real)
    result = ea("export", "rdf", "--repo", root, "--out", link)
    assert result.exit_code == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text().startswith("@prefix")


def test_out_onto_a_fifo_writes_through_it(repo, ea, tmp_path):
    root = repo()
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = ea("export", "rdf", "--repo", root, "--format", "ntriples", "--out", fifo)
    reader.join(timeout=30)
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert received and received[0].count(b"\n") > 10


def test_out_onto_dev_null_leaves_the_device(repo, ea):
    result = ea("export", "archimate", "--repo", repo(), "--out", "/dev/null")
    assert result.exit_code == 0, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


@pytest.mark.parametrize("args", [
    ("export", "rdf"), ("export", "shacl"), ("export", "archimate"),
    ("gap", "--from", "baseline-2022", "--to", "target-2030", "--format", "json"),
])
def test_dash_means_standard_output(repo, ea, args):
    root = repo()
    before = snapshot(root)
    result = ea(*args, "--repo", root, "--out", "-")
    assert result.exit_code == 0, result.stderr
    assert len(result.output) > 100
    assert snapshot(root) == before and not Path("-").exists()


def test_a_full_disk_is_one_line_and_exit_2(repo, ea):
    result = ea("export", "rdf", "--repo", repo(), "--out", "/dev/full")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: ") and "No space left" in result.stderr
    assert result.stderr.count("\n") == 1
    no_traceback(result)


@pytest.mark.parametrize("out", ["/proc/self", "."])
def test_out_onto_a_folder_is_refused(repo, ea, out):
    result = ea("export", "rdf", "--repo", repo(), "--out", out)
    assert result.exit_code == 2 and "folder" in result.stderr
    no_traceback(result)


def test_a_failed_write_keeps_the_old_output_and_no_temporary(repo, ea, tmp_path):
    root = repo()
    out = tmp_path / "model.ttl"
    out.write_text("previous")
    broken = root / "layers" / "broken.yaml"
    broken.write_text("elements: [\n")
    result = ea("export", "rdf", "--repo", root, "--out", out)
    assert result.exit_code == 1
    assert out.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".model.ttl")] == []


# --- the manifest: folders and files outside the repository -------------------------------------------------

@pytest.mark.parametrize(("key", "value"), [
    ("folders", "{exports: OUTSIDE/exports}"),
    ("folders", "{exports: ../outside}"),
    ("folders", "{model: [layers, ../../etc]}"),
    ("folders", "{viewpoints: /etc}"),
    ("plateaus", "OUTSIDE/plateaus.yaml"),
    ("plateaus", "../outside/plateaus.yaml"),
])
def test_manifest_paths_outside_the_repository_are_refused(repo, ea, outside, key, value):
    root = repo()
    manifest = root / "ea.yaml"
    text = manifest.read_text()
    value = value.replace("OUTSIDE", str(outside))  # an absolute path
    (outside / "plateaus.yaml").write_text("root:x: TOP-SECRET\n")
    if key == "plateaus":
        text = text.replace("plateaus: gap_analysis/plateaus.yaml", f"plateaus: {value}")
    else:
        text += f"folders: {value}\n"
    manifest.write_text(text)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith(key))
    for command in (("validate",), ("render", "--all"), ("gap", "--from", "baseline-2022", "--to", "target-2030")):
        result = ea(*command, "--repo", root)
        assert result.exit_code == 2, (command, result.stderr)
        assert result.stderr.startswith(f"error: ea.yaml:{line}: ") and "outside the repository" in result.stderr
        assert "root:x" not in result.stderr
    assert snapshot(outside) == {"plateaus.yaml": b"root:x: TOP-SECRET\n"}


@pytest.mark.parametrize("code", ["EA001", "EA004"])
def test_load_errors_cannot_be_disabled_or_downgraded(repo, ea, code):
    for rules in (f"{{disable: [{code}]}}", f"{{severity: {{{code}: warning}}}}"):
        root = repo({"layers/broken.yaml": "elements: [\n"})
        manifest = root / "ea.yaml"
        manifest.write_text(manifest.read_text() + f"rules: {rules}\n")
        result = ea("validate", "--strict", "--repo", root)
        assert result.exit_code == 2 and f"cannot change {code}" in result.stderr


# --- reading: symlinks out of the repository -----------------------------------------------------------------

@pytest.mark.parametrize("where", ["layers/secret.yaml", "viewpoints/secret.yaml", "gap_analysis/plateaus.yaml"])
def test_a_symlink_to_outside_is_refused_by_name_and_never_echoed(repo, ea, outside, where):
    root = repo()
    secret = outside / "shadow"
    secret.write_text(SECRET)
    link = root / where
    link.parent.mkdir(parents=True, exist_ok=True)
    link.unlink(missing_ok=True)
    link.symlink_to(secret)
    for fmt in ("text", "github", "json"):
        result = ea("validate", "--repo", root, "--format", fmt)
        assert result.exit_code == 1
        assert "TOP-SECRET" not in result.output + result.stderr
        assert where in result.output and "outside the repository" in result.output


def test_a_symlink_inside_the_repository_is_fine(repo, ea):
    root = repo()
    (root / "shared").mkdir()
    (root / "layers" / "model.yaml").rename(root / "shared" / "model.yaml")
    (root / "layers" / "model.yaml").symlink_to(root / "shared" / "model.yaml")
    assert ea("validate", "--strict", "--repo", root).exit_code == 0


def test_a_framework_pack_outside_the_repository_is_refused(repo, ea, tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "framework.yaml").write_text("id: x\n")
    root = repo()
    manifest = root / "ea.yaml"
    manifest.write_text(manifest.read_text().replace("framework: vneaf-2.0", "framework: ../pack"))
    result = ea("validate", "--repo", root)
    assert result.exit_code == 2 and "outside the repository" in result.stderr


# --- ids and names: control characters, collisions, length -----------------------------------------------

ESCAPE_ID = """\
elements:
  - id: "app-\\e[31mred\\e[0m"
    kind: platform
    name: {vi: X}
    source: {doc: doc-test}
"""


def test_an_id_with_terminal_escapes_is_reported_escaped(repo, ea):
    result = ea("validate", "--repo", repo({"layers/x.yaml": ESCAPE_ID}))
    assert result.exit_code == 1
    assert "\x1b" not in result.output + result.stderr
    assert "layers/x.yaml:2: EA100" in result.output and "\\x1b" in result.output


@pytest.mark.parametrize("char", ["\u202e", "\u200b", "\x07"])
def test_invisible_characters_in_names_are_findings(repo, ea, char):
    text = 'elements:\n  - id: app-x\n    kind: platform\n    name: {vi: "Cổng' + char + ' X"}\n' \
           "    source: {doc: doc-test}\n    serves: [fn-collection]\n"
    if char == "\x07":  # YAML itself refuses C0 controls: the syntax error names the line
        text = text.replace("\x07", "\\a")
    result = ea("validate", "--repo", repo({"layers/x.yaml": text}))
    assert result.exit_code == 1
    assert "layers/x.yaml:4: EA113" in result.output
    assert char not in result.output


@pytest.mark.parametrize("other", ["App-Collection", "app-cоllection"])  # the second has a Cyrillic о
def test_ids_that_fold_together_are_findings(repo, ea, other):
    text = f"elements:\n  - id: {other}\n    kind: platform\n    name: {{vi: X}}\n    source: {{doc: doc-test}}\n"
    result = ea("validate", "--repo", repo({"layers/x.yaml": text}))
    assert result.exit_code == 1
    assert "layers/x.yaml:2: EA114" in result.output or "layers/x.yaml:2: EA100" in result.output


def test_a_ten_thousand_character_id_is_a_short_finding(repo, ea):
    text = "elements:\n  - id: " + "a" * 10_000 + "\n    kind: platform\n    name: {vi: X}\n" \
           "    source: {doc: doc-test}\n"
    root = repo({"layers/x.yaml": text, "viewpoints/long.yaml": "id: " + "v" * 10_000 + "\ntitle: {vi: V}\n"
                 "select: {layers: [application]}\n"})
    result = ea("validate", "--repo", root)
    assert result.exit_code == 1
    assert "over the 120-character limit" in result.output
    assert max(len(line) for line in result.output.splitlines()) < 600


# --- faults: the cache, git revisions, init, YAML ------------------------------------------------------------

def test_a_corrupted_cache_never_changes_a_result(repo, tmp_path, monkeypatch):
    root = repo()
    cache = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    expected = validate(load(root), strict=True)
    entries = sorted(cache.rglob("*.pickle"))
    assert entries
    rng = random.Random(7)
    for round_ in range(30):
        for entry in entries:
            data = bytearray(entry.read_bytes())
            if round_ % 3 == 0:
                data = data[: rng.randrange(len(data))]
            else:
                for _ in range(rng.randint(1, 8)):
                    data[rng.randrange(len(data))] = rng.randrange(256)
            entry.write_bytes(bytes(data))
        assert validate(load(root), strict=True) == expected


def test_gap_from_a_revision_with_an_empty_tree_or_an_outside_link(repo, ea, outside):
    root = repo()
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "model")
    (root / "layers" / "link.yaml").symlink_to("/etc/passwd")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "link")
    result = ea("gap", "--repo", root, "--from-rev", "HEAD")
    assert result.exit_code == 2 and "links outside the repository" in result.stderr
    assert "root:x" not in result.stderr
    _git(root, "rm", "-rq", ".")
    _git(root, "commit", "-qm", "empty")
    empty = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    _git(root, "checkout", "-q", "HEAD~2", "--", ".")
    result = ea("gap", "--repo", root, "--from-rev", empty.strip())
    assert result.exit_code == 2 and "has no ea.yaml" in result.stderr
    no_traceback(result)


@pytest.mark.parametrize("rev", ["--output=OUTSIDE/rev", "HEAD;touch x", "$(id)"])
def test_git_revision_injection_is_refused(repo, ea, outside, rev):
    root = repo()
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "model")
    result = ea("gap", "--repo", root, "--from-rev", rev.replace("OUTSIDE", str(outside)))
    assert result.exit_code == 2 and "unknown revision" in result.stderr
    assert snapshot(outside) == {} and not (root / "x").exists()


def test_init_onto_an_existing_file(ea, tmp_path):
    target = tmp_path / "afile"
    target.write_text("keep")
    result = ea("init", target, "--name-vi", "Sở Y tế")
    assert result.exit_code == 2 and "is not a folder" in result.stderr
    assert target.read_text() == "keep"


def test_a_nul_byte_is_reported_at_its_line(repo, ea):
    result = ea("validate", "--repo", repo({"layers/x.yaml": "elements:\n  - id: x\x00\n"}))
    assert result.exit_code == 1
    assert "layers/x.yaml:2: EA001 character U+0000 is not allowed in YAML" in result.output


def test_a_tab_in_indentation_says_so(repo, ea):
    result = ea("validate", "--repo", repo({"layers/x.yaml": "elements:\n  - id: x\n\tkind: platform\n"}))
    assert "layers/x.yaml:3: EA001 YAML syntax error: tab character: YAML indents with spaces" in result.output


def test_a_syntax_error_comes_before_the_errors_it_causes(repo, ea):
    root = repo()
    model = root / "layers" / "model.yaml"
    model.write_text(model.read_text() + "  - id: [broken\n")
    lines = ea("validate", "--repo", root).output.splitlines()
    assert lines[0].startswith("layers/model.yaml:") and " EA001 " in lines[0]


@pytest.mark.parametrize(("name", "text"), [
    ("alias bomb", "a: &a [" + ",".join(["x"] * 400) + "]\nb: [" + ",".join(["*a"] * 400) + "]\n"),
    ("deep nesting", "a: " + "[" * 5000 + "]" * 5000 + "\n"),
    ("python tag", "elements:\n  - !!python/object/apply:os.system ['touch OUTSIDE/tag']\n"),
    ("merge-key bomb", "a: &a {x: 1}\n" + "".join(f"b{i}: &b{i} {{<<: [*a]}}\n" for i in range(50))),
    ("binary", "\x89PNG\r\n\x1a\n"),
])
def test_hostile_yaml_is_one_finding(repo, ea, outside, name, text):
    result = ea("validate", "--repo", repo({"layers/x.yaml": text.replace("OUTSIDE", str(outside))}))
    assert result.exit_code == 1, name
    assert "layers/x.yaml:" in result.output
    assert snapshot(outside) == {}


@pytest.mark.parametrize("rid", ['"../../outside/x"', "a" * 300])
def test_a_report_id_cannot_name_a_file_outside(repo, ea, outside, rid):
    root = repo({"gap_analysis/reports/r.yaml": f"id: {rid}\ntitle: {{vi: R}}\nfrom: baseline-2022\n"
                                                "to: target-2030\nstatus: draft\n"})
    result = ea("gap", "--all-reports", "--repo", root)
    assert result.exit_code == 2 and "gap_analysis/reports/r.yaml" in result.stderr
    no_traceback(result)
    assert snapshot(outside) == {} and not (root.parent / "outside" / "x.vi.md").exists()
