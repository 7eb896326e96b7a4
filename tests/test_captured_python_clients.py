"""Replay of the captured Python frameworks: resolve() must send what they sent, byte for byte.

``tests/fixtures/captured-python-clients.jsonl`` is written by
``tools/capture_python_clients.py``, which installs litellm, aider, langchain, openai-agents
and pydantic-ai from PyPI into environments of their own and drives each over a matrix of
Base URLs against the loopback recorder: one row per request (``H`` stands for
``127.0.0.1:<port>``), or one row with ``method`` null when nothing was sent.
``tests/fixtures/python-client-redirects.jsonl`` says, per client and redirect status,
whether a second request followed and with which method. The real client is the truth:
when a case here fails, fix the profile, not the fixture.

The live re-capture at the end drives the same calls again, where the frameworks can be
found: installed beside agroutes (the ``clients-py`` dependency group), or in the
environments the capture script made (``AGROUTES_PY_CLIENT_VENVS=DIR``, DIR/<env>/bin/python).
Without them it skips.
"""

from __future__ import annotations

import importlib.metadata
import json
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from agroutes import InvalidBaseURL, client, resolve
from agroutes._clients_python import PYTHON_CLIENTS, PYTHON_RELEASES
from agroutes.profiles import UserinfoHandling

# The capture script is imported by its file name, as tests/test_readme.py imports
# gen_matrix: its matrix, its modes and its capture function are the live test's.
_TOOLS = str(Path(__file__).resolve().parent.parent / "tools")
if _TOOLS not in sys.path:
    sys.path.insert(0, _TOOLS)
import capture_python_clients as capture  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
FIXTURE = FIXTURES / "captured-python-clients.jsonl"
REDIRECTS = FIXTURES / "python-client-redirects.jsonl"
PORT = 8045
NETLOC = f"127.0.0.1:{PORT}"


def _read(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


ROWS = _read(FIXTURE)
REDIRECT_ROWS = _read(REDIRECTS)


def real_base_url(template: str, netloc: str = NETLOC) -> str:
    return template.replace("H", netloc, 1)


@dataclass(frozen=True)
class Case:
    """One client release, driver and Base URL: what it sent (retries collapsed)."""

    client: str
    version: str
    driver: str
    base_url: str
    operation: str
    sent: tuple[tuple[str, str], ...]

    @property
    def id(self) -> str:
        return f"{self.client}@{self.version}-{self.driver}-{self.base_url}"


def _cases() -> Iterator[Case]:
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in ROWS:
        key = (row["client"], row["client_version"], row["driver"], row["base_url"])
        groups.setdefault((*key, row["operation"]), []).append(row)
    for (name, version, driver, base_url, operation), rows in groups.items():
        sent = tuple((r["method"], r["target"]) for r in rows if r["method"] is not None)
        yield Case(name, version, driver, base_url, operation, sent)


CASES = list(_cases())


def _profile(name: str, version: str) -> Any:
    profile = client(f"{name}@{version}")
    assert "was not observed" not in profile.notes, f"{name} {version} is no known release"
    return profile


def _predicted(base_url: str, profile: Any, operation: str) -> list[tuple[str, str]] | None:
    """(method, target) of each request resolve() predicts, None when it rejects the URL."""
    try:
        requests = resolve(base_url, profile)
    except InvalidBaseURL:
        return None
    matching = [r for r in requests if r.operation == operation]
    assert all(r.refused is None for r in matching), matching
    return [(r.method, r.target) for r in matching]


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_resolve_predicts_the_captured_request(case: Case) -> None:
    profile = _profile(case.client, case.version)
    predicted = _predicted(real_base_url(case.base_url), profile, case.operation)
    assert case.sent, f"{case.client} sent nothing for {case.base_url}"
    assert predicted == list(case.sent), (
        f"{case.client} {case.version} sent {case.sent} for {case.base_url}; "
        f"resolve() predicts {predicted}"
    )
    for request in resolve(real_base_url(case.base_url), profile):
        assert request.url.host_port_subcomponent == NETLOC


def test_the_fixture_covers_every_python_client_over_the_matrix() -> None:
    wanted = {(p.id, p.verified.split()[-2]) for p in PYTHON_CLIENTS}
    wanted |= {(name, v) for name, rs in PYTHON_RELEASES.items() for v, _ in rs}
    seen: dict[tuple[str, str], set[str]] = {}
    for row in ROWS:
        assert "127.0.0.1" not in json.dumps(row), "the port must be replaced by H"
        assert row["package"].endswith(f"=={row['client_version']}")
        if row["driver"] == "call":
            seen.setdefault((row["client"], row["client_version"]), set()).add(row["base_url"])
    assert set(seen) == wanted
    for pair, bases in seen.items():
        assert bases == set(capture.BASE_MATRIX), pair


def test_the_aider_command_sends_what_its_litellm_call_sends() -> None:
    cli = {(c.client, c.base_url): c.sent for c in CASES if c.driver == "aider-cli"}
    call = {(c.client, c.base_url): c.sent for c in CASES if c.driver == "call"}
    assert {name for name, _ in cli} == {"aider/openai", "aider/anthropic", "aider/gemini"}
    for key, sent in cli.items():
        assert sent == call[key], key


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(r, id=f"{r['client']}@{r['client_version']}-{r['status']}")
        for r in REDIRECT_ROWS
    ],
)
def test_the_profile_says_how_the_client_treats_a_redirect(row: dict[str, Any]) -> None:
    profile = _profile(row["client"], row["client_version"])
    assert row["first_method"] == "POST"
    assert profile.redirects.follow_method(row["status"], "POST") == row["followed_method"]
    if row["followed_method"] == "POST":
        assert row["same_body"], "a 307/308 resends the same body"


