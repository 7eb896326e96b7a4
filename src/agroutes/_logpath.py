"""Layer 4: work backwards from a request the proxy could not route.

A proxy's 404 handler, or a person reading its log, has a method and a path, not a Base
URL. :func:`diagnose_path` names the mistake in the same :class:`~agroutes.ProblemKind`
vocabulary as :func:`~agroutes.diagnose`, the route the caller most likely meant, and the
clients that would send exactly this path (:mod:`agroutes._senders`), each with the Base
URL it was given and the one it should be given instead. When no known client sends the
path, the edits of :mod:`agroutes._structural` find the route that was meant.

``PathDiagnosis.to_mapping()`` returns the JSON view; its schema is in ``docs/json.md``.
"""

from __future__ import annotations

import collections
import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ._baseurl import BaseURL, parse_base_url
from ._cache import cacheable, cached
from ._clients import client
from ._correct import path_segments
from ._diagnosis import DUPLICATE, ProblemKind
from ._errors import InvalidRequest
from ._matcher import Match
from ._patterns import Route
from ._presets import route_table
from ._profiles import ClientProfile
from ._redact import redact, redact_lines, safe_repr
from ._senders import MeantRoute, Sender, find_senders, rank_senders
from ._structural import structural_edits
from ._table import RouteTable
from ._texts import check_lang, text

__all__ = ["DEFAULT_ORIGIN", "NO_ORIGIN", "MeantRoute", "PathDiagnosis", "Sender", "diagnose_path"]

#: Antigravity's default origin (kept for callers; a table now carries its own origin).
DEFAULT_ORIGIN = "http://127.0.0.1:8045"
#: The origin the senders' Base URLs are built on when neither the caller nor the table
#: gives one (a reserved name, RFC 2606). No text shows it: explanations and JSON write
#: :data:`SHOWN_ORIGIN` in its place, so a Base URL reads ``<origin>/v1``.
NO_ORIGIN = "http://origin.invalid"
#: What stands for the origin in the texts when none is known.
SHOWN_ORIGIN = "<origin>"


def path_only(text: str) -> str:
    """``text`` with the placeholder origin written as ``<origin>``."""
    return text.replace(NO_ORIGIN, SHOWN_ORIGIN)


# A 404 handler sees whatever the internet sends; past these sizes no real client's path
# can be meant, so the search is skipped and the answer is "unknown route".
_MAX_PATH = 2048
_MAX_SEGMENTS = 32

