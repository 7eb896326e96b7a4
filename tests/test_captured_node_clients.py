"""Replay of the Node SDKs and agent CLIs of ``tools/capture_node_clients.py``.

``tests/fixtures/captured-node-clients.jsonl`` holds what each real client, installed from
npm, sent to the loopback recorder for each Base URL of the matrix: one row per request
(retries and a CLI's second call included), or, for a run that sent nothing, one row with
``method`` null and the client's own error in ``refused``. ``connect_attempts`` lists the
hosts it tried to reach instead. ``resolve()`` must predict every request line byte for
byte, and nothing else for that operation. ``captured-node-redirects.jsonl`` holds what
each client did with a redirect of the request its documented Base URL makes; each
profile's ``redirects`` must say the same. The real client is the truth: when a case here
fails, fix the profile, not the fixture.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from agroutes import InvalidBaseURL, InvalidClientSetting, client, diagnose, resolve
from agroutes.profiles import BUILTIN_CLIENTS, Evidence, Redirects
from tests.test_captured_clients import real_base_url

FIXTURES = Path(__file__).parent / "fixtures"
CAPTURES = FIXTURES / "captured-node-clients.jsonl"
REDIRECTS = FIXTURES / "captured-node-redirects.jsonl"

#: The ids these captures are the evidence for (a contract: issue 15).
CLIENTS = {
    "anthropic-node",
    "google-genai-node",
    "ai-sdk/openai",
    "ai-sdk/openai-compatible",
    "ai-sdk/anthropic",
    "ai-sdk/google",
    "opencode/openai-compatible",
    "opencode/openai",
    "opencode/anthropic",
    "opencode/google",
    "qwen-code/openai",
    "qwen-code/openai-responses",
    "qwen-code/anthropic",
    "qwen-code/gemini",
    "continue/openai",
    "continue/anthropic",
    "continue/gemini",
}


#: The clients of tools/capture_clients.py, whose redirects were observed here too
#: (``tools/capture_node_clients.py --first-wave``).
FIRST_WAVE = {
    "openai-node",
    "claude-code",
    "codex",
    "gemini-cli",
    "kilo-code/openai-compatible",
    "kilo-code/openai",
    "kilo-code/anthropic",
    "kilo-code/google",
}


def _rows(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


ROWS = _rows(CAPTURES)
REDIRECT_ROWS = _rows(REDIRECTS)


@dataclass(frozen=True)
class Case:
    """One (client, settings, Base URL, operation) and what the real client did."""

    client: str
    version: str
    settings: dict[str, str]
    base_url: str
    operation: str
    sent: tuple[tuple[str, str], ...]  # distinct (method, target), in arrival order
    refused: str | None
    elsewhere: tuple[str, ...]

    @property
    def id(self) -> str:
        label = ",".join(f"{k}={v}" for k, v in sorted(self.settings.items()))
        return f"{self.client}[{label}]-{self.operation}-{self.base_url}"


def _cases() -> Iterator[Case]:
    groups: dict[tuple[str, str, str, str], list[dict[str, Any]]] = {}
    for row in ROWS:
        settings = json.dumps(row["settings"], sort_keys=True)
        key = (row["client"], settings, row["base_url"], row["operation"])
        groups.setdefault(key, []).append(row)
    for (name, settings, base_url, operation), rows in groups.items():
        sent = tuple(dict.fromkeys((r["method"], r["target"]) for r in rows if r["method"]))
        yield Case(
            client=name,
            version=rows[0]["client_version"],
            settings=json.loads(settings),
            base_url=base_url,
            operation=operation,
            sent=sent,
            refused=None if sent else rows[0]["refused"],
            elsewhere=tuple(rows[0]["connect_attempts"]),
        )


CASES = list(_cases())


def test_the_captures_cover_every_client_at_its_profiled_version() -> None:
    assert {r["client"] for r in ROWS} == CLIENTS
    assert {r["client"] for r in REDIRECT_ROWS} == CLIENTS | FIRST_WAVE
    for row in [*ROWS, *REDIRECT_ROWS]:
        profile = BUILTIN_CLIENTS[row["client"]]
        assert profile.evidence is Evidence.OBSERVED
        # "verified" names the package and the very version the rows were captured with.
        assert profile.verified.endswith(f" {row['client_version']} (npm)"), profile.verified
        assert "127.0.0.1" not in json.dumps(row), "the port must be replaced by H"


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_resolve_predicts_the_captured_request_line(case: Case) -> None:
    profile = client(case.client, **case.settings)
    base = real_base_url(case.base_url)
    if profile.base_url_ignored:
        # Nothing reached the Base URL, whatever it was: the client went to its own host.
        assert not case.sent
        assert case.elsewhere, "a client that ignores its Base URL must be seen going elsewhere"
        return
    try:
        requests = resolve(base, profile)
    except InvalidBaseURL:
        assert not case.sent, f"agroutes rejects a Base URL the client used: {case.sent}"
        return
    mine = [r for r in requests if r.operation == case.operation]
    assert mine, f"resolve() has no {case.operation} request"
    if not case.sent:
        assert case.refused, "the client sent nothing and said nothing"
        assert all(r.refused for r in mine), f"the client refused ({case.refused})"
        return
    assert not any(r.refused for r in mine), "resolve() says the client refuses"
    # Byte for byte, every request line of this operation and no other (retries repeat
    # one; opencode's Gemini mode sends a title call to its small model, concurrently).
    predicted = {(r.method, r.target) for r in mine}
    assert set(case.sent) == predicted, (
        f"{case.client} {case.version} sent {case.sent} for {case.base_url}; "
        f"resolve() predicts {predicted}"
    )


def test_a_client_that_ignores_its_base_url_never_reached_it() -> None:
    ignoring = {c.client for c in CASES if client(c.client).base_url_ignored}
    assert ignoring == {"continue/gemini"}
    for case in CASES:
        if case.client in ignoring:
            # (beside api.continue.dev:443, Continue's own service)
            assert "generativelanguage.googleapis.com:443" in case.elsewhere, case


def test_no_base_url_diagnoses_ok_for_a_client_that_ignores_it() -> None:
    for base in ("http://127.0.0.1:8045/v1beta", "http://127.0.0.1:8045"):
        d = diagnose(base, "continue/gemini")
        assert not d.ok
        assert [p.kind.value for p in d.problems] == ["base-url-ignored"]
        assert d.corrected_base_url is None


def _redirect_params() -> list[Any]:
    return [
        pytest.param(row, id=f"{row['client']}-{row['operation']}-{row['redirect']}")
        for row in REDIRECT_ROWS
    ]


@pytest.mark.parametrize("row", _redirect_params())
def test_the_profile_says_what_the_client_did_with_a_redirect(row: dict[str, Any]) -> None:
    profile = client(row["client"], **row["settings"])
    if profile.base_url_ignored:
        assert row["first"] is None
        assert row["followed"] is None
        assert profile.redirects is Redirects.UNKNOWN
        return
    assert row["first"] is not None, f"the client sent nothing: {row['outcome']}"
    method, target = row["first"]
    predicted = resolve(real_base_url(row["base_url"]), profile)
    assert (method, target) in {(r.method, r.target) for r in predicted}
    expected = profile.redirects.follow_method(row["redirect"], method)
    followed = None if row["followed"] is None else row["followed"][0]
    assert followed == expected, f"{row['client']} answered {row['redirect']} with {followed}"
    if followed is not None:
        assert row["followed"][1] == "/__redirected" + target
    if followed == method and method == "POST":
        assert row["body_kept"], "a client that resends a POST resends its body"


def test_the_fixture_cases_need_no_client_setting_agroutes_refuses() -> None:
    for case in CASES:
        try:
            client(case.client, **case.settings)
        except InvalidClientSetting as exc:  # pragma: no cover - the message is the point
            pytest.fail(f"{case.id}: {exc}")
