"""Layer 5: the commands of ``agroutes``: check, explain, clients, routes, and their inputs.

CLIENT is ``ID[:NAME=VALUE[,NAME=VALUE]...]``: a client id or alias, then optionally a
colon and the path-changing settings to apply, e.g. ``google-genai:api_version=v1beta``.
``--routes`` takes a preset id or the path of a route table file (JSON or TOML): a value
that contains ``/`` or ends in ``.json`` or ``.toml`` is a file; write ``./NAME`` for a
file whose name has neither.
"""

from __future__ import annotations

import argparse
import os
import re
from collections.abc import Sequence

from ._baseurl import BaseURL, parse_base_url
from ._cli_output import BOLD, GREEN, RED, YELLOW, Cell, Context, columns, heading, say
from ._clientdata import load_client
from ._clients import BUILTIN_CLIENTS, CLIENT_ALIASES, client
from ._diagnosis import Diagnosis, Suggestion, SuggestionKind, diagnose
from ._errors import InvalidRequest
from ._json import check_result_mapping, client_mapping, route_mapping, router_mapping
from ._logpath import diagnose_path
from ._presets import BUILTIN_TABLES, route_table
from ._profiles import ClientProfile
from ._redact import redact
from ._resolve import plan
from ._table import RouteTable
from ._tabledata import load_route_table

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "EXIT_PROBLEM",
    "EXIT_USAGE",
    "UsageError",
    "cmd_check",
    "cmd_clients",
    "cmd_explain",
    "cmd_routes",
    "load_client_arg",
    "load_table_arg",
    "parse_client_arg",
]

EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2  # also: the output could not be written
#: 128 + SIGPIPE: what the shell reports for a command killed by a closed pipe.
EXIT_BROKEN_PIPE = 141
#: 128 + SIGINT.
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """Bad usage or input found by the command line itself; ``usage`` is shown above it."""

    def __init__(self, message: str, *, usage: str = "") -> None:
        super().__init__(message)
        self.usage = usage


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
                raise UsageError(
                    f"--client {_shown(spec)}: settings are NAME=VALUE pairs after the id, "
                    "as in google-genai:api_version=v1beta"
                )
            if key in settings:
                raise UsageError(f"--client {_shown(spec)}: setting {_shown(key)} is given twice")
            settings[key] = value.strip()
    return client(name, **settings)


def _shown(value: str, limit: int = 200) -> str:
    """An argument quoted back in an error: masked first (clipping first could cut the "@"
    that marks a password), then clipped (an argument can be 128 kB)."""
    masked = redact(value)
    return repr(masked if len(masked) <= limit else masked[:limit] + "…")


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
        raise UsageError(f"cannot read route table {_shown(value)}: {reason}") from None


def load_client_arg(value: str) -> ClientProfile:
    """A ``--client-file`` value: a client declared as data (JSON or TOML)."""
    try:
        return load_client(value)
    except OSError as exc:  # the file's content errors are InvalidClientProfile, for run()
        reason = exc.strerror or type(exc).__name__
        raise UsageError(f"cannot read client file {_shown(value)}: {reason}") from None


def _sending(profiles: Sequence[ClientProfile], operations: Sequence[str]) -> list[ClientProfile]:
    """The built-in clients that send every one of ``operations``."""
    out = [p for p in profiles if set(operations) <= {r.spec.operation for r in plan(p)}]
    if not out:
        raise InvalidRequest(
            "operation", f"no built-in client sends {', '.join(map(_shown, operations))}"
        )
    return out


def cmd_check(args: argparse.Namespace, ctx: Context) -> int:
    """``agroutes check``: one diagnosis per client; exit 1 if any has a problem."""
    # Inputs are checked in command-line order, so the first error named is the first typed.
    base = parse_base_url(args.base_url)
    given = [parse_client_arg(s) for s in args.client]
    given += [load_client_arg(f) for f in args.client_file]
    table = load_table_arg(args.routes)
    operations = args.operation
    profiles = given or list(BUILTIN_CLIENTS.values())
    if operations is not None and not given:
        profiles = _sending(profiles, operations)
    diagnoses = [diagnose(base, p, routes=table, operations=operations) for p in profiles]
    ok = all(d.ok for d in diagnoses)
    if ctx.json:
        ctx.document(
            "check",
            {
                "base_url": str(base),
                "routes": table.id,
                "ok": ok,
                "results": [check_result_mapping(d, ctx.lang) for d in diagnoses],
            },
        )
    elif given:
        ctx.lines(_detailed(diagnoses, ctx))
    else:
        ctx.lines(_compact(base, table, diagnoses, ctx))
    return EXIT_OK if ok else EXIT_PROBLEM


