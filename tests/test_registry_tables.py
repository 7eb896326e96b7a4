"""Route tables read from what the registries ship (tools/gen_registry_tables.py).

The extract step reads a wheel or an npm tarball and is not run here (no network); the route
data it wrote is committed, and these tests render it again and compare the result with the
committed tables byte for byte. The readers themselves are exercised on small sources
written here, so that a change to them is tested without the archives.
"""

from __future__ import annotations

import importlib
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from agroutes import diagnose, route_table
from agroutes._presets import FROM_REGISTRIES

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(TOOLS))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(TOOLS))


gen = _load("gen_registry_tables")
specs = _load("registry_specs")
SPECS = [pytest.param(spec, id=spec.id) for spec in specs.SPECS]


# --- the generator reproduces what is committed ------------------------------------------


@pytest.mark.parametrize("spec", SPECS)
def test_render_of_committed_data_is_the_committed_table_byte_for_byte(spec: Any) -> None:
    out = ROOT / spec.out_file
    assert gen.render(spec).encode("utf-8") == out.read_bytes(), (
        f"{spec.out_file} is not what its generator renders; run "
        "`python tools/gen_registry_tables.py render` (never edit it by hand)"
    )


@pytest.mark.parametrize("spec", SPECS)
def test_route_data_is_in_the_form_extract_writes(spec: Any) -> None:
    text = (ROOT / spec.data_file).read_text(encoding="utf-8")
    data = json.loads(text)
    assert gen.dump_data(data) == text
    assert (data["package"], data["version"], data["registry"]) == (
        spec.package,
        spec.version,
        spec.registry,
    )
    assert re.fullmatch(r"[0-9a-f]{64}", data["sha256"])
    assert data["routes"], "an extraction with no route"


def test_every_spec_is_a_preset_and_every_preset_has_a_spec() -> None:
    # (the upstream APIs of tools/gen_api_tables.py are registered beside them)
    assert {spec.id for spec in specs.SPECS} <= set(FROM_REGISTRIES)
    for spec in specs.SPECS:
        table = route_table(spec.id)
        assert table.id == spec.id
        assert table.origin == spec.origin


def test_check_mode_passes_on_the_committed_tables(capsys: pytest.CaptureFixture[str]) -> None:
    assert gen.main(["render", "--check"]) == 0
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize("spec", SPECS)
def test_every_route_cites_its_file_line_and_release(spec: Any) -> None:
    doc = json.loads((ROOT / spec.out_file).read_text(encoding="utf-8"))
    cite = re.compile(
        rf"[\w./-]+\.(py|js):\d+@{re.escape(spec.package)}=={re.escape(spec.version)}"
    )
    for route in doc["routes"]:
        assert cite.match(route["source"]), route


# --- the mappings refuse what they do not know ---------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "ai"),
    [
        pytest.param("/v1/chat/completions", True, id="chat"),
        pytest.param("/openai/deployments/{model}/chat/completions", True, id="azure"),
        pytest.param("/v1beta/models/{model}:generateContent", True, id="gemini"),
        pytest.param("/v1/messages/count_tokens", True, id="count-tokens"),
        pytest.param("/key/generate", False, id="admin"),
        pytest.param("/health/liveliness", False, id="health"),
    ],
)
def test_looks_like_ai(pattern: str, ai: bool) -> None:
    assert specs.looks_like_ai(pattern) is ai


def test_an_unmapped_ai_path_stops_the_render() -> None:
    spec = specs.COPILOT_API
    with pytest.raises(gen.RenderError, match=r"POST /v2/chat/completions"):
        gen.assign(spec, "POST", "/v2/chat/completions")
    assert gen.assign(spec, "GET", "/some/admin/page") == ("other", ())


# --- the readers, on small sources -----------------------------------------------------------


def test_python_reader_reads_decorators_add_api_route_and_prefixes() -> None:
    source = (
        "from fastapi import APIRouter\n"
        "router = APIRouter(prefix='/p')\n"
        "@router.post('/a')\n"
        "async def a(): ...\n"
        "@router.api_route('/b', methods=['get', 'POST'])\n"
        "async def b(): ...\n"
        "router.add_api_route('/c', b, methods=['PUT'])\n"
        "app.include_router(router, prefix='/x')\n"
        "@router.get(some_name)\n"
        "async def c(): ...\n"
    )
    mod = gen.read_python(source, "m.py")
    assert mod.routers == {"router": ("/p", 2)}
    stacked = "@router.get('/v1/x')\n@router.get('/x')\nasync def x(): ...\n"
    assert [r.path for r in gen.read_python(stacked, "s.py").registrations] == ["/x", "/v1/x"]
    assert [(r.methods, r.path, r.line) for r in mod.registrations] == [
        (["POST"], "/a", 3),
        (["GET", "POST"], "/b", 5),
        (["PUT"], "/c", 7),
    ]
    assert [(i.target, i.source, i.prefix) for i in mod.includes] == [("app", "router", "/x")]
    assert mod.skipped == ["m.py:9 @router.get(...)"]


