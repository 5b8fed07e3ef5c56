"""A parse cache: YAML files whose bytes have not changed are read back from a pickle (~9x faster than our own
reader; a file the fast path reads, yamlfast.py, is parsed again instead), and files that passed the schema
need not be checked again against the same schema.

The cache lives in the user's cache folder (usercache.py), never in the repository. One entry per file path of
each repository, holding the hash of the bytes it was parsed from; set EA_NO_CACHE=1 to bypass it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from . import usercache, yamlfast, yamlload

# Bump when the parsed form (Map/Seq, lines) changes.
FORMAT = 5
_FAST = object()  # an entry of a file the fast path reads: only its schema marks are kept, not its values


@dataclass
class Parsed:
    value: object
    digest: str | None = None
    schema_ok: set[str] = field(default_factory=set)  # keys of the schemas this content passed


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=20).hexdigest()


class ParseCache:
    def __init__(self, root: Path, texts: dict[str, str] | None = None) -> None:
        self.texts = texts or {}  # unsaved editor buffers by display path: parsed, never cached
        self.dir: Path | None = None
        # Entries to write, by display path: written by `flush`, once each and after the load (the loader hands
        # `flush` to the child process that writes the model snapshot), not while the user waits.
        self.pending: dict[str, Parsed] = {}
        if not os.environ.get("EA_NO_CACHE"):
            self.dir = usercache.folder(usercache.repository_key(root))

    def _entry(self, display: str) -> Path:
        return self.dir / (hashlib.blake2b(display.encode(), digest_size=12).hexdigest() + ".pickle")

    def load(self, path: Path, display: str) -> Parsed:
        """Like yamlload.load_file (raises YamlError), through the cache when there is one; with the digest of the
        bytes (or of the editor's text) it was parsed from."""
        if display in self.texts:
            text = self.texts[display]
            return Parsed(yamlfast.parse_text(text, display), _digest(text.encode("utf-8", "surrogatepass")))
        try:  # a file too big is not read whole only to be refused
            data = path.read_bytes() if path.stat().st_size <= yamlload.MAX_FILE_BYTES else None
        except OSError:
            data = None
        if data is None:
            return Parsed(yamlfast.load_file(str(path), display))  # reports the error
        digest = _digest(data)
        hit = self._read(display, digest) if self.dir is not None else None
        if hit is not None and hit.value is not _FAST:
            return hit
        # The very bytes the digest is of, parsed (a fast-read file is parsed again: yaml-rs reads it faster
        # than pickle would).
        value = yamlfast.parse_text(yamlload.decode(data, display), display)
        if hit is not None:
            hit.value = value
            return hit
        parsed = Parsed(value, digest)
        if self.dir is not None:
            self.pending[display] = parsed
        return parsed

    def _read(self, display: str, digest: str) -> Parsed | None:
        payload = usercache.read(self._entry(display))
        if payload is None:
            return None
        try:
            fmt, stored_digest, value, schema_ok, fast = pickle.loads(payload)
        except Exception:  # noqa: BLE001 - whatever a damaged entry raises, the file is parsed again
            return None
        if fmt != FORMAT or stored_digest != digest:
            return None
        return Parsed(_FAST if fast else value, digest, set(schema_ok))

    def mark_schema_ok(self, display: str, parsed: Parsed, schema_key: str) -> None:
        if self.dir is not None and parsed.digest and schema_key not in parsed.schema_ok:
            parsed.schema_ok.add(schema_key)
            self.pending[display] = parsed

    def flush(self) -> None:
        """Write the entries parsed or newly marked since the last flush."""
        pending, self.pending = self.pending, {}
        for display, parsed in pending.items():
            self._store(display, parsed)

    def _store(self, display: str, parsed: Parsed) -> None:
        try:
            fast = yamlfast.is_fast(parsed.value)
            payload = pickle.dumps((FORMAT, parsed.digest, None if fast else parsed.value, sorted(parsed.schema_ok),
                                    fast), protocol=pickle.HIGHEST_PROTOCOL)
            usercache.write(self._entry(display), payload)
        except OSError:
            pass  # a read-only home or a full disk is fine: the cache is only for speed
