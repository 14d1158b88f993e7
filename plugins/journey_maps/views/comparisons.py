"""A future-state map next to the current-state map it improves on, stage by stage.

A comparison credits only real work: a pain point of the compared map is *removed* only
when this map no longer has it (by id, or through a pain point that declares `same_as` or
`replaces` it), and the opportunities that address it are named with their status; a
dropped or idea-only opportunity is never the reason for a removal ("no live fix").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .lifecycle import PainStatus, journey_pain_statuses, live_fixes
from .messages import N_, _

if TYPE_CHECKING:
    from ..source.model import Journey, Opportunity, PainPoint, Stage

__all__ = ["MAP_TYPE_WORDS", "compare"]

MatchedBy = Literal["id", "same_as", "replaces"]
MATCHED_BY_WORDS: dict[str, str] = {
    "same_as": N_("the same pain point"),
    "replaces": N_("what replaces it"),
}
"""What a pain point here is to the compared one, English messages translated where shown."""

MAP_TYPE_WORDS = (
    N_("current state"),
    N_("future state"),
    N_("day in the life"),
    N_("service blueprint"),
)
"""The map types as a sentence names them ("the future state map of the same journey"): the
journey page translates `JOURNEY_TYPE_LABELS[type] | lower` with `_()`, so a language that
does not lowercase its nouns (German) words them itself; marked here for the extractor."""


@dataclass(frozen=True)
class RemovedPain:
    """A pain point of the compared map that this map no longer has."""

    pain: PainPoint
    status: PainStatus
    """Its status in the compared map (a written `wont-fix` is shown)."""
    fixes: list[Opportunity]
    """Every opportunity of either map that addresses it, with its status."""

    @property
    def live_fixes(self) -> list[Opportunity]:
        """The fixes that are real work: planned, in progress or shipped."""
        return live_fixes(self.fixes)

    @property
    def other_fixes(self) -> list[Opportunity]:
        """Ideas and dropped opportunities: named, never credited with the removal."""
        live = self.live_fixes
        return [o for o in self.fixes if o not in live]

    @property
    def closed_as(self) -> str | None:
        """Its status in the compared map in words when it was no longer open there."""
        return None if self.status.open else self.status.label


@dataclass(frozen=True)
class RemainingPain:
    """A pain point of the compared map that this map still has, as `now`."""

    pain: PainPoint
    now: PainPoint
    now_stage: Stage
    matched_by: MatchedBy

    @property
    def now_is(self) -> str | None:
        """What the pain point here is to the compared one, unless it has the same id."""
        words = MATCHED_BY_WORDS.get(self.matched_by)
        return _(words) if words else None


@dataclass
class StageComparison:
    """One stage of a journey next to the same stage (same id) of the map it compares to."""

    stage_id: str
    name: str
    before: Stage | None
    after: Stage | None
    removed: list[RemovedPain]
    remaining: list[RemainingPain]
    added: list[PainPoint]

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        if self.before.emotion is None or self.after.emotion is None:
            return None
        return self.after.emotion - self.before.emotion

    @property
    def change_words(self) -> str:
        """The emotion change in words, with its arrow: `▲ +2 better`, `▼ -1 worse`, `= same`."""
        change = self.change
        if change is None:
            return "—"
        if change > 0:
            return "▲ " + _("+{change} better").format(change=change)
        if change < 0:
            return "▼ " + _("{change} worse").format(change=change)
        return "= " + _("same")


def matches(journey: Journey, baseline: Journey) -> dict[str, tuple[Stage, PainPoint, MatchedBy]]:
    """Baseline pain point id -> the pain point of `journey` that still is it: the same id
    anywhere in the map first, then a declared `same_as`, then `replaces`."""
    baseline_ids = {p.id for s in baseline.stages for p in s.pain_points}
    found: dict[str, tuple[Stage, PainPoint, MatchedBy]] = {}
    pains = [(s, p) for s in journey.stages for p in s.pain_points]
    for stage, pain in pains:
        if pain.id in baseline_ids:
            found[pain.id] = (stage, pain, "id")
    for key in ("same_as", "replaces"):
        for stage, pain in pains:
            target = getattr(pain, key)
            if target in baseline_ids and target not in found:
                found[target] = (stage, pain, key)
    return found


def compare(journey: Journey, baseline: Journey) -> list[StageComparison]:
    """Stage by stage: emotion change, and which pain points of the baseline are gone.

    Stages are matched by id (maps of the same journey reuse stage ids). A baseline pain
    point is listed in its own stage's row: removed, or still there (with what it is now);
    a pain point of this map that matches none of the baseline is added in its stage.
    """
    before = {s.id: s for s in baseline.stages}
    after = {s.id: s for s in journey.stages}
    fixes: dict[str, list[Opportunity]] = defaultdict(list)
    for stage in (*baseline.stages, *journey.stages):
        for opportunity in stage.opportunities:
            for pain_id in opportunity.addresses:
                fixes[pain_id].append(opportunity)
    statuses = journey_pain_statuses(baseline)
    still = matches(journey, baseline)
    matched_now = {id(pain) for _, pain, _ in still.values()}
    comparisons = []
    for stage_id in dict.fromkeys([*after, *before]):
        old, new = before.get(stage_id), after.get(stage_id)
        old_pains = old.pain_points if old else []
        removed = [
            RemovedPain(p, statuses[p.id], fixes.get(p.id, []))
            for p in old_pains
            if p.id not in still
        ]
        remaining = [
            RemainingPain(p, still[p.id][1], still[p.id][0], still[p.id][2])
            for p in old_pains
            if p.id in still
        ]
        added = [p for p in (new.pain_points if new else []) if id(p) not in matched_now]
        comparisons.append(
            StageComparison(
                stage_id,
                (new or old).name,  # type: ignore[union-attr]
                old,
                new,
                removed=removed,
                remaining=remaining,
                added=added,
            )
        )
    return comparisons
