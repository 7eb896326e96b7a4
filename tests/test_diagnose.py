"""The cases of the seed lesson, and the shape of a diagnosis."""

from __future__ import annotations

import dataclasses
import json

import pytest

import agroutes
import agroutes.profiles
import agroutes.tables
from agroutes import (
    ClientProfile,
    ProblemKind,
    _correct,
    _diagnosis,
    client,
    diagnose,
    parse_base_url,
    route_table,
)
from agroutes._texts import TABLES
from agroutes.results import SuggestionKind
from tests.conftest import PROFILES, H

K = ProblemKind


@pytest.mark.parametrize(
    ("who", "base", "kinds", "corrected"),
    [
        pytest.param("openai-python", f"{H}/v1", set(), None, id="openai-v1-ok"),
        pytest.param("openai-python", H, {K.MISSING_PREFIX}, f"{H}/v1", id="openai-missing-v1"),
        pytest.param(
            "openai-python",
            f"{H}/v1/chat/completions",
            {K.STACKED_PATH},
            f"{H}/v1",
            id="openai-pasted-endpoint",
        ),
        pytest.param("claude-code", H, set(), None, id="claude-root-ok"),
        pytest.param("claude-code", f"{H}/v1", {K.DUPLICATED_PREFIX}, H, id="claude-double-v1"),
        pytest.param("gemini-cli", H, set(), None, id="gemini-cli-root-ok"),
        pytest.param(
            client("google-genai", api_version="v1beta"),
            f"{H}/v1beta",
            {K.DUPLICATED_PREFIX},
            H,
            id="genai-v1beta-double",
        ),
        pytest.param(
            "kilo-code/anthropic", H, {K.MISSING_PREFIX}, f"{H}/v1", id="kilo-anthropic-missing-v1"
        ),
        pytest.param(
            "kilo-code/openai",
            f"{H}/v1/chat/completions",
            {K.STACKED_PATH},
            f"{H}/v1",
            id="kilo-openai-stacked",
        ),
        pytest.param(
            "kilo-code/google", H, {K.MISSING_PREFIX}, f"{H}/v1beta", id="kilo-google-needs-v1beta"
        ),
        pytest.param("anthropic-python", f"{H}/v1", {K.DUPLICATED_PREFIX}, H, id="anthropic-v1"),
        pytest.param("codex", f"{H}//v1", {K.EXTRA_SLASH}, f"{H}/v1", id="codex-double-slash"),
        pytest.param("openai-python", f"{H}/v1?x=1", {K.QUERY_IN_BASE}, f"{H}/v1", id="query"),
        pytest.param("openai-node", f"{H}/v1?x=1", set(), None, id="node-lifts-query"),
        pytest.param(
            "openai-node",
            "http://u:p@127.0.0.1:8045/v1",
            {K.CREDENTIALS_IN_BASE},
            f"{H}/v1",
            id="node-refuses-userinfo",
        ),
        pytest.param(
            "codex", "http://u:p@127.0.0.1:8045/v1", set(), None, id="codex-drops-userinfo"
        ),
        pytest.param(
            "openai-python",
            f"{H}/v1beta",
            {K.WRONG_PREFIX, K.PROTOCOL_MISMATCH},
            f"{H}/v1",
            id="openai-on-gemini-prefix",
        ),
        pytest.param("openai-python", f"{H}/v1/", set(), None, id="trailing-slash-ok"),
        pytest.param(
            "codex",
            f"{H}/v1/chat/completions?x=1",
            {K.QUERY_IN_BASE},
            f"{H}/v1",
            id="query-pushes-responses-onto-chat-handler",
        ),
    ],
)
def test_seed_cases(
    who: str | ClientProfile, base: str, kinds: set[ProblemKind], corrected: str | None
) -> None:
    d = diagnose(base, who)
    assert d.kinds == kinds
    assert d.ok is (not kinds)
    assert (str(d.corrected_base_url) if d.corrected_base_url else None) == corrected
    if corrected is not None:
        assert diagnose(corrected, who).ok


def test_genai_default_needs_the_setting() -> None:
    d = diagnose(H, "google-genai")
    assert d.kinds == {K.UNSUPPORTED_BY_PROXY}
    assert d.corrected_base_url is None
    assert d.requests[0].request.target == "/v1/models/gemini-2.5-flash:generateContent"
    (suggestion,) = d.suggestions
    assert suggestion.kind is SuggestionKind.SETTING
    assert dict(suggestion.settings) == {"api_version": "v1beta"}
    assert str(suggestion.base_url) == H
    assert "api_version='v1beta'" in str(d)


def test_method_not_allowed() -> None:
    base = client("openai-python")
    spec = dataclasses.replace(base.requests[0], method="GET")
    profile = dataclasses.replace(base, id="get-chat", requests=(spec,))
    d = diagnose(f"{H}/v1", profile)
    assert d.kinds == {K.METHOD_NOT_ALLOWED}
    assert d.requests[0].status == 405
    assert "POST" in d.problems[0].message


def test_mounted_table_keeps_prefix_in_correction() -> None:
    table = route_table("antigravity").mount("/ag")
    d = diagnose(f"{H}/v1", "openai-python", routes=table)
    assert d.kinds == {K.MISSING_PREFIX}
    assert str(d.corrected_base_url) == f"{H}/ag/v1"
    d = diagnose(f"{H}/ag/v1", "claude-code", routes=table)
    assert str(d.corrected_base_url) == f"{H}/ag"


