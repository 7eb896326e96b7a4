"""The public names the benchmarks need that are moving between public modules.

The benchmarks import nothing private from agroutes, so that they keep working while the
package's internals are restructured. A few public names are moving from the top-level
``agroutes`` namespace to public submodules: the built-in clients to
:mod:`agroutes.profiles`; the built-in tables, ``Route`` and ``ANY_METHOD`` to
:mod:`agroutes.tables`. Each is looked up on ``agroutes`` first and in its new home
otherwise, so one benchmark measures either layout. ``agroutes.cache_clear()`` (every
cache emptied) is looked up the same way by ``run.py``.

The type checker reads the names from where the checked tree keeps them today, the
top-level namespace; when they leave it, the ``TYPE_CHECKING`` import below is the one
line to change.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import agroutes

__all__ = ["ANY_METHOD", "Route", "builtin_clients", "builtin_tables"]


def public(name: str, home: str) -> Any:
    """``agroutes.<name>``, or ``<home>.<name>`` where the installed package keeps it there."""
    found = getattr(agroutes, name, None)
    if found is None:
        found = getattr(importlib.import_module(home), name)
    return found


if TYPE_CHECKING:
    from agroutes import ANY_METHOD, ClientProfile, Route
else:
    ANY_METHOD = public("ANY_METHOD", "agroutes.tables")
    Route = public("Route", "agroutes.tables")


def builtin_clients() -> Mapping[str, ClientProfile]:
    """The built-in client profiles by id."""
    found: Mapping[str, ClientProfile] = public("BUILTIN_CLIENTS", "agroutes.profiles")
    return found


def builtin_tables() -> tuple[str, ...]:
    """The ids ``route_table()`` accepts for the built-in tables (aliases included)."""
    found: Iterable[str] = public("BUILTIN_TABLES", "agroutes.tables")
    return tuple(found)