def test_every_python_client_has_its_redirects_observed() -> None:
    seen = {(r["client"], r["client_version"], r["status"]) for r in REDIRECT_ROWS}
    for name, version in {(r["client"], r["client_version"]) for r in ROWS}:
        assert {s for n, v, s in seen if (n, v) == (name, version)} == {301, 302, 303, 307, 308}


_KEY_HEADERS = ("x-api-key", "x-goog-api-key")


@pytest.mark.parametrize(
    "row",
    [
        pytest.param(r, id=f"{r['client']}@{r['client_version']}")
        for r in ROWS
        if "@" in r["base_url"] and r["driver"] == "call" and r["method"] is not None
    ],
)
def test_the_profile_says_what_the_client_does_with_userinfo(row: dict[str, Any]) -> None:
    headers = row["auth_headers"]
    basic = headers.get("authorization", "").startswith("Basic ")
    beside = any(h in headers for h in _KEY_HEADERS)
    if not basic:
        seen = UserinfoHandling.DROPPED
    elif beside:
        seen = UserinfoHandling.ADDED_BESIDE_KEY
    else:
        seen = UserinfoHandling.REPLACES_KEY
    assert _profile(row["client"], row["client_version"]).userinfo is seen


# --- live re-capture ----------------------------------------------------------------------


def _python_for(env: str, package: str, version: str) -> Path | None:
    """An interpreter that has ``package`` at ``version``: the capture script's venv named
    by AGROUTES_PY_CLIENT_VENVS, else this one; None when neither has it."""
    venvs = os.environ.get("AGROUTES_PY_CLIENT_VENVS")
    if venvs:
        python = Path(venvs) / env / "bin" / "python"
        if python.is_file():
            return python
    try:
        installed = importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return None
    return Path(sys.executable) if installed == version else None


def _live_modes() -> list[Any]:
    return [pytest.param(m, id=f"{m.client}-{m.env}") for m in capture.MODES]


@pytest.mark.conformance
@pytest.mark.parametrize("mode", _live_modes())
def test_a_fresh_capture_agrees_with_the_fixture_and_the_profile(mode: capture.Mode) -> None:
    mine = [r for r in ROWS if r["client"] == mode.client and r["env"] == mode.env]
    mine = [r for r in mine if r["driver"] == "call"]
    assert mine, f"no fixture rows for {mode.client} in {mode.env}"
    version = mine[0]["client_version"]
    python = _python_for(mode.env, mode.package, version)
    if python is None:
        pytest.skip(f"{mode.package}=={version} is not installed (group clients-py)")
    fresh = list(capture.capture_mode(mode, python, capture.BASE_MATRIX))
    if fresh[0]["client_version"] != version:
        pytest.skip(f"{mode.package} {fresh[0]['client_version']} found, {version} captured")
    profile = _profile(mode.client, version)
    for row in fresh:
        base = real_base_url(row["base_url"])
        assert _predicted(base, profile, mode.operation) == [(row["method"], row["target"])]
    key = ("base_url", "method", "target")
    assert [tuple(r[k] for k in key) for r in fresh] == [tuple(r[k] for k in key) for r in mine]
