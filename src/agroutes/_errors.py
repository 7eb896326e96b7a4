"""The exceptions agroutes raises. Each one keeps the bad part as data, not only as text.

Every public function, fed any string, either answers or raises one of these: never an
error from yarl, idna or the standard library. Building one never fails either, whatever
it is given: a message shows a value through :func:`describe`, which never calls a
value's own ``repr`` (a list nested a million deep, an integer of a million digits).
"""

from __future__ import annotations

from collections.abc import Sequence

from ._redact import redact_lines

__all__ = [
    "AgroutesError",
    "InvalidBaseURL",
    "InvalidClientProfile",
    "InvalidClientSetting",
    "InvalidRequest",
    "InvalidRoutePattern",
    "InvalidRouteTable",
    "UnknownClient",
    "UnknownLanguage",
    "UnknownRouteTable",
    "describe",
]

#: Integers longer than this many bits are described by their size: ``str()`` of one with
#: more than 4300 digits raises ValueError (CPython's limit on integer conversion).
_SHOWN_BITS = 128


def describe(value: object, limit: int = 40) -> str:
    """A value as an error message shows it: a text or a number as its ``repr`` (a text
    clipped to ``limit`` characters), anything else by its type and size. Never fails.

    >>> describe("abc"), describe(10**5000), describe([[1]]), describe(None)
    ("'abc'", 'an integer of about 5001 digits', 'a list of 1 item', 'None')
    """
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, str):
        text = str.__str__(value)
        clipped = repr(text[:limit])
        return clipped + "…" if len(text) > limit else clipped
    if isinstance(value, int):
        if value.bit_length() <= _SHOWN_BITS:
            return int.__repr__(value)
        # Counted from its size in bits (log10(2) digits a bit): converting it could fail.
        return f"an integer of about {int(value.bit_length() * 0.30103) + 1} digits"
    if isinstance(value, float):
        return float.__repr__(value)
    if isinstance(value, bytes | bytearray):
        clipped = repr(bytes(value[:limit]))
        return clipped + "…" if len(value) > limit else clipped
    name = type(value).__name__
    if type(value) in (list, tuple, dict, set, frozenset):  # a subclass's len() may fail
        count = len(value)  # type: ignore[arg-type]
        return f"a {name} of {count} item{'' if count == 1 else 's'}"
    return f"a {name}"


def _quoted(value: object) -> str:
    """A text in quotes, as ``repr`` writes it (whole); anything else as :func:`describe`."""
    return str.__repr__(str.__str__(value)) if isinstance(value, str) else describe(value)


def _text(value: object) -> str:
    """A text as it is; anything else as :func:`describe` shows it."""
    return str.__str__(value) if isinstance(value, str) else describe(value)


def _texts(values: Sequence[object]) -> tuple[object, ...]:
    try:
        return tuple(values)
    except TypeError:
        return ()


class AgroutesError(Exception):
    """The base of every error agroutes raises: one name to catch them all.

    Each subclass also derives from the closest builtin (``ValueError`` for bad input,
    ``LookupError`` for an unknown id), so code that catches those keeps working.

    Its message (and ``.args``) is made safe to print here, once for every error: a
    message may quote a pattern, a path or a status that came from outside.
    """

    def __init__(self, *args: object) -> None:
        super().__init__(*(redact_lines(a.split("\n")) if isinstance(a, str) else a for a in args))


class InvalidBaseURL(AgroutesError, ValueError):
    """Text that no client could use as a Base URL.

    ``part`` names the offending part (``"scheme"``, ``"host"``, ``"port"``, ...), ``text`` is
    the input with secrets masked, and ``hint`` is what to type instead when we can tell.
    """

    def __init__(self, text: str, part: str, reason: str, *, hint: str | None = None) -> None:
        self.text = text
        self.part = part
        self.reason = reason
        self.hint = hint
        message = f"invalid Base URL {_quoted(text)}: {_text(part)}: {_text(reason)}"
        if hint is not None:
            message += f" (did you mean {_quoted(hint)}?)"
        super().__init__(message)


