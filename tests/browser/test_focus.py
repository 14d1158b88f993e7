"""A link lands on its card, and every generated table reads on a phone (issue 22, points 3
and 4), measured in Chromium on the example handbook.

* `#<id>` on a stage page outlines the pain point's heading by CSS alone (`:target`, checked
  with JavaScript off too), in a colour 3:1 or more against the page in both palettes, below
  the sticky context bar; the context bar (persona › journey › stage n of N, emotion in
  words, "See it on the map") stays under the theme's header at 375 and 1440 px.
* `?focus=<id>` on a journey page scrolls to the card (or a stage's column) and marks it.
* At 375x812 no generated page scrolls sideways, no table is wider than its column unless it
  scrolls in a box with a visible cue, and no word in a table cell breaks across lines.
* The tables that carry the story (comparison, review, touchpoint uses) are cards on a phone
  and tables at 1440; the tickets page is one card per ticket.
* axe-core: no serious or critical violation on these pages, in either palette.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pytest
from browser_support import handbook_of, serious_axe_violations, serve_directory

if TYPE_CHECKING:
    from collections.abc import Iterator

    from conftest import Site

pytestmark = pytest.mark.browser

PHONE = (375, 812)
DESKTOP = (1440, 900)

# WCAG contrast of an element's outline against the first opaque background behind it.
_OUTLINE = """
(id) => {
  const element = document.getElementById(id);
  const style = getComputedStyle(element);
  const rgb = (text) => (text.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const channel = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  let behind = [255, 255, 255];
  for (let el = element.parentElement; el; el = el.parentElement) {
    const bg = rgb(getComputedStyle(el).backgroundColor);
    if (bg.length === 3 || (bg.length === 4 && bg[3] === 1)) { behind = bg.slice(0, 3); break; }
  }
  const [a, b] = [luminance(rgb(style.outlineColor)), luminance(behind)];
  const box = element.getBoundingClientRect();
  return {style: style.outlineStyle, width: parseFloat(style.outlineWidth), color: style.outlineColor,
          contrast: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), top: box.top, bottom: box.bottom,
          focused: element.classList.contains('jm-focus'), active: document.activeElement === element};
}
"""

_CONTEXT_BAR = """
() => {
  const bar = document.querySelector('p.jm-context');
  const header = document.querySelector('.md-header').getBoundingClientRect();
  const box = bar.getBoundingClientRect();
  const link = bar.querySelector('a.jm-on-map');
  return {text: bar.textContent.replace(/\\s+/g, ' '), top: box.top, bottom: box.bottom,
          headerBottom: header.bottom, position: getComputedStyle(bar).position,
          map: link ? link.getAttribute('href') : null};
}
"""

# Every table of the page at this width: too wide for its column and in which scroll box,
# with or without a cue; every word of a table cell drawn across two lines.
_TABLES = """
() => {
  const out = {page: document.scrollingElement.scrollWidth, viewport: innerWidth, wide: [], broken: []};
  const scrolls = (el) => ['auto', 'scroll'].includes(getComputedStyle(el).overflowX);
  for (const table of document.querySelectorAll('.md-content table')) {
    if (!table.getBoundingClientRect().width) continue;
    const column = table.closest('.md-typeset').clientWidth;
    if (table.scrollWidth <= column + 1 && table.getBoundingClientRect().right <= innerWidth + 1) continue;
    let region = null;
    for (let el = table; el && !el.classList.contains('md-content'); el = el.parentElement) {
      if (scrolls(el) && el.scrollWidth > el.clientWidth + 1) { region = el; break; }
    }
    out.wide.push({head: table.querySelector('th') && table.querySelector('th').textContent.trim(),
                   width: table.scrollWidth, column, region: region && region.className,
                   cue: !!region && getComputedStyle(region).backgroundImage.includes('gradient')});
  }
  for (const cell of document.querySelectorAll('.md-content :is(td, th)')) {
    if (!cell.getBoundingClientRect().width) continue;
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const word of node.data.matchAll(/[^\\s\\-\\/–—·›,;:()]{2,}/g)) {
        const range = document.createRange();
        range.setStart(node, word.index);
        range.setEnd(node, word.index + word[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) out.broken.push(word[0]);
      }
    }
  }
  return out;
}
"""

# How a card table is drawn: each row a block (a card) or a table row, each cell's label.
_CARD_TABLE = """
() => [...document.querySelectorAll('.jm-table-cards table')].filter((t) => t.getBoundingClientRect().width).map((t) => {
  const row = t.querySelector('tbody tr');
  const cells = [...row.querySelectorAll('td')];
  return {row: getComputedStyle(row).display, width: t.getBoundingClientRect().width,
          column: t.closest('.md-typeset').clientWidth,
          labels: cells.map((c) => c.dataset.label),
          shown: cells.slice(1).map((c) => getComputedStyle(c, '::before').content)};
})
"""


@contextmanager
def _page(
    browser: Any, site: Site, size: tuple[int, int], scheme: str = "light", *, script: bool = True
) -> Iterator[tuple[Any, str]]:
    """A page of the example in one browser context, offline; yields it and the base URL."""
    with serve_directory(site.site_dir) as base:
        context = browser.new_context(
            viewport={"width": size[0], "height": size[1]},
            color_scheme=scheme,
            java_script_enabled=script,
        )
        context.route(lambda url: not url.startswith(base), lambda route: route.abort())
        try:
            yield context.new_page(), base
        finally:
            context.close()


def _open(page: Any, url: str) -> None:
    page.goto(url, wait_until="load")
    page.wait_for_timeout(150)


def _deep_link(site: Site) -> dict[str, Any]:
    """A pain point with tickets on a stage page, its journey, and a compared journey."""
    for persona in handbook_of(site).personas:
        for journey in persona.journeys:
            for number, stage in enumerate(journey.stages, 1):
                for pain in stage.pain_points:
                    if pain.tickets:
                        return {
                            "journey": f"journeys/{persona.id}/{journey.id}/",
                            "stage": f"journeys/{persona.id}/{journey.id}/{stage.id}/",
                            "stage_id": stage.id,
                            "number": f"stage {number} of {len(journey.stages)}",
                            "persona_name": persona.profile.name,
                            "journey_title": journey.title,
                            "pain": pain.id,
                        }
    raise AssertionError("the example handbook has no pain point with a ticket")


def _compared_journey(site: Site) -> str:
    for persona in handbook_of(site).personas:
        for journey in persona.journeys:
            if journey.compare_to:
                return f"journeys/{persona.id}/{journey.id}/"
    raise AssertionError("the example handbook has no journey with compare_to")


def _generated_pages(site: Site) -> list[str]:
    """Every page the plugin generated into the example (forwarding pages left out)."""
    root = site.site_dir / "journeys"
    return sorted(
        str(path.parent.relative_to(site.site_dir)) + "/"
        for path in root.rglob("index.html")
        if 'class="md-content' in path.read_text(encoding="utf-8")
    )


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["375", "1440"])
def test_a_stage_page_opened_at_a_pain_point_outlines_it_under_its_context_bar(
    browser: Any, example_site: Site, size: tuple[int, int], scheme: str
) -> None:
    link = _deep_link(example_site)
    with _page(browser, example_site, size, scheme) as (page, base):
        _open(page, f"{base}{link['stage']}#{link['pain']}")
        outline = page.evaluate(_OUTLINE, link["pain"])
        bar = page.evaluate(_CONTEXT_BAR)
        assert outline["style"] == "solid", outline
        assert outline["width"] >= 2, outline
        assert outline["contrast"] >= 3, outline
        assert bar["position"] == "sticky", bar
        assert abs(bar["top"] - bar["headerBottom"]) <= 2, bar
        assert bar["bottom"] <= outline["top"], ("the pain point is under the context bar", bar)
        assert outline["bottom"] <= size[1], outline
        for words in (link["persona_name"], link["journey_title"], link["number"]):
            assert words in bar["text"], (words, bar)
        assert any(w in bar["text"] for w in ("negative", "neutral", "positive", "not rated"))
        # The script points the bar's map link at the card the link landed on.
        assert bar["map"].endswith(f"#{link['pain']}"), bar
        page.evaluate("() => window.scrollTo(0, document.scrollingElement.scrollHeight)")
        page.wait_for_timeout(100)
        scrolled = page.evaluate(_CONTEXT_BAR)
        assert abs(scrolled["top"] - scrolled["headerBottom"]) <= 2, ("bar scrolled away", scrolled)


def test_the_outline_and_the_context_bar_need_no_javascript(
    browser: Any, example_site: Site
) -> None:
    link = _deep_link(example_site)
    with _page(browser, example_site, PHONE, script=False) as (page, base):
        _open(page, f"{base}{link['stage']}#{link['pain']}")
        outline = page.evaluate(_OUTLINE, link["pain"])
        bar = page.evaluate(_CONTEXT_BAR)
        assert outline["style"] == "solid", outline
        assert outline["contrast"] >= 3, outline
        assert bar["map"].endswith(f"#stage-{link['stage_id']}"), bar
        _open(page, f"{base}{link['journey']}#{link['pain']}")
        card = page.evaluate(_OUTLINE, link["pain"])
        assert card["style"] == "solid", card
        assert card["top"] >= 0, ("card above the screen", card)
        assert card["bottom"] <= PHONE[1], ("card below the screen", card)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_in_the_query_marks_a_card_or_a_stage_on_the_journey_page(
    browser: Any, example_site: Site, scheme: str
) -> None:
    link = _deep_link(example_site)
    with _page(browser, example_site, DESKTOP, scheme) as (page, base):
        _open(page, f"{base}{link['journey']}?focus={link['pain']}")
        card = page.evaluate(_OUTLINE, link["pain"])
        assert card["focused"], card
        assert card["active"], card
        assert card["style"] == "solid", card
        assert card["contrast"] >= 3, card
        assert card["top"] >= 0, ("card above the screen", card)
        assert card["bottom"] <= DESKTOP[1], ("card below the screen", card)
        _open(page, f"{base}{link['journey']}?focus={link['stage_id']}")
        stage = page.evaluate(_OUTLINE, f"stage-{link['stage_id']}")
        assert stage["focused"], stage
        assert stage["style"] == "solid", stage
        _open(page, f"{base}{link['journey']}?focus=no-such-card")
        assert page.evaluate("() => document.querySelectorAll('.jm-focus').length") == 0


def test_every_generated_page_reads_at_375(browser: Any, example_site: Site) -> None:
    paths = _generated_pages(example_site)
    assert len(paths) > 20, paths
    problems: list[str] = []
    with _page(browser, example_site, PHONE) as (page, base):
        for path in paths:
            _open(page, base + path)
            found = page.evaluate(_TABLES)
            if found["page"] > found["viewport"]:
                problems.append(f"{path}: the page is {found['page']} px wide")
            problems += [
                f"{path}: table without a scroll cue {w}" for w in found["wide"] if not w["cue"]
            ]
            if found["broken"]:
                problems.append(f"{path}: words broken across lines {found['broken'][:6]}")
    assert not problems, "\n".join(problems)


def test_the_story_tables_are_cards_on_a_phone_and_tables_on_a_desktop(
    browser: Any, example_site: Site
) -> None:
    pages = [
        _compared_journey(example_site) + "#compared",
        "journeys/review/",
        "journeys/touchpoints/",
    ]
    for size, display in ((PHONE, "block"), (DESKTOP, "table-row")):
        with _page(browser, example_site, size) as (page, base):
            for path in pages:
                _open(page, base + path)
                tables = page.evaluate(_CARD_TABLE)
                assert tables, f"{path}: no card table"
                for table in tables:
                    assert table["row"] == display, (path, size, table)
                    assert table["width"] <= table["column"] + 1, (path, size, table)
                    assert all(table["labels"]), (path, table)
                    if display == "block":
                        assert table["shown"] == [f'"{label}: "' for label in table["labels"][1:]]
    with _page(browser, example_site, PHONE) as (page, base):
        _open(page, base + "journeys/tickets/")
        heading = page.evaluate(
            """() => { const h = document.querySelector('.md-content h2');
                       return getComputedStyle(h).borderLeftStyle; }"""
        )
        assert heading == "solid"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_focus_and_card_pages_have_no_serious_axe_violations(
    browser: Any, example_site: Site, scheme: str
) -> None:
    link = _deep_link(example_site)
    paths = [
        f"{link['stage']}#{link['pain']}",
        f"{link['journey']}?focus={link['pain']}",
        _compared_journey(example_site) + "#compared",
        "journeys/review/",
        "journeys/touchpoints/",
        "journeys/tickets/",
    ]
    found: dict[str, Any] = {}
    for size in (PHONE, DESKTOP):
        with _page(browser, example_site, size, scheme) as (page, base):
            for path in paths:
                _open(page, base + path)
                serious = serious_axe_violations(page)
                if serious:
                    found[f"{path} at {size[0]}"] = serious
    assert not found, found
