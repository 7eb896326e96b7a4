"""Layer 1: the Base URL a user typed, parsed once and validated.

Clients join their suffix onto the *raw* text of the Base URL, so this module keeps the
path and query exactly as typed (only non-ASCII characters are percent-encoded, as every
HTTP client does before sending) and never normalises them: ``//v1``, a trailing ``/`` and
a stray ``?x=1`` are the very mistakes agroutes diagnoses. yarl validates and
IDNA-encodes the host.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

from yarl import URL

from ._errors import InvalidBaseURL
from ._redact import MASK, redact, safe_repr
from ._slots import slot_setter

__all__ = ["BaseURL", "parse_base_url"]

# Characters no client sends raw: C0 controls, space, DEL, backslash (WHATWG turns it into
# "/", Python's httpx does not, so the clients would disagree), lone surrogates.
_FORBIDDEN = re.compile(r"[\x00-\x20\x7f\\\ud800-\udfff]")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")
# scheme :// authority path ?query #fragment; each group stops at the next one's first
# character, so the match is linear.
_SPLIT = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*)://([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?", re.DOTALL)
_HOSTNAME = re.compile(r"[a-z0-9\-._~]+")  # after IDNA encoding; "%", "<", "|"... are refused
# A lower-case ASCII name or IPv4 address needs no IDNA round trip through yarl: the common
# case (127.0.0.1, localhost, api.example.com) skips it.
_LABEL = r"[a-z0-9](?:[a-z0-9\-]{0,61}[a-z0-9])?"
_PLAIN_HOST = re.compile(rf"(?:{_LABEL}\.)*{_LABEL}")
_IPV6_CHARS = re.compile(r"[0-9A-Fa-f:.]+")
# RFC 3986 userinfo: unreserved, percent-encoded, sub-delims and ":". Anything else ("[",
# "]", "<", "|", ...) no HTTP stack puts on the wire as is.
_USERINFO_BAD = re.compile(r"[^A-Za-z0-9\-._~%!$&'()*+,;=:]")
# http::uri::MAX_LEN (u16::MAX - 1): hyper, and so axum, refuse longer URIs.
_MAX_URL = 65534
# Printable ASCII stays as typed; anything else is percent-encoded as UTF-8.
_SAFE_ASCII = "".join(chr(c) for c in range(0x21, 0x7F))
_LOCAL_HOSTS = ("localhost", "127.", "0.0.0.0", "[::1]", "::1")  # noqa: S104 - text, not a bind


# Its own __init__ (agroutes._slots: every diagnosis parses one) and __repr__ (which masks
# secrets).
@dataclass(frozen=True, slots=True, kw_only=True, init=False, repr=False)
class BaseURL:
    """A parsed Base URL. ``path`` and ``query`` are raw, exactly as the user typed them.

    ``query`` is ``None`` when there is no ``?`` at all, and ``""`` for a bare ``?``.
    """

    text: str
    scheme: str
    userinfo: str | None
    host: str  # IDNA-encoded, lower case; IPv6 in brackets
    port: int | None
    path: str  # "" for a bare host
    query: str | None

    def __init__(
        self,
        *,
        text: str,
        scheme: str,
        userinfo: str | None,
        host: str,
        port: int | None,
        path: str,
        query: str | None,
    ) -> None:
        _set_text(self, text)
        _set_scheme(self, scheme)
        _set_userinfo(self, userinfo)
        _set_host(self, host)
        _set_port(self, port)
        _set_path(self, path)
        _set_query(self, query)

    @property
    def origin(self) -> str:
        """``scheme://[userinfo@]host[:port]``: everything a client keeps untouched."""
        auth = f"{self.userinfo}@" if self.userinfo is not None else ""
        port = f":{self.port}" if self.port is not None else ""
        return f"{self.scheme}://{auth}{self.host}{port}"

    @property
    def url(self) -> URL:
        """The Base URL as a yarl URL, with the raw path and query kept byte for byte."""
        query = f"?{self.query}" if self.query is not None else ""
        return URL(f"{self.origin}{self.path}{query}", encoded=True)

    def replace(
        self, *, path: str, query: str | None = None, keep_userinfo: bool = True
    ) -> BaseURL:
        """A copy with another path and query (and userinfo dropped if asked)."""
        if not isinstance(path, str) or not (query is None or isinstance(query, str)):
            raise TypeError("BaseURL.replace() takes a str path and a str or None query")
        userinfo = self.userinfo if keep_userinfo else None
        auth = f"{userinfo}@" if userinfo is not None else ""
        port = f":{self.port}" if self.port is not None else ""
        q = f"?{query}" if query is not None else ""
        text = f"{self.scheme}://{auth}{self.host}{port}{path}{q}"
        return BaseURL(
            text=text,
            scheme=self.scheme,
            userinfo=userinfo,
            host=self.host,
            port=self.port,
            path=path,
            query=query,
        )

    def __str__(self) -> str:
        return redact(self.text)

    def __repr__(self) -> str:
        return f"BaseURL({safe_repr(self.text)})"


