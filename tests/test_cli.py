"""The ``agroutes`` command, run the way users run it: the installed script in a subprocess.

A subprocess costs an interpreter start, so the subprocess cases are the ones that need a
real process (the entry point, ``python -m``, the locale environment, pipes and terminals,
exit codes) and identical commands share one run. The finer points of argument handling go
through ``run()`` in-process: the same code, without the start-up cost.
"""

# The Chinese texts use full-width punctuation on purpose.

from __future__ import annotations

import functools
import io
import json
import os
import pty
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from agroutes import ProblemKind
from agroutes._cli import run
from agroutes._cli_commands import parse_client_arg
from agroutes._cli_output import colour_enabled, lang_from_env
from agroutes._routers import ROUTER_PRESETS, DoubleSlash, TrailingSlash
from agroutes._texts import TABLES as TEXTS
from agroutes.profiles import BUILTIN_CLIENTS
from agroutes.tables import BUILTIN_TABLES
from tests.conftest import H

ESC = "\x1b"
SCRIPT = Path(sys.executable).with_name("agroutes")  # pip puts console scripts beside python
PASSWORD = "hunter2hunter2"
API_KEY = "AIzaSyTESTKEYTESTKEY"
SECRET_URL = f"http://user:{PASSWORD}@127.0.0.1:8045/v1?key={API_KEY}"
# Variables that change the language or the colour: the tests set them explicitly.
_CONTROLLED = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "NO_COLOR", "TERM")


@dataclass(frozen=True, slots=True)
class Result:
    status: int
    out: str
    err: str


def _environ(env: tuple[tuple[str, str], ...]) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in _CONTROLLED}
    return {**base, **dict(env)}


