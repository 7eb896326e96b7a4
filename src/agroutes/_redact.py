"""Layer 0: safe text. Every text agroutes writes passes through :func:`redact` here.

Two jobs, in one place, so that no ``str``, ``repr``, explanation, JSON value, error message
or line of command-line output has to remember them:

**Secrets are masked** as ``***`` wherever they stand, people paste API keys everywhere:

- userinfo: ``scheme://USER:PASSWORD@`` up to the last ``@`` of the authority (a password
  may hold an ``@``, a tab or a space), and ``user:password@host`` without a scheme;
- the value of a parameter whose name ends like a secret's (``key``, ``api_key``,
  ``x-goog-api-key``, ``token``, ``auth``, ``secret``, ``password``, ``sig``, ``jwt``, ...),
  after ``?``, ``&``, ``;``, ``#``, a space or the start of the text, up to the next ``&``,
  ``#``, space or full-width punctuation *as written* (``;``, quotes, ``<``, ``%26`` and
  ``%3F`` belong to the value); and in JSON, ``"api_key": "..."``;
- tokens in the shapes providers issue: ``sk-...`` (OpenAI, Anthropic ``sk-ant-...``,
  DeepSeek and most relays), ``AIza...`` (Google), JWTs (``eyJ...``), GitHub, Slack,
  Hugging Face and Stripe keys, and the credential after ``Bearer`` or ``Basic``;
- any run of 24 or more ASCII letters and digits that mixes both (a hex or base62 key that
  has no prefix, as some relays put in a path segment).

Each rule looks at the text as written *and* at its decoded forms: percent-escapes
(``%2F``, ``%3D``, ``%253D`` decoded again, as clients re-encode queries) and JSON escapes
(``\\u0026``, ``\\/``) of ASCII characters are undone, up to four times, and what is found
there is masked in the text as written. So ``?x=%2Fsk-...%2Fv1`` (claude-code's
re-encoding), ``%3Bkey%3D...`` and ``\\u0026key=...`` hide their secrets too.

**Control characters are escaped** the way Python's ``repr`` shows them: every character
that ``str.isprintable`` refuses (C0 and C1 controls, DEL, ESC sequences, line and paragraph
separators, bidi overrides and isolates, zero-width and other format characters, lone
surrogates) becomes ``\\x1b``, ``\\u202e``, ``\\t``, ``\\n``... A backslash stays as it
is, so that safe text run through again is unchanged (``redact(redact(t)) == redact(t)``).

A program that needs a real value reads the typed attribute (``corrected_base_url``,
``Request.url``, ``ClientProfile.settings``), never a text.

Every pattern is linear: character classes with one quantifier each, a run anchored at its
start by a lookbehind, no nesting that can split a run two ways (benchmarks/run.py audits
them).
"""

from __future__ import annotations

import bisect
import dataclasses
import enum
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import TypeVar

from ._cache import cached

__all__ = [
    "MASK",
    "escape",
    "mask",
    "redact",
    "redact_document",
    "redact_lines",
    "redact_mapping",
    "redacted_repr",
    "safe_repr",
]

MASK = "***"

# --- control characters ----------------------------------------------------------------------

_SHORT = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
# Candidates for escaping: anything outside printable ASCII. A run of them is escaped only if
# str.isprintable (C speed) says so, so Chinese text costs one check per run.
_NOT_ASCII = re.compile(r"[^\x20-\x7e]+")


def _escape_char(ch: str) -> str:
    if ch.isprintable():
        return ch
    short = _SHORT.get(ch)
    if short is not None:
        return short
    code = ord(ch)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _escape_run(match: re.Match[str]) -> str:
    run = match.group()
    return run if run.isprintable() else "".join(map(_escape_char, run))


def escape(text: str) -> str:
    """``text`` with every non-printable character written as its escape, as ``repr`` does.

    >>> escape("/v1\\x1b[2J\\u202e")
    '/v1\\\\x1b[2J\\\\u202e'
    """
    if text.isprintable():
        return text  # the common case, at C speed
    return _NOT_ASCII.sub(_escape_run, text)


