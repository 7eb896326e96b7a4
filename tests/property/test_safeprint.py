"""Safe print: no text agroutes writes shows a secret or a raw control character.

An adversarial sweep (issues 12 and 18). Secrets of every shape agroutes promises to mask
(userinfo, secret-named parameter values, ``sk-``/``sk-ant-``/``AIza``/JWT/GitHub/bearer
tokens, long high-entropy segments), raw and encoded (percent-encoded, folded into another
parameter as claude-code and gemini-cli re-encode it, doubly encoded, JSON-escaped), and
control characters (ESC sequences, CR, BS, VT/FF, C1, line separators, bidi overrides) are
put in every position a user pastes them: the Base URL's userinfo, path, query and
fragment, a client setting, a path from a proxy log (its path, query and method), the
``--origin``, an upstream error body, a client, table or setting name, and a route table
file. Every rendering is then checked: ``str``, ``repr``, ``explain`` in English and
Chinese, ``message``, ``label()``, ``to_mapping()`` as JSON, of every result object reached
from the answer (requests, matches, problems, suggestions, senders, meant routes,
profiles), every error's ``str``, ``repr`` and ``.args``, and the command line's stdout
and stderr in both languages, with and without ``--json``, coloured and not.

A secret leaks when any eight characters in a row of its random part appear in a rendering,
also after the rendering is percent-decoded or unescaped. A control character leaks when a
rendering holds any character that ``str.isprintable`` refuses, other than agroutes' own
line breaks and, on a terminal, its own colours.
"""

from __future__ import annotations

import io
import json
import random
import re
import string
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields, is_dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agroutes import (
    AgroutesError,
    RouteTable,
    client,
    diagnose,
    diagnose_path,
    parse_base_url,
    resolve,
    route_table,
    suggest_rewrite,
    triage,
)
from agroutes._cli import run as cli_run
from agroutes.tables import table_from_data

Texts = Iterator[tuple[str, str]]

# --- every rendering of an answer --------------------------------------------------------------


def _agroutes_object(value: object) -> bool:
    module = type(value).__module__ or ""
    return module.startswith("agroutes") and not isinstance(value, RouteTable | type)


def object_texts(obj: object, seen: set[int] | None = None, depth: int = 0) -> Texts:
    """Every text of ``obj`` and of the result objects reachable from it."""
    seen = set() if seen is None else seen
    if id(obj) in seen or depth > 6:
        return
    seen.add(id(obj))
    name = type(obj).__name__
    yield f"{name} str", str(obj)
    yield f"{name} repr", repr(obj)
    for attr in ("explain", "label", "to_mapping", "message"):
        value = getattr(obj, attr, None)
        if value is None or isinstance(value, type):
            continue
        if attr == "explain":
            for lang in ("en", "zh"):
                yield f"{name} explain {lang}", value(lang)
        elif attr == "to_mapping":
            yield f"{name} to_mapping", json.dumps(value(), ensure_ascii=False)
        elif attr == "label":
            yield f"{name} label", value()
        elif isinstance(value, str):
            yield f"{name} message", value
    if not is_dataclass(obj):
        return
    for f in fields(obj):
        value = getattr(obj, f.name)
        items = value if isinstance(value, tuple) else (value,)
        for item in items:
            if _agroutes_object(item) and not isinstance(item, str | int):
                yield from object_texts(item, seen, depth + 1)


def error_texts(exc: BaseException, *, attributes: bool = True) -> Texts:
    name = type(exc).__name__
    yield f"{name} str", str(exc)
    yield f"{name} repr", repr(exc)
    for i, arg in enumerate(exc.args):
        if isinstance(arg, str):
            yield f"{name} args[{i}]", arg
    if not attributes:
        return
    for attr in ("text", "hint", "reason"):  # texts, masked, in the errors agroutes raises
        value = getattr(exc, attr, None)
        if isinstance(value, str):
            yield f"{name}.{attr}", value


