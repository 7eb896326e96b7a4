"""The laws of DESIGN.md as properties, over every built-in client, table and mount prefix.

The laws are checked on inputs that come from what the client profiles document, never on
inputs that agroutes' own diagnosis or correction search picked (that would be circular):

- The good Base URL is the documented one: origin + the table's mount prefix +
  ``profile.base_shape.prefix``. The laws hold it to the (client, table) pairs whose
  table serves it, which :func:`_served` decides from the requests ``resolve()`` predicts
  and ``table.match()``; :data:`NOT_SERVED` lists, with reasons, the pairs left out.
- A mistake is a pure string edit of the good Base URL (:data:`MISTAKES`).
- Whether a mistake is harmless for a client is decided the same way, before ``diagnose``
  is asked (:func:`_why_harmless`): the client sends the very requests the good Base URL
  makes it send, or other requests that the table routes too.

The laws: the documented Base URL diagnoses ok. Every mistake is either harmless, for a
stated reason, and then diagnoses ok; or it diagnoses not ok, the explanation names the
mistake, and the correction works, keeps the origin and the mount prefix, reaches the
routes the good Base URL reaches, and is final (correcting twice changes nothing). For
*any* typed Base URL a correction is final too, and there is none only where not even the
documented Base URL works. ``resolve`` and ``diagnose`` agree on the requests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from yarl import URL

from agroutes import (
    ClientProfile,
    Diagnosis,
    ProblemKind,
    RouteTable,
    client,
    diagnose,
    parse_base_url,
    resolve,
    route_table,
)
from agroutes.profiles import GENERIC_CLIENTS, client_from_json, client_from_toml
from agroutes.strategies import clients, route_tables
from agroutes.tables import BUILTIN_TABLES
from tests.conftest import PROFILES, H

ORIGINS = (H, "https://localhost", "http://[::1]:1", "https://proxy.example:443")
#: Each built-in table once (an alias and the preset it names are one table).
TABLES: tuple[RouteTable, ...] = tuple(
    {route_table(name).id: route_table(name) for name in BUILTIN_TABLES}.values()
)


def _documented(origin: str, profile: ClientProfile, table: RouteTable) -> str:
    """The Base URL the client's documentation asks for, on a proxy mounted as ``table``."""
    return origin + table.mount_prefix + profile.base_shape.prefix


def _served(url: str, profile: ClientProfile, table: RouteTable) -> bool:
    """Whether every request the client sends for ``url`` reaches a handler: the client
    does send it, and the table routes it to a route of the client's protocol."""
    for request in resolve(url, profile):
        if request.refused is not None:
            return False
        route = table.match(request.method, request.target).route
        if route is None or profile.protocol not in route.protocols:
            return False
    return True


def _routes(url: str, profile: ClientProfile, table: RouteTable) -> list[object]:
    """The route each request for ``url`` lands on, by ``resolve`` and ``table.match``."""
    return [table.match(r.method, r.target).route for r in resolve(url, profile)]


#: The pairs whose documented Base URL the table does not serve, and why. The laws leave
#: them out; a test checks this list against :func:`_served`, so that no pair drops out of
#: the laws unseen.
NOT_SERVED = {
    ("anthropic-python", "new-api"): (
        "new-api routes POST /v1/messages but not /v1/messages/count_tokens"
    ),
    ("google-genai", "antigravity@4.5.8"): (
        "Antigravity serves Gemini under /v1beta only; google-genai's default is v1"
    ),
    ("google-genai", "antigravity@3.3.50"): (
        "Antigravity serves Gemini under /v1beta only; google-genai's default is v1"
    ),
    ("google-genai", "cliproxyapi"): (
        "CLIProxyAPI serves Gemini under /v1beta only; google-genai's default is v1"
    ),
    # The releases of tools/gen_tables.py (agroutes/data/NAME@VERSION.json).
    **{
        ("google-genai", f"antigravity@{version}"): (
            "Antigravity serves Gemini under /v1beta only; google-genai's default is v1"
        )
        for version in ("4.0.0", "4.0.10", "4.3.0", "4.3.9")
    },
    **{
        ("google-genai", f"cliproxyapi@{version}"): (
            "CLIProxyAPI serves Gemini under /v1beta only; google-genai's default is v1"
        )
        for version in ("5.0.0", "5.0.5")
    },
    **{
        ("anthropic-python", f"cliproxyapi@{version}"): (
            "CLIProxyAPI 5.0 routes POST /v1/messages but not /v1/messages/count_tokens"
        )
        for version in ("5.0.0", "5.0.5")
    },
    **{
        (client_id, "cliproxyapi@5.0.0"): "CLIProxyAPI has no /v1/responses before 5.0.5"
        for client_id in (
            "openai-python",
            "openai-python@3.19.2",
            "openai-node",
            "codex",
            "kilo-code/openai",
            "litellm/openai-responses",
            "litellm/openai-responses@1.81.10",
            "langchain-openai/responses",
            "openai-agents/responses",
            "pydantic-ai/openai-responses",
        )
    },
}

