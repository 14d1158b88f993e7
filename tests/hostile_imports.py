"""Hostile inputs for `journey-maps import`, built on the fly: the files of issue 19.

Each builder writes one file (or workbook) into a folder and returns its path. The sizes
default to the issue's; the tests pass about 1 MB. `tests/core/importers/test_import.py` runs the import
on each in a fresh process with a time bound; the same builders reproduce the numbers
in the issue's before/after table.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# --- Mermaid --------------------------------------------------------------------------------


def unclosed_directives(folder: Path, size: int = 240_000) -> Path:
    """A journey whose body is `%%{` over and over, never closed: each one used to make the
    directive pattern scan to the end of the file."""
    path = folder / "unclosed.mmd"
    head = "journey\ntitle Unclosed\nsection A\n  Task: 3: Me\n"
    path.write_text(head + "%%{" * ((size - len(head)) // 3) + "\n", encoding="utf-8")
    return path


def repeated_sections(folder: Path, count: int = 20_000) -> Path:
    """`count` sections of one name (and one task): each new one used to count up from `-2`."""
    path = folder / "sections.mmd"
    path.write_text(
        "journey\ntitle Repeated\nsection S\n  Task: 3: Me\n" + "section S\n" * (count - 1),
        encoding="utf-8",
    )
    return path


def score(folder: Path, value: str) -> Path:
    """One task whose score is `value` (`inf`, `nan`, `1e999`...)."""
    path = folder / "score.mmd"
    path.write_text(f"journey\ntitle Scores\nsection A\n  Task: {value}: Me\n", encoding="utf-8")
    return path


def nested_front_matter(folder: Path, depth: int = 300_000) -> Path:
    """A Markdown page whose mermaid fence opens with front matter nested `depth` deep."""
    path = folder / "nested.md"
    path.write_text(
        "# Notes\n\n```mermaid\n---\ntitle: "
        + "[" * depth
        + "\n---\njourney\nsection A\n  Task: 3: Me\n```\n",
        encoding="utf-8",
    )
    return path


def control_characters_mermaid(folder: Path) -> Path:
    """Task names with ESC, BEL and a C1 CSI: terminal escapes and invisible junk."""
    path = folder / "controls.mmd"
    path.write_text(
        "journey\ntitle Con\x07trols\nsection St\x1bage\n  Ta\x9bsk one: 3: Me\n",
        encoding="utf-8",
    )
    return path


# --- CSV grids and exports ------------------------------------------------------------------


def sparse_grid(folder: Path, columns: int = 20_000, rows: int = 4_000) -> Path:
    """One stage name, then `columns` empty columns and a last cell, then `rows` rows with a
    single cell each: a few kilobytes that span rows x columns cells."""
    path = folder / "sparse.csv"
    header = "Stage,Discover" + "," * columns + "x\n"
    path.write_text(header + "Steps\n" * rows, encoding="utf-8")
    return path


def grid_emotions(folder: Path, value: str) -> Path:
    path = folder / "emotions.csv"
    path.write_text(f"Stage,Discover\nSteps,Searches\nEmotion,{value}\n", encoding="utf-8")
    return path


def control_characters_grid(folder: Path) -> Path:
    path = folder / "controls.csv"
    path.write_text(
        'Stage,Disc\x1bover\nSteps,"Sea\x07rches\r\nReads"\nPain points,Ja\x9brgon\n',
        encoding="utf-8",
    )
    return path


GOLDEN_EXPORTS = ROOT / "tests" / "golden" / "small" / "files" / "journeys"
"""steps.csv, pain-points.csv and opportunities.csv of the small fixture handbook."""
SMALL_CATALOG = ROOT / "tests" / "fixtures" / "small" / "journeys" / "_catalog.yml"


def exports(
    folder: Path, *, edit: str = "", row: int = 1, cells: list[str] | None = None
) -> list[Path]:
    """The small handbook's three CSV exports, with row `row` of the `edit` export
    replaced by `cells` (written as CSV): a short row, a NaN, a deeply nested JSON cell."""
    paths = []
    for name in ("steps.csv", "pain-points.csv", "opportunities.csv"):
        text = (GOLDEN_EXPORTS / name).read_text(encoding="utf-8")
        if name == edit and cells is not None:
            rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
            rows[row] = cells
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\r\n").writerows(rows)
            text = buffer.getvalue()
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def export_row(name: str, row: int = 1) -> dict[str, str]:
    """Row `row` of one golden export as column -> cell, to edit and give to `exports`."""
    text = (GOLDEN_EXPORTS / name).read_text(encoding="utf-8").removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return dict(zip(rows[0], rows[row], strict=True))


def nested_catalog(folder: Path, depth: int = 400_000) -> Path:
    """A `_catalog.yml` nested `depth` deep, in the folder the import writes to."""
    path = folder / "_catalog.yml"
    path.write_text("touchpoints: " + "[" * depth + "\n", encoding="utf-8")
    return path


# --- xlsx, written as raw parts so that huge sheets stay small and quick to build ------------

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
{extra}</Types>"""
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="Map" sheetId="1" r:id="rId1"/></sheets>
</workbook>"""
_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
{extra}</Relationships>"""
_SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _text_cell(reference: str, text: str) -> str:
    return f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>'


