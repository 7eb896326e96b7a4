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

# user:password@ with the scheme missing or mistyped ("u:p@localhost:8045", "http:/u:p@h",
# "http//u:p@h"): a run of userinfo characters that starts the text or follows a space,
# quote, bracket or "/" and ends in "@". Each run is scanned from one start only: linear.
_BARE_USERINFO = re.compile(r"(^|[\s'\"(<\[/])[^\s/?#@'\"<>]+@")

# Query parameters, also in the percent-encoded form that some clients fold into a query
# (claude-code and gemini-cli encode "?" and "=" as %3F and %3D). The value is masked when
# the name ends like a secret's (key, api_key, x-goog-api-key, auth_token, client_secret,
# password, sig, ...): over-masking a harmless "monkey=" costs nothing, a leak costs a key.
# A value runs to the next "&", ";", "?", "#", space or quote (google-genai writes
# "?alt=sse?key=..."), and also stops before an encoded "?"
# or "&" (%3F, %26) so that a parameter folded into another one's value is seen too; each
# "%" starts a new step of the repetition, so the match cannot split one value two ways.
_QUERY_PARAM = re.compile(
    r"((?:[?&;]|%3F|%26)([A-Za-z0-9_.\-]+)(?:=|%3D))"
    r"([^&#;?\s'\"<>%]*(?:%(?!26|3F)[^&#;?\s'\"<>%]*)*)",
    re.IGNORECASE,
)
_SECRET_NAME = re.compile(
    r"(?:key|token|secret|password|passwd|pwd|auth|authorization|sig|signature|credentials?)$",
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
    if "@" in text:
        text = _USERINFO.sub(rf"\g<1>{MASK}@", text)
        text = _BARE_USERINFO.sub(rf"\g<1>{MASK}@", text)
    text = _QUERY_PARAM.sub(_mask_param, text)
    return _TOKENS.sub(rf"\g<1>{MASK}", text)


def _mask_param(match: re.Match[str]) -> str:
    if _SECRET_NAME.search(match.group(2)) is None:
        return match.group(0)
    return match.group(1) + MASK
