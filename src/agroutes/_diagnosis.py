"""Layer 4: diagnosis. Resolve a client's requests, match them, classify every miss, and
find the corrected Base URL (:mod:`agroutes._correct`) or the setting or mode that makes
the client work.
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from yarl import URL

from ._baseurl import BaseURL, parse_base_url
from ._cache import MAX_KEY_TEXT, cached
from ._checked import CheckedRequest
from ._clients import client as get_client
from ._correct import correct, follow, path_segments, serves, unreachable_requests
from ._errors import InvalidRequest
from ._matcher import Match
from ._presets import route_table
from ._profiles import ClientProfile, Redirects, UserinfoHandling
from ._redact import redact, redacted_repr, safe_repr
from ._resolve import Request, plan, resolve_parsed
from ._slots import slot_setter
from ._table import RouteTable
from ._texts import check_lang, text
from ._vocab import Operation
from ._working import working_base_urls

__all__ = [
    "DUPLICATE",
    "VERSION_SEGMENT",
    "Diagnosis",
    "Problem",
    "ProblemKind",
    "Suggestion",
    "SuggestionKind",
    "diagnose",
    "is_endpoint",
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
    #: The router answers with a redirect (gin's or Starlette's trailing slash, ServeMux's
    #: cleaned path) and the client does not follow it, follows a 301/302 by turning its
    #: POST into a GET, or has not been observed doing either. A redirect the client
    #: follows with its method kept is no problem. Added for the router semantics.
    REDIRECTED = "redirected"
    #: The client sends to its own fixed host whatever Base URL it is given
    #: (``ClientProfile.base_url_ignored``): no Base URL can work, and none is suggested.
    BASE_URL_IGNORED = "base-url-ignored"
    #: No Base URL makes this one request work, while the corrected Base URL makes every
    #: other request routed: the proxy does not serve this operation at all (an
    #: Anthropic endpoint without count_tokens). The diagnosis is not ok.
    OPERATION_NOT_SERVED = "operation-not-served"
    UNKNOWN_ROUTE = "unknown-route"


class SuggestionKind(enum.StrEnum):
    BASE_URL = "base-url"
    SETTING = "setting"  # a client setting, e.g. google-genai api_version="v1beta"
    MODE = "mode"  # another mode of the same program, e.g. Kilo Code's Gemini provider


@redacted_repr
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
            f"base_url={redact(str(self.base_url))!r}, settings={safe_repr(self.settings)})"
        )


# Its own __init__ (agroutes._slots: one a diagnosis) and __repr__ (which masks secrets).
@dataclass(frozen=True, slots=True, kw_only=True, init=False, repr=False)
class Diagnosis:
    """What a client will send for a Base URL, what the proxy answers, and what to fix."""

    base_url: BaseURL
    client: ClientProfile
    table: RouteTable
    requests: tuple[CheckedRequest, ...]
    problems: tuple[Problem, ...]
    #: The smallest edit of the Base URL that makes every request work (every request the
    #: proxy can serve at all, when some are ``operation-not-served``); None when the Base
    #: URL already works or when no Base URL can (see ``suggestions``). The object keeps
    #: the user's own credentials where they are harmless; its printed forms never do.
    corrected_base_url: URL | None
    suggestions: tuple[Suggestion, ...] = ()

    def __init__(
        self,
        *,
        base_url: BaseURL,
        client: ClientProfile,
        table: RouteTable,
        requests: tuple[CheckedRequest, ...],
        problems: tuple[Problem, ...],
        corrected_base_url: URL | None,
        suggestions: tuple[Suggestion, ...] = (),
    ) -> None:
        _set_base_url(self, base_url)
        _set_client(self, client)
        _set_table(self, table)
        _set_requests(self, requests)
        _set_problems(self, problems)
        _set_corrected_base_url(self, corrected_base_url)
        _set_suggestions(self, suggestions)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def kinds(self) -> frozenset[ProblemKind]:
        return frozenset(p.kind for p in self.problems)

    @property
    def working_base_urls(self) -> tuple[URL, ...]:
        """Every Base URL on this origin that works for every request: the one to use first
        (this one when ok, else ``corrected_base_url``), then the others simplest first
        (:mod:`agroutes._working`, worked out when asked); empty when none does."""
        return self._working()[0]

    @property
    def working_base_urls_truncated(self) -> bool:
        """More Base URLs work than ``working_base_urls`` lists (at most 8)."""
        return self._working()[1]

    def _working(self) -> tuple[tuple[URL, ...], bool]:
        # A correction that leaves an operation unserved works for no Base URL at all.
        partial = ProblemKind.OPERATION_NOT_SERVED in self.kinds
        fixed = None if partial else self.corrected_base_url
        return working_base_urls(self.base_url, self.client, self.table, ok=self.ok, fixed=fixed)

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
        lines.extend(suggestion.explain(lang) for suggestion in self.suggestions)
        working, more = self._working()
        if len(working) > 1:
            urls = ", ".join(redact(str(url)) for url in working[1:])
            lines.append(text(lang, "also-works-more" if more else "also-works", urls=urls))
        if not self.ok and not self.suggestions:
            lines.append(text(lang, "no-fix", client=self.client.label()))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.explain("en")

    def to_mapping(self) -> dict[str, object]:
        """A JSON-ready view, every URL redacted (schema: ``docs/json.md``)."""
        from ._json import diagnosis_mapping  # noqa: PLC0415 - the faces sit above

        return diagnosis_mapping(self)

    def __repr__(self) -> str:
        corrected = redact(str(self.corrected_base_url)) if self.corrected_base_url else None
        return (
            f"Diagnosis(ok={self.ok}, client={self.client.label()!r}, "
            f"base_url={str(self.base_url)!r}, table={self.table.id!r}, "
            f"problems={[p.kind.value for p in self.problems]!r}, corrected_base_url={corrected!r})"
        )


_set_base_url = slot_setter(Diagnosis, "base_url")
_set_client = slot_setter(Diagnosis, "client")
_set_table = slot_setter(Diagnosis, "table")
_set_requests = slot_setter(Diagnosis, "requests")
_set_problems = slot_setter(Diagnosis, "problems")
_set_corrected_base_url = slot_setter(Diagnosis, "corrected_base_url")
_set_suggestions = slot_setter(Diagnosis, "suggestions")


def diagnose(
    base_url: str | URL | BaseURL,
    client: str | ClientProfile,
    *,
    routes: str | RouteTable = "antigravity",
    operations: Iterable[Operation | str] | None = None,
) -> Diagnosis:
    """Diagnose ``base_url`` for ``client`` against a route table.

    ``operations`` (:class:`~agroutes.profiles.Operation` values or their names, such as
    ``"responses"``) checks only those of the client's requests; a name the client does
    not send raises :class:`~agroutes.InvalidRequest` listing the ones it does.

    >>> d = diagnose("http://127.0.0.1:8045/v1", "claude-code")
    >>> d.ok, [p.kind.value for p in d.problems], str(d.corrected_base_url)
    (False, ['duplicated-prefix'], 'http://127.0.0.1:8045')
    """
    wanted = None if operations is None else _operation_names(operations)
    if isinstance(base_url, URL):
        # URL("http://h") == URL("http://h/"): key the cache on the text, so that a
        # diagnosis keeps the spelling it was asked about.
        base_url = str(base_url)
    if isinstance(base_url, str) and len(base_url) > MAX_KEY_TEXT:  # see agroutes._cache
        profile = _only(get_client(client), wanted)
        return _diagnose(parse_base_url(base_url), profile, route_table(routes))
    return _diagnose_cached(base_url, client, routes, wanted)


# Identical inputs (a 404 storm, an editor re-checking on every keystroke) come back from a
# bounded cache keyed on the arguments as given, before any parsing; every accepted argument
# type is immutable and hashable, and lru_cache is thread-safe.
@cached(maxsize=1024)
def _diagnose_cached(
    base_url: str | URL | BaseURL,
    client: str | ClientProfile,
    routes: str | RouteTable,
    operations: tuple[str, ...] | None = None,
) -> Diagnosis:
    profile = _only(get_client(client), operations)
    return _diagnose(parse_base_url(base_url), profile, route_table(routes))


def _operation_names(operations: object) -> tuple[str, ...]:
    """``operations`` as a tuple of names (the cache key); one name alone is accepted."""
    if isinstance(operations, str):
        operations = (operations,)
    if not isinstance(operations, Iterable):
        raise InvalidRequest(
            "operation", f"operations are a list of names, not {type(operations).__name__}"
        )
    names = []
    for op in operations:
        if not isinstance(op, str):
            raise InvalidRequest("operation", f"an operation is a name, not {type(op).__name__}")
        names.append(str(op.value) if isinstance(op, Operation) else op)
    return tuple(names)


def _only(profile: ClientProfile, operations: tuple[str, ...] | None) -> ClientProfile:
    """``profile`` with only the requests of ``operations`` (all of them for None)."""
    if operations is None:
        return profile
    sent = list(dict.fromkeys(p.spec.operation.value for p in plan(profile)))
    choices = ", ".join(sent) or "none"
    if not operations:
        raise InvalidRequest("operation", f"no operation given; {profile.id} sends {choices}")
    for name in operations:
        if name not in sent:
            raise InvalidRequest(
                "operation",
                f"{safe_repr(name[:100])} is not an operation {profile.id} sends; "
                f"choose from {choices}",
            )
    wanted = frozenset(operations)
    kept = tuple(s for s in profile.requests if s.operation.value in wanted)
    return dataclasses.replace(profile, requests=kept)


def _diagnose(base: BaseURL, profile: ClientProfile, table: RouteTable) -> Diagnosis:
    if profile.base_url_ignored:
        # Nothing it sends reaches the proxy: no request to check, no Base URL to suggest.
        ignored = Problem(
            kind=ProblemKind.BASE_URL_IGNORED, request=None, fields=(("client", profile.id),)
        )
        return Diagnosis(
            base_url=base,
            client=profile,
            table=table,
            requests=(),
            problems=(ignored,),
            corrected_base_url=None,
        )
    checked, all_ok = _check(base, profile, table)
    base_problems = _base_problems(base, profile)
    if all_ok and not base_problems:
        return Diagnosis(
            base_url=base,
            client=profile,
            table=table,
            requests=checked,
            problems=(),
            corrected_base_url=None,
        )
    corrected = correct(base, profile, table)
    unreachable: frozenset[int] = frozenset()
    partial = False
    if corrected is None:
        # One operation the proxy lacks must not hide the fix for all the others: search
        # again for the requests some Base URL can serve.
        failed = ((i, c.match is None) for i, c in enumerate(checked) if not c.ok)
        unreachable = unreachable_requests(base, profile, table, failed)
        if unreachable and len(unreachable) < len(checked):
            planned = plan(profile)
            dropped = [planned[i].spec for i in unreachable]
            kept = tuple(s for s in profile.requests if s not in dropped)
            corrected = correct(base, dataclasses.replace(profile, requests=kept), table)
            partial = corrected is not None
    problems = list(base_problems)
    for index, c in enumerate(checked):  # one checked request per entry of plan(profile)
        if not c.ok and c.match is not None:
            problems.append(
                _classify(
                    base,
                    profile,
                    table,
                    c,
                    match=c.match,
                    index=index,
                    corrected=corrected,
                    unreachable=index in unreachable,
                )
            )
    if corrected is None:
        url = None
        suggestions = tuple(_alternatives(base, profile, table))
    else:
        url = corrected.url  # one yarl URL for both places
        suggestions = (Suggestion(kind=SuggestionKind.BASE_URL, client=profile.id, base_url=url),)
        if partial:  # a setting or mode may still make every request work
            suggestions += tuple(_alternatives(base, profile, table))
    return Diagnosis(
        base_url=base,
        client=profile,
        table=table,
        requests=checked,
        problems=tuple(problems),
        corrected_base_url=url,
        suggestions=suggestions,
    )


def _check(
    base: BaseURL, profile: ClientProfile, table: RouteTable
) -> tuple[tuple[CheckedRequest, ...], bool]:
    """Each request of the client with the table's answer, and whether all of them work."""
    requests = resolve_parsed(base, profile)  # one request per entry of plan(profile)
    if requests and requests[0].refused is not None:
        return tuple(
            CheckedRequest(request=r, match=None, protocol_ok=False) for r in requests
        ), False
    all_ok = True
    out = []
    protocol = profile.protocol
    for request in requests:
        # The table's own memo makes a path seen before one lookup.
        match = table.match(request.method, request.target)
        followed = follow(profile, table, request.method, request.target, match)
        route = match.route if followed is None else followed.route
        ok = route is not None and serves(route, protocol, request.operation)
        all_ok = all_ok and ok
        out.append(CheckedRequest(request=request, match=match, protocol_ok=ok, followed=followed))
    return tuple(out), all_ok


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