def workbook_parts(
    path: Path,
    sheet_rows: list[str] | None = None,
    *,
    sheet_xml: str | None = None,
    merges: list[str] | None = None,
    shared_strings: str | None = None,
    styles: str | None = None,
    prolog: str = "",
) -> Path:
    """An .xlsx of one sheet named `Map`: its rows (or its whole XML), merged ranges and,
    optionally, shared strings and styles parts; `prolog` goes before the sheet's root."""
    if sheet_xml is None:
        merged = ""
        if merges:
            merged = f'<mergeCells count="{len(merges)}">' + "".join(
                f'<mergeCell ref="{m}"/>' for m in merges
            )
            merged += "</mergeCells>"
        sheet_xml = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{prolog}'
            f"<worksheet {_SHEET_NS}><sheetData>{''.join(sheet_rows or [])}</sheetData>"
            f"{merged}</worksheet>"
        )
    types_extra = rels_extra = ""
    extra_parts = {"sharedStrings": shared_strings, "styles": styles}
    for number, (kind, content) in enumerate(extra_parts.items(), 2):
        if content is None:
            continue
        types_extra += (
            f'<Override PartName="/xl/{kind}.xml" ContentType="application/'
            f'vnd.openxmlformats-officedocument.spreadsheetml.{kind}+xml"/>\n'
        )
        rels_extra += (
            f'<Relationship Id="rId{number}" Type="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships/{kind}" Target="{kind}.xml"/>\n'
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES.format(extra=types_extra))
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.format(extra=rels_extra))
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        for kind, content in extra_parts.items():
            if content is not None:
                archive.writestr(f"xl/{kind}.xml", content)
    path.write_bytes(buffer.getvalue())
    return path


def merged_cells_workbook(folder: Path, stages: int = 50, rows: int = 700) -> Path:
    """`stages` stage names, each over two merged columns, and `rows` rows of thoughts
    merged the same way: every cell used to be looked up in the list of every merged
    range (35,050 of them here)."""
    merges, lines = [], []
    for number in range(1, rows + 2):
        label = "Stage" if number == 1 else "Thoughts"
        cells = [_text_cell(f"A{number}", label)]
        for stage in range(stages):
            left, right = _column(2 + 2 * stage), _column(3 + 2 * stage)
            text = f"Stage {stage}" if number == 1 else "t"
            cells.append(_text_cell(f"{left}{number}", text))
            merges.append(f"{left}{number}:{right}{number}")
        lines.append(f'<row r="{number}">{"".join(cells)}</row>')
    return workbook_parts(folder / "merged.xlsx", lines, merges=merges)


def cell_bomb_workbook(folder: Path, cells: int = 6_500_000, per_row: int = 1_000) -> Path:
    """Millions of one-digit cells without references: a few hundred kilobytes zipped."""
    row = "<row>" + "<c><v>1</v></c>" * per_row + "</row>"
    rows = [row] * (cells // per_row)
    return workbook_parts(folder / "bomb.xlsx", rows)


def one_row_bomb_workbook(folder: Path, cells: int = 20_000_000) -> Path:
    """One row of millions of empty cells: a reader that builds a whole row at once holds
    every cell of it in memory."""
    return workbook_parts(folder / "row-bomb.xlsx", ["<row>" + "<c/>" * cells + "</row>"])


def styles_bomb_workbook(folder: Path, styles: int = 1_000_000) -> Path:
    """A million cell formats in 45 KB: openpyxl builds an object for each (36 s, 800 MB)."""
    xml = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet {_SHEET_NS}>'
        f'<cellXfs count="{styles}">' + '<xf numFmtId="0"/>' * styles + "</cellXfs></styleSheet>"
    )
    rows = [f'<row r="1">{_text_cell("A1", "Stage")}{_text_cell("B1", "Discover")}</row>']
    return workbook_parts(folder / "styles.xlsx", rows, styles=xml)


