"""Layer 0: every word agroutes prints, in English and Chinese, in one home.

The seed lesson's readers read Chinese, so every text exists in both languages. Keys are
grouped by the room that uses them: the diagnosis of a Base URL (no prefix; a problem's
key is its :class:`~agroutes.ProblemKind` value), ``path:`` for a path worked back from a
proxy log, ``triage:`` for a proxy's answer, ``cli:`` for the command line's own words, and
``probe:`` for the live probe (kept in :mod:`agroutes._texts_live`, merged in here).
The two tables are kept in the same order, and a test checks that both have every key and
the same ``{fields}`` in each.

Every field is made safe (:func:`agroutes._redact.redact`: secrets masked, control
characters escaped) as it is filled in, so no template can show what a user pasted raw.
"""

from __future__ import annotations

from collections.abc import Mapping

from ._errors import UnknownLanguage
from ._redact import redact
from ._texts_live import LIVE_EN, LIVE_ZH

__all__ = ["LANGS", "check_lang", "text"]

LANGS = ("en", "zh")

_EN: Mapping[str, str] = {
    # --- the diagnosis of a Base URL (agroutes._diagnosis)
    "duplicated-prefix": (
        "the path repeats a version segment ({dup}): the Base URL already ends in it and "
        "{client} adds its own '{suffix}' after it"
    ),
    "stacked-path": (
        "the Base URL already holds an endpoint path ({base_path}) and {client} stacks "
        "its own '{suffix}' on top of it"
    ),
    "missing-prefix": (
        "the proxy serves this under '{want}', but the path lacks that prefix: {client} "
        "appends only '{suffix}', so the Base URL itself must end in '{want}'"
    ),
    "wrong-prefix": (
        "the proxy serves this under '{want}', not under the Base URL's '{base_path}'"
    ),
    "extra-slash": (
        "the path has an empty segment or a trailing '/' and the proxy matches paths "
        "exactly, slashes included"
    ),
    "query-in-base": (
        "the Base URL carries a query ('{query}'); {client} glues its own path on after "
        "it, so the proxy routes '{path}'"
    ),
    "method-not-allowed": "the proxy has this path, but for {allowed}, not {method}",
    "protocol-mismatch": (
        "the proxy routes this path to its {served} handler, not to the {protocol} {operation} one"
    ),
    "unsupported-by-proxy": (
        "no Base URL can make this work: {client} appends '{suffix}' and this proxy has "
        "no {protocol} route that ends that way"
    ),
    "operation-not-served": (
        "this proxy does not serve {operation} at all: {client} appends '{suffix}' and no "
        "Base URL makes that routed; the corrected Base URL serves its other requests"
    ),
    "unknown-route": "no route of this proxy matches the path",
    "redirected": (
        "the proxy's router answers {method} {path} with a {status} redirect to {to}, and "
        "{client} does not follow redirects: it reports the {status} as an error"
    ),
    "redirected-method-changed": (
        "the proxy's router answers {method} {path} with a {status} redirect to {to}; "
        "{client} follows it as a {follows}, and the route does not serve that"
    ),
    "redirected-unknown": (
        "the proxy's router answers {method} {path} with a {status} redirect to {to}; "
        "agroutes has not observed whether {client} follows it keeping the {method}"
    ),
    "base-url-ignored": (
        "{client} sends its requests to its own fixed host whatever Base URL it is given: "
        "no Base URL can route it through this proxy"
    ),
    "credentials-replaces-key": (
        "the Base URL has 'user:password@' in it; {client} turns it into an "
        "'Authorization: Basic' header that replaces the API key"
    ),
    "credentials-added-beside-key": (
        "the Base URL has 'user:password@' in it; {client} sends it as 'Authorization: "
        "Basic' beside the API key, and a proxy that reads Authorization first rejects it"
    ),
    "credentials-refused": (
        "the Base URL has 'user:password@' in it; {client} refuses such a URL and sends "
        "nothing at all"
    ),
    "suggest-base-url": "Use this Base URL instead: {url}",
    "suggest-setting": "Set {settings} on {client}, then use the Base URL {url}",
    "suggest-mode": "Switch {client} to its {mode} mode, with the Base URL {url}",
    "no-fix": "No Base URL, setting or mode that agroutes knows of makes {client} work here",
    "also-works": "Also works: {urls}",
    "also-works-more": "Also works: {urls} (and more, not listed)",
    "header-ok": "{client} with Base URL {base} on {table}: OK",
    "header-bad": "{client} with Base URL {base} on {table}: {count} problem(s)",
    "routed": "routed to {route}",
    "refused": "never sent: {reason}",
    "status-404": "404 Not Found",
    "status-405": "405 Method Not Allowed",
    "status-redirect": "{status} redirect to {to}",
    "followed": "followed: routed to {route}",
    "refused-reason": "the client refuses a Base URL with credentials in it",
    # --- a path worked back from a proxy log (agroutes._logpath)
    "path:routed": "routed to {route}",
    "path:status-404": "404 Not Found (no route)",
    "path:status-405": "405 Method Not Allowed",
    "path:status-404-method": "404 Not Found (this router answers a wrong method with 404)",
    "path:status-redirect": "{status} redirect to {to} (the router's own spelling of the path)",
    "path:status-fallback": "; the proxy's fallback may answer {status} instead{note}",
    "path:kind-duplicated-prefix": (
        "the path repeats a segment ({dup}): the Base URL already ends in it and the client "
        "adds its own"
    ),
    "path:kind-stacked-path": (
        "an endpoint path ({inner}) sits inside the path and the client appended its own "
        "endpoint after it: the Base URL holds an endpoint path"
    ),
    "path:kind-missing-prefix": (
        "the path lacks the prefix '{want}' the proxy serves it under: the Base URL must end in it"
    ),
    "path:kind-wrong-prefix": "the proxy serves this under '{want}', not under '{given}'",
    "path:kind-extra-slash": (
        "the path has an empty segment or a trailing '/', and the proxy matches paths "
        "exactly, slashes included"
    ),
    "path:kind-redirected": (
        "the path differs from a route only by its slashes: this router redirects, and a "
        "client that does not follow the redirect (or turns a POST into a GET) fails"
    ),
    "path:kind-query-in-base": (
        "the Base URL carried a query and the client glued its own path onto it"
    ),
    "path:kind-method-not-allowed": "the proxy has this path, but for {allowed}, not {method}",
    "path:kind-protocol-mismatch": "the path is routed to a handler of another protocol",
    "path:kind-credentials-in-base": "the Base URL carries credentials",
    "path:kind-base-url-ignored": "the client sends to its own host, whatever its Base URL",
    "path:kind-unsupported-by-proxy": (
        "the client that sends this path cannot work on this proxy with any Base URL; "
        "see its suggestions"
    ),
    "path:kind-operation-not-served": (
        "the client that sends this path works on this proxy, but this proxy does not serve "
        "this call at all, with any Base URL"
    ),
    "path:kind-unknown-route": (
        "no route of this proxy matches, and no known mistake explains the path"
    ),
    "path:meant": "most likely meant: {meant} (route {route})",
    "path:senders": "sent by:",
    "path:sender": "{client} with Base URL {base}",
    "path:sep": ": ",
    "path:sender-no-fix": "no Base URL, setting or mode that agroutes knows of works here",
    "path:sender-partial": "(for its {operation} call; its other calls have no route here)",
    "path:sender-withheld": (
        "its Base URL fix is not shown: it is the Base URL with which another client listed"
        " here sent this same path; name your client (--client) to see its own fix"
    ),
    "path:unknown-senders": (
        "Other clients (curl, an SDK agroutes does not profile) send this path too:"
        " if yours is not listed, read the meant route instead."
    ),
    "path:not-sender": (
        "{clients} sends this path from no Base URL agroutes knows of: the log is from"
        " another program (or other settings), so read the meant route instead"
    ),
    "path:rewrite": "a proxy that accepts this mistake can rewrite the path to {path}",
    # --- a proxy's answer triaged (agroutes._triage)
    "triage:routed": "the proxy routed this request; routing is not the problem",
    "triage:no-route": "the router's own 404: no route of {table} matches this path",
    "triage:no-route-json": (
        "a 404 with a JSON body that is not an upstream 'not found', and {table} has no "
        "route for this path: the path is wrong (or another program answers in front)"
    ),
    "triage:not-in-this-version": (
        "{table} routes this path ({route}) but the proxy answered like a router miss: the "
        "running proxy is another version (Antigravity 4.0.0-4.0.10 had no /healthz, "
        "issue #1364), or the handler itself answers 404"
    ),
    "triage:upstream-not-found": (
        "the route exists ({route}); the 404 came from upstream: the model or resource is "
        "not available to this account (a preview name, or no access). The Base URL is fine: "
        "check the model name"
    ),
    "triage:upstream-not-found-unrouted": (
        "the body is an upstream 'not found' ({message}), yet {table} has no route for this "
        "path: the proxy is another version or another program than the table"
    ),
    "triage:auth-required": (
        "the API key is missing or wrong. Send it as 'Authorization: Bearer <key>', "
        "'x-api-key' or 'x-goog-api-key' (a ?key= query is not read); the path is fine"
    ),
    "triage:auth-required-then-404": (
        "401 before 404: {table} checks the API key before it routes, so an unknown path "
        "sent without a valid key answers 401 too. Send the key ('Authorization: Bearer "
        "<key>', 'x-api-key' or 'x-goog-api-key'; a ?key= query is not read), and fix the "
        "path as well:"
    ),
    "triage:auth-after-route": (
        "the route exists and the API key is missing or wrong: this proxy checks the key "
        "only after routing"
    ),
    "triage:key-rejected": (
        "the key was read and refused (a disabled or expired user token, or a template key "
        "still in the proxy's config)"
    ),
    "triage:method-not-allowed": (
        "the path exists, but for {allowed}: the client used the wrong method"
    ),
    "triage:fallback-405": (
        "405 for a path with no route: the web UI fallback serves only GET and HEAD, so an "
        "unknown POST answers 405 (Docker/headless mode). The path is wrong:"
    ),
    "triage:web-ui-fallback": (
        "200 with an HTML page: the web UI fallback answered a path that has no API route, "
        "so the client got the web app instead of JSON ('Unexpected token <'). The path is "
        "wrong:"
    ),
    "triage:not-routed": (
        "{table} has no route for this request, whatever the status says: the answer did "
        "not come from an API route of {table} (a server that answers {status} to any path, "
        "a web page served for every path, another program on this port, or another "
        "version of the proxy). The path is wrong:"
    ),
    "triage:fallback-quirk": (
        "{table} has no route for this request; its fallback answers such paths with "
        "{status} itself{note}, so this is not an API answer. The path is wrong:"
    ),
    "triage:service-stopped": (
        "the proxy service is stopped ('Proxy service is currently disabled', or the app is "
        "still starting): start it on the API proxy page. While it is stopped only /health, "
        "/api/*, /internal/* and /auth/callback answer; /healthz does not"
    ),
    "triage:unsupported-action": (
        "the route exists ({route}) but this version's handler does not implement the "
        "action ('{message}'): Gemini countTokens failed like this before PR #3295"
    ),
    "triage:redirect": (
        "the router redirects to {to} (a trailing '/' added or dropped); a client that does "
        "not follow redirects fails here"
    ),
    "triage:other": "status {status} is not a routing answer that agroutes knows for {table}",
    # --- the command line's own words: headings, summaries (agroutes._cli)
    "cli:check-head": "Base URL {base} on {table} ({title})",
    "cli:col-client": "client",
    "cli:col-result": "result",
    "cli:col-fix": "what to use instead",
    "cli:ok": "ok",
    "cli:fix-base-url": "Base URL {url}",
    "cli:fix-setting": "set {settings}, Base URL {url}",
    "cli:fix-mode": "use {mode}, Base URL {url}",
    "cli:fix-none": "nothing known works",
    "cli:also-works": "also works: {urls}",
    "cli:summary": "{good} of {total} clients work with this Base URL.",
    "cli:details": "Details for one client: agroutes check BASE_URL --client ID",
    "cli:clients-head": "Built-in clients (--client ID[:NAME=VALUE,...]):",
    "cli:col-id": "id",
    "cli:col-title": "name",
    "cli:col-verified": "verified against",
    "cli:col-family": "family",
    "cli:col-evidence": "evidence",
    "cli:evidence-observed": "observed",
    "cli:evidence-from-source": "from source",
    "cli:evidence-declared": "declared",
    "cli:col-shape": "Base URL it wants",
    "cli:host-root": "host root",
    "cli:ends-in-v1": "ends in /v1",
    "cli:ends-in-v1beta": "ends in /v1beta",
    "cli:chat-completions-endpoint": "the endpoint itself",
    "cli:aliases": "Aliases: {aliases}",
    "cli:settings-head": "Settings that change the path (--client ID:NAME=VALUE):",
    "cli:col-setting": "setting",
    "cli:col-default": "default",
    "cli:col-doc": "meaning",
    "cli:unset": "(unset)",
    "cli:tables-head": "Built-in route tables (--routes ID):",
    "cli:col-table": "table",
    "cli:col-routes": "routes",
    "cli:col-source": "source",
    "cli:col-framework": "framework",
    "cli:col-version": "version",
    "cli:alias-of": "= {target}",
    "cli:table-head": "{title} ({id}): {count} routes",
    "cli:table-source": "Source: {source}",
    "cli:table-router": (
        "Router: {router} ({title}): trailing slash {trailing}, doubled slash {double}, "
        "wrong method {wrong}, HEAD {head}"
    ),
    "cli:col-methods": "methods",
    "cli:col-path": "path",
    "cli:col-operation": "operation",
    "cli:col-protocols": "protocols",
}

