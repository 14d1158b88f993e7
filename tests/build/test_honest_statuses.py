"""Every status the handbook shows is true (issue 20).

`tests/fixtures/traps` holds each trap the issue names, built once for this module:

* a shipped fix (`start-date-fee`: high, its only opportunity shipped), a verified fix with
  the evidence that shows it (`guide-unclear`), a won't-fix (`paper-booklet`);
* a dropped fix (`claim-free-unnoticed`) and an idea-only one (`valuables-by-phone`), both
  gone from the future-state map, and a near-duplicate pain point there that declares
  `same_as` the current one (`excess-not-shown`);
* a review date in the future (`buying-cover-2027`), an archived map reviewed long ago,
  and one map in every other review state;
* a stage with metrics and no data (`retention`), evidence older than a year (`complaints`),
  measured data on two stages;
* four stages tied at 4/5 (the future map), one lowest stage (the current map), a map with
  no emotion at all (`renewing`).

The assertions read the built pages, `journeys.json`, `pain-points.csv`, the JSON Schema
and `journey-maps diff`, and the views directly where a rule is easier to see there.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest
import yaml
from conftest import FIXTURES, Site, build_project, make_project, page_context
from html_tools import article, text

from journey_maps.source.handbook import load_handbook
from journey_maps.source.problems import JourneyMapsError
from journey_maps.views.comparisons import compare
from journey_maps.views.glance import glance
from journey_maps.views.lifecycle import pain_status

if TYPE_CHECKING:
    from collections.abc import Iterator

TRAPS = FIXTURES / "traps"
SAM = "journeys/sam/"
NOW = SAM + "buying-cover/"
FUTURE = SAM + "buying-cover-2027/"
TODAY = dt.date(2026, 11, 15)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, list[str]]]:
    """The traps handbook built once, with the errors the plugin logged."""
    project = make_project(tmp_path_factory.mktemp("traps"), from_fixture="traps")
    errors: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.ERROR:
                errors.append(record.getMessage())

    handler = Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        # Not strict: a review date in the future is an error the pages must show.
        yield build_project(project), errors
    finally:
        logger.removeHandler(handler)


@pytest.fixture(scope="module")
def site(built: tuple[Site, list[str]]) -> Site:
    return built[0]


def page_text(site: Site, url: str) -> str:
    return text(article(site.page(url)))


def grid_cards(site: Site, url: str) -> dict[str, str]:
    """Pain point and opportunity cards of a journey's grid, by their anchor."""
    html = site.page(url)
    card = r'<a(?: id="[^"]*")? class="(jm-card[^"]*)" href="[^"#]*#([^"]+)">'
    return dict(
        re.findall(r'<a(?: id="[^"]*")? class="jm-card[^"]*" href="[^"#]*#([^"]+)">(.*?)</a>', html)
    ) | {anchor + ":class": classes for classes, anchor in re.findall(card, html)}


def journeys_json(site: Site) -> dict[str, Any]:
    data = json.loads((site.site_dir / "journeys" / "journeys.json").read_text(encoding="utf-8"))
    journeys = {j["id"]: j for p in data["personas"] for j in p["journeys"]}
    return {
        pain["id"]: pain
        for journey in journeys.values()
        for stage in journey["stages"]
        for pain in stage["pain_points"]
    } | {"_journeys": journeys}


# --- 1. the pain point lifecycle ---------------------------------------------------------------


def test_a_shipped_fix_is_no_longer_an_open_high(site: Site) -> None:
    cards = grid_cards(site, NOW)
    # The £25 fee: high, its only opportunity shipped -> "fix shipped", not a high card.
    assert "jm-severity--high" not in cards["start-date-fee:class"]
    assert "jm-pain-status--fix-shipped" in cards["start-date-fee:class"]
    fee = text(cards["start-date-fee"])
    assert fee.startswith("fix shipped Changing the start date costs a £25 fee")
    assert "was high, derived" in fee
    # Open ones keep their severity.
    assert "jm-severity--critical" in cards["proof-late:class"]
    summary = page_text(site, NOW)
    assert "Open pain points 1 critical 0 high" in summary
    assert "not counted: 1 fix shipped, 1 verified, 1 won't fix" in summary


