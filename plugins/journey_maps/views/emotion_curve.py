"""Emotion as SVG geometry, the one place it is computed: where an emotion sits (1 at the
bottom, 5 at the top), where a stage's column is, and the points of a curve. The journey
chart, the sparkline under a title and the small multiples of a map's history all draw
from here; plain numbers, no markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..source.model import Stage
    from .evidence import StageMeasure

__all__ = [
    "CHART_HEIGHT",
    "CHART_WIDTH",
    "PAINT",
    "CurvePoint",
    "column_x",
    "emotion_curve",
    "emotion_y",
    "polyline",
]

CHART_WIDTH = 100
CHART_HEIGHT = 40
PADDING = 4
"""Room above 5 and below 1, so a point's round cap is not cut off."""

PAINT = {
    "up": "#2e7d32",
    "down": "#b3261e",
    "stage": "#dddddd",
    "neutral": "#8a8a8a",
    "line": "#526cfe",
    "faint": "#999999",
    "hole": "#ffffff",
    1: "#b3261e",
    2: "#c2570c",
    3: "#526cfe",
    4: "#2e7d32",
    5: "#1b5e20",
}
"""The chart's colours as SVG presentation attributes, by part and by emotion: what it is
drawn with where the stylesheet is stripped (Backstage's TechDocs reader), so it is never
a black block. The stylesheet's rules win wherever it is loaded (both palettes, print)."""


def emotion_y(emotion: float, height: float = CHART_HEIGHT) -> float:
    """The y of an emotion (1 at the bottom, 5 at the top) in a chart `height` units high."""
    return round(height - PADDING - (emotion - 1) * (height - 2 * PADDING) / 4, 2)


def column_x(column: float, count: int, width: float = CHART_WIDTH) -> float:
    """The x of a place `column` stage widths from the left (0.5: the first stage's centre)
    in a chart of `count` stages, `width` units wide."""
    return round(column * width / count, 2)


@dataclass(frozen=True)
class CurvePoint:
    """A point of an emotion curve: a stage (at its centre) or one of its steps."""

    x: float
    y: float
    emotion: int
    """The whole emotion for the point's colour (a measured mean rounded half up)."""
    label: str
    """What the point stands for: a step's action, or a stage's name."""
    stage_id: str
    step: bool = False
    measured: StageMeasure | None = None
    """For a measured point: the stage's measured figures (score, count, period)."""

    def place(
        self, width: float = CHART_WIDTH, height: float = CHART_HEIGHT
    ) -> tuple[float, float]:
        """(left, top) as percentages of a `width` x `height` chart stretched over its box:
        where an HTML element sits on top of the point."""
        return round(self.x * 100 / width, 2), round(self.y * 100 / height, 2)


def emotion_curve(
    stages: list[Stage], width: int = CHART_WIDTH, height: int = CHART_HEIGHT
) -> list[CurvePoint]:
    """One point per rated stage, at the centre of its column."""
    count = len(stages)
    return [
        CurvePoint(
            column_x(index + 0.5, count, width),
            emotion_y(stage.emotion, height),
            stage.emotion,
            stage.name,
            stage.id,
        )
        for index, stage in enumerate(stages)
        if stage.emotion is not None
    ]


def polyline(points: Iterable[CurvePoint]) -> str:
    """The `points` attribute of an SVG polyline through `points`."""
    return " ".join(f"{p.x},{p.y}" for p in points)
