"""The model snapshot (ea_model/model_snapshot.py): a warm load gives exactly the model and findings of a cold one,
and any change to any input file gives a cold load again."""

from __future__ import annotations

import os
import shutil
import sys
import time
from dataclasses import fields, is_dataclass, replace
from pathlib import Path

import pytest

from ea_model.loader import load, open_snapshot
from ea_model.model_snapshot import _picklable
from ea_model.validation import validate
from ea_model.yamlload import Map, Seq

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
from generate import generate  # noqa: E402


@pytest.fixture(autouse=True)
def _sync(monkeypatch):
    """Write snapshots in this process, so that the next load is sure to find them."""
    monkeypatch.setenv("EA_SNAPSHOT_SYNC", "1")
    monkeypatch.delenv("EA_NO_CACHE", raising=False)


def _bhxh_copy(tmp_path: Path) -> Path:
    root = tmp_path / "bhxh"
    root.mkdir()
    shutil.copy(REPO_ROOT / "ea.yaml", root / "ea.yaml")
    for folder in ("layers", "gap_analysis", "viewpoints", "examples"):
        shutil.copytree(REPO_ROOT / folder, root / folder)
    return root


def _same(cold, warm) -> None:
    assert warm is not None, "no snapshot was read"
    assert warm is not cold
    # A framework compares by identity (validators are cached per loaded pack): compare its fields.
    assert vars(warm.framework) == vars(cold.framework)
    assert replace(warm, framework=cold.framework) == cold
    # Equality of Map/Seq ignores their line tables: compare those too, everywhere.
    assert _shape(_picklable(warm)) == _shape(_picklable(cold))
    assert validate(warm, strict=True) == validate(cold, strict=True)


def _shape(value, seen: dict | None = None):
    """`value` with every Map/Seq's line and line table, and every object's type, made part of its value.
    Shared objects (an element's name is also in its raw mapping) are shaped once."""
    kind = type(value)
    if kind is str:
        return value
    if kind in (int, float, bool, type(None)):
        return kind.__name__, value
    seen = {} if seen is None else seen
    if id(value) in seen:
        return seen[id(value)]
    if isinstance(value, Map | Seq):
        items = value.items() if isinstance(value, Map) else enumerate(value)
        shape = kind.__name__, value.line, _shape(value.lines, seen), [(k, _shape(v, seen)) for k, v in items]
    elif isinstance(value, dict):
        shape = [(_shape(k, seen), _shape(v, seen)) for k, v in value.items()]
    elif isinstance(value, list | tuple):
        shape = kind.__name__, [_shape(v, seen) for v in value]
    elif is_dataclass(value):
        shape = kind.__name__, [(f.name, _shape(getattr(value, f.name), seen)) for f in fields(value)]
    elif hasattr(value, "__dict__") and not isinstance(value, type):
        shape = kind.__name__, _shape(vars(value), seen)
    else:
        shape = kind.__name__, value
    seen[id(value)] = shape
    return shape


def _cold_then_warm(root: Path):
    cold = load(root)
    return cold, open_snapshot(root).model()


def test_warm_bhxh_is_the_cold_bhxh(tmp_path):
    root = _bhxh_copy(tmp_path)
    cold, warm = _cold_then_warm(root)
    assert len(cold.elements) > 100 and cold.dependencies  # the real thing, with its `nat:` dependency
    _same(cold, warm)
    again = load(root)  # load() itself takes the warm path now
    assert replace(again, framework=cold.framework) == cold


def _small(tmp_path: Path) -> Path:
    return generate(300, tmp_path / "repo")


def _first_model_file(root: Path) -> Path:
    return sorted((root / "layers" / "application").glob("*.yaml"))[0]


def _content_same_size_same_mtime(root: Path) -> None:
    path = _first_model_file(root)
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    changed = text.replace("en: Element app-0}", "en: Element app-9}", 1)
    assert changed != text and len(changed) == len(text)
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # only the hash can tell


