"""Capture what the Node SDKs and agent CLIs of the second wave send for a Base URL.

The same method as ``tools/capture_clients.py``, whose machinery this script reuses: each
client is installed from the npm registry into a temporary folder and run once per Base URL
of the matrix against the loopback recorder (``tests/support/recorder.py``); one JSON line
per request goes to ``tests/fixtures/captured-node-clients.jsonl``, which
``tests/test_captured_node_clients.py`` replays through ``agroutes.resolve()``. Then each
client is run once more per redirect status (301, 302, 303, 307, 308) with the Base URL
its documentation asks for and the recorder in redirect mode; whether a second request
came, and with which method, goes to ``tests/fixtures/captured-node-redirects.jsonl``
(replayed against each profile's ``redirects``).

Re-running it
-------------
From the repository root::

    python tools/capture_node_clients.py                       # every client, both parts
    python tools/capture_node_clients.py --clients opencode    # one family
    python tools/capture_node_clients.py --install-dir /tmp/agn --jobs 3
    python tools/capture_node_clients.py --no-redirects        # the Base URL matrix only
    python tools/capture_node_clients.py --first-wave   # redirects of capture_clients.py's

Needs Python 3.11, ``node`` (20 is enough) and ``npm``, and the npm registry for the
installs (about 800 MB). Every run has a throwaway HOME, telemetry and updates switched off
by the clients' own settings, and ``HTTP(S)_PROXY`` pointed at the recorder, which refuses
every ``CONNECT``: an attempt to reach another host is recorded (``connect_attempts`` in the
run log) and fails. Node 20's own ``fetch`` ignores ``HTTP(S)_PROXY``; for the one mode that
sends elsewhere (Continue's Gemini provider) ``NODE_OPTIONS`` preloads undici's
``EnvHttpProxyAgent`` so that the attempt shows up as a ``CONNECT`` rather than a failed DNS
lookup. On 2 cores the libraries take about 5 minutes and the CLIs about 30 (opencode,
30 to 45 s a run while it waits for registry.npmjs.org, which is refused, takes most).

Clients (the fixture's ``client`` ids):

* ``anthropic-node``: ``@anthropic-ai/sdk``, ``new Anthropic({baseURL, maxRetries: 0})``:
  ``messages.create``, ``messages.countTokens``, ``models.list``.
* ``google-genai-node``: ``@google/genai``, ``new GoogleGenAI({httpOptions: {baseUrl}})``:
  ``models.generateContent``, ``models.generateContentStream``, ``models.list``, with the
  SDK's default ``apiVersion`` and with ``apiVersion: "v1beta"``.
* ``ai-sdk/<provider>``: the AI SDK (``ai``) ``generateText`` (and, for Google,
  ``streamText``) with ``createOpenAI`` / ``createOpenAICompatible`` / ``createAnthropic``
  / ``createGoogleGenerativeAI({baseURL})``, ``maxRetries: 0``.
* ``opencode/<provider>``: ``opencode run hi`` with the provider in
  ``OPENCODE_CONFIG_CONTENT`` (``options.baseURL``), per AI SDK provider package.
* ``qwen-code/<auth type>``: ``qwen -p hi --auth-type T`` with ``OPENAI_BASE_URL`` /
  ``ANTHROPIC_BASE_URL`` / ``GOOGLE_GEMINI_BASE_URL``.
* ``continue/<provider>``: ``cn -p hi --config config.yaml`` with the model's ``apiBase``.

Fixture rows are those of ``tools/capture_clients.py``; redirect rows hold ``client``,
``client_version``, ``settings``, ``base_url``, ``redirect`` (the status), ``first``
(``[method, target]`` of the redirected request, or null), ``followed`` (the request that
arrived at the ``Location``, or null) and ``outcome``.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

REPO_ROOT: Final[Path] = Path(__file__).resolve().parent.parent
for _entry in (REPO_ROOT, REPO_ROOT / "tools"):
    if str(_entry) not in sys.path:
        sys.path.insert(0, str(_entry))

import capture_clients as cap  # noqa: E402
from capture_clients import API_KEY, Installed, Invocation, Mode, Package, RunContext  # noqa: E402
from tests.support.recorder import REDIRECTED_PREFIX, ipv6_loopback_available  # noqa: E402

DEFAULT_OUT: Final[Path] = REPO_ROOT / "tests" / "fixtures" / "captured-node-clients.jsonl"
DEFAULT_REDIRECTS: Final[Path] = REPO_ROOT / "tests" / "fixtures" / "captured-node-redirects.jsonl"

#: The Base URL matrix of issue 15 (host root, trailing slash, /v1, /v1/, /v1/v1, a pasted
#: endpoint, /v1beta, /v1beta/, /proxy/v1, ?x=1, //v1, user:pw@), plus [::1] and localhost.
BASE_MATRIX: Final[tuple[str, ...]] = (
    "http://H",
    "http://H/",
    "http://H/v1",
    "http://H/v1/",
    "http://H/v1/v1",
    "http://H/v1/chat/completions",
    "http://H/v1beta",
    "http://H/v1beta/",
    "http://H/proxy/v1",
    "http://H/v1?x=1",
    "http://H//v1",
    "http://u:p@H/v1",
    "http://H6/v1",
    "http://LH/v1",
)
REDIRECT_STATUSES: Final[tuple[int, ...]] = (301, 302, 303, 307, 308)
AI_VERSION: Final[str] = "7.0.173"  # the ``ai`` package the providers are driven through
UNDICI: Final[str] = "undici@6.29.1"  # for the proxy preload (see the module docstring)

_CATCH: Final[str] = """\
} catch (e) {
  console.error(String(e));
  if (e && e.cause) console.error("cause: " + String(e.cause.message ?? e.cause));
  process.exit(1);
}
"""

ANTHROPIC_DRIVER: Final[str] = (
    """\
