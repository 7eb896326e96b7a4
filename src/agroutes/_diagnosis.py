"""Layer 4: diagnosis. Resolve a client's requests, match them, classify every miss, and
search for the corrected Base URL (or the setting or mode that makes the client work).

The correction search is exact by construction: a candidate Base URL counts only if
resolving the client's requests against it *and* matching them against the table hits a
route of the client's protocol for every one of them. Candidates are the static prefixes of
the table's own routes (so a mounted table's prefix is kept), plus the user's own path; the
winner is the smallest edit of the path the user typed.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

from yarl import URL

from ._baseurl import BaseURL, parse_base_url
from ._cache import MAX_KEY_TEXT, cacheable
from ._clients import (
    ClientProfile,
    Operation,
    PlannedRequest,
    Protocol,
    RequestSpec,
    UserinfoHandling,
)
from ._clients import (
    client as get_client,
)
from ._construct import positional
from ._explain import check_lang, text
from ._redact import redact
from ._resolve import Request, resolve_parsed, target_of, targets
from ._routes import Match, Route, RouteTable, _CatchAll, _Param, _Static
from ._tables import route_table

__all__ = [
    "CheckedRequest",
    "Diagnosis",
    "Problem",
    "ProblemKind",
    "Suggestion",
    "SuggestionKind",
    "diagnose",
]


class ProblemKind(enum.StrEnum):
    """What is wrong. Values are stable strings, used in JSON and on the command line."""

    DUPLICATED_PREFIX = "duplicated-prefix"  # /v1/v1/..., /v1beta/v1beta/..., /v1/v1beta/...
    STACKED_PATH = "stacked-path"  # an endpoint inside the Base URL: /v1/chat/completions/responses
    MISSING_PREFIX = "missing-prefix"  # /chat/completions where the proxy serves /v1/...
    #: The Base URL's prefix is not the one the proxy serves this under (/v1beta for an
    #: OpenAI client, /proxy/v1 on a proxy mounted at the root). Added beside the
    #: vocabulary of DESIGN.md because neither "missing" nor "duplicated" describes it.
    WRONG_PREFIX = "wrong-prefix"
    EXTRA_SLASH = "extra-slash"  # trailing or doubled "/"
    QUERY_IN_BASE = "query-in-base"
    METHOD_NOT_ALLOWED = "method-not-allowed"
    CREDENTIALS_IN_BASE = "credentials-in-base"
    #: The path is routed, but to a handler of another protocol or operation (an OpenAI
    #: client listing models at /v1beta/models gets Gemini's list). Added for the same reason.
    PROTOCOL_MISMATCH = "protocol-mismatch"
    UNSUPPORTED_BY_PROXY = "unsupported-by-proxy"  # no Base URL can make it work
    UNKNOWN_ROUTE = "unknown-route"


class SuggestionKind(enum.StrEnum):
    BASE_URL = "base-url"
    SETTING = "setting"  # a client setting, e.g. google-genai api_version="v1beta"
    MODE = "mode"  # another mode of the same program, e.g. Kilo Code's Gemini provider


@dataclass(frozen=True, slots=True, kw_only=True)
class Problem:
    """One thing wrong, with the request it concerns (None for the Base URL as a whole)."""

    kind: ProblemKind
    request: Request | None
    fields: tuple[tuple[str, str], ...] = ()  # template fields, secrets already masked
    template: str = ""

    @property
    def message(self) -> str:
        return self.explain("en")

    def explain(self, lang: str = "en") -> str:
        return text(lang, self.template or self.kind.value, **dict(self.fields))

    def __str__(self) -> str:
        return f"{self.kind.value}: {self.message}"


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)  # its own __repr__ masks secrets
class CheckedRequest:
    """A request with what the router does with it."""

    request: Request
    match: Match | None  # None when the client refuses to send it
    protocol_ok: bool

    @property
    def ok(self) -> bool:
        return self.match is not None and self.match.ok and self.protocol_ok

    @property
    def status(self) -> int | None:
        """404, 405, 200 (routed; the handler's own answer aside), or None if never sent."""
        return None if self.match is None else self.match.status

    def __repr__(self) -> str:
        return f"CheckedRequest(request={self.request!r}, match={self.match!r})"

    def explain(self, lang: str = "en") -> str:
        line = str(self.request)
        if self.match is None:
            return f"{line}  ->  " + text(lang, "refused", reason=text(lang, "refused-reason"))
        if self.match.route is not None:
            return f"{line}  ->  " + text(lang, "routed", route=str(self.match.route))
        return f"{line}  ->  " + text(lang, f"status-{self.match.status}")


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)  # its own __repr__ masks secrets
class Suggestion:
    """A way out: another Base URL, or a setting or mode together with its Base URL."""

    kind: SuggestionKind
    client: str
    base_url: URL
    settings: tuple[tuple[str, str | None], ...] = ()

    def explain(self, lang: str = "en") -> str:
        url = redact(str(self.base_url))
        if self.kind is SuggestionKind.BASE_URL:
            return text(lang, "suggest-base-url", url=url)
        if self.kind is SuggestionKind.SETTING:
            shown = ", ".join(f"{k}={v!r}" for k, v in self.settings)
            return text(lang, "suggest-setting", settings=shown, client=self.client, url=url)
        return text(
            lang, "suggest-mode", client=self.client.split("/")[0], mode=self.client, url=url
        )

    def __repr__(self) -> str:
        return (
            f"Suggestion(kind={self.kind.value!r}, client={self.client!r}, "
            f"base_url={redact(str(self.base_url))!r}, settings={self.settings!r})"
        )


