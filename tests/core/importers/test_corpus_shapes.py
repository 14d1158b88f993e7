"""The shapes the public corpus showed (tests/fixtures/corpus), each in a small file of
its own: a Mermaid diagram with a front matter inside an indented HTML block, a page
keeping one Markdown table a stage under its heading, and Enablement Map Studio's four
documents (actions beside the phases; a blueprint of lanes and tasks; a goal tree; an
enablement map). Each asserts where every piece went, and what stops the import."""

from __future__ import annotations

import contextlib
import io
from typing import TYPE_CHECKING

import pytest

from journey_maps.cli import main
from journey_maps.importers.mermaid import find_diagrams
from journey_maps.source.handbook import load_handbook

if TYPE_CHECKING:
    from pathlib import Path

CATALOG = "teams: [{id: growth, name: Growth}]\n"


def run(tmp_path: Path, source: Path, *arguments: str, status: int = 0) -> tuple[Path, str, str]:
    """`journey-maps import SOURCE` into a fresh journeys folder: the folder, stdout, stderr."""
    folder = tmp_path / "journeys"
    folder.mkdir(exist_ok=True)
    (folder / "_catalog.yml").write_text(CATALOG, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["import", str(source), *arguments, "--dir", str(folder), "--persona", "p"])
    assert code == status, err.getvalue()
    return folder, out.getvalue(), err.getvalue()


# --- Mermaid: front matter and directives before the diagram type ------------------------------

DIAGRAM = """\
---
title: Renewing a policy
---
%%{init: {"theme": "forest"}}%%
 journey
  section Reminder
    Opens the email: 4: Maya
"""


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "page.html",
            '<body>\n    <pre class="mermaid">\n    '
            + DIAGRAM.replace("\n", "\n    ")
            + "\t\t</pre>\n",
        ),
        ("page.md", "Text\n\n```mermaid\n" + DIAGRAM + "```\n"),
        ("list.md", "* Item\n\n  ```mermaid\n  " + DIAGRAM.replace("\n", "\n  ") + "```\n"),
        ("diagram.mmd", "    " + DIAGRAM.replace("\n", "\n    ")),
    ],
)
def test_front_matter_before_an_indented_journey_titles_it(
    tmp_path: Path, name: str, text: str
) -> None:
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    folder, out, err = run(tmp_path, source)
    assert "1 journey diagram" in out
    (persona,) = load_handbook(folder, tmp_path).personas
    (journey,) = persona.journeys
    assert journey.title == "Renewing a policy"
    assert [(s.action, s.emotion) for s in journey.stages[0].steps] == [("Opens the email", 4)]
    assert "the directive '%%{init:" in err  # not content: said, not kept


