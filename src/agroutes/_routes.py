"""Layer 3: routes, route patterns and the compiled matcher.

Routes know nothing about clients. A pattern is a path with ``{name}`` parameters; a
parameter takes one whole segment or sits between a static prefix and suffix inside one
segment (``{model}:generateContent``); ``{*name}`` at the end takes the rest of the path.
``:name`` is *not* parameter syntax here, because Gemini paths hold literal colons.

Matching follows matchit (axum's router): the path is matched first, static segments
before parameters before catch-alls, with backtracking; then the method. A path that
matches with the wrong method is a 405 carrying the allowed methods, not a 404. There is
no normalisation: ``/v1/chat/completions/`` and ``/v1//chat/completions`` miss, as they do
on the real proxies.

Go proxies (new-api, one-api, CLIProxyAPI) route with gin, which differs in three ways that
a table states with options (the defaults of ``New()`` in gin.go): one tree per method, so
the method is looked up first and a path that fits only another method's route falls
through (``method_first``); a wrong method answers 404, not 405
(``HandleMethodNotAllowed=false``: ``method_not_allowed=False``); and a path that differs
from a route only by a trailing slash is redirected to it, 301 for GET and 307 otherwise
(``RedirectTrailingSlash=true``: ``redirect_trailing_slash=True``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from ._cache import MAX_KEY_TEXT
from ._clients import Protocol
from ._construct import positional
from ._errors import InvalidRoutePattern, InvalidRouteTable
from ._redact import redact

__all__ = ["ANY_METHOD", "Match", "Route", "RouteTable", "parse_pattern"]

#: The method wildcard: a route with ``methods == frozenset({"*"})`` answers any method.
ANY_METHOD = "*"
_METHOD = re.compile(r"[A-Z]+|\*")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")


@dataclass(frozen=True, slots=True)
class _Static:
    """A segment that must be exactly ``text``."""

    text: str


@dataclass(frozen=True, slots=True)
class _Param:
    """A ``prefix{name}suffix`` segment: the parameter takes the rest, never nothing."""

    name: str
    prefix: str = ""
    suffix: str = ""

    def take(self, segment: str) -> str | None:
        """The parameter's value in ``segment``, or None when the segment does not fit."""
        if not self.prefix and not self.suffix:  # "{model}": the whole segment, if any
            return segment or None
        if len(segment) <= len(self.prefix) + len(self.suffix):
            return None  # a parameter is never empty
        if not segment.startswith(self.prefix) or not segment.endswith(self.suffix):
            return None
        return segment[len(self.prefix) : len(segment) - len(self.suffix)]


@dataclass(frozen=True, slots=True)
class _CatchAll:
    """A ``{*name}`` last segment: takes the rest of the path, slashes included."""

    name: str


_Segment = _Static | _Param | _CatchAll


def parse_pattern(pattern: str) -> tuple[_Segment, ...]:
    """Split a pattern into segments, raising :class:`InvalidRoutePattern` at the bad spot.

    >>> parse_pattern("/v1beta/models/{model}:generateContent")[-1]
    _Param(name='model', prefix='', suffix=':generateContent')
    """
    if not isinstance(pattern, str):
        raise TypeError(f"a route pattern is a str, not {type(pattern).__name__}")
    if not pattern.startswith("/"):
        raise InvalidRoutePattern(pattern, 0, "a pattern starts with '/'")
    if "?" in pattern or "#" in pattern:
        at = min(i for i in (pattern.find("?"), pattern.find("#")) if i != -1)
        raise InvalidRoutePattern(pattern, at, "a pattern is a path; it has no query or fragment")
    segments: list[_Segment] = []
    names: set[str] = set()
    offset = 1
    parts = pattern[1:].split("/")
    for index, part in enumerate(parts):
        segment = _parse_segment(pattern, part, offset)
        if isinstance(segment, _CatchAll) and index != len(parts) - 1:
            raise InvalidRoutePattern(pattern, offset, "a catch-all must be the last segment")
        if isinstance(segment, _Param | _CatchAll):
            if segment.name in names:
                raise InvalidRoutePattern(pattern, offset, f"parameter {segment.name!r} twice")
            names.add(segment.name)
        segments.append(segment)
        offset += len(part) + 1
    return tuple(segments)


