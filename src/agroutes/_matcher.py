"""Layer 3: the compiled matcher: a segment trie behind an index of static answers.

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

A path is looked up first by everything before its last "/": that one dict lookup finds a
static route (whose answers are built with the matcher) or the routes that end in one
parameter there (``/v1beta/models/{model}``); only the rest walk the trie.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ._errors import InvalidRouteTable
from ._patterns import ANY_METHOD, Param, Route, Segment, Static, shape
from ._redact import redact

__all__ = ["Match", "Matcher"]

_NO_PARAMS: Mapping[str, str] = MappingProxyType({})
_NONE: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)  # its own __repr__ masks secrets
class Match:
    """The result of matching one request: a hit, a wrong method (405) or a miss (404).

    Answers are shared values (a table remembers them), so ``params`` is read-only.
    """

    method: str
    path: str
    route: Route | None
    params: Mapping[str, str] = field(default_factory=lambda: _NO_PARAMS)
    #: Non-empty when the path exists but not for this method: the proxy answers 405
    #: (or 404 on a router that does not answer 405, see ``method_not_allowed``).
    allowed_methods: frozenset[str] = frozenset()
    #: False when the router answers a wrong method with 404 (gin's default); the allowed
    #: methods are still listed, so that a diagnosis can say the method is what is wrong.
    method_not_allowed: bool = True
    #: On a miss, the path the router redirects to (gin's RedirectTrailingSlash: the same
    #: path with or without its trailing "/"); ``status`` still says there is no route here.
    redirect: str | None = None

    def __post_init__(self) -> None:
        if type(self.params) is not MappingProxyType:
            object.__setattr__(self, "params", MappingProxyType(dict(self.params)))

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


#: A leaf: the routes at one place of the trie, by method (or "*").
Leaf = dict[str, Route]


class _Node:
    """A segment trie node. ``leaf`` maps a method (or "*") to its route."""

    __slots__ = ("catch_all", "leaf", "params", "static")

    def __init__(self) -> None:
        self.static: dict[str, _Node] = {}
        self.params: list[tuple[Param, _Node]] = []
        self.catch_all: tuple[str, Leaf] | None = None
        self.leaf: Leaf | None = None


#: Per path before its last "/": the static routes by last segment (the leaf, and the
#: answers by method), and the parameters that end a route there (see :func:`_heads`).
_Head = tuple[
    dict[str, tuple[Leaf, dict[str, Match]]],
    tuple[tuple[Param, Leaf], ...],
]


class Matcher:
    """The routes of a table compiled once for matching; knows nothing of memos or ids."""

    __slots__ = (
        "by_static",
        "heads",
        "implicit_head",
        "method_first",
        "method_not_allowed",
        "redirect_trailing_slash",
        "root",
    )

    def __init__(
        self,
        routes: tuple[Route, ...],
        *,
        implicit_head: bool,
        method_first: bool,
        method_not_allowed: bool,
        redirect_trailing_slash: bool,
    ) -> None:
        self.implicit_head = implicit_head
        self.method_first = method_first
        self.method_not_allowed = method_not_allowed
        self.redirect_trailing_slash = redirect_trailing_slash
        by_static: dict[str, Leaf] = {}
        root = _Node()
        seen: dict[tuple[object, ...], list[tuple[int, Route]]] = {}
        for index, route in enumerate(routes):
            route_shape = shape(route.segments)
            for other_index, other in seen.get(route_shape, ()):
                both = route.methods & other.methods
                if both or ANY_METHOD in route.methods or ANY_METHOD in other.methods:
                    raise InvalidRouteTable(
                        f"{route} conflicts with entry {other_index} ({other})", entry=index
                    )
            seen.setdefault(route_shape, []).append((index, route))
            leaf = (
                by_static.setdefault(route.pattern, {})
                if route.is_static
                else _insert(root, route.segments)
            )
            for method in route.methods:
                leaf[method] = route
        self.by_static = by_static
        self.root = root
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
        self.heads = _heads(by_static, answers, root)

    def match(self, method: str, path: str) -> Match:
        """The router's answer for ``method`` and ``path`` (a query is ignored)."""
        method = method.upper()
        path = path.partition("?")[0]
        # One lookup in a big dict, by everything before the last "/", finds both a static
        # route of this path (with its answers) and the routes that end in a parameter
        # there: on a big table each such lookup is a cache miss.
        static = None
        last = ""
        tails: tuple[tuple[Param, Leaf], ...] = ()
        if path.startswith("/"):
            head, _, last = path.rpartition("/")
            found = self.heads.get(head)
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
        leaf: Leaf | None = static
        params: Mapping[str, str] = _NO_PARAMS
        if leaf is None:
            leaf, params = self._dynamic(path, last, tails, None)
        if leaf is None:
            return self._miss(method, path, _NONE)
        route = leaf.get(method) or leaf.get(ANY_METHOD) or self.pick(leaf, method)
        if route is None:
            return self._miss(method, path, frozenset(leaf))
        return Match(method=method, path=path, route=route, params=MappingProxyType(params))

    def pick(self, leaf: Mapping[str, Route], method: str) -> Route | None:
        """The route of ``leaf`` that answers ``method`` (HEAD falls back to GET on axum)."""
        route = leaf.get(method) or leaf.get(ANY_METHOD)
        if route is None and method == "HEAD" and self.implicit_head:
            route = leaf.get("GET")
        return route

    def find(self, path: str, method: str | None) -> tuple[Leaf | None, Mapping[str, str]]:
        """The leaf for ``path``; with ``method``, the first leaf that serves it."""
        leaf = self.by_static.get(path)
        if leaf is not None and (method is None or self.pick(leaf, method) is not None):
            return leaf, _NO_PARAMS
        found = self._find_dynamic(path, method)
        if found[0] is not None:
            return found
        return (leaf, _NO_PARAMS) if method is None else (None, _NO_PARAMS)

    def without_tail_index(self) -> Matcher:
        """A copy that finds every parameter route by walking the trie (for tests that hold
        the index's answers equal to the walk's)."""
        copy = object.__new__(Matcher)
        for name in Matcher.__slots__:
            setattr(copy, name, getattr(self, name))
        copy.heads = {head: (statics, ()) for head, (statics, _tails) in self.heads.items()}
        return copy

    def _find_dynamic(self, path: str, method: str | None) -> tuple[Leaf | None, Mapping[str, str]]:
        """The first leaf of a route with parameters for ``path`` (that serves ``method``)."""
        if not path.startswith("/"):
            return None, _NO_PARAMS
        head, _, last = path.rpartition("/")
        found = self.heads.get(head)
        accept = None if method is None else (lambda leaf: self.pick(leaf, method) is not None)
        return self._dynamic(path, last, found[1] if found is not None else (), accept)

    def _dynamic(
        self,
        path: str,
        last: str,
        tails: tuple[tuple[Param, Leaf], ...],
        accept: Callable[[Leaf], bool] | None,
    ) -> tuple[Leaf | None, Mapping[str, str]]:
        if not path.startswith("/"):
            return None, _NO_PARAMS
        # Static segments and then one parameter (/v1beta/models/{model}): the first answer
        # the trie walk below would reach, without the walk.
        for param, leaf in tails:
            value = param.take(last)
            if value is not None and (accept is None or accept(leaf)):
                return leaf, {param.name: value}
        found = _walk(self.root, path[1:].split("/"), 0, {}, accept)
        return found if found is not None else (None, _NO_PARAMS)

    def _match_method_first(self, method: str, path: str) -> Match:
        # gin keeps one tree per method: a route of another method never hides this one.
        leaf, params = self.find(path, method)
        if leaf is not None:
            route = self.pick(leaf, method)
            return Match(method=method, path=path, route=route, params=params)
        allowed: set[str] = set()
        static = self.by_static.get(path)
        if static is not None:
            allowed.update(static)
        found = _walk(self.root, path[1:].split("/"), 0, {}) if path.startswith("/") else None
        if found is not None:
            allowed.update(found[0])
        return self._miss(method, path, frozenset(allowed))

    def _miss(self, method: str, path: str, allowed: frozenset[str]) -> Match:
        redirect = None
        if self.redirect_trailing_slash and len(path) > 1:
            # gin tries the path with its trailing "/" removed or added in the method's own
            # tree (tree.go "tsr"), before it looks at other methods.
            other = path[:-1] if path.endswith("/") else path + "/"
            leaf, _ = self.find(other, method)
            if leaf is not None:
                redirect = other
        return Match(
            method=method,
            path=path,
            route=None,
            allowed_methods=allowed,
            method_not_allowed=self.method_not_allowed,
            redirect=redirect,
        )


def _insert(root: _Node, segments: tuple[Segment, ...]) -> Leaf:
    node = root
    for seg in segments:
        if isinstance(seg, Static):
            node = node.static.setdefault(seg.text, _Node())
        elif isinstance(seg, Param):
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


def _heads(
    by_static: dict[str, Leaf], answers: dict[str, dict[str, Match]], root: _Node
) -> dict[str, _Head]:
    """Everything a path can end in, keyed by the path before its last "/" ("" for a path
    of one segment): the static routes by their last segment, and, for every trie node
    reached from the root through static segments only, its parameters that end a route,
    in the order the walk tries them. (A static child there never ends a route: a route of
    static segments only is kept out of the trie, in ``by_static``.)"""
    statics: dict[str, dict[str, tuple[Leaf, dict[str, Match]]]] = {}
    for pattern, leaf in by_static.items():
        head, _, last = pattern.rpartition("/")
        statics.setdefault(head, {})[last] = (leaf, answers[pattern])
    tails: dict[str, tuple[tuple[Param, Leaf], ...]] = {}
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
    accept: Callable[[Leaf], bool] | None = None,
) -> tuple[Leaf, dict[str, str]] | None:
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