def control_characters_workbook(folder: Path) -> Path:
    """Cells with a C1 control (CSI, U+009B) and NEL (U+0085): both are allowed in XML."""
    stage, step = _text_cell("B1", "Disc\u009bover"), _text_cell("B2", "Sea\u0085rches")
    rows = [
        f'<row r="1">{_text_cell("A1", "Stage")}{stage}</row>',
        f'<row r="2">{_text_cell("A2", "Steps")}{step}</row>',
    ]
    return workbook_parts(folder / "controls.xlsx", rows)


def external_entity_workbook(folder: Path, target: Path) -> Path:
    """A sheet whose DTD declares an external entity naming `target` (XXE)."""
    prolog = f'<!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file://{target}">]>\n'
    rows = [
        f'<row r="1">{_text_cell("A1", "Stage")}{_text_cell("B1", "Discover")}</row>',
        f'<row r="2">{_text_cell("A2", "Steps")}{_text_cell("B2", "&secret;")}</row>',
    ]
    return workbook_parts(folder / "xxe.xlsx", rows, prolog=prolog)


def billion_laughs_workbook(folder: Path) -> Path:
    """Ten levels of ten entities each: 10^10 'lol's if expanded."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)
    ]
    prolog = f"<!DOCTYPE worksheet [{''.join(entities)}]>\n"
    rows = [
        f'<row r="1">{_text_cell("A1", "Stage")}{_text_cell("B1", "&lol9;")}</row>',
    ]
    return workbook_parts(folder / "laughs.xlsx", rows, prolog=prolog)


def _column(number: int) -> str:
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def padded(path: Path, size: int = 1_000_000, filler: str = "\n") -> Path:
    """`path` with `filler` lines appended until it is about `size` bytes: the same input,
    as big as the time bound of the tests is meant for."""
    text = path.read_text(encoding="utf-8")
    count = max(0, (size - len(text.encode("utf-8"))) // len(filler.encode("utf-8")))
    path.write_text(text + filler * count, encoding="utf-8")
    return path


# --- running the command in a fresh process --------------------------------------------------


def run_import(
    arguments: list[str], cwd: Path, timeout: float = 10
) -> subprocess.CompletedProcess[str]:
    """`journey-maps import ...` in its own process, killed after `timeout` seconds."""
    return subprocess.run(
        [sys.executable, "-m", "journey_maps.cli", "import", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


# --- the shapes of issue 24: HTML and Markdown pages, long tables, maps-as-code YAML ------------


def shape_file(folder: Path, name: str, size: int = 1_000_000) -> Path:
    """One hostile file of about `size` bytes per shape a detecting import reads: tags and
    blocks that never close, tables wider or more spanned than a map, cells of thousands
    of items, a file of document markers or of aliases."""
    count = size // 20
    texts = {
        "unclosed-tags.html": '<div class="mermaid"' * (size // 20),
        "unclosed-blocks.html": '<div class="mermaid">journey\n' * (size // 28),
        "many-pres.md": "<pre>x" * (size // 6)
        + '<div class="mermaid">journey\nsection A\n  T: 3: Me\n</div>\n',
        "wide-table.md": "| Stage "
        + "| a " * (size // 8)
        + "|\n|---"
        + "|---" * (size // 8)
        + "|\n",
        "spans.html": "<table><tr><td>Stage</td><td>A</td></tr><tr>"
        + '<td colspan="1000" rowspan="1000">x</td>' * (size // 40)
        + "</tr></table>",
        "comma-cell.csv": "step,stage,pain points\nS,T," + '"' + "a," * (size // 2 - 10) + '"\n',
        "long-rows.csv": "step,stage,emotion\n"
        + "".join(f"Step {n},Stage,3\n" for n in range(count)),
        "markers.yaml": "phases: []\n" + "---\n" * (size // 4),
        "aliases.yaml": "a: &a ["
        + "x, " * 1000
        + "]\n"
        + "b: &b ["
        + "*a, " * 1000
        + "]\nphases:\n  - name: ["
        + "*b, " * 1000
        + "]\n",
        "nested.yaml": "phases:\n  - name: " + "[" * (size // 2) + "\n",
    }
    path = folder / name
    path.write_text(texts[name], encoding="utf-8")
    return path


SHAPE_FILES = (
    "unclosed-tags.html",
    "unclosed-blocks.html",
    "many-pres.md",
    "wide-table.md",
    "spans.html",
    "comma-cell.csv",
    "long-rows.csv",
    "markers.yaml",
    "aliases.yaml",
    "nested.yaml",
)
