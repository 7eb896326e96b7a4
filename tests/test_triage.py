"""triage: what a status (and body) means on the proxy, before touching the Base URL.

Rows: the seed lesson's "404 or 401?" step and summary row 1, the failure patterns of
reference/antigravity.md section 4 that are told apart by status and body, and the
peers.md section 6 reports of web-UI fallbacks.
"""

from __future__ import annotations

import json

import pytest

from agroutes import ProblemKind, triage
from agroutes._texts import TABLES
from agroutes.results import BodyShape, TriageKind
from tests.conftest import OLD

T = TriageKind
K = ProblemKind
UPSTREAM_404 = (
    '{"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND"}}'
)
HTML = "<!doctype html><html><head><title>Antigravity</title></head><body></body></html>"
NEW_API_404 = (
    '{"error":{"message":"Invalid URL (%s)","type":"invalid_request_error","param":"","code":""}}'
)


@pytest.mark.parametrize(
    ("status", "method", "path", "body", "routes", "kind", "path_kind", "words"),
    [
        # --- the seed lesson ---------------------------------------------------------
        pytest.param(
            401,
            "POST",
            "/v1/v1/chat/completions",
            None,
            "antigravity",
            T.AUTH_REQUIRED,
            K.DUPLICATED_PREFIX,
            "401 before 404",
            id="seed-401-before-404-on-a-wrong-path",
        ),
        pytest.param(
            401,
            "GET",
            "/v1/models",
            "",
            "antigravity",
            T.AUTH_REQUIRED,
            None,
            "the path is fine",
            id="seed-401-on-a-right-path",
        ),
        pytest.param(
            404,
            "POST",
            "/v1/chat/completions/responses",
            b"",
            OLD,
            T.NO_ROUTE,
            K.STACKED_PATH,
            "router's own 404",
            id="seed-summary-always-404-empty-body",
        ),
        pytest.param(
            404,
            "POST",
            "/v1/v1/chat/completions",
            None,
            OLD,
            T.NO_ROUTE,
            K.DUPLICATED_PREFIX,
            "no route",
            id="seed-checkpoint-v1-v1-404",
        ),
        # --- antigravity.md section 4 ---------------------------------------------------
        pytest.param(
            404,
            "POST",
            "/v1/messages",
            UPSTREAM_404,
            "antigravity",
            T.UPSTREAM_NOT_FOUND,
            None,
            "the model or resource",
            id="ag4-4-upstream-404-claude-model-52",
        ),
        pytest.param(
            404,
            "POST",
            "/v1beta/models/gemini-3-pro-preview:streamGenerateContent?alt=sse",
            UPSTREAM_404,
            "antigravity",
            T.UPSTREAM_NOT_FOUND,
            None,
            "preview name",
            id="ag4-4-upstream-404-preview-model-176",
        ),
        pytest.param(
            404,
            "POST",
            "/v1/chat/completions",
            '{"error":{"code":404,"message":"Resource projects/abc could not be found."}}',
            "antigravity",
            T.UPSTREAM_NOT_FOUND,
            None,
            "upstream",
            id="ag4-4-resource-project-not-found-2055",
        ),
        pytest.param(
            404,
            "POST",
            "/v1/v1/messages?beta=true",
            None,
            "antigravity",
            T.NO_ROUTE,
            K.DUPLICATED_PREFIX,
            "router's own 404",
            id="ag4-4-claude-code-404-no-body",
        ),
        pytest.param(
            404,
            "GET",
            "/healthz",
            "",
            "antigravity",
            T.NOT_IN_THIS_VERSION,
            None,
            "#1364",
            id="ag4-5-healthz-missing-in-4.0.x",
        ),
        pytest.param(
            400,
            "POST",
            "/v1beta/models/gemini-2.5-flash:countTokens",
            '{"error":{"message":"Unsupported method: countTokens"}}',
            OLD,
            T.UNSUPPORTED_ACTION,
            None,
            "#3295",
            id="ag4-6-count-tokens-colon-400",
        ),
        pytest.param(
            405,
            "POST",
            "/messages",
            "",
            "antigravity",
            T.WEB_UI_FALLBACK,
            K.MISSING_PREFIX,
            "every other method with 405",
            id="ag4-3-opencode-405-1818",
        ),
        pytest.param(
            405,
            "POST",
            "/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
            "",
            "antigravity",
            T.WEB_UI_FALLBACK,
            K.MISSING_PREFIX,
            "its fallback answers such paths with 405",
            id="ag4-3-opencode-google-405-1818",
        ),
        pytest.param(
            404,
            "POST",
            "/chat/completions",
            "",
            "antigravity",
            T.NO_ROUTE,
            K.MISSING_PREFIX,
            "no route",
            id="ag4-3-openai-sdk-no-v1-404",
        ),
        pytest.param(
            405,
            "GET",
            "/v1/responses",
            "",
            OLD,
            T.METHOD_NOT_ALLOWED,
            None,
            "for POST",
            id="ag4-7-codex-websocket-405-on-3.3.50",
        ),
        pytest.param(
            401,
            "POST",
            "/v1/responses",
            "",
            "antigravity",
            T.AUTH_REQUIRED,
            None,
            "x-api-key",
            id="ag4-7-codex-cc-switch-401-573",
        ),
        pytest.param(
            503,
            "POST",
            "/v1/chat/completions",
            "Service Unavailable",
            "antigravity",
            T.SERVICE_STOPPED,
            None,
            "stopped",
            id="ag4-8-cherry-studio-503-2131",
        ),
        pytest.param(
            503,
            "GET",
            "/healthz",
            '{"error":"Proxy service is currently disabled"}',
            "antigravity",
            T.SERVICE_STOPPED,
            None,
            "/healthz does not",
            id="ag4-service-status-503",
        ),
        pytest.param(
            404,
            "POST",
            "/v1/chat/completions/",
            "",
            "antigravity",
            T.NO_ROUTE,
            K.EXTRA_SLASH,
            "no route",
            id="ag4-10-trailing-slash-404",
        ),
        pytest.param(
            405,
            "GET",
            "/v1/messages",
            "",
            "antigravity",
            T.METHOD_NOT_ALLOWED,
            None,
            "for POST",
            id="right-path-wrong-method",
        ),
        pytest.param(
            200,
            "GET",
            "/v1beta/v1beta/models",
            HTML,
            "antigravity",
            T.WEB_UI_FALLBACK,
            K.DUPLICATED_PREFIX,
            "200 and the web UI's index.html",
            id="web-ui-swallows-an-api-get",
        ),
        # --- peers.md: gin proxies and web-UI fallbacks ----------------------------------
        pytest.param(
            200,
            "POST",
            "/chat/completions",
            HTML,
            "new-api",
            T.WEB_UI_FALLBACK,
            K.MISSING_PREFIX,
            "NoRoute serves the web UI's index.html",
            id="peers4-one-api-no-route-serves-index-html",
        ),
        pytest.param(
            404,
            "POST",
            "/v1/chat/completion",
            NEW_API_404 % "POST /v1/chat/completion",
            "new-api",
            T.NO_ROUTE,
            K.UNKNOWN_ROUTE,
            "router's own 404",
            id="new-api-relay-not-found-json",
        ),
        pytest.param(
            404,
            "GET",
            "/v1/chat/completions",
            NEW_API_404 % "GET /v1/chat/completions",
            "new-api",
            T.NO_ROUTE,
            K.METHOD_NOT_ALLOWED,
            "router's own 404",
            id="gin-wrong-method-answers-404",
        ),
        pytest.param(
            401,
            "POST",
            "/v1/messages",
            '{"error":"Missing API key"}',
            "cliproxyapi",
            T.AUTH_REQUIRED,
            None,
            "only after routing",
            id="gin-auth-after-routing",
        ),
        pytest.param(
            307,
            "POST",
            "/v1/chat/completions/",
            "",
            "cliproxyapi",
            T.REDIRECT,
            K.EXTRA_SLASH,
            "redirects to /v1/chat/completions",
            id="gin-trailing-slash-redirect",
        ),
        pytest.param(
            200,
            "POST",
            "/v1/chat/completions",
            '{"id":"chatcmpl-1","object":"chat.completion","choices":[]}',
            "antigravity",
            T.ROUTED,
            None,
            "not the problem",
            id="routed",
        ),
        pytest.param(
            403,
            "POST",
            "/v1/chat/completions",
            '{"error":{"message":"token_rejected"}}',
            "antigravity",
            T.KEY_REJECTED,
            None,
            "refused",
            id="user-token-rejected",
        ),
        pytest.param(
            500,
            "POST",
            "/v1/chat/completions",
            "oops",
            "antigravity",
            T.OTHER,
            None,
            "500",
            id="other",
        ),
    ],
)
def test_triage(
    status: int,
    method: str,
    path: str,
    body: str | bytes | None,
    routes: str,
    kind: TriageKind,
    path_kind: ProblemKind | None,
    words: str,
) -> None:
    t = triage(status, path, body=body, method=method, routes=routes)
    assert t.kind is kind, str(t)
    pd = t.path_diagnosis
    assert (pd.kind if pd is not None else None) is path_kind, str(t)
    assert words in str(t)
    assert t.explain("zh")
    json.dumps(t.to_mapping())


