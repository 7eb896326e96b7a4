"""The Base URLs that work for a client on a table, the one to use first (issue 14)."""

from __future__ import annotations

import io
import json

import pytest

from agroutes import InvalidBaseURL, UnknownClient, diagnose
from agroutes._cli import run
from agroutes._working import CAP, simplest_first
from agroutes.tables import RouteTable, table_from_data

LITELLM = "http://127.0.0.1:4000"
LLAMA = "http://127.0.0.1:8080"


def _working(base: str, client: str, routes: str) -> list[str]:
    return [str(url) for url in diagnose(base, client, routes=routes).working_base_urls]


@pytest.mark.parametrize(
    ("paths", "documented", "ordered"),
    [
        pytest.param(["/v1", ""], "/v1", ["", "/v1"], id="fewest-segments"),
        pytest.param(["/anthropic", "/v1"], "", ["/v1", "/anthropic"], id="then-shortest"),
        pytest.param(["/v2", "/v1"], "/v2", ["/v2", "/v1"], id="then-documented"),
        pytest.param(["/b", "/a"], "", ["/a", "/b"], id="then-text"),
        pytest.param(["/openai/v1", "/openai"], "/v1", ["/openai", "/openai/v1"], id="depth"),
    ],
)
def test_simplest_first(paths: list[str], documented: str, ordered: list[str]) -> None:
    assert sorted(paths, key=lambda p: simplest_first(p, documented)) == ordered


# --- LiteLLM: one protocol under several prefixes, and its pass-throughs --------------------


def test_claude_code_at_litellm_root_also_works_at_the_anthropic_pass_through() -> None:
    d = diagnose(LITELLM, "claude-code", routes="litellm")
    assert d.ok
    assert [str(u) for u in d.working_base_urls] == [LITELLM, LITELLM + "/anthropic"]
    assert not d.working_base_urls_truncated
    assert f"Also works: {LITELLM}/anthropic" in str(d)


def test_claude_code_doubled_under_the_pass_through_is_corrected_to_it_first() -> None:
    d = diagnose(LITELLM + "/anthropic/v1", "claude-code", routes="litellm")
    assert not d.ok
    assert str(d.corrected_base_url) == LITELLM + "/anthropic"
    assert [str(u) for u in d.working_base_urls] == [LITELLM + "/anthropic", LITELLM]


def test_openai_python_at_litellm_lists_v1_next_and_the_pass_throughs_after() -> None:
    working = _working(LITELLM, "openai-python", "litellm")
    assert working[:2] == [LITELLM, LITELLM + "/v1"]
    assert LITELLM + "/openai" in working
    assert LITELLM + "/openai/v1" in working
    assert working.index(LITELLM + "/openai") < working.index(LITELLM + "/openai/v1")
    # The documented /v1 the user types: it comes first, the host root next.
    assert _working(LITELLM + "/v1", "openai-python", "litellm")[:2] == [LITELLM + "/v1", LITELLM]


def test_google_genai_at_litellm_is_sent_to_the_gemini_pass_through() -> None:
    # LiteLLM's own Gemini routes have no GET /v1beta/models: only the pass-through to
    # Google's API serves every call google-genai makes.
    d = diagnose(LITELLM, "google-genai", routes="litellm")
    assert not d.ok
    assert str(d.corrected_base_url) == LITELLM + "/gemini"
    assert [str(u) for u in d.working_base_urls] == [LITELLM + "/gemini"]
    assert "Also works" not in str(d)
    assert diagnose(LITELLM + "/gemini", "google-genai", routes="litellm").ok


# --- llama-server: OpenAI routes with and without /v1 -----------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        pytest.param("", [LLAMA, LLAMA + "/v1"], id="root"),
        pytest.param("/v1", [LLAMA + "/v1", LLAMA], id="v1"),
        pytest.param("/v1/v1", [LLAMA + "/v1", LLAMA], id="doubled"),
    ],
)
def test_llama_cpp_serves_openai_with_and_without_v1(typed: str, expected: list[str]) -> None:
    assert _working(LLAMA + typed, "openai-python", "llama-cpp") == expected


# --- one working Base URL, none, and the cap -------------------------------------------------


