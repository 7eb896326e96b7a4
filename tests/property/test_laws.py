"""The laws of DESIGN.md as properties, over every built-in client, table and mount prefix.

The laws are checked on inputs that come from what the client profiles document, never on
inputs that agroutes' own diagnosis or correction search picked (that would be circular):

- The good Base URL is the documented one: origin + the table's mount prefix +
  ``profile.base_shape.prefix``. The laws hold it to the (client, table) pairs whose
  table serves it, which :func:`_served` decides from the requests ``resolve()`` predicts
  and ``table.match()``; :data:`NOT_SERVED` lists, with reasons, the pairs left out.
- A mistake is a pure string edit of the good Base URL (:data:`MISTAKES`).
- Whether a mistake is harmless for a client is decided the same way, before ``diagnose``
  is asked (:func:`_why_harmless`): the client sends the very requests the good Base URL
  makes it send, or other requests that the table routes too.

The laws: the documented Base URL diagnoses ok. Every mistake is either harmless, for a
stated reason, and then diagnoses ok; or it diagnoses not ok, the explanation names the
mistake, and the correction works, keeps the origin and the mount prefix, reaches the
routes the good Base URL reaches, and is final (correcting twice changes nothing). For
*any* typed Base URL a correction is final too, and there is none only where not even the
documented Base URL works. ``resolve`` and ``diagnose`` agree on the requests.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from yarl import URL

from agroutes import (
    ClientProfile,
    Diagnosis,
    ProblemKind,
    RouteTable,
    client,
    diagnose,
    parse_base_url,
    resolve,
    route_table,
)
from agroutes.profiles import GENERIC_CLIENTS, Protocol, client_from_json, client_from_toml
from agroutes.strategies import clients, route_tables
from agroutes.tables import BUILTIN_TABLES, Route
from tests.conftest import PROFILES, H

ORIGINS = (H, "https://localhost", "http://[::1]:1", "https://proxy.example:443")
#: Each built-in table once (an alias and the preset it names are one table).
TABLES: tuple[RouteTable, ...] = tuple(
    {route_table(name).id: route_table(name) for name in BUILTIN_TABLES}.values()
)


#: Proxies that serve each protocol under its own prefix, as their documentation tells
#: each client to write it (the client's own Base URL shape follows it).
PROXY_PREFIXES: dict[tuple[str, str], str] = {
    # Wei-Shaw/claude-relay-service README.md at v1.1.314: ANTHROPIC_BASE_URL
    # ".../api/" (L414), GOOGLE_GEMINI_BASE_URL ".../gemini" (L468), Codex base_url
    # ".../openai" (L502).
    ("claude-relay-service", "anthropic"): "/api",
    ("claude-relay-service", "gemini"): "/gemini",
    ("claude-relay-service", "openai"): "/openai",
}


def _mount(profile: ClientProfile, table: RouteTable) -> str:
    """The table's mount prefix, and the proxy's own prefix for the client's protocol."""
    preset = table.id.partition("@mount:")[0]  # a mounted table keeps its preset's prefixes
    return table.mount_prefix + PROXY_PREFIXES.get((preset, profile.protocol.value), "")


def _documented(origin: str, profile: ClientProfile, table: RouteTable) -> str:
    """The Base URL the client's documentation asks for, on a proxy mounted as ``table``."""
    return origin + _mount(profile, table) + profile.base_shape.prefix


def _served(url: str, profile: ClientProfile, table: RouteTable) -> bool:
    """Whether every request the client sends for ``url`` reaches a handler: the client
    does send it, and the table routes it to a route of the client's protocol."""
    for request in resolve(url, profile):
        if request.refused is not None:
            return False
        route = table.match(request.method, request.target).route
        if route is None or profile.protocol not in route.protocols:
            return False
    return True


def _routes(url: str, profile: ClientProfile, table: RouteTable) -> list[Route | None]:
    """The route each request for ``url`` lands on, by ``resolve`` and ``table.match``."""
    return [table.match(r.method, r.target).route for r in resolve(url, profile)]


#: The pairs whose documented Base URL the table does not serve, and why. The laws leave
#: them out; a test checks this list against :func:`_served`, so that no pair drops out of
#: the laws unseen.
#: The SDKs that add /v1beta or /v1 themselves and default to v1, and those that send
#: /v1/messages/count_tokens beside /v1/messages (the Python and the TypeScript SDKs alike).
_GENAI_V1 = ("google-genai", "google-genai-node")
_COUNTS_TOKENS = ("anthropic-python", "anthropic-node")

#: The clients that send POST .../responses (the Responses API) from their documented Base URL.
_RESPONSES_SENDERS = (
    "openai-python",
    "openai-python@3.19.2",
    "openai-node",
    "codex",
    "kilo-code/openai",
    # The Responses providers of the extensions read from source.
    "cline/openai-native",
    "cherry-studio/openai-response",
    "roo-code/openai-native",
    "kilo-code-extension/openai-native",
    "kilo-code-extension/openai-responses",
    "kilo-code-extension/openai-native@4.153.0",
    "kilo-code-extension/openai-responses@4.153.0",
    "ai-sdk/openai",
    "opencode/openai",
    "qwen-code/openai-responses",
    "litellm/openai-responses",
    "litellm/openai-responses@1.81.10",
    "langchain-openai/responses",
    "openai-agents/responses",
    "pydantic-ai/openai-responses",
)

