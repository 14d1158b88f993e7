"""Long tables, one row per step (CSV or .xlsx): the export of journey trackers.

The first filled row names the columns (`step_name`, `stage`, `owning_team`, `channel`,
`description`, `emotion`...). Rows become steps, grouped into stages by the stage or
phase column in the order each stage first appears (without one, into one stage); every
other column goes into the field it fits, and a column with no place is reported with
its cells, so that the import refuses to write less than it read (`--allow-partial`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ..source.model import NAME_MAX, TEXT_MAX
from . import StageCount, check_length
from .emotion_scales import EmotionReader, emotion_number
from .slugs import Slugger
from .spreadsheet import Grid, cell_name
from .stage_fields import ROW_KINDS, Cells, journey_from, normalise_label

if TYPE_CHECKING:
    from .stage_fields import StagePlacer

__all__ = ["LONG_COLUMNS", "is_long_table", "table_journey"]

LONG_COLUMNS = {
    "step": (
        "step",
        "steps",
        "step name",
        "step title",
        "action",
        "actions",
        "customer action",
        "activity",
        "task",
        "doing",
        "what they do",
    ),
    "stage": (
        "stage",
        "stages",
        "stage name",
        "phase",
        "phases",
        "phase name",
        "journey stage",
        "journey phase",
    ),
    "channel": ("channel", "channels", "touchpoint", "touchpoints", "touch point", "medium"),
    "description": ("description", "details", "detail", "notes", "note", "comment", "comments"),
    "emotion": (
        "emotion",
        "emotions",
        "emotion score",
        "score",
        "sentiment",
        "sentiment score",
        "satisfaction",
        "rating",
        "csat",
        "mood",
    ),
    "order": (
        "#",
        "no",
        "number",
        "step number",
        "step no",
        "order",
        "sequence",
        "seq",
        "step id",
        "id",
    ),
    "actors": ("actor", "actors", "who", "people"),
    **{
        kind: names
        for kind, names in ROW_KINDS.items()
        if kind not in ("steps", "touchpoints", "channels", "emotion")
    },
}
"""Column kinds of a long table and the names exports give them (after `normalise_label`)."""
_COLUMN_BY_NAME = {name: kind for kind, names in LONG_COLUMNS.items() for name in names}
STEP_LEVEL = frozenset({"step", "stage", "channel", "description", "emotion", "order", "actors"})
DEFAULT_STAGE = "Steps"
MAX_ROWS = 5_000
"""Most step rows one long table imports: a journey tracker's export has dozens to a few
hundred; 50,000 took seconds to write and check for a map nobody could read."""


def column_kind(label: str) -> str | None:
    return _COLUMN_BY_NAME.get(normalise_label(label))


def is_long_table(grid: Grid) -> bool:
    """A header row naming a step column and at least one other known column, with rows
    under it: a stage-column grid names stages in its first row instead."""
    if not grid.cells:
        return False
    header = [
        grid.cells[(grid.top, c)]
        for c in range(grid.left, grid.right + 1)
        if (grid.top, c) in grid.cells
    ]
    kinds = [column_kind(label) for label in header]
    return (
        "step" in kinds and sum(kind is not None for kind in kinds) >= 2 and grid.bottom > grid.top
    )


def table_journey(
    grid: Grid, title: str, placer: StagePlacer, stage_count: StageCount
) -> dict[str, Any] | None:
    """A long table as a journey (no id yet): a step per row, stages in order of first
    appearance."""
    notes, problems = placer.notes, placer.problems
    check_length(title, NAME_MAX, grid.name, "the journey title", problems)
    header_row = grid.top
    rows = sorted({row for row, _ in grid.cells if row > header_row})
    kinds: dict[int, str] = {}
    for column in range(grid.left, grid.right + 1):
        label = grid.cells.get((header_row, column), "")
        filled = [row for row in rows if (row, column) in grid.cells]
        kind = column_kind(label) if label.strip() else None
        span = f"{cell_name(header_row, column)}:{cell_name(rows[-1], column)}" if rows else ""
        if kind is not None:
            kinds[column] = kind
        elif filled:
            what = f"column {label.strip()[:60]!r}" if label.strip() else "a column without a name"
            placer.drop(
                f"{grid.name}!{span}: {what} ({len(filled):,} cells) has no place in a journey "
                "map; not read"
            )
        elif label.strip():
            notes.append(
                f"{grid.name}!{cell_name(header_row, column)}: column {label.strip()[:60]!r} is empty"
            )
    if len(rows) > MAX_ROWS:
        problems.append(
            f"{grid.name}!{cell_name(rows[MAX_ROWS], grid.left)}: row {MAX_ROWS + 1:,} of steps; "
            f"the most one long table imports is {MAX_ROWS:,} (a journey has dozens): split it"
        )
        return None
    rows = _ordered(grid, rows, kinds, notes)
    emotions = _emotion_readers(grid, rows, kinds, notes)
    stages: dict[str, dict[str, Any]] = {}
    steps_of: dict[str, list[dict[str, Any]]] = {}
    cells_of: dict[str, Cells] = {}
    stage_ids = Slugger({"index"})
    has_stage_column = "stage" in kinds.values()
    current = DEFAULT_STAGE
    filled_down = 0
    stakeholders: list[str] = []
    for row in rows:
        by_kind: dict[str, list[tuple[str, str, int]]] = {}
        for column, kind in kinds.items():
            text = grid.cells.get((row, column))
            if text is not None and text.strip():
                by_kind.setdefault(kind, []).append(
                    (text.strip(), f"{grid.name}!{cell_name(row, column)}", column)
                )
        if not by_kind or set(by_kind) == {"order"}:
            continue
        if "stage" in by_kind:
            current = " ".join(by_kind["stage"][0][0].split())
        elif has_stage_column and current != DEFAULT_STAGE:
            filled_down += 1
        if current not in stages:
            where = (
                by_kind["stage"][0][1]
                if "stage" in by_kind
                else f"{grid.name}!{cell_name(row, grid.left)}"
            )
            check_length(current, NAME_MAX, where, "the stage name", problems)
            stage_count.add(where)
            if problems:  # past a limit: said where; reading on would be wasted work
                return None
            stages[current] = {"id": stage_ids.take(current, "stage"), "name": current}
            steps_of[current], cells_of[current] = [], {}
        stage, cells = stages[current], cells_of[current]
        step = _step(row, by_kind, grid, stage, emotions, placer, cells)
        if step is not None:
            steps_of[current].append(step)
        for kind, found in by_kind.items():
            if kind in STEP_LEVEL or kind == "teams":
                continue
            known = {text for text, _ in cells.get(kind, [])}
            for text, where, _ in found:  # a stage's goal repeated on each of its rows: once
                if text not in known:
                    cells.setdefault(kind, []).append((text, where))
                    known.add(text)
        for text, where, _ in by_kind.get("teams", []):
            names = placer.items(text, "teams", where)
            step_names = [" ".join(t.split()) for t, _, _ in by_kind.get("step", [])]
            action = " — ".join(step_names) or (step["action"] if step else None)
            lane = stage.setdefault("backstage", [])
            for name in names:
                check_length(name, NAME_MAX, where, "a team", problems)
                lane.append(f"{name} owns: {action}" if action else f"Team involved: {name}")
            stakeholders += placer.team_ids([(name, where) for name in names], f"stage {current!r}")
    if not stages:
        notes.append(f"{grid.name}: a header row and no steps under it; skipped")
        return None
    if not has_stage_column:
        notes.append(
            f"{grid.name}: no stage or phase column; every step is in one stage named "
            f"{DEFAULT_STAGE!r}"
        )
    if filled_down:
        notes.append(
            f"{grid.name}: {filled_down:,} rows without a stage take the stage of the row above"
        )
    result = []
    for name, stage in stages.items():
        lane = stage.pop("backstage", None)
        stakeholders += placer.fill(stage, cells_of[name], steps=steps_of[name])
        if lane:
            stage["backstage"] = stage.get("backstage", []) + lane
        result.append(stage)
    return journey_from(title, result, stakeholders)


def _ordered(grid: Grid, rows: list[int], kinds: dict[int, str], notes: list[str]) -> list[int]:
    """Rows in the order of the order column (`#`, `step_no`) when all its cells are
    numbers, else in the file's order."""
    columns = [column for column, kind in kinds.items() if kind == "order"]
    if not columns:
        return rows
    column = columns[0]
    numbers = {row: emotion_number(grid.cells.get((row, column), "")) for row in rows}
    if any(value is None for row, value in numbers.items() if (row, column) in grid.cells):
        notes.append(
            f"{grid.name}!{cell_name(grid.top, column)}: the order column holds text; the "
            "steps keep the file's order"
        )
        return rows
    ordered = sorted(
        rows, key=lambda row: numbers[row] or 0.0 if numbers[row] is not None else math.inf
    )
    if ordered != rows:
        notes.append(
            f"{grid.name}!{cell_name(grid.top, column)}: steps put in the order of the column "
            f"{grid.cells.get((grid.top, column), '')!r}"
        )
    return ordered


