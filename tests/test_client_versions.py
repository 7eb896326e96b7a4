"""Client releases: ``client("ID@VERSION")``, and the older releases replayed byte for byte.

``tests/fixtures/observed-sdk-releases.jsonl`` holds what older releases of the Python SDKs
sent over the conformance matrix, written by
``python -m tests.conformance.test_python_sdks --release SDK`` in an environment with that
release installed (the module docstring says how). In ``base_url`` ``H`` stands for
``127.0.0.1:<port>`` or ``[::1]:<port>`` (the row's ``host`` says which) and
``localhost:<port>`` for ``localhost``. The SDK is the truth: when a row here fails, fix the
profile (or give the release one of its own in ``CLIENT_RELEASES``), not the fixture.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agroutes import InvalidBaseURL, UnknownClient, client, diagnose, resolve
from agroutes._cli import run
from agroutes.profiles import BUILTIN_CLIENTS, CLIENT_RELEASES, ClientProfile, Evidence
from tests.conformance.test_python_sdks import CELLS
from tests.conftest import H

FIXTURE = Path(__file__).parent / "fixtures" / "observed-sdk-releases.jsonl"
PORT = 8045
_NETLOC = {"127.0.0.1": f"127.0.0.1:{PORT}", "::1": f"[::1]:{PORT}"}
_PLACEHOLDER = re.compile(r"(?<=[/@])H(?=[/?#]|$)")


def _rows() -> list[dict[str, Any]]:
    with FIXTURE.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


ROWS = _rows()


def real_base_url(row: dict[str, Any]) -> str:
    """The row's Base URL with its placeholder host given back a fixed port."""
    template: str = row["base_url"]
    if row["host"] == "localhost":
        return template.replace("localhost:<port>", f"localhost:{PORT}")
    return _PLACEHOLDER.sub(_NETLOC[row["host"]], template, count=1)


@dataclass(frozen=True)
class Case:
    """One SDK call of one release: what it sent (or why it sent nothing)."""

    client: str
    version: str
    settings: dict[str, str]
    base_url: str
    operation: str
    sent: tuple[tuple[str, str], ...]
    refused: str | None

    @property
    def id(self) -> str:
        label = ",".join(f"{k}={v}" for k, v in sorted(self.settings.items()))
        return f"{self.client}@{self.version}[{label}]-{self.operation}-{self.base_url}"


def _cases() -> Iterator[Case]:
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in ROWS:
        key = (
            row["client"],
            row["client_version"],
            json.dumps(row["settings"], sort_keys=True),
            real_base_url(row),
            row["operation"],
        )
        groups.setdefault(key, []).append(row)
    for (name, version, settings, base_url, operation), rows in groups.items():
        yield Case(
            client=name,
            version=version,
            settings=json.loads(settings),
            base_url=base_url,
            operation=operation,
            sent=tuple((r["method"], r["target"]) for r in rows if r["method"] is not None),
            refused=next((r["refused"] for r in rows if r["method"] is None), None),
        )


CASES = list(_cases())


def _known(client_id: str) -> list[str]:
    return [version for version, _ in CLIENT_RELEASES[client_id]]


# --- the replay ------------------------------------------------------------------------


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_resolve_predicts_what_the_release_sent(case: Case) -> None:
    # Every observed release is a known one, so its profile comes back as registered.
    profile = client(f"{case.client}@{case.version}", **case.settings)
    assert "was not observed" not in profile.notes
    try:
        requests = resolve(case.base_url, profile)
    except InvalidBaseURL:
        assert not case.sent, f"resolve() rejects {case.base_url} but the SDK sent {case.sent}"
        return
    predicted = [r for r in requests if r.operation == case.operation]
    if not case.sent:
        assert predicted, f"resolve() declares no {case.operation!r} request"
        assert all(r.refused for r in predicted), (case.refused, predicted)
        return
    assert [(r.method, r.target) for r in predicted] == list(case.sent)
    assert all(r.refused is None for r in predicted)
    assert {r.client for r in predicted} == {profile.id}


