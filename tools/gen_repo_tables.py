"""Generate the route tables of proxies read from their public repositories.

The same two steps as tools/gen_tables.py, for the proxies of :data:`repo_table_specs.SPECS`
(Ollama, one-api, sub2api, CLIProxyAPI's newest release, New API: gin; cc-switch: axum;
gemini-balance: FastAPI; claude-relay-service: express), one reader per framework:

``extract ID GIT_DIR``
    Reads the spec's router files at its release tag out of a clone (a bare mirror will do)
    and writes every registration, with its file and line, to ``tools/data/ID-VERSION-routes.json``
    (the commit is in the document). Only that data is committed, never the proxy's code. CI
    does not run this step.

``survey ID GIT_DIR --since TAG --until TAG``
    gin and express specs: reads every ``vX.Y.Z`` release tag in the range and writes, to
    ``tools/data/ID-survey.json`` (gen_tables' format), the runs of releases whose public
    routes are the same. The past releases of :data:`repo_release_specs.RELEASE_SPECS`
    (``ID@VERSION``, route data ``tools/data/ID-VERSION-routes.json``) must each start such a
    run; their render says so in a note, and stops if the survey disagrees.

``render [--check]``
    Writes ``src/agroutes/data/ID.json`` for every spec from the committed route data: the
    protocol and operation of each route come from the spec's explicit mapping, keyed by
    method and pattern (a route the mapping does not know stops the render; so does a mapping
    entry no route uses), the notes from the spec. ``--check`` writes nothing and exits 1 if
    a table would change; ``tests/test_repo_tables.py`` renders the committed data and
    compares the result with the committed tables byte for byte.

Usage, from the repository root::

    python tools/gen_repo_tables.py extract ollama /work/.mirror/ollama+ollama/repo
    python tools/gen_repo_tables.py extract cliproxyapi /tmp/CLIProxyAPI.git
    python tools/gen_repo_tables.py render
    python tools/gen_repo_tables.py render --check

Every reader is narrow, as the gin and axum readers of gen_tables are: it knows the shapes
the pinned sources use and stops with an error on any other registration, so that a new
shape is looked at rather than dropped.
"""

from __future__ import annotations

import argparse
import ast
import json
import posixpath
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, cast

import gen_tables as gt
from gen_antigravity_admin import ExtractError, Parser, Token, TokenKind, git, tokenize
from repo_release_specs import RELEASE_SPECS
from repo_table_specs import SPECS as LATEST
from repo_table_specs import Assignment, RepoSpec

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = "tools/gen_repo_tables.py"

RenderError = gt.RenderError

#: Every table: the newest release of each proxy, then the past releases (``NAME@VERSION``).
SPECS: tuple[RepoSpec, ...] = (*LATEST, *RELEASE_SPECS)

Route = dict[str, Any]  # file, line, method, path, and what the reader adds
Data = dict[str, Any]  # repo, commit, tag, files, generator, reader, ..., routes


# --- gin (Go) ----------------------------------------------------------------------------

#: gin engine fields that change how its router answers, as ``r.NAME = true`` sets them.
GIN_FLAGS = {
    "HandleMethodNotAllowed": "method_not_allowed",
    "RedirectTrailingSlash": "redirect_trailing_slash",
}
GIN_OTHER_FLAGS = frozenset({"RedirectFixedPath", "RemoveExtraSlash", "UseRawPath"})


def gin_helpers(tokens: list[Token]) -> tuple[list[Token], dict[str, tuple[str, list[Token]]]]:
    """Route helpers, ``func NAME(PARAM *gin.RouterGroup) { ... }``: the tokens without
    their definitions, and each helper's parameter and body (its braces included)."""
    rest: list[Token] = []
    helpers: dict[str, tuple[str, list[Token]]] = {}
    i = 0
    while i < len(tokens):
        head = [t.text for t in tokens[i : i + 8]]
        if (
            len(head) == 8
            and head[0] == "func"
            and head[2] == "("
            and head[4:8]
            == [
                "*",
                "gin.RouterGroup",
                ")",
                "{",
            ]
        ):
            depth, j = 0, i + 7
            while True:
                depth += (
                    {"{": 1, "}": -1}.get(tokens[j].text, 0) if tokens[j].kind == "punct" else 0
                )
                if depth == 0:
                    break
                j += 1
            helpers[head[1]] = (head[3], tokens[i + 7 : j + 1])
            i = j + 1
        else:
            rest.append(tokens[i])
            i += 1
    return rest, helpers


