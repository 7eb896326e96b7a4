from __future__ import annotations

import pytest

from agroutes import redact


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
    ],
)
def test_secrets_are_masked(text: str, secret: str) -> None:
    out = redact(text)
    assert secret not in out
    assert "***" in out


def test_harmless_text_is_untouched() -> None:
    text = "POST /v1/chat/completions?beta=true http://127.0.0.1:8045/v1"
    assert redact(text) == text


def test_linear_on_hostile_input() -> None:
    # Would take minutes with a backtracking pattern; a linear one is instant.
    assert redact("http://" + "a" * 200_000 + "@") == "http://***@"
    assert "***" not in redact("?key" * 50_000)
