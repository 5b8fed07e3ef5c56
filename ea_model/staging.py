"""Build a set of files in a folder beside their target, then move them in: a failure leaves the target as
it was, never half of a new set (`ea site`, `ea render`).

The folder is `.NAME.building-XXXX` beside the target NAME, locked (an `flock` on `.NAME.building-XXXX.lock`)
for as long as the build runs. A run killed before it could clean up leaves it behind; the next build of
the same target removes every such folder whose lock nobody holds (a build running at the same time holds
its lock, so its folder is kept).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .atomic import write_bytes

try:
    import fcntl
except ImportError:  # not POSIX: folders left by a crash are kept (nothing tells a crash from a running build)
    fcntl = None  # type: ignore[assignment]


def _prefixes(target: Path) -> tuple[str, str]:
    return f".{target.name}.building-", f".{target.name}.old-"


def _locked(path: Path) -> bool:
    """Whether a running build holds the lock of `path` (a folder without a lock file is nobody's)."""
    lock = path.with_name(path.name + ".lock")
    if fcntl is None:
        return True
    try:
        fd = os.open(lock, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return True
    finally:
        os.close(fd)
    return False


def remove_stale(target: Path) -> list[Path]:
    """Remove what crashed builds of `target` left beside it; returns what was removed."""
    removed = []
    if not target.parent.is_dir():
        return removed
    for path in sorted(target.parent.iterdir()):
        if not path.name.startswith(_prefixes(target)) or path.name.endswith(".lock"):
            continue
        if path.is_symlink() or not path.is_dir() or _locked(path):
            continue
        shutil.rmtree(path, ignore_errors=True)
        path.with_name(path.name + ".lock").unlink(missing_ok=True)
        removed.append(path)
    for lock in target.parent.glob(f"{_prefixes(target)[0]}*.lock"):
        if not lock.with_suffix("").exists() and not _locked(lock.with_suffix("")):
            lock.unlink(missing_ok=True)
    return removed


@contextlib.contextmanager
def staging(target: Path) -> Iterator[Path]:
    """A new, locked folder beside `target` to build into; removed when the block ends (after the caller
    moved its content in, or on any failure)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale(target)
    # the lock first, then the folder it names: another build never sees the folder unlocked
    fd, lock_name = tempfile.mkstemp(dir=target.parent, prefix=_prefixes(target)[0], suffix=".lock")
    lock = Path(lock_name)
    tmp = lock.with_suffix("")
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.chmod(lock, 0o644)
        if tmp.is_dir() and not tmp.is_symlink():  # a crashed build's, which had the same name: no lock file was left
            shutil.rmtree(tmp)
        tmp.mkdir()
        os.chmod(tmp, 0o755)  # mkdtemp-like privacy would hide the output from colleagues
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        lock.unlink(missing_ok=True)
        os.close(fd)


def move_in(staged: Path, target: Path) -> None:
    """Move a staged file to `target`, replacing it in one step; a target that is a symlink or not a
    regular file (a device, a FIFO) is written through instead, as `atomic.write_bytes` does."""
    try:
        mode = os.lstat(target).st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        write_bytes(target, staged.read_bytes())
        return
    if mode is not None:
        os.chmod(staged, mode & 0o777)
    os.replace(staged, target)
