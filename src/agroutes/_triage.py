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

The Go proxies differ where their source says so (the notes in ``agroutes/tables/``): they
check the key only after routing, so a 401 there means the route exists; new-api's own
404 is JSON ``Invalid URL (...)`` for ``/v1``, ``/api`` and ``/assets`` paths and its web UI
swallows every other unknown path with a 200 HTML page. A user's own table is treated as
Antigravity-like.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Mapping
from dataclasses import dataclass

from ._errors import InvalidRequest
from ._explain import check_lang
from ._logpath import PathDiagnosis, diagnose_path
from ._redact import redact
from ._routes import RouteTable
from ._tables import route_table

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
        texts = _TEXTS[lang]
        lines = [
            f"{self.status} {self.method} {redact(self.path)} on {self.table.id}: "
            + texts[self._template()].format(**dict(self.fields))
        ]
        pd = self.path_diagnosis
        if pd is not None and not pd.ok:
            lines.extend("  " + line for line in pd.explain(lang).splitlines())
        return "\n".join(lines)

    def _template(self) -> str:
        return dict(self.fields).get("template", self.kind.value)

    def __str__(self) -> str:
        return self.explain("en")

    def to_mapping(self) -> dict[str, object]:
        """A JSON-ready view: ``kind``, ``status``, ``method``, ``path``, ``routes``,
        ``body`` (a :class:`BodyShape` value), ``upstream_message``, ``message`` (English)
        and ``path_diagnosis`` (:meth:`PathDiagnosis.to_mapping`, or null)."""
        return {
            "kind": self.kind.value,
            "status": self.status,
            "method": self.method,
            "path": redact(self.path),
            "routes": self.table.id,
            "body": self.body.value,
            "upstream_message": self.upstream_message,
            "message": str(self),
            "path_diagnosis": (
                self.path_diagnosis.to_mapping() if self.path_diagnosis is not None else None
            ),
        }


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
        raise InvalidRequest("status", f"an HTTP status is an int from 100 to 599, not {status!r}")
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
    if status == 405:
        if pd.match.allowed_methods:
            allowed = "/".join(sorted(pd.match.allowed_methods))
            return answer.means(TriageKind.METHOD_NOT_ALLOWED, show_path=False, allowed=allowed)
        if wrong_path:
            return answer.means(TriageKind.WEB_UI_FALLBACK, show_path=True, template="fallback-405")
        return answer.means(TriageKind.OTHER, show_path=False)
    if status == 404:
        return _triage_404(answer, traits)
    if status == 400 and message is not None and _UNSUPPORTED in message.lower():
        return answer.means(TriageKind.UNSUPPORTED_ACTION, show_path=False)
    if 200 <= status < 300:
        if shape is BodyShape.HTML and wrong_path:
            return answer.means(
                TriageKind.WEB_UI_FALLBACK, show_path=True, template="web-ui-fallback"
            )
        return answer.means(TriageKind.ROUTED, show_path=False)
    return answer.means(TriageKind.OTHER, show_path=wrong_path)


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
    try:
        data = json.loads(stripped)
    except ValueError:
        return BodyShape.TEXT, _clip(stripped)
    return BodyShape.JSON, _json_message(data)


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


# --- words -------------------------------------------------------------------------------

_EN: Mapping[str, str] = {
    "routed": "the proxy routed this request; routing is not the problem",
    "no-route": "the router's own 404: no route of {table} matches this path",
    "no-route-json": (
        "a 404 with a JSON body that is not an upstream 'not found', and {table} has no "
        "route for this path: the path is wrong (or another program answers in front)"
    ),
    "not-in-this-version": (
        "{table} routes this path ({route}) but the proxy answered like a router miss: the "
        "running proxy is another version (Antigravity 4.0.0-4.0.10 had no /healthz, "
        "issue #1364), or the handler itself answers 404"
    ),
    "upstream-not-found": (
        "the route exists ({route}); the 404 came from upstream: the model or resource is "
        "not available to this account (a preview name, or no access). The Base URL is fine: "
        "check the model name"
    ),
    "upstream-not-found-unrouted": (
        "the body is an upstream 'not found' ({message}), yet {table} has no route for this "
        "path: the proxy is another version or another program than the table"
    ),
    "auth-required": (
        "the API key is missing or wrong. Send it as 'Authorization: Bearer <key>', "
        "'x-api-key' or 'x-goog-api-key' (a ?key= query is not read); the path is fine"
    ),
    "auth-required-then-404": (
        "401 before 404: {table} checks the API key before it routes, so an unknown path "
        "sent without a valid key answers 401 too. Send the key ('Authorization: Bearer "
        "<key>', 'x-api-key' or 'x-goog-api-key'; a ?key= query is not read), and fix the "
        "path as well:"
    ),
    "auth-after-route": (
        "the route exists and the API key is missing or wrong: this proxy checks the key "
        "only after routing"
    ),
    "key-rejected": (
        "the key was read and refused (a disabled or expired user token, or a template key "
        "still in the proxy's config)"
    ),
    "method-not-allowed": "the path exists, but for {allowed}: the client used the wrong method",
    "fallback-405": (
        "405 for a path with no route: the web UI fallback serves only GET and HEAD, so an "
        "unknown POST answers 405 (Docker/headless mode). The path is wrong:"
    ),
    "web-ui-fallback": (
        "200 with an HTML page: the web UI fallback answered a path that has no API route, "
        "so the client got the web app instead of JSON ('Unexpected token <'). The path is "
        "wrong:"
    ),
    "service-stopped": (
        "the proxy service is stopped ('Proxy service is currently disabled', or the app is "
        "still starting): start it on the API proxy page. While it is stopped only /health, "
        "/api/*, /internal/* and /auth/callback answer; /healthz does not"
    ),
    "unsupported-action": (
        "the route exists ({route}) but this version's handler does not implement the "
        "action ('{message}'): Gemini countTokens failed like this before PR #3295"
    ),
    "redirect": (
        "the router redirects to {to} (a trailing '/' added or dropped); a client that does "
        "not follow redirects fails here"
    ),
    "other": "status {status} is not a routing answer that agroutes knows for {table}",
}

