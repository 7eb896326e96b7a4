"""Layer 3: what a proxy's router framework answers to a near miss, as data.

Two proxies with the same routes answer the same wrong request differently when their
routers differ: axum answers ``GET /v1/chat/completions`` with 405 and an ``Allow``
header, gin with 404; gin and Starlette redirect ``/v1/models/`` to ``/v1/models``, axum,
fastify, hono and cpp-httplib answer 404; Go's ServeMux redirects ``/v1//models`` to the
cleaned path. A :class:`RouterSemantics` says all of that for one framework's defaults,
and a :class:`~agroutes.tables.RouteTable` carries one (``table.router``), which its
matcher follows.

Each preset of :data:`ROUTER_PRESETS` was asked the same near-miss requests while running
(``tests/test_routers.py``: Starlette and FastAPI from PyPI, fastify and hono from npm, gin and
cpp-httplib from Debian's packages) or, where the framework cannot run here (axum needs
crates.io; ServeMux's method patterns need Go 1.22, Debian ships 1.19), is cited from its
source at a pinned tag. The table in ``docs/routers.md`` lists what each one answered.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ._errors import InvalidRouteTable, describe

__all__ = [
    "DEFAULT_ROUTER",
    "ROUTER_PRESETS",
    "DoubleSlash",
    "RouterSemantics",
    "TrailingSlash",
    "router_semantics",
]


class TrailingSlash(enum.StrEnum):
    """What the router does with a path that differs from a route only by a final ``/``."""

    #: The path as sent: ``/v1/models/`` is another path, and a miss.
    EXACT = "exact"
    #: Redirected to the route's spelling, the slash added or dropped (gin, Starlette).
    REDIRECT = "redirect"
    #: Redirected only when adding the slash finds a route: ``/tree`` to ``/tree/`` (Go's
    #: ServeMux, whose patterns ending in ``/`` are subtrees); ``/v1/models/`` is a miss.
    REDIRECT_ADD = "redirect-add"
    #: Served as the route, no redirect (fastify's ``ignoreTrailingSlash``); never a
    #: default of the presets.
    MATCH = "match"
    #: The request's final ``/`` is dropped before routing, so ``/v1/models/`` is
    #: ``/v1/models`` and a route written with a final ``/`` is never reached (hono's
    #: ``strict: false``, getPathNoStrict); never a default of the presets.
    STRIP = "strip"


class DoubleSlash(enum.StrEnum):
    """What the router does with ``//`` in a path (an empty segment)."""

    #: An empty segment: ``/v1//models`` fits no route.
    EXACT = "exact"
    #: The path is cleaned (runs of ``/`` made one) and the client redirected there,
    #: whatever route the cleaned path has (Go's ServeMux, ``cleanPath``).
    REDIRECT = "redirect"
    #: Served as the cleaned path (gin's ``RemoveExtraSlash``, fastify's
    #: ``ignoreDuplicateSlashes``); never a default of the presets.
    MATCH = "match"


