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
from agroutes.profiles import BUILTIN_CLIENTS, CLIENT_RELEASES, Evidence

FIXTURE = Path(__file__).parent / "fixtures" / "source-clients.jsonl"
HOST = "127.0.0.1:8045"


def _rows() -> list[dict[str, Any]]:
    with FIXTURE.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


ROWS = _rows()


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
