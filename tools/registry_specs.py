"""What tools/gen_registry_tables.py generates: the release read from each registry, the
table's origin and notes, and the mappings that give each route its protocol and operation.

Routes come from the archives (the extract step); this file only names what a path serves.
A path that looks like an AI API (:func:`looks_like_ai`) and that a mapping does not know
stops the render, so a new endpoint is looked at, not guessed; every other path (a proxy's
admin, UI and health routes) takes its spec's ``other`` rule, with protocol null.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

Assignment = tuple[str, tuple[str, ...]]  # (operation, protocols)
Mapping_ = Mapping[tuple[str, str], Assignment]

_O, _A, _G = "openai", "anthropic", "gemini"

#: The path segments of the AI APIs the clients speak: a route holding one of them, or a
#: Gemini ``:action``, is an AI route and must be mapped explicitly.
_AI = re.compile(
    r"/(chat|completions|responses|messages|models|embeddings|count_tokens|v1beta)(/|$|\{)"
    r"|:(generateContent|streamGenerateContent|countTokens)\b"
)


def looks_like_ai(pattern: str) -> bool:
    """Does ``pattern`` look like an endpoint of the APIs agroutes' clients call?"""
    return _AI.search(pattern) is not None


def other_rule(operation: str) -> Callable[[str, str], Assignment]:
    """The rule for the paths that are not AI routes: one operation, no protocol."""

    def rule(_method: str, _pattern: str) -> Assignment:
        return (operation, ())

    return rule


@dataclass(frozen=True, slots=True, kw_only=True)
class Forward:
    """A catch-all registration that forwards the rest of the path, unchanged, to an
    upstream API: the table writes it as that API's own routes (those of the generated
    table ``upstream``, src/agroutes/data/UPSTREAM.json, in its order) under the catch-all's
    prefix, each citing the registration, as tools/repo_table_specs.py ``expand`` does. A
    path the upstream has no route for is forwarded too, and the upstream answers 404: the
    table writes that end result, a 404."""

    upstream: str
    #: A prefix the forwarder adds when the forwarded path lacks it (LiteLLM's OpenAI
    #: pass-through inserts /v1): each upstream route under it is also written without it.
    optional: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class RegistrySpec:
    """One generated table: a package at a release, and how to read and name its routes."""

    id: str
    package: str
    version: str
    registry: str  # "pypi" or "npm"
    reader: str  # "hono", or a key of gen_registry_tables.PY_READERS
    entry: str = ""  # the file the JavaScript readers start from
    router: str
    origin: str
    title: str
    notes: tuple[str, ...]
    mapping: Mapping_
    other: Callable[[str, str], Assignment] = field(default=other_rule("other"))
    quirks: Mapping[str, object] = field(default_factory=dict)
    drop: frozenset[str] = frozenset()  # registered paths left out (said in the notes)
    #: The value, in the configuration the table describes, of each ``if`` condition a
    #: registration is under (``file:line: test``); None: conditions are not read.
    assume: Mapping[str, bool] | None = None
    #: The catch-alls (source paths, ``/anthropic/{endpoint:path}``) written as the routes
    #: of the upstream API they forward to (see :class:`Forward`).
    expand: Mapping[str, Forward] = field(default_factory=dict)

    @property
    def data_file(self) -> str:
        return f"tools/data/{self.id}-{self.version}-routes.json"

    @property
    def out_file(self) -> str:
        return f"src/agroutes/data/{self.id}.json"


# --- copilot-api (npm) ----------------------------------------------------------------------

COPILOT_API_ROUTES: Mapping_ = MappingProxyType(
    {
        ("GET", "/"): ("root", ()),
        ("POST", "/chat/completions"): ("chat-completions", (_O,)),
        ("GET", "/models"): ("list-models", (_O,)),
        ("POST", "/embeddings"): ("embeddings", (_O,)),
        ("GET", "/usage"): ("usage", ()),
        ("GET", "/token"): ("token", ()),
        ("POST", "/v1/chat/completions"): ("chat-completions", (_O,)),
        # The OpenAI-shaped list; the Anthropic SDK's models.list reads it too, as the
        # other tables record their /v1/models.
        ("GET", "/v1/models"): ("list-models", (_A, _O)),
        ("POST", "/v1/embeddings"): ("embeddings", (_O,)),
        ("POST", "/v1/messages"): ("messages", (_A,)),
        ("POST", "/v1/messages/count_tokens"): ("count-tokens", (_A,)),
    }
)

