"""Generate the versioned route tables in src/agroutes/data/ from the proxies' router source.

Each table is read from a proxy's own source at a release tag, in the two steps
tools/gen_antigravity_admin.py uses for the 4.5.8 admin routes:

``extract PROXY GIT_DIR --tag TAG``
    ``antigravity``: ``server.rs`` at the tag, read by gen_antigravity_admin's extractor (the
    same parser, the same JSON). ``cliproxyapi``: the gin registrations of
    ``internal/api/server.go`` at the tag, read by :func:`extract_gin` below. Either way the
    route data, with each registration's line, goes to ``tools/data/PROXY-VERSION-routes.json``
    (the commit is in the document); only that data is committed, never the proxy's code.
    Needs a clone holding the tag (a bare mirror will do); CI does not run it.

``render``
    Writes ``src/agroutes/data/ID.json`` for every table in :data:`TABLES` from the committed
    route data: the protocol and operation of each route come from the mappings below, keyed
    by method and path (a path the mapping does not know stops the render), the notes from
    :data:`TABLES`. The output is deterministic; ``tests/test_table_versions.py`` renders the
    committed data and compares the result with the committed tables byte for byte.

``survey PROXY GIT_DIR --since TAG --until TAG``
    Extracts every release tag and writes the runs of releases with the same public
    (non-admin) routes: how the releases in :data:`TABLES` were chosen (the first release of
    each route set, so that "the newest known release not after X" has X's public routes).
    CLIProxyAPI's tags are read with tools/gen_repo_tables.py's gin reader (which also keeps
    a run-time path aside), from server.go or, from v7.2.101 on, server_routes.go and
    server_management.go; its later past releases are tables of that generator
    (tools/repo_release_specs.py), chosen from this survey.

Usage, from the repository root::

    python tools/gen_tables.py extract cliproxyapi /tmp/cpa.git --tag v5.0.4
    python tools/gen_tables.py render            # -> src/agroutes/data/*.json
    python tools/gen_tables.py render --check    # exit 1 if a table would change

The gin reader is as narrow as the axum one: it knows ``x := recv.Group("/p")`` and
``recv.GET("/path", handlers...)`` (and POST, PUT, PATCH, DELETE, HEAD, OPTIONS) on the
engine or a known group, notes ``NoRoute``/``NoMethod``, skips ``Use``, and stops on anything
else that registers routes (``Any``, ``Handle``, ``Static``, a group of an unknown receiver).
"""

from __future__ import annotations

import argparse
import json
import posixpath
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Protocol, TypedDict, TypeVar, cast

import gen_antigravity_admin as ag
from gen_antigravity_admin import ExtractError, Parser, Token, git
from table_specs import (
    ADMIN,
    ANTIGRAVITY_ROUTES,
    CLIPROXYAPI_ROUTES,
    ORIGINS,
    QUIRKS,
    REPOS,
    TABLES,
    Assignment,
    Proxy,
    TableSpec,
    survey_file,
)

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = "tools/gen_tables.py"
GIN_ADMIN = "/v0/management"
GIN_FILES = ("internal/api/server.go",)
GIN_ENGINES = frozenset({"s.engine", "engine"})
GIN_METHODS = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})
#: Registrations the reader does not model: it stops rather than drop them.
GIN_UNKNOWN = frozenset({"Any", "Handle", "Match", "Static", "StaticFS", "StaticFile"})
GIN_UNKNOWN |= {"StaticFileFS", "Group"}


# --- extract: gin (Go) ---------------------------------------------------------------------

