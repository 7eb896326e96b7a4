"""The upstream APIs' tables: generated from their published specifications.

``tools/gen_api_tables.py`` extracts each specification's routes into ``tools/data/`` and
renders them into ``src/agroutes/data/ID.json``. No network: the extraction data is
committed, and each reader is exercised here on a small document written for the test.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from agroutes import ProblemKind, diagnose, route_table
from agroutes._presets import FROM_REGISTRIES
from agroutes.tables import BUILTIN_TABLES, table_from_data

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"


def _load(name: str) -> ModuleType:
    """A module of tools/ (they import each other by name, as scripts run from there do)."""
    sys.path.insert(0, str(TOOLS))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(TOOLS))


gen = _load("gen_api_tables")
specs = _load("api_specs")
SPECS = [pytest.param(api, id=api.id) for api in specs.SPECS]
EXTRACTED = [pytest.param(api, id=api.id) for api in specs.SPECS if api.base is None]


# --- the generator reproduces what is committed ------------------------------------------


@pytest.mark.parametrize("api", SPECS)
def test_render_of_committed_data_is_the_committed_table_byte_for_byte(api: Any) -> None:
    out = ROOT / api.out_file
    assert gen.render(api).encode("utf-8") == out.read_bytes(), (
        f"{api.out_file} is not what its generator renders; run "
        "`python tools/gen_api_tables.py render` (never edit it by hand)"
    )


def test_render_check_passes_on_the_committed_tables() -> None:
    assert gen.main(["render", "--check"]) == 0


@pytest.mark.parametrize("api", EXTRACTED)
def test_extraction_data_is_in_the_form_extract_writes(api: Any) -> None:
    text = (ROOT / api.data_file).read_text(encoding="utf-8")
    data = json.loads(text)
    assert gen.dump(data) == text
    assert data["table"] == api.id
    gen.check_unique(data["routes"])
    source = data["source"]
    if "commit" in source:  # a repository read at a pinned commit
        assert re.fullmatch(r"[0-9a-f]{40}", source["commit"])
        assert specs.PINS[api.id]["ref"] in (source["ref"], source["commit"])
    else:  # a package read at its pinned release
        assert source["version"] == specs.PINS[api.id]["version"]
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", source["read_on"])


@pytest.mark.parametrize("api", SPECS)
def test_every_table_is_a_preset_under_its_own_id(api: Any) -> None:
    assert api.id in FROM_REGISTRIES
    assert api.id in BUILTIN_TABLES
    table = route_table(api.id)
    assert table.id == api.id
    assert table.title == api.title
    assert table.origin == api.origin


@pytest.mark.parametrize(
    ("table_id", "count"),
    [
        pytest.param("openai-api", 281, id="openai-api"),
        pytest.param("openai-compatible", 5, id="openai-compatible"),
        pytest.param("anthropic-api", 286, id="anthropic-api"),
        pytest.param("gemini-api", 104, id="gemini-api"),
        pytest.param("openrouter", 97, id="openrouter"),
        pytest.param("lm-studio", 17, id="lm-studio"),
    ],
)
def test_route_counts(table_id: str, count: int) -> None:
    assert len(route_table(table_id).routes) == count


def test_the_openai_compatible_shape_is_derived_from_openai_api() -> None:
    shape = route_table("openai-compatible")
    full = {(m, r.pattern): r for r in route_table("openai-api").routes for m in r.methods}
    kept = [(m, r.pattern) for r in shape.routes for m in r.methods]
    assert sorted(kept) == sorted(specs.OPENAI_COMPATIBLE)
    for route in shape.routes:
        (method,) = route.methods
        assert route == full[method, route.pattern]  # same operation, protocol and source
    assert shape.origin is None  # a shape, not a product


def test_only_the_calls_clients_make_carry_a_protocol() -> None:
    table = route_table("openai-api")
    spoken = {r.pattern: r.operation for r in table.routes if r.protocols}
    assert spoken == {
        "/v1/models": "list-models",
        "/v1/chat/completions": "chat-completions",
        "/v1/completions": "completions",
        "/v1/responses": "responses",
    }


def test_gemini_routes_write_the_action_inside_the_model_segment() -> None:
    table = route_table("gemini-api")
    for version in ("v1", "v1beta"):
        m = table.match("POST", f"/{version}/models/gemini-2.5-flash:streamGenerateContent")
        assert m.route is not None
        assert m.route.pattern == f"/{version}/models/{{model}}:streamGenerateContent"
        assert m.route.operation == "stream-generate-content"
        assert m.params == {"model": "gemini-2.5-flash"}
        get = table.match("GET", f"/{version}/models/gemini-2.5-flash")
        assert get.route is not None
        assert get.route.operation == "get-model"
    openai = table.match("POST", "/v1beta/openai/chat/completions").route
    assert openai is not None
    assert openai.source.startswith("https://ai.google.dev/gemini-api/docs/openai")


# --- what the diagnoses say on them --------------------------------------------------------


@pytest.mark.parametrize("client_id", ["anthropic-python", "claude-code", "kilo-code/anthropic"])
def test_an_anthropic_client_has_no_base_url_on_api_openai_com(client_id: str) -> None:
    d = diagnose("https://api.openai.com/v1", client_id, routes="openai-api")
    assert not d.ok
    assert d.corrected_base_url is None
    assert d.kinds == {ProblemKind.UNSUPPORTED_BY_PROXY}
    assert "no anthropic route" in str(d)


def test_a_stacked_endpoint_on_api_openai_com_is_the_wrong_handler_not_served() -> None:
    # POST /v1/chat/completions/responses is routed (update a stored chat completion), but
    # to no handler of the Responses call.
    d = diagnose("https://api.openai.com/v1/chat/completions", "codex", routes="openai-api")
    assert not d.ok
    assert ProblemKind.PROTOCOL_MISMATCH in d.kinds
    assert str(d.corrected_base_url) == "https://api.openai.com/v1"


@pytest.mark.parametrize(
    ("typed", "client_id", "expected"),
    [
        pytest.param("https://openrouter.ai/v1", "openai-python", "https://openrouter.ai/api/v1",
                     id="openai-missing-api"),
        pytest.param("https://openrouter.ai/api/v1/messages", "claude-code",
                     "https://openrouter.ai/api", id="claude-code-stacked"),
        pytest.param("https://openrouter.ai/api/v1/chat/completions", "codex",
                     "https://openrouter.ai/api/v1", id="codex-stacked-not-a-preset"),
    ],
)  # fmt: skip
def test_openrouter_corrections(typed: str, client_id: str, expected: str) -> None:
    d = diagnose(typed, client_id, routes="openrouter")
    assert str(d.corrected_base_url) == expected
    assert diagnose(expected, client_id, routes="openrouter").ok


def test_anthropic_python_on_openrouter_lacks_count_tokens() -> None:
    d = diagnose("https://openrouter.ai/api", "anthropic-python", routes="openrouter")
    assert ProblemKind.OPERATION_NOT_SERVED in d.kinds
    assert str(d.corrected_base_url) == "https://openrouter.ai/api"


@pytest.mark.parametrize(
    "client_id", ["google-genai", "gemini-cli", "kilo-code/google"], ids=str
)  # fmt: skip
def test_gemini_clients_work_on_the_gemini_api(client_id: str) -> None:
    table = route_table("gemini-api")
    base = "https://generativelanguage.googleapis.com"
    if client_id == "kilo-code/google":
        base += "/v1beta"
    assert diagnose(base, client_id, routes=table).ok


def test_openai_python_on_gemini_finds_chat_only() -> None:
    base = "https://generativelanguage.googleapis.com/v1beta/openai"
    d = diagnose(base, "kilo-code/openai-compatible", routes="gemini-api")
    assert d.ok
    full = diagnose(base, "openai-python", routes="gemini-api")
    assert full.kinds == {ProblemKind.OPERATION_NOT_SERVED}


def test_lm_studio_answers_200_for_what_it_does_not_route() -> None:
    table = route_table("lm-studio")
    assert table.origin == "http://127.0.0.1:1234"
    assert table.quirks is not None
    assert table.quirks.answer("POST") == (200, "json")
    assert table.quirks.answer("GET") == (200, "json")
    # A wrong method is an unknown endpoint to it too: a miss, never a 405.
    assert table.match("GET", "/v1/chat/completions").status == 404
    assert diagnose("http://127.0.0.1:1234/v1", "openai-python", routes=table).ok
    assert diagnose("http://127.0.0.1:1234", "claude-code", routes=table).ok


# --- the library fixes these tables needed ---------------------------------------------------


def test_a_document_with_a_mount_prefix_keeps_its_id() -> None:
    table = table_from_data(
        {"id": "mine", "mount_prefix": "/api", "routes": [{"methods": "GET", "pattern": "/x"}]}
    )
    assert (table.id, table.mount_prefix, table.routes[0].pattern) == ("mine", "/api", "/api/x")


def test_mounting_a_mounted_table_puts_the_new_prefix_in_front() -> None:
    table = route_table("openrouter").mount("/ag")
    assert table.mount_prefix == "/ag/api"
    assert table.match("POST", "/ag/api/v1/chat/completions").ok
    d = diagnose("http://h/ag/v1", "openai-python", routes=table)
    assert str(d.corrected_base_url) == "http://h/ag/api/v1"


# --- the readers, on small documents written here ------------------------------------------

OPENAPI = """\
openapi: 3.1.0
servers:
  - url: https://api.example.com/v1