_USER_TEXT = frozenset({"path", "base_path", "query", "want", "to"})
# "v1", "v1beta", "v1beta2": the trailing digits only after alpha/beta, so that no run of
# digits can be split two ways (which made a search quadratic on "/v" + "1" * n).
_VERSION = r"v\d+(?:(?:alpha|beta)\d*)?"
DUPLICATE = re.compile(rf"/({_VERSION})/({_VERSION})(?=/|$)")
VERSION_SEGMENT = re.compile(_VERSION)
_ENDPOINT_TAIL = re.compile(
    r"(?:/chat/completions|/completions|/responses|/messages|/messages/count_tokens|"
    r"/embeddings|/models|/models/[^/]+)$|:(?:stream)?[Gg]enerateContent$"
)


def is_endpoint(table: RouteTable, path: str) -> bool:
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
    unreachable: bool = False,
) -> Problem:
    request = checked.request
    planned = plan(profile)[index]
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
        return Problem(kind=kind, request=request, fields=masked)

    # A redirect the client does not follow as it must is the most precise answer there
    # is: the route exists, one slash away, whatever the search finds.
    if match.redirect is not None and checked.followed is None:
        return _redirected(problem, profile, match, request.method)
    if unreachable and corrected is not None:  # the others are served at ``corrected``
        return problem(ProblemKind.OPERATION_NOT_SERVED, operation=spec.operation)
    if checked.followed is not None:  # followed, keeping the method, to another miss
        match = checked.followed
    if match.allowed_methods:  # the most specific answer there is: right path, wrong method
        return problem(
            ProblemKind.METHOD_NOT_ALLOWED, allowed="/".join(sorted(match.allowed_methods))
        )
    if corrected is None and unreachable:
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
    dup = DUPLICATE.search(path)
    if dup is not None:
        return problem(ProblemKind.DUPLICATED_PREFIX, dup=dup.group(0) + "/")
    typed = path_segments(base.path)
    want = path_segments(corrected.path) if corrected is not None else None
    base_path = "/" + "/".join(typed)
    # Missing: what was typed is still there, with segments to add around it (/v1 ->
    # /ag/v1 on a mounted table, "" -> /v1, an endpoint Base URL under a mount). Checked
    # before "stacked": a pasted endpoint the correction keeps whole was not stacked on.
    missing = (
        want is not None
        and len(want) > len(typed)
        and any(want[i : i + len(typed)] == typed for i in range(len(want) - len(typed) + 1))
    )
    if not missing and typed and want != typed and is_endpoint(table, base_path):
        return problem(ProblemKind.STACKED_PATH)
    if want is not None:
        shown = "/" + "/".join(want)
        if missing:
            return problem(ProblemKind.MISSING_PREFIX, want=shown)
        if want != typed:
            return problem(ProblemKind.WRONG_PREFIX, want=shown)
    return problem(ProblemKind.UNKNOWN_ROUTE)


def _redirected(
    problem: Callable[..., Problem], profile: ClientProfile, match: Match, method: str
) -> Problem:
    """The ``redirected`` problem: the client does not follow the redirect, turns its
    method into another, or has not been observed with redirects."""
    status = match.redirect_status or 0
    to = match.redirect or ""
    follows = profile.redirects.follow_method(status, method)
    if follows is not None:  # followed, but not with the same method (301/302 on a POST)
        template = "redirected-method-changed"
    elif profile.redirects is Redirects.UNKNOWN:
        template = "redirected-unknown"
    else:
        template = "redirected"
    found = problem(ProblemKind.REDIRECTED, status=str(status), to=to, follows=follows or "")
    return dataclasses.replace(found, template=template)


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
        fixed = correct(base, other, table)
        if fixed is None:
            continue
        kind = SuggestionKind.MODE if alt.client else SuggestionKind.SETTING
        out.append(
            Suggestion(
                kind=kind, client=other.id, base_url=fixed.url, settings=tuple(settings.items())
            )
        )
    return out
