"""Layer 6 (live): the probe's HTTP, bounded and pinned to the one origin the user gave.

Everything :func:`agroutes.live.probe` sends goes through a :class:`Session`, which holds
the safety promises in one place:

- **One origin.** Requests go to the scheme, host and port of the Base URL and nowhere
  else; redirects are read, never followed (``http.client`` follows none). The only other
  address ever tried is the other loopback family of ``localhost`` (``127.0.0.1`` / ``::1``),
  the same name, to tell the user which one the proxy listens on.
- **Bounded.** At most ``max_requests`` connections in all (each request opens its own,
  and so does each bare connect check), and a total time bound: a timer shuts the socket
  at the session's deadline, so a server that trickles one byte a second cannot stretch a
  request past it; each step's own timeout is the smaller of ``timeout`` and the time left.
- **Small answers.** At most :data:`BODY_LIMIT` bytes of a body are read.

The standard library's ``http.client`` does the HTTP: a probe sends a few dozen small
requests, one at a time, so no dependency pays for itself here.
"""

from __future__ import annotations

import contextlib
import enum
import http.client
import socket
import ssl
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

from ._redact import redact, redacted_repr

__all__ = [
    "BODY_LIMIT",
    "Address",
    "BudgetSpent",
    "ConnectOutcome",
    "Exchange",
    "Session",
    "candidate_addresses",
]

#: The most of an answer's body the probe reads (it needs the first words of an error).
BODY_LIMIT = 4096


class ConnectOutcome(enum.StrEnum):
    """How an attempt to reach an address ended. Values are stable strings, used in JSON."""

    CONNECTED = "connected"
    REFUSED = "connection-refused"
    TIMEOUT = "timeout"
    UNREACHABLE = "unreachable"  # no route to the address (ENETUNREACH, EHOSTUNREACH, ...)
    #: The TCP connection opened but the exchange failed: TLS spoken to a plain port, a
    #: plain request to a TLS port, the server closing or resetting the connection.
    TLS_FAILED = "tls-failed"
    CLOSED = "closed"


@dataclass(frozen=True, slots=True)
class Address:
    """One socket address of the origin: its family, and the text shown to the user."""

    family: socket.AddressFamily
    sockaddr: tuple[str, int] | tuple[str, int, int, int]

    @property
    def host(self) -> str:
        return self.sockaddr[0]

    def __str__(self) -> str:
        host, port = self.sockaddr[0], self.sockaddr[1]
        return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


@redacted_repr
@dataclass(frozen=True, slots=True, kw_only=True)
class Exchange:
    """One request the probe sent and what came back (``status`` None: no answer)."""

    method: str
    target: str
    address: str
    status: int | None = None
    reason: str = ""
    content_type: str | None = None
    allow: str | None = None
    location: str | None = None
    #: The first :data:`BODY_LIMIT` bytes of the body, decoded (shown redacted, clipped).
    body: str = ""
    #: Why there is no answer, when there is none.
    outcome: ConnectOutcome = ConnectOutcome.CONNECTED
    error: str = ""
    elapsed_ms: float = 0.0

    @property
    def line(self) -> str:
        """``POST /v1/messages -> 400``, redacted: the exchange in one line."""
        answer = str(self.status) if self.status is not None else self.outcome.value
        return redact(f"{self.method} {self.target} \u2192 {answer}")

    def excerpt(self, limit: int = 120) -> str:
        """The body's first words, on one line, redacted."""
        flat = " ".join(self.body.split())
        if len(flat) > limit:
            flat = flat[: limit - 1] + "\u2026"
        return redact(flat)


class BudgetSpent(Exception):
    """Raised inside the live layer when a session has no request or time left."""


def candidate_addresses(host: str, port: int) -> tuple[list[Address], str | None]:
    """The addresses a client may connect to for ``host`` (resolver order), and a DNS error.

    For ``localhost`` (and ``*.localhost``, RFC 6761) both loopback families are added after
    what the resolver says: Node 17+ and Python may pick different ones, and a proxy that
    listens on one family only is the classic "works in curl, refused in the app" trap.
    """
    found: list[Address] = []
    error: str | None = None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        infos = []
        error = str(exc)
    for family, _type, _proto, _name, sockaddr in infos:
        ip = sockaddr[0]
        if family not in (socket.AF_INET, socket.AF_INET6) or not isinstance(ip, str):
            continue
        addr = (
            Address(socket.AF_INET, (ip, port))
            if family == socket.AF_INET
            else Address(socket.AF_INET6, (ip, port, 0, int(sockaddr[3])))  # type: ignore[misc]
        )
        if all(a.sockaddr[:2] != addr.sockaddr[:2] for a in found):
            found.append(addr)
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        for family, loopback in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
            if all(a.host != loopback for a in found):
                sockaddr = (loopback, port) if family == socket.AF_INET else (loopback, port, 0, 0)
                found.append(Address(family, sockaddr))
        error = None
    return found[:4], error


