"""What changed between two matched versions of a handbook, journey by journey.

`matching` says which journey, stage, pain point, opportunity and step is which; this
module lists, for each pair, the changes a CX reviewer cares about: stages, pain points
and opportunities added, removed or moved, emotions up or down, severity, status, impact,
effort and owner, a pain point's lifecycle status (written or derived), touchpoints,
evidence, tickets and the review date.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from ...source.model import (
    PAIN_POINT_STATUSES,
    SEVERITIES,
    Journey,
    Opportunity,
    OpportunityStatus,
    PainPoint,
    PainPointStatus,
    PersonaFile,
    Severity,
    Stage,
)
from ..lifecycle import PainStatus, journey_pain_statuses
from ..touchpoint_usage import stage_touchpoints
from .matching import Item, match_journeys, match_stages, match_steps
from .records import Change, ChangeKind, Direction, HandbookDiff, JourneyDiff, JourneyStatus

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ...source.handbook import Handbook

__all__ = ["diff_handbooks", "diff_journey"]

Value = TypeVar("Value", bound="str | int | None")


def diff_handbooks(old: Handbook | None, new: Handbook | None) -> HandbookDiff:
    """What changed from `old` to `new`; either may be None (the folder did not exist)."""
    touchpoint_names = {
        **({t.id: t.name for t in old.catalog.touchpoints} if old else {}),
        **({t.id: t.name for t in new.catalog.touchpoints} if new else {}),
    }
    matched = match_journeys(old.personas if old else [], new.personas if new else [])
    result: list[JourneyDiff] = []
    for match in matched.journeys:
        persona, journey = match.persona, match.journey
        if match.old is None:
            # A new journey lists its pain points as added, so a new critical one is not missed.
            added = [
                Change("pain-point-added", **_where(stage, pain), new=pain.severity)
                for stage in journey.stages
                for pain in stage.pain_points
            ]
            result.append(_journey_diff(persona, journey, "added", added))
            continue
        old_persona, old_journey = match.old
        changes = diff_journey(old_journey, journey, touchpoint_names)
        renamed = old_journey.id != journey.id or old_persona.id != persona.id
        status: JourneyStatus = "moved" if match.moved else "renamed" if renamed else "changed"
        if status == "changed" and not changes:
            continue
        result.append(
            _journey_diff(
                persona,
                journey,
                status,
                changes,
                former_persona=old_persona.id if old_persona.id != persona.id else None,
                former_id=old_journey.id if old_journey.id != journey.id else None,
            )
        )
    result += [_journey_diff(p, j, "removed") for p, j in matched.removed]
    return HandbookDiff(result)


def _journey_diff(
    persona: PersonaFile,
    journey: Journey,
    status: JourneyStatus,
    changes: list[Change] | None = None,
    *,
    former_persona: str | None = None,
    former_id: str | None = None,
) -> JourneyDiff:
    return JourneyDiff(
        persona.id,
        persona.profile.name,
        journey.id,
        journey.title,
        status,
        former_persona=former_persona,
        former_id=former_id,
        stages=len(journey.stages),
        changes=changes or [],
    )


def diff_journey(
    old: Journey, new: Journey, touchpoint_names: dict[str, str] | None = None
) -> list[Change]:
    """Every change from one version of a journey to the next, journey-wide changes first,
    then stage by stage in the new order, removed stages last."""
    names = touchpoint_names or {}
    changes = [
        *_changed("journey-title", {}, old.title, new.title),
        *_changed("journey-status", {}, old.status, new.status),
        *_changed("journey-owner", {}, old.owner, new.owner),
        *_changed(
            "last-reviewed",
            {},
            old.last_reviewed.isoformat() if old.last_reviewed else None,
            new.last_reviewed.isoformat() if new.last_reviewed else None,
        ),
    ]
    old_evidence = {e.id for e in old.evidence}
    new_evidence = {e.id for e in new.evidence}
    changes += [
        Change("evidence-added", item=e.id, title=e.source)
        for e in new.evidence
        if e.id not in old_evidence
    ]
    changes += [
        Change("evidence-removed", item=e.id, title=e.source)
        for e in old.evidence
        if e.id not in new_evidence
    ]

    stages = match_stages(old, new)
    old_status, new_status = journey_pain_statuses(old), journey_pain_statuses(new)

    def pain_changes(before: PainPoint, after: PainPoint, stage: Stage) -> list[Change]:
        return _pain_changes(before, after, stage, (old_status[before.id], new_status[after.id]))

    for before, stage in stages.pairs:
        if before is None:
            changes.append(Change("stage-added", **_where(stage)))
        else:
            changes.extend(_stage_changes(before, stage, names))
        changes += _item_changes(
            _PAIN_POINT, stage, stage.pain_points, stages.old_pain_points, _severity, pain_changes
        )
        changes += _item_changes(
            _OPPORTUNITY,
            stage,
            stage.opportunities,
            stages.old_opportunities,
            _status,
            _opportunity_changes,
        )
    for stage in old.stages:
        if stage.id in stages.removed:
            changes.append(Change("stage-removed", **_where(stage)))
        changes += _removed_items(
            _PAIN_POINT, stage, stage.pain_points, stages.new_pain_points, _severity
        )
        changes += _removed_items(
            _OPPORTUNITY, stage, stage.opportunities, stages.new_opportunities, _status
        )
    return changes


@dataclass(frozen=True)
class _ItemKinds:
    """The kinds of change a pain point or an opportunity can have as a whole."""

    added: ChangeKind
    moved: ChangeKind
    removed: ChangeKind


_PAIN_POINT = _ItemKinds("pain-point-added", "pain-point-moved", "pain-point-removed")
_OPPORTUNITY = _ItemKinds("opportunity-added", "opportunity-moved", "opportunity-removed")


def _severity(pain: PainPoint) -> str:
    return pain.severity


def _status(opportunity: Opportunity) -> str:
    return opportunity.status


def _item_changes(
    kinds: _ItemKinds,
    stage: Stage,
    items: Sequence[Item],
    old_items: dict[str, tuple[Stage, Item]],
    label: Callable[[Item], str],
    compare: Callable[[Item, Item, Stage], list[Change]],
) -> list[Change]:
    """The pain points (or opportunities) of a stage: added, moved here, or changed."""
    changes: list[Change] = []
    for item in items:
        place = _where(stage, item)
        if item.id not in old_items:
            changes.append(Change(kinds.added, **place, new=label(item)))
            continue
        old_stage, old_item = old_items[item.id]
        if old_stage.id != stage.id:
            changes.append(Change(kinds.moved, **place, old=old_stage.name, new=stage.name))
        changes.extend(compare(old_item, item, stage))
    return changes


def _removed_items(
    kinds: _ItemKinds,
    stage: Stage,
    items: Sequence[Item],
    new_items: dict[str, tuple[Stage, Item]],
    label: Callable[[Item], str],
) -> list[Change]:
    """The pain points (or opportunities) of an old stage that no stage has any more."""
    return [
        Change(kinds.removed, **_where(stage, item), old=label(item))
        for item in items
        if item.id not in new_items
    ]


def _direction(old: int | None, new: int | None) -> Direction | None:
    if old is None or new is None or old == new:
        return None
    return "better" if new > old else "worse"


def _stage_changes(old: Stage, new: Stage, names: dict[str, str]) -> list[Change]:
    where = _where(new)
    changes = [
        *_changed("stage-renamed", where, old.name, new.name),
        *_changed("stage-emotion", where, old.emotion, new.emotion, _direction),
    ]
    # A step that only follows its stage's emotion on both sides is not listed again.
    for before, step in match_steps(old.steps, new.steps):
        if before.emotion == old.emotion and step.emotion == new.emotion:
            continue
        place = {**where, "item": step.action, "title": step.action}
        changes += _changed("step-emotion", place, before.emotion, step.emotion, _direction)
    old_touchpoints, new_touchpoints = stage_touchpoints(old), stage_touchpoints(new)
    changes += [
        Change("touchpoint-added", **where, item=t, title=names.get(t, t))
        for t in new_touchpoints
        if t not in old_touchpoints
    ]
    changes += [
        Change("touchpoint-removed", **where, item=t, title=names.get(t, t))
        for t in old_touchpoints
        if t not in new_touchpoints
    ]
    return changes


def _where(stage: Stage, item: PainPoint | Opportunity | None = None) -> dict[str, Any]:
    """The place fields of a Change: the stage, and the item when there is one."""
    place: dict[str, Any] = {"stage": stage.id, "stage_name": stage.name}
    if item is not None:
        place |= {"item": item.id, "title": item.title}
    return place


def _severity_direction(old: Severity, new: Severity) -> Direction | None:
    if old == new:
        return None
    return "worse" if SEVERITIES.index(new) < SEVERITIES.index(old) else "better"


def _pain_changes(
    old: PainPoint, new: PainPoint, stage: Stage, statuses: tuple[PainStatus, PainStatus]
) -> list[Change]:
    item = _where(stage, new)
    before, after = statuses
    return [
        *_changed("severity", item, old.severity, new.severity, _severity_direction),
        *_changed("pain-point-status", item, before.state, after.state, _status_direction),
        *_tickets(old.tickets, new.tickets, item),
    ]


def _status_direction(old: PainPointStatus, new: PainPointStatus) -> Direction | None:
    """Along the lifecycle (open, fix-shipped, verified) is better, back to open is worse;
    won't fix is neither."""
    if "wont-fix" in (old, new):
        return None
    return "better" if PAIN_POINT_STATUSES.index(new) > PAIN_POINT_STATUSES.index(old) else "worse"


