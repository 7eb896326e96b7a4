"""Layer 3: built-in route tables of real proxies, as typed constants citing their source.

Antigravity Tools (lbjlaq/Antigravity-Manager) serves hard-coded full paths from an axum
0.7.9 router (matchit 0.7.3, so the source writes ``:model``; here it is ``{model}``).
``/v1beta/models/{model}`` takes the whole segment, so ``gemini-2.5-flash:generateContent``
is one parameter value, split later by the handler with ``rsplit_once(':')``.

The other proxies' tables are data files in ``agroutes/data/``, read with the same loader
a user's own table goes through (:mod:`agroutes._tabledata`); each file names the
repository, commit and router files it was read from, and each route its source line.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType

from ._antigravity_admin import ADMIN_ROUTES
from ._cache import cached
from ._errors import UnknownRouteTable, describe
from ._patterns import ANY_METHOD, Route
from ._redact import redact
from ._table import RouteTable, TableQuirks
from ._vocab import Operation, Protocol, release_number

__all__ = ["BUILTIN_TABLES", "route_table"]

_O = Protocol.OPENAI
_A = Protocol.ANTHROPIC
_G = Protocol.GEMINI


# A row is plain data; the Route objects are built when a table is first asked for, so
# that `import agroutes` does not pay for compiling 190 patterns it may never use.
_Row = tuple[str, str, str, tuple[Protocol, ...], str]


def _r(
    methods: str, pattern: str, operation: str, protocols: tuple[Protocol, ...], line: str
) -> _Row:
    return (methods, pattern, operation, protocols, line)


def _routes(rows: tuple[_Row, ...]) -> tuple[Route, ...]:
    return tuple(
        Route(
            pattern=pattern,
            methods=frozenset(methods.split("|")),
            operation=operation,
            protocols=frozenset(protocols),
            source=f"src-tauri/src/proxy/server.rs:{line}",
        )
        for methods, pattern, operation, protocols, line in rows
    )


_MODELS = Operation.LIST_MODELS.value
_CHAT = Operation.CHAT_COMPLETIONS.value
_RESP = Operation.RESPONSES.value
_MSG = Operation.MESSAGES.value
_COUNT = Operation.COUNT_TOKENS.value
_GEN = Operation.GENERATE_CONTENT.value

# GET /v1/models is the OpenAI handler, but the Anthropic SDK's models.list lands there too
# and reads the OpenAI-shaped list without complaint, so both protocols count as served.
_MODELS_PROTOCOLS = (_O, _A)

# lbjlaq/Antigravity-Manager tag v3.3.50 (3518506, 2026-01-23): server.rs L123-194, the
# table the seed lesson documents. No fallback: an unknown path is an empty-body 404.
ANTIGRAVITY_3_3_50 = (
    _r("GET", "/v1/models", _MODELS, _MODELS_PROTOCOLS, "125"),
    _r("POST", "/v1/chat/completions", _CHAT, (_O,), "126"),
    _r("POST", "/v1/completions", "completions", (_O,), "130"),
    _r("POST", "/v1/responses", _RESP, (_O,), "134"),  # "兼容 Codex CLI"
    _r("POST", "/v1/images/generations", "images", (_O,), "135"),
    _r("POST", "/v1/images/edits", "images", (_O,), "139"),
    _r("POST", "/v1/audio/transcriptions", "audio", (_O,), "143"),
    _r("POST", "/v1/messages", _MSG, (_A,), "148"),
    _r("POST", "/v1/messages/count_tokens", _COUNT, (_A,), "149"),
    _r("GET", "/v1/models/claude", _MODELS, (_A,), "153"),
    _r(ANY_METHOD, "/mcp/web_search_prime/mcp", "mcp", (), "158"),
    _r(ANY_METHOD, "/mcp/web_reader/mcp", "mcp", (), "162"),
    _r(ANY_METHOD, "/mcp/zai-mcp-server/mcp", "mcp", (), "166"),
    _r("GET", "/v1beta/models", _MODELS, (_G,), "171"),
    _r("GET", "/v1beta/models/{model}", "get-model", (_G,), "173"),
    # One handler for generateContent and streamGenerateContent: the action rides in the
    # {model} segment after a colon.
    _r("POST", "/v1beta/models/{model}", _GEN, (_G,), "173"),
    _r("POST", "/v1beta/models/{model}/countTokens", _COUNT, (_G,), "177"),
    _r("POST", "/v1/models/detect", "detect-model", (), "181"),
    _r("POST", "/internal/warmup", "warmup", (), "182"),
    _r("POST", "/v1/api/event_logging/batch", "event-logging", (), "183"),
    _r("POST", "/v1/api/event_logging", "event-logging", (), "184"),
    _r("GET", "/healthz", "health", (), "185"),
)

# lbjlaq/Antigravity-Manager main at 9b3dd14f (tag v4.5.8, 2026-08-22): server.rs
# `proxy_routes` L442-531, `admin_routes` L534-784 nested under /api, `app` L794-806.
ANTIGRAVITY_4_5_8 = (
    _r("GET", "/health", "health", (), "443"),
    _r("GET", "/healthz", "health", (), "444"),
    _r("GET", "/v1/models", _MODELS, _MODELS_PROTOCOLS, "446"),
    _r("POST", "/v1/chat/completions", _CHAT, (_O,), "447"),
    _r("POST", "/v1/completions", "completions", (_O,), "451"),
    _r("POST", "/v1/responses", _RESP, (_O,), "455"),
    _r("GET", "/v1/responses", "responses-websocket", (_O,), "455"),  # Codex WebSocket
    _r("POST", "/responses", _RESP, (_O,), "460"),  # alias without /v1 (828414b0)
    _r("POST", "/responses/compact", "responses-compact", (_O,), "461"),
    _r("POST", "/v1/images/generations", "images", (_O,), "465"),
    _r("POST", "/v1/images/edits", "images", (_O,), "469"),
    _r("POST", "/v1/audio/transcriptions", "audio", (_O,), "473"),
    _r("POST", "/v1/messages", _MSG, (_A,), "478"),
    _r("POST", "/v1/messages/count_tokens", _COUNT, (_A,), "479"),
    _r("GET", "/v1/models/claude", _MODELS, (_A,), "483"),
    _r(ANY_METHOD, "/mcp/web_search_prime/mcp", "mcp", (), "488"),
    _r(ANY_METHOD, "/mcp/web_reader/mcp", "mcp", (), "492"),
    _r(ANY_METHOD, "/mcp/zai-mcp-server/mcp", "mcp", (), "493"),
    _r("GET", "/v1beta/models", _MODELS, (_G,), "498"),
    _r("GET", "/v1beta/models/{model}", "get-model", (_G,), "500"),
    _r("POST", "/v1beta/models/{model}", _GEN, (_G,), "500"),
    _r("POST", "/v1beta/models/{model}/countTokens", _COUNT, (_G,), "504"),
    _r("POST", "/v1/models/detect", "detect-model", (), "508"),
    _r("POST", "/internal/warmup", "warmup", (), "512"),
    _r("POST", "/v1/api/event_logging/batch", "event-logging", (), "513"),
    _r("POST", "/v1/api/event_logging", "event-logging", (), "514"),
    _r("GET", "/auth/callback", "oauth-callback", (), "798"),  # public, from `app`
    *(
        _r(method, "/api" + path, "admin", (), str(line))
        for line, path, handlers in ADMIN_ROUTES
        for method, _handler in handlers
    ),
)

_SOURCE_3 = "lbjlaq/Antigravity-Manager v3.3.50 (3518506) src-tauri/src/proxy/server.rs L123-194"
_SOURCE_4 = "lbjlaq/Antigravity-Manager v4.5.8 (9b3dd14f) src-tauri/src/proxy/server.rs L442-806"

#: ProxyConfig::default() at 9b3dd14f: ``port: 8045`` (src-tauri/src/proxy/config.rs:688),
#: bound on 127.0.0.1 unless allow_lan_access.
_ANTIGRAVITY_ORIGIN = "http://127.0.0.1:8045"
#: server.rs L809-817 at 9b3dd14f: when the folder ABV_DIST_PATH (default "dist") exists,
#: ``app.fallback_service(ServeDir::new(dist).fallback(ServeFile::new(dist/index.html)))``.
#: tower-http's ServeDir (0.5.2 in Cargo.lock) answers a method other than GET and HEAD with
#: 405 (since tower-http PR #249; calling the fallback instead is the opt-in
#: ``call_fallback_on_method_not_allowed``, not set here), and a missing file with its
#: fallback, the web UI's index.html, 200. Issue #1818 saw the 405.
ANTIGRAVITY_QUIRKS = TableQuirks(
    get_status=200,
    get_body="html",
    unknown_status=405,
    unknown_body="empty",
    note=(
        "headless/Docker mode only (the folder ABV_DIST_PATH, default 'dist', exists): "
        "app.fallback_service(ServeDir(dist).fallback(ServeFile(dist/index.html))) "
        "answers an unknown GET or HEAD with 200 and the web UI's index.html, and every "
        "other method with 405, as tower-http's ServeDir does"
    ),
)


def _data_table(name: str) -> Callable[[], RouteTable]:
    """A preset read from ``agroutes/data/<name>.json`` (package data) when first asked for."""

    def build() -> RouteTable:
        # Imported here: only these presets need the data loader and package resources.
        from importlib import resources  # noqa: PLC0415

        from ._tabledata import table_from_json  # noqa: PLC0415

        text = resources.files(__package__).joinpath("data").joinpath(f"{name}.json")
        return table_from_json(text.read_text(encoding="utf-8"))

    return build


#: Tables generated from a proxy's own repository at a pinned commit (tools/gen_tables.py):
#: ``data/<id>.json``, each citing its generator, commit and the lines of every route.
FROM_REPOSITORIES: tuple[str, ...] = ()

#: Tables generated from what a registry ships (PyPI, npm) at a pinned release, and the
#: upstream APIs' layouts, read from their published specifications.
FROM_REGISTRIES: tuple[str, ...] = (
    # tools/gen_api_tables.py: the upstream APIs from their published specifications (an
    # OpenAPI document, the googleapis protos, the anthropic SDK's resource paths), the generic
    # OpenAI-compatible shape derived from openai-api, and LM Studio from its documentation.
    "openai-api",
    "openai-compatible",
    "anthropic-api",
    "gemini-api",
    "openrouter",
    "lm-studio",
)

_PRESETS: Mapping[str, Callable[[], RouteTable]] = {
    "antigravity@4.5.8": lambda: RouteTable(
        _routes(ANTIGRAVITY_4_5_8),
        id="antigravity@4.5.8",
        title="Antigravity Tools 4.5.8",
        source=_SOURCE_4,
        origin=_ANTIGRAVITY_ORIGIN,
        quirks=ANTIGRAVITY_QUIRKS,
    ),
    # Generated by tools/gen_tables.py from server.rs at each tag: the first release of each
    # run of releases with the same public routes (tools/data/antigravity-survey.json).
    "antigravity@4.3.9": _data_table("antigravity@4.3.9"),  # + POST /responses
    "antigravity@4.3.0": _data_table("antigravity@4.3.0"),  # + GET /v1/responses
    "antigravity@4.0.10": _data_table("antigravity@4.0.10"),  # + /health, /healthz
    "antigravity@4.0.0": _data_table("antigravity@4.0.0"),  # no /healthz (3.3.50 had one)
    "antigravity@3.3.50": lambda: RouteTable(
        _routes(ANTIGRAVITY_3_3_50),
        id="antigravity@3.3.50",
        title="Antigravity Tools 3.3.50",
        source=_SOURCE_3,
        origin=_ANTIGRAVITY_ORIGIN,  # ProxyConfig::default() had port 8045 then too
        quirks=TableQuirks(),  # no fallback: an unknown path is an empty-body 404
    ),
    # router-for-me/CLIProxyAPI internal/api/server_routes.go (gin; see the file's notes).
    "cliproxyapi": _data_table("cliproxyapi"),
    # Generated by tools/gen_tables.py from internal/api/server.go at each tag, as above.
    "cliproxyapi@5.0.5": _data_table("cliproxyapi@5.0.5"),  # + POST /v1/responses
    "cliproxyapi@5.0.0": _data_table("cliproxyapi@5.0.0"),  # no /v1/responses
    # QuantumNous/new-api router/relay-router.go, video-router.go, dashboard.go (gin).
    "new-api": _data_table("new-api"),
    **{name: _data_table(name) for name in (*FROM_REPOSITORIES, *FROM_REGISTRIES)},
}

#: Preset ids that point at another: ``antigravity`` is always the newest known table.
TABLE_ALIASES: Mapping[str, str] = MappingProxyType({"antigravity": "antigravity@4.5.8"})

_Release = tuple[int, int, int]

#: Each proxy's known releases, oldest first, and the preset that holds each one's routes.
#: ``NAME@X`` for a release X that is not listed resolves to the newest one not after X, and
#: the table's title says so. Each generated table is the first release of a run of releases
#: whose public routes are the same (``tools/gen_tables.py survey``), so that within the
#: surveyed ranges (Antigravity v4.0.0-v4.5.8, CLIProxyAPI v5.0.0-v5.1.15; the survey files
#: in tools/data/) every release resolves to a table with its own public routes. Outside
#: them the answer is the nearest older table, as the title says. ``cliproxyapi`` was read
#: after 7.2.140: its public routes are 7.2.140's, and two of its management routes are in no
#: tag up to 7.2.140; it answers for 7.2.140 and later.
RELEASES: Mapping[str, tuple[tuple[_Release, str], ...]] = MappingProxyType(
    {
        "antigravity": (
            ((3, 3, 50), "antigravity@3.3.50"),
            ((4, 0, 0), "antigravity@4.0.0"),
            ((4, 0, 10), "antigravity@4.0.10"),
            ((4, 3, 0), "antigravity@4.3.0"),
            ((4, 3, 9), "antigravity@4.3.9"),
            ((4, 5, 8), "antigravity@4.5.8"),
        ),
        "cliproxyapi": (
            ((5, 0, 0), "cliproxyapi@5.0.0"),
            ((5, 0, 5), "cliproxyapi@5.0.5"),
            ((7, 2, 140), "cliproxyapi"),
        ),
    }
)

_compiled: dict[str, RouteTable] = {}


def route_table(table: str | RouteTable = "antigravity", /) -> RouteTable:
    """A compiled, immutable preset route table (or ``table`` itself if it is one).

    ``NAME@VERSION`` asks for a proxy's release: a release agroutes does not hold resolves
    to the newest known release not after it, and the title says so.

    >>> t = route_table("antigravity")
    >>> t.match("POST", "/v1/chat/completions").route.pattern
    '/v1/chat/completions'
    >>> t.match("POST", "/v1/v1/chat/completions").status
    404
    >>> route_table("antigravity@4.0.5").title
    'Antigravity Tools 4.0.0 (asked for antigravity@4.0.5: the newest known release not after it)'
    """
    if isinstance(table, RouteTable):
        return table
    if type(table) is str:  # the usual call: a preset id already built
        found = _compiled.get(table)
        if found is not None:
            return found
    if not isinstance(table, str):
        raise TypeError(f"a route table is a preset id or a RouteTable, not {describe(table)}")
    key = table.strip().lower()
    key = TABLE_ALIASES.get(key, key)
    found = _compiled.get(key)
    if found is None:
        build = _PRESETS.get(key)
        if build is None:
            return _release(key, table)
        # Building is idempotent and the tables are immutable, so a race between threads
        # only costs a second build; the dict assignment itself is atomic.
        found = _compiled.setdefault(key, build())
    if table in TABLE_ALIASES:  # "antigravity", the default: found in one lookup next time
        _compiled.setdefault(table, found)
    return found


def _release(key: str, typed: str) -> RouteTable:
    """``NAME@VERSION`` that is not a preset id: the release it resolves to, or the error."""
    name, at, version = key.partition("@")
    releases = RELEASES.get(name) if at else None
    if at and (releases is not None or name in _PRESETS):
        # A known name is no secret (and "name@" would be masked as userinfo): mask only
        # what follows the "@".
        shown = f"{name}@{redact(_clip(typed.strip().partition('@')[2]))}"
    else:
        shown = redact(_clip(typed))
    if releases is None:
        if at and name in _PRESETS:
            reason = f"agroutes knows one {name} table, with no release number"
            raise UnknownRouteTable(shown, [name], reason=reason)
        names = [*_PRESETS, *TABLE_ALIASES]
        import difflib  # noqa: PLC0415 - only the error path needs it

        raise UnknownRouteTable(shown, difflib.get_close_matches(key[:80], names, n=3))
    known = ", ".join(".".join(map(str, number)) for number, _ in releases)
    asked = release_number(version)
    if asked is None:  # the text after "@" is not repeated: it may be anything, a key included
        reason = f"the part after '@' is not a release number such as 4.0.10 (known: {known})"
        raise UnknownRouteTable(shown, [name], reason=reason)
    older = [(number, preset) for number, preset in releases if number <= asked]
    if not older:
        dotted = ".".join(map(str, asked))
        reason = f"{dotted} is older than every release of {name} agroutes knows ({known})"
        raise UnknownRouteTable(shown, [releases[0][1]], reason=reason)
    number, preset = older[-1]
    if number == asked:
        return route_table(preset)
    return _resolved(preset, f"{name}@{'.'.join(map(str, asked))}")


def _clip(text: str) -> str:
    return text if len(text) <= 80 else text[:80] + "…"


@cached(maxsize=64)
def _resolved(preset: str, asked: str) -> RouteTable:
    """The ``preset`` table under a title that says it answers for release ``asked``.

    Cached as an answer (``cache_clear`` empties it); the preset itself stays compiled.
    """
    table = route_table(preset)
    return RouteTable(
        table.routes,
        id=table.id,
        title=f"{table.title} (asked for {asked}: the newest known release not after it)",
        source=table.source,
        mount_prefix=table.mount_prefix,
        **table.options(),
    )


BUILTIN_TABLES: tuple[str, ...] = (*TABLE_ALIASES, *_PRESETS)
