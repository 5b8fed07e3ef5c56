"""Write files whole or not at all: to a temporary file beside the target, then rename.

A target that is not a regular file (a device such as /dev/null or /dev/stdout, a FIFO) is written through,
never replaced; a symlink is followed and the file it points to is replaced, so the link stays.
"""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def writing(path: str | Path) -> Iterator[BinaryIO]:
    """A binary stream whose bytes become the file `path` once the block ends without an error: an export of
    100,000 elements is hundreds of megabytes, written as it is made rather than held in memory."""
    path = Path(path)
    target = path.resolve() if path.is_symlink() else path
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise IsADirectoryError(21, "is a folder: give a file name", str(path))
    if mode is not None and not stat.S_ISREG(mode):
        with open(target, "wb") as fh:
            yield fh
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            yield fh
        os.chmod(tmp, _mode(mode))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_bytes(path: str | Path, data: bytes) -> Path:
    with writing(path) as fh:
        fh.write(data)
    return Path(path)


def _mode(mode: int | None) -> int:
    """The mode the file would get from a plain open(): mkstemp's 0600 would hide exports from colleagues."""
    if mode is not None:
        return mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_text(path: str | Path, text: str) -> Path:
    return write_bytes(path, text.encode("utf-8"))