COPILOT_API = RegistrySpec(
    id="copilot-api",
    package="copilot-api",
    version="0.7.0",
    registry="npm",
    reader="hono",
    entry="dist/main.js",
    router="hono",
    # dist/main.js:1414 (`start` command): port default "4141"; serve() from srvx is given
    # no hostname, so it listens on every interface: the loopback address answers.
    origin="http://127.0.0.1:4141",
    title="copilot-api 0.7.0",
    notes=(
        "One hono app (`server`, dist/main.js:1333) with sub-apps mounted by "
        "`server.route(path, sub)`; each sub-app registers `/` (and /count_tokens), which "
        "hono's mergePath joins to the mount path itself: POST /chat/completions, not "
        "/chat/completions/. Hono's default strict mode matches a trailing slash only when "
        "the route has one, so /v1/chat/completions/ is a 404.",
        "OpenAI routes are served both with and without /v1 (chat/completions, models, "
        "embeddings); Anthropic only under /v1 (/v1/messages, /v1/messages/count_tokens). "
        "No Responses API and no Gemini routes.",
        "No notFound handler: an unknown path is hono's own 404, the text '404 Not Found'. "
        "The cors() middleware answers an OPTIONS preflight on any path with 204.",
        "Default origin: the `start` command's --port defaults to 4141 (dist/main.js:1414).",
    ),
    mapping=COPILOT_API_ROUTES,
)

SPECS: tuple[RegistrySpec, ...] = (COPILOT_API,)


# --- LiteLLM (PyPI) -------------------------------------------------------------------------


def _family(prefixes: tuple[str, ...], endpoints: Mapping_) -> dict[tuple[str, str], Assignment]:
    """Every endpoint under every prefix: LiteLLM registers each OpenAI route several times."""
    return {(m, prefix + tail): a for prefix in prefixes for (m, tail), a in endpoints.items()}


_CHAT = ("chat-completions", (_O,))
_COMPLETIONS = ("completions", (_O,))
_EMBEDDINGS = ("embeddings", (_O,))
_RESPONSES: Mapping_ = {
    ("POST", "/responses"): ("responses", (_O,)),
    ("GET", "/responses/{response_id}"): ("get-response", (_O,)),
    ("DELETE", "/responses/{response_id}"): ("delete-response", (_O,)),
    ("GET", "/responses/{response_id}/input_items"): ("response-input-items", (_O,)),
    ("POST", "/responses/compact"): ("responses-compact", (_O,)),
    ("POST", "/responses/input_tokens"): ("responses-input-tokens", (_O,)),
    ("POST", "/responses/{response_id}/cancel"): ("cancel-response", (_O,)),
}
_GEMINI: Mapping_ = {
    ("POST", "/models/{model_name}:generateContent"): ("generate-content", (_G,)),
    ("POST", "/models/{model_name}:streamGenerateContent"): ("stream-generate-content", (_G,)),
    ("POST", "/models/{model_name}:countTokens"): ("count-tokens", (_G,)),
}
#: The pass-through catch-alls (pass_through_endpoints/llm_passthrough_endpoints.py and
#: openai_passthrough_endpoints.py): each forwards the rest of the path, unchanged, to one
#: provider's own API with the proxy's key for it. Those to an API agroutes has a table of
#: (:data:`LITELLM_FORWARDS`) are written as that API's routes; the others carry no
#: protocol here: a catch-all takes every path under its prefix, mistakes included, so
#: with a protocol every such mistake would count as served.
#:
#: Where each one forwards, in the default configuration (no *_API_BASE set):
#: gemini_proxy_route (L394-458): GEMINI_API_BASE or https://generativelanguage.googleapis.com,
#: the path joined by HttpPassThroughEndpointHelpers.join_base_and_endpoint_path
#: (pass_through_endpoints.py:839, posixpath.normpath), the key put in ?key=;
#: anthropic_proxy_route (L1081-1131): anthropic_pass_through_api_base()
#: (llms/anthropic/common_utils.py:207, https://api.anthropic.com), the same join;
#: openai_proxy_route (L3369-3414) and openai_passthrough_route (openai_passthrough_endpoints.py:15,
#: which calls it): OPENAI_API_BASE or https://api.openai.com/, joined by _join_url_paths
#: (L3419), which inserts /v1 after api.openai.com/ when the joined URL has no "/v1/".
LITELLM_FORWARDS: Mapping[str, Forward] = MappingProxyType(
    {
        "/gemini/{endpoint:path}": Forward(upstream="gemini-api"),
        "/anthropic/{endpoint:path}": Forward(upstream="anthropic-api"),
        "/openai/{endpoint:path}": Forward(upstream="openai-api", optional="/v1"),
        "/openai_passthrough/{endpoint:path}": Forward(upstream="openai-api", optional="/v1"),
    }
)
_PASSTHROUGH = (
    "cohere",
    "fal_ai",
    "vllm",
    "mistral",
    "typesafe",
    "openrouter",
    "milvus",
    "bedrock",
    "azure_speech",
    "assemblyai",
    "eu.assemblyai",
    "nvidia_nim",
    "azure_ai",
    "azure",
    "vertex_ai/discovery",
    "vertex-ai",
    "vertex_ai",
    "cursor",
    "tinyfish",
    "gigachat",
    "watsonx",
    "langfuse",
)