NOT_SERVED = {
    **{
        (client_id, "new-api"): (
            "new-api routes POST /v1/messages but not /v1/messages/count_tokens"
        )
        for client_id in _COUNTS_TOKENS
    },
    **{
        (client_id, table): (
            "Antigravity serves Gemini under /v1beta only; the SDK's default is v1"
        )
        for client_id in _GENAI_V1
        # The releases of tools/gen_tables.py (agroutes/data/NAME@VERSION.json) too.
        for table in (
            "antigravity@4.5.8",
            "antigravity@3.3.50",
            *(f"antigravity@{v}" for v in ("4.0.0", "4.0.10", "4.3.0", "4.3.9")),
        )
    },
    **{
        (client_id, table): (
            "CLIProxyAPI serves Gemini under /v1beta only; the SDK's default is v1"
        )
        for client_id in _GENAI_V1
        for table in (
            "cliproxyapi",
            *(f"cliproxyapi@{v}" for v in ("5.0.0", "5.0.5", "6.0.0", "6.9.35")),
        )
    },
    **{
        (client_id, f"cliproxyapi@{version}"): (
            "CLIProxyAPI 5.0 routes POST /v1/messages but not /v1/messages/count_tokens"
        )
        for client_id in _COUNTS_TOKENS
        for version in ("5.0.0", "5.0.5")
    },
    **{
        (client_id, "cliproxyapi@5.0.0"): "CLIProxyAPI has no /v1/responses before 5.0.5"
        for client_id in _RESPONSES_SENDERS
    },
    # The tables of tools/gen_repo_tables.py: each pair is a route the proxy does not have.
    **{
        (client_id, table): f"{table} has no /v1/responses"
        for table in ("one-api", "gemini-balance")
        for client_id in (
            "openai-python",
            "openai-python@3.19.2",
            "openai-node",
            "codex",
            "kilo-code/openai",
        )
    },
    **{
        (client_id, table): f"{table} has no /v1/messages (no Anthropic protocol)"
        for table in ("one-api", "gemini-balance")
        for client_id in (
            "anthropic-python",
            "claude-code",
            "kilo-code/anthropic",
            "declared/anthropic-v1",
        )
    },
    **{
        (client_id, table): f"{table} has no Gemini route under /v1beta (or /v1)"
        for table in ("ollama", "one-api")
        for client_id in (
            "google-genai",
            "google-genai(api_version='v1beta')",
            "google-genai@2.34.0",
            "gemini-cli",
            "kilo-code/google",
            "declared/gemini-appends",
        )
    },
    **{
        ("google-genai", table): f"{table} serves Gemini under /v1beta only; google-genai's "
        "default is v1"
        for table in ("sub2api", "cc-switch", "gemini-balance")
    },
    **{
        ("anthropic-python", table): f"{table} routes POST /v1/messages but not "
        "/v1/messages/count_tokens"
        for table in ("ollama", "cc-switch")
    },
    **{
        (client_id, "claude-relay-service"): "claude-relay-service has no GET /openai/v1/models"
        for client_id in (
            "openai-python",
            "openai-python@3.19.2",
            "openai-node",
            "generic/openai-appends",
            "generic/adds-v1",
            "generic/keeps-slash",
        )
    },
    **{
        (client_id, "sub2api"): "sub2api 0.1.27 serves OpenAI only as the Responses API: no "
        "/v1/chat/completions"
        for client_id in (
            "openai-python",
            "openai-python@3.19.2",
            "openai-node",
            "kilo-code/openai-compatible",
            "generic/openai-appends",
            "generic/adds-v1",
            "generic/exact-url",
            "generic/keeps-slash",
        )
    },
    # The tables of tools/gen_registry_tables.py (read from PyPI and npm archives).
    **{
        (client_id, "copilot-api"): "copilot-api 0.7.0 has no Responses API (/v1/responses)"
        for client_id in (
            "openai-python",
            "openai-python@3.19.2",
            "openai-node",
            "codex",
            "kilo-code/openai",
        )
    },
    **{
        (client_id, "copilot-api"): "copilot-api 0.7.0 routes no Gemini path"
        for client_id in (
            "google-genai",
            "google-genai(api_version='v1beta')",
            "google-genai@2.34.0",
            "gemini-cli",
            "kilo-code/google",
            "declared/gemini-appends",
        )
    },
    **{
        (client_id, "vllm"): "vLLM 0.34.0 routes no Gemini path"
        for client_id in (
            "google-genai",
            "google-genai(api_version='v1beta')",
            "google-genai@2.34.0",
            "gemini-cli",
            "kilo-code/google",
            "declared/gemini-appends",
        )
    },
    ("google-genai", "litellm"): (
        "LiteLLM serves Gemini under /v1beta and without a version, not under v1 (the "
        "client's default): POST /v1/models/...:generateContent lands on GET /v1/models/{id}"
    ),
    **{
        (client_id, "litellm"): "LiteLLM 1.110.2 routes no GET /v1beta/models (models.list)"
        for client_id in ("google-genai(api_version='v1beta')", "google-genai@2.34.0")
    },
    # tools/gen_ccr_table.py: next-ai-gateway's GET /v1/models answers an OpenAI list, or an
    # Anthropic one for a request with anthropic-version (its handler, next-ai-gateway.js
    # line 780), never Gemini's; and it registers no GET /v1beta/models.
    **{
        (client_id, "claude-code-router"): "claude-code-router 3.1.1's GET /v1/models answers "
        "an OpenAI or Anthropic list, not Gemini's models.list"
        for client_id in _GENAI_V1
    },
    **{
        (client_id, "claude-code-router"): "claude-code-router 3.1.1 routes no GET "
        "/v1beta/models (models.list)"
        for client_id in ("google-genai(api_version='v1beta')", "google-genai@2.34.0")
    },
    # claude-code-router 1.0.73 (tools/ccr_legacy.py): no GET /v1/models at all (the running
    # 1.0.73 answers it with fastify's 404), Gemini under /v1beta only.
    **{
        (client_id, "claude-code-router@1.0.73"): "claude-code-router 1.0.73 routes no GET "
        "/v1/models (models.list)"
        for client_id in (
            "openai-python",
            "openai-python@3.19.2",
            "openai-node",
            *_COUNTS_TOKENS,
            "generic/openai-appends",
            "generic/adds-v1",
            "generic/keeps-slash",
        )
    },
    **{
        (client_id, "claude-code-router@1.0.73"): "claude-code-router 1.0.73 serves Gemini "
        "under /v1beta only; the SDK's default is v1"
        for client_id in _GENAI_V1
    },
    **{
        (client_id, "claude-code-router@1.0.73"): "claude-code-router 1.0.73 routes no GET "
        "/v1beta/models (models.list)"
        for client_id in ("google-genai(api_version='v1beta')", "google-genai@2.34.0")
    },
}

#: Clients declared as data, as a user writes them (the laws hold for them too).
DECLARED = (
    client_from_json(
        """{"id": "declared/gemini-appends", "protocol": "gemini", "join": "genai-js",
            "base_shape": "host-root", "settings": [{"name": "model", "default": "m"}],
            "requests": [{"operation": "generate-content", "method": "POST",
                          "suffix": "/v1beta/models/{model}:generateContent"}]}"""
    ),
    client_from_toml(
        """id = "declared/anthropic-v1"
protocol = "anthropic"
join = "httpx-path-slash"
base_shape = "ends-in-v1"
[[requests]]
operation = "messages"
method = "POST"
suffix = "/messages"
"""
    ),
)

