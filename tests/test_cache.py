"""agroutes.cache_clear() empties every cache the package keeps."""

from __future__ import annotations

import importlib
import pkgutil

import agroutes
from agroutes import diagnose, diagnose_path, route_table


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
    caches = _function_caches()
    assert len(caches) >= 6
    assert any(c.cache_info().currsize for c in caches)  # type: ignore[attr-defined]
    agroutes.cache_clear()
    assert [c for c in caches if c.cache_info().currsize] == []  # type: ignore[attr-defined]
    assert table._memo == {}
    assert route_table("antigravity")._memo == {}
