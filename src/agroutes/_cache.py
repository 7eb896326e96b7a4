"""Layer 0: the caches on the hot paths, their bounds, and one switch that empties them.

Every answer agroutes caches is immutable, and every cache bounds its number of entries
(``functools.lru_cache``, thread-safe; a route table's memo forgets a random answer when
full).
What that does not bound is the size of each key: a storm of distinct 60 KB Base URLs
would keep megabytes per entry alive. Calls whose text is longer than
:data:`MAX_KEY_TEXT` are therefore computed afresh instead of cached; real Base URLs and
request paths are far shorter.

Each cache wraps a pure function from outside and registers itself here. Two kinds:

- :func:`cached`: answers (a diagnosis, the targets of a Base URL path, a correction
  search). :func:`cache_clear` empties them all: tests and benchmarks that need a cold
  start call that one function.
- :func:`compiled`: what a profile or a table is worked out into once, before any answer
  (a profile's request plan, a table's index for the correction search), as a table is
  compiled into its matcher. :func:`cache_clear` keeps them, as it keeps compiled tables.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import Protocol, TypeVar

__all__ = ["MAX_KEY_TEXT", "cache_clear", "cacheable", "cached", "compiled", "track_table"]

MAX_KEY_TEXT = 2048

F = TypeVar("F", bound=Callable[..., object])


class _Clearable(Protocol):
    def cache_clear(self) -> None: ...


_CACHES: list[_Clearable] = []
_COMPILED: list[_Clearable] = []
_TABLES: weakref.WeakSet[_Clearable] = weakref.WeakSet()


def cached(maxsize: int) -> Callable[[F], F]:
    """``functools.lru_cache(maxsize)``, registered for :func:`cache_clear`."""

    def wrap(function: F) -> F:
        wrapper = functools.lru_cache(maxsize=maxsize)(function)
        _CACHES.append(wrapper)
        return wrapper  # type: ignore[return-value]  # same call signature, plus cache_clear

    return wrap


def compiled(maxsize: int) -> Callable[[F], F]:
    """``functools.lru_cache(maxsize)`` for a compiled form, which :func:`cache_clear` keeps."""

    def wrap(function: F) -> F:
        wrapper = functools.lru_cache(maxsize=maxsize)(function)
        _COMPILED.append(wrapper)
        return wrapper  # type: ignore[return-value]  # same call signature, plus cache_clear

    return wrap


def track_table(table: _Clearable) -> None:
    """Let :func:`cache_clear` empty this route table's memo too (held weakly)."""
    _TABLES.add(table)


def cache_clear() -> None:
    """Empty every cache of answers agroutes keeps: the function caches and every route
    table's memo. Compiled forms (tables, their indexes, profiles' plans) stay.

    Answers are rebuilt on demand; nothing else changes. For measurements and tests.

    >>> import agroutes
    >>> agroutes.cache_clear()
    """
    for cache in _CACHES:
        cache.cache_clear()
    for table in list(_TABLES):
        table.cache_clear()


def cacheable(text: str, more: str | None = None) -> bool:
    """True when the texts of a call are short enough to be kept as a cache key.

    (Two plain arguments, not ``*texts``: this runs on every call of the hot paths.)
    """
    return len(text) + (len(more) if more else 0) <= MAX_KEY_TEXT
