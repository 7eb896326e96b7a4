"""Layer 2: resolve a Base URL and a client profile into the exact requests it sends.

A profile's settings decide which of its requests are sent and what their suffixes and
queries are; :func:`plan` works that out once per profile (a cached function of the
profile, which stays plain data). Each request's target is then the profile's join rule
applied to the Base URL's raw path and query (:func:`agroutes._joins.join`), and what the
HTTP stack does on the way out (:func:`agroutes._joins.finish`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from yarl import URL

from ._baseurl import BaseURL, parse_base_url
from ._cache import cacheable, cached, compiled
from ._clients import client as get_client
from ._joins import finish, join
from ._profiles import (
    ClientProfile,
    RequestSpec,
    UserinfoHandling,
    active_specs,
    expand_suffix,
    own_query,
    setting_values,
)
from ._redact import redact, safe_repr
from ._slots import slot_setter
from ._vocab import Protocol

__all__ = [
    "PlannedRequest",
    "Request",
    "plan",
    "resolve",
    "resolve_parsed",
    "target_of",
    "targets",
    "targets_uncached",
]


# Its own __init__ (agroutes._slots: every diagnosis builds one per request) and __repr__
# (which masks secrets).
@dataclass(frozen=True, slots=True, kw_only=True, init=False, repr=False)
class Request:
    """One request a client sends: ``target`` is the request-line target, byte for byte."""

    client: str
    operation: str
    protocol: Protocol
    method: str
    origin: str  # scheme://[userinfo@]host[:port], as the client was given it
    target: str
    #: The client's own reason when it refuses to send this request at all (it never
    #: reaches the proxy), else None.
    refused: str | None = None

    def __init__(
        self,
        *,
        client: str,
        operation: str,
        protocol: Protocol,
        method: str,
        origin: str,
        target: str,
        refused: str | None = None,
    ) -> None:
        _set_client(self, client)
        _set_operation(self, operation)
        _set_protocol(self, protocol)
        _set_method(self, method)
        _set_origin(self, origin)
        _set_target(self, target)
        _set_refused(self, refused)

    @property
    def url(self) -> URL:
        """The full request URL, byte for byte (built on demand: most callers never ask)."""
        return URL(self.origin + self.target, encoded=True)

    @property
    def path(self) -> str:
        """The target without its query: what a router matches."""
        return self.target.partition("?")[0]

    def __str__(self) -> str:
        return redact(f"{self.method} {self.target}")

    def __repr__(self) -> str:
        refused = f", refused={safe_repr(self.refused)}" if self.refused else ""
        return (
            f"Request(client={safe_repr(self.client)}, operation={self.operation!r}, "
            f"method={self.method!r}, url={safe_repr(self.origin + self.target)}{refused})"
        )


_set_client = slot_setter(Request, "client")
_set_operation = slot_setter(Request, "operation")
_set_protocol = slot_setter(Request, "protocol")
_set_method = slot_setter(Request, "method")
_set_origin = slot_setter(Request, "origin")
_set_target = slot_setter(Request, "target")
_set_refused = slot_setter(Request, "refused")


@dataclass(frozen=True, slots=True, kw_only=True)
class PlannedRequest:
    """A request spec with its profile's settings applied: what the join rule receives."""

    spec: RequestSpec
    suffix: str
    query: str | None
    #: The suffix's path split at "/" (what the correction search lines up with routes).
    segments: tuple[str, ...] = field(repr=False)


@compiled(maxsize=1024)
def plan(profile: ClientProfile) -> tuple[PlannedRequest, ...]:
    """The requests ``profile`` sends with its current settings, suffixes expanded.

    >>> [p.suffix for p in plan(get_client("google-genai", api_version="v1beta"))]
    ['/v1beta/models/gemini-2.5-flash:generateContent', \
'/v1beta/models/gemini-2.5-flash:streamGenerateContent', '/v1beta/models']
    """
    values = setting_values(profile)
    out = []
    for spec in active_specs(profile.requests, values):
        suffix = expand_suffix(spec, values)
        segments = tuple(suffix.partition("?")[0].split("/")[1:])
        out.append(
            PlannedRequest(
                spec=spec, suffix=suffix, query=own_query(spec, values), segments=segments
            )
        )
    return tuple(out)


def resolve(base_url: str | URL | BaseURL, client: str | ClientProfile) -> tuple[Request, ...]:
    """Every request ``client`` sends when given ``base_url``, exactly as it sends it.

    >>> [str(r) for r in resolve("http://127.0.0.1:8045/v1", "openai-python")]
    ['POST /v1/chat/completions', 'POST /v1/responses', 'GET /v1/models']
    >>> [str(r) for r in resolve("http://127.0.0.1:8045/v1", "claude-code")]
    ['POST /v1/v1/messages?beta=true']
    """
    return resolve_parsed(parse_base_url(base_url), get_client(client))


def resolve_parsed(base: BaseURL, profile: ClientProfile) -> tuple[Request, ...]:
    """:func:`resolve` for an already parsed Base URL and profile (the diagnosis hot path).

    One request per entry of :func:`plan`, in the same order.
    """
    refused = None
    if base.userinfo is not None and profile.userinfo is UserinfoHandling.REFUSED:
        refused = "the client refuses a Base URL with credentials in it and sends nothing"
    origin = base.origin  # a property that builds its text: once, not once a request
    return tuple(
        Request(
            client=profile.id,
            operation=spec.operation.value,
            protocol=profile.protocol,
            method=spec.method,
            origin=origin,
            target=target,
            refused=refused,
        )
        for spec, target in targets(base.path, base.query, profile)
    )


def targets(
    path: str, query: str | None, profile: ClientProfile
) -> tuple[tuple[RequestSpec, str], ...]:
    """Each request spec ``profile`` sends, with its target for this raw path and query."""
    if cacheable(path, query):
        return _targets_cached(path, query, profile)
    return targets_uncached(path, query, profile)


def target_of(path: str, query: str | None, profile: ClientProfile, p: PlannedRequest) -> str:
    """The target of one planned request of ``profile`` (one entry of :func:`targets`)."""
    return finish(profile.transport, join(profile.join, path, query, p.suffix, p.query))


def targets_uncached(
    path: str, query: str | None, profile: ClientProfile
) -> tuple[tuple[RequestSpec, str], ...]:
    """:func:`targets` without its cache (for searches that must not evict it)."""
    return tuple((p.spec, target_of(path, query, profile, p)) for p in plan(profile))


# A join depends only on the raw path and query, never on the host or port, so Base URLs
# that differ only there (the usual case: many ports, one path) share the string work.
_targets_cached = cached(maxsize=4096)(targets_uncached)