def test_body_shapes_and_upstream_message() -> None:
    assert triage(404, "/x", body=None).body is BodyShape.EMPTY
    assert triage(404, "/x", body=b"  \n").body is BodyShape.EMPTY
    assert triage(200, "/x", body="<html>").body is BodyShape.HTML
    assert triage(200, "/x", body="{}", content_type="text/html").body is BodyShape.HTML
    assert triage(404, "/x", body="not found").body is BodyShape.TEXT
    t = triage(404, "/v1/messages", body=UPSTREAM_404)
    assert t.body is BodyShape.JSON
    assert t.upstream_message == "Requested entity was not found."


def test_401_then_the_path_in_chinese() -> None:
    zh = triage(401, "/v1/chat/completions/responses").explain("zh")
    assert "先 401 后 404" in zh
    assert "你多半想请求：POST /v1/responses" in zh


def test_json_view_is_redacted() -> None:
    secret = "sk-abcdef0123456789"
    t = triage(
        404,
        f"/v1/v1/messages?key={secret}",
        body=f'{{"error":{{"message":"bad key {secret}"}}}}',
    )
    doc = json.dumps(t.to_mapping())
    assert "0123456789" not in doc
    assert json.loads(doc)["path_diagnosis"]["kind"] == "duplicated-prefix"


@pytest.mark.parametrize("status", [99, 600, True, "404", 404.0])
def test_bad_status(status: object) -> None:
    with pytest.raises(ValueError, match="HTTP status"):
        triage(status, "/x")  # type: ignore[arg-type]


def test_bad_body() -> None:
    with pytest.raises(TypeError, match="body"):
        triage(404, "/x", body=42)  # type: ignore[arg-type]


def test_text_tables_have_the_same_keys() -> None:
    assert set(TABLES["en"]) == set(TABLES["zh"])
    for kind in TriageKind:
        assert f"triage:{kind.value}" in TABLES["en"]
