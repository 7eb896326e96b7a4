"""Layer 2: client profiles, i.e. what each real AI client sends for a Base URL.

A profile is data: the requests the client sends (operation, method, suffix, own query),
how it joins them onto the Base URL (:class:`~agroutes._joins.JoinRule`), the Base URL
shape its documentation asks for, what it does with userinfo, and the version it was
verified against. The facts come from running each client against a loopback recorder
(``tests/fixtures/`` and the conformance tests); where a comment and a test disagree, the
test is right.

Users extend agroutes by building their own :class:`ClientProfile` and passing it wherever
a client id is accepted; nothing here is a mutable registry.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ._construct import positional
from ._errors import InvalidClientSetting, UnknownClient
from ._joins import JoinRule, PlainJoin, Transport, plain_join
from ._redact import redact

_SETTING_BAD = re.compile(r"[^\x21-\x7e]|[?#]")

__all__ = [
    "BUILTIN_CLIENTS",
    "CLIENT_ALIASES",
    "Alternative",
    "BaseShape",
    "ClientProfile",
    "Operation",
    "Protocol",
    "RequestSpec",
    "SettingSpec",
    "UserinfoHandling",
    "client",
]


class Protocol(enum.StrEnum):
    """The wire protocol a client speaks; a route serves one or more of them."""

    OPENAI = "openai"
    ANTHROPIC = "anthropic"
    GEMINI = "gemini"


class Operation(enum.StrEnum):
    """Canonical names of the API calls clients make, shared by clients and routes."""

    LIST_MODELS = "list-models"
    CHAT_COMPLETIONS = "chat-completions"
    RESPONSES = "responses"
    MESSAGES = "messages"
    COUNT_TOKENS = "count-tokens"
    GENERATE_CONTENT = "generate-content"
    STREAM_GENERATE_CONTENT = "stream-generate-content"


class BaseShape(enum.StrEnum):
    """The Base URL a client's own documentation asks for, relative to the API root."""

    HOST_ROOT = "host-root"  # the client appends /v1/... or /v1beta/... itself
    V1 = "ends-in-v1"  # the client appends only the endpoint: /chat/completions
    V1BETA = "ends-in-v1beta"  # the same for Gemini endpoints

    @property
    def prefix(self) -> str:
        return {"host-root": "", "ends-in-v1": "/v1", "ends-in-v1beta": "/v1beta"}[self.value]


class UserinfoHandling(enum.StrEnum):
    """What a client does with ``user:password@`` in the Base URL (observed)."""

    #: httpx turns it into ``Authorization: Basic ...``, which overwrites the SDK's key.
    REPLACES_KEY = "replaces-key"
    #: ``Authorization: Basic ...`` is sent beside the key header; a proxy that reads
    #: ``Authorization`` first (Antigravity does) sees the wrong credential.
    ADDED_BESIDE_KEY = "added-beside-key"
    #: the client throws before sending anything (WHATWG fetch forbids credentials in URLs).
    REFUSED = "refused"
    #: the client drops it silently and sends its normal key: harmless.
    DROPPED = "dropped"

    @property
    def harmful(self) -> bool:
        return self is not UserinfoHandling.DROPPED


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestSpec:
    """One request a client sends. ``suffix`` may hold ``{version}`` and ``{model}``.

    ``{version}`` expands to ``/<api_version>`` (or nothing when the version is empty);
    ``{model}`` to the ``model`` setting, or to ``model`` here when the request always
    uses a fixed model (gemini-cli's router call). A ``{setting}`` in ``query`` takes that
    setting's value; when the setting is unset the client sends no query at all.
    """

    operation: Operation
    method: str
    suffix: str
    query: str | None = None
    call: str  # the client's own name for the call, for people reading the output
    model: str | None = None
    default_model: str = ""  # the model when the ``model`` setting is unset
    auto_routing_only: bool = False  # sent only while the ``model`` setting is unset


@dataclass(frozen=True, slots=True)
class PlannedRequest:
    """A request spec with its profile's settings applied: what the join rule receives.
    Part of a profile's join plan (``ClientProfile.plan``, built by ``_plan``)."""

    spec: RequestSpec
    suffix: str
    query: str | None
    #: The suffix's path split at "/" (what the correction search lines up with routes).
    segments: tuple[str, ...] = field(repr=False)
    #: The profile's join rule for a Base URL without a query, worked out for this request
    #: (:func:`agroutes._joins.plain_join`); None where only the general rule will do.
    plain: PlainJoin | None = field(repr=False, compare=False)


@dataclass(frozen=True, slots=True, kw_only=True)
class SettingSpec:
    """A client setting that changes the path: its default and what the client refuses."""

    name: str
    default: str | None
    doc: str
    choices: tuple[str, ...] | None = None  # None: any string
    refused: tuple[tuple[str, str], ...] = ()  # (value, the client's own reason)


