"""Files are written whole or not at all, with the mode a plain open() would give."""

from __future__ import annotations

import os

import pytest

from ea_model.atomic import write_bytes, write_text


def test_new_files_follow_the_umask_and_existing_files_keep_their_mode(tmp_path):
    old = os.umask(0o022)
    try:
        path = write_text(tmp_path / "out" / "a.ttl", "x")
        assert path.stat().st_mode & 0o777 == 0o644
        path.chmod(0o600)
        write_text(path, "y")
        assert path.stat().st_mode & 0o777 == 0o600 and path.read_text() == "y"
    finally:
        os.umask(old)


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    path = write_text(tmp_path / "a.txt", "old")
    with pytest.raises(TypeError):
        write_bytes(path, "not bytes")  # type: ignore[arg-type]
    assert path.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
