"""What a journey page shows at a glance: its emotion chart (every step, the line through
them, the compared map's line behind, measured scores over the assumed ones), the summary
figures under the title and the icon of each touchpoint's channel. Plain data and SVG
coordinates; the templates draw them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .chips import Chip
from .chips import emotion as emotion_chip
from .emotion_curve import (
    CHART_HEIGHT,
    CHART_WIDTH,
    CurvePoint,
    column_x,
    emotion_curve,
    emotion_y,
    polyline,
)
from .labels import PAIN_STATUS_LABELS, emotion_words, number_word
from .lifecycle import journey_pain_statuses, status_counts
from .messages import _

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ..source.model import Catalog, Journey, PainPointStatus, Stage
    from .evidence import StageMeasure

__all__ = ["EmotionChart", "StageEmotion", "channel_icons", "emotion_chart", "glance"]

SPARKLINE_WIDTH = 100
SPARKLINE_HEIGHT = 24
"""The sparkline under a journey's title: stage emotions in a box this size."""


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

    points: list[CurvePoint]
    stages: list[StageEmotion]
    baseline: list[CurvePoint] = field(default_factory=list)
    measured: list[CurvePoint] = field(default_factory=list)
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT

    @cached_property
    def followed(self) -> list[CurvePoint]:
        """The points the main line goes through, in order: a stage's measured point where
        it has one, else its assumed points."""
        if not self.measured:
            return self.points
        measured = {p.stage_id: p for p in self.measured}
        assumed: dict[str, list[CurvePoint]] = {}
        for point in self.points:
            assumed.setdefault(point.stage_id, []).append(point)
        followed: list[CurvePoint] = []
        for stage in self.stages:
            found = measured.get(stage.stage.id)
            followed += [found] if found else assumed.get(stage.stage.id, [])
        return followed

    @property
    def line(self) -> str:
        return polyline(self.followed)

    @property
    def draws_line(self) -> bool:
        """A line needs two points; one point alone is drawn as a point."""
        return len(self.followed) > 1

    @property
    def draws_assumed_line(self) -> bool:
        """The assumption's own faint line, behind a line that follows measured points."""
        return bool(self.measured) and len(self.points) > 1

    @property
    def draws_baseline(self) -> bool:
        return len(self.baseline) > 1

    @property
    def assumed_line(self) -> str:
        """The assumption on its own, drawn faint behind a measured line."""
        return polyline(self.points)

    @property
    def baseline_line(self) -> str:
        return polyline(self.baseline)

    @property
    def neutral_y(self) -> float:
        return emotion_y(3, self.height)

    @property
    def scale(self) -> list[tuple[int, str, float]]:
        """(value, words, y as a percentage of the height), 5 at the top."""
        return [
            (v, emotion_words(v), emotion_y(v, self.height) * 100 / self.height)
            for v in (5, 4, 3, 2, 1)
        ]

    @property
    def description(self) -> str:
        """The chart in words, for its accessible name."""
        parts = []
        measured = {p.stage_id: p.measured for p in self.measured if p.measured}
        for s in self.stages:
            value = (
                _("not rated")
                if s.emotion is None
                else _("{emotion} of 5").format(emotion=s.emotion)
            )
            if s.spread:
                value = _("{emotion} (steps {spread})").format(emotion=value, spread=s.spread)
            found = measured.get(s.stage.id)
            if found is not None:
                value = _("measured {score} of 5, assumed {assumed}").format(
                    score=f"{found.score:.1f}", assumed=value
                )
            parts.append(f"{s.stage.name} {value}")
        return "; ".join(parts)


def _points(stages: list[Stage], columns: dict[str, int], count: int) -> list[CurvePoint]:
    points = []
    for stage in stages:
        if stage.id not in columns:
            continue
        column = columns[stage.id]
        rated = [(step.action, step.emotion) for step in stage.steps if step.emotion is not None]
        if rated:
            for number, (action, emotion) in enumerate(rated):
                x = column_x(column + (number + 1) / (len(rated) + 1), count)
                points.append(CurvePoint(x, emotion_y(emotion), emotion, action, stage.id, True))
        elif stage.emotion is not None:
            x = column_x(column + 0.5, count)
            y = emotion_y(stage.emotion)
            points.append(CurvePoint(x, y, stage.emotion, stage.name, stage.id))
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
        CurvePoint(
            column_x(columns[stage.id] + 0.5, count),
            emotion_y(measure.total.mean),
            measure.rounded,
            stage.name,
            stage.id,
            measured=measure,
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
    """SVG points of the stage emotions in a SPARKLINE_WIDTH x SPARKLINE_HEIGHT box."""
    pain_states: dict[PainPointStatus, int] = field(default_factory=dict)
    """Pain points by lifecycle state (open, fix-shipped, verified, wont-fix)."""
    rated: int = 0
    """How many stages have an emotion."""
    sparkline_label: str = ""
    """The sparkline in words, for its accessible name: each stage and its emotion."""
    sparkline_width: int = SPARKLINE_WIDTH
    sparkline_height: int = SPARKLINE_HEIGHT

    @property
    def sparkline_neutral_y(self) -> float | int:
        """The y of neutral (3), a whole number when it is one (`12`, not `12.0`)."""
        y = emotion_y(3, self.sparkline_height)
        return int(y) if y.is_integer() else y

    @property
    def lowest_emotion(self) -> int | None:
        return self.lowest[0].emotion if self.lowest else None

    @property
    def lowest_chip(self) -> Chip | None:
        """The lowest emotion as a score (`2/5`, its words as the tooltip)."""
        low = self.lowest_emotion
        return emotion_chip(low, "score") if low is not None else None

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
    def tied(self) -> str:
        """How many stages share the lowest emotion, in words: `three`; `both` or `all four`
        when every rated stage does."""
        count = len(self.lowest)
        if self.lowest_kind == "all":
            if count == 2:
                return _("both")
            return _("all {count}").format(count=number_word(count))
        return number_word(count)

    @property
    def closed_pain_points(self) -> int:
        """Pain points no longer counted: fix shipped, verified or won't fix."""
        return sum(n for state, n in self.pain_states.items() if state != "open")

    @property
    def closed_words(self) -> str:
        """The pain points not counted, by state: `1 fix shipped, 2 verified`."""
        return ", ".join(
            f"{n} {_(PAIN_STATUS_LABELS[state])}"
            for state, n in self.pain_states.items()
            if state != "open" and n
        )


def glance(journey: Journey) -> Glance:
    scores = [(i, s, s.emotion) for i, s in enumerate(journey.stages) if s.emotion is not None]
    low = min((emotion for _, _, emotion in scores), default=None)
    statuses = journey_pain_statuses(journey)
    pains = [p for s in journey.stages for p in s.pain_points if statuses[p.id].open]
    spark = polyline(emotion_curve(journey.stages, SPARKLINE_WIDTH, SPARKLINE_HEIGHT))
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
        sparkline_label=", ".join(
            f"{s.name} {s.emotion or _('not rated')}" for s in journey.stages
        ),
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
