"""Layer 3: the compiled matcher: a segment trie of a table's routes, compiled into one
generated Python function.

Matching follows matchit (axum's router): the path is matched first, static segments
before parameters before catch-alls, with backtracking; then the method. A path that
matches with the wrong method is a 405 carrying the allowed methods, not a 404. There is
no normalisation: ``/v1/chat/completions/`` and ``/v1//chat/completions`` miss, as they do
on the real proxies.

Other frameworks differ as their :class:`~agroutes._routers.RouterSemantics` says. Go
proxies (new-api, one-api, CLIProxyAPI) route with gin: one tree per method, so the method
is looked up first and a path that fits only another method's route falls through
(``method_first``); a wrong method answers 404, not 405 (``method_not_allowed=False``); and
a path that differs from a route only by a trailing slash is redirected to it, 301 for GET
and 307 otherwise. Starlette redirects that path for any method, with 307; Go's ServeMux
redirects a path with ``//`` to the cleaned path; fastify lets a parameter take an empty
segment. Every such second look happens on a miss, in :meth:`Matcher._miss`, which the
compiled function calls for every miss of a router that has one.

Why this module generates code, the one place in agroutes that does (issue 17): a path
seen for the first time (a proxy's first request for each model name, every path of a
404 storm) is matched by walking the trie, and a walk that interprets the trie pays, at
every segment, for a loop, a stack and a dict per node. falcon's ``CompiledRouter`` shows
the way out in pure Python: write the walk out once per table, as nested ``if``
statements over the path's segments, and compile it. :mod:`agroutes._compile` writes the
source (every text from a route pattern through ``repr()``, every value by name; see its
docstring); :meth:`Matcher.compiled` compiles it with ``compile()`` and runs the module
with ``exec()`` in a namespace of those names and ``len`` alone. A table does so once it
has walked :data:`COMPILE_AFTER` paths it had not seen. The source stays readable, for
debugging: ``RouteTable.matcher_source()``.

The plain walk (:func:`walk`, a loop with an explicit stack, so that no pattern or path
is too deep for it) stays: it is the reference that the property tests hold the compiled
function equal to, it answers a table's first new paths, and what the compiled function
hands back: paths that go deeper into the trie than the generated code does, and gin's
misses.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from ._errors import InvalidRouteTable
from ._patterns import ANY_METHOD, CatchAll, Param, Route, Segment, Static, shape
from ._redact import safe_repr
from ._routers import DoubleSlash, RouterSemantics, TrailingSlash
from ._slots import slot_setter

__all__ = ["Match", "Matcher", "walk"]

_NO_PARAMS: Mapping[str, str] = MappingProxyType({})
_NONE: frozenset[str] = frozenset()
#: A table answers the first paths it has not seen by walking its trie, and compiles
#: itself once it has walked this many: compiling costs about 40 us a route (6 ms for
#: Antigravity's 165), which a command-line check (some 20 paths) would never win back.
COMPILE_AFTER = 100


# Its own __init__ (see there) and __repr__ (which masks secrets).
@dataclass(frozen=True, slots=True, kw_only=True, init=False, repr=False)
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
    #: On a miss, the path the router redirects to: the ``Location`` of its answer, less
    #: the query, which the frameworks keep (gin's and Starlette's trailing-slash
    #: redirect, ServeMux's cleaned path); ``status`` is then the redirect's status.
    redirect: str | None = None
    #: The status of that redirect (301, 307...), None when there is none.
    redirect_status: int | None = None

    def __init__(
        self,
        *,
        method: str,
        path: str,
        route: Route | None,
        params: Mapping[str, str] = _NO_PARAMS,
        allowed_methods: frozenset[str] = _NONE,
        method_not_allowed: bool = True,
        redirect: str | None = None,
        redirect_status: int | None = None,
    ) -> None:
        # The __init__ a frozen dataclass would generate, written out to store each field
        # through its slot's descriptor (agroutes._slots): a first-seen path builds one.
        if type(params) is not MappingProxyType:
            params = MappingProxyType(dict(params))
        _set_method(self, method)
        _set_path(self, path)
        _set_route(self, route)
        _set_params(self, params)
        _set_allowed_methods(self, allowed_methods)
        _set_method_not_allowed(self, method_not_allowed)
        _set_redirect(self, redirect)
        _set_redirect_status(self, redirect_status if redirect is not None else None)

    def __repr__(self) -> str:
        # The path may carry a key that a Base URL query or a pasted token put there.
        route = str(self.route) if self.route is not None else None
        return (
            f"Match(method={safe_repr(self.method)}, path={safe_repr(self.path)}, "
            f"route={safe_repr(route)}, allowed_methods={sorted(self.allowed_methods)!r})"
        )

    @property
    def status(self) -> int:
        """What the router answers: 200 for a hit (the handler's own status aside), a
        redirect's 3xx, 405, 404."""
        if self.route is not None:
            return 200
        if self.redirect is not None and self.redirect_status is not None:
            return self.redirect_status
        return 405 if self.allowed_methods and self.method_not_allowed else 404

    @property
    def ok(self) -> bool:
        return self.route is not None


_set_method = slot_setter(Match, "method")
_set_path = slot_setter(Match, "path")
_set_route = slot_setter(Match, "route")
_set_params = slot_setter(Match, "params")
_set_allowed_methods = slot_setter(Match, "allowed_methods")
_set_method_not_allowed = slot_setter(Match, "method_not_allowed")
_set_redirect = slot_setter(Match, "redirect")
_set_redirect_status = slot_setter(Match, "redirect_status")


#: A leaf: the routes at one place of the trie, by method (or "*").
Leaf = dict[str, Route]


class _Node:
    """A segment trie node. ``leaf`` maps a method (or "*") to its route.

    ``params`` is in the order the walk tries them, the longest static context first
    (``{m}:generateContent`` before ``{m}``), then in the order of the table; while the
    table is built, ``pending`` collects them by parameter (see :func:`_insert`).
    """

    __slots__ = ("catch_all", "leaf", "params", "pending", "static")

    def __init__(self) -> None:
        self.static: dict[str, _Node] = {}
        self.params: tuple[tuple[Param, _Node], ...] = ()
        self.pending: dict[Param, _Node] = {}
        #: The catch-all's name, and a node whose leaf holds its routes.
        self.catch_all: tuple[str, _Node] | None = None
        self.leaf: Leaf | None = None


class Matcher:
    """The routes of a table compiled once for matching; knows nothing of memos or ids.

    ``match(method, path)`` is the compiled function, once :data:`COMPILE_AFTER` paths
    have been walked (``compiled()`` compiles at once).
    """

    __slots__ = (
        "_source",
        "_walked",
        "answers",
        "by_static",
        "implicit_head",
        "match",
        "method_first",
        "method_not_allowed",
        "root",
        "router",
    )

    match: Callable[[str, str], Match]

    def __init__(
        self,
        routes: tuple[Route, ...],
        *,
        router: RouterSemantics,
    ) -> None:
        self.router = router
        implicit_head = self.implicit_head = router.implicit_head
        self.method_first = router.method_first
        self.method_not_allowed = router.method_not_allowed
        _check_conflicts(routes)
        if router.trailing_slash is TrailingSlash.STRIP:
            # hono's strict: false drops the request's final "/" before routing: a route
            # written with one is never reached (the table still lists it).
            routes = tuple(r for r in routes if r.pattern == "/" or not r.pattern.endswith("/"))
        by_static: dict[str, Leaf] = {}
        root = _Node()
        for route in routes:
            leaf = _insert(root, route.segments)
            if route.is_static:
                by_static[route.pattern] = leaf
            for method in route.methods:
                leaf[method] = route
        _freeze(root)
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
        self.answers = answers
        self._source: str | None = None
        self._walked = 0
        self.match = self._walk_first

    def _walk_first(self, method: str, path: str) -> Match:
        self._walked += 1  # under threads an increment may be lost: compiling waits longer
        if self._walked > COMPILE_AFTER:
            return self.compiled()(method, path)
        return self.walk_match(method, path)

    def compiled(self) -> Callable[[str, str], Match]:
        """The generated ``match`` function, compiled on first use (and then kept)."""
        if self._source is None:
            self._compile()
        return self.match

    def source(self) -> str:
        """The source of the compiled function (for debugging)."""
        return self._source if self._source is not None else self._compile()

    def _compile(self) -> str:
        # Imported here: most tables (a command-line check's) never compile.
        from ._compile import generate  # noqa: PLC0415

        generated = generate(
            self.root,
            answers=self.answers,
            implicit_head=self.implicit_head,
            method_first=self.method_first,
            method_not_allowed=self.method_not_allowed,
            inline_miss=not self.router.rewrites,
        )
        namespace: dict[str, object] = {
            **generated.names,
            "__builtins__": {"len": len},
            "_Match": Match,
            "_proxy": MappingProxyType,
            "_none": _NONE,
            "_walk": self.walk_match,
            "_miss": self._miss,
            "_gin_miss": self._gin_miss,
        }
        code = compile(generated.source, "<agroutes compiled matcher>", "exec")
        exec(code, namespace)  # noqa: S102 - source from trusted text only, see agroutes._compile
        self.match = namespace["match"]  # type: ignore[assignment]  # the function just defined
        # Under threads, two first calls may both compile: the same function, twice.
        self._source = generated.source
        return generated.source

    def walk_match(self, method: str, path: str) -> Match:
        """The answer of the plain trie walk: what the compiled function must answer."""
        method = method.upper()
        path = path.partition("?")[0]
        static = self.by_static.get(path)
        if static is not None:
            hit = self.answers[path].get(method)
            if hit is not None:
                return hit
        if self.method_first:
            leaf, params = self.find(path, method)
            if leaf is None:
                return self._gin_miss(method, path)
            route = self.pick(leaf, method)
            return Match(method=method, path=path, route=route, params=params)
        # A static path wins over parameters (its other methods make a 405).
        leaf, params = (static, _NO_PARAMS) if static is not None else self.find(path, None)
        if leaf is None:
            return self._miss(method, path, _NONE)
        route = self.pick(leaf, method)
        if route is None:
            return self._miss(method, path, frozenset(leaf))
        return Match(method=method, path=path, route=route, params=params)

    def pick(self, leaf: Mapping[str, Route], method: str) -> Route | None:
        """The route of ``leaf`` that answers ``method`` (HEAD falls back to GET on axum)."""
        route = leaf.get(method) or leaf.get(ANY_METHOD)
        if route is None and method == "HEAD" and self.implicit_head:
            route = leaf.get("GET")
        return route

    def find(
        self, path: str, method: str | None, *, empty: bool = False
    ) -> tuple[Leaf | None, Mapping[str, str]]:
        """The leaf for ``path``; with ``method``, the first leaf that serves it; with
        ``empty``, a parameter may take an empty segment (fastify)."""
        leaf = self.by_static.get(path)
        if leaf is not None and (method is None or self.pick(leaf, method) is not None):
            return leaf, _NO_PARAMS
        if not path.startswith("/"):
            return None, _NO_PARAMS
        accept = None if method is None else (lambda leaf: self.pick(leaf, method) is not None)
        found = walk(self.root, path[1:].split("/"), accept, empty=empty)
        if found is not None:
            return found
        return (leaf, _NO_PARAMS) if method is None else (None, _NO_PARAMS)

    def _gin_miss(self, method: str, path: str, *, second_look: bool = True) -> Match:
        # gin keeps one tree per method; what the others would answer is listed as allowed:
        # the static route of this path, and the first route with parameters that fits.
        allowed: set[str] = set()
        static = self.by_static.get(path)
        if static is not None:
            allowed.update(static)
        if path.startswith("/"):
            found = walk(
                self.root,
                path[1:].split("/"),
                None if static is None else (lambda leaf: leaf is not static),
            )
            if found is not None:
                allowed.update(found[0])
        return self._miss(method, path, frozenset(allowed), second_look=second_look)

    def _miss(
        self, method: str, path: str, allowed: frozenset[str], *, second_look: bool = True
    ) -> Match:
        """The answer to a request no route serves as it stands: the router's second look
        (a redirect, a lenient match), else a 404 or 405."""
        router = self.router
        if second_look and router.rewrites:
            found = self._second_look(method, path, allowed)
            if found is not None:
                return found
        return Match(
            method=method,
            path=path,
            route=None,
            allowed_methods=allowed,
            method_not_allowed=self.method_not_allowed,
        )

    def _second_look(self, method: str, path: str, allowed: frozenset[str]) -> Match | None:
        router = self.router
        if "//" in path and router.double_slash is not DoubleSlash.EXACT:
            cleaned = _clean(path)
            if router.double_slash is DoubleSlash.REDIRECT:
                # ServeMux redirects to the cleaned path before it looks at any route.
                return self._redirect(method, path, cleaned, allowed)
            return self._plain(method, cleaned)
        if router.empty_parameter and (path.endswith("/") or "//" in path):
            leaf, params = self.find(path, method if self.method_first else None, empty=True)
            route = self.pick(leaf, method) if leaf is not None else None
            if route is not None:
                return Match(method=method, path=path, route=route, params=params)
        rule = router.trailing_slash
        if rule is TrailingSlash.EXACT or len(path) <= 1:
            return None
        if rule is TrailingSlash.STRIP:
            return self._plain(method, path[:-1]) if path.endswith("/") else None
        if allowed and router.redirect_any_method:
            return None  # Starlette: the 405 of the path as sent comes before its redirect
        if path.endswith("/"):
            if rule is TrailingSlash.REDIRECT_ADD:
                return None
            other = path[:-1]
        else:
            other = path + "/"
        # gin tries the other spelling in the method's own tree (tree.go "tsr"); Starlette
        # among every route, whatever its methods.
        leaf, _ = self.find(other, None if router.redirect_any_method else method)
        if leaf is None:
            return None
        if rule is TrailingSlash.MATCH:
            return self._plain(method, other)
        return self._redirect(method, path, other, allowed)

    def _redirect(self, method: str, path: str, to: str, allowed: frozenset[str]) -> Match:
        return Match(
            method=method,
            path=path,
            route=None,
            allowed_methods=allowed,
            method_not_allowed=self.method_not_allowed,
            redirect=to,
            redirect_status=self.router.redirect_status(method),
        )

    def _plain(self, method: str, path: str) -> Match:
        """The answer for ``path`` without a second look (a lenient router's match)."""
        static = self.by_static.get(path)
        if static is not None:
            hit = self.answers[path].get(method)
            if hit is not None:
                return hit
        if self.method_first:
            leaf, params = self.find(path, method)
            if leaf is None:
                return self._gin_miss(method, path, second_look=False)
            return Match(method=method, path=path, route=self.pick(leaf, method), params=params)
        leaf, params = (static, _NO_PARAMS) if static is not None else self.find(path, None)
        route = self.pick(leaf, method) if leaf is not None else None
        if route is None:
            return self._miss(method, path, frozenset(leaf or ()), second_look=False)
        return Match(method=method, path=path, route=route, params=params)


def _clean(path: str) -> str:
    """``path`` with every run of "/" made one (what ServeMux's cleanPath does to it)."""
    while "//" in path:
        path = path.replace("//", "/")
    return path


def _check_conflicts(routes: tuple[Route, ...]) -> None:
    """Two routes of one shape conflict when a method (or "*") is in both; one pass, a dict
    of methods per shape, naming the first route each new one conflicts with."""
    shapes: dict[tuple[object, ...], dict[str, int]] = {}
    for index, route in enumerate(routes):
        taken = shapes.setdefault(shape(route.segments), {})
        if ANY_METHOD in route.methods and taken:
            clash = [min(taken.values())]
        else:
            clash = [taken[m] for m in (*route.methods, ANY_METHOD) if m in taken]
        if clash:
            first = min(clash)
            raise InvalidRouteTable(
                f"{route} conflicts with entry {first} ({routes[first]})", entry=index
            )
        for method in route.methods:
            taken[method] = index


def _insert(root: _Node, segments: tuple[Segment, ...]) -> Leaf:
    """The leaf of ``segments``, with the nodes on the way made as needed: one dict lookup
    per segment (call :func:`_freeze` once all routes are in)."""
    node = root
    for seg in segments:
        if isinstance(seg, Static):
            child = node.static.get(seg.text)
            if child is None:
                child = node.static[seg.text] = _Node()
            node = child
        elif isinstance(seg, Param):
            child = node.pending.get(seg)
            if child is None:
                child = node.pending[seg] = _Node()
            node = child
        elif isinstance(seg, CatchAll):
            if node.catch_all is None:
                node.catch_all = (seg.name, _Node())
            node = node.catch_all[1]
            break
    if node.leaf is None:
        node.leaf = {}
    return node.leaf


def _freeze(root: _Node) -> None:
    """Put every node's parameters in the order the walk tries them: one sort per node."""
    stack = [root]
    while stack:
        node = stack.pop()
        # A stable sort keeps the table's order among parameters of equal context.
        node.params = tuple(
            sorted(node.pending.items(), key=lambda pc: -(len(pc[0].prefix) + len(pc[0].suffix)))
        )
        node.pending = {}
        stack.extend(node.static.values())
        stack.extend(child for _param, child in node.params)


#: The parameters bound on the way down, innermost first: (name, value, the rest).
_Bound = tuple[str, str, "_Bound"] | None


def walk(
    root: _Node,
    parts: list[str],
    accept: Callable[[Leaf], bool] | None = None,
    *,
    empty: bool = False,
) -> tuple[Leaf, dict[str, str]] | None:
    """The first leaf of a depth-first search of the trie for the segments ``parts``, and
    the parameters taken on the way; ``accept`` skips leaves (gin: of another method).

    At each node the search tries the static child, then the parameters in order, then
    the catch-all (which takes the rest, if any is left). A loop over an explicit stack:
    no pattern and no path is too deep for it.
    """
    end = len(parts)
    stack: list[tuple[_Node, int, _Bound]] = [(root, 0, None)]
    while stack:
        node, i, bound = stack.pop()
        if i == end:
            leaf = node.leaf
            if leaf and (accept is None or accept(leaf)):
                taken_on_the_way: list[tuple[str, str]] = []
                while bound is not None:
                    name, value, bound = bound
                    taken_on_the_way.append((name, value))
                return leaf, dict(reversed(taken_on_the_way))  # in the pattern's order
            continue
        # Pushed in reverse, so that they are popped in the order the search tries them.
        if node.catch_all is not None:
            rest = "/".join(parts[i:])
            if rest:
                name, tail = node.catch_all
                stack.append((tail, end, (name, rest, bound)))
        part = parts[i]
        for param, child in reversed(node.params):
            taken = param.take(part)
            if taken is None and empty and not part and not (param.prefix or param.suffix):
                taken = ""  # fastify: a whole-segment parameter takes an empty segment
            if taken is not None:
                stack.append((child, i + 1, (param.name, taken, bound)))
        static = node.static.get(part)
        if static is not None:
            stack.append((static, i + 1, bound))
    return None
