"""What tools/gen_api_tables.py generates: the upstream APIs' route tables, the published
specification each is read from, and the mappings that give a route its protocol and the
canonical operation a client's request is matched with.

The routes come from the extraction data in tools/data/ (the extract step reads them from a
specification at a pinned commit or release); this file only says which specification to
read and how to name what a path serves. Every route gets a name from its specification (an
OpenAPI ``operationId``, a gRPC method, an SDK method); the canonical operations of
:class:`agroutes.profiles.Operation` are given here by method and path, and a derived name
that happens to be a canonical one without being listed here stops the render, so that no
route serves a client's call by accident of spelling.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Source = Literal["openapi", "sdk", "googleapis", "docs", "derived"]

Assignment = tuple[str, tuple[str, ...]]  # (operation, protocols)

#: The canonical operations (agroutes.profiles.Operation), as the render checks names.
CANONICAL = frozenset(
    {
        "list-models",
        "chat-completions",
        "completions",
        "responses",
        "messages",
        "count-tokens",
        "generate-content",
        "stream-generate-content",
    }
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Documented:
    """A route read off a vendor's documentation page (no machine-readable source)."""

    method: str
    path: str
    name: str
    page: str  # the page's address
    shows: str  # what the page shows, in a few words of our own


@dataclass(frozen=True, slots=True, kw_only=True)
class ApiSpec:
    """One table: where its routes come from and how they are named."""

    id: str
    title: str  # short: the CLI's table list is laid out by the longest title
    source: Source
    data_file: str  # tools/data/..., written by the extract step (the derived table: its base's)
    origin: str | None
    #: The protocol of every route unless ``overrides`` names another for its method and path.
    protocols: tuple[str, ...]
    #: (method, pattern) -> canonical operation: the routes a client's request may be meant for.
    canonical: dict[tuple[str, str], str]
    #: (method, pattern) -> protocols, where a route speaks another protocol than the table's.
    overrides: dict[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)
    #: Path prefixes whose routes speak no protocol agroutes' clients speak (a product's own
    #: API); their operations are written ``native-NAME``.
    native: tuple[str, ...] = ()
    #: Router options written into the document (None: the library's default, with a note).
    router: dict[str, bool] | None = None
    quirks: dict[str, object] | None = None
    documented: tuple[Documented, ...] = ()
    #: The prefix the API is served under, before the /v1 its clients' Base URLs end in: the
    #: document's ``mount_prefix`` (routes are written without it, matched with it).
    mount: str = ""
    #: For the derived table: the (method, pattern) routes of ``base`` it keeps.
    base: str | None = None
    keep: tuple[tuple[str, str], ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def out_file(self) -> str:
        return f"src/agroutes/data/{self.id}.json"


_GEMINI_ACTIONS = {
    "generateContent": "generate-content",
    "streamGenerateContent": "stream-generate-content",
    "countTokens": "count-tokens",
}

# Every model-like collection the Gemini protos route generateContent and its kin on.
_GEMINI_CANONICAL: dict[tuple[str, str], str] = {
    ("POST", f"/{version}/{collection}/{{{param}}}:{action}"): operation
    for version in ("v1", "v1beta")
    for collection, param in (("models", "model"), ("tunedModels", "tunedModel"))
    for action, operation in _GEMINI_ACTIONS.items()
    if not (collection == "tunedModels" and action == "countTokens")
} | {
    ("POST", f"/{version}/dynamic/{{dynamic}}:{action}"): operation
    for version in ("v1", "v1beta")
    for action, operation in _GEMINI_ACTIONS.items()
    if action != "countTokens"
}
_GEMINI_CANONICAL |= {
    ("GET", "/v1/models"): "list-models",
    ("GET", "/v1beta/models"): "list-models",
}

#: The OpenAI-compatible shape: the routes every server that calls itself OpenAI-compatible
#: is expected to serve, as api.openai.com serves them (the openai-compatible table keeps
#: exactly these routes of the openai-api table, with their sources).
OPENAI_COMPATIBLE = (
    ("GET", "/v1/models"),
    ("POST", "/v1/chat/completions"),
    ("POST", "/v1/completions"),
    ("POST", "/v1/embeddings"),
    ("POST", "/v1/responses"),
)

#: Why only the routes of the calls clients make carry a protocol.
PROTOCOL_NOTE = (
    "Only the routes of the calls agroutes' clients make (the canonical operations) carry a "
    "protocol; every other route (files, batches, fine-tuning, admin...) carries none, so that "
    "a client request a wrong Base URL pushes onto one (Codex's /responses appended to "
    "/v1/chat/completions lands on POST /v1/chat/completions/{completion_id}) reads as the "
    "wrong handler, not as served: agroutes counts a route of the client's protocol whose "
    "operation is not a canonical one as serving any call."
)

_UNKNOWN_ROUTER = (
    "How this API's front end answers a near miss (a wrong method, a trailing slash) is not "
    "read from any source: the table keeps agroutes' default router options (a wrong method "
    "on a known path is a 405, no slash redirects), an assumption, not an observation."
)

SPECS: tuple[ApiSpec, ...] = (
    ApiSpec(
        id="openai-api",
        title="OpenAI API",
        source="openapi",
        data_file="tools/data/openai-api-openapi.json",
        origin="https://api.openai.com",
        protocols=("openai",),
        canonical={
            ("GET", "/v1/models"): "list-models",
            ("POST", "/v1/chat/completions"): "chat-completions",
            ("POST", "/v1/completions"): "completions",
            ("POST", "/v1/responses"): "responses",
        },
        notes=(
            "Each operation is the spec's operationId in kebab case, except the calls clients "
            "make, which carry agroutes' canonical names.",
            PROTOCOL_NOTE,
            "No /v1/messages: an Anthropic client has no working Base URL here, and no "
            "Gemini path either.",
            _UNKNOWN_ROUTER,
        ),
    ),
    ApiSpec(
        id="openai-compatible",
        title="OpenAI-compatible shape",
        source="derived",
        data_file="tools/data/openai-api-openapi.json",
        origin=None,
        protocols=("openai",),
        canonical={},
        base="openai-api",
        keep=OPENAI_COMPATIBLE,
        notes=(
            "A shape, not a product: the subset of the openai-api table that every server "
            "calling itself OpenAI-compatible is expected to serve (models, chat completions, "
            "completions, embeddings, responses), under /v1, with no default origin. Check a "
            "relay whose own table agroutes does not ship against it. Its routes are named as "
            "openai-api names them (embeddings carries no protocol there).",
            _UNKNOWN_ROUTER,
        ),
    ),
    ApiSpec(
        id="anthropic-api",
        title="Anthropic API",
        source="sdk",
        data_file="tools/data/anthropic-api-sdk.json",
        origin="https://api.anthropic.com",
        protocols=("anthropic",),
        canonical={
            ("GET", "/v1/models"): "list-models",
            ("POST", "/v1/messages"): "messages",
            ("POST", "/v1/messages/count_tokens"): "count-tokens",
        },
        notes=(
            "No published OpenAPI document of the Anthropic API was reachable: the routes are "
            "the resource paths of the official Python SDK (the package named in the source), "
            "each call's path read with Python's ast module, and each operation is the SDK "
            "method's span name (anthropic.messages.batches.create -> messages.batches.create).",
            PROTOCOL_NOTE,
            "What the SDK does not call is not here: the OpenAI SDK compatibility layer the "
            "API documents (/v1/chat/completions) and the legacy /v1/complete (which this SDK "
            "release no longer ships) are absent, so an OpenAI client has no working Base URL "
            "on this table.",
            _UNKNOWN_ROUTER,
        ),
    ),
    ApiSpec(
        id="gemini-api",
        title="Gemini API",
        source="googleapis",
        data_file="tools/data/gemini-api-googleapis.json",
        origin="https://generativelanguage.googleapis.com",
        protocols=("gemini",),
        canonical=_GEMINI_CANONICAL
        | {("POST", "/v1beta/openai/chat/completions"): "chat-completions"},
        overrides={("POST", "/v1beta/openai/chat/completions"): ("openai",)},
        documented=(
            Documented(
                method="POST",
                path="/v1beta/openai/chat/completions",
                name="openai chat completions",
                page="https://ai.google.dev/gemini-api/docs/openai",
                shows=(
                    "base_url https://generativelanguage.googleapis.com/v1beta/openai/ for the "
                    "OpenAI libraries, and a REST example POSTing to "
                    ".../v1beta/openai/chat/completions"
                ),
            ),
        ),
        notes=(
            "The native routes are the google.api.http bindings of the Generative Language "
            "API's protos (the source the API's discovery document is generated from): "
            "`{model=models/*}:generateContent` is written /models/{model}:generateContent, "
            "a parameter inside one segment before the literal `:generateContent`, and "
            "`{name=operations/**}` a catch-all. Each operation is the gRPC method in kebab case "
            "(GenerateContent -> generate-content).",
            PROTOCOL_NOTE,
            "The OpenAI-compatible /v1beta/openai/ routes are in no proto: only what the "
            "vendor's compatibility guide was seen to show is here (chat completions), with "
            "the page cited on the route. An OpenAI client that also lists models or calls the "
            "Responses API finds no route for those calls here, as far as the sources go.",
            "Media uploads (/upload/v1beta/files) and methods newer than the protos at the "
            "pinned commit are not in the table.",
            _UNKNOWN_ROUTER,
        ),
    ),
    ApiSpec(
        id="openrouter",
        title="OpenRouter API",
        source="openapi",
        data_file="tools/data/openrouter-openapi.json",
        origin="https://openrouter.ai",
        protocols=("openai",),
        mount="/api",
        canonical={
            ("GET", "/api/v1/models"): "list-models",
            ("POST", "/api/v1/chat/completions"): "chat-completions",
            ("POST", "/api/v1/responses"): "responses",
            ("POST", "/api/v1/messages"): "messages",
            ("POST", "/api/v1/presets/{slug}/chat/completions"): "chat-completions",
            ("POST", "/api/v1/presets/{slug}/responses"): "responses",
            ("POST", "/api/v1/presets/{slug}/messages"): "messages",
        },
        overrides={
            ("POST", "/api/v1/messages"): ("anthropic",),
            ("POST", "/api/v1/presets/{slug}/messages"): ("anthropic",),
        },
        notes=(
            "The spec serves every path under its server https://openrouter.ai/api/v1: the "
            "table is the /v1 API mounted at /api (mount_prefix), so an OpenAI client's Base "
            "URL is https://openrouter.ai/api/v1 and an Anthropic client's "
            "https://openrouter.ai/api. Each operation is the operationId in kebab case, "
            "except the calls clients make. POST /api/v1/messages speaks the Anthropic "
            "protocol; the spec has no /messages/count_tokens and no Gemini route.",
            PROTOCOL_NOTE,
            _UNKNOWN_ROUTER,
        ),
    ),
    ApiSpec(
        id="lm-studio",
        title="LM Studio server",
        source="docs",
        data_file="tools/data/lm-studio-docs.json",
        origin="http://127.0.0.1:1234",
        protocols=("openai",),
        canonical={
            ("GET", "/v1/models"): "list-models",
            ("POST", "/v1/responses"): "responses",
            ("POST", "/v1/chat/completions"): "chat-completions",
            ("POST", "/v1/completions"): "completions",
            ("POST", "/v1/messages"): "messages",
        },
        overrides={("POST", "/v1/messages"): ("anthropic",)},
        native=("/api/",),
        # LM Studio's server answers X-Powered-By: Express (lmstudio-bug-tracker#618) and
        # answers a wrong method on a known path as it answers an unknown path ("Unexpected
        # endpoint or method", 200): a miss, never a 405.
        router={
            "method_first": True,
            "method_not_allowed": False,
            "redirect_trailing_slash": False,
            "implicit_head": True,
        },
        quirks={
            "unknown_status": 200,
            "unknown_body": "json",
            "note": (
                "an unknown path or a wrong method answers 200 with the JSON body "
                '{"error":"Unexpected endpoint or method. (METHOD /path)"} and logs '
                '"Returning 200 anyway" (lmstudio-ai/lmstudio-bug-tracker#618, #1323)'
            ),
        },
        notes=(
            "LM Studio publishes no machine-readable API description and its server's source "
            "is not public: the routes are the endpoint tables and headings of the vendor's own "
            "documentation (the lmstudio-ai/docs repository, each route citing its file, line "
            "and page). Documentation, not source: a route the docs do not list may exist.",
            "The native /api/v0 and /api/v1 REST routes are LM Studio's own API (no protocol "
            "agroutes' clients speak); /v1/* is the OpenAI-compatible API and POST /v1/messages "
            "the Anthropic-compatible one (its docs list no /v1/messages/count_tokens); "
            "POST /v1/embeddings carries no protocol, as on the other tables.",
            "The server is Express (X-Powered-By in lmstudio-bug-tracker#618): Express matches "
            "a trailing slash and any letter case by default, which agroutes' router options do "
            "not express yet, so a trailing-slash or case typo diagnosed here as a miss may work.",
        ),
    ),
)

#: Each source's parameter name for a Gemini resource collection: `{name=tunedModels/*}`
#: becomes /tunedModels/{tunedModel} (a collection not listed stops the extract).
GEMINI_PARAMS: dict[str, str] = {
    "batches": "batch",
    "cachedContents": "cachedContent",
    "chunks": "chunk",
    "corpora": "corpus",
    "documents": "document",
    "dynamic": "dynamic",
    "files": "file",
    "generatedFiles": "generatedFile",
    "models": "model",
    "operations": "operation",
    "permissions": "permission",
    "ragStores": "ragStore",
    "tunedModels": "tunedModel",
}

#: Where each specification is read (the extract step's pins).
PINS: dict[str, dict[str, str]] = {
    "openai-api": {
        "repository": "openai/openai-openapi",
        "ref": "f85dbe223d40e1a31cba812ab2d755c7e98a92a3",
        "file": "openapi.yaml",
        "check": "openapi.json",
    },
    "openrouter": {
        "repository": "OpenRouterTeam/typescript-sdk",
        "ref": "v1.2.54",
        "file": ".speakeasy/in.openapi.yaml",
    },
    "gemini-api": {
        "repository": "googleapis/googleapis",
        "ref": "f8291d2b89f0017ab078a4c7378069bae5686f6f",
        "dirs": "google/ai/generativelanguage/v1 google/ai/generativelanguage/v1beta",
    },
    "anthropic-api": {"package": "anthropic", "version": "2.15.0"},
    "lm-studio": {
        "repository": "lmstudio-ai/docs",
        "ref": "c6854fba2575bf21e07702ee210e1bed09e7c577",
        "files": (
            "1_developer/3_openai-compat/index.mdx 1_developer/4_anthropic-compat/index.mdx "
            "1_developer/2_rest/index.mdx 1_developer/2_rest/endpoints.mdx"
        ),
        "site": "https://lmstudio.ai/docs",
    },
}


def spec(table_id: str) -> ApiSpec:
    return next(s for s in SPECS if s.id == table_id)
