"""Layer 4: status triage. What a client saw (status, body, path) means on a proxy.

The seed lesson's first advice is to tell the answers apart before touching the Base URL:
a 401 is not a 404, and not every 404 is a wrong path. On Antigravity Tools
(``reference/antigravity.md`` section 1b and 3) the facts are:

- **401 before 404.** ``auth_middleware`` is a ``Router::layer``, which in axum 0.7 also
  wraps the fallback, so an unknown path sent without a key answers 401, not 404.
- **An empty-body 404 is the router's own:** there is no such route (axum's default
  fallback). Claude Code prints it as "404 status code (no body)".
- **A JSON 404** ``{"error": {"code": 404, "message": "Requested entity was not found.",
  "status": "NOT_FOUND"}}`` came from upstream: the route exists, the model does not (not
  available to the account, or a preview name). Issues #52, #176, #1930, #2055.
- **405**: right path, wrong method; or, in Docker/headless mode, any unknown POST, because
  the web UI fallback (tower-http ``ServeDir``) serves only GET and HEAD (issue #1818).
- **200 with an HTML page**: that same fallback answered an unknown GET with the web app.
- **503** "Proxy service is currently disabled": the proxy service is stopped
  (``middleware/service_status.rs``); ``/health`` still answers, ``/healthz`` does not.
- **400 "Unsupported method: countTokens"**: the route exists, the Gemini handler of
  v3.3.50 does not implement the action (real since PR #3295).

The Go proxies differ where their source says so (the notes in ``agroutes/data/``): they
check the key only after routing, so a 401 there means the route exists; new-api's own
404 is JSON ``Invalid URL (...)`` for ``/v1``, ``/api`` and ``/assets`` paths and its web UI
swallows every other unknown path with a 200 HTML page. A user's own table is treated as
Antigravity-like.

A table may declare how its proxy answers a path it does not route
(:class:`~agroutes.tables.TableQuirks`: "unknown paths answer 200 with an HTML body",
"the fallback answers 405"). Whatever the status, a request the table does not route is
said to be one: an answer that fits the quirks is the fallback's (``web-ui-fallback``,
with the table's note), any other is ``not-routed``. Only a table that declares nothing
(``quirks`` None) keeps the Antigravity-like reading of a 405 and of a 200 HTML page.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass

from ._errors import InvalidRequest, describe
from ._logpath import PathDiagnosis, diagnose_path
from ._presets import route_table
from ._redact import redact, redact_lines, redacted_repr
from ._table import RouteTable
from ._texts import check_lang, text

__all__ = ["BodyShape", "Triage", "TriageKind", "triage"]


class TriageKind(enum.StrEnum):
    """What an answer means. Values are stable strings, used in JSON."""

    ROUTED = "routed"  # the route answered; routing is not the problem
    NO_ROUTE = "no-route"  # the router's own 404: no such route
    #: The table routes the path but the proxy answered like a router miss: another
    #: version of the proxy (Antigravity 4.0.0-4.0.10 had no /healthz, #1364).
    NOT_IN_THIS_VERSION = "not-in-this-version"
    UPSTREAM_NOT_FOUND = "upstream-not-found"  # the route exists; the model does not
    AUTH_REQUIRED = "auth-required"  # 401
    KEY_REJECTED = "key-rejected"  # 403
    METHOD_NOT_ALLOWED = "method-not-allowed"  # 405 on a path that exists
    WEB_UI_FALLBACK = "web-ui-fallback"  # 200 HTML, or 405 for an unknown POST
    #: The table routes no such request, yet the answer is not a router miss (a 200, a
    #: 500, ...) and no declared quirk of the proxy explains it: something other than the
    #: proxy's API answered (LM Studio's 200 for anything, an SPA, another program).
    NOT_ROUTED = "not-routed"
    SERVICE_STOPPED = "service-stopped"  # 503
    UNSUPPORTED_ACTION = "unsupported-action"  # 400 "Unsupported method: countTokens"
    REDIRECT = "redirect"  # gin's trailing-slash redirect
    OTHER = "other"


class BodyShape(enum.StrEnum):
    EMPTY = "empty"
    JSON = "json"
    HTML = "html"
    TEXT = "text"


@dataclass(frozen=True, slots=True)
class _Traits:
    """How a proxy answers around its router (from its source; see the module docstring)."""

    auth_before_routing: bool
    #: Path prefixes whose router miss is a JSON 404 (new-api's RelayNotFound).
    json_404_prefixes: tuple[str, ...] = ()


_ANTIGRAVITY = _Traits(auth_before_routing=True)
_TRAITS: Mapping[str, _Traits] = {
    "antigravity": _ANTIGRAVITY,
    # internal/api/server_routes.go: AuthMiddleware sits on the route groups.
    "cliproxyapi": _Traits(auth_before_routing=False),
    # router/web-router.go NoRoute; TokenAuth is group middleware.
    "new-api": _Traits(auth_before_routing=False, json_404_prefixes=("/v1", "/api", "/assets")),
}

# Upstream "not found" texts (Google's API errors, relayed by the proxy).
_UPSTREAM_NOT_FOUND = ("requested entity was not found", "could not be found", "not_found")
_UNSUPPORTED = "unsupported method"
_MAX_BODY = 64 * 1024


@redacted_repr
@dataclass(frozen=True, slots=True, kw_only=True)
class Triage:
    """The meaning of one answer, and the path diagnosis when the path is part of it."""

    kind: TriageKind
    status: int
    method: str
    path: str
    table: RouteTable
    body: BodyShape
    #: The error message in a JSON or text body (redacted, clipped), if any.
    upstream_message: str | None
    #: Set whenever the path itself is wrong, or may be.
    path_diagnosis: PathDiagnosis | None
    fields: tuple[tuple[str, str], ...] = ()

    def explain(self, lang: str = "en") -> str:
        """A readable explanation; ``lang`` is ``"en"`` or ``"zh"``."""
        check_lang(lang)
        lines = [
            f"{self.status} {self.method} {redact(self.path)} on {self.table.id}: "
            + text(lang, "triage:" + self._template(), **dict(self.fields))
        ]
        pd = self.path_diagnosis
        if pd is not None and not pd.ok:
            lines.extend("  " + line for line in pd.explain(lang).splitlines())
        return redact_lines(lines)

    def _template(self) -> str:
        return dict(self.fields).get("template", self.kind.value)

    def __str__(self) -> str:
        return self.explain("en")

    def to_mapping(self) -> dict[str, object]:
        """A JSON-ready view: ``kind``, ``status``, ``method``, ``path``, ``routes``,
        ``body`` (a :class:`BodyShape` value), ``upstream_message``, ``message`` (English)
        and ``path_diagnosis`` (:meth:`PathDiagnosis.to_mapping`, or null)."""
        from ._json import triage_mapping  # noqa: PLC0415 - the faces sit above

        return triage_mapping(self)


def triage(
    status: int,
    path: str,
    *,
    body: str | bytes | None = None,
    method: str = "POST",
    content_type: str | None = None,
    routes: str | RouteTable = "antigravity",
) -> Triage:
    """Say what ``status`` (with ``body``) for ``method path`` means on the proxy.

    >>> triage(404, "/v1/v1/messages", body=b"").kind.value
    'no-route'
    >>> t = triage(404, "/v1/messages", body='{"error": {"code": 404, '
    ...            '"message": "Requested entity was not found.", "status": "NOT_FOUND"}}')
    >>> t.kind.value, t.upstream_message
    ('upstream-not-found', 'Requested entity was not found.')
    >>> triage(401, "/v1/chat/completions/responses").path_diagnosis.kind.value
    'stacked-path'
    """
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        shown = describe(status)
        raise InvalidRequest("status", f"an HTTP status is an int from 100 to 599, not {shown}")
    table = route_table(routes)
    pd = diagnose_path(method, path, routes=table)
    shape, message = _read_body(body, content_type)
    answer = _Answer(status=status, table=table, pd=pd, shape=shape, message=message)
    traits = _traits(table)
    wrong_path = not pd.ok
    if status == 503:
        return answer.means(TriageKind.SERVICE_STOPPED, show_path=wrong_path)
    if status == 401:
        if traits.auth_before_routing:
            template = "auth-required-then-404" if wrong_path else "auth-required"
        else:
            template = "auth-after-route"
        return answer.means(TriageKind.AUTH_REQUIRED, show_path=wrong_path, template=template)
    if status == 403:
        return answer.means(TriageKind.KEY_REJECTED, show_path=wrong_path)
    if status in (301, 302, 307, 308):
        to = redact(pd.match.redirect) if pd.match.redirect else "?"
        return answer.means(TriageKind.REDIRECT, show_path=True, to=to)
    if status == 405 and pd.match.allowed_methods:
        allowed = "/".join(sorted(pd.match.allowed_methods))
        return answer.means(TriageKind.METHOD_NOT_ALLOWED, show_path=False, allowed=allowed)
    if status == 404:
        return _triage_404(answer, traits)
    if wrong_path:  # whatever the status says, the table routes no such request
        return _not_routed(answer)
    if status == 405:
        return answer.means(TriageKind.OTHER, show_path=False)
    if status == 400 and message is not None and _UNSUPPORTED in message.lower():
        return answer.means(TriageKind.UNSUPPORTED_ACTION, show_path=False)
    if 200 <= status < 300:
        return answer.means(TriageKind.ROUTED, show_path=False)
    return answer.means(TriageKind.OTHER, show_path=False)


def _not_routed(answer: _Answer) -> Triage:
    """An answer other than a router miss to a request the table does not route: the
    fallback's, when the table's quirks say so, else not the proxy's API."""
    quirks = answer.table.quirks
    pd, status, shape = answer.pd, answer.status, answer.shape
    unknown = pd.match.route is None and pd.match.redirect is None
    if quirks is None:  # nothing declared: read it as Antigravity's web UI fallback would be
        if status == 405:
            return answer.means(TriageKind.WEB_UI_FALLBACK, show_path=True, template="fallback-405")
        if 200 <= status < 300 and shape is BodyShape.HTML:
            return answer.means(
                TriageKind.WEB_UI_FALLBACK, show_path=True, template="web-ui-fallback"
            )
    elif unknown and not pd.match.allowed_methods:
        expected, body = answer.table.fallback(pd.method, pd.path)
        if expected == status and (body is None or body == shape.value):
            note = f" ({quirks.note})" if quirks.note else ""
            return answer.means(
                TriageKind.WEB_UI_FALLBACK, show_path=True, template="fallback-quirk", note=note
            )
    return answer.means(TriageKind.NOT_ROUTED, show_path=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Answer:
    """What the client saw, with the path diagnosis: the facts every verdict is built on."""

    status: int
    table: RouteTable
    pd: PathDiagnosis
    shape: BodyShape
    message: str | None

    def means(self, kind: TriageKind, *, show_path: bool, **fields: str) -> Triage:
        fields.setdefault("table", self.table.id)
        fields.setdefault("status", str(self.status))
        fields.setdefault("route", str(self.pd.route) if self.pd.route is not None else "")
        fields.setdefault("message", self.message or "")
        return Triage(
            kind=kind,
            status=self.status,
            method=self.pd.method,
            path=self.pd.target,
            table=self.table,
            body=self.shape,
            upstream_message=self.message,
            path_diagnosis=self.pd if show_path else None,
            fields=tuple(fields.items()),
        )


def _triage_404(answer: _Answer, traits: _Traits) -> Triage:
    pd, shape = answer.pd, answer.shape
    lowered = (answer.message or "").lower()
    if shape is BodyShape.JSON and any(s in lowered for s in _UPSTREAM_NOT_FOUND):
        if pd.ok:
            return answer.means(TriageKind.UPSTREAM_NOT_FOUND, show_path=False)
        return answer.means(
            TriageKind.UPSTREAM_NOT_FOUND, show_path=True, template="upstream-not-found-unrouted"
        )
    if pd.ok:
        if shape is BodyShape.EMPTY:
            return answer.means(TriageKind.NOT_IN_THIS_VERSION, show_path=False)
        # A body from a routed path: the handler's own 404 (a model, a disabled MCP server).
        return answer.means(TriageKind.UPSTREAM_NOT_FOUND, show_path=False)
    expected_json = any(pd.path.startswith(p) for p in traits.json_404_prefixes)
    template = "no-route-json" if shape is BodyShape.JSON and not expected_json else "no-route"
    return answer.means(TriageKind.NO_ROUTE, show_path=True, template=template)


def _traits(table: RouteTable) -> _Traits:
    for name, traits in _TRAITS.items():
        if table.id == name or table.id.startswith((f"{name}@", f"{name}-")):
            return traits
    return _ANTIGRAVITY


def _read_body(body: str | bytes | None, content_type: str | None) -> tuple[BodyShape, str | None]:
    if content_type is not None and not isinstance(content_type, str):
        raise TypeError(f"a content type is a str, not {type(content_type).__name__}")
    if body is None:
        return BodyShape.EMPTY, None
    if isinstance(body, bytes | bytearray):
        text = bytes(body[:_MAX_BODY]).decode("utf-8", "replace")
    elif isinstance(body, str):
        text = body[:_MAX_BODY]
    else:
        raise TypeError(f"a body is str or bytes, not {type(body).__name__}")
    stripped = text.strip()
    if not stripped:
        return BodyShape.EMPTY, None
    kind = (content_type or "").lower()
    if "html" in kind or stripped.startswith("<"):
        return BodyShape.HTML, None
    # The body is untrusted: it is clipped above, its numbers are never converted (no
    # message is one; a long one is quadratic to convert), and nesting deeper than the
    # decoder recurses (it does once per "[" or "{") is read as text, not raised.
    try:
        data = json.loads(stripped, parse_int=_number)
    except (ValueError, RecursionError):
        return BodyShape.TEXT, _clip(stripped)
    return BodyShape.JSON, _json_message(data)


def _number(text: str) -> int | None:
    return int(text) if len(text) <= 20 else None


def _json_message(data: object) -> str | None:
    """The message of the usual error shapes: OpenAI/Google ``{"error": {"message"}}``,
    ``{"error": "text"}``, ``{"message"}``."""
    if not isinstance(data, Mapping):
        return None
    error = data.get("error", data)
    if isinstance(error, str):
        return _clip(error)
    if isinstance(error, Mapping):
        for key in ("message", "status", "code"):
            value = error.get(key)
            if isinstance(value, str) and value:
                return _clip(value)
    return None


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return redact(text if len(text) <= 200 else text[:200] + "…")
