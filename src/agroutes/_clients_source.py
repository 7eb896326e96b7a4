"""Layer 2: built-in profiles of the editor extensions and desktop apps that cannot run
headless here (Cline, Roo Code, Cherry Studio, the Kilo Code extension), read from their pinned
source.

Each profile is a typed constant that names its join rule and cites what it was verified
on (``verified``); :mod:`agroutes._clients` gathers them into ``BUILTIN_CLIENTS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ._profiles import ClientProfile

__all__ = ["SOURCE_CLIENTS", "SOURCE_RELEASES"]

#: The profiles of this module, in the order ``agroutes clients`` lists them.
SOURCE_CLIENTS: tuple[ClientProfile, ...] = ()

#: Releases whose joins differ from the newest, as :data:`agroutes._clients.CLIENT_RELEASES`
#: holds them: id -> ((version, profile), ...), oldest first.
SOURCE_RELEASES: Mapping[str, tuple[tuple[str, ClientProfile], ...]] = MappingProxyType({})
