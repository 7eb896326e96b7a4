"""The vocabulary for client profiles: what a client sends and how it joins its suffix.

Build your own :class:`ClientProfile` from these to describe a client agroutes does not
know, and pass it wherever a client id is accepted.

>>> from agroutes.profiles import BUILTIN_CLIENTS, CLIENT_RELEASES, JoinRule
>>> BUILTIN_CLIENTS["codex"].join is JoinRule.STRIP_ONE_SLASH
True
>>> [(v, p.id) for v, p in CLIENT_RELEASES["google-genai"]][1:3]
[('2.34.0', 'google-genai@2.34.0'), ('3.0.0', 'google-genai')]
"""

from ._clientdata import client_from_data as client_from_data
from ._clientdata import client_from_json as client_from_json
from ._clientdata import client_from_toml as client_from_toml
from ._clientdata import load_client as load_client
from ._clients import BUILTIN_CLIENTS as BUILTIN_CLIENTS
from ._clients import CLIENT_ALIASES as CLIENT_ALIASES
from ._clients import CLIENT_RELEASES as CLIENT_RELEASES
from ._clients import GENERIC_CLIENTS as GENERIC_CLIENTS
from ._clients import client as client
from ._joins import JoinRule as JoinRule
from ._joins import Transport as Transport
from ._profiles import Alternative as Alternative
from ._profiles import BaseShape as BaseShape
from ._profiles import ClientProfile as ClientProfile
from ._profiles import Evidence as Evidence
from ._profiles import Redirects as Redirects
from ._profiles import RequestSpec as RequestSpec
from ._profiles import SettingSpec as SettingSpec
from ._profiles import UserinfoHandling as UserinfoHandling
from ._vocab import Operation as Operation
from ._vocab import Protocol as Protocol

__all__ = [
    "BUILTIN_CLIENTS",
    "CLIENT_ALIASES",
    "CLIENT_RELEASES",
    "GENERIC_CLIENTS",
    "Alternative",
    "BaseShape",
    "ClientProfile",
    "Evidence",
    "JoinRule",
    "Operation",
    "Protocol",
    "Redirects",
    "RequestSpec",
    "SettingSpec",
    "Transport",
    "UserinfoHandling",
    "client",
    "client_from_data",
    "client_from_json",
    "client_from_toml",
    "load_client",
]

# Classes that live here and not at the top level say so (see agroutes/__init__.py).
for _public in (
    Alternative,
    Evidence,
    Redirects,
    BaseShape,
    JoinRule,
    Operation,
    Protocol,
    RequestSpec,
    SettingSpec,
    Transport,
    UserinfoHandling,
):
    _public.__module__ = __name__
del _public
