"""suggest_rewrite: the canonical path when, and only when, the mapping is unambiguous."""

from __future__ import annotations

import pytest

from agroutes import ClientProfile, ProblemKind, RouteTable, resolve, route_table, suggest_rewrite
from agroutes.profiles import BUILTIN_CLIENTS
from tests.conftest import OLD, RELAY, H

K = ProblemKind


@pytest.mark.parametrize(
    ("method", "path", "routes", "target", "kind"),
    [
        pytest.param(
            "POST",
            "/v1/v1/messages?beta=true",
            "antigravity",
            "/v1/messages?beta=true",
            K.DUPLICATED_PREFIX,
            id="claude-code-v1-v1-keeps-query",
        ),
        pytest.param(
            "POST",
            "/chat/completions",
            "antigravity",
            "/v1/chat/completions",
            K.MISSING_PREFIX,
            id="openai-sdk-no-v1",
        ),
        pytest.param(
            "POST",
            "/v1/chat/completions/responses",
            OLD,
            "/v1/responses",
            K.STACKED_PATH,
            id="seed-summary-stacked-path-rewrite",
        ),
        pytest.param(
            "POST",
            "/v1/chat/completions/",
            "antigravity",
            "/v1/chat/completions",
            K.EXTRA_SLASH,
            id="trailing-slash",
        ),
        pytest.param(
            "POST",
            "/v1//chat/completions",
            "antigravity",
            "/v1/chat/completions",
            K.EXTRA_SLASH,
            id="double-slash",
        ),
        pytest.param(
            "POST",
            "/models/gemini-2.5-flash:generateContent",
            "antigravity",
            "/v1beta/models/gemini-2.5-flash:generateContent",
            K.MISSING_PREFIX,
            id="gemini-host-root-builder",
        ),
        pytest.param(
            "POST",
            "/v1/v1beta/models/gemini-3.8-flash:streamGenerateContent?alt=sse",
            "antigravity",
            "/v1beta/models/gemini-3.8-flash:streamGenerateContent?alt=sse",
            K.DUPLICATED_PREFIX,
            id="gemini-cli-v1",
        ),
        pytest.param(
            "POST", "/responses", OLD, "/v1/responses", K.MISSING_PREFIX, id="codex-no-v1-on-old"
        ),
        pytest.param(
            "POST",
            "/v1/messages?beta=true",
            RELAY,
            "/api/v1/messages?beta=true",
            K.MISSING_PREFIX,
            id="mounted-prefix-kept",
        ),
        pytest.param(
            "POST",
            "/v1/chat/completions/",
            "cliproxyapi",
            "/v1/chat/completions",
            K.EXTRA_SLASH,
            id="gin-slash",
        ),
    ],
)
def test_unambiguous_mistakes_are_rewritten(
    method: str, path: str, routes: str | RouteTable, target: str, kind: ProblemKind
) -> None:
    rewrite = suggest_rewrite(method, path, routes=routes)
    assert rewrite is not None
    assert rewrite.target == target
    assert rewrite.kind is kind
    table = route_table(routes)
    assert table.match(method, rewrite.new_path).route == rewrite.route
    assert suggest_rewrite(method, rewrite.target, routes=routes) is None  # canonical: done


@pytest.mark.parametrize(
    ("method", "path", "routes"),
    [
        # The OpenAI list under a doubled /v1, or google-genai's v1 list that wants /v1beta?
        pytest.param("GET", "/v1/v1/models", "antigravity", id="ambiguous-model-list"),
        pytest.param("GET", "/v1/v1beta/models", "antigravity", id="ambiguous-v1-v1beta-list"),
        pytest.param("GET", "/models", "antigravity", id="ambiguous-bare-models"),
        pytest.param("POST", "/v1/?x=1chat/completions", "antigravity", id="query-in-base"),
        pytest.param("GET", "/v1/messages", "antigravity", id="wrong-method"),
        pytest.param("GET", "/v1/responses", OLD, id="wrong-method-old-table"),
        pytest.param("POST", "/v1/chat/completions", "antigravity", id="already-routed"),
        pytest.param("POST", "/totally/unknown", "antigravity", id="unknown"),
        pytest.param("POST", "/v1/chat/completion", "antigravity", id="typo-is-not-guessed"),
        pytest.param("GET", "/v1/chat/completions", "new-api", id="gin-wrong-method"),
    ],
)
def test_never_guesses(method: str, path: str, routes: str) -> None:
    assert suggest_rewrite(method, path, routes=routes) is None


#: The SDKs that default to the v1 API, which Antigravity does not serve.
_V1_BY_DEFAULT = ("google-genai", "google-genai-node")


def _working(profile: ClientProfile) -> ClientProfile:
    if profile.id in _V1_BY_DEFAULT:
        return profile.with_settings(api_version="v1beta")
    return profile


MISTAKES = {
    "duplicated-prefix": lambda p, good: good + (p.base_shape.prefix or "/v1"),
    "stacked-path": lambda p, good: good + "/chat/completions",
    "missing-prefix": lambda p, good: good.removesuffix(p.base_shape.prefix),
    "extra-slash": lambda p, good: good + "//",
}


@pytest.mark.parametrize("table_id", ["antigravity", OLD])
@pytest.mark.parametrize("mistake", sorted(MISTAKES))
@pytest.mark.parametrize("client_id", sorted(BUILTIN_CLIENTS))
def test_a_rewrite_is_what_the_fixed_client_sends(
    client_id: str, mistake: str, table_id: str
) -> None:
    """Whenever a rewrite is offered, it is exactly the request the client sends once its
    Base URL is right: the rewrite never sends a client somewhere it did not mean to go."""
    profile = _working(BUILTIN_CLIENTS[client_id])
    table = route_table(table_id)
    good = H + profile.base_shape.prefix
    bad = MISTAKES[mistake](profile, good)
    for wrong, right in zip(resolve(bad, profile), resolve(good, profile), strict=True):
        if table.match(wrong.method, wrong.path).ok:
            continue
        rewrite = suggest_rewrite(wrong.method, wrong.target, routes=table)
        if rewrite is not None:
            assert rewrite.new_path == right.path, (wrong, rewrite)
