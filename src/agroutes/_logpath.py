"""Layer 4: work backwards from a request the proxy could not route.

A proxy's 404 handler, or a person reading its log, has a method and a path, not a Base
URL. :func:`diagnose_path` names the mistake in the same :class:`~agroutes.ProblemKind`
vocabulary as :func:`~agroutes.diagnose`, the route the caller most likely meant, and the
clients that would send exactly this path, each with the Base URL it was given and the
one it should be given instead.

It reuses the core instead of re-implementing joins: for every built-in client (with the
model named in the path, and with each setting its profile offers as a way out) and every
candidate Base URL (the path's own prefixes), the client's own join rule says which
requests it sends; those that send the logged path are the *senders*, and
:func:`~agroutes.diagnose` on each gives its corrected Base URL. When no known client sends
the path (curl, an SDK agroutes does not model), structural edits that a real mistake
explains (drop a doubled version, unstack an endpoint, add the missing prefix, ...) find
the route that was meant.

``to_mapping()`` returns the JSON view (every URL and path redacted)::

    {
      "method": "POST",
      "path": "/v1/chat/completions/responses",      # the target as given, query included
      "routes": "antigravity@4.5.8",                   # the table id
      "status": 404,                                   # what the router answers
      "ok": false,                                     # true when the path is routed
      "kind": "stacked-path",                          # a ProblemKind value, null when ok
      "route": null | ROUTE,                           # the route hit, when ok
      "allowed_methods": [],                           # non-empty: right path, wrong method
      "redirect": null,                                # gin's trailing-slash redirect target
      "meant": null | {"method": "POST", "path": "/v1/responses", "route": ROUTE},
      "rewrite": "/v1/responses",                      # null unless the mapping is unambiguous
      "senders": [
        {"client": "codex", "settings": {}, "operation": "responses",
         "base_url": "http://127.0.0.1:8045/v1/chat/completions",
         "kind": "stacked-path",
         "corrected_base_url": "http://127.0.0.1:8045/v1",   # null when no Base URL works
         "suggestions": [{"kind": "base-url", "client": "codex", "settings": {},
                          "base_url": "http://127.0.0.1:8045/v1"}]},
        ...
      ],
      "message": "..."                                 # str(result), English
    }
    ROUTE = {"methods": ["POST"], "pattern": "/v1/responses", "operation": "responses",
             "protocols": ["openai"], "source": "src-tauri/src/proxy/server.rs:455"}
"""

from __future__ import annotations

import collections
import dataclasses
import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from yarl import URL

from ._baseurl import BaseURL, parse_base_url
from ._cache import cacheable
from ._clients import BUILTIN_CLIENTS, ClientProfile, RequestSpec, _expand, _setting_values, client
from ._diagnosis import (
    _DUPLICATE,
    _VERSION_SEGMENT,
    Diagnosis,
    ProblemKind,
    Suggestion,
    SuggestionKind,
    _is_endpoint,
    _segments,
    diagnose,
)
from ._errors import InvalidClientSetting, InvalidRequest
from ._explain import check_lang
from ._redact import redact
from ._resolve import _targets, targets
from ._routes import Match, Route, RouteTable, _Static
from ._tables import route_table

__all__ = ["MeantRoute", "PathDiagnosis", "Sender", "diagnose_path", "route_mapping"]

#: Where a Base URL is shown when the caller gives no origin: Antigravity's default port.
DEFAULT_ORIGIN = "http://127.0.0.1:8045"

# A 404 handler sees whatever the internet sends; past these sizes no real client's path
# can be meant, so the search is skipped and the answer is "unknown route".
_MAX_PATH = 2048
_MAX_SEGMENTS = 32
_MAX_MODELS = 4

_METHOD = re.compile(r"[A-Z][A-Z0-9\-]*")
# One definition of a version segment for both directions of the diagnosis.
_VERSION = _VERSION_SEGMENT
# An endpoint path at the end of a prefix: the same words the diagnosis core looks for.


