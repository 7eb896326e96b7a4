"""A fallback with exceptions: ``TableQuirks.router_prefixes``.

one-api, new-api and sub2api serve their web UI to every path no route takes, except under
a few prefixes (``/v1``, ``/api``...), where the router's own JSON 404 answers; LM Studio
answers 200 to every unknown path. What the proxy answers to a path is then the fallback's
status or the router's, by the path: the path diagnosis says which, the triage reads an
answer by it, and the probe predicts it.
"""

from __future__ import annotations

import json

import pytest

from agroutes import InvalidRouteTable, diagnose_path, triage
from agroutes._fingerprint import Answer, predict
from agroutes.tables import Route, RouteTable, TableQuirks, route_table, table_from_json

CHAT = Route(pattern="/v1/chat/completions", methods=frozenset({"POST"}))


def _table(**quirks: object) -> RouteTable:
    return RouteTable([CHAT], id="t", quirks=TableQuirks(**quirks))  # type: ignore[arg-type]


def test_a_prefix_is_a_string_prefix_of_the_path() -> None:
    quirks = TableQuirks(unknown_status=200, unknown_body="html", router_prefixes=("/v1", "/api"))
    assert quirks.answer("POST", "/v1/v1/chat/completions") == (None, None)
    assert quirks.answer("POST", "/v1beta/models") == (None, None)  # strings.HasPrefix
    assert quirks.answer("GET", "/api/status") == (None, None)
    assert quirks.answer("POST", "/chat/completions") == (200, "html")
    assert quirks.answer("POST", "/") == (200, "html")
    assert quirks.answer("POST") == (200, "html")  # no path given: the fallback's answer


@pytest.mark.parametrize(
    ("prefixes", "shown"),
    [
        (["/v1"], "list"),
        (("v1",), "'v1'"),
        ((1,), "1"),
        (("/" + "x" * 300,), "x"),
    ],
)
def test_bad_prefixes_are_named(prefixes: object, shown: str) -> None:
    with pytest.raises(InvalidRouteTable, match="router_prefixes") as caught:
        TableQuirks(unknown_status=200, router_prefixes=prefixes)  # type: ignore[arg-type]
    assert shown in str(caught.value)


def test_the_prefixes_round_trip_through_json() -> None:
    doc = {
        "id": "ui",
        "quirks": {"unknown_status": 200, "unknown_body": "html", "router_prefixes": ["/v1"]},
        "routes": [{"methods": ["POST"], "pattern": "/v1/chat/completions"}],
    }
    table = table_from_json(json.dumps(doc))
    assert table.quirks is not None
    assert table.quirks.router_prefixes == ("/v1",)
    with pytest.raises(InvalidRouteTable, match="'router_prefixes' must be a list"):
        table_from_json(json.dumps({**doc, "quirks": {"router_prefixes": "/v1"}}))
    with pytest.raises(InvalidRouteTable, match="starting with '/'"):
        table_from_json(json.dumps({**doc, "quirks": {"router_prefixes": ["v1"]}}))


def test_the_built_in_web_ui_tables_declare_their_exceptions() -> None:
    # Read from each proxy's source by tools/gen_repo_tables.py (see the quirks' notes).
    assert route_table("one-api").quirks.router_prefixes == ("/v1", "/api")  # type: ignore[union-attr]
    assert route_table("new-api").quirks.router_prefixes == (  # type: ignore[union-attr]
        "/v1",
        "/api",
        "/assets",
    )
    assert route_table("sub2api").quirks.router_prefixes == (  # type: ignore[union-attr]
        "/api/",
        "/v1/",
        "/v1beta/",
        "/setup/",
    )


def test_the_path_diagnosis_gives_the_status_the_proxy_answers() -> None:
    # LM Studio: 200 "Unexpected endpoint or method", whatever the path.
    lm = diagnose_path("POST", "/v1/v1/chat/completions", routes="lm-studio")
    assert not lm.ok
    assert (lm.status, lm.fallback_status) == (404, 200)
    assert "404 Not Found (no route); the proxy's fallback may answer 200 instead" in str(lm)
    assert (lm.to_mapping()["status"], lm.to_mapping()["fallback_status"]) == (404, 200)
    # new-api: the JSON 404 under /v1, the web UI's 200 elsewhere.
    under = diagnose_path("POST", "/v1/v1/chat/completions", routes="new-api")
    assert (under.status, under.fallback_status) == (404, None)
    outside = diagnose_path("POST", "/chat/completions", routes="new-api")
    assert (outside.status, outside.fallback_status) == (404, 200)
    assert "兜底" in outside.explain("zh")
    # A routed path and a table without a fallback are what they were.
    assert diagnose_path("POST", "/v1/chat/completions", routes="new-api").status == 200
    plain = diagnose_path("POST", "/v2/nothing", routes="ollama")
    assert (plain.status, plain.fallback_status) == (404, None)


def test_a_wrong_method_is_the_router_answer_not_the_fallback() -> None:
    table = _table(unknown_status=200, unknown_body="html")
    d = diagnose_path("GET", "/v1/chat/completions", routes=table)
    assert (d.status, d.fallback_status) == (405, None)
    # Antigravity's fallback holds in headless mode only: the router's 404 stays the status.
    headless = diagnose_path("POST", "/v1/v1/responses", routes="antigravity")
    assert (headless.status, headless.fallback_status) == (404, 405)


def test_the_triage_reads_an_answer_by_the_path() -> None:
    html = b"<!doctype html><title>New API</title>"
    outside = triage(200, "/chat/completions", body=html, routes="new-api")
    assert outside.kind.value == "web-ui-fallback"
    # Under /v1 new-api never serves the page: a 200 page there is not its fallback's.
    under = triage(200, "/v1/v1/chat/completions", body=html, routes="new-api")
    assert under.kind.value != "web-ui-fallback"


def test_a_mounted_table_reads_the_prefixes_on_the_path_the_proxy_sees() -> None:
    # nginx serves one-api under /ag and strips it: one-api sees /v1/x, its JSON 404 zone.
    mounted = route_table("one-api").mount("/ag")
    assert mounted.fallback("POST", "/ag/v1/nothing") == (None, None)
    assert mounted.fallback("POST", "/ag/nothing") == (200, "html")
    assert (
        diagnose_path("POST", "/ag/v1/v1/chat/completions", routes=mounted).fallback_status is None
    )
    assert route_table("ollama").fallback("POST", "/x") == (None, None)  # no fallback declared


def test_the_probe_predicts_the_router_404_under_a_prefix() -> None:
    table = route_table("new-api")
    assert predict(table, "POST", "/v1/nothing-here") == frozenset({Answer.NOT_FOUND})
    assert Answer.FALLBACK in predict(table, "POST", "/nothing-here")