# --- secrets: the shapes ---------------------------------------------------------------------

# Full-width and CJK punctuation ends a value: the Chinese texts put a URL between “ and ”.
_CJK_PUNCT = "\u3000-\u303f\uff00-\uff0f\uff1a-\uff20\u2018-\u201f"
_SCHEME = r"(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]*://"
# scheme://userinfo@: the authority runs to the first "/", "?", "#" or space; userinfo is
# everything before its last "@" (backtracking from the end of one run: linear).
_USERINFO = re.compile(_SCHEME + r"([^/?# ]*)@")
# The same with spaces in the password, only when a host and a path, query or the end of the
# text follow (so that "http://h:8045 on antigravity@4.5.8" is left alone). It never runs
# across a mask: "http://&token=? u:p@" masks its token to "***", and the "?" that stopped
# this rule must not turn into a userinfo the second time round (masking is idempotent).
_UI_SPACED = r"(?:(?!\*\*\*)[^/?#@ '\"])*"
_USERINFO_SPACED = re.compile(
    _SCHEME + rf"({_UI_SPACED}(?: {_UI_SPACED})+)@[A-Za-z0-9.\-\[\]:]*(?=[/?#]|$)"
)
# user:password@host without a scheme: a run of userinfo characters with a ":" in it, that
# starts where such a run starts and is followed by a host.
_UI = r"A-Za-z0-9\-._~%!$&'()*+,;="
_BARE_USERINFO = re.compile(rf"(?<![{_UI}:])([{_UI}]*:[{_UI}:]*)@(?=[A-Za-z0-9\[])")
# name= after "?", "&", ";", "#", a space or the start; the value is found by _VALUE_END.
_PARAM = re.compile(r"(?:^|(?<=[?&;#\s]))([A-Za-z0-9_.\-]+)=")
_VALUE_END = re.compile(rf"[&# {_CJK_PUNCT}]|$")
# A value that is already a mask, with the quotes and brackets of the text around it.
_MASKED_VALUE = re.compile(r"['\"]?\*\*\*[)\]}'\",;.:>]*")
_SECRET_NAMES = (
    "key",
    "token",
    "secret",
    "password",
    "passwd",
    "pwd",
    "pass",
    "auth",
    "authorization",
    "sig",
    "signature",
    "credential",
    "credentials",
    "jwt",
    "bearer",
)
_JSON_FIELD = re.compile(r'"([A-Za-z0-9_.\-]+)"\s*:\s*"([^"\\]*(?:\\.[^"\\]*)*)"')
_T = r"[A-Za-z0-9_\-]"
# Group 1 of each token pattern is what gets masked; the prefix before it stays, to show the
# shape. sk- after a digit, "_", "-" or "/" too (v1sk-..., key_sk-...), and case-insensitive,
# because a method or an id is upper- or lower-cased before it is printed.
_SK = re.compile(rf"(?<![A-Za-z])(?i:sk)-({_T}{{6,}})")
_SK_ANYWHERE = re.compile(rf"(?i:sk)-((?i:ant|proj|svcacct|admin)-{_T}{{6,}}|{_T}{{32,}})")
_AIZA = re.compile(rf"(?i:AIza)({_T}{{6,}})")
_JWT = re.compile(r"(?<![A-Za-z])eyJ([A-Za-z0-9_\-.]{16,})")
_GITHUB = re.compile(r"(?<![A-Za-z0-9])(?:gh[pousr]_|github_pat_)([A-Za-z0-9_]{16,})")
_SLACK = re.compile(r"(?<![A-Za-z0-9])xox[abposr]-([A-Za-z0-9\-]{10,})")
_HUGGING_FACE = re.compile(r"(?<![A-Za-z0-9])hf_([A-Za-z0-9]{30,})")
_STRIPE = re.compile(r"(?<![A-Za-z0-9])[rsp]k_(?:live|test)_([A-Za-z0-9]{10,})")
_BEARER = re.compile(
    r"(?<![A-Za-z])(?:[Bb]earer|BEARER|Basic)(?:[ \t]+|\+|\\t)([A-Za-z0-9._~+/\-]{8,}=*)"
)
_TOKENS = (_SK, _SK_ANYWHERE, _AIZA, _JWT, _GITHUB, _SLACK, _HUGGING_FACE, _STRIPE, _BEARER)
_LONG_RUN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z0-9]{24,}")

