"""Layer 0: reading a JSON or TOML document a user hands agroutes, as untrusted text.

Route tables and client profiles both come as documents; both loaders read them here, with
the same bounds: a size limit, no ``RecursionError`` from a document nested thousands
deep, and no integer converted from a literal too long for the interpreter (``str`` to
``int`` is quadratic, and past 4300 digits CPython refuses it). Each loader turns a
:class:`DocumentError` into its own typed error.
"""

from __future__ import annotations

import json
import re
import sys
import tomllib

__all__ = ["DocumentError", "LongNumber", "read_document"]


class DocumentError(Exception):
    """A document that cannot be read (internal: never raised to a user).

    ``at`` is the offset in the text of an integer literal too long to convert, if that
    is what went wrong (a loader may say which entry it stands in).
    """

    def __init__(self, reason: str, *, at: int | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.at = at


class LongNumber:
    """An integer literal too long to convert, kept by its size (JSON ``parse_int``)."""

    __slots__ = ("digits",)

    def __init__(self, digits: int) -> None:
        self.digits = digits


def _integer(text: str) -> int | LongNumber:
    # No value of a document agroutes reads is a long number: one is named, never converted.
    return int(text) if len(text) <= 100 else LongNumber(len(text.lstrip("-")))


def read_document(text: str | bytes | bytearray, suffix: str, *, limit: int, what: str) -> object:
    """The parsed ``.json`` or ``.toml`` document (by ``suffix``), or :class:`DocumentError`.

    ``what`` names the kind of document in the size error ("route table", "client").
    """
    if len(text) > limit:
        raise DocumentError(f"a {what} document is at most {limit} characters long")
    if suffix == ".toml":
        return _toml(text if isinstance(text, str) else bytes(text).decode("utf-8", "replace"))
    try:
        return json.loads(text, parse_int=_integer)
    except RecursionError:  # the C decoder recurses once per "[" or "{"
        raise DocumentError("not a JSON document: nested too deeply") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DocumentError(f"not a JSON document: {exc}") from None


def _toml(text: str) -> object:
    try:
        return tomllib.loads(text)
    except RecursionError:  # tomllib recurses once per nested array or inline table
        raise DocumentError("not a TOML document: nested too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        raise DocumentError(f"not a TOML document: {exc}") from None
    except ValueError as exc:  # int() of a literal past the interpreter's digit limit
        limit = sys.get_int_max_str_digits() or 4300
        found = re.search(f"[0-9_]{{{limit + 1},}}", text)
        if found is None:
            raise DocumentError(f"not a TOML document: {exc}") from None
        line = text.count("\n", 0, found.start()) + 1
        raise DocumentError(
            f"line {line}: an integer of {len(found.group())} digits", at=found.start()
        ) from None
