"""diagnose_path: from a logged request back to the mistake, the meant route and the fix.

The rows are the seed lesson's checkpoint and summary tables, the failure patterns of
reference/antigravity.md section 4 and the user reports of reference/peers.md section 6
(those that show a path; the status-only ones are in test_triage.py).
"""

from __future__ import annotations

import dataclasses
import json
import time
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agroutes import (
    InvalidBaseURL,
    PathDiagnosis,
    ProblemKind,
    RouteTable,
    UnknownRouteTable,
    diagnose,
    diagnose_path,
    route_table,
)
from agroutes._logpath import NO_ORIGIN
from agroutes._texts import TABLES
from agroutes.profiles import Protocol
from agroutes.tables import table_from_data
from tests.conftest import OLD, RELAY, H

K = ProblemKind
NEW = "antigravity"


def _table(table_id: str, *routes: str) -> RouteTable:
    """A one-protocol (OpenAI) table from "METHOD /path" lines, as a user would write it."""
    entries = []
    for line in routes:
        method, pattern = line.split()
        entries.append({"methods": [method], "pattern": pattern, "protocol": "openai"})
    return table_from_data(entries, id=table_id)


# peers.md section 6: upstreams that are not Antigravity.
VOLCES = _table("volces", "POST /api/v3/chat/completions", "GET /api/v3/models")  # #4218
GEMINI_OPENAI = _table("gemini-openai", "POST /v1beta/openai/chat/completions")  # #853
BARE = _table("bare-upstream", "POST /chat/completions")  # one-api #1478
ZHIPU = _table("zhipu", "POST /api/paas/v4/chat/completions")  # cherry-studio #11750


