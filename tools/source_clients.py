"""Derive the requests of the editor extensions agroutes profiles from source, by running
the part of their pinned source that builds the Base URL, and the SDK they embed.

Cline, Roo Code and the Kilo Code extension run inside VS Code, Cherry Studio is an Electron
app: none can be driven headless here. What decides their request URLs is small: the
provider code hands the Base URL the user typed (sometimes rewritten by a function of the
app's own) to an SDK from npm, at the version of the app's lock file, and the SDK joins its
endpoint onto it. This script runs
exactly those two parts, and nothing else of the app:

1. each app function named in :data:`APPS` is cut out of the app's pinned source (a bare
   mirror brought by the library's ``fetch``: ``git show TAG:FILE``), transpiled from
   TypeScript with the ``typescript`` package, and called on the Base URL;
2. the SDK the provider constructs (``openai@5.12.2``, ``@anthropic-ai/sdk@0.51.0``,
   ``@ai-sdk/anthropic@4.0.38``, ...), installed from npm, is called the way the provider
   calls it, with a ``fetch`` that records the URL and sends nothing: the recorded URL is
   turned into a request-line target as Node's fetch does (``new Request(url)``, which
   also refuses credentials in the URL, then ``pathname + search``).

Each row of ``tests/fixtures/source-clients.jsonl`` says which client, which source lines
and SDK produced it, the Base URL (``H`` = ``127.0.0.1:8045``) and the target;
``tests/test_source_clients.py`` replays every row through ``agroutes.resolve()``. The rows of
older releases (:data:`RELEASE_CLIENTS`, ``ID@RELEASE``) go to
``tests/fixtures/source-clients-releases.jsonl``, replayed through ``client("ID@RELEASE")``.

Re-running it
-------------
From the repository root, with ``node`` (20 is enough) and ``npm`` on PATH::

    python tools/source_clients.py --mirrors /work/.mirror

``--mirrors`` holds ``cline+cline/repo``, ``RooCodeInc+Roo-Code/repo``,
``Kilo-Org+kilocode-legacy/repo`` and ``kangfenmao+cherry-studio/repo``. Nothing is sent
anywhere but to the npm registry for the installs (about 100 MB) and, for an SDK that brings
its own HTTP stack (openai 4.x and its node-fetch: the ``sent-`` calls), to a recording server
the driver runs on 127.0.0.1; every run is bounded (``--timeout``).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

REPO_ROOT: Final[Path] = Path(__file__).resolve().parent.parent
FIXTURE: Final[Path] = REPO_ROOT / "tests" / "fixtures" / "source-clients.jsonl"
RELEASES_FIXTURE: Final[Path] = REPO_ROOT / "tests" / "fixtures" / "source-clients-releases.jsonl"
HOST: Final = "127.0.0.1:8045"

#: The Base URLs of tools/capture_clients.py, and a few more that the app functions treat
#: apart (a trailing "/" after an endpoint or a Gemini version).
BASE_MATRIX: Final[tuple[str, ...]] = (
    "http://H",
    "http://H/",
    "http://H/v1",
    "http://H/v1/",
    "http://H/v1/v1",
    "http://H/v1/chat/completions",
    "http://H/v1/chat/completions/",
    "http://H/v1/responses",
    "http://H/v1beta",
    "http://H/v1beta/",
    "http://H/proxy",
    "http://H/proxy/v1",
    "http://H//v1",
    "http://H?x=1",
    "http://H/v1?x=1",
    "http://H/v1beta?x=1",
    "http://u:p@H/v1",
    # Cherry Studio reads a trailing '#' as "send to this as typed" (agroutes refuses it).
    "http://H/v1#",
    "http://H/proxy#",
    "http://H/v1/chat/completions#",
)

#: The npm packages the SDK calls need, each at the version of an app's lock file.
NPM: Final[tuple[str, ...]] = (
    "openai@5.12.2",
    "anthropic-sdk-037@npm:@anthropic-ai/sdk@0.37.0",
    "anthropic-sdk-051@npm:@anthropic-ai/sdk@0.51.0",
    "@google/genai@1.29.1",
    "@ai-sdk/openai-compatible@3.0.30",
    "@ai-sdk/openai@4.0.41",
    "@ai-sdk/anthropic@4.0.38",
    "@ai-sdk/google@4.0.44",
    "typescript@5.9.3",
    # Cherry Studio v1.9.7 (pnpm-lock.yaml; its patches of these packages touch no URL).
    "ai-sdk-openai-compatible-2@npm:@ai-sdk/openai-compatible@2.0.37",
    "ai-sdk-openai-3@npm:@ai-sdk/openai@3.0.53",
    "ai-sdk-anthropic-3@npm:@ai-sdk/anthropic@3.0.71",
    "ai-sdk-google-3@npm:@ai-sdk/google@3.0.64",
    # Cline's legacy extension, v4.0.12 (apps/vscode/package-lock.json).
    "openai-6@npm:openai@6.21.0",
    "google-genai-1-40@npm:@google/genai@1.40.0",
    "anthropic-sdk-0504@npm:@anthropic-ai/sdk@0.50.4",
    # Cline v3.18.1 (package-lock.json).
    "google-genai-1-0@npm:@google/genai@1.0.0",
    # Claude Dev v1.5.27 (package-lock.json).
    "openai-4@npm:openai@4.54.0",
)


@dataclass(frozen=True, slots=True)
class Source:
    """One app release: its mirror, tag and commit."""

    repo: str  # owner/name
    tag: str
    commit: str

    @property
    def mirror(self) -> str:
        return self.repo.replace("/", "+") + "/repo"


@dataclass(frozen=True, slots=True)
class Piece:
    """A top-level function or constant cut out of a source file."""

    file: str
    name: str


@dataclass(frozen=True, slots=True)
class Client:
    """One profile to derive: the app pieces applied to the Base URL (in order, each a
    ``(base) -> base`` call written in JavaScript over the pieces), and the SDK call."""

    id: str
    source: Source
    function: str  # "file:function" of the provider code that builds the client
    pieces: tuple[Piece, ...]
    rewrite: str  # JS expression of `base` using the pieces; "base" when none
    sdk: str  # key of SDK_CALLS
    sdk_version: str


CLINE = Source("cline/cline", "v4.1.12", "db6d18a98a34f5c0559175b5c49ce0c5031f33f1")
ROO = Source("RooCodeInc/Roo-Code", "v3.52.1", "67def7214a6165cab2ed76ec9e0984812402c0ac")
KILO_4 = Source("Kilo-Org/kilocode-legacy", "v4.153.0", "9781c525f4aa1a5432b8958ba53a26d1f4976f2d")
#: Cherry Studio's release v1.9.7 ("chore: release v1.9.7", no tag in the snapshot). The
#: CherryHQ/cherry-studio snapshot is over the library's size limit; kangfenmao/cherry-studio
#: (its founder's copy) holds the same history.
CHERRY = Source("kangfenmao/cherry-studio", "v1.9.7", "e80b4a4c0b466d020e1bbcdd5d67fada9fbd5712")
KILO_5 = Source("Kilo-Org/kilocode-legacy", "v5.10.4", "fd53d631dae1eef1f863268b279a57bf2e64321e")
#: Cline's last release of the legacy extension only (the npm-based 3.89.x code base, on the
#: legacy-extension branch): 4.0.0 shipped the SDK-based extension, 4.0.1 to 4.0.12 rolled
#: back to the legacy one, and 4.1.0 onwards bundles both (a loader picks one per window).
CLINE_LEGACY = Source("cline/cline", "v4.0.12", "f267bf47e394e2c38f8b321c973a8d5867a14cd5")
#: The newest Cline (then Claude Dev) release on the day of cline/cline issue 240, 2024-09-05.
CLINE_1_5 = Source("cline/cline", "v1.5.27", "54b423c15e0c34b0cfd98a7f722e1d72d41aa870")
#: The newest Cline release on the day of a report (gemini-balance issue 154, 2025-06-29).
CLINE_3_18 = Source("cline/cline", "v3.18.1", "037a781a6d3404c84800b9589fe26077dd7242d1")

_CLINE_FACTORY = "apps/vscode/src/sdk/cline-session-factory.ts"
_CLINE_IDS = "apps/vscode/src/sdk/model-catalog/sdk-provider-id.ts"
_CLINE_VENDORS = "sdk/packages/llms/src/providers/vendors"
_CLINE_PIECES = (
    Piece(_CLINE_IDS, "EXTENSION_TO_SDK_PROVIDER_ID"),
    Piece(_CLINE_IDS, "toSdkProviderId"),
    Piece(_CLINE_FACTORY, "normalizeSdkBaseUrl"),
)
#: Cline's provider defaults (sdk/packages/llms/src/providers/builtins.ts, ``defaults:
#: { baseUrl }`` of each spec), which normalizeSdkBaseUrl reads through
#: MODEL_COLLECTIONS_BY_PROVIDER_ID; read from the source by :func:`cline_defaults`.
_CLINE_BUILTINS = "sdk/packages/llms/src/providers/builtins.ts"


def _cline(provider: str, sdk: str, version: str, vendor: str, gemini: bool = False) -> Client:
    pieces: tuple[Piece, ...] = _CLINE_PIECES
    rewrite = f"normalizeSdkBaseUrl({provider!r}, base)".replace("'", '"')
    if gemini:
        pieces = (
            *pieces,
            Piece(f"{_CLINE_VENDORS}/google.ts", "API_VERSION_SEGMENT"),
            Piece(f"{_CLINE_VENDORS}/google.ts", "normalizeGeminiBaseUrl"),
        )
        rewrite = f"normalizeGeminiBaseUrl({rewrite})"
    return Client(
        id=f"cline/{provider}",
        source=CLINE,
        function=f"{_CLINE_VENDORS}/{vendor}",
        pieces=pieces,
        rewrite=rewrite,
        sdk=sdk,
        sdk_version=version,
    )


def _roo_like(family: str, source: Source, anthropic: str) -> tuple[Client, ...]:
    def plain(provider: str, function: str, sdk: str, version: str) -> Client:
        return Client(
            id=f"{family}/{provider}",
            source=source,
            function=function,
            pieces=(),
            rewrite="base",
            sdk=sdk,
            sdk_version=version,
        )

    out = [
        plain(
            "openai", "src/api/providers/openai.ts:OpenAiHandler", "openai-chat", "openai@5.12.2"
        ),
        plain(
            "openai-native",
            "src/api/providers/openai-native.ts:OpenAiNativeHandler",
            "openai-responses",
            "openai@5.12.2",
        ),
        plain(
            "anthropic",
            "src/api/providers/anthropic.ts:AnthropicHandler",
            f"anthropic-{anthropic}",
            f"@anthropic-ai/sdk@0.{anthropic[1:]}.0",
        ),
        plain(
            "gemini", "src/api/providers/gemini.ts:GeminiHandler", "genai", "@google/genai@1.29.1"
        ),
    ]
    if family == "kilo-code-extension":
        out.append(
            plain(
                "openai-responses",
                "src/api/providers/openai-responses.ts:OpenAiCompatibleResponsesHandler",
                "openai-responses",
                "openai@5.12.2",
            )
        )
    return tuple(out)


_CHERRY_UTILS = "packages/shared/utils/api/utils.ts"
_CHERRY_PIECES = (
    Piece(_CHERRY_UTILS, "VERSION_REGEX"),
    Piece(_CHERRY_UTILS, "hasAPIVersion"),
    Piece(_CHERRY_UTILS, "withoutTrailingSlash"),
    Piece(_CHERRY_UTILS, "isWithTrailingSharp"),
    Piece(_CHERRY_UTILS, "withoutTrailingSharp"),
    Piece("packages/shared/utils/api/index.ts", "formatApiHost"),
    Piece("src/renderer/src/utils/api.ts", "SUPPORTED_IMAGE_ENDPOINT_LIST"),
    Piece("src/renderer/src/utils/api.ts", "SUPPORTED_ENDPOINT_LIST"),
    Piece("src/renderer/src/utils/api.ts", "routeToEndpoint"),
)
_CHERRY_CONFIG = "src/renderer/src/aiCore/provider/providerConfig.ts"


def _cherry(provider: str, sdk: str, version: str, api_version: str = "v1") -> Client:
    # formatProviderApiHost (providerConfig.ts): formatApiHost(apiHost, appendApiVersion)
    # with appendApiVersion = !isWithTrailingSharp(provider.apiHost), 'v1beta' for Gemini;
    # then providerToAiSdkConfig: routeToEndpoint(actualProvider.apiHost).baseURL.
    fmt = f'formatApiHost(base, !isWithTrailingSharp(base), "{api_version}")'
    return Client(
        id=f"cherry-studio/{provider}",
        source=CHERRY,
        function=f"{_CHERRY_CONFIG}:formatProviderApiHost",
        pieces=_CHERRY_PIECES,
        rewrite=f"routeToEndpoint({fmt}).baseURL",
        sdk=sdk,
        sdk_version=version,
    )


def _cline_legacy(provider: str, handler: str, sdk: str, version: str) -> Client:
    # The legacy providers hand the Base URL setting to the SDK unchanged (openai.ts
    # ensureClient: createOpenAIClient({ baseURL: openAiBaseUrl }); anthropic.ts: new
    # Anthropic({ baseURL: anthropicBaseUrl || undefined }); gemini.ts createMessage:
    # generateContentStream({ config: { httpOptions: { baseUrl: geminiBaseUrl } } })). Its
    # OpenAI provider (openai-native.ts) takes no Base URL: it always calls api.openai.com.
    return Client(
        id=f"cline/{provider}@{CLINE_LEGACY.tag[1:]}",
        source=CLINE_LEGACY,
        function=f"apps/vscode/src/core/api/providers/{handler}",
        pieces=(),
        rewrite="base",
        sdk=sdk,
        sdk_version=version,
    )


CLIENTS: Final[tuple[Client, ...]] = (
    _cline("openai", "ai-sdk-openai-compatible", "@ai-sdk/openai-compatible@3.0.30",
           "openai-compatible.ts:createOpenAICompatibleProviderModule"),
    _cline("openai-native", "ai-sdk-openai-responses", "@ai-sdk/openai@4.0.41",
           "openai.ts:createOpenAIProviderModule"),
    _cline("anthropic", "ai-sdk-anthropic", "@ai-sdk/anthropic@4.0.38",
           "anthropic.ts:createAnthropicProviderModule"),
    _cline("gemini", "ai-sdk-google", "@ai-sdk/google@4.0.44",
           "google.ts:createGoogleProviderModule", gemini=True),
    _cherry("openai", "ai-sdk-3-openai-compatible", "@ai-sdk/openai-compatible@2.0.37"),
    _cherry("openai-response", "ai-sdk-3-openai", "@ai-sdk/openai@3.0.53"),
    _cherry("anthropic", "ai-sdk-3-anthropic", "@ai-sdk/anthropic@3.0.71"),
    _cherry("gemini", "ai-sdk-3-google", "@ai-sdk/google@3.0.64", "v1beta"),
    _cline_legacy("openai", "openai.ts:OpenAiHandler", "openai-6-chat", "openai@6.21.0"),
    # Claude Dev 1.5.27: the same join, but openai 4.54.0 sends with its own node-fetch.
    Client(
        id="cline/openai@1.5.27",
        source=CLINE_1_5,
        function="src/api/openai.ts:OpenAiHandler",
        pieces=(),
        rewrite="base",
        sdk="sent-openai-4-chat",
        sdk_version="openai@4.54.0",
    ),
    _cline_legacy("anthropic", "anthropic.ts:AnthropicHandler", "anthropic-a0504",
                  "@anthropic-ai/sdk@0.50.4"),
    _cline_legacy("gemini", "gemini.ts:GeminiHandler", "genai-1-40-per-request",
                  "@google/genai@1.40.0"),
    *_roo_like("roo-code", ROO, "a037"),
    *_roo_like("kilo-code-extension", KILO_5, "a051"),
    *(
        dataclasses.replace(c, id=c.id + "@4.153.0")
        for c in _roo_like("kilo-code-extension", KILO_4, "a051")
    ),
)  # fmt: skip

#: Older releases run to show that they send what a profile of a later release predicts:
#: each id is ``PROFILE_ID@RELEASE`` as ``client()`` is asked for it; their rows go to
#: ``tests/fixtures/source-clients-releases.jsonl`` (``tests/test_source_clients.py`` replays
#: them through ``client("ID@RELEASE")``, which must name that release as known).
RELEASE_CLIENTS: Final[tuple[Client, ...]] = (
    Client(
        id="cline/gemini@3.18.1",
        source=CLINE_3_18,
        function="src/api/providers/gemini.ts:GeminiHandler",
        pieces=(),
        rewrite="base",
        sdk="genai-1-0-per-request",
        sdk_version="@google/genai@1.0.0",
    ),
)


def _genai_per_request(package: str, *, esm: bool = False) -> str:
    # Cline's gemini.ts (3.14 to the legacy extension): the Base URL goes in each request's
    # config, not the client's. @google/genai 1.0.0 says "type": "module" over a CommonJS
    # dist/node/index.js, which Node cannot require(): its dist/node/index.mjs (the same
    # code, built as a module; Cline's esbuild bundle reads either) is imported instead.
    load = f'await import("{package}")' if esm else f'require("{package}")'
    return f"""
        const {{ GoogleGenAI }} = {load};
        globalThis.fetch = fetch;
        const c = new GoogleGenAI({{ apiKey: "k", httpOptions: {{ headers: {{}} }} }});
        const s = await c.models.generateContentStream({{
            model: "gemini-2.5-flash", contents: "hi",
            config: {{ httpOptions: base ? {{ baseUrl: base }} : undefined }} }});
        for await (const _ of s) {{}}"""


# The SDK calls, each as the provider makes it: `base` is the Base URL after the app's
# rewrite, `fetch` the recording fetch. Our own JavaScript, over the npm packages.
SDK_CALLS: Final[dict[str, str]] = {
    "openai-chat": """
        const { OpenAI } = require("openai");
        const c = new OpenAI({ baseURL: base, apiKey: "k", fetch, maxRetries: 0 });
        await c.chat.completions.create({ model: "m", messages: MESSAGES, stream: true });""",
    "openai-6-chat": """
        const { OpenAI } = require("openai-6");
        const c = new OpenAI({ baseURL: base, apiKey: "k", fetch, maxRetries: 0 });
        await c.chat.completions.create({ model: "m", messages: MESSAGES, stream: true,
                                          stream_options: { include_usage: true } });""",
    # Claude Dev 1.5.27's openai.ts: new OpenAI({ baseURL, apiKey }), no fetch of its own (so
    # openai 4.54.0's node-fetch), chat.completions.create without streaming.
    "sent-openai-4-chat": """
        const { OpenAI } = require("openai-4");
        const c = new OpenAI({ baseURL: base, apiKey: "k", maxRetries: 0, timeout: 10000 });
        await c.chat.completions.create({ model: "m", messages: MESSAGES });""",
    "openai-responses": """
        const { OpenAI } = require("openai");
        const c = new OpenAI({ baseURL: base, apiKey: "k", fetch, maxRetries: 0 });
        await c.responses.create({ model: "m", input: "hi", stream: true });""",
    "anthropic-a037": """
        const Anthropic = require("anthropic-sdk-037").default;
        const c = new Anthropic({ baseURL: base || undefined, apiKey: "k", fetch,
                                  maxRetries: 0 });
        await c.messages.create({ model: "m", max_tokens: 8, messages: MESSAGES,
                                 stream: true });""",
    "anthropic-a051": """
        const Anthropic = require("anthropic-sdk-051").default;
        const c = new Anthropic({ baseURL: base || undefined, apiKey: "k", fetch,
                                  maxRetries: 0 });
        await c.messages.create({ model: "m", max_tokens: 8, messages: MESSAGES,
                                 stream: true });""",
    # Cline's legacy anthropic.ts: `baseURL: anthropicBaseUrl || undefined`.
    "anthropic-a0504": """
        const Anthropic = require("anthropic-sdk-0504").default;
        const c = new Anthropic({ baseURL: base || undefined, apiKey: "k", fetch,
                                  maxRetries: 0 });
        await c.messages.create({ model: "m", max_tokens: 8, messages: MESSAGES,
                                 stream: true });""",
    "genai": """
        const { GoogleGenAI } = require("@google/genai");
        globalThis.fetch = fetch;
        const c = new GoogleGenAI({ apiKey: "k",
                                    httpOptions: base ? { baseUrl: base } : undefined });
        const s = await c.models.generateContentStream({ model: "gemini-2.5-flash",
                                                         contents: "hi" });
        for await (const _ of s) {}""",
    "genai-1-40-per-request": _genai_per_request("google-genai-1-40"),
    "genai-1-0-per-request": _genai_per_request("google-genai-1-0", esm=True),
    "ai-sdk-openai-compatible": """
        const { createOpenAICompatible } = require("@ai-sdk/openai-compatible");
        const p = createOpenAICompatible({ name: "openai-compatible", apiKey: "k",
                                           ...(base ? { baseURL: base } : {}), fetch,
                                           includeUsage: true });
        await p("m").doStream({ prompt: PROMPT });""",
    "ai-sdk-openai-responses": """
        const { createOpenAI } = require("@ai-sdk/openai");
        const p = createOpenAI({ apiKey: "k", baseURL: base, fetch, name: "openai-native" });
        await p.responses("m").doStream({ prompt: PROMPT });""",
    "ai-sdk-anthropic": """
        const { createAnthropic } = require("@ai-sdk/anthropic");
        const p = createAnthropic({ apiKey: "k", baseURL: base, fetch, name: "anthropic" });
        await p("claude-sonnet-4-5").doStream({ prompt: PROMPT });""",
    "ai-sdk-google": """
        const { createGoogleGenerativeAI } = require("@ai-sdk/google");
        const p = createGoogleGenerativeAI({ apiKey: "k", baseURL: base, fetch, name: "gemini" });
        await p("gemini-2.5-flash").doStream({ prompt: PROMPT });""",
    # Cherry Studio's aiCore (packages/aiCore/src/core/providers/core/initialization.ts):
    # a custom provider of type 'openai' falls to buildOpenAICompatibleConfig
    # (createOpenAICompatible);
    # 'openai-response' is the OpenAI extension's alias, createOpenAI (responses by default);
    # 'anthropic' createAnthropic; 'gemini' the Google extension, createGoogleGenerativeAI.
    "ai-sdk-3-openai-compatible": """
        const { createOpenAICompatible } = require("ai-sdk-openai-compatible-2");
        const p = createOpenAICompatible({ baseURL: base, apiKey: "k", name: "custom", fetch });
        await p("m").doStream({ prompt: PROMPT });""",
    "ai-sdk-3-openai": """
        const { createOpenAI } = require("ai-sdk-openai-3");
        const p = createOpenAI({ baseURL: base, apiKey: "k", fetch });
        await p("m").doStream({ prompt: PROMPT });""",
    "ai-sdk-3-anthropic": """
        const { createAnthropic } = require("ai-sdk-anthropic-3");
        const p = createAnthropic({ baseURL: base, apiKey: "k", fetch });
        await p("claude-sonnet-4-5").doStream({ prompt: PROMPT });""",
    "ai-sdk-3-google": """
        const { createGoogleGenerativeAI } = require("ai-sdk-google-3");
        const p = createGoogleGenerativeAI({ baseURL: base, apiKey: "k", fetch });
        await p("gemini-2.5-flash").doStream({ prompt: PROMPT });""",
}

_DRIVER: Final = r"""
const PROMPT = [{ role: "user", content: [{ type: "text", text: "hi" }] }];
const MESSAGES = [{ role: "user", content: "hi" }];
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
const app = require("./app.js");
Object.assign(globalThis, app);
const CALLS = { %CALLS% };
// A "sent-" SDK call keeps its own HTTP stack (an SDK that brings one, as openai 4.x brings
// node-fetch): it really sends, to this server on 127.0.0.1 only, which records the raw
// request target and the Authorization scheme and answers 404.
const heard = [];
const server = require("http").createServer((req, res) => {
  heard.push({ target: req.url, auth: (req.headers.authorization || "").split(" ")[0] || null });
  res.writeHead(404, { "content-type": "application/json" });
  res.end('{"error":{"message":"agroutes: recorded"}}');
});
(async () => {
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const live = "127.0.0.1:" + server.address().port;
  for (const k of cases) {
    let seen = [];
    const fetch = async (input) => {
      const url = typeof input === "string" ? input
        : input instanceof URL ? input.href : input.url;
      let target = null, refused = null;
      try {
        const u = new URL(new Request(url).url);  // what Node's fetch sends
        target = u.pathname + u.search;
      } catch (e) { refused = String(e.message || e); }
      seen.push({ url, target, refused });
      throw new Error("agroutes: recorded, not sent");
    };
    let base, error = null;
    try { base = eval(k.rewrite.replace(/\bbase\b/g, "k.base")); }
    catch (e) { error = "rewrite: " + e.message; }
    if (error === null && k.sdk.startsWith("sent-")) {
      heard.length = 0;
      try { await CALLS[k.sdk](base.replace("%HOST%", live)); }
      catch (e) { if (!heard.length) error = String(e.message || e); }
      seen = heard.map((h) => ({ url: null, target: h.target, refused: null, auth: h.auth }));
    } else if (error === null) {
      try { await CALLS[k.sdk](base, fetch); }
      catch (e) { if (!seen.length) error = String(e.message || e); }
    }
    let fallback = null;
    if (k.fallback) {
      const url = eval(k.fallback)(k.base);
      fallback = { url, target: null, refused: null };
      try {
        const u = new URL(new Request(url).url);
        fallback.target = u.pathname + u.search;
      } catch (e) { fallback.refused = String(e.message || e); }
    }
    process.stdout.write(
      JSON.stringify({ ...k, rewritten: base ?? null, seen, error, fallback }) + "\n");
  }
  server.closeAllConnections();
  server.close();
})();
"""

_DECL = re.compile(r"^(?:export\s+)?(?:async\s+)?(?:function\s+(\w+)|const\s+(\w+))\b", re.M)


def cut(text: str, name: str) -> tuple[str, int, int]:
    """The top-level declaration of ``name`` in ``text`` and its 1-based line range: from
    its first line to the line that closes its braces (or ends the statement)."""
    for m in _DECL.finditer(text):
        if name not in (m.group(1), m.group(2)):
            continue
        start = m.start()
        depth, i, opened = 0, start, False
        while i < len(text):
            ch = text[i]
            if ch in "{([":
                depth, opened = depth + 1, True
            elif ch in "})]":
                depth -= 1
            elif (ch == "\n" and opened and depth == 0) or (
                ch == "\n" and not opened and text[start:i].rstrip().endswith(";")
            ):
                break
            i += 1
        body = text[start:i].replace("export ", "", 1)
        first = text.count("\n", 0, start) + 1
        return body, first, text.count("\n", 0, i) + 1
    raise LookupError(f"{name} not found")


def _package(spec: str) -> str:
    """The folder an npm spec installs to: ``a@npm:b@1`` to ``a``, ``@s/p@1`` to ``@s/p``."""
    return spec[: spec.index("@", 1)]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise SystemExit(f"{name} is not on PATH")
    return path


def git_show(mirrors: Path, source: Source, path: str) -> str:
    return subprocess.run(  # noqa: S603 - fixed argv, no shell
        [_tool("git"), f"--git-dir={mirrors / source.mirror}", "show", f"{source.commit}:{path}"],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout


#: The fetch of their own the OpenAI Responses providers of Roo Code and the Kilo Code
#: extension make after *any* error of the SDK call (makeResponsesApiRequest):
#: ``const baseUrl = this.options.X || "DEFAULT"`` then ``const url = `${baseUrl}/PATH```.
_FALLBACK = re.compile(
    r'^[ \t]*const baseUrl = this\.options\.\w+ \|\| ("[^"\n]*")\n'
    r"[ \t]*const url = `\$\{baseUrl\}(/[^`\n]*)`",
    re.M,
)


def fallback_of(mirrors: Path, c: Client) -> tuple[str, str] | None:
    """The provider's fallback URL as a JavaScript function of the Base URL setting, and the
    lines it was read from; None when the provider file has no such fallback."""
    file = c.function.partition(":")[0]
    text = git_show(mirrors, c.source, file)
    m = _FALLBACK.search(text)
    if m is None:
        return None
    first = text.count("\n", 0, m.start()) + 1
    default, path = m.group(1), m.group(2)
    js = f"((base) => {{ const baseUrl = base || {default}; return `${{baseUrl}}{path}`; }})"
    return js, f"{file}:{first}-{first + 1}"


def cline_defaults(mirrors: Path) -> dict[str, str]:
    """Each Cline provider spec's ``defaults.baseUrl`` (builtins.ts), by provider id."""
    text = git_show(mirrors, CLINE, _CLINE_BUILTINS)
    out = {}
    for m in re.finditer(r'\bid: "([\w-]+)",(.*?)\n\t},', text, re.S):
        d = re.search(r'defaults: \{ baseUrl: "([^"]*)" \}', m.group(2))
        if d:
            out[m.group(1)] = d.group(1)
    return out


