"""The journey map as a table, decided here so its template only lays it out: one column per
stage, the rows it has (goals, the service-blueprint lanes present, the line of visibility),
each stage's cards and chips, when the map scrolls sideways, and each cell's place in the
one-card-per-stage layout of a phone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import chips
from .emotion_curve import column_x
from .labels import LANES
from .registers import Place
from .tickets import CardTickets

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from ..source.model import Journey, Opportunity, PainPoint, PersonaFile, Stage
    from .evidence import EvidenceSummary, StageMeasure
    from .glance import EmotionChart, StageEmotion
    from .lifecycle import PainStatus

__all__ = ["filled_lanes", "stage_grid"]

SCROLL_HINT_AFTER = 8
"""Stages beyond which the map says that it scrolls sideways: more do not fit a laptop."""
LONG_AFTER = 5
"""Stages beyond which columns keep a readable width and the table scrolls instead."""
ROW_ORDER = {
    "stage": 0,
    "goal": 1,
    "steps": 2,
    "lane": 3,
    "emotion": 10,
    "pains": 11,
    "opportunities": 12,
}
"""Where each row's cell goes in its stage's card on a phone (the stylesheet's `--o`); the
lanes take 3, 4 and 5, in reading order."""
_STAGE_ORDER_STEP = 20


@dataclass(frozen=True)
class Lane:
    """A service-blueprint lane some stage of the map fills."""

    key: str
    label: str
    index: int
    """Its place among the lanes shown, for the phone layout's order."""
    after_visibility_line: bool
    """The line of visibility is drawn right above this lane (the first one not frontstage)."""

    @property
    def cell_label(self) -> str:
        """What a phone shows before the lane's cell, where the line itself is not drawn."""
        if self.key == "backstage":
            return f"{self.label} (behind the line of visibility)"
        return self.label


@dataclass(frozen=True)
class PainCard:
    """A pain point on the grid, with what it rests on and the tickets it cites."""

    pain: PainPoint
    status: PainStatus
    evidence: EvidenceSummary
    tickets: CardTickets


@dataclass(frozen=True)
class OpportunityCard:
    """An opportunity on the grid, with the tickets it cites."""

    opportunity: Opportunity
    tickets: CardTickets


@dataclass(frozen=True)
class StageColumn:
    """One stage of the map: its column of cells."""

    place: Place
    number: int
    """1 for the first stage."""
    evidence: EvidenceSummary
    emotion: StageEmotion
    measure: StageMeasure | None
    pains: list[PainCard]
    opportunities: list[OpportunityCard]

    @property
    def stage(self) -> Stage:
        return self.place.stage

    def order(self, row: str, lane: Lane | None = None) -> int:
        """The cell's place in the one-card-per-stage layout of a phone."""
        return self.number * _STAGE_ORDER_STEP + ROW_ORDER[row] + (lane.index if lane else 0)

    @property
    def emotion_chip(self) -> chips.Chip | None:
        """The stage's emotion, worded for the grid's narrow cell; None when not rated."""
        value = self.emotion.emotion
        return chips.emotion(value, "compact") if value else None

    @property
    def measured_chip(self) -> chips.Chip | None:
        """The stage's measured score, where it has measured data."""
        return chips.measured(self.measure) if self.measure else None

    @property
    def measured_title(self) -> str:
        """The tooltip of the measured score: responses and period."""
        if self.measure is None:
            return ""
        return f"{self.measure.total.count} responses, {self.measure.period}"


@dataclass(frozen=True)
class StageGrid:
    """Everything the grid of one journey shows: its columns, the lanes and the chart."""

    journey: Journey
    chart: EmotionChart
    columns: list[StageColumn]
    lanes: list[Lane]

    @property
    def count(self) -> int:
        return len(self.columns)

    @property
    def scroll_hint(self) -> str | None:
        """A line above a map too wide for a laptop, saying it scrolls."""
        if self.count <= SCROLL_HINT_AFTER:
            return None
        return f"{self.count} stages: the map scrolls sideways (→), its row names stay in view."

    @property
    def long(self) -> bool:
        """Too many stages to squeeze: the columns keep their width and the table scrolls."""
        return self.count > LONG_AFTER

    @property
    def has_goals(self) -> bool:
        return any(column.stage.goal for column in self.columns)

    @property
    def measured_data(self) -> bool:
        """The map names measured data, so each emotion says whether it is assumed."""
        return bool(self.journey.data)

    @property
    def stage_lines(self) -> list[float]:
        """The x of the lines between stage columns on the emotion chart."""
        width = self.chart.width
        return [column_x(n, self.count, width) for n in range(1, self.count)]


def stage_grid(
    persona: PersonaFile,
    journey: Journey,
    chart: EmotionChart,
    measures: Mapping[str, StageMeasure],
    statuses: Mapping[str, PainStatus],
    stage_evidence: Callable[[Stage], EvidenceSummary],
    pain_evidence: Callable[[PainPoint], EvidenceSummary],
) -> StageGrid:
    """The grid of `journey`, with its chart, measured figures, pain point statuses and the
    evidence of each stage and pain point (judged on the build date by the caller)."""
    columns = [
        StageColumn(
            Place(persona, journey, stage),
            number,
            stage_evidence(stage),
            emotion,
            measures.get(stage.id),
            [
                PainCard(pain, statuses[pain.id], pain_evidence(pain), CardTickets.of(pain.tickets))
                for pain in stage.pain_points
            ],
            [OpportunityCard(o, CardTickets.of(o.tickets)) for o in stage.opportunities],
        )
        for number, (stage, emotion) in enumerate(
            zip(journey.stages, chart.stages, strict=True), start=1
        )
    ]
    lanes = []
    line_drawn = False
    for index, (key, label, _) in enumerate(filled_lanes(journey.stages)):
        line_here = key != "frontstage" and not line_drawn
        line_drawn = line_drawn or line_here
        lanes.append(Lane(key, label, index, line_here))
    return StageGrid(journey, chart, columns, lanes)


def filled_lanes(stages: list[Stage]) -> list[tuple[str, str, str]]:
    """The service-blueprint lanes (key, heading, what it holds) some of `stages` fill, in
    reading order: the grid shows these rows, a stage page these lists."""
    return [lane for lane in LANES if any(getattr(stage, lane[0]) for stage in stages)]
