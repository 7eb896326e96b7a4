"""The diagnosis reads the table's router: a redirect is fine when the client follows it
keeping its method, and a ``redirected`` problem when it does not follow, turns a POST
into a GET (301/302), or has not been observed; a client that ignores its Base URL is a
``base-url-ignored`` problem with nothing suggested. Through the library, the JSON view
and the command line."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from agroutes import ProblemKind, client, diagnose
from agroutes.profiles import ClientProfile, Redirects
from agroutes.tables import RouteTable, table_from_data
from tests.test_cli import CHECK, document, run_here

H = "http://127.0.0.1:4000"
FOLLOWS = Redirects.FOLLOWS
KEEPS = Redirects.FOLLOWS_KEEPING_METHOD
NOT = Redirects.NOT_FOLLOWED
UNKNOWN = Redirects.UNKNOWN


def _doc(router: str, *, slash: str = "") -> dict[str, object]:
    """An OpenAI-shaped proxy whose routes end in ``slash`` (FastAPI apps often do)."""

    def route(method: str, path: str, operation: str) -> dict[str, object]:
        return {
            "methods": method,
            "pattern": path + slash,
            "protocol": "openai",
            "operation": operation,
        }

    return {
        "id": f"mini-{router}",
        "router": router,
        "routes": [
            route("POST", "/v1/chat/completions", "chat-completions"),
            route("POST", "/v1/responses", "responses"),
            route("GET", "/v1/models", "list-models"),
        ],
    }


def _table(router: str, *, slash: str = "") -> RouteTable:
    return table_from_data(_doc(router, slash=slash))


def _openai(redirects: Redirects) -> ClientProfile:
    return dataclasses.replace(client("openai-python"), redirects=redirects)


def _templates(d: object) -> list[str]:
    return [p.template or p.kind.value for p in d.problems]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("router", "slash", "base", "redirects", "ok", "templates"),
    [
        # Starlette redirects a toggled trailing slash with 307, which keeps the method.
        pytest.param("starlette", "/", "/v1", FOLLOWS, True, [], id="starlette-followed"),
        pytest.param("starlette", "/", "/v1", KEEPS, True, [], id="starlette-kept"),
        pytest.param(
            "starlette", "/", "/v1", NOT, False, ["redirected"] * 3, id="starlette-not-followed"
        ),
        pytest.param(
            "starlette",
            "/",
            "/v1",
            UNKNOWN,
            False,
            ["redirected-unknown"] * 3,
            id="starlette-unknown",
        ),
        # gin: 307 for the POSTs, 301 for the GET: both keep the method when followed.
        pytest.param("gin", "/", "/v1", FOLLOWS, True, [], id="gin-followed"),
        # ServeMux cleans "//v1/..." with a 301 for every method: a fetch-like client
        # follows the POSTs as GETs.
        pytest.param(
            "go-servemux",
            "",
            "//v1",
            FOLLOWS,
            False,
            ["redirected-method-changed"] * 2,
            id="servemux-post-becomes-get",
        ),
        pytest.param("go-servemux", "", "//v1", KEEPS, True, [], id="servemux-kept"),
        # axum answers the doubled slash with a 404: the old kind, no redirect.
        pytest.param("axum", "", "//v1", FOLLOWS, False, ["extra-slash"] * 3, id="axum-404"),
    ],
)
def test_a_redirect_is_a_problem_only_when_the_client_does_not_follow_it(
    router: str, slash: str, base: str, redirects: Redirects, ok: bool, templates: list[str]
) -> None:
    profile = _openai(redirects)
    d = diagnose(H + base, profile, routes=_table(router, slash=slash))
    assert d.ok is ok
    assert _templates(d) == templates
    if d.corrected_base_url is not None:  # the law: the corrected Base URL works
        assert diagnose(str(d.corrected_base_url), profile, routes=d.table).ok


def test_a_followed_redirect_names_the_route_it_reaches() -> None:
    d = diagnose(H + "/v1", _openai(FOLLOWS), routes=_table("starlette", slash="/"))
    first = d.requests[0]
    assert first.ok
    assert first.status == 307
    assert first.match is not None
    assert first.match.redirect == "/v1/chat/completions/"
    assert first.followed is not None
    assert first.followed.route is not None
    assert "307 redirect to /v1/chat/completions/; followed: routed to" in str(d)
    view = d.to_mapping()
    assert view["router"] == "starlette"
    request = view["requests"][0]  # type: ignore[index]
    assert request["redirect"] == "/v1/chat/completions/"
    assert request["followed_route"] == "/v1/chat/completions/"


def test_a_post_turned_into_a_get_is_explained_in_both_languages() -> None:
    d = diagnose(H + "//v1", _openai(FOLLOWS), routes=_table("go-servemux"))
    assert d.kinds == {ProblemKind.REDIRECTED}
    assert str(d.corrected_base_url) == H + "/v1"
    english = d.explain("en")
    assert "with a 301 redirect to /v1/chat/completions; openai-python follows it as a GET" in (
        english
    )
    chinese = d.explain("zh")
    assert "回了 301 重定向到 /v1/chat/completions" in chinese
    assert "改用 GET 请求" in chinese


def test_the_redirect_target_keeps_secrets_masked() -> None:
    base = H + "//v1?key=AIzaSyTESTKEYTESTKEY"
    d = diagnose(base, _openai(NOT), routes=_table("go-servemux"))
    assert "AIzaSyTESTKEYTESTKEY" not in str(d) + d.explain("zh")
    assert "AIzaSyTESTKEYTESTKEY" not in json.dumps(d.to_mapping())


def test_a_client_that_ignores_its_base_url_gets_no_suggestion() -> None:
    profile = dataclasses.replace(client("openai-python"), base_url_ignored=True)
    d = diagnose(H + "/v1", profile)
    assert not d.ok
    assert d.kinds == {ProblemKind.BASE_URL_IGNORED}
    assert d.corrected_base_url is None
    assert d.suggestions == ()
    assert d.requests == ()
    assert "sends its requests to its own fixed host whatever Base URL" in str(d)
    assert "都把请求发到它自己固定的地址" in d.explain("zh")


# --- the command line -------------------------------------------------------------------


def _files(tmp_path: Path, router: str, *, redirects: str, ignored: bool = False) -> list[str]:
    table = tmp_path / "proxy.json"
    table.write_text(json.dumps(_doc(router)), encoding="utf-8")
    profile = {
        "id": "my-app/openai",
        "protocol": "openai",
        "join": "strip-one-slash",
        "base_shape": "ends-in-v1",
        "redirects": redirects,
        "base_url_ignored": ignored,
        "requests": [
            {
                "operation": "chat-completions",
                "method": "POST",
                "suffix": "/chat/completions",
                "call": "chat",
            }
        ],
    }
    client_file = tmp_path / "client.json"
    client_file.write_text(json.dumps(profile), encoding="utf-8")
    return ["--routes", str(table), "--client-file", str(client_file)]


@pytest.mark.parametrize(
    ("redirects", "status", "kind"),
    [
        pytest.param("follows", 1, "redirected", id="post-becomes-get"),
        pytest.param("follows-keeping-method", 0, None, id="kept"),
        pytest.param("not-followed", 1, "redirected", id="not-followed"),
    ],
)
def test_check_on_the_command_line(
    tmp_path: Path, redirects: str, status: int, kind: str | None
) -> None:
    args = _files(tmp_path, "go-servemux", redirects=redirects)
    ran = run_here("--json", "check", H + "//v1", *args)
    assert ran.status == status, ran.err
    doc = document(ran, CHECK)
    (result,) = doc["results"]
    assert result["router"] == "go-servemux"
    assert [p["kind"] for p in result["problems"]] == ([kind] if kind else [])
    assert result["requests"][0]["status"] == 301
    assert result["requests"][0]["redirect"] == "/v1/chat/completions"
    text = run_here("check", H + "//v1", *args, "--lang", "en")
    assert "301 redirect to /v1/chat/completions" in text.out


def test_check_says_when_no_base_url_can_work(tmp_path: Path) -> None:
    args = _files(tmp_path, "axum", redirects="unknown", ignored=True)
    ran = run_here("--json", "check", H + "/v1", *args)
    assert ran.status == 1
    (result,) = document(ran, CHECK)["results"]
    assert [p["kind"] for p in result["problems"]] == ["base-url-ignored"]
    assert result["corrected_base_url"] is None
    assert result["suggestions"] == []
    assert result["requests"] == []
    text = run_here("check", H + "/v1", *args, "--lang", "en").out
    assert "own fixed host" in text
