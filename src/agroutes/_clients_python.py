"""Layer 2: built-in profiles of the Python agent frameworks and SDK wrappers (litellm, aider,
langchain, openai-agents, pydantic-ai), observed with the real packages from PyPI.

Each profile is a typed constant that names its join rule and cites what it was verified
on (``verified``); :mod:`agroutes._clients` gathers them into ``BUILTIN_CLIENTS``. The
observations are ``tests/fixtures/captured-python-clients.jsonl`` (written by
``tools/capture_python_clients.py``, replayed by ``tests/test_captured_python_clients.py``)
and the redirects ``tests/fixtures/python-client-redirects.jsonl``.

A framework that calls an SDK joins as that SDK does, at the release the framework
installs: langchain-openai, openai-agents and pydantic-ai ran on openai 3.57.0 (the join of
``openai-python``), langchain-anthropic and pydantic-ai on anthropic 2.16.0, pydantic-ai on
google-genai 2.34.0 (whose default version is ``v1beta``). litellm calls the OpenAI SDK only
for chat completions; its Responses, Anthropic and Gemini calls build the URL themselves.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from types import MappingProxyType

from ._joins import JoinRule, Transport
from ._profiles import (
    Alternative,
    BaseShape,
    ClientProfile,
    Redirects,
    RequestSpec,
    SettingSpec,
    UserinfoHandling,
)
from ._vocab import Operation, Protocol

__all__ = ["PYTHON_CLIENTS", "PYTHON_RELEASES"]

_MODEL_DOC = "the model id in the path"
_API_VERSION_DOC = "the API version segment the SDK inserts before /models; '' for none"


def _chat(call: str) -> RequestSpec:
    return RequestSpec(
        operation=Operation.CHAT_COMPLETIONS, method="POST", suffix="/chat/completions", call=call
    )


def _responses(call: str) -> RequestSpec:
    return RequestSpec(operation=Operation.RESPONSES, method="POST", suffix="/responses", call=call)


def _messages(call: str) -> RequestSpec:
    return RequestSpec(
        operation=Operation.MESSAGES, method="POST", suffix="/v1/messages", call=call
    )


# --- litellm -------------------------------------------------------------------------------

_LITELLM = "litellm 1.110.2 (PyPI)"
_LITELLM_NOTE = "Base URL from completion(..., api_base=...) (or responses(...))."

LITELLM_OPENAI = ClientProfile(
    id="litellm/openai",
    title="LiteLLM SDK (openai/ models, chat completions)",
    protocol=Protocol.OPENAI,
    # litellm/llms/openai/openai.py hands api_base to openai.OpenAI(base_url=...): the join
    # of the openai release installed beside it (3.57.0 here; 2.x joins as
    # openai-python@3.19.2 does, see litellm/openai@1.81.10).
    join=JoinRule.HTTPX_PATH_SLASH,
    transport=Transport.HTTPX,
    requests=(_chat("completion(model='openai/...')"),),
    base_shape=BaseShape.V1,
    userinfo=UserinfoHandling.REPLACES_KEY,
    redirects=Redirects.FOLLOWS,
    verified=_LITELLM,
    notes=_LITELLM_NOTE + " The join is openai-python's, at the release litellm installs.",
)

LITELLM_OPENAI_RESPONSES = ClientProfile(
    id="litellm/openai-responses",
    title="LiteLLM SDK (openai/ models, responses())",
    protocol=Protocol.OPENAI,
    # OpenAIResponsesAPIConfig.get_complete_url: join_api_base(api_base, "responses").
    join=JoinRule.LITELLM_JOIN,
    transport=Transport.HTTPX,
    requests=(_responses("responses(model='openai/...')"),),
    base_shape=BaseShape.V1,
    userinfo=UserinfoHandling.REPLACES_KEY,
    redirects=Redirects.FOLLOWS,
    verified=_LITELLM,
    notes=_LITELLM_NOTE + " Every trailing '/' is dropped, also one before a query.",
)

LITELLM_ANTHROPIC = ClientProfile(
    id="litellm/anthropic",
    title="LiteLLM SDK (anthropic/ models)",
    protocol=Protocol.ANTHROPIC,
    # main.py completion: ensure_api_route(api_base, "v1/messages"): litellm adds /v1 itself.
    join=JoinRule.LITELLM_ENSURE_ROUTE,
    transport=Transport.HTTPX,
    requests=(_messages("completion(model='anthropic/...')"),),
    base_shape=BaseShape.HOST_ROOT,
    userinfo=UserinfoHandling.ADDED_BESIDE_KEY,
    redirects=Redirects.FOLLOWS,
    verified=_LITELLM,
    notes=_LITELLM_NOTE + " A Base URL that already ends in /v1/messages is sent as it is.",
)

_GEMINI_MODEL = SettingSpec(name="model", default="gemini-2.5-flash", doc=_MODEL_DOC)

LITELLM_GEMINI = ClientProfile(
    id="litellm/gemini",
    title="LiteLLM SDK (gemini/ models)",
    protocol=Protocol.GEMINI,
    # vertex_llm_base.py _check_custom_proxy: join_api_base(api_base, f"models/{model}:
    # {endpoint}"): no version segment is added, so the Base URL carries /v1beta.
    join=JoinRule.LITELLM_JOIN,
    transport=Transport.HTTPX,
    requests=(
        RequestSpec(
            operation=Operation.GENERATE_CONTENT,
            method="POST",
            suffix="/models/{model}:generateContent",
            call="completion(model='gemini/...')",
        ),
    ),
    base_shape=BaseShape.V1BETA,
    userinfo=UserinfoHandling.ADDED_BESIDE_KEY,
    redirects=Redirects.FOLLOWS,
    verified=_LITELLM,
    setting_specs=(_GEMINI_MODEL,),
    notes=_LITELLM_NOTE + " No version segment is added: the Base URL ends in /v1beta.",
)

# --- aider (litellm 1.81.10 inside) ---------------------------------------------------------

_AIDER = "litellm 1.81.10 as pinned by aider-chat 0.86.2 (PyPI)"
_AIDER_NOTE = (
    "aider 0.86.2 sends a streamed litellm.completion with the litellm it pins (1.81.10, on "
    "openai 2.20.0); observed over the whole matrix through that call and, for four Base "
    "URLs per provider, with the aider command itself."
)


def _aider(
    provider: str, protocol: Protocol, join: JoinRule, spec: RequestSpec, shape: BaseShape
) -> ClientProfile:
    where = {
        "openai": "--openai-api-base (OPENAI_API_BASE)",
        "anthropic": "ANTHROPIC_API_BASE",
        "gemini": "GEMINI_API_BASE",
    }[provider]
    return ClientProfile(
        id=f"aider/{provider}",
        title=f"aider ({provider}/ models)",
        protocol=protocol,
        join=join,
        transport=Transport.HTTPX,
        requests=(spec,),
        base_shape=shape,
        userinfo=(
            UserinfoHandling.REPLACES_KEY
            if provider == "openai"
            else UserinfoHandling.ADDED_BESIDE_KEY
        ),
        redirects=Redirects.FOLLOWS,
        verified=_AIDER,
        setting_specs=(_GEMINI_MODEL,) if protocol is Protocol.GEMINI else (),
        alternatives=tuple(
            Alternative(client=f"aider/{p}")
            for p in ("openai", "anthropic", "gemini")
            if p != provider
        ),
        notes=f"Base URL from {where}. {_AIDER_NOTE}",
    )


AIDER_OPENAI = _aider(
    "openai",
    Protocol.OPENAI,
    # openai 2.20.0 _enforce_trailing_slash on the raw path, query included.
    JoinRule.HTTPX_RAW_SLASH,
    _chat("aider --message (openai/)"),
    BaseShape.V1,
)
AIDER_ANTHROPIC = _aider(
    "anthropic",
    Protocol.ANTHROPIC,
    # litellm 1.81.10 main.py: if not api_base.endswith("/v1/messages"): += "/v1/messages"
    JoinRule.CONCAT_UNLESS_ENDS,
    _messages("aider --message (anthropic/)"),
    BaseShape.HOST_ROOT,
)
AIDER_GEMINI = _aider(
    "gemini",
    Protocol.GEMINI,
    # litellm 1.81.10 vertex_llm_base.py: "{}/models/{}:{}".format(api_base, model, endpoint)
    # and, streamed, url + "?alt=sse".
    JoinRule.CONCAT,
    RequestSpec(
        operation=Operation.STREAM_GENERATE_CONTENT,
        method="POST",
        suffix="/models/{model}:streamGenerateContent",
        query="alt=sse",
        call="aider --message (gemini/)",
    ),
    BaseShape.V1BETA,
)

# --- langchain, openai-agents, pydantic-ai: the SDKs' own joins -----------------------------

LANGCHAIN_OPENAI = ClientProfile(
    id="langchain-openai",
    title="LangChain ChatOpenAI",
    protocol=Protocol.OPENAI,
    # ChatOpenAI builds openai.OpenAI(base_url=...): openai-python's join.
    join=JoinRule.HTTPX_PATH_SLASH,
    transport=Transport.HTTPX,
    requests=(_chat("ChatOpenAI(...).invoke"),),
    base_shape=BaseShape.V1,
    userinfo=UserinfoHandling.REPLACES_KEY,
    redirects=Redirects.FOLLOWS,
    verified="langchain-openai 1.8.1 (PyPI)",
    alternatives=(Alternative(client="langchain-openai/responses"),),
    notes="Base URL from ChatOpenAI(base_url=...) or OPENAI_BASE_URL; on openai 3.57.0.",
)

LANGCHAIN_OPENAI_RESPONSES = dataclasses.replace(
    LANGCHAIN_OPENAI,
    id="langchain-openai/responses",
    title="LangChain ChatOpenAI (use_responses_api=True)",
    requests=(_responses("ChatOpenAI(use_responses_api=True).invoke"),),
    alternatives=(Alternative(client="langchain-openai"),),
)

LANGCHAIN_ANTHROPIC = ClientProfile(
    id="langchain-anthropic",
    title="LangChain ChatAnthropic",
    protocol=Protocol.ANTHROPIC,
    # ChatAnthropic builds anthropic.Anthropic(base_url=...): anthropic-python's join.
    join=JoinRule.HTTPX_RAW_SLASH,
    transport=Transport.HTTPX,
    requests=(_messages("ChatAnthropic(...).invoke"),),
    base_shape=BaseShape.HOST_ROOT,
    # anthropic 2.16.0 sends Authorization: Basic and no x-api-key then.
    userinfo=UserinfoHandling.REPLACES_KEY,
    redirects=Redirects.FOLLOWS,
    verified="langchain-anthropic 1.7.10 (PyPI)",
    notes="Base URL from ChatAnthropic(base_url=...) or ANTHROPIC_BASE_URL; on anthropic 2.16.0.",
)

_AGENTS = "openai-agents 0.24.0 (PyPI)"

OPENAI_AGENTS_CHAT = ClientProfile(
    id="openai-agents/chat",
    title="OpenAI Agents SDK (OpenAIChatCompletionsModel)",
    protocol=Protocol.OPENAI,
    # The model calls the AsyncOpenAI client it is given: openai-python's join.
    join=JoinRule.HTTPX_PATH_SLASH,
    transport=Transport.HTTPX,
    requests=(_chat("Runner.run (OpenAIChatCompletionsModel)"),),
    base_shape=BaseShape.V1,
    userinfo=UserinfoHandling.REPLACES_KEY,
    redirects=Redirects.FOLLOWS,
    verified=_AGENTS,
    alternatives=(Alternative(client="openai-agents/responses"),),
    notes="Base URL from AsyncOpenAI(base_url=...) given to the model; on openai 3.57.0.",
)

OPENAI_AGENTS_RESPONSES = dataclasses.replace(
    OPENAI_AGENTS_CHAT,
    id="openai-agents/responses",
    title="OpenAI Agents SDK (OpenAIResponsesModel)",
    requests=(_responses("Runner.run (OpenAIResponsesModel)"),),
    alternatives=(Alternative(client="openai-agents/chat"),),
)

_PYDANTIC = "pydantic-ai-slim 2.68.0 (PyPI)"

PYDANTIC_OPENAI_CHAT = ClientProfile(
    id="pydantic-ai/openai-chat",
    title="Pydantic AI (OpenAIChatModel)",
    protocol=Protocol.OPENAI,
    # OpenAIProvider(base_url=...) builds openai.AsyncOpenAI: openai-python's join.
    join=JoinRule.HTTPX_PATH_SLASH,
    transport=Transport.HTTPX,
    requests=(_chat("Agent.run_sync (OpenAIChatModel)"),),
    base_shape=BaseShape.V1,
    userinfo=UserinfoHandling.REPLACES_KEY,
    # pydantic-ai's own HTTP client does not follow: the 3xx is the error it raises.
    redirects=Redirects.NOT_FOLLOWED,
    verified=_PYDANTIC,
    alternatives=(Alternative(client="pydantic-ai/openai-responses"),),
    notes="Base URL from OpenAIProvider(base_url=...); on openai 3.57.0.",
)

PYDANTIC_OPENAI_RESPONSES = dataclasses.replace(
    PYDANTIC_OPENAI_CHAT,
    id="pydantic-ai/openai-responses",
    title="Pydantic AI (OpenAIResponsesModel)",
    requests=(_responses("Agent.run_sync (OpenAIResponsesModel)"),),
    alternatives=(Alternative(client="pydantic-ai/openai-chat"),),
)

PYDANTIC_ANTHROPIC = ClientProfile(
    id="pydantic-ai/anthropic",
    title="Pydantic AI (AnthropicModel)",
    protocol=Protocol.ANTHROPIC,
    # AnthropicProvider(base_url=...) builds anthropic.AsyncAnthropic: its join.
    join=JoinRule.HTTPX_RAW_SLASH,
    transport=Transport.HTTPX,
    requests=(_messages("Agent.run_sync (AnthropicModel)"),),
    base_shape=BaseShape.HOST_ROOT,
    userinfo=UserinfoHandling.REPLACES_KEY,
    redirects=Redirects.NOT_FOLLOWED,
    verified=_PYDANTIC,
    notes="Base URL from AnthropicProvider(base_url=...); on anthropic 2.16.0.",
)

PYDANTIC_GOOGLE = ClientProfile(
    id="pydantic-ai/google",
    title="Pydantic AI (GoogleModel)",
    protocol=Protocol.GEMINI,
    # GoogleProvider(base_url=...) builds google.genai.Client(http_options={'base_url':
    # ...}): google-genai's join, at 2.34.0, whose default api_version is v1beta.
    join=JoinRule.GENAI_PYTHON,
    transport=Transport.HTTPX,
    requests=(
        RequestSpec(
            operation=Operation.GENERATE_CONTENT,
            method="POST",
            suffix="{version}/models/{model}:generateContent",
            call="Agent.run_sync (GoogleModel)",
        ),
    ),
    base_shape=BaseShape.HOST_ROOT,
    userinfo=UserinfoHandling.ADDED_BESIDE_KEY,
    # pydantic-ai's own HTTP client does not follow: the 3xx is the error it raises.
    redirects=Redirects.NOT_FOLLOWED,
    verified=_PYDANTIC,
    setting_specs=(
        # A GoogleProvider(client=genai.Client(http_options=...)) may set another one.
        SettingSpec(name="api_version", default="v1beta", doc=_API_VERSION_DOC),
        _GEMINI_MODEL,
    ),
    notes="Base URL from GoogleProvider(base_url=...); on google-genai 2.34.0.",
)

# --- older releases whose joins differ ------------------------------------------------------

_LITELLM_181 = "litellm 1.81.10 (PyPI)"
_LITELLM_181_NOTE = "litellm 1.81.10 (the release aider 0.86.2 pins): "

LITELLM_OPENAI_1_81 = dataclasses.replace(
    LITELLM_OPENAI,
    id="litellm/openai@1.81.10",
    # With openai 2.20.0 (the release installed beside it): openai-python@3.19.2's join.
    join=JoinRule.HTTPX_RAW_SLASH,
    verified=_LITELLM_181,
    notes=_LITELLM_181_NOTE + "on openai 2.20.0 a Base URL query lands before the '/' and "
    "the endpoint (/v1?x=1/chat/completions). " + _LITELLM_NOTE,
)
LITELLM_OPENAI_RESPONSES_1_81 = dataclasses.replace(
    LITELLM_OPENAI_RESPONSES,
    id="litellm/openai-responses@1.81.10",
    # get_complete_url: api_base = api_base.rstrip("/"); return f"{api_base}/responses"
    join=JoinRule.STRIP_ALL_SLASHES,
    verified=_LITELLM_181,
    notes=_LITELLM_181_NOTE
    + "api_base.rstrip('/'), so a '/' before a query stays. "
    + _LITELLM_NOTE,
)
LITELLM_ANTHROPIC_1_81 = dataclasses.replace(
    LITELLM_ANTHROPIC,
    id="litellm/anthropic@1.81.10",
    join=JoinRule.CONCAT_UNLESS_ENDS,
    verified=_LITELLM_181,
    notes=_LITELLM_181_NOTE + "no '/' is dropped (a trailing '/' gives //v1/messages); a "
    "Base URL whose text ends in /v1/messages is sent as it is. " + _LITELLM_NOTE,
)
LITELLM_GEMINI_1_81 = dataclasses.replace(
    LITELLM_GEMINI,
    id="litellm/gemini@1.81.10",
    join=JoinRule.CONCAT,
    verified=_LITELLM_181,
    notes=_LITELLM_181_NOTE
    + "the text as typed, then /models/...: a trailing '/' doubles. "
    + _LITELLM_NOTE,
)

#: The profiles of this module, in the order ``agroutes clients`` lists them.
PYTHON_CLIENTS: tuple[ClientProfile, ...] = (
    LITELLM_OPENAI,
    LITELLM_OPENAI_RESPONSES,
    LITELLM_ANTHROPIC,
    LITELLM_GEMINI,
    AIDER_OPENAI,
    AIDER_ANTHROPIC,
    AIDER_GEMINI,
    LANGCHAIN_OPENAI,
    LANGCHAIN_OPENAI_RESPONSES,
    LANGCHAIN_ANTHROPIC,
    OPENAI_AGENTS_CHAT,
    OPENAI_AGENTS_RESPONSES,
    PYDANTIC_OPENAI_CHAT,
    PYDANTIC_OPENAI_RESPONSES,
    PYDANTIC_ANTHROPIC,
    PYDANTIC_GOOGLE,
)

#: Releases whose joins differ from the newest, as :data:`agroutes._clients.CLIENT_RELEASES`
#: holds them: id -> ((version, profile), ...), oldest first.
PYTHON_RELEASES: Mapping[str, tuple[tuple[str, ClientProfile], ...]] = MappingProxyType(
    {
        new.id: (("1.81.10", old), ("1.110.2", new))
        for old, new in (
            (LITELLM_OPENAI_1_81, LITELLM_OPENAI),
            (LITELLM_OPENAI_RESPONSES_1_81, LITELLM_OPENAI_RESPONSES),
            (LITELLM_ANTHROPIC_1_81, LITELLM_ANTHROPIC),
            (LITELLM_GEMINI_1_81, LITELLM_GEMINI),
        )
    }
)
