"""What tools/gen_repo_tables.py generates: which release of which repository, which files
its reader reads, and the mappings that give each route its protocol and operation.

The routes come from the proxy's source (the extract step); this file only says which
release to read and how to name what a path serves. A route the mapping does not know
stops the render, and so does a mapping entry no route uses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Reader = Literal["gin", "axum", "fastapi", "express", "httplib"]
Assignment = tuple[str, tuple[str, ...]]  # (operation, protocols)

OPENAI, ANTHROPIC, GEMINI = ("openai",), ("anthropic",), ("gemini",)
NONE: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class RepoSpec:
    """One generated table: a repository at a release tag, read by one framework reader."""

    id: str
    repo: str
    tag: str
    title: str
    reader: Reader
    files: tuple[str, ...]
    router: str  # a name of agroutes._tabledata.ROUTERS
    origin: str | None
    quirks: dict[str, object] | None
    routes: dict[tuple[str, str], Assignment]
    notes: tuple[str, ...]
    admin: tuple[str, ...] = ()  # path prefixes whose routes are operation "admin"
    engines: frozenset[str] = field(default_factory=frozenset)  # gin: the engine's names
    function: str = ""  # axum: the function whose value is the router; fastapi: the routers' folder
    constants: str = ""  # fastapi: the module whose string constants paths may use
    skip: frozenset[str] = field(default_factory=frozenset)  # express: mounts not read
    guarded_ok: bool = False  # routes inside an `if` are expected (a note says when)
    #: gin: an assignment for every route whose last handler is this one (a path the
    #: mapping does not list still needs a handler listed here, or the render stops).
    by_handler: dict[str, Assignment] = field(default_factory=dict)
    #: A registration that forwards whatever it catches to an upstream API, written as the
    #: upstream's own routes (each citing the registration): a catch-all matches a stacked
    #: or doubled path too, which the router passes on and the upstream answers with 404.
    expand: dict[tuple[str, str], tuple[tuple[str, str, Assignment], ...]] = field(
        default_factory=dict
    )
    #: A past release of a proxy (``id`` is ``NAME@VERSION``): the name its route data goes
    #: by, and the survey (tools/data/NAME-survey.json) whose run of releases it must start.
    release_of: str = ""

    @property
    def data_file(self) -> str:
        name = self.release_of or self.id
        return f"tools/data/{name}-{self.tag.removeprefix('v')}-routes.json"

    @property
    def out_file(self) -> str:
        return f"src/agroutes/data/{self.id}.json"


_MODELS_BOTH = ("anthropic", "openai")  # see _MODELS_NOTE


def gemini_layout(prefix: str) -> tuple[tuple[str, str, Assignment], ...]:
    """The routes of Gemini's API under ``prefix`` (/v1beta or /v1) that its clients call:
    the model list, one model, and the model's actions (``gemini-2.5-pro:generateContent``,
    one segment: one handler serves every action, as the other tables record it)."""
    return (
        ("GET", f"{prefix}/models", ("list-models", GEMINI)),
        ("GET", f"{prefix}/models/{{model}}", ("get-model", GEMINI)),
        ("POST", f"{prefix}/models/{{model}}", ("generate-content", GEMINI)),
    )


_CATCH_ALL_NOTE = (
    "Modelling choice: {what} takes the rest of the path and forwards it, query and all, to "
    "the upstream Gemini API, which answers only its own layout; the table writes it as that "
    "layout ({layout}), each route citing the registration's line. So a doubled "
    "(/v1beta/v1beta/...) or stacked path, which the router would pass on and the upstream "
    "answer with 404, is diagnosed as the mistake it is."
)
_MODELS_NOTE = (
    "GET /v1/models answers an OpenAI-shaped list; the Anthropic SDK's models.list reads it "
    "too, so it is recorded as serving openai and anthropic, as the other tables record "
    "their /v1/models."
)
_GIN_DEFAULTS = (
    "gin v1.10.0 (go.mod); the engine's defaults apply unless a note says otherwise: "
    "RedirectTrailingSlash=true (301 for GET, 307 otherwise), RedirectFixedPath=false, "
    "RemoveExtraSlash=false, HandleMethodNotAllowed=false (a wrong method answers 404), and "
    "no implicit HEAD (a HEAD route is registered as such)."
)

OLLAMA = RepoSpec(
    id="ollama",
    repo="ollama/ollama",
    tag="v0.32.15",
    title="Ollama 0.32.15",
    reader="gin",
    files=("server/routes.go",),
    engines=frozenset({"r"}),
    router="gin",
    # envconfig/config.go: Host() "Default is scheme "http" and host "127.0.0.1:11434"".
    origin="http://127.0.0.1:11434",
    quirks={},
    routes={
        ("HEAD", "/"): ("root", NONE),
        ("GET", "/"): ("root", NONE),
        ("HEAD", "/api/version"): ("version", NONE),
        ("GET", "/api/version"): ("version", NONE),
        ("GET", "/api/status"): ("status", NONE),
        ("POST", "/api/pull"): ("ollama-pull", NONE),
        ("POST", "/api/push"): ("ollama-push", NONE),
        ("HEAD", "/api/tags"): ("ollama-tags", NONE),
        ("GET", "/api/tags"): ("ollama-tags", NONE),
        ("POST", "/api/show"): ("ollama-show", NONE),
        ("DELETE", "/api/delete"): ("ollama-delete", NONE),
        ("POST", "/api/me"): ("ollama-account", NONE),
        ("POST", "/api/signout"): ("ollama-account", NONE),
        ("DELETE", "/api/user/keys/{encodedKey}"): ("ollama-account", NONE),
        ("POST", "/api/create"): ("ollama-create", NONE),
        ("POST", "/api/blobs/{digest}"): ("ollama-blobs", NONE),
        ("HEAD", "/api/blobs/{digest}"): ("ollama-blobs", NONE),
        ("POST", "/api/copy"): ("ollama-copy", NONE),
        ("POST", "/api/experimental/web_search"): ("web-search", NONE),
        ("POST", "/api/experimental/web_fetch"): ("web-fetch", NONE),
        ("GET", "/api/experimental/model-recommendations"): ("model-recommendations", NONE),
        ("GET", "/api/ps"): ("ollama-ps", NONE),
        ("POST", "/api/generate"): ("ollama-generate", NONE),
        ("POST", "/api/chat"): ("ollama-chat", NONE),
        ("POST", "/api/embed"): ("ollama-embed", NONE),
        ("POST", "/api/embeddings"): ("ollama-embed", NONE),
        ("POST", "/v1/chat/completions"): ("chat-completions", OPENAI),
        ("POST", "/v1/completions"): ("completions", OPENAI),
        ("POST", "/v1/embeddings"): ("embeddings", OPENAI),
        ("GET", "/v1/models"): ("list-models", _MODELS_BOTH),
        ("GET", "/v1/models/{model}"): ("get-model", OPENAI),
        ("POST", "/v1/responses"): ("responses", OPENAI),
        ("POST", "/v1/audio/transcriptions"): ("audio", OPENAI),
        ("POST", "/v1/messages"): ("messages", ANTHROPIC),
    },
    notes=(
        "Engine: GenerateRoutes creates it with gin.Default() and sets "
        "r.HandleMethodNotAllowed = true (server/routes.go:1870, read into this table's "
        "method_not_allowed): a wrong method on a known path answers 405 '405 method not "
        "allowed', not 404. The other gin defaults hold: RedirectTrailingSlash=true (301 for "
        "GET, 307 otherwise), RemoveExtraSlash=false, no implicit HEAD (GET /, /api/version and "
        "/api/tags have HEAD routes of their own).",
        "No NoRoute handler: an unknown path answers gin's '404 page not found'. The engine is "
        'served through Go\'s DefaultServeMux (http.Handle("/", h) at server/routes.go:2000, '
        "Handler: nil), which answers a path that is not clean (a doubled slash, /./ or /../) "
        "with a 301 to the cleaned path before gin sees it.",
        "No /v1/messages/count_tokens: Claude Code's token count answers 404. Anthropic's "
        "Messages API is only POST /v1/messages (AnthropicMessagesMiddleware).",
        "The native API (/api/chat, /api/generate, /api/tags, ...) is Ollama's own protocol, "
        "which no agroutes protocol names: recorded with protocol null.",
        "allowedHostsMiddleware (r.Use) answers 403 to a Host header that is not a loopback "
        "or local name when Ollama listens on a loopback address; no key is checked.",
        _MODELS_NOTE,
    ),
)

ONE_API = RepoSpec(
    id="one-api",
    repo="songquanpeng/one-api",
    tag="v0.6.10",
    title="One API 0.6.10",
    reader="gin",
    files=(
        "router/main.go",
        "router/api.go",
        "router/dashboard.go",
        "router/relay.go",
        "router/web.go",
    ),
    engines=frozenset({"router"}),
    router="gin",
    # common/init.go: flag.Int("port", 3000, ...); main.go listens on ":" + port.
    origin="http://127.0.0.1:3000",
    quirks={
        "unknown_status": 200,
        "unknown_body": "html",
        "note": (
            "router/web.go NoRoute (when FRONTEND_BASE_URL is unset) serves the web UI's "
            "index.html for every unknown path of every method, except paths whose "
            "RequestURI starts with /v1 or /api, which answer the JSON 404 'Invalid URL (...)'"
        ),
        "router_prefixes": ["/v1", "/api"],
    },
    admin=("/api",),
    by_handler={"controller.RelayNotImplemented": ("not-implemented", NONE)},
    routes={
        ("GET", "/dashboard/billing/subscription"): ("billing-subscription", OPENAI),
        ("GET", "/v1/dashboard/billing/subscription"): ("billing-subscription", OPENAI),
        ("GET", "/dashboard/billing/usage"): ("billing-usage", OPENAI),
        ("GET", "/v1/dashboard/billing/usage"): ("billing-usage", OPENAI),
        ("GET", "/v1/models"): ("list-models", _MODELS_BOTH),
        ("GET", "/v1/models/{model}"): ("get-model", OPENAI),
        ("*", "/v1/oneapi/proxy/{channelid}/{*target}"): ("channel-proxy", NONE),
        ("POST", "/v1/completions"): ("completions", OPENAI),
        ("POST", "/v1/chat/completions"): ("chat-completions", OPENAI),
        ("POST", "/v1/edits"): ("edits", OPENAI),
        ("POST", "/v1/images/generations"): ("images", OPENAI),
        ("POST", "/v1/embeddings"): ("embeddings", OPENAI),
        ("POST", "/v1/engines/{model}/embeddings"): ("embeddings", OPENAI),
        ("POST", "/v1/audio/transcriptions"): ("audio", OPENAI),
        ("POST", "/v1/audio/translations"): ("audio", OPENAI),
        ("POST", "/v1/audio/speech"): ("audio", OPENAI),
        ("POST", "/v1/moderations"): ("moderations", OPENAI),
    },
    notes=(
        _GIN_DEFAULTS + " main.go creates the engine with gin.New() and sets no router flag.",
        "NoRoute: SetRouter (router/main.go) calls SetWebRouter when FRONTEND_BASE_URL is "
        "unset (or on the master node): its NoRoute (router/web.go) answers a RequestURI "
        'starting with /v1 or /api with 404 JSON {"error": {"message": "Invalid URL '
        '(METHOD PATH)", ...}} (controller.RelayNotFound), and every other unmatched path '
        "with 200 and the web UI's index.html. The test is a string prefix: /v1beta/... gets "
        "the JSON 404. With FRONTEND_BASE_URL set, NoRoute 301-redirects every unmatched "
        "request to that URL.",
        "A wrong method on a known path is a gin 404, so it reaches NoRoute too: under /v1 it "
        "is the JSON 404, not a 405.",
        "Only the OpenAI protocol: no /v1/messages (Anthropic) and no /v1beta (Gemini) routes. "
        "The /api/* routes are the web UI's API (operation admin; session or access-token "
        "auth). Routes with operation not-implemented answer 501 (RelayNotImplemented).",
        "ANY /v1/oneapi/proxy/:channelid/*target (gin's Any: every method) relays a request "
        "unchanged to one channel.",
        "TokenAuth runs as group middleware after routing: an unknown path or a wrong method "
        "is answered without a key check.",
        _MODELS_NOTE,
    ),
)

SUB2API = RepoSpec(
    id="sub2api",
    repo="Wei-Shaw/sub2api",
    tag="v0.1.27",
    title="Sub2API 0.1.27",
    reader="gin",
    files=(
        "backend/internal/server/routes/common.go",
        "backend/internal/server/routes/gateway.go",
    ),
    engines=frozenset({"r"}),
    router="gin",
    # backend/internal/config/config.go: SetDefault("server.port", 8080) (host 0.0.0.0).
    origin="http://127.0.0.1:8080",
    quirks={
        "unknown_status": 200,
        "unknown_body": "html",
        "note": (
            "builds with the embedded web UI only (build tag embed): the "
            "ServeEmbeddedFrontend middleware answers every path outside /api/, /v1/, "
            "/v1beta/ and /setup/ (and other than /health and /responses) with a file of "
            "the UI or its index.html, 200, whatever the method"
        ),
        "router_prefixes": ["/api/", "/v1/", "/v1beta/", "/setup/"],
    },
    routes={
        ("GET", "/health"): ("health", NONE),
        ("POST", "/api/event_logging/batch"): ("event-logging", NONE),
        ("GET", "/setup/status"): ("setup-status", NONE),
        ("POST", "/v1/messages"): ("messages", ANTHROPIC),
        ("POST", "/v1/messages/count_tokens"): ("count-tokens", ANTHROPIC),
        ("GET", "/v1/models"): ("list-models", _MODELS_BOTH),
        ("GET", "/v1/usage"): ("usage", NONE),
        ("POST", "/v1/responses"): ("responses", OPENAI),
        ("GET", "/v1beta/models"): ("list-models", GEMINI),
        ("GET", "/v1beta/models/{model}"): ("get-model", GEMINI),
        ("POST", "/responses"): ("responses", OPENAI),
    },
    expand={
        ("POST", "/v1beta/models/{*modelAction}"): (
            ("POST", "/v1beta/models/{model}", ("generate-content", GEMINI)),
        ),
    },
    notes=(
        _GIN_DEFAULTS + " ProvideRouter (backend/internal/server/http.go) creates the engine with "
        "gin.New() and sets no router flag.",
        "Read: the public routes (RegisterCommonRoutes and RegisterGatewayRoutes, which "
        "registerRoutes in backend/internal/server/router.go calls with the engine). Not "
        "read: the web UI's API under /api/v1 (auth, user, admin: RegisterAuthRoutes, "
        "RegisterUserRoutes, RegisterAdminRoutes get the /api/v1 group as a parameter, a "
        "shape this reader does not follow), and the /setup routes of setup mode. A path "
        "under /api/v1 is therefore unknown to this table.",
        "No chat completions: the OpenAI protocol is served only as the Responses API "
        "(POST /v1/responses and /responses, for Codex). GET /v1/models answers the OpenAI "
        "list for a key of an openai group and the Claude list otherwise.",
        "Gemini: POST /v1beta/models/*modelAction takes the rest of the path (gin cannot put a "
        "parameter before ':' in one segment), so models/gemini-2.5-pro:generateContent and "
        ":streamGenerateContent and :countTokens all reach GeminiV1BetaModels, which reads one "
        "model:action from it. Modelling choice: the table writes it as POST "
        "/v1beta/models/{model}, one segment, citing the registration's line, so that a "
        "stacked path the handler cannot parse is not counted as served.",
        "No NoRoute handler: without the embedded UI an unknown path answers gin's '404 page "
        "not found'; API-key auth is group middleware and runs after routing.",
    ),
)

_CC_SWITCH_ROUTES: dict[tuple[str, str], Assignment] = {
    ("GET", "/health"): ("health", NONE),
    ("GET", "/status"): ("status", NONE),
    ("GET", "/claude-desktop/v1/models"): ("list-models", ANTHROPIC),
    ("POST", "/claude-desktop/v1/messages"): ("messages", ANTHROPIC),
    ("GET", "/models"): ("list-models", OPENAI),
    ("GET", "/v1/models"): ("list-models", _MODELS_BOTH),
}
for _prefix in ("", "/v1", "/v1/v1", "/codex/v1"):
    _CC_SWITCH_ROUTES[("POST", f"{_prefix}/chat/completions")] = ("chat-completions", OPENAI)
    _CC_SWITCH_ROUTES[("POST", f"{_prefix}/responses")] = ("responses", OPENAI)
    _CC_SWITCH_ROUTES[("POST", f"{_prefix}/responses/compact")] = ("responses-compact", OPENAI)
    _CC_SWITCH_ROUTES[("POST", f"{_prefix}/alpha/search")] = ("alpha-search", OPENAI)
for _prefix in ("/v1", "/claude/v1"):
    _CC_SWITCH_ROUTES[("POST", f"{_prefix}/messages")] = ("messages", ANTHROPIC)
for _op in ("responses", "responses/compact"):
    _CC_SWITCH_ROUTES[("POST", f"/grokbuild/v1/{_op}")] = (_op.replace("/", "-"), OPENAI)

CC_SWITCH = RepoSpec(
    id="cc-switch",
    repo="farion1231/cc-switch",
    tag="v3.20.0",
    title="CC Switch 3.20.0",
    reader="axum",
    files=("src-tauri/src/proxy/server.rs",),
    function="build_router",
    router="axum",
    # src-tauri/src/database/dao/proxy.rs: the default GlobalProxyConfig has listen_address
    # "127.0.0.1" and listen_port 15721 (the schema's column default too).
    origin="http://127.0.0.1:15721",
    quirks={},
    routes=_CC_SWITCH_ROUTES,
    expand={
        ("*", f"{prefix}/{{*path}}"): gemini_layout(prefix)
        for prefix in ("/v1beta", "/gemini/v1beta", "/gemini/v1")
    },
    notes=(
        "The local proxy of CC Switch (ProxyServer::build_router). axum 0.7.9 (matchit 0.7.3, "
        "Cargo.lock): the source writes :name and *rest, written "
        "{name} and {*rest} here. A wrong method on a known path answers 405; HEAD is served "
        "by GET. No fallback: an unknown path is an empty-body 404.",
        "The OpenAI routes are registered with no prefix, with /v1, with /v1/v1 and with "
        "/codex/v1 (chat/completions, responses, responses/compact, alpha/search): a Base URL "
        "that ends in /v1 for a client that appends /v1/... still reaches a route. /claude/v1 "
        "and /claude-desktop/v1 serve Anthropic's messages, /grokbuild/v1 Grok Build's "
        "Responses calls.",
        "Gemini: any(handle_gemini) on /v1beta/*path, /gemini/v1beta/*path and "
        "/gemini/v1/*path takes every method and the rest of the path, and handle_gemini "
        "forwards uri.path_and_query() to the provider.",
        _CATCH_ALL_NOTE.format(
            what="any(handle_gemini) on /v1beta/*path, /gemini/v1beta/*path and /gemini/v1/*path",
            layout="GET models, GET models/{model}, POST models/{model}",
        ),
        "No /v1/messages/count_tokens route: Claude Code's token count answers 404.",
        "GET /v1/models and GET /models (handle_models) answer an OpenAI-shaped list; "
        "/v1/models is recorded as serving openai and anthropic, as the other tables record "
        "their /v1/models.",
    ),
)


_GB_GEMINI: dict[tuple[str, str], Assignment] = {}
for _prefix in ("/gemini/v1beta", "/v1beta", "/vertex-express/v1beta"):
    _GB_GEMINI[("GET", f"{_prefix}/models")] = ("list-models", GEMINI)
    _GB_GEMINI[("POST", f"{_prefix}/models/{{model_name}}:generateContent")] = (
        "generate-content",
        GEMINI,
    )
    _GB_GEMINI[("POST", f"{_prefix}/models/{{model_name}}:streamGenerateContent")] = (
        "stream-generate-content",
        GEMINI,
    )
for _prefix in ("/gemini/v1beta", "/v1beta"):
    for _action, _op in (
        ("countTokens", "count-tokens"),
        ("embedContent", "embed-content"),
        ("batchEmbedContents", "embed-content"),
    ):
        _GB_GEMINI[("POST", f"{_prefix}/models/{{model_name}}:{_action}")] = (_op, GEMINI)
for _prefix in ("/gemini", ""):
    _GB_GEMINI[("POST", f"{_prefix}/upload/v1beta/files")] = ("files", GEMINI)
    _GB_GEMINI[("GET", f"{_prefix}/v1beta/files")] = ("files", GEMINI)
    _GB_GEMINI[("GET", f"{_prefix}/v1beta/files/{{*file_id}}")] = ("files", GEMINI)
    _GB_GEMINI[("DELETE", f"{_prefix}/v1beta/files/{{*file_id}}")] = ("files", GEMINI)
# The resumable-upload relay: a client reaches it through the upload URL the start of an
# upload answers with, never by joining a Base URL, so it serves no protocol here.
for _method in ("GET", "POST", "PUT"):
    _GB_GEMINI[(_method, "/upload/{*upload_path}")] = ("upload-session", NONE)
for _name in (
    "reset-all-fail-counts",
    "reset-selected-fail-counts",
    "reset-fail-count/{api_key}",
    "verify-key/{api_key}",
    "verify-selected-keys",
):
    _GB_GEMINI[("POST", f"/gemini/v1beta/{_name}")] = ("admin", NONE)
_GB_OPENAI: dict[tuple[str, str], Assignment] = {}
for _prefix in ("/v1", "/hf/v1", "/openai/v1"):
    _GB_OPENAI[("GET", f"{_prefix}/models")] = ("list-models", OPENAI)
    _GB_OPENAI[("POST", f"{_prefix}/chat/completions")] = ("chat-completions", OPENAI)
    _GB_OPENAI[("POST", f"{_prefix}/images/generations")] = ("images", OPENAI)
    _GB_OPENAI[("POST", f"{_prefix}/embeddings")] = ("embeddings", OPENAI)
for _prefix in ("/v1", "/hf/v1"):
    _GB_OPENAI[("GET", f"{_prefix}/keys/list")] = ("admin", NONE)
    _GB_OPENAI[("POST", f"{_prefix}/audio/speech")] = ("audio", OPENAI)

GEMINI_BALANCE = RepoSpec(
    id="gemini-balance",
    repo="snailyp/gemini-balance",
    tag="v2.2.8",
    title="Gemini Balance 2.2.8",
    reader="fastapi",
    files=(
        "app/router/routes.py",
        "app/core/constants.py",
        "app/router/openai_routes.py",
        "app/router/gemini_routes.py",
        "app/router/config_routes.py",
        "app/router/error_log_routes.py",
        "app/router/scheduler_routes.py",
        "app/router/stats_routes.py",
        "app/router/version_routes.py",
        "app/router/openai_compatiable_routes.py",
        "app/router/vertex_express_routes.py",
        "app/router/files_routes.py",
        "app/router/key_routes.py",
    ),
    function="app/router",
    constants="app/core/constants.py",
    router="fastapi",  # FastAPI: HEAD of a GET route answers 405 (docs/routers.md)
    # Dockerfile: CMD ["uvicorn", "app.main:app", "--host", "0.0.0.0", "--port", "8000", ...].
    origin="http://127.0.0.1:8000",
    quirks={
        "unknown_status": 307,
        "unknown_body": "empty",
        "note": (
            "AuthMiddleware (app/middleware/middleware.py) answers a request without the web "
            "UI's auth_token cookie to any path outside /, /auth, /static, /gemini, /v1, "
            "/v1beta, /health, /hf, /openai, /api/version/check, /vertex-express and /upload "
            "(string prefixes) with a 307 redirect to /; under those prefixes an unknown path "
            "is Starlette's 404"
        ),
    },
    admin=("/api",),
    routes={
        **_GB_OPENAI,
        **_GB_GEMINI,
        ("GET", "/"): ("web-ui", NONE),
        ("POST", "/auth"): ("web-ui", NONE),
        ("GET", "/keys"): ("web-ui", NONE),
        ("GET", "/config"): ("web-ui", NONE),
        ("GET", "/logs"): ("web-ui", NONE),
        ("GET", "/health"): ("health", NONE),
    },
    notes=(
        "FastAPI on Starlette (both unpinned in requirements.txt): routes match in the order "
        "the app registers them (setup_routers includes the routers in app/router/routes.py, "
        "then the page, health and stats routes); a wrong method on a known path answers 405 "
        "with Allow; redirect_slashes=True (the default) answers a path that matches only "
        "with the trailing slash toggled with a 307 redirect; GET routes serve HEAD.",
        "Gemini is served under /v1beta, /gemini/v1beta and /vertex-express/v1beta (the "
        "last for Vertex Express keys), each action as its own route "
        "(models/{model_name}:generateContent, :streamGenerateContent, :countTokens, "
        ":embedContent, :batchEmbedContents; Vertex Express only the first two). There is "
        "no GET models/{model} (get-model) and nothing under /v1 for Gemini: google-genai "
        "needs api_version v1beta.",
        "OpenAI is served under /v1 and /hf/v1 (openai_routes: Gemini models through Gemini's "
        "API) and /openai/v1 (openai_compatiable_routes: through Gemini's OpenAI-compatible "
        "endpoint). No /v1/responses and no Anthropic routes.",
        "SmartRoutingMiddleware rewrites a mistaken path (a missing /v1, a stacked Gemini "
        "path) to the one it guesses, but only with URL_NORMALIZATION_ENABLED, which defaults "
        "to false (app/config/config.py): this table is the default.",
        "The /api routes and /gemini/v1beta/verify-key, reset-fail-count and their kin are "
        "the web UI's API (operation admin); GET /, /keys, /config, /logs and POST /auth are "
        'its pages. app.mount("/static", StaticFiles) in app/core/application.py serves the '
        "UI's files (not read as routes).",
        "GET/POST/PUT /upload/{upload_path:path} relays a resumable upload session to Google; "
        "a client reaches it through the upload URL an upload's start answers with, not by "
        "joining a Base URL, so it is recorded with protocol null (operation upload-session).",
    ),
)


_CRS: dict[tuple[str, str], Assignment] = {}
# src/routes/api.js, mounted under /api, /claude, /antigravity/api and /gemini-cli/api.
for _prefix in ("/api", "/claude", "/antigravity/api", "/gemini-cli/api"):
    _CRS[("POST", f"{_prefix}/v1/messages")] = ("messages", ANTHROPIC)
    _CRS[("POST", f"{_prefix}/claude/v1/messages")] = ("messages", ANTHROPIC)
    _CRS[("GET", f"{_prefix}/v1/models")] = ("list-models", _MODELS_BOTH)
    _CRS[("GET", f"{_prefix}/health")] = ("health", NONE)
    _CRS[("GET", f"{_prefix}/v1/key-info")] = ("key-info", NONE)
    _CRS[("GET", f"{_prefix}/v1/usage")] = ("usage", NONE)
    _CRS[("GET", f"{_prefix}/v1/me")] = ("account", ANTHROPIC)
    _CRS[("GET", f"{_prefix}/v1/organizations/{{org_id}}/usage")] = ("usage", ANTHROPIC)
    _CRS[("POST", f"{_prefix}/v1/messages/count_tokens")] = ("count-tokens", ANTHROPIC)
    _CRS[("POST", f"{_prefix}/api/event_logging/batch")] = ("event-logging", NONE)
# src/routes/unified.js, mounted under /api and /openai: the model picks the backend.
for _prefix in ("/api", "/openai"):
    _CRS[("POST", f"{_prefix}/v1/chat/completions")] = ("chat-completions", OPENAI)
    _CRS[("POST", f"{_prefix}/v1/completions")] = ("completions", OPENAI)
# src/routes/standardGeminiRoutes.js and geminiRoutes.js under /gemini.
for _version in ("v1beta", "v1"):
    _g = f"/gemini/{_version}/models"
    _CRS[("POST", f"{_g}/{{modelName}}:generateContent")] = ("generate-content", GEMINI)
    _CRS[("POST", f"{_g}/{{modelName}}:streamGenerateContent")] = (
        "stream-generate-content",
        GEMINI,
    )
    _CRS[("POST", f"{_g}/{{modelName}}:countTokens")] = ("count-tokens", GEMINI)
    _CRS[("GET", _g)] = ("list-models", GEMINI)
    _CRS[("GET", f"{_g}/{{modelName}}")] = ("get-model", GEMINI)
for _action in ("loadCodeAssist", "onboardUser"):
    _CRS[("POST", f"/gemini/v1beta/models/{{modelName}}:{_action}")] = (
        "gemini-cli-internal",
        NONE,
    )
_CRS[("POST", "/gemini/v1beta/models/{modelName}:listExperiments")] = (
    "gemini-cli-internal",
    NONE,
)
for _action in (
    "loadCodeAssist",
    "onboardUser",
    "countTokens",
    "generateContent",
    "streamGenerateContent",
    "listExperiments",
    "retrieveUserQuota",
):
    # Gemini CLI's Code Assist API: no protocol any agroutes client speaks.
    _CRS[("POST", f"/gemini/v1internal:{_action}")] = ("gemini-cli-internal", NONE)
_CRS[("POST", "/gemini/messages")] = ("gemini-messages", NONE)
_CRS[("GET", "/gemini/models")] = ("list-models", NONE)
_CRS[("GET", "/gemini/usage")] = ("usage", NONE)
_CRS[("GET", "/gemini/key-info")] = ("key-info", NONE)
# OpenAI-compatible fronts of Gemini (/openai/gemini) and Claude (/openai/claude).
for _prefix in ("/openai/gemini", "/openai/claude"):
    _CRS[("POST", f"{_prefix}/v1/chat/completions")] = ("chat-completions", OPENAI)
    _CRS[("GET", f"{_prefix}/v1/models")] = ("list-models", OPENAI)
    _CRS[("GET", f"{_prefix}/v1/models/{{model}}")] = ("get-model", OPENAI)
_CRS[("GET", "/openai/gemini/models")] = ("list-models", OPENAI)
_CRS[("POST", "/openai/claude/v1/completions")] = ("completions", OPENAI)
# src/routes/openaiRoutes.js under /openai: Codex.
for _prefix in ("/openai", "/openai/v1"):
    _CRS[("POST", f"{_prefix}/images/generations")] = ("images", OPENAI)
    _CRS[("POST", f"{_prefix}/responses")] = ("responses", OPENAI)
    _CRS[("POST", f"{_prefix}/responses/compact")] = ("responses-compact", OPENAI)
_CRS[("GET", "/openai/usage")] = ("usage", NONE)
_CRS[("GET", "/openai/key-info")] = ("key-info", NONE)
# src/routes/droidRoutes.js under /droid (Factory.ai's Droid).
# The /droid and /azure routers relay to account pools of their own (Factory.ai Droid,
# Azure OpenAI): their operations are named for the pool (see the note on _POOL_NOTE).
_CRS[("POST", "/droid/claude/v1/messages")] = ("droid-messages", ANTHROPIC)
_CRS[("POST", "/droid/comm/v1/chat/completions")] = ("droid-chat-completions", OPENAI)
_CRS[("POST", "/droid/openai/v1/responses")] = ("droid-responses", OPENAI)
_CRS[("POST", "/droid/openai/responses")] = ("droid-responses", OPENAI)
_CRS[("GET", "/droid/{star}/v1/models")] = ("list-models", NONE)
# src/routes/azureOpenaiRoutes.js under /azure.
_CRS[("GET", "/azure/health")] = ("health", NONE)
_CRS[("GET", "/azure/models")] = ("list-models", OPENAI)
_CRS[("POST", "/azure/chat/completions")] = ("azure-chat-completions", OPENAI)
_CRS[("POST", "/azure/responses")] = ("azure-responses", OPENAI)
_CRS[("POST", "/azure/embeddings")] = ("azure-embeddings", OPENAI)
_CRS[("GET", "/azure/usage")] = ("usage", NONE)
# src/app.js itself.
_CRS[("GET", "/")] = ("root", NONE)
_CRS[("GET", "/health")] = ("health", NONE)
_CRS[("GET", "/metrics")] = ("metrics", NONE)

CLAUDE_RELAY_SERVICE = RepoSpec(
    id="claude-relay-service",
    repo="Wei-Shaw/claude-relay-service",
    tag="v1.1.314",
    title="Claude Relay Service 1.1.314",
    reader="express",
    files=(
        "src/app.js",
        "src/routes/api.js",
        "src/routes/unified.js",
        "src/routes/userRoutes.js",
        "src/routes/web.js",
        "src/routes/apiStats.js",
        "src/routes/standardGeminiRoutes.js",
        "src/routes/geminiRoutes.js",
        "src/routes/openaiGeminiRoutes.js",
        "src/routes/openaiClaudeRoutes.js",
        "src/routes/openaiRoutes.js",
        "src/routes/droidRoutes.js",
        "src/routes/azureOpenaiRoutes.js",
        "src/routes/webhook.js",
    ),
    engines=frozenset({"this.app"}),
    skip=frozenset({"adminRoutes"}),
    guarded_ok=True,  # the /admin-next routes: see the notes
    # express 4 is not in agroutes' ROUTERS: fastify's options are the closest (no 405, no
    # trailing-slash redirect, HEAD from GET); the notes say where express differs.
    router="fastify",
    # config/config.example.js: port: parseInt(process.env.PORT) || 3000.
    origin="http://127.0.0.1:3000",
    quirks={
        "unknown_status": 404,
        "unknown_body": "json",
        "note": (
            "src/app.js: app.use('*') after every router answers every unmatched path and "
            'every wrong method with 404 JSON {"error": "Not Found", "message": "Route '
            '... not found"}'
        ),
    },
    admin=("/users", "/web", "/apiStats", "/admin", "/admin-next"),
    routes=_CRS,
    notes=(
        "Router: express 4 (package.json ^4.18.2), which agroutes' ROUTERS does not name; "
        "the table says fastify, whose options are the closest: a wrong method falls "
        "through to the next handler (here the JSON 404, never a 405) and HEAD is served by "
        "GET. Where express differs: its routing is case-insensitive and not strict, so "
        "/api/v1/messages/ and /API/V1/MESSAGES reach POST /api/v1/messages (no redirect); "
        "this table matches exact paths, so it is stricter than the proxy there.",
        "Mounts (src/app.js): src/routes/api.js (Claude Code's Anthropic API) under /api, "
        "/claude, /antigravity/api and /gemini-cli/api (the last two force the Antigravity or "
        "Gemini CLI account pool); unified.js (chat/completions for any backend, chosen by "
        "the model) under /api and /openai; standardGeminiRoutes.js then geminiRoutes.js under "
        "/gemini; openaiGeminiRoutes.js under /openai/gemini, openaiClaudeRoutes.js under "
        "/openai/claude, openaiRoutes.js (Codex's Responses API) under /openai, droidRoutes.js "
        "under /droid, azureOpenaiRoutes.js under /azure. The right prefix depends on the "
        "client: /api (or /claude) for Claude Code, /openai for Codex, /gemini for Gemini CLI.",
        "Not read: src/routes/admin (the admin API, under /admin, a tree of routers mounted "
        "in src/routes/admin/index.js); the /users, /web, /apiStats and /admin/webhook routes "
        "are read and recorded as operation admin.",
        "GET /admin-next, ALL /admin-next/ and GET /admin-next/* (the new web UI) are "
        "registered only inside `if (fs.existsSync(adminSpaPath))` (src/app.js:264), when the "
        "built UI exists (operation admin).",
        "The /azure router relays to the Azure OpenAI account pool and /droid to the "
        "Factory.ai Droid pool: a Base URL there works for a client of the protocol, but "
        "reaches other accounts than the README's /api, /openai and /gemini. Their "
        "operations are named for the pool (azure-responses, droid-messages, ...), so that a "
        "correction prefers the route of the plain operation (/openai for Codex) and counts "
        "these only when nothing else serves the client.",
        "GET /droid/*/v1/models: express's '*' matches any text, slashes too; written as "
        "one segment, /droid/{star}/v1/models.",
        "The API routes take authenticateApiKey as route middleware, which runs after "
        "routing: an unknown path answers the JSON 404 without a key check.",
        _MODELS_NOTE,
    ),
)


CPA_ROUTES: dict[tuple[str, str], Assignment] = {
    ("GET", "/healthz"): ("health", NONE),
    ("HEAD", "/healthz"): ("health", NONE),
    ("GET", "/management.html"): ("admin", NONE),  # the management web UI
    ("GET", "/v1/models"): ("list-models", _MODELS_BOTH),
    ("POST", "/v1/chat/completions"): ("chat-completions", OPENAI),
    ("POST", "/v1/completions"): ("completions", OPENAI),
    ("POST", "/v1/images/generations"): ("images", OPENAI),
    ("POST", "/v1/images/edits"): ("images", OPENAI),
    # xAI's video API (XAIVideos*): no protocol any agroutes client speaks.
    ("POST", "/v1/videos"): ("videos", NONE),
    ("POST", "/v1/videos/generations"): ("videos", NONE),
    ("POST", "/v1/videos/edits"): ("videos", NONE),
    ("POST", "/v1/videos/extensions"): ("videos", NONE),
    ("GET", "/v1/videos/{request_id}"): ("videos", NONE),
    ("POST", "/v1/messages"): ("messages", ANTHROPIC),
    ("POST", "/v1/messages/count_tokens"): ("count-tokens", ANTHROPIC),
    ("GET", "/v1/responses"): ("responses-websocket", OPENAI),
    ("POST", "/v1/responses"): ("responses", OPENAI),
    ("POST", "/v1/responses/compact"): ("responses-compact", OPENAI),
    ("POST", "/v1/alpha/search"): ("alpha-search", OPENAI),
    ("POST", "/v1/live"): ("live", OPENAI),
    ("GET", "/v1/live/{call_id}"): ("live-sideband", OPENAI),
    ("GET", "/v1/realtime"): ("realtime", OPENAI),
    ("POST", "/v1/realtime"): ("realtime", OPENAI),
    ("POST", "/v1/realtime/calls"): ("realtime-calls", OPENAI),
    ("GET", "/v1/realtime/calls/{call_id}"): ("realtime-call-sideband", OPENAI),
    ("POST", "/v1/realtime/client_secrets"): ("realtime-client-secrets", OPENAI),
    ("POST", "/v1/realtime/sessions"): ("realtime-sessions", OPENAI),
    ("POST", "/v1/realtime/transcription_sessions"): ("realtime-transcription-sessions", OPENAI),
    ("GET", "/v1/realtime/translations"): ("realtime-translations", OPENAI),
    ("POST", "/v1/realtime/translations"): ("realtime-translations", OPENAI),
    ("POST", "/v1/realtime/translations/client_secrets"): (
        "realtime-translations-client-secrets",
        OPENAI,
    ),
    **{
        ("POST", f"/v1/realtime/calls/{{call_id}}/{_action}"): (f"realtime-call-{_action}", OPENAI)
        for _action in ("hangup", "accept", "reject", "refer")
    },
    ("POST", "/openai/v1/videos"): ("videos", OPENAI),
    ("GET", "/openai/v1/videos/{video_id}/content"): ("videos", OPENAI),
    ("GET", "/openai/v1/videos/{video_id}"): ("videos", OPENAI),
    ("GET", "/backend-api/codex/responses"): ("responses-websocket", OPENAI),
    ("POST", "/backend-api/codex/responses"): ("responses", OPENAI),
    ("POST", "/backend-api/codex/responses/compact"): ("responses-compact", OPENAI),
    ("POST", "/backend-api/codex/alpha/search"): ("alpha-search", OPENAI),
    ("GET", "/v1beta/models"): ("list-models", GEMINI),
    ("POST", "/v1beta/interactions"): ("interactions", GEMINI),
    ("GET", "/"): ("root", NONE),
    ("GET", "/anthropic/callback"): ("oauth-callback", NONE),
    ("GET", "/codex/callback"): ("oauth-callback", NONE),
    ("GET", "/antigravity/callback"): ("oauth-callback", NONE),
}

CLIPROXYAPI = RepoSpec(
    id="cliproxyapi",
    repo="router-for-me/CLIProxyAPI",
    tag="v7.2.140",
    title="CLIProxyAPI 7.2.140",
    reader="gin",
    files=("internal/api/server_routes.go", "internal/api/server_management.go"),
    engines=frozenset({"s.engine"}),
    router="gin",
    # config.example.yaml: `port: 8317`.
    origin="http://127.0.0.1:8317",
    quirks={},
    admin=("/v0/management",),
    routes=CPA_ROUTES,
    expand={
        ("POST", "/v1beta/models/{*action}"): (
            ("POST", "/v1beta/models/{model}", ("generate-content", GEMINI)),
        ),
        ("GET", "/v1beta/models/{*action}"): (
            ("GET", "/v1beta/models/{model}", ("get-model", GEMINI)),
        ),
    },
    notes=(
        "The newest release read, and the table `cliproxyapi` names (cliproxyapi@5.0.0 and "
        "@5.0.5, tools/gen_tables.py, are the releases before). From 7.2.101 on the routes live in "
        "internal/api/server_routes.go (setupRoutes) and server_management.go "
        "(registerManagementRoutes), the two files read here.",
        "Engine: NewServer (internal/api/server.go) creates it with gin.New() (gin v1.10.1 in "
        "go.mod) and sets no router flag, so gin's defaults apply: RedirectTrailingSlash=true "
        "(301 for GET, 307 otherwise), RedirectFixedPath=false, RemoveExtraSlash=false (so "
        "/v1//chat/completions answers 404), HandleMethodNotAllowed=false (a wrong method "
        "answers 404, not 405). An embedding program can change them through "
        "WithEngineConfigurator.",
        "NoRoute: engine.NoRoute(s.pluginManagementNoRoute) (server.go). /v0/resource/plugins/* "
        "goes to plugin resources, /v0/management and /v0/management/* to plugin-owned "
        "management routes after the management-key check; every other unmatched path, and "
        "every wrong method on a known path, answers c.AbortWithStatus(404): 404 with an empty "
        "body.",
        "Auth runs after routing: AuthMiddleware(accessManager) is attached to the /v1, "
        "/openai/v1, /backend-api/codex and /v1beta groups, so an unknown path is a 404 with or "
        "without a key, and a known route with a missing or bad key answers 401 JSON. The "
        "/v1/realtime* routes take realtimeAuthMiddleware or realtimeStandardAuthMiddleware "
        "instead; /healthz, /, /management.html and the OAuth callbacks take no API key.",
        "Global middleware runs in front of NoRoute too: corsMiddleware answers every OPTIONS "
        "request, on any path, with 204; with home mode on, homeHeartbeatMiddleware answers "
        "503 on every non-management path until the home heartbeat is healthy; with the "
        "example-key safe mode (a server option) on while api-keys still hold the example's "
        "template values, exampleAPIKeySafeModeMiddleware answers GET / with a warning page "
        "and every request under /v1, /v1beta, /openai/v1 and /backend-api/codex, routed or "
        'not, with 403 {"error": "unsafe_example_api_key", ...}.',
        "GET /v1/models (unifiedModelsHandler) answers a Grok shell User-Agent with the Grok "
        "list, a client_version query with the Codex client catalog, an Anthropic-Version "
        "header or a claude-cli User-Agent with the Claude list, and anything else with the "
        "OpenAI list; recorded as serving openai and anthropic.",
        "Gemini is routed only under /v1beta (no Gemini /v1/models/* and no /v1alpha). "
        "Modelling choice: the router registers GET and POST /v1beta/models/*action; the POST "
        "handler (GeminiHandler) splits the action at ':' into model and method "
        "(generateContent, streamGenerateContent, countTokens, ...) and the GET handler looks "
        "the action up as a model name, so the table writes them as /v1beta/models/{model}, "
        "one segment, each citing the registration's line: a deeper, stacked path reaches a "
        "handler that finds no such model, and is diagnosed as the mistake it is.",
        "No POST /v1/embeddings, /v1/audio/*, /v1/moderations or /v1/rerank, and no "
        "/v1internal:method (5.0's Gemini CLI route).",
        "GET /v1/responses and GET /backend-api/codex/responses are websocket upgrades (Codex's "
        "Responses websocket); /backend-api/codex/* is the alias for Codex's chatgpt_base_url; "
        "/v1/alpha/search and /backend-api/codex/alpha/search forward Codex's search endpoint. "
        "/v1/videos* are xAI's video endpoints (protocol null), /openai/v1/videos* OpenAI's "
        "Videos API; /v1/live and /v1/realtime* are the Codex live/realtime handler, "
        "registered on the engine, not in the /v1 group.",
        "The /v0/management routes (operation admin) are registered by registerManagementRoutes "
        "only when a management secret exists (remote-management.secret-key, the "
        "MANAGEMENT_PASSWORD environment variable, or a local TUI password: NewServer in "
        "server.go); without one they fall to NoRoute and answer 404, and "
        "managementAvailabilityMiddleware answers 404 once the secret is removed. They take "
        "the management key (Authorization: Bearer or X-Management-Key), not an API key; "
        "GET/POST /v0/management/oauth-callback skip that check. GET /management.html (the "
        "management web UI) is recorded as admin.",
        "Not in this table: AttachWebsocketRoute registers a GET at a path known only at run "
        "time (default /v1/ws, for websocket providers; kept in the route data as `dynamic`), "
        "GET /keep-alive exists only with WithKeepAliveEndpoint (the TUI's local-password "
        "mode, internal/api/server_keepalive.go), WithRouterConfigurator lets an embedding "
        "program add routes, and plugins serve more management and resource paths through "
        "NoRoute.",
    ),
)

NEW_API_ROUTES: dict[tuple[str, str], Assignment] = {
    # router/relay-router.go: GET /v1/models answers by header (see the notes).
    ("GET", "/v1/models"): ("list-models", ("anthropic", "gemini", "openai")),
    ("GET", "/v1/models/{model}"): ("get-model", _MODELS_BOTH),
    ("GET", "/v1beta/models"): ("list-models", GEMINI),
    ("GET", "/v1beta/openai/models"): ("list-models", OPENAI),
    # The web UI's playground: middleware.UserAuth() takes the user's session (or a user
    # access token), never an API token, so no API client's request works there.
    ("POST", "/pg/chat/completions"): ("playground", NONE),
    ("GET", "/v1/realtime"): ("realtime", OPENAI),
    ("POST", "/v1/messages"): ("messages", ANTHROPIC),
    ("POST", "/v1/completions"): ("completions", OPENAI),
    ("POST", "/v1/chat/completions"): ("chat-completions", OPENAI),
    ("POST", "/v1/responses"): ("responses", OPENAI),
    ("POST", "/v1/responses/compact"): ("responses-compact", OPENAI),
    ("POST", "/v1/edits"): ("edits", OPENAI),
    ("POST", "/v1/images/generations"): ("images", OPENAI),
    ("POST", "/v1/images/edits"): ("images", OPENAI),
    ("POST", "/v1/embeddings"): ("embeddings", OPENAI),
    ("POST", "/v1/audio/transcriptions"): ("audio", OPENAI),
    ("POST", "/v1/audio/translations"): ("audio", OPENAI),
    ("POST", "/v1/audio/speech"): ("audio", OPENAI),
    ("POST", "/v1/rerank"): ("rerank", NONE),
    # Under the source's "gemini relay routes" comment, relayed as RelayFormatGemini.
    ("POST", "/v1/engines/{model}/embeddings"): ("embeddings", GEMINI),
    ("POST", "/v1/moderations"): ("moderations", OPENAI),
    ("POST", "/suno/submit/{action}"): ("suno-submit", NONE),
    ("POST", "/suno/fetch"): ("suno-fetch", NONE),
    ("GET", "/suno/fetch/{id}"): ("suno-fetch", NONE),
    # router/video-router.go.
    ("GET", "/v1/videos/{task_id}/content"): ("videos", OPENAI),
    ("POST", "/v1/video/generations"): ("video-generations", NONE),
    ("GET", "/v1/video/generations/{task_id}"): ("video-generations", NONE),
    ("POST", "/v1/videos/{video_id}/remix"): ("videos", OPENAI),
    ("POST", "/v1/videos"): ("videos", OPENAI),
    ("GET", "/v1/videos/{task_id}"): ("videos", OPENAI),
    ("POST", "/kling/v1/videos/text2video"): ("kling-videos", NONE),
    ("POST", "/kling/v1/videos/image2video"): ("kling-videos", NONE),
    ("GET", "/kling/v1/videos/text2video/{task_id}"): ("kling-videos", NONE),
    ("GET", "/kling/v1/videos/image2video/{task_id}"): ("kling-videos", NONE),
    ("POST", "/jimeng/"): ("jimeng", NONE),
    # router/dashboard.go: the legacy OpenAI billing endpoints.
    ("GET", "/dashboard/billing/subscription"): ("billing-subscription", OPENAI),
    ("GET", "/v1/dashboard/billing/subscription"): ("billing-subscription", OPENAI),
    ("GET", "/dashboard/billing/usage"): ("billing-usage", OPENAI),
    ("GET", "/v1/dashboard/billing/usage"): ("billing-usage", OPENAI),
}

NEW_API = RepoSpec(
    id="new-api",
    repo="QuantumNous/new-api",
    tag="v0.13.2",
    title="New API 0.13.2",
    reader="gin",
    files=(
        "router/main.go",
        "router/api-router.go",
        "router/dashboard.go",
        "router/relay-router.go",
        "router/video-router.go",
        "router/web-router.go",
    ),
    engines=frozenset({"router"}),
    router="gin",
    # common/init.go: flag.Int("port", 3000, ...); main.go listens on ":" + port.
    origin="http://127.0.0.1:3000",
    quirks={
        "unknown_status": 200,
        "unknown_body": "html",
        "note": (
            "router/web-router.go NoRoute serves the web UI's index.html for every unknown "
            "path of every method (when FRONTEND_BASE_URL is unset), except paths whose "
            "RequestURI starts with /v1, /api or /assets, which answer the JSON 404 "
            "'Invalid URL (...)'"
        ),
        "router_prefixes": ["/v1", "/api", "/assets"],
    },
    admin=("/api",),
    by_handler={
        "controller.RelayNotImplemented": ("not-implemented", OPENAI),
        "controller.RelayMidjourney": ("midjourney", NONE),
        "relay.RelayMidjourneyImage": ("midjourney-image", NONE),
    },
    routes=NEW_API_ROUTES,
    expand={
        ("POST", "/v1/models/{*path}"): (
            ("POST", "/v1/models/{model}", ("generate-content", GEMINI)),
        ),
        ("POST", "/v1beta/models/{*path}"): (
            ("POST", "/v1beta/models/{model}", ("generate-content", GEMINI)),
        ),
    },
    notes=(
        "Read at tag v0.13.2 (2026-04-27), the newest release tag the generator could read: "
        "the tags of QuantumNous/new-api as a fork of it (xiaocongyu66/new-api) copied them. "
        "Its commit is in the project's history (three other forks hold it too), and that "
        "copy's v0.6.3.1.1 has the very tree of the same tag in the repository under its "
        "former name, Calcium-Ion/new-api. Releases after 0.13.2 are not read.",
        _GIN_DEFAULTS.replace("v1.10.0", "v1.9.1")
        + " main.go creates the engine with gin.New() and sets no router flag.",
        "NoRoute: SetRouter (router/main.go) registers the API, dashboard, relay and video "
        "routes, then calls SetWebRouter when FRONTEND_BASE_URL is unset (or on the master "
        "node): its NoRoute (router/web-router.go) answers a RequestURI starting with /v1, "
        '/api or /assets with 404 JSON {"error": {"message": "Invalid URL (METHOD PATH)", '
        "...}} (controller.RelayNotFound), and every other unmatched path with 200 and the "
        "web UI's index.html, which clients then report as 'Unexpected token <'. The test is "
        "a string prefix: /v1beta/..., /v1foo and /v1?x get the JSON 404, a Base URL missing "
        "/v1 (POST /chat/completions) the HTML, as do unmatched /pg, /mj, /suno, /kling and "
        "/jimeng paths. static.Serve answers first with the web UI's files that exist. With "
        "FRONTEND_BASE_URL set on a node that is not the master, NoRoute 301-redirects every "
        "unmatched request to that URL instead.",
        "A wrong method on a known path is a gin 404, so it reaches NoRoute too: under /v1 it "
        "is the JSON 404, not a 405. TokenAuth, UserAuth and TokenOrUserAuth are group "
        "middleware and run after routing: an unknown path or a wrong method is answered "
        "without a key check.",
        "GET /v1/models is dispatched by header: x-api-key with anthropic-version gives the "
        "Anthropic list, an x-goog-api-key header or a ?key= query the Gemini list, anything "
        "else the OpenAI list; GET /v1/models/:model gives the Anthropic model for Anthropic "
        "headers and the OpenAI model otherwise. So /v1/models is recorded as serving "
        "anthropic, gemini and openai, and /v1/models/{model} anthropic and openai.",
        "Gemini: POST /v1beta/models/*path and POST /v1/models/*path relay Gemini's format "
        "(models/{model}:generateContent, :streamGenerateContent, ...); GET /v1beta/models "
        "lists Gemini models, and there is no GET /v1beta/models/{model} (get-model): it "
        "falls to NoRoute's JSON 404. GET /v1beta/openai/models lists models in OpenAI's "
        "format for Gemini's OpenAI-compatible Base URL. Modelling choice: the two catch-alls "
        "are written as /v1/models/{model} and /v1beta/models/{model}, one segment, each "
        "citing its registration's line: the relayed path is models/{model}:{action}, and a "
        "deeper, stacked path reaches the Gemini relay with a model name upstream does not "
        "know.",
        "POST /v1/engines/:model/embeddings is relayed as RelayFormatGemini under the source's "
        "'gemini relay routes' comment, so it is recorded as gemini although the path is "
        "OpenAI's legacy engines path; POST /v1/edits is relayed as RelayFormatOpenAIImage.",
        "registerMjRouterGroup registers the Midjourney routes twice, under /mj and under "
        "/:mode/mj (/fast/mj, /relax/mj, ...), the two copies citing the same lines; a "
        "first-segment parameter, /{mode}, matches any '/<x>/mj/...' path. GET .../mj/image/:id "
        "is registered before TokenAuth and takes no key; POST .../mj/notify is commented "
        "out in this release.",
        'POST /jimeng/: the group is router.Group("jimeng") and the route POST("/"), so gin '
        "registers /jimeng/ with a trailing slash, and a POST to /jimeng?Action=... is "
        "redirected with 307 by RedirectTrailingSlash.",
        "The /api/* routes are the web UI's API (operation admin; session or access-token "
        "auth). POST /pg/chat/completions is the dashboard playground, with a dashboard "
        "session (UserAuth), not an API token; GET /v1/videos/:task_id/content takes "
        "TokenOrUserAuth. Routes with operation not-implemented answer 501 "
        '{"error": {"message": "API not implemented", "code": "api_not_implemented", ...}} '
        "(controller.RelayNotImplemented).",
    ),
)

SPECS: tuple[RepoSpec, ...] = (
    OLLAMA,
    ONE_API,
    SUB2API,
    CC_SWITCH,
    GEMINI_BALANCE,
    CLAUDE_RELAY_SERVICE,
    CLIPROXYAPI,
    NEW_API,
)
