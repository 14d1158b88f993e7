"""`journey-maps import`: Mermaid journeys, spreadsheet grids and the handbook's own CSV
exports become persona files that validate; hostile input gets clear errors."""

from __future__ import annotations

import json
import re
import shutil
from typing import TYPE_CHECKING

import hostile_imports as hostile
import pytest
from conftest import FIXTURES, ROOT, page_context

from journey_maps.cli import main
from journey_maps.importers import ImportFailed
from journey_maps.importers.handbook_exports import _text as export_text
from journey_maps.importers.handbook_exports import steps_header as import_header
from journey_maps.importers.mermaid import find_diagrams
from journey_maps.importers.run import run_import
from journey_maps.importers.slugs import Slugger
from journey_maps.site.exports import _csv as spreadsheet_csv
from journey_maps.site.exports import steps_header as export_header
from journey_maps.site.extra_files import generate_files
from journey_maps.source.handbook import (
    MAX_STAGES_PER_FILE,
    MAX_STAGES_PER_JOURNEY,
    load_handbook,
)
from journey_maps.source.model import is_slug
from journey_maps.views.export_columns import runs_as_formula

if TYPE_CHECKING:
    import subprocess
    from collections.abc import Callable
    from pathlib import Path

IMPORT_FIXTURES = FIXTURES / "import"
SMALL_CATALOG = hostile.SMALL_CATALOG.read_text(encoding="utf-8")
"""The catalog of the small fixture handbook, whose exports tests/golden/small holds."""
MODELINE = "# yaml-language-server: $schema=_schema/persona.schema.json\n"
CATALOG = """\
channels: [{id: web, name: Website}]
teams: [{id: growth, name: Growth}]
touchpoints: [{id: pricing-page, name: Pricing page, channel: web, owner: growth}]
"""


def journeys_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "_catalog.yml").write_text(CATALOG, encoding="utf-8")
    return folder


def imported(tmp_path: Path, kind: str, *files: Path, **options: str) -> tuple[Path, dict]:
    folder = journeys_folder(tmp_path)
    args = ["import", kind, *map(str, files), "--dir", str(folder), "--persona", "maya"]
    for key, value in options.items():  # an empty value: a flag such as --allow-partial
        args += [f"--{key.replace('_', '-')}", value] if value else [f"--{key.replace('_', '-')}"]
    assert main(args) == 0
    handbook = load_handbook(folder, tmp_path)
    return folder, {p.id: p for p in handbook.personas}


# --- Mermaid --------------------------------------------------------------------------------


def test_mermaid_documentation_examples(tmp_path: Path) -> None:
    folder, personas = imported(tmp_path, "mermaid", IMPORT_FIXTURES / "mermaid-docs.md")
    text = (folder / "maya.yml").read_text(encoding="utf-8")
    assert text.startswith(MODELINE)
    assert (folder / "_schema" / "persona.schema.json").is_file()
    first, second = personas["maya"].journeys
    assert first.title == "My working day"
    assert first.id == "my-working-day"
    assert second.id == "my-working-day-2"  # collisions numbered
    assert [s.name for s in first.stages] == ["Go to work", "Go home"]
    assert [(s.action, s.emotion, s.actors) for s in first.stages[0].steps] == [
        ("Make tea", 5, ["Me"]),
        ("Go upstairs", 3, ["Me"]),
        ("Do work", 1, ["Me", "Cat"]),
    ]
    assert second.scenario == "My User Journey Diagram Description"


def test_mermaid_grammar_everything_read_or_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, personas = imported(tmp_path, "mermaid", IMPORT_FIXTURES / "grammar.mmd")
    notes = capsys.readouterr().err
    journey = personas["maya"].journeys[0]
    assert journey.title == "Renewing a policy"  # from the front matter
    assert journey.scenario == "The renewal, from\nreminder to payment"
    reminder, payment = journey.stages
    assert reminder.steps[0].action == "Opens the email: renewal due"  # #58; decoded
    assert reminder.steps[1].action == 'Calls "Support"'
    assert reminder.steps[1].actors == ["Maya", "Agent"]
    assert payment.steps[0].emotion == 5
    for reported in ("front matter config", "directive", "'extra'", "score 9", "'soon'"):
        assert reported in notes


