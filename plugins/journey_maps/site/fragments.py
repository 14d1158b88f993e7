"""Pieces of the cross-persona pages kept from one `mkdocs serve --dirty` build to the next.

The touchpoints page, the pain point register and the opportunities list a row or an entry
for every item of every persona, so they change with every save and grow with the handbook:
at 1,000 stage pages, rendering them was most of what a save cost. A row shows one persona's
item (its place, status, evidence, tickets: all from that persona's file, the catalog and
the options), so it is rendered again only when that persona's key changed (the key
`site/pages.py` ReusedPages already keeps: the file's content, the catalog, the options,
the build date, the language and the URLs). The exports keep each persona's part the same
way (`journeys.json`'s persona, the rows of `steps.csv`). A persona without a key (measured
data, git history, custom templates) is rendered every time, and so is everything in a
plain build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

__all__ = ["Fragments"]

FragmentKey = tuple[str, ...]
_Made = TypeVar("_Made")


class Fragments:
    """The rendered pieces of the last build and this one, by page, kind, persona and item."""

    def __init__(self) -> None:
        self.keys: Mapping[str, bytes | None] = {}
        self._last: dict[tuple[str, FragmentKey, bytes], Any] = {}
        self._now: dict[tuple[str, FragmentKey, bytes], Any] = {}

    def start(self, keys: Mapping[str, bytes | None]) -> None:
        """A new build with these persona keys: what the last one rendered is kept only as
        long as this build asks for it (so the store never outgrows one build's pieces)."""
        self.keys = keys
        self._last, self._now = {**self._last, **self._now}, {}

    def finish(self) -> None:
        """Forget the pieces this build did not ask for (unless it asked for none: the
        whole site was kept, and the next save needs them)."""
        if self._now:
            self._last, self._now = self._now, {}

    def render(self, persona_id: str, key: FragmentKey, render: Callable[[], _Made]) -> _Made:
        """`render()`, or what it gave last time for the same key and persona key (a piece of
        HTML, or an export's rows: anything made from that persona alone)."""
        persona_key = self.keys.get(persona_id)
        if persona_key is None:
            return render()
        stored = (persona_id, key, persona_key)
        if stored in self._now:
            return cast("_Made", self._now[stored])
        found = cast("_Made", self._last[stored]) if stored in self._last else render()
        self._now[stored] = found
        return found
