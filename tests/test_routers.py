"""Each router preset against the real framework, asked the same near-miss requests.

Every framework serves the same small route set (``tests/support/routers/``: a static
route, a parameter, a ``{model}:generateContent`` segment where the framework has one, a
route registered with a trailing slash), started on 127.0.0.1 on a port the OS picks. Each
near miss (a trailing slash added or dropped, a doubled slash, a wrong method, a wrong
case, HEAD) is sent as raw bytes with :mod:`http.client`, which changes no path and follows
no redirect; its status, ``Allow`` and ``Location`` must be what ``RouteTable.match``
predicts for the same routes under that framework's router preset.

What runs where (each skips cleanly when its framework is absent):

- Starlette (the ``bench`` group) and FastAPI (the ``routers`` group) from PyPI, served by
  uvicorn (``example`` group).
- fastify and hono from npm: ``npm install --prefix DIR fastify@5.12.8 hono@4.13.19
  @hono/node-server@2.1.9``, then ``AGROUTES_NODE_MODULES=DIR/node_modules`` (.ci/run does
  this when npm is there; about 30 s).
- gin 1.8.1 and cpp-httplib 0.11.4 from Debian's packages (``apt-get install golang-go
  golang-github-gin-gonic-gin-dev libcpp-httplib-dev``): built here, gin in GOPATH mode.

axum (crates.io) and Go 1.22's ServeMux (Debian ships Go 1.19) cannot run here; their
presets cite the frameworks' source instead, and the last tests hold the table to those
cited facts.
"""

from __future__ import annotations

import dataclasses
import http.client
import itertools
import json
import os
import re
import select
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final
from urllib.parse import urlsplit

import pytest

from agroutes import InvalidRouteTable
from agroutes._routers import (
    ROUTER_PRESETS,
    DoubleSlash,
    RouterSemantics,
    TrailingSlash,
    router_semantics,
)
from agroutes.tables import Route, RouteTable, table_from_data, table_to_data
from tests.test_cli import run_here

APPS: Final = Path(__file__).parent / "support" / "routers"
TIMEOUT: Final = 10.0


def _routes(*, inline_suffix: bool) -> list[Route]:
    """The route set of the apps, in agroutes' pattern syntax."""
    gemini = "/v1beta/models/{model}:generateContent" if inline_suffix else "/v1beta/models/{model}"
    return [
        Route(pattern="/v1/models", methods=frozenset({"GET"})),
        Route(pattern="/v1/models/{model}", methods=frozenset({"GET"})),
        Route(pattern="/v1/chat/completions", methods=frozenset({"POST"})),
        Route(pattern=gemini, methods=frozenset({"POST"})),
        Route(pattern="/dash/", methods=frozenset({"GET"})),
    ]


#: (id, method, target): the same near misses for every framework.
NEAR_MISSES: Final = (
    ("hit", "GET", "/v1/models"),
    ("hit-parameter", "GET", "/v1/models/gpt-4o"),
    ("hit-action", "POST", "/v1beta/models/gemini-2.5-flash:generateContent"),
    ("hit-slash-route", "GET", "/dash/"),
    ("slash-added-get", "GET", "/v1/models/"),
    ("slash-added-post", "POST", "/v1/chat/completions/"),
    ("slash-added-head", "HEAD", "/v1/models/"),
    ("slash-added-parameter", "GET", "/v1/models/gpt-4o/"),
    ("slash-added-query", "GET", "/v1/models/?a=b"),
    ("slash-dropped-get", "GET", "/dash"),
    ("slash-dropped-post", "POST", "/dash"),
    ("double-slash-get", "GET", "/v1//models"),
    ("double-slash-post", "POST", "/v1//chat/completions"),
    ("double-slash-leading", "GET", "//v1/models"),
    ("wrong-method-get", "GET", "/v1/chat/completions"),
    ("wrong-method-post", "POST", "/v1/models"),
    ("wrong-method-put", "PUT", "/v1/chat/completions"),
    ("wrong-method-action", "GET", "/v1beta/models/gemini-2.5-flash:generateContent"),
    ("wrong-method-options", "OPTIONS", "/v1/models"),
    ("wrong-case", "GET", "/V1/models"),
    ("wrong-case-action", "POST", "/v1beta/models/gemini-2.5-flash:generatecontent"),
    ("head", "HEAD", "/v1/models"),
)