class GinReader(gt.GinReader):
    """gen_tables' gin reader, which also reads ``Any`` (every method: ``*`` here), the
    engine's mount on Go's DefaultServeMux (``http.Handle("/", h)``) and route helpers: a
    function of the same file taking a ``*gin.RouterGroup``, read once for each call
    ``helper(group)`` with that group's prefix (each route's ``group`` is the caller's)."""

    def __init__(self, source: str, file: str, engines: frozenset[str]) -> None:
        super().__init__(source, file, engines)
        self.tokens, self.helpers = gin_helpers(self.tokens)
        self.parser = Parser(self.tokens)
        self.mux: list[Route] = []
        self.dynamic: list[Route] = []  # registrations whose path is a variable, not a string

    def _route(self, i: int, base: str, receiver: str, method: str) -> None:
        args, _ = self.parser.args(i + 1)
        if len(args) >= 2 and len(args[0]) == 1 and args[0][0].kind == "ident":
            # A path known only at run time (CLIProxyAPI's AttachWebsocketRoute): kept as
            # data, never a route; the spec's notes say what it registers.
            line = self.tokens[i].line
            self.dynamic.append({"file": self.file, "line": line, "method": method})
            self.dynamic[-1] |= {"path": args[0][0].text, "group": receiver}
            return
        super()._route(i, base, receiver, method)

    def _plain_call(self, i: int) -> None:
        tok = self.tokens[i]
        if tok.text not in self.helpers:
            return
        args, _ = self.parser.args(i + 1)
        group = args[0][0].text if len(args) == 1 and len(args[0]) == 1 else ""
        prefix = self.prefixes.get(group)
        if prefix is None:
            raise ExtractError(f"{self.file}:{tok.line}: {tok.text}(...) of no known group")
        param, body = self.helpers[tok.text]
        sub = GinReader("", self.file, self.engines)
        sub.tokens, sub.helpers, sub.parser = body, {}, Parser(body)
        sub.prefixes = {param: prefix}
        sub.read()
        if sub.groups or sub.calls or sub.mux or sub.dynamic:
            raise ExtractError(f"{self.file}:{tok.line}: {tok.text} does more than register")
        guard = self.guard()
        for route in sub.routes:
            self.routes.append(route | {"group": group, "guard": route["guard"] or guard})

    def _call(self, i: int) -> None:
        tok = self.tokens[i]
        receiver, _, name = tok.text.rpartition(".")
        if receiver == "http" and name in {"Handle", "HandleFunc"}:
            args, _ = self.parser.args(i + 1)
            if len(args) != 2 or len(args[0]) != 1 or args[0][0].kind != "str":
                raise ExtractError(f'{self.file}:{tok.line}: http.{name} is not ("path", h)')
            self.mux.append({"file": self.file, "line": tok.line, "call": tok.text})
            self.mux[-1] |= {"path": args[0][0].text, "handler": [t.text for t in args[1]]}
            return
        if name != "Any":
            super()._call(i)
            return
        base = self._prefix(receiver)
        if base is None:
            raise ExtractError(f"{self.file}:{tok.line}: Any on an unknown receiver")
        self._route(i, base, receiver, "ANY")


def gin_flags(tokens: Sequence[Token], engines: frozenset[str], file: str) -> list[Route]:
    """``r.HandleMethodNotAllowed = true`` and the like, on an engine."""
    found: list[Route] = []
    for i, tok in enumerate(tokens[:-2]):
        receiver, _, name = tok.text.rpartition(".")
        if tok.kind != "ident" or receiver not in engines or tokens[i + 1].text != "=":
            continue
        if name in GIN_OTHER_FLAGS:
            raise ExtractError(f"{file}:{tok.line}: engine flag {name} is not modelled")
        if name in GIN_FLAGS:
            value = tokens[i + 2].text
            if value not in ("true", "false"):
                raise ExtractError(f"{file}:{tok.line}: {name} set to an expression")
            found.append({"file": file, "line": tok.line, "flag": name, "value": value == "true"})
    return found


def extract_gin(spec: RepoSpec, git_dir: Path, commit: str) -> Data:
    routes: list[gt.GinRoute] = []
    groups: list[gt.GinGroup] = []
    calls: list[gt.GinCall] = []
    flags: list[Route] = []
    mux: list[Route] = []
    dynamic: list[Route] = []
    for file in spec.files:
        source = git(git_dir, "show", f"{commit}:{file}")
        reader = GinReader(source, file, spec.engines)
        reader.read()
        routes += reader.routes
        groups += reader.groups
        calls += reader.calls
        flags += gin_flags(reader.tokens, spec.engines, file)
        mux += reader.mux
        dynamic += reader.dynamic
    gt.check_unique(routes)
    found: Data = {**_head(spec, commit), "engine": calls, "flags": flags, "mux": mux}
    if dynamic:  # only where a source has one, so that the other documents stay as they are
        found["dynamic"] = dynamic
    return found | {"groups": groups, "routes": routes}


# --- axum (Rust) -------------------------------------------------------------------------


