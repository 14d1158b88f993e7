"""Tables in Markdown (pipe tables) and HTML (`<table>`) as grids, for `tables.py`.

A journey map kept in a wiki or a README is a table: stages as columns with a row per
kind, or a row per step. Each table becomes a `Grid` like a CSV file's, named after the
file and the line the table starts on, with its title from the heading above it (or an
HTML `<caption>`). Cells are text: `<br>` is a line break, entities are decoded, other
tags are dropped with their text kept. `colspan` and `rowspan` become merged ranges, as
in a workbook.
"""

from __future__ import annotations

import html
import itertools
import re
from html.parser import HTMLParser
from typing import TYPE_CHECKING

from . import ControlCharacters, ImportFailed
from .spreadsheet import MAX_CELLS, Grid, cell_name, title_from

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["has_tables", "html_tables", "markdown_tables"]

_DELIMITER_CELL = re.compile(r"\s*:?-{1,}:?\s*")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_BREAK = re.compile(r"<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]{0,1000}>")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
MAX_TAG = 10_000
"""Longest HTML tag read as a tag: a table cell's tag is a few dozen characters."""
MAX_SPAN = 1_000
"""Most columns or rows one HTML cell may span: a map has dozens."""


def _cells(line: str) -> list[str]:
    """The cells of a pipe-table line: split at `|` not escaped, outer pipes dropped."""
    body = line.strip()
    body = body.removeprefix("|")
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells, current, escaped = [], [], False
    for character in body:
        if escaped:
            current.append(character if character == "|" else "\\" + character)
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == "|":
            cells.append("".join(current))
            current = []
        else:
            current.append(character)
    cells.append("".join(current) + ("\\" if escaped else ""))
    return cells


def _is_delimiter(line: str) -> bool:
    cells = _cells(line)
    return "|" in line and bool(cells) and all(_DELIMITER_CELL.fullmatch(c) for c in cells)


def _cell_text(raw: str) -> str:
    """A Markdown cell as text: `<br>` a line break, other tags dropped, entities decoded."""
    return html.unescape(_TAG.sub("", _BREAK.sub("\n", raw))).strip()


def has_tables(text: str) -> bool:
    """Whether the text holds a pipe table (a line with `|` above a delimiter row) or an
    HTML `<table>`: a quick look, for detection, without building the grids."""
    if "<table" in text.translate(_ASCII_LOWER):
        return True
    lines = text.split("\n")
    return any(
        "|" in line and "-" in following and _is_delimiter(following)
        for line, following in itertools.pairwise(lines)
    )


def markdown_tables(path: Path, text: str, notes: list[str]) -> list[Grid]:
    """Every pipe table of a Markdown file, outside code fences, as a grid whose rows are
    the file's line numbers (so `map.md!B14` is column B of line 14)."""
    lines = text.split("\n")
    grids: list[Grid] = []
    headings: list[tuple[int, str]] = []
    fence = ""
    index = 0
    controls = ControlCharacters(notes)
    while index < len(lines):
        line = lines[index]
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            index += 1
            continue
        if opened:
            fence = opened.group(1)
            index += 1
            continue
        title = _HEADING.match(line)
        if title:
            _enter_heading(headings, len(title.group(1)), _cell_text(title.group(2)))
        if "|" in line and index + 1 < len(lines) and _is_delimiter(lines[index + 1]):
            heading, section = _heading_and_section(headings)
            grid = Grid(
                f"{path}",
                heading or title_from(path.stem),
                "Markdown table",
                file=str(path),
                heading=heading,
                section=section,
            )
            rows = [(index + 1, line)]
            index += 2
            while index < len(lines) and "|" in lines[index] and lines[index].strip():
                rows.append((index + 1, lines[index]))
                index += 1
            for number, row in rows:
                for column, raw in enumerate(_cells(row), 1):
                    where = f"{grid.name}!{cell_name(number, column)}"
                    value = controls.clean(_cell_text(raw), lambda *_, w=where: w)
                    if value.strip():
                        grid.put(number, column, value, where)
            grids.append(grid)
            continue
        index += 1
    controls.finish(str(path))
    return grids


def _enter_heading(headings: list[tuple[int, str]], level: int, text: str) -> None:
    """The open headings after a heading of `level`: it closes those at its level and below."""
    while headings and headings[-1][0] >= level:
        headings.pop()
    headings.append((level, text))


def _heading_and_section(headings: list[tuple[int, str]]) -> tuple[str, str]:
    """The heading last opened and the one that holds it, "" where there is none."""
    heading = headings[-1][1] if headings else ""
    section = headings[-2][1] if len(headings) > 1 else ""
    return heading, section