@dataclass(frozen=True, slots=True, kw_only=True)
class Alternative:
    """Something to try when no Base URL can work: another setting or another mode."""

    client: str | None = None  # another client id (a mode of the same program)
    settings: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class ClientProfile:
    """Everything agroutes knows about how one client builds its request URLs."""

    id: str
    title: str
    protocol: Protocol
    join: JoinRule
    transport: Transport
    requests: tuple[RequestSpec, ...]
    base_shape: BaseShape
    userinfo: UserinfoHandling
    verified: str  # "<package> <version> (<registry>)" the observations came from
    setting_specs: tuple[SettingSpec, ...] = ()
    settings: tuple[tuple[str, str | None], ...] = ()  # current values, in spec order
    alternatives: tuple[Alternative, ...] = ()
    notes: str = ""
    #: The requests the current settings send, suffixes and queries expanded: computed
    #: once per profile, so that every join on the hot path is plain string arithmetic.
    plan: tuple[PlannedRequest, ...] = field(init=False, repr=False, compare=False)
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "plan", _plan(self))
        # Profiles are cache keys on every hot path: hash everything that tells two apart
        # once, here, instead of walking every request spec on each lookup. (A coarser
        # hash, id and settings only, would make profiles that differ in their requests
        # alone collide and compare field by field.)
        object.__setattr__(self, "_hash", hash((self.id, self.settings, self.requests)))

    def __hash__(self) -> int:
        return self._hash

    def setting(self, name: str) -> str | None:
        """The current value of a setting (its default unless ``client()`` changed it)."""
        values = _setting_values(self)
        if name not in values:
            raise KeyError(name)
        return values[name]

    def with_settings(self, **values: str | None) -> ClientProfile:
        """A copy with settings changed; unknown names and refused values raise."""
        specs = {s.name: s for s in self.setting_specs}
        known_values = _setting_values(self)
        current = {name: known_values[name] for name in specs}
        for name, value in values.items():
            spec = specs.get(name)
            if spec is None:
                known = ", ".join(specs) or "none"
                raise InvalidClientSetting(self.id, name, f"no such setting (known: {known})")
            if value is not None and not isinstance(value, str):
                raise InvalidClientSetting(self.id, name, f"must be a string, not {value!r}")
            if value is not None and _SETTING_BAD.search(value) is not None:
                # The value goes into a URL path: a space, "?", "#", a control character or
                # a lone surrogate would make a URL no client sends.
                raise InvalidClientSetting(
                    self.id, name, "must be printable ASCII without spaces, '?' or '#'"
                )
            for bad, reason in spec.refused:
                if value == bad:
                    raise InvalidClientSetting(self.id, name, f"{value!r} is refused: {reason}")
            if spec.choices is not None and value not in spec.choices:
                choices = ", ".join(repr(c) for c in spec.choices)
                raise InvalidClientSetting(self.id, name, f"{value!r} is not one of {choices}")
            current[name] = value
        settings = tuple(current.items())
        if settings == self.settings:
            return self
        return dataclasses.replace(self, settings=settings)

    @property
    def settings_changed(self) -> dict[str, str | None]:
        """The settings that differ from their defaults, for display."""
        return {
            s.name: self.setting(s.name)
            for s in self.setting_specs
            if self.setting(s.name) != s.default
        }

    def label(self) -> str:
        """``id`` plus any non-default settings: ``google-genai(api_version='v1beta')``."""
        changed = self.settings_changed
        if not changed:
            return self.id
        inner = ", ".join(f"{k}={v!r}" for k, v in changed.items())
        return f"{self.id}({inner})"


def _setting_values(profile: ClientProfile) -> dict[str, str | None]:
    """Every setting of the profile with its current value."""
    values = {spec.name: spec.default for spec in profile.setting_specs}
    values.update(profile.settings)
    return values


# (spec, suffix, query, segments, plain): see agroutes._construct. Every profile a setting makes
# (the correction search tries alternatives on each broken diagnosis) plans its requests.
_new_planned = positional(PlannedRequest)


def _plan(profile: ClientProfile) -> tuple[PlannedRequest, ...]:
    values = _setting_values(profile)
    for spec in profile.requests:
        _check_placeholders(profile.id, spec, values)
    out = []
    for spec in _active_specs(profile.requests, values):
        suffix = _expand(spec, values)
        query = _own_query(spec, values)
        segments = tuple(suffix.partition("?")[0].split("/")[1:])
        plain = plain_join(profile.join, suffix, query)
        out.append(_new_planned(spec, suffix, query, segments, plain))
    return tuple(out)