_set_text = slot_setter(BaseURL, "text")
_set_scheme = slot_setter(BaseURL, "scheme")
_set_userinfo = slot_setter(BaseURL, "userinfo")
_set_host = slot_setter(BaseURL, "host")
_set_port = slot_setter(BaseURL, "port")
_set_path = slot_setter(BaseURL, "path")
_set_query = slot_setter(BaseURL, "query")


def _fail(text: str, part: str, reason: str, hint: str | None = None) -> InvalidBaseURL:
    # Mask first, clip second: clipping first could cut the "@" that marks a password.
    return InvalidBaseURL(
        _clip(redact(_mask_userinfo(text))),
        part,
        _clip(redact(reason), 300),
        hint=_clip(redact(_mask_userinfo(hint))) if hint else None,
    )


# What parse_base_url reads as a scheme before the authority, also when mistyped ("http:/",
# "http//", none at all).
_SCHEME_LIKE = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*(?::?//?|:)?")
_AUTHORITY_END = re.compile(r"[/?#]|$")


def _mask_userinfo(text: str) -> str:
    """``text`` with the userinfo masked exactly as :func:`parse_base_url` reads it: the
    authority runs to the first "/", "?" or "#", and userinfo is all before its last "@",
    whatever it holds (a space, a tab, a newline, a bracket: the very error being shown)."""
    scheme = _SCHEME_LIKE.match(text)
    start = scheme.end() if scheme is not None and "/" in scheme.group() else 0
    end = _AUTHORITY_END.search(text, start)
    stop = end.start() if end is not None else len(text)
    at = text.rfind("@", start, stop)
    if at <= start:
        return text
    return text[:start] + MASK + text[at:]


def _clip(text: str, limit: int = 200) -> str:
    # A 1 MB input must not come back as a 1 MB error message.
    return text if len(text) <= limit else text[:limit] + "…"


def parse_base_url(value: str | URL | BaseURL) -> BaseURL:
    """Parse and validate the Base URL text a user typed.

    Surrounding whitespace is dropped (a copy-paste slip that every settings box forgives);
    anything else that no client could send raises :class:`InvalidBaseURL` naming the part.

    >>> parse_base_url(" http://127.0.0.1:8045/v1 ").path
    '/v1'
    >>> parse_base_url("localhost:8045")
    Traceback (most recent call last):
    ...
    agroutes.InvalidBaseURL: invalid Base URL 'localhost:8045': scheme: missing; \
clients need http:// or https:// (did you mean 'http://localhost:8045'?)
    """
    if isinstance(value, BaseURL):
        return value
    if isinstance(value, URL):
        value = str(value)
    if not isinstance(value, str):
        raise TypeError(f"a Base URL is a str or yarl.URL, not {type(value).__name__}")
    text = value.strip()
    if not text:
        raise _fail(value, "text", "empty")
    if len(text) > _MAX_URL:  # every character is at least one byte on the wire
        # Quote only the start, up to the end of a scheme: masking a megabyte just to print
        # 200 characters of it would cost more than the whole check.
        head = text[: text.find("://") + 3] if "://" in text[:32] else ""
        raise _fail(
            head + "…",
            "text",
            f"{len(text)} characters: no proxy accepts a request target over {_MAX_URL} bytes"
            " (the http crate under axum answers 414 URI Too Long)",
        )
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        char = bad.group()
        what = (
            "a space" if char == " " else "a backslash" if char == "\\" else "a control character"
        )
        if "\ud800" <= char <= "\udfff":
            what = "a lone surrogate"
        raise _fail(text, "character", f"{what} (U+{ord(char):04X}) at position {bad.start()}")

    parts = _SPLIT.fullmatch(text)
    if parts is None:
        # "localhost:8045" parses as scheme "localhost"; "127.0.0.1:8045/v1" has none at all.
        scheme_match = _SCHEME.match(text)
        if scheme_match is not None and text[scheme_match.end() :].startswith(":/"):
            raise _fail(text, "scheme", "must be followed by '//'")
        guess = ("http://" if text.lower().startswith(_LOCAL_HOSTS) else "https://") + text
        raise _fail(text, "scheme", "missing; clients need http:// or https://", guess)
    scheme_text, authority, path, query_part, fragment = parts.groups()
    scheme = scheme_text.lower()
    if scheme not in ("http", "https"):
        raise _fail(text, "scheme", f"{scheme!r} is not http or https")
    if fragment is not None:
        raise _fail(
            text,
            "fragment",
            "a '#' fragment is never sent; clients that concatenate strings "
            "would bury their own path in it",
            text[: len(text) - len(fragment)],
        )
    query = query_part[1:] if query_part is not None else None

    userinfo: str | None = None
    if "@" in authority:
        userinfo, authority = authority.rsplit("@", 1)
        if not userinfo.isascii():
            userinfo = quote(userinfo, safe=_SAFE_ASCII)
        bad_char = _USERINFO_BAD.search(userinfo)
        if bad_char is not None:
            # Only the character is named: the rest of the userinfo may be a key.
            raise _fail(
                text,
                "userinfo",
                f"{bad_char.group()!r} cannot appear in user:password; percent-encode it",
            )
        if not userinfo:
            userinfo = None
    host, port = _split_host_port(text, authority)
    if not path.isascii():
        path = quote(path, safe=_SAFE_ASCII)
    if query is not None and not query.isascii():
        query = quote(query, safe=_SAFE_ASCII)
    return BaseURL(
        text=text, scheme=scheme, userinfo=userinfo, host=host, port=port, path=path, query=query
    )


def _split_host_port(text: str, authority: str) -> tuple[str, int | None]:
    if authority.startswith("["):
        close = authority.find("]")
        if close == -1:
            raise _fail(text, "host", "an IPv6 address needs a closing ']'")
        literal, after = authority[1:close], authority[close + 1 :]
        if _IPV6_CHARS.fullmatch(literal) is None:
            # ipaddress would accept a zone id ("fe80::1%eth0"); URLs cannot carry one
            # (WHATWG refuses it, yarl too), so only hex digits, ":" and "." pass.
            raise _fail(text, "host", f"{literal!r} is not an IPv6 address")
        import ipaddress  # noqa: PLC0415 - only bracketed hosts need it (and it is slow to import)

        try:
            ipaddress.IPv6Address(literal)
        except ValueError:
            raise _fail(text, "host", f"{literal!r} is not an IPv6 address") from None
        host = f"[{literal.lower()}]"
        if after and not after.startswith(":"):
            raise _fail(text, "host", f"unexpected {after!r} after the IPv6 address")
        port_text: str | None = after[1:] if after else None
    else:
        name, colon, port_part = authority.rpartition(":")
        if not colon:
            name, port_part = authority, ""
        port_text = port_part if colon else None
        if not name:
            raise _fail(text, "host", "missing")
        if len(name) <= 253 and _PLAIN_HOST.fullmatch(name) is not None:
            return name, _parse_port(text, port_text)
        try:
            encoded = URL.build(scheme="http", host=name).raw_host
        except (ValueError, UnicodeError) as exc:
            raise _fail(text, "host", f"{name!r} is not a valid host name ({exc})") from None
        if not encoded or _HOSTNAME.fullmatch(encoded) is None:
            raise _fail(text, "host", f"{name!r} is not a valid host name")
        host = encoded
    return host, _parse_port(text, port_text)


def _parse_port(text: str, port_text: str | None) -> int | None:
    port: int | None = None
    if port_text:  # "http://h:/v1" has an empty port, which clients read as the default
        if not (port_text.isascii() and port_text.isdigit()):
            raise _fail(text, "port", f"{port_text!r} is not a number")
        port = int(port_text) if len(port_text) <= 5 else 65536
        if not 0 < port <= 65535:
            raise _fail(text, "port", f"{port_text} is outside 1-65535")
    return port
