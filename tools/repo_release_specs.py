"""What tools/gen_repo_tables.py generates for past releases of the proxies it reads: the
``NAME@VERSION`` tables, each the first release of a run of releases with the same public
routes in the proxy's survey (tools/data/NAME-survey.json), chosen where a route a built-in
client sends appears or disappears.

As in tools/repo_table_specs.py, the routes come from the proxy's source at the tag (the
extract step); this file says which release to read and how to name what a path serves.
"""

from __future__ import annotations

import re

from repo_table_specs import CPA_ROUTES, GEMINI, NEW_API_ROUTES, NONE, OPENAI, Assignment, RepoSpec

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
    """The assignments of these routes: the newest table's (``CPA_ROUTES``) or the older ones."""
    return {key: CPA_ROUTES[key] if key in CPA_ROUTES else _CPA_OLD[key] for key in keys}


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
        's.cfg.RemoteManagement.SecretKey != ""` (setupRoutes); otherwise they answer 404. '
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


# --- New API -------------------------------------------------------------------------------

_NA_FILES: tuple[str, ...] = (
    "router/main.go",
    "router/api-router.go",
    "router/dashboard.go",
    "router/relay-router.go",
)
_NA_WEB = ("router/web-router.go",)
_NA_VIDEO = ("router/video-router.go",)  # from v0.8.6.0 on

#: The newest table's routes that each release lacks (each list the next one's and more).
_NA_SINCE_0_9_5 = (
    ("GET", "/v1/videos/{task_id}"),
    ("GET", "/v1/videos/{task_id}/content"),
    ("POST", "/v1/videos"),
    ("POST", "/v1/videos/{video_id}/remix"),
    ("POST", "/v1/responses/compact"),
)
_NA_SINCE_0_9_0 = (
    *_NA_SINCE_0_9_5,
    ("GET", "/kling/v1/videos/image2video/{task_id}"),
    ("GET", "/kling/v1/videos/text2video/{task_id}"),
    ("POST", "/kling/v1/videos/image2video"),
    ("POST", "/kling/v1/videos/text2video"),
    ("GET", "/v1/video/generations/{task_id}"),
    ("POST", "/v1/video/generations"),
    ("GET", "/v1beta/models"),
    ("GET", "/v1beta/openai/models"),
    ("POST", "/jimeng/"),
)
_NA_SINCE_0_7_0 = (*_NA_SINCE_0_9_0, ("POST", "/v1/responses"))
_NA_SINCE_0_5_0 = (
    *_NA_SINCE_0_7_0,
    ("POST", "/v1/messages"),
    ("GET", "/v1/realtime"),
    ("POST", "/v1/rerank"),
    ("POST", "/pg/chat/completions"),
    ("POST", "/suno/submit/{action}"),
    ("POST", "/suno/fetch"),
    ("GET", "/suno/fetch/{id}"),
)


def _na(*absent: tuple[str, str]) -> dict[tuple[str, str], Assignment]:
    """The newest table's assignments (``NEW_API_ROUTES``) without the routes a release lacks."""
    return {key: value for key, value in NEW_API_ROUTES.items() if key not in absent}


def _na_quirks(prefixes: str) -> dict[str, object]:
    return {
        "unknown_status": 200,
        "unknown_body": "html",
        "note": (
            "router/web-router.go NoRoute serves the web UI's index.html for every unknown "
            "path of every method (when FRONTEND_BASE_URL is unset), except paths whose "
            f"RequestURI starts with {prefixes}, which answer the JSON 404 'Invalid URL (...)'"
        ),
        # The same prefixes as data: strings.HasPrefix on RequestURI, in web-router.go.
        "router_prefixes": re.findall(r"/\w+", prefixes),
    }


_NA_BY_HANDLER: dict[str, Assignment] = {
    "controller.RelayNotImplemented": ("not-implemented", OPENAI),
    "controller.RelayMidjourney": ("midjourney", NONE),
    "relay.RelayMidjourneyImage": ("midjourney-image", NONE),
}
_Expand = dict[tuple[str, str], tuple[tuple[str, str, Assignment], ...]]
_NA_V1BETA: _Expand = {
    ("POST", "/v1beta/models/{*path}"): (
        ("POST", "/v1beta/models/{model}", ("generate-content", GEMINI)),
    ),
}
_NA_V1: _Expand = {
    ("POST", "/v1/models/{*path}"): (("POST", "/v1/models/{model}", ("generate-content", GEMINI)),),
}


def _na_notes(prefixes: str) -> tuple[str, ...]:
    """The notes every past New API table shares; ``prefixes`` are NoRoute's JSON-404 ones."""
    return (
        "Read through the tags of QuantumNous/new-api as its fork xiaocongyu66/new-api "
        "copied them (see the table `new-api`). The survey reads the three-part release tags "
        "(vX.Y.Z); the project's four-part tags (v0.1.3.1 to v0.9.3.0, 444 of them) are not "
        "surveyed, and agroutes names releases by three numbers.",
        "Engine: main.go creates it with gin.New() and sets no router flag: a wrong method on "
        "a known path is a gin 404 and reaches NoRoute; RedirectTrailingSlash=true. TokenAuth "
        "and the other auth middleware run after routing.",
        "NoRoute: SetWebRouter (router/web-router.go, when FRONTEND_BASE_URL is unset or on "
        f"the master node) answers a RequestURI starting with {prefixes} with the JSON 404 "
        '{"error": {"message": "Invalid URL (METHOD PATH)", ...}} and every other unmatched '
        "path with 200 and the web UI's index.html.",
        "GET /v1/models is dispatched by request headers (Anthropic, Gemini or OpenAI list), "
        "as in the table `new-api`; recorded as serving anthropic, gemini and openai.",
        "The /api/* routes are the web UI's API (operation admin). Midjourney routes are "
        "registered under /mj and /:mode/mj.",
    )


