"""Generate route tables from what the package registries ship, at a pinned release.

LiteLLM and vLLM ship their FastAPI servers on PyPI; copilot-api ships its hono server on npm.
Each table is read from the archive the registry serves (a wheel or an npm tarball), in the
two steps tools/gen_tables.py uses for the tables read from git:

``extract ID ARCHIVE``
    Reads the router registrations out of the archive's files (without installing it: the
    wheel or tarball is opened as a zip or tar file), each with its file and line, and writes
    them to ``tools/data/ID-VERSION-routes.json`` with the archive's name and SHA-256. Python
    servers are read with :mod:`ast` (``@router.post(...)``, ``add_api_route``,
    ``include_router(prefix=...)``, ``APIRouter(prefix=...)``); JavaScript with the
    tree-sitter JavaScript grammar (``pip install tree-sitter tree-sitter-javascript``; the
    extract step only). Get the archive with the registry's own client, without its
    dependencies::

        pip download litellm==1.110.2 --no-deps -d /tmp/litellm
        pip download vllm==0.34.0 --no-deps --only-binary :all: -d /tmp/vllm
        npm pack copilot-api@0.7.0 --pack-destination /tmp/copilot

``render``
    Writes ``src/agroutes/data/ID.json`` for every table in :data:`registry_specs.SPECS` from
    the committed route data. The protocol and operation of each route come from the explicit
    mappings of tools/registry_specs.py: a path the mapping does not know stops the render
    when it looks like an AI API (:func:`registry_specs.looks_like_ai`); other paths (a
    proxy's admin and UI routes) take the spec's rule and protocol null. The routes are
    written in the order the framework tries them, after dropping the registrations that an
    earlier one answers for every request (Starlette: the first registered route that matches
    wins; see :func:`shadowed`), each one named in the table's notes.
    ``render --check`` exits 1 if a table would change; tests/test_registry_tables.py
    renders the committed data and compares the result with the committed tables byte for byte.

Usage, from the repository root::

    python tools/gen_registry_tables.py extract litellm /tmp/litellm/litellm-1.110.2-*.whl
    python tools/gen_registry_tables.py render
    python tools/gen_registry_tables.py render --check
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import importlib
import json
import re
import sys
import tarfile
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NotRequired, TypedDict, cast

from gen_antigravity_admin import ExtractError
from gen_tables import RenderError, render_all
from registry_specs import (
    SPECS,
    Assignment,
    Forward,
    RegistrySpec,
    looks_like_ai,
)

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = "tools/gen_registry_tables.py"


# --- archives ------------------------------------------------------------------------------


class Archive:
    """The files of a wheel (a zip) or an npm tarball, read without unpacking to disk."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.sha256 = hashlib.sha256(path.read_bytes()).hexdigest()
        self._files: dict[str, bytes] = {}
        if path.suffix in {".whl", ".zip"}:
            with zipfile.ZipFile(path) as zf:
                for name in zf.namelist():
                    if name.endswith((".py", ".js", ".mjs", ".cjs", ".json")):
                        self._files[name] = zf.read(name)
        elif path.name.endswith((".tgz", ".tar.gz")):
            with tarfile.open(path, "r:gz") as tf:
                for member in tf.getmembers():
                    if member.isfile():
                        stream = tf.extractfile(member)
                        if stream is not None:  # npm tarballs put everything under package/
                            self._files[member.name.removeprefix("package/")] = stream.read()
        else:
            raise ExtractError(f"{path.name}: not a wheel (.whl) or an npm tarball (.tgz)")

    def text(self, name: str) -> str:
        if name not in self._files:
            raise ExtractError(f"{self.path.name} has no file {name}")
        return self._files[name].decode("utf-8")

    def names(self) -> list[str]:
        return sorted(self._files)


# --- the route data every reader writes ------------------------------------------------------


class RouteRow(TypedDict):
    file: str
    line: int
    methods: list[str]  # as registered; "*" for any method
    path: str  # as the framework serves it: prefixes joined, the source's parameter syntax
    how: str  # the registration's shape: "decorator", "add_api_route", "hono", ...
    router: str  # the router object it was registered on (module:variable)
    mounted: NotRequired[int]  # hono: the line of the ``route()`` call that mounted it
    guards: NotRequired[list[str]]  # vLLM: the ``if`` conditions on the way to it


class RouteData(TypedDict):
    id: str
    package: str
    version: str
    registry: str
    archive: str
    sha256: str
    generator: str
    files: list[str]
    facts: dict[str, object]
    routes: list[RouteRow]


def dump_data(data: RouteData) -> str:
    """The JSON text: fixed key order, one route per line (short diffs)."""
    head = {k: v for k, v in data.items() if k != "routes"}
    text = json.dumps(head, indent=2, ensure_ascii=False)
    rows = ",\n".join("    " + json.dumps(r, ensure_ascii=False) for r in data["routes"])
    return text[: text.rindex("}")].rstrip() + f',\n  "routes": [\n{rows}\n  ]\n}}\n'


# --- Python (FastAPI / Starlette) ----------------------------------------------------------

HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "trace")


@dataclass(slots=True)
class Registration:
    """One route registered on a router variable of a module (its own path only)."""

    router: str
    methods: list[str]
    path: str
    line: int
    how: str
    guards: tuple[str, ...] = ()  # the ``if`` conditions the registration is under


@dataclass(slots=True)
class Include:
    """``target.include_router(source, prefix=...)`` in a module."""

    target: str
    source: str  # the expression naming the included router, as written
    prefix: str
    line: int


