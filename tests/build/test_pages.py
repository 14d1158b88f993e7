"""Every generated page of the small fixture handbook, built by real MkDocs + Material."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from html_tools import article, diagram_sources, ids, links, parse, text

if TYPE_CHECKING:
    from conftest import Site

JOURNEY = "journeys/first-time-buyer/buying-a-policy/"


def test_landing_lists_every_persona_and_journey(small_site: Site) -> None:
    page = text(article(small_site.page("journeys/")))
    assert (
        "2 personas · 3 journeys · 5 stages · 2 pain points · 1 opportunity · 4 touchpoints" in page
    )
    # type, status, owner, stage count, last review
    assert "Buying a home insurance policy Current state validated Growth 3 2026-09-01" in page
    assert "Buying a policy, future state Future state draft Growth 1 never Never reviewed" in page
    assert "Renewing the business policy Service blueprint draft Claims 1 never" in page
    hrefs = links(article(small_site.page("journeys/")))
    assert hrefs["Maya Chen"] == "first-time-buyer/"
    assert hrefs["Renewing the business policy"] == "it-admin/renewing/"


def test_persona_page_shows_every_field(small_site: Site) -> None:
    page = text(article(small_site.page("journeys/first-time-buyer/")))
    for expected in (
        "Maya Chen",
        "First-time home buyer · Segment: Consumer",
        "I just want to know what I'm signing up for.",
        "Maya is 29 and buying her first flat.",
        "Goals Understand cover quickly Pay monthly",
        "Needs Plain-language terms",
        "Frustrations Jargon Hidden fees",
        "Motivations Peace of mind",
        "Channels Website Phone support",
        "Buying a home insurance policy Current state validated Growth 3",
    ):
        assert expected in page
    assert "<strong>first flat</strong>" in small_site.page(
        "journeys/first-time-buyer/"
    )  # summary is Markdown


def test_journey_page(small_site: Site) -> None:
    html = small_site.page(JOURNEY)
    page = text(article(html))
    # The summary under the title (issue 11): persona, map, owner, review, emotion, counts.
    assert (
        "Persona Maya Chen First-time home buyer Map Current state validated Owner Growth "
        "Last reviewed 2026-09-01 next due 2026-11-30"
    ) in page
    assert "Stakeholders: Growth, Claims. Reviewed every 90 days." in page
    assert "Scenario Maya has just had an offer accepted on a flat." in page
    assert "12 customer interviews · solicited · 2026-08-15" in page
    assert "Complaints about quotes · unsolicited" in page
    assert {"evidence-interviews-2026q3", "evidence-complaints-log", "stage-by-stage"} <= ids(html)
    # The Mermaid diagram: sections are stages, tasks are steps with scores and actors.
    # Not a `.mermaid` block: the page loads Mermaid only when the diagram is opened.
    assert 'class="mermaid"' not in html
    (source,) = diagram_sources(html)
    assert "title" not in source  # the page names it: Mermaid cut off long titles
    assert 'journey\n  section Awareness\n    Searches "first home insurance": 3: Maya\n' in source
    assert "    Reads the quote: 2: Maya Chen\n" in source  # actors default to the persona
    assert "  section Retention\n    Retention: 4: Maya Chen" in source  # a stage without steps
    # The stage grid: one column per stage, rows for each kind of content, no JavaScript needed.
    grid = html[
        html.index('<table class="jm-grid') : html.index(
            "</table>", html.index('<table class="jm-grid')
        )
    ]
    headers = re.findall(r'<th scope="col"[^>]*><a href="([^"]+)">([^<]+)</a>', grid)
    assert headers == [
        ("awareness/", "Awareness"),
        ("decision/", "Decision"),
        ("retention/", "Retention"),
    ]
    rows = re.findall(r'<th scope="row" class="jm-grid__label">([A-Za-z ]+)', grid)
    # The curve right under the stages, then the pain points and opportunities, so the first
    # screen shows them (issue 22); the blueprint lanes around the customer's actions.
    assert rows == [
        "Emotion",
        "Pain points",
        "Opportunities",
        "Goal",
        "Customer actions",
        "Frontstage",
        "Backstage",
        "Support",
    ]
    assert 'href="decision/#jargon-heavy-quotes"' in grid
    assert 'href="decision/#plain-language-quote"' in grid
    assert 'href="../../touchpoints/#pricing-page">Pricing page</a>' in grid
    # The en dash as a character reference: the grid is written one byte a character.
    assert (
        'aria-label="Emotion by stage: Awareness 3 of 5; Decision 3 of 5 (steps 2&#8211;3); '
        'Retention 4 of 5"' in grid
    )
    assert "<polyline" in grid


def test_future_state_links_to_its_current_state(small_site: Site) -> None:
    html = article(small_site.page("journeys/first-time-buyer/buying-a-policy-future/"))
    assert links(html)["Buying a home insurance policy"] == "../buying-a-policy/"
    assert "the current state map of the same journey" in text(html)


def test_stage_page(small_site: Site) -> None:
    html = small_site.page(JOURNEY + "decision/")
    page = text(article(html))
    assert {"jargon-heavy-quotes", "plain-language-quote"} <= ids(html)
    assert "Maya Chen › Buying a home insurance policy › stage 2 of 3" in page
    assert "Emotion: 3/5 · neutral (mean of its steps)" in page
    assert "Reads the quote · at Pricing page · 2/5 · negative" in page
    assert "Severity: high · at Pricing page · id jargon-heavy-quotes" in page
    assert (
        "Evidence: 12 customer interviews (solicited), Complaints about quotes (unsolicited)"
        in page
    )
    assert "Addressed by: Plain-language quote summary (planned)" in page
    assert (
        "Status: planned · impact high · effort medium · owner Growth · id plain-language-quote"
        in page
    )
    assert "Addresses: Quotes are full of jargon" in page
    assert "Tickets: CX-101" in page
    assert "Tickets: CX-140" in page
    assert "Frontstage (what staff do in view of the customer) Agent answers chat" in page
    assert (
        "Backstage (what staff do out of view, behind the line of visibility) Underwriter checks risk"
        in page
    )
    assert "Support (systems and processes behind it) Policy admin system" in page
    assert "Quote completion rate 41% 60%" in page
    hrefs = links(article(html))
    assert hrefs["← Previous stage: Awareness"] == "../awareness/"
    assert hrefs["Next stage: Retention →"] == "../retention/"
    assert hrefs["Call centre"] == "../../../touchpoints/#call-centre"
    assert hrefs["Plain-language quote summary"] == "./#plain-language-quote"


def test_first_and_last_stage_have_one_neighbour(small_site: Site) -> None:
    first = text(article(small_site.page(JOURNEY + "awareness/")))
    last = text(article(small_site.page(JOURNEY + "retention/")))
    assert "Next stage: Decision" in first
    assert "Previous stage" not in first
    assert "Previous stage: Decision" in last
    assert "Next stage" not in last
    assert "07:30" in last


def test_touchpoint_index(small_site: Site) -> None:
    html = small_site.page("journeys/touchpoints/")
    page = text(article(html))
    assert {"search-ads", "pricing-page", "call-centre", "fax-line"} <= ids(html)
    # The hotspot table comes first (issue 11), after its filter bar (whose choices name the
    # channels too); the channel sections follow in order.
    channels = page[page.index("Website", page.index("Show all")) :]
    assert (
        channels.index("Search ads")
        < channels.index("Phone support")
        < channels.index("Call centre")
    )
    assert (
        "Pricing page Owner: Growth · id pricing-page · open the page Plans and prices for all tiers."
        in page
    )
    assert (
        "Maya Chen Buying a home insurance policy Decision 2/5 · negative Quotes are full of jargon (high)"
        in page
    )
    assert (
        "Sam Okafor Renewing the business policy Inquiry 2/5 · negative Long hold times (critical)"
        in page
    )
    assert (
        "Fax line id fax-line Nobody uses this any more. Unused No stage of any journey passes through"
        in page
    )
    assert "Unused touchpoints: Fax line" in page
    # Enriched: mean emotion over every stage using it, pain points by severity, personas.
    assert (
        "Call centre Owner: Claims · id call-centre Mean emotion here 2.5 of 5 across 2 stages of current maps · pain points: 1 critical · personas: Maya Chen, Sam Okafor"
        in page
    )


def test_navigation_is_persona_journey_stages_in_file_order(small_site: Site) -> None:
    html = small_site.page("")
    nav = html[html.index('<nav class="md-nav md-nav--primary"') :]
    nav = nav[: nav.index("</nav>\n", nav.rindex("md-nav__link"))]
    order = [title for title, _ in parse(nav).links if title]
    wanted = [
        "Maya Chen",
        "Buying a home insurance policy",
        "Awareness",
        "Decision",
        "Retention",
        "Buying a policy, future state",
        "Sam Okafor",
        "Renewing the business policy",
        "Inquiry",
        "Touchpoints",
    ]
    positions = [order.index(title) for title in wanted]
    assert positions == sorted(positions), order


def test_search_finds_every_kind_of_item_at_its_page(small_site: Site) -> None:
    index = small_site.search_index()

    def locations(needle: str) -> set[str]:
        return {e["location"] for e in index if needle in e["title"] or needle in e["text"]}

    assert "journeys/first-time-buyer/" in locations("Maya Chen")
    assert JOURNEY in locations("Buying a home insurance policy")
    assert JOURNEY + "decision/" in locations("Decision")
    assert "journeys/touchpoints/#pricing-page" in locations("Pricing page")
    assert JOURNEY + "decision/#jargon-heavy-quotes" in locations("Quotes are full of jargon")
    assert JOURNEY + "decision/#plain-language-quote" in locations("Plain-language quote summary")
    assert JOURNEY + "decision/#jargon-heavy-quotes" in locations("CX-101")
    assert "journeys/it-admin/renewing/inquiry/#long-hold" in locations("CX-101")


def test_generated_pages_are_not_written_to_docs(small_site: Site) -> None:
    assert sorted(p.name for p in (small_site.project / "docs").iterdir()) == ["index.md"]


def test_hand_written_links_into_generated_pages(small_site: Site) -> None:
    hrefs = links(article(small_site.page("")))
    assert (
        hrefs["the decision stage"]
        == "journeys/first-time-buyer/buying-a-policy/decision/#jargon-heavy-quotes"
    )
    assert hrefs["touchpoints"] == "journeys/touchpoints/#pricing-page"


def test_search_reads_a_stage_page_without_what_only_moves_or_explains(small_site: Site) -> None:
    """A stage's entries hold what the author wrote and the facts about it; the pager, the
    item links with their separators, the stage's number, the emotion the next line says
    again and the sentences that explain a chip or a blueprint lane are left out (each would
    match every stage page: docs/reference.md, "Search")."""
    entries = [
        e for e in small_site.search_index() if e["location"].startswith(JOURNEY + "retention/")
    ]
    searched = " ".join(e["title"] + " " + e["text"] for e in entries)
    page = text(article(small_site.page(JOURNEY + "retention/")))
    for shown_only in (
        "stage 3 of 3",
        "no pain point cites research",
        "Previous stage",
        "All stages",
        "See it on the map",
    ):
        assert shown_only in page
        assert shown_only not in searched, shown_only
    assert "Maya Chen › Buying a home insurance policy · 07:30" in searched  # the context bar
    assert "Emotion: 4/5 · positive" in searched
    assert "assumption only" in searched
    decision = " ".join(
        e["text"]
        for e in small_site.search_index()
        if e["location"].startswith(JOURNEY + "decision/")
    )
    assert "id jargon-heavy-quotes · Status:" in decision.replace("<code>", "").replace(
        "</code>", ""
    )
    for links_only in ("permalink", "on the map", " ·  · ", "what staff do"):
        assert links_only not in decision, links_only
    assert "Frontstage" in decision


def test_search_leaves_out_the_journey_diagram_whose_steps_are_on_the_stage_pages(
    small_site: Site,
) -> None:
    """The diagram's Mermaid source repeats every step of the journey, which search finds at
    its stage page: the section is left out (docs/reference.md, "Search")."""
    index = small_site.search_index()
    assert not [e for e in index if e["location"] == JOURNEY + "#journey-diagram"]
    journey = " ".join(e["text"] for e in index if e["location"].startswith(JOURNEY + "#"))
    assert "section Decision" not in journey
    assert "Journey diagram" in text(article(small_site.page(JOURNEY)))
