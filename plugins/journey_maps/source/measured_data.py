"""Measured data: CSV files of scores per stage and step, streamed row by row with positions.

A journey's `data:` entries name CSV files as research tools export them (survey scores,
rated reviews): `date,score,verbatim,stage`, optionally `step`, `touchpoint` and `source`.
Each file is read once, row by row, into a few running totals per stage and per step, so
a file of a million rows takes seconds and a bounded amount of memory. Every score is
mapped onto the 1-5 emotion scale of the format (see `to_emotion`). Bad rows are reported
as `file:line: message`, all at once (the first `MAX_ROW_PROBLEMS` of each file, then a count).
"""

from __future__ import annotations

import csv
import heapq
import os
import re
import stat
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO

from .problems import Problem
from .symlinks import is_inside, unreadable

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence
    from pathlib import Path

    from .model import MeasuredData, Stage

__all__ = ["Aggregate", "DataFile", "check_data_path", "read_measurements", "to_emotion"]

SCALES: dict[str, tuple[float, float, str]] = {
    "nps": (0, 10, "NPS (0-10)"),
    "csat": (1, 5, "CSAT (1-5)"),
    "ces": (1, 7, "CES (1-7)"),
    "sentiment": (-1, 1, "sentiment (-1 to 1)"),
}
"""Each scale's lowest and highest score, and its name in words."""
REQUIRED_COLUMNS = ("date", "score", "stage")
OPTIONAL_COLUMNS = ("verbatim", "step", "touchpoint", "source")
MAX_ROW_PROBLEMS = 50
"""Bad rows reported per file; the rest are counted in one last line."""
VERBATIMS_KEPT = 3
"""Verbatims kept per stage and per step: the most recent ones."""
VERBATIM_MAX = 500
"""Longest verbatim shown, in characters; longer ones are cut with an ellipsis."""
SOURCES_KEPT = 10
"""Distinct values of the `source` column kept per file."""
FIELD_MAX = 100_000
"""Longest CSV field read; a longer one is a broken file (an unclosed quote, most likely)."""

_DATE = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ][0-9:.+\-Z]*)?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def to_emotion(scale: str, score: float) -> float:
    """A score of `scale` on the 1-5 emotion scale, linearly: the scale's lowest score is
    1, its highest 5, its midpoint 3 (NPS 5, CSAT 3, CES 4, sentiment 0)."""
    low, high, _ = SCALES[scale]
    return 1 + 4 * (score - low) / (high - low)


@dataclass
class Aggregate:
    """Running totals of the scores of one stage or step: mean, count, period, verbatims."""

    count: int = 0
    total: float = 0.0
    """Sum of the scores on the 1-5 emotion scale."""
    raw_total: float = 0.0
    """Sum of the scores as written, on the file's own scale."""
    first: str = ""
    last: str = ""
    """The earliest and latest date (YYYY-MM-DD)."""
    _verbatims: list[tuple[str, int, str, float]] = field(default_factory=list)

    def add(self, emotion: float, raw: float, date: str, line: int, verbatim: str) -> None:
        """Count one row; `verbatim` as written in the file (cleaned here if kept)."""
        self.count += 1
        self.total += emotion
        self.raw_total += raw
        if not self.first or date < self.first:
            self.first = date
        if date > self.last:
            self.last = date
        if verbatim and (
            len(self._verbatims) < VERBATIMS_KEPT or (date, line) > self._verbatims[0][:2]
        ):
            text = _verbatim(verbatim)  # cleaned only when kept: most rows are not
            if not text:
                return
            entry = (date, line, text, raw)
            if len(self._verbatims) < VERBATIMS_KEPT:
                heapq.heappush(self._verbatims, entry)
            else:
                heapq.heapreplace(self._verbatims, entry)

    def merge(self, other: Aggregate) -> None:
        """Add another aggregate's totals (several files on one stage)."""
        if not other.count:
            return
        self.count += other.count
        self.total += other.total
        self.raw_total += other.raw_total
        self.first = min(filter(None, (self.first, other.first)))
        self.last = max(self.last, other.last)
        for entry in other._verbatims:
            if len(self._verbatims) < VERBATIMS_KEPT:
                heapq.heappush(self._verbatims, entry)
            elif entry[:2] > self._verbatims[0][:2]:
                heapq.heapreplace(self._verbatims, entry)

    @property
    def mean(self) -> float:
        """The mean score on the 1-5 emotion scale."""
        return self.total / self.count if self.count else 0.0

    @property
    def raw_mean(self) -> float:
        """The mean score on the file's own scale."""
        return self.raw_total / self.count if self.count else 0.0

    @property
    def verbatims(self) -> list[Verbatim]:
        """The kept verbatims, most recent first."""
        return [
            Verbatim(date, text, raw)
            for date, _, text, raw in sorted(self._verbatims, key=lambda e: e[:2], reverse=True)
        ]


