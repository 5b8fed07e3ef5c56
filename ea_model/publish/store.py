"""`ea store serve|status|stop`: the local SPARQL store, an Oxigraph server (the `oxigraph` package from PyPI).

The server runs in the background, bound to 127.0.0.1 only, with its database in a folder (`.ea-store` of the
repository by default) that also holds `server.json` (process id, port, URLs) for `status` and `stop`. Its
default graph is the union of every named graph, so a query without GRAPH sees every published repository.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_text
from ..errors import EaError

STATE_FILE = "server.json"
DEFAULT_PORT = 7878


class StoreServerError(EaError):
    pass


@dataclass
class Running:
    pid: int
    port: int
    data: str

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def store_url(self) -> str:
        return f"{self.base}/store"

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def update_url(self) -> str:
        return f"{self.base}/update"


def binary() -> str:
    """The `oxigraph` executable: beside this Python (a virtualenv), else on PATH."""
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.exists() else shutil.which("oxigraph")
    if not found:
        raise StoreServerError("the Oxigraph server is not installed: `pip install oxigraph` (or `make setup`)")
    return found


def _answers(url: str) -> bool:
    try:
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(f"{url}/query?query=ASK%7B%7D", timeout=2):
            return True
    except OSError:
        return False


def _alive(pid: int) -> bool:
    """Whether `pid` is a running Oxigraph server (not another program that got the number later)."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True
    return b"oxigraph" in cmdline


def status(data: Path) -> Running | None:
    try:
        state = json.loads((data / STATE_FILE).read_text(encoding="utf-8"))
        running = Running(int(state["pid"]), int(state["port"]), str(state["data"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return running if _alive(running.pid) else None


def serve(data: Path, port: int = DEFAULT_PORT, wait: float = 30.0) -> Running:
    """Start the server in the background (or return the one already running on `data`)."""
    current = status(data)
    if current:
        return current
    data.mkdir(parents=True, exist_ok=True)
    log = (data / "server.log").open("ab")
    proc = subprocess.Popen(
        [binary(), "serve", "--location", str(data / "db"), "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    log.close()
    running = Running(proc.pid, port, str(data))
    deadline = time.monotonic() + wait
    while not _answers(running.base):
        if proc.poll() is not None or time.monotonic() > deadline:
            if proc.poll() is None:
                proc.terminate()
            tail = (data / "server.log").read_text(encoding="utf-8", errors="replace")[-500:].strip()
            raise StoreServerError(f"the Oxigraph server did not start on 127.0.0.1:{port}: {tail or 'no output'} "
                                   "(another program on that port? try --port)")
        time.sleep(0.2)
    write_text(data / STATE_FILE, json.dumps({"pid": proc.pid, "port": port, "data": str(data)}) + "\n")
    return running


def stop(data: Path, wait: float = 20.0) -> Running | None:
    running = status(data)
    if running is None:
        return None
    os.kill(running.pid, signal.SIGTERM)
    deadline = time.monotonic() + wait
    while _alive(running.pid) and time.monotonic() < deadline:
        _reap(running.pid)
        time.sleep(0.1)
    if _alive(running.pid):
        os.kill(running.pid, signal.SIGKILL)
        _reap(running.pid)
    (data / STATE_FILE).unlink(missing_ok=True)
    return running


def _reap(pid: int) -> None:
    """Collect the exit status when the server is our own child (started in this process), so it is gone."""
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def store_size(data: Path) -> int:
    return sum(p.stat().st_size for p in (data / "db").rglob("*") if p.is_file()) if (data / "db").is_dir() else 0