_METHOD = re.compile(r"[A-Z][A-Z0-9\-]*")


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)  # its own __repr__ masks secrets
class PathDiagnosis:
    """What a proxy's router does with one logged request, and what the caller meant."""

    method: str
    path: str  # the path part, as given
    query: str | None  # None when there was no "?"
    table: RouteTable
    match: Match
    #: The mistake, or None when the path is routed.
    kind: ProblemKind | None
    #: The request the caller most likely meant (None when nothing plausible is routed).
    meant: MeantRoute | None = None
    #: The canonical path, only when every explanation agrees on it (see suggest_rewrite).
    rewrite: str | None = None
    #: Known clients that send exactly this path, each with its corrected Base URL, the
    #: best explanation first (the ranking is defined in :mod:`agroutes._senders`).
    senders: tuple[Sender, ...] = ()
    #: False only when the path carries a client mark: a query that a profiled client adds
    #: by itself, matched exactly (claude-code's ``?beta=true``). Otherwise any program
    #: (curl, an SDK agroutes does not profile) may have sent it, and the senders are only
    #: the known clients that could have.
    unknown_senders_possible: bool = True
    #: The clients the caller named (``clients=``, ``--client``), as labels; () for all.
    named_clients: tuple[str, ...] = ()
    detail: tuple[tuple[str, str], ...] = ()  # template fields for the explanation
    #: The origin the senders' Base URLs are shown on: the caller's, else the table's; None
    #: when neither gives one. Their Base URLs are then built on :data:`NO_ORIGIN`, and the
    #: texts and JSON show that origin as ``<origin>`` (``<origin>/v1``).
    origin: str | None = None

    @property
    def ok(self) -> bool:
        return self.match.ok

    @property
    def missing_clients(self) -> tuple[str, ...]:
        """The named clients that send not this path from any Base URL agroutes tries."""
        found = {s.client.id for s in self.senders}
        return tuple(c for c in self.named_clients if c.partition("(")[0] not in found)

    @property
    def route(self) -> Route | None:
        """The route the path hits (None on a miss)."""
        return self.match.route

    @property
    def status(self) -> int:
        """What the router answers: 200 (routed), 404, 405, or its redirect's 3xx (gin's
        301 or 307, Starlette's 307, ServeMux's 301). A proxy with a fallback may answer
        a path no route takes otherwise: see :attr:`fallback_status`."""
        return self.match.status

    @property
    def fallback_status(self) -> int | None:
        """What the proxy's fallback answers instead of the router's 404, when the table's
        quirks declare one for this path and no route, redirect or other method takes it
        (LM Studio's 200 for any unknown path; one-api's web UI outside ``/v1`` and
        ``/api``; Antigravity's in headless mode only, as the quirks' note says); else None."""
        match = self.match
        if match.route is not None or match.redirect is not None or match.allowed_methods:
            return None
        return self.table.fallback(self.method, self.path)[0]

    @property
    def target(self) -> str:
        return self.path if self.query is None else f"{self.path}?{self.query}"

    def explain(self, lang: str = "en") -> str:
        """A readable explanation; ``lang`` is ``"en"`` or ``"zh"``."""
        check_lang(lang)
        head = f"{self.method} {redact(self.target)} on {self.table.id}: "
        if self.match.route is not None:
            return redact(head + text(lang, "path:routed", route=str(self.match.route)))
        lines = [head + _status_text(lang, self)]
        kind = self.kind or ProblemKind.UNKNOWN_ROUTE
        template = f"kind-{kind.value}"
        if self.match.redirect is not None:
            template = "kind-redirected"
        lines.append(f"  {kind.value}: " + text(lang, "path:" + template, **dict(self.detail)))
        if self.meant is not None:
            lines.append("  " + text(lang, "path:meant", meant=str(self.meant), route=_cite(self)))
        if self.missing_clients:
            named = ", ".join(self.missing_clients)
            lines.append("  " + text(lang, "path:not-sender", clients=named))
        if self.senders:
            lines.append("  " + text(lang, "path:senders"))
            lines.extend(f"    {sender.explain(lang)}" for sender in self.senders)
            if self.unknown_senders_possible and not self.named_clients:
                lines.append("  " + text(lang, "path:unknown-senders"))
        if self.rewrite is not None:
            lines.append("  " + text(lang, "path:rewrite", path=self.rewrite))
        shown = redact_lines(lines)
        return shown if self.origin is not None else path_only(shown)

    def __str__(self) -> str:
        return self.explain("en")

    def __repr__(self) -> str:
        return (
            f"PathDiagnosis(method={safe_repr(self.method)}, path={safe_repr(self.target)}, "
            f"table={safe_repr(self.table.id)}, status={self.status}, "
            f"kind={self.kind.value if self.kind else None!r}, "
            f"meant={safe_repr(str(self.meant)) if self.meant else None}, "
            f"senders={safe_repr([s.client.label() for s in self.senders])})"
        )

    def to_mapping(self) -> dict[str, object]:
        """A JSON-ready view, every URL and path redacted (schema: ``docs/json.md``)."""
        from ._json import path_diagnosis_mapping  # noqa: PLC0415 - the faces sit above

        return path_diagnosis_mapping(self)


