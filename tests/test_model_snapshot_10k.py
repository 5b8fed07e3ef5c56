"""The model snapshot at scale: a generated 10,000-element repository read back warm is the cold one (slow: the
exhaustive comparison walks every line table of the model)."""

from __future__ import annotations

import pytest

from .test_model_snapshot import _cold_then_warm, _same, generate


@pytest.fixture(autouse=True)
def _sync(monkeypatch):
    monkeypatch.setenv("EA_SNAPSHOT_SYNC", "1")
    monkeypatch.delenv("EA_NO_CACHE", raising=False)


def test_warm_generated_10k_is_the_cold_one(tmp_path):
    root = generate(10_000, tmp_path / "repo")
    cold, warm = _cold_then_warm(root)
    assert len(cold.elements) == 10_000
    _same(cold, warm)