def _compact(
    base: BaseURL, table: RouteTable, diagnoses: Sequence[Diagnosis], ctx: Context
) -> list[str]:
    """One line per client: ok or its problem kinds, and what to use instead."""
    lang = ctx.lang
    rows = [heading(lang, "col-client", "col-result", "col-fix")]
    for d in diagnoses:
        also = _also_works(d, lang)
        if d.ok:
            rows.append([Cell(d.client.label()), Cell(say(lang, "ok"), GREEN), Cell(also)])
            continue
        kinds = ", ".join(dict.fromkeys(p.kind.value for p in d.problems))
        fixes = " | ".join([*(_short_fix(s, lang) for s in d.suggestions), *filter(None, [also])])
        rows.append(
            [
                Cell(d.client.label()),
                Cell(kinds, RED),
                Cell(fixes, YELLOW) if fixes else Cell(say(lang, "fix-none")),
            ]
        )
    good = sum(d.ok for d in diagnoses)
    head = say(lang, "check-head", base=str(base), table=table.id, title=table.title)
    return [
        ctx.style.paint(BOLD, head),
        "",
        *columns(rows, ctx.style),
        "",
        say(lang, "summary", good=good, total=len(diagnoses)),
        say(lang, "details"),
    ]


def _also_works(d: Diagnosis, lang: str) -> str:
    """The Base URLs that work besides the one to use ("" when there is no other one)."""
    others = d.working_base_urls[1:]
    if not others:
        return ""
    urls = ", ".join(redact(str(url)) for url in others)
    return say(lang, "also-works", urls=urls + (", ..." if d.working_base_urls_truncated else ""))


def _short_fix(s: Suggestion, lang: str) -> str:
    """A suggestion in a table cell, settings spelled as ``--client`` takes them."""
    url = redact(str(s.base_url))
    if s.kind is SuggestionKind.BASE_URL:
        return say(lang, "fix-base-url", url=url)
    if s.kind is SuggestionKind.SETTING:
        shown = ",".join(f"{k}={v or ''}" for k, v in s.settings)
        return say(lang, "fix-setting", settings=shown, url=url)
    return say(lang, "fix-mode", mode=s.client, url=url)


def _detailed(diagnoses: Sequence[Diagnosis], ctx: Context) -> list[str]:
    """Each diagnosis's own explanation, a blank line between clients."""
    lines: list[str] = []
    for d in diagnoses:
        if lines:
            lines.append("")
        lines.extend(_paint_explanation(d, ctx))
    return lines


def _paint_explanation(d: Diagnosis, ctx: Context) -> list[str]:
    """``d.explain(lang)`` with its verdict, problem kinds and suggestions coloured."""
    lines = d.explain(ctx.lang).splitlines()
    style = ctx.style
    if not style.enabled:
        return lines
    advice = {s.explain(ctx.lang) for s in d.suggestions}
    kinds = {p.kind.value for p in d.problems}
    out = [style.paint(GREEN if d.ok else RED + ";" + BOLD, lines[0])]
    for line in lines[1:]:
        stripped = line.lstrip()
        kind = stripped.partition(":")[0]
        if line in advice:
            out.append(style.paint(YELLOW + ";" + BOLD, line))
        elif kind in kinds:  # "      duplicated-prefix: ..." under its request
            indent = line[: len(line) - len(stripped)]
            out.append(indent + style.paint(RED, kind) + stripped[len(kind) :])
        else:
            out.append(line)
    return out


def cmd_explain(args: argparse.Namespace, ctx: Context) -> int:
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
        verdict = GREEN if result.ok else RED + ";" + BOLD
        ctx.lines([ctx.style.paint(verdict, lines[0]), *lines[1:]])
    return EXIT_OK if result.ok else EXIT_PROBLEM


def _aliases_of(client_id: str) -> list[str]:
    return [alias for alias, target in CLIENT_ALIASES.items() if target == client_id]


