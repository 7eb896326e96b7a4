"""Generate the upstream APIs' route tables in src/agroutes/data/ from their published
specifications (tools/api_specs.py says which, at which pinned commit or release).

Two steps, as tools/gen_tables.py does for the proxies:

``extract TABLE [GIT_DIR]``
    Reads one specification and writes its routes, each with the line it was read from, to
    the table's ``tools/data/`` file (only that trimmed data is committed):

    * ``openai-api``, ``openrouter``: the ``paths`` of an OpenAPI document (YAML, read line by
      line: two-space path keys, four-space method keys, their ``operationId``), served under
      the path of the document's first server URL. ``openai-api`` is checked against the
      same commit's ``openapi.json``. Paths that carry a query (``/responses?beta=true``) are
      skipped: a query is no part of a route.
    * ``gemini-api``: the ``google.api.http`` bindings of the Generative Language API's protos
      and service YAML files (``{model=models/*}:generateContent`` -> /models/{model}:...).
    * ``anthropic-api``: no GIT_DIR; the installed ``anthropic`` package at the pinned version,
      every ``self._get/_post/...`` call of its resources read with :mod:`ast`.
    * ``lm-studio``: the endpoint tables and lists of the vendor's documentation sources.

    Needs the specification at hand (a bare mirror of the repository, or the package); CI
    does not run it.

``render [--check]``
    Writes ``src/agroutes/data/ID.json`` for every table of :data:`api_specs.SPECS` from the
    committed data: the protocol and canonical operation of each route from the spec's
    mappings, every other operation from the specification's own name for it. The output is
    deterministic; ``tests/test_api_tables.py`` renders and compares byte for byte.

Usage, from the repository root::

    python tools/gen_api_tables.py extract openai-api /work/.mirror/openai+openai-openapi/repo
    python tools/gen_api_tables.py extract anthropic-api
    python tools/gen_api_tables.py render            # -> src/agroutes/data/*.json
    python tools/gen_api_tables.py render --check    # exit 1 if a table would change
"""

from __future__ import annotations

import argparse
import ast
import datetime
import importlib.metadata
import importlib.util
import json
import re
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TypedDict, cast
from urllib.parse import urlsplit

from api_specs import CANONICAL, GEMINI_PARAMS, PINS, SPECS, ApiSpec, spec
from gen_antigravity_admin import ExtractError, git
from gen_tables import render_all

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = "tools/gen_api_tables.py"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


class ApiRoute(TypedDict):
    method: str
    path: str  # as served, in agroutes' pattern syntax
    name: str  # the specification's own name for it
    source: str  # file:line


class Skipped(TypedDict):
    method: str
    path: str
    reason: str


class ApiData(TypedDict):
    table: str
    source: dict[str, str]
    generator: str
    skipped: list[Skipped]
    routes: list[ApiRoute]


def dump(data: ApiData) -> str:
    """The JSON text: fixed key order, one route per line (short diffs)."""
    head = {k: v for k, v in data.items() if k not in ("skipped", "routes")}
    text = json.dumps(head, indent=2, ensure_ascii=False)
    out = text[: text.rindex("}")].rstrip()
    for key in ("skipped", "routes"):
        rows = cast(list[dict[str, str]], data[key])
        lines = ",\n".join("    " + json.dumps(r, ensure_ascii=False) for r in rows)
        out += f',\n  "{key}": [\n{lines}\n  ]' if rows else f',\n  "{key}": []'
    return out + "\n}\n"


def check_unique(routes: Sequence[ApiRoute]) -> None:
    seen: dict[tuple[str, str], ApiRoute] = {}
    for route in routes:
        key = (route["method"], route["path"])
        if key in seen:
            raise ExtractError(f"{route['source']}: {' '.join(key)} again ({seen[key]['source']})")
        seen[key] = route


def _today() -> str:
    return datetime.datetime.now(tz=datetime.UTC).date().isoformat()


def _commit(git_dir: Path, ref: str) -> str:
    return git(git_dir, "rev-parse", "--verify", f"{ref}^{{commit}}").strip()


# --- OpenAPI (YAML, line by line) ------------------------------------------------------------