def call_texts(call: Callable[[], object]) -> Texts:
    try:
        result = call()
    except AgroutesError as exc:
        yield from error_texts(exc)
        return
    results = result if isinstance(result, tuple) else (result,)
    for item in results:
        if item is not None:
            yield from object_texts(item)


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def cli_texts(argv: list[str]) -> Texts:
    """stdout and stderr of the command, en and zh, text and --json, and coloured."""
    variants = [
        (lang, json_flag, False) for lang in ("en", "zh") for json_flag in (False, True)
    ] + [("en", False, True)]
    for lang, json_flag, colour in variants:
        out = _Terminal() if colour else io.StringIO()
        err = io.StringIO()
        args = [*(["--json"] if json_flag else []), "--lang", lang, *argv]
        env = {"TERM": "xterm"} if colour else {}
        cli_run(args, stdout=out, stderr=err, environ=env)
        tag = f"cli {argv[0]} {lang}{' json' if json_flag else ''}{' colour' if colour else ''}"
        yield f"{tag} stdout", out.getvalue()
        yield f"{tag} stderr", err.getvalue()


# --- positions: where a user puts what they paste -----------------------------------------------

ORIGIN = "http://127.0.0.1:8045"
SOME_CLIENTS = ("openai-python", "claude-code", "gemini-cli", "google-genai", "codex")


def base_url_texts(url: str) -> Texts:
    """Every function and command that takes a Base URL."""
    yield from call_texts(lambda: parse_base_url(url))
    for c in SOME_CLIENTS:
        yield from call_texts(partial(diagnose, url, c))
        yield from call_texts(partial(resolve, url, c))
    yield from call_texts(lambda: diagnose(url, "openai-python", routes="new-api"))
    yield from cli_texts(["check", url])
    yield from cli_texts(["check", url, "--client", "claude-code", "--client", "gemini-cli"])


def logged_path_texts(target: str, method: str = "POST") -> Texts:
    """Every function and command that takes a path from a proxy log."""
    yield from call_texts(lambda: diagnose_path(method, target))
    yield from call_texts(lambda: diagnose_path(method, target, routes="cliproxyapi"))
    yield from call_texts(lambda: suggest_rewrite(method, target))
    yield from call_texts(lambda: triage(404, target, body=b"", method=method))
    yield from call_texts(lambda: triage(401, target, method=method))
    yield from cli_texts(["explain", target, "--method", method])


def _diagnose_with(client_id: str, name: str, value: str) -> object:
    return diagnose(ORIGIN + "/v1", client(client_id, **{name: value}))


def setting_texts(name: str, value: str) -> Texts:
    for c in ("gemini-cli", "google-genai"):
        yield from call_texts(partial(client, c, **{name: value}))
        yield from call_texts(partial(_diagnose_with, c, name, value))
    yield from call_texts(
        lambda: diagnose_path(
            "POST", "/v1/v1/models/x:generateContent", clients=[client("gemini-cli", model=value)]
        )
    )
    yield from cli_texts(["check", ORIGIN, "--client", f"google-genai:{name}={value}"])
    yield from cli_texts(["explain", "/v1/v1/messages", "--client", f"gemini-cli:{name}={value}"])


def body_texts(body: str) -> Texts:
    for status in (404, 400, 200):
        yield from call_texts(partial(triage, status, "/v1/messages", body=body))
        yield from call_texts(partial(triage, status, "/v1/v1/messages", body=body.encode()))


def name_texts(name: str) -> Texts:
    """A client, table, setting or method name: unknown ones are errors quoting them."""
    yield from call_texts(lambda: client(name))
    yield from call_texts(lambda: route_table(name))
    yield from call_texts(lambda: client("codex", **{name: "x"}))
    yield from call_texts(lambda: diagnose_path(name, "/v1/models"))
    yield from cli_texts(["check", ORIGIN, "--client", name])
    yield from cli_texts(["check", ORIGIN, "--routes", name.replace("/", "")])  # an id, not a file
    yield from cli_texts(["explain", "/v1", "--method", name])
    yield from cli_texts(["check", ORIGIN, name])  # argparse: unrecognized arguments


