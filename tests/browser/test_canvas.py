"""The journey map as one view, and a real service blueprint (issue 22, points 1 and 2),
measured in Chromium.

* First screen: at 1440x900, with the page at the top, a 5-stage map shows its stage names,
  its emotion curve and the top of its pain point row (the example's current-state map and
  its service blueprint).
* Sticky: scrolled to the pain point row by the page's own scroll, the stage names sit right
  under Material's header; in a map too wide for the screen (its own scroll box), the stage
  names stay at the box's top and the row names at its left while the box scrolls both ways.
* Compact mode: ticking the checkbox above an 8-stage map fits every stage at 1440 px, with
  nothing scrolling sideways, by CSS alone (JavaScript off).
* Blueprint: physical evidence, customer actions, frontstage, backstage and support in that
  order, the lines of interaction, visibility and internal interaction between them,
  labelled; a pain point that names its step and lane is drawn in that lane's cell of its
  stage, not in the pain point row.
* axe-core: no serious or critical violation on these pages, in either palette.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from browser_support import serious_axe_violations, serve_directory
from conftest import build_project, make_project

if TYPE_CHECKING:
    from collections.abc import Iterator

    from conftest import Site

pytestmark = pytest.mark.browser

JOURNEY = "journeys/first-time-buyer/buying-home-cover/"
BLUEPRINT = "journeys/long-standing-homeowner/escape-of-water-claim/"
LONG = "journeys/maya/eight-stages/"
THEME_OWN = (".md-search", ".md-copyright")
"""Material's search dialog (no accessible name) and footer credit (grey on black)."""

_FIRST_SCREEN = """
() => {
  const box = (selector) => {
    const r = document.querySelector(selector).getBoundingClientRect();
    return {top: r.top, bottom: r.bottom};
  };
  return {stage: box('.jm-grid thead th:nth-child(2)'), curve: box('.jm-grid__curve svg'),
          pains: box('.jm-grid__pains'), scrollY: window.scrollY};
}
"""

_HEADER_AFTER_PAGE_SCROLL = """
() => {
  const pains = document.querySelector('.jm-grid__pains');
  window.scrollTo(0, pains.getBoundingClientRect().top + window.scrollY - 150);
  const th = document.querySelector('.jm-grid thead th:nth-child(2)').getBoundingClientRect();
  const header = document.querySelector('.md-header').getBoundingClientRect();
  const row = pains.getBoundingClientRect();
  return {th: {top: th.top, bottom: th.bottom}, header: header.bottom, pains: row.top,
          scrollY: window.scrollY};
}
"""

# Scroll the map's own box to its far right and down to its pain point row.
_BOX_SCROLLED_BOTH_WAYS = """
() => {
  const box = document.querySelector('.jm-grid-scroll');
  const before = box.getBoundingClientRect();
  box.scrollIntoView({block: 'start'});
  window.scrollBy(0, -60);
  const pains = document.querySelector('.jm-grid__pains');
  box.scrollTop = pains.offsetTop - 40;
  box.scrollLeft = box.scrollWidth;
  const edge = box.getBoundingClientRect();
  const th = document.querySelector('.jm-grid thead th:last-child').getBoundingClientRect();
  const label = document.querySelector('.jm-grid__pains th').getBoundingClientRect();
  return {box: {top: edge.top, left: edge.left, height: edge.height}, viewport: innerHeight,
          scrolled: {x: box.scrollLeft, y: box.scrollTop}, wide: box.scrollWidth > box.clientWidth,
          th: th.top, label: label.left, wasTall: before.height};
}
"""

_WIDTHS = """
() => {
  const box = document.querySelector('.jm-grid-scroll');
  const th = [...document.querySelectorAll('.jm-grid thead th')];
  return {page: document.scrollingElement.scrollWidth, viewport: innerWidth,
          box: box.clientWidth, grid: box.scrollWidth, overflow: getComputedStyle(box).overflowX,
          lastRight: th[th.length - 1].getBoundingClientRect().right};
}
"""

_BLUEPRINT_ROWS = """
() => [...document.querySelectorAll('.jm-grid tbody tr')].map((tr) => {
  const label = tr.querySelector('th.jm-grid__label');
  const lines = [...tr.querySelectorAll('.jm-line__label')].map((s) => s.textContent.trim());
  const td = tr.querySelector('td.jm-line');
  return {label: label ? label.textContent.trim() : null, lines, top: tr.getBoundingClientRect().top,
          border: td ? getComputedStyle(td).borderTopStyle : null,
          visible: td ? td.getBoundingClientRect().height > 0 : true};
})
"""

