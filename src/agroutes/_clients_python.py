"""Layer 2: built-in profiles of the Python agent frameworks and SDK wrappers (litellm, aider,
langchain, openai-agents, pydantic-ai), observed with the real packages from PyPI.

Each profile is a typed constant that names its join rule and cites what it was verified
on (``verified``); :mod:`agroutes._clients` gathers them into ``BUILTIN_CLIENTS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ._profiles import ClientProfile

__all__ = ["PYTHON_CLIENTS", "PYTHON_RELEASES"]

#: The profiles of this module, in the order ``agroutes clients`` lists them.
PYTHON_CLIENTS: tuple[ClientProfile, ...] = ()

#: Releases whose joins differ from the newest, as :data:`agroutes._clients.CLIENT_RELEASES`
#: holds them: id -> ((version, profile), ...), oldest first.
PYTHON_RELEASES: Mapping[str, tuple[tuple[str, ClientProfile], ...]] = MappingProxyType({})
