"""`import csv` of the handbook's own exports: steps.csv, pain-points.csv, opportunities.csv.

steps.csv has a row per step with every field of its persona, journey and stage (its
columns follow the model, like the exporter's); pain points and opportunities come from
their own exports, placed by their stage's URL and put in the order steps.csv lists them.
Export, then import, writes persona files whose `journeys.json` equals the original.
"""

from __future__ import annotations

import csv
import io
import json
import types
import typing
from typing import Any

from pydantic import BaseModel

from ..source.model import Journey, Opportunity, PainPoint, Persona, Stage, Step, is_slug
from ..source.yaml_reader import MAX_DEPTH
from ..views.export_columns import (
    JOURNEY_COLUMNS,
    OPPORTUNITY_COLUMNS,
    PAIN_POINT_COLUMNS,
    PERSONA_COLUMNS,
    STAGE_COLUMNS,
    STEP_COLUMNS,
    ExportColumn,
    identifying,
    runs_as_formula,
    steps_header,
)
from . import ControlCharacters, Imported, ImportFailed, csv_problem, decode_text, read_bytes

__all__ = ["_text", "import_exports", "kind_of", "read_table", "steps_header"]

if typing.TYPE_CHECKING:
    from pathlib import Path


def kind_of(header: list[str]) -> str | None:
    """'steps', 'pain-points', 'opportunities' for the handbook's exports, else None."""
    names = set(header)
    if {"persona_id", "journey_id", "stage_id", "action"} <= names:
        return "steps"
    if identifying(PAIN_POINT_COLUMNS) <= names:
        return "pain-points"
    if identifying(OPPORTUNITY_COLUMNS) <= names:
        return "opportunities"
    return None


def read_table(
    path: Path, notes: list[str] | None = None
) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (line, row) pairs of a CSV file; clear errors for broken files.

    For one of the handbook's exports, every row must have a cell for every column (the
    exporter writes them all): a row cut short or run long is an error at its line
    instead of missing fields. Control characters in cells become spaces, reported in
    `notes` (see ControlCharacters)."""
    text = decode_text(read_bytes(path), str(path))
    reader = csv.reader(io.StringIO(text, newline=""))
    controls = ControlCharacters([] if notes is None else notes)
    try:
        header = next(reader, [])
        export = kind_of(header) is not None
        if export:
            _check_header(path, header)
        rows = []
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            if export and len(row) != len(header):
                raise ImportFailed(
                    [
                        f"{path}:{reader.line_num}: {len(row)} cells, but the header has "
                        f"{len(header)} columns; the handbook's exports write a cell for every "
                        "column (a row was cut or joined when the file was edited?)"
                    ]
                )
            line = reader.line_num
            cells = [
                controls.clean(cell, lambda *_, c=column, n=line: f"{path}:{n} ({c})")
                for column, cell in zip(header, row, strict=False)
            ]
            rows.append((line, dict(zip(header, cells, strict=False))))
    except csv.Error as error:
        raise ImportFailed([csv_problem(path, reader.line_num, error)]) from None
    controls.finish(str(path))
    return header, rows


def _check_header(path: Path, header: list[str]) -> None:
    seen: set[str] = set()
    for column in header:
        if column in seen:
            raise ImportFailed(
                [f"{path}:1: column {column!r} twice; the handbook's exports name each once"]
            )
        seen.add(column)


def _json(cell: str, where: str, field: str) -> Any:
    """A cell written as JSON by the exporter, within what a journey file may hold: no
    NaN or Infinity (JSON has neither; Python writes them), and nested at most as deep
    as a journey file may be (`MAX_DEPTH`), so nothing after it recurses without end."""

    def refuse(name: str) -> Any:
        raise ValueError(f"{name} is not a value a journey map holds")

    try:
        value = json.loads(cell, parse_constant=refuse)
    except RecursionError:
        value = None
        depth = MAX_DEPTH + 1
    except ValueError as error:
        raise ImportFailed(
            [f"{where}: {field} is not valid JSON ({error}): {cell[:60]!r}"]
        ) from None
    else:
        depth = _depth(value)
    if depth > MAX_DEPTH:
        raise ImportFailed([f"{where}: {field} is nested more than {MAX_DEPTH} levels deep"])
    return value


def _depth(value: Any) -> int:
    """How deep lists and objects nest in `value`, counted without recursion."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, list | dict):
            depth += 1
            deepest = max(deepest, depth)
            stack.extend(
                (child, depth) for child in (item.values() if isinstance(item, dict) else item)
            )
    return deepest


