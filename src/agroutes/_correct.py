"""Layer 4: the correction search: the Base URL closest to the one typed that works.

**The candidate space.** Let ``t`` be the path typed and ``typed`` its segments (split at
"/", empty ones dropped; of a path longer than 4096 characters, the first 64). The
*letters* at position ``i`` are the static texts found at position ``i`` of the table's
routes, the parameters found there as their patterns write them (``{tenant}``: a
placeholder for the user to fill in), and ``typed[i]`` unless it is a static text of the
table (somewhere: then it names that segment, not a value) or a dot segment. The
candidates are ``t`` itself and every *clean* path ``P`` (``""`` or ``/s1/.../sk``, no empty
or dot segment) whose segment ``i`` is a letter at ``i``, such that every request of the
client, sent for ``P``, hits a route serving it (:func:`works`), no catch-all of that
route takes any part of ``P``, and no parameter of it takes a whole segment that is a
static text of the table: such a segment names that segment, not a value, whether the
client appends it (the ``v1`` of ``/v1/messages``) or ``P`` holds it (OpenRouter's
``/api/v1/presets/{slug}/messages`` serves claude-code neither from ``/api/v1/presets``,
with ``v1`` for a preset, nor from ``/api/v1/presets/completions``). A candidate is so no
deeper than a route less the client's suffix (for a catch-all route, its segments before
the catch-all).

**The answer** is the candidate of least score ``(distance, P != documented, len(P), P)``:
the edit distance between ``typed`` and ``P``'s segments, counted in segments (0 for
``t``, or the segments cut off a long ``t``); whether ``P`` is not the documented path
(the table's mount prefix and the client's ``base_shape.prefix``); then the shorter, then
the first in text order. None means that no Base URL of the space works. :func:`reachable`
answers the same question for one request on its own: what ``unsupported-by-proxy`` claims.

**Why the search is complete.** A clean path joins to exactly ``P`` + suffix under every
join rule but the rewriting ones (:data:`agroutes._joins.REWRITING`: Cline turns the host
root into ``/v1``), which add a segment ``s`` to some clean paths ``Q`` first: for those
the search also proposes the candidates of each request with ``/s`` before its suffix,
keeping the ``Q`` that the rule does turn into ``Q/s`` (``rewritten``); a rule that
keeps a pasted endpoint (:data:`~agroutes._joins.KEEPS_PASTED_ENDPOINT`) joins ``P`` ending
in the suffix to ``P`` itself, so the whole route is a candidate too; and ``strip-v1``
removes a trailing ``/v1`` first, so that ``Q`` and ``Q/v1`` join alike
(:func:`_joined_alike` proposes both, where ``v1`` is a letter). So a candidate
``P`` that works hits, for each request, a route whose last segments fit the request's
suffix and whose first ones take ``P``: statics as written, parameters with letters that
fit them, a catch-all only after ``P``. :func:`candidates` reads exactly those paths off
each route (every way a catch-all route can split between ``P`` and the suffix); a
candidate must be proposed for every request; :func:`works` then checks each by the exact
simulation, in score order. ``tests/property/test_oracle.py`` holds the answer equal to a
brute-force enumeration of the space. One bound: a request whose routes would propose more
than :data:`LIMIT` paths (parameters at several places of the Base URL part, with many
letters there) is left out of the intersection; when every request is, the search tries the
first ones only and claims nothing about the rest: :func:`correct` may then find no Base
URL, but :func:`reachable` never says none exists.

The same candidates, with no typed text (:func:`proposals`), are where
:mod:`agroutes._working` finds every Base URL that works, for ``Diagnosis.working_base_urls``.

What the search wants to know about a table (its routes by protocol and by last segment,
the letters by position) is worked out once per table by :func:`table_index`, a cached
function of the table: route tables know nothing of it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from ._baseurl import BaseURL
from ._cache import cacheable, cached, compiled
from ._joins import KEEPS_PASTED_ENDPOINT, REWRITING, JoinRule, rewritten
from ._matcher import Match
from ._patterns import CatchAll, Param, Route, Segment, Static
from ._profiles import ClientProfile
from ._resolve import PlannedRequest, plan, target_of, targets
from ._table import RouteTable
from ._vocab import Operation, Protocol

__all__ = [
    "LIMIT",
    "Entry",
    "TableIndex",
    "best_path",
    "candidates",
    "correct",
    "path_segments",
    "proposals",
    "reachable",
    "serves",
    "table_index",
    "typed_segments",
    "unreachable_requests",
    "values",
    "works",
]

#: The most paths one request's routes propose before the search leaves that request out
#: of the intersection (see the module docstring).
LIMIT = 1024


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
    #: The text of every static segment of every route.
    statics: frozenset[str]
    #: Per position, the static texts and then the parameters (as written) found there.
    letters: tuple[tuple[str, ...], ...]
    #: Whether a route has an empty or a dot segment, which no clean path holds.
    odd: bool

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


def _written(param: Param) -> str:
    """A parameter as its pattern writes it: the placeholder a candidate holds for it."""
    return f"{param.prefix}{{{param.name}}}{param.suffix}"


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
    statics: list[dict[str, None]] = []
    params: list[dict[str, None]] = []
    for route in table.routes:
        for i, segment in enumerate(route.segments):
            if i == len(statics):
                statics.append({})
                params.append({})
            if isinstance(segment, Static):
                statics[i][segment.text] = None
            elif isinstance(segment, Param):
                params[i][_written(segment)] = None
    every_static = frozenset(text for found in statics for text in found)
    return TableIndex(
        mount_prefix=table.mount_prefix,
        by_protocol={p: tuple(e for e in entries if p in e.route.protocols) for p in prefixes},
        by_tail={key: tuple(found) for key, found in tails.items()},
        prefixes={p: tuple(found) for p, found in prefixes.items()},
        named=frozenset(
            p for e in entries if e.route.operation in _OPERATIONS for p in e.route.protocols
        ),
        statics=every_static,
        letters=tuple((*s, *p) for s, p in zip(statics, params, strict=True)),
        odd=bool(every_static & {"", ".", ".."}),
    )


_OPERATIONS = frozenset(op.value for op in Operation)
_DOTS = frozenset({".", ".."})


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


def path_segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


def typed_segments(path: str) -> tuple[str, ...]:
    """The segments of a typed path the search compares with (the first 64 of a path
    longer than 4096 characters: no route table has paths this long)."""
    segments = path_segments(path)
    return tuple(segments[:64] if len(path) > 4096 else segments)


def values(param: Param, position: int, typed: Sequence[str], index: TableIndex) -> list[str]:
    """The letters at ``position`` that ``param`` takes, the typed one first (``acme`` in
    ``/acme/v1``), then its own placeholder (``{tenant}``), then the table's."""
    first = []
    if position < len(typed):
        part = typed[position]
        if part not in index.statics and part not in _DOTS:
            first.append(part)
    letters = index.letters[position] if position < len(index.letters) else ()
    found = dict.fromkeys((*first, _written(param), *letters))
    return [letter for letter in found if param.take(letter) is not None]