@functools.cache
def _run_process(args: tuple[str, ...], env: tuple[tuple[str, str], ...], via: str) -> Result:
    command = [str(SCRIPT)] if via == "script" else [sys.executable, "-m", "agroutes"]
    proc = subprocess.run(
        [*command, *args], capture_output=True, env=_environ(env), timeout=60, check=False
    )
    return Result(proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8"))


def agroutes(*args: str, env: Mapping[str, str] | None = None, via: str = "module") -> Result:
    """Run the installed command; pipes are no terminal, so never a colour, nor a traceback."""
    result = _run_process(args, tuple(sorted((env or {}).items())), via)
    assert ESC not in result.out + result.err
    assert "Traceback" not in result.err
    return result


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run_here(*args: str, env: Mapping[str, str] | None = None, tty: bool = False) -> Result:
    """``run()`` in this process, with a clean environment unless ``env`` says otherwise."""
    out = _Terminal() if tty else io.StringIO()
    err = io.StringIO()
    status = run(list(args), stdout=out, stderr=err, environ=dict(env or {}))
    return Result(status, out.getvalue(), err.getvalue())


# --- the documented JSON schema, as data -----------------------------------------------


@dataclass(frozen=True, slots=True)
class OneOf:
    values: tuple[object, ...]


@dataclass(frozen=True, slots=True)
class MapOf:
    value: object


NONE = type(None)
KIND = OneOf(tuple(k.value for k in ProblemKind))
HEAD = {"schema_version": OneOf((1,)), "lang": OneOf(("en", "zh"))}
REQUEST = {
    "operation": str,
    "method": str,
    "url": str,
    "target": str,
    "status": (OneOf((200, 301, 302, 307, 308, 404, 405)), NONE),
    "route": (str, NONE),
    "allowed_methods": [str],
    "redirect": (str, NONE),
    "followed_route": (str, NONE),
    "ok": bool,
}
DIAGNOSIS = {
    "client": str,
    "label": str,
    "title": str,
    "verified": str,
    "settings": MapOf((str, NONE)),
    "base_url": str,
    "routes": str,
    "router": str,
    "ok": bool,
    "requests": [REQUEST],
    "problems": [{"kind": KIND, "operation": (str, NONE), "message": str}],
    "corrected_base_url": (str, NONE),
    "suggestions": [
        {
            "kind": OneOf(("base-url", "setting", "mode")),
            "client": str,
            "settings": MapOf((str, NONE)),
            "base_url": str,
            "message": str,
        }
    ],
    "working_base_urls": [str],
    "working_base_urls_truncated": bool,
}
CHECK = {
    **HEAD,
    "command": OneOf(("check",)),
    "base_url": str,
    "routes": str,
    "ok": bool,
    "results": [DIAGNOSIS],
}
CLIENTS = {
    **HEAD,
    "command": OneOf(("clients",)),
    "clients": [
        {
            "id": str,
            "title": str,
            "protocol": OneOf(("openai", "anthropic", "gemini")),
            "verified": str,
            "evidence": OneOf(("observed", "from-source", "declared")),
            "family": str,
            "redirects": OneOf(("follows", "follows-keeping-method", "not-followed", "unknown")),
            "base_url_ignored": bool,
            "base_shape": OneOf(
                ("host-root", "ends-in-v1", "ends-in-v1beta", "chat-completions-endpoint")
            ),
            "aliases": [str],
            "settings": [
                {"name": str, "default": (str, NONE), "doc": str, "choices": ([str], NONE)}
            ],
        }
    ],
}
ROUTE = {"methods": [str], "pattern": str, "operation": str, "protocols": [str], "source": str}
EXPLAIN = {
    **HEAD,
    "command": OneOf(("explain",)),
    "ok": bool,
    "result": {
        "method": str,
        "path": str,
        "routes": str,
        "origin": (str, NONE),
        "status": OneOf((200, 301, 302, 307, 308, 404, 405)),
        "fallback_status": (int, NONE),
        "ok": bool,
        "kind": (KIND, NONE),
        "route": (ROUTE, NONE),
        "allowed_methods": [str],
        "redirect": (str, NONE),
        "meant": ({"method": str, "path": str, "route": ROUTE}, NONE),
        "rewrite": (str, NONE),
        "senders": [
            {
                "client": str,
                "settings": MapOf((str, NONE)),
                "operation": str,
                "base_url": str,
                "kind": KIND,
                "corrected_base_url": (str, NONE),
                "suggestions": [
                    {
                        "kind": OneOf(("base-url", "setting", "mode")),
                        "client": str,
                        "settings": MapOf((str, NONE)),
                        "base_url": str,
                    }
                ],
                "withheld": [str],
            }
        ],
        "unknown_senders_possible": bool,
        "missing_clients": [str],
        "message": str,
    },
}
TABLES = {
    **HEAD,
    "command": OneOf(("routes",)),
    "tables": [
        {
            "id": str,
            "alias_of": (str, NONE),
            "title": str,
            "version": (str, NONE),
            "commit": (str, NONE),
            "router": OneOf(tuple(ROUTER_PRESETS)),
            "source": str,
            "routes": int,
        }
    ],
}
ROUTER = {
    "name": OneOf(tuple(ROUTER_PRESETS)),
    "title": str,
    "method_first": bool,
    "method_not_allowed": bool,
    "implicit_head": bool,
    "trailing_slash": OneOf(tuple(t.value for t in TrailingSlash)),
    "double_slash": OneOf(tuple(d.value for d in DoubleSlash)),
    "redirect_get": (int, NONE),
    "redirect_other": (int, NONE),
    "redirect_any_method": bool,
    "case_sensitive": bool,
    "empty_parameter": bool,
    "parameter_syntax": str,
    "inline_suffix": bool,
    "source": str,
}
TABLE = {
    **HEAD,
    "command": OneOf(("routes",)),
    "table": {
        "id": str,
        "title": str,
        "version": (str, NONE),
        "commit": (str, NONE),
        "source": str,
        "router": ROUTER,
        "mount_prefix": str,
        "routes": [ROUTE],
    },
}


def mismatches(value: object, schema: object, where: str = "$") -> list[str]:
    """Where ``value`` departs from ``schema`` (exact key sets: no key missing or extra)."""
    if isinstance(schema, dict):
        if not isinstance(value, dict) or set(value) != set(schema):
            keys = sorted(value) if isinstance(value, dict) else type(value).__name__
            return [f"{where}: keys {keys} != {sorted(schema)}"]
        return [e for k, s in schema.items() for e in mismatches(value[k], s, f"{where}.{k}")]
    if isinstance(schema, list):
        if not isinstance(value, list):
            return [f"{where}: not a list"]
        return [e for i, v in enumerate(value) for e in mismatches(v, schema[0], f"{where}[{i}]")]
    if isinstance(schema, tuple):
        found = [mismatches(value, s, where) for s in schema]
        return [] if any(not f for f in found) else [e for f in found for e in f]
    if isinstance(schema, MapOf):
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            return [f"{where}: not a mapping of strings"]
        return [e for k, v in value.items() for e in mismatches(v, schema.value, f"{where}.{k}")]
    if isinstance(schema, OneOf):
        ok = any(type(value) is type(v) and value == v for v in schema.values)
        return [] if ok else [f"{where}: {value!r} not one of {schema.values}"]
    return [] if type(value) is schema else [f"{where}: {value!r} is not {schema}"]


def document(result: Result, schema: object) -> Any:
    """The JSON document on stdout, once it has been checked against ``schema``."""
    doc = json.loads(result.out)
    assert mismatches(doc, schema) == []
    return doc


def results(doc: Any) -> dict[str, Any]:
    return {r["label"]: r for r in doc["results"]}


# --- text, through the installed command ------------------------------------------------

CLAUDE_ZH = [
    "claude-code + Base URL http://127.0.0.1:8045/v1，路由表 antigravity@4.5.8：发现 1 个问题",
    "  POST /v1/v1/messages?beta=true  ->  404 Not Found（没有这个路由）",
    "请把 Base URL 改成：http://127.0.0.1:8045",
]


# Through the installed command: the languages, the locale variables, exit codes 0 and 1.
@pytest.mark.parametrize(
    ("args", "env", "status", "expected"),
    [
        pytest.param(
            ["check", f"{H}/v1"],
            {},
            1,
            [
                "Base URL http://127.0.0.1:8045/v1 on antigravity@4.5.8 (Antigravity Tools 4.5.8)",
                "36 of 61 clients work with this Base URL.",
            ],
            id="all-clients-en",
        ),
        pytest.param(
            ["check", f"{H}/v1", "--lang", "zh"],
            {},
            1,
            ["61 个客户端中有 36 个可以直接使用这个 Base URL。", "客户端"],
            id="all-clients-zh",
        ),
        pytest.param(
            ["check", f"{H}/v1", "--client", "claude-code", "--lang", "zh"],
            {},
            1,
            CLAUDE_ZH,
            id="one-client-zh-flag",
        ),
        pytest.param(
            ["check", f"{H}/v1", "--client", "claude-code"],
            {"LANG": "zh_CN.UTF-8"},
            1,
            CLAUDE_ZH,
            id="one-client-zh-from-LANG",
        ),
        pytest.param(
            ["check", H, "-c", "google-genai:api_version=v1beta", "-c", "claude"],
            {"LC_ALL": "C.UTF-8", "LANG": "zh_CN.UTF-8"},
            0,
            [
                "google-genai(api_version='v1beta') with Base URL http://127.0.0.1:8045 on "
                "antigravity@4.5.8: OK",
                "  POST /v1beta/models/gemini-2.5-flash:generateContent  ->  routed to POST "
                "/v1beta/models/{model}",
                "claude-code with Base URL http://127.0.0.1:8045 on antigravity@4.5.8: OK",
            ],
            id="setting-and-alias-ok-LC_ALL-wins",
        ),
        pytest.param(
            ["clients"],
            {"LANG": "zh_CN.UTF-8"},
            0,
            ["验证所用版本", "主机根地址", "别名：openai-sdk -> openai-python"],
            id="clients-zh",
        ),
        pytest.param(
            ["explain", "/v1/chat/completions/responses"],
            {},
            1,
            [
                "POST /v1/chat/completions/responses on antigravity@4.5.8: 404 Not Found",
                "  stacked-path: ",
                "  most likely meant: POST /v1/responses",
                "    codex with Base URL http://127.0.0.1:8045/v1/chat/completions: "
                "Use this Base URL instead: http://127.0.0.1:8045/v1",
            ],
            id="explain-log-path",
        ),
    ],
)
def test_text(args: list[str], env: dict[str, str], status: int, expected: list[str]) -> None:
    assert_text(agroutes(*args, env=env), status, expected)


# The same code in-process: more commands and options, without an interpreter start each.
@pytest.mark.parametrize(
    ("args", "env", "status", "expected"),
    [
        pytest.param(
            ["--lang", "en", "check", f"{H}/v1", "--client", "claude-code"],
            {"LANG": "zh_CN.UTF-8"},
            1,
            [
                "claude-code with Base URL http://127.0.0.1:8045/v1 on antigravity@4.5.8: "
                "1 problem(s)",
                "      duplicated-prefix: the path repeats a version segment (/v1/v1/)",
                "Use this Base URL instead: http://127.0.0.1:8045",
            ],
            id="flag-before-command-beats-LANG",
        ),
        pytest.param(
            ["check", H, "--client", "google-genai", "--routes", "antigravity@3.3.50"],
            {},
            1,
            [
                "google-genai with Base URL http://127.0.0.1:8045 on antigravity@3.3.50: "
                "3 problem(s)",
                "      unsupported-by-proxy: no Base URL can make this work",
                "Set api_version='v1beta' on google-genai, then use the Base URL "
                "http://127.0.0.1:8045",
            ],
            id="genai-default-needs-a-setting",
        ),
        pytest.param(
            ["check", f"{H}/v1", "-c", "kilo-code/google", "--lang", "zh"],
            {},
            1,
            [
                "wrong-prefix: 反代把这个接口放在“/v1beta”下面",
                "请把 Base URL 改成：http://127.0.0.1:8045/v1beta",
            ],
            id="kilo-google-zh",
        ),
        pytest.param(
            ["clients"],
            {},
            0,
            [*(p.verified for p in BUILTIN_CLIENTS.values()), "gemini-sdk -> google-genai"],
            id="clients-en",
        ),
        pytest.param(
            ["routes"],
            {},
            0,
            # (the columns are as wide as their longest cell)
            ["= antigravity@4.5.8", "Antigravity Tools 3.3.50 ", "3.3.50 (35185069) ", " axum "],
            id="routes-list",
        ),
        pytest.param(
            ["routes", "antigravity@3.3.50", "--lang", "zh"],
            {},
            0,
            [
                "Antigravity Tools 3.3.50（antigravity@3.3.50）：22 条路由",
                "POST  /v1beta/models/{model}",
            ],
            id="routes-one-table-zh",
        ),
        pytest.param(
            ["explain", "/v1/chat/completions", "--lang", "zh"],
            {},
            0,
            ["POST /v1/chat/completions on antigravity@4.5.8: 命中路由 POST /v1/chat/completions"],
            id="explain-routed-zh",
        ),
        pytest.param(
            ["explain", "/v1/messages", "--method", "GET"],
            {},
            1,
            ["  method-not-allowed: the proxy has this path, but for POST, not GET"],
            id="explain-wrong-method",
        ),
        pytest.param(
            ["explain", "/v1/v1/messages", "-c", "claude", "--origin", "http://10.0.0.2:8045"],
            {},
            1,
            [
                "    claude-code with Base URL http://10.0.0.2:8045/v1: "
                "Use this Base URL instead: http://10.0.0.2:8045"
            ],
            id="explain-origin-and-client",
        ),
    ],
)
def test_text_in_process(
    args: list[str], env: dict[str, str], status: int, expected: list[str]
) -> None:
    assert_text(run_here(*args, env=env), status, expected)


def assert_text(result: Result, status: int, expected: list[str]) -> None:
    assert (result.status, result.err) == (status, "")
    lines = result.out.splitlines()
    for text in expected:
        assert any(text in line for line in lines), text


def test_compact_table_one_line_per_client() -> None:
    lines = agroutes("check", f"{H}/v1").out.splitlines()
    table = lines[3 : 3 + len(BUILTIN_CLIENTS)]  # after the title, a blank line and the heading
    rows = {line.split()[0]: line.split(None, 1)[1] for line in table}
    assert list(rows) == list(BUILTIN_CLIENTS)
    assert rows["openai-python"] == "ok"
    assert rows["claude-code"].split() == ["duplicated-prefix", "Base", "URL", H]
    assert rows["google-genai"].split(None, 1) == [
        "unsupported-by-proxy",
        f"set api_version=v1beta, Base URL {H}",
    ]
    assert rows["kilo-code/google"].split() == ["wrong-prefix", "Base", "URL", f"{H}/v1beta"]


def test_console_script_and_python_m_agree() -> None:
    assert SCRIPT.is_file(), f"the console script is not installed at {SCRIPT}"
    by_script = agroutes("check", f"{H}/v1", via="script")
    assert by_script == agroutes("check", f"{H}/v1")


# --- JSON ----------------------------------------------------------------------------------


def test_json_all_clients() -> None:
    result = agroutes("check", f"{H}/v1", "--json")
    doc = document(result, CHECK)
    assert (result.status, doc["ok"], doc["routes"], doc["lang"]) == (
        1,
        False,
        "antigravity@4.5.8",
        "en",
    )
    by_label = results(doc)
    assert list(by_label) == list(BUILTIN_CLIENTS)
    genai = by_label["google-genai"]
    assert [p["kind"] for p in genai["problems"]] == ["unsupported-by-proxy"] * 3
    assert genai["corrected_base_url"] is None
    assert genai["suggestions"] == [
        {
            "kind": "setting",
            "client": "google-genai",
            "settings": {"api_version": "v1beta"},
            "base_url": H,
            "message": f"Set api_version='v1beta' on google-genai, then use the Base URL {H}",
        }
    ]
    assert by_label["openai-python"]["ok"] is True


def test_json_one_client_in_chinese() -> None:
    result = agroutes("check", f"{H}/v1", "-c", "claude-code", "--json", "--lang", "zh")
    doc = document(result, CHECK)
    (claude,) = results(doc).values()
    assert (result.status, doc["lang"], claude["corrected_base_url"]) == (1, "zh", H)
    assert claude["requests"] == [
        {
            "operation": "messages",
            "method": "POST",
            "url": f"{H}/v1/v1/messages?beta=true",
            "target": "/v1/v1/messages?beta=true",
            "status": 404,
            "route": None,
            "allowed_methods": [],
            "redirect": None,
            "followed_route": None,
            "ok": False,
        }
    ]
    (problem,) = claude["problems"]
    assert problem["kind"] == "duplicated-prefix"
    assert problem["message"].startswith("路径里版本段重复了")


def test_json_ok_exits_zero() -> None:
    result = agroutes("--json", "check", H, "-c", "google-genai:api_version=v1beta")
    doc = document(result, CHECK)
    assert (result.status, doc["ok"]) == (0, True)
    assert results(doc)["google-genai(api_version='v1beta')"]["settings"] == {
        "api_version": "v1beta"
    }


def test_json_explain_in_chinese() -> None:
    result = agroutes("explain", "/v1/v1/messages?beta=true", "--json", env={"LANG": "zh_CN"})
    doc = document(result, EXPLAIN)
    assert (result.status, doc["ok"], doc["lang"]) == (1, False, "zh")
    found = doc["result"]
    assert (found["kind"], found["status"], found["rewrite"]) == (
        "duplicated-prefix",
        404,
        "/v1/messages",
    )
    assert found["meant"]["route"]["pattern"] == "/v1/messages"
    senders = {s["client"]: s["corrected_base_url"] for s in found["senders"]}
    assert senders["claude-code"] == H
    assert "路径里有一段重复了" in found["message"]


@pytest.mark.parametrize(
    ("args", "schema"),
    [
        pytest.param(["clients", "--json"], CLIENTS, id="clients"),
        pytest.param(["routes", "--json"], TABLES, id="routes"),
        pytest.param(["routes", "antigravity", "--json"], TABLE, id="routes-one-table"),
    ],
)
def test_json_listings(args: list[str], schema: object) -> None:
    # The installed command for one listing; the same code in-process for the others.
    result = agroutes(*args) if args[0] == "clients" else run_here(*args)
    doc = document(result, schema)
    assert result.status == 0
    if "clients" in doc:
        verified = {c["id"]: c["verified"] for c in doc["clients"]}
        assert verified == {k: p.verified for k, p in BUILTIN_CLIENTS.items()}
    if "tables" in doc:
        assert [t["id"] for t in doc["tables"]] == list(BUILTIN_TABLES)
    if "table" in doc:
        assert doc["table"]["id"] == "antigravity@4.5.8"


# --- errors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["check", "localhost:8045/v1"],
            "agroutes: error: invalid Base URL 'localhost:8045/v1': scheme: missing; clients "
            "need http:// or https:// (did you mean 'http://localhost:8045/v1'?)\n",
            id="no-scheme",
        ),
        pytest.param(
            ["check", H, "--client", "claud", "--json"],
            "agroutes: error: unknown client 'claud'; did you mean 'claude', 'claude-code'? "
            "(run 'agroutes clients' for the list)\n",
            id="unknown-client-json",
        ),
    ],
)
def test_bad_input_exits_2(args: list[str], message: str) -> None:
    assert agroutes(*args) == Result(2, "", message)


