"""The correction search against a brute-force oracle over the same candidate space.

``agroutes._correct`` defines the space its search is complete on: the typed path ``t``,
and every clean path ``P`` whose segment ``i`` is a *letter* at ``i`` (a static text or a
parameter, as its pattern writes it, found at position ``i`` of some route; or the typed
segment ``i`` unless it is a static text of the table) such that each request hits a route
serving it and no catch-all takes any of ``P``. The answer is the candidate of least
``(edit distance in segments to the typed path, P != documented, len(P), P)``; "no Base
URL works" (``corrected_base_url is None``, ``unsupported-by-proxy``) must be true of the
whole space.

The oracle here reads none of the search. It parses the patterns itself, builds every path
of letters up to one segment less than the longest route (every client's suffix has a
segment; as long as it, for a join that keeps a pasted endpoint), and asks ``resolve`` and
``table.match`` of each. Tables are small and built from the client's own requests,
transformed the ways proxies serve them: as they are, under a tenant parameter, under a
prefix, behind a catch-all, with a parameter for a segment, with a route missing, a wrong
method, another protocol; with a mount, on hosts of every shape.
"""

from __future__ import annotations

import dataclasses
import itertools
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from agroutes import (
    ClientProfile,
    Diagnosis,
    InvalidRouteTable,
    ProblemKind,
    RouteTable,
    client,
    diagnose,
    parse_base_url,
    resolve,
)
from agroutes._joins import KEEPS_PASTED_ENDPOINT
from agroutes._resolve import plan
from agroutes.profiles import Operation
from agroutes.tables import Route, table_from_data
from tests.conftest import PROFILES as _ALL_PROFILES

#: A client that ignores its Base URL (continue/gemini) has no correction to search for:
#: the diagnosis says base-url-ignored and suggests nothing (tests/test_router_diagnosis.py).
PROFILES = tuple(p for p in _ALL_PROFILES if not p.base_url_ignored)

ORIGINS = (
    "http://h",
    "http://127.0.0.1:8045",
    "https://[::1]:8443",
    "http://user:pw@h",
    "http://xn--bcher-kva.example",
    "HTTP://H.Example:80",
)
VOCAB = ("v1", "v1beta", "api", "gemini", "proxy", "acme", "models")
_CANONICAL = frozenset(op.value for op in Operation)


# --- the oracle's own reading of a pattern --------------------------------------------------


@dataclass(frozen=True)
class Seg:
    kind: str  # "static", "param" or "catch-all"
    text: str  # the static text, or the segment as the pattern writes it
    prefix: str = ""
    suffix: str = ""

    def takes(self, part: str) -> bool:
        if self.kind == "static":
            return part == self.text
        if self.kind == "catch-all":
            return True
        if len(part) <= len(self.prefix) + len(self.suffix):
            return False
        return part.startswith(self.prefix) and part.endswith(self.suffix)


def parse(pattern: str) -> list[Seg]:
    out = []
    for part in pattern[1:].split("/"):
        if "{" not in part:
            out.append(Seg("static", part))
        elif part.startswith("{*"):
            out.append(Seg("catch-all", part))
        else:
            head, _, rest = part.partition("{")
            out.append(Seg("param", part, prefix=head, suffix=rest.partition("}")[2]))
    return out


def serves(route: Route, profile: ClientProfile, operation: str) -> bool:
    """A route of the client's protocol whose operation, when it names one, is the call's
    (the Gemini generate handler also streams)."""
    if profile.protocol not in route.protocols:
        return False
    op = route.operation
    if op == operation or op not in _CANONICAL:
        return True
    return op == "generate-content" and operation == "stream-generate-content"


def names(route: Route, operation: str) -> bool:
    """Does the route name the call's own operation (not merely none at all)?"""
    op = route.operation
    return op == operation or (op == "generate-content" and operation == "stream-generate-content")


def distance(a: Sequence[str], b: Sequence[str]) -> int:
    """Levenshtein distance over whole segments, by the textbook recursion."""
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        for j in range(len(b) + 1):
            if i == 0 or j == 0:
                table[i][j] = i + j
            else:
                table[i][j] = min(
                    table[i - 1][j] + 1,
                    table[i][j - 1] + 1,
                    table[i - 1][j - 1] + (a[i - 1] != b[j - 1]),
                )
    return table[len(a)][len(b)]


