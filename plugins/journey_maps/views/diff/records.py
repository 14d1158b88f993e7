"""What a diff is made of: each change with its typed kind, a journey's changes, the handbook's.

Plain data. A change's words (`segments`, `text`, `summary`) come from `words`, its figures
from `counts`. A new kind of change goes into `ChangeKind`, is found in `comparing` and is
worded in `words`, where mypy fails until it has words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

from .counts import Counts, count_changes
from .words import Segment, describe, summary_line

__all__ = [
    "KINDS",
    "Change",
    "ChangeKind",
    "Direction",
    "HandbookDiff",
    "JourneyDiff",
    "JourneyStatus",
]

Direction = Literal["better", "worse"]
JourneyStatus = Literal["added", "removed", "renamed", "moved", "changed"]

ChangeKind = Literal[
    "journey-title",
    "journey-status",
    "journey-owner",
    "last-reviewed",
    "evidence-added",
    "evidence-removed",
    "stage-added",
    "stage-removed",
    "stage-renamed",
    "stage-emotion",
    "step-emotion",
    "touchpoint-added",
    "touchpoint-removed",
    "pain-point-added",
    "pain-point-removed",
    "pain-point-moved",
    "severity",
    "pain-point-status",
    "opportunity-added",
    "opportunity-removed",
    "opportunity-moved",
    "opportunity-status",
    "impact",
    "effort",
    "opportunity-owner",
    "ticket-added",
    "ticket-removed",
]
"""Every `kind` a change can have, in the order changes of one stage are listed."""

KINDS: tuple[ChangeKind, ...] = get_args(ChangeKind)
"""The kinds as values, for the documentation and the tests that every kind is reported."""

ALARMING_SEVERITIES = ("critical", "high")


@dataclass(frozen=True)
class Change:
    """One change in one journey.

    `stage` is the stage id it happened in (None for journey-wide changes), `item` the id
    of the pain point, opportunity, evidence or touchpoint, or the step's action, and
    `title` the item's title. `old` and `new` are the values before and after (a number
    for emotions, a word for severity and status, an ISO date for last-reviewed)."""

    kind: ChangeKind
    stage: str | None = None
    stage_name: str | None = None
    item: str | None = None
    title: str | None = None
    old: str | int | None = None
    new: str | int | None = None
    direction: Direction | None = None

    @property
    def alarming(self) -> bool:
        """An emotion dropped, or a critical or high pain point appeared (or was raised to it)."""
        if self.kind in ("stage-emotion", "step-emotion"):
            return self.direction == "worse"
        if self.kind == "pain-point-added":
            return self.new in ALARMING_SEVERITIES
        if self.kind == "severity":
            return self.direction == "worse" and self.new in ALARMING_SEVERITIES
        return False

    def segments(self) -> list[Segment]:
        """The change in words: (text, is author text) pairs, joined without separators."""
        return describe(self)

    def text(self) -> str:
        return "".join(text for text, _ in self.segments())


@dataclass(frozen=True)
class JourneyDiff:
    """The changes of one journey, identified by its persona and id in the new version
    (in the old one for a removed journey)."""

    persona: str
    persona_name: str
    journey: str
    title: str
    status: JourneyStatus
    former_persona: str | None = None
    former_id: str | None = None
    stages: int = 0
    changes: list[Change] = field(default_factory=list)

    @property
    def worse(self) -> bool:
        return any(change.alarming for change in self.changes)

    def summary(self) -> str:
        """One line: '1 emotion down; 1 pain point added (1 critical); 2 other changes.'."""
        return summary_line(count_changes(self.changes), whole_handbook=False)


@dataclass(frozen=True)
class HandbookDiff:
    """Every journey that changed, in the new handbook's order, removed ones last."""

    journeys: list[JourneyDiff]

    @property
    def worse(self) -> bool:
        return any(j.worse for j in self.journeys)

    @property
    def changes(self) -> list[Change]:
        return [change for journey in self.journeys for change in journey.changes]

    def summary(self) -> str:
        """The line a reviewer reads first, from the same figures as the JSON `counts`."""
        return summary_line(self.counts(), whole_handbook=True)

    def counts(self) -> Counts:
        """The figures the summary line and the JSON output share (docs/reference.md)."""
        return count_changes(self.changes, self.journeys)
