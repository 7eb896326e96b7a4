"""Generate src/agroutes/data/claude-code-router.json from the npm package's own bundles.

claude-code-router 3.x (npm ``@musistudio/claude-code-router``) serves its public port
(127.0.0.1:3456) from a child process, ``dist/main/gateway-bootstrap.js``, that loads the
bundled core gateway ``dist/main/next-ai-gateway.js`` (next-ai-gateway, a fastify 5 app)
with CCR's plugin ``dist/main/router-plugin.js``. The bundles are minified, and the
repository (musistudio/claude-code-router) has no commit of this release: its last
``packages/cli/package.json`` says 3.0.21. So the routes are read from the bundles the
release ships, where they are literal:

- fastify registrations in next-ai-gateway.js: ``e.get("/v1/models", ...)``,
  ``e.post("/v1/messages", ...)``, ``e.all("/*", ...)``; registrations whose path is a
  variable (the MCP gateway's endpoint, the provider webhook) are listed too;
- the plugin's ``httpRoutes`` in router-plugin.js: ``{auth:..., key:..., method:"GET",
  path:"/models", priority:"pre", handler...}``, the path a literal or a constant of the file;
- the Gemini actions the ``/v1beta/models/*`` handler accepts (``fut``: the text after
  the last ``:``, compared with ``!==``), and CCR's default HOST and PORT (dist/main/cli.js).

``extract TARBALL``
    Reads the three files from the npm tarball (without unpacking it) and writes what it
    found, each with its line and column in the bundle, to
    ``tools/data/claude-code-router-VERSION-routes.json`` with the tarball's name and sha256.

``render [--check]``
    Writes the table from the committed data; each registration must be named in
    :data:`ROUTES` (with its protocol and operation), :data:`EXPANDED` (a catch-all whose
    handler parses the rest: its paths are written out) or :data:`OFF` (why it is not in the
    default configuration's table); a registration none of them names, or an entry no
    registration uses, stops the render. ``tests/test_claude_code_router.py`` re-renders and
    compares byte for byte, and (with the package unpacked beside its dependencies) asks the
    running gateway.

Usage::

    npm pack @musistudio/claude-code-router@3.1.1 --pack-destination /tmp/ccr
    python tools/gen_ccr_table.py extract /tmp/ccr/musistudio-claude-code-router-3.1.1.tgz
    python tools/gen_ccr_table.py render --check
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import tarfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import cast

import ccr_legacy
from gen_tables import RenderError, render_all

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "@musistudio/claude-code-router"
VERSION = "3.1.1"
DATA = f"tools/data/claude-code-router-{VERSION}-routes.json"
OUT = "src/agroutes/data/claude-code-router.json"
GATEWAY = "dist/main/next-ai-gateway.js"
PLUGIN = "dist/main/router-plugin.js"
CLI = "dist/main/cli.js"

Row = dict[str, object]

# --- extract ---------------------------------------------------------------------------------

#: ``app.get("/path"`` on a fastify instance (the receiver is a minified name).
_LITERAL = re.compile(r'(?<![\w$.])([A-Za-z_$][\w$]*)\.(get|post|put|patch|delete|all)\("(/[^"]*)"')
#: ``app.post(name, async ...`` or ``app.get(name, {...``: a registration whose path is a variable.
_DYNAMIC = re.compile(
    r"(?<![\w$.])([A-Za-z_$][\w$]*)\.(get|post|put|patch|delete|all)"
    r"\(([A-Za-z_$][\w$.]*),\s*(?:async\b|\{)"
)
_HTTP_ROUTES = re.compile(r"httpRoutes:\[")
_PLUGIN_ROUTE = re.compile(
    r'key:([A-Za-z_$][\w$]*|"[^"]*"),method:"([A-Z]+)",path:([A-Za-z_$][\w$]*|"[^"]*"|`[^`]*`),'
    r'(?:priority:"(\w+)",)?handler'
)
_GEMINI_PARSE = re.compile(
    r'function ([A-Za-z_$][\w$]*)\(e\)\{let t=e\.lastIndexOf\(":"\);.{0,160}?'
    r'return!r\|\|((?:n!=="\w+"&&)*n!=="\w+")\?null:\{model:r,action:n\}\}'
)
_DEFAULTS = re.compile(r'HOST:"([^"]+)",PORT:(\d+)')


def _position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of ``offset`` (the bundles are a few very long lines)."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _constant(text: str, name: str, file: str) -> str:
    """The string a minified constant holds: ``Ya="/__ccr/route"``, declared once."""
    found: set[str] = set(re.findall(rf'(?<![\w$.]){re.escape(name)}="(/[^"]*)"', text))
    if len(found) != 1:
        raise RenderError(f"{file}: constant {name} is not one path: {sorted(found)}")
    return found.pop()


def _plugin_path(text: str, raw: str) -> str:
    if raw.startswith('"'):
        return raw[1:-1]
    if raw.startswith("`"):  # `${D}/*`
        return re.sub(
            r"\$\{([A-Za-z_$][\w$]*)\}", lambda m: _constant(text, m[1], PLUGIN), raw[1:-1]
        )
    return _constant(text, raw, PLUGIN)


def _gateway_rows(text: str) -> tuple[list[Row], list[Row]]:
    rows: list[Row] = []
    for m in _LITERAL.finditer(text):
        line, column = _position(text, m.start())
        method = m[2].upper()
        rows.append({"method": method, "path": m[3], "line": line, "column": column})
    dynamic: list[Row] = []
    for m in _DYNAMIC.finditer(text):
        line, column = _position(text, m.start())
        dynamic.append({"method": m[2].upper(), "argument": m[3], "line": line, "column": column})
    return rows, dynamic


def _plugin_rows(text: str) -> list[Row]:
    starts = [m.end() for m in _HTTP_ROUTES.finditer(text)]
    if len(starts) != 1:
        raise RenderError(f"{PLUGIN}: {len(starts)} httpRoutes arrays, expected one")
    end = text.find("requestHooks:[", starts[0])
    if end < 0:
        raise RenderError(f"{PLUGIN}: no requestHooks after httpRoutes")
    rows: list[Row] = []
    for m in _PLUGIN_ROUTE.finditer(text, starts[0], end):
        line, column = _position(text, m.start())
        key = m[1].strip('"') if m[1].startswith('"') else _key(text, m[1])
        rows.append(
            {
                "method": m[2],
                "path": _plugin_path(text, m[3]),
                "priority": m[4] or "fallback",
                "key": key,
                "line": line,
                "column": column,
            }
        )
    return rows


def _key(text: str, name: str) -> str:
    found: set[str] = set(re.findall(rf'(?<![\w$.]){re.escape(name)}="([^"]*)"', text))
    return found.pop() if len(found) == 1 else name


def extract(tarball: Path) -> dict[str, object]:
    """What the bundles of ``tarball`` register, in source order (a 1.0.x release: see
    tools/ccr_legacy.py)."""
    digest = hashlib.sha256(tarball.read_bytes()).hexdigest()
    files: dict[str, str] = {}
    with tarfile.open(tarball, "r:gz") as archive:
        manifest = archive.extractfile("package/package.json")
        if manifest is None:
            raise RenderError(f"{tarball.name} has no package.json")
        package = json.loads(manifest.read())
        if str(package["version"]).startswith("1."):
            cli = archive.extractfile(f"package/{ccr_legacy.CLI}")
            if cli is None:
                raise RenderError(f"{tarball.name} has no {ccr_legacy.CLI}")
            data = ccr_legacy.extract(cli.read().decode("utf-8"), package)
            return {
                "package": data.pop("package"),
                "archive": tarball.name,
                "sha256": digest,
                **data,
            }
        for name in ("package.json", GATEWAY, PLUGIN, CLI):
            member = archive.extractfile(f"package/{name}")
            if member is None:
                raise RenderError(f"{tarball.name} has no file {name}")
            files[name] = member.read().decode("utf-8")
    version = json.loads(files["package.json"])["version"]
    gateway, dynamic = _gateway_rows(files[GATEWAY])
    gemini = _GEMINI_PARSE.search(files[GATEWAY])
    if gemini is None:
        raise RenderError(f"{GATEWAY}: the Gemini route parser (lastIndexOf(':')) was not found")
    g_line, g_column = _position(files[GATEWAY], gemini.start())
    defaults = _DEFAULTS.search(files[CLI])
    if defaults is None:
        raise RenderError(f"{CLI}: no default HOST and PORT")
    d_line, d_column = _position(files[CLI], defaults.start())
    return {
        "package": f"{PACKAGE}@{version}",
        "archive": tarball.name,
        "sha256": digest,
        "files": [GATEWAY, PLUGIN, CLI],
        "defaults": {
            "host": defaults[1],
            "port": int(defaults[2]),
            "file": CLI,
            "line": d_line,
            "column": d_column,
        },
        "gemini_actions": {
            "function": gemini[1],
            "actions": re.findall(r'n!=="(\w+)"', gemini[2]),
            "file": GATEWAY,
            "line": g_line,
            "column": g_column,
        },
        "gateway": gateway,
        "gateway_dynamic": dynamic,
        "plugin": plugin_rows_or_fail(files[PLUGIN]),
    }


def plugin_rows_or_fail(text: str) -> list[Row]:
    rows = _plugin_rows(text)
    if not rows:
        raise RenderError(f"{PLUGIN}: no routes read in httpRoutes")
    return rows


# --- what each registration serves --------------------------------------------------------

_O, _A, _G = "openai", "anthropic", "gemini"
Assignment = tuple[str, tuple[str, ...]]  # (operation, protocols)

#: fastify routes of next-ai-gateway.js in CCR's default configuration: (method, path as
#: registered) -> (operation, protocols). GET /v1/models answers an OpenAI or an Anthropic
#: list by the request's headers (anthropic-version), so it serves both.
ROUTES: Mapping[tuple[str, str], Assignment] = {
    ("GET", "/agent/tools"): ("agent", ()),
    ("GET", "/agent/agents"): ("agent", ()),
    ("POST", "/agent/agents"): ("agent", ()),
    ("GET", "/agent/agents/:agentId"): ("agent", ()),
    ("PUT", "/agent/agents/:agentId"): ("agent", ()),
    ("DELETE", "/agent/agents/:agentId"): ("agent", ()),
    ("POST", "/agent/sessions"): ("agent", ()),
    ("GET", "/agent/sessions"): ("agent", ()),
    ("POST", "/agent/sessions/:sessionId/resume"): ("agent", ()),
    ("GET", "/agent/sessions/:sessionId/stream"): ("agent", ()),
    ("GET", "/agent/sessions/:sessionId"): ("agent", ()),
    ("DELETE", "/agent/sessions/:sessionId"): ("agent", ()),
    ("GET", "/agent/sessions/:sessionId/events"): ("agent", ()),
    ("POST", "/agent/sessions/:sessionId/input"): ("agent", ()),
    ("POST", "/agent/sessions/:sessionId/config"): ("agent", ()),
    ("POST", "/agent/sessions/:sessionId/tool-result"): ("agent", ()),
    ("POST", "/agent/sessions/:sessionId/events"): ("agent", ()),
    ("GET", "/v1/models"): ("list-models", (_A, _O)),
    ("GET", "/v1/models/:model"): ("get-model", (_A, _O)),
    # Model ids are "provider/model": a catch-all takes them whole. No protocol: a
    # catch-all takes every mistaken path under it too.
    ("GET", "/v1/models/*"): ("get-model", ()),
    ("POST", "/v1/chat/completions"): ("chat-completions", (_O,)),
    ("POST", "/v1/responses"): ("responses", (_O,)),
    ("POST", "/v1/embeddings"): ("embeddings", (_O,)),
    ("POST", "/v1/moderations"): ("moderations", (_O,)),
    ("POST", "/v1/images/generations"): ("images", (_O,)),
    ("POST", "/v1/images/edits"): ("images", (_O,)),
    ("POST", "/v1/videos"): ("videos", (_O,)),
    ("POST", "/v1/videos/generations"): ("videos", (_O,)),
    ("POST", "/v1/messages"): ("messages", (_A,)),
    ("POST", "/v1beta/interactions"): ("interactions", (_G,)),
    ("POST", "/v1/interactions"): ("interactions", (_G,)),
    ("GET", "/manager/config"): ("admin", ()),
    ("GET", "/manager/providers"): ("admin", ()),
    ("GET", "/manager/providers/health"): ("admin", ()),
    ("GET", "/manager/plugins"): ("admin", ()),
    ("GET", "/manager/plugins/health"): ("admin", ()),
    ("GET", "/manager/plugins/catalog"): ("admin", ()),
    ("POST", "/manager/plugins/reload"): ("admin", ()),
    ("POST", "/manager/plugins"): ("admin", ()),
    ("PATCH", "/manager/plugins/:key"): ("admin", ()),
    ("POST", "/manager/plugins/:key/enable"): ("admin", ()),
    ("POST", "/manager/plugins/:key/disable"): ("admin", ()),
    ("GET", "/manager/plugins/dead-letters"): ("admin", ()),
    ("DELETE", "/manager/plugins/:key/dead-letters"): ("admin", ()),
    ("POST", "/manager/config/validate"): ("admin", ()),
    ("POST", "/manager/providers/health/check"): ("admin", ()),
    ("PUT", "/manager/config"): ("admin", ()),
    ("GET", "/health"): ("health", ()),
    ("GET", "/ready"): ("health", ()),
    # Registered always; answers 404 "Metrics endpoint is disabled." unless metrics.enabled.
    ("GET", "/metrics"): ("metrics", ()),
    ("GET", "/"): ("root", ()),
}

#: Catch-alls whose handler parses the rest of the path itself and answers anything else
#: with its own 400 or 404: the paths it accepts, written out. ``{action}`` stands for each
#: Gemini action the parser (``gemini_actions`` in the data) accepts.
EXPANDED: Mapping[tuple[str, str], tuple[tuple[str, str, tuple[str, ...]], ...]] = {
    # toe(): fut() splits at the last ":"; another action answers 400 "Invalid Gemini route".
    ("POST", "/v1beta/models/*"): (("/v1beta/models/{model}:{action}", "{action}", (_G,)),),
    ("POST", "/v1/models/*"): (("/v1/models/{model}:{action}", "{action}", (_G,)),),
    # The handler serves "{id}" and "{id}/content"; anything else is 404 "Video route not found."
    ("GET", "/v1/videos/*"): (
        ("/v1/videos/{id}", "videos", (_O,)),
        ("/v1/videos/{id}/content", "videos", (_O,)),
    ),
}

#: Gemini actions, as agroutes names their operations.
_ACTIONS = {
    "generateContent": "generate-content",
    "streamGenerateContent": "stream-generate-content",
}

#: Registrations not in the default configuration's table, and why.
OFF: Mapping[tuple[str, str], str] = {
    ("ALL", "/*"): (
        "the catch-all: a plugin route of priority fallback, a source adapter's route, "
        "else 404 Route not found."
    ),
    ("GET", "/oauth/authorize"): "MCP gateway OAuth: mcpGateway.enabled is false",
    ("POST", "/oauth/token"): "MCP gateway OAuth: mcpGateway.enabled is false",
}
#: Registrations whose path is a variable (``argument``), and why they are not in the table.
OFF_DYNAMIC: Mapping[tuple[str, str], str] = {
    ("POST", "r"): "provider webhook (qdt): providerExternal.enabled is false",
    ("POST", "t.endpointPath"): "MCP gateway endpoint (_At): mcpGateway.enabled is false",
    ("GET", "r"): "MCP gateway OAuth discovery paths (_At): mcpGateway.enabled is false",
}

#: The plugin's httpRoutes (router-plugin.js), by key: (operation, protocols).
PLUGIN_ROUTES: Mapping[str, Assignment] = {
    "ccr-router-route": ("ccr-internal", ()),
    "ccr-runtime-config-control": ("admin", ()),
    "ccr-raw-trace-sync-ack": ("ccr-internal", ()),
    "ccr-public-root": ("root", ()),
    "ccr-public-remote-control-root": ("remote-control", ()),
    "ccr-public-remote-control": ("remote-control", ()),
    "ccr-public-wif-token": ("oauth-token", ()),
    "ccr-public-models-v1": ("list-models", (_A, _O)),
    "ccr-public-models": ("list-models", (_O,)),
    "ccr-public-claude-cli-bootstrap": ("claude-cli-bootstrap", ()),
    "ccr-public-count-tokens": ("count-tokens", (_A,)),
}


def pattern(path: str) -> str:
    """fastify's spelling in agroutes': ``:name`` is ``{name}``, a final ``*`` ``{*rest}``."""
    out = re.sub(r":([A-Za-z_]\w*)", r"{\1}", path)
    if out.endswith("/*"):
        out = out[:-1] + "{*rest}"
    return out


NOTES = (
    f"Generated by tools/gen_ccr_table.py (render) from {DATA}, which its extract step read "
    f"from the npm tarball of {PACKAGE}@{VERSION} ({GATEWAY}, {PLUGIN}, {CLI}; the bundles "
    "are minified: sources cite line:column). Never edit by hand.",
    "The public port is the core gateway's fastify 5 app (next-ai-gateway, bundled as "
    f"{GATEWAY}, started by dist/main/gateway-bootstrap.js with the configuration CCR "
    "compiles) with CCR's router plugin loaded. The musistudio/claude-code-router repository "
    "has no commit of this release (its packages/cli/package.json says 3.0.21 at most), so "
    "the bundles the release ships are the source read.",
    "Two routers in one: fastify's (one tree per method, exact paths, HEAD routes made for "
    "GET routes) and the plugin's httpRoutes, which the gateway dispatches itself: a route "
    "of priority pre in a preHandler hook of every fastify route, a route of priority "
    "fallback in the handler of fastify's catch-all ALL /*, both by string equality of the "
    "path without its query (a path ending in /* by startsWith) and of the method (ALL: "
    "any). Together they answer like fastify: the catch-all takes every path and every "
    "method the other routes do not, and answers 404 "
    '{"error": {"message": "Route not found."}}: a wrong method is a 404, never a 405; a '
    "trailing or doubled slash and another case are 404s. One difference: the plugin's GET "
    "routes on paths fastify does not register (/models, /api/claude_cli/bootstrap) do not "
    "answer HEAD (the hook compares the method), so the table lists HEAD only beside "
    "fastify's own GET routes (implicit_head false).",
    "fastify's parameters take an empty segment: GET /v1/models/ reaches /v1/models/:model "
    'and answers the handler\'s 404 "Model not found: ". Model ids are provider/model: GET '
    "/v1/models/* takes them whole. The Gemini routes are catch-alls, POST /v1beta/models/* "
    "and /v1/models/*, whose handler splits the rest at its last ':' and accepts only the "
    "actions written out here (:countTokens answers 400 'Invalid Gemini route'); a model "
    "name with a slash is served by CCR but not by this table, which writes {model} as one "
    "segment.",
    "Anthropic: POST /v1/messages and /v1/messages/count_tokens (the plugin's); OpenAI: "
    "/v1/chat/completions, /v1/responses, /v1/embeddings, /v1/models (also GET /models, the "
    "plugin's); Gemini: /v1beta/models/{model}:generateContent and :streamGenerateContent "
    "(also under /v1), no GET /v1beta/models. Every AI route is under /v1 or /v1beta: "
    "http://127.0.0.1:3456 is the Base URL for Claude Code, .../v1 for OpenAI clients.",
    "The default configuration (CCR's own defaults plus one provider with one model, "
    "without which the gateway does not start): the agent and /manager routes are "
    "registered (agent.external is off), the MCP gateway (/mcp, /oauth/*), its OAuth "
    "discovery paths and the provider webhook are not. /metrics is registered and answers "
    "404 'Metrics endpoint is disabled.' unless metrics are on. When the configuration needs "
    "CCR's own wrapper (a proxy, the context archive, router fallbacks, media tools, API key "
    "limits, plugin gateway routes), CCR's request handler in dist/main/cli.js listens on "
    "the public port instead and forwards what it does not answer itself to the core on "
    "port 3457: the AI paths are the same, the admin ones differ. Not modelled here.",
    "The gateway checks the API key (APIKEY in the config; x-api-key or Authorization: "
    "Bearer) in each route's preHandler, after routing: an unknown path is a 404 with or "
    "without a key. An onRequest hook answers OPTIONS on any path with 204 (CORS).",
    "Default origin: CCR's defaults in dist/main/cli.js, HOST 127.0.0.1, PORT 3456 (the "
    "gateway's public port; the web management UI of `ccr serve` listens on 3458).",
)


@dataclass(frozen=True, slots=True)
class Spec:
    id: str = "claude-code-router"
    out_file: str = OUT


def _source(file: str, row: Mapping[str, object]) -> str:
    return f"{file}:{row['line']}:{row['column']}@{PACKAGE.rpartition('/')[2]}=={VERSION}"


def _route(methods: list[str], pat: str, assignment: Assignment, source: str) -> Row:
    operation, protocols = assignment
    return {
        "methods": methods,
        "pattern": pat,
        "protocols": list(protocols),
        "operation": operation,
        "source": source,
    }


def render(_spec: Spec) -> str:
    data = json.loads((ROOT / DATA).read_text(encoding="utf-8"))
    if data["package"] != f"{PACKAGE}@{VERSION}":
        raise RenderError(f"{DATA} holds {data['package']}, not {PACKAGE}@{VERSION}")
    routes: list[Row] = []
    used: set[tuple[str, str]] = set()
    get_paths: set[str] = set()
    actions = data["gemini_actions"]["actions"]
    for row in data["gateway"]:
        key = (row["method"], row["path"])
        source = _source(GATEWAY, row)
        if key in OFF:
            used.add(key)
            continue
        if key in EXPANDED:
            used.add(key)
            for pat, operation, protocols in EXPANDED[key]:
                for action in actions if "{action}" in pat else [""]:
                    name = _ACTIONS.get(action)
                    if action and name is None:
                        raise RenderError(f"Gemini action {action!r} has no operation name")
                    op = operation.replace("{action}", name or "")
                    routes.append(
                        _methods(key[0], pat.replace("{action}", action), op, protocols, source)
                    )
            continue
        if key not in ROUTES:
            raise RenderError(f"{key[0]} {key[1]} ({GATEWAY}:{row['line']}) is not in ROUTES")
        used.add(key)
        pat = pattern(key[1])
        if key[0] == "GET":
            get_paths.add(pat)
        operation, protocols = ROUTES[key]
        routes.append(_methods(key[0], pat, operation, protocols, source))
    for row in data["gateway_dynamic"]:
        dyn = (row["method"], row["argument"])
        if dyn not in OFF_DYNAMIC:
            raise RenderError(
                f"{dyn[0]} {dyn[1]} ({GATEWAY}:{row['line']}): a registration with a variable path"
            )
    known = {(r["pattern"], m) for r in routes for m in cast("list[str]", r["methods"])}
    plugin_keys: set[str] = set()
    for row in data["plugin"]:
        key_name = str(row["key"])
        if key_name not in PLUGIN_ROUTES:
            raise RenderError(
                f"plugin route {key_name} ({row['method']} {row['path']}) is not in PLUGIN_ROUTES"
            )
        plugin_keys.add(key_name)
        method = "*" if row["method"] == "ALL" else str(row["method"])
        pat = pattern(str(row["path"]))
        if (pat, method) in known:  # GET /, GET /v1/models: the hook answers fastify's route
            continue
        operation, protocols = PLUGIN_ROUTES[key_name]
        routes.append(_route([method], pat, (operation, protocols), _source(PLUGIN, row)))
    unused = [k for k in sorted({*ROUTES, *EXPANDED, *OFF}) if k not in used]
    unused_plugin = sorted(set(PLUGIN_ROUTES) - plugin_keys)
    if unused or unused_plugin:
        raise RenderError(f"entries no registration uses: {unused} {unused_plugin}")
    defaults = data["defaults"]
    doc = {
        "id": "claude-code-router",
        "title": f"claude-code-router {VERSION}",
        "source": (
            f"npm {PACKAGE}@{VERSION} ({data['archive']}, sha256 {data['sha256'][:16]}...): "
            f"{', '.join(data['files'])}"
        ),
        "router": "fastify",
        "implicit_head": False,
        "origin": f"http://{defaults['host']}:{defaults['port']}",
        "quirks": {
            "unknown_status": 404,
            "unknown_body": "json",
            "note": (
                "next-ai-gateway's ALL /* answers every path and method no route takes with "
                '404 {"error": {"message": "Route not found."}}'
            ),
        },
        "notes": list(NOTES),
        "routes": routes,
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _methods(method: str, pat: str, operation: str, protocols: tuple[str, ...], source: str) -> Row:
    """fastify registers a HEAD route beside each GET route (exposeHeadRoutes)."""
    methods = ["GET", "HEAD"] if method == "GET" else ["*"] if method == "ALL" else [method]
    return _route(methods, pat, (operation, protocols), source)


#: Both tables this generator writes (tests/test_table_provenance.py reads this).
SPECS: tuple[Spec | ccr_legacy.LegacySpec, ...] = (Spec(), ccr_legacy.SPEC)


def render_one(spec: Spec | ccr_legacy.LegacySpec) -> str:
    """The table of ``spec``: 3.x's (:func:`render`) or 1.0.x's (tools/ccr_legacy.py)."""
    return render(spec) if isinstance(spec, Spec) else ccr_legacy.render(ROOT)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else "")
    steps = parser.add_subparsers(dest="step", required=True)
    ext = steps.add_parser("extract", help="the npm tarball -> " + DATA)
    ext.add_argument("tarball", type=Path)
    ren = steps.add_parser("render", help=f"{DATA} -> {OUT}")
    ren.add_argument("--check", action="store_true", help="exit 1 if the table would change")
    args = parser.parse_args(argv)
    try:
        if args.step == "extract":
            data = extract(args.tarball)
            legacy = data["package"] == f"{PACKAGE}@{ccr_legacy.VERSION}"
            out = ROOT / (ccr_legacy.DATA if legacy else DATA)
            text = json.dumps(data, indent=2) + "\n"
            out.write_text(text, encoding="utf-8", newline="\n")
            print(out.relative_to(ROOT))
            return 0
        specs: list[Spec | ccr_legacy.LegacySpec] = [Spec(), ccr_legacy.SPEC]
        return render_all(specs, render_one, check=args.check)
    except RenderError as exc:
        print(f"{args.step}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