# --- the oracle ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    best: str | None  # the best path that works for every request, None if none does
    reach: tuple[bool, ...]  # per request: does any path of the space work for it alone
    tried: int  # how many paths were enumerated


def oracle(url: str, profile: ClientProfile, table: RouteTable) -> Answer:
    base = parse_base_url(url)
    origin = base.replace(path="", query=None, keep_userinfo=False).origin
    t = base.path
    typed = [s for s in t.split("/") if s]
    routes = [(route, parse(route.pattern)) for route in table.routes]
    statics = {s.text for _r, segs in routes for s in segs if s.kind == "static"}

    def within(route: Route, path: str, target: str) -> bool:
        """No catch-all of the route takes a segment of ``path``, and no parameter takes a
        whole segment of ``target`` that is a static text of the table."""
        segs = next(s for r, s in routes if r is route)
        depth = len(path.split("/")) - 1 if path else 0
        if any(s.kind == "catch-all" for s in segs):
            return all(s.kind != "catch-all" for s in segs[:depth])
        parts = target.partition("?")[0].split("/")[1:]
        return not any(
            s.kind == "param" and i < len(parts) and parts[i] in statics for i, s in enumerate(segs)
        )

    exact: dict[str, bool] = {}  # per path: every request reaches a route naming its call

    def evaluate(path: str, *, in_space: bool) -> list[bool]:
        out = []
        named = True
        for request in resolve(origin + path, profile):
            route = table.match(request.method, request.target).route
            out.append(
                route is not None
                and serves(route, profile, request.operation)
                and (not in_space or within(route, path, request.target))
            )
            named = named and route is not None and names(route, request.operation)
        exact[path] = named
        return out

    # A client whose join keeps a pasted endpoint (litellm's Anthropic join) is served by a
    # whole route as its Base URL too: the space then reaches that deep.
    whole = profile.join in KEEPS_PASTED_ENDPOINT
    depth = max(len(segs) for _r, segs in routes) - (0 if whole else 1)
    alphabets = []
    for i in range(depth):
        # What a route has at position i: statics, and parameters as written (catch-alls
        # are no letters: P never reaches into one).
        letters = {s.text for _r, segs in routes for s in segs[i : i + 1] if s.kind != "catch-all"}
        if i < len(typed) and typed[i] not in statics:
            letters.add(typed[i])
        alphabets.append(sorted(x for x in letters if x and x not in (".", "..")))
    results = {t: evaluate(t, in_space=False)}
    tried = 1
    for d in range(depth + 1):
        for word in itertools.product(*alphabets[:d]):
            path = "".join("/" + w for w in word)
            tried += 1
            if path not in results:
                results[path] = evaluate(path, in_space=True)
    documented = table.mount_prefix + profile.base_shape.prefix

    def score(path: str) -> tuple[int, bool, int, str]:
        segments = [s for s in path.split("/") if s]
        return (0 if path == t else distance(typed, segments), path != documented, len(path), path)

    working = [path for path, oks in results.items() if all(oks)]
    # A path whose calls all reach handlers naming their own operation beats a closer one
    # reaching handlers of no known operation, where the table names operations at all.
    naming = any(
        profile.protocol in r.protocols and r.operation in _CANONICAL for r in table.routes
    )
    preferred = [path for path in working if exact[path]] if naming else []
    best = min(preferred or working, key=score) if working else None
    count = len(results[t])
    reach = tuple(any(oks[i] for oks in results.values()) for i in range(count))
    return Answer(best=best, reach=reach, tried=tried)


def check(url: str, profile: ClientProfile, table: RouteTable) -> Answer:
    """diagnose() agrees with the oracle on the correction and on every 'none works'."""
    d = diagnose(url, profile, routes=table)
    answer = oracle(url, profile, table)
    if d.ok:
        assert d.corrected_base_url is None
        return answer
    expected = None
    best = answer.best
    if best is None and any(answer.reach) and not all(answer.reach):
        # Some requests no Base URL serves (operation-not-served): the correction is the
        # best path for the others.
        planned = plan(profile)
        dropped = [planned[i].spec for i, ok in enumerate(answer.reach) if not ok]
        kept = tuple(s for s in profile.requests if s not in dropped)
        best = oracle(url, dataclasses.replace(profile, requests=kept), table).best
    if best is not None:
        fixed = d.base_url.replace(
            path=best, query=None, keep_userinfo=not profile.userinfo.harmful
        )
        expected = str(fixed.url)
    got = None if d.corrected_base_url is None else str(d.corrected_base_url)
    assert got == expected, (url, profile.label(), _routes(table), got, expected)
    _check_unsupported(d, answer, url, table)
    return answer