def _touch(root: Path) -> None:
    path = _first_model_file(root)
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def _add(root: Path) -> None:
    (root / "layers" / "application" / "zz-new.yaml").write_text(
        "elements:\n  - id: app-new\n    kind: specialised-application\n    name: {vi: Mới, en: New}\n"
        "    source: {doc: doc-0, line: 1}\n", encoding="utf-8")


def _remove(root: Path) -> None:
    _first_model_file(root).unlink()


def _manifest(root: Path) -> None:
    path = root / "ea.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Synthetic architecture", "Synthetic EA"),
                    encoding="utf-8")


def _rule_config(root: Path) -> None:
    with open(root / "ea.yaml", "a", encoding="utf-8") as fh:
        fh.write("rules:\n  disable: [EA116]\n")


def _plateaus(root: Path) -> None:
    with open(root / "gap_analysis" / "plateaus.yaml", "a", encoding="utf-8") as fh:
        fh.write("  - {id: middle, name: {vi: Giữa, en: Middle}, date: '2026-01-01', source: {doc: doc-0}}\n")


def _viewpoint(root: Path) -> None:
    (root / "viewpoints").mkdir(exist_ok=True)
    (root / "viewpoints" / "v.yaml").write_text("id: v\ntitle: {vi: V, en: V}\nselect: {layer: application}\n",
                                                encoding="utf-8")


CHANGES = [_content_same_size_same_mtime, _touch, _add, _remove, _manifest, _rule_config, _plateaus, _viewpoint]


@pytest.mark.parametrize("change", CHANGES, ids=[c.__name__.strip("_") for c in CHANGES])
def test_any_change_invalidates_the_snapshot(tmp_path, change, monkeypatch):
    root = _small(tmp_path)
    load(root)
    snap = open_snapshot(root)
    snap.keep_findings(False, validate(snap.model()), {})
    assert snap.model() is not None and snap.findings(False) is not None
    change(root)
    after = open_snapshot(root)
    assert after.key != snap.key
    assert after.model() is None and after.findings(False) is None
    warm_after_change = load(root)
    monkeypatch.setenv("EA_NO_CACHE", "1")
    fresh = load(root)
    assert replace(warm_after_change, framework=fresh.framework) == fresh


