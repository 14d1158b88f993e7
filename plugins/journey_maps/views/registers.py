"""Cross-persona registers, computed once per build in one pass over the handbook.

Every pain point and opportunity with where it lives, every ticket with what cites it,
what each team owns, and each journey's review.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from ..source.model import (
    OPPORTUNITY_STATUSES,
    SEVERITIES,
    Channel,
    Evidence,
    Journey,
    Opportunity,
    PainPoint,
    PersonaFile,
    Stage,
    Touchpoint,
)
from .labels import plural, value_words
from .lifecycle import OPEN, PainStatus, journey_pain_statuses, pain_status
from .messages import _, current, ngettext
from .review import DUE_SOON_DAYS, REVIEW_STATES, Review, review
from .tickets import unique_ticket_anchors
from .touchpoint_usage import TouchpointUse, touchpoint_uses

if TYPE_CHECKING:
    from ..source.handbook import Handbook

__all__ = [
    "EFFORT_COLUMNS",
    "IMPACT_ROWS",
    "OpportunityEntry",
    "PainPointEntry",
    "Place",
    "Registers",
]


@dataclass
class JourneyLookup:
    """Where each pain point and opportunity of one journey lives, and what addresses what."""

    pain_points: dict[str, tuple[Stage, PainPoint]]
    opportunities: dict[str, tuple[Stage, Opportunity]]
    addressed_by: dict[str, list[Opportunity]]
    statuses: dict[str, PainStatus]
    """Each pain point's lifecycle status, by id (see `views.lifecycle`)."""

    @classmethod
    def of(cls, journey: Journey) -> JourneyLookup:
        pain_points = {p.id: (s, p) for s in journey.stages for p in s.pain_points}
        opportunities = {o.id: (s, o) for s in journey.stages for o in s.opportunities}
        addressed_by: dict[str, list[Opportunity]] = defaultdict(list)
        for _stage, opportunity in opportunities.values():
            for pain_id in opportunity.addresses:
                addressed_by[pain_id].append(opportunity)
        return cls(pain_points, opportunities, dict(addressed_by), journey_pain_statuses(journey))

    def open_pain_points(self, stage: Stage) -> list[PainPoint]:
        """The stage's pain points that are still open (`views.lifecycle`)."""
        return [p for p in stage.pain_points if self.statuses[p.id].open]

    def evidence(self, journey: Journey, evidence_id: str) -> Evidence:
        return next(e for e in journey.evidence if e.id == evidence_id)

    def cited(self, journey: Journey, pain: PainPoint) -> list[Evidence]:
        """The evidence items a pain point cites, in the order it cites them."""
        return [self.evidence(journey, evidence_id) for evidence_id in pain.evidence]

    def fixes(self, pain: PainPoint) -> list[tuple[Opportunity, Stage]]:
        """The opportunities that address a pain point, with the stage each is on."""
        return [(o, self.opportunities[o.id][0]) for o in self.addressed_by.get(pain.id, [])]

    def addresses(self, opportunity: Opportunity) -> list[tuple[PainPoint, Stage]]:
        """The pain points an opportunity addresses, with the stage each is on."""
        found = [self.pain_points[pain_id] for pain_id in opportunity.addresses]
        return [(pain, stage) for stage, pain in found]

    def stage_counts(self, stage: Stage) -> list[str]:
        """A stage's pain points (and how many are still open) and opportunities, in words,
        for the journey page's list of stages: `3 pain points (1 open)`, `1 opportunity`."""
        counts = []
        if stage.pain_points:
            words = plural(len(stage.pain_points), "pain point", "pain points")
            still_open = len(self.open_pain_points(stage))
            if still_open < len(stage.pain_points):
                words = _("{count} ({open} open)").format(count=words, open=still_open)
            counts.append(words)
        if stage.opportunities:
            counts.append(plural(len(stage.opportunities), "opportunity", "opportunities"))
        return counts


@dataclass(frozen=True)
class Place:
    """Where an item lives: a stage of a journey of a persona."""

    persona: PersonaFile
    journey: Journey
    stage: Stage


