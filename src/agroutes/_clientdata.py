"""Layer 2: clients declared as data (a mapping, JSON or TOML), as route tables are.

About a quarter of the Base URL reports come from clients agroutes does not profile. Most
of them join like one of a few families (see the ``generic/`` ids of
:mod:`agroutes._clients`); a user who knows how theirs joins declares it::

    {
      "id": "my-app/openai",              # lowercase letters, digits and . _ - / @
      "title": "My app (OpenAI provider)", # optional, default: the id
      "protocol": "openai",               # "openai" | "anthropic" | "gemini"
      "join": "strip-one-slash",          # a JoinRule value (agroutes clients --json lists them)
      "transport": "node-fetch",          # optional: "httpx" | "node-fetch" | "bun-fetch" |
                                          # "reqwest"
      "base_shape": "ends-in-v1",         # "host-root" | "ends-in-v1" | "ends-in-v1beta" |
                                          # "chat-completions-endpoint"
      "userinfo": "dropped",              # optional: "replaces-key" | "added-beside-key" |
                                          # "refused" | "dropped"
      "redirects": "follows",             # optional: "follows" | "follows-keeping-method" |
                                          # "not-followed" | "unknown" (the default)
      "base_url_ignored": false,          # optional: the client sends to its own host
      "verified": "how you know",         # optional, default: declared, not verified
      "notes": "free text",               # optional
      "settings": [{"name": "model", "default": "gpt-4o", "doc": "..."}],   # optional
      "requests": [
        {"operation": "chat-completions", "method": "POST", "suffix": "/chat/completions",
         "query": null, "call": "chat"},
        ...
      ]
    }

Every mistake raises :class:`~agroutes.InvalidClientProfile` whose ``entry`` names the bad
part (``"requests[0].method"``). A declared client goes wherever a client id goes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TypeVar

from ._documents import DocumentError, LongNumber, read_document
from ._errors import InvalidClientProfile, InvalidClientSetting, describe
from ._joins import JoinRule, Transport
from ._profiles import (
    BaseShape,
    ClientProfile,
    Redirects,
    RequestSpec,
    SettingSpec,
    UserinfoHandling,
)
from ._redact import redact
from ._vocab import Operation, Protocol

__all__ = ["client_from_data", "client_from_json", "client_from_toml", "load_client"]

#: What a profile says when it was declared by a user rather than verified by agroutes.
DECLARED = "declared as data (not verified against the client by agroutes)"

_ID = re.compile(r"[a-z0-9][a-z0-9._\-/@]{0,79}")
_METHOD = re.compile(r"[A-Z]{1,16}")
# A suffix or query is path text a client appends: printable ASCII, no space or "#".
_URL_TEXT = re.compile(r"[\x21-\x7e]{0,512}")
_MAX_TEXT = 1 << 20  # a client document over a megabyte is not a client document
_DOC_KEYS = frozenset(
    {"id", "title", "protocol", "join", "transport", "base_shape", "userinfo", "verified"}
    | {"notes", "settings", "requests", "redirects", "base_url_ignored"}
)
_REQUEST_KEYS = frozenset({"operation", "method", "suffix", "query", "call", "model"})
_SETTING_KEYS = frozenset({"name", "default", "doc", "choices"})

E = TypeVar("E", JoinRule, Transport, BaseShape, UserinfoHandling, Protocol, Operation, Redirects)


def client_from_data(data: object) -> ClientProfile:
    """Build a client profile from a mapping (see the module docstring for its keys).

    >>> p = client_from_data({"id": "my-app", "protocol": "openai", "join": "strip-one-slash",
    ...     "base_shape": "ends-in-v1", "requests": [{"operation": "chat-completions",
    ...     "method": "POST", "suffix": "/chat/completions"}]})
    >>> from agroutes import resolve
    >>> [str(r) for r in resolve("http://127.0.0.1:8045/v1/", p)]
    ['POST /v1/chat/completions']
    >>> client_from_data({"id": "x", "protocol": "openai", "join": "urljoin"})
    Traceback (most recent call last):
      ...
    agroutes.InvalidClientProfile: invalid client profile: join: 'urljoin' is not one of \
