"""Neighbours: the plugin beside the MkDocs plugins real sites use, one real build per row.

Each test builds a small site with `--strict`, the journey-maps plugin and one neighbour,
and checks what the "Works with" table (docs/guide/works-with.md) promises: every journey
page exists with its diagram, the navigation lists persona -> journey -> stages in
journey order, and the neighbour's own feature still works. A neighbour that is not
installed skips its test with the reason (they are in the `test` extra, so CI runs them).
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import tempfile
from html.parser import HTMLParser
from posixpath import normpath
from typing import TYPE_CHECKING, Any

import pytest
from conftest import (
    FIXTURES,
    ONE_TOUCHPOINT_CATALOG,
    ROOT,
    Site,
    build_project,
    make_project,
    mkdocs_build_cli,
    mkdocs_warnings,
    page_context,
)
from git_repos import Repo

from journey_maps.site.pages import generate_pages
from journey_maps.source.handbook import load_handbook
from journey_maps.views.messages import messages_for

if TYPE_CHECKING:
    from pathlib import Path

# Stages deliberately not in alphabetical order: Research, Compare, Buy.
PERSONA = """\
persona:
  name: Ana Ruiz
  role: Owner of a small bakery
journeys:
  - id: switching
    title: Switching insurer
    type: current-state
    owner: growth
    stages:
      - id: research
        name: Research
        steps:
          - action: Reads reviews
            touchpoint: pricing-page
            emotion: 3
      - id: compare
        name: Compare
        steps:
          - action: Compares two quotes
            touchpoint: pricing-page
            emotion: 2
      - id: buy
        name: Buy
        steps:
          - action: Pays the first month
            touchpoint: pricing-page
            emotion: 4
"""

JOURNEYS = {"_catalog.yml": ONE_TOUCHPOINT_CATALOG, "ana.yml": PERSONA}

PERSONA_URL = "journeys/ana/"
JOURNEY_URL = "journeys/ana/switching/"
STAGE_URLS = [f"journeys/ana/switching/{stage}/" for stage in ("research", "compare", "buy")]
PAGE_URLS = ["journeys/", PERSONA_URL, JOURNEY_URL, *STAGE_URLS]
# A generated diagram (drawn when its box is opened) and a hand-written ```mermaid fence
# (superfences' fence the plugin adds); minify drops the quotes.
MERMAID = re.compile(r'<pre class="?jm-diagram__source"? data-jm-mermaid=')
MERMAID_FENCE = re.compile(r'<pre class="?mermaid"?><code>')
HAND_WRITTEN_DIAGRAM = {"diagram.md": "# A diagram\n\n```mermaid\ngraph LR\n  A --> B\n```\n"}


def needs(*modules: str) -> pytest.MarkDecorator:
    """Skip, saying which package is missing, when a neighbour is not installed."""
    missing = [name for name in modules if importlib.util.find_spec(name) is None]
    return pytest.mark.skipif(
        bool(missing),
        reason=f"neighbour not installed ({', '.join(missing)}): pip install -e '.[test]'",
    )


class _NavLinks(HTMLParser):
    """The links of Material's primary navigation, in order, with the lists they are in."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, tuple[int, ...]]] = []
        self._nav_depth = 0  # <nav> elements open inside the primary nav (0: outside)
        self._lists: list[int] = []  # the open <ul> elements, numbered in document order
        self._count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "nav" and (self._nav_depth or "md-nav--primary" in (values.get("class") or "")):
            self._nav_depth += 1
        elif self._nav_depth and tag == "ul":
            self._count += 1
            self._lists.append(self._count)
        elif self._nav_depth and tag == "a" and values.get("href") is not None:
            self.links.append((values["href"] or "", tuple(self._lists)))

    def handle_endtag(self, tag: str) -> None:
        if self._nav_depth and tag == "nav":
            self._nav_depth -= 1
        elif self._nav_depth and tag == "ul":
            self._lists.pop()


def nav_links(site: Site, url: str) -> list[tuple[str, tuple[int, ...]]]:
    """(site URL path, the lists it is in) of every link in the primary nav of the page at `url`."""
    parser = _NavLinks()
    parser.feed(site.page(url))
    result = []
    for href, depth in parser.links:
        if href.startswith(("http:", "https:", "#")):
            continue
        path = normpath(f"{url}{href.split('#')[0]}") + "/"
        result.append(("" if path in ("./", "/") else path, depth))
    return result