@dataclass
class PainPointEntry:
    place: Place
    pain: PainPoint
    addressed_by: list[OpportunityEntry] = field(default_factory=list)
    status: PainStatus = OPEN
    """Its lifecycle status, set once every opportunity of its journey is linked."""

    @property
    def item(self) -> PainPoint:
        """The pain point, under the name both registers' entries share (site/exports.py)."""
        return self.pain

    @property
    def open(self) -> bool:
        """Still a problem: not fix shipped, verified or won't fix (`views.lifecycle`)."""
        return self.status.open

    @property
    def addressed(self) -> bool:
        """Some opportunity that is not dropped addresses it."""
        return any(o.opportunity.status != "dropped" for o in self.addressed_by)

    @property
    def counted(self) -> bool:
        """Counted in the registers' figures: open, and on a map that is not archived."""
        return self.open and self.place.journey.status != "archived"

    @property
    def anchor(self) -> str:
        """Its anchor on the pain points page, unique across personas and journeys."""
        return f"{self.place.persona.id}--{self.place.journey.id}--{self.pain.id}"


@dataclass
class OpportunityEntry:
    place: Place
    opportunity: Opportunity
    addresses: list[PainPointEntry] = field(default_factory=list)

    @property
    def item(self) -> Opportunity:
        """The opportunity, under the name both registers' entries share (site/exports.py)."""
        return self.opportunity


@dataclass(frozen=True)
class Citation:
    """A pain point or an opportunity that cites a ticket."""

    kind: Literal["pain point", "opportunity"]
    place: Place
    item: PainPoint | Opportunity


@dataclass
class TeamView:
    """What one team owns or has a stake in."""

    owned_journeys: list[tuple[PersonaFile, Journey]] = field(default_factory=list)
    stakeholder_journeys: list[tuple[PersonaFile, Journey]] = field(default_factory=list)
    touchpoints: list[str] = field(default_factory=list)
    opportunities: list[OpportunityEntry] = field(default_factory=list)
    open_pain_points: list[PainPointEntry] = field(default_factory=list)


IMPACT_ROWS = ("high", "medium", "low")
"""The impact x effort matrix's rows, top to bottom."""
EFFORT_COLUMNS = ("low", "medium", "high")
"""Its columns, left to right: quick wins sit top left."""