@dataclass(frozen=True, slots=True, kw_only=True)
class RouterSemantics:
    """How one router framework answers a near miss: a value, compared by its fields.

    >>> gin = router_semantics("gin")
    >>> gin.trailing_slash.value, gin.redirect_status("GET"), gin.redirect_status("POST")
    ('redirect', 301, 307)
    >>> gin.method_not_allowed, router_semantics("starlette").allow_header({"GET"})
    (False, ('GET', 'HEAD'))
    """

    #: The preset's id (``"gin"``), written as a table's ``"router"``.
    name: str
    #: The framework and version whose defaults these are.
    title: str
    #: One tree per method: the method is looked up first, so a path that fits only
    #: another method's route falls through to the next candidate (gin, fastify, hono).
    method_first: bool
    #: A path routed for other methods answers 405 with ``Allow`` (axum, Starlette,
    #: ServeMux); False: 404, like any miss (gin, fastify, hono, cpp-httplib).
    method_not_allowed: bool
    #: HEAD is served by the GET route (all but gin, which needs a HEAD route).
    implicit_head: bool
    trailing_slash: TrailingSlash = TrailingSlash.EXACT
    double_slash: DoubleSlash = DoubleSlash.EXACT
    #: The status of a redirect of a GET, and of any other method (HEAD included: gin
    #: answers 301 to GET alone). None for a router that never redirects.
    redirect_get: int | None = None
    redirect_other: int | None = None
    #: Where the router looks for the toggled path: in every method's routes (Starlette
    #: redirects ``POST /dash`` to ``/dash/`` although only ``GET /dash/`` exists; the 405
    #: comes after the redirect), or in the request method's own routes (gin, ServeMux).
    redirect_any_method: bool = False
    #: ``/V1/models`` is another path (True for every preset: none folds case by default).
    case_sensitive: bool = True
    #: A parameter that takes a whole segment also takes an empty one: fastify
    #: (find-my-way) serves ``/v1/models/`` from ``/v1/models/:model`` with ``model=""``.
    empty_parameter: bool = False
    #: How the framework itself writes a parameter and a catch-all (tables always use
    #: agroutes' ``{name}`` and ``{*rest}``; this is for people reading the source).
    parameter_syntax: str = "{name}"
    #: Whether one segment can hold a parameter and static text (``{model}:generateContent``).
    inline_suffix: bool = True
    #: Where the facts come from: the run in tests/test_routers.py, or ``file:line@tag``.
    source: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise InvalidRouteTable(
                f"a router's name is a non-empty string, not {describe(self.name)}"
            )
        redirects = (
            TrailingSlash(self.trailing_slash)
            in (
                TrailingSlash.REDIRECT,
                TrailingSlash.REDIRECT_ADD,
            )
            or DoubleSlash(self.double_slash) is DoubleSlash.REDIRECT
        )
        for field in ("redirect_get", "redirect_other"):
            status = getattr(self, field)
            if status is None:
                if redirects:
                    raise InvalidRouteTable(
                        f"router {self.name!r} redirects: {field!r} is a 3xx status"
                    )
                continue
            if isinstance(status, bool) or not isinstance(status, int) or not 300 <= status <= 399:
                raise InvalidRouteTable(
                    f"router {self.name!r}: {field!r} is a 3xx status, not {describe(status)}"
                )

    def redirect_status(self, method: str) -> int | None:
        """The status of this router's redirect of a ``method`` request (None: none)."""
        return self.redirect_get if method == "GET" else self.redirect_other

    def allow_header(self, allowed: frozenset[str] | set[str]) -> tuple[str, ...]:
        """The methods a 405's ``Allow`` names for a path routed for ``allowed``: HEAD
        joins GET where the router serves it (axum and Starlette list it)."""
        methods = set(allowed)
        if self.implicit_head and "GET" in methods:
            methods.add("HEAD")
        return tuple(sorted(methods))

    @property
    def redirect_trailing_slash(self) -> bool:
        """The table option of the same name: does a toggled trailing slash redirect?"""
        return self.trailing_slash in (TrailingSlash.REDIRECT, TrailingSlash.REDIRECT_ADD)

    @property
    def rewrites(self) -> bool:
        """Does any miss get a second look (a redirect or a lenient match)?"""
        return (
            self.trailing_slash is not TrailingSlash.EXACT
            or self.double_slash is not DoubleSlash.EXACT
            or self.empty_parameter
        )

    def options(self) -> dict[str, bool]:
        """The four table options (``method_first``, ``method_not_allowed``,
        ``redirect_trailing_slash``, ``implicit_head``) that this router sets."""
        return {
            "method_first": self.method_first,
            "method_not_allowed": self.method_not_allowed,
            "redirect_trailing_slash": self.redirect_trailing_slash,
            "implicit_head": self.implicit_head,
        }

    def with_options(
        self,
        *,
        method_first: bool | None = None,
        method_not_allowed: bool | None = None,
        redirect_trailing_slash: bool | None = None,
        implicit_head: bool | None = None,
    ) -> RouterSemantics:
        """This router with some of the four table options changed (None: kept), as a
        table document's own ``"method_not_allowed": true`` beside ``"router": "gin"``."""
        changes: dict[str, object] = {}
        for name, value in (
            ("method_first", method_first),
            ("method_not_allowed", method_not_allowed),
            ("implicit_head", implicit_head),
        ):
            if value is not None and value != getattr(self, name):
                changes[name] = bool(value)
        if redirect_trailing_slash is not None and redirect_trailing_slash != (
            self.redirect_trailing_slash
        ):
            if redirect_trailing_slash:
                # The option is gin's (RedirectTrailingSlash): gin's statuses where the
                # router has none of its own.
                changes["trailing_slash"] = TrailingSlash.REDIRECT
                changes["redirect_get"] = self.redirect_get or 301
                changes["redirect_other"] = self.redirect_other or 307
            else:
                changes["trailing_slash"] = TrailingSlash.EXACT
        return dataclasses.replace(self, **changes) if changes else self  # type: ignore[arg-type]


