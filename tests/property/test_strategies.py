"""The strategies in agroutes.strategies: their arguments, their promises, their shrinking."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from agroutes import (
    ClientProfile,
    Diagnosis,
    ProblemKind,
    RouteTable,
    client,
    diagnose,
    route_table,
)
from agroutes._hypothesis_plugin import _hypothesis_setup_hook
from agroutes.profiles import Protocol
from agroutes.strategies import (
    MISTAKES,
    base_urls,
    clients,
    diagnoses,
    request_paths,
    route_tables,
)
from agroutes.tables import BUILTIN_TABLES

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


# --- importing agroutes never imports Hypothesis ----------------------------------------------


@pytest.mark.parametrize("module", ["agroutes", "agroutes.__main__"])
def test_importing_agroutes_does_not_import_hypothesis(module: str) -> None:
    code = f"import sys, {module}; sys.exit('hypothesis' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


# --- argument validation --------------------------------------------------------------------


@pytest.mark.parametrize(
    "build",
    [
        pytest.param(lambda: base_urls(client="no-such-client"), id="unknown-client"),
        pytest.param(lambda: base_urls(client=42), id="client-not-str"),  # type: ignore[arg-type]
        pytest.param(lambda: base_urls(client="codex", routes="nope"), id="unknown-table"),
        pytest.param(lambda: base_urls(client="codex", routes=3), id="table-not-str"),  # type: ignore[arg-type]
        pytest.param(lambda: base_urls(client="codex", valid="yes"), id="valid-not-bool"),  # type: ignore[arg-type]
        pytest.param(lambda: base_urls(client="codex", mistakes=["x"]), id="mistakes-need-invalid"),
        pytest.param(
            lambda: base_urls(client="codex", valid=False, mistakes=["typo"]), id="unknown-mistake"
        ),
        pytest.param(
            lambda: base_urls(client="codex", valid=False, mistakes="extra-slash"),
            id="mistakes-a-str",
        ),
        pytest.param(lambda: base_urls(client="codex", valid=False, mistakes=[]), id="no-mistakes"),
        pytest.param(lambda: base_urls(client="google-genai"), id="client-that-cannot-work"),
        pytest.param(
            lambda: base_urls(client="claude-code", valid=False, mistakes=["extra-slash"]),
            id="only-harmless-mistakes",  # Bun collapses the slashes
        ),
        pytest.param(lambda: clients(protocols=["smtp"]), id="unknown-protocol"),
        pytest.param(lambda: clients(protocols="openai"), id="protocols-a-str"),
        pytest.param(lambda: clients(protocols=[]), id="no-protocols"),
        pytest.param(lambda: clients(usable_on="nope"), id="usable-on-unknown"),
        pytest.param(lambda: route_tables(presets=["nope"]), id="unknown-preset"),
        pytest.param(lambda: route_tables(presets="antigravity"), id="presets-a-str"),
        pytest.param(lambda: route_tables(presets=[]), id="no-presets"),
        pytest.param(lambda: route_tables(mounted=1), id="mounted-not-bool"),  # type: ignore[arg-type]
        pytest.param(lambda: request_paths(routes="nope"), id="paths-unknown-table"),
        pytest.param(lambda: request_paths(valid=None), id="paths-valid-not-bool"),  # type: ignore[arg-type]
        pytest.param(lambda: diagnoses(valid="no"), id="diagnoses-valid-not-bool"),  # type: ignore[arg-type]
        pytest.param(lambda: diagnoses(client="google-genai", routes="antigravity"), id="bad-pair"),
    ],
)
def test_bad_arguments_are_invalid_argument(build: Callable[[], Any]) -> None:
    with pytest.raises(InvalidArgument):
        build()


def test_mistakes_are_problem_kinds() -> None:
    assert {ProblemKind(m) for m in MISTAKES} >= {ProblemKind.DUPLICATED_PREFIX}
    assert base_urls(client="codex", valid=False, mistakes=[ProblemKind.STACKED_PATH]) is not None


# --- what each strategy promises -----------------------------------------------------------


@settings(max_examples=40, deadline=None)
@given(profile=clients(protocols=["gemini"]))
def test_clients_keep_to_their_protocols(profile: ClientProfile) -> None:
    assert profile.protocol is Protocol.GEMINI


@settings(max_examples=40, deadline=None)
@given(profile=clients(usable_on="antigravity"))
def test_usable_clients_have_a_working_base_url(profile: ClientProfile) -> None:
    base_urls(client=profile)  # would raise InvalidArgument otherwise
    assert profile.label() != "google-genai"  # its default API version has no route there


def test_clients_offer_the_settings_their_diagnoses_suggest() -> None:
    find(clients(), lambda p: p.label() == "google-genai(api_version='v1beta')")


@settings(max_examples=40, deadline=None)
@given(table=route_tables(presets=["antigravity@3.3.50", "new-api"]))
def test_route_tables_keep_to_their_presets(table: RouteTable) -> None:
    assert table.id.split("@mount:")[0] in ("antigravity@3.3.50", "new-api")
    assert table.mount_prefix == table.id.partition("@mount:")[2]


def test_route_tables_draw_every_preset_and_mounts() -> None:
    for table_id in {route_table(name).id for name in BUILTIN_TABLES}:
        find(route_tables(mounted=False), lambda t, i=table_id: t.id == i)  # type: ignore[misc]
    find(route_tables(presets=["antigravity@3.3.50"]), lambda t: t.mount_prefix != "")


@settings(max_examples=20, deadline=None)
@given(table=route_tables(mounted=False))
def test_unmounted_tables_are_unmounted(table: RouteTable) -> None:
    # The preset itself, served as its document says (openrouter's own /api included).
    assert table is route_table(table.id)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), table=route_tables())
def test_valid_base_urls_work(data: st.DataObject, table: RouteTable) -> None:
    profile = data.draw(clients(usable_on=table))
    url = data.draw(base_urls(client=profile, routes=table))
    assert diagnose(url, profile, routes=table).ok


@settings(max_examples=60, deadline=None)
@given(data=st.data(), table=route_tables())
def test_invalid_base_urls_fail_and_have_a_fix(data: st.DataObject, table: RouteTable) -> None:
    profile = data.draw(clients(usable_on=table))
    url = data.draw(base_urls(client=profile, routes=table, valid=False))
    d = diagnose(url, profile, routes=table)
    assert not d.ok
    assert d.corrected_base_url is not None


@settings(max_examples=30, deadline=None)
@given(url=base_urls(client="openai-python", valid=False, mistakes=["query-in-base"]))
def test_mistakes_keep_to_the_chosen_ones(url: str) -> None:
    assert "?" in url
    assert ProblemKind.QUERY_IN_BASE in diagnose(url, "openai-python").kinds


@settings(max_examples=30, deadline=None)
@given(url=base_urls(client="openai-python", valid=False, mistakes=["credentials-in-base"]))
def test_credentials_are_drawn_where_they_hurt(url: str) -> None:
    assert "@" in url
    assert ProblemKind.CREDENTIALS_IN_BASE in diagnose(url, "openai-python").kinds


def test_credentials_are_not_drawn_where_they_are_harmless() -> None:
    with pytest.raises(InvalidArgument, match="none of mistakes"):
        base_urls(client="codex", valid=False, mistakes=["credentials-in-base"])  # dropped


@settings(max_examples=60, deadline=None)
@given(data=st.data(), table=route_tables())
def test_request_paths_are_routed_or_not(data: st.DataObject, table: RouteTable) -> None:
    good = data.draw(request_paths(routes=table))
    bad = data.draw(request_paths(routes=table, valid=False))
    assert any(table.match(m, good).route is not None for m in METHODS)
    assert all(table.match(m, bad).route is None for m in METHODS)


@settings(max_examples=40, deadline=None)
@given(d=diagnoses())
def test_diagnoses_are_diagnoses_with_fixes(d: Diagnosis) -> None:
    assert isinstance(d, Diagnosis)
    assert d.ok or d.corrected_base_url is not None


@settings(max_examples=20, deadline=None)
@given(good=diagnoses(client="claude-code", valid=True), bad=diagnoses(valid=False))
def test_diagnoses_keep_to_their_arguments(good: Diagnosis, bad: Diagnosis) -> None:
    assert good.ok
    assert good.client.id == "claude-code"
    assert not bad.ok


# --- shrinking: towards the plain case --------------------------------------------------------


def test_shrinks_towards_the_plain_case() -> None:
    assert find(base_urls(client="claude-code"), lambda u: True) == "http://127.0.0.1:8045"
    assert find(clients(), lambda p: True).id == "openai-python"
    table = find(route_tables(), lambda t: True)
    assert table.mount_prefix == ""
    bad = find(base_urls(client="openai-python", valid=False), lambda u: True)
    assert bad == "http://127.0.0.1:8045/v1/v1"  # the first mistake: a doubled prefix


# --- the Hypothesis entry point -----------------------------------------------------------------


@settings(max_examples=5, deadline=None)
@given(data=st.data())
def test_setup_hook_registers_from_type(data: st.DataObject) -> None:
    _hypothesis_setup_hook()
    assert isinstance(data.draw(st.from_type(Diagnosis)), Diagnosis)
    assert isinstance(data.draw(st.from_type(ClientProfile)), ClientProfile)
    assert isinstance(data.draw(st.from_type(RouteTable)), RouteTable)


def test_entry_point_when_installed() -> None:
    points = importlib.metadata.entry_points(group="hypothesis")
    assert "agroutes._hypothesis_plugin:_hypothesis_setup_hook" in {p.value for p in points}
    code = (
        "from hypothesis import find, strategies as st; from agroutes import Diagnosis; "
        "find(st.from_type(Diagnosis), lambda d: True)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_strategies_can_be_imported_before_hypothesis() -> None:
    # Importing agroutes.strategies imports hypothesis, which runs its entry points, which
    # must not need the half-imported agroutes.strategies (a circular import once).
    code = (
        "import agroutes.strategies as s; from hypothesis import find; "
        "find(s.clients(), lambda c: True)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_base_urls_accept_a_profile() -> None:
    profile = client("google-genai", api_version="v1beta")
    url = find(base_urls(client=profile), lambda u: True)
    assert diagnose(url, profile).ok