paths:
  /chat/completions:
    post:
      operationId: createChatCompletion
    get:
      operationId: listChatCompletions
  '/models/{model}':
    parameters:
      - name: model
    get:
      operationId: retrieveModel
  /responses?beta=true:
    post:
      operationId: beta_createResponse
webhooks:
  batch_done:
    post:
      operationId: notAPath
"""


def test_openapi_reader_reads_paths_methods_and_lines() -> None:
    server, found = gen.openapi_operations(OPENAPI)
    assert server == "https://api.example.com/v1"
    assert found == [
        ("/chat/completions", "POST", "createChatCompletion", 6),
        ("/chat/completions", "GET", "listChatCompletions", 8),
        ("/models/{model}", "GET", "retrieveModel", 13),
        ("/responses?beta=true", "POST", "beta_createResponse", 16),
    ]


def test_openapi_reader_refuses_a_path_without_a_method() -> None:
    text = OPENAPI.replace("    get:\n      operationId: retrieveModel\n", "")
    with pytest.raises(gen.ExtractError, match="has no method"):
        gen.openapi_operations(text)


@pytest.mark.parametrize(
    ("template", "pattern"),
    [
        pytest.param("/v1beta/{model=models/*}:generateContent",
                     "/v1beta/models/{model}:generateContent", id="action"),
        pytest.param("/v1beta/{name=tunedModels/*/permissions/*}",
                     "/v1beta/tunedModels/{tunedModel}/permissions/{permission}", id="nested"),
        pytest.param("/v1/{name=operations/**}", "/v1/operations/{*operation}", id="catch-all"),
        pytest.param("/v1beta/{name=batches}", "/v1beta/batches", id="no-star"),
        pytest.param("/v1beta/{parent=corpora/*/documents/*}/chunks:batchCreate",
                     "/v1beta/corpora/{corpus}/documents/{document}/chunks:batchCreate",
                     id="static-action"),
    ],
)  # fmt: skip
def test_http_templates_in_agroutes_syntax(template: str, pattern: str) -> None:
    assert gen.http_pattern(template) == pattern


@pytest.mark.parametrize(
    "template",
    [
        pytest.param("/v1/{name=widgets/*}", id="unknown-collection"),
        pytest.param("/v1/{name}", id="bare-variable"),
    ],
)
def test_http_templates_that_cannot_be_named_stop_the_extract(template: str) -> None:
    with pytest.raises(gen.ExtractError):
        gen.http_pattern(template)


SDK_MODULE = """\
class Messages:
    def create(self):
        return self._post(
            "/v1/messages",
            options=make_request_options(span_name="anthropic.messages.create"),
        )

    def retrieve(self, model_id):
        return self._get(
            path_template("/v1/models/{model_id}", model_id=model_id),
            options=make_request_options(span_name="anthropic.models.retrieve"),
        )

    def results(self, batch):
        return self._get(
            path_template(batch.results_url),
            options=make_request_options(
                span_name="anthropic.messages.batches.results",
                span_route="/v1/messages/batches/{message_batch_id}/results",
            ),
        )

    def search(self):
        return self._get_api_list("/v1/things", method="post", span_name="anthropic.things")
