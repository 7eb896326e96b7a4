"""Layer 5: the ``agroutes`` command line (``python -m agroutes`` runs the same thing).

Synopsis::

    agroutes [--json] [--lang {en,zh}] COMMAND ...

    agroutes check BASE_URL [--client CLIENT]... [--routes ID|FILE]
    agroutes explain PATH [--method METHOD] [--routes ID|FILE]
    agroutes clients
    agroutes routes [ID|FILE]

``--json`` and ``--lang`` are accepted before or after the command.

``check`` predicts what each client sends for ``BASE_URL``, whether the proxy routes it,
and the corrected Base URL (or the client setting or mode that works). With no
``--client``, every built-in client is checked and the answer is a compact table, one line
per client: which of my tools work with this URL? ``explain`` works backwards from a path
seen in a proxy log. ``clients`` and ``routes`` list what is built in.

CLIENT is ``ID[:NAME=VALUE[,NAME=VALUE]...]``: a client id or alias, then optionally a
colon and the path-changing settings to apply, e.g. ``google-genai:api_version=v1beta``
or ``gemini-cli:model=gemini-2.5-pro,api_version=v1beta``. ``NAME=`` sets the empty
string. ``agroutes clients`` lists the ids, aliases and settings.

``--routes`` takes a preset id (``agroutes routes`` lists them; default ``antigravity``)
or the path of a route table file (JSON or TOML, see :mod:`agroutes._tabledata`). A value
that contains ``/`` or ends in ``.json`` or ``.toml`` is a file; write ``./NAME`` for a
file whose name has neither.

Exit status, as linters use it: 0 when everything checked is fine (and for ``clients``
and ``routes``); 1 when a problem was found (in the all-clients table: when any client
has one); 2 for bad usage or input (an invalid Base URL, an unknown client or table, a
bad setting). Errors are one line on stderr, ``agroutes: error: <message>``, with a
suggestion when there is one; nothing is written to stdout then, also under ``--json``.

Language: ``--lang``, else the first non-empty of ``LC_ALL``, ``LC_MESSAGES``, ``LANG``;
a value starting with ``zh`` means Chinese, anything else English. Problem kinds, ids
and URLs are never translated.

Colour: only when stdout is a terminal, ``TERM`` is not ``dumb`` and ``NO_COLOR`` is
unset or empty (https://no-color.org). ``--json`` output is never coloured.

No output, error message included, shows a secret: userinfo, ``key=``/``token=`` query
values and ``sk-…``/``AIza…`` tokens are masked as ``***``.

JSON schema (``schema_version`` 1)
----------------------------------

Every document is one JSON object (UTF-8, not ASCII-escaped) with these keys first::

    schema_version   1; bumped only on an incompatible change (adding keys is compatible)
    command          "check" | "explain" | "clients" | "routes"
    lang             "en" | "zh": the language of every "message" field

``check`` adds::

    base_url         str: the Base URL as given, secrets redacted
    routes           str: the route table id ("antigravity@4.5.8")
    ok               bool: true when every checked client is ok (exit status 0)
    results          [Diagnosis], one per client, in the order checked

    Diagnosis:
      client              str: the client id ("google-genai"), never an alias
      label               str: id plus non-default settings ("google-genai(api_version='v1beta')")
      title               str: "Google Gen AI Python SDK"
      verified            str: the client version the profile was verified against
      settings            {name: str | null}: only the settings that differ from the default
      base_url            str: secrets redacted
      routes              str: the route table id
      ok                  bool
      requests            [{operation: str, method: str,
                            url: str (the full URL sent, redacted),
                            target: str (the request-line target byte for byte, redacted),
                            status: 200 | 404 | 405 | null (null: the client refuses to send),
                            route: str | null (the matched route pattern),
                            allowed_methods: [str] (non-empty on a 405),
                            ok: bool}]
      problems            [{kind: str (a ProblemKind value: "duplicated-prefix", ...),
                            operation: str | null (null: the Base URL as a whole),
                            message: str}]
      corrected_base_url  str | null: redacted; null when ok or when no Base URL can work
      suggestions         [{kind: "base-url" | "setting" | "mode",
                            client: str (the client id to use),
                            settings: {name: str | null},
                            base_url: str (redacted),
                            message: str}]

``explain`` adds (``result`` is ``PathDiagnosis.to_mapping()`` of :mod:`agroutes._logpath`)::

    ok               bool: true when the path is routed as it is (exit status 0)
    result           {method: str,
                      path: str (the request target as given, redacted),
                      routes: str (the route table id),
                      status: 200 | 301 | 307 | 404 | 405 (301/307: gin's slash redirect),
                      ok: bool,
                      kind: str | null (a ProblemKind value; null when ok),
                      route: ROUTE | null (the route hit),
                      allowed_methods: [str] (non-empty: right path, wrong method),
                      redirect: str | null (where a gin router redirects the path),
                      meant: {method: str, path: str, route: ROUTE} | null
                             (the request most likely meant),
                      rewrite: str | null (the path a tolerant proxy could rewrite to),
                      senders: [{client: str, settings: {name: str | null},
                                 operation: str,
                                 base_url: str (the Base URL that sends this path, redacted),
                                 kind: str (a ProblemKind value),
                                 corrected_base_url: str | null,
                                 suggestions: [{kind: str, client: str,
                                                settings: {name: str | null},
                                                base_url: str}]}],
                      message: str}
    ROUTE            {methods: [str] ("*" is any method), pattern: str, operation: str,
                      protocols: [str], source: str}

``clients`` adds::

    clients          [{id: str, title: str, protocol: "openai" | "anthropic" | "gemini",
                       verified: str,
                       base_shape: "host-root" | "ends-in-v1" | "ends-in-v1beta",
                       aliases: [str],
                       settings: [{name: str, default: str | null, doc: str,
                                   choices: [str] | null}]}]

``routes`` without an id adds::

    tables           [{id: str, alias_of: str | null, title: str, source: str, routes: int}]

``routes ID`` adds::

    table            {id: str, title: str, source: str, mount_prefix: str, routes: [ROUTE]}
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple, NoReturn, TextIO

from . import __version__
from ._baseurl import BaseURL, parse_base_url
from ._clients import BUILTIN_CLIENTS, CLIENT_ALIASES, ClientProfile, client
from ._diagnosis import Diagnosis, Suggestion, SuggestionKind, diagnose, to_mapping
from ._errors import (
    InvalidBaseURL,
    InvalidClientSetting,
    InvalidRequest,
    InvalidRoutePattern,
    InvalidRouteTable,
    UnknownClient,
    UnknownRouteTable,
)
from ._explain import LANGS
from ._logpath import diagnose_path, route_mapping
from ._redact import redact
from ._routes import RouteTable
from ._tabledata import load_route_table
from ._tables import BUILTIN_TABLES, route_table

__all__ = [
    "EXIT_OK",
    "EXIT_PROBLEM",
    "EXIT_USAGE",
    "SCHEMA_VERSION",
    "build_parser",
    "colour_enabled",
    "lang_from_env",
    "load_table_arg",
    "parse_client_arg",
    "run",
]

SCHEMA_VERSION = 1
EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2

_DEFAULT_TABLE = "antigravity"

# The errors that mean "bad input": each becomes one line on stderr and exit status 2.
_INPUT_ERRORS = (
    InvalidBaseURL,
    InvalidClientSetting,
    InvalidRequest,
    InvalidRoutePattern,
    InvalidRouteTable,
    UnknownClient,
    UnknownRouteTable,
)


class _UsageError(Exception):
    """Bad usage or input found by the command line itself; ``usage`` is shown above it."""

    def __init__(self, message: str, *, usage: str = "") -> None:
        super().__init__(message)
        self.usage = usage


# --- words -------------------------------------------------------------------------------
# The library's explanations live in _explain; these are the command line's own words
# (table headings, summaries). Both tables have the same keys (a test checks it).

_EN: Mapping[str, str] = {
    "check-head": "Base URL {base} on {table} ({title})",
    "col-client": "client",
    "col-result": "result",
    "col-fix": "what to use instead",
    "ok": "ok",
    "fix-base-url": "Base URL {url}",
    "fix-setting": "set {settings}, Base URL {url}",
    "fix-mode": "use {mode}, Base URL {url}",
    "fix-none": "nothing known works",
    "summary": "{good} of {total} clients work with this Base URL.",
    "details": "Details for one client: agroutes check BASE_URL --client ID",
    "clients-head": "Built-in clients (--client ID[:NAME=VALUE,...]):",
    "col-id": "id",
    "col-title": "name",
    "col-verified": "verified against",
    "col-shape": "Base URL it wants",
    "host-root": "host root",
    "ends-in-v1": "ends in /v1",
    "ends-in-v1beta": "ends in /v1beta",
    "aliases": "Aliases: {aliases}",
    "settings-head": "Settings that change the path (--client ID:NAME=VALUE):",
    "col-setting": "setting",
    "col-default": "default",
    "col-doc": "meaning",
    "unset": "(unset)",
    "tables-head": "Built-in route tables (--routes ID):",
    "col-table": "table",
    "col-routes": "routes",
    "col-source": "source",
    "alias-of": "= {target}",
    "table-head": "{title} ({id}): {count} routes",
    "table-source": "Source: {source}",
    "col-methods": "methods",
    "col-path": "path",
    "col-operation": "operation",
    "col-protocols": "protocols",
}

_ZH: Mapping[str, str] = {
    "check-head": "Base URL {base}，路由表 {table}（{title}）",
    "col-client": "客户端",
    "col-result": "结果",
    "col-fix": "应改用",
    "ok": "正常",
    "fix-base-url": "Base URL 填 {url}",
    "fix-setting": "设置 {settings}，Base URL 填 {url}",
    "fix-mode": "改用 {mode}，Base URL 填 {url}",
    "fix-none": "没有已知的办法",
    "summary": "{total} 个客户端中有 {good} 个可以直接使用这个 Base URL。",
    "details": "查看某个客户端的详情：agroutes check BASE_URL --client ID",
    "clients-head": "内置客户端（--client ID[:名称=值,...]）：",
    "col-id": "ID",
    "col-title": "名称",
    "col-verified": "验证所用版本",
    "col-shape": "Base URL 应为",
    "host-root": "主机根地址",
    "ends-in-v1": "以 /v1 结尾",
    "ends-in-v1beta": "以 /v1beta 结尾",
    "aliases": "别名：{aliases}",
    "settings-head": "会改变路径的设置（--client ID:名称=值）：",
    "col-setting": "设置",
    "col-default": "默认值",
    "col-doc": "含义",
    "unset": "（未设置）",
    "tables-head": "内置路由表（--routes ID）：",
    "col-table": "路由表",
    "col-routes": "路由数",
    "col-source": "来源",
    "alias-of": "= {target}",
    "table-head": "{title}（{id}）：{count} 条路由",
    "table-source": "来源：{source}",
    "col-methods": "方法",
    "col-path": "路径",
    "col-operation": "操作",
    "col-protocols": "协议",
}

_WORDS: Mapping[str, Mapping[str, str]] = {"en": _EN, "zh": _ZH}


def _say(lang: str, key: str, **fields: object) -> str:
    return _WORDS[lang][key].format(**fields)


def lang_from_env(environ: Mapping[str, str]) -> str:
    """The language the locale asks for: POSIX precedence, the first non-empty one wins.

    >>> lang_from_env({"LANG": "zh_CN.UTF-8"}), lang_from_env({"LC_ALL": "C", "LANG": "zh_CN"})
    ('zh', 'en')
    """
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _lang_arg(value: str) -> str:
    """``--lang`` accepts ``zh``, ``zh-CN``, ``zh_TW``, ``en-US``...: the language part counts."""
    lang = value.strip().lower().replace("_", "-").split("-")[0]
    if lang not in LANGS:
        raise argparse.ArgumentTypeError(
            f"unknown language {value!r}; choose one of {', '.join(LANGS)}"
        )
    return lang


# --- colour ------------------------------------------------------------------------------

_GREEN = "32"
_RED = "31"
_YELLOW = "33"
_BOLD = "1"


@dataclass(frozen=True, slots=True)
class _Style:
    """ANSI styling that is a no-op when colour is off."""

    enabled: bool

    def paint(self, sgr: str, text: str) -> str:
        if not self.enabled or not sgr or not text:
            return text
        return f"\x1b[{sgr}m{text}\x1b[0m"


def colour_enabled(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Colour only on a terminal, never with ``NO_COLOR`` (non-empty) or ``TERM=dumb``."""
    if environ.get("NO_COLOR", "") or environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


