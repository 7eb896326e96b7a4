"""The compiled matcher (issue 17) and the trie behind it (issue 18).

Each table's routes are compiled into a generated function (agroutes._compile writes it,
agroutes._matcher compiles it). These tests hold that function equal to the plain trie
walk (``Matcher.walk_match``) on every built-in table and on generated ones, check that
no text of a route pattern becomes code, and that deep patterns, long paths, big tables
and a memo under pressure behave.
"""

from __future__ import annotations

import dataclasses
import gc
import io
import keyword
import re
import time
import tokenize
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import agroutes
from agroutes import (
    InvalidRoutePattern,
    InvalidRouteTable,
    RouteTable,
    diagnose,
    diagnose_path,
    route_table,
)
from agroutes._compile import MAX_DEPTH
from agroutes._matcher import COMPILE_AFTER
from agroutes._patterns import shape
from agroutes._routers import ROUTER_PRESETS, DoubleSlash, TrailingSlash
from agroutes.profiles import Protocol
from agroutes.tables import ANY_METHOD, Match, Route

BUILT_IN = ("antigravity", "antigravity@3.3.50", "cliproxyapi", "new-api")
METHODS = ("GET", "POST", "DELETE", "PUT", "HEAD", "PATCH", "get", "OPTIONS")


def _same(table: RouteTable, method: str, path: str) -> Match:
    """The compiled function's answer, checked against the plain walk's."""
    compiled = table._matcher.compiled()(method, path)
    walked = table._matcher.walk_match(method, path)
    assert compiled == walked, (table.id, method, path)
    assert compiled.route is walked.route, (table.id, method, path)
    return compiled


def _crowded(*, method_first: bool) -> RouteTable:
    # Several parameters under one node, of different specificity and methods.
    specs = [
        ("GET", "/a/{x}"),
        ("POST", "/a/p{y}"),
        ("GET|POST", "/a/{z}:run"),
        ("DELETE", "/a/{w}/b"),
        ("GET", "/{any}"),
        ("PUT", "/a/{*rest}"),
        ("GET", "/a/static"),
        ("POST", "/a/{q}"),  # same shape as {x}, other method: reached only on gin
        ("*", "/any"),
        ("GET", "/"),
        ("GET", "//x"),
        ("GET", "/v1/"),
    ]
    return RouteTable(
        (Route(pattern=p, methods=frozenset(m.split("|"))) for m, p in specs),
        id="crowded-gin" if method_first else "crowded",
        method_first=method_first,
    )


TABLES: dict[str, RouteTable] = {
    **{t: route_table(t) for t in BUILT_IN},
    "antigravity@mount": route_table("antigravity").mount("/ag"),
    "cliproxyapi@mount": route_table("cliproxyapi").mount("/x"),
    "crowded": _crowded(method_first=False),
    "crowded-gin": _crowded(method_first=True),
}


def table_paths(table: RouteTable) -> st.SearchStrategy[str]:
    """A route's own pattern with its parameters filled in, perhaps a segment more or a
    query, or a path of words from the table's vocabulary, or an odd text."""
    patterns = sorted({r.pattern for r in table.routes})
    words = sorted({w for p in patterns for w in p.split("/") if "{" not in w})
    value = st.sampled_from(["m", "pm", "m:run", "gemini-2.5-flash:generateContent", ""])

    def fill(pattern: str) -> st.SearchStrategy[str]:
        parts = pattern.split("/")
        filled = st.tuples(*(value if "{" in part else st.just(part) for part in parts))
        extra = st.sampled_from(["", "/b", "/x", "/", "?q=1", "/x/y"])
        return st.tuples(filled, extra).map(lambda fe: "/".join(fe[0]) + fe[1])

    segment = st.one_of(st.sampled_from(words), value, st.text("ab:{}*.-", max_size=4))
    loose = st.lists(segment, max_size=6).map(lambda parts: "/" + "/".join(parts))
    odd = st.sampled_from(["", "/", "x", "?q", "//", "/?x=1", "v1/models"])
    return st.one_of(st.sampled_from(patterns).flatmap(fill), loose, odd)


