"""Layer 6 (live): what a probe found, as typed, frozen values with their evidence.

A :class:`ProbeReport` holds every :class:`Finding` in the order the steps made them
(reachability, health, which proxy, auth, then each client's requests and the corrected
Base URL), each with the :class:`~agroutes._probe_http.Exchange` it rests on. Its text
and JSON come from the same fields, in English or Chinese (:mod:`agroutes._texts`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from yarl import URL

from ._diagnosis import Diagnosis
from ._fingerprint import Answer, Fingerprint
from ._probe_http import Exchange
from ._redact import redact, redact_lines, redacted_repr
from ._texts import check_lang, text

#: What a table predicts for a request one of its routes serves.
_ROUTED = frozenset({Answer.ROUTED})

__all__ = ["ClientProbe", "Finding", "FindingKind", "ProbeReport", "RequestProbe", "confirmed"]


class FindingKind(enum.StrEnum):
    """What one step of a probe found. Values are stable strings, used in JSON."""

    REACHABLE = "reachable"
    CONNECTION_REFUSED = "connection-refused"
    TIMEOUT = "timeout"
    DNS_FAILURE = "dns-failure"
    UNREACHABLE = "unreachable"
    HTTPS_TO_PLAIN_HTTP = "https-to-plain-http"
    HTTP_TO_TLS = "http-to-tls"
    #: ``localhost`` answers on one loopback family only.
    ADDRESS_FAMILY = "address-family"
    HEALTHY = "healthy"
    UNHEALTHY = "unhealthy"
    NO_HEALTH = "no-health"
    PROXY_IDENTIFIED = "proxy-identified"
    PROXY_GIVEN = "proxy-given"
    PROXY_UNKNOWN = "proxy-unknown"
    AUTH_REQUIRED = "auth-required"
    KEY_REJECTED = "key-rejected"
    #: The proxy's answer contradicts the table's prediction for the same request.
    TABLE_DISAGREES = "table-disagrees"
    CORRECTION_CONFIRMED = "correction-confirmed"
    CORRECTION_NOT_CONFIRMED = "correction-not-confirmed"
    NO_CORRECTION = "no-correction"
    BUDGET_SPENT = "budget-spent"


@redacted_repr
@dataclass(frozen=True, slots=True, kw_only=True)
class Finding:
    """One thing a probe found: its kind, whether it is a problem, and its evidence."""

    kind: FindingKind
    #: False when this finding is a problem the user must fix (the exit status is 1).
    ok: bool
    exchange: Exchange | None = None
    #: The client the finding is about, or None for the proxy as a whole.
    client: str | None = None
    #: The template key (default: the kind) and its fields, secrets already masked.
    template: str = ""
    fields: tuple[tuple[str, str], ...] = ()
    #: The requests a correction was checked with (their answers are part of the text).
    requests: tuple[RequestProbe, ...] = ()

    def explain(self, lang: str = "en") -> str:
        check_lang(lang)
        fields = dict(self.fields)
        if self.requests:
            fields["answers"] = "; ".join(r.answered(lang) for r in self.requests)
        return text(lang, "probe:" + (self.template or self.kind.value), **fields)

    def __str__(self) -> str:
        return self.explain("en")


@redacted_repr
@dataclass(frozen=True, slots=True, kw_only=True)
class RequestProbe:
    """One request of a client, sent as the client would, and what its answer means."""

    method: str
    target: str
    operation: str
    #: The answer, or None when the client refuses to send it (the reason is in ``refused``).
    exchange: Exchange | None
    seen: Answer | None
    #: The answers the table predicts for it (None without a table).
    expected: frozenset[Answer] | None
    refused: str | None = None
    #: The redirect the client followed to ``exchange`` (same origin only), if any.
    redirect: Exchange | None = None

    @property
    def routed(self) -> bool | None:
        """True routed, False not, None cannot tell (401/403 before routing, no answer)."""
        if self.seen is None or self.seen in (Answer.AUTH, Answer.NO_ANSWER):
            return None
        expected = self.expected
        if self.seen is Answer.NOT_FOUND_BODY:  # a router's JSON 404, or a handler's
            return expected == _ROUTED if expected is not None else None
        if expected is not None and Answer.FALLBACK in expected:
            return False  # no route of the table: a fallback answered (LM Studio's 200)
        return self.seen is Answer.ROUTED

    def verdict_key(self) -> str:
        if self.refused is not None:
            return "refused-by-client"
        routed = self.routed
        if routed:
            return "routed"
        seen = self.seen
        if seen is Answer.WRONG_METHOD and self.exchange is not None and self.exchange.allow:
            return "method-not-allowed"  # without Allow, a 405 is a fallback's: not routed
        if seen is Answer.REDIRECT:
            return "redirected"
        if seen is Answer.AUTH:
            return "auth"
        if seen is Answer.NO_ANSWER:
            return "no-answer"
        return "not-routed" if routed is False else "auth"

    def answered(self, lang: str) -> str:
        """``POST /v1/messages answered 400 (routed)``."""
        ex = self.exchange
        status = ex.status if ex is not None and ex.status is not None else "-"
        routed = self.routed
        verdict = "routed" if routed else ("not-routed" if routed is False else "unknown")
        return text(
            lang,
            "probe:answered",
            method=self.method,
            target=self.target,
            status=status,
            verdict=text(lang, "probe:verdict-" + verdict),
        )

    def explain(self, lang: str = "en") -> str:
        ex = self.exchange
        line = ex.line if ex is not None else redact(f"{self.method} {self.target}")
        if self.redirect is not None:
            line = text(lang, "probe:followed", first=self.redirect.line, line=line)
        return text(
            lang,
            "probe:" + self.verdict_key(),
            line=line,
            allow=(ex.allow if ex is not None else None) or "?",
            location=(ex.location if ex is not None else None) or "?",
            error=ex.error if ex is not None else "",
            reason=self.refused or "",
        )


def confirmed(checked: tuple[RequestProbe, ...]) -> bool | None:
    """Whether every request the table says the corrected Base URL serves was seen routed
    (a call the proxy does not serve at all, ``operation-not-served``, is left out)."""
    served = [r for r in checked if r.expected is None or r.expected == _ROUTED]
    if not served:
        return None
    return all(r.routed is True for r in served)


@redacted_repr
@dataclass(frozen=True, slots=True, kw_only=True)
class ClientProbe:
    """One client's requests on the running proxy, and the corrected Base URL's."""

    client: str
    #: The offline verdict against the table used (None without a table).
    diagnosis: Diagnosis | None
    requests: tuple[RequestProbe, ...]
    corrected_base_url: URL | None = None
    corrected_requests: tuple[RequestProbe, ...] = ()

    @property
    def routed(self) -> bool | None:
        """Every request routed (True), one not (False), or cannot tell (None)."""
        sent = [r for r in self.requests if r.refused is None]
        answers = [r.routed for r in sent]
        if any(a is False for a in answers) or len(sent) < len(self.requests):
            return False
        if answers and all(a is True for a in answers):
            return True
        return None

    @property
    def confirmed(self) -> bool | None:
        """Whether the corrected Base URL was seen to route every request (None: not tried)."""
        return confirmed(self.corrected_requests)


@redacted_repr
@dataclass(frozen=True, slots=True, kw_only=True)
class ProbeReport:
    """Everything one probe found on the running proxy; ``str()`` reads it out."""

    base_url: str
    #: The address the requests went to (``127.0.0.1:8045``), or None if none answered.
    address: str | None
    #: The table the answers were read against, and how it was chosen.
    table: str | None
    fingerprint: Fingerprint | None
    findings: tuple[Finding, ...]
    clients: tuple[ClientProbe, ...]
    #: Every request sent, in order (connection checks are counted in ``sent`` only).
    exchanges: tuple[Exchange, ...]
    sent: int

    @property
    def ok(self) -> bool:
        """True when no finding is a problem and every client's requests were seen routed."""
        return all(f.ok for f in self.findings) and all(c.routed for c in self.clients)

    @property
    def problems(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if not f.ok)

    def explain(self, lang: str = "en") -> str:
        """The report as text, ``lang`` ``"en"`` or ``"zh"``."""
        check_lang(lang)
        lines = [
            text(
                lang,
                "probe:head",
                base_url=self.base_url,
                sent=self.sent,
                address=self.address or text(lang, "probe:no-address"),
            )
        ]
        lines.extend("  " + f.explain(lang) for f in self.findings if f.client is None)
        for c in self.clients:
            answer = {True: "yes", False: "no", None: "unknown"}[c.routed]
            lines.append(
                text(
                    lang, "probe:client-head", client=c.client, answer=text(lang, "probe:" + answer)
                )
            )
            lines.extend("  " + r.explain(lang) for r in c.requests)
            lines.extend("  " + f.explain(lang) for f in self.findings if f.client == c.client)
        count = sum(not f.ok for f in self.findings) + sum(c.routed is False for c in self.clients)
        lines.append(
            text(lang, "probe:summary-ok")
            if self.ok
            else text(lang, "probe:summary-problems", count=max(count, 1))
        )
        return redact_lines(lines)

    def __str__(self) -> str:
        return self.explain("en")
