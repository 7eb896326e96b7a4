"""Layer 4: the correction search: the Base URL closest to the one typed that works.

The search is exact by construction: a candidate Base URL counts only if resolving the
client's requests against it *and* matching them against the table hits a route of the
client's protocol for every one of them (:func:`works`). Candidates are read off the
table's own route patterns (so a mounted table's prefix is kept), plus the user's own path;
the winner is the smallest edit of the path the user typed.

What the search wants to know about a table (its routes by protocol and by last segment,
where a path can stop and still lead to a route) is worked out once per table by
:func:`table_index`, a cached function of the table: route tables know nothing of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from ._baseurl import BaseURL
from ._cache import cacheable, cached, compiled
from ._patterns import CatchAll, Param, Route, Static
from ._profiles import ClientProfile
from ._resolve import PlannedRequest, plan, target_of, targets
from ._table import RouteTable
from ._vocab import Operation, Protocol

__all__ = [
    "Entry",
    "TableIndex",
    "best_path",
    "candidates",
    "correct",
    "path_segments",
    "reachable",
    "serves",
    "table_index",
    "works",
]


class Entry(NamedTuple):
    """A route with the paths of its leading static segments: ``heads[k]`` is the first
    ``k`` segments ("" for none); shorter than the pattern when a parameter comes."""

    route: Route
    heads: tuple[str, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class TableIndex:
    """A route table seen from the correction search (built by :func:`table_index`)."""

    mount_prefix: str
    #: Per protocol, the routes serving it, in table order.
    by_protocol: dict[Protocol, tuple[Entry, ...]]
    #: Per protocol and text of the last segment (None when a parameter or a catch-all
    #: ends the route), the routes serving it.
    by_tail: dict[tuple[Protocol, str | None], tuple[Entry, ...]]
    #: Per protocol, the mount prefix and every run of static segments a route starts with.
    prefixes: dict[Protocol, tuple[str, ...]]
    #: The protocols some route of which names a canonical operation.
    named: frozenset[Protocol]

    def entries_for(self, protocol: Protocol) -> tuple[Entry, ...]:
        """The routes serving ``protocol``, in table order."""
        return self.by_protocol.get(protocol, ())

    def entries_ending(self, protocol: Protocol, segment: str) -> tuple[Entry, ...]:
        """The ``protocol`` routes whose last segment can be ``segment``: those ending in
        exactly that static text, then those ending in a parameter or a catch-all."""
        return self.by_tail.get((protocol, segment), ()) + self.by_tail.get((protocol, None), ())

    def routes_for(self, protocol: Protocol) -> tuple[Route, ...]:
        """The routes of :meth:`entries_for`."""
        return tuple(e.route for e in self.entries_for(protocol))

    def routes_ending(self, protocol: Protocol, segment: str) -> tuple[Route, ...]:
        """The routes of :meth:`entries_ending`."""
        return tuple(e.route for e in self.entries_ending(protocol, segment))

    def static_prefixes(self, protocol: Protocol) -> tuple[str, ...]:
        """The mount prefix and every static run of segments a ``protocol`` route starts
        with (``/v1``, ``/v1/chat``, ``/v1/chat/completions``, ...), in table order."""
        return self.prefixes.get(protocol, (self.mount_prefix,))


def static_heads(route: Route) -> tuple[str, ...]:
    """The paths of ``route``'s leading static segments (see :class:`Entry`)."""
    heads = [""]
    for segment in route.segments:
        if not isinstance(segment, Static):
            break
        heads.append(heads[-1] + "/" + segment.text)
    return tuple(heads)


@compiled(maxsize=64)
def table_index(table: RouteTable) -> TableIndex:
    """What the correction search asks of ``table``, worked out once per table."""
    entries = [Entry(route, static_heads(route)) for route in table.routes]
    # Where a path can stop and still lead to a route of a protocol: the mount prefix
    # and every run of static segments a route starts with.
    prefixes: dict[Protocol, dict[str, None]] = {}
    for entry in entries:
        for protocol in entry.route.protocols:  # a route may start with a parameter
            found = prefixes.setdefault(protocol, {table.mount_prefix: None})
            found.update(dict.fromkeys(entry.heads[1:]))
    # The routes keyed by the text of their last segment: a request's suffix can only
    # ever end a route whose last segment fits its own, so the search compares it with
    # those alone.
    tails: dict[tuple[Protocol, str | None], list[Entry]] = {}
    for entry in entries:
        last = entry.route.segments[-1]
        text = last.text if isinstance(last, Static) else None
        for protocol in entry.route.protocols:
            tails.setdefault((protocol, text), []).append(entry)
    return TableIndex(
        mount_prefix=table.mount_prefix,
        by_protocol={p: tuple(e for e in entries if p in e.route.protocols) for p in prefixes},
        by_tail={key: tuple(found) for key, found in tails.items()},
        prefixes={p: tuple(found) for p, found in prefixes.items()},
        named=frozenset(
            p for e in entries if e.route.operation in _OPERATIONS for p in e.route.protocols
        ),
    )


_OPERATIONS = frozenset(op.value for op in Operation)


def serves(route: Route, protocol: Protocol, operation: str, *, exact: bool = False) -> bool:
    """Is ``route`` a handler for a request of ``protocol`` and ``operation``: its protocol
    and, when the route names one of the canonical operations, that operation? (A
    Responses call that a Base URL query pushed onto /v1/chat/completions is routed, but to
    the wrong handler.) With ``exact``, a route of no canonical operation does not count."""
    if protocol not in route.protocols:
        return False
    op = route.operation
    if op == operation or (op not in _OPERATIONS and not exact):
        return True
    # One Gemini handler serves both actions: the action rides in the {model} segment.
    return op == Operation.GENERATE_CONTENT and operation == Operation.STREAM_GENERATE_CONTENT