_PATH_KEY = re.compile(r"^  (?P<q>['\"]?)(?P<path>/[^'\"]*)(?P=q):\s*$")
_METHOD_KEY = re.compile(rf"^    (?P<method>{'|'.join(METHODS)}):\s*$")
_OPERATION_ID = re.compile(r"^      operationId:\s*['\"]?(?P<id>[^'\"\s]+)['\"]?\s*$")
_TOP_KEY = re.compile(r"^[A-Za-z_x][\w-]*:")
_SERVER_URL = re.compile(r"^\s+(?:- )?url:\s*['\"]?(?P<url>https?://[^'\"\s]+)")


def openapi_operations(text: str) -> tuple[str, list[tuple[str, str, str, int]]]:
    """The first server URL and every (path, METHOD, operationId, line) of ``paths``."""
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if line.rstrip() == "paths:"), None)
    if start is None:
        raise ExtractError("no top-level `paths:` in the document")
    server = None
    for i, line in enumerate(lines):
        if line.rstrip() == "servers:":
            for follow in lines[i + 1 :]:
                if _TOP_KEY.match(follow):
                    break
                m = _SERVER_URL.match(follow)
                if m:
                    server = m["url"]
                    break
            break
    if server is None:
        raise ExtractError("no server URL in the document")
    found: list[tuple[str, str, str, int]] = []
    path: str | None = None
    method: tuple[str, int] | None = None
    methods_of_path = 0
    for number, line in enumerate(lines[start + 1 :], start + 2):
        if _TOP_KEY.match(line):
            break
        if m := _PATH_KEY.match(line):
            if path is not None and methods_of_path == 0:
                raise ExtractError(f"line {number}: the path {path} before has no method")
            path, method, methods_of_path = m["path"], None, 0
        elif m := _METHOD_KEY.match(line):
            if path is None:
                raise ExtractError(f"line {number}: a method outside a path")
            method = (m["method"].upper(), number)
            methods_of_path += 1
        elif (m := _OPERATION_ID.match(line)) and method is not None and path is not None:
            found.append((path, method[0], m["id"], method[1]))
            method = None
    if len({(p, m) for p, m, _, _ in found}) != len(found):
        raise ExtractError("a path and method twice")
    return server, found


def extract_openapi(table: str, git_dir: Path) -> ApiData:
    pin = PINS[table]
    commit = _commit(git_dir, pin["ref"])
    text = git(git_dir, "show", f"{commit}:{pin['file']}")
    server, operations = openapi_operations(text)
    check = pin.get("check")
    if check:  # the same commit's JSON rendering lists the same operations
        doc = json.loads(git(git_dir, "show", f"{commit}:{check}"))
        listed = {
            (p, m.upper(), op["operationId"])
            for p, item in doc["paths"].items()
            for m, op in item.items()
            if m in METHODS
        }
        if listed != {(p, m, o) for p, m, o, _ in operations}:
            raise ExtractError(f"{pin['file']} and {check} list different operations")
    version = re.search(r"^info:\n(?:  .*\n)*?  version:\s*['\"]?([^'\"\s]+)", text, re.M)
    if version is None:
        raise ExtractError(f"{pin['file']}: no info.version")
    prefix = urlsplit(server).path.rstrip("/")
    routes: list[ApiRoute] = []
    skipped: list[Skipped] = []
    for path, method, operation_id, line in operations:
        if "?" in path:
            reason = f"a query in the path ({operation_id}): the route is the path without it"
            skipped.append({"method": method, "path": prefix + path, "reason": reason})
            continue
        routes.append(
            {
                "method": method,
                "path": prefix + path,
                "name": operation_id,
                "source": f"{pin['file']}:{line}",
            }
        )
    check_unique(routes)
    source = {"repository": pin["repository"], "ref": pin["ref"], "commit": commit}
    source |= {"file": pin["file"], "version": version[1], "server": server}
    source["read_on"] = _today()
    return _data(table, source, skipped, routes)


def _data(
    table: str, source: dict[str, str], skipped: list[Skipped], routes: list[ApiRoute]
) -> ApiData:
    return {
        "table": table,
        "source": source,
        "generator": f"{GENERATOR} extract {table}",
        "skipped": skipped,
        "routes": routes,
    }


