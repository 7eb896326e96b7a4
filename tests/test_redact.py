"""redact(): secrets masked and control characters escaped, in one place.

The slips of issue 18 are pinned here one by one; the sweep over every position and every
rendering is ``tests/property/test_safeprint.py``.
"""

from __future__ import annotations

import io
import json
import time

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from agroutes import (
    InvalidBaseURL,
    diagnose,
    diagnose_path,
    parse_base_url,
    redact,
    resolve,
    suggest_rewrite,
    triage,
)
from agroutes._cli import run as cli_run
from agroutes._redact import escape, mask, redact_mapping, safe_repr
from agroutes._texts import TABLES

KEY = "sk-proj-Zq81xLmN0pQr7sTuVw2y"  # a token's shape, not a key
BODY = KEY.removeprefix("sk-")


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        pytest.param("http://user:pass@h/v1", "user:pass", id="userinfo"),
        pytest.param("http://sk-abcdefghij@h/v1", "abcdefghij", id="key-as-user"),
        pytest.param("http://h/v1?key=AIzaSecretValue", "SecretValue", id="key-query"),
        pytest.param("http://h/v1?x=1&api_key=s3cr3t", "s3cr3t", id="api-key-query"),
        pytest.param("http://h/v1?TOKEN=s3cr3t", "s3cr3t", id="token-upper"),
        pytest.param("/v1?x=1%2Fv1%3Fkey%3Ds3cr3t", "s3cr3t", id="percent-encoded"),
        pytest.param("Bearer sk-proj-0123456789", "0123456789", id="bare-token"),
        pytest.param("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig0123", "sig0123", id="jwt"),
        pytest.param("Authorization: Bearer Zq81xLmN0pQr7s", "Zq81xLmN0pQr7s", id="bearer"),
        pytest.param('{"api_key": "s3cr3t-value"}', "s3cr3t", id="json-field"),
        pytest.param("/v1?x=1\\u0026key=s3cr3t", "s3cr3t", id="json-escaped-amp"),
        pytest.param("/v1?x=%253Bkey%253Ds3cr3t", "s3cr3t", id="double-encoded"),
        pytest.param("ghp_0123456789abcdefABCDEF0123", "abcdefABCDEF", id="github"),
        pytest.param(
            "/relay/8f3a9c2e7b1d4f6a0e5c3b2a1d9f8e7c/v1", "8f3a9c2e7b1d", id="hex-segment"
        ),
        pytest.param("http://用户：密码@h/v1", "密码", id="non-ascii-userinfo"),  # noqa: RUF001
    ],
)
def test_secrets_are_masked(text: str, secret: str) -> None:
    out = redact(text)
    assert secret not in out
    assert "***" in out


# --- issue 18, one test per slip ---------------------------------------------------------------


def test_an_at_sign_in_the_password_is_masked_in_the_error_that_names_it() -> None:
    err = io.StringIO()
    status = cli_run(
        ["check", "http://user:p@ssw0rd@127.0.0.1:8045/v1"], stdout=io.StringIO(), stderr=err
    )
    assert status == 2
    assert "ssw0rd" not in err.getvalue()
    assert "'http://***@127.0.0.1:8045/v1'" in err.getvalue()
    assert "percent-encode it" in err.getvalue()


@pytest.mark.parametrize("cut", [";", "'", "<", "%26", "%3F", '"', ">", "%3D", "(", "\\"])
def test_a_secret_query_value_is_masked_whole(cut: str) -> None:
    assert redact(f"?password=abc{cut}defghij") == "?password=***"
    assert redact(f"http://h/v1?x=1&key=abc{cut}defghij&y=2") == "http://h/v1?x=1&key=***&y=2"


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"/v1?h=Bearer%20{KEY}", id="bearer-encoded"),
        pytest.param(f"/v1{KEY}/chat", id="glued-after-v1"),
        pytest.param(f"/v1/key_{KEY}", id="after-underscore"),
        pytest.param(f"/v1?x=%2F{KEY}%2Fv1%2Fmessages", id="claude-code-re-encoded"),
        pytest.param(f"/v1?x=%252F{KEY}", id="twice-encoded"),
        pytest.param(f"{KEY.upper()} /v1/models", id="upper-cased-method"),
        pytest.param("/v1%3Bkey%3DZq81xLmN0pQr7sTuVw2y", id="semicolon-re-encoded"),
        pytest.param("/v1?x=1%26key%3DZq81xLmN0pQr7sTuVw2y%26y%3D2", id="folded-amp"),
    ],
)
def test_tokens_are_masked_without_a_word_boundary_and_in_every_encoding(text: str) -> None:
    out = redact(text)
    assert "ZQ81XLMN" not in out.upper(), out
    assert "***" in out


