"""The example handbook built four ways gives the same site: pages, anchors, links, search.

* MkDocs + plugin: the `example_site` fixture (the reference);
* ProperDocs + plugin: `properdocs build --strict`, the plugin unchanged;
* Backstage TechDocs + plugin: `mkdocs build --strict` with `techdocs-core` in the plugins, in
  the environment mkdocs-techdocs-core pins (constraints/techdocs.txt: Material 9.7.7,
  pymdown-extensions 11.0.1, Markdown < 3.11);
* `journey-maps render` + MkDocs without the plugin (`enabled: false`);
* `journey-maps render` + Zensical, which runs no MkDocs plugin.

ProperDocs and Zensical are run from the environment running the tests when it has the
tested version, else from a virtual environment of their own made once under
`.venv-hosts/` (it sees this environment's packages after its own, so it can import
journey_maps); TechDocs always from one of its own, made with its pins. Zensical is pinned to the range tested here; another version can be tried
with JOURNEY_MAPS_ZENSICAL="zensical==X.Y.Z", and a failure then names the version.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import html_tools
import pytest
from browser_support import (
    ARTIFACTS,
    HERE,
    SCREENS,
    browse_in,
    handbook_of,
    journeys,
    layout_problems,
    serious_axe_violations,
    serve_directory,
)
from conftest import ROOT, Site, build_project, make_project
from host_environments import (
    PROPERDOCS,
    TECHDOCS,
    TECHDOCS_PINS,
    ZENSICAL,
    host_python,
    render,
    run,
    zensical_version,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

EDIT = "/edit/main/"
"""The example's edit_uri, in "Edit this page" links."""


# --- the hosts ---------------------------------------------------------------------------------


def copy_example(folder: Path) -> Path:
    """This repository's mkdocs.yml, docs/ and journeys/ in a fresh folder."""
    project = folder / "project"
    project.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("docs", "journeys"):
        shutil.copytree(ROOT / name, project / name)
    return project


