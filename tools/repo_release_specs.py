"""What tools/gen_repo_tables.py generates for past releases of the proxies it reads: the
``NAME@VERSION`` tables, each the first release of a run of releases with the same public
routes in the proxy's survey (tools/data/NAME-survey.json), chosen where a route a built-in
client sends appears or disappears.

As in tools/repo_table_specs.py, the routes come from the proxy's source at the tag (the
extract step); this file says which release to read and how to name what a path serves.
"""

from __future__ import annotations

from repo_table_specs import _CPA, ANTHROPIC, GEMINI, NONE, OPENAI, Assignment, RepoSpec

_CPA_FILES = ("internal/api/server.go",)  # before v7.2.101 every route is registered here
_CPA_OLD: dict[tuple[str, str], Assignment] = {
    ("GET", "/v1beta/models/{action}"): ("get-model", GEMINI),
    ("POST", "/v1beta/models/{action}"): ("generate-content", GEMINI),
    # Gemini CLI's Code Assist API: no protocol any agroutes client speaks.
    ("POST", "/v1internal{method}"): ("gemini-cli-internal", NONE),
    ("GET", "/google/callback"): ("oauth-callback", NONE),
    # Only with WithKeepAliveEndpoint (the TUI's local-password mode): see the notes.
    ("GET", "/keep-alive"): ("keep-alive", NONE),
}


def _cpa(*keys: tuple[str, str]) -> dict[tuple[str, str], Assignment]:
    """The assignments of these routes: the newest table's (``_CPA``) or the older ones."""
    return {key: _CPA[key] if key in _CPA else _CPA_OLD[key] for key in keys}


_CPA_ENGINE = (
    "Engine: NewServer (internal/api/server.go) creates it with gin.New() (gin v1.10.1 in "
    "go.mod) and sets no router flag, so gin's defaults apply: RedirectTrailingSlash=true "
    "(301 for GET, 307 otherwise), RedirectFixedPath=false, RemoveExtraSlash=false, "
    "HandleMethodNotAllowed=false (a wrong method answers 404, not 405). An embedding "
    "program can change them through WithEngineConfigurator."
)
_CPA_NO_ROUTE = (
    "No NoRoute handler: an unknown path answers gin's own 404, the text '404 page not "
    "found'. The global corsMiddleware answers every OPTIONS request, on any path, with 204."
)
_CPA_MODELS = (
    "GET /v1/models (unifiedModelsHandler) answers the Claude list to a claude-cli "
    "User-Agent and the OpenAI list otherwise; recorded as serving openai and anthropic, as "
    "the other tables record their /v1/models."
)

CLIPROXYAPI_6_0_0 = RepoSpec(
    id="cliproxyapi@6.0.0",
    release_of="cliproxyapi",
    repo="router-for-me/CLIProxyAPI",
    tag="v6.0.0",
    title="CLIProxyAPI 6.0.0",
    reader="gin",
    files=_CPA_FILES,
    engines=frozenset({"s.engine"}),
    router="gin",
    origin="http://127.0.0.1:8317",  # config.example.yaml: `port: 8317`
    quirks={},
    admin=("/v0/management",),
    guarded_ok=True,  # the /v0/management routes: see the notes
    routes=_cpa(
        ("GET", "/v1/models"),
        ("POST", "/v1/chat/completions"),
        ("POST", "/v1/completions"),
        ("POST", "/v1/messages"),
        ("POST", "/v1/messages/count_tokens"),
        ("POST", "/v1/responses"),
        ("GET", "/v1beta/models"),
        ("POST", "/v1beta/models/{action}"),
        ("GET", "/v1beta/models/{action}"),
        ("GET", "/"),
        ("POST", "/v1internal{method}"),
        ("GET", "/anthropic/callback"),
        ("GET", "/codex/callback"),
        ("GET", "/google/callback"),
    ),
    notes=(
        "POST /v1/messages/count_tokens (ClaudeCountTokens), which the Anthropic SDKs' "
        "messages.count_tokens calls, first appears in this release; 5.1.16 added the OAuth "
        "callbacks (/anthropic/callback, /codex/callback, /google/callback) before it, and "
        "the releases from 5.1.16 to 5.2.6 resolve to cliproxyapi@5.0.5, whose client routes "
        "they share (tools/data/cliproxyapi-survey.json).",
        "The runs of the survey from 6.0.4 to 6.9.34 resolve to this table too: they add GET "
        "/keep-alive (6.0.4), GET /management.html (6.0.18), the iFlow and Antigravity "
        "OAuth callbacks (6.1.0, 6.5.4), POST /v1/responses/compact (6.7.36), GET "
        "/v1/responses (Codex's Responses websocket, 6.8.19), GET and HEAD /healthz (6.9.10, "
        "6.9.31) and POST /v1/images/* (6.9.32), and register Gemini's /v1beta/models/:action "
        "as the catch-all *action from 6.6.19 on; none of these is a request a built-in "
        "client sends. cliproxyapi@6.9.35 adds /backend-api/codex.",
        _CPA_ENGINE,
        _CPA_NO_ROUTE,
        "AuthMiddleware is attached to the /v1 and /v1beta groups and runs after routing: an "
        "unknown path is a 404 with or without a key; a known route without a key answers "
        "401.",
        _CPA_MODELS,
        "Gemini is routed only under /v1beta. /v1beta/models/:action takes one whole segment "
        "(gemini-2.5-pro:generateContent); GeminiHandler splits it at ':'.",
        "POST /v1internal:method (a gin parameter inside a segment, written "
        "/v1internal{method} here) is Gemini CLI's Code Assist API.",
        "The /v0/management routes (operation admin) are registered only inside `if "
        "s.cfg.RemoteManagement.SecretKey != \"\"` (setupRoutes); otherwise they answer 404. "
        "They take the management key, not an API key.",
        "Not in this table: WithRouterConfigurator lets an embedding program add routes.",
    ),
)