@pytest.mark.parametrize("client", ["claude-code", "gemini-cli"])
def test_a_token_that_the_client_re_encodes_is_masked(client: str) -> None:
    # claude-code and gemini-cli re-serialise the query: "/" and ";" and "=" get encoded.
    url = f"http://127.0.0.1:8045/v1?x=/{KEY};key=Kv0123456789abcdef"
    targets = [r.target for r in resolve(url, client)]
    assert any("%2F" in t for t in targets)  # the client did re-encode it
    d = diagnose(url, client)
    for text in (str(d), d.explain("zh"), repr(d), json.dumps(d.to_mapping())):
        assert BODY not in text
        assert "Kv0123456789abcdef" not in text


def test_the_default_reprs_of_rewrite_triage_and_meant_route_mask_the_query() -> None:
    rewrite = suggest_rewrite("POST", "/v1/v1/messages?key=SECRETSECRET")
    assert rewrite is not None
    assert rewrite.query == "key=SECRETSECRET"  # the typed attribute keeps the real value
    t = triage(404, "/v1/v1/messages?key=SECRETSECRET", body=b"")
    meant = diagnose_path("POST", f"/v1beta/v1beta/models/{KEY}:generateContent").meant
    assert meant is not None
    for text in (repr(rewrite), str(rewrite), repr(t), repr(meant), str(meant)):
        assert "SECRETSECRET" not in text
        assert BODY not in text
    assert "query='key=***'" in repr(rewrite)


@pytest.mark.parametrize("inside", ["\t", " ", "\n", "\r", "\x0b", "[", "<", "@", "\u2028"])
def test_userinfo_holding_whitespace_or_a_bad_character_is_masked(inside: str) -> None:
    url = f"http://user:tdJAC21n{inside}XYZW0987@127.0.0.1:8045/v1"
    try:
        base = parse_base_url(url)
    except InvalidBaseURL as exc:
        texts = [str(exc), repr(exc), exc.text, *exc.args]
    else:  # non-ASCII is percent-encoded, as clients do: a valid, if odd, password
        d = diagnose(base, "openai-python")
        texts = [str(base), repr(base), str(d), repr(d), json.dumps(d.to_mapping())]
    for text in [*texts, redact(url)]:
        assert "tdJAC21n" not in text
        assert "XYZW0987" not in text


def test_a_setting_value_is_masked_in_the_profile_label() -> None:
    # --client google-genai:model=sk-...: the label names the profile in every line.
    out, err = io.StringIO(), io.StringIO()
    for argv in (
        ["check", "http://127.0.0.1:8045", "--client", f"google-genai:model={KEY}"],
        ["--json", "check", "http://127.0.0.1:8045", "--client", f"gemini-cli:model={KEY}"],
    ):
        cli_run(argv, stdout=out, stderr=err, environ={})
    assert BODY not in out.getvalue() + err.getvalue()
    assert "google-genai(model='sk-***')" in out.getvalue()


def test_an_upstream_message_is_masked() -> None:
    body = json.dumps({"error": {"message": f"Incorrect API key provided: {KEY}"}})
    t = triage(404, "/v1/messages", body=body)
    assert t.upstream_message == "Incorrect API key provided: sk-***"
    assert BODY not in str(t) + repr(t) + json.dumps(t.to_mapping())


# --- the borderline cases, decided -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        pytest.param(f"http://h/{KEY}/v1", "http://h/sk-***/v1", id="token-in-a-path-segment"),
        pytest.param(
            "http://h/v1?h=Bearer%20Zq81xLmN0p", "http://h/v1?h=Bearer%20***", id="bearer"
        ),
        pytest.param("Authorization: Basic dXNlcjpwYXNz", "Authorization: Basic ***", id="basic"),
        pytest.param(
            "http://h/v1#access_token=Zq81xLmN0p&state=1",
            "http://h/v1#access_token=***&state=1",
            id="fragment-parameter",
        ),
        pytest.param("http://h/v1#section-2", "http://h/v1#section-2", id="plain-fragment-shown"),
        pytest.param("/mykey123/v1", "/mykey123/v1", id="short-unshaped-segment-shown"),
        pytest.param("/v1/models/gemini-2.5-flash", "/v1/models/gemini-2.5-flash", id="model"),
    ],
)
def test_borderline_cases(text: str, shown: str) -> None:
    assert redact(text) == shown


# --- control characters ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        pytest.param("\x1b[2J", "\\x1b[2J", id="clear-screen"),
        pytest.param("\x1b]0;title\x07", "\\x1b]0;title\\x07", id="osc-title"),
        pytest.param("a\rb\x08c", "a\\rb\\x08c", id="cr-bs"),
        pytest.param("\x0b\x0c\x7f\x00", "\\x0b\\x0c\\x7f\\x00", id="vt-ff-del-nul"),
        pytest.param("\x9b\x85", "\\x9b\\x85", id="c1"),
        pytest.param("\u2028\u2029", "\\u2028\\u2029", id="separators"),
        pytest.param("\u202eabc\u2066\u2069", "\\u202eabc\\u2066\\u2069", id="bidi"),
        pytest.param("\u200b\ufeff", "\\u200b\\ufeff", id="zero-width"),
        pytest.param("\ud800", "\\ud800", id="lone-surrogate"),
        pytest.param("\t\n", "\\t\\n", id="tab-newline"),
        pytest.param("路径 /v1 é", "路径 /v1 é", id="printable-kept"),
    ],
)
def test_control_characters_are_escaped_visibly(raw: str, shown: str) -> None:
    assert escape(raw) == shown
    assert redact(raw) == shown


