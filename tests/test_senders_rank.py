"""Issue 13, item 2: senders ranked, no fix that already failed, unknown clients said.

The answers are written out: which clients, in which order, with which fixes.
"""

from __future__ import annotations

import dataclasses

from agroutes import PathDiagnosis, diagnose_path
from agroutes._diagnosis import Suggestion, SuggestionKind
from agroutes._senders import find_senders
from agroutes._texts import TABLES
from tests.conftest import H

UNKNOWN = (
    "Other clients (curl, an SDK agroutes does not profile) send this path too: "
    "if yours is not listed, read the meant route instead."
)


def _senders(d: PathDiagnosis) -> list[tuple[str, str, str | None]]:
    fixes = [str(s.corrected_base_url) if s.corrected_base_url else None for s in d.senders]
    return [(s.client.label(), str(s.base_url), f) for s, f in zip(d.senders, fixes, strict=True)]


def test_an_unknown_client_path_says_unknown_clients_are_possible() -> None:
    """Just a path, no client mark: curl or an unprofiled SDK sends it as well."""
    d = diagnose_path("POST", "/chat/completions")
    assert d.unknown_senders_possible is True
    assert _senders(d) == [
        ("openai-python", H, f"{H}/v1"),
        ("openai-node", H, f"{H}/v1"),
        ("kilo-code/openai-compatible", H, f"{H}/v1"),
        ("litellm/openai", H, f"{H}/v1"),
        ("aider/openai", H, f"{H}/v1"),
        ("langchain-openai", H, f"{H}/v1"),
        ("openai-agents/chat", H, f"{H}/v1"),
        ("pydantic-ai/openai-chat", H, f"{H}/v1"),
        ("ai-sdk/openai-compatible", H, f"{H}/v1"),
        ("opencode/openai-compatible", H, f"{H}/v1"),
        ("qwen-code/openai", H, f"{H}/v1"),
        ("continue/openai", H, f"{H}/v1"),
        ("roo-code/openai", H, f"{H}/v1"),
        ("kilo-code-extension/openai", H, f"{H}/v1"),
    ]
    assert str(d).splitlines()[-2] == "  " + UNKNOWN
    assert "其他客户端（curl、agroutes 没有建模的 SDK）也会发出这个路径" in d.explain("zh")  # noqa: RUF001
    data = d.to_mapping()
    assert data["unknown_senders_possible"] is True
    assert data["missing_clients"] == []


def test_a_client_mark_rules_out_unknown_clients() -> None:
    """claude-code adds ?beta=true by itself: the mark names it."""
    d = diagnose_path("POST", "/v1/v1/messages?beta=true")
    assert d.unknown_senders_possible is False
    assert _senders(d) == [("claude-code", f"{H}/v1", H)]
    assert UNKNOWN not in str(d)
    assert d.to_mapping()["unknown_senders_possible"] is False


def test_a_query_from_the_base_url_is_no_mark() -> None:
    """/v1?x=1 glued to chat/completions: the query is the user's, not a client's."""
    d = diagnose_path("POST", "/v1/?x=1chat/completions")
    assert d.unknown_senders_possible is True


