"""The claude-code-router table is its generator's output (tools/gen_ccr_table.py), the
generator reads the bundles the way they are written, and the real gateway answers as the
table says.

The live test runs the npm release itself on 127.0.0.1. The package cannot be installed
with ``npm install`` from a registry that lacks its two ``@the-next-ai/*`` dependencies
(both are bundled in ``dist/main``), so it is unpacked beside the three it needs at run
time (about a minute: better-sqlite3 is built from source) and named by
``AGROUTES_CCR_DIR``; without it, or without node, the test skips::

    npm pack @musistudio/claude-code-router@3.1.1 --pack-destination /tmp/ccr
    mkdir /tmp/ccr/pkg && tar xzf /tmp/ccr/musistudio-claude-code-router-3.1.1.tgz \\
        -C /tmp/ccr/pkg --strip-components=1
    npm install --no-audit --no-fund --prefix /tmp/ccr/pkg \\
        better-sqlite3@^12.11.1 node-forge@^1.4.0 undici@^7.29.0
    AGROUTES_CCR_DIR=/tmp/ccr/pkg python -m pytest tests/test_claude_code_router.py
"""

from __future__ import annotations

import contextlib
import http.client
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from agroutes import route_table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import ccr_legacy  # noqa: E402
import gen_ccr_table as gen  # noqa: E402
from gen_tables import RenderError  # noqa: E402

TABLE = "claude-code-router"


def test_render_of_committed_data_is_the_committed_table_byte_for_byte() -> None:
    committed = (ROOT / gen.OUT).read_text(encoding="utf-8")
    assert gen.render(gen.Spec()) == committed
    assert ccr_legacy.render(ROOT) == (ROOT / ccr_legacy.OUT).read_text(encoding="utf-8")
    assert gen.main(["render", "--check"]) == 0


_LEGACY_CLI = """\
var bo = class {
  name = "Anthropic";
  endPoint = "/v1/messages";
};
var ia = class {
  static TransformerName = "vercel";
  endPoint = "/v1/chat/completions";
};
var zz = class {
  endPoint = "/not/a/default";
};
var fg = { AnthropicTransformer: bo, VercelTransformer: ia };
var Jf = async (r) => {
  r.get("/", async () => 1), r.get("/health", async () => 2);
};
var createServer = (config) => {
  server.app.post("/v1/messages/count_tokens", async (req, reply) => 3);
  server.app.register(import_static.default, {
    root: "x",
    prefix: "/ui/",
  });
};
async function run(options = {}) {
  let HOST = config.HOST || "127.0.0.1";
  const port = config.PORT || 3456;
}
"""


def test_the_legacy_reader_keeps_instantiated_default_transformers_only() -> None:
    data = ccr_legacy.extract(_LEGACY_CLI, {"name": gen.PACKAGE, "version": "1.0.1"})
    endpoints = data["transformer_endpoints"]
    assert isinstance(endpoints, list)
    assert [(r["path"], r["transformer"], r["registered"]) for r in endpoints] == [
        ("/v1/messages", "AnthropicTransformer", True),
        ("/v1/chat/completions", "VercelTransformer", False),  # a class, not an instance
    ]
    rows = data["registrations"]
    assert isinstance(rows, list)
    assert [(r["method"], r["path"], r["line"]) for r in rows] == [
        ("GET", "/", 14),
        ("GET", "/health", 14),
        ("POST", "/v1/messages/count_tokens", 17),
    ]
    assert data["static"] == [{"prefix": "/ui/", "line": 18}]
    defaults = data["defaults"]
    assert isinstance(defaults, dict)
    assert (defaults["host"], defaults["port"]) == ("127.0.0.1", 3456)


# A bundle as esbuild writes it: one long line, minified names.
_GATEWAY = (
    '"use strict";function fut(e){let t=e.lastIndexOf(":");if(t<=0)return null;'
    "let r=decodeURIComponent(e.slice(0,t)),n=e.slice(t+1);"
    'return!r||n!=="generateContent"&&n!=="streamGenerateContent"?null:{model:r,action:n}}\n'
    'function R(e,t){e.get("/v1/models",{preHandler:n},async c=>1),'
    'e.post("/v1beta/models/*",{preHandler:l},async(c,d)=>2),e.all("/*",async(c,d)=>3),'
    "e.post(t.endpointPath,async(r,n)=>4),m.get(k)}\n"
)
_PLUGIN = (
    'var D="/__ccr/remote",Ya="/__ccr/route",Ja="ccr-router-route";'
    'function By(){return{httpRoutes:[{auth:"none",key:Ja,method:"POST",path:Ya,'
    'handler:async()=>1},{auth:"none",key:"ccr-public-root",method:"GET",path:"/",'
    'priority:"pre",handler:()=>2},{auth:"none",key:"r",method:"ALL",path:`${D}/*`,'
    'priority:"pre",handler:()=>3}],requestHooks:[]}}'
)
_CLI = 'var d={APIKEY:"",HOST:"127.0.0.1",PORT:3456,Providers:[]};'


