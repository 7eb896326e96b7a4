"""Layer 4: every Base URL that works for a client on a table, the one to use first.

A proxy often serves one protocol under several prefixes (LiteLLM: ``/chat/completions`` and
``/v1/chat/completions``, its ``/anthropic`` pass-through beside ``/v1/messages``;
llama-server with and without ``/v1``), so more than one Base URL works. :func:`working_paths`
finds them from the table as the correction search does, not by trying strings: the paths
that every request's routes propose (:func:`agroutes._correct.proposals`, read off the
routes' own patterns with no typed text: a parameter before the suffix is its placeholder,
``{model}``), each confirmed by the exact simulation (:func:`agroutes._correct.works`). Where
the table names operations for the client's protocol, the paths whose routes are each
request's own operation come first (as the correction's first pass), then those where only
the protocol fits, as a diagnosis's ``ok`` asks: Claude Relay Service's ``/azure`` takes
Codex's ``POST /responses`` on a route it names ``azure-responses``, and it works (a real
report's fix). A path that holds a parameter's placeholder
(``/engines/{model}``) is left out: it is a family of Base URLs to fill in, not one (the
corrected Base URL may still be one, and comes first). They are ordered **simplest first**:

1. the fewest path segments (the host root before ``/v1``, ``/v1`` before ``/anthropic/v1``);
2. then the shortest text;
3. then the shape the client's documentation asks for (the table's mount prefix and the
   profile's ``base_shape``) before any other;
4. then text order.

The work is bounded: the proposals are as many as the search's own bound allows
(:data:`agroutes._correct.LIMIT` a request), they are checked in that order, and at most
:data:`CAP` working paths are kept; ``truncated`` says that there were more, or that a
request's routes proposed too many for all of them to be looked at.

The answer depends only on the client and the table, so it is worked out once per pair
(:func:`agroutes._cache.compiled`, kept by ``cache_clear()`` as a table's index is), and the
diagnosis reads it only when asked (:attr:`agroutes.Diagnosis.working_base_urls`): a cold
``diagnose`` costs nothing more for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from yarl import URL

from ._baseurl import BaseURL
from ._cache import compiled
from ._correct import path_segments, proposals, table_index, works
from ._profiles import ClientProfile
from ._table import RouteTable

__all__ = ["CAP", "WorkingPaths", "simplest_first", "working_base_urls", "working_paths"]

#: The most Base URLs a diagnosis lists as working (the one to use included).
CAP = 8


@dataclass(frozen=True, slots=True, kw_only=True)
class WorkingPaths:
    """The paths that work for a client on a table, simplest first (see the module)."""

    paths: tuple[str, ...]
    #: More paths work than :data:`CAP`, or not every proposal could be looked at.
    truncated: bool


def simplest_first(path: str, documented: str) -> tuple[int, int, bool, str]:
    """The sort key of a path: segments, length, not the documented shape, text."""
    return (len(path_segments(path)), len(path), path != documented, path)


@compiled(maxsize=256)
def working_paths(profile: ClientProfile, table: RouteTable) -> WorkingPaths:
    """The paths under which every request of ``profile`` works on ``table``."""
    proposed, complete = proposals(profile, table, ())
    documented = table.mount_prefix + profile.base_shape.prefix
    exact = profile.protocol in table_index(table).named
    same_operation: list[str] = []
    same_protocol: list[str] = []
    for path in sorted(proposed, key=lambda p: simplest_first(p, documented)):
        if "{" in path:
            continue  # a parameter's placeholder: a family of Base URLs to fill in, not one
        if works(path, profile, table, exact=exact, candidate=True):
            same_operation.append(path)
        elif exact and works(path, profile, table, exact=False, candidate=True):
            same_protocol.append(path)
    found = (*same_operation, *same_protocol)
    if len(found) > CAP:
        return WorkingPaths(paths=found[:CAP], truncated=True)
    return WorkingPaths(paths=found, truncated=not complete)


def working_base_urls(
    base: BaseURL,
    profile: ClientProfile,
    table: RouteTable,
    *,
    ok: bool,
    fixed: URL | None,
) -> tuple[tuple[URL, ...], bool]:
    """The Base URLs on ``base``'s origin that work, the one to use first (``base`` itself
    when it works, else ``fixed``, which must work for every request), then the others
    simplest first, at most :data:`CAP`; and whether more work than are listed. Neither:
    ``()``, as for a working Base URL that ends in a bare ``?``: the list starts with the
    one to use, and a yarl URL cannot write that one (it drops the ``?``, without which the
    client sends other requests)."""
    if ok and base.query != "":
        first, own = base.url, base.path  # the Base URL as typed, byte for byte
    elif fixed is not None and not ok:
        first, own = fixed, "" if fixed.raw_path == "/" else fixed.raw_path
    else:
        return (), False
    found = working_paths(profile, table)
    keep = not profile.userinfo.harmful
    others = [path for path in found.paths if path != own]
    urls = (first, *(base.replace(path=p, query=None, keep_userinfo=keep).url for p in others))
    return urls[:CAP], found.truncated or len(urls) > CAP