@dataclass(slots=True)
class PyModule:
    """What one module registers, read with :mod:`ast`."""

    file: str
    routers: dict[str, tuple[str, int]] = field(default_factory=dict)  # name -> (prefix, line)
    imports: dict[str, tuple[str, str]] = field(default_factory=dict)  # name -> (module, attr)
    registrations: list[Registration] = field(default_factory=list)
    includes: list[Include] = field(default_factory=list)
    #: Every statement that registers something, in source order: ("route", i) / ("include", i)
    order: list[tuple[str, int]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # registrations with a non-literal path
    consts: dict[str, object] = field(default_factory=dict)  # module-level str constants


def _const_str(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


Lookup = Callable[[str, str], object]  # (module, name) -> its constant value, or None


class Constants:
    """The module-level string (and list of strings) constants a module can name, its
    own and, through ``lookup``, those it imports: what route paths are built from."""

    def __init__(self, imports: dict[str, tuple[str, str]], lookup: Lookup | None) -> None:
        self.values: dict[str, object] = {}
        self.imports = imports
        self.lookup = lookup

    def value(self, node: ast.expr | None) -> object:
        """A str, a list of str, or None when the expression is not a known constant."""
        if node is None:
            return None
        if isinstance(node, ast.Constant):
            return node.value if isinstance(node.value, str) else None
        if isinstance(node, ast.Name):
            if node.id in self.values:
                return self.values[node.id]
            if node.id in self.imports and self.lookup is not None:
                return self.lookup(*self.imports[node.id])
            return None
        if isinstance(node, ast.JoinedStr):
            parts = []
            for part in node.values:
                inner = part.value if isinstance(part, ast.FormattedValue) else part
                if isinstance(part, ast.FormattedValue) and (
                    part.format_spec or part.conversion > 0
                ):
                    return None
                text = self.value(inner)
                if not isinstance(text, str):
                    return None
                parts.append(text)
            return "".join(parts)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = self.value(node.left), self.value(node.right)
            return left + right if isinstance(left, str) and isinstance(right, str) else None
        if isinstance(node, ast.List | ast.Tuple | ast.Set):
            items = [self.value(e) for e in node.elts]
            return items if all(isinstance(i, str) for i in items) else None
        return None

    def text(self, node: ast.expr | None) -> str | None:
        found = self.value(node)
        return found if isinstance(found, str) else None

    def methods(self, node: ast.expr | None, default: list[str]) -> list[str] | None:
        if node is None:
            return default
        found = self.value(node)
        if isinstance(found, list):
            return sorted({str(m).upper() for m in found})
        return None


def _keyword(call: ast.Call, name: str) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == name), None)


def _name(node: ast.expr) -> str | None:
    """``router`` or ``module.router`` as written, None for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        head = _name(node.value)
        return None if head is None else f"{head}.{node.attr}"
    return None


_Event = tuple[int, int, Registration | Include]


def _decorated(
    node: ast.FunctionDef | ast.AsyncFunctionDef,
    mod: PyModule,
    c: Constants,
    guards: tuple[str, ...] = (),
) -> Iterator[_Event]:
    """``@X.get("/p")``, ``@X.api_route("/p", methods=[...])``, ``@X.websocket("/p")``.

    Stacked decorators apply bottom up, so the lowest registers first: each is placed at
    the first decorator's line, ordered by the negated index."""
    first = node.decorator_list[0].lineno if node.decorator_list else node.lineno
    for index, deco in enumerate(node.decorator_list):
        if not (isinstance(deco, ast.Call) and isinstance(deco.func, ast.Attribute)):
            continue
        receiver = _name(deco.func.value)
        verb = deco.func.attr
        if receiver is None or verb not in {*HTTP_METHODS, "api_route", "websocket"}:
            continue
        path = c.text(deco.args[0] if deco.args else _keyword(deco, "path"))
        methods: list[str] | None = [verb.upper()]
        if verb == "api_route":
            methods = c.methods(_keyword(deco, "methods"), ["GET"])
        elif verb == "websocket":
            methods = ["WEBSOCKET"]
        if path is None or methods is None:
            mod.skipped.append(f"{mod.file}:{deco.lineno} @{receiver}.{verb}(...)")
            continue
        reg = Registration(receiver, methods, path, deco.lineno, "decorator", guards)
        yield first, -index, reg


def _called(
    node: ast.Call, mod: PyModule, c: Constants, guards: tuple[str, ...] = ()
) -> Iterator[_Event]:
    """``X.add_api_route("/p", f, methods=[...])`` and ``X.include_router(Y, prefix="/p")``."""
    if not isinstance(node.func, ast.Attribute):
        return
    receiver = _name(node.func.value)
    verb = node.func.attr
    where = f"{mod.file}:{node.lineno}"
    if receiver is None:
        return
    if verb in {"add_api_route", "add_route", "add_api_websocket_route"}:
        path = c.text(node.args[0] if node.args else _keyword(node, "path"))
        methods: list[str] | None = ["WEBSOCKET"]
        if verb != "add_api_websocket_route":
            methods = c.methods(_keyword(node, "methods"), ["GET"])
        if path is None or methods is None:
            mod.skipped.append(f"{where} {receiver}.{verb}(...)")
            return
        reg = Registration(receiver, methods, path, node.lineno, verb, guards)
        yield node.lineno, node.col_offset, reg
    elif verb == "include_router" and node.args:
        source = _name(node.args[0])
        given = _keyword(node, "prefix")
        prefix = c.text(given)
        if source is None or (prefix is None and given is not None):
            mod.skipped.append(f"{where} {receiver}.include_router(...)")
            return
        yield node.lineno, node.col_offset, Include(receiver, source, prefix or "", node.lineno)


def _conditions(node: ast.AST, parents: Mapping[ast.AST, ast.AST], file: str) -> tuple[str, ...]:
    """The ``if`` tests around ``node`` inside its function (outermost first), ``not (...)``
    for an ``else``; the function's own callers' conditions are the caller's to add."""
    found: list[str] = []
    child, parent = node, parents.get(node)
    while parent is not None and not isinstance(parent, ast.FunctionDef | ast.AsyncFunctionDef):
        if isinstance(parent, ast.If) and child is not parent.test:
            test = f"{file}:{parent.lineno}: {ast.unparse(parent.test)}"
            found.append(test if child in parent.body else f"not {test}")
        child, parent = parent, parents.get(parent)
    return tuple(reversed(found))


def read_python(
    source: str, file: str, package: str = "", lookup: Lookup | None = None
) -> PyModule:
    """The routers, route registrations and includes of one module, in source order.

    Every ``X = APIRouter(...)`` anywhere in the module is a router; ``@X.get("/p")`` (and the
    other methods, ``api_route`` and ``websocket``), ``X.add_api_route("/p", ...)`` and
    ``X.include_router(Y, prefix="/p")`` on any receiver are registrations. A registration
    whose path is not a string literal is kept in ``skipped`` (the render decides). A
    relative import is resolved against ``package``, the module's own package.
    """
    tree = ast.parse(source, filename=file)
    mod = PyModule(file=file)
    events: list[_Event] = []
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(p for p in (*parts, base) if p)
            for alias in node.names:
                mod.imports[alias.asname or alias.name] = (base, alias.name)
    consts = Constants(mod.imports, lookup)
    for stmt in tree.body:  # module-level constants, in order (later ones may use earlier)
        if isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None:
            targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
            found = consts.value(stmt.value)
            for target in targets:
                if isinstance(target, ast.Name) and found is not None:
                    consts.values[target.id] = found
    mod.consts = consts.values
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            continue
        if (
            isinstance(node, ast.Assign | ast.AnnAssign)
            and isinstance(node.value, ast.Call)
            and _name(node.value.func) in {"APIRouter", "fastapi.APIRouter", "FastAPI"}
        ):
            prefix = consts.text(_keyword(node.value, "prefix")) or ""
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    mod.routers[target.id] = (prefix, node.lineno)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            events.extend(_decorated(node, mod, consts, _conditions(node, parents, file)))
        elif isinstance(node, ast.Call):
            events.extend(_called(node, mod, consts, _conditions(node, parents, file)))
    for _line, _col, item in sorted(events, key=lambda e: (e[0], e[1])):
        if isinstance(item, Registration):
            mod.order.append(("route", len(mod.registrations)))
            mod.registrations.append(item)
        else:
            mod.order.append(("include", len(mod.includes)))
            mod.includes.append(item)
    return mod


