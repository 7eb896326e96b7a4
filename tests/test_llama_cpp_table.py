"""The llama-cpp table is its generator's output (tools/gen_llama_cpp_table.py), and the
generator reads registrations the way server.cpp writes them."""

from __future__ import annotations

import io
import json
import sys
import tarfile
from pathlib import Path

import pytest

from agroutes import route_table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import gen_llama_cpp_table as gen  # noqa: E402
from gen_tables import RenderError  # noqa: E402


def test_render_of_committed_data_is_the_committed_table_byte_for_byte() -> None:
    committed = (ROOT / gen.Spec().out_file).read_text(encoding="utf-8")
    assert gen.render(gen.Spec()) == committed
    assert gen.main(["render", "--check"]) == 0


def _sdist(tmp_path: Path, source: str) -> Path:
    path = tmp_path / "llama_cpp_python-9.9.9.tar.gz"
    data = source.encode()
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo(f"llama_cpp_python-9.9.9/{gen.SERVER}")
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return path


def test_extract_skips_router_mode_and_keeps_the_first_of_a_repeated_path(
    tmp_path: Path,
) -> None:
    source = """
    if (is_router_server) {
        ctx_http.post("/models",        ex_wrapper(a));
        routes.x = {{"a", 1}};
    }
    ctx_http.get ("/health",            get_health));
    ctx_http.post("/slots/:id_slot",    post_slots));
    if (params.ui_mcp_proxy) {
        ctx_http.get ("/cors-proxy",    ex_wrapper(h));
    } else {
        ctx_http.get ("/cors-proxy",    ex_wrapper(res_403));
    }
    """
    data = gen.extract(_sdist(tmp_path, source))
    routes = data["routes"]
    skipped = data["skipped"]
    assert isinstance(routes, list)
    assert isinstance(skipped, list)
    rows = [(r["method"], r["path"], r["line"]) for r in routes]
    assert rows == [
        ("GET", "/health", 6),
        ("POST", "/slots/{id_slot}", 7),
        ("GET", "/cors-proxy", 9),
    ]
    assert [(r["method"], r["path"]) for r in skipped] == [("POST", "/models")]


def test_an_unmapped_registration_stops_the_render(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gen, "ROUTES", {k: v for k, v in gen.ROUTES.items() if k[1] != "/infill"})
    with pytest.raises(RenderError, match="/infill"):
        gen.render(gen.Spec())


def test_the_table_reads_as_llama_server_answers() -> None:
    table = route_table("llama-cpp")
    assert table.router.name == "httplib"
    assert table.origin == "http://127.0.0.1:8080"
    assert table.match("POST", "/v1/chat/completions").ok
    assert table.match("POST", "/chat/completions").ok  # with and without /v1
    assert table.match("GET", "/v1/chat/completions").status == 404  # wrong method: 404
    assert table.match("POST", "/v1/messages/count_tokens").ok
    assert not table.match("POST", "/v1beta/models/x:generateContent").ok
    data = json.loads((ROOT / gen.DATA).read_text(encoding="utf-8"))
    assert data["package"] == "llama-cpp-python==0.3.36"
