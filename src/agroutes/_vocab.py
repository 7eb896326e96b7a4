"""Layer 0: the words clients and routes share, so that neither imports the other.

A client profile says which protocol it speaks and which operations it calls; a route says
which protocols and operation it serves. Both sides name them with these enums. Both also
have releases (``google-genai@2.34.0``, ``antigravity@4.0.10``), numbered alike.
"""

from __future__ import annotations

import enum
import re

__all__ = ["Operation", "Protocol", "release_number"]


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


# A release number as registries and tags write it, the "v" optional; nine digits a part
# at most, so that int() stays cheap whatever is typed.
_RELEASE = re.compile(r"v?(\d{1,9})\.(\d{1,9})\.(\d{1,9})")


def release_number(text: str) -> tuple[int, int, int] | None:
    """The number of a release as ``NAME@VERSION`` writes it, or None if it is not one.

    >>> release_number("3.6.1"), release_number("v4.0.10"), release_number("latest")
    ((3, 6, 1), (4, 0, 10), None)
    """
    m = _RELEASE.fullmatch(text)
    return None if m is None else (int(m[1]), int(m[2]), int(m[3]))
