"""Layer 5: the ``agroutes`` command line (``python -m agroutes`` runs the same thing).

Synopsis::

    agroutes [--json] [--lang {en,zh}] COMMAND ...

    agroutes check BASE_URL [--client CLIENT]... [--client-file FILE]... [--routes ID|FILE]
                   [--operation NAME]...
    agroutes explain PATH [--method METHOD] [--routes ID|FILE]
    agroutes clients
    agroutes routes [ID|FILE]
    agroutes probe BASE_URL [--client CLIENT]... [--routes ID|FILE] [--api-key-env NAME]
                   [--timeout SECONDS]

``--json`` and ``--lang`` are accepted before or after the command.

``check`` predicts what each client sends for ``BASE_URL``, whether the proxy routes it,
and the corrected Base URL (or the client setting or mode that works). With no
``--client``, every built-in client is checked and the answer is a compact table, one line
per client: which of my tools work with this URL? ``explain`` works backwards from a path
seen in a proxy log. ``clients`` and ``routes`` list what is built in. ``probe`` asks
the running proxy (:mod:`agroutes.live`): is it up, which proxy is it, does it want a key,
are the client's own requests routed, and does the corrected Base URL route them.

CLIENT is ``ID[:NAME=VALUE[,NAME=VALUE]...]``: a client id or alias, then optionally a
colon and the path-changing settings to apply, e.g. ``google-genai:api_version=v1beta``
or ``gemini-cli:model=gemini-2.5-pro,api_version=v1beta``. ``NAME=`` sets the empty
string. ``agroutes clients`` lists the ids, aliases and settings.

``--client-file`` adds a client declared as data (JSON or TOML, see
:mod:`agroutes._clientdata`). ``--operation`` (``list-models``, ``responses``, ...) checks
only those requests of each client; with no client given, only the built-in clients that
send them all are checked.

``--routes`` takes a preset id (``agroutes routes`` lists them; default ``antigravity``)
or the path of a route table file (JSON or TOML, see :mod:`agroutes._tabledata`). A value
that contains ``/`` or ends in ``.json`` or ``.toml`` is a file; write ``./NAME`` for a
file whose name has neither.

Exit status, as linters use it: 0 when everything checked is fine (and for ``clients``
and ``routes``); 1 when a problem was found (in the all-clients table: when any client
has one); 2 for bad usage or input (an invalid Base URL, an unknown client or table, a
bad setting). Errors are one line on stderr, ``agroutes: error: <message>``, with a
suggestion when there is one; nothing is written to stdout then, also under ``--json``.

Output that cannot be written is an error too, never a traceback: standard output closed
(``>&-``), full (``>/dev/full``) or failing is exit status 2 with one line on stderr (when
stderr itself can be written); the reader of a pipe leaving (``| head -1``) ends the
command quietly with 141, the status of a command killed by SIGPIPE, as ``yes | head``
gives. A stream whose encoding cannot write a character (``LC_ALL=C PYTHONUTF8=0`` and
Chinese, or an undecodable byte of an argument) gets it escaped (``\u4e2d``), not a crash.

Language: ``--lang``, else the first non-empty of ``LC_ALL``, ``LC_MESSAGES``, ``LANG``;
a value starting with ``zh`` means Chinese, anything else English. Problem kinds, ids
and URLs are never translated.

Colour: only when stdout is a terminal, ``TERM`` is not ``dumb`` and ``NO_COLOR`` is
unset or empty (https://no-color.org). ``--json`` output is never coloured.

No output, error message included, shows a secret: userinfo, ``key=``/``token=`` query
values and ``sk-…``/``AIza…`` tokens are masked as ``***``.

The ``--json`` documents are described in ``docs/json.md``.
"""

from __future__ import annotations

import argparse
import errno
import io
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, NoReturn, TextIO

from . import __version__
from ._cli_commands import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    cmd_check,
    cmd_clients,
    cmd_explain,
    cmd_routes,
)
from ._cli_output import Context, Style, colour_enabled, lang_arg, lang_from_env
from ._errors import AgroutesError, InvalidClientSetting, UnknownClient, UnknownRouteTable
from ._redact import redact

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