def extract_axum(spec: RepoSpec, git_dir: Path, commit: str) -> Data:
    """The ``.route`` chain of ``fn FUNCTION(...) -> Router { Router::new()...  }``."""
    (file,) = spec.files
    routes = axum_routes(git(git_dir, "show", f"{commit}:{file}"), file, spec.function)
    return {**_head(spec, commit), "function": spec.function, "routes": routes}


def axum_routes(source: str, file: str, function: str) -> list[Route]:
    """The registrations of the router ``function`` returns, one row per method."""
    tokens = list(tokenize(source))
    starts = [
        i
        for i in range(len(tokens) - 1)
        if tokens[i].text == "fn" and tokens[i + 1].text == function
    ]
    if len(starts) != 1:
        raise ExtractError(f"{file}: {len(starts)} functions named {function}")
    i = starts[0]
    while tokens[i].text != "{":
        i += 1
    if [t.text for t in tokens[i + 1 : i + 4]] != ["Router::new", "(", ")"]:
        raise ExtractError(f"{file}:{tokens[i].line}: {function} is not `Router::new()...`")
    parser = Parser(tokens)
    routes: list[Route] = []
    i += 4
    while tokens[i].text == ".":
        name = tokens[i + 1]
        call, i = parser.args(i + 2)
        if name.text == "route":
            if len(call) != 2 or len(call[0]) != 1 or call[0][0].kind != "str":
                raise ExtractError(f'{file}:{name.line}: `.route` is not ("path", router)')
            methods, handlers = parser.method_router(call[1])
            for method, handler in zip(methods, handlers, strict=True):
                routes.append(
                    {
                        "file": file,
                        "line": name.line,
                        "method": method,
                        "path": call[0][0].text,
                        "handler": handler,
                    }
                )
        elif name.text not in {"layer", "route_layer", "with_state"}:
            raise ExtractError(f"{file}:{name.line}: router method `.{name.text}` is not read")
    if tokens[i].text != "}":
        raise ExtractError(f"{file}:{tokens[i].line}: the router is not the function's value")
    _unique(routes)
    return routes


def axum_pattern(path: str) -> str:
    """axum 0.7 (matchit 0.7): ``/a/:id`` -> ``/a/{id}``, ``/f/*rest`` -> ``/f/{*rest}``."""
    return re.sub(r":(\w+)", r"{\1}", re.sub(r"\*(\w+)$", r"{*\1}", path))


# --- FastAPI (Python) --------------------------------------------------------------------

