"""`journey-maps import`: Mermaid journeys, spreadsheet grids and the handbook's own CSV
exports become persona files that validate; hostile input gets clear errors."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from journey_maps.cli import main
from journey_maps.importers import ImportFailed
from journey_maps.importers.command import run_import
from journey_maps.importers.export_csv import steps_header as import_header
from journey_maps.importers.mermaid import find_diagrams
from journey_maps.site.context import PageContext, RenderOptions
from journey_maps.site.exports import steps_header as export_header
from journey_maps.site.files import generate_files
from journey_maps.site.paths import SitePaths
from journey_maps.site.templating import make_environment
from journey_maps.source.handbook import load_handbook

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures" / "import"
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
    for key, value in options.items():
        args += [f"--{key.replace('_', '-')}", value]
    assert main(args) == 0
    handbook = load_handbook(folder, tmp_path)
    return folder, {p.id: p for p in handbook.personas}


# --- Mermaid --------------------------------------------------------------------------------


def test_mermaid_documentation_examples(tmp_path: Path) -> None:
    folder, personas = imported(tmp_path, "mermaid", FIXTURES / "mermaid-docs.md")
    text = (folder / "maya.yml").read_text(encoding="utf-8")
    assert text.startswith(MODELINE)
    assert (folder / "_schema" / "persona.schema.json").is_file()
    first, second = personas["maya"].journeys
    assert first.title == "My working day" and first.id == "my-working-day"
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
    _, personas = imported(tmp_path, "mermaid", FIXTURES / "grammar.mmd")
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
    assert diagrams == [] and "flowchart" in notes[0]


# --- grid -----------------------------------------------------------------------------------


def test_grid_csv(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder, personas = imported(
        tmp_path,
        "csv",
        FIXTURES / "grid.csv",
        persona_name="Maya Chen",
        persona_role="First-time buyer",
        title="Buying a policy",
    )
    notes = capsys.readouterr().err
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
    assert "grid.csv!A9: row 'Channels'" in notes
    assert "# touchpoints:" in (folder / "maya.yml").read_text(encoding="utf-8")
    assert "Phone line" in notes


def test_template_csv_imports(tmp_path: Path) -> None:
    imported(tmp_path, "csv", ROOT / "docs" / "assets" / "journey-map-template.csv")


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
    _, personas = imported(tmp_path, "xlsx", source)
    notes = capsys.readouterr().err
    (journey,) = personas["maya"].journeys
    discover, buy = journey.stages
    assert [s.action for s in discover.steps] == ["Searches", "Reads reviews"]
    assert buy.steps[0].action == '=HYPERLINK("http://x","Pays")'  # text, never evaluated
    assert discover.support == ["CRM"] and buy.support == ["CRM"]
    assert "formula" in notes and "[Empty]: empty; skipped" in notes
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


# --- writing --------------------------------------------------------------------------------


def test_never_overwrites_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = journeys_folder(tmp_path)
    (folder / "maya.yml").write_text("keep me", encoding="utf-8")
    args = [
        "import",
        "mermaid",
        str(FIXTURES / "mermaid-docs.md"),
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
        [FIXTURES / "grammar.mmd"],
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
    context = PageContext(
        handbook,
        SitePaths(),
        RenderOptions(today=dt.date(2026, 11, 15), ticket_url=None),
        make_environment(),
    )
    files = generate_files(context, site_url=None)
    data = json.loads(files["journeys/journeys.json"])
    return {"data": data, "files": files}


@pytest.mark.parametrize("source", ["example", "small"])
def test_export_then_import_round_trips(tmp_path: Path, source: str) -> None:
    root = ROOT if source == "example" else Path(__file__).parent / "fixtures" / "small"
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