def test_bad_usage_exits_2_with_usage() -> None:
    result = agroutes("chek", H)
    assert (result.status, result.out) == (2, "")
    assert result.err.startswith("usage: agroutes ")
    assert result.err.endswith(
        "agroutes: error: argument COMMAND: invalid choice: 'chek' "
        "(choose from 'check', 'explain', 'clients', 'routes', 'probe')\n"
    )


@pytest.mark.parametrize(
    ("args", "installed"),
    [
        pytest.param(["check", SECRET_URL], True, id="all-clients"),
        pytest.param(["check", SECRET_URL, "-c", "claude-code", "--json"], True, id="json"),
        pytest.param(["explain", SECRET_URL], False, id="explain"),
        pytest.param(["explain", SECRET_URL, "--json", "--lang", "zh"], False, id="explain-json"),
    ],
)
def test_secrets_never_printed(args: list[str], installed: bool) -> None:
    result = agroutes(*args) if installed else run_here(*args)
    assert result.status == 1
    assert "***" in result.out
    for secret in (PASSWORD, API_KEY, "//user"):
        assert secret not in result.out + result.err


# --- colour on a real terminal -------------------------------------------------------------


def _run_on_terminal(args: Sequence[str], env: Mapping[str, str]) -> str:
    leader, follower = pty.openpty()
    command = [sys.executable, "-m", "agroutes", *args]
    with subprocess.Popen(
        command, stdout=follower, stderr=subprocess.PIPE, env=_environ(tuple(env.items()))
    ) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the terminal's other end closed
                break
            if not chunk:
                break
            chunks.append(chunk)
        proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode("utf-8")