@dataclass(frozen=True, slots=True)
class Answer:
    """What a router answered, reduced to what routing decides."""

    status: int  # 200 for any 2xx: the handler answered
    allow: frozenset[str] | None
    location: str | None  # path and query


def ask(origin: str, method: str, target: str) -> Answer:
    """Send ``method target`` exactly as written and read the router's answer."""
    host, _, port = urlsplit(origin).netloc.partition(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=TIMEOUT)
    try:
        body = b"{}" if method in ("POST", "PUT") else None
        headers = {"Content-Type": "application/json"} if body is not None else {}
        conn.request(method, target, body=body, headers=headers)
        response = conn.getresponse()
        response.read()
    finally:
        conn.close()
    allow = response.getheader("Allow")
    location = response.getheader("Location")
    if location is not None:
        parts = urlsplit(location)
        location = parts.path + (f"?{parts.query}" if parts.query else "")
    status = 200 if 200 <= response.status < 300 else response.status
    methods = frozenset(m.strip() for m in allow.split(",")) if allow else None
    return Answer(status=status, allow=methods if status == 405 else None, location=location)


def predict(table: RouteTable, method: str, target: str) -> Answer:
    """What ``table.match`` says the router answers."""
    m = table.match(method, target)
    allow = None
    if m.status == 405:
        allow = frozenset(table.router.allow_header(m.allowed_methods))
    location = None
    if m.redirect is not None:
        query = target.partition("?")[2]
        location = m.redirect + (f"?{query}" if query else "")
    return Answer(status=m.status, allow=allow, location=location)


# -- the servers ---------------------------------------------------------------------------


def _process(argv: list[str], env: dict[str, str] | None = None) -> Iterator[str]:
    """Run a server that prints its port on its first line; yield its origin; stop it."""
    with subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True
    ) as proc:
        try:
            assert proc.stdout is not None
            ready, _, _ = select.select([proc.stdout], [], [], TIMEOUT)
            line = proc.stdout.readline() if ready else ""
            if not line.strip().isdigit():
                proc.kill()
                _, err = proc.communicate(timeout=TIMEOUT)
                pytest.fail(f"{argv[0]} did not start: {line!r} {err[-2000:]}")
            yield f"http://127.0.0.1:{int(line)}"
        finally:
            proc.terminate()
            try:
                proc.communicate(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate(timeout=TIMEOUT)


def _starlette(_tmp: Path) -> Iterator[str]:
    pytest.importorskip("starlette")
    from tests.support.routers.starlette_app import make_app  # noqa: PLC0415

    yield from _uvicorn(make_app())


def _fastapi(_tmp: Path) -> Iterator[str]:
    pytest.importorskip("fastapi")
    from tests.support.routers.starlette_app import make_fastapi_app  # noqa: PLC0415

    yield from _uvicorn(make_fastapi_app())


def _uvicorn(app: Any) -> Iterator[str]:
    uvicorn: Any = pytest.importorskip("uvicorn")
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, lifespan="off", log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + TIMEOUT
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                pytest.fail("uvicorn did not start")
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=TIMEOUT)
        sock.close()


def _node_modules(*packages: str) -> Path:
    if shutil.which("node") is None:
        pytest.skip("node is not installed")
    where = os.environ.get("AGROUTES_NODE_MODULES")
    if not where:
        pytest.skip("AGROUTES_NODE_MODULES is not set (see this module's docstring)")
    folder = Path(where)
    for package in packages:
        if not (folder / package / "package.json").is_file():
            pytest.skip(f"{package} is not installed in {folder}")
    return folder


def _node(app: str, *packages: str, lenient: bool = False) -> Callable[[Path], Iterator[str]]:
    def serve(_tmp: Path) -> Iterator[str]:
        folder = _node_modules(*packages)
        env = {**os.environ, "NODE_PATH": str(folder)}
        yield from _process(["node", str(APPS / app), *(["lenient"] if lenient else [])], env=env)

    return serve


#: Where Debian's golang-github-gin-gonic-gin-dev puts gin's source (a GOPATH).
GOPATH: Final = Path("/usr/share/gocode")


