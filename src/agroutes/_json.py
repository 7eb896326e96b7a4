"""Layer 5: every JSON view agroutes gives, in one home (schema: ``docs/json.md``).

Each result's ``to_mapping()`` and every ``--json`` document of the command line is built
here, so that a field is named, redacted and typed the same way wherever it appears. Every
string of every view, keys included, is made safe on the way out
(:func:`agroutes._redact.redact_document`: secrets masked, control characters escaped).
"""

from __future__ import annotations

from ._diagnosis import Diagnosis, Suggestion
from ._logpath import PathDiagnosis, Sender, path_only
from ._patterns import Route
from ._profiles import ClientProfile
from ._redact import redact_document
from ._routers import RouterSemantics
from ._triage import Triage

__all__ = [
    "check_result_mapping",
    "client_mapping",
    "diagnosis_mapping",
    "path_diagnosis_mapping",
    "route_mapping",
    "sender_mapping",
    "suggestion_mapping",
    "triage_mapping",
]


def suggestion_mapping(s: Suggestion) -> dict[str, object]:
    """A suggestion as JSON: what to change, for which client, with its Base URL."""
    return redact_document(
        {
            "kind": s.kind.value,
            "client": s.client,
            "settings": dict(s.settings),
            "base_url": str(s.base_url),
        }
    )


def diagnosis_mapping(d: Diagnosis) -> dict[str, object]:
    """A diagnosis as JSON, every URL redacted."""
    return redact_document(
        {
            "ok": d.ok,
            "client": d.client.id,
            "settings": d.client.settings_changed,
            "base_url": str(d.base_url),
            "routes": d.table.id,
            "router": d.table.router.name,
            "requests": [
                {
                    "operation": c.request.operation,
                    "method": c.request.method,
                    "url": str(c.request.url),
                    "target": c.request.target,
                    "status": c.status,
                    "route": c.match.route.pattern if c.match and c.match.route else None,
                    "allowed_methods": sorted(c.match.allowed_methods) if c.match else [],
                    "redirect": c.match.redirect if c.match else None,
                    "followed_route": (
                        c.followed.route.pattern if c.followed and c.followed.route else None
                    ),
                    "ok": c.ok,
                }
                for c in d.requests
            ],
            "problems": [
                {
                    "kind": p.kind.value,
                    "operation": p.request.operation if p.request else None,
                    "message": p.message,
                }
                for p in d.problems
            ],
            "corrected_base_url": str(d.corrected_base_url) if d.corrected_base_url else None,
            "suggestions": [suggestion_mapping(s) for s in d.suggestions],
            "working_base_urls": [str(url) for url in d.working_base_urls],
            "working_base_urls_truncated": d.working_base_urls_truncated,
        }
    )


def router_mapping(router: RouterSemantics) -> dict[str, object]:
    """A router's semantics as JSON (every field of :class:`RouterSemantics`)."""
    return {
        "name": router.name,
        "title": router.title,
        "method_first": router.method_first,
        "method_not_allowed": router.method_not_allowed,
        "implicit_head": router.implicit_head,
        "trailing_slash": router.trailing_slash.value,
        "double_slash": router.double_slash.value,
        "redirect_get": router.redirect_get,
        "redirect_other": router.redirect_other,
        "redirect_any_method": router.redirect_any_method,
        "case_sensitive": router.case_sensitive,
        "empty_parameter": router.empty_parameter,
        "parameter_syntax": router.parameter_syntax,
        "inline_suffix": router.inline_suffix,
        "source": router.source,
    }


def route_mapping(route: Route) -> dict[str, object]:
    """A route as JSON: methods, pattern, operation, protocols and its source line."""
    return redact_document(
        {
            "methods": sorted(route.methods),
            "pattern": route.pattern,
            "operation": route.operation,
            "protocols": sorted(p.value for p in route.protocols),
            "source": route.source,
        }
    )


