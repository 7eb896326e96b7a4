"""Join quirks beyond the observation matrix (dot segments, Bun, form encoding)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agroutes import JoinRule, Transport, resolve
from agroutes._joins import (
    _finish_in_full,
    _form_parse,
    _form_serialize,
    _search_params_set,
    _strip_one,
    finish,
    join,
    plain_join,
)
from tests.conftest import BUILTIN_CLIENTS


@pytest.mark.parametrize(
    ("rule", "path", "query", "suffix", "own", "expected"),
    [
        pytest.param(JoinRule.HTTPX_PATH_SLASH, "", None, "/models", None, "/models", id="py-root"),
        pytest.param(
            JoinRule.HTTPX_PATH_SLASH,
            "/v1",
            "x=1",
            "/models",
            None,
            "/v1/?x=1models",
            id="py-query",
        ),
        pytest.param(
            JoinRule.HTTPX_RAW_SLASH,
            "/v1",
            "x=1",
            "/v1/messages",
            None,
            "/v1?x=1/v1/messages",
            id="anthropic-query",
        ),
        pytest.param(
            JoinRule.NODE_LIFT_QUERY,
            "/v1//",
            None,
            "/models",
            None,
            "/v1//models",
            id="node-one-slash-dropped",
        ),
        pytest.param(
            JoinRule.SEARCH_PARAMS,
            "/v1",
            "a=b c",
            "/v1/messages",
            "beta=true",
            "/v1?a=b+c%2Fv1%2Fmessages%3Fbeta%3Dtrue",
            id="search-params-space",
        ),
        pytest.param(
            JoinRule.GENAI_JS,
            "/",
            None,
            "/v1beta/models/m:generateContent",
            None,
            "/v1beta/models/m:generateContent",
            id="genai-js-no-own-query",
        ),
        pytest.param(
            JoinRule.GENAI_JS,
            "",
            "alt=json",
            "/v1beta/models/m:stream",
            "alt=sse",
            "?alt=sse",
            id="genai-js-set-replaces",
        ),
        pytest.param(
            JoinRule.GENAI_PYTHON,
            "/p/",
            "x=1",
            "/v1/models",
            "pageSize=5",
            "/p/v1/models?pageSize=5?x=1",
            id="genai-py-double-question",
        ),
        pytest.param(
            JoinRule.STRIP_ONE_SLASH,
            "/v1/",
            "x=1/",
            "/responses",
            None,
            "/v1/?x=1/responses",
            id="strip-one-from-query-end",
        ),
    ],
)
def test_join(
    rule: JoinRule, path: str, query: str | None, suffix: str, own: str | None, expected: str
) -> None:
    assert join(rule, path, query, suffix, own) == expected


@pytest.mark.parametrize(
    ("transport", "target", "expected"),
    [
        pytest.param(Transport.BUN_FETCH, "//v1/messages", "/v1/messages", id="bun-collapses"),
        pytest.param(Transport.NODE_FETCH, "//v1/messages", "//v1/messages", id="node-keeps"),
        pytest.param(Transport.HTTPX, "/v1/../v2/./x", "/v2/x", id="dot-segments"),
        pytest.param(Transport.HTTPX, "/a/..", "/", id="dot-dot-at-end"),
        pytest.param(Transport.HTTPX, "?x=1/m", "/?x=1/m", id="empty-path-gets-root"),
        pytest.param(Transport.HTTPX, "/v1.5/x?a=../b", "/v1.5/x?a=../b", id="query-untouched"),
    ],
)
def test_finish(transport: Transport, target: str, expected: str) -> None:
    assert finish(transport, target) == expected


def test_resolve_builds_exact_urls() -> None:
    (r,) = resolve("http://u:p@[::1]:8045//v1", "claude-code")
    assert r.target == "/v1/v1/messages?beta=true"
    assert str(r.url) == "http://u:p@[::1]:8045/v1/v1/messages?beta=true"
    assert "p@" not in repr(r)


_PATHS = st.text(alphabet="/v1%2F+ab.-_~!$'()*,;=:@", max_size=12).map(lambda t: "/" + t)


@given(path=_PATHS, query=st.none() | st.text(alphabet="x=1&%2F+ab/", max_size=8))
def test_search_params_shortcut_matches_the_full_reserialisation(
    path: str, query: str | None
) -> None:
    # The join skips URLSearchParams when it could not change anything; spelled out in full
    # (parse, then serialise) the answer must be the same.
    base = path if query is None else f"{path}?{query}"
    if base.endswith("/"):
        base = base[:-1]
    head, _, tail = (base + "/v1/messages?beta=true").partition("?")
    full = head + "?" + _form_serialize(_form_parse(tail))
    assert join(JoinRule.SEARCH_PARAMS, path, query, "/v1/messages", "beta=true") == full


@given(path=_PATHS, query=st.none() | st.text(alphabet="x=1&%2F+ab/", max_size=8))
def test_genai_js_shortcut_matches_the_full_reserialisation(path: str, query: str | None) -> None:
    base = path if query is None else f"{path}?{query}"
    head, _, tail = (_strip_one(base) + "/v1beta/models/m:streamGenerateContent?alt=sse").partition(
        "?"
    )
    full = head + "?" + _form_serialize(_search_params_set(_form_parse(tail), "alt", "sse"))
    suffix = "/v1beta/models/m:streamGenerateContent"
    assert join(JoinRule.GENAI_JS, path, query, suffix, "alt=sse") == full


# Every suffix and own query a built-in profile plans, plus odd ones (no leading "/", a "?"
# in the suffix, an own query URLSearchParams would rewrite, an empty one).
_PLANNED = sorted(
    {(p.suffix, p.query or "") for c in BUILTIN_CLIENTS.values() for p in c.plan}
    | {
        ("models", ""),
        ("/a?b=1", ""),
        ("/a?b c=1", ""),
        ("/a?b=%2f", "k=v"),
        ("/x", "a b=1"),
        ("/x", "="),
        ("", ""),
        ("/", "k=v"),
    }
)


@settings(max_examples=300)
@given(
    rule=st.sampled_from(list(JoinRule)),
    planned=st.sampled_from(_PLANNED),
    path=st.just("") | _PATHS | _PATHS.map(lambda p: p + "/"),
)
def test_plain_join_is_the_rule_without_a_query(
    rule: JoinRule, planned: tuple[str, str], path: str
) -> None:
    # A profile's join plan keeps, per request, the rule reduced to "head(path) + tail" for
    # Base URLs with no query; it must give exactly what the rule gives.
    suffix, own_text = planned
    own = own_text or None  # "" stands for no own query (sorting needs one type)
    plain = plain_join(rule, suffix, own)
    if plain is None:
        assert rule in (JoinRule.SEARCH_PARAMS, JoinRule.GENAI_JS)
        return
    head, tail = plain
    assert head(path) + tail == join(rule, path, None, suffix, own)


def test_plain_join_covers_every_built_in_request() -> None:
    # The short form is what the hot path uses: no built-in request should miss it.
    missing = [
        (c.id, p.suffix) for c in BUILTIN_CLIENTS.values() for p in c.plan if p.plain is None
    ]
    assert missing == []


@given(
    transport=st.sampled_from(list(Transport)),
    target=st.text(alphabet="/.v1?x=", max_size=12),
)
def test_finish_shortcut_changes_nothing(transport: Transport, target: str) -> None:
    assert finish(transport, target) == _finish_in_full(transport, target)
