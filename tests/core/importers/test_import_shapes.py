"""`journey-maps import FILE` detects the shape of maps real teams keep (issue 24): Mermaid
in ```mermaid-example fences and HTML blocks, stage-column grids as CSV, Markdown and HTML
tables, long tables with one row per step, maps-as-code YAML; says what it found; splits
cells that hold lists; and refuses to write less than it read unless --allow-partial."""

from __future__ import annotations

import contextlib
import io
from typing import TYPE_CHECKING

import pytest
from conftest import FIXTURES

from journey_maps.cli import main
from journey_maps.importers.emotion_scales import EmotionReader
from journey_maps.importers.slugs import slugify
from journey_maps.importers.stage_fields import split_list
from journey_maps.source.handbook import load_handbook

if TYPE_CHECKING:
    from pathlib import Path

IMPORTS = FIXTURES / "import"
CATALOG = """\
channels: [{id: web, name: Website}, {id: phone, name: Phone}]
teams: [{id: growth, name: Growth}]
touchpoints: [{id: pricing-page, name: Pricing page, channel: web, owner: growth}]
"""

# file: (detected words, stages, steps, pain points)
SHAPES = {
    "mermaid-example.md": ("Mermaid journey (blocks in md): 2 journey diagrams", 3, 7, 0),
    "jekyll-page.html": ("Mermaid journey (blocks in html): 2 journey diagrams", 3, 4, 0),
    "nngroup-map.md": ("grid, stages as columns (Markdown table): 55 filled cells", 4, 7, 5),
    "nngroup-map.csv": ("grid, stages as columns (CSV): 55 filled cells", 4, 7, 5),
    "nngroup-map.html": ("grid, stages as columns (HTML table): 55 filled cells", 4, 7, 5),
    "journey-tracker.csv": ("long table, one row per step (CSV): 10 rows", 3, 10, 0),
    "claims-maps-as-code.yaml": ("maps-as-code YAML (journey map, blueprint, outcomes", 3, 6, 3),
}


def run(tmp_path: Path, *arguments: str, status: int = 0) -> tuple[Path, str, str]:
    """`journey-maps import ARGUMENTS` into a fresh journeys folder with a small catalog."""
    folder = tmp_path / "journeys"
    folder.mkdir(exist_ok=True)
    (folder / "_catalog.yml").write_text(CATALOG, encoding="utf-8")
    return folder, *_main(["import", *arguments, "--dir", str(folder), "--persona", "p"], status)


