"""Measured data beside the assumed emotion, and the evidence behind every stage and map.

A stage's measured score is the mean of every row of every `data:` file that names it, on
the 1-5 emotion scale. Its evidence counts every kind the format has: the `evidence:` items
its pain points cite and the data files with rows for it (solicited: interviews, surveys;
unsolicited: complaints, reviews, analytics), and its `metrics:` with a value (measured),
with the date of the newest item; with none of them it rests on the team's assumption.
Plain data for the templates, and the warnings `validate` and the plugin print when the
assumption and the measurement disagree or a map has no evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..source.measured_data import Aggregate, DataFile
from . import messages
from .labels import age_words, plural
from .messages import N_, _

if TYPE_CHECKING:
    from collections.abc import Iterable

    from ..source.handbook import Handbook
    from ..source.model import Evidence, Journey, PainPoint, PersonaFile, Stage

__all__ = [
    "DEFAULT_MARGIN",
    "DEFAULT_STALE_DAYS",
    "EvidenceSummary",
    "StageMeasure",
    "measured_warnings",
    "stage_measures",
    "strength_counts",
]

Strength = Literal["both", "solicited", "unsolicited", "measured", "assumption"]
STRENGTHS: tuple[Strength, ...] = ("both", "solicited", "unsolicited", "measured", "assumption")
"""Strongest first: the order the landing and review pages count maps in. `measured` is
metrics without any research behind them."""
STRENGTH_LABELS: dict[str, str] = {
    "both": N_("solicited and unsolicited data"),
    "solicited": N_("solicited data only"),
    "unsolicited": N_("unsolicited data only"),
    "measured": N_("metrics only"),
    "assumption": N_("assumption only"),
}
"""What a map or item rests on, in words (English messages: `_()` where a page shows them)."""
_PLUS_METRICS = {
    "both": N_("solicited and unsolicited data plus metrics"),
    "solicited": N_("solicited data plus metrics"),
    "unsolicited": N_("unsolicited data plus metrics"),
}
"""Research backed by metrics as well, in words."""
DEFAULT_MARGIN = 1.0
"""How far (on the 1-5 scale) the assumed emotion may be from the measured mean."""
DEFAULT_STALE_DAYS = 365
"""Evidence whose newest item is older than this is marked with its age."""


@dataclass(frozen=True)
class EvidenceSummary:
    """What a stage, map or pain point rests on, and how old its newest evidence is."""

    research: frozenset[str] = frozenset()
    """`solicited` and `unsolicited`: the kinds of its evidence items and data files."""
    measured: bool = False
    """Measured figures: rows of a data file, or metrics with a value."""
    metrics: bool = False
    """Metrics with a value (a target alone measures nothing)."""
    newest: dt.date | None = None
    """The date of the newest dated item (evidence `date`, a data file's latest row)."""
    age_days: int | None = None
    stale: bool = False
    """The newest item is older than `stale_evidence_days`."""

    @property
    def strength(self) -> Strength:
        if {"solicited", "unsolicited"} <= self.research:
            return "both"
        if self.research:
            return "solicited" if "solicited" in self.research else "unsolicited"
        return "measured" if self.metrics else "assumption"

    @property
    def badges(self) -> list[str]:
        """The badge words, strongest first: `solicited`, `unsolicited`, `measured`, or
        `assumption` alone."""
        words: list[str] = [k for k in ("solicited", "unsolicited") if k in self.research]
        if self.measured:
            words.append("measured")
        return words or ["assumption"]

    @property
    def label(self) -> str:
        """In words: 'solicited data only', 'solicited data plus metrics', 'metrics only'."""
        strength = self.strength
        if self.metrics and strength in _PLUS_METRICS:
            return _(_PLUS_METRICS[strength])
        return _(STRENGTH_LABELS[strength])

    @property
    def age(self) -> str:
        """'12 months' for the newest item's age, '' when nothing is dated."""
        return age_words(self.age_days) if self.age_days is not None else ""


def summarize_evidence(
    items: Iterable[Evidence],
    data: Iterable[tuple[str, Aggregate]] = (),
    *,
    metrics: bool = False,
    on: dt.date | None = None,
    stale_days: int = DEFAULT_STALE_DAYS,
) -> EvidenceSummary:
    """The one place evidence is weighed: evidence items, (kind, rows) of data files, and
    whether there are metrics with a value; its age as of `on` (the build date)."""
    research: set[str] = set()
    dates: list[dt.date] = []
    measured = metrics
    for item in items:
        research.add(item.kind)
        if item.date is not None:
            dates.append(item.date)
    for kind, aggregate in data:
        research.add(kind)
        measured = True
        if aggregate.last:
            dates.append(dt.date.fromisoformat(aggregate.last))
    newest = max(dates, default=None)
    # A date after the build date counts as today's: it is new, not "-3 days old".
    age = max(0, (on - newest).days) if on is not None and newest is not None else None
    stale = age is not None and age > stale_days
    return EvidenceSummary(frozenset(research), measured, metrics, newest, age, stale)


def _has_metric_values(stages: Iterable[Stage]) -> bool:
    return any(metric.value for stage in stages for metric in stage.metrics)


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
    def score_label(self) -> str:
        """The score as the pages print it: `3.4/5` (`3,4/5` in German)."""
        return f"{messages.current().number(self.score, decimals=1)}/5"

    @property
    def responses(self) -> str:
        """`1 response`, `1,024 responses`."""
        return plural(self.total.count, "response", "responses")

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
        return first if first == last else _("{first} to {last}").format(first=first, last=last)


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


def stage_evidence(
    handbook: Handbook,
    persona: PersonaFile,
    journey: Journey,
    stage: Stage,
    *,
    on: dt.date | None = None,
    stale_days: int = DEFAULT_STALE_DAYS,
) -> EvidenceSummary:
    """What a stage rests on: the evidence its pain points cite (or that verifies their
    fixes), the data files with rows for it, and its metrics with a value."""
    cited = {i for pain in stage.pain_points for i in (*pain.evidence, *pain.verified_by)}
    return summarize_evidence(
        [e for e in journey.evidence if e.id in cited],
        [
            (data.spec.kind, data.stages[stage.id])
            for data in handbook.measured.get((persona.id, journey.id), [])
            if stage.id in data.stages
        ],
        metrics=_has_metric_values([stage]),
        on=on,
        stale_days=stale_days,
    )


def pain_evidence(
    journey: Journey,
    pain: PainPoint,
    *,
    on: dt.date | None = None,
    stale_days: int = DEFAULT_STALE_DAYS,
) -> EvidenceSummary:
    """What a pain point rests on: the evidence items it cites, and those that verify its fix."""
    cited = {*pain.evidence, *pain.verified_by}
    return summarize_evidence(
        [e for e in journey.evidence if e.id in cited], on=on, stale_days=stale_days
    )


def journey_evidence(
    handbook: Handbook,
    persona: PersonaFile,
    journey: Journey,
    *,
    on: dt.date | None = None,
    stale_days: int = DEFAULT_STALE_DAYS,
) -> EvidenceSummary:
    """What a map rests on: every evidence item it lists, every data file it names (rows
    read or not), and its stages' metrics with a value."""
    loaded = {id(d.spec): d for d in handbook.measured.get((persona.id, journey.id), [])}
    data: list[tuple[str, Aggregate]] = []
    for spec in journey.data:
        total = Aggregate()
        for aggregate in loaded[id(spec)].stages.values() if id(spec) in loaded else []:
            total.merge(aggregate)
        data.append((spec.kind, total))
    return summarize_evidence(
        journey.evidence,
        data,
        metrics=_has_metric_values(journey.stages),
        on=on,
        stale_days=stale_days,
    )


def journey_strength(handbook: Handbook, persona: PersonaFile, journey: Journey) -> Strength:
    """What a map rests on, as one of STRENGTHS (see `journey_evidence`)."""
    return journey_evidence(handbook, persona, journey).strength


def strength_counts(handbook: Handbook) -> dict[Strength, int]:
    """How many maps rest on each kind of evidence, strongest first. Archived maps are out
    of every count, as they are out of the review queue."""
    counts: dict[Strength, int] = dict.fromkeys(STRENGTHS, 0)
    for persona in handbook.personas:
        for journey in persona.journeys:
            if journey.status != "archived":
                counts[journey_strength(handbook, persona, journey)] += 1
    return counts


def strength_words(counts: dict[Strength, int]) -> list[str]:
    """The counts of `strength_counts` in words, strongest first: `3 maps on solicited data only`."""
    return [
        _("{maps} on {evidence}").format(
            maps=plural(counts[s], "map", "maps"), evidence=_(STRENGTH_LABELS[s])
        )
        for s in STRENGTHS
    ]


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
                    f"{measure.score:.1f} from {plural(measure.total.count, 'response')} ({files}), "
                    f"more than the margin of {margin:g}; revisit the emotion or the data"
                )
    return warnings