def _opportunity_changes(old: Opportunity, new: Opportunity, stage: Stage) -> list[Change]:
    item = _where(stage, new)
    return [
        *_changed("opportunity-status", item, old.status, new.status, _shipped),
        *_changed("impact", item, old.impact, new.impact),
        *_changed("effort", item, old.effort, new.effort),
        *_changed("opportunity-owner", item, old.owner, new.owner),
        *_tickets(old.tickets, new.tickets, item),
    ]


def _shipped(old: OpportunityStatus, new: OpportunityStatus) -> Direction | None:
    """Shipping is better; any other move of an opportunity is neither better nor worse."""
    return "better" if new == "shipped" else None


def _changed(
    kind: ChangeKind,
    place: dict[str, Any],
    old: Value,
    new: Value,
    direction: Callable[[Value, Value], Direction | None] | None = None,
) -> list[Change]:
    """The change of one value at `place` (see `_where`), or none when it is the same."""
    if old == new:
        return []
    return [
        Change(
            kind, **place, old=old, new=new, direction=direction(old, new) if direction else None
        )
    ]


def _tickets(old: list[str], new: list[str], item: dict[str, Any]) -> list[Change]:
    added = [Change("ticket-added", **item, new=t) for t in new if t not in old]
    return added + [Change("ticket-removed", **item, old=t) for t in old if t not in new]