def assert_journey_pages(site: Site, prefix: str = "") -> None:
    """Every journey page, its diagram, and the nav: persona -> journey -> stages in order."""
    for url in PAGE_URLS:
        page = site.page(prefix + url)
        assert "Macro Syntax Error" not in page, url
    assert MERMAID.search(site.page(prefix + JOURNEY_URL)), "no diagram"
    links = dict(reversed(nav_links(site, prefix + STAGE_URLS[0])))
    expected = [prefix + url for url in (PERSONA_URL, JOURNEY_URL, *STAGE_URLS)]
    missing = [url for url in expected if url not in links]
    assert not missing, f"not in the nav: {missing}; nav: {list(links)}"
    order = [url for url, _ in nav_links(site, prefix + STAGE_URLS[0]) if url in expected]
    assert list(dict.fromkeys(order)) == expected, "nav order"
    # The journey's section holds its page and its stages, inside the persona's section.
    persona, journey, *stages = (links[url] for url in expected)
    assert all(stage == journey for stage in stages), (journey, stages)
    assert journey[: len(persona)] == persona, (persona, journey)
    assert len(journey) > len(persona), (persona, journey)


def build(tmp_path: Path, plugins: list[Any], **kwargs: Any) -> Site:
    config = {"plugins": plugins, **kwargs.pop("config", {})}
    project = make_project(tmp_path, journeys=JOURNEYS, config=config, **kwargs)
    return build_project(project, strict=True)


def test_plugin_alone(tmp_path: Path) -> None:
    """The baseline every neighbour is compared with."""
    assert_journey_pages(build(tmp_path, ["search", "journey-maps"]))


# --- Jinja-based plugins: macros, markdownextradata -----------------------------------------


def test_generated_pages_hold_no_jinja_syntax() -> None:
    """Templating plugins read every page as Jinja: no generated page may contain a tag."""
    for folder in (ROOT, FIXTURES / "small"):
        handbook = load_handbook(folder / "journeys", folder)
        context = page_context(
            handbook, today=PINNED_DAY, ticket_url="https://t.example.com/{ticket}"
        )
        for page in generate_pages(context).pages:
            for tag in ("{{", "{%", "{#"):
                assert tag not in page.markdown, (page.src_uri, tag)


@needs("mkdocs_macros")
def test_macros(tmp_path: Path) -> None:
    site = build(
        tmp_path,
        ["search", "macros", "journey-maps"],
        docs={"sum.md": "# Sum\n\nTwo is {{ 1 + 1 }}.\n"},
    )
    assert_journey_pages(site)
    assert "Two is 2." in site.page("sum/")


@needs("mkdocs_macros")
def test_macros_after_the_plugin_and_on_a_page_with_a_directive(tmp_path: Path) -> None:
    """Plugin order does not matter; a ```journey-maps block expands after macros ran."""
    page = "# Fields\n\n{{ 2 * 3 }}\n\n```journey-maps\nfield-reference\n```\n"
    site = build(tmp_path, ["search", "journey-maps", "macros"], docs={"fields.md": page})
    assert_journey_pages(site)
    html = site.page("fields/")
    assert "<p>6</p>" in html
    assert 'id="field-persona-file"' in html


@needs("markdownextradata")
def test_markdownextradata(tmp_path: Path) -> None:
    """It renders every page, generated ones too: author text with Jinja tags stays text."""
    hostile = PERSONA.replace("Reads reviews", "Reads {{ reviews }} {% raw %} {# notes")
    project = make_project(
        tmp_path,
        journeys={**JOURNEYS, "ana.yml": hostile},
        docs={"extra.md": "# Extra\n\nCompany: {{ company }}\n"},
        config={
            "plugins": ["search", "markdownextradata", "journey-maps"],
            "extra": {"company": "Harbourline"},
        },
    )
    site = build_project(project, strict=True)
    assert_journey_pages(site)
    assert "Company: Harbourline" in site.page("extra/")
    assert "Reads {{ reviews }} {% raw %} {# notes" in _text(site.page(STAGE_URLS[0]))


def _text(html: str) -> str:
    from html_tools import text

    return text(html)


# --- mkdocs-static-i18n ---------------------------------------------------------------------


@needs("mkdocs_static_i18n")
def test_static_i18n(tmp_path: Path) -> None:
    i18n = {
        "i18n": {
            "docs_structure": "suffix",
            "languages": [
                {"locale": "en", "default": True, "name": "English", "build": True},
                {"locale": "fr", "name": "Français", "build": True},
            ],
        }
    }
    site = build(
        tmp_path,
        ["search", i18n, "journey-maps"],
        docs={"about.md": "# About\n", "about.fr.md": "# À propos\n", "index.fr.md": "# Accueil\n"},
    )
    assert_journey_pages(site)
    assert "À propos" in site.page("fr/about/")
    assert "Accueil" in site.page("fr/")
    assert "About" in site.page("about/")
    # The French site lists the journey maps too, under /fr/, in French.
    assert_journey_pages(site, prefix="fr/")
    french = messages_for("fr").gettext("Pain points")
    assert french != "Pain points"
    assert french in site.page("fr/journeys/pain-points/")
    assert '<html lang="fr"' in site.page("fr/journeys/pain-points/")
    assert french not in site.page("journeys/pain-points/")
    assert "Pain points" in site.page("journeys/pain-points/")


