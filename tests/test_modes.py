"""When no Base URL works for one provider mode of an app, the diagnosis names the app's
other modes that do work, each with its Base URL (the seed lesson's Kilo Code advice)."""

from __future__ import annotations

from agroutes import ProblemKind, diagnose
from agroutes.results import SuggestionKind
from agroutes.tables import table_from_data

# A relay that serves chat completions and Gemini's generateContent, but no /v1/responses.
RELAY = table_from_data(
    [
        {"methods": "POST", "pattern": "/v1beta/models/{model}", "protocol": "gemini",
         "operation": "generate-content"},
        {"methods": "POST", "pattern": "/v1/chat/completions", "protocol": "openai",
         "operation": "chat-completions"},
    ]
)  # fmt: skip


def test_kilo_openai_mode_is_sent_to_the_modes_that_work() -> None:
    d = diagnose("http://127.0.0.1:8045/v1", "kilo-code/openai", routes=RELAY)
    assert [p.kind for p in d.problems] == [ProblemKind.UNSUPPORTED_BY_PROXY]
    assert d.corrected_base_url is None
    assert [(s.kind, s.client, str(s.base_url)) for s in d.suggestions] == [
        (SuggestionKind.MODE, "kilo-code/google", "http://127.0.0.1:8045/v1beta"),
        (SuggestionKind.MODE, "kilo-code/openai-compatible", "http://127.0.0.1:8045/v1"),
    ]
    text = str(d)
    assert "Switch kilo-code to its kilo-code/google mode" in text
    assert "kilo-code/google" in d.explain("zh")


def test_a_mode_that_works_is_not_sent_elsewhere() -> None:
    d = diagnose("http://127.0.0.1:8045/v1", "kilo-code/openai-compatible", routes=RELAY)
    assert d.ok
    assert d.suggestions == ()