def _check_placeholders(client: str, spec: RequestSpec, values: Mapping[str, object]) -> None:
    """A ``{placeholder}`` of a request must name a setting of its profile (or, for
    ``{model}``, be fixed by the request itself): else the path would silently lose it."""
    needed: list[tuple[str, str]] = []
    if "{version}" in spec.suffix:
        needed.append(("api_version", "{version}"))
    if "{model}" in spec.suffix and not (spec.model or spec.default_model):
        needed.append(("model", "{model}"))
    if spec.query is not None and "{" in spec.query:
        name = spec.query[spec.query.index("{") + 1 : spec.query.find("}")]
        needed.append((name, "{" + name + "}"))
    for name, placeholder in needed:
        if name not in values:
            raise InvalidClientSetting(
                client, name, f"request {spec.call!r} uses {placeholder}; define the setting"
            )


def _active_specs(
    requests: tuple[RequestSpec, ...], values: Mapping[str, str | None]
) -> tuple[RequestSpec, ...]:
    if not any(s.auto_routing_only for s in requests):
        return requests
    auto = values.get("model") is None
    return tuple(s for s in requests if auto or not s.auto_routing_only)


def _expand(spec: RequestSpec, values: Mapping[str, str | None]) -> str:
    """The spec's suffix with ``{version}`` and ``{model}`` filled in from the settings."""
    suffix = spec.suffix
    if "{" not in suffix:
        return suffix
    if "{version}" in suffix:
        version = values.get("api_version") or ""
        suffix = suffix.replace("{version}", f"/{version}" if version else "")
    if "{model}" in suffix:
        model = spec.model or values.get("model") or spec.default_model
        suffix = suffix.replace("{model}", model)
    return suffix


def _own_query(spec: RequestSpec, values: Mapping[str, str | None]) -> str | None:
    query = spec.query
    if query is None or "{" not in query:
        return query
    name = query[query.index("{") + 1 : query.index("}")]
    value = values[name]
    return None if value is None else query.replace("{" + name + "}", value)


# --- built-in profiles -----------------------------------------------------------------
# Versions are those the observations in tests/ were recorded with. Every quirk named in a
# comment is pinned by a row of tests/test_observed_clients.py.

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
    join=JoinRule.HTTPX_PATH_SLASH,
    transport=Transport.HTTPX,
    requests=_OPENAI_REQUESTS,
    base_shape=BaseShape.V1,
    userinfo=UserinfoHandling.REPLACES_KEY,
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
    verified="openai 7.57.0 (npm)",
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
    verified="anthropic 2.14.0 (PyPI)",
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
    verified="google-genai 3.6.1 (PyPI)",
    setting_specs=(
        # google/genai/_api_client.py: GOOGLE_AI_API_DEFAULT_VERSION = 'v1' in 3.x (it was
        # 'v1beta' before), so with default settings the SDK asks for /v1/models/...
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
    verified="@openai/codex 0.169.0 (npm)",
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
        )
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

# The built-in profiles that the built-ins' own alternatives name (google-genai with
# api_version="v1beta", ...), built once here like the built-ins themselves: a diagnosis
# that finds no Base URL tries them, and building a profile is most of that cost.
_VARIANTS: Mapping[tuple[str, tuple[tuple[str, str | None], ...]], ClientProfile] = (
    MappingProxyType(
        {
            (alt.client or p.id, tuple(sorted(alt.settings))): BUILTIN_CLIENTS[
                alt.client or p.id
            ].with_settings(**dict(alt.settings))
            for p in BUILTIN_CLIENTS.values()
            for alt in p.alternatives
            if alt.settings
        }
    )
)


def client(id_or_profile: str | ClientProfile, /, **settings: str | None) -> ClientProfile:
    """A built-in client profile by id or alias, with path-changing settings applied.

    >>> client("openai-sdk").id
    'openai-python'
    >>> client("google-genai", api_version="v1beta").setting("api_version")
    'v1beta'
    """
    if isinstance(id_or_profile, ClientProfile):
        return id_or_profile.with_settings(**settings) if settings else id_or_profile
    if not isinstance(id_or_profile, str):
        raise TypeError(f"a client is an id string or a ClientProfile, not {id_or_profile!r}")
    key = id_or_profile.strip().lower()
    key = CLIENT_ALIASES.get(key, key)
    profile = BUILTIN_CLIENTS.get(key)
    if profile is None:
        # People paste keys into the wrong box too: never echo one back.
        shown = redact(id_or_profile if len(id_or_profile) <= 80 else id_or_profile[:80] + "…")
        prefix = _MULTI_MODE.get(key)
        if prefix is not None:
            modes = [k for k in BUILTIN_CLIENTS if k.startswith(prefix)]
            raise UnknownClient(shown, modes, reason=f"{shown!r} has one id per provider mode")
        names = [*BUILTIN_CLIENTS, *CLIENT_ALIASES]
        import difflib  # noqa: PLC0415 - only the error path needs it

        raise UnknownClient(shown, difflib.get_close_matches(key[:80], names, n=3, cutoff=0.5))
    if not settings:
        return profile
    try:
        variant = _VARIANTS.get((key, tuple(sorted(settings.items()))))
    except TypeError:  # an unhashable value: with_settings names the bad setting
        variant = None
    return variant if variant is not None else profile.with_settings(**settings)
