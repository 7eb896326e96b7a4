"""Layer 4: opt-in rewrites, for proxies that choose to accept common Base URL mistakes.

A proxy may decide that ``POST /v1/v1/messages`` should simply be served as
``POST /v1/messages``. :func:`suggest_rewrite` gives it the canonical path when, and only
when, the mapping is unambiguous: every known client that sends the path would, with its
Base URL fixed, send the same request to the same route (or, when no known client sends
it, exactly one edit that a real mistake explains reaches a route). It never guesses: a
path with two plausible meanings (``GET /v1/v1beta/models`` is an OpenAI list with a
doubled prefix *or* a Gemini list), a wrong method, or a Base URL query glued into the
path gets ``None``, and the proxy should answer 404 with the explanation instead.

A rewrite is the proxy's choice, not the fix: the client's Base URL is still wrong, so a
proxy that rewrites should still log the diagnosis (``Rewrite.diagnosis``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ._diagnosis import ProblemKind
from ._logpath import PathDiagnosis, diagnose_path
from ._patterns import Route
from ._redact import redact, redacted_repr
from ._table import RouteTable

__all__ = ["Rewrite", "suggest_rewrite"]


@redacted_repr  # the path and query come from a log: they may hold a pasted key
@dataclass(frozen=True, slots=True, kw_only=True)
class Rewrite:
    """Serve ``method path`` as ``method new_path`` (the query is kept as it came)."""

    method: str
    path: str
    new_path: str
    query: str | None
    #: The mistake the rewrite undoes.
    kind: ProblemKind
    #: The route the rewritten request hits.
    route: Route
    diagnosis: PathDiagnosis = field(repr=False, compare=False)

    @property
    def target(self) -> str:
        """The rewritten request target: the new path and the original query."""
        return self.new_path if self.query is None else f"{self.new_path}?{self.query}"

    def __str__(self) -> str:
        return redact(f"{self.method} {redact(self.path)} -> {self.new_path} ({self.kind.value})")


def suggest_rewrite(
    method: str, path: str, *, routes: str | RouteTable = "antigravity"
) -> Rewrite | None:
    """The canonical request for a mistaken path, or None unless it is unambiguous.

    ``path`` may carry a query, which the rewrite keeps. A path that is already routed
    needs no rewrite and also gives None.

    >>> str(suggest_rewrite("POST", "/v1/v1/messages?beta=true"))
    'POST /v1/v1/messages -> /v1/messages (duplicated-prefix)'
    >>> suggest_rewrite("POST", "/v1/v1/messages?beta=true").target
    '/v1/messages?beta=true'
    >>> suggest_rewrite("GET", "/v1/v1beta/models") is None   # OpenAI or Gemini list?
    True
    """
    d = diagnose_path(method, path, routes=routes)
    if d.ok or d.rewrite is None or d.kind is None:
        return None
    route = d.table.match(d.method, d.rewrite).route
    if route is None:  # never hand a proxy a path its own router would refuse
        return None
    return Rewrite(
        method=d.method,
        path=d.path,
        new_path=d.rewrite,
        query=d.query,
        kind=d.kind,
        route=route,
        diagnosis=d,
    )
