"""Emotions written as words, made the format's 1 to 5: one mapping for the YAML and the importers.

The format scores an emotion 1 (very negative) to 5 (very positive). Authors and the tools
they import from also write it in words: the scale's own labels (`negative`) and the words
CX templates put in an emotion row (`frustrated`, `delighted`, a face). The same word
means the same number wherever it is written: in a step's or stage's `emotion:` and in
`journey-maps import` (`importers/emotion_scales.py`, which also keeps a word other than the
labels as the stage's feeling).
"""

from __future__ import annotations

__all__ = ["EMOTION_LABELS", "EMOTION_WORDS", "SCALE_IN_WORDS", "word_emotion"]

EMOTION_LABELS = {
    1: "very negative",
    2: "negative",
    3: "neutral",
    4: "positive",
    5: "very positive",
}
"""The scale's own label for each emotion: what pages show beside the number."""

EMOTION_WORDS: dict[str, int] = {
    **{label: score for score, label in EMOTION_LABELS.items()},
    **dict.fromkeys(
        ("delighted", "ecstatic", "thrilled", "excited", "very happy", "very satisfied", "love"),
        5,
    ),
    **dict.fromkeys(
        ("happy", "pleased", "satisfied", "good", "confident", "relieved", "hopeful", "glad"), 4
    ),
    **dict.fromkeys(("ok", "okay", "fine", "indifferent", "mixed", "meh"), 3),
    **dict.fromkeys(
        (
            "frustrated",
            "annoyed",
            "confused",
            "anxious",
            "worried",
            "unhappy",
            "dissatisfied",
            "disappointed",
            "bad",
            "stressed",
            "unsure",
            "uncertain",
        ),
        2,
    ),
    **dict.fromkeys(
        (
            "angry",
            "furious",
            "very frustrated",
            "very unhappy",
            "very dissatisfied",
            "terrible",
            "awful",
            "hate",
            "desperate",
        ),
        1,
    ),
    **{"😡": 1, "☹️": 2, "🙁": 2, "😐": 3, "🙂": 4, "😀": 5, "😃": 5, "😄": 5},
}
"""Words (and faces) that score an emotion, lowercase with single spaces: the scale's labels
first, then the words CX templates put in an emotion row."""

SCALE_IN_WORDS = "an integer from 1 to 5 or one of: " + ", ".join(EMOTION_LABELS.values())
"""The scale as an error message names it."""


def word_emotion(text: str) -> int | None:
    """The emotion a word or face scores (`Frustrated!` -> 2), or None: case, spacing,
    hyphens and underscores between words and a closing `.` or `!` do not matter."""
    words = text.strip().lower().rstrip(".!").replace("-", " ").replace("_", " ")
    return EMOTION_WORDS.get(" ".join(words.split()))
