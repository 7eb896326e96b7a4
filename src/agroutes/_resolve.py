"""Layer 2: resolve a Base URL and a client profile into the exact requests it sends."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from yarl import URL

from ._baseurl import BaseURL, parse_base_url
from ._cache import cacheable
from ._clients import ClientProfile, PlannedRequest, Protocol, RequestSpec, UserinfoHandling
from ._clients import client as get_client
from ._construct import positional
from ._joins import finish, join
from ._redact import redact

__all__ = ["Request", "resolve"]


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)  # its own __repr__ masks secrets
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

    @property
    def url(self) -> URL:
        """The full request URL, byte for byte (built on demand: most callers never ask)."""
        return URL(self.origin + self.target, encoded=True)

    @property
    def path(self) -> str:
        """The target without its query: what a router matches."""
        return self.target.partition("?")[0]

    def __str__(self) -> str:
        return f"{self.method} {redact(self.target)}"

    def __repr__(self) -> str:
        refused = f", refused={self.refused!r}" if self.refused else ""
        return (
            f"Request(client={self.client!r}, operation={self.operation!r}, "
            f"method={self.method!r}, url={redact(self.origin + self.target)!r}{refused})"
        )


# (client, operation, protocol, method, origin, target, refused): see agroutes._construct.
_new_request = positional(Request)


def resolve(base_url: str | URL | BaseURL, client: str | ClientProfile) -> tuple[Request, ...]:
    """Every request ``client`` sends when given ``base_url``, exactly as it sends it.

    >>> [str(r) for r in resolve("http://127.0.0.1:8045/v1", "openai-python")]
    ['POST /v1/chat/completions', 'POST /v1/responses', 'GET /v1/models']
    >>> [str(r) for r in resolve("http://127.0.0.1:8045/v1", "claude-code")]
    ['POST /v1/v1/messages?beta=true']
    """
    return resolve_parsed(parse_base_url(base_url), get_client(client))


def resolve_parsed(base: BaseURL, profile: ClientProfile) -> tuple[Request, ...]:
    """:func:`resolve` for an already parsed Base URL and profile (the diagnosis hot path)."""
    refused = None
    if base.userinfo is not None and profile.userinfo is UserinfoHandling.REFUSED:
        refused = "the client refuses a Base URL with credentials in it and sends nothing"
    origin = base.origin
    client, protocol = profile.id, profile.protocol
    # (A list, then a tuple: cheaper than a generator. ``_value_`` is the enum member's
    # plain value, read without the ``value`` property's descriptor call.)
    return tuple(
        [
            _new_request(client, spec.operation._value_, protocol, spec.method, origin, t, refused)
            for spec, t in targets(base.path, base.query, profile)
        ]
    )


def targets(
    path: str, query: str | None, profile: ClientProfile
) -> tuple[tuple[RequestSpec, str], ...]:
    """Each active request spec of ``profile`` with the target it gives for this path."""
    if cacheable(path, query):
        return _targets_cached(path, query, profile)
    return _targets(path, query, profile)


def _targets(
    path: str, query: str | None, profile: ClientProfile
) -> tuple[tuple[RequestSpec, str], ...]:
    return tuple([(p.spec, target_of(path, query, profile, p)) for p in profile.plan])


def target_of(path: str, query: str | None, profile: ClientProfile, p: PlannedRequest) -> str:
    """The target of one planned request of ``profile`` (one entry of :func:`targets`)."""
    plain = p.plain if query is None else None
    if plain is not None:  # the join plan's short form (see agroutes._joins.plain_join)
        target = plain[0](path) + plain[1]
    else:
        target = join(profile.join, path, query, p.suffix, p.query)
    return finish(profile.transport, target)


# A join depends only on the raw path and query, never on the host or port, so Base URLs
# that differ only there (the usual case: many ports, one path) share the string work.
_targets_cached = functools.lru_cache(maxsize=4096)(_targets)
