"""Light pages and the emotion chart, in Chromium (issue 22, points 7 and 8).

* Mermaid (3.5 MB) is fetched only when a diagram is opened: with `mermaid_js: local` a stage
  page transfers under 300 KB of JavaScript and asks for no Mermaid at all; opening the
  journey page's diagram fetches the site's copy and draws it as before (closed shadow root,
  inverted in the dark palette). With `cdn` and no network the box says the diagram could not
  load and shows its source as readable text, on the journey page and in an embed.
  Hand-written ```mermaid fences still draw, from the site's copy.
* The emotion chart: tall enough to read, its points' details reachable by keyboard (and
  touch) and not only by hovering, stage names and the scale kept on a phone, labels at
  4.5:1 or more in both palettes (computed from the computed styles).
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import pytest
from browser_support import (
    CHROMIUM_ARGS,
    MERMAID_CDN,
    MERMAID_JS,
    OPEN_SHADOW_ROOTS,
    diagrams,
    serious_axe_violations,
    serve_directory,
)
from conftest import Site, build_project, make_project

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.browser
assert CHROMIUM_ARGS  # the shared `browser` fixture launches Chromium with these

JOURNEY = "journeys/first-time-buyer/buying-a-policy/"
STAGE = JOURNEY + "decision/"
JS_BUDGET = 300_000
"""Bytes of JavaScript a stage page (the page a ticket link opens) may transfer."""

# Punctuation Mermaid reads as syntax: the page escapes it as `#44;`, the reader sees `,`.
PUNCTUATED = """\
persona:
  name: Ana Ruiz
  role: Owner of a small bakery
journeys:
  - id: switching
    title: Switching insurer
    type: current-state
    stages:
      - id: compare
        name: Compare, then decide
        steps:
          - action: "Reads: the quote; twice"
            emotion: 2
      - id: buy
        name: Buy
        emotion: 4
"""
PUNCTUATED_PAGE = "journeys/ana/switching/"
# Light and dark palettes, chosen by the browser's colour scheme (as the example handbook).
THEME = {
    "theme": {
        "name": "material",
        "palette": [
            {"media": "(prefers-color-scheme: light)", "scheme": "default"},
            {"media": "(prefers-color-scheme: dark)", "scheme": "slate"},
        ],
    }
}
HAND_WRITTEN = "```mermaid\ngraph LR\n  Quote --> Policy\n```\n"
EMBED = "```journey-maps\ndiagram ana/switching\n```\n"


@pytest.fixture(scope="module")
def local_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The small handbook with `mermaid_js: local`, and a hand-written page with a fence."""
    project = make_project(
        tmp_path_factory.mktemp("lazy-local"),
        from_fixture="small",
        plugin_options={"mermaid_js": "local"},
        config=THEME,
        docs={"flow.md": "# A flow\n\n" + HAND_WRITTEN},
    )
    return build_project(project, strict=True)


@pytest.fixture(scope="module")
def cdn_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """`mermaid_js: cdn` (the default), punctuated names, and the diagram as an embed."""
    project = make_project(
        tmp_path_factory.mktemp("lazy-cdn"),
        journeys={"ana.yml": PUNCTUATED},
        config=THEME,
        docs={"embed.md": "# Embedded\n\n" + EMBED},
    )
    return build_project(project, strict=True)


class Traffic:
    """Every request a page makes, and the bytes of each script it receives."""

    def __init__(self) -> None:
        self.requested: list[str] = []
        self.script_bytes: dict[str, int] = {}

    def watch(self, page: Any) -> None:
        page.on("request", lambda request: self.requested.append(request.url))
        page.on("response", self._response)

    def _response(self, response: Any) -> None:
        if response.request.resource_type == "script" and response.ok:
            self.script_bytes[response.url] = len(response.body())

    def mermaid(self) -> list[str]:
        return [url for url in self.requested if "mermaid" in url]


