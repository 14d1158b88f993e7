"""What `journey-maps import` does, apart from the command line: read, convert, check.

`cli/import_.py` parses the arguments, prints and writes; this module turns input files
into the text of persona files (modeline first) and the notes to print beside them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..source.handbook import CATALOG_NAME, DEFAULT_MAX_BYTES
from ..source.model import NAME_MAX
from ..source.yaml_reader import load_document
from ..views.labels import plural
from . import Detected, Imported, ImportFailed, decode_text, read_bytes
from .cjml import import_cjml
from .detect import FAMILIES, detect, tables_of
from .handbook_exports import import_exports, kind_of, read_table
from .maps_as_code import import_maps_as_code
from .mermaid import import_mermaid
from .slugs import slugify
from .spreadsheet import read_csv_grid, read_xlsx_grids
from .stage_fields import CatalogNames
from .tables import import_tables
from .writer import check, persona_id_for, render_yaml

if TYPE_CHECKING:
    from pathlib import Path

    from .spreadsheet import Grid

__all__ = ["KINDS", "catalog_touchpoints", "read_catalog", "run_import", "summary"]

KINDS = ("mermaid", "csv", "xlsx", "cjml")


def read_catalog(folder: Path) -> CatalogNames:
    """The ids and lower-cased names of the folder's catalog touchpoints, teams and
    channels, each to its id.

    Read by the journey files' own reader, which bounds the size, the nesting and the
    aliases of a file (a catalog nested 400,000 deep crashed `yaml.safe_load`). The
    imported files are checked against this catalog, so one it cannot read stops the
    import here, with its problems where they are."""
    path = folder / CATALOG_NAME
    if not path.is_file():
        return CatalogNames()
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportFailed([f"{path}: cannot be read ({error.strerror})"]) from None
    document, problems = load_document(raw, str(path), max_bytes=DEFAULT_MAX_BYTES)
    if document is None:
        raise ImportFailed(
            [
                f"{problem}; fix the catalog first: imports are checked against it"
                for problem in problems
            ]
        )
    data: Any = document.data
    names = CatalogNames()
    for key, found in (
        ("touchpoints", names.touchpoints),
        ("teams", names.teams),
        ("channels", names.channels),
    ):
        for item in (data or {}).get(key) or [] if isinstance(data, dict) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                found[item["id"]] = item["id"]
                if isinstance(item.get("name"), str):
                    found.setdefault(item["name"].strip().lower(), item["id"])
    return names


def catalog_touchpoints(folder: Path) -> dict[str, str]:
    """Touchpoint ids and lower-cased names of the folder's catalog -> ids."""
    return read_catalog(folder).touchpoints


def families(kind: str | None, paths: list[Path]) -> str:
    """The one family the files are (see detect.FAMILIES): named by `kind`, else detected."""
    if kind in ("mermaid", "cjml"):
        return kind
    if kind == "xlsx":
        return "tables"
    if kind == "csv":
        exports = [p for p in paths if kind_of(read_table(p)[0]) is not None]
        if exports and len(exports) != len(paths):
            raise ImportFailed(
                ["give either the handbook's CSV exports or grid CSV files, not both"]
            )
        return "exports" if exports else "tables"
    if kind is not None:
        raise ImportFailed([f"unknown import kind {kind!r}; use one of {', '.join(KINDS)}"])
    found = {path: detect(path) for path in paths}
    if len(set(found.values())) > 1:
        raise ImportFailed(
            [
                "give files of one shape at a time; these are "
                + "; ".join(f"{path}: {FAMILIES[family]}" for path, family in found.items())
            ]
        )
    return next(iter(found.values()))


