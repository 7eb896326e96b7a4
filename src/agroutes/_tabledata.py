"""Layer 3: route tables as plain data (a list of mappings, JSON or TOML).

A proxy's routes are data, so a user's own table, the presets read from a proxy's router
source (``agroutes/data/*.json``) and a ``--routes FILE`` on the command line all go
through the same door and the same checks. The document format::

    {
      "id": "my-proxy",                  # optional, default "custom"
      "title": "My proxy",               # optional
      "source": "where the routes come from" | {"repository", "commit", "files", "read_on"},
      "router": "axum" | "gin" | ...,    # optional, default "axum": the framework's semantics
                                         #   (agroutes._routers), which set the four options
      "method_first": false,             # optional overrides of what "router" sets
      "method_not_allowed": true,
      "redirect_trailing_slash": false,
      "implicit_head": true,
      "trailing_slash": "match",         # optional overrides of the router's slash rules:
      "double_slash": "exact",           #   "exact" | "redirect" | "match" (trailing also
      "redirect_get": 308,               #   "redirect-add", "strip"), the redirects' statuses
      "redirect_other": 308,             #   (hono's strict: false, gin's RemoveExtraSlash)
      "mount_prefix": "/ag",             # optional: the table served under a prefix
      "origin": "http://127.0.0.1:4000", # optional: where the proxy listens by default
      "quirks": {"unknown_status": 200,  # optional: how it answers a path it does not
                 "unknown_body": "html", #   route (see agroutes.tables.TableQuirks;
                 "get_status": null,     #   also "get_body"); {} says: no fallback,
                 "note": "free text",    #   an unknown path is the router's own 404;
                 "router_prefixes": ["/v1"]},  # but under these, the router's 404
      "notes": ["free text", ...],       # optional, kept out of the table
      "routes": [
        {"methods": ["POST"], "pattern": "/v1/chat/completions",
         "protocol": "openai", "operation": "chat-completions",
         "source": "router.go:96"},
        ...
      ]
    }

A bare list of route mappings is a table too. In a route, ``methods`` is a list of method
names or one string (``"GET"``, ``"GET|POST"``, ``"*"`` for any method); ``protocol`` is
``"openai"``, ``"anthropic"``, ``"gemini"`` or null, and ``protocols`` a list of them for a
route that serves several (``GET /v1/models`` answers each protocol by its headers on some
proxies); ``operation`` and ``source`` are optional strings. TOML has no null: leave
``protocol`` out, and write the routes as ``[[routes]]`` tables.

Every mistake raises :class:`~agroutes.InvalidRouteTable` whose ``entry`` is the index of
the bad route (or None for the document itself); a bad pattern is an
:class:`~agroutes.InvalidRoutePattern` kept as the ``__cause__``. Two routes that would
answer the same request are refused at build time, naming both (as matchit does).

A document is read as untrusted text: at most :data:`MAX_DOCUMENT` characters (a table of
10,000 routes is about 1.5 MB), nested no deeper than the parsers can recurse (deeper is an
:class:`~agroutes.InvalidRouteTable`, not a ``RecursionError``), and a number too long to
convert (a table's only numbers are its quirks' statuses) is named with its entry, not
raised as the interpreter's ``ValueError``.
"""

from __future__ import annotations

import dataclasses
import enum
import errno
import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeGuard

from ._documents import DocumentError, LongNumber, read_document
from ._errors import InvalidRoutePattern, InvalidRouteTable, describe
from ._patterns import Route
from ._routers import DEFAULT_ROUTER, ROUTER_PRESETS, DoubleSlash, RouterSemantics, TrailingSlash
from ._table import RouteTable, TableQuirks
from ._vocab import Protocol

__all__ = [
    "MAX_DOCUMENT",
    "load_route_table",
    "table_from_data",
    "table_from_json",
    "table_from_toml",
    "table_to_data",
]