@pytest.mark.parametrize(
    ("method", "path", "routes", "status", "kind", "meant", "fixes"),
    [
        # --- the seed lesson's checkpoint table (检查点) ---------------------------------
        pytest.param("GET", "/v1/models", OLD, 200, None, None, {}, id="seed-checkpoint-v1-models"),
        pytest.param(
            "POST", "/v1/chat/completions", OLD, 200, None, None, {}, id="seed-checkpoint-v1-chat"
        ),
        pytest.param(
            "POST", "/v1/messages", OLD, 200, None, None, {}, id="seed-checkpoint-v1-messages"
        ),
        pytest.param(
            "POST",
            "/v1beta/models/gemini-2.5-flash:generateContent",
            OLD,
            200,
            None,
            None,
            {},
            id="seed-checkpoint-v1beta-gemini",
        ),
        pytest.param(
            "POST",
            "/v1/v1/chat/completions",
            OLD,
            404,
            K.DUPLICATED_PREFIX,
            "/v1/chat/completions",
            {"openai-python": f"{H}/v1"},
            id="seed-checkpoint-v1-v1",
        ),
        pytest.param(
            "POST",
            "/v1/chat/completions/responses",
            OLD,
            404,
            K.STACKED_PATH,
            "/v1/responses",
            {"kilo-code/openai": f"{H}/v1", "codex": f"{H}/v1"},
            id="seed-checkpoint-stacked",
        ),
        # --- the seed lesson's summary table (本课小结) ----------------------------------
        pytest.param(
            "GET", "/v1/models", NEW, 200, None, None, {}, id="seed-summary-curl-v1-models"
        ),
        pytest.param(
            "GET", "/v1beta/models", NEW, 200, None, None, {}, id="seed-summary-curl-v1beta-models"
        ),
        pytest.param(
            "POST",
            "/v1/v1/responses",
            NEW,
            404,
            K.DUPLICATED_PREFIX,
            "/v1/responses",
            {"openai-python": f"{H}/v1"},
            id="seed-summary-v1-v1-openai-sdk",
        ),
        pytest.param(
            "POST",
            "/v1/chat/completions/responses",
            NEW,
            404,
            K.STACKED_PATH,
            "/v1/responses",
            {"kilo-code/openai": f"{H}/v1"},
            id="seed-summary-stacked",
        ),
        # --- antigravity.md section 4 ---------------------------------------------------
        pytest.param(
            "POST",
            "/v1/v1/messages?beta=true",
            NEW,
            404,
            K.DUPLICATED_PREFIX,
            "/v1/messages",
            {"claude-code": H},
            id="ag4-2-claude-code-v1-v1",
        ),
        pytest.param(
            "POST",
            "/v1/v1/messages",
            NEW,
            404,
            K.DUPLICATED_PREFIX,
            "/v1/messages",
            # kilo-code/anthropic's own fix, .../v1, is the Base URL with which the other
            # two sent this path: withheld (test_senders_rank.py).
            {"anthropic-python": H, "claude-code": H, "kilo-code/anthropic": None},
            id="ag4-2-anthropic-sdks-v1-v1",
        ),
        pytest.param(
            "POST",
            "/messages",
            NEW,
            404,
            K.MISSING_PREFIX,
            "/v1/messages",
            {"kilo-code/anthropic": f"{H}/v1"},
            id="ag4-3-opencode-anthropic-messages",
        ),
        pytest.param(
            "POST",
            "/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
            NEW,
            404,
            K.MISSING_PREFIX,
            "/v1beta/models/gemini-2.5-flash:streamGenerateContent",
            {"kilo-code/google": f"{H}/v1beta"},
            id="ag4-3-opencode-google-models",
        ),
        pytest.param(
            "POST",
            "/chat/completions",
            NEW,
            404,
            K.MISSING_PREFIX,
            "/v1/chat/completions",
            {"openai-python": f"{H}/v1", "openai-node": f"{H}/v1"},
            id="ag4-3-openai-sdk-no-v1",
        ),
        pytest.param("GET", "/healthz", NEW, 200, None, None, {}, id="ag4-5-healthz-routed-again"),
        pytest.param(
            "POST",
            "/v1beta/models/gemini-2.5-flash:countTokens",
            OLD,
            200,
            None,
            None,
            {},
            id="ag4-6-count-tokens-colon-is-routed",
        ),
        pytest.param(
            "POST",
            "/v1beta/models/gemini-2.5-flash/countTokens",
            OLD,
            200,
            None,
            None,
            {},
            id="ag4-6-count-tokens-slash-is-routed",
        ),
        pytest.param(
            "GET",
            "/v1/responses",
            OLD,
            405,
            K.METHOD_NOT_ALLOWED,
            "/v1/responses",
            {},
            id="ag4-7-codex-websocket-on-3.3.50",
        ),
        pytest.param("GET", "/v1/responses", NEW, 200, None, None, {}, id="ag4-7-codex-websocket"),
        pytest.param(
            "POST",
            "/responses",
            OLD,
            404,
            K.MISSING_PREFIX,
            "/v1/responses",
            {"codex": f"{H}/v1"},
            id="ag4-7-codex-no-v1-on-3.3.50",
        ),
        pytest.param("POST", "/responses", NEW, 200, None, None, {}, id="ag4-7-responses-alias"),
        pytest.param(
            "POST",
            "/v1/chat/completions/",
            NEW,
            404,
            K.EXTRA_SLASH,
            "/v1/chat/completions",
            {},
            id="ag4-10-trailing-slash",
        ),
        pytest.param(
            "POST",
            "/v1//chat/completions",
            NEW,
            404,
            K.EXTRA_SLASH,
            "/v1/chat/completions",
            {"openai-python": f"{H}/v1"},
            id="ag4-10-double-slash",
        ),
        # The AI SDK's Google provider (generateText) sends this very path for a Base URL
        # that ends in /v1beta/models: its diagnosis, a stacked endpoint, outvotes the
        # structural reading (a model id copied with its models/ prefix).
        pytest.param(
            "POST",
            "/v1beta/models/models/gemini-2.5-flash:generateContent",
            NEW,
            404,
            # A known client sends this path: litellm's Gemini join adds /models/{model}
            # to a Base URL ending in /v1beta/models (tests/test_captured_python_clients.py).
            # Before litellm/gemini was profiled no sender explained it: duplicated-prefix.
            K.STACKED_PATH,
            "/v1beta/models/gemini-2.5-flash:generateContent",
            {"litellm/gemini": f"{H}/v1beta", "ai-sdk/google": f"{H}/v1beta"},
            id="ag1c-model-id-copied-with-models-prefix",
        ),
        # --- peers.md section 6 ---------------------------------------------------------
        pytest.param(
            "POST",
            "/messages",
            "new-api",
            404,
            K.MISSING_PREFIX,
            "/v1/messages",
            {"kilo-code/anthropic": f"{H}/v1"},
            id="peers6-01-ai-sdk-anthropic-messages",
        ),
        pytest.param(
            "POST",
            "/v1/v1/messages",
            NEW,
            404,
            K.DUPLICATED_PREFIX,
            "/v1/messages",
            {"anthropic-python": H},
            id="peers6-02-litellm-v1-v1-messages",
        ),
        pytest.param(
            "POST",
            "/v1/v1/messages",
            "cliproxyapi",
            404,
            K.DUPLICATED_PREFIX,
            "/v1/messages",
            {"anthropic-python": H, "claude-code": H},
            id="peers6-03-openmanus-v1-v1-messages",
        ),
        pytest.param(
            "POST",
            "/v1/v1/responses",
            NEW,
            404,
            K.DUPLICATED_PREFIX,
            "/v1/responses",
            {"kilo-code/openai": f"{H}/v1", "codex": f"{H}/v1"},
            id="peers6-04-kilo-openai-v1-v1-responses",
        ),
        pytest.param(
            "POST",
            "/v1/models/chat/chat/completions",
            NEW,
            404,
            K.STACKED_PATH,
            "/v1/chat/completions",
            {"openai-python": f"{H}/v1"},
            id="peers6-05-kilo-pasted-endpoint",
        ),
        pytest.param(
            "POST",
            "/v1beta/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
            NEW,
            404,
            K.DUPLICATED_PREFIX,
            "/v1beta/models/gemini-2.5-flash:streamGenerateContent",
            # kilo-code/google's own fix, .../v1beta, is the Base URL with which google-genai
            # sent this path: withheld (test_senders_rank.py).
            {"google-genai(api_version='v1beta')": H, "kilo-code/google": None},
            id="peers6-06-genai-v1beta-v1beta",
        ),
        pytest.param(
            "POST",
            "/v1beta/v1beta/models/gemini-2.5-flash:generateContent",
            NEW,
            404,
            K.DUPLICATED_PREFIX,
            "/v1beta/models/gemini-2.5-flash:generateContent",
            {"google-genai(api_version='v1beta')": H},
            id="peers6-07-cline-gemini-v1beta",
        ),
        pytest.param(
            "POST",
            "/models/gemini-2.5-flash:generateContent",
            NEW,
            404,
            K.MISSING_PREFIX,
            "/v1beta/models/gemini-2.5-flash:generateContent",
            {},
            id="peers6-08-host-root-models-builder",
        ),
        pytest.param(
            "POST",
            "/v1/v1beta/models/gemini-3.8-flash:streamGenerateContent?alt=sse",
            NEW,
            404,
            K.DUPLICATED_PREFIX,
            "/v1beta/models/gemini-3.8-flash:streamGenerateContent",
            {"gemini-cli": H},
            id="peers6-09-gemini-cli-v1",
        ),
        pytest.param(
            "POST",
            "/api/v3/v1/chat/completions",
            VOLCES,
            404,
            K.DUPLICATED_PREFIX,
            "/api/v3/chat/completions",
            {"openai-python": f"{H}/api/v3", "kilo-code/openai-compatible": f"{H}/api/v3"},
            id="peers6-10-new-api-volces-v3-v1",
        ),
        pytest.param(
            "POST",
            "/v1beta/openai/v1/chat/completions",
            GEMINI_OPENAI,
            404,
            K.WRONG_PREFIX,
            "/v1beta/openai/chat/completions",
            {"openai-python": f"{H}/v1beta/openai"},
            id="peers6-11-new-api-gemini-openai",
        ),
        pytest.param(
            "POST",
            "/v1/chat/completions",
            BARE,
            404,
            K.WRONG_PREFIX,
            "/chat/completions",
            # The host root would fix openai-python, but Cline and Cherry Studio send this
            # very path from the host root (they add /v1): the fix is withheld for all.
            {"openai-python": None, "cline/openai": None, "cherry-studio/openai": None},
            id="peers6-12-one-api-forced-v1",
        ),
        pytest.param(
            "POST",
            "/api/paas/v4/v1/chat/completions",
            ZHIPU,
            404,
            K.DUPLICATED_PREFIX,
            "/api/paas/v4/chat/completions",
            {"openai-python": f"{H}/api/paas/v4"},
            id="peers6-13-cherry-studio-v1-appended",
        ),
        pytest.param(
            "POST",
            "/v1/messages?beta=true",
            RELAY,
            404,
            K.MISSING_PREFIX,
            "/api/v1/messages",
            {"claude-code": f"{H}/api"},
            id="peers6-14-claude-relay-missing-api-mount",
        ),
        pytest.param(
            "POST",
            "/chat/completions",
            "new-api",
            404,
            K.MISSING_PREFIX,
            "/v1/chat/completions",
            {"openai-python": f"{H}/v1"},
            id="peers6-15-lobechat-no-v1",
        ),
        pytest.param(
            "POST",
            "/v1/v1/chat/completions",
            "new-api",
            404,
            K.DUPLICATED_PREFIX,
            "/v1/chat/completions",
            {"openai-python": f"{H}/v1"},
            id="peers6-15-nextchat-gateway-v1-v1",
        ),
        pytest.param(
            "POST",
            "/v1/v1/responses",
            "cliproxyapi",
            404,
            K.DUPLICATED_PREFIX,
            "/v1/responses",
            {"codex": f"{H}/v1"},
            id="peers6-also-open-responses-server-v1-v1",
        ),
        # --- gin routers (new-api, CLIProxyAPI) ---------------------------------------
        pytest.param(
            "GET",
            "/v1/chat/completions",
            "new-api",
            404,
            K.METHOD_NOT_ALLOWED,
            "/v1/chat/completions",
            {},
            id="gin-wrong-method-is-404",
        ),
        pytest.param(
            "POST",
            "/v1/chat/completions/",
            "cliproxyapi",
            307,
            K.EXTRA_SLASH,
            "/v1/chat/completions",
            {},
            id="gin-trailing-slash-post-307",
        ),
        pytest.param(
            "GET",
            "/v1/models/",
            "new-api",
            301,
            K.EXTRA_SLASH,
            "/v1/models",
            {},
            id="gin-trailing-slash-get-301",
        ),
        pytest.param(
            "POST",
            "/v1/models/gemini-2.5-flash:generateContent",
            "new-api",
            200,
            None,
            None,
            {},
            id="gin-method-first-gemini-under-v1",
        ),
        pytest.param(
            "POST",
            "/v1/models/gemini-2.5-flash:generateContent",
            NEW,
            404,
            K.WRONG_PREFIX,
            "/v1beta/models/gemini-2.5-flash:generateContent",
            {"google-genai": None},
            id="genai-default-v1-needs-setting",
        ),
    ],
)
def test_logged_paths(
    method: str,
    path: str,
    routes: str | RouteTable,
    status: int,
    kind: ProblemKind | None,
    meant: str | None,
    fixes: dict[str, str | None],
) -> None:
    d = diagnose_path(method, path, routes=routes)
    assert d.status == status, str(d)
    assert d.ok is (kind is None)
    assert d.kind == kind, str(d)
    assert (d.meant.path if d.meant else None) == meant, str(d)
    if d.meant is not None:
        assert d.table.match(d.meant.method, d.meant.path).route == d.meant.route
    # The fixes are written on H; each table shows its own origin, or none (NO_ORIGIN).
    shown = d.origin or NO_ORIGIN
    found = {
        s.client.label(): (
            str(s.corrected_base_url).replace(shown, H, 1) if s.corrected_base_url else None
        )
        for s in d.senders
    }
    for who, fix in fixes.items():
        assert who in found, str(d)
        assert found[who] == fix, str(d)
    for sender in d.senders:  # each sender really sends the path, and its fix works
        assert any(c.request.path == d.path for c in sender.diagnosis.requests)
        if sender.corrected_base_url is not None:
            fixed = diagnose(sender.corrected_base_url, sender.diagnosis.client, routes=d.table)
            # A partial fix serves every call of the sender the proxy serves at all.
            assert fixed.ok or (sender.partial and fixed.kinds == {K.OPERATION_NOT_SERVED}), str(
                fixed
            )


