"""site/paths.py: page URLs as MkDocs gives them, relative links, output files, ticket links.

MkDocs itself is the reference for `page_url` and `output_file` (`File.url`, `File.dest_uri`)
and for relative URLs (`mkdocs.utils.get_relative_url`); `link` follows `posixpath.relpath`.
No site is built.
"""

from __future__ import annotations

import posixpath

import pytest
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url

from journey_maps.site.paths import SitePaths
from journey_maps.views.tickets import ticket_href

SRC_URIS = [
    "journeys/index.md",
    "journeys/first-time-buyer/index.md",
    "journeys/first-time-buyer/buying-a-policy/index.md",
    "journeys/first-time-buyer/buying-a-policy/decision.md",
    "journeys/p/j/s.md",
    "journeys/p/j/index-card.md",
    "journeys/teams/index.md",
    "journeys/teams/growth.md",
    "journeys/touchpoints/index.md",
    "journeys/README.md",
    "cx/maps/p/j/s.md",
    "about.md",
    "a.b.md",
    "journeys/v1.2/notes.md",
    "journeys/p/j/release-1.0.md",
    "deep/a/b/c/d/e.md",
    "README.md",
    "index.md",
]
"""Source paths the plugin generates, and hand-written ones next to them."""

ROOT_URIS = ("index.md", "README.md")

KNOWN_DIFFERENCES = {
    ("index.md", True): "the site root is '' here and './' in MkDocs",
    ("README.md", True): "the site root is '' here and './' in MkDocs",
    ("README.md", False): "MkDocs publishes README.md as index.html; page_url says README.html",
    (
        "journeys/README.md",
        False,
    ): "MkDocs publishes README.md as index.html; page_url says README.html",
}
"""Where `page_url` differs from MkDocs today (never for a generated page: ids are
lowercase slugs and the prefix is never empty). Strict xfails: fixing one fails its test."""


def mkdocs_file(src_uri: str, directory_urls: bool) -> File:
    return File(
        src_uri, src_dir="/tmp/docs", dest_dir="/tmp/site", use_directory_urls=directory_urls
    )


def cases(*, readme_output: bool = False) -> list[object]:
    params: list[object] = []
    for directory_urls in (True, False):
        for src_uri in SRC_URIS:
            reason = KNOWN_DIFFERENCES.get((src_uri, directory_urls))
            if readme_output and reason and "root" in reason:
                reason = None  # output_file() of the root is index.html, as in MkDocs
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(
                pytest.param(
                    src_uri,
                    directory_urls,
                    marks=marks,
                    id=f"{src_uri}-{'dir' if directory_urls else 'html'}",
                )
            )
    return params


@pytest.mark.parametrize(("src_uri", "directory_urls"), cases())
def test_page_url_is_mkdocs_file_url(src_uri: str, directory_urls: bool) -> None:
    paths = SitePaths(directory_urls=directory_urls)
    assert paths.page_url(src_uri) == mkdocs_file(src_uri, directory_urls).url


@pytest.mark.parametrize(("src_uri", "directory_urls"), cases(readme_output=True))
def test_output_file_is_mkdocs_dest_uri(src_uri: str, directory_urls: bool) -> None:
    paths = SitePaths(directory_urls=directory_urls)
    assert paths.output_file(src_uri) == mkdocs_file(src_uri, directory_urls).dest_uri


def test_generated_page_paths_under_prefix() -> None:
    paths = SitePaths(prefix="cx/maps")
    assert paths.landing == "cx/maps/index.md"
    assert paths.persona("maya") == "cx/maps/maya/index.md"
    assert paths.journey("maya", "buying") == "cx/maps/maya/buying/index.md"
    assert paths.stage("maya", "buying", "decision") == "cx/maps/maya/buying/decision.md"
    assert paths.team("growth") == "cx/maps/teams/growth.md"
    assert paths.export("journeys.json") == "cx/maps/journeys.json"
    assert paths.schema("persona") == "cx/maps/schema/persona.json"
    assert (
        paths.page_url(paths.stage("maya", "buying", "decision")) == "cx/maps/maya/buying/decision/"
    )
    assert SitePaths(prefix="cx/maps", directory_urls=False).page_url(paths.landing) == (
        "cx/maps/index.html"
    )


PAGE_PAIRS = [
    (source, target)
    for source in SRC_URIS
    for target in SRC_URIS
    if source not in ROOT_URIS and target not in ROOT_URIS
]