FASTAPI_METHODS = {m.lower(): m for m in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD")}
FASTAPI_METHODS["options"] = "OPTIONS"


class FastAPIReader:
    """Reads the app's ``include_router`` calls and the route decorators of the routers they
    include (``@router.post("/path")``, ``@router.api_route("/p", methods=[...])``) and of the
    app itself (``@app.get("/")`` in the setup functions), with Python's own parser.

    Paths are string literals or f-strings of module-level string constants of the
    ``constants`` file; a router is ``NAME = APIRouter(prefix=...)`` at module level."""

    def __init__(self, spec: RepoSpec, sources: dict[str, str]) -> None:
        self.spec = spec
        self.trees = {f: ast.parse(text, filename=f) for f, text in sources.items()}
        self.constants: dict[str, str] = {}
        for node in self.trees[spec.constants].body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
                literal = isinstance(value, ast.Constant) and isinstance(value.value, str)
                if isinstance(target, ast.Name) and literal:
                    self.constants[target.id] = str(cast(ast.Constant, value).value)

    def text(self, file: str, node: ast.expr) -> str:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            parts = []
            for part in node.values:
                if isinstance(part, ast.FormattedValue) and isinstance(part.value, ast.Name):
                    if part.value.id not in self.constants or part.format_spec is not None:
                        break
                    parts.append(self.constants[part.value.id])
                elif isinstance(part, ast.Constant) and isinstance(part.value, str):
                    parts.append(part.value)
                else:
                    break
            else:
                return "".join(parts)
        raise ExtractError(f"{file}:{node.lineno}: a path that is not a string or known f-string")

    def routers(self, file: str) -> dict[str, str]:
        """``NAME = APIRouter(...)`` at module level: NAME -> prefix."""
        found: dict[str, str] = {}
        for node in self.trees[file].body:
            if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)):
                continue
            call = node.value
            if not (isinstance(call.func, ast.Name) and call.func.id == "APIRouter"):
                continue
            (target,) = node.targets
            if not isinstance(target, ast.Name) or call.args:
                raise ExtractError(f"{file}:{node.lineno}: an APIRouter this reader cannot name")
            prefix = ""
            for kw in call.keywords:
                if kw.arg == "prefix":
                    prefix = self.text(file, kw.value)
            found[target.id] = prefix
        return found

    def decorated(self, file: str, receiver: str, prefix: str, group: str) -> list[Route]:
        """The routes ``@receiver.METHOD(path)`` registers in ``file``, in source order."""
        routes: list[Route] = []
        for node in ast.walk(self.trees[file]):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for deco in node.decorator_list:
                if not (isinstance(deco, ast.Call) and isinstance(deco.func, ast.Attribute)):
                    continue
                owner = deco.func.value
                if not (isinstance(owner, ast.Name) and owner.id == receiver):
                    continue
                name = deco.func.attr
                if name in FASTAPI_METHODS:
                    methods = [FASTAPI_METHODS[name]]
                elif name == "api_route":
                    methods = self._methods(file, deco)
                else:
                    raise ExtractError(f"{file}:{deco.lineno}: @{receiver}.{name} is not read")
                if not deco.args:
                    raise ExtractError(f"{file}:{deco.lineno}: a route without a path")
                path = prefix + self.text(file, deco.args[0])
                for method in methods:
                    routes.append(
                        {
                            "file": file,
                            "line": deco.lineno,
                            "method": method,
                            "path": path,
                            "group": group,
                            "handler": node.name,
                        }
                    )
        return sorted(routes, key=lambda r: (r["line"], r["method"]))

    def _methods(self, file: str, deco: ast.Call) -> list[str]:
        for kw in deco.keywords:
            if kw.arg == "methods" and isinstance(kw.value, ast.List):
                names = [self.text(file, m) for m in kw.value.elts]
                return [n.upper() for n in names]
        raise ExtractError(f"{file}:{deco.lineno}: api_route without a literal methods list")

    def read(self) -> tuple[list[Route], list[Route]]:
        """(the include_router calls, every route in the order the app registers them)."""
        main = self.spec.files[0]
        includes: list[Route] = []
        routes: list[Route] = []
        for node in ast.walk(self.trees[main]):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if node.func.attr == "mount" or node.func.attr.startswith("add_api"):
                raise ExtractError(f"{main}:{node.lineno}: `{node.func.attr}` is not read")
            if node.func.attr != "include_router":
                continue
            arg = node.args[0] if len(node.args) == 1 else None
            if node.keywords or not (
                isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name)
            ):
                raise ExtractError(f"{main}:{node.lineno}: include_router(module.router) only")
            file = f"{self.spec.function}/{arg.value.id}.py"
            if file not in self.trees:
                raise ExtractError(f"{main}:{node.lineno}: {file} is not in the spec's files")
            prefix = self.routers(file).get(arg.attr)
            if prefix is None:
                raise ExtractError(f"{file}: no `{arg.attr} = APIRouter(...)`")
            includes.append({"file": main, "line": node.lineno, "router": f"{file}:{arg.attr}"})
            includes[-1]["prefix"] = prefix
            routes += self.decorated(file, arg.attr, prefix, f"{arg.value.id}.{arg.attr}")
        includes.sort(key=lambda r: r["line"])
        routes += self.decorated(main, "app", "", "app")
        return includes, routes


def extract_fastapi(spec: RepoSpec, git_dir: Path, commit: str) -> Data:
    sources = {f: git(git_dir, "show", f"{commit}:{f}") for f in spec.files}
    includes, routes = FastAPIReader(spec, sources).read()
    _unique(routes)
    return {**_head(spec, commit), "includes": includes, "routes": routes}


def starlette_pattern(path: str) -> str:
    """Starlette ``{name}`` stays; ``{name:path}`` at the end is ``{*name}``; other
    convertors (``:int``, ``:str``) take one segment, ``{name}`` here."""
    path = re.sub(r"\{(\w+):path\}$", r"{*\1}", path)
    if ":path}" in path:
        raise RenderError(f"a path convertor before the end: {path}")
    return re.sub(r"\{(\w+):\w+\}", r"{\1}", path)


# --- express (JavaScript) -----------------------------------------------------------------

#: After one of these a ``/`` starts a regular expression literal, not a division.
_JS_REGEX_AFTER = set("(,=:[!&|?{};+-*%<>~^") | {"return", "typeof", "case", "do", "else", "in"}
_JS_IDENT = re.compile(r"[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*")
_JS_NUMBER = re.compile(r"\d[\w.]*")


def _js_string(text: str, i: int, line: int) -> tuple[str, int]:
    """The value of the string or template starting at ``i``, and the index after it."""
    quote, j, out = text[i], i + 1, []
    while j < len(text) and text[j] != quote:
        if text[j] == "\\":
            out.append(text[j + 1])
            j += 2
            continue
        if quote != "`" and text[j] == "\n":
            raise ExtractError(f"line {line}: unterminated string")
        out.append(text[j])
        j += 1
    return "".join(out), j + 1


