"""Layer 4: which known clients send a logged path, from which Base URL, and their fix.

For every built-in client (with the model named in the path, and with each setting its
profile offers as a way out) and every candidate Base URL (the path's own prefixes), the
client's own join rule says which requests it sends; those that send the logged path are
the *senders*, and :func:`~agroutes.diagnose` on each gives its corrected Base URL. The
core's joins are reused, never re-implemented.

**Which sender comes first.** :func:`rank_senders` orders the senders by how well each
explains the logged path, a key compared item by item (smaller first), ties kept in the
order of the built-in clients:

1. the query: a sender whose request has exactly the logged query (same parameters, any
   order or encoding) before one that matches the path only;
2. the operation: a sender whose request is of the operation the meant route serves
   (``responses`` for ``/v1/chat/completions/responses`` meaning ``/v1/responses``);
3. the kind: a sender whose own diagnosis names the mistake that undoing one structural
   edit finds (:mod:`agroutes._structural`);
4. the settings: fewer settings changed from the client's defaults first (a client as
   installed is likelier than one reconfigured); the model a path names is no change;
5. the Base URL: the shortest first (the fewest characters a person typed wrong).

**No fix that already failed.** Every sender's ``base_url`` is a Base URL with which a
client sent exactly the logged path, so it is the one a user of that client already tried.
A Base URL fix equal to one of them is withheld (:attr:`Sender.withheld`): on
``/v1/v1/messages`` kilo-code/anthropic's own fix is ``…/v1`` (it was given ``…/v1/v1``),
but ``…/v1`` is the Base URL with which claude-code and the Anthropic SDK sent that path; a
user who cannot tell which client is theirs would be sent back to the URL that failed.
Naming the client (``clients=``, ``--client``) removes the others and with them the clash.
A sender's fix equal to its *own* Base URL is withheld too: today's correction search never
returns the URL it was given, but a custom profile or table whose correction cannot move
the failing call would, and the rule must not depend on the search.

**Unknown clients.** :func:`find_senders` also says whether the path carries a *client
mark*: a query that the built-in profiles of one program alone add by themselves (not
one from the Base URL), matched exactly by a sender of that program (claude-code's
``?beta=true``).
A query several programs add is the API's own (Gemini's ``?alt=sse``: google-genai,
gemini-cli, Kilo Code), and a person with curl copies it from the docs. Without a mark any
program (curl, an SDK agroutes does not profile) can send the same path, and the senders
are possibilities only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote

from yarl import URL

from ._baseurl import BaseURL, parse_base_url
from ._clients import BUILTIN_CLIENTS
from ._diagnosis import Diagnosis, ProblemKind, Suggestion, SuggestionKind, diagnose
from ._errors import InvalidClientSetting
from ._patterns import Route
from ._profiles import ClientProfile, RequestSpec, expand_suffix, setting_values
from ._redact import redact, redacted_repr, safe_repr
from ._resolve import targets, targets_uncached
from ._table import RouteTable
from ._texts import check_lang, text

__all__ = ["MeantRoute", "Sender", "find_senders", "rank_senders"]

#: How many model ids of a path are tried as the ``model`` setting.
_MAX_MODELS = 4


@redacted_repr  # the path comes from a log: it may hold what a client pasted
@dataclass(frozen=True, slots=True, kw_only=True)
class MeantRoute:
    """The request the caller most likely meant: method, concrete path and its route."""

    method: str
    path: str
    route: Route

    def __str__(self) -> str:
        return redact(f"{self.method} {self.path}")


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
    #: True when the request has the logged query exactly (or the log has no query).
    query_exact: bool = True
    #: Base URL fixes not offered: each is a Base URL with which a sender (this one or
    #: another) sent exactly the logged path, so it already failed for that client.
    withheld: tuple[URL, ...] = ()
    diagnosis: Diagnosis = dataclasses.field(repr=False, compare=False)

    def explain(self, lang: str = "en") -> str:
        check_lang(lang)
        line = text(lang, "path:sender", client=self.client.label(), base=str(self.base_url))
        sep = text(lang, "path:sep")
        if not self.suggestions and self.withheld:
            return redact(line + sep + text(lang, "path:sender-withheld"))
        if not self.suggestions:
            return redact(line + sep + text(lang, "path:sender-no-fix"))
        fixes = "; ".join(s.explain(lang) for s in self.suggestions)
        if self.partial:
            fixes += " " + text(lang, "path:sender-partial", operation=self.operation)
        return redact(line + sep + fixes)

    def __repr__(self) -> str:
        fixed = str(self.corrected_base_url) if self.corrected_base_url else None
        return (
            f"Sender(client={safe_repr(self.client.label())}, operation={self.operation!r}, "
            f"base_url={safe_repr(str(self.base_url))}, kind={self.kind.value!r}, "
            f"corrected_base_url={safe_repr(fixed)})"
        )


def find_senders(
    table: RouteTable,
    *,
    method: str,
    path: str,
    query: str | None,
    home: BaseURL,
    profiles: tuple[ClientProfile, ...] | None,
) -> tuple[tuple[Sender, ...], tuple[MeantRoute | None, ...], bool]:
    """The senders of ``method path?query``, the request each makes once fixed, and
    whether the path carries a client mark (see the module docstring)."""
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
    marked: set[str] = set()  # the programs whose own query the log kept
    for profile, spec, base_path, base_query, produced in chosen:
        if (profile.id, base_path, base_query) in placed:
            continue  # one client, one Base URL: a second setting variant adds nothing
        placed.add((profile.id, base_path, base_query))
        base = home.replace(path=base_path, query=base_query, keep_userinfo=False)
        sender = _sender(table, profile, spec, base, produced, query_exact=chosen is exact)
        if sender is None:
            continue  # the client's own diagnosis finds nothing wrong: not our request
        # A mark: a query the client added by itself (none came from the Base URL).
        if query and chosen is exact and base_query is None:
            marked.add(profile.id.partition("/")[0])
        senders.append(sender)
        meants.append(_sender_meant(table, sender))
    failed = {s.base_url for s in senders}
    owners = _mark_owners(query) if query else set()
    named = len(owners) == 1 and owners <= marked
    return tuple(_withhold(s, failed) for s in senders), tuple(meants), named


def _mark_owners(query: str) -> set[str]:
    """The programs whose built-in profiles add exactly ``query`` by themselves. One
    alone names the sender (claude-code's ?beta=true); a query several add is the API's
    own (Gemini's ?alt=sse), and curl copies it from the docs."""
    return {
        p.id.partition("/")[0]
        for p in BUILTIN_CLIENTS.values()
        for spec in p.requests
        if spec.query and "{" not in spec.query and _same_query(spec.query, query)
    }


def _withhold(sender: Sender, failed: set[URL]) -> Sender:
    """The sender without the Base URL fixes that already failed (module docstring)."""
    kept = tuple(
        s
        for s in sender.suggestions
        if not (s.kind is SuggestionKind.BASE_URL and s.base_url in failed)
    )
    corrected = sender.corrected_base_url
    dropped = [s.base_url for s in sender.suggestions if s not in kept]
    if corrected is not None and corrected in failed:
        dropped.append(corrected)
        corrected = None
    if not dropped:
        return sender
    return dataclasses.replace(
        sender,
        corrected_base_url=corrected,
        suggestions=kept,
        withheld=tuple(dict.fromkeys(dropped)),
    )


def rank_senders(
    senders: tuple[Sender, ...],
    meants: tuple[MeantRoute | None, ...],
    *,
    meant: MeantRoute | None,
    structural_kind: ProblemKind | None,
) -> tuple[tuple[Sender, ...], tuple[MeantRoute | None, ...]]:
    """The senders (and their fixed requests, kept in step) best explanation first: the
    key of the module docstring, ties in the order found."""

    def key(i: int) -> tuple[int, int, int, int, int, int]:
        s = senders[i]
        return (
            0 if s.query_exact else 1,
            0 if meant is not None and s.operation == meant.route.operation else 1,
            0 if s.kind is structural_kind else 1,
            len(s.client.settings_changed.keys() - {"model"}),
            len(str(s.base_url)),
            i,
        )

    order = sorted(range(len(senders)), key=key)
    return tuple(senders[i] for i in order), tuple(meants[i] for i in order)


def _sender(
    table: RouteTable,
    profile: ClientProfile,
    spec: RequestSpec,
    base: BaseURL,
    produced: str,
    *,
    query_exact: bool,
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
    corrected = d.corrected_base_url
    suggestions = d.suggestions
    if kind is ProblemKind.OPERATION_NOT_SERVED:
        # The corrected Base URL serves the client's other calls, never this one.
        corrected = None
        suggestions = tuple(s for s in suggestions if s.kind is not SuggestionKind.BASE_URL)
    elif ProblemKind.OPERATION_NOT_SERVED in d.kinds:
        partial = True  # the correction serves this call, not every call of the client
    return Sender(
        client=profile,
        operation=spec.operation.value,
        base_url=base.url,
        kind=kind,
        corrected_base_url=corrected,
        suggestions=suggestions,
        partial=partial,
        query_exact=query_exact,
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
        for spec, produced in targets_uncached(base_path, base_query, profile):
            if spec.method == method and produced.partition("?")[0] == path:
                yield spec, base_path, base_query, produced


def _bases(
    profile: ClientProfile, specs: list[RequestSpec], path: str, query: str | None
) -> Iterator[tuple[str, str | None]]:
    values = setting_values(profile)
    suffixes = [expand_suffix(s, values) for s in specs]
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
