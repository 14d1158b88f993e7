"""Measured data on the map and evidence strength (issue 13, points 2 and 3).

* The reader: every scale mapped onto 1-5, stages by id or name, steps by number or action,
  bad rows as `file:line: message` all at once (capped), a million rows streamed in bounded
  memory.
* Real builds: stage pages show the measured score, count, period and verbatims (a hostile
  verbatim stays text), the grid shows measured beside assumed, evidence strength is on
  every stage and counted on the landing and review pages.
* Warnings: assumed vs measured beyond the margin, maps without evidence; `validate` prints
  them (with `--margin`) and `mkdocs build --strict` fails on them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest
from conftest import Site, build_project, make_project, mkdocs_warnings
from html_tools import article, text

from journey_maps.cli import main
from journey_maps.source.handbook import load_handbook
from journey_maps.source.measured_data import to_emotion
from journey_maps.source.problems import JourneyMapsError
from journey_maps.views.evidence import measured_warnings, stage_measures, strength_counts

if TYPE_CHECKING:
    from pathlib import Path

CATALOG = """\
channels: [{id: web, name: Website}]
teams: [{id: growth, name: Growth}]
touchpoints: [{id: pricing-page, name: Pricing page, channel: web}]
"""

MAYA = """\
persona:
  name: Maya Chen
  role: First-time home buyer
journeys:
  - id: buying-a-policy
    title: Buying a home insurance policy
    evidence:
      - id: complaints
        kind: unsolicited
        source: Complaints about quotes
    data:
      - file: _data/nps.csv
        scale: nps
        source: Post-purchase NPS survey
    stages:
      - id: research
        name: Research
        emotion: 3
        steps:
          - action: Reads reviews
      - id: decision
        name: Decision
        emotion: 2
        steps:
          - action: Reads the quote
            touchpoint: pricing-page
          - action: Pays
        pain_points:
          - id: jargon
            title: Quotes are full of jargon
            evidence: [complaints]
      - id: onboarding
        name: Onboarding
        emotion: 4