__all__ = ["build_parser", "run"]

_DEFAULT_TABLE = "antigravity"


class _Parser(argparse.ArgumentParser):
    """argparse, but errors are raised (then redacted and printed once) instead of exiting,
    and ``--help`` and ``--version`` go to the command's own output, failures included."""

    def __init__(self, *args: object, output: TextIO | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.output = output

    def error(self, message: str) -> NoReturn:
        # argparse quotes the user's words back ("unrecognized arguments: sk-..."): mask
        # them, and clip them (an argument can be 128 kB).
        raise UsageError(_clip(redact(message)), usage=self.format_usage())

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        # argparse writes help and version to sys.stdout and ignores a failed write (exit
        # 0 into /dev/full); here they go where the command writes, and a failure is an
        # OSError that run() reports.
        if not message:
            return
        if file is None or file is sys.stdout:
            _output(self.output).write(message)
        else:
            file.write(message)


_CLIENT_HELP = (
    "a client id or alias, optionally with settings: ID[:NAME=VALUE,...], e.g. "
    "google-genai:api_version=v1beta (repeatable; default: every built-in client)"
)
_ROUTES_HELP = "a route table preset id or a .json/.toml table file (default: %(default)s)"
_CHECK_EXAMPLES = """examples:
  agroutes check http://127.0.0.1:8045/v1
  agroutes check http://127.0.0.1:8045 --client claude-code --client openai-sdk
  agroutes check http://127.0.0.1:8045 --client google-genai:api_version=v1beta
  agroutes check http://127.0.0.1:8045/v1 --routes antigravity@3.3.50 --json"""
_EXPLAIN_EXAMPLES = """examples:
  agroutes explain /v1/v1/messages
  agroutes explain /v1/chat/completions/responses --origin http://192.168.1.5:8045
  agroutes explain /v1/messages --method GET"""

_PROBE_EXAMPLES = """examples:
  agroutes probe http://127.0.0.1:8045/v1 --client claude-code
  agroutes probe http://127.0.0.1:8317 --client codex --api-key-env CLIPROXY_KEY
  agroutes probe http://localhost:4000 --client openai-python --routes litellm --json"""


def _add_global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    # The same options on the main parser and on every command, so that they work before
    # or after the command; on the commands they default to "absent" so that they do not
    # overwrite a value given before the command.
    parser.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS if suppress else False,
        help="print one JSON document (schema_version 1) instead of text",
    )
    parser.add_argument(
        "--lang",
        type=lang_arg,
        default=argparse.SUPPRESS if suppress else None,
        metavar="{en,zh}",
        help="language of the text (default: from LC_ALL, LC_MESSAGES or LANG)",
    )