def test_a_dependency_change_invalidates_the_dependent(tmp_path):
    root = _bhxh_copy(tmp_path)
    load(root)
    key = open_snapshot(root).key
    national = next((root / "examples" / "national").rglob("*.yaml"))
    national.write_text(national.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert open_snapshot(root).key != key


def test_a_damaged_snapshot_is_not_trusted(tmp_path):
    root = _small(tmp_path)
    load(root)
    snap = open_snapshot(root)
    path = snap._path("model")
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    assert snap.model() is None


def test_validate_answers_from_the_findings_it_kept(tmp_path, ea):
    root = _small(tmp_path)
    first = ea("validate", "--strict", "--format", "json", "--repo", root)
    assert open_snapshot(root).findings(True) is not None
    second = ea("validate", "--strict", "--format", "json", "--repo", root)
    assert (second.exit_code, second.output) == (first.exit_code, first.output)
    _touch(root)
    assert open_snapshot(root).findings(True) is None


def test_no_cache_means_no_snapshot(tmp_path, monkeypatch):
    monkeypatch.setenv("EA_NO_CACHE", "1")
    assert open_snapshot(_small(tmp_path)) is None


def test_gap_counts_the_findings_validate_kept(tmp_path):
    from ea_model.gap import side_info
    from ea_model.model_snapshot import slot_of
    from ea_model.problems import ERROR, Problem

    root = _small(tmp_path)
    model = load(root)
    slot = slot_of(model)
    assert slot is not None and slot.key == open_snapshot(root).key
    assert side_info(model).errors == 0  # found now, and kept
    assert slot.findings(False) is not None
    kept = [Problem("layers/x.yaml", 1, "EA100", ERROR, "kept", "fix")]
    slot.keep_findings(False, kept, {})
    assert side_info(model).errors == 1  # read back, not found again


def test_the_parse_cache_is_written_after_the_load(tmp_path, monkeypatch):
    from ea_model.cache import ParseCache

    root = _small(tmp_path)
    load(root)
    entries = list(ParseCache(root).dir.iterdir())
    assert len(entries) == len(list((root / "layers").rglob("*.yaml")))
    monkeypatch.delenv("EA_SNAPSHOT_SYNC")
    shutil.rmtree(ParseCache(root).dir)
    shutil.rmtree(open_snapshot(root).dir)  # else only the touched file is read again
    _touch(root)
    load(root)  # the snapshot and the parse cache are written by a detached child: wait for it
    for _ in range(200):
        if ParseCache(root).dir.is_dir() and len(list(ParseCache(root).dir.glob("*.pickle"))) == len(entries):
            break
        time.sleep(0.05)
    assert len(list(ParseCache(root).dir.glob("*.pickle"))) == len(entries)
    assert open_snapshot(root).model() is not None


def test_a_cold_load_through_the_fast_path_is_the_same_as_through_our_reader(tmp_path, monkeypatch):
    from ea_model import yamlfast

    root = generate(3000, tmp_path / "repo")
    files = sorted((root / "layers").rglob("*.yaml"))
    files[-1].write_text("elements:\n  - id: [broken\n", encoding="utf-8")
    files[-2].write_text("elements:\n  - id: a\n    id: b\n", encoding="utf-8")
    monkeypatch.setenv("EA_NO_CACHE", "1")
    fast = load(root)
    assert {p.code for p in fast.load_problems} >= {"EA001", "EA002"}
    monkeypatch.setattr(yamlfast, "_fast", lambda text, path: (_ for _ in ()).throw(yamlfast._NotFast))
    ours = load(root)
    assert replace(fast, framework=ours.framework) == ours
    assert _shape(fast.elements) == _shape(ours.elements) and fast.load_problems == ours.load_problems


def test_rules_run_in_two_processes_find_the_same(tmp_path, monkeypatch):
    from ea_model import forked, validation

    root = _bhxh_copy(tmp_path)
    with open(root / "layers" / "zz-broken.yaml", "w", encoding="utf-8") as fh:  # findings of several rules
        fh.write("elements:\n  - id: zz-a\n    kind: nope\n    name: A\n    serves: [zz-missing]\n")
    model = load(root)
    started = []
    real = forked.start
    monkeypatch.setattr(forked, "start", lambda work: started.append(1) or real(work))
    monkeypatch.setattr(validation, "PARALLEL_FROM", 0)
    two = validate(model, strict=True)
    assert started and len({p.code for p in two}) >= 3
    monkeypatch.setattr(validation, "PARALLEL_FROM", 10**9)
    assert validate(model, strict=True) == two


def test_a_process_with_threads_writes_the_snapshot_itself(tmp_path, monkeypatch):
    import os
    import threading

    root = _small(tmp_path)
    monkeypatch.delenv("EA_SNAPSHOT_SYNC")
    monkeypatch.setattr(os, "fork", lambda: pytest.fail("forked with a thread running"))
    stop = threading.Event()
    watcher = threading.Thread(target=stop.wait)
    watcher.start()
    try:
        load(root)
    finally:
        stop.set()
        watcher.join()
    assert open_snapshot(root).model() is not None


def test_a_link_out_of_the_repository_is_not_read_for_the_key(tmp_path, monkeypatch):
    root = _small(tmp_path)
    outside = tmp_path / "secret.yaml"
    outside.write_text("elements: []\n", encoding="utf-8")
    (root / "layers" / "linked.yaml").symlink_to(outside)
    read: list[Path] = []
    read_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self) or read_bytes(self))
    key = open_snapshot(root).key
    assert read and all(path.resolve() != outside.resolve() for path in read)
    outside.write_text("elements: []\n# more\n", encoding="utf-8")
    assert open_snapshot(root).key != key  # its size and mtime stand for it
    assert any(p.code == "EA001" for p in load(root).load_problems)
