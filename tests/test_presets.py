"""The CLIProxyAPI and new-api presets: read from their router source, routed like gin."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from agroutes import ClientProfile, ProblemKind, RouteTable, client, diagnose, route_table
from agroutes.tables import BUILTIN_TABLES
from tests.conftest import REQUIRED_CLIENTS, H

GIN_TABLES = ("cliproxyapi", "new-api")


def _document(name: str) -> dict[str, object]:
    text = resources.files("agroutes").joinpath("data").joinpath(f"{name}.json")
    data = json.loads(text.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_presets_are_listed_and_compiled_once() -> None:
    for name in GIN_TABLES:
        assert name in BUILTIN_TABLES
        table = route_table(name)
        assert table is route_table(name.upper())
        assert table.id == name
        assert (table.method_first, table.method_not_allowed) == (True, False)
        assert table.redirect_trailing_slash
        assert not table.implicit_head


@pytest.mark.parametrize("name", GIN_TABLES)
def test_every_route_cites_its_router_file(name: str) -> None:
    doc = _document(name)
    source = doc["source"]
    assert isinstance(source, dict)
    files = source["files"]
    assert isinstance(files, list)
    assert len(str(source["commit"])) == 40
    table = route_table(name)
    assert str(source["repository"]) in table.source
    for route in table.routes:
        file, _, line = route.source.rpartition(":")
        assert file in files, route
        assert line.isdigit(), route


@pytest.mark.parametrize(
    ("name", "method", "path", "status", "pattern", "redirect"),
    [
        pytest.param(
            "cliproxyapi",
            "POST",
            "/v1/chat/completions",
            200,
            "/v1/chat/completions",
            None,
            id="cpa-chat",
        ),
        pytest.param(
            "cliproxyapi",
            "GET",
            "/v1/chat/completions",
            404,
            None,
            None,
            id="cpa-wrong-method-404",
        ),
        pytest.param(
            "cliproxyapi",
            "POST",
            "/v1/chat/completions/",
            307,
            None,
            "/v1/chat/completions",
            id="cpa-trailing-slash-redirect",
        ),
        pytest.param(
            "cliproxyapi",
            "POST",
            "/v1//chat/completions",
            404,
            None,
            None,
            id="cpa-no-remove-extra-slash",
        ),
        pytest.param(
            "cliproxyapi",
            "POST",
            "/v1beta/models/gemini-2.5-flash:streamGenerateContent",
            200,
            "/v1beta/models/{model}",
            None,
            id="cpa-gemini",
        ),
        pytest.param(
            "cliproxyapi",
            "POST",
            "/backend-api/codex/responses",
            200,
            "/backend-api/codex/responses",
            None,
            id="cpa-codex-chatgpt-alias",
        ),
        pytest.param("cliproxyapi", "HEAD", "/healthz", 200, "/healthz", None, id="cpa-head"),
        pytest.param(
            "cliproxyapi",
            "POST",
            "/v1/models/gemini-2.5-flash:generateContent",
            404,
            None,
            None,
            id="cpa-no-gemini-under-v1",
        ),
        pytest.param(
            "new-api",
            "POST",
            "/v1/models/gemini-2.5-flash:generateContent",
            200,
            "/v1/models/{model}",
            None,
            id="newapi-gemini-under-v1-method-first",
        ),
        pytest.param(
            "new-api", "GET", "/v1/models/gpt-4o", 200, "/v1/models/{model}", None, id="newapi-get"
        ),
        pytest.param(
            "new-api", "HEAD", "/v1/models", 404, None, None, id="newapi-no-implicit-head"
        ),
        pytest.param(
            "new-api", "POST", "/jimeng", 307, None, "/jimeng/", id="newapi-jimeng-slash-redirect"
        ),
        pytest.param(
            "new-api",
            "POST",
            "/relax/mj/submit/imagine",
            200,
            "/{mode}/mj/submit/imagine",
            None,
            id="newapi-mj-mode",
        ),
    ],
)
def test_gin_routing(
    name: str, method: str, path: str, status: int, pattern: str | None, redirect: str | None
) -> None:
    m = route_table(name).match(method, path)
    assert m.status == status
    assert (m.route.pattern if m.route else None) == pattern
    assert m.redirect == redirect


def _working(profile: ClientProfile, table: str) -> ClientProfile:
    # CLIProxyAPI serves Gemini only under /v1beta (its notes): google-genai 3.x needs the
    # setting there, as on Antigravity; new-api also relays Gemini under /v1.
    if profile.id == "google-genai" and table == "cliproxyapi":
        return profile.with_settings(api_version="v1beta")
    return profile


@pytest.mark.parametrize("table", GIN_TABLES)
@pytest.mark.parametrize("client_id", REQUIRED_CLIENTS)
def test_recommended_base_urls_work(client_id: str, table: str) -> None:
    profile = _working(client(client_id), table)
    d = diagnose(H + profile.base_shape.prefix, profile, routes=table)
    if (client_id, table) == ("anthropic-python", "new-api"):
        # new-api registers POST /v1/messages but no /v1/messages/count_tokens
        # (router/relay-router.go): that one call has no route under any Base URL.
        assert [c.request.operation for c in d.requests if not c.ok] == ["count-tokens"]
        assert d.kinds == {ProblemKind.OPERATION_NOT_SERVED}
        assert str(d.corrected_base_url) == H  # the other calls are routed where they are
        return
    assert d.ok, str(d)


@pytest.mark.parametrize("table", GIN_TABLES)
@pytest.mark.parametrize(
    ("client_id", "base", "kind", "fixed"),
    [
        pytest.param("claude-code", f"{H}/v1", ProblemKind.DUPLICATED_PREFIX, H, id="claude-v1"),
        pytest.param(
            "openai-python", H, ProblemKind.MISSING_PREFIX, f"{H}/v1", id="openai-missing-v1"
        ),
        pytest.param(
            "kilo-code/openai",
            f"{H}/v1/chat/completions",
            ProblemKind.STACKED_PATH,
            f"{H}/v1",
            id="kilo-stacked",
        ),
    ],
)
def test_seed_mistakes_on_gin_tables(
    client_id: str, base: str, kind: ProblemKind, fixed: str, table: str
) -> None:
    d = diagnose(base, client_id, routes=table)
    assert kind in d.kinds
    assert str(d.corrected_base_url) == fixed


def test_google_genai_default_on_each_proxy() -> None:
    """The v1 default of google-genai 3.x works on new-api (Gemini relay under /v1) and
    needs api_version='v1beta' on CLIProxyAPI, as on Antigravity."""
    assert diagnose(H, "google-genai", routes="new-api").ok
    d = diagnose(H, "google-genai", routes="cliproxyapi")
    assert d.corrected_base_url is None
    assert dict(d.suggestions[0].settings) == {"api_version": "v1beta"}


def test_mounted_gin_table_keeps_its_options() -> None:
    table = route_table("new-api").mount("/relay")
    assert isinstance(table, RouteTable)
    assert table.method_first
    assert not table.method_not_allowed
    assert table.match("POST", "/relay/v1/chat/completions/").redirect == (
        "/relay/v1/chat/completions"
    )
    d = diagnose(f"{H}/v1", "openai-python", routes=table)
    assert str(d.corrected_base_url) == f"{H}/relay/v1"