@pytest.mark.parametrize(
    ("env", "coloured"),
    [
        pytest.param({"TERM": "xterm"}, True, id="terminal"),
        pytest.param({"TERM": "xterm", "NO_COLOR": "1"}, False, id="NO_COLOR"),
    ],
)
def test_colour_only_on_a_terminal_without_no_color(env: dict[str, str], coloured: bool) -> None:
    out = _run_on_terminal(["check", f"{H}/v1", "-c", "claude-code"], env)
    assert "duplicated-prefix" in out
    assert (ESC in out) is coloured


# --- in-process: the same code, argument details ------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["check", H, "-c", "kilo-code"],
            "'kilo-code' has one id per provider mode; did you mean "
            "'kilo-code/openai-compatible', 'kilo-code/openai', 'kilo-code/anthropic', "
            "'kilo-code/google'? (run 'agroutes clients' for the list)",
            id="multi-mode-client",
        ),
        pytest.param(
            ["check", H, "-c", "google-genai:api_verison=v1beta"],
            "client 'google-genai': setting 'api_verison': no such setting "
            "(known: api_version, model",
            id="unknown-setting",
        ),
        pytest.param(
            ["check", H, "-c", "google-genai:api_version"],
            "--client 'google-genai:api_version': settings are NAME=VALUE pairs after the id, "
            "as in google-genai:api_version=v1beta",
            id="setting-without-value",
        ),
        pytest.param(
            ["check", H, "-c", "google-genai:model=a,model=b"],
            "--client 'google-genai:model=a,model=b': setting 'model' is given twice",
            id="setting-twice",
        ),
        pytest.param(
            ["check", H, "-c", "codex:wire_api=chat"],
            "client 'codex': setting 'wire_api': 'chat' is refused: codex 0.169.0 stops while "
            'loading config.toml: `wire_api = "chat"` is no longer supported; set wire_api = '
            '"responses"',
            id="refused-setting",
        ),
        pytest.param(
            ["check", H, "-r", "antigravty"],
            "unknown route table 'antigravty'; did you mean 'antigravity', 'antigravity@4.5.8', "
            "'antigravity@4.3.9'? (run 'agroutes routes' for the list)",
            id="unknown-table",
        ),
        pytest.param(
            ["routes", "./no-such-table.json"],
            "cannot read route table './no-such-table.json': No such file or directory",
            id="missing-table-file",
        ),
        pytest.param(
            ["check", "http://user:hunter2hunter2@h:99999/v1?key=AIzaSyTESTKEYTESTKEY"],
            "invalid Base URL 'http://***@h:99999/v1?key=***': port: 99999 is outside 1-65535",
            id="bad-port-secret-masked",
        ),
        pytest.param(
            ["explain", "/v1/models", "-m", "get models"],
            "invalid request method: 'get models' is not an HTTP method",
            id="explain-bad-method",
        ),
        pytest.param(
            ["explain", "/v1/models", "--origin", "127.0.0.1:8045"],
            "invalid Base URL '127.0.0.1:8045': scheme: missing",
            id="explain-bad-origin",
        ),
        pytest.param(
            ["check", H, "-c", "sk-abcdefgh12345678"],
            "unknown client 'sk-***' (run 'agroutes clients' for the list)",
            id="key-as-client-masked",
        ),
    ],
)
def test_input_errors(args: list[str], message: str) -> None:
    result = run_here(*args)
    assert (result.status, result.out) == (2, "")
    # One line, pinned up to where the library's own lists (of settings...) may grow.
    assert result.err.startswith(f"agroutes: error: {message}")
    assert result.err.count("\n") == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["--lang", "fr", "clients"],
            "argument --lang: unknown language 'fr'; choose one of en, zh",
            id="bad-lang",
        ),
        pytest.param([], "the following arguments are required: COMMAND", id="no-command"),
        pytest.param(["check"], "the following arguments are required: BASE_URL", id="no-url"),
        pytest.param(
            ["check", H, "sk-abcdefgh12345678"],
            "unrecognized arguments: sk-***",
            id="stray-key-masked",
        ),
    ],
)
def test_usage_errors(args: list[str], message: str) -> None:
    result = run_here(*args)
    assert (result.status, result.out) == (2, "")
    assert result.err.startswith("usage: agroutes")
    assert result.err.endswith(f"\nagroutes: error: {message}\n")