_CARD_CELL = """
(id) => {
  const card = document.querySelector(`.jm-grid a.jm-card[href$="#${id}"]`);
  if (!card) return null;
  const row = card.closest('tr');
  const cell = card.closest('td');
  const column = [...row.children].indexOf(cell);
  const header = document.querySelectorAll('.jm-grid thead th')[column];
  const c = card.getBoundingClientRect();
  const h = header.getBoundingClientRect();
  return {row: row.className, lane: row.querySelector('th').textContent.trim(),
          stage: header.querySelector('a').textContent.trim(),
          step: (cell.querySelector('.jm-placed__step') || {}).textContent || null,
          inColumn: c.left >= h.left - 1 && c.right <= h.right + 1,
          inPainRow: !!document.querySelector(`.jm-grid__pains a.jm-card[href$="#${id}"]`)};
}
"""


@contextmanager
def opened(
    browser: Any,
    site: Site,
    path: str,
    *,
    width: int = 1440,
    height: int = 900,
    scheme: str = "light",
    javascript: bool = True,
) -> Iterator[Any]:
    """One page of a built site at a viewport, offline, the theme's fonts and all."""
    with serve_directory(site.site_dir) as base:
        context = browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=scheme,
            java_script_enabled=javascript,
        )
        context.route(lambda url: not url.startswith(base), lambda route: route.abort())
        try:
            page = context.new_page()
            page.goto(base + path, wait_until="load")
            yield page
        finally:
            context.close()


def _stage(number: int) -> dict[str, Any]:
    return {
        "id": f"stage-{number}",
        "name": f"Stage number {number}",
        "goal": "Get through this stage without calling anyone",
        "emotion": 1 + number % 5,
        "steps": [
            {"action": f"Does thing {step} of stage {number}, then waits for an answer"}
            for step in range(1, 5)
        ],
        "pain_points": [
            {"id": f"pain-{number}-{n}", "title": f"Waits too long, case {n}", "severity": "high"}
            for n in range(1, 4)
        ],
        "opportunities": [{"id": f"idea-{number}", "title": f"Tell them how long at {number}"}],
    }


@pytest.fixture(scope="module")
def long_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """A handbook with one 8-stage map, in a site with both palettes."""
    persona = {
        "persona": {"name": "Maya Chen", "role": "First-time buyer"},
        "journeys": [
            {
                "id": "eight-stages",
                "title": "Eight stages",
                "stages": [_stage(n) for n in range(1, 9)],
            }
        ],
    }
    palette = [
        {"media": "(prefers-color-scheme: light)", "scheme": "default"},
        {"media": "(prefers-color-scheme: dark)", "scheme": "slate"},
    ]
    project = make_project(
        tmp_path_factory.mktemp("long"),
        journeys={"maya.yml": yaml.safe_dump(persona, sort_keys=False)},
        config={"theme": {"name": "material", "palette": palette}},
    )
    return build_project(project, strict=True)


@pytest.mark.parametrize("path", [JOURNEY, BLUEPRINT])
def test_first_screen_shows_stages_curve_and_pain_points(
    browser: Any, example_site: Site, path: str
) -> None:
    with opened(browser, example_site, path) as page:
        seen = page.evaluate(_FIRST_SCREEN)
    assert seen["scrollY"] == 0, seen
    assert seen["stage"]["bottom"] < 900, seen
    assert seen["curve"]["bottom"] < 900, seen
    assert seen["pains"]["top"] < 900 - 40, seen  # the row starts, with room for a card's top
    assert seen["stage"]["bottom"] <= seen["curve"]["top"] + 1, seen  # curve right under stages


@pytest.mark.parametrize("path", [JOURNEY, BLUEPRINT])
def test_stage_names_stay_in_view_when_the_page_scrolls_to_the_pain_points(
    browser: Any, example_site: Site, path: str
) -> None:
    with opened(browser, example_site, path) as page:
        seen = page.evaluate(_HEADER_AFTER_PAGE_SCROLL)
    assert seen["scrollY"] > 200, seen  # the page did scroll past where the header was
    assert seen["pains"] < 200, seen
    assert abs(seen["th"]["top"] - seen["header"]) <= 1, seen  # right under Material's header
    assert seen["th"]["bottom"] <= seen["pains"], seen  # and above the pain point row