class UnknownClient(AgroutesError, LookupError):
    """A client id that is not built in. ``suggestions`` holds close matches."""

    def __init__(self, name: str, suggestions: Sequence[str], *, reason: str | None = None) -> None:
        self.name = name
        self.suggestions = _texts(suggestions)
        message = _text(reason) if reason else f"unknown client {_quoted(name)}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(_quoted(s) for s in self.suggestions) + "?"
        super().__init__(message)

    def __str__(self) -> str:
        # LookupError would otherwise print the message inside quotes, like KeyError does.
        return str(self.args[0])


class InvalidClientSetting(AgroutesError, ValueError):
    """A setting passed to ``client(id, **settings)`` that the client does not have or accept."""

    def __init__(self, client: str, setting: str, reason: str) -> None:
        self.client = client
        self.setting = setting
        self.reason = reason
        super().__init__(f"client {_quoted(client)}: setting {_quoted(setting)}: {_text(reason)}")


class InvalidClientProfile(AgroutesError, ValueError):
    """A client declared as data that cannot be built. ``entry`` names the bad part
    (``"requests[1].method"``), when there is one."""

    def __init__(self, reason: str, *, entry: str | None = None) -> None:
        self.reason = reason
        self.entry = entry
        where = f"{_text(entry)}: " if entry is not None else ""
        super().__init__(f"invalid client profile: {where}{_text(reason)}")


class InvalidRequest(AgroutesError, ValueError):
    """A method or request target that no HTTP request can carry (``diagnose_path``).

    ``part`` is ``"method"`` or ``"path"``.
    """

    def __init__(self, part: str, reason: str) -> None:
        self.part = part
        self.reason = reason
        super().__init__(f"invalid request {_text(part)}: {_text(reason)}")


class InvalidRoutePattern(AgroutesError, ValueError):
    """A route pattern that cannot be compiled. ``position`` points at the bad character."""

    def __init__(self, pattern: str, position: int, reason: str) -> None:
        self.pattern = pattern
        self.position = position
        self.reason = reason
        shown = _text(pattern)
        at = position if isinstance(position, int) and 0 <= position <= len(shown) else 0
        marker = " " * at + "^"
        super().__init__(f"invalid route pattern: {_text(reason)}\n    {shown}\n    {marker}")


class InvalidRouteTable(AgroutesError, ValueError):
    """A route table that cannot be built: a bad entry, or two routes in conflict.

    ``entry`` is the index of the bad entry in the input, when there is one.
    """

    def __init__(self, reason: str, *, entry: int | None = None) -> None:
        self.reason = reason
        self.entry = entry
        where = f"entry {describe(entry)}: " if entry is not None else ""
        super().__init__(f"invalid route table: {where}{_text(reason)}")


class UnknownRouteTable(AgroutesError, LookupError):
    """A route table preset id that is not built in. ``suggestions`` holds close matches;
    ``reason`` says why a ``NAME@VERSION`` names no known release (empty otherwise)."""

    def __init__(self, name: str, suggestions: Sequence[str], *, reason: str = "") -> None:
        self.name = name
        self.suggestions = _texts(suggestions)
        self.reason = reason
        message = f"unknown route table {_quoted(name)}"
        if reason:
            message += f": {_text(reason)}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(_quoted(s) for s in self.suggestions) + "?"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownLanguage(AgroutesError, ValueError):
    """An explanation language agroutes has no texts for. ``choices`` lists those it has."""

    def __init__(self, lang: object, choices: Sequence[str]) -> None:
        self.lang = lang
        self.choices = _texts(choices)
        shown = describe(lang) if isinstance(lang, str) and len(lang) <= 20 else "that value"
        listed = ", ".join(_text(c) for c in self.choices)
        super().__init__(f"unknown language {shown}; choose one of {listed}")