@dataclass(frozen=True)
class Verbatim:
    """What a customer wrote, with the day and the score they gave (on the file's scale)."""

    date: str
    text: str
    score: float


@dataclass
class DataFile:
    """What one `data:` entry measured: totals per stage (every row of the stage, steps
    included) and per step (rows that name a step), by stage id and step index."""

    spec: MeasuredData
    stages: dict[str, Aggregate] = field(default_factory=dict)
    steps: dict[tuple[str, int], Aggregate] = field(default_factory=dict)
    rows: int = 0
    sources: list[str] = field(default_factory=list)

    @property
    def scale_name(self) -> str:
        return SCALES[self.spec.scale][2]


def check_data_path(folder: Path, relative: str) -> Path | str:
    """The file a `data:` entry names, or why it cannot be read: outside the journeys
    folder (also through a link), missing, or not a regular file (a pipe would hang)."""
    path = folder / relative
    if not is_inside(path, folder):
        return "points outside the journeys folder; refusing to read it"
    try:
        status = path.stat()
    except FileNotFoundError:
        return f"no such file: {relative} (relative to the journeys folder)"
    except OSError as error:
        return unreadable(error)
    if not stat.S_ISREG(status.st_mode):
        return "is not a regular file (a folder, pipe or device); refusing to read it"
    return path


