"""Layer 5: how the command line writes: language, colour, aligned columns, JSON documents.

Colour only when stdout is a terminal, ``TERM`` is not ``dumb`` and ``NO_COLOR`` is unset
or empty (https://no-color.org); ``--json`` output is never coloured.

Everything written goes through :func:`agroutes._redact.redact` here, line by line and
cell by cell, and every string of a JSON document too: secrets masked, control characters
escaped. The only escape sequences that reach the terminal are the colours of
:class:`Style`; a JSON document has no character that ``str.isprintable`` refuses outside
its line breaks (any left is written ``\\uXXXX``). The language is
``--lang``, else the first non-empty of ``LC_ALL``, ``LC_MESSAGES``, ``LANG``: a value
starting with ``zh`` means Chinese, anything else English.
"""

from __future__ import annotations

import argparse
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple, TextIO

from ._redact import redact, redact_document
from ._texts import LANGS, text

__all__ = [
    "BOLD",
    "GREEN",
    "RED",
    "SCHEMA_VERSION",
    "YELLOW",
    "Cell",
    "Context",
    "Style",
    "colour_enabled",
    "columns",
    "heading",
    "lang_arg",
    "lang_from_env",
    "say",
]

#: The ``schema_version`` of every ``--json`` document (``docs/json.md``).
SCHEMA_VERSION = 1


def say(lang: str, key: str, **fields: object) -> str:
    """One of the command line's own texts (the ``cli:`` keys of :mod:`agroutes._texts`)."""
    return text(lang, f"cli:{key}", **fields)


def lang_from_env(environ: Mapping[str, str]) -> str:
    """The language the locale asks for: POSIX precedence, the first non-empty one wins.

    >>> lang_from_env({"LANG": "zh_CN.UTF-8"}), lang_from_env({"LC_ALL": "C", "LANG": "zh_CN"})
    ('zh', 'en')
    """
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def lang_arg(value: str) -> str:
    """``--lang`` accepts ``zh``, ``zh-CN``, ``zh_TW``, ``en-US``...: the language part counts."""
    lang = value.strip().lower().replace("_", "-").split("-")[0]
    if lang not in LANGS:
        raise argparse.ArgumentTypeError(
            f"unknown language {value!r}; choose one of {', '.join(LANGS)}"
        )
    return lang


GREEN = "32"
RED = "31"
YELLOW = "33"
BOLD = "1"


@dataclass(frozen=True, slots=True)
class Style:
    """ANSI styling that is a no-op when colour is off."""

    enabled: bool

    def paint(self, sgr: str, text: str) -> str:
        if not self.enabled or not sgr or not text:
            return text
        return f"\x1b[{sgr}m{text}\x1b[0m"


def colour_enabled(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Colour only on a terminal, never with ``NO_COLOR`` (non-empty) or ``TERM=dumb``."""
    if environ.get("NO_COLOR", "") or environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty is not None and isatty())


class Cell(NamedTuple):
    text: str
    sgr: str = ""


def _width(text: str) -> int:
    """Terminal columns: CJK characters take two, which ``str.ljust`` does not know."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def columns(rows: Sequence[Sequence[Cell]], style: Style) -> list[str]:
    """Align ``rows`` in columns two spaces apart; the last column is not padded.

    Each cell is made safe before it is measured, so that an escape keeps its column.
    """
    safe = [[Cell(redact(cell.text), cell.sgr) for cell in row] for row in rows]
    widths = [max(_width(row[i].text) for row in safe) for i in range(len(safe[0]))]
    lines = []
    for row in safe:
        parts = []
        for i, cell in enumerate(row):
            pad = "" if i == len(row) - 1 else " " * (widths[i] - _width(cell.text))
            parts.append(style.paint(cell.sgr, cell.text) + pad)
        lines.append("  ".join(parts).rstrip())
    return lines


def heading(lang: str, *keys: str) -> list[Cell]:
    return [Cell(say(lang, key), BOLD) for key in keys]


@dataclass(frozen=True, slots=True, kw_only=True)
class Context:
    """What every command needs: where to write, in which language, with what colours."""

    out: TextIO
    lang: str
    json: bool
    style: Style
    #: The environment the command runs in (``probe --api-key-env`` reads a key from it).
    environ: Mapping[str, str] = field(default_factory=dict)

    def lines(self, lines: Sequence[str]) -> None:
        """Write ``lines``, each made safe; with colour on, :class:`Style`'s own colours stay."""
        self.out.write("\n".join(map(self._safe, lines)) + "\n")

    def _safe(self, line: str) -> str:
        if not self.style.enabled or "\x1b" not in line:
            return redact(line)
        parts = _OWN_SGR.split(line)  # the colours are the odd parts
        return "".join(part if i % 2 else redact(part) for i, part in enumerate(parts))

    def document(self, command: str, body: Mapping[str, object]) -> None:
        head: dict[str, object] = {
            "schema_version": SCHEMA_VERSION,
            "command": command,
            "lang": self.lang,
        }
        # Raw UTF-8 where the stream takes it; \uXXXX escapes otherwise, so that a stream
        # that cannot encode a character still gets valid JSON (not a backslash-replaced one).
        encoding = (getattr(self.out, "encoding", None) or "utf-8").lower().replace("_", "-")
        raw = encoding.startswith("utf")
        doc = json.dumps(redact_document({**head, **body}), ensure_ascii=not raw, indent=2)
        if not doc.replace("\n", "").isprintable():
            doc = _NOT_PRINTABLE_JSON.sub(_json_escape, doc)
        self.out.write(doc + "\n")


# The colours Style.paint writes (GREEN, RED, YELLOW, BOLD, "31;1", "33;1" and the reset).
_OWN_SGR = re.compile(r"(\x1b\[(?:0|1|3[123](?:;1)?)m)")
# json.dumps(ensure_ascii=False) escapes only C0 controls; C1, separators, bidi and format
# characters would reach the terminal raw. Candidates are checked with str.isprintable.
_NOT_PRINTABLE_JSON = re.compile(r"[^\x20-\x7e\n]+")


def _json_escape(match: re.Match[str]) -> str:
    run = match.group()
    if run.isprintable():
        return run
    out = []
    for ch in run:
        if ch.isprintable():
            out.append(ch)
            continue
        data = ch.encode("utf-16-be", "surrogatepass")  # two code units above U+FFFF
        out.extend(
            f"\\u{int.from_bytes(data[i : i + 2], 'big'):04x}" for i in range(0, len(data), 2)
        )
    return "".join(out)
