""" "Meet our customers": who the handbook is about, at a glance, for the landing page and the
`customers` block on a site's home page. Each persona with their own words, top goal and top
frustration; each of their maps as a sparkline with its lowest moment named; the most severe
open pain points across the handbook with who owns them and where their fix stands; and, with
history on, the maps that changed since their last review. Plain data; the template draws it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..source.model import SEVERITIES
from .glance import Glance, glance
from .lifecycle import live_fixes
from .messages import N_, _

if TYPE_CHECKING:
    from ..source.model import Journey, PersonaFile
    from .history import HandbookHistory, SinceReview
    from .registers import OpportunityEntry, PainPointEntry, Registers

__all__ = ["MOST_SEVERE", "Customers", "customers"]

MOST_SEVERE = 5
"""How many pain points "Meet our customers" lists: enough to show where it hurts, few
enough to read on a first screen."""


@dataclass(frozen=True)
class MapLine:
    """One map of a persona: its curve and its lowest moment (`views.glance`)."""

    journey: Journey
    glance: Glance


@dataclass(frozen=True)
class PersonaCard:
    persona: PersonaFile
    maps: list[MapLine]

    @property
    def top_goal(self) -> str | None:
        """The goal the author listed first: the list is in the author's order of weight."""
        goals = self.persona.profile.goals
        return goals[0] if goals else None

    @property
    def top_frustration(self) -> str | None:
        frustrations = self.persona.profile.frustrations
        return frustrations[0] if frustrations else None


_FIX_WORDS = {
    "in-progress": N_("Fix in progress"),
    "planned": N_("Fix planned"),
    "shipped": N_("Fix shipped"),
}
"""Where a live fix stands (`_FIX_ORDER`), in words."""


@dataclass(frozen=True)
class SeverePain:
    """An open pain point of a current map, who owns it, and where its fix stands."""

    entry: PainPointEntry
    owner: str | None
    """The team that owns the touchpoint it happens at, else the map's owner."""
    fix: OpportunityEntry | None
    """The live fix that tells most (`_FIX_ORDER`); None when no fix is planned."""

    @property
    def fix_words(self) -> str:
        """Where the fix stands, in words: `Fix in progress`, `Fix planned`, `No fix planned`."""
        if self.fix is None:
            return _("No fix planned")
        return _(_FIX_WORDS[self.fix.opportunity.status])


@dataclass(frozen=True)
class ChangedMap:
    persona: PersonaFile
    journey: Journey
    since: SinceReview


@dataclass(frozen=True)
class Customers:
    personas: list[PersonaCard]
    most_severe: list[SeverePain]
    changed: list[ChangedMap] | None
    """Maps changed since their last review; None when history is off or unavailable."""


_FIX_ORDER = ("in-progress", "planned", "shipped")
"""The live fix that tells most about an open pain point: one in progress, then a planned
one; a shipped one last (the pain point is still open, so that fix did not end it)."""


def customers(registers: Registers, history: HandbookHistory | None) -> Customers:
    handbook = registers.handbook
    cards = [
        PersonaCard(
            persona,
            [MapLine(j, glance(j)) for j in persona.journeys if j.status != "archived"],
        )
        for persona in handbook.personas
    ]
    return Customers(cards, most_severe(registers), _changed(registers, history))


def most_severe(registers: Registers, limit: int = MOST_SEVERE) -> list[SeverePain]:
    """The most severe open pain points of current maps (not future-state, not archived: what
    customers meet today). Ties go to the stage where customers feel worst, then to the
    handbook's order."""
    rank = {severity: n for n, severity in enumerate(SEVERITIES)}
    live = [e for e in registers.pain_points if e.open and e.place.journey.is_live]

    def felt(entry: PainPointEntry) -> int:
        emotion = entry.place.stage.emotion
        return emotion if emotion is not None else 6

    ordered = sorted(live, key=lambda e: (rank[e.pain.severity], felt(e)))
    return [_severe(registers, entry) for entry in ordered[:limit]]


def _severe(registers: Registers, entry: PainPointEntry) -> SeverePain:
    touchpoint = registers.handbook.touchpoints.get(entry.pain.touchpoint or "")
    owner = touchpoint.owner if touchpoint and touchpoint.owner else entry.place.journey.owner
    live = live_fixes(o.opportunity for o in entry.addressed_by)
    fixes = [o for o in entry.addressed_by if any(o.opportunity is f for f in live)]
    fixes.sort(key=lambda o: _FIX_ORDER.index(o.opportunity.status))
    return SeverePain(entry, owner, fixes[0] if fixes else None)


def _changed(registers: Registers, history: HandbookHistory | None) -> list[ChangedMap] | None:
    if history is None or not history.available:
        return None
    found = []
    for persona, journey, _review in registers.reviews:
        since = history.review_of(persona, journey)
        if since is not None and since.changes:
            found.append(ChangedMap(persona, journey, since))
    return found