def module_file(module: str) -> str:
    """``litellm.proxy.x`` -> ``litellm/proxy/x.py`` (a package's ``__init__.py`` is tried
    by :class:`PyReader`)."""
    return module.replace(".", "/") + ".py"


class PyReader:
    """Follows ``include_router`` through a package's modules, in registration order."""

    def __init__(self, archive: Archive) -> None:
        self.archive = archive
        self.modules: dict[str, PyModule] = {}
        self.files: list[str] = []
        self._reading: set[str] = set()

    def constant(self, module: str, name: str) -> object:
        """The value of constant ``name`` of ``module`` (following re-exports), or None."""
        if module in self._reading:
            return None  # an import cycle: not a constant this reader can tell
        try:
            mod = self.module(module)
        except ExtractError:
            return None  # not a module of the archive (fastapi, the standard library)
        if name in mod.consts:
            return mod.consts[name]
        if name in mod.imports:
            return self.constant(*mod.imports[name])
        return None

    def module(self, name: str) -> PyModule:
        """The module named ``name`` (dotted), or its package's ``__init__.py``."""
        if name not in self.modules:
            file = module_file(name)
            package = name.rpartition(".")[0]
            if file not in self.archive.names():
                file = name.replace(".", "/") + "/__init__.py"
                package = name
            text = self.archive.text(file)
            self._reading.add(name)
            try:
                self.modules[name] = read_python(text, file, package, self.constant)
            finally:
                self._reading.discard(name)
            self.files.append(file)
        return self.modules[name]

    def resolve(self, mod_name: str, expr: str) -> tuple[str, str]:
        """The (module, router variable) an expression in ``mod_name`` names."""
        mod = self.module(mod_name)
        head, _, rest = expr.partition(".")
        if not rest and head in mod.routers:
            return mod_name, head
        if head in mod.imports:
            source, attr = mod.imports[head]
            if rest:  # `from pkg import module` then `module.router`
                return self.resolve(f"{source}.{attr}", rest)
            target = self.module(source)
            if attr in target.routers:
                return source, attr
            if attr in target.imports:  # re-exported
                return self.resolve(source, attr)
            return self.resolve(f"{source}.{attr}", "router")  # a submodule imported by name
        raise ExtractError(f"{mod.file}: cannot tell which router {expr!r} is")

    def routes(
        self, mod_name: str, router: str, prefix: str = "", seen: tuple[str, ...] = ()
    ) -> Iterator[RouteRow]:
        """Every route of ``router`` in ``mod_name``, as the app that includes it under
        ``prefix`` serves it, in the order FastAPI copies them (registration order)."""
        key = f"{mod_name}:{router}"
        if key in seen:
            raise ExtractError(f"{key} includes itself")
        mod = self.module(mod_name)
        own = mod.routers.get(router, ("", 0))[0]
        for kind, index in mod.order:
            if kind == "route":
                reg = mod.registrations[index]
                if reg.router != router:
                    continue
                row: RouteRow = {
                    "file": mod.file,
                    "line": reg.line,
                    "methods": reg.methods,
                    "path": prefix + own + reg.path,
                    "how": reg.how,
                    "router": key,
                }
                if reg.guards:
                    row["guards"] = list(reg.guards)
                yield row
            else:
                inc = mod.includes[index]
                if inc.target != router:
                    continue
                source_mod, source_router = self.resolve(mod_name, inc.source)
                yield from self.routes(
                    source_mod, source_router, prefix + own + inc.prefix, (*seen, key)
                )


# --- LiteLLM: the app's routes in the order Starlette tries them ---------------------------

LITELLM_APP = "litellm.proxy.proxy_server"
LITELLM_LAZY = "litellm/proxy/_lazy_features.py"
LITELLM_PRIORITY = "litellm/proxy/route_priority.py"


def _call_name(node: ast.expr) -> str | None:
    return _name(node.func) if isinstance(node, ast.Call) else None


def _lazy_features(source: str) -> list[dict[str, object]]:
    """``LAZY_FEATURES`` of _lazy_features.py: each feature's name, module and how it
    registers (``_include_router(attr)``, ``_mount_app(prefix, attr)`` or a function)."""
    tree = ast.parse(source, filename=LITELLM_LAZY)
    found: list[dict[str, object]] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.AnnAssign | ast.Assign) and isinstance(node.value, ast.Tuple)):
            continue
        target = node.target if isinstance(node, ast.AnnAssign) else node.targets[0]
        if not (isinstance(target, ast.Name) and target.id == "LAZY_FEATURES"):
            continue
        for call in node.value.elts:
            if _call_name(call) != "LazyFeature":
                raise ExtractError(f"{LITELLM_LAZY}:{call.lineno}: not a LazyFeature(...)")
            assert isinstance(call, ast.Call)  # noqa: S101 - narrowed by _call_name
            feature: dict[str, object] = {
                "name": _const_str(_keyword(call, "name")),
                "module": _const_str(_keyword(call, "module_path")),
                "line": call.lineno,
                "register": "include router",
                "attr": "router",
            }
            register = _keyword(call, "register_fn")
            if isinstance(register, ast.Call) and _call_name(register) == "_include_router":
                feature["attr"] = _const_str(register.args[0]) if register.args else "router"
            elif isinstance(register, ast.Call) and _call_name(register) == "_mount_app":
                feature["register"] = "mount"
                feature["prefix"] = _const_str(register.args[0])
                feature["attr"] = _const_str(_keyword(register, "attr_name")) or "app"
            elif isinstance(register, ast.Name):
                feature["register"] = f"function {register.id}"
            elif register is not None:
                raise ExtractError(f"{LITELLM_LAZY}:{call.lineno}: register_fn not read")
            found.append(feature)
    if not found:
        raise ExtractError(f"{LITELLM_LAZY}: no LAZY_FEATURES")
    return found


