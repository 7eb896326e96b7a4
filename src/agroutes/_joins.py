"""Layer 2: join rules, i.e. how each real client glues its own suffix onto a Base URL.

Each rule is string arithmetic on the raw path and query, copied from what the client's
code does and checked against what it really sends (``tests/test_observed_clients.py``
replays every observation). None of them is RFC 3986 reference resolution: ``urljoin``
drops the last path segment, which is one of the bugs agroutes diagnoses.

A rule takes the Base URL's raw ``path`` and ``query`` (``None`` when there is no ``?``),
the request's ``suffix`` path and its own ``own_query``, and returns the request target
(path plus query) as the client writes it. The HTTP stack then applies its own last touches
(:func:`finish`): every stack removes ``.``/``..`` segments; Bun's ``fetch`` also collapses
a leading ``//``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

__all__ = [
    "KEEPS_PASTED_ENDPOINT",
    "REWRITING",
    "JoinRule",
    "Transport",
    "finish",
    "join",
    "rewritten",
]


class JoinRule(enum.StrEnum):
    """The join rules seen in real clients. Values are stable ids used in JSON output."""

    #: openai-python from 3.20.0 (``_base_client._enforce_trailing_slash`` + ``_prepare_url``):
    #: a "/" is added to the *path* if missing, then the suffix without its leading "/" is
    #: appended to the whole raw target, query included: ``/v1?x=1`` gives
    #: ``/v1/?x=1chat/completions``.
    HTTPX_PATH_SLASH = "httpx-path-slash"
    #: anthropic-python, and openai-python up to 3.19.2: the same two functions, but the "/"
    #: check looks at the raw path *including* the query: ``/v1?x=1`` gives
    #: ``/v1?x=1/v1/messages``.
    HTTPX_RAW_SLASH = "httpx-raw-slash"
    #: google-genai (``_api_client.join_url_path``): one trailing "/" dropped from the path,
    #: the suffix appended; the Base URL's query is moved after the path, *behind* the SDK's
    #: own query and joined with a second "?": ``?alt=sse?x=1``.
    GENAI_PYTHON = "genai-python"
    #: openai-node (``client.ts`` ``buildURL``): base + suffix with a doubled "/" at the join
    #: dropped; a query in the Base URL is lifted out and put after the path.
    NODE_LIFT_QUERY = "node-lift-query"
    #: the Anthropic TypeScript SDK inside claude-code: base + suffix (doubled "/" at the join
    #: dropped), then the query is re-serialised through ``URLSearchParams``, so a suffix
    #: that landed inside a Base URL query is percent-encoded: ``/v1?x=1%2Fv1%2Fmessages...``.
    SEARCH_PARAMS = "search-params"
    #: ``@google/genai`` JS inside gemini-cli: one trailing "/" dropped from the whole text,
    #: suffix and own query appended, and then the own parameters are *set* again through
    #: ``URLSearchParams`` (which re-serialises the query) — but only when there are some.
    GENAI_JS = "genai-js"
    #: Vercel AI SDK providers (kilo-code) and codex: one trailing "/" dropped from the
    #: whole text, then plain concatenation: ``/v1?x=1`` gives ``/v1?x=1/responses``.
    STRIP_ONE_SLASH = "strip-one-slash"
    #: qwen-code's Responses mode (``normalizeOpenAiWireBaseUrl``): a trailing ``/v1`` or
    #: ``/v1/`` removed from the whole text, then one trailing "/", then the suffix (which
    #: holds its own ``/v1``): ``/v1`` and the host root both give ``/v1/responses``, ``//v1``
    #: gives ``/v1/responses`` too, and ``/v1?x=1`` (which ends in the query) keeps its /v1.
    STRIP_V1 = "strip-v1"
    #: Continue's Anthropic provider: a "/" added to the whole text unless it ends in one,
    #: then the suffix resolved as a *relative* URL (``new URL("messages", apiBase)``). On a
    #: plain path that is concatenation; a query in the Base URL is dropped together with the
    #: last path segment before it: ``/v1?x=1`` gives ``/messages``.
    SLASH_THEN_RESOLVE = "slash-then-resolve"
    #: the Base URL text exactly as typed, then the suffix: ``/v1/`` gives
    #: ``/v1//chat/completions``. The generic families use it for clients that keep a
    #: trailing "/" (and, with an empty suffix, for those that send to the URL as typed).
    CONCAT = "concat"
    #: Cline 4.x (``apps/vscode/src/sdk/cline-session-factory.ts`` ``normalizeSdkBaseUrl``)
    #: before the Vercel AI SDK's strip-one-slash: a Base URL whose path is "/" gets the
    #: path of the provider's default Base URL, ``/v1``::
    #:
    #:     if (!configuredHasPath && defaultHasPath) {
    #:         configuredUrl.pathname = defaultUrl.pathname
    #:         return configuredUrl.toString().replace(/\/$/, "")
    #:
    #: so ``http://h`` and ``http://h/`` send ``/v1/messages``; any other path is kept.
    ROOT_GETS_V1 = "root-gets-v1"
    #: Cline 4.x's Gemini provider: the same rewrite with the default ``/v1beta``, then
    #: ``sdk/packages/llms/src/providers/vendors/google.ts`` ``normalizeGeminiBaseUrl``::
    #:
    #:     const trimmed = baseUrl?.trim().replace(/\/+$/, "");
    #:     const lastSegment = trimmed.slice(trimmed.lastIndexOf("/") + 1);
    #:     return API_VERSION_SEGMENT.test(lastSegment) ? trimmed : `${trimmed}/v1beta`;
    #:
    #: (``/^v\d+(?:alpha|beta)?\d*$/i``), then ``@ai-sdk/google``'s plain concatenation.
    #: The last "segment" is read off the whole text, query included: ``/v1?x=1`` gives
    #: ``/v1?x=1/v1beta/models/...``.
    V1BETA_UNLESS_LAST_VERSION = "v1beta-unless-last-version"
    #: Cherry Studio (``packages/shared/utils/api/index.ts`` ``formatApiHost``, applied to
    #: every provider's API host by ``formatProviderApiHost``) before the Vercel AI SDK's
    #: strip-one-slash::
    #:
    #:     const normalizedHost = withoutTrailingSlash(trim(host))
    #:     const shouldAppendApiVersion = !(normalizedHost.endsWith('#') || !supportApiVersion
    #:                                      || hasAPIVersion(normalizedHost))
    #:     if (shouldAppendApiVersion) { return `${normalizedHost}/${apiVersion}` }
    #:
    #: where ``hasAPIVersion`` looks for ``/\/v\d+(?:alpha|beta)?(?:\/|$)/i`` anywhere in the
    #: WHATWG pathname. One "/" is dropped, then ``/v1`` appended to the whole text (after a
    #: query: ``?x=1`` gives ``/?x=1/v1/chat/completions``) unless the path holds a version
    #: segment anywhere (``/v2/proxy`` keeps it). A trailing ``#`` turns the rewrite off in
    #: Cherry Studio; agroutes refuses a Base URL with a ``#`` (InvalidBaseURL).
    V1_UNLESS_ANY_VERSION = "v1-unless-any-version"
    #: Cherry Studio's Gemini provider: the same, with ``v1beta`` (``formatApiHost(p.apiHost,
    #: av, 'v1beta')``).
    V1BETA_UNLESS_ANY_VERSION = "v1beta-unless-any-version"
    #: litellm from 1.110 (``litellm_core_utils/url_utils.py`` ``join_api_base``): every
    #: trailing "/" dropped from the whole text, and from the path too when a query follows
    #: it, then "/" and the suffix: ``/v1//`` gives ``/v1/responses``, ``/v1/?x=1`` gives
    #: ``/v1?x=1/responses``.
    LITELLM_JOIN = "litellm-join"
    #: litellm from 1.110 for Anthropic (``url_utils.ensure_api_route``): the join above,
    #: unless the path already ends in the suffix: then the Base URL is sent as it is (a
    #: pasted ``/v1/messages`` works, its query kept).
    LITELLM_ENSURE_ROUTE = "litellm-ensure-route"
    #: litellm 1.81 Responses (``OpenAIResponsesAPIConfig.get_complete_url``):
    #: ``api_base.rstrip("/")`` then the suffix: every trailing "/" of the whole text goes,
    #: so ``/v1?x=1/`` gives ``/v1?x=1/responses`` and ``/v1/?x=1`` keeps its "/".
    STRIP_ALL_SLASHES = "strip-all-slashes"
    #: litellm 1.81 for Anthropic (``main.py`` ``completion``): ``if not
    #: api_base.endswith("/v1/messages"): api_base += "/v1/messages"``: the text as typed,
    #: the suffix appended unless the text already ends in it (``/`` gives ``//v1/messages``).
    CONCAT_UNLESS_ENDS = "concat-unless-ends"


#: The rules that send a Base URL as it is when its path already ends in the suffix (a
#: pasted endpoint): for them the whole request path is a Base URL that works too.
KEEPS_PASTED_ENDPOINT = frozenset({JoinRule.LITELLM_ENSURE_ROUTE, JoinRule.CONCAT_UNLESS_ENDS})


class Transport(enum.StrEnum):
    """The HTTP stack under the client, for what it does to the final target."""

    HTTPX = "httpx"
    NODE_FETCH = "node-fetch"
    #: Bun's ``fetch`` collapses a leading ``//`` in the path (seen in claude-code and
    #: kilo-code, both Bun binaries; checked separately with Bun 1.3.14).
    BUN_FETCH = "bun-fetch"
    REQWEST = "reqwest"


def _raw(path: str, query: str | None) -> str:
    return path if query is None else f"{path}?{query}"


def _strip_one(text: str) -> str:
    return text[:-1] if text.endswith("/") else text


def _with_query(target: str, own_query: str | None) -> str:
    return target if own_query is None else f"{target}?{own_query}"


def _httpx_path_slash(path: str, query: str | None, suffix: str, own_query: str | None) -> str:
    base = path or "/"
    if not base.endswith("/"):
        base += "/"
    return _with_query(_raw(base, query) + suffix.lstrip("/"), own_query)


def _httpx_raw_slash(path: str, query: str | None, suffix: str, own_query: str | None) -> str:
    base = _raw(path or "/", query)
    if not base.endswith("/"):
        base += "/"
    return _with_query(base + suffix.lstrip("/"), own_query)


def _genai_python(path: str, query: str | None, suffix: str, own_query: str | None) -> str:
    if query is None and own_query is None:  # the usual case, kept cheap
        return _strip_one(path) + suffix
    queries = [q for q in (own_query, query) if q is not None]
    return _strip_one(path) + suffix + "".join(f"?{q}" for q in queries)


def _node_lift_query(path: str, query: str | None, suffix: str, own_query: str | None) -> str:
    if path.endswith("/") and suffix.startswith("/"):
        suffix = suffix[1:]
    queries = [q for q in (query, own_query) if q is not None]
    return path + suffix + ("?" + "&".join(queries) if queries else "")


def _search_params(path: str, query: str | None, suffix: str, own_query: str | None) -> str:
    if query is None and "?" not in suffix and _settled(own_query):
        # Nothing for URLSearchParams to change: skip the parse and re-serialisation.
        joined = (
            path[:-1] + suffix if path.endswith("/") and suffix.startswith("/") else path + suffix
        )
        return _with_query(joined, own_query)
    base = _raw(path, query)
    if base.endswith("/") and suffix.startswith("/"):
        base = base[:-1]
    target = _with_query(base + suffix, own_query)
    head, qmark, tail = target.partition("?")
    return head + "?" + _form_serialize(_form_parse(tail)) if qmark else target


def _genai_js(path: str, query: str | None, suffix: str, own_query: str | None) -> str:
    target = _with_query(_strip_one(_raw(path, query)) + suffix, own_query)
    if own_query is None or (query is None and "?" not in suffix and _settled(own_query)):
        return target  # nothing for URLSearchParams.set to change
    head, _, tail = target.partition("?")
    pairs = _form_parse(tail)
    for name, value in _form_parse(own_query):
        pairs = _search_params_set(pairs, name, value)
    return head + "?" + _form_serialize(pairs)


def _strip_one_slash(path: str, query: str | None, suffix: str, own_query: str | None) -> str:
    return _with_query(_strip_one(_raw(path, query)) + suffix, own_query)


def _root_gets(path: str, query: str | None, default: str) -> tuple[str, str | None]:
    """normalizeSdkBaseUrl: a WHATWG pathname of "/" becomes ``default``; the URL is then
    serialised again and one trailing "/" of the whole text dropped (only a query can
    still end in one)."""
    if path not in ("", "/"):
        return path, query
    if query is not None and query.endswith("/"):
        query = query[:-1]
    return default, query


_API_VERSION_SEGMENT = re.compile(r"v\d+(?:alpha|beta)?\d*", re.IGNORECASE)


def _root_gets_v1(path: str, query: str | None, suffix: str, own_query: str | None) -> str:
    return _strip_one_slash(*_root_gets(path, query, "/v1"), suffix, own_query)


def _v1beta_unless_version(path: str, query: str | None, suffix: str, own_query: str | None) -> str:
    text = _raw(*_root_gets(path, query, "/v1beta")).rstrip("/")
    if _API_VERSION_SEGMENT.fullmatch(text[text.rfind("/") + 1 :]) is None:
        text += "/v1beta"
    return _with_query(text + suffix, own_query)


_ANY_VERSION = re.compile(r"/v\d+(?:alpha|beta)?(?:/|$)", re.IGNORECASE)


def _unless_any_version(
    path: str, query: str | None, suffix: str, own_query: str | None, version: str
) -> str:
    text = _strip_one(_raw(path, query))
    head = text.partition("?")[0]
    # hasAPIVersion reads the WHATWG pathname: dot segments resolved, "" is "/".
    if _ANY_VERSION.search(_remove_dot_segments("/" + head.lstrip("/") if head else "/")) is None:
        text += "/" + version
    return _with_query(_strip_one(text) + suffix, own_query)


def _v1_unless_any_version(path: str, query: str | None, suffix: str, own_query: str | None) -> str:
    return _unless_any_version(path, query, suffix, own_query, "v1")


def _v1beta_unless_any_version(
    path: str, query: str | None, suffix: str, own_query: str | None
) -> str:
    return _unless_any_version(path, query, suffix, own_query, "v1beta")


_TRAILING_V1 = re.compile(r"/v1/?\Z")  # JavaScript's "$" without the m flag


def _strip_v1(path: str, query: str | None, suffix: str, own_query: str | None) -> str:
    # (baseUrl).replace(/\/v1\/?$/, "").replace(/\/$/, "") + "/v1/responses"
    base = _strip_one(_TRAILING_V1.sub("", _raw(path, query), count=1))
    return _with_query(base + suffix, own_query)


def _slash_then_resolve(path: str, query: str | None, suffix: str, own_query: str | None) -> str:
    # this.apiBase.endsWith("/") || (this.apiBase += "/"); new URL("messages", this.apiBase)
    # The "/" goes on the text, query and all; resolving a relative path reference then
    # keeps the base path up to its last "/" and drops the base query (RFC 3986 5.2.2-3).
    text = _raw(path or "/", query)
    if not text.endswith("/"):
        text += "/"
    base_path = text.partition("?")[0]
    merged = base_path[: base_path.rfind("/") + 1] + suffix.lstrip("/")
    return _with_query(merged, own_query)


def _concat(path: str, query: str | None, suffix: str, own_query: str | None) -> str:
    return _with_query(_raw(path, query) + suffix, own_query)


def _litellm_base(path: str, query: str | None) -> str:
    """``_strip_trailing_slashes_keeping_the_scheme`` (litellm 1.110), on path and query:

        stripped = api_base.rstrip("/")
        parts = urlsplit(stripped)
        if not parts.query or not parts.path.endswith("/"):
            return stripped
        url_before_query, _, query = stripped.partition("?")
        return f"{url_before_query.rstrip('/')}?{query}"

    (Its first branch, for a URL that is a scheme alone, cannot apply to a Base URL with a
    host.)"""
    stripped = _raw(path, query).rstrip("/")
    head, qmark, tail = stripped.partition("?")
    if not (qmark and tail) or not head.endswith("/"):
        return stripped
    return f"{head.rstrip('/')}?{tail}"


def _litellm_join(path: str, query: str | None, suffix: str, own_query: str | None) -> str:
    # join_api_base: f"{_strip_trailing_slashes_keeping_the_scheme(api_base)}/{route.lstrip('/')}"
    return _with_query(_litellm_base(path, query) + "/" + suffix.lstrip("/"), own_query)


def _litellm_ensure_route(path: str, query: str | None, suffix: str, own_query: str | None) -> str:
    # ensure_api_route: if urlsplit(base).path.endswith(f"/{route.lstrip('/')}"): return base
    base = _litellm_base(path, query)
    if base.partition("?")[0].endswith("/" + suffix.lstrip("/")):
        return _with_query(base, own_query)
    return _litellm_join(path, query, suffix, own_query)


def _strip_all_slashes(path: str, query: str | None, suffix: str, own_query: str | None) -> str:
    return _with_query(_raw(path, query).rstrip("/") + suffix, own_query)


def _concat_unless_ends(path: str, query: str | None, suffix: str, own_query: str | None) -> str:
    raw = _raw(path, query)
    return _with_query(raw if raw.endswith(suffix) else raw + suffix, own_query)


_RULES: dict[JoinRule, Callable[[str, str | None, str, str | None], str]] = {
    JoinRule.HTTPX_PATH_SLASH: _httpx_path_slash,
    JoinRule.HTTPX_RAW_SLASH: _httpx_raw_slash,
    JoinRule.GENAI_PYTHON: _genai_python,
    JoinRule.NODE_LIFT_QUERY: _node_lift_query,
    JoinRule.SEARCH_PARAMS: _search_params,
    JoinRule.GENAI_JS: _genai_js,
    JoinRule.STRIP_ONE_SLASH: _strip_one_slash,
    JoinRule.STRIP_V1: _strip_v1,
    JoinRule.SLASH_THEN_RESOLVE: _slash_then_resolve,
    JoinRule.CONCAT: _concat,
    JoinRule.ROOT_GETS_V1: _root_gets_v1,
    JoinRule.V1BETA_UNLESS_LAST_VERSION: _v1beta_unless_version,
    JoinRule.V1_UNLESS_ANY_VERSION: _v1_unless_any_version,
    JoinRule.V1BETA_UNLESS_ANY_VERSION: _v1beta_unless_any_version,
    JoinRule.LITELLM_JOIN: _litellm_join,
    JoinRule.LITELLM_ENSURE_ROUTE: _litellm_ensure_route,
    JoinRule.STRIP_ALL_SLASHES: _strip_all_slashes,
    JoinRule.CONCAT_UNLESS_ENDS: _concat_unless_ends,
}


#: The rules that rewrite a clean Base URL path before they join, and the segment each
#: adds (see :func:`rewritten`).
REWRITING: dict[JoinRule, str] = {
    JoinRule.ROOT_GETS_V1: "v1",
    JoinRule.V1BETA_UNLESS_LAST_VERSION: "v1beta",
    JoinRule.V1_UNLESS_ANY_VERSION: "v1",
    JoinRule.V1BETA_UNLESS_ANY_VERSION: "v1beta",
}


def rewritten(rule: JoinRule, path: str) -> str:
    """The clean path a rule of :data:`REWRITING` turns the clean ``path`` into before it
    joins (every other rule keeps a clean path as it is). The correction search uses it to
    find the paths that the rewrite makes work, such as the host root Cline sends on to
    ``/v1``.

    >>> rewritten(JoinRule.ROOT_GETS_V1, "")
    '/v1'
    >>> rewritten(JoinRule.V1BETA_UNLESS_LAST_VERSION, "/proxy")
    '/proxy/v1beta'
    >>> rewritten(JoinRule.V1BETA_UNLESS_LAST_VERSION, "/proxy/v1")
    '/proxy/v1'
    >>> rewritten(JoinRule.V1_UNLESS_ANY_VERSION, "/v2/proxy")
    '/v2/proxy'
    """
    if rule is JoinRule.ROOT_GETS_V1:
        return _root_gets(path, None, "/v1")[0]
    if rule is JoinRule.V1BETA_UNLESS_LAST_VERSION:
        text = _root_gets(path, None, "/v1beta")[0]
        last = text[text.rfind("/") + 1 :]
        return text if _API_VERSION_SEGMENT.fullmatch(last) else text + "/v1beta"
    segment = REWRITING.get(rule)
    if segment is not None and _ANY_VERSION.search(path or "/") is None:
        return f"{path}/{segment}"
    return path


def join(rule: JoinRule, path: str, query: str | None, suffix: str, own_query: str | None) -> str:
    """Apply ``rule``: the request target the client writes, before its HTTP stack sends it.

    >>> join(JoinRule.HTTPX_PATH_SLASH, "/v1", "x=1", "/chat/completions", None)
    '/v1/?x=1chat/completions'
    >>> join(JoinRule.STRIP_ONE_SLASH, "/v1/", None, "/responses", None)
    '/v1/responses'
    """
    return _RULES[rule](path, query, suffix, own_query)


def finish(transport: Transport, target: str) -> str:
    """What the HTTP stack does to the target on its way out."""
    if (
        target.startswith("/")
        and "/." not in target
        and not (transport is Transport.BUN_FETCH and target.startswith("//"))
    ):
        return target  # nothing to do: the usual case, kept cheap
    return _finish_in_full(transport, target)


def _finish_in_full(transport: Transport, target: str) -> str:
    """:func:`finish` without its shortcut (``tests/test_joins.py`` compares the two)."""
    if not target.startswith("/"):
        # "http://h" + "?x=1/messages": every URL parser gives an empty path the root "/".
        target = "/" + target
    head, qmark, tail = target.partition("?")
    head = _remove_dot_segments(head)
    if transport is Transport.BUN_FETCH and head.startswith("//"):
        head = "/" + head.lstrip("/")
    return head + qmark + tail


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, which WHATWG URL, httpx and the url crate all apply."""
    # The common case, kept cheap: a dot segment follows a "/" (finish() makes sure the
    # path starts with one), and "gemini-2.5-flash" is not one.
    if "/." not in path:
        return path
    segments = path.split("/")
    if not any(s in (".", "..") for s in segments):
        return path
    out: list[str] = []
    for i, seg in enumerate(segments[1:], start=1):
        last = i == len(segments) - 1
        if seg == ".":
            if last:
                out.append("")
        elif seg == "..":
            if out:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(seg)
    return "/" + "/".join(out)


