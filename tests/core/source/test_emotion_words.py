"""Emotions written as words in the YAML: read by the one mapping the importers use, or
refused with the scale in words. `emotion: negative` used to be refused with no hint of
the scale while `journey-maps import` read the same word."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import jsonschema
import pytest
import yaml
from conftest import ONE_TOUCHPOINT_CATALOG, load_journeys, refusal_lines

from journey_maps.importers import emotion_scales
from journey_maps.site.schema import persona_schema_text
from journey_maps.source import emotion_words
from journey_maps.source.emotion_words import EMOTION_LABELS, EMOTION_WORDS

if TYPE_CHECKING:
    from pathlib import Path


def persona(stage_emotion: object, step_emotion: object) -> str:
    data = {
        "persona": {"name": "Ana Ruiz", "role": "Baker"},
        "journeys": [
            {
                "id": "switching",
                "title": "Switching insurer",
                "owner": "growth",
                "stages": [
                    {
                        "id": "compare",
                        "name": "Compare",
                        "emotion": stage_emotion,
                        "steps": [
                            {
                                "action": "Compares two quotes",
                                "touchpoint": "pricing-page",
                                "emotion": step_emotion,
                            }
                        ],
                    }
                ],
            }
        ],
    }
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


@pytest.mark.parametrize(
    ("stage_word", "step_word", "stage_score", "step_score"),
    [
        ("very negative", "very positive", 1, 5),
        ("negative", "positive", 2, 4),
        ("Neutral", "Very Positive", 3, 5),
        ("very-negative", "very_positive", 1, 5),
        ("frustrated", "delighted", 2, 5),
        ("😡", "🙂", 1, 4),
    ],
)
def test_a_word_is_read_as_its_number_on_stages_and_steps(
    tmp_path: Path, stage_word: str, step_word: str, stage_score: int, step_score: int
) -> None:
    handbook = load_journeys(
        tmp_path, {"ana.yml": persona(stage_word, step_word)}, ONE_TOUCHPOINT_CATALOG
    )
    stage = handbook.personas[0].journeys[0].stages[0]
    assert (stage.emotion, stage.steps[0].emotion) == (stage_score, step_score)


def test_the_yaml_and_the_importers_read_words_with_one_mapping() -> None:
    """One mapping, in source/: the importers import it rather than keep their own."""
    assert emotion_scales.word_emotion is emotion_words.word_emotion
    for score, label in EMOTION_LABELS.items():
        assert EMOTION_WORDS[label] == score
    reader = emotion_scales.EmotionReader(["frustrated"], "Emotion", "row 3", [])
    assert reader.read("frustrated") == (EMOTION_WORDS["frustrated"], "frustrated")


def test_an_unknown_word_is_refused_with_the_scale_in_words(tmp_path: Path) -> None:
    lines = refusal_lines(tmp_path, {"ana.yml": persona("negatve", "sad")}, ONE_TOUCHPOINT_CATALOG)
    scale = (
        "must be an integer from 1 to 5 or one of: very negative, negative, neutral, "
        "positive, very positive"
    )
    assert lines == [
        f"journeys/ana.yml:11:14: journeys[0].stages[0].emotion: {scale}; got 'negatve' "
        "(did you mean 'negative'?)",
        f"journeys/ana.yml:15:16: journeys[0].stages[0].steps[0].emotion: {scale}; got 'sad'",
        "2 errors in 1 file",
    ]


def test_a_number_out_of_range_keeps_its_message(tmp_path: Path) -> None:
    lines = refusal_lines(tmp_path, {"ana.yml": persona(7, 3)}, ONE_TOUCHPOINT_CATALOG)
    assert lines[0].endswith("journeys[0].stages[0].emotion: must be an integer from 1 to 5, got 7")


def test_the_json_schema_allows_the_words_editors_would_otherwise_flag() -> None:
    schema = json.loads(persona_schema_text())
    for value in ("negative", "frustrated", 2):
        jsonschema.validate(yaml.safe_load(persona(value, "very positive")), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(persona("sad", 3)), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(yaml.safe_load(persona(6, 3)), schema)