def run_import(
    kind: str | None,
    paths: list[Path],
    folder: Path,
    *,
    modeline: str,
    persona: str | None = None,
    persona_name: str | None = None,
    persona_role: str | None = None,
    title: str | None = None,
    split: bool = True,
    allow_partial: bool = False,
) -> tuple[dict[str, str], Imported]:
    """Persona id -> file text, checked against the folder's catalog, and the notes.

    `kind` names the files' kind (`mermaid`, `csv`, `xlsx`, `cjml`); None detects it.
    Content with no place in a map stops the import unless `allow_partial`."""
    persona_id = persona_id_for(persona or slugify(paths[0].stem, "imported"))
    stem = persona or paths[0].stem
    name = persona_name or stem.replace("-", " ").replace("_", " ").strip().title()
    name = name[:NAME_MAX] or "Imported persona"
    role = persona_role or f"Imported from {paths[0].name}"[:NAME_MAX]
    family = families(kind, paths)
    if family == "mermaid":
        result = import_mermaid(paths, persona_id, name, role)
    elif family == "cjml":  # names the persona from its end user; says itself what is a placeholder
        result = import_cjml(
            paths, persona_id, persona_name, persona_role, catalog_touchpoints(folder)
        )
        result.detected.append(Detected("CJML 2.0 XML", f"{len(paths)} file(s)"))
    elif family == "exports":
        result = import_exports(paths)
        result.detected.append(
            Detected("the handbook's own CSV exports", ", ".join(p.name for p in paths))
        )
    elif family == "maps-as-code":
        result = import_maps_as_code(
            paths,
            persona_id,
            name,
            role,
            read_catalog(folder),
            persona_given=bool(persona_name),
            split=split,
        )
    else:
        notes: list[str] = []
        grids = [grid for path in paths for grid in _grids(path, notes)]
        result = import_tables(
            grids, persona_id, name, role, read_catalog(folder), title, split=split
        )
        result.notes[:0] = notes
    written = result.personas.get(persona_id, {}).get("persona", {})
    placeholders = family != "cjml" and (
        (written.get("name") == name and not persona_name)
        or (written.get("role") == role and not persona_role)
    )
    if placeholders:
        result.notes.append(
            f"persona {persona_id!r}: name {written.get('name')!r} and role "
            f"{written.get('role')!r} are placeholders (--persona-name, --persona-role); edit them"
        )
    if result.dropped:
        left_out = [
            f"{len(result.dropped):,} piece(s) of the input have no place in a journey map "
            "(the notes above name each with its position)",
        ]
        if not allow_partial:
            raise ImportFailed(
                [
                    *left_out,
                    "nothing is written: an import that keeps less than it read loses content; "
                    "move it into rows or columns the import reads, or pass --allow-partial "
                    "to write the rest (the file's header then lists what was left out)",
                ],
                result.notes,
            )
        for persona_key in result.personas:
            result.comments.setdefault(persona_key, [])[:0] = [
                "Left out of this import (journey-maps import --allow-partial): no place in a",
                "journey map for",
                *(f"  {item}" for item in result.dropped),
            ]
    texts = {
        pid: render_yaml(data, modeline, result.comments.get(pid, []))
        for pid, data in result.personas.items()
    }
    try:
        check(folder, texts)
    except ImportFailed as error:
        raise ImportFailed(error.problems, result.notes) from None
    return texts, result


def _grids(path: Path, notes: list[str]) -> list[Grid]:
    """The tables of one file: a CSV file, every sheet of a workbook, every Markdown or
    HTML table of a page."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx_grids(path, notes)
    if suffix in (".csv", ".tsv"):
        return [read_csv_grid(path)]
    text = decode_text(read_bytes(path), str(path))
    return tables_of(path, text, notes)


def summary(result: Imported) -> list[str]:
    """What was found and read, in words: `Detected: long table, one row per step (CSV):
    10 rows -> 3 stages, 10 steps, 4 touchpoints`, one line per input."""
    journeys = [j for data in result.personas.values() for j in data.get("journeys", [])]
    lines = []
    for seen in result.detected:
        counts = _counts([journeys[i] for i in seen.journeys if i < len(journeys)], None)
        lines.append(f"Detected: {seen.shape}: {seen.read} \u2192 {counts}")
    if len(result.detected) != 1:
        lines.append(f"Imported: {len(journeys)} journeys \u2192 {_counts(journeys, result)}")
    elif result.touchpoints_named:
        lines[-1] = lines[-1].rsplit(" \u2192 ", 1)[0] + f" \u2192 {_counts(journeys, result)}"
    if result.split_cells:
        lines.append(
            f"Split: {result.split_cells:,} cells holding lists (commas, semicolons) into "
            "items; --no-split keeps them whole"
        )
    return lines


def _counts(journeys: list[dict[str, Any]], result: Imported | None) -> str:
    stages = [stage for journey in journeys for stage in journey["stages"]]
    steps = [step for stage in stages for step in stage.get("steps", [])]
    pains = sum(len(stage.get("pain_points", [])) for stage in stages)
    touchpoints = {step["touchpoint"] for step in steps if "touchpoint" in step}
    if result is not None and result.touchpoints_named:  # linked or only in the snippet
        touchpoints = result.touchpoints_named
    parts = [
        plural(len(stages), "stage"),
        plural(len(steps), "step"),
        plural(pains, "pain point"),
        plural(len(touchpoints), "touchpoint"),
    ]
    return ", ".join(parts)