def _check_unsupported(d: Diagnosis, answer: Answer, url: str, table: RouteTable) -> None:
    for i, checked in enumerate(d.requests):
        kinds = {p.kind for p in d.problems if p.request is checked.request}
        said = ProblemKind.UNSUPPORTED_BY_PROXY in kinds
        where = (url, d.client.label(), i, _routes(table), sorted(kinds))
        if ProblemKind.OPERATION_NOT_SERVED in kinds:  # the others are served there
            assert d.corrected_base_url is not None, where
            assert not answer.reach[i], where
        if said:  # "no Base URL can make this work" must be true of the whole space
            assert d.corrected_base_url is None, where
            assert not answer.reach[i], where
        elif (
            d.corrected_base_url is None
            and not checked.ok
            and checked.match is not None
            and not checked.match.allowed_methods  # a 405 is said first
        ):
            assert answer.reach[i], where  # unreachable, so it must be said


def _routes(table: RouteTable) -> list[str]:
    return [f"{r} {sorted(p.value for p in r.protocols)} {r.operation}" for r in table.routes]


# --- small tables made from the client's own requests ---------------------------------------


def _requests(profile: ClientProfile) -> list[tuple[str, str, str]]:
    """(method, path, operation) of each request for the documented Base URL."""
    return [
        (r.method, r.path, r.operation)
        for r in resolve("http://h" + profile.base_shape.prefix, profile)
    ]


def _param_for(segment: str, name: str) -> str:
    """A parameter in place of ``segment``, keeping a Gemini action as its suffix."""
    _head, colon, action = segment.partition(":")
    return f"{{{name}}}:{action}" if colon else f"{{{name}}}"


def transform(path: str, how: str) -> str | None:
    """``path`` served another way (None: not served at all)."""
    segments = path[1:].split("/")
    if how == "static":
        return path
    if how == "drop":
        return None
    if how.startswith("tenant"):
        at = min(int(how[-1]), len(segments))
        return "/" + "/".join([*segments[:at], "{tenant}", *segments[at:]])
    if how.startswith("prefix"):
        return "/" + how.partition(":")[2] + path
    if how.startswith("catch"):  # "catch<k>" or "catch<k>:<prefix>": k segments kept
        head, _, prefix = how.partition(":")
        keep = segments[: min(int(head[5:]), len(segments) - 1)]
        return "/" + "/".join([*([prefix] if prefix else []), *keep, "{*rest}"])
    if how.startswith("param"):  # a parameter for segment k (from the end, "param-1")
        at = int(how[5:]) % len(segments)
        segments[at] = _param_for(segments[at], "x" if at < len(segments) - 1 else "model")
        return "/" + "/".join(segments)
    raise AssertionError(how)


HOWS = (
    "static",
    "drop",
    "tenant0",
    "tenant1",
    "prefix:proxy",
    "catch0",
    "catch1",
    "catch0:gemini",
    "catch1:api",
    "param0",
    "param-1",
)


def build(
    profile: ClientProfile,
    hows: Sequence[str],
    *,
    methods: Sequence[str] = (),
    protocols: Sequence[str | None] = (),
    operations: Sequence[bool] = (),
    extra: Sequence[tuple[str, str, str | None]] = (),
    mount: str = "",
) -> RouteTable | None:
    """A table serving each request of ``profile`` as ``hows`` says (cycled); None when
    the routes conflict."""
    routes: dict[str, dict[str, object]] = {}
    for i, (method, path, operation) in enumerate(_requests(profile)):
        pattern = transform(path, hows[i % len(hows)])
        if pattern is None or pattern in routes:
            continue
        protocol = protocols[i % len(protocols)] if protocols else profile.protocol.value
        routes[pattern] = {
            "pattern": pattern,
            "methods": methods[i % len(methods)] if methods else method,
            "protocol": protocol,
            "operation": operation if operations and operations[i % len(operations)] else "other",
        }
    for method, pattern, protocol in extra:
        routes.setdefault(pattern, {"pattern": pattern, "methods": method, "protocol": protocol})
    if not routes:
        return None
    try:
        table = table_from_data(list(routes.values()))
    except InvalidRouteTable:
        return None
    return table.mount(mount) if mount else table