def configure_without_plugin(project: Path, prefix: str = "journeys") -> None:
    """Edit mkdocs.yml the way docs/guide/hosting.md says, around `journey-maps render`:
    the plugin's entry stays for its options but is off, the stylesheet, the script and
    Mermaid are listed, and the nav block `render --nav` prints replaces the landing page
    entry."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    nav = render(project, "--nav")
    assert nav.returncode == 0, nav.stderr
    edits = [
        ("  - journey-maps:\n", "  - journey-maps:\n      enabled: false\n"),
        ("extra_css:\n", f"extra_css:\n  - {prefix}/assets/journey-maps.css\n"),
        (
            "extra_javascript:\n",
            f"extra_javascript:\n  - {prefix}/assets/journey-maps.js\n"
            f"  - {prefix}/assets/mermaid.min.js\n",
        ),
        (f"  - Journey maps: {prefix}/index.md\n", nav.stdout),
    ]
    for old, new in edits:
        assert text.count(old) == 1, f"mkdocs.yml of the example no longer has {old!r} once"
        text = text.replace(old, new)
    config.write_text(text, encoding="utf-8")


# --- reading a built site the same way whatever built it ------------------------------------


@dataclass
class Built:
    """A built site, read host-independently."""

    host: str
    site_dir: Path

    def pages(self) -> set[str]:
        return {p.relative_to(self.site_dir).as_posix() for p in self.site_dir.rglob("*.html")}

    def content(self, page: str) -> str:
        """The content area of a page; all of a forwarding page (it has no theme)."""
        html = (self.site_dir / page).read_text(encoding="utf-8")
        return html_tools.article(html) if "<article" in html else html

    def anchors(self, page: str) -> set[str]:
        return {i for i in html_tools.ids(self.content(page)) if not i.startswith("__")}

    def links(self, page: str) -> set[str]:
        """Every link of the content, but "Edit this page": the plugin points it at the
        YAML file, a rendered page at its Markdown file (see docs/guide/hosting.md)."""
        base = "https://host.invalid/" + page.removesuffix("index.html")
        return {
            urljoin(base, href)  # Zensical writes `#x` where MkDocs writes `./#x`
            for _, href in html_tools.parse(self.content(page)).links
            if EDIT not in href
        }

    def search(self) -> dict[str, frozenset[str]]:
        """Search location -> the words indexed for it (title and text)."""
        mkdocs_index = self.site_dir / "search" / "search_index.json"
        if mkdocs_index.is_file():
            entries = json.loads(mkdocs_index.read_text(encoding="utf-8"))["docs"]
        else:  # Zensical: search.json, {"config": ..., "items": [...]}
            entries = json.loads((self.site_dir / "search.json").read_text(encoding="utf-8"))[
                "items"
            ]
        found: dict[str, set[str]] = {}
        for entry in entries:
            words = found.setdefault(entry["location"], set())
            for field in ("title", "text"):
                words |= set(re.findall(r"\w+", html_tools.text(entry[field]).lower()))
        return {location: frozenset(words) for location, words in found.items()}


def generated(built: Built) -> list[str]:
    """The pages of the journey-maps section."""
    return sorted(p for p in built.pages() if p.startswith("journeys/"))


@pytest.fixture(scope="session")
def reference(example_site: Site) -> Built:
    return Built("MkDocs + plugin", example_site.site_dir)


MOVED_LINK = re.compile(
    r"^(.+?):(\d+): links to (\S+); the rendered page is (\S+) \(same URL\)", re.M
)


def follow_link_warnings(project: Path, stderr: str) -> int:
    """Change the hand-written links render warns about, as docs/guide/hosting.md says:
    stage and team pages are rendered as `<id>/index.md` (same URL)."""
    changed = 0
    for match in MOVED_LINK.finditer(stderr.replace("warning: ", "")):
        path, number, old, new = match.groups()
        page = project / path
        lines = page.read_text(encoding="utf-8").split("\n")
        lines[int(number) - 1] = lines[int(number) - 1].replace(f"({old}", f"({new}")
        page.write_text("\n".join(lines), encoding="utf-8")
        changed += 1
    return changed


@pytest.fixture(scope="session")
def rendered_example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example after `journey-maps render`, configured for a host without the plugin."""
    project = copy_example(tmp_path_factory.mktemp("rendered"))
    configure_without_plugin(project)  # the plugin off first: render refuses while it is on
    result = render(project)
    assert result.returncode == 0, result.stderr
    assert follow_link_warnings(project, result.stderr) > 0
    assert "links to" not in render(project).stderr
    return project


def techdocs_python() -> Path:
    """The TechDocs environment, checked to hold the releases techdocs-core pins."""
    python = host_python(TECHDOCS, TECHDOCS_PINS)
    versions = run(
        [
            str(python),
            "-c",
            "from importlib.metadata import version as v; "
            "print(v('mkdocs-material'), v('pymdown-extensions'), v('Markdown'))",
        ],
        ROOT,
    )
    material, pymdown, markdown = versions.stdout.split()
    assert (material, pymdown) == ("9.7.7", "11.0.1"), versions.stdout
    assert tuple(int(part) for part in markdown.split(".")[:2]) < (3, 11), markdown
    return python


def build_with_techdocs(folder: Path) -> Path:
    """The example with `techdocs-core` first under `plugins:` (as Backstage's docs write it;
    `techdocs-cli generate` appends it last when it is missing, which builds the same
    pages), built as `techdocs-cli generate --no-docker` builds: `mkdocs build` in the
    TechDocs environment. Returns the project folder."""
    project = copy_example(folder)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("\nplugins:\n") == 1
    config.write_text(text.replace("\nplugins:\n", "\nplugins:\n  - techdocs-core\n"), "utf-8")
    result = run([str(techdocs_python()), "-m", "mkdocs", "build", "--strict"], project)
    assert result.returncode == 0, f"{TECHDOCS}: mkdocs build --strict failed:\n{result.stderr}"
    return project