def _text(cell: str) -> str:
    """Undo the export's formula guard: `'=1+1` was written for `=1+1`."""
    if cell.startswith("'") and runs_as_formula(cell[1:]):
        return cell[1:]
    return cell


def _shape(annotation: Any) -> tuple[str, bool]:
    """('int' | 'text' | 'model', is_list) for a field's type."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _shape(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in typing.get_args(annotation) if a is not type(None)]
        return _shape(inner[0])
    if origin is list:
        item, _ = _shape(typing.get_args(annotation)[0])
        return item, True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model", False
    if annotation is int:
        return "int", False
    return "text", False


def _value(model: type[BaseModel], field: str, cell: str, where: str) -> Any:
    """A cell as the field's value; None for an empty cell (the field is left out)."""
    cell = _text(cell)
    if cell == "":
        return None
    shape, is_list = _shape(model.model_fields[field].annotation)
    if is_list:
        if cell.startswith("["):
            return _json(cell, where, field)
        if shape == "model":
            raise ImportFailed([f"{where}: {field} must be a JSON list, got {cell[:60]!r}"])
        return cell.replace("\r\n", "\n").split("\n")
    if shape == "int":
        try:
            return int(cell)
        except ValueError:
            raise ImportFailed(
                [f"{where}: {field} must be a whole number, got {cell[:20]!r}"]
            ) from None
    if shape == "model":
        return _json(cell, where, field)
    return cell


def _ids(cell: str, where: str) -> list[str]:
    """A list of ids, one per line (or JSON, as the exporter writes odd lists)."""
    if cell.startswith("["):
        items = _json(cell, where, "the list of ids")
        if isinstance(items, list):
            return [str(i) for i in items]
    return [line.strip() for line in cell.splitlines() if line.strip()]


def _record(
    row: dict[str, str], fields: dict[str, str], model: type[BaseModel], where: str
) -> dict[str, Any]:
    record = {}
    for column, field in fields.items():
        value = _value(model, field, row.get(column, ""), f"{where} ({column})")
        if value is not None:
            record[field] = value
    return record