LITELLM_ROUTES: Mapping_ = MappingProxyType(
    {
        ("GET", "/v1/models"): ("list-models", (_A, _O)),
        ("GET", "/models"): ("list-models", (_O,)),
        ("GET", "/v1/models/{model_id}"): ("get-model", (_A, _O)),
        ("GET", "/models/{model_id}"): ("get-model", (_O,)),
        **_family(("", "/v1"), {("POST", "/chat/completions"): _CHAT}),
        **_family(("", "/v1"), {("POST", "/completions"): _COMPLETIONS}),
        **_family(("", "/v1"), {("POST", "/embeddings"): _EMBEDDINGS}),
        # Azure's layout and the legacy engines one, the model (deployment) in the path.
        **_family(
            ("/engines/{model}", "/openai/deployments/{model}"),
            {
                ("POST", "/chat/completions"): _CHAT,
                ("POST", "/completions"): _COMPLETIONS,
                ("POST", "/embeddings"): _EMBEDDINGS,
            },
        ),
        ("POST", "/queue/chat/completions"): ("queue-chat-completions", ()),
        ("POST", "/cursor/chat/completions"): _CHAT,
        ("GET", "/cursor/models"): ("list-models", (_O,)),
        ("GET", "/cursor/v1/models"): ("list-models", (_O,)),
        **_family(("", "/v1", "/openai/v1"), _RESPONSES),
        **_family(
            ("", "/v1"),
            {
                ("POST", "/threads/{thread_id}/messages"): ("assistants", (_O,)),
                ("GET", "/threads/{thread_id}/messages"): ("assistants", (_O,)),
            },
        ),
        ("POST", "/v1/messages"): ("messages", (_A,)),
        ("POST", "/v1/messages/count_tokens"): ("count-tokens", (_A,)),
        # ensure_gateway_enabled (anthropic_endpoints/gateway_endpoints.py:133) answers 404
        # unless the Claude Code gateway is turned on in the config: not in the default one.
        ("GET", "/claude_code_gateway/v1/models"): ("claude-code-gateway", ()),
        ("POST", "/claude_code_gateway/v1/messages"): ("claude-code-gateway", ()),
        ("POST", "/claude_code_gateway/v1/messages/count_tokens"): ("claude-code-gateway", ()),
        **_family(("", "/v1beta"), _GEMINI),
        ("POST", "/v1beta/interactions"): ("interactions", (_G,)),
        ("GET", "/v1beta/interactions/{interaction_id}"): ("interactions", (_G,)),
        ("DELETE", "/v1beta/interactions/{interaction_id}"): ("interactions", (_G,)),
        ("POST", "/v1beta/interactions/{interaction_id}/cancel"): ("interactions", (_G,)),
        ("POST", "/v1beta/agents"): ("agents", (_G,)),
        ("GET", "/v1beta/agents"): ("agents", (_G,)),
        ("GET", "/v1beta/agents/{name}"): ("agents", (_G,)),
        ("DELETE", "/v1beta/agents/{name}"): ("agents", (_G,)),
        ("GET", "/v1beta/agents/{name}/versions"): ("agents", (_G,)),
        # Management routes whose paths hold an AI word.
        ("GET", "/global/spend/models"): ("admin", ()),
        ("POST", "/v1/workflows/runs/{run_id}/messages"): ("admin", ()),
        ("GET", "/v1/workflows/runs/{run_id}/messages"): ("admin", ()),
        **{
            (m, f"/{name}/{{*endpoint}}"): ("passthrough", ())
            for name in _PASSTHROUGH
            for m in ("GET", "POST", "PUT", "PATCH", "DELETE")
        },
    }
)

