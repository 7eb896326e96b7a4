from __future__ import annotations

import pytest

from agroutes import (
    InvalidRoutePattern,
    InvalidRouteTable,
    RouteTable,
    UnknownRouteTable,
    route_table,
)
from agroutes._correct import static_heads, table_index
from agroutes._table import MEMO_SIZE
from agroutes.profiles import Protocol
from agroutes.tables import ANY_METHOD, Match, Route


def _table(*specs: tuple[str, str]) -> RouteTable:
    return RouteTable(Route(pattern=p, methods=frozenset(m.split("|"))) for m, p in specs)


@pytest.mark.parametrize(
    ("method", "path", "status", "pattern", "params"),
    [
        pytest.param("POST", "/v1/chat/completions", 200, "/v1/chat/completions", {}, id="hit"),
        pytest.param("GET", "/v1/chat/completions", 405, None, {}, id="wrong-method"),
        pytest.param("POST", "/v1/chat/completions/", 404, None, {}, id="trailing-slash"),
        pytest.param("POST", "/v1//chat/completions", 404, None, {}, id="double-slash"),
        pytest.param("POST", "/v1/v1/chat/completions", 404, None, {}, id="double-v1"),
        pytest.param("POST", "/chat/completions", 404, None, {}, id="no-prefix"),
        pytest.param("POST", "/v1/chat/completions/responses", 404, None, {}, id="stacked"),
        pytest.param(
            "POST",
            "/v1beta/models/gemini-2.5-flash:generateContent",
            200,
            "/v1beta/models/{model}",
            {"model": "gemini-2.5-flash:generateContent"},
            id="gemini-action-in-segment",
        ),
        pytest.param(
            "GET",
            "/v1beta/models/x",
            200,
            "/v1beta/models/{model}",
            {"model": "x"},
            id="gemini-get",
        ),
        pytest.param(
            "POST",
            "/v1beta/models/models/x:generateContent",
            404,
            None,
            {},
            id="models-prefix-in-id",
        ),
        pytest.param(
            "GET",
            "/api/accounts/current",
            200,
            "/api/accounts/current",
            {},
            id="static-beats-param",
        ),
        pytest.param(
            "DELETE",
            "/api/accounts/abc",
            200,
            "/api/accounts/{accountId}",
            {"accountId": "abc"},
            id="admin-param",
        ),
        pytest.param("HEAD", "/healthz", 200, "/healthz", {}, id="implicit-head"),
        pytest.param(
            "PATCH", "/mcp/web_reader/mcp", 200, "/mcp/web_reader/mcp", {}, id="any-method"
        ),
        pytest.param("POST", "/v1/messages?beta=true", 200, "/v1/messages", {}, id="query-ignored"),
        pytest.param("GET", "", 404, None, {}, id="empty-path"),
        pytest.param("GET", "v1/models", 404, None, {}, id="relative-path"),
    ],
)
def test_antigravity_matches(
    method: str, path: str, status: int, pattern: str | None, params: dict[str, str]
) -> None:
    m = route_table("antigravity").match(method, path)
    assert m.status == status
    assert (m.route.pattern if m.route else None) == pattern
    assert dict(m.params) == params


def test_405_lists_allowed_methods() -> None:
    m = route_table("antigravity").match("GET", "/v1/messages")
    assert m.allowed_methods == frozenset({"POST"})
    assert m.route is None


def test_presets() -> None:
    newest = route_table("antigravity")
    assert newest is route_table("antigravity@4.5.8")
    assert len(route_table("antigravity@3.3.50").routes) == 22
    assert sum(r.pattern.startswith("/api/") for r in newest.routes) == 138
    for path in ("/health", "/healthz", "/api/health"):
        assert newest.match("GET", path).ok
    assert not route_table("antigravity@3.3.50").match("GET", "/health").ok
    assert all(r.source.startswith("src-tauri/src/proxy/server.rs:") for r in newest.routes)


def test_unknown_preset_suggests() -> None:
    with pytest.raises(UnknownRouteTable) as info:
        route_table("antigravty")
    assert "antigravity" in info.value.suggestions


def test_suffix_parameter_and_catch_all() -> None:
    table = _table(
        ("POST", "/v1beta/models/{model}:generateContent"),
        ("POST", "/v1beta/models/{model}"),
        ("GET", "/files/{*rest}"),
    )
    hit = table.match("POST", "/v1beta/models/m:generateContent")
    assert hit.route is not None
    assert hit.route.pattern.endswith(":generateContent")
    assert dict(hit.params) == {"model": "m"}
    assert table.match("POST", "/v1beta/models/m:countTokens").route.pattern == (  # type: ignore[union-attr]
        "/v1beta/models/{model}"
    )
    assert dict(table.match("GET", "/files/a/b/c").params) == {"rest": "a/b/c"}
    assert not table.match("GET", "/files/").ok
    assert not table.match("POST", "/v1beta/models/:generateContent").route.pattern.endswith(  # type: ignore[union-attr]
        ":generateContent"
    )


