"""A future-state map next to the current-state map it improves on, stage by stage."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..source.model import Journey, Opportunity, PainPoint, Stage


@dataclass
class StageComparison:
    """One stage of a journey next to the same stage (same id) of the map it compares to."""

    stage_id: str
    name: str
    before: Stage | None
    after: Stage | None
    removed: list[tuple[PainPoint, list[Opportunity]]]
    remaining: list[PainPoint]
    added: list[PainPoint]

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        if self.before.emotion is None or self.after.emotion is None:
            return None
        return self.after.emotion - self.before.emotion


def compare(journey: Journey, baseline: Journey) -> list[StageComparison]:
    """Stage by stage: emotion change, and which pain points of the baseline are gone.

    Stages are matched by id (maps of the same journey reuse stage ids); a pain point is
    removed when the compared map no longer lists its id, and the opportunities of either
    map that address it are named as what removed it.
    """
    before = {s.id: s for s in baseline.stages}
    after = {s.id: s for s in journey.stages}
    fixes: dict[str, list[Opportunity]] = defaultdict(list)
    for stage in (*baseline.stages, *journey.stages):
        for opportunity in stage.opportunities:
            for pain_id in opportunity.addresses:
                fixes[pain_id].append(opportunity)
    comparisons = []
    for stage_id in dict.fromkeys([*after, *before]):
        old, new = before.get(stage_id), after.get(stage_id)
        old_pains = old.pain_points if old else []
        new_ids = {p.id for p in new.pain_points} if new else set()
        old_ids = {p.id for p in old_pains}
        comparisons.append(
            StageComparison(
                stage_id,
                (new or old).name,  # type: ignore[union-attr]
                old,
                new,
                removed=[(p, fixes.get(p.id, [])) for p in old_pains if p.id not in new_ids],
                remaining=[p for p in old_pains if p.id in new_ids],
                added=[p for p in (new.pain_points if new else []) if p.id not in old_ids],
            )
        )
    return comparisons
