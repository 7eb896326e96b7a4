"""What tools/gen_tables.py generates: the releases read, their notes, and the mappings that
give each route its protocol and operation.

Route tables are never typed by hand: the routes come from the proxy's source (the extract
step), and this file only says which release to read and how to name what a path serves.
A path the mappings do not know stops the render, so a new route is looked at, not guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Proxy = Literal["antigravity", "cliproxyapi"]
REPOS: dict[Proxy, str] = {
    "antigravity": "lbjlaq/Antigravity-Manager",
    "cliproxyapi": "router-for-me/CLIProxyAPI",
}

Assignment = tuple[str, tuple[str, ...]]  # (operation, protocols)

#: Antigravity's public routes, keyed by method and path as agroutes writes it (the
#: assignments of the 4.5.8 and 3.3.50 tables, typed by hand in src/agroutes/_presets.py until
#: they were generated too). Routes under /api are "admin".
ANTIGRAVITY_ROUTES: dict[tuple[str, str], Assignment] = {
    ("GET", "/health"): ("health", ()),
    ("GET", "/healthz"): ("health", ()),
    # The OpenAI handler; the Anthropic SDK's models.list reads its list too (_presets.py).
    ("GET", "/v1/models"): ("list-models", ("anthropic", "openai")),
    ("POST", "/v1/chat/completions"): ("chat-completions", ("openai",)),
    ("POST", "/v1/completions"): ("completions", ("openai",)),
    ("POST", "/v1/responses"): ("responses", ("openai",)),
    ("GET", "/v1/responses"): ("responses-websocket", ("openai",)),
    ("POST", "/responses"): ("responses", ("openai",)),
    ("POST", "/responses/compact"): ("responses-compact", ("openai",)),
    ("POST", "/v1/images/generations"): ("images", ("openai",)),
    ("POST", "/v1/images/edits"): ("images", ("openai",)),
    ("POST", "/v1/audio/transcriptions"): ("audio", ("openai",)),
    ("POST", "/v1/messages"): ("messages", ("anthropic",)),
    ("POST", "/v1/messages/count_tokens"): ("count-tokens", ("anthropic",)),
    ("GET", "/v1/models/claude"): ("list-models", ("anthropic",)),
    ("*", "/mcp/web_search_prime/mcp"): ("mcp", ()),
    ("*", "/mcp/web_reader/mcp"): ("mcp", ()),
    ("*", "/mcp/zai-mcp-server/mcp"): ("mcp", ()),
    ("GET", "/v1beta/models"): ("list-models", ("gemini",)),
    ("GET", "/v1beta/models/{model}"): ("get-model", ("gemini",)),
    ("POST", "/v1beta/models/{model}"): ("generate-content", ("gemini",)),
    ("POST", "/v1beta/models/{model}/countTokens"): ("count-tokens", ("gemini",)),
    ("POST", "/v1/models/detect"): ("detect-model", ()),
    ("POST", "/internal/warmup"): ("warmup", ()),
    ("POST", "/v1/api/event_logging/batch"): ("event-logging", ()),
    ("POST", "/v1/api/event_logging"): ("event-logging", ()),
    ("GET", "/auth/callback"): ("oauth-callback", ()),
}

#: CLIProxyAPI's public routes of the 5.0 releases, assigned as src/agroutes/data/
#: cliproxyapi.json assigns the same routes (held equal by the tests). /v0/management/* is
#: "admin".
CLIPROXYAPI_ROUTES: dict[tuple[str, str], Assignment] = {
    ("GET", "/"): ("root", ()),
    ("GET", "/v1/models"): ("list-models", ("anthropic", "openai")),
    ("POST", "/v1/chat/completions"): ("chat-completions", ("openai",)),
    ("POST", "/v1/completions"): ("completions", ("openai",)),
    ("POST", "/v1/messages"): ("messages", ("anthropic",)),
    ("POST", "/v1/responses"): ("responses", ("openai",)),
    ("GET", "/v1beta/models"): ("list-models", ("gemini",)),
    ("GET", "/v1beta/models/{action}"): ("get-model", ("gemini",)),
    ("POST", "/v1beta/models/{action}"): ("generate-content", ("gemini",)),
    # Gemini CLI's Code Assist API: no protocol any agroutes client speaks.
    ("POST", "/v1internal{method}"): ("gemini-cli-internal", ()),
}
ADMIN: Assignment = ("admin", ())


@dataclass(frozen=True, slots=True, kw_only=True)
class TableSpec:
    """One generated table: which release of which proxy, and what its notes add."""

    id: str
    proxy: Proxy
    tag: str
    title: str
    notes: tuple[str, ...]
    #: Where the release sits in the survey: the first of a run of releases with the same
    #: public routes (the rule of NAME@VERSION resolution), the last release surveyed (the
    #: newest table), or older than every release surveyed.
    survey: Literal["first", "last", "before"] = "first"
    quirks: dict[str, object] | None = None  # None: the proxy's QUIRKS

    @property
    def data_file(self) -> str:
        return f"tools/data/{self.proxy}-{self.tag.removeprefix('v')}-routes.json"

    @property
    def out_file(self) -> str:
        return f"src/agroutes/data/{self.id}.json"


#: Where each proxy listens by default: Antigravity's ProxyConfig::default() (port: 8045,
#: src-tauri/src/proxy/config.rs), CLIProxyAPI's config.example.yaml (port: 8317).
ORIGINS: dict[Proxy, str] = {
    "antigravity": "http://127.0.0.1:8045",
    "cliproxyapi": "http://127.0.0.1:8317",
}

#: How each proxy answers a path it does not route, every generated release alike (the
#: fallback is in server.rs from v4.0.0 on; CLIProxyAPI has no NoRoute handler).
QUIRKS: dict[Proxy, dict[str, object]] = {
    "antigravity": {
        "get_status": 200,
        "get_body": "html",
        "unknown_status": 405,
        "unknown_body": "empty",
        "note": (
            "headless/Docker mode only (the folder ABV_DIST_PATH, default 'dist', exists): "
            "app.fallback_service(ServeDir(dist).fallback(ServeFile(dist/index.html))) "
            "answers an unknown GET or HEAD with 200 and the web UI's index.html, and every "
            "other method with 405, as tower-http's ServeDir does"
        ),
    },
    "cliproxyapi": {},
}


def survey_file(proxy: Proxy) -> str:
    return f"tools/data/{proxy}-survey.json"


_AG_COMMON = (
    "axum 0.7 (matchit 0.7.3): the source writes :name parameters, written {name} here. A "
    "wrong method on a known path answers 405; HEAD is served by GET.",
    "No fallback route: an unknown path is an empty-body 404, except that when the folder "
    "ABV_DIST_PATH (default 'dist') exists (headless/Docker mode), `app.fallback_service` "
    "serves its files and index.html for every unknown path.",
    "proxy_routes run auth_middleware; the /api routes (operation admin) run "
    "admin_auth_middleware; GET /auth/callback needs no key.",
)
_CPA_COMMON = (
    "Engine: NewServer creates it with gin.New() (gin v1.10.1 in go.mod) and sets no router "
    "flags, so gin's defaults apply: RedirectTrailingSlash=true, RedirectFixedPath=false, "
    "RemoveExtraSlash=false, HandleMethodNotAllowed=false (a wrong method answers 404).",
    "No NoRoute handler: an unknown path answers gin's own 404, the text '404 page not "
    "found'. The global corsMiddleware answers every OPTIONS request, on any path, with 204.",
    "AuthMiddleware is attached to the /v1 and /v1beta groups and runs after routing: an "
    "unknown path is a 404 with or without a key; a known route without a key answers 401 "
    '{"error": "Missing API key"} (not when no api-keys are configured, nor for a '
    "127.0.0.1 caller with allow-localhost-unauthenticated).",
    "GET /v1/models (unifiedModelsHandler) answers the Claude list when the User-Agent starts "
    "with claude-cli and the OpenAI list otherwise; it is recorded as serving openai and "
    "anthropic, as the other tables record their /v1/models.",
    "Gemini is routed only under /v1beta. /v1beta/models/:action takes one whole segment "
    "(gemini-2.5-pro:generateContent); GeminiHandler splits it at ':' and serves "
    "generateContent, streamGenerateContent and countTokens.",
    "POST /v1internal:method (a gin parameter inside a segment, written /v1internal{method} "
    "here) is Gemini CLI's Code Assist API, answered only for callers on 127.0.0.1.",
    "No /healthz and no /v1/messages/count_tokens in this release.",
)

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        id="antigravity@3.3.50",
        proxy="antigravity",
        tag="v3.3.50",
        title="Antigravity Tools 3.3.50",
        survey="before",
        quirks={},  # no fallback: an unknown path is an empty-body 404
        notes=(
            "The table the seed lesson documents. One router, `app`, holds every route; there "
            "is no admin API under /api and no GET /auth/callback in this release, and GET "
            "/healthz is the one health route (4.0.0 drops it; 4.0.10 adds /health and brings "
            "it back).",
            "axum 0.7.9 (matchit 0.7.3, Cargo.lock): the source writes :name parameters, "
            "written {name} here. A wrong method on a known path answers 405; HEAD is served "
            "by GET.",
            "No fallback route: an unknown path is an empty-body 404. auth_middleware runs on "
            "every route.",
            "ProxyConfig::default() has port 8045 (src-tauri/src/proxy/config.rs).",
        ),
    ),
    TableSpec(
        id="antigravity@4.0.0",
        proxy="antigravity",
        tag="v4.0.0",
        title="Antigravity Tools 4.0.0",
        notes=(
            "No GET /health or /healthz outside /api: the one health route is GET /api/health, "
            "in the admin group. v4.0.10 adds GET /health and GET /healthz to proxy_routes "
            "(commit 55f3a605).",
            *_AG_COMMON,
        ),
    ),
    TableSpec(
        id="antigravity@4.0.10",
        proxy="antigravity",
        tag="v4.0.10",
        title="Antigravity Tools 4.0.10",
        notes=(
            "GET /health and GET /healthz are public routes from this release on (commit "
            "55f3a605); GET /api/health stays in the admin group.",
            *_AG_COMMON,
        ),
    ),
    TableSpec(
        id="antigravity@4.3.0",
        proxy="antigravity",
        tag="v4.3.0",
        title="Antigravity Tools 4.3.0",
        notes=(
            "GET /v1/responses, Codex's Responses WebSocket (handle_responses_websocket), "
            "first appears in this release (commit 593be8e3), beside POST /v1/responses.",
            *_AG_COMMON,
        ),
    ),
    TableSpec(
        id="antigravity@4.3.9",
        proxy="antigravity",
        tag="v4.3.9",
        title="Antigravity Tools 4.3.9",
        notes=(
            "POST /responses and POST /responses/compact, the Responses API without /v1, "
            "first appear in this release (commit 828414b0).",
            *_AG_COMMON,
        ),
    ),
    TableSpec(
        id="antigravity@4.5.8",
        proxy="antigravity",
        tag="v4.5.8",
        title="Antigravity Tools 4.5.8",
        survey="last",
        notes=(
            "The newest release surveyed, and the table `antigravity` names. Its /api routes "
            "are those of src/agroutes/_antigravity_admin.py, which tools/gen_antigravity_admin.py "
            "renders from the same route data (tests/test_table_versions.py holds them equal).",
            *_AG_COMMON,
        ),
    ),
    TableSpec(
        id="cliproxyapi@5.0.0",
        proxy="cliproxyapi",
        tag="v5.0.0",
        title="CLIProxyAPI 5.0.0",
        notes=(
            "No /v1/responses: POST /v1/responses answers 404, so no Base URL gives the "
            "Responses API (Codex) a route. v5.0.5 adds it (commit e11637dc).",
            *_CPA_COMMON,
        ),
    ),
    TableSpec(
        id="cliproxyapi@5.0.5",
        proxy="cliproxyapi",
        tag="v5.0.5",
        title="CLIProxyAPI 5.0.5",
        notes=(
            "POST /v1/responses (OpenAIResponsesAPIHandler) first appears in this release "
            "(commit e11637dc).",
            *_CPA_COMMON,
        ),
    ),
)
