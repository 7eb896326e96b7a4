from __future__ import annotations

import dataclasses

import pytest

from agroutes import InvalidClientSetting, UnknownClient, client, resolve
from agroutes._resolve import plan
from agroutes.profiles import BUILTIN_CLIENTS, Protocol
from tests.conftest import REQUIRED_CLIENTS

REQUIRED = frozenset(REQUIRED_CLIENTS)


def test_builtin_ids() -> None:
    assert set(BUILTIN_CLIENTS) >= REQUIRED
    for profile in BUILTIN_CLIENTS.values():
        assert profile.verified
        assert profile.requests


@pytest.mark.parametrize(
    ("alias", "target"),
    [
        ("openai-sdk", "openai-python"),
        ("gemini-sdk", "google-genai"),
        (" Claude-Code ", "claude-code"),
    ],
)
def test_aliases(alias: str, target: str) -> None:
    assert client(alias).id == target


def test_unknown_client_names_close_matches() -> None:
    with pytest.raises(UnknownClient) as info:
        client("openai-pyton")
    assert info.value.suggestions[0] == "openai-python"
    assert "did you mean 'openai-python'" in str(info.value)


def test_kilo_code_needs_a_mode() -> None:
    with pytest.raises(UnknownClient) as info:
        client("kilo-code")
    assert set(info.value.suggestions) == {k for k in REQUIRED if k.startswith("kilo-code/")}


def test_unknown_client_is_a_lookup_error_and_short() -> None:
    with pytest.raises(LookupError) as info:
        client("x" * 100_000)
    assert len(str(info.value)) < 300


def test_settings_change_the_path() -> None:
    default = resolve("http://h", "google-genai")[0].target
    beta = resolve("http://h", client("google-genai", api_version="v1beta"))[0].target
    none = resolve("http://h", client("google-genai", api_version=""))[0].target
    assert default == "/v1/models/gemini-2.5-flash:generateContent"
    assert beta == "/v1beta/models/gemini-2.5-flash:generateContent"
    assert none == "/models/gemini-2.5-flash:generateContent"


def test_gemini_cli_model_setting_drops_the_router_call() -> None:
    assert len(resolve("http://h", "gemini-cli")) == 2
    (only,) = resolve("http://h", client("gemini-cli", model="gemini-2.5-flash"))
    assert only.target == "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"


@pytest.mark.parametrize(
    ("who", "settings", "needle"),
    [
        pytest.param("codex", {"wire_api": "chat"}, "no longer supported", id="codex-chat"),
        pytest.param("codex", {"wire_api": "grpc"}, "not one of", id="codex-unknown-value"),
        pytest.param("openai-python", {"api_version": "v1"}, "no such setting", id="no-setting"),
        pytest.param("google-genai", {"api_version": 1}, "must be a string", id="not-a-string"),
    ],
)
def test_bad_settings(who: str, settings: dict[str, object], needle: str) -> None:
    with pytest.raises(InvalidClientSetting, match=needle):
        client(who, **settings)  # type: ignore[arg-type]


def test_protocols() -> None:
    assert client("claude-code").protocol is Protocol.ANTHROPIC
    assert client("kilo-code/google").protocol is Protocol.GEMINI


def test_profiles_are_hashable_values() -> None:
    assert client("google-genai", api_version="v1beta") == client(
        "gemini-sdk", api_version="v1beta"
    )
    assert hash(client("codex")) == hash(client("codex-cli"))


def test_a_setting_of_the_wrong_type_is_a_typed_error() -> None:
    with pytest.raises(InvalidClientSetting, match="api_version"):
        client("google-genai", api_version=["v1beta"])  # type: ignore[arg-type]


def test_a_placeholder_without_its_setting_is_a_typed_error() -> None:
    # A profile whose suffix says {version} (or whose query says {page_size}) without that
    # setting would silently lose it; building the profile names the missing setting.
    genai = client("google-genai")
    with pytest.raises(InvalidClientSetting, match=r"api_version.*\{version\}"):
        dataclasses.replace(genai, setting_specs=())
    without_page_size = tuple(s for s in genai.setting_specs if s.name != "page_size")
    with pytest.raises(InvalidClientSetting, match=r"page_size.*models\.list"):
        dataclasses.replace(genai, setting_specs=without_page_size)
    # {model} fixed by the request itself needs no setting.
    fixed = dataclasses.replace(
        genai,
        requests=tuple(dataclasses.replace(r, model="m") for r in genai.requests[:2]),
        setting_specs=tuple(s for s in genai.setting_specs if s.name == "api_version"),
    )
    assert [p.suffix for p in plan(fixed)] == [
        "/v1/models/m:generateContent",
        "/v1/models/m:streamGenerateContent",
    ]