def diagnose_path(
    method: str,
    path: str,
    *,
    routes: str | RouteTable = "antigravity",
    origin: str | None = None,
    clients: Iterable[str | ClientProfile] | None = None,
) -> PathDiagnosis:
    """Work backwards from a request the proxy could not route.

    ``path`` is the request target (a query is allowed) or a whole URL, whose origin then
    shows in the Base URLs; otherwise ``origin`` does, else the table's own
    (:attr:`RouteTable.origin`: Antigravity ``http://127.0.0.1:8045``, CLIProxyAPI
    ``:8317``, new-api ``:3000``). A table without one gives Base URLs on no origin: the
    texts write them ``<origin>/v1``, the origin being wherever the proxy listens.
    ``clients`` limits the search for senders (default: every built-in client).

    >>> d = diagnose_path("POST", "/v1/chat/completions/responses")
    >>> d.kind.value, str(d.meant), d.rewrite
    ('stacked-path', 'POST /v1/responses', '/v1/responses')
    >>> [(s.client.id, str(s.corrected_base_url)) for s in d.senders][:2]
    [('openai-python', 'http://127.0.0.1:8045/v1'), ('openai-node', 'http://127.0.0.1:8045/v1')]
    >>> diagnose_path("GET", "/v1/messages").kind.value
    'method-not-allowed'
    """
    if not isinstance(method, str) or not isinstance(path, str):
        raise TypeError("diagnose_path(method, path) takes two strings")
    verb = method.strip().upper()
    if _METHOD.fullmatch(verb) is None:
        shown = safe_repr(method if len(method) <= 40 else method[:40] + "…")
        raise InvalidRequest("method", f"{shown} is not an HTTP method")
    table = route_table(routes)
    given = origin if origin is not None else table.origin
    base = parse_base_url(given if given is not None else NO_ORIGIN)
    target = path.strip()
    if target.lower().startswith(("http://", "https://")):
        full = parse_base_url(target)
        base, target = full, full.path + ("" if full.query is None else f"?{full.query}")
        given = full.origin
    # A request target is never relative; a person typing "v1/models" means "/v1/models".
    if not target.startswith("/"):
        target = "/" + target
    home = base.replace(path="", query=None, keep_userinfo=False)
    profiles = None if clients is None else tuple(client(c) for c in clients)
    known = given is not None
    if not cacheable(target):  # the same bound as every other cache of the package
        return _diagnose_path(table, verb, target, home, profiles, known)
    return _diagnose_path_cached(table, verb, target, home, profiles, known)


def _diagnose_path(  # noqa: PLR0917 - positional: the cache keys every argument
    table: RouteTable,
    method: str,
    target: str,
    home: BaseURL,
    profiles: tuple[ClientProfile, ...] | None,
    known: bool,  # the origin is shown (the caller's or the table's), not <origin>
) -> PathDiagnosis:
    found = _work_back(table, method, target, home, profiles)
    return dataclasses.replace(found, origin=home.origin) if known else found


def _work_back(
    table: RouteTable,
    method: str,
    target: str,
    home: BaseURL,
    profiles: tuple[ClientProfile, ...] | None,
) -> PathDiagnosis:
    path, qmark, query_text = target.partition("?")
    query = query_text if qmark else None
    match = table.match(method, path)
    if match.route is not None:
        return PathDiagnosis(
            method=method, path=path, query=query, table=table, match=match, kind=None
        )
    if match.allowed_methods:
        return _wrong_method(table, method, path, query, match)
    if len(target) > _MAX_PATH or path.count("/") > _MAX_SEGMENTS:
        return PathDiagnosis(
            method=method,
            path=path,
            query=query,
            table=table,
            match=match,
            kind=ProblemKind.UNKNOWN_ROUTE,
        )
    structural = structural_edits(table, method, path)
    senders, meants, marked = find_senders(
        table, method=method, path=path, query=query, home=home, profiles=profiles
    )
    kind = _kind(senders, structural)
    candidates: list[MeantRoute] = [m for m in meants if m is not None]
    if not candidates:
        candidates = [m for _kind_, m in structural]
    meant = _most_common(candidates)
    rewrite = _rewrite(kind, meants, structural)
    # Ranked after the votes above, which break their ties by the order found.
    senders, meants = rank_senders(
        senders, meants, meant=meant, structural_kind=structural[0][0] if structural else kind
    )
    return PathDiagnosis(
        method=method,
        path=path,
        query=query,
        table=table,
        match=match,
        kind=kind,
        meant=meant,
        rewrite=rewrite,
        senders=senders,
        unknown_senders_possible=not marked,
        named_clients=_labels(profiles),
        detail=_detail(path, meant),
    )


# A 404 storm repeats the same few paths: a bounded, thread-safe cache; every argument is
# immutable and hashable (RouteTable and ClientProfile by identity or value).
_diagnose_path_cached = cached(maxsize=1024)(_diagnose_path)


def _labels(profiles: tuple[ClientProfile, ...] | None) -> tuple[str, ...]:
    return () if profiles is None else tuple(dict.fromkeys(p.label() for p in profiles))


def _wrong_method(
    table: RouteTable, method: str, path: str, query: str | None, match: Match
) -> PathDiagnosis:
    allowed = sorted(match.allowed_methods)
    # The caller meant the path; of its methods, an API call is most likely a POST.
    chosen = "POST" if "POST" in allowed else allowed[0]
    route = table.match(chosen, path).route
    meant = MeantRoute(method=chosen, path=path, route=route) if route is not None else None
    return PathDiagnosis(
        method=method,
        path=path,
        query=query,
        table=table,
        match=match,
        kind=ProblemKind.METHOD_NOT_ALLOWED,
        meant=meant,
        detail=(("allowed", "/".join(allowed)), ("method", method)),
    )