def works(
    path: str,
    profile: ClientProfile,
    table: RouteTable,
    only: PlannedRequest | None = None,
    *,
    exact: bool = False,
    candidate: bool = False,
) -> bool:
    """Does a Base URL with this path (no query, no harmful userinfo) work for the client
    (or, with ``only``, for that one of its requests)? With ``exact``, only on routes that
    name the very operation of each request (see :func:`serves`). A ``candidate`` (a clean
    path made of letters) counts only when no catch-all takes any part of it.

    The correction search calls this for every candidate, so it joins raw strings and
    skips building Request objects and URLs.
    """
    if only is None:
        pairs = targets(path, None, profile)
    else:
        pairs = ((only.spec, target_of(path, None, profile, only)),)
    for spec, target in pairs:
        match = table.match(spec.method, target)
        route = match.route
        if route is None and match.redirect is not None:
            # A redirect the client follows keeping its method works, as in the diagnosis.
            followed = follow(profile, table, spec.method, target, match)
            route = followed.route if followed is not None else None
        if route is None or not serves(route, profile.protocol, spec.operation, exact=exact):
            return False
        if candidate and isinstance(route.segments[-1], CatchAll):
            if len(route.segments) <= path.count("/"):
                return False  # the catch-all takes a segment of the Base URL itself
        elif candidate and not route.is_static and _takes_a_static(route, target, table):
            return False
    return True


def follow(
    profile: ClientProfile, table: RouteTable, method: str, target: str, match: Match
) -> Match | None:
    """The answer to the request the client sends after the router's redirect ``match``,
    when it follows that redirect keeping ``method``; None otherwise (no redirect, not
    followed, not known to be, or a POST turned into a GET by a 301 or 302)."""
    if match.redirect is None or match.redirect_status is None:
        return None
    if profile.redirects.follow_method(match.redirect_status, method) != method:
        return None
    query = target.partition("?")[2]
    return table.match(method, match.redirect + (f"?{query}" if query else ""))


def _takes_a_static(route: Route, target: str, table: RouteTable) -> bool:
    """Does a parameter of ``route`` take a whole segment of ``target`` that is a static
    text of the table (see the module docstring)?"""
    statics = table_index(table).statics
    parts = target.partition("?")[0].split("/")[1:]
    return any(
        isinstance(segment, Param) and i < len(parts) and parts[i] in statics
        for i, segment in enumerate(route.segments)
    )


