"""What changed between two versions of a handbook, in the words of a journey map.

`diff_handbooks(old, new)` compares two loaded handbooks journey by journey and returns
plain data: which journeys were added, removed, renamed (through `former_ids`) or moved to
another persona, and for each the changes a CX reviewer cares about: stages, pain points
and opportunities added or removed, emotions up or down, severity, status, impact, effort
and owner, a pain point's lifecycle status (written or derived), touchpoints, evidence,
tickets and the review date. No markup here: the text of
a change comes as segments, each marked as author text or not, so every output (plain
text, escaped Markdown, JSON) is made from the same words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

from ..source.handbook import Handbook
from ..source.model import (
    PAIN_POINT_STATUSES,
    SEVERITIES,
    Journey,
    Opportunity,
    PainPoint,
    PersonaFile,
    Stage,
)
from .lifecycle import PainStatus, journey_pain_statuses
from .touchpoint_usage import stage_touchpoints

JSON_VERSION = 1
"""Bumped when a key of the JSON output changes meaning or goes away."""

Direction = Literal["better", "worse"]
JourneyStatus = Literal["added", "removed", "renamed", "moved", "changed"]

KINDS = (
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
)
"""Every `kind` a change can have, in the order changes of one stage are listed."""

ALARMING_SEVERITIES = ("critical", "high")


@dataclass(frozen=True)
class Change:
    """One change in one journey.

    `stage` is the stage id it happened in (None for journey-wide changes), `item` the id
    of the pain point, opportunity, evidence or touchpoint, or the step's action, and
    `title` the item's title. `old` and `new` are the values before and after (a number
    for emotions, a word for severity and status, an ISO date for last-reviewed)."""

    kind: str
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

    def segments(self) -> list[tuple[str, bool]]:
        """The change in words: (text, is author text) pairs, joined without separators."""
        return _describe(self)

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
        """One line: 'emotion down in 1 stage, 1 pain point added (1 critical), ...'."""
        return summarize(self.changes, journeys=None)


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
        return summarize(self.changes, journeys=self.journeys)

    def counts(self) -> dict[str, int]:
        """Figures for the summary and the JSON output; keys are stable (docs/reference.md)."""
        changes = self.changes
        statuses = [j.status for j in self.journeys]

        def count(kind: str, **where: Any) -> int:
            return sum(
                1
                for c in changes
                if c.kind == kind and all(getattr(c, k) == v for k, v in where.items())
            )

        return {
            "journeys_changed": len(self.journeys),
            "journeys_added": statuses.count("added"),
            "journeys_removed": statuses.count("removed"),
            "journeys_renamed": statuses.count("renamed"),
            "journeys_moved": statuses.count("moved"),
            "emotions_down": count("stage-emotion", direction="worse")
            + count("step-emotion", direction="worse"),
            "emotions_up": count("stage-emotion", direction="better")
            + count("step-emotion", direction="better"),
            "pain_points_added": count("pain-point-added"),
            "pain_points_added_critical_or_high": sum(
                1 for c in changes if c.kind == "pain-point-added" and c.alarming
            ),
            "pain_points_removed": count("pain-point-removed"),
            "pain_points_fixed": sum(1 for c in changes if _fixed(c)),
            "pain_points_reopened": count("pain-point-status", new="open"),
            "opportunities_added": count("opportunity-added"),
            "opportunities_removed": count("opportunity-removed"),
            "opportunities_shipped": count("opportunity-status", new="shipped"),
            "changes": len(changes),
        }


# --- comparing --------------------------------------------------------------------------------


def diff_handbooks(old: Handbook | None, new: Handbook | None) -> HandbookDiff:
    """What changed from `old` to `new`; either may be None (the folder did not exist)."""
    old_personas = old.personas if old else []
    new_personas = new.personas if new else []
    touchpoint_names = {
        **({t.id: t.name for t in old.catalog.touchpoints} if old else {}),
        **({t.id: t.name for t in new.catalog.touchpoints} if new else {}),
    }
    # Personas: the same file stem, or a new file listing the old stem in former_ids.
    persona_for: dict[str, str] = {}  # old persona id -> new persona id
    new_ids = {p.id for p in new_personas}
    for persona in old_personas:
        if persona.id in new_ids:
            persona_for[persona.id] = persona.id
    for persona in new_personas:
        for former in persona.profile.former_ids:
            persona_for.setdefault(former, persona.id)

    olds = [(p, j) for p in old_personas for j in p.journeys]
    taken: set[int] = set()

    def find(candidates: Iterable[int], test: Any) -> int | None:
        for index in candidates:
            if index not in taken and test(*olds[index]):
                return index
        return None

    matches: list[tuple[PersonaFile, Journey, int | None]] = []
    news = [(p, j) for p in new_personas for j in p.journeys]
    for persona, journey in news:  # first pass: same persona, same id
        index = find(
            range(len(olds)),
            lambda p, j, persona=persona, journey=journey: (
                persona_for.get(p.id) == persona.id and j.id == journey.id
            ),
        )
        if index is not None:
            taken.add(index)
        matches.append((persona, journey, index))
    for number, (persona, journey, index) in enumerate(matches):
        if index is not None:
            continue
        # Renamed within the persona, then moved to another persona (same id or former id).
        for same_persona in (True, False):
            index = find(
                range(len(olds)),
                lambda p, j, persona=persona, journey=journey, same=same_persona: (
                    (persona_for.get(p.id) == persona.id) == same
                    and (j.id == journey.id or j.id in journey.former_ids)
                ),
            )
            if index is not None:
                taken.add(index)
                matches[number] = (persona, journey, index)
                break

    result: list[JourneyDiff] = []
    for persona, journey, index in matches:
        if index is None:
            result.append(_added(persona, journey))
            continue
        old_persona, old_journey = olds[index]
        changes = diff_journey(old_journey, journey, touchpoint_names)
        moved = persona_for.get(old_persona.id) != persona.id
        renamed = old_journey.id != journey.id or old_persona.id != persona.id
        status: JourneyStatus = "moved" if moved else "renamed" if renamed else "changed"
        if status == "changed" and not changes:
            continue
        result.append(
            JourneyDiff(
                persona.id,
                persona.profile.name,
                journey.id,
                journey.title,
                status,
                former_persona=old_persona.id if old_persona.id != persona.id else None,
                former_id=old_journey.id if old_journey.id != journey.id else None,
                stages=len(journey.stages),
                changes=changes,
            )
        )
    for index, (persona, journey) in enumerate(olds):
        if index not in taken:
            result.append(
                JourneyDiff(
                    persona.id,
                    persona.profile.name,
                    journey.id,
                    journey.title,
                    "removed",
                    stages=len(journey.stages),
                )
            )
    return HandbookDiff(result)


def _added(persona: PersonaFile, journey: Journey) -> JourneyDiff:
    """A new journey lists its pain points as added, so a new critical one is not missed."""
    changes = [
        Change("pain-point-added", stage.id, stage.name, pain.id, pain.title, None, pain.severity)
        for stage in journey.stages
        for pain in stage.pain_points
    ]
    return JourneyDiff(
        persona.id,
        persona.profile.name,
        journey.id,
        journey.title,
        "added",
        stages=len(journey.stages),
        changes=changes,
    )


def diff_journey(
    old: Journey, new: Journey, touchpoint_names: dict[str, str] | None = None
) -> list[Change]:
    """Every change from one version of a journey to the next, journey-wide changes first,
    then stage by stage in the new order, removed stages last."""
    names = touchpoint_names or {}
    changes: list[Change] = []
    if old.title != new.title:
        changes.append(Change("journey-title", old=old.title, new=new.title))
    if old.status != new.status:
        changes.append(Change("journey-status", old=old.status, new=new.status))
    if old.owner != new.owner:
        changes.append(Change("journey-owner", old=old.owner, new=new.owner))
    if old.last_reviewed != new.last_reviewed:
        changes.append(
            Change(
                "last-reviewed",
                old=old.last_reviewed.isoformat() if old.last_reviewed else None,
                new=new.last_reviewed.isoformat() if new.last_reviewed else None,
            )
        )
    old_evidence = {e.id: e for e in old.evidence}
    new_evidence = {e.id: e for e in new.evidence}
    for evidence in new.evidence:
        if evidence.id not in old_evidence:
            changes.append(Change("evidence-added", item=evidence.id, title=evidence.source))
    for evidence in old.evidence:
        if evidence.id not in new_evidence:
            changes.append(Change("evidence-removed", item=evidence.id, title=evidence.source))

    old_stages = {s.id: s for s in old.stages}
    old_pains = {p.id: (s, p) for s in old.stages for p in s.pain_points}
    new_pains = {p.id: (s, p) for s in new.stages for p in s.pain_points}
    old_ideas = {o.id: (s, o) for s in old.stages for o in s.opportunities}
    new_ideas = {o.id: (s, o) for s in new.stages for o in s.opportunities}
    old_status, new_status = journey_pain_statuses(old), journey_pain_statuses(new)

    def pain_changes(before: PainPoint, after: PainPoint, stage: Stage) -> list[Change]:
        return _pain_changes(before, after, stage, (old_status[before.id], new_status[after.id]))

    for stage in new.stages:
        before = old_stages.get(stage.id)
        where = _where(stage)
        if before is None:
            changes.append(Change("stage-added", **where))
        else:
            changes.extend(_stage_changes(before, stage, names))
        changes += _item_changes(
            "pain-point", stage, stage.pain_points, old_pains, _severity, pain_changes
        )
        changes += _item_changes(
            "opportunity", stage, stage.opportunities, old_ideas, _status, _idea_changes
        )
    new_stage_ids = {s.id for s in new.stages}
    for stage in old.stages:
        where = _where(stage)
        if stage.id not in new_stage_ids:
            changes.append(Change("stage-removed", **where))
        changes += _removed_items("pain-point", stage, stage.pain_points, new_pains, _severity)
        changes += _removed_items("opportunity", stage, stage.opportunities, new_ideas, _status)
    return changes


Item = TypeVar("Item", PainPoint, Opportunity)


def _severity(pain: PainPoint) -> str:
    return pain.severity


def _status(idea: Opportunity) -> str:
    return idea.status


def _item_changes(
    kind: str,
    stage: Stage,
    items: Sequence[Item],
    old_items: dict[str, tuple[Stage, Item]],
    label: Callable[[Item], str],
    compare: Callable[[Item, Item, Stage], list[Change]],
) -> list[Change]:
    """The pain points (or opportunities) of a stage: added, moved here, or changed."""
    where = _where(stage)
    changes: list[Change] = []
    for item in items:
        if item.id not in old_items:
            changes.append(
                Change(f"{kind}-added", **where, item=item.id, title=item.title, new=label(item))
            )
            continue
        old_stage, old_item = old_items[item.id]
        if old_stage.id != stage.id:
            changes.append(
                Change(
                    f"{kind}-moved",
                    **where,
                    item=item.id,
                    title=item.title,
                    old=old_stage.name,
                    new=stage.name,
                )
            )
        changes.extend(compare(old_item, item, stage))
    return changes


def _removed_items(
    kind: str,
    stage: Stage,
    items: Sequence[Item],
    new_items: dict[str, tuple[Stage, Item]],
    label: Callable[[Item], str],
) -> list[Change]:
    """The pain points (or opportunities) of an old stage that no stage has any more."""
    where = _where(stage)
    return [
        Change(f"{kind}-removed", **where, item=item.id, title=item.title, old=label(item))
        for item in items
        if item.id not in new_items
    ]


def _direction(old: int | None, new: int | None) -> Direction | None:
    if old is None or new is None or old == new:
        return None
    return "better" if new > old else "worse"


def _stage_changes(old: Stage, new: Stage, names: dict[str, str]) -> list[Change]:
    where: dict[str, Any] = {"stage": new.id, "stage_name": new.name}
    changes: list[Change] = []
    if old.name != new.name:
        changes.append(Change("stage-renamed", **where, old=old.name, new=new.name))
    if old.emotion != new.emotion:
        changes.append(
            Change(
                "stage-emotion",
                **where,
                old=old.emotion,
                new=new.emotion,
                direction=_direction(old.emotion, new.emotion),
            )
        )
    # Steps have no ids: matched by their action, in order. A step that only follows its
    # stage's emotion on both sides is not listed again.
    remaining = list(old.steps)
    for step in new.steps:
        match = next((s for s in remaining if s.action == step.action), None)
        if match is None:
            continue
        remaining.remove(match)
        inherited = match.emotion == old.emotion and step.emotion == new.emotion
        if match.emotion != step.emotion and not inherited:
            changes.append(
                Change(
                    "step-emotion",
                    **where,
                    item=step.action,
                    title=step.action,
                    old=match.emotion,
                    new=step.emotion,
                    direction=_direction(match.emotion, step.emotion),
                )
            )
    old_touchpoints, new_touchpoints = stage_touchpoints(old), stage_touchpoints(new)
    for kind, ids, other in (
        ("touchpoint-added", new_touchpoints, old_touchpoints),
        ("touchpoint-removed", old_touchpoints, new_touchpoints),
    ):
        changes += [
            Change(kind, **where, item=t, title=names.get(t, t)) for t in ids if t not in other
        ]
    return changes


def _where(stage: Stage, item: PainPoint | Opportunity | None = None) -> dict[str, Any]:
    """The place fields of a Change: the stage, and the item when there is one."""
    place: dict[str, Any] = {"stage": stage.id, "stage_name": stage.name}
    if item is not None:
        place |= {"item": item.id, "title": item.title}
    return place


def _severity_direction(old: str, new: str) -> Direction | None:
    if old == new:
        return None
    return "worse" if SEVERITIES.index(new) < SEVERITIES.index(old) else "better"


def _pain_changes(
    old: PainPoint, new: PainPoint, stage: Stage, statuses: tuple[PainStatus, PainStatus]
) -> list[Change]:
    item = _where(stage, new)
    changes: list[Change] = []
    if old.severity != new.severity:
        direction = _severity_direction(old.severity, new.severity)
        changes.append(
            Change("severity", **item, old=old.severity, new=new.severity, direction=direction)
        )
    before, after = statuses
    if before.state != after.state:
        changes.append(
            Change(
                "pain-point-status",
                **item,
                old=before.state,
                new=after.state,
                direction=_status_direction(before.state, after.state),
            )
        )
    changes.extend(_tickets(old.tickets, new.tickets, item))
    return changes


def _status_direction(old: str, new: str) -> Direction | None:
    """Along the lifecycle (open, fix-shipped, verified) is better, back to open is worse;
    won't fix is neither."""
    if "wont-fix" in (old, new):
        return None
    return "better" if PAIN_POINT_STATUSES.index(new) > PAIN_POINT_STATUSES.index(old) else "worse"


