"""Problems found in journey files, reported all at once as `file:line:col: message`."""

from __future__ import annotations

from dataclasses import dataclass


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
        if not self.column:  # a row of a CSV file: `file:line: message`
            return f"{self.file}:{self.line}: {self.message}"
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class JourneyMapsError(Exception):
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
