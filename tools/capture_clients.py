"""Capture the exact requests real command-line / Node AI clients send for a Base URL.

This script installs each client from the npm registry into a temporary folder, runs it
once per Base URL in a fixed matrix against a loopback recording server
(``tests/support/recorder.py``), and writes one JSON line per request it saw to
``tests/fixtures/captured-clients.jsonl``. ``tests/test_captured_clients.py`` then replays
every row through ``agroutes.resolve()``: the real client is the truth.

Re-running it
-------------
From the repository root::

    python tools/capture_clients.py                      # every client, whole matrix
    python tools/capture_clients.py --clients codex      # re-capture one client family
    python tools/capture_clients.py --install-dir /tmp/agcap   # reuse / keep the installs
    python tools/capture_clients.py --latest             # try each package's npm latest

It needs Python 3.11 (standard library only), ``node`` and ``npm`` on PATH (node 20 is
enough; openai-node and claude-code declare node >= 22 but run here), and network access to
the npm registry for the installs (about 1.2 GB on disk, a few minutes). Nothing else
leaves the machine: every client runs with a throwaway HOME, telemetry / auto-update /
non-essential traffic switched off, and ``HTTP(S)_PROXY`` pointed at the recorder with
``NO_PROXY`` covering loopback, so an attempt to reach another host arrives as a
``CONNECT`` that is refused (403) and written to the run log (``--log``). Each run is
bounded (``--run-timeout``, default 60 s, 150 s for Kilo; the whole process group is killed
on timeout, and any process still carrying the run's marker variable after it) and so is
the whole capture (``--total-timeout``, default 30 min). A full capture takes 9 to 10
minutes on 2 cores (about 20 s of installs with a warm npm cache; Kilo, which needs about
10 s to start, takes two thirds of it). If an install fails or the total budget runs out,
the output goes to ``<out>.partial`` and the exit status is 1.

The recorder is used as it is: its canned replies already cover what these clients need
(a JSON text that fits gemini-cli's model-router schemas, the whole OpenAI Responses event
stream for the AI SDK, no traceback when Bun resets a connection; see its module docstring).

Clients (the fixture's ``client`` ids):

* ``claude-code``: ``claude -p hi`` with ``ANTHROPIC_BASE_URL``.
* ``codex``: ``codex exec --skip-git-repo-check hi`` with a custom model provider,
  ``wire_api = "responses"``; also ``wire_api = "chat"``, which codex refuses.
* ``gemini-cli``: ``gemini -p hi`` with ``GOOGLE_GEMINI_BASE_URL``, in the default
  auto-routing mode, with ``-m gemini-2.5-flash``, and with ``GOOGLE_GENAI_API_VERSION=v1``.
* ``kilo-code/<mode>``: ``kilo run hi`` with the provider in ``KILO_CONFIG_CONTENT``, for
  each AI SDK provider package (openai-compatible, openai, anthropic, google).
* ``openai-node``: the ``openai`` npm package, ``chat.completions.create``,
  ``models.list`` and ``responses.create`` with ``maxRetries: 0``.

Fixture rows: ``client``, ``client_version``, ``operation``, ``settings`` (agroutes client
settings that reproduce the run), ``base_url`` (``H`` = ``127.0.0.1:<port>``, ``H6`` =
``[::1]:<port>``, ``LH`` = ``localhost:<port>``), ``method``, ``target`` (raw request-line
target), ``request_index``, ``request_count``, ``refused`` (the client's error text when it
sent nothing), ``outcome``. A run that sent nothing has one row per operation it would have
made, with ``method``/``target``/``request_index`` null and ``request_count`` 0.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote

REPO_ROOT: Final[Path] = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.support.recorder import (  # noqa: E402
    RecordedRequest,
    Recorder,
    ipv6_loopback_available,
)

DEFAULT_OUT: Final[Path] = REPO_ROOT / "tests" / "fixtures" / "captured-clients.jsonl"
NO_PROXY: Final[str] = "127.0.0.1,localhost,::1,[::1]"
API_KEY: Final[str] = "sk-agroutes-capture"


# --------------------------------------------------------------------------------------
# Packages
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Package:
    """An npm package to install, pinned to the newest version that installs and runs."""

    key: str
    name: str
    version: str
    bin: str | None  # the node_modules/.bin entry to run; None for a library
    note: str = ""
    #: For a library: the ES module written as ``drive.mjs`` beside its node_modules.
    driver: str = ""
    #: Other packages installed beside it, pinned (``ai@7.0.173`` for the AI SDK providers).
    extra: tuple[str, ...] = ()


_OPENAI_NODE_DRIVER: Final[str] = """\
import OpenAI from "openai";
const [op, baseURL] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey: process.env.OPENAI_API_KEY, maxRetries: 0,
                            timeout: 20000 });