# --- googleapis: google.api.http bindings ----------------------------------------------------

_RPC = re.compile(r"^\s*rpc\s+(?P<name>\w+)\s*\(")
_SELECTOR = re.compile(r"^\s*-\s*selector:\s*(?P<name>[\w.]+)\s*$")
_BINDING = re.compile(
    r"(?:^|[\s{-])(?P<method>get|put|post|delete|patch)\s*:\s*['\"](?P<template>/[^'\"]+)['\"]"
)
_VARIABLE = re.compile(r"\{(?P<field>[\w.]+)(?:=(?P<template>[^}]+))?\}")


def http_pattern(template: str) -> str:
    """A google.api.http path template in agroutes' syntax: ``/v1/{name=models/*}:x`` ->
    ``/v1/models/{model}:x``; ``**`` -> a catch-all; a variable without ``*`` -> its text."""

    def expand(m: re.Match[str]) -> str:
        inner = m["template"]
        if inner is None:
            raise ExtractError(f"{template}: variable {m['field']} has no resource template")
        out: list[str] = []
        for part in inner.split("/"):
            if part in ("*", "**"):
                if not out or out[-1] not in GEMINI_PARAMS:
                    raise ExtractError(f"{template}: no parameter name for a `*` after {out}")
                name = GEMINI_PARAMS[out[-1]]
                out.append("{*" + name + "}" if part == "**" else "{" + name + "}")
            else:
                out.append(part)
        return "/".join(out)

    return _VARIABLE.sub(expand, template)


def extract_googleapis(table: str, git_dir: Path) -> ApiData:
    pin = PINS[table]
    commit = _commit(git_dir, pin["ref"])
    files: list[str] = []
    for folder in pin["dirs"].split():
        names = git(git_dir, "ls-tree", "--name-only", f"{commit}:{folder}").split()
        files += [
            f"{folder}/{n}" for n in sorted(names) if n.endswith(".proto") or n.endswith(".yaml")
        ]
    routes: list[ApiRoute] = []
    for file in files:
        rpc: str | None = None
        text = git(git_dir, "show", f"{commit}:{file}")
        in_http = not file.endswith(".yaml")  # a service YAML binds only under `http:`
        for number, line in enumerate(text.splitlines(), 1):
            if file.endswith(".yaml") and re.match(r"^[a-z_]+:", line):
                in_http = line.startswith("http:")
            if not in_http:
                continue
            if m := _RPC.match(line) or _SELECTOR.match(line):
                rpc = m["name"].rpartition(".")[2]
            for b in _BINDING.finditer(line):
                if rpc is None:
                    raise ExtractError(f"{file}:{number}: a binding outside an rpc")
                routes.append(
                    {
                        "method": b["method"].upper(),
                        "path": http_pattern(b["template"]),
                        "name": rpc,
                        "source": f"{file}:{number}",
                    }
                )
    check_unique(routes)
    bound = sorted({r["source"].rpartition(":")[0] for r in routes}, key=files.index)
    source = {"repository": pin["repository"], "ref": pin["ref"], "commit": commit}
    source |= {"files": " ".join(bound), "read_on": _today()}
    return _data(table, source, [], routes)


# --- the anthropic SDK's resource calls ------------------------------------------------------

_SDK_CALLS = {"_get": "GET", "_post": "POST", "_put": "PUT", "_patch": "PATCH"}
_SDK_CALLS |= {"_delete": "DELETE", "_get_api_list": "GET"}