#: Every client the laws hold for: the built-ins, the generic families and declared ones.
#: A client that ignores its Base URL (continue/gemini) is under no law about Base URLs:
#: whatever is typed, it calls its own host.
LAW_PROFILES: tuple[ClientProfile, ...] = tuple(
    p for p in (*PROFILES, *GENERIC_CLIENTS.values(), *DECLARED) if not p.base_url_ignored
)


def _speaking(*protocols: Protocol) -> list[str]:
    """The labels of the law clients that speak one of ``protocols``."""
    return [p.label() for p in LAW_PROFILES if p.protocol in protocols]


def _not_speaking(protocol: Protocol) -> list[str]:
    return _speaking(*(p for p in Protocol if p is not protocol))


# The upstream APIs (tools/gen_api_tables.py) each speak one protocol at the documented Base
# URLs; a client of another protocol has no route there at all, which the laws leave out.
NOT_SERVED.update(
    {
        **{
            (label, table): "api.openai.com serves the OpenAI protocol only: no /v1/messages, "
            "no Gemini path"
            for table in ("openai-api", "openai-compatible")
            for label in _not_speaking(Protocol.OPENAI)
        },
        **{
            (label, "anthropic-api"): "the Anthropic API (as its SDK calls it) serves the "
            "Anthropic protocol only"
            for label in _not_speaking(Protocol.ANTHROPIC)
        },
        **{
            (label, "gemini-api"): "the Gemini API serves Gemini paths; its OpenAI-compatible "
            "routes are under /v1beta/openai and its sources show chat completions only"
            for label in _not_speaking(Protocol.GEMINI)
        },
        **{
            (label, table): "no Gemini route"
            for table in ("openrouter", "lm-studio")
            for label in _speaking(Protocol.GEMINI)
        },
        ("anthropic-python", "openrouter"): (
            "OpenRouter's spec has POST /api/v1/messages but no /messages/count_tokens, and its "
            "/api/v1/models is OpenAI's list"
        ),
        ("anthropic-python", "lm-studio"): (
            "LM Studio documents POST /v1/messages but no /v1/messages/count_tokens, and its "
            "/v1/models is OpenAI's list"
        ),
    }
)

_BY_LABEL = {p.label(): p for p in LAW_PROFILES}


def _sent(url: str, profile: ClientProfile) -> tuple[tuple[str, str, bool], ...]:
    """What a router sees of the client's requests for ``url``: methods and paths."""
    return tuple((r.method, r.path, r.refused is None) for r in resolve(url, profile))


def _alike(profile: ClientProfile, label: str, table: RouteTable, *urls: str) -> bool:
    """Whether the listed client ``label`` is, for the laws on ``table``, the same client
    as ``profile``: the same protocol and documented Base URL, and the same requests (as a
    router sees them) for it and for each of ``urls``. Many clients embed one SDK (Roo Code
    and Kilo Code's extension, opencode and the Kilo CLI, the AI SDK providers): a case
    listed with its evidence for one holds for the others, which send what it sends."""
    other = _BY_LABEL.get(label)
    if other is None or other.protocol is not profile.protocol:
        return False
    good = _documented(H, profile, table)
    if good != _documented(H, other, table):
        return False
    return all(_sent(u, profile) == _sent(u, other) for u in (good, *urls))


def _alike_listed(
    listed: dict[tuple[str, str], str], profile: ClientProfile, table: RouteTable
) -> str | None:
    for (label, table_id), why in listed.items():
        if table_id == table.id and _alike(profile, label, table):
            return f"{why} (as for {label}, which sends the same requests)"
    return None


# Proxies with no Gemini route at all (their tables' notes say so): no Gemini client works.
NOT_SERVED.update(
    {
        (label, table): f"{table} routes no Gemini path"
        for table in ("copilot-api", "ollama", "one-api", "vllm", "llama-cpp")
        for label in _speaking(Protocol.GEMINI)
        if (label, table) not in NOT_SERVED
    }
)

# New API's past releases (tools/gen_repo_tables.py, tools/data/new-api-survey.json): each
# pair is a route the release does not register yet, as its table's first note says.
NOT_SERVED.update(
    {
        **{
            (label, f"new-api@{version}"): "new-api routes no Gemini path before 0.8.0"
            for version in ("0.6.0", "0.7.0")
            for label in _speaking(Protocol.GEMINI)
        },
        **{
            (client_id, f"new-api@{version}"): (
                "new-api routes POST /v1/messages but not /v1/messages/count_tokens"
            )
            for client_id in _COUNTS_TOKENS
            for version in ("0.6.0", "0.7.0", "0.8.0", "0.9.0")
        },
        **{
            (client_id, "new-api@0.8.0"): (
                "new-api routes Gemini under /v1beta only before 0.9.0; the SDK's default is v1"
            )
            for client_id in _GENAI_V1
        },
        ("google-genai@2.34.0", "new-api@0.8.0"): (
            "new-api has no GET /v1beta/models before 0.9.0"
        ),
        **{
            (client_id, f"new-api@{version}"): (
                "new-api has no /v1/responses before 0.7.0 (PR 1020)"
            )
            for client_id in _RESPONSES_SENDERS
            for version in ("0.6.0",)
        },
    }
)

# Each NOT_SERVED pair holds for the clients that send what its client sends.
NOT_SERVED.update(
    {
        (profile.label(), table.id): why
        for profile in LAW_PROFILES
        for table in TABLES
        if (profile.label(), table.id) not in NOT_SERVED
        and (why := _alike_listed(NOT_SERVED, profile, table)) is not None
    }
)

#: The (client, table) pairs the laws hold on: the table serves the documented Base URL.
PAIRS: tuple[tuple[ClientProfile, RouteTable], ...] = tuple(
    (p, t) for p in LAW_PROFILES for t in TABLES if _served(_documented(H, p, t), p, t)
)

# Mounted and bare tables, from the strategies shipped to users: mount segments never look
# like a version or an endpoint word, so a mounted table means what the bare one does.
_MOUNTS = {t.id: route_tables(presets=[t]) for t in TABLES}


@dataclass(frozen=True, slots=True)
class Case:
    """A client, a built-in table (``preset``) and that table as served (maybe mounted)."""

    profile: ClientProfile
    preset: RouteTable
    table: RouteTable