def _tarball(tmp_path: Path) -> Path:
    path = tmp_path / "musistudio-claude-code-router-9.9.9.tgz"
    files = {
        "package.json": json.dumps({"version": "9.9.9"}),
        gen.GATEWAY: _GATEWAY,
        gen.PLUGIN: _PLUGIN,
        gen.CLI: _CLI,
    }
    with tarfile.open(path, "w:gz") as archive:
        for name, text in files.items():
            data = text.encode()
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def test_extract_reads_fastify_calls_plugin_routes_and_the_gemini_actions(
    tmp_path: Path,
) -> None:
    data = gen.extract(_tarball(tmp_path))
    assert data["package"] == "@musistudio/claude-code-router@9.9.9"
    gateway = data["gateway"]
    assert isinstance(gateway, list)
    assert [(r["method"], r["path"], r["line"]) for r in gateway] == [
        ("GET", "/v1/models", 2),
        ("POST", "/v1beta/models/*", 2),
        ("ALL", "/*", 2),
    ]
    assert gateway[0]["column"] == 17  # 1-based, in the second line
    dynamic = data["gateway_dynamic"]
    assert isinstance(dynamic, list)
    assert [(r["method"], r["argument"]) for r in dynamic] == [("POST", "t.endpointPath")]
    plugin = data["plugin"]
    assert isinstance(plugin, list)
    assert [(r["key"], r["method"], r["path"], r["priority"]) for r in plugin] == [
        ("ccr-router-route", "POST", "/__ccr/route", "fallback"),
        ("ccr-public-root", "GET", "/", "pre"),
        ("r", "ALL", "/__ccr/remote/*", "pre"),
    ]
    gemini = data["gemini_actions"]
    assert isinstance(gemini, dict)
    assert gemini["actions"] == ["generateContent", "streamGenerateContent"]
    assert data["defaults"] == {
        "host": "127.0.0.1",
        "port": 3456,
        "file": gen.CLI,
        "line": 1,
        "column": 18,
    }


def test_an_unmapped_registration_stops_the_render(monkeypatch: pytest.MonkeyPatch) -> None:
    routes = {k: v for k, v in gen.ROUTES.items() if k != ("POST", "/v1/messages")}
    monkeypatch.setattr(gen, "ROUTES", routes)
    with pytest.raises(RenderError, match="/v1/messages"):
        gen.render(gen.Spec())


def test_an_unknown_plugin_route_stops_the_render(monkeypatch: pytest.MonkeyPatch) -> None:
    plugin = {k: v for k, v in gen.PLUGIN_ROUTES.items() if k != "ccr-public-models"}
    monkeypatch.setattr(gen, "PLUGIN_ROUTES", plugin)
    with pytest.raises(RenderError, match="ccr-public-models"):
        gen.render(gen.Spec())


def test_the_table_reads_as_the_gateway_answers() -> None:
    table = route_table(TABLE)
    assert table.router.name == "fastify"
    assert table.origin == "http://127.0.0.1:3456"
    assert not table.router.implicit_head
    assert table.match("POST", "/v1/messages").ok
    assert table.match("POST", "/v1/messages/count_tokens").ok  # the plugin's
    assert table.match("GET", "/v1/messages").status == 404  # a wrong method: 404
    assert table.match("POST", "/v1/v1/messages").status == 404
    assert table.match("POST", "/v1/messages/").status == 404
    assert table.match("POST", "/v1beta/models/gemini-2.5-flash:generateContent").ok
    assert not table.match("POST", "/v1beta/models/gemini-2.5-flash:countTokens").ok
    assert not table.match("POST", "/chat/completions").ok  # every AI route is under /v1
    assert table.match("HEAD", "/v1/models").ok  # fastify's HEAD route for its GET route
    assert not table.match("HEAD", "/models").ok  # the plugin's GET route has none
    assert table.match("GET", "/v1/models/").ok  # fastify: a parameter takes ""


def test_the_1_0_table_is_one_fastify_server() -> None:
    table = route_table("claude-code-router@1.0.73")
    assert table.router.name == "fastify"
    assert table.origin == "http://127.0.0.1:3456"
    assert table.match("POST", "/v1/messages").ok
    assert table.match("POST", "/v1beta/models/x:countTokens").ok  # one parameter: any action
    assert not table.match("GET", "/v1/models").ok  # no models list in 1.0.73
    assert table.match("GET", "/ui/index.html").ok
    assert route_table("claude-code-router@2.0.0").id == "claude-code-router@1.0.73"
    assert route_table("claude-code-router@3.1.1").id == "claude-code-router"