#: Clients declared as data, as a user writes them (the laws hold for them too).
DECLARED = (
    client_from_json(
        """{"id": "declared/gemini-appends", "protocol": "gemini", "join": "genai-js",
            "base_shape": "host-root", "settings": [{"name": "model", "default": "m"}],
            "requests": [{"operation": "generate-content", "method": "POST",
                          "suffix": "/v1beta/models/{model}:generateContent"}]}"""
    ),
    client_from_toml(
        """id = "declared/anthropic-v1"
protocol = "anthropic"
join = "httpx-path-slash"
base_shape = "ends-in-v1"
[[requests]]
operation = "messages"
method = "POST"
suffix = "/messages"
"""
    ),
)

#: Every client the laws hold for: the built-ins, the generic families and declared ones.
LAW_PROFILES: tuple[ClientProfile, ...] = (*PROFILES, *GENERIC_CLIENTS.values(), *DECLARED)

#: The (client, table) pairs the laws hold on: the table serves the documented Base URL.
PAIRS: tuple[tuple[ClientProfile, RouteTable], ...] = tuple(
    (p, t) for p in LAW_PROFILES for t in TABLES if _served(_documented(H, p, t), p, t)
)

# Mounted and bare tables, from the strategies shipped to users: mount segments never look
# like a version or an endpoint word, so a mounted table means what the bare one does.
_MOUNTS = {t.id: route_tables(presets=[t]) for t in TABLES}


@dataclass(frozen=True, slots=True)
class Case:
    """A client, a built-in table (``preset``) and that table as served (maybe mounted)."""

    profile: ClientProfile
    preset: RouteTable
    table: RouteTable


@st.composite
def cases(draw: st.DrawFn) -> Case:
    profile, preset = draw(st.sampled_from(PAIRS))
    return Case(profile, preset, draw(_MOUNTS[preset.id]))


def _case(client_id: str | ClientProfile, preset: str, mount: str = "") -> Case:
    table = route_table(preset)
    return Case(client(client_id), table, table.mount(mount))


# --- mistakes: string edits of the good Base URL -----------------------------------------

_VERSION = re.compile(r"v\d+(?:alpha|beta)?\d*")


@dataclass(frozen=True, slots=True)
class Shape:
    """The documented Base URL in parts, with what the client itself requests under it."""

    origin: str
    mount: str  # the table's mount prefix
    prefix: str  # profile.base_shape.prefix: "", "/v1", "/v1beta" or an endpoint path
    version: str  # the version segment the client puts after the Base URL, else /v1
    own: tuple[str, ...]  # the paths the client requests on the good Base URL
    pasted: tuple[str, ...]  # the table's static routes of the client's protocol

    @property
    def path(self) -> str:
        return self.mount + self.prefix

    @property
    def url(self) -> str:
        return self.origin + self.path


def _shape(origin: str, profile: ClientProfile, table: RouteTable) -> Shape:
    prefix = profile.base_shape.prefix
    path = table.mount_prefix + prefix
    own = tuple(dict.fromkeys(r.path for r in resolve(origin + path, profile)))
    # The version segment the Base URL ends in, or starts its endpoint path with.
    version = "/" + prefix.split("/")[1] if prefix else ""
    if not version:  # a host-root client appends its own version: read it off its requests
        heads = (p[len(path) :].split("/")[1:2] for p in own)
        version = next(("/" + h[0] for h in heads if h and _VERSION.fullmatch(h[0])), "/v1")
    pasted = sorted(
        r.pattern for r in table.routes if profile.protocol in r.protocols and "{" not in r.pattern
    )
    return Shape(origin, table.mount_prefix, prefix, version, own, tuple(pasted))


