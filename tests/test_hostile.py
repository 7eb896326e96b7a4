"""Hostile input never escapes as anything but agroutes' own typed errors.

Every public function, fed any string where it takes a Base URL, a path, a method, an id or
a pattern, either answers (and its answer prints: str, repr, both languages, JSON) or
raises one of the errors in ``TYPED``. Never a yarl, idna or UnicodeError, never an
IndexError. The inputs: the web-platform-tests URL suite (``fuzz/wpt-urltestdata.json``:
every ``input``, ``base`` and resolved ``href``), hand-picked specials (NUL, lone
surrogates, IDNA edge cases), 1 MB strings and Hypothesis-generated text.

The functions of the modules being written now (``_logpath``, ``_triage``, ``_rewrite``,
``_cli``) are hammered too when they are importable.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import time
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from agroutes import (
    InvalidBaseURL,
    InvalidClientSetting,
    InvalidRequest,
    InvalidRoutePattern,
    InvalidRouteTable,
    UnknownClient,
    UnknownRouteTable,
    client,
    diagnose,
    diagnose_path,
    parse_base_url,
    redact,
    resolve,
    route_table,
    suggest_rewrite,
    triage,
)
from agroutes._cli import run as cli_run
from agroutes.tables import Route
from tests.conftest import CLIENTS

#: What a public function may raise for a str argument.
TYPED = (
    InvalidBaseURL,
    InvalidClientSetting,
    InvalidRequest,
    InvalidRoutePattern,
    InvalidRouteTable,
    UnknownClient,
    UnknownRouteTable,
)
WPT = Path(__file__).resolve().parent.parent / "fuzz" / "wpt-urltestdata.json"
TABLES = ("antigravity", "antigravity@3.3.50", "cliproxyapi", "new-api")
SPECIALS = (
    "",
    " ",
    "\x00",
    "http://h/\x00",
    "http://127.0.0.1:8045/v1\x00",
    "http://127.0.0.1:8045/v1?x=\x00",
    "\ud800",
    "\udfff",
    "http://h/\ud800",
    "http://\ud800/",
    "http://u:\udc80@h/",
    "http://h/v1?\udfff",
    "http://127.0.0.1:8045/v1/\U0001f600",
    "http://xn--/",
    "http://xn--a/",
    "http://a..b/",
    "http://.../",
    "http://" + "a" * 64 + ".com/",
    "http://" + "a." * 200 + "com/",
    "http://\uff41\uff42\uff43.com/",  # full-width letters
    "http://\u200b/",
    "http://ß.de/",
    "http://[::1/",
    "http://[::1]x/",
    "http://[v1.x]/",
    "http://[::ffff:1.2.3.4]:8045/v1",
    "http://h:0/",
    "http://h:99999999999999999999/",
    "http://h:-1/",
    "http://h:+80/",
    "http://h:\uff18\uff10/",  # full-width digits
    "http://@h/",
    "http://:@h/",
    "http://u:p@/",
    "http://u@@h/",
    "http://h/%",
    "http://h/%zz",
    "http://h/%ff%fe",
    "http://h/v1?%",
    "http://h/..",
    "http://h/../../..",
    "http://h/./././",
    "http://h" + "/.." * 500,
    "http://h/?" + "&" * 100,
    "http://h/v1?key=",
    "http://h/v1#",
    "HTTP://H/V1",
    "http:///v1",
    "http:/v1",
    "//h/v1",
    "http:\\\\h\\v1",
    "{model}",
    "/{*}",
    "/{a}/{a}",
    "/{",
    "/}",
    "/{a}{b}",
    "/{*a}/b",
)
MEGABYTE = 1 << 20
METHODS = ("GET", "POST", "get", "", " ", "\x00", "\ud800", "ß", "G E T", "*", "HEAD")


def _corpus() -> tuple[str, ...]:
    data = json.loads(WPT.read_text(encoding="utf-8"))
    found: dict[str, None] = dict.fromkeys(SPECIALS)
    for case in data:
        if isinstance(case, dict):
            for key in ("input", "base", "href"):
                value = case.get(key)
                if isinstance(value, str):
                    found[value] = None
    return tuple(found)


CORPUS = _corpus()


# --- what "answers" means: the answer and all its printed forms work --------------------


def _print_all(*objects: object) -> None:
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


def _diagnose_all(text: str, client_id: str, routes: str = "antigravity") -> None:
    d = diagnose(text, client_id, routes=routes)
    _print_all(d, *d.requests, *d.problems, *d.suggestions)
    json.dumps(d.to_mapping())
    for checked in d.requests:
        str(checked.request.url)  # built on first use: it must not fail then either
    str(d.base_url.url)


def _resolve_all(text: str, client_id: str) -> None:
    requests = resolve(text, client_id)
    _print_all(*requests)
    for request in requests:
        str(request.url)  # the exact URL, a public attribute built on first use


def _parse(text: str) -> None:
    base = parse_base_url(text)
    _print_all(base)
    str(base.url)


def _match(method: str, path: str) -> None:
    m = route_table("antigravity").match(method, path)
    _print_all(m)


def _route(text: str) -> None:
    _print_all(Route(pattern=text, methods=frozenset({"GET"})))


def _route_method(text: str) -> None:
    _print_all(Route(pattern="/v1/x", methods=frozenset({text})))


def _mount(text: str) -> None:
    _print_all(route_table("antigravity@3.3.50").mount(text))


def _setting(text: str) -> None:
    settings_ = (
        ("google-genai", "api_version"),
        ("google-genai", "model"),
        ("gemini-cli", "api_version"),
        ("gemini-cli", "model"),
        ("kilo-code/google", "model"),
        ("codex", "wire_api"),
    )
    for client_id, name in settings_:
        profile = client(client_id, **{name: text})
        for base in ("http://127.0.0.1:8045", "http://127.0.0.1:8045/v1beta?x=1"):
            d = diagnose(base, profile)
            _print_all(d, *d.requests, *d.problems, *d.suggestions)
            json.dumps(d.to_mapping())


def _sampled(text: str, one_in: int = 8) -> bool:
    return zlib.crc32(text.encode("utf-8", "surrogatepass")) % one_in == 0


def _calls(text: str) -> Iterator[tuple[str, Callable[[], object]]]:
    """Every public entry point that takes a string, fed ``text`` in that place."""
    yield "parse_base_url", lambda: _parse(text)
    for client_id in CLIENTS:
        yield f"resolve/{client_id}", functools.partial(_resolve_all, text, client_id)
        yield f"diagnose/{client_id}", functools.partial(_diagnose_all, text, client_id)
    yield "diagnose/table", lambda: _diagnose_all(text, "openai-python", "new-api")
    yield "route_table", lambda: route_table(text)
    yield "client", lambda: client(text)
    yield "match/path", lambda: _match("POST", text)
    yield "match/method", lambda: _match(text, "/v1/chat/completions")
    yield "redact", lambda: redact(text)
    yield "Route/pattern", lambda: _route(text)
    yield "Route/method", lambda: _route_method(text)
    yield "mount", lambda: _mount(text)
    yield "diagnose_path/path", lambda: _print_all(diagnose_path("POST", text))
    yield (
        "diagnose_path/origin",
        lambda: _print_all(diagnose_path("GET", "/v1/v1/models", origin=text)),
    )
    yield "triage/path", lambda: _print_all(triage(404, text, body=text))
    yield (
        "triage/body",
        lambda: _print_all(triage(404, "/v1/x", body=text.encode("utf-8", "replace"))),
    )
    yield "suggest_rewrite", lambda: _print_all(suggest_rewrite("POST", text))
    if _sampled(text):  # the CLI wraps the same calls: a sample will do
        yield "cli/check", lambda: _cli(["check", text])
        yield "cli/check-json", lambda: _cli(["--json", "check", text, "--client", "codex"])
        yield "cli/explain", lambda: _cli(["explain", text])


def _method_calls(text: str) -> Iterator[tuple[str, Callable[[], object]]]:
    """Entry points that take an HTTP method."""
    yield "match/method", lambda: _match(text, "/v1/messages")
    yield "diagnose_path/method", lambda: _print_all(diagnose_path(text, "/v1"))
    yield "triage/method", lambda: _print_all(triage(404, "/v1", method=text))
    yield "suggest_rewrite/method", lambda: suggest_rewrite(text, "/v1/v1/models")


def _cli(argv: list[str]) -> None:
    out, err = io.StringIO(), io.StringIO()
    status = cli_run(argv, stdout=out, stderr=err, environ={})
    assert status in (0, 1, 2), (status, err.getvalue())


def _escapes(
    text: str, calls: Callable[[str], Iterator[tuple[str, Callable[[], object]]]]
) -> list[str]:
    out = []
    for name, call in calls(text):
        try:
            call()
        except TYPED:
            pass
        except Exception as exc:  # anything else is the bug this file looks for
            out.append(f"{name}({text[:80]!r}): {type(exc).__name__}: {str(exc)[:120]}")
    return out


# --- the corpus ---------------------------------------------------------------------------


def test_corpus_is_the_wpt_suite() -> None:
    assert len(CORPUS) > 1000
    assert "http://example\t.\norg" in CORPUS


@pytest.mark.parametrize(
    "part",
    [pytest.param(i, id=f"slice{i}") for i in range(4)],
)
def test_wpt_corpus_gives_answers_or_typed_errors(part: int) -> None:
    escaped = []
    for text in CORPUS[part::4]:
        escaped.extend(_escapes(text, _calls))
    assert not escaped, "\n".join(escaped[:20])


def test_wpt_corpus_as_methods() -> None:
    escaped = []
    for text in (*METHODS, *CORPUS[:200]):
        escaped.extend(_escapes(text, _method_calls))
    assert not escaped, "\n".join(escaped[:20])


# Once a bug: "[" or "]" in the userinfo passed parse_base_url, then yarl refused the URL.
@pytest.mark.parametrize(
    "text",
    [
        pytest.param("http://&a:foo(b]c@d:2/", id="wpt"),
        pytest.param("http://[@127.0.0.1:8045/v1", id="open-bracket"),
        pytest.param("http://key]@127.0.0.1:8045/v1", id="close-bracket"),
    ],
)
def test_brackets_in_userinfo(text: str) -> None:
    assert not _escapes(text, _calls)


@pytest.mark.parametrize("method", ["", "G E T", "\x00", "/v1"])
def test_bad_method_is_a_typed_error(method: str) -> None:
    with pytest.raises(InvalidRequest):
        diagnose_path(method, "/v1/models")


# --- specials: NUL, lone surrogates, 1 MB ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("http://127.0.0.1:8045/v1\x00", id="nul"),
        pytest.param("http://127.0.0.1:8045/\ud800", id="surrogate-path"),
        pytest.param("http://\udfff:8045/", id="surrogate-host"),
        pytest.param("http://u:\udc80@h/", id="surrogate-userinfo"),
    ],
)
def test_nul_and_surrogates_are_invalid_base_urls(text: str) -> None:
    with pytest.raises(InvalidBaseURL) as info:
        parse_base_url(text)
    assert info.value.part == "character"
    str(info.value).encode("utf-8")  # the message itself is printable: no raw surrogate


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("http://127.0.0.1:8045/" + "a" * MEGABYTE, id="path"),
        pytest.param("http://127.0.0.1:8045/v1?" + "x" * MEGABYTE, id="query"),
        pytest.param("http://" + "a" * MEGABYTE + "/v1", id="host"),
        pytest.param("http://127.0.0.1:" + "9" * MEGABYTE, id="port"),
        pytest.param("http://[" + "a" * MEGABYTE + "]/", id="ipv6"),
        pytest.param("h" * MEGABYTE + "://h", id="scheme"),
        pytest.param("http://127.0.0.1:8045/" + "v1/" * (MEGABYTE // 3), id="segments"),
        pytest.param("a" * MEGABYTE, id="no-scheme"),
        pytest.param("http://127.0.0.1:8045/" + "a" * MEGABYTE + "\x00", id="nul-at-end"),
    ],
)
def test_megabyte_inputs_parse_resolve_and_match_fast(text: str) -> None:
    started = time.perf_counter()
    with contextlib.suppress(InvalidBaseURL):  # an answer or the typed error, fast
        parse_base_url(text)
        resolve(text, "openai-python")
    route_table("antigravity").match("POST", text)
    with pytest.raises(UnknownClient):
        client(text)
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("http://127.0.0.1:" + "9" * MEGABYTE, id="port"),
        pytest.param("http://[" + "a" * MEGABYTE + "]/", id="ipv6"),
        pytest.param("h" * MEGABYTE + "://h", id="scheme"),
        pytest.param("a" * MEGABYTE, id="no-scheme-hint"),
    ],
)
def test_megabyte_error_messages_are_clipped(text: str) -> None:
    # Once the reason and the hint quoted the bad part whole: a megabyte message.
    with pytest.raises(InvalidBaseURL) as info:
        parse_base_url(text)
    assert len(str(info.value)) < 1000


def test_redact_is_linear() -> None:
    # Once quadratic: the scheme part of the userinfo pattern rescanned every run of
    # letters, so 30 kB took seconds and a megabyte hours.
    started = time.perf_counter()
    redact("http://127.0.0.1:8045/" + "a" * 30_000)
    redact("a" * MEGABYTE)
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize(
    "size", [pytest.param(60_000, id="60kB"), pytest.param(MEGABYTE, id="1MB")]
)
def test_long_base_url_is_diagnosed_and_printed(size: int) -> None:
    text = "http://127.0.0.1:8045/" + "a" * size
    started = time.perf_counter()
    with contextlib.suppress(InvalidBaseURL):  # too long for any proxy: a typed answer too
        _diagnose_all(text, "openai-python")
    assert time.perf_counter() - started < 20


# --- client settings and route tables built from hostile text -----------------------------


def test_hostile_setting_values() -> None:
    escaped = []
    for text in (*SPECIALS, *CORPUS[::10]):
        escaped.extend(_escapes(text, lambda t: iter([("setting", lambda: _setting(t))])))
    assert not escaped, "\n".join(escaped[:20])


def test_surrogate_in_setting() -> None:
    with pytest.raises(InvalidClientSetting):
        client("gemini-cli", api_version="\ud800")


def test_unknown_ids_are_lookup_errors_with_clipped_names() -> None:
    with pytest.raises(UnknownClient) as c:
        client("x" * MEGABYTE)
    with pytest.raises(UnknownRouteTable) as t:
        route_table("x" * MEGABYTE)
    assert len(str(c.value)) < 1000
    assert len(str(t.value)) < 1000


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(None, id="none"),
        pytest.param(8045, id="int"),
        pytest.param(b"http://127.0.0.1:8045", id="bytes"),
        pytest.param(["http://127.0.0.1:8045"], id="list"),
    ],
)
def test_non_str_arguments_are_type_errors(value: Any) -> None:
    for call in (
        lambda: parse_base_url(value),
        lambda: diagnose(value, "openai-python"),
        lambda: resolve(value, "openai-python"),
        lambda: client(value),
        lambda: route_table(value),
        lambda: route_table("antigravity").match(value, "/v1"),
        lambda: route_table("antigravity").match("GET", value),
    ):
        with pytest.raises((TypeError, *TYPED)):
            call()


# --- Hypothesis-generated text ---------------------------------------------------------------

_PIECES = st.sampled_from(
    [
        *"/?#@:[]%.-_~!$&'()*+,;={}\\",
        "v1",
        "v1beta",
        "models",
        "chat/completions",
        "messages",
        "..",
        "//",
        "sk-",
        "key=",
        "%2F",
        "%zz",
        "xn--",
        "\x00",
        "\t",
        " ",
        "é",
        "\ud800",
        "\u200b",
        "\uff18",
    ]
)
_URLISH = st.builds(
    lambda head, parts: head + "".join(parts),
    st.sampled_from(
        [
            "http://",
            "https://",
            "HTTP://",
            "http:/",
            "",
            "http://user:pw@",
            "http://127.0.0.1:8045",
            "http://[::1]:8045",
            "http://xn--",
        ]
    ),
    st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=10),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(_URLISH, st.text()))
@example(text="http://127.0.0.1:8045/v1?key=\ud800")
@example(text="http://[::1]:8045//v1/../v1beta/models/x:generateContent")
@example(text="http://127.0.0.1:8045/%")
def test_generated_text_gives_answers_or_typed_errors(text: str) -> None:
    escaped = _escapes(text, _calls)
    assert not escaped, "\n".join(escaped)


@settings(max_examples=100, deadline=None)
@given(method=st.text(max_size=12), path=st.one_of(_URLISH, st.text()))
def test_generated_requests_match_or_miss(method: str, path: str) -> None:
    escaped = _escapes(method, lambda m: iter([("match", lambda: _match(m, path))]))
    escaped += _escapes(method, _method_calls)
    assert not escaped, "\n".join(escaped)


@settings(max_examples=100, deadline=None)
@given(text=st.one_of(_URLISH, st.text()))
def test_generated_setting_values(text: str) -> None:
    escaped = _escapes(text, lambda t: iter([("setting", lambda: _setting(t))]))
    assert not escaped, "\n".join(escaped)