@st.composite
def cases(draw: st.DrawFn) -> Case:
    profile, preset = draw(st.sampled_from(PAIRS))
    return Case(profile, preset, draw(_MOUNTS[preset.id]))


def _case(client_id: str | ClientProfile, preset: str, mount: str = "") -> Case:
    table = route_table(preset)
    return Case(client(client_id), table, table.mount(mount))


# --- mistakes: string edits of the good Base URL -----------------------------------------

_VERSION = re.compile(r"v\d+(?:alpha|beta)?\d*")


@dataclass(frozen=True, slots=True)
class Shape:
    """The documented Base URL in parts, with what the client itself requests under it."""

    origin: str
    mount: str  # the table's mount prefix (and the proxy's prefix: PROXY_PREFIXES)
    prefix: str  # profile.base_shape.prefix: "", "/v1", "/v1beta" or an endpoint path
    version: str  # the version segment the client puts after the Base URL, else /v1
    own: tuple[str, ...]  # the paths the client requests on the good Base URL
    pasted: tuple[str, ...]  # the table's static routes of the client's protocol

    @property
    def path(self) -> str:
        return self.mount + self.prefix

    @property
    def url(self) -> str:
        return self.origin + self.path


def _shape(origin: str, profile: ClientProfile, table: RouteTable) -> Shape:
    prefix = profile.base_shape.prefix
    path = _mount(profile, table) + prefix
    own = tuple(dict.fromkeys(r.path for r in resolve(origin + path, profile)))
    # The version segment the Base URL ends in, or starts its endpoint path with.
    version = "/" + prefix.split("/")[1] if prefix else ""
    if not version:  # a host-root client appends its own version: read it off its requests
        heads = (p[len(path) :].split("/")[1:2] for p in own)
        version = next(("/" + h[0] for h in heads if h and _VERSION.fullmatch(h[0])), "/v1")
    pasted = sorted(
        r.pattern for r in table.routes if profile.protocol in r.protocols and "{" not in r.pattern
    )
    return Shape(origin, _mount(profile, table), prefix, version, own, tuple(pasted))


@dataclass(frozen=True, slots=True)
class Mistake:
    kind: ProblemKind  # the kind of problem the mistake is
    make: Callable[[Shape], tuple[str, ...]]  # the mistaken Base URLs (none: does not apply)
    breaks: bool = False  # breaks every client, whatever it does with the Base URL
    meant_known: bool = True  # the user meant the routes the good Base URL reaches


def _other_version(prefix: str) -> str:
    return "/v1beta" if prefix != "/v1beta" else "/v1"


def _doubled_slash(s: Shape) -> tuple[str, ...]:
    leading = s.origin + "/" + (s.path or "/")
    if s.path.count("/") < 2:
        return (leading,)
    return leading, s.origin + s.path.replace("/", "//", 2).replace("//", "/", 1)


MISTAKES: dict[str, Mistake] = {
    # (Only where the Base URL ends in the version: after an endpoint it is another slip.)
    "duplicated-prefix": Mistake(
        ProblemKind.DUPLICATED_PREFIX,
        lambda s: (s.url + s.version,) if s.prefix in ("", s.version) else (),
        breaks=True,
    ),
    # A /v1 after a host-root Base URL whose client puts another version there itself.
    "extra-version": Mistake(
        ProblemKind.WRONG_PREFIX,
        lambda s: (s.url + "/v1",) if not s.prefix and s.version != "/v1" else (),
        breaks=True,
    ),
    "stacked-path": Mistake(
        ProblemKind.STACKED_PATH,
        lambda s: (s.url + "/chat/completions", *(s.origin + p for p in s.own)),
        breaks=True,
    ),
    # Another endpoint of the table pasted as the Base URL: a codex user who pasted
    # CLIProxyAPI's /backend-api/codex/responses meant that route family, and the smallest
    # correction (/backend-api/codex) rightly keeps it. (No mistake for a client whose Base
    # URL is an endpoint: it sends to whichever one it is given.)
    "pasted-endpoint": Mistake(
        ProblemKind.STACKED_PATH,
        lambda s: (
            tuple(s.origin + p for p in s.pasted if p not in s.own)
            if s.prefix in ("", s.version)
            else ()
        ),
        breaks=True,
        meant_known=False,
    ),
    "missing-prefix": Mistake(
        ProblemKind.MISSING_PREFIX, lambda s: (s.origin + s.mount,) if s.prefix else ()
    ),
    "missing-mount": Mistake(
        ProblemKind.MISSING_PREFIX, lambda s: (s.origin + s.prefix,) if s.mount else ()
    ),
    "extra-slash": Mistake(ProblemKind.EXTRA_SLASH, lambda s: (s.url + "/", s.url + "//")),
    "doubled-slash": Mistake(ProblemKind.EXTRA_SLASH, _doubled_slash),
    "query-in-base": Mistake(
        ProblemKind.QUERY_IN_BASE,
        lambda s: tuple(f"{s.url}?{q}" for q in ("x=1", "api-version=2024-10-21", "beta=true", "")),
    ),
    "wrong-version": Mistake(
        ProblemKind.WRONG_PREFIX,
        lambda s: tuple(
            dict.fromkeys(
                s.origin + s.mount + v
                for v in (_other_version(s.prefix), "/v1", "/v1beta", "/v1alpha", "/v2", "/v3")
                if v != s.prefix
            )
        ),
    ),
    "userinfo": Mistake(
        ProblemKind.CREDENTIALS_IN_BASE,
        lambda s: tuple(
            s.url.replace("://", f"://{u}@", 1) for u in ("user:pw", "user:password", "apikey")
        ),
    ),
}
#: Mistakes whose diagnosis always names them. (A stacked endpoint that lands on a
#: parameterised route of another method is a 405 first; a query that swallows the path
#: can too: the diagnosis then names what the proxy answers, and that is fine.)
NAMED = frozenset(
    {
        ProblemKind.DUPLICATED_PREFIX,
        ProblemKind.MISSING_PREFIX,
        ProblemKind.EXTRA_SLASH,
        ProblemKind.CREDENTIALS_IN_BASE,
    }
)


@dataclass(frozen=True, slots=True)
class Trial:
    case: Case
    origin: str
    mistake: str
    bad: str


