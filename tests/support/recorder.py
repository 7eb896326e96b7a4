"""A small recording HTTP server for driving real AI clients against loopback.

The recorder listens on ``127.0.0.1`` (and optionally ``::1``, on the same port),
records every request exactly as it arrived on the request line, and answers
with a minimal valid reply for whichever protocol the path looks like, so that
an SDK finishes normally after a single request.

Typical use::

    from tests.support.recorder import Recorder

    with Recorder() as rec:
        client = OpenAI(base_url=f"http://{rec.netloc}/v1", api_key="k", max_retries=0)
        client.models.list()
        [req] = rec.requests
        assert (req.method, req.target) == ("GET", "/v1/models")

As a pytest fixture::

    @pytest.fixture
    def recorder() -> Iterator[Recorder]:
        with Recorder() as rec:
            yield rec

Design notes:

* The target is taken from the raw request line (``self.requestline``), never
  from ``BaseHTTPRequestHandler.path``: CPython rewrites a leading ``//`` there
  (gh-87389), which would hide ``//v1/...`` paths.
* Replies are chosen by the path *suffix* (the part before the first ``?``),
  so a misrouted ``/v1/v1/chat/completions`` still gets a 200. Unknown
  suffixes get a JSON 404 that parses as an OpenAI, Anthropic and Google error.
* Replies are streamed as SSE when the JSON body has ``"stream": true`` (OpenAI,
  Anthropic) or the path is ``:streamGenerateContent`` with ``alt=sse`` (Gemini).
  A streamed reply is the complete event sequence of a one-word answer (``ok``),
  so clients that build the answer from the deltas finish too; for OpenAI
  Responses that is ``response.created`` through ``response.completed``,
  including ``response.output_text.delta``, which the AI SDK needs.
* A Gemini request for JSON output (``generationConfig.responseMimeType`` of
  ``application/json``) gets a JSON text that fits both schemas of gemini-cli's
  model-router classifier (``{reasoning, model_choice}`` and, from 0.61.0,
  ``{complexity_reasoning, complexity_score}``) and picks its flash model, so
  the CLI does not fall back to its pro model.
* Redirect mode (``Recorder(redirect=307)``), for learning whether a client follows a
  proxy's redirect and with which method: every request whose target does not start with
  :data:`REDIRECTED_PREFIX` is answered with that status and ``Location:
  /__redirected<target>`` (same host, same suffix, so the follow-up gets the usual canned
  reply). A client that follows shows up as a second request under the prefix.
* ``CONNECT`` and absolute-form targets (``GET http://host/...``) mean a client
  went through a proxy: they are recorded with ``via_proxy=True`` and refused
  with 403; nothing is ever forwarded.
* Every connection is closed after one response, sockets have a timeout, and
  request bodies are read with a size cap, so a misbehaving client cannot hang
  the server.
* A connection the client resets or drops (``ConnectionError``) is not reported;
  Bun's ``fetch`` does that routinely when it races ``localhost`` over ``::1``
  and ``127.0.0.1``. Other handler errors still print a traceback on stderr.

Only the standard library is used, so capture scripts can import this module
without pytest. Run ``python -m tests.support.recorder --help`` for a
standalone mode that prints recorded requests as JSON lines.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any, ClassVar, Final

__all__ = [
    "INTERESTING_HEADERS",
    "REDIRECTED_PREFIX",
    "RecordedRequest",
    "Recorder",
    "Reply",
    "canned_reply",
    "ipv6_loopback_available",
]

#: Header names (lower case) that :meth:`RecordedRequest.interesting_headers` returns.
INTERESTING_HEADERS: Final[tuple[str, ...]] = (
    "authorization",
    "x-api-key",
    "x-goog-api-key",
    "anthropic-version",
)

#: Bodies larger than this are truncated in the record (the rest is still drained).
MAX_RECORDED_BODY: Final[int] = 1 << 20
#: Bodies larger than this are not read: the request is recorded with an empty body, answered 400.
MAX_DRAINED_BODY: Final[int] = 64 << 20
#: In redirect mode, the path prefix of every ``Location`` the recorder sends.
REDIRECTED_PREFIX: Final[str] = "/__redirected"
#: Socket timeout for each connection, in seconds.
DEFAULT_SOCKET_TIMEOUT: Final[float] = 5.0

_MODEL: Final[str] = "recorder-model"
_GEMINI_MODEL: Final[str] = "gemini-2.5-flash"


@dataclass(frozen=True)
class RecordedRequest:
    """One request as it arrived at the recorder.

    Attributes:
        method: The method from the request line, e.g. ``"POST"``.
        target: The raw request target from the request line, byte for byte
            (decoded as latin-1): path plus ``?query`` if any, or an
            absolute-form URL / ``host:port`` authority when proxied.
        http_version: The version from the request line, e.g. ``"HTTP/1.1"``.
        headers: All request headers as ``(lower-case name, value)`` pairs, in
            arrival order (repeated headers appear repeatedly).
        body: The request body (de-chunked, truncated to ``MAX_RECORDED_BODY``).
        via_proxy: True for ``CONNECT`` or an absolute-form target, i.e. the
            client treated the recorder as an HTTP proxy.
        listener: The host the request arrived on (``"127.0.0.1"`` or ``"::1"``).
        index: Order of arrival at this recorder, from 0.
        received_at: ``time.monotonic()`` when the request head was parsed.
    """

    method: str
    target: str
    http_version: str
    headers: tuple[tuple[str, str], ...]
    body: bytes
    via_proxy: bool
    listener: str
    index: int
    received_at: float = field(compare=False)

    @property
    def path(self) -> str:
        """The raw target up to (not including) the first ``?``."""
        return self.target.split("?", 1)[0]

    @property
    def query(self) -> str | None:
        """The raw text after the first ``?``, or None when there is no ``?``."""
        parts = self.target.split("?", 1)
        return parts[1] if len(parts) == 2 else None

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), or None."""
        wanted = name.lower()
        for key, value in self.headers:
            if key == wanted:
                return value
        return None

    def interesting_headers(self) -> dict[str, str]:
        """The headers named in :data:`INTERESTING_HEADERS` that were sent."""
        found: dict[str, str] = {}
        for name in INTERESTING_HEADERS:
            value = self.header(name)
            if value is not None:
                found[name] = value
        return found

    def json(self) -> Any:
        """The body parsed as JSON, or None when it is empty or not JSON."""
        return _parse_json(self.body)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable summary (body as text, truncated to 2000 chars)."""
        return {
            "index": self.index,
            "method": self.method,
            "target": self.target,
            "http_version": self.http_version,
            "listener": self.listener,
            "via_proxy": self.via_proxy,
            "headers": self.interesting_headers(),
            "user_agent": self.header("user-agent"),
            "body": self.body[:2000].decode("utf-8", "replace"),
        }


@dataclass(frozen=True)
class Reply:
    """A reply the recorder sends: status, content type and body bytes."""

    status: int
    content_type: str
    body: bytes


# --------------------------------------------------------------------------
# Canned replies
# --------------------------------------------------------------------------


def _json_reply(obj: object, status: int = 200) -> Reply:
    return Reply(status, "application/json", json.dumps(obj).encode())


def _sse_reply(events: Iterable[tuple[str | None, object]]) -> Reply:
    """SSE body from ``(event name or None, data)`` pairs; str data is sent raw."""
    chunks: list[str] = []
    for name, data in events:
        text = data if isinstance(data, str) else json.dumps(data)
        chunks.append((f"event: {name}\n" if name else "") + f"data: {text}\n\n")
    return Reply(200, "text/event-stream", "".join(chunks).encode())


def _openai_chat(stream: bool) -> Reply:
    if not stream:
        return _json_reply(
            {
                "id": "chatcmpl-recorder",
                "object": "chat.completion",
                "created": 0,
                "model": _MODEL,
                "choices": [
                    {
                        "index": 0,
                        "message": {"role": "assistant", "content": "ok"},
                        "finish_reason": "stop",
                        "logprobs": None,
                    }
                ],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }
        )
    base = {
        "id": "chatcmpl-recorder",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": _MODEL,
    }
    return _sse_reply(
        [
            (
                None,
                {
                    **base,
                    "choices": [
                        {
                            "index": 0,
                            "delta": {"role": "assistant", "content": "ok"},
                            "finish_reason": None,
                        }
                    ],
                },
            ),
            (None, {**base, "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}),
            (None, "[DONE]"),
        ]
    )


def _openai_response_object() -> dict[str, Any]:
    return {
        "id": "resp_recorder",
        "object": "response",
        "created_at": 0,
        "status": "completed",
        "model": _MODEL,
        "output": [
            {
                "type": "message",
                "id": "msg_recorder",
                "status": "completed",
                "role": "assistant",
                "content": [{"type": "output_text", "text": "ok", "annotations": []}],
            }
        ],
        "output_text": "ok",
        "parallel_tool_calls": False,
        "tool_choice": "auto",
        "tools": [],
        "error": None,
        "incomplete_details": None,
        "instructions": None,
        "metadata": {},
        "temperature": None,
        "top_p": None,
        "usage": {
            "input_tokens": 1,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": 1,
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": 2,
        },
    }


def _openai_responses(stream: bool) -> Reply:
    """An OpenAI Responses reply: the response object, or its whole event stream.

    The stream is every event of a one-message, one-word answer, in order, each
    with its ``type`` and ``sequence_number``. Clients that assemble the answer
    from ``response.output_text.delta`` (the AI SDK's OpenAI provider) need the
    middle events: with only ``created`` and ``completed`` the AI SDK reports
    "the model returned no output".
    """
    done = _openai_response_object()
    if not stream:
        return _json_reply(done)
    created = {**done, "status": "in_progress", "output": []}
    item = done["output"][0]
    part = item["content"][0]
    text_at = {"output_index": 0, "item_id": item["id"], "content_index": 0}
    events: list[tuple[str, dict[str, Any]]] = [
        ("response.created", {"response": created}),
        ("response.in_progress", {"response": created}),
        (
            "response.output_item.added",
            {"output_index": 0, "item": {**item, "status": "in_progress", "content": []}},
        ),
        ("response.content_part.added", {**text_at, "part": {**part, "text": ""}}),
        ("response.output_text.delta", {**text_at, "delta": part["text"], "logprobs": []}),
        ("response.output_text.done", {**text_at, "text": part["text"], "logprobs": []}),
        ("response.content_part.done", {**text_at, "part": part}),
        ("response.output_item.done", {"output_index": 0, "item": item}),
        ("response.completed", {"response": done}),
    ]
    return _sse_reply(
        (name, {"type": name, "sequence_number": number, **data})
        for number, (name, data) in enumerate(events)
    )


def _anthropic_message(stream: bool) -> Reply:
    message: dict[str, Any] = {
        "id": "msg_recorder",
        "type": "message",
        "role": "assistant",
        "model": _MODEL,
        "content": [{"type": "text", "text": "ok"}],
        "stop_reason": "end_turn",
        "stop_sequence": None,
        "usage": {"input_tokens": 1, "output_tokens": 1},
    }
    if not stream:
        return _json_reply(message)
    start = {**message, "content": [], "stop_reason": None}
    return _sse_reply(
        [
            ("message_start", {"type": "message_start", "message": start}),
            (
                "content_block_start",
                {
                    "type": "content_block_start",
                    "index": 0,
                    "content_block": {"type": "text", "text": ""},
                },
            ),
            (
                "content_block_delta",
                {
                    "type": "content_block_delta",
                    "index": 0,
                    "delta": {"type": "text_delta", "text": "ok"},
                },
            ),
            ("content_block_stop", {"type": "content_block_stop", "index": 0}),
            (
                "message_delta",
                {
                    "type": "message_delta",
                    "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                    "usage": {"output_tokens": 1},
                },
            ),
            ("message_stop", {"type": "message_stop"}),
        ]
    )


# The text of a Gemini reply to a request for JSON output. gemini-cli asks its
# model router's classifier for JSON and falls back to its pro model
# (gemini-3.1-pro-preview in 0.61.0) when the text does not fit the schema.
# 0.61.0 tries a numerical classifier first ({complexity_reasoning,
# complexity_score}, the score from 1 to 100), older versions a binary one
# ({reasoning, model_choice}); this text fits both and picks flash (a score of
# 1 is a trivial task).
_GEMINI_JSON_TEXT: Final[str] = json.dumps(
    {
        "reasoning": "recorder",
        "model_choice": "flash",
        "complexity_reasoning": "recorder: a trivial greeting",
        "complexity_score": 1,
    }
)


def _gemini_response(json_text: bool) -> dict[str, Any]:
    """A one-candidate Gemini reply: :data:`_GEMINI_JSON_TEXT` or ``"ok"``."""
    text = _GEMINI_JSON_TEXT if json_text else "ok"
    return {
        "candidates": [
            {
                "content": {"role": "model", "parts": [{"text": text}]},
                "finishReason": "STOP",
                "index": 0,
            }
        ],
        "usageMetadata": {"promptTokenCount": 1, "candidatesTokenCount": 1, "totalTokenCount": 2},
        "modelVersion": _GEMINI_MODEL,
    }


def _models_list() -> Reply:
    """One body that parses as an OpenAI, an Anthropic and a Gemini models list."""
    return _json_reply(
        {
            "object": "list",
            "data": [
                {
                    "id": _MODEL,
                    "object": "model",
                    "created": 0,
                    "owned_by": "recorder",
                    "type": "model",
                    "display_name": "Recorder Model",
                    "created_at": "2025-01-01T00:00:00Z",
                }
            ],
            "has_more": False,
            "first_id": _MODEL,
            "last_id": _MODEL,
            "models": [
                {
                    "name": f"models/{_GEMINI_MODEL}",
                    "displayName": "Gemini (recorder)",
                    "supportedGenerationMethods": ["generateContent"],
                }
            ],
        }
    )


def _not_found(path: str) -> Reply:
    message = f"recorder: no canned reply for path {path!r}"
    return _json_reply(
        {
            "type": "error",
            "error": {
                "type": "not_found_error",
                "message": message,
                "code": 404,
                "status": "NOT_FOUND",
            },
        },
        status=404,
    )


def canned_reply(method: str, target: str, body: bytes) -> Reply:
    """The reply for a request, chosen by the suffix of the path in ``target``.

    ``body`` is the (de-chunked) request body; its JSON ``"stream"`` flag and
    Gemini ``generationConfig.responseMimeType`` are honoured (see the module
    docstring for what a streamed reply and a Gemini JSON text contain).
    """
    path, _, query = target.partition("?")
    payload = _parse_json(body)
    obj = payload if isinstance(payload, dict) else {}
    stream = obj.get("stream") is True
    if path.endswith("/chat/completions"):
        return _openai_chat(stream)
    if path.endswith("/responses"):
        return _openai_responses(stream)
    if path.endswith("/messages/count_tokens"):
        return _json_reply({"input_tokens": 1})
    if path.endswith("/messages"):
        return _anthropic_message(stream)
    if path.endswith("/models") and method == "GET":
        return _models_list()
    gen_config = obj.get("generationConfig")
    json_text = (
        isinstance(gen_config, dict) and gen_config.get("responseMimeType") == "application/json"
    )
    if path.endswith(":generateContent"):
        return _json_reply(_gemini_response(json_text))
    if path.endswith(":streamGenerateContent"):
        if "alt=sse" in query:
            return _sse_reply([(None, _gemini_response(json_text))])
        return _json_reply([_gemini_response(json_text)])
    return _not_found(path)


def _parse_json(body: bytes) -> Any:
    if not body:
        return None
    try:
        return json.loads(body)
    except ValueError:
        return None


# --------------------------------------------------------------------------
# Server
# --------------------------------------------------------------------------


class _BodyTooLargeError(Exception):
    pass


class _Handler(BaseHTTPRequestHandler):
    """Records the request, drains the body, sends the canned reply, closes."""

    protocol_version = "HTTP/1.1"
    server: _Server

    def version_string(self) -> str:
        return "agroutes-recorder/1"

    def setup(self) -> None:
        super().setup()
        self.connection.settimeout(self.server.socket_timeout)

    def _handle(self) -> None:
        self.close_connection = True
        words = self.requestline.split()
        target = words[1] if len(words) >= 2 else ""
        try:
            body, body_ok = self._read_body(), True
        except (_BodyTooLargeError, ValueError, OSError):
            body, body_ok = b"", False
        via_proxy = self.command == "CONNECT" or not target.startswith(("/", "*"))
        self.server.owner._record(
            RecordedRequest(
                method=self.command,
                target=target,
                http_version=self.request_version,
                headers=tuple((k.lower(), v) for k, v in self.headers.items()),
                body=body[:MAX_RECORDED_BODY],
                via_proxy=via_proxy,
                listener=self.server.listen_host,
                index=-1,
                received_at=time.monotonic(),
            )
        )
        if not body_ok:
            reply = _json_reply({"error": {"message": "recorder: bad body", "code": 400}}, 400)
        elif via_proxy:
            reply = _json_reply(
                {"error": {"message": "recorder: proxying refused", "code": 403}}, status=403
            )
        elif self.server.owner.redirect and not target.startswith(REDIRECTED_PREFIX):
            self.send_response(self.server.owner.redirect)
            self.send_header("Location", REDIRECTED_PREFIX + target)
            self.send_header("Content-Length", "0")
            self.send_header("Connection", "close")
            self.end_headers()
            return
        else:
            reply = canned_reply(self.command, target, body)
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(reply.body)

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._read_chunked()
        length = int(self.headers.get("Content-Length") or 0)
        if length < 0 or length > MAX_DRAINED_BODY:
            raise _BodyTooLargeError
        return self.rfile.read(length)

    def _read_chunked(self) -> bytes:
        parts: list[bytes] = []
        total = 0
        while True:  # bounded: MAX_DRAINED_BODY and the socket timeout
            size_line = self.rfile.readline(1024)
            if not size_line:
                raise ValueError("connection closed inside chunked body")
            size = int(size_line.split(b";", 1)[0].strip(), 16)
            total += size
            if total > MAX_DRAINED_BODY:
                raise _BodyTooLargeError
            if size == 0:
                # Skip trailers up to the blank line (bounded count).
                for _ in range(100):
                    line = self.rfile.readline(8192)
                    if line in (b"\r\n", b"\n", b""):
                        break
                return b"".join(parts)
            parts.append(self.rfile.read(size))
            self.rfile.readline(8)  # CRLF after the chunk data

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_CONNECT = _handle  # noqa: N815

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Silence the default stderr access log."""


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = False

    def __init__(self, owner: Recorder, host: str, port: int, socket_timeout: float) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.owner = owner
        self.listen_host = host
        self.socket_timeout = socket_timeout
        super().__init__((host, port), _Handler)

    def server_bind(self) -> None:
        if self.address_family == socket.AF_INET6:
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        # Skip HTTPServer.server_bind: it calls getfqdn(), which can be slow.
        self.socket.bind(self.server_address)
        self.server_address = self.socket.getsockname()
        self.server_name = self.listen_host
        self.server_port = self.server_address[1]

    def handle_error(
        self, request: socket.socket | tuple[bytes, socket.socket], client_address: Any
    ) -> None:
        """Report a failed connection on stderr, unless the client dropped it.

        A peer that resets or abandons its connection (``ConnectionError``) is not
        the recorder's fault and prints nothing: Bun's ``fetch`` races
        ``localhost`` over ``::1`` and ``127.0.0.1`` and resets the loser. Any
        other error keeps the standard traceback.
        """
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def ipv6_loopback_available() -> bool:
    """True when a socket can be bound on ``::1`` on this machine."""
    if not socket.has_ipv6:
        return False
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as sock:
            sock.bind(("::1", 0))
    except OSError:
        return False
    return True


class Recorder:
    """A recording HTTP server on loopback; a context manager.

    Args:
        hosts: Loopback addresses to listen on, all on one port. The default is
            ``("127.0.0.1",)``; pass ``("127.0.0.1", "::1")`` to serve IPv6 and
            ``localhost`` (whichever address a client resolves it to) too.
        port: The port; 0 (the default) picks a free ephemeral port.
        socket_timeout: Per-connection socket timeout in seconds.
        redirect: A redirect status (301, 302, 303, 307, 308) to answer every first
            request with (see the module docstring), or None for the canned replies.

    The server runs in a background thread between :meth:`start` and
    :meth:`stop` (or ``with`` entry and exit). :attr:`requests` is a snapshot
    of what arrived so far, in arrival order.
    """

    _BIND_ATTEMPTS: ClassVar[int] = 20

    def __init__(
        self,
        hosts: Iterable[str] = ("127.0.0.1",),
        *,
        port: int = 0,
        socket_timeout: float = DEFAULT_SOCKET_TIMEOUT,
        redirect: int | None = None,
    ) -> None:
        if redirect not in (None, 301, 302, 303, 307, 308):
            raise ValueError(f"redirect is a 3xx redirect status or None, not {redirect!r}")
        self.redirect: int | None = redirect
        self.hosts: tuple[str, ...] = tuple(hosts)
        if not self.hosts:
            raise ValueError("Recorder needs at least one host")
        for host in self.hosts:
            if host not in ("127.0.0.1", "::1"):
                raise ValueError(f"Recorder only listens on loopback, not {host!r}")
        self._wanted_port = port
        self._socket_timeout = socket_timeout
        self._servers: list[_Server] = []
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._requests: list[RecordedRequest] = []

    # -- lifecycle ---------------------------------------------------------

    def start(self) -> Recorder:
        """Bind all hosts on one port and start serving. Returns self."""
        if self._servers:
            raise RuntimeError("Recorder already started")
        self._servers = self._bind_all()
        for server in self._servers:
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.01},
                name=f"recorder-{server.listen_host}-{server.server_port}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)
        return self

    def _bind_all(self) -> list[_Server]:
        last_error: OSError | None = None
        for _ in range(self._BIND_ATTEMPTS):
            servers: list[_Server] = []
            port = self._wanted_port
            try:
                for host in self.hosts:
                    server = _Server(self, host, port, self._socket_timeout)
                    servers.append(server)
                    port = server.server_port
            except OSError as exc:
                last_error = exc
                for server in servers:
                    server.server_close()
                if self._wanted_port:
                    break  # a fixed port that is taken will stay taken
                continue
            return servers
        raise OSError(f"Recorder could not bind {self.hosts} on one port: {last_error}")

    def stop(self) -> None:
        """Stop serving and close the listening sockets (idempotent)."""
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers = []
        self._threads = []

    def __enter__(self) -> Recorder:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # -- addresses ---------------------------------------------------------

    @property
    def port(self) -> int:
        """The listening port (shared by all hosts)."""
        if not self._servers:
            raise RuntimeError("Recorder not started")
        return self._servers[0].server_port

    def netloc_for(self, host: str) -> str:
        """``host:port`` for URLs, with IPv6 literals bracketed (``[::1]:port``)."""
        return f"[{host}]:{self.port}" if ":" in host else f"{host}:{self.port}"

    @property
    def netloc(self) -> str:
        """``host:port`` of the first host, e.g. ``127.0.0.1:40123``."""
        return self.netloc_for(self.hosts[0])

    @property
    def origin(self) -> str:
        """``http://host:port`` of the first host, without a trailing slash."""
        return f"http://{self.netloc}"

    # -- records -----------------------------------------------------------

    def _record(self, request: RecordedRequest) -> None:
        with self._arrived:
            indexed = RecordedRequest(
                method=request.method,
                target=request.target,
                http_version=request.http_version,
                headers=request.headers,
                body=request.body,
                via_proxy=request.via_proxy,
                listener=request.listener,
                index=len(self._requests),
                received_at=request.received_at,
            )
            self._requests.append(indexed)
            self._arrived.notify_all()

    @property
    def requests(self) -> list[RecordedRequest]:
        """A snapshot of the requests recorded so far, in arrival order."""
        with self._lock:
            return list(self._requests)

    def clear(self) -> None:
        """Forget all recorded requests."""
        with self._lock:
            self._requests.clear()

    def wait_for(self, count: int, timeout: float = 5.0) -> list[RecordedRequest]:
        """Wait until at least ``count`` requests arrived (or ``timeout`` s passed).

        Returns the snapshot either way; the caller checks the length.
        """
        deadline = time.monotonic() + timeout
        with self._arrived:
            while len(self._requests) < count:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._arrived.wait(remaining)
            return list(self._requests)

    def __iter__(self) -> Iterator[RecordedRequest]:
        return iter(self.requests)

    def __len__(self) -> int:
        with self._lock:
            return len(self._requests)


def _jsonable(requests: Iterable[RecordedRequest]) -> Iterator[Mapping[str, Any]]:
    for request in requests:
        yield request.to_dict()


def main(argv: list[str] | None = None) -> int:
    """Standalone mode: serve for a while, then print requests as JSON lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--ipv6", action="store_true", help="also listen on ::1")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds to serve (max 3600)")
    args = parser.parse_args(argv)
    hosts = ("127.0.0.1", "::1") if args.ipv6 else ("127.0.0.1",)
    with Recorder(hosts, port=args.port) as rec:
        print(json.dumps({"listening": [rec.netloc_for(h) for h in rec.hosts]}), flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            time.sleep(max(0.0, min(args.duration, 3600.0)))
        for item in _jsonable(rec.requests):
            print(json.dumps(item), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
