"""A real HTTP server on loopback that serves a route table exactly, for the probe's tests.

It answers as the table's proxy would: a routed path gets its handler's answer (health
200 ``{"status":"ok"}``, a model list 200, any other request 400 or 422 with a JSON error:
the static handlers have no upstream), a wrong method 405 with ``Allow`` (or 404 where the
router answers so), a redirect with ``Location``, an unknown path the table's declared
fallback or the router's 404. ``auth`` puts a key check before routing (401 on every path,
as Antigravity's middleware does) or after it (401 only on routed paths, as the Go proxies
do). Every request received is counted, so that a test can hold the probe to its bounds.

Also here: a server that accepts connections and never answers (:class:`HangingServer`).
"""

from __future__ import annotations

import json
import socket
import ssl
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Literal

from agroutes import RouteTable

Auth = Literal["none", "before-routing", "after-routing"]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], family: socket.AddressFamily) -> None:
        self.address_family = family
        super().__init__(address, _Handler)
        self.table: RouteTable | None = None
        self.auth: Auth = "none"
        self.fallback = True
        self.key = "sk-probe-test-key"
        self.received: list[tuple[str, str, dict[str, str]]] = []
        self.lock = threading.Lock()


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass

    def _answer(self) -> None:
        server = self.server
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(min(length, 65536))
        with server.lock:
            server.received.append((self.command, self.path, dict(self.headers.items())))
        table = server.table
        assert table is not None
        path = self.path.partition("?")[0]
        keyed = self._has_key()
        if server.auth == "before-routing" and not keyed:
            return self._send(401, {"error": {"message": "missing or invalid API key"}})
        match = table.match(self.command, path)
        if match.route is not None:
            if server.auth == "after-routing" and not keyed:
                return self._send(401, {"error": {"message": "missing or invalid API key"}})
            operation = match.route.operation
            if operation == "health":
                return self._send(200, {"status": "ok"})
            if self.command in ("GET", "HEAD"):
                return self._send(200, {"object": "list", "data": []})
            return self._send(400, {"error": {"message": "agroutes test handler: empty body"}})
        if match.redirect is not None:
            return self._send(307 if self.command != "GET" else 301, None, location=match.redirect)
        if match.allowed_methods:
            if match.method_not_allowed:
                allow = ", ".join(sorted(match.allowed_methods))
                return self._send(405, None, allow=allow)
            return self._send(404, None, text="404 page not found")
        if server.fallback:
            status, body = table.fallback(self.command, path)
            if status is not None:
                if body == "html":
                    return self._send(status, None, html="<!doctype html><title>web ui</title>")
                return self._send(status, {"detail": "fallback"})
        return self._send(404, None)

    def _has_key(self) -> bool:
        key = self.server.key
        headers = self.headers
        return (
            headers.get("Authorization") == f"Bearer {key}"
            or headers.get("x-api-key") == key
            or headers.get("x-goog-api-key") == key
        )

    def _send(
        self,
        status: int,
        payload: object,
        *,
        allow: str | None = None,
        location: str | None = None,
        text: str | None = None,
        html: str | None = None,
    ) -> None:
        if payload is not None:
            body, kind = json.dumps(payload).encode(), "application/json"
        elif html is not None:
            body, kind = html.encode(), "text/html; charset=utf-8"
        elif text is not None:
            body, kind = text.encode(), "text/plain"
        else:
            body, kind = b"", ""
        self.send_response(status)
        if kind:
            self.send_header("Content-Type", kind)
        if allow:
            self.send_header("Allow", allow)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    # http.server's own names for the per-method handlers.
    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _answer  # noqa: N815


class FakeProxy:
    """A running server for ``table``: ``port``, ``received`` and ``base`` for tests."""

    def __init__(self, server: _Server) -> None:
        self._server = server

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    @property
    def host(self) -> str:
        return str(self._server.server_address[0])

    @property
    def key(self) -> str:
        return self._server.key

    @property
    def received(self) -> list[tuple[str, str, dict[str, str]]]:
        with self._server.lock:
            return list(self._server.received)

    def origin(self, host: str | None = None) -> str:
        shown = host or self.host
        if ":" in shown:
            shown = f"[{shown}]"
        return f"http://{shown}:{self.port}"


@contextmanager
def fake_proxy(
    table: RouteTable,
    *,
    auth: Auth = "none",
    host: str = "127.0.0.1",
    fallback: bool = True,
    tls: ssl.SSLContext | None = None,
) -> Iterator[FakeProxy]:
    """Serve ``table`` on ``host`` (a loopback address) and a free port, for the block.

    ``fallback=False`` leaves the table's declared fallback out (Antigravity's web UI is
    served in headless mode only: the desktop app answers an unknown path with a 404);
    ``tls`` serves HTTPS with that context.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    server = _Server((host, 0), family)
    server.table = table
    server.auth = auth
    server.fallback = fallback
    if tls is not None:
        server.socket = tls.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.daemon = True
    thread.start()
    try:
        yield FakeProxy(server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class HangingServer:
    """Accepts connections on loopback and never answers; counts the connections."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.accepted: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return int(self.sock.getsockname()[1])

    def _accept(self) -> None:
        self.sock.settimeout(0.05)
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted.append(conn)  # held open, never read from or written to

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        for conn in self.accepted:
            conn.close()
        self.sock.close()


def free_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
