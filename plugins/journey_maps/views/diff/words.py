"""A change in the words of a journey map, the summary line of a diff, a journey's status.

Words only, no markup: a change's text comes as segments, each marked as author text or
not, so that every output (terminal text, escaped Markdown, JSON, the pages' Changes) is
made from the same words and escapes only what the author wrote.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NoReturn

from ..labels import plural
from .counts import Counts, count_changes

if TYPE_CHECKING:
    from collections.abc import Sequence

    from .records import Change, JourneyDiff

__all__ = ["Segment", "describe", "status_words", "summarize", "summary_line"]

Segment = tuple[str, bool]
"""A piece of a change's text, and whether the author wrote it (a name, a title, a ticket)."""

_ARROW = " → "


def describe(change: Change) -> list[Segment]:  # noqa: RET503  (the match ends in NoReturn)
    """The words of a change. Author text (names, titles, actions, tickets) is marked True."""
    kind = change.kind
    place: list[Segment] = []
    if change.stage_name is not None:
        place = [(change.stage_name, True), (": ", False)]

    def values(*, author: bool = False) -> list[Segment]:
        old = "none" if change.old is None else str(change.old)
        new = "none" if change.new is None else str(change.new)
        return [
            (old, author and change.old is not None),
            (_ARROW, False),
            (new, author and change.new is not None),
        ]

    def quoted(text: str | None) -> list[Segment]:
        return [("“", False), (text or "", True), ("”", False)]

    title = (change.title or "", True)
    direction = (f" ({change.direction})" if change.direction else "", False)
    match kind:
        case "journey-title":
            return [("title ", False), *values(author=True)]
        case "journey-status":
            return [("map status ", False), *values()]
        case "journey-owner":
            return [("owner ", False), *values()]
        case "last-reviewed":
            return [("last reviewed ", False), *values()]
        case "evidence-added" | "evidence-removed":
            verb = "added" if kind == "evidence-added" else "removed"
            return [(f"evidence {verb}: ", False), title]
        case "stage-added":
            return [*place, ("stage added", False)]
        case "stage-removed":
            return [*place, ("stage removed", False)]
        case "stage-renamed":
            return [*place, ("stage renamed from ", False), *quoted(str(change.old))]
        case "stage-emotion":
            return [*place, ("emotion ", False), *values(), direction]
        case "step-emotion":
            return [
                *place,
                ("step ", False),
                *quoted(change.title),
                (" emotion ", False),
                *values(),
                direction,
            ]
        case "touchpoint-added" | "touchpoint-removed":
            verb = (
                "now passes through" if kind == "touchpoint-added" else "no longer passes through"
            )
            return [*place, (f"{verb} touchpoint ", False), title]
        case "pain-point-added":
            return [*place, (f"pain point added ({change.new}): ", False), title]
        case "pain-point-removed":
            return [*place, (f"pain point removed ({change.old}): ", False), title]
        case "pain-point-moved" | "opportunity-moved":
            what = "pain point" if kind == "pain-point-moved" else "opportunity"
            return [
                *place,
                (f"{what} ", False),
                *quoted(change.title),
                (" moved here from ", False),
                (str(change.old), True),
            ]
        case "severity" | "pain-point-status":
            field = "severity" if kind == "severity" else "status"
            return [
                *place,
                ("pain point ", False),
                *quoted(change.title),
                (f" {field} ", False),
                *values(),
                direction,
            ]
        case "opportunity-added":
            return [*place, (f"opportunity added ({change.new}): ", False), title]
        case "opportunity-removed":
            return [*place, (f"opportunity removed ({change.old}): ", False), title]
        case "opportunity-status":
            return [*place, ("opportunity ", False), *quoted(change.title), (" ", False), *values()]
        case "impact" | "effort" | "opportunity-owner":
            field = "owner" if kind == "opportunity-owner" else kind
            return [
                *place,
                ("opportunity ", False),
                *quoted(change.title),
                (f" {field} ", False),
                *values(),
            ]
        case "ticket-added" | "ticket-removed":
            added = kind == "ticket-added"
            return [
                *place,
                ("ticket ", False),
                (str(change.new if added else change.old), True),
                (" added to " if added else " removed from ", False),
                *quoted(change.title),
            ]
        case _:
            _without_words(kind)  # mypy: every kind has its words


def _without_words(kind: NoReturn) -> NoReturn:
    """mypy fails at the call above when a kind of `ChangeKind` has no `case`."""
    raise AssertionError(f"a change of kind {kind!r} has no words")


def summarize(changes: Sequence[Change], journeys: Sequence[JourneyDiff] | None) -> str:
    """The summary line of `changes`; with `journeys`, of a whole handbook (journeys
    changed, added, ...), without, of one journey or one commit of its history."""
    return summary_line(count_changes(changes, journeys), whole_handbook=journeys is not None)


def summary_line(counts: Counts, *, whole_handbook: bool) -> str:
    """The summary line: what a reviewer reads first, from the figures of `counts`."""
    parts: list[str] = []
    if whole_handbook:
        if not counts.journeys_changed:
            return "No changes to the journey maps."
        parts.append(plural(counts.journeys_changed, "journey") + " changed")
        for status, count in (
            ("added", counts.journeys_added),
            ("removed", counts.journeys_removed),
            ("renamed", counts.journeys_renamed),
            ("moved", counts.journeys_moved),
        ):
            if count:
                parts.append(f"{count} {status}")
    if counts.emotions_down:
        parts.append(plural(counts.emotions_down, "emotion") + " down")
    if counts.emotions_up:
        parts.append(plural(counts.emotions_up, "emotion") + " up")
    if counts.pain_points_added:
        by = ", ".join(f"{n} {severity}" for severity, n in counts.pain_points_added_by_severity)
        parts.append(plural(counts.pain_points_added, "pain point") + f" added ({by})")
    opportunities = "opportunities"
    for count, singular, many, what in (
        (counts.pain_points_removed, "pain point", None, "removed"),
        (counts.opportunities_added, "opportunity", opportunities, "added"),
        (counts.opportunities_shipped, "opportunity", opportunities, "shipped"),
        (counts.pain_points_fixed, "pain point", None, "fixed"),
        (counts.pain_points_reopened, "pain point", None, "reopened"),
    ):
        if count:
            parts.append(plural(count, singular, many) + f" {what}")
    named = (  # an emotion written or removed has no direction: it is an other change
        counts.emotions_up
        + counts.emotions_down
        + counts.pain_points_added
        + counts.pain_points_removed
        + counts.opportunities_added
        + counts.opportunities_shipped
        + counts.pain_points_fixed
        + counts.pain_points_reopened
    )
    if counts.changes > named:
        parts.append(plural(counts.changes - named, "other change"))
    if not parts:
        return "no changes"
    return "; ".join(parts) + "."


def status_words(journey: JourneyDiff) -> str:
    """'changed', 'added, 4 stages', 'renamed from maya/buying', 'moved from persona x'."""
    if journey.status == "renamed":
        former = "/".join(x for x in (journey.former_persona, journey.former_id) if x)
        return f"renamed from {former}"
    if journey.status == "moved":
        return f"moved from persona {journey.former_persona}"
    if journey.status in ("added", "removed"):
        return f"{journey.status}, {plural(journey.stages, 'stage')}"
    return "changed"
