"""A snapshot of the built model, and of its findings, keyed by every input file's path, size, mtime and hash.

Re-reading 100,000 elements from YAML takes many seconds even through the per-file parse cache (ea_model/cache.py):
most of it is rebuilding Python objects. When nothing changed, the model built last time is read back whole, and
`ea validate` reads only its findings (a few KB) without even the model.

The key covers everything a load reads: ea.yaml, the plateaus file, every model and viewpoint file, the framework
pack's files, the dependencies' inputs, and the code of `ea` itself (its files' sizes and mtimes), so a rule or a
schema changed by an upgrade also invalidates it. Any change to any of them - new content, a `touch`, a file
added or removed - gives another key and so a fresh load.

Like the parse cache it lives in the user's cache folder (usercache.py), never in the repository, and is
bypassed by EA_NO_CACHE=1. Writing the model (a few seconds at 100k) is done by a forked child, after the parent
has its model: the parent goes on at once, and the child pickles the model as it was when loaded, whatever the
command does with it later.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import sys
import weakref
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import forked, usercache

if TYPE_CHECKING:
    from .model import Model
    from .problems import Problem

# Bump when Model, Element or Problem change shape (the code fingerprint covers edits, this covers intent).
FORMAT = 4
# Set (to anything) to write the model in this process instead of a forked child: tests, and platforms
# without fork.
SYNC_ENV = "EA_SNAPSHOT_SYNC"


@contextmanager
def gc_paused(freeze: bool = False) -> Iterator[None]:
    """Building or reading a model allocates millions of objects and frees almost none: the cyclic collector
    would walk them again and again (measured: half the time of a warm load at 100k) to find nothing.

    With `freeze`, what was allocated meanwhile (the model) is then moved out of the collector's sight for good:
    else the first collection after this scans all of it once more (0.8 s at 100k). Frozen objects are still
    freed by reference counting when the model goes; a model holds no reference cycles."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was:
            gc.enable()