def test_the_derivation_and_the_written_status_are_stated(site: Site) -> None:
    decision = page_text(site, NOW + "decision/")
    assert (
        "Fix shipped (derived): every opportunity that addresses it, dropped ones aside, has shipped "
        "(Free self-serve start date changes), so it is no longer counted as open."
    ) in decision
    assert "Status: fix shipped" in decision
    assert "Status: open" in decision  # proof-late, its fix only planned
    awareness = page_text(site, NOW + "awareness/")
    assert (
        "Verified since 2026-10-20, shown by Survey after the checklist shipped "
        "(solicited, 2026-10-20): not counted as open."
    ) in awareness
    consideration = page_text(site, NOW + "consideration/")
    assert "Won't fix since 2026-09-01: not counted as open." in consideration


def test_the_registers_count_only_open_pain_points(site: Site) -> None:
    register = page_text(site, "journeys/pain-points/")
    # Severity, open pain points, not addressed by any live opportunity.
    assert "critical 1 0 high 0 0 medium 1 0 low 3 3" in register
    assert (
        "Not counted, and listed apart below: 1 fix shipped (not yet verified), "
        "1 verified, 1 won't fix."
    ) in register
    closed = register.split("Fix shipped, verified or won't fix")[1].split("Archived maps")[0]
    for title in (
        "Changing the start date costs a £25 fee",
        "The guide never says when cover must start",
        "The policy booklet only comes on paper",
    ):
        assert title in closed
    assert "Proof of cover arrives too late" not in closed
    assert "High (0 open of 1)" in register
    assert "Critical (1 open of 2)" in register  # the other is the archived map's
    # A touchpoint's figures and its team's list leave the shipped fix out too.
    touchpoints = page_text(site, "journeys/touchpoints/")
    sales = touchpoints.split("Sales line Owner")[1]
    assert "pain points: none" in sales.split("Renewal email")[0]
    platform = page_text(site, "journeys/teams/platform/")
    assert platform.split("Open pain points at its touchpoints")[1].startswith(
        " Pain points at touchpoints this team owns that are still open"
    )
    assert "Changing the start date" not in platform.split("Open pain points at its touchpoints")[1]


def test_journeys_json_carries_the_status(site: Site) -> None:
    pains = journeys_json(site)
    fee, guide, booklet = pains["start-date-fee"], pains["guide-unclear"], pains["paper-booklet"]
    assert (fee["status"], fee["status_source"], fee["status_date"]) == (
        "fix-shipped",
        "derived",
        None,
    )
    assert (guide["status"], guide["status_source"], guide["status_date"]) == (
        "verified",
        "written",
        "2026-10-20",
    )
    assert guide["verified_by"] == ["post-fix-survey"]
    assert (booklet["status"], booklet["status_source"]) == ("wont-fix", "written")
    assert (pains["proof-late"]["status"], pains["proof-late"]["status_source"]) == (
        "open",
        "default",
    )
    assert pains["excess-not-shown"]["same_as"] == "excess-hidden"
    review = pains["_journeys"]["buying-cover-2027"]["review"]
    assert review["status"] == "date-in-future"
    assert pains["_journeys"]["buying-cover-2024"]["review"]["status"] == "archived"


def test_pain_points_csv_carries_the_status(site: Site) -> None:
    raw = (site.site_dir / "journeys" / "pain-points.csv").read_text(encoding="utf-8-sig")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(raw, newline=""))}
    assert list(rows["start-date-fee"])[-8:] == [
        "status",
        "status_source",
        "status_date",
        "verified_by",
        "same_as",
        "replaces",
        "lane",
        "step",
    ]
    assert (rows["start-date-fee"]["status"], rows["start-date-fee"]["status_source"]) == (
        "fix-shipped",
        "derived",
    )
    guide = rows["guide-unclear"]
    assert (guide["status"], guide["status_date"], guide["verified_by"]) == (
        "verified",
        "2026-10-20",
        "post-fix-survey",
    )
    assert rows["excess-not-shown"]["same_as"] == "excess-hidden"


