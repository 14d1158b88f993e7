"""Where each pain point is in its lifecycle: open, fix shipped, verified or won't fix.

The author may write the status; left out, it is derived from the opportunities that
address the pain point, so a shipped fix stops counting as an open problem without anyone
editing the pain point. Every figure that counts "open" pain points asks this module, so
the map, the summary, the registers, the exports and the diff agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..source.model import (
    PAIN_POINT_STATUSES,
    Evidence,
    Journey,
    Opportunity,
    PainPoint,
    PainPointStatus,
)
from .labels import PAIN_STATUS_LABELS, value_words
from .messages import _

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

__all__ = [
    "OPEN",
    "PainStatus",
    "journey_pain_statuses",
    "live_fixes",
    "pain_status",
    "status_counts",
]

StatusSource = Literal["written", "derived", "default"]
"""Where a status comes from: the author's `status:`, the opportunities, or the default."""
LIVE_FIX_STATUSES = ("planned", "in-progress", "shipped")
"""Opportunity statuses that are real work on a fix: not an idea, not dropped."""


@dataclass(frozen=True)
class PainStatus:
    """A pain point's status, where it comes from, and what backs it."""

    state: PainPointStatus
    source: StatusSource
    date: dt.date | None = None
    verified_by: tuple[Evidence, ...] = ()
    shipped_fixes: tuple[Opportunity, ...] = ()
    """For a derived `fix-shipped`: the shipped opportunities it was derived from."""

    @property
    def open(self) -> bool:
        """Still a problem customers have: counted in registers, cards and summaries."""
        return self.state == "open"

    @property
    def derived(self) -> bool:
        return self.source == "derived"

    @property
    def label(self) -> str:
        """The state in words: `fix shipped`, `won't fix`."""
        return _(PAIN_STATUS_LABELS[self.state])

    def was(self, severity: str) -> str | None:
        """For a pain point no longer open, the severity it had: `was high, derived`."""
        if self.open:
            return None
        if self.derived:
            return _("was {severity}, derived").format(severity=value_words(severity))
        return _("was {severity}").format(severity=value_words(severity))


OPEN = PainStatus("open", "default")
"""The status of a pain point nobody wrote a status for and no fix has shipped for."""


def pain_status(
    pain: PainPoint, fixes: Iterable[Opportunity], evidence: Iterable[Evidence] = ()
) -> PainStatus:
    """The status of `pain`, given the opportunities that address it and its journey's
    evidence (to resolve `verified_by`).

    A written status wins. Otherwise a pain point is `fix-shipped` when it is addressed
    and every opportunity addressing it that is not dropped has shipped: one shipped fix
    next to one still in progress leaves it open, because customers still meet it.
    """
    live = [o for o in fixes if o.status != "dropped"]
    if pain.status is not None:
        by_id = {e.id: e for e in evidence}
        return PainStatus(
            pain.status,
            "written",
            pain.status_date,
            tuple(by_id[i] for i in pain.verified_by if i in by_id),
        )
    if live and all(o.status == "shipped" for o in live):
        return PainStatus("fix-shipped", "derived", shipped_fixes=tuple(live))
    return OPEN


def journey_pain_statuses(journey: Journey) -> dict[str, PainStatus]:
    """Pain point id -> status, for every pain point of a journey."""
    fixes: dict[str, list[Opportunity]] = {}
    for stage in journey.stages:
        for opportunity in stage.opportunities:
            for pain_id in opportunity.addresses:
                fixes.setdefault(pain_id, []).append(opportunity)
    return {
        pain.id: pain_status(pain, fixes.get(pain.id, []), journey.evidence)
        for stage in journey.stages
        for pain in stage.pain_points
    }


def live_fixes(fixes: Iterable[Opportunity]) -> list[Opportunity]:
    """The opportunities that are real work on a fix (planned, in progress or shipped)."""
    return [o for o in fixes if o.status in LIVE_FIX_STATUSES]


def status_counts(statuses: Iterable[PainStatus]) -> dict[PainPointStatus, int]:
    """How many pain points are in each state, in lifecycle order, every state present."""
    counts: dict[PainPointStatus, int] = dict.fromkeys(PAIN_POINT_STATUSES, 0)
    for status in statuses:
        counts[status.state] += 1
    return counts
