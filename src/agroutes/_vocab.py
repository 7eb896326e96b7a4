"""Layer 0: the words clients and routes share, so that neither imports the other.

A client profile says which protocol it speaks and which operations it calls; a route says
which protocols and operation it serves. Both sides name them with these enums.
"""

from __future__ import annotations

import enum

__all__ = ["Operation", "Protocol"]


class Protocol(enum.StrEnum):
    """The wire protocol a client speaks; a route serves one or more of them."""

    OPENAI = "openai"
    ANTHROPIC = "anthropic"
    GEMINI = "gemini"


class Operation(enum.StrEnum):
    """Canonical names of the API calls clients make, shared by clients and routes."""

    LIST_MODELS = "list-models"
    CHAT_COMPLETIONS = "chat-completions"
    #: The legacy text completions API (``/v1/completions``): not a chat handler.
    COMPLETIONS = "completions"
    RESPONSES = "responses"
    MESSAGES = "messages"
    COUNT_TOKENS = "count-tokens"
    GENERATE_CONTENT = "generate-content"
    STREAM_GENERATE_CONTENT = "stream-generate-content"
