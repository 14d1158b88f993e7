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
import posixpath
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from xml.parsers import expat

from ..source.model import NAME_MAX
from . import (
    ControlCharacters,
    ImportFailed,
    StageCount,
    check_length,
    csv_problem,
    decode_text,
    read_bytes,
)
from .emotion_scales import EmotionReader
from .slugs import Slugger
from .stage_fields import StagePlacer, journey_from, normalise_label, row_kind

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["Grid", "cell_name", "grid_journey", "read_csv_grid", "read_xlsx_grids", "title_from"]

MAX_CELLS = 200_000
"""Most cells (rows x columns, from the first filled cell to the last) a grid may span: a
map is a few dozen of each. Also the most cells (`<c>`) one sheet of an .xlsx may hold."""
MAX_XLSX_UNPACKED = 50_000_000
"""Most bytes an .xlsx may unpack to: refuses zip bombs before anything is parsed. A
map's workbook unpacks to well under a megabyte; 200,000 cells of text to about 20 MB."""
MAX_XLSX_ELEMENTS = 2_000_000
"""Most XML elements all the parts of an .xlsx may hold together (a sheet read twice, as
two sheets naming one part, counts twice): about ten for each of `MAX_CELLS` cells."""
MAX_XLSX_PART_ELEMENTS = 200_000
"""Most XML elements a part other than a sheet or the shared strings may hold: openpyxl
builds an object for each style (a million took it 36 s and 800 MB); Excel itself stops
at 64,000 cell formats."""
MAX_XLSX_TEXT = 20_000_000
"""Most characters of text all the parts of an .xlsx may hold: what an import reads of
any other file."""

STAGE_HEADERS = ("stage", "stages", "phase", "phases", "")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b]")


@dataclass
class Grid:
    """A sheet as text cells, with its merged ranges (row and column numbers from 1)."""

    name: str
    title: str
    source: str = "CSV"
    """What the grid was read from, in words: `CSV`, `xlsx sheet 'Map'`, `Markdown table`."""
    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    """(first row, first column, last row, last column) of each merged range."""
    notes: list[str] = field(default_factory=list)
    """What reading it changed (control characters), printed with the import's notes."""
    file: str = ""
    heading: str = ""
    section: str = ""
    """For a table of a page: the page, the heading right above the table and the heading
    of the section that holds that one (a level up), as written; "" where there is none.
    A run of one-stage tables takes its stage names and its journey's title from them."""
    top: int = 0
    left: int = 0
    bottom: int = 0
    right: int = 0
    """The rows and columns the filled cells span, kept up to date by `put`."""

    def put(self, row: int, column: int, value: str, where: str) -> None:
        """Keep a filled cell; refuse it, at `where`, when the grid would then span more
        than `MAX_CELLS` cells: a sparse sheet stops at its first cell too far out."""
        if not self.cells:
            self.top, self.left, self.bottom, self.right = row, column, row, column
        else:
            self.top, self.bottom = min(self.top, row), max(self.bottom, row)
            self.left, self.right = min(self.left, column), max(self.right, column)
        rows, columns = self.bottom - self.top + 1, self.right - self.left + 1
        if rows * columns > MAX_CELLS:
            span = f"{cell_name(self.top, self.left)}:{cell_name(self.bottom, self.right)}"
            raise ImportFailed(
                [
                    f"{where}: with this cell the grid spans {rows:,} rows x {columns:,} "
                    f"columns ({span}), more than the {MAX_CELLS:,} cells a journey map may "
                    "span; delete the cells outside the map"
                ]
            )
        self.cells[(row, column)] = value


def cell_name(row: int, column: int) -> str:
    letters = ""
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


# --- reading ------------------------------------------------------------------------------


def read_csv_grid(path: Path) -> Grid:
    """A CSV file as a grid, its reading notes (control characters replaced) in `notes`."""
    text = decode_text(read_bytes(path), str(path))
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ImportFailed([f"{path}:{line}: a NUL character; this is not a text CSV file"])
    try:
        dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    grid = Grid(str(path), title_from(path.stem))
    controls = ControlCharacters(grid.notes)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        for row_number, row in enumerate(reader, 1):
            for column, raw in enumerate(row, 1):
                if raw:
                    where = f"{grid.name}!{cell_name(row_number, column)}"
                    value = _clean(raw, where, controls)
                    if value.strip():
                        grid.put(row_number, column, value, where)
    except csv.Error as error:
        raise ImportFailed([csv_problem(path, reader.line_num, error)]) from None
    controls.finish(grid.name)
    return grid


