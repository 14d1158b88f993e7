"""The journey map reads at a glance (issue 11), measured in Chromium on the example handbook.

* Fits the screen: at 1440x900 up to 5 stages, at 1920x1080 up to 8, show every stage with
  nothing on the page scrolling sideways; longer journeys scroll inside their own box only.
* Phone (375x812): nothing scrolls sideways but the opened Mermaid diagram's own box.
* The Mermaid diagrams fit their boxes with text drawn at 9 px or more.
* Severity colours are alive: a critical and a low card differ, in both palettes.
* Print: the first PDF page holds the whole map, first and last stage included.
* axe-core: no serious or critical violation on a phone, in either palette.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import TYPE_CHECKING, Any

import pytest
from browser_support import (
    ARTIFACTS,
    SCREENS,
    axe_findings,
    browse_in,
    journeys,
    layout_problems,
    serve_directory,
)

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import Site


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("width", "height", "fits"), SCREENS)
def test_journey_pages_fit_the_screen(
    browser: Any, example_site: Site, width: int, height: int, fits: int, scheme: str
) -> None:
    problems: list[str] = []
    with browse_in(browser, example_site.site_dir, width, height, scheme) as browsing:
        for path, stages, _, _ in journeys(example_site):
            loaded = browsing.open(path)
            page = loaded.page
            assert loaded.diagrams_done, f"{path}: diagrams did not render {loaded.errors}"
            problems += layout_problems(page, path, stages, fits)
            if path.endswith("/escape-of-water-claim/"):
                ARTIFACTS.mkdir(exist_ok=True)
                page.evaluate("() => window.scrollTo(0, 0)")
                page.screenshot(
                    path=str(ARTIFACTS / f"layout-blueprint-{width}-{scheme}.png"), full_page=True
                )
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_severity_and_status_colours_differ(browser: Any, example_site: Site, scheme: str) -> None:
    """Colour and a word: a critical card is not the grey box a low one is."""
    path = "journeys/first-time-buyer/buying-home-cover/"
    with browse_in(browser, example_site.site_dir, 1440, 900, scheme) as browsing:
        page = browsing.open(path).page
        look = page.evaluate(
            """() => Object.fromEntries(['jm-severity--critical', 'jm-severity--low',
                 'jm-status--shipped', 'jm-status--idea'].map((cls) => {
               const card = document.querySelector('.jm-grid a.jm-card.' + cls);
               const tag = card.querySelector('.jm-card__tag');
               return [cls, {border: getComputedStyle(card).borderLeftColor,
                             chip: getComputedStyle(tag).backgroundColor,
                             word: tag.textContent.trim()}];
             }))"""
        )
    critical, low = look["jm-severity--critical"], look["jm-severity--low"]
    assert critical["border"] != low["border"], look
    assert critical["chip"] != low["chip"], look
    assert look["jm-status--shipped"]["border"] != look["jm-status--idea"]["border"], look
    assert [v["word"] for v in look.values()] == ["critical", "low", "shipped", "idea"]


@pytest.mark.browser
def test_printed_journey_page_holds_the_whole_map_on_its_first_page(
    browser: Any, example_site: Site, tmp_path: Path
) -> None:
    pdftotext = shutil.which("pdftotext")
    if pdftotext is None:
        pytest.skip("pdftotext (Debian's poppler-utils) is not installed")
    problems: list[str] = []
    with serve_directory(example_site.site_dir) as base:
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        context.route(lambda url: not url.startswith(base), lambda route: route.abort())
        page = context.new_page()
        for path, _, first, last in journeys(example_site):
            page.goto(base + path, wait_until="load")
            page.emulate_media(media="print")
            pdf = tmp_path / (path.strip("/").replace("/", "-") + ".pdf")
            page.pdf(path=str(pdf), format="A4", prefer_css_page_size=True, print_background=True)
            first_page = subprocess.run(
                [pdftotext, "-f", "1", "-l", "1", "-layout", str(pdf), "-"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
            flat = " ".join(first_page.split())
            for name in (first, last, "Pain points", "Opportunities"):
                if " ".join(name.split()) not in flat:
                    problems.append(f"{path}: {name!r} not on the first printed page")
            pages = subprocess.run(
                ["pdfinfo", str(pdf)], check=True, capture_output=True, text=True
            ).stdout
            width, height = (
                float(v) for v in pages.split("Page size:")[1].split("pts")[0].split(" x ")
            )
            if width <= height:
                problems.append(f"{path}: printed in portrait ({width} x {height} pt)")
        context.close()
    assert not problems, "\n".join(problems)


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_phone_journey_pages_have_no_serious_axe_violations(
    browser: Any, example_site: Site, scheme: str
) -> None:
    paths = [path for path, _, _, _ in journeys(example_site)[:4]]
    found = axe_findings(
        browser, example_site.site_dir, paths, width=375, height=812, scheme=scheme
    )
    assert not found, found