def _literal(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def sdk_calls(source: str, file: str) -> Iterator[tuple[str, str, str, int]]:
    """Every ``self._get(...)``-style call of one module: (METHOD, path, span name, line)."""
    for node in ast.walk(ast.parse(source, file)):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in _SDK_CALLS
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "self"
        ):
            continue
        where = f"{file}:{node.lineno}"
        keywords = {k.arg: k.value for k in node.keywords if k.arg}
        method = _SDK_CALLS[node.func.attr]
        if "method" in keywords:  # _get_api_list(..., method="post")
            named = _literal(keywords["method"])
            if named is None:
                raise ExtractError(f"{where}: a method that is not a literal")
            method = named.upper()
        first = node.args[0] if node.args else None
        path = _literal(first)
        if (
            path is None
            and isinstance(first, ast.Call)
            and first.args
            and isinstance(first.func, ast.Name)
            and first.func.id == "path_template"
        ):
            path = _literal(first.args[0])
        if path is None:  # a path from the API's answer (results_url): its declared route
            path = _literal(_span(node, "span_route"))
        span = _literal(_span(node, "span_name"))
        if path is None or span is None:
            raise ExtractError(f"{where}: no literal path or span name")
        yield method, path, span.removeprefix("anthropic."), node.lineno


def _span(call: ast.Call, name: str) -> ast.expr | None:
    """The ``name=`` keyword of the call or of the ``make_request_options(...)`` inside it."""
    for node in ast.walk(call):
        if isinstance(node, ast.Call):
            for k in node.keywords:
                if k.arg == name:
                    return k.value
    return None


def extract_sdk(table: str) -> ApiData:
    pin = PINS[table]
    version = importlib.metadata.version(pin["package"])
    if version != pin["version"]:
        raise ExtractError(f"{pin['package']} {version} is installed, not {pin['version']}")
    found_spec = importlib.util.find_spec(pin["package"])
    if found_spec is None or not found_spec.submodule_search_locations:
        raise ExtractError(f"{pin['package']} is not importable here")
    package = Path(next(iter(found_spec.submodule_search_locations)))
    found: dict[tuple[str, str], ApiRoute] = {}
    for file in sorted((package / "resources").rglob("*.py")):
        relative = f"{pin['package']}/{file.relative_to(package).as_posix()}"
        for method, path, span, line in sdk_calls(file.read_text(encoding="utf-8"), relative):
            if "?" in path:
                raise ExtractError(f"{relative}:{line}: a query in {path}")
            route: ApiRoute = {
                "method": method,
                "path": path,
                "name": span,
                "source": f"{relative}:{line}",
            }
            known = found.setdefault((method, path), route)
            if known["name"] != span:  # the sync and async clients, beta and not, agree
                raise ExtractError(f"{relative}:{line}: {span} vs {known['name']} for {path}")
    routes = sorted(found.values(), key=lambda r: (r["path"], METHODS.index(r["method"].lower())))
    source = {"package": pin["package"], "version": version, "files": "resources/**/*.py"}
    return _data(table, source | {"read_on": _today()}, [], routes)


# --- LM Studio's documentation ---------------------------------------------------------------

_DOC_ROW = re.compile(
    r"<td><code>(?P<path>/[^<]+)</code></td>\s*<td><ApiMethod method=\"(?P<method>\w+)\" /></td>"
    r"\s*<td><a href=\"[^\"]*\">(?P<name>[^<]+)</a></td>"
)
_DOC_ITEM = re.compile(r"^- \[`(?P<method>[A-Z]+) (?P<path>/[^`]+)`\]\(#[^)]*\) - (?P<name>.+)$")


def doc_page(site: str, file: str) -> str:
    """``1_developer/2_rest/index.mdx`` -> ``SITE/developer/rest`` (the docs' own URLs)."""
    parts = [re.sub(r"^\d+_", "", p) for p in file.split("/")]
    stem = parts[-1].rsplit(".", 1)[0]
    return "/".join([site, *parts[:-1], *([] if stem == "index" else [stem])])


def doc_routes(text: str) -> Iterator[tuple[str, str, str, int]]:
    """The (METHOD, path, name, line) of each endpoint table row and endpoint list item."""
    for row in _DOC_ROW.finditer(text):
        yield row["method"], row["path"], row["name"], text.count("\n", 0, row.start()) + 1
    for number, line in enumerate(text.splitlines(), 1):
        if item := _DOC_ITEM.match(line):
            yield item["method"], item["path"], item["name"].split(" (")[0], number


