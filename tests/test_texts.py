"""Every text agroutes prints exists in both languages, with the same fields."""

from __future__ import annotations

import string

import pytest

from agroutes import ProblemKind, UnknownLanguage, diagnose
from agroutes._texts import LANGS, TABLES, check_lang
from agroutes.results import TriageKind


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_languages_have_the_same_keys_and_fields() -> None:
    assert set(TABLES) == set(LANGS)
    assert set(TABLES["en"]) == set(TABLES["zh"])
    for key, english in TABLES["en"].items():
        assert _fields(english) == _fields(TABLES["zh"][key]), key


@pytest.mark.parametrize("room", ["", "path:kind-", "triage:", "cli:"])
def test_every_room_has_its_words(room: str) -> None:
    keys = TABLES["en"]
    if room == "":
        wanted = [k.value for k in ProblemKind if k is not ProblemKind.CREDENTIALS_IN_BASE]
    elif room == "path:kind-":
        wanted = [f"path:kind-{k.value}" for k in ProblemKind]
    elif room == "triage:":
        wanted = [f"triage:{k.value}" for k in TriageKind]
    else:
        wanted = ["cli:summary", "cli:check-head"]
    assert [w for w in wanted if w not in keys] == []


@pytest.mark.parametrize("lang", ["fr", "", "EN", None, ["en"]])
def test_an_unknown_language_is_a_typed_error_listing_the_choices(lang: object) -> None:
    with pytest.raises(UnknownLanguage, match="choose one of en, zh") as info:
        check_lang(lang)
    assert info.value.choices == LANGS
    with pytest.raises(UnknownLanguage):
        diagnose("http://127.0.0.1:8045", "codex").explain(lang)  # type: ignore[arg-type]
