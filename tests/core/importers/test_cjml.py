"""CJML 2.0 XML in and out: `journey-maps import cjml` and `journey-maps export cjml`.

The example from CJML's own documentation is read as published (tests/fixtures/cjml);
the example handbook's journeys make a round trip through CJML and come back with the
same stages, steps, touchpoints, actors and emotions; hostile XML gets positioned
errors in bounded time, and nothing the import does not map is left without a note."""

from __future__ import annotations

import shutil
import time
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from conftest import FIXTURES, ROOT

from journey_maps.cli import main
from journey_maps.importers import ImportFailed
from journey_maps.importers.cjml import MAX_DEPTH, read_cjml
from journey_maps.source.handbook import load_handbook

if TYPE_CHECKING:
    from pathlib import Path

    from journey_maps.source.model import PersonaFile

DOCUMENTATION_EXAMPLE = FIXTURES / "cjml" / "cjml-no-data-format-example.xml"
PLANNED_AND_ACTUAL = """\
<?xml version="1.0" encoding="UTF-8"?>
<CJML version="2.0">
  <plannedJourney>
    <journeyID>PJ1</journeyID>
    <journeyTitle>Booking a repair as intended</journeyTitle>
    <journeyPhases>
      <journeyPhase phaseID="report"><phaseName>Report</phaseName></journeyPhase>
      <journeyPhase phaseID="repair"><phaseName>Repair</phaseName></journeyPhase>
    </journeyPhases>
    <actors>
      <endUser actorID="ann"><actorName>Ann</actorName></endUser>
      <serviceProvider actorID="hl"><companyName>Harbourline</companyName></serviceProvider>
    </actors>
    <touchpoints>
      <plannedCommunicationPoint>
        <touchpointID>T1</touchpointID>
        <belongsTo phaseIDref="report"/>
        <initiator><refersTo actorIDref="ann"/><initiatorLabel>Reports the leak</initiatorLabel></initiator>
        <receiver><refersTo actorIDref="hl"/><receiverLabel>Claim opened</receiverLabel></receiver>
        <channel><channelName>Pricing page</channelName></channel>
      </plannedCommunicationPoint>
      <plannedAction>
        <touchpointID>T2</touchpointID>
        <belongsTo phaseIDref="repair"/>
        <initiator><refersTo actorIDref="hl"/><initiatorLabel>Sends a plumber</initiatorLabel></initiator>
        <touchPointDuration>P1D</touchPointDuration>
      </plannedAction>
    </touchpoints>
  </plannedJourney>
  <actualJourney>
    <journeyID>AJ1</journeyID>
    <journeyTitle>Ann's repair</journeyTitle>
    <plannedReference>PJ1</plannedReference>
    <journeyStatus>completed</journeyStatus>
    <journeyPhases>
      <journeyPhase phaseID="report">
        <phaseName>Report</phaseName>
        <phaseDescription>Get the leak on record</phaseDescription>
      </journeyPhase>
      <journeyPhase phaseID="repair"><phaseName>Repair</phaseName></journeyPhase>
    </journeyPhases>
    <actors>
      <endUser actorID="ann"><actorName>Ann</actorName></endUser>
      <serviceProvider actorID="hl"><companyName>Harbourline</companyName></serviceProvider>
    </actors>
    <touchpoints>
      <actualCommunicationPoint>
        <touchpointID>T1</touchpointID>
        <belongsTo phaseIDref="report"/>
        <initiator><refersTo actorIDref="ann"/><initiatorLabel>Reports the leak</initiatorLabel></initiator>
        <receiver><refersTo actorIDref="hl"/><receiverLabel>Claim opened</receiverLabel></receiver>
        <channel><channelName>pricing-page</channelName></channel>
        <comment>Took three calls</comment>
        <touchpointExperience>
          <experienceDescription>Why is nobody answering?</experienceDescription>
          <experienceRating>2</experienceRating>
        </touchpointExperience>
      </actualCommunicationPoint>
      <actualAction>
        <touchpointID>T2</touchpointID>
        <belongsTo phaseIDref="repair"/>
        <initiator><refersTo actorIDref="hl"/><initiatorLabel>Sends a plumber</initiatorLabel></initiator>
        <touchpointExperience><experienceRating>4.6</experienceRating></touchpointExperience>
      </actualAction>
      <actualAction>
        <touchpointID>T3</touchpointID>
        <belongsTo phaseIDref="report"/>
        <initiator><refersTo actorIDref="ann"/><initiatorLabel>Complains</initiatorLabel></initiator>
        <touchpointExperience><experienceRating>9</experienceRating></touchpointExperience>
      </actualAction>
    </touchpoints>
  </actualJourney>
</CJML>
"""
CATALOG = """\
channels: [{id: web, name: Website}]
teams: [{id: growth, name: Growth}]
touchpoints: [{id: pricing-page, name: Pricing page, channel: web, owner: growth}]
"""