@pytest.mark.parametrize("table_id", list(TABLES))
@settings(max_examples=300, deadline=None)
@given(data=st.data(), method=st.sampled_from(METHODS))
def test_compiled_matcher_answers_as_the_walk_on_every_built_in_table(
    table_id: str, data: st.DataObject, method: str
) -> None:
    table = TABLES[table_id]
    _same(table, method, data.draw(table_paths(table), label="path"))


@pytest.mark.parametrize("table_id", list(TABLES))
def test_every_route_of_a_built_in_table_is_answered_as_by_the_walk(table_id: str) -> None:
    table = TABLES[table_id]
    for route in table.routes:
        path = re.sub(r"\{\*?[^{}]+\}", "v", route.pattern)
        for method in (*sorted(route.methods - {ANY_METHOD}), "PATCH", "HEAD"):
            _same(table, method, path)
            _same(table, method, path + "/")


# --- generated tables, hostile text ----------------------------------------------------------

#: Texts for segments, prefixes and suffixes: quotes, backslashes, newlines, braces, repr's
#: own escapes, a NUL, and text that reads as Python.
HOSTILE = [
    "a",
    "b",
    "v1",
    "models",
    "",
    "x'y",
    'q"z',
    "'''",
    '"""',
    "back\\slash",
    "\\n",
    "new\nline",
    "cr\rlf",
    "tab\t",
    "\x00",
    "\x0c\u2028",
    "é",
    "{}",
    "{",
    "}",
    "'); import os; os.system('x') #",
    "\\' + str(1) + '",
    "#",
    ":run",
]
_WORD = st.sampled_from(HOSTILE)
_NAMES = st.sampled_from(["p", "model", "id_2", "a-b", "x'", "n\n"])


@st.composite
def patterns(draw: st.DrawFn) -> str:
    """A pattern of static segments, parameters (``pre{p}suf``) and perhaps a catch-all."""
    parts = []
    for index in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["static", "static", "param", "affix"]))
        if kind == "static":
            parts.append(draw(_WORD))
        elif kind == "param":
            parts.append(f"{{{draw(_NAMES)}{index}}}")
        else:
            parts.append(f"{draw(_WORD)}{{{draw(_NAMES)}{index}}}{draw(_WORD)}")
    if draw(st.booleans()) and draw(st.booleans()):
        parts.append("{*rest}")
    return "/" + "/".join(parts)


def _routes(specs: list[tuple[frozenset[str], str]]) -> list[Route]:
    routes = []
    for methods, pattern in specs:
        try:
            routes.append(Route(pattern=pattern, methods=methods))
        except InvalidRoutePattern:
            continue  # braces, bad names, "#": refused with a typed error, as they should be
    return routes


def _table_of(routes: list[Route], options: dict[str, Any], prefix: str) -> RouteTable:
    """A table of ``routes`` less those in conflict (each dropped as the check names it)."""
    while True:
        try:
            table = RouteTable(
                routes,
                router=options.get("router", "axum"),
                implicit_head=options.get("implicit_head", True),
                method_first=options.get("method_first", False),
                method_not_allowed=options.get("method_not_allowed", True),
                redirect_trailing_slash=options.get("redirect_trailing_slash", False),
            )
        except InvalidRouteTable as error:
            entry = error.entry if error.entry is not None else len(routes)
            routes = routes[:entry] + routes[entry + 1 :]
            continue
        return table.mount(prefix) if prefix else table


#: The presets, and the lenient options no preset has by default (fastify's
#: ignoreTrailingSlash, hono's strict: false, gin's RemoveExtraSlash): every second look.
ROUTERS = [
    *ROUTER_PRESETS.values(),
    dataclasses.replace(ROUTER_PRESETS["hono"], trailing_slash=TrailingSlash.MATCH),
    dataclasses.replace(ROUTER_PRESETS["hono"], trailing_slash=TrailingSlash.STRIP),
    dataclasses.replace(ROUTER_PRESETS["gin"], double_slash=DoubleSlash.MATCH),
]
_METHOD_SETS = st.frozensets(st.sampled_from(["GET", "POST", "DELETE", ANY_METHOD]), min_size=1)
_OPTIONS = st.fixed_dictionaries(
    {
        "implicit_head": st.booleans(),
        "method_first": st.booleans(),
        "method_not_allowed": st.booleans(),
        "redirect_trailing_slash": st.booleans(),
        # The router's other semantics (slashes, empty parameters) on top of the four.
        "router": st.sampled_from(ROUTERS),
    }
)