def _emotion_readers(
    grid: Grid, rows: list[int], kinds: dict[int, str], notes: list[str]
) -> dict[int, EmotionReader]:
    """One reader per emotion column: its header may name the scale, its range decides."""
    readers = {}
    for column, kind in kinds.items():
        if kind == "emotion":
            texts = [grid.cells[(row, column)] for row in rows if (row, column) in grid.cells]
            label = grid.cells.get((grid.top, column), "")
            readers[column] = EmotionReader(
                texts, label, f"{grid.name}!{cell_name(grid.top, column)}", notes
            )
    return readers


def _step(
    row: int,
    by_kind: dict[str, list[tuple[str, str, int]]],
    grid: Grid,
    stage: dict[str, Any],
    emotions: dict[int, EmotionReader],
    placer: StagePlacer,
    cells: Cells,
) -> dict[str, Any] | None:
    """The row's step: its action (the step's name, then its description), emotion,
    touchpoint and actors. A row without a name or a description makes no step; its other
    cells still go to the stage, and its channel is listed in the catalog snippet."""
    names = [text for text, _, _ in by_kind.get("step", [])]
    descriptions = [text for text, _, _ in by_kind.get("description", [])]
    action = " — ".join(" ".join(name.split()) for name in names)
    if descriptions:
        action = " — ".join([action, *descriptions]) if action else " — ".join(descriptions)
    if not action:
        for text, where, _ in by_kind.get("channel", []) + by_kind.get("actors", []):
            placer.notes.append(
                f"{where}: {text[:60]!r} is on a row without a step name or description; "
                "it has no step to belong to"
            )
            placer.dropped.append(f"{where}: a cell on a row without a step")
        for text, where, _ in by_kind.get("emotion", []):
            cells.setdefault("emotion", []).append((text, where))
        return None
    where = (by_kind.get("step") or by_kind["description"])[0][1]
    check_length(action, TEXT_MAX, where, "the step (its name and description)", placer.problems)
    step: dict[str, Any] = {"action": action}
    for text, at, column in by_kind.get("emotion", []):
        score, feeling = emotions[column].read(text)
        if score is not None and "emotion" not in step:
            step["emotion"] = score
        if feeling is not None:
            cells.setdefault("feeling", []).append((feeling, at))
        if score is None:
            placer.notes.append(f"{at}: emotion {text[:40]!r} is not a score; kept as the feeling")
    for text, at, _ in by_kind.get("channel", []):
        channels = placer.items(text, "touchpoints", at)
        for index, name in enumerate(channels):
            check_length(name, NAME_MAX, at, "a touchpoint", placer.problems)
            if index == 0 and "touchpoint" not in step:
                placer.link_touchpoint(step, name, f"stage {stage['name']!r}, row {row} ({at})")
            else:
                placer.touchpoints_named.add(name.lower())
                placer.missing_touchpoints.setdefault(name, []).append(
                    f"stage {stage['name']!r}, row {row}, a second touchpoint of one step ({at})"
                )
                placer.notes.append(
                    f"{at}: {name[:60]!r} is a second touchpoint of the step (a step has one); "
                    "listed in the catalog snippet at the top of the file"
                )
    actors = []
    for text, at, _ in by_kind.get("actors", []):
        for actor in placer.items(text, "teams", at):
            check_length(actor, NAME_MAX, at, "an actor", placer.problems)
            actors.append(actor)
    if actors:
        step["actors"] = list(dict.fromkeys(actors))
    return step