def table_texts(text: str) -> Texts:
    """A route table from a file: its id, title, source and patterns."""
    data = {
        "id": f"t{text}",
        "title": f"T{text}",
        "source": f"s{text}",
        "routes": [
            {"methods": "POST", "pattern": f"/v1/{text}/chat/completions", "source": text},
            {"methods": "POST", "pattern": "/v1/chat/completions", "protocol": "openai"},
        ],
    }
    yield from call_texts(lambda: table_from_data(data))
    try:
        table = table_from_data(data)
    except AgroutesError:
        return
    yield from call_texts(lambda: diagnose(ORIGIN, "openai-python", routes=table))
    yield from call_texts(lambda: diagnose_path("POST", f"/v1/{text}/chat", routes=table))
    yield from call_texts(lambda: table.match("POST", f"/v1/{text}/chat/completions"))
    yield from call_texts(lambda: triage(404, "/v1/v1/chat/completions", routes=table))


# --- secrets ------------------------------------------------------------------------------------

_ALNUM = string.ascii_letters + string.digits
_KEY = _ALNUM + "_-"
_USERINFO = _ALNUM + "-._~!$&'()*+,;="


@dataclass(frozen=True)
class Secret:
    """What is put in the input, and the random parts that must not show."""

    text: str
    parts: tuple[str, ...]


def _body(rng: random.Random, size: int = 20, alphabet: str = _KEY) -> str:
    # At least one letter and one digit, so that no part is a plain word or number.
    body = [rng.choice(alphabet) for _ in range(size - 2)]
    return "".join(body) + rng.choice(string.ascii_letters) + rng.choice(string.digits)


TOKEN_SHAPES = ("sk", "sk-proj", "sk-ant", "aiza", "jwt", "ghp", "hex32", "base62")


def token(shape: str, rng: random.Random) -> Secret:
    body = _body(rng, 24)
    prefix = {
        "sk": "sk-",
        "sk-proj": "sk-proj-",
        "sk-ant": "sk-ant-api03-",
        "aiza": "AIza",
        "ghp": "ghp_",
    }.get(shape)
    if prefix is not None:
        if shape == "ghp":
            body = _body(rng, 30, _ALNUM)
        return Secret(prefix + body, (body,))
    if shape == "jwt":
        parts = (_body(rng, 20, _ALNUM), _body(rng, 30, _ALNUM), _body(rng, 20, _KEY))
        return Secret("eyJ" + ".".join(parts), parts)
    alphabet = "0123456789abcdef" if shape == "hex32" else _ALNUM
    body = _body(rng, 32, alphabet)
    return Secret(body, (body,))


def password(rng: random.Random) -> Secret:
    body = _body(rng, 18, _USERINFO)
    return Secret("Pw" + body, (body,))


#: A secret parameter value, cut by the characters that once cut the mask (issue 18).
VALUE_JOINS = ("", ";", "'", "<", "%26", "%3F", "%3D")


def value(join: str, rng: random.Random) -> Secret:
    a, b = _body(rng, 12, _ALNUM), _body(rng, 12, _ALNUM)
    if not join:
        return Secret("Kv" + a + b, (a + b,))
    return Secret(f"Kv{a}{join}{b}", (a, b))


SECRET_NAMES = ("key", "api_key", "x-goog-api-key", "access_token", "password", "Signature")

#: How a parameter is put in a query: as typed, folded into another parameter's value the way
#: claude-code re-encodes it, doubly encoded, and after ";" (matrix style).
PARAM_FORMS = {
    "plain": "?{name}={value}",
    "after": "?alt=sse&{name}={value}",
    "semicolon": "?x=1;{name}={value}",
    "folded": "?x=%3B{name}%3D{value}",
    "folded-amp": "?x=1%26{name}%3D{value}",
    "double": "?x=%253B{name}%253D{value}",
}
#: How a token is put in a path or query.
TOKEN_FORMS = {
    "segment": "/{token}/v1",
    "glued": "/v1{token}",
    "underscore": "/v1/key_{token}",
    "encoded": "/v1?x=%2F{token}%2Fv1",
    "bearer": "/v1?h=Bearer%20{token}",
    "model": "/v1beta/v1beta/models/{token}:generateContent",
}