def test_backtracks_from_static_to_param() -> None:
    table = _table(("GET", "/a/b/c"), ("GET", "/a/{x}/d"))
    m = table.match("GET", "/a/b/d")
    assert m.ok
    assert dict(m.params) == {"x": "b"}


@pytest.mark.parametrize(
    ("pattern", "position"),
    [
        pytest.param("v1/models", 0, id="relative"),
        pytest.param("/v1/{model", 4, id="unclosed"),
        pytest.param("/v1/}{m}", 4, id="close-before-open"),
        pytest.param("/v1/model}", 9, id="unbalanced"),
        pytest.param("/v1/{a}{b}", 4 + 3, id="two-params"),
        pytest.param("/v1/{}", 5, id="empty-name"),
        pytest.param("/v1/{*rest}/x", 4, id="catch-all-not-last"),
        pytest.param("/{a}/{a}", 5, id="duplicate-name"),
        pytest.param("/v1?x=1", 3, id="query"),
    ],
)
def test_bad_patterns(pattern: str, position: int) -> None:
    with pytest.raises(InvalidRoutePattern) as info:
        Route(pattern=pattern, methods=frozenset({"GET"}))
    assert info.value.position == position
    assert "^" in str(info.value)


def test_bad_method() -> None:
    with pytest.raises(InvalidRoutePattern, match="bad method"):
        Route(pattern="/x", methods=frozenset({"G E T"}))


def test_conflicts_are_named() -> None:
    with pytest.raises(InvalidRouteTable) as info:
        _table(("GET", "/v1/models/{id}"), ("POST", "/v1/x"), ("GET|POST", "/v1/models/{name}"))
    assert info.value.entry == 2
    assert "entry 0" in str(info.value)
    # Same path, disjoint methods: not a conflict (axum's get().post()).
    _table(("GET", "/v1/models/{id}"), ("POST", "/v1/models/{id}"))
    with pytest.raises(InvalidRouteTable):
        _table((ANY_METHOD, "/mcp"), ("GET", "/mcp"))


def test_mount_keeps_prefix() -> None:
    mounted = route_table("antigravity").mount("/ag/")
    assert mounted.match("POST", "/ag/v1/chat/completions").ok
    assert not mounted.match("POST", "/v1/chat/completions").ok
    assert mounted.mount_prefix == "/ag"
    with pytest.raises(InvalidRoutePattern):
        route_table("antigravity").mount("ag")


def test_table_is_immutable() -> None:
    table = route_table("antigravity")
    with pytest.raises(AttributeError):
        table.routes = ()


def test_repeated_matches_come_from_the_memo_and_agree() -> None:
    table = route_table("antigravity")
    first = table.match("POST", "/v1beta/models/m:generateContent")
    assert table.match("POST", "/v1beta/models/m:generateContent") is first
    # Paths too long to keep are answered all the same.
    long_path = "/v1beta/models/" + "m" * 5000
    assert table.match("GET", long_path).ok
    assert table.match("GET", long_path) is not table.match("GET", long_path)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        pytest.param("POST", "/v1beta/models/m-ro:generateContent", id="parameter"),
        pytest.param("POST", "/v1/chat/completions", id="static"),
        pytest.param("GET", "/v1/messages", id="405"),
    ],
)
def test_params_are_read_only_and_a_second_match_is_unaffected(method: str, path: str) -> None:
    # Answers are shared (the memo hands the same one out again): nobody may change them.
    table = route_table("antigravity").mount("/ro")
    first = table.match(method, "/ro" + path)
    before = dict(first.params)
    with pytest.raises(TypeError):
        first.params["model"] = "other"  # type: ignore[index]
    with pytest.raises(TypeError):
        del first.params["model"]  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        first.params.clear()  # type: ignore[attr-defined]
    again = table.match(method, "/ro" + path)
    assert again is first
    assert dict(again.params) == before
    table.cache_clear()
    assert table.match(method, "/ro" + path) == first


def test_static_prefixes_per_protocol_keep_the_mount() -> None:
    table = route_table("antigravity")
    openai = table_index(table).static_prefixes(Protocol.OPENAI)
    assert openai[0] == ""
    assert {"/v1", "/v1/chat", "/v1/chat/completions", "/responses"} <= set(openai)
    assert "/v1beta" not in openai
    assert "/v1beta/models" in table_index(table).static_prefixes(Protocol.GEMINI)
    mounted = table_index(table.mount("/ag")).static_prefixes(Protocol.ANTHROPIC)
    assert mounted[0] == "/ag"
    assert "/ag/v1/messages" in mounted
    assert all(p.startswith("/ag") for p in mounted)


def _static_answers(table: RouteTable) -> dict[tuple[str, str], Match]:
    """The answers built with the table for static paths, by (method, path)."""
    return {
        (method, path): hit
        for path, answers in table._matcher.answers.items()
        for method, hit in answers.items()
    }