def _gin(tmp: Path, *, lenient: bool = False) -> Iterator[str]:
    if shutil.which("go") is None or not (GOPATH / "src/github.com/gin-gonic/gin").is_dir():
        pytest.skip("go and Debian's golang-github-gin-gonic-gin-dev are not installed")
    binary = tmp / "gin-app"
    env = {
        **os.environ,
        "GO111MODULE": "off",
        "GOPATH": str(GOPATH),  # read only: the build cache stays go's own (~/.cache)
        "GOFLAGS": "",
    }
    subprocess.run(
        [str(shutil.which("go")), "build", "-o", str(binary), str(APPS / "gin_app.go")],
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    yield from _process([str(binary), *(["lenient"] if lenient else [])])


def _gin_lenient(tmp: Path) -> Iterator[str]:
    yield from _gin(tmp, lenient=True)


def _httplib(tmp: Path) -> Iterator[str]:
    if shutil.which("g++") is None or not Path("/usr/include/httplib.h").is_file():
        pytest.skip("g++ and Debian's libcpp-httplib-dev are not installed")
    binary = tmp / "httplib-app"
    subprocess.run(
        [
            *(str(shutil.which("g++")), "-std=c++17", "-o", str(binary)),
            *(str(APPS / "httplib_app.cc"), "-pthread", "-lcpp-httplib"),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    yield from _process([str(binary)])


#: The options that fold slashes, which no preset has by default, as a table states them:
#: fastify with ignoreTrailingSlash and ignoreDuplicateSlashes, hono with strict: false,
#: gin with RemoveExtraSlash.
FASTIFY_LENIENT: Final = dataclasses.replace(
    ROUTER_PRESETS["fastify"], trailing_slash=TrailingSlash.MATCH, double_slash=DoubleSlash.MATCH
)
HONO_LENIENT: Final = dataclasses.replace(
    ROUTER_PRESETS["hono"], trailing_slash=TrailingSlash.STRIP
)
GIN_LENIENT: Final = dataclasses.replace(ROUTER_PRESETS["gin"], double_slash=DoubleSlash.MATCH)

#: framework -> (how to serve it, the table's router, whether the app's Gemini route has the
#: static ":generateContent" in its pattern).
FRAMEWORKS: Final[
    dict[str, tuple[Callable[[Path], Iterator[str]], str | RouterSemantics, bool]]
] = {
    "starlette": (_starlette, "starlette", True),
    "fastapi": (_fastapi, "fastapi", True),
    "fastify": (_node("fastify_app.cjs", "fastify"), "fastify", True),
    "hono": (_node("hono_app.cjs", "hono", "@hono/node-server"), "hono", True),
    "fastify-lenient": (_node("fastify_app.cjs", "fastify", lenient=True), FASTIFY_LENIENT, True),
    "hono-lenient": (
        _node("hono_app.cjs", "hono", "@hono/node-server", lenient=True),
        HONO_LENIENT,
        True,
    ),
    "gin": (_gin, "gin", False),
    "gin-lenient": (_gin_lenient, GIN_LENIENT, False),
    "httplib": (_httplib, "httplib", True),
}


@pytest.fixture(scope="module", params=sorted(FRAMEWORKS))
def framework(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, str, RouteTable]]:
    """(framework, its origin, the table of the same routes under its router preset)."""
    name = request.param
    serve, router, inline = FRAMEWORKS[name]
    table = RouteTable(_routes(inline_suffix=inline), id=f"near-miss-{name}", router=router)
    for origin in serve(tmp_path_factory.mktemp(name)):
        yield name, origin, table


def test_the_table_predicts_what_the_real_framework_answers(
    framework: tuple[str, str, RouteTable],
) -> None:
    name, origin, table = framework
    wrong = []
    for case, method, target in NEAR_MISSES:
        seen = ask(origin, method, target)
        predicted = predict(table, method, target)
        if seen != predicted:
            wrong.append(f"{case}: {method} {target}: {name} answered {seen}, agroutes {predicted}")
    assert not wrong, "\n".join(wrong)


def _behaviour(router: RouterSemantics) -> tuple[object, ...]:
    """What routing depends on: every field but names, syntax notes and sources."""
    skip = {"name", "title", "parameter_syntax", "inline_suffix", "source"}
    return tuple(getattr(router, f.name) for f in dataclasses.fields(router) if f.name not in skip)


def test_the_near_misses_tell_the_routers_apart() -> None:
    """The requests are worth sending: two presets that differ get different answers
    (hono and cpp-httplib route alike by default, and so do their answers)."""
    presets = sorted(ROUTER_PRESETS.values(), key=lambda r: r.name)
    answers = {}
    for router in presets:
        table = RouteTable(_routes(inline_suffix=router.inline_suffix), router=router)
        answers[router.name] = tuple(predict(table, m, t) for _c, m, t in NEAR_MISSES)
    for one, other in itertools.combinations(presets, 2):
        same = answers[one.name] == answers[other.name]
        assert same == (_behaviour(one) == _behaviour(other)), (one.name, other.name)


# -- the presets that cannot run here, held to their cited source ----------------------


def _table(router: str) -> RouteTable:
    return RouteTable(_routes(inline_suffix=False), router=router)


@pytest.mark.parametrize(
    ("router", "method", "target", "expected"),
    [
        # axum-v0.8.9 method_routing.rs:754 (405), :859 (Allow: GET, HEAD), :1157 (HEAD).
        pytest.param(
            "axum",
            "POST",
            "/v1/models",
            Answer(405, frozenset({"GET", "HEAD"}), None),
            id="axum-405",
        ),
        pytest.param("axum", "HEAD", "/v1/models", Answer(200, None, None), id="axum-head"),
        pytest.param("axum", "GET", "/v1/models/", Answer(404, None, None), id="axum-slash"),
        pytest.param("axum", "GET", "/v1//models", Answer(404, None, None), id="axum-double"),
        # go1.22 net/http: cleanPath then a 301 for every method; /tree -> /tree/ (301).
        pytest.param(
            "go-servemux",
            "POST",
            "/v1//chat/completions",
            Answer(301, None, "/v1/chat/completions"),
            id="go-clean-post",
        ),
        pytest.param("go-servemux", "GET", "/dash", Answer(301, None, "/dash/"), id="go-subtree"),
        pytest.param("go-servemux", "GET", "/v1/models/", Answer(404, None, None), id="go-slash"),
        pytest.param(
            "go-servemux",
            "POST",
            "/v1/models",
            Answer(405, frozenset({"GET", "HEAD"}), None),
            id="go-405",
        ),
    ],
)
def test_the_presets_that_cannot_run_here_follow_their_source(
    router: str, method: str, target: str, expected: Answer
) -> None:
    assert predict(_table(router), method, target) == expected


def test_every_preset_says_where_its_facts_come_from() -> None:
    for name, router in ROUTER_PRESETS.items():
        assert router.name == name
        assert router.source.startswith(("ran ", "from source: ")), name
        redirects = (
            router.trailing_slash is not TrailingSlash.EXACT
            or router.double_slash is not DoubleSlash.EXACT
        )
        assert (router.redirect_get is not None) == redirects, name
    assert router_semantics("GIN") is ROUTER_PRESETS["gin"]


# -- the router as a table's data ---------------------------------------------------------


def test_a_table_document_names_its_router_and_gets_it_back() -> None:
    doc = {"router": "starlette", "routes": [{"methods": "GET", "pattern": "/v1/models"}]}
    table = table_from_data(doc)
    assert table.router is ROUTER_PRESETS["starlette"]
    data = table_to_data(table)
    assert data["router"] == "starlette"
    again = table_from_data(data)
    assert again.router == table.router
    assert again.match("GET", "/v1/models/").status == 307


def test_the_four_options_change_the_named_router() -> None:
    doc = {
        "router": "gin",
        "method_not_allowed": True,
        "redirect_trailing_slash": False,
        "routes": [{"methods": "GET", "pattern": "/v1/models"}],
    }
    table = table_from_data(doc)
    assert table.router.name == "gin"
    assert table.router.method_not_allowed
    assert table.router.trailing_slash is TrailingSlash.EXACT
    assert table.match("POST", "/v1/models").status == 405
    assert table.match("GET", "/v1/models/").status == 404
    assert table_from_data(table_to_data(table)).router == table.router
    # And a router without redirects that is told to redirect takes gin's statuses.
    axum = RouteTable(_routes(inline_suffix=False), redirect_trailing_slash=True)
    assert (axum.router.redirect_get, axum.router.redirect_other) == (301, 307)
    assert axum.match("POST", "/v1/chat/completions/").status == 307


@pytest.mark.parametrize(
    ("router", "message"),
    [
        pytest.param("express", "unknown router 'express'; choose one of 'axum', 'gin'", id="name"),
        pytest.param(7, "unknown router 7; choose one of", id="type"),
    ],
)
def test_an_unknown_router_is_a_typed_error(router: object, message: str) -> None:
    with pytest.raises(InvalidRouteTable, match=message):
        table_from_data({"router": router, "routes": []})
    with pytest.raises(InvalidRouteTable, match="unknown router"):
        RouteTable([], router=str(router))


def test_a_router_that_redirects_needs_its_statuses() -> None:
    with pytest.raises(InvalidRouteTable, match="'redirect_get' is a 3xx status"):
        dataclasses.replace(ROUTER_PRESETS["axum"], trailing_slash=TrailingSlash.REDIRECT)
    with pytest.raises(InvalidRouteTable, match="'redirect_other' is a 3xx status, not 200"):
        dataclasses.replace(ROUTER_PRESETS["gin"], redirect_other=200)


def test_agroutes_routes_names_each_tables_framework_and_version() -> None:
    listing = run_here("routes", "--lang", "en")
    assert listing.status == 0
    rows = {line.split()[0]: line for line in listing.out.splitlines()[3:] if line.strip()}
    assert " gin " in rows["cliproxyapi"]
    assert "(a7e3596b)" in rows["cliproxyapi"]
    assert " axum " in rows["antigravity@3.3.50"]
    assert "3.3.50 (35185069)" in rows["antigravity@3.3.50"]
    one = run_here("routes", "new-api", "--lang", "en")
    assert "Router: gin (gin 1.x (gin.New() defaults)): trailing slash redirect 301/307" in one.out
    doc = json.loads(run_here("--json", "routes", "cliproxyapi").out)
    assert doc["table"]["router"]["name"] == "gin"
    assert doc["table"]["router"]["redirect_get"] == 301


def test_a_lenient_router_serves_the_other_spelling() -> None:
    """fastify's ``ignoreTrailingSlash`` and gin's ``RemoveExtraSlash``: no preset's default,
    but a router a table can be given; the path is served as the route's, no redirect."""
    loose = dataclasses.replace(ROUTER_PRESETS["fastify"], trailing_slash=TrailingSlash.MATCH)
    table = RouteTable(_routes(inline_suffix=True), router=loose)
    hit = table.match("GET", "/v1/models/gpt-4o/")
    assert (hit.status, hit.params["model"]) == (200, "gpt-4o")
    assert table.match("GET", "/dash").status == 200
    assert table.match("POST", "/v1/models/").status == 404  # fastify: a wrong method is 404
    clean = dataclasses.replace(ROUTER_PRESETS["gin"], double_slash=DoubleSlash.MATCH)
    table = RouteTable(_routes(inline_suffix=False), router=clean)
    assert table.match("POST", "/v1//chat/completions").status == 200
    assert table.match("GET", "//v1//models").status == 200
    assert table.match("GET", "/v1//chat/completions").status == 404


def test_a_table_document_may_change_its_routers_slash_rules() -> None:
    """A proxy that builds hono with ``strict: false`` says so in its table."""
    routes = [{"methods": "GET", "pattern": "/v1/models"}]
    lenient = table_from_data({"router": "hono", "trailing_slash": "strip", "routes": routes})
    assert lenient.router.name == "hono"
    assert lenient.match("GET", "/v1/models/").status == 200
    data = table_to_data(lenient)
    assert data["trailing_slash"] == "strip"
    assert "double_slash" not in data  # only what differs from the preset is written
    assert table_from_data(data).router == lenient.router
    permanent = table_from_data(
        {
            "router": "axum",
            "trailing_slash": "redirect",
            "redirect_get": 308,
            "redirect_other": 308,
            "routes": routes,
        }
    )
    assert permanent.match("GET", "/v1/models/").status == 308
    assert table_from_data(table_to_data(permanent)).router == permanent.router


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        pytest.param(
            {"trailing_slash": "sometimes"},
            "'trailing_slash' is one of 'exact', 'redirect', 'redirect-add', 'match', 'strip', not",
            id="rule",
        ),
        pytest.param({"double_slash": 1}, "'double_slash' is one of", id="rule-type"),
        pytest.param(
            {"trailing_slash": "redirect"},
            "router 'axum' redirects: 'redirect_get' is a 3xx status",
            id="no-status",
        ),
        pytest.param(
            {"router": "gin", "redirect_get": True},
            "'redirect_get' must be a status such as 308, not bool True",
            id="status-type",
        ),
        pytest.param(
            {"router": "gin", "redirect_get": 200},
            "'redirect_get' is a 3xx status, not 200",
            id="status-range",
        ),
    ],
)
def test_a_bad_slash_rule_is_a_typed_error(extra: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidRouteTable, match=re.escape(message)):
        table_from_data({"routes": [], **extra})