@pytest.mark.parametrize(
    ("path", "pattern"),
    [
        pytest.param("/v1/models/{model_name}", "/v1/models/{model_name}", id="param"),
        pytest.param("/anthropic/{endpoint:path}", "/anthropic/{*endpoint}", id="path"),
        pytest.param("/e/{m:path}/chat/completions", "/e/{m}/chat/completions", id="mid-path"),
        pytest.param("/x/{n:int}", "/x/{n}", id="int"),
    ],
)
def test_starlette_parameters_in_agroutes_syntax(path: str, pattern: str) -> None:
    assert gen.agroutes_pattern(path, "starlette") == pattern


@pytest.mark.parametrize(
    ("first", "later", "covered"),
    [
        pytest.param("/a/{x}", "/a/b", True, id="param-takes-static"),
        pytest.param("/a/b", "/a/{x}", False, id="static-takes-one"),
        pytest.param("/a/{rest:path}", "/a/b/c", True, id="catch-all"),
        pytest.param("/a/{rest:path}", "/a", False, id="catch-all-needs-its-slash"),
        pytest.param("/a/{x}", "/a/{rest:path}", False, id="param-is-one-segment"),
        pytest.param(
            "/e/{m:path}/chat/completions", "/e/{m:path}/completions", False, id="mid-path"
        ),
        pytest.param("/openai/{e:path}", "/openai/v1/realtime/calls", True, id="pass-through"),
        pytest.param("/a/{x}", "/a/{y}", True, id="same-shape"),
        pytest.param("/a", "/a/b", False, id="shorter"),
    ],
)
def test_covers(first: str, later: str, covered: bool) -> None:
    assert gen.covers(first, later) is covered


def test_shadowed_is_per_method_and_first_registered_wins() -> None:
    rows = [("GET", "/a/{x}"), ("POST", "/a/b"), ("GET", "/a/b"), ("*", "/c"), ("GET", "/c")]
    assert gen.shadowed(rows) == {2: 0, 4: 3}
    rows = [("GET", "/{p}/v1/files/{f:path}/content"), ("GET", "/x/v1/files/{f:path}")]
    assert gen.shadowed(rows) == {}


def test_hono_join_is_mergepath() -> None:
    assert gen.hono_join("/v1/messages", "/") == "/v1/messages"
    assert gen.hono_join("/v1/messages", "/count_tokens") == "/v1/messages/count_tokens"


# --- what the tables route -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("client", "base"),
    [
        pytest.param("openai-python", "http://127.0.0.1:4141/v1", id="openai"),
        pytest.param("anthropic-python", "http://127.0.0.1:4141", id="anthropic"),
        pytest.param("claude-code", "http://127.0.0.1:4141", id="claude-code"),
    ],
)
def test_copilot_api_serves_chat_and_messages(client: str, base: str) -> None:
    d = diagnose(base, client, routes="copilot-api")
    served = [r for r in d.requests if r.match is not None and r.match.ok]
    assert served, str(d)
    if client != "openai-python":  # openai-python also sends /responses, not served here
        assert d.ok, str(d)


def _starlette_rows(spec: Any) -> list[tuple[str, str, str]]:
    data = json.loads((ROOT / spec.data_file).read_text(encoding="utf-8"))
    return [
        (m, r["path"], f"{r['file']}:{r['line']}")
        for r in data["routes"]
        if r["path"] not in spec.drop and gen.holds(spec, r)
        for m in r["methods"]
        if m != "WEBSOCKET"
    ]


