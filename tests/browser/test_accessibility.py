"""axe-core on the example handbook, light and dark; offline Mermaid with the network blocked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from browser_support import ARTIFACTS, axe_findings, diagrams, serve_directory
from conftest import Site, build_project, make_project

if TYPE_CHECKING:
    from pathlib import Path

PAGES = [
    "journeys/",
    "journeys/first-time-buyer/",
    "journeys/first-time-buyer/buying-home-cover/",
    "journeys/first-time-buyer/buying-home-cover-2027/",
    "journeys/long-standing-homeowner/escape-of-water-claim/",
    "journeys/first-time-buyer/buying-home-cover/decision/",
    "journeys/touchpoints/",
    "journeys/pain-points/",
    "journeys/opportunities/",
    "journeys/tickets/",
    "journeys/review/",
    "journeys/teams/",
    "journeys/teams/growth/",
]


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_or_critical_axe_violations(
    browser: Any, example_site: Site, scheme: str
) -> None:
    found = axe_findings(
        browser, example_site.site_dir, PAGES, width=1280, height=900, scheme=scheme
    )
    assert not found, "\n".join(
        f"{path}:\n  " + "\n  ".join(items) for path, items in found.items()
    )


@pytest.mark.browser
def test_offline_mermaid_renders_with_every_outside_request_blocked(
    browser: Any, tmp_path: Path
) -> None:
    """`mermaid_js: local` ships Mermaid with the site: nothing is fetched from outside."""
    project = make_project(tmp_path, from_fixture="small", plugin_options={"mermaid_js": "local"})
    site = build_project(project, strict=True)
    assert (site.site_dir / "journeys" / "assets" / "mermaid.min.js").is_file()
    outside: list[str] = []
    with serve_directory(site.site_dir) as base:
        context = browser.new_context()

        def block(route: Any) -> None:
            outside.append(route.request.url)
            route.abort()

        context.route(lambda url: not url.startswith(base), block)
        context.add_init_script(
            "(() => { const a = Element.prototype.attachShadow;"
            " Element.prototype.attachShadow = function (i) { return a.call(this, {...i, mode: 'open'}); }; })()"
        )
        page = context.new_page()
        page.goto(base + "journeys/first-time-buyer/buying-a-policy/", wait_until="load")
        # Mermaid loads when the diagram is opened (tests/browser/test_lazy.py), from the site.
        page.evaluate("() => { document.querySelector('details.jm-diagram').open = true; }")
        page.wait_for_function(
            "() => [...document.querySelectorAll('div.mermaid')].some(d => d.shadowRoot && d.shadowRoot.querySelector('svg'))",
            timeout=15_000,
        )
        rendered = diagrams(page)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "offline-mermaid.png"), full_page=True)
        context.close()
    assert [d["roledescription"] for d in rendered] == ["journey"]
    assert not [url for url in outside if "mermaid" in url or "unpkg" in url], outside


@pytest.mark.browser
@pytest.mark.parametrize(
    ("name", "width", "scheme", "media"),
    [
        ("light-1440", 1440, "light", "screen"),
        ("dark-1440", 1440, "dark", "screen"),
        ("phone-375", 375, "light", "screen"),
        ("print", 1122, "light", "print"),
    ],
)
def test_journey_page_reads_on_every_screen(
    browser: Any, example_site: Site, name: str, width: int, scheme: str, media: str
) -> None:
    """Screenshots to look at (tests/artifacts/), and what must hold on each screen."""
    path = "journeys/long-standing-homeowner/escape-of-water-claim/"
    with serve_directory(example_site.site_dir) as base:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        context.route(lambda url: not url.startswith(base), lambda route: route.abort())
        page = context.new_page()
        page.emulate_media(media=media)
        page.goto(base + path, wait_until="load")
        page.wait_for_timeout(300)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"journey-{name}.png"), full_page=True)
        sizes = page.evaluate(
            """() => {
              const grid = document.querySelector('.jm-grid');
              const scroll = document.querySelector('.jm-grid-scroll');
              const label = document.querySelector('.jm-grid__label');
              return {page: document.documentElement.scrollWidth, viewport: window.innerWidth,
                      grid: grid.scrollWidth, box: scroll.clientWidth,
                      labelPosition: getComputedStyle(label).position,
                      nav: getComputedStyle(document.querySelector('.md-sidebar--primary')).display};
            }"""
        )
        context.close()
    # The page itself never scrolls sideways; a wide map scrolls inside its own box.
    assert sizes["page"] <= sizes["viewport"], sizes
    if media == "print":
        assert sizes["grid"] <= sizes["box"] + 1, sizes  # the whole map on the page
        assert sizes["nav"] == "none", sizes
    else:
        assert sizes["labelPosition"] == "sticky", sizes  # row labels stay while scrolling
