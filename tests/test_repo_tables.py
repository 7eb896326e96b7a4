"""Route tables generated from the proxies' public repositories (tools/gen_repo_tables.py).

No network: the route data each extract step read is committed in tools/data/; this test
renders it again and compares the result with the committed table byte for byte, and runs
each framework reader on a small router written here (not a proxy's code).
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

from agroutes import route_table
from agroutes._presets import FROM_REPOSITORIES, RELEASES
from agroutes.tables import BUILTIN_TABLES

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(TOOLS))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(TOOLS))


gen = _load("gen_repo_tables")
SPECS = [pytest.param(spec, id=spec.id) for spec in gen.SPECS]


@pytest.mark.parametrize("spec", SPECS)
def test_render_of_committed_data_is_the_committed_table_byte_for_byte(spec: Any) -> None:
    out = ROOT / spec.out_file
    assert gen.render(spec).encode("utf-8") == out.read_bytes(), (
        f"{spec.out_file} is not what its generator renders; run "
        "`python tools/gen_repo_tables.py render` (never edit it by hand)"
    )


@pytest.mark.parametrize("spec", SPECS)
def test_route_data_is_pinned_and_in_the_form_extract_writes(spec: Any) -> None:
    text = (ROOT / spec.data_file).read_text(encoding="utf-8")
    data = json.loads(text)
    assert (data["repo"], data["tag"], data["reader"]) == (spec.repo, spec.tag, spec.reader)
    assert re.fullmatch(r"[0-9a-f]{40}", data["commit"])
    assert data["files"] == list(spec.files)
    assert gen.dump(data) == text


@pytest.mark.parametrize("spec", SPECS)
def test_every_route_cites_a_registration_line_of_a_file_read(spec: Any) -> None:
    table = route_table(spec.id)
    data = json.loads((ROOT / spec.data_file).read_text(encoding="utf-8"))
    registered = {f"{r['file']}:{r['line']}" for r in data["routes"]}
    # Each registration is one route, or the upstream layout a catch-all is written as.
    expanded = sum(len(spec.expand[key]) - 1 for key in spec.expand)
    assert len(table.routes) == len(data["routes"]) + expanded
    assert {route.source for route in table.routes} == registered
    for route in table.routes:
        assert route.source.rpartition(":")[0] in spec.files


def test_every_spec_is_a_preset_from_a_repository() -> None:
    # The newest release of each proxy is in FROM_REPOSITORIES; the past ones (NAME@VERSION,
    # tools/repo_release_specs.py) are releases of such a proxy in RELEASES.
    assert set(FROM_REPOSITORIES) == {spec.id for spec in gen.LATEST}
    for spec in gen.RELEASE_SPECS:
        assert spec.release_of in FROM_REPOSITORIES
        number = tuple(int(x) for x in spec.tag.removeprefix("v").split("."))
        assert (number, spec.id) in RELEASES[spec.release_of]
    for spec in gen.SPECS:
        assert spec.id in BUILTIN_TABLES
        assert route_table(spec.id).id == spec.id
        assert route_table(spec.id).origin == spec.origin


def test_a_route_the_mapping_does_not_know_stops_the_render(tmp_path: Path) -> None:
    spec = gen.SPECS[0]
    data = json.loads((ROOT / spec.data_file).read_text(encoding="utf-8"))
    data["routes"].append(dict(data["routes"][-1], path="/v1/unheard-of", line=99999))
    (tmp_path / spec.data_file).parent.mkdir(parents=True)
    (tmp_path / spec.data_file).write_text(gen.dump(data), encoding="utf-8")
    with pytest.raises(gen.RenderError, match="no operation for POST /v1/unheard-of"):
        gen.render(spec, tmp_path)


def test_a_mapping_entry_no_route_uses_stops_the_render(tmp_path: Path) -> None:
    spec = gen.SPECS[0]
    data = json.loads((ROOT / spec.data_file).read_text(encoding="utf-8"))
    dropped = data["routes"].pop()
    (tmp_path / spec.data_file).parent.mkdir(parents=True)
    (tmp_path / spec.data_file).write_text(gen.dump(data), encoding="utf-8")
    with pytest.raises(gen.RenderError, match="mapped but not registered"):
        gen.render(spec, tmp_path)
    assert dropped["path"]


def test_check_mode_passes_on_the_committed_tables() -> None:
    assert gen.main(["render", "--check"]) == 0


# --- the readers, on small routers written here (not a proxy's code) -----------------------

GIN_SAMPLE = r"""package server