#: The four router options each named router implies, for the documents and tools that
#: read them as booleans: a view of agroutes._routers.ROUTER_PRESETS, where each router's
#: whole semantics (redirect statuses, slashes, case) and their sources are.
ROUTERS: Mapping[str, Mapping[str, bool]] = MappingProxyType(
    {name: MappingProxyType(r.options()) for name, r in ROUTER_PRESETS.items()}
)
_OPTIONS = tuple(DEFAULT_ROUTER.options())
#: The router's slash rules a document may change: (key, the enum of its values or None
#: for a status).
_SLASH_KEYS: tuple[tuple[str, type[enum.StrEnum] | None], ...] = (
    ("trailing_slash", TrailingSlash),
    ("double_slash", DoubleSlash),
    ("redirect_get", None),
    ("redirect_other", None),
)
_DOC_KEYS = frozenset(
    {"id", "title", "source", "router", "mount_prefix", "notes", "routes", "origin", "quirks"}
    | set(_OPTIONS)
    | {key for key, _ in _SLASH_KEYS}
)
_QUIRK_KEYS = frozenset(
    {"unknown_status", "unknown_body", "get_status", "get_body", "note", "router_prefixes"}
)
_ROUTE_KEYS = frozenset({"methods", "pattern", "protocol", "protocols", "operation", "source"})
_PROTOCOLS = ", ".join(repr(p.value) for p in Protocol)
_PROTOCOL_VALUES = frozenset(p.value for p in Protocol)

#: The longest route table document read, in characters (or bytes, for a file).
MAX_DOCUMENT = 16 * 1024 * 1024


def table_from_data(
    data: object,
    *,
    id: str | None = None,  # noqa: A002 - the table's public attribute is called "id"
    title: str | None = None,
    source: str | None = None,
) -> RouteTable:
    """Build a compiled table from a document mapping or a bare list of route mappings.

    Keyword arguments override the document's own ``id``, ``title`` and ``source``.

    >>> t = table_from_data([{"methods": ["POST"], "pattern": "/v1/chat/completions",
    ...                       "protocol": "openai", "operation": "chat-completions"}])
    >>> t.match("POST", "/v1/chat/completions").ok, t.match("GET", "/v1/chat/completions").status
    (True, 405)
    >>> table_from_data([{"methods": "GET", "pattern": "/x"}, {"methods": "GET", "pattern": "/x"}])
    Traceback (most recent call last):
      ...
    agroutes.InvalidRouteTable: invalid route table: entry 1: GET /x conflicts with \
entry 0 (GET /x)
    """
    for name, value in (("id", id), ("title", title), ("source", source)):
        if value is not None and not isinstance(value, str):
            raise TypeError(f"table_from_data({name}=...) takes a str, not {type(value).__name__}")
    if isinstance(data, Mapping):
        doc: Mapping[str, object] = data
    elif _is_list(data):
        doc = {"routes": data}
    else:
        raise InvalidRouteTable(
            f"a route table is a mapping with 'routes' or a list of routes, not {_kind(data)}"
        )
    unknown = _unknown_keys(doc, _DOC_KEYS)
    if unknown:
        known = ", ".join(sorted(_DOC_KEYS))
        raise InvalidRouteTable(f"unknown key {unknown} (known: {known})")
    if "routes" not in doc:
        raise InvalidRouteTable("the document has no 'routes' list")
    entries = doc["routes"]
    if not _is_list(entries):
        raise InvalidRouteTable(f"'routes' must be a list of routes, not {_kind(entries)}")
    routes = tuple(_route(index, entry) for index, entry in enumerate(entries))
    table = RouteTable(
        routes,
        id=id if id is not None else _text(doc, "id", "custom"),
        title=title if title is not None else _text(doc, "title", ""),
        source=source if source is not None else _source(doc.get("source")),
        router=_router(doc),
        origin=_origin(doc.get("origin")),
        quirks=_quirks(doc.get("quirks")) if "quirks" in doc else None,
    )
    prefix = doc.get("mount_prefix")
    if prefix is None:
        return table
    if not isinstance(prefix, str):
        raise InvalidRouteTable(f"'mount_prefix' must be a string, not {_kind(prefix)}")
    try:
        mounted = table.mount(prefix)
    except InvalidRoutePattern as exc:
        raise InvalidRouteTable(f"'mount_prefix': {exc}") from exc
    # The document describes the table as it is served: its own id and title name that table
    # (mount() names a mounted copy of a table "ID@mount:PREFIX"; here nothing is copied).
    return RouteTable(
        mounted.routes,
        id=table.id,
        title=table.title,
        source=table.source,
        mount_prefix=mounted.mount_prefix,
        **mounted.options(),
    )