def _fixed(change: Change) -> bool:
    """A pain point whose status moved on to fix-shipped or verified."""
    return change.kind == "pain-point-status" and change.new in ("fix-shipped", "verified")


def _idea_changes(old: Opportunity, new: Opportunity, stage: Stage) -> list[Change]:
    item = _where(stage, new)
    changes: list[Change] = []
    if old.status != new.status:
        direction: Direction | None = "better" if new.status == "shipped" else None
        changes.append(
            Change(
                "opportunity-status", **item, old=old.status, new=new.status, direction=direction
            )
        )
    for kind in ("impact", "effort"):
        before, after = getattr(old, kind), getattr(new, kind)
        if before != after:
            changes.append(Change(kind, **item, old=before, new=after))
    if old.owner != new.owner:
        changes.append(Change("opportunity-owner", **item, old=old.owner, new=new.owner))
    changes.extend(_tickets(old.tickets, new.tickets, item))
    return changes


def _tickets(old: list[str], new: list[str], item: dict[str, Any]) -> list[Change]:
    added = [Change("ticket-added", **item, new=t) for t in new if t not in old]
    return added + [Change("ticket-removed", **item, old=t) for t in old if t not in new]


# --- words -------------------------------------------------------------------------------------

_ARROW = " → "


def _describe(change: Change) -> list[tuple[str, bool]]:
    """The words of a change. Author text (names, titles, actions, tickets) is marked True."""
    kind = change.kind
    out: list[tuple[str, bool]] = []
    if change.stage_name is not None:
        out += [(change.stage_name, True), (": ", False)]

    def values(*, author: bool = False) -> list[tuple[str, bool]]:
        old = "none" if change.old is None else str(change.old)
        new = "none" if change.new is None else str(change.new)
        return [
            (old, author and change.old is not None),
            (_ARROW, False),
            (new, author and change.new is not None),
        ]

    def quoted(text: str | None) -> list[tuple[str, bool]]:
        return [("“", False), (text or "", True), ("”", False)]

    direction = f" ({change.direction})" if change.direction else ""
    if kind == "journey-title":
        return [("title ", False), *values(author=True)]
    if kind == "journey-status":
        return [("map status ", False), *values()]
    if kind == "journey-owner":
        return [("owner ", False), *values()]
    if kind == "last-reviewed":
        return [("last reviewed ", False), *values()]
    if kind in ("evidence-added", "evidence-removed"):
        verb = "added" if kind.endswith("added") else "removed"
        return [(f"evidence {verb}: ", False), (change.title or "", True)]
    if kind == "stage-added":
        return [*out, ("stage added", False)]
    if kind == "stage-removed":
        return [*out, ("stage removed", False)]
    if kind == "stage-renamed":
        return [*out, ("stage renamed from ", False), *quoted(str(change.old))]
    if kind == "stage-emotion":
        return [*out, ("emotion ", False), *values(), (direction, False)]
    if kind == "step-emotion":
        return [
            *out,
            ("step ", False),
            *quoted(change.title),
            (" emotion ", False),
            *values(),
            (direction, False),
        ]
    if kind in ("touchpoint-added", "touchpoint-removed"):
        verb = "now passes through" if kind.endswith("added") else "no longer passes through"
        return [*out, (f"{verb} touchpoint ", False), (change.title or "", True)]
    if kind == "pain-point-added":
        return [*out, (f"pain point added ({change.new}): ", False), (change.title or "", True)]
    if kind == "pain-point-removed":
        return [*out, (f"pain point removed ({change.old}): ", False), (change.title or "", True)]
    if kind in ("pain-point-moved", "opportunity-moved"):
        what = "pain point" if kind.startswith("pain") else "opportunity"
        return [
            *out,
            (f"{what} ", False),
            *quoted(change.title),
            (" moved here from ", False),
            (str(change.old), True),
        ]
    if kind == "severity":
        return [
            *out,
            ("pain point ", False),
            *quoted(change.title),
            (" severity ", False),
            *values(),
            (direction, False),
        ]
    if kind == "pain-point-status":
        return [
            *out,
            ("pain point ", False),
            *quoted(change.title),
            (" status ", False),
            *values(),
            (direction, False),
        ]
    if kind == "opportunity-added":
        return [*out, (f"opportunity added ({change.new}): ", False), (change.title or "", True)]
    if kind == "opportunity-removed":
        return [*out, (f"opportunity removed ({change.old}): ", False), (change.title or "", True)]
    if kind == "opportunity-status":
        return [*out, ("opportunity ", False), *quoted(change.title), (" ", False), *values()]
    if kind in ("impact", "effort", "opportunity-owner"):
        label = "owner" if kind == "opportunity-owner" else kind
        return [
            *out,
            ("opportunity ", False),
            *quoted(change.title),
            (f" {label} ", False),
            *values(),
        ]
    if kind in ("ticket-added", "ticket-removed"):
        verb = "added to" if kind.endswith("added") else "removed from"
        ticket = change.new if kind.endswith("added") else change.old
        return [
            *out,
            ("ticket ", False),
            (str(ticket), True),
            (f" {verb} ", False),
            *quoted(change.title),
        ]
    return [*out, (kind, False)]


