"""Layer 4: the routes a logged path meant, found by undoing one known mistake.

When no known client sends a path (curl, an SDK agroutes does not model), edits that a
real mistake explains (drop a doubled version, unstack an endpoint, add the missing
prefix, swap a wrong one) find the route that was meant, in the order of the seed
lesson's checklist.
"""

from __future__ import annotations

from collections.abc import Iterable

from ._cache import cached
from ._correct import path_segments
from ._diagnosis import VERSION_SEGMENT, ProblemKind, is_endpoint
from ._patterns import Static
from ._senders import MeantRoute
from ._table import RouteTable

__all__ = ["structural_edits"]


def structural_edits(
    table: RouteTable, method: str, path: str
) -> tuple[tuple[ProblemKind, MeantRoute], ...]:
    """The routed paths that undoing one known mistake gives, with that mistake's kind.

    The edits are tried in the order of the seed lesson's checklist; the first kind of
    edit that reaches a route wins, and all its results are kept (more than one means the
    mistake is clear but the intended route is not).
    """

    def hit(candidate: str) -> MeantRoute | None:
        route = table.match(method, candidate).route
        return None if route is None else MeantRoute(method=method, path=candidate, route=route)

    def collect(
        kind: ProblemKind, paths: Iterable[str]
    ) -> tuple[tuple[ProblemKind, MeantRoute], ...]:
        found: dict[str, MeantRoute] = {}
        for candidate in paths:
            if candidate != path and candidate not in found:
                meant = hit(candidate)
                if meant is not None:
                    found[candidate] = meant
        return tuple((kind, m) for m in found.values())

    clean = "/" + "/".join(s for s in path.split("/") if s)
    if clean != path:
        first = collect(ProblemKind.EXTRA_SLASH, [clean])
        if first:
            return first
    segs = path_segments(clean)
    # Later edits run on the cleaned path; the kind stays the first mistake found.
    slip = ProblemKind.EXTRA_SLASH if clean != path else None

    def join(parts: list[str]) -> str:
        return "/" + "/".join(parts)

    versions = [i for i, s in enumerate(segs) if VERSION_SEGMENT.fullmatch(s)]
    doubled = [i for i in range(len(segs) - 1) if segs[i] == segs[i + 1]]
    dropped = [join(segs[:i] + segs[i + 1 :]) for i in (versions if len(versions) > 1 else [])]
    dropped += [join(segs[:i] + segs[i + 1 :]) for i in doubled]
    found = collect(slip or ProblemKind.DUPLICATED_PREFIX, dropped)
    if found:
        return found

    # Stacked: an endpoint path sits inside, and another endpoint follows it. Remove the
    # smallest chunk that ends the embedded endpoint (/v1[/chat/completions]/responses).
    unstacked = []
    for k in range(len(segs) - 1, 0, -1):
        head = join(segs[:k])
        if not is_endpoint(table, head):
            continue
        for j in range(k - 1, -1, -1):
            candidate = join(segs[:j] + segs[k:])
            if hit(candidate) is not None:
                unstacked.append(candidate)
                break
    found = collect(slip or ProblemKind.STACKED_PATH, unstacked)
    if found:
        return found

    roots = _roots(table)
    found = collect(slip or ProblemKind.MISSING_PREFIX, (root + clean for root in roots))
    if found:
        return found

    swapped = []
    for n in range(1, min(2, len(segs) - 1) + 1):
        rest = join(segs[n:])
        swapped.append(rest)
        swapped.extend(root + rest for root in roots if root != join(segs[:n]))
    return collect(slip or ProblemKind.WRONG_PREFIX, swapped)


@cached(maxsize=64)
def _roots(table: RouteTable) -> tuple[str, ...]:
    """Prefixes a path may lack: the mount prefix plus one static segment, or plus static
    segments ending in a version (``/v1``, ``/v1beta``, ``/openai/v1``, ``/api/v3``)."""
    mount = table.mount_prefix
    found: dict[str, None] = {}
    if mount:
        found[mount] = None
    for route in table.routes:
        if not route.pattern.startswith(mount):
            continue
        segments = route.segments[mount.count("/") :]
        prefix = mount
        for depth, segment in enumerate(segments[:-1]):
            if not isinstance(segment, Static) or not segment.text:
                break
            prefix += "/" + segment.text
            if depth == 0 or VERSION_SEGMENT.fullmatch(segment.text):
                found[prefix] = None
    return tuple(found)