@pytest.mark.parametrize("directory_urls", [True, False], ids=["dir", "html"])
def test_url_is_mkdocs_relative_url(directory_urls: bool) -> None:
    """`url(source, target)` is where a browser on `source` finds `target`, as MkDocs links it."""
    paths = SitePaths(directory_urls=directory_urls)
    for source, target in PAGE_PAIRS:
        if (source, directory_urls) in KNOWN_DIFFERENCES or (target, directory_urls) in (
            KNOWN_DIFFERENCES
        ):
            continue
        source_url = mkdocs_file(source, directory_urls).url
        target_url = mkdocs_file(target, directory_urls).url
        expected = get_relative_url(target_url, source_url)
        assert paths.url(source, target) == expected, (source, target)
        assert paths.url(source, target, "pain-1") == expected + "#pain-1"


@pytest.mark.parametrize("directory_urls", [True, False], ids=["dir", "html"])
def test_url_follows_relpath(directory_urls: bool) -> None:
    """The same, computed with `posixpath.relpath` on the published URLs."""
    paths = SitePaths(directory_urls=directory_urls)
    for source, target in PAGE_PAIRS:
        source_url, target_url = paths.page_url(source), paths.page_url(target)
        start = (
            source_url.rstrip("/") if source_url.endswith("/") else posixpath.dirname(source_url)
        )
        expected = posixpath.relpath(target_url.rstrip("/"), start or ".")
        if target_url.endswith("/"):
            expected += "/"
        assert paths.url(source, target) == expected, (source, target)


@pytest.mark.xfail(
    strict=True,
    reason="url() to the site root has no trailing slash ('..' where MkDocs writes '../'); "
    "unreachable for generated pages, whose prefix is never empty",
)
def test_url_to_site_root() -> None:
    assert SitePaths().url("journeys/index.md", "index.md") == "../"


def test_url_examples() -> None:
    paths = SitePaths()
    stage = "journeys/first-time-buyer/buying-a-policy/decision.md"
    assert paths.url(stage, "journeys/touchpoints/index.md", "pricing-page") == (
        "../../../touchpoints/#pricing-page"
    )
    assert paths.url("journeys/first-time-buyer/buying-a-policy/index.md", stage) == "decision/"
    assert paths.url(stage, stage) == "./"
    html = SitePaths(directory_urls=False)
    assert html.url("journeys/first-time-buyer/buying-a-policy/index.md", stage) == "decision.html"


@pytest.mark.parametrize("source", SRC_URIS)
def test_link_is_relpath_between_source_files(source: str) -> None:
    """Markdown links go from source file to source file; MkDocs rewrites them."""
    paths = SitePaths()
    for target in SRC_URIS:
        expected = posixpath.relpath(target, posixpath.dirname(source) or ".")
        assert paths.link(source, target) == expected, target
        assert paths.link(source, target, "x") == expected + "#x"


def test_link_examples() -> None:
    paths = SitePaths()
    assert paths.link("journeys/p/j/s.md", "journeys/p/j/t.md") == "t.md"
    assert paths.link("journeys/p/j/s.md", "journeys/p/j/index.md") == "index.md"
    assert (
        paths.link("journeys/p/j/index.md", "journeys/teams/growth.md") == "../../teams/growth.md"
    )
    assert paths.link("journeys/index.md", "journeys/index.md", "top") == "index.md#top"


TEMPLATE = "https://tracker.example.com/browse/{ticket}"


@pytest.mark.parametrize(
    ("ticket", "ticket_url", "expected"),
    [
        ("CX-101", TEMPLATE, "https://tracker.example.com/browse/CX-101"),
        ("CX-101", None, None),
        ("team/42", TEMPLATE, "https://tracker.example.com/browse/team%2F42"),
        ("#42", TEMPLATE, "https://tracker.example.com/browse/%2342"),
        ("a b&c?d=e", TEMPLATE, "https://tracker.example.com/browse/a%20b%26c%3Fd%3De"),
        ("é", TEMPLATE, "https://tracker.example.com/browse/%C3%A9"),
        (
            "X-1",
            "https://t.example.com/{ticket}?again={ticket}",
            "https://t.example.com/X-1?again=X-1",
        ),
        (
            "https://other.example.com/browse/OPS-7",
            TEMPLATE,
            "https://other.example.com/browse/OPS-7",
        ),
        ("https://other.example.com/browse/OPS-7", None, "https://other.example.com/browse/OPS-7"),
    ],
)
def test_ticket_href(ticket: str, ticket_url: str | None, expected: str | None) -> None:
    assert ticket_href(ticket, ticket_url) == expected