def _hot_paths(source: str) -> list[str]:
    """``HOT_ROUTE_PATHS`` of route_priority.py, in source order."""
    for node in ast.walk(ast.parse(source, filename=LITELLM_PRIORITY)):
        if isinstance(node, ast.AnnAssign) and _name(node.target) == "HOT_ROUTE_PATHS":
            args = node.value.args if isinstance(node.value, ast.Call) else []
            if args and isinstance(args[0], ast.Tuple):
                paths = [_const_str(e) for e in args[0].elts]
                if all(p is not None for p in paths):
                    return [cast(str, p) for p in paths]
    raise ExtractError(f"{LITELLM_PRIORITY}: HOT_ROUTE_PATHS not read")


def _skill_hub(reader: PyReader, module: str) -> list[RouteRow]:
    """``_include_skill_hub``: the module's router, then two more routers it imports."""
    rows = list(reader.routes(module, "router"))
    for extra in (
        "litellm.proxy.discovery_endpoints.skill_hub_submissions",
        "litellm.proxy.discovery_endpoints.skill_scanning",
    ):
        rows += reader.routes(extra, "router")
    return rows


def read_litellm(  # noqa: PLR0915 - one pass over the steps its docstring lists
    reader: PyReader, archive: Archive
) -> tuple[list[RouteRow], list[str], dict[str, object]]:
    """LiteLLM's routes, in the order Starlette tries them in the default configuration.

    1. FastAPI's own routes (openapi_url, docs_url, its oauth2 redirect, redoc_url: the
       defaults of proxy/utils.py get_*_url), then ``@app...`` registrations and
       ``app.include_router(...)`` of proxy_server.py in source order;
    2. the lazy features (_lazy_features.py ``LAZY_FEATURES``), which register on the first
       request for their prefix in *registry order*: at the slot ``reserve_lazy_slot``
       recorded, or else after every eager route (``_in_registry_order``);
    3. ``hot_routes_first``: the routes whose path is in ``HOT_ROUTE_PATHS``, first.
    """
    app = reader.module(LITELLM_APP)
    source = archive.text(app.file)
    tree = ast.parse(source, filename=app.file)
    created = next(
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Assign)
        and _name(n.targets[0]) == "app"
        and _call_name(n.value) == "FastAPI"
    )
    slots = {
        cast(str, _const_str(n.args[1])): n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and _call_name(n) == "reserve_lazy_slot" and len(n.args) > 1
    }

    def fastapi_row(path: str, what: str) -> RouteRow:
        how = f"FastAPI({what}) default"
        row: RouteRow = {
            "file": app.file,
            "line": created,
            "methods": ["GET"],
            "path": path,
            "how": how,
            "router": f"{LITELLM_APP}:app",
        }
        return row

    rows: list[RouteRow] = [
        fastapi_row("/openapi.json", "openapi_url"),
        fastapi_row("/", "docs_url"),
        fastapi_row("/docs/oauth2-redirect", "swagger_ui_oauth2_redirect_url"),
        fastapi_row("/redoc", "redoc_url"),
    ]
    top_lines: list[int] = [created] * len(rows)  # the app-level line each row comes from
    for kind, index in app.order:
        if kind == "route":
            reg = app.registrations[index]
            if reg.router != "app":
                continue
            rows.append(
                {
                    "file": app.file,
                    "line": reg.line,
                    "methods": reg.methods,
                    "path": reg.path,
                    "how": reg.how,
                    "router": f"{LITELLM_APP}:app",
                }
            )
            top_lines.append(reg.line)
        else:
            inc = app.includes[index]
            if inc.target != "app":
                continue
            mod_name, router = reader.resolve(LITELLM_APP, inc.source)
            found = list(reader.routes(mod_name, router, inc.prefix))
            rows += found
            top_lines += [inc.line] * len(found)
    features = _lazy_features(archive.text(LITELLM_LAZY))
    lazy_at_slot: dict[int, list[RouteRow]] = {}
    lazy_after: list[RouteRow] = []
    for feature in features:
        module = cast(str, feature["module"])
        if feature["register"] == "mount":
            prefix = cast(str, feature["prefix"])
            mount: RouteRow = {
                "file": LITELLM_LAZY,
                "line": cast(int, feature["line"]),
                "methods": ["*"],
                "path": prefix + "/{path:path}",
                "how": "Mount",
                "router": f"{module}:{feature['attr']}",
            }
            found = [mount]
        elif feature["register"] == "function _include_skill_hub":
            found = _skill_hub(reader, module)
        elif feature["register"] == "include router":
            found = list(reader.routes(module, cast(str, feature["attr"])))
        else:
            raise ExtractError(f"{LITELLM_LAZY}:{feature['line']}: {feature['register']}")
        for row in found:
            row["how"] += f" (lazy feature {feature['name']})"
        slot = slots.get(cast(str, feature["name"]))
        if slot is None:
            lazy_after += found
        else:
            lazy_at_slot.setdefault(slot, []).extend(found)
    # attach_lazy_features(app) includes the warm-up router (_make_warmup_router) there.
    attach = next(
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and _call_name(n) == "attach_lazy_features"
    )
    warm = list(reader.routes("litellm.proxy._lazy_features", "router"))
    split = next((i for i, line in enumerate(top_lines) if line > attach), len(rows))
    rows[split:split] = warm
    top_lines[split:split] = [attach] * len(warm)
    ordered: list[RouteRow] = []
    pending = sorted(lazy_at_slot.items())
    for row, line in zip(rows, top_lines, strict=True):
        while pending and pending[0][0] < line:
            ordered += pending.pop(0)[1]
        ordered.append(row)
    for _slot, found in pending:
        ordered += found
    ordered += lazy_after
    # hot_routes_first moves the app's own Route objects whose path is hot; FastAPI 0.165
    # keeps an included router as one _IncludedRouter entry, which is not a Route, so the
    # hot paths registered through include_router stay where they are (seen at run time).
    hot = _hot_paths(archive.text(LITELLM_PRIORITY))

    def is_hot(row: RouteRow) -> bool:
        return row["path"] in hot and row["router"] == f"{LITELLM_APP}:app"

    ordered = [r for r in ordered if is_hot(r)] + [r for r in ordered if not is_hot(r)]
    facts: dict[str, object] = {
        "hot_route_paths": hot,
        "lazy_slots": slots,
        "lazy_features": features,
        "skipped": sorted(s for m in reader.modules.values() for s in m.skipped),
    }
    files = sorted({*reader.files, LITELLM_LAZY, LITELLM_PRIORITY})
    return ordered, files, facts


# --- vLLM: follow the register functions from build_app, keeping their conditions --------

VLLM_BUILD = ("vllm.entrypoints.launchers.app", "build_app")


