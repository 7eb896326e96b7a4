"""Bounds for the caches on the hot paths.

Every answer agroutes caches is immutable, and every cache bounds its number of entries
(``functools.lru_cache``, thread-safe; a route table's memo is a dict emptied when full).
What that does not bound is the size of each key: a storm of
distinct 60 KB Base URLs would keep megabytes per entry alive. Calls whose text is longer
than :data:`MAX_KEY_TEXT` are therefore computed afresh instead of cached; real Base URLs
and request paths are far shorter.
"""

from __future__ import annotations

MAX_KEY_TEXT = 2048


def cacheable(text: str, more: str | None = None) -> bool:
    """True when the texts of a call are short enough to be kept as a cache key.

    (Two plain arguments, not ``*texts``: this runs on every call of the hot paths.)
    """
    return len(text) + (len(more) if more else 0) <= MAX_KEY_TEXT
