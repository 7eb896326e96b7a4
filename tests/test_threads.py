"""The same diagnoses from 8 threads at once give identical results.

agroutes' data is immutable and its only shared mutable state is caches (``lru_cache``,
which is thread-safe; a route table's memo, a dict emptied when full, where a race only
computes an answer twice; and the compiled-table dict, where a race only costs a second
build). Each test empties the caches first, so the threads really compute, and race each
other into the caches, instead of reading what an earlier test left there.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from types import MappingProxyType

import pytest

import agroutes
import agroutes.profiles
import agroutes.tables
from agroutes import diagnose, resolve, route_table
from tests.conftest import H

THREADS = 8
CASES = (
    (H, "openai-python", "antigravity"),
    (H + "/v1", "openai-python", "antigravity"),
    (H + "/v1", "claude-code", "antigravity"),
    (H + "/v1/chat/completions", "codex", "antigravity@3.3.50"),
    (H + "/v1beta", "google-genai", "antigravity"),
    (H, "gemini-cli", "antigravity"),
    (H + "/v1?x=1", "anthropic-python", "antigravity"),
    (H + "//v1/", "kilo-code/openai-compatible", "antigravity"),
    ("http://user:pw@127.0.0.1:8045/v1", "openai-node", "antigravity"),
    (H + "/v1", "kilo-code/google", "antigravity"),
    (H + "/v1", "openai-python", "new-api"),
    (H + "/v1", "anthropic-python", "cliproxyapi"),
)


def _clear_caches() -> None:
    """Empty every cache in agroutes (the compiled tables stay: tests share them)."""
    agroutes.cache_clear()


def _outputs(case: tuple[str, str, str]) -> tuple[object, ...]:
    base, client_id, table = case
    d = diagnose(base, client_id, routes=table)
    return (
        d,
        str(d),
        d.explain("zh"),
        repr(d),
        json.dumps(d.to_mapping(), sort_keys=True),
        resolve(base, client_id),
    )


def _race(work: Callable[[int], list[tuple[object, ...]]]) -> list[list[tuple[object, ...]]]:
    """Run ``work(i)`` in 8 threads released at the same instant; re-raise any error."""
    start = threading.Barrier(THREADS)
    results: list[list[tuple[object, ...]] | None] = [None] * THREADS
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            start.wait()
            results[i] = work(i)
        except BaseException as exc:  # re-raised in the main thread below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a thread hung"
    if errors:
        raise errors[0]
    return [r for r in results if r is not None]


def test_eight_threads_give_identical_diagnoses() -> None:
    _clear_caches()
    expected = [_outputs(case) for case in CASES]
    _clear_caches()

    def work(i: int) -> list[tuple[object, ...]]:
        # Each thread walks the cases from another starting point, so that every case is
        # computed first by some thread while others want it too.
        order = [(i + k) % len(CASES) for k in range(len(CASES))]
        got: dict[int, tuple[object, ...]] = {k: _outputs(CASES[k]) for k in order}
        return [got[k] for k in range(len(CASES))]

    for got in _race(work):
        assert got == expected


def test_eight_threads_compile_one_table() -> None:
    _clear_caches()
    tables = _race(lambda i: [(route_table("antigravity@3.3.50"),)])
    assert len({id(t[0][0]) for t in tables}) == 1


def test_eight_threads_mount_and_match_alike() -> None:
    paths = ("/ag/v1/chat/completions", "/ag/v1/messages", "/ag/v1beta/models/m:generateContent")

    def work(i: int) -> list[tuple[object, ...]]:
        table = route_table("antigravity").mount("/ag")
        return [(p, table.match(m, p).status) for p in paths for m in ("GET", "POST")]

    results = _race(work)
    assert all(r == results[0] for r in results)


def test_eight_threads_diagnose_paths_alike() -> None:
    logpath = pytest.importorskip("agroutes._logpath", reason="being written now")
    logged = ("/v1/chat/completions/responses", "/v1/v1/messages", "/chat/completions")

    def work(i: int) -> list[tuple[object, ...]]:
        return [(str(logpath.diagnose_path("POST", p)),) for p in logged]

    _clear_caches()
    expected = work(0)
    _clear_caches()
    assert all(r == expected for r in _race(work))


@pytest.mark.parametrize("name", ["BUILTIN_CLIENTS", "CLIENT_ALIASES"])
def test_public_registries_are_read_only(name: str) -> None:
    assert isinstance(getattr(agroutes.profiles, name), MappingProxyType)


def test_eight_threads_share_a_memo_that_keeps_filling_up(monkeypatch: pytest.MonkeyPatch) -> None:
    # A tiny memo is emptied every few inserts while the other threads read and write it:
    # every answer must still be the one a fresh table gives.
    monkeypatch.setattr(agroutes._table, "MEMO_SIZE", 8)
    table = route_table("antigravity").mount("/memo")
    paths = [f"/memo/v1beta/models/m{k}:generateContent" for k in range(40)]
    paths += [f"/memo/v1/x{k}" for k in range(40)] + ["/memo/v1/messages"] * 10
    fresh = route_table("antigravity").mount("/memo")
    expected = [(fresh._matcher.match("POST", p), fresh._matcher.match("GET", p)) for p in paths]

    def work(i: int) -> list[tuple[object, ...]]:
        got: list[tuple[object, ...]] = []
        for _ in range(5):
            for p in paths[i:] + paths[:i]:
                table.match("POST", p)
                table.match("GET", p)
            got = [(table.match("POST", p), table.match("GET", p)) for p in paths]
        assert len(table._memo) <= 8 + THREADS  # racing inserts can pass the bound by one each
        return got

    for got in _race(work):
        assert got == expected