def _plural(count: int, word: str, many: str | None = None) -> str:
    return f"{count} {word if count == 1 else (many or word + 's')}"


def summarize(changes: list[Change], journeys: list[JourneyDiff] | None) -> str:
    """The summary line: what a reviewer reads first."""
    parts: list[str] = []
    if journeys is not None:
        if not journeys:
            return "No changes to the journey maps."
        statuses = [j.status for j in journeys]
        parts.append(_plural(len(journeys), "journey") + " changed")
        for status in ("added", "removed", "renamed", "moved"):
            if statuses.count(status):
                parts.append(f"{statuses.count(status)} {status}")
    emotions = [c for c in changes if c.kind in ("stage-emotion", "step-emotion")]
    down = sum(1 for c in emotions if c.direction == "worse")
    up = sum(1 for c in emotions if c.direction == "better")
    if down:
        parts.append(_plural(down, "emotion") + " down")
    if up:
        parts.append(_plural(up, "emotion") + " up")
    added = [c for c in changes if c.kind == "pain-point-added"]
    if added:
        by = ", ".join(
            f"{sum(1 for c in added if c.new == s)} {s}"
            for s in SEVERITIES
            if any(c.new == s for c in added)
        )
        parts.append(_plural(len(added), "pain point") + f" added ({by})")
    removed = sum(1 for c in changes if c.kind == "pain-point-removed")
    if removed:
        parts.append(_plural(removed, "pain point") + " removed")
    ideas = sum(1 for c in changes if c.kind == "opportunity-added")
    if ideas:
        parts.append(_plural(ideas, "opportunity", "opportunities") + " added")
    shipped = sum(1 for c in changes if c.kind == "opportunity-status" and c.new == "shipped")
    if shipped:
        parts.append(_plural(shipped, "opportunity", "opportunities") + " shipped")
    fixed = sum(1 for c in changes if _fixed(c))
    if fixed:
        parts.append(_plural(fixed, "pain point") + " fixed")
    reopened = sum(1 for c in changes if c.kind == "pain-point-status" and c.new == "open")
    if reopened:
        parts.append(_plural(reopened, "pain point") + " reopened")
    rest = len(changes) - len(emotions) - len(added) - removed - ideas - shipped
    rest -= fixed + reopened
    if rest > 0:
        parts.append(_plural(rest, "other change"))
    if not parts:
        return "no changes"
    return "; ".join(parts) + "."