@st.composite
def trials(draw: st.DrawFn) -> Trial:
    case = draw(cases())
    origin = draw(st.sampled_from(ORIGINS))
    shape = _shape(origin, case.profile, case.table)
    made = {name: _made(m, shape) for name, m in MISTAKES.items()}
    name = draw(st.sampled_from([n for n, urls in made.items() if urls]))
    return Trial(case, origin, name, draw(st.sampled_from(made[name])))


def _made(mistake: Mistake, shape: Shape) -> tuple[str, ...]:
    """The mistaken Base URLs, less any that is the good one (pasting the endpoint is no
    mistake for a client whose Base URL is the endpoint)."""
    return tuple(bad for bad in mistake.make(shape) if bad != shape.url)


def _trials(case: Case, origin: str = H) -> list[Trial]:
    """Every mistake of every kind, made on ``case``'s good Base URL."""
    shape = _shape(origin, case.profile, case.table)
    return [
        Trial(case, origin, name, bad) for name, m in MISTAKES.items() for bad in _made(m, shape)
    ]


def _trial(case: Case, mistake: str) -> Trial:
    return next(t for t in _trials(case) if t.mistake == mistake)


# --- harmless mistakes: decided from resolve() and table.match() --------------------------

_V = TypeVar("_V")
SAME_REQUESTS = "the client sends the requests the good Base URL makes it send"
SERVED_TOO = "the client sends other requests, and the table routes those too"
#: Where SERVED_TOO is the reason: the preset's own routes say why.
#: The clients that append /responses to a Base URL ending in /v1, one "/" dropped (their
#: missing /v1 lands on Antigravity's own /responses), and the Gemini ones that append
#: /models/... to a Base URL ending in /v1beta (the wrong version lands on new-api's /v1).
_RESPONSES_APPENDERS = ("codex", "kilo-code/openai", "ai-sdk/openai", "opencode/openai")
_GEMINI_APPENDERS = ("kilo-code/google", "ai-sdk/google", "opencode/google")
SERVED_TOO_CASES = {
    ("codex", "antigravity@4.5.8", "missing-prefix"): "POST /responses, server.rs:460",
    ("kilo-code/openai", "antigravity@4.5.8", "missing-prefix"): "POST /responses, server.rs:460",
    ("codex", "antigravity@4.3.9", "missing-prefix"): "POST /responses, server.rs:446",
    ("kilo-code/openai", "antigravity@4.3.9", "missing-prefix"): "POST /responses, server.rs:446",
    ("kilo-code/google", "new-api", "wrong-version"): "/v1/models/{model}, relay-router.go:144",
    ("cline/gemini", "new-api", "wrong-version"): "/v1/models/{model}, relay-router.go:144",
    ("cherry-studio/gemini", "new-api", "wrong-version"): "/v1/models/{model}, relay-router.go:144",
    # The Responses providers of the extensions read from source, as codex.
    **{
        (client_id, f"antigravity@{version}", "missing-prefix"): f"POST /responses, {line}"
        for client_id in (
            "roo-code/openai-native",
            "kilo-code-extension/openai-native",
            "kilo-code-extension/openai-responses",
            "kilo-code-extension/openai-native@4.153.0",
            "kilo-code-extension/openai-responses@4.153.0",
        )
        for version, line in (("4.5.8", "server.rs:460"), ("4.3.9", "server.rs:446"))
    },
    # cc-switch registers its OpenAI routes with no prefix, /v1, /v1/v1 and /codex/v1.
    ("openai-python", "cc-switch", "missing-prefix"): "POST /chat/completions, server.rs:309",
    ("openai-node", "cc-switch", "missing-prefix"): "POST /chat/completions, server.rs:309",
    (
        "openai-python@3.19.2",
        "cc-switch",
        "missing-prefix",
    ): "POST /chat/completions, server.rs:309",
    (
        "kilo-code/openai-compatible",
        "cc-switch",
        "missing-prefix",
    ): "POST /chat/completions, server.rs:309",
    (
        "generic/openai-appends",
        "cc-switch",
        "missing-prefix",
    ): "POST /chat/completions, server.rs:309",
    ("generic/keeps-slash", "cc-switch", "missing-prefix"): "POST /chat/completions, server.rs:309",
    ("codex", "cc-switch", "missing-prefix"): "POST /responses, server.rs:326",
    ("kilo-code/openai", "cc-switch", "missing-prefix"): "POST /responses, server.rs:326",
    ("codex", "cc-switch", "duplicated-prefix"): "POST /v1/v1/responses, server.rs:328",
    ("kilo-code/openai", "cc-switch", "duplicated-prefix"): "POST /v1/v1/responses, server.rs:328",
    (
        "kilo-code/openai-compatible",
        "cc-switch",
        "duplicated-prefix",
    ): "POST /v1/v1/chat/completions, server.rs:314",
    # claude-relay-service serves Codex's Responses API under /openai and /openai/v1, and
    # Gemini under /gemini/v1beta and /gemini/v1.
    ("codex", "claude-relay-service", "missing-prefix"): "POST /openai/responses, "
    "openaiRoutes.js:1344",
    ("kilo-code/openai", "claude-relay-service", "missing-prefix"): "POST /openai/responses, "
    "openaiRoutes.js:1344",
    ("kilo-code/google", "claude-relay-service", "wrong-version"): "POST "
    "/gemini/v1/models/{modelName}:streamGenerateContent, standardGeminiRoutes.js:119",
    ("codex", "sub2api", "missing-prefix"): "POST /responses, gateway.go:42",
    ("kilo-code/openai", "sub2api", "missing-prefix"): "POST /responses, gateway.go:42",
    # LiteLLM registers each OpenAI route with and without /v1 (proxy_server.py:13173-13178,
    # 12775-12776; response_api_endpoints/endpoints.py:298-304), and its Gemini routes with
    # and without /v1beta (google_endpoints/endpoints.py:194-259).
    **{
        (client_id, "litellm", "missing-prefix"): "POST /chat/completions, /responses, /models"
        for client_id in (
            "openai-python",
            "openai-python@3.19.2",
            "openai-node",
            "codex",
            "kilo-code/openai",
            "kilo-code/openai-compatible",
            "kilo-code/google",
            "generic/openai-appends",
            "generic/keeps-slash",
        )
    },
    # copilot-api mounts its OpenAI sub-apps at /chat/completions and /models as well as
    # under /v1 (dist/main.js:1337-1344).
    **{
        (client_id, "copilot-api", "missing-prefix"): "POST /chat/completions, GET /models"
        for client_id in (
            "kilo-code/openai-compatible",
            "generic/openai-appends",
            "generic/keeps-slash",
        )
    },
    # The Gemini API serves streamGenerateContent under /v1 as under /v1beta.
    ("kilo-code/google", "gemini-api", "wrong-version"): (
        "/v1/models/{model}:streamGenerateContent, "
        "google/ai/generativelanguage/v1/generative_service.proto:68"
    ),
    **{
        (client_id, "antigravity@4.5.8", "missing-prefix"): "POST /responses, server.rs:460"
        for client_id in _RESPONSES_APPENDERS
    },
    **{
        (client_id, "antigravity@4.3.9", "missing-prefix"): "POST /responses, server.rs:446"
        for client_id in _RESPONSES_APPENDERS
    },
    **{
        (client_id, "new-api", "wrong-version"): "/v1/models/{model}, relay-router.go:144"
        for client_id in _GEMINI_APPENDERS
    },
    # The frameworks' Responses modes and the Gemini clients without a version of their own
    # send what codex, kilo-code/openai and kilo-code/google send there.
    **{
        (
            client_id,
            f"antigravity@{version}",
            "missing-prefix",
        ): f"POST /responses, server.rs:{line}"
        for client_id in (
            "litellm/openai-responses",
            "litellm/openai-responses@1.81.10",
            "langchain-openai/responses",
            "openai-agents/responses",
            "pydantic-ai/openai-responses",
        )
        for version, line in (("4.5.8", 460), ("4.3.9", 446))
    },
    **{
        (client_id, "new-api", "wrong-version"): "/v1/models/{model}, relay-router.go:144"
        for client_id in ("litellm/gemini", "litellm/gemini@1.81.10", "aider/gemini")
    },
    # llama-server registers its OpenAI routes with and without /v1 (server.cpp:256-267 in
    # the llama.cpp that llama-cpp-python 0.3.36 vendors).
    **{
        (label, "llama-cpp", "missing-prefix"): "POST /chat/completions, /responses, GET /models"
        for label in _speaking(Protocol.OPENAI)
    },
    # next-ai-gateway serves Gemini's generateContent under /v1 as under /v1beta (POST
    # /v1/models/* beside /v1beta/models/*, next-ai-gateway.js line 780 in
    # claude-code-router 3.1.1; the running gateway routes both).
    **{
        (client_id, "claude-code-router", "wrong-version"): (
            "POST /v1/models/{model}:generateContent, next-ai-gateway.js:780:2312"
        )
        for client_id in (
            *_GEMINI_APPENDERS,
            "litellm/gemini",
            "litellm/gemini@1.81.10",
            "aider/gemini",
            "cline/gemini",
            "cherry-studio/gemini",
        )
    },
}
# new-api@0.9.0 registers the same catch-all (relay-router.go:133 at v0.9.0), so the
# wrong version lands on it there too.
SERVED_TOO_CASES.update(
    {
        (label, "new-api@0.9.0", kind): "/v1/models/{model}, relay-router.go:133 (v0.9.0)"
        for (label, table, kind) in list(SERVED_TOO_CASES)
        if table == "new-api" and kind == "wrong-version"
    }
)