def _views(text: str) -> list[str]:
    """The rendering, and what a reader could decode from it."""
    out = [text]
    unescaped = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    unescaped = re.sub(r"\\x([0-9a-fA-F]{2})", lambda m: chr(int(m.group(1), 16)), unescaped)
    unescaped = re.sub(r"\\(.)", r"\1", unescaped)
    for start in (text, unescaped):
        current = start
        for _ in range(3):
            out.append(current)
            current = unquote(current)
    return out


def leaks(secret: Secret, texts: Texts) -> list[str]:
    needles: set[str] = set()
    for part in secret.parts:
        for p in {part, unquote(part), quote(part, safe="")}:
            width = min(8, len(p))
            needles |= {p[i : i + width] for i in range(len(p) - width + 1)}
    pattern = re.compile("|".join(map(re.escape, sorted(needles))))
    found = []
    for name, text in texts:
        hit = next((m for v in _views(text) if (m := pattern.search(v)) is not None), None)
        if hit is not None:
            found.append(f"{name}: {hit.group()!r} in {text[:300]!r}")
    return found


def secret_cases(rng: random.Random) -> Iterator[tuple[str, Secret, Callable[[], Texts]]]:
    """Every (position, secret) pair of the sweep, with the renderings to check."""
    for shape in TOKEN_SHAPES:
        t = token(shape, rng)
        yield f"userinfo-user {shape}", t, partial(base_url_texts, f"http://{t.text}@h:8045/v1")
        for form, template in TOKEN_FORMS.items():
            path = template.format(token=t.text)
            yield f"base-path {form} {shape}", t, partial(base_url_texts, ORIGIN + path)
            yield f"log-path {form} {shape}", t, partial(logged_path_texts, path)
        yield f"setting {shape}", t, partial(setting_texts, "model", t.text)
        yield f"name {shape}", t, partial(name_texts, t.text)
        for kind, body in (
            ("json", json.dumps({"error": {"message": f"Incorrect API key {t.text}"}})),
            ("bearer", json.dumps({"error": f"Authorization: Bearer {t.text} refused"})),
            ("text", f"upstream said: invalid key {t.text}; try again"),
        ):
            yield f"body {kind} {shape}", t, partial(body_texts, body)
    for join in VALUE_JOINS:
        v = value(join, rng)
        for i, (form, template) in enumerate(PARAM_FORMS.items()):
            # Every name in the plain form; in the others, one name each, in turn.
            names = SECRET_NAMES if form == "plain" else SECRET_NAMES[i % len(SECRET_NAMES) :][:1]
            for name in names:
                query = template.format(name=name, value=v.text)
                where = f"{form} {name} {join!r}"
                yield f"base-query {where}", v, partial(base_url_texts, ORIGIN + "/v1" + query)
                yield f"log-query {where}", v, partial(logged_path_texts, "/v1/v1/messages" + query)
        fragment = f"{ORIGIN}/v1#access_token={v.text}"
        yield f"fragment {join!r}", v, partial(base_url_texts, fragment)
        for kind, body in (
            ("json-field", json.dumps({"error": {"message": "no", "api_key": v.text}})),
            ("escaped-amp", '{"error": "bad url /v1?x=1\\u0026key=' + v.text + '"}'),
            ("query", f"GET /v1?key={v.text} 404"),
        ):
            yield f"body {kind} {join!r}", v, partial(body_texts, body)
    # Userinfo, with the characters that must be percent-encoded in it (issue 18: a space,
    # a tab, a newline or an "@" once showed the password's first part in the very error).
    for bad in ("", "\t", " ", "\n", "[", "<", "@", "%40", "\x00"):
        p = password(rng)
        pw = p.text[:10] + bad + p.text[10:] if bad else p.text
        s = Secret(pw, (p.text[2:10], p.text[10:]) if bad else p.parts)
        url = f"http://user:{pw}@127.0.0.1:8045/v1"
        yield f"userinfo-password {bad!r}", s, partial(base_url_texts, url)
        origin = ["explain", "/v1/v1/messages", "--origin", f"http://user:{pw}@h:8045"]
        yield f"origin {bad!r}", s, partial(cli_texts, origin)
        logged = f"http://user:{pw}@h:8045/v1/v1/messages"
        yield f"log-url {bad!r}", s, partial(logged_path_texts, logged)
    p = password(rng)
    yield "userinfo-no-scheme", p, partial(base_url_texts, f"user:{p.text}@localhost:8045/v1")


