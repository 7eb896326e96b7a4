"""agroutes.cache_clear() empties every cache the package keeps."""

from __future__ import annotations

import importlib
import pkgutil

import agroutes
from agroutes import _cache, diagnose, diagnose_path, route_table


def _function_caches() -> list[object]:
    """Every functools cache at module level in the package, found by walking it."""
    found = []
    for info in pkgutil.iter_modules(agroutes.__path__):
        module = importlib.import_module(f"agroutes.{info.name}")
        for value in vars(module).values():
            if not isinstance(value, type) and callable(getattr(value, "cache_info", None)):
                found.append(value)
    return found


def test_cache_clear_empties_every_function_cache_and_memo() -> None:
    diagnose("http://127.0.0.1:8045/v1/v1", "claude-code")
    diagnose_path("POST", "/v1/v1/messages")
    table = route_table("antigravity").mount("/c")
    table.match("POST", "/c/v1/messages")
    found = _function_caches()
    # Every cache is registered as one of the two kinds; compiled forms are kept.
    assert {id(c) for c in found} == {id(c) for c in _cache._CACHES + _cache._COMPILED}
    caches = [c for c in found if any(c is k for k in _cache._CACHES)]
    assert len(caches) >= 6
    assert any(c.cache_info().currsize for c in caches)  # type: ignore[attr-defined]
    kept = [c.cache_info().currsize for c in _cache._COMPILED]  # type: ignore[attr-defined]
    assert all(kept)
    agroutes.cache_clear()
    assert [c for c in caches if c.cache_info().currsize] == []  # type: ignore[attr-defined]
    assert [c.cache_info().currsize for c in _cache._COMPILED] == kept  # type: ignore[attr-defined]
    assert table._memo == {}
    assert route_table("antigravity")._memo == {}