def test_json_documents_escape_what_json_dumps_leaves_raw() -> None:
    out = io.StringIO()
    cli_run(["--json", "explain", "/v1/\u202e\x85\u2028/x"], stdout=out)
    text = out.getvalue()
    assert all(c.isprintable() or c == "\n" for c in text)
    json.loads(text)  # still JSON


def test_the_terminal_keeps_only_agroutes_own_colours() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    out = Terminal()
    cli_run(["explain", "/v1/v1/\x1b[8m\x1b[31mhidden"], stdout=out, environ={"TERM": "xterm"})
    text = out.getvalue()
    assert "\\x1b[8m" in text  # the input's conceal and colour are shown, not obeyed
    assert "\x1b[31;1m" in text  # the verdict's own colour


# --- one function, safe to apply at every level ----------------------------------------------

_PIECES = st.sampled_from(
    [
        "http://",
        "u:p@",
        "@",
        "?key=",
        "&token=",
        ";",
        "%3D",
        "%2F",
        "%25",
        "\\u0026",
        "sk-",
        "AIza",
        "eyJ",
        "Bearer ",
        "***",
        "'",
        '"',
        " ",
        "/",
        "\x1b",
        "\u202e",
        "\n",
        "路",
        "0123456789abcdefABCDEF",
    ]
)
_TEXTS = st.lists(st.one_of(_PIECES, st.text(max_size=5)), max_size=12).map("".join)


@given(text=_TEXTS)
@example(text="?key=abc'def")
@example(text="http://u:p w@h/x")
@example(text="key=***'x")
@example(text="?key=http:// u:p@")  # the value's end swallowed by the userinfo after it
def test_redact_is_idempotent_printable_and_one_line(text: str) -> None:
    once = redact(text)
    assert redact(once) == once
    assert once.isprintable()


@given(text=_TEXTS, left=st.sampled_from(["'", '"', "(", " ", "“", "url="]))
@example(text="http://&token=? u:p@", left="'")  # a masked "?" must not open a userinfo
def test_a_safe_text_quoted_inside_another_stays_safe(text: str, left: str) -> None:
    # Texts nest (a URL in a line, the line in an explanation, that in JSON): masking the
    # outer text again must not undo or move the inner masks.
    inner = redact(text)
    right = {"'": "'", '"': '"', "(": ")", " ": " ", "“": "”", "url=": ""}[left]
    outer = redact(f"{left}{inner}{right}, more")
    assert redact(outer) == outer
    assert mask(inner) == inner


def test_reprs_mask_inside_their_quotes() -> None:
    assert safe_repr("http://h/v1?key=abc'def") == "'http://h/v1?key=***'"
    assert safe_repr(("model", KEY)) == "('model', 'sk-***')"
    assert redact_mapping({"message": "a\nb\x1b", "path": "x\ny"}) == {
        "message": "a\nb\\x1b",
        "path": "x\\ny",
    }


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_agroutes_own_words_are_never_masked(lang: str) -> None:
    # "user:password@", "?key= query", "Authorization: Bearer <key>": words, not secrets.
    for key, template in TABLES[lang].items():
        assert redact(template) == template, key
    for text in (
        "claude-code with Base URL http://127.0.0.1:8045 on antigravity@4.5.8: OK",
        "google-genai(api_version='v1beta') + Base URL http://127.0.0.1:8045，路由表 x@1：OK",  # noqa: RUF001
        "Diagnosis(ok=True, client='codex', base_url='http://h:8045', table='antigravity@4.5.8')",
        "POST /v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse",
    ):
        assert redact(text) == text


def test_harmless_text_is_untouched() -> None:
    text = "POST /v1/chat/completions?beta=true http://127.0.0.1:8045/v1"
    assert redact(text) == text


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("http://" + "a" * 200_000 + "@", id="userinfo"),
        pytest.param("?key" * 50_000, id="names"),
        pytest.param("http://" + "a " * 100_000, id="spaced-userinfo"),
        pytest.param("a:" * 100_000 + "@", id="bare-userinfo"),
        pytest.param("sk-" * 100_000, id="sk"),
        pytest.param("1eyJ" * 100_000, id="jwt"),
        pytest.param("%25" * 100_000, id="percent"),
        pytest.param("\\u0026" * 50_000, id="json-escapes"),
        pytest.param(";key=" * 50_000, id="values"),
        pytest.param('"key": "' * 50_000, id="json-fields"),
        pytest.param("\x1b" * 200_000, id="controls"),
        pytest.param("Bearer " * 50_000, id="bearer"),
    ],
)
def test_linear_on_hostile_input(text: str) -> None:
    # Would take minutes with a backtracking pattern; a linear one is instant.
    started = time.perf_counter()
    out = redact(text)
    assert time.perf_counter() - started < 2
    assert out.isprintable()