class Registers:
    """Every cross-persona list the index pages show, built in one pass."""

    def __init__(self, handbook: Handbook, *, review_every_days: int, on: dt.date) -> None:
        self.handbook = handbook
        self.touchpoint_uses = touchpoint_uses(handbook)
        self.pain_points: list[PainPointEntry] = []
        self.opportunities: list[OpportunityEntry] = []
        self.tickets: dict[str, list[Citation]] = defaultdict(list)
        self.reviews: list[tuple[PersonaFile, Journey, Review]] = []
        self.teams: dict[str, TeamView] = {team.id: TeamView() for team in handbook.catalog.teams}
        self._statuses: dict[int, PainStatus] = {}
        for persona in handbook.personas:
            for journey in persona.journeys:
                self._add_journey(persona, journey)
                self.reviews.append((persona, journey, review(journey, review_every_days, on)))
        for touchpoint in handbook.catalog.touchpoints:
            if touchpoint.owner in self.teams:
                self.teams[touchpoint.owner].touchpoints.append(touchpoint.id)
        for entry in self.pain_points:
            owner = (
                handbook.touchpoints[entry.pain.touchpoint].owner if entry.pain.touchpoint else None
            )
            if owner in self.teams and entry.open and entry.place.journey.is_live:
                self.teams[owner].open_pain_points.append(entry)
        self.tickets = dict(sorted(self.tickets.items(), key=lambda item: _natural(item[0])))

    def _add_journey(self, persona: PersonaFile, journey: Journey) -> None:
        if journey.owner in self.teams:
            self.teams[journey.owner].owned_journeys.append((persona, journey))
        for team in journey.stakeholders:
            if team in self.teams and team != journey.owner:
                self.teams[team].stakeholder_journeys.append((persona, journey))
        pains: dict[str, PainPointEntry] = {}
        for stage in journey.stages:
            place = Place(persona, journey, stage)
            for pain in stage.pain_points:
                pains[pain.id] = PainPointEntry(place, pain)
                self.pain_points.append(pains[pain.id])
                for ticket in pain.tickets:
                    self.tickets[ticket].append(Citation("pain point", place, pain))
        for stage in journey.stages:
            place = Place(persona, journey, stage)
            for opportunity in stage.opportunities:
                entry = OpportunityEntry(
                    place, opportunity, [pains[p] for p in opportunity.addresses]
                )
                for addressed in entry.addresses:
                    addressed.addressed_by.append(entry)
                self.opportunities.append(entry)
                if opportunity.owner in self.teams:
                    self.teams[opportunity.owner].opportunities.append(entry)
                for ticket in opportunity.tickets:
                    self.tickets[ticket].append(Citation("opportunity", place, opportunity))
        for pain_entry in pains.values():
            pain_entry.status = pain_status(
                pain_entry.pain, [o.opportunity for o in pain_entry.addressed_by], journey.evidence
            )
            self._statuses[id(pain_entry.pain)] = pain_entry.status

    def status_of(self, pain: PainPoint) -> PainStatus:
        """A pain point's lifecycle status, for figures that reach it through a touchpoint."""
        return self._statuses[id(pain)]

    def open_pain_points(self, pains: list[PainPoint]) -> list[PainPoint]:
        """The pain points of `pains` still open: the ones counts and severities count."""
        return [p for p in pains if self.status_of(p).open]

    def reviews_by_urgency(self) -> list[tuple[PersonaFile, Journey, Review]]:
        """The review queue: a date in the future, never reviewed and overdue first, then by
        due date. Archived maps are not in it (`archived_reviews`)."""
        order = {state: n for n, state in enumerate(REVIEW_STATES)}
        return sorted(
            (r for r in self.reviews if r[2].in_queue),
            key=lambda r: (order[r[2].status], r[2].due or dt.date.min, r[1].title),
        )

    def archived_reviews(self) -> list[tuple[PersonaFile, Journey, Review]]:
        """Archived maps: kept for reference, out of the review queue and its counts."""
        return [r for r in self.reviews if not r[2].in_queue]

    def totals(self) -> Totals:
        """The handbook's size, as the landing page opens with it."""
        handbook = self.handbook
        journeys = [j for persona in handbook.personas for j in persona.journeys]
        return Totals(
            personas=len(handbook.personas),
            journeys=len(journeys),
            stages=sum(len(j.stages) for j in journeys),
            pain_points=len(self.pain_points),
            open_pain_points=sum(e.counted for e in self.pain_points),
            opportunities=len(self.opportunities),
            touchpoints=len(handbook.touchpoints),
        )

    def review_alert(self) -> str | None:
        """The landing page's warning when maps need a review: `2 maps overdue for review,
        1 never reviewed`; None when none does."""
        counts = self.review_counts()
        if not (counts["overdue"] or counts["never-reviewed"] or counts["date-in-future"]):
            return None
        overdue = counts["overdue"]
        words = [
            ngettext("{n} map overdue for review", "{n} maps overdue for review", overdue).format(
                n=current().number(overdue)
            )
        ]
        if counts["never-reviewed"]:
            words.append(_("{n} never reviewed").format(n=counts["never-reviewed"]))
        if counts["date-in-future"]:
            words.append(
                _("{n} with a review date in the future").format(n=counts["date-in-future"])
            )
        return ", ".join(words)

    def review_tally(self) -> list[str]:
        """The review queue by state, most urgent first, as the review page sums it up: a
        date in the future only when there is one; archived maps are not in the queue."""
        counts = self.review_counts()
        tally = [
            _("{n} with a review date in the future").format(n=counts["date-in-future"]),
            _("{n} overdue").format(n=counts["overdue"]),
            _("{n} never reviewed").format(n=counts["never-reviewed"]),
            _("{n} due within {days} days").format(n=counts["due-soon"], days=DUE_SOON_DAYS),
            _("{n} fresh").format(n=counts["fresh"]),
        ]
        return tally if counts["date-in-future"] else tally[1:]

    def archived_words(self) -> str | None:
        """`2 archived maps`, the maps left out of the review queue; None when there are none."""
        archived = len(self.archived_reviews())
        return plural(archived, "archived map", "archived maps") if archived else None

    def review_counts(self) -> dict[str, int]:
        """Maps in each review state, most urgent first; `archived` is not in the queue."""
        counts: dict[str, int] = dict.fromkeys(REVIEW_STATES, 0)
        for _persona, _journey, status in self.reviews:
            counts[status.status] += 1
        return counts

    def ticket_anchors(self) -> dict[str, str]:
        """Ticket -> its unique anchor on the tickets page (`views.tickets`)."""
        return unique_ticket_anchors(self.tickets)

    def by_severity(self) -> dict[str, list[PainPointEntry]]:
        """Pain points grouped most severe first, each group in handbook order."""
        return {s: [e for e in self.pain_points if e.pain.severity == s] for s in SEVERITIES}

    def by_status(self) -> dict[str, list[OpportunityEntry]]:
        return {
            s: [e for e in self.opportunities if e.opportunity.status == s]
            for s in OPPORTUNITY_STATUSES
        }

    def matrix(self) -> dict[tuple[str, str], list[OpportunityEntry]]:
        """Impact x effort cells of open work (not shipped or dropped); unrated ones left out."""
        cells: dict[tuple[str, str], list[OpportunityEntry]] = {
            (impact, effort): [] for impact in IMPACT_ROWS for effort in EFFORT_COLUMNS
        }
        for entry in self.opportunities:
            key = (entry.opportunity.impact or "", entry.opportunity.effort or "")
            if key in cells and entry.opportunity.status not in ("shipped", "dropped"):
                cells[key].append(entry)
        return cells

    def unrated_open_opportunities(self) -> list[OpportunityEntry]:
        return [
            e
            for e in self.opportunities
            if e.opportunity.status not in ("shipped", "dropped")
            and not (e.opportunity.impact and e.opportunity.effort)
        ]

    def touchpoints_by_channel(self) -> list[tuple[Channel, list[Touchpoint]]]:
        """Every channel of the catalog with its touchpoints, in catalog order."""
        catalog = self.handbook.catalog
        return [
            (channel, [t for t in catalog.touchpoints if t.channel == channel.id])
            for channel in catalog.channels
        ]

    def unused_touchpoints(self) -> list[Touchpoint]:
        """Touchpoints no stage of any journey passes through."""
        return [t for t in self.handbook.catalog.touchpoints if t.id not in self.touchpoint_uses]

    def example_touchpoint(self) -> str:
        """A touchpoint id to show in an example link: the catalog's first."""
        touchpoints = self.handbook.catalog.touchpoints
        return touchpoints[0].id if touchpoints else "pricing-page"

    def touchpoint_summary(self, touchpoint_id: str) -> TouchpointSummary:
        """Figures over live maps only; future-state and archived uses are listed, not counted."""
        uses = self.touchpoint_uses.get(touchpoint_id, [])
        live = [u for u in uses if u.journey.is_live]
        felt = [u.emotion for u in live if u.emotion is not None]
        severities: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
        for use in live:
            for pain in self.open_pain_points(use.pain_points):
                severities[pain.severity] += 1
        personas = list({id(u.persona): u.persona for u in live}.values())
        mean = float(f"{sum(felt) / len(felt):.1f}") if felt else None
        return TouchpointSummary(uses, len(live), mean, severities, personas)