def _clean(value: str, where: str, controls: ControlCharacters) -> str:
    """A cell's text as a map holds it: a vertical tab (a line break from Word) is a line
    break, CR and CRLF are LF, other control characters spaces (see ControlCharacters)."""
    return controls.clean(value.replace("\x0b", "\n"), lambda *_: where)


def read_xlsx_grids(path: Path, notes: list[str]) -> list[Grid]:
    """Every sheet as a grid; formulas kept as their text, never computed.

    The workbook is first read through as XML in bounded memory (`_screen`), which
    refuses what could make openpyxl slow or huge before openpyxl sees it: more than
    `MAX_CELLS` cells in a sheet, more elements or text than a map has, a DTD. Then
    openpyxl reads it in read-only mode, one row at a time, the grid checked cell by
    cell as it comes."""
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
            if unpacked > MAX_XLSX_UNPACKED:
                raise ImportFailed(
                    [
                        f"{path}: unpacks to {unpacked:,} bytes, more than the "
                        f"{MAX_XLSX_UNPACKED:,} an import of a map reads"
                    ]
                )
            merged = _screen(path, archive)
    except (zipfile.BadZipFile, EOFError, ValueError):
        raise ImportFailed([f"{path}: not an .xlsx file (it is not a zip archive)"]) from None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=False, read_only=True)
            try:
                grids = [
                    _sheet_grid(path, sheet, merged.get(sheet._worksheet_path, []), notes)
                    for sheet in workbook.worksheets
                ]
            finally:
                workbook.close()
        except ImportFailed:
            raise
        except Exception as error:  # openpyxl raises many kinds on broken files
            raise ImportFailed([f"{path}: cannot be read as an .xlsx workbook ({error})"]) from None
    notes += [f"{path}: openpyxl says: {warning.message}" for warning in caught]
    return grids


def _sheet_grid(path: Path, sheet: Any, merges: list[str], notes: list[str]) -> Grid:
    """One read-only sheet as a grid, row by row.

    openpyxl fills the gaps of a row up to its last cell, and yields an empty row for
    each row number skipped; both are counted, so a cell at XFD1048576 stops the
    reading at `MAX_CELLS` instead of a billion empty cells later."""
    from openpyxl.utils.cell import range_boundaries  # type: ignore[import-untyped]

    grid = Grid(f"{path}[{sheet.title}]", sheet.title, f"xlsx sheet {sheet.title!r}")
    controls = ControlCharacters(notes)
    sheet.reset_dimensions()  # the file's own <dimension> may lie: read the rows there are
    visited = 0
    for row_number, row in enumerate(sheet.iter_rows(), 1):
        visited += 1 + len(row)
        if visited > 2 * MAX_CELLS:
            raise ImportFailed(
                [
                    f"{grid.name}!{cell_name(row_number, max(len(row), 1))}: the sheet reaches "
                    f"past {MAX_CELLS:,} cells (empty and formatted cells counted); "
                    "a journey map has far fewer"
                ]
            )
        for cell in row:
            value = _cell_text(cell.value)
            if value is None:
                continue
            where = f"{grid.name}!{cell.coordinate}"
            value = _clean(value, where, controls)
            if not value.strip():
                continue
            if cell.data_type == "f" or value.startswith("="):
                notes.append(f"{where}: a formula, kept as its text {value[:40]!r}, not computed")
            grid.put(cell.row, cell.column, value, where)
    for reference in merges:
        try:
            left, top, right, bottom = range_boundaries(reference)
        except (ValueError, TypeError):
            left = top = right = bottom = None
        if None in (left, top, right, bottom):  # `A:B` or `1:2`, whole columns or rows
            notes.append(
                f"{grid.name}: merged range {reference[:40]!r} is not a range of cells; ignored"
            )
            continue
        grid.merged.append((top, left, bottom, right))
    controls.finish(grid.name)
    return grid