@dataclass(frozen=True, slots=True)
class Mistake:
    kind: ProblemKind  # the kind of problem the mistake is
    make: Callable[[Shape], tuple[str, ...]]  # the mistaken Base URLs (none: does not apply)
    breaks: bool = False  # breaks every client, whatever it does with the Base URL
    meant_known: bool = True  # the user meant the routes the good Base URL reaches


def _other_version(prefix: str) -> str:
    return "/v1beta" if prefix != "/v1beta" else "/v1"


def _doubled_slash(s: Shape) -> tuple[str, ...]:
    leading = s.origin + "/" + (s.path or "/")
    if s.path.count("/") < 2:
        return (leading,)
    return leading, s.origin + s.path.replace("/", "//", 2).replace("//", "/", 1)


MISTAKES: dict[str, Mistake] = {
    # (Only where the Base URL ends in the version: after an endpoint it is another slip.)
    "duplicated-prefix": Mistake(
        ProblemKind.DUPLICATED_PREFIX,
        lambda s: (s.url + s.version,) if s.prefix in ("", s.version) else (),
        breaks=True,
    ),
    # A /v1 after a host-root Base URL whose client puts another version there itself.
    "extra-version": Mistake(
        ProblemKind.WRONG_PREFIX,
        lambda s: (s.url + "/v1",) if not s.prefix and s.version != "/v1" else (),
        breaks=True,
    ),
    "stacked-path": Mistake(
        ProblemKind.STACKED_PATH,
        lambda s: (s.url + "/chat/completions", *(s.origin + p for p in s.own)),
        breaks=True,
    ),
    # Another endpoint of the table pasted as the Base URL: a codex user who pasted
    # CLIProxyAPI's /backend-api/codex/responses meant that route family, and the smallest
    # correction (/backend-api/codex) rightly keeps it. (No mistake for a client whose Base
    # URL is an endpoint: it sends to whichever one it is given.)
    "pasted-endpoint": Mistake(
        ProblemKind.STACKED_PATH,
        lambda s: (
            tuple(s.origin + p for p in s.pasted if p not in s.own)
            if s.prefix in ("", s.version)
            else ()
        ),
        breaks=True,
        meant_known=False,
    ),
    "missing-prefix": Mistake(
        ProblemKind.MISSING_PREFIX, lambda s: (s.origin + s.mount,) if s.prefix else ()
    ),
    "missing-mount": Mistake(
        ProblemKind.MISSING_PREFIX, lambda s: (s.origin + s.prefix,) if s.mount else ()
    ),
    "extra-slash": Mistake(ProblemKind.EXTRA_SLASH, lambda s: (s.url + "/", s.url + "//")),
    "doubled-slash": Mistake(ProblemKind.EXTRA_SLASH, _doubled_slash),
    "query-in-base": Mistake(
        ProblemKind.QUERY_IN_BASE,
        lambda s: tuple(f"{s.url}?{q}" for q in ("x=1", "api-version=2024-10-21", "beta=true", "")),
    ),
    "wrong-version": Mistake(
        ProblemKind.WRONG_PREFIX,
        lambda s: tuple(
            dict.fromkeys(
                s.origin + s.mount + v
                for v in (_other_version(s.prefix), "/v1", "/v1beta", "/v1alpha", "/v2", "/v3")
                if v != s.prefix
            )
        ),
    ),
    "userinfo": Mistake(
        ProblemKind.CREDENTIALS_IN_BASE,
        lambda s: tuple(
            s.url.replace("://", f"://{u}@", 1) for u in ("user:pw", "user:password", "apikey")
        ),
    ),
}
#: Mistakes whose diagnosis always names them. (A stacked endpoint that lands on a
#: parameterised route of another method is a 405 first; a query that swallows the path
#: can too: the diagnosis then names what the proxy answers, and that is fine.)
NAMED = frozenset(
    {
        ProblemKind.DUPLICATED_PREFIX,
        ProblemKind.MISSING_PREFIX,
        ProblemKind.EXTRA_SLASH,
        ProblemKind.CREDENTIALS_IN_BASE,
    }
)


@dataclass(frozen=True, slots=True)
class Trial:
    case: Case
    origin: str
    mistake: str
    bad: str