def _parse_segment(pattern: str, part: str, offset: int) -> _Segment:
    open_at = part.find("{")
    close_at = part.find("}")
    if open_at == -1 and close_at == -1:
        return _Static(part)
    if close_at == -1:
        raise InvalidRoutePattern(pattern, offset + open_at, "unclosed '{'")
    if open_at == -1 or close_at < open_at:
        raise InvalidRoutePattern(pattern, offset + close_at, "unbalanced '}'")
    rest = part[close_at + 1 :]
    if "{" in rest or "}" in rest:
        raise InvalidRoutePattern(
            pattern, offset + close_at + 1, "one parameter per segment at most"
        )
    name = part[open_at + 1 : close_at]
    prefix = part[:open_at]
    if name.startswith("*"):
        if prefix or rest:
            raise InvalidRoutePattern(pattern, offset, "a catch-all takes a whole segment")
        name = name[1:]
        if _NAME.fullmatch(name) is None:
            raise InvalidRoutePattern(pattern, offset + open_at + 1, "bad catch-all name")
        return _CatchAll(name)
    if _NAME.fullmatch(name) is None:
        raise InvalidRoutePattern(pattern, offset + open_at + 1, f"bad parameter name {name!r}")
    return _Param(name, prefix, rest)


def _shape(segments: tuple[_Segment, ...]) -> tuple[object, ...]:
    """What a route matches, ignoring parameter names: two routes with one shape conflict."""
    return tuple(
        s.text
        if isinstance(s, _Static)
        else ("{}", s.prefix, s.suffix)
        if isinstance(s, _Param)
        else ("{*}",)
        for s in segments
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class Route:
    """Methods and a path pattern, plus the protocol(s) and operation the route serves."""

    pattern: str
    methods: frozenset[str]
    operation: str = "other"
    protocols: frozenset[Protocol] = frozenset()
    source: str = ""  # "file:line" in the proxy's source
    segments: tuple[_Segment, ...] = field(init=False, repr=False, compare=False)
    #: The paths of the route's leading static segments: ``static_heads[k]`` is the first
    #: ``k`` segments ("" for none). Shorter than ``segments`` when a parameter comes first.
    static_heads: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        segments = parse_pattern(self.pattern)
        object.__setattr__(self, "segments", segments)
        heads = [""]
        for segment in segments:
            if not isinstance(segment, _Static):
                break
            heads.append(heads[-1] + "/" + segment.text)
        object.__setattr__(self, "static_heads", tuple(heads))
        methods = frozenset(m.upper() if isinstance(m, str) else m for m in self.methods)
        for m in methods:
            if not isinstance(m, str) or _METHOD.fullmatch(m) is None:
                raise InvalidRoutePattern(self.pattern, 0, f"bad method {m!r} for this pattern")
        if not methods:
            raise InvalidRoutePattern(self.pattern, 0, "a route needs at least one method")
        object.__setattr__(self, "methods", methods)

    @property
    def protocol(self) -> Protocol | None:
        """The route's main protocol (None for health, admin and other routes)."""
        return min(self.protocols) if self.protocols else None

    @property
    def is_static(self) -> bool:
        return len(self.static_heads) == len(self.segments) + 1

    def allows(self, method: str) -> bool:
        return ANY_METHOD in self.methods or method in self.methods

    def __str__(self) -> str:
        return f"{'|'.join(sorted(self.methods))} {self.pattern}"


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)  # its own __repr__ masks secrets
class Match:
    """The result of matching one request: a hit, a wrong method (405) or a miss (404)."""

    method: str
    path: str
    route: Route | None
    params: Mapping[str, str] = field(default_factory=dict)
    #: Non-empty when the path exists but not for this method: the proxy answers 405
    #: (or 404 on a router that does not answer 405, see ``method_not_allowed``).
    allowed_methods: frozenset[str] = frozenset()
    #: False when the router answers a wrong method with 404 (gin's default); the allowed
    #: methods are still listed, so that a diagnosis can say the method is what is wrong.
    method_not_allowed: bool = True
    #: On a miss, the path the router redirects to (gin's RedirectTrailingSlash: the same
    #: path with or without its trailing "/"); ``status`` still says there is no route here.
    redirect: str | None = None

    def __repr__(self) -> str:
        # The path may carry a key that a Base URL query or a pasted token put there.
        route = str(self.route) if self.route is not None else None
        return (
            f"Match(method={redact(self.method)!r}, path={redact(self.path)!r}, "
            f"route={route!r}, allowed_methods={sorted(self.allowed_methods)!r})"
        )

    @property
    def status(self) -> int:
        """What the router answers: 200 for a hit (the handler's own status aside), 405, 404."""
        if self.route is not None:
            return 200
        return 405 if self.allowed_methods and self.method_not_allowed else 404

    @property
    def ok(self) -> bool:
        return self.route is not None


