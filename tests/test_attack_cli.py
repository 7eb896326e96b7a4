"""Issue 18, the command line: hostile streams, bytes, sizes and locales, in a real process.

Every case runs ``python -m agroutes`` in a subprocess (``sys.executable``, with this
checkout first on ``PYTHONPATH``) and holds that no traceback reaches stderr and that the
exit status is the documented one: 2 with one ``agroutes: error:`` line when the output
cannot be written, 141 when the reader of a pipe left, escaped text when the locale cannot
encode it.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import pytest

import agroutes
from agroutes._cli import run

SRC = Path(agroutes.__file__).resolve().parents[1]
H = "http://127.0.0.1:8045"
_LOCALE = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE", "PYTHONUTF8", "PYTHONIOENCODING")
FULL = Path("/dev/full")
needs_full = pytest.mark.skipif(not FULL.exists(), reason="no /dev/full here")

#: Commands that write to stdout, one of each kind.
COMMANDS = [
    pytest.param(("check", H + "/v1"), id="check-all"),
    pytest.param(("check", H, "-c", "claude-code"), id="check-one"),
    pytest.param(("--json", "check", H, "-c", "codex"), id="check-json"),
    pytest.param(("explain", "/v1/v1/messages"), id="explain"),
    pytest.param(("clients",), id="clients"),
    pytest.param(("routes", "antigravity"), id="routes"),
    pytest.param(("--help",), id="help"),
    pytest.param(("check", "--help"), id="check-help"),
    pytest.param(("--version",), id="version"),
]


@dataclass(frozen=True)
class Ran:
    status: int
    out: bytes
    err: str


def _env(extra: Mapping[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _LOCALE}
    env["PYTHONPATH"] = os.pathsep.join([str(SRC), env.get("PYTHONPATH", "")])
    return {**env, **extra}


def agroutes_process(
    *args: str | bytes,
    env: Mapping[str, str] | None = None,
    redirect: str | None = None,
    stdout: int | IO[Any] = subprocess.PIPE,
    stderr: int | IO[Any] = subprocess.PIPE,
) -> Ran:
    """``python -m agroutes ARGS``; ``redirect`` is applied by /bin/sh (``>&-``)."""
    command: list[str | bytes] = [sys.executable, "-m", "agroutes", *args]
    if redirect is not None:
        command = ["/bin/sh", "-c", f'exec "$@" {redirect}', "sh", *command]
    proc = subprocess.run(
        command,
        stdout=stdout,
        stderr=stderr,
        stdin=subprocess.DEVNULL,
        env=_env(env or {}),
        timeout=60,
        check=False,
    )
    err = (proc.stderr or b"").decode("utf-8", "replace")
    assert "Traceback" not in err, err
    assert "Exception ignored" not in err, err
    return Ran(proc.returncode, proc.stdout or b"", err)


def _one_error_line(err: str, words: str) -> None:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("agroutes: error: "), err
    assert words in lines[0], err


# --- standard output that cannot be written ---------------------------------------------------


@pytest.mark.parametrize("args", COMMANDS)
def test_closed_stdout_is_exit_2_with_one_line(args: Sequence[str]) -> None:
    ran = agroutes_process(*args, redirect=">&-")
    assert ran.status == 2
    _one_error_line(ran.err, "cannot write the output: standard output is closed")


@needs_full
@pytest.mark.parametrize("args", COMMANDS)
def test_full_stdout_is_exit_2_with_one_line(args: Sequence[str]) -> None:
    with FULL.open("wb") as full:
        ran = agroutes_process(*args, stdout=full)
    assert ran.status == 2
    _one_error_line(ran.err, "cannot write the output: No space left on device")


@needs_full
@pytest.mark.parametrize(
    "redirect",
    [
        pytest.param(">&- 2>&-", id="both-closed"),
        pytest.param(">/dev/full 2>/dev/full", id="both-full"),
        pytest.param(">&- 2>/dev/full", id="closed-and-full"),
    ],
)
def test_no_usable_stream_at_all_is_still_exit_2(redirect: str) -> None:
    ran = agroutes_process("check", H + "/v1", redirect=redirect)
    assert (ran.status, ran.err) == (2, "")


@needs_full
@pytest.mark.parametrize(
    ("args", "status"),
    [
        pytest.param(("check", "nonsense"), 2, id="input-error"),
        pytest.param(("check", H + "/v1", "-c", "codex"), 0, id="ok"),
        pytest.param(("check", H + "/v1", "-c", "claude-code"), 1, id="problem"),
    ],
)
@pytest.mark.parametrize(
    "redirect", [pytest.param("2>&-", id="closed"), pytest.param("2>/dev/full", id="full")]
)
def test_unusable_stderr_keeps_the_status(args: Sequence[str], status: int, redirect: str) -> None:
    ran = agroutes_process(*args, redirect=redirect)
    assert ran.status == status


def test_input_errors_still_reach_stderr_with_stdout_closed() -> None:
    ran = agroutes_process("check", "nonsense", redirect=">&-")
    assert ran.status == 2
    _one_error_line(ran.err, "invalid Base URL 'nonsense'")


def test_reader_gone_is_141_and_quiet() -> None:
    # `agroutes routes cliproxyapi --json | head -c 0`: the pipe is closed before any write.
    read, write = os.pipe()
    os.close(read)
    try:
        ran = agroutes_process("--json", "routes", "cliproxyapi", stdout=write)
    finally:
        os.close(write)
    assert (ran.status, ran.err) == (141, "")


def test_closed_stdin_changes_nothing() -> None:
    ran = agroutes_process("check", H + "/v1", "-c", "codex", redirect="<&-")
    assert ran.status == 0
    assert b"codex" in ran.out


# --- bytes, sizes and locales --------------------------------------------------------------------


@pytest.mark.parametrize(
    "env",
    [
        pytest.param({}, id="default"),
        pytest.param({"LC_ALL": "C.UTF-8"}, id="C.UTF-8"),
        pytest.param({"LC_ALL": "C", "PYTHONUTF8": "0"}, id="C-no-utf8"),
        pytest.param({"PYTHONIOENCODING": "ascii"}, id="ascii"),
    ],
)
def test_undecodable_bytes_in_arguments_come_back_escaped(env: Mapping[str, str]) -> None:
    raw = os.fsencode("/v1/") + b"\xff\xfe" + os.fsencode("/x")
    ran = agroutes_process("explain", raw, env=env)
    assert ran.status == 1
    assert b"\\udcff\\udcfe" in ran.out
    ran = agroutes_process("--json", "explain", raw, env=env)
    document = json.loads(ran.out)
    # JSON strings are display text: the lone surrogates arrive escaped, as the text does.
    assert document["result"]["path"] == "/v1/\\udcff\\udcfe/x"
    ran = agroutes_process("check", b"http://h/\xff", env=env)
    assert ran.status == 2
    _one_error_line(ran.err, "\\udcff")
    ran = agroutes_process("check", H, "--client", b"\xffcodex", env=env)
    assert ran.status == 2
    _one_error_line(ran.err, "unknown client")


@pytest.mark.parametrize(
    "args",
    [
        pytest.param(("check", H + "/" + "a" * 120_000), id="base-url"),
        pytest.param(("check", H, "-c", "codex:" + "a" * 120_000), id="client-setting"),
        pytest.param(("check", H, "-c", "codex:" + "a" * 120_000 + "=1"), id="setting-name"),
        pytest.param(("check", H, "-c", "a" * 120_000), id="client"),
        pytest.param(("routes", "a/" * 60_000), id="routes-file"),
        pytest.param(("check", H, "a" * 120_000), id="extra-argument"),
        pytest.param(("explain", "/" + "v1/" * 40_000), id="explain-path"),
    ],
)
def test_huge_arguments_get_short_answers(args: Sequence[str]) -> None:
    ran = agroutes_process(*args)
    assert ran.status in (1, 2)
    assert len(ran.err) < 2000
    assert len(ran.err.splitlines()) <= 5  # the usage lines of argparse, then one error


CHINESE = "没有问题"


@pytest.mark.parametrize(
    ("env", "escaped"),
    [
        pytest.param({"LC_ALL": "C", "PYTHONUTF8": "0"}, True, id="C-no-utf8"),
        pytest.param({"LC_ALL": "POSIX", "PYTHONUTF8": "0"}, True, id="POSIX-no-utf8"),
        pytest.param({"PYTHONIOENCODING": "ascii"}, True, id="ascii"),
        pytest.param({"PYTHONIOENCODING": "latin-1"}, True, id="latin-1"),
        pytest.param({"LANG": "zh_CN.UTF-8", "NO_COLOR": "1"}, False, id="zh-utf8"),
        pytest.param({"LANG": "zh_CN", "TERM": "dumb"}, False, id="zh-no-codeset"),
        pytest.param({"LC_ALL": "C"}, False, id="C-utf8-mode"),
    ],
)
def test_chinese_on_any_locale(env: Mapping[str, str], escaped: bool) -> None:
    ran = agroutes_process("check", H + "/v1", "-c", "codex", "--lang", "zh", env=env)
    assert ran.status == 0
    if escaped:
        assert "\\u6ca1\\u6709\\u95ee\\u9898" in ran.out.decode("ascii")
    else:
        assert CHINESE in ran.out.decode("utf-8")
    ran = agroutes_process("--json", "explain", "/v1/v1/messages", "--lang", "zh", env=env)
    document = json.loads(ran.out)  # an escaped document is still JSON
    assert "重复" in document["result"]["message"]
    ran = agroutes_process("check", "nonsense", "--lang", "zh", env=env)
    assert ran.status == 2


# --- the same in-process, with streams that fail ----------------------------------------------


class _Failing(io.StringIO):
    def __init__(self, error: BaseException) -> None:
        super().__init__()
        self.error = error

    def write(self, text: str) -> int:
        raise self.error


@pytest.mark.parametrize(
    ("error", "status", "words"),
    [
        pytest.param(OSError(28, "No space left on device"), 2, "No space left", id="full"),
        pytest.param(OSError(5, "Input/output error"), 2, "Input/output error", id="eio"),
        pytest.param(BrokenPipeError(32, "Broken pipe"), 141, "", id="pipe"),
        pytest.param(KeyboardInterrupt(), 130, "", id="ctrl-c"),
    ],
)
def test_failing_stdout_in_process(error: BaseException, status: int, words: str) -> None:
    err = io.StringIO()
    assert run(["clients"], stdout=_Failing(error), stderr=err, environ={}) == status
    if words:
        _one_error_line(err.getvalue(), words)
    else:
        assert err.getvalue().strip() == ""


def test_failing_stdout_and_stderr_in_process() -> None:
    full = OSError(28, "No space left on device")
    assert run(["clients"], stdout=_Failing(full), stderr=_Failing(full), environ={}) == 2
    assert run(["check", "x"], stdout=io.StringIO(), stderr=_Failing(full), environ={}) == 2


def test_help_goes_to_the_given_stdout() -> None:
    out = io.StringIO()
    assert run(["check", "--help"], stdout=out, stderr=io.StringIO(), environ={}) == 0
    assert "BASE_URL" in out.getvalue()
    out = io.StringIO()
    assert run(["--version"], stdout=out, stderr=io.StringIO(), environ={}) == 0
    assert out.getvalue().startswith("agroutes ")


def test_json_on_a_stream_that_cannot_encode_it_is_still_json(tmp_path: Path) -> None:
    # A title outside the BMP on an ASCII stdout: \\U0001f680 would be invalid JSON.
    table = tmp_path / "t.json"
    doc = {"id": "t", "title": "\U0001f680 \u4e2d", "routes": [{"methods": "GET", "pattern": "/x"}]}
    table.write_text(json.dumps(doc), encoding="utf-8")
    ran = agroutes_process("--json", "routes", str(table), env={"LC_ALL": "C", "PYTHONUTF8": "0"})
    assert ran.status == 0
    assert json.loads(ran.out)["table"]["title"] == "\U0001f680 \u4e2d"
