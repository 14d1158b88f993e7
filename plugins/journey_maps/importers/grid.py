"""`import csv` / `import xlsx`: the grid spreadsheet templates use, stages as columns.

The first filled row names the stages; the first filled column names each row's kind
(goal, steps, touchpoints, emotion, feeling, thoughts, pain points, opportunities,
frontstage, backstage, support, metrics, time), matched case-insensitively with common
synonyms. Cells with several items put one per line. Cells are only ever read as text:
formulas are kept as written, never evaluated. Rows the format has no place for are
reported with their cell (`A7`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..source.model import EMOTION_LABELS, NAME_MAX, TEXT_MAX
from . import Imported, ImportFailed, check_length, decode_text, read_bytes
from .slugs import Slugger, slugify

MAX_CELLS = 200_000
"""Most cells (rows x columns) a grid may span: a map is a few dozen of each."""
MAX_XLSX_UNPACKED = 200_000_000
"""Most bytes an .xlsx may unpack to: refuses zip bombs before openpyxl reads them."""

ROW_KINDS = {
    "goal": ("goal", "goals", "customer goal", "customer goals", "objective", "objectives"),
    "steps": (
        "steps",
        "step",
        "actions",
        "action",
        "doing",
        "customer actions",
        "what they do",
        "activities",
        "tasks",
        "behaviour",
        "behaviours",
        "behavior",
        "behaviors",
    ),
    "touchpoints": ("touchpoints", "touchpoint", "touch points", "touch point"),
    "emotion": ("emotion", "emotions", "emotion score", "score", "sentiment", "emotional curve"),
    "feeling": ("feeling", "feelings", "feels"),
    "thoughts": ("thoughts", "thought", "thinking", "what they think"),
    "pain_points": (
        "pain points",
        "pain point",
        "pains",
        "pain",
        "frustrations",
        "frustration",
        "problems",
    ),
    "opportunities": ("opportunities", "opportunity", "ideas", "improvements"),
    "frontstage": ("frontstage", "front stage", "frontstage actions", "front stage actions"),
    "backstage": ("backstage", "back stage", "backstage actions", "back stage actions"),
    "support": ("support", "support processes", "supporting processes", "support systems"),
    "metrics": ("metrics", "metric", "kpis", "kpi", "measures"),
    "time": ("time", "time of day"),
}
STAGE_HEADERS = ("stage", "stages", "phase", "phases", "")
_KIND_BY_NAME = {name: kind for kind, names in ROW_KINDS.items() for name in names}
_BULLET = re.compile(r"^(?:[-*•–·]|\d+[.)])\s+")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b]")


@dataclass
class Grid:
    """A sheet as text cells, with its merged ranges (row and column numbers from 1)."""

    name: str
    title: str
    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    """(first row, first column, last row, last column) of each merged range."""

    def origin(self, row: int, column: int) -> tuple[int, int]:
        """The top-left cell of the merged range holding this cell (or the cell itself)."""
        for top, left, bottom, right in self.merged:
            if top <= row <= bottom and left <= column <= right:
                return top, left
        return row, column


def cell_name(row: int, column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def normalise_label(label: str) -> str:
    label = re.sub(r"\(.*?\)", " ", label.lower())
    label = re.sub(r"[\s_\-/&:.?!]+", " ", label)
    return label.replace(" and ", " ").strip()


def row_kind(label: str) -> str | None:
    return _KIND_BY_NAME.get(normalise_label(label))


# --- reading ------------------------------------------------------------------------------


def read_csv_grid(path: Path) -> Grid:
    text = decode_text(read_bytes(path), str(path))
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportFailed([f"{path}:{line}: a NUL character; this is not a text CSV file"])
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    grid = Grid(str(path), _title_from(path.stem))
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for row_number, row in enumerate(reader, 1):
            if row_number * max(len(row), 1) > MAX_CELLS:
                raise ImportFailed([f"{path}:{reader.line_num}: more cells than a map has"])
            for column, value in enumerate(row, 1):
                if value.strip():
                    grid.cells[(row_number, column)] = value
    except csv.Error as error:
        raise ImportFailed([f"{path}:{reader.line_num}: {error}"]) from None
    return grid


def read_xlsx_grids(path: Path, notes: list[str]) -> list[Grid]:
    """Every sheet as a grid; formulas kept as their text, never computed."""
    try:
        import openpyxl  # type: ignore[import-untyped]  # an optional extra: pip install 'mkdocs-journey-maps[xlsx]'
    except ImportError:
        raise ImportFailed(
            ["import xlsx needs openpyxl: pip install 'mkdocs-journey-maps[xlsx]'"]
        ) from None
    data = read_bytes(path)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportFailed([f"{path}: not an .xlsx file (it is not a zip archive)"]) from None
    if unpacked > MAX_XLSX_UNPACKED:
        raise ImportFailed([f"{path}: unpacks to {unpacked:,} bytes; too big for a map"])
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=False, read_only=False)
    except Exception as error:  # openpyxl raises many kinds on broken files
        raise ImportFailed([f"{path}: cannot be read as an .xlsx workbook ({error})"]) from None
    grids = []
    for sheet in workbook.worksheets:
        grid = Grid(f"{path}[{sheet.title}]", sheet.title)
        if sheet.max_row * sheet.max_column > MAX_CELLS:
            raise ImportFailed(
                [
                    f"{grid.name}: {sheet.max_row} rows x {sheet.max_column} columns is more than a map has"
                ]
            )
        for row in sheet.iter_rows():
            for cell in row:
                value = _cell_text(cell.value)
                if value is None:
                    continue
                if cell.data_type == "f" or value.startswith("="):
                    notes.append(
                        f"{grid.name}!{cell.coordinate}: a formula, kept as its text {value[:40]!r}, not computed"
                    )
                grid.cells[(cell.row, cell.column)] = value
        grid.merged = [
            (r.min_row, r.min_col, r.max_row, r.max_col) for r in sheet.merged_cells.ranges
        ]
        grids.append(grid)
    return grids


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return (
            value.strftime("%H:%M") if value.date() == dt.date(1899, 12, 30) else value.isoformat()
        )
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    text = getattr(value, "text", value)  # ArrayFormula, DataTableFormula: their formula
    text = str(text)
    return text if text.strip() else None


def _title_from(stem: str) -> str:
    words = re.sub(r"[_\-]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "Imported journey"


# --- the layout ---------------------------------------------------------------------------


def import_grids(
    grids: list[Grid],
    persona_id: str,
    persona_name: str,
    persona_role: str,
    touchpoints: dict[str, str],
    title: str | None = None,
) -> Imported:
    """One journey per grid (a CSV file or a sheet), all for one persona.

    `touchpoints` maps catalog touchpoint ids and lower-cased names to ids."""
    result = Imported()
    problems: list[str] = []
    journeys = []
    journey_ids = Slugger()
    missing: dict[str, list[str]] = {}
    for grid in grids:
        if not grid.cells:
            result.notes.append(f"{grid.name}: empty; skipped")
            continue
        journey_title = title if title and len(grids) == 1 else grid.title
        journey = _journey(grid, journey_title, touchpoints, missing, result.notes, problems)
        if journey is not None:
            journey["id"] = journey_ids.take(journey_title, "journey")
            journeys.append({"id": journey.pop("id"), **journey})
    if problems:
        raise ImportFailed(problems)
    if not journeys:
        raise ImportFailed(
            [
                f"{', '.join(g.name for g in grids)}: no stages found (empty, or no row of stage names)"
            ]
        )
    result.personas[persona_id] = {
        "persona": {"name": persona_name, "role": persona_role},
        "journeys": journeys,
    }
    if missing:
        snippet = [
            "Touchpoints named in the grid that are not in _catalog.yml; the steps do not",
            "link them yet. Add them to _catalog.yml (with a channel), then set",
            "`touchpoint:` on the steps listed:",
            "touchpoints:",
        ]
        for name, places in missing.items():
            snippet += [
                f"  - id: {slugify(name, 'touchpoint')}",
                f"    name: {name}",
                "    channel: TODO",
                *(f"    # {place}" for place in places),
            ]
        result.comments[persona_id] = snippet
        result.notes.append(
            f"{len(missing)} touchpoint(s) not in _catalog.yml: "
            f"{', '.join(missing)}; a catalog snippet is at the top of the file"
        )
    return result


def _journey(
    grid: Grid,
    title: str,
    touchpoints: dict[str, str],
    missing: dict[str, list[str]],
    notes: list[str],
    problems: list[str],
) -> dict[str, Any] | None:
    header_row = min(row for row, _ in grid.cells)
    label_column = min(column for _, column in grid.cells)
    check_length(title, NAME_MAX, grid.name, "the journey title", problems)
    corner = grid.cells.get((header_row, label_column), "")
    if normalise_label(corner) not in STAGE_HEADERS:
        notes.append(
            f"{grid.name}!{cell_name(header_row, label_column)}: {corner[:60]!r} is taken as "
            "the label of the stage row; not kept"
        )
    # Stage columns: a named header cell starts a stage; columns merged into it belong to it.
    group_of: dict[int, int] = {}
    stage_names: dict[int, str] = {}
    last_column = max(column for _, column in grid.cells)
    for column in range(label_column + 1, last_column + 1):
        top, left = grid.origin(header_row, column)
        if left != column and left in stage_names:
            group_of[column] = left
            continue
        name = grid.cells.get((header_row, column), "").strip()
        if name:
            stage_names[column] = name
            group_of[column] = column
        elif any((row, column) in grid.cells for row, _ in grid.cells):
            notes.append(
                f"{grid.name}!{cell_name(header_row, column)}: column without a stage name; "
                "its cells are not read"
            )
    if not stage_names:
        notes.append(f"{grid.name}: no stage names in row {header_row}; skipped")
        return None
    stages: dict[int, dict[str, Any]] = {}
    stage_ids = Slugger({"index"})
    for column, name in stage_names.items():
        where = f"{grid.name}!{cell_name(header_row, column)}"
        if _LINE_BREAKS.search(name):
            name = " ".join(part.strip() for part in _LINE_BREAKS.split(name) if part.strip())
            notes.append(f"{where}: stage name on several lines; joined into one")
        check_length(name, NAME_MAX, where, "the stage name", problems)
        stages[column] = {"id": stage_ids.take(name, "stage"), "name": name}
    values: dict[int, dict[str, list[tuple[str, str]]]] = {c: {} for c in stages}
    last_row = max(row for row, _ in grid.cells)
    for row in range(header_row + 1, last_row + 1):
        label_row, _ = grid.origin(row, label_column)
        label = grid.cells.get((label_row, label_column), "")
        row_cells = [c for c in range(label_column + 1, last_column + 1) if (row, c) in grid.cells]
        kind = row_kind(label) if label.strip() else None
        if kind is None:
            if label.strip():
                notes.append(
                    f"{grid.name}!{cell_name(label_row, label_column)}: row {label.strip()[:60]!r} "
                    "is not a row a journey map has; not read"
                )
            elif row_cells:
                notes.append(
                    f"{grid.name}!{cell_name(row, label_column)}: row without a name; not read"
                )
            continue
        for column in row_cells:
            top, left = grid.origin(row, column)
            covered = {column}
            if (top, left) == (row, column):
                for t, l_, _b, r in grid.merged:
                    if (t, l_) == (row, column):
                        covered = set(range(l_, r + 1))
            targets = sorted({group_of[c] for c in covered if c in group_of})
            where = f"{grid.name}!{cell_name(row, column)}"
            if not targets:
                continue
            if len(targets) > 1:
                notes.append(f"{where}: merged across {len(targets)} stages; given to each of them")
            for target in targets:
                values[target].setdefault(kind, []).append((grid.cells[(row, column)], where))
    result = []
    for column, stage in stages.items():
        _fill_stage(stage, values[column], touchpoints, missing, notes, problems)
        result.append(stage)
    return {"id": "", "title": title, "stages": result}


def _items(text: str) -> list[str]:
    items = []
    for line in _LINE_BREAKS.split(text):
        line = _BULLET.sub("", line.strip()).strip()
        if line:
            items.append(line)
    return items


def _fill_stage(
    stage: dict[str, Any],
    cells: dict[str, list[tuple[str, str]]],
    touchpoints: dict[str, str],
    missing: dict[str, list[str]],
    notes: list[str],
    problems: list[str],
) -> None:
    def items(kind: str, limit: int, what: str) -> list[tuple[str, str]]:
        found = []
        for text, where in cells.get(kind, []):
            for item in _items(text):
                check_length(item, limit, where, what, problems)
                found.append((item, where))
        return found

    if "time" in cells:
        text, where = cells["time"][0]
        if re.fullmatch(r"([01]?[0-9]|2[0-3]):[0-5][0-9]", text.strip()):
            hours, minutes = text.strip().split(":")
            stage["time"] = f"{int(hours):02d}:{minutes}"
        else:
            notes.append(f"{where}: time {text.strip()[:20]!r} is not HH:MM; not kept")
    goals = [text.strip() for text, _ in cells.get("goal", [])]
    for text, where in cells.get("goal", []):
        check_length(text.strip(), TEXT_MAX, where, "the goal", problems)
    if goals:
        stage["goal"] = "\n".join(goals)
    steps: list[dict[str, Any]] = [
        {"action": item} for item, _ in items("steps", TEXT_MAX, "a step")
    ]
    emotions = items("emotion", NAME_MAX, "the emotion")
    feeling_words: list[str] = []
    scores: list[int] = []
    for text, where in emotions:
        score = _emotion(text)
        if score is None:
            feeling_words.append(text)
            notes.append(f"{where}: emotion {text[:40]!r} is not 1 to 5; kept as the feeling")
        else:
            scores.append(score)
    if scores and len(scores) == len(steps) and len(scores) > 1:
        for step, score in zip(steps, scores, strict=True):
            step["emotion"] = score
    elif scores:
        stage["emotion"] = scores[0]
        if len(scores) > 1:
            notes.append(
                f"{emotions[0][1]}: {len(scores)} emotions for {len(steps)} steps; "
                f"the stage keeps the first, {scores[0]}"
            )
    _link_touchpoints(
        stage, steps, items("touchpoints", NAME_MAX, "a touchpoint"), touchpoints, missing, notes
    )
    feelings = [item for item, _ in items("feeling", NAME_MAX, "the feeling")] + feeling_words
    if feelings:
        stage["feeling"] = "; ".join(feelings)
        for _, where in cells.get("feeling", [])[:1]:
            check_length(stage["feeling"], NAME_MAX, where, "the feeling", problems)
    thoughts = [item for item, _ in items("thoughts", TEXT_MAX, "a thought")]
    if thoughts:
        stage["thoughts"] = thoughts
    if steps:
        stage["steps"] = steps
    if "emotion" not in stage and not any("emotion" in s for s in steps):
        stage["emotion"] = 3
        notes.append(
            f"stage {stage['name']!r}: no emotion in the grid; set to 3 (neutral), an assumption to check"
        )
    anchors = Slugger()
    pains = [
        {"id": anchors.take(item, "pain-point"), "title": item}
        for item, _ in items("pain_points", NAME_MAX, "a pain point")
    ]
    if pains:
        stage["pain_points"] = pains
    ideas = [
        {"id": anchors.take(item, "opportunity"), "title": item}
        for item, _ in items("opportunities", NAME_MAX, "an opportunity")
    ]
    if ideas:
        stage["opportunities"] = ideas
    for lane in ("frontstage", "backstage", "support"):
        entries = [item for item, _ in items(lane, TEXT_MAX, f"a {lane} entry")]
        if entries:
            stage[lane] = entries
    metrics = []
    for item, _ in items("metrics", NAME_MAX, "a metric"):
        name, colon, value = item.partition(":")
        metric = {"name": name.strip() or item}
        if colon and value.strip():
            metric["value"] = value.strip()
        metrics.append(metric)
    if metrics:
        stage["metrics"] = metrics


def _emotion(text: str) -> int | None:
    text = text.strip().lower()
    for score, label in EMOTION_LABELS.items():
        if text == label:
            return score
    try:
        number = float(text)
    except ValueError:
        return None
    if number != int(number) or not 1 <= number <= 5:
        return None
    return int(number)


def _link_touchpoints(
    stage: dict[str, Any],
    steps: list[dict[str, Any]],
    named: list[tuple[str, str]],
    touchpoints: dict[str, str],
    missing: dict[str, list[str]],
    notes: list[str],
) -> None:
    """Pair touchpoints with steps: one each in order, or one for every step."""
    if not named:
        return
    if len(named) == 1:
        pairs = [(step, named[0]) for step in steps]
    else:
        pairs = list(zip(steps, named, strict=False))
        if len(named) != len(steps):
            notes.append(
                f"{named[0][1]}: {len(named)} touchpoints for {len(steps)} steps; "
                "paired in order, the rest not linked"
            )
    if not steps:
        notes.append(f"{named[0][1]}: touchpoints without steps; not linked to anything")
    for step_number, (step, (name, where)) in enumerate(pairs, 1):
        found = touchpoints.get(name) or touchpoints.get(name.lower())
        if found:
            step["touchpoint"] = found
        else:
            missing.setdefault(name, []).append(
                f"stage {stage['name']!r}, step {step_number} ({where})"
            )