# application/x-www-form-urlencoded, as URLSearchParams parses and serialises it (WHATWG URL
# standard, section 5): only ASCII alphanumerics and "*-._" stay as they are, space is "+".
_FORM_SAFE = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789*-._")


# One "name=value" pair already in URLSearchParams' serialised form.
_SETTLED = re.compile(r"[A-Za-z0-9*\-._]+=[A-Za-z0-9*\-._]*")


def _settled(own_query: str | None) -> bool:
    """Would URLSearchParams give this query back unchanged? (None: there is none.)"""
    return own_query is None or _SETTLED.fullmatch(own_query) is not None


def _form_parse(query: str) -> list[tuple[str, str]]:
    pairs = []
    for chunk in query.split("&"):
        if not chunk:
            continue
        name, _, value = chunk.partition("=")
        pairs.append((_form_decode(name), _form_decode(value)))
    return pairs


def _form_decode(text: str) -> str:
    return unquote_to_bytes(text.replace("+", " ")).decode("utf-8", "replace")


def _form_encode(text: str) -> str:
    out = []
    for byte in text.encode("utf-8", "surrogatepass"):
        if byte in _FORM_SAFE:
            out.append(chr(byte))
        elif byte == 0x20:
            out.append("+")
        else:
            out.append(f"%{byte:02X}")
    return "".join(out)


def _form_serialize(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{_form_encode(n)}={_form_encode(v)}" for n, v in pairs)


def _search_params_set(
    pairs: list[tuple[str, str]], name: str, value: str
) -> list[tuple[str, str]]:
    """``URLSearchParams.set``: replace the first pair named ``name``, drop the others."""
    out: list[tuple[str, str]] = []
    done = False
    for pair in pairs:
        if pair[0] != name:
            out.append(pair)
        elif not done:
            out.append((name, value))
            done = True
    if not done:
        out.append((name, value))
    return out