def test_json_schema_and_field_reference_know_the_lifecycle(site: Site) -> None:
    schema = json.loads(
        (site.site_dir / "journeys" / "schema" / "persona.json").read_text(encoding="utf-8")
    )
    pain = schema["$defs"]["PainPoint"]["properties"]
    statuses = next(s["enum"] for s in pain["status"]["anyOf"] if "enum" in s)
    assert statuses == ["open", "fix-shipped", "verified", "wont-fix"]
    assert {"status_date", "verified_by", "same_as", "replaces"} <= set(pain)
    # The fixture itself, and every example persona file, pass the published schema.
    for path in [TRAPS / "journeys" / "sam.yml", *sorted(Path("journeys").glob("[!_]*.yml"))]:
        data = json.loads(json.dumps(yaml.safe_load(path.read_text()), default=str))
        jsonschema.validate(data, schema)


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        (
            "            verified_by: [post-fix-survey]\n",
            "",
            "a verified pain point needs verified_by: the evidence ids of this journey that "
            "show the fix worked",
        ),
        (
            "verified_by: [post-fix-survey]",
            "verified_by: [post-fix-surve]",
            "evidence 'post-fix-surve' is not in this journey's evidence (did you mean "
            "'post-fix-survey'?)",
        ),
        (
            "            status: wont-fix\n",
            "",
            "status_date is the date the status was set; write the status too",
        ),
        (
            "            status: wont-fix\n",
            "            status: wont-fix\n            verified_by: [interviews]\n",
            "verified_by is only for status: verified (this one is 'wont-fix')",
        ),
        (
            "same_as: excess-hidden",
            "same_as: excess-hiden",
            "pain point 'excess-hiden' is not in the compared journey 'buying-cover' "
            "(did you mean 'excess-hidden'?)",
        ),
        (
            "    compare_to: buying-cover\n",
            "",
            "same_as names a pain point of the compared map, but this journey has no "
            "compare_to; add compare_to or remove it",
        ),
        (
            "            status: wont-fix\n",
            "            status: fixed\n",
            "status: must be one of open, fix-shipped, verified, wont-fix; got 'fixed' "
            "(did you mean 'fix-shipped'?)",
        ),
    ],
)
def test_lifecycle_mistakes_are_positioned_errors(
    tmp_path: Path, replace: str, by: str, message: str
) -> None:
    shutil.copytree(TRAPS / "journeys", tmp_path / "journeys")
    persona = tmp_path / "journeys" / "sam.yml"
    original = persona.read_text(encoding="utf-8")
    assert replace in original
    persona.write_text(original.replace(replace, by, 1), encoding="utf-8")
    with pytest.raises(JourneyMapsError) as caught:
        load_handbook(tmp_path / "journeys", tmp_path)
    lines = [str(p) for p in caught.value.problems]
    assert any(
        re.match(r"journeys/sam\.yml:\d+:\d+: ", line) and message in line for line in lines
    ), lines


def test_a_written_status_wins_over_the_derivation(tmp_path: Path) -> None:
    shutil.copytree(TRAPS / "journeys", tmp_path / "journeys")
    persona = tmp_path / "journeys" / "sam.yml"
    persona.write_text(
        persona.read_text(encoding="utf-8").replace(
            "            tickets: [CX-27]\n",
            "            tickets: [CX-27]\n            status: open\n            status_date: 2026-11-01\n",
        ),
        encoding="utf-8",
    )
    journey = load_handbook(tmp_path / "journeys", tmp_path).personas[0].journeys[0]
    decision = journey.stages[2]
    fee = decision.pain_points[0]
    status = pain_status(fee, decision.opportunities, journey.evidence)
    assert (status.state, status.source, status.date) == ("open", "written", dt.date(2026, 11, 1))
    # A fix still in progress next to a shipped one leaves a pain point open.
    shipped, planned = decision.opportunities
    both = planned.model_copy(update={"addresses": ["start-date-fee"], "status": "in-progress"})
    derived = fee.model_copy(update={"status": None})
    assert pain_status(derived, [shipped, both]).state == "open"
    assert pain_status(derived, [shipped]).state == "fix-shipped"
    dropped = both.model_copy(update={"status": "dropped"})
    assert pain_status(derived, [shipped, dropped]).state == "fix-shipped"
    assert pain_status(derived, [dropped]).state == "open"