import Anthropic from "@anthropic-ai/sdk";
const [op, baseURL] = process.argv.slice(2);
const client = new Anthropic({ baseURL, apiKey: process.env.AGROUTES_KEY, maxRetries: 0,
                               timeout: 20000 });
const body = { model: "claude-sonnet-4-5", messages: [{ role: "user", content: "hi" }] };
try {
  if (op === "messages") await client.messages.create({ ...body, max_tokens: 16 });
  else if (op === "count-tokens") await client.messages.countTokens(body);
  else if (op === "list-models") await client.models.list();
  else throw new Error("unknown operation " + op);
  console.log("ok");
"""
    + _CATCH
)

GENAI_DRIVER: Final[str] = (
    """\
import { GoogleGenAI } from "@google/genai";
const [op, baseUrl, apiVersion] = process.argv.slice(2);
const httpOptions = { baseUrl, timeout: 20000 };
if (apiVersion !== "-") httpOptions.apiVersion = apiVersion;
const ai = new GoogleGenAI({ apiKey: process.env.AGROUTES_KEY, httpOptions });
const call = { model: "gemini-2.5-flash", contents: "hi" };
try {
  if (op === "generate-content") await ai.models.generateContent(call);
  else if (op === "stream-generate-content") {
    for await (const _ of await ai.models.generateContentStream(call)) { /* drain */ }
  } else if (op === "list-models") await ai.models.list();
  else throw new Error("unknown operation " + op);
  console.log("ok");
"""
    + _CATCH
)

AISDK_DRIVER: Final[str] = (
    """\
import { generateText, streamText } from "ai";
const [provider, op, baseURL] = process.argv.slice(2);
const apiKey = process.env.AGROUTES_KEY;
let model;
if (provider === "openai") {
  const { createOpenAI } = await import("@ai-sdk/openai");
  model = createOpenAI({ baseURL, apiKey })("gpt-4o-mini");
} else if (provider === "openai-compatible") {
  const { createOpenAICompatible } = await import("@ai-sdk/openai-compatible");
  model = createOpenAICompatible({ name: "proxy", baseURL, apiKey })("gpt-4o-mini");
} else if (provider === "anthropic") {
  const { createAnthropic } = await import("@ai-sdk/anthropic");
  model = createAnthropic({ baseURL, apiKey })("claude-sonnet-4-5");
} else if (provider === "google") {
  const { createGoogleGenerativeAI } = await import("@ai-sdk/google");
  model = createGoogleGenerativeAI({ baseURL, apiKey })("gemini-2.5-flash");
} else throw new Error("unknown provider " + provider);
try {
  if (op === "generate") {
    await generateText({ model, prompt: "hi", maxRetries: 0 });
  } else if (op === "stream") {
    let failure = null;
    const result = streamText({ model, prompt: "hi", maxRetries: 0,
                                onError: ({ error }) => { failure = error; } });
    await result.consumeStream();
    if (failure) throw failure;
  } else throw new Error("unknown operation " + op);
  console.log("ok");
"""
    + _CATCH
)

#: Continue's Gemini mode: make Node's fetch use HTTP(S)_PROXY, so a request to another
#: host reaches the recorder as a CONNECT (refused) instead of failing in DNS unseen.
PROXY_PRELOAD: Final[str] = """\
const { setGlobalDispatcher, EnvHttpProxyAgent } = require("undici");
setGlobalDispatcher(new EnvHttpProxyAgent());
"""


def _ai_sdk(provider: str, version: str) -> Package:
    return Package(
        f"ai-{provider}",
        f"@ai-sdk/{provider}",
        version,
        None,
        driver=AISDK_DRIVER,
        extra=(f"ai@{AI_VERSION}",),
    )


PACKAGES: Final[Mapping[str, Package]] = {
    p.key: p
    for p in (
        Package("anthropic", "@anthropic-ai/sdk", "1.16.0", None, driver=ANTHROPIC_DRIVER),
        Package("genai", "@google/genai", "3.3.0", None, driver=GENAI_DRIVER),
        _ai_sdk("openai", "4.0.118"),
        _ai_sdk("openai-compatible", "3.0.92"),
        _ai_sdk("anthropic", "4.0.105"),
        _ai_sdk("google", "4.0.121"),
        Package("opencode", "opencode-ai", "1.18.33", "opencode"),
        Package("qwen", "@qwen-code/qwen-code", "0.24.4", "qwen"),
        Package("continue", "@continuedev/cli", "1.5.47", "cn", extra=(UNDICI,)),
    )
}


def _library(*args: str) -> Callable[[RunContext], Invocation]:
    def build(ctx: RunContext) -> Invocation:
        driver = ctx.installed.prefix / "drive.mjs"
        argv = ["node", str(driver), *(ctx.base_url if a == "{base}" else a for a in args)]
        return Invocation(argv=argv, env={"AGROUTES_KEY": API_KEY})

    return build


_OPENCODE_ENV: Final[Mapping[str, str]] = {
    "OPENCODE_DISABLE_MODELS_FETCH": "1",
    "OPENCODE_DISABLE_AUTOUPDATE": "1",
    "OPENCODE_DISABLE_SHARE": "1",
    "OPENCODE_DISABLE_LSP_DOWNLOAD": "1",
    "OPENCODE_DISABLE_DEFAULT_PLUGINS": "1",
    "OPENCODE_DISABLE_CLAUDE_CODE": "1",
    "OPENCODE_DISABLE_EXTERNAL_SKILLS": "1",
    "OPENCODE_DISABLE_PROJECT_CONFIG": "1",
    "NO_COLOR": "1",
}


def _opencode(npm: str, provider: str, model: str) -> Callable[[RunContext], Invocation]:
    def build(ctx: RunContext) -> Invocation:
        config = {
            "model": f"{provider}/{model}",
            "autoupdate": False,
            "share": "disabled",
            "provider": {
                provider: {
                    "npm": npm,
                    "name": provider,
                    "options": {"baseURL": ctx.base_url, "apiKey": API_KEY},
                    "models": {model: {"name": model}},
                }
            },
        }
        return Invocation(
            argv=[str(ctx.installed.bin_path()), "run", "hi"],
            env={**_OPENCODE_ENV, "OPENCODE_CONFIG_CONTENT": json.dumps(config)},
        )

    return build


_QWEN_SETTINGS: Final[str] = json.dumps(
    {
        "privacy": {"usageStatisticsEnabled": False},
        "telemetry": {"enabled": False},
        "general": {"disableAutoUpdate": True, "disableUpdateNag": True},
    }
)
#: auth type -> (Base URL variable, key variable, model variable, model)
_QWEN_AUTH: Final[Mapping[str, tuple[str, str, str, str]]] = {
    "openai": ("OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL", "gpt-4o-mini"),
    "openai-responses": ("OPENAI_BASE_URL", "OPENAI_API_KEY", "OPENAI_MODEL", "gpt-4o-mini"),
    "anthropic": (
        "ANTHROPIC_BASE_URL",
        "ANTHROPIC_API_KEY",
        "ANTHROPIC_MODEL",
        "claude-sonnet-4-5",
    ),
    "gemini": ("GOOGLE_GEMINI_BASE_URL", "GEMINI_API_KEY", "GEMINI_MODEL", "gemini-2.5-flash"),
}


def _qwen(auth_type: str) -> Callable[[RunContext], Invocation]:
    base_var, key_var, model_var, model = _QWEN_AUTH[auth_type]

    def build(ctx: RunContext) -> Invocation:
        return Invocation(
            argv=[str(ctx.installed.bin_path()), "-p", "hi", "--auth-type", auth_type],
            env={base_var: ctx.base_url, key_var: API_KEY, model_var: model, "NO_COLOR": "1"},
            files={".qwen/settings.json": _QWEN_SETTINGS},
        )

    return build


def _continue(provider: str, model: str) -> Callable[[RunContext], Invocation]:
    def build(ctx: RunContext) -> Invocation:
        config = "\n".join(
            [
                "name: agroutes-capture",
                "version: 0.0.1",
                "schema: v1",
                "models:",
                "  - name: capture",
                f"    provider: {provider}",
                f"    model: {model}",
                f"    apiKey: {API_KEY}",
                # A YAML double-quoted scalar accepts JSON string escapes.
                f"    apiBase: {json.dumps(ctx.base_url)}",
                "    roles: [chat]",
                "",
            ]
        )
        env = {"NO_COLOR": "1", "CONTINUE_GLOBAL_DIR": str(ctx.home / ".continue")}
        if provider == "gemini":
            preload = ctx.installed.prefix / "proxy-preload.cjs"
            env["NODE_OPTIONS"] = f"--require {preload}"
            env["NODE_PATH"] = str(ctx.installed.prefix / "node_modules")
        config_path = ctx.home / ".continue" / "config.yaml"
        return Invocation(
            argv=[str(ctx.installed.bin_path()), "-p", "hi", "--config", str(config_path)],
            env=env,
            files={".continue/config.yaml": config},
        )

    return build


GEMINI_FLASH: Final[str] = "gemini-2.5-flash"
_GEMINI_OPS: Final[Mapping[str, str]] = {
    "generate-content": "models.generateContent",
    "stream-generate-content": "models.generateContentStream",
    "list-models": "models.list",
}
_OPENCODE_PROVIDERS: Final[tuple[tuple[str, str, str, str, str], ...]] = (
    # (mode, npm package, provider id, model, operation)
    (
        "openai-compatible",
        "@ai-sdk/openai-compatible",
        "hx-compat",
        "gpt-4o-mini",
        "chat-completions",
    ),
    ("openai", "@ai-sdk/openai", "openai", "gpt-4o-mini", "responses"),
    ("anthropic", "@ai-sdk/anthropic", "anthropic", "claude-sonnet-4-5", "messages"),
    ("google", "@ai-sdk/google", "google", GEMINI_FLASH, "stream-generate-content"),
)
_QWEN_OPERATIONS: Final[Mapping[str, str]] = {
    "openai": "chat-completions",
    "openai-responses": "responses",
    "anthropic": "messages",
    "gemini": "stream-generate-content",
}
_CONTINUE_PROVIDERS: Final[tuple[tuple[str, str, str], ...]] = (
    ("openai", "gpt-4o-mini", "chat-completions"),
    ("anthropic", "claude-sonnet-4-5", "messages"),
    ("gemini", GEMINI_FLASH, "stream-generate-content"),
)

MODES: Final[tuple[Mode, ...]] = (
    *(
        Mode("anthropic-node", "anthropic", {}, (op,), _library(op, "{base}"), op)
        for op in ("messages", "count-tokens", "list-models")
    ),
    *(
        Mode(
            "google-genai-node",
            "genai",
            {} if version == "-" else {"api_version": version},
            (op,),
            _library(op, "{base}", version),
            f"{call}, apiVersion {'default' if version == '-' else version}",
        )
        for version in ("-", "v1beta")
        for op, call in _GEMINI_OPS.items()
    ),
    Mode(
        "ai-sdk/openai",
        "ai-openai",
        {},
        ("responses",),
        _library("openai", "generate", "{base}"),
        "generateText",
    ),
    Mode(
        "ai-sdk/openai-compatible",
        "ai-openai-compatible",
        {},
        ("chat-completions",),
        _library("openai-compatible", "generate", "{base}"),
        "generateText",
    ),
    Mode(
        "ai-sdk/anthropic",
        "ai-anthropic",
        {},
        ("messages",),
        _library("anthropic", "generate", "{base}"),
        "generateText",
    ),
    Mode(
        "ai-sdk/google",
        "ai-google",
        {},
        ("generate-content",),
        _library("google", "generate", "{base}"),
        "generateText",
    ),
    Mode(
        "ai-sdk/google",
        "ai-google",
        {},
        ("stream-generate-content",),
        _library("google", "stream", "{base}"),
        "streamText",
    ),
    *(
        Mode(
            f"opencode/{mode}",
            "opencode",
            {"model": GEMINI_FLASH} if mode == "google" else {},
            (operation,),
            _opencode(npm, provider, model),
            npm,
            timeout_factor=2.0,
        )
        for mode, npm, provider, model, operation in _OPENCODE_PROVIDERS
    ),
    *(
        Mode(
            f"qwen-code/{auth}",
            "qwen",
            {"model": GEMINI_FLASH} if auth == "gemini" else {},
            (operation,),
            _qwen(auth),
            f"--auth-type {auth}",
        )
        for auth, operation in _QWEN_OPERATIONS.items()
    ),
    *(
        Mode(
            f"continue/{provider}",
            "continue",
            {"model": GEMINI_FLASH} if provider == "gemini" else {},
            (operation,),
            _continue(provider, model),
            f"provider: {provider}",
        )
        for provider, model, operation in _CONTINUE_PROVIDERS
    ),
)


def _families() -> dict[str, tuple[str, ...]]:
    keys = [k for m in MODES for k in (m.client, m.package, m.client.partition("/")[0])]
    return {
        key: tuple(
            dict.fromkeys(
                m.client for m in MODES if key in (m.client, m.package, m.client.partition("/")[0])
            )
        )
        for key in dict.fromkeys(keys)
    }


#: ``--clients`` takes a fixture id, a family (``opencode``) or a package key.
CLIENT_FAMILIES: Final[Mapping[str, tuple[str, ...]]] = _families()

#: The Base URL each client's documentation asks for (the redirect runs use it).
DOCUMENTED: Final[Mapping[str, str]] = {
    "claude-code": "http://H",
    "gemini-cli": "http://H",
    "kilo-code/google": "http://H/v1beta",
    "anthropic-node": "http://H",
    "google-genai-node": "http://H",
    "qwen-code/anthropic": "http://H",
    "qwen-code/gemini": "http://H",
    "ai-sdk/google": "http://H/v1beta",
    "opencode/google": "http://H/v1beta",
    "continue/gemini": "http://H/v1beta",
}


#: ``--first-wave``: the clients of ``tools/capture_clients.py``, one mode each (gemini-cli
#: with a model, so that no router call comes first), for their redirect runs only.
FIRST_WAVE: Final[tuple[Mode, ...]] = tuple(
    m
    for m in cap.MODES
    if (m.client, m.label)
    in {
        ("claude-code", "claude -p hi"),
        ("codex", "wire_api=responses"),
        ("gemini-cli", f"-m {GEMINI_FLASH}"),
        ("openai-node", "chat-completions"),
    }
    or m.client.startswith("kilo-code/")
)


def documented(client_id: str) -> str:
    return DOCUMENTED.get(client_id, "http://H/v1")


def _write_preload(installed: Mapping[str, Installed]) -> None:
    if "continue" in installed:
        (installed["continue"].prefix / "proxy-preload.cjs").write_text(
            PROXY_PRELOAD, encoding="utf-8"
        )


def redirect_row(result: cap.RunResult, status: int, version: str) -> dict[str, Any]:
    """One redirect observation: the first request, and the one sent to its Location."""
    direct = [r for r in result.requests if not r.via_proxy]
    first = next((r for r in direct if not r.target.startswith(REDIRECTED_PREFIX)), None)
    followed = next((r for r in direct if r.target.startswith(REDIRECTED_PREFIX)), None)
    return {
        "client": result.mode.client,
        "client_version": version,
        "operation": result.mode.operations[0],
        "settings": dict(result.mode.settings),
        "base_url": result.base_template,
        "redirect": status,
        "first": None if first is None else [first.method, first.target],
        "followed": None if followed is None else [followed.method, followed.target],
        "body_kept": None if first is None or followed is None else first.body == followed.body,
        "outcome": cap.outcome(result),
    }


def _redirect_run(
    mode: Mode, status: int, installed: Mapping[str, Installed], run_timeout: float
) -> tuple[dict[str, Any], dict[str, Any]]:
    """One run with the documented Base URL and the recorder answering ``status``."""
    result = cap.run_one(
        mode,
        documented(mode.client),
        installed[mode.package],
        timeout=run_timeout * mode.timeout_factor,
        ipv6=False,
        redirect=status,
    )
    row = redirect_row(result, status, installed[mode.package].version)
    cap._log(f"{mode.client} [{mode.label}] {status}: {row['first']} -> {row['followed']}")
    return row, {**cap._run_log_entry(result), "redirect": status}


def with_elsewhere(result: cap.RunResult, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of a run, each with the hosts the client tried to reach instead (CONNECT)."""
    elsewhere = sorted({r.target for r in result.requests if r.via_proxy})
    return [{**row, "connect_attempts": elsewhere} for row in rows]


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--clients", nargs="*", metavar="CLIENT")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--redirects-out", type=Path, default=DEFAULT_REDIRECTS)
    parser.add_argument("--no-redirects", action="store_true", help="skip the redirect runs")
    parser.add_argument("--no-matrix", action="store_true", help="only the redirect runs")
    parser.add_argument(
        "--first-wave",
        action="store_true",
        help="the redirect runs of tools/capture_clients.py's clients (openai-node, "
        "claude-code, codex, gemini-cli, kilo-code), instead of this script's clients",
    )
    parser.add_argument("--log", type=Path, default=None)
    parser.add_argument("--install-dir", type=Path, default=None)
    parser.add_argument("--run-timeout", type=float, default=60.0)
    parser.add_argument("--total-timeout", type=float, default=2400.0)
    parser.add_argument("--install-timeout", type=float, default=900.0)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--bases", nargs="*", metavar="TEMPLATE")
    return parser.parse_args(argv)


def _selected(names: Sequence[str] | None) -> set[str]:
    if not names:
        return {m.client for m in MODES}
    chosen: set[str] = set()
    for raw in names:
        for name in raw.split(","):
            if name.strip() not in CLIENT_FAMILIES:
                known = ", ".join(sorted(CLIENT_FAMILIES))
                raise SystemExit(f"unknown client {name!r}; known: {known}")
            chosen.update(CLIENT_FAMILIES[name.strip()])
    return chosen


def _merge(
    path: Path, rows: list[dict[str, Any]], redone: Callable[[dict[str, Any]], bool]
) -> None:
    """Rows of runs not repeated now are kept; the new ones follow, in the modes' order."""
    order = {
        (m.client, json.dumps(dict(m.settings)), m.operations[0]): n for n, m in enumerate(MODES)
    }
    bases = {b: n for n, b in enumerate(BASE_MATRIX)}

    def key(row: Mapping[str, Any]) -> tuple[int, int, int]:
        mode = (str(row["client"]), json.dumps(row["settings"]), str(row["operation"]))
        return (
            order.get(mode, len(order)),
            bases.get(str(row["base_url"]), 99),
            row.get("redirect", 0),
        )

    kept = [r for r in cap._read_rows(path) if not redone(r)]
    cap._write_rows(path, sorted([*kept, *rows], key=key))


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    clients = _selected(args.clients)
    modes = [m for m in MODES if m.client in clients]
    packages = PACKAGES
    if args.first_wave:
        modes, packages = list(FIRST_WAVE), cap.PACKAGES
        clients = {m.client for m in modes}
        args.no_matrix = True
    ipv6 = ipv6_loopback_available()
    bases = [b for b in (args.bases or BASE_MATRIX) if ipv6 or "H6" not in b]
    if shutil.which("node") is None or shutil.which("npm") is None:
        cap._log("node and npm must be on PATH")
        return 2
    log_path: Path = args.log or Path(tempfile.gettempdir()) / "agroutes-node-capture-runs.jsonl"
    started = time.monotonic()
    with cap._install_root(args.install_dir) as root:
        installed, failures = cap._install_all(
            (m.package for m in modes),
            root,
            latest=False,
            timeout=args.install_timeout,
            packages=packages,
        )
        _write_preload(installed)
        runnable = [m for m in modes if m.package in installed]
        plan = [] if args.no_matrix else [(m, b) for m in runnable for b in bases]
        results, skipped = cap._run_all(
            plan,
            installed,
            jobs=args.jobs,
            run_timeout=args.run_timeout,
            total_timeout=args.total_timeout,
            ipv6=ipv6,
        )
        log_entries = [cap._run_log_entry(r) for r in results]
        redirect_rows: list[dict[str, Any]] = []
        if not args.no_redirects:
            runs = [(m, s) for m in runnable for s in REDIRECT_STATUSES]
            with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
                done = pool.map(
                    lambda run: _redirect_run(run[0], run[1], installed, args.run_timeout), runs
                )
                for row, entry in done:
                    redirect_rows.append(row)
                    log_entries.append(entry)

    with log_path.open("w", encoding="utf-8") as log:
        for entry in log_entries:
            log.write(json.dumps(entry) + "\n")
    rows = [
        row
        for r in results
        for row in with_elsewhere(r, cap.build_rows(r, installed[r.mode.package].version))
    ]
    incomplete = bool(skipped or failures)
    out = args.out.with_suffix(args.out.suffix + ".partial") if incomplete else args.out
    if plan:
        if incomplete:
            shutil.copyfile(args.out, out) if args.out.is_file() else None
        _merge(out, rows, lambda r: r.get("client") in clients and r.get("base_url") in bases)
    if redirect_rows:
        _merge(args.redirects_out, redirect_rows, lambda r: r.get("client") in clients)
    for key, message in failures.items():
        cap._log(f"  NOT CAPTURED {packages[key].name}: {message}")
    if skipped:
        cap._log(f"  total timeout: {len(skipped)} runs skipped, e.g. {skipped[:3]}")
    cap._log(
        f"{len(rows)} rows to {out}, {len(redirect_rows)} redirect rows; run log {log_path}; "
        f"{time.monotonic() - started:.0f}s"
    )
    return 1 if incomplete else 0


if __name__ == "__main__":
    sys.exit(main())