LITELLM = RegistrySpec(
    id="litellm",
    package="litellm",
    version="1.110.2",
    registry="pypi",
    reader="litellm",
    router="fastapi",  # FastAPI: HEAD of a GET route answers 405 (docs/routers.md)
    # litellm/proxy/proxy_cli.py:894-895: --host 0.0.0.0 --port 4000 by default; the
    # loopback address answers on every interface.
    origin="http://127.0.0.1:4000",
    title="LiteLLM proxy 1.110.2",
    notes=(
        "Read from the litellm wheel alone (PyPI litellm==1.110.2; the [proxy] extra adds "
        "dependencies, not routes), with ast: proxy_server.py builds `app = FastAPI(...)` "
        "(L2143), registers @app and @router routes, then includes 68 routers in source "
        "order (L22503-22570). The enterprise routes (litellm_enterprise, another package) "
        "are not read: without it `enterprise_router` (L1191) is empty.",
        "Route order is the order Starlette tries them in the default configuration: "
        "FastAPI's own routes first (GET /openapi.json, GET / for the Swagger UI: "
        "proxy/utils.py get_docs_url() defaults to '/', /docs/oauth2-redirect, /redoc), then "
        "the app's routes in registration order; the lazy features of _lazy_features.py "
        "(LAZY_FEATURES: registered on the first request for their prefix, in registry "
        "order) at the slot reserve_lazy_slot keeps for them (llm_passthrough, before the "
        "pass_through_router, L22520) or after every eager route; then hot_routes_first "
        "(route_priority.py HOT_ROUTE_PATHS) moves the app's own routes with a hot path "
        "first: with FastAPI 0.165 an included router stays one entry, so the hot paths "
        "registered through include_router (/v1/chat/completions) keep their place. The "
        "order of the eager routes was compared with app.routes of the installed 1.110.2 "
        "(fastapi 0.165.0, starlette 1.10.0).",
        "Each OpenAI endpoint is registered under several prefixes by stacked decorators on "
        "one handler: /chat/completions, /v1/chat/completions, /engines/{model}/..., "
        "/openai/deployments/{model}/... (Azure's layout); /responses also under /openai/v1. "
        "Anthropic: POST /v1/messages and /v1/messages/count_tokens (anthropic_endpoints, a "
        "lazy feature). Gemini: /v1beta/models/{model}:generateContent, "
        ":streamGenerateContent and :countTokens, and the same without /v1beta "
        "(google_endpoints). No GET /v1beta/models: google-genai's models.list is a 404 on "
        "every Base URL, and GET /models answers the OpenAI list.",
        "Starlette's {name:path} inside a path (/openai/deployments/{model:path}/chat/"
        "completions, /v1beta/models/{model_name:path}:generateContent) matches several "
        "segments; agroutes writes it as one segment {model}, so a deployment or model name "
        "with a slash is served by LiteLLM but not by this table. A {name:path} that ends "
        "the path is the catch-all {*name}. tests/test_registry_tables.py checks that the "
        "table answers a sample path of every registration with the route Starlette would "
        "pick, except those multi-segment names.",
        "Pass-through catch-alls (/anthropic/{endpoint:path}, /gemini/..., /openai/..., "
        "/vertex_ai/..., two dozen providers; pass_through_endpoints/"
        "llm_passthrough_endpoints.py) forward the rest of the path unchanged to the "
        "provider's own API with the proxy's key for it, bypassing LiteLLM's model routing. "
        "Four forward to an API agroutes has a table of, and are written here as that API's "
        "own routes under their prefix, each citing the registration (tools/"
        "registry_specs.py LITELLM_FORWARDS): /anthropic to anthropic-api "
        "(https://api.anthropic.com), /gemini to gemini-api "
        "(https://generativelanguage.googleapis.com), /openai and /openai_passthrough to "
        "openai-api (https://api.openai.com/, with each /v1/... route also written without "
        "/v1: _join_url_paths inserts /v1 when the joined URL has none). So "
        "http://127.0.0.1:4000/anthropic works for Anthropic SDKs and .../gemini for "
        "google-genai, when the proxy holds that provider's key. The router itself never "
        "answers 404 under these prefixes: a mistaken path (/anthropic/v1/v1/messages) is "
        "forwarded too and the provider answers 404, which is what the table writes (no "
        "route). The forwarded path is cleaned first (posixpath.normpath: a doubled slash "
        "or a dot segment after the prefix is removed), which the table does not model. "
        "Upstream routes that an earlier LiteLLM route takes (POST /openai/v1/responses, "
        "the Azure layout /openai/deployments/{model}/...) are left out, counted below. The "
        "other pass-throughs are recorded with protocol null (operation passthrough): a "
        "catch-all also takes every mistaken path under it.",
        "Not read: registrations whose path is built at run time (daily_activity_routes.py "
        "add_api_route(f'{prefix}/...') inside a function, some /.well-known/* MCP OAuth "
        "routes with well_known_root_suffix(), and pass-through endpoints declared in the "
        "config file, added by pass_through_endpoints.py:3824 at startup; the container "
        "file routes /v1/containers/{container_id}/files...), all seen in app.routes at "
        "run time; the Mounts of /ui, /_next, /litellm-asset-prefix/_next and /swagger "
        "(the admin UI's static files, mounted at import: the wheel bundles the UI); "
        "WebSocket routes (/v1/realtime). Registrations "
        "inside an `if` are read as registered (e.g. @app.get('/') at proxy_server.py:3129, "
        "only when DOCS_URL moves the docs; the docs route takes / first anyway).",
        'The default route answers 404 {"detail": "Not Found"}; FastAPI answers a '
        "wrong method with 405 and an Allow header; Starlette redirects a path that differs "
        "from a route only by a trailing slash with 307 (redirect_slashes). Most routes "
        "need a key (user_api_key_auth, Authorization: Bearer sk-...), checked after "
        "routing: an unknown path is a 404 with or without one.",
        "Default origin: proxy_cli.py:894-895, --host 0.0.0.0 --port 4000.",
    ),
    mapping=LITELLM_ROUTES,
    other=other_rule("admin"),
    expand=LITELLM_FORWARDS,
)

