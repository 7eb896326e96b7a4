"""Drive one real Python AI framework call per line of standard input (the capture's worker).

``tools/capture_python_clients.py`` starts this file with the Python of a virtual
environment that holds the framework (litellm, langchain, openai-agents, pydantic-ai), so
that frameworks which pin different SDK releases never share one environment. It needs
nothing but the standard library and the framework it drives; agroutes is not imported.

Protocol: each input line is a JSON object ``{"mode": MODE, "base_url": URL}``; for each,
one JSON line is printed: ``{"error": null}`` when the call returned, else the error's type
and text. ``{"versions": [DIST, ...]}`` prints the installed version of each distribution.
Every call uses a dummy key, no retries and a short timeout; the recorder behind ``URL``
answers it.
"""

from __future__ import annotations

import asyncio
import importlib.metadata
import json
import os
import sys
from collections.abc import Callable
from typing import Any, Final

TIMEOUT: Final[float] = 5.0
OPENAI_KEY: Final[str] = "sk-agroutes-capture"
ANTHROPIC_KEY: Final[str] = "sk-ant-agroutes-capture"
GEMINI_KEY: Final[str] = "agroutes-capture-key"
GPT: Final[str] = "gpt-4o-mini"
CLAUDE: Final[str] = "claude-sonnet-4-5"
GEMINI: Final[str] = "gemini-2.5-flash"
HI: Final[list[dict[str, str]]] = [{"role": "user", "content": "hi"}]


# --- litellm -----------------------------------------------------------------------------


def _litellm() -> Any:
    # The model cost map is fetched from the network at import unless told otherwise.
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm  # noqa: PLC0415 - imported in the worker's own environment

    litellm.telemetry = False
    litellm.suppress_debug_info = True
    return litellm


def litellm_openai(base_url: str) -> None:
    _litellm().completion(
        model=f"openai/{GPT}",
        messages=HI,
        api_base=base_url,
        api_key=OPENAI_KEY,
        num_retries=0,
        max_retries=0,
        timeout=TIMEOUT,
    )


def litellm_openai_responses(base_url: str) -> None:
    _litellm().responses(
        model=f"openai/{GPT}",
        input="hi",
        api_base=base_url,
        api_key=OPENAI_KEY,
        num_retries=0,
        max_retries=0,
        timeout=TIMEOUT,
    )


def litellm_anthropic(base_url: str) -> None:
    _litellm().completion(
        model=f"anthropic/{CLAUDE}",
        messages=HI,
        api_base=base_url,
        api_key=ANTHROPIC_KEY,
        num_retries=0,
        max_retries=0,
        max_tokens=16,
        timeout=TIMEOUT,
    )


def litellm_gemini(base_url: str) -> None:
    _litellm().completion(
        model=f"gemini/{GEMINI}",
        messages=HI,
        api_base=base_url,
        api_key=GEMINI_KEY,
        num_retries=0,
        max_retries=0,
        timeout=TIMEOUT,
    )


def aider(base_url: str, provider: str) -> None:
    """The call aider 0.86.2 makes (aider/models.py ``send_completion``): a streamed
    ``litellm.completion``, with the litellm it pins (1.81.10)."""
    model, key = {
        "openai": (f"openai/{GPT}", OPENAI_KEY),
        "anthropic": (f"anthropic/{CLAUDE}", ANTHROPIC_KEY),
        "gemini": (f"gemini/{GEMINI}", GEMINI_KEY),
    }[provider]
    chunks = _litellm().completion(
        model=model,
        messages=HI,
        api_base=base_url,
        api_key=key,
        stream=True,
        temperature=0,
        num_retries=0,
        max_retries=0,
        max_tokens=16,
        timeout=TIMEOUT,
    )
    for _ in chunks:
        pass


# --- langchain ---------------------------------------------------------------------------


def langchain_openai(base_url: str, *, responses: bool = False) -> None:
    from langchain_openai import ChatOpenAI  # noqa: PLC0415

    chat = ChatOpenAI(
        model=GPT,
        base_url=base_url,
        api_key=OPENAI_KEY,
        max_retries=0,
        timeout=TIMEOUT,
        use_responses_api=responses,
    )
    chat.invoke("hi")


def langchain_anthropic(base_url: str) -> None:
    from langchain_anthropic import ChatAnthropic  # noqa: PLC0415

    chat = ChatAnthropic(
        model=CLAUDE,
        base_url=base_url,
        api_key=ANTHROPIC_KEY,
        max_retries=0,
        timeout=TIMEOUT,
        max_tokens=16,
    )
    chat.invoke("hi")


