"""The exceptions agroutes raises. Each one keeps the bad part as data, not only as text.

Every public function, fed any string, either answers or raises one of these: never an
error from yarl, idna or the standard library.
"""

from __future__ import annotations

from collections.abc import Sequence

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
]


class AgroutesError(Exception):
    """The base of every error agroutes raises: one name to catch them all.

    Each subclass also derives from the closest builtin (``ValueError`` for bad input,
    ``LookupError`` for an unknown id), so code that catches those keeps working.
    """


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
        message = f"invalid Base URL {text!r}: {part}: {reason}"
        if hint is not None:
            message += f" (did you mean {hint!r}?)"
        super().__init__(message)


class UnknownClient(AgroutesError, LookupError):
    """A client id that is not built in. ``suggestions`` holds close matches."""

    def __init__(self, name: str, suggestions: Sequence[str], *, reason: str | None = None) -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        message = reason or f"unknown client {name!r}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
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
        super().__init__(f"client {client!r}: setting {setting!r}: {reason}")


class InvalidClientProfile(AgroutesError, ValueError):
    """A client declared as data that cannot be built. ``entry`` names the bad part
    (``"requests[1].method"``), when there is one."""

    def __init__(self, reason: str, *, entry: str | None = None) -> None:
        self.reason = reason
        self.entry = entry
        where = f"{entry}: " if entry is not None else ""
        super().__init__(f"invalid client profile: {where}{reason}")


class InvalidRequest(AgroutesError, ValueError):
    """A method or request target that no HTTP request can carry (``diagnose_path``).

    ``part`` is ``"method"`` or ``"path"``.
    """

    def __init__(self, part: str, reason: str) -> None:
        self.part = part
        self.reason = reason
        super().__init__(f"invalid request {part}: {reason}")


class InvalidRoutePattern(AgroutesError, ValueError):
    """A route pattern that cannot be compiled. ``position`` points at the bad character."""

    def __init__(self, pattern: str, position: int, reason: str) -> None:
        self.pattern = pattern
        self.position = position
        self.reason = reason
        marker = " " * position + "^"
        super().__init__(f"invalid route pattern: {reason}\n    {pattern}\n    {marker}")


class InvalidRouteTable(AgroutesError, ValueError):
    """A route table that cannot be built: a bad entry, or two routes in conflict.

    ``entry`` is the index of the bad entry in the input, when there is one.
    """

    def __init__(self, reason: str, *, entry: int | None = None) -> None:
        self.reason = reason
        self.entry = entry
        where = f"entry {entry}: " if entry is not None else ""
        super().__init__(f"invalid route table: {where}{reason}")


class UnknownRouteTable(AgroutesError, LookupError):
    """A route table preset id that is not built in. ``suggestions`` holds close matches;
    ``reason`` says why a ``NAME@VERSION`` names no known release (empty otherwise)."""

    def __init__(self, name: str, suggestions: Sequence[str], *, reason: str = "") -> None:
        self.name = name
        self.suggestions = tuple(suggestions)
        self.reason = reason
        message = f"unknown route table {name!r}"
        if reason:
            message += f": {reason}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(message)

    def __str__(self) -> str:
        return str(self.args[0])


class UnknownLanguage(AgroutesError, ValueError):
    """An explanation language agroutes has no texts for. ``choices`` lists those it has."""

    def __init__(self, lang: object, choices: Sequence[str]) -> None:
        self.lang = lang
        self.choices = tuple(choices)
        shown = repr(lang) if isinstance(lang, str) and len(lang) <= 20 else "that value"
        super().__init__(f"unknown language {shown}; choose one of {', '.join(self.choices)}")
