"""`ea serve`: build the site, serve it on localhost, rebuild when a YAML file of the repository changes.

The pages built for serving carry `data-live="1"`: site.js polls `/__ea/version` and reloads the page after
a rebuild. When a file cannot be read (a YAML syntax error while the architect is typing) the last good site
is kept and the error printed; the next save tries again. Other findings (an unknown reference, say) do not
stop a rebuild: the site's validation page lists them.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..loader import load
from ..manifest import RepositoryError, find_root, read_manifest
from .builder import SiteError, build_site

YAML_SUFFIXES = (".yaml", ".yml")
UNREADABLE = {"EA001", "EA002", "EA003", "EA004", "EA005", "EA006"}  # the file is left out of the model


class _Handler(SimpleHTTPRequestHandler):
    server_version = "ea-serve"

    def __init__(self, *args, site: SiteServer, **kwargs) -> None:
        self.site = site
        super().__init__(*args, directory=str(site.out), **kwargs)

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

    def end_headers(self) -> None:
        if not self.path.startswith("/__ea/"):
            self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        if self.site.verbose:
            super().log_message(format, *args)


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
        self.httpd = ThreadingHTTPServer((host, port), functools.partial(_Handler, site=self))
        self.httpd.daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def build(self) -> bool:
        """Load and build; False (and the old site kept) when the model cannot be loaded or built."""
        with self._lock:
            start = time.perf_counter()
            try:
                model = load(self.root)
                unreadable = [p for p in model.load_problems if p.code in UNREADABLE]
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
