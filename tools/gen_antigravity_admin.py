"""Generate src/agroutes/_antigravity_admin.py from Antigravity Tools' own router source.

The table comes from the proxy's source at a pinned commit, in two steps:

``extract``
    Reads ``src-tauri/src/proxy/server.rs`` of lbjlaq/Antigravity-Manager at the pinned commit
    (``PINNED_COMMIT``, tag ``v4.5.8``) out of a local clone, parses the ``.route(...)``
    registrations of the three axum routers built in ``AxumServer::start`` (the
    ``proxy_routes``, ``admin_routes`` and ``app`` bindings) and writes them, with their line
    numbers, to ``tools/data/antigravity-4.5.8-routes.json``. Only that data is committed,
    never the proxy's code. This step needs the clone (any bare mirror or checkout holding
    the commit); CI does not run it.

``render``
    Writes the Python module text of ``src/agroutes/_antigravity_admin.py`` from the committed
    JSON: the ``admin`` group, axum's ``:name`` parameters written ``{name}``. The text is
    already in ``ruff format`` style, and deterministic: ``tests/test_generated_tables.py``
    renders the committed JSON and compares the result with the committed module byte for
    byte.

Usage, from the repository root::

    git clone --bare https://github.com/lbjlaq/Antigravity-Manager /tmp/ag.git
    python tools/gen_antigravity_admin.py extract /tmp/ag.git     # -> tools/data/...json
    python tools/gen_antigravity_admin.py render                  # -> src/agroutes/...py
    python tools/gen_antigravity_admin.py render --check          # exit 1 if it would change

``extract GIT_DIR`` takes ``--commit`` (default: the pinned commit; it is resolved to its full
hash and, if the clone has tag ``--tag``, checked against it) and ``--out``. ``render`` takes
``--data`` (default: the committed JSON) and ``--out`` (``-`` for stdout). Only the standard
library and ``git`` are needed.

The parser is deliberately narrow: it knows the shapes this file uses (a string path and a
chain of ``get(h).post(h2)``-style method routers per ``.route``; ``.nest``, ``.merge``,
``.layer`` and ``.with_state`` around them) and stops with an error on anything else, so a
new kind of registration at a new commit is looked at rather than silently dropped.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NotRequired, TypedDict, cast

REPO = "lbjlaq/Antigravity-Manager"
PINNED_COMMIT = "9b3dd14f2ff1394117d6bb6a8a0500107a950dc1"
PINNED_TAG = "v4.5.8"
SOURCE_FILE = "src-tauri/src/proxy/server.rs"

ROOT = Path(__file__).resolve().parent.parent
DATA_FILE = "tools/data/antigravity-4.5.8-routes.json"
MODULE_FILE = "src/agroutes/_antigravity_admin.py"
GENERATOR = "tools/gen_antigravity_admin.py"

Group = Literal["proxy", "admin", "app"]

#: The ``let`` bindings read, and the group each one's routes are filed under.
BINDINGS: dict[str, Group] = {"proxy_routes": "proxy", "admin_routes": "admin", "app": "app"}

#: axum's method-router constructors (``get(h)``) and chain methods (``.post(h)``).
METHODS = {
    "get": "GET",
    "post": "POST",
    "put": "PUT",
    "patch": "PATCH",
    "delete": "DELETE",
    "head": "HEAD",
    "options": "OPTIONS",
    "trace": "TRACE",
    "any": "ANY",
}
#: Router methods that register no route and are skipped.
PASSIVE = {"layer", "route_layer", "with_state"}

LINE_LENGTH = 100  # [tool.ruff] line-length


class RouteEntry(TypedDict):
    line: int
    group: Group
    path: str
    methods: list[str]
    handlers: list[str]


class Mount(TypedDict):
    line: int
    call: str
    prefix: str


class GroupInfo(TypedDict):
    binding: str
    start: int
    end: int
    mounted: NotRequired[Mount]


class RouteData(TypedDict):
    repo: str
    commit: str
    tag: str
    file: str
    generator: str
    groups: dict[str, GroupInfo]
    routes: list[RouteEntry]


class ExtractError(Exception):
    """The source has a shape the narrow parser does not know."""


# --- extract -----------------------------------------------------------------------------

TokenKind = Literal["ident", "str", "punct", "other"]


@dataclass(frozen=True, slots=True)
class Token:
    kind: TokenKind
    text: str  # an identifier path (``a::b``), a string's content, or the punctuation
    line: int


#: One Rust token (or a stretch to drop) per match, tried in this order.
_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>//[^\n]*|/\*.*?\*/)
    | (?P<raw>[bc]?r(?P<hashes>\#*)"(?P<raw_body>.*?)"(?P=hashes))
    | (?P<str>[bc]?"(?P<str_body>(?:[^"\\]|\\.)*)")
    | (?P<char>b?'(?:\\u\{[0-9A-Fa-f]+\}|\\x[0-9A-Fa-f]{2}|\\.|[^\\'\n])')
    | (?P<lifetime>'[A-Za-z_]\w*)
    | (?P<ident>[A-Za-z_]\w*(?:::[A-Za-z_]\w*)*)
    | (?P<number>\d\w*(?:\.\d\w*)?)
    | (?P<punct>\S)
    """,
    re.VERBOSE | re.DOTALL,
)


