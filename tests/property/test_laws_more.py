"""More of DESIGN.md's laws, over what agroutes.strategies generates.

``test_laws.py`` holds the laws over two Antigravity tables, the documented Base URL on
``127.0.0.1:8045`` and a fixed list of mistakes. These extend them to every built-in
table (CLIProxyAPI and new-api too), every client setting offered as a fix, any scheme,
host and port, and every mistake the strategies make (any endpoint pasted as the Base
URL, other version segments, a missing mount prefix); they add that the explanation names
the mistake, that a correction keeps the origin, and that correcting twice changes
nothing for *any* Base URL, not only for generated mistakes.
"""

from __future__ import annotations

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from yarl import URL

from agroutes import (
    ClientProfile,
    ProblemKind,
    RouteTable,
    client,
    diagnose,
    parse_base_url,
    resolve,
    route_table,
)
from agroutes.strategies import _plan, _url, _Variant, clients, route_tables

H = "http://127.0.0.1:8045"
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
ORIGINS = st.sampled_from(
    ["http://127.0.0.1:8045", "https://localhost", "http://[::1]:1", "https://proxy.example:443"]
)


@st.composite
def cases(draw: st.DrawFn) -> tuple[ClientProfile, RouteTable]:
    """A table (maybe mounted) and a client that some Base URL makes work on it."""
    table = draw(route_tables())
    return draw(clients(usable_on=table)), table


def _routes_by_operation(url: str, profile: ClientProfile, table: RouteTable) -> dict[str, object]:
    d = diagnose(url, profile, routes=table)
    return {c.request.operation: c.match.route for c in d.requests if c.match is not None}


@settings(max_examples=80, deadline=None)
@given(case=cases(), origin=ORIGINS)
@example(case=(client("openai-python"), route_table("new-api")), origin=H)
@example(case=(client("google-genai"), route_table("new-api")), origin=H)
@example(case=(client("codex"), route_table("cliproxyapi")), origin=H)
@example(
    case=(client("google-genai", api_version="v1beta"), route_table("antigravity").mount("/ag")),
    origin="https://localhost",
)
def test_recommended_base_is_ok_everywhere(
    case: tuple[ClientProfile, RouteTable], origin: str
) -> None:
    profile, table = case
    plan = _plan(profile, table)
    assert plan is not None
    d = diagnose(_url(origin, plan.good), profile, routes=table)
    assert d.ok, str(d)
    assert d.corrected_base_url is None


def _meant_is_known(profile: ClientProfile, good: str, variant: _Variant) -> bool:
    """Whether the mistaken request meant the routes the good Base URL reaches.

    Not when a person pasted *another* endpoint as the Base URL: a codex user who pasted
    CLIProxyAPI's /backend-api/codex/responses meant that route family, and the smallest
    correction (/backend-api/codex) rightly keeps it.
    """
    if variant.mistake != ProblemKind.STACKED_PATH.value:
        return True
    own = {r.path for r in resolve(H + good, profile)}
    return variant.rest in own


@settings(max_examples=150, deadline=None)
@given(case=cases(), origin=ORIGINS, data=st.data())
@example(
    case=(client("kilo-code/openai"), route_table("antigravity@3.3.50")),
    origin=H,
    data=None,
)
def test_every_generated_mistake_is_caught_and_corrected(
    case: tuple[ClientProfile, RouteTable], origin: str, data: st.DataObject | None
) -> None:
    profile, table = case
    plan = _plan(profile, table)
    assert plan is not None
    assume(plan.bad)
    variant = data.draw(st.sampled_from(plan.bad)) if data is not None else plan.bad[0]
    bad = _url(origin, variant)
    d = diagnose(bad, profile, routes=table)
    assert not d.ok, str(d)
    if ProblemKind(variant.mistake or "") in NAMED:
        assert ProblemKind(variant.mistake or "") in d.kinds, str(d)
    fixed = d.corrected_base_url
    assert fixed is not None, str(d)
    again = diagnose(fixed, profile, routes=table)
    assert again.ok, str(again)
    assert again.corrected_base_url is None  # correcting twice changes nothing
    # The correction keeps what the user's client connects to.
    typed = parse_base_url(bad)
    assert (fixed.scheme, fixed.raw_host) == (typed.scheme, typed.host.strip("[]"))
    assert typed.port in (fixed.explicit_port, fixed.port)  # None or the scheme's default
    assert fixed.raw_path.startswith(table.mount_prefix or "/")
    if _meant_is_known(profile, plan.good.rest, variant):
        good = _url(origin, plan.good)
        assert _routes_by_operation(str(fixed), profile, table) == _routes_by_operation(
            good, profile, table
        )


# Base URLs people type, mistakes and all, without knowing what the client wants.
_segment = st.sampled_from(
    ["v1", "v1beta", "v2", "api", "ag", "openai", "chat", "completions", "responses", "models",
     "messages", "", ".", "..", "gemini-2.5-flash:generateContent", "x"]
)  # fmt: skip
typed_urls = st.builds(
    lambda origin, parts, query: origin + "".join("/" + p for p in parts) + query,
    ORIGINS,
    st.lists(_segment, max_size=5),
    st.sampled_from(["", "?", "?x=1", "?key=k", "?alt=sse"]),
)


@settings(max_examples=200, deadline=None)
@given(url=typed_urls, profile=clients(), table=route_tables(mounted=False))
@example(url=H + "/v1/chat/completions", profile=client("codex"), table=route_table("antigravity"))
@example(url=H + "/v1beta/..", profile=client("gemini-cli"), table=route_table("antigravity"))
@example(url=H + "//", profile=client("claude-code"), table=route_table("new-api"))
def test_any_correction_is_ok_and_final(
    url: str, profile: ClientProfile, table: RouteTable
) -> None:
    d = diagnose(url, profile, routes=table)
    if d.ok:
        assert d.corrected_base_url is None
        return
    if d.corrected_base_url is None:
        return  # no Base URL works: the suggestions say what does (tested elsewhere)
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