def table_from_json(text: str | bytes, **names: str | None) -> RouteTable:
    """:func:`table_from_data` for a JSON document (``names``: ``id``, ``title``, ``source``).

    >>> table_from_json('{"id": "mine", "routes": [{"methods": "GET", "pattern": "/v1/models"}]}')
    <RouteTable 'mine': 1 routes>
    """
    if not isinstance(text, str | bytes | bytearray):
        raise InvalidRouteTable(f"a JSON document is a str or bytes, not {_kind(text)}")
    data = _parse(text, ".json", "")
    return table_from_data(data, **names)


def table_from_toml(text: str, **names: str | None) -> RouteTable:
    """:func:`table_from_data` for a TOML document, routes as ``[[routes]]`` tables.

    >>> table_from_toml('''
    ... id = "mine"
    ... router = "gin"
    ... [[routes]]
    ... methods = ["POST"]
    ... pattern = "/v1/messages"
    ... protocol = "anthropic"
    ... ''').match("GET", "/v1/messages").status
    404
    """
    if not isinstance(text, str):
        raise InvalidRouteTable(f"a TOML document is a str, not {_kind(text)}")
    data = _parse(text, ".toml", "")
    return table_from_data(data, **names)


def load_route_table(path: str | os.PathLike[str]) -> RouteTable:
    """Read a route table file: ``.json`` or ``.toml``, chosen by the file's suffix.

    The table's id defaults to the file name without its suffix. A missing or unreadable
    file raises the usual :class:`OSError` (so does a path with a NUL character, which no
    file can have); at most :data:`MAX_DOCUMENT` bytes are read.
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in (".json", ".toml"):
        raise InvalidRouteTable(f"{file.name}: a route table file ends in .json or .toml")
    try:
        with file.open("rb") as stream:
            data = stream.read(MAX_DOCUMENT + 1)
    except ValueError as exc:  # a NUL in the path: no file has that name
        raise OSError(errno.EINVAL, str(exc), str(path)) from None
    if len(data) > MAX_DOCUMENT:
        raise InvalidRouteTable(f"{file.name}: {_too_long()}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidRouteTable(f"{file.name}: not UTF-8 text: {exc}") from exc
    where = f"{file.name}: "
    parsed = _parse(text, suffix, where)
    if isinstance(parsed, Mapping) and "id" not in parsed:
        return table_from_data(parsed, id=file.stem)
    if _is_list(parsed):
        return table_from_data(parsed, id=file.stem)
    return table_from_data(parsed)


def table_to_data(table: RouteTable) -> dict[str, object]:
    """The document :func:`table_from_data` reads back into an equivalent table.

    A mounted table is written with its routes as served (prefix included), so the
    document needs no ``mount_prefix``.
    """
    if not isinstance(table, RouteTable):
        raise TypeError(f"table_to_data() takes a RouteTable, not {type(table).__name__}")
    return {
        "id": table.id,
        "title": table.title,
        "source": table.source,
        "router": table.router.name,
        **{name: getattr(table, name) for name in _OPTIONS},
        **_slash_data(table.router),
        **({"origin": table.origin} if table.origin is not None else {}),
        **({"quirks": _quirks_data(table.quirks)} if table.quirks is not None else {}),
        "routes": [
            {
                "methods": sorted(route.methods),
                "pattern": route.pattern,
                "protocols": sorted(p.value for p in route.protocols),
                "operation": route.operation,
                "source": route.source,
            }
            for route in table.routes
        ],
    }


def _origin(value: object) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidRouteTable(
            f"'origin' must be a string such as 'http://127.0.0.1:4000', not {_kind(value)}"
        )
    return value  # RouteTable checks it


def _quirks(value: object) -> TableQuirks:
    if not isinstance(value, Mapping):
        raise InvalidRouteTable(f"'quirks' must be a mapping, not {_kind(value)}")
    unknown = _unknown_keys(value, _QUIRK_KEYS)
    if unknown:
        known = ", ".join(sorted(_QUIRK_KEYS))
        raise InvalidRouteTable(f"quirks: unknown key {unknown} (known: {known})")
    fields: dict[str, Any] = {}
    for name in ("unknown_status", "get_status"):
        status = value.get(name)
        if status is not None and (isinstance(status, bool) or not isinstance(status, int)):
            raise InvalidRouteTable(
                f"quirks: {name!r} must be a status such as 200, not {_kind(status)}"
            )
        fields[name] = status
    for name in ("unknown_body", "get_body", "note"):
        text = value.get(name, "" if name == "note" else None)
        if text is not None and not isinstance(text, str):
            raise InvalidRouteTable(f"quirks: {name!r} must be a string, not {_kind(text)}")
        fields[name] = text
    prefixes = value.get("router_prefixes", [])
    if not isinstance(prefixes, list | tuple) or not all(isinstance(p, str) for p in prefixes):
        raise InvalidRouteTable(
            f"quirks: 'router_prefixes' must be a list of paths, not {_kind(prefixes)}"
        )
    fields["router_prefixes"] = tuple(prefixes)
    return TableQuirks(**fields)  # which checks the values


def _quirks_data(quirks: TableQuirks) -> dict[str, object]:
    names = ("unknown_status", "unknown_body", "get_status", "get_body")
    data: dict[str, object] = {
        n: getattr(quirks, n) for n in names if getattr(quirks, n) is not None
    }
    if quirks.note:
        data["note"] = quirks.note
    if quirks.router_prefixes:
        data["router_prefixes"] = list(quirks.router_prefixes)
    return data


def _too_long() -> str:
    return f"a route table document is at most {MAX_DOCUMENT} characters long"


# Where a [[routes]] entry starts in a TOML document: an error at an offset names its entry.
_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*routes[ \t]*\]\]", re.MULTILINE)


def _parse(text: str | bytes | bytearray, suffix: str, where: str) -> object:
    """The document, every failure an :class:`InvalidRouteTable` (``where`` names the file)."""
    try:
        return read_document(text, suffix, limit=MAX_DOCUMENT, what="route table")
    except DocumentError as exc:
        if exc.at is None or not isinstance(text, str):
            raise InvalidRouteTable(where + exc.reason) from None
        entries = len(_HEADER.findall(text, 0, exc.at))
        raise InvalidRouteTable(
            f"{where}{exc.reason}; no value of a route table is a number",
            entry=entries - 1 if entries else None,
        ) from None


def _unknown_keys(mapping: Mapping[Any, object], known: frozenset[str]) -> str | None:
    """The first key (in text order) that is not a known one, as a message shows it."""
    bad = [k for k in mapping if not (isinstance(k, str) and k in known)]
    if not bad:
        return None
    texts = sorted(k for k in bad if isinstance(k, str))
    return repr(texts[0]) if texts else describe(bad[0])


def _route(index: int, entry: object) -> Route:
    if not isinstance(entry, Mapping):
        raise InvalidRouteTable(f"a route is a mapping, not {_kind(entry)}", entry=index)
    unknown = _unknown_keys(entry, _ROUTE_KEYS)
    if unknown:
        known = ", ".join(sorted(_ROUTE_KEYS))
        raise InvalidRouteTable(f"unknown key {unknown} (known: {known})", entry=index)
    pattern = entry.get("pattern")
    if not isinstance(pattern, str):
        raise InvalidRouteTable(
            f"'pattern' must be a string such as '/v1/models', not {_kind(pattern)}", entry=index
        )
    methods = _methods(index, entry.get("methods"))
    protocols = _protocols(index, entry)
    operation = entry.get("operation", "other")
    if not isinstance(operation, str) or not operation:
        raise InvalidRouteTable(
            f"'operation' must be a non-empty string, not {_kind(operation)}", entry=index
        )
    route_source = entry.get("source", "")
    if not isinstance(route_source, str):
        raise InvalidRouteTable(
            f"'source' must be a string, not {_kind(route_source)}", entry=index
        )
    try:
        return Route(
            pattern=pattern,
            methods=methods,
            operation=operation,
            protocols=protocols,
            source=route_source,
        )
    except InvalidRoutePattern as exc:
        raise InvalidRouteTable(str(exc), entry=index) from exc


def _methods(index: int, value: object) -> frozenset[str]:
    if isinstance(value, str):
        names = value.split("|")
    elif _is_list(value) and all(isinstance(m, str) for m in value):
        names = [str(m) for m in value]
    else:
        raise InvalidRouteTable(
            f"'methods' must be a list of method names such as ['GET'], not {_kind(value)}",
            entry=index,
        )
    if not names:
        raise InvalidRouteTable("'methods' is empty: a route needs a method", entry=index)
    return frozenset(n.strip().upper() for n in names)


def _protocols(index: int, entry: Mapping[object, object]) -> frozenset[Protocol]:
    if "protocol" in entry and "protocols" in entry:
        raise InvalidRouteTable("give 'protocol' or 'protocols', not both", entry=index)
    values: list[object]
    if "protocols" in entry:
        raw = entry["protocols"]
        if not _is_list(raw):
            raise InvalidRouteTable(
                f"'protocols' must be a list such as ['openai'], not {_kind(raw)}", entry=index
            )
        values = list(raw)
    else:
        one = entry.get("protocol")
        values = [] if one is None else [one]
    out: set[Protocol] = set()
    for value in values:
        if not isinstance(value, str) or value not in _PROTOCOL_VALUES:
            raise InvalidRouteTable(
                f"unknown protocol {describe(value)}; choose one of {_PROTOCOLS} or null",
                entry=index,
            )
        out.add(Protocol(value))
    return frozenset(out)


def _router(doc: Mapping[str, object]) -> RouterSemantics:
    """The named router's semantics, with the options the document sets itself."""
    name = doc.get("router", DEFAULT_ROUTER.name)
    router = ROUTER_PRESETS.get(name.lower()) if isinstance(name, str) else None
    if router is None:
        choices = ", ".join(repr(r) for r in ROUTER_PRESETS)
        raise InvalidRouteTable(f"unknown router {describe(name)}; choose one of {choices}")
    options: dict[str, bool] = {}
    for key in _OPTIONS:
        if key in doc:
            value = doc[key]
            if not isinstance(value, bool):
                raise InvalidRouteTable(f"{key!r} must be true or false, not {_kind(value)}")
            options[key] = value
    router = router.with_options(**options)
    changes: dict[str, object] = {}
    for key, kinds in _SLASH_KEYS:
        if key not in doc:
            continue
        value = doc[key]
        if kinds is None:
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise InvalidRouteTable(f"{key!r} must be a status such as 308, not {_kind(value)}")
            changes[key] = value
        elif isinstance(value, str) and value in {k.value for k in kinds}:
            changes[key] = kinds(value)
        else:
            shown = ", ".join(repr(k.value) for k in kinds)
            raise InvalidRouteTable(f"{key!r} is one of {shown}, not {_kind(value)}")
    # RouterSemantics checks what the changes make: a redirect needs its statuses.
    return dataclasses.replace(router, **changes) if changes else router  # type: ignore[arg-type]


