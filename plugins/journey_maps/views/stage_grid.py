"""The journey map as a table, decided here so its template only lays it out: one column per
stage, the rows it has (goals, the service-blueprint lanes present and the lines between
them), each stage's cards and chips and the cell each card sits in (its lane and step, where
the author names them), when the map scrolls sideways, and each cell's place in the
one-card-per-stage layout of a phone.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from . import chips
from .emotion_curve import column_x
from .labels import BLUEPRINT_LINES, LANE_WORDS, LANES, plural
from .messages import _, current, ngettext
from .registers import Place
from .tickets import CardTickets

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from ..source.model import Journey, Opportunity, PainPoint, PersonaFile, Stage
    from .evidence import EvidenceSummary, StageMeasure
    from .glance import EmotionChart, StageEmotion
    from .lifecycle import PainStatus

__all__ = ["filled_lanes", "placement_words", "stage_grid"]

SCROLL_HINT_AFTER = 8
"""Stages beyond which the map says that it scrolls sideways: more do not fit a laptop."""
LONG_AFTER = 5
"""Stages beyond which columns keep a readable width and the table scrolls instead; such a
map offers the compact mode, which fits up to COMPACT_FITS stages on a laptop."""
FITS_FROM = ((5, 1220), (6, 1440), (8, 1920))
"""(most stages, narrowest screen in px that fits them): a map that fits its screen is no
scroll box of its own, so the page's scroll keeps its stage names in view (the stylesheet's
`jm-grid-scroll--fits-<px>` rules, for columns of 9.5rem beside 6.5rem of row labels)."""
COMPACT_FITS = 10
"""Most stages the compact mode fits across a 1440 px screen without scrolling sideways."""
ROW_ORDER = {
    "stage": 0,
    "goal": 1,
    "lane": 2,
    "steps": 3,
    "below": 4,
    "emotion": 10,
    "pains": 11,
    "opportunities": 12,
}
"""Where each row's cell goes in its stage's card on a phone (the stylesheet's `--o`): the
physical evidence lane (2) before the steps (3), the lanes below the steps from 4 on, in
reading order. The desktop map puts the curve, emotions, pain points and opportunities
first instead (the template's row order), so its first screen shows them."""
_STAGE_ORDER_STEP = 20
_ACTION_WORDS = 60
"""Characters of a step's action a placement names ("at step 2 (Calls the…)")."""

CUSTOMER = "customer"
"""The lane of the customer's actions: the stage's steps."""
_ABOVE_STEPS = ("physical_evidence",)
"""Lanes drawn above the customer's actions; the others go below them."""
_LANE_ORDER = (LANES[0], (CUSTOMER, "", ""), *LANES[1:])
"""Every lane top to bottom, the customer's actions among them."""


@dataclass(frozen=True)
class BlueprintLine:
    """One of the service blueprint's lines (interaction, visibility, internal interaction)."""

    key: str
    label: str
    note: str
    """What lies above and below it, in words."""


@dataclass(frozen=True)
class Lane:
    """A service-blueprint lane the map shows: some stage fills it or a card names it."""

    key: str
    label: str
    index: int
    """Its place among the lanes shown, for the phone layout's order."""
    lines_above: tuple[BlueprintLine, ...] = ()
    """The lines drawn right above this lane: more than one where a lane between them is
    missing (no frontstage: the lines of interaction and visibility meet)."""

    @property
    def cell_label(self) -> str:
        """What a phone shows before the lane's cell, where the lines are not drawn."""
        if self.key == "backstage":
            return _("{lane} (behind the line of visibility)").format(lane=self.label)
        return self.label


@dataclass(frozen=True)
class PainCard:
    """A pain point on the grid, with what it rests on and the tickets it cites."""

    pain: PainPoint
    status: PainStatus
    evidence: EvidenceSummary
    tickets: CardTickets
    kind: Literal["pain"] = "pain"

    @property
    def item(self) -> PainPoint:
        return self.pain


@dataclass(frozen=True)
class OpportunityCard:
    """An opportunity on the grid, with the tickets it cites."""

    opportunity: Opportunity
    tickets: CardTickets
    kind: Literal["opportunity"] = "opportunity"

    @property
    def item(self) -> Opportunity:
        return self.opportunity


def card_lane(item: PainPoint | Opportunity, stage: Stage) -> str | None:
    """The lane a card sits in: the one it names; the customer's actions when it names only
    a step (of this stage); None when it names neither (its own row, pain points or
    opportunities). A step past the stage's steps (the checks report it) counts as none."""
    step = item.step if item.step is not None and item.step <= len(stage.steps) else None
    return item.lane or (CUSTOMER if step is not None else None)


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

    @property
    def unplaced_pains(self) -> list[PainCard]:
        """The pain point row's cards: those that name no lane or step."""
        return [c for c in self.pains if card_lane(c.pain, self.stage) is None]

    @property
    def unplaced_opportunities(self) -> list[OpportunityCard]:
        """The opportunity row's cards: those that name no lane or step."""
        return [c for c in self.opportunities if card_lane(c.opportunity, self.stage) is None]

    @property
    def placed_pains_words(self) -> str:
        """In the pain point row: how many of the stage's pain points sit in a lane, and
        which, so a reader of the first screen knows to look there ('' for none)."""
        return self._placed_words([c.pain for c in self.pains], "pain")

    @property
    def placed_opportunities_words(self) -> str:
        """The same in the opportunity row, for the stage's opportunities."""
        items = [c.opportunity for c in self.opportunities]
        return self._placed_words(items, "opportunity")

    def _placed_words(
        self, items: Sequence[PainPoint | Opportunity], kind: Literal["pain", "opportunity"]
    ) -> str:
        """'1 more pain point in support', '2 more opportunities in frontstage and support':
        where the lane is drawn (below on a laptop, above on a phone) is left unsaid."""
        lanes = [card_lane(item, self.stage) for item in items]
        placed = [lane for lane in lanes if lane is not None]
        if not placed:
            return ""
        named = [_(LANE_WORDS[key]) for key, *_rest in _LANE_ORDER if key in placed]
        where = named[0]
        if len(named) > 1:
            where = _("{lanes} and {last}").format(lanes=", ".join(named[:-1]), last=named[-1])
        count = len(placed)
        if kind == "pain":
            words = ngettext(
                "{n} more pain point in {lanes}", "{n} more pain points in {lanes}", count
            )
        else:
            words = ngettext(
                "{n} more opportunity in {lanes}", "{n} more opportunities in {lanes}", count
            )
        return words.format(n=current().number(count), lanes=where)

    def in_lane(self, lane: str) -> list[PainCard | OpportunityCard]:
        """The cards drawn in `lane`'s cell of this stage (pain points first), those under a
        step of the customer's actions aside: `at_step` has them."""
        cards: list[PainCard | OpportunityCard] = [*self.pains, *self.opportunities]
        return [
            c
            for c in cards
            if card_lane(c.item, self.stage) == lane
            and not (lane == CUSTOMER and c.item.step is not None)
        ]

    def at_step(self, number: int) -> list[PainCard | OpportunityCard]:
        """The cards drawn under step `number` (1 for the first) of the customer's actions."""
        cards: list[PainCard | OpportunityCard] = [*self.pains, *self.opportunities]
        return [
            c for c in cards if c.item.step == number and card_lane(c.item, self.stage) == CUSTOMER
        ]

    def step_label(self, card: PainCard | OpportunityCard) -> str:
        """'at step 2' on a card in a lane other than the customer's actions; '' without a step."""
        step = card.item.step
        if step is None or step > len(self.stage.steps):
            return ""
        return _("at step {step}").format(step=step)

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
        responses = plural(self.measure.total.count, "response", "responses")
        return f"{responses}, {self.measure.period}"


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

    evidence_lane: Lane | None = None
    """The physical evidence lane, drawn above the customer's actions, when the map has one."""

    @property
    def scroll_hint(self) -> str | None:
        """A line above a map too wide for a laptop, saying it scrolls."""
        if self.count <= SCROLL_HINT_AFTER:
            return None
        return _(
            "{stages}: the map scrolls both ways, its stage names and row names stay in view."
        ).format(stages=plural(self.count, "stage", "stages"))

    @property
    def long(self) -> bool:
        """Too many stages to squeeze: the columns keep their width and the table scrolls."""
        return self.count > LONG_AFTER

    @property
    def steps_label(self) -> str:
        """The steps' row: 'Customer actions' in a map with blueprint lanes, as a service
        blueprint calls that lane, else 'Steps'."""
        return _("Customer actions") if self.lanes or self.evidence_lane else _("Steps")

    @property
    def fits_from(self) -> int | None:
        """The narrowest screen (px) on which every stage fits without scrolling sideways;
        None for a map that always scrolls (the compact mode may still fit it)."""
        return next((width for most, width in FITS_FROM if self.count <= most), None)

    @property
    def compact_fits(self) -> bool:
        """The compact mode fits every stage across a laptop screen."""
        return self.count <= COMPACT_FITS

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
    shown = filled_lanes(journey.stages, with_cards=True)
    evidence_lane = None
    lanes: list[Lane] = []
    for index, (key, label, _holds) in enumerate(shown):
        if key in _ABOVE_STEPS:
            evidence_lane = Lane(key, _(label), index)
        else:
            lanes.append(Lane(key, _(label), index, _lines_above(key, lanes)))
    return StageGrid(journey, chart, columns, lanes, evidence_lane)


def _lines_above(key: str, above: list[Lane]) -> tuple[BlueprintLine, ...]:
    """The blueprint lines between the lanes already drawn (`above`, under the customer's
    actions) and lane `key`: each line sits above the first lane shown on its lower side."""
    below_each = {
        "interaction": ("frontstage", "backstage", "support"),
        "visibility": ("backstage", "support"),
        "internal": ("support",),
    }
    drawn = {lane.key for lane in above}
    return tuple(
        BlueprintLine(line, *(_(words) for words in BLUEPRINT_LINES[line]))
        for line, lower_side in below_each.items()
        if key in lower_side and not drawn & set(lower_side)
    )


def filled_lanes(stages: list[Stage], *, with_cards: bool = False) -> list[tuple[str, str, str]]:
    """The service-blueprint lanes (key, heading, what it holds) some of `stages` fill, in
    reading order: the grid shows these rows, a stage page these lists. `with_cards`: a
    lane a pain point or opportunity names counts as filled (the grid draws the card there)."""

    def named(stage: Stage, key: str) -> bool:
        items: list[PainPoint | Opportunity] = [*stage.pain_points, *stage.opportunities]
        return with_cards and any(card_lane(item, stage) == key for item in items)

    return [
        lane
        for lane in LANES
        if any(getattr(stage, lane[0]) or named(stage, lane[0]) for stage in stages)
    ]


def placement_words(item: PainPoint | Opportunity, stage: Stage) -> str:
    """Where on the map a pain point or opportunity sits, as its stage page says it: 'at step
    2 (Checks the app…), backstage', 'in the support lane'; '' when it names neither."""
    lane = card_lane(item, stage)
    if lane is None:
        return ""
    step = item.step if item.step is not None and item.step <= len(stage.steps) else None
    words = _(LANE_WORDS[lane])
    if step is None:
        if lane == CUSTOMER:
            return _("in {lane}").format(lane=words)
        return _("in the {lane} lane").format(lane=words)
    action = textwrap.shorten(stage.steps[step - 1].action, _ACTION_WORDS, placeholder="…")
    if lane == CUSTOMER:
        return _("at step {step} ({action})").format(step=step, action=action)
    return _("at step {step} ({action}), {lane}").format(step=step, action=action, lane=words)
