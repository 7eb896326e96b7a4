"""Layer 4: the words. English and Chinese texts for problems, suggestions and summaries.

The seed lesson's readers read Chinese, so every text exists in both languages; the two
tables below are kept in the same order so that a missing entry is easy to spot (and a
test checks that both have every key).
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["LANGS", "text"]

LANGS = ("en", "zh")

_EN: Mapping[str, str] = {
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
    "unknown-route": "no route of this proxy matches the path",
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
    "header-ok": "{client} with Base URL {base} on {table}: OK",
    "header-bad": "{client} with Base URL {base} on {table}: {count} problem(s)",
    "routed": "routed to {route}",
    "refused": "never sent: {reason}",
    "status-404": "404 Not Found",
    "status-405": "405 Method Not Allowed",
    "refused-reason": "the client refuses a Base URL with credentials in it",
}

_ZH: Mapping[str, str] = {
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
    "unknown-route": "这个反代没有任何路由能匹配这个路径",
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
    "header-ok": "{client} + Base URL {base}，路由表 {table}：没有问题",
    "header-bad": "{client} + Base URL {base}，路由表 {table}：发现 {count} 个问题",
    "routed": "命中路由 {route}",
    "refused": "不会发出：{reason}",
    "status-404": "404 Not Found（没有这个路由）",
    "status-405": "405 Method Not Allowed（路径对，方法不对）",
    "refused-reason": "客户端拒绝带凭据的 Base URL",
}

_TABLES: Mapping[str, Mapping[str, str]] = {"en": _EN, "zh": _ZH}


def check_lang(lang: str) -> str:
    """Validate a language code; raises ValueError naming the choices."""
    if lang not in _TABLES:
        raise ValueError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    return lang


def text(lang: str, key: str, **fields: object) -> str:
    """The text for ``key`` in ``lang`` with ``fields`` filled in."""
    return _TABLES[check_lang(lang)][key].format(**fields)