# --- Navigation plugins ---------------------------------------------------------------------


@needs("mkdocs_awesome_pages_plugin")
def test_awesome_pages(tmp_path: Path) -> None:
    docs = {
        "guide/.pages": "title: The Guide\nnav:\n  - second.md\n  - first.md\n",
        "guide/first.md": "# First\n",
        "guide/second.md": "# Second\n",
    }
    site = build(tmp_path, ["search", "journey-maps", "awesome-pages"], docs=docs)
    assert_journey_pages(site)
    html = site.page("guide/first/")
    assert "The Guide" in html
    order = [url for url, _ in nav_links(site, "guide/first/") if url.startswith("guide/")]
    assert order == ["guide/second/", "guide/first/"]


@needs("mkdocs_awesome_pages_plugin")
def test_awesome_pages_files_are_removed_after_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The `.pages` files are read from a temporary folder; it is gone once the build is."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    site = build(tmp_path, ["search", "journey-maps", "awesome-pages"])
    assert_journey_pages(site)
    assert list(temporary.iterdir()) == []


@needs("mkdocs_literate_nav")
def test_literate_nav(tmp_path: Path) -> None:
    summary = "* [Home](index.md)\n* [About](about.md)\n* [Journey maps](journeys/index.md)\n"
    site = build(
        tmp_path,
        ["search", "journey-maps", "literate-nav"],
        docs={"SUMMARY.md": summary, "about.md": "# About\n"},
    )
    assert_journey_pages(site)
    order = [url for url, _ in nav_links(site, "about/")]
    assert order.index("about/") < order.index("journeys/")


@needs("mkdocs_awesome_nav")
def test_awesome_nav(tmp_path: Path) -> None:
    docs = {
        ".nav.yml": "nav:\n  - index.md\n  - guide\n  - '*'\n",
        "guide/.nav.yml": "title: The Guide\nnav:\n  - second.md\n  - first.md\n",
        "guide/first.md": "# First\n",
        "guide/second.md": "# Second\n",
    }
    site = build(tmp_path, ["search", "journey-maps", "awesome-nav"], docs=docs)
    assert_journey_pages(site)
    assert "The Guide" in site.page("guide/first/")
    order = [url for url, _ in nav_links(site, "guide/first/") if url.startswith("guide/")]
    assert order == ["guide/second/", "guide/first/"]


NAV_LISTS = {
    "awesome-pages": (".pages", "nav:\n  - index.md\n  - about.md\n"),
    "awesome-nav": (".nav.yml", "nav:\n  - index.md\n  - about.md\n"),
}


@pytest.mark.parametrize(
    "plugin",
    [
        pytest.param("awesome-pages", marks=needs("mkdocs_awesome_pages_plugin")),
        pytest.param("awesome-nav", marks=needs("mkdocs_awesome_nav")),
    ],
)
def test_a_nav_list_without_the_journeys_warns_with_the_line_to_add(
    tmp_path: Path, plugin: str, caplog: pytest.LogCaptureFixture
) -> None:
    """An explicit list in the nav plugin's root file used to drop the journey pages from the
    navigation with no message; now the build warns (so --strict fails) with the line to
    add, and the line, added, puts them back."""
    file_name, listing = NAV_LISTS[plugin]
    docs = {file_name: listing, "about.md": "# About\n"}
    project = make_project(
        tmp_path,
        journeys=JOURNEYS,
        docs=docs,
        config={"plugins": ["search", "journey-maps", plugin]},
    )
    build_project(project)
    expected = (
        f"the journey pages (journeys/index.md) are not in the site navigation: the `nav:` list"
        f" of docs/{file_name} ({plugin}) leaves them out. Add this line to that list: `- journeys`"
    )
    assert [w for w in mkdocs_warnings(caplog) if "navigation" in w] == [
        f"journey_maps: {expected}"
    ]
    with (project / "docs" / file_name).open("a", encoding="utf-8") as listed:
        listed.write("  - journeys\n")
    caplog.clear()
    site = build_project(project, strict=True)
    assert mkdocs_warnings(caplog) == []
    assert_journey_pages(site)