def _connect(address: Address, timeout: float) -> socket.socket:
    sock = socket.socket(address.family, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect(address.sockaddr)
    except BaseException:
        sock.close()
        raise
    return sock


def _outcome(exc: BaseException) -> ConnectOutcome:
    if isinstance(exc, ConnectionRefusedError):
        return ConnectOutcome.REFUSED
    if isinstance(exc, TimeoutError | socket.timeout):
        return ConnectOutcome.TIMEOUT
    if isinstance(exc, ssl.SSLError):
        return ConnectOutcome.TLS_FAILED
    if isinstance(exc, http.client.HTTPException | ConnectionResetError | BrokenPipeError):
        return ConnectOutcome.CLOSED
    return ConnectOutcome.UNREACHABLE


class Session:
    """The probe's only way out: one origin, a request budget and a deadline."""

    def __init__(
        self,
        *,
        scheme: str,
        host: str,
        port: int,
        timeout: float,
        max_requests: int,
        total_time: float,
    ) -> None:
        self.scheme = scheme
        self.host = host
        self.port = port
        self.timeout = timeout
        self.max_requests = max_requests
        self.deadline = time.monotonic() + total_time
        self.sent = 0
        self.address: Address | None = None
        self.exchanges: list[Exchange] = []

    def same_origin(self, location: str) -> str | None:
        """The target a ``Location`` names on this session's origin, or None for another
        (the probe follows no redirect off the origin the user gave)."""
        if location.startswith("/") and not location.startswith("//"):
            return location
        default = 443 if self.scheme == "https" else 80
        names = [f"{self.host}:{self.port}"] + ([self.host] if self.port == default else [])
        for name in names:
            prefix = f"{self.scheme}://{name}/"
            if location.startswith(prefix):
                return location[len(prefix) - 1 :]
        return None

    def left(self) -> float:
        return self.deadline - time.monotonic()

    def _spend(self) -> float:
        """Count one connection; the time the next step may take."""
        remaining = self.left()
        if self.sent >= self.max_requests or remaining <= 0.05:
            raise BudgetSpent
        self.sent += 1
        return min(self.timeout, remaining)

    def try_connect(self, address: Address) -> tuple[ConnectOutcome, str]:
        """Open and close one TCP connection to ``address``: the reachability check."""
        step = self._spend()
        started = time.monotonic()
        try:
            sock = _connect(address, step)
        except OSError as exc:
            return _outcome(exc), _reason(exc, time.monotonic() - started)
        sock.close()
        return ConnectOutcome.CONNECTED, ""

    def tls_handshake(self, address: Address) -> tuple[bool, str]:
        """Whether ``address`` speaks TLS (certificate not checked: only the protocol is
        asked about, and nothing is sent over it)."""
        step = self._spend()
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        try:
            with _connect(address, step) as raw, context.wrap_socket(raw, server_hostname=None):
                return True, ""
        except (OSError, ssl.SSLError) as exc:
            return False, _reason(exc, step)

    def send(
        self,
        method: str,
        target: str,
        *,
        body: bytes | None = None,
        headers: Sequence[tuple[str, str]] = (),
        scheme: str | None = None,
    ) -> Exchange:
        """Send one request to the session's address and read the start of the answer.

        ``scheme`` overrides the session's own, for the one check that asks whether the
        other scheme is spoken on the same port. Raises :class:`BudgetSpent` when no
        request or time is left.
        """
        if self.address is None:
            raise BudgetSpent  # no address answered: there is nothing to send to
        address = self.address
        step = self._spend()
        started = time.monotonic()
        shown = str(address)
        sock: socket.socket | None = None
        # The total bound holds even against a server that trickles: at the deadline the
        # socket is shut from this timer, which ends any read blocked on it.
        timer = threading.Timer(max(self.left(), 0.0), lambda: _shut(sock))
        timer.daemon = True
        timer.start()
        try:
            sock = _connect(address, step)
            if (scheme or self.scheme) == "https":
                context = ssl.create_default_context()
                # A local proxy's certificate is often self-signed; the probe reads
                # statuses and sends no secret it was not given for this very host.
                context.check_hostname = False
                context.verify_mode = ssl.CERT_NONE
                sock = context.wrap_socket(sock, server_hostname=_sni(self.host))
            conn = http.client.HTTPConnection(self.host, self.port, timeout=step)
            conn.sock = sock
            sent_headers = {"User-Agent": "agroutes-probe", "Accept": "*/*", "Connection": "close"}
            if body is not None:
                sent_headers["Content-Type"] = "application/json"
            sent_headers.update(headers)
            conn.request(method, target, body=body, headers=sent_headers)
            response = conn.getresponse()
            data = response.read(BODY_LIMIT)
            exchange = Exchange(
                method=method,
                target=target,
                address=shown,
                status=response.status,
                reason=response.reason or "",
                content_type=response.getheader("Content-Type"),
                allow=response.getheader("Allow"),
                location=response.getheader("Location"),
                body=data.decode("utf-8", "replace"),
                elapsed_ms=(time.monotonic() - started) * 1000,
            )
        except (OSError, ssl.SSLError, http.client.HTTPException, ValueError) as exc:
            outcome = _outcome(exc)
            if self.left() <= 0.05 and outcome is not ConnectOutcome.REFUSED:
                outcome = ConnectOutcome.TIMEOUT
            exchange = Exchange(
                method=method,
                target=target,
                address=shown,
                outcome=outcome,
                error=_reason(exc, time.monotonic() - started),
                elapsed_ms=(time.monotonic() - started) * 1000,
            )
        finally:
            timer.cancel()
            if sock is not None:
                sock.close()
        self.exchanges.append(exchange)
        return exchange


def _shut(sock: socket.socket | None) -> None:
    if sock is not None:
        with contextlib.suppress(OSError):  # already closed: the request ended in time
            sock.shutdown(socket.SHUT_RDWR)


def _sni(host: str) -> str | None:
    # No SNI for an IP literal (ssl refuses it for IPv6 and RFC 6066 forbids it).
    return None if host.replace(".", "").isdigit() or ":" in host else host


def _reason(exc: BaseException, elapsed: float) -> str:
    if isinstance(exc, TimeoutError | socket.timeout):
        return f"no answer within {elapsed:.1f} s"
    if isinstance(exc, ssl.SSLError):
        return f"TLS: {exc.reason or exc}"
    text = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    return redact(str(text))
