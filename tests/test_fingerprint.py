"""The fingerprint, without a server: each built-in table, answering as its own predictions
say, is named by the adaptive loop; a table that is none of them is a poor fit."""

from __future__ import annotations

import pytest

from agroutes import route_table
from agroutes._fingerprint import (
    UNKNOWN_PATH,
    Answer,
    Fingerprint,
    Probe,
    agrees,
    harmless,
    instantiate,
    next_probe,
    predict,
    probe_pool,
    read_answer,
    score,
)
from agroutes._probe import FINGERPRINT_REQUESTS
from agroutes.tables import BUILTIN_TABLES, Route, RouteTable, TableQuirks

TABLES = list({route_table(n).id: route_table(n) for n in BUILTIN_TABLES}.values())


def _answer(table: RouteTable, p: Probe) -> Answer:
    # A proxy answers one thing: its router's own 404 where a fallback may also answer.
    expected = predict(table, p.method, p.path)
    return Answer.NOT_FOUND if Answer.NOT_FOUND in expected else min(expected)


def _run(truth: RouteTable) -> Fingerprint:
    seen = [(Probe("GET", UNKNOWN_PATH), _answer(truth, Probe("GET", UNKNOWN_PATH)))]
    pool = probe_pool(TABLES)
    for _ in range(FINGERPRINT_REQUESTS + 2):
        p = next_probe(TABLES, seen, pool)
        if p is None:
            break
        seen.append((p, _answer(truth, p)))
    return score(TABLES, seen)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.id)
def test_each_builtin_table_answering_as_predicted_is_named(table: RouteTable) -> None:
    fp = _run(table)
    assert table.id in fp.best
    assert fp.confidence == 1.0
    assert fp.known


_RESPONSES = (
    Route(pattern="/v1/responses", methods=frozenset({"POST"}), operation="responses"),
    Route(pattern="/responses", methods=frozenset({"POST"}), operation="responses"),
)


@pytest.mark.parametrize("extra", [(), _RESPONSES], ids=["subset-of-copilot-api", "litellm-like"])
def test_a_proxy_that_is_none_of_them_is_a_poor_fit(extra: tuple[Route, ...]) -> None:
    # LiteLLM-like: /chat/completions and /v1/... but no /healthz, no /v1beta, no /v1/messages.
    # Without the Responses routes these four are a few of copilot-api's: passing for it on
    # the routes every proxy has, the proxy is asked two that copilot-api has and most lack.
    other = RouteTable(
        [
            Route(
                pattern="/chat/completions",
                methods=frozenset({"POST"}),
                operation="chat-completions",
            ),
            Route(
                pattern="/v1/chat/completions",
                methods=frozenset({"POST"}),
                operation="chat-completions",
            ),
            Route(pattern="/v1/models", methods=frozenset({"GET"}), operation="list-models"),
            Route(pattern="/models", methods=frozenset({"GET"}), operation="list-models"),
            *extra,
        ],
        id="other",
        quirks=TableQuirks(),
    )
    fp = _run(other)
    assert not fp.known, fp


def test_only_get_on_lists_and_health_and_post_on_api_calls_are_planned() -> None:
    for table in TABLES:
        for route in table.routes:
            for p in harmless(route):
                assert (p.method, route.operation) in {
                    ("GET", "list-models"),
                    ("GET", "health"),
                } or (p.method == "POST" and route.operation != "other")
                assert "admin" not in route.operation


def test_reading_answers_without_a_table() -> None:
    assert read_answer(None) is Answer.NO_ANSWER
    assert read_answer(401) is Answer.AUTH
    assert (
        read_answer(404, '{"error": "model x not found"}', "application/json") is Answer.NOT_FOUND
    )
    assert (
        read_answer(404, '{"error": "x"}', "application/json", dynamic=True)
        is Answer.NOT_FOUND_BODY
    )
    assert (
        read_answer(404, '{"detail":"Not Found"}', "application/json", dynamic=True)
        is Answer.NOT_FOUND
    )
    assert read_answer(200, "<!doctype html>", "text/html") is Answer.FALLBACK
    assert read_answer(422, "{}", "application/json") is Answer.ROUTED
    assert read_answer(307) is Answer.REDIRECT
    assert agrees(frozenset({Answer.ROUTED}), Answer.NOT_FOUND_BODY)
    assert not agrees(frozenset({Answer.ROUTED}), Answer.NOT_FOUND)


def test_instantiate_fills_parameters_and_skips_catch_alls() -> None:
    route = Route(pattern="/v1beta/models/{model}:generateContent", methods=frozenset({"POST"}))
    assert instantiate(route) == "/v1beta/models/agroutes-probe:generateContent"
    assert instantiate(Route(pattern="/files/{*rest}", methods=frozenset({"GET"}))) is None