CLIPROXYAPI_6_9_35 = RepoSpec(
    id="cliproxyapi@6.9.35",
    release_of="cliproxyapi",
    repo="router-for-me/CLIProxyAPI",
    tag="v6.9.35",
    title="CLIProxyAPI 6.9.35",
    reader="gin",
    files=_CPA_FILES,
    engines=frozenset({"s.engine"}),
    router="gin",
    origin="http://127.0.0.1:8317",  # config.example.yaml: `port: 8317`
    quirks={},
    admin=("/v0/management",),
    routes=_cpa(
        ("GET", "/healthz"),
        ("HEAD", "/healthz"),
        ("GET", "/management.html"),
        ("GET", "/v1/models"),
        ("POST", "/v1/chat/completions"),
        ("POST", "/v1/completions"),
        ("POST", "/v1/images/generations"),
        ("POST", "/v1/images/edits"),
        ("POST", "/v1/messages"),
        ("POST", "/v1/messages/count_tokens"),
        ("GET", "/v1/responses"),
        ("POST", "/v1/responses"),
        ("POST", "/v1/responses/compact"),
        ("GET", "/backend-api/codex/responses"),
        ("POST", "/backend-api/codex/responses"),
        ("POST", "/backend-api/codex/responses/compact"),
        ("GET", "/v1beta/models"),
        ("GET", "/"),
        ("POST", "/v1internal{method}"),
        ("GET", "/anthropic/callback"),
        ("GET", "/codex/callback"),
        ("GET", "/google/callback"),
        ("GET", "/antigravity/callback"),
        ("GET", "/keep-alive"),
    ),
    expand={
        ("POST", "/v1beta/models/{*action}"): (
            ("POST", "/v1beta/models/{model}", ("generate-content", GEMINI)),
        ),
        ("GET", "/v1beta/models/{*action}"): (
            ("GET", "/v1beta/models/{model}", ("get-model", GEMINI)),
        ),
    },
    notes=(
        "The Codex aliases under /backend-api/codex (chatgpt_base_url compatible: GET and POST "
        "/backend-api/codex/responses, POST /backend-api/codex/responses/compact) first appear "
        "in this release, beside /v1/responses.",
        "The runs of the survey from 7.1.0 to 7.2.139 resolve to this table too: they add "
        "xAI's and OpenAI's video endpoints (/v1/videos*, 7.1.2; /openai/v1/videos*, 7.2.2), "
        "POST /v1beta/interactions (7.2.51), the alpha search endpoints (7.2.70, 7.2.74) and "
        "the live and realtime routes (7.2.99, 7.2.128), add and drop the xAI OAuth callback "
        "(7.1.0, 7.2.64), and drop POST /v1internal:method and GET /google/callback (7.2.20) "
        "and GET /keep-alive from server.go (7.2.101); none of these is a request a built-in "
        "client sends. From 7.2.140 on the table is `cliproxyapi`.",
        _CPA_ENGINE,
        _CPA_NO_ROUTE,
        "AuthMiddleware is attached to the /v1, /backend-api/codex and /v1beta groups and runs "
        "after routing: an unknown path is a 404 with or without a key.",
        _CPA_MODELS,
        "Gemini is routed only under /v1beta. Modelling choice, as in the table "
        "`cliproxyapi`: the router registers GET and POST /v1beta/models/*action; the POST "
        "handler splits the action at ':' into model and method and the GET handler looks it "
        "up as a model name, so the table writes them as /v1beta/models/{model}, one segment, "
        "each citing the registration's line.",
        "POST /v1internal:method (written /v1internal{method} here) is Gemini CLI's Code "
        "Assist API. GET /v1/responses and GET /backend-api/codex/responses are websocket "
        "upgrades (Codex's Responses websocket). GET /keep-alive is registered by "
        "enableKeepAlive, called only with WithKeepAliveEndpoint (the TUI's local-password "
        "mode); GET /management.html (the management web UI) is recorded as admin.",
        "The /v0/management routes (operation admin) are registered by registerManagementRoutes "
        "only when a management secret exists (remote-management.secret-key, the "
        "MANAGEMENT_PASSWORD environment variable, or a local TUI password: NewServer); "
        "without one they answer 404. They take the management key, not an API key.",
        "Not in this table: the Amp module (internal/api/modules/amp/routes.go, registered by "
        "modules.RegisterModule in NewServer) adds /api/*, /api/provider/* and a few root "
        "paths (/threads, /docs, /settings, /auth) for Amp CLI; AttachWebsocketRoute registers "
        "a GET at a path known only at run time (kept in the route data as `dynamic`); "
        "WithRouterConfigurator lets an embedding program add routes.",
    ),
)

#: Oldest first, per proxy.
RELEASE_SPECS: tuple[RepoSpec, ...] = (CLIPROXYAPI_6_0_0, CLIPROXYAPI_6_9_35)