#: One Go token (or a stretch to drop) per match; selectors (``s.engine.GET``) are one token.
_GO_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>//[^\n]*|/\*.*?\*/)
    | (?P<raw>`(?P<raw_body>[^`]*)`)
    | (?P<str>"(?P<str_body>(?:[^"\\\n]|\\.)*)")
    | (?P<char>'(?:\\(?:x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[0-7]{3}|.)|[^\\'\n])')
    | (?P<ident>[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)
    | (?P<number>\d\w*(?:\.\d\w*)?)
    | (?P<punct>\S)
    """,
    re.VERBOSE | re.DOTALL,
)


def tokenize_go(text: str) -> Iterator[Token]:
    """Go tokens (comments and whitespace dropped), each with its 1-based line."""
    line = 1
    for m in _GO_TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in {"raw", "str"}:
            yield Token("str", m.group(f"{kind}_body"), line)
        elif kind == "ident":
            yield Token("ident", m.group(), line)
        elif kind == "punct":
            yield Token("punct", m.group(), line)
        elif kind in {"char", "number"}:
            yield Token("other", m.group(), line)
        line += m.group().count("\n")


class GinRoute(TypedDict):
    file: str
    line: int
    method: str
    path: str  # as gin serves it: group prefixes joined, ``:name`` and ``*name`` kept
    group: str  # the receiver: "engine" or the group variable
    handlers: list[str]  # each a selector, "func literal" or "call NAME(...)"
    guard: int | None  # line of the innermost enclosing ``if``/``else``, if any


class GinGroup(TypedDict):
    file: str
    line: int
    name: str
    prefix: str


class GinCall(TypedDict):
    file: str
    line: int
    call: str  # "NoRoute" or "NoMethod"


class GinData(TypedDict):
    repo: str
    commit: str
    tag: str
    files: list[str]
    generator: str
    engine: list[GinCall]  # the engine's NoRoute / NoMethod calls
    groups: list[GinGroup]
    routes: list[GinRoute]


def gin_join(prefix: str, relative: str) -> str:
    """gin's ``joinPaths``: ``path.Join`` keeping a trailing slash the relative path has."""
    if not relative:
        return prefix or "/"
    joined = posixpath.normpath(posixpath.join(prefix or "/", relative.lstrip("/")))
    if relative.endswith("/") and not joined.endswith("/"):
        joined += "/"
    return joined


def _handler(arg: list[Token]) -> str:
    head = arg[0]
    if head.kind == "ident" and head.text == "func":
        return "func literal"
    if head.kind == "ident" and len(arg) == 1:
        return head.text
    if head.kind == "ident" and arg[1].text == "(":
        return f"call {head.text}(...)"
    raise ExtractError(f"line {head.line}: handler is not a name, a call or a func literal")


class GinReader:
    """Reads one Go file: its groups, its route registrations and its NoRoute calls."""

    def __init__(self, source: str, file: str, engines: frozenset[str] = GIN_ENGINES) -> None:
        self.file = file
        self.engines = engines  # the names the engine goes by (tools/gen_repo_tables.py)
        self.tokens = list(tokenize_go(source))
        self.parser = Parser(self.tokens)
        self.routes: list[GinRoute] = []
        self.groups: list[GinGroup] = []
        self.calls: list[GinCall] = []
        self.prefixes: dict[str, str] = {}  # group variable -> its path prefix
        self.blocks: list[int | None] = []  # per open brace: the line of its if/else, or None

    def read(self) -> GinReader:
        pending: int | None = None  # an `if`/`else` seen, its block not opened yet
        t = self.tokens
        for i, tok in enumerate(t):
            if tok.kind == "punct" and tok.text == "{":
                self.blocks.append(pending)
                pending = None
            elif tok.kind == "punct" and tok.text == "}":
                if not self.blocks:
                    raise ExtractError(f"{self.file}:{tok.line}: unbalanced `}}`")
                self.blocks.pop()
            elif tok.kind == "ident" and tok.text == "func" and not self.blocks:
                self.prefixes = {}  # a new top-level function: its own group variables
            elif tok.kind == "ident" and tok.text in {"if", "else"}:
                pending = tok.line
            elif tok.kind == "ident" and i + 1 < len(t) and t[i + 1].text == "(":
                if "." in tok.text:
                    self._call(i)
                else:
                    self._plain_call(i)
        if self.blocks:
            raise ExtractError(f"{self.file}: unbalanced `{{`")
        return self

    def _plain_call(self, i: int) -> None:
        """A call of a plain name (``f(x)``): nothing this reader registers; a subclass may
        read a route helper called so (tools/gen_repo_tables.py)."""

    def guard(self) -> int | None:
        """The line of the innermost ``if``/``else`` around the current token, if any."""
        guards = [at for at in self.blocks if at is not None]
        return guards[-1] if guards else None

    def _prefix(self, receiver: str) -> str | None:
        return "" if receiver in self.engines else self.prefixes.get(receiver)

    def _call(self, i: int) -> None:
        tok = self.tokens[i]
        where = f"{self.file}:{tok.line}"
        receiver, _, name = tok.text.rpartition(".")
        base = self._prefix(receiver)
        if name == "Group" and i >= 3 and self.tokens[i - 1].text == "=":
            before = self.tokens[i - 2]
            target = self.tokens[i - 3] if before.text == ":" else before
            args, _ = self.parser.args(i + 1)
            if base is None or target.kind != "ident" or not args or args[0][0].kind != "str":
                raise ExtractError(f"{where}: a group of {receiver!r} not read")
            prefix = gin_join(base, args[0][0].text)
            self.prefixes[target.text] = prefix
            self.groups.append(
                {"file": self.file, "line": tok.line, "name": target.text, "prefix": prefix}
            )
        elif name in GIN_METHODS or name in GIN_UNKNOWN:
            if base is None:
                raise ExtractError(f"{where}: {tok.text} on an unknown receiver")
            if name not in GIN_METHODS:
                raise ExtractError(f"{where}: `{name}` registrations are not read")
            self._route(i, base, receiver, name)
        elif name in {"NoRoute", "NoMethod"} and receiver in self.engines:
            self.calls.append({"file": self.file, "line": tok.line, "call": name})

    def _route(self, i: int, base: str, receiver: str, method: str) -> None:
        line = self.tokens[i].line
        args, _ = self.parser.args(i + 1)
        if len(args) < 2 or len(args[0]) != 1 or args[0][0].kind != "str":
            raise ExtractError(f'{self.file}:{line}: `{method}` is not ("path", handlers)')
        relative = args[0][0].text
        if "\\" in relative:
            raise ExtractError(f"{self.file}:{line}: escape in route path {relative!r}")
        self.routes.append(
            {
                "file": self.file,
                "line": line,
                "method": method,
                "path": gin_join(base, relative),
                "group": "engine" if receiver in self.engines else receiver,
                "handlers": [_handler(arg) for arg in args[1:]],
                "guard": self.guard(),
            }
        )


def check_unique(routes: Sequence[GinRoute]) -> None:
    """gin panics on a second registration of a method and path; so does this reader."""
    seen: dict[tuple[str, str], GinRoute] = {}
    for route in routes:
        key = (route["method"], route["path"])
        if key in seen:
            first = seen[key]
            where = f"{route['file']}:{route['line']}"
            raise ExtractError(f"{where}: {' '.join(key)} again (first at line {first['line']})")
        seen[key] = route


def extract_gin(git_dir: Path, tag: str, files: Sequence[str] = GIN_FILES) -> GinData:
    """The gin routes of ``files`` at ``tag`` in the clone at ``git_dir``."""
    commit = _commit(git_dir, tag)
    routes: list[GinRoute] = []
    groups: list[GinGroup] = []
    calls: list[GinCall] = []
    for file in files:
        reader = GinReader(git(git_dir, "show", f"{commit}:{file}"), file).read()
        routes += reader.routes
        groups += reader.groups
        calls += reader.calls
    check_unique(routes)
    return {
        "repo": REPOS["cliproxyapi"],
        "commit": commit,
        "tag": tag,
        "files": list(files),
        "generator": f"{GENERATOR} extract cliproxyapi",
        "engine": calls,
        "groups": groups,
        "routes": routes,
    }


def dump_gin(data: GinData) -> str:
    """The JSON text: fixed key order, one route per line (short diffs)."""
    head = {k: v for k, v in data.items() if k not in ("groups", "routes")}
    text = json.dumps(head, indent=2, ensure_ascii=False)
    out = text[: text.rindex("}")].rstrip()
    for key, rows in (("groups", data["groups"]), ("routes", data["routes"])):
        lines = ",\n".join("    " + json.dumps(r, ensure_ascii=False) for r in rows)
        out += f',\n  "{key}": [\n{lines}\n  ]'
    return out + "\n}\n"


def _commit(git_dir: Path, tag: str) -> str:
    return git(git_dir, "rev-parse", "--verify", f"refs/tags/{tag}^{{commit}}").strip()


# --- survey: where the public routes change ------------------------------------------------


def release_key(tag: str) -> tuple[int, int, int] | None:
    """``v4.0.10`` -> (4, 0, 10); None for a tag that is not a plain release."""
    m = re.fullmatch(r"v(\d+)\.(\d+)\.(\d+)", tag)
    return (int(m[1]), int(m[2]), int(m[3])) if m else None


def _keys(proxy: Proxy, data: object) -> tuple[frozenset[str], frozenset[str]]:
    """The ``METHOD path`` keys of one extraction: (public routes, admin routes)."""
    public: set[str] = set()
    admin: set[str] = set()
    if proxy == "antigravity":
        ag_data = cast(ag.RouteData, data)
        prefix = _admin_prefix(ag_data)
        for r in ag_data["routes"]:
            is_admin = r["group"] == "admin"
            path = prefix + r["path"] if is_admin else r["path"]
            (admin if is_admin else public).update(f"{m} {path}" for m in r["methods"])
    else:
        for g in cast(GinData, data)["routes"]:
            (admin if _is_gin_admin(g["path"]) else public).add(f"{g['method']} {g['path']}")
    return frozenset(public), frozenset(admin)


#: CLIProxyAPI v7.2.101 moved the routes out of server.go into these two files.
GIN_FILES_7_2_101 = ("internal/api/server_routes.go", "internal/api/server_management.go")


def cliproxyapi_files(tag: str) -> tuple[str, ...]:
    """The files that register CLIProxyAPI's routes at ``tag``."""
    key = release_key(tag)
    return GIN_FILES_7_2_101 if key is not None and key >= (7, 2, 101) else GIN_FILES


def survey_gin_routes(git_dir: Path, tag: str) -> list[GinRoute]:
    """CLIProxyAPI's routes at ``tag``, read by tools/gen_repo_tables.py's gin reader (this
    reader and more: a path known only at run time, as AttachWebsocketRoute registers from
    v6.5.4 on, is kept aside there and is no route here), from :func:`cliproxyapi_files`."""
    import gen_repo_tables as repo  # noqa: PLC0415 - it imports this module

    routes: list[GinRoute] = []
    for file in cliproxyapi_files(tag):
        source = git(git_dir, "show", f"{_commit(git_dir, tag)}:{file}")
        routes += repo.GinReader(source, file, GIN_ENGINES).read().routes
    check_unique(routes)
    return routes


def survey(proxy: Proxy, git_dir: Path, since: str, until: str) -> dict[str, object]:
    """Every release from ``since`` to ``until``, grouped by runs of equal public routes."""

    def read(tag: str) -> tuple[frozenset[str], frozenset[str]]:
        if proxy == "antigravity":
            return _keys(proxy, ag.extract(git_dir, tag, tag))
        return _keys(proxy, {"routes": survey_gin_routes(git_dir, tag)})

    runs = survey_runs(git_dir, since, until, read)
    return {"repo": REPOS[proxy], "generator": f"{GENERATOR} survey {proxy}"} | runs


def survey_runs(
    git_dir: Path,
    since: str,
    until: str,
    read: Callable[[str], tuple[frozenset[str], frozenset[str]]],
) -> dict[str, object]:
    """The release tags (``vX.Y.Z``) from ``since`` to ``until``, oldest first, grouped by runs
    of equal public routes; ``read(tag)`` gives a tag's (public, admin) ``METHOD path`` keys.
    Also tools/gen_repo_tables.py's ``survey``."""
    low, high = release_key(since), release_key(until)
    if low is None or high is None:
        raise ExtractError("--since and --until are release tags such as v4.0.0")
    tags = [t for t in git(git_dir, "tag").split() if low <= (release_key(t) or (-1,)) <= high]
    tags.sort(key=lambda t: release_key(t) or (0, 0, 0))
    sets: list[dict[str, object]] = []
    previous: tuple[frozenset[str], frozenset[str]] | None = None
    for tag in tags:
        public, admin = read(tag)
        if previous is None or public != previous[0]:
            old = previous[0] if previous else frozenset()
            entry: dict[str, object] = {"from": tag, "commit": _commit(git_dir, tag)}
            entry |= {"public_routes": len(public), "added": sorted(public - old)}
            entry |= {"removed": sorted(old - public), "admin_changed": []}
            sets.append(entry)
        elif admin != previous[1]:
            cast(list[str], sets[-1]["admin_changed"]).append(tag)
        sets[-1]["through"] = tag
        previous = (public, admin)
    return {"since": since, "until": until, "releases": len(tags), "sets": sets}


def dump_survey(doc: dict[str, object]) -> str:
    head = {k: v for k, v in doc.items() if k != "sets"}
    text = json.dumps(head, indent=2, ensure_ascii=False)
    sets = cast(list[dict[str, object]], doc["sets"])
    rows = ",\n".join("    " + json.dumps(s, ensure_ascii=False) for s in sets)
    return text[: text.rindex("}")].rstrip() + f',\n  "sets": [\n{rows}\n  ]\n}}\n'


# --- render: route data -> table documents -------------------------------------------------


class RenderError(Exception):
    """The route data has a route the mappings do not know, or the survey disagrees."""


def _admin_prefix(data: ag.RouteData) -> str:
    admin = data["groups"].get("admin")  # none before v4.0.0
    return admin["mounted"]["prefix"] if admin and "mounted" in admin else ""


def _is_gin_admin(path: str) -> bool:
    return path == GIN_ADMIN or path.startswith(GIN_ADMIN + "/")


def gin_pattern(path: str) -> str:
    """gin ``/a/:id`` -> ``/a/{id}``, ``/f/*rest`` -> ``/f/{*rest}`` (agroutes' syntax)."""
    return re.sub(r":(\w+)", r"{\1}", re.sub(r"\*(\w+)$", r"{*\1}", path))


def _entry(method: str, pattern: str, assigned: Assignment, source: str) -> dict[str, object]:
    operation, protocols = assigned
    entry: dict[str, object] = {"methods": [method], "pattern": pattern}
    if len(protocols) > 1:
        entry["protocols"] = list(protocols)
    else:
        entry["protocol"] = protocols[0] if protocols else None
    return entry | {"operation": operation, "source": source}


def _assigned(mapping: dict[tuple[str, str], Assignment], method: str, pattern: str) -> Assignment:
    found = mapping.get((method, pattern))
    if found is None:
        raise RenderError(f"no operation for {method} {pattern}: add it to tools/table_specs.py")
    return found


def _survey_note(spec: TableSpec, survey: dict[str, object], admin: str) -> str:
    sets = cast(list[dict[str, object]], survey["sets"])
    if spec.survey == "before":  # a release older than every release surveyed
        if release_key(spec.tag) >= release_key(cast(str, survey["since"])):  # type: ignore[operator]
            raise RenderError(f"{spec.tag} is not older than the survey")
        return (
            f"{spec.tag} is older than the releases {GENERATOR} survey read ({survey['since']} "
            f"to {survey['until']}, {survey_file(spec.proxy)}): this table answers for no "
            "other release."
        )
    key = "from" if spec.survey == "first" else "through"
    run = next((s for s in sets if s[key] == spec.tag), None)
    if run is None:  # the rule that makes "the newest known release not after X" right
        raise RenderError(
            f"{spec.tag} does not {'start' if key == 'from' else 'end'} a run of "
            "equal public routes in the survey"
        )
    if spec.survey == "last" and spec.tag != survey["until"]:
        raise RenderError(f"{spec.tag} is not the last release surveyed")
    through = cast(str, run["through"])
    last = " (the last release surveyed)" if through == survey["until"] else ""
    text = (
        f"Every release from {run['from']} through {through}{last} registers the same public "
        f"routes (all but {admin}; {GENERATOR} survey read {survey['releases']} releases from "
        f"{survey['since']} to {survey['until']} into {survey_file(spec.proxy)})"
    )
    changed = cast(list[str], run["admin_changed"])
    if changed:
        at = ", ".join(changed)
        return text + f"; the {admin} routes change in {at}: these are {spec.tag}'s."
    return text + f"; so do the {admin} routes."


def render_antigravity(spec: TableSpec, data: ag.RouteData, survey: dict[str, object]) -> str:
    prefix = _admin_prefix(data)
    routes = []
    for group in ("proxy", "app", "admin"):
        for r in data["routes"]:
            if r["group"] != group:
                continue
            pattern = (prefix if group == "admin" else "") + ag.python_path(r["path"])
            for method in ("*" if m == "ANY" else m for m in r["methods"]):
                assigned = (
                    ADMIN if group == "admin" else _assigned(ANTIGRAVITY_ROUTES, method, pattern)
                )
                source = f"{data['file']}:{r['line']}"
                routes.append(_entry(method, pattern, assigned, source))
    spans = []
    for g in data["groups"].values():
        nested = g["mounted"]["prefix"] if "mounted" in g else ""
        spans.append(f"`{g['binding']}` L{g['start']}-{g['end']}")
        spans[-1] += f" (nested under {nested})" if nested else ""
    made = (
        f"Generated by {GENERATOR} (render) from {spec.data_file}, which its extract step read "
        f"from {data['file']} at tag {data['tag']} (commit {data['commit']}): {', '.join(spans)}. "
        "Never edit by hand."
    )
    notes = [made, _survey_note(spec, survey, (prefix or "/api") + "/*"), *spec.notes]
    return _document(
        spec,
        repository=data["repo"],
        commit=data["commit"],
        files=[data["file"]],
        router="axum",
        notes=notes,
        routes=routes,
    )


def render_gin(spec: TableSpec, data: GinData, survey: dict[str, object]) -> str:
    routes = []
    guards = sorted({f"{r['file']}:{r['guard']}" for r in data["routes"] if r["guard"]})
    for r in data["routes"]:
        pattern = gin_pattern(r["path"])
        admin = _is_gin_admin(r["path"])
        if r["guard"] and not admin:
            raise RenderError(f"{r['file']}:{r['line']}: a public route inside an `if`")
        assigned = ADMIN if admin else _assigned(CLIPROXYAPI_ROUTES, r["method"], pattern)
        routes.append(_entry(r["method"], pattern, assigned, f"{r['file']}:{r['line']}"))
    made = (
        f"Generated by {GENERATOR} (render) from {spec.data_file}, which its extract step read "
        f"from {', '.join(data['files'])} at tag {data['tag']} (commit {data['commit']}). Never "
        "edit by hand."
    )
    notes = [made, _survey_note(spec, survey, GIN_ADMIN + "/*")]
    if guards:
        notes.append(
            f"The {GIN_ADMIN} routes (operation admin) are registered only inside the `if` at "
            f"{', '.join(guards)}, which holds when remote-management.secret-key is set; "
            "otherwise they answer 404. They take the management key (Authorization: Bearer or "
            "X-Management-Key), not an API key."
        )
    notes += spec.notes
    return _document(
        spec,
        repository=data["repo"],
        commit=data["commit"],
        files=data["files"],
        router="gin",
        notes=notes,
        routes=routes,
    )


def _document(
    spec: TableSpec,
    *,
    repository: str,
    commit: str,
    files: list[str],
    router: str,
    notes: list[str],
    routes: list[dict[str, object]],
) -> str:
    doc = {
        "id": spec.id,
        "title": spec.title,
        "source": {"repository": repository, "commit": commit, "files": files},
        "router": router,
        "origin": ORIGINS[spec.proxy],
        "quirks": QUIRKS[spec.proxy] if spec.quirks is None else spec.quirks,
        "notes": notes,
        "routes": routes,
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def _read(path: Path) -> object:
    return json.loads(path.read_text(encoding="utf-8"))


def render(spec: TableSpec, root: Path = ROOT) -> str:
    """The text of ``spec.out_file``, from the committed route data and survey."""
    data = _read(root / spec.data_file)
    survey = cast(dict[str, object], _read(root / survey_file(spec.proxy)))
    if cast(dict[str, object], data)["tag"] != spec.tag:
        raise RenderError(f"{spec.data_file} was read at another tag")
    if spec.proxy == "antigravity":
        return render_antigravity(spec, cast(ag.RouteData, data), survey)
    return render_gin(spec, cast(GinData, data), survey)


# --- command line --------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else "")
    steps = parser.add_subparsers(dest="step", required=True)
    ext = steps.add_parser("extract", help="a proxy's router source at a tag -> tools/data/")
    ext.add_argument("proxy", choices=sorted(REPOS))
    ext.add_argument("git_dir", type=Path, help="a clone (bare or not) holding the tag")
    ext.add_argument("--tag", required=True)
    sur = steps.add_parser("survey", help="where the public routes change, tag by tag")
    sur.add_argument("proxy", choices=sorted(REPOS))
    sur.add_argument("git_dir", type=Path)
    sur.add_argument("--since", required=True)
    sur.add_argument("--until", required=True)
    ren = steps.add_parser("render", help="tools/data/ -> src/agroutes/data/*.json")
    ren.add_argument("--check", action="store_true", help="exit 1 if a table would change")
    args = parser.parse_args(argv)

    try:
        if args.step == "extract":
            version = args.tag.removeprefix("v")
            out = ROOT / f"tools/data/{args.proxy}-{version}-routes.json"
            if args.proxy == "antigravity":
                # Before v4.0.0 server.rs builds one router, `app`, with every route.
                key = release_key(args.tag)
                one = key is not None and key < (4, 0, 0)
                optional = frozenset({"proxy_routes", "admin_routes"} if one else ())
                text = ag.dump_json(ag.extract(args.git_dir, args.tag, args.tag, optional))
            else:
                text = dump_gin(extract_gin(args.git_dir, args.tag))
        elif args.step == "survey":
            out = ROOT / survey_file(args.proxy)
            doc = survey(args.proxy, args.git_dir, args.since, args.until)
            text = dump_survey(doc)
        else:
            return _render_all(check=args.check)
    except (ExtractError, RenderError) as exc:
        print(f"{args.step}: {exc}", file=sys.stderr)
        return 1
    out.write_text(text, encoding="utf-8", newline="\n")
    print(out.relative_to(ROOT))
    return 0


class Rendered(Protocol):
    """A table spec: where its rendering goes, relative to the repository root."""

    @property
    def out_file(self) -> str: ...


_S = TypeVar("_S", bound=Rendered)


def render_all(specs: Iterable[_S], render_one: Callable[[_S], str], *, check: bool) -> int:
    """Write each spec's rendering to its ``out_file``; with ``check``, write nothing and
    name (exit 1) each file that differs from its rendering. Every generator's ``render``."""
    stale = []
    for spec in specs:
        text = render_one(spec)
        out = ROOT / spec.out_file
        if check:
            if not out.exists() or out.read_text(encoding="utf-8") != text:
                stale.append(spec.out_file)
        else:
            out.write_text(text, encoding="utf-8", newline="\n")
    for name in stale:
        print(f"{name} differs from its rendering", file=sys.stderr)
    return 1 if stale else 0


def _render_all(*, check: bool) -> int:
    return render_all(TABLES, render, check=check)


if __name__ == "__main__":
    sys.exit(main())