def read_measurements(
    path: Path, display: str, spec: MeasuredData, stages: Sequence[Stage]
) -> tuple[DataFile, list[Problem]]:
    """Stream one CSV file into per-stage and per-step totals; every bad row is a problem.

    Rows are matched to stages by id or by name (case-insensitive), to steps by their
    number in the stage (1, 2, ...) or their action text; a row with a `touchpoint` but no
    `step` counts for the stage's only step at that touchpoint, if there is exactly one."""
    result = DataFile(spec)
    problems = _Problems(display)
    low, high, scale_name = SCALES[spec.scale]
    stage_keys: dict[str, Stage] = {}
    for stage in stages:
        stage_keys.setdefault(stage.name.strip().casefold(), stage)
    for stage in stages:
        stage_keys[stage.id.casefold()] = stage
    step_keys: dict[str, dict[str, int]] = {}
    at_touchpoint: dict[str, dict[str, int | None]] = {}
    for stage in stages:
        keys: dict[str, int] = {}
        by_touchpoint: dict[str, int | None] = {}
        for index, step in enumerate(stage.steps):
            keys.setdefault(step.action.strip().casefold(), index)
            if step.touchpoint:
                by_touchpoint[step.touchpoint] = None if step.touchpoint in by_touchpoint else index
        for index in range(len(stage.steps)):
            keys[str(index + 1)] = index
        step_keys[stage.id] = keys
        at_touchpoint[stage.id] = by_touchpoint
    dates: dict[str, str | None] = {}
    seen_sources: set[str] = set()

    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        problems.add(1, unreadable(error))
        return result, problems.done()
    with os.fdopen(descriptor, "rb") as raw:
        if not stat.S_ISREG(os.fstat(raw.fileno()).st_mode):
            problems.add(1, "is not a regular file (a pipe, socket or device); refusing to read it")
            return result, problems.done()
        lines = _decoded_lines(raw)
        reader = csv.reader(lines)
        line = 1
        try:
            header = next(reader, None)
        except (csv.Error, _NotUtf8) as error:
            problems.add(1, _csv_error(error))
            return result, problems.done()
        if header is None:
            problems.add(1, "the file is empty; it needs a header row: date,score,verbatim,stage")
            return result, problems.done()
        columns = {name.strip().lstrip("\ufeff").casefold(): i for i, name in enumerate(header)}
        missing = [name for name in REQUIRED_COLUMNS if name not in columns]
        if missing:
            problems.add(
                1,
                f"the header row has no column {', '.join(repr(m) for m in missing)}; "
                "the columns are date,score,verbatim,stage (and optionally step, touchpoint, "
                f"source), got {','.join(h.strip() for h in header)[:200]!r}",
            )
            return result, problems.done()
        i_date, i_score, i_stage = (columns[name] for name in REQUIRED_COLUMNS)
        i_verbatim, i_step, i_touchpoint, i_source = (
            columns.get(name, -1) for name in OPTIONAL_COLUMNS
        )
        width = max(columns.values()) + 1
        previous_end = reader.line_num
        while True:
            try:
                row = next(reader)
            except StopIteration:
                break
            except _NotUtf8 as error:
                problems.add(error.line, f"{error}; stopped reading the file")
                break
            except csv.Error as error:
                problems.add(previous_end + 1, _csv_error(error) + "; stopped reading the file")
                break
            line, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in row):
                continue  # blank lines, and the trailing empty rows spreadsheets write
            if len(row) < width:
                row = [*row, *([""] * (width - len(row)))]

            date_text = row[i_date].strip()
            date = dates.get(date_text, "")
            if date == "":
                date = _date(date_text)
                if len(dates) < 10_000:
                    dates[date_text] = date
            score_text = row[i_score].strip()
            stage_text = row[i_stage].strip()
            if date is None:
                problems.add(
                    line, f"date must be written YYYY-MM-DD (a real day), got {_shown(date_text)}"
                )
                continue
            try:
                score = float(score_text)
            except ValueError:
                problems.add(
                    line,
                    f"score must be a number on the {scale_name} scale, got {_shown(score_text)}",
                )
                continue
            if not low <= score <= high:
                problems.add(
                    line,
                    f"score must be from {_number(low)} to {_number(high)} on the {scale_name} "
                    f"scale, got {_shown(score_text)}",
                )
                continue
            found = stage_keys.get(stage_text.casefold())
            if found is None:
                problems.add(
                    line,
                    f"stage {_shown(stage_text)} is not a stage of this journey; use a stage id "
                    f"or name: {', '.join(s.id for s in stages)[:300]}",
                )
                continue
            step_index: int | None = None
            step_text = row[i_step].strip() if i_step >= 0 else ""
            if step_text:
                step_index = step_keys[found.id].get(step_text.casefold())
                if step_index is None:
                    problems.add(
                        line,
                        f"step {_shown(step_text)} is not a step of stage '{found.id}'; use its "
                        f"number (1 to {len(found.steps)}) or its action text",
                    )
                    continue
            elif i_touchpoint >= 0 and row[i_touchpoint].strip():
                step_index = at_touchpoint[found.id].get(row[i_touchpoint].strip())
            verbatim = row[i_verbatim] if i_verbatim >= 0 else ""
            emotion = to_emotion(spec.scale, score)
            aggregate = result.stages.get(found.id)
            if aggregate is None:
                aggregate = result.stages[found.id] = Aggregate()
            aggregate.add(emotion, score, date, line, verbatim)
            if step_index is not None:
                key = (found.id, step_index)
                step_aggregate = result.steps.get(key)
                if step_aggregate is None:
                    step_aggregate = result.steps[key] = Aggregate()
                step_aggregate.add(emotion, score, date, line, verbatim)
            if i_source >= 0 and len(result.sources) < SOURCES_KEPT:
                source = row[i_source]
                if source not in seen_sources and len(seen_sources) < 1_000:
                    seen_sources.add(source)
                    cleaned = _verbatim(source)[:100]
                    if cleaned and cleaned not in result.sources:
                        result.sources.append(cleaned)
            result.rows += 1
    if result.rows == 0 and not problems.found:
        problems.add(line, "has no rows of data under its header")
    return result, problems.done()


