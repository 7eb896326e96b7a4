"""Every row of the reference observations must be reproduced by resolve(), byte for byte.

The fixture is a copy of the project's ``reference/observed-clients.jsonl``: what the real
clients sent to a recording server, one row per request (``H`` = 127.0.0.1:<port>).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from agroutes import InvalidClientSetting, client, resolve

FIXTURE = Path(__file__).parent / "fixtures" / "reference-observed-clients.jsonl"
HOST = "127.0.0.1:8045"


def _rows() -> list[dict[str, Any]]:
    with FIXTURE.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _profile_args(row: dict[str, Any]) -> tuple[str, dict[str, str | None]]:
    """Map the recorder's client names and variants to an agroutes id and settings."""
    name, variant = row["client"], row["variant"] or ""
    settings: dict[str, str | None] = {}
    if name == "google-genai-python":
        name = "google-genai"
        if "'v1beta'" in variant:
            settings["api_version"] = "v1beta"
        elif "''" in variant or "COLLECTION" in variant:
            settings["api_version"] = ""
        if row["operation"] == "models.list":  # the recorder's harness asked for 5
            settings["page_size"] = "5"
    elif name == "kilo-cli":
        name = "kilo-code/" + variant.split("provider=")[1].split(" ")[0]
    elif name == "gemini-cli":
        if "-m " in variant:
            settings["model"] = variant.split("-m ")[1].split(",")[0]
        if "GOOGLE_GENAI_API_VERSION=v1" in variant:
            settings["api_version"] = "v1"
    elif name == "codex":
        settings["wire_api"] = variant.split("wire_api=")[1]
    return name, settings


def _cases() -> list[Any]:
    seen: set[tuple[str, ...]] = set()
    cases = []
    for row in _rows():
        name, settings = _profile_args(row)
        key = (name, repr(sorted(settings.items())), row["base_url"], str(row["path_and_query"]))
        if key in seen:  # retries repeat a request: one case each
            continue
        seen.add(key)
        label = ",".join(f"{k}={v}" for k, v in settings.items())
        case_id = f"{name}[{label}]-{row['operation']}-{row['base_url']}"
        cases.append(pytest.param(row, name, settings, id=case_id))
    return cases


@pytest.mark.parametrize(("row", "name", "settings"), _cases())
def test_resolve_reproduces_observation(
    row: dict[str, Any], name: str, settings: dict[str, str | None]
) -> None:
    base = row["base_url"].replace("H", HOST)
    if row["method"] is None:
        # The client sent nothing. agroutes must refuse the same configuration.
        if name == "codex":
            with pytest.raises(InvalidClientSetting, match="wire_api"):
                client(name, **settings)
            return
        # gemini-cli without a pinned auth type stops before building any URL: that is a
        # configuration agroutes does not model (it is not about the Base URL).
        assert "selectedType" in (row["variant"] or "")
        return
    observed = row["path_and_query"]
    profile = client(name, **settings)
    if name == "gemini-cli" and "model" not in settings and "streamGenerateContent" in observed:
        # In auto-routing mode the main model is whatever the router call chose; when the
        # router call fails (a Base URL query breaks it) the CLI falls back to another model.
        model = re.search(r"models(?:/|%2F)([^:%]+)(?::|%3A)stream", observed)
        assert model is not None
        profile = client(name, model=model.group(1))
    requests = resolve(base, profile)
    sent = {(r.method, r.target) for r in requests}
    assert (row["method"], observed) in sent
    match = [r for r in requests if r.target == observed]
    assert str(match[0].url) == f"http://{HOST}{observed}"