# What every secret needs somewhere in the text: a text with none of these is returned at
# once. The checks are str methods at C speed: a regular expression over the rules' own
# starts cost ten times more than masking the rare text that holds a secret.
_UNDERSCORED = re.compile(r"gh[pousr]_|github_pat_|hf_|_live_|_test_")
# Letters and digits as "a", anything else as " ": 24 "a" in a row is a long run.
_RUN_TABLE = bytes(0x61 if b < 0x80 and chr(b).isalnum() else 0x20 for b in range(256))
_RUN = b"a" * 24


def _may_hold_secret(text: str) -> bool:
    if "@" in text:  # userinfo
        return True
    if ("%" in text or "\\" in text) and _ENCODED.search(text) is not None:  # to decode
        return True
    low = text.lower()
    if "sk-" in low or "aiza" in low or "eyj" in low or "bearer" in low or "basic" in low:
        return True
    if "xox" in low or ("_" in low and _UNDERSCORED.search(low) is not None):
        return True
    if ("=" in low and _named_before(low, "=")) or ('"' in low and _named_before(low, '"')):
        return True
    if len(text) < len(_RUN):
        return False
    if _RUN not in text.encode("utf-8", "surrogatepass").translate(_RUN_TABLE):
        return False  # no run of 24 letters and digits at all, at C speed
    return any(_mixed(m.group()) for m in _LONG_RUN.finditer(text))


def _mixed(run: str) -> bool:
    """Letters and digits both (``run`` is ASCII letters and digits only)."""
    return not run.isdigit() and not run.isalpha()


def _named_before(low: str, mark: str) -> bool:
    """Does a secret's name end right before some ``mark`` in ``low``?"""
    at = low.find(mark)
    while at != -1:
        if low.endswith(_SECRET_NAMES, 0, at):
            return True
        at = low.find(mark, at + 1)
    return False


# --- secrets: decoded views ------------------------------------------------------------------

# Only escapes of ASCII characters are undone: every secret shape, and every separator
# around one, is ASCII, and a path of percent-encoded Chinese then costs one regex scan.
_ENCODED = re.compile(r"%[0-7][0-9A-Fa-f]|\\u00[0-7][0-9A-Fa-f]|\\[/\"\\]")
_MAX_DECODES = 4


@dataclasses.dataclass(frozen=True, slots=True)
class _View:
    """A text with its escapes decoded once, and where each decoded escape came from."""

    text: str
    at: list[int]  # position of each decoded escape in the view
    start: list[int]  # where that escape starts in the text below
    end: list[int]  # where it ends there

    def below(self, pos: int, *, closing: bool) -> int:
        """Where view position ``pos`` (a start, or with ``closing`` an end) lies below."""
        probe = pos - 1 if closing else pos
        k = bisect.bisect_right(self.at, probe) - 1
        if k < 0:
            return pos
        if self.at[k] == probe:
            return self.end[k] if closing else self.start[k]
        return self.end[k] + (pos - self.at[k] - 1)


def _decode_once(text: str) -> _View | None:
    at: list[int] = []
    start: list[int] = []
    end: list[int] = []
    parts: list[str] = []
    last = 0
    size = 0
    for m in _ENCODED.finditer(text):
        s, e = m.span()
        esc = m.group()
        size += s - last
        parts.append(text[last:s])
        if esc[0] == "%":
            parts.append(chr(int(esc[1:], 16)))
        else:  # \uXXXX, or \/ \" \\
            parts.append(chr(int(esc[2:], 16)) if esc[1] == "u" else esc[1])
        at.append(size)
        start.append(s)
        end.append(e)
        size += 1
        last = e
    if not at:
        return None
    parts.append(text[last:])
    return _View("".join(parts), at, start, end)


