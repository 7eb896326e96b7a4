"""Layer 3: :class:`RouteTable`, the front door: a table's identity, its router's semantics
(:class:`~agroutes._routers.RouterSemantics`), the compiled
:class:`~agroutes._matcher.Matcher` and a bounded memo of its answers.

The memo keeps at most :data:`MEMO_SIZE` answers and, when full, makes room by forgetting
one answer chosen at random. Emptying it when full (its first form) and evicting the
least recently used (``functools.lru_cache``'s rule) both have a cliff: a working set that
repeats in a cycle one entry longer than the memo never hits, since each answer is gone
just before it is asked for again (a 404 storm scanning the same few hundred paths, or a
proxy's traffic over a few thousand model names). With a random victim, an answer
survives a cycle of ``W`` later inserts with the chance ``(1 - 1/MEMO_SIZE) ** W``, so
the hit rate falls smoothly as the working set grows past the memo (measured in
benchmarks/README.md, "memo pressure"); a hit is still one dict lookup.

Routes know nothing about clients; what the correction search wants to know about a
table (which routes end in a segment, where a path can stop) is computed on the diagnosis
side, from :attr:`RouteTable.routes`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from random import Random
from typing import Any

from ._baseurl import parse_base_url
from ._cache import MAX_KEY_TEXT, track_table
from ._errors import AgroutesError, InvalidRoutePattern, InvalidRouteTable, describe
from ._matcher import Match, Matcher
from ._patterns import Route
from ._routers import DEFAULT_ROUTER, RouterSemantics, router_semantics

__all__ = ["RouteTable", "TableQuirks"]

#: The body shapes a quirk can name (the values of :class:`agroutes.BodyShape`).
BODY_SHAPES = ("empty", "json", "html", "text")


@dataclass(frozen=True, slots=True, kw_only=True)
class TableQuirks:
    """How a proxy answers a path its table does not route, when that is not its router's
    own 404: a web UI fallback, an SPA served for every path, a server that answers 200 to
    anything. The triage reads an answer that fits these as the fallback's, not an API's.

    ``unknown_status`` and ``unknown_body`` (a body shape: ``"empty"``, ``"json"``,
    ``"html"`` or ``"text"``; None for any) are the answer to every method;
    ``get_status`` and ``get_body``, when set, the answer to GET and HEAD instead (tower-http's
    ``ServeDir`` serves a page to GET and answers 405 to the rest). ``note`` says where it
    comes from and when it holds, in a few words ("in headless mode only").
    ``router_prefixes`` are the exceptions: string prefixes of the path as sent (one-api's
    ``"/v1"`` takes ``/v1beta`` too, as its ``strings.HasPrefix`` does) under which a path
    no route takes gets the router's own answer, not the fallback's (one-api's web UI
    answers every unknown path but those under ``/v1`` and ``/api``, which get a JSON 404).

    A table without quirks (``RouteTable.quirks is None``) says nothing either way; an
    empty ``TableQuirks()`` says the proxy has no fallback: an unknown path is its router's
    own 404.

    >>> quirks = TableQuirks(unknown_status=200, unknown_body="html", router_prefixes=("/v1",))
    >>> quirks.answer("POST"), quirks.answer("POST", "/v2/chat"), quirks.answer("POST", "/v1/x")
    ((200, 'html'), (200, 'html'), (None, None))
    """

    unknown_status: int | None = None
    unknown_body: str | None = None
    get_status: int | None = None
    get_body: str | None = None
    note: str = ""
    router_prefixes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("unknown_status", "get_status"):
            value = getattr(self, name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int) or not 100 <= value <= 599:
                shown = describe(value)
                raise InvalidRouteTable(
                    f"quirks: {name!r} is a status from 100 to 599, not {shown}"
                )
        for name in ("unknown_body", "get_body"):
            value = getattr(self, name)
            if value is not None and value not in BODY_SHAPES:
                choices = ", ".join(repr(b) for b in BODY_SHAPES)
                raise InvalidRouteTable(
                    f"quirks: {name!r} is one of {choices} or null, not {describe(value)}"
                )
        if not isinstance(self.note, str):
            raise InvalidRouteTable(f"quirks: 'note' is a string, not {describe(self.note)}")
        prefixes = self.router_prefixes
        if not isinstance(prefixes, tuple):
            raise InvalidRouteTable(
                f"quirks: 'router_prefixes' is a tuple of paths, not {describe(prefixes)}"
            )
        for prefix in prefixes:
            if not isinstance(prefix, str) or not prefix.startswith("/") or len(prefix) > 256:
                raise InvalidRouteTable(
                    "quirks: each of 'router_prefixes' is a path starting with '/' "
                    f"(at most 256 characters), not {describe(prefix)}"
                )

    @property
    def declared(self) -> bool:
        """True when the proxy answers some unknown path other than with a router 404."""
        return self.unknown_status is not None or self.get_status is not None

    def answer(self, method: str, path: str | None = None) -> tuple[int | None, str | None]:
        """The status and body shape an unknown path answers for ``method`` (None: the
        router's own 404); given the ``path``, None under one of ``router_prefixes``."""
        if path is not None and self.router_prefixes and path.startswith(self.router_prefixes):
            return None, None
        if method in ("GET", "HEAD") and self.get_status is not None:
            return self.get_status, self.get_body
        return self.unknown_status, self.unknown_body


def check_origin(origin: object) -> str | None:
    """``origin`` as a table keeps it: ``scheme://host[:port]``, no path, query or userinfo.

    Every mistake is an :class:`~agroutes.InvalidRouteTable` naming it.
    """
    if origin is None:
        return None
    if not isinstance(origin, str):
        raise InvalidRouteTable(
            f"'origin' is a string such as 'http://127.0.0.1:4000', not {describe(origin)}"
        )
    try:
        base = parse_base_url(origin)
    except AgroutesError as exc:
        raise InvalidRouteTable(f"'origin': {exc}") from exc
    if base.path not in ("", "/") or base.query is not None or base.userinfo is not None:
        raise InvalidRouteTable(
            "'origin' is scheme://host[:port] alone, with no path, query or user name"
        )
    return base.origin


_SETATTR = object.__setattr__
#: The longest mount prefix a table is served under (nginx locations are short).
_MAX_MOUNT = 2048
#: How many answers a table remembers at most.
MEMO_SIZE = 4096
#: Which remembered answer a full memo forgets: a generator of its own, so that a program's
#: ``random.seed()`` neither steers nor is disturbed by it.
_victim = Random(4096).getrandbits  # noqa: S311 - a victim, not a secret


class RouteTable:
    """An immutable, compiled route table. Build one from routes, or ask for a preset id
    with :func:`agroutes.route_table`.

    Answers are remembered per ``(method, path)`` in a bounded memo.
    """

    __slots__ = (
        "__weakref__",
        "_matcher",
        "_memo",
        "_memo_keys",
        "id",
        "implicit_head",
        "method_first",
        "method_not_allowed",
        "mount_prefix",
        "origin",
        "quirks",
        "redirect_trailing_slash",
        "router",
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
    #: What the router framework answers to a near miss (the four options above are its
    #: fields, kept as attributes of their own for the tables that set them).
    router: RouterSemantics
    #: Where the proxy listens by default (``http://127.0.0.1:8045``), or None: the
    #: explanations then speak of the path alone.
    origin: str | None
    #: How the proxy answers a path it does not route (None: not known).
    quirks: TableQuirks | None
    _matcher: Matcher
    _memo: dict[tuple[str, str], Match]
    _memo_keys: list[tuple[str, str]]

    def __init__(
        self,
        routes: Iterable[Route],
        *,
        id: str = "custom",  # noqa: A002 - "id" is the public name of the attribute
        title: str = "",
        source: str = "",
        mount_prefix: str = "",
        router: RouterSemantics | str = DEFAULT_ROUTER,
        implicit_head: bool | None = None,
        method_first: bool | None = None,
        method_not_allowed: bool | None = None,
        redirect_trailing_slash: bool | None = None,
        origin: str | None = None,
        quirks: TableQuirks | None = None,
    ) -> None:
        if not isinstance(id, str) or not isinstance(title, str) or not isinstance(source, str):
            raise TypeError("a route table's id, title and source are strings")
        routes = tuple(routes)
        if quirks is not None and not isinstance(quirks, TableQuirks):
            raise InvalidRouteTable(f"'quirks' is a TableQuirks, not {describe(quirks)}")
        for index, route in enumerate(routes):
            if not isinstance(route, Route):
                raise InvalidRouteTable(f"{describe(route)} is not a Route", entry=index)
        self._set("id", id)
        self._set("title", title or id)
        self._set("source", source)
        self._set("routes", routes)
        self._set("mount_prefix", mount_prefix)
        self._set("origin", check_origin(origin))
        self._set("quirks", quirks)
        if isinstance(router, str):
            router = router_semantics(router)
        elif not isinstance(router, RouterSemantics):
            raise InvalidRouteTable(
                f"'router' is a RouterSemantics or a preset name, not {describe(router)}"
            )
        # The four options, when given, change the router's (a table that says "gin" and
        # "method_not_allowed": true); the router's name stays.
        router = router.with_options(
            implicit_head=implicit_head,
            method_first=method_first,
            method_not_allowed=method_not_allowed,
            redirect_trailing_slash=redirect_trailing_slash,
        )
        self._set("router", router)
        # axum answers HEAD with the GET handler; gin does not.
        self._set("implicit_head", router.implicit_head)
        self._set("method_first", router.method_first)
        self._set("method_not_allowed", router.method_not_allowed)
        self._set("redirect_trailing_slash", router.redirect_trailing_slash)
        matcher = Matcher(routes, router=router)
        self._set("_matcher", matcher)
        # Answers are immutable and depend only on (method, path): a bounded memo makes the
        # repeated paths of a proxy's traffic (and of a 404 storm) a single lookup. Its keys
        # are also kept in a list, where the victim of an eviction is picked by position.
        self._set("_memo", {})
        self._set("_memo_keys", [])
        track_table(self)  # so that agroutes.cache_clear() reaches this memo too

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

        Where the table's router redirects, the answer says so (``redirect`` is the
        ``Location`` path):

        >>> from agroutes.tables import Route
        >>> t = RouteTable([Route(pattern="/v1/models", methods=frozenset({"GET"}))],
        ...                router="starlette")
        >>> m = t.match("GET", "/v1/models/")
        >>> m.status, m.redirect, m.ok
        (307, '/v1/models', False)
        """
        memo = self._memo
        key = (method, path)
        found = memo.get(key)
        if found is not None:
            return found
        # Only plain strings are kept: other arguments find the answer for equal text or land
        # here, where the types are checked.
        if type(method) is not str or type(path) is not str:
            if not isinstance(method, str) or not isinstance(path, str):
                raise TypeError("match(method, path) takes two strings")
            method, path = str(method), str(path)  # str subclasses: plain keys only
            key = (method, path)
        found = self._matcher.match(method, path)
        if len(path) + len(method) > MAX_KEY_TEXT:  # not kept: see agroutes._cache
            return found
        keys = self._memo_keys
        if len(keys) < MEMO_SIZE:
            keys.append(key)
        else:
            # Full: this answer takes the place of one picked at random (see the module
            # docstring). Under threads each list and dict operation is atomic; a race only
            # computes an immutable answer twice, or forgets one, and the check below keeps
            # the bound should racing inserts ever pass it.
            slot = _victim(32) % len(keys)
            memo.pop(keys[slot], None)
            keys[slot] = key
            if len(memo) >= MEMO_SIZE:
                self.cache_clear()
        memo[key] = found
        return found

    def fallback(self, method: str, path: str) -> tuple[int | None, str | None]:
        """What the proxy's declared fallback answers to ``method path``, a path no route
        takes (:meth:`TableQuirks.answer`, the path read as the proxy sees it: under a
        mount prefix, without it); ``(None, None)`` for the router's own 404, or when the
        table declares no quirks."""
        if self.quirks is None:
            return None, None
        prefix = self.mount_prefix
        if prefix and (path == prefix or path.startswith(prefix + "/")):
            path = path[len(prefix) :] or "/"
        return self.quirks.answer(method, path)

    def cache_clear(self) -> None:
        """Forget the remembered answers (they are rebuilt on demand; for measurements)."""
        self._memo.clear()
        self._memo_keys.clear()

    def matcher_source(self) -> str:
        """The source of the function this table's routes are compiled into (for debugging:
        it is generated per table and compiled on the first match).

        >>> from agroutes import route_table
        >>> print(route_table("antigravity").matcher_source().splitlines()[0])
        def match(method, path):
        """
        return self._matcher.source()

    def mount(self, prefix: str) -> RouteTable:
        """The same table served under ``prefix`` (a proxy behind nginx at ``/ag``)."""
        if not isinstance(prefix, str):
            raise TypeError("a mount prefix is a str")
        if len(prefix) > _MAX_MOUNT:  # every route is rebuilt under it: keep that bounded
            raise InvalidRoutePattern(
                prefix[:40] + "…", 0, f"a mount prefix is at most {_MAX_MOUNT} characters"
            )
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
            # The new prefix goes in front of the routes, so in front of the old one too
            # (a table already served under /api, mounted again at /ag, is at /ag/api).
            mount_prefix=prefix + self.mount_prefix,
            **self.options(),
        )

    def options(self) -> dict[str, Any]:
        """The keyword arguments that rebuild this table's router and proxy facts (all but
        its routes, id, title, source and mount prefix): for a copy of the table."""
        return {
            "router": self.router,
            "origin": self.origin,
            "quirks": self.quirks,
        }
