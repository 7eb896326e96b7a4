"""Route tables as plain data: mappings, JSON and TOML, with errors that point at the entry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agroutes import (
    InvalidRoutePattern,
    InvalidRouteTable,
    ProblemKind,
    diagnose,
    diagnose_path,
    route_table,
)
from agroutes._tabledata import (
    load_route_table,
    table_from_data,
    table_from_json,
    table_from_toml,
    table_to_data,
)
from agroutes.profiles import Protocol
from tests.conftest import H

CHAT = {"methods": ["POST"], "pattern": "/v1/chat/completions", "protocol": "openai"}
MODELS = {
    "methods": "GET",
    "pattern": "/v1/models",
    "protocols": ["openai", "anthropic"],
    "operation": "list-models",
    "source": "router.go:12",
}
RESPONSES = {"methods": ["POST"], "pattern": "/v1/responses", "protocol": "openai"}
MY_PROXY = {"id": "my-proxy", "title": "My proxy", "routes": [CHAT, MODELS, RESPONSES]}

TOML = """
id = "my-proxy"
title = "My proxy"
router = "gin"
source = "my-proxy/router.go"

[[routes]]
methods = ["POST"]
pattern = "/v1/chat/completions"
protocol = "openai"
operation = "chat-completions"

[[routes]]
methods = "GET"
pattern = "/v1/models"
protocols = ["openai", "anthropic"]
"""


def test_a_list_of_mappings_is_a_table() -> None:
    table = table_from_data([CHAT, MODELS], id="mine")
    assert table.id == "mine"
    assert table.match("POST", "/v1/chat/completions").ok
    route = table.match("GET", "/v1/models").route
    assert route is not None
    assert route.protocols == frozenset({Protocol.OPENAI, Protocol.ANTHROPIC})
    assert route.operation == "list-models"
    assert route.source == "router.go:12"
    assert table.match("GET", "/v1/chat/completions").status == 405  # axum by default


def test_a_users_table_goes_through_the_same_api() -> None:
    table = table_from_data(MY_PROXY)
    d = diagnose(H, "openai-python", routes=table)
    assert d.kinds == {ProblemKind.MISSING_PREFIX}
    assert str(d.corrected_base_url) == f"{H}/v1"
    assert diagnose_path("POST", "/v1/v1/chat/completions", routes=table).rewrite == (
        "/v1/chat/completions"
    )


def test_router_options() -> None:
    gin = table_from_data({"router": "gin", "routes": [CHAT]})
    assert (gin.method_first, gin.method_not_allowed, gin.redirect_trailing_slash) == (
        True,
        False,
        True,
    )
    assert gin.match("GET", "/v1/chat/completions").status == 404
    assert gin.match("POST", "/v1/chat/completions/").redirect == "/v1/chat/completions"
    custom = table_from_data({"router": "gin", "method_not_allowed": True, "routes": [CHAT]})
    assert custom.match("GET", "/v1/chat/completions").status == 405
    axum = table_from_data({"routes": [CHAT]})
    assert axum.match("POST", "/v1/chat/completions/").redirect is None


def test_mounted_table_keeps_its_prefix_in_diagnoses() -> None:
    """A proxy behind nginx at /ag/: corrected Base URLs keep the prefix."""
    table = table_from_data({**MY_PROXY, "mount_prefix": "/ag/"})
    assert table.mount_prefix == "/ag"
    assert table.match("POST", "/ag/v1/chat/completions").ok
    d = diagnose(f"{H}/v1", "openai-python", routes=table)
    assert str(d.corrected_base_url) == f"{H}/ag/v1"
    pd = diagnose_path("POST", "/v1/chat/completions", routes=table, origin=H)
    assert next(str(s.corrected_base_url) for s in pd.senders) == f"{H}/ag/v1"


def test_json_and_toml() -> None:
    from_json = table_from_json(json.dumps(MY_PROXY))
    assert len(from_json) == 3
    from_toml = table_from_toml(TOML)
    assert from_toml.id == "my-proxy"
    assert from_toml.source == "my-proxy/router.go"
    assert from_toml.method_first
    assert from_toml.match("GET", "/v1/models").ok


def test_load_route_table_by_suffix(tmp_path: Path) -> None:
    (tmp_path / "mine.json").write_text(json.dumps([CHAT]), encoding="utf-8")
    (tmp_path / "proxy.toml").write_text(TOML, encoding="utf-8")
    (tmp_path / "routes.yaml").write_text("routes: []", encoding="utf-8")
    assert load_route_table(tmp_path / "mine.json").id == "mine"  # id from the file name
    assert load_route_table(str(tmp_path / "proxy.toml")).id == "my-proxy"
    with pytest.raises(InvalidRouteTable, match=r"\.json or \.toml"):
        load_route_table(tmp_path / "routes.yaml")
    with pytest.raises(FileNotFoundError):
        load_route_table(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_bytes(b"\xff\xfe")
    with pytest.raises(InvalidRouteTable, match="UTF-8"):
        load_route_table(tmp_path / "bad.json")


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        pytest.param("POST /v1/x", "a route is a mapping", id="not-a-mapping"),
        pytest.param({"methods": ["GET"], "patern": "/x"}, "unknown key 'patern'", id="typo"),
        pytest.param({"methods": ["GET"]}, "'pattern' must be a string", id="no-pattern"),
        pytest.param({"methods": ["GET"], "pattern": 7}, "'pattern' must be a string", id="int"),
        pytest.param({"pattern": "/x"}, "'methods' must be a list", id="no-methods"),
        pytest.param({"methods": [], "pattern": "/x"}, "'methods' is empty", id="no-method"),
        pytest.param({"methods": [1], "pattern": "/x"}, "'methods' must be a list", id="int-m"),
        pytest.param({"methods": ["G E T"], "pattern": "/x"}, "bad method", id="bad-method"),
        pytest.param(
            {"methods": ["GET"], "pattern": "/x", "protocol": "grpc"},
            "unknown protocol 'grpc'",
            id="bad-protocol",
        ),
        pytest.param(
            {"methods": ["GET"], "pattern": "/x", "protocol": "openai", "protocols": []},
            "not both",
            id="protocol-and-protocols",
        ),
        pytest.param(
            {"methods": ["GET"], "pattern": "/x", "protocols": "openai"},
            "'protocols' must be a list",
            id="protocols-not-list",
        ),
        pytest.param(
            {"methods": ["GET"], "pattern": "/x", "operation": ""},
            "'operation' must be a non-empty string",
            id="empty-operation",
        ),
        pytest.param(
            {"methods": ["GET"], "pattern": "/x", "source": 12},
            "'source' must be a string",
            id="source-not-str",
        ),
        pytest.param({"methods": ["GET"], "pattern": "/v1/{model"}, "/v1/{model", id="pattern"),
    ],
)
def test_bad_entries_are_pointed_at(entry: object, message: str) -> None:
    with pytest.raises(InvalidRouteTable) as info:
        table_from_data([CHAT, MODELS, entry])
    assert info.value.entry == 2
    assert message in str(info.value)
    assert "entry 2" in str(info.value)


def test_a_bad_pattern_keeps_its_position() -> None:
    with pytest.raises(InvalidRouteTable) as info:
        table_from_data([{"methods": ["GET"], "pattern": "/v1/{model"}])
    cause = info.value.__cause__
    assert isinstance(cause, InvalidRoutePattern)
    assert cause.position == 4
    assert "^" in str(info.value)


def test_conflicts_name_both_entries() -> None:
    """As matchit's InsertError::Conflict: the new route and the one it collides with."""
    with pytest.raises(InvalidRouteTable) as info:
        table_from_data(
            [
                {"methods": ["POST"], "pattern": "/v1beta/models/{model}"},
                CHAT,
                {"methods": "GET|POST", "pattern": "/v1beta/models/{name}"},
            ]
        )
    assert info.value.entry == 2
    text = str(info.value)
    assert "entry 2" in text
    assert "entry 0 (POST /v1beta/models/{model})" in text
    with pytest.raises(InvalidRouteTable, match="entry 1"):
        table_from_data(
            [{"methods": "*", "pattern": "/mcp"}, {"methods": "GET", "pattern": "/mcp"}]
        )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param("routes", "a mapping with 'routes' or a list", id="a-string"),
        pytest.param(42, "a mapping with 'routes' or a list", id="a-number"),
        pytest.param({"rutes": []}, "unknown key 'rutes'", id="typo"),
        pytest.param({"id": "x"}, "no 'routes' list", id="no-routes"),
        pytest.param({"routes": {"a": 1}}, "'routes' must be a list", id="routes-mapping"),
        pytest.param({"router": "express", "routes": []}, "unknown router", id="router"),
        pytest.param(
            {"method_first": "yes", "routes": []}, "'method_first' must be true", id="option"
        ),
        pytest.param({"id": 3, "routes": []}, "'id' must be a string", id="id"),
        pytest.param({"mount_prefix": "ag", "routes": []}, "'mount_prefix'", id="mount"),
        pytest.param({"mount_prefix": 1, "routes": []}, "'mount_prefix' must be", id="mount-int"),
        pytest.param({"source": 1, "routes": []}, "'source' must be", id="source"),
        pytest.param({"source": {"files": "a.go"}, "routes": []}, "'files'", id="source-files"),
    ],
)
def test_bad_documents(data: object, message: str) -> None:
    with pytest.raises(InvalidRouteTable) as info:
        table_from_data(data)
    assert info.value.entry is None
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("parse", "text"),
    [
        pytest.param(table_from_json, '{"routes": [', id="json"),
        pytest.param(table_from_toml, "[[routes]\n", id="toml"),
    ],
)
def test_syntax_errors_are_typed(parse: object, text: str) -> None:
    with pytest.raises(InvalidRouteTable, match=r"not a (JSON|TOML) document"):
        parse(text)  # type: ignore[operator]


@pytest.mark.parametrize("preset", ["antigravity", "antigravity@3.3.50", "cliproxyapi", "new-api"])
def test_round_trip(preset: str) -> None:
    table = route_table(preset)
    again = table_from_data(table_to_data(table))
    assert again.routes == table.routes
    assert (again.id, again.method_first, again.method_not_allowed) == (
        table.id,
        table.method_first,
        table.method_not_allowed,
    )
    assert again.redirect_trailing_slash == table.redirect_trailing_slash
    assert again.implicit_head == table.implicit_head