def tokenize(text: str) -> Iterator[Token]:
    """Rust tokens (comments and whitespace dropped), each with its 1-based line."""
    line = 1
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind == "comment" and m.group().startswith("/*") and "/*" in m.group()[2:]:
            raise ExtractError(f"line {line}: nested block comment")
        if kind in {"raw", "str"}:
            yield Token("str", m.group(f"{kind}_body"), line)
        elif kind == "ident":
            yield Token("ident", m.group(), line)
        elif kind == "punct":
            yield Token("punct", m.group(), line)
        elif kind in {"char", "number"}:
            yield Token("other", m.group(), line)
        line += m.group().count("\n")


class Parser:
    """Reads a token list: the axum bindings here; ``args`` is shared with tools/gen_tables.py."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens

    def find_bindings(self, optional: frozenset[str] = frozenset()) -> dict[str, int]:
        """Index just after ``let NAME = Router::new()`` for each name in BINDINGS (those in
        ``optional`` may be missing: before v4.0.0, server.rs builds one ``app`` router)."""
        found: dict[str, int] = {}
        t = self.tokens
        for i in range(len(t) - 6):
            if not (t[i].kind == "ident" and t[i].text == "let" and t[i + 1].text in BINDINGS):
                continue
            tail = [x.text for x in t[i + 2 : i + 6]]
            if tail != ["=", "Router::new", "(", ")"]:
                continue
            name = t[i + 1].text
            if name in found:
                raise ExtractError(f"line {t[i].line}: second `let {name} = Router::new()`")
            found[name] = i
        missing = sorted(set(BINDINGS) - set(found) - optional)
        if missing:
            raise ExtractError(f"no `let NAME = Router::new()` for {', '.join(missing)}")
        return found

    def args(self, i: int) -> tuple[list[list[Token]], int]:
        """The comma-separated arguments of the call whose ``(`` is at ``i``; index after ``)``."""
        if self.tokens[i].text != "(":
            raise ExtractError(f"line {self.tokens[i].line}: expected `(`")
        depth, current, out = 0, list[Token](), list[list[Token]]()
        for j in range(i, len(self.tokens)):
            tok = self.tokens[j]
            if tok.kind == "punct" and tok.text in "([{":
                depth += 1
                if depth > 1:
                    current.append(tok)
            elif tok.kind == "punct" and tok.text in ")]}":
                depth -= 1
                if depth == 0:
                    if current:
                        out.append(current)
                    return out, j + 1
                current.append(tok)
            elif depth == 1 and tok.kind == "punct" and tok.text == ",":
                out.append(current)
                current = []
            else:
                current.append(tok)
        raise ExtractError(f"line {self.tokens[i].line}: unbalanced `(`")

    def method_router(self, expr: list[Token]) -> tuple[list[str], list[str]]:
        """``get(h).post(h2)`` -> (["GET", "POST"], ["h", "h2"])."""
        methods: list[str] = []
        handlers: list[str] = []
        k = 0
        while k < len(expr):
            if methods:
                if expr[k].text != ".":
                    raise ExtractError(f"line {expr[k].line}: expected `.method(handler)`")
                k += 1
            name = expr[k] if k < len(expr) else expr[-1]
            if name.kind != "ident" or name.text not in METHODS:
                raise ExtractError(f"line {name.line}: unknown method router `{name.text}`")
            sub = Parser(expr)
            call, k = sub.args(k + 1)
            if len(call) != 1 or len(call[0]) != 1 or call[0][0].kind != "ident":
                raise ExtractError(f"line {name.line}: handler is not a plain path")
            methods.append(METHODS[name.text])
            handlers.append(call[0][0].text)
        if not methods:
            raise ExtractError("empty method router")
        return methods, handlers

    def chain(self, start: int, group: Group) -> tuple[list[RouteEntry], dict[str, Mount], int]:
        """The builder chain after ``Router::new()`` at ``start``: routes, mounts, end line."""
        routes: list[RouteEntry] = []
        mounts: dict[str, Mount] = {}
        t = self.tokens
        i = start
        while t[i].text == ".":
            name = t[i + 1]
            call, i = self.args(i + 2)
            if name.text == "route":
                if len(call) != 2 or len(call[0]) != 1 or call[0][0].kind != "str":
                    raise ExtractError(f'line {name.line}: `.route` is not ("path", router)')
                methods, handlers = self.method_router(call[1])
                path = call[0][0].text
                if "\\" in path:
                    raise ExtractError(f"line {name.line}: escape in route path {path!r}")
                routes.append(
                    {
                        "line": name.line,
                        "group": group,
                        "path": path,
                        "methods": methods,
                        "handlers": handlers,
                    }
                )
            elif name.text in {"nest", "merge"}:
                parts = [[x.text for x in arg] for arg in call]
                prefix = ""
                if name.text == "nest":
                    if len(call) != 2 or call[0][0].kind != "str":
                        raise ExtractError(f'line {name.line}: `.nest` is not ("prefix", r)')
                    prefix = parts.pop(0)[0]
                if len(parts) != 1 or len(parts[0]) != 1:
                    raise ExtractError(f"line {name.line}: `.{name.text}` of an expression")
                mounts[parts[0][0]] = {"line": name.line, "call": name.text, "prefix": prefix}
            elif name.text not in PASSIVE:
                raise ExtractError(f"line {name.line}: unknown router method `.{name.text}`")
        if t[i].text != ";":
            raise ExtractError(f"line {t[i].line}: router chain does not end with `;`")
        return routes, mounts, t[i].line


def extract_routes(
    source: str, *, commit: str, tag: str, optional: frozenset[str] = frozenset()
) -> RouteData:
    """The route registrations of ``server.rs`` (text ``source``) as the JSON document."""
    parser = Parser(list(tokenize(source)))
    groups: dict[str, GroupInfo] = {}
    routes: list[RouteEntry] = []
    mounts: dict[str, Mount] = {}
    for binding, i in sorted(parser.find_bindings(optional).items(), key=lambda kv: kv[1]):
        group = BINDINGS[binding]
        found, mounted, end = parser.chain(i + 6, group)
        routes += found
        mounts |= mounted
        groups[group] = {"binding": binding, "start": parser.tokens[i].line, "end": end}
    for binding, mount in mounts.items():
        if binding not in BINDINGS:
            raise ExtractError(f"line {mount['line']}: mounts unknown router `{binding}`")
        groups[BINDINGS[binding]]["mounted"] = mount
    return {
        "repo": REPO,
        "commit": commit,
        "tag": tag,
        "file": SOURCE_FILE,
        "generator": f"{GENERATOR} extract",
        "groups": groups,
        "routes": sorted(routes, key=lambda r: r["line"]),
    }


def dump_json(data: RouteData) -> str:
    """The JSON text: fixed key order, one route per line (short diffs)."""
    head = {k: v for k, v in data.items() if k != "routes"}
    text = json.dumps(head, indent=2, ensure_ascii=False)
    rows = ",\n".join("    " + json.dumps(r, ensure_ascii=False) for r in data["routes"])
    return text[: text.rindex("}")].rstrip() + f',\n  "routes": [\n{rows}\n  ]\n}}\n'


def git(git_dir: Path, *args: str) -> str:
    """The output of ``git -C git_dir ARGS...``; an ExtractError if git fails."""
    done = subprocess.run(  # noqa: S603 - fixed argv, no shell
        ["git", "-C", str(git_dir), *args],  # noqa: S607 - git from PATH on purpose
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise ExtractError(f"git {' '.join(args)}: {done.stderr.strip()}")
    return done.stdout


def extract(
    git_dir: Path,
    commit: str = PINNED_COMMIT,
    tag: str = PINNED_TAG,
    optional: frozenset[str] = frozenset(),
) -> RouteData:
    """Read ``SOURCE_FILE`` at ``commit`` from the clone at ``git_dir`` and extract it."""
    full = git(git_dir, "rev-parse", "--verify", "--end-of-options", f"{commit}^{{commit}}")
    full = full.strip()
    tagged = subprocess.run(  # noqa: S603 - fixed argv, no shell
        ["git", "-C", str(git_dir), "rev-parse", "--verify", "-q", f"refs/tags/{tag}^{{commit}}"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if tagged and tagged != full:
        raise ExtractError(f"tag {tag} is {tagged}, not {full}")
    source = git(git_dir, "show", f"{full}:{SOURCE_FILE}")
    return extract_routes(source, commit=full, tag=tag, optional=optional)


# --- render ------------------------------------------------------------------------------

_SAFE = re.compile(r"[\w/{}.:*-]*")


def _q(text: str) -> str:
    """A double-quoted Python literal (ruff's quote style) for a path or name."""
    if _SAFE.fullmatch(text) is None:
        raise ValueError(f"unexpected character in {text!r}")
    return f'"{text}"'


def python_path(path: str) -> str:
    """axum 0.7 ``/a/:id`` -> ``/a/{id}`` (the pattern syntax of agroutes' tables)."""
    if "*" in path:
        raise ValueError(f"wildcard route {path!r} is not supported")
    return re.sub(r":(\w+)", r"{\1}", path)


def _entry(line: int, path: str, pairs: list[tuple[str, str]]) -> list[str]:
    inner = [f"({_q(m)}, {_q(h)})" for m, h in pairs]
    if len(pairs) == 1:
        flat = f"    ({line}, {_q(path)}, ({inner[0]},)),"
        if len(flat) <= LINE_LENGTH:
            return [flat]
        handlers = [f"        ({inner[0]},),"]
    else:  # the trailing comma after the last pair keeps ruff from joining them
        handlers = ["        (", *(f"            {x}," for x in inner), "        ),"]
    return ["    (", f"        {line},", f"        {_q(path)},", *handlers, "    ),"]


def render(data: RouteData) -> str:
    """The text of ``src/agroutes/_antigravity_admin.py`` for the extracted ``data``."""
    admin = data["groups"]["admin"]
    prefix = admin["mounted"]["prefix"] if "mounted" in admin else ""
    lines = [
        f'"""Antigravity Tools {data["tag"]} admin API routes (generated; do not edit by hand).',
        "",
        f"Source: {data['repo']} at {data['commit']} (tag {data['tag']}),",
        f"{data['file']} L{admin['start']}-{admin['end']} (`{admin['binding']}`, nested under"
        f" {prefix or '/'}).",
        "",
        f"Generated by {GENERATOR} (``render``) from the route registrations its",
        f"``extract`` step read from that file into {DATA_FILE}.",
        '"""',
        "",
        "from __future__ import annotations",
        "",
        f"#: (server.rs line, path under {prefix or '/'}, ((method, handler), ...))",
        "ADMIN_ROUTES: tuple[tuple[int, str, tuple[tuple[str, str], ...]], ...] = (",
    ]
    for route in data["routes"]:
        if route["group"] == "admin":
            pairs = list(zip(route["methods"], route["handlers"], strict=True))
            lines += _entry(route["line"], python_path(route["path"]), pairs)
    lines.append(")")
    for number, text in enumerate(lines, 1):
        if len(text) > LINE_LENGTH:
            raise ValueError(f"generated line {number} is longer than {LINE_LENGTH}: {text}")
    return "\n".join(lines) + "\n"


def load(path: Path) -> RouteData:
    return cast(RouteData, json.loads(path.read_text(encoding="utf-8")))


# --- command line ------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else "")
    steps = parser.add_subparsers(dest="step", required=True)
    ext = steps.add_parser("extract", help="server.rs at the pinned commit -> JSON")
    ext.add_argument("git_dir", type=Path, help="a clone (bare or not) holding the commit")
    ext.add_argument("--commit", default=PINNED_COMMIT)
    ext.add_argument("--tag", default=PINNED_TAG)
    ext.add_argument("--out", type=Path, default=ROOT / DATA_FILE)
    ren = steps.add_parser("render", help="JSON -> src/agroutes/_antigravity_admin.py")
    ren.add_argument("--data", type=Path, default=ROOT / DATA_FILE)
    ren.add_argument("--out", default=str(ROOT / MODULE_FILE), help="a path, or - for stdout")
    ren.add_argument("--check", action="store_true", help="exit 1 if --out would change")
    args = parser.parse_args(argv)

    if args.step == "extract":
        try:
            data = extract(args.git_dir, args.commit, args.tag)
        except ExtractError as exc:
            print(f"extract: {exc}", file=sys.stderr)
            return 1
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(dump_json(data), encoding="utf-8", newline="\n")
        counts = {g: sum(r["group"] == g for r in data["routes"]) for g in data["groups"]}
        print(f"{args.out}: {len(data['routes'])} routes {counts} at {data['commit']}")
        return 0

    text = render(load(args.data))
    if args.out == "-":
        sys.stdout.write(text)
        return 0
    out = Path(args.out)
    if args.check:
        same = out.exists() and out.read_text(encoding="utf-8") == text
        if not same:
            print(f"{out} differs from its rendering of {args.data}", file=sys.stderr)
        return 0 if same else 1
    out.write_text(text, encoding="utf-8", newline="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