# (method, path, route, params, allowed_methods, method_not_allowed, redirect): see
# agroutes._construct. A match is built on every first sight of a path.
_new_match = positional(Match)
_NONE: frozenset[str] = frozenset()


class _Node:
    """A segment trie node. ``leaf`` maps a method (or "*") to its route."""

    __slots__ = ("catch_all", "leaf", "params", "static")

    def __init__(self) -> None:
        self.static: dict[str, _Node] = {}
        self.params: list[tuple[_Param, _Node]] = []
        self.catch_all: tuple[str, dict[str, Route]] | None = None
        self.leaf: dict[str, Route] | None = None


class RouteTable:
    """An immutable, compiled route table. Build one with :meth:`build` or a preset id.

    A path is looked up by everything before its last "/": that finds a static route
    (whose answers are built with the table) or the routes that end in one parameter there
    (``/v1beta/models/{model}``); the rest walk a segment trie. Answers are remembered per
    ``(method, path)`` in a bounded memo.
    """

    __slots__ = (
        "_by_protocol",
        "_by_static",
        "_by_tail",
        "_heads",
        "_memo",
        "_prefixes",
        "_root",
        "id",
        "implicit_head",
        "method_first",
        "method_not_allowed",
        "mount_prefix",
        "redirect_trailing_slash",
        "routes",
        "source",
        "title",
    )

    id: str
    title: str
    source: str
    routes: tuple[Route, ...]
    mount_prefix: str
    implicit_head: bool
    method_first: bool
    method_not_allowed: bool
    redirect_trailing_slash: bool
    _by_static: dict[str, dict[str, Route]]
    _memo: dict[tuple[str, str], Match]
    _prefixes: dict[Protocol, tuple[str, ...]]
    _by_protocol: dict[Protocol, tuple[Route, ...]]
    _by_tail: dict[tuple[Protocol, str | None], tuple[Route, ...]]
    _root: _Node
    _heads: dict[str, _Head]

    def __init__(
        self,
        routes: Iterable[Route],
        *,
        id: str = "custom",  # noqa: A002 - "id" is the public name of the attribute
        title: str = "",
        source: str = "",
        mount_prefix: str = "",
        implicit_head: bool = True,
        method_first: bool = False,
        method_not_allowed: bool = True,
        redirect_trailing_slash: bool = False,
    ) -> None:
        routes = tuple(routes)
        self._set("id", id)
        self._set("title", title or id)
        self._set("source", source)
        self._set("routes", routes)
        self._set("mount_prefix", mount_prefix)
        # axum answers HEAD with the GET handler; gin does not.
        self._set("implicit_head", implicit_head)
        # The three gin options of the module docstring; the defaults are axum's.
        self._set("method_first", bool(method_first))
        self._set("method_not_allowed", bool(method_not_allowed))
        self._set("redirect_trailing_slash", bool(redirect_trailing_slash))
        by_static: dict[str, dict[str, Route]] = {}
        root = _Node()
        seen: dict[tuple[object, ...], list[tuple[int, Route]]] = {}
        for index, route in enumerate(routes):
            if not isinstance(route, Route):
                raise InvalidRouteTable(f"{route!r} is not a Route", entry=index)
            shape = _shape(route.segments)
            for other_index, other in seen.get(shape, ()):
                both = route.methods & other.methods
                if both or ANY_METHOD in route.methods or ANY_METHOD in other.methods:
                    raise InvalidRouteTable(
                        f"{route} conflicts with entry {other_index} ({other})", entry=index
                    )
            seen.setdefault(shape, []).append((index, route))
            if route.is_static:
                leaf = by_static.setdefault(route.pattern, {})
            else:
                leaf = _insert(root, route.segments)
            for method in route.methods:
                leaf[method] = route
        self._set("_by_static", by_static)
        self._set("_root", root)
        # The answer for a static path and one of its own methods never depends on anything
        # else, so it is built once here.
        answers: dict[str, dict[str, Match]] = {}
        for path, leaf in by_static.items():
            own = {
                m: Match(method=m, path=path, route=r) for m, r in leaf.items() if m != ANY_METHOD
            }
            if implicit_head and "GET" in leaf and "HEAD" not in leaf:
                own["HEAD"] = Match(method="HEAD", path=path, route=leaf["GET"])
            answers[path] = own
        self._set("_heads", _heads(by_static, answers, root))
        # Answers are immutable and depend only on (method, path): a bounded memo makes the
        # repeated paths of a proxy's traffic (and of a 404 storm) a single lookup.
        self._set("_memo", {})
        # Where a path can stop and still lead to a route of a protocol: the mount prefix
        # and every run of static segments a route starts with. Computed once per table
        # (the correction search asks on every broken diagnosis).
        prefixes: dict[Protocol, dict[str, None]] = {}
        for route in routes:
            for protocol in route.protocols:  # a route may start with a parameter
                prefixes.setdefault(protocol, {mount_prefix: None})
            prefix = ""
            for segment in route.segments:
                if not isinstance(segment, _Static):
                    break
                prefix += "/" + segment.text
                for protocol in route.protocols:
                    prefixes[protocol][prefix] = None
        self._set("_prefixes", {p: tuple(found) for p, found in prefixes.items()})
        self._set(
            "_by_protocol",
            {p: tuple(r for r in routes if p in r.protocols) for p in prefixes},
        )
        # The same routes keyed by the text of their last segment (None when a parameter or
        # a catch-all ends them): a request's suffix can only ever end a route whose last
        # segment fits its own, so the correction search compares it with those alone.
        tails: dict[tuple[Protocol, str | None], list[Route]] = {}
        for route in routes:
            last = route.segments[-1]
            text = last.text if isinstance(last, _Static) else None
            for protocol in route.protocols:
                tails.setdefault((protocol, text), []).append(route)
        self._set("_by_tail", {key: tuple(found) for key, found in tails.items()})

    def _set(self, name: str, value: object) -> None:
        _SETATTR(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"RouteTable is immutable; cannot set {name!r}")

    def __repr__(self) -> str:
        return f"<RouteTable {self.id!r}: {len(self.routes)} routes>"

    def __len__(self) -> int:
        return len(self.routes)

    def match(self, method: str, path: str) -> Match:
        """Match a request. ``path`` may carry a query, which routing ignores.

        >>> from agroutes import route_table
        >>> route_table("antigravity").match("GET", "/v1/messages").allowed_methods
        frozenset({'POST'})
        """
        # The bound of agroutes._cache, inlined: this is the hottest line of the package.
        if type(method) is str and type(path) is str and len(path) + len(method) <= MAX_KEY_TEXT:
            memo = self._memo
            key = (method, path)
            found = memo.get(key)
            if found is None:
                found = self._match(method, path)
                # Bounded by emptying it when full rather than by evicting the oldest entry:
                # a first sight then costs one insert (an LRU's bookkeeping and a cold
                # eviction cost more than the match itself), and a path still in use is back
                # after one miss. Under threads, dict operations are atomic; a race only
                # computes an immutable answer twice.
                if len(memo) >= _MEMO_SIZE:
                    memo.clear()
                memo[key] = found
            return found
        return self._match(method, path)

    def cache_clear(self) -> None:
        """Forget the remembered answers (they are rebuilt on demand; for measurements)."""
        self._memo.clear()

    def _match(self, method: str, path: str) -> Match:
        if not isinstance(method, str) or not isinstance(path, str):
            raise TypeError("match(method, path) takes two strings")
        method = method.upper()
        path = path.partition("?")[0]
        # One lookup in a big dict, by everything before the last "/", finds both a static
        # route of this path (with its answers) and the routes that end in a parameter
        # there: on a big table each such lookup is a cache miss.
        static = None
        last = ""
        tails: tuple[tuple[_Param, dict[str, Route]], ...] = ()
        if path.startswith("/"):
            head, _, last = path.rpartition("/")
            found = self._heads.get(head)
            if found is not None:
                statics, tails = found
                entry = statics.get(last)
                if entry is not None:
                    static, answers = entry
                    hit = answers.get(method)
                    if hit is not None:
                        return hit
        if self.method_first:
            return self._match_method_first(method, path)
        # A static path wins over parameters (its other methods make a 405).
        leaf: dict[str, Route] | None = static
        params: Mapping[str, str] = {}
        if leaf is None:
            leaf, params = self._dynamic(path, last, tails, None)
        if leaf is None:
            return self._miss(method, path, frozenset())
        route = leaf.get(method) or leaf.get(ANY_METHOD) or self._pick(leaf, method)
        if route is None:
            return self._miss(method, path, frozenset(leaf))
        return _new_match(method, path, route, params, _NONE, True, None)

    def _pick(self, leaf: Mapping[str, Route], method: str) -> Route | None:
        route = leaf.get(method) or leaf.get(ANY_METHOD)
        if route is None and method == "HEAD" and self.implicit_head:
            route = leaf.get("GET")
        return route

    def _find(
        self, path: str, method: str | None
    ) -> tuple[dict[str, Route] | None, Mapping[str, str]]:
        """The leaf for ``path``; with ``method``, the first leaf that serves it."""
        leaf = self._by_static.get(path)
        if leaf is not None and (method is None or self._pick(leaf, method) is not None):
            return leaf, {}
        found = self._find_dynamic(path, method)
        if found[0] is not None:
            return found
        return (leaf, {}) if method is None else (None, {})

    def _find_dynamic(
        self, path: str, method: str | None
    ) -> tuple[dict[str, Route] | None, Mapping[str, str]]:
        """The first leaf of a route with parameters for ``path`` (that serves ``method``)."""
        if not path.startswith("/"):
            return None, {}
        head, _, last = path.rpartition("/")
        found = self._heads.get(head)
        accept = None if method is None else (lambda leaf: self._pick(leaf, method) is not None)
        return self._dynamic(path, last, found[1] if found is not None else (), accept)

    def _dynamic(
        self,
        path: str,
        last: str,
        tails: tuple[tuple[_Param, dict[str, Route]], ...],
        accept: Callable[[dict[str, Route]], bool] | None,
    ) -> tuple[dict[str, Route] | None, Mapping[str, str]]:
        if not path.startswith("/"):
            return None, {}
        # Static segments and then one parameter (/v1beta/models/{model}): the first answer
        # the trie walk below would reach, without the walk.
        for param, leaf in tails:
            value = param.take(last)
            if value is not None and (accept is None or accept(leaf)):
                return leaf, {param.name: value}
        found = _walk(self._root, path[1:].split("/"), 0, {}, accept)
        return found if found is not None else (None, {})

    def _match_method_first(self, method: str, path: str) -> Match:
        # gin keeps one tree per method: a route of another method never hides this one.
        leaf, params = self._find(path, method)
        if leaf is not None:
            route = self._pick(leaf, method)
            return _new_match(method, path, route, params, _NONE, True, None)
        allowed: set[str] = set()
        static = self._by_static.get(path)
        if static is not None:
            allowed.update(static)
        found = _walk(self._root, path[1:].split("/"), 0, {}) if path.startswith("/") else None
        if found is not None:
            allowed.update(found[0])
        return self._miss(method, path, frozenset(allowed))

    def _miss(self, method: str, path: str, allowed: frozenset[str]) -> Match:
        redirect = None
        if self.redirect_trailing_slash and len(path) > 1:
            # gin tries the path with its trailing "/" removed or added in the method's own
            # tree (tree.go "tsr"), before it looks at other methods.
            other = path[:-1] if path.endswith("/") else path + "/"
            leaf, _ = self._find(other, method)
            if leaf is not None:
                redirect = other
        no_params: dict[str, str] = {}
        return _new_match(method, path, None, no_params, allowed, self.method_not_allowed, redirect)

    def routes_for(self, protocol: Protocol) -> tuple[Route, ...]:
        """The routes serving ``protocol``, in table order."""
        return self._by_protocol.get(protocol, ())

    def routes_ending(self, protocol: Protocol, segment: str) -> tuple[Route, ...]:
        """The ``protocol`` routes whose last segment can be ``segment``: those ending in
        exactly that static text, then those ending in a parameter or a catch-all."""
        return self._by_tail.get((protocol, segment), ()) + self._by_tail.get((protocol, None), ())

    def static_prefixes(self, protocol: Protocol) -> tuple[str, ...]:
        """The mount prefix and every static run of segments a ``protocol`` route starts
        with (``/v1``, ``/v1/chat``, ``/v1/chat/completions``, ...), in table order."""
        return self._prefixes.get(protocol, (self.mount_prefix,))

    def mount(self, prefix: str) -> RouteTable:
        """The same table served under ``prefix`` (a proxy behind nginx at ``/ag``)."""
        if not isinstance(prefix, str):
            raise TypeError("a mount prefix is a str")
        prefix = prefix.rstrip("/")
        if prefix and not prefix.startswith("/"):
            raise InvalidRoutePattern(prefix, 0, "a mount prefix starts with '/'")
        if any(c in prefix for c in "{}?#"):
            raise InvalidRoutePattern(prefix, 0, "a mount prefix is a plain path")
        if not prefix:
            return self
        routes = tuple(
            Route(
                pattern=prefix + r.pattern,
                methods=r.methods,
                operation=r.operation,
                protocols=r.protocols,
                source=r.source,
            )
            for r in self.routes
        )
        return RouteTable(
            routes,
            id=f"{self.id}@mount:{prefix}",
            title=f"{self.title} mounted at {prefix}",
            source=self.source,
            mount_prefix=self.mount_prefix + prefix,
            implicit_head=self.implicit_head,
            method_first=self.method_first,
            method_not_allowed=self.method_not_allowed,
            redirect_trailing_slash=self.redirect_trailing_slash,
        )