func (s *Server) routes() (http.Handler, error) {
	r := gin.Default()
	r.HandleMethodNotAllowed = true
	// r.GET("/commented", h)
	r.GET("/", func(c *gin.Context) { c.String(200, "}") })
	v1 := r.Group("/v1")
	{
		v1.Any("/proxy/:id/*rest", s.relay)
		v1.POST("/chat/completions", s.withLogging("/v1/chat", s.Chat)...)
	}
	return r, nil
}

func Serve() {
	h, _ := s.routes()
	http.Handle("/", h)
}
"""


def test_gin_reader_reads_any_engine_flags_and_the_mux_mount() -> None:
    reader = gen.GinReader(GIN_SAMPLE, "routes.go", frozenset({"r"}))
    reader.read()
    rows = [(r["line"], r["method"], r["path"], r["handlers"]) for r in reader.routes]
    assert rows == [
        (7, "GET", "/", ["func literal"]),
        (10, "ANY", "/v1/proxy/:id/*rest", ["s.relay"]),
        (11, "POST", "/v1/chat/completions", ["call s.withLogging(...)"]),
    ]
    assert gen.gin_flags(reader.tokens, frozenset({"r"}), "routes.go") == [
        {"file": "routes.go", "line": 5, "flag": "HandleMethodNotAllowed", "value": True}
    ]
    assert [(m["line"], m["path"]) for m in reader.mux] == [(18, "/")]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param("r.HandleMethodNotAllowed = true", "r.RemoveExtraSlash = true", id="flag"),
        pytest.param(
            "r.HandleMethodNotAllowed = true", "r.HandleMethodNotAllowed = on", id="expression"
        ),
    ],
)
def test_gin_flags_the_reader_does_not_model_stop_it(old: str, new: str) -> None:
    reader = gen.GinReader(GIN_SAMPLE.replace(old, new), "routes.go", frozenset({"r"}))
    reader.read()
    with pytest.raises(gen.ExtractError):
        gen.gin_flags(reader.tokens, frozenset({"r"}), "routes.go")


def test_gin_any_on_an_unknown_receiver_stops_the_reader() -> None:
    source = GIN_SAMPLE.replace('v1.Any("/proxy', 'v2.Any("/proxy')
    with pytest.raises(gen.ExtractError, match="Any on an unknown receiver"):
        gen.GinReader(source, "routes.go", frozenset({"r"})).read()


GIN_HELPERS = r"""package router

func SetRelayRouter(router *gin.Engine) {
	mj := router.Group("/mj")
	registerMj(mj)
	mode := router.Group("/:mode/mj")
	if enabled {
		registerMj(mode)
	}
	router.GET(path, h.ServeWebsocket)
}