def sender_mapping(sender: Sender) -> dict[str, object]:
    fixed = sender.corrected_base_url
    return redact_document(
        {
            "client": sender.client.id,
            "settings": sender.client.settings_changed,
            "operation": sender.operation,
            "base_url": str(sender.base_url),
            "kind": sender.kind.value,
            "corrected_base_url": str(fixed) if fixed is not None else None,
            "suggestions": [suggestion_mapping(s) for s in sender.suggestions],
            "withheld": [str(url) for url in sender.withheld],
        }
    )


def path_diagnosis_mapping(d: PathDiagnosis) -> dict[str, object]:
    """A path diagnosis as JSON, every URL and path redacted; with no origin known, the
    Base URLs are written on ``<origin>`` (see :class:`~agroutes.PathDiagnosis`)."""
    doc = redact_document(
        {
            "method": d.method,
            "path": d.target,
            "routes": d.table.id,
            "origin": d.origin,
            "status": d.status,
            "fallback_status": d.fallback_status,
            "ok": d.ok,
            "kind": d.kind.value if d.kind else None,
            "route": route_mapping(d.match.route) if d.match.route else None,
            "allowed_methods": sorted(d.match.allowed_methods),
            "redirect": d.match.redirect if d.match.redirect else None,
            "meant": (
                {
                    "method": d.meant.method,
                    "path": d.meant.path,
                    "route": route_mapping(d.meant.route),
                }
                if d.meant
                else None
            ),
            "rewrite": d.rewrite if d.rewrite else None,
            "senders": [sender_mapping(s) for s in d.senders],
            "unknown_senders_possible": d.unknown_senders_possible,
            "missing_clients": list(d.missing_clients),
            "message": str(d),
        }
    )
    return doc if d.origin is not None else _path_only(doc)


def _path_only(doc: dict[str, object]) -> dict[str, object]:
    """Every string of a document with the placeholder origin written ``<origin>``."""
    return {key: _walk(value) for key, value in doc.items()}


def _walk(item: object) -> object:
    if isinstance(item, str):
        return path_only(item)
    if isinstance(item, dict):
        return {key: _walk(inner) for key, inner in item.items()}
    if isinstance(item, list):
        return [_walk(inner) for inner in item]
    return item


def triage_mapping(t: Triage) -> dict[str, object]:
    """A triage as JSON: the path redacted, the path diagnosis nested (or null)."""
    return redact_document(
        {
            "kind": t.kind.value,
            "status": t.status,
            "method": t.method,
            "path": t.path,
            "routes": t.table.id,
            "body": t.body.value,
            "upstream_message": t.upstream_message,
            "message": str(t),
            "path_diagnosis": (
                path_diagnosis_mapping(t.path_diagnosis) if t.path_diagnosis is not None else None
            ),
        }
    )


def client_mapping(p: ClientProfile, aliases: list[str]) -> dict[str, object]:
    """A client profile as ``agroutes clients --json`` lists it."""
    return redact_document(
        {
            "id": p.id,
            "title": p.title,
            "protocol": p.protocol.value,
            "verified": p.verified,
            "evidence": p.evidence.value,
            "family": p.family,
            "redirects": p.redirects.value,
            "base_url_ignored": p.base_url_ignored,
            "base_shape": p.base_shape.value,
            "aliases": aliases,
            "settings": [
                {
                    "name": s.name,
                    "default": s.default,
                    "doc": s.doc,
                    "choices": list(s.choices) if s.choices is not None else None,
                }
                for s in p.setting_specs
            ],
        }
    )


def check_result_mapping(d: Diagnosis, lang: str) -> dict[str, object]:
    """``to_mapping`` plus the client's names, with every message in ``lang``."""
    doc = diagnosis_mapping(d)
    return redact_document(
        {
            "client": doc.pop("client"),
            "label": d.client.label(),
            "title": d.client.title,
            "verified": d.client.verified,
            **doc,
            "problems": [
                {
                    "kind": p.kind.value,
                    "operation": p.request.operation if p.request is not None else None,
                    "message": p.explain(lang),
                }
                for p in d.problems
            ],
            "suggestions": [
                {**suggestion_mapping(s), "message": s.explain(lang)} for s in d.suggestions
            ],
        }
    )
