"""Fuzz every agroutes entry point that takes a string; anything but a typed error is a crash.

Run it (atheris from PyPI; ``pip install atheris``)::

    python fuzz/fuzz_diagnose.py                       # one bounded minute, as .ci/run does
    python fuzz/fuzz_diagnose.py -max_total_time=600 my-corpus/

Without a corpus directory on the command line, the fuzzer starts from the
web-platform-tests URL suite beside this file (``wpt-urltestdata.json``, BSD-3-Clause,
the same inputs ``tests/test_hostile.py`` replays), kept with what libFuzzer adds in
``$TMPDIR/agroutes-fuzz/corpus/``. The first byte of an input picks the
entry point and a prefix (none, ``http://``, a Base URL, a userinfo); the rest, decoded as
UTF-8 with ``surrogateescape`` so that any bytes (lone surrogates included) make a str, is
fed to it as a Base URL, path, method, id, pattern, setting or command-line argument, as a
route table document (JSON or TOML) or as an upstream body (the raw bytes too).
Defaults, each overridable on the command line: ``-max_total_time=60``, ``-timeout=10``
(a slow input is a bug too), ``-max_len=4096``, ``-rss_limit_mb=2048``; crashes are
written to ``$TMPDIR/agroutes-fuzz/`` unless ``-artifact_prefix=`` says otherwise.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import tempfile
from pathlib import Path

import atheris  # type: ignore[import-untyped]  # no stubs on PyPI

with atheris.instrument_imports(include=["agroutes"]):
    import agroutes
    import agroutes.profiles
    import agroutes.tables
    from agroutes._cli import run as cli_run

#: What a public function may raise for a str argument: agroutes' own errors, all of them.
TYPED: tuple[type[Exception], ...] = (agroutes.AgroutesError,)
PREFIXES = ("", "http://", "http://127.0.0.1:8045", "http://127.0.0.1:8045/v1", "http://u:p@h")
CLIENTS = tuple(agroutes.profiles.BUILTIN_CLIENTS)
TABLE = agroutes.route_table("antigravity")
HERE = Path(__file__).resolve().parent
DEFAULTS = ("-max_total_time=60", "-timeout=10", "-max_len=4096", "-rss_limit_mb=2048")


def _print_all(*objects: object) -> None:
    """An answer counts only if every printed form of it works too."""
    for obj in objects:
        str(obj)
        repr(obj)
        explain = getattr(obj, "explain", None)
        if callable(explain):
            explain("en")
            explain("zh")
        mapping = getattr(obj, "to_mapping", None)
        if callable(mapping):
            json.dumps(mapping())


def _diagnose(text: str, client: str, routes: str | agroutes.RouteTable = "antigravity") -> None:
    d = agroutes.diagnose(text, client, routes=routes)
    _print_all(d, *d.requests, *d.problems, *d.suggestions, d.base_url.url)
    json.dumps(d.to_mapping())


def _setting(text: str, which: int) -> None:
    client, name = (("google-genai", "api_version"), ("gemini-cli", "model"))[which % 2]
    profile = agroutes.client(client, **{name: text})
    for base in ("http://127.0.0.1:8045", "http://127.0.0.1:8045/v1beta?x=1"):
        d = agroutes.diagnose(base, profile)
        _print_all(d, *d.requests, *d.problems, *d.suggestions)


def _cli(argv: list[str]) -> None:
    status = cli_run(argv, stdout=io.StringIO(), stderr=io.StringIO(), environ={})
    if status not in (0, 1, 2):
        raise AssertionError(f"exit status {status!r} for {argv!r}")


def _table(text: str, raw: bytes, pick: int) -> None:
    """A route table document: JSON as text or bytes, or TOML; the table must print too."""
    if pick % 3 == 0:
        table = agroutes.tables.table_from_json(text)
    elif pick % 3 == 1:
        table = agroutes.tables.table_from_json(raw)
    else:
        table = agroutes.tables.table_from_toml(text)
    json.dumps(agroutes.tables.table_to_data(table))
    _diagnose("http://127.0.0.1:8045/v1", CLIENTS[pick % len(CLIENTS)], table)


def _call(selector: int, text: str, raw: bytes) -> None:
    kind = selector % 18
    pick = selector // 18
    if kind == 0:
        _print_all(agroutes.parse_base_url(text))
    elif kind == 1:
        requests = agroutes.resolve(text, CLIENTS[pick % len(CLIENTS)])
        _print_all(*requests, *(r.url for r in requests))
    elif kind in (2, 3, 4):
        _diagnose(text, CLIENTS[(pick + kind) % len(CLIENTS)])
    elif kind == 5:
        _print_all(TABLE.match(("GET", "POST", text)[pick % 3], text))
    elif kind == 6:
        _print_all(agroutes.client(text), agroutes.route_table(text))
    elif kind == 7:
        agroutes.redact(text)
    elif kind == 8:
        _print_all(agroutes.tables.Route(pattern=text, methods=frozenset({"GET", text[:8]})))
    elif kind == 9:
        _print_all(TABLE.mount(text))
    elif kind == 10:
        _setting(text, pick)
    elif kind == 11:
        _print_all(agroutes.diagnose_path(("POST", "GET")[pick % 2], text))
    elif kind == 12:
        _print_all(agroutes.triage((404, 405, 401, 200)[pick % 4], text, body=text))
    elif kind == 13:
        _print_all(agroutes.suggest_rewrite("POST", text))
    elif kind == 14:
        _cli(["--json", "check", text] if pick % 2 else ["explain", text])
    elif kind == 15:
        _table(text, raw, pick)
    elif kind == 16:
        _print_all(agroutes.triage((404, 400, 200)[pick % 3], "/v1/messages", body=raw))
    else:
        _diagnose(text, CLIENTS[pick % len(CLIENTS)])


def test_one_input(data: bytes) -> None:
    if not data:
        return
    selector = data[0]
    # Any bytes make a str: invalid UTF-8 becomes lone surrogates (U+DC80-U+DCFF).
    text = PREFIXES[selector % len(PREFIXES)] + data[1:].decode("utf-8", "surrogateescape")
    with contextlib.suppress(*TYPED):
        _call(selector, text, data[1:])


def _seed_corpus(work: Path) -> str:
    """The corpus directory, seeded with every WPT string behind a few selectors.

    It lives on between runs, with what libFuzzer adds to it: the next run starts there.
    """
    seeds = work / "corpus"
    seeds.mkdir(parents=True, exist_ok=True)
    cases = json.loads((HERE / "wpt-urltestdata.json").read_text(encoding="utf-8"))
    texts = {
        value
        for case in cases
        if isinstance(case, dict)
        for key in ("input", "base")
        if isinstance(value := case.get(key), str)
    }
    for index, text in enumerate(sorted(texts)):
        body = text.encode("utf-8", "surrogatepass")
        for selector in (index % 251, (index * 7 + 3) % 251):
            (seeds / f"wpt-{index}-{selector}").write_bytes(bytes([selector]) + body)
    return str(seeds)


def main(argv: list[str]) -> None:
    options = [a for a in argv[1:] if a.startswith("-")]
    given = {a.split("=", 1)[0] for a in options}
    extra = [d for d in DEFAULTS if d.split("=", 1)[0] not in given]
    work = Path(tempfile.gettempdir()) / "agroutes-fuzz"
    work.mkdir(exist_ok=True)
    if "-artifact_prefix" not in given:
        extra.append(f"-artifact_prefix={work}/")
    corpus = [] if any(not a.startswith("-") for a in argv[1:]) else [_seed_corpus(work)]
    atheris.Setup([argv[0], *argv[1:], *extra, *corpus], test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
