"""The probe against a real third-party proxy: the LiteLLM proxy from PyPI (``litellm[proxy]``,
dependency group ``live``), started on a free loopback port with a fake model and no
upstream keys: routing is all the probe asks about, and no request it sends is valid.

Skipped when LiteLLM is not installed (``.ci/run`` installs the group in a venv of its own
and runs this file there). Observed on litellm 1.108.7: the proxy refuses to start without
a master key; with one, a request without the key answers 500 on every routed path (its
auth error handler imports ``prisma``, which the extra does not install) and 404 on the
rest, and with the key the handlers answer 400.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from agroutes._cli import run
from agroutes.live import MAX_REQUESTS, FindingKind, probe
from agroutes.tables import BUILTIN_TABLES
from tests.support.fake_proxy import free_port

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("litellm") is None, reason="litellm[proxy] is not installed"
)

#: Per request: LiteLLM answers in milliseconds once warm, but CI machines are busy.
TIMEOUT = 5.0

CONFIG = """model_list:
  - model_name: fake-model
    litellm_params:
      model: openai/fake-model
      api_base: http://127.0.0.1:9/v1
      api_key: sk-not-used
general_settings:
  master_key: {key}
"""


@pytest.fixture(scope="module")
def litellm_proxy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """``(origin, master key)`` of a LiteLLM proxy running for this module."""
    work: Path = tmp_path_factory.mktemp("litellm")
    key = "sk-" + secrets.token_hex(32)
    (work / "config.yaml").write_text(CONFIG.format(key=key))
    port = free_port()
    exe = shutil.which("litellm", path=str(Path(sys.executable).parent)) or shutil.which("litellm")
    command = [exe] if exe else [sys.executable, "-m", "litellm"]
    env = {**os.environ, "LITELLM_LOCAL_MODEL_COST_MAP": "True", "LITELLM_LOG": "ERROR"}
    log = (work / "litellm.log").open("wb")
    proc = subprocess.Popen(
        [
            *command,
            "--config",
            str(work / "config.yaml"),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=work,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    origin = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:  # bounded: the deadline, or the process ending
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                tail = (work / "litellm.log").read_text(errors="replace")[-2000:]
                pytest.fail(f"the LiteLLM proxy did not start:\n{tail}")
            try:
                with urllib.request.urlopen(origin + "/health/liveliness", timeout=1) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        # The first requests after start-up are slow (seconds, on a busy machine): warm
        # the routes up once, as a user's first try would, before timing anything.
        for path in ("/healthz", "/v1/models"):
            with contextlib.suppress(OSError):  # a 404 or a 500 is an answer too
                urllib.request.urlopen(origin + path, timeout=30).close()
        yield origin, key
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


def _fingerprint_is_right(report: object) -> None:
    kinds = [f.kind for f in report.findings]  # type: ignore[attr-defined]
    if any(name.startswith("litellm") for name in BUILTIN_TABLES):
        assert FindingKind.PROXY_IDENTIFIED in kinds, report
        assert report.table.startswith("litellm"), report  # type: ignore[attr-defined]
    else:  # not a table agroutes knows: say so, and still read every answer
        assert FindingKind.PROXY_UNKNOWN in kinds, report


def test_claude_code_with_v1_is_corrected_and_confirmed(litellm_proxy: tuple[str, str]) -> None:
    origin, key = litellm_proxy
    report = probe(origin + "/v1", "claude-code", api_key=key, timeout=TIMEOUT)
    _fingerprint_is_right(report)
    (client,) = report.clients
    assert report.sent <= MAX_REQUESTS
    if report.table is None:  # no table: the answers are read, no correction is offered
        assert client.routed is False
        assert [r.exchange.status for r in client.requests if r.exchange] == [404]
        assert FindingKind.NO_CORRECTION in [f.kind for f in report.findings]
    else:
        assert client.confirmed is True, report
    assert key not in str(report) + repr(report)


def test_the_clients_own_paths_answer_on_litellm(litellm_proxy: tuple[str, str]) -> None:
    origin, key = litellm_proxy
    report = probe(origin + "/v1", ["openai-python", "openai-node"], api_key=key, timeout=TIMEOUT)
    assert [c.routed for c in report.clients] == [True, True], report
    statuses = {r.exchange.status for c in report.clients for r in c.requests if r.exchange}
    assert statuses <= {200, 400, 422, 500}, report


def test_without_the_key_the_command_line_says_what_it_can(litellm_proxy: tuple[str, str]) -> None:
    origin, key = litellm_proxy
    out, err = io.StringIO(), io.StringIO()
    argv = ["probe", origin, "-c", "openai-python", "--json", "--timeout", str(TIMEOUT)]
    status = run(argv, stdout=out, stderr=err, environ={})
    doc = json.loads(out.getvalue())
    assert status in (0, 1)
    assert doc["command"] == "probe"
    assert doc["schema_version"] == 1
    assert doc["sent"] <= MAX_REQUESTS
    assert doc["clients"][0]["client"] == "openai-python"
    assert key not in out.getvalue()