def _js_regex(text: str, i: int, line: int) -> int:
    """The index after the regular expression literal (and its flags) starting at ``i``."""
    j, in_class = i + 1, False
    while j < len(text) and (in_class or text[j] != "/"):
        if text[j] == "\\":
            j += 1
        elif text[j] == "[":
            in_class = True
        elif text[j] == "]":
            in_class = False
        elif text[j] == "\n":
            raise ExtractError(f"line {line}: unterminated regular expression")
        j += 1
    j += 1
    while j < len(text) and text[j].isalpha():
        j += 1
    return j


def tokenize_js(text: str) -> Iterator[Token]:
    """JavaScript tokens (comments and whitespace dropped), each with its 1-based line: a
    string or a template without ``${`` is a "str" token (its value unescaped as the
    router sees it), a regular expression literal an "other" token."""
    i, line, n = 0, 1, len(text)
    previous = "("
    while i < n:
        c = text[i]
        if c.isspace():
            line += c == "\n"
            i += 1
        elif text.startswith("//", i):
            i = text.find("\n", i)
            i = n if i < 0 else i
        elif text.startswith("/*", i):
            end = text.find("*/", i + 2)
            if end < 0:
                raise ExtractError(f"line {line}: unterminated comment")
            line += text.count("\n", i, end)
            i = end + 2
        elif c in "'\"`":
            body, j = _js_string(text, i, line)
            kind: TokenKind = "other" if c == "`" and "${" in body else "str"
            yield Token(kind, body, line)
            line += text.count("\n", i, j)
            previous, i = "str", j
        elif c == "/" and previous in _JS_REGEX_AFTER:
            j = _js_regex(text, i, line)
            yield Token("other", text[i:j], line)
            previous, i = "regex", j
        elif m := _JS_IDENT.match(text, i):
            yield Token("ident", m.group(), line)
            previous, i = m.group(), m.end()
        elif m := _JS_NUMBER.match(text, i):
            yield Token("other", m.group(), line)
            previous, i = "number", m.end()
        else:
            yield Token("punct", c, line)
            previous, i = c, i + 1


EXPRESS_METHODS = {"get", "post", "put", "patch", "delete", "head", "options", "all"}


class ExpressReader:
    """Reads ``recv.METHOD(path | [paths], ...handlers)`` and ``recv.use(path, ...routers)``
    on an app or a router, the routers named by ``const X = require('./routes/x')``."""

    def __init__(self, source: str, file: str, receivers: frozenset[str]) -> None:
        self.file = file
        self.tokens = list(tokenize_js(source))
        self.parser = Parser(self.tokens)
        self.receivers = receivers
        self.requires: dict[str, str] = {}  # variable -> the module path required
        self.routes: list[Route] = []
        self.uses: list[Route] = []

    def read(self) -> ExpressReader:
        t = self.tokens
        blocks: list[int | None] = []
        pending: int | None = None
        for i, tok in enumerate(t):
            if tok.text == "{" and tok.kind == "punct":
                blocks.append(pending)
                pending = None
            elif tok.text == "}" and tok.kind == "punct":
                if not blocks:
                    raise ExtractError(f"{self.file}:{tok.line}: unbalanced `}}`")
                blocks.pop()
            elif tok.kind == "ident" and tok.text in ("if", "else"):
                pending = tok.line
            elif tok.kind == "ident" and tok.text == "require" and i >= 2:
                if t[i - 1].text == "=" and t[i + 1].text == "(" and t[i + 2].kind == "str":
                    self.requires[t[i - 2].text] = t[i + 2].text
            elif tok.kind == "ident" and i + 1 < len(t) and t[i + 1].text == "(":
                receiver, _, name = tok.text.rpartition(".")
                if receiver in self.receivers:
                    guards = [g for g in blocks if g is not None]
                    self._call(i, name, guards[-1] if guards else None)
        return self

    def _paths(self, arg: list[Token], line: int) -> list[str] | None:
        if len(arg) == 1 and arg[0].kind == "str":
            return [arg[0].text]
        if arg and arg[0].text == "[" and arg[-1].text == "]":
            inner = [x for x in arg[1:-1] if x.text != ","]
            if inner and all(x.kind == "str" for x in inner):
                return [x.text for x in inner]
            raise ExtractError(f"{self.file}:{line}: a path list that is not all strings")
        return None

    def _call(self, i: int, name: str, guard: int | None) -> None:
        line = self.tokens[i].line
        args, _ = self.parser.args(i + 1)
        if name in EXPRESS_METHODS:
            paths = self._paths(args[0], line) if args else None
            if paths is None or len(args) < 2:
                raise ExtractError(f"{self.file}:{line}: `{name}` is not (path, handlers)")
            for path in paths:
                self.routes.append(
                    {
                        "file": self.file,
                        "line": line,
                        "method": "ANY" if name == "all" else name.upper(),
                        "path": path,
                        "guard": guard,
                    }
                )
        elif name == "use":
            paths = self._paths(args[0], line) if args else None
            rest = args[1:] if paths is not None else args
            names = [a[0].text for a in rest if len(a) == 1 and a[0].kind == "ident"]
            self.uses.append(
                {
                    "file": self.file,
                    "line": line,
                    "path": paths[0] if paths else None,
                    "routers": [n for n in names if n in self.requires],
                    "args": names,
                    "guard": guard,
                }
            )
        elif name in {"route", "param"}:
            raise ExtractError(f"{self.file}:{line}: `{name}` registrations are not read")