def test_checkpoint_protocols() -> None:
    """The checkpoint's first two rows: /v1/ is OpenAI or Anthropic, /v1beta/ is Gemini."""
    for method, path, protocols in [
        ("GET", "/v1/models", {Protocol.OPENAI, Protocol.ANTHROPIC}),
        ("POST", "/v1/chat/completions", {Protocol.OPENAI}),
        ("POST", "/v1/messages", {Protocol.ANTHROPIC}),
        ("POST", "/v1beta/models/gemini-2.5-flash:generateContent", {Protocol.GEMINI}),
    ]:
        route = diagnose_path(method, path, routes=OLD).route
        assert route is not None
        assert set(route.protocols) == protocols


def test_seed_stacked_kilo_can_also_switch_to_gemini() -> None:
    """Summary row 3: fix the Base URL, or switch Kilo Code to its Gemini provider."""
    d = diagnose_path("POST", "/v1/chat/completions/responses", routes=OLD)
    kilo = next(s for s in d.senders if s.client.id == "kilo-code/openai")
    assert "kilo-code/google" in {a.client for a in kilo.client.alternatives}
    assert diagnose(f"{H}/v1beta", "kilo-code/google", routes=OLD).ok
    assert d.rewrite == "/v1/responses"


def test_query_narrows_the_senders() -> None:
    """claude-code alone sends ?beta=true; without the query every Anthropic SDK could."""
    with_query = diagnose_path("POST", "/v1/v1/messages?beta=true")
    assert [s.client.id for s in with_query.senders] == ["claude-code"]
    without = diagnose_path("POST", "/v1/v1/messages")
    assert {s.client.id for s in without.senders} >= {"anthropic-python", "claude-code"}