# --- JSON --------------------------------------------------------------------------------------


def to_json(
    diff: HandbookDiff, *, old: str, new: str, urls: dict[tuple[str, str], str] | None = None
) -> dict[str, Any]:
    """The diff as JSON-ready data; keys are documented in docs/reference.md."""
    links = urls or {}
    return {
        "version": JSON_VERSION,
        "old": old,
        "new": new,
        "worse": diff.worse,
        "summary": diff.summary(),
        "counts": diff.counts(),
        "journeys": [
            {
                "persona": j.persona,
                "persona_name": j.persona_name,
                "journey": j.journey,
                "title": j.title,
                "status": j.status,
                "former_persona": j.former_persona,
                "former_id": j.former_id,
                "worse": j.worse,
                "summary": j.summary(),
                "url": links.get((j.persona, j.journey)),
                "changes": [
                    {
                        "kind": c.kind,
                        "stage": c.stage,
                        "stage_name": c.stage_name,
                        "item": c.item,
                        "title": c.title,
                        "old": c.old,
                        "new": c.new,
                        "direction": c.direction,
                        "alarming": c.alarming,
                        "text": c.text(),
                    }
                    for c in j.changes
                ],
            }
            for j in diff.journeys
        ],
    }


def text_report(diff: HandbookDiff, *, old: str, new: str) -> str:
    """Plain text for a terminal: the summary, then each journey with its changes."""
    lines = [f"journey maps: {old} → {new}", diff.summary()]
    for journey in diff.journeys:
        lines.append("")
        lines.append(f"{journey.persona_name} / {journey.title} ({_status_words(journey)})")
        for change in journey.changes:
            mark = "!" if change.alarming else "-"
            lines.append(f"  {mark} {change.text()}")
    return "\n".join(lines) + "\n"


def _status_words(journey: JourneyDiff) -> str:
    if journey.status == "renamed":
        former = "/".join(x for x in (journey.former_persona, journey.former_id) if x)
        return f"renamed from {former}"
    if journey.status == "moved":
        return f"moved from persona {journey.former_persona}"
    if journey.status in ("added", "removed"):
        return f"{journey.status}, {_plural(journey.stages, 'stage')}"
    return "changed"


def status_words(journey: JourneyDiff) -> str:
    """'changed', 'added, 4 stages', 'renamed from maya/buying', 'moved from persona x'."""
    return _status_words(journey)
