"""A load after some files changed builds only those again (ea_model/loader.py `_unchanged_builds`), and gives
exactly the model of a cold load of the same files: elements, duplicates, relationships, problems, line tables."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ea_model import loader
from ea_model.loader import load, open_snapshot

from .test_model_snapshot import (
    CHANGES,
    _bhxh_copy,
    _first_model_file,
    _same,
    _small,
)


@pytest.fixture(autouse=True)
def _sync(monkeypatch):
    monkeypatch.setenv("EA_SNAPSHOT_SYNC", "1")
    monkeypatch.delenv("EA_NO_CACHE", raising=False)


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The model files read (parsed or taken from the parse cache) by the loads of the test, each relative to its
    repository (BHXH's `nat:` dependency is loaded with it, without a snapshot of its own)."""
    seen: list[str] = []
    read = loader._read_model_file

    def counting(root, path, cache):
        seen.append(path.relative_to(root).as_posix())
        return read(root, path, cache)

    monkeypatch.setattr(loader, "_read_model_file", counting)
    return seen


def _cold(root: Path, monkeypatch):
    monkeypatch.setenv("EA_NO_CACHE", "1")
    model = load(root)
    monkeypatch.delenv("EA_NO_CACHE")
    return model


def _duplicate_in_an_earlier_file(root: Path) -> None:
    """An id the first application file defines, defined again in a new file that sorts before it: the new one is
    the element now, the old one the duplicate."""
    first = _first_model_file(root)
    (first.parent / "aaa-first.yaml").write_text(
        "elements:\n  - id: app-0\n    kind: specialised-application\n    name: {vi: Trước, en: Before}\n"
        "    source: {doc: doc-0, line: 1}\n", encoding="utf-8")


def _broken(root: Path) -> None:
    _first_model_file(root).write_text("elements:\n  - id: [broken\n", encoding="utf-8")


def _schema_problem(root: Path) -> None:
    path = _first_model_file(root)
    path.write_text(path.read_text(encoding="utf-8").replace("kind: specialised-application",
                                                             "kind: specialised-application\n    colour: 3", 1),
                    encoding="utf-8")


UPDATES = [*CHANGES, _duplicate_in_an_earlier_file, _broken, _schema_problem]


@pytest.mark.parametrize("change", UPDATES, ids=[c.__name__.strip("_") for c in UPDATES])
def test_a_load_after_a_change_is_a_cold_load(tmp_path, change, monkeypatch):
    root = _small(tmp_path)
    load(root)
    change(root)
    updated = load(root)
    assert updated.load_problems or change is not _broken
    _same(_cold(root, monkeypatch), updated)


def test_only_the_changed_file_is_read_again(tmp_path, reads):
    root = _small(tmp_path)
    load(root)
    files = len(reads)
    path = _first_model_file(root)
    path.write_text(path.read_text(encoding="utf-8").replace("en: Element app-0}", "en: Renamed}", 1),
                    encoding="utf-8")
    reads.clear()
    model = load(root)
    assert reads == [path.relative_to(root).as_posix()] and files > 5
    assert model.elements["app-0"].name["en"] == "Renamed"


def test_a_changed_manifest_reads_every_file_again(tmp_path, reads):
    root = _small(tmp_path)
    load(root)
    files = len(reads)
    with open(root / "ea.yaml", "a", encoding="utf-8") as fh:
        fh.write("# a comment\n")
    reads.clear()
    load(root)
    assert len(reads) == files


def test_most_files_changed_reads_every_file_again(tmp_path, reads):
    root = _small(tmp_path)
    load(root)
    files = sorted((root / "layers").rglob("*.yaml"))
    for path in files:
        path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    reads.clear()
    load(root)
    assert len(reads) == len(files)


def test_without_the_earlier_model_every_file_is_read(tmp_path, reads):
    root = _small(tmp_path)
    load(root)
    for path in open_snapshot(root).dir.glob("model-*.pickle"):
        path.unlink()  # its states file is still there
    path = _first_model_file(root)
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    reads.clear()
    load(root)
    assert len(reads) == len(list((root / "layers").rglob("*.yaml")))


def test_bhxh_reference_model_edited(tmp_path, monkeypatch, reads):
    """A reference model is added to the model at assembly: its codes and the elements citing them follow an
    edit of its file."""
    root = _bhxh_copy(tmp_path)
    load(root)
    brm = root / "layers" / "business" / "brm.yaml"
    text = brm.read_text(encoding="utf-8")
    brm.write_text(text.replace("reference_model:", "reference_model:\n  # edited", 1), encoding="utf-8")
    national = len(list((root / "examples" / "national").rglob("*.yaml")))  # read with it, no snapshot of its own
    reads.clear()
    updated = load(root)
    assert sorted(reads)[0] == "layers/business/brm.yaml" and len(reads) <= 1 + national
    _same(_cold(root, monkeypatch), updated)


