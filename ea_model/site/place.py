"""Putting a finished build in place of the old site: readers see the old site or the new one, never half of
one; and never replacing a folder `ea site` did not build."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ..errors import EaError
from .pages.static import MARKER


class SiteError(EaError):
    pass


def check_target(out: Path) -> None:
    """Refuse to replace a folder that `ea site` did not build (`--out .` must never wipe a repository)."""
    if out.is_file() or out.is_symlink():
        raise SiteError(f"{out} is a file or a symbolic link, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        raise SiteError(f"{out} is not empty and was not built by `ea site` (no {MARKER} file): "
                        "choose another --out folder or empty this one")


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step where the kernel can: Linux's renameat2(RENAME_EXCHANGE), which the
    standard library does not wrap; False elsewhere (the caller then renames twice)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError, TypeError):  # not Linux, or a C library without renameat2
        return False
    at_fdcwd, rename_exchange = -100, 2
    return fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def place(tmp: Path, out: Path) -> None:
    """Put the finished build `tmp` at `out`; `tmp` is left empty or gone."""
    if not out.is_dir():
        os.replace(tmp, out)
        return
    if _exchange(tmp, out):
        shutil.rmtree(tmp, ignore_errors=True)
        return
    old = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}.old-"))
    os.replace(out, old / "site")
    os.replace(tmp, out)
    shutil.rmtree(old, ignore_errors=True)