def journeys_folder(tmp_path: Path, catalog: str = CATALOG) -> Path:
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "_catalog.yml").write_text(catalog, encoding="utf-8")
    return folder


def import_cjml_cli(
    tmp_path: Path, source: Path, capsys: pytest.CaptureFixture[str], *options: str
) -> tuple[int, dict[str, Any], str]:
    """`journey-maps import cjml` into a new journeys folder: exit code, the written persona
    file's data and standard error."""
    folder = journeys_folder(tmp_path)
    code = main(["import", "cjml", str(source), "--dir", str(folder), "--persona", "ann", *options])
    err = capsys.readouterr().err
    written = folder / "ann.yml"
    data = yaml.safe_load(written.read_text(encoding="utf-8")) if written.exists() else {}
    return code, data, err


def test_the_documentation_example_imports_with_notes_for_what_it_lacks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, data, err = import_cjml_cli(tmp_path, DOCUMENTATION_EXAMPLE, capsys)
    assert code == 0, err
    assert data["persona"]["name"] == "Carl"
    [journey] = data["journeys"]
    assert (journey["id"], journey["title"], journey["type"]) == ("aj1", "AJ1", "current-state")
    [stage] = journey["stages"]
    assert stage["steps"] == [
        {"action": "Customer creates account → Account registered", "actors": ["Carl", "Bookis"]}
    ]
    shown = str(DOCUMENTATION_EXAMPLE)
    assert f"{shown}:20:11: actor 'Bookis' is not among the journey's actors; kept by its id" in err
    assert "has no journeyTitle" in err
    assert "1 touchpoint(s) not in _catalog.yml: Web; a catalog snippet is at the top" in err
    assert "role is a placeholder" in err
    # The snippet is the one every import writes (StagePlacer's), with the channel's place.
    header = (tmp_path / "journeys" / "ann.yml").read_text(encoding="utf-8").split("\npersona:")[0]
    assert "Touchpoints named in the input that are not in _catalog.yml" in header
    assert "#   - id: web\n#     name: Web\n#     channel: TODO\n" in header
    assert f"#     # {shown}:" in header


