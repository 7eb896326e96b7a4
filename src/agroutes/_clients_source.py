"""Layer 2: built-in profiles of the editor extensions and desktop apps that cannot run
headless here (Cline, Roo Code, the Kilo Code extension, Cherry Studio), read from their
pinned source.

Each provider of these extensions hands the Base URL the user typed (Cline: rewritten by a
function of its own first) to an SDK from npm, at the version of the app's lock file, and
the SDK joins its endpoint onto it. ``tools/source_clients.py`` runs exactly those two
parts, the app's function cut out of the pinned source and the real SDK with a fetch that
records instead of sending, over the Base URL matrix; ``tests/test_source_clients.py``
replays its rows (``tests/fixtures/source-clients.jsonl``) through ``resolve()``.

Each profile is a typed constant that names its join rule and cites the source it was read
from (``verified``); :mod:`agroutes._clients` gathers them into ``BUILTIN_CLIENTS``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType

from ._joins import JoinRule, Transport
from ._profiles import (
    FROM_SOURCE_PREFIX,
    Alternative,
    BaseShape,
    ClientProfile,
    RequestSpec,
    SettingSpec,
    UserinfoHandling,
)
from ._vocab import Operation, Protocol

__all__ = ["SOURCE_CLIENTS", "SOURCE_RELEASES"]

_CHAT = RequestSpec(
    operation=Operation.CHAT_COMPLETIONS,
    method="POST",
    suffix="/chat/completions",
    call="chat.completions.create (stream)",
)
_RESPONSES = RequestSpec(
    operation=Operation.RESPONSES, method="POST", suffix="/responses", call="responses.create"
)
_MODEL = SettingSpec(name="model", default="gemini-2.5-flash", doc="the model id in the path")


def _from_source(repo: str, commit: str, where: str) -> str:
    # Twelve hex digits of the commit: a run of 24 letters and digits reads as a key to the
    # redaction of every output (agroutes._redact), and the full 40 would be masked.
    return f"{FROM_SOURCE_PREFIX}{repo}@{commit[:12]} {where}"


def _modes(family: str, providers: tuple[str, ...]) -> dict[str, tuple[Alternative, ...]]:
    """Each provider's alternatives: the app's other providers (a diagnosis that finds no
    Base URL for one suggests another, as for the Kilo CLI)."""
    return {
        p: tuple(Alternative(client=f"{family}/{o}") for o in providers if o != p)
        for p in providers
    }


# --- Cline ---------------------------------------------------------------------------------
# cline/cline v4.1.12: the extension runs the Cline SDK (sdk/packages/llms), whose providers
# are the Vercel AI SDK packages of bun.lock: @ai-sdk/openai-compatible 3.0.30, @ai-sdk/openai
# 4.0.41, @ai-sdk/anthropic 4.0.38, @ai-sdk/google 4.0.44 (`${withoutTrailingSlash(baseURL)}
# ${path}`, as for the Kilo CLI). Before they see it, resolveBaseUrl() passes the Base URL
# through normalizeSdkBaseUrl, which gives a host root the path of the provider's default
# Base URL (builtins.ts: https://api.openai.com/v1, https://api.anthropic.com/v1,
# https://generativelanguage.googleapis.com/v1beta): the join rules ROOT_GETS_V1 and
# V1BETA_UNLESS_LAST_VERSION quote it. Cline's provider ids: "openai" is OpenAI Compatible
# (sdk-provider-id.ts maps it to the SDK's "openai-compatible"), "openai-native" is OpenAI.
_CLINE_REPO = "cline/cline"
_CLINE_COMMIT = "db6d18a98a34f5c0559175b5c49ce0c5031f33f1"  # tag v4.1.12
_CLINE_VERSION = "4.1.12"
_CLINE_VERIFIED = _from_source(
    _CLINE_REPO, _CLINE_COMMIT, "apps/vscode/src/sdk/cline-session-factory.ts:normalizeSdkBaseUrl"
)
_CLINE_MODES = _modes("cline", ("openai", "openai-native", "anthropic", "gemini"))


def _cline(  # noqa: PLR0917 - one profile per call, each argument a column of it
    provider: str,
    title: str,
    protocol: Protocol,
    join: JoinRule,
    shape: BaseShape,
    spec: RequestSpec,
    sdk: str,
    *,
    settings: tuple[SettingSpec, ...] = (),
) -> ClientProfile:
    return ClientProfile(
        id=f"cline/{provider}",
        title=f"Cline ({title} provider)",
        protocol=protocol,
        join=join,
        transport=Transport.NODE_FETCH,
        requests=(spec,),
        base_shape=shape,
        # Node's fetch: "Request cannot be constructed from a URL that includes credentials".
        userinfo=UserinfoHandling.REFUSED,
        verified=_CLINE_VERIFIED,
        setting_specs=settings,
        alternatives=_CLINE_MODES[provider],
        notes=f"Cline {_CLINE_VERSION}, read from source (the SDK-based extension, which "
        "4.1.x activates in the windows of its staged rollout; the others run the legacy "
        f"extension of 4.0.12); {sdk}. A Base URL whose path is '/' gets the path of the "
        "provider's default Base URL (normalizeSdkBaseUrl).",
    )


CLINE_OPENAI = _cline(
    "openai",
    "OpenAI Compatible",
    Protocol.OPENAI,
    JoinRule.ROOT_GETS_V1,
    BaseShape.V1,
    _CHAT,
    "@ai-sdk/openai-compatible 3.0.30 (vendors/openai-compatible.ts)",
)
CLINE_OPENAI_NATIVE = _cline(
    "openai-native",
    "OpenAI",
    Protocol.OPENAI,
    JoinRule.ROOT_GETS_V1,
    BaseShape.V1,
    # vendors/openai.ts: language: (modelId) => provider.responses(modelId)
    _RESPONSES,
    "@ai-sdk/openai 4.0.41, responses (vendors/openai.ts)",
)
CLINE_ANTHROPIC = _cline(
    "anthropic",
    "Anthropic",
    Protocol.ANTHROPIC,
    JoinRule.ROOT_GETS_V1,
    # The default Base URL is https://api.anthropic.com/v1 (builtins.ts). The legacy setting
    # held a host root (the Anthropic SDK added /v1), which 4.x turns into one ending in /v1;
    # under a mount prefix (/api) nothing is added, so /api/v1 is what works everywhere.
    BaseShape.V1,
    RequestSpec(
        operation=Operation.MESSAGES, method="POST", suffix="/messages", call="messages (stream)"
    ),
    "@ai-sdk/anthropic 4.0.38 (vendors/anthropic.ts)",
)
CLINE_GEMINI = _cline(
    "gemini",
    "Google Gemini",
    Protocol.GEMINI,
    JoinRule.V1BETA_UNLESS_LAST_VERSION,
    # vendors/google.ts: "The legacy Gemini base-URL setting ... treat[s] the base URL as a
    # host root and append[s] the API version", and keeps one that ends in a version: both
    # work. /v1beta is the one that works under a mount prefix too, and the one a doubled
    # version breaks (a host root only has a version added).
    BaseShape.V1BETA,
    RequestSpec(
        operation=Operation.STREAM_GENERATE_CONTENT,
        method="POST",
        suffix="/models/{model}:streamGenerateContent",
        query="alt=sse",
        call="streamGenerateContent (@ai-sdk/google doStream)",
    ),
    "@ai-sdk/google 4.0.44 (vendors/google.ts normalizeGeminiBaseUrl: /v1beta unless the "
    "Base URL ends in a version)",
    settings=(_MODEL,),
)

# Cline's legacy extension, the npm-based code base of 3.x (the legacy-extension branch),
# read at v4.0.12: 4.0.0 shipped the SDK-based extension above, 4.0.1 to 4.0.12 went back to
# the legacy one, and from 4.1.0 the package bundles both and a loader activates one per
# window (apps/vscode-rollout: legacy unless the window is in the SDK rollout). Its providers
# pass the Base URL setting to the SDK of apps/vscode/package-lock.json unchanged, as Claude
# Dev's did from 1.5 (src/api/openai.ts: `new OpenAI({ baseURL: openAiBaseUrl })`, openai
# 4.54.0) and Cline 3.14 onwards for Gemini (generateContentStream's config.httpOptions
# baseUrl): openai 6.21.0 appends /chat/completions to what was typed, @anthropic-ai/sdk
# 0.50.4 /v1/messages, @google/genai 1.40.0 /v1beta/models/... (GENAI_JS). Its OpenAI
# provider (openai-native.ts) has no Base URL setting, so it has no profile here.
_CLINE_LEGACY_COMMIT = "f267bf47e394e2c38f8b321c973a8d5867a14cd5"  # tag v4.0.12
_CLINE_LEGACY_VERSION = "4.0.12"
#: Cline 3.18.1 (the newest release on 2025-06-29) was run too, for its Gemini provider: the
#: same gemini.ts lines, @google/genai 1.0.0, the same requests as 4.0.12 on every Base URL.
_CLINE_3_18_VERSION = "3.18.1"
_CLINE_LEGACY_NOTE = (
    "Cline {version}, read from source (the legacy extension, which 4.1.x still runs in "
    "every window outside the SDK rollout); {sdk}. The Base URL goes to the SDK as typed."
)


def _cline_legacy(
    provider: str, handler: str, newest: ClientProfile, sdk: str, *, runs: str = ""
) -> ClientProfile:
    """The legacy extension's profile of a provider; ``runs`` names the older releases run
    too (tools/source_clients.py RELEASE_CLIENTS), as "3.18.1 and "."""
    return dataclasses.replace(
        newest,
        id=f"{newest.id}@{_CLINE_LEGACY_VERSION}",
        verified=_from_source(
            _CLINE_REPO,
            _CLINE_LEGACY_COMMIT,
            f"apps/vscode/src/core/api/providers/{provider}.ts:{handler}",
        ),
        notes=_CLINE_LEGACY_NOTE.format(version=runs + _CLINE_LEGACY_VERSION, sdk=sdk),
        # Another provider of the same (legacy) extension.
        alternatives=tuple(
            Alternative(client=f"cline/{other}@{_CLINE_LEGACY_VERSION}")
            for other in ("openai", "anthropic", "gemini")
            if other != provider
        ),
    )


CLINE_OPENAI_LEGACY = dataclasses.replace(
    _cline_legacy(
        "openai", "OpenAiHandler", CLINE_OPENAI, "openai 6.21.0, chat.completions (stream)"
    ),
    # openai 6.21.0: baseURL + path, one "/" dropped at the join (as openai 5.12.2 in Roo).
    join=JoinRule.STRIP_ONE_SLASH,
)
# Claude Dev 1.5.27 (cline/cline v1.5.27, the newest release on 2024-09-05): the same join,
# run for real against 127.0.0.1, since openai 4.54.0 sends with its own node-fetch, which
# sends a Base URL with credentials in it (the SDK's Bearer key still goes, the credentials
# do not), where the fetch of 6.x refuses it.
_CLAUDE_DEV_COMMIT = "54b423c15e0c34b0cfd98a7f722e1d72d41aa870"  # tag v1.5.27
_CLAUDE_DEV_VERSION = "1.5.27"
CLINE_OPENAI_CLAUDE_DEV = dataclasses.replace(
    CLINE_OPENAI_LEGACY,
    id=f"{CLINE_OPENAI.id}@{_CLAUDE_DEV_VERSION}",
    verified=_from_source(_CLINE_REPO, _CLAUDE_DEV_COMMIT, "src/api/openai.ts:OpenAiHandler"),
    userinfo=UserinfoHandling.DROPPED,
    notes=f"Cline {_CLAUDE_DEV_VERSION}, read from source (then Claude Dev); openai 4.54.0 with "
    "its node-fetch, chat.completions (no stream). The Base URL goes to the SDK as typed; "
    "credentials in it are not sent.",
    alternatives=(),  # agroutes profiles no other provider of Claude Dev 1.5.27
)
CLINE_ANTHROPIC_LEGACY = dataclasses.replace(
    _cline_legacy(
        "anthropic",
        "AnthropicHandler",
        CLINE_ANTHROPIC,
        "@anthropic-ai/sdk 0.50.4, messages.create (stream), which appends /v1/messages",
    ),
    join=JoinRule.STRIP_ONE_SLASH,
    base_shape=BaseShape.HOST_ROOT,
    requests=(
        RequestSpec(
            operation=Operation.MESSAGES,
            method="POST",
            suffix="/v1/messages",
            call="messages.create (stream)",
        ),
    ),
)
CLINE_GEMINI_LEGACY = dataclasses.replace(
    _cline_legacy(
        "gemini",
        "GeminiHandler",
        CLINE_GEMINI,
        "@google/genai 1.40.0 (3.18.1: 1.0.0), models.generateContentStream with "
        "config.httpOptions.baseUrl, which always adds /v1beta: a Base URL ending in /v1beta "
        "sends /v1beta/v1beta/...",
        runs=f"{_CLINE_3_18_VERSION} and ",
    ),
    join=JoinRule.GENAI_JS,
    base_shape=BaseShape.HOST_ROOT,
    requests=(
        RequestSpec(
            operation=Operation.STREAM_GENERATE_CONTENT,
            method="POST",
            suffix="/v1beta/models/{model}:streamGenerateContent",
            query="alt=sse",
            call="models.generateContentStream",
        ),
    ),
)

# --- Cherry Studio -------------------------------------------------------------------------
# Cherry Studio v1.9.7 ("chore: release v1.9.7", e80b4a4c0b46 in kangfenmao/cherry-studio, its
# founder's copy of CherryHQ/cherry-studio, whose snapshot is over the library's size limit).
# Every request goes through adaptProvider -> formatProviderApiHost, which runs
# formatApiHost(apiHost, appendApiVersion) on the API host the user typed (the join rules
# V1_UNLESS_ANY_VERSION and V1BETA_UNLESS_ANY_VERSION quote it), and then through the Vercel
# AI SDK providers of pnpm-lock.yaml (@ai-sdk/openai-compatible 2.0.37, @ai-sdk/openai 3.0.53,
# @ai-sdk/anthropic 3.0.71, @ai-sdk/google 3.0.64; Cherry's patches of them touch no URL).
# Its provider types: "openai" (OpenAI-compatible chat), "openai-response", "anthropic",
# "gemini".
#
# A trailing "#" means "as typed" (formatApiHost strips it and adds no version); agroutes
# refuses a Base URL with a "#", so those cannot be checked. The '#' also strips the endpoint
# routeToEndpoint was meant to read from it: formatApiHost has removed the "#" before, so a
# pasted ".../v1/chat/completions#" still sends /v1/chat/completions/chat/completions.
_CHERRY_REPO = "kangfenmao/cherry-studio"
_CHERRY_COMMIT = "e80b4a4c0b466d020e1bbcdd5d67fada9fbd5712"  # release v1.9.7
_CHERRY_VERSION = "1.9.7"
_CHERRY_VERIFIED = _from_source(
    _CHERRY_REPO,
    _CHERRY_COMMIT,
    "src/renderer/src/aiCore/provider/providerConfig.ts:formatProviderApiHost",
)
_CHERRY_MODES = _modes("cherry-studio", ("openai", "openai-response", "anthropic", "gemini"))
_CHERRY_NOTE = (
    "Cherry Studio {version}, read from source; {sdk}. The API host gets /{api} unless its "
    "path holds a version segment anywhere (formatApiHost); a trailing '#' turns that off "
    "(agroutes cannot check such a Base URL)."
)


def _cherry(  # noqa: PLR0917 - one profile per call, each argument a column of it
    provider: str,
    title: str,
    protocol: Protocol,
    join: JoinRule,
    shape: BaseShape,
    spec: RequestSpec,
    sdk: str,
    *,
    settings: tuple[SettingSpec, ...] = (),
) -> ClientProfile:
    api = "v1beta" if join is JoinRule.V1BETA_UNLESS_ANY_VERSION else "v1"
    return ClientProfile(
        id=f"cherry-studio/{provider}",
        title=f"Cherry Studio ({title} provider type)",
        protocol=protocol,
        join=join,
        # The renderer's fetch (Chromium): WHATWG URL rules as Node's, and the same refusal
        # of credentials in the URL (Fetch standard, "new Request").
        transport=Transport.NODE_FETCH,
        requests=(spec,),
        # Both the host root and /v1 work (/v1beta for Gemini); the one with the version is
        # what works under a mount prefix too and what a doubled version breaks.
        base_shape=shape,
        userinfo=UserinfoHandling.REFUSED,
        verified=_CHERRY_VERIFIED,
        setting_specs=settings,
        alternatives=_CHERRY_MODES[provider],
        notes=_CHERRY_NOTE.format(version=_CHERRY_VERSION, sdk=sdk, api=api),
    )


CHERRY_OPENAI = _cherry(
    "openai",
    "OpenAI",
    Protocol.OPENAI,
    JoinRule.V1_UNLESS_ANY_VERSION,
    BaseShape.V1,
    _CHAT,
    "@ai-sdk/openai-compatible 2.0.37 (buildOpenAICompatibleConfig)",
)
CHERRY_OPENAI_RESPONSE = _cherry(
    "openai-response",
    "OpenAI-Response",
    Protocol.OPENAI,
    JoinRule.V1_UNLESS_ANY_VERSION,
    BaseShape.V1,
    _RESPONSES,
    "@ai-sdk/openai 3.0.53, responses (the 'openai' extension, alias 'openai-response')",
)
CHERRY_ANTHROPIC = _cherry(
    "anthropic",
    "Anthropic",
    Protocol.ANTHROPIC,
    JoinRule.V1_UNLESS_ANY_VERSION,
    BaseShape.V1,
    RequestSpec(
        operation=Operation.MESSAGES, method="POST", suffix="/messages", call="messages (stream)"
    ),
    "@ai-sdk/anthropic 3.0.71",
)
CHERRY_GEMINI = _cherry(
    "gemini",
    "Gemini",
    Protocol.GEMINI,
    JoinRule.V1BETA_UNLESS_ANY_VERSION,
    BaseShape.V1BETA,
    RequestSpec(
        operation=Operation.STREAM_GENERATE_CONTENT,
        method="POST",
        suffix="/models/{model}:streamGenerateContent",
        query="alt=sse",
        call="streamGenerateContent (@ai-sdk/google doStream)",
    ),
    "@ai-sdk/google 3.0.64",
    settings=(_MODEL,),
)

# --- Roo Code and the Kilo Code extension ---------------------------------------------------
# Kilo Code's extension is a fork of Roo Code: both keep the provider classes of
# src/api/providers/, which pass the Base URL to the SDK unchanged, and embed the same SDKs
# (pnpm-lock.yaml): openai 5.12.2, whose buildURL drops a doubled "/" at the join and
# leaves a Base URL query where it is (unlike openai 7: STRIP_ONE_SLASH, not NODE_LIFT_QUERY);
# @anthropic-ai/sdk 0.37.0 (Roo) / 0.51.0 (Kilo), which join the same way and append /v1/...
# themselves; @google/genai 1.29.1 (GENAI_JS, as in gemini-cli, default v1beta).
#
# Both OpenAI Responses providers fall back, after *any* error of the SDK call, to a fetch of
# their own (openai-native.ts makeResponsesApiRequest: `${baseUrl}/v1/responses`, the Base URL
# read as a host root; Kilo 5.x openai-responses.ts getResponsesFallbackTarget:
# normalizeResponsesBaseUrl, which strips /chat/completions|completions|responses and makes
# the path end in /v1). The profiles hold the SDK request, the one that is always sent; the
# fallback is in their notes.
_ROO_REPO = "RooCodeInc/Roo-Code"
_ROO_COMMIT = "67def7214a6165cab2ed76ec9e0984812402c0ac"  # tag v3.52.1
_ROO_VERSION = "3.52.1"
_KILO_REPO = "Kilo-Org/kilocode-legacy"
_KILO_5_COMMIT = "fd53d631dae1eef1f863268b279a57bf2e64321e"  # tag v5.10.4
_KILO_5_VERSION = "5.10.4"
_KILO_4_COMMIT = "9781c525f4aa1a5432b8958ba53a26d1f4976f2d"  # tag v4.153.0
_KILO_4_VERSION = "4.153.0"

_HANDLERS = {
    "openai": "src/api/providers/openai.ts:OpenAiHandler",
    "openai-native": "src/api/providers/openai-native.ts:OpenAiNativeHandler",
    "openai-responses": "src/api/providers/openai-responses.ts:OpenAiCompatibleResponsesHandler",
    "anthropic": "src/api/providers/anthropic.ts:AnthropicHandler",
    "gemini": "src/api/providers/gemini.ts:GeminiHandler",
}
_TITLES = {
    "openai": "OpenAI Compatible",
    "openai-native": "OpenAI",
    "openai-responses": "OpenAI Compatible (Responses)",
    "anthropic": "Anthropic",
    "gemini": "Google Gemini",
}
# The fallback is why users of a Base URL ending in /v1 report "Responses API endpoint not
# found ... - Invalid URL (POST /v1/v1/responses)" (Kilo-Org/kilocode issues 2384 and 9451):
# that is the fallback's 404 text, shown after the SDK's /v1/responses had already failed.
_NATIVE_FALLBACK = (
    " After any error of the SDK call it posts again to `${baseUrl}/v1/responses` "
    "(makeResponsesApiRequest): with a Base URL ending in /v1 that second request goes to "
    "/v1/v1/responses, and an error it gets ('Responses API endpoint not found' for a 404) "
    "is the one shown, hiding why the first request failed."
)


def _roo_like(  # noqa: PLR0917 - one app release per call
    family: str, name: str, repo: str, commit: str, version: str, anthropic_sdk: str
) -> dict[str, ClientProfile]:
    providers: tuple[str, ...] = ("openai", "openai-native", "anthropic", "gemini")
    if family == "kilo-code-extension":
        providers = (*providers, "openai-responses")
    modes = _modes(family, providers)
    sdk = {
        "openai": "openai 5.12.2, chat.completions",
        "openai-native": "openai 5.12.2, responses",
        "openai-responses": "openai 5.12.2, responses",
        "anthropic": f"@anthropic-ai/sdk {anthropic_sdk}",
        "gemini": "@google/genai 1.29.1, generateContentStream",
    }
    out = {}
    for provider in providers:
        protocol = {"anthropic": Protocol.ANTHROPIC, "gemini": Protocol.GEMINI}.get(
            provider, Protocol.OPENAI
        )
        if provider == "anthropic":
            join, shape = JoinRule.STRIP_ONE_SLASH, BaseShape.HOST_ROOT
            spec = RequestSpec(
                operation=Operation.MESSAGES,
                method="POST",
                suffix="/v1/messages",
                call="messages.create (stream)",
            )
            settings: tuple[SettingSpec, ...] = ()
        elif provider == "gemini":
            join, shape = JoinRule.GENAI_JS, BaseShape.HOST_ROOT
            spec = RequestSpec(
                operation=Operation.STREAM_GENERATE_CONTENT,
                method="POST",
                # @google/genai 1.29.1's default version: gemini.ts sets no
                # httpOptions.apiVersion, and the settings page offers none.
                suffix="/v1beta/models/{model}:streamGenerateContent",
                query="alt=sse",
                call="models.generateContentStream",
            )
            settings = (_MODEL,)
        else:
            join, shape = JoinRule.STRIP_ONE_SLASH, BaseShape.V1
            spec = _CHAT if provider == "openai" else _RESPONSES
            settings = ()
        notes = f"{name} {version}, read from source; {sdk[provider]}."
        if provider == "openai-native" or (
            provider == "openai-responses" and version == _KILO_4_VERSION
        ):
            notes += _NATIVE_FALLBACK
        elif provider == "openai-responses":
            notes += (
                " After any error of the SDK call it posts again to its normalised Base URL "
                "(getResponsesFallbackTarget: /chat/completions, /completions or /responses "
                "stripped, /v1 ensured) + /responses."
            )
        elif provider == "openai":
            notes += " The settings page lists models with axios `${baseUrl}/models`."
        out[provider] = ClientProfile(
            id=f"{family}/{provider}",
            title=f"{name} ({_TITLES[provider]} provider)",
            protocol=protocol,
            join=join,
            transport=Transport.NODE_FETCH,
            requests=(spec,),
            base_shape=shape,
            userinfo=UserinfoHandling.REFUSED,
            verified=_from_source(repo, commit, _HANDLERS[provider]),
            setting_specs=settings,
            alternatives=modes[provider],
            notes=notes,
        )
    return out


_ROO = _roo_like("roo-code", "Roo Code", _ROO_REPO, _ROO_COMMIT, _ROO_VERSION, "0.37.0")
_KILO_5 = _roo_like(
    "kilo-code-extension",
    "Kilo Code extension",
    _KILO_REPO,
    _KILO_5_COMMIT,
    _KILO_5_VERSION,
    "0.51.0",
)
_KILO_4 = {
    provider: dataclasses.replace(p, id=f"{p.id}@{_KILO_4_VERSION}")
    for provider, p in _roo_like(
        "kilo-code-extension",
        "Kilo Code extension",
        _KILO_REPO,
        _KILO_4_COMMIT,
        _KILO_4_VERSION,
        "0.51.0",
    ).items()
}

ROO_OPENAI = _ROO["openai"]
ROO_OPENAI_NATIVE = _ROO["openai-native"]
ROO_ANTHROPIC = _ROO["anthropic"]
ROO_GEMINI = _ROO["gemini"]

#: The profiles of this module, in the order ``agroutes clients`` lists them.
SOURCE_CLIENTS: tuple[ClientProfile, ...] = (
    CLINE_OPENAI,
    CLINE_OPENAI_NATIVE,
    CLINE_ANTHROPIC,
    CLINE_GEMINI,
    CHERRY_OPENAI,
    CHERRY_OPENAI_RESPONSE,
    CHERRY_ANTHROPIC,
    CHERRY_GEMINI,
    *_ROO.values(),
    *_KILO_5.values(),
)

_VERSIONS = {"cline": _CLINE_VERSION, "roo-code": _ROO_VERSION, "cherry-studio": _CHERRY_VERSION}

#: Releases whose joins differ from the newest, as :data:`agroutes._clients.CLIENT_RELEASES`
#: holds them: id -> ((version, profile), ...), oldest first. A from-source ``verified``
#: names a commit, not a release, so every profile here is listed with its app's release;
#: the Kilo extension's 4.x profiles are read at v4.153.0 (the same SDKs and the same joins
#: as 5.10.4: only the fallback of openai-responses differs).
SOURCE_RELEASES: Mapping[str, tuple[tuple[str, ClientProfile], ...]] = MappingProxyType(
    {
        **{p.id: ((_VERSIONS[p.family], p),) for p in SOURCE_CLIENTS if p.family in _VERSIONS},
        **{
            p.id: ((_KILO_4_VERSION, _KILO_4[provider]), (_KILO_5_VERSION, p))
            for provider, p in _KILO_5.items()
        },
        # Cline: the legacy extension read at 4.0.12, the SDK-based one at 4.1.12. A release
        # between them resolves to 4.0.12's join, which is what 4.1.x sends in every window
        # outside the SDK rollout; 4.0.0 (the first, short-lived SDK release) is not listed.
        CLINE_ANTHROPIC.id: (
            (_CLINE_LEGACY_VERSION, CLINE_ANTHROPIC_LEGACY),
            (_CLINE_VERSION, CLINE_ANTHROPIC),
        ),
        CLINE_OPENAI.id: (
            (_CLAUDE_DEV_VERSION, CLINE_OPENAI_CLAUDE_DEV),
            (_CLINE_LEGACY_VERSION, CLINE_OPENAI_LEGACY),
            (_CLINE_VERSION, CLINE_OPENAI),
        ),
        CLINE_GEMINI.id: (
            (_CLINE_3_18_VERSION, CLINE_GEMINI_LEGACY),
            (_CLINE_LEGACY_VERSION, CLINE_GEMINI_LEGACY),
            (_CLINE_VERSION, CLINE_GEMINI),
        ),
    }
)