@pytest.mark.parametrize("table_id", ["litellm", "vllm"])
def test_the_table_picks_the_route_starlette_picks_for_every_registration(table_id: str) -> None:
    # A sample path of every registration, matched the way Starlette does (the first
    # registered route whose regex matches and whose methods allow it) and by the table:
    # both must name the same source line. The samples fill a {name:path} inside a path with
    # one segment only: agroutes writes that as one segment (see the table's notes).
    # A forwarding catch-all (spec.expand) is written as its upstream's routes: a sample
    # under it is either one of those, citing the registration, or the upstream's 404.
    spec = next(s for s in specs.SPECS if s.id == table_id)
    rows = _starlette_rows(spec)
    regexes = [(m, gen._regex(p, spec.reader), src) for m, p, src in rows]
    forwarding = {src for _m, p, src in rows if p in spec.expand}
    table = route_table(table_id)
    checked = 0
    for method, path, _src in rows:
        for sample in gen._samples(path, spec.reader):
            if "c0/c1" in sample and not path.endswith(":path}"):
                continue
            first = next(s for m, rx, s in regexes if m in {method, "*"} and rx.match(sample))
            asked = "GET" if method == "*" else method
            found = table.match(asked, sample).route
            if first in forwarding and found is None:
                continue  # no upstream route there: forwarded, and the upstream answers 404
            assert found is not None, (method, sample, first)
            assert found.source.partition("@")[0] == first, (method, sample)
            checked += 1
    forwarded = sum(", forwarded: " in r.source for r in table.routes)
    assert checked >= len(table.routes) - forwarded


def test_litellm_serves_each_protocol_at_the_host_root() -> None:
    for client in ("openai-python", "anthropic-python", "claude-code", "codex"):
        d = diagnose("http://127.0.0.1:4000", client, routes="litellm")
        assert d.ok, str(d)
    # The /v1 an OpenAI user types is served as well: LiteLLM registers both.
    assert diagnose("http://127.0.0.1:4000/v1", "openai-python", routes="litellm").ok


@pytest.mark.parametrize(
    ("client", "typed", "corrected"),
    [
        pytest.param("openai-python", "/v1/v1", "/v1", id="openai-duplicated"),
        pytest.param("openai-python", "/v1/chat/completions", "/v1", id="openai-stacked"),
        pytest.param("anthropic-python", "/v1", "", id="anthropic-duplicated"),
        pytest.param("claude-code", "/v1", "", id="claude-code-duplicated"),
    ],
)
def test_litellm_corrections_are_the_simplest_base_url(
    client: str, typed: str, corrected: str
) -> None:
    d = diagnose("http://127.0.0.1:4000" + typed, client, routes="litellm")
    assert not d.ok
    assert d.corrected_base_url is not None
    assert d.corrected_base_url.path.rstrip("/") == corrected, str(d)


def test_litellm_has_no_gemini_models_list() -> None:
    table = route_table("litellm")
    assert table.match("GET", "/v1beta/models").status == 404
    assert table.match("POST", "/v1beta/models/gemini-2.5-flash:generateContent").ok
    assert table.match("POST", "/models/gemini-2.5-flash:generateContent").ok


def test_litellm_pass_throughs_to_unknown_apis_carry_no_protocol() -> None:
    route = route_table("litellm").match("POST", "/mistral/v1/chat/completions").route
    assert route is not None
    assert route.pattern == "/mistral/{*endpoint}"
    assert route.operation == "passthrough"
    assert not route.protocols


@pytest.mark.parametrize(
    ("method", "path", "pattern", "line"),
    [
        pytest.param("POST", "/anthropic/v1/messages", "/anthropic/v1/messages", 1081, id="a"),
        pytest.param(
            "POST",
            "/gemini/v1beta/models/gemini-2.5-flash:generateContent",
            "/gemini/v1beta/models/{model}:generateContent",
            394,
            id="gemini",
        ),
        pytest.param("GET", "/gemini/v1beta/models", "/gemini/v1beta/models", 394, id="g-list"),
        pytest.param("POST", "/openai/chat/completions", "/openai/chat/completions", 3369, id="o"),
        pytest.param("GET", "/openai/v1/models", "/openai/v1/models", 3369, id="openai-v1"),
    ],
)
def test_litellm_forwarding_catch_alls_are_the_upstream_routes_citing_the_registration(
    method: str, path: str, pattern: str, line: int
) -> None:
    route = route_table("litellm").match(method, path).route
    assert route is not None
    assert route.pattern == pattern
    assert route.protocols
    assert route.source.startswith(
        f"litellm/proxy/pass_through_endpoints/llm_passthrough_endpoints.py:{line}@"
    )


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/anthropic/v1/v1/messages", id="doubled"),
        pytest.param("/anthropic/v1/messages/responses", id="stacked"),
        pytest.param("/gemini/v1beta/v1beta/models/m:generateContent", id="gemini-doubled"),
    ],
)
def test_litellm_forwarded_mistakes_are_the_upstream_404(path: str) -> None:
    # LiteLLM's router takes them (the catch-all forwards them), and the provider answers
    # 404: the table writes that end result.
    assert route_table("litellm").match("POST", path).status == 404


