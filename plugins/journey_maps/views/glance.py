"""What a journey page shows at a glance: its emotion chart (every step, the line through
them, the compared map's line behind), the summary figures under the title and the icon of
each touchpoint's channel. Plain data and SVG coordinates; the templates draw them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..source.model import EMOTION_LABELS, Catalog, Journey, Stage

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
    label: str
    """What the point stands for: a step's action, or a stage without rated steps."""
    step: bool


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
    """The journey's emotion as SVG geometry in a 100 x 40 box stretched over the stages."""

    points: list[ChartPoint]
    stages: list[StageEmotion]
    baseline: list[ChartPoint] = field(default_factory=list)
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT

    @property
    def line(self) -> str:
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
        for s in self.stages:
            value = f"{s.emotion} of 5" if s.emotion is not None else "not rated"
            if s.spread:
                value += f" (steps {s.spread})"
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
                points.append(ChartPoint(round(x, 2), emotion_y(emotion), emotion, action, True))
        elif stage.emotion is not None:
            x = (column + 0.5) * CHART_WIDTH / count
            points.append(
                ChartPoint(round(x, 2), emotion_y(stage.emotion), stage.emotion, stage.name, False)
            )
    return points


def emotion_chart(journey: Journey, baseline: Journey | None = None) -> EmotionChart:
    """Every rated step as a point, in stage columns; stages without rated steps at their
    centre. `baseline` (the map this one is compared to) is matched by stage id."""
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
    return EmotionChart(_points(journey.stages, columns, count), stages, other)


@dataclass(frozen=True)
class Glance:
    """The summary under a journey page's title."""

    lowest: list[Stage]
    """The stages with the lowest emotion (ties all listed), empty when none is rated."""
    critical: int
    high: int
    open_opportunities: int
    sparkline: str
    """SVG points of the stage emotions in a 100 x 24 box."""

    @property
    def lowest_emotion(self) -> int | None:
        return self.lowest[0].emotion if self.lowest else None


def glance(journey: Journey) -> Glance:
    scores = [(i, s, s.emotion) for i, s in enumerate(journey.stages) if s.emotion is not None]
    low = min((emotion for _, _, emotion in scores), default=None)
    pains = [p for s in journey.stages for p in s.pain_points]
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