def _main(arguments: list[str], status: int) -> tuple[str, str]:
    """`journey-maps ARGUMENTS` in this process: its standard output and error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        assert main(arguments) == status, err.getvalue()
    return out.getvalue(), err.getvalue()


@pytest.mark.parametrize("name", SHAPES)
def test_each_shape_is_detected_imported_and_validates(tmp_path: Path, name: str) -> None:
    words, stages, steps, pains = SHAPES[name]
    folder, out, _ = run(tmp_path, str(IMPORTS / name))
    assert f"Detected: {words}" in out
    assert f"\u2192 {stages} stages, {steps} steps" in out
    handbook = load_handbook(folder, tmp_path)
    journeys = [journey for persona in handbook.personas for journey in persona.journeys]
    all_stages = [stage for journey in journeys for stage in journey.stages]
    assert len(all_stages) == stages
    assert sum(len(stage.steps) for stage in all_stages) == steps
    assert sum(len(stage.pain_points) for stage in all_stages) == pains
    _main(["validate", str(folder)], 0)


def test_mermaid_html_blocks_are_unescaped(tmp_path: Path) -> None:
    folder, _, _ = run(tmp_path, str(IMPORTS / "jekyll-page.html"))
    (persona,) = load_handbook(folder, tmp_path).personas
    renewal, cancelling = persona.journeys
    assert renewal.stages[0].steps[0].action == 'Opens the "renewal due" email'
    assert renewal.stages[0].steps[1].action == "Compares prices & cover"
    assert cancelling.stages[0].steps[0].action == "Waits on hold > 20 minutes"
    assert cancelling.stages[0].steps[0].actors == ["Maya", "Agent"]


def test_mermaid_example_fences_are_read(tmp_path: Path) -> None:
    folder, _, _ = run(tmp_path, "mermaid", str(IMPORTS / "mermaid-example.md"))  # kind named
    (persona,) = load_handbook(folder, tmp_path).personas
    assert [j.title for j in persona.journeys] == ["My working day", "My evening"]


def test_grid_rows_of_experience_goals_kpis_and_teams_have_places(tmp_path: Path) -> None:
    folder, _, _ = run(tmp_path, str(IMPORTS / "nngroup-map.md"))
    text = (folder / "p.yml").read_text(encoding="utf-8")
    (persona,) = load_handbook(folder, tmp_path).personas
    discover, sign_up, take_part, _ = persona.journeys[0].stages
    assert [s.action for s in discover.steps] == [
        "Sees a call for participants",
        "Reads the study page",
    ]
    assert discover.feeling == "Curious"  # Customer Experience
    assert discover.goal == "Business goal: Recruit 12 participants per study"
    assert [m.name for m in discover.metrics] == ["Click-through rate", "Sign-up rate"]
    assert [(m.name, m.value) for m in take_part.metrics] == [
        ("Sessions run on time", "80%"),
        ("No-shows", "3"),
    ]
    assert [p.title for p in discover.pain_points] == [
        "Unclear what the study is about",
        "No time estimate",
    ]  # bullets inside one line
    assert sign_up.backstage == ["Team involved: Research Ops"]
    assert take_part.thoughts == ['"Am I doing this right?"']
    assert "#   - id: research-ops" in text  # a team the catalog lacks, ready to paste
    assert "#     channel: web" in text  # Website, a channel of the catalog


def test_no_split_keeps_cells_whole(tmp_path: Path) -> None:
    folder, out, _ = run(tmp_path, str(IMPORTS / "nngroup-map.csv"), "--no-split")
    (persona,) = load_handbook(folder, tmp_path).personas
    discover = persona.journeys[0].stages[0]
    assert [s.action for s in discover.steps] == [
        "Sees a call for participants, Reads the study page"
    ]
    assert "Split:" not in out


def test_long_table_groups_steps_by_phase_and_maps_the_scale(tmp_path: Path) -> None:
    folder, _, err = run(tmp_path, str(IMPORTS / "journey-tracker.csv"))
    (persona,) = load_handbook(folder, tmp_path).personas
    (journey,) = persona.journeys
    assert [s.name for s in journey.stages] == ["Discover", "Quote", "Buy"]
    quote = journey.stages[1]
    assert quote.steps[1].action == "Asks about subsidence — Waits 25 minutes on hold"
    assert [s.emotion for s in quote.steps] == [3, 1, 3]  # 5, 2, 6 on 1 to 10
    assert "scores read on the 1 to 10 scale" in err
    assert "Contact centre owns: Asks about subsidence" in quote.backstage
    assert journey.stakeholders == ["growth"]  # the one team the catalog has


def test_long_table_without_a_stage_column_is_one_stage(tmp_path: Path) -> None:
    source = tmp_path / "steps.csv"
    source.write_text(
        "Step,Channel,Sentiment\nSearches,Pricing page,-0.5\nBuys,Website,0.8\n", encoding="utf-8"
    )
    folder, out, err = run(tmp_path, str(source))
    (persona,) = load_handbook(folder, tmp_path).personas
    (stage,) = persona.journeys[0].stages
    assert stage.name == "Steps"
    assert [(s.action, s.touchpoint, s.emotion) for s in stage.steps] == [
        ("Searches", "pricing-page", 2),
        ("Buys", None, 5),
    ]
    assert "-1 to +1 scale" in err
    assert "1 stage, 2 steps, 0 pain points, 2 touchpoints" in out


def test_a_column_with_no_place_stops_the_import_unless_allowed(tmp_path: Path) -> None:
    source = tmp_path / "steps.csv"
    source.write_text("step,stage,weather\nSearches,Find,sunny\nBuys,Pay,rain\n", encoding="utf-8")
    folder, _, err = run(tmp_path, str(source), status=1)
    assert "steps.csv!C1:C3: column 'weather' (2 cells) has no place in a journey map" in err
    assert "--allow-partial" in err
    assert not (folder / "p.yml").exists()
    run(tmp_path, str(source), "--allow-partial")
    text = (folder / "p.yml").read_text(encoding="utf-8")
    assert "# Left out of this import (journey-maps import --allow-partial)" in text
    assert "column 'weather'" in text


def test_maps_as_code_lanes_outcomes_and_persona(tmp_path: Path) -> None:
    folder, _, err = run(tmp_path, str(IMPORTS / "claims-maps-as-code.yaml"))
    (persona,) = load_handbook(folder, tmp_path).personas
    assert (persona.profile.name, persona.profile.role) == ("Tom Baker", "homeowner")
    (journey,) = persona.journeys
    report, assessment, settlement = journey.stages
    assert journey.scenario == "Tom's kitchen has flooded and he needs to claim on his policy."
    assert [s.emotion for s in report.steps] == [3, 1]  # 0 and -2 on -2..+2
    assert report.emotion == 2  # -1
    assert report.frontstage == ["Claims handler takes the call"]
    assert assessment.support == ["Claims platform"]
    assert [(m.name, m.value, m.target) for m in settlement.metrics] == [
        ("Days to settle", "14", "10")
    ]
    assert [o.title for o in report.opportunities] == ["Call-back instead of hold"]
    assert "-2 to +2 scale" in err


def test_maps_as_code_key_with_no_place_is_named_by_line_and_column(tmp_path: Path) -> None:
    source = tmp_path / "map.yaml"
    source.write_text(
        "kind: CustomerJourneyMap\nspec:\n  phases:\n    - name: One\n      mood_board: x.png\n"
        "      actions: [Looks]\n",
        encoding="utf-8",
    )
    _, _, err = run(tmp_path, str(source), status=1)
    assert "map.yaml:5:7: key 'mood_board' of a phase has no place in a journey map" in err


@pytest.mark.parametrize(
    ("scores", "label", "expected", "scale"),
    [
        (["1", "3", "5"], "Emotion", [1, 3, 5], None),
        (["-2", "0", "2"], "emotion_score", [1, 3, 5], "-2 to +2"),
        (["1", "10", "6"], "score", [1, 5, 3], "1 to 10"),
        (["0", "50", "100"], "NPS", [1, 3, 5], "0 to 100"),
        (["20%", "90%"], "Satisfaction", [2, 5], "0 to 100"),
        (["-0.9", "0.1"], "sentiment", [1, 3], "-1 to +1"),
        (["2", "4"], "Emotion (1-10)", [1, 2], "1 to 10"),
        (["\u22122", "+1"], "score", [1, 4], "-2 to +2"),  # a typographic minus
    ],
)
def test_emotion_scales(
    scores: list[str], label: str, expected: list[int], scale: str | None
) -> None:
    notes: list[str] = []
    reader = EmotionReader(scores, label, "x.csv!A1", notes)
    assert [reader.read(score)[0] for score in scores] == expected
    if scale:
        assert f"the {scale} scale" in notes[0]
    else:
        assert notes == []


def test_emotion_words_keep_their_feeling() -> None:
    reader = EmotionReader(["Frustrated", "positive"], "Emotion", "x.csv!A1", [])
    assert reader.read("Frustrated") == (2, "Frustrated")
    assert reader.read("positive") == (4, None)
    assert reader.read("sunny") == (None, "sunny")


@pytest.mark.parametrize(
    ("cell", "items"),
    [
        ("Website, Email; Phone", ["Website", "Email", "Phone"]),
        ("• Website • Email", ["Website", "Email"]),
        ("- Website\n* Email\n1. Phone", ["Website", "Email", "Phone"]),
        ("Revenue: 1,000 per day, NPS: 41", ["Revenue: 1,000 per day", "NPS: 41"]),
        ("Email (newsletter, promo), Phone", ["Email (newsletter, promo)", "Phone"]),
        (",,;", []),
    ],
)
def test_cells_that_hold_lists_are_split(cell: str, items: list[str]) -> None:
    assert split_list(cell, commas=True) == items


def test_ids_are_cut_at_a_word_boundary() -> None:
    name = "Invitation email for the customer experience research case study participation"
    slug = slugify(name, "x")
    assert slug == "invitation-email-for-the-customer-experience-research-case"  # 58 characters
    assert set(slug.split("-")) <= set(name.lower().split())  # whole words only
    assert slugify("x" * 100, "y") == "x" * 60  # one word longer than an id: cut where it must


def test_markdown_tables_in_code_fences_are_not_read(tmp_path: Path) -> None:
    source = tmp_path / "page.md"
    source.write_text(
        "```\n| Stage | A |\n| --- | --- |\n| Steps | x |\n```\n\n"
        "| Stage | Real |\n|---|---|\n| Steps | Reads |\n",
        encoding="utf-8",
    )
    folder, _, _ = run(tmp_path, str(source))
    (persona,) = load_handbook(folder, tmp_path).personas
    assert [s.name for s in persona.journeys[0].stages] == ["Real"]


def test_html_colspan_gives_a_cell_to_each_stage(tmp_path: Path) -> None:
    source = tmp_path / "page.html"
    source.write_text(
        "<table><tr><th>Stage</th><th>One</th><th>Two</th></tr>"
        "<tr><td>Steps</td><td>Reads</td><td>Buys</td></tr>"
        '<tr><td>Support</td><td colspan="2">CRM</td></tr></table>',
        encoding="utf-8",
    )
    folder, _, _ = run(tmp_path, str(source))
    (persona,) = load_handbook(folder, tmp_path).personas
    assert [s.support for s in persona.journeys[0].stages] == [["CRM"], ["CRM"]]


def test_files_of_two_shapes_are_refused(tmp_path: Path) -> None:
    _, _, err = run(
        tmp_path, str(IMPORTS / "grid.csv"), str(IMPORTS / "mermaid-example.md"), status=1
    )
    assert "give files of one shape at a time" in err


def test_a_file_of_no_known_shape_says_so(tmp_path: Path) -> None:
    source = tmp_path / "notes.md"
    source.write_text("# Notes\n\nNothing to import here.\n", encoding="utf-8")
    _, _, err = run(tmp_path, str(source), status=1)
    assert "no Mermaid journey diagram" in err
    assert "and no table in it" in err
