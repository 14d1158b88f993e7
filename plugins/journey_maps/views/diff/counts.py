"""The figures of a diff, counted once: the JSON output's `counts` and the summary line
both read them, so the two never disagree."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING

from ...source.model import SEVERITIES, Severity

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .records import Change, JourneyDiff

__all__ = ["Counts", "count_changes"]

_NOT_IN_JSON = {"json": False}


@dataclass(frozen=True)
class Counts:
    """How many journeys and changes of each kind; `as_json()` gives the documented keys in
    this order (docs/reference.md), which a new figure may join but never leave."""

    journeys_changed: int
    journeys_added: int
    journeys_removed: int
    journeys_renamed: int
    journeys_moved: int
    emotions_down: int
    emotions_up: int
    pain_points_added: int
    pain_points_added_critical_or_high: int
    pain_points_removed: int
    pain_points_fixed: int
    pain_points_reopened: int
    opportunities_added: int
    opportunities_removed: int
    opportunities_shipped: int
    changes: int
    pain_points_added_by_severity: tuple[tuple[Severity, int], ...] = field(
        default=(), metadata=_NOT_IN_JSON
    )
    """The added pain points per severity, most severe first, severities with none left out."""

    def as_json(self) -> dict[str, int]:
        return {f.name: getattr(self, f.name) for f in fields(self) if f.metadata.get("json", True)}


def count_changes(
    changes: Sequence[Change], journeys: Sequence[JourneyDiff] | None = None
) -> Counts:
    """The figures of `changes`; the journey figures are 0 without `journeys` (the changes
    of one journey, or of one commit in a map's history)."""
    statuses = Counter(journey.status for journey in journeys or ())
    kinds = Counter(change.kind for change in changes)
    emotions = Counter(
        change.direction for change in changes if change.kind in ("stage-emotion", "step-emotion")
    )
    added = Counter(change.new for change in changes if change.kind == "pain-point-added")
    pain_statuses = Counter(change.new for change in changes if change.kind == "pain-point-status")
    return Counts(
        journeys_changed=len(journeys or ()),
        journeys_added=statuses["added"],
        journeys_removed=statuses["removed"],
        journeys_renamed=statuses["renamed"],
        journeys_moved=statuses["moved"],
        emotions_down=emotions["worse"],
        emotions_up=emotions["better"],
        pain_points_added=kinds["pain-point-added"],
        pain_points_added_critical_or_high=sum(
            1 for change in changes if change.kind == "pain-point-added" and change.alarming
        ),
        pain_points_removed=kinds["pain-point-removed"],
        # A status moved on to fix-shipped or verified.
        pain_points_fixed=pain_statuses["fix-shipped"] + pain_statuses["verified"],
        pain_points_reopened=pain_statuses["open"],
        opportunities_added=kinds["opportunity-added"],
        opportunities_removed=kinds["opportunity-removed"],
        opportunities_shipped=sum(
            1
            for change in changes
            if change.kind == "opportunity-status" and change.new == "shipped"
        ),
        changes=len(changes),
        pain_points_added_by_severity=tuple(
            (severity, added[severity]) for severity in SEVERITIES if added[severity]
        ),
    )
