"""The Mermaid `journey` diagram of a journey: stages as sections, steps as tasks.

Mermaid's journey grammar is line based: `:` separates task, score and actors, `,` the
actors, `;` ends a statement, `#` starts a comment, `%%` a comment or directive, and a
task line starting with `title` or `section` changes meaning. Author text therefore goes
in as Mermaid entity codes (`#58;` for `:`), which Mermaid renders as the character.
This was checked in Chromium with Mermaid 11 and 12 for every position (title, section,
task, actor) and every character class the format allows (see tests/test_browser.py).

The fence formatter HTML-escapes the whole block afterwards, so no HTML escaping here:
doing both would show `&amp;lt;` in the diagram.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..source.model import Journey, PersonaFile

# "#;:,%<>&" and braces (for templating plugins), and Mermaid's own placeholder characters ﬂ and ¶.
_SPECIAL = frozenset("#;:,%<>&{}\ufb02\u00b6")
# Words the journey lexer matches at the start of a line; `__proto__` would vanish as an actor.
_KEYWORD = re.compile(r"(?i)(?:journey|title|section|acc)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def mermaid_text(value: str) -> str:
    """One line of author text that Mermaid displays but never parses as syntax."""
    text = _CONTROL.sub("", " ".join(value.split()))
    escaped = "".join(f"#{ord(c)};" if c in _SPECIAL else c for c in text)
    if _KEYWORD.match(escaped) or escaped == "__proto__":
        escaped = f"#{ord(escaped[0])};{escaped[1:]}"
    return escaped or "#8203;"


DIAGRAM_CONFIG = [
    "config:",
    # Material's theme CSS styles flowcharts for its dark palette but not journey diagrams
    # (light labels on light boxes); Mermaid's own colours are used instead, on the light
    # "paper" the plugin's stylesheet puts behind the diagram in the dark palette.
    "  themeCSS: '.journey-diagram {}'",
    "  journey:",
    # Natural size, scrolled sideways when wide: scaled to the column, a long journey
    # would shrink to unreadable text.
    "    useMaxWidth: false",
    # Mermaid wraps actor names measured in their escaped form and could cut an entity
    # code in half; with room for any name, nothing is cut.
    "    maxLabelWidth: 2000",
]


def journey_diagram(persona: PersonaFile, journey: Journey) -> str:
    """Mermaid source: one section per stage, one task per step, actors default to the persona."""
    lines = ["---", *DIAGRAM_CONFIG, "---", "journey"]
    lines.append(f"  title {mermaid_text(journey.title)}")
    default_actor = mermaid_text(persona.profile.name)
    for stage in journey.stages:
        tasks = [
            (
                step.action,
                step.emotion,
                [mermaid_text(a) for a in step.actors] or [default_actor],
            )
            for step in stage.steps
            if step.emotion is not None
        ]
        if not tasks and stage.emotion is not None:
            tasks = [(stage.name, stage.emotion, [default_actor])]
        if not tasks:
            continue
        lines.append(f"  section {mermaid_text(stage.name)}")
        for action, emotion, actors in tasks:
            lines.append(f"    {mermaid_text(action)}: {emotion}: {', '.join(actors)}")
    return "\n".join(lines)