def extract_express(spec: RepoSpec, git_dir: Path, commit: str) -> Data:
    """The app file's mounts, then each mounted router file's routes under its prefix."""
    app_file = spec.files[0]
    app = ExpressReader(git(git_dir, "show", f"{commit}:{app_file}"), app_file, spec.engines)
    app.read()
    routes: list[Route] = []
    mounts: list[Route] = []
    skipped: list[Route] = []
    readers: dict[str, ExpressReader] = {}
    for use in app.uses:
        if use["path"] is None or not use["routers"]:
            continue  # a middleware (app.use(fn)) or a catch-all handler: notes say which
        for router in use["routers"]:
            required = app.requires[router]
            file = posixpath.normpath(posixpath.join(posixpath.dirname(app_file), required))
            file += ".js"
            mount = {"file": app_file, "line": use["line"], "path": use["path"], "router": file}
            if router in spec.skip:
                skipped.append(mount | {"router": required})
                continue
            if file not in spec.files:
                raise ExtractError(f"{app_file}:{use['line']}: {file} is not in the spec's files")
            mounts.append(mount)
            if file not in readers:
                source = git(git_dir, "show", f"{commit}:{file}")
                readers[file] = ExpressReader(source, file, frozenset({"router"})).read()
            for use2 in readers[file].uses:
                if use2["routers"]:
                    raise ExtractError(f"{file}:{use2['line']}: a router inside a router")
            for r in readers[file].routes:
                joined = use["path"].rstrip("/") + ("" if r["path"] == "/" else r["path"])
                routes.append(r | {"path": joined or "/", "mount": use["line"]})
    routes += [r | {"mount": None} for r in app.routes]
    # Express tries the routers mounted on a prefix in order: a second registration of a
    # method and path is never reached. It is kept, marked with the one that answers.
    first: dict[tuple[str, str], Route] = {}
    for r in routes:
        key = (r["method"], express_pattern(r["path"]).lower())
        if key in first:
            r["shadowed_by"] = f"{first[key]['file']}:{first[key]['line']}"
        else:
            first[key] = r
    return {
        **_head(spec, commit),
        "mounts": mounts,
        "skipped": skipped,
        "app_uses": [u for u in app.uses if u["path"] is not None and not u["routers"]],
        "routes": routes,
    }


def express_pattern(path: str) -> str:
    """path-to-regexp 0.1 (express 4): ``:name`` -> ``{name}``, ``\\:`` a literal colon,
    a final ``*`` -> ``{*rest}``; any other ``*``, ``?``, ``+`` or ``(`` stops the render."""
    out = re.sub(r"(?<!\\):(\w+)", r"{\1}", path).replace("\\:", ":")
    if out.endswith("/*"):
        out = out[:-1] + "{*rest}"
    # A "*" segment inside the path matches any text, slashes too; written as one segment
    # (the notes of a table that has one say so).
    out = out.replace("/*/", "/{star}/")
    if any(c in out.replace("{*", "{") for c in "*?+()"):
        raise RenderError(f"an express path this render does not model: {path}")
    return out


# --- shared ------------------------------------------------------------------------------


def _head(spec: RepoSpec, commit: str) -> Data:
    return {
        "repo": spec.repo,
        "commit": commit,
        "tag": spec.tag,
        "files": list(spec.files),
        "generator": f"{GENERATOR} extract {spec.id}",
        "reader": spec.reader,
    }


def _unique(routes: Sequence[Route]) -> None:
    """A second registration of a method and path is refused (or ignored) by every framework
    read here; this reader stops on it either way."""
    seen: dict[tuple[str, str], Route] = {}
    for route in routes:
        key = (route["method"], route["path"])
        if key in seen:
            where = f"{route['file']}:{route['line']}"
            first = f"{seen[key]['file']}:{seen[key]['line']}"
            raise ExtractError(f"{where}: {' '.join(key)} again (first at {first})")
        seen[key] = route


EXTRACTORS = {
    "gin": extract_gin,
    "axum": extract_axum,
    "fastapi": extract_fastapi,
    "express": extract_express,
}