#: Where a proxy serves the client's endpoint under several prefixes, the correction may
#: replace the typed prefix rather than add the forgotten one: Codex's /v1 on
#: claude-relay-service becomes /openai (its README's Base URL; /openai/responses and
#: /openai/v1/responses are both routes), so the diagnosis names a wrong prefix. The
#: correction must still reach the same endpoints and be final.
OTHER_PREFIX_CASES: dict[tuple[str, str, str], ProblemKind] = {
    (p.label(), "claude-relay-service", "missing-mount"): ProblemKind.WRONG_PREFIX
    # (every client whose Base URL keeps a version segment: Cline's and Cherry Studio's
    # /v1beta and /v1 are replaced by /gemini and /api the same way)
    for p in LAW_PROFILES
    if p.base_shape.prefix
}


#: Clients that know their own endpoint when it is pasted as the Base URL and send to it as
#: it is: for them that paste is no mistake (it still is for every other client).
KNOWS_ITS_ENDPOINT = {
    "litellm/anthropic": "litellm 1.110 ensure_api_route(api_base, 'v1/messages')",
    "litellm/anthropic@1.81.10": "litellm 1.81: if not api_base.endswith('/v1/messages')",
    "aider/anthropic": "litellm 1.81.10, which aider pins: the same check",
}


def _pasted_own_endpoint(trial: Trial, why: str | None) -> bool:
    """A pasted endpoint is no mistake for a client that knows its own endpoint: it sends
    to its own (same requests), or to another that ends as its own does and that the table
    routes too (cc-switch's /claude-desktop/v1/messages, for litellm's Anthropic join)."""
    return (
        trial.mistake in ("stacked-path", "pasted-endpoint")
        and trial.case.profile.id in KNOWS_ITS_ENDPOINT
        and why in (SAME_REQUESTS, SERVED_TOO)
    )


def _why_harmless(trial: Trial) -> str | None:
    """Why the mistake does no harm to this client on this table, or None if it does."""
    profile, table = trial.case.profile, trial.case.table
    if parse_base_url(trial.bad).userinfo is not None and profile.userinfo.harmful:
        return None  # the client sends the credentials on, or refuses to send anything
    # A router sees the method and the path; a query the client moves to the end of the
    # target, or userinfo it drops (profile.userinfo), does not change those.
    sent = [(r.method, r.path, r.refused) for r in resolve(trial.bad, profile)]
    good = _documented(trial.origin, profile, table)
    if sent == [(r.method, r.path, r.refused) for r in resolve(good, profile)]:
        return SAME_REQUESTS
    if _served(trial.bad, profile, table):
        return SERVED_TOO
    return None


def _listed(cases: dict[tuple[str, str, str], _V], trial: Trial) -> _V | None:
    """The entry of ``cases`` for this trial: its client's own, or that of a listed client
    of the same protocol and documented Base URL making the same mistake on the same table.

    What these cases list is a fact of the table (it routes the mistaken prefix too, or
    names another prefix), acknowledged once with its evidence; whether the mistake is
    harmless for this client is still decided from its own requests (:func:`_why_harmless`).
    """
    profile, preset = trial.case.profile, trial.case.preset
    own = cases.get((profile.label(), preset.id, trial.mistake))
    if own is not None:
        return own
    good = _documented(H, profile, preset)
    for (label, table_id, mistake), value in cases.items():
        other = _BY_LABEL.get(label)
        if (table_id, mistake) != (preset.id, trial.mistake) or other is None:
            continue
        if other.protocol is profile.protocol and _documented(H, other, preset) == good:
            return value
    return None