def test_old_table_has_no_responses_alias() -> None:
    new = diagnose(H, "codex")
    old = diagnose(H, "codex", routes="antigravity@3.3.50")
    assert new.ok  # v4.5.8 serves POST /responses without /v1
    assert old.kinds == {K.MISSING_PREFIX}


def test_explanations_in_both_languages() -> None:
    d = diagnose(f"{H}/v1", "claude-code")
    en, zh = str(d), d.explain("zh")
    assert "POST /v1/v1/messages?beta=true" in en
    assert "404" in en
    assert "http://127.0.0.1:8045" in en.splitlines()[-1]
    assert "路径里版本段重复了" in zh
    assert "请把 Base URL 改成" in zh
    with pytest.raises(ValueError, match="unknown language"):
        d.explain("fr")


def test_explanation_texts_have_the_same_keys() -> None:
    assert set(TABLES["en"]) == set(TABLES["zh"])


def test_every_problem_kind_has_words() -> None:
    for kind in ProblemKind:
        if kind is not ProblemKind.CREDENTIALS_IN_BASE:
            assert kind.value in TABLES["en"]


def test_json_view_is_serialisable_and_redacted() -> None:
    d = diagnose("http://me:sk-abcdef123456@127.0.0.1:8045/v1?key=AIzaSy0123456789", "claude-code")
    doc = json.dumps(d.to_mapping())
    assert "abcdef123456" not in doc
    assert "0123456789" not in doc
    assert json.loads(doc)["problems"][0]["kind"] == "credentials-in-base"


def test_repeated_inputs_are_cached() -> None:
    assert diagnose(f"{H}/v1", "claude-code") is diagnose(f"{H}/v1", "claude-code")


def test_proxy_helpers_are_exported() -> None:
    assert callable(agroutes.diagnose_path)
    assert "diagnose_path" in agroutes.__all__
    with pytest.raises(AttributeError):
        _ = agroutes.no_such_name  # type: ignore[attr-defined]


def test_long_inputs_are_answered_but_not_kept_in_the_caches() -> None:
    # A storm of distinct 60 KB Base URLs must not pin megabytes per cache entry.
    long_base = f"{H}/v1/" + "x" * 3000
    first = diagnose(long_base, "openai-python")
    again = diagnose(long_base, "openai-python")
    assert first is not again
    assert first.kinds == again.kinds == {K.WRONG_PREFIX}
    assert str(first.corrected_base_url) == f"{H}/v1"


_TYPED_PATHS = (
    "",
    "/v1",
    "/v1/v1",
    "/v1beta",
    "/v1/chat/completions",
    "//v1",
    "/ag",
    "/ag/v1",
    "/v1/messages",
    "/v1beta/models",
    "/proxy/v1",
    "/responses",
    "/x/y",
)


@pytest.mark.parametrize(
    "table_id", ["antigravity", "antigravity@3.3.50", "cliproxyapi", "new-api"]
)
@pytest.mark.parametrize("mount", ["", "/ag"])
def test_proposed_candidates_find_what_the_exhaustive_search_finds(
    table_id: str, mount: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The correction search proposes only paths whose suffix can fit a route; trying every
    # static prefix of the table instead must never find a different (or any better) path.
    table = route_table(table_id).mount(mount)
    profiles = [*PROFILES]
    fast = {
        (p.label(), typed): _correct._search(typed, p, table)
        for p in profiles
        for typed in _TYPED_PATHS
    }
    # With a query the typed path is tried on its own; without one it is the request that
    # failed (the caller asks only about failing requests), so compare those cases only.
    bases = [parse_base_url(H + typed + q) for typed in _TYPED_PATHS for q in ("", "?q=1")]
    asked = [
        (p, base, i)
        for p in profiles
        for base in bases
        for i, c in enumerate(_diagnosis._check(base, p, table)[0])
        if base.query is not None or not c.ok
    ]
    reach = {
        (p.label(), base.text, i): _correct.reachable(base, p, table, i) for p, base, i in asked
    }
    assert any(not base.query for _p, base, _i in asked)
    assert any(v is None for v in fast.values())
    assert any(v is not None for v in fast.values())
    assert not all(reach.values())
    monkeypatch.setattr(
        _correct,
        "candidates",
        lambda planned, protocol, t, *_typed, **_whole: set(
            _correct.table_index(t).static_prefixes(protocol)
        ),
    )
    for p in profiles:
        for typed in _TYPED_PATHS:
            assert _correct._search(typed, p, table) == fast[p.label(), typed], (p.id, typed)
    for p, base, i in asked:
        found = _correct.reachable(base, p, table, i)
        assert found == reach[p.label(), base.text, i], (p.id, base.text, i)


def test_the_contract_names_work_as_keywords() -> None:
    # DESIGN.md writes resolve(base_url, client) and diagnose(base_url, client, *, routes=).
    assert agroutes.resolve(base_url=f"{H}/v1", client="codex")[0].target == "/v1/responses"
    d = diagnose(base_url=f"{H}/v1", client="claude-code", routes="antigravity@3.3.50")
    assert str(d.corrected_base_url) == H