def _slash_data(router: RouterSemantics) -> dict[str, object]:
    """The slash rules where they differ from the named preset's (a document stays short)."""
    preset = ROUTER_PRESETS.get(router.name, DEFAULT_ROUTER)
    out: dict[str, object] = {}
    for key, _ in _SLASH_KEYS:
        value = getattr(router, key)
        if value != getattr(preset, key):
            out[key] = value.value if isinstance(value, enum.Enum) else value
    return out


def _text(doc: Mapping[str, object], key: str, default: str) -> str:
    value = doc.get(key, default)
    if not isinstance(value, str):
        raise InvalidRouteTable(f"{key!r} must be a string, not {_kind(value)}")
    return value


def _source(value: object) -> str:
    """A one-line citation: the text as given, or ``repo@commit files (read on date)``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if not isinstance(value, Mapping):
        raise InvalidRouteTable(f"'source' must be a string or a mapping, not {_kind(value)}")
    repository = value.get("repository", "")
    commit = value.get("commit", "")
    files = value.get("files", [])
    read_on = value.get("read_on", "")
    if not (isinstance(repository, str) and isinstance(commit, str) and isinstance(read_on, str)):
        raise InvalidRouteTable("'source' fields 'repository', 'commit', 'read_on' are strings")
    if not (_is_list(files) and all(isinstance(f, str) for f in files)):
        raise InvalidRouteTable("'source' field 'files' is a list of paths")
    text = repository + (f"@{commit[:8]}" if commit else "")
    if files:
        text += " " + ", ".join(str(f) for f in files)
    if read_on:
        text += f" (read {read_on})"
    return text.strip()


def _is_list(value: object) -> TypeGuard[Sequence[object]]:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes | bytearray)


def _kind(value: object) -> str:
    """A bad value as a message names it: its type, and the value when it is short."""
    if value is None:
        return "null"
    if isinstance(value, LongNumber):
        return f"an integer of {value.digits} digits"
    if isinstance(value, str | int | float | bytes | bytearray):
        shown = describe(value)
        return shown if shown.startswith("an integer") else f"{type(value).__name__} {shown}"
    return describe(value)
