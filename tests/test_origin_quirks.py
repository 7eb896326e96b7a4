"""Issue 13, items 3 and 4: each table's own origin, and a proxy's answers to unknown paths.

Every answer is written out: the explanations are the product.
"""

from __future__ import annotations

import json

import pytest

from agroutes import InvalidRouteTable, diagnose_path, route_table, triage
from agroutes.tables import RouteTable, TableQuirks, table_from_data, table_to_data

CHAT = {
    "methods": "POST",
    "pattern": "/v1/chat/completions",
    "protocol": "openai",
    "operation": "chat-completions",
}
MODELS = {
    "methods": "GET",
    "pattern": "/v1/models",
    "protocol": "openai",
    "operation": "list-models",
}
#: LM Studio-like: every path it does not route answers 200 with an HTML page.
ANSWERS_200 = table_from_data(
    {
        "id": "answers-200",
        "quirks": {"unknown_status": 200, "unknown_body": "html", "note": "an SPA for every path"},
        "routes": [CHAT, MODELS],
    }
)


# --- item 3: origins ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "origin"),
    [
        ("antigravity", "http://127.0.0.1:8045"),  # ProxyConfig::default(), config.rs:688
        ("antigravity@3.3.50", "http://127.0.0.1:8045"),
        ("antigravity@4.0.0", "http://127.0.0.1:8045"),
        ("cliproxyapi", "http://127.0.0.1:8317"),  # config.example.yaml `port: 8317`
        ("cliproxyapi@5.0.0", "http://127.0.0.1:8317"),
        ("new-api", "http://127.0.0.1:3000"),  # common/init.go flag.Int("port", 3000, ...)
    ],
)
def test_presets_know_their_origin(table: str, origin: str) -> None:
    assert route_table(table).origin == origin
    assert route_table(table).mount("/ag").origin == origin


def test_cliproxyapi_explanation_shows_8317() -> None:
    d = diagnose_path("POST", "/v1/v1/chat/completions", routes="cliproxyapi")
    assert d.origin == "http://127.0.0.1:8317"
    assert (
        "    openai-python with Base URL http://127.0.0.1:8317/v1/v1: "
        "Use this Base URL instead: http://127.0.0.1:8317/v1"
    ) in str(d).splitlines()
    assert "8045" not in str(d)


def test_a_table_without_origin_speaks_of_the_path_alone() -> None:
    table = table_from_data([CHAT, MODELS])
    assert table.origin is None
    d = diagnose_path("POST", "/v1/v1/chat/completions", routes=table)
    assert d.origin is None
    assert str(d).splitlines()[3:6] == [
        "  sent by:",
        "    openai-python with Base URL <origin>/v1/v1: Use this Base URL instead: <origin>/v1"
        " (for its chat-completions call; its other calls have no route here)",
        "    openai-node with Base URL <origin>/v1/v1: Use this Base URL instead: <origin>/v1"
        " (for its chat-completions call; its other calls have no route here)",
    ]
    doc = json.dumps(d.to_mapping(), ensure_ascii=False)
    for shown in (
        str(d),
        d.explain("zh"),
        doc,
        str(triage(404, "/v1/v1/chat/completions", routes=table)),
    ):
        assert "127.0.0.1:8045" not in shown
        assert "origin.invalid" not in shown
    data = d.to_mapping()
    assert data["origin"] is None
    senders = data["senders"]
    assert isinstance(senders, list)
    assert senders[0]["base_url"] == "<origin>/v1/v1"
    assert senders[0]["corrected_base_url"] == "<origin>/v1"


def test_the_callers_origin_and_a_full_url_win_over_the_tables() -> None:
    d = diagnose_path("POST", "/v1/v1/chat/completions", routes="cliproxyapi", origin="http://h:1")
    assert (d.origin, str(d.senders[0].corrected_base_url)) == ("http://h:1", "http://h:1/v1")
    d = diagnose_path("POST", "https://p.example/v1/v1/chat/completions", routes="cliproxyapi")
    assert (d.origin, str(d.senders[0].corrected_base_url)) == (
        "https://p.example",
        "https://p.example/v1",
    )


def test_origin_is_checked_and_kept_by_the_document() -> None:
    table = table_from_data({"origin": "http://LOCALHOST:4000/", "routes": [CHAT]})
    assert table.origin == "http://localhost:4000"
    assert table_to_data(table)["origin"] == "http://localhost:4000"
    assert table_from_data(table_to_data(table)).origin == "http://localhost:4000"
    assert "origin" not in table_to_data(table_from_data([CHAT]))
    for bad, says in [
        ("http://h:4000/v1", "no path, query or user name"),
        ("http://h?x=1", "no path, query or user name"),
        ("http://me:sk-secret0123456789@h", "no path, query or user name"),
        ("localhost:4000", "scheme: missing"),
        (4000, "must be a string"),
    ]:
        with pytest.raises(InvalidRouteTable, match=says) as caught:
            table_from_data({"origin": bad, "routes": [CHAT]})
        assert "0123456789" not in str(caught.value)
    with pytest.raises(InvalidRouteTable, match="no path"):
        RouteTable([], origin="http://h/v1")


