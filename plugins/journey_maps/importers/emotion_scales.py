"""Emotions as other tools write them, made the format's 1 to 5: the scale is read once
for a whole column or row, and the mapping is said in a note.

Journey trackers and maps-as-code tools score on many scales: 1-5, 1-10, -2..+2, -1..1,
0-100 (or a percentage), or in words ("frustrated"). A single cell cannot tell which one
(a 4 is "positive" on 1-5 and "slightly negative" on 1-10), so every score of a column,
row or document is read together: a scale named in its header (`Emotion (1-10)`,
`score -2..2`) wins; otherwise the numbers' range picks the narrowest common scale that
holds them all. Each score then maps linearly onto 1..5, rounded half up.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from ..source.emotion_words import EMOTION_LABELS, word_emotion

__all__ = ["EmotionReader", "Scale", "emotion_number", "word_emotion"]


@dataclass(frozen=True)
class Scale:
    """A linear scale from `low` (very negative) to `high` (very positive)."""

    name: str
    low: float
    high: float

    def emotion(self, value: float) -> int:
        """The 1 to 5 emotion of `value` on this scale, rounded half up, kept within 1..5."""
        position = 1 + (value - self.low) * 4 / (self.high - self.low)
        return min(5, max(1, math.floor(position + 0.5)))

    def mapping(self) -> str:
        """The scale's landmarks in words, e.g. `-2 -> 1, 0 -> 3, +2 -> 5`."""
        middle = (self.low + self.high) / 2
        signed = self.low < 0
        return ", ".join(
            f"{_number(v, signed=signed)} -> {self.emotion(v)}"
            for v in (self.low, middle, self.high)
        )


FIVE = Scale("1 to 5", 1, 5)
SCALES = {
    "1-5": FIVE,
    "-2-2": Scale("-2 to +2", -2, 2),
    "-1-1": Scale("-1 to +1", -1, 1),
    "0-1": Scale("0 to 1", 0, 1),
    "1-7": Scale("1 to 7", 1, 7),
    "1-10": Scale("1 to 10", 1, 10),
    "0-10": Scale("0 to 10", 0, 10),
    "0-100": Scale("0 to 100", 0, 100),
    "-3-3": Scale("-3 to +3", -3, 3),
    "-5-5": Scale("-5 to +5", -5, 5),
}
_NAMED_SCALE = re.compile(
    r"([-+\u2212]?\d+)\s*(?:-|\u2013|\.\.|to)\s*([-+\u2212]?\d+)"
)  # `1-10`, `-2..+2`, `0 to 100`, `1–5`
_NUMBER = re.compile(r"[-+\u2212]?(?:\d+(?:[.,]\d+)?|[.,]\d+)%?")


def _number(value: float, *, signed: bool = False) -> str:
    return f"{value:+g}" if signed and value else f"{value:g}"


def emotion_number(text: str) -> float | None:
    """A score written as a number (`4`, `+2`, `−1` with a minus sign, `0,5`, `80%`), or None.

    Infinite and NaN values are not numbers here: they score nothing."""
    text = text.strip()
    if not _NUMBER.fullmatch(text):
        return None
    number = float(text.rstrip("%").replace("\u2212", "-").replace(",", "."))
    return number if math.isfinite(number) else None


def named_scale(label: str) -> Scale | None:
    """The scale a header names: `Emotion (1-10)`, `score -2..+2`, `Sentiment %`."""
    if "%" in label:
        return SCALES["0-100"]
    for match in _NAMED_SCALE.finditer(label):
        low, high = (int(part.replace("\u2212", "-")) for part in match.groups())
        for scale in SCALES.values():
            if (scale.low, scale.high) == (low, high):
                return scale
    return None


def inferred_scale(numbers: list[float]) -> Scale | None:
    """The narrowest common scale that holds every number, or None when none does."""
    if not numbers:
        return FIVE
    low, high = min(numbers), max(numbers)
    whole = all(number == int(number) for number in numbers)
    if low >= 1 and high <= 5:
        return FIVE
    if low >= -1 and high <= 1 and not whole:
        return SCALES["-1-1"] if low < 0 else SCALES["0-1"]
    if low >= -2 and high <= 2:
        return SCALES["-2-2"]
    if low >= -3 and high <= 3:
        return SCALES["-3-3"]
    if low >= -5 and high <= 5:
        return SCALES["-5-5"]
    if low >= 1 and high <= 10:
        return SCALES["1-10"]
    if low >= 0 and high <= 10:
        return SCALES["0-10"]
    if low >= 0 and high <= 100:
        return SCALES["0-100"]
    return None


class EmotionReader:
    """Reads the scores of one column, row or document, on one scale for all of them.

    `texts` are every score it will be asked about, `label` the column's or row's name
    (which may name the scale), `where` the place the note about the scale names."""

    def __init__(self, texts: list[str], label: str, where: str, notes: list[str]) -> None:
        numbers = [n for n in (emotion_number(t) for t in texts) if n is not None]
        named = named_scale(label)
        inferred = inferred_scale(numbers)
        self.scale = named or inferred
        if named and numbers and not all(named.low <= n <= named.high for n in numbers):
            outside = next(n for n in numbers if not named.low <= n <= named.high)
            notes.append(
                f"{where}: {label.strip()[:60]!r} names the scale {named.name}, but holds "
                f"{_number(outside)}; scores outside it are kept at its nearest end"
            )
        if self.scale is None:
            notes.append(
                f"{where}: scores from {_number(min(numbers))} to {_number(max(numbers))} are "
                "on no scale the import knows (1-5, 1-10, 0-10, 0-100, -2..+2, -1..+1); "
                "name it in the header, e.g. 'Emotion (0-100)'; kept as feelings"
            )
        elif numbers and self.scale is not FIVE:
            how = "named in its header" if named else "from the range of the scores"
            notes.append(
                f"{where}: scores read on the {self.scale.name} scale ({how}) and made 1 to 5: "
                f"{self.scale.mapping()}"
            )

    def read(self, text: str) -> tuple[int | None, str | None]:
        """(emotion, feeling): a score gives an emotion; a word gives an emotion and, when
        it is not one of the format's labels, the feeling it names; other text only a
        feeling."""
        number = emotion_number(text)
        if number is not None:
            if self.scale is None:
                return None, text.strip()
            if self.scale is FIVE and number != int(number):
                return FIVE.emotion(number), None
            return self.scale.emotion(number), None
        score = word_emotion(text)
        if score is None:
            return None, text.strip()
        plain = " ".join(text.strip().lower().rstrip(".!").split())
        return score, None if plain in EMOTION_LABELS.values() else text.strip()
