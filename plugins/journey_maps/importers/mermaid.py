"""`import mermaid`: Mermaid `journey` diagrams (in Markdown fences or .mmd files) as journeys.

Read as Mermaid's own grammar reads them (`user-journey/parser/journey.jison` and
`journeyDb`): keywords in any case, `%%` and `#` comments, `%%{init}%%` directives,
YAML front matter, `accTitle`/`accDescr` (one line or `{ ... }`), entity codes such as
`#58;`, and task data split at the first colon (score) and the second (actors). Sections
become stages, tasks steps, scores emotions and people the steps' actors. What the file
format has no place for is reported, never dropped silently.
"""

from __future__ import annotations

import html
import math
import re
import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..source.model import MARKDOWN_MAX, NAME_MAX, TEXT_MAX
from ..source.yaml_reader import load_document
from . import (
    DEFAULT_MAX_INPUT_BYTES,
    ControlCharacters,
    Detected,
    Imported,
    ImportFailed,
    StageCount,
    check_length,
    decode_text,
    read_bytes,
    text_position,
)
from .slugs import Slugger

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["MERMAID_FENCES", "find_diagrams", "html_blocks", "import_mermaid"]

_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})[ \t]*([^\s`{]*)(.*)$")
_COLON_FENCE = re.compile(r"^:::\s*mermaid\s*$", re.I)
_FRONT_MATTER_FENCE = re.compile(r"-{3}[ \t]*")
_ENTITY = re.compile(r"#(\w+);")
_TITLE = re.compile(r"^title\s([^#\n;]+)", re.I)
_SECTION = re.compile(r"^section\s([^#:\n;]+)", re.I)
_ACC_TITLE = re.compile(r"^accTitle\s*:\s*(.*)$", re.I)
_ACC_DESCR = re.compile(r"^accDescr\s*:\s*(.*)$", re.I)
_ACC_DESCR_BLOCK = re.compile(r"^accDescr\s*\{(.*)$", re.I)
_TASK = re.compile(r"^([^#:\n;]+)(:[^#\n;]*)?(.*)$")
_PLACEHOLDER = re.compile("\x00(\\d+)\x00")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_CLASS = re.compile(r"""\bclass\s*=\s*["']?([^"'>]*)""")
MERMAID_FENCES = ("mermaid", "mermaid-example")
"""Fence info strings of a Mermaid diagram: Mermaid's own documentation shows each
example as ```mermaid-example (the code and the drawing)."""


@dataclass
class Diagram:
    """One journey diagram as written, with the line it starts on."""

    source: str
    file: str
    line: int
    front_title: str | None = None
    title: str | None = None
    acc_title: str | None = None
    acc_descr: str | None = None
    sections: list[tuple[str, int, list[tuple[str, str, int]]]] = field(default_factory=list)
    """(section name, line, [(task name, task data, line)])."""


def find_diagrams(path: Path, text: str) -> tuple[list[Diagram], list[str]]:
    """Every `journey` diagram of a Markdown file (or the whole of a .mmd file).

    Each block is dedented first, as Mermaid's `run` dedents a `<pre class="mermaid">`
    before it reads it: an HTML page indents the block with its markup, and a front
    matter `---` or a directive is only one when it starts its line."""
    notes: list[str] = []
    bare = path.suffix.lower() in (".mmd", ".mermaid")
    blocks = (
        [(text, 1)]
        if bare
        else sorted(_fenced_blocks(text) + html_blocks(text), key=lambda b: b[1])
    )
    diagrams = []
    for body, line in blocks:
        body = textwrap.dedent(body)
        kind = _diagram_type(body)
        if kind == "journey":
            diagrams.append(Diagram(body, str(path), line))
        else:
            notes.append(
                f"{path}:{line}: a Mermaid {kind or 'empty'} diagram; not a journey, skipped"
            )
    return diagrams, notes


def _fenced_blocks(text: str) -> list[tuple[str, int]]:
    """(content, line of its first content line) of every mermaid fence, ``` ~~~ or :::."""
    lines = text.split("\n")
    blocks = []
    index = 0
    while index < len(lines):
        line = lines[index]
        fence = _FENCE.match(line)
        colon = _COLON_FENCE.match(line.strip())
        if fence or colon:
            marker = ":::" if colon or fence is None else fence.group(2)
            is_mermaid = bool(colon) or (
                fence is not None and fence.group(3).lower() in MERMAID_FENCES
            )
            end = index + 1
            while end < len(lines) and not _closes(lines[end], marker):
                end += 1
            if is_mermaid:
                blocks.append(("\n".join(lines[index + 1 : end]), index + 2))
            index = end + 1
            continue
        index += 1
    return blocks


def html_blocks(text: str) -> list[tuple[str, int]]:
    """(content, line of the opening tag) of every `<div class="mermaid">` and
    `<pre class="mermaid">` block (Jekyll, Docsify, mkdocs-material's own output), its
    content HTML-unescaped (`--&gt;` is `-->`).

    Found with `str.find`, never a pattern: an opening tag without its `>`, or a block
    without its closing tag, means no later one closes either, so the scan stops there
    and each character is looked at a bounded number of times."""
    lower = text.translate(_ASCII_LOWER)  # the same length as text, unlike str.lower()
    blocks = []
    position = 0
    line, counted = 1, 0
    next_tag = {"div": -2, "pre": -2}
    while True:
        for name, found in next_tag.items():
            if found != -1 and found < position:
                next_tag[name] = lower.find(f"<{name}", position)
        starts = [found for found in next_tag.values() if found != -1]
        if not starts:
            break
        start = min(starts)
        tag_end = lower.find(">", start)
        if tag_end == -1:
            break
        name = lower[start + 1 : start + 4]
        opening = lower[start:tag_end]
        position = tag_end + 1
        classes = _CLASS.search(opening)
        if not classes or "mermaid" not in classes.group(1).split():
            continue
        end = lower.find(f"</{name}", position)
        if end == -1:
            break
        line += text.count("\n", counted, start)
        counted = start
        blocks.append((html.unescape(text[position:end]), line))
        position = end
    return blocks


def _closes(line: str, marker: str) -> bool:
    """Whether `line` closes a fence opened with `marker` (```, ~~~~ or :::): the same
    character at least as many times, at most three spaces before, nothing after."""
    if marker == ":::":
        return line.strip() == ":::"
    body = line.rstrip()
    indent = len(body) - len(body.lstrip(" "))
    run = body[indent:]
    return indent <= 3 and len(run) >= len(marker) and run == marker[0] * len(run)


def _front_matter(text: str) -> tuple[str, int] | None:
    """The YAML between a first line `---` and the next line `---` after at least one line
    of its own, and how many lines that takes with both fences; None without one.

    Read line by line, as Mermaid's own pattern reads it: an unclosed `---` costs one
    pass over the text, never one per line."""
    lines = text.split("\n")
    if not _FRONT_MATTER_FENCE.fullmatch(lines[0]):
        return None
    for end in range(2, len(lines)):
        if _FRONT_MATTER_FENCE.fullmatch(lines[end]):
            return "\n".join(lines[1:end]), end + 1
    return None


def _without_front_matter(text: str, front: tuple[str, int] | None) -> str:
    """`text` with its front matter's lines left empty, so line numbers stay the same."""
    if front is None:
        return text
    lines = text.split("\n")
    return "\n" * front[1] + "\n".join(lines[front[1] :])


def _without_directives(text: str, found: list[str] | None = None) -> str:
    """`text` with each `%%{ ... }%%` directive replaced by the line breaks it held, as the
    lazy pattern `%%\\{.*?\\}%%` would, collected in `found`.

    Searched with `str.find`, never a regular expression: a pattern tried at every
    `%%{` rescans the rest of the text for its `}%%`, so a file of unclosed `%%{` took
    minutes. No `}%%` after a `%%{` means none closes a later one either: stop there."""
    pieces: list[str] = []
    position = 0
    while (start := text.find("%%{", position)) != -1:
        end = text.find("}%%", start + 3)
        if end == -1:
            break
        directive = text[start : end + 3]
        if found is not None:
            found.append(directive)
        pieces += [text[position:start], "\n" * directive.count("\n")]
        position = end + 3
    return "".join(pieces) + text[position:]


def _diagram_type(body: str) -> str:
    """The first word after front matter, directives and comments: `journey`, `flowchart`..."""
    body = body.lstrip("\n")
    body = _without_directives(_without_front_matter(body, _front_matter(body)))
    for line in body.split("\n"):
        line = line.split("%%")[0].strip()
        if line:
            return line.split()[0].lower()
    return ""


def _read_front_matter(
    diagram: Diagram, text: str, first_line: int, notes: list[str], controls: ControlCharacters
) -> None:
    """The front matter's title, read by the journey files' own YAML reader (bounded
    nesting and aliases, no custom tags); everything else in it is reported, not kept."""
    where = f"{diagram.file}:{diagram.line}"
    document, problems = load_document(
        text.encode("utf-8"), diagram.file, max_bytes=DEFAULT_MAX_INPUT_BYTES
    )
    if document is None:
        for problem in problems:
            if problem.message == "file is empty":  # only comments, or nothing: no title
                continue
            notes.append(
                f"{diagram.file}:{first_line + problem.line - 1}: the front matter is not "
                f"YAML a title can be read from ({problem.message}); ignored"
            )
        return
    meta = document.data
    if not isinstance(meta, dict):
        notes.append(f"{where}: the front matter is not a mapping of keys; ignored")
        return
    if isinstance(meta.get("title"), str | int | float):
        # One line, as a title is: YAML can write line breaks and escapes (`"\\e"`) in it.
        title = " ".join(str(meta["title"]).split())
        diagram.front_title = controls.clean(title, lambda *_: f"{diagram.file}:{first_line}")
    rest = sorted(str(k) for k in meta if k != "title")
    if rest:
        notes.append(
            f"{where}: front matter {', '.join(rest)} (how Mermaid draws it) has no "
            "place in a journey map; not kept"
        )


def parse(diagram: Diagram, notes: list[str], controls: ControlCharacters | None = None) -> None:
    """Fill the diagram's title, sections and tasks, as Mermaid's lexer reads them."""
    controls = controls or ControlCharacters(notes)
    body = diagram.source
    offset = diagram.line
    where = f"{diagram.file}:{diagram.line}"
    stripped = body.lstrip("\n")
    offset += len(body) - len(stripped)  # the blank lines before it
    front = _front_matter(stripped)
    if front:
        _read_front_matter(diagram, front[0], offset + 1, notes, controls)
        stripped = _without_front_matter(stripped, front)
    directives: list[str] = []
    stripped = _without_directives(stripped, directives)
    for found in directives:
        notes.append(
            f"{where}: the directive {found[:60]!r} (how Mermaid draws it) has no "
            "place in a journey map; not kept"
        )
    entities: list[str] = []

    def entity_place(match: re.Match[str]) -> str:
        line = offset + stripped.count("\n", 0, match.start())
        return f"{diagram.file}:{line}: the entity code {match.group(0)}"

    def encode(match: re.Match[str]) -> str:
        code = match.group(1)
        decoded = html.unescape(f"&#{code};" if code.isdigit() else f"&{code};")
        if decoded.startswith("&"):
            decoded = match.group(0)
        else:  # `#12;` is a form feed: entities may not bring in what the file may not hold
            decoded = controls.clean(decoded, lambda *_: entity_place(match))
        entities.append(decoded)
        return f"\x00{len(entities) - 1}\x00"

    stripped = _ENTITY.sub(encode, stripped)

    def decode(text: str) -> str:
        return _PLACEHOLDER.sub(lambda m: entities[int(m.group(1))], text).strip()

    lines = stripped.split("\n")
    seen_journey = False
    section: list[tuple[str, str, int]] | None = None
    index = 0
    while index < len(lines):
        number = offset + index
        raw = lines[index]
        index += 1
        line = re.sub(r"%%.*", "", raw).strip()
        descr_block = _ACC_DESCR_BLOCK.match(line)
        if descr_block:
            # accDescr { ... }: everything up to the closing brace, across lines.
            collected = [descr_block.group(1)]
            while "}" not in collected[-1] and index < len(lines):
                collected.append(lines[index])
                index += 1
            text = "\n".join(collected).split("}")[0]
            diagram.acc_descr = "\n".join(decode(p) for p in text.strip().split("\n"))
            continue
        acc = _ACC_TITLE.match(line) or _ACC_DESCR.match(line)
        if acc:
            value = decode(acc.group(1))
            if line.lower().startswith("acctitle"):
                diagram.acc_title = value
            else:
                diagram.acc_descr = value
            continue
        line = line.split("#")[0].strip()
        if not line:
            continue
        if not seen_journey:
            if line.lower().startswith("journey"):
                seen_journey = True
                line = line[len("journey") :].strip()
                if not line:
                    continue
            else:
                notes.append(f"{diagram.file}:{number}: before 'journey'; not read")
                continue
        if ";" in line:
            before, _, after = line.partition(";")
            notes.append(
                f"{diagram.file}:{number}: Mermaid stops at ';' and rejects {after.strip()!r}; "
                "read up to the ';'"
            )
            line = before.strip()
            if not line:
                continue
        title = _TITLE.match(line)
        if title:
            diagram.title = decode(title.group(1))
            continue
        section_match = _SECTION.match(line)
        if section_match:
            section = []
            diagram.sections.append((decode(section_match.group(1)), number, section))
            trailing = line[section_match.end() :].strip()
            if trailing:
                notes.append(
                    f"{diagram.file}:{number}: Mermaid rejects {trailing!r} after a section name; not read"
                )
            continue
        task = _TASK.match(line)
        if task and task.group(2):
            if section is None:
                section = []
                diagram.sections.append(("", number, section))
            section.append((decode(task.group(1)), decode(task.group(2)[1:]), number))
        else:
            notes.append(
                f"{diagram.file}:{number}: {line!r} is a task without ':' and a score; "
                "Mermaid rejects it, not read"
            )


def import_mermaid(
    paths: list[Path], persona_id: str, persona_name: str, persona_role: str
) -> Imported:
    """Every journey diagram of the files, as journeys of one persona."""
    result = Imported()
    problems: list[str] = []
    journeys: list[dict[str, Any]] = []
    journey_ids = Slugger()
    stage_count = StageCount(problems)
    for path in paths:
        controls = ControlCharacters(result.notes, line_separators=True)
        text = controls.clean(decode_text(read_bytes(path), str(path)), text_position(str(path)))
        diagrams, notes = find_diagrams(path, text)
        result.notes.extend(notes)
        bare = path.suffix.lower() in (".mmd", ".mermaid")
        result.detected.append(
            Detected(
                f"Mermaid journey ({'.mmd file' if bare else 'blocks in ' + path.suffix.lstrip('.')})",
                f"{len(diagrams):,} journey diagram{'s' if len(diagrams) != 1 else ''}, "
                f"{text.count(chr(10)) + 1:,} lines",
                list(range(len(journeys), len(journeys) + len(diagrams))),
            )
        )
        if not diagrams:
            result.notes.append(f"{path}: no Mermaid journey diagram found")
        for diagram in diagrams:
            parse(diagram, result.notes, controls)
            stage_count.new_journey()
            journeys.append(
                _journey(diagram, path, journey_ids, stage_count, result.notes, problems)
            )
        controls.finish(str(path))
    if problems:
        raise ImportFailed(problems)
    if not journeys:
        raise ImportFailed([f"no Mermaid journey diagram in {', '.join(map(str, paths))}"])
    result.personas[persona_id] = {
        "persona": {"name": persona_name, "role": persona_role},
        "journeys": journeys,
    }
    return result


def _journey(
    diagram: Diagram,
    path: Path,
    journey_ids: Slugger,
    stage_count: StageCount,
    notes: list[str],
    problems: list[str],
) -> dict[str, Any]:
    where = f"{diagram.file}:{diagram.line}"
    title = diagram.title or diagram.front_title or diagram.acc_title
    if diagram.title and diagram.front_title and diagram.front_title != diagram.title:
        notes.append(
            f"{where}: front matter title {diagram.front_title!r} not kept; the title line wins"
        )
    if not title:
        title = f"{path.stem} {len(journey_ids.taken) + 1}"
        notes.append(f"{where}: the diagram has no title; named it {title!r}")
    check_length(title, NAME_MAX, where, "the title", problems)
    if diagram.acc_title and diagram.acc_title != title:
        notes.append(
            f"{where}: accTitle {diagram.acc_title!r} has no place in a journey map "
            "(the page uses the title); not kept"
        )
    journey: dict[str, Any] = {"id": journey_ids.take(title, "journey"), "title": title}
    if diagram.acc_descr:
        check_length(diagram.acc_descr, MARKDOWN_MAX, where, "accDescr", problems)
        journey["scenario"] = diagram.acc_descr
        notes.append(f"{where}: accDescr kept as the journey's scenario")
    stages: list[dict[str, Any]] = []
    stage_ids = Slugger({"index"})
    for name, line, tasks in diagram.sections:
        if not name:
            name = "Steps"
            notes.append(
                f"{diagram.file}:{line}: tasks before the first section; put in a stage named 'Steps'"
            )
        check_length(name, NAME_MAX, f"{diagram.file}:{line}", "the section name", problems)
        stage_count.add(f"{diagram.file}:{line}")
        stage: dict[str, Any] = {"id": stage_ids.take(name, "stage"), "name": name}
        steps = []
        for task, data, task_line in tasks:
            at = f"{diagram.file}:{task_line}"
            check_length(task, TEXT_MAX, at, "the task", problems)
            steps.append(_step(task, data, at, notes, problems))
        if steps:
            stage["steps"] = steps
        if not any("emotion" in step for step in steps):
            stage["emotion"] = 3
            notes.append(
                f"{diagram.file}:{line}: section {name!r} has no task with a score; "
                "its emotion is set to 3 (neutral), an assumption to check"
            )
        stages.append(stage)
    if not stages:
        stages.append({"id": "journey", "name": title[:NAME_MAX], "emotion": 3})
        notes.append(f"{where}: the diagram has no sections or tasks; wrote one empty stage")
    journey["stages"] = stages
    return journey


def _step(
    task: str, data: str, where: str, notes: list[str], problems: list[str]
) -> dict[str, Any]:
    """A task's data as `journeyDb` splits it: score, then people, then nothing more."""
    step: dict[str, Any] = {"action": task}
    pieces = data.split(":")
    score_text = pieces[0].strip()
    try:
        score = float(score_text)
    except ValueError:
        score = math.nan
    if not math.isfinite(score):  # NaN: Mermaid draws no face; inf has no emotion either
        notes.append(f"{where}: score {score_text!r} of {task!r} is not a number; no emotion kept")
    else:
        emotion = min(5, max(1, round(score)))
        if emotion != score:
            notes.append(
                f"{where}: score {score_text} of {task!r} is outside the 1 to 5 emotions; "
                f"kept as {emotion}"
            )
        step["emotion"] = emotion
    if len(pieces) > 1:
        actors = []
        for actor in pieces[1].split(","):
            actor = actor.strip()
            if actor and actor not in actors:
                check_length(actor, NAME_MAX, where, "an actor's name", problems)
                actors.append(actor)
        if actors:
            step["actors"] = actors
    if len(pieces) > 2:
        notes.append(
            f"{where}: {':'.join(pieces[2:]).strip()!r} after the actors of {task!r} is ignored "
            "by Mermaid; not kept"
        )
    return step