@pytest.mark.parametrize(
    ("spec", "label"),
    [
        pytest.param("openai-python", "openai-python", id="id"),
        pytest.param("gemini-sdk", "google-genai", id="alias"),
        pytest.param(
            "google-genai:api_version=v1beta", "google-genai(api_version='v1beta')", id="setting"
        ),
        pytest.param(
            "gemini-cli:model=gemini-2.5-pro, api_version=v1",
            "gemini-cli(api_version='v1', model='gemini-2.5-pro')",
            id="two-settings",
        ),
        pytest.param("google-genai:api_version=", "google-genai(api_version='')", id="empty-value"),
        pytest.param(
            "kilo-code/google:model=gemini-2.5-pro",
            "kilo-code/google(model='gemini-2.5-pro')",
            id="mode-with-setting",
        ),
    ],
)
def test_client_syntax(spec: str, label: str) -> None:
    assert parse_client_arg(spec).label() == label


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        pytest.param({}, "en", id="nothing-set"),
        pytest.param({"LANG": "zh_CN.UTF-8"}, "zh", id="LANG"),
        pytest.param({"LANG": "zh_TW"}, "zh", id="LANG-zh-TW"),
        pytest.param({"LC_MESSAGES": "zh_CN", "LANG": "en_US"}, "zh", id="LC_MESSAGES"),
        pytest.param({"LC_ALL": "en_US.UTF-8", "LANG": "zh_CN"}, "en", id="LC_ALL-first"),
        pytest.param({"LC_ALL": "", "LANG": "zh_CN"}, "zh", id="empty-is-unset"),
    ],
)
def test_lang_from_environment(env: dict[str, str], lang: str) -> None:
    assert lang_from_env(env) == lang