def _check_mistake(trial: Trial) -> None:
    case, mistake = trial.case, MISTAKES[trial.mistake]
    profile, table = case.profile, case.table
    d = diagnose(trial.bad, profile, routes=table)
    why = _why_harmless(trial)
    # A mistake that breaks on every other table is served where the proxy registers the
    # mistaken path as well (cc-switch's /v1/v1/responses): each such case is listed, cited.
    served_too = _listed(SERVED_TOO_CASES, trial)
    if mistake.breaks and served_too is None and not _pasted_own_endpoint(trial, why):
        assert why is None, why
        assert not d.ok, str(d)
    if why is not None:
        assert d.ok, f"harmless ({why}), yet:\n{d}"
        assert d.corrected_base_url is None
        if why == SERVED_TOO:
            assert served_too is not None or _pasted_own_endpoint(trial, why), trial
    else:
        _check_corrected(trial, d)


def _check_corrected(trial: Trial, d: Diagnosis) -> None:
    profile, table, mistake = trial.case.profile, trial.case.table, MISTAKES[trial.mistake]
    assert not d.ok, str(d)
    if mistake.kind in NAMED:
        # A path that exists for another method is the most specific answer there is: the
        # diagnosis may name that first (an exact-url client POSTing to a bare host whose
        # root answers GET). Told apart by resolve() and match(), not by the diagnosis.
        answers = [table.match(r.method, r.target) for r in resolve(trial.bad, profile)]
        other_method = any(m.allowed_methods for m in answers)
        # So is a router's redirect (gin's trailing slash) that the client is not known to
        # follow: the route is one slash away.
        redirected = any(m.redirect is not None for m in answers)
        named = mistake.kind in d.kinds
        other_prefix = _listed(OTHER_PREFIX_CASES, trial)
        if other_prefix is not None:
            named = named or other_prefix in d.kinds
        assert (
            named
            or (other_method and ProblemKind.METHOD_NOT_ALLOWED in d.kinds)
            or (redirected and ProblemKind.REDIRECTED in d.kinds)
        ), str(d)
    fixed = d.corrected_base_url
    assert fixed is not None, str(d)
    again = diagnose(fixed, profile, routes=table)
    assert again.ok, str(again)
    assert again.corrected_base_url is None  # correcting twice changes nothing
    # The correction keeps what the user's client connects to, and the mount prefix.
    typed = parse_base_url(trial.bad)
    assert (fixed.scheme, fixed.raw_host) == (typed.scheme, typed.host.strip("[]"))
    assert typed.port in (fixed.explicit_port, fixed.port)  # None or the scheme's default
    assert fixed.raw_path.startswith(table.mount_prefix or "/")
    assert fixed.path.startswith(table.mount_prefix or "/")
    if mistake.meant_known:
        # The corrected requests land on the routes the good Base URL reaches, request by
        # request and, fed back as text, operation by operation.
        # A proxy that serves one handler under several prefixes (cc-switch: /chat/completions
        # and /v1/chat/completions) has several routes that are the same endpoint; the
        # correction may pick the simplest, so routes are compared as the endpoint they are.
        good = _documented(trial.origin, profile, table)
        want = [_endpoint(r) for r in _routes(good, profile, table)]
        assert [_endpoint(c.match.route) for c in again.requests if c.match] == want
        ops = [r.operation for r in resolve(good, profile)]
        as_text = diagnose(str(fixed), profile, routes=table)
        got = {c.request.operation: _endpoint(c.match.route) for c in as_text.requests if c.match}
        assert got == dict(zip(ops, want, strict=True))


def _endpoint(route: Route | None) -> tuple[object, ...] | None:
    """What a route serves: methods, operation and protocols (not its path)."""
    if route is None:
        return None
    return (route.methods, route.operation, route.protocols)


# --- the laws -------------------------------------------------------------------------------


def test_the_documented_base_url_is_served_where_the_laws_say() -> None:
    left_out = {}
    for profile in LAW_PROFILES:
        for table in TABLES:
            good = _documented(H, profile, table)
            if not _served(good, profile, table):
                left_out[profile.label(), table.id] = good
                assert not diagnose(good, profile, routes=table).ok
    assert set(left_out) == set(NOT_SERVED)
    assert len(PAIRS) == len(LAW_PROFILES) * len(TABLES) - len(NOT_SERVED)


@settings(max_examples=100, deadline=None)
@given(case=cases(), origin=st.sampled_from(ORIGINS))
@example(case=_case("openai-python", "antigravity@4.5.8"), origin=H)
@example(case=_case("claude-code", "antigravity@4.5.8"), origin=H)
@example(case=_case("gemini-cli", "antigravity@3.3.50", "/ag"), origin=H)
@example(case=_case("openai-python", "new-api"), origin=H)
@example(case=_case("google-genai", "new-api"), origin=H)
@example(case=_case("codex", "cliproxyapi"), origin=H)
@example(
    case=_case(client("google-genai", api_version="v1beta"), "antigravity", "/ag"),
    origin="https://localhost",
)
def test_recommended_base_is_ok_everywhere(case: Case, origin: str) -> None:
    good = _documented(origin, case.profile, case.table)
    assert _served(good, case.profile, case.table)  # a mount changes nothing
    d = diagnose(good, case.profile, routes=case.table)
    assert d.ok, str(d)
    assert d.corrected_base_url is None


@pytest.mark.parametrize(("profile", "table"), PAIRS, ids=[f"{p.label()}-{t.id}" for p, t in PAIRS])
def test_every_mistake_is_harmless_for_a_reason_or_corrected(
    profile: ClientProfile, table: RouteTable
) -> None:
    trials_ = _trials(Case(profile, table, table))
    assert trials_
    for trial in trials_:
        _check_mistake(trial)


