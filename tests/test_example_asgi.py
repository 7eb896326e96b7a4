"""The ASGI example (examples/asgi_404.py) under a real server, called by a real client.

uvicorn serves the example on 127.0.0.1 (an ephemeral port) in a thread; the OpenAI SDK,
given the classic wrong Base URL (no /v1), gets a 404 whose body carries agroutes' advice,
and the corrected Base URL from that advice then works.
"""

from __future__ import annotations

import importlib.util
import json
import socket
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable, Iterator, MutableMapping
from pathlib import Path
from typing import Any, cast

import pytest

uvicorn = pytest.importorskip("uvicorn")
openai = pytest.importorskip("openai")

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "asgi_404.py"
TIMEOUT = 5.0

App = Callable[[MutableMapping[str, Any], Any, Any], Awaitable[None]]


def _make_app(**options: object) -> App:
    spec = importlib.util.spec_from_file_location("agroutes_example_asgi_404", EXAMPLE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return cast(App, module.make_app(**options))


def _serve(app: App) -> Iterator[str]:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, lifespan="off", log_level="warning", access_log=False, timeout_graceful_shutdown=1
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                pytest.fail("the example server did not start")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def origin() -> Iterator[str]:
    yield from _serve(_make_app())


@pytest.fixture
def lenient_origin() -> Iterator[str]:
    yield from _serve(_make_app(accept_mistakes=True))


def _openai(base_url: str) -> Any:
    return openai.OpenAI(base_url=base_url, api_key="sk-test", max_retries=0, timeout=TIMEOUT)


def _chat(client: Any) -> Any:
    return client.chat.completions.create(
        model="example", messages=[{"role": "user", "content": "hi"}]
    )


def test_openai_sdk_reads_the_fix_from_the_404(origin: str) -> None:
    with pytest.raises(openai.NotFoundError) as info:
        _chat(_openai(origin))  # the seed's classic: the Base URL lacks /v1
    error = info.value.body
    assert isinstance(error, dict)
    assert error["code"] == "missing-prefix"
    advice = error["agroutes"]
    assert advice["path"] == "/chat/completions"
    assert advice["meant"]["path"] == "/v1/chat/completions"
    fixes = {s["client"]: s["corrected_base_url"] for s in advice["senders"]}
    assert fixes["openai-python"] == f"{origin}/v1"
    assert f"Use this Base URL instead: {origin}/v1" in str(info.value)

    answer = _chat(_openai(fixes["openai-python"]))  # the advice works
    assert answer.choices[0].message.content == "routed"


def _call(url: str, method: str, data: bytes | None = None) -> tuple[int, dict[str, Any], Any]:
    request = urllib.request.Request(url, data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, dict(response.headers), json.load(response)
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, dict(exc.headers), json.load(exc)


@pytest.mark.parametrize(
    ("method", "path", "status", "kind", "meant"),
    [
        pytest.param(
            "POST", "/v1/v1/messages", 404, "duplicated-prefix", "/v1/messages", id="v1v1"
        ),
        pytest.param(
            "POST",
            "/v1/chat/completions/responses",
            404,
            "stacked-path",
            "/v1/responses",
            id="stacked",
        ),
        pytest.param("GET", "/v1/messages", 405, "method-not-allowed", "/v1/messages", id="405"),
    ],
)
def test_raw_requests_get_the_diagnosis(
    origin: str, method: str, path: str, status: int, kind: str, meant: str
) -> None:
    got, headers, body = _call(origin + path, method, b"{}" if method == "POST" else None)
    assert got == status
    assert body["error"]["code"] == kind
    assert body["error"]["agroutes"]["meant"]["path"] == meant
    if status == 405:
        assert headers["allow"] == "POST"


def test_opt_in_rewrite_serves_unambiguous_mistakes(lenient_origin: str) -> None:
    answer = _chat(_openai(lenient_origin))  # /chat/completions, served as /v1/chat/...
    assert answer.choices[0].message.content == "routed"
    status, headers, _body = _call(lenient_origin + "/v1/v1/chat/completions", "POST", b"{}")
    assert status == 200
    assert headers["x-agroutes-rewritten-from"] == "/v1/v1/chat/completions"
    # Ambiguous: the OpenAI list under a doubled /v1, or google-genai's default v1 list that
    # wants /v1beta/models? Never guessed.
    status, _headers, body = _call(lenient_origin + "/v1/v1/models", "GET")
    assert status == 404
    assert body["error"]["agroutes"]["rewrite"] is None
