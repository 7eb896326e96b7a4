"""Layer 6 (live): ``probe`` — the seed lesson's live checks, done for the user.

The lesson's order, each step a typed :class:`~agroutes._probe_report.Finding`:

1. **Reachability**: connect to the Base URL's host and port (both loopback families for
   ``localhost``); a refused port, a timeout, ``https://`` spoken to a plain-HTTP port
   and the reverse are findings of their own, and the probe stops there.
2. **Health**: ``GET /healthz`` and the table's other health routes.
3. **Which proxy**: a path no proxy routes, then the few requests that tell the built-in
   tables apart (:mod:`agroutes._fingerprint`); ``routes=`` wins over the guess.
4. **Auth before routing**: a 401/403 on every path says "auth", not "path".
5. **The client's own requests**, sent with the method and target the client would send
   (a POST carries ``{}``: never a valid request, so no tokens are spent), read without
   the table and compared with the table's prediction: a contradiction is a finding.
6. **The correction, confirmed**: the offline diagnosis's corrected Base URL, probed the
   same way.

Every request goes through one :class:`~agroutes._probe_http.Session`: the user's origin
only, at most :data:`MAX_REQUESTS` connections and :data:`TIME_FACTOR` times ``timeout``
seconds in all. Nothing here runs on ``import agroutes``: the command line imports it
only for ``agroutes probe``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from ._baseurl import BaseURL, parse_base_url
from ._clients import client as client_profile
from ._diagnosis import Diagnosis, diagnose
from ._errors import InvalidRequest, describe
from ._fingerprint import (
    PROBE_VALUE,
    SILENT,
    UNKNOWN_PATH,
    Answer,
    Fingerprint,
    Probe,
    agrees,
    candidate_tables,
    health_paths,
    known_ports,
    next_probe,
    predict,
    probe_pool,
    read_answer,
    score,
)
from ._presets import route_table
from ._probe_http import (
    Address,
    BudgetSpent,
    ConnectOutcome,
    Exchange,
    Session,
    candidate_addresses,
)
from ._probe_report import (
    ClientProbe,
    Finding,
    FindingKind,
    ProbeReport,
    RequestProbe,
    confirmed,
)
from ._profiles import ClientProfile
from ._redact import redact
from ._resolve import Request, resolve
from ._table import RouteTable
from ._vocab import Protocol

__all__ = ["MAX_REQUESTS", "TIME_FACTOR", "probe"]

#: The most connections one probe opens, requests and connection checks together.
MAX_REQUESTS = 30
#: A probe's total time bound is this many times its per-request ``timeout``.
TIME_FACTOR = 8
#: The most requests spent telling the known tables apart.
FINGERPRINT_REQUESTS = 8
#: No answer at all to the first request, as when TLS meets plain HTTP.
_BROKEN = frozenset({ConnectOutcome.TLS_FAILED, ConnectOutcome.CLOSED})
#: How each protocol's clients send a key (the header is shown, the key never).
_KEY_HEADERS = {
    Protocol.OPENAI: ("Authorization", "Bearer {key}"),
    Protocol.ANTHROPIC: ("x-api-key", "{key}"),
    Protocol.GEMINI: ("x-goog-api-key", "{key}"),
}
_BODY = b"{}"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def probe(
    base_url: str | BaseURL,
    client: str | ClientProfile | Sequence[str | ClientProfile] | None = None,
    *,
    routes: str | RouteTable | None = None,
    api_key: str | None = None,
    timeout: float = 2.0,
) -> ProbeReport:
    """Check ``base_url`` on the running proxy, for ``client`` (one, several or none).

    Sends requests only to ``base_url``'s scheme, host and port (at most
    :data:`MAX_REQUESTS`, in at most ``TIME_FACTOR * timeout`` seconds); ``api_key`` is
    sent only when given, as each client's protocol sends it, and never printed.
    ``routes`` names the proxy's table; without it the probe guesses it from the answers.
    Bad arguments raise the usual typed errors before anything is sent.
    """
    base = base_url if isinstance(base_url, BaseURL) else parse_base_url(base_url)
    profiles = _profiles(client)
    table = route_table(routes) if routes is not None else None
    key = _check_key(api_key)
    seconds = _check_timeout(timeout)
    url = base.url
    scheme = url.scheme
    host = url.raw_host or ""
    port = url.port or (443 if scheme == "https" else 80)
    session = Session(
        scheme=scheme,
        host=host,
        port=port,
        timeout=seconds,
        max_requests=MAX_REQUESTS,
        total_time=TIME_FACTOR * seconds,
    )
    run = _Run(session, base, table, key, seconds)
    try:
        if run.reach(host, port):
            run.health_and_identity(table)
            for profile in profiles:
                run.check_client(profile)
    except _Stop:  # the scheme is wrong: nothing after it can be read
        pass
    except BudgetSpent:
        run.findings.append(
            Finding(
                kind=FindingKind.BUDGET_SPENT,
                ok=False,
                fields=(("requests", str(MAX_REQUESTS)), ("seconds", f"{TIME_FACTOR * seconds:g}")),
            )
        )
    return ProbeReport(
        base_url=redact(str(base.url)),
        address=str(session.address) if session.address is not None else None,
        table=run.table.id if run.table is not None else None,
        fingerprint=run.fingerprint,
        findings=tuple(run.findings),
        clients=tuple(run.clients),
        exchanges=tuple(session.exchanges),
        sent=session.sent,
    )


def _profiles(value: object) -> list[ClientProfile]:
    if value is None:
        return []
    if isinstance(value, str | ClientProfile):
        return [client_profile(value)]
    if isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        return [client_profile(v) for v in value]
    raise TypeError(
        f"probe(client=...) takes a client id, a profile or a list, not {describe(value)}"
    )


def _check_key(key: object) -> str | None:
    if key is None:
        return None
    if not isinstance(key, str) or not key or len(key) > 4096:
        raise InvalidRequest("api_key", "an API key is one line of printable ASCII text")
    if not key.isascii() or not key.isprintable():
        # A key with a line break would write a header of its own choosing.
        raise InvalidRequest("api_key", "an API key is one line of printable ASCII text")
    return key


def _check_timeout(timeout: object) -> float:
    if isinstance(timeout, bool) or not isinstance(timeout, int | float):
        raise InvalidRequest(
            "timeout", f"a timeout is a number of seconds, not {describe(timeout)}"
        )
    if not math.isfinite(timeout) or not 0.05 <= timeout <= 60:
        raise InvalidRequest("timeout", f"a timeout is from 0.05 to 60 seconds, not {timeout!r}")
    return float(timeout)


class _Run:
    """The state of one probe as its steps go: findings so far, the table in use."""

    def __init__(
        self,
        session: Session,
        base: BaseURL,
        table: RouteTable | None,
        key: str | None,
        timeout: float,
    ) -> None:
        self.session = session
        self.base = base
        self.table = table
        self.key = key
        self.timeout = timeout
        self.findings: list[Finding] = []
        self.clients: list[ClientProbe] = []
        self.fingerprint: Fingerprint | None = None
        self.auth_blocks = False
        self.auth_after_routing = False
        self._seen: dict[tuple[str, str], Exchange] = {}

    # --- 1. reachability ------------------------------------------------------------

    def reach(self, host: str, port: int) -> bool:
        addresses, dns_error = candidate_addresses(host, port)
        if not addresses:
            self._add(FindingKind.DNS_FAILURE, host=host, error=dns_error or "no address")
            return False
        tried: list[tuple[Address, ConnectOutcome, str]] = []
        for address in addresses:
            outcome, reason = self.session.try_connect(address)
            tried.append((address, outcome, reason))
            if outcome is ConnectOutcome.CONNECTED and address.host not in ("127.0.0.1", "::1"):
                break  # a remote host: the first address that answers is the one
        good = [a for a, outcome, _ in tried if outcome is ConnectOutcome.CONNECTED]
        if not good:
            address, outcome, reason = tried[0]
            self._unreachable(address, outcome, reason, port)
            return False
        self.session.address = good[0]
        refused = [a for a, outcome, _ in tried if outcome is ConnectOutcome.REFUSED]
        if refused:
            first, other = (
                (tried[0][0], good[0])
                if tried[0][1] is not ConnectOutcome.CONNECTED
                else (good[0], refused[0])
            )
            use = f"{self.base.url.scheme}://{good[0]}"
            kind_ok = tried[0][1] is ConnectOutcome.CONNECTED
            self._add(
                FindingKind.ADDRESS_FAMILY,
                ok=kind_ok,
                template="address-family-info" if kind_ok else "",
                host=host,
                first=str(first),
                other=str(other),
                use=use,
            )
        else:
            self._add(FindingKind.REACHABLE, address=str(good[0]))
        return True

    def _unreachable(
        self, address: Address, outcome: ConnectOutcome, reason: str, port: int
    ) -> None:
        if outcome is ConnectOutcome.REFUSED:
            default = self._default_origin(port)
            known = "" if self.table is not None else known_ports()
            template = "connection-refused-default" if default else ""
            self._add(
                FindingKind.CONNECTION_REFUSED,
                template=template or ("connection-refused-known" if known else ""),
                address=str(address),
                port=str(port),
                proxy=default[0] if default else "",
                origin=default[1] if default else "",
                known=known,
            )
        elif outcome is ConnectOutcome.TIMEOUT:
            self._add(FindingKind.TIMEOUT, address=str(address), seconds=f"{self.timeout:g}")
        else:
            self._add(FindingKind.UNREACHABLE, address=str(address), error=reason)

    def _default_origin(self, port: int) -> tuple[str, str] | None:
        """The given table's proxy and where it listens by default, if not on ``port``."""
        table = self.table
        if table is not None and table.origin and not table.origin.endswith(f":{port}"):
            return table.title, table.origin
        return None

    # --- 2-4. health, which proxy, auth -----------------------------------------------

    def health_and_identity(self, given: RouteTable | None) -> None:
        first = self._get(health_paths(given)[0])
        if self._scheme_mismatch(first):
            raise _Stop
        if first.status is None:  # connected, then no answer: a hung proxy, or not HTTP
            address = str(self.session.address)
            if first.outcome is ConnectOutcome.TIMEOUT:
                self._add(
                    FindingKind.TIMEOUT,
                    exchange=first,
                    address=address,
                    seconds=f"{self.timeout:g}",
                )
            else:
                self._add(
                    FindingKind.UNREACHABLE, exchange=first, address=address, error=first.error
                )
            raise _Stop
        self._health(first, given)
        canary = self._get(UNKNOWN_PATH)
        if _read(canary) is Answer.AUTH:
            self.auth_blocks = True
            kind = FindingKind.KEY_REJECTED if self.key else FindingKind.AUTH_REQUIRED
            self._add(kind, exchange=canary, line=canary.line, header=self._header_names(None))
        elif canary.status is not None:
            # A path no proxy routes was not refused for want of a key: the key is checked
            # after routing (the Go proxies' group middleware), so a 401 means "routed".
            self.auth_after_routing = True
        if given is not None:
            self._add(FindingKind.PROXY_GIVEN, table=given.id)
            return
        self._identify(list(self.session.exchanges))

    def _scheme_mismatch(self, first: Exchange) -> bool:
        """True, with its finding, when the port speaks the other scheme than the Base URL."""
        session = self.session
        no_answer = first.status is None and first.outcome in _BROKEN
        complaint = session.scheme == "http" and first.status == 400 and _mentions_tls(first.body)
        if not (no_answer or complaint):
            return False
        port = str(session.port)
        if session.scheme == "https":
            plain = session.send("GET", first.target, scheme="http")
            if plain.status is None:
                return False
            self._add(FindingKind.HTTPS_TO_PLAIN_HTTP, exchange=plain, port=port, line=plain.line)
            return True
        address = session.address
        if address is None or not session.tls_handshake(address)[0]:
            return False
        self._add(FindingKind.HTTP_TO_TLS, exchange=first, port=port)
        return True

    def _health(self, first: Exchange, given: RouteTable | None) -> None:
        tried = [first]
        for path in health_paths(given)[1:]:
            if tried[-1].status == 200 or tried[-1].status == 503:
                break
            tried.append(self._get(path))
        last = tried[-1]
        if last.status == 200:
            self._add(FindingKind.HEALTHY, exchange=last, line=last.line, excerpt=last.excerpt(60))
        elif last.status == 503:
            self._add(
                FindingKind.UNHEALTHY,
                ok=False,
                exchange=last,
                line=last.line,
                excerpt=last.excerpt(60),
            )
        else:
            self._add(FindingKind.NO_HEALTH, lines=", ".join(e.line for e in tried))

    def _identify(self, answered: Sequence[Exchange]) -> None:
        tables = candidate_tables()
        # The health checks and the unknown path count as answers too.
        seen = [(Probe(e.method, e.target), self._read(e)) for e in answered]
        pool = probe_pool(tables)
        for _ in range(FINGERPRINT_REQUESTS):
            p = next_probe(tables, seen, pool)
            if p is None:
                break
            exchange = self._send(p.method, p.path, Protocol(p.protocol) if p.protocol else None)
            seen.append((p, self._read(exchange, dynamic=PROBE_VALUE in p.path)))
        fp = score(tables, seen)
        self.fingerprint = fp
        order = {t.id: i for i, t in enumerate(tables)}
        best = sorted(fp.best, key=order.__getitem__)
        agree = dict(fp.agreements).get(best[0], 0) if best else 0
        families = {b.partition("@")[0] for b in best}
        if fp.known and len(families) == 1:
            self.table = route_table(best[0])
            template = "proxy-identified-many" if len(best) > 1 else ""
            self._add(
                FindingKind.PROXY_IDENTIFIED,
                template=template,
                table=best[0],
                tables=", ".join(best),
                agree=str(agree),
                informative=str(fp.informative),
            )
            return
        if all(a in SILENT for _, a in seen):
            template = "proxy-unknown-auth" if self.auth_blocks else "proxy-unknown-silent"
        else:
            template = ""
        self._add(
            FindingKind.PROXY_UNKNOWN,
            template=template,
            table=best[0] if best else "-",
            agree=str(agree),
            informative=str(fp.informative),
        )

    # --- 5-6. the client's requests, and the correction ---------------------------------

    def check_client(self, profile: ClientProfile) -> None:
        table = self.table
        d = diagnose(self.base, profile, routes=table) if table is not None else None
        requests = tuple(self._request(r, profile) for r in resolve(self.base, profile))
        cp = ClientProbe(client=profile.id, diagnosis=d, requests=requests)
        for r in requests:
            self._disagreement(profile.id, r)
        if cp.routed is False:
            cp = self._correct(profile, cp, d)
        self.clients.append(cp)

    def _request(self, request: Request, profile: ClientProfile) -> RequestProbe:
        if request.refused is not None:
            return RequestProbe(
                method=request.method,
                target=request.target,
                operation=request.operation,
                exchange=None,
                seen=None,
                expected=None,
                refused=request.refused,
            )
        method, target = request.method, request.target
        body = _BODY if method not in ("GET", "HEAD", "DELETE") else None
        exchange = self._send(method, target, request.protocol, body=body)
        first: Exchange | None = None
        # A redirect the client follows is followed here too, the client's way (a 301 can
        # turn its POST into a GET), but only to this origin: a Location elsewhere is read
        # as the answer.
        status, location = exchange.status, exchange.location
        follow = profile.redirects.follow_method(status, method) if status in _REDIRECTS else None
        next_target = self.session.same_origin(location) if follow and location else None
        if follow is not None and next_target is not None:
            first = exchange
            method, target = follow, next_target
            exchange = self._send(
                method, target, request.protocol, body=body if method == request.method else None
            )
        table = self.table
        path = target.partition("?")[0]
        return RequestProbe(
            method=request.method,
            target=request.target,
            operation=request.operation,
            exchange=exchange,
            seen=self._read(exchange, dynamic=_dynamic(table, method, path)),
            expected=predict(table, method, path) if table is not None else None,
            redirect=first,
        )

    def _disagreement(self, client: str, r: RequestProbe) -> None:
        seen, expected, exchange, table = r.seen, r.expected, r.exchange, self.table
        if seen is None or expected is None or exchange is None or table is None:
            return
        if seen in SILENT or agrees(expected, seen):
            return
        self._add(
            FindingKind.TABLE_DISAGREES,
            ok=False,
            client=client,
            exchange=exchange,
            line=exchange.line,
            table=table.id,
            expected="/".join(sorted(a.value for a in expected)),
            seen=seen.value,
        )

    def _correct(self, profile: ClientProfile, cp: ClientProbe, d: Diagnosis | None) -> ClientProbe:
        if d is None or d.corrected_base_url is None:
            template = "" if d is None else "no-correction-offline"
            self._add(FindingKind.NO_CORRECTION, client=profile.id, template=template)
            return cp
        corrected = d.corrected_base_url
        checked = tuple(self._request(r, profile) for r in resolve(corrected, profile))
        seen_to_route = confirmed(checked) is True
        self._add(
            FindingKind.CORRECTION_CONFIRMED
            if seen_to_route
            else FindingKind.CORRECTION_NOT_CONFIRMED,
            ok=seen_to_route,
            client=profile.id,
            requests=checked,
            url=redact(str(corrected)),
        )
        return ClientProbe(
            client=cp.client,
            diagnosis=d,
            requests=cp.requests,
            corrected_base_url=corrected,
            corrected_requests=checked,
        )

    # --- sending ----------------------------------------------------------------------

    def _read(self, exchange: Exchange, *, dynamic: bool = False) -> Answer:
        seen = _read(exchange, dynamic=dynamic)
        if seen is Answer.AUTH and self.auth_after_routing:
            return Answer.ROUTED
        return seen

    def _get(self, path: str) -> Exchange:
        return self._send("GET", path, None)

    def _send(
        self, method: str, target: str, protocol: Protocol | None, *, body: bytes | None = None
    ) -> Exchange:
        # The same request twice (two clients, a fingerprint probe a client repeats) is
        # sent once: the answer cannot differ, and the budget is small.
        memo = (method, target)
        found = self._seen.get(memo)
        if found is not None:
            return found
        if body is None and method == "POST":
            body = _BODY
        exchange = self.session.send(method, target, body=body, headers=self._headers(protocol))
        self._seen[memo] = exchange
        return exchange

    def _headers(self, protocol: Protocol | None) -> list[tuple[str, str]]:
        if self.key is None:
            return []
        chosen = (
            [_KEY_HEADERS[protocol]]
            if protocol in _KEY_HEADERS
            else list(_KEY_HEADERS.values())[:2]
        )
        return [(name, value.format(key=self.key)) for name, value in chosen]

    def _header_names(self, protocol: Protocol | None) -> str:
        names = (
            [_KEY_HEADERS[protocol]] if protocol in _KEY_HEADERS else list(_KEY_HEADERS.values())
        )
        return " or ".join(f"{name}: {value.format(key='<key>')}" for name, value in names)

    def _add(
        self,
        kind: FindingKind,
        *,
        ok: bool | None = None,
        exchange: Exchange | None = None,
        client: str | None = None,
        template: str = "",
        requests: tuple[RequestProbe, ...] = (),
        **fields: str,
    ) -> None:
        if ok is None:
            ok = kind in _FINE
        self.findings.append(
            Finding(
                kind=kind,
                ok=ok,
                exchange=exchange,
                client=client,
                template=template,
                fields=tuple((k, redact(str(v))) for k, v in fields.items()),
                requests=requests,
            )
        )


class _Stop(BudgetSpent):
    """The probe cannot go on (the scheme is wrong): stop without a budget finding."""


_FINE = frozenset(
    {
        FindingKind.REACHABLE,
        FindingKind.HEALTHY,
        FindingKind.NO_HEALTH,
        FindingKind.PROXY_IDENTIFIED,
        FindingKind.PROXY_GIVEN,
        FindingKind.PROXY_UNKNOWN,
        FindingKind.CORRECTION_CONFIRMED,
    }
)


def _read(exchange: Exchange, *, dynamic: bool = False) -> Answer:
    return read_answer(exchange.status, exchange.body, exchange.content_type, dynamic=dynamic)


def _dynamic(table: RouteTable | None, method: str, path: str) -> bool:
    """Whether a handler looks something up in this request's path (a model): without a
    table, or where the table's route takes a parameter."""
    if table is None:
        return "/models/" in path  # the Gemini shape: models/{model}:action
    route = table.match(method, path).route
    return route is not None and not route.is_static


def _mentions_tls(body: str) -> bool:
    lowered = body.lower()
    return "https" in lowered or "tls" in lowered or "ssl" in lowered
