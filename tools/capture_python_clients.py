"""Capture the exact requests the Python AI frameworks send for a Base URL.

The frameworks (litellm, aider, langchain, openai-agents, pydantic-ai) pin different
releases of the SDKs underneath (aider pins litellm 1.81.10 and openai 2.20.0), so each
gets a virtual environment of its own (:data:`ENVIRONMENTS`), made with ``pip`` from PyPI.
One worker per client mode (``tools/python_drivers.py``, run with that environment's
Python) makes one call per Base URL of the matrix against the loopback recorder
(``tests/support/recorder.py``); the rows go to
``tests/fixtures/captured-python-clients.jsonl``, which
``tests/test_captured_python_clients.py`` replays through ``agroutes.resolve()``.

Each mode is also run once against the recorder in redirect mode for 301, 302, 303, 307
and 308 (``tests/fixtures/python-client-redirects.jsonl``): did a second request follow,
and with which method.

``--aider-cli`` also runs the ``aider`` command itself (``aider --message hi``) for a few
Base URLs per provider, to check that the streamed ``litellm.completion`` the ``aider/*``
modes make is what the CLI sends (rows with ``"driver": "aider-cli"``). It takes about 45 s
a run here, most of it importing litellm, which is why the full matrix uses the call.

Re-running it, from the repository root::

    python tools/capture_python_clients.py                 # every environment, whole matrix
    python tools/capture_python_clients.py --envs langchain
    python tools/capture_python_clients.py --venv-dir /tmp/agpy   # make / reuse venvs there
    python tools/capture_python_clients.py --aider-cli

Nothing leaves the machine: the workers get a clean environment with ``HTTP(S)_PROXY``
pointed at the recorder (``NO_PROXY`` covers loopback), so an attempt to reach another
host arrives as a ``CONNECT`` that is refused and written to the row's ``connects``;
litellm's model cost map is read from its own package (``LITELLM_LOCAL_MODEL_COST_MAP``).
Each call has a 5 s SDK timeout and each answer a 60 s bound.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final

REPO_ROOT: Final[Path] = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from tests.support.recorder import REDIRECTED_PREFIX, Recorder  # noqa: E402

DRIVER: Final[Path] = REPO_ROOT / "tools" / "python_drivers.py"
FIXTURE: Final[Path] = REPO_ROOT / "tests" / "fixtures" / "captured-python-clients.jsonl"
REDIRECTS: Final[Path] = REPO_ROOT / "tests" / "fixtures" / "python-client-redirects.jsonl"
#: Loopback only by name and IPv4: httpx refuses a NO_PROXY entry "::1" or "[::1]" with
#: ``InvalidURL: Invalid port: ':1]'`` before it sends anything (the npm capture's list).
NO_PROXY: Final[str] = "127.0.0.1,localhost"
ANSWER_TIMEOUT: Final[float] = 90.0
REDIRECT_STATUSES: Final[tuple[int, ...]] = (301, 302, 303, 307, 308)
#: The keys the drivers use, replaced in the recorded headers.
KEYS: Final[tuple[str, ...]] = (
    "sk-ant-agroutes-capture",
    "sk-agroutes-capture",
    "agroutes-capture-key",
)

#: The Base URL matrix (``H`` is ``127.0.0.1:<port>``): the project's, plus the shapes
#: that tell these joins apart (``/v1//``, a "/" before or after the query, the pasted
#: endpoint of each protocol, which litellm's Anthropic join recognises).
BASE_MATRIX: Final[tuple[str, ...]] = (
    "http://H",
    "http://H/",
    "http://H/v1",
    "http://H/v1/",
    "http://H/v1//",
    "http://H/v1/v1",
    "http://H/v1/chat/completions",
    "http://H/v1/messages",
    "http://H/v1/messages/",
    "http://H/v1/messages?x=1",
    "http://H/v1/responses",
    "http://H/v1beta",
    "http://H/v1beta/",
    "http://H/proxy/v1",
    "http://H/v1?x=1",
    "http://H/v1/?x=1",
    "http://H/v1?x=1/",
    "http://H?x=1",
    "http://H//v1",
    "http://u:p@H/v1",
)

#: The bases the aider CLI is run with (--aider-cli): the documented one and the slips
#: whose joins differ most (a trailing "/", a query).
AIDER_CLI_BASES: Final[tuple[str, ...]] = (
    "http://H",
    "http://H/",
    "http://H/v1",
    "http://H/v1?x=1",
)


@dataclass(frozen=True)
class Environment:
    """A virtual environment for one framework: what pip installs there."""

    key: str
    specs: tuple[str, ...]


ENVIRONMENTS: Final[Mapping[str, Environment]] = {
    e.key: e
    for e in (
        Environment("litellm", ("litellm==1.110.2",)),
        # aider-chat 0.86.2 pins litellm==1.81.10, openai==2.20.0 and httpx==0.28.1.
        Environment("aider", ("aider-chat==0.86.2",)),
        Environment("langchain", ("langchain-openai==1.8.1", "langchain-anthropic==1.7.10")),
        Environment("openai-agents", ("openai-agents==0.24.0",)),
        Environment("pydantic-ai", ("pydantic-ai-slim[openai,anthropic,google]==2.68.0",)),
    )
}


@dataclass(frozen=True)
class Mode:
    """One client id driven in one environment. ``package`` is the distribution whose
    version the rows carry; ``operation`` the one call the driver makes."""

    client: str
    env: str
    package: str
    operation: str
    driver: str = ""  # the driver's mode name, when it is not the client id

    @property
    def driver_mode(self) -> str:
        return self.driver or self.client


MODES: Final[tuple[Mode, ...]] = (
    Mode("litellm/openai", "litellm", "litellm", "chat-completions"),
    Mode("litellm/openai-responses", "litellm", "litellm", "responses"),
    Mode("litellm/anthropic", "litellm", "litellm", "messages"),
    Mode("litellm/gemini", "litellm", "litellm", "generate-content"),
    # The same calls with the litellm aider pins: the litellm/*@1.81.10 profiles.
    Mode("litellm/openai", "aider", "litellm", "chat-completions"),
    Mode("litellm/openai-responses", "aider", "litellm", "responses"),
    Mode("litellm/anthropic", "aider", "litellm", "messages"),
    Mode("litellm/gemini", "aider", "litellm", "generate-content"),
    Mode("aider/openai", "aider", "aider-chat", "chat-completions"),
    Mode("aider/anthropic", "aider", "aider-chat", "messages"),
    Mode("aider/gemini", "aider", "aider-chat", "stream-generate-content"),
    Mode("langchain-openai", "langchain", "langchain-openai", "chat-completions"),
    Mode("langchain-openai/responses", "langchain", "langchain-openai", "responses"),
    Mode("langchain-anthropic", "langchain", "langchain-anthropic", "messages"),
    Mode("openai-agents/chat", "openai-agents", "openai-agents", "chat-completions"),
    Mode("openai-agents/responses", "openai-agents", "openai-agents", "responses"),
    Mode("pydantic-ai/openai-chat", "pydantic-ai", "pydantic-ai-slim", "chat-completions"),
    Mode("pydantic-ai/openai-responses", "pydantic-ai", "pydantic-ai-slim", "responses"),
    Mode("pydantic-ai/anthropic", "pydantic-ai", "pydantic-ai-slim", "messages"),
    Mode("pydantic-ai/google", "pydantic-ai", "pydantic-ai-slim", "generate-content"),
)

#: What else each row notes: the SDK the framework runs on, by the framework's family.
UNDERLYING: Final[Mapping[str, tuple[str, ...]]] = {
    "litellm": ("openai", "httpx"),
    "aider": ("litellm", "openai", "httpx"),
    "langchain-openai": ("openai",),
    "langchain-anthropic": ("anthropic",),
    "openai-agents": ("openai",),
    "pydantic-ai": ("openai", "anthropic", "google-genai"),
}


def _log(message: str) -> None:
    print(f"[capture-py {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def ensure_environment(env: Environment, root: Path, *, timeout: float) -> Path:
    """The Python of ``env``'s virtual environment under ``root``, made when missing."""
    python = root / env.key / "bin" / "python"
    stamp = root / env.key / "agroutes-specs.json"
    if python.is_file() and stamp.is_file() and json.loads(stamp.read_text()) == list(env.specs):
        return python
    _log(f"making {root / env.key}: pip install {' '.join(env.specs)}")
    subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-m", "venv", "--clear", str(root / env.key)], check=True, timeout=120
    )
    pip = [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check"]
    subprocess.run([*pip, "-U", "pip"], check=True, timeout=timeout)  # noqa: S603
    subprocess.run([*pip, *env.specs], check=True, timeout=timeout)  # noqa: S603
    stamp.write_text(json.dumps(list(env.specs)))
    return python


def worker_env(home: Path, proxy: str) -> dict[str, str]:
    """A clean environment: nothing from the caller's (no real keys or base URLs)."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "TMPDIR": str(home),
        "LANG": "C.UTF-8",
        "TERM": "dumb",
        "HTTP_PROXY": proxy,
        "HTTPS_PROXY": proxy,
        "http_proxy": proxy,
        "https_proxy": proxy,
        "NO_PROXY": NO_PROXY,
        "no_proxy": NO_PROXY,
        "LITELLM_LOCAL_MODEL_COST_MAP": "True",
        "LITELLM_TELEMETRY": "False",
        "OPENAI_AGENTS_DISABLE_TRACING": "1",
        "DO_NOT_TRACK": "1",
    }


@dataclass
class Worker:
    """A ``python_drivers.py`` process: one JSON command in, one JSON answer out."""

    python: Path
    env: dict[str, str]
    proc: subprocess.Popen[str] = field(init=False)

    def __post_init__(self) -> None:
        self.proc = subprocess.Popen(  # noqa: S603 - argv built here, no shell
            [str(self.python), str(DRIVER)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=self.env,
            cwd=self.env["HOME"],
        )

    def ask(self, command: Mapping[str, Any]) -> dict[str, Any]:
        stdin, stdout = self._pipes()
        stdin.write(json.dumps(command) + "\n")
        stdin.flush()
        ready, _, _ = select.select([stdout], [], [], ANSWER_TIMEOUT)
        if not ready:
            self.close()
            raise TimeoutError(f"no answer in {ANSWER_TIMEOUT:.0f}s to {command}")
        line = stdout.readline()
        if not line:
            raise RuntimeError(f"the worker stopped (exit {self.proc.poll()}) on {command}")
        answer: dict[str, Any] = json.loads(line)
        return answer

    def _pipes(self) -> tuple[IO[str], IO[str]]:
        if self.proc.stdin is None or self.proc.stdout is None:
            raise RuntimeError("the worker has no pipes")
        return self.proc.stdin, self.proc.stdout

    def close(self) -> None:
        if self.proc.stdin is not None and not self.proc.stdin.closed:
            self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


def _scrub(text: str, port: int) -> str:
    return text.replace(f"127.0.0.1:{port}", "H")


def _headers(headers: Mapping[str, str]) -> dict[str, str]:
    out = {}
    for name, value in headers.items():
        text = value
        for key in KEYS:
            text = text.replace(key, "<key>")
        out[name] = text
    return out


def capture_mode(mode: Mode, python: Path, bases: Sequence[str]) -> Iterator[dict[str, Any]]:
    """The fixture rows of one mode over ``bases``: one per request, or one per refusal."""
    with tempfile.TemporaryDirectory(prefix="agroutes-pycap-") as tmp, Recorder() as rec:
        worker = Worker(python, worker_env(Path(tmp), rec.origin))
        try:
            versions = worker.ask({"versions": [mode.package, *UNDERLYING.get(mode.env, ())]})[
                "versions"
            ]
            version = versions.pop(mode.package)
            for template in bases:
                rec.clear()
                command = {
                    "mode": mode.driver_mode,
                    "base_url": template.replace("H", rec.netloc, 1),
                }
                try:
                    answer = worker.ask(command)
                except TimeoutError as exc:
                    answer = {"error": str(exc)}
                    worker = Worker(python, worker_env(Path(tmp), rec.origin))
                error = answer["error"]
                arrived = rec.requests
                direct = [r for r in arrived if not r.via_proxy]
                base = {
                    "client": mode.client,
                    "env": mode.env,
                    "package": f"{mode.package}=={version}",
                    "client_version": version,
                    "underlying": {k: v for k, v in versions.items() if v},
                    "driver": "call",
                    "operation": mode.operation,
                    "settings": {},
                    "base_url": template,
                    "connects": [r.target for r in arrived if r.via_proxy],
                    "outcome": "ok" if error is None else _scrub(error, rec.port)[:200],
                }
                if not direct:
                    yield {
                        **base,
                        "method": None,
                        "target": None,
                        "request_index": None,
                        "request_count": 0,
                    }
                    continue
                for index, request in enumerate(direct):
                    yield {
                        **base,
                        "method": request.method,
                        "target": request.target,
                        "request_index": index,
                        "request_count": len(direct),
                        "auth_headers": _headers(request.interesting_headers()),
                    }
        finally:
            worker.close()


def capture_redirects(mode: Mode, python: Path) -> Iterator[dict[str, Any]]:
    """One row per redirect status: the first request's method and what followed."""
    with tempfile.TemporaryDirectory(prefix="agroutes-pycap-") as tmp, Recorder() as plain:
        worker = Worker(python, worker_env(Path(tmp), plain.origin))
        try:
            version = worker.ask({"versions": [mode.package]})["versions"][mode.package]
            for status in REDIRECT_STATUSES:
                with Recorder(redirect=status) as rec:
                    try:
                        answer = worker.ask(
                            {"mode": mode.driver_mode, "base_url": rec.origin + "/v1"}
                        )
                    except TimeoutError as exc:
                        # What arrived is still the observation; a new worker goes on.
                        answer = {"error": str(exc)}
                        worker = Worker(python, worker_env(Path(tmp), plain.origin))
                    arrived = [r for r in rec.requests if not r.via_proxy]
                    port = rec.port
                followed = [r for r in arrived[1:] if r.target.startswith(REDIRECTED_PREFIX)]
                yield {
                    "client": mode.client,
                    "env": mode.env,
                    "package": f"{mode.package}=={version}",
                    "client_version": version,
                    "status": status,
                    "first_method": arrived[0].method if arrived else None,
                    "followed_method": followed[0].method if followed else None,
                    "same_body": bool(followed) and followed[0].body == arrived[0].body,
                    "outcome": "ok"
                    if answer["error"] is None
                    else _scrub(answer["error"], port)[:160],
                }
        finally:
            worker.close()


_AIDER_MODELS: Final[Mapping[str, str]] = {
    "aider/openai": "openai/gpt-4o-mini",
    "aider/anthropic": "anthropic/claude-sonnet-4-5",
    "aider/gemini": "gemini/gemini-2.5-flash",
}


def capture_aider_cli(mode: Mode, python: Path, template: str) -> list[dict[str, Any]]:
    """``aider --message hi`` itself, for one base (rows with ``"driver": "aider-cli"``)."""
    aider = python.parent / "aider"
    cost_map = next(python.parent.parent.glob("lib/python*/site-packages/litellm"), None)
    with tempfile.TemporaryDirectory(prefix="agroutes-aider-") as tmp, Recorder() as rec:
        home = Path(tmp)
        # aider fetches litellm's model price list at start unless its cache is fresh.
        if cost_map is not None:
            caches = home / ".aider" / "caches"
            caches.mkdir(parents=True)
            shutil.copy(
                cost_map / "model_prices_and_context_window_backup.json",
                caches / "model_prices_and_context_window.json",
            )
        env = worker_env(home, rec.origin)
        url = template.replace("H", rec.netloc, 1)
        argv = [str(aider), "--model", _AIDER_MODELS[mode.client], "--message", "hi"]
        argv += ["--no-git", "--yes-always", "--no-check-update", "--analytics-disable"]
        argv += ["--no-show-model-warnings", "--no-pretty", "--no-fancy-input"]
        argv += ["--no-show-release-notes", "--no-detect-urls", "--map-tokens", "0"]
        if mode.client == "aider/openai":
            argv += ["--openai-api-base", url, "--openai-api-key", KEYS[1]]
        elif mode.client == "aider/anthropic":
            env |= {"ANTHROPIC_API_BASE": url, "ANTHROPIC_API_KEY": KEYS[0]}
        else:
            env |= {"GEMINI_API_BASE": url, "GEMINI_API_KEY": KEYS[2]}
        done = subprocess.run(  # noqa: S603 - argv built here
            argv,
            env=env,
            cwd=home,
            capture_output=True,
            text=True,
            timeout=300,
            stdin=subprocess.DEVNULL,
            check=False,
        )
        arrived = rec.requests
    version = _dist_version(python, "aider-chat")
    direct = [r for r in arrived if not r.via_proxy]
    _log(f"aider CLI {mode.client} {template}: exit {done.returncode} {[r.target for r in direct]}")
    return [
        {
            "client": mode.client,
            "env": "aider",
            "package": f"aider-chat=={version}",
            "client_version": version,
            "driver": "aider-cli",
            "operation": mode.operation,
            "settings": {},
            "base_url": template,
            "connects": [r.target for r in arrived if r.via_proxy],
            "outcome": f"exit {done.returncode}",
            "method": request.method,
            "target": request.target,
            "request_index": index,
            "request_count": len(direct),
        }
        for index, request in enumerate(direct)
    ]


def _dist_version(python: Path, dist: str) -> str:
    code = f"import importlib.metadata as m; print(m.version({dist!r}))"
    done = subprocess.run(  # noqa: S603 - fixed argv
        [str(python), "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout.strip()


def _read(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _write(path: Path, rows: Sequence[Mapping[str, Any]]) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--envs", nargs="*", choices=sorted(ENVIRONMENTS), help="default: all")
    parser.add_argument("--venv-dir", type=Path, default=None, help="make / reuse venvs here")
    parser.add_argument("--aider-cli", action="store_true", help="also run the aider CLI")
    parser.add_argument("--install-timeout", type=float, default=900.0)
    args = parser.parse_args(argv)
    envs = set(args.envs or ENVIRONMENTS)
    root = args.venv_dir or Path(tempfile.mkdtemp(prefix="agroutes-pyvenvs-"))
    pythons = {
        key: ensure_environment(ENVIRONMENTS[key], root, timeout=args.install_timeout)
        for key in sorted(envs)
    }
    modes = [m for m in MODES if m.env in envs]
    rows: list[dict[str, Any]] = []
    redirects: list[dict[str, Any]] = []

    def one(mode: Mode) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        started = time.monotonic()
        found = list(capture_mode(mode, pythons[mode.env], BASE_MATRIX))
        followed = list(capture_redirects(mode, pythons[mode.env]))
        _log(f"{mode.client} ({mode.env}): {time.monotonic() - started:.1f}s")
        return found, followed

    # Two modes at a time (2 cores); the results come back in MODES order.
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        for found, followed in pool.map(one, modes):
            rows.extend(found)
            redirects.extend(followed)
    if args.aider_cli and "aider" in envs:
        runs = [(m, b) for m in modes if m.client.startswith("aider/") for b in AIDER_CLI_BASES]
        # Two at a time: each run spends most of its 45 s importing litellm on one core.
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            for found in pool.map(lambda r: capture_aider_cli(r[0], pythons["aider"], r[1]), runs):
                rows.extend(found)
    # Rows of environments not captured now are kept; the matrix order is kept too.
    drivers = {"call", "aider-cli"} if args.aider_cli else {"call"}
    kept = [r for r in _read(FIXTURE) if not (r["env"] in envs and r["driver"] in drivers)]
    _write(FIXTURE, [*kept, *rows])
    kept_redirects = [r for r in _read(REDIRECTS) if r["env"] not in envs]
    _write(REDIRECTS, [*kept_redirects, *redirects])
    _log(f"{FIXTURE.name}: {len(kept) + len(rows)} rows; {REDIRECTS.name}: {len(redirects)} new")
    return 0


if __name__ == "__main__":
    sys.exit(main())
