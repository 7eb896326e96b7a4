"""Layer 6 (live): ``agroutes probe``, the command line's face of :func:`agroutes.live.probe`.

The command line (layer 5) imports this module only when ``probe`` is the command, so that
``check`` and the rest never load the socket, TLS and HTTP modules the probe needs.
"""

from __future__ import annotations

import argparse

from ._cli_commands import (
    EXIT_OK,
    EXIT_PROBLEM,
    UsageError,
    load_client_arg,
    load_table_arg,
    parse_client_arg,
)
from ._cli_output import Context
from ._fingerprint import Fingerprint
from ._probe import probe
from ._probe_http import Exchange
from ._probe_report import ClientProbe, Finding, ProbeReport, RequestProbe

__all__ = ["cmd_probe", "probe_mapping"]


def cmd_probe(args: argparse.Namespace, ctx: Context) -> int:
    """``agroutes probe``: the live checks; exit 1 if any finds a problem."""
    profiles = [parse_client_arg(s) for s in args.client]
    profiles += [load_client_arg(f) for f in args.client_file]
    table = load_table_arg(args.routes) if args.routes is not None else None
    key = None
    if args.api_key_env is not None:
        key = ctx.environ.get(args.api_key_env)
        if not key:
            raise UsageError(f"--api-key-env {args.api_key_env!r}: that variable is not set")
    report = probe(args.base_url, profiles, routes=table, api_key=key, timeout=args.timeout)
    if ctx.json:
        ctx.document("probe", probe_mapping(report, ctx.lang))
    else:
        ctx.lines(report.explain(ctx.lang).splitlines())
    return EXIT_OK if report.ok else EXIT_PROBLEM


def probe_mapping(report: ProbeReport, lang: str = "en") -> dict[str, object]:
    """The JSON view of a report (``docs/json.md``, command ``probe``)."""
    return {
        "base_url": report.base_url,
        "address": report.address,
        "routes": report.table,
        "ok": report.ok,
        "sent": report.sent,
        "fingerprint": _fingerprint(report.fingerprint),
        "findings": [_finding(f, lang) for f in report.findings],
        "clients": [_client(c, lang) for c in report.clients],
        "exchanges": [_exchange(e) for e in report.exchanges],
    }


def _fingerprint(fp: Fingerprint | None) -> dict[str, object] | None:
    if fp is None:
        return None
    return {
        "best": list(fp.best),
        "confidence": round(fp.confidence, 3),
        "informative": fp.informative,
        "known": fp.known,
    }


def _finding(f: Finding, lang: str) -> dict[str, object]:
    return {
        "kind": f.kind.value,
        "ok": f.ok,
        "client": f.client,
        "message": f.explain(lang),
        "exchange": _exchange(f.exchange) if f.exchange is not None else None,
    }


def _client(c: ClientProbe, lang: str) -> dict[str, object]:
    return {
        "client": c.client,
        "routed": c.routed,
        "offline_ok": c.diagnosis.ok if c.diagnosis is not None else None,
        "requests": [_request(r, lang) for r in c.requests],
        "corrected_base_url": str(c.corrected_base_url) if c.corrected_base_url else None,
        "confirmed": c.confirmed,
        "corrected_requests": [_request(r, lang) for r in c.corrected_requests],
    }


def _request(r: RequestProbe, lang: str) -> dict[str, object]:
    return {
        "operation": r.operation,
        "method": r.method,
        "target": r.target,
        "status": r.exchange.status if r.exchange is not None else None,
        "seen": r.seen.value if r.seen is not None else None,
        "expected": sorted(a.value for a in r.expected) if r.expected is not None else None,
        "routed": r.routed,
        "refused": r.refused,
        "redirect": _exchange(r.redirect) if r.redirect is not None else None,
        "message": r.explain(lang),
    }


def _exchange(e: Exchange) -> dict[str, object]:
    return {
        "method": e.method,
        "target": e.target,
        "address": e.address,
        "status": e.status,
        "outcome": e.outcome.value,
        "content_type": e.content_type,
        "allow": e.allow,
        "location": e.location,
        "body": e.excerpt(200),
        "error": e.error,
        "elapsed_ms": round(e.elapsed_ms, 1),
    }
