"""Where an export's bytes go as they are made (not a command): standard output, or a file replaced whole
(atomic.writing: a failed export leaves the old file; a device is written through, a symlink followed)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ..atomic import writing


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
    with writing(out) as fh:
        yield fh