def _secret_spans(text: str) -> Iterator[tuple[int, int]]:
    """The spans of ``text`` that hold a secret, by every rule but the parameter values."""
    for pattern in (_USERINFO, _USERINFO_SPACED, _BARE_USERINFO, *_TOKENS):
        for m in pattern.finditer(text):
            yield m.span(1)
    for m in _LONG_RUN.finditer(text):
        if _mixed(m.group()):
            yield m.span()
    if '"' in text:
        for m in _JSON_FIELD.finditer(text):
            if m.group(1).lower().endswith(_SECRET_NAMES) and m.group(2) != MASK:
                yield m.span(2)


def _secret_values(text: str) -> Iterator[int]:
    """Where the value of each secret-named parameter of ``text`` starts."""
    for m in _PARAM.finditer(text):
        if m.group(1).lower().endswith(_SECRET_NAMES):
            yield m.end()


def mask(text: str) -> str:
    """``text`` with every secret (see the module docstring) replaced by ``***``.

    >>> mask("http://user:sk-abcdef123456@127.0.0.1:8045/v1?key=AIzaSyXXXXXX&x=1")
    'http://***@127.0.0.1:8045/v1?key=***&x=1'
    >>> mask("/v1?x=%2Fsk-0123456789abcdef%2Fv1%3Bkey%3Dhunter2&y=1")
    '/v1?x=%2Fsk-***%2Fv1%3Bkey%3D***&y=1'
    """
    if not _may_hold_secret(text):
        return text  # no rule can match: the common case, kept cheap
    spans = list(_secret_spans(text))
    values = list(_secret_values(text))
    views: list[_View] = []
    current = text
    for _ in range(_MAX_DECODES):
        view = _decode_once(current)
        if view is None:
            break
        views.append(view)
        current = view.text
        spans += (_below(views, s, e) for s, e in _secret_spans(current))
        values += (_below(views, s, s + 1)[0] for s in _secret_values(current))
    spans += _value_spans(text, values)
    if not spans:
        return text
    out: list[str] = []
    last = 0
    for s, e in _whole_values(_merged(spans), sorted(values), text):
        if text[s:e] == MASK:
            continue
        out.append(text[last:s])
        out.append(MASK)
        last = e
    out.append(text[last:])
    return "".join(out)


def _below(views: list[_View], start: int, end: int) -> tuple[int, int]:
    """A span of the last view, as a span of the text as written."""
    for view in reversed(views):
        start, end = view.below(start, closing=False), view.below(end, closing=True)
    return start, end


def _value_spans(text: str, starts: list[int]) -> Iterator[tuple[int, int]]:
    """A value runs to the next "&", "#" or space *as written*: an encoded "%26" or "%3F",
    or one decoded from it, belongs to the value (a folded parameter is masked whole)."""
    end = -1
    for start in sorted(starts):
        if start > end:  # values that share an end are scanned once: linear
            found = _VALUE_END.search(text, start)
            end = found.start() if found is not None else len(text)
        if end > start and _MASKED_VALUE.fullmatch(text, start, end) is None:
            yield start, end


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if e <= s:
            continue
        if merged and s <= merged[-1][1]:
            if e > merged[-1][1]:
                merged[-1] = (merged[-1][0], e)
        else:
            merged.append((s, e))
    return merged