def test_the_failed_base_url_is_never_offered() -> None:
    """The real case: a claude-code user with .../v1 logs /v1/v1/messages. kilo-code/anthropic
    sends the same path from .../v1/v1 and its own fix is .../v1, the URL that failed."""
    d = diagnose_path("POST", "/v1/v1/messages")
    assert _senders(d) == [
        ("anthropic-python", f"{H}/v1", H),
        ("claude-code", f"{H}/v1", H),
        ("litellm/anthropic", f"{H}/v1", H),
        ("aider/anthropic", f"{H}/v1", H),
        ("langchain-anthropic", f"{H}/v1", H),
        ("pydantic-ai/anthropic", f"{H}/v1", H),
        ("anthropic-node", f"{H}/v1", H),
        ("qwen-code/anthropic", f"{H}/v1", H),
        ("roo-code/anthropic", f"{H}/v1", H),
        ("kilo-code-extension/anthropic", f"{H}/v1", H),
        ("kilo-code/anthropic", f"{H}/v1/v1", None),
        ("ai-sdk/anthropic", f"{H}/v1/v1", None),
        ("opencode/anthropic", f"{H}/v1/v1", None),
        ("continue/anthropic", f"{H}/v1/v1", None),
        ("cline/anthropic", f"{H}/v1/v1", None),
        ("cherry-studio/anthropic", f"{H}/v1/v1", None),
    ]
    failed = {str(s.base_url) for s in d.senders}
    for sender in d.senders:
        offered = {str(g.base_url) for g in sender.suggestions if g.kind is SuggestionKind.BASE_URL}
        assert not offered & failed
    kilo = next(s for s in d.senders if s.client.id == "kilo-code/anthropic")
    kilo = d.senders[-1]
    assert [str(u) for u in kilo.withheld] == [f"{H}/v1"]
    assert kilo.suggestions == ()
    assert f"Use this Base URL instead: {H}/v1\n" not in str(d) + "\n"
    assert (
        f"    kilo-code/anthropic with Base URL {H}/v1/v1: its Base URL fix is not shown: it is "
        "the Base URL with which another client listed here sent this same path; name your "
        "client (--client) to see its own fix"
    ) in str(d).splitlines()
    senders = d.to_mapping()["senders"]
    assert isinstance(senders, list)
    kilo = next(s for s in senders if s["client"] == "kilo-code/anthropic")
    assert kilo["withheld"] == [f"{H}/v1"]
    assert senders[-1]["withheld"] == [f"{H}/v1"]
    # Named alone, kilo-code/anthropic clashes with nobody: its fix is given.
    alone = diagnose_path("POST", "/v1/v1/messages", clients=["kilo-code/anthropic"])
    assert _senders(alone) == [("kilo-code/anthropic", f"{H}/v1/v1", f"{H}/v1")]


def test_a_fix_equal_to_its_own_base_url_is_withheld() -> None:
    """A guard: today's correction search never returns the URL it was given, but a
    sender whose suggestion is its own Base URL must lose it whatever the search does."""
    d = diagnose_path("POST", "/chat/completions")
    real = d.senders[0]
    odd = dataclasses.replace(
        real,
        corrected_base_url=real.base_url,
        suggestions=(
            Suggestion(
                kind=SuggestionKind.BASE_URL, client="openai-python", base_url=real.base_url
            ),
        ),
    )
    from agroutes import _senders  # noqa: PLC0415 - the rule itself, on a made-up sender

    fixed = _senders._withhold(odd, {real.base_url})
    assert fixed.corrected_base_url is None
    assert fixed.suggestions == ()
    assert fixed.withheld == (real.base_url,)
    assert _senders._withhold(real, {real.base_url}) is real


def test_ranking_on_a_stacked_path() -> None:
    """/v1/chat/completions/responses: every sender's call is responses, the kind is
    stacked-path, no setting changed, the same Base URL: the built-in order stays."""
    d = diagnose_path("POST", "/v1/chat/completions/responses")
    assert str(d.meant) == "POST /v1/responses"
    assert _senders(d) == [
        ("openai-python", f"{H}/v1/chat/completions", f"{H}/v1"),
        ("openai-node", f"{H}/v1/chat/completions", f"{H}/v1"),
        ("codex", f"{H}/v1/chat/completions", f"{H}/v1"),
        ("kilo-code/openai", f"{H}/v1/chat/completions", f"{H}/v1"),
        ("litellm/openai-responses", f"{H}/v1/chat/completions", f"{H}/v1"),
        ("langchain-openai/responses", f"{H}/v1/chat/completions", f"{H}/v1"),
        ("openai-agents/responses", f"{H}/v1/chat/completions", f"{H}/v1"),
        ("pydantic-ai/openai-responses", f"{H}/v1/chat/completions", f"{H}/v1"),
        ("ai-sdk/openai", f"{H}/v1/chat/completions", f"{H}/v1"),
        ("opencode/openai", f"{H}/v1/chat/completions", f"{H}/v1"),
        ("cline/openai-native", f"{H}/v1/chat/completions", f"{H}/v1"),
        ("cherry-studio/openai-response", f"{H}/v1/chat/completions", f"{H}/v1"),
        ("roo-code/openai-native", f"{H}/v1/chat/completions", f"{H}/v1"),
        ("kilo-code-extension/openai-native", f"{H}/v1/chat/completions", f"{H}/v1"),
        ("kilo-code-extension/openai-responses", f"{H}/v1/chat/completions", f"{H}/v1"),
    ]


