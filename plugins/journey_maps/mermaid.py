"""The Mermaid `journey` diagram of a journey: stages as sections, steps as tasks.

Mermaid's journey grammar is line based and splits tasks on `:` and actors on `,`, and
treats `#`, `;` and `%%` specially, so author text cannot go into it as written.
`mermaid_text` swaps each significant character for a look-alike that reads the same
(full-width colon, semicolon, number sign ...). The fence formatter HTML-escapes the
whole block afterwards, so `<`, `>` and `&` are left for it; escaping here too would
show `&amp;lt;` in the diagram.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Journey, PersonaFile

_LOOK_ALIKES = str.maketrans(
    {
        ":": "\uff1a",  # FULLWIDTH COLON: separates task, score and actors
        ";": "\uff1b",  # FULLWIDTH SEMICOLON: ends a statement
        "#": "\uff03",  # FULLWIDTH NUMBER SIGN: starts an entity code like #35;
        ",": "\uff0c",  # FULLWIDTH COMMA: separates actors (only in actor names)
        "%": "\uff05",  # FULLWIDTH PERCENT SIGN: %% starts a comment or directive
        "{": "\uff5b",  # FULLWIDTH LEFT CURLY BRACKET
        "}": "\uff5d",  # FULLWIDTH RIGHT CURLY BRACKET
        "`": "\u02cb",  # MODIFIER LETTER GRAVE ACCENT: markdown strings
        "\\": "\uff3c",  # FULLWIDTH REVERSE SOLIDUS
    }
)


def mermaid_text(value: str, *, actor: bool = False) -> str:
    """One line of author text that Mermaid shows but never parses as syntax."""
    text = " ".join(value.split()).translate(_LOOK_ALIKES)
    if not actor:
        text = text.replace("\uff0c", ",")
    return text or "\u2014"


def journey_diagram(persona: PersonaFile, journey: Journey) -> str:
    """Mermaid source: one section per stage, one task per step, actors default to the persona."""
    lines = ["journey", f"  title {mermaid_text(journey.title)}"]
    default_actor = mermaid_text(persona.persona.name, actor=True)
    for stage in journey.stages:
        tasks = [
            (
                step.action,
                step.emotion,
                [mermaid_text(a, actor=True) for a in step.actors] or [default_actor],
            )
            for step in stage.steps
            if step.emotion is not None
        ]
        if not tasks and stage.emotion is not None:
            tasks = [(stage.goal or stage.name, stage.emotion, [default_actor])]
        if not tasks:
            continue
        lines.append(f"  section {mermaid_text(stage.name)}")
        for action, emotion, actors in tasks:
            lines.append(f"    {mermaid_text(action)}: {emotion}: {', '.join(actors)}")
    return "\n".join(lines)
