"""Layer 2: the built-in client profiles, as typed constants, and :func:`client`.

Versions are those the observations in ``tests/`` were recorded with: every quirk named in
a comment is pinned by a row of ``tests/test_observed_clients.py`` or by the live
conformance tests; where a comment and a test disagree, the test is right. A release whose
joins differ from the newest has a profile of its own, ``id@version``
(:data:`CLIENT_RELEASES`, replayed by ``tests/test_client_versions.py``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType

from ._cache import cached, compiled
from ._clients_node import NODE_CLIENTS, NODE_RELEASES
from ._clients_python import PYTHON_CLIENTS, PYTHON_RELEASES
from ._clients_source import SOURCE_CLIENTS, SOURCE_RELEASES
from ._errors import UnknownClient, describe
from ._families import GENERIC_CLIENTS
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
from ._redact import MASK, redact
from ._vocab import Operation, Protocol, release_number

__all__ = ["BUILTIN_CLIENTS", "CLIENT_ALIASES", "CLIENT_RELEASES", "GENERIC_CLIENTS", "client"]

_OPENAI_REQUESTS = (
    RequestSpec(
        operation=Operation.CHAT_COMPLETIONS,
        method="POST",
        suffix="/chat/completions",
        call="chat.completions.create",
    ),
    RequestSpec(
        operation=Operation.RESPONSES, method="POST", suffix="/responses", call="responses.create"
    ),
    RequestSpec(
        operation=Operation.LIST_MODELS, method="GET", suffix="/models", call="models.list"
    ),
)

_API_VERSION_DOC = "the API version segment the SDK inserts before /models; '' for none"

OPENAI_PYTHON = ClientProfile(
    id="openai-python",
    title="OpenAI Python SDK",
    protocol=Protocol.OPENAI,
    # openai/_base_client.py _enforce_trailing_slash + _prepare_url: "/" is ensured on the
    # path, so a query in the Base URL ends up *before* the endpoint: /v1/?x=1chat/completions
    # (from 3.20.0; up to 3.19.2 the query came first: openai-python@3.19.2 below).
    join=JoinRule.HTTPX_PATH_SLASH,
    transport=Transport.HTTPX,
    requests=_OPENAI_REQUESTS,
    base_shape=BaseShape.V1,
    userinfo=UserinfoHandling.REPLACES_KEY,
    # httpx with follow_redirects=True (tests/conformance/test_redirects.py).
    redirects=Redirects.FOLLOWS,
    verified="openai 3.57.0 (PyPI)",
)

OPENAI_NODE = ClientProfile(
    id="openai-node",
    title="OpenAI Node SDK",
    protocol=Protocol.OPENAI,
    # client.ts buildURL; the only client seen that moves a Base URL query after the path.
    join=JoinRule.NODE_LIFT_QUERY,
    transport=Transport.NODE_FETCH,
    requests=_OPENAI_REQUESTS,
    base_shape=BaseShape.V1,
    # Node's fetch: "Request cannot be constructed from a URL that includes credentials".
    userinfo=UserinfoHandling.REFUSED,
    # Node's fetch: 307/308 resend the POST and its body, 301/302/303 turn it into a GET
    # (tests/fixtures/captured-node-redirects.jsonl, tools/capture_node_clients.py
    # --first-wave; so for claude-code, gemini-cli, codex and kilo-code below).
    redirects=Redirects.FOLLOWS,
    verified="openai 7.59.0 (npm)",
)

ANTHROPIC_PYTHON = ClientProfile(
    id="anthropic-python",
    title="Anthropic Python SDK",
    protocol=Protocol.ANTHROPIC,
    # The SDK appends v1/... itself, so the Base URL must be the host root.
    join=JoinRule.HTTPX_RAW_SLASH,
    transport=Transport.HTTPX,
    requests=(
        RequestSpec(
            operation=Operation.MESSAGES,
            method="POST",
            suffix="/v1/messages",
            call="messages.create",
        ),
        RequestSpec(
            operation=Operation.COUNT_TOKENS,
            method="POST",
            suffix="/v1/messages/count_tokens",
            call="messages.count_tokens",
        ),
        RequestSpec(
            operation=Operation.LIST_MODELS, method="GET", suffix="/v1/models", call="models.list"
        ),
    ),
    base_shape=BaseShape.HOST_ROOT,
    userinfo=UserinfoHandling.REPLACES_KEY,
    # httpx with follow_redirects=True (tests/conformance/test_redirects.py).
    redirects=Redirects.FOLLOWS,
    verified="anthropic 2.15.0 (PyPI)",
)

CLAUDE_CODE = ClientProfile(
    id="claude-code",
    title="Claude Code",
    protocol=Protocol.ANTHROPIC,
    # The bundled Anthropic TS SDK re-serialises the query through URLSearchParams, so a
    # Base URL query swallows the whole suffix, percent-encoded.
    join=JoinRule.SEARCH_PARAMS,
    transport=Transport.BUN_FETCH,
    requests=(
        # With the non-essential-traffic switches, `claude -p` sends exactly this request.
        RequestSpec(
            operation=Operation.MESSAGES,
            method="POST",
            suffix="/v1/messages",
            query="beta=true",
            call="claude -p (messages)",
        ),
    ),
    base_shape=BaseShape.HOST_ROOT,
    userinfo=UserinfoHandling.ADDED_BESIDE_KEY,
    redirects=Redirects.FOLLOWS,  # Bun's fetch, as WHATWG fetch
    verified="@anthropic-ai/claude-code 2.1.332 (npm)",
    notes="Base URL from ANTHROPIC_BASE_URL.",
)

GOOGLE_GENAI = ClientProfile(
    id="google-genai",
    title="Google Gen AI Python SDK",
    protocol=Protocol.GEMINI,
    join=JoinRule.GENAI_PYTHON,
    transport=Transport.HTTPX,
    requests=(
        RequestSpec(
            operation=Operation.GENERATE_CONTENT,
            method="POST",
            suffix="{version}/models/{model}:generateContent",
            call="models.generate_content",
        ),
        RequestSpec(
            operation=Operation.STREAM_GENERATE_CONTENT,
            method="POST",
            suffix="{version}/models/{model}:streamGenerateContent",
            query="alt=sse",
            call="models.generate_content_stream",
        ),
        RequestSpec(
            operation=Operation.LIST_MODELS,
            method="GET",
            suffix="{version}/models",
            # models.list() sends no query; config={'page_size': N} adds pageSize=N.
            query="pageSize={page_size}",
            call="models.list",
        ),
    ),
    base_shape=BaseShape.HOST_ROOT,
    userinfo=UserinfoHandling.ADDED_BESIDE_KEY,
    # httpx with follow_redirects=True (tests/conformance/test_redirects.py).
    redirects=Redirects.FOLLOWS,
    verified="google-genai 3.6.1 (PyPI)",
    setting_specs=(
        # google/genai/_api_client.py: GOOGLE_AI_API_DEFAULT_VERSION = 'v1' from 3.0.0 on
        # (2.x set 'v1beta': google-genai@2.34.0 below), so by default /v1/models/...
        SettingSpec(name="api_version", default="v1", doc=_API_VERSION_DOC),
        SettingSpec(name="model", default="gemini-2.5-flash", doc="the model id in the path"),
        SettingSpec(
            name="page_size", default=None, doc="models.list(config={'page_size': N}); unset: none"
        ),
    ),
    alternatives=(Alternative(settings=(("api_version", "v1beta"),)),),
    notes="Base URL from http_options={'base_url': ...} or GOOGLE_GEMINI_BASE_URL.",
)

GEMINI_CLI = ClientProfile(
    id="gemini-cli",
    title="Gemini CLI",
    protocol=Protocol.GEMINI,
    join=JoinRule.GENAI_JS,
    transport=Transport.NODE_FETCH,
    requests=(
        # Default (auto-routing) mode: a router call to a small model goes first.
        RequestSpec(
            operation=Operation.GENERATE_CONTENT,
            method="POST",
            suffix="{version}/models/{model}:generateContent",
            model="gemini-3.5-flash-lite",
            auto_routing_only=True,
            call="gemini -p (model router)",
        ),
        RequestSpec(
            operation=Operation.STREAM_GENERATE_CONTENT,
            method="POST",
            suffix="{version}/models/{model}:streamGenerateContent",
            query="alt=sse",
            # The main model in auto-routing mode (observed with 0.61.0).
            default_model="gemini-3.8-flash",
            call="gemini -p (stream)",
        ),
    ),
    base_shape=BaseShape.HOST_ROOT,
    userinfo=UserinfoHandling.REFUSED,
    redirects=Redirects.FOLLOWS,
    verified="@google/gemini-cli 0.61.0 (npm)",
    setting_specs=(
        # Bundled @google/genai JS still defaults to v1beta; GOOGLE_GENAI_API_VERSION overrides.
        SettingSpec(name="api_version", default="v1beta", doc=_API_VERSION_DOC),
        SettingSpec(
            name="model",
            default=None,
            doc="-m MODEL; unset means auto-routing (router call + gemini-3.8-flash)",
        ),
    ),
    alternatives=(Alternative(settings=(("api_version", "v1beta"),)),),
    notes="Base URL from GOOGLE_GEMINI_BASE_URL; needs security.auth.selectedType.",
)

CODEX = ClientProfile(
    id="codex",
    title="Codex CLI",
    protocol=Protocol.OPENAI,
    join=JoinRule.STRIP_ONE_SLASH,
    transport=Transport.REQWEST,
    requests=(
        RequestSpec(
            operation=Operation.RESPONSES,
            method="POST",
            suffix="/responses",
            call="codex exec (responses)",
        ),
    ),
    base_shape=BaseShape.V1,
    userinfo=UserinfoHandling.DROPPED,
    redirects=Redirects.FOLLOWS,  # reqwest's default policy: the same as fetch here
    verified="@openai/codex 0.171.0 (npm)",
    setting_specs=(
        SettingSpec(
            name="wire_api",
            default="responses",
            doc="[model_providers.*] wire_api",
            choices=("responses",),
            refused=(
                (
                    "chat",
                    'codex 0.169.0 stops while loading config.toml: `wire_api = "chat"` is '
                    'no longer supported; set wire_api = "responses"',
                ),
            ),
        ),
    ),
    notes="Base URL from [model_providers.<id>] base_url in config.toml.",
)

_KILO_VERIFIED = "@kilocode/cli 7.7.7 (npm)"
_KILO_NOTE = "Base URL from provider.<id>.options.baseURL; no version segment is ever added."


def _kilo(mode: str, protocol: Protocol, shape: BaseShape, spec: RequestSpec) -> ClientProfile:
    others = tuple(
        Alternative(client=f"kilo-code/{m}")
        for m in ("google", "anthropic", "openai-compatible", "openai")
        if m != mode
    )
    return ClientProfile(
        id=f"kilo-code/{mode}",
        title=f"Kilo Code ({mode} provider)",
        protocol=protocol,
        # Vercel AI SDK providers: `${withoutTrailingSlash(baseURL)}${path}`.
        join=JoinRule.STRIP_ONE_SLASH,
        transport=Transport.BUN_FETCH,
        requests=(spec,),
        base_shape=shape,
        userinfo=UserinfoHandling.DROPPED,
        redirects=Redirects.FOLLOWS,
        verified=_KILO_VERIFIED,
        setting_specs=(
            (SettingSpec(name="model", default="gemini-2.5-flash", doc="the model id"),)
            if protocol is Protocol.GEMINI
            else ()
        ),
        alternatives=others,
        notes=_KILO_NOTE,
    )


KILO_OPENAI_COMPATIBLE = _kilo(
    "openai-compatible",
    Protocol.OPENAI,
    BaseShape.V1,
    RequestSpec(
        operation=Operation.CHAT_COMPLETIONS,
        method="POST",
        suffix="/chat/completions",
        call="kilo run (@ai-sdk/openai-compatible)",
    ),
)
KILO_OPENAI = _kilo(
    "openai",
    Protocol.OPENAI,
    BaseShape.V1,
    RequestSpec(
        operation=Operation.RESPONSES,
        method="POST",
        suffix="/responses",
        call="kilo run (@ai-sdk/openai)",
    ),
)
KILO_ANTHROPIC = _kilo(
    "anthropic",
    Protocol.ANTHROPIC,
    BaseShape.V1,
    RequestSpec(
        operation=Operation.MESSAGES,
        method="POST",
        suffix="/messages",
        call="kilo run (@ai-sdk/anthropic)",
    ),
)
KILO_GOOGLE = _kilo(
    "google",
    Protocol.GEMINI,
    BaseShape.V1BETA,
    RequestSpec(
        operation=Operation.STREAM_GENERATE_CONTENT,
        method="POST",
        suffix="/models/{model}:streamGenerateContent",
        query="alt=sse",
        call="kilo run (@ai-sdk/google)",
    ),
)

# --- older releases whose joins differ, named for the newest release seen to send the same
# (observed into tests/fixtures/observed-sdk-releases.jsonl: tests/test_client_versions.py)
OPENAI_PYTHON_3_19 = dataclasses.replace(
    OPENAI_PYTHON,
    id="openai-python@3.19.2",
    # openai 2.0.0 to 3.19.2, openai/_base_client.py BaseClient._enforce_trailing_slash:
    #     if url.raw_path.endswith(b"/"):
    #         return url
    #     return url.copy_with(raw_path=url.raw_path + b"/")
    # raw_path holds the query: "/v1?x=1/" + "chat/completions" (_prepare_url), the rule of
    # the anthropic SDK. From 3.20.0 the "/" goes on the path alone.
    join=JoinRule.HTTPX_RAW_SLASH,
    verified="openai 2.0.0, 2.54.0, 3.19.2 (PyPI)",
    notes="openai 2.x and 3.0.0 to 3.19.2: a Base URL query lands before the '/' and the "
    "endpoint (/v1?x=1/chat/completions); 3.20.0 moved the '/' before the query.",
)

GOOGLE_GENAI_2 = dataclasses.replace(
    GOOGLE_GENAI,
    id="google-genai@2.34.0",
    # google-genai 2.0.0 to 2.34.0, google/genai/_api_client.py BaseApiClient.__init__:
    #     self._http_options.base_url = 'https://generativelanguage.googleapis.com/'
    #     self._http_options.api_version = 'v1beta'
    # 3.0.0 sets GOOGLE_AI_API_DEFAULT_VERSION = 'v1'; join_url_path is the same in both.
    setting_specs=tuple(
        dataclasses.replace(s, default="v1beta") if s.name == "api_version" else s
        for s in GOOGLE_GENAI.setting_specs
    ),
    verified="google-genai 2.0.0, 2.34.0 (PyPI)",
    notes="google-genai 2.x: the default api_version is v1beta (3.0.0 made it v1). "
    + GOOGLE_GENAI.notes,
)

BUILTIN_CLIENTS: Mapping[str, ClientProfile] = MappingProxyType(
    {
        p.id: p
        for p in (
            OPENAI_PYTHON,
            OPENAI_NODE,
            ANTHROPIC_PYTHON,
            CLAUDE_CODE,
            GOOGLE_GENAI,
            GEMINI_CLI,
            CODEX,
            KILO_OPENAI_COMPATIBLE,
            KILO_OPENAI,
            KILO_ANTHROPIC,
            KILO_GOOGLE,
            *PYTHON_CLIENTS,
            *NODE_CLIENTS,
            *SOURCE_CLIENTS,
        )
    }
)

#: Each built-in client's releases seen to send exactly what their profile predicts, oldest
#: first (the newest by the conformance tests and the capture script, older ones by
#: observed-sdk-releases.jsonl; else the one in ``verified``: "@openai/codex 0.171.0 (npm)").
#: ``client("ID@VERSION")`` takes the newest not after VERSION.
CLIENT_RELEASES: Mapping[str, tuple[tuple[str, ClientProfile], ...]] = MappingProxyType(
    {
        **{p.id: ((p.verified.split()[-2], p),) for p in BUILTIN_CLIENTS.values()},
        "openai-python": (
            ("2.0.0", OPENAI_PYTHON_3_19),
            ("2.54.0", OPENAI_PYTHON_3_19),
            ("3.19.2", OPENAI_PYTHON_3_19),
            ("3.20.0", OPENAI_PYTHON),
            ("3.57.0", OPENAI_PYTHON),
        ),
        "google-genai": (
            ("2.0.0", GOOGLE_GENAI_2),
            ("2.34.0", GOOGLE_GENAI_2),
            ("3.0.0", GOOGLE_GENAI),
            ("3.6.1", GOOGLE_GENAI),
        ),
        **PYTHON_RELEASES,
        **NODE_RELEASES,
        **SOURCE_RELEASES,
    }
)

#: Other names people use. The first two come from the seed lesson ("OpenAI SDK", "Gemini SDK").
CLIENT_ALIASES: Mapping[str, str] = MappingProxyType(
    {
        "openai-sdk": "openai-python",
        "gemini-sdk": "google-genai",
        "google-genai-python": "google-genai",
        "anthropic-sdk": "anthropic-python",
        "claude": "claude-code",
        "codex-cli": "codex",
    }
)

_MULTI_MODE = {"kilo-code": "kilo-code/", "kilo": "kilo-code/", "kilo-cli": "kilo-code/"}


def client(id_or_profile: str | ClientProfile, /, **settings: str | None) -> ClientProfile:
    """A built-in client profile by id or alias, with path-changing settings applied.

    ``ID@VERSION`` asks for a release (:data:`CLIENT_RELEASES`): the newest one known not
    after VERSION, whose notes say so when VERSION itself was not observed.

    >>> client("openai-sdk").id
    'openai-python'
    >>> client("google-genai", api_version="v1beta").setting("api_version")
    'v1beta'
    >>> client("google-genai@2.20.0").label()
    'google-genai@2.34.0'
    """
    if isinstance(id_or_profile, ClientProfile):
        return id_or_profile.with_settings(**settings) if settings else id_or_profile
    if not isinstance(id_or_profile, str):
        raise TypeError(
            f"a client is an id string or a ClientProfile, not {describe(id_or_profile)}"
        )
    key = id_or_profile.strip().lower()
    key = CLIENT_ALIASES.get(key, key)
    profile = BUILTIN_CLIENTS.get(key) or GENERIC_CLIENTS.get(key)
    if profile is None:
        shown = _shown(id_or_profile, 80)  # people paste keys into the wrong box too
        at = key.find("@", 1)  # "@" first is an npm scope ("@openai/codex"), not a release
        if at < 0:
            return _unknown(key, shown)
        profile = _release(key[:at].strip(), key[at + 1 :].strip(), shown)
    if not settings:
        return profile
    try:
        return _with_settings(profile, tuple(sorted(settings.items())))
    except TypeError:  # an unhashable value: with_settings names the bad setting
        return profile.with_settings(**settings)


def _shown(text: str, limit: int) -> str:
    """The id as an error may quote it: what stands before an "@" of an unknown id may be
    a password pasted into the wrong box, so it is masked whatever its shape."""
    clipped = text if len(text) <= limit else text[:limit] + "…"
    head, at, tail = clipped.rpartition("@")
    return redact(f"{MASK}@{tail}" if at and head.strip() else clipped)


def _unknown(key: str, shown: str) -> ClientProfile:
    """Raise the error for an id that names no client (typed for the caller's expression)."""
    prefix = _MULTI_MODE.get(key)
    if prefix is not None:
        modes = [k for k in BUILTIN_CLIENTS if k.startswith(prefix)]
        raise UnknownClient(shown, modes, reason=f"{shown!r} has one id per provider mode")
    names = [*BUILTIN_CLIENTS, *CLIENT_ALIASES, *GENERIC_CLIENTS]
    import difflib  # noqa: PLC0415 - only the error path needs it

    raise UnknownClient(shown, difflib.get_close_matches(key[:80], names, n=3, cutoff=0.5))


def _release(name: str, version: str, shown: str) -> ClientProfile:
    """``client("NAME@VERSION")``: the profile of the newest known release not after it."""
    name = CLIENT_ALIASES.get(name, name)
    releases = CLIENT_RELEASES.get(name)
    if releases is None and name not in GENERIC_CLIENTS:
        # An unknown NAME may be a password ("user:pw@host"): only a known one is shown.
        return _unknown(name, name if name in _MULTI_MODE else shown)
    number = release_number(version)
    # Unquoted, as "NAME@..." in quotes reads as userinfo to redact(); a key is masked.
    asked = f"{name}@{_shown(version, 40) if number is None else _dotted(number)}"
    if releases is None:
        reason = f"{name} is a family of clients, with no release number"
        raise UnknownClient(asked, [name], reason=f"unknown client {asked}: {reason}")
    profile = None if number is None else _newest_not_after(name, number)
    if profile is None:
        known = ", ".join(v for v, _ in releases)
        reason = (
            f"the part after '@' is not a release number such as {releases[-1][0]} (known: {known})"
            if number is None
            else f"{_dotted(number)} is older than every release of {name} agroutes knows ({known})"
        )
        suggest = name if number is None else releases[0][1].id
        raise UnknownClient(asked, [suggest], reason=f"unknown client {asked}: {reason}")
    return profile


def _dotted(number: tuple[int, int, int]) -> str:
    return ".".join(map(str, number))


@cached(maxsize=256)
def _newest_not_after(name: str, asked: tuple[int, int, int]) -> ClientProfile | None:
    releases = CLIENT_RELEASES[name]
    # Each release listed is a release number (tests/test_client_versions.py holds it).
    before = [(v, p) for v, p in releases if (release_number(v) or (0, 0, 0)) <= asked]
    if not before:
        return None
    known, profile = before[-1]
    if known == _dotted(asked):
        return profile
    # Said as route_table() says it, in the title (which the JSON views show) and the notes.
    after = releases[len(before) :]
    later = f"the next known is {after[0][0]}" if after else "the newest known"
    said = f"the profile of {known}, the newest known release not after it"
    title = f"{profile.title} (asked for {name}@{_dotted(asked)}: {said})"
    note = f"{name} {_dotted(asked)} was not observed: this is {said} ({later})."
    return dataclasses.replace(profile, title=title, notes=f"{note} {profile.notes}".rstrip())


# A diagnosis that finds no Base URL tries the alternatives its profile names (google-genai
# with api_version="v1beta", ...): a profile with settings is built once per combination.
@compiled(maxsize=256)
def _with_settings(
    profile: ClientProfile, settings: tuple[tuple[str, str | None], ...]
) -> ClientProfile:
    return profile.with_settings(**dict(settings))
