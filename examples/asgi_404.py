"""A minimal ASGI "proxy" whose 404 handler answers with agroutes' explanation as JSON.

It routes with an agroutes table (Antigravity Tools' by default) and serves two toy
endpoints; every request the table does not route gets a 404 (or 405) whose body is an
OpenAI-style error carrying the diagnosis, so the user of any SDK reads the fix in the
error message itself::

    openai.NotFoundError: Error code: 404 - POST /chat/completions on antigravity@4.5.8:
    404 Not Found (no route) ... Use this Base URL instead: http://127.0.0.1:8045/v1

With ``accept_mistakes=True`` the app also serves a mistaken path under its canonical
route when, and only when, agroutes finds the mapping unambiguous (and says so in an
``x-agroutes-rewritten-from`` header).

Run it (needs uvicorn) and point a client at a wrong Base URL::

    python examples/asgi_404.py
    python -c "import openai; openai.OpenAI(base_url='http://127.0.0.1:8045', api_key='k')\
.models.list()"
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from agroutes import RouteTable, diagnose_path, route_table, suggest_rewrite

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


def make_app(routes: str | RouteTable = "antigravity", *, accept_mistakes: bool = False) -> App:
    """An ASGI app routing with ``routes``; its 404 and 405 answers explain themselves."""
    table = route_table(routes)

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        method: str = scope["method"]
        # raw_path keeps what the client sent ("//", "%2F"); path is the decoded form.
        path = (scope.get("raw_path") or scope["path"].encode()).decode("latin-1")
        query = scope.get("query_string", b"").decode("latin-1")
        target = f"{path}?{query}" if query else path
        await _drain(receive)

        match = table.match(method, path)
        extra: list[tuple[bytes, bytes]] = []
        if not match.ok and accept_mistakes:
            rewrite = suggest_rewrite(method, target, routes=table)
            if rewrite is not None:
                match = table.match(method, rewrite.new_path)
                extra.append((b"x-agroutes-rewritten-from", path.encode("latin-1")))
        if match.route is not None:
            status, body = _handle(match.route.operation)
            await _respond(send, status, body, extra)
            return

        # The 404 handler: agroutes names the mistake and the Base URL to use instead.
        d = diagnose_path(method, target, routes=table, origin=_origin(scope))
        error = {
            "message": str(d),
            "type": "invalid_request_error",
            "code": d.kind.value if d.kind else None,
            "agroutes": d.to_mapping(),
        }
        headers: list[tuple[bytes, bytes]] = []
        if d.status == 405:
            headers.append((b"allow", ", ".join(sorted(match.allowed_methods)).encode()))
        elif d.match.redirect is not None:  # a gin-like table redirects a trailing "/"
            headers.append((b"location", d.match.redirect.encode("latin-1")))
        await _respond(send, d.status, {"error": error}, headers)

    return app


def _origin(scope: Scope) -> str | None:
    """``scheme://host`` as the client addressed us, so corrected Base URLs are copyable."""
    headers = dict(scope.get("headers") or [])
    host = headers.get(b"host", b"").decode("latin-1")
    if not host or any(c in host for c in "/?#@\\ "):
        return None  # diagnose_path then shows its default origin
    return f"{scope.get('scheme', 'http')}://{host}"


def _handle(operation: str) -> tuple[int, dict[str, Any]]:
    """Two toy endpoints; a real proxy forwards upstream here."""
    if operation == "chat-completions":
        message = {"role": "assistant", "content": "routed"}
        return 200, {
            "id": "chatcmpl-example",
            "object": "chat.completion",
            "created": 0,
            "model": "example",
            "choices": [{"index": 0, "message": message, "finish_reason": "stop"}],
        }
    if operation == "list-models":
        return 200, {"object": "list", "data": [{"id": "example", "object": "model"}]}
    return 501, {"error": {"message": f"{operation} is not implemented in this example"}}


async def _respond(
    send: Send, status: int, body: dict[str, Any], headers: list[tuple[bytes, bytes]]
) -> None:
    payload = json.dumps(body, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


async def _drain(receive: Receive) -> None:
    while True:
        message = await receive()
        if message["type"] != "http.request" or not message.get("more_body"):
            return


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


app = make_app()

if __name__ == "__main__":
    import uvicorn

    uvicorn.run(app, host="127.0.0.1", port=8045)