'httpx-path-slash', 'httpx-raw-slash', 'genai-python', 'node-lift-query', \
'search-params', 'genai-js', 'strip-one-slash', 'strip-v1', 'slash-then-resolve', \
'concat', 'root-gets-v1', 'v1beta-unless-last-version', 'v1-unless-any-version', \
'v1beta-unless-any-version', 'litellm-join', 'litellm-ensure-route', 'strip-all-slashes', \
'concat-unless-ends'
    """
    if not isinstance(data, Mapping):
        raise InvalidClientProfile(f"a client is a mapping, not {_kind(data)}")
    _check_keys(data, _DOC_KEYS, None)
    ident = _text(data, "id", None, required=True)
    if _ID.fullmatch(ident) is None:
        raise InvalidClientProfile(
            "lowercase letters, digits and . _ - / @ (at most 80), starting with a letter or digit",
            entry="id",
        )
    protocol = _choice(data, "protocol", Protocol, None)
    join = _choice(data, "join", JoinRule, None)
    requests = data.get("requests")
    if not isinstance(requests, Sequence) or isinstance(requests, str) or not requests:
        raise InvalidClientProfile("a non-empty list of requests", entry="requests")
    if len(requests) > 64:
        raise InvalidClientProfile("at most 64 requests", entry="requests")
    settings = data.get("settings", [])
    if not isinstance(settings, Sequence) or isinstance(settings, str) or len(settings) > 16:
        raise InvalidClientProfile("a list of at most 16 settings", entry="settings")
    try:
        return ClientProfile(
            id=ident,
            title=_text(data, "title", None) or ident,
            protocol=protocol,
            join=join,
            transport=_choice(data, "transport", Transport, None, Transport.NODE_FETCH),
            requests=tuple(_request(i, r) for i, r in enumerate(requests)),
            base_shape=_choice(data, "base_shape", BaseShape, None),
            userinfo=_choice(data, "userinfo", UserinfoHandling, None, UserinfoHandling.DROPPED),
            verified=_text(data, "verified", None) or DECLARED,
            setting_specs=tuple(_setting(i, s) for i, s in enumerate(settings)),
            notes=_text(data, "notes", None),
            redirects=_choice(data, "redirects", Redirects, None, Redirects.UNKNOWN),
            base_url_ignored=_flag(data, "base_url_ignored"),
        )
    except InvalidClientSetting as exc:  # a {placeholder} naming no setting
        raise InvalidClientProfile(
            f"setting {exc.setting!r}: {exc.reason}", entry="requests"
        ) from exc


def client_from_json(text: str | bytes) -> ClientProfile:
    """:func:`client_from_data` of a JSON document."""
    return client_from_data(_parse(text, ".json", "the document"))


def client_from_toml(text: str) -> ClientProfile:
    """:func:`client_from_data` of a TOML document (TOML has no null: leave keys out)."""
    return client_from_data(_parse(text, ".toml", "the document"))


def load_client(path: str | os.PathLike[str]) -> ClientProfile:
    """Read a client file: ``.json`` or ``.toml``, chosen by the file's suffix.

    A missing or unreadable file raises the usual :class:`OSError`.
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix not in (".json", ".toml"):
        raise InvalidClientProfile(f"{file.name}: a client file ends in .json or .toml")
    return client_from_data(_parse(file.read_bytes(), suffix, file.name))


def _parse(text: str | bytes, suffix: str, name: str) -> object:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InvalidClientProfile(f"{name}: not UTF-8 text ({exc.reason})") from None
    if not isinstance(text, str):
        raise TypeError(f"a client document is text, not {type(text).__name__}")
    try:
        return read_document(text, suffix, limit=_MAX_TEXT, what="client")
    except DocumentError as exc:
        raise InvalidClientProfile(f"{name}: {exc.reason}") from None


