"""Problems found in journey files, reported all at once as `file:line:col: message`."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import JourneyMapsException
from ..owned_folder import absolute

__all__ = [
    "JourneyMapsError",
    "Problem",
    "display_path",
    "format_report",
    "path_label",
    "show_controls_in",
    "visible_controls",
]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file, at the position of the offending value."""

    file: str
    line: int
    column: int
    """0 for problems in rows of a CSV file, which have a line only."""
    message: str
    path: str = ""
    """Where in the data, like `journeys[0].stages[2].emotion` ('' for the whole file)."""

    def __str__(self) -> str:
        """`file:line:col: message`, control characters shown (it goes to terminals)."""
        if not self.column:  # a row of a CSV file: `file:line: message`
            return visible_controls(f"{self.file}:{self.line}: {self.message}")
        return visible_controls(f"{self.file}:{self.line}:{self.column}: {self.message}")


class JourneyMapsError(JourneyMapsException):
    """Raised with every problem of every file, so authors fix them in one pass."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__(format_report(self.problems))


def format_report(problems: list[Problem]) -> str:
    """The contract's report: one line per problem, then a count."""
    problems = sorted(set(problems))
    files = len({p.file for p in problems})
    count = f"{len(problems)} error{'s' * (len(problems) != 1)} in {files} file{'s' * (files != 1)}"
    return "\n".join([*(str(p) for p in problems), count])


def path_label(path: tuple[str | int, ...]) -> str:
    """Render a data path the way authors read it: `journeys[0].stages[2].emotion`."""
    label = ""
    for part in path:
        if isinstance(part, int):
            label += f"[{part}]"
        else:
            label += f".{part}" if label else part
    return label


def display_path(path: Path) -> str:
    """A path as messages show it: relative to the working folder when it lies below it.

    Made absolute without resolving links, so a link loop cannot raise here and a
    message names the path the user gave, not where a link points."""
    try:
        return absolute(path).relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


_INVISIBLE_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
"""What a terminal acts on instead of showing: C0 controls but tab and line feed (ESC
starts colour, cursor and title sequences; CR overwrites a line), DEL, C1 controls (CSI),
the line and paragraph separators and the bidirectional marks and overrides that reorder
what is shown ("Trojan source")."""


def visible_controls(text: str) -> str:
    """Text for a terminal or a log: every control character written as `\\uXXXX`.

    Author and imported text reaches the terminal in problems, notes and diffs; an escape
    sequence in a title must show as text, not recolour or rewrite the screen. `\\uXXXX`
    reads the same in JSON, so `--format json` output stays valid and loses nothing."""
    return _INVISIBLE_CONTROLS.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


class _VisibleControlsInLogs(logging.Filter):
    """Formats a record's message once, with control characters made visible."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg, record.args = visible_controls(record.getMessage()), None
        return True


def show_controls_in(logger: logging.Logger) -> logging.Logger:
    """Make `logger` write control characters as `\\uXXXX`: build messages carry author
    text to the terminal (MkDocs prints them), like the command line's output."""
    if not any(isinstance(f, _VisibleControlsInLogs) for f in logger.filters):
        logger.addFilter(_VisibleControlsInLogs())
    return logger
