"""Generated route tables cannot drift from their generator or from the data it extracted.

``src/agroutes/_antigravity_admin.py`` is rendered by ``tools/gen_antigravity_admin.py`` from
``tools/data/antigravity-4.5.8-routes.json``, which the same tool's ``extract`` step read from
Antigravity-Manager's ``server.rs`` at a pinned commit. No network: the JSON is committed, and
the extract step is exercised on a small router written here for the purpose.
"""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from agroutes import route_table
from agroutes._antigravity_admin import ADMIN_ROUTES

ROOT = Path(__file__).resolve().parent.parent
TOOL = ROOT / "tools" / "gen_antigravity_admin.py"
DATA = ROOT / "tools" / "data" / "antigravity-4.5.8-routes.json"
MODULE = ROOT / "src" / "agroutes" / "_antigravity_admin.py"


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_antigravity_admin", TOOL)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while decorating
    spec.loader.exec_module(module)
    return module


gen = _load_tool()


def test_render_of_committed_json_is_the_committed_module_byte_for_byte() -> None:
    text: str = gen.render(gen.load(DATA))
    assert text.encode("utf-8") == MODULE.read_bytes(), (
        "src/agroutes/_antigravity_admin.py is not what its generator renders; run "
        "`python tools/gen_antigravity_admin.py render` (never edit it by hand)"
    )


def test_json_admin_routes_are_admin_routes_with_braced_params() -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    expected = tuple(
        (
            route["line"],
            re.sub(r":(\w+)", r"{\1}", route["path"]),
            tuple(zip(route["methods"], route["handlers"], strict=True)),
        )
        for route in data["routes"]
        if route["group"] == "admin"
    )
    assert len(expected) == 126
    assert expected == ADMIN_ROUTES


def test_json_is_pinned_and_in_the_form_extract_writes() -> None:
    text = DATA.read_text(encoding="utf-8")
    data = gen.load(DATA)
    assert data["repo"] == "lbjlaq/Antigravity-Manager"
    assert data["commit"] == gen.PINNED_COMMIT == "9b3dd14f2ff1394117d6bb6a8a0500107a950dc1"
    assert data["tag"] == "v4.5.8"
    assert data["file"] == "src-tauri/src/proxy/server.rs"
    assert gen.dump_json(data) == text
    lines = [route["line"] for route in data["routes"]]
    assert lines == sorted(set(lines))  # one registration per line, in source order
    for route in data["routes"]:
        info = data["groups"][route["group"]]
        assert info["start"] < route["line"] < info["end"]
        assert len(route["methods"]) == len(route["handlers"]) >= 1


# A router written for this test (not the proxy's code), in the shapes extract knows, with
# the traps a line-based reader would fall into: comments, a raw string that looks like a
# route, a multi-line registration, a lifetime, char literals.
SAMPLE = r"""
fn helper() -> &'static str { "x" }

async fn start() {
    let noise = r#".route("/not-a-route", get(nope))"#; /* block .route("/no", get(n)) */
    let proxy_routes = Router::new()
        .route("/v1/things", get(handlers::things::list)) // trailing comment
        .route(
            "/v1/things/:id",
            get(handlers::things::show)
                .post(handlers::things::update),
        )
        .route("/ws", any(ws_handler))
        .layer(from_fn(|c: char| c == '(' || c == ')'));

    let admin_routes = Router::new()
        .route("/items/:itemId", delete(admin_delete_item).patch(admin_edit_item))
        .layer(admin_layer());

    let app = Router::new()
        .nest("/api", admin_routes)
        .merge(proxy_routes)
        .route("/callback", get(callback))
        .with_state(state);
}
"""


def test_extract_reads_registrations_lines_and_mounts() -> None:
    data = gen.extract_routes(SAMPLE, commit="c" * 40, tag="v0")
    rows = [(r["line"], r["group"], r["path"], r["methods"], r["handlers"]) for r in data["routes"]]
    assert rows == [
        (7, "proxy", "/v1/things", ["GET"], ["handlers::things::list"]),
        (
            8,
            "proxy",
            "/v1/things/:id",
            ["GET", "POST"],
            ["handlers::things::show", "handlers::things::update"],
        ),
        (13, "proxy", "/ws", ["ANY"], ["ws_handler"]),
        (
            17,
            "admin",
            "/items/:itemId",
            ["DELETE", "PATCH"],
            ["admin_delete_item", "admin_edit_item"],
        ),
        (23, "app", "/callback", ["GET"], ["callback"]),
    ]
    groups = data["groups"]
    assert (groups["proxy"]["start"], groups["proxy"]["end"]) == (6, 14)
    assert (groups["admin"]["start"], groups["admin"]["end"]) == (16, 18)
    assert (groups["app"]["start"], groups["app"]["end"]) == (20, 24)
    assert groups["admin"]["mounted"] == {"line": 21, "call": "nest", "prefix": "/api"}
    assert groups["proxy"]["mounted"] == {"line": 22, "call": "merge", "prefix": ""}
    module = gen.render(data)
    assert '        17,\n        "/items/{itemId}",\n' in module  # two handlers: one per line
    assert "L16-18 (`admin_routes`, nested under /api)" in module


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('.route("/ws", any(ws_handler))', '.route_service("/ws", svc)'),
        ("any(ws_handler)", "on(MethodFilter::GET, ws_handler)"),
        ("any(ws_handler)", "get(|| async { 1 })"),
        ("let app = Router::new()", "let app2 = Router::new()"),
    ],
)
def test_extract_stops_on_shapes_it_does_not_know(old: str, new: str) -> None:
    assert old in SAMPLE
    with pytest.raises(gen.ExtractError):
        gen.extract_routes(SAMPLE.replace(old, new), commit="c" * 40, tag="v0")


def test_public_antigravity_routes_cite_the_lines_of_the_source() -> None:
    # The proxy and app routes of the 4.5.8 preset (rendered by tools/gen_tables.py) must each
    # cite the server.rs line the extractor found its registration on.
    data = json.loads(DATA.read_text(encoding="utf-8"))
    lines: dict[tuple[str, str], int] = {}
    for route in data["routes"]:
        if route["group"] in ("proxy", "app"):
            path = re.sub(r":(\w+)", r"{\1}", route["path"])
            for method in route["methods"]:
                lines[method.upper(), path] = route["line"]
    table = route_table("antigravity@4.5.8")
    cited = {}
    for r in table.routes:
        if r.pattern.startswith("/api/"):
            continue
        for method in r.methods:
            key = ("ANY" if method == "*" else method, r.pattern)
            cited[key] = int(r.source.rpartition(":")[2])
    assert cited == lines