def test_litellm_earlier_routes_keep_their_place_over_the_forwarded_ones() -> None:
    table = route_table("litellm")
    route = table.match("POST", "/openai/v1/responses").route
    assert route is not None
    assert route.source.startswith("litellm/proxy/response_api_endpoints/endpoints.py")
    route = table.match("POST", "/openai/deployments/gpt-4o/chat/completions").route
    assert route is not None
    assert route.source.startswith("litellm/proxy/proxy_server.py")


def _flat(routes: Any, prefix: str = "") -> Any:
    """(method, path) of every HTTP route, descending into FastAPI's _IncludedRouter."""
    for route in routes:
        if type(route).__name__ == "_IncludedRouter":
            inner = prefix + (getattr(route.include_context, "prefix", "") or "")
            yield from _flat(route.original_router.routes, inner)
        else:
            for method in sorted(getattr(route, "methods", None) or []):
                yield method, prefix + route.path


def test_litellm_app_routes_at_run_time_agree_with_the_static_read() -> None:
    # With litellm==1.110.2 importable (its [proxy] dependencies installed), the eager
    # routes of its app (lazy features not loaded) come in the order the static read says.
    proxy = pytest.importorskip("litellm.proxy.proxy_server")
    version = importlib.import_module("importlib.metadata").version("litellm")
    if version != specs.LITELLM.version:
        pytest.skip(f"litellm {version} installed, the table reads {specs.LITELLM.version}")
    data = json.loads((ROOT / specs.LITELLM.data_file).read_text(encoding="utf-8"))
    static = [
        (m, r["path"])
        for r in data["routes"]
        if "lazy feature" not in r["how"]
        for m in r["methods"]
        if m != "WEBSOCKET"
    ]
    seen = [row for row in _flat(proxy.app.routes) if row[0] != "HEAD"]
    common = set(static) & set(seen)
    assert len(common) > 550
    in_static = [row for row in dict.fromkeys(static) if row in common]
    at_run_time = [row for row in dict.fromkeys(seen) if row in common]
    assert in_static == at_run_time


def test_vllm_serves_one_layout_under_v1() -> None:
    for client in ("openai-python", "codex"):
        assert diagnose("http://127.0.0.1:8000/v1", client, routes="vllm").ok, client
    for client in ("anthropic-python", "claude-code"):
        assert diagnose("http://127.0.0.1:8000", client, routes="vllm").ok, client
    d = diagnose("http://127.0.0.1:8000", "openai-python", routes="vllm")
    assert d.corrected_base_url is not None
    assert d.corrected_base_url.path == "/v1"


def test_vllm_leaves_out_what_the_default_configuration_does_not_register() -> None:
    table = route_table("vllm")
    assert table.match("POST", "/v1/embeddings").status == 404  # pooling models only
    assert table.match("POST", "/reset_prefix_cache").status == 404  # VLLM_SERVER_DEV_MODE
    assert table.match("POST", "/v1/load_lora_adapter").status == 404  # runtime LoRA
    # --enable-scale-out off: the paths stay registered, with a handler that answers 403.
    render = table.match("POST", "/v1/chat/completions/render")
    assert render.route is not None
    assert render.route.operation == "scale-out-disabled"


def test_a_condition_without_a_value_stops_the_render() -> None:
    spec = specs.VLLM
    row = {
        "file": "f.py",
        "line": 1,
        "methods": ["GET"],
        "path": "/x",
        "how": "decorator",
        "router": "m:router",
        "guards": ["f.py:9: envs.SOMETHING_NEW"],
    }
    with pytest.raises(gen.RenderError, match="SOMETHING_NEW"):
        gen.holds(spec, row)
    known = next(iter(spec.assume))
    assert gen.holds(spec, row | {"guards": [known]}) is spec.assume[known]
    assert gen.holds(spec, row | {"guards": [f"not {known}"]}) is not spec.assume[known]


def test_python_reader_keeps_the_conditions_of_a_registration() -> None:
    source = (
        "router = APIRouter()\n"
        "def attach(app):\n"
        "    if flag:\n"
        "        @router.get('/a')\n"
        "        async def a(): ...\n"
        "    else:\n"
        "        router.add_api_route('/b', b)\n"
        "    app.include_router(router)\n"
    )
    mod = gen.read_python(source, "m.py")
    assert [(r.path, r.guards) for r in mod.registrations] == [
        ("/a", ("m.py:3: flag",)),
        ("/b", ("not m.py:3: flag",)),
    ]