def _fits(pattern: Sequence[Segment], parts: Sequence[str]) -> bool:
    """Do the path segments ``parts`` fit the pattern segments, one for one?"""
    for segment, part in zip(pattern, parts, strict=True):
        if isinstance(segment, Static):
            if segment.text != part:
                return False
        elif not isinstance(segment, Param) or segment.take(part) is None:
            return False
    return True


def _fills(
    pattern: Sequence[Segment],
    depth: int,
    heads: tuple[str, ...],
    typed: Sequence[str],
    index: TableIndex,
) -> Iterator[str]:
    """The candidates made of the first ``depth`` segments of ``pattern``: statics as
    written, each parameter with every letter that fits it."""
    if depth < len(heads):
        yield heads[depth]  # static segments only: the usual case
        return
    choices: list[Sequence[str]] = []
    for i, segment in enumerate(pattern[:depth]):
        if isinstance(segment, Static):
            choices.append((segment.text,))
        elif isinstance(segment, Param):
            choices.append(values(segment, i, typed, index))
    for word in itertools.product(*choices):
        yield "/" + "/".join(word)


def _clean(path: str) -> bool:
    """No empty and no dot segment: a path that every join rule keeps as it is (but for
    the rewrites of :data:`agroutes._joins.REWRITING`, which make another clean path)."""
    return not any(s in _DOTS or not s for s in path.split("/")[1:])


def candidates(
    planned: PlannedRequest,
    protocol: Protocol,
    table: RouteTable,
    typed: Sequence[str] = (),
    limit: int | None = None,
    *,
    whole: bool = False,
) -> set[str]:
    """The candidates P such that P followed by the request's suffix fits a route serving
    it, read off the routes' own patterns (a clean path P joins to exactly P + suffix
    under every join rule); ``typed`` gives the parameters their first letters. With a
    ``limit``, at most ``limit + 1`` of them (more than ``limit``: there are more).
    ``whole``: the client's join keeps a pasted endpoint, so the whole route is one too.

    Each one is still checked by :func:`works`, the exact simulation.
    """
    segments = planned.segments
    method = planned.spec.method
    count = len(segments)
    last = segments[-1] if segments else None
    index = table_index(table)
    entries = index.entries_for(protocol) if last is None else index.entries_ending(protocol, last)
    found: set[str] = set()
    for route, heads in entries:
        if not route.allows(method) and not (
            method == "HEAD" and table.implicit_head and route.allows("GET")
        ):
            continue
        pattern = route.segments
        if isinstance(pattern[-1], CatchAll):
            # P takes the first j segments before the catch-all, the suffix the k others,
            # and the catch-all the rest of the suffix, which is never empty.
            fixed = len(pattern) - 1
            depths = [
                fixed - k
                for k in range(min(fixed, count) + 1)
                if "/".join(segments[k:]) and _fits(pattern[fixed - k : fixed], segments[:k])
            ]
        else:
            cut = len(pattern) - count
            if cut < 0 or not _fits(pattern[cut:], segments):
                continue
            pasted = whole and count > 0
            if cut < len(heads) and not pasted:  # static segments only: the usual case
                found.add(heads[cut])
                continue
            depths = [cut, len(pattern)] if pasted else [cut]
        for depth in depths:
            for path in _fills(pattern, depth, heads, typed, index):
                found.add(path)
                if limit is not None and len(found) > limit:
                    return found
    return found if not index.odd else {path for path in found if _clean(path)}


def _whole(profile: ClientProfile) -> bool:
    return profile.join in KEEPS_PASTED_ENDPOINT


def proposals(
    profile: ClientProfile, table: RouteTable, typed: Sequence[str]
) -> tuple[set[str], bool]:
    """The paths proposed for every request of the client (the intersection), and whether
    that is all of them (see :data:`LIMIT`)."""
    found_all: set[str] | None = None
    crowded: set[str] | None = None
    for planned in plan(profile):
        found = candidates(planned, profile.protocol, table, typed, LIMIT, whole=_whole(profile))
        found = _with_rewritten(found, planned, profile, table, typed)
        found = _joined_alike(profile, found, table, typed)
        if not found:
            return set(), True  # one request no path can serve: nothing serves them all
        if len(found) > LIMIT:
            crowded = found if crowded is None else crowded & found
            continue
        found_all = found if found_all is None else found_all & found
        if not found_all:
            return set(), True
    if found_all is None:
        return crowded or set(), False
    return found_all, True


