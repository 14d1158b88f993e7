"""Measured data beside the assumed emotion, and the evidence strength of every stage and map.

A stage's measured score is the mean of every row of every `data:` file that names it, on
the 1-5 emotion scale; its evidence strength says what it rests on: solicited data
(interviews, surveys), unsolicited data (complaints, reviews, analytics), both, or the
team's assumption only. Plain data for the templates, and the warnings `validate` and the
plugin print when the assumption and the measurement disagree or a map has no evidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..source.handbook import Handbook
from ..source.measurements import Aggregate, DataFile
from ..source.model import Journey, PersonaFile, Stage

Strength = Literal["both", "solicited", "unsolicited", "assumption"]
STRENGTHS: tuple[Strength, ...] = ("both", "solicited", "unsolicited", "assumption")
"""Strongest first: the order the landing and review pages count maps in."""
STRENGTH_LABELS: dict[str, str] = {
    "both": "solicited and unsolicited data",
    "solicited": "solicited data only",
    "unsolicited": "unsolicited data only",
    "assumption": "assumption only",
}
DEFAULT_MARGIN = 1.0
"""How far (on the 1-5 scale) the assumed emotion may be from the measured mean."""


@dataclass
class FileMeasure:
    """One data file's figures for one stage or step."""

    data: DataFile
    aggregate: Aggregate


@dataclass
class StageMeasure:
    """What was measured for one stage (or one step): the mean of every file on the 1-5
    scale, the count, the period, the most recent verbatims and each file's own figures."""

    assumed: int | None
    total: Aggregate = field(default_factory=Aggregate)
    files: list[FileMeasure] = field(default_factory=list)

    @property
    def score(self) -> float:
        """The measured mean on the 1-5 emotion scale, to one decimal."""
        return round(self.total.mean, 1)

    @property
    def rounded(self) -> int:
        """The measured mean rounded to a whole emotion (for its colour): 2.5 -> 3."""
        return min(5, max(1, int(self.total.mean + 0.5)))

    @property
    def difference(self) -> float | None:
        """Assumed minus measured, on the 1-5 scale; None when the stage is not rated."""
        if self.assumed is None:
            return None
        return self.assumed - self.total.mean

    @property
    def period(self) -> str:
        first, last = self.total.first, self.total.last
        return first if first == last else f"{first} to {last}"


def stage_measures(
    handbook: Handbook, persona: PersonaFile, journey: Journey
) -> dict[str, StageMeasure]:
    """Measured figures by stage id, for the stages that have any."""
    result: dict[str, StageMeasure] = {}
    emotions = {stage.id: stage.emotion for stage in journey.stages}
    for data in handbook.measured.get((persona.id, journey.id), []):
        for stage_id, aggregate in data.stages.items():
            measure = result.setdefault(stage_id, StageMeasure(emotions.get(stage_id)))
            measure.total.merge(aggregate)
            measure.files.append(FileMeasure(data, aggregate))
    order = {stage.id: i for i, stage in enumerate(journey.stages)}
    return dict(sorted(result.items(), key=lambda item: order.get(item[0], 0)))


def step_measures(
    handbook: Handbook, persona: PersonaFile, journey: Journey, stage: Stage
) -> dict[int, StageMeasure]:
    """Measured figures by step index (0-based) of one stage, for steps that have any."""
    result: dict[int, StageMeasure] = {}
    for data in handbook.measured.get((persona.id, journey.id), []):
        for (stage_id, index), aggregate in data.steps.items():
            if stage_id != stage.id:
                continue
            step = stage.steps[index]
            measure = result.setdefault(index, StageMeasure(step.emotion))
            measure.total.merge(aggregate)
            measure.files.append(FileMeasure(data, aggregate))
    return dict(sorted(result.items()))


def _strength(kinds: set[str]) -> Strength:
    if {"solicited", "unsolicited"} <= kinds:
        return "both"
    if kinds:
        return "solicited" if "solicited" in kinds else "unsolicited"
    return "assumption"


def stage_strength(
    handbook: Handbook, persona: PersonaFile, journey: Journey, stage: Stage
) -> Strength:
    """What a stage rests on: the kinds of the evidence its pain points cite, and of the
    data files with rows for it."""
    kinds: set[str] = {e.kind for e in journey.evidence if _cited(stage, e.id)}
    for data in handbook.measured.get((persona.id, journey.id), []):
        if stage.id in data.stages:
            kinds.add(data.spec.kind)
    return _strength(kinds)


def _cited(stage: Stage, evidence_id: str) -> bool:
    return any(evidence_id in pain.evidence for pain in stage.pain_points)


def journey_strength(handbook: Handbook, persona: PersonaFile, journey: Journey) -> Strength:
    """What a map rests on: every evidence item it lists and every data file it names."""
    kinds: set[str] = {e.kind for e in journey.evidence}
    kinds.update(d.kind for d in journey.data)
    return _strength(kinds)


def strength_counts(handbook: Handbook) -> dict[Strength, int]:
    """How many maps rest on each kind of evidence, strongest first."""
    counts: dict[Strength, int] = dict.fromkeys(STRENGTHS, 0)
    for persona in handbook.personas:
        for journey in persona.journeys:
            counts[journey_strength(handbook, persona, journey)] += 1
    return counts


def measured_warnings(handbook: Handbook, margin: float = DEFAULT_MARGIN) -> list[str]:
    """Validated maps with no evidence at all, and stages whose assumed emotion is more than
    `margin` from the measured mean (on the 1-5 scale).

    Only maps marked `status: validated` are held to having evidence: a draft (the default)
    is a hypothesis by definition, and its page says so in a banner."""
    warnings: list[str] = []
    for persona in handbook.personas:
        for journey in persona.journeys:
            if journey.status == "validated" and not journey.evidence and not journey.data:
                warnings.append(
                    f"{persona.file}: journey '{journey.id}' is marked validated but has no "
                    "evidence: add the research it rests on under 'evidence:' or measured "
                    "data under 'data:', or set 'status: draft'"
                )
            for stage_id, measure in stage_measures(handbook, persona, journey).items():
                difference = measure.difference
                if difference is None or abs(difference) <= margin:
                    continue
                files = ", ".join(
                    f"{f.data.spec.file}: {f.data.scale_name} mean {f.aggregate.raw_mean:.1f}"
                    for f in measure.files
                )
                warnings.append(
                    f"{persona.file}: journey '{journey.id}', stage '{stage_id}': the assumed "
                    f"emotion {measure.assumed} is {abs(difference):.2f} "
                    f"{'above' if difference > 0 else 'below'} the measured "
                    f"{measure.score:.1f} from {measure.total.count:,} responses ({files}), "
                    f"more than the margin of {margin:g}; revisit the emotion or the data"
                )
    return warnings