@st.composite
def trials(draw: st.DrawFn) -> Trial:
    case = draw(cases())
    origin = draw(st.sampled_from(ORIGINS))
    shape = _shape(origin, case.profile, case.table)
    made = {name: _made(m, shape) for name, m in MISTAKES.items()}
    name = draw(st.sampled_from([n for n, urls in made.items() if urls]))
    return Trial(case, origin, name, draw(st.sampled_from(made[name])))


def _made(mistake: Mistake, shape: Shape) -> tuple[str, ...]:
    """The mistaken Base URLs, less any that is the good one (pasting the endpoint is no
    mistake for a client whose Base URL is the endpoint)."""
    return tuple(bad for bad in mistake.make(shape) if bad != shape.url)


def _trials(case: Case, origin: str = H) -> list[Trial]:
    """Every mistake of every kind, made on ``case``'s good Base URL."""
    shape = _shape(origin, case.profile, case.table)
    return [
        Trial(case, origin, name, bad) for name, m in MISTAKES.items() for bad in _made(m, shape)
    ]


def _trial(case: Case, mistake: str) -> Trial:
    return next(t for t in _trials(case) if t.mistake == mistake)


# --- harmless mistakes: decided from resolve() and table.match() --------------------------

SAME_REQUESTS = "the client sends the requests the good Base URL makes it send"
SERVED_TOO = "the client sends other requests, and the table routes those too"
#: Where SERVED_TOO is the reason: the preset's own routes say why.
SERVED_TOO_CASES = {
    ("codex", "antigravity@4.5.8", "missing-prefix"): "POST /responses, server.rs:460",
    ("kilo-code/openai", "antigravity@4.5.8", "missing-prefix"): "POST /responses, server.rs:460",
    ("codex", "antigravity@4.3.9", "missing-prefix"): "POST /responses, server.rs:446",
    ("kilo-code/openai", "antigravity@4.3.9", "missing-prefix"): "POST /responses, server.rs:446",
    ("kilo-code/google", "new-api", "wrong-version"): "/v1/models/{model}, relay-router.go:144",
    # The frameworks' Responses modes and the Gemini clients without a version of their own
    # send what codex, kilo-code/openai and kilo-code/google send there.
    **{
        (
            client_id,
            f"antigravity@{version}",
            "missing-prefix",
        ): f"POST /responses, server.rs:{line}"
        for client_id in (
            "litellm/openai-responses",
            "litellm/openai-responses@1.81.10",
            "langchain-openai/responses",
            "openai-agents/responses",
            "pydantic-ai/openai-responses",
        )
        for version, line in (("4.5.8", 460), ("4.3.9", 446))
    },
    **{
        (client_id, "new-api", "wrong-version"): "/v1/models/{model}, relay-router.go:144"
        for client_id in ("litellm/gemini", "litellm/gemini@1.81.10", "aider/gemini")
    },
}


#: Clients that know their own endpoint when it is pasted as the Base URL and send to it as
#: it is: for them that paste is no mistake (it still is for every other client).
KNOWS_ITS_ENDPOINT = {
    "litellm/anthropic": "litellm 1.110 ensure_api_route(api_base, 'v1/messages')",
    "litellm/anthropic@1.81.10": "litellm 1.81: if not api_base.endswith('/v1/messages')",
    "aider/anthropic": "litellm 1.81.10, which aider pins: the same check",
}


def _pasted_own_endpoint(trial: Trial, why: str | None) -> bool:
    """The stacked-path mistake is the client's own endpoint, which it knows (same requests)."""
    return (
        trial.mistake == "stacked-path"
        and trial.case.profile.id in KNOWS_ITS_ENDPOINT
        and why == SAME_REQUESTS
    )


def _why_harmless(trial: Trial) -> str | None:
    """Why the mistake does no harm to this client on this table, or None if it does."""
    profile, table = trial.case.profile, trial.case.table
    if parse_base_url(trial.bad).userinfo is not None and profile.userinfo.harmful:
        return None  # the client sends the credentials on, or refuses to send anything
    # A router sees the method and the path; a query the client moves to the end of the
    # target, or userinfo it drops (profile.userinfo), does not change those.
    sent = [(r.method, r.path, r.refused) for r in resolve(trial.bad, profile)]
    good = _documented(trial.origin, profile, table)
    if sent == [(r.method, r.path, r.refused) for r in resolve(good, profile)]:
        return SAME_REQUESTS
    if _served(trial.bad, profile, table):
        return SERVED_TOO
    return None