def test_an_unclosed_front_matter_is_no_journey(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text("```mermaid\n---\ntitle: x\njourney\n```\n", encoding="utf-8")
    diagrams, notes = find_diagrams(page, page.read_text(encoding="utf-8"))
    assert diagrams == []
    assert "a Mermaid --- diagram; not a journey, skipped" in notes[0]


# --- one Markdown table a stage, under its heading ---------------------------------------------

STAGE_TABLES = """\
# Our product

## 2. Journey Map

### 2.1 Awareness

| Dimension | Detail |
|---|---|
| **Customer Actions** | Googles "cost tool", reads a thread |
| **Touchpoints** | Search |
| **Customer Experience** | *"Finally"* — relieved |
| **KPIs** | Signups, time-to-value (target: < 10 min) |
| **Business Goals** | Build awareness |
| **Teams Involved** | Growth, DevRel |

### 2.2 Decision (Signup → Value)

| Dimension | Detail |
|---|---|
| __Customer Actions__ | Signs up |
| `Pain Points` | Blank dashboard |
{extra}
## 3. Something else

| Dimension | Detail |
|---|---|
| **Touchpoints** | Docs |
"""


def test_tables_under_stage_headings_are_one_journey(tmp_path: Path) -> None:
    source = tmp_path / "map.md"
    source.write_text(STAGE_TABLES.format(extra=""), encoding="utf-8")
    folder, out, err = run(tmp_path, source)
    assert "Detected: one table a stage, 2 tables under their headings (Markdown table)" in out
    (persona,) = load_handbook(folder, tmp_path).personas
    first, other = persona.journeys
    assert first.title == "Journey Map"  # the section, its number left out
    awareness, decision = first.stages
    assert (awareness.name, decision.name) == ("Awareness", "Decision (Signup → Value)")
    assert [s.action for s in awareness.steps] == ['Googles "cost tool"', "reads a thread"]
    assert awareness.feeling == '*"Finally"* — relieved'
    assert awareness.goal == "Business goal: Build awareness"
    assert [m.name for m in awareness.metrics] == ["Signups", "time-to-value (target: < 10 min)"]
    assert awareness.backstage == ["Team involved: Growth", "Team involved: DevRel"]
    assert first.stakeholders == ["growth"]
    assert [p.title for p in decision.pain_points] == ["Blank dashboard"]
    assert "header row ('Dimension' | 'Detail') names columns, not stages" in err
    # A table alone in another section is not a stage of that journey: a grid of its own.
    assert [s.name for s in other.stages] == ["Detail"]


def test_a_row_of_a_stage_table_with_no_place_stops_the_import(tmp_path: Path) -> None:
    source = tmp_path / "map.md"
    text = STAGE_TABLES.format(extra="| **Weather** | Sunny |\n")
    source.write_text(text, encoding="utf-8")
    line = text.split("\n").index("| **Weather** | Sunny |") + 1
    _, _, err = run(tmp_path, source, status=1)
    assert f"{source}!A{line}: row '**Weather**' is not a row a journey map has; not read" in err


def test_tables_whose_headers_name_stages_stay_grids(tmp_path: Path) -> None:
    source = tmp_path / "map.md"
    source.write_text(
        "## Map\n\n### A\n\n| | Awareness |\n|---|---|\n| Actions | Looks |\n\n"
        "### B\n\n| | Buying |\n|---|---|\n| Actions | Pays |\n",
        encoding="utf-8",
    )
    folder, _, _ = run(tmp_path, source)
    (persona,) = load_handbook(folder, tmp_path).personas
    assert [[s.name for s in j.stages] for j in persona.journeys] == [["Awareness"], ["Buying"]]


def test_html_tables_under_stage_headings_are_one_journey(tmp_path: Path) -> None:
    table = "<table><tr><th>Row</th><th>Detail</th></tr><tr><td><b>Actions</b></td><td>{}</td></tr></table>"
    source = tmp_path / "map.html"
    source.write_text(
        f"<h1>Map</h1><h2>1. Look</h2>{table.format('Looks')}<h2>2. Buy</h2>{table.format('Pays')}",
        encoding="utf-8",
    )
    folder, _, _ = run(tmp_path, source)
    (persona,) = load_handbook(folder, tmp_path).personas
    (journey,) = persona.journeys
    assert journey.title == "Map"
    assert [(s.name, s.steps[0].action) for s in journey.stages] == [
        ("Look", "Looks"),
        ("Buy", "Pays"),
    ]


# --- Enablement Map Studio: cjm, sbp, outcome and em documents ----------------------------------

STUDIO = """\
kind: cjm
version: '1.0'
id: cjm:claims
persona:
  name: Tom
  description: A homeowner.
phases:
  - id: cjm:phase:report
    name: 報告
  - id: cjm:phase:settle
    name: Settle
actions:
  - id: cjm:action:call
    name: Calls the line
    phase: cjm:phase:report
    touchpoints: [Phone, Website]
    thoughts_feelings: [Will they cover it?]
    emotion_score: -2
  - id: cjm:action:paid
    name: Is paid
    phase: Settle
    emotion_score: 2
---
kind: sbp
version: '1.0'
id: sbp:claims
lanes:
  - {id: sbp:lane:cjm, name: Customer Journey, kind: cjm}
  - {id: sbp:lane:growth, name: Growth, kind: team, description: Runs the claims desk.}
  - {id: sbp:lane:systems, name: Systems, kind: system}
  - {id: sbp:lane:evidence, name: Physical evidence, kind: human}
tasks:
  - {id: cjm:action:call, lane: sbp:lane:cjm, name: Calls the line, readonly: true, position: {x: 0, y: 50}}
  - {id: cjm:action:paid, lane: sbp:lane:cjm, name: Is paid, readonly: true, position: {x: 500, y: 50}}
  - {id: sbp:task:answer, lane: sbp:lane:growth, name: Answers, source_id: cjm:action:call}
  - {id: sbp:task:log, lane: sbp:lane:systems, name: Logs the claim, description: In the CRM.}
  - {id: sbp:task:letter, lane: sbp:lane:evidence, name: Settlement letter, position: {x: 620, y: 10}}
connections:
  - {source: sbp:task:answer, target: sbp:task:log, sourceHandle: right, targetHandle: left}
---
kind: outcome
version: '1.0'
id: oc:claims
kgi: {id: oc:kgi, name: Claims settled fast}
primary_csf: {id: oc:csf, kgi_id: oc:kgi, source_id: sbp:task:answer, rationale: Answer first time}
primary_kpi: {id: oc:kpi, csf_id: oc:csf, name: First-call resolution, unit: '%', target: 80}
---
kind: em
version: '1.0'
id: em:claims
outcomes:
  - {id: em:outcome:fcr, source_id: oc:kpi}
actions:
  - {id: em:act:script, name: Write a call script, source_id: sbp:task:answer}
skills:
  - id: em:skill:calls
    name: Call handling
    action_id: em:act:script
    learnings: [{title: Course, url: "https://lms.example/calls"}]
tools:
  - {id: em:tool:x, name: Dialler, action_id: em:act:script, url: "javascript:alert(1)"}
"""


def test_enablement_map_studio_documents_each_find_their_place(tmp_path: Path) -> None:
    source = tmp_path / "studio.yaml"
    source.write_text(STUDIO, encoding="utf-8")
    folder, out, err = run(tmp_path, source)
    assert "4 documents \u2192 2 stages, 2 steps" in out
    (persona,) = load_handbook(folder, tmp_path).personas
    assert (persona.profile.name, persona.profile.summary) == ("Tom", "A homeowner.")
    (journey,) = persona.journeys
    assert journey.title == "Claims"  # from the document's id
    report, settle = journey.stages
    assert report.id == "report"  # the name gives no slug: the phase's id does
    assert [(s.action, s.emotion) for s in report.steps] == [("Calls the line", 1)]
    assert [(s.action, s.emotion) for s in settle.steps] == [("Is paid", 5)]
    assert report.thoughts == ["Will they cover it?"]
    assert "touchpoint 'Website' of stage '報告' has no step to link it to" in err
    assert report.backstage == ["Growth: Answers"]
    assert report.support == ["Systems: Logs the claim \u2014 In the CRM."]  # by its arrow
    assert "placed in stage '報告' by its arrow from 'sbp:task:answer'" in err
    assert settle.physical_evidence == ["Physical evidence: Settlement letter"]  # by position
    assert "under the action 'cjm:action:paid' on the canvas" in err
    assert journey.stakeholders == ["growth"]
    assert report.goal == "Critical success factor: Answer first time"
    assert [(m.name, m.target) for m in report.metrics] == [("First-call resolution", "80%")]
    assert journey.scenario is not None
    assert "* **Growth**: Runs the claims desk." in journey.scenario
    assert "Claims settled fast" in journey.scenario
    (idea,) = report.opportunities
    assert (idea.title, idea.lane) == ("Write a call script", "backstage")
    assert idea.detail == (
        "* Skill: Call handling\n    * Learning: Course <https://lms.example/calls>\n"
        "* Tool: Dialler (javascript:alert(1))"  # an address that is not the web's: text only
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ("    phase: Settle\n", "    phase: Nowhere\n"),
        ("source_id: sbp:task:answer, rationale", "source_id: sbp:task:gone, rationale"),
        ("action_id: em:act:script, url", "action_id: em:act:gone, url"),
        (
            "  - {id: sbp:task:letter, lane: sbp:lane:evidence, name: Settlement letter, position: {x: 620, y: 10}}\n",
            "  - {id: sbp:task:alone, lane: sbp:lane:evidence, name: Alone}\n",
        ),
    ],
    ids=["unknown-phase", "csf-of-no-task", "tool-of-no-action", "task-of-no-stage"],
)
def test_an_enablement_map_piece_with_no_place_stops_the_import(
    tmp_path: Path, edit: str, message: str
) -> None:
    source = tmp_path / "studio.yaml"
    assert edit in STUDIO
    source.write_text(STUDIO.replace(edit, message), encoding="utf-8")
    folder, _, err = run(tmp_path, source, status=1)
    assert "have no place in a journey map" in err
    assert any(
        line.startswith(f"note: {source}:") and line.endswith("not read")
        for line in err.splitlines()
    ), err
    assert not (folder / "p.yml").exists()
    run(tmp_path, source, "--allow-partial")
    assert "# Left out of this import" in (folder / "p.yml").read_text(encoding="utf-8")