def build_host(host: str, folder: Path, rendered: Path) -> Built:
    if host == "ProperDocs + plugin":
        project = copy_example(folder)
        python = host_python(PROPERDOCS)
        result = run([str(python), "-m", "properdocs", "build", "--strict"], project)
        assert result.returncode == 0, f"properdocs build --strict failed:\n{result.stderr}"
    elif host == "TechDocs + plugin":
        project = build_with_techdocs(folder)
    elif host == "render + MkDocs":
        project = folder / "project"
        shutil.copytree(rendered, project)
        build_project(project, strict=True)
    else:
        if sys.version_info < (3, 11):
            pytest.skip("Zensical needs Python 3.11 or newer")
        project = folder / "project"
        shutil.copytree(rendered, project)
        python = host_python(ZENSICAL)
        result = run([str(python), "-m", "zensical", "build", "--strict"], project)
        assert result.returncode == 0, (
            f"{zensical_version()} build --strict of the rendered example failed:\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return Built(host, project / "site")


HOSTS = ["ProperDocs + plugin", "TechDocs + plugin", "render + MkDocs", "render + Zensical"]


@pytest.fixture(scope="session")
def hosts(
    tmp_path_factory: pytest.TempPathFactory, rendered_example: Path
) -> Callable[[str], Built]:
    """Build a host's site once per session, when a test first asks for it."""

    @cache
    def built(host: str) -> Built:
        return build_host(host, tmp_path_factory.mktemp("host"), rendered_example)

    return built


@pytest.fixture(scope="session", params=HOSTS)
def host(request: pytest.FixtureRequest, hosts: Callable[[str], Built]) -> Built:
    return hosts(request.param)


def differs(host: Built) -> str:
    """How a failure names the host (with the Zensical version, as releases change it)."""
    return f"{zensical_version()} (render)" if "Zensical" in host.host else host.host


# --- the same site whatever builds it --------------------------------------------------------


def test_same_page_set(reference: Built, host: Built) -> None:
    assert len(generated(reference)) > 60
    missing = sorted(reference.pages() - host.pages())
    extra = sorted(host.pages() - reference.pages())
    assert not missing, f"{differs(host)}: missing {missing}"
    assert not extra, f"{differs(host)}: extra {extra}"


def test_same_anchors_on_every_generated_page(reference: Built, host: Built) -> None:
    """Pain points, opportunities, touchpoints, headings: every id a link may point at."""
    assert "no-proof-for-lender" in reference.anchors(
        "journeys/first-time-buyer/buying-home-cover/decision/index.html"
    )
    different = {
        page: sorted(reference.anchors(page) ^ host.anchors(page))
        for page in generated(reference)
        if page.endswith(".html") and reference.anchors(page) != host.anchors(page)
    }
    assert not different, f"{differs(host)}: ids that differ, by page: {different}"


def test_same_links_on_every_generated_page(reference: Built, host: Built) -> None:
    different = {
        page: sorted(reference.links(page) ^ host.links(page))
        for page in generated(reference)
        if reference.links(page) != host.links(page)
    }
    assert not different, f"{differs(host)}: links that differ, by page: {different}"


MKDOCS_SEARCH = {"TechDocs + plugin"}
"""Hosts whose search index is MkDocs' own, not Material's: techdocs-core swaps Material's
search plugin for MkDocs' (unless `use_material_search: true`), and Backstage's search reads
that index. It splits and words text differently; test_techdocs_search_finds_every_entry."""


def test_same_search_entries_and_terms(reference: Built, host: Built) -> None:
    if host.host in MKDOCS_SEARCH:
        pytest.skip(f"{host.host} indexes with MkDocs' own search: see the TechDocs test")
    expected, actual = reference.search(), host.search()
    journey_entries = [location for location in expected if location.startswith("journeys/")]
    assert len(journey_entries) > 300
    missing = sorted(set(journey_entries) - set(actual))
    assert not missing, f"{differs(host)}: search entries missing: {missing[:20]}"
    different = {
        location: sorted(expected[location] ^ actual[location])
        for location in journey_entries
        if expected[location] != actual[location]
    }
    assert not different, (
        f"{differs(host)}: search terms that differ: {dict(list(different.items())[:10])}"
    )


def test_techdocs_search_finds_every_entry(reference: Built, hosts: Callable[[str], Built]) -> None:
    """Every search entry of the plugin's site is an entry of the TechDocs index, or, for a
    heading below level 2 (MkDocs' search gives those no entry of their own: the persona
    page's goals, needs, frustrations and motivations), every word of it is in its page's
    entry. So Backstage's search finds every persona, journey, stage, pain point and
    opportunity, and every word of a journey map."""
    techdocs = hosts("TechDocs + plugin")
    expected, actual = reference.search(), techdocs.search()
    journey_entries = [location for location in expected if location.startswith("journeys/")]
    assert len(journey_entries) > 300
    merged = [location for location in journey_entries if location not in actual]
    unfound = {
        location: sorted(expected[location] - actual.get(location.split("#")[0], frozenset()))
        for location in merged
    }
    assert not {location: words for location, words in unfound.items() if words}, unfound
    anchored = [location for location in journey_entries if "#" in location]
    # The pain point register's details are left out of every index (each pain point has
    # its entry at its stage page): none of its headings is an entry to merge.
    assert not [location for location in journey_entries if "pain-points/#" in location]
    assert len(merged) < len(anchored) / 10, f"{len(merged)} entries merged into their page"


EXPORTS = [
    "journeys/journeys.json",
    "journeys/pain-points.csv",
    "journeys/opportunities.csv",
    "journeys/schema/persona.json",
    "journeys/schema/catalog.json",
    "journeys/assets/journey-maps.css",
    "journeys/assets/mermaid.min.js",
]


def test_same_exports_and_assets(reference: Built, host: Built) -> None:
    for path in EXPORTS:
        built = host.site_dir / path
        assert built.is_file(), f"{differs(host)}: no {path}"
        assert built.read_bytes() == (reference.site_dir / path).read_bytes(), (
            f"{differs(host)}: {path} differs"
        )


def test_journey_page_has_its_diagram_grid_and_styles(host: Built) -> None:
    page = (host.site_dir / "journeys/first-time-buyer/buying-home-cover/index.html").read_text(
        encoding="utf-8"
    )
    assert 'data-jm-mermaid="' in page, f"{differs(host)}: no Mermaid diagram"
    assert 'class="mermaid"' not in page, f"{differs(host)}: Mermaid would load with the page"
    assert "journey-maps.css" in page, f"{differs(host)}: no stylesheet"
    assert "mermaid.min.js" in page, f"{differs(host)}: no Mermaid"
    assert 'class="jm-grid' in page, f"{differs(host)}: no stage grid"


# --- ProperDocs runs the plugin as MkDocs does ------------------------------------------------


def test_properdocs_reads_its_own_properdocs_yml(tmp_path: Path) -> None:
    project = make_project(tmp_path, from_fixture="small")
    (project / "mkdocs.yml").rename(project / "properdocs.yml")
    python = host_python(PROPERDOCS)
    result = run([str(python), "-m", "properdocs", "build", "--strict"], project)
    assert result.returncode == 0, result.stderr
    assert "Generated pages for" in result.stderr
    stage = project / "site" / "journeys" / "first-time-buyer" / "buying-a-policy" / "decision"
    assert (stage / "index.html").is_file()


# --- Zensical with the awesome-nav file render writes -----------------------------------------


def test_zensical_reads_the_nav_file_render_writes(tmp_path: Path, rendered_example: Path) -> None:
    """Without a nav: in mkdocs.yml, the awesome-nav plugin entry makes Zensical read
    docs/journeys/.nav.yml: stages stay in journey order, not alphabetical."""
    if sys.version_info < (3, 11):
        pytest.skip("Zensical needs Python 3.11 or newer")
    project = tmp_path / "project"
    shutil.copytree(rendered_example, project)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = text[: text.index("\nnav:\n")] + "\n"
    text = text.replace("plugins:\n", "plugins:\n  - awesome-nav\n")
    config.write_text(text, encoding="utf-8")
    python = host_python(ZENSICAL)
    result = run([str(python), "-m", "zensical", "build", "--strict"], project)
    assert result.returncode == 0, f"{zensical_version()}:\n{result.stdout}\n{result.stderr}"
    page = project / "site" / "journeys/first-time-buyer/buying-home-cover/index.html"
    html = page.read_text(encoding="utf-8")
    nav = html_tools.text(html[html.index('<nav class="md-nav md-nav--primary"') :])
    # Alphabetical order would put Callum before Deborah and Loyalty before Retention.
    names = ["Deborah", "Priya", "Awareness", "Retention", "Loyalty", "Gareth", "Callum"]
    order = [nav.find(name) for name in names]
    positions = dict(zip(names, order, strict=True))
    assert -1 not in order, f"{zensical_version()}: missing from the nav: {positions}"
    assert order == sorted(order), (
        f"{zensical_version()}: the nav does not follow .nav.yml (handbook and journey "
        f"order): {positions}"
    )


# --- the Zensical site reads as the plugin's does, in Chromium --------------------------------

ZENSICAL_THEME_PARTS = (".md-footer",)
"""Zensical's own footer, left out of the axe run: in 0.0.73's light palette its "Made with
Zensical" line is #b0b0b0 on #f2f2f2 (1.93:1, axe's serious color-contrast). The theme's,
not the journey pages'; docs/guide/hosting.md says how a site can fix it."""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(("width", "height", "fits"), SCREENS)
def test_zensical_journey_pages_pass_the_browser_checks(
    browser: Any,
    example_site: Site,
    hosts: Callable[[str], Built],
    width: int,
    height: int,
    fits: int,
    scheme: str,
) -> None:
    """The checks test_layout runs on the plugin's site, on the site `render` + Zensical
    builds: every diagram renders (offline, with the rendered local Mermaid), nothing
    scrolls sideways but what may, no serious or critical axe-core violation."""
    zensical = hosts("render + Zensical")
    problems: list[str] = []
    with browse_in(browser, zensical.site_dir, width, height, scheme) as browsing:
        for path, stages, _, _ in journeys(example_site):
            loaded = browsing.open(path, open_diagrams=True)
            if not loaded.diagrams_done or not loaded.mermaid_blocks:
                problems.append(
                    f"{path}: {loaded.mermaid_blocks} diagrams, not all rendered {loaded.errors}"
                )
                continue
            problems += layout_problems(loaded.page, path, stages, fits)
            problems += [
                f"{path}: {v['impact']} {v['id']}: {v['help']} {v['nodes']}"
                for v in serious_axe_violations(loaded.page, exclude=ZENSICAL_THEME_PARTS)
            ]
    assert not problems, f"{zensical_version()}:\n" + "\n".join(problems)


# --- what Backstage's TechDocs reader leaves of a journey page ----------------------------------

PURIFY_JS = HERE / "browser" / "node_modules" / "dompurify" / "dist" / "purify.min.js"
TECHDOCS_SANITIZER = """
(html) => {
  // Backstage's TechDocs reader (plugins/techdocs/src/reader/transformers/html): DOMPurify
  // with these options and hooks, before the page goes into the reader's shadow root.
  const MKDOCS_CSS = /main\\.[A-Fa-f0-9]{8}\\.min\\.css$/;
  const FONTS = /^https:\\/\\/fonts\\.(googleapis|gstatic)\\.com/;
  DOMPurify.removeAllHooks();
  DOMPurify.addHook("beforeSanitizeElements", (node) => {
    const href = node.nodeName === "LINK" ? node.getAttribute("href") || "" : "";
    if (node.nodeName === "LINK" && !MKDOCS_CSS.test(href) && !FONTS.test(href)) {
      node.setAttribute("data-removed", "link");
      node.remove();
    }
    return node;
  });
  DOMPurify.addHook("uponSanitizeAttribute", (node, data) => {
    if (node.tagName !== "META" && ["http-equiv", "content"].includes(data.attrName)) {
      node.removeAttribute(data.attrName);
    }
  });
  const links = new DOMParser().parseFromString(html, "text/html").querySelectorAll("link");
  const clean = DOMPurify.sanitize(html, {
    ADD_TAGS: ["link", "meta"],
    FORBID_TAGS: ["style"],
    ADD_ATTR: ["http-equiv", "content", "dominant-baseline"],
    WHOLE_DOCUMENT: true,
  });
  const removed = {};
  for (const item of DOMPurify.removed) {
    const what = item.element ? item.element.nodeName.toLowerCase() : "@" + item.attribute.name;
    removed[what] = (removed[what] || 0) + 1;
  }
  const kept = new DOMParser().parseFromString(clean, "text/html").querySelectorAll("link");
  removed.link = links.length - kept.length;
  return { html: "<!doctype html>" + clean, removed };
}
"""

HIDDEN_TEXT = """
() => {
  // Every piece of text in the stage grid (but SVG tooltips): where is it, and can it be seen?
  const problems = [];
  const grid = document.querySelector(".jm-grid");
  if (!grid) return ["no stage grid"];
  const walker = document.createTreeWalker(grid, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const words = node.textContent.trim();
    if (!words || node.parentElement.closest("svg")) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    let box = range.getClientRects()[0];
    if (!box) { problems.push(`no box: ${words.slice(0, 40)}`); continue; }
    window.scrollBy(0, box.top - innerHeight / 2);
    box = range.getClientRects()[0];
    const x = box.left + Math.min(2, box.width / 2), y = box.top + box.height / 2;
    if (x < 0 || x >= innerWidth) {
      problems.push(`cut off at x=${Math.round(x)}: ${words.slice(0, 40)}`);
      continue;
    }
    const hit = document.elementFromPoint(x, y);
    if (!hit || !(hit === node.parentElement || node.parentElement.contains(hit))) {
      problems.push(`covered by <${hit && hit.tagName.toLowerCase()}>: ${words.slice(0, 40)}`);
    }
  }
  return problems;
}
"""


def serving(html: str) -> Callable[[Any], None]:
    """A Playwright route handler that answers with `html`."""
    return lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8")


def in_order(text: str, wanted: list[str]) -> list[str]:
    """The items of `wanted` missing from `text` or found before the one ahead of them."""
    problems, at = [], 0
    for item in wanted:
        found = text.find(" ".join(item.split()), at)
        if found < 0:
            problems.append(item if text.find(" ".join(item.split())) < 0 else f"{item} (order)")
        else:
            at = found
    return problems


@dataclass
class ReaderPage:
    """A journey page of the TechDocs site as Backstage's reader shows it, loaded in `page`."""

    path: str
    journey: Any
    page: Any
    removed: dict[str, int]
    """What the sanitizer took out: element name (or `@attribute`) -> count."""
    uses: int
    """`<use>` elements in the page as built."""


@contextmanager
def techdocs_reader(
    browser: Any, example_site: Site, techdocs: Built, width: int
) -> Iterator[Iterator[ReaderPage]]:
    """Every journey page of the TechDocs site, sanitised with DOMPurify and the reader's
    options and hooks (TECHDOCS_SANITIZER), then loaded with JavaScript off at `width`.
    Backstage's own styles, added after, are not reproduced: this is what is left to them."""
    if not PURIFY_JS.is_file():
        pytest.fail(f"{PURIFY_JS} is missing: run `npm ci` in tests/browser")
    with serve_directory(techdocs.site_dir) as base_url:
        sanitizing = browser.new_context()
        reading = browser.new_context(
            java_script_enabled=False, viewport={"width": width, "height": 900}
        )
        reading.route(lambda url: not url.startswith(base_url), lambda route: route.abort())

        def pages() -> Iterator[ReaderPage]:
            purifier = sanitizing.new_page()
            purifier.set_content("<!doctype html><title>sanitizer</title>")
            purifier.add_script_tag(path=str(PURIFY_JS))
            page = reading.new_page()
            for persona in handbook_of(example_site).personas:
                for journey in persona.journeys:
                    path = f"journeys/{persona.id}/{journey.id}/"
                    raw = (techdocs.site_dir / path / "index.html").read_text(encoding="utf-8")
                    sanitized = purifier.evaluate(TECHDOCS_SANITIZER, raw)
                    reading.unroute(base_url + path)
                    reading.route(base_url + path, serving(sanitized["html"]))
                    page.goto(base_url + path)
                    yield ReaderPage(path, journey, page, sanitized["removed"], raw.count("<use "))

        try:
            yield pages()
        finally:
            sanitizing.close()
            reading.close()


@pytest.mark.browser
@pytest.mark.parametrize("width", [1440, 1024])
def test_techdocs_reader_leaves_a_readable_map(
    browser: Any, example_site: Site, hosts: Callable[[str], Built], width: int
) -> None:
    """Every journey page as the reader shows it (no script, no <style>, no stylesheet but
    Material's main one, so not the plugin's; SVG <use> dropped): the stage names head the
    grid's columns in order, every step, pain point and opportunity is there in order, and
    no text of the grid is cut off or covered. At 375 px the grid, wider than the screen,
    is cut off (Material hides the page's sideways overflow): docs/guide/hosting.md."""
    problems: list[str] = []
    with techdocs_reader(browser, example_site, hosts("TechDocs + plugin"), width) as pages:
        for shown in pages:
            path, journey, page, removed = shown.path, shown.journey, shown.page, shown.removed
            if not (removed.get("script") and removed.get("link")):
                problems.append(f"{path}: the sanitizer removed {removed}")
            if removed.get("use", 0) != shown.uses:
                problems.append(f"{path}: {removed.get('use')} of {shown.uses} <use> removed")
            sheets = page.evaluate("() => [...document.styleSheets].map((s) => s.href || '')")
            if any("journey-maps.css" in s or not s for s in sheets):
                problems.append(f"{path}: a stylesheet the reader strips is there: {sheets}")
            if page.evaluate("() => document.scripts.length"):
                problems.append(f"{path}: a script is left")
            heads = page.locator(".jm-grid thead th").all_inner_texts()[1:]
            names = [stage.name for stage in journey.stages]
            if [h.split("\n")[0].strip() for h in heads] != names:
                problems.append(f"{path}: columns {heads}, stages {names}")
            grid = " ".join(page.locator(".jm-grid").inner_text().split())
            pains = [p for st in journey.stages for p in st.pain_points]
            ideas = [o for st in journey.stages for o in st.opportunities]
            for kind, items in (
                ("step", [s.action for st in journey.stages for s in st.steps]),
                # Row by row: the cards that name no lane or step in the pain and
                # opportunity rows, in stage order; the others in their lane's row.
                ("pain point", [p.title for p in pains if not (p.lane or p.step)]),
                ("opportunity", [o.title for o in ideas if not (o.lane or o.step)]),
            ):
                problems += [f"{path}: {kind} {m}" for m in in_order(grid, items)]
            placed = [c.title for c in (*pains, *ideas) if c.lane or c.step]
            problems += [f"{path}: {t} missing" for t in placed if " ".join(t.split()) not in grid]
            problems += [f"{path}: {p}" for p in page.evaluate(HIDDEN_TEXT)]
            if journey.id == "buying-home-cover":
                ARTIFACTS.mkdir(exist_ok=True)
                page.evaluate("() => window.scrollTo(0, 0)")
                page.screenshot(
                    path=str(ARTIFACTS / f"techdocs-reader-{width}.png"), full_page=True
                )
    assert not problems, "\n".join(problems)


DRAWN_WITHOUT_STYLESHEET = """
() => {
  const problems = [];
  for (const icon of document.querySelectorAll(".jm-map svg.jm-icon, .jm-map svg.jm-icon-defs")) {
    const box = icon.getBoundingClientRect();
    if (box.width > 32 || box.height > 32) {
      problems.push(`${icon.getAttribute("class")}: ${box.width}x${box.height} px`);
    }
  }
  for (const shape of document.querySelectorAll(".jm-curve rect, .jm-curve polyline")) {
    if (getComputedStyle(shape).fill === "rgb(0, 0, 0)") {
      problems.push(`${shape.getAttribute("class")}: filled black`);
    }
  }
  return [...new Set(problems)];
}
"""


@pytest.mark.browser
def test_techdocs_reader_keeps_icons_small_and_the_emotion_chart_drawn(
    browser: Any, example_site: Site, hosts: Callable[[str], Built]
) -> None:
    problems: list[str] = []
    with techdocs_reader(browser, example_site, hosts("TechDocs + plugin"), 1440) as pages:
        for shown in pages:
            problems += [
                f"{shown.path}: {p}" for p in shown.page.evaluate(DRAWN_WITHOUT_STYLESHEET)
            ]
    assert not problems, "\n".join(problems)
