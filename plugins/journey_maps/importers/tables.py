"""Tables of any source (CSV, .xlsx sheets, Markdown and HTML tables) as journeys.

Each table is one journey, laid out one of two ways, told apart by its first row: a
stage-column grid (stages as columns, a row per kind: `spreadsheet.grid_journey`) or a
long table (a row per step under a header of column names: `long_table.table_journey`).
A page may also keep one table a stage: two or more tables in a row of one section, each
a column of values beside the row names under the same header (`| Dimension | Detail |`),
each under a heading naming its stage; they are read as one journey
(`stage_tables_journey`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from ..source.model import NAME_MAX
from . import Detected, Imported, ImportFailed, StageCount, check_length
from .emotion_scales import EmotionReader
from .long_table import is_long_table, table_journey
from .slugs import Slugger
from .spreadsheet import cell_name, grid_journey, title_from
from .stage_fields import CatalogNames, StagePlacer, journey_from, row_kind

if TYPE_CHECKING:
    from .spreadsheet import Grid

__all__ = ["import_tables", "layout_of", "stage_table_runs", "stage_tables_journey"]


def layout_of(grid: Grid) -> str:
    """`long table` or `grid`, as the import reads the table."""
    return "long table" if is_long_table(grid) else "grid"


def import_tables(
    grids: list[Grid],
    persona_id: str,
    persona_name: str,
    persona_role: str,
    catalog: CatalogNames,
    title: str | None = None,
    *,
    split: bool = True,
) -> Imported:
    """One journey per table (a CSV file, a sheet, a Markdown or HTML table), all for one
    persona."""
    result = Imported()
    problems: list[str] = []
    placer = StagePlacer(catalog, result.notes, problems, split=split)
    journeys: list[dict[str, Any]] = []
    journey_ids = Slugger()
    stage_count = StageCount(problems)
    runs = stage_table_runs(grids)
    for run in runs:
        if isinstance(run, list):
            for grid in run:
                result.notes.extend(grid.notes)
            journey_title = title if title and len(runs) == 1 else _run_title(run)
            stage_count.new_journey()
            journey = stage_tables_journey(run, journey_title, placer, stage_count)
            seen = Detected(
                f"one table a stage, {len(run)} tables under their headings ({run[0].source})",
                f"{sum(len(grid.cells) for grid in run):,} filled cells",
            )
            result.detected.append(seen)
            if journey is not None:
                seen.journeys.append(len(journeys))
                journeys.append({"id": journey_ids.take(journey_title, "journey"), **journey})
            continue
        grid = run
        result.notes.extend(grid.notes)
        if not grid.cells:
            result.notes.append(f"{grid.name}: empty; skipped")
            continue
        journey_title = title if title and len(runs) == 1 else grid.title
        stage_count.new_journey()
        if is_long_table(grid):
            journey = table_journey(grid, journey_title, placer, stage_count)
            rows = len({row for row, _ in grid.cells if row > grid.top})
            seen = Detected(f"long table, one row per step ({grid.source})", f"{rows:,} rows")
        else:
            journey = grid_journey(grid, journey_title, placer, stage_count)
            seen = Detected(
                f"grid, stages as columns ({grid.source})", f"{len(grid.cells):,} filled cells"
            )
        result.detected.append(seen)
        if journey is not None:
            journey["id"] = journey_ids.take(journey_title, "journey")
            seen.journeys.append(len(journeys))
            journeys.append({"id": journey.pop("id"), **journey})
    if problems:
        raise ImportFailed(problems, result.notes)
    if not journeys:
        raise ImportFailed(
            [
                f"{', '.join(g.name for g in grids)}: no stages found (empty, or no row of stage "
                "names or of column names)"
            ],
            result.notes,
        )
    result.personas[persona_id] = {
        "persona": {"name": persona_name, "role": persona_role},
        "journeys": journeys,
    }
    finish(result, placer, persona_id)
    return result


def finish(result: Imported, placer: StagePlacer, persona_id: str) -> None:
    """What the placer collected, handed to the result: the catalog snippet for the top
    of the file, its notes, what was left out and how many cells were split."""
    comments = placer.comments()
    if comments:
        result.comments.setdefault(persona_id, []).extend(comments)
    result.notes.extend(placer.summary_notes())
    result.dropped.extend(placer.dropped)
    result.split_cells += placer.split_cells
    result.touchpoints_named |= placer.touchpoints_named


_SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)*\.?\s+(?=\S)")
"""`2.1 ` or `3. ` before a heading's words: the page's numbering, not the stage's name."""


