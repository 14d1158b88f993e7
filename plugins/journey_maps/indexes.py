"""Cross-persona views computed once per build: who uses each touchpoint, which maps are due."""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

from .handbook import Handbook
from .model import Evidence, Journey, Opportunity, PainPoint, PersonaFile, Stage, mean_emotion

Freshness = Literal["overdue", "due-soon", "fresh", "never-reviewed"]
DUE_SOON_DAYS = 30


@dataclass
class TouchpointUse:
    """One stage of one journey that passes through a touchpoint."""

    persona: PersonaFile
    journey: Journey
    stage: Stage
    emotion: int | None
    pain_points: list[PainPoint] = field(default_factory=list)


def touchpoint_uses(handbook: Handbook) -> dict[str, list[TouchpointUse]]:
    """Touchpoint id -> every stage using it (by a step or a pain point), in handbook order."""
    uses: dict[str, list[TouchpointUse]] = defaultdict(list)
    for persona in handbook.personas:
        for journey in persona.journeys:
            for stage in journey.stages:
                emotions: dict[str, list[int]] = defaultdict(list)
                pains: dict[str, list[PainPoint]] = defaultdict(list)
                for step in stage.steps:
                    if step.touchpoint:
                        emotions[step.touchpoint].extend([step.emotion] if step.emotion else [])
                for pain in stage.pain_points:
                    if pain.touchpoint:
                        pains[pain.touchpoint].append(pain)
                for touchpoint in dict.fromkeys([*emotions, *pains]):
                    felt = emotions.get(touchpoint)
                    emotion = mean_emotion(felt) if felt else stage.emotion
                    uses[touchpoint].append(
                        TouchpointUse(persona, journey, stage, emotion, pains[touchpoint])
                    )
    return dict(uses)


def today() -> dt.date:
    """The build date: from SOURCE_DATE_EPOCH when set, so builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


@dataclass(frozen=True)
class Review:
    """When a journey was last reviewed and when it is due again."""

    last: dt.date | None
    every_days: int
    due: dt.date | None
    status: Freshness


def review(journey: Journey, default_days: int, on: dt.date) -> Review:
    every = journey.review_every_days or default_days
    if journey.last_reviewed is None:
        return Review(None, every, None, "never-reviewed")
    due = journey.last_reviewed + dt.timedelta(days=every)
    if due < on:
        status: Freshness = "overdue"
    elif (due - on).days <= DUE_SOON_DAYS:
        status = "due-soon"
    else:
        status = "fresh"
    return Review(journey.last_reviewed, every, due, status)


@dataclass
class JourneyLookup:
    """Where each pain point and opportunity of one journey lives, and what addresses what."""

    pain_points: dict[str, tuple[Stage, PainPoint]]
    opportunities: dict[str, tuple[Stage, Opportunity]]
    addressed_by: dict[str, list[Opportunity]]

    @classmethod
    def of(cls, journey: Journey) -> JourneyLookup:
        pain_points = {p.id: (s, p) for s in journey.stages for p in s.pain_points}
        opportunities = {o.id: (s, o) for s in journey.stages for o in s.opportunities}
        addressed_by: dict[str, list[Opportunity]] = defaultdict(list)
        for _, opportunity in opportunities.values():
            for pain_id in opportunity.addresses:
                addressed_by[pain_id].append(opportunity)
        return cls(pain_points, opportunities, dict(addressed_by))

    def evidence(self, journey: Journey, evidence_id: str) -> Evidence:
        return next(e for e in journey.evidence if e.id == evidence_id)
