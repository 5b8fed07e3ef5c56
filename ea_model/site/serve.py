"""`ea serve`: build the site, serve it on localhost, rebuild when a YAML file of the repository changes.

The pages built for serving carry `data-live="1"`: site.js polls `/__ea/version` and reloads the page after
a rebuild. When a file cannot be read (a YAML syntax error while the architect is typing) the last good site
is kept and the error printed; the next save tries again. Other findings (an unknown reference, say) do not
stop a rebuild: the site's validation page lists them.
"""

from __future__ import annotations

import functools
import queue
import selectors
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import HTTPServer, SimpleHTTPRequestHandler
from pathlib import Path
from urllib.parse import unquote, urlsplit

from ..loader import load
from ..manifest import RepositoryError, find_root, read_manifest
from ..problems import LOAD_CODES, printable
from .builder import SiteError, build_site

YAML_SUFFIXES = (".yaml", ".yml")
WORKERS = 8  # threads answering requests; a connection gets one only once it has sent something
REQUEST_TIMEOUT = 10.0  # seconds a connection may stay silent, before its request or in the middle of it
MAX_WAITING = 512  # connections that have sent nothing yet; past this the oldest are dropped
LOCAL_NAMES = ("localhost", "127.0.0.1", "::1")
WILDCARDS = ("", "0.0.0.0", "::")  # noqa: S104 (names of "every interface", compared, never bound here)


def _host_name(header: str) -> str:
    """The name of a Host header without its port: `[::1]:8000` -> `::1`, `LocalHost.:80` -> `localhost`."""
    header = header.strip().lower()
    if header.startswith("["):
        name = header[1:].split("]", 1)[0]
    elif header.count(":") > 1:  # a bare IPv6 address, as --host takes it
        name = header
    else:
        name, _, port = header.rpartition(":")
        if not name or not port.isdigit():
            name = header
    return name.rstrip(".")


class _Handler(SimpleHTTPRequestHandler):
    server_version = "ea-serve"
    timeout = REQUEST_TIMEOUT  # StreamRequestHandler puts it on the socket: a silent client is dropped
    # the version of an error reply to a request line that names none (http.server's default, 0.9, sends
    # the error page without a status line)
    default_request_version = "HTTP/1.0"

    def __init__(self, *args, site: SiteServer, **kwargs) -> None:
        self.site = site
        super().__init__(*args, directory=str(site.out), **kwargs)

    def parse_request(self) -> bool:
        """http.server's checks (syntax, version, header sizes), then ours: the request must name this server
        (a page of another site that resolves its name to 127.0.0.1, DNS rebinding, must not read ours), and
        the path must be one a file can have."""
        if not super().parse_request():
            return False
        if len(self.requestline.split()) != 3:  # `GET /`: HTTP/0.9, which no browser sends
            self.send_error(HTTPStatus.HTTP_VERSION_NOT_SUPPORTED, "HTTP/0.9 is not supported")
            return False
        host = self.headers.get("Host")
        if host is None and self.request_version != "HTTP/1.0":
            self.send_error(HTTPStatus.BAD_REQUEST, "Host header required")
            return False
        if host is not None and _host_name(host) not in self.site.allowed_hosts:
            self.send_error(HTTPStatus.MISDIRECTED_REQUEST, "Unknown Host",
                            f"this server answers to {', '.join(sorted(self.site.allowed_hosts))}")
            return False
        path = unquote(urlsplit(self.path).path, errors="replace")
        if any(ord(ch) < 0x20 or ch == "\x7f" for ch in path):
            self.send_error(HTTPStatus.BAD_REQUEST, "Control character in path")
            return False
        return True

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        if self.path.split("?", 1)[0] == "/__ea/version":
            body = str(self.site.version).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def list_directory(self, path):
        """No folder listings: a folder without index.html is not a page of the site."""
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return None

    def end_headers(self) -> None:
        # `path` is unset when the request line itself was refused
        if not getattr(self, "path", "").startswith("/__ea/"):
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        if self.site.verbose:
            super().log_message(format, *args)


class _Waiting:
    """Connections accepted that have not sent a byte yet, watched by one thread with a selector instead of
    holding a worker each: a readable one goes to the workers, a silent one is dropped after `idle` seconds,
    and past `limit` the oldest are dropped."""

    def __init__(self, ready: Callable, drop: Callable, idle: float, limit: int) -> None:
        self.ready, self.drop, self.idle, self.limit = ready, drop, idle, limit
        self.selector = selectors.DefaultSelector()
        self.wake_r, self.wake_w = socket.socketpair()
        self.wake_r.setblocking(False)
        self.selector.register(self.wake_r, selectors.EVENT_READ)
        self.new: queue.SimpleQueue = queue.SimpleQueue()
        self.since: dict[socket.socket, tuple[float, object]] = {}  # in the order they came
        self.closed = False
        self.thread = threading.Thread(target=self._run, name="ea-serve-waiting", daemon=True)
        self.thread.start()

    def add(self, sock: socket.socket, address) -> None:
        self.new.put((sock, address))
        self.wake_w.send(b"\0")

    def _run(self) -> None:
        while not self.closed:
            for key, _ in self.selector.select(timeout=min(1.0, self.idle)):
                if key.fileobj is self.wake_r:
                    self._drain()
                else:
                    self._hand_over(key.fileobj)
            self._admit()
            self._expire()

    def _drain(self) -> None:
        try:
            while self.wake_r.recv(4096):
                pass
        except BlockingIOError:
            pass

    def _admit(self) -> None:
        while not self.new.empty():
            sock, address = self.new.get()
            self.selector.register(sock, selectors.EVENT_READ)
            self.since[sock] = (time.monotonic(), address)

    def _hand_over(self, sock) -> None:
        self.selector.unregister(sock)
        _, address = self.since.pop(sock)
        self.ready((sock, address))

    def _expire(self) -> None:
        now = time.monotonic()
        excess = len(self.since) - self.limit
        for sock, (since, _) in list(self.since.items()):
            if excess > 0 or now - since > self.idle:
                excess -= 1
                self.selector.unregister(sock)
                del self.since[sock]
                self.drop(sock)

    def close(self) -> None:
        self.closed = True
        self.wake_w.send(b"\0")
        self.thread.join(timeout=5)
        for sock in list(self.since):
            self.drop(sock)
        self.since.clear()
        self.selector.close()
        self.wake_r.close()
        self.wake_w.close()