def _check_mistake(trial: Trial) -> None:
    case, mistake = trial.case, MISTAKES[trial.mistake]
    profile, table = case.profile, case.table
    d = diagnose(trial.bad, profile, routes=table)
    why = _why_harmless(trial)
    if mistake.breaks and not _pasted_own_endpoint(trial, why):
        assert why is None, why
        assert not d.ok, str(d)
    if why is not None:
        assert d.ok, f"harmless ({why}), yet:\n{d}"
        assert d.corrected_base_url is None
        if why == SERVED_TOO:
            assert (profile.label(), case.preset.id, trial.mistake) in SERVED_TOO_CASES
    else:
        _check_corrected(trial, d)


def _check_corrected(trial: Trial, d: Diagnosis) -> None:
    profile, table, mistake = trial.case.profile, trial.case.table, MISTAKES[trial.mistake]
    assert not d.ok, str(d)
    if mistake.kind in NAMED:
        # A path that exists for another method is the most specific answer there is: the
        # diagnosis may name that first (an exact-url client POSTing to a bare host whose
        # root answers GET). Told apart by resolve() and match(), not by the diagnosis.
        other_method = any(
            table.match(r.method, r.target).allowed_methods for r in resolve(trial.bad, profile)
        )
        named = mistake.kind in d.kinds
        assert named or (other_method and ProblemKind.METHOD_NOT_ALLOWED in d.kinds), str(d)
    fixed = d.corrected_base_url
    assert fixed is not None, str(d)
    again = diagnose(fixed, profile, routes=table)
    assert again.ok, str(again)
    assert again.corrected_base_url is None  # correcting twice changes nothing
    # The correction keeps what the user's client connects to, and the mount prefix.
    typed = parse_base_url(trial.bad)
    assert (fixed.scheme, fixed.raw_host) == (typed.scheme, typed.host.strip("[]"))
    assert typed.port in (fixed.explicit_port, fixed.port)  # None or the scheme's default
    assert fixed.raw_path.startswith(table.mount_prefix or "/")
    assert fixed.path.startswith(table.mount_prefix or "/")
    if mistake.meant_known:
        # The corrected requests land on the routes the good Base URL reaches, request by
        # request and, fed back as text, operation by operation.
        good = _documented(trial.origin, profile, table)
        want = _routes(good, profile, table)
        assert [c.match.route for c in again.requests if c.match] == want
        ops = [r.operation for r in resolve(good, profile)]
        as_text = diagnose(str(fixed), profile, routes=table)
        got = {c.request.operation: c.match.route for c in as_text.requests if c.match}
        assert got == dict(zip(ops, want, strict=True))


# --- the laws -------------------------------------------------------------------------------


def test_the_documented_base_url_is_served_where_the_laws_say() -> None:
    left_out = {}
    for profile in LAW_PROFILES:
        for table in TABLES:
            good = _documented(H, profile, table)
            if not _served(good, profile, table):
                left_out[profile.label(), table.id] = good
                assert not diagnose(good, profile, routes=table).ok
    assert set(left_out) == set(NOT_SERVED)
    assert len(PAIRS) == len(LAW_PROFILES) * len(TABLES) - len(NOT_SERVED)


@settings(max_examples=100, deadline=None)
@given(case=cases(), origin=st.sampled_from(ORIGINS))
@example(case=_case("openai-python", "antigravity@4.5.8"), origin=H)
@example(case=_case("claude-code", "antigravity@4.5.8"), origin=H)
@example(case=_case("gemini-cli", "antigravity@3.3.50", "/ag"), origin=H)
@example(case=_case("openai-python", "new-api"), origin=H)
@example(case=_case("google-genai", "new-api"), origin=H)
@example(case=_case("codex", "cliproxyapi"), origin=H)
@example(
    case=_case(client("google-genai", api_version="v1beta"), "antigravity", "/ag"),
    origin="https://localhost",
)
def test_recommended_base_is_ok_everywhere(case: Case, origin: str) -> None:
    good = _documented(origin, case.profile, case.table)
    assert _served(good, case.profile, case.table)  # a mount changes nothing
    d = diagnose(good, case.profile, routes=case.table)
    assert d.ok, str(d)
    assert d.corrected_base_url is None