def _with_rewritten(
    found: set[str],
    planned: PlannedRequest,
    profile: ClientProfile,
    table: RouteTable,
    typed: Sequence[str],
) -> set[str]:
    """The candidates, and for a rewriting join the clean paths ``Q`` it turns into
    ``Q`` + its segment (Cline: the host root into ``/v1``), read off the routes as the
    candidates of the request with that segment before its suffix."""
    segment = REWRITING.get(profile.join)
    if segment is None:
        return found
    shifted = PlannedRequest(
        spec=planned.spec,
        suffix=f"/{segment}{planned.suffix}",
        query=planned.query,
        segments=(segment, *planned.segments),
    )
    more = candidates(shifted, profile.protocol, table, typed, LIMIT)
    return found | {q for q in more if rewritten(profile.join, q) == f"{q}/{segment}"}


def _joined_alike(
    profile: ClientProfile, found: set[str], table: RouteTable, typed: Sequence[str]
) -> set[str]:
    """The candidates, and the paths of the space the client joins exactly as it joins one
    of them: under ``strip-v1`` (qwen-code's Responses mode) ``Q/v1`` sends what ``Q``
    does, where ``v1`` is a letter at that position (see the module docstring)."""
    if profile.join is not JoinRule.STRIP_V1 or len(found) > LIMIT:
        return found
    index = table_index(table)

    def v1_is_a_letter(position: int) -> bool:
        if position < len(index.letters) and "v1" in index.letters[position]:
            return True
        return position < len(typed) and typed[position] == "v1" and "v1" not in index.statics

    return found | {p + "/v1" for p in found if v1_is_a_letter(len(path_segments(p)))}


def _distance(a: Sequence[str], b: Sequence[str]) -> int:
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
    """The best candidate that works (see the module docstring), or None."""
    if cacheable(typed_path):
        return _best_path_cached(typed_path, profile, table)
    return _search(typed_path, profile, table)


def _search(typed_path: str, profile: ClientProfile, table: RouteTable) -> str | None:
    typed = typed_segments(typed_path)
    documented = table.mount_prefix + profile.base_shape.prefix
    # Ties go to the shape the client's documentation asks for (codex: "/v1", not the
    # proxy's bare "/responses" alias, which answers non-stream calls in another shape).
    # Scoring is cheap and joining is not: try the best score first, stop at one that works.
    # The typed path's own distance is the segments cut off above (0 when none were): a
    # distance against all of a 1 MB path's segments would cost 64 x n.
    own = len(path_segments(typed_path)) - len(typed) if len(typed_path) > 4096 else 0
    proposed, _complete = proposals(profile, table, typed)
    scored = sorted(
        (
            own if path == typed_path else _distance(typed, path_segments(path)),
            path != documented,
            len(path),
            path,
        )
        for path in {typed_path: None, **dict.fromkeys(proposed)}
    )
    # A path whose requests all reach handlers of their own operation beats one that only
    # reaches handlers of no known operation (a chat call on /v1/edits), however close;
    # tables that name no operation for the protocol skip that first pass.
    passes = (True, False) if profile.protocol in table_index(table).named else (False,)
    for exact in passes:
        for *_, path in scored:
            if works(path, profile, table, exact=exact, candidate=path != typed_path):
                return path
    return None


def reachable(base: BaseURL, profile: ClientProfile, table: RouteTable, index: int) -> bool:
    """Can any Base URL of the candidate space make the failing request
    ``plan(profile)[index]`` hit a route serving it? (True, too, when its routes propose
    more than :data:`LIMIT` paths: that is not proven.) Its own candidates are exact for
    clean paths; the typed path, less its query, is tried too, for what a client's join
    makes of an odd one (with no query in the Base URL, that is the very request that
    failed)."""
    planned = plan(profile)[index]
    typed = typed_segments(base.path)
    proposed = candidates(planned, profile.protocol, table, typed, LIMIT, whole=_whole(profile))
    proposed = _joined_alike(profile, proposed, table, typed)
    if len(proposed) > LIMIT:
        return True
    proposed = _with_rewritten(proposed, planned, profile, table, typed_segments(base.path))
    if len(proposed) > LIMIT:
        return True
    for path in proposed:
        if path != base.path and works(path, profile, table, planned, candidate=True):
            return True
    return base.query is not None and works(base.path, profile, table, planned)


def unreachable_requests(
    base: BaseURL, profile: ClientProfile, table: RouteTable, failed: Iterable[tuple[int, bool]]
) -> frozenset[int]:
    """Of the ``failed`` requests (their index in ``plan(profile)``, and whether the client
    refused to send it), the indexes of those no Base URL of the candidate space serves."""
    planned = plan(profile)
    out = []
    for index, refused in failed:
        if refused and works(base.path, profile, table, planned[index]):
            continue  # refused for its credentials, but served where it stands
        if not reachable(base, profile, table, index):
            out.append(index)
    return frozenset(out)


# The answer depends only on the typed path, the client and the table (not on the host,
# port or query), so Base URLs that differ only there share one search.
_best_path_cached = cached(maxsize=1024)(_search)