def test_diff_reports_a_fix_shipping(tmp_path: Path) -> None:
    old = tmp_path / "old"
    new = tmp_path / "new"
    shutil.copytree(TRAPS / "journeys", old)
    shutil.copytree(TRAPS / "journeys", new)
    persona = new / "sam.yml"
    persona.write_text(
        persona.read_text(encoding="utf-8").replace(
            "            title: Instant cover note\n            status: planned\n",
            "            title: Instant cover note\n            status: shipped\n",
        ),
        encoding="utf-8",
    )

    def diff(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "journey_maps.cli", "diff", str(old), str(new), *arguments],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    done = diff()
    assert done.returncode == 0, done.stderr
    assert (
        "Decision: pain point “Proof of cover arrives too late” status open → fix-shipped (better)"
    ) in done.stdout
    assert "1 opportunity shipped; 1 pain point fixed." in done.stdout
    report = json.loads(diff("--format", "json").stdout)
    assert report["counts"]["pain_points_fixed"] == 1
    assert report["counts"]["pain_points_reopened"] == 0
    (change,) = [
        c for j in report["journeys"] for c in j["changes"] if c["kind"] == "pain-point-status"
    ]
    assert (change["item"], change["old"], change["new"], change["direction"]) == (
        "proof-late",
        "open",
        "fix-shipped",
        "better",
    )


# --- 2. comparisons credit only real work -------------------------------------------------------


def comparison_rows(site: Site) -> dict[str, str]:
    html = article(site.page(FUTURE))
    table = html.split('id="compared"')[1].split("</table>")[0]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]
    return {text(row).split(" ")[0]: text(row) for row in rows}


def test_a_dropped_or_idea_only_fix_is_never_the_reason_for_a_removal(site: Site) -> None:
    rows = comparison_rows(site)
    assert (
        "A claim-free year is not acknowledged: no live fix "
        "(Thank-you line in the renewal email: dropped)"
    ) in rows["Loyalty"]
    assert "by Thank-you line" not in rows["Loyalty"]
    assert (
        "Adding valuables needs a phone call: no live fix (Add valuables in the app: idea)"
        in (rows["Retention"])
    )
    assert (
        "Changing the start date costs a £25 fee (fix shipped): by Free self-serve start date "
        "changes (shipped)"
    ) in rows["Decision"]
    assert "Proof of cover arrives too late: by Instant cover note (planned)" in rows["Decision"]


def test_a_pain_point_still_there_under_another_id_is_not_removed(site: Site) -> None:
    row = comparison_rows(site)["Consideration"]
    removed, still_there = row.split("= same ")[1].split(" Comparison sites hide the excess, now")
    assert "Comparison sites hide the excess" not in removed
    assert "The policy booklet only comes on paper (won't fix): no live fix" in removed
    assert still_there.strip() == (
        "Comparison sites may not show the excess we send them (the same pain point)"
    )


def test_replaces_matches_like_same_as(tmp_path: Path) -> None:
    shutil.copytree(TRAPS / "journeys", tmp_path / "journeys")
    persona = tmp_path / "journeys" / "sam.yml"
    persona.write_text(
        persona.read_text(encoding="utf-8").replace(
            "same_as: excess-hidden", "replaces: excess-hidden"
        ),
        encoding="utf-8",
    )
    now, future = load_handbook(tmp_path / "journeys", tmp_path).personas[0].journeys[:2]
    rows = {row.stage_id: row for row in compare(future, now)}
    (kept,) = rows["consideration"].remaining
    assert (kept.pain.id, kept.now.id, kept.matched_by) == (
        "excess-hidden",
        "excess-not-shown",
        "replaces",
    )
    assert [r.pain.id for r in rows["consideration"].removed] == ["paper-booklet"]
    assert rows["consideration"].added == []
    loyalty = rows["loyalty"].removed[0]
    assert loyalty.live_fixes == []
    assert [o.id for o in loyalty.other_fixes] == ["thank-you-line"]


# --- 3. review states are exclusive and named ---------------------------------------------------


