"""Helpers of the hostile-input catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest


def snapshot(root: Path) -> dict[str, bytes]:
    """Every regular file under `root` (symlinks not followed) with its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink()}


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the repository that nothing may write into; assert `snapshot(outside) == {}` after."""
    path = tmp_path / "outside"
    path.mkdir()
    return path


def no_traceback(result) -> None:
    text = (result.output or "") + (result.stderr or "")
    assert "Traceback" not in text, text