@dataclass(frozen=True, slots=True, kw_only=True, repr=False)  # its own __repr__ masks secrets
class Diagnosis:
    """What a client will send for a Base URL, what the proxy answers, and what to fix."""

    base_url: BaseURL
    client: ClientProfile
    table: RouteTable
    requests: tuple[CheckedRequest, ...]
    problems: tuple[Problem, ...]
    #: The smallest edit of the Base URL that makes every request work; None when the Base
    #: URL already works or when no Base URL can (see ``suggestions``). The object keeps
    #: the user's own credentials where they are harmless; its printed forms never do.
    corrected_base_url: URL | None
    suggestions: tuple[Suggestion, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def kinds(self) -> frozenset[ProblemKind]:
        return frozenset(p.kind for p in self.problems)

    def explain(self, lang: str = "en") -> str:
        """A readable explanation; ``lang`` is ``"en"`` or ``"zh"``."""
        check_lang(lang)
        key = "header-ok" if self.ok else "header-bad"
        lines = [
            text(
                lang,
                key,
                client=self.client.label(),
                base=str(self.base_url),
                table=self.table.id,
                count=len(self.problems),
            )
        ]
        for problem in self.problems:
            if problem.request is None:
                lines.append(f"  - {problem.kind.value}: {problem.explain(lang)}")
        for checked in self.requests:
            lines.append(f"  {checked.explain(lang)}")
            for problem in self.problems:
                if problem.request is checked.request:
                    lines.append(f"      {problem.kind.value}: {problem.explain(lang)}")
        for suggestion in self.suggestions:
            lines.append(suggestion.explain(lang))
        if not self.ok and not self.suggestions:
            lines.append(text(lang, "no-fix", client=self.client.label()))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.explain("en")

    def __repr__(self) -> str:
        corrected = redact(str(self.corrected_base_url)) if self.corrected_base_url else None
        return (
            f"Diagnosis(ok={self.ok}, client={self.client.label()!r}, "
            f"base_url={str(self.base_url)!r}, table={self.table.id!r}, "
            f"problems={[p.kind.value for p in self.problems]!r}, corrected_base_url={corrected!r})"
        )


# The hot path builds these positionally (see agroutes._construct), in field order:
# (request, match, protocol_ok) and (base_url, client, table, requests, problems,
# corrected_base_url, suggestions).
_new_checked = positional(CheckedRequest)
_new_problem = positional(Problem)  # (kind, request, fields, template)
_new_diagnosis = positional(Diagnosis)


def diagnose(
    base_url: str | URL | BaseURL,
    client: str | ClientProfile,
    *,
    routes: str | RouteTable = "antigravity",
) -> Diagnosis:
    """Diagnose ``base_url`` for ``client`` against a route table.

    >>> d = diagnose("http://127.0.0.1:8045/v1", "claude-code")
    >>> d.ok, [p.kind.value for p in d.problems], str(d.corrected_base_url)
    (False, ['duplicated-prefix'], 'http://127.0.0.1:8045')
    """
    if isinstance(base_url, URL):
        # URL("http://h") == URL("http://h/"): key the cache on the text, so that a
        # diagnosis keeps the spelling it was asked about.
        base_url = str(base_url)
    if isinstance(base_url, str) and len(base_url) > MAX_KEY_TEXT:  # see agroutes._cache
        return _diagnose(parse_base_url(base_url), get_client(client), route_table(routes))
    return _diagnose_cached(base_url, client, routes)


# Identical inputs (a 404 storm, an editor re-checking on every keystroke) come back from a
# bounded cache keyed on the arguments as given, before any parsing; every accepted argument
# type is immutable and hashable, and lru_cache is thread-safe.
@functools.lru_cache(maxsize=1024)
def _diagnose_cached(
    base_url: str | URL | BaseURL, client: str | ClientProfile, routes: str | RouteTable
) -> Diagnosis:
    return _diagnose(parse_base_url(base_url), get_client(client), route_table(routes))


def _diagnose(base: BaseURL, profile: ClientProfile, table: RouteTable) -> Diagnosis:
    checked, all_ok = _check(base, profile, table)
    base_problems = _base_problems(base, profile)
    if all_ok and not base_problems:
        return _new_diagnosis(base, profile, table, checked, (), None, ())
    corrected = _correct(base, profile, table)
    problems = list(base_problems)
    for index, c in enumerate(checked):  # one checked request per entry of profile.plan
        if not c.ok and c.match is not None:
            problems.append(
                _classify(base, profile, table, c, match=c.match, index=index, corrected=corrected)
            )
    if corrected is None:
        url = None
        suggestions = tuple(_alternatives(base, profile, table))
    else:
        url = corrected.url  # one yarl URL for both places
        suggestions = (Suggestion(kind=SuggestionKind.BASE_URL, client=profile.id, base_url=url),)
    return _new_diagnosis(base, profile, table, checked, tuple(problems), url, suggestions)


def _check(
    base: BaseURL, profile: ClientProfile, table: RouteTable
) -> tuple[tuple[CheckedRequest, ...], bool]:
    """Each request of the client with the table's answer, and whether all of them work."""
    requests = resolve_parsed(base, profile)  # one request per entry of profile.plan
    if requests and requests[0].refused is not None:
        return tuple(_new_checked(r, None, False) for r in requests), False
    all_ok = True
    out = []
    for request, planned in zip(requests, profile.plan, strict=True):
        # The table's own memo makes a path seen before one lookup.
        match = table.match(request.method, request.target)
        route = match.route
        ok = route is not None and _serves(route, profile, planned.spec)
        all_ok = all_ok and ok
        out.append(_new_checked(request, match, ok))
    return tuple(out), all_ok


_OPERATIONS = frozenset(op.value for op in Operation)


def _serves(route: Route, profile: ClientProfile, spec: RequestSpec) -> bool:
    """Is ``route`` a handler for this request: its protocol and, when the route names one
    of the canonical operations, that operation? (A Responses call that a Base URL query
    pushed onto /v1/chat/completions is routed, but to the wrong handler.)"""
    if profile.protocol not in route.protocols:
        return False
    op = route.operation
    if op == spec.operation or op not in _OPERATIONS:
        return True
    # One Gemini handler serves both actions: the action rides in the {model} segment.
    return op == Operation.GENERATE_CONTENT and spec.operation is Operation.STREAM_GENERATE_CONTENT


def _works(
    path: str, profile: ClientProfile, table: RouteTable, only: PlannedRequest | None = None
) -> bool:
    """Does a Base URL with this path (no query, no harmful userinfo) work for the client
    (or, with ``only``, for that one of its requests)?

    The correction search calls this for every candidate, so it joins raw strings and
    skips building Request objects and URLs.
    """
    if only is None:
        pairs = targets(path, None, profile)
    else:
        pairs = ((only.spec, target_of(path, None, profile, only)),)
    for spec, target in pairs:
        route = table.match(spec.method, target).route
        if route is None or not _serves(route, profile, spec):
            return False
    return True


def _base_problems(base: BaseURL, profile: ClientProfile) -> list[Problem]:
    if base.userinfo is None or not profile.userinfo.harmful:
        return []
    template = {
        UserinfoHandling.REPLACES_KEY: "credentials-replaces-key",
        UserinfoHandling.ADDED_BESIDE_KEY: "credentials-added-beside-key",
        UserinfoHandling.REFUSED: "credentials-refused",
    }[profile.userinfo]
    return [
        Problem(
            kind=ProblemKind.CREDENTIALS_IN_BASE,
            request=None,
            template=template,
            fields=(("client", profile.id),),
        )
    ]


def _candidates(planned: PlannedRequest, protocol: Protocol, table: RouteTable) -> set[str]:
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
    routes = table.routes_for(protocol) if last is None else table.routes_ending(protocol, last)
    found: set[str] = set()
    for route in routes:
        pattern = route.segments
        cut = len(pattern) - len(segments)
        if cut < 0 or not route.allows(method):
            continue
        if cut >= len(route.static_heads) or isinstance(pattern[-1], _CatchAll):
            # A parameter inside the Base URL part, or a catch-all: propose them all.
            found.update(table.static_prefixes(protocol))
            continue
        for segment, part in zip(pattern[cut:], segments, strict=True):
            if isinstance(segment, _Static):
                if segment.text != part:
                    break
            elif isinstance(segment, _Param) and segment.take(part) is None:
                break
        else:
            found.add(route.static_heads[cut])
    return found


def _proposals(profile: ClientProfile, table: RouteTable) -> set[str]:
    """The paths proposed for every request of the client (the intersection)."""
    found_all: set[str] | None = None
    for planned in profile.plan:
        found = _candidates(planned, profile.protocol, table)
        found_all = found if found_all is None else found_all & found
        if not found_all:
            break  # one request no path can serve: nothing serves them all
    return found_all or set()


def _segments(path: str) -> list[str]:
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


def _correct(base: BaseURL, profile: ClientProfile, table: RouteTable) -> BaseURL | None:
    """The working Base URL closest to the one typed, or None when none works."""
    path = _best_path(base.path, profile, table)
    if path is None:
        return None
    return base.replace(path=path, query=None, keep_userinfo=not profile.userinfo.harmful)


def _best_path(typed_path: str, profile: ClientProfile, table: RouteTable) -> str | None:
    """The working path closest to the one typed (see :func:`_correct`)."""
    if cacheable(typed_path):
        return _best_path_cached(typed_path, profile, table)
    return _search(typed_path, profile, table)


def _search(typed_path: str, profile: ClientProfile, table: RouteTable) -> str | None:
    typed = _segments(typed_path)
    if len(typed_path) > 4096:  # no route table has paths this long; keep the search linear
        typed = typed[:64]
    documented = table.mount_prefix + profile.base_shape.prefix
    # Ties go to the shape the client's documentation asks for (codex: "/v1", not the
    # proxy's bare "/responses" alias, which answers non-stream calls in another shape).
    # Scoring is cheap and joining is not: try the best score first, stop at one that works.
    # The typed path's own distance is the segments cut off above (0 when none were): a
    # distance against all of a 1 MB path's segments would cost 64 x n.
    own = len(_segments(typed_path)) - len(typed)
    scored = sorted(
        (
            own if path == typed_path else _distance(typed, _segments(path)),
            path != documented,
            len(path),
            path,
        )
        for path in {typed_path: None, **dict.fromkeys(_proposals(profile, table))}
    )
    for *_, path in scored:
        if _works(path, profile, table):
            return path
    return None


def _reachable(base: BaseURL, profile: ClientProfile, table: RouteTable, index: int) -> bool:
    """Can any Base URL make the failing request ``profile.plan[index]`` hit a route serving
    it? Its own candidates are exact for clean paths; the typed path, less its query, is
    tried too, for what a client's join makes of an odd one (with no query in the Base URL,
    that is the very request that failed)."""
    planned = profile.plan[index]
    for path in _candidates(planned, profile.protocol, table):
        if _works(path, profile, table, planned):
            return True
    return base.query is not None and _works(base.path, profile, table, planned)


# The answer depends only on the typed path, the client and the table (not on the host,
# port or query), so Base URLs that differ only there share one search.
_best_path_cached = functools.lru_cache(maxsize=1024)(_search)


_USER_TEXT = frozenset({"path", "base_path", "query", "want"})
# "v1", "v1beta", "v1beta2": the trailing digits only after alpha/beta, so that no run of
# digits can be split two ways (which made a search quadratic on "/v" + "1" * n).
_VERSION = r"v\d+(?:(?:alpha|beta)\d*)?"
_DUPLICATE = re.compile(rf"/({_VERSION})/({_VERSION})(?=/|$)")
_VERSION_SEGMENT = re.compile(_VERSION)
_ENDPOINT_TAIL = re.compile(
    r"(?:/chat/completions|/completions|/responses|/messages|/messages/count_tokens|"
    r"/embeddings|/models|/models/[^/]+)$|:(?:stream)?[Gg]enerateContent$"
)


def _is_endpoint(table: RouteTable, path: str) -> bool:
    """Does ``path`` name an API endpoint (by its tail, or as a route of the table)?"""
    if _ENDPOINT_TAIL.search(path) is not None:
        return True
    return any(table.match(m, path).status != 404 for m in ("GET", "POST"))


def _classify(
    base: BaseURL,
    profile: ClientProfile,
    table: RouteTable,
    checked: CheckedRequest,
    *,
    match: Match,
    index: int,
    corrected: BaseURL | None,
) -> Problem:
    request = checked.request
    planned = profile.plan[index]
    spec = planned.spec
    suffix = planned.suffix + (f"?{planned.query}" if planned.query else "")
    fields: dict[str, str] = {
        "client": profile.id,
        "suffix": suffix,
        "protocol": profile.protocol.value,
        "path": request.path,
        "base_path": base.path or "/",
        "method": request.method,
    }

    def problem(kind: ProblemKind, **extra: str) -> Problem:
        fields.update(extra)
        # Only text that came from the user's Base URL can hold a secret.
        masked = tuple((k, redact(v) if k in _USER_TEXT else v) for k, v in fields.items())
        return _new_problem(kind, request, masked, "")

    if match.allowed_methods:  # the most specific answer there is: right path, wrong method
        return problem(
            ProblemKind.METHOD_NOT_ALLOWED, allowed="/".join(sorted(match.allowed_methods))
        )
    if corrected is None and not _reachable(base, profile, table, index):
        return problem(ProblemKind.UNSUPPORTED_BY_PROXY)
    if base.query is not None:  # the query bent the path, wherever it landed
        return problem(ProblemKind.QUERY_IN_BASE, query=f"?{base.query}")
    if match.route is not None:
        protocols = "/".join(sorted(p.value for p in match.route.protocols)) or "non-API"
        served = f"{protocols} {match.route.operation}"
        return problem(ProblemKind.PROTOCOL_MISMATCH, served=served, operation=spec.operation)
    path = request.path
    if "//" in path or (len(path) > 1 and path.endswith("/")):
        return problem(ProblemKind.EXTRA_SLASH)
    dup = _DUPLICATE.search(path)
    if dup is not None:
        return problem(ProblemKind.DUPLICATED_PREFIX, dup=dup.group(0) + "/")
    typed = _segments(base.path)
    want = _segments(corrected.path) if corrected is not None else None
    base_path = "/" + "/".join(typed)
    if typed and want != typed and _is_endpoint(table, base_path):
        return problem(ProblemKind.STACKED_PATH)
    if want is not None:
        shown = "/" + "/".join(want)
        # Missing: what was typed is still there, with segments to add around it
        # (/v1 -> /ag/v1 on a mounted table, "" -> /v1).
        if len(want) > len(typed) and any(
            want[i : i + len(typed)] == typed for i in range(len(want) - len(typed) + 1)
        ):
            return problem(ProblemKind.MISSING_PREFIX, want=shown)
        if want != typed:
            return problem(ProblemKind.WRONG_PREFIX, want=shown)
    return problem(ProblemKind.UNKNOWN_ROUTE)


def _alternatives(base: BaseURL, profile: ClientProfile, table: RouteTable) -> list[Suggestion]:
    out = []
    for alt in profile.alternatives:
        settings = dict(alt.settings)
        if alt.client is None and all(profile.setting(k) == v for k, v in settings.items()):
            continue  # already set: no news
        try:
            other = get_client(alt.client or profile.id, **settings)
        except (LookupError, ValueError):  # an alternative that does not apply to this profile
            continue
        fixed = _correct(base, other, table)
        if fixed is None:
            continue
        kind = SuggestionKind.MODE if alt.client else SuggestionKind.SETTING
        out.append(
            Suggestion(
                kind=kind, client=other.id, base_url=fixed.url, settings=tuple(settings.items())
            )
        )
    return out


def to_mapping(d: Diagnosis) -> Mapping[str, object]:
    """A JSON-ready view with every URL redacted (the schema the command line prints)."""
    return {
        "ok": d.ok,
        "client": d.client.id,
        "settings": d.client.settings_changed,
        "base_url": str(d.base_url),
        "routes": d.table.id,
        "requests": [
            {
                "operation": c.request.operation,
                "method": c.request.method,
                "url": redact(str(c.request.url)),
                "target": redact(c.request.target),
                "status": c.status,
                "route": c.match.route.pattern if c.match and c.match.route else None,
                "allowed_methods": sorted(c.match.allowed_methods) if c.match else [],
                "ok": c.ok,
            }
            for c in d.requests
        ],
        "problems": [
            {
                "kind": p.kind.value,
                "operation": p.request.operation if p.request else None,
                "message": p.message,
            }
            for p in d.problems
        ],
        "corrected_base_url": redact(str(d.corrected_base_url)) if d.corrected_base_url else None,
        "suggestions": [
            {
                "kind": s.kind.value,
                "client": s.client,
                "settings": dict(s.settings),
                "base_url": redact(str(s.base_url)),
            }
            for s in d.suggestions
        ],
    }