"""

NPS_CSV = """\
date,score,verbatim,stage,step,touchpoint,source
2026-09-01,2,"The excess was never explained",decision,1,,Survey
2026-09-03,3,"<script>window.__xss=1</script> & <b>bold</b>",Decision,,pricing-page,Survey
2026-09-20,4,,decision,Pays,,Survey
2026-08-15,6,Fine,research,,,Survey
"""


def page_text(html: str) -> str:
    return text(article(html))


def write_handbook(tmp_path: Path, *, maya: str = MAYA, csv: str = NPS_CSV) -> Path:
    folder = tmp_path / "journeys"
    (folder / "_data").mkdir(parents=True)
    (folder / "_catalog.yml").write_text(CATALOG, encoding="utf-8")
    (folder / "maya.yml").write_text(maya, encoding="utf-8")
    (folder / "_data" / "nps.csv").write_text(csv, encoding="utf-8")
    return folder


def load(tmp_path: Path, **files: str) -> Any:
    folder = write_handbook(tmp_path, **files)
    return load_handbook(folder, tmp_path)


def problems_of(tmp_path: Path, **files: str) -> list[str]:
    with pytest.raises(JourneyMapsError) as error:
        load(tmp_path, **files)
    return [str(p) for p in error.value.problems]


# --- the reader -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scale", "score", "emotion"),
    [
        ("nps", 0, 1),
        ("nps", 5, 3),
        ("nps", 10, 5),
        ("csat", 1, 1),
        ("csat", 4, 4),
        ("ces", 1, 1),
        ("ces", 4, 3),
        ("ces", 7, 5),
        ("sentiment", -1, 1),
        ("sentiment", 0, 3),
        ("sentiment", 0.5, 4),
    ],
)
def test_scales_map_onto_the_emotion_scale(scale: str, score: float, emotion: float) -> None:
    assert to_emotion(scale, score) == pytest.approx(emotion)


def test_rows_are_aggregated_per_stage_and_step(tmp_path: Path) -> None:
    handbook = load(tmp_path)
    persona = handbook.personas[0]
    journey = persona.journeys[0]
    measures = stage_measures(handbook, persona, journey)
    assert list(measures) == ["research", "decision"]  # in stage order; onboarding has none
    decision = measures["decision"]
    assert decision.total.count == 3
    assert decision.total.raw_mean == pytest.approx(3.0)
    assert decision.score == pytest.approx(2.2)  # NPS 3 -> 1 + 4 * 0.3
    assert decision.period == "2026-09-01 to 2026-09-20"
    assert decision.assumed == 2
    # Most recent first; the third row has no verbatim.
    assert [v.text for v in decision.total.verbatims] == [
        "<script>window.__xss=1</script> & <b>bold</b>",
        "The excess was never explained",
    ]
    data = handbook.measured[("maya", "buying-a-policy")][0]
    # Step 1 by number and by its touchpoint; step 2 by its action text.
    assert data.steps[("decision", 0)].count == 2
    assert data.steps[("decision", 1)].count == 1
    assert data.sources == ["Survey"]


def test_bad_rows_are_reported_with_their_lines_all_at_once(tmp_path: Path) -> None:
    csv = (
        "date,score,verbatim,stage,step\n"
        "2026-09-01,2,ok,decision,\n"
        "2026-02-30,2,,decision,\n"
        "2026-09-01,eleven,,decision,\n"
        '2026-09-01,11,"a verbatim\nover two lines",decision,\n'
        "2026-09-01,3,,checkout,\n"
        "2026-09-01,3,,decision,9\n"
    )
    folder = write_handbook(tmp_path, csv=csv)
    # Another persona file with a YAML mistake: reported in the same run, with its column.
    broken = MAYA.replace("_data/nps.csv", "_data/other.csv").replace("emotion: 4", "emotion: 9")
    (folder / "priya.yml").write_text(broken, encoding="utf-8")
    with pytest.raises(JourneyMapsError) as error:
        load_handbook(folder, tmp_path)
    found = [str(p) for p in error.value.problems]
    assert found[0].startswith("journeys/_data/nps.csv:3: date must be written YYYY-MM-DD")
    assert (
        "journeys/_data/nps.csv:4: score must be a number on the NPS (0-10) scale, got 'eleven'"
        in found
    )
    assert (
        "journeys/_data/nps.csv:5: score must be from 0 to 10 on the NPS (0-10) scale, got '11'"
        in found
    )
    assert any(
        p.startswith("journeys/_data/nps.csv:7: stage 'checkout' is not a stage") for p in found
    )
    assert any(
        p.startswith("journeys/_data/nps.csv:8: step '9' is not a step of stage 'decision'")
        for p in found
    )
    assert any(p.startswith("journeys/priya.yml:34:18: ") and "got 9" in p for p in found)
    assert not any("nps.csv:2:" in p for p in found)


def test_many_bad_rows_are_capped_and_counted(tmp_path: Path) -> None:
    csv = "date,score,verbatim,stage\n" + "".join(
        f"2026-09-01,{100 + i},,decision\n" for i in range(120)
    )
    found = problems_of(tmp_path, csv=csv)
    assert len(found) == 51
    assert found[0].startswith("journeys/_data/nps.csv:2: score must be from 0 to 10")
    assert found[-1] == (
        "journeys/_data/nps.csv:52: and 70 more bad rows from here on, not listed "
        "(the first 50 are); fix these and run again"
    )


@pytest.mark.parametrize(
    ("csv", "expected"),
    [
        ("", "nps.csv:1: the file is empty"),
        (
            "when,score,stage\n2026-09-01,3,decision\n",
            "nps.csv:1: the header row has no column 'date'",
        ),
        ("date,score,verbatim,stage\n", "nps.csv:1: has no rows of data under its header"),
    ],
)
def test_broken_files_say_why(tmp_path: Path, csv: str, expected: str) -> None:
    assert any(expected in p for p in problems_of(tmp_path, csv=csv))


def test_not_utf8_is_reported_at_its_line(tmp_path: Path) -> None:
    folder = write_handbook(tmp_path)
    (folder / "_data" / "nps.csv").write_bytes(
        b"date,score,verbatim,stage\n2026-09-01,3,ok,decision\n2026-09-01,3,caf\xe9,decision\n"
    )
    with pytest.raises(JourneyMapsError) as error:
        load_handbook(folder, tmp_path)
    assert "journeys/_data/nps.csv:3: the file is not UTF-8 text" in str(error.value)


def test_byte_order_mark_and_crlf_are_read(tmp_path: Path) -> None:
    folder = write_handbook(tmp_path)
    (folder / "_data" / "nps.csv").write_bytes(
        "\ufeffDate,Score,Verbatim,Stage\r\n2026-09-01T10:00:00Z,10,Great,research\r\n".encode()
    )
    handbook = load_handbook(folder, tmp_path)
    assert handbook.measured[("maya", "buying-a-policy")][0].stages["research"].mean == 5


@pytest.mark.parametrize(
    ("file", "message"),
    [
        ("../outside.csv", "must be a .csv file inside the journeys folder"),
        ("/etc/passwd.csv", "must be a .csv file inside the journeys folder"),
        ("_data/missing.csv", "no such file: _data/missing.csv"),
    ],
)
def test_data_paths_stay_in_the_journeys_folder(tmp_path: Path, file: str, message: str) -> None:
    found = problems_of(tmp_path, maya=MAYA.replace("_data/nps.csv", file))
    assert any(p.startswith("journeys/maya.yml:12:15: ") and message in p for p in found), found


def test_a_link_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    folder = write_handbook(tmp_path)
    (tmp_path / "secret.csv").write_text(NPS_CSV, encoding="utf-8")
    (folder / "_data" / "link.csv").symlink_to(tmp_path / "secret.csv")
    (folder / "maya.yml").write_text(MAYA.replace("_data/nps.csv", "_data/link.csv"))
    with pytest.raises(JourneyMapsError) as error:
        load_handbook(folder, tmp_path)
    assert "points outside the journeys folder" in str(error.value)


_MEASURE = """
import json, resource, sys, time
from pathlib import Path
from journey_maps.source.handbook import load_handbook
started = time.perf_counter()
handbook = load_handbook(Path(sys.argv[1]), Path(sys.argv[2]))
data = handbook.measured[("maya", "buying-a-policy")][0]
print(json.dumps({
    "seconds": time.perf_counter() - started,
    "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "rows": data.rows,
    "decision": data.stages["decision"].count,
    "first": data.stages["research"].first,
}))
"""


def _measure(folder: Path, root: Path) -> dict[str, Any]:
    """Load the handbook in a fresh process: its time and peak resident memory."""
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(folder), str(root)],
        capture_output=True,
        text=True,
        check=True,
    )
    return dict(json.loads(result.stdout))


def test_a_million_rows_stream_in_bounded_memory(tmp_path: Path) -> None:
    folder = write_handbook(tmp_path)
    small = _measure(folder, tmp_path)  # the same handbook with four rows: the baseline
    path = folder / "_data" / "nps.csv"
    stages = ("research", "decision", "Decision", "onboarding")
    with path.open("w", encoding="utf-8") as out:
        out.write("date,score,verbatim,stage,step,touchpoint,source\n")
        for i in range(1_000_000):
            out.write(
                f"2026-{i % 12 + 1:02d}-{i % 28 + 1:02d},{i % 11},"
                f'"Verbatim {i}, quoted",{stages[i % 4]},{"1" if i % 8 == 1 else ""},,Survey\n'
            )
    assert path.stat().st_size > 50_000_000
    big = _measure(folder, tmp_path)
    assert big["rows"] == 1_000_000
    assert big["decision"] == 500_000
    assert big["first"] == "2026-01-01"
    # The file is ~60 MB; what is kept is a few totals per stage, so the peak resident
    # memory barely moves (measured: +1 MB).
    grown_mb = (big["peak_kb"] - small["peak_kb"]) / 1024
    assert grown_mb < 16, f"peak memory grew by {grown_mb:.1f} MB"
    assert big["seconds"] < 20, f"{big['seconds']:.1f} s (about 3 s on one core)"


# --- views: warnings and evidence strength ---------------------------------------------


def test_disagreement_beyond_the_margin_warns(tmp_path: Path) -> None:
    handbook = load(tmp_path)
    # decision: assumed 2, measured 2.2; research: assumed 3, measured NPS 6 -> 3.4.
    assert measured_warnings(handbook, 1.0) == []
    warnings = measured_warnings(handbook, 0.3)
    assert len(warnings) == 1
    assert warnings[0].startswith(
        "journeys/maya.yml: journey 'buying-a-policy', stage 'research': the assumed emotion 3 "
        "is 0.40 below the measured 3.4 from 1 response"
    )


def test_a_validated_map_without_evidence_warns(tmp_path: Path) -> None:
    maya = MAYA.split("    evidence:")[0] + "    stages:" + MAYA.split("    stages:")[1]
    maya = maya.replace("            evidence: [complaints]\n", "")
    assert measured_warnings(load(tmp_path, maya=maya)) == []  # a draft: a hypothesis
    validated = maya.replace("    stages:", "    status: validated\n    stages:", 1)
    (tmp_path / "journeys" / "maya.yml").write_text(validated, encoding="utf-8")
    handbook = load_handbook(tmp_path / "journeys", tmp_path)
    assert measured_warnings(handbook) == [
        "journeys/maya.yml: journey 'buying-a-policy' is marked validated but has no "
        "evidence: add the research it rests on under 'evidence:' or measured data under "
        "'data:', or set 'status: draft'"
    ]


def test_strength_counts(tmp_path: Path) -> None:
    handbook = load(tmp_path)
    assert strength_counts(handbook) == {
        "both": 1,
        "solicited": 0,
        "unsolicited": 0,
        "measured": 0,
        "assumption": 0,
    }


# --- real builds -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def measured_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    tmp_path = tmp_path_factory.mktemp("measured")
    project = make_project(
        tmp_path,
        journeys={"maya.yml": MAYA, "_catalog.yml": CATALOG, "_data/nps.csv": NPS_CSV},
    )
    return build_project(project, strict=True)


def test_stage_page_shows_measured_figures_and_verbatims(measured_site: Site) -> None:
    html = measured_site.page("journeys/maya/buying-a-policy/decision/")
    text = " ".join(page_text(html).split())
    assert (
        "Measured emotion: 2.2/5 from 3 responses, 2026-09-01 to 2026-09-20 · assumed 2/5" in text
    )
    assert (
        "Post-purchase NPS survey NPS (0-10) 3.0 2.2 3 2026-09-01 to 2026-09-20 solicited" in text
    )
    assert "The excess was never explained" in text
    # The hostile verbatim is shown as text, never as markup.
    assert "<script>window.__xss=1</script> & <b>bold</b>" in text
    assert "<script>window.__xss" not in html
    assert "<b>bold</b>" not in html
    assert "Evidence: solicited and unsolicited data" in text
    # Steps measured: step 1 has two rows (by number and by touchpoint), step 2 one.
    assert (
        "Reads the quote · at Pricing page · 2/5 · negative · measured 2.0/5 (2 responses)" in text
    )
    assert "measured 2.6/5 (1 response)" in text


def test_stage_without_data_or_citations_rests_on_assumption(measured_site: Site) -> None:
    text = " ".join(
        page_text(measured_site.page("journeys/maya/buying-a-policy/onboarding/")).split()
    )
    assert "Evidence: assumption only" in text
    assert "Measured emotion" not in text
    research = " ".join(
        page_text(measured_site.page("journeys/maya/buying-a-policy/research/")).split()
    )
    assert "Evidence: solicited data only" in research


def test_grid_shows_measured_beside_assumed(measured_site: Site) -> None:
    html = measured_site.page("journeys/maya/buying-a-policy/")
    row = html.split('class="jm-grid__emotion"')[1].split("</tr>")[0]
    cells = row.split('data-label="Emotion"')[1:]
    assert len(cells) == 3
    assert "assumed" in cells[0]
    assert "measured" in cells[0]
    assert "3.4/5" in cells[0]
    assert "2.2/5" in cells[1]
    assert "n=3" in cells[1]
    assert "no data: assumption" in cells[2]


def test_landing_and_review_count_maps_by_evidence(measured_site: Site) -> None:
    for url in ("journeys/", "journeys/review/"):
        text = " ".join(page_text(measured_site.page(url)).split())
        assert (
            "1 map on solicited and unsolicited data · 0 maps on solicited data only · "
            "0 maps on unsolicited data only · 0 maps on metrics only · 0 maps on assumption only"
        ) in text, url


@pytest.mark.parametrize(("margin", "warned"), [(1.0, True), (2, False)])
def test_disagreement_beyond_the_margin_is_a_build_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, margin: float, warned: bool
) -> None:
    """A written emotion further than `emotion_margin` from the measured one is a warning (so
    `--strict` stops); within a wider margin the same handbook builds without one."""
    project = make_project(
        tmp_path,
        journeys={
            "maya.yml": MAYA.replace("        emotion: 3\n", "        emotion: 5\n", 1),
            "_catalog.yml": CATALOG,
            "_data/nps.csv": NPS_CSV,
        },
        plugin_options={"emotion_margin": margin},
    )
    build_project(project)
    disagreement = (
        "journey_maps: journeys/maya.yml: journey 'buying-a-policy', stage 'research': the "
        "assumed emotion 5 is 1.60 above the measured 3.4 from 1 response (_data/nps.csv: "
        "NPS (0-10) mean 6.0), more than the margin of 1; revisit the emotion or the data"
    )
    assert mkdocs_warnings(caplog) == ([disagreement] if warned else [])


def test_validate_prints_the_warnings_with_a_margin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = write_handbook(tmp_path)
    monkeypatch.chdir(tmp_path)
    assert main(["validate", str(folder)]) == 0
    assert "warning:" not in capsys.readouterr().err
    assert main(["validate", str(folder), "--margin", "0.3"]) == 0
    err = capsys.readouterr().err
    assert "warning: journeys/maya.yml: journey 'buying-a-policy', stage 'research'" in err
    assert main(["validate", str(folder), "--margin", "0.3", "--format", "json"]) == 0
    assert "stage 'research'" in capsys.readouterr().out


@pytest.mark.browser
def test_grid_measured_row_in_the_browser(browser: Any, measured_site: Site) -> None:
    from browser_support import open_page

    with open_page(browser, measured_site.site_dir, "journeys/maya/buying-a-policy/") as loaded:
        cells = loaded.page.locator("tr.jm-grid__emotion td")
        assert cells.count() == 3
        texts = [" ".join(cells.nth(i).inner_text().split()) for i in range(3)]
        assert texts[1].startswith("assumed 2/5 negative"), texts
        assert "measured 2.2/5 n=3" in texts[1], texts
        assert "no data: assumption" in texts[2], texts
        measured = loaded.page.locator("tr.jm-grid__emotion .jm-measured").first
        assert measured.is_visible()
        assert not loaded.errors