def test_review_states_on_the_review_page(site: Site) -> None:
    review = page_text(site, "journeys/review/")
    assert (
        "1 with a review date in the future · 1 overdue · 1 never reviewed · "
        "1 due within 30 days · 1 fresh · 1 archived map, not in the queue"
    ) in review
    queue = review.split("Every map, most urgent first")[1].split("Archived maps")[0]
    assert (
        "Buying cover in 2027 Sam Okafor Growth 2027-02-01 180 days — Date in the future" in queue
    )
    assert queue.count("Fresh") == 1
    assert "Buying cover Sam Okafor Growth 2026-10-01" in queue
    assert "Buying cover (2024 map)" not in queue
    archived = review.split("Archived maps")[1]
    assert "Buying cover (2024 map) · Sam Okafor · last reviewed 2025-01-01" in archived
    # Archived maps are out of the evidence counts too: five maps counted, not six.
    evidence = review.split("Evidence:")[1].split("Every map")[0]
    assert sum(int(n) for n in re.findall(r"(\d+) maps? on", evidence)) == 5


def test_landing_review_and_journey_pages_agree(site: Site, built: tuple[Site, list[str]]) -> None:
    landing = page_text(site, "journeys/")
    assert (
        "1 map overdue for review, 1 never reviewed, 1 with a review date in the future."
    ) in landing
    future = page_text(site, FUTURE)
    assert (
        "Review date in the future: last reviewed 2027-02-01, after today (2026-11-15); "
        "check the date"
    ) in future
    assert "next due" not in future.split("Stage by stage")[0]
    archived = page_text(site, SAM + "buying-cover-2024/")
    assert "Review overdue" not in archived
    assert "Archived: no longer reviewed." in archived
    assert "Review overdue since 2026-06-30" in page_text(site, SAM + "claiming/")
    assert "Never reviewed" in page_text(site, SAM + "renewing/")
    assert "Review due 2026-11-28" in page_text(site, SAM + "moving-house/")
    # The build logged it as an error (so --strict fails), and went on to show it.
    errors = built[1]
    assert any(
        "journey 'buying-cover-2027' has last_reviewed 2027-02-01, after the build date "
        "2026-11-15; check the date" in e
        for e in errors
    ), errors


def test_validate_fails_on_a_review_date_in_the_future() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "journey_maps.cli", "validate", "journeys", "--format", "json"],
        cwd=TRAPS,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["count"] == 1
    (error,) = report["errors"]
    assert (error["file"], error["path"]) == ("journeys/sam.yml", "journeys[1].last_reviewed")


# --- 4. evidence counts every kind, and is shown where people look -------------------------------


def test_metrics_are_evidence(site: Site) -> None:
    retention = page_text(site, NOW + "retention/")
    assert "Evidence: metrics only" in retention
    assert "assumption only" not in retention
    assert "App activation within 30 days 38% 55%" in retention
    heads = re.findall(
        r'<th scope="col"(?: id="[^"]*")? style="--o: \d+">(.*?)</th>', site.page(NOW)
    )
    badges = dict(text(h).split("Evidence: ") for h in heads)
    assert badges["Retention"] == "measured"
    assert badges["Decision"] == "solicited unsolicited measured"
    assert badges["Loyalty"] == "assumption"


def test_cards_show_evidence_age_and_tickets(site: Site) -> None:
    cards = {k: text(v) for k, v in grid_cards(site, NOW).items() if ":" not in k}
    assert cards["proof-late"].endswith(
        "Proof of cover arrives too late Evidence: unsolicited 17 months old Tickets: CX-33"
    )
    assert cards["start-date-fee"].endswith("Evidence: solicited Tickets: CX-27")
    assert cards["valuables-by-phone"].endswith("Evidence: assumption")
    assert cards["self-serve-start-date"].endswith("Tickets: CX-28")
    # The stage page says the same, in a sentence.
    assert (
        "Evidence: Complaints about proof of cover (unsolicited) · newest 2025-06-01, 17 months old"
        in (page_text(site, NOW + "decision/"))
    )
    # And the pain register has an evidence column.
    register = page_text(site, "journeys/pain-points/")
    assert "Instant cover note planned unsolicited 17 months old CX-33" in register