@needs("mkdocs_awesome_pages_plugin")
def test_journeys_left_out_on_purpose_with_not_in_nav_build_quietly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    file_name, listing = NAV_LISTS["awesome-pages"]
    project = make_project(
        tmp_path,
        journeys=JOURNEYS,
        docs={file_name: listing, "about.md": "# About\n"},
        config={
            "plugins": ["search", "journey-maps", "awesome-pages"],
            "not_in_nav": "journeys/\n",
        },
    )
    site = build_project(project, strict=True)
    assert mkdocs_warnings(caplog) == []
    assert "journeys/" not in [url for url, _ in nav_links(site, "about/")]


@needs("mkdocs_awesome_pages_plugin")
def test_a_nested_nav_list_is_the_one_named(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """With `prefix: handbook/journeys`, the root list names `handbook` and handbook/.pages
    leaves the journeys out: that file and that line are the advice."""
    docs = {
        ".pages": "nav:\n  - index.md\n  - handbook\n",
        "handbook/.pages": "nav:\n  - guide.md\n",
        "handbook/guide.md": "# Guide\n",
    }
    project = make_project(
        tmp_path,
        journeys=JOURNEYS,
        docs=docs,
        config={
            "plugins": [
                "search",
                {"journey-maps": {"prefix": "handbook/journeys"}},
                "awesome-pages",
            ]
        },
    )
    build_project(project)
    warnings = [w for w in mkdocs_warnings(caplog) if "navigation" in w]
    assert len(warnings) == 1, warnings
    assert "the `nav:` list of docs/handbook/.pages (awesome-pages)" in warnings[0]
    assert warnings[0].endswith("`- journeys`")


# --- mkdocs-redirects -----------------------------------------------------------------------


@needs("mkdocs_redirects")
def test_redirects(tmp_path: Path) -> None:
    redirects = {
        "redirects": {
            "redirect_maps": {
                "old-switching.md": "journeys/ana/switching/index.md",
                "old-buy.md": "journeys/ana/switching/buy.md#top",
            }
        }
    }
    site = build(tmp_path, ["search", "journey-maps", redirects])
    assert_journey_pages(site)
    assert "../journeys/ana/switching/" in site.page("old-switching/")
    assert "../journeys/ana/switching/buy/#top" in site.page("old-buy/")


# --- pymdownx.extra beside pymdownx.superfences ---------------------------------------------


def test_pymdownx_extra_keeps_the_diagram(tmp_path: Path) -> None:
    """pymdownx.extra loads its own superfences; the mermaid fence must reach it."""
    site = build(
        tmp_path,
        ["search", "journey-maps"],
        config={"markdown_extensions": ["pymdownx.superfences", "pymdownx.extra"]},
        docs=HAND_WRITTEN_DIAGRAM,
    )
    assert_journey_pages(site)
    assert MERMAID_FENCE.search(site.page("diagram/")), "the hand-written fence is not a diagram"


def test_pymdownx_extra_alone_keeps_the_diagram(tmp_path: Path) -> None:
    site = build(
        tmp_path,
        ["search", "journey-maps"],
        config={"markdown_extensions": [{"pymdownx.extra": {"pymdownx.superfences": {}}}]},
        docs=HAND_WRITTEN_DIAGRAM,
    )
    assert_journey_pages(site)
    assert MERMAID_FENCE.search(site.page("diagram/")), "the hand-written fence is not a diagram"


# --- Already fine: one smoke build each -----------------------------------------------------


def git_dated_project(tmp_path: Path, options: dict[str, Any]) -> Path:
    """The small handbook with git-revision-date-localized (these options) between search
    and journey-maps, `strict: true` in its mkdocs.yml: the git tests build it with
    `mkdocs_build_cli`, after committing."""
    plugins = ["search", {"git-revision-date-localized": options}, "journey-maps"]
    return make_project(tmp_path, journeys=JOURNEYS, config={"strict": True, "plugins": plugins})


@needs("mkdocs_git_revision_date_localized_plugin")
def test_git_revision_date_localized(tmp_path: Path) -> None:
    project = git_dated_project(tmp_path, {"fallback_to_build_date": True})
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run(["git", "init", "-q"], cwd=project, check=True)
    subprocess.run([*git, "add", "."], cwd=project, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "init"], cwd=project, check=True)
    # In a process of its own: GitPython keeps `git cat-file` children alive until its
    # objects are collected, and a collection during a later test would be reported there.
    result = mkdocs_build_cli(project)
    assert result.returncode == 0, result.stderr
    site = Site(project, project / "site")
    assert_journey_pages(site)
    assert "git-revision-date-localized-plugin" in site.page("")