def test_mermaid_non_journey_blocks_are_reported(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("```mermaid\nflowchart LR\n  A --> B\n```\n", encoding="utf-8")
    diagrams, notes = find_diagrams(page, page.read_text(encoding="utf-8"))
    assert diagrams == []
    assert "flowchart" in notes[0]


# --- grid -----------------------------------------------------------------------------------


def test_grid_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, personas = imported(
        tmp_path,
        "csv",
        IMPORT_FIXTURES / "grid.csv",
        persona_name="Maya Chen",
        persona_role="First-time buyer",
        title="Buying a policy",
    )
    captured = capsys.readouterr()
    notes = captured.err
    journey = personas["maya"].journeys[0]
    assert journey.title == "Buying a policy"
    discover, compare, buy = journey.stages
    assert [s.action for s in discover.steps] == ["Searches online", "Reads a blog post"]
    assert compare.steps[0].touchpoint == "pricing-page"
    assert [s.emotion for s in compare.steps] == [3, 2]
    assert buy.emotion == 4  # "positive"
    assert compare.feeling == "Overwhelmed"
    assert [p.title for p in compare.pain_points] == ["Jargon in the quote", "Long hold times"]
    assert compare.metrics[0].value == "12%"
    text = (folder / "maya.yml").read_text(encoding="utf-8")
    assert "# touchpoints:" in text
    assert "#     channel: web" in text  # from the Channels row, a channel of the catalog
    assert "Phone line" in notes
    assert (
        "Detected: grid, stages as columns (CSV): 37 filled cells \u2192 3 stages, 5 steps"
        in captured.out
    )


def test_template_csv_imports(tmp_path: Path) -> None:
    """The template the guide offers for download imports as written: one journey with the
    template's stages in order, each with the steps of its column."""
    _, personas = imported(tmp_path, "csv", ROOT / "docs" / "assets" / "journey-map-template.csv")
    (journey,) = personas["maya"].journeys
    assert [stage.name for stage in journey.stages] == [
        "Awareness",
        "Consideration",
        "Purchase",
        "Onboarding",
    ]
    assert [step.action for step in journey.stages[1].steps] == ["Compares prices", "Reads reviews"]


def workbook(path: Path) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Buying"
    sheet.append(["Stage", "Discover", None, "Buy"])
    sheet.merge_cells("B1:C1")  # one stage over two columns
    sheet.append(["Actions", "Searches", "Reads reviews", '=HYPERLINK("http://x","Pays")'])
    sheet.append(["Emotion", 4, None, 2])
    sheet.append(["Support", "CRM", None, None])
    sheet.merge_cells("B4:D4")  # across both stages
    sheet.append(["Weather", "sunny", None, None])
    book.create_sheet("Empty")
    book.save(path)
    return path


def test_xlsx_merged_cells_formulas_and_empty_sheets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = workbook(tmp_path / "map.xlsx")
    _, personas = imported(tmp_path, "xlsx", source, allow_partial="")
    notes = capsys.readouterr().err
    (journey,) = personas["maya"].journeys
    discover, buy = journey.stages
    assert [s.action for s in discover.steps] == ["Searches", "Reads reviews"]
    assert buy.steps[0].action == '=HYPERLINK("http://x","Pays")'  # text, never evaluated
    assert discover.support == ["CRM"]
    assert buy.support == ["CRM"]
    assert "formula" in notes
    assert "[Empty]: empty; skipped" in notes
    assert "A5: row 'Weather'" in notes


# --- hostile input --------------------------------------------------------------------------


def test_broken_encoding_has_a_position(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_bytes(b"Stage,One\nSteps,caf\xe9\n")
    with pytest.raises(ImportFailed) as error:
        run_import("csv", [bad], journeys_folder(tmp_path), modeline=MODELINE)
    assert "bad.csv:2:10: byte 0xE9 is not UTF-8" in str(error.value)


def test_huge_cell_is_a_clear_error(tmp_path: Path) -> None:
    huge = tmp_path / "huge.csv"
    huge.write_text("Stage,One\nFeeling," + "x" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as error:
        run_import("csv", [huge], journeys_folder(tmp_path), modeline=MODELINE)
    assert "huge.csv!B2: the feeling has 5,000 characters" in str(error.value)


@pytest.mark.parametrize("content", [b"", b"\n\n,,,\n"])
def test_empty_grid(tmp_path: Path, content: bytes) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(content)
    with pytest.raises(ImportFailed, match="no stages found"):
        run_import("csv", [empty], journeys_folder(tmp_path), modeline=MODELINE)


def test_not_an_xlsx(tmp_path: Path) -> None:
    fake = tmp_path / "fake.xlsx"
    fake.write_text("Stage,One\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match="not a zip archive"):
        run_import("xlsx", [fake], journeys_folder(tmp_path), modeline=MODELINE)


def test_huge_mermaid_task(tmp_path: Path) -> None:
    big = tmp_path / "big.mmd"
    big.write_text("journey\nsection A\n" + "y" * 3000 + ": 3: Me\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"big\.mmd:3: the task has 3,000 characters"):
        run_import("mermaid", [big], journeys_folder(tmp_path), modeline=MODELINE)


# --- hostile input in a fresh process (issue 19) ---------------------------------------------
# Each input is about 1 MB (or the issue's own size), imported by `journey-maps import` in a
# process of its own that is killed after 10 s: the readers take linear time and bounded
# memory, and every input ends in positioned messages with exit status 0 or 1, never a
# traceback. The builders are in tests/hostile_imports.py.


def fresh_import(
    tmp_path: Path, kind: str, *files: Path, catalog: str = CATALOG
) -> subprocess.CompletedProcess[str]:
    """`journey-maps import KIND FILES --dry-run` in its own process, at most 10 s."""
    folder = tmp_path / "journeys"
    if not folder.is_dir():
        folder.mkdir()
    if not (folder / "_catalog.yml").exists():
        (folder / "_catalog.yml").write_text(catalog, encoding="utf-8")
    arguments = [kind, *map(str, files), "--dir", str(folder), "--persona", "maya", "--dry-run"]
    result = hostile.run_import(arguments, tmp_path, timeout=10)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert "please report this as a bug" not in result.stderr, result.stderr[-3000:]
    return result


def test_unclosed_mermaid_directives_take_linear_time(tmp_path: Path) -> None:
    source = hostile.unclosed_directives(tmp_path, size=1_000_000)
    result = fresh_import(tmp_path, "mermaid", source)
    assert result.returncode == 0, result.stderr
    assert "title: Unclosed" in result.stdout
    assert "- action: Task" in result.stdout


def test_closed_directives_are_still_reported(tmp_path: Path) -> None:
    source = tmp_path / "closed.mmd"
    source.write_text(
        "%%{init: {'theme': 'dark'}}%%\njourney\n%%{\n wrap \n}%%\nsection A\n  T: 3: Me\n",
        encoding="utf-8",
    )
    texts, result = run_import("mermaid", [source], journeys_folder(tmp_path), modeline=MODELINE)
    directives = [note for note in result.notes if "the directive" in note]
    assert len(directives) == 2
    assert "%%{init:" in directives[0]
    assert "- action: T" in texts["closed"]  # the lines after the directive are read


MERMAID_SHAPES = {
    # name: (file name, 1 MB of text, exit status, a message it must print)
    "unclosed-entity": (
        "entity.mmd",
        "journey\nsection A\n  T: 3: Me #" + "w" * 1_000_000 + "\n",
        0,
        "- action: T",
    ),
    "unclosed-fence": (
        "fence.md",
        "```mermaid\njourney\nsection A\n  T: 3: Me\n" + "````x\n" * 160_000,
        0,
        "fence.md:5: '````x' is a task without ':' and a score",
    ),
    "unclosed-front-matter": (
        "front.mmd",
        "---\n" + "a: b\n" * 200_000 + "journey\nsection A\n  T: 3: Me\n",
        1,
        "error: no Mermaid journey diagram in ",
    ),
    "unclosed-accdescr": (
        "acc.mmd",
        "journey\naccDescr {\n" + "x\n" * 500_000,
        1,
        "acc.mmd:1: accDescr has 999,999 characters; the most a journey map takes there is 10,000",
    ),
    "comment-of-percents": (
        "percent.mmd",
        "journey\nsection A\n  T: 3: Me\n" + "%" * 1_000_000 + "\n",
        0,
        "- action: T",
    ),
}


@pytest.mark.parametrize("shape", MERMAID_SHAPES)
def test_mermaid_shapes_that_a_pattern_could_rescan(tmp_path: Path, shape: str) -> None:
    name, text, status, message = MERMAID_SHAPES[shape]
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    result = fresh_import(tmp_path, "mermaid", source)
    assert result.returncode == status, result.stderr[-2000:]
    assert message in result.stdout + result.stderr


def test_row_labels_of_open_parentheses_take_linear_time(tmp_path: Path) -> None:
    source = tmp_path / "labels.csv"
    labels = ("(" * 100_000 + ",x\n") * 10  # 1 MB; each `(` used to rescan to the end
    source.write_text("Stage,Discover\nSteps,Searches\n" + labels, encoding="utf-8")
    result = fresh_import(tmp_path, "csv", source)
    assert result.returncode == 1, result.stderr[-2000:]  # ten rows of no kind: content lost
    assert f"{source}!A3: row '((((" in result.stderr
    assert "10 piece(s) of the input have no place" in result.stderr


def test_csv_cell_over_the_field_limit_says_so(tmp_path: Path) -> None:
    source = tmp_path / "big.csv"
    source.write_text("Stage,Discover\nSteps," + "x" * 200_000 + "\n", encoding="utf-8")
    with pytest.raises(ImportFailed, match=r"big\.csv:2: a cell of more than 131,072 characters"):
        run_import("csv", [source], journeys_folder(tmp_path), modeline=MODELINE)


def test_repeated_section_names_take_linear_time(tmp_path: Path) -> None:
    source = hostile.repeated_sections(tmp_path, count=100_000)  # 1 MB
    result = fresh_import(tmp_path, "mermaid", source)
    assert result.returncode == 1
    # Section n (from 2 on) is on line 3 + n; the one past each limit is reported there.
    journey, persona = MAX_STAGES_PER_JOURNEY + 1, MAX_STAGES_PER_FILE + 1
    assert (
        f"{source}:{3 + journey}: stage {journey:,} of one journey; the most a journey takes "
        f"is {MAX_STAGES_PER_JOURNEY:,}" in result.stderr
    )
    assert f"{source}:{3 + persona}: stage {persona:,} of this persona's journeys" in (
        result.stderr
    )


def test_slugger_numbers_collisions_as_before_in_linear_time() -> None:
    ids = Slugger({"index"})
    taken = [ids.take("Same name", "stage") for _ in range(20_000)]
    assert taken[:3] == ["same-name", "same-name-2", "same-name-3"]
    assert taken[-1] == "same-name-20000"
    assert len(set(taken)) == 20_000
    assert ids.take("Index", "stage") == "index-2"  # reserved ids are numbered too
    assert ids.take("same name 2", "stage") == "same-name-2-2"  # `same-name-2` is taken
    long = Slugger()
    slugs = [long.take("x" * 80, "stage") for _ in range(1_001)]
    assert all(is_slug(slug) for slug in slugs)  # `-1000` still fits in 64 characters
    assert slugs[-1].endswith("-1001")
    assert len(set(slugs)) == 1_001


def test_sparse_csv_grid_stops_at_its_extent(tmp_path: Path) -> None:
    source = hostile.padded(hostile.sparse_grid(tmp_path), filler="Steps\n")  # 1 MB
    result = fresh_import(tmp_path, "csv", source)
    assert result.returncode == 1
    assert (
        f"{source}!A10: with this cell the grid spans 10 rows x 20,002 columns (A1:ACOH10), "
        "more than the 200,000 cells a journey map may span" in result.stderr
    )


def test_many_merged_cells_take_linear_time(tmp_path: Path) -> None:
    source = hostile.merged_cells_workbook(tmp_path)  # 282 KB, 35,050 merged ranges
    pytest.importorskip("openpyxl")
    result = fresh_import(tmp_path, "xlsx", source)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "name: Stage 49" in result.stdout
    assert sum(line.strip() == "- t" for line in result.stdout.splitlines()) == 50 * 700


def test_overlapping_merged_ranges_are_an_error(tmp_path: Path) -> None:
    pytest.importorskip("openpyxl")
    row = '<row r="1"><c r="A1" t="inlineStr"><is><t>Stage</t></is></c>'
    row += '<c r="B1" t="inlineStr"><is><t>One</t></is></c>'
    row += '<c r="D1" t="inlineStr"><is><t>Two</t></is></c></row>'
    source = hostile.workbook_parts(tmp_path / "overlap.xlsx", [row], merges=["B1:C1", "C1:D1"])
    with pytest.raises(ImportFailed, match=r"overlap\.xlsx\[Map\]!C1: the merged ranges"):
        run_import("xlsx", [source], journeys_folder(tmp_path), modeline=MODELINE)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (  # the cell bomb: refused before anything is parsed
            hostile.cell_bomb_workbook,
            "bomb.xlsx: unpacks to 97,573,111 bytes, more than the 50,000,000",
        ),
        (  # under the unpacked limit: stopped at the cell past the limit while streaming
            lambda folder: hostile.cell_bomb_workbook(folder, cells=3_000_000),
            "bomb.xlsx[Map]: more than 200,000 cells (empty and formatted cells counted), "
            "stopped at cell 200,001",
        ),
        (  # all in one row, which a reader of whole rows would hold at once
            lambda folder: hostile.one_row_bomb_workbook(folder, cells=12_000_000),
            "row-bomb.xlsx[Map]: more than 200,000 cells",
        ),
        (
            hostile.styles_bomb_workbook,
            "styles.xlsx (xl/styles.xml): more than 200,000 XML elements in one part",
        ),
    ],
    ids=["cell-bomb", "cells-under-the-unpacked-limit", "one-row", "styles"],
)
def test_xlsx_bombs_are_refused_while_streaming(
    tmp_path: Path, build: Callable[[Path], Path], message: str
) -> None:
    pytest.importorskip("openpyxl")
    result = fresh_import(tmp_path, "xlsx", build(tmp_path))
    assert result.returncode == 1
    assert message in result.stderr


@pytest.mark.parametrize("attack", ["external-entity", "billion-laughs"])
def test_xlsx_with_a_dtd_is_refused(tmp_path: Path, attack: str) -> None:
    pytest.importorskip("openpyxl")
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret is 42", encoding="utf-8")
    if attack == "external-entity":
        source = hostile.external_entity_workbook(tmp_path, secret)
    else:
        source = hostile.billion_laughs_workbook(tmp_path)
    result = fresh_import(tmp_path, "xlsx", source)
    assert result.returncode == 1
    assert f"{source}[Map]: declares a DTD (<!DOCTYPE>)" in result.stderr
    assert "secret is" not in result.stdout + result.stderr


@pytest.mark.parametrize("score", ["inf", "-inf", "nan", "1e999", "Infinity"])
def test_mermaid_score_that_is_not_a_number(tmp_path: Path, score: str) -> None:
    source = hostile.padded(hostile.score(tmp_path, score), filler="%% filler comment\n")
    result = fresh_import(tmp_path, "mermaid", source)
    assert result.returncode == 0, result.stderr
    assert f"{source}:4: score {score!r} of 'Task' is not a number; no emotion kept" in (
        result.stderr
    )


@pytest.mark.parametrize("emotion", ["inf", "nan", "-Infinity"])
def test_grid_emotion_that_is_not_a_number(tmp_path: Path, emotion: str) -> None:
    source = hostile.padded(hostile.grid_emotions(tmp_path, emotion))
    result = fresh_import(tmp_path, "csv", source)
    assert result.returncode == 0, result.stderr
    assert f"{source}!B3: emotion {emotion!r} is not a score; kept as the feeling" in result.stderr


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("emotion", "inf", r"\(emotion\): emotion must be a whole number, got 'inf'"),
        (
            "stage_metrics",
            '[{"name": "NPS", "value": NaN}]',
            r"\(stage_metrics\): metrics is not valid JSON \(NaN is not a value a journey map holds\)",
        ),
        (
            "stage_metrics",
            "[" * 100_000,
            r"\(stage_metrics\): metrics is nested more than 64 levels deep",
        ),
        (
            "stage_pain_points",
            "[" * 1_000 + "]" * 1_000,
            r": the list of ids is nested more than 64 levels deep",
        ),
    ],
    ids=["inf-emotion", "nan-in-json", "deep-json", "deep-ids"],
)
def test_export_cells_that_are_not_values(
    tmp_path: Path, column: str, value: str, message: str
) -> None:
    row = hostile.export_row("steps.csv")
    row[column] = value
    files = hostile.exports(tmp_path, edit="steps.csv", cells=list(row.values()))
    hostile.padded(files[0], filler="\r\n")
    result = fresh_import(tmp_path, "csv", *files, catalog=SMALL_CATALOG)
    assert result.returncode == 1
    assert re.search(rf"{re.escape(str(files[0]))}:\d+ ?{message}", result.stderr), result.stderr


@pytest.mark.parametrize("source", ["md", "mmd"])
def test_deeply_nested_mermaid_front_matter(tmp_path: Path, source: str) -> None:
    page = hostile.nested_front_matter(tmp_path, depth=1_000_000)
    line = 5
    if source == "mmd":  # the same diagram as a .mmd file: front matter on its first line
        body = page.read_text(encoding="utf-8").split("```mermaid\n")[1].split("```")[0]
        page = tmp_path / "nested.mmd"
        page.write_text(body, encoding="utf-8")
        line = 2
    result = fresh_import(tmp_path, "mermaid", page)
    assert result.returncode == 0, result.stderr
    assert (
        f"{page}:{line}: the front matter is not YAML a title can be read from "
        "(nested more than 64 levels deep); ignored" in result.stderr
    )
    assert "- action: Task" in result.stdout


def test_deeply_nested_catalog(tmp_path: Path) -> None:
    folder = tmp_path / "journeys"
    folder.mkdir()
    catalog = hostile.nested_catalog(folder, depth=900_000)
    result = fresh_import(tmp_path, "csv", hostile.grid_emotions(tmp_path, "3"))
    assert result.returncode == 1
    assert re.search(
        rf"{re.escape(str(catalog))}:1:\d+: nested more than 64 levels deep; fix the catalog "
        "first",
        result.stderr,
    ), result.stderr


@pytest.mark.parametrize("cells", [["long-hold", "Long hold times"], ["x"] * 40])
def test_export_row_of_another_length_than_its_header(tmp_path: Path, cells: list[str]) -> None:
    files = hostile.exports(tmp_path, edit="pain-points.csv", cells=cells)
    hostile.padded(files[1], filler="\r\n")
    result = fresh_import(tmp_path, "csv", *files, catalog=SMALL_CATALOG)
    assert result.returncode == 1
    assert re.search(
        rf"{re.escape(str(files[1]))}:2: {len(cells)} cells, but the header has \d+ columns",
        result.stderr,
    ), result.stderr


def test_control_characters_in_mermaid_are_replaced_where_read(tmp_path: Path) -> None:
    source = hostile.control_characters_mermaid(tmp_path)
    hostile.padded(source, filler="%% \x1b[31m\x07\n")  # 1 MB, 150,000 more of them
    result = fresh_import(tmp_path, "mermaid", source)
    assert result.returncode == 0, result.stderr
    for where, code in (("2:10", "0007"), ("3:11", "001B"), ("4:5", "009B")):
        assert f"{source}:{where}: control character U+{code} replaced by a space" in (
            result.stderr
        )
    assert re.search(
        r"controls\.mmd: [\d,]+ more control characters replaced by spaces", result.stderr
    )
    assert "name: St age" in result.stdout
    assert "action: Ta sk one" in result.stdout
    assert "\x1b" not in result.stdout + result.stderr


def test_control_characters_in_grids_are_replaced_where_read(tmp_path: Path) -> None:
    source = hostile.padded(hostile.control_characters_grid(tmp_path))
    result = fresh_import(tmp_path, "csv", source)
    assert result.returncode == 0, result.stderr
    for cell, code in (("B1", "001B"), ("B2", "0007"), ("B3", "009B")):
        assert f"{source}!{cell}: control character U+{code} replaced by a space" in (result.stderr)
    assert "name: Disc over" in result.stdout
    assert "- action: Sea rches\n" in result.stdout  # and the CRLF in the cell is a line break
    assert "- action: Reads\n" in result.stdout


def test_control_characters_in_xlsx_and_exports_are_replaced_where_read(
    tmp_path: Path,
) -> None:
    pytest.importorskip("openpyxl")
    source = hostile.control_characters_workbook(tmp_path)
    result = fresh_import(tmp_path, "xlsx", source)
    assert result.returncode == 0, result.stderr
    assert f"{source}[Map]!B1: control character U+009B replaced by a space" in result.stderr
    assert f"{source}[Map]!B2: control character U+0085 replaced by a space" in result.stderr
    row = hostile.export_row("pain-points.csv")
    row["title"] = "Long\x1b[2J hold"
    exports = tmp_path / "exports"
    exports.mkdir()
    files = hostile.exports(exports, edit="pain-points.csv", cells=list(row.values()))
    result = fresh_import(exports, "csv", *files, catalog=SMALL_CATALOG)
    assert result.returncode == 0, result.stderr
    assert f"{files[1]}:2 (title): control character U+001B replaced by a space" in (result.stderr)
    assert "title: Long [2J hold" in result.stdout


# --- the spreadsheet formula guard, one rule for export and import --------------------------


FORMULA_CELLS = [
    "=1+1",
    " =1+1",
    "\x00=1+1",
    "\u200b=1+1",  # zero-width space
    "\u2060@SUM(A1)",  # word joiner
    "\ufeff-2",  # byte-order mark
    "\u00ad+1",  # soft hyphen
    "\u202e=1",  # right-to-left override
    "\u2029=1",  # paragraph separator
    "\u2028+1",  # line separator
    "\u3000-1",  # ideographic space
    "\uff1d1+1",  # fullwidth =
    "\uff0b1",  # fullwidth +
    "\uff0d1",  # fullwidth -
    "\uff20x",  # fullwidth @
    "\ufe66 1",  # small =
    "\u207c1",  # superscript =
    "\u22121",  # minus sign
    "\tplain",
]


@pytest.mark.parametrize("cell", FORMULA_CELLS)
def test_formula_guard_covers_hidden_and_other_forms(cell: str) -> None:
    assert runs_as_formula(cell)
    written = spreadsheet_csv(["title"], [[cell]]).split("\r\n")[1]
    assert written.lstrip('"').startswith("'"), written
    assert export_text(written.strip('"')) == cell  # the importer takes the guard off again


@pytest.mark.parametrize("cell", ["plain", "a=b", "'quoted' text", "3 - 1", "", " ", "\u200b"])
def test_formula_guard_leaves_text_alone(cell: str) -> None:
    assert not runs_as_formula(cell)
    assert spreadsheet_csv(["title"], [[cell]]).split("\r\n")[1].strip('"') == cell


def test_guarded_titles_round_trip_through_export_and_import(tmp_path: Path) -> None:
    root = FIXTURES / "small"
    project = tmp_path / "source"
    shutil.copytree(root, project)
    persona = project / "journeys" / "first-time-buyer.yml"
    text = persona.read_text(encoding="utf-8")
    titles = ["\u200b=HYPERLINK(1)", "\uff1dcmd", "\uff20x"]
    for number, title in enumerate(titles):
        old = re.findall(r"\n( +)title: (.+)\n", text)[number + 1]
        text = text.replace(f"title: {old[1]}\n", f"title: {json.dumps(title)}\n", 1)
    persona.write_text(text, encoding="utf-8")
    before = journeys_json(project / "journeys", project)
    assert all(t in json.dumps(before["data"], ensure_ascii=False) for t in titles)
    exports = tmp_path / "exports"
    exports.mkdir()
    for name in ("steps.csv", "pain-points.csv", "opportunities.csv"):
        written = before["files"][f"journeys/{name}"]
        (exports / name).write_text(written, encoding="utf-8")
    folder = tmp_path / "project" / "journeys"
    folder.mkdir(parents=True)
    shutil.copyfile(project / "journeys" / "_catalog.yml", folder / "_catalog.yml")
    args = [
        "import",
        "csv",
        *(str(exports / n) for n in ("steps.csv", "pain-points.csv", "opportunities.csv")),
    ]
    assert main([*args, "--dir", str(folder)]) == 0
    assert journeys_json(folder, tmp_path / "project")["data"] == before["data"]


# --- writing --------------------------------------------------------------------------------


def test_never_overwrites_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = journeys_folder(tmp_path)
    (folder / "maya.yml").write_text("keep me", encoding="utf-8")
    args = [
        "import",
        "mermaid",
        str(IMPORT_FIXTURES / "mermaid-docs.md"),
        "--dir",
        str(folder),
        "--persona",
        "maya",
    ]
    assert main(args) == 1
    assert "already exists" in capsys.readouterr().err
    assert (folder / "maya.yml").read_text(encoding="utf-8") == "keep me"
    assert main([*args, "--dry-run"]) == 0
    assert capsys.readouterr().out.count(MODELINE.strip()) == 1
    assert (folder / "maya.yml").read_text(encoding="utf-8") == "keep me"
    assert main([*args, "--force"]) == 0
    assert (folder / "maya.yml").read_text(encoding="utf-8").startswith(MODELINE)


def test_reserved_persona_id_is_numbered(tmp_path: Path) -> None:
    texts, _ = run_import(
        "mermaid",
        [IMPORT_FIXTURES / "grammar.mmd"],
        journeys_folder(tmp_path),
        modeline=MODELINE,
        persona="review",
    )
    assert list(texts) == ["review-2"]


# --- round trip through the CSV exports -----------------------------------------------------


def test_steps_csv_columns_agree() -> None:
    assert export_header() == import_header()


def journeys_json(folder: Path, root: Path) -> dict:
    handbook = load_handbook(folder, root)
    context = page_context(handbook, ticket_url=None)
    files = {p: "".join(make()) for p, make in generate_files(context, site_url=None).items()}
    data = json.loads(files["journeys/journeys.json"])
    return {"data": data, "files": files}


@pytest.mark.parametrize("source", ["example", "small"])
def test_export_then_import_round_trips(tmp_path: Path, source: str) -> None:
    root = ROOT if source == "example" else FIXTURES / "small"
    before = journeys_json(root / "journeys", root)
    exports = tmp_path / "exports"
    exports.mkdir()
    for name in ("steps.csv", "pain-points.csv", "opportunities.csv"):
        (exports / name).write_text(before["files"][f"journeys/{name}"], encoding="utf-8")
    project = tmp_path / "project"
    folder = project / "journeys"
    folder.mkdir(parents=True)
    for support in ("_catalog.yml", "_data"):
        path = root / "journeys" / support
        if path.is_dir():
            shutil.copytree(path, folder / support)
        elif path.is_file():
            shutil.copyfile(path, folder / support)
    args = [
        "import",
        "csv",
        *(str(exports / n) for n in ("steps.csv", "pain-points.csv", "opportunities.csv")),
    ]
    assert main([*args, "--dir", str(folder)]) == 0
    after = journeys_json(folder, project)
    assert after["data"] == before["data"]
    assert after["files"]["journeys/steps.csv"] == before["files"]["journeys/steps.csv"]