def test_ranking_on_a_doubled_version() -> None:
    """/v1/v1/messages: the shorter Base URL (.../v1) before kilo-code/anthropic's .../v1/v1."""
    d = diagnose_path("POST", "/v1/v1/messages")
    assert [s.client.id for s in d.senders] == [
        "anthropic-python",
        "claude-code",
        "litellm/anthropic",
        "aider/anthropic",
        "langchain-anthropic",
        "pydantic-ai/anthropic",
        "anthropic-node",
        "qwen-code/anthropic",
        "roo-code/anthropic",
        "kilo-code-extension/anthropic",
        "kilo-code/anthropic",
        "ai-sdk/anthropic",
        "opencode/anthropic",
        "continue/anthropic",
        "cline/anthropic",
        "cherry-studio/anthropic",
    ]


def test_ranking_puts_the_structural_kind_first() -> None:
    """GET /v1/v1/models: google-genai's own diagnosis is not the doubled prefix the path
    shows, so it goes after the clients whose is, shorter Base URL or not."""
    d = diagnose_path("GET", "/v1/v1/models")
    assert [(s.client.id, s.kind.value) for s in d.senders] == [
        ("anthropic-python", "duplicated-prefix"),
        ("anthropic-node", "duplicated-prefix"),
        ("openai-python", "duplicated-prefix"),
        ("openai-node", "duplicated-prefix"),
        ("google-genai", "unsupported-by-proxy"),
        ("google-genai-node", "unsupported-by-proxy"),
    ]
    # openai-python's fix .../v1 is where anthropic-python sent this path: withheld.
    assert [str(u) for u in d.senders[2].withheld] == [f"{H}/v1"]


def test_a_named_client_that_is_not_a_sender_is_said_plainly() -> None:
    d = diagnose_path("POST", "/v1/v1/responses", clients=["claude-code"])
    assert d.senders == ()
    assert d.missing_clients == ("claude-code",)
    assert (
        "  claude-code sends this path from no Base URL agroutes knows of: the log is from "
        "another program (or other settings), so read the meant route instead"
    ) in str(d).splitlines()
    assert "claude-code 在 agroutes 知道的任何 Base URL 下都不会发出这个路径" in d.explain("zh")
    assert d.to_mapping()["missing_clients"] == ["claude-code"]
    named = diagnose_path("POST", "/v1/v1/responses", clients=["codex", "claude-code"])
    assert [s.client.id for s in named.senders] == ["codex"]
    assert named.missing_clients == ("claude-code",)
    assert UNKNOWN not in str(named)  # the user said which client is theirs


def test_find_senders_reports_the_mark() -> None:
    from agroutes._baseurl import parse_base_url  # noqa: PLC0415
    from agroutes._presets import route_table  # noqa: PLC0415

    home = parse_base_url(H)
    table = route_table("antigravity")
    _s, _m, marked = find_senders(
        table, method="POST", path="/v1/v1/messages", query="beta=true", home=home, profiles=None
    )
    assert marked is True


def test_the_new_texts_exist_in_both_languages() -> None:
    for key in ("path:unknown-senders", "path:not-sender", "path:sender-withheld"):
        assert key in TABLES["en"]
        assert key in TABLES["zh"]