_ZH: Mapping[str, str] = {
    "routed": "反代已经把这个请求路由到处理器了，问题不在路由",
    "no-route": "这是路由器自己的 404：{table} 没有任何路由能匹配这个路径",
    "no-route-json": (
        "404 带了 JSON 但不是上游的“找不到”，而 {table} 也没有这个路径的路由：路径错了"
        "（或前面还有别的程序在应答）"
    ),
    "not-in-this-version": (
        "{table} 有这个路由（{route}），但反代的回应像是没有路由：运行的反代是另一个版本"
        "（Antigravity 4.0.0-4.0.10 没有 /healthz，issue #1364），或者处理器自己回了 404"
    ),
    "upstream-not-found": (
        "路由存在（{route}）；这个 404 来自上游：账号用不了这个模型或资源"
        "（预览版名称，或没有权限）。Base URL 没问题，请检查模型名"
    ),
    "upstream-not-found-unrouted": (
        "响应体是上游的“找不到”（{message}），但 {table} 没有这个路径的路由："
        "运行的反代和路由表不是同一个版本或同一个程序"
    ),
    "auth-required": (
        "API Key 没带或不对。用“Authorization: Bearer <key>”、“x-api-key”或“x-goog-api-key”"
        "发送（不读 ?key= 查询参数）；路径本身没问题"
    ),
    "auth-required-then-404": (
        "先 401 后 404：{table} 先鉴权再路由，所以没带对 key 时，不存在的路径也回 401。"
        "先带上 key（“Authorization: Bearer <key>”、“x-api-key”或“x-goog-api-key”；"
        "不读 ?key=），路径也要改："
    ),
    "auth-after-route": "路由存在，API Key 没带或不对：这个反代在路由之后才鉴权",
    "key-rejected": "key 被读到了但被拒绝（用户令牌被停用或过期，或配置里还是示例 key）",
    "method-not-allowed": "路径存在，但只接受 {allowed}：客户端用错了请求方法",
    "fallback-405": (
        "没有路由的路径回了 405：网页界面的兜底只接受 GET 和 HEAD，"
        "所以未知的 POST 会得到 405（Docker/无界面模式）。路径错了："
    ),
    "web-ui-fallback": (
        "200 但返回的是 HTML 页面：网页界面的兜底接住了一个没有 API 路由的路径，"
        "客户端拿到的是网页而不是 JSON（“Unexpected token <”）。路径错了："
    ),
    "service-stopped": (
        "反代服务没有启动（“Proxy service is currently disabled”，或应用还在启动）："
        "到“API 反代”页面启动它。停止时只有 /health、/api/*、/internal/* 和 /auth/callback "
        "会应答，/healthz 不会"
    ),
    "unsupported-action": (
        "路由存在（{route}），但这个版本的处理器不支持该动作（“{message}”）："
        "Gemini countTokens 在 PR #3295 之前就是这样失败的"
    ),
    "redirect": (
        "路由器把请求重定向到 {to}（补上或去掉结尾的“/”）；不跟随重定向的客户端会在这里失败"
    ),
    "other": "状态码 {status} 不是 agroutes 所知道的 {table} 的路由应答",
}

_TEXTS: Mapping[str, Mapping[str, str]] = {"en": _EN, "zh": _ZH}