class _Refused(Exception):
    """The workbook is refused while it is screened; the message says where and why."""


@dataclass
class _Part:
    """What the screen keeps of one XML part of an .xlsx."""

    name: str
    root: str = ""
    elements: int = 0
    cells: int = 0
    merges: list[str] = field(default_factory=list)
    """`ref` of each `<mergeCell>`, in a sheet."""
    sheets: list[tuple[str, str]] = field(default_factory=list)
    """(name, relationship id) of each `<sheet>`, in the workbook."""
    targets: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Relationship id -> (type, target), in a `.rels` part."""


@dataclass
class _Budget:
    elements: int = MAX_XLSX_ELEMENTS
    text: int = MAX_XLSX_TEXT


def _screen(path: Path, archive: zipfile.ZipFile) -> dict[str, list[str]]:
    """Read every XML part once, as a stream of bounded memory, before openpyxl does;
    refuse the workbook as soon as one bound is crossed. Returns the merged ranges of
    each sheet (by part name): openpyxl's read-only sheets do not have them.

    * a `<!DOCTYPE>` anywhere: an .xlsx never has one; it is how XML reads other files
      (XXE) or expands entities without end (billion laughs);
    * more than `MAX_CELLS` cells in a sheet (a "cell bomb": millions of `<c/>` zip to
      a few hundred kilobytes), stopped at the cell past the limit;
    * more than `MAX_XLSX_ELEMENTS` elements or `MAX_XLSX_TEXT` characters in all,
      `MAX_XLSX_PART_ELEMENTS` in a part other than a sheet or the shared strings;
    * two sheets naming one part, which openpyxl would read once for each.
    """
    members = [
        info
        for info in archive.infolist()
        if not info.is_dir() and info.filename.lower().endswith((".xml", ".rels"))
    ]
    members.sort(key=lambda info: info.filename.lower().startswith("xl/worksheets/"))
    budget = _Budget()
    parts: dict[str, _Part] = {}
    sheet_names: dict[str, str] | None = None  # known once the workbook's parts are read
    for info in members:
        if info.filename.lower().startswith("xl/worksheets/") and sheet_names is None:
            sheet_names = _sheet_parts(path, parts)
        name = (sheet_names or {}).get(info.filename)
        label = f"{path}[{name}]" if name is not None else f"{path} ({info.filename})"
        parts[info.filename] = _screen_part(archive, info, label, budget)
    if sheet_names is None:
        _sheet_parts(path, parts)
    return {name: part.merges for name, part in parts.items() if part.merges}


def _sheet_parts(path: Path, parts: dict[str, _Part]) -> dict[str, str]:
    """Part name -> sheet name, as the workbook and its relationships say; refuses two
    sheets naming one part."""
    office = [
        target
        for kind, target in parts.get("_rels/.rels", _Part("")).targets.values()
        if kind.endswith("/officeDocument")
    ]
    workbook_name = _part_name("", office[0]) if office else "xl/workbook.xml"
    folder, _, base = workbook_name.rpartition("/")
    relationships = parts.get(f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels")
    names: dict[str, str] = {}
    for sheet, relationship in parts.get(workbook_name, _Part("")).sheets:
        if relationships is None or relationship not in relationships.targets:
            continue
        target = _part_name(folder, relationships.targets[relationship][1])
        if target in names:
            raise ImportFailed(
                [
                    f"{path}: sheets {names[target]!r} and {sheet!r} are both stored in "
                    f"{target}; Excel never writes that, and it would be read twice"
                ]
            )
        names[target] = sheet
    return names


def _part_name(folder: str, target: str) -> str:
    """A relationship's target as a name in the zip archive, as openpyxl resolves it."""
    if target.startswith("/"):
        return posixpath.normpath(target[1:])
    return posixpath.normpath(posixpath.join(folder, target))