try {
  if (op === "chat-completions") {
    await client.chat.completions.create({
      model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] });
  } else if (op === "list-models") {
    await client.models.list();
  } else if (op === "responses") {
    await client.responses.create({ model: "gpt-4o-mini", input: "hi" });
  } else {
    throw new Error("unknown operation " + op);
  }
  console.log("ok");
} catch (e) {
  console.error(String(e));
  if (e && e.cause) console.error("cause: " + String(e.cause.message ?? e.cause));
  process.exit(1);
}
"""

PACKAGES: Final[Mapping[str, Package]] = {
    p.key: p
    for p in (
        Package("claude", "@anthropic-ai/claude-code", "2.1.332", "claude"),
        Package("codex", "@openai/codex", "0.171.0", "codex"),
        Package("gemini", "@google/gemini-cli", "0.61.0", "gemini"),
        Package(
            "kilo",
            "@kilocode/cli",
            "7.7.7",
            "kilo",
            note="7.8.1 (npm latest) does not install here: @kilocode/cli-linux-x64 has no "
            "7.8.1 on the registry (its newest is 7.7.9, for which there is no @kilocode/cli)",
        ),
        Package("openai", "openai", "7.59.0", None, driver=_OPENAI_NODE_DRIVER),
    )
}


@dataclass
class Installed:
    """Where a package ended up and which version it is."""

    package: Package
    prefix: Path
    version: str

    @property
    def module_dir(self) -> Path:
        return self.prefix / "node_modules" / self.package.name

    def bin_path(self) -> Path:
        if self.package.bin is None:
            raise RuntimeError(f"{self.package.name} has no binary")
        return self.prefix / "node_modules" / ".bin" / self.package.bin


def _log(message: str) -> None:
    print(f"[capture {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _installed_version(prefix: Path, name: str) -> str | None:
    manifest = prefix / "node_modules" / name / "package.json"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    version = data.get("version") if isinstance(data, dict) else None
    return version if isinstance(version, str) else None


def _npm_install(
    prefix: Path, spec: str, timeout: float, extra: Sequence[str] = ()
) -> tuple[bool, str]:
    prefix.mkdir(parents=True, exist_ok=True)
    argv = ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(prefix), spec, *extra]
    try:
        done = subprocess.run(  # noqa: S603 - fixed argv, no shell
            argv,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False, f"npm install {spec} timed out after {timeout:.0f}s"
    except OSError as exc:
        return False, f"npm install {spec} could not start: {exc}"
    tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
    return done.returncode == 0, " | ".join(tail)


def _smoke(installed: Installed) -> tuple[bool, str]:
    """Check that an installed CLI starts (``--version``) within a few seconds."""
    if installed.package.bin is None:
        return (installed.module_dir / "package.json").is_file(), "library"
    with tempfile.TemporaryDirectory(prefix="agroutes-smoke-") as home:
        env = {"PATH": os.environ.get("PATH", ""), "HOME": home, "CODEX_HOME": home}
        try:
            done = subprocess.run(  # noqa: S603 - fixed argv, no shell
                [str(installed.bin_path()), "--version"],
                capture_output=True,
                text=True,
                timeout=60,
                env=env,
                cwd=home,
                stdin=subprocess.DEVNULL,
                check=False,
            )
        except (subprocess.TimeoutExpired, OSError) as exc:
            return False, str(exc)
    said = (done.stdout or done.stderr).strip()[:200]
    if done.returncode != 0:
        return False, said
    # A wrapper can start a binary of another version (Kilo's looks for its platform
    # package up the directory tree): the binary's own word is what was captured.
    reported = re.search(r"\d+\.\d+\.\d+", done.stdout)
    if reported is not None and reported.group(0) != installed.version:
        return False, f"package {installed.version} runs a {reported.group(0)} binary ({said})"
    return True, said


def _write_driver(installed: Installed) -> None:
    if installed.package.driver:
        (installed.prefix / "drive.mjs").write_text(installed.package.driver, encoding="utf-8")


def install(package: Package, root: Path, *, latest: bool, timeout: float) -> Installed:
    """Install ``package`` under ``root/<key>`` (reusing a matching install)."""
    prefix = root / package.key
    wanted = "latest" if latest else package.version
    if latest:
        # A sibling folder, never nested: node resolution would find the pinned install.
        latest_prefix = root / f"{package.key}-latest"
        ok, message = _npm_install(latest_prefix, f"{package.name}@latest", timeout, package.extra)
        if ok:
            latest_version = _installed_version(latest_prefix, package.name) or "?"
            candidate = Installed(package, latest_prefix, latest_version)
            works, detail = _smoke(candidate)
            if works:
                _write_driver(candidate)
                return candidate
            message = f"{package.name}@{latest_version} installed but does not start: {detail}"
        _log(f"{package.name}@latest unusable ({message}); falling back to {package.version}")
        wanted = package.version
    have = _installed_version(prefix, package.name)
    if have != wanted:
        _log(f"npm install {package.name}@{wanted} ...")
        ok, message = _npm_install(prefix, f"{package.name}@{wanted}", timeout, package.extra)
        if not ok:
            raise RuntimeError(f"npm install {package.name}@{wanted} failed: {message}")
    version = _installed_version(prefix, package.name)
    if version is None:
        raise RuntimeError(f"{package.name} is not in {prefix} after npm install")
    installed = Installed(package, prefix, version)
    works, detail = _smoke(installed)
    if not works:
        raise RuntimeError(f"{package.name}@{version} does not start here: {detail}")
    _write_driver(installed)
    _log(f"{package.name}@{version} ready in {prefix}")
    return installed


# --------------------------------------------------------------------------------------
# Runs
# --------------------------------------------------------------------------------------

BASE_MATRIX: Final[tuple[str, ...]] = (
    "http://H",
    "http://H/",
    "http://H/v1",
    "http://H/v1/",
    "http://H/v1/v1",
    "http://H/v1/chat/completions",
    "http://H/v1beta",
    "http://H/proxy/v1",
    "http://H//v1",
    "http://H/v1?x=1",
    "http://u:p@H/v1",
    "http://H6/v1",
    "http://LH/v1",
)

_PLACEHOLDER: Final = re.compile(r"(?<=[/@])(H6|LH|H)(?=[/?#]|$)")


def real_base_url(template: str, port: int) -> str:
    """``http://H/v1`` with ``H``/``H6``/``LH`` replaced by the loopback authority."""
    hosts = {"H": f"127.0.0.1:{port}", "H6": f"[::1]:{port}", "LH": f"localhost:{port}"}
    return _PLACEHOLDER.sub(lambda m: hosts[m.group(1)], template, count=1)


