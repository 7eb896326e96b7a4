"""The hot paths build results positionally (agroutes._construct): every field must land in
its own slot, equal to what the dataclass constructor builds keyword by keyword."""

from __future__ import annotations

import dataclasses

import pytest
from yarl import URL

from agroutes import (
    BaseURL,
    ProblemKind,
    Request,
    SuggestionKind,
    client,
    diagnose,
    parse_base_url,
    resolve,
    route_table,
)
from agroutes._clients import Operation, Protocol
from agroutes._construct import positional
from agroutes._diagnosis import CheckedRequest, Diagnosis
from agroutes._routes import Match
from tests.conftest import H


def test_parse_fills_every_field_of_the_base_url() -> None:
    got = parse_base_url("https://user:pw@Example.COM:8443/v1?x=1")
    assert got == BaseURL(
        text="https://user:pw@Example.COM:8443/v1?x=1",
        scheme="https",
        userinfo="user:pw",
        host="example.com",
        port=8443,
        path="/v1",
        query="x=1",
    )


def test_resolve_fills_every_field_of_the_request() -> None:
    (got, *_rest) = resolve(f"{H}/v1", "openai-python")
    assert got == Request(
        client="openai-python",
        operation=Operation.CHAT_COMPLETIONS.value,
        protocol=Protocol.OPENAI,
        method="POST",
        origin=H,
        target="/v1/chat/completions",
        refused=None,
    )
    assert type(got.operation) is str  # a plain value, not the enum member


def test_match_fills_every_field_for_a_hit_a_miss_and_a_wrong_method() -> None:
    table = route_table("antigravity")
    path = "/v1beta/models/gemini-2.5-flash:generateContent"
    hit = table.match("POST", path)
    model = {"model": "gemini-2.5-flash:generateContent"}  # the proxy splits the action itself
    assert hit == Match(method="POST", path=path, route=hit.route, params=model)
    assert hit.route is not None
    assert hit.route.pattern == "/v1beta/models/{model}"
    miss = table.match("POST", "/nowhere/x")
    assert miss == Match(method="POST", path="/nowhere/x", route=None)
    assert (miss.allowed_methods, miss.method_not_allowed, miss.redirect) == (
        frozenset(),
        True,
        None,
    )
    wrong = table.match("GET", "/v1/messages")
    assert wrong == Match(
        method="GET", path="/v1/messages", route=None, allowed_methods=frozenset({"POST"})
    )
    gin = route_table("cliproxyapi")
    trailing = gin.match("POST", "/v1/chat/completions/")
    assert trailing == Match(
        method="POST",
        path="/v1/chat/completions/",
        route=None,
        method_not_allowed=False,
        redirect="/v1/chat/completions",
    )


def test_diagnosis_fills_every_field() -> None:
    d = diagnose(H, "claude-code")
    profile, table = client("claude-code"), route_table("antigravity")
    (checked,) = d.requests
    assert checked == CheckedRequest(
        request=resolve(H, profile)[0], match=checked.match, protocol_ok=True
    )
    assert checked.match is not None
    assert checked.match.route is not None
    assert d == Diagnosis(
        base_url=parse_base_url(H),
        client=profile,
        table=table,
        requests=(checked,),
        problems=(),
        corrected_base_url=None,
        suggestions=(),
    )
    refused = diagnose("http://u:p@127.0.0.1:8045/v1", "openai-node").requests[0]
    assert (refused.match, refused.protocol_ok) == (None, False)


def test_positional_takes_every_field_in_order_and_refuses_other_classes() -> None:
    new = positional(Request)
    names = [f.name for f in dataclasses.fields(Request)]
    built = new(*names)  # each field holds its own name
    assert [getattr(built, n) for n in names] == names
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.target = "x"  # type: ignore[misc]

    class Plain:
        pass

    with pytest.raises(TypeError, match="not a slotted dataclass"):
        positional(Plain)


def test_a_broken_diagnosis_fills_every_field() -> None:
    d = diagnose(f"{H}/v1", "claude-code")
    assert d.corrected_base_url == URL(H)
    (suggestion,) = d.suggestions
    assert suggestion.kind is SuggestionKind.BASE_URL
    assert suggestion.base_url == d.corrected_base_url
    (problem,) = d.problems
    assert problem.kind is ProblemKind.DUPLICATED_PREFIX
    assert problem.request is d.requests[0].request
    assert problem.template == ""
    assert dict(problem.fields)["client"] == "claude-code"
    assert dict(problem.fields)["base_path"] == "/v1"
    none_works = diagnose(H, "google-genai")
    assert none_works.corrected_base_url is None
    assert [s.kind for s in none_works.suggestions] == [SuggestionKind.SETTING]
    assert none_works.suggestions[0].settings == (("api_version", "v1beta"),)


def test_a_plan_fills_every_field() -> None:
    profile = client("gemini-cli")
    stream = profile.plan[-1]
    assert stream.spec is profile.requests[-1]
    assert stream.query == "alt=sse"
    assert stream.suffix.startswith("/v1beta/models/")
    assert stream.segments == tuple(stream.suffix.split("/")[1:])
    assert stream.plain is not None
    assert stream.plain[0]("/x/") + stream.plain[1] == "/x" + stream.suffix + "?alt=sse"