@pytest.mark.parametrize(
    ("tty", "env", "coloured"),
    [
        pytest.param(True, {}, True, id="terminal"),
        pytest.param(False, {}, False, id="pipe"),
        pytest.param(True, {"NO_COLOR": "1"}, False, id="NO_COLOR"),
        pytest.param(True, {"NO_COLOR": ""}, True, id="NO_COLOR-empty-is-unset"),
        pytest.param(True, {"TERM": "dumb"}, False, id="dumb-terminal"),
    ],
)
def test_colour_rule(tty: bool, env: dict[str, str], coloured: bool) -> None:
    stream = _Terminal() if tty else io.StringIO()
    assert colour_enabled(stream, env) is coloured
    assert (ESC in run_here("check", f"{H}/v1", env=env, tty=tty).out) is coloured


def test_json_is_never_coloured() -> None:
    result = run_here("check", f"{H}/v1", "--json", tty=True)
    assert ESC not in result.out
    assert json.loads(result.out)["schema_version"] == 1


def test_help_and_version_exit_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["check", "--help"]) == 0
    assert "ID[:NAME=VALUE,...]" in capsys.readouterr().out
    assert run(["--version"]) == 0
    assert capsys.readouterr().out.startswith("agroutes ")


def test_route_table_file(tmp_path: Path) -> None:
    table = {
        "id": "mine",
        "routes": [{"methods": ["POST"], "pattern": "/api/v1/messages", "protocol": "anthropic"}],
    }
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(table), encoding="utf-8")
    result = run_here("check", H, "-c", "claude-code", "--routes", str(path), "--json")
    (claude,) = json.loads(result.out)["results"]
    assert (result.status, claude["routes"], claude["corrected_base_url"]) == (
        1,
        "mine",
        f"{H}/api",
    )