@dataclass(frozen=True)
class Totals:
    """How big the handbook is: every map counts, archived ones too, but `open_pain_points`
    counts only the open pain points of maps that are not archived (the registers' count)."""

    personas: int
    journeys: int
    stages: int
    pain_points: int
    open_pain_points: int
    opportunities: int
    touchpoints: int

    @property
    def pain_point_words(self) -> str:
        """`12 pain points (9 open)`, or `12 pain points` when all are open."""
        words = plural(self.pain_points, "pain point", "pain points")
        if self.open_pain_points < self.pain_points:
            words = _("{count} ({open} open)").format(count=words, open=self.open_pain_points)
        return words


@dataclass(frozen=True)
class TouchpointSummary:
    uses: list[TouchpointUse]
    live_uses: int
    mean_emotion: float | None
    pain_points_by_severity: dict[str, int]
    personas: list[PersonaFile]

    @property
    def mean_label(self) -> str:
        """`3.5`, or `not rated` when no stage of a current map rates it."""
        return _("not rated") if self.mean_emotion is None else current().number(self.mean_emotion)

    @property
    def stage_words(self) -> str:
        """`2 stages`: the uses of current maps the figures cover."""
        return plural(self.live_uses, "stage", "stages")

    @property
    def pain_point_words(self) -> str:
        """Open pain points here by severity, most severe first: `1 critical, 2 low`, or `none`."""
        counted = [
            f"{n} {value_words(severity)}"
            for severity, n in self.pain_points_by_severity.items()
            if n
        ]
        return ", ".join(counted) or _("none")


def _natural(text: str) -> list[object]:
    """CX-9 before CX-10."""
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", text)]