def _concrete(route: Route, value: str) -> str:
    """A path of ``route``: each parameter's prefix and suffix around ``value``."""
    path = route.pattern.replace("{*rest}", f"{value}/{value}")
    return re.sub(r"\{[^{}*]+\}", lambda _m: value, path)


@settings(max_examples=200, deadline=None)
@given(
    specs=st.lists(st.tuples(_METHOD_SETS, patterns()), min_size=1, max_size=12),
    options=_OPTIONS,
    prefix=st.sampled_from(["", "/ag", "/q'\\"]),
    data=st.data(),
)
def test_generated_tables_with_hostile_text_answer_as_the_walk(
    specs: list[tuple[frozenset[str], str]],
    options: dict[str, Any],
    prefix: str,
    data: st.DataObject | None,
) -> None:
    _check_generated(specs, options, prefix, data)


def test_quotes_and_repr_escapes_in_one_segment() -> None:
    specs = [
        (frozenset({"GET"}), "/x'y/{p0}"),
        (frozenset({"POST"}), "/x'y/a{p0}\\n"),
        (frozenset({"GET"}), "/\"\"\"/'''/new\nline"),
        (frozenset({ANY_METHOD}), "/\\' + str(1) + '/{p}\x00"),
    ]
    for options in ({}, {"method_first": True, "redirect_trailing_slash": True}):
        _check_generated(specs, options, "", None)


def _check_generated(
    specs: list[tuple[frozenset[str], str]],
    options: dict[str, Any],
    prefix: str,
    data: st.DataObject | None,
) -> None:
    table = _table_of(_routes(specs), options, prefix)
    source = table.matcher_source()
    _assert_no_text_became_code(source)
    paths: list[str] = []
    for route in table.routes:
        for value in ("v", "m:run", "", "'", "a\nb"):
            paths += [_concrete(route, value), _concrete(route, value) + "/"]
    if data is not None:
        words = st.lists(_WORD, max_size=5).map(lambda ws: prefix + "/" + "/".join(ws))
        paths += data.draw(st.lists(words, max_size=10), label="more paths")
    for path in paths:
        for method in ("GET", "POST", "HEAD", "PUT"):
            _same(table, method, path)
    for route in table.routes:
        if route.is_static:  # a static pattern, hostile text and all, is its own path
            method = "PATCH" if ANY_METHOD in route.methods else min(route.methods)
            assert table.match(method, route.pattern).route is route


#: Every name the generated source may use: its own locals, the names it is given, its
#: generated names (``_r3``, ``_n2``...), ``len`` and the string methods it calls.
_ALLOWED_NAME = re.compile(
    r"(method|path|parts|n|r|f|rest|s\d+|match|len|upper|partition|split|get|startswith"
    r"|endswith|join|_Match|_proxy|_none|_walk|_miss|_gin_miss|_[a-z]\d+|route|params"
    r"|allowed_methods|method_not_allowed)"
)


def _assert_no_text_became_code(source: str) -> None:
    """Every token of ``source`` is fixed text of the generator or a literal: any pattern
    text that escaped its ``repr()`` would show up as a name or operator here."""
    compile(source, "<test>", "exec")
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.NAME:
            assert keyword.iskeyword(token.string) or _ALLOWED_NAME.fullmatch(token.string), token
        elif token.type == tokenize.COMMENT:
            assert re.fullmatch(r"# (\(.*\)|'.*'|\".*\")", token.string), token  # a repr()
        elif token.type == tokenize.OP:
            assert token.string in {*"()[]{}:,.=<>-", "==", "!=", ":="}, token


def test_hostile_text_reaches_the_source_only_as_literals() -> None:
    nasty = "'); import os; print(1) or ('"
    table = RouteTable([Route(pattern=f"/{nasty}/a{{p}}{nasty}", methods=frozenset({"GET"}))])
    source = table.matcher_source()
    _assert_no_text_became_code(source)
    code = [
        t.string
        for t in tokenize.generate_tokens(io.StringIO(source).readline)
        if t.type not in {tokenize.STRING, tokenize.COMMENT}
    ]
    assert "import" not in code
    assert "os" not in code
    assert table.match("GET", f"/{nasty}/a1{nasty}").params == {"p": "1"}