@dataclass(frozen=True)
class Invocation:
    """What to run: argv, extra environment, and files to create under HOME first."""

    argv: list[str]
    env: dict[str, str]
    files: dict[str, str] = field(default_factory=dict)  # path relative to HOME -> text


@dataclass(frozen=True)
class RunContext:
    base_url: str
    home: Path
    installed: Installed


@dataclass(frozen=True)
class Mode:
    """One way of driving one client: a fixture client id plus agroutes settings."""

    client: str
    package: str
    settings: Mapping[str, str]
    operations: tuple[str, ...]  # what the client sends, in order (for refused rows)
    build: Callable[[RunContext], Invocation]
    label: str
    #: Kilo starts slowly (about 10 s before its first request) and its openai provider
    #: retries a 404 with a growing backoff (6 requests over about 80 s).
    timeout_factor: float = 1.0


def _claude(ctx: RunContext) -> Invocation:
    return Invocation(
        argv=[str(ctx.installed.bin_path()), "-p", "hi"],
        env={
            "ANTHROPIC_BASE_URL": ctx.base_url,
            "ANTHROPIC_API_KEY": API_KEY,
            "DISABLE_TELEMETRY": "1",
            "DISABLE_ERROR_REPORTING": "1",
            "DISABLE_AUTOUPDATER": "1",
            "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1",
        },
    )


def _codex(wire_api: str) -> Callable[[RunContext], Invocation]:
    def build(ctx: RunContext) -> Invocation:
        # TOML basic strings accept JSON string escapes for everything a URL can hold.
        config = "\n".join(
            [
                'model = "gpt-4o-mini"',
                'model_provider = "custom"',
                "check_for_update_on_startup = false",
                "",
                "[analytics]",
                "enabled = false",
                "",
                "[feedback]",
                "enabled = false",
                "",
                "[features]",
                # The curated-plugin sync reaches github.com / chatgpt.com at startup.
                "plugins = false",
                "remote_plugin = false",
                "",
                "[model_providers.custom]",
                'name = "custom"',
                f"base_url = {json.dumps(ctx.base_url)}",
                'env_key = "CUSTOM_API_KEY"',
                f"wire_api = {json.dumps(wire_api)}",
                "",
            ]
        )
        return Invocation(
            argv=[str(ctx.installed.bin_path()), "exec", "--skip-git-repo-check", "hi"],
            env={
                "CODEX_HOME": str(ctx.home / ".codex"),
                "CUSTOM_API_KEY": API_KEY,
                "RUST_LOG": "error",
                "NO_COLOR": "1",
            },
            files={".codex/config.toml": config},
        )

    return build


