"""Layer 0: the live probe's words (``probe:`` keys), in English and Chinese.

Part of :mod:`agroutes._texts`, which merges these tables into its own: one key per
:class:`~agroutes.live.FindingKind` (or its variant), plus the parts of a report. The same
rules hold: both tables have every key, in the same order, with the same ``{fields}``.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["LIVE_EN", "LIVE_ZH"]

LIVE_EN: Mapping[str, str] = {
    "probe:head": "probe {base_url}: {sent} requests to {address}",
    "probe:no-address": "no address (none answered)",
    "probe:reachable": "reachable: {address} accepted the connection",
    "probe:connection-refused": (
        "connection refused on {address}: nothing listens on port {port}; the port is "
        "wrong or the proxy is not started"
    ),
    "probe:connection-refused-default": (
        "connection refused on {address}: nothing listens on port {port}; the port is "
        "wrong or the proxy is not started ({proxy} listens on {origin} by default)"
    ),
    "probe:connection-refused-known": (
        "connection refused on {address}: nothing listens on port {port}; the port is "
        "wrong or the proxy is not started (the known proxies' default ports: {known})"
    ),
    "probe:timeout": (
        "no answer from {address} within {seconds} s: a hung proxy, a firewall, or the wrong host"
    ),
    "probe:dns-failure": "the host {host} does not resolve: {error}",
    "probe:unreachable": "cannot reach {address}: {error}",
    "probe:https-to-plain-http": (
        "the Base URL says https://, but port {port} speaks plain HTTP ({line}): use http://"
    ),
    "probe:http-to-tls": ("the Base URL says http://, but port {port} speaks TLS: use https://"),
    "probe:address-family": (
        "{host} resolves to {first} first, which refused the connection, and {other} "
        "answered: the proxy listens on one address family only, so clients that connect "
        "to {first} get 'connection refused'; write {use} in the Base URL, or make the "
        "proxy listen on both"
    ),
    "probe:address-family-info": (
        "{host}: {first} answered and {other} refused: a client that tries {other} first "
        "and does not fall back (Node 17 to 19) is refused; {use} always works"
    ),
    "probe:healthy": "health: {line} {excerpt}",
    "probe:unhealthy": "health: {line}: the proxy answers but says it is not serving {excerpt}",
    "probe:no-health": "health: no health route answered 200 ({lines})",
    "probe:proxy-identified": (
        "proxy: {table} ({agree} of {informative} answers as its table predicts)"
    ),
    "probe:proxy-identified-many": (
        "proxy: {table} or another release of it ({tables}): {agree} of {informative} "
        "answers fit, and none tells them apart"
    ),
    "probe:proxy-given": "proxy: checked against {table}, as asked",
    "probe:proxy-unknown": (
        "proxy: not one agroutes knows (the best fit, {table}, predicted {agree} of "
        "{informative} answers); give its table with --routes ID|FILE to check the paths "
        "offline too"
    ),
    "probe:proxy-unknown-auth": (
        "proxy: cannot tell which (every answer was 401 or 403); give the key, or its "
        "table with --routes ID|FILE"
    ),
    "probe:proxy-unknown-silent": (
        "proxy: cannot tell which (no answer said anything about routing); give its "
        "table with --routes ID|FILE"
    ),
    "probe:auth-required": (
        "auth: {line}: the proxy wants a key before it routes anything, and none was given, "
        "so no answer below can say whether a path is routed; give the key with "
        "--api-key-env NAME (sent as {header})"
    ),
    "probe:key-rejected": "auth: {line}: the key given was refused (sent as {header})",
    "probe:client-head": "{client}: routed: {answer}",
    "probe:yes": "yes",
    "probe:no": "no",
    "probe:unknown": "cannot tell",
    "probe:followed": "{first}, followed as the client does: {line}",
    "probe:routed": "{line}: routed (the handler answered)",
    "probe:not-routed": "{line}: not routed",
    "probe:method-not-allowed": "{line}: the path exists, for {allow}",
    "probe:redirected": "{line}: redirected to {location}",
    "probe:auth": "{line}: cannot tell (401/403 before routing)",
    "probe:no-answer": "{line}: no answer ({error})",
    "probe:refused-by-client": "{line}: the client would not send it ({reason})",
    "probe:table-disagrees": (
        "{line}: the table {table} says {expected}, but the proxy answered {seen}: the table "
        "is stale, or the proxy is another version"
    ),
    "probe:correction-confirmed": "corrected Base URL {url} confirmed: {answers}",
    "probe:correction-not-confirmed": "corrected Base URL {url} not confirmed: {answers}",
    "probe:answered": "{method} {target} answered {status} ({verdict})",
    "probe:verdict-routed": "routed",
    "probe:verdict-not-routed": "not routed",
    "probe:verdict-unknown": "cannot tell",
    "probe:no-correction": (
        "no corrected Base URL: the proxy's table is not known (give it with --routes)"
    ),
    "probe:no-correction-offline": (
        "no corrected Base URL: offline, no Base URL makes every request routed (see "
        "agroutes check for the setting or mode that works)"
    ),
    "probe:budget-spent": (
        "stopped early: the probe sends at most {requests} requests in {seconds} s"
    ),
    "probe:summary-ok": "All checks passed.",
    "probe:summary-problems": "Problems found: {count}.",
}

LIVE_ZH: Mapping[str, str] = {
    "probe:head": "探测 {base_url}：向 {address} 发送了 {sent} 个请求",
    "probe:no-address": "（无应答的地址）",
    "probe:reachable": "可连接：{address} 接受了连接",
    "probe:connection-refused": (
        "{address} 拒绝连接：端口 {port} 上没有服务在监听，端口写错了或代理没有启动"
    ),
    "probe:connection-refused-default": (
        "{address} 拒绝连接：端口 {port} 上没有服务在监听，端口写错了或代理没有启动"
        "（{proxy} 默认监听 {origin}）"
    ),
    "probe:connection-refused-known": (
        "{address} 拒绝连接：端口 {port} 上没有服务在监听，端口写错了或代理没有启动"
        "（已知代理的默认端口：{known}）"
    ),
    "probe:timeout": "{address} 在 {seconds} 秒内没有应答：代理卡住、被防火墙拦截，或主机写错",
    "probe:dns-failure": "主机名 {host} 无法解析：{error}",
    "probe:unreachable": "无法连到 {address}：{error}",
    "probe:https-to-plain-http": (
        "Base URL 写的是 https://，但端口 {port} 说的是明文 HTTP（{line}）：请改用 http://"
    ),
    "probe:http-to-tls": "Base URL 写的是 http://，但端口 {port} 说的是 TLS：请改用 https://",
    "probe:address-family": (
        "{host} 首先解析到 {first}，它拒绝了连接，而 {other} 有应答：代理只监听一种地址族，"
        "连接 {first} 的客户端会得到“connection refused”；请在 Base URL 中写 {use}，"
        "或让代理同时监听两者"
    ),
    "probe:address-family-info": (
        "{host}：{first} 有应答，{other} 拒绝连接：先试 {other} 且不回退的客户端"
        "（Node 17 至 19）会被拒绝；写 {use} 总是可行"
    ),
    "probe:healthy": "健康检查：{line} {excerpt}",
    "probe:unhealthy": "健康检查：{line}：代理有应答，但表示服务未在运行 {excerpt}",
    "probe:no-health": "健康检查：没有健康检查路由返回 200（{lines}）",
    "probe:proxy-identified": (
        "代理：{table}（{informative} 个应答中有 {agree} 个与其路由表的预测一致）"
    ),
    "probe:proxy-identified-many": (
        "代理：{table} 或它的其他版本（{tables}）：{informative} 个应答中有 {agree} 个相符，"
        "无法进一步区分"
    ),
    "probe:proxy-given": "代理：按指定的 {table} 检查",
    "probe:proxy-unknown": (
        "代理：不是 agroutes 认识的代理（最接近的 {table} 只预测对了 {informative} 个应答中的 "
        "{agree} 个）；用 --routes ID|文件 给出其路由表，即可同时离线检查路径"
    ),
    "probe:proxy-unknown-auth": (
        "代理：无法判断是哪一个（所有应答都是 401 或 403）；请提供密钥，或用 --routes ID|文件 "
        "给出其路由表"
    ),
    "probe:proxy-unknown-silent": (
        "代理：无法判断是哪一个（没有任何应答能说明路由情况）；请用 --routes ID|文件 给出其路由表"
    ),
    "probe:auth-required": (
        "鉴权：{line}：代理在路由之前就要求密钥，而没有提供密钥，因此下面的应答都无法说明"
        "路径是否被路由；请用 --api-key-env 变量名 提供密钥（以 {header} 发送）"
    ),
    "probe:key-rejected": "鉴权：{line}：提供的密钥被拒绝（以 {header} 发送）",
    "probe:client-head": "{client}：已路由：{answer}",
    "probe:yes": "是",
    "probe:no": "否",
    "probe:unknown": "无法判断",
    "probe:followed": "{first}，按客户端的方式跟随重定向：{line}",
    "probe:routed": "{line}：已路由（处理函数作出了应答）",
    "probe:not-routed": "{line}：未路由",
    "probe:method-not-allowed": "{line}：路径存在，但只接受 {allow}",
    "probe:redirected": "{line}：被重定向到 {location}",
    "probe:auth": "{line}：无法判断（路由前返回 401/403）",
    "probe:no-answer": "{line}：没有应答（{error}）",
    "probe:refused-by-client": "{line}：客户端不会发送该请求（{reason}）",
    "probe:table-disagrees": (
        "{line}：路由表 {table} 预测为 {expected}，但代理返回 {seen}：路由表已过时，"
        "或代理是另一个版本"
    ),
    "probe:correction-confirmed": "修正后的 Base URL {url} 已确认：{answers}",
    "probe:correction-not-confirmed": "修正后的 Base URL {url} 未能确认：{answers}",
    "probe:answered": "{method} {target} 返回 {status}（{verdict}）",
    "probe:verdict-routed": "已路由",
    "probe:verdict-not-routed": "未路由",
    "probe:verdict-unknown": "无法判断",
    "probe:no-correction": "没有修正后的 Base URL：不知道该代理的路由表（请用 --routes 给出）",
    "probe:no-correction-offline": (
        "没有修正后的 Base URL：离线检查中没有能让所有请求都被路由的 Base URL"
        "（可行的设置或模式见 agroutes check）"
    ),
    "probe:budget-spent": "提前停止：一次探测最多发送 {requests} 个请求、用时 {seconds} 秒",
    "probe:summary-ok": "全部检查通过。",
    "probe:summary-problems": "发现问题：{count} 个。",
}