def test_query_in_base_is_found_from_the_log() -> None:
    d = diagnose_path("POST", "/v1/?x=1chat/completions")
    assert d.kind is K.QUERY_IN_BASE
    # Every client on openai-python 3.20+ puts the query there (the frameworks on 3.57.0).
    assert {s.client.id for s in d.senders} == {
        "openai-python",
        "litellm/openai",
        "langchain-openai",
        "openai-agents/chat",
        "pydantic-ai/openai-chat",
    }
    sender = d.senders[0]
    assert sender.client.id == "openai-python"
    assert str(sender.base_url) == f"{H}/v1?x=1"
    assert str(sender.corrected_base_url) == f"{H}/v1"
    assert d.rewrite is None  # what to keep of the query would be a guess


def test_partial_fix_when_no_base_url_serves_every_call() -> None:
    """openai-python also lists models and calls /responses; the bare upstream has neither.
    (Named alone: Cline sends this path from the host root, which withholds that fix.)"""
    d = diagnose_path("POST", "/v1/chat/completions", routes=BARE, clients=["openai-python"])
    sender = next(s for s in d.senders if s.client.id == "openai-python")
    assert sender.partial
    assert d.origin is None  # a table of its own: no origin known
    assert str(sender.corrected_base_url) == NO_ORIGIN
    assert "Use this Base URL instead: <origin> (for its chat-completions call" in str(d)
    assert "for its chat-completions call" in str(d)