class _Server(HTTPServer):
    """http.server with a fixed pool of worker threads (a thread per connection lets 300 silent connections
    hold 300 threads), errors logged in one line instead of a traceback."""

    request_queue_size = 128

    def __init__(self, address, handler, log: Callable[[str], None], workers: int = WORKERS) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, handler)
        self.log = log
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.waiting = _Waiting(self.jobs.put, self.shutdown_request, REQUEST_TIMEOUT, MAX_WAITING)
        self.workers = [threading.Thread(target=self._work, name=f"ea-serve-{i}", daemon=True)
                        for i in range(workers)]
        for worker in self.workers:
            worker.start()

    def process_request(self, request, client_address) -> None:
        self.waiting.add(request, client_address)

    def _work(self) -> None:
        while (job := self.jobs.get()) is not None:
            request, address = job
            try:
                self.finish_request(request, address)
            except Exception:  # noqa: BLE001 - one broken request must not end the worker
                self.handle_error(request, address)
            finally:
                self.shutdown_request(request)

    def handle_error(self, request, client_address) -> None:
        exc = sys.exc_info()[1]
        self.log(f"request from {client_address[0]} failed: {printable(f'{type(exc).__name__}: {exc}', 200)}")

    def server_close(self) -> None:
        super().server_close()
        self.waiting.close()
        for _ in self.workers:
            self.jobs.put(None)


def _yaml_filter():
    from watchfiles import DefaultFilter

    class YamlFilter(DefaultFilter):
        def __call__(self, change, path: str) -> bool:
            return path.endswith(YAML_SUFFIXES) and super().__call__(change, path)

    return YamlFilter()


class SiteServer:
    def __init__(self, repo: Path | None, out: Path | None, languages: list[str] | None, host: str, port: int,
                 echo: Callable[[str], None] = print, verbose: bool = False) -> None:
        self.root = find_root(repo)
        self._tmp = None if out else Path(tempfile.mkdtemp(prefix="ea-serve-"))
        self.out = (out or self._tmp / "site").absolute()
        self.languages = languages
        self.echo = echo
        self.verbose = verbose
        self.version = 0
        self.stop = threading.Event()
        self._lock = threading.Lock()
        self.allowed_hosts = {*LOCAL_NAMES, *([] if host in WILDCARDS else [_host_name(host)])}
        self.httpd = _Server((host, port), functools.partial(_Handler, site=self), self._log_error)

    def _log_error(self, text: str) -> None:
        if self.verbose:
            self.echo(f"warning: {text}")

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://[{host}]:{port}/" if ":" in host else f"http://{host}:{port}/"

    def build(self) -> bool:
        """Load and build; False (and the old site kept) when the model cannot be loaded or built."""
        with self._lock:
            start = time.perf_counter()
            try:
                model = load(self.root)
                unreadable = [p for p in model.load_problems if p.code in LOAD_CODES]
                if unreadable and self.version:
                    # half-typed YAML: its file would vanish from the site; keep the last good one instead
                    for problem in unreadable:
                        self.echo(f"error: {problem.text()}")
                    self.echo("kept the last site; it is rebuilt at the next save")
                    return False
                result = build_site(model, self.out, self.languages, live_reload=True)
            except (RepositoryError, SiteError, OSError) as exc:
                self.echo(f"error: {exc}")
                return False
            self.version += 1
            problems = f", {result.errors} error(s), {result.warnings} warning(s)" if result.errors or \
                result.warnings else ""
            self.echo(f"built {result.pages} pages ({result.elements} elements{problems}) in "
                      f"{time.perf_counter() - start:.1f}s")
            for note in result.notes:
                self.echo(f"warning: {note}")
            return True

    def watched(self) -> list[Path]:
        try:
            manifest = read_manifest(self.root)
            folders = [*manifest.folders["model"], manifest.folders["viewpoints"], manifest.folders["gap_analysis"],
                       str(Path(manifest.plateaus).parent)]
        except RepositoryError:
            folders = []
        paths = [self.root / "ea.yaml"]
        for folder in dict.fromkeys(folders):
            path = (self.root / folder).resolve()
            if path.is_dir() and path != self.root.resolve() and path.is_relative_to(self.root.resolve()):
                paths.append(path)
        return paths

    def watch(self) -> None:
        from watchfiles import watch

        for changes in watch(*self.watched(), watch_filter=_yaml_filter(), stop_event=self.stop, debounce=300,
                             raise_interrupt=False):
            names = sorted({Path(p).name for _, p in changes})
            self.echo(f"changed: {', '.join(names)}")
            self.build()

    def serve(self, watch: bool = True) -> None:
        watcher = threading.Thread(target=self.watch, name="ea-watch", daemon=True) if watch else None
        if watcher:
            watcher.start()
        try:
            self.httpd.serve_forever(poll_interval=0.2)
        finally:
            self.close()
            if watcher:
                watcher.join(timeout=5)

    def close(self) -> None:
        self.stop.set()
        self.httpd.server_close()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