@pytest.mark.parametrize(
    "table_id", ["antigravity", "antigravity@3.3.50", "cliproxyapi", "new-api"]
)
def test_prebuilt_static_answers_agree_with_the_trie(table_id: str) -> None:
    # A first-time static hit comes from answers built with the table; the general matcher
    # must agree with every one of them (same route, and a hit at all).
    table = route_table(table_id)
    answers = _static_answers(table)
    assert len(answers) >= 20
    for (method, path), hit in answers.items():
        assert (hit.method, hit.path) == (method, path)
        general = table._matcher.find(path, None if not table.method_first else method)[0]
        assert general is not None
        route = table._matcher.pick(general, method)
        assert route is hit.route, (method, path)
        assert table.match(method, path) is hit


@pytest.mark.parametrize(
    ("pattern", "heads"),
    [
        pytest.param(
            "/v1/chat/completions", ("", "/v1", "/v1/chat", "/v1/chat/completions"), id="static"
        ),
        pytest.param("/v1beta/models/{model}", ("", "/v1beta", "/v1beta/models"), id="param"),
        pytest.param("/{v}/x", ("",), id="param-first"),
    ],
)
def test_static_heads(pattern: str, heads: tuple[str, ...]) -> None:
    route = Route(pattern=pattern, methods=frozenset({"GET"}))
    assert static_heads(route) == heads
    assert route.is_static is (len(heads) == pattern.count("/") + 1)


def test_routes_starting_with_a_parameter_count_for_their_protocol() -> None:
    # routes_for() and routes_ending() must see the same routes, also when every route of a
    # protocol starts with a parameter (no static prefix at all).
    routes = [
        Route(pattern=p, methods=frozenset({m}), protocols=frozenset({Protocol.OPENAI}))
        for m, p in (("POST", "/{a}/completions"), ("POST", "/{a}"), ("GET", "/{a}"))
    ]
    table = RouteTable(routes, mount_prefix="/m")
    index = table_index(table)
    assert set(index.routes_for(Protocol.OPENAI)) == set(routes)
    assert set(index.routes_ending(Protocol.OPENAI, "completions")) == set(routes)
    assert index.static_prefixes(Protocol.OPENAI) == ("/m",)


def test_the_memo_stays_bounded_and_answers_agree() -> None:
    table = route_table("antigravity").mount("/memo")
    first = table.match("POST", "/memo/v1beta/models/m0:generateContent")
    for i in range(MEMO_SIZE + 10):
        table.match("POST", f"/memo/v1beta/models/m{i}:generateContent")
    assert len(table._memo) <= MEMO_SIZE
    again = table.match("POST", "/memo/v1beta/models/m0:generateContent")
    assert again == first
    table.cache_clear()
    assert len(table._memo) == 0


_ODD = _table(
    ("GET", "/"),
    ("GET", "/v1/"),
    ("GET", "//x"),
    ("*", "/any"),
    ("GET", "/files/{*rest}"),
    ("POST", "/m/{m}:run"),
    ("GET", "/m/{m}"),
    ("GET", "/m/static"),
)


@pytest.mark.parametrize(
    ("method", "path", "status", "pattern", "params"),
    [
        ("GET", "/", 200, "/", {}),
        ("HEAD", "/", 200, "/", {}),  # axum answers HEAD with the GET handler
        ("POST", "/", 405, None, {}),
        ("GET", "", 404, None, {}),  # no leading "/": not the root
        ("GET", "x", 404, None, {}),
        ("GET", "/v1/", 200, "/v1/", {}),
        ("GET", "/v1", 404, None, {}),  # no trailing-slash normalisation
        ("GET", "//x", 200, "//x", {}),
        ("GET", "/x", 404, None, {}),
        ("DELETE", "/any", 200, "/any", {}),
        ("get", "/any?q=1", 200, "/any", {}),
        ("GET", "/files/a/b", 200, "/files/{*rest}", {"rest": "a/b"}),
        ("GET", "/files", 404, None, {}),
        ("POST", "/m/abc:run", 200, "/m/{m}:run", {"m": "abc"}),
        ("GET", "/m/abc:run", 405, None, {}),  # the more specific route wins, then its method
        ("GET", "/m/abc", 200, "/m/{m}", {"m": "abc"}),
        ("GET", "/m/static", 200, "/m/static", {}),
        ("POST", "/m/static", 405, None, {}),  # a static route wins over the parameter
        ("GET", "/m/", 404, None, {}),  # a parameter is never empty
    ],
)
def test_odd_paths_answer_as_written(
    method: str, path: str, status: int, pattern: str | None, params: dict[str, str]
) -> None:
    for table in (_ODD, _ODD.mount("/ag")):
        prefix = "/ag" if table is not _ODD and path.startswith("/") else ""
        got = table.match(method, prefix + path)
        assert got.status == status, (table.id, method, path)
        assert (got.route.pattern if got.route else None) == (prefix + pattern if pattern else None)
        assert dict(got.params) == params
        assert table.match(method, prefix + path) == got  # the memo answers the same