SPECS = (*SPECS, LITELLM)


# --- vLLM (PyPI) ----------------------------------------------------------------------------

_R = "vllm/entrypoints/launchers/api_server/routers.py"
#: ``vllm serve MODEL`` of a text-generation model with its default flags and environment:
#: supported_tasks is ("generate",) (vllm/tasks.py), no VLLM_* switch set.
VLLM_DEFAULTS: Mapping[str, bool] = MappingProxyType(
    {
        f"{_R}:46: envs.VLLM_SERVER_DEV_MODE": False,
        f"{_R}:55: 'generate' in supported_tasks": True,
        f"{_R}:68: model_config is not None and model_config.enable_sleep_mode": False,
        f"{_R}:75: 'generate' in supported_tasks or 'render' in supported_tasks": True,
        f"{_R}:80: 'transcription' in supported_tasks or 'realtime' in supported_tasks": False,
        f"{_R}:87: any((task in POOLING_TASKS for task in supported_tasks))": False,
        f"{_R}:92: getattr(args, 'enable_fault_tolerance', False)": False,
        # VLLM_ENABLE_COHERE_API is off by default: attach_router returns at once.
        "vllm/entrypoints/cohere/api_router.py:297: not enabled": True,
        # --enable-scale-out is off: the scale-out paths are registered with a handler that
        # answers 403 (scale_out/factories.py:100-126).
        "vllm/entrypoints/scale_out/factories.py:100: not enabled": True,
        "vllm/entrypoints/serve/instrumentator/offline_docs.py:22: args is None or not "
        "getattr(args, 'enable_offline_docs', False)": True,
        "vllm/entrypoints/serve/lora/api_router.py:30: not "
        "envs.VLLM_ALLOW_RUNTIME_LORA_UPDATING": True,
        "vllm/entrypoints/serve/profile/api_router.py:62: profiler_config is not None and "
        "profiler_config.profiler is not None": False,
        "vllm/entrypoints/serve/tokenize/api_router.py:87: getattr(app.state.args, "
        "'enable_tokenizer_info_endpoint', False)": False,
    }
)

