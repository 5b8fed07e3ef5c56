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