def _gemini(model: str | None, api_version: str | None) -> Callable[[RunContext], Invocation]:
    def build(ctx: RunContext) -> Invocation:
        settings = {
            # Without this, GOOGLE_GEMINI_BASE_URL makes it pick auth type "gateway", which
            # its own validation rejects ("Invalid auth method selected.", exit 41).
            "security": {"auth": {"selectedType": "gemini-api-key"}},
            "privacy": {"usageStatisticsEnabled": False},
            "telemetry": {"enabled": False},
            "general": {"disableAutoUpdate": True, "disableUpdateNag": True},
        }
        env = {
            "GEMINI_API_KEY": API_KEY,
            "GOOGLE_GEMINI_BASE_URL": ctx.base_url,
            # 0.61.0 stops in an untrusted folder (exit 55) unless told otherwise.
            "GEMINI_CLI_TRUST_WORKSPACE": "true",
            "NO_COLOR": "1",
        }
        if api_version is not None:
            env["GOOGLE_GENAI_API_VERSION"] = api_version
        argv = ["node", str(ctx.installed.bin_path().resolve())]
        if model is not None:
            argv += ["-m", model]
        return Invocation(
            argv=[*argv, "-p", "hi"],
            env=env,
            files={".gemini/settings.json": json.dumps(settings, indent=2)},
        )

    return build


_KILO_ENV: Final[Mapping[str, str]] = {
    "KILO_DISABLE_MODELS_FETCH": "1",
    "KILO_DISABLE_AUTOUPDATE": "1",
    "KILO_DISABLE_SHARE": "1",
    "KILO_DISABLE_LSP_DOWNLOAD": "1",
    "KILO_DISABLE_DEFAULT_PLUGINS": "1",
    "KILO_DISABLE_CLAUDE_CODE": "1",
    "KILO_DISABLE_EXTERNAL_SKILLS": "1",
    "KILO_DISABLE_SESSION_INGEST": "1",
    "KILO_DISABLE_PRESENCE": "1",
    "KILO_DISABLE_CODEBASE_INDEXING": "1",
    "KILO_DISABLE_PROJECT_CONFIG": "1",
    "KILO_TELEMETRY_LEVEL": "off",
    "NO_COLOR": "1",
}


def _kilo(npm: str, provider: str, model: str) -> Callable[[RunContext], Invocation]:
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
            env={**_KILO_ENV, "KILO_CONFIG_CONTENT": json.dumps(config)},
        )

    return build


def _openai_node(operation: str) -> Callable[[RunContext], Invocation]:
    def build(ctx: RunContext) -> Invocation:
        driver = ctx.installed.prefix / "drive.mjs"
        return Invocation(
            argv=["node", str(driver), operation, ctx.base_url],
            env={"OPENAI_API_KEY": API_KEY},
        )

    return build


GEMINI_FLASH: Final[str] = "gemini-2.5-flash"