def test_the_fixture_covers_each_older_release_over_the_whole_matrix() -> None:
    matrix = {
        (c.client, c.operation, json.dumps(c.settings, sort_keys=True), c.shape.id, c.shape.host)
        for c in CELLS
    }
    seen: dict[tuple[str, str], set[tuple[str, ...]]] = {}
    for row in ROWS:
        text = json.dumps(row)
        assert "127.0.0.1:" not in text, "the port must be H"
        assert "[::1]:" not in text, "the port must be H"
        cell = (row["client"], row["operation"], json.dumps(row["settings"], sort_keys=True))
        seen.setdefault((row["client"], row["client_version"]), set()).add(
            (*cell, row["shape"], row["host"])
        )
    # Each release observed is a known release of its client ...
    for name, version in seen:
        assert version in _known(name), (name, version)
    # ... each known release but the newest (which the live conformance tests and the
    # capture script hold) was observed, and each over every cell of the matrix for its SDK.
    # (The older releases of other clients are held by the fixtures of their own captures:
    # tests/test_captured_python_clients.py for litellm's.)
    sdks = {c.client for c in CELLS}
    for name, releases in CLIENT_RELEASES.items():
        if name not in sdks:
            continue
        for version, _ in releases[:-1]:
            cells = seen.get((name, version))
            assert cells is not None, f"{name} {version} is known but not in {FIXTURE.name}"
            assert cells == {m for m in matrix if m[0] == name}, (name, version)


# --- the registry ----------------------------------------------------------------------


def _numbers(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in version.split("."))


@pytest.mark.parametrize("client_id", sorted(CLIENT_RELEASES))
def test_releases_are_in_order_and_end_with_the_verified_newest(client_id: str) -> None:
    releases = CLIENT_RELEASES[client_id]
    versions = [_numbers(v) for v, _ in releases]
    assert versions == sorted(versions)
    assert len(set(versions)) == len(versions)
    newest_version, newest = releases[-1]
    assert newest is BUILTIN_CLIENTS[client_id]
    assert newest_version in _cited(newest)
    # An older profile names every release it was observed on; the newest names the pinned
    # release the live tests drive (its first release is in the fixture).
    for version, profile in releases:
        if profile is not newest:
            assert version in _cited(profile), (version, profile.verified)


def _cited(profile: ClientProfile) -> str:
    """Where a profile names its release: ``verified``, or, for one read from source (whose
    ``verified`` names a commit), the notes ("Cline 4.1.12, read from source; ...")."""
    if profile.evidence is Evidence.FROM_SOURCE:
        return profile.notes.partition(",")[0]
    return profile.verified


def test_an_older_profile_is_named_for_its_newest_release() -> None:
    runs: dict[str, list[str]] = {}
    for client_id, releases in CLIENT_RELEASES.items():
        for version, profile in releases:
            if profile.id != client_id:
                runs.setdefault(profile.id, []).append(version)
    kilo_4 = {
        f"kilo-code-extension/{p}@4.153.0"
        for p in ("openai", "openai-native", "openai-responses", "anthropic", "gemini")
    }
    assert set(runs) == {
        "openai-python@3.19.2",
        "google-genai@2.34.0",
        "litellm/openai@1.81.10",
        "litellm/openai-responses@1.81.10",
        "litellm/anthropic@1.81.10",
        "litellm/gemini@1.81.10",
        "cline/openai@1.5.27",
        "cline/openai@4.0.12",
        "cline/anthropic@4.0.12",
        "cline/gemini@4.0.12",
        *kilo_4,
    }
    for versioned, versions in runs.items():
        assert versioned == f"{versioned.partition('@')[0]}@{versions[-1]}"
        assert client(versioned).id == versioned
        assert versioned not in BUILTIN_CLIENTS  # "every client" lists stay the newest