def test_a_map_too_wide_scrolls_in_its_box_with_names_kept_both_ways(
    browser: Any, long_site: Site
) -> None:
    with opened(browser, long_site, LONG) as page:
        seen = page.evaluate(_BOX_SCROLLED_BOTH_WAYS)
    assert seen["wide"], seen  # 8 stages do not fit 1440 px at the readable size
    assert seen["scrolled"]["x"] > 0, seen
    assert seen["scrolled"]["y"] > 0, seen
    assert seen["box"]["height"] <= seen["viewport"], seen  # one screen tall at most
    assert abs(seen["th"] - seen["box"]["top"]) <= 2, seen  # stage names at the box's top
    assert abs(seen["label"] - seen["box"]["left"]) <= 2, seen  # row names at its left


def test_compact_mode_fits_eight_stages_without_javascript(browser: Any, long_site: Site) -> None:
    with opened(browser, long_site, LONG, javascript=False) as page:
        before = page.evaluate(_WIDTHS)
        page.click("label[for=jm-compact]")
        after = page.evaluate(_WIDTHS)
        sticky = page.evaluate(_HEADER_AFTER_PAGE_SCROLL)
    assert before["grid"] > before["box"] + 1, before  # scrolled sideways before
    assert after["grid"] <= after["box"] + 1, after  # every stage fits once compact
    assert after["page"] <= after["viewport"], after  # and the page never scrolls sideways
    assert after["lastRight"] <= after["viewport"], after
    assert abs(sticky["th"]["top"] - sticky["header"]) <= 1, sticky  # page scroll keeps names


def test_compact_mode_is_remembered_with_javascript(browser: Any, long_site: Site) -> None:
    with opened(browser, long_site, LONG) as page:
        page.click("label[for=jm-compact]")
        page.reload(wait_until="load")
        checked = page.is_checked("#jm-compact")
        widths = page.evaluate(_WIDTHS)
    assert checked
    assert widths["grid"] <= widths["box"] + 1, widths


def test_blueprint_lanes_and_lines_are_drawn_and_labelled_in_order(
    browser: Any, example_site: Site
) -> None:
    with opened(browser, example_site, BLUEPRINT) as page:
        rows = page.evaluate(_BLUEPRINT_ROWS)
    order = [
        (r["label"], r["border"]) if r["label"] is not None else (tuple(r["lines"]), r["border"])
        for r in rows
        if r["label"] in ("Physical evidence", "Customer actions", "Frontstage", "Backstage")
        or r["label"] in ("Support",)
        or r["lines"]
    ]
    assert order == [
        ("Physical evidence", None),
        ("Customer actions", None),
        (("Line of interaction",), "solid"),
        ("Frontstage", None),
        (("Line of visibility",), "dashed"),
        ("Backstage", None),
        (("Line of internal interaction",), "dotted"),
        ("Support", None),
    ], rows
    tops = [r["top"] for r in rows]
    assert tops == sorted(tops), rows  # drawn top to bottom in that order
    assert all(r["visible"] for r in rows), rows


def test_a_lane_bound_pain_point_is_drawn_in_its_lane_cell(
    browser: Any, example_site: Site
) -> None:
    with opened(browser, example_site, BLUEPRINT) as page:
        bound = page.evaluate(_CARD_CELL, "tracker-says-nothing")
        loose = page.evaluate(_CARD_CELL, "slow-adjuster-booking")
        backstage = page.evaluate(_CARD_CELL, "repeating-the-story")
    assert bound == {
        "row": "jm-lane jm-lane--support",
        "lane": "Support",
        "stage": "Assessment",
        "step": "at step 2",
        "inColumn": True,
        "inPainRow": False,
    }, bound
    assert loose is not None
    assert (loose["row"], loose["stage"], loose["inColumn"]) == (
        "jm-grid__pains",
        "Assessment",
        True,
    ), loose
    assert backstage is not None
    assert (backstage["lane"], backstage["stage"], backstage["step"]) == (
        "Backstage",
        "Repairs",
        None,
    ), backstage


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_canvas_pages_have_no_serious_axe_violations(
    browser: Any, example_site: Site, long_site: Site, scheme: str
) -> None:
    found: dict[str, list[str]] = {}
    for site, path, compact in (
        (example_site, JOURNEY, False),
        (example_site, BLUEPRINT, False),
        (long_site, LONG, True),
    ):
        with opened(browser, site, path, scheme=scheme) as page:
            palette = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
            assert palette == ("slate" if scheme == "dark" else "default"), (path, palette)
            if compact:
                page.click("label[for=jm-compact]")
            # The test site has none of the example's fixes of the theme's own parts (docs/
            # stylesheets/extra.css, docs/javascripts/a11y.js): axe looks at the map only.
            serious = serious_axe_violations(page, () if site is example_site else THEME_OWN)
        if serious:
            found[path] = [f"{v['impact']} {v['id']}: {v['help']} {v['nodes']}" for v in serious]
    assert not found, found