def _guarded(
    body: Sequence[ast.stmt], guards: tuple[str, ...], file: str
) -> Iterator[tuple[ast.stmt, tuple[str, ...]]]:
    """Each simple statement of ``body`` in order, with the ``if`` conditions it is under
    (``not (...)`` for an ``else``); ``try``/``with`` bodies are walked as they are."""
    for stmt in body:
        if isinstance(stmt, ast.If):
            test = f"{file}:{stmt.lineno}: {ast.unparse(stmt.test)}"
            yield from _guarded(stmt.body, (*guards, test), file)
            yield from _guarded(stmt.orelse, (*guards, f"not {test}"), file)
            if stmt.body and isinstance(stmt.body[-1], ast.Return) and not stmt.orelse:
                # `if c: ...; return` guards the rest of the body with `not c`.
                guards = (*guards, f"not {test}")
        elif isinstance(stmt, ast.Try | ast.With | ast.AsyncWith):
            yield from _guarded(stmt.body, guards, file)
        else:
            yield stmt, guards


def _function(tree: ast.Module, name: str) -> ast.FunctionDef | None:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return node
    return None


class CallReader:
    """Follows the functions that receive the app, from ``build_app`` down, and yields the
    routes of every router they include with the conditions on the way."""

    def __init__(self, reader: PyReader) -> None:
        self.reader = reader
        self.calls: list[str] = []  # "file:line function" of every function followed

    def walk(
        self, module: str, function: str, app: str, guards: tuple[str, ...] = (), depth: int = 0
    ) -> Iterator[tuple[RouteRow, tuple[str, ...]]]:
        if depth > 12:
            raise ExtractError(f"{module}.{function}: register calls nested too deep")
        mod = self.reader.module(module)
        tree = ast.parse(self.reader.archive.text(mod.file), filename=mod.file)
        func = _function(tree, function)
        if func is None:
            raise ExtractError(f"{mod.file}: no function {function}")
        self.calls.append(f"{mod.file}:{func.lineno} {function}")
        package = module if mod.file.endswith("__init__.py") else module.rpartition(".")[0]
        local = dict(mod.imports)
        for stmt, conds in _guarded(func.body, guards, mod.file):
            if isinstance(stmt, ast.ImportFrom):
                base = stmt.module or ""
                if stmt.level:
                    parts = package.split(".")[: len(package.split(".")) - (stmt.level - 1)]
                    base = ".".join(p for p in (*parts, base) if p)
                for alias in stmt.names:
                    local[alias.asname or alias.name] = (base, alias.name)
                continue
            if isinstance(stmt, ast.For):
                yield from self._copied(module, mod, stmt, app=app, local=local, conds=conds)
                continue
            for call in (n for n in ast.walk(stmt) if isinstance(n, ast.Call)):
                yield from self._call(
                    module, mod, call, app=app, local=local, conds=conds, depth=depth
                )

    def _copied(
        self,
        module: str,
        mod: PyModule,
        loop: ast.For,
        *,
        app: str,
        local: dict[str, tuple[str, str]],
        conds: tuple[str, ...],
    ) -> Iterator[tuple[RouteRow, tuple[str, ...]]]:
        """``for route in (*a.routes, *b.routes): app.add_api_route(route.path, h, ...)``:
        the routes of those routers registered again on the app, with another handler."""
        adds = [
            n
            for n in ast.walk(loop)
            if isinstance(n, ast.Call)
            and isinstance(n.func, ast.Attribute)
            and _name(n.func.value) == app
            and n.func.attr == "add_api_route"
        ]
        if not adds:  # a loop adding middleware, not routes
            return
        sources = loop.iter.elts if isinstance(loop.iter, ast.Tuple) else []
        names = [
            _name(e.value.value)
            for e in sources
            if isinstance(e, ast.Starred)
            and isinstance(e.value, ast.Attribute)
            and e.value.attr == "routes"
        ]
        handler = _name(adds[0].args[1]) if len(adds[0].args) > 1 else None
        if not names or None in names or len(names) != len(sources) or handler is None:
            raise ExtractError(f"{mod.file}:{loop.lineno}: a loop registering routes not read")
        for name in names:
            for row in self.reader.routes(*self._router(module, mod, cast(str, name), local)):
                how = f"{app}.add_api_route(route.path, {handler}) in the loop at {loop.lineno}"
                yield {**row, "how": how, "line": adds[0].lineno, "file": mod.file}, conds

    def _call(
        self,
        module: str,
        mod: PyModule,
        call: ast.Call,
        *,
        app: str,
        local: dict[str, tuple[str, str]],
        conds: tuple[str, ...],
        depth: int,
    ) -> Iterator[tuple[RouteRow, tuple[str, ...]]]:
        func = call.func
        if isinstance(func, ast.Attribute) and _name(func.value) == app:
            yield from self._on_app(module, mod, call, func.attr, app=app, local=local, conds=conds)
            return
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "append"
            and _name(func.value) == f"{app}.routes"
        ):
            yield from self._appended(module, mod, call, app, conds)
            return
        if not isinstance(func, ast.Name):
            return
        positions = [i for i, a in enumerate(call.args) if _name(a) == app]
        if not positions:
            return
        if func.id in local:
            target_module, target_function = local[func.id]
        elif _function(self._tree(module), func.id) is not None:  # a function of this module
            target_module, target_function = module, func.id
        else:
            return
        tree = self._tree(target_module)
        target = _function(tree, target_function)
        if target is None:  # re-exported: follow the import
            imports = self.reader.module(target_module).imports
            if target_function in imports:
                target_module, target_function = imports[target_function]
                target = _function(self._tree(target_module), target_function)
            if target is None:
                raise ExtractError(f"{mod.file}:{call.lineno}: {func.id} not found")
        param = target.args.args[positions[0]].arg
        yield from self.walk(target_module, target_function, param, conds, depth + 1)

    def _appended(
        self, module: str, mod: PyModule, call: ast.Call, app: str, conds: tuple[str, ...]
    ) -> Iterator[tuple[RouteRow, tuple[str, ...]]]:
        """``app.routes.append(x)`` where ``x = Mount("/p", ...)``: a mount at /p."""
        name = _name(call.args[0]) if call.args else None
        for node in ast.walk(self._tree(module)):
            if (
                isinstance(node, ast.Assign)
                and _name(node.targets[0]) == name
                and _call_name(node.value) == "Mount"
            ):
                path = _const_str(cast(ast.Call, node.value).args[0])
                if path is not None:
                    row: RouteRow = {
                        "file": mod.file,
                        "line": node.lineno,
                        "methods": ["*"],
                        "path": path + "/{path:path}",
                        "how": f"Mount appended to {app}.routes at {call.lineno}",
                        "router": f"{module}:{app}",
                    }
                    yield row, conds
                    return
        raise ExtractError(f"{mod.file}:{call.lineno}: {app}.routes.append(?) not read")

    def _tree(self, module: str) -> ast.Module:
        mod = self.reader.module(module)
        return ast.parse(self.reader.archive.text(mod.file), filename=mod.file)

    def _on_app(
        self,
        module: str,
        mod: PyModule,
        call: ast.Call,
        verb: str,
        *,
        app: str,
        local: dict[str, tuple[str, str]],
        conds: tuple[str, ...],
    ) -> Iterator[tuple[RouteRow, tuple[str, ...]]]:
        """``app.include_router(r, prefix=...)``, ``app.mount("/p", ...)``, ``@app.get("/p")``."""
        c = Constants(local, self.reader.constant)
        if verb == "include_router" and call.args:
            source = _name(call.args[0])
            if source is None:
                raise ExtractError(f"{mod.file}:{call.lineno}: include_router(?)")
            prefix = c.text(_keyword(call, "prefix")) or ""
            for found in self.reader.routes(*self._router(module, mod, source, local), prefix):
                yield found, conds
        elif verb in {"mount", *HTTP_METHODS}:
            path = c.text(call.args[0] if call.args else _keyword(call, "path"))
            if path is None:
                mod.skipped.append(f"{mod.file}:{call.lineno} {app}.{verb}(...)")
                return
            mount = verb == "mount"  # any method, /p/ and below
            row: RouteRow = {
                "file": mod.file,
                "line": call.lineno,
                "methods": ["*"] if mount else [verb.upper()],
                "path": path + "/{path:path}" if mount else path,
                "how": "Mount" if mount else "decorator",
                "router": f"{module}:{app}",
            }
            yield row, conds
        elif verb in {"add_api_route", "add_route", "api_route"}:
            raise ExtractError(f"{mod.file}:{call.lineno}: {app}.{verb} not read")

    def _router(
        self, module: str, mod: PyModule, source: str, local: dict[str, tuple[str, str]]
    ) -> tuple[str, str]:
        head = source.partition(".")[0]
        if head in mod.routers or head not in local:
            return self.reader.resolve(module, source)
        target_module, attr = local[head]
        target = self.reader.module(target_module)
        if attr in target.routers:
            return target_module, attr
        return self.reader.resolve(target_module, attr)