def watched_page(context: Any, url: str) -> tuple[Any, Traffic]:
    """A new page of `context` loaded from `url`, its traffic recorded from the first request."""
    page = context.new_page()
    traffic = Traffic()
    traffic.watch(page)
    page.goto(url, wait_until="load")
    return page, traffic


# Which mode each shadow root was asked for, before OPEN_SHADOW_ROOTS forces it open.
RECORD_SHADOW_MODES = """
(() => {
  window.__shadowModes = [];
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    window.__shadowModes.push(init.mode);
    return attachShadow.call(this, init);
  };
})();
"""


@pytest.fixture
def offline(browser: Any) -> Iterator[Any]:
    """A browser context for a site on 127.0.0.1 (`route_outside` says what else it may
    reach), with the diagrams' closed shadow roots forced open and their modes recorded."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    context.add_init_script(OPEN_SHADOW_ROOTS)
    context.add_init_script(RECORD_SHADOW_MODES)
    try:
        yield context
    finally:
        context.close()


def route_outside(context: Any, base: str, *, cdn: bool) -> list[str]:
    """Abort every request that leaves the site; with `cdn`, answer unpkg from node_modules."""
    left: list[str] = []

    def handle(route: Any) -> None:
        url = route.request.url
        if cdn and url.startswith(MERMAID_CDN):
            route.fulfill(path=str(MERMAID_JS), content_type="text/javascript; charset=utf-8")
            return
        left.append(url)
        route.abort()

    context.route(lambda url: not url.startswith(base), handle)
    return left


# Material's own, which the example handbook fixes in its a11y.js and extra.css: the search
# dialog has no name, the footer's grey is 4.47:1.
MATERIALS_OWN = (".md-search", ".md-footer", ".md-copyright")


def outside_mermaid(urls: list[str]) -> list[str]:
    """Requests for Mermaid that left the site (the theme's web fonts may try and fail)."""
    return [url for url in urls if "mermaid" in url or "unpkg" in url]


OPEN_FIRST_DIAGRAM = "() => { document.querySelector('details.jm-diagram').open = true; }"
DRAWN = """() => [...document.querySelectorAll('div.mermaid')].filter(
  (d) => d.shadowRoot && d.shadowRoot.querySelector('svg')).length"""


# --- point 7: Mermaid only when a diagram is opened ----------------------------------------------


def test_a_stage_page_loads_no_mermaid_and_under_300_kb_of_javascript(
    offline: Any, local_site: Site
) -> None:
    with serve_directory(local_site.site_dir) as base:
        left = route_outside(offline, base, cdn=False)
        page, traffic = watched_page(offline, base + STAGE)
        page.wait_for_timeout(300)  # late requests (the search worker) are counted too
        total = sum(traffic.script_bytes.values())
        mermaid = traffic.mermaid()
    # The site names its copy, in a script tag of a type browsers never fetch.
    assert 'type="text/x-journey-maps-on-demand"' in local_site.page(STAGE)
    assert mermaid == [], mermaid
    assert 0 < total < JS_BUDGET, traffic.script_bytes
    assert outside_mermaid(left) == [], left


def test_opening_the_diagram_fetches_the_sites_copy_and_draws_it(
    offline: Any, local_site: Site
) -> None:
    with serve_directory(local_site.site_dir) as base:
        left = route_outside(offline, base, cdn=False)
        page, traffic = watched_page(offline, base + JOURNEY)
        page.wait_for_timeout(300)
        assert traffic.mermaid() == [], "Mermaid requested before the diagram was opened"
        assert page.evaluate(DRAWN) == 0
        page.evaluate(OPEN_FIRST_DIAGRAM)
        page.wait_for_function(f"() => ({DRAWN})() >= 1", timeout=15_000)
        found = diagrams(page)
        requested = traffic.mermaid()
        # Drawn as Material draws: an SVG in a closed shadow root of a div.mermaid.
        modes = page.evaluate("() => window.__shadowModes")
    assert requested == [base + "journeys/assets/mermaid.min.js"], requested
    assert [d["roledescription"] for d in found] == ["journey"]
    assert all(d["tag"] == "div" and d["rendered"] for d in found)
    assert modes == ["closed"], modes
    assert outside_mermaid(left) == [], left


def test_hand_written_fences_still_draw_from_the_sites_copy(offline: Any, local_site: Site) -> None:
    """Material draws ```mermaid fences of hand-written pages on load; with the site's own
    copy it gets it from journey-maps.js, not from the CDN."""
    with serve_directory(local_site.site_dir) as base:
        left = route_outside(offline, base, cdn=False)
        page, traffic = watched_page(offline, base + "flow/")
        page.wait_for_function(f"() => ({DRAWN})() >= 1", timeout=15_000)
        found = diagrams(page)
    assert [d["roledescription"] for d in found] == ["flowchart-v2"]
    assert traffic.mermaid() == [base + "journeys/assets/mermaid.min.js"]
    assert outside_mermaid(left) == [], left


def failure_shown(page: Any) -> dict[str, Any]:
    """The note the box shows when Mermaid cannot load, and the source below it."""
    page.wait_for_selector(".jm-diagram__failed", timeout=15_000)
    return page.evaluate(
        """() => {
          const note = document.querySelector('.jm-diagram__failed');
          const pre = note.parentNode.querySelector('pre.jm-diagram__source');
          const box = pre.getBoundingClientRect();
          return {note: note.innerText, role: note.getAttribute('role'), source: pre.innerText,
                  width: box.width, height: box.height, scroll: pre.scrollWidth - pre.clientWidth};
        }"""
    )


@pytest.mark.parametrize("path", [PUNCTUATED_PAGE, "embed/"])
def test_offline_with_the_cdn_the_box_says_so_and_shows_readable_source(
    offline: Any, cdn_site: Site, path: str
) -> None:
    with serve_directory(cdn_site.site_dir) as base:
        left = route_outside(offline, base, cdn=False)
        page = offline.new_page()
        page.goto(base + path, wait_until="load")
        if path == PUNCTUATED_PAGE:
            page.wait_for_timeout(300)
            assert outside_mermaid(left) == [], "Mermaid requested before the diagram was opened"
            page.evaluate(OPEN_FIRST_DIAGRAM)
        shown = failure_shown(page)
    assert "could not load" in shown["note"], shown
    assert "unpkg.com" in shown["note"], shown
    assert shown["role"] == "status"
    assert "section Compare, then decide" in shown["source"], shown
    assert "Reads: the quote; twice: 2: Ana Ruiz" in shown["source"], shown
    assert "#44;" not in shown["source"]
    assert "#58;" not in shown["source"]
    assert "config:" not in shown["source"]
    assert shown["width"] > 0, shown
    assert shown["height"] > 0, shown
    assert shown["scroll"] <= 0, shown
    assert outside_mermaid(left), left


def test_with_the_cdn_reachable_the_diagram_draws_when_opened(offline: Any, cdn_site: Site) -> None:
    with serve_directory(cdn_site.site_dir) as base:
        route_outside(offline, base, cdn=True)
        page, traffic = watched_page(offline, base + PUNCTUATED_PAGE)
        page.wait_for_timeout(300)
        before = traffic.mermaid()
        page.evaluate(OPEN_FIRST_DIAGRAM)
        page.wait_for_function(f"() => ({DRAWN})() >= 1", timeout=15_000)
        found = diagrams(page)
    assert before == []
    assert traffic.mermaid() == ["https://unpkg.com/mermaid@11/dist/mermaid.min.js"]
    (drawn,) = found
    assert "Compare, then decide" in drawn["sections"][0]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_opened_diagram_and_its_failure_pass_axe_in_both_palettes(
    browser: Any, local_site: Site, cdn_site: Site, scheme: str
) -> None:
    """The drawn diagram (inverted in the dark palette, as before) and the failure note."""
    found: dict[str, Any] = {}
    for site, path in ((local_site, JOURNEY), (cdn_site, PUNCTUATED_PAGE)):
        context = browser.new_context(viewport={"width": 1440, "height": 900}, color_scheme=scheme)
        context.add_init_script(OPEN_SHADOW_ROOTS)
        try:
            with serve_directory(site.site_dir) as base:
                route_outside(context, base, cdn=False)
                page = context.new_page()
                page.goto(base + path, wait_until="load")
                page.evaluate(OPEN_FIRST_DIAGRAM)
                if site is local_site:
                    page.wait_for_function(f"() => ({DRAWN})() >= 1", timeout=15_000)
                    found["filter"] = page.evaluate(
                        "() => getComputedStyle(document.querySelector('div.mermaid')).filter"
                    )
                else:
                    failure_shown(page)
                found[path] = serious_axe_violations(page, exclude=MATERIALS_OWN)
        finally:
            context.close()
    assert found[JOURNEY] == [], found[JOURNEY]
    assert found[PUNCTUATED_PAGE] == [], found[PUNCTUATED_PAGE]
    assert ("invert" in found["filter"]) == (scheme == "dark"), found["filter"]


# --- point 8: the emotion chart ------------------------------------------------------------------

# WCAG contrast of each chart label against what is behind it: the page's backgrounds from the
# root down, and for a zone label the zone's tint on top; colours from computed styles.
CONTRASTS = """
() => {
  const rgba = (text) => {
    const v = text.match(/[\\d.]+/g).map(Number);
    return {r: v[0], g: v[1], b: v[2], a: v.length > 3 ? v[3] : 1};
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a), a: 1});
  const behind = (element) => {
    const chain = [];
    for (let e = element; e; e = e.parentElement) chain.unshift(e);
    return chain.reduce((colour, e) => over(rgba(getComputedStyle(e).backgroundColor), colour),
                        {r: 255, g: 255, b: 255, a: 1});
  };
  const luminance = (c) => {
    const [r, g, b] = [c.r, c.g, c.b].map((v) => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ratio = (a, b) => {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const found = [];
  const zones = {up: document.querySelector('.jm-curve__zone--up'),
                 down: document.querySelector('.jm-curve__zone--down')};
  const selector = '.jm-curve__label, .jm-scale > span, .jm-curve__scale > span, '
    + '.jm-curve__legend, .jm-curve__stages > li';
  for (const label of document.querySelectorAll(selector)) {
    if (!label.getClientRects().length) continue;  // not shown at this width
    let back = behind(label.parentElement);
    const zone = label.classList.contains('jm-curve__label--up') ? zones.up
      : label.classList.contains('jm-curve__label--down') ? zones.down : null;
    if (zone) {
      const style = getComputedStyle(zone);
      const tint = rgba(style.fill);
      back = over({...tint, a: tint.a * Number(style.fillOpacity)}, back);
    }
    const colour = over(rgba(getComputedStyle(label).color), back);
    found.push({label: label.className || label.textContent, ratio: ratio(colour, back)});
  }
  return found;
}
"""


@contextmanager
def chart_page(
    browser: Any, site: Site, width: int, scheme: str = "light", *, touch: bool = False
) -> Iterator[Any]:
    """The journey page of `site`, offline, at `width` x 900 (812 on a phone) in `scheme`."""
    height = 812 if width < 600 else 900
    context = browser.new_context(
        viewport={"width": width, "height": height}, color_scheme=scheme, has_touch=touch
    )
    try:
        with serve_directory(site.site_dir) as base:
            route_outside(context, base, cdn=False)
            page = context.new_page()
            page.goto(base + JOURNEY, wait_until="load")
            yield page
    finally:
        context.close()


SHOWN_TIP = """() => {
  const mark = document.activeElement;
  if (!mark || !mark.classList.contains('jm-curve__mark')) return null;
  const tip = mark.querySelector('.jm-curve__tip');
  const box = tip.getBoundingClientRect();
  return {text: tip.innerText, display: getComputedStyle(tip).display, left: box.left,
          right: box.right, width: box.width, label: mark.getAttribute('aria-label'),
          outline: getComputedStyle(mark).outlineStyle, page: document.scrollingElement.scrollWidth};
}"""


def test_the_chart_is_at_least_160_px_tall_at_1440(browser: Any, local_site: Site) -> None:
    with chart_page(browser, local_site, 1440) as page:
        box = page.locator("svg.jm-curve").bounding_box()
    assert box["height"] >= 160, box
    assert box["width"] > 1000, box


def test_keyboard_focus_reaches_a_point_and_shows_its_details(
    browser: Any, local_site: Site
) -> None:
    with chart_page(browser, local_site, 1440) as page:
        shown = None
        for _ in range(200):  # Tab through the page until a point has focus
            page.keyboard.press("Tab")
            shown = page.evaluate(SHOWN_TIP)
            if shown:
                break
        width = page.evaluate("() => innerWidth")
    assert shown is not None, "no point of the chart takes keyboard focus"
    assert shown["display"] == "block", shown
    assert shown["width"] > 0, shown
    assert shown["text"] == shown["label"], shown
    assert ": " in shown["text"], shown
    assert "assumed" in shown["text"] or "measured" in shown["text"], shown
    assert shown["outline"] != "none", shown
    assert shown["left"] >= 0, shown
    assert shown["right"] <= width, shown


def test_a_tap_on_a_point_shows_its_details_on_a_phone(browser: Any, local_site: Site) -> None:
    with chart_page(browser, local_site, 375, touch=True) as page:
        marks = page.locator(".jm-curve__mark")
        shown = []
        for index in (0, marks.count() - 1):  # the first and last point: never off-screen
            marks.nth(index).scroll_into_view_if_needed()
            marks.nth(index).tap()
            shown.append(page.evaluate(SHOWN_TIP))
    for tip in shown:
        assert tip is not None, shown
        assert tip["display"] == "block", shown
        assert tip["left"] >= 0, shown
        assert tip["right"] <= 375, shown
        assert tip["page"] <= 375, shown


def test_on_a_phone_the_chart_keeps_stage_names_and_the_scale(
    browser: Any, local_site: Site
) -> None:
    with chart_page(browser, local_site, 375) as page:
        shown = page.evaluate(
            """() => {
              const chart = document.querySelector('svg.jm-curve').getBoundingClientRect();
              const visible = (e) => e.getClientRects().length > 0
                && getComputedStyle(e).visibility !== 'hidden';
              const scale = [...document.querySelectorAll('.jm-curve__scale > span')]
                .filter(visible).map((e) => e.textContent);
              const names = [...document.querySelectorAll('.jm-curve__stages > li')].filter(visible)
                .map((e) => ({text: e.textContent, top: e.getBoundingClientRect().top,
                              cut: e.scrollWidth > e.clientWidth + 1}));
              const heads = [...document.querySelectorAll('.jm-grid thead th[scope=col]')]
                .map((e) => e.innerText.split('\\n')[0].trim());
              return {scale, names, heads, chartBottom: chart.bottom};
            }"""
        )
    assert shown["scale"] == ["5", "4", "3", "2", "1"], shown
    assert [n["text"] for n in shown["names"]] == shown["heads"][1:], shown  # after "Stage"
    assert not [n for n in shown["names"] if n["cut"]], shown
    assert all(n["top"] >= shown["chartBottom"] - 1 for n in shown["names"]), shown


@pytest.mark.parametrize("width", [1440, 375])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_chart_labels_meet_4_5_to_1_in_both_palettes(
    browser: Any, local_site: Site, scheme: str, width: int
) -> None:
    with chart_page(browser, local_site, width, scheme) as page:
        found = page.evaluate(CONTRASTS)
        slate = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    assert slate == ("slate" if scheme == "dark" else "default")
    kinds = {f["label"].split()[0] for f in found}
    assert {"jm-curve__label", "jm-curve__legend"} <= kinds, found
    low = [f for f in found if f["ratio"] < 4.5]
    assert not low, low
