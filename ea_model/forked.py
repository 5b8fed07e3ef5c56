"""Work done in a forked child process meanwhile, its result sent back pickled: the second core of the machine
for the CPU-bound steps of a big model (the rules of `ea validate`), with no copy of the model (fork shares it).

Only where fork exists and the process runs no other thread (`ea serve` and `ea lsp` work from threads: a fork
there could copy a lock held by another thread); elsewhere `start` returns None and the caller does the work.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def can_fork() -> bool:
    """Whether this process may fork: fork exists and no other thread runs (a lock another thread held at the
    fork would stay locked in the child forever)."""
    return hasattr(os, "fork") and threading.active_count() == 1


def start(work: Callable[[], T]) -> Callable[[], T | None] | None:
    """Run `work()` in a forked child; returns a function that waits for its result (None if the child failed),
    or None when no child could be started."""
    if not can_fork():
        return None
    try:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:
        code = 0
        try:
            os.close(read_fd)
            with os.fdopen(write_fd, "wb") as out:
                pickle.dump(work(), out, protocol=pickle.HIGHEST_PROTOCOL)
        except BaseException:  # noqa: BLE001 - a child must never return into the caller's code
            code = 1
        os._exit(code)
    os.close(write_fd)

    def result() -> T | None:
        try:
            with os.fdopen(read_fd, "rb") as fh:
                return pickle.load(fh)
        except Exception:  # noqa: BLE001 - the child died: the caller does the work itself
            return None
        finally:
            os.waitpid(pid, 0)

    return result
