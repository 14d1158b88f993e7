"""Bring maps in from where they live today: Mermaid journeys, spreadsheet grids, CSV exports.

Every importer turns its input into persona-file data (plain dicts in the YAML format)
plus notes on what it could not place; `writer` turns that into files. Nothing here
imports MkDocs or the site layer.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import JourneyMapsException
from ..source.handbook import MAX_STAGES_PER_FILE, MAX_STAGES_PER_JOURNEY
from ..source.model import _CONTROL as CONTROL_CHARACTER  # the format's own rule
from ..source.model import MARKDOWN_MAX

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

__all__ = [
    "DEFAULT_MAX_INPUT_BYTES",
    "ControlCharacters",
    "Detected",
    "ImportFailed",
    "Imported",
    "StageCount",
    "check_length",
    "csv_problem",
    "decode_text",
    "read_bytes",
    "text_position",
]

DEFAULT_MAX_INPUT_BYTES = 20_000_000
"""Largest file an importer reads: far above any real map, far below a memory problem."""


class ImportFailed(JourneyMapsException):
    """The input cannot be imported; `problems` says where and why, all at once."""

    def __init__(self, problems: list[str], notes: list[str] | None = None) -> None:
        self.problems = problems
        self.notes = notes or []
        """What the importer noted before it failed: printed too, never lost."""
        super().__init__("\n".join(problems))


@dataclass
class Detected:
    """One input as the import saw it: `long table, one row per step (CSV)`, `10 rows`."""

    shape: str
    read: str
    journeys: list[int] = field(default_factory=list)
    """Which of the persona's journeys (by position) it gave."""


@dataclass
class Imported:
    """What an importer made of its input: persona files as data, and what to tell the user."""

    personas: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Persona id -> the persona file's data (`persona:` and `journeys:`), in YAML order."""
    notes: list[str] = field(default_factory=list)
    """What was kept elsewhere, dropped or guessed: printed, never silent."""
    comments: dict[str, list[str]] = field(default_factory=dict)
    """Persona id -> comment lines for the top of its file (e.g. a catalog snippet)."""
    dropped: list[str] = field(default_factory=list)
    """Content read but given no place (a row kind, a whole column), by position: the
    import refuses to write without --allow-partial, and the file's header lists them."""
    detected: list[Detected] = field(default_factory=list)
    """The shape of each input (a file, a sheet, a table) and what was read of it."""
    split_cells: int = 0
    """Cells that held a list (commas, semicolons) and were split into items."""
    touchpoints_named: set[str] = field(default_factory=set)
    """Every touchpoint the input names (lower-cased), linked or not: the summary counts them."""


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> bytes:
    """A regular file's bytes, refusing folders, devices and files over `max_bytes`."""
    if not path.is_file():
        raise ImportFailed([f"{path}: no such file"])
    size = path.stat().st_size
    if size > max_bytes:
        raise ImportFailed(
            [f"{path}: {size:,} bytes is more than the {max_bytes:,} an import reads"]
        )
    return path.read_bytes()


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 text (with or without a byte-order mark), or a clear error with the position."""
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        before = body[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise ImportFailed(
            [
                f"{name}:{line}:{column}: byte 0x{body[error.start]:02X} is not UTF-8; "
                "save the file as UTF-8 (in Excel: 'CSV UTF-8 (Comma delimited)')"
            ]
        ) from None


_LINE_END = re.compile(r"\r\n?")
_CONTROL_OR_SEPARATOR = re.compile(f"(?:{CONTROL_CHARACTER.pattern})|[\u2028\u2029]")


class ControlCharacters:
    """Imported text as a journey map may hold it, told in notes: CR and CRLF become LF
    (line ends), and every other control character (C0 but tab and line feed, DEL, C1
    such as ESC and CSI) becomes a space, reported with its position.

    Spreadsheets and diagrams pick these up from copy and paste, where nobody sees them;
    the format refuses them, so they are replaced where they are read, with their
    position, instead of failing the whole import or reaching a terminal. The first
    `SHOWN` are reported one by one, the rest counted by `finish`."""

    SHOWN = 10

    def __init__(self, notes: list[str], *, line_separators: bool = False) -> None:
        self.notes = notes
        self.pattern = _CONTROL_OR_SEPARATOR if line_separators else CONTROL_CHARACTER
        """With `line_separators`, U+2028 and U+2029 too: a Mermaid name holds them, a
        one-line field of a journey map may not."""
        self.replaced = 0

    def clean(self, text: str, where: Callable[[str, int], str]) -> str:
        """`text` with line ends made LF and control characters made spaces;
        `where(text, index)` names the place of a character of the LF-ended text."""
        if "\r" in text:
            text = _LINE_END.sub("\n", text)
        if not self.pattern.search(text):
            return text

        def replace(match: re.Match[str]) -> str:
            self.replaced += 1
            if self.replaced <= self.SHOWN:
                character = match.group()
                kind = (
                    "control character"
                    if unicodedata.category(character) == "Cc"
                    else unicodedata.name(character).lower()
                )
                self.notes.append(
                    f"{where(text, match.start())}: {kind} U+{ord(character):04X} replaced "
                    "by a space (a journey map cannot hold it)"
                )
            return " "

        return self.pattern.sub(replace, text)

    def finish(self, name: str) -> None:
        """One note for the replacements not reported one by one."""
        if self.replaced > self.SHOWN:
            self.notes.append(
                f"{name}: {self.replaced - self.SHOWN:,} more control characters replaced by spaces"
            )


def text_position(name: str) -> Callable[[str, int], str]:
    """`name:line:column` of an index of a text, counted only when asked for."""

    def where(text: str, index: int) -> str:
        line_start = text.rfind("\n", 0, index) + 1
        return f"{name}:{text.count(chr(10), 0, index) + 1}:{index - line_start + 1}"

    return where


class StageCount:
    """The format's limits on stages, checked as an importer makes them: the stage that
    crosses one is reported where it was read (a section's line, a column's cell), and
    the import stops before a persona file too big to load is ever written."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        self.in_file = 0
        self.in_journey = 0

    def new_journey(self) -> None:
        self.in_journey = 0

    def add(self, where: str) -> None:
        self.in_file += 1
        self.in_journey += 1
        if self.in_journey == MAX_STAGES_PER_JOURNEY + 1:
            self.problems.append(
                f"{where}: stage {self.in_journey:,} of one journey; the most a journey takes "
                f"is {MAX_STAGES_PER_JOURNEY:,} (each stage is a page): split it into "
                "several journeys"
            )
        if self.in_file == MAX_STAGES_PER_FILE + 1:
            self.problems.append(
                f"{where}: stage {self.in_file:,} of this persona's journeys; the most one "
                f"persona file takes is {MAX_STAGES_PER_FILE:,}: import the journeys into "
                "two personas (--persona)"
            )


def csv_problem(path: Path, line: int, error: csv.Error) -> str:
    """What Python's csv module refuses, in words: its field limit above all."""
    if "field larger than field limit" in str(error):
        return (
            f"{path}:{line}: a cell of more than {csv.field_size_limit():,} characters; the "
            f"longest text a journey map holds is {MARKDOWN_MAX:,}"
        )
    return f"{path}:{line}: {error}"


def check_length(value: str, limit: int, where: str, what: str, problems: list[str]) -> None:
    """Values longer than the model allows stop the import with their position."""
    if len(value) > limit:
        problems.append(
            f"{where}: {what} has {len(value):,} characters; the most a journey map "
            f"takes there is {limit:,}. Shorten it or split it up"
        )