@dataclass(frozen=True, slots=True, kw_only=True)
class MeantRoute:
    """The request the caller most likely meant: method, concrete path and its route."""

    method: str
    path: str
    route: Route

    def __str__(self) -> str:
        return f"{self.method} {redact(self.path)}"


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)  # its own __repr__ masks secrets
class Sender:
    """A client that sends the logged path when given ``base_url``, and how to fix it."""

    client: ClientProfile
    operation: str
    base_url: URL
    #: What the diagnosis of this client and Base URL calls the mistake.
    kind: ProblemKind
    corrected_base_url: URL | None
    #: The ways out the diagnosis offers (a Base URL, or a setting or mode with its Base URL).
    suggestions: tuple[Suggestion, ...]
    #: True when no Base URL serves every call of the client, and the fix given is the
    #: one for the call in the log alone.
    partial: bool = False
    diagnosis: Diagnosis = dataclasses.field(repr=False, compare=False)

    def explain(self, lang: str = "en") -> str:
        check_lang(lang)
        line = _text(lang, "sender", client=self.client.label(), base=redact(str(self.base_url)))
        sep = _text(lang, "sep")
        if not self.suggestions:
            return line + sep + _text(lang, "sender-no-fix")
        fixes = "; ".join(s.explain(lang) for s in self.suggestions)
        if self.partial:
            fixes += " " + _text(lang, "sender-partial", operation=self.operation)
        return line + sep + fixes

    def __repr__(self) -> str:
        fixed = redact(str(self.corrected_base_url)) if self.corrected_base_url else None
        return (
            f"Sender(client={self.client.label()!r}, operation={self.operation!r}, "
            f"base_url={redact(str(self.base_url))!r}, kind={self.kind.value!r}, "
            f"corrected_base_url={fixed!r})"
        )


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
    #: Known clients that send exactly this path, each with its corrected Base URL.
    senders: tuple[Sender, ...] = ()
    detail: tuple[tuple[str, str], ...] = ()  # template fields for the explanation

    @property
    def ok(self) -> bool:
        return self.match.ok

    @property
    def route(self) -> Route | None:
        """The route the path hits (None on a miss)."""
        return self.match.route

    @property
    def status(self) -> int:
        """What the router answers: 200 (routed), 404, 405, or gin's 301/307 slash redirect."""
        if self.match.redirect is not None:
            return 301 if self.method == "GET" else 307
        return self.match.status

    @property
    def target(self) -> str:
        return self.path if self.query is None else f"{self.path}?{self.query}"

    def explain(self, lang: str = "en") -> str:
        """A readable explanation; ``lang`` is ``"en"`` or ``"zh"``."""
        check_lang(lang)
        head = f"{self.method} {redact(self.target)} on {self.table.id}: "
        if self.match.route is not None:
            return head + _text(lang, "routed", route=str(self.match.route))
        lines = [head + _status_text(lang, self)]
        kind = self.kind or ProblemKind.UNKNOWN_ROUTE
        template = f"kind-{kind.value}"
        if self.match.redirect is not None:
            template = "kind-redirected"
        lines.append(f"  {kind.value}: " + _text(lang, template, **dict(self.detail)))
        if self.meant is not None:
            lines.append("  " + _text(lang, "meant", meant=str(self.meant), route=_cite(self)))
        if self.senders:
            lines.append("  " + _text(lang, "senders"))
            lines.extend(f"    {sender.explain(lang)}" for sender in self.senders)
        if self.rewrite is not None:
            lines.append("  " + _text(lang, "rewrite", path=redact(self.rewrite)))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.explain("en")

    def __repr__(self) -> str:
        return (
            f"PathDiagnosis(method={self.method!r}, path={redact(self.target)!r}, "
            f"table={self.table.id!r}, status={self.status}, "
            f"kind={self.kind.value if self.kind else None!r}, "
            f"meant={str(self.meant) if self.meant else None!r}, "
            f"senders={[s.client.label() for s in self.senders]!r})"
        )

    def to_mapping(self) -> dict[str, object]:
        """A JSON-ready view, every URL and path redacted (schema in the module docstring)."""
        return {
            "method": self.method,
            "path": redact(self.target),
            "routes": self.table.id,
            "status": self.status,
            "ok": self.ok,
            "kind": self.kind.value if self.kind else None,
            "route": route_mapping(self.match.route) if self.match.route else None,
            "allowed_methods": sorted(self.match.allowed_methods),
            "redirect": redact(self.match.redirect) if self.match.redirect else None,
            "meant": (
                {
                    "method": self.meant.method,
                    "path": redact(self.meant.path),
                    "route": route_mapping(self.meant.route),
                }
                if self.meant
                else None
            ),
            "rewrite": redact(self.rewrite) if self.rewrite else None,
            "senders": [_sender_mapping(s) for s in self.senders],
            "message": str(self),
        }