# --- openai-agents -----------------------------------------------------------------------


def openai_agents(base_url: str, *, responses: bool) -> None:
    import agents  # noqa: PLC0415
    from openai import AsyncOpenAI  # noqa: PLC0415

    # Tracing would upload spans to api.openai.com.
    agents.set_tracing_disabled(True)
    client = AsyncOpenAI(base_url=base_url, api_key=OPENAI_KEY, max_retries=0, timeout=TIMEOUT)
    model: Any = (
        agents.OpenAIResponsesModel(model=GPT, openai_client=client)
        if responses
        else agents.OpenAIChatCompletionsModel(model=GPT, openai_client=client)
    )
    agent = agents.Agent(name="capture", instructions="say ok", model=model)

    async def run() -> None:
        try:
            await agents.Runner.run(agent, "hi", max_turns=1)
        finally:
            await client.close()

    asyncio.run(run())


# --- pydantic-ai -------------------------------------------------------------------------


def _pydantic_agent(model: Any) -> None:
    from pydantic_ai import Agent  # noqa: PLC0415

    Agent(model).run_sync("hi")


def pydantic_openai(base_url: str, *, responses: bool) -> None:
    from pydantic_ai.models.openai import (  # noqa: PLC0415
        OpenAIChatModel,
        OpenAIResponsesModel,
    )
    from pydantic_ai.providers.openai import OpenAIProvider  # noqa: PLC0415

    provider = OpenAIProvider(base_url=base_url, api_key=OPENAI_KEY)
    kind = OpenAIResponsesModel if responses else OpenAIChatModel
    _pydantic_agent(kind(GPT, provider=provider))


def pydantic_anthropic(base_url: str) -> None:
    from pydantic_ai.models.anthropic import AnthropicModel  # noqa: PLC0415
    from pydantic_ai.providers.anthropic import AnthropicProvider  # noqa: PLC0415

    provider = AnthropicProvider(base_url=base_url, api_key=ANTHROPIC_KEY)
    _pydantic_agent(AnthropicModel(CLAUDE, provider=provider))


def pydantic_google(base_url: str) -> None:
    from pydantic_ai.models.google import GoogleModel  # noqa: PLC0415
    from pydantic_ai.providers.google import GoogleProvider  # noqa: PLC0415

    provider = GoogleProvider(api_key=GEMINI_KEY, base_url=base_url)
    _pydantic_agent(GoogleModel(GEMINI, provider=provider))


DRIVERS: Final[dict[str, Callable[[str], None]]] = {
    "litellm/openai": litellm_openai,
    "litellm/openai-responses": litellm_openai_responses,
    "litellm/anthropic": litellm_anthropic,
    "litellm/gemini": litellm_gemini,
    "aider/openai": lambda url: aider(url, "openai"),
    "aider/anthropic": lambda url: aider(url, "anthropic"),
    "aider/gemini": lambda url: aider(url, "gemini"),
    "langchain-openai": langchain_openai,
    "langchain-openai/responses": lambda url: langchain_openai(url, responses=True),
    "langchain-anthropic": langchain_anthropic,
    "openai-agents/chat": lambda url: openai_agents(url, responses=False),
    "openai-agents/responses": lambda url: openai_agents(url, responses=True),
    "pydantic-ai/openai-chat": lambda url: pydantic_openai(url, responses=False),
    "pydantic-ai/openai-responses": lambda url: pydantic_openai(url, responses=True),
    "pydantic-ai/anthropic": pydantic_anthropic,
    "pydantic-ai/google": pydantic_google,
}


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def handle(command: dict[str, Any]) -> dict[str, Any]:
    if "versions" in command:
        return {"versions": {d: _version(d) for d in command["versions"]}}
    try:
        DRIVERS[command["mode"]](command["base_url"])
    except Exception as exc:  # the error is the observation; the worker goes on
        return {"error": f"{type(exc).__module__}.{type(exc).__qualname__}: {exc}"[:600]}
    return {"error": None}


def main() -> int:
    # The frameworks print banners and warnings: only the answers go to the real stdout.
    answers, sys.stdout = sys.stdout, sys.stderr
    for line in sys.stdin:
        if line.strip():
            answers.write(json.dumps(handle(json.loads(line))) + "\n")
            answers.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
