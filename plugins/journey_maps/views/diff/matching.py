"""Which journey, stage, pain point, opportunity and step of one handbook is which in the other.

Personas are the same file stem, or a new file that lists the old stem in `former_ids`.
Journeys match by id within the matched persona first; then, still within it, by id or
by `former_ids` (renamed); then in any other persona (moved). Stages, pain points and
opportunities match by id, a pain point or opportunity found in another stage having
moved there; steps, which have no ids, by their action, in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from ...source.model import Journey, Opportunity, PainPoint, PersonaFile, Stage, Step

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

__all__ = ["Item", "match_journeys", "match_stages", "match_steps"]

Item = TypeVar("Item", PainPoint, Opportunity)
Placed = tuple[PersonaFile, Journey]


@dataclass(frozen=True)
class JourneyMatch:
    """A journey of the new handbook and, when there is one, the old journey it was."""

    persona: PersonaFile
    journey: Journey
    old: Placed | None
    moved: bool
    """Found in a persona other than the one the old journey's persona became."""


@dataclass(frozen=True)
class HandbookMatch:
    journeys: list[JourneyMatch]
    """Every journey of the new handbook, in its order."""
    removed: list[Placed]
    """The old journeys nothing matched, in the old handbook's order."""


def match_journeys(
    old_personas: Sequence[PersonaFile], new_personas: Sequence[PersonaFile]
) -> HandbookMatch:
    """Each new journey with the old journey it was, and the old ones that are gone."""
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

    def take(
        persona: PersonaFile, journey: Journey, *, same_persona: bool, renamed: bool
    ) -> int | None:
        """The first old journey not matched yet of the same persona (or, `same_persona`
        False, of another) with the same id (or, `renamed`, an id in `former_ids`); now
        matched."""
        for index, (old_persona, old_journey) in enumerate(olds):
            if index in taken or (persona_for.get(old_persona.id) == persona.id) != same_persona:
                continue
            if old_journey.id == journey.id or (renamed and old_journey.id in journey.former_ids):
                taken.add(index)
                return index
        return None

    news = [(p, j) for p in new_personas for j in p.journeys]
    # Unchanged ids first, for every journey, so that a rename never takes a kept id.
    found = [take(p, j, same_persona=True, renamed=False) for p, j in news]
    for number, (persona, journey) in enumerate(news):
        if found[number] is None:
            found[number] = take(persona, journey, same_persona=True, renamed=True)
        if found[number] is None:
            found[number] = take(persona, journey, same_persona=False, renamed=True)

    matches = []
    for (persona, journey), index in zip(news, found, strict=True):
        old = None if index is None else olds[index]
        moved = old is not None and persona_for.get(old[0].id) != persona.id
        matches.append(JourneyMatch(persona, journey, old, moved))
    removed = [placed for index, placed in enumerate(olds) if index not in taken]
    return HandbookMatch(matches, removed)


@dataclass(frozen=True)
class StageMatch:
    """The stages of two versions of one journey matched by id, and the stage each pain
    point and opportunity is in on either side, by its id."""

    pairs: list[tuple[Stage | None, Stage]]
    """Each new stage, in order, with the old stage of its id (None for a new stage)."""
    removed: set[str]
    """Ids of the old stages the new version does not have."""
    old_pain_points: dict[str, tuple[Stage, PainPoint]]
    new_pain_points: dict[str, tuple[Stage, PainPoint]]
    old_opportunities: dict[str, tuple[Stage, Opportunity]]
    new_opportunities: dict[str, tuple[Stage, Opportunity]]


def match_stages(old: Journey, new: Journey) -> StageMatch:
    old_stages = {s.id: s for s in old.stages}
    new_ids = {s.id for s in new.stages}
    return StageMatch(
        pairs=[(old_stages.get(stage.id), stage) for stage in new.stages],
        removed={s.id for s in old.stages if s.id not in new_ids},
        old_pain_points=_by_id(old.stages, _pain_points),
        new_pain_points=_by_id(new.stages, _pain_points),
        old_opportunities=_by_id(old.stages, _opportunities),
        new_opportunities=_by_id(new.stages, _opportunities),
    )


def _pain_points(stage: Stage) -> list[PainPoint]:
    return stage.pain_points


def _opportunities(stage: Stage) -> list[Opportunity]:
    return stage.opportunities


def _by_id(
    stages: Iterable[Stage], items: Callable[[Stage], Sequence[Item]]
) -> dict[str, tuple[Stage, Item]]:
    return {item.id: (stage, item) for stage in stages for item in items(stage)}


def match_steps(old: Sequence[Step], new: Sequence[Step]) -> list[tuple[Step, Step]]:
    """Each new step with the first old step of the same action not matched yet, in the
    new order; steps without a match are left out (steps have no ids)."""
    remaining = list(old)
    pairs = []
    for step in new:
        match = next((s for s in remaining if s.action == step.action), None)
        if match is not None:
            remaining.remove(match)
            pairs.append((match, step))
    return pairs
