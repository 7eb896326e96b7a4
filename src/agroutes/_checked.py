"""Layer 4: one request of a diagnosis with what the router does with it."""

from __future__ import annotations

from dataclasses import dataclass

from ._matcher import Match
from ._redact import redact
from ._resolve import Request
from ._slots import slot_setter
from ._texts import text

__all__ = ["CheckedRequest"]


# Its own __init__ (agroutes._slots: every diagnosis builds one per request) and __repr__.
@dataclass(frozen=True, slots=True, kw_only=True, init=False, repr=False)
class CheckedRequest:
    """A request with what the router does with it."""

    request: Request
    match: Match | None  # None when the client refuses to send it
    protocol_ok: bool
    #: When the router redirects and the client follows keeping its method: the answer to
    #: the request it sends to the redirect's Location (``protocol_ok`` is then about it).
    followed: Match | None = None

    def __init__(
        self,
        *,
        request: Request,
        match: Match | None,
        protocol_ok: bool,
        followed: Match | None = None,
    ) -> None:
        _set_request(self, request)
        _set_match(self, match)
        _set_protocol_ok(self, protocol_ok)
        _set_followed(self, followed)

    @property
    def ok(self) -> bool:
        if self.match is None or not self.protocol_ok:
            return False
        return self.match.ok or (self.followed is not None and self.followed.ok)

    @property
    def status(self) -> int | None:
        """404, 405, 200 (routed; the handler's own answer aside), or None if never sent."""
        return None if self.match is None else self.match.status

    def __repr__(self) -> str:
        return f"CheckedRequest(request={self.request!r}, match={self.match!r})"

    def explain(self, lang: str = "en") -> str:
        line = str(self.request)
        match = self.match
        if match is None:
            return f"{line}  ->  " + text(lang, "refused", reason=text(lang, "refused-reason"))
        if match.route is not None:
            return f"{line}  ->  " + text(lang, "routed", route=str(match.route))
        if match.redirect is not None:
            to = redact(match.redirect)
            answer = text(lang, "status-redirect", status=str(match.status), to=to)
            followed = self.followed
            if followed is not None and followed.route is not None:
                answer += "; " + text(lang, "followed", route=str(followed.route))
            return f"{line}  ->  {answer}"
        return f"{line}  ->  " + text(lang, f"status-{match.status}")


_set_request = slot_setter(CheckedRequest, "request")
_set_match = slot_setter(CheckedRequest, "match")
_set_protocol_ok = slot_setter(CheckedRequest, "protocol_ok")
_set_followed = slot_setter(CheckedRequest, "followed")