def cmd_clients(args: argparse.Namespace, ctx: Context) -> int:
    """``agroutes clients``: the built-in profiles, their versions and settings."""
    profiles = list(BUILTIN_CLIENTS.values())
    if ctx.json:
        ctx.document(
            "clients", {"clients": [client_mapping(p, _aliases_of(p.id)) for p in profiles]}
        )
        return EXIT_OK
    lang = ctx.lang
    # Grouped by family (the program: "kilo-code" for each of its modes), in the order the
    # families first appear; the family is named on its first row only.
    order = {f: i for i, f in reversed(list(enumerate(p.family for p in profiles)))}
    grouped = sorted(profiles, key=lambda p: order[p.family])
    rows = [heading(lang, "col-family", "col-id", "col-evidence", "col-verified", "col-shape")]
    for i, p in enumerate(grouped):
        first = i == 0 or grouped[i - 1].family != p.family
        rows.append(
            [
                Cell(p.family if first else "", BOLD if first else ""),
                Cell(p.id),
                Cell(say(lang, f"evidence-{p.evidence.value}")),
                Cell(p.verified),
                Cell(say(lang, p.base_shape.value)),
            ]
        )
    settings = [heading(lang, "col-client", "col-setting", "col-default", "col-doc")]
    for p in profiles:
        for spec in p.setting_specs:
            default = say(lang, "unset") if spec.default is None else repr(spec.default)
            settings.append([Cell(p.id), Cell(spec.name), Cell(default), Cell(spec.doc)])
    aliases = ", ".join(f"{alias} -> {target}" for alias, target in CLIENT_ALIASES.items())
    ctx.lines(
        [
            ctx.style.paint(BOLD, say(lang, "clients-head")),
            "",
            *columns(rows, ctx.style),
            "",
            say(lang, "aliases", aliases=aliases),
            "",
            ctx.style.paint(BOLD, say(lang, "settings-head")),
            *columns(settings, ctx.style),
        ]
    )
    return EXIT_OK


def cmd_routes(args: argparse.Namespace, ctx: Context) -> int:
    """``agroutes routes [ID]``: the presets, or one table's routes."""
    if args.table is None:
        _list_tables(ctx)
    else:
        _show_table(load_table_arg(args.table), ctx)
    return EXIT_OK


def _list_tables(ctx: Context) -> None:
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
                "version": table_version(t)[0],
                "commit": table_version(t)[1],
                "router": t.router.name,
                "source": t.source,
                "routes": len(t.routes),
            }
            for name, alias_of, t in entries
        ]
        ctx.document("routes", {"tables": tables})
        return
    rows = [
        heading(
            lang, "col-id", "col-table", "col-version", "col-framework", "col-routes", "col-source"
        )
    ]
    for name, alias_of, t in entries:
        if alias_of is not None:  # "antigravity  = antigravity@4.5.8": the newest, by name
            cells = [say(lang, "alias-of", target=alias_of), "", "", "", ""]
        else:
            version, commit = table_version(t)
            shown = " ".join(v for v in (version, commit and f"({commit})") if v) or "-"
            cells = [t.title, shown, t.router.name, str(len(t.routes)), t.source]
        rows.append([Cell(name), *map(Cell, cells)])
    ctx.lines([ctx.style.paint(BOLD, say(lang, "tables-head")), "", *columns(rows, ctx.style)])


#: A commit in a table's source line: "repo@02bf536b ..." or "v4.5.8 (9b3dd14f)".
_COMMIT = re.compile(r"(?:@|\()([0-9a-f]{7,40})\b")


def table_version(table: RouteTable) -> tuple[str | None, str | None]:
    """The proxy version a table was read at (from its id, ``antigravity@4.5.8``) and the
    commit its source names, each None when not known."""
    _, at, version = table.id.partition("@")
    found = _COMMIT.search(table.source)
    return (version if at and not version.startswith("mount:") else None), (
        found.group(1) if found else None
    )


def _router_line(table: RouteTable, lang: str) -> str:
    r = table.router
    trailing = r.trailing_slash.value
    if r.redirect_trailing_slash:
        trailing += f" {r.redirect_get}/{r.redirect_other}"
    double = r.double_slash.value
    if r.double_slash.value == "redirect":
        double += f" {r.redirect_get}/{r.redirect_other}"
    return say(
        lang,
        "table-router",
        router=r.name,
        title=r.title,
        trailing=trailing,
        double=double,
        wrong="405" if r.method_not_allowed else "404",
        head="GET" if r.implicit_head else "-",
    )


def _show_table(table: RouteTable, ctx: Context) -> None:
    if ctx.json:
        body = {
            "id": table.id,
            "title": table.title,
            "version": table_version(table)[0],
            "commit": table_version(table)[1],
            "source": table.source,
            "router": router_mapping(table.router),
            "mount_prefix": table.mount_prefix,
            "routes": [route_mapping(r) for r in table.routes],  # the shape explain uses
        }
        ctx.document("routes", {"table": body})
        return
    lang = ctx.lang
    rows = [
        heading(lang, "col-methods", "col-path", "col-operation", "col-protocols", "col-source")
    ]
    for r in table.routes:
        protocols = ",".join(sorted(p.value for p in r.protocols)) or "-"
        cells = ["|".join(sorted(r.methods)), r.pattern, r.operation, protocols, r.source]
        rows.append([Cell(c) for c in cells])
    head = say(lang, "table-head", title=table.title, id=table.id, count=len(table.routes))
    ctx.lines(
        [
            ctx.style.paint(BOLD, head),
            say(lang, "table-source", source=table.source or "-"),
            _router_line(table, lang),
            "",
            *columns(rows, ctx.style),
        ]
    )