def test_a_single_working_base_url_reports_no_other() -> None:
    d = diagnose("http://127.0.0.1:8045/v1", "claude-code")
    assert [str(u) for u in d.working_base_urls] == ["http://127.0.0.1:8045"]
    assert "Also works" not in str(d)
    assert "也可用" not in d.explain("zh")
    assert d.to_mapping()["working_base_urls"] == ["http://127.0.0.1:8045"]


@pytest.mark.parametrize(
    ("client", "routes"),
    [
        pytest.param("continue/gemini", "antigravity", id="base-url-ignored"),
        pytest.param("anthropic-python", "new-api", id="operation-not-served"),
        pytest.param("anthropic-python", "openai-api", id="unsupported"),
    ],
)
def test_no_base_url_works_for_every_request(client: str, routes: str) -> None:
    d = diagnose("http://127.0.0.1:1/x", client, routes=routes)
    assert not d.ok
    assert d.working_base_urls == ()
    assert not d.working_base_urls_truncated
    assert d.to_mapping()["working_base_urls"] == []


def _many_mounts(n: int) -> RouteTable:
    return table_from_data(
        [
            {
                "methods": ["POST"],
                "pattern": f"/m{i:02}/v1/chat/completions",
                "protocol": "openai",
                "operation": "chat-completions",
            }
            for i in range(n)
        ],
        id="many-mounts",
    )


def test_many_mounts_are_capped_and_say_so() -> None:
    table = _many_mounts(40)
    d = diagnose(
        "http://127.0.0.1:1/m00/v1", "openai-python", routes=table, operations=["chat-completions"]
    )
    assert d.ok
    working = [str(u) for u in d.working_base_urls]
    assert len(working) == CAP
    assert working[0] == "http://127.0.0.1:1/m00/v1"
    assert working[1:] == [f"http://127.0.0.1:1/m{i:02}/v1" for i in range(1, CAP)]
    assert d.working_base_urls_truncated
    assert "(and more, not listed)" in str(d)
    assert d.to_mapping()["working_base_urls_truncated"] is True


def test_just_as_many_mounts_as_the_cap_are_not_truncated() -> None:
    table = _many_mounts(CAP)
    d = diagnose(
        "http://127.0.0.1:1/m00/v1", "openai-python", routes=table, operations=["chat-completions"]
    )
    assert len(d.working_base_urls) == CAP
    assert not d.working_base_urls_truncated


# --- faces -------------------------------------------------------------------------------------


def test_secrets_never_show_in_the_working_base_urls() -> None:
    d = diagnose(
        "http://user:hunter2@127.0.0.1:4000/v1?key=sk-secret", "openai-python", routes="litellm"
    )
    shown = json.dumps(d.to_mapping()) + str(d) + d.explain("zh")
    assert "hunter2" not in shown
    assert "sk-secret" not in shown


def test_explain_in_chinese_lists_the_others() -> None:
    text = diagnose(LITELLM, "openai-python", routes="litellm").explain("zh")
    assert f"这些 Base URL 也可用：{LITELLM}/v1" in text  # noqa: RUF001 - the text's own colon


def test_check_writes_also_works_in_the_compact_and_detailed_views() -> None:
    out = io.StringIO()
    run(["check", LITELLM, "--routes", "litellm"], stdout=out, stderr=io.StringIO(), environ={})
    line = next(x for x in out.getvalue().splitlines() if x.startswith("openai-python "))
    assert f"also works: {LITELLM}/v1" in line
    out = io.StringIO()
    argv = ["check", LITELLM, "--routes", "litellm", "--client", "claude-code"]
    run(argv, stdout=out, stderr=io.StringIO(), environ={})
    assert f"Also works: {LITELLM}/anthropic" in out.getvalue()


@pytest.mark.parametrize(
    ("base", "client", "error"),
    [
        pytest.param("not a url", "claude-code", InvalidBaseURL, id="bad-url"),
        pytest.param(LITELLM, "no-such-client", UnknownClient, id="bad-client"),
    ],
)
def test_bad_input_is_a_typed_error(base: str, client: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        diagnose(base, client, routes="litellm").working_base_urls  # noqa: B018
