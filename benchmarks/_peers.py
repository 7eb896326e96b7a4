"""The same route table for werkzeug, falcon and starlette, and one answer shape for all.

Every matcher here answers ``(method, path) -> "hit" | "405" | "404" | "redirect"``, so the
benchmark can check that the routers agree on its inputs before it times them.

Conversion: agroutes ``{name}`` becomes werkzeug ``<name>`` (its default ``string``
converter takes one non-empty segment, like an agroutes parameter) and stays ``{name}`` in
starlette; ``{*rest}`` becomes ``<path:rest>`` / ``{rest:path}``; the ``*`` method becomes
"no methods restriction". werkzeug is told not to merge slashes, so that neither router
normalises paths; it still strips leading slashes (``//v1`` is ``/v1`` to it), so inputs
with a leading ``//`` are left out of the comparison.

falcon's ``CompiledRouter`` (the router a ``falcon.App`` uses, pure Python: it compiles its
route tree into one generated function) routes by path alone: ``find(path)`` returns the
resource, and the app answers 405 when the resource has no responder for the method. Here
each template gets one resource that lists the methods of its routes, and the match asks
it, as the app would: the same work as agroutes' answer for the method. ``{name}`` stays
``{name}`` (an identifier), ``{*rest}`` becomes ``{rest:path}``; falcon too strips leading
slashes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from agroutes import RouteTable
from agroutes.tables import ANY_METHOD, Route

__all__ = [
    "Matcher",
    "agroutes_matcher",
    "example_path",
    "falcon_matcher",
    "starlette_matcher",
    "werkzeug_matcher",
]

#: ``match(method, path)`` -> "hit", "405", "404" or "redirect".
Matcher = Callable[[str, str], str]

_PARAM = re.compile(r"\{(\*?)([^{}]+)\}")


#: Parameter values for example paths: Gemini's model segment carries the action after ":".
_EXAMPLE_VALUES = {"model": "gemini-2.5-flash:generateContent"}


def example_path(pattern: str) -> str:
    """A path that ``pattern`` matches: ``/v1beta/models/{model}`` -> ``/v1beta/models/gem...``."""

    def fill(m: re.Match[str]) -> str:
        if m.group(1):
            return "rest/of/path"
        return _EXAMPLE_VALUES.get(m.group(2), "id42")

    return _PARAM.sub(fill, pattern)


def _ident(name: str) -> str:
    return re.sub(r"\W", "_", name)


def werkzeug_rule_path(pattern: str) -> str:
    def convert(m: re.Match[str]) -> str:
        kind = "path:" if m.group(1) else ""
        return f"<{kind}{_ident(m.group(2))}>"

    return _PARAM.sub(convert, pattern)


def falcon_template(pattern: str) -> str:
    def convert(m: re.Match[str]) -> str:
        kind = ":path" if m.group(1) else ""
        return f"{{{_ident(m.group(2))}{kind}}}"

    return _PARAM.sub(convert, pattern)


def starlette_path(pattern: str) -> str:
    def convert(m: re.Match[str]) -> str:
        kind = ":path" if m.group(1) else ""
        return f"{{{_ident(m.group(2))}{kind}}}"

    return _PARAM.sub(convert, pattern)


def _methods(route: Route) -> list[str] | None:
    return None if ANY_METHOD in route.methods else sorted(route.methods)


def agroutes_matcher(table: RouteTable) -> Matcher:
    def match(method: str, path: str) -> str:
        m = table.match(method, path)
        if m.route is not None:
            return "hit"
        return "405" if m.allowed_methods else "404"

    return match


def werkzeug_matcher(routes: Iterable[Route]) -> Matcher | None:
    """A matcher over a compiled werkzeug ``Map``, or None when werkzeug is not installed."""
    try:
        from werkzeug.exceptions import MethodNotAllowed, NotFound  # noqa: PLC0415 - optional
        from werkzeug.routing import Map, RequestRedirect, Rule  # noqa: PLC0415 - optional
    except ImportError:
        return None
    rules = [
        Rule(werkzeug_rule_path(r.pattern), methods=_methods(r), endpoint=str(i))
        for i, r in enumerate(routes)
    ]
    adapter = Map(rules, merge_slashes=False, redirect_defaults=False).bind("localhost")

    def match(method: str, path: str) -> str:
        try:
            adapter.match(path, method)
        except MethodNotAllowed:
            return "405"
        except NotFound:
            return "404"
        except RequestRedirect:
            return "redirect"
        return "hit"

    match("GET", "/")  # werkzeug compiles its state machine on the first match
    return match


class _Resource:
    """A falcon resource: the methods of the routes of one template ("*": any)."""

    def __init__(self) -> None:
        self.methods: set[str] = set()

    def on_get(self, req: Any, resp: Any) -> None:  # falcon wants one responder at least
        raise NotImplementedError


def falcon_matcher(routes: Iterable[Route]) -> Matcher | None:
    """A matcher over falcon's ``CompiledRouter``, or None when falcon is not installed."""
    try:
        from falcon.routing import CompiledRouter  # noqa: PLC0415 - optional
    except ImportError:
        return None
    router = CompiledRouter()
    resources: dict[str, _Resource] = {}
    for route in routes:
        template = falcon_template(route.pattern)
        resource = resources.get(template)
        if resource is None:
            resource = resources[template] = _Resource()
            router.add_route(template, resource)
        resource.methods |= route.methods
    find = router.find

    def match(method: str, path: str) -> str:
        found = find(path)
        if found is None:
            return "404"
        methods: set[str] = found[0].methods  # type: ignore[attr-defined]  # our _Resource
        return "hit" if method in methods or ANY_METHOD in methods else "405"

    match("GET", "/")  # falcon compiles its router on the first find
    return match


class _Endpoint:
    """An ASGI app that is not a function, so that starlette keeps ``methods=None`` as "any"."""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        raise NotImplementedError


def starlette_matcher(routes: Iterable[Route]) -> Matcher | None:
    """starlette's ``Router`` loop (a linear scan), or None when starlette is not installed.

    This is the loop of ``Router.app`` without the ASGI call and without its
    ``redirect_slashes`` retry (agroutes and the proxies it models do not normalise).
    """
    try:
        from starlette.routing import Match  # noqa: PLC0415 - optional
        from starlette.routing import Route as StarletteRoute  # noqa: PLC0415 - optional
    except ImportError:
        return None
    endpoint = _Endpoint()
    compiled = [
        StarletteRoute(starlette_path(r.pattern), endpoint, methods=_methods(r)) for r in routes
    ]
    full, partial = Match.FULL, Match.PARTIAL

    def match(method: str, path: str) -> str:
        scope = {"type": "http", "path": path, "root_path": "", "method": method}
        seen_partial = False
        for route in compiled:
            found, _child = route.matches(scope)
            if found is full:
                return "hit"
            if found is partial:
                seen_partial = True
        return "405" if seen_partial else "404"

    return match