# --- item 4: quirks and statuses that lie ---------------------------------------------------


def test_quirks_are_data_on_the_table() -> None:
    assert ANSWERS_200.quirks == TableQuirks(
        unknown_status=200, unknown_body="html", note="an SPA for every path"
    )
    assert table_to_data(ANSWERS_200)["quirks"] == {
        "unknown_status": 200,
        "unknown_body": "html",
        "note": "an SPA for every path",
    }
    assert table_from_data(table_to_data(ANSWERS_200)).quirks == ANSWERS_200.quirks
    assert ANSWERS_200.mount("/x").quirks == ANSWERS_200.quirks
    assert route_table("antigravity").quirks is not None
    assert route_table("antigravity").quirks.answer("GET") == (200, "html")  # type: ignore[union-attr]
    assert route_table("antigravity").quirks.answer("POST") == (405, "empty")  # type: ignore[union-attr]
    assert route_table("antigravity@3.3.50").quirks == TableQuirks()  # no fallback
    assert route_table("cliproxyapi").quirks == TableQuirks()  # no NoRoute handler
    for bad, says in [
        ({"unknown_status": 99}, "from 100 to 599"),
        ({"unknown_status": True}, "a status such as 200"),
        ({"unknown_body": "xml"}, "one of 'empty', 'json', 'html', 'text'"),
        ({"status": 200}, "unknown key 'status'"),
        ([200], "must be a mapping"),
    ]:
        with pytest.raises(InvalidRouteTable, match=says):
            table_from_data({"quirks": bad, "routes": [CHAT]})


def test_a_200_for_an_unrouted_path_is_the_fallbacks() -> None:
    t = triage(200, "/v1/v1/chat/completions", body="<html>", routes=ANSWERS_200)
    assert t.kind.value == "web-ui-fallback"
    assert t.path_diagnosis is not None
    assert t.path_diagnosis.kind is not None
    assert t.path_diagnosis.kind.value == "duplicated-prefix"
    assert str(t).splitlines()[:2] == [
        "200 POST /v1/v1/chat/completions on answers-200: answers-200 has no route for this "
        "request; its fallback answers such paths with 200 itself (an SPA for every path), so "
        "this is not an API answer. The path is wrong:",
        "  POST /v1/v1/chat/completions on answers-200: 404 Not Found (no route); the proxy's "
        "fallback may answer 200 instead (an SPA for every path)",
    ]
    zh = t.explain("zh").splitlines()[0]
    assert zh.startswith("200 POST /v1/v1/chat/completions on answers-200: answers-200 没有")
    assert "回 200 (an SPA for every path)" in zh


def test_a_200_for_a_routed_path_is_routed() -> None:
    t = triage(200, "/v1/chat/completions", body='{"id": "x"}', routes=ANSWERS_200)
    assert (t.kind.value, t.path_diagnosis) == ("routed", None)


def test_an_unrouted_path_is_said_so_whatever_the_status() -> None:
    # A JSON 200 does not fit the declared quirk (an HTML page): not the proxy's API at all.
    t = triage(200, "/v1/v1/chat/completions", body='{"ok": true}', routes=ANSWERS_200)
    assert t.kind.value == "not-routed"
    assert str(t).splitlines()[0] == (
        "200 POST /v1/v1/chat/completions on answers-200: answers-200 has no route for this "
        "request, whatever the status says: the answer did not come from an API route of "
        "answers-200 (a server that answers 200 to any path, a web page served for every "
        "path, another program on this port, or another version of the proxy). The path is "
        "wrong:"
    )
    for status in (200, 201, 400, 422, 500):
        t = triage(status, "/v1/v1/chat/completions", body='{"a": 1}', routes="cliproxyapi")
        assert t.kind.value == "not-routed", status
        assert t.path_diagnosis is not None
    # CLIProxyAPI declares no fallback: a 405 for an unknown path is not its router's.
    assert triage(405, "/v1/v1/chat/completions", routes="cliproxyapi").kind.value == "not-routed"


def test_antigravity_fallback_explained_by_its_quirks() -> None:
    t = triage(200, "/v1beta/v1beta/models", method="GET", body="<html>", routes="antigravity")
    assert t.kind.value == "web-ui-fallback"
    assert "answers an unknown GET or HEAD with 200 and the web UI's index.html" in str(t)
    t = triage(405, "/v1/v1/chat/completions", routes="antigravity")
    assert t.kind.value == "web-ui-fallback"
    assert "every other method with 405, as tower-http's ServeDir does" in str(t)
    # 3.3.50 had no fallback: a 200 for an unknown path there is not the proxy's.
    t = triage(200, "/v1/v1/chat/completions", body="<html>", routes="antigravity@3.3.50")
    assert t.kind.value == "not-routed"