VLLM_ROUTES: Mapping_ = MappingProxyType(
    {
        # The OpenAI-shaped list; the Anthropic SDK's models.list reads it too.
        ("GET", "/v1/models"): ("list-models", (_A, _O)),
        ("POST", "/v1/chat/completions"): ("chat-completions", (_O,)),
        ("POST", "/v1/chat/completions/batch"): ("chat-completions-batch", (_O,)),
        ("POST", "/v1/responses"): ("responses", (_O,)),
        ("GET", "/v1/responses/{response_id}"): ("get-response", (_O,)),
        ("POST", "/v1/responses/{response_id}/cancel"): ("cancel-response", (_O,)),
        ("POST", "/v1/completions"): ("completions", (_O,)),
        ("POST", "/v1/messages"): ("messages", (_A,)),
        ("POST", "/v1/messages/count_tokens"): ("count-tokens", (_A,)),
        # --enable-scale-out is off by default: these answer 403 (scale_out/factories.py:107).
        **{
            ("POST", path): ("scale-out-disabled", ())
            for path in (
                "/v1/chat/completions/render",
                "/v1/messages/render",
                "/v1/completions/render",
                "/v1/responses/render",
                "/v1/chat/completions/derender",
                "/v1/completions/derender",
            )
        },
    }
)

VLLM = RegistrySpec(
    id="vllm",
    package="vllm",
    version="0.34.0",
    registry="pypi",
    reader="vllm",
    router="fastapi",  # FastAPI: HEAD of a GET route answers 405 (docs/routers.md)
    origin="http://127.0.0.1:8000",
    title="vLLM 0.34.0",
    notes=(
        "Read from the vllm wheel (PyPI vllm==0.34.0, not installed) with ast, by following "
        "the functions that receive the app from build_app (vllm/entrypoints/launchers/"
        "app.py:19) down to every include_router, and keeping the `if` conditions on the "
        "way. The table is the configuration of `vllm serve MODEL` for a text-generation "
        "model with default flags and environment (supported_tasks ('generate',)): "
        "tools/registry_specs.py VLLM_DEFAULTS gives each condition's value, and a "
        "condition it has no value for stops the render. tools/data/vllm-0.34.0-routes.json "
        "holds every registration with its conditions: the dev-mode (VLLM_SERVER_DEV_MODE), "
        "LoRA, profiler, sleep-mode, pooling (embeddings, score, rerank), speech-to-text and "
        "Cohere routes are there but not in this table.",
        "One OpenAI layout under /v1 only (no routes without /v1, unlike LiteLLM): "
        "/v1/chat/completions, /v1/completions, /v1/responses, /v1/models; Anthropic's "
        "POST /v1/messages and /v1/messages/count_tokens beside them. No Gemini route, and "
        "/v1/embeddings only for an embedding (pooling) model.",
        "With --enable-scale-out off (the default), the render/derender and "
        "/inference/v1/* paths are registered with a handler that answers 403 "
        "(scale_out/factories.py:100-126): they are routes, not 404s.",
        "With --api-key (or VLLM_API_KEY), a middleware answers 401 for paths under /v1 "
        "without the key before routing; an unknown path answers FastAPI's 404 "
        '{"detail": "Not Found"}, a wrong method 405 with Allow, and a path that differs '
        "from a route by a trailing slash is redirected with 307 (Starlette redirect_slashes).",
        "Default origin: vllm/entrypoints/common/cli_args.py:294-296, host None (every "
        "interface), port 8000.",
    ),
    mapping=VLLM_ROUTES,
    other=other_rule("admin"),
    assume=VLLM_DEFAULTS,
)

SPECS = (*SPECS, VLLM)
