"""Which shape an input file is, told from its name and its content, so that
`journey-maps import FILE` needs no sub-command; and the line that says what was found.

Shapes: Mermaid journeys (fences, HTML blocks, .mmd), tables (CSV, .xlsx, Markdown and
HTML tables; each a stage-column grid or a long table), the handbook's own CSV exports,
maps-as-code YAML and CJML XML. A file is read once for its detection, through the same
bounded readers the import uses.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from . import ImportFailed, decode_text, read_bytes
from .handbook_exports import kind_of
from .maps_as_code import is_maps_as_code
from .markdown_table import has_tables, html_tables, markdown_tables
from .mermaid import find_diagrams

if TYPE_CHECKING:
    from pathlib import Path

    from .spreadsheet import Grid

__all__ = ["FAMILIES", "detect", "tables_of"]

FAMILIES = {
    "mermaid": "Mermaid journey diagrams",
    "tables": "tables",
    "exports": "the handbook's own CSV exports",
    "maps-as-code": "maps-as-code YAML",
    "cjml": "CJML XML",
}
"""What `detect` answers, and each in words."""
_TEXT_SUFFIXES = (".md", ".markdown", ".mdx", ".html", ".htm", ".txt", ".rst", "")


def detect(path: Path) -> str:
    """The family of `path` (a key of FAMILIES), or ImportFailed saying what it is not."""
    suffix = path.suffix.lower()
    if suffix in (".mmd", ".mermaid"):
        return "mermaid"
    if suffix in (".xlsx", ".xlsm"):
        return "tables"
    if suffix == ".xml":
        return "cjml"
    data = read_bytes(path)
    if suffix in (".csv", ".tsv"):
        text = decode_text(data, str(path))
        header = next(csv.reader(io.StringIO(text[:100_000], newline="")), [])
        return "exports" if kind_of(header) is not None else "tables"
    text = decode_text(data, str(path))
    if suffix in (".yml", ".yaml"):
        if is_maps_as_code(text):
            return "maps-as-code"
        raise ImportFailed(
            [
                f"{path}: YAML without phases or stages; a persona file of this handbook is "
                "not imported: copy it into the journeys folder and run journey-maps validate"
            ]
        )
    if suffix not in _TEXT_SUFFIXES:
        raise ImportFailed(
            [
                f"{path}: a {suffix} file is no shape the import reads (Markdown, HTML, .mmd, "
                "CSV, .xlsx, YAML, CJML .xml); name the kind: journey-maps import mermaid|csv|xlsx FILE"
            ]
        )
    diagrams, _ = find_diagrams(path, text)
    if diagrams:
        return "mermaid"
    if has_tables(text):
        return "tables"
    raise ImportFailed(
        [
            f"{path}: no Mermaid journey diagram (```mermaid, ```mermaid-example, ~~~mermaid, "
            '<div class="mermaid">, <pre class="mermaid">) and no table in it'
        ]
    )


def tables_of(path: Path, text: str, notes: list[str]) -> list[Grid]:
    """The Markdown pipe tables and HTML tables of a text file, in the file's order."""
    grids = html_tables(path, text, notes)
    if path.suffix.lower() not in (".html", ".htm"):
        grids = markdown_tables(path, text, notes) + grids
    return grids
