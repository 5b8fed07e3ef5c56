"""HTTP to a SPARQL store: the Graph Store Protocol (GET/PUT/DELETE of a named graph), SPARQL Query and Update.

Standard library only (urllib): one request at a time, no connection pool to leak. Authentication comes from
the environment only, never from the command line, where `ps` and shell history would show it:

| variable | sends |
|---|---|
| `EA_STORE_TOKEN` | `Authorization: Bearer TOKEN` |
| `EA_STORE_USER` + `EA_STORE_PASSWORD` | HTTP basic authentication |

A 5xx answer or a dropped connection is retried with exponential backoff; a 4xx is not (it will not change).
"""

from __future__ import annotations

import base64
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

from ..errors import EaError

NTRIPLES = "application/n-triples"
SPARQL_JSON = "application/sparql-results+json"
USER_AGENT = "ea-publish/1"
MAX_ERROR_BODY = 300  # characters of a server's error page worth showing


class StoreError(EaError):
    """The store refused or could not be reached; the message names the URL and what the server said."""


def auth_headers(env: dict[str, str] | None = None) -> dict[str, str]:
    env = os.environ if env is None else env
    token = env.get("EA_STORE_TOKEN")
    if token:
        return {"Authorization": f"Bearer {token}"}
    user, password = env.get("EA_STORE_USER"), env.get("EA_STORE_PASSWORD")
    if user and password is not None:
        pair = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return {"Authorization": f"Basic {pair}"}
    return {}


def _loopback_only_proxy() -> urllib.request.OpenerDirector:
    """Requests go where the URL says: a proxy from the environment would see the credentials and the
    architecture, and tests talk to 127.0.0.1 anyway."""
    return urllib.request.build_opener(urllib.request.ProxyHandler({}))


@dataclass
class Client:
    url: str  # the Graph Store Protocol endpoint, e.g. http://127.0.0.1:7878/store
    retries: int = 4
    backoff: float = 0.5  # seconds before the first retry; doubled each time
    timeout: float = 300.0
    graph_param: str = "graph"
    headers: dict[str, str] = field(default_factory=auth_headers)
    sent_bytes: int = 0

    def __post_init__(self) -> None:
        parts = urllib.parse.urlsplit(self.url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise StoreError(f"'{self.url}' is not an http(s) URL of a store (e.g. http://127.0.0.1:7878/store)")
        self._opener = _loopback_only_proxy()

    # ----------------------------------------------------------------------------- Graph Store Protocol
    def graph_url(self, graph: str) -> str:
        sep = "&" if "?" in self.url else "?"
        return f"{self.url}{sep}{urllib.parse.urlencode({self.graph_param: graph})}"

    def get_graph(self, graph: str) -> bytes | None:
        """The graph as N-Triples, or None when the store has no such graph."""
        status, body = self.request("GET", self.graph_url(graph), accept=NTRIPLES, missing_ok=True)
        return None if status == 404 else body

    def put_graph(self, graph: str, ntriples: bytes) -> None:
        """Replace the graph by `ntriples` in one request: the store swaps it whole or keeps the old one."""
        self.request("PUT", self.graph_url(graph), ntriples, content_type=NTRIPLES)

    def delete_graph(self, graph: str) -> bool:
        status, _ = self.request("DELETE", self.graph_url(graph), missing_ok=True)
        return status != 404

    # ---------------------------------------------------------------------------------- SPARQL endpoints
    def query(self, endpoint: str, sparql: str, accept: str = SPARQL_JSON) -> bytes:
        data = urllib.parse.urlencode({"query": sparql}).encode("utf-8")
        return self.request("POST", endpoint, data, content_type="application/x-www-form-urlencoded",
                            accept=accept)[1]

    def update(self, endpoint: str, sparql: str) -> None:
        data = urllib.parse.urlencode({"update": sparql}).encode("utf-8")
        self.request("POST", endpoint, data, content_type="application/x-www-form-urlencoded")

    # -------------------------------------------------------------------------------------------- HTTP
    def request(self, method: str, url: str, data: bytes | None = None, *, content_type: str | None = None,
                accept: str | None = None, missing_ok: bool = False) -> tuple[int, bytes]:
        headers = {"User-Agent": USER_AGENT, **self.headers}
        if content_type:
            headers["Content-Type"] = content_type
        if accept:
            headers["Accept"] = accept
        attempt = 0
        while True:
            req = urllib.request.Request(url, data=data, method=method, headers=headers)
            try:
                with self._opener.open(req, timeout=self.timeout) as resp:
                    body = resp.read()
                    self.sent_bytes += len(data or b"")
                    return resp.status, body
            except urllib.error.HTTPError as exc:
                if exc.code == 404 and missing_ok:
                    return 404, b""
                detail = _detail(exc)
                if exc.code < 500 or attempt >= self.retries:
                    raise StoreError(f"{method} {_safe(url)}: HTTP {exc.code} {exc.reason}{detail}"
                                     f"{_hint(exc.code)}") from None
            except (urllib.error.URLError, OSError) as exc:
                reason = getattr(exc, "reason", exc)
                if attempt >= self.retries:
                    raise StoreError(f"{method} {_safe(url)}: {reason} (is the store running? `ea store status`)"
                                     ) from None
            time.sleep(self.backoff * 2 ** attempt)
            attempt += 1


def _detail(exc: urllib.error.HTTPError) -> str:
    try:
        text = exc.read(4096).decode("utf-8", "replace").strip()
    except OSError:
        return ""
    from ..problems import printable

    return f": {printable(' '.join(text.split()), MAX_ERROR_BODY)}" if text else ""


def _hint(code: int) -> str:
    if code in (401, 403):
        return " (set EA_STORE_TOKEN, or EA_STORE_USER and EA_STORE_PASSWORD, with a user allowed to write)"
    return ""


def _safe(url: str) -> str:
    """The URL without any user:password@ part, for messages."""
    parts = urllib.parse.urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urllib.parse.urlunsplit(parts._replace(netloc=parts.netloc.rsplit("@", 1)[1]))