# --- resolving a release ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "profile_id", "release"),
    [
        pytest.param("google-genai", "google-genai", None, id="no-version-is-the-newest"),
        pytest.param("google-genai@3.6.1", "google-genai", None, id="the-newest-exactly"),
        pytest.param("google-genai@v3.0.0", "google-genai", None, id="a-v-before-it"),
        pytest.param("google-genai@2.34.0", "google-genai@2.34.0", None, id="older-exactly"),
        pytest.param(" Gemini-SDK@2.34.0 ", "google-genai@2.34.0", None, id="alias-and-case"),
        pytest.param("google-genai@2.20.0", "google-genai@2.34.0", "2.0.0", id="between-old"),
        # Numbers, not text: "2.4.0" > "2.34.0" as strings.
        pytest.param("google-genai@2.4.0", "google-genai@2.34.0", "2.0.0", id="numeric-order"),
        pytest.param("google-genai@3.2.0", "google-genai", "3.0.0", id="between-newest"),
        pytest.param("google-genai@4.0.0", "google-genai", "3.6.1", id="newer-than-all"),
        pytest.param("openai-python@3.19.2", "openai-python@3.19.2", None, id="openai-last-old"),
        pytest.param("openai-python@3.19.3", "openai-python@3.19.2", "3.19.2", id="openai-gap"),
        pytest.param("openai-python@3.20.0", "openai-python", None, id="openai-first-new"),
        pytest.param("openai-python@2.10.0", "openai-python@3.19.2", "2.0.0", id="openai-2x"),
        pytest.param("codex@0.171.0", "codex", None, id="npm-client-exactly"),
        pytest.param("kilo-code/google@7.8.0", "kilo-code/google", "7.7.7", id="a-mode"),
    ],
)
def test_a_release_resolves_to_the_newest_known_not_after_it(
    asked: str, profile_id: str, release: str | None
) -> None:
    profile = client(asked)
    assert profile.id == profile_id
    assert profile.label() == profile_id
    newest = BUILTIN_CLIENTS[profile_id.partition("@")[0]]
    if release is None:
        assert "was not observed" not in profile.notes
        assert profile.title == newest.title
    else:
        said = f"the profile of {release}, the newest known release not after it"
        name, _, version = asked.partition("@")
        assert profile.title == f"{newest.title} (asked for {asked}: {said})"
        assert profile.notes.startswith(f"{name} {version} was not observed: this is {said} (")


def test_no_version_and_the_newest_version_are_the_same_profile() -> None:
    assert client("google-genai@3.6.1") is client("google-genai") is BUILTIN_CLIENTS["google-genai"]
    assert client("openai-python@3.57.0") is BUILTIN_CLIENTS["openai-python"]


def test_what_the_older_releases_send_differently() -> None:
    def sent(base: str, who: str) -> list[str]:
        return [str(r) for r in resolve(base, who)]

    assert sent("http://h", "google-genai@2.34.0")[0] == (
        "POST /v1beta/models/gemini-2.5-flash:generateContent"
    )
    assert sent("http://h", "google-genai")[0] == "POST /v1/models/gemini-2.5-flash:generateContent"
    assert sent("http://h/v1?x=1", "openai-python@2.54.0") == [
        "POST /v1?x=1/chat/completions",
        "POST /v1?x=1/responses",
        "GET /v1?x=1/models",
    ]
    assert sent("http://h/v1?x=1", "openai-python")[0] == "POST /v1/?x=1chat/completions"


def test_settings_apply_to_a_release_and_the_label_shows_both() -> None:
    profile = client("google-genai@2.34.0", api_version="v1")
    assert profile.label() == "google-genai@2.34.0(api_version='v1')"
    assert resolve("http://h", profile)[0].target == "/v1/models/gemini-2.5-flash:generateContent"