def test_a_table_compiles_itself_once_it_has_walked_enough_new_paths() -> None:
    table = route_table("antigravity").mount("/warm")
    matcher = table._matcher
    walked = [table.match("GET", f"/warm/v1beta/models/m{i}") for i in range(COMPILE_AFTER)]
    assert matcher._source is None  # not compiled yet: the walk answered
    assert table.match("GET", "/warm/v1beta/models/m-next").ok
    assert matcher._source is not None
    assert matcher.match is matcher.compiled()
    assert [table.match("GET", m.path) for m in walked] == walked


def test_the_generated_source_is_readable_and_kept() -> None:
    table = route_table("antigravity")
    source = table.matcher_source()
    assert source.startswith("def match(method, path):\n")
    assert "if s2 == 'models':" in source
    assert "# 'POST /v1/chat/completions'" in source
    assert table.matcher_source() is source


def test_the_walk_order_of_parameters_is_the_longest_context_first() -> None:
    root = _crowded(method_first=False)._matcher.root
    assert [param.name for param, _child in root.static["a"].params] == ["z", "y", "x", "w", "q"]
    assert list(root.static["a"].static) == ["static"]


# --- deep patterns, long paths (issue 18b) --------------------------------------------------

DEPTH = 1500  # past the interpreter's default recursion limit of 1000


def _deep_table() -> RouteTable:
    deep_params = "/v1/" + "/".join(f"{{p{i}}}" for i in range(DEPTH))
    deep_static = "/v1/" + "/".join(f"s{i}" for i in range(DEPTH))
    openai = frozenset({Protocol.OPENAI})
    return RouteTable(
        [
            Route(pattern=deep_params, methods=frozenset({"GET"}), protocols=openai),
            Route(pattern=deep_static + "/{x}", methods=frozenset({"POST"}), protocols=openai),
            Route(pattern="/v1/chat/completions", methods=frozenset({"POST"}), protocols=openai),
            Route(pattern="/a/{*rest}", methods=frozenset({"GET"})),
        ]
    )


def test_deep_patterns_and_long_paths_match_without_recursion() -> None:
    table = _deep_table()
    path = "/v1/" + "/".join(f"v{i}" for i in range(DEPTH))
    hit = _same(table, "GET", path)
    assert list(hit.params) == [f"p{i}" for i in range(DEPTH)]  # in the pattern's order
    assert list(table._matcher.walk_match("GET", path).params) == list(hit.params)
    assert hit.params["p1499"] == "v1499"
    assert _same(table, "POST", path).status == 405
    assert _same(table, "GET", path + "/more").status == 404
    static = "/v1/" + "/".join(f"s{i}" for i in range(DEPTH))
    assert dict(_same(table, "POST", static + "/z").params) == {"x": "z"}
    assert _same(table, "GET", "/a" * 200_000).params["rest"] == "a/" * 199_998 + "a"
    assert _same(table, "GET", "/b" * 200_000).status == 404
    assert _same(table, "GET", "/" * 200_000).status == 404
    assert MAX_DEPTH < DEPTH


def test_deep_patterns_do_not_break_a_diagnosis() -> None:
    table = _deep_table()
    assert diagnose("http://127.0.0.1:8045/v1", "openai-python", routes=table).problems
    path = "/v1/" + "/".join(f"v{i}" for i in range(DEPTH))
    assert diagnose_path("GET", path, routes=table).match.ok
    assert not diagnose_path("POST", "/v1/v1/chat/completions", routes=table).match.ok


# --- building (issue 18a) --------------------------------------------------------------------


def _seconds(call: Callable[[], object]) -> float:
    """The fastest of three calls, in CPU seconds, with the collector off (a collection of
    everything the test session keeps would be timed with the call)."""
    best = float("inf")
    for _ in range(3):
        gc.collect()
        gc.disable()
        try:
            start = time.process_time()
            call()
            best = min(best, time.process_time() - start)
        finally:
            gc.enable()
    return best