def _whole_values(
    merged: list[tuple[int, int]], starts: list[int], text: str
) -> list[tuple[int, int]]:
    """The merged spans, each that holds a parameter value's start and swallowed the end
    of that value (the space of ``?key=http:// u:p@``, taken by the userinfo after it)
    run on to the next end after it: what follows the mask would otherwise read as the
    value's rest next time, and a second redact would mask it (``***@`` -> ``***``)."""
    out: list[tuple[int, int]] = []
    for span in merged:
        start, end = span
        if out and start <= out[-1][1]:  # an extended span reached this one
            start, end = out[-1][0], max(end, out.pop()[1])
        k = bisect.bisect_left(starts, start)
        swallowed = end < len(text) and not _VALUE_END.match(text, end)
        if k < len(starts) and starts[k] < end and swallowed:
            found = _VALUE_END.search(text, end)
            end = found.start() if found is not None else len(text)
        out.append((start, end))
    return out


# --- the one function and its forms ----------------------------------------------------------


def redact(text: str) -> str:
    """``text`` made safe to print: secrets masked, control characters escaped, one line.

    >>> redact("http://user:sk-abcdef123456@127.0.0.1:8045/v1?key=AIzaSyXXXXXX&x=1")
    'http://***@127.0.0.1:8045/v1?key=***&x=1'
    >>> redact("/v1\\x1b]0;owned\\x07\\n?password=abc;def")
    '/v1\\\\x1b]0;owned\\\\x07\\\\n?password=***'
    """
    try:
        printable = text.isprintable()
    except AttributeError:  # (a try costs nothing on the hot path; an isinstance would)
        raise TypeError(f"redact() takes a str, not {type(text).__name__}") from None
    if printable and not _may_hold_secret(text):
        return text  # nothing to escape or mask: the common case, without the cache
    if len(text) <= _MAX_CACHED:
        return _redact_cached(text)
    return _redact(text)


def _redact(text: str) -> str:
    return mask(escape(text))


# Nested texts are made safe at every level (a line, the explanation it is in, the JSON
# document that quotes that): the same short texts come back again and again.
_MAX_CACHED = 256
_redact_cached = cached(maxsize=4096)(_redact)


def redact_lines(lines: Iterable[str]) -> str:
    """Lines that agroutes composed, each made safe, joined with its own line breaks."""
    return "\n".join(map(redact, lines))


def safe_repr(value: object) -> str:
    """``repr(value)`` with every string in it masked first (its quotes stay intact)."""
    if isinstance(value, str):
        return repr(mask(value))
    if isinstance(value, enum.Enum):
        return repr(value)
    if isinstance(value, tuple):
        inner = ", ".join(map(safe_repr, value))
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(map(safe_repr, value)) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{safe_repr(k)}: {safe_repr(v)}" for k, v in value.items()) + "}"
    return mask(escape(repr(value)))


def redact_mapping(value: object, *, key: str = "") -> object:
    """A JSON-ready value with every string in it (keys too) made safe by :func:`redact`.

    A ``"message"`` keeps the line breaks agroutes put in it: it is an explanation whose
    lines were each made safe already.
    """
    if isinstance(value, str):
        return redact_lines(value.split("\n")) if key == "message" else redact(value)
    if isinstance(value, dict):
        return redact_document(value)
    if isinstance(value, list | tuple):
        return [redact_mapping(v) for v in value]
    return value


def redact_document(doc: Mapping[str, object]) -> dict[str, object]:
    """:func:`redact_mapping` of a mapping, typed as the mapping it is."""
    return {redact(str(k)): redact_mapping(v, key=str(k)) for k, v in doc.items()}


_C = TypeVar("_C", bound=type)


def redacted_repr(cls: _C) -> _C:
    """A dataclass decorator: the dataclass ``repr``, with every string field masked.

    Put it above ``@dataclass``; fields declared with ``repr=False`` stay out, as there.
    """
    names = tuple(f.name for f in dataclasses.fields(cls) if f.repr)
    qualname = cls.__qualname__

    def masked_repr(self: object) -> str:
        inner = ", ".join(f"{name}={safe_repr(getattr(self, name))}" for name in names)
        return f"{qualname}({inner})"

    masked_repr.__name__ = masked_repr.__qualname__ = "__repr__"
    setattr(cls, "__repr__", masked_repr)  # noqa: B010 - set on the class dataclass built
    return cls
