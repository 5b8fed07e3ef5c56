"""Reading input whose size nobody checked: an import file may be a 2 GB sparse file, /dev/zero or a pipe
that never ends. The size is refused before the bytes are read: a regular file by its size, anything else
by reading at most one byte past the limit, so memory stays bounded either way."""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import EaError


class TooLarge(EaError):
    def __init__(self, path: str | Path, limit: int, size: int | None = None) -> None:
        # `size` is known for regular files only; a stream is refused once it passes the limit
        self.path, self.limit, self.size = str(path), limit, size
        what = f"has {size:,} bytes" if size is not None else "goes on past the limit"
        super().__init__(f"{path}: the input {what}, over the limit of {limit:,} bytes")


def _refuse_large_file(fh, path: str | Path, limit: int) -> None:
    # fstat on the open file, not stat on the name: the file cannot be swapped in between
    st = os.fstat(fh.fileno())
    if stat.S_ISREG(st.st_mode) and st.st_size > limit:
        raise TooLarge(path, limit, st.st_size)


def read_bounded(path: str | Path, limit: int) -> bytes:
    """The bytes of `path`; TooLarge when there are more than `limit`; OSError when it cannot be read."""
    with open(path, "rb") as fh:
        _refuse_large_file(fh, path, limit)
        data = fh.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(path, limit)
    return data


class _Counted(io.RawIOBase):
    """A binary reader that raises TooLarge once more than `limit` bytes went through it, and shows each
    chunk (with the end of the previous one, for patterns across the boundary) to `watch`."""

    OVERLAP = 64

    def __init__(self, raw, path: str | Path, limit: int, watch: Callable[[bytes], None] | None) -> None:
        self.raw, self.path, self.limit, self.watch = raw, path, limit, watch
        self.count = 0
        self.tail = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        n = self.raw.readinto(buffer)
        if not n:
            return 0
        self.count += n
        if self.count > self.limit:
            raise TooLarge(self.path, self.limit)
        if self.watch is not None:
            chunk = bytes(memoryview(buffer)[:n])
            self.watch(self.tail + chunk)
            self.tail = chunk[-self.OVERLAP:]
        return n


@contextmanager
def open_bounded(path: str | Path, limit: int,
                 watch: Callable[[bytes], None] | None = None) -> Iterator[io.BufferedReader]:
    """`path` opened for a streaming parser that stops (TooLarge) past `limit` bytes, never holding more
    than a buffer of it; `watch` sees every chunk (e.g. to refuse a DTD anywhere in the file)."""
    with open(path, "rb", buffering=0) as raw:
        _refuse_large_file(raw, path, limit)
        yield io.BufferedReader(_Counted(raw, path, limit, watch))
