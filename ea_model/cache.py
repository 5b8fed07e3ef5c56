"""A parse cache: YAML files whose bytes have not changed are read back from a pickle (~9x faster), and
files that passed the schema need not be checked again against the same schema.

The cache lives in the user's cache folder (usercache.py), never in the repository. One entry per file path of
each repository, holding the hash of the bytes it was parsed from; set EA_NO_CACHE=1 to bypass it.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from . import usercache, yamlload
from .yamlload import YamlError


def _can_fork() -> bool:
    """Fork only a single-threaded process (`ea serve` and `ea lsp` load from other threads: no fork there)."""
    import threading

    return hasattr(os, "fork") and threading.active_count() == 1

# Prefetching (a forked worker parsing the later files) from this many files on; the caller keeps this share of
# them: it also builds the model from every file, the worker only parses (and pickles its results).
PARALLEL_FROM = 8
PARENT_SHARE = 0.45
# Bump when the parsed form (Map/Seq, lines) changes.
FORMAT = 4


@dataclass
class Parsed:
    value: object
    digest: str | None = None
    schema_ok: set[str] = field(default_factory=set)  # keys of the schemas this content passed


class ParseCache:
    def __init__(self, root: Path, texts: dict[str, str] | None = None) -> None:
        self.texts = texts or {}  # unsaved editor buffers by display path: parsed, never cached
        self.dir: Path | None = None
        # Entries to write, by display path: written by `flush`, once each and after the load (the loader hands
        # `flush` to the child process that writes the model snapshot), not while the user waits.
        self.pending: dict[str, Parsed] = {}
        self.prefetched: dict[str, Parsed | YamlError] = {}
        self._worker: tuple[int, int, set[str]] | None = None  # (pid, pipe, displays) of a prefetching worker
        if not os.environ.get("EA_NO_CACHE"):
            self.dir = usercache.folder(usercache.repository_key(root))

    def _entry(self, display: str) -> Path:
        return self.dir / (hashlib.blake2b(display.encode(), digest_size=12).hexdigest() + ".pickle")

    def prefetch(self, files: list[tuple[Path, str]]) -> None:
        """Have a forked worker parse the later part of `files` ((path, display) in the order they will be
        loaded) while the caller loads the earlier part: a cold load of 100,000 elements spends most of its time
        in the YAML parser, and the machine has a second core. The worker's results come back pickled when the
        caller reaches them (`load`); without fork, or with threads running, nothing is prefetched."""
        if len(files) < PARALLEL_FROM or self.texts or not _can_fork():
            return
        share = files[int(len(files) * PARENT_SHARE):]
        try:
            read_fd, write_fd = os.pipe()
            pid = os.fork()
        except OSError:
            return
        if pid == 0:  # the worker: parse, send, exit without running anything of the parent's
            code = 0
            try:
                os.close(read_fd)
                with os.fdopen(write_fd, "wb") as out:
                    pickle.dump([self._parse_or_error(path, display) for path, display in share], out,
                                protocol=pickle.HIGHEST_PROTOCOL)
            except BaseException:  # noqa: BLE001 - the parent parses what it does not receive
                code = 1
            os._exit(code)
        os.close(write_fd)
        self._worker = (pid, read_fd, {display for _, display in share})

    def _parse_or_error(self, path: Path, display: str) -> tuple[str, object, bool]:
        """(display, Parsed or YamlError, whether it was parsed rather than read from the cache)."""
        try:
            before = len(self.pending)
            parsed = self.load(path, display)
            return display, parsed, len(self.pending) > before
        except YamlError as exc:
            return display, exc, False

    def _collect(self) -> None:
        """The worker's results (once: every later file is then answered from them)."""
        pid, read_fd, _ = self._worker
        self._worker = None
        try:
            with os.fdopen(read_fd, "rb") as fh:
                results = pickle.load(fh)
        except Exception:  # noqa: BLE001 - a worker that died: its files are parsed here, as if never sent
            results = []
        finally:
            os.waitpid(pid, 0)
        for display, parsed, fresh in results:
            self.prefetched[display] = parsed
            if fresh:
                self.pending[display] = parsed

    def load(self, path: Path, display: str) -> Parsed:
        """Like yamlload.load_file (raises YamlError), through the cache when there is one."""
        if self._worker is not None and display in self._worker[2]:
            self._collect()
        if display in self.prefetched:
            found = self.prefetched.pop(display)
            if isinstance(found, YamlError):
                raise found
            return found
        if display in self.texts:
            return Parsed(yamlload.parse_text(self.texts[display], display))
        if self.dir is None:
            return Parsed(yamlload.load_file(str(path), display))
        try:
            data = path.read_bytes()
        except OSError:
            return Parsed(yamlload.load_file(str(path), display))  # reports the error
        digest = hashlib.blake2b(data, digest_size=20).hexdigest()
        hit = self._read(display, digest)
        if hit is not None:
            return hit
        parsed = Parsed(yamlload.load_file(str(path), display), digest)
        self.pending[display] = parsed
        return parsed

    def _read(self, display: str, digest: str) -> Parsed | None:
        payload = usercache.read(self._entry(display))
        if payload is None:
            return None
        try:
            fmt, stored_digest, value, schema_ok = pickle.loads(payload)
        except Exception:  # noqa: BLE001 - whatever a damaged entry raises, the file is parsed again
            return None
        if fmt != FORMAT or stored_digest != digest:
            return None
        return Parsed(value, digest, set(schema_ok))

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
            payload = pickle.dumps((FORMAT, parsed.digest, parsed.value, sorted(parsed.schema_ok)),
                                   protocol=pickle.HIGHEST_PROTOCOL)
            usercache.write(self._entry(display), payload)
        except OSError:
            pass  # a read-only home or a full disk is fine: the cache is only for speed
