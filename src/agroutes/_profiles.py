"""Layer 2: what a client profile is: the requests a client sends and how it joins them.

A profile is plain data: the requests the client sends (operation, method, suffix, own
query), how it joins them onto the Base URL (:class:`~agroutes._joins.JoinRule`), the Base
URL shape its documentation asks for, what it does with userinfo, and the version it was
verified against. The built-in profiles are in :mod:`agroutes._clients`; what a profile's
settings make of its requests (the expanded suffixes) is worked out by the resolver.

Users extend agroutes by building their own :class:`ClientProfile` and passing it wherever
a client id is accepted; nothing here is a mutable registry.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ._errors import InvalidClientSetting, describe
from ._joins import JoinRule, Transport
from ._redact import redact, redacted_repr, safe_repr
from ._vocab import Operation, Protocol

_SETTING_BAD = re.compile(r"[^\x21-\x7e]|[?#]")

__all__ = [
    "Alternative",
    "BaseShape",
    "ClientProfile",
    "Evidence",
    "Redirects",
    "RequestSpec",
    "SettingSpec",
    "UserinfoHandling",
    "active_specs",
    "expand_suffix",
    "own_query",
    "setting_values",
]


class BaseShape(enum.StrEnum):
    """The Base URL a client's own documentation asks for, relative to the API root."""

    HOST_ROOT = "host-root"  # the client appends /v1/... or /v1beta/... itself
    V1 = "ends-in-v1"  # the client appends only the endpoint: /chat/completions
    V1BETA = "ends-in-v1beta"  # the same for Gemini endpoints
    #: the Base URL *is* the endpoint: the client sends to it as typed (generic/exact-url)
    CHAT_ENDPOINT = "chat-completions-endpoint"

    @property
    def prefix(self) -> str:
        """The path the documented Base URL has on a proxy serving the API at its root."""
        return _SHAPE_PREFIX[self]


_SHAPE_PREFIX = {
    BaseShape.HOST_ROOT: "",
    BaseShape.V1: "/v1",
    BaseShape.V1BETA: "/v1beta",
    BaseShape.CHAT_ENDPOINT: "/v1/chat/completions",
}


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


class Redirects(enum.StrEnum):
    """What a client does when the proxy answers with a redirect (a gin or Starlette
    trailing-slash redirect), observed with the recorder's redirect mode
    (``tests/support/recorder.py``): whether a second request came, and with which method."""

    #: Follows as WHATWG fetch, httpx (``follow_redirects=True``) and reqwest do: 307 and
    #: 308 resend the same method and body; 301 and 302 turn a POST into a GET without a
    #: body, 303 turns anything into a GET. A POST redirected with 301 therefore misses.
    FOLLOWS = "follows"
    #: Follows and resends the same method and body whatever the status.
    FOLLOWS_KEEPING_METHOD = "follows-keeping-method"
    #: Does not follow: the 3xx itself is the answer the client reports as an error.
    NOT_FOLLOWED = "not-followed"
    #: Not observed for this client.
    UNKNOWN = "unknown"

    def follow_method(self, status: int, method: str) -> str | None:
        """The method of the request that follows a ``status`` redirect of ``method``:
        None when the client does not follow (or when it is not known)."""
        if self is Redirects.FOLLOWS_KEEPING_METHOD:
            return method
        if self is not Redirects.FOLLOWS:
            return None
        if status == 303 or (status in (301, 302) and method == "POST"):
            return "GET" if method != "HEAD" else "HEAD"
        return method


class Evidence(enum.StrEnum):
    """Where a profile's joins come from: never guessed."""

    #: the real client was run against the recorder: ``verified`` names its version
    OBSERVED = "observed"
    #: read in the client's pinned source: ``verified`` reads "from source: <repo>@<commit>
    #: <file>:<function>", for clients that cannot run headless here (editor extensions)
    FROM_SOURCE = "from-source"
    #: declared as data by a user, or a generic family: agroutes did not verify it
    DECLARED = "declared"


#: How a ``verified`` string that cites source code begins.
FROM_SOURCE_PREFIX = "from source: "


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