@needs("mkdocs_git_revision_date_localized_plugin")
def test_git_revision_dates_of_a_journey_page_are_its_persona_files(tmp_path: Path) -> None:
    """A generated page has no git history of its own: the plugin dated it by the build's
    clock (and its older releases warned "First revision timestamp is older than last
    revision timestamp"). Now each page made from a persona file has that file's dates:
    created with its first commit, updated with its last; a --strict build stays quiet."""
    project = git_dated_project(
        tmp_path, {"enable_creation_date": True, "strict": True, "type": "iso_date"}
    )
    repo = Repo(project)
    repo.commit("the first map", date="2026-01-05T12:00:00+00:00")
    repo.write("ana.yml", PERSONA.replace("Reads reviews", "Reads reviews online"))
    repo.commit("a step reworded", date="2026-02-10T12:00:00+00:00")
    result = mkdocs_build_cli(project)  # `strict: true` in mkdocs.yml
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    site = Site(project, project / "site")
    for url in (JOURNEY_URL, STAGE_URLS[0], PERSONA_URL):
        page = site.page(url)
        assert 'title="February 10, 2026 12:00:00 UTC">2026-02-10<' in page, url  # updated
        assert 'title="January 5, 2026 12:00:00 UTC">2026-01-05<' in page, url  # created


@needs("mkdocs_minify_plugin")
def test_minify(tmp_path: Path) -> None:
    site = build(tmp_path, ["search", "journey-maps", {"minify": {"minify_html": True}}])
    assert_journey_pages(site)
    assert "\n\n" not in site.page(JOURNEY_URL)


def test_material_blog_and_tags(tmp_path: Path) -> None:
    post = "---\ndate: 2026-10-01\ntags: [research]\n---\n\n# Interview notes\n\nWhat we heard.\n"
    site = build(
        tmp_path,
        ["search", "material/blog", "material/tags", "journey-maps"],
        docs={"blog/index.md": "# Blog\n", "blog/posts/notes.md": post},
    )
    assert_journey_pages(site)
    assert "Interview notes" in site.page("blog/")


def test_material_offline(tmp_path: Path) -> None:
    """Offline sets use_directory_urls: false, so pages are .html files."""
    site = build(tmp_path, ["search", "offline", "journey-maps"])
    journey = site.site_dir / "journeys" / "ana" / "switching"
    assert MERMAID.search((journey / "index.html").read_text(encoding="utf-8"))
    stage = (journey / "research.html").read_text(encoding="utf-8")
    assert 'href="compare.html"' in stage
    assert (site.site_dir / "search" / "search_index.js").is_file()


@needs("mkdocs_print_site_plugin")
def test_print_site(tmp_path: Path) -> None:
    site = build(tmp_path, ["search", "journey-maps", "print-site"])
    assert_journey_pages(site)
    printed = site.page("print_page/")
    assert "Switching insurer" in printed
    # The journey page's body, though the plugin lets go of its HTML once it is written:
    # print-site keeps its own copy from on_page_content.
    assert "Compares two quotes" in printed


@needs("mkdocs_exclude_search")
def test_exclude_search(tmp_path: Path) -> None:
    site = build(
        tmp_path,
        [
            "search",
            "journey-maps",
            {"exclude-search": {"exclude": ["journeys/ana/switching/buy.md"]}},
        ],
    )
    assert_journey_pages(site)
    locations = {entry["location"].split("#")[0] for entry in site.search_index()}
    assert STAGE_URLS[-1] not in locations
    assert STAGE_URLS[0] in locations


@needs("mkdocs_gen_files")
def test_gen_files(tmp_path: Path) -> None:
    script = (
        "import mkdocs_gen_files\n"
        "with mkdocs_gen_files.open('generated.md', 'w') as f:\n"
        "    f.write('# Generated by a script\\n')\n"
        "with mkdocs_gen_files.open('journeys/ana/index.md', 'w') as f:\n"
        "    f.write('# Ana, written by a script\\n')\n"
    )
    project = make_project(
        tmp_path,
        journeys=JOURNEYS,
        config={"plugins": ["search", {"gen-files": {"scripts": ["gen.py"]}}, "journey-maps"]},
    )
    (project / "gen.py").write_text(script, encoding="utf-8")
    site = build_project(project, strict=True)
    assert_journey_pages(site)
    assert "Generated by a script" in site.page("generated/")
    # A page the script writes wins over the generated page at the same path.
    assert "Ana, written by a script" in site.page(PERSONA_URL)


PINNED_DAY = __import__("datetime").date(2026, 11, 15)