def build_app(mirrors: Path, work: Path) -> dict[str, dict[str, str]]:
    """Write app.ts with every piece (per source, so names may repeat across sources only
    if equal), transpile it, and say which lines each piece came from."""
    chunks: dict[str, str] = {}
    cited: dict[str, dict[str, str]] = {}
    for c in (*CLIENTS, *RELEASE_CLIENTS):
        lines = cited.setdefault(c.id, {})
        for piece in c.pieces:
            body, first, last = cut(git_show(mirrors, c.source, piece.file), piece.name)
            chunks.setdefault(piece.name, body)
            lines[piece.name] = f"{piece.file}:{first}-{last}"
    defaults = cline_defaults(mirrors)
    # Cherry Studio's `trim` is lodash's: whitespace off both ends, '' for undefined.
    stub = (
        "const trim = (s) => (s == null ? '' : String(s).trim());\n"
        "const MODEL_COLLECTIONS_BY_PROVIDER_ID = Object.fromEntries(Object.entries("
        + json.dumps(defaults)
        + ").map(([id, baseUrl]) => [id, { provider: { baseUrl } }]));\n"
    )
    names = ", ".join(chunks)
    (work / "app.ts").write_text(
        stub + "\n".join(chunks.values()) + f"\nmodule.exports = {{ {names} }};\n"
    )
    subprocess.run(  # noqa: S603 - fixed argv, no shell
        [
            _tool("node"),
            "-e",
            "const ts=require('typescript');const fs=require('fs');"
            "fs.writeFileSync('app.js',ts.transpileModule(fs.readFileSync('app.ts','utf8'),"
            "{compilerOptions:{module:ts.ModuleKind.CommonJS,"
            "target:ts.ScriptTarget.ES2022}}).outputText)",
        ],
        cwd=work,
        check=True,
        timeout=120,
    )
    return cited


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    parser.add_argument("--install-dir", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=FIXTURE)
    parser.add_argument("--releases-out", type=Path, default=RELEASES_FIXTURE)
    parser.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="agsrc-") as tmp:
        work = args.install_dir or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        if not all((work / "node_modules" / _package(spec)).is_dir() for spec in NPM):
            (work / "package.json").write_text('{"name": "agsrc", "private": true}\n')
            subprocess.run(  # noqa: S603 - fixed argv, no shell
                [_tool("npm"), "install", "--no-audit", "--no-fund", "--ignore-scripts", *NPM],
                cwd=work,
                check=True,
                timeout=args.timeout,
            )
        cited = build_app(args.mirrors, work)
        calls = ", ".join(
            f"{json.dumps(k)}: async (base, fetch) => {{ {v} }}" for k, v in SDK_CALLS.items()
        )
        (work / "driver.js").write_text(_DRIVER.replace("%CALLS%", calls).replace("%HOST%", HOST))
        everyone = (*CLIENTS, *RELEASE_CLIENTS)
        fallbacks = {c.id: fallback_of(args.mirrors, c) for c in everyone}
        cases = [
            {
                "client": c.id,
                "rewrite": c.rewrite,
                "sdk": c.sdk,
                "base": b.replace("H", HOST, 1),
                "fallback": (fallbacks[c.id] or (None,))[0],
            }
            for c in everyone
            for b in BASE_MATRIX
            if "#" not in b or c.id.startswith("cherry-studio/")
        ]
        done = subprocess.run(  # noqa: S603 - fixed argv, no shell
            [_tool("node"), "driver.js"],
            cwd=work,
            input=json.dumps(cases),
            capture_output=True,
            text=True,
            check=True,
            timeout=args.timeout,
        )
    by_id = {c.id: c for c in everyone}
    rows: list[dict[str, Any]] = []
    for line in done.stdout.splitlines():
        got = json.loads(line)
        c = by_id[got["client"]]
        first = got["seen"][0] if got["seen"] else {"target": None, "refused": got["error"]}
        rows.append(
            {
                "client": c.id,
                "source": f"{c.source.repo}@{c.source.commit} ({c.source.tag})",
                "function": c.function,
                "rewrite": dict(cited.get(c.id, {})),
                "sdk": c.sdk_version,
                "base_url": got["base"].replace(HOST, "H", 1),
                "rewritten": None
                if got["rewritten"] is None
                else got["rewritten"].replace(HOST, "H", 1),
                "target": first["target"],
                "refused": first["refused"],
            }
        )
        if c.sdk.startswith("sent-"):
            # Sent for real to 127.0.0.1: the Authorization scheme it carried (the SDK's key
            # is "Bearer"; "Basic" would be the URL's credentials).
            rows[-1]["authorization"] = first.get("auth")
        fallback = fallbacks[c.id]
        if fallback is not None:
            # Not a request of the profile: sent only after the SDK's request failed.
            rows[-1]["fallback"] = {
                "lines": fallback[1],
                "target": got["fallback"]["target"],
                "refused": got["fallback"]["refused"],
            }
    releases = {c.id for c in RELEASE_CLIENTS}
    for out, keep in ((args.out, False), (args.releases_out, True)):
        chosen = [r for r in rows if (r["client"] in releases) is keep]
        out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen))
        print(f"{len(chosen)} rows -> {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