def test_mounted_table_keeps_its_prefix() -> None:
    table = route_table(NEW).mount("/ag")
    d = diagnose_path("POST", "/v1/chat/completions", routes=table)
    assert d.kind is K.MISSING_PREFIX
    assert d.meant is not None
    assert d.meant.path == "/ag/v1/chat/completions"
    # Cherry Studio adds /v1 to a path without a version: /ag is its shortest fix.
    fixes = {s.client.id: str(s.corrected_base_url) for s in d.senders}
    assert fixes.pop("cherry-studio/openai") == f"{H}/ag"
    assert set(fixes.values()) == {f"{H}/ag/v1"}
    d = diagnose_path("POST", "/ag/v1/v1/messages?beta=true", routes=table)
    assert [str(s.corrected_base_url) for s in d.senders] == [f"{H}/ag"]


def test_origin_from_argument_or_absolute_url() -> None:
    d = diagnose_path("POST", "/v1/v1/messages?beta=true", origin="https://ag.example.com:9443")
    assert str(d.senders[0].corrected_base_url) == "https://ag.example.com:9443"
    d = diagnose_path("POST", "http://proxy.lan:9000/v1/v1/messages?beta=true")
    assert d.path == "/v1/v1/messages"
    assert str(d.senders[0].base_url) == "http://proxy.lan:9000/v1"


def test_clients_can_be_limited() -> None:
    d = diagnose_path("POST", "/v1/v1/responses", clients=["codex", "claude-code"])
    assert [s.client.id for s in d.senders] == ["codex"]


