"""Clients declared as data: the format, the errors naming the bad entry, the families."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agroutes import InvalidClientProfile, ProblemKind, client, diagnose, resolve
from agroutes.profiles import (
    GENERIC_CLIENTS,
    BaseShape,
    JoinRule,
    client_from_data,
    client_from_json,
    client_from_toml,
    load_client,
)
from tests.conftest import H

MINE = {
    "id": "my-app/openai",
    "title": "My app",
    "protocol": "openai",
    "join": "strip-one-slash",
    "base_shape": "ends-in-v1",
    "settings": [{"name": "model", "default": "gpt-x", "doc": "the model"}],
    "requests": [
        {"operation": "chat-completions", "method": "post", "suffix": "/chat/completions"},
        {"operation": "list-models", "method": "GET", "suffix": "/models", "query": "limit=5"},
    ],
}


def test_a_declared_client_resolves_and_diagnoses_like_a_built_in() -> None:
    mine = client_from_data(MINE)
    assert mine.join is JoinRule.STRIP_ONE_SLASH
    assert mine.base_shape is BaseShape.V1
    assert "not verified" in mine.verified
    assert [str(r) for r in resolve(f"{H}/v1/", mine)] == [
        "POST /v1/chat/completions",
        "GET /v1/models?limit=5",
    ]
    d = diagnose(H, mine)
    assert [p.kind for p in d.problems] == [ProblemKind.MISSING_PREFIX] * 2
    assert str(d.corrected_base_url) == f"{H}/v1"


def test_json_toml_and_files_give_the_same_profile(tmp_path: Path) -> None:
    toml = """id = "my-app/openai"
title = "My app"
protocol = "openai"
join = "strip-one-slash"
base_shape = "ends-in-v1"
[[settings]]
name = "model"
default = "gpt-x"
doc = "the model"
[[requests]]
operation = "chat-completions"
method = "post"
suffix = "/chat/completions"
[[requests]]
operation = "list-models"
method = "GET"
suffix = "/models"
query = "limit=5"
"""
    from_json = client_from_json(json.dumps(MINE))
    assert client_from_toml(toml) == from_json
    (tmp_path / "mine.json").write_text(json.dumps(MINE), encoding="utf-8")
    (tmp_path / "mine.toml").write_text(toml, encoding="utf-8")
    assert load_client(tmp_path / "mine.json") == load_client(tmp_path / "mine.toml") == from_json
    assert client(from_json) is from_json  # a declared client goes wherever an id goes


def _with(**changes: object) -> dict[str, object]:
    return {**MINE, **changes}


@pytest.mark.parametrize(
    ("data", "entry", "words"),
    [
        pytest.param([], None, "a mapping, not a list", id="not-a-mapping"),
        pytest.param(_with(id="My App"), "id", "lowercase", id="bad-id"),
        pytest.param(_with(join="urljoin"), "join", "'urljoin' is not one of", id="bad-join"),
        pytest.param(_with(protocol=None), "protocol", "missing", id="no-protocol"),
        pytest.param(_with(requests=[]), "requests", "non-empty", id="no-requests"),
        pytest.param(_with(colour="red"), None, "unknown key(s) 'colour'", id="unknown-key"),
        pytest.param(
            _with(requests=[{"operation": "chat-completions", "method": "P O", "suffix": "/x"}]),
            "requests[0].method",
            "HTTP method",
            id="bad-method",
        ),
        pytest.param(
            _with(requests=[{"operation": "chat", "method": "POST", "suffix": "/x"}]),
            "requests[0].operation",
            "'chat' is not one of",
            id="bad-operation",
        ),
        pytest.param(
            _with(requests=[{"operation": "messages", "method": "POST", "suffix": "v1/x"}]),
            "requests[0].suffix",
            "starts with '/'",
            id="relative-suffix",
        ),
        pytest.param(
            _with(requests=[{"operation": "messages", "method": "POST", "suffix": "/a b"}]),
            "requests[0].suffix",
            "printable ASCII",
            id="space-in-suffix",
        ),
        pytest.param(
            _with(requests=[{"operation": "messages", "method": "POST", "suffix": "/{version}"}]),
            "requests",
            "api_version",
            id="placeholder-without-setting",
        ),
        pytest.param(
            _with(settings=[{"name": "model", "default": 3}]),
            "settings[0].default",
            "a string or null",
            id="bad-default",
        ),
    ],
)
def test_bad_entries_are_named(data: object, entry: str | None, words: str) -> None:
    with pytest.raises(InvalidClientProfile) as info:
        client_from_data(data)
    assert info.value.entry == entry
    assert words in str(info.value)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("[" * 100_000, id="deep-json"),
        pytest.param('{"id": ' + "9" * 5000 + "}", id="huge-integer"),
        pytest.param("{", id="truncated"),
        pytest.param(b"\xff\xfe", id="not-utf8"),
    ],
)
def test_hostile_documents_are_typed_errors(text: str | bytes) -> None:
    with pytest.raises(InvalidClientProfile):
        client_from_json(text)


def test_a_pasted_key_is_not_echoed() -> None:
    with pytest.raises(InvalidClientProfile) as info:
        client_from_data(_with(join="sk-abcdefghijklmnop1234"))
    assert "abcdefghijklmnop" not in str(info.value)


def test_a_file_of_another_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidClientProfile, match=r"\.json or \.toml"):
        load_client(tmp_path / "mine.yaml")


@pytest.mark.parametrize(
    ("family", "base", "sent"),
    [
        pytest.param("generic/openai-appends", "/v1/", "POST /v1/chat/completions", id="appends"),
        pytest.param("generic/adds-v1", "", "POST /v1/chat/completions", id="adds-v1"),
        pytest.param("generic/exact-url", "/v1/chat/completions", "POST /v1/chat/completions"),
        pytest.param("generic/keeps-slash", "/v1/", "POST /v1//chat/completions", id="slash"),
    ],
)
def test_the_generic_families_join_as_named(family: str, base: str, sent: str) -> None:
    assert str(resolve(H + base, family)[0]) == sent
    assert family in GENERIC_CLIENTS


def test_the_families_are_not_counted_as_senders_of_a_logged_path() -> None:
    from agroutes import diagnose_path  # noqa: PLC0415

    d = diagnose_path("POST", "/v1/chat/completions/responses")
    assert all(not s.client.id.startswith("generic/") for s in d.senders)
    # An exact-url client on a bare host is sent to the chat endpoint, not to whichever
    # route of no known operation is nearest (/v1/edits on new-api).
    fixed = diagnose(H, "generic/exact-url", routes="new-api").corrected_base_url
    assert str(fixed) == f"{H}/v1/chat/completions"
