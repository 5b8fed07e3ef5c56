"""Files of the user's cache folder ($XDG_CACHE_HOME/ea or ~/.cache/ea), shared by the parse cache and the model
snapshot: never in a repository (a pickle runs code when read, and a cloned repository must not be able to plant
one), each written whole or not at all, and checked when read back.

A file is the blake2b digest of its payload, then the payload: a damaged file (a full disk, a crash mid-write,
bit rot) fails the check and is treated as absent, so a cache can never change a result."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

CHECKSUM_BYTES = 32


def folder(*parts: str) -> Path:
    """`<user cache>/ea/<parts>`."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "ea", *parts)


def repository_key(root: Path) -> str:
    """A folder name per repository, from its resolved path."""
    return hashlib.blake2b(str(root.resolve()).encode(), digest_size=12).hexdigest()


def write(path: Path, payload: bytes) -> None:
    """Store `payload` at `path` (through a temporary file, renamed); OSError when the disk refuses."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(hashlib.blake2b(payload, digest_size=CHECKSUM_BYTES).digest() + payload)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def read(path: Path) -> memoryview | None:
    """The payload stored at `path` (a view, not a copy: snapshots are 100 MB), or None when absent or damaged."""
    try:
        with open(path, "rb") as fh:
            blob = fh.read()
    except OSError:
        return None
    check, payload = blob[:CHECKSUM_BYTES], memoryview(blob)[CHECKSUM_BYTES:]
    if hashlib.blake2b(payload, digest_size=CHECKSUM_BYTES).digest() != check:
        return None
    return payload