def test_stale_evidence_days_sets_when_evidence_is_old() -> None:
    handbook = load_handbook(TRAPS / "journeys", TRAPS)
    persona = handbook.personas[0]
    now = persona.journeys[0]

    def grid(days: int) -> str:
        context = page_context(handbook, today=TODAY, stale_evidence_days=days)
        return text(context.grid("journeys/index.md", persona, now))

    assert "17 months old" in grid(365)
    assert "17 months old" not in grid(600)
    assert "3 months old" in grid(60)  # the interviews, cited by three stages


def test_the_chart_follows_the_measured_score(site: Site) -> None:
    html = site.page(NOW)
    svg = html.split('<svg class="jm-curve"')[1].split("</svg>")[0]
    measured = re.findall(r'jm-curve__point--measured[^"]*" d="M([\d.]+),([\d.]+)h0"', svg)
    assumed = re.findall(r'jm-curve__point--assumed[^"]*" d="M([\d.]+),([\d.]+)h0"', svg)
    assert len(measured) == 2  # awareness and decision have rows
    assert len(assumed) == 6
    assert svg.count("jm-curve__hole") == 6
    line = re.search(r'<polyline class="jm-curve__line" points="([^"]+)"', svg)
    faint = re.search(
        r'<polyline class="jm-curve__line jm-curve__line--assumed" points="([^"]+)"', svg
    )
    assert line
    assert faint
    followed = [tuple(p.split(",")) for p in line.group(1).split()]
    for point in measured:
        assert point in followed
    # In stage order: measured awareness, assumed consideration, measured decision, then the
    # assumed retention and loyalty points.
    assert len(followed) == 5
    assert "Awareness measured 4.4 of 5, assumed 4 of 5" in svg
    legend = text(html.split('class="jm-curve__legend">')[1].split("</p>")[0])
    assert legend == (
        "measured (filled: the mean of the responses; the line follows it) "
        "assumed by the team (hollow; its own faint line) "
        "· Tab to a point, or tap it, for its step and emotion."
    )
    # A map without data: every point hollow, no second line, said in words.
    future = site.page(FUTURE)
    assert "jm-curve__line--assumed" not in future
    assert "jm-curve__point--measured" not in future
    assert "assumed by the team (hollow): no measured data yet" in text(future)


def test_landing_counts_maps_by_evidence(site: Site) -> None:
    landing = page_text(site, "journeys/")
    assert (
        "Evidence: 1 map on solicited and unsolicited data · 0 maps on solicited data only · "
        "0 maps on unsolicited data only · 0 maps on metrics only · 4 maps on assumption only"
    ) in landing
    assert "9 pain points (5 open)" in landing


# --- 5. ties and empty cases read as sentences ---------------------------------------------------


def test_lowest_stage_reads_as_a_sentence(site: Site) -> None:
    assert "Lowest: Decision (2/5)" in page_text(site, NOW)
    assert "Lowest: four stages tie at 4/5" in page_text(site, FUTURE)
    assert "Awareness, Consideration" not in page_text(site, FUTURE).split("Stage by stage")[0]
    assert "Emotion by stage no emotion yet" in page_text(site, SAM + "renewing/")


def test_two_tied_stages_are_named_and_one_rated_stage_is_lowest(tmp_path: Path) -> None:
    handbook = load_handbook(TRAPS / "journeys", TRAPS)
    now = handbook.personas[0].journeys[0]
    stages = [
        s.model_copy(update={"emotion": 2 if i in (1, 2) else 4}) for i, s in enumerate(now.stages)
    ]
    pair = glance(now.model_copy(update={"stages": stages}))
    assert pair.lowest_kind == "pair"
    assert [s.id for s in pair.lowest] == [
        "consideration",
        "decision",
    ]
    level = glance(
        now.model_copy(update={"stages": [s.model_copy(update={"emotion": 3}) for s in now.stages]})
    )
    assert level.lowest_kind == "all"
    assert level.lowest_emotion == 3
    context = page_context(handbook, today=TODAY)
    persona = handbook.personas[0]
    summary = text(
        context.summary("journeys/index.md", persona, now.model_copy(update={"stages": stages}))
    )
    assert "Lowest: Consideration and Decision tie at 2/5" in summary
    flat = now.model_copy(
        update={"stages": [s.model_copy(update={"emotion": 3}) for s in now.stages]}
    )
    assert "all five stages at 3/5" in text(context.summary("journeys/index.md", persona, flat))
