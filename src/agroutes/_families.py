"""Layer 2: generic families, for clients agroutes does not profile.

Most clients agroutes does not know join like one of these. Each family is the join of
verified profiles (:mod:`agroutes._clients`), named for what it does, so that a user can
say "mine appends /chat/completions to what I type" without knowing which SDK is inside.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType

from ._joins import JoinRule, Transport
from ._profiles import BaseShape, ClientProfile, RequestSpec, UserinfoHandling
from ._vocab import Operation, Protocol

__all__ = ["GENERIC_CLIENTS"]

_GENERIC_CHAT = RequestSpec(
    operation=Operation.CHAT_COMPLETIONS,
    method="POST",
    suffix="/chat/completions",
    call="chat completions",
)
_GENERIC_MODELS = RequestSpec(
    operation=Operation.LIST_MODELS, method="GET", suffix="/models", call="list models"
)


def _generic(
    name: str, title: str, join: JoinRule, shape: BaseShape, specs: tuple[RequestSpec, ...]
) -> ClientProfile:
    return ClientProfile(
        id=f"generic/{name}",
        title=title,
        protocol=Protocol.OPENAI,
        join=join,
        transport=Transport.NODE_FETCH,
        requests=specs,
        base_shape=shape,
        userinfo=UserinfoHandling.DROPPED,
        verified=f"family: the {join.value} join of the verified profiles (see notes)",
        notes="A generic family, not one client: use it for a client agroutes does not know.",
    )


GENERIC_APPENDS = _generic(
    "openai-appends",
    "Appends /chat/completions to the Base URL (one trailing / dropped), like codex and "
    "the Vercel AI SDK providers",
    JoinRule.STRIP_ONE_SLASH,
    BaseShape.V1,
    (_GENERIC_CHAT, _GENERIC_MODELS),
)
GENERIC_ADDS_V1 = _generic(
    "adds-v1",
    "Adds /v1/chat/completions itself: the Base URL is the host root",
    JoinRule.STRIP_ONE_SLASH,
    BaseShape.HOST_ROOT,
    tuple(
        dataclasses.replace(spec, suffix="/v1" + spec.suffix)
        for spec in (_GENERIC_CHAT, _GENERIC_MODELS)
    ),
)
GENERIC_EXACT_URL = _generic(
    "exact-url",
    "Sends to the URL exactly as typed: the Base URL is the endpoint",
    JoinRule.CONCAT,
    BaseShape.CHAT_ENDPOINT,
    (dataclasses.replace(_GENERIC_CHAT, suffix="", call="POST to the URL as typed"),),
)
GENERIC_KEEPS_SLASH = _generic(
    "keeps-slash",
    "Appends /chat/completions to the Base URL as typed, so a trailing / makes //",
    JoinRule.CONCAT,
    BaseShape.V1,
    (_GENERIC_CHAT, _GENERIC_MODELS),
)

#: The generic families by id: ``client("generic/...")`` finds them, but they are not real
#: clients, so they are kept out of :data:`BUILTIN_CLIENTS` (no "every client" listing, and
#: no search for the clients that sent a logged path, counts them).
GENERIC_CLIENTS: Mapping[str, ClientProfile] = MappingProxyType(
    {p.id: p for p in (GENERIC_APPENDS, GENERIC_ADDS_V1, GENERIC_EXACT_URL, GENERIC_KEEPS_SLASH)}
)
