"""What a journey page shows at a glance: its emotion chart (every step, the line through
them, the compared map's line behind, measured scores over the assumed ones), the summary
figures under the title and the icon of each touchpoint's channel. Plain data and SVG
coordinates; the templates draw them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from ..source.model import EMOTION_LABELS, Catalog, Journey, PainPointStatus, Stage
from .lifecycle import journey_pain_statuses, status_counts
from .measured import StageMeasure

CHART_WIDTH = 100
CHART_HEIGHT = 40
_PAD = 4


def emotion_y(emotion: float, height: float = CHART_HEIGHT) -> float:
    """The y of an emotion (1 at the bottom, 5 at the top) in a chart `height` units high."""
    return round(height - _PAD - (emotion - 1) * (height - 2 * _PAD) / 4, 2)


@dataclass(frozen=True)
class ChartPoint:
    x: float
    y: float
    emotion: int
    """The whole emotion for the point's colour (a measured mean rounded half up)."""
    label: str
    """What the point stands for: a step's action, or a stage without rated steps."""
    step: bool
    stage_id: str = ""
    measured: StageMeasure | None = None
    """For a measured point: the stage's measured figures (score, count, period)."""


@dataclass(frozen=True)
class StageEmotion:
    """One stage's emotion as the grid prints it: the stage value and its steps' range."""

    stage: Stage
    emotion: int | None
    low: int | None
    high: int | None

    @property
    def spread(self) -> str | None:
        """`2-4` when the stage's steps differ, else None."""
        if self.low is None or self.high is None or self.low == self.high:
            return None
        return f"{self.low}–{self.high}"


@dataclass
class EmotionChart:
    """The journey's emotion as SVG geometry in a 100 x 40 box stretched over the stages.

    `points` are the team's assumption (every rated step), drawn hollow; `measured` one
    filled point per stage with measured data, at the stage's measured mean. When there
    is any, the main line follows the measured points (and the assumed points of stages
    without data) and the assumption stays behind it as a faint line of its own."""

    points: list[ChartPoint]
    stages: list[StageEmotion]
    baseline: list[ChartPoint] = field(default_factory=list)
    measured: list[ChartPoint] = field(default_factory=list)
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT

    @cached_property
    def followed(self) -> list[ChartPoint]:
        """The points the main line goes through, in order: a stage's measured point where
        it has one, else its assumed points."""
        if not self.measured:
            return self.points
        measured = {p.stage_id: p for p in self.measured}
        assumed: dict[str, list[ChartPoint]] = {}
        for point in self.points:
            assumed.setdefault(point.stage_id, []).append(point)
        followed: list[ChartPoint] = []
        for stage in self.stages:
            found = measured.get(stage.stage.id)
            followed += [found] if found else assumed.get(stage.stage.id, [])
        return followed

    @property
    def line(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.followed)

    @property
    def assumed_line(self) -> str:
        """The assumption on its own, drawn faint behind a measured line."""
        return " ".join(f"{p.x},{p.y}" for p in self.points)

    @property
    def baseline_line(self) -> str:
        return " ".join(f"{p.x},{p.y}" for p in self.baseline)

    @property
    def neutral_y(self) -> float:
        return emotion_y(3, self.height)

    @property
    def scale(self) -> list[tuple[int, str, float]]:
        """(value, words, y as a percentage of the height), 5 at the top."""
        return [
            (v, EMOTION_LABELS[v], emotion_y(v, self.height) * 100 / self.height)
            for v in (5, 4, 3, 2, 1)
        ]

    @property
    def description(self) -> str:
        """The chart in words, for its accessible name."""
        parts = []
        measured = {p.stage_id: p.measured for p in self.measured if p.measured}
        for s in self.stages:
            value = f"{s.emotion} of 5" if s.emotion is not None else "not rated"
            if s.spread:
                value += f" (steps {s.spread})"
            found = measured.get(s.stage.id)
            if found is not None:
                value = f"measured {found.score:.1f} of 5, assumed {value}"
            parts.append(f"{s.stage.name} {value}")
        return "; ".join(parts)


def _points(stages: list[Stage], columns: dict[str, int], count: int) -> list[ChartPoint]:
    points = []
    for stage in stages:
        if stage.id not in columns:
            continue
        column = columns[stage.id]
        rated = [(step.action, step.emotion) for step in stage.steps if step.emotion is not None]
        if rated:
            for number, (action, emotion) in enumerate(rated):
                x = (column + (number + 1) / (len(rated) + 1)) * CHART_WIDTH / count
                points.append(
                    ChartPoint(round(x, 2), emotion_y(emotion), emotion, action, True, stage.id)
                )
        elif stage.emotion is not None:
            x = (column + 0.5) * CHART_WIDTH / count
            y = emotion_y(stage.emotion)
            points.append(ChartPoint(round(x, 2), y, stage.emotion, stage.name, False, stage.id))
    return points