# --- the real proxies -----------------------------------------------------------------------

_KEY = "agroutes-test-key"
_PROVIDER = {
    "name": "dummy",
    "api_base_url": "http://127.0.0.1:9/v1/chat/completions",  # a closed loopback port
    "api_key": "sk-dummy",
    "models": ["dummy-model"],
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Release:
    """One release run live: where it is, how it starts, how it answers a miss."""

    table: str
    version: str
    cli: str  # the entry point inside the package
    argv: tuple[str, ...]  # after the entry point; "{web}" is a second free port
    body: bytes  # what a POST, PUT or PATCH sends
    #: (status, message) answers that mean "not routed"; a message ending in "*" is a prefix.
    misses: frozenset[tuple[int, str]]
    #: Routes not asked: what they do reaches outside the test.
    skip: frozenset[tuple[str, str]] = frozenset()
    #: The sample path of a pattern, where "x" for each parameter would not do.
    samples: Mapping[str, str] = field(default_factory=dict)

    def missed(self, status: int, message: str) -> bool:
        for miss_status, text in self.misses:
            if status == miss_status and (
                message == text or (text.endswith("*") and message.startswith(text[:-1]))
            ):
                return True
        return False


CURRENT = Release(
    table="claude-code-router",
    version=gen.VERSION,
    cli=gen.CLI,
    argv=("serve", "--no-open", "--port", "{web}"),
    body=b"{}",
    # The gateway's catch-all 404, and the handlers that parse the rest of a catch-all path
    # themselves (the table writes their paths out).
    misses=frozenset(
        {
            (404, "Route not found."),
            (404, "Video route not found."),
            (400, "Invalid Gemini route. Expected /models/{model}:generateContent"),
        }
    ),
)

LEGACY = Release(
    table="claude-code-router@1.0.73",
    version=ccr_legacy.VERSION,
    cli=ccr_legacy.CLI,
    argv=("start",),
    # A client's request carries a model (without one the llms hook answers 400 first).
    body=json.dumps(
        {"model": "dummy,dummy-model", "messages": [{"role": "user", "content": "hi"}]}
    ).encode(),
    # fastify's own 404, and CCR's router hook, which reads the body of any request under
    # /v1/messages before fastify's 404 handler: a GET or HEAD there is a 500 (the notes).
    misses=frozenset(
        {(404, "Route *"), (500, "Cannot read properties of undefined (reading 'metadata')*")}
    ),
    skip=frozenset(
        {
            ("POST", "/api/restart"),  # spawns a detached `ccr restart`
            ("POST", "/api/update/perform"),  # runs a global npm install
            ("GET", "/api/update/check"),  # asks the npm registry
            ("HEAD", "/api/update/check"),
        }
    ),
    samples={"/ui/{*rest}": "/ui/index.html"},
)


def _package(release: Release) -> tuple[str, Path]:
    """The node executable and the package's folder, or a skip."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    if release is CURRENT:
        where = os.environ.get("AGROUTES_CCR_DIR")
        if not where:
            pytest.skip("AGROUTES_CCR_DIR (the unpacked npm package, see the docstring) unset")
        package = Path(where)
    else:  # installed from npm by .ci/run, beside fastify and hono
        where = os.environ.get("AGROUTES_NODE_MODULES")
        if not where:
            pytest.skip("AGROUTES_NODE_MODULES is not set (see tests/test_routers.py)")
        package = Path(where) / "@musistudio" / "claude-code-router"
    manifest = package / "package.json"
    if not (package / release.cli).is_file() or not manifest.is_file():
        pytest.skip(f"{package} holds no {release.cli}")
    version = json.loads(manifest.read_text(encoding="utf-8")).get("version")
    if version != release.version:
        pytest.skip(f"{package} holds claude-code-router {version}, not {release.version}")
    return node, package


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _message(raw: bytes) -> str:
    """The error text of a JSON answer: ``error.message``, else ``message`` (fastify's)."""
    with contextlib.suppress(ValueError, LookupError, TypeError, AttributeError):
        doc = json.loads(raw)
        error = doc.get("error")
        if isinstance(error, dict) and isinstance(error.get("message"), str):
            return str(error["message"])
        if isinstance(doc.get("message"), str):
            return str(doc["message"])
    return ""


def _ask(port: int, method: str, path: str, body: bytes) -> tuple[int, str]:
    """The status and the error message (or "") of one request, with the API key."""
    headers = {"x-api-key": _KEY}
    sent = None
    if method in {"POST", "PUT", "PATCH"}:
        sent, headers["content-type"] = body, "application/json"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(method, path, body=sent, headers=headers)
        answer = conn.getresponse()
        raw = answer.read(64 * 1024) if method != "HEAD" else b""
    finally:
        conn.close()
    return answer.status, _message(raw)


@contextlib.contextmanager
def _running(release: Release, node: str, package: Path, tmp_path: Path) -> Iterator[int]:
    """The release in a temporary HOME whose config names one provider on a closed
    loopback port (3.x does not start without a model); yields its port."""
    port, web = _free_port(), _free_port()
    home = tmp_path / "home"
    (home / ".claude-code-router").mkdir(parents=True)
    config = {
        "HOST": "127.0.0.1",
        "PORT": port,
        "APIKEY": _KEY,
        "LOG": False,
        "Providers": [_PROVIDER],
        "Router": {"default": "dummy,dummy-model"},
    }
    (home / ".claude-code-router" / "config.json").write_text(json.dumps(config), "utf-8")
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", ""), "NO_COLOR": "1"}
    argv = [node, str(package / release.cli), *(a.format(web=web) for a in release.argv)]
    log = (tmp_path / "ccr.log").open("wb")
    proc = subprocess.Popen(
        argv,
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # 3.x's gateway is its child: the group is ended together
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                tail = (tmp_path / "ccr.log").read_text("utf-8", "replace")[-2000:]
                pytest.fail(f"claude-code-router did not start on port {port}:\n{tail}")
            with contextlib.suppress(OSError):
                if _ask(port, "GET", "/health", b"")[0] == 200:
                    break
            time.sleep(0.5)
        yield port
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=15)
        log.close()


def _sample(release: Release, pattern: str) -> str:
    """A path the pattern matches: each parameter ``x``, a catch-all ``a/b``."""
    out = release.samples.get(pattern, pattern).replace("{*rest}", "a/b")
    while "{" in out:
        start = out.index("{")
        out = out[:start] + "x" + out[out.index("}", start) + 1 :]
    return out


#: Requests that change the proxy's state: sent last, so that a reload cannot touch the
#: others' answers.
_LAST = ("/manager/", "/__ccr/runtime/", "/api/config")


def _requests(release: Release) -> list[tuple[str, str]]:
    """Every route of the table with its methods, then the near misses of the AI routes."""
    asked: list[tuple[str, str]] = []
    for route in route_table(release.table).routes:
        path = _sample(release, route.pattern)
        methods = ("GET", "POST", "DELETE") if "*" in route.methods else sorted(route.methods)
        asked += [(method, path) for method in methods]
    for method, path in [
        ("POST", "/v1/messages"),
        ("POST", "/v1/messages/count_tokens"),
        ("POST", "/v1/chat/completions"),
        ("POST", "/v1/responses"),
        ("GET", "/v1/models"),
        ("GET", "/models"),
        ("POST", "/v1beta/models/x:generateContent"),
    ]:
        other = "GET" if method == "POST" else "POST"
        asked += [
            (method, path + "/"),  # a trailing slash
            (method, "/v1" + path),  # the prefix twice
            (method, "/" + path.split("/", 2)[2] if path.count("/") > 1 else path),  # none
            (method, path.upper()),  # another case
            (method, "/" + path),  # a doubled slash
            (other, path),  # a wrong method
        ]
    asked += [
        ("HEAD", "/models"),
        ("HEAD", "/api/claude_cli/bootstrap"),
        ("POST", "/v1beta/models/x:countTokens"),
        ("GET", "/v1/videos/a/b/c"),
        ("GET", "/nowhere"),
    ]
    unique = [mp for mp in dict.fromkeys(asked) if mp not in release.skip]
    return sorted(unique, key=lambda mp: mp[1].startswith(_LAST))


@pytest.mark.parametrize("release", [CURRENT, LEGACY], ids=lambda r: r.table)
def test_the_real_proxy_routes_what_the_table_routes(release: Release, tmp_path: Path) -> None:
    node, package = _package(release)
    table = route_table(release.table)
    asked = _requests(release)
    assert len(asked) < 200  # bounded
    with _running(release, node, package, tmp_path) as port:
        answers = {(m, p): _ask(port, m, p, release.body) for m, p in asked}
    wrong = []
    for (method, path), (status, message) in answers.items():
        if method == "HEAD":  # no body to read: a 404 is a miss, unless GET's 404 is routed
            get = answers.get(("GET", path))
            if status == 404 and get is not None and get[0] == 404 and not release.missed(*get):
                continue  # the handler's own 404 (/metrics, a model it does not know)
            routed = status not in {404, 500}
        else:
            routed = not release.missed(status, message)
        predicted = table.match(method, path).ok
        if routed != predicted:
            wrong.append(f"{method} {path}: {status} {message!r}, table says routed={predicted}")
    assert not wrong, "\n".join(wrong)
    # The test can fail: the table's AI routes answer, their near misses do not.
    assert answers[("POST", "/v1/messages/count_tokens")][0] == 200
    assert release.missed(*answers[("POST", "/v1/v1/messages")])
    assert release.missed(*answers[("GET", "/v1/messages")])