def build_parser(*, output: TextIO | None = None) -> argparse.ArgumentParser:
    """The argument parser of the ``agroutes`` command (``--help`` and ``--version`` write
    to ``output``, default ``sys.stdout``)."""
    common = _Parser(add_help=False)
    _add_global_options(common, suppress=True)
    parser = _Parser(
        output=output,
        prog="agroutes",
        description="Is my AI client's Base URL right for my local proxy? Checked offline.",
        epilog="Exit status: 0 all good, 1 a problem found, 2 bad usage or input.",
    )
    _add_global_options(parser, suppress=False)
    parser.add_argument("--version", action="version", version=f"agroutes {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser(
        "check",
        output=output,
        parents=[common],
        help="what each client sends for a Base URL, and the Base URL to use instead",
        description="Check BASE_URL for the given clients, or for every built-in client.",
        epilog=_CHECK_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    check.add_argument("base_url", metavar="BASE_URL", help="the Base URL given to the client")
    check.add_argument(
        "--client", "-c", action="append", default=[], metavar="CLIENT", help=_CLIENT_HELP
    )
    check.add_argument(
        "--client-file",
        action="append",
        default=[],
        metavar="FILE",
        help="a client declared as data (JSON or TOML); repeatable",
    )
    check.add_argument(
        "--routes", "-r", default=_DEFAULT_TABLE, metavar="ID|FILE", help=_ROUTES_HELP
    )
    check.add_argument(
        "--operation",
        "-o",
        action="append",
        default=None,
        metavar="NAME",
        help="check only this operation of each client (list-models, responses, ...); repeatable",
    )

    explain = commands.add_parser(
        "explain",
        output=output,
        parents=[common],
        help="why a path seen in a proxy log is not routed, and the Base URL to fix",
        description="Explain PATH, as seen in a proxy's log, against a route table.",
        epilog=_EXPLAIN_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    explain.add_argument("path", metavar="PATH", help="the request target or the whole URL")
    explain.add_argument(
        "--method", "-m", default="POST", help="the request's method (default: %(default)s)"
    )
    explain.add_argument(
        "--routes", "-r", default=_DEFAULT_TABLE, metavar="ID|FILE", help=_ROUTES_HELP
    )
    explain.add_argument(
        "--origin",
        help="the proxy's scheme://host:port, shown in the Base URLs to use "
        "(default: the URL's own, else the table's default, such as http://127.0.0.1:8045)",
    )
    explain.add_argument(
        "--client",
        "-c",
        action="append",
        default=[],
        help="only look for these clients among the senders (syntax as for check)",
    )

    commands.add_parser(
        "clients",
        output=output,
        parents=[common],
        help="the built-in clients, with their verified versions",
    )
    routes = commands.add_parser(
        "routes",
        output=output,
        parents=[common],
        help="the built-in route tables, or one table's routes",
    )
    routes.add_argument(
        "table", nargs="?", metavar="ID|FILE", help="a preset id or a table file to list"
    )

    live = commands.add_parser(
        "probe",
        output=output,
        parents=[common],
        help="the live checks on the running proxy, and the correction confirmed there",
        description="Probe the proxy at BASE_URL: reachability, health, which proxy, auth, "
        "and each client's own requests. Requests go to BASE_URL's host and port only "
        "(at most 30, in at most 8 x --timeout seconds); a POST carries {}, never a "
        "valid request.",
        epilog=_PROBE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    live.add_argument("base_url", metavar="BASE_URL", help="the Base URL given to the client")
    live.add_argument(
        "--client",
        "-c",
        action="append",
        default=[],
        metavar="CLIENT",
        help="send this client's own requests, as for check (repeatable; default: none, "
        "only the proxy itself is checked)",
    )
    live.add_argument(
        "--client-file", action="append", default=[], metavar="FILE", help="a client as data"
    )
    live.add_argument(
        "--routes",
        "-r",
        default=None,
        metavar="ID|FILE",
        help="the proxy's table (default: guessed from its answers)",
    )
    live.add_argument(
        "--api-key-env",
        metavar="NAME",
        help="send the key held in this environment variable (never printed)",
    )
    live.add_argument(
        "--timeout",
        type=_seconds,
        default=2.0,
        metavar="SECONDS",
        help="per request (default: %(default)s)",
    )
    return parser


def _seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not 0.05 <= seconds <= 60:
        raise argparse.ArgumentTypeError(f"from 0.05 to 60 seconds, not {value!r}")
    return seconds


def _cmd_probe(args: argparse.Namespace, ctx: Context) -> int:
    # Imported here, not at the top: the live layer sits above the command line, and the
    # other commands should not load sockets, TLS and http.client for nothing.
    from ._cli_probe import cmd_probe  # noqa: PLC0415

    return cmd_probe(args, ctx)


_COMMANDS: Mapping[str, Callable[[argparse.Namespace, Context], int]] = {
    "check": cmd_check,
    "explain": cmd_explain,
    "clients": cmd_clients,
    "routes": cmd_routes,
    "probe": _cmd_probe,
}


def run(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    environ: Mapping[str, str] | None = None,
) -> int:
    """Run the ``agroutes`` command with ``argv``; return the exit status (0, 1 or 2; 141
    when the reader of a pipe left, 130 on Ctrl-C).

    >>> run(["check", "http://127.0.0.1:8045", "--client", "claude-code", "--lang", "en"])
    claude-code with Base URL http://127.0.0.1:8045 on antigravity@4.5.8: OK
      POST /v1/messages?beta=true  ->  routed to POST /v1/messages
    0
    """
    # sys.stdout and sys.stderr are None when the process started with them closed (>&-).
    out = _output(sys.stdout if stdout is None else stdout)
    err = sys.stderr if stderr is None else stderr
    env = os.environ if environ is None else environ
    _tolerate_unencodable(out)
    _tolerate_unencodable(err)
    try:
        return _run(argv, out, err, env)
    except BrokenPipeError:  # `agroutes routes antigravity | head`: the reader left
        _abandon(out)
        return EXIT_BROKEN_PIPE
    except OSError as exc:  # nothing else does I/O: the output could not be written
        _abandon(out)
        reason = exc.strerror or type(exc).__name__
        _say(err, _error_line(f"cannot write the output: {reason}"))
        return EXIT_USAGE
    except KeyboardInterrupt:
        _say(err, "\n")
        return EXIT_INTERRUPTED


def _run(
    argv: Sequence[str] | None, out: TextIO, err: TextIO | None, env: Mapping[str, str]
) -> int:
    try:
        args = build_parser(output=out).parse_args(argv)
        ctx = Context(
            out=out,
            lang=args.lang or lang_from_env(env),
            json=args.json,
            style=Style(not args.json and colour_enabled(out, env)),
            environ=env,
        )
        status = _COMMANDS[args.command](args, ctx)
        out.flush()
    except UsageError as exc:
        _say(err, exc.usage + _error_line(str(exc)))
        return EXIT_USAGE
    except AgroutesError as exc:  # bad input: one line, never a traceback
        _say(err, _error_line(_input_error_message(exc)))
        return EXIT_USAGE
    except SystemExit as exc:  # --help and --version end here, after printing
        out.flush()
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    return status


def _error_line(message: str) -> str:
    # One line, and not a huge one: some messages quote an argument, which can be 128 kB.
    return f"agroutes: error: {redact(_clip(message, 1000))}\n"


def _input_error_message(exc: Exception) -> str:
    """The error's own message, with what the user typed masked and a pointer to the lists.

    Messages that agroutes already masks are kept as they are: masking a masked text again
    would eat the quote after a ``key=***``.
    """
    if isinstance(exc, UnknownClient | UnknownRouteTable):
        # The name is quoted back verbatim, so a pasted key would be shown: mask just it.
        message = str(exc).replace(repr(exc.name), repr(redact(exc.name)))
        listing = "clients" if isinstance(exc, UnknownClient) else "routes"
        return f"{message} (run 'agroutes {listing}' for the list)"
    if isinstance(exc, InvalidClientSetting):
        return redact(str(exc))  # quotes the setting name and value as typed
    return str(exc)


def _clip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


class _Closed(io.StringIO):
    """Standard output when the process started with it closed: every write fails."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")


def _output(stream: TextIO | None) -> TextIO:
    return _Closed() if stream is None else stream


def _say(stream: TextIO | None, text: str) -> None:
    """Write to stderr if it can be written; if not, there is no one left to tell."""
    if stream is None:
        return
    try:
        stream.write(text)
        stream.flush()
    except OSError:
        _abandon(stream)


def _tolerate_unencodable(stream: TextIO | None) -> None:
    """On a stream that cannot encode a character (Chinese under ``LC_ALL=C
    PYTHONUTF8=0`` or ``PYTHONIOENCODING=ascii``; a lone surrogate, the undecodable byte of
    an argument, anywhere but in UTF-8), write it escaped instead of crashing.
    ``surrogateescape`` (Python's choice in the C locale) would write Chinese as an error."""
    if isinstance(stream, io.TextIOWrapper) and stream.errors in ("strict", "surrogateescape"):
        stream.reconfigure(errors="backslashreplace")


def _abandon(stream: TextIO | None) -> None:
    """Nothing more can be written to ``stream``. If it is the process's own stdout or
    stderr, point its descriptor at /dev/null: Python flushes both once more at exit, and
    a failure then would print "Exception ignored" and make the status 120."""
    if stream is None or stream not in (sys.stdout, sys.stderr):
        return
    try:
        fd = stream.fileno()
    except (OSError, ValueError):  # not a real file (pytest's capture, a StringIO)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
