"""The README's code runs, and its transcripts are what the command prints today."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from agroutes._cli import run

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
PYTHON_BLOCKS = re.findall(r"```python\n(.*?)```", README, re.S)


@pytest.mark.parametrize("index", range(len(PYTHON_BLOCKS)))
def test_python_blocks_run(index: int) -> None:
    exec(compile(PYTHON_BLOCKS[index], f"README.md block {index}", "exec"), {})  # noqa: S102


def _printed(argv: list[str]) -> str:
    out = io.StringIO()
    run([*argv, "--lang", "en"], stdout=out, stderr=io.StringIO(), environ={})
    return out.getvalue().rstrip("\n")


def test_the_main_job_transcript_is_current() -> None:
    shown = README.split("agroutes check http://127.0.0.1:8045/v1\n```\n\n```text\n", 1)[1]
    assert shown.split("\n```", 1)[0] == _printed(["check", "http://127.0.0.1:8045/v1"])


def test_the_one_client_transcript_is_current() -> None:
    command = "$ agroutes check http://127.0.0.1:8045/v1 --client claude-code\n"
    shown = README.split(command, 1)[1].split("\n```", 1)[0]
    got = _printed(["check", "http://127.0.0.1:8045/v1", "--client", "claude-code"])
    assert shown == got


def test_the_client_table_matrix_is_current() -> None:
    import sys  # noqa: PLC0415

    tools = str(Path(__file__).resolve().parent.parent / "tools")
    if tools not in sys.path:
        sys.path.insert(0, tools)
    import gen_matrix  # noqa: PLC0415

    assert gen_matrix.current(README) == gen_matrix.render(), "run python tools/gen_matrix.py"
    clients = gen_matrix.current(README, gen_matrix.CLIENTS_START, gen_matrix.CLIENTS_END)
    assert clients == gen_matrix.render_clients(), "run python tools/gen_matrix.py"
