"""Invalid values and references: every problem, at its exact line and column, in one run."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import pytest
from conftest import ONE_TOUCHPOINT_CATALOG, mkdocs_build_cli, refusal_lines

from journey_maps.source.handbook import load_handbook

if TYPE_CHECKING:
    from pathlib import Path

CATALOG = ONE_TOUCHPOINT_CATALOG

VALID_PERSONA = """\
persona:
  name: Maya Chen
  role: First-time home buyer
journeys:
  - id: buying
    title: Buying a policy
    evidence:
      - id: interviews
        kind: solicited
        source: 12 interviews
    stages:
      - id: awareness
        name: Awareness
        emotion: 3
        steps:
          - action: Searches
            touchpoint: pricing-page
        pain_points:
          - id: jargon
            title: Jargon
            evidence: [interviews]
        opportunities:
          - id: plain-words
            title: Plain words
            addresses: [jargon]
"""


def problems_for(
    tmp_path: Path, persona: str, catalog: str = CATALOG, name: str = "maya.yml"
) -> list[str]:
    return refusal_lines(tmp_path, {name: textwrap.dedent(persona)}, catalog)


def test_valid_file_loads(tmp_path: Path) -> None:
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "_catalog.yml").write_text(CATALOG)
    (folder / "maya.yml").write_text(VALID_PERSONA)
    handbook = load_handbook(folder, tmp_path)
    assert [p.id for p in handbook.personas] == ["maya"]
    assert handbook.personas[0].journeys[0].stages[0].steps[0].emotion == 3  # inherited from stage


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # enum values
        (
            "        emotion: 3\n",
            "        emotion: 7\n",
            "journeys/maya.yml:14:18: journeys[0].stages[0].emotion: must be an integer from 1 to 5, got 7",
        ),
        (
            "        emotion: 3\n",
            "        emotion: high\n",
            "journeys/maya.yml:14:18: journeys[0].stages[0].emotion: must be an integer from 1 "
            "to 5 or one of: very negative, negative, neutral, positive, very positive; got 'high'",
        ),
        (
            "            title: Jargon\n",
            "            title: Jargon\n            severity: urgent\n",
            "journeys/maya.yml:21:23: journeys[0].stages[0].pain_points[0].severity: must be one of low, medium, "
            "high, critical; got 'urgent'",
        ),
        (
            "        kind: solicited\n",
            "        kind: solicitted\n",
            "journeys/maya.yml:9:15: journeys[0].evidence[0].kind: must be one of solicited, unsolicited; got "
            "'solicitted' (did you mean 'solicited'?)",
        ),
        (
            "    title: Buying a policy\n",
            "    title: Buying a policy\n    type: current\n",
            "journeys/maya.yml:7:11: journeys[0].type: must be one of current-state, future-state, "
            "day-in-the-life, service-blueprint; got 'current' (did you mean 'current-state'?)",
        ),
        # slugs and dates
        (
            "  - id: buying\n",
            "  - id: Buying Now\n",
            "journeys/maya.yml:5:9: journeys[0].id: must be an id of lowercase letters, digits and single hyphens "
            "(at most 64 characters), got 'Buying Now'",
        ),
        (
            "  - id: buying\n",
            "  - id: 42\n",
            "journeys/maya.yml:5:9: journeys[0].id: must be text, got 42 (put it in quotes)",
        ),
        (
            "    title: Buying a policy\n",
            "    title: Buying a policy\n    last_reviewed: 2026-02-30\n",
            "journeys/maya.yml:7:20: journeys[0].last_reviewed: 2026-02-30 is not a real date (the month or day does not exist)",
        ),
        (
            "    title: Buying a policy\n",
            "    title: Buying a policy\n    last_reviewed: last week\n",
            "journeys/maya.yml:7:20: journeys[0].last_reviewed: must be a date written YYYY-MM-DD, got 'last week'",
        ),
        # shapes
        (
            "    title: Buying a policy\n",
            "    title: [Buying, a policy]\n",
            "journeys/maya.yml:6:12: journeys[0].title: must be text, got a list",
        ),
        (
            "            addresses: [jargon]\n",
            "            addresses: jargon\n",
            "journeys/maya.yml:25:24: journeys[0].stages[0].opportunities[0].addresses: must be a list, got 'jargon'",
        ),
        (
            "  role: First-time home buyer\n",
            "",
            "journeys/maya.yml:2:3: persona: missing required key 'role'",
        ),
        # unknown keys
        (
            "      - id: awareness\n",
            "      - id: awareness\n        feelings: Curious\n",
            "journeys/maya.yml:13:9: journeys[0].stages[0].feelings: unknown key 'feelings' (did you mean 'feeling'?)",
        ),
        # references
        (
            "            touchpoint: pricing-page\n",
            "            touchpoint: pricng-page\n",
            "journeys/maya.yml:17:25: touchpoint 'pricng-page' is not in _catalog.yml (did you mean 'pricing-page'?)",
        ),
        (
            "            evidence: [interviews]\n",
            "            evidence: [interview]\n",
            "journeys/maya.yml:21:24: evidence 'interview' is not in this journey's evidence "
            "(did you mean 'interviews'?)",
        ),
        (
            "            addresses: [jargon]\n",
            "            addresses: [jargn]\n",
            "journeys/maya.yml:25:25: pain point 'jargn' is not in this journey (did you mean 'jargon'?)",
        ),
        (
            "    title: Buying a policy\n",
            "    title: Buying a policy\n    owner: grwth\n",
            "journeys/maya.yml:7:12: team 'grwth' is not in _catalog.yml (did you mean 'growth'?)",
        ),
        (
            "  role: First-time home buyer\n",
            "  role: First-time home buyer\n  channels: [webb]\n",
            "journeys/maya.yml:4:14: channel 'webb' is not in _catalog.yml (did you mean 'web'?)",
        ),
        (
            "    title: Buying a policy\n",
            "    title: Buying a policy\n    compare_to: buyin\n",
            "journeys/maya.yml:7:17: journey 'buyin' is not in this persona's other journeys "
            "(this persona's other journeys has none)",
        ),
        # uniqueness and inheritance
        (
            "            title: Plain words\n",
            "            title: Plain words\n          - id: plain-words\n"
            "            title: Again\n",
            "journeys/maya.yml:25:17: pain point or opportunity id 'plain-words' is used twice in this journey "
            "(first on line 23)",
        ),
        (
            "        emotion: 3\n",
            "",
            "journeys/maya.yml:15:13: journeys[0].stages[0].steps[0]: no emotion; give this step or its stage an "
            "emotion from 1 to 5",
        ),
    ],
)
def test_each_problem_is_reported_at_its_value(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    assert old in VALID_PERSONA
    lines = problems_for(tmp_path, VALID_PERSONA.replace(old, new, 1))
    assert expected in lines, "\n".join(lines)
    assert lines[-1] == "1 error in 1 file"


def test_all_problems_of_all_files_in_one_run(tmp_path: Path) -> None:
    """Schema and reference errors of the same file, and of other files, come together, sorted."""
    broken = VALID_PERSONA.replace("emotion: 3", "emotion: 7").replace(
        "touchpoint: pricing-page", "touchpoint: x"
    )
    (tmp_path / "journeys").mkdir()
    (tmp_path / "journeys" / "zoe.yml").write_text("persona:\n  name: Zoe\n  rol: x\n")
    lines = problems_for(tmp_path, broken)
    assert lines == [
        "journeys/maya.yml:14:18: journeys[0].stages[0].emotion: must be an integer from 1 to 5, got 7",
        "journeys/maya.yml:17:25: touchpoint 'x' is not in _catalog.yml (did you mean 'pricing-page'?)",
        "journeys/zoe.yml:2:3: persona: missing required key 'role'",
        "journeys/zoe.yml:3:3: persona.rol: unknown key 'rol' (did you mean 'role'?)",
        "4 errors in 2 files",
    ]


def test_catalog_references_are_checked(tmp_path: Path) -> None:
    catalog = CATALOG.replace("    channel: web\n", "    channel: email\n").replace(
        "owner: growth", "owner: sales"
    )
    lines = problems_for(tmp_path, VALID_PERSONA, catalog=catalog)
    assert (
        "journeys/_catalog.yml:10:14: channel 'email' is not in _catalog.yml (did you mean 'web'?)"
        in lines
    )
    assert (
        "journeys/_catalog.yml:11:12: team 'sales' is not in _catalog.yml (did you mean 'growth'?)"
        in lines
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Maya Chen.yml", "file name 'Maya Chen' is not a valid persona id"),
        ("touchpoints.yml", "persona id 'touchpoints' is reserved for an index page"),
    ],
)
def test_bad_persona_file_names(tmp_path: Path, name: str, message: str) -> None:
    lines = problems_for(tmp_path, VALID_PERSONA, name=name)
    assert any(message in line and line.startswith(f"journeys/{name}:1:1: ") for line in lines), (
        lines
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("persona: [unclosed\n", "journeys/maya.yml:1:10: invalid YAML"),
        ("persona:\n\tname: x\n", "journeys/maya.yml:2:1: invalid YAML"),
        (
            "persona:\n  name: a\n  name: b\n",
            "journeys/maya.yml:3:3: duplicate key 'name' (first written on line 2)",
        ),
        ("persona: !!python/object:os.system {}\n", "journeys/maya.yml:1:10: YAML tag"),
        ("persona: !secret x\n", "journeys/maya.yml:1:10: YAML tag '!secret' is not allowed"),
        ("- a\n- b\n", "journeys/maya.yml:1:1: the file must be a mapping"),
        ("", "journeys/maya.yml:1:1: file is empty"),
    ],
)
def test_unreadable_yaml(tmp_path: Path, text: str, message: str) -> None:
    lines = problems_for(tmp_path, text)
    assert any(line.startswith(message) for line in lines), lines


def test_yaml_1_2_scalars_stay_text(tmp_path: Path) -> None:
    """`no`, `on` and `7:30` are text, not YAML 1.1 booleans and sexagesimal numbers."""
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "_catalog.yml").write_text(CATALOG)
    text = VALID_PERSONA.replace(
        "  role: First-time home buyer", "  role: First-time home buyer\n  segment: no"
    )
    text = text.replace(
        "        name: Awareness\n", "        name: Awareness\n        time: 7:30\n"
    )
    (folder / "maya.yml").write_text(text)
    persona = load_handbook(folder, tmp_path).personas[0]
    assert persona.profile.segment == "no"
    assert persona.journeys[0].stages[0].time == "07:30"


def test_stage_emotion_is_rounded_mean_of_steps(tmp_path: Path) -> None:
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "_catalog.yml").write_text(CATALOG)
    text = VALID_PERSONA.replace("        emotion: 3\n", "").replace(
        "            touchpoint: pricing-page\n",
        "            touchpoint: pricing-page\n            emotion: 2\n          - action: Calls\n"
        "            emotion: 3\n          - action: Waits\n",
    )
    (folder / "maya.yml").write_text(text)
    stage = load_handbook(folder, tmp_path).personas[0].journeys[0].stages[0]
    assert stage.emotion == 3  # mean 2.5 rounds half up
    assert stage.emotion_inferred
    assert [s.emotion for s in stage.steps] == [2, 3, 3]  # the unrated step takes the stage's


def test_mkdocs_build_stops_with_the_report_and_no_traceback(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "docs" / "index.md").write_text("# Home\n")
    (project / "journeys").mkdir()
    (project / "journeys" / "_catalog.yml").write_text(CATALOG)
    (project / "journeys" / "maya.yml").write_text(
        VALID_PERSONA.replace("emotion: 3", "emotion: 9")
    )
    (project / "mkdocs.yml").write_text(
        "site_name: T\ntheme:\n  name: material\nplugins:\n  - search\n  - journey-maps\n"
    )
    result = mkdocs_build_cli(project)
    assert result.returncode == 1
    assert (
        "journeys/maya.yml:14:18: journeys[0].stages[0].emotion: must be an integer from 1 to 5, got 9"
        in (result.stderr)
    )
    assert "1 error in 1 file" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert not (project / "site" / "journeys").exists()


# --- where a pain point or opportunity sits on a service blueprint (issue 22) --------------

PLACED = VALID_PERSONA.replace(
    "            evidence: [interviews]\n",
    "            evidence: [interviews]\n            step: {pain_step}\n            lane: {pain_lane}\n",
).replace(
    "            addresses: [jargon]\n",
    "            addresses: [jargon]\n            step: {step}\n",
)


def test_old_files_without_lanes_or_steps_stay_valid(tmp_path: Path) -> None:
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "_catalog.yml").write_text(CATALOG)
    (folder / "maya.yml").write_text(VALID_PERSONA)
    stage = load_handbook(folder, tmp_path).personas[0].journeys[0].stages[0]
    assert (stage.pain_points[0].lane, stage.pain_points[0].step) == (None, None)
    assert stage.physical_evidence == []


def test_a_pain_point_names_its_step_and_lane(tmp_path: Path) -> None:
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "_catalog.yml").write_text(CATALOG)
    text = PLACED.format(pain_step=1, pain_lane="backstage", step=1).replace(
        "        steps:\n", "        physical_evidence: [Quote letter]\n        steps:\n"
    )
    (folder / "maya.yml").write_text(text)
    stage = load_handbook(folder, tmp_path).personas[0].journeys[0].stages[0]
    assert (stage.pain_points[0].step, stage.pain_points[0].lane) == (1, "backstage")
    assert (stage.opportunities[0].step, stage.opportunities[0].lane) == (1, None)
    assert stage.physical_evidence == ["Quote letter"]


def test_a_step_past_the_stage_steps_is_reported_at_its_value(tmp_path: Path) -> None:
    lines = problems_for(tmp_path, PLACED.format(pain_step=3, pain_lane="support", step=2))
    # Line 22 is the pain point's `step: 3`, line 28 the opportunity's `step: 2`.
    assert lines == [
        "journeys/maya.yml:22:19: step 3 is not in stage 'awareness': it has 1 step "
        "(did you mean 1?)",
        "journeys/maya.yml:28:19: step 2 is not in stage 'awareness': it has 1 step "
        "(did you mean 1?)",
        "2 errors in 1 file",
    ]


def test_a_step_in_a_stage_of_several_steps_names_the_range(tmp_path: Path) -> None:
    text = PLACED.format(pain_step=5, pain_lane="customer", step=1).replace(
        "            touchpoint: pricing-page\n",
        "            touchpoint: pricing-page\n          - action: Compares\n"
        "          - action: Asks a friend\n",
    )
    lines = problems_for(tmp_path, text)
    assert lines[0].endswith(
        "step 5 is not in stage 'awareness': it has 3 steps, numbered 1 to 3 "
        "(did you mean 3, the last one?)"
    ), lines
    assert lines[-1] == "1 error in 1 file"


@pytest.mark.parametrize(
    ("step", "message"),
    [
        ("0", "must be a whole number within the allowed range"),
        ("two", "must be a whole number, got 'two'"),
    ],
)
def test_a_step_is_a_number_from_one(tmp_path: Path, step: str, message: str) -> None:
    lines = problems_for(tmp_path, PLACED.format(pain_step=step, pain_lane="support", step=1))
    assert len(lines) == 2, lines
    assert lines[0].startswith("journeys/maya.yml:22:19: "), lines
    assert message in lines[0], lines


def test_a_lane_typo_gets_a_did_you_mean(tmp_path: Path) -> None:
    lines = problems_for(tmp_path, PLACED.format(pain_step=1, pain_lane="backstge", step=1))
    assert lines == [
        "journeys/maya.yml:23:19: journeys[0].stages[0].pain_points[0].lane: must be one of "
        "physical_evidence, customer, frontstage, backstage, support; got 'backstge' "
        "(did you mean 'backstage'?)",
        "1 error in 1 file",
    ]