def emotion_chart(
    journey: Journey,
    baseline: Journey | None = None,
    measures: Mapping[str, StageMeasure] | None = None,
) -> EmotionChart:
    """Every rated step as a point, in stage columns; stages without rated steps at their
    centre. `baseline` (the map this one is compared to) is matched by stage id;
    `measures` (measured figures by stage id) puts a measured point at each stage's centre."""
    count = len(journey.stages)
    columns = {stage.id: index for index, stage in enumerate(journey.stages)}
    stages = []
    for stage in journey.stages:
        felt = [step.emotion for step in stage.steps if step.emotion is not None]
        stages.append(
            StageEmotion(
                stage, stage.emotion, min(felt) if felt else None, max(felt) if felt else None
            )
        )
    other = _points(baseline.stages, columns, count) if baseline else []
    measured = [
        ChartPoint(
            round((columns[stage.id] + 0.5) * CHART_WIDTH / count, 2),
            emotion_y(measure.total.mean),
            measure.rounded,
            stage.name,
            False,
            stage.id,
            measure,
        )
        for stage in journey.stages
        if (measure := (measures or {}).get(stage.id)) is not None
    ]
    return EmotionChart(_points(journey.stages, columns, count), stages, other, measured)


@dataclass(frozen=True)
class Glance:
    """The summary under a journey page's title."""

    lowest: list[Stage]
    """The stages with the lowest emotion (ties all listed), empty when none is rated."""
    critical: int
    """Open critical pain points: a fix shipped, verified or won't fix is not counted."""
    high: int
    open_opportunities: int
    sparkline: str
    """SVG points of the stage emotions in a 100 x 24 box."""
    pain_states: dict[PainPointStatus, int] = field(default_factory=dict)
    """Pain points by lifecycle state (open, fix-shipped, verified, wont-fix)."""
    rated: int = 0
    """How many stages have an emotion."""

    @property
    def lowest_emotion(self) -> int | None:
        return self.lowest[0].emotion if self.lowest else None

    @property
    def lowest_kind(self) -> str:
        """How the lowest point reads: 'none' (no stage rated), 'one' stage, 'pair' of tied
        stages (named), 'several' tied (counted), or 'all' rated stages at one value."""
        if not self.lowest:
            return "none"
        if len(self.lowest) == 1:
            return "one"
        if len(self.lowest) == self.rated:
            return "all"
        return "pair" if len(self.lowest) == 2 else "several"

    @property
    def closed_pain_points(self) -> int:
        """Pain points no longer counted: fix shipped, verified or won't fix."""
        return sum(n for state, n in self.pain_states.items() if state != "open")


def glance(journey: Journey) -> Glance:
    scores = [(i, s, s.emotion) for i, s in enumerate(journey.stages) if s.emotion is not None]
    low = min((emotion for _, _, emotion in scores), default=None)
    statuses = journey_pain_statuses(journey)
    pains = [p for s in journey.stages for p in s.pain_points if statuses[p.id].open]
    count = len(journey.stages)
    spark = " ".join(
        f"{round((i + 0.5) * 100 / count, 2)},{emotion_y(emotion, 24)}" for i, _, emotion in scores
    )
    return Glance(
        lowest=[s for _, s, emotion in scores if emotion == low],
        critical=sum(p.severity == "critical" for p in pains),
        high=sum(p.severity == "high" for p in pains),
        open_opportunities=sum(
            o.status not in ("shipped", "dropped") for s in journey.stages for o in s.opportunities
        ),
        sparkline=spark,
        pain_states=status_counts(statuses.values()),
        rated=len(scores),
    )


_DEFAULT_ICONS = (
    # (words in a channel's id or name, Material Design icon)
    (("app", "mobile"), "cellphone"),
    (("web", "site", "online", "portal"), "web"),
    (("phone", "call", "tel"), "phone"),
    (("email", "e-mail", "mail"), "email-outline"),
    (("post", "letter"), "mailbox"),
    (("chat", "messag", "sms", "whatsapp"), "chat-outline"),
    (("broker", "partner", "agent", "reseller"), "handshake-outline"),
    (("social", "review", "community", "forum"), "account-group-outline"),
    (("person", "visit", "store", "shop", "branch", "office", "home"), "account-tie"),
)
FALLBACK_ICON = "circle-medium"


def channel_icons(catalog: Catalog) -> dict[str, str]:
    """Channel id -> Material icon name: the channel's `icon:`, else a default by id/name."""
    icons = {}
    for channel in catalog.channels:
        if channel.icon:
            icons[channel.id] = channel.icon
            continue
        words = f"{channel.id} {channel.name}".lower()
        icons[channel.id] = next(
            (icon for keys, icon in _DEFAULT_ICONS if any(k in words for k in keys)), FALLBACK_ICON
        )
    return icons
