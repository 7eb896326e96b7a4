"""The laws of DESIGN.md as properties, over every built-in client, table and mount prefix."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import example, given, settings
from hypothesis import strategies as st

from agroutes import ClientProfile, RouteTable, client, diagnose, route_table
from agroutes.profiles import BUILTIN_CLIENTS
from agroutes.strategies import route_tables

HOST = "http://127.0.0.1:8045"
TABLES = ("antigravity@4.5.8", "antigravity@3.3.50")


def _working(profile: ClientProfile) -> ClientProfile:
    """The client in a configuration that can work on Antigravity (google-genai's default
    API version v1 cannot: that is what its diagnosis says, tested elsewhere)."""
    if profile.id == "google-genai":
        return profile.with_settings(api_version="v1beta")
    return profile


PROFILES = tuple(_working(p) for p in BUILTIN_CLIENTS.values())

# Mounted and bare tables, from the strategies shipped to users: mount segments never look
# like a version or an endpoint word, so a mounted table means what the bare one does.
tables = route_tables(presets=TABLES)


def _recommended(profile: ClientProfile, mount: str) -> str:
    return HOST + mount + profile.base_shape.prefix


def _other_version(prefix: str) -> str:
    return "/v1beta" if prefix != "/v1beta" else "/v1"


MISTAKES: dict[str, Callable[[ClientProfile, str], str]] = {
    "duplicated-prefix": lambda p, good: good + (p.base_shape.prefix or "/v1"),
    "stacked-path": lambda p, good: good + "/chat/completions",
    "missing-prefix": lambda p, good: good.removesuffix(p.base_shape.prefix),
    "extra-slash": lambda p, good: good + "//",
    "doubled-slash": lambda p, good: HOST + "/" + (good.removeprefix(HOST) or "/"),
    "query-in-base": lambda p, good: good + "?x=1",
    "wrong-version": lambda p, good: (
        good.removesuffix(p.base_shape.prefix) + _other_version(p.base_shape.prefix)
    ),
    "userinfo": lambda p, good: good.replace("http://", "http://user:pw@", 1),
}


@settings(max_examples=60, deadline=None)
@given(profile=st.sampled_from(PROFILES), table=tables)
@example(profile=client("openai-python"), table=route_table(TABLES[0]))
@example(profile=client("claude-code"), table=route_table(TABLES[0]))
@example(profile=client("gemini-cli"), table=route_table(TABLES[1]).mount("/ag"))
def test_recommended_base_is_ok(profile: ClientProfile, table: RouteTable) -> None:
    d = diagnose(_recommended(profile, table.mount_prefix), profile, routes=table)
    assert d.ok, str(d)


@settings(max_examples=200, deadline=None)
@given(
    profile=st.sampled_from(PROFILES),
    table=tables,
    mistake=st.sampled_from(sorted(MISTAKES)),
)
@example(profile=client("openai-python"), table=route_table(TABLES[0]), mistake="missing-prefix")
@example(profile=client("claude-code"), table=route_table(TABLES[0]), mistake="duplicated-prefix")
@example(profile=client("kilo-code/openai"), table=route_table(TABLES[1]), mistake="stacked-path")
def test_mistakes_are_corrected_and_correction_is_stable(
    profile: ClientProfile, table: RouteTable, mistake: str
) -> None:
    mount = table.mount_prefix
    good = _recommended(profile, mount)
    bad = MISTAKES[mistake](profile, good)
    d = diagnose(bad, profile, routes=table)
    if mistake in ("duplicated-prefix", "stacked-path"):
        assert not d.ok, str(d)
    if d.ok:
        return  # a harmless slip for this client (openai-node lifts a query out cleanly)
    assert d.corrected_base_url is not None, str(d)
    fixed = diagnose(d.corrected_base_url, profile, routes=table)
    assert fixed.ok, str(fixed)
    assert fixed.corrected_base_url is None  # correcting twice changes nothing
    assert d.corrected_base_url.path.startswith(mount or "/")
    # The corrected requests land on the routes the recommended Base URL reaches.
    want = [c.match.route for c in diagnose(good, profile, routes=table).requests if c.match]
    got = [c.match.route for c in fixed.requests if c.match]
    assert got == want
