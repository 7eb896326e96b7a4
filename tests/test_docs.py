"""docs/json.md names every key the JSON views really have."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from agroutes import diagnose, diagnose_path, triage
from agroutes._cli import run

DOC = (Path(__file__).resolve().parent.parent / "docs" / "json.md").read_text(encoding="utf-8")
DOCUMENTED = set(re.findall(r"\b([a-z_]+)\s*:", DOC)) | set(
    re.findall(r"^\s*([a-z_]+)\s", DOC, re.M)
)


def _keys(value: object) -> set[str]:
    """Every key of a JSON value, except the names of settings (they are the client's)."""
    if isinstance(value, dict):
        return set(value) | {k for n, v in value.items() if n != "settings" for k in _keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in _keys(v)}
    return set()


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "http://127.0.0.1:8045/v1"],
        ["check", "http://127.0.0.1:8045", "--client", "google-genai"],
        ["explain", "/v1/chat/completions/responses"],
        ["clients"],
        ["routes"],
        ["routes", "antigravity"],
    ],
)
def test_every_command_line_key_is_documented(argv: list[str]) -> None:
    out = io.StringIO()
    run([*argv, "--json"], stdout=out, stderr=io.StringIO(), environ={})
    assert _keys(json.loads(out.getvalue())) - DOCUMENTED == set()


def test_every_library_view_key_is_documented() -> None:
    views = [
        diagnose("http://127.0.0.1:8045", "google-genai").to_mapping(),
        diagnose_path("POST", "/v1/v1/messages").to_mapping(),
        triage(404, "/v1/v1/messages").to_mapping(),
    ]
    for view in views:
        json.dumps(view)
        assert _keys(view) - DOCUMENTED == set()
