"""Layer 3: route patterns and the :class:`Route` value.

Routes know nothing about clients. A pattern is a path with ``{name}`` parameters; a
parameter takes one whole segment or sits between a static prefix and suffix inside one
segment (``{model}:generateContent``); ``{*name}`` at the end takes the rest of the path.
``:name`` is *not* parameter syntax here, because Gemini paths hold literal colons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._errors import InvalidRoutePattern, describe
from ._redact import redact
from ._vocab import Protocol

__all__ = ["ANY_METHOD", "CatchAll", "Param", "Route", "Segment", "Static", "parse_pattern"]

#: The method wildcard: a route with ``methods == frozenset({"*"})`` answers any method.
ANY_METHOD = "*"
_METHOD = re.compile(r"[A-Z]+|\*")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_\-]*")


@dataclass(frozen=True, slots=True)
class Static:
    """A segment that must be exactly ``text``."""

    text: str


@dataclass(frozen=True, slots=True)
class Param:
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
class CatchAll:
    """A ``{*name}`` last segment: takes the rest of the path, slashes included."""

    name: str


Segment = Static | Param | CatchAll


def parse_pattern(pattern: str) -> tuple[Segment, ...]:
    """Split a pattern into segments, raising :class:`InvalidRoutePattern` at the bad spot.

    >>> parse_pattern("/v1beta/models/{model}:generateContent")[-1]
    Param(name='model', prefix='', suffix=':generateContent')
    """
    if not isinstance(pattern, str):
        raise TypeError(f"a route pattern is a str, not {type(pattern).__name__}")
    if not pattern.startswith("/"):
        raise InvalidRoutePattern(pattern, 0, "a pattern starts with '/'")
    if "?" in pattern or "#" in pattern:
        at = min(i for i in (pattern.find("?"), pattern.find("#")) if i != -1)
        raise InvalidRoutePattern(pattern, at, "a pattern is a path; it has no query or fragment")
    segments: list[Segment] = []
    names: set[str] = set()
    offset = 1
    parts = pattern[1:].split("/")
    for index, part in enumerate(parts):
        segment = _parse_segment(pattern, part, offset)
        if isinstance(segment, CatchAll) and index != len(parts) - 1:
            raise InvalidRoutePattern(pattern, offset, "a catch-all must be the last segment")
        if isinstance(segment, Param | CatchAll):
            if segment.name in names:
                raise InvalidRoutePattern(pattern, offset, f"parameter {segment.name!r} twice")
            names.add(segment.name)
        segments.append(segment)
        offset += len(part) + 1
    return tuple(segments)


def _parse_segment(pattern: str, part: str, offset: int) -> Segment:
    open_at = part.find("{")
    close_at = part.find("}")
    if open_at == -1 and close_at == -1:
        return Static(part)
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
        return CatchAll(name)
    if _NAME.fullmatch(name) is None:
        raise InvalidRoutePattern(pattern, offset + open_at + 1, f"bad parameter name {name!r}")
    return Param(name, prefix, rest)


def shape(segments: tuple[Segment, ...]) -> tuple[object, ...]:
    """What a route matches, ignoring parameter names: two routes with one shape conflict."""
    return tuple(
        s.text
        if isinstance(s, Static)
        else ("{}", s.prefix, s.suffix)
        if isinstance(s, Param)
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
    #: The pattern parsed (checked when the route is built).
    segments: tuple[Segment, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "segments", parse_pattern(self.pattern))
        if not isinstance(self.operation, str) or not isinstance(self.source, str):
            raise TypeError("a route's operation and source are strings")
        if not isinstance(self.protocols, frozenset | set | tuple | list) or not all(
            isinstance(p, Protocol) for p in self.protocols
        ):
            raise TypeError("a route's protocols are a frozenset of agroutes.profiles.Protocol")
        object.__setattr__(self, "protocols", frozenset(self.protocols))
        if not isinstance(self.methods, frozenset | set | tuple | list):
            raise TypeError("a route's methods are a frozenset of method names")
        methods = frozenset(m.upper() if isinstance(m, str) else m for m in self.methods)
        for m in methods:
            if not isinstance(m, str) or _METHOD.fullmatch(m) is None:
                raise InvalidRoutePattern(
                    self.pattern, 0, f"bad method {describe(m)} for this pattern"
                )
        if not methods:
            raise InvalidRoutePattern(self.pattern, 0, "a route needs at least one method")
        object.__setattr__(self, "methods", methods)

    @property
    def protocol(self) -> Protocol | None:
        """The route's main protocol (None for health, admin and other routes)."""
        return min(self.protocols) if self.protocols else None

    @property
    def is_static(self) -> bool:
        """True when the pattern has no parameter: it matches one path only."""
        return all(isinstance(s, Static) for s in self.segments)

    def allows(self, method: str) -> bool:
        return ANY_METHOD in self.methods or method in self.methods

    def __str__(self) -> str:
        # A user's own table may hold anything in a pattern: print it safe.
        return redact(f"{'|'.join(sorted(self.methods))} {self.pattern}")
