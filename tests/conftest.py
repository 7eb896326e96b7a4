"""Constants that several test files share, importable as ``from tests.conftest import X``."""

from __future__ import annotations

from agroutes import ClientProfile, RouteTable, client, route_table
from agroutes.profiles import BUILTIN_CLIENTS, CLIENT_RELEASES

__all__ = [
    "CLIENTS",
    "OLD",
    "PROFILES",
    "RELAY",
    "REQUIRED_CLIENTS",
    "H",
]

#: Antigravity Tools' default origin: where most tests' Base URLs start.
H = "http://127.0.0.1:8045"

#: The client ids agroutes must ship (a test checks the registry against this list, so it
#: is written out rather than read from ``BUILTIN_CLIENTS``).
REQUIRED_CLIENTS: tuple[str, ...] = (
    "openai-python",
    "openai-node",
    "anthropic-python",
    "claude-code",
    "google-genai",
    "gemini-cli",
    "codex",
    "kilo-code/openai",
    "kilo-code/openai-compatible",
    "kilo-code/anthropic",
    "kilo-code/google",
)

#: One client per join rule, plus the ones whose transports touch the target: all but
#: three of the Kilo Code modes.
CLIENTS: tuple[str, ...] = (*REQUIRED_CLIENTS[:7], "kilo-code/google")

#: Every built-in client, google-genai with the ``api_version`` its diagnoses suggest
#: where its default ``v1`` is not served (Antigravity, CLIProxyAPI), and every older
#: release with a profile of its own (``google-genai@2.34.0``, ...).
PROFILES: tuple[ClientProfile, ...] = (
    *BUILTIN_CLIENTS.values(),
    client("google-genai", api_version="v1beta"),
    *{
        p.id: p for rs in CLIENT_RELEASES.values() for _, p in rs if p.id not in BUILTIN_CLIENTS
    }.values(),
)

#: The Antigravity release the seed lessons document.
OLD = "antigravity@3.3.50"
#: claude-relay-service #113: the old Antigravity table served under /api.
RELAY: RouteTable = route_table(OLD).mount("/api")