func registerMj(g *gin.RouterGroup) {
	g.GET("/image/:id", relay.Image)
	g.Use(middleware.TokenAuth())
	{
		g.POST("/submit/imagine", controller.Mj)
	}
}
"""


def test_gin_route_helpers_are_read_under_each_callers_group() -> None:
    reader = gen.GinReader(GIN_HELPERS, "relay.go", frozenset({"router"}))
    reader.read()
    rows = [(r["line"], r["method"], r["path"], r["group"], r["guard"]) for r in reader.routes]
    assert rows == [
        (14, "GET", "/mj/image/:id", "mj", None),
        (17, "POST", "/mj/submit/imagine", "mj", None),
        (14, "GET", "/:mode/mj/image/:id", "mode", 7),  # the call's `if`
        (17, "POST", "/:mode/mj/submit/imagine", "mode", 7),
    ]
    # A path known only at run time is kept as data, never a route.
    assert reader.dynamic == [
        {"file": "relay.go", "line": 10, "method": "GET", "path": "path", "group": "router"}
    ]


def test_a_gin_route_helper_called_on_no_known_group_stops_the_reader() -> None:
    source = GIN_HELPERS.replace("registerMj(mj)", "registerMj(other)")
    with pytest.raises(gen.ExtractError, match="of no known group"):
        gen.GinReader(source, "relay.go", frozenset({"router"})).read()


def test_patterns_of_each_framework() -> None:
    assert gen.axum_pattern("/v1beta/*path") == "/v1beta/{*path}"
    assert gen.axum_pattern("/v1/models/:model") == "/v1/models/{model}"
    assert gen.starlette_pattern("/v1beta/files/{file_id:path}") == "/v1beta/files/{*file_id}"
    assert gen.starlette_pattern("/m/{name}:generateContent") == "/m/{name}:generateContent"
    assert gen.starlette_pattern("/k/{n:int}") == "/k/{n}"
    assert (
        gen.express_pattern("/v1beta/models/:m\\:countTokens") == "/v1beta/models/{m}:countTokens"
    )
    assert gen.express_pattern("/admin-next/*") == "/admin-next/{*rest}"
    assert gen.express_pattern("/droid/*/v1/models") == "/droid/{star}/v1/models"
    with pytest.raises(gen.RenderError):
        gen.express_pattern("/v1/:id?")
    with pytest.raises(gen.RenderError):
        gen.starlette_pattern("/{rest:path}/tail")


JS_SAMPLE = r"""const express = require('express')
const router = express.Router()
const other = require('./other')