def test_every_secret_in_every_position_is_masked_in_every_rendering() -> None:
    rng = random.Random(12)  # noqa: S311 - test data, not keys
    found: list[str] = []
    for position, secret, texts in secret_cases(rng):
        found += [f"[{position}] {leak}" for leak in leaks(secret, texts())]
    assert not found, f"{len(found)} leaks:\n" + "\n".join(found[:40])


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), pick=st.integers(0, 10**6))
def test_generated_secrets_are_masked(seed: int, pick: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - test data, not keys
    cases = list(secret_cases(rng))
    position, secret, texts = cases[pick % len(cases)]
    found = leaks(secret, texts())
    assert not found, f"[{position}]\n" + "\n".join(found[:10])


# --- control characters -------------------------------------------------------------------------

#: What a terminal or a log viewer obeys: clear screen, cursor moves, a window title, CR, BS,
#: VT/FF, C1 CSI and NEL, line and paragraph separators, bidi overrides and isolates, and a
#: line feed that would start a forged line.
CONTROLS = {
    "clear": "\x1b[2J\x1b[H",
    "cursor-up": "\x1b[1A\x1b[2K",
    "title": "\x1b]0;owned\x07",
    "cr": "\rSPOOF",
    "bs": "\x08\x08\x08",
    "vt-ff": "\x0b\x0c",
    "csi": "\x9b2J",
    "nel": "\x85SPOOF",
    "lsep": "\u2028SPOOF\u2029",
    "rlo": "\u202eevil",
    "isolates": "\u2066\u2067\u2068\u2069",
    "lf": "\nSPOOF: all good",
    "nul-del": "\x00\x7f",
    "zero-width": "\u200b\ufeff",
}
_OWN_COLOURS = re.compile(r"\x1b\[[0-9;]*m")


def raw_controls(texts: Texts) -> list[str]:
    found = []
    for name, text in texts:
        shown = _OWN_COLOURS.sub("", text) if "colour" in name else text
        bad = [c for c in shown if not c.isprintable() and c != "\n"]
        spoofed = any(line.lstrip().startswith("SPOOF") for line in shown.split("\n"))
        if bad or spoofed:
            found.append(f"{name}: {sorted(set(bad))!r} in {text[:200]!r}")
    return found


def control_cases(payload: str) -> Iterator[tuple[str, Callable[[], Texts]]]:
    body = json.dumps({"error": {"message": f"bad {payload} model"}})
    yield "base-path", partial(base_url_texts, f"{ORIGIN}/v1{payload}")
    yield "base-query", partial(base_url_texts, f"{ORIGIN}/v1?x={payload}")
    yield "base-userinfo", partial(base_url_texts, f"http://u{payload}:p@h:8045/v1")
    yield "base-host", partial(base_url_texts, f"http://h{payload}x:8045/v1")
    yield "log-path", partial(logged_path_texts, f"/v1/v1/{payload}/messages")
    yield "log-query", partial(logged_path_texts, f"/v1/chat/completions/responses?x={payload}")
    yield "log-method", partial(logged_path_texts, "/v1/models", method=f"GET{payload}")
    origin = ["explain", "/v1/v1/messages", "--origin", ORIGIN + payload]
    yield "origin", partial(cli_texts, origin)
    yield "setting", partial(setting_texts, "model", f"m{payload}")
    yield "body", partial(body_texts, body)
    yield "body-text", partial(body_texts, f"upstream {payload} failed")
    yield "name", partial(name_texts, f"x{payload}")
    yield "table", partial(table_texts, payload)


def test_every_control_character_in_every_position_is_escaped() -> None:
    found = []
    for label, payload in CONTROLS.items():
        for position, texts in control_cases(payload):
            found += [f"[{position} {label}] {leak}" for leak in raw_controls(texts())]
    assert not found, f"{len(found)} raw:\n" + "\n".join(found[:40])


@settings(max_examples=60, deadline=None)
@given(
    payload=st.text(
        alphabet=st.characters(categories=["Cc", "Cf", "Zl", "Zp", "Co"]) | st.sampled_from("/?a"),
        min_size=1,
        max_size=6,
    ),
    pick=st.integers(0, 100),
)
def test_generated_control_characters_are_escaped(payload: str, pick: int) -> None:
    cases = list(control_cases(payload))
    position, texts = cases[pick % len(cases)]
    found = raw_controls(texts())
    assert not found, f"[{position}]\n" + "\n".join(found[:10])


# --- leaks in code this sweep does not own: reported, pinned until fixed -----------------------

_SK = "sk-Zq81xLmN0pQr7sTuVw2yA1"


def test_route_str_of_a_user_table_escapes_controls() -> None:
    table = table_from_data([{"methods": "POST", "pattern": "/v1/\x1b[2J/x"}])
    assert "\x1b" not in str(table.routes[0])


def _bad_pattern() -> object:
    return table_from_data([{"methods": "GET", "pattern": "/{x\x1b[2J/" + _SK}])


def _bad_status() -> object:
    return triage(_SK, "/v1")  # type: ignore[arg-type]


@pytest.mark.parametrize("call", [_bad_pattern, _bad_status], ids=["route-pattern", "status"])
def test_errors_quoting_other_input_are_safe(call: Callable[[], object]) -> None:
    with pytest.raises(AgroutesError) as info:
        call()
    assert not raw_controls(error_texts(info.value, attributes=False))
    assert not leaks(Secret(_SK, (_SK[3:],)), error_texts(info.value, attributes=False))


def test_command_line_error_lines_are_safe(tmp_path: Path) -> None:
    table = tmp_path / "t.json"
    table.write_text(json.dumps({"routes": [{"methods": "GET", "pattern": "/{x\x1b[2J"}]}))
    found = raw_controls(cli_texts(["routes", str(table)]))
    found += raw_controls(cli_texts(["check", ORIGIN, "--routes", "x/\x1b[2J"]))
    assert not found


def count_renderings() -> dict[str, Any]:
    """The figures of the closing note: renderings checked, and leaks among them."""
    rng = random.Random(12)  # noqa: S311 - test data, not keys
    secret_renderings = secret_leaks = 0
    positions: set[str] = set()
    for position, secret, texts in secret_cases(rng):
        rendered = list(texts())
        secret_renderings += len(rendered)
        n = len(leaks(secret, iter(rendered)))
        secret_leaks += n
        if n:
            positions.add(position.split(" ")[0])
    control_renderings = control_leaks = 0
    control_positions: set[str] = set()
    for payload in CONTROLS.values():
        for position, texts in control_cases(payload):
            rendered = list(texts())
            control_renderings += len(rendered)
            n = len(raw_controls(iter(rendered)))
            control_leaks += n
            if n:
                control_positions.add(position)
    return {
        "secret renderings": secret_renderings,
        "secret leaks": secret_leaks,
        "secret positions leaking": sorted(positions),
        "control renderings": control_renderings,
        "control leaks": control_leaks,
        "control positions leaking": sorted(control_positions),
    }


if __name__ == "__main__":  # python -m tests.property.test_safeprint: the figures
    for key, figure in count_renderings().items():
        print(f"{key}: {figure}")
