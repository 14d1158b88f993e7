"""Overviews as products and "Meet our customers" (issue 22, points 5 and 6), measured in
Chromium on the example handbook.

* The cross-persona overviews take the whole width, as journey pages do.
* Their filter works in the page: choosing a severity hides the other rows, the URL keeps the
  choice, a reload restores it; without JavaScript the bar is not shown and every row is.
  The same filter hides the detail items below the tables and the sections left empty.
* The touchpoint heat map ranks by lowest emotion, then by open pain points.
* Opportunity tables fit a phone, "where" included.
* The landing page's first screen shows the persona cards; the home page embeds them.
* axe-core: no serious or critical violation on these pages, in either palette.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from browser_support import AXE_JS, axe_findings, browse_in, serve_directory

if TYPE_CHECKING:
    from conftest import Site

OVERVIEWS = [
    "journeys/touchpoints/",
    "journeys/pain-points/",
    "journeys/opportunities/",
    "journeys/tickets/",
    "journeys/review/",
    "journeys/teams/",
]
JOURNEY = "journeys/first-time-buyer/buying-home-cover/"
PAINS = "journeys/pain-points/"

_CONTENT_WIDTH = "() => document.querySelector('.md-content__inner').getBoundingClientRect().width"

# Each filterable row: shown or not, and what it is.
_ROWS = """() => [...document.querySelectorAll('[data-jm-row]')].map((row) => ({
  shown: row.getClientRects().length > 0,
  severity: row.getAttribute('data-jm-severity'),
  persona: row.getAttribute('data-jm-persona'),
}))"""


@pytest.mark.browser
def test_overviews_are_as_wide_as_a_journey_page(browser: Any, example_site: Site) -> None:
    with browse_in(browser, example_site.site_dir, 1440, 900, "light") as browsing:
        journey = browsing.open(JOURNEY).page.evaluate(_CONTENT_WIDTH)
        widths = {path: browsing.open(path).page.evaluate(_CONTENT_WIDTH) for path in OVERVIEWS}
    assert journey > 1300, journey
    assert all(abs(width - journey) < 1 for width in widths.values()), (journey, widths)


@pytest.mark.browser
def test_filter_hides_rows_keeps_the_url_and_a_reload_restores_it(
    browser: Any, example_site: Site
) -> None:
    with browse_in(browser, example_site.site_dir, 1440, 900, "light") as browsing:
        page = browsing.open(PAINS).page
        assert page.is_visible("form.jm-filter")
        every = page.evaluate(_ROWS)
        assert every
        assert all(row["shown"] for row in every)

        page.select_option("form.jm-filter select[name=severity]", "critical")
        rows = page.evaluate(_ROWS)
        shown = [row for row in rows if row["shown"]]
        assert shown, rows
        assert all(row["severity"] == "critical" for row in shown), rows
        assert len(shown) < len(rows)
        assert "severity=critical" in page.url
        assert page.text_content(".jm-filter__count") == f"{len(shown)} of {len(rows)} shown"

        page.select_option("form.jm-filter select[name=persona]", "first-time-buyer")
        assert "persona=first-time-buyer" in page.url
        narrowed = [row for row in page.evaluate(_ROWS) if row["shown"]]
        assert narrowed
        assert all(row["persona"] == "first-time-buyer" for row in narrowed)

        page.reload(wait_until="load")
        assert page.input_value("form.jm-filter select[name=severity]") == "critical"
        assert page.input_value("form.jm-filter select[name=persona]") == "first-time-buyer"
        assert [row for row in page.evaluate(_ROWS) if row["shown"]] == narrowed

        page.click("form.jm-filter button[type=reset]")
        page.wait_for_function("() => !location.search.includes('severity')")
        assert all(row["shown"] for row in page.evaluate(_ROWS))


# The details below the tables: each item's heading (with what follows it, up to the next
# heading as high) and each section's heading, shown or not.
_DETAILS = """() => ({
  items: [...document.querySelectorAll('[data-jm-item]')].map((item) => ({
    id: item.id,
    severity: item.getAttribute('data-jm-severity'),
    shown: item.getClientRects().length > 0,
    bodyShown: item.nextElementSibling.getClientRects().length > 0,
  })),
  sections: Object.fromEntries([...document.querySelectorAll('[data-jm-section]')]
    .map((heading) => [heading.id, heading.getClientRects().length > 0])),
})"""


@pytest.mark.browser
def test_filter_hides_the_details_below_the_tables_and_their_empty_sections(
    browser: Any, example_site: Site
) -> None:
    with browse_in(browser, example_site.site_dir, 1440, 900, "light") as browsing:
        page = browsing.open(PAINS).page
        every = page.evaluate(_DETAILS)
        assert {item["severity"] for item in every["items"]} >= {"critical", "high"}, every
        assert all(item["shown"] and item["bodyShown"] for item in every["items"]), every
        assert all(every["sections"].values()), every

        page.select_option("form.jm-filter select[name=severity]", "critical")
        critical = page.evaluate(_DETAILS)
        for item in critical["items"]:
            wanted = item["severity"] == "critical"
            assert item["shown"] == wanted, item
            assert item["bodyShown"] == wanted, item
        assert critical["sections"]["critical"], critical
        assert not critical["sections"]["high"], critical
        assert not critical["sections"]["low"], critical
        # Ids and the English text stay: a hidden item is hidden, not removed.
        assert (
            page.locator("#" + next(i["id"] for i in critical["items"] if not i["shown"])).count()
            == 1
        )

        page.reload(wait_until="load")
        assert "severity=critical" in page.url
        assert page.evaluate(_DETAILS) == critical

        page.click("form.jm-filter button[type=reset]")
        page.wait_for_function("() => !location.search.includes('severity')")
        assert page.evaluate(_DETAILS) == every


@pytest.mark.browser
def test_sort_reorders_the_rows(browser: Any, example_site: Site) -> None:
    with browse_in(browser, example_site.site_dir, 1440, 900, "light") as browsing:
        page = browsing.open(PAINS + "?sort=persona").page
        ranks = page.evaluate(
            """() => [...document.querySelector('table.jm-register tbody').children]
                 .map((row) => Number(row.getAttribute('data-jm-rank-persona')))"""
        )
    assert ranks == sorted(ranks), ranks
    assert len(set(ranks)) > 1, ranks


@pytest.mark.browser
def test_without_javascript_every_row_shows_and_no_filter_bar(
    browser: Any, example_site: Site
) -> None:
    with serve_directory(example_site.site_dir) as base:
        context = browser.new_context(
            viewport={"width": 1440, "height": 900}, java_script_enabled=False
        )
        try:
            page = context.new_page()
            for path in (
                PAINS + "?severity=critical",
                "journeys/touchpoints/",
                "journeys/opportunities/",
            ):
                page.goto(base + path, wait_until="load")
                rows = page.evaluate(_ROWS)
                assert rows, path
                assert all(row["shown"] for row in rows), path
                assert not page.is_visible("form.jm-filter"), path
                details = page.evaluate(_DETAILS)
                assert all(item["shown"] for item in details["items"]), path
                assert all(details["sections"].values()), path
        finally:
            context.close()


@pytest.mark.browser
def test_heat_map_ranks_lowest_emotion_first_then_pain_points(
    browser: Any, example_site: Site
) -> None:
    with browse_in(browser, example_site.site_dir, 1440, 900, "light") as browsing:
        page = browsing.open("journeys/touchpoints/").page
        rows = page.evaluate(
            """() => [...document.querySelectorAll('table.jm-heat tbody tr')].map((row) => {
                 const lows = [...row.querySelectorAll('.jm-heat__low')]
                   .map((low) => Number(low.textContent.replace('lowest', '')));
                 return [lows.length ? Math.min(...lows) : 6,
                         Number(row.querySelector('.jm-heat__total').textContent)];
               })"""
        )
        said = page.text_content("#hotspots + p")
    keys = [(lowest, -pains) for lowest, pains in rows]
    assert keys == sorted(keys), rows
    assert rows[0][0] == 1
    assert said is not None
    assert "Ranked by the lowest emotion" in said


@pytest.mark.browser
def test_opportunity_tables_fit_a_phone(browser: Any, example_site: Site) -> None:
    with browse_in(browser, example_site.site_dir, 375, 812, "light") as browsing:
        page = browsing.open("journeys/opportunities/").page
        found = page.evaluate(
            """() => ({page: document.scrollingElement.scrollWidth, viewport: innerWidth,
                 cut: [...document.querySelectorAll('[data-jm-row] td')]
                   .filter((cell) => cell.getBoundingClientRect().right > innerWidth + 1)
                   .map((cell) => cell.textContent.slice(0, 40))})"""
        )
    assert found["page"] <= found["viewport"], found
    assert not found["cut"], found


@pytest.mark.browser
@pytest.mark.parametrize(("path", "width"), [("journeys/", 1440), ("", 1440), ("journeys/", 375)])
def test_first_screen_shows_persona_cards(
    browser: Any, example_site: Site, path: str, width: int
) -> None:
    height = 900 if width > 375 else 812
    with browse_in(browser, example_site.site_dir, width, height, "light") as browsing:
        page = browsing.open(path).page
        cards = page.evaluate(
            """(height) => [...document.querySelectorAll('.jm-customer')].map((card) => ({
                 top: card.getBoundingClientRect().top,
                 name: card.querySelector('.jm-customer__name').textContent,
                 quote: !!card.querySelector('.jm-customer__quote'),
                 curves: card.querySelectorAll('svg.jm-spark').length}))""",
            height,
        )
        worst = page.locator(".jm-customers__pains > li").count()
    assert len(cards) == 4, cards
    if path == "journeys/":
        assert cards[0]["top"] < height, cards
    if width > 375 and path == "journeys/":
        assert sum(card["top"] < height for card in cards) == 4, cards
    assert all(card["quote"] and card["curves"] for card in cards), cards
    assert worst == 5


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1440, 375])
def test_overviews_have_no_serious_axe_violations(
    browser: Any, example_site: Site, scheme: str, width: int
) -> None:
    paths = ["journeys/", PAINS, "journeys/touchpoints/", "journeys/opportunities/"]
    found = axe_findings(
        browser, example_site.site_dir, paths, width=width, height=900, scheme=scheme
    )
    assert not found, found


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_customers_block_on_the_home_page_has_no_serious_axe_violations(
    browser: Any, example_site: Site, scheme: str
) -> None:
    """Only the block: the home page's own hand-written links are the site's business."""
    with browse_in(browser, example_site.site_dir, 1440, 900, scheme) as browsing:
        page = browsing.open("").page
        page.add_script_tag(path=str(AXE_JS))
        found = page.evaluate(
            """async () => (await axe.run('.jm-customers', {resultTypes: ['violations']}))
                 .violations.filter((v) => ['serious', 'critical'].includes(v.impact))
                 .map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', '))"""
        )
    assert not found, found