def _screen_part(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, label: str, budget: _Budget
) -> _Part:
    """One XML part, read in chunks with expat: no tree is built, nothing is expanded."""
    part = _Part(info.filename)
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse_dtd(*_: object) -> None:
        raise _Refused(
            f"{label}: declares a DTD (<!DOCTYPE>); an .xlsx file never has one, and a DTD "
            "can make XML read other files or expand without end: not read"
        )

    def start(name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        part.elements += 1
        budget.elements -= 1
        budget.text -= sum(len(value) for value in attributes.values())
        if not part.root:
            part.root = local
        if budget.elements < 0 or budget.text < 0:
            raise _Refused(
                f"{label}: the workbook holds more than {MAX_XLSX_ELEMENTS:,} XML elements "
                f"or {MAX_XLSX_TEXT:,} characters of text; a journey map has far fewer"
            )
        if part.root not in ("worksheet", "sst") and part.elements > MAX_XLSX_PART_ELEMENTS:
            raise _Refused(
                f"{label}: more than {MAX_XLSX_PART_ELEMENTS:,} XML elements in one part "
                f"({part.root}); a journey map's workbook has far fewer"
            )
        if local == "c":
            part.cells += 1
            if part.cells > MAX_CELLS:
                raise _Refused(
                    f"{label}: more than {MAX_CELLS:,} cells (empty and formatted cells "
                    f"counted), stopped at cell {MAX_CELLS + 1:,}; a journey map has far fewer"
                )
        elif local == "mergeCell":
            part.merges.append(attributes.get("ref", ""))
        elif local == "sheet":
            relationship = next(
                (value for key, value in attributes.items() if key.endswith(" id")), ""
            )
            part.sheets.append((attributes.get("name", ""), relationship))
        elif local == "Relationship":
            part.targets[attributes.get("Id", "")] = (
                attributes.get("Type", ""),
                attributes.get("Target", ""),
            )

    def text(data: str) -> None:
        budget.text -= len(data)

    parser.StartDoctypeDeclHandler = refuse_dtd
    parser.EntityDeclHandler = refuse_dtd
    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(1 << 16):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Refused as refused:
        raise ImportFailed([str(refused)]) from None
    except expat.ExpatError as error:
        raise ImportFailed(
            [f"{label}: not well-formed XML ({expat.ErrorString(error.code)}, line {error.lineno})"]
        ) from None
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,
        zlib.error,
    ) as error:
        raise ImportFailed([f"{label}: cannot be unpacked ({error})"]) from None
    return part


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


def title_from(stem: str) -> str:
    words = re.sub(r"[_\-]+", " ", stem).strip()
    return words[:1].upper() + words[1:] if words else "Imported journey"


# --- the layout ---------------------------------------------------------------------------