def read_vllm(
    reader: PyReader, archive: Archive
) -> tuple[list[RouteRow], list[str], dict[str, object]]:
    """vLLM's routes as ``build_app`` (launchers/app.py) registers them: FastAPI's own (its
    defaults, ``args.disable_fastapi_docs`` off), then every router the functions it calls
    include, each row with the ``if`` conditions it is registered under (``guards``)."""
    module, function = VLLM_BUILD
    calls = CallReader(reader)
    mod = reader.module(module)
    line = next(
        n.lineno
        for n in ast.walk(ast.parse(archive.text(mod.file)))
        if isinstance(n, ast.Assign)
        and _call_name(n.value) == "FastAPI"
        and not cast(ast.Call, n.value).keywords[:-1]
    )
    rows: list[RouteRow] = []
    for path in ("/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"):
        rows.append(
            {
                "file": mod.file,
                "line": line,
                "methods": ["GET"],
                "path": path,
                "how": "FastAPI() default",
                "router": f"{module}:app",
                "guards": [],
            }
        )
    for row, guards in calls.walk(module, function, "app"):
        rows.append({**row, "guards": [*guards, *row.get("guards", [])]})
    facts: dict[str, object] = {
        "followed": calls.calls,
        "skipped": sorted(s for m in reader.modules.values() for s in m.skipped),
    }
    return rows, sorted(set(reader.files)), facts


# --- JavaScript (hono) ---------------------------------------------------------------------


def _js_parser() -> Any:
    """The tree-sitter parser for JavaScript (imported here: only the extract step needs it)."""
    try:
        ts = importlib.import_module("tree_sitter")
        tsj = importlib.import_module("tree_sitter_javascript")
    except ImportError as exc:
        raise ExtractError(
            "reading JavaScript needs `pip install tree-sitter tree-sitter-javascript`"
        ) from exc
    return ts.Parser(ts.Language(tsj.language()))


def _js_calls(root: Any) -> Iterator[Any]:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "call_expression":
            yield node
        stack.extend(reversed(node.children))


def _js_string(node: Any) -> str | None:
    if node.type != "string":
        return None
    text = cast(bytes, node.text).decode("utf-8")
    if "\\" in text:
        return None
    return text[1:-1]


def hono_join(base: str, sub: str) -> str:
    """hono's ``mergePath`` (hono 4 src/utils/url.ts): a sub-app's ``/`` is the base itself."""
    if sub == "/":
        return base
    return base.rstrip("/") + "/" + sub.lstrip("/")


def read_hono(source: str, file: str) -> list[RouteRow]:
    """The routes of a hono app: ``const x = new Hono()``, ``x.get("/p", ...)`` (and the other
    methods), ``x.route("/base", sub)``; ``server`` is the app served. Route order is the
    order hono's ``route()`` copies them: the served app's own registrations and each mounted
    sub-app's routes (registered before the mount), in source order."""
    tree = _js_parser().parse(source.encode("utf-8"))
    apps: dict[str, list[RouteRow]] = {}
    for node in _walk(tree.root_node):
        if node.type == "variable_declarator":
            value = node.child_by_field_name("value")
            name = node.child_by_field_name("name")
            if value is not None and value.type == "new_expression" and name is not None:
                ctor = value.child_by_field_name("constructor")
                if ctor is not None and ctor.text == b"Hono":
                    apps[name.text.decode()] = []
    served: list[str] = []
    for call in sorted(_js_calls(tree.root_node), key=lambda n: n.start_byte):
        func = call.child_by_field_name("function")
        if func is None or func.type != "member_expression":
            continue
        obj = func.child_by_field_name("object")
        prop = func.child_by_field_name("property")
        if obj is None or prop is None or obj.text.decode() not in apps:
            continue
        app, verb = obj.text.decode(), prop.text.decode()
        args = list(call.child_by_field_name("arguments").named_children)
        line = call.start_point[0] + 1
        if verb in {*HTTP_METHODS, "all"}:
            path = _js_string(args[0]) if args else None
            if path is None:
                raise ExtractError(f"{file}:{line}: {app}.{verb} without a literal path")
            method = "*" if verb == "all" else verb.upper()
            row: RouteRow = {
                "file": file,
                "line": line,
                "methods": [method],
                "path": path,
                "how": f"{app}.{verb}",
                "router": app,
            }
            apps[app].append(row)
        elif verb == "route":
            base = _js_string(args[0]) if args else None
            if base is None or len(args) != 2 or args[1].text.decode() not in apps:
                raise ExtractError(f"{file}:{line}: {app}.route(...) not read")
            for sub in apps[args[1].text.decode()]:
                mounted: RouteRow = {
                    **sub,
                    "path": hono_join(base, sub["path"]),
                    "how": f"{app}.route({base!r}) + {sub['how']}",
                    "mounted": line,
                }
                apps[app].append(mounted)
            served.append(app)
        elif verb in {"use", "notFound", "onError", "fire"}:
            continue
        elif verb in {"on", "mount", "basePath"}:
            raise ExtractError(f"{file}:{line}: {app}.{verb}(...) registrations are not read")
    if not served:
        raise ExtractError(f"{file}: no app mounts a sub-app: which one is served?")
    return apps[served[0]]