# The presets. Each comment says where each fact was seen; "ran" means tests/test_routers.py
# started the framework on 127.0.0.1 and asked it the near-miss requests.

#: axum 0.7 and 0.8 (matchit): the path first, then the method; no redirects, no cleaning.
#: Not run (axum comes from crates.io). Source, tokio-rs/axum at tag axum-v0.8.9
#: (31872e2e): MethodRouter::new() answers 405 to a method without an endpoint
#: (axum/src/routing/method_routing.rs:752-754); a GET endpoint adds "GET" and "HEAD" to the
#: Allow header (:852-859); call_with_state() tries ``HEAD`` then the GET handler for HEAD
#: (:1157-1158); Router's fallback is NotFound (axum/src/routing/mod.rs:152). The same at
#: axum-v0.7.9 (e21bdb8f, method_routing.rs:750), where parameters are written ``:name``.
AXUM = RouterSemantics(
    name="axum",
    title="axum 0.7/0.8 (matchit)",
    method_first=False,
    method_not_allowed=True,
    implicit_head=True,
    parameter_syntax="0.7: /:name, /*rest; 0.8: /{name}, /{*rest}",
    inline_suffix=False,
    source="from source: tokio-rs/axum@axum-v0.8.9 axum/src/routing/method_routing.rs:754,859,1157",
)

#: gin, the defaults of gin.New(). Ran gin 1.8.1 (Debian's golang-github-gin-gonic-gin-dev).
#: Source, gin-gonic/gin at v1.12.0 (73726dc6), gin.go: RedirectTrailingSlash true,
#: HandleMethodNotAllowed false, RemoveExtraSlash false (:211-219); the tree of the request
#: method alone is searched, and its "tsr" hint redirects (:708-733); redirectRequest
#: answers 301 to GET and 307 to every other method, HEAD included (:825-828).
GIN = RouterSemantics(
    name="gin",
    title="gin 1.x (gin.New() defaults)",
    method_first=True,
    method_not_allowed=False,
    implicit_head=False,
    trailing_slash=TrailingSlash.REDIRECT,
    redirect_get=301,
    redirect_other=307,
    parameter_syntax="/:name, /*rest",
    inline_suffix=False,
    source="ran gin 1.8.1; from source: gin-gonic/gin@v1.12.0 gin.go:211-219,726-733,825-828",
)

#: Starlette's Router (FastAPI's too), redirect_slashes=True. Ran starlette 1.10.0.
#: starlette/routing.py (1.10.0): a route with GET also serves HEAD (:247); a path routed
#: for other methods is a 405 with Allow (:282-286), found before any redirect (:713-716);
#: then the path with its final "/" toggled is tried against every route, any method
#: (``match != Match.NONE``), and answered with RedirectResponse, 307 (:720-731).
STARLETTE = RouterSemantics(
    name="starlette",
    title="Starlette / FastAPI (redirect_slashes=True)",
    method_first=False,
    method_not_allowed=True,
    implicit_head=True,
    trailing_slash=TrailingSlash.REDIRECT,
    redirect_get=307,
    redirect_other=307,
    redirect_any_method=True,
    parameter_syntax="/{name}, /{rest:path}",
    source="ran starlette 1.10.0; starlette/routing.py:247,282-286,713-731",
)

#: FastAPI: Starlette's Router (the same redirects and 405s, run against it too), but an
#: APIRoute serves exactly the methods it was given: GET does not bring HEAD, which is a
#: 405 (fastapi/routing.py:1109-1111 in 0.165.0, where Starlette's Route adds HEAD). LiteLLM
#: and vLLM serve with FastAPI. Ran fastapi 0.165.0 on starlette 1.10.0.
FASTAPI = dataclasses.replace(
    STARLETTE,
    name="fastapi",
    title="FastAPI (Starlette's router, redirect_slashes=True)",
    implicit_head=False,
    source="ran fastapi 0.165.0 (starlette 1.10.0); fastapi/routing.py:1109-1111",
)