"""


def test_sdk_reader_reads_literal_paths_templates_and_declared_routes() -> None:
    assert list(gen.sdk_calls(SDK_MODULE, "m.py")) == [
        ("POST", "/v1/messages", "messages.create", 3),
        ("GET", "/v1/models/{model_id}", "models.retrieve", 9),
        ("GET", "/v1/messages/batches/{message_batch_id}/results", "messages.batches.results", 15),
        ("POST", "/v1/things", "things", 24),
    ]


def test_sdk_reader_refuses_a_path_it_cannot_read() -> None:
    module = 'class A:\n    def f(self, p):\n        return self._get(p, span_name="anthropic.a")\n'
    with pytest.raises(gen.ExtractError, match="no literal path"):
        list(gen.sdk_calls(module, "a.py"))


DOC_PAGE = """\
<table>
  <tbody>
    <tr>
      <td><code>/v1/models</code></td>
      <td><ApiMethod method="GET" /></td>
      <td><a href="/docs/developer/openai-compat/models">Models</a></td>
    </tr>
  </tbody>
</table>

- [`POST /api/v0/chat/completions`](#post-apiv0chatcompletions) - Chat Completions (messages)
"""


def test_docs_reader_reads_endpoint_tables_and_lists() -> None:
    assert list(gen.doc_routes(DOC_PAGE)) == [
        ("GET", "/v1/models", "Models", 4),
        ("POST", "/api/v0/chat/completions", "Chat Completions", 11),
    ]
    site = "https://lmstudio.ai/docs"
    assert gen.doc_page(site, "1_developer/2_rest/index.mdx") == f"{site}/developer/rest"
    assert gen.doc_page(site, "1_developer/2_rest/endpoints.mdx") == (
        f"{site}/developer/rest/endpoints"
    )


@pytest.mark.parametrize(
    ("name", "kebab"),
    [
        pytest.param("createChatCompletion", "create-chat-completion", id="camel"),
        pytest.param("GenerateContent", "generate-content", id="pascal"),
        pytest.param("Download Status", "download-status", id="words"),
        pytest.param("beta_Getinputtokencounts", "beta-getinputtokencounts", id="underscore"),
    ],
)
def test_kebab(name: str, kebab: str) -> None:
    assert gen.kebab(name) == kebab


def test_a_canonical_name_by_accident_stops_the_render(tmp_path: Path) -> None:
    data = {
        "table": "t",
        "source": {"repository": "o/r", "ref": "x", "commit": "x", "file": "f", "read_on": "d"},
        "generator": "g",
        "skipped": [],
        "routes": [{"method": "GET", "path": "/v1/models", "name": "listModels", "source": "f:1"}],
    }
    (tmp_path / "t.json").write_text(json.dumps(data), encoding="utf-8")
    api = specs.ApiSpec(
        id="t",
        title="t",
        source="openapi",
        data_file="t.json",
        origin=None,
        protocols=("openai",),
        canonical={},
    )
    with pytest.raises(gen.RenderError, match="'list-models', a canonical operation"):
        gen.render(api, tmp_path)
    stale = specs.ApiSpec(
        id="t",
        title="t",
        source="openapi",
        data_file="t.json",
        origin=None,
        protocols=("openai",),
        canonical={("GET", "/v1/models"): "list-models", ("POST", "/v1/gone"): "responses"},
    )
    with pytest.raises(gen.RenderError, match="mapped but not in the data"):
        gen.render(stale, tmp_path)


def test_anthropic_routes_are_what_the_installed_sdk_calls() -> None:
    # The one source CI has at hand: the SDK the conformance group pins.
    pin = specs.PINS["anthropic-api"]
    try:
        installed = importlib.metadata.version(pin["package"])
    except importlib.metadata.PackageNotFoundError:
        pytest.skip(f"{pin['package']} is not installed")
    if installed != pin["version"]:
        pytest.skip(f"{pin['package']} {installed} is installed, the table reads {pin['version']}")
    committed = json.loads((ROOT / specs.spec("anthropic-api").data_file).read_text("utf-8"))
    fresh = gen.extract_sdk("anthropic-api")
    assert fresh["routes"] == committed["routes"]
    assert fresh["source"] | {"read_on": ""} == committed["source"] | {"read_on": ""}