_ZH: Mapping[str, str] = {
    # --- the diagnosis of a Base URL (agroutes._diagnosis)
    "duplicated-prefix": (
        "路径里版本段重复了（{dup}）：Base URL 已经以它结尾，{client} 又在后面拼了自己的“{suffix}”"
    ),
    "stacked-path": (
        "Base URL 里已经写了具体接口路径（{base_path}），{client} 又在它后面叠加了自己的“{suffix}”"
    ),
    "missing-prefix": (
        "反代把这个接口放在“{want}”下面，但路径缺了这段前缀：{client} 只追加“{suffix}”，"
        "所以 Base URL 本身要以“{want}”结尾"
    ),
    "wrong-prefix": "反代把这个接口放在“{want}”下面，而不是 Base URL 里的“{base_path}”",
    "extra-slash": "路径里有空段（//）或结尾多了“/”，而反代按原样精确匹配路径，不会替你去掉斜杠",
    "query-in-base": (
        "Base URL 带了查询串（“{query}”）；{client} 把自己的路径拼在它后面，"
        "反代实际匹配的是“{path}”"
    ),
    "method-not-allowed": "反代有这个路径，但只接受 {allowed}，不接受 {method}",
    "protocol-mismatch": (
        "反代把这个路径交给了它的 {served} 处理器，而不是 {protocol} {operation} 处理器"
    ),
    "unsupported-by-proxy": (
        "怎么改 Base URL 都不行：{client} 追加的是“{suffix}”，而这个反代没有以此结尾的 "
        "{protocol} 路由"
    ),
    "operation-not-served": (
        "这个反代根本不提供 {operation}：{client} 追加的是“{suffix}”，怎么改 Base URL 都没有路由；"
        "修正后的 Base URL 能让它的其他请求都命中路由"
    ),
    "unknown-route": "这个反代没有任何路由能匹配这个路径",
    "redirected": (
        "反代的路由器对 {method} {path} 回了 {status} 重定向到 {to}，而 {client} 不跟随重定向，"
        "会把这个 {status} 当成错误"
    ),
    "redirected-method-changed": (
        "反代的路由器对 {method} {path} 回了 {status} 重定向到 {to}；{client} 会跟随，"
        "但改用 {follows} 请求，而这个路由不接受"
    ),
    "redirected-unknown": (
        "反代的路由器对 {method} {path} 回了 {status} 重定向到 {to}；agroutes 还没有观察过 "
        "{client} 是否会保持 {method} 跟随重定向"
    ),
    "base-url-ignored": (
        "{client} 不管 Base URL 填什么，都把请求发到它自己固定的地址：没有任何 Base URL "
        "能让它经过这个反代"
    ),
    "credentials-replaces-key": (
        "Base URL 里带了“用户名:密码@”；{client} 会把它变成“Authorization: Basic”请求头，"
        "顶掉了 API Key"
    ),
    "credentials-added-beside-key": (
        "Base URL 里带了“用户名:密码@”；{client} 会在 API Key 之外再发一个"
        "“Authorization: Basic”头，而先读 Authorization 的反代会因此拒绝请求"
    ),
    "credentials-refused": "Base URL 里带了“用户名:密码@”；{client} 拒绝这种 URL，一个请求都不发",
    "suggest-base-url": "请把 Base URL 改成：{url}",
    "suggest-setting": "在 {client} 上设置 {settings}，然后使用 Base URL：{url}",
    "suggest-mode": "把 {client} 切换到 {mode} 模式，Base URL 填：{url}",
    "no-fix": "agroutes 知道的 Base URL、设置和模式都无法让 {client} 在这里工作",
    "also-works": "这些 Base URL 也可用：{urls}",
    "also-works-more": "这些 Base URL 也可用：{urls}（还有更多，未列出）",
    "header-ok": "{client} + Base URL {base}，路由表 {table}：没有问题",
    "header-bad": "{client} + Base URL {base}，路由表 {table}：发现 {count} 个问题",
    "routed": "命中路由 {route}",
    "refused": "不会发出：{reason}",
    "status-404": "404 Not Found（没有这个路由）",
    "status-405": "405 Method Not Allowed（路径对，方法不对）",
    "status-redirect": "{status} 重定向到 {to}",
    "followed": "客户端跟随后命中路由 {route}",
    "refused-reason": "客户端拒绝带凭据的 Base URL",
    # --- a path worked back from a proxy log (agroutes._logpath)
    "path:routed": "命中路由 {route}",
    "path:status-404": "404 Not Found（没有这个路由）",
    "path:status-405": "405 Method Not Allowed（路径对，方法不对）",
    "path:status-404-method": "404 Not Found（这个路由器对方法不对的请求也回 404）",
    "path:status-redirect": "{status} 重定向到 {to}（路由器自己的路径写法）",
    "path:status-fallback": "；代理的兜底应答可能改为 {status}{note}",
    "path:kind-duplicated-prefix": (
        "路径里有一段重复了（{dup}）：Base URL 已经以它结尾，客户端又拼了一次"
    ),
    "path:kind-stacked-path": (
        "路径中间夹着一个具体接口路径（{inner}），客户端又在后面叠加了自己的接口："
        "Base URL 写到了具体接口"
    ),
    "path:kind-missing-prefix": (
        "路径缺了前缀“{want}”，反代把这个接口放在它下面：Base URL 要以它结尾"
    ),
    "path:kind-wrong-prefix": "反代把这个接口放在“{want}”下面，而不是“{given}”",
    "path:kind-extra-slash": "路径里有空段（//）或结尾多了“/”，而反代按原样精确匹配路径",
    "path:kind-redirected": (
        "路径和某个路由只差斜杠：这个路由器会重定向，"
        "不跟随重定向（或把 POST 变成 GET）的客户端会失败"
    ),
    "path:kind-query-in-base": "Base URL 带了查询串，客户端把自己的路径拼在了它后面",
    "path:kind-method-not-allowed": "反代有这个路径，但只接受 {allowed}，不接受 {method}",
    "path:kind-protocol-mismatch": "这个路径交给了另一种协议的处理器",
    "path:kind-credentials-in-base": "Base URL 里带了凭据",
    "path:kind-base-url-ignored": "这个客户端不管 Base URL 填什么，都发到它自己的地址",
    "path:kind-unsupported-by-proxy": (
        "发出这个路径的客户端怎么改 Base URL 都无法在这个反代上工作，请看它的建议"
    ),
    "path:kind-operation-not-served": (
        "发出这个路径的客户端能在这个反代上工作，"
        "但这个反代根本不提供这个调用，怎么改 Base URL 都不行"
    ),
    "path:kind-unknown-route": "这个反代没有任何路由能匹配，也没有已知的错误能解释这个路径",
    "path:meant": "你多半想请求：{meant}（路由 {route}）",
    "path:senders": "会发出这个路径的客户端：",
    "path:sender": "{client}，Base URL 填的是 {base}",
    "path:sep": "：",
    "path:sender-no-fix": "agroutes 知道的 Base URL、设置和模式都无法让它在这里工作",
    "path:sender-partial": "（只针对它的 {operation} 调用；它的其他调用在这里没有路由）",
    "path:sender-withheld": (
        "不给出它的 Base URL 修正：那正是这里列出的另一个客户端发出同一路径时用的 Base URL；"
        "用 --client 指明你的客户端即可看到它自己的修正"
    ),
    "path:unknown-senders": (
        "其他客户端（curl、agroutes 没有建模的 SDK）也会发出这个路径："
        "如果你的客户端不在上面，请看上面“多半想请求”的那个路由。"
    ),
    "path:not-sender": (
        "{clients} 在 agroutes 知道的任何 Base URL 下都不会发出这个路径："
        "日志来自别的程序（或别的设置），请看上面“多半想请求”的那个路由"
    ),
    "path:rewrite": "愿意兼容这个错误的反代可以把路径改写为 {path}",
    # --- a proxy's answer triaged (agroutes._triage)
    "triage:routed": "反代已经把这个请求路由到处理器了，问题不在路由",
    "triage:no-route": "这是路由器自己的 404：{table} 没有任何路由能匹配这个路径",
    "triage:no-route-json": (
        "404 带了 JSON 但不是上游的“找不到”，而 {table} 也没有这个路径的路由：路径错了"
        "（或前面还有别的程序在应答）"
    ),
    "triage:not-in-this-version": (
        "{table} 有这个路由（{route}），但反代的回应像是没有路由：运行的反代是另一个版本"
        "（Antigravity 4.0.0-4.0.10 没有 /healthz，issue #1364），或者处理器自己回了 404"
    ),
    "triage:upstream-not-found": (
        "路由存在（{route}）；这个 404 来自上游：账号用不了这个模型或资源"
        "（预览版名称，或没有权限）。Base URL 没问题，请检查模型名"
    ),
    "triage:upstream-not-found-unrouted": (
        "响应体是上游的“找不到”（{message}），但 {table} 没有这个路径的路由："
        "运行的反代和路由表不是同一个版本或同一个程序"
    ),
    "triage:auth-required": (
        "API Key 没带或不对。用“Authorization: Bearer <key>”、“x-api-key”或“x-goog-api-key”"
        "发送（不读 ?key= 查询参数）；路径本身没问题"
    ),
    "triage:auth-required-then-404": (
        "先 401 后 404：{table} 先鉴权再路由，所以没带对 key 时，不存在的路径也回 401。"
        "先带上 key（“Authorization: Bearer <key>”、“x-api-key”或“x-goog-api-key”；"
        "不读 ?key=），路径也要改："
    ),
    "triage:auth-after-route": "路由存在，API Key 没带或不对：这个反代在路由之后才鉴权",
    "triage:key-rejected": "key 被读到了但被拒绝（用户令牌被停用或过期，或配置里还是示例 key）",
    "triage:method-not-allowed": "路径存在，但只接受 {allowed}：客户端用错了请求方法",
    "triage:fallback-405": (
        "没有路由的路径回了 405：网页界面的兜底只接受 GET 和 HEAD，"
        "所以未知的 POST 会得到 405（Docker/无界面模式）。路径错了："
    ),
    "triage:web-ui-fallback": (
        "200 但返回的是 HTML 页面：网页界面的兜底接住了一个没有 API 路由的路径，"
        "客户端拿到的是网页而不是 JSON（“Unexpected token <”）。路径错了："
    ),
    "triage:not-routed": (
        "不管状态码怎么说，{table} 都没有能处理这个请求的路由：这个应答不是 {table} 的 API "
        "路由给的（可能是对任何路径都回 {status} 的服务器、对所有路径都返回的网页、占用这个端口的"
        "别的程序，或者另一个版本的反代）。路径是错的："
    ),
    "triage:fallback-quirk": (
        "{table} 没有能处理这个请求的路由；它的兜底处理会自己对这类路径回 {status}{note}，"
        "所以这不是 API 的应答。路径是错的："
    ),
    "triage:service-stopped": (
        "反代服务没有启动（“Proxy service is currently disabled”，或应用还在启动）："
        "到“API 反代”页面启动它。停止时只有 /health、/api/*、/internal/* 和 /auth/callback "
        "会应答，/healthz 不会"
    ),
    "triage:unsupported-action": (
        "路由存在（{route}），但这个版本的处理器不支持该动作（“{message}”）："
        "Gemini countTokens 在 PR #3295 之前就是这样失败的"
    ),
    "triage:redirect": (
        "路由器把请求重定向到 {to}（补上或去掉结尾的“/”）；不跟随重定向的客户端会在这里失败"
    ),
    "triage:other": "状态码 {status} 不是 agroutes 所知道的 {table} 的路由应答",
    # --- the command line's own words: headings, summaries (agroutes._cli)
    "cli:check-head": "Base URL {base}，路由表 {table}（{title}）",
    "cli:col-client": "客户端",
    "cli:col-result": "结果",
    "cli:col-fix": "应改用",
    "cli:ok": "正常",
    "cli:fix-base-url": "Base URL 填 {url}",
    "cli:fix-setting": "设置 {settings}，Base URL 填 {url}",
    "cli:fix-mode": "改用 {mode}，Base URL 填 {url}",
    "cli:fix-none": "没有已知的办法",
    "cli:also-works": "也可用：{urls}",
    "cli:summary": "{total} 个客户端中有 {good} 个可以直接使用这个 Base URL。",
    "cli:details": "查看某个客户端的详情：agroutes check BASE_URL --client ID",
    "cli:clients-head": "内置客户端（--client ID[:名称=值,...]）：",
    "cli:col-id": "ID",
    "cli:col-title": "名称",
    "cli:col-verified": "验证所用版本",
    "cli:col-family": "程序",
    "cli:col-evidence": "依据",
    "cli:evidence-observed": "实测",
    "cli:evidence-from-source": "读源码",
    "cli:evidence-declared": "声明",
    "cli:col-shape": "Base URL 应为",
    "cli:host-root": "主机根地址",
    "cli:ends-in-v1": "以 /v1 结尾",
    "cli:ends-in-v1beta": "以 /v1beta 结尾",
    "cli:chat-completions-endpoint": "就是接口地址本身",
    "cli:aliases": "别名：{aliases}",
    "cli:settings-head": "会改变路径的设置（--client ID:名称=值）：",
    "cli:col-setting": "设置",
    "cli:col-default": "默认值",
    "cli:col-doc": "含义",
    "cli:unset": "（未设置）",
    "cli:tables-head": "内置路由表（--routes ID）：",
    "cli:col-table": "路由表",
    "cli:col-routes": "路由数",
    "cli:col-source": "来源",
    "cli:col-framework": "框架",
    "cli:col-version": "版本",
    "cli:alias-of": "= {target}",
    "cli:table-head": "{title}（{id}）：{count} 条路由",
    "cli:table-source": "来源：{source}",
    "cli:table-router": (
        "路由器：{router}（{title}）：结尾斜杠 {trailing}，重复斜杠 {double}，"
        "方法不对 {wrong}，HEAD {head}"
    ),
    "cli:col-methods": "方法",
    "cli:col-path": "路径",
    "cli:col-operation": "操作",
    "cli:col-protocols": "协议",
}

TABLES: Mapping[str, Mapping[str, str]] = {"en": {**_EN, **LIVE_EN}, "zh": {**_ZH, **LIVE_ZH}}


def check_lang(lang: object) -> str:
    """Validate a language code; raises :class:`~agroutes.UnknownLanguage` naming the choices."""
    if not isinstance(lang, str) or lang not in TABLES:
        raise UnknownLanguage(lang, LANGS)
    return lang


def text(lang: str, key: str, **fields: object) -> str:
    """The text for ``key`` in ``lang`` with ``fields`` filled in, each one made safe."""
    template = TABLES[check_lang(lang)][key]
    return template.format(**{name: redact(str(value)) for name, value in fields.items()})