#: fastify 5 (find-my-way 9): one tree per method, 404 for a wrong method, the path exact
#: (ignoreTrailingSlash and ignoreDuplicateSlashes false, caseSensitive true:
#: find-my-way/index.js:98-100), HEAD routes made for GET routes (exposeHeadRoutes).
#: Ran fastify 5.12.8 (find-my-way 9.10.2): a parameter matches an empty segment, and in
#: ``/:model::generateContent`` the ``::generateContent`` becomes part of the name (the
#: parameter then takes any segment): a static suffix needs a regex parameter.
FASTIFY = RouterSemantics(
    name="fastify",
    title="fastify 5 (find-my-way)",
    method_first=True,
    method_not_allowed=False,
    implicit_head=True,
    empty_parameter=True,
    parameter_syntax="/:name, /*; a static suffix needs a regex: /:model(^[^/]+)::generateContent",
    source="ran fastify 5.12.8 (find-my-way 9.10.2); find-my-way/index.js:98-100",
)

#: hono 4 (SmartRouter), strict: true: 404 for a wrong method, the path exact, HEAD
#: answered by the GET route without its body (hono-base.js dispatch). Ran hono 4.13.19
#: under @hono/node-server 2.1.9.
HONO = RouterSemantics(
    name="hono",
    title="hono 4 (strict: true)",
    method_first=True,
    method_not_allowed=False,
    implicit_head=True,
    parameter_syntax="/:name, /:name{regex}, /*",
    source="ran hono 4.13.19 (@hono/node-server 2.1.9); dist/cjs/hono-base.js:76,263",
)

#: cpp-httplib (llama.cpp's llama-server): each method's handlers are regular expressions
#: matched against the whole path in order, a miss is 404 whatever the method, HEAD uses
#: the GET handlers. Ran cpp-httplib 0.11.4 (Debian's libcpp-httplib-dev); llama.cpp
#: vendors a newer one, whose ``/:name`` path parameters are matched the same exact way.
HTTPLIB = RouterSemantics(
    name="httplib",
    title="cpp-httplib",
    method_first=True,
    method_not_allowed=False,
    implicit_head=True,
    parameter_syntax="regex groups: /([^/]+); since 0.14 also /:name",
    source="ran cpp-httplib 0.11.4",
)

#: Go's net/http ServeMux with Go 1.22 patterns ("POST /v1/chat/completions", {name},
#: {name...}). Not run (Debian ships Go 1.19, which has no method patterns). Source,
#: golang/go src/net/http/server.go, ServeMux.findHandler as of Go 1.22: the path is
#: cleaned ("//" made "/") and, when that changed it, redirected there with
#: StatusMovedPermanently whatever route it has; "/tree" is redirected to "/tree/" when
#: only the subtree is registered (matchOrRedirect, also 301); a path routed for other
#: methods is a 405 with Allow (matchingMethods, where a GET pattern also serves HEAD).
#: Later versions of server.go in the search index answer both redirects with
#: StatusTemporaryRedirect (307) instead: a table for a proxy built with such a Go says so
#: with a router of its own.
GO_SERVEMUX = RouterSemantics(
    name="go-servemux",
    title="Go net/http ServeMux (Go 1.22 patterns)",
    method_first=False,
    method_not_allowed=True,
    implicit_head=True,
    trailing_slash=TrailingSlash.REDIRECT_ADD,
    double_slash=DoubleSlash.REDIRECT,
    redirect_get=301,
    redirect_other=301,
    parameter_syntax="/{name}, /{name...}, /{$}",
    inline_suffix=False,
    source="from source: golang/go (Go 1.22) src/net/http/server.go ServeMux.findHandler",
)

#: The router a table has when it names none (Antigravity's).
DEFAULT_ROUTER = AXUM

#: Every preset by its name.
ROUTER_PRESETS: Mapping[str, RouterSemantics] = MappingProxyType(
    {r.name: r for r in (AXUM, GIN, STARLETTE, FASTAPI, FASTIFY, HONO, HTTPLIB, GO_SERVEMUX)}
)


def router_semantics(name: str) -> RouterSemantics:
    """The preset named ``name`` (case-insensitive); an unknown name is an
    :class:`~agroutes.InvalidRouteTable` listing the presets."""
    found = ROUTER_PRESETS.get(name.lower()) if isinstance(name, str) else None
    if found is None:
        choices = ", ".join(repr(r) for r in ROUTER_PRESETS)
        raise InvalidRouteTable(f"unknown router {describe(name)}; choose one of {choices}")
    return found
