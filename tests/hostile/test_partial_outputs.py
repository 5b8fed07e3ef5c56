"""Builds that fail or are killed half-way: `ea render --all` leaves the previous diagrams as they were (never
half old, half new), and the folders a killed `ea site` or `ea render` left beside its output are removed by
the next run, unless a build running at the same time holds them (issue 12.13)."""

from __future__ import annotations

import fcntl
import os

import graphviz
import pytest

from ..site_fixture import EXTRA
from ..test_render import VIEWS
from .conftest import no_traceback, snapshot


@pytest.fixture
def root(repo):
    return repo({**VIEWS, **EXTRA})


def _fail_on_call(monkeypatch, n: int) -> None:
    """graphviz fails on its n-th drawing (a crash of `dot`, a full disk under its output...)."""
    pipe = graphviz.Source.pipe
    calls = []

    def failing(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == n:
            raise graphviz.CalledProcessError(1, ["dot"], output=b"", stderr=b"dot: out of memory")
        return pipe(self, *args, **kwargs)

    monkeypatch.setattr(graphviz.Source, "pipe", failing)


def test_render_all_failing_half_way_leaves_the_previous_diagrams(root, ea, tmp_path, monkeypatch):
    out = tmp_path / "diagrams"
    assert ea("render", "--all", "--repo", root, "--out", out).exit_code == 0
    previous = snapshot(out)
    assert len(previous) >= 2
    model = root / "layers/model.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("en: Firewall}", "en: New firewall}"),
                     encoding="utf-8")
    _fail_on_call(monkeypatch, 2)
    result = ea("render", "--all", "--lang", "en", "--repo", root, "--out", out)
    no_traceback(result)
    assert result.exit_code == 2 and "out of memory" in result.stderr
    assert snapshot(out) == previous  # nothing new, nothing half-written
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diagrams", "repo"]  # no staging folder left


def test_render_moves_a_whole_set_in_and_keeps_other_files(root, ea, tmp_path):
    out = tmp_path / "diagrams"
    out.mkdir()
    (out / "README.txt").write_text("kept", encoding="utf-8")
    result = ea("render", "--all", "--lang", "en", "--repo", root, "--out", out)
    assert result.exit_code == 0, result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert "README.txt" in names and all(n.endswith(".en.svg") for n in names if n != "README.txt")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diagrams", "repo"]


def _leftovers(parent, name: str) -> list:
    """What a build killed with SIGKILL leaves: its staging folder (some pages written) and, for a site
    killed while swapping, the old site's folder."""
    stale = [parent / f".{name}.building-k1ll3d", parent / f".{name}.old-k1ll3d"]
    for path in stale:
        (path / "en").mkdir(parents=True)
        (path / "en" / "index.html").write_text("half", encoding="utf-8")
    return stale


def test_site_removes_what_a_killed_build_left(root, ea, tmp_path, outside):
    out = tmp_path / "site"
    stale = _leftovers(tmp_path, "site")
    (tmp_path / ".elsewhere.building-k1ll3d").mkdir()  # another target's: not ours to remove
    result = ea("site", "--repo", root, "--out", out)
    no_traceback(result)
    assert result.exit_code == 0, result.stderr
    assert not any(p.exists() for p in stale)
    assert (tmp_path / ".elsewhere.building-k1ll3d").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == [".elsewhere.building-k1ll3d", "outside", "repo", "site"]
    assert snapshot(outside) == {}


def test_render_removes_what_a_killed_render_left(root, ea, tmp_path):
    out = tmp_path / "diagrams"
    stale = _leftovers(tmp_path, "diagrams")
    assert ea("render", "--all", "--repo", root, "--out", out).exit_code == 0
    assert not any(p.exists() for p in stale)


def test_a_build_running_at_the_same_time_keeps_its_folder(root, ea, tmp_path):
    out = tmp_path / "site"
    running = tmp_path / ".site.building-running"
    running.mkdir()
    lock = os.open(tmp_path / ".site.building-running.lock", os.O_WRONLY | os.O_CREAT, 0o644)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)  # as the other build holds it
        assert ea("site", "--repo", root, "--out", out).exit_code == 0
        assert running.is_dir()
    finally:
        os.close(lock)
    assert ea("site", "--repo", root, "--out", out).exit_code == 0  # once it is gone: removed
    assert not running.exists() and not (tmp_path / ".site.building-running.lock").exists()