def test_explanations_in_both_languages() -> None:
    d = diagnose_path("POST", "/v1/chat/completions/responses", routes=OLD)
    en, zh = str(d), d.explain("zh")
    assert en.startswith("POST /v1/chat/completions/responses on antigravity@3.3.50: 404")
    assert "most likely meant: POST /v1/responses" in en
    assert "kilo-code/openai with Base URL http://127.0.0.1:8045/v1/chat/completions" in en
    assert "Use this Base URL instead: http://127.0.0.1:8045/v1" in en
    assert "你多半想请求：POST /v1/responses" in zh
    assert "请把 Base URL 改成：http://127.0.0.1:8045/v1" in zh
    assert str(diagnose_path("GET", "/v1/models")).endswith("routed to GET /v1/models")
    with pytest.raises(ValueError, match="unknown language"):
        d.explain("fr")


def test_text_tables_have_the_same_keys() -> None:
    assert set(TABLES["en"]) == set(TABLES["zh"])
    for kind in ProblemKind:
        assert f"path:kind-{kind.value}" in TABLES["en"]


def test_json_view_is_serialisable_and_redacted() -> None:
    d = diagnose_path(
        "POST",
        "/v1/v1/messages?beta=true&key=AIzaSyA0123456789abcdef",
        origin="http://me:sk-secret0123456789@127.0.0.1:8045",
    )
    doc = json.dumps(d.to_mapping())
    assert "0123456789" not in doc
    assert "secret" not in doc
    data = json.loads(doc)
    assert set(data) == {
        "method",
        "path",
        "routes",
        "origin",
        "status",
        "fallback_status",
        "ok",
        "kind",
        "route",
        "allowed_methods",
        "redirect",
        "meant",
        "rewrite",
        "senders",
        "unknown_senders_possible",
        "missing_clients",
        "message",
    }
    assert data["kind"] == "duplicated-prefix"
    assert data["meant"]["route"]["pattern"] == "/v1/messages"
    assert data["senders"][0]["corrected_base_url"] == H
    assert "0123456789" not in repr(d)


def test_result_is_immutable_and_cached() -> None:
    d = diagnose_path("POST", "/v1/v1/chat/completions")
    assert d is diagnose_path("POST", "/v1/v1/chat/completions")
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.kind = None  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        d.senders[0].kind = K.UNKNOWN_ROUTE  # type: ignore[misc]
    assert isinstance(d.senders, tuple)


@pytest.mark.parametrize(
    ("call", "error"),
    [
        pytest.param(lambda: diagnose_path(1, "/x"), TypeError, id="method-not-str"),  # type: ignore[arg-type]
        pytest.param(lambda: diagnose_path("GET", None), TypeError, id="path-not-str"),  # type: ignore[arg-type]
        pytest.param(lambda: diagnose_path("GE T", "/x"), ValueError, id="bad-method"),
        pytest.param(
            lambda: diagnose_path("GET", "/x", origin="localhost:8045"),
            InvalidBaseURL,
            id="bad-origin",
        ),
        pytest.param(
            lambda: diagnose_path("GET", "/x", routes="antigravty"),
            UnknownRouteTable,
            id="bad-table",
        ),
    ],
)
def test_bad_input_raises_typed_errors(call: Callable[[], object], error: type[Exception]) -> None:
    with pytest.raises(error):
        call()


def test_relative_and_odd_paths() -> None:
    assert diagnose_path("get", "v1/models").ok  # a person typing the path without "/"
    assert diagnose_path("GET", "/").kind is K.UNKNOWN_ROUTE
    huge = "/" + "a/" * 5000
    start = time.perf_counter()
    assert diagnose_path("POST", huge).kind is K.UNKNOWN_ROUTE
    assert time.perf_counter() - start < 1.0


@settings(max_examples=200, deadline=None)
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "HEAD"]),
    path=st.text(max_size=80).map(lambda s: "/" + s),
    table=st.sampled_from([NEW, OLD, "cliproxyapi", "new-api"]),
)
def test_any_path_gets_an_answer(method: str, path: str, table: str) -> None:
    d = diagnose_path(method, path, routes=table)
    assert isinstance(d, PathDiagnosis)
    assert d.ok or d.kind is not None
    assert d.rewrite is None or d.table.match(method, d.rewrite).ok
    json.dumps(d.to_mapping())
    str(d)