def _typed_paths(profile: ClientProfile) -> list[str]:
    documented = profile.base_shape.prefix
    first = _requests(profile)[0][1]
    return [
        "",
        documented,
        "/v1",
        "/v1beta",
        "/acme" + documented,
        "/acme/v1/chat/completions",
        "/gemini",
        "/proxy" + documented + "/",
        first,
        "/ag" + documented,
        "/v1/v1",
    ]


def _grid() -> Iterator[tuple[str, ClientProfile, RouteTable]]:
    origins = itertools.cycle(ORIGINS)
    for profile in PROFILES:
        for how in HOWS:
            for mount in ("", "/ag"):
                table = build(profile, (how, "static"), mount=mount)
                if table is None:
                    continue
                for typed in _typed_paths(profile):
                    for query in ("", "?x=1") if typed == "" else ("",):
                        yield next(origins) + typed + query, profile, table


GRID = list(_grid())


def test_the_grid_is_big_and_every_answer_kind_is_in_it() -> None:
    assert len(GRID) > 2000
    answers = [oracle(url, p, t) for url, p, t in GRID[::50]]
    assert any(a.best is None for a in answers)
    assert any(a.best is not None for a in answers)


@pytest.mark.parametrize("part", [pytest.param(i, id=f"slice{i}") for i in range(6)])
def test_correction_matches_the_oracle_on_the_grid(part: int) -> None:
    for url, profile, table in GRID[part::6]:
        check(url, profile, table)


# The two shapes of issue 18, pinned.
def test_a_catch_all_shorter_than_the_suffix_is_found() -> None:
    table = table_from_data([{"methods": "*", "pattern": "/gemini/{*rest}", "protocol": "gemini"}])
    d = diagnose("http://h", "gemini-cli", routes=table)
    assert str(d.corrected_base_url) == "http://h/gemini"
    assert ProblemKind.UNSUPPORTED_BY_PROXY not in d.kinds
    check("http://h", client("gemini-cli"), table)


def test_a_parameter_in_the_base_url_part_takes_the_typed_segment() -> None:
    table = table_from_data(
        [{"pattern": "/{tenant}/v1/chat/completions", "methods": "POST", "protocol": "openai"}]
    )
    profile = client("kilo-code/openai-compatible")
    d = diagnose("http://h/acme/v1/chat/completions", profile, routes=table)
    assert str(d.corrected_base_url) == "http://h/acme/v1"
    # With no typed segment to take, the placeholder says what to fill in.
    d = diagnose("http://h/v1", profile, routes=table)
    assert str(d.corrected_base_url) == "http://h/{tenant}/v1"
    assert diagnose(str(d.corrected_base_url), profile, routes=table).ok
    check("http://h/acme/v1/chat/completions", profile, table)


def test_two_parameters_of_other_names_at_one_place() -> None:
    # The router tries {a} before {tenant}: the candidate made for {tenant} is taken by
    # {a} there, whose placeholder differs; the space and the search agree on it.
    table = table_from_data(
        [
            {"pattern": "/{a}/x", "methods": "POST", "protocol": "openai"},
            {"pattern": "/{tenant}/v1/chat/completions", "methods": "POST", "protocol": "openai"},
        ]
    )
    for typed in ("", "/v1", "/acme/v1", "/x"):
        check("http://h" + typed, client("kilo-code/openai-compatible"), table)


# --- Hypothesis: tables, typed paths and hosts drawn at random ------------------------------

