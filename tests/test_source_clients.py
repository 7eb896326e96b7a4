"""Replay of the profiles read from source: resolve() must give what the app's code gives.

``tests/fixtures/source-clients.jsonl`` is written by ``tools/source_clients.py``, which
runs the part of each extension's pinned source that builds the Base URL (Cline's
``normalizeSdkBaseUrl``, ...) and the real SDK the provider embeds, at its lock-file version,
with a fetch that records the URL instead of sending it. Each row names the source commit,
the app lines that rewrote the Base URL and the SDK; ``H`` stands for ``127.0.0.1:8045``.
The code is the truth: when a case here fails, fix the profile, not the fixture.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from agroutes import InvalidBaseURL, client, resolve
from agroutes.profiles import BUILTIN_CLIENTS, CLIENT_RELEASES, Evidence, UserinfoHandling

FIXTURE = Path(__file__).parent / "fixtures" / "source-clients.jsonl"
RELEASES_FIXTURE = FIXTURE.with_name("source-clients-releases.jsonl")
HOST = "127.0.0.1:8045"


def _rows(path: Path = FIXTURE) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


ROWS = _rows()
#: Older releases run by the same tool, each row's client "ID@RELEASE" as client() is asked.
RELEASE_ROWS = _rows(RELEASES_FIXTURE)


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['client']}-{r['base_url']}" for r in ROWS])
def test_resolve_gives_what_the_source_gives(row: dict[str, Any]) -> None:
    base = row["base_url"].replace("H", HOST, 1)
    if "#" in base:
        # Cherry Studio's "as typed" mark: agroutes refuses a Base URL with a fragment.
        with pytest.raises(InvalidBaseURL, match="fragment"):
            resolve(base, row["client"])
        return
    (request,) = resolve(base, row["client"])
    if row["target"] is None:
        assert row["refused"]
        assert request.refused is not None
    else:
        assert request.refused is None
        assert request.target == row["target"]


@pytest.mark.parametrize("client_id", sorted({r["client"] for r in ROWS}))
def test_each_profile_cites_the_commit_its_rows_came_from(client_id: str) -> None:
    profile = client(client_id)
    assert profile.evidence is Evidence.FROM_SOURCE
    commits = {r["source"].split("@")[1].split()[0] for r in ROWS if r["client"] == client_id}
    assert len(commits) == 1
    cited = profile.verified.partition("@")[2].partition(" ")[0]
    assert len(cited) >= 12
    assert commits.pop().startswith(cited)


def test_every_from_source_client_has_rows_over_the_whole_matrix() -> None:
    from_source = {
        p.id for rs in CLIENT_RELEASES.values() for _, p in rs if p.evidence is Evidence.FROM_SOURCE
    }
    assert from_source
    assert from_source == {r["client"] for r in ROWS}
    per_client = {
        c: sum(r["client"] == c and "#" not in r["base_url"] for r in ROWS) for c in from_source
    }
    assert len(set(per_client.values())) == 1, per_client
    assert all(
        p.evidence is Evidence.FROM_SOURCE
        for p in BUILTIN_CLIENTS.values()
        if p.family in ("cline", "roo-code", "kilo-code-extension", "cherry-studio")
    )


_STACKED = "/v1/chat/completions/responses"
_STREAM = "/models/gemini-2.5-flash:streamGenerateContent?alt=sse"


@pytest.mark.parametrize(
    ("client_id", "base", "target"),
    [
        # The reports: a pasted endpoint is stacked by the SDK call of both Kilo surfaces.
        ("kilo-code-extension/openai-native", "/v1/chat/completions", _STACKED),
        ("kilo-code/openai", "/v1/chat/completions", _STACKED),
        # Cline gives a bare host the path of its provider's default Base URL.
        ("cline/anthropic", "", "/v1/messages"),
        ("cline/openai", "/", "/v1/chat/completions"),
        ("cline/gemini", "/proxy", "/proxy/v1beta" + _STREAM),
        ("cline/gemini", "/v1", "/v1" + _STREAM),
        # Cherry Studio adds /v1 unless a version segment is anywhere in the path.
        ("cherry-studio/openai", "/proxy", "/proxy/v1/chat/completions"),
        ("cherry-studio/openai", "/v2/proxy", "/v2/proxy/chat/completions"),
        ("cherry-studio/anthropic", "?x=1", "/?x=1/v1/messages"),
        ("cherry-studio/gemini", "", "/v1beta" + _STREAM),
    ],
)  # fmt: skip
def test_named_quirks(client_id: str, base: str, target: str) -> None:
    (request,) = resolve(f"http://{HOST}{base}", client_id)
    assert request.target == target


def test_a_client_run_for_real_says_what_became_of_credentials_in_the_url() -> None:
    # Rows of an SDK with its own HTTP stack (tools/source_clients.py "sent-" calls) were
    # really sent to 127.0.0.1 and record the Authorization scheme the request carried.
    sent = [r for r in ROWS if "authorization" in r]
    assert {r["client"] for r in sent} == {"cline/openai@1.5.27"}
    assert all(r["authorization"] == "Bearer" for r in sent)  # the SDK's key, every time
    (userinfo,) = [r for r in sent if "u:p@" in r["base_url"]]
    assert userinfo["target"] == "/v1/chat/completions"
    assert client(userinfo["client"]).userinfo is UserinfoHandling.DROPPED


def test_the_responses_fallback_is_recorded_and_named_in_the_notes() -> None:
    # The OpenAI Responses providers of Roo Code and the Kilo Code extension post again to
    # `${baseUrl}/v1/responses` after any error of the SDK call. The profile holds the SDK's
    # request; the fallback, read from the same source, is in the rows and in the notes.
    rows = [r for r in ROWS if "fallback" in r]
    assert {r["client"] for r in rows} == {
        "roo-code/openai-native",
        "kilo-code-extension/openai-native",
        "kilo-code-extension/openai-native@4.153.0",
        "kilo-code-extension/openai-responses@4.153.0",
    }
    for row in rows:
        if row["base_url"] == "http://H/v1":
            # A Base URL ending in /v1: the SDK sends /v1/responses, the fallback doubles it.
            assert row["target"] == "/v1/responses"
            assert row["fallback"]["target"] == "/v1/v1/responses"
            assert "/v1/v1/responses" in client(row["client"]).notes
        if row["base_url"] == "http://H":
            assert (row["target"], row["fallback"]["target"]) == ("/responses", "/v1/responses")


@pytest.mark.parametrize(
    ("client_id", "base", "target"),
    [
        # Cline's legacy extension (4.0.12, and every 4.1.x window outside the SDK rollout)
        # sends the Base URL as typed: LM Studio's copied host root misses /v1 ...
        ("cline/openai@4.0.12", "", "/chat/completions"),
        ("cline/openai@1.5.27", "", "/chat/completions"),  # Claude Dev, September 2024
        ("cline/openai@4.1.5", "", "/chat/completions"),
        ("cline/openai", "", "/v1/chat/completions"),
        # ... its Anthropic provider adds /v1 itself (the SDK-based one wants it typed) ...
        ("cline/anthropic@4.0.12", "", "/v1/messages"),
        ("cline/anthropic@4.0.12", "/v1", "/v1/v1/messages"),
        ("cline/anthropic", "/v1", "/v1/messages"),
        # ... and its Gemini provider always adds /v1beta.
        ("cline/gemini@4.0.12", "/v1beta", "/v1beta/v1beta" + _STREAM),
        ("cline/gemini", "/v1beta", "/v1beta" + _STREAM),
    ],
)  # fmt: skip
def test_cline_releases(client_id: str, base: str, target: str) -> None:
    (request,) = resolve(f"http://{HOST}{base}", client_id)
    assert request.target == target


@pytest.mark.parametrize(
    "row", RELEASE_ROWS, ids=[f"{r['client']}-{r['base_url']}" for r in RELEASE_ROWS]
)
def test_an_older_release_sends_what_its_profile_gives(row: dict[str, Any]) -> None:
    profile = client(row["client"])
    assert "was not observed" not in profile.notes  # the release is a known one
    assert profile.evidence is Evidence.FROM_SOURCE
    (request,) = resolve(row["base_url"].replace("H", HOST, 1), profile)
    if row["target"] is None:
        assert row["refused"]
        assert request.refused is not None
    else:
        assert request.refused is None
        assert request.target == row["target"]


def test_every_listed_release_of_a_from_source_profile_was_run() -> None:
    # Either the profile's own rows come from that release's tag, or the release has rows of
    # its own (tools/source_clients.py RELEASE_CLIENTS), over the whole Base URL matrix.
    tags = {(r["client"], r["source"].rpartition("(v")[2].rstrip(")")) for r in ROWS}
    released = {r["client"] for r in RELEASE_ROWS}
    per_client = {c: sum(r["client"] == c for r in RELEASE_ROWS) for c in released}
    listed = 0
    for name, releases in CLIENT_RELEASES.items():
        for version, profile in releases:
            if profile.evidence is not Evidence.FROM_SOURCE:
                continue
            listed += 1
            if (profile.id, version) not in tags:
                assert f"{name}@{version}" in released, (name, version)
    assert listed > len(released)
    matrix = sum(r["client"] == "cline/gemini@4.0.12" for r in ROWS)
    assert set(per_client.values()) == {matrix}