def test_bhxh_file_removed_and_restored(tmp_path, monkeypatch):
    root = _bhxh_copy(tmp_path)
    load(root)
    path = sorted((root / "layers" / "application").glob("*.yaml"))[0]
    kept = tmp_path / "kept.yaml"
    shutil.move(path, kept)
    _same(_cold(root, monkeypatch), load(root))
    shutil.move(kept, path)
    _same(_cold(root, monkeypatch), load(root))


# `ea validate` after a change: the scoped rules (ea_model/rules/_scope.py) run again only on the files the change
# may affect, the findings about the others are the earlier ones; the result is a cold validation's, exactly.

FINDINGS = """elements:
  - id: zz-owned
    kind: specialised-application
    name: {vi: Có chủ, en: Owned}
    owner: fn-1
    source: {doc: fn-2}
    serves: [orgg-0]
    plateaus: [nowhere]
  - id: zz-text
    kind: specialised-application
    name: {vi: "Chữ\\u200b", en: Text}
    source: {doc: doc-0}
    replaces: [zz-text]
  - id: zz-baseline
    kind: specialised-application
    name: {vi: Hiện trạng, en: Baseline}
    source: {doc: doc-0}
    plateaus: [baseline]
    serves: [fn-1]
relationships:
  - {type: composition, from: db-0, to: fn-0}
"""


def _with_findings(tmp_path: Path) -> Path:
    root = _small(tmp_path)
    (root / "layers" / "zz-findings.yaml").write_text(FINDINGS, encoding="utf-8")
    return root


def _edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _owner_no_longer_a_function(root: Path) -> None:
    _edit(root, "layers/business/fn-0000.yaml", "  - id: fn-1\n    type: business-function",
          "  - id: fn-1\n    type: business-actor")


def _plateau_of_an_end(root: Path) -> None:
    _edit(root, "layers/business/fn-0000.yaml", "    plateaus: [target]\n    composed_of: [fn-17, fn-15]",
          "    plateaus: [baseline]\n    composed_of: [fn-17, fn-15]")


def _cited_element_becomes_a_document(root: Path) -> None:
    _edit(root, "layers/business/fn-0000.yaml", "  - id: fn-2\n    type: business-function",
          "  - id: fn-2\n    kind: legal-document")


def _closer_id_for_the_hint(root: Path) -> None:
    (root / "layers" / "application" / "near.yaml").write_text(
        "elements:\n  - id: orgg-1\n    kind: organisation-unit\n    name: {vi: Gần, en: Near}\n"
        "    source: {doc: doc-0}\n", encoding="utf-8")


def _organisations_removed(root: Path) -> None:
    (root / "layers" / "business" / "org-0000.yaml").unlink()


def _findings_file_fixed(root: Path) -> None:
    _edit(root, "layers/zz-findings.yaml", "    owner: fn-1\n", "")


def _duplicate_of_a_finding(root: Path) -> None:
    (root / "layers" / "application" / "aaa.yaml").write_text(
        "elements:\n  - id: zz-text\n    kind: specialised-application\n    name: {vi: Sạch, en: Clean}\n"
        "    source: {doc: doc-0}\n", encoding="utf-8")


VALIDATE_CHANGES = [*UPDATES, _owner_no_longer_a_function, _plateau_of_an_end, _cited_element_becomes_a_document,
                    _closer_id_for_the_hint, _organisations_removed, _findings_file_fixed, _duplicate_of_a_finding]


@pytest.mark.parametrize("strict", [False, True], ids=["default", "strict"])
@pytest.mark.parametrize("change", VALIDATE_CHANGES, ids=[c.__name__.strip("_") for c in VALIDATE_CHANGES])
def test_validate_after_a_change_is_a_cold_validate(tmp_path, change, strict, ea, monkeypatch):
    from ea_model import validation

    root = _with_findings(tmp_path)
    args = ["validate", "--format", "json", "--repo", root, *(["--strict"] if strict else [])]
    before = ea(*args)
    codes = {p["code"] for p in __import__("json").loads(before.output)["problems"]}
    assert {"EA102", "EA104", "EA106", "EA109", "EA111", "EA113", "EA116", "EA117"} <= codes
    change(root)
    since = []
    run = validation._findings_since
    monkeypatch.setattr(validation, "_findings_since", lambda *a: since.append(1) or run(*a))
    after = ea(*args)
    assert since or change.__name__ in ("_manifest", "_rule_config")  # those change what every finding means
    monkeypatch.setenv("EA_NO_CACHE", "1")
    cold = ea(*args)
    assert (after.exit_code, after.output) == (cold.exit_code, cold.output)
