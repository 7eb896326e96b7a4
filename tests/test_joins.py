"""Join quirks beyond the observation matrix (dot segments, Bun, form encoding)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agroutes import resolve
from agroutes._joins import (
    REWRITING,
    _finish_in_full,
    _form_parse,
    _form_serialize,
    _search_params_set,
    _strip_one,
    finish,
    join,
    rewritten,
)
from agroutes.profiles import JoinRule, Transport


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
            JoinRule.STRIP_V1, "/v1/", None, "/v1/responses", None, "/v1/responses", id="qwen-v1"
        ),
        pytest.param(
            JoinRule.STRIP_V1, "", None, "/v1/responses", None, "/v1/responses", id="qwen-root"
        ),
        pytest.param(
            JoinRule.STRIP_V1,
            "/v1/v1",
            None,
            "/v1/responses",
            None,
            "/v1/v1/responses",
            id="qwen-strips-one-v1-only",
        ),
        pytest.param(
            JoinRule.STRIP_V1,
            "/v1",
            "x=1",
            "/v1/responses",
            None,
            "/v1?x=1/v1/responses",
            id="qwen-query-keeps-v1",
        ),
        pytest.param(
            JoinRule.STRIP_V1,
            "/v1\n",
            None,
            "/v1/responses",
            None,
            "/v1\n/v1/responses",
            id="qwen-js-dollar-is-the-end",
        ),
        pytest.param(
            JoinRule.SLASH_THEN_RESOLVE,
            "/v1",
            None,
            "/messages",
            None,
            "/v1/messages",
            id="continue-slash-added",
        ),
        pytest.param(
            JoinRule.SLASH_THEN_RESOLVE,
            "/v1",
            "x=1",
            "/messages",
            None,
            "/messages",
            id="continue-query-drops-last-segment",
        ),
        pytest.param(
            JoinRule.SLASH_THEN_RESOLVE,
            "/proxy/v1",
            "x=1",
            "/messages",
            "beta=true",
            "/proxy/messages?beta=true",
            id="continue-query-keeps-the-rest",
        ),
        pytest.param(
            JoinRule.SLASH_THEN_RESOLVE,
            "",
            "x=1",
            "/messages",
            None,
            "/messages",
            id="continue-root-query",
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
        # The rewriting rules (Cline, Cherry Studio): what each adds, and where.
        pytest.param(
            JoinRule.ROOT_GETS_V1, "/", "x=1/", "/messages", None, "/v1?x=1/messages",
            id="cline-root-query-loses-its-slash",
        ),
        pytest.param(
            JoinRule.ROOT_GETS_V1, "/proxy", None, "/messages", None, "/proxy/messages",
            id="cline-path-kept",
        ),
        pytest.param(
            JoinRule.V1BETA_UNLESS_LAST_VERSION, "/v1//", None, "/models/m", None,
            "/v1/models/m", id="cline-gemini-every-slash-dropped",
        ),
        pytest.param(
            JoinRule.V1BETA_UNLESS_LAST_VERSION, "/V2", None, "/models/m", None, "/V2/models/m",
            id="cline-gemini-version-any-case",
        ),
        pytest.param(
            JoinRule.V1_UNLESS_ANY_VERSION, "/v1/..", None, "/chat", None, "/v1/../v1/chat",
            id="cherry-dot-segments-hide-the-version",
        ),
        pytest.param(
            JoinRule.V1_UNLESS_ANY_VERSION, "/v1beta2", None, "/chat", None, "/v1beta2/v1/chat",
            id="cherry-v1beta2-is-no-version",
        ),
        pytest.param(
            JoinRule.V1BETA_UNLESS_ANY_VERSION, "/v3/x/", None, "/models", None, "/v3/x/models",
            id="cherry-gemini-version-anywhere",
        ),
        # litellm 1.110.2 and 1.81.10, as captured (tests/test_captured_python_clients.py).
        pytest.param(
            JoinRule.LITELLM_JOIN, "/v1//", None, "/responses", None, "/v1/responses", id="ll-all"
        ),
        pytest.param(
            JoinRule.LITELLM_JOIN,
            "/v1/",
            "x=1",
            "/responses",
            None,
            "/v1?x=1/responses",
            id="ll-slash-before-query",
        ),
        pytest.param(
            JoinRule.LITELLM_JOIN, "/v1", "x=1/", "/responses", None, "/v1?x=1/responses", id="ll-q"
        ),
        pytest.param(
            JoinRule.LITELLM_JOIN, "//", None, "/responses", None, "/responses", id="ll-root"
        ),
        pytest.param(
            JoinRule.LITELLM_ENSURE_ROUTE,
            "/v1/messages/",
            None,
            "/v1/messages",
            None,
            "/v1/messages",
            id="ll-ensure-pasted",
        ),
        pytest.param(
            JoinRule.LITELLM_ENSURE_ROUTE,
            "/v1/messages",
            "x=1",
            "/v1/messages",
            None,
            "/v1/messages?x=1",
            id="ll-ensure-keeps-query",
        ),
        pytest.param(
            JoinRule.LITELLM_ENSURE_ROUTE,
            "/v1/",
            None,
            "/v1/messages",
            None,
            "/v1/v1/messages",
            id="ll-ensure-joins",
        ),
        pytest.param(
            JoinRule.STRIP_ALL_SLASHES,
            "/v1/",
            "x=1",
            "/responses",
            None,
            "/v1/?x=1/responses",
            id="ll181-keeps-slash-before-query",
        ),
        pytest.param(
            JoinRule.STRIP_ALL_SLASHES,
            "/v1//",
            None,
            "/responses",
            None,
            "/v1/responses",
            id="ll181",
        ),
        pytest.param(
            JoinRule.CONCAT_UNLESS_ENDS,
            "/",
            None,
            "/v1/messages",
            None,
            "//v1/messages",
            id="ll181-anthropic-doubles",
        ),
        pytest.param(
            JoinRule.CONCAT_UNLESS_ENDS,
            "/v1/messages",
            "x=1",
            "/v1/messages",
            None,
            "/v1/messages?x=1/v1/messages",
            id="ll181-anthropic-text-end",
        ),
    ],
)  # fmt: skip
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


@given(
    transport=st.sampled_from(list(Transport)),
    target=st.text(alphabet="/.v1?x=", max_size=12),
)
def test_finish_shortcut_changes_nothing(transport: Transport, target: str) -> None:
    assert finish(transport, target) == _finish_in_full(transport, target)


_CLEAN = st.lists(
    st.sampled_from(["v1", "v1beta", "V2", "v1beta2", "proxy", "api", "x"]), max_size=3
).map(lambda parts: "".join("/" + p for p in parts))


@given(rule=st.sampled_from(sorted(REWRITING)), path=_CLEAN)
def test_a_rewriting_rule_joins_a_clean_path_to_its_rewrite_plus_the_suffix(
    rule: JoinRule, path: str
) -> None:
    """What the correction search relies on (agroutes._correct): a clean path P joins to
    rewritten(P) + suffix, and rewritten(P) is P or P with the rule's segment added."""
    assert join(rule, path, None, "/chat/completions", None) == (
        rewritten(rule, path) + "/chat/completions"
    )
    assert rewritten(rule, path) in (path, f"{path}/{REWRITING[rule]}")