def _without_number(heading: str) -> str:
    return _SECTION_NUMBER.sub("", heading.strip(), count=1)


def _is_stage_table(grid: Grid) -> bool:
    """A table of a page under a heading, two columns wide (row names and one column of
    values), a header row above, and at least one row a journey map has (`Touchpoints`)."""
    if not grid.heading or not grid.cells or grid.right - grid.left != 1:
        return False
    return any(
        row > grid.top and row_kind(text) is not None
        for (row, column), text in grid.cells.items()
        if column == grid.left
    )


def _value_header(grid: Grid) -> str:
    return " ".join(grid.cells.get((grid.top, grid.right), "").lower().split())


def stage_table_runs(grids: list[Grid]) -> list[Grid | list[Grid]]:
    """The grids, with each run of two or more one-stage tables in a row (one page, one
    section, the same header over their values) gathered into a list: one journey.

    The same header over each table's values (`Detail`) names a column, not a stage; a
    table whose header differs names its stage there, and stays a grid of its own."""
    runs: list[Grid | list[Grid]] = []
    current: list[Grid] = []

    def close() -> None:
        if len(current) > 1:
            runs.append(list(current))
        else:
            runs.extend(current)
        current.clear()

    for grid in grids:
        fits = _is_stage_table(grid)
        if current and not (
            fits
            and grid.file == current[0].file
            and grid.section == current[0].section
            and _value_header(grid) == _value_header(current[0])
        ):
            close()
        if fits:
            current.append(grid)
        else:
            runs.append(grid)
    close()
    return runs


def _run_title(run: list[Grid]) -> str:
    """The section the tables are in (`## 2. Journey Map`), else the page's name."""
    section = _without_number(run[0].section)
    return section or title_from(run[0].file.rsplit("/", 1)[-1].rsplit(".", 1)[0])


def stage_tables_journey(
    run: list[Grid], title: str, placer: StagePlacer, stage_count: StageCount
) -> dict[str, Any] | None:
    """One journey from tables that are a stage each: the stage named by the heading above
    its table (its numbering left out), each row read by its name as a grid's row is."""
    notes, problems = placer.notes, placer.problems
    check_length(title, NAME_MAX, run[0].name, "the journey title", problems)
    first = run[0]
    header = [first.cells.get((first.top, column), "") for column in (first.left, first.right)]
    notes.append(
        f"{first.name}!{cell_name(first.top, first.left)}: {len(run)} tables under headings, one "
        f"stage each; their header row ({' | '.join(repr(h[:40]) for h in header)}) names "
        "columns, not stages; not kept"
    )
    stage_ids = Slugger({"index"})
    staged: list[tuple[dict[str, Any], dict[str, list[tuple[str, str]]]]] = []
    emotions: list[tuple[str, str]] = []  # (text, row label) of every emotion row
    for grid in run:
        where = f"{grid.name}!{cell_name(grid.top, grid.left)}"
        name = _without_number(grid.heading) or grid.heading
        check_length(name, NAME_MAX, where, "the stage name", problems)
        stage_count.add(where)
        values: dict[str, list[tuple[str, str]]] = {}
        rows = sorted({row for row, _ in grid.cells if row > grid.top})
        for row in rows:
            label = grid.cells.get((row, grid.left), "").strip()
            value = grid.cells.get((row, grid.right), "")
            kind = row_kind(label) if label else None
            at = f"{grid.name}!{cell_name(row, grid.right)}"
            if kind is None:
                if value:
                    placer.drop(
                        f"{grid.name}!{cell_name(row, grid.left)}: row "
                        f"{(label or '(no name)')[:60]!r} is not a row a journey map has; not read"
                    )
                else:
                    notes.append(
                        f"{grid.name}!{cell_name(row, grid.left)}: row {label[:60]!r} is empty "
                        "and not a row a journey map has"
                    )
                continue
            if value:
                values.setdefault(kind, []).append((value, at))
                if kind == "emotion":
                    emotions.append((value, label))
        staged.append(({"id": stage_ids.take(name, "stage"), "name": name}, values))
    if problems:
        return None
    reader = None
    if emotions:  # one scale for the emotions of every table, as for a grid's row
        reader = EmotionReader([text for text, _ in emotions], emotions[0][1], run[0].name, notes)
    stakeholders: list[str] = []
    for stage, values in staged:
        stakeholders += placer.fill(stage, values, reader)
    return journey_from(title, [stage for stage, _ in staged], stakeholders)
