"""Layer 2: built-in profiles of the Node SDKs and agent CLIs (anthropic-node, google-genai-
node, ai-sdk, opencode, qwen-code, continue), observed with the real packages from npm.

Each profile is a typed constant that names its join rule and cites what it was verified
on (``verified``); :mod:`agroutes._clients` gathers them into ``BUILTIN_CLIENTS``. Every
join named here is pinned by the rows of ``tests/fixtures/captured-node-clients.jsonl``
(``tools/capture_node_clients.py`` ran the real package against the loopback recorder over
the Base URL matrix) and every ``redirects`` by ``captured-node-redirects.jsonl``; where a
comment and a row disagree, the row is right.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType

from ._joins import JoinRule, Transport
from ._profiles import (
    Alternative,
    BaseShape,
    ClientProfile,
    Redirects,
    RequestSpec,
    SettingSpec,
    UserinfoHandling,
)
from ._vocab import Operation, Protocol

__all__ = ["NODE_CLIENTS", "NODE_RELEASES"]

_API_VERSION_DOC = "the API version segment the SDK inserts before /models; '' for none"
_MODEL = SettingSpec(name="model", default="gemini-2.5-flash", doc="the model id in the path")


def _spec(
    operation: Operation, method: str, suffix: str, call: str, query: str | None = None
) -> RequestSpec:
    return RequestSpec(operation=operation, method=method, suffix=suffix, query=query, call=call)


ANTHROPIC_NODE = ClientProfile(
    id="anthropic-node",
    title="Anthropic TypeScript SDK",
    protocol=Protocol.ANTHROPIC,
    # The SDK inside claude-code, used on its own: base + "/v1/..." with a doubled "/" at
    # the join dropped, then the query re-serialised through URLSearchParams, so a Base URL
    # query swallows the suffix percent-encoded (/v1?x=1%2Fv1%2Fmessages). Node's fetch
    # keeps a leading "//" where claude-code's Bun collapses it.
    join=JoinRule.SEARCH_PARAMS,
    transport=Transport.NODE_FETCH,
    requests=(
        _spec(Operation.MESSAGES, "POST", "/v1/messages", "messages.create"),
        _spec(Operation.COUNT_TOKENS, "POST", "/v1/messages/count_tokens", "messages.countTokens"),
        _spec(Operation.LIST_MODELS, "GET", "/v1/models", "models.list"),
    ),
    base_shape=BaseShape.HOST_ROOT,
    # Node's fetch: "Request cannot be constructed from a URL that includes credentials".
    userinfo=UserinfoHandling.REFUSED,
    # Node's fetch (undici): 307/308 resend the POST and its body, 301/302/303 a GET.
    redirects=Redirects.FOLLOWS,
    verified="@anthropic-ai/sdk 1.16.0 (npm)",
    notes="Base URL from new Anthropic({baseURL}) or ANTHROPIC_BASE_URL; the SDK adds /v1.",
)

GOOGLE_GENAI_NODE = ClientProfile(
    id="google-genai-node",
    title="Google Gen AI TypeScript SDK",
    protocol=Protocol.GEMINI,
    # @google/genai's ApiClient.constructUrl: one trailing "/" dropped from the Base URL
    # text (query and all), "/" + api version + path appended, then alt=sse *set* through
    # URLSearchParams for a stream: the join gemini-cli bundles.
    join=JoinRule.GENAI_JS,
    transport=Transport.NODE_FETCH,
    requests=(
        _spec(
            Operation.GENERATE_CONTENT,
            "POST",
            "{version}/models/{model}:generateContent",
            "models.generateContent",
        ),
        _spec(
            Operation.STREAM_GENERATE_CONTENT,
            "POST",
            "{version}/models/{model}:streamGenerateContent",
            "models.generateContentStream",
            query="alt=sse",
        ),
        # models.list() with no config sends no query at all.
        _spec(Operation.LIST_MODELS, "GET", "{version}/models", "models.list"),
    ),
    base_shape=BaseShape.HOST_ROOT,
    userinfo=UserinfoHandling.REFUSED,
    redirects=Redirects.FOLLOWS,
    verified="@google/genai 3.3.0 (npm)",
    setting_specs=(
        # dist/node/index.mjs: GOOGLE_AI_API_DEFAULT_VERSION = 'v1' (observed: /v1/models/...);
        # httpOptions.apiVersion or GOOGLE_GENAI_API_VERSION overrides it.
        SettingSpec(name="api_version", default="v1", doc=_API_VERSION_DOC),
        _MODEL,
    ),
    alternatives=(Alternative(settings=(("api_version", "v1beta"),)),),
    notes="Base URL from httpOptions.baseUrl or GOOGLE_GEMINI_BASE_URL; 3.x defaults to the "
    "v1 API (apiVersion: 'v1beta' for a proxy that serves only /v1beta).",
)


def _ai_sdk(
    mode: str, protocol: Protocol, shape: BaseShape, version: str, specs: tuple[RequestSpec, ...]
) -> ClientProfile:
    return ClientProfile(
        id=f"ai-sdk/{mode}",
        title=f"Vercel AI SDK (@ai-sdk/{mode})",
        protocol=protocol,
        # The providers' `${withoutTrailingSlash(baseURL)}${path}`: the join kilo-code's
        # Bun runs, here on Node's fetch (a leading "//" is sent as typed).
        join=JoinRule.STRIP_ONE_SLASH,
        transport=Transport.NODE_FETCH,
        requests=specs,
        base_shape=shape,
        userinfo=UserinfoHandling.REFUSED,
        redirects=Redirects.FOLLOWS,
        verified=f"@ai-sdk/{mode} {version} (npm)",
        setting_specs=(_MODEL,) if protocol is Protocol.GEMINI else (),
        alternatives=tuple(
            Alternative(client=f"ai-sdk/{m}")
            for m in ("google", "anthropic", "openai-compatible", "openai")
            if m != mode
        ),
        notes=f"Base URL from create…({{baseURL}}) of @ai-sdk/{mode}, driven through "
        "generateText/streamText of ai 7.0.173; no version segment is added.",
    )


AI_SDK_OPENAI = _ai_sdk(
    "openai",
    Protocol.OPENAI,
    BaseShape.V1,
    "4.0.118",
    # openai(model) is the Responses API; openai.chat(model) would send /chat/completions.
    (_spec(Operation.RESPONSES, "POST", "/responses", "generateText (openai(model))"),),
)
AI_SDK_OPENAI_COMPATIBLE = _ai_sdk(
    "openai-compatible",
    Protocol.OPENAI,
    BaseShape.V1,
    "3.0.92",
    (_spec(Operation.CHAT_COMPLETIONS, "POST", "/chat/completions", "generateText"),),
)
AI_SDK_ANTHROPIC = _ai_sdk(
    "anthropic",
    Protocol.ANTHROPIC,
    # Its default baseURL is https://api.anthropic.com/v1: the Base URL ends in /v1.
    BaseShape.V1,
    "4.0.105",
    (_spec(Operation.MESSAGES, "POST", "/messages", "generateText"),),
)
AI_SDK_GOOGLE = _ai_sdk(
    "google",
    Protocol.GEMINI,
    # Its default baseURL is https://generativelanguage.googleapis.com/v1beta.
    BaseShape.V1BETA,
    "4.0.121",
    (
        _spec(
            Operation.GENERATE_CONTENT,
            "POST",
            "/models/{model}:generateContent",
            "generateText",
        ),
        _spec(
            Operation.STREAM_GENERATE_CONTENT,
            "POST",
            "/models/{model}:streamGenerateContent",
            "streamText",
            query="alt=sse",
        ),
    ),
)

_OPENCODE_NOTE = (
    "Base URL from provider.<id>.options.baseURL in opencode.json (or OPENCODE_CONFIG_CONTENT); "
    "no version segment is ever added. Each `opencode run` sent the call twice (a title and "
    "the answer), both to the same URL."
)


def _opencode(mode: str, protocol: Protocol, shape: BaseShape, spec: RequestSpec) -> ClientProfile:
    return ClientProfile(
        id=f"opencode/{mode}",
        title=f"opencode ({mode} provider)",
        protocol=protocol,
        # The AI SDK providers under Bun, as in kilo-code (a fork of opencode): one trailing
        # "/" dropped from the text, the path appended; Bun collapses a leading "//" and
        # drops userinfo. Every row of the capture matches the kilo-code profile's.
        join=JoinRule.STRIP_ONE_SLASH,
        transport=Transport.BUN_FETCH,
        requests=(spec,),
        base_shape=shape,
        userinfo=UserinfoHandling.DROPPED,
        # Bun's fetch: 307/308 resend the POST and its body, 301/302/303 a GET.
        redirects=Redirects.FOLLOWS,
        verified="opencode-ai 1.18.33 (npm)",
        setting_specs=(_MODEL,) if protocol is Protocol.GEMINI else (),
        alternatives=tuple(
            Alternative(client=f"opencode/{m}")
            for m in ("google", "anthropic", "openai-compatible", "openai")
            if m != mode
        ),
        notes=_OPENCODE_NOTE,
    )


OPENCODE_OPENAI_COMPATIBLE = _opencode(
    "openai-compatible",
    Protocol.OPENAI,
    BaseShape.V1,
    _spec(
        Operation.CHAT_COMPLETIONS,
        "POST",
        "/chat/completions",
        "opencode run (@ai-sdk/openai-compatible)",
    ),
)
OPENCODE_OPENAI = _opencode(
    "openai",
    Protocol.OPENAI,
    BaseShape.V1,
    _spec(Operation.RESPONSES, "POST", "/responses", "opencode run (@ai-sdk/openai)"),
)
OPENCODE_ANTHROPIC = _opencode(
    "anthropic",
    Protocol.ANTHROPIC,
    BaseShape.V1,
    _spec(Operation.MESSAGES, "POST", "/messages", "opencode run (@ai-sdk/anthropic)"),
)
OPENCODE_GOOGLE = dataclasses.replace(
    _opencode(
        "google",
        Protocol.GEMINI,
        BaseShape.V1BETA,
        _spec(
            Operation.STREAM_GENERATE_CONTENT,
            "POST",
            "/models/{model}:streamGenerateContent",
            "opencode run (@ai-sdk/google)",
            query="alt=sse",
        ),
    ),
    requests=(
        # The session title goes first, to the provider's small model whatever the model
        # setting (seen for every Base URL; kilo-code 7.7.7 sent no such call).
        RequestSpec(
            operation=Operation.STREAM_GENERATE_CONTENT,
            method="POST",
            suffix="/models/{model}:streamGenerateContent",
            query="alt=sse",
            model="gemini-3.8-flash",
            call="opencode run (session title, small model)",
        ),
        _spec(
            Operation.STREAM_GENERATE_CONTENT,
            "POST",
            "/models/{model}:streamGenerateContent",
            "opencode run (@ai-sdk/google)",
            query="alt=sse",
        ),
    ),
)

_QWEN_VERIFIED = "@qwen-code/qwen-code 0.24.4 (npm)"
_QWEN_ALTERNATIVES = ("openai", "openai-responses", "anthropic", "gemini")


def _qwen(
    mode: str,
    protocol: Protocol,
    join: JoinRule,
    shape: BaseShape,
    spec: RequestSpec,
    *,
    notes: str,
) -> ClientProfile:
    return ClientProfile(
        id=f"qwen-code/{mode}",
        title=f"Qwen Code (--auth-type {mode})",
        protocol=protocol,
        join=join,
        transport=Transport.NODE_FETCH,
        requests=(spec,),
        base_shape=shape,
        # "Request cannot be constructed from a URL that includes credentials": nothing sent.
        userinfo=UserinfoHandling.REFUSED,
        redirects=Redirects.FOLLOWS,
        verified=_QWEN_VERIFIED,
        setting_specs=(_MODEL,) if protocol is Protocol.GEMINI else (),
        alternatives=tuple(
            Alternative(client=f"qwen-code/{m}") for m in _QWEN_ALTERNATIVES if m != mode
        ),
        notes=notes + " `qwen -p` sent the call twice, both to the same URL.",
    )


QWEN_OPENAI = _qwen(
    "openai",
    Protocol.OPENAI,
    # The OpenAI SDK it bundles concatenates (a doubled "/" at the join dropped) and leaves
    # a Base URL query where it stands (/v1?x=1/chat/completions), unlike openai-node 7.x.
    JoinRule.STRIP_ONE_SLASH,
    BaseShape.V1,
    _spec(Operation.CHAT_COMPLETIONS, "POST", "/chat/completions", "qwen -p (openai)"),
    notes="Base URL from OPENAI_BASE_URL (or modelProviders[].baseUrl).",
)
QWEN_OPENAI_RESPONSES = _qwen(
    "openai-responses",
    Protocol.OPENAI,
    # openaiResponsesContentGenerator connect(): `${normalizeOpenAiWireBaseUrl(baseUrl)}
    # /v1/responses`, which removes a trailing /v1 first: the host root and /v1 both work.
    JoinRule.STRIP_V1,
    BaseShape.V1,
    _spec(Operation.RESPONSES, "POST", "/v1/responses", "qwen -p (openai-responses)"),
    notes="Base URL from OPENAI_BASE_URL; a trailing /v1 is removed and /v1/responses appended.",
)
QWEN_ANTHROPIC = _qwen(
    "anthropic",
    Protocol.ANTHROPIC,
    # The Anthropic SDK it bundles concatenates like its OpenAI one: /v1?x=1/v1/messages,
    # not re-encoded as @anthropic-ai/sdk 1.16.0 does (anthropic-node).
    JoinRule.STRIP_ONE_SLASH,
    BaseShape.HOST_ROOT,
    _spec(Operation.MESSAGES, "POST", "/v1/messages", "qwen -p (anthropic)"),
    notes="Base URL from ANTHROPIC_BASE_URL; the SDK adds /v1.",
)
QWEN_GEMINI = _qwen(
    "gemini",
    Protocol.GEMINI,
    # The @google/genai it bundles: the gemini-cli join, with the v1beta API.
    JoinRule.GENAI_JS,
    BaseShape.HOST_ROOT,
    _spec(
        Operation.STREAM_GENERATE_CONTENT,
        "POST",
        "/v1beta/models/{model}:streamGenerateContent",
        "qwen -p (gemini)",
        query="alt=sse",
    ),
    notes="Base URL from GOOGLE_GEMINI_BASE_URL; the SDK adds /v1beta.",
)

_CONTINUE_VERIFIED = "@continuedev/cli 1.5.47 (npm)"


def _continue(
    mode: str,
    protocol: Protocol,
    join: JoinRule,
    shape: BaseShape,
    spec: RequestSpec,
    *,
    notes: str,
    ignored: bool = False,
) -> ClientProfile:
    return ClientProfile(
        id=f"continue/{mode}",
        title=f"Continue CLI (provider: {mode})",
        protocol=protocol,
        join=join,
        transport=Transport.NODE_FETCH,
        requests=(spec,),
        base_shape=shape,
        userinfo=UserinfoHandling.REFUSED,
        # Never reached the recorder in Gemini mode, so nothing was seen to redirect.
        redirects=Redirects.UNKNOWN if ignored else Redirects.FOLLOWS,
        verified=_CONTINUE_VERIFIED,
        setting_specs=(_MODEL,) if protocol is Protocol.GEMINI else (),
        alternatives=tuple(
            Alternative(client=f"continue/{m}")
            for m in ("openai", "anthropic", "gemini")
            if m != mode
        ),
        notes=notes,
        base_url_ignored=ignored,
    )


CONTINUE_OPENAI = _continue(
    "openai",
    Protocol.OPENAI,
    # Through the OpenAI SDK it bundles: concatenation, a Base URL query left in place.
    JoinRule.STRIP_ONE_SLASH,
    BaseShape.V1,
    _spec(Operation.CHAT_COMPLETIONS, "POST", "/chat/completions", "cn -p (openai)"),
    notes="Base URL from models[].apiBase in config.yaml.",
)
CONTINUE_ANTHROPIC = _continue(
    "anthropic",
    Protocol.ANTHROPIC,
    # dist/index.js, class of the Anthropic provider: apiBase defaults to
    # "https://api.anthropic.com/v1/"; `this.apiBase.endsWith("/")||(this.apiBase+="/")`,
    # then fetch(new URL("messages", this.apiBase)): /v1?x=1 gives /messages.
    JoinRule.SLASH_THEN_RESOLVE,
    BaseShape.V1,
    _spec(Operation.MESSAGES, "POST", "/messages", "cn -p (anthropic)"),
    notes="Base URL from models[].apiBase in config.yaml; a query in it is dropped together with "
    "its last path segment.",
)
CONTINUE_GEMINI = _continue(
    "gemini",
    Protocol.GEMINI,
    # dist/index.js, class of the Gemini provider: it keeps apiBase
    # ("https://generativelanguage.googleapis.com/v1beta/" by default) but calls through
    # `new GoogleGenAI({apiKey})`, which is never given it. Seen: for every Base URL of the
    # matrix, nothing reached it and a CONNECT to generativelanguage.googleapis.com:443 came.
    JoinRule.GENAI_JS,
    BaseShape.V1BETA,
    _spec(
        Operation.STREAM_GENERATE_CONTENT,
        "POST",
        "/models/{model}:streamGenerateContent",
        "cn -p (gemini)",
        query="alt=sse",
    ),
    notes="Ignores models[].apiBase: it always calls generativelanguage.googleapis.com, so no Base "
    "URL can route it through a proxy; use provider: openai with the proxy's OpenAI routes.",
    ignored=True,
)

#: The profiles of this module, in the order ``agroutes clients`` lists them.
NODE_CLIENTS: tuple[ClientProfile, ...] = (
    ANTHROPIC_NODE,
    GOOGLE_GENAI_NODE,
    AI_SDK_OPENAI,
    AI_SDK_OPENAI_COMPATIBLE,
    AI_SDK_ANTHROPIC,
    AI_SDK_GOOGLE,
    OPENCODE_OPENAI_COMPATIBLE,
    OPENCODE_OPENAI,
    OPENCODE_ANTHROPIC,
    OPENCODE_GOOGLE,
    QWEN_OPENAI,
    QWEN_OPENAI_RESPONSES,
    QWEN_ANTHROPIC,
    QWEN_GEMINI,
    CONTINUE_OPENAI,
    CONTINUE_ANTHROPIC,
    CONTINUE_GEMINI,
)

#: Releases whose joins differ from the newest, as :data:`agroutes._clients.CLIENT_RELEASES`
#: holds them: id -> ((version, profile), ...), oldest first.
NODE_RELEASES: Mapping[str, tuple[tuple[str, ClientProfile], ...]] = MappingProxyType({})
