"""Cross-persona pages, ticket links, review report, redirects, exports and embeds."""

from __future__ import annotations

import csv
import html as html_module
import io
import json
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
import yaml
from conftest import FIXTURES, Site, build_project, make_project, mkdocs_warnings
from html_tools import article, ids, links, text

from journey_maps.source.handbook import load_handbook
from journey_maps.source.problems import JourneyMapsError

if TYPE_CHECKING:
    from pathlib import Path

STAGE = "journeys/first-time-buyer/buying-a-policy/decision/"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The small handbook with a tracker, a renamed persona and journey, and an embedding page."""
    project = make_project(tmp_path_factory.mktemp("registers"), from_fixture="small")
    persona = project / "journeys" / "first-time-buyer.yml"
    persona.write_text(
        persona.read_text()
        .replace("  channels: [web, phone]\n", "  channels: [web, phone]\n  former_ids: [maya]\n")
        .replace(
            "    title: Buying a home insurance policy\n",
            "    title: Buying a home insurance policy\n    former_ids: [buying]\n",
        )
    )
    (project / "docs" / "embed.md").write_text(
        "# Embedded\n\n```journey-maps\ngrid first-time-buyer/buying-a-policy\n```\n\n"
        "```journey-maps\ndiagram it-admin/renewing\n```\n\n"
        "[Jargon](journeys/first-time-buyer/buying-a-policy/decision.md#jargon-heavy-quotes)\n"
    )
    settings = yaml.safe_load((project / "mkdocs.yml").read_text())
    settings["site_url"] = "https://handbook.example.com/"
    settings["plugins"] = [
        "search",
        {"journey-maps": {"ticket_url": "https://tracker.example.com/browse/{ticket}"}},
    ]
    (project / "mkdocs.yml").write_text(yaml.safe_dump(settings))
    return build_project(project, strict=True)


def test_pain_point_register(site: Site) -> None:
    html = site.page("journeys/pain-points/")
    page = text(article(html))
    assert "critical 1 1 high 1 0 medium 0 0 low 0 0" in page  # counts, unaddressed
    assert page.index("Critical (1) Long hold times") < page.index(
        "High (1) Quotes are full of jargon"
    )
    assert (
        "Long hold times Sam Okafor › Renewing the business policy › Inquiry · at Call centre"
        in page
    )
    assert "Not addressed by any opportunity yet." in page
    assert "Addressed by: Plain-language quote summary (planned)" in page
    hrefs = links(article(html))
    assert (
        hrefs["Quotes are full of jargon"]
        == "../first-time-buyer/buying-a-policy/decision/#jargon-heavy-quotes"
    )
    assert (
        hrefs["Plain-language quote summary"]
        == "../first-time-buyer/buying-a-policy/decision/#plain-language-quote"
    )
    assert {"critical", "high", "medium", "low"} <= ids(html)


def test_opportunity_backlog(site: Site) -> None:
    html = site.page("journeys/opportunities/")
    matrix = html[
        html.index('<table class="jm-matrix">') : html.index(
            "</table>", html.index('<table class="jm-matrix">')
        )
    ]
    row = matrix[matrix.index("High impact") : matrix.index("Medium impact")]
    cells = row.split("<td")[1:]
    assert "Plain-language quote summary" in cells[1]  # high impact x medium effort
    assert "Plain-language quote summary" not in cells[0] + cells[2]
    page = text(article(html))
    assert (
        "Planned (1) Opportunity · persona › journey › stageImpactEffortOwnerAddressesTickets "
        "Plain-language quote summaryMaya Chen › Buying a home insurance policy › Decision "
        "high medium Growth Quotes are full of jargon high CX-140" in page
    )
    assert {"status-planned", "status-in-progress", "status-shipped"} <= ids(html)


def test_team_pages(site: Site) -> None:
    index = text(article(site.page("journeys/teams/")))
    assert "Growth #growth-team 2 2 1 1" in index
    growth = text(article(site.page("journeys/teams/growth/")))
    assert "Journeys it owns Buying a home insurance policy · Maya Chen" in growth
    assert "Touchpoints it owns Search ads Pricing page" in growth
    assert "Opportunities it owns Plain-language quote summary · planned" in growth
    assert "Quotes are full of jargon · high · at Pricing page" in growth
    claims = text(article(site.page("journeys/teams/claims/")))
    assert "Contact: claims@example.com" in claims
    assert "Journeys it is a stakeholder of Buying a home insurance policy" in claims
    assert "Long hold times · critical · at Call centre · Sam Okafor" in claims


def test_tickets_link_both_ways(site: Site) -> None:
    stage = site.page(STAGE)
    assert 'href="https://tracker.example.com/browse/CX-101"' in stage
    assert 'href="https://tracker.example.com/browse/CX-140"' in stage
    tickets = site.page("journeys/tickets/")
    assert {"cx-101", "cx-140", "tracker-example-com-browse-ops-7"} <= ids(tickets)
    page = text(article(tickets))
    assert (
        "CX-101 Open CX-101 in the tracker Pain point: Quotes are full of jargon · Maya Chen"
        in page
    )
    assert "Pain point: Long hold times · Sam Okafor" in page
    # An id typed into search lands on the tickets page, at the ticket.
    locations = {e["location"] for e in site.search_index() if e["title"] == "CX-101"}
    assert "journeys/tickets/#cx-101" in locations


OVERVIEWS = [
    "journeys/pain-points/#at-a-glance",
    # The register's details: each pain point is found at its stage page, its home.
    "journeys/pain-points/#high",
    "journeys/pain-points/#first-time-buyer--buying-a-policy--jargon-heavy-quotes",
    "journeys/touchpoints/#hotspots",
    "journeys/opportunities/#impact-and-effort",
    "journeys/opportunities/#status-planned",
    "journeys/review/#maps",
    "journeys/teams/growth/#opportunities-it-owns",
    "journeys/teams/claims/#open-pain-points-at-its-touchpoints",
    # The journey page's map repeats its stage pages, where each item has its entry.
    "journeys/first-time-buyer/buying-a-policy/#stage-by-stage",
]


def test_search_finds_each_item_at_its_home_not_in_every_overview(site: Site) -> None:
    """Overviews that list items found elsewhere are left out of search; each section of
    theirs would grow with the handbook (Zensical refuses one over 16,384 words)."""
    index = site.search_index()
    locations = {entry["location"] for entry in index}
    for overview in OVERVIEWS:
        page, _, anchor = overview.partition("#")
        assert f'id="{anchor}"' in site.page(page), f"{overview}: no such section to leave out"
        assert overview not in locations, f"{overview} is in the search index"
    found = {entry["location"] for entry in index if "Quotes are full of jargon" in entry["title"]}
    assert found == {f"{STAGE}#jargon-heavy-quotes"}, found
    # The pages themselves, touchpoints and tickets stay findable.
    assert {"journeys/review/", "journeys/opportunities/", "journeys/teams/growth/"} <= locations
    assert {"journeys/touchpoints/#pricing-page", "journeys/tickets/#cx-101"} <= locations
    # A touchpoint's entry is its summary; the stages through it are found at their pages.
    (pricing,) = [e["text"] for e in index if e["location"] == "journeys/touchpoints/#pricing-page"]
    assert "Mean emotion here" in pricing
    assert "Quotes are full of jargon" not in pricing
    assert "Quotes are full of jargon" in text(article(site.page("journeys/touchpoints/")))


def test_visible_permalinks(site: Site) -> None:
    hrefs = [
        href for title, href in links(article(site.page(STAGE))).items() if title == "permalink"
    ]
    assert hrefs  # a permalink per item; the last one wins in the dict
    assert 'class="jm-permalink" href="#jargon-heavy-quotes"' in site.page(STAGE)
    assert 'class="jm-permalink" href="#plain-language-quote"' in site.page(STAGE)


def test_review_report(site: Site) -> None:
    page = text(article(site.page("journeys/review/")))
    assert "0 overdue · 2 never reviewed · 1 due within 30 days · 0 fresh" in page
    assert (
        "Buying a home insurance policy Maya Chen Growth 2026-09-01 90 days 2026-11-30 Due soon"
        in page
    )
    assert page.index("Never reviewed") < page.index("Due soon")


def test_overdue_can_fail_strict_builds(tmp_path: Path) -> None:
    project = make_project(tmp_path, from_fixture="small", plugin_options={"warn_overdue": True})
    from mkdocs.exceptions import Abort

    with pytest.raises(Abort, match="warnings in strict mode"):
        build_project(project, strict=True)


def test_last_review_in_the_future_is_flagged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A `last_reviewed` after the build date is a typo that keeps a map 'fresh' for years:
    an error in `validate`, a build warning (so strict builds stop), and shown on the pages,
    never 'Fresh'."""
    project = make_project(tmp_path, from_fixture="small")
    persona = project / "journeys" / "first-time-buyer.yml"
    persona.write_text(persona.read_text().replace("2026-09-01", "2062-09-01"))
    validated = subprocess.run(
        [sys.executable, "-m", "journey_maps.cli", "validate", "journeys"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert validated.returncode == 1
    assert validated.stdout == (
        "journeys/first-time-buyer.yml: journey 'buying-a-policy' has last_reviewed "
        "2062-09-01, after the build date 2026-11-15; check the date\n1 error in 1 file\n"
    )
    site = build_project(project)
    review_page = text(article(site.page("journeys/review/")))
    assert "Date in the future: an error, check the date" in review_page
    assert "Fresh" not in review_page
    journey_page = text(article(site.page("journeys/first-time-buyer/buying-a-policy/")))
    assert "Review date in the future: last reviewed 2062-09-01, after today" in journey_page
    assert mkdocs_warnings(caplog) == [
        "journey_maps: journeys/first-time-buyer.yml: journey 'buying-a-policy' has "
        "last_reviewed 2062-09-01, after the build date 2026-11-15; check the date"
    ]


def test_persona_nav_entries_show_the_role(site: Site) -> None:
    nav = site.page("journeys/first-time-buyer/buying-a-policy/awareness/")
    assert "Maya Chen · First-time home buyer" in html_module.unescape(nav)


def test_redirects_keep_old_urls(site: Site) -> None:
    old = site.site_dir / "journeys" / "maya" / "buying" / "decision" / "index.html"
    html = old.read_text()
    assert 'url=../../../first-time-buyer/buying-a-policy/decision/"' in html
    assert (
        'location.replace("../../../first-time-buyer/buying-a-policy/decision/" + location.hash)'
        in html
    )
    for path in (
        "maya/index.html",
        "maya/buying/index.html",
        "first-time-buyer/buying/retention/index.html",
    ):
        assert (site.site_dir / "journeys" / path).is_file(), path


@pytest.mark.parametrize(
    ("persona_ids", "journey_ids", "message"),
    [
        ("[it-admin]", "[]", "former id 'it-admin' is the id of a current persona"),
        ("[touchpoints]", "[]", "former id 'touchpoints' is reserved for an index page"),
        (
            "[]",
            "[buying-a-policy-future]",
            "former id 'buying-a-policy-future' is the id of a current journey",
        ),
    ],
)
def test_former_ids_that_collide(
    tmp_path: Path, persona_ids: str, journey_ids: str, message: str
) -> None:
    project = make_project(tmp_path, from_fixture="small")
    persona = project / "journeys" / "first-time-buyer.yml"
    persona.write_text(
        persona.read_text()
        .replace(
            "  channels: [web, phone]\n", f"  channels: [web, phone]\n  former_ids: {persona_ids}\n"
        )
        .replace(
            "    type: current-state\n", f"    type: current-state\n    former_ids: {journey_ids}\n"
        )
    )
    with pytest.raises(JourneyMapsError) as caught:
        load_handbook(project / "journeys", project)
    assert message in str(caught.value)


def test_json_export_matches_the_yaml(site: Site) -> None:
    data = json.loads((site.site_dir / "journeys" / "journeys.json").read_text())
    assert (data["format"], data["version"]) == ("mkdocs-journey-maps", 1)
    source = yaml.safe_load((FIXTURES / "small" / "journeys" / "first-time-buyer.yml").read_text())
    maya = data["personas"][0]
    assert maya["id"] == "first-time-buyer"
    assert maya["name"] == source["persona"]["name"]
    assert maya["handbook_url"] == "journeys/first-time-buyer/"
    assert maya["handbook_href"] == "https://handbook.example.com/journeys/first-time-buyer/"
    for journey, written in zip(maya["journeys"], source["journeys"], strict=True):
        assert journey["title"] == written["title"]
        assert [s["id"] for s in journey["stages"]] == [s["id"] for s in written["stages"]]
    decision = maya["journeys"][0]["stages"][1]
    assert decision["emotion"] == 3
    assert decision["emotion_inferred"] is True
    pain = decision["pain_points"][0]
    assert pain["handbook_url"] == STAGE + "#jargon-heavy-quotes"
    assert pain["tickets"] == [
        {"id": "CX-101", "href": "https://tracker.example.com/browse/CX-101"}
    ]
    assert pain["addressed_by"] == ["plain-language-quote"]
    assert decision["opportunities"][0]["addresses"] == ["jargon-heavy-quotes"]
    cx101 = next(t for t in data["tickets"] if t["id"] == "CX-101")
    assert [c["id"] for c in cx101["cited_by"]] == ["jargon-heavy-quotes", "long-hold"]
    touchpoint = next(t for t in data["catalog"]["touchpoints"] if t["id"] == "pricing-page")
    assert touchpoint["handbook_url"] == "journeys/touchpoints/#pricing-page"
    assert touchpoint["url"] == "https://example.com/pricing"  # its own address, kept


def test_csv_exports(site: Site) -> None:
    pains = list(
        csv.DictReader(
            io.StringIO(
                (site.site_dir / "journeys" / "pain-points.csv").read_text(encoding="utf-8-sig")
            )
        )
    )
    assert [(p["id"], p["severity"], p["addressed_by"]) for p in pains] == [
        ("long-hold", "critical", ""),
        ("jargon-heavy-quotes", "high", "plain-language-quote"),
    ]
    opportunities = list(
        csv.DictReader(
            io.StringIO(
                (site.site_dir / "journeys" / "opportunities.csv").read_text(encoding="utf-8-sig")
            )
        )
    )
    assert opportunities[0]["owner"] == "Growth"
    assert opportunities[0]["url"] == STAGE + "#plain-language-quote"


def test_hand_written_page_embeds_grid_and_diagram(site: Site) -> None:
    html = site.page("embed/")
    assert '<table class="jm-grid' in html
    assert (
        'href="../journeys/first-time-buyer/buying-a-policy/decision/#jargon-heavy-quotes"' in html
    )
    assert '<pre class="jm-diagram__source" data-jm-mermaid="' in html
    assert "section Inquiry" in html
    assert (
        links(article(html))["Jargon"]
        == "../journeys/first-time-buyer/buying-a-policy/decision/#jargon-heavy-quotes"
    )


def test_unknown_embed_is_a_strict_warning(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        from_fixture="small",
        docs={"bad.md": "# Bad\n\n```journey-maps\ngrid nobody/nothing\n```\n"},
    )
    from mkdocs.exceptions import Abort

    with pytest.raises(Abort):
        build_project(project, strict=True)