/* router.get('/in-a-comment', h) */
const re = /router\.post\('\/not-a-route'/g
router.post('/v1/messages', auth, async (req, res) => {
  res.json({ text: `router.get('/in-a-template')` })
})
router.get(['/a', '/b'], h) // router.get('/trailing-comment', h)
if (enabled) {
  router.all('/guarded/', h)
}
router.use('/sub', other)
router.get('/v1internal\\:quota', h)
module.exports = router
"""


def test_js_tokens_skip_comments_regexes_and_templates() -> None:
    reader = gen.ExpressReader(JS_SAMPLE, "r.js", frozenset({"router"})).read()
    rows = [(r["line"], r["method"], r["path"], r["guard"]) for r in reader.routes]
    assert rows == [
        (7, "POST", "/v1/messages", None),
        (10, "GET", "/a", None),
        (10, "GET", "/b", None),
        (12, "ANY", "/guarded/", 11),
        (15, "GET", "/v1internal\\:quota", None),
    ]
    assert reader.requires == {"express": "express", "other": "./other"}
    assert [(u["line"], u["path"], u["routers"]) for u in reader.uses] == [(14, "/sub", ["other"])]


def test_js_shapes_the_reader_does_not_know_stop_it() -> None:
    with pytest.raises(gen.ExtractError):
        gen.ExpressReader(
            JS_SAMPLE.replace("['/a', '/b']", "paths"), "r.js", frozenset({"router"})
        ).read()
    with pytest.raises(gen.ExtractError):
        gen.ExpressReader("router.route('/x').get(h)", "r.js", frozenset({"router"})).read()
    with pytest.raises(gen.ExtractError, match="unterminated"):
        list(gen.tokenize_js("router.get('/x, h)\n"))


PY_ROUTES = """
from app.router import models_routes

def setup(app):
    app.include_router(models_routes.router)

    @app.get("/health")
    async def health():
        return {}
"""
PY_MODELS = """
from app.core.constants import API_VERSION

router = APIRouter(prefix=f"/gemini/{API_VERSION}")
plain = APIRouter()

@router.get("/models")
async def models():  # @router.post("/in-a-comment")
    return "@router.get('/in-a-string')"

@router.post("/models/{name}:generateContent")
@plain.post("/not-included")
async def generate():
    pass

@router.api_route("/upload/{p:path}", methods=["GET", "PUT"])
async def upload():
    pass
"""


def _fastapi(models: str = PY_MODELS) -> Any:
    spec = gen.SPECS[0].__class__(
        id="sample",
        repo="sample/sample",
        tag="v0",
        title="",
        reader="fastapi",
        files=("app/router/routes.py", "app/core/constants.py", "app/router/models_routes.py"),
        function="app/router",
        constants="app/core/constants.py",
        router="starlette",
        origin=None,
        quirks=None,
        routes={},
        notes=(),
    )
    sources = {
        "app/router/routes.py": PY_ROUTES,
        "app/core/constants.py": 'API_VERSION = "v1beta"\n',
        "app/router/models_routes.py": models,
    }
    return gen.FastAPIReader(spec, sources)


def test_fastapi_reader_follows_include_router_and_constants() -> None:
    includes, routes = _fastapi().read()
    assert [(i["line"], i["prefix"]) for i in includes] == [(5, "/gemini/v1beta")]
    rows = [(r["file"].rpartition("/")[2], r["line"], r["method"], r["path"]) for r in routes]
    assert rows == [
        ("models_routes.py", 7, "GET", "/gemini/v1beta/models"),
        ("models_routes.py", 11, "POST", "/gemini/v1beta/models/{name}:generateContent"),
        ("models_routes.py", 16, "GET", "/gemini/v1beta/upload/{p:path}"),
        ("models_routes.py", 16, "PUT", "/gemini/v1beta/upload/{p:path}"),
        ("routes.py", 7, "GET", "/health"),
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param('f"/gemini/{API_VERSION}"', 'f"/gemini/{VERSION}"', id="unknown-constant"),
        pytest.param('@router.get("/models")', "@router.get(PATH)", id="path-not-literal"),
        pytest.param('@router.get("/models")', '@router.websocket("/models")', id="websocket"),
        pytest.param('methods=["GET", "PUT"]', "methods=METHODS", id="methods-not-literal"),
    ],
)
def test_fastapi_shapes_the_reader_does_not_know_stop_it(old: str, new: str) -> None:
    assert old in PY_MODELS
    with pytest.raises(gen.ExtractError):
        _fastapi(PY_MODELS.replace(old, new)).read()


AXUM_SAMPLE = r"""
fn other() -> Router { Router::new().route("/not-this-one", get(h)) }

impl ProxyServer {
    fn build_router(&self) -> Router {
        Router::new()
            // .route("/commented", get(h))
            .route("/v1/messages", post(handlers::messages))
            .route(
                "/v1beta/*path",
                any(handlers::gemini),
            )
            .route("/models", get(handlers::models).post(handlers::add))
            .layer(DefaultBodyLimit::max(1024))
            .with_state(self.state.clone())
    }
}
"""


def test_axum_reader_reads_the_router_a_function_returns() -> None:
    rows = [
        (r["line"], r["method"], r["path"], r["handler"])
        for r in gen.axum_routes(AXUM_SAMPLE, "server.rs", "build_router")
    ]
    assert rows == [
        (8, "POST", "/v1/messages", "handlers::messages"),
        (9, "ANY", "/v1beta/*path", "handlers::gemini"),
        (13, "GET", "/models", "handlers::models"),
        (13, "POST", "/models", "handlers::add"),
    ]


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param(".layer(DefaultBodyLimit", ".nest_service(DefaultBodyLimit", id="nest"),
        pytest.param("fn build_router", "fn build_router2", id="no-function"),
        pytest.param("        Router::new()\n", "        let r = Router::new()\n", id="binding"),
        pytest.param(".with_state(self.state.clone())\n", ".with_state(s);\n", id="statement"),
    ],
)
def test_axum_reader_stops_on_shapes_it_does_not_know(old: str, new: str) -> None:
    assert old in AXUM_SAMPLE
    with pytest.raises(gen.ExtractError):
        gen.axum_routes(AXUM_SAMPLE.replace(old, new), "server.rs", "build_router")
