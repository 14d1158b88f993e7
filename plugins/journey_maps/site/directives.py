"""Generated content inside hand-written pages, asked for with a fenced block:

    ```journey-maps
    field-reference
    ```

The block is replaced by Markdown before MkDocs renders the page, so headings land in
the table of contents and links are checked like any other.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from .schema import field_reference

if TYPE_CHECKING:
    from ..source.model import Journey, PersonaFile
    from .context import PageContext

FENCE = re.compile(r"^```journey-maps[ \t]*\n(?P<body>.*?)\n```[ \t]*$", re.M | re.S)

Directive = Callable[[list[str]], str]


class DirectiveError(ValueError):
    """A block that names an unknown directive or a journey that does not exist."""


def expand(markdown: str, directives: dict[str, Directive]) -> tuple[str, list[str]]:
    """Replace every journey-maps block; return the new Markdown and the problems found."""
    problems: list[str] = []

    def replace(match: re.Match[str]) -> str:
        words = match.group("body").split()
        if not words or words[0] not in directives:
            known = ", ".join(sorted(directives))
            problems.append(f"unknown journey-maps block {' '.join(words)!r}; use one of: {known}")
            return match.group(0)
        try:
            return directives[words[0]](words[1:])
        except DirectiveError as error:
            problems.append(str(error))
            return match.group(0)

    return FENCE.sub(replace, markdown), problems


def handbook_directives(context: PageContext, src_uri: str) -> dict[str, Directive]:
    """What a hand-written page at `src_uri` may embed with a ```journey-maps block."""

    def journey_of(words: list[str]) -> tuple[PersonaFile, Journey]:
        target = words[0] if words else ""
        persona_id, _, journey_id = target.partition("/")
        persona = next((p for p in context.handbook.personas if p.id == persona_id), None)
        journey = context.handbook.journey(persona, journey_id) if persona else None
        if persona is None or journey is None:
            raise DirectiveError(f"no journey {target!r}; write it as <persona-id>/<journey-id>")
        return persona, journey

    def diagram(words: list[str]) -> str:
        persona, journey = journey_of(words)
        return str(context.diagram_fences(context.diagram_parts(persona, journey)))

    def grid(words: list[str]) -> str:
        persona, journey = journey_of(words)
        return f"{context.grid(src_uri, persona, journey)}\n"

    return {"diagram": diagram, "grid": grid, "field-reference": lambda _: field_reference(2)}