def route_mapping(route: Route) -> dict[str, object]:
    """A route as JSON: methods, pattern, operation, protocols and its source line."""
    return {
        "methods": sorted(route.methods),
        "pattern": route.pattern,
        "operation": route.operation,
        "protocols": sorted(p.value for p in route.protocols),
        "source": route.source,
    }


def _sender_mapping(sender: Sender) -> dict[str, object]:
    fixed = sender.corrected_base_url
    return {
        "client": sender.client.id,
        "settings": sender.client.settings_changed,
        "operation": sender.operation,
        "base_url": redact(str(sender.base_url)),
        "kind": sender.kind.value,
        "corrected_base_url": redact(str(fixed)) if fixed is not None else None,
        "suggestions": [
            {
                "kind": s.kind.value,
                "client": s.client,
                "settings": dict(s.settings),
                "base_url": redact(str(s.base_url)),
            }
            for s in sender.suggestions
        ],
    }


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
    shows in the Base URLs; otherwise ``origin`` does (default ``http://127.0.0.1:8045``).
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
        shown = redact(method if len(method) <= 40 else method[:40] + "…")
        raise InvalidRequest("method", f"{shown!r} is not an HTTP method")
    base = parse_base_url(origin if origin is not None else DEFAULT_ORIGIN)
    target = path.strip()
    if target.lower().startswith(("http://", "https://")):
        full = parse_base_url(target)
        base, target = full, full.path + ("" if full.query is None else f"?{full.query}")
    # A request target is never relative; a person typing "v1/models" means "/v1/models".
    if not target.startswith("/"):
        target = "/" + target
    home = base.replace(path="", query=None, keep_userinfo=False)
    profiles = None if clients is None else tuple(client(c) for c in clients)
    table = route_table(routes)
    if not cacheable(target):  # the same bound as every other cache of the package
        return _diagnose_path(table, verb, target, home, profiles)
    return _diagnose_path_cached(table, verb, target, home, profiles)


def _diagnose_path(
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
    structural = _structural(table, method, path)
    senders, meants = _senders(
        table, method=method, path=path, query=query, home=home, profiles=profiles
    )
    kind = _kind(senders, structural)
    candidates: list[MeantRoute] = [m for m in meants if m is not None]
    if not candidates:
        candidates = [m for _kind_, m in structural]
    meant = _most_common(candidates)
    rewrite = _rewrite(kind, meants, structural)
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
        detail=_detail(path, meant),
    )


# A 404 storm repeats the same few paths: a bounded, thread-safe cache; every argument is
# immutable and hashable (RouteTable and ClientProfile by identity or value).
_diagnose_path_cached = functools.lru_cache(maxsize=1024)(_diagnose_path)


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


# --- senders: which known client sends this path, from which Base URL --------------------


def _senders(
    table: RouteTable,
    *,
    method: str,
    path: str,
    query: str | None,
    home: BaseURL,
    profiles: tuple[ClientProfile, ...] | None,
) -> tuple[tuple[Sender, ...], tuple[MeantRoute | None, ...]]:
    exact: list[tuple[ClientProfile, RequestSpec, str, str | None, str]] = []
    loose: list[tuple[ClientProfile, RequestSpec, str, str | None, str]] = []
    seen: set[tuple[str, tuple[tuple[str, str | None], ...]]] = set()
    for profile in _variants(path, profiles):
        key = (profile.id, tuple(sorted(profile.settings_changed.items())))
        if key in seen:
            continue
        seen.add(key)
        # The first Base URL that produces the path is the shortest: the one to report.
        first = next(_produce(profile, method, path, query), None)
        if first is None:
            continue
        spec, base_path, base_query, produced = first
        found = (profile, spec, base_path, base_query, produced)
        if query is None or _same_query(produced.partition("?")[2], query):
            exact.append(found)
        else:
            loose.append(found)
    # When the log kept the query, it tells clients apart (claude-code's ?beta=true).
    chosen = exact or loose
    senders: list[Sender] = []
    meants: list[MeantRoute | None] = []
    placed: set[tuple[str, str, str | None]] = set()
    for profile, spec, base_path, base_query, produced in chosen:
        if (profile.id, base_path, base_query) in placed:
            continue  # one client, one Base URL: a second setting variant adds nothing
        placed.add((profile.id, base_path, base_query))
        base = home.replace(path=base_path, query=base_query, keep_userinfo=False)
        sender = _sender(table, profile, spec, base, produced)
        if sender is None:
            continue  # the client's own diagnosis finds nothing wrong: not our request
        senders.append(sender)
        meants.append(_sender_meant(table, sender))
    return tuple(senders), tuple(meants)


def _sender(
    table: RouteTable, profile: ClientProfile, spec: RequestSpec, base: BaseURL, produced: str
) -> Sender | None:
    d = diagnose(base, profile, routes=table)
    partial = False
    if d.corrected_base_url is None and not any(
        s.kind is SuggestionKind.SETTING for s in d.suggestions
    ):
        # No Base URL serves every call of the client (a proxy with chat but no /models):
        # the Base URL that serves the call in the log is still the answer to give.
        alone = dataclasses.replace(profile, requests=(spec,))
        single = diagnose(base, alone, routes=table)
        if single.corrected_base_url is not None:
            d, partial = single, True
    kind = _problem_for(d, spec, produced)
    if kind is None:
        return None
    return Sender(
        client=profile,
        operation=spec.operation.value,
        base_url=base.url,
        kind=kind,
        corrected_base_url=d.corrected_base_url,
        suggestions=d.suggestions,
        partial=partial,
        diagnosis=d,
    )


def _variants(path: str, profiles: tuple[ClientProfile, ...] | None) -> Iterator[ClientProfile]:
    """Each client as it is, with the model the path names, and with each setting it
    offers as a way out (google-genai's api_version="v1beta")."""
    models = _models_in(path)
    for profile in profiles if profiles is not None else BUILTIN_CLIENTS.values():
        names = {s.name for s in profile.setting_specs}
        options: list[dict[str, str]] = [{}]
        options.extend(dict(a.settings) for a in profile.alternatives if a.client is None)
        for settings in options:
            for model in models if "model" in names else (None,):
                wanted: dict[str, str | None] = dict(settings)
                if model is not None:
                    wanted["model"] = model
                try:
                    yield profile.with_settings(**wanted) if wanted else profile
                except InvalidClientSetting:
                    continue


def _models_in(path: str) -> tuple[str | None, ...]:
    """Model ids the path may name: what follows a "/models/", up to the ":action"."""
    out: list[str | None] = [None]
    start = path.find("/models/")
    while start != -1 and len(out) <= _MAX_MODELS:
        rest = path[start + len("/models/") :]
        model = rest.rpartition(":")[0] if ":" in rest else rest
        # Every modelled client puts the model in one segment; the SDKs turn "models/x"
        # into "x" themselves, so a doubled "models/models/" comes from hand-made URLs.
        if model and "/" not in model and model not in out:
            out.append(model)
        start = path.find("/models/", start + 1)
    return tuple(out)


def _produce(
    profile: ClientProfile, method: str, path: str, query: str | None
) -> Iterator[tuple[RequestSpec, str, str | None, str]]:
    """(spec, base path, base query, target) for every Base URL that makes ``profile``
    send ``method path``. The Base URL is a prefix of the path for every join rule, so the
    candidates are the path's prefixes at each "/" (with and without that "/"); a query in
    the log may also hold a Base URL query that the client glued its path onto."""
    specs = [s for s in profile.requests if s.method == method]
    if not specs:
        return
    for base_path, base_query in _bases(profile, specs, path, query):
        # targets() is cached for the diagnosis hot path; the search calls the plain
        # function so that a 404 storm of odd paths does not evict that cache.
        for spec, produced in _targets(base_path, base_query, profile):
            if spec.method == method and produced.partition("?")[0] == path:
                yield spec, base_path, base_query, produced


def _bases(
    profile: ClientProfile, specs: list[RequestSpec], path: str, query: str | None
) -> Iterator[tuple[str, str | None]]:
    values = _setting_values(profile)
    suffixes = [_expand(s, values) for s in specs]
    tails = {s.lstrip("/") for s in suffixes}
    if any(path.endswith(t) for t in tails):
        for i, char in enumerate(path):
            if char == "/":
                yield path[:i], None
                yield path[: i + 1], None
        yield path, None
    if query is None:
        return
    # The Base URL had a query and the client appended its path to it:
    # "/v1?x=1" + "chat/completions" -> "/v1/?x=1chat/completions".
    target = f"{path}?{query}"
    for tail in tails:
        at = target.rfind(tail)
        if tail and at > len(path):
            raw = target[:at]
            for cut in (raw, raw.removesuffix("/")):
                head, _, base_query = cut.partition("?")
                yield head.removesuffix("/") if head != "/" else "", base_query


def _same_query(produced: str, logged: str) -> bool:
    """Loose query equality: the same parameters, in any order, in any percent-encoding."""

    def parts(q: str) -> list[str]:
        return sorted(unquote(p.replace("+", " ")) for p in q.split("&") if p)

    return parts(produced) == parts(logged)


def _problem_for(d: Diagnosis, spec: RequestSpec, produced: str) -> ProblemKind | None:
    for problem in d.problems:
        request = problem.request
        if (
            request is not None
            and request.target == produced
            and request.operation == spec.operation.value
        ):
            return problem.kind
    return None


def _sender_meant(table: RouteTable, sender: Sender) -> MeantRoute | None:
    """The request the sender makes once fixed: corrected Base URL, or suggested setting."""
    profile = sender.diagnosis.client
    fixed: tuple[ClientProfile, URL] | None = None
    if sender.corrected_base_url is not None:
        fixed = (profile, sender.corrected_base_url)
    else:
        for suggestion in sender.suggestions:
            if suggestion.kind is SuggestionKind.SETTING:
                try:
                    other = profile.with_settings(**dict(suggestion.settings))
                except InvalidClientSetting:
                    continue
                fixed = (other, suggestion.base_url)
                break
    if fixed is None:
        return None
    other, url = fixed
    base = parse_base_url(url)
    for spec, produced in targets(base.path, base.query, other):
        if spec.operation.value == sender.operation:
            new_path = produced.partition("?")[0]
            route = table.match(spec.method, new_path).route
            if route is not None:
                return MeantRoute(method=spec.method, path=new_path, route=route)
    return None


# --- structure: edits of the path that a known mistake explains --------------------------


def _structural(
    table: RouteTable, method: str, path: str
) -> tuple[tuple[ProblemKind, MeantRoute], ...]:
    """The routed paths that undoing one known mistake gives, with that mistake's kind.

    The edits are tried in the order of the seed lesson's checklist; the first kind of
    edit that reaches a route wins, and all its results are kept (more than one means the
    mistake is clear but the intended route is not).
    """

    def hit(candidate: str) -> MeantRoute | None:
        route = table.match(method, candidate).route
        return None if route is None else MeantRoute(method=method, path=candidate, route=route)

    def collect(
        kind: ProblemKind, paths: Iterable[str]
    ) -> tuple[tuple[ProblemKind, MeantRoute], ...]:
        found: dict[str, MeantRoute] = {}
        for candidate in paths:
            if candidate != path and candidate not in found:
                meant = hit(candidate)
                if meant is not None:
                    found[candidate] = meant
        return tuple((kind, m) for m in found.values())

    clean = "/" + "/".join(s for s in path.split("/") if s)
    if clean != path:
        first = collect(ProblemKind.EXTRA_SLASH, [clean])
        if first:
            return first
    segs = _segments(clean)
    # Later edits run on the cleaned path; the kind stays the first mistake found.
    slip = ProblemKind.EXTRA_SLASH if clean != path else None

    def join(parts: list[str]) -> str:
        return "/" + "/".join(parts)

    versions = [i for i, s in enumerate(segs) if _VERSION.fullmatch(s)]
    doubled = [i for i in range(len(segs) - 1) if segs[i] == segs[i + 1]]
    dropped = [join(segs[:i] + segs[i + 1 :]) for i in (versions if len(versions) > 1 else [])]
    dropped += [join(segs[:i] + segs[i + 1 :]) for i in doubled]
    found = collect(slip or ProblemKind.DUPLICATED_PREFIX, dropped)
    if found:
        return found

    # Stacked: an endpoint path sits inside, and another endpoint follows it. Remove the
    # smallest chunk that ends the embedded endpoint (/v1[/chat/completions]/responses).
    unstacked = []
    for k in range(len(segs) - 1, 0, -1):
        head = join(segs[:k])
        if not _is_endpoint(table, head):
            continue
        for j in range(k - 1, -1, -1):
            candidate = join(segs[:j] + segs[k:])
            if hit(candidate) is not None:
                unstacked.append(candidate)
                break
    found = collect(slip or ProblemKind.STACKED_PATH, unstacked)
    if found:
        return found

    roots = _roots(table)
    found = collect(slip or ProblemKind.MISSING_PREFIX, (root + clean for root in roots))
    if found:
        return found

    swapped = []
    for n in range(1, min(2, len(segs) - 1) + 1):
        rest = join(segs[n:])
        swapped.append(rest)
        swapped.extend(root + rest for root in roots if root != join(segs[:n]))
    return collect(slip or ProblemKind.WRONG_PREFIX, swapped)


@functools.lru_cache(maxsize=64)
def _roots(table: RouteTable) -> tuple[str, ...]:
    """Prefixes a path may lack: the mount prefix plus one static segment, or plus static
    segments ending in a version (``/v1``, ``/v1beta``, ``/openai/v1``, ``/api/v3``)."""
    mount = table.mount_prefix
    found: dict[str, None] = {}
    if mount:
        found[mount] = None
    for route in table.routes:
        if not route.pattern.startswith(mount):
            continue
        segments = route.segments[mount.count("/") :]
        prefix = mount
        for depth, segment in enumerate(segments[:-1]):
            if not isinstance(segment, _Static) or not segment.text:
                break
            prefix += "/" + segment.text
            if depth == 0 or _VERSION.fullmatch(segment.text):
                found[prefix] = None
    return tuple(found)


# --- putting it together ---------------------------------------------------------------

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
    dup = _DUPLICATE.search(path)
    if dup is not None:
        fields["dup"] = dup.group(0) + "/"
    else:
        segs = _segments(path)
        for i in range(len(segs) - 1):
            if segs[i] == segs[i + 1]:
                fields["dup"] = f"/{segs[i]}/{segs[i]}/"
                break
    if meant is not None:
        a = _segments(path)
        b = _segments(meant.path)
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
    return tuple((k, redact(v)) for k, v in fields.items())


def _cite(d: PathDiagnosis) -> str:
    meant = d.meant
    if meant is None:
        return ""
    source = f", {meant.route.source}" if meant.route.source else ""
    return f"{meant.route}{source}"


def _status_text(lang: str, d: PathDiagnosis) -> str:
    if d.match.redirect is not None:
        return _text(lang, "status-redirect", status=d.status, to=redact(d.match.redirect))
    if d.match.allowed_methods and d.status == 404:
        return _text(lang, "status-404-method")
    return _text(lang, f"status-{d.match.status}")


# --- words -------------------------------------------------------------------------------

_EN: Mapping[str, str] = {
    "routed": "routed to {route}",
    "status-404": "404 Not Found (no route)",
    "status-405": "405 Method Not Allowed",
    "status-404-method": "404 Not Found (this router answers a wrong method with 404)",
    "status-redirect": "{status} redirect to {to} (the router adds or drops a trailing '/')",
    "kind-duplicated-prefix": (
        "the path repeats a segment ({dup}): the Base URL already ends in it and the client "
        "adds its own"
    ),
    "kind-stacked-path": (
        "an endpoint path ({inner}) sits inside the path and the client appended its own "
        "endpoint after it: the Base URL holds an endpoint path"
    ),
    "kind-missing-prefix": (
        "the path lacks the prefix '{want}' the proxy serves it under: the Base URL must end in it"
    ),
    "kind-wrong-prefix": "the proxy serves this under '{want}', not under '{given}'",
    "kind-extra-slash": (
        "the path has an empty segment or a trailing '/', and the proxy matches paths "
        "exactly, slashes included"
    ),
    "kind-redirected": (
        "the path differs from a route only by a trailing '/': this router redirects, and a "
        "client that does not follow the redirect (or turns a POST into a GET) fails"
    ),
    "kind-query-in-base": (
        "the Base URL carried a query and the client glued its own path onto it"
    ),
    "kind-method-not-allowed": "the proxy has this path, but for {allowed}, not {method}",
    "kind-protocol-mismatch": "the path is routed to a handler of another protocol",
    "kind-credentials-in-base": "the Base URL carries credentials",
    "kind-unsupported-by-proxy": (
        "the client that sends this path cannot work on this proxy with any Base URL; "
        "see its suggestions"
    ),
    "kind-unknown-route": (
        "no route of this proxy matches, and no known mistake explains the path"
    ),
    "meant": "most likely meant: {meant} (route {route})",
    "senders": "sent by:",
    "sender": "{client} with Base URL {base}",
    "sep": ": ",
    "sender-no-fix": "no Base URL, setting or mode that agroutes knows of works here",
    "sender-partial": "(for its {operation} call; its other calls have no route here)",
    "rewrite": "a proxy that accepts this mistake can rewrite the path to {path}",
}

_ZH: Mapping[str, str] = {
    "routed": "命中路由 {route}",
    "status-404": "404 Not Found（没有这个路由）",
    "status-405": "405 Method Not Allowed（路径对，方法不对）",
    "status-404-method": "404 Not Found（这个路由器对方法不对的请求也回 404）",
    "status-redirect": "{status} 重定向到 {to}（路由器会补上或去掉结尾的“/”）",
    "kind-duplicated-prefix": (
        "路径里有一段重复了（{dup}）：Base URL 已经以它结尾，客户端又拼了一次"
    ),
    "kind-stacked-path": (
        "路径中间夹着一个具体接口路径（{inner}），客户端又在后面叠加了自己的接口："
        "Base URL 写到了具体接口"
    ),
    "kind-missing-prefix": "路径缺了前缀“{want}”，反代把这个接口放在它下面：Base URL 要以它结尾",
    "kind-wrong-prefix": "反代把这个接口放在“{want}”下面，而不是“{given}”",
    "kind-extra-slash": "路径里有空段（//）或结尾多了“/”，而反代按原样精确匹配路径",
    "kind-redirected": (
        "路径和某个路由只差结尾的“/”：这个路由器会重定向，"
        "不跟随重定向（或把 POST 变成 GET）的客户端会失败"
    ),
    "kind-query-in-base": "Base URL 带了查询串，客户端把自己的路径拼在了它后面",
    "kind-method-not-allowed": "反代有这个路径，但只接受 {allowed}，不接受 {method}",
    "kind-protocol-mismatch": "这个路径交给了另一种协议的处理器",
    "kind-credentials-in-base": "Base URL 里带了凭据",
    "kind-unsupported-by-proxy": (
        "发出这个路径的客户端怎么改 Base URL 都无法在这个反代上工作，请看它的建议"
    ),
    "kind-unknown-route": "这个反代没有任何路由能匹配，也没有已知的错误能解释这个路径",
    "meant": "你多半想请求：{meant}（路由 {route}）",
    "senders": "会发出这个路径的客户端：",
    "sender": "{client}，Base URL 填的是 {base}",
    "sep": "：",
    "sender-no-fix": "agroutes 知道的 Base URL、设置和模式都无法让它在这里工作",
    "sender-partial": "（只针对它的 {operation} 调用；它的其他调用在这里没有路由）",
    "rewrite": "愿意兼容这个错误的反代可以把路径改写为 {path}",
}

_TEXTS: Mapping[str, Mapping[str, str]] = {"en": _EN, "zh": _ZH}


def _text(lang: str, key: str, **fields: object) -> str:
    return _TEXTS[check_lang(lang)][key].format(**fields)
