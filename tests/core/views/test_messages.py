"""The message catalogues: which language a site gets, overrides, numbers and dates."""

from __future__ import annotations

import datetime as dt

import pytest

from journey_maps.site.options import OptionsError, PluginOptions
from journey_maps.views.messages import (
    Messages,
    _,
    catalogue_language,
    catalogue_languages,
    messages_for,
    ngettext,
    speaking,
)


def test_english_is_the_source_text_and_needs_no_catalogue() -> None:
    assert catalogue_languages()[0] == "en"
    assert _("Pain points") == "Pain points"
    assert ngettext("stage", "stages", 1) == "stage"
    assert ngettext("stage", "stages", 2) == "stages"


@pytest.mark.parametrize(
    ("asked", "found"), [("en", "en"), ("EN", "en"), ("en-GB", "en"), ("en_US", "en"), ("pt", None)]
)
def test_a_regional_language_falls_back_to_its_base_language(asked: str, found: str | None) -> None:
    assert catalogue_language(asked) == found


def test_the_sites_own_words_win_over_the_catalogue() -> None:
    with speaking(messages_for("en", {"Pain points": "Friction", "stages": "phases"})):
        assert _("Pain points") == "Friction"
        assert ngettext("stage", "stages", 3) == "phases"
        assert ngettext("stage", "stages", 1) == "stage"
    assert _("Pain points") == "Pain points"  # only inside the block


@pytest.mark.parametrize(
    ("language", "number", "date"),
    [
        ("en", "1,234.5", "2026-12-06"),  # ISO in English: as authors write it
        ("de", "1.234,5", "06.12.2026"),
        ("ja", "1,234.5", "2026/12/06"),
    ],
)
def test_numbers_and_dates_are_written_as_the_language_writes_them(
    language: str, number: str, date: str
) -> None:
    # Formats that have stayed the same across the CLDR data of every Babel the plugin allows.
    words = Messages(language)
    assert words.number(1234.5) == number
    assert words.date(dt.date(2026, 12, 6)) == date


def test_an_unknown_language_or_label_is_refused_with_what_is_known() -> None:
    with pytest.raises(OptionsError) as refused:
        PluginOptions.from_mapping({"language": "pt", "labels": {"Pain pionts": "Dor"}})
    problems = "\n".join(refused.value.problems)
    assert "option 'language'" in problems
    assert ", ".join(catalogue_languages()) in problems
    assert "option 'labels'" in problems
    assert "'Pain pionts'" in problems
