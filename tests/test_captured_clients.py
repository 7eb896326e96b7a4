"""Replay of the captured CLI / Node clients: resolve() must predict every request they sent.

``tests/fixtures/captured-clients.jsonl`` is written by ``tools/capture_clients.py``, which
installs claude-code, codex, gemini-cli, kilo-code and openai-node from the npm registry
and runs each against a loopback recorder over a matrix of Base URLs. One row per request
(retries included); a run that sent nothing has rows with ``method`` null and the client's
own error in ``refused``. In ``base_url`` ``H`` stands for ``127.0.0.1:<port>``, ``H6`` for
``[::1]:<port>`` and ``LH`` for ``localhost:<port>``. The real client is the truth: when a
case here fails, fix the profile, not the fixture.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest

from agroutes import InvalidBaseURL, InvalidClientSetting, client, resolve

FIXTURE = Path(__file__).parent / "fixtures" / "captured-clients.jsonl"
PORT = 8045
HOSTS = {"H": f"127.0.0.1:{PORT}", "H6": f"[::1]:{PORT}", "LH": f"localhost:{PORT}"}
_PLACEHOLDER = re.compile(r"(?<=[/@])(H6|LH|H)(?=[/?#]|$)")
_MODEL_IN_TARGET = re.compile(r"models/([^/:?&]+):(?:stream)?[gG]enerateContent")

CLIENTS = {
    "claude-code",
    "codex",
    "gemini-cli",
    "kilo-code/openai-compatible",
    "kilo-code/openai",
    "kilo-code/anthropic",
    "kilo-code/google",
    "openai-node",
}


def real_base_url(template: str) -> str:
    """``http://H/v1`` with the placeholder host replaced by a fixed loopback authority."""
    return _PLACEHOLDER.sub(lambda m: HOSTS[m.group(1)], template, count=1)


def _rows() -> list[dict[str, Any]]:
    if not FIXTURE.is_file():
        return []
    with FIXTURE.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@dataclass(frozen=True)
class Case:
    """One (client, settings, base_url, operation) and what the real client did."""

    client: str
    version: str
    settings: dict[str, str]
    base_url: str
    operation: str
    sent: tuple[tuple[str, str], ...]  # distinct (method, target), retries collapsed
    refused: str | None  # set when the client sent nothing for this operation
    outcome: str

    @property
    def id(self) -> str:
        label = ",".join(f"{k}={v}" for k, v in sorted(self.settings.items()))
        return f"{self.client}[{label}]-{self.operation}-{self.base_url}"


def _cases() -> Iterator[Case]:
    groups: dict[tuple[str, str, str, str], list[dict[str, Any]]] = {}
    for row in _rows():
        key = (
            row["client"],
            json.dumps(row["settings"], sort_keys=True),
            row["base_url"],
            row["operation"],
        )
        groups.setdefault(key, []).append(row)
    for (name, settings, base_url, operation), rows in groups.items():
        sent = tuple(
            dict.fromkeys((r["method"], r["target"]) for r in rows if r["method"] is not None)
        )
        refusals = [r["refused"] for r in rows if r["method"] is None]
        yield Case(
            client=name,
            version=rows[0]["client_version"],
            settings=json.loads(settings),
            base_url=base_url,
            operation=operation,
            sent=sent,
            refused=refusals[0] if refusals and not sent else None,
            outcome=rows[0]["outcome"],
        )


CASES = list(_cases())


def _model_in(target: str) -> str | None:
    found = _MODEL_IN_TARGET.search(unquote(target))
    return found.group(1) if found else None


def _profile_for(case: Case, target: str | None) -> Any:
    """The agroutes profile for a case; in gemini-cli's auto-routing mode the main call's
    model is whatever the router chose (or its fallback when the router call failed), so
    the model seen in the target is passed as the ``model`` setting, which the profile has."""
    profile = client(case.client, **case.settings)
    auto_routed = (
        case.client == "gemini-cli"
        and "model" not in case.settings
        and case.operation == "stream-generate-content"
    )
    if auto_routed and target is not None:
        model = _model_in(target)
        if model is not None:
            profile = client(case.client, **case.settings, model=model)
    return profile


def test_fixture_covers_every_client() -> None:
    rows = _rows()
    assert rows, f"{FIXTURE} is missing or empty: run tools/capture_clients.py"
    assert {r["client"] for r in rows} == CLIENTS
    for row in rows:
        assert row["client_version"], row
        assert "127.0.0.1" not in json.dumps(row), "the port must be replaced by H"
        if row["method"] is None:
            assert row["target"] is None
            assert row["request_count"] == 0
        else:
            assert 0 <= row["request_index"] < row["request_count"]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_resolve_predicts_captured_request(case: Case) -> None:
    base = real_base_url(case.base_url)
    if not case.sent:
        # The client sent nothing: agroutes must refuse the same configuration, either at
        # the setting (codex's wire_api="chat"), at the Base URL, or on the request.
        try:
            requests = resolve(base, client(case.client, **case.settings))
        except (InvalidClientSetting, InvalidBaseURL):
            return
        if case.refused is None:
            pytest.skip(f"the client sent nothing and gave no reason: {case.outcome}")
        matching = [r for r in requests if r.operation == case.operation]
        assert matching, f"resolve() has no {case.operation} request at all"
        assert all(r.refused for r in matching), (
            f"the client refused ({case.refused}) but resolve() predicts "
            f"{[str(r) for r in matching]}"
        )
        return
    for method, target in case.sent:
        requests = resolve(base, _profile_for(case, target))
        predicted = {(r.method, r.target) for r in requests if r.operation == case.operation}
        assert (method, target) in predicted, (
            f"{case.client} {case.version} sent {method} {target} for {case.base_url}; "
            f"resolve() predicts {sorted(predicted)}"
        )
        refused = [r.refused for r in requests if (r.method, r.target) == (method, target)]
        assert not any(refused), f"resolve() says the client refuses a request it sent: {refused}"