NEW_API_0_6_0 = RepoSpec(
    id="new-api@0.6.0",
    release_of="new-api",
    repo="QuantumNous/new-api",
    tag="v0.6.0",
    title="New API 0.6.0",
    reader="gin",
    files=(*_NA_FILES, *_NA_WEB),
    engines=frozenset({"router"}),
    router="gin",
    origin="http://127.0.0.1:3000",  # common/init.go: flag.Int("port", 3000, ...)
    quirks=_na_quirks("/v1, /api or /assets"),
    admin=("/api",),
    by_handler=_NA_BY_HANDLER,
    routes=_na(*_NA_SINCE_0_7_0),
    expand={},
    notes=(
        "The oldest New API table: the releases the survey reads before it (v0.0.4 to "
        "v0.5.0) register OpenAI routes only, as one-api does, and no table is kept for them "
        "(a probe could not tell it from the table `one-api`); they are older than every "
        "release agroutes knows.",
        "POST /v1/messages (the Anthropic Messages API) first appears in this release; no POST "
        "/v1/responses yet (0.7.0).",
        *_na_notes("/v1, /api or /assets"),
    ),
)

NEW_API_0_7_0 = RepoSpec(
    id="new-api@0.7.0",
    release_of="new-api",
    repo="QuantumNous/new-api",
    tag="v0.7.0",
    title="New API 0.7.0",
    reader="gin",
    files=(*_NA_FILES, *_NA_WEB),
    engines=frozenset({"router"}),
    router="gin",
    origin="http://127.0.0.1:3000",  # common/init.go: flag.Int("port", 3000, ...)
    quirks=_na_quirks("/v1, /api or /assets"),
    admin=("/api",),
    by_handler=_NA_BY_HANDLER,
    routes=_na(*_NA_SINCE_0_9_0),
    expand={},
    notes=(
        "POST /v1/responses first appears in this release (PR 1020, 'feat: support /v1/responses "
        "API', merged as 4cc1f2b4): a release before it answers POST /v1/responses with the JSON "
        "404 'Invalid URL (POST /v1/responses)'. No Gemini route yet (0.8.0).",
        *_na_notes("/v1, /api or /assets"),
    ),
)

NEW_API_0_8_0 = RepoSpec(
    id="new-api@0.8.0",
    release_of="new-api",
    repo="QuantumNous/new-api",
    tag="v0.8.0",
    title="New API 0.8.0",
    reader="gin",
    files=(*_NA_FILES, *_NA_WEB),
    engines=frozenset({"router"}),
    router="gin",
    origin="http://127.0.0.1:3000",  # common/init.go: flag.Int("port", 3000, ...)
    quirks=_na_quirks("/v1, /api or /assets"),
    admin=("/api",),
    by_handler=_NA_BY_HANDLER,
    routes=_na(*_NA_SINCE_0_9_0),
    expand=_NA_V1BETA,
    notes=(
        "POST /v1beta/models/*path (Gemini's generateContent and streamGenerateContent) first "
        "appears in this release; no Gemini /v1/models/*path and no GET /v1beta/models yet "
        "(0.9.0 in the three-part tags; v0.8.7.0 and v0.8.9.3 among the four-part ones).",
        *_na_notes("/v1, /api or /assets"),
    ),
)

NEW_API_0_9_0 = RepoSpec(
    id="new-api@0.9.0",
    release_of="new-api",
    repo="QuantumNous/new-api",
    tag="v0.9.0",
    title="New API 0.9.0",
    reader="gin",
    files=(*_NA_FILES, *_NA_VIDEO, *_NA_WEB),
    engines=frozenset({"router"}),
    router="gin",
    origin="http://127.0.0.1:3000",  # common/init.go: flag.Int("port", 3000, ...)
    quirks=_na_quirks("/v1, /api or /assets"),
    admin=("/api",),
    by_handler=_NA_BY_HANDLER,
    routes=_na(*_NA_SINCE_0_9_5),
    expand={**_NA_V1BETA, **_NA_V1},
    notes=(
        "POST /v1/models/*path (Gemini under /v1, as google-genai with api_version v1 sends it) "
        "and GET /v1beta/models first appear in the three-part tags in this release (among the "
        "four-part tags, in v0.8.7.0 and v0.8.9.3). The runs from 0.9.5 to 0.11.5 resolve to "
        "this table too: they add the /v1/videos routes and POST /v1/responses/compact (0.10.7) "
        "and drop POST /mj/notify (0.11.5), none a request a built-in client sends. The newest "
        "release read, 0.13.2, is the table `new-api`.",
        *_na_notes("/v1, /api or /assets"),
    ),
)

#: Oldest first, per proxy.
RELEASE_SPECS: tuple[RepoSpec, ...] = (
    CLIPROXYAPI_6_0_0,
    CLIPROXYAPI_6_9_35,
    NEW_API_0_6_0,
    NEW_API_0_7_0,
    NEW_API_0_8_0,
    NEW_API_0_9_0,
)