def test_planned_and_actual_journeys_become_future_and_current_state_compared(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "repair.xml"
    source.write_text(PLANNED_AND_ACTUAL, encoding="utf-8")
    code, data, err = import_cjml_cli(tmp_path, source, capsys, "--persona-role", "Tenant")
    assert code == 0, err
    planned, actual = data["journeys"]
    assert (planned["id"], planned["type"], planned["compare_to"]) == ("pj1", "future-state", "aj1")
    assert (actual["id"], actual["type"]) == ("aj1", "current-state")
    assert "compare_to" not in actual
    report, repair = actual["stages"]
    assert report["goal"] == "Get the leak on record"
    assert report["thoughts"] == ["Why is nobody answering?"]
    assert [s["action"] for s in report["steps"]] == [
        "Reports the leak → Claim opened",
        "Complains",
    ]
    assert report["steps"][0] == {
        "action": "Reports the leak → Claim opened",
        "touchpoint": "pricing-page",  # the channel named by the catalog touchpoint's id
        "emotion": 2,
        "actors": ["Ann", "Harbourline"],
    }
    assert repair["steps"] == [
        {"action": "Sends a plumber", "emotion": 5, "actors": ["Harbourline"]}
    ]
    # A planned journey has no experience: its stages are set neutral, and it is said.
    assert [s["emotion"] for s in planned["stages"]] == [3, 3]
    assert planned["stages"][0]["steps"][0]["touchpoint"] == "pricing-page"  # by the name
    at = str(source)
    for expected in (
        f"{at}:26:9: <touchPointDuration> 'P1D' has no place in a journey map; not kept",
        f"{at}:34:5: <journeyStatus> 'completed' has no place in a journey map; not kept",
        f"{at}:53:9: <comment> 'Took three calls' has no place in a journey map; not kept",
        f"{at}:63:31: rating 4.6 kept as 5",
        f"{at}:69:31: rating '9' is not on the 1 to 5 scale; no emotion kept",
        f"{at}:65:7: this touchpoint comes after touchpoints of a later phase; listed with "
        "its own phase, 'Report'",
        "stage 'Report' has no rated experience; its emotion is set to 3 (neutral)",
    ):
        assert expected in err
    assert "ann.yml" in capsys.readouterr().out or (tmp_path / "journeys" / "ann.yml").exists()


def shape(persona: PersonaFile) -> list[Any]:
    """What a round trip through CJML must keep, after the format's emotion inheritance."""
    return [
        (
            journey.id,
            journey.title,
            journey.type,
            journey.compare_to,
            [
                (
                    stage.id,
                    stage.name,
                    stage.goal,
                    stage.emotion,
                    stage.emotion_inferred,
                    [(s.action, s.touchpoint, s.emotion, s.actors) for s in stage.steps],
                )
                for stage in journey.stages
            ],
        )
        for journey in persona.journeys
    ]


def test_the_example_handbook_makes_a_round_trip_through_cjml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    original = load_handbook(ROOT / "journeys", ROOT)
    back = tmp_path / "back"
    back.mkdir()
    shutil.copy(ROOT / "journeys" / "_catalog.yml", back / "_catalog.yml")
    monkeypatch.chdir(tmp_path)
    for persona in original.personas:
        code = main(
            [
                "export",
                "cjml",
                persona.id,
                "--dir",
                str(ROOT / "journeys"),
                "-o",
                f"{persona.id}.xml",
            ]
        )
        err = capsys.readouterr().err
        assert code == 0, err
        assert f"journey {persona.journeys[0].id!r}: " in err  # what CJML cannot hold is said
        assert "pain point" in err or persona.id == "none"
        code = main(
            ["import", "cjml", f"{persona.id}.xml", "--dir", str(back), "--persona", persona.id]
        )
        err = capsys.readouterr().err
        assert code == 0, err
    again = load_handbook(back, tmp_path)
    assert [p.id for p in again.personas] == [p.id for p in original.personas]
    for before, after in zip(original.personas, again.personas, strict=True):
        assert shape(after) == shape(before)
        assert (after.profile.name, after.profile.role) == (
            before.profile.name,
            before.profile.role,
        )
    steps = sum(len(s.steps) for p in again.personas for j in p.journeys for s in j.stages)
    assert steps == 74  # every step of the seven journeys came back


def test_export_writes_one_journey_to_standard_output(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    code = main(["export", "cjml", "first-time-buyer", "buying-home-cover-2027"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    assert captured.out.count("<plannedJourney") == 1
    assert "<actualJourney" not in captured.out
    assert 'jm:emotion="' in captured.out  # emotions of planned touchpoints, in the extension
    assert "compare_to 'buying-home-cover' is not in this export" in captured.err


@pytest.mark.parametrize("output", ["../outside.xml", "/tmp/journey-maps-cjml-outside.xml"])
def test_export_writes_only_inside_the_current_folder(
    tmp_path: Path, output: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    code = main(
        ["export", "cjml", "first-time-buyer", "--dir", str(ROOT / "journeys"), "-o", output]
    )
    assert code == 2
    assert "write inside the current folder" in capsys.readouterr().err
    assert not (tmp_path / "outside.xml").exists()


def test_export_refuses_to_write_through_a_link(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    (work / "out").symlink_to(outside)
    monkeypatch.chdir(work)
    code = main(
        ["export", "cjml", "first-time-buyer", "--dir", str(ROOT / "journeys"), "-o", "out/x.xml"]
    )
    assert code == 2
    assert "link" in capsys.readouterr().err
    assert list(outside.iterdir()) == []


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE CJML [
  <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
  <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
]>
<CJML version="2.0"><actualJourney><journeyID>&e;</journeyID></actualJourney></CJML>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE CJML [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<CJML version="2.0"><actualJourney><journeyID>&secret;</journeyID></actualJourney></CJML>
"""


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (BILLION_LAUGHS, ":2:1: a DOCTYPE declaration; CJML needs none"),
        (EXTERNAL_ENTITY, ":2:1: a DOCTYPE declaration; CJML needs none"),
        (
            '<CJML version="2.0">\n  <actualJourney>\n</CJML>\n',
            ":3:3: not well-formed XML (mismatched tag)",
        ),
        ("<journeys/>", ":1:1: the root element is <journeys>, not <CJML>; not a CJML file"),
        (
            "<CJML>" + "<x>" * (MAX_DEPTH + 10),
            f":1:{7 + 3 * (MAX_DEPTH - 1)}: elements nested more than {MAX_DEPTH} deep",
        ),
        ('<CJML version="2.0"></CJML>', ": no plannedJourney or actualJourney; nothing to import"),
        (b"<CJML>\xff</CJML>", ":1:7: not well-formed XML (not well-formed (invalid token))"),
    ],
    ids=["billion-laughs", "external-entity", "unclosed", "not-cjml", "deep", "empty", "not-utf8"],
)
def test_hostile_or_broken_xml_is_refused_with_its_position(
    tmp_path: Path, content: str | bytes, expected: str
) -> None:
    source = tmp_path / "hostile.xml"
    if isinstance(content, bytes):
        source.write_bytes(content)
    else:
        source.write_text(content, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ImportFailed) as refused:
        read_cjml(source)
    assert time.monotonic() - started < 2
    [problem] = refused.value.problems
    assert problem.startswith(str(source)), problem
    assert expected in problem


def test_a_file_over_the_import_size_limit_is_not_read(tmp_path: Path) -> None:
    source = tmp_path / "huge.xml"
    with source.open("wb") as file:
        file.truncate(20_000_001)
    with pytest.raises(ImportFailed, match="more than the 20,000,000 an import reads"):
        read_cjml(source)


def test_many_elements_are_refused_before_memory_grows(tmp_path: Path) -> None:
    source = tmp_path / "wide.xml"
    source.write_text("<CJML>" + "<x/>" * 250_000 + "</CJML>", encoding="utf-8")
    with pytest.raises(ImportFailed, match="more than 200,000 elements; not a journey"):
        read_cjml(source)


def test_control_characters_and_unknown_attributes_are_named(tmp_path: Path) -> None:
    source = tmp_path / "odd.xml"
    source.write_text(
        '<CJML version="2.0">\n<actualJourney colour="red"><journeyID>J1</journeyID>'
        "<journeyTitle>A\u009btitle</journeyTitle></actualJourney>\n</CJML>",
        encoding="utf-8",
    )
    result = read_cjml(source)
    [journey] = result.personas["odd"]["journeys"]
    assert journey["title"] == "A title"
    notes = "\n".join(result.notes)
    assert f"{source}:2:1: attribute colour='red' of <actualJourney> has no place" in notes
    assert "control character U+009B replaced by a space" in notes