def works(
    path: str,
    profile: ClientProfile,
    table: RouteTable,
    only: PlannedRequest | None = None,
    *,
    exact: bool = False,
) -> bool:
    """Does a Base URL with this path (no query, no harmful userinfo) work for the client
    (or, with ``only``, for that one of its requests)? With ``exact``, only on routes that
    name the very operation of each request (see :func:`serves`).

    The correction search calls this for every candidate, so it joins raw strings and
    skips building Request objects and URLs.
    """
    if only is None:
        pairs = targets(path, None, profile)
    else:
        pairs = ((only.spec, target_of(path, None, profile, only)),)
    for spec, target in pairs:
        route = table.match(spec.method, target).route
        if route is None or not serves(route, profile.protocol, spec.operation, exact=exact):
            return False
    return True


def candidates(planned: PlannedRequest, protocol: Protocol, table: RouteTable) -> set[str]:
    """Base URL paths worth trying for one request: every P such that P followed by the
    request's suffix fits a route serving it, read off the routes' own patterns (a clean
    path P joins to exactly P + suffix under every join rule).

    Each one is still checked by :func:`_works`, the exact simulation. Where a route could
    take part of the Base URL into a parameter or a catch-all, the table's static prefixes
    are proposed instead, as a plain search would.
    """
    segments = planned.segments
    method = planned.spec.method
    last = segments[-1] if segments else None
    index = table_index(table)
    entries = index.entries_for(protocol) if last is None else index.entries_ending(protocol, last)
    found: set[str] = set()
    for route, heads in entries:
        pattern = route.segments
        cut = len(pattern) - len(segments)
        if cut < 0 or not route.allows(method):
            continue
        if cut >= len(heads) or isinstance(pattern[-1], CatchAll):
            # A parameter inside the Base URL part, or a catch-all: propose them all.
            found.update(index.static_prefixes(protocol))
            continue
        for segment, part in zip(pattern[cut:], segments, strict=True):
            if isinstance(segment, Static):
                if segment.text != part:
                    break
            elif isinstance(segment, Param) and segment.take(part) is None:
                break
        else:
            found.add(heads[cut])
    return found


def _proposals(profile: ClientProfile, table: RouteTable) -> set[str]:
    """The paths proposed for every request of the client (the intersection)."""
    found_all: set[str] | None = None
    for planned in plan(profile):
        found = candidates(planned, profile.protocol, table)
        found_all = found if found_all is None else found_all & found
        if not found_all:
            break  # one request no path can serve: nothing serves them all
    return found_all or set()


def path_segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def _distance(a: list[str], b: list[str]) -> int:
    """Edit distance between two segment lists (insert, delete, replace one segment)."""
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i]
        for j, y in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y)))
        prev = cur
    return prev[-1]


def correct(base: BaseURL, profile: ClientProfile, table: RouteTable) -> BaseURL | None:
    """The working Base URL closest to the one typed, or None when none works."""
    path = best_path(base.path, profile, table)
    if path is None:
        return None
    return base.replace(path=path, query=None, keep_userinfo=not profile.userinfo.harmful)


def best_path(typed_path: str, profile: ClientProfile, table: RouteTable) -> str | None:
    """The working path closest to the one typed (see :func:`_correct`)."""
    if cacheable(typed_path):
        return _best_path_cached(typed_path, profile, table)
    return _search(typed_path, profile, table)


def _search(typed_path: str, profile: ClientProfile, table: RouteTable) -> str | None:
    typed = path_segments(typed_path)
    if len(typed_path) > 4096:  # no route table has paths this long; keep the search linear
        typed = typed[:64]
    documented = table.mount_prefix + profile.base_shape.prefix
    # Ties go to the shape the client's documentation asks for (codex: "/v1", not the
    # proxy's bare "/responses" alias, which answers non-stream calls in another shape).
    # Scoring is cheap and joining is not: try the best score first, stop at one that works.
    # The typed path's own distance is the segments cut off above (0 when none were): a
    # distance against all of a 1 MB path's segments would cost 64 x n.
    own = len(path_segments(typed_path)) - len(typed)
    scored = sorted(
        (
            own if path == typed_path else _distance(typed, path_segments(path)),
            path != documented,
            len(path),
            path,
        )
        for path in {typed_path: None, **dict.fromkeys(_proposals(profile, table))}
    )
    # A path whose requests all reach handlers of their own operation beats one that only
    # reaches handlers of no known operation (a chat call on /v1/edits), however close;
    # tables that name no operation for the protocol skip that first pass.
    passes = (True, False) if profile.protocol in table_index(table).named else (False,)
    for exact in passes:
        for *_, path in scored:
            if works(path, profile, table, exact=exact):
                return path
    return None


def reachable(base: BaseURL, profile: ClientProfile, table: RouteTable, index: int) -> bool:
    """Can any Base URL make the failing request ``plan(profile)[index]`` hit a route serving
    it? Its own candidates are exact for clean paths; the typed path, less its query, is
    tried too, for what a client's join makes of an odd one (with no query in the Base URL,
    that is the very request that failed)."""
    planned = plan(profile)[index]
    for path in candidates(planned, profile.protocol, table):
        if works(path, profile, table, planned):
            return True
    return base.query is not None and works(base.path, profile, table, planned)


# The answer depends only on the typed path, the client and the table (not on the host,
# port or query), so Base URLs that differ only there share one search.
_best_path_cached = cached(maxsize=1024)(_search)
