"""This repository's own handbook: realistic, complete, and built with --strict."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from conftest import ROOT, Site, build_project, make_project
from html_tools import article, diagram_sources, ids, links, text

from journey_maps.source.handbook import load_handbook

if TYPE_CHECKING:
    from pathlib import Path


@pytest.fixture(scope="module")
def handbook():
    return load_handbook(ROOT / "journeys", ROOT)


def test_example_covers_what_a_cx_team_starts_from(handbook) -> None:
    assert len(handbook.personas) >= 4
    assert len(handbook.catalog.touchpoints) >= 15
    assert len(handbook.catalog.channels) >= 3
    assert len(handbook.catalog.teams) >= 3
    journeys = [j for p in handbook.personas for j in p.journeys]
    stage_ids = {tuple(s.id for s in j.stages) for j in journeys}
    assert ("awareness", "consideration", "decision", "retention", "loyalty") in stage_ids
    assert {j.type for j in journeys} == {
        "current-state",
        "future-state",
        "day-in-the-life",
        "service-blueprint",
    }
    day = next(j for j in journeys if j.type == "day-in-the-life")
    assert all(s.time for s in day.stages)
    future = next(j for j in journeys if j.type == "future-state")
    assert future.compare_to
    blueprint = next(j for j in journeys if j.type == "service-blueprint")
    assert all(s.frontstage and s.backstage and s.support for s in blueprint.stages)
    evidence_kinds = {e.kind for j in journeys for e in j.evidence}
    assert evidence_kinds == {"solicited", "unsolicited"}
    stages = [s for j in journeys for s in j.stages]
    assert any(p.tickets for s in stages for p in s.pain_points)
    assert any(s.metrics for s in stages)
    titles = " ".join(j.title.lower() for j in journeys)
    assert "renew" in titles or "leaving" in titles  # customer churn
    assert any(
        p.profile.segment and "business" in (p.profile.segment or "").lower()
        for p in handbook.personas
    ) or ("portfolio" in titles)  # B2B lead nurturing


def test_every_generated_page_is_built(example_site: Site, handbook) -> None:
    for persona in handbook.personas:
        assert persona.profile.name in text(
            article(example_site.page(f"journeys/{persona.id}/"))
        ).replace("\u200b", "")
        for journey in persona.journeys:
            html = example_site.page(f"journeys/{persona.id}/{journey.id}/")
            assert diagram_sources(html)
            assert 'class="jm-grid' in html
            for stage in journey.stages:
                page = example_site.page(f"journeys/{persona.id}/{journey.id}/{stage.id}/")
                assert {p.id for p in stage.pain_points} <= ids(page)
                assert {o.id for o in stage.opportunities} <= ids(page)
    assert {t.id for t in handbook.catalog.touchpoints} <= ids(
        example_site.page("journeys/touchpoints/")
    )


def test_home_links_into_generated_pages(example_site: Site) -> None:
    hrefs = set(links(article(example_site.page(""))).values())
    assert "journeys/" in hrefs
    assert "journeys/touchpoints/" in hrefs
    assert any(h.count("/") >= 4 and "#" in h for h in hrefs)  # a pain point on a stage page


def test_reference_page_has_options_and_generated_field_tables(example_site: Site) -> None:
    html = example_site.page("reference/")
    assert {
        "field-persona",
        "field-journey",
        "field-stage",
        "field-pain-point",
        "field-touchpoint",
    } <= ids(html)
    page = text(article(html))
    for option in ("dir", "prefix", "ticket_url", "review_every_days", "mermaid"):
        assert option in page
    assert (
        "emotion integer 1..5 or a word: very negative, negative, neutral, positive, very "
        "positive, or one journey-maps import reads, e.g. frustrated (2) no"
    ) in page


def test_overdue_map_is_flagged(example_site: Site) -> None:
    assert "Review overdue since" in text(article(example_site.page("journeys/")))


def test_ticket_ids_link_to_the_tracker(example_site: Site) -> None:
    html = example_site.page("journeys/first-time-buyer/buying-home-cover/consideration/")
    assert 'href="https://tracker.example.com/browse/CX-101"' in html


def test_new_user_site_with_one_persona_file(tmp_path: Path) -> None:
    """Two lines in mkdocs.yml and one persona file, no catalog: every page is there."""
    project = make_project(
        tmp_path,
        journeys={
            "maya.yml": "persona:\n  name: Maya\n  role: Buyer\njourneys:\n  - id: buying\n    title: Buying\n"
            "    stages:\n      - id: search\n        name: Search\n        emotion: 2\n"
            "        steps:\n          - action: Searches the web\n"
        },
    )
    site = build_project(project, strict=True)
    assert "Buying" in text(article(site.page("journeys/")))
    assert "Searches the web" in site.page("journeys/maya/buying/")
    assert "Search" in text(article(site.page("journeys/maya/buying/search/")))
    assert (site.site_dir / "journeys" / "touchpoints" / "index.html").exists()