def extract_docs(table: str, git_dir: Path) -> ApiData:
    pin = PINS[table]
    commit = _commit(git_dir, pin["ref"])
    routes: list[ApiRoute] = []
    for file in pin["files"].split():
        text = git(git_dir, "show", f"{commit}:{file}")
        page = doc_page(pin["site"], file)
        rows = list(doc_routes(text))
        if not rows:
            raise ExtractError(f"{file}: no endpoint table or list read")
        for method, path, name, line in rows:
            routes.append(
                {"method": method, "path": path, "name": name, "source": f"{file}:{line} {page}"}
            )
    check_unique(routes)
    source = {"repository": pin["repository"], "ref": pin["ref"], "commit": commit}
    source |= {"files": pin["files"], "site": pin["site"], "read_on": _today()}
    return _data(table, source, [], routes)


# --- render ----------------------------------------------------------------------------------


class RenderError(Exception):
    """The data and the mappings disagree: a stale mapping, or a canonical name by accident."""


def kebab(name: str) -> str:
    """``createChatCompletion`` / ``GenerateContent`` / ``Chat Completions`` -> kebab case."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name.strip())
    return re.sub(r"[\s_]+|-+", "-", spaced).lower()


def _operation(api: ApiSpec, route: ApiRoute) -> str:
    key = (route["method"], route["path"])
    if key in api.canonical:
        return api.canonical[key]
    if any(route["path"].startswith(p) for p in api.native):
        return "native-" + kebab(route["name"])
    derived = route["name"] if api.source == "sdk" else kebab(route["name"])
    if derived in CANONICAL:
        raise RenderError(
            f"{api.id}: {' '.join(key)} would be named {derived!r}, a canonical operation: "
            "list it in the spec's canonical mapping (tools/api_specs.py) or rename it"
        )
    return derived


def _protocols(api: ApiSpec, route: ApiRoute) -> tuple[str, ...]:
    """The canonical routes speak the table's protocol (or their override); every other
    route speaks none of agroutes' clients' protocols (see api_specs.PROTOCOL_NOTE)."""
    key = (route["method"], route["path"])
    if key in api.overrides:
        return api.overrides[key]
    return api.protocols if key in api.canonical else ()


def _entry(api: ApiSpec, route: ApiRoute, mount: str = "") -> dict[str, object]:
    protocols = _protocols(api, route)
    if not route["path"].startswith(mount + "/"):
        raise RenderError(f"{api.id}: {route['path']} is not under its mount {mount}")
    pattern = route["path"].removeprefix(mount)
    entry: dict[str, object] = {"methods": [route["method"]], "pattern": pattern}
    if len(protocols) > 1:
        entry["protocols"] = list(protocols)
    else:
        entry["protocol"] = protocols[0] if protocols else None
    return entry | {"operation": _operation(api, route), "source": route["source"]}


def _routes_of(api: ApiSpec, data: ApiData) -> list[ApiRoute]:
    routes = list(data["routes"])
    if api.base is not None:
        wanted = set(api.keep)
        routes = [r for r in routes if (r["method"], r["path"]) in wanted]
        missing = wanted - {(r["method"], r["path"]) for r in routes}
        if missing:
            raise RenderError(f"{api.id}: {api.base} has no {sorted(missing)}")
    for doc in api.documented:
        routes.append(
            {
                "method": doc.method,
                "path": doc.path,
                "name": doc.name,
                "source": f"{doc.page} (documentation: {doc.shows})",
            }
        )
    check_unique(routes)
    return routes


def _source(api: ApiSpec, data: ApiData) -> dict[str, object] | str:
    src = data["source"]
    if "package" in src:
        return f"{src['package']}=={src['version']} (PyPI) {src['package']}/{src['files']}"
    if api.source == "googleapis":  # each route cites its file; the source, the folders
        files = PINS[api.id]["dirs"].split()
    else:
        files = src["files"].split() if "files" in src else [src["file"]]
    return {"repository": src["repository"], "commit": src["commit"], "files": files}


def _made(api: ApiSpec, data: ApiData) -> str:
    src = data["source"]
    if "package" in src:
        where = f"the installed {src['package']}=={src['version']} ({src['files']})"
    else:
        pinned = src["ref"] if src["ref"] == src["commit"] else f"{src['ref']} ({src['commit']})"
        where = f"{src['repository']} at {pinned}"
    kind = {
        "openapi": (
            f"the OpenAPI document {src.get('file', '')} (info.version {src.get('version', '')}, "
            f"server {src.get('server', '')})"
        ),
        "sdk": "the SDK's resource calls",
        "googleapis": "the google.api.http bindings of the protos and service YAML files",
        "docs": "the vendor's documentation sources (source: documentation)",
        "derived": "",
    }[api.source]
    if api.base is not None:
        return (
            f"Generated by {GENERATOR} (render) from {api.data_file}, the data of the "
            f"{api.base} table ({where}, read on {src['read_on']}): the {len(api.keep)} routes "
            f"its spec keeps (tools/api_specs.py), named as {api.base} names them. Never edit "
            "by hand."
        )
    text = (
        f"Generated by {GENERATOR} (render) from {api.data_file}, which its extract step read "
        f"from {kind} of {where} on {src['read_on']}. Never edit by hand."
    )
    if data["skipped"]:
        listed = ", ".join(f"{s['method']} {s['path']}" for s in data["skipped"])
        text += f" Skipped, each a path with a query: {listed}."
    return text


def render(api: ApiSpec, root: Path = ROOT) -> str:
    """The text of ``api.out_file``, from the committed data."""
    data = cast(ApiData, json.loads((root / api.data_file).read_text(encoding="utf-8")))
    expected = api.base or api.id
    if data["table"] != expected:
        raise RenderError(f"{api.data_file} holds {data['table']}, not {expected}")
    routes = _routes_of(api, data)
    keys = {(r["method"], r["path"]) for r in routes}
    for mapping in (api.canonical, api.overrides):
        stale = sorted(set(mapping) - keys)
        if stale:
            raise RenderError(f"{api.id}: mapped but not in the data: {stale}")
    # A derived table names its routes as its base does: the same data, the same mappings.
    naming = api if api.base is None else spec(api.base)
    doc: dict[str, object] = {
        "id": api.id,
        "title": api.title,
        "source": _source(api, data),
    }
    if api.router is not None:
        doc |= api.router
    if api.mount:
        doc["mount_prefix"] = api.mount
    if api.origin is not None:
        doc["origin"] = api.origin
    if api.quirks is not None:
        doc["quirks"] = api.quirks
    doc["notes"] = [_made(api, data), *api.notes]
    doc["routes"] = [_entry(naming, r, api.mount) for r in routes]
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


# --- command line ----------------------------------------------------------------------------


def extract(table: str, git_dir: Path | None) -> ApiData:
    api = spec(table)
    if api.source == "sdk":
        return extract_sdk(table)
    if git_dir is None:
        raise ExtractError(f"{table} is read from a repository: give its GIT_DIR")
    if api.source == "openapi":
        return extract_openapi(table, git_dir)
    if api.source == "googleapis":
        return extract_googleapis(table, git_dir)
    if api.source == "docs":
        return extract_docs(table, git_dir)
    raise ExtractError(f"{table} is derived from {api.base}: extract that")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0] if __doc__ else "")
    steps = parser.add_subparsers(dest="step", required=True)
    ext = steps.add_parser("extract", help="a specification -> tools/data/")
    ext.add_argument("table", choices=[s.id for s in SPECS if s.base is None])
    ext.add_argument("git_dir", type=Path, nargs="?", help="a clone (bare or not) of its repo")
    ren = steps.add_parser("render", help="tools/data/ -> src/agroutes/data/*.json")
    ren.add_argument("--check", action="store_true", help="exit 1 if a table would change")
    args = parser.parse_args(argv)
    try:
        if args.step == "extract":
            data = extract(args.table, args.git_dir)
            out = ROOT / spec(args.table).data_file
            out.write_text(dump(data), encoding="utf-8", newline="\n")
            print(f"{out.relative_to(ROOT)}: {len(data['routes'])} routes")
            return 0
        return _render_all(check=args.check)
    except (ExtractError, RenderError) as exc:
        print(f"{args.step}: {exc}", file=sys.stderr)
        return 1


def _render_all(*, check: bool) -> int:
    return render_all(SPECS, render, check=check)


if __name__ == "__main__":
    sys.exit(main())