@pytest.mark.parametrize(("profile", "table"), PAIRS, ids=[f"{p.label()}-{t.id}" for p, t in PAIRS])
def test_every_mistake_is_harmless_for_a_reason_or_corrected(
    profile: ClientProfile, table: RouteTable
) -> None:
    trials_ = _trials(Case(profile, table, table))
    assert trials_
    for trial in trials_:
        _check_mistake(trial)


@settings(max_examples=250, deadline=None)
@given(trial=trials())
@example(trial=_trial(_case("openai-python", "antigravity@4.5.8"), "missing-prefix"))
@example(trial=_trial(_case("claude-code", "antigravity@4.5.8"), "duplicated-prefix"))
@example(trial=_trial(_case("kilo-code/openai", "antigravity@3.3.50"), "stacked-path"))
@example(trial=_trial(_case("kilo-code/openai", "antigravity@3.3.50"), "duplicated-prefix"))
@example(trial=_trial(_case("codex", "antigravity@4.5.8", "/ag"), "missing-mount"))
@example(trial=_trial(_case("openai-node", "antigravity@4.5.8"), "query-in-base"))
def test_mounted_mistakes_on_any_origin(trial: Trial) -> None:
    _check_mistake(trial)


# Base URLs people type, mistakes and all, without knowing what the client wants.
_segment = st.sampled_from(
    ["v1", "v1beta", "v2", "api", "ag", "openai", "chat", "completions", "responses", "models",
     "messages", "", ".", "..", "gemini-2.5-flash:generateContent", "x"]
)  # fmt: skip
typed_urls = st.builds(
    lambda origin, parts, query: origin + "".join("/" + p for p in parts) + query,
    st.sampled_from(ORIGINS),
    st.lists(_segment, max_size=5),
    st.sampled_from(["", "?", "?x=1", "?key=k", "?alt=sse"]),
)


@settings(max_examples=200, deadline=None)
@given(url=typed_urls, profile=clients(), table=route_tables(mounted=False))
@example(url=H + "/v1/chat/completions", profile=client("codex"), table=route_table("antigravity"))
@example(url=H + "/v1beta/..", profile=client("gemini-cli"), table=route_table("antigravity"))
@example(url=H + "//", profile=client("claude-code"), table=route_table("new-api"))
@example(url=H + "/v1", profile=client("anthropic-python"), table=route_table("new-api"))
def test_any_correction_is_ok_and_final(
    url: str, profile: ClientProfile, table: RouteTable
) -> None:
    d = diagnose(url, profile, routes=table)
    if d.ok:
        assert d.corrected_base_url is None
    elif d.corrected_base_url is None:
        # No Base URL works, and the suggestions say what does (tested elsewhere): only
        # where not even the documented Base URL works.
        assert (profile.label(), table.id) in NOT_SERVED, str(d)
        assert not _served(_documented(H, profile, table), profile, table)
    elif ProblemKind.OPERATION_NOT_SERVED in d.kinds:
        # Some call has no route under any Base URL: only where not even the documented
        # Base URL works, and the correction routes every other call, finally.
        assert (profile.label(), table.id) in NOT_SERVED, str(d)
        again = diagnose(d.corrected_base_url, profile, routes=table)
        assert again.kinds == {ProblemKind.OPERATION_NOT_SERVED}, f"{d}\n---\n{again}"
        assert again.corrected_base_url is not None  # the same path: final
        assert again.corrected_base_url.path == d.corrected_base_url.path
        assert diagnose(str(d.corrected_base_url), profile, routes=table).kinds == again.kinds
    else:
        again = diagnose(d.corrected_base_url, profile, routes=table)
        assert again.ok, f"{d}\n---\n{again}"
        assert again.corrected_base_url is None
        # Feeding the correction back as text, as a user would, gives the same answer.
        assert diagnose(str(d.corrected_base_url), profile, routes=table).ok


@settings(max_examples=100, deadline=None)
@given(url=typed_urls, profile=clients())
def test_resolve_and_diagnose_agree(url: str, profile: ClientProfile) -> None:
    requests = resolve(url, profile)
    d = diagnose(url, profile)
    assert tuple(c.request for c in d.requests) == requests
    assert all(isinstance(r.url, URL) for r in requests)
