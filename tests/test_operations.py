"""Per-operation diagnosis: one operation a proxy lacks does not hide the fix for the others
(``operation-not-served``), and ``operations=`` / ``--operation`` check only some calls."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import cast

import pytest

from agroutes import InvalidRequest, ProblemKind, Request, diagnose, resolve
from agroutes._cli import run
from agroutes.profiles import BUILTIN_CLIENTS, Operation
from agroutes.tables import BUILTIN_TABLES, Route, route_table, table_from_data, table_to_data

K = ProblemKind
H = "http://h"
CHAT_AND_MODELS = table_from_data(
    [
        {"pattern": "/v1/chat/completions", "methods": "POST", "protocol": "openai"},
        {"pattern": "/v1/models", "methods": "GET", "protocol": "openai"},
    ]
)


def _by_operation(d: object) -> dict[str, str]:
    return {p.request.operation: p.kind.value for p in d.problems if p.request}  # type: ignore[attr-defined]


def test_a_missing_operation_keeps_the_correction_for_the_others() -> None:
    d = diagnose(H, "openai-python", routes=CHAT_AND_MODELS)
    assert not d.ok
    assert str(d.corrected_base_url) == "http://h/v1"
    assert _by_operation(d) == {
        "chat-completions": "missing-prefix",
        "responses": "operation-not-served",
        "list-models": "missing-prefix",
    }
    assert "does not serve responses at all" in str(d)
    assert "根本不提供 responses" in d.explain("zh")
    assert d.corrected_base_url is not None
    again = diagnose(d.corrected_base_url, "openai-python", routes=CHAT_AND_MODELS)
    assert again.kinds == {K.OPERATION_NOT_SERVED}  # still not ok
    assert not again.ok
    assert str(again.corrected_base_url) == "http://h/v1"


def test_anthropic_on_new_api_has_no_count_tokens() -> None:
    table = route_table("new-api")
    assert table.match("POST", "/v1/messages/count_tokens").route is None
    d = diagnose(H + "/v1", "anthropic-python", routes="new-api")
    assert str(d.corrected_base_url) == H
    assert _by_operation(d) == {
        "messages": "duplicated-prefix",
        "count-tokens": "operation-not-served",
        "list-models": "duplicated-prefix",
    }
    assert diagnose(H, "anthropic-python", routes="new-api").kinds == {K.OPERATION_NOT_SERVED}


def test_nothing_reachable_keeps_unsupported_by_proxy() -> None:
    d = diagnose(H, "anthropic-python", routes=CHAT_AND_MODELS)
    assert d.corrected_base_url is None
    assert K.UNSUPPORTED_BY_PROXY in d.kinds
    assert K.OPERATION_NOT_SERVED not in d.kinds


def test_operations_checks_only_those_requests() -> None:
    d = diagnose(H, "anthropic-python", routes="new-api", operations=["messages"])
    assert d.ok
    assert [r.request.operation for r in d.requests] == ["messages"]
    d = diagnose(H, "openai-python", routes=CHAT_AND_MODELS, operations=[Operation.LIST_MODELS])
    assert [p.kind for p in d.problems] == [K.MISSING_PREFIX]
    assert str(d.corrected_base_url) == "http://h/v1"
    d = diagnose(H + "/v1", "codex", routes="antigravity", operations=("responses",))
    assert d.ok
    assert diagnose(H, "codex", operations="responses").requests[0].ok
    # Cached like every diagnosis: the same question, the same object.
    assert diagnose(H, "codex", operations=["responses"]) is diagnose(
        H, "codex", operations=["responses"]
    )


@pytest.mark.parametrize("bad", [["list-models"], ["nope"], [], [1]])
def test_an_operation_the_client_does_not_send_is_a_typed_error(bad: list[object]) -> None:
    with pytest.raises(InvalidRequest) as info:
        diagnose(H, "codex", operations=bad)  # type: ignore[arg-type]
    assert info.value.part == "operation"
    if bad and isinstance(bad[0], str):
        assert "choose from responses" in str(info.value)


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = run(list(argv), stdout=out, stderr=err, environ={})
    return status, out.getvalue(), err.getvalue()


def test_cli_operation_flag() -> None:
    status, out, err = _cli("check", H, "--client", "anthropic-python", "--routes", "new-api")
    assert status == 1
    assert "operation-not-served" in out
    assert err == ""
    args = ("check", H, "-c", "anthropic-python", "-r", "new-api", "--operation", "messages")
    assert _cli(*args)[0] == 0
    status, out, err = _cli(*args[:-1], "list-models", "--json")
    assert status == 0
    assert json.loads(out)["ok"] is True
    status, out, err = _cli("check", H, "-c", "codex", "--operation", "list-models")
    assert status == 2
    assert out == ""
    assert err.startswith("agroutes: error: ")
    assert err.count("\n") == 1
    assert "choose from responses" in err
    # No client given: the built-in clients that send it.
    status, out, _ = _cli("check", H + "/v1", "--operation", "count-tokens")
    assert "anthropic-python" in out
    assert "codex" not in out


def test_cli_client_file(tmp_path: Path) -> None:
    data = {
        "id": "my-tool",
        "protocol": "openai",
        "join": "httpx-path-slash",
        "base_shape": "ends-in-v1",
        "requests": [
            {"operation": "chat-completions", "method": "POST", "suffix": "/chat/completions"}
        ],
    }
    good = tmp_path / "tool.json"
    good.write_text(json.dumps(data))
    status, out, err = _cli("check", H, "--client-file", str(good))
    assert (status, err) == (1, "")
    assert "my-tool" in out
    assert "http://h/v1" in out
    assert _cli("check", H + "/v1", "--client-file", str(good))[0] == 0
    bad = tmp_path / "bad.json"
    bad.write_text("{")
    status, out, err = _cli("check", H, "--client-file", str(bad))
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    status, out, err = _cli("check", H, "--client-file", str(tmp_path / "none.json"))
    assert status == 2
    assert "cannot read client file" in err
    assert "No such file" in err


# --- the law: remove one operation's routes, the others still get a correction -------


def _pairs() -> list[tuple[str, str]]:
    out = []
    for cid, profile in BUILTIN_CLIENTS.items():
        if len(resolve(H, profile)) < 2:
            continue
        for tid in BUILTIN_TABLES:
            if tid != route_table(tid).id:
                continue  # an alias
            out.append((cid, tid))
    return out


@pytest.mark.parametrize(("cid", "tid"), _pairs())
def test_one_operation_removed_still_corrects_the_others(cid: str, tid: str) -> None:
    profile = BUILTIN_CLIENTS[cid]
    table = route_table(tid)
    good = H + table.mount_prefix + profile.base_shape.prefix
    if not diagnose(good, profile, routes=table).ok:
        pytest.skip("the documented Base URL does not work here")
    data = table_to_data(table)
    requests = resolve(good, profile)
    for gone in requests:
        hit = table.match(gone.method, gone.target).route
        assert hit is not None
        others = [r for r in requests if table.match(r.method, r.target).route != hit]
        if not others:
            continue

        # Every route of that operation goes: the proxy does not serve it at all.
        def kept(route: Route, gone: Request = gone, hit: Route = hit) -> bool:
            return route != hit and not (
                route.operation == gone.operation and profile.protocol in route.protocols
            )

        rows = cast("list[object]", data["routes"])
        routes = [r for r, route in zip(rows, table.routes, strict=True) if kept(route)]
        smaller = table_from_data({**data, "routes": routes})
        alone = diagnose(H + "/x", profile, routes=smaller, operations=[gone.operation])
        if alone.corrected_base_url is not None:
            continue  # another route still serves it, elsewhere: not this law's case
        d = diagnose(H + "/x", profile, routes=smaller)
        assert d.corrected_base_url is not None, (gone, str(d))
        fixed = resolve(d.corrected_base_url, profile)
        for r, o in zip(fixed, requests, strict=True):
            route = table.match(o.method, o.target).route
            if route is None or not kept(route):
                continue
            assert smaller.match(r.method, r.target).route is not None, (str(r), str(d))
