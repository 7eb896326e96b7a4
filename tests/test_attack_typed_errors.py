"""Issue 18, typed errors: what the hostile documents and bodies get instead of a crash.

``tests/property/test_attack_typed.py`` holds that nothing untyped escapes; these pin what
the answer says: the entry a bad value is in, and the bounds on untrusted text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from agroutes import InvalidRequest, InvalidRouteTable, triage
from agroutes import _tabledata as tabledata
from agroutes._errors import describe
from agroutes.results import BodyShape, TriageKind
from agroutes.tables import load_route_table, table_from_data, table_from_json, table_from_toml

GOOD = '{"methods": "GET", "pattern": "/v1/models"}'
DIGITS = "1" * 5000


@pytest.mark.parametrize(
    ("text", "entry", "words"),
    [
        pytest.param("[" * 100_000, None, "nested too deeply", id="arrays"),
        pytest.param('{"routes": ' * 3000, None, "nested too deeply", id="objects"),
        pytest.param(b"[" * 3000, None, "nested too deeply", id="bytes"),
        pytest.param(DIGITS, None, "not an integer of 5000 digits", id="a-number"),
        pytest.param(
            f'[{{"methods": "GET", "pattern": {DIGITS}}}]',
            0,
            "'pattern' must be a string such as '/v1/models', not an integer of 5000 digits",
            id="pattern",
        ),
        pytest.param(
            f'[{GOOD}, {{"methods": [-{DIGITS}], "pattern": "/x"}}]',
            1,
            "'methods' must be a list of method names",
            id="methods",
        ),
        pytest.param(
            f'{{"routes": [], "method_first": {DIGITS}}}',
            None,
            "'method_first' must be true or false, not an integer of 5000 digits",
            id="option",
        ),
        pytest.param(
            '{"routes": [' + "[" * 500 + "]" * 500 + "]}",
            0,
            "a route is a mapping, not a list of 1 item",
            id="deep-entry",
        ),
    ],
)
def test_hostile_json_is_an_invalid_route_table(
    text: str | bytes, entry: int | None, words: str
) -> None:
    with pytest.raises(InvalidRouteTable) as info:
        table_from_json(text)
    assert info.value.entry == entry
    assert words in str(info.value)
    assert len(str(info.value)) < 400


_ROUTE = "[[routes]]\nmethods = 'GET'\npattern = '/x{n}'\n"


@pytest.mark.parametrize(
    ("text", "entry", "words"),
    [
        pytest.param("a = " + "[" * 3000 + "]" * 3000, None, "nested too deeply", id="arrays"),
        pytest.param("a = " + "{b = " * 3000 + "1" + "}" * 3000, None, "nested", id="tables"),
        pytest.param("a" + ".a" * 5000 + " = 1", None, "unknown key 'a'", id="dotted-key"),
        pytest.param(f"id = {DIGITS}\n", None, "line 1: an integer of 5000 digits", id="doc"),
        pytest.param(
            _ROUTE.format(n=0) + _ROUTE.format(n=1) + f"operation = {DIGITS}\n",
            1,
            "line 7: an integer of 5000 digits",
            id="second-route",
        ),
    ],
)
def test_hostile_toml_is_an_invalid_route_table(text: str, entry: int | None, words: str) -> None:
    with pytest.raises(InvalidRouteTable) as info:
        table_from_toml(text)
    assert info.value.entry == entry
    assert words in str(info.value)


def test_documents_are_bounded_in_size(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(tabledata, "MAX_DOCUMENT", 100)
    padded = "[" + GOOD + " " * 100 + "]"
    for parse in (table_from_json, table_from_toml):
        with pytest.raises(InvalidRouteTable, match="at most 100 characters"):
            parse(padded)
    file = tmp_path / "big.json"
    file.write_text(padded)
    with pytest.raises(InvalidRouteTable, match=r"big\.json: a route table document is at most"):
        load_route_table(file)


def test_hostile_files_name_the_file(tmp_path: Path) -> None:
    file = tmp_path / "deep.json"
    file.write_text("[" * 100_000)
    with pytest.raises(InvalidRouteTable, match=r"deep\.json: not a JSON document: nested"):
        load_route_table(file)
    file = tmp_path / "number.toml"
    file.write_text(_ROUTE.format(n=0) + f"source = {DIGITS}\n")
    with pytest.raises(InvalidRouteTable, match=r"number\.toml: line 4: an integer") as info:
        load_route_table(file)
    assert info.value.entry == 0


def test_a_path_no_file_can_have_is_an_os_error() -> None:
    with pytest.raises(OSError, match="null"):
        load_route_table("table\x00.json")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        pytest.param({10**5000: 1}, "unknown key an integer of about 5001 digits", id="int-key"),
        pytest.param({"routes": [], "router": [[[]]]}, "unknown router a list of 1 item", id="r"),
        pytest.param(
            [{"methods": "GET", "pattern": "/x", "protocol": [[]]}],
            "unknown protocol a list of 1 item",
            id="protocol",
        ),
    ],
)
def test_python_values_are_described_not_printed(data: object, words: str) -> None:
    with pytest.raises(InvalidRouteTable, match=words):
        table_from_data(data)


def test_keyword_overrides_and_table_to_data_check_their_types() -> None:
    with pytest.raises(TypeError, match="takes a str"):
        table_from_data([], id=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="takes a RouteTable"):
        tabledata.table_to_data("antigravity")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "body",
    [
        pytest.param("[" * 3000, id="open-arrays"),
        pytest.param("[" * 30_000 + "]" * 30_000, id="balanced"),
        pytest.param('{"error": ' * 5000 + "1" + "}" * 5000, id="objects"),
        pytest.param(b"[" * 3000, id="bytes"),
    ],
)
def test_a_deeply_nested_upstream_body_is_read_as_text(body: str | bytes) -> None:
    t = triage(404, "/v1/messages", body=body)
    assert t.body is BodyShape.TEXT
    assert t.kind is TriageKind.UPSTREAM_NOT_FOUND  # a body from a routed path
    assert t.upstream_message is not None
    assert len(t.upstream_message) < 300


def test_a_long_number_in_an_upstream_body_is_not_converted() -> None:
    body = '{"error": {"code": ' + "4" * 60_000 + ', "message": "Requested entity was not found."}}'
    t = triage(404, "/v1/messages", body=body)
    assert t.body is BodyShape.JSON
    assert t.upstream_message == "Requested entity was not found."


@pytest.mark.parametrize(
    "status",
    [10**5000, [[[]]], 99, 600, True, "404"],
    ids=["huge", "nested", "99", "600", "true", "str"],
)
def test_a_bad_status_is_an_invalid_request(status: object) -> None:
    with pytest.raises(InvalidRequest) as info:
        triage(status, "/v1/messages")  # type: ignore[arg-type]
    assert info.value.part == "status"
    assert len(str(info.value)) < 200


def test_a_content_type_is_a_str() -> None:
    with pytest.raises(TypeError, match="content type"):
        triage(404, "/v1/messages", body="x", content_type=3)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        pytest.param("x" * 50, repr("x" * 40) + "…", id="long-text"),
        pytest.param(-(10**5000), "an integer of about 5001 digits", id="huge-negative"),
        pytest.param(2**127, str(2**127), id="big-but-shown"),
        pytest.param({"a": 1, "b": 2}, "a dict of 2 items", id="dict"),
        pytest.param(b"\xff" * 50, repr(b"\xff" * 40) + "…", id="bytes"),
        pytest.param(object(), "a object", id="object"),
    ],
)
def test_describe(value: object, shown: str) -> None:
    assert describe(value) == shown