def grid_journey(
    grid: Grid, title: str, placer: StagePlacer, stage_count: StageCount
) -> dict[str, Any] | None:
    """A grid with the stages as columns and a row per kind, as a journey (no id yet)."""
    notes, problems = placer.notes, placer.problems
    rows = sorted({row for row, _ in grid.cells})
    columns = sorted({column for _, column in grid.cells})
    header_row, label_column, last_row, last_column = rows[0], columns[0], rows[-1], columns[-1]
    if (last_row - header_row + 1) * (last_column - label_column + 1) > MAX_CELLS:
        # The readers stop at the cell that crosses this; a grid made otherwise stops here.
        problems.append(f"{grid.name}: spans more than the {MAX_CELLS:,} cells a map may span")
        return None
    check_length(title, NAME_MAX, grid.name, "the journey title", problems)
    corner = grid.cells.get((header_row, label_column), "")
    if normalise_label(corner) not in STAGE_HEADERS:
        notes.append(
            f"{grid.name}!{cell_name(header_row, label_column)}: {corner[:60]!r} is taken as "
            "the label of the stage row; not kept"
        )
    origins, ranges = _merged_index(
        grid, (header_row, label_column, last_row, last_column), problems
    )
    filled_columns = set(columns)
    cells_by_row: dict[int, list[int]] = {}
    for row, column in sorted(grid.cells):
        if column > label_column:
            cells_by_row.setdefault(row, []).append(column)
    # Stage columns: a named header cell starts a stage; columns merged into it belong to it.
    group_of: dict[int, int] = {}
    stage_names: dict[int, str] = {}
    for column in range(label_column + 1, last_column + 1):
        _, left = origins.get((header_row, column), (header_row, column))
        if left != column and left in stage_names:
            group_of[column] = left
            continue
        name = grid.cells.get((header_row, column), "").strip()
        if name:
            stage_names[column] = name
            group_of[column] = column
        elif column in filled_columns:
            placer.drop(
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
        stage_count.add(where)
        stages[column] = {"id": stage_ids.take(name, "stage"), "name": name}
    if problems:  # too many stages, a name too long: said; filling them would be wasted work
        return None
    values: dict[int, dict[str, list[tuple[str, str]]]] = {c: {} for c in stages}
    emotion_row = 0  # the first row of emotions: its label may name their scale
    for row in range(header_row + 1, last_row + 1):
        label_row, _ = origins.get((row, label_column), (row, label_column))
        label = grid.cells.get((label_row, label_column), "")
        row_cells = cells_by_row.get(row, [])
        kind = row_kind(label) if label.strip() else None
        if kind is None:
            if label.strip() and row_cells:
                placer.drop(
                    f"{grid.name}!{cell_name(label_row, label_column)}: row {label.strip()[:60]!r} "
                    "is not a row a journey map has; not read"
                )
            elif label.strip() and label_row == row:
                notes.append(
                    f"{grid.name}!{cell_name(label_row, label_column)}: row {label.strip()[:60]!r} "
                    "is empty and not a row a journey map has"
                )
            elif row_cells and not label.strip():
                placer.drop(
                    f"{grid.name}!{cell_name(row, label_column)}: row without a name; not read"
                )
            continue
        if kind == "emotion" and not emotion_row:
            emotion_row = label_row
        for column in row_cells:
            covered = range(column, column + 1)
            if (row, column) in ranges:  # the top-left cell of a merged range: all its columns
                _, first, _, last = ranges[(row, column)]
                covered = range(first, min(last, last_column) + 1)
            targets = sorted({group_of[c] for c in covered if c in group_of})
            where = f"{grid.name}!{cell_name(row, column)}"
            if not targets:
                continue
            if len(targets) > 1:
                notes.append(f"{where}: merged across {len(targets)} stages; given to each of them")
            for target in targets:
                values[target].setdefault(kind, []).append((grid.cells[(row, column)], where))
    emotion_texts = [text for by_kind in values.values() for text, _ in by_kind.get("emotion", [])]
    emotions = None
    if emotion_texts and emotion_row:
        label = grid.cells.get((emotion_row, label_column), "")
        place = f"{grid.name}!{cell_name(emotion_row, label_column)}"
        emotions = EmotionReader(emotion_texts, label, place, notes)
    result = []
    stakeholders: list[str] = []
    for column, stage in stages.items():
        stakeholders += placer.fill(stage, values[column], emotions)
        result.append(stage)
    return journey_from(title, result, stakeholders)


def _merged_index(
    grid: Grid, extent: tuple[int, int, int, int], problems: list[str]
) -> tuple[
    dict[tuple[int, int], tuple[int, int]], dict[tuple[int, int], tuple[int, int, int, int]]
]:
    """(cell -> top-left cell of the merged range covering it, top-left cell -> range), for
    the cells of the grid's extent: ranges are cut to it, so `A1:XFD1048576` costs no
    more than the grid. Each cell is given to one range, so the work is the grid's size;
    ranges that overlap (Excel never writes them) are an error at the first shared cell."""
    first_row, first_column, last_row, last_column = extent
    origins: dict[tuple[int, int], tuple[int, int]] = {}
    ranges: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for merged in grid.merged:
        top, left, bottom, right = merged
        ranges.setdefault((top, left), merged)
        for row in range(max(top, first_row), min(bottom, last_row) + 1):
            for column in range(max(left, first_column), min(right, last_column) + 1):
                if (row, column) in origins:
                    first = cell_name(*origins[(row, column)])
                    problems.append(
                        f"{grid.name}!{cell_name(row, column)}: the merged ranges starting at "
                        f"{first} and at {cell_name(top, left)} overlap; Excel never writes "
                        "that: unmerge them and merge again"
                    )
                    return origins, ranges
                origins[(row, column)] = (top, left)
    return origins, ranges
