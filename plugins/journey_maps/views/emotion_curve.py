"""The emotion curve of a journey as points in SVG user units: plain geometry, no markup."""

from __future__ import annotations

from dataclasses import dataclass

from ..source.model import Stage


@dataclass(frozen=True)
class CurvePoint:
    x: float
    y: float
    emotion: int
    stage: Stage


def emotion_curve(stages: list[Stage], width: int = 100, height: int = 40) -> list[CurvePoint]:
    """Points of the emotion curve, one per rated stage, in SVG user units."""
    count = len(stages)
    points = []
    for index, stage in enumerate(stages):
        if stage.emotion is None:
            continue
        x = (index + 0.5) * width / count
        y = height - 4 - (stage.emotion - 1) * (height - 8) / 4
        points.append(CurvePoint(round(x, 2), round(y, 2), stage.emotion, stage))
    return points
