"""Layer 2: resolve a Base URL and a client profile into the exact requests it sends."""

from __future__ import annotations

from dataclasses import dataclass

from yarl import URL

from ._baseurl import BaseURL, parse_base_url
from ._clients import ClientProfile, Protocol, RequestSpec, UserinfoHandling, client
from ._joins import finish, join
from ._redact import redact

__all__ = ["Request", "resolve"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Request:
    """One request a client sends: ``target`` is the request-line target, byte for byte."""

    client: str
    operation: str
    protocol: Protocol
    method: str
    url: URL
    target: str
    #: The client's own reason when it refuses to send this request at all (it never
    #: reaches the proxy), else None.
    refused: str | None = None

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
            f"method={self.method!r}, url={redact(str(self.url))!r}{refused})"
        )


def resolve(base_url: str | URL | BaseURL, client_: str | ClientProfile) -> tuple[Request, ...]:
    """Every request ``client_`` sends when given ``base_url``, exactly as it sends it.

    >>> [str(r) for r in resolve("http://127.0.0.1:8045/v1", "openai-python")]
    ['POST /v1/chat/completions', 'POST /v1/responses', 'GET /v1/models']
    >>> [str(r) for r in resolve("http://127.0.0.1:8045/v1", "claude-code")]
    ['POST /v1/v1/messages?beta=true']
    """
    return resolve_parsed(parse_base_url(base_url), client(client_))


def resolve_parsed(base: BaseURL, profile: ClientProfile) -> tuple[Request, ...]:
    """:func:`resolve` for an already parsed Base URL and profile (the diagnosis hot path)."""
    refused = None
    if base.userinfo is not None and profile.userinfo is UserinfoHandling.REFUSED:
        refused = "the client refuses a Base URL with credentials in it and sends nothing"
    origin = base.origin
    out = []
    for spec in _active_specs(profile):
        target = finish(
            profile.transport,
            join(profile.join, base.path, base.query, _expand(spec, profile), spec.query),
        )
        out.append(
            Request(
                client=profile.id,
                operation=spec.operation.value,
                protocol=profile.protocol,
                method=spec.method,
                url=URL(origin + target, encoded=True),
                target=target,
                refused=refused,
            )
        )
    return tuple(out)


def _active_specs(profile: ClientProfile) -> tuple[RequestSpec, ...]:
    if not any(s.auto_routing_only for s in profile.requests):
        return profile.requests
    auto = profile.setting("model") is None
    return tuple(s for s in profile.requests if auto or not s.auto_routing_only)


def _expand(spec: RequestSpec, profile: ClientProfile) -> str:
    suffix = spec.suffix
    if "{" not in suffix:
        return suffix
    if "{version}" in suffix:
        version = profile.setting("api_version") or ""
        suffix = suffix.replace("{version}", f"/{version}" if version else "")
    if "{model}" in suffix:
        model = spec.model or profile.setting("model") or _DEFAULT_MODEL.get(profile.id, "")
        suffix = suffix.replace("{model}", model)
    return suffix


# gemini-cli's main model in auto-routing mode (observed with 0.61.0).
_DEFAULT_MODEL = {"gemini-cli": "gemini-3.8-flash"}