# --- output helpers ----------------------------------------------------------------------


class _Cell(NamedTuple):
    text: str
    sgr: str = ""


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two, which ``str.ljust`` does not know."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _columns(rows: Sequence[Sequence[_Cell]], style: _Style) -> list[str]:
    """Align ``rows`` in columns two spaces apart; the last column is not padded."""
    widths = [max(_width(row[i].text) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        parts = []
        for i, cell in enumerate(row):
            pad = "" if i == len(row) - 1 else " " * (widths[i] - _width(cell.text))
            parts.append(style.paint(cell.sgr, cell.text) + pad)
        lines.append("  ".join(parts).rstrip())
    return lines


def _heading(lang: str, *keys: str) -> list[_Cell]:
    return [_Cell(_say(lang, key), _BOLD) for key in keys]


@dataclass(frozen=True, slots=True, kw_only=True)
class _Context:
    """What every command needs: where to write, in which language, with what colours."""

    out: TextIO
    lang: str
    json: bool
    style: _Style

    def lines(self, lines: Sequence[str]) -> None:
        self.out.write("\n".join(lines) + "\n")

    def document(self, command: str, body: Mapping[str, object]) -> None:
        head: dict[str, object] = {
            "schema_version": SCHEMA_VERSION,
            "command": command,
            "lang": self.lang,
        }
        self.out.write(json.dumps({**head, **body}, ensure_ascii=False, indent=2) + "\n")


# --- inputs ------------------------------------------------------------------------------


def parse_client_arg(spec: str) -> ClientProfile:
    """A ``--client`` value, ``ID[:NAME=VALUE[,NAME=VALUE]...]``, as a profile.

    The colon cannot clash with an id: ids are lowercase words joined by ``-`` and ``/``.

    >>> parse_client_arg("gemini-sdk:api_version=v1beta").label()
    "google-genai(api_version='v1beta')"
    """
    name, colon, rest = spec.partition(":")
    settings: dict[str, str] = {}
    if colon:
        for item in rest.split(","):
            key, eq, value = item.partition("=")
            key = key.strip()
            if not eq or not key:
                raise _UsageError(
                    f"--client {redact(spec)!r}: settings are NAME=VALUE pairs after the id, "
                    "as in google-genai:api_version=v1beta"
                )
            if key in settings:
                raise _UsageError(f"--client {redact(spec)!r}: setting {key!r} is given twice")
            settings[key] = value.strip()
    return client(name, **settings)


def _is_file_arg(value: str) -> bool:
    return "/" in value or os.sep in value or value.lower().endswith((".json", ".toml"))


def load_table_arg(value: str) -> RouteTable:
    """A ``--routes`` value: a preset id, or a route table file when it looks like a path."""
    if not _is_file_arg(value):
        return route_table(value)
    try:
        return load_route_table(value)
    except OSError as exc:  # the file's content errors are InvalidRouteTable, handled by run()
        reason = exc.strerror or type(exc).__name__
        raise _UsageError(f"cannot read route table {redact(value)!r}: {reason}") from None


# --- check -------------------------------------------------------------------------------


def _cmd_check(args: argparse.Namespace, ctx: _Context) -> int:
    """``agroutes check``: one diagnosis per client; exit 1 if any has a problem."""
    # Inputs are checked in command-line order, so the first error named is the first typed.
    base = parse_base_url(args.base_url)
    profiles = [parse_client_arg(s) for s in args.client] or list(BUILTIN_CLIENTS.values())
    table = load_table_arg(args.routes)
    diagnoses = [diagnose(base, p, routes=table) for p in profiles]
    ok = all(d.ok for d in diagnoses)
    if ctx.json:
        ctx.document(
            "check",
            {
                "base_url": str(base),
                "routes": table.id,
                "ok": ok,
                "results": [_diagnosis_json(d, ctx.lang) for d in diagnoses],
            },
        )
    elif args.client:
        ctx.lines(_detailed(diagnoses, ctx))
    else:
        ctx.lines(_compact(base, table, diagnoses, ctx))
    return EXIT_OK if ok else EXIT_PROBLEM


def _diagnosis_json(d: Diagnosis, lang: str) -> dict[str, object]:
    """``to_mapping`` plus the client's names, with every message in ``lang``."""
    doc = dict(to_mapping(d))
    return {
        "client": doc.pop("client"),
        "label": d.client.label(),
        "title": d.client.title,
        "verified": d.client.verified,
        **doc,
        "problems": [
            {
                "kind": p.kind.value,
                "operation": p.request.operation if p.request is not None else None,
                "message": p.explain(lang),
            }
            for p in d.problems
        ],
        "suggestions": [
            {
                "kind": s.kind.value,
                "client": s.client,
                "settings": dict(s.settings),
                "base_url": redact(str(s.base_url)),
                "message": s.explain(lang),
            }
            for s in d.suggestions
        ],
    }


def _compact(
    base: BaseURL, table: RouteTable, diagnoses: Sequence[Diagnosis], ctx: _Context
) -> list[str]:
    """One line per client: ok or its problem kinds, and what to use instead."""
    lang = ctx.lang
    rows = [_heading(lang, "col-client", "col-result", "col-fix")]
    for d in diagnoses:
        if d.ok:
            rows.append([_Cell(d.client.label()), _Cell(_say(lang, "ok"), _GREEN), _Cell("")])
            continue
        kinds = ", ".join(dict.fromkeys(p.kind.value for p in d.problems))
        fixes = " | ".join(_short_fix(s, lang) for s in d.suggestions)
        rows.append(
            [
                _Cell(d.client.label()),
                _Cell(kinds, _RED),
                _Cell(fixes, _YELLOW) if fixes else _Cell(_say(lang, "fix-none")),
            ]
        )
    good = sum(d.ok for d in diagnoses)
    head = _say(lang, "check-head", base=str(base), table=table.id, title=table.title)
    return [
        ctx.style.paint(_BOLD, head),
        "",
        *_columns(rows, ctx.style),
        "",
        _say(lang, "summary", good=good, total=len(diagnoses)),
        _say(lang, "details"),
    ]


def _short_fix(s: Suggestion, lang: str) -> str:
    """A suggestion in a table cell, settings spelled as ``--client`` takes them."""
    url = redact(str(s.base_url))
    if s.kind is SuggestionKind.BASE_URL:
        return _say(lang, "fix-base-url", url=url)
    if s.kind is SuggestionKind.SETTING:
        shown = ",".join(f"{k}={v or ''}" for k, v in s.settings)
        return _say(lang, "fix-setting", settings=shown, url=url)
    return _say(lang, "fix-mode", mode=s.client, url=url)


def _detailed(diagnoses: Sequence[Diagnosis], ctx: _Context) -> list[str]:
    """Each diagnosis's own explanation, a blank line between clients."""
    lines: list[str] = []
    for d in diagnoses:
        if lines:
            lines.append("")
        lines.extend(_paint_explanation(d, ctx))
    return lines


def _paint_explanation(d: Diagnosis, ctx: _Context) -> list[str]:
    """``d.explain(lang)`` with its verdict, problem kinds and suggestions coloured."""
    lines = d.explain(ctx.lang).splitlines()
    style = ctx.style
    if not style.enabled:
        return lines
    advice = {s.explain(ctx.lang) for s in d.suggestions}
    kinds = {p.kind.value for p in d.problems}
    out = [style.paint(_GREEN if d.ok else _RED + ";" + _BOLD, lines[0])]
    for line in lines[1:]:
        stripped = line.lstrip()
        kind = stripped.partition(":")[0]
        if line in advice:
            out.append(style.paint(_YELLOW + ";" + _BOLD, line))
        elif kind in kinds:  # "      duplicated-prefix: ..." under its request
            indent = line[: len(line) - len(stripped)]
            out.append(indent + style.paint(_RED, kind) + stripped[len(kind) :])
        else:
            out.append(line)
    return out


# --- explain -----------------------------------------------------------------------------


def _cmd_explain(args: argparse.Namespace, ctx: _Context) -> int:
    """``agroutes explain``: work backwards from a path seen in a proxy log."""
    clients = [parse_client_arg(s) for s in args.client] or None
    table = load_table_arg(args.routes)
    # A bad --method is an InvalidRequest, reported by run() like every input error.
    result = diagnose_path(
        args.method, args.path, routes=table, origin=args.origin, clients=clients
    )
    if ctx.json:
        # The library's own JSON view, with its message in the language asked for.
        body = {**result.to_mapping(), "message": result.explain(ctx.lang)}
        ctx.document("explain", {"ok": result.ok, "result": body})
    else:
        lines = result.explain(ctx.lang).splitlines()
        verdict = _GREEN if result.ok else _RED + ";" + _BOLD
        ctx.lines([ctx.style.paint(verdict, lines[0]), *lines[1:]])
    return EXIT_OK if result.ok else EXIT_PROBLEM


# --- clients -----------------------------------------------------------------------------


def _aliases_of(client_id: str) -> list[str]:
    return [alias for alias, target in CLIENT_ALIASES.items() if target == client_id]


def _cmd_clients(args: argparse.Namespace, ctx: _Context) -> int:
    """``agroutes clients``: the built-in profiles, their versions and settings."""
    profiles = list(BUILTIN_CLIENTS.values())
    if ctx.json:
        ctx.document("clients", {"clients": [_client_json(p) for p in profiles]})
        return EXIT_OK
    lang = ctx.lang
    rows = [_heading(lang, "col-id", "col-title", "col-verified", "col-shape")]
    rows += [
        [_Cell(p.id), _Cell(p.title), _Cell(p.verified), _Cell(_say(lang, p.base_shape.value))]
        for p in profiles
    ]
    settings = [_heading(lang, "col-client", "col-setting", "col-default", "col-doc")]
    for p in profiles:
        for spec in p.setting_specs:
            default = _say(lang, "unset") if spec.default is None else repr(spec.default)
            settings.append([_Cell(p.id), _Cell(spec.name), _Cell(default), _Cell(spec.doc)])
    aliases = ", ".join(f"{alias} -> {target}" for alias, target in CLIENT_ALIASES.items())
    ctx.lines(
        [
            ctx.style.paint(_BOLD, _say(lang, "clients-head")),
            "",
            *_columns(rows, ctx.style),
            "",
            _say(lang, "aliases", aliases=aliases),
            "",
            ctx.style.paint(_BOLD, _say(lang, "settings-head")),
            *_columns(settings, ctx.style),
        ]
    )
    return EXIT_OK


def _client_json(p: ClientProfile) -> dict[str, object]:
    return {
        "id": p.id,
        "title": p.title,
        "protocol": p.protocol.value,
        "verified": p.verified,
        "base_shape": p.base_shape.value,
        "aliases": _aliases_of(p.id),
        "settings": [
            {
                "name": s.name,
                "default": s.default,
                "doc": s.doc,
                "choices": list(s.choices) if s.choices is not None else None,
            }
            for s in p.setting_specs
        ],
    }


# --- routes ------------------------------------------------------------------------------


def _cmd_routes(args: argparse.Namespace, ctx: _Context) -> int:
    """``agroutes routes [ID]``: the presets, or one table's routes."""
    if args.table is None:
        _list_tables(ctx)
    else:
        _show_table(load_table_arg(args.table), ctx)
    return EXIT_OK


def _list_tables(ctx: _Context) -> None:
    lang = ctx.lang
    entries = []
    for name in BUILTIN_TABLES:
        table = route_table(name)
        entries.append((name, table.id if table.id != name else None, table))
    if ctx.json:
        tables = [
            {
                "id": name,
                "alias_of": alias_of,
                "title": t.title,
                "source": t.source,
                "routes": len(t.routes),
            }
            for name, alias_of, t in entries
        ]
        ctx.document("routes", {"tables": tables})
        return
    rows = [_heading(lang, "col-id", "col-table", "col-routes", "col-source")]
    for name, alias_of, t in entries:
        if alias_of is not None:  # "antigravity  = antigravity@4.5.8": the newest, by name
            cells = [_say(lang, "alias-of", target=alias_of), "", ""]
        else:
            cells = [t.title, str(len(t.routes)), t.source]
        rows.append([_Cell(name), *map(_Cell, cells)])
    ctx.lines([ctx.style.paint(_BOLD, _say(lang, "tables-head")), "", *_columns(rows, ctx.style)])


def _show_table(table: RouteTable, ctx: _Context) -> None:
    if ctx.json:
        body = {
            "id": table.id,
            "title": table.title,
            "source": table.source,
            "mount_prefix": table.mount_prefix,
            "routes": [route_mapping(r) for r in table.routes],  # the shape explain uses
        }
        ctx.document("routes", {"table": body})
        return
    lang = ctx.lang
    rows = [
        _heading(lang, "col-methods", "col-path", "col-operation", "col-protocols", "col-source")
    ]
    for r in table.routes:
        protocols = ",".join(sorted(p.value for p in r.protocols)) or "-"
        cells = ["|".join(sorted(r.methods)), r.pattern, r.operation, protocols, r.source]
        rows.append([_Cell(c) for c in cells])
    head = _say(lang, "table-head", title=table.title, id=table.id, count=len(table.routes))
    ctx.lines(
        [
            ctx.style.paint(_BOLD, head),
            _say(lang, "table-source", source=table.source or "-"),
            "",
            *_columns(rows, ctx.style),
        ]
    )


# --- parser ------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse, but errors are raised (then redacted and printed once) instead of exiting."""

    def error(self, message: str) -> NoReturn:
        # argparse quotes the user's words back ("unrecognized arguments: sk-..."): mask them.
        raise _UsageError(redact(message), usage=self.format_usage())


_CLIENT_HELP = (
    "a client id or alias, optionally with settings: ID[:NAME=VALUE,...], e.g. "
    "google-genai:api_version=v1beta (repeatable; default: every built-in client)"
)
_ROUTES_HELP = "a route table preset id or a .json/.toml table file (default: %(default)s)"
_CHECK_EXAMPLES = """examples:
  agroutes check http://127.0.0.1:8045/v1
  agroutes check http://127.0.0.1:8045 --client claude-code --client openai-sdk
  agroutes check http://127.0.0.1:8045 --client google-genai:api_version=v1beta
  agroutes check http://127.0.0.1:8045/v1 --routes antigravity@3.3.50 --json"""
_EXPLAIN_EXAMPLES = """examples:
  agroutes explain /v1/v1/messages
  agroutes explain /v1/chat/completions/responses --origin http://192.168.1.5:8045
  agroutes explain /v1/messages --method GET"""


def _add_global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    # The same options on the main parser and on every command, so that they work before
    # or after the command; on the commands they default to "absent" so that they do not
    # overwrite a value given before the command.
    parser.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="print one JSON document (schema_version 1) instead of text",
    )
    parser.add_argument(
        "--lang",
        type=_lang_arg,
        default=argparse.SUPPRESS if suppress else None,
        metavar="{en,zh}",
        help="language of the text (default: from LC_ALL, LC_MESSAGES or LANG)",
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``agroutes`` command."""
    common = _Parser(add_help=False)
    _add_global_options(common, suppress=True)
    parser = _Parser(
        prog="agroutes",
        description="Is my AI client's Base URL right for my local proxy? Checked offline.",
        epilog="Exit status: 0 all good, 1 a problem found, 2 bad usage or input.",
    )
    _add_global_options(parser, suppress=False)
    parser.add_argument("--version", action="version", version=f"agroutes {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        parents=[common],
        help="what each client sends for a Base URL, and the Base URL to use instead",
        description="Check BASE_URL for the given clients, or for every built-in client.",
        epilog=_CHECK_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("base_url", metavar="BASE_URL", help="the Base URL given to the client")
    check.add_argument(
        "--client", "-c", action="append", default=[], metavar="CLIENT", help=_CLIENT_HELP
    )
    check.add_argument(
        "--routes", "-r", default=_DEFAULT_TABLE, metavar="ID|FILE", help=_ROUTES_HELP
    )

    explain = commands.add_parser(
        "explain",
        parents=[common],
        help="why a path seen in a proxy log is not routed, and the Base URL to fix",
        description="Explain PATH, as seen in a proxy's log, against a route table.",
        epilog=_EXPLAIN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    explain.add_argument("path", metavar="PATH", help="the request target or the whole URL")
    explain.add_argument(
        "--method", "-m", default="POST", help="the request's method (default: %(default)s)"
    )
    explain.add_argument(
        "--routes", "-r", default=_DEFAULT_TABLE, metavar="ID|FILE", help=_ROUTES_HELP
    )
    explain.add_argument(
        "--origin",
        help="the proxy's scheme://host:port, shown in the Base URLs to use "
        "(default: the URL's own, else http://127.0.0.1:8045)",
    )
    explain.add_argument(
        "--client",
        "-c",
        action="append",
        default=[],
        help="only look for these clients among the senders (syntax as for check)",
    )

    commands.add_parser(
        "clients", parents=[common], help="the built-in clients, with their verified versions"
    )
    routes = commands.add_parser(
        "routes", parents=[common], help="the built-in route tables, or one table's routes"
    )
    routes.add_argument(
        "table", nargs="?", metavar="ID|FILE", help="a preset id or a table file to list"
    )
    return parser


_COMMANDS: Mapping[str, Callable[[argparse.Namespace, _Context], int]] = {
    "check": _cmd_check,
    "explain": _cmd_explain,
    "clients": _cmd_clients,
    "routes": _cmd_routes,
}


# --- entry point -------------------------------------------------------------------------


def run(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Run the ``agroutes`` command with ``argv``; return the exit status (0, 1 or 2).

    >>> run(["check", "http://127.0.0.1:8045", "--client", "claude-code", "--lang", "en"])
    claude-code with Base URL http://127.0.0.1:8045 on antigravity@4.5.8: OK
      POST /v1/messages?beta=true  ->  routed to POST /v1/messages
    0
    """
    out = sys.stdout if stdout is None else stdout
    err = sys.stderr if stderr is None else stderr
    env = os.environ if environ is None else environ
    _tolerate_unencodable(out)
    _tolerate_unencodable(err)
    try:
        args = build_parser().parse_args(argv)
        ctx = _Context(
            out=out,
            lang=args.lang or lang_from_env(env),
            json=args.json,
            style=_Style(not args.json and colour_enabled(out, env)),
        )
        status = _COMMANDS[args.command](args, ctx)
        out.flush()
    except _UsageError as exc:
        err.write(exc.usage + _error_line(str(exc)))
        return EXIT_USAGE
    except _INPUT_ERRORS as exc:
        err.write(_error_line(_input_error_message(exc)))
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version end here, after printing
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    except BrokenPipeError:
        return _closed_pipe(out)
    return status


def _error_line(message: str) -> str:
    return f"agroutes: error: {message}\n"


def _input_error_message(exc: Exception) -> str:
    """The error's own message, with what the user typed masked and a pointer to the lists.

    Messages that agroutes already masks are kept as they are: masking a masked text again
    would eat the quote after a ``key=***``.
    """
    if isinstance(exc, UnknownClient | UnknownRouteTable):
        # The name is quoted back verbatim, so a pasted key would be shown: mask just it.
        message = str(exc).replace(repr(exc.name), repr(redact(exc.name)))
        listing = "clients" if isinstance(exc, UnknownClient) else "routes"
        return f"{message} (run 'agroutes {listing}' for the list)"
    if isinstance(exc, InvalidClientSetting):
        return redact(str(exc))  # quotes the setting name and value as typed
    return str(exc)


def _tolerate_unencodable(stream: TextIO) -> None:
    """On a stream that cannot encode Chinese (PYTHONIOENCODING=ascii), escape, don't crash."""
    if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
        stream.reconfigure(errors="backslashreplace")


def _closed_pipe(out: TextIO) -> int:
    """``agroutes routes antigravity | head``: the reader left; stop quietly."""
    if out is sys.stdout:
        # Python flushes stdout once more at exit; aim it at devnull so that cannot fail.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return EXIT_PROBLEM
