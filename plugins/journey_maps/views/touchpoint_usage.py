"""Which stages of which journeys pass through each touchpoint, with how they felt there."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..source.model import Journey, PainPoint, PersonaFile, Stage, mean_emotion

if TYPE_CHECKING:
    from ..source.handbook import Handbook

__all__ = ["TouchpointUse", "stage_touchpoints", "touchpoint_uses"]


@dataclass
class TouchpointUse:
    """One stage of one journey that passes through a touchpoint."""

    persona: PersonaFile
    journey: Journey
    stage: Stage
    emotion: int | None
    pain_points: list[PainPoint] = field(default_factory=list)


def stage_touchpoints(stage: Stage) -> list[str]:
    """The touchpoints a stage passes through: its steps' first, then its pain points', once each."""
    used = [step.touchpoint for step in stage.steps] + [p.touchpoint for p in stage.pain_points]
    return [touchpoint for touchpoint in dict.fromkeys(used) if touchpoint]


def touchpoint_uses(handbook: Handbook) -> dict[str, list[TouchpointUse]]:
    """Touchpoint id -> every stage using it (by a step or a pain point), in handbook order."""
    uses: dict[str, list[TouchpointUse]] = defaultdict(list)
    for persona in handbook.personas:
        for journey in persona.journeys:
            for stage in journey.stages:
                for touchpoint in stage_touchpoints(stage):
                    felt = [
                        s.emotion for s in stage.steps if s.touchpoint == touchpoint and s.emotion
                    ]
                    pains = [p for p in stage.pain_points if p.touchpoint == touchpoint]
                    emotion = mean_emotion(felt) if felt else stage.emotion
                    uses[touchpoint].append(TouchpointUse(persona, journey, stage, emotion, pains))
    return dict(uses)