def _request(index: int, entry: object) -> RequestSpec:
    where = f"requests[{index}]"
    if not isinstance(entry, Mapping):
        raise InvalidClientProfile(f"a mapping, not {_kind(entry)}", entry=where)
    _check_keys(entry, _REQUEST_KEYS, where)
    method = _text(entry, "method", where, required=True).upper()
    if _METHOD.fullmatch(method) is None:
        raise InvalidClientProfile("an HTTP method (letters only)", entry=f"{where}.method")
    suffix = _url_text(entry, "suffix", where, required=True)
    if suffix and not suffix.startswith(("/", "?")):
        raise InvalidClientProfile(
            "a suffix starts with '/' (or '?'), or is empty", entry=f"{where}.suffix"
        )
    query = _url_text(entry, "query", where) or None
    return RequestSpec(
        operation=_choice(entry, "operation", Operation, where),
        method=method,
        suffix=suffix,
        query=query,
        call=_text(entry, "call", where) or f"request {index}",
        model=_text(entry, "model", where) or None,
    )


def _setting(index: int, entry: object) -> SettingSpec:
    where = f"settings[{index}]"
    if not isinstance(entry, Mapping):
        raise InvalidClientProfile(f"a mapping, not {_kind(entry)}", entry=where)
    _check_keys(entry, _SETTING_KEYS, where)
    choices = entry.get("choices")
    if choices is not None and (
        not isinstance(choices, Sequence)
        or isinstance(choices, str)
        or not all(isinstance(c, str) for c in choices)
    ):
        raise InvalidClientProfile("a list of strings", entry=f"{where}.choices")
    default = entry.get("default")
    if default is not None and not isinstance(default, str):
        raise InvalidClientProfile("a string or null", entry=f"{where}.default")
    return SettingSpec(
        name=_text(entry, "name", where, required=True),
        default=default,
        doc=_text(entry, "doc", where),
        choices=tuple(choices) if choices is not None else None,
    )


def _check_keys(entry: Mapping[object, object], known: frozenset[str], where: str | None) -> None:
    unknown = sorted(describe(k) for k in entry if k not in known)
    if unknown:
        raise InvalidClientProfile(
            f"unknown key(s) {', '.join(unknown[:5])}; known: {', '.join(sorted(known))}",
            entry=where,
        )


def _text(
    entry: Mapping[object, object], key: str, where: str | None, *, required: bool = False
) -> str:
    name = key if where is None else f"{where}.{key}"
    value = entry.get(key)
    if value is None:
        if required:
            raise InvalidClientProfile("missing", entry=name)
        return ""
    if not isinstance(value, str):
        raise InvalidClientProfile(f"a string, not {_kind(value)}", entry=name)
    if len(value) > 2000:
        raise InvalidClientProfile("at most 2000 characters", entry=name)
    return value


def _url_text(
    entry: Mapping[object, object], key: str, where: str, *, required: bool = False
) -> str:
    value = _text(entry, key, where, required=required)
    if _URL_TEXT.fullmatch(value) is None:
        raise InvalidClientProfile(
            "printable ASCII without spaces, at most 512 characters", entry=f"{where}.{key}"
        )
    if "#" in value:
        raise InvalidClientProfile("no '#': a fragment is never sent", entry=f"{where}.{key}")
    return value


def _choice(
    entry: Mapping[object, object],
    key: str,
    kind: type[E],
    where: str | None,
    default: E | None = None,
) -> E:
    name = key if where is None else f"{where}.{key}"
    value = entry.get(key)
    if value is None and default is not None:
        return default
    choices = ", ".join(repr(m.value) for m in kind)
    if not isinstance(value, str):
        raise InvalidClientProfile(f"missing or not a string; one of {choices}", entry=name)
    try:
        return kind(value)
    except ValueError:
        shown = repr(redact(value[:40]))  # a key pasted into the wrong box stays hidden
        raise InvalidClientProfile(f"{shown} is not one of {choices}", entry=name) from None


def _flag(entry: Mapping[object, object], key: str) -> bool:
    value = entry.get(key, False)
    if not isinstance(value, bool):
        raise InvalidClientProfile(f"true or false, not {_kind(value)}", entry=key)
    return value


def _kind(value: object) -> str:
    if isinstance(value, LongNumber):
        return f"an integer of {value.digits} digits"
    return "a list" if isinstance(value, list) else f"a {type(value).__name__}"
