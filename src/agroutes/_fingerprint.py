"""Layer 6 (live): which proxy is this? Route tables told apart by a few harmless requests.

Pure: no I/O here. :func:`next_probe` picks, from the routes of the candidate tables,
the next request whose answer best splits the tables that fit the answers so far (a route
present in one table and absent in another); :func:`read_answer` reads an answer without
any table; :func:`predict` says what a table expects; :func:`score` weighs the answers.

Only harmless requests are ever planned: ``GET`` on model lists and health routes, and
``POST`` with an empty JSON object (never a valid request, so it cannot spend tokens) on
the API operations below. Admin routes, other methods and catch-alls are never sent.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ._patterns import CatchAll, Param, Route, Static
from ._presets import BUILTIN_TABLES, route_table
from ._table import RouteTable
from ._triage import BodyShape

__all__ = [
    "Answer",
    "Fingerprint",
    "Probe",
    "agrees",
    "candidate_tables",
    "health_paths",
    "instantiate",
    "known_ports",
    "next_probe",
    "predict",
    "probe_pool",
    "read_answer",
    "score",
    "shape_of",
]

#: The value a path parameter gets in a probe: a name no proxy serves, so that even a
#: handler that looks it up answers an error.
PROBE_VALUE = "agroutes-probe"
#: The least share of the answers a table must predict to be named as the proxy's.
KNOWN_CONFIDENCE = 0.85
#: How many informative answers a fingerprint gathers, even once one table is ahead.
MIN_INFORMATIVE = 6
#: How many of its routes the leading table must be seen to answer before it is named.
MIN_CONFIRMATIONS = 2
_HEALTH_PATHS = ("/healthz", "/health")
#: A path no proxy routes: how its router (or fallback) answers a miss.
UNKNOWN_PATH = "/agroutes-probe/no-such-route"

_GET_OPERATIONS = frozenset({"list-models", "health"})
_POST_OPERATIONS = frozenset(
    {
        "chat-completions",
        "completions",
        "responses",
        "messages",
        "count-tokens",
        "embeddings",
        "generate-content",
    }
)


class Answer(enum.StrEnum):
    """An answer read without a table. Values are stable strings, used in JSON."""

    ROUTED = "routed"  # a handler answered (2xx, 400, 422, 500...): the path is routed
    NOT_FOUND = "not-found"  # a router's 404
    #: A 404 with a JSON error body: a router's (new-api, FastAPI) or a handler's (an
    #: unknown model): agrees with either reading.
    NOT_FOUND_BODY = "not-found-with-body"
    WRONG_METHOD = "wrong-method"  # 405
    REDIRECT = "redirect"  # 301/302/307/308
    FALLBACK = "fallback"  # 200 with an HTML page for an API path: a web UI answered
    AUTH = "auth"  # 401/403: says nothing about routing
    NO_ANSWER = "no-answer"  # timeout, reset: says nothing


#: The JSON 404 bodies of routers themselves (Starlette/FastAPI, fastify), never a handler's.
_ROUTER_404 = re.compile(
    r'\{\s*"detail"\s*:\s*"Not Found"\s*\}|\{\s*"message"\s*:\s*"Route [A-Z]+:[^"]* not found".*\}',
    re.DOTALL,
)

#: Answers that say nothing about routing, left out of every comparison.
SILENT = frozenset({Answer.AUTH, Answer.NO_ANSWER})


@dataclass(frozen=True, slots=True)
class Probe:
    """One planned request: method, path, and the protocol of the route it came from."""

    method: str
    path: str
    protocol: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Fingerprint:
    """The tables that best explain the answers, and how well."""

    #: The best table ids (several when the answers cannot tell them apart), or ().
    best: tuple[str, ...]
    #: Share of the informative answers the best tables predicted (0.0 to 1.0).
    confidence: float
    #: How many answers were informative (not 401/403, not a timeout).
    informative: int
    #: Per candidate table id, how many informative answers it predicted.
    agreements: tuple[tuple[str, int], ...]
    #: Of the answers the first best table predicts "routed", how many there were and how
    #: many were seen so: a table is named on routes seen to answer, not on misses alone
    #: (a proxy with few routes predicts every miss of another proxy).
    routed_predicted: int = 0
    routed_seen: int = 0

    @property
    def known(self) -> bool:
        """True when one family of tables explains the answers well enough to use."""
        return (
            bool(self.best)
            and self.confidence >= KNOWN_CONFIDENCE
            and self.informative >= 4
            and self.routed_seen >= MIN_CONFIRMATIONS
            and self.routed_seen >= KNOWN_CONFIDENCE * self.routed_predicted
        )


def shape_of(body: str, content_type: str | None) -> BodyShape:
    stripped = body.strip()
    kind = (content_type or "").lower()
    if not stripped:
        return BodyShape.EMPTY
    if "html" in kind or stripped[:1] == "<":
        return BodyShape.HTML
    if "json" in kind or stripped[:1] in "{[":
        return BodyShape.JSON
    return BodyShape.TEXT


def read_answer(
    status: int | None, body: str = "", content_type: str | None = None, *, dynamic: bool = False
) -> Answer:
    """What an answer says about routing, with no table to read it against.

    ``dynamic``: the path names something a handler looks up (a model): a 404 with a JSON
    body may then be the handler's "no such model", so it is read as either. On a static
    path a 404 is a router's miss whatever its body (FastAPI's ``{"detail":"Not Found"}``).
    """
    if status is None:
        return Answer.NO_ANSWER
    if status in (401, 403):
        return Answer.AUTH
    if status in (301, 302, 303, 307, 308):
        return Answer.REDIRECT
    if status == 405:
        return Answer.WRONG_METHOD
    shape = shape_of(body, content_type)
    if status == 404:
        if dynamic and shape is BodyShape.JSON and not _ROUTER_404.fullmatch(body.strip()):
            return Answer.NOT_FOUND_BODY
        return Answer.NOT_FOUND
    if 200 <= status < 300 and shape is BodyShape.HTML:
        return Answer.FALLBACK
    return Answer.ROUTED


def predict(table: RouteTable, method: str, path: str) -> frozenset[Answer]:
    """The answers ``table``'s proxy may give to ``method path``.

    One answer, except for a path the table does not route on a proxy with a declared
    fallback: the fallback's answer or the router's own 404, since a fallback often holds
    in one mode only (Antigravity's web UI is served in headless mode, not on the desktop).
    """
    match = table.match(method, path)
    if match.route is not None:
        return _ROUTED
    if match.redirect is not None:
        return _REDIRECT
    if match.allowed_methods and match.method_not_allowed:
        return _WRONG_METHOD
    status, body = table.fallback(method, path)
    if status is not None:
        # FALLBACK marks the set: whatever its status, this answer is not a route's.
        quirk = read_answer(status, "<html>" if body == "html" else "", None)
        return frozenset({quirk, Answer.FALLBACK}) | _MISS
    return _MISS


_ROUTED = frozenset({Answer.ROUTED})
_REDIRECT = frozenset({Answer.REDIRECT})
_WRONG_METHOD = frozenset({Answer.WRONG_METHOD})
_MISS = frozenset({Answer.NOT_FOUND})


def agrees(expected: frozenset[Answer], seen: Answer) -> bool:
    """Whether ``seen`` is one of the ``expected`` answers."""
    if seen in expected:
        return True
    # A JSON 404 is a router's miss on some proxies and a handler's error on others.
    return seen is Answer.NOT_FOUND_BODY and bool(expected & {Answer.NOT_FOUND, Answer.ROUTED})


def instantiate(route: Route) -> str | None:
    """A concrete path ``route`` matches (parameters filled with :data:`PROBE_VALUE`), or
    None for a catch-all."""
    parts = []
    for segment in route.segments:
        if isinstance(segment, Static):
            parts.append(segment.text)
        elif isinstance(segment, Param):
            parts.append(f"{segment.prefix}{PROBE_VALUE}{segment.suffix}")
        elif isinstance(segment, CatchAll):
            return None
    return "/" + "/".join(parts) if parts else "/"


def harmless(route: Route) -> list[Probe]:
    """The probes a route allows: GET on lists and health, POST on API operations."""
    probes: list[Probe] = []
    path = instantiate(route)
    if path is None:
        return probes
    protocol = route.protocol.value if route.protocol is not None else None
    if route.operation in _GET_OPERATIONS and route.allows("GET"):
        probes.append(Probe("GET", path, protocol))
    if route.operation in _POST_OPERATIONS and route.allows("POST"):
        probes.append(Probe("POST", path, protocol))
    return probes


def known_ports() -> str:
    """Where the known proxies listen by default: ``8045 (antigravity), 8317 (...)``."""
    ports: dict[str, str] = {}
    for table in candidate_tables():
        if table.origin and ":" in table.origin.rpartition("/")[2]:
            port = table.origin.rpartition(":")[2]
            ports.setdefault(table.id.partition("@")[0], port)
    return ", ".join(f"{port} ({family})" for family, port in ports.items())


def candidate_tables() -> list[RouteTable]:
    seen: dict[str, RouteTable] = {}
    for name in BUILTIN_TABLES:
        table = route_table(name)
        seen.setdefault(table.id, table)
    return list(seen.values())


def health_paths(table: RouteTable | None) -> list[str]:
    """The health routes to ask first: ``/healthz``, then the table's own (``/health``
    without a table)."""
    paths = list(_HEALTH_PATHS[:1])
    routes = table.routes if table is not None else ()
    for route in routes:
        if (
            route.operation == "health"
            and route.is_static
            and route.allows("GET")
            and route.pattern not in paths
        ):
            paths.append(route.pattern)
    if table is None:
        paths.extend(p for p in _HEALTH_PATHS if p not in paths)
    return paths[:3]


def probe_pool(tables: Sequence[RouteTable]) -> list[Probe]:
    """Every harmless probe the routes of ``tables`` allow, in a fixed order."""
    return sorted(
        {p for table in tables for route in table.routes for p in harmless(route)},
        key=lambda p: (p.path, p.method),
    )


def next_probe(
    tables: Sequence[RouteTable], seen: Sequence[tuple[Probe, Answer]], pool: Sequence[Probe]
) -> Probe | None:
    """The probe that best splits the tables that explain ``seen`` best (releases of one
    proxy included), or None when none can and enough answers are in. Adaptive: each
    answer narrows the next choice."""
    fp = score(tables, seen)
    top = [t for t in tables if t.id in fp.best] if fp.best else list(tables)
    asked = {(p.method, p.path) for p, _ in seen}
    if len(top) >= 2:
        found = _best_split(top, pool, asked)
        if found is not None:
            return found
    if fp.best:
        unconfirmed = fp.routed_predicted < MIN_CONFIRMATIONS
        # Routes every proxy has say nothing of which one this is: a proxy whose routes are
        # a few of the leader's would pass for it. Ask one the leader has and most lack.
        if unconfirmed or not _told(tables, top[0], seen):
            found = _confirmation(tables, top[0], pool, asked)
            if found is not None and (unconfirmed or _routing(tables, found) <= len(tables) // 2):
                return found
    if fp.informative >= MIN_INFORMATIVE:
        return None
    # One table ahead (or several that no probe tells apart), on little evidence: ask what
    # tells every table apart, so that a proxy none of them is shows up as a poor fit.
    return _best_split(tables, pool, asked)


def _routing(tables: Sequence[RouteTable], probe: Probe) -> int:
    """How many of ``tables`` route ``probe``."""
    return sum(predict(t, probe.method, probe.path) == _ROUTED for t in tables)


def _told(
    tables: Sequence[RouteTable], leader: RouteTable, seen: Sequence[tuple[Probe, Answer]]
) -> bool:
    """Were :data:`MIN_CONFIRMATIONS` routes of ``leader`` that at most half the tables
    have seen to answer?"""
    half = len(tables) // 2
    told = sum(
        answer is Answer.ROUTED
        and predict(leader, probe.method, probe.path) == _ROUTED
        and _routing(tables, probe) <= half
        for probe, answer in seen
    )
    return told >= MIN_CONFIRMATIONS


def _confirmation(
    tables: Sequence[RouteTable],
    leader: RouteTable,
    pool: Sequence[Probe],
    asked: set[tuple[str, str]],
) -> Probe | None:
    """A probe ``leader`` routes, as few other tables do: its most telling route."""
    best, fewest = None, len(tables) + 1
    for candidate in pool:
        if (candidate.method, candidate.path) in asked:
            continue
        if predict(leader, candidate.method, candidate.path) != _ROUTED:
            continue
        routing = _routing(tables, candidate)
        if routing < fewest:
            best, fewest = candidate, routing
    return best


def _best_split(
    tables: Sequence[RouteTable], pool: Sequence[Probe], asked: set[tuple[str, str]]
) -> Probe | None:
    best, best_split = None, 0
    indices = list(range(len(tables)))
    for candidate in pool:
        if (candidate.method, candidate.path) in asked:
            continue
        answers = tuple(predict(t, candidate.method, candidate.path) for t in tables)
        split = _pairs_split(indices, answers)
        if split > best_split:
            best, best_split = candidate, split
    return best


def _pairs_split(group: list[int], answers: tuple[frozenset[Answer], ...]) -> int:
    """How many pairs of tables in ``group`` any answer to the probe tells apart: those
    whose predictions share no answer (a fallback's "404 or HTML" tells nothing from a
    plain 404)."""
    sizes: dict[frozenset[Answer], int] = {}
    for index in group:
        sizes[answers[index]] = sizes.get(answers[index], 0) + 1
    kinds = list(sizes.items())
    return sum(
        n * m for i, (a, n) in enumerate(kinds) for b, m in kinds[i + 1 :] if a.isdisjoint(b)
    )


def score(tables: Sequence[RouteTable], seen: Sequence[tuple[Probe, Answer]]) -> Fingerprint:
    """How well each table predicts the answers seen; the best ones, and how well."""
    informative = [(probe, answer) for probe, answer in seen if answer not in SILENT]
    counts = [
        (table.id, sum(agrees(predict(table, p.method, p.path), a) for p, a in informative))
        for table in tables
    ]
    if not informative or not counts:
        return Fingerprint(best=(), confidence=0.0, informative=0, agreements=tuple(counts))
    top = max(n for _, n in counts)
    best = tuple(table_id for table_id, n in counts if n == top) if top else ()
    predicted = seen_routed = 0
    if best:
        leader = next(t for t in tables if t.id == best[0])
        for p, a in informative:
            if predict(leader, p.method, p.path) == _ROUTED:
                predicted += 1
                seen_routed += a is Answer.ROUTED
    return Fingerprint(
        best=best,
        confidence=top / len(informative),
        informative=len(informative),
        agreements=tuple(counts),
        routed_predicted=predicted,
        routed_seen=seen_routed,
    )