class _TableParser(HTMLParser):
    """Top-level `<table>`s as rows of (text, colspan, rowspan) cells; tables inside a cell
    are read as that cell's text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[int, str, tuple[str, str], list[list[tuple[str, int, int]]]]] = []
        """(line, title, (heading, section), rows) of each table."""
        self.depth = 0
        self.heading: list[str] | None = None
        self.heading_level = 0
        self.headings: list[tuple[int, str]] = []
        self.caption: list[str] | None = None
        self.cell: list[str] | None = None
        self.spans = (1, 1)
        self.rows: list[list[tuple[str, int, int]]] = []
        self.line = 0
        self.title = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.rows, self.line = [], self.getpos()[0]
                self.title = _heading_and_section(self.headings)[0]
        elif self.depth != 1:
            if tag == "br" and self.cell is not None:
                self.cell.append("\n")
            elif re.fullmatch(r"h[1-6]", tag) and self.depth == 0:
                self.heading, self.heading_level = [], int(tag[1])
        elif tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            if not self.rows:
                self.rows.append([])
            values = dict(attrs)
            self.spans = (_span(values.get("colspan")), _span(values.get("rowspan")))
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")
        elif tag == "caption":
            self.caption = []
        elif tag in ("p", "li", "div") and self.cell:
            self.cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table" and self.depth:
            self.depth -= 1
            if self.depth == 0:
                headings = _heading_and_section(self.headings)
                self.tables.append((self.line, self.title, headings, self.rows))
        elif re.fullmatch(r"h[1-6]", tag) and self.heading is not None:
            text = " ".join("".join(self.heading).split())
            _enter_heading(self.headings, self.heading_level, text)
            self.heading = None
        elif self.depth == 1 and tag in ("td", "th") and self.cell is not None:
            self.rows[-1].append(("".join(self.cell), *self.spans))
            self.cell = None
        elif tag == "caption" and self.caption is not None:
            self.title = " ".join("".join(self.caption).split())
            self.caption = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)
        elif self.caption is not None:
            self.caption.append(data)
        elif self.heading is not None:
            self.heading.append(data)


def _span(value: str | None) -> int:
    try:
        return min(MAX_SPAN, max(1, int(value or "1")))
    except ValueError:
        return 1


def _closed_tags(text: str) -> str:
    """`text` with every `<` that opens no tag it closes (no `>` before the next `<`, or a
    tag longer than `MAX_TAG`) written as `&lt;`, in one pass.

    Python's HTMLParser retries an unclosed `<div class="x"` at every following `<`,
    each time scanning to the end: 1 MB of them took minutes. With every `<` closed by
    its own `>`, each tag is parsed once."""
    pieces: list[str] = []
    position = 0
    closing = -2  # the next `>` at or after the current `<`, found once per stretch
    start = text.find("<")
    while start != -1:
        following = text.find("<", start + 1)
        if closing != -1 and closing < start:
            closing = text.find(">", start)
        if closing == -1 or (following != -1 and following < closing) or closing - start > MAX_TAG:
            pieces += [text[position:start], "&lt;"]
            position = start + 1
        start = following
    return "".join(pieces) + text[position:]


def html_tables(path: Path, text: str, notes: list[str]) -> list[Grid]:
    """Every top-level `<table>` of an HTML (or Markdown) file as a grid named after the
    line the table starts on: `page.html:12!B3` is the third row's second cell."""
    parser = _TableParser()
    try:
        parser.feed(_closed_tags(text))
        parser.close()
    except (AssertionError, ValueError) as error:  # HTMLParser's own refusals
        raise ImportFailed([f"{path}: cannot be read as HTML ({error})"]) from None
    controls = ControlCharacters(notes)
    grids = []
    for line, title, (heading, section), rows in parser.tables:
        grid = Grid(
            f"{path}:{line}",
            title or title_from(path.stem),
            "HTML table",
            file=str(path),
            heading=heading,
            section=section,
        )
        taken: set[tuple[int, int]] = set()
        for row_number, row in enumerate(rows, 1):
            column = 1
            for raw, colspan, rowspan in row:
                while (row_number, column) in taken:
                    column += 1
                where = f"{grid.name}!{cell_name(row_number, column)}"
                value = controls.clean(raw.strip(), lambda *_, w=where: w)
                value = "\n".join(part.strip() for part in value.split("\n") if part.strip())
                if value:
                    grid.put(row_number, column, value, where)
                if colspan > 1 or rowspan > 1:
                    last_row, last_column = row_number + rowspan - 1, column + colspan - 1
                    grid.merged.append((row_number, column, last_row, last_column))
                    spanned = (last_row - row_number + 1) * (last_column - column + 1)
                    if len(taken) + spanned > MAX_CELLS:
                        raise ImportFailed(
                            [
                                f"{where}: with this cell's colspan and rowspan the table spans "
                                f"more than the {MAX_CELLS:,} cells a journey map may span"
                            ]
                        )
                    taken |= {
                        (r, c)
                        for r in range(row_number, last_row + 1)
                        for c in range(column, last_column + 1)
                    }
                column += colspan
        grids.append(grid)
    controls.finish(str(path))
    return grids