def import_exports(paths: list[Path]) -> Imported:
    """Persona files from steps.csv, plus pain-points.csv and opportunities.csv if given."""
    result = Imported()
    tables: dict[str, tuple[Path, list[tuple[int, dict[str, str]]]]] = {}
    for path in paths:
        header, rows = read_table(path, result.notes)
        kind = kind_of(header)
        if kind is None:
            raise ImportFailed([f"{path}: not one of the handbook's CSV exports"])
        if kind in tables:
            raise ImportFailed([f"{path}: a second {kind} export; give one of each"])
        tables[kind] = (path, rows)
        if kind == "steps":
            unknown = [c for c in header if c not in steps_header()]
            if unknown:
                result.notes.append(f"{path}: columns {', '.join(unknown)} are not read")
    if "steps" not in tables:
        raise ImportFailed(
            ["the pain point and opportunity exports need steps.csv from the same export"]
        )
    path, rows = tables["steps"]
    personas: dict[str, dict[str, Any]] = {}
    stages_by_url: dict[str, dict[str, Any]] = {}
    order: dict[int, dict[str, list[str]]] = {}
    seen: set[tuple[str, str, str]] = set()
    for line, row in rows:
        where = f"{path}:{line}"
        persona_id = row.get("persona_id", "")
        if not persona_id:
            raise ImportFailed([f"{where}: no persona_id"])
        if not is_slug(persona_id):  # it becomes a file name: an id, never a path
            raise ImportFailed(
                [
                    f"{where}: persona_id {persona_id!r} is not a valid id (lowercase letters, "
                    "digits and single hyphens); a persona id names the file it is written to"
                ]
            )
        if persona_id not in personas:
            personas[persona_id] = {
                "persona": _record(row, PERSONA_COLUMNS, Persona, where),
                "journeys": {},
            }
        journey_id = row.get("journey_id", "")
        if not journey_id:
            continue  # a persona without journeys
        journeys = personas[persona_id]["journeys"]
        if journey_id not in journeys:
            journeys[journey_id] = {**_record(row, JOURNEY_COLUMNS, Journey, where), "stages": {}}
        stages = journeys[journey_id]["stages"]
        stage_id = row.get("stage_id", "")
        if stage_id not in stages:
            stage = _record(row, STAGE_COLUMNS, Stage, where)
            stages[stage_id] = stage
            stages_by_url[row.get("url", "")] = stage
            order[id(stage)] = {
                "pain_points": _ids(row.get("stage_pain_points", ""), where),
                "opportunities": _ids(row.get("stage_opportunities", ""), where),
            }
        stage = stages[stage_id]
        if row.get("step", ""):
            step_key = (persona_id, journey_id, f"{stage_id}#{row['step']}")
            if step_key in seen:
                result.notes.append(
                    f"{where}: step {row['step']} of {stage_id!r} again; read once more"
                )
            seen.add(step_key)
            stage.setdefault("steps", []).append(_record(row, STEP_COLUMNS, Step, where))
    for kind, field in (("pain-points", "pain_points"), ("opportunities", "opportunities")):
        if kind in tables:
            _place(tables[kind], field, stages_by_url, result)
    for stage in stages_by_url.values():
        for key in ("pain_points", "opportunities"):
            wanted = order[id(stage)][key]
            have = {item["id"]: item for item in stage.get(key, [])}
            absent = [i for i in wanted if i not in have]
            if absent:
                export = "pain-points.csv" if key == "pain_points" else "opportunities.csv"
                raise ImportFailed(
                    [
                        f"stage {stage.get('id')!r} lists {', '.join(absent)}, which are not in "
                        f"{export}; import it together with steps.csv"
                    ]
                )
            if have:
                ordered = [have[i] for i in wanted] + [
                    v for i, v in have.items() if i not in wanted
                ]
                stage[key] = ordered
    for persona_id, data in personas.items():
        journeys = []
        for journey in data["journeys"].values():
            journey["stages"] = list(journey["stages"].values())
            journeys.append(journey)
        result.personas[persona_id] = {"persona": data["persona"], "journeys": journeys}
    return result


def _place(
    table: tuple[Path, list[tuple[int, dict[str, str]]]],
    key: str,
    stages_by_url: dict[str, dict[str, Any]],
    result: Imported,
) -> None:
    path, rows = table
    for line, row in rows:
        where = f"{path}:{line}"
        url = row.get("url", "").split("#")[0]
        stage = stages_by_url.get(url)
        if stage is None:
            raise ImportFailed([f"{where}: its url {url!r} is not a stage of steps.csv"])
        item: dict[str, Any] = {"id": _text(row["id"]), "title": _text(row["title"])}
        columns: tuple[ExportColumn, ...]
        model: type[BaseModel] = PainPoint if key == "pain_points" else Opportunity
        if key == "pain_points":
            columns = PAIN_POINT_COLUMNS
            item["severity"] = row.get("severity") or "medium"
            if row.get("status_source") == "written":  # a derived status is derived again
                item["status"] = row.get("status", "")
            if "touchpoint_id" not in row and row.get("touchpoint"):
                result.notes.append(
                    f"{where}: an older export without touchpoint_id; touchpoint not kept"
                )
        else:
            columns = OPPORTUNITY_COLUMNS
            item["status"] = row.get("status") or "idea"
        # Fields as written, then lists of ids: the order the persona file gets them in.
        for column in columns:
            value = _text(row.get(column.name, ""))
            if column.field and not column.is_list and value:
                # As the field's type: `step` is a number, the others text.
                item[column.field] = _value(model, column.field, value, f"{where} ({column.name})")
        for column in columns:
            values = row.get(column.name, "").split()
            if column.field and column.is_list and values:
                item[column.field] = values
        stage.setdefault(key, []).append(item)