def test_both_languages_have_every_word() -> None:
    assert set(TEXTS["en"]) == set(TEXTS["zh"])
    assert any(key.startswith("cli:") for key in TEXTS["en"])


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError


def test_reader_gone_is_quiet() -> None:
    # `agroutes routes antigravity --json | head -1`: stop without a traceback, with the
    # status of a command killed by SIGPIPE (issue 18), not 1 (a problem found).
    err = io.StringIO()
    assert run(["routes", "antigravity"], stdout=_ClosedPipe(), stderr=err, environ={}) == 141
    assert err.getvalue() == ""


def test_clients_are_grouped_by_family_with_their_evidence() -> None:
    out = io.StringIO()
    assert run(["clients", "--lang", "en"], stdout=out, environ={}) == 0
    lines = out.getvalue().splitlines()
    head = next(line for line in lines if line.startswith("family"))
    at_id, at_evidence = head.index(" id ") + 1, head.index("evidence")
    body = (
        lines[lines.index(head) + 1 : lines.index("")] if "" in lines[lines.index(head) :] else []
    )
    body = lines[lines.index(head) + 1 :]
    body = body[: body.index("")]
    rows = {line[at_id:at_evidence].strip(): line for line in body}
    assert set(rows) == set(BUILTIN_CLIENTS)
    families = [line[:at_id].strip() for line in body]
    # A family is named once, on its first row; its other rows leave the column blank.
    named = [f for f in families if f]
    assert len(named) == len(set(named)) == len({p.family for p in BUILTIN_CLIENTS.values()})
    assert rows["kilo-code/openai-compatible"].startswith("kilo-code ")
    assert rows["kilo-code/openai"][:at_id].strip() == ""
    assert rows["cline/openai"][at_evidence:].startswith("from source  from source: cline/cline@")
    assert rows["openai-python"][at_evidence:].startswith("observed     openai 3.57.0 (PyPI)")
