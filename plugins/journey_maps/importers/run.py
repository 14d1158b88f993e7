"""What `journey-maps import` does, apart from the command line: read, convert, check.

`cli/import_.py` parses the arguments, prints and writes; this module turns input files
into the text of persona files (modeline first) and the notes to print beside them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..source.handbook import CATALOG_NAME, DEFAULT_MAX_BYTES
from ..source.model import NAME_MAX
from ..source.yaml_reader import load_document
from . import Imported, ImportFailed
from .handbook_exports import import_exports, kind_of, read_table
from .mermaid import import_mermaid
from .slugs import slugify
from .spreadsheet import import_grids, read_csv_grid, read_xlsx_grids
from .writer import check, persona_id_for, render_yaml

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["run_import"]

KINDS = ("mermaid", "csv", "xlsx")


def catalog_touchpoints(folder: Path) -> dict[str, str]:
    """Touchpoint ids and lower-cased names of the folder's catalog -> ids.

    Read by the journey files' own reader, which bounds the size, the nesting and the
    aliases of a file (a catalog nested 400,000 deep crashed `yaml.safe_load`). The
    imported files are checked against this catalog, so one it cannot read stops the
    import here, with its problems where they are."""
    path = folder / CATALOG_NAME
    if not path.is_file():
        return {}
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
    found: dict[str, str] = {}
    for item in (data or {}).get("touchpoints") or [] if isinstance(data, dict) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            found[item["id"]] = item["id"]
            if isinstance(item.get("name"), str):
                found.setdefault(item["name"].strip().lower(), item["id"])
    return found


def run_import(
    kind: str,
    paths: list[Path],
    folder: Path,
    *,
    modeline: str,
    persona: str | None = None,
    persona_name: str | None = None,
    persona_role: str | None = None,
    title: str | None = None,
) -> tuple[dict[str, str], Imported]:
    """Persona id -> file text, checked against the folder's catalog, and the notes."""
    persona_id = persona_id_for(persona or slugify(paths[0].stem, "imported"))
    stem = persona or paths[0].stem
    name = persona_name or stem.replace("-", " ").replace("_", " ").strip().title()
    name = name[:NAME_MAX] or "Imported persona"
    role = persona_role or f"Imported from {paths[0].name}"[:NAME_MAX]
    if kind == "mermaid":
        result = import_mermaid(paths, persona_id, name, role)
    elif kind == "xlsx":
        notes: list[str] = []
        grids = [grid for path in paths for grid in read_xlsx_grids(path, notes)]
        result = import_grids(grids, persona_id, name, role, catalog_touchpoints(folder), title)
        result.notes[:0] = notes
    elif kind == "csv":
        exports = [p for p in paths if kind_of(read_table(p)[0]) is not None]
        if exports and len(exports) != len(paths):
            raise ImportFailed(
                ["give either the handbook's CSV exports or grid CSV files, not both"]
            )
        if exports:
            result = import_exports(paths)
        else:
            grids = [read_csv_grid(path) for path in paths]
            result = import_grids(grids, persona_id, name, role, catalog_touchpoints(folder), title)
    else:
        raise ImportFailed([f"unknown import kind {kind!r}; use one of {', '.join(KINDS)}"])
    placeholders = persona_id in result.personas and (not persona_name or not persona_role)
    if placeholders:
        result.notes.append(
            f"persona {persona_id!r}: name {name!r} and role {role!r} are placeholders "
            "(--persona-name, --persona-role); edit them"
        )
    texts = {
        pid: render_yaml(data, modeline, result.comments.get(pid, []))
        for pid, data in result.personas.items()
    }
    try:
        check(folder, texts)
    except ImportFailed as error:
        raise ImportFailed(error.problems, result.notes) from None
    return texts, result
