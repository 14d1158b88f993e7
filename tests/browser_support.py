"""Load built sites in headless Chromium, offline, with Mermaid from the pinned npm package.

* `serve_directory`: a built site on http://127.0.0.1:<free port>/, in a background thread.
* `browser`: one Chromium per test session (registered in conftest via `pytest_plugins`).
  Without /usr/bin/chromium the browser tests are skipped, except under CI, where they fail.
* `open_page`: a page that loads Mermaid from tests/browser/node_modules instead of unpkg,
  blocks every other request that leaves 127.0.0.1, and opens the closed shadow roots
  so the rendered diagrams can be read; it waits until every diagram shown has rendered
  (journey diagrams are drawn when their box is opened: `open_diagrams=True` opens them).
* `diagrams` / `xss_findings`: what the page shows and what it must never contain.
* `layout_problems` / `serious_axe_violations` / `axe_findings`: the reading checks every
  host's journey pages must pass (sideways scrolling, diagram size and text, axe-core).
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from journey_maps.source.handbook import Handbook, load_handbook

if TYPE_CHECKING:
    from collections.abc import Iterator

    from conftest import Site

HERE = Path(__file__).resolve().parent
MERMAID_JS = HERE / "browser" / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
AXE_JS = HERE / "browser" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = HERE / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# Material for MkDocs loads this when the page has no global `mermaid`.
MERMAID_CDN = "https://unpkg.com/"

# Material renders each diagram into a closed shadow root; force them open so tests can look.
OPEN_SHADOW_ROOTS = """
(() => {
  const attachShadow = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) {
    return attachShadow.call(this, Object.assign({}, init, { mode: "open" }));
  };
})();
"""

# A generated diagram shown (its box open, or an embed) but neither drawn nor said to fail.
_UNDRAWN = """[...document.querySelectorAll("pre.jm-diagram__source")].some((pre) => {
  const box = pre.closest("details") || pre.closest(".jm-diagram__parts");
  return (box.tagName !== "DETAILS" || box.open) && !box.querySelector(".jm-diagram__failed");
})"""

# `expected`: the number of diagrams that must be drawn. Material swaps each `pre.mermaid`
# (hand-written fences, drawn on load) and journey-maps.js each `pre.jm-diagram__source`
# (generated diagrams, drawn when shown) for a `div.mermaid` whose shadow root holds the SVG.
_DIAGRAMS_DONE = """
(expected) => {
  if (document.querySelector("pre.mermaid")) return false;
  if ({UNDRAWN}) return false;
  const done = [...document.querySelectorAll("div.mermaid")].filter(
    (d) => d.shadowRoot && d.shadowRoot.querySelector("svg"));
  return done.length >= expected;
}
"""
_DIAGRAMS_DONE = _DIAGRAMS_DONE.replace("{UNDRAWN}", _UNDRAWN)

_DIAGRAMS = """
() => [...document.querySelectorAll("pre.mermaid, pre.jm-diagram__source, div.mermaid")].map((element) => {
  const root = element.shadowRoot;
  const svg = root ? root.querySelector("svg") : null;
  const texts = (selector) => svg ? [...svg.querySelectorAll(selector)].map((t) => t.textContent) : [];
  return {
    tag: element.tagName.toLowerCase(),
    rendered: !!svg,
    roledescription: svg ? svg.getAttribute("aria-roledescription") : null,
    text: texts("text").join("\\n"),
    sections: texts("text.journey-section"),
    tasks: texts("text.task"),
    actors: texts("text.legend"),
    source: root ? "" : element.getAttribute("data-jm-mermaid") || element.textContent,
  };
})
"""

# Everything reachable from the document, shadow roots included.
_XSS_FINDINGS = """
(marker) => {
  const findings = [];
  if (typeof window[marker] !== "undefined") findings.push(`window.${marker} is ${window[marker]}`);
  const visit = (root, where) => {
    for (const element of root.querySelectorAll("*")) {
      const tag = element.tagName.toLowerCase();
      for (const attribute of element.attributes) {
        const name = attribute.name.toLowerCase();
        const value = attribute.value;
        if (name.startsWith("on") && value.includes(marker)) {
          findings.push(`${where}: <${tag} ${name}="${value}">`);
        }
        if (["href", "src", "xlink:href", "action", "formaction"].includes(name)
            && /^\\s*javascript:/i.test(value)) {
          findings.push(`${where}: <${tag} ${name}="${value}">`);
        }
      }
      if (tag === "script" && element.textContent.includes(marker)) {
        findings.push(`${where}: <script>${element.textContent.slice(0, 200)}</script>`);
      }
      if (element.shadowRoot) visit(element.shadowRoot, `${where} > shadow root of <${tag}>`);
    }
  };
  visit(document, "document");
  return findings;
}
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port) until the block ends; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium for the whole session.

    Skipped when /usr/bin/chromium is missing on a developer machine; under CI (the CI
    environment variable set to anything but empty/0/false/no) a missing browser fails.
    """
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} not found: the browser tests need Debian's chromium"
        if _in_ci():
            pytest.fail(f"{message} (CI is set, so this is a failure, not a skip)")
        pytest.skip(message)
    if not MERMAID_JS.is_file():
        pytest.fail(f"{MERMAID_JS} is missing: run `npm ci` in tests/browser")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class LoadedPage:
    """A Playwright page plus what happened while it loaded."""

    page: Any
    url: str
    mermaid_blocks: int = 0
    """Diagrams in the HTML as served: `class="mermaid"` blocks (hand-written fences, drawn
    on load) and `data-jm-mermaid` ones (generated, drawn when their box is opened)."""
    diagrams_done: bool = True
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class Browsing:
    """Pages of one served site in one fresh browser context.

    Offline except the site itself: Mermaid comes from tests/browser/node_modules instead of
    unpkg, every other request leaving 127.0.0.1 is aborted (and listed in `blocked`), and
    shadow roots are opened so the rendered diagrams can be read.
    """

    def __init__(self, context: Any, base_url: str) -> None:
        self.context = context
        self.base_url = base_url
        self.blocked: list[str] = []
        self._page: Any = None
        self._loaded = LoadedPage(None, "")
        context.add_init_script(OPEN_SHADOW_ROOTS)
        # Requests to the site itself skip the (slow) Python round trip.
        context.route(lambda url: not url.startswith(base_url), self._route)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(MERMAID_CDN):
            route.fulfill(path=str(MERMAID_JS), content_type="text/javascript; charset=utf-8")
        elif url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()

    def open(
        self,
        path: str,
        *,
        timeout_ms: int = 15_000,
        wait_until: str = "domcontentloaded",
        open_diagrams: bool = False,
    ) -> LoadedPage:
        """Open `path` of the site and wait until every Mermaid diagram shown rendered an SVG;
        with `open_diagrams`, the journey diagrams' boxes are opened first, so all of them.

        One tab is reused for every call (a navigation resets the page's state). A diagram
        that never renders is not an exception here: `diagrams_done` is False and the test
        asserts on `diagrams(...)` with a useful message.
        """
        if self._page is None:
            self._page = self.context.new_page()
            self._page.on("pageerror", lambda error: self._loaded.errors.append(str(error)))
        page = self._page
        loaded = self._loaded = LoadedPage(page, self.base_url + path)
        already_blocked = len(self.blocked)
        response = page.goto(loaded.url, wait_until=wait_until)
        assert response is not None, f"{loaded.url}: no response"
        assert response.ok, f"{loaded.url}: {response.status}"
        served = response.text()
        on_load = served.count('class="mermaid"')
        loaded.mermaid_blocks = on_load + served.count("data-jm-mermaid=")
        expected = on_load
        if open_diagrams:
            page.evaluate(_OPEN_DIAGRAMS)
            expected = loaded.mermaid_blocks
        try:
            page.wait_for_function(_DIAGRAMS_DONE, arg=expected, timeout=timeout_ms, polling=50)
        except Exception:  # Playwright's TimeoutError
            loaded.diagrams_done = False
        loaded.blocked = self.blocked[already_blocked:]
        return loaded


@contextmanager
def browse(
    browser: Any, site_dir: Path, *, width: int = 1280, height: int = 900
) -> Iterator[Browsing]:
    """Serve `site_dir` and browse it in a fresh context of `browser` at the given viewport."""
    with serve_directory(site_dir) as base_url:
        context = browser.new_context(viewport={"width": width, "height": height})
        try:
            yield Browsing(context, base_url)
        finally:
            context.close()


@contextmanager
def open_page(browser: Any, site_dir: Path, path: str, **viewport: int) -> Iterator[LoadedPage]:
    """One page of a built site, served and opened for a single look."""
    with browse(browser, site_dir, **viewport) as browsing:
        yield browsing.open(path)


def diagrams(page: Any) -> list[dict[str, Any]]:
    """Every Mermaid block on the page: rendered or not, its SVG role and texts by kind."""
    return page.evaluate(_DIAGRAMS)


def xss_findings(page: Any, marker: str = "__xss") -> list[str]:
    """Signs that author text ran as code: `window[marker]` set, or `marker` in an `on*`
    attribute or inline script anywhere in the document or its shadow roots, or a
    `javascript:` link."""
    return page.evaluate(_XSS_FINDINGS, marker)


def collapse(text: str) -> str:
    return " ".join(text.split())


# --- reading checks -----------------------------------------------------------------------

# Every scroll container inside the article that scrolls sideways, with its size; elements
# 2 px wide or less (visually hidden text) do not count, nor `overflow: clip` (cut, and
# never scrolls: the chart's stage names on a phone end in "…").
_SIDEWAYS = """
() => {
  const found = [];
  for (const el of document.querySelectorAll('.md-content *')) {
    if (el.clientWidth <= 2 || el.scrollWidth <= el.clientWidth + 1) continue;
    if (['visible', 'clip'].includes(getComputedStyle(el).overflowX)) continue;  // no scrolling
    found.push({tag: el.tagName.toLowerCase(), cls: String(el.className), scroll: el.scrollWidth,
                client: el.clientWidth});
  }
  return {page: document.scrollingElement.scrollWidth, viewport: innerWidth, found};
}
"""

# Open every diagram and wait until it is drawn (journey-maps.js loads Mermaid then; a box
# that could not draw says so and keeps its source) and the theme's transitions end: a
# summary's chevron turning (Zensical's modern theme) sticks out of its box while it turns.
_OPEN_DIAGRAMS = """
async () => {
  document.querySelectorAll('details.jm-diagram').forEach((d) => { d.open = true; });
  await new Promise(requestAnimationFrame);
  for (let waited = 0; waited < 15000; waited += 50) {
    if (!({UNDRAWN})) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const finite = document.getAnimations().filter(
    (a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity);
  await Promise.all(finite.map((a) => a.finished.catch(() => null)));
}
"""
_OPEN_DIAGRAMS = _OPEN_DIAGRAMS.replace("{UNDRAWN}", _UNDRAWN)

# Each rendered diagram: its SVG's width, its box's width, its smallest text on screen, and
# the texts that stick out of the SVG (cut off on screen).
_MERMAID_SIZES = """
() => [...document.querySelectorAll('div.mermaid')].map((host) => {
  const svg = host.shadowRoot && host.shadowRoot.querySelector('svg');
  if (!svg) return null;
  const scale = svg.getScreenCTM().a;
  const edge = svg.getBoundingClientRect();
  let smallest = Infinity;
  const cut = [];
  for (const text of svg.querySelectorAll('text, foreignObject div')) {
    if (!text.textContent.trim()) continue;
    const box = text.getBoundingClientRect();
    if (!box.width) continue;
    const size = parseFloat(getComputedStyle(text).fontSize)
      * (text instanceof SVGElement ? scale : 1);
    smallest = Math.min(smallest, size);
    if (box.left < edge.left - 1 || box.right > edge.right + 1) cut.push(text.textContent);
  }
  return {svg: edge.width, box: host.clientWidth, smallest, cut};
})
"""


def layout_problems(page: Any, path: str, stages: int, fits: int) -> list[str]:
    """What is wrong with how a journey page of `stages` stages sits on this screen.

    `fits`: the most stages this screen must show without the grid scrolling (0: a phone).
    The page never scrolls sideways; only a journey longer than `fits` scrolls, inside its
    grid's own box, and on a phone the opened diagram scrolls inside its own box. Every
    diagram fits its box with all its text inside it, drawn at 9 px or more."""
    page.evaluate(_OPEN_DIAGRAMS)
    problems: list[str] = []
    sizes = page.evaluate(_SIDEWAYS)
    if sizes["page"] > sizes["viewport"]:
        problems.append(f"{path}: the page scrolls sideways {sizes}")
    for box in sizes["found"]:
        allowed = ("jm-grid-scroll" in box["cls"] and fits and stages > fits) or (
            box["tag"] == "details" and "jm-diagram" in box["cls"] and not fits
        )
        if not allowed:
            problems.append(f"{path}: {box} scrolls sideways ({stages} stages)")
    undrawn = page.evaluate("() => document.querySelectorAll('pre.jm-diagram__source').length")
    if undrawn:
        problems.append(f"{path}: {undrawn} diagram(s) not drawn after opening their box")
    for number, diagram in enumerate(page.evaluate(_MERMAID_SIZES), 1):
        if not diagram:
            problems.append(f"{path}: diagram {number} has no SVG")
            continue
        if diagram["svg"] > diagram["box"] + 1:
            problems.append(f"{path}: diagram {number} wider than its box {diagram}")
        if diagram["smallest"] < 9:
            problems.append(f"{path}: diagram {number} text under 9 px {diagram}")
        if diagram["cut"]:
            problems.append(f"{path}: diagram {number} cuts off {diagram['cut']}")
    return problems


def serious_axe_violations(page: Any, exclude: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """axe-core's serious and critical violations on the page as it is now, outside the
    elements `exclude` selects (a host theme's own parts, named by the test that skips them)."""
    page.add_script_tag(path=str(AXE_JS))
    violations: list[dict[str, Any]] = page.evaluate(
        """async (exclude) => {
          const context = {include: [["html"]], exclude: exclude.map((s) => [s])};
          const r = await axe.run(context, {resultTypes: ["violations"]});
          return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " :: " + n.failureSummary)}));
        }""",
        list(exclude),
    )
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def axe_findings(
    browser: Any, site_dir: Path, paths: list[str], *, width: int, height: int, scheme: str
) -> dict[str, list[str]]:
    """Serious and critical axe-core violations of each page, by path, at one viewport and
    colour scheme; every request that leaves the site is aborted (Mermaid included)."""
    found: dict[str, list[str]] = {}
    with serve_directory(site_dir) as base:
        context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=scheme
        )
        context.route(lambda url: not url.startswith(base), lambda route: route.abort())
        try:
            page = context.new_page()
            for path in paths:
                page.goto(base + path, wait_until="load")
                page.wait_for_timeout(200)
                serious = serious_axe_violations(page)
                if serious:
                    found[path] = [
                        f"{v['impact']} {v['id']}: {v['help']} {v['nodes']}" for v in serious
                    ]
        finally:
            context.close()
    return found


# --- the example handbook on screens of several sizes (layout and host tests) ----------------

SCREENS = [(1440, 900, 5), (1920, 1080, 8), (375, 812, 0)]
"""(width, height, most stages that must fit without their box scrolling; 0: a phone)."""


@contextmanager
def browse_in(
    browser: Any, site_dir: Path, width: int, height: int, scheme: str
) -> Iterator[Browsing]:
    """browser_support's offline browsing, at a viewport and in a colour scheme."""
    with serve_directory(site_dir) as base_url:
        context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme=scheme
        )
        try:
            yield Browsing(context, base_url)
        finally:
            context.close()


def handbook_of(site: Site) -> Handbook:
    return load_handbook(site.project / "journeys", site.project)


def journeys(site: Site) -> list[tuple[str, int, str, str]]:
    """(path, stage count, first stage name, last stage name) of every journey page."""
    return [
        (
            f"journeys/{persona.id}/{journey.id}/",
            len(journey.stages),
            journey.stages[0].name,
            journey.stages[-1].name,
        )
        for persona in handbook_of(site).personas
        for journey in persona.journeys
    ]