class _Problems:
    """The first MAX_ROW_PROBLEMS problems of a file, and how many more there were."""

    def __init__(self, display: str) -> None:
        self.display = display
        self.found: list[Problem] = []
        self.more = 0
        self.first_unlisted = 0

    def add(self, line: int, message: str) -> None:
        if len(self.found) < MAX_ROW_PROBLEMS:
            self.found.append(Problem(self.display, line, 0, message))
        else:
            self.more += 1
            self.first_unlisted = self.first_unlisted or line

    def done(self) -> list[Problem]:
        if self.more:
            self.found.append(
                Problem(
                    self.display,
                    self.first_unlisted,
                    0,
                    f"and {self.more:,} more bad row{'s' * (self.more != 1)} from here on, not "
                    f"listed (the first {MAX_ROW_PROBLEMS} are); fix these and run again",
                )
            )
        return self.found


class _NotUtf8(Exception):
    """A line that cannot be read as text, at its line number."""

    def __init__(self, line: int, message: str) -> None:
        self.line = line
        super().__init__(message)


def _decoded_lines(raw: BinaryIO) -> Iterator[str]:
    """Lines of a binary file as UTF-8 text (a byte-order mark is skipped), streamed.

    Split on `\\n` only, keeping it: the csv module handles `\\r\\n` and line breaks inside
    quoted fields, and counts lines as it goes. Each line is decoded on its own, so a byte
    that is not UTF-8 is reported at its line."""
    pending = b""
    number = 0
    while True:
        chunk = raw.read(1 << 16)
        pending += chunk
        if chunk:
            *complete, pending = pending.split(b"\n")
        else:
            complete, pending = ([pending] if pending else []), b""
        for piece in complete:
            number += 1
            try:
                text = piece.decode("utf-8")
            except UnicodeDecodeError:
                raise _NotUtf8(number, "the file is not UTF-8 text; save it as CSV UTF-8") from None
            if number == 1:
                text = text.removeprefix("\ufeff")
            yield text + "\n" if chunk else text
        if not chunk:
            return
        if len(pending) > FIELD_MAX:
            raise _NotUtf8(number + 1, f"a line is longer than {FIELD_MAX:,} characters")


def _csv_error(error: Exception) -> str:
    if isinstance(error, _NotUtf8):
        return str(error)
    return f"not readable as CSV ({error})"


def _date(text: str) -> str | None:
    match = _DATE.match(text)
    if not match:
        return None
    day = match.group(1)
    try:
        import datetime as dt

        dt.date.fromisoformat(day)
    except ValueError:
        return None
    return day


def _verbatim(text: str) -> str:
    """A verbatim as one line of plain text: control characters and line breaks become
    spaces, and it is cut at VERBATIM_MAX characters."""
    text = _CONTROL.sub(" ", text).strip()
    if len(text) > VERBATIM_MAX:
        text = text[: VERBATIM_MAX - 1].rstrip() + "…"
    return text


def _shown(text: str) -> str:
    """A cell quoted in a message, cut short."""
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _number(value: float) -> str:
    return f"{value:g}"
