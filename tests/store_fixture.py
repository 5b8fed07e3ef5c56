"""SPARQL servers for the publish tests: Oxigraph server (the `oxigraph` PyPI package) and Virtuoso (Debian's
virtuoso-opensource-7), each started on a free loopback port with a temporary database and stopped after."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Server:
    engine: str
    store_url: str  # Graph Store Protocol endpoint (what `ea publish --to` takes)
    query_url: str  # SPARQL query endpoint (what `ea query sparql --endpoint` takes)
    process: subprocess.Popen
    data: Path

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, process: subprocess.Popen, seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"server did not answer {url} within {seconds:g} s")


def oxigraph_binary() -> str | None:
    here = Path(sys.executable).parent / "oxigraph"
    return str(here) if here.exists() else shutil.which("oxigraph")


def start_oxigraph(data: Path) -> Server:
    port = free_port()
    log = data.parent / "oxigraph.log"
    proc = subprocess.Popen([oxigraph_binary(), "serve", "--location", str(data), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph"], stdout=log.open("wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    _wait(f"{base}/query?query=ASK%7B%7D", proc, 30, log)
    return Server("oxigraph", f"{base}/store", f"{base}/query", proc, data)


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
MaxCheckpointRemap = 2000
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0
DirsAllowed = ., {d}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
DefaultGraph =
"""

# The anonymous SPARQL user may write (a test database on loopback only): Graph Store PUT/DELETE and Update.
VIRTUOSO_GRANTS = ("GRANT SPARQL_UPDATE TO \"SPARQL\";\n"
                   "DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);\n")


def virtuoso_binary() -> str | None:
    return shutil.which("virtuoso-t")


def start_virtuoso(data: Path) -> Server:
    data.mkdir(parents=True, exist_ok=True)
    sql, http = free_port(), free_port()
    ini = data / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=data, sql=sql, http=http), encoding="utf-8")
    log = data / "virtuoso.log"
    proc = subprocess.Popen([virtuoso_binary(), "+foreground", "+configfile", str(ini)], cwd=data,
                            stdout=(data / "stdout.log").open("wb"), stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{http}"
    log.touch()
    _wait(f"{base}/sparql?query=ASK%7B%7D", proc, 90, data / "stdout.log")
    isql = shutil.which("isql-vt") or "isql-vt"
    subprocess.run([isql, f"127.0.0.1:{sql}", "dba", "dba"], input=VIRTUOSO_GRANTS.encode(), check=True,
                   capture_output=True, timeout=60, env={**os.environ})
    return Server("virtuoso", f"{base}/sparql-graph-crud", f"{base}/sparql", proc, data)


ENGINES = {"oxigraph": (oxigraph_binary, start_oxigraph, "pip install oxigraph (the server binary)"),
           "virtuoso": (virtuoso_binary, start_virtuoso, "apt-get install virtuoso-opensource-7")}