def extract(spec: RepoSpec, git_dir: Path) -> Data:
    commit = git(git_dir, "rev-parse", "--verify", f"refs/tags/{spec.tag}^{{commit}}").strip()
    return EXTRACTORS[spec.reader](spec, git_dir, commit)


def dump(data: Data) -> str:
    """The JSON text: fixed key order, one row per line for every list of rows (short diffs)."""
    rows = [k for k, v in data.items() if isinstance(v, list) and k != "files"]
    head = {k: v for k, v in data.items() if k not in rows}
    out = json.dumps(head, indent=2, ensure_ascii=False)
    out = out[: out.rindex("}")].rstrip()
    for key in rows:
        lines = ",\n".join("    " + json.dumps(r, ensure_ascii=False) for r in data[key])
        out += f',\n  "{key}": [\n{lines}\n  ]' if lines else f',\n  "{key}": []'
    return out + "\n}\n"


# --- render ------------------------------------------------------------------------------

PATTERNS = {
    "gin": gt.gin_pattern,
    "axum": axum_pattern,
    "fastapi": starlette_pattern,
    "express": express_pattern,
}


def pattern_of(spec: RepoSpec, route: Route) -> str:
    return PATTERNS[spec.reader](route["path"])


def _assigned(
    spec: RepoSpec, route: Route, method: str, pattern: str, used: set[tuple[str, str]]
) -> Assignment:
    if any(pattern == p or pattern.startswith(p + "/") for p in spec.admin):
        return ("admin", ())
    found = spec.routes.get((method, pattern))
    handlers = route.get("handlers") or [""]
    if found is None and handlers[-1] in spec.by_handler:
        return spec.by_handler[handlers[-1]]
    if found is None:
        raise RenderError(f"{spec.id}: no operation for {method} {pattern}: add it to the spec")
    used.add((method, pattern))
    return found


def _entry(methods: list[str], pattern: str, assigned: Assignment, source: str) -> Route:
    operation, protocols = assigned
    entry: Route = {"methods": methods, "pattern": pattern}
    if len(protocols) > 1:
        entry["protocols"] = list(protocols)
    else:
        entry["protocol"] = protocols[0] if protocols else None
    return entry | {"operation": operation, "source": source}


def options(spec: RepoSpec, data: Data) -> dict[str, bool]:
    """Router options the source sets on the engine (gin's ``r.HandleMethodNotAllowed``)."""
    found: dict[str, bool] = {}
    for flag in data.get("flags", []):
        found[GIN_FLAGS[flag["flag"]]] = flag["value"]
    return found


def _release_note(spec: RepoSpec, root: Path) -> str:
    """Where a past release sits in its proxy's survey: it must start a run of releases with
    the same public routes (the rule that makes ``NAME@X`` the newest known release not after
    X), or the render stops."""
    file = f"tools/data/{spec.release_of}-survey.json"
    survey = json.loads((root / file).read_text(encoding="utf-8"))
    run = next((s for s in survey["sets"] if s["from"] == spec.tag), None)
    if run is None:
        raise RenderError(f"{spec.id}: {spec.tag} does not start a run of equal public routes")
    admin = ", ".join(f"{p}/*" for p in spec.admin) or "none"
    return (
        f"Every release from {run['from']} through {run['through']} registers the same public "
        f"routes (all but {admin}; {survey['generator']} read {survey['releases']} releases from "
        f"{survey['since']} to {survey['until']} into {file}), {run['public_routes']} of them."
    )


def render(spec: RepoSpec, root: Path = ROOT) -> str:
    """The text of ``spec.out_file``, from the committed route data."""
    data = cast(Data, json.loads((root / spec.data_file).read_text(encoding="utf-8")))
    if data["tag"] != spec.tag or data["repo"] != spec.repo or data["reader"] != spec.reader:
        raise RenderError(f"{spec.data_file} was read from another repository, tag or reader")
    used: set[tuple[str, str]] = set()
    routes = []
    for r in data["routes"]:
        if r.get("shadowed_by"):
            continue  # never reached: the route it names answers first (see the notes)
        if r.get("guard") and not spec.guarded_ok:
            raise RenderError(f"{spec.id}: {r['file']}:{r['line']}: a route inside an `if`")
        pattern = pattern_of(spec, r)
        method = "*" if r["method"] == "ANY" else r["method"]
        source = f"{r['file']}:{r['line']}"
        if (method, pattern) in spec.expand:
            used.add((method, pattern))
            for m, p, assigned in spec.expand[method, pattern]:
                routes.append(_entry([m], p, assigned, source))
            continue
        assigned = _assigned(spec, r, method, pattern, used)
        routes.append(_entry([method], pattern, assigned, source))
    unused = sorted((set(spec.routes) | set(spec.expand)) - used)
    if unused:
        raise RenderError(f"{spec.id}: mapped but not registered: {unused}")
    made = (
        f"Generated by {GENERATOR} (render) from {spec.data_file}, which its extract step read "
        f"from {', '.join(data['files'])} at tag {data['tag']} (commit {data['commit']}). Never "
        "edit by hand."
    )
    notes = [made, *([_release_note(spec, root)] if spec.release_of else []), *spec.notes]
    doc: dict[str, object] = {
        "id": spec.id,
        "title": spec.title,
        "source": {"repository": data["repo"], "commit": data["commit"], "files": data["files"]},
        "router": spec.router,
        **options(spec, data),
    }
    if spec.origin is not None:
        doc["origin"] = spec.origin
    if spec.quirks is not None:
        doc["quirks"] = spec.quirks
    doc["notes"] = notes
    doc["routes"] = routes
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