def _walk(root: Any) -> Iterator[Any]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


# --- extract ---------------------------------------------------------------------------------


def extract(spec: RegistrySpec, archive_path: Path) -> RouteData:
    archive = Archive(archive_path)
    facts: dict[str, object] = {}
    if spec.reader == "hono":
        routes = read_hono(archive.text(spec.entry), spec.entry)
        files = [spec.entry]
    else:
        routes, files, facts = PY_READERS[spec.reader](PyReader(archive), archive)
    return {
        "id": spec.id,
        "package": spec.package,
        "version": spec.version,
        "registry": spec.registry,
        "archive": archive_path.name,
        "sha256": archive.sha256,
        "generator": f"{GENERATOR} extract {spec.id}",
        "files": files,
        "facts": facts,
        "routes": routes,
    }


# --- render ----------------------------------------------------------------------------------

_STARLETTE_PARAM = re.compile(r"\{(\w+)(?::(\w+))?\}")
_HONO_PARAM = re.compile(r":(\w+)")
#: Starlette's convertors (starlette/convertors.py): the regex each parameter type takes.
_CONVERTORS = {"str": "[^/]+", "path": ".*", "int": "[0-9]+", "float": r"[0-9]+(\.[0-9]+)?"}
_CONVERTORS["uuid"] = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
#: What a parameter of each type is replaced with in the sample paths of :func:`covers`:
#: texts no route spells as a static segment.
_SAMPLES = {"str": ["p0"], "path": ["c0", "c0/c1"], "int": ["0"], "float": ["0.5"]}
_SAMPLES["uuid"] = ["00000000-0000-0000-0000-000000000000"]


def agroutes_pattern(path: str, reader: str) -> str:
    """The source's parameter syntax in agroutes' own. Starlette: ``{name}`` stays; a
    ``{name:path}`` ending the path (any rest, slashes included) is the catch-all
    ``{*name}``; one inside the path, which agroutes cannot write, takes one segment here
    (``/openai/deployments/{model:path}/chat/completions``: a deployment name is one
    segment; the tables' notes say so); other convertors (``int``, ``uuid``) take one
    segment. hono: ``:name`` is ``{name}``."""
    if reader == "hono":
        return _HONO_PARAM.sub(r"{\1}", path)

    def one(m: re.Match[str]) -> str:
        last = m.end() == len(path) and m[0] != path and path[m.start() - 1] == "/"
        return f"{{*{m[1]}}}" if m[2] == "path" and last else f"{{{m[1]}}}"

    return _STARLETTE_PARAM.sub(one, path)


def _regex(path: str, reader: str) -> re.Pattern[str]:
    """The regex the framework matches a path with (Starlette's compile_path)."""
    if reader == "hono":
        return re.compile("^" + _HONO_PARAM.sub("[^/]+", re.escape(path)) + "$")
    out, at = "^", 0
    for m in _STARLETTE_PARAM.finditer(path):
        out += re.escape(path[at : m.start()]) + f"(?:{_CONVERTORS[m[2] or 'str']})"
        at = m.end()
    return re.compile(out + re.escape(path[at:]) + "$")


def _samples(path: str, reader: str) -> list[str]:
    """Paths ``path`` matches, one per way its parameters can be filled from _SAMPLES."""
    if reader == "hono":
        return [_HONO_PARAM.sub("p0", path)]
    found = [""]
    at = 0
    for m in _STARLETTE_PARAM.finditer(path):
        static = path[at : m.start()]
        found = [f + static + v for f in found for v in _SAMPLES[m[2] or "str"]]
        at = m.end()
    return [f + path[at:] for f in found]


def covers(first: str, later: str, reader: str = "starlette") -> bool:
    """Does ``first`` (a source path) match every path ``later`` matches? Tried on sample
    paths of ``later`` whose parameters take texts no route spells."""
    regex = _regex(first, reader)
    return all(regex.match(sample) for sample in _samples(later, reader))


def shadowed(rows: Sequence[tuple[str, str]], reader: str = "starlette") -> dict[int, int]:
    """Starlette's rule, first registered wins: for each ``(method, source path)`` row whose
    every request an earlier row of the same method (or any method) takes, the index of
    that row."""
    out: dict[int, int] = {}
    for i, (method, path) in enumerate(rows):
        for j in range(i):
            other_method, other = rows[j]
            if j in out:
                continue
            if other_method in {method, "*"} and covers(other, path, reader):
                out[i] = j
                break
    return out


def _entry(method: str, pattern: str, assigned: Assignment, source: str) -> dict[str, object]:
    operation, protocols = assigned
    entry: dict[str, object] = {"methods": [method], "pattern": pattern}
    if len(protocols) > 1:
        entry["protocols"] = list(protocols)
    else:
        entry["protocol"] = protocols[0] if protocols else None
    return entry | {"operation": operation, "source": source}


def assign(spec: RegistrySpec, method: str, pattern: str) -> Assignment:
    found = spec.mapping.get((method, pattern))
    if found is not None:
        return found
    if looks_like_ai(pattern):
        raise RenderError(
            f"{spec.id}: no operation for {method} {pattern}, which looks like an AI API: "
            "add it to tools/registry_specs.py"
        )
    return spec.other(method, pattern)


_REGISTRIES = {"pypi": "PyPI", "npm": "npm"}


def holds(spec: RegistrySpec, row: RouteRow) -> bool:
    """Is the row registered in the configuration the table describes? Its conditions are
    read in order, up to the first one that is false; one the spec has no value for stops
    the render (a new condition is looked at, not guessed)."""
    if spec.assume is None:
        return True
    for guard in row.get("guards", []):
        negated = guard.startswith("not ")
        test = guard.removeprefix("not ")
        if test not in spec.assume:
            raise RenderError(f"{spec.id}: no value for the condition {test!r}")
        if spec.assume[test] is negated:
            return False
    return True


#: How a forwarding catch-all ends (Starlette): the rest of the path, slashes included.
_FORWARDED_REST = "/{endpoint:path}"