MODES: Final[tuple[Mode, ...]] = (
    Mode("claude-code", "claude", {}, ("messages",), _claude, "claude -p hi"),
    Mode("codex", "codex", {}, ("responses",), _codex("responses"), "wire_api=responses"),
    Mode(
        "codex",
        "codex",
        {"wire_api": "chat"},
        ("chat-completions",),
        _codex("chat"),
        "wire_api=chat",
    ),
    Mode(
        "gemini-cli",
        "gemini",
        {},
        ("generate-content", "stream-generate-content"),
        _gemini(None, None),
        "auto-routing",
    ),
    Mode(
        "gemini-cli",
        "gemini",
        {"model": GEMINI_FLASH},
        ("stream-generate-content",),
        _gemini(GEMINI_FLASH, None),
        f"-m {GEMINI_FLASH}",
    ),
    Mode(
        "gemini-cli",
        "gemini",
        {"model": GEMINI_FLASH, "api_version": "v1"},
        ("stream-generate-content",),
        _gemini(GEMINI_FLASH, "v1"),
        f"-m {GEMINI_FLASH}, GOOGLE_GENAI_API_VERSION=v1",
    ),
    Mode(
        "kilo-code/openai-compatible",
        "kilo",
        {},
        ("chat-completions",),
        _kilo("@ai-sdk/openai-compatible", "hx-compat", "gpt-4o-mini"),
        "@ai-sdk/openai-compatible",
        timeout_factor=2.5,
    ),
    Mode(
        "kilo-code/openai",
        "kilo",
        {},
        ("responses",),
        _kilo("@ai-sdk/openai", "openai", "gpt-4o-mini"),
        "@ai-sdk/openai",
        timeout_factor=2.5,
    ),
    Mode(
        "kilo-code/anthropic",
        "kilo",
        {},
        ("messages",),
        _kilo("@ai-sdk/anthropic", "anthropic", "claude-sonnet-4-5"),
        "@ai-sdk/anthropic",
        timeout_factor=2.5,
    ),
    Mode(
        "kilo-code/google",
        "kilo",
        {"model": GEMINI_FLASH},
        ("stream-generate-content",),
        _kilo("@ai-sdk/google", "google", GEMINI_FLASH),
        "@ai-sdk/google",
        timeout_factor=2.5,
    ),
    *(
        Mode("openai-node", "openai", {}, (op,), _openai_node(op), op)
        for op in ("chat-completions", "list-models", "responses")
    ),
)

#: ``--clients`` accepts fixture ids, their family (``kilo-code``) or the package key.
CLIENT_FAMILIES: Final[Mapping[str, tuple[str, ...]]] = {
    "claude-code": ("claude-code",),
    "claude": ("claude-code",),
    "codex": ("codex",),
    "gemini-cli": ("gemini-cli",),
    "gemini": ("gemini-cli",),
    "kilo-code": tuple(m.client for m in MODES if m.package == "kilo"),
    "kilo": tuple(m.client for m in MODES if m.package == "kilo"),
    "openai-node": ("openai-node",),
    "openai": ("openai-node",),
    **{m.client: (m.client,) for m in MODES},
}


@dataclass
class RunResult:
    mode: Mode
    base_template: str
    port: int
    exit_code: int | None  # None: killed on timeout
    elapsed: float
    timeout: float
    stdout: str
    stderr: str
    requests: list[RecordedRequest]
    home: str
    rows: list[dict[str, Any]] = field(default_factory=list)


