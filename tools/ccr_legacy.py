"""claude-code-router 1.0.x: its routes, read from ``dist/cli.js`` of the npm release.

The 1.0 line is one fastify 5 server: the ``Server`` class of ``@musistudio/llms``
(bundled into dist/cli.js) registers ``GET /``, ``GET /health``, a ``POST`` route for each
default transformer that has an ``endPoint`` and the ``/providers`` routes; CCR's
``createServer`` (src/server.ts, bundled unminified) adds its own (``server.app.get(...)``)
and serves the web UI with @fastify/static under ``/ui/``. tools/gen_ccr_table.py drives
this module: ``extract`` on a 1.0.x tarball, ``render`` for :data:`SPEC`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from gen_tables import RenderError

VERSION = "1.0.73"
DATA = f"tools/data/claude-code-router-{VERSION}-routes.json"
OUT = f"src/agroutes/data/claude-code-router@{VERSION}.json"
CLI = "dist/cli.js"

Row = dict[str, object]
Assignment = tuple[str, tuple[str, ...]]

#: ``r.get("/health"`` (the llms plugin) and ``server.app.post("/api/config"`` (CCR's).
_LITERAL = re.compile(r'(?<![\w$.])(r|server\.app)\.(get|post|put|patch|delete)\(\s*"(/[^"]*)"')
_CLASS = re.compile(r"^var ([\w$]+) = class \{$", re.MULTILINE)
_ENDPOINT = re.compile(r'^  endPoint = "(/[^"]*)";$', re.MULTILINE)
_DEFAULTS_MAP = re.compile(r"^var ([\w$]+) = \{ (AnthropicTransformer: [^}]*)\};$", re.MULTILINE)
_STATIC = re.compile(r'register\(import_static\.default, \{[^}]*?prefix: "(/[^"]*)"', re.DOTALL)
_PORT = re.compile(r"const port = config\.PORT \|\| (\d+);")
_HOST = re.compile(r'let HOST = config\.HOST \|\| "([^"]+)";')


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _endpoints(text: str) -> list[Row]:
    """Each default transformer's ``endPoint``: registered as a POST route when the
    transformer is instantiated; a class with ``static TransformerName`` is registered as
    the class itself (``registerTransformer(e.TransformerName, e)``), and the class has no
    ``endPoint`` of its own: no route."""
    defaults = _DEFAULTS_MAP.search(text)
    if defaults is None:
        raise RenderError(f"{CLI}: the default transformers (AnthropicTransformer: ...) not found")
    members = {var: name for name, var in re.findall(r"([\w$]+): ([\w$]+)", defaults[2])}
    classes = [(m.start(), m[1]) for m in _CLASS.finditer(text)]
    rows: list[Row] = []
    for m in _ENDPOINT.finditer(text):
        start, var = max(((s, v) for s, v in classes if s < m.start()), default=(-1, ""))
        if var not in members:
            continue
        body = text[start : m.start()]
        rows.append(
            {
                "method": "POST",
                "path": m[1],
                "transformer": members[var],
                "registered": "static TransformerName" not in body,
                "line": _line(text, m.start()),
            }
        )
    return rows


def extract(cli: str, package: Mapping[str, object]) -> dict[str, object]:
    rows: list[Row] = [
        {
            "method": m[2].upper(),
            "path": m[3],
            "receiver": m[1],
            "line": _line(cli, m.start()),
        }
        for m in _LITERAL.finditer(cli)
    ]
    static = [{"prefix": m[1], "line": _line(cli, m.start())} for m in _STATIC.finditer(cli)]
    port, host = _PORT.search(cli), _HOST.search(cli)
    if port is None or host is None:
        raise RenderError(f"{CLI}: no default HOST and port")
    return {
        "package": f"{package['name']}@{package['version']}",
        "files": [CLI],
        "defaults": {
            "host": host[1],
            "port": int(port[1]),
            "file": CLI,
            "line": _line(cli, host.start()),
        },
        "registrations": rows,
        "transformer_endpoints": _endpoints(cli),
        "static": static,
    }


_O, _A, _G = "openai", "anthropic", "gemini"

#: (method, path as registered) -> (operation, protocols).
ROUTES: Mapping[tuple[str, str], Assignment] = {
    ("GET", "/"): ("root", ()),
    ("GET", "/health"): ("health", ()),
    ("POST", "/providers"): ("admin", ()),
    ("GET", "/providers"): ("admin", ()),
    ("GET", "/providers/:id"): ("admin", ()),
    ("PUT", "/providers/:id"): ("admin", ()),
    ("DELETE", "/providers/:id"): ("admin", ()),
    ("PATCH", "/providers/:id/toggle"): ("admin", ()),
    ("POST", "/v1/messages/count_tokens"): ("count-tokens", (_A,)),
    ("GET", "/api/config"): ("admin", ()),
    ("GET", "/api/transformers"): ("admin", ()),
    ("POST", "/api/config"): ("admin", ()),
    ("POST", "/api/restart"): ("admin", ()),
    ("GET", "/ui"): ("ui", ()),
    ("GET", "/api/update/check"): ("admin", ()),
    ("POST", "/api/update/perform"): ("admin", ()),
    ("GET", "/api/logs/files"): ("admin", ()),
    ("GET", "/api/logs"): ("admin", ()),
    ("DELETE", "/api/logs"): ("admin", ()),
}
#: The transformers' endpoints, by path: the Gemini one takes ``model:action`` as one
#: parameter (the handler sends it upstream as it came).
ENDPOINTS: Mapping[str, Assignment] = {
    "/v1/messages": ("messages", (_A,)),
    "/v1beta/models/:modelAndAction": ("generate-content", (_G,)),
    "/v1/chat/completions": ("chat-completions", (_O,)),
    "/v1/responses": ("responses", (_O,)),
}

NOTES = (
    f"Generated by tools/gen_ccr_table.py (render) from {DATA}, which its extract step read "
    f"from {CLI} in the npm tarball of @musistudio/claude-code-router@{VERSION}. Never edit by "
    "hand.",
    "One fastify 5 server (find-my-way: one tree per method, exact paths; a wrong method, a "
    "trailing slash or another case is fastify's 404 'Route POST:/x not found'). The "
    "@musistudio/llms Server bundled in dist/cli.js registers GET /, GET /health, the "
    "/providers routes and a POST route for each default transformer with an endPoint: "
    "Anthropic /v1/messages, gemini /v1beta/models/:modelAndAction, openai "
    "/v1/chat/completions and openai-responses /v1/responses (the vercel transformer's "
    "/v1/chat/completions is an instance field of a class registered as a class, so no "
    "route). CCR's createServer adds POST /v1/messages/count_tokens, the /api routes and "
    "the web UI (@fastify/static under /ui/, GET /ui redirects there).",
    "No GET /v1/models and no route without /v1: Claude Code's Base URL is "
    "http://127.0.0.1:3456; Gemini's model and action are one fastify parameter, so "
    "every :action (countTokens too) reaches the handler.",
    "Hooks run before fastify's 404 handler too, so some misses are not 404s: with APIKEY "
    "set, a request without the key is 401 whatever its path; CCR's router hook on paths "
    "starting /v1/messages (but not /v1/messages/count_tokens) reads the request body, so "
    "a GET or HEAD there (GET /v1/messages) answers 500; the llms hook answers a POST "
    "outside /api whose JSON body has no model with 400 'Missing model in request body' "
    "before the 404. A client's own request always carries a model: its misses are 404s.",
    "Default origin: HOST 127.0.0.1 and port 3456 (the run() of dist/cli.js).",
)


@dataclass(frozen=True, slots=True)
class LegacySpec:
    id: str = f"claude-code-router@{VERSION}"
    out_file: str = OUT


SPEC = LegacySpec()


def pattern(path: str) -> str:
    out = re.sub(r":([A-Za-z_]\w*)", r"{\1}", path)
    return out[:-1] + "{*rest}" if out.endswith("/*") else out


def _route(method: str, path: str, assignment: Assignment, line: object) -> Row:
    operation, protocols = assignment
    return {
        # fastify registers a HEAD route beside each GET route (exposeHeadRoutes).
        "methods": ["GET", "HEAD"] if method == "GET" else [method],
        "pattern": pattern(path),
        "protocols": list(protocols),
        "operation": operation,
        "source": f"{CLI}:{line}@claude-code-router=={VERSION}",
    }


def render(root: Path) -> str:
    data = json.loads((root / DATA).read_text(encoding="utf-8"))
    if data["package"] != f"@musistudio/claude-code-router@{VERSION}":
        raise RenderError(f"{DATA} holds {data['package']}")
    routes: list[Row] = []
    used: set[object] = set()
    for row in data["transformer_endpoints"]:
        if not row["registered"]:
            continue
        if row["path"] not in ENDPOINTS:
            raise RenderError(f"transformer endpoint {row['path']} is not in ENDPOINTS")
        used.add(row["path"])
        routes.append(_route("POST", row["path"], ENDPOINTS[row["path"]], row["line"]))
    for row in data["registrations"]:
        key = (row["method"], row["path"])
        if key not in ROUTES:
            raise RenderError(f"{key[0]} {key[1]} ({CLI}:{row['line']}) is not in ROUTES")
        used.add(key)
        routes.append(_route(key[0], key[1], ROUTES[key], row["line"]))
    for row in data["static"]:
        routes.append(_route("GET", row["prefix"] + "*", ("ui", ()), row["line"]))
    unused = [k for k in (*ROUTES, *ENDPOINTS) if k not in used]
    if unused:
        raise RenderError(f"entries no registration uses: {unused}")
    defaults = data["defaults"]
    doc = {
        "id": SPEC.id,
        "title": f"claude-code-router {VERSION}",
        "source": f"npm @musistudio/claude-code-router@{VERSION} ({data['archive']}, sha256 "
        f"{data['sha256'][:16]}...): {CLI}",
        "router": "fastify",
        "origin": f"http://{defaults['host']}:{defaults['port']}",
        "quirks": {},
        "notes": list(NOTES),
        "routes": routes,
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