_PROFILES = st.sampled_from(PROFILES)
_HOWS = st.lists(st.sampled_from(HOWS), min_size=1, max_size=3)
_EXTRA = st.lists(
    st.tuples(
        st.sampled_from(["GET", "POST", "*"]),
        st.sampled_from(
            ["/v1/{x}", "/{a}/models", "/v1beta/{*rest}", "/api/v1/messages", "/{*all}", "/v1"]
        ),
        st.sampled_from(["openai", "anthropic", "gemini", None]),
    ),
    max_size=2,
)


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, ClientProfile, RouteTable]:
    profile = draw(_PROFILES)
    table = build(
        profile,
        draw(_HOWS),
        methods=draw(st.lists(st.sampled_from(["GET", "POST", "*", "GET|POST"]), max_size=2)),
        protocols=draw(
            st.lists(st.sampled_from([profile.protocol.value, "openai", None]), max_size=2)
        ),
        operations=draw(st.lists(st.booleans(), max_size=2)),
        extra=draw(_EXTRA),
        mount=draw(st.sampled_from(["", "", "/ag", "/a/b"])),
    )
    if table is None:
        table = build(profile, ("static",))
    assert table is not None
    segments = [*VOCAB, *(s for _m, p, _o in _requests(profile) for s in p[1:].split("/"))]
    typed = draw(st.lists(st.sampled_from(segments), max_size=4))
    tail = draw(st.sampled_from(["", "", "/", "?x=1"]))
    path = "".join("/" + s for s in typed) + tail
    return draw(st.sampled_from(ORIGINS)) + path, profile, table


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
@example(
    case=(
        "http://h",
        client("gemini-cli"),
        table_from_data([{"methods": "*", "pattern": "/gemini/{*rest}", "protocol": "gemini"}]),
    )
)
def test_correction_matches_the_oracle(case: tuple[str, ClientProfile, RouteTable]) -> None:
    check(*case)


def test_a_crowded_table_is_answered_fast_and_claims_nothing() -> None:
    # Four parameters before the suffix, ten letters at each place: 10,000 candidates, more
    # than the search's bound. It tries the first ones; it must not say that none works.
    routes = [{"pattern": "/{a}/{b}/{c}/{d}/responses", "methods": "POST", "protocol": "openai"}]
    routes += [{"pattern": f"/s{k}/t{k}/u{k}/w{k}", "methods": "GET"} for k in range(9)]
    table = table_from_data(routes)
    started = time.perf_counter()
    d = diagnose("http://h/v1", "codex", routes=table)
    assert time.perf_counter() - started < 2
    assert ProblemKind.UNSUPPORTED_BY_PROXY not in d.kinds
    assert d.corrected_base_url is not None
    assert diagnose(str(d.corrected_base_url), "codex", routes=table).ok


def test_a_handler_of_the_calls_own_operation_beats_a_closer_unnamed_one() -> None:
    # Hypothesis found the first form of this: the search prefers /{tenant}/v1 (POST
    # /{tenant}/v1/responses reaches the responses handler) over the closer /v1 (POST
    # /v1/responses reaches a handler of no known operation), and the oracle holds the same
    # rule. (That form reached the unnamed handler through /v1/{x} and preferred /v1/v1,
    # {tenant} taking "v1": a parameter takes no static text of the table any more.)
    table = table_from_data(
        [
            {"methods": "POST", "pattern": "/{tenant}/v1/responses", "protocol": "openai",
             "operation": "responses"},
            {"methods": "POST", "pattern": "/v1/responses", "protocol": "openai"},
        ]
    )  # fmt: skip
    answer = check("http://h", client("codex"), table)
    assert answer.best == "/{tenant}/v1"
    corrected = diagnose("http://h", "codex", routes=table).corrected_base_url
    assert str(corrected) == "http://h/{tenant}/v1"


def test_a_parameter_takes_no_static_text_of_the_table() -> None:
    # OpenRouter's preset routes: /api/v1/presets/{slug}/messages would serve claude-code
    # from /api/v1/presets (the slug taking its own "v1") or /api/v1/presets/completions
    # (the slug taking a static text); neither is a Base URL anyone means.
    table = table_from_data(
        [
            {"methods": "POST", "pattern": "/api/v1/messages", "protocol": "anthropic",
             "operation": "messages"},
            {"methods": "POST", "pattern": "/api/v1/presets/{slug}/messages",
             "protocol": "anthropic", "operation": "messages"},
            {"methods": "POST", "pattern": "/api/v1/chat/completions", "protocol": "openai"},
        ]
    )  # fmt: skip
    for typed in ("/api/v1/messages", "/api/v1/presets/v1", "/api/v1/chat/completions"):
        answer = check("http://h" + typed, client("claude-code"), table)
        assert answer.best == "/api", typed