@pytest.mark.parametrize(
    "pattern",
    [
        pytest.param("/m/{{x}}:a{i}", id="suffixes-under-one-node"),
        pytest.param("/m/p{i}{{x}}", id="prefixes-under-one-node"),
        pytest.param("/g{i}/{{x}}/v", id="groups"),
    ],
)
def test_six_thousand_parameter_routes_build_in_linear_time(pattern: str) -> None:
    routes = [Route(pattern=pattern.format(i=i), methods=frozenset({"GET"})) for i in range(6000)]
    small = _seconds(lambda: RouteTable(routes[:1500]))
    full = _seconds(lambda: RouteTable(routes))
    assert full < 1.5  # it took 4 to 6 s when each insert sorted the node's parameters again
    assert full < 10 * small + 0.1  # four times the routes: quadratic would be 16 times
    # The first match compiles the table: linear too (about 0.5 s here).
    assert _seconds(lambda: RouteTable(routes).match("GET", "/m/nothing")) < 5


def _conflicts_one_by_one(routes: list[Route]) -> tuple[int, str] | None:
    """The conflict check as it was: every earlier route of the same shape, in order."""
    for index, route in enumerate(routes):
        for other_index, other in enumerate(routes[:index]):
            if shape(other.segments) != shape(route.segments):
                continue
            if route.methods & other.methods or ANY_METHOD in route.methods | other.methods:
                return index, f"{route} conflicts with entry {other_index} ({other})"
    return None


@settings(max_examples=300, deadline=None)
@given(
    specs=st.lists(
        st.tuples(
            st.frozensets(st.sampled_from(["GET", "POST", "PUT", ANY_METHOD]), min_size=1),
            st.sampled_from(["/a/{x}", "/a/{y}", "/a/b", "/a/{x}:run", "/{z}/b", "/a/{*r}"]),
        ),
        max_size=8,
    )
)
def test_the_conflict_check_names_what_the_one_by_one_check_named(
    specs: list[tuple[frozenset[str], str]],
) -> None:
    routes = [Route(pattern=p, methods=m) for m, p in specs]
    expected = _conflicts_one_by_one(routes)
    if expected is None:
        RouteTable(routes)
        return
    with pytest.raises(InvalidRouteTable) as info:
        RouteTable(routes)
    assert (info.value.entry, info.value.reason) == expected


# --- the memo ------------------------------------------------------------------------------


def _counting(table: RouteTable) -> list[int]:
    """Count the calls that reach the compiled function (memo misses)."""
    calls = [0]
    compiled = table._matcher.compiled()

    def counted(method: str, path: str) -> Match:
        calls[0] += 1
        return compiled(method, path)

    table._matcher.match = counted
    return calls


def test_a_working_set_twice_the_memo_still_hits(monkeypatch: pytest.MonkeyPatch) -> None:
    # The memo emptied when full never hit on a cycle longer than itself; one that forgets
    # an answer picked at random keeps about a fifth of them at twice its size.
    monkeypatch.setattr(agroutes._table, "MEMO_SIZE", 64)
    table = route_table("antigravity").mount("/pressure")
    calls = _counting(table)
    paths = [f"/pressure/v1beta/models/m{i}:generateContent" for i in range(128)]
    rounds = 20
    for _ in range(rounds):
        for path in paths:
            table.match("POST", path)
            assert len(table._memo) <= 64
            assert len(table._memo_keys) <= 64
    hits = 1 - calls[0] / (rounds * len(paths))
    assert 0.08 < hits < 0.4, hits
    table.cache_clear()
    assert table._memo == {}
    assert table._memo_keys == []


def test_the_memo_hands_out_one_answer_per_path_while_it_fits() -> None:
    table = route_table("antigravity").mount("/once")
    calls = _counting(table)
    first = [table.match("GET", f"/once/v1beta/models/m{i}") for i in range(100)]
    again = [table.match("GET", f"/once/v1beta/models/m{i}") for i in range(100)]
    assert all(a is b for a, b in zip(first, again, strict=True))
    assert calls[0] == 100
    agroutes.cache_clear()  # reaches every table's memo
    assert table.match("GET", "/once/v1beta/models/m0") == first[0]
    assert calls[0] == 101


def test_non_string_arguments_are_still_refused_after_a_memo_lookup() -> None:
    table = route_table("antigravity")
    for method, path in ((None, "/v1"), ("GET", 8045), ("GET", b"/v1/models")):
        with pytest.raises(TypeError, match="two strings"):
            table.match(method, path)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        table.match("GET", ["/v1"])  # type: ignore[arg-type]

    class Text(str):
        pass

    got = table.match(Text("GET"), Text("/v1/models"))
    assert got.ok
    assert type(got.path) is str
