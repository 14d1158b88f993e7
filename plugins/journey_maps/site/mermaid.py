"""The Mermaid `journey` diagram of a journey: stages as sections, steps as tasks.

Mermaid's journey grammar is line based: `:` separates task, score and actors, `,` the
actors, `;` ends a statement, `#` starts a comment, `%%` a comment or directive, and a
task line starting with `title` or `section` changes meaning. Author text therefore goes
in as Mermaid entity codes (`#58;` for `:`), which Mermaid renders as the character.
This was checked in Chromium with Mermaid 11 and 12 for every position (section, task,
actor) and every character class the format allows (see tests/browser/test_browser.py).

No `title`: Mermaid draws it in one line and leaves it out of the diagram's width, so a
title longer than the steps below it was cut off. The page around a diagram names it.

The page template (diagram.md.j2) HTML-escapes the source where it writes it, so no HTML
escaping here: doing both would show `&amp;lt;` in the diagram.

Each part also has a `readable` form: the same lines without the configuration, every
entity code shown as its character. It is what a reader sees in the closed box's place
until the diagram is drawn, and instead of it when Mermaid cannot load (offline with
`mermaid_js: cdn`, a host that strips scripts): `#44;` means nothing to a reader.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..source.model import Journey, PersonaFile

__all__ = [
    "MAX_TASKS",
    "ON_DEMAND_SCRIPT_TYPE",
    "DiagramPart",
    "journey_diagram",
    "journey_diagrams",
    "mermaid_text",
    "readable_source",
]

# "#;:,%<>&" and braces (for templating plugins), and Mermaid's own placeholder characters ﬂ and ¶.
_SPECIAL = frozenset("#;:,%<>&{}\ufb02\u00b6")
# Words the journey lexer matches at the start of a line; `__proto__` would vanish as an actor.
_KEYWORD = re.compile(r"(?i)(?:journey|title|section|acc)")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_ENTITY_CODE = re.compile(r"#(\d{1,7});")


def _drop_control(match: re.Match[str]) -> str:
    return " " if match.group().isspace() else ""


def mermaid_text(value: str) -> str:
    """One line of author text that Mermaid displays but never parses as syntax."""
    # Controls go before whitespace is folded, so none can hide a keyword behind a space.
    text = " ".join(_CONTROL.sub(_drop_control, value).split())
    escaped = "".join(f"#{ord(c)};" if c in _SPECIAL else c for c in text)
    if _KEYWORD.match(escaped) or escaped == "__proto__":
        escaped = f"#{ord(escaped[0])};{escaped[1:]}"
    return escaped or "#8203;"


ON_DEMAND_SCRIPT_TYPE = "text/x-journey-maps-on-demand"
"""The `type` of the script tag that names the site's own Mermaid copy: browsers never fetch
a script of a type they do not run, and journey-maps.js reads its URL to load it when a
diagram is shown (the script's SITE_MERMAID selector names the same type)."""

DIAGRAM_CONFIG = [
    "config:",
    # Material's theme CSS styles flowcharts for its dark palette but not journey diagrams;
    # the plugin's stylesheet inverts the drawn diagram in the dark palette instead of
    # putting a white panel behind it (see journey-maps.css). Kept: Material's own CSS.
    "  themeCSS: '.journey-diagram {}'",
    "  journey:",
    # Scaled down to its box (never up); a long journey is split into several diagrams of
    # at most MAX_TASKS steps, so the text stays readable (>= 9 px at 1440 px wide).
    "    useMaxWidth: true",
    "    taskMargin: 20",
    # Room for about four lines of step text in each box: long steps wrap, never cut.
    "    height: 72",
    # Mermaid wraps actor names measured in their escaped form and could cut an entity
    # code in half; with room for any name, nothing is cut.
    "    maxLabelWidth: 2000",
]
MAX_TASKS = 7
"""Steps per diagram: a longer journey gets one diagram per group of whole stages."""


Task = tuple[str, int, list[str]]
"""A step as Mermaid draws it: (action, emotion 1-5, actors already escaped)."""


def _tasks(persona: PersonaFile, journey: Journey) -> list[tuple[str, list[Task]]]:
    """(section, tasks) per stage that has something to draw."""
    default_actor = mermaid_text(persona.profile.name)
    sections = []
    for stage in journey.stages:
        tasks: list[Task] = [
            (step.action, step.emotion, [mermaid_text(a) for a in step.actors] or [default_actor])
            for step in stage.steps
            if step.emotion is not None
        ]
        if not tasks and stage.emotion is not None:
            tasks = [(stage.name, stage.emotion, [default_actor])]
        if tasks:
            sections.append((stage.name, tasks))
    return sections


@dataclass(frozen=True)
class DiagramPart:
    """One diagram of a journey drawn in parts: its Mermaid source and the stages it shows."""

    source: str
    stages: tuple[str, ...]

    @property
    def readable(self) -> str:
        """The source as a reader reads it: see `readable_source`."""
        return readable_source(self.source)

    @property
    def source_lines(self) -> list[str]:
        """The source line by line: the template joins them with `&#10;` inside an attribute,
        so the tag stays on one line for every Markdown host."""
        return self.source.split("\n")


def journey_diagrams(persona: PersonaFile, journey: Journey) -> list[DiagramPart]:
    """A journey's diagram in parts of whole stages with at most MAX_TASKS steps between
    them (one part when it all fits), so the text stays readable."""
    groups: list[list[tuple[str, list[Task]]]] = [[]]
    size = 0
    for section in _tasks(persona, journey):
        if groups[-1] and size + len(section[1]) > MAX_TASKS:
            groups.append([])
            size = 0
        groups[-1].append(section)
        size += len(section[1])
    return [
        DiagramPart(_source(group), tuple(name for name, _ in group)) for group in groups if group
    ]


def journey_diagram(persona: PersonaFile, journey: Journey) -> str:
    """Mermaid source of the whole journey in one diagram: one section per stage, one task
    per step, actors default to the persona (the pages split long ones: `journey_diagrams`)."""
    return _source(_tasks(persona, journey))


def readable_source(source: str) -> str:
    """Mermaid source for people: without its `---` configuration block, and with every
    entity code `mermaid_text` wrote (`#44;`) shown as its character. Only ever displayed as
    text (escaped where it is written); Mermaid never reads it."""
    lines = source.split("\n")
    if lines and lines[0] == "---" and "---" in lines[1:]:
        lines = lines[lines.index("---", 1) + 1 :]
    return _ENTITY_CODE.sub(_character, "\n".join(lines))


def _character(match: re.Match[str]) -> str:
    """The character of an entity code; a code that names none (a surrogate, past U+10FFFF,
    a control) stays as written: the source only holds the codes `mermaid_text` writes."""
    code = int(match.group(1))
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or _CONTROL.match(chr(code)):
        return match.group()
    return chr(code)


def _source(sections: list[tuple[str, list[Task]]]) -> str:
    lines = ["---", *DIAGRAM_CONFIG, "---", "journey"]
    for name, tasks in sections:
        lines.append(f"  section {mermaid_text(name)}")
        for action, emotion, actors in tasks:
            lines.append(f"    {mermaid_text(action)}: {emotion}: {', '.join(actors)}")
    return "\n".join(lines)