def test_an_older_release_diagnoses_on_its_own_default() -> None:
    # Antigravity serves Gemini under /v1beta only: the 2.x default works at the host root.
    assert diagnose(H, "google-genai@2.34.0").ok
    assert not diagnose(H, "google-genai").ok
    d = diagnose(H + "/v1?x=1", "openai-python@3.19.2")
    assert {p.kind.value for p in d.problems} == {"query-in-base"}
    assert str(d.corrected_base_url) == H + "/v1"


# --- what cannot be resolved -----------------------------------------------------------

GENAI_KNOWN = "2.0.0, 2.34.0, 3.0.0, 3.6.1"


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        pytest.param(
            "google-genai@1.75.0",
            "unknown client google-genai@1.75.0: 1.75.0 is older than every release of "
            f"google-genai agroutes knows ({GENAI_KNOWN}); did you mean 'google-genai@2.34.0'?",
            id="too-old",
        ),
        pytest.param(
            "gemini-sdk@latest",
            "unknown client google-genai@latest: the part after '@' is not a release number "
            f"such as 3.6.1 (known: {GENAI_KNOWN}); did you mean 'google-genai'?",
            id="a-word",
        ),
        pytest.param(
            "codex@v0.1.0",
            "unknown client codex@0.1.0: 0.1.0 is older than every release of codex agroutes "
            "knows (0.171.0); did you mean 'codex'?",
            id="npm-too-old",
        ),
        pytest.param(
            "generic/adds-v1@1.0.0",
            "unknown client generic/adds-v1@1.0.0: generic/adds-v1 is a family of clients, "
            "with no release number; did you mean 'generic/adds-v1'?",
            id="a-family",
        ),
        pytest.param(
            # What comes before the "@" may be a password: only a known id is shown.
            "openai-pyton@2.0.0",
            "unknown client '***@2.0.0'; did you mean 'openai-python'",
            id="unknown-id",
        ),
        pytest.param("kilo-code@7.7.7", "'kilo-code' has one id per provider mode", id="modes"),
    ],
)
def test_an_unknown_release_is_a_clear_unknown_client(asked: str, message: str) -> None:
    with pytest.raises(UnknownClient) as info:
        client(asked)
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    "version", ["", "3", "2.34", "2.x", "3.0.0rc1", "-1.0.0", "1..2", "1.2.3.4", "9" * 10_000]
)
def test_garbage_after_the_at_lists_the_known_releases(version: str) -> None:
    with pytest.raises(UnknownClient) as info:
        client("google-genai@" + version)
    assert f"not a release number such as 3.6.1 (known: {GENAI_KNOWN})" in str(info.value)
    assert info.value.suggestions == ("google-genai",)
    assert len(str(info.value)) < 300


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("openai-python@sk-agroutes0123456789abcdef", id="key-after"),
        pytest.param("user:hunter2@127.0.0.1:8045", id="userinfo-pasted"),
        pytest.param("hunter2@openai-python", id="password-before"),
    ],
)
def test_no_secret_around_the_at_is_echoed(text: str) -> None:
    with pytest.raises(UnknownClient) as info:
        client(text)
    for secret in ("sk-agroutes0123456789abcdef", "hunter2"):
        assert secret not in str(info.value)
        assert secret not in info.value.name


@given(st.text(max_size=40))
def test_anything_after_the_at_is_a_profile_or_unknown_client(version: str) -> None:
    try:
        profile = client("openai-python@" + version)
    except UnknownClient:
        return
    assert profile.id in {"openai-python", "openai-python@3.19.2"}


def test_the_command_line_shows_the_release_it_could_not_find() -> None:
    err = io.StringIO()
    code = run(
        ["check", H, "--client", "google-genai@1.0.0", "--lang", "en"],
        stdout=io.StringIO(),
        stderr=err,
        environ={},
    )
    assert code == 2
    assert "unknown client google-genai@1.0.0: 1.0.0 is older than every" in err.getvalue()
