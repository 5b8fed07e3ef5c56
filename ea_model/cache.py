"""A parse cache: YAML files whose bytes have not changed are read back from a pickle (~9x faster).

The cache lives in the user's cache folder ($XDG_CACHE_HOME/ea or ~/.cache/ea), never in the
repository: a pickle runs code when loaded, so a cloned repository must not be able to plant one. One
entry per file path of each repository, holding the hash of the bytes it was parsed from; set
EA_NO_CACHE=1 to bypass it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from . import yamlload

# Bump when the parsed form (Map/Seq, lines) changes.
FORMAT = 1


def cache_dir(root: Path) -> Path | None:
    if os.environ.get("EA_NO_CACHE"):
        return None
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ea"
    return base / hashlib.blake2b(str(root.resolve()).encode(), digest_size=12).hexdigest()


def load_yaml(path: Path, display: str, cache: Path | None):
    """Like yamlload.load_file, through the cache when there is one."""
    if cache is None:
        return yamlload.load_file(str(path), display)
    try:
        data = path.read_bytes()
    except OSError:
        return yamlload.load_file(str(path), display)  # reports the error
    digest = hashlib.blake2b(data, digest_size=20).hexdigest()
    entry = cache / (hashlib.blake2b(display.encode(), digest_size=12).hexdigest() + ".pickle")
    try:
        with open(entry, "rb") as fh:
            fmt, stored_digest, value = pickle.load(fh)
        if fmt == FORMAT and stored_digest == digest:
            return value
    except (OSError, EOFError, pickle.PickleError, ValueError, TypeError, AttributeError):
        pass
    value = yamlload.load_file(str(path), display)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((FORMAT, digest, value), fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, entry)
    except OSError:
        pass  # a read-only home is fine: the cache is only for speed
    return value
