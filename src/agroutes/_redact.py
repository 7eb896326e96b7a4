"""Masking secrets in every text agroutes produces.

People paste API keys into Base URLs: as userinfo (``http://sk-...@host``), as a ``?key=``
query (Gemini's REST examples do this), or as a bare ``sk-...`` token. None of it may
appear in a message, repr, explanation or JSON document that agroutes writes.

Every pattern here is linear: character classes with a single ``*`` and no nesting, so no
input can make them backtrack.
"""

from __future__ import annotations

import re

__all__ = ["MASK", "redact"]

MASK = "***"

# scheme://userinfo@ — userinfo cannot hold "/", "?", "#", "@" or whitespace. The
# lookbehind starts a scheme only where a run of scheme characters starts, so a search
# over a long run of letters is linear instead of retrying from every letter.
_USERINFO = re.compile(r"(?<![A-Za-z0-9+.\-])([A-Za-z][A-Za-z0-9+.\-]*://)[^/?#@\s]*@")

# Query parameters whose values are secrets, also in the percent-encoded form that some
# clients fold into a query (claude-code and gemini-cli encode "?" and "=" as %3F and %3D).
_SECRET_NAMES = (
    "key|api_key|api-key|apikey|x-api-key|x-goog-api-key|token|access_token|auth|"  # noqa: S105
    "authorization|password|passwd|secret|client_secret|sig|signature"
)
_SECRET_QUERY = re.compile(
    rf"((?:[?&;]|%3F|%26)(?:{_SECRET_NAMES})(?:=|%3D))[^&#\s'\"<>]*",
    re.IGNORECASE,
)

# Bare tokens in the shapes the big providers issue: OpenAI/Anthropic "sk-...", Google "AIza...".
_TOKENS = re.compile(r"\b(sk-|AIza)[A-Za-z0-9_\-]{6,}")


# Every secret query parameter starts after one of these (or "%3F"/"%26").
_MAY_QUERY = re.compile(r"[?&;%]").search


def redact(text: str) -> str:
    """Return ``text`` with userinfo, secret query values and API-key tokens masked.

    >>> redact("http://user:sk-abcdef123456@127.0.0.1:8045/v1?key=AIzaSyXXXXXX&x=1")
    'http://***@127.0.0.1:8045/v1?key=***&x=1'
    """
    if not text or not ("@" in text or "sk-" in text or "AIza" in text or _MAY_QUERY(text)):
        return text  # none of the patterns can match: the common case, kept cheap
    text = _USERINFO.sub(rf"\g<1>{MASK}@", text)
    text = _SECRET_QUERY.sub(rf"\g<1>{MASK}", text)
    return _TOKENS.sub(rf"\g<1>{MASK}", text)