@settings(max_examples=250, deadline=None)
@given(trial=trials())
@example(trial=_trial(_case("openai-python", "antigravity@4.5.8"), "missing-prefix"))
@example(trial=_trial(_case("claude-code", "antigravity@4.5.8"), "duplicated-prefix"))
@example(trial=_trial(_case("kilo-code/openai", "antigravity@3.3.50"), "stacked-path"))
@example(trial=_trial(_case("kilo-code/openai", "antigravity@3.3.50"), "duplicated-prefix"))
@example(trial=_trial(_case("codex", "antigravity@4.5.8", "/ag"), "missing-mount"))
@example(trial=_trial(_case("openai-node", "antigravity@4.5.8"), "query-in-base"))
def test_mounted_mistakes_on_any_origin(trial: Trial) -> None:
    _check_mistake(trial)


# Base URLs people type, mistakes and all, without knowing what the client wants.
_segment = st.sampled_from(
    ["v1", "v1beta", "v2", "api", "ag", "openai", "chat", "completions", "responses", "models",
     "messages", "", ".", "..", "gemini-2.5-flash:generateContent", "x"]
)  # fmt: skip
typed_urls = st.builds(
    lambda origin, parts, query: origin + "".join("/" + p for p in parts) + query,
    st.sampled_from(ORIGINS),
    st.lists(_segment, max_size=5),
    st.sampled_from(["", "?", "?x=1", "?key=k", "?alt=sse"]),
)


@settings(max_examples=200, deadline=None)
@given(url=typed_urls, profile=clients(), table=route_tables(mounted=False))
@example(url=H + "/v1/chat/completions", profile=client("codex"), table=route_table("antigravity"))
@example(url=H + "/v1beta/..", profile=client("gemini-cli"), table=route_table("antigravity"))
@example(url=H + "//", profile=client("claude-code"), table=route_table("new-api"))
@example(url=H + "/v1", profile=client("anthropic-python"), table=route_table("new-api"))
def test_any_correction_is_ok_and_final(
    url: str, profile: ClientProfile, table: RouteTable
) -> None:
    d = diagnose(url, profile, routes=table)
    if profile.base_url_ignored:  # continue/gemini: no Base URL reaches the proxy at all
        assert d.kinds == {ProblemKind.BASE_URL_IGNORED}, str(d)
        assert d.corrected_base_url is None
        return
    if d.ok:
        assert d.corrected_base_url is None
    elif d.corrected_base_url is None:
        # No Base URL works, and the suggestions say what does (tested elsewhere): only
        # where not even the documented Base URL works (listed, for the law clients; a
        # drawn client with other settings is held to the routes alone).
        listed = (profile.label(), table.id) in NOT_SERVED
        assert listed or profile.label() not in _BY_LABEL, str(d)
        assert not _served(_documented(H, profile, table), profile, table)
    elif ProblemKind.OPERATION_NOT_SERVED in d.kinds:
        # Some call has no route under any Base URL: only where not even the documented
        # Base URL works, and the correction routes every other call, finally.
        listed = (profile.label(), table.id) in NOT_SERVED
        assert listed or profile.label() not in _BY_LABEL, str(d)
        assert not _served(_documented(H, profile, table), profile, table)
        again = diagnose(d.corrected_base_url, profile, routes=table)
        assert again.kinds == {ProblemKind.OPERATION_NOT_SERVED}, f"{d}\n---\n{again}"
        assert again.corrected_base_url is not None  # the same path: final
        assert again.corrected_base_url.path == d.corrected_base_url.path
        assert diagnose(str(d.corrected_base_url), profile, routes=table).kinds == again.kinds
    else:
        again = diagnose(d.corrected_base_url, profile, routes=table)
        assert again.ok, f"{d}\n---\n{again}"
        assert again.corrected_base_url is None
        # Feeding the correction back as text, as a user would, gives the same answer.
        assert diagnose(str(d.corrected_base_url), profile, routes=table).ok


@settings(max_examples=100, deadline=None)
@given(url=typed_urls, profile=clients())
def test_resolve_and_diagnose_agree(url: str, profile: ClientProfile) -> None:
    requests = resolve(url, profile)
    d = diagnose(url, profile)
    # A client that ignores its Base URL sends nothing to the proxy: nothing is checked.
    assert tuple(c.request for c in d.requests) == (() if profile.base_url_ignored else requests)
    assert all(isinstance(r.url, URL) for r in requests)


# --- the working Base URLs ----------------------------------------------------------------


def _check_working(d: Diagnosis, profile: ClientProfile, table: RouteTable) -> None:
    """Every Base URL listed as working diagnoses ok on the same origin, the one to use
    first (the Base URL itself when ok, else the correction), no one twice, at most 8."""
    working = d.working_base_urls
    assert len(working) <= 8
    assert len(set(map(str, working))) == len(working), working
    # A bare "?" cannot be written as a yarl URL (it drops it): no list starts with it.
    unwritable = d.ok and d.base_url.query == ""
    if not working:
        assert not d.ok or unwritable, str(d)  # a Base URL that works is listed first
        return
    assert not unwritable, working
    assert d.ok or d.corrected_base_url is not None, str(d)
    assert str(working[0]) == str(d.base_url.url if d.ok else d.corrected_base_url)
    origin = d.base_url.url.origin()
    for url in working:
        assert url.origin() == origin, url
        again = diagnose(url, profile, routes=table)
        assert again.ok, f"{url} is listed as working:\n{again}"
        assert str(again.working_base_urls[0]) == str(url)


@settings(max_examples=150, deadline=None)
@given(url=typed_urls, profile=clients(), table=route_tables(mounted=False))
@example(url=H, profile=client("claude-code"), table=route_table("litellm"))
@example(url=H + "/anthropic/v1", profile=client("claude-code"), table=route_table("litellm"))
@example(url=H + "/v1/v1", profile=client("openai-python"), table=route_table("llama-cpp"))
@example(  # works only because of its bare "?", which a yarl URL cannot keep
    url=H + "/responses?",
    profile=client("qwen-code/openai-responses"),
    table=route_table("antigravity"),
)
def test_every_working_base_url_is_healthy_and_the_one_to_use_is_first(
    url: str, profile: ClientProfile, table: RouteTable
) -> None:
    _check_working(diagnose(url, profile, routes=table), profile, table)


@pytest.mark.parametrize(("profile", "table"), PAIRS, ids=[f"{p.label()}-{t.id}" for p, t in PAIRS])
def test_the_documented_base_url_comes_first_among_the_working_ones(
    profile: ClientProfile, table: RouteTable
) -> None:
    good = _documented(H, profile, table)
    d = diagnose(good, profile, routes=table)
    assert d.working_base_urls, str(d)
    _check_working(d, profile, table)
