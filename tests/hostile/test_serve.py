"""`ea serve` against hostile clients (12.21), spoken to over raw sockets on loopback: malformed request lines,
versions and URLs get a 4xx/5xx reply and no traceback; a Host that is not this server (DNS rebinding) is
refused; folders are not listed; silent connections are dropped and hold no thread."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from ea_model.site import serve
from ea_model.site.serve import SiteServer

from .conftest import snapshot

CLIENT_TIMEOUT = 20  # seconds a test waits for the server: far above REQUEST_TIMEOUT in the tests below


def _serve(root: Path, host: str = "127.0.0.1") -> tuple[SiteServer, threading.Thread]:
    (root / "site" / "sub").mkdir(parents=True, exist_ok=True)
    (root / "ea.yaml").write_text("id: x\n", encoding="utf-8")
    (root / "site" / "index.html").write_text("<p>home</p>", encoding="utf-8")
    (root / "site" / "sub" / "a.txt").write_text("a", encoding="utf-8")
    server = SiteServer(root, root / "site", None, host, 0, echo=lambda _: None, verbose=True)
    thread = threading.Thread(target=server.serve, kwargs={"watch": False}, daemon=True)
    thread.start()
    return server, thread


def _stop(server: SiteServer, thread: threading.Thread) -> None:
    server.httpd.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def shared(tmp_path_factory):
    """One server for the tests that only send requests."""
    server, thread = _serve(tmp_path_factory.mktemp("serve") / "repo")
    yield server
    _stop(server, thread)


@pytest.fixture
def start(tmp_path, monkeypatch, outside):
    """`start(host=..., timeout=...)` -> a SiteServer serving a small site folder, in this process."""
    running = []

    def run(host: str = "127.0.0.1", timeout: float | None = None) -> SiteServer:
        if timeout is not None:
            monkeypatch.setattr(serve, "REQUEST_TIMEOUT", timeout)
            monkeypatch.setattr(serve._Handler, "timeout", timeout)
        server, thread = _serve(tmp_path / "repo", host)
        running.append((server, thread))
        return server

    yield run
    for server, thread in running:
        _stop(server, thread)
    assert snapshot(outside) == {}


def exchange(server: SiteServer, data: bytes) -> bytes:
    """Send `data` on a new connection and read until the server closes it."""
    host, port = server.httpd.server_address[:2]
    with socket.create_connection((host, port), timeout=CLIENT_TIMEOUT) as conn:
        conn.sendall(data)
        out = b""
        while chunk := conn.recv(65536):
            out += chunk
    return out


def status(response: bytes) -> str:
    return response.split(b"\r\n", 1)[0].decode("latin-1")


def get(path: str = "/", host: str | None = "localhost", version: str = "HTTP/1.1") -> bytes:
    headers = f"Host: {host}\r\n" if host is not None else ""
    return f"GET {path} {version}\r\n{headers}\r\n".encode("latin-1")


@pytest.mark.parametrize("request_bytes, expected", [
    (b"GARBAGE\r\n\r\n", "HTTP/1.0 400 Bad request syntax ('GARBAGE')"),
    (bytes(range(1, 256)) + b"\r\n\r\n", "HTTP/1.0 400 Bad request syntax"),
    (b"GET / HTTP/9.9\r\nHost: localhost\r\n\r\n", "HTTP/1.0 505 Invalid HTTP version (9.9)"),
    (b"GET / HTTP/x.y\r\nHost: localhost\r\n\r\n", "HTTP/1.0 400 Bad request version ('HTTP/x.y')"),
    (b"GET /\r\n\r\n", "HTTP/1.0 505 HTTP/0.9 is not supported"),
    (get("/" + "a" * 100_000), "HTTP/1.0 414 Request-URI Too Long"),
    (get("/%00"), "HTTP/1.0 400 Control character in path"),
    (get("/index.html%00.txt"), "HTTP/1.0 400 Control character in path"),
    (get("/%1b[2J"), "HTTP/1.0 400 Control character in path"),
    (get("/", host="evil.example"), "HTTP/1.0 421 Unknown Host"),
    (get("/", host="evil.example:8000"), "HTTP/1.0 421 Unknown Host"),
    (get("/", host="127.0.0.1.evil.example"), "HTTP/1.0 421 Unknown Host"),
    (get("/", host=None), "HTTP/1.0 400 Host header required"),
    (get("/sub/"), "HTTP/1.0 404 File not found"),
    (get("/../../../etc/passwd"), "HTTP/1.0 404 File not found"),
    (b"GET / HTTP/1.1\r\nHost: localhost\r\n" + b"X: y\r\n" * 200 + b"\r\n", "HTTP/1.0 431 Too many headers"),
])
def test_bad_requests_get_a_reply_and_no_traceback(shared, capfd, request_bytes, expected):
    server = shared
    response = exchange(server, request_bytes)
    assert status(response).startswith(expected)
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Exception occurred" not in err, err
    assert b"a.txt" not in response  # never a listing
    assert status(exchange(server, get("/"))) == "HTTP/1.0 200 OK"  # and the server still answers


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "LocalHost.", "127.0.0.1:80", "[::1]:8000", "[::1]"])
def test_local_names_are_served(shared, host):
    response = exchange(shared, get("/", host=host))
    assert status(response) == "HTTP/1.0 200 OK" and response.endswith(b"<p>home</p>")


def test_the_name_given_with_host_is_served_and_only_it(start):
    server = start(host="127.0.0.2")  # another loopback address, as a --host name
    port = server.httpd.server_address[1]
    assert status(exchange(server, get("/", host=f"127.0.0.2:{port}"))) == "HTTP/1.0 200 OK"
    assert status(exchange(server, get("/", host="127.0.0.3"))) == "HTTP/1.0 421 Unknown Host"
    assert server.allowed_hosts == {"localhost", "127.0.0.1", "::1", "127.0.0.2"}


def test_a_silent_connection_is_dropped(start):
    server = start(timeout=0.5)
    assert exchange(server, b"") == b""  # connected, said nothing: closed by the server
    assert exchange(server, b"GET / HTTP/1.1\r\n") == b""  # half a request, then silence: closed too


def test_300_idle_connections_hold_no_threads(start):
    server = start()
    before = threading.active_count()
    host, port = server.httpd.server_address[:2]
    idle = [socket.create_connection((host, port), timeout=CLIENT_TIMEOUT) for _ in range(300)]
    try:
        # accepted in order: once this is answered, the 300 before it have been accepted too
        assert status(exchange(server, get("/"))) == "HTTP/1.0 200 OK"
        assert threading.active_count() <= before
    finally:
        for conn in idle:
            conn.close()


def test_the_site_folder_is_not_listed_and_files_outside_it_are_not_served(start, tmp_path):
    server = start()
    (tmp_path / "repo" / "secret.txt").write_text("secret", encoding="utf-8")
    for path in ("/sub/", "/../secret.txt", "/%2e%2e/secret.txt", "//secret.txt"):
        response = exchange(server, get(path))
        assert b"secret" not in response and b"a.txt" not in response
        assert status(response).split()[1] in ("301", "404"), status(response)


def test_ipv6_loopback_is_served(start):
    if not socket.has_ipv6:
        pytest.skip("no IPv6 on this machine")
    try:
        server = start(host="::1")
    except OSError:
        pytest.skip("::1 cannot be bound here")
    assert server.url.startswith("http://[::1]:")
    assert status(exchange(server, get("/", host=f"[::1]:{server.httpd.server_address[1]}"))) == "HTTP/1.0 200 OK"


def test_host_names_without_their_port():
    assert serve._host_name("[::1]:8000") == "::1"
    assert serve._host_name("::1") == "::1"
    assert serve._host_name("LocalHost.:80") == "localhost"
    assert serve._host_name("example.org") == "example.org"
    assert serve._host_name("example.org:") == "example.org:"


def test_repository_files_are_untouched(start, tmp_path):
    server = start()
    before = snapshot(Path(tmp_path / "repo"))
    for data in (b"PUT /index.html HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\n\r\nx",
                 b"DELETE /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n",
                 b"POST /index.html HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\n\r\nx"):
        assert status(exchange(server, data)).split()[1] == "501"
    assert snapshot(Path(tmp_path / "repo")) == before