def forwarded(
    forward: Forward, method: str, prefix: str, root: Path = ROOT
) -> Iterator[tuple[str, Assignment, str]]:
    """The routes of ``forward.upstream`` (its generated table, in its order) that take
    ``method``, under ``prefix``, in Starlette's syntax: ``(path, assignment, upstream
    pattern)``; with ``forward.optional``, each route under it also without it."""
    doc = json.loads((root / f"src/agroutes/data/{forward.upstream}.json").read_text("utf-8"))
    for route in doc["routes"]:
        if method not in route["methods"] and "*" not in route["methods"]:
            continue
        protocols = route.get("protocols") or [route.get("protocol")]
        assigned = (route["operation"], tuple(p for p in protocols if p))
        upstream = route["pattern"]
        path = _AGROUTES_CATCH_ALL.sub(r"{\1:path}", upstream)
        yield prefix + path, assigned, upstream
        optional = forward.optional
        if optional and path.startswith(optional + "/"):
            yield prefix + path.removeprefix(optional), assigned, upstream


_AGROUTES_CATCH_ALL = re.compile(r"\{\*(\w+)\}")


def _taken(
    written: Sequence[tuple[str, str]], method: str, prefix: str, path: str, reader: str
) -> bool:
    """Does a route written before (same method, under ``prefix`` or starting with a
    parameter) take every request ``path`` would?"""
    return any(
        m in {method, "*"}
        and (p.startswith(prefix + "/") or p.startswith("/{"))
        and covers(p, path, reader)
        for m, p in written
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def render(spec: RegistrySpec, root: Path = ROOT) -> str:
    """The text of ``src/agroutes/data/ID.json``, from the committed route data."""
    data = cast(RouteData, json.loads((root / spec.data_file).read_text(encoding="utf-8")))
    if data["version"] != spec.version or data["package"] != spec.package:
        raise RenderError(f"{spec.data_file} was read from another release")
    cite = f"@{spec.package}=={spec.version}"
    rows: list[tuple[str, str]] = []
    sources: list[str] = []
    for r in data["routes"]:
        if r["path"] in spec.drop or not holds(spec, r):
            continue
        for method in r["methods"]:
            if method == "WEBSOCKET":
                continue  # not an HTTP route: a plain HTTP request to it is a 404
            rows.append((method, r["path"]))
            mount = f", mounted at {r['file']}:{r['mounted']}" if "mounted" in r else ""
            sources.append(f"{r['file']}:{r['line']}{cite}{mount}")
    gone = shadowed(rows, spec.reader)
    routes = []
    written: list[tuple[str, str]] = []  # (method, source path) of each route, in order
    hidden: dict[str, int] = {}
    for i, (method, path) in enumerate(rows):
        if i in gone:
            continue
        forward = spec.expand.get(path)
        if forward is None:
            pattern = agroutes_pattern(path, spec.reader)
            routes.append(_entry(method, pattern, assign(spec, method, pattern), sources[i]))
            written.append((method, path))
            continue
        prefix = path.removesuffix(_FORWARDED_REST)
        for full, assigned, upstream in forwarded(forward, method, prefix, root):
            if _taken(written, method, prefix, full, spec.reader):
                hidden[prefix] = hidden.get(prefix, 0) + 1
                continue  # an earlier route answers it first (Starlette: first match wins)
            source = f"{sources[i]}, forwarded: {forward.upstream} {upstream}"
            routes.append(_entry(method, agroutes_pattern(full, spec.reader), assigned, source))
            written.append((method, full))
    unused = sorted(set(spec.expand) - {path for _, path in rows})
    if unused:
        raise RenderError(f"{spec.id}: forwarded but not registered: {unused}")
    made = (
        f"Generated by {GENERATOR} (render) from {spec.data_file}, which its extract step read "
        f"from {data['archive']} (sha256 {data['sha256'][:16]}…, {spec.registry} "
        f"{spec.package}=={spec.version}): {len(data['routes'])} registrations in "
        f"{_count(len(data['files']), 'file')}. Never edit by hand."
    )
    notes = [made, *spec.notes]
    if gone:
        dropped = "; ".join(
            f"{rows[i][0]} {rows[i][1]} ({sources[i].partition('@')[0]}) under "
            f"{rows[j][0]} {rows[j][1]} ({sources[j].partition('@')[0]})"
            for i, j in sorted(gone.items())
        )
        notes.append(
            "Starlette tries routes in registration order and the first one that matches "
            f"wins, so {len(gone)} registrations never answer and are left out, each shown "
            f"under the earlier route that takes every request it would: {dropped}."
        )
    if hidden:
        counts = ", ".join(f"{n} under {prefix}" for prefix, n in sorted(hidden.items()))
        notes.append(
            "Forwarded upstream routes left out because an earlier route takes every "
            f"request they would: {counts}."
        )
    doc = {
        "id": spec.id,
        "title": spec.title,
        # A plain text: "npm:name@version" would read as a user and password to redact().
        "source": (
            f"{_REGISTRIES[spec.registry]} {spec.package}=={spec.version} ({data['archive']}): "
            f"{_count(len(data['files']), 'file')} read, listed in {spec.data_file}"
        ),
        "router": spec.router,
        "origin": spec.origin,
        "quirks": spec.quirks,
        "notes": notes,
        "routes": routes,
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


# --- command line --------------------------------------------------------------------------

_BY_ID: Mapping[str, RegistrySpec] = {spec.id: spec for spec in SPECS}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else "")
    steps = parser.add_subparsers(dest="step", required=True)
    ext = steps.add_parser("extract", help="a registry archive -> tools/data/")
    ext.add_argument("table", choices=sorted(_BY_ID))
    ext.add_argument("archive", type=Path, help="the wheel or npm tarball of the pinned release")
    ren = steps.add_parser("render", help="tools/data/ -> src/agroutes/data/*.json")
    ren.add_argument("--check", action="store_true", help="exit 1 if a table would change")
    args = parser.parse_args(argv)
    try:
        if args.step == "extract":
            spec = _BY_ID[args.table]
            out = ROOT / spec.data_file
            out.write_text(dump_data(extract(spec, args.archive)), encoding="utf-8", newline="\n")
            print(out.relative_to(ROOT))
            return 0
        return _render_all(check=args.check)
    except (ExtractError, RenderError) as exc:
        print(f"{args.step}: {exc}", file=sys.stderr)
        return 1


def _render_all(*, check: bool) -> int:
    return render_all(SPECS, render, check=check)


Reader = Callable[[PyReader, Archive], tuple[list[RouteRow], list[str], dict[str, object]]]
PY_READERS: dict[str, Reader] = {"litellm": read_litellm, "vllm": read_vllm}

if __name__ == "__main__":
    sys.exit(main())