@cache
def _code_fingerprint() -> bytes:
    """The sizes and mtimes of ea's own files (code, schemas, framework packs): an upgrade or an edit of a rule
    must not be answered from findings an older rule made."""
    package = Path(__file__).resolve().parent
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{FORMAT} {sys.version}".encode())
    for path in sorted(package.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        st = path.stat()
        h.update(f"{path.relative_to(package).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    return h.digest()


def file_states(root: Path, inputs: Iterable[Path]) -> dict[str, tuple]:
    """Input name -> (size, mtime, content hash) of every input, and ea's own code under the name "". A missing or
    unreadable input is there too, as such: creating it later changes the state. A symlink in the repository that
    leads out of it is not read (the loader refuses it by name): its target's size and mtime stand for it."""
    states: dict[str, tuple] = {"": (_code_fingerprint(),)}
    home = root.resolve()
    for path in sorted(set(inputs)):
        name = input_name(root, path)
        try:
            st = path.stat()
            if path.is_symlink() and not path.resolve().is_relative_to(home):
                states[name] = ("link", os.readlink(path), st.st_size, st.st_mtime_ns)
                continue
            data = path.read_bytes() if path.is_file() else b""
        except (OSError, RuntimeError):  # RuntimeError: a symlink loop
            states[name] = ("missing",)
            continue
        states[name] = (st.st_size, st.st_mtime_ns, hashlib.blake2b(data, digest_size=16).digest())
    return states


def input_name(root: Path, path: Path) -> str:
    """The name of an input in `file_states`: its path in the repository, else its full path."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def fingerprint(states: dict[str, tuple]) -> str:
    """The key of a repository's state (`file_states`)."""
    return hashlib.blake2b(pickle.dumps(sorted(states.items()), protocol=4), digest_size=20).hexdigest()


class Snapshot:
    """The snapshot slot of one repository state: `model()`/`keep()` for the model, `findings()`/`keep_findings()`
    for what `ea validate` reported on it, `earlier()` for what was kept of the state before."""

    def __init__(self, root: Path, states: dict[str, tuple]) -> None:
        self.dir = usercache.folder("snapshots", usercache.repository_key(root))
        self.states = states
        self.key = fingerprint(states)

    @classmethod
    def open(cls, root: Path, inputs: Iterable[Path]) -> Snapshot | None:
        if os.environ.get("EA_NO_CACHE"):
            return None
        return cls(root, file_states(root, inputs))

    # The model ------------------------------------------------------------------------------------------------

    def model(self) -> Model | None:
        """The model of this exact state, or None when there is none (or it is damaged: never trusted then)."""
        with gc_paused(freeze=True):
            value = self._read("model")
        if value is None:
            return None
        model = value[0]
        _remember(model, self)
        return model

    def earlier(self) -> Earlier | None:
        """The state kept before this one (the repository as it was at the last load that wrote a snapshot), when
        there is one and ea's code is the same."""
        for path in sorted(self.dir.glob("states-*.pickle")):
            key = path.stem.removeprefix("states-")
            if key == self.key:
                continue
            states = self._read("states", key)
            if states is not None and states.get("") == self.states[""]:
                return Earlier(self, key, states)
        return None

    def keep(self, model: Model, parts: Callable[[], object] = lambda: None, then: Callable[[], None] | None = None,
             change: Change | None = None) -> None:
        """Store `model` for this state, with `parts()` (what `Earlier.parts` gives the next load, after a change),
        then run `then` (the parse cache's writes): in a forked child where fork exists, so the caller does not
        wait. `change`: how this state differs from the earlier one the model was partly built from."""
        _remember(model, self, change)
        # A process with other threads (`ea serve` reloads from its watcher) is not forked: a lock another thread
        # held at the fork would stay locked in the child forever.
        if os.environ.get(SYNC_ENV) or not forked.can_fork():
            self._keep(model, parts)
            if then:
                then()
            return
        try:
            sys.stdout.flush()
            sys.stderr.flush()
            pid = os.fork()
        except OSError:
            return  # no process to spare: the next load is simply cold again
        if pid:
            os.waitpid(pid, 0)  # the child forks again and exits at once: no zombie, no wait
            return
        code = 0
        try:
            if os.fork() == 0:
                os.nice(19)  # the user's command comes first
                self._keep(model, parts)
                if then:
                    then()
        except BaseException:  # noqa: BLE001 - a child must never return into the caller's code
            code = 1
        os._exit(code)

    # The findings -----------------------------------------------------------------------------------------------

    def findings(self, strict: bool) -> tuple[list[Problem], dict[str, int]] | None:
        """(problems, counts) `ea validate` found in this exact state, or None."""
        return self._read(f"findings-{int(strict)}")

    def keep_findings(self, strict: bool, problems: list[Problem], counts: dict[str, int]) -> None:
        self._write(f"findings-{int(strict)}", (list(problems), dict(counts)))

    # Storage ------------------------------------------------------------------------------------------------------

    def _keep(self, model: Model, parts: Callable[[], object]) -> None:
        # The states last: `earlier` trusts a states file only when the model it names was written whole first.
        if self._write("model", (_picklable(model), parts())):
            self._write("states", self.states)

    def _path(self, what: str, key: str | None = None) -> Path:
        # The state's key in the name: a changed repository finds no file, instead of reading a 100,000-element
        # model (seconds) to learn that it is another state's.
        return self.dir / f"{what}-{key or self.key}.pickle"

    def _read(self, what: str, key: str | None = None):
        key = key or self.key
        payload = usercache.read(self._path(what, key))
        if payload is None:
            return None
        try:
            fmt, stored, value = pickle.loads(payload)
        except Exception:  # noqa: BLE001 - whatever a damaged entry raises, the repository is loaded afresh
            return None
        return value if fmt == FORMAT and stored == key else None

    def _write(self, what: str, value: object) -> bool:
        try:
            with gc_paused():
                payload = pickle.dumps((FORMAT, self.key, value), protocol=pickle.HIGHEST_PROTOCOL)
            usercache.write(self._path(what), payload)
            for older in self.dir.glob(f"{what}*.pickle"):  # one state kept per repository (and no older format)
                if older.name != self._path(what).name:
                    older.unlink(missing_ok=True)
        except (OSError, pickle.PicklingError, RecursionError, TypeError, AttributeError):
            return False  # a read-only home, a full disk, an unpicklable value: the snapshot is only for speed
        return True


class Earlier:
    """The state a repository was in at its last snapshot: `states` (as `file_states`), and `parts()`, what the load
    kept with that model (read on demand: a 100,000-element model takes a second or two to read)."""

    def __init__(self, snap: Snapshot, key: str, states: dict[str, tuple]) -> None:
        self._snap, self._key, self.states = snap, key, states

    def parts(self) -> object | None:
        value = self._snap._read("model", self._key)
        return None if value is None else value[1]

    def findings(self, strict: bool) -> list[Problem] | None:
        """What `ea validate` found in that state, or None."""
        value = self._snap._read(f"findings-{int(strict)}", self._key)
        return None if value is None else value[0]


@dataclass(frozen=True)
class Change:
    """How the state a model was loaded from differs from the `earlier` state it was partly built from: the model
    files changed, added or removed, and the ids their elements had or have (None when a reference model is among
    them: what any element's codes mean may have changed)."""

    earlier: Earlier
    files: frozenset[str]
    ids: frozenset[str] | None
    names: dict[str, frozenset[str]]  # model file -> the ids its items name, where the earlier load found them


# Models loaded in this process -> the snapshot slot of the state they were loaded from, so that what was found
# on that state (`ea validate`'s findings) can be reused by another command (`ea gap` counts them).
_SLOTS: dict[int, tuple[weakref.ref, Snapshot, Change | None]] = {}


def _remember(model: Model, snap: Snapshot, change: Change | None = None) -> None:
    key = id(model)
    _SLOTS[key] = (weakref.ref(model, lambda _ref: _SLOTS.pop(key, None)), snap, change)


def _slot(model: Model) -> tuple[Snapshot | None, Change | None]:
    entry = _SLOTS.get(id(model))
    return entry[1:] if entry and entry[0]() is model else (None, None)


def slot_of(model: Model) -> Snapshot | None:
    """The snapshot slot `model` was loaded from or stored in, or None (loaded with EA_NO_CACHE, from editor
    buffers, or built by hand)."""
    return _slot(model)[0]


def change_of(model: Model) -> Change | None:
    """How the state `model` was loaded from differs from the earlier state it was partly built from, or None
    (built whole)."""
    return _slot(model)[1]


def _picklable(model: Model) -> Model:
    """The model without what is derived on demand (the graph, the category index): smaller, and rebuilt from
    the current code when asked for."""
    from copy import copy

    clean = copy(model)
    for derived in ("graph", "categories"):
        clean.__dict__.pop(derived, None)
    return clean