@redacted_repr  # settings hold what the user typed, keys included
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
    #: What the client does with a redirect (observed; UNKNOWN until it is).
    redirects: Redirects = Redirects.UNKNOWN
    #: The client sends to its own fixed host whatever Base URL it is given (Continue's
    #: Gemini provider ignores ``apiBase``): no Base URL can work, and a diagnosis says so.
    base_url_ignored: bool = False
    # Profiles are the keys of the resolver's and the diagnosis's caches: hashing every
    # request spec on each lookup was a tenth of a cold diagnose, so the hash of the
    # fields that tell two profiles apart is taken once (benchmarks/README.md).
    _hash: int = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        values = setting_values(self)
        for spec in self.requests:
            _check_placeholders(self.id, spec, values)
        object.__setattr__(self, "_hash", hash((self.id, self.settings, self.requests)))

    def __hash__(self) -> int:
        return self._hash

    @property
    def family(self) -> str:
        """The program the profile belongs to: ``kilo-code`` for ``kilo-code/openai``."""
        return self.id.partition("@")[0].partition("/")[0] or self.id

    @property
    def evidence(self) -> Evidence:
        """Observed, read from source, or declared (from the ``verified`` string)."""
        if self.verified.startswith(FROM_SOURCE_PREFIX):
            return Evidence.FROM_SOURCE
        if self.id.startswith("generic/") or self.verified.startswith("declared"):
            return Evidence.DECLARED
        return Evidence.OBSERVED

    def setting(self, name: str) -> str | None:
        """The current value of a setting (its default unless ``client()`` changed it)."""
        values = setting_values(self)
        if not isinstance(name, str) or name not in values:
            known = ", ".join(values) or "none"
            shown = name if isinstance(name, str) else describe(name)
            raise _bad_setting(self.id, shown, f"no such setting (known: {known})")
        return values[name]

    def with_settings(self, **values: str | None) -> ClientProfile:
        """A copy with settings changed; unknown names and refused values raise."""
        specs = {s.name: s for s in self.setting_specs}
        known_values = setting_values(self)
        current = {name: known_values[name] for name in specs}
        for name, value in values.items():
            spec = specs.get(name)
            if spec is None:
                known = ", ".join(specs) or "none"
                raise _bad_setting(self.id, name, f"no such setting (known: {known})")
            if value is not None and not isinstance(value, str):
                raise _bad_setting(self.id, name, f"must be a string, not {describe(value)}")
            if value is not None and _SETTING_BAD.search(value) is not None:
                # The value goes into a URL path: a space, "?", "#", a control character or
                # a lone surrogate would make a URL no client sends.
                raise _bad_setting(
                    self.id, name, "must be printable ASCII without spaces, '?' or '#'"
                )
            for bad, reason in spec.refused:
                if value == bad:
                    raise _bad_setting(self.id, name, f"{safe_repr(value)} is refused: {reason}")
            if spec.choices is not None and value not in spec.choices:
                choices = ", ".join(repr(c) for c in spec.choices)
                raise _bad_setting(self.id, name, f"{safe_repr(value)} is not one of {choices}")
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
        inner = ", ".join(f"{k}={safe_repr(v)}" for k, v in changed.items())
        return redact(f"{self.id}({inner})")


def _bad_setting(client: str, setting: str, reason: str) -> InvalidClientSetting:
    """The error, with what the user typed made safe: a name or value may be a pasted key."""
    return InvalidClientSetting(redact(client), redact(setting), redact(reason))


def setting_values(profile: ClientProfile) -> dict[str, str | None]:
    """Every setting of the profile with its current value."""
    values = {spec.name: spec.default for spec in profile.setting_specs}
    values.update(profile.settings)
    return values


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
            reason = f"request {safe_repr(spec.call)} uses {placeholder}; define the setting"
            raise _bad_setting(client, name, reason)


def active_specs(
    requests: tuple[RequestSpec, ...], values: Mapping[str, str | None]
) -> tuple[RequestSpec, ...]:
    if not any(s.auto_routing_only for s in requests):
        return requests
    auto = values.get("model") is None
    return tuple(s for s in requests if auto or not s.auto_routing_only)


def expand_suffix(spec: RequestSpec, values: Mapping[str, str | None]) -> str:
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


def own_query(spec: RequestSpec, values: Mapping[str, str | None]) -> str | None:
    query = spec.query
    if query is None or "{" not in query:
        return query
    name = query[query.index("{") + 1 : query.index("}")]
    value = values[name]
    return None if value is None else query.replace("{" + name + "}", value)