_WEAK = (ProblemKind.UNSUPPORTED_BY_PROXY, ProblemKind.UNKNOWN_ROUTE)


def _kind(
    senders: tuple[Sender, ...], structural: tuple[tuple[ProblemKind, MeantRoute], ...]
) -> ProblemKind:
    """The senders' own diagnoses know the Base URL; the structure knows only the path. A
    sender's "no Base URL works" yields to a structural kind that names the slip."""
    if senders:
        votes = collections.Counter(s.kind for s in senders)
        best = max(votes, key=lambda k: (votes[k], -list(votes).index(k)))
        if best not in _WEAK or not structural:
            return best
    if structural:
        return structural[0][0]
    return ProblemKind.UNKNOWN_ROUTE


def _most_common(candidates: list[MeantRoute]) -> MeantRoute | None:
    if not candidates:
        return None
    votes = collections.Counter((m.method, m.path) for m in candidates)
    order = list(votes)
    best = max(order, key=lambda k: (votes[k], -order.index(k)))
    return next(m for m in candidates if (m.method, m.path) == best)


def _rewrite(
    kind: ProblemKind,
    meants: tuple[MeantRoute | None, ...],
    structural: tuple[tuple[ProblemKind, MeantRoute], ...],
) -> str | None:
    """The canonical path when, and only when, every explanation gives the same one.

    Every known sender must have a fix, and the fixed requests of all senders and every
    route that undoing a known mistake reaches must be one and the same path.
    """
    if kind is ProblemKind.QUERY_IN_BASE:
        return None  # the query is part of the mistake; what to keep of it is a guess
    if None in meants:
        return None  # a sender that cannot be fixed: its request has no canonical form
    paths = {m.path for m in meants if m is not None} | {m.path for _kind_, m in structural}
    return paths.pop() if len(paths) == 1 else None


def _detail(path: str, meant: MeantRoute | None) -> tuple[tuple[str, str], ...]:
    """Template fields: the doubled segment, the stacked chunk, the prefix to add or swap."""
    fields: dict[str, str] = {"path": path}
    dup = DUPLICATE.search(path)
    if dup is not None:
        fields["dup"] = dup.group(0) + "/"
    else:
        segs = path_segments(path)
        for i in range(len(segs) - 1):
            if segs[i] == segs[i + 1]:
                fields["dup"] = f"/{segs[i]}/{segs[i]}/"
                break
    if meant is not None:
        a = path_segments(path)
        b = path_segments(meant.path)
        tail = 0
        while tail < min(len(a), len(b)) and a[-1 - tail] == b[-1 - tail]:
            tail += 1
        head = 0
        while head < min(len(a), len(b)) - tail and a[head] == b[head]:
            head += 1
        fields["given"] = "/" + "/".join(a[: len(a) - tail]) if len(a) > tail else "/"
        fields["want"] = "/" + "/".join(b[: len(b) - tail]) if len(b) > tail else "/"
        fields["inner"] = "/" + "/".join(a[head : len(a) - tail])
    fields.setdefault("dup", "")
    fields.setdefault("given", path)
    fields.setdefault("want", "")
    fields.setdefault("inner", "")
    return tuple((k, redact(v)) for k, v in fields.items())  # texts for templates only


def _cite(d: PathDiagnosis) -> str:
    meant = d.meant
    if meant is None:
        return ""
    source = f", {meant.route.source}" if meant.route.source else ""
    return f"{meant.route}{source}"


def _status_text(lang: str, d: PathDiagnosis) -> str:
    router = _router_status_text(lang, d)
    quirks = d.table.quirks
    if d.fallback_status is None or quirks is None:
        return router
    note = f" ({quirks.note})" if quirks.note else ""
    return router + text(lang, "path:status-fallback", status=d.fallback_status, note=note)


def _router_status_text(lang: str, d: PathDiagnosis) -> str:
    if d.match.redirect is not None:
        return text(lang, "path:status-redirect", status=d.status, to=d.match.redirect)
    if d.match.allowed_methods and d.status == 404:
        return text(lang, "path:status-404-method")
    return text(lang, f"path:status-{d.match.status}")
