"""The example handbook built four ways gives the same site: pages, anchors, links, search.

* MkDocs + plugin: the `example_site` fixture (the reference);
* ProperDocs + plugin: `properdocs build --strict`, the plugin unchanged;
* `journey-maps render` + MkDocs without the plugin (`enabled: false`);
* `journey-maps render` + Zensical, which runs no MkDocs plugin.

ProperDocs and Zensical are run from the environment running the tests when it has the
tested version, else from a virtual environment of their own made once under
`.venv-hosts/` (it sees this environment's packages after its own, so it can import
journey_maps). Zensical is pinned to the range tested here; another version can be tried
with JOURNEY_MAPS_ZENSICAL="zensical==X.Y.Z", and a failure then names the version.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import site
import subprocess
import sys
import sysconfig
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import html_tools
import pytest
from browser_support import layout_problems, serious_axe_violations
from conftest import ROOT, Site, build_project, make_project
from packaging.requirements import Requirement
from test_layout import SCREENS, browse_in, journeys

ZENSICAL = os.environ.get("JOURNEY_MAPS_ZENSICAL", "zensical==0.0.73")
"""The Zensical tested: 0.0.73 (0.1.x needs a zensical-ui package PyPI does not have yet)."""
PROPERDOCS = os.environ.get("JOURNEY_MAPS_PROPERDOCS", "properdocs==1.6.7")
HOST_VENVS = ROOT / ".venv-hosts"
EDIT = "/edit/main/"
"""The example's edit_uri, in "Edit this page" links."""


# --- the hosts ---------------------------------------------------------------------------------


def host_python(requirement: str) -> Path:
    """A Python that has `requirement`: this one if it does, else a cached venv of its own.

    The venv gets the requirement with its own dependencies, then a .pth file that appends
    this environment's site-packages, so journey_maps (and Material, for ProperDocs) import."""
    wanted = Requirement(requirement)
    try:
        if wanted.specifier.contains(metadata.version(wanted.name), prereleases=True):
            return Path(sys.executable)
    except metadata.PackageNotFoundError:
        pass
    name = re.sub(r"[^A-Za-z0-9.]+", "-", requirement)
    venv = HOST_VENVS / f"{name}-py{sys.version_info[0]}.{sys.version_info[1]}"
    python = venv / "bin" / "python"
    if (venv / ".ready").is_file():
        return python
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    install = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            requirement,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if install.returncode != 0:
        pytest.fail(f"could not install {requirement} into {venv}:\n{install.stderr}")
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    outer = [*site.getsitepackages(), sysconfig.get_paths()["purelib"]]
    lines = "; ".join(f"site.addsitedir({p!r})" for p in dict.fromkeys(outer))
    (Path(purelib) / "_journey_maps_outer.pth").write_text(f"import site; {lines}\n")
    (venv / ".ready").write_text(requirement + "\n")
    return python


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
    )


def copy_example(folder: Path) -> Path:
    """This repository's mkdocs.yml, docs/ and journeys/ in a fresh folder."""
    project = folder / "project"
    project.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("docs", "journeys"):
        shutil.copytree(ROOT / name, project / name)
    return project


def render(project: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`journey-maps render` as a user runs it, in the project folder."""
    return run([sys.executable, "-m", "journey_maps.cli", "render", *arguments], project)


def configure_without_plugin(project: Path, prefix: str = "journeys") -> None:
    """Edit mkdocs.yml the way docs/guide/hosting.md says, after `journey-maps render`:
    the plugin's entry stays for its options but is off, the stylesheet and Mermaid are
    listed, and the nav block `render --nav` prints replaces the landing page entry."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    nav = render(project, "--nav")
    assert nav.returncode == 0, nav.stderr
    edits = [
        ("  - journey-maps:\n", "  - journey-maps:\n      enabled: false\n"),
        ("extra_css:\n", f"extra_css:\n  - {prefix}/assets/journey-maps.css\n"),
        ("extra_javascript:\n", f"extra_javascript:\n  - {prefix}/assets/mermaid.min.js\n"),
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
    result = render(project)
    assert result.returncode == 0, result.stderr
    assert follow_link_warnings(project, result.stderr) > 0
    assert "links to" not in render(project).stderr
    configure_without_plugin(project)
    return project


@cache
def zensical_version() -> str:
    python = host_python(ZENSICAL)
    return run([str(python), "-m", "zensical", "--version"], ROOT).stdout.strip()


def build_host(host: str, folder: Path, rendered: Path) -> Built:
    if host == "ProperDocs + plugin":
        project = copy_example(folder)
        python = host_python(PROPERDOCS)
        result = run([str(python), "-m", "properdocs", "build", "--strict"], project)
        assert result.returncode == 0, f"properdocs build --strict failed:\n{result.stderr}"
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


HOSTS = ["ProperDocs + plugin", "render + MkDocs", "render + Zensical"]


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
    assert not missing and not extra, f"{differs(host)}: missing {missing}, extra {extra}"


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


def test_same_search_entries_and_terms(reference: Built, host: Built) -> None:
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
    assert '<pre class="mermaid">' in page, f"{differs(host)}: no Mermaid diagram"
    assert "journey-maps.css" in page and "mermaid.min.js" in page, differs(host)
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
    assert -1 not in order and order == sorted(order), (
        f"{zensical_version()}: the nav does not follow .nav.yml (handbook and journey "
        f"order): {dict(zip(names, order, strict=True))}"
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
            loaded = browsing.open(path)
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