_SETATTR = object.__setattr__
_MEMO_SIZE = 4096


def _insert(root: _Node, segments: tuple[_Segment, ...]) -> dict[str, Route]:
    node = root
    for seg in segments:
        if isinstance(seg, _Static):
            node = node.static.setdefault(seg.text, _Node())
        elif isinstance(seg, _Param):
            for existing, child in node.params:
                if existing == seg:
                    node = child
                    break
            else:
                child = _Node()
                node.params.append((seg, child))
                # Longer static context first: "{m}:generateContent" before "{m}".
                node.params.sort(key=lambda pc: -(len(pc[0].prefix) + len(pc[0].suffix)))
                node = child
        else:
            if node.catch_all is None:
                node.catch_all = (seg.name, {})
            return node.catch_all[1]
    if node.leaf is None:
        node.leaf = {}
    return node.leaf


#: Per path before its last "/": the static routes by last segment (the leaf, and the
#: answers by method), and the parameters that end a route there (see :func:`_heads`).
_Head = tuple[
    dict[str, tuple[dict[str, Route], dict[str, Match]]],
    tuple[tuple[_Param, dict[str, Route]], ...],
]


def _heads(
    by_static: dict[str, dict[str, Route]], answers: dict[str, dict[str, Match]], root: _Node
) -> dict[str, _Head]:
    """Everything a path can end in, keyed by the path before its last "/" ("" for a path
    of one segment): the static routes by their last segment, and, for every trie node
    reached from the root through static segments only, its parameters that end a route,
    in the order the walk tries them. (A static child there never ends a route: a route of
    static segments only is kept out of the trie, in ``by_static``.)"""
    statics: dict[str, dict[str, tuple[dict[str, Route], dict[str, Match]]]] = {}
    for pattern, leaf in by_static.items():
        head, _, last = pattern.rpartition("/")
        statics.setdefault(head, {})[last] = (leaf, answers[pattern])
    tails: dict[str, tuple[tuple[_Param, dict[str, Route]], ...]] = {}
    stack = [("", root)]
    while stack:
        head, node = stack.pop()
        ends = tuple((param, child.leaf) for param, child in node.params if child.leaf)
        if ends:
            tails[head] = ends
        stack.extend((f"{head}/{text}", child) for text, child in node.static.items())
    return {head: (statics.get(head, {}), tails.get(head, ())) for head in statics | tails}


def _walk(
    node: _Node,
    parts: list[str],
    i: int,
    params: dict[str, str],
    accept: Callable[[dict[str, Route]], bool] | None = None,
) -> tuple[dict[str, Route], dict[str, str]] | None:
    """Depth-first search of the trie; ``accept`` skips leaves (gin: of another method)."""
    if i == len(parts):
        if node.leaf and (accept is None or accept(node.leaf)):
            return node.leaf, dict(params)
        return None
    part = parts[i]
    child = node.static.get(part)
    if child is not None:
        found = _walk(child, parts, i + 1, params, accept)
        if found is not None:
            return found
    for param, child in node.params:
        value = param.take(part)
        if value is not None:
            params[param.name] = value
            found = _walk(child, parts, i + 1, params, accept)
            del params[param.name]
            if found is not None:
                return found
    if node.catch_all is not None:
        rest = "/".join(parts[i:])
        name, leaf = node.catch_all
        if rest and (accept is None or accept(leaf)):
            return leaf, {**params, name: rest}
    return None