_ERROR_HINTS: Final = (
    "Request cannot be constructed",
    "no longer supported",
    "Invalid auth method",
    "unexpected status",
    "Error",
    "error",
)
_NOISE: Final = re.compile(
    r"^\s*(at |\[STARTUP\]|Warning:|warning:|Ripgrep|WARN |\d{4}-\d\d-\d\dT\S+\s+WARN)"
)
_ANSI: Final = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _scrub(text: str, port: int, home: str) -> str:
    """Make text stable across runs: placeholder hosts, no temp paths or timestamps."""
    text = _ANSI.sub("", text)
    text = text.replace(f"127.0.0.1:{port}", "H").replace(f"[::1]:{port}", "H6")
    text = text.replace(f"localhost:{port}", "LH")
    if home:
        text = text.replace(home, "<home>")
    text = re.sub(r"/tmp/[\w./-]+", "<tmp>", text)  # noqa: S108 - scrubbing, not using
    text = re.sub(r"\d{4}-\d\d-\d\dT\d\d[-:]\d\d[-:]\d\d(?:[.-]\d+)?Z?", "<time>", text)
    text = re.sub(r"Full report available at: \S+ ?", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _error_line(result: RunResult) -> str:
    lines = [
        line
        for line in (result.stderr + "\n" + result.stdout).splitlines()
        if line.strip() and not _NOISE.match(line)
    ]
    for hint in _ERROR_HINTS:
        found = [line for line in lines if hint in line]
        if found:
            # The URL a refusing client quotes is the most useful part of its message.
            return found[0] if hint == _ERROR_HINTS[0] else found[-1]
    return lines[-1] if lines else ""


_OPERATION_MARKERS: Final[Mapping[str, str]] = {
    "generate-content": ":generateContent",
    "stream-generate-content": ":streamGenerateContent",
}


def _refusal(result: RunResult, operation: str) -> str:
    """The client's own words for not sending ``operation`` (the line naming its URL)."""
    lines = [
        line
        for line in (result.stderr + "\n" + result.stdout).splitlines()
        if _ERROR_HINTS[0] in line
    ]
    marker = _OPERATION_MARKERS.get(operation)
    if marker is not None:
        lines = [line for line in lines if marker in unquote(line)] or lines
    text = lines[0] if lines else _error_line(result)
    return _scrub(text, result.port, result.home)[:500]


def outcome(result: RunResult) -> str:
    if result.exit_code is None:
        return f"killed after the {result.timeout:.0f}s run timeout"
    if result.exit_code == 0:
        return "exit 0: ok"
    return (
        f"exit {result.exit_code}: " + _scrub(_error_line(result), result.port, result.home)[:300]
    )


def build_rows(result: RunResult, version: str) -> list[dict[str, Any]]:
    """The fixture rows for one run (one per direct request, or per refused operation)."""
    direct = [r for r in result.requests if not r.via_proxy]
    text = outcome(result)

    def row(operation: str, request: RecordedRequest | None, index: int | None) -> dict[str, Any]:
        refused = None
        if request is None and result.exit_code not in (None, 0):
            refused = _refusal(result, operation)
        return {
            "client": result.mode.client,
            "client_version": version,
            "operation": operation,
            "settings": dict(result.mode.settings),
            "base_url": result.base_template,
            "method": None if request is None else request.method,
            "target": None if request is None else request.target,
            "request_index": index,
            "request_count": len(direct),
            "refused": refused,
            "outcome": text,
        }

    if not direct:
        return [row(op, None, None) for op in result.mode.operations]
    return [row(classify(result.mode, r.target), r, i) for i, r in enumerate(direct)]


def classify(mode: Mode, target: str) -> str:
    """The operation of a request: the mode's only one, or by Gemini method name."""
    if len(mode.operations) == 1:
        return mode.operations[0]
    plain = unquote(target)
    if ":streamGenerateContent" in plain:
        return "stream-generate-content"
    if ":generateContent" in plain:
        return "generate-content"
    return "unknown"


def _environment(home: Path, proxy: str, marker: str, extra: Mapping[str, str]) -> dict[str, str]:
    """A clean environment: nothing from the caller's (no real keys or base URLs leak in)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
        "HOME": str(home),
        "TMPDIR": str(home / "tmp"),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "LANG": "C.UTF-8",
        "TERM": "dumb",
        "CI": "1",
        "HTTP_PROXY": proxy,
        "HTTPS_PROXY": proxy,
        "ALL_PROXY": proxy,
        "http_proxy": proxy,
        "https_proxy": proxy,
        "all_proxy": proxy,
        "NO_PROXY": NO_PROXY,
        "no_proxy": NO_PROXY,
        "DO_NOT_TRACK": "1",
        "AGROUTES_CAPTURE_RUN": marker,
    }
    env.update(extra)
    return env


def _kill_group(pgid: int) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pgid, sig)
        except (ProcessLookupError, PermissionError):
            return
        time.sleep(0.5 if sig is signal.SIGTERM else 0)


def _reap_marked(marker: str) -> list[int]:
    """Kill, by pid, any process of this run that escaped its process group (a daemon)."""
    killed = []
    needle = f"AGROUTES_CAPTURE_RUN={marker}".encode()
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                os.kill(int(entry.name), signal.SIGKILL)
                killed.append(int(entry.name))
        except (OSError, ValueError):
            continue
    return killed


def run_one(
    mode: Mode,
    template: str,
    installed: Installed,
    *,
    timeout: float,
    ipv6: bool,
    redirect: int | None = None,
) -> RunResult:
    hosts = ("127.0.0.1", "::1") if ipv6 else ("127.0.0.1",)
    marker = uuid.uuid4().hex
    with (
        Recorder(hosts, redirect=redirect) as rec,
        tempfile.TemporaryDirectory(prefix="agroutes-capture-") as tmp,
    ):
        home = Path(tmp)
        (home / "tmp").mkdir()
        work = home / "work"
        work.mkdir()
        base_url = real_base_url(template, rec.port)
        invocation = mode.build(RunContext(base_url, home, installed))
        for relative, text in invocation.files.items():
            path = home / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        env = _environment(home, rec.origin, marker, invocation.env)
        started = time.monotonic()
        proc = subprocess.Popen(  # noqa: S603 - argv built above, no shell
            invocation.argv,
            env=env,
            cwd=work,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        exit_code: int | None
        try:
            out, err = proc.communicate(timeout=timeout)
            exit_code = proc.returncode
        except subprocess.TimeoutExpired:
            _kill_group(proc.pid)
            _reap_marked(marker)  # a daemon outside the group may hold the pipes open
            try:
                out, err = proc.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                out, err = b"", b"(output lost: the pipes stayed open after the kill)"
            exit_code = None
        finally:
            _kill_group(proc.pid)  # children left behind in the group
            escaped = _reap_marked(marker)
            if escaped:
                _log(f"killed escaped processes {escaped} of {mode.client} {template}")
        elapsed = time.monotonic() - started
        # A reply is sent only after its request is recorded, so nothing is missed here.
        requests = rec.requests
        port = rec.port
    return RunResult(
        mode=mode,
        base_template=template,
        port=port,
        exit_code=exit_code,
        elapsed=elapsed,
        timeout=timeout,
        stdout=out.decode("utf-8", "replace"),
        stderr=err.decode("utf-8", "replace"),
        requests=requests,
        home=str(home),
    )


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def _selected_clients(names: Sequence[str] | None) -> set[str]:
    if not names:
        return {m.client for m in MODES}
    chosen: set[str] = set()
    for raw in names:
        for name in raw.split(","):
            key = name.strip()
            if key not in CLIENT_FAMILIES:
                known = ", ".join(sorted(CLIENT_FAMILIES))
                raise SystemExit(f"unknown client {key!r}; known: {known}")
            chosen.update(CLIENT_FAMILIES[key])
    return chosen


def _run_log_entry(result: RunResult) -> dict[str, Any]:
    return {
        "client": result.mode.client,
        "mode": result.mode.label,
        "settings": dict(result.mode.settings),
        "base_url": result.base_template,
        "port": result.port,
        "exit_code": result.exit_code,
        "elapsed_s": round(result.elapsed, 2),
        "requests": [r.to_dict() for r in result.requests],
        "connect_attempts": [r.target for r in result.requests if r.via_proxy],
        "stdout_tail": result.stdout[-2000:],
        "stderr_tail": result.stderr[-4000:],
    }


def _read_rows(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _write_rows(path: Path, rows: Iterable[Mapping[str, Any]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    tmp.replace(path)


@contextlib.contextmanager
def _install_root(path: Path | None) -> Iterator[Path]:
    if path is not None:
        path.mkdir(parents=True, exist_ok=True)
        yield path
        return
    tmp = Path(tempfile.mkdtemp(prefix="agroutes-npm-"))
    try:
        yield tmp
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--clients",
        nargs="*",
        metavar="CLIENT",
        help="fixture ids, families (kilo-code) or package keys; default: all. Rows of "
        "other clients already in --out are kept.",
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--log",
        type=Path,
        default=None,
        help="per-run log (JSON lines: exit status, time, requests, CONNECT attempts, "
        "output tails); default: a file in the system temp folder",
    )
    parser.add_argument(
        "--install-dir",
        type=Path,
        default=None,
        help="install the npm packages here and keep them (reused when the version "
        "matches); default: a temporary folder removed at the end",
    )
    parser.add_argument("--latest", action="store_true", help="try each package's npm latest")
    parser.add_argument(
        "--run-timeout", type=float, default=60.0, help="seconds per run (x2.5 for kilo)"
    )
    parser.add_argument(
        "--total-timeout", type=float, default=1800.0, help="seconds for all runs together"
    )
    parser.add_argument("--install-timeout", type=float, default=900.0)
    parser.add_argument("--jobs", type=int, default=2, help="runs in parallel (default 2)")
    parser.add_argument(
        "--bases", nargs="*", metavar="TEMPLATE", help="override the Base URL matrix"
    )
    return parser.parse_args(argv)


def _install_all(
    keys: Iterable[str],
    root: Path,
    *,
    latest: bool,
    timeout: float,
    packages: Mapping[str, Package] = PACKAGES,
) -> tuple[dict[str, Installed], dict[str, str]]:
    installed: dict[str, Installed] = {}
    failures: dict[str, str] = {}
    wanted = sorted(set(keys))
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(wanted) or 1) as pool:
        futures = {
            key: pool.submit(install, packages[key], root, latest=latest, timeout=timeout)
            for key in wanted
        }
        for key, future in futures.items():
            try:
                installed[key] = future.result()
            except Exception as exc:  # recorded and reported, the other clients go on
                failures[key] = str(exc)
                _log(f"cannot use {packages[key].name}: {exc}")
    return installed, failures


def _run_all(
    plan: Sequence[tuple[Mode, str]],
    installed: Mapping[str, Installed],
    *,
    jobs: int,
    run_timeout: float,
    total_timeout: float,
    ipv6: bool,
) -> tuple[list[RunResult], list[str]]:
    """Run the plan, ``jobs`` at a time; results come back in plan order."""
    deadline = time.monotonic() + total_timeout
    results: dict[int, RunResult] = {}
    skipped: list[str] = []
    lock = threading.Lock()

    def task(index: int, mode: Mode, template: str) -> None:
        if time.monotonic() > deadline:
            with lock:
                skipped.append(f"{mode.client} [{mode.label}] {template}")
            return
        try:
            result = run_one(
                mode,
                template,
                installed[mode.package],
                timeout=run_timeout * mode.timeout_factor,
                ipv6=ipv6,
            )
        except Exception as exc:  # a broken run must not lose the others
            _log(f"{mode.client} [{mode.label}] {template}: capture error {exc!r}")
            with lock:
                skipped.append(f"{mode.client} [{mode.label}] {template}: {exc!r}")
            return
        direct = [r.target for r in result.requests if not r.via_proxy]
        connects = [r.target for r in result.requests if r.via_proxy]
        _log(
            f"{mode.client} [{mode.label}] {template}: {outcome(result)[:80]} "
            f"({result.elapsed:.1f}s) {direct} CONNECT={connects}"
        )
        with lock:
            results[index] = result

    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        for done in [pool.submit(task, i, m, b) for i, (m, b) in enumerate(plan)]:
            done.result()
    return [results[i] for i in sorted(results)], skipped


def main(argv: Sequence[str] | None = None) -> int:
    args = _parse_args(argv)
    clients = _selected_clients(args.clients)
    modes = [m for m in MODES if m.client in clients]
    ipv6 = ipv6_loopback_available()
    bases = [b for b in (args.bases or BASE_MATRIX) if ipv6 or "H6" not in b]
    if not ipv6:
        _log("::1 cannot be bound here: the [::1] Base URL is left out")
    if shutil.which("node") is None or shutil.which("npm") is None:
        _log("node and npm must be on PATH")
        return 2
    log_path: Path = args.log or Path(tempfile.gettempdir()) / "agroutes-capture-runs.jsonl"
    started = time.monotonic()

    with _install_root(args.install_dir) as root:
        installed, failures = _install_all(
            (m.package for m in modes), root, latest=args.latest, timeout=args.install_timeout
        )
        install_time = time.monotonic() - started
        _log(f"installs done in {install_time:.0f}s")
        results, skipped = _run_all(
            [(m, b) for m in modes if m.package in installed for b in bases],
            installed,
            jobs=args.jobs,
            run_timeout=args.run_timeout,
            total_timeout=args.total_timeout,
            ipv6=ipv6,
        )

    rows: list[dict[str, Any]] = []
    with log_path.open("w", encoding="utf-8") as log:
        for result in results:
            rows.extend(build_rows(result, installed[result.mode.package].version))
            log.write(json.dumps(_run_log_entry(result)) + "\n")

    order = {
        (m.client, json.dumps(dict(m.settings)), op): n
        for n, m in enumerate(MODES)
        for op in m.operations
    }
    base_order = {b: n for n, b in enumerate(BASE_MATRIX)}

    def run_order(row: Mapping[str, Any]) -> tuple[int, int]:
        mode = (str(row.get("client")), json.dumps(row.get("settings")), str(row.get("operation")))
        return order.get(mode, len(order)), base_order.get(
            str(row.get("base_url")), len(base_order)
        )

    # Rows of runs not repeated now (other clients, other Base URLs) are kept.
    kept = [
        r
        for r in _read_rows(args.out)
        if r.get("client") not in clients or r.get("base_url") not in bases
    ]
    # sorted() is stable: within one run, rows keep their arrival order.
    merged = sorted([*kept, *rows], key=run_order)
    out_path: Path = args.out
    if skipped or failures:
        out_path = args.out.with_suffix(args.out.suffix + ".partial")
    _write_rows(out_path, merged)

    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        pair = (row["client"], row["client_version"])
        counts[pair] = counts.get(pair, 0) + 1
    _log(f"wrote {len(merged)} rows ({len(rows)} new) to {out_path}; run log {log_path}")
    for (client_id, version), count in counts.items():
        _log(f"  {client_id} {version}: {count} rows")
    for key, message in failures.items():
        _log(f"  NOT CAPTURED {PACKAGES[key].name}: {message}")
    if skipped:
        _log(f"  total timeout: {len(skipped)} runs skipped, e.g. {skipped[:3]}")
    _log(f"total {time.monotonic() - started:.0f}s (installs {install_time:.0f}s)")
    return 1 if skipped or failures else 0


if __name__ == "__main__":
    sys.exit(main())
