"""A parse cache: YAML files whose bytes have not changed are read back from a pickle (~9x faster), and
files that passed the schema need not be checked again against the same schema.

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
from dataclasses import dataclass, field
from pathlib import Path

from . import yamlload

# Bump when the parsed form (Map/Seq, lines) changes.
FORMAT = 2


@dataclass
class Parsed:
    value: object
    digest: str | None = None
    schema_ok: set[str] = field(default_factory=set)  # keys of the schemas this content passed


class ParseCache:
    def __init__(self, root: Path) -> None:
        self.dir: Path | None = None
        if not os.environ.get("EA_NO_CACHE"):
            base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ea"
            self.dir = base / hashlib.blake2b(str(root.resolve()).encode(), digest_size=12).hexdigest()

    def _entry(self, display: str) -> Path:
        return self.dir / (hashlib.blake2b(display.encode(), digest_size=12).hexdigest() + ".pickle")

    def load(self, path: Path, display: str) -> Parsed:
        """Like yamlload.load_file (raises YamlError), through the cache when there is one."""
        if self.dir is None:
            return Parsed(yamlload.load_file(str(path), display))
        try:
            data = path.read_bytes()
        except OSError:
            return Parsed(yamlload.load_file(str(path), display))  # reports the error
        digest = hashlib.blake2b(data, digest_size=20).hexdigest()
        try:
            with open(self._entry(display), "rb") as fh:
                fmt, stored_digest, value, schema_ok = pickle.load(fh)
            if fmt == FORMAT and stored_digest == digest:
                return Parsed(value, digest, set(schema_ok))
        except (OSError, EOFError, pickle.PickleError, ValueError, TypeError, AttributeError):
            pass
        parsed = Parsed(yamlload.load_file(str(path), display), digest)
        self._store(display, parsed)
        return parsed

    def mark_schema_ok(self, display: str, parsed: Parsed, schema_key: str) -> None:
        if self.dir is not None and parsed.digest and schema_key not in parsed.schema_ok:
            parsed.schema_ok.add(schema_key)
            self._store(display, parsed)

    def _store(self, display: str, parsed: Parsed) -> None:
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.dir, suffix=".tmp")
            with os.fdopen(fd, "wb") as fh:
                pickle.dump((FORMAT, parsed.digest, parsed.value, sorted(parsed.schema_ok)), fh,
                            protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self._entry(display))
        except OSError:
            pass  # a read-only home is fine: the cache is only for speed
