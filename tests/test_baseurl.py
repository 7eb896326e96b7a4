from __future__ import annotations

import pytest
from yarl import URL

from agroutes import InvalidBaseURL, parse_base_url


@pytest.mark.parametrize(
    ("text", "path", "query", "host", "port"),
    [
        pytest.param("http://127.0.0.1:8045", "", None, "127.0.0.1", 8045, id="host-root"),
        pytest.param("http://127.0.0.1:8045/v1/", "/v1/", None, "127.0.0.1", 8045, id="slash"),
        pytest.param("http://h//v1", "//v1", None, "h", None, id="double-slash-kept"),
        pytest.param("http://h/v1?x=1", "/v1", "x=1", "h", None, id="query"),
        pytest.param("http://h/v1?", "/v1", "", "h", None, id="bare-question-mark"),
        pytest.param("  http://h/v1\n", "/v1", None, "h", None, id="whitespace-stripped"),
        pytest.param("HTTP://LocalHost:8045/V1", "/V1", None, "localhost", 8045, id="case"),
        pytest.param("http://[::1]:8045/v1", "/v1", None, "[::1]", 8045, id="ipv6"),
        pytest.param(
            "https://bücher.example/ü",
            "/%C3%BC",
            None,
            "xn--bcher-kva.example",
            None,
            id="idna-and-utf8-path",
        ),
        pytest.param("http://h:/v1", "/v1", None, "h", None, id="empty-port"),
    ],
)
def test_parse_keeps_raw_parts(
    text: str, path: str, query: str | None, host: str, port: int | None
) -> None:
    base = parse_base_url(text)
    assert (base.path, base.query, base.host, base.port) == (path, query, host, port)


def test_accepts_yarl_url() -> None:
    assert parse_base_url(URL("http://h/v1")).path == "/v1"


@pytest.mark.parametrize(
    ("text", "part", "hint"),
    [
        pytest.param("", "text", None, id="empty"),
        pytest.param("   ", "text", None, id="blank"),
        pytest.param("localhost:8045", "scheme", "http://localhost:8045", id="no-scheme-local"),
        pytest.param("127.0.0.1:8045/v1", "scheme", "http://127.0.0.1:8045/v1", id="no-scheme-ip"),
        pytest.param("api.example.com/v1", "scheme", "https://api.example.com/v1", id="no-scheme"),
        pytest.param("http:/h/v1", "scheme", None, id="one-slash"),
        pytest.param("ftp://h/v1", "scheme", None, id="ftp"),
        pytest.param("http://", "host", None, id="no-host"),
        pytest.param("http://:8045/v1", "host", None, id="port-only"),
        pytest.param("http://h:abc/v1", "port", None, id="port-not-number"),
        pytest.param("http://h:0/v1", "port", None, id="port-zero"),
        pytest.param("http://h:65536/v1", "port", None, id="port-too-big"),
        pytest.param("http://h:" + "9" * 500, "port", None, id="port-huge"),
        pytest.param("http://h/v 1", "character", None, id="space"),
        pytest.param("http://h/v1\x00", "character", None, id="nul"),
        pytest.param("http://h\\v1", "character", None, id="backslash"),
        pytest.param("http://h/\ud800", "character", None, id="lone-surrogate"),
        pytest.param("http://%zz/v1", "host", None, id="percent-host"),
        pytest.param("http://[::1/v1", "host", None, id="unclosed-ipv6"),
        pytest.param("http://[::g]/v1", "host", None, id="bad-ipv6"),
        pytest.param("http://h/v1#frag", "fragment", "http://h/v1", id="fragment"),
    ],
)
def test_rejects_with_the_bad_part(text: str, part: str, hint: str | None) -> None:
    with pytest.raises(InvalidBaseURL) as info:
        parse_base_url(text)
    assert info.value.part == part
    assert info.value.hint == hint
    assert part in str(info.value)


def test_error_message_text_is_pinned() -> None:
    with pytest.raises(InvalidBaseURL) as info:
        parse_base_url("localhost:8045")
    assert str(info.value) == (
        "invalid Base URL 'localhost:8045': scheme: missing; clients need http:// or https:// "
        "(did you mean 'http://localhost:8045'?)"
    )


def test_error_never_echoes_a_secret_or_a_megabyte() -> None:
    with pytest.raises(InvalidBaseURL) as info:
        parse_base_url("http://user:sk-secret123456@h:99999/v1" + "a" * 1_000_000)
    message = str(info.value)
    assert "sk-secret123456" not in message
    assert len(message) < 400


def test_non_string_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        parse_base_url(8045)  # type: ignore[arg-type]


def test_repr_and_str_mask_userinfo_but_text_keeps_it() -> None:
    base = parse_base_url("http://u:pw@h/v1")
    assert "pw" not in repr(base)
    assert "pw" not in str(base)
    assert base.text == "http://u:pw@h/v1"
    assert base.url.password == "pw"


def test_longer_than_any_proxy_accepts_is_rejected_up_front() -> None:
    # hyper/axum refuse request targets over 65534 bytes (414), so no Base URL that long
    # can work; rejecting it early keeps a 1 MB input cheap.
    with pytest.raises(InvalidBaseURL) as info:
        parse_base_url("http://h/" + "a" * 1_000_000)
    assert info.value.part == "text"
    assert len(str(info.value)) < 500
    assert parse_base_url("http://h/" + "a" * 60_000).path.startswith("/a")


@pytest.mark.parametrize(
    ("text", "part"),
    [
        pytest.param("http://[::%31[]", "host", id="ipv6-zone-id-found-by-the-fuzzer"),
        pytest.param("http://[fe80::1%25eth0]:8045/v1", "host", id="ipv6-zone-id"),
        pytest.param("http://key]@127.0.0.1:8045/v1", "userinfo", id="bracket-in-userinfo"),
        pytest.param("http://a<b@127.0.0.1:8045/v1", "userinfo", id="angle-in-userinfo"),
    ],
)
def test_parts_yarl_would_refuse_later_are_refused_now(text: str, part: str) -> None:
    with pytest.raises(InvalidBaseURL) as info:
        parse_base_url(text)
    assert info.value.part == part
