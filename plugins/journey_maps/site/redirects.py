"""Old URLs of renamed personas and journeys (`former_ids`), and the pages that forward them."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..source.handbook import Handbook
    from .paths import SitePaths

__all__ = ["redirects"]


def redirects(handbook: Handbook, paths: SitePaths) -> list[tuple[str, str, str]]:
    """(old source path, new source path, new title) for every page a former id used to have."""
    pairs: list[tuple[str, str, str]] = []
    for persona in handbook.personas:
        persona_ids = [persona.id, *persona.profile.former_ids]
        for old_persona in persona.profile.former_ids:
            pairs.append(
                (paths.persona(old_persona), paths.persona(persona.id), persona.profile.name)
            )
        for journey in persona.journeys:
            for old_persona in persona_ids:
                for old_journey in [journey.id, *journey.former_ids]:
                    if (old_persona, old_journey) == (persona.id, journey.id):
                        continue
                    new_journey = paths.journey(persona.id, journey.id)
                    pairs.append(
                        (paths.journey(old_persona, old_journey), new_journey, journey.title)
                    )
                    pairs += [
                        (
                            paths.stage(old_persona, old_journey, stage.id),
                            paths.stage(persona.id, journey.id, stage.id),
                            f"{stage.name} ({journey.title})",
                        )
                        for stage in journey.stages
                    ]
    return pairs
