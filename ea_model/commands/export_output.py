"""Where an export's bytes go as they are made (not a command): standard output, or a file replaced whole.

The rules are those of `atomic.write_bytes` (docs/security.md): a temporary file beside the target, renamed
over it once complete, so a failed export leaves the old file; a device or FIFO (`/dev/stdout`) written
through, never replaced; a symlink followed, so the link stays. An export of 100,000 elements is hundreds of
megabytes: writing it as it is made keeps it out of memory.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def output(out: Path | None) -> Iterator[BinaryIO]:
    """A binary stream to standard output (`out` None or `-`) or to the file `out`, in place once the block
    ends without an error."""
    if out is None or str(out) == "-":
        sys.stdout.flush()
        buffer = getattr(sys.stdout, "buffer", None)
        if buffer is None:  # a text-only stdout (click's test runner without bytes): collected, then echoed
            import io

            import click

            data = io.BytesIO()
            yield data
            click.echo(data.getvalue().decode("utf-8"), nl=False)
            return
        yield buffer
        buffer.flush()
        return
    path = Path(out)
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
        os.chmod(tmp, _mode(target, mode))
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode(path: Path, mode: int | None) -> int:
    """The mode a plain open() would give: mkstemp's 0600 would hide exports from colleagues."""
    if mode is not None:
        return mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