# --- survey ------------------------------------------------------------------------------


def survey(spec: RepoSpec, git_dir: Path, since: str, until: str) -> dict[str, object]:
    """gen_tables' survey for a gin or express spec: every ``vX.Y.Z`` release tag from
    ``since`` to ``until``, its routes read from those of the spec's files the tag holds (gin)
    or by the spec's own extract (express: the routers the app mounts, a route another one
    shadows left out), grouped by runs of equal public routes (every route not under the
    spec's ``admin`` prefixes)."""
    if spec.reader not in ("gin", "express"):
        raise ExtractError(f"{spec.id}: the survey reads gin and express sources only")

    def read(tag: str) -> tuple[frozenset[str], frozenset[str]]:
        routes: list[Route] = []
        if spec.reader == "express":
            commit = git(git_dir, "rev-parse", "--verify", f"refs/tags/{tag}^{{commit}}").strip()
            found = extract_express(spec, git_dir, commit)["routes"]
            routes = [r for r in found if not r.get("shadowed_by")]
        else:
            held = set(git(git_dir, "ls-tree", "-r", "--name-only", tag).split())
            for file in (f for f in spec.files if f in held):
                source = git(git_dir, "show", f"{tag}:{file}")
                routes += cast(list[Route], GinReader(source, file, spec.engines).read().routes)
            gt.check_unique(cast(list[gt.GinRoute], routes))
        public: set[str] = set()
        admin: set[str] = set()
        for r in routes:
            is_admin = any(r["path"] == p or r["path"].startswith(p + "/") for p in spec.admin)
            (admin if is_admin else public).add(f"{r['method']} {r['path']}")
        return frozenset(public), frozenset(admin)

    runs = gt.survey_runs(git_dir, since, until, read)
    return {"repo": spec.repo, "generator": f"{GENERATOR} survey {spec.id}"} | runs


# --- command line ------------------------------------------------------------------------


def _spec(name: str) -> RepoSpec:
    for spec in SPECS:
        if spec.id == name:
            return spec
    raise SystemExit(f"no spec {name!r}; known: {', '.join(s.id for s in SPECS)}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else "")
    steps = parser.add_subparsers(dest="step", required=True)
    ext = steps.add_parser("extract", help="a proxy's router source at its tag -> tools/data/")
    ext.add_argument("id", choices=[s.id for s in SPECS])
    ext.add_argument("git_dir", type=Path, help="a clone (bare or not) holding the tag")
    sur = steps.add_parser("survey", help="where the public routes change, tag by tag")
    sur.add_argument("id", choices=[s.id for s in LATEST if s.reader in ("gin", "express")])
    sur.add_argument("git_dir", type=Path)
    sur.add_argument("--since", required=True)
    sur.add_argument("--until", required=True)
    ren = steps.add_parser("render", help="tools/data/ -> src/agroutes/data/ID.json")
    ren.add_argument("--check", action="store_true", help="exit 1 if a table would change")
    ren.add_argument("ids", nargs="*", help="only these tables (default: all)")
    args = parser.parse_args(argv)
    try:
        if args.step == "extract":
            spec = _spec(args.id)
            out = ROOT / spec.data_file
            out.write_text(dump(extract(spec, args.git_dir)), encoding="utf-8", newline="\n")
            print(out.relative_to(ROOT))
            return 0
        if args.step == "survey":
            spec = _spec(args.id)
            out = ROOT / f"tools/data/{spec.id}-survey.json"
            text = gt.dump_survey(survey(spec, args.git_dir, args.since, args.until))
            out.write_text(text, encoding="utf-8", newline="\n")
            print(out.relative_to(ROOT))
            return 0
        specs = [_spec(i) for i in args.ids] if args.ids else SPECS
        return gt.render_all(specs, render, check=args.check)
    except (ExtractError, RenderError) as exc:
        print(f"{args.step}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
