"""The Python-Markdown extension: ```journey-map blocks in hand-written pages, on any host.

Core tests run Python-Markdown alone on the small fixture; then a real `mkdocs build` of a
site without the plugin, and a Zensical build, that list the extension in
`markdown_extensions`.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import shutil
import sys
from pathlib import Path

import html_tools
import markdown
import pytest
from conftest import FIXTURES, build_project, make_project
from mkdocs.exceptions import Abort

from journey_maps.site import markdown_extension
from journey_maps.site.context import PageContext, RenderOptions
from journey_maps.site.markdown_extension import JourneyMapExtension
from journey_maps.site.paths import SitePaths
from journey_maps.site.templating import make_environment
from journey_maps.source.handbook import load_handbook

SMALL = FIXTURES / "small" / "journeys"
JOURNEY = "first-time-buyer/buying-a-policy"


def block(*lines: str) -> str:
    return "```journey-map\n" + "\n".join(lines) + "\n```\n"


def convert(text: str, *extensions: object, **options: object) -> str:
    options.setdefault("journeys_dir", str(SMALL))
    return markdown.markdown(text, extensions=[*extensions, JourneyMapExtension(**options)])


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"#][^"]*)"', html)


# --- what a block shows -----------------------------------------------------------------------


def test_journey_block_is_the_stage_grid_with_curve_and_cards() -> None:
    html = convert("# Buying\n\nBefore.\n\n" + block(JOURNEY) + "\nAfter.\n")
    assert '<div class="jm-embed">' in html
    assert 'class="jm-grid jm-grid--current-state"' in html
    assert 'class="jm-curve"' in html  # the emotion curve
    assert "jm-card jm-card--pain jm-severity--high" in html  # pain point card
    assert "jm-card jm-card--opportunity jm-status--planned" in html
    assert "<p>Before.</p>" in html and "<p>After.</p>" in html
    assert "```" not in html


def test_the_grid_is_the_plugins_grid_with_links_from_the_site_root() -> None:
    """Same code as the journey page: the text is identical, only the links differ."""
    handbook = load_handbook(SMALL, SMALL.parent)
    persona = handbook.personas[0]
    journey = handbook.journey(persona, "buying-a-policy")
    assert journey is not None
    options = RenderOptions(today=dt.date(2026, 11, 15))
    context = PageContext(handbook, SitePaths(), options, make_environment())
    page = "journeys/first-time-buyer/buying-a-policy/index.md"
    plugin_grid = str(context.grid(page, persona, journey))
    embedded = convert(block(JOURNEY))
    assert html_tools.text(embedded) == html_tools.text(plugin_grid)
    relative = hrefs(plugin_grid)
    rooted = hrefs(embedded)
    assert len(relative) == len(rooted) > 5
    assert "decision/#jargon-heavy-quotes" in relative
    assert "/journeys/first-time-buyer/buying-a-policy/decision/#jargon-heavy-quotes" in rooted
    assert "/journeys/touchpoints/#pricing-page" in rooted


def test_base_url_prefix_and_flat_urls() -> None:
    html = convert(
        block(JOURNEY),
        base_url="https://example.com/handbook",
        prefix="cx/maps",
        use_directory_urls=False,
    )
    links = hrefs(html)
    assert (
        "https://example.com/handbook/cx/maps/first-time-buyer/buying-a-policy/decision.html"
        in links
    )
    assert all(link.startswith("https://example.com/handbook/cx/maps/") for link in links)


def test_stage_block_is_one_column_of_the_grid() -> None:
    html = convert(block(f"{JOURNEY}/decision"))
    assert '--jm-stages: 1"' in html
    assert ">Decision</a>" in html and ">Awareness</a>" not in html
    assert "Quotes are full of jargon" in html


def test_summary_and_diagram() -> None:
    summary = convert(block(f"{JOURNEY} summary"))
    assert '<div class="jm-embed">' in summary and "jm-grid" not in summary
    diagram = convert(block(f"{JOURNEY} diagram"), "fenced_code")
    assert '<code class="language-mermaid">' in diagram and "\njourney\n" in diagram
    assert "section Retention" in diagram and "Calls to ask about excess: 3: Maya Chen" in diagram


def test_touchpoint_block_lists_every_stage_through_it() -> None:
    html = convert(block("touchpoint pricing-page"))
    assert html.count("<tr><td>") == 2  # the current and the future-state map
    assert 'href="/journeys/first-time-buyer/buying-a-policy/decision/"' in html
    assert 'href="/journeys/touchpoints/#pricing-page"' in html
    assert "Quotes are full of jargon" in html


def test_register_blocks() -> None:
    pains = convert(block("register pain-points"), ticket_url="https://tracker.example/{ticket}")
    assert 'class="jm-register"' in pains and "Quotes are full of jargon" in pains
    assert 'href="https://tracker.example/CX-101"' in pains
    opportunities = convert(block("register opportunities"))
    assert "Plain-language quote summary" in opportunities
    assert (
        'href="/journeys/first-time-buyer/buying-a-policy/decision/#plain-language-quote"'
        in opportunities
    )


def test_entry_point_name_and_dotted_path() -> None:
    for name in ("journey_maps", "journey_maps.site.markdown_extension"):
        html = markdown.markdown(
            block(JOURNEY),
            extensions=[name],
            extension_configs={name: {"journeys_dir": str(SMALL)}},
        )
        assert "jm-grid" in html, name


def test_blocks_inside_other_fences_are_left_as_code() -> None:
    text = "````markdown\n" + block("nobody/nothing") + "````\n"
    html = convert(text, "fenced_code")
    assert "journey-map" in html and "jm-embed" not in html and "not shown" not in html


def test_pages_without_a_block_never_read_the_folder(tmp_path: Path) -> None:
    html = convert("# Plain\n\n```python\nx = 1\n```\n", journeys_dir=str(tmp_path / "missing"))
    assert "not shown" not in html


# --- errors: a visible box and a warning, never a traceback ------------------------------------


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("first-time-buyer/nope", "persona 'first-time-buyer' has no journey 'nope'"),
        ("nobody/buying-a-policy", "no persona 'nobody'"),
        (f"{JOURNEY}/nope", "has no stage 'nope'"),
        (f"{JOURNEY} sideways", "write nothing, 'summary' or 'diagram'"),
        ("touchpoint nope", "no touchpoint 'nope'"),
        ("register everything", "register pain-points"),
        ("", "empty journey-map block"),
        ("just-a-word", "is not one of"),
    ],
)
def test_a_bad_block_shows_an_error_and_logs_it(
    words: str, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger=markdown_extension.log.name):
        html = convert("Before.\n\n" + block(words) + "\nAfter.\n")
    assert 'class="admonition failure jm-embed-error"' in html
    assert message in html_tools.text(html)
    assert "<p>Before.</p>" in html and "<p>After.</p>" in html
    assert any(message in record.getMessage() for record in caplog.records)


def test_problems_in_the_yaml_show_in_the_page(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "journeys"
    shutil.copytree(SMALL, folder)
    persona = folder / "first-time-buyer.yml"
    persona.write_text(persona.read_text().replace("emotion: 2", "emotion: 7"))
    with caplog.at_level(logging.WARNING, logger=markdown_extension.log.name):
        html = convert(block(JOURNEY), journeys_dir=str(folder))
    assert "Journey map not shown" in html
    assert "must be an integer from 1 to 5, got 7" in html_tools.text(html)
    assert "first-time-buyer.yml" in html_tools.text(html)
    assert any("got 7" in record.getMessage() for record in caplog.records)


def test_missing_folder(tmp_path: Path) -> None:
    html = convert(block(JOURNEY), journeys_dir=str(tmp_path / "nowhere"))
    assert "no journeys folder at" in html_tools.text(html)


# --- loaded once per content --------------------------------------------------------------------


def test_handbook_loaded_once_and_again_after_a_change(tmp_path: Path) -> None:
    folder = tmp_path / "journeys"
    shutil.copytree(SMALL, folder)
    settings = JourneyMapExtension(journeys_dir=str(folder)).settings()
    first = markdown_extension._context(settings)
    # A new Markdown instance (MkDocs makes one per page) finds the same context.
    assert markdown_extension._context(settings) is first
    persona = folder / "first-time-buyer.yml"
    persona.write_text(persona.read_text().replace("Quotes are full of jargon", "Jargon"))
    second = markdown_extension._context(settings)
    assert second is not first
    assert "Jargon" in convert(block(JOURNEY), journeys_dir=str(folder))


# --- real hosts, without the plugin -----------------------------------------------------------

PAGE = (
    "# Home\n\nOur buyer's journey:\n\n"
    + block(JOURNEY)
    + "\nAnd where the pricing page hurts:\n\n"
    + block("touchpoint pricing-page")
)


def project_without_the_plugin(tmp_path: Path, docs: dict[str, str]) -> Path:
    """A site that lists the extension (and superfences' mermaid fence) but not the plugin."""
    project = make_project(
        tmp_path,
        journeys={p.name: p.read_text() for p in SMALL.iterdir()},
        docs=docs,
        config={
            "plugins": ["search"],
            "markdown_extensions": [
                "attr_list",
                # In-process builds run in the repository: the folder is given absolute (a
                # real site writes `journeys_dir: journeys` or `!relative $config_dir/...`).
                {"journey_maps": {"journeys_dir": str(tmp_path / "project" / "journeys")}},
                {
                    "pymdownx.superfences": {
                        "custom_fences": [
                            {
                                "name": "mermaid",
                                "class": "mermaid",
                                "format": "!!python/name:pymdownx.superfences.fence_code_format",
                            }
                        ]
                    }
                },
            ],
        },
    )
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text().replace(
            "format: '!!python/name:pymdownx.superfences.fence_code_format'",
            "format: !!python/name:pymdownx.superfences.fence_code_format",
        )
    )
    return project


def test_mkdocs_build_without_the_plugin(tmp_path: Path) -> None:
    project = project_without_the_plugin(
        tmp_path,
        {"index.md": PAGE, "guide/buying.md": "# Buying\n\n" + block(f"{JOURNEY} diagram")},
    )
    site = build_project(project, strict=True)
    home = html_tools.article(site.page(""))
    assert 'class="jm-grid jm-grid--current-state"' in home
    assert 'class="jm-curve"' in home
    links = html_tools.parse(home).links
    targets = {href for _, href in links}
    assert "/journeys/first-time-buyer/buying-a-policy/decision/#jargon-heavy-quotes" in targets
    assert "/journeys/touchpoints/#pricing-page" in targets
    assert "Journey map not shown" not in home
    assert not (site.site_dir / "journeys").exists()  # no plugin: no generated pages
    guide = site.page("guide/buying/")
    assert '<pre class="mermaid"><code>' in guide and "section Retention" in guide


def test_a_bad_block_fails_mkdocs_build_strict(tmp_path: Path) -> None:
    """The extension logs under "mkdocs.", so --strict counts a block it cannot show."""
    project = project_without_the_plugin(tmp_path, {"index.md": PAGE + block("nobody/nothing")})
    with pytest.raises(Abort, match="1 warnings"):
        build_project(project, strict=True)
    site = build_project(project, strict=False)
    assert "no persona &#39;nobody&#39;" in site.page("")


ZENSICAL_CONFIGS = {
    "mkdocs.yml": (
        "site_name: Zensical with journey maps\n"
        "theme:\n  name: material\n"
        "markdown_extensions:\n"
        "  - attr_list\n"
        "  - journey_maps:\n      base_url: /handbook/\n"
        "  - pymdownx.superfences\n"
    ),
    # Zensical's own format, as docs/guide/hosting.md shows it.
    "zensical.toml": (
        '[project]\nsite_name = "Zensical with journey maps"\n\n'
        "[project.markdown_extensions.attr_list]\n\n"
        '[project.markdown_extensions.journey_maps]\nbase_url = "/handbook/"\n\n'
        "[project.markdown_extensions.pymdownx.superfences]\n"
    ),
}


@pytest.mark.parametrize("config", list(ZENSICAL_CONFIGS))
def test_zensical_build(tmp_path: Path, config: str) -> None:
    if sys.version_info < (3, 11):
        pytest.skip("Zensical needs Python 3.11 or newer")
    from test_hosts import ZENSICAL, host_python, run, zensical_version

    project = tmp_path / "project"
    shutil.copytree(SMALL, project / "journeys")
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text(PAGE + "\n" + block("nobody/nothing"))
    (project / config).write_text(ZENSICAL_CONFIGS[config])
    result = run([str(host_python(ZENSICAL)), "-m", "zensical", "build"], project)
    assert result.returncode == 0, f"{zensical_version()}:\n{result.stdout}\n{result.stderr}"
    home = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert 'class="jm-grid jm-grid--current-state"' in home, zensical_version()
    targets = {href for _, href in html_tools.parse(home).links}
    assert (
        "/handbook/journeys/first-time-buyer/buying-a-policy/decision/#jargon-heavy-quotes"
        in targets
    )
    assert "/handbook/journeys/touchpoints/#pricing-page" in targets
    assert "Journey map not shown" in home and "no persona &#39;nobody&#39;" in home
    assert "no persona 'nobody'" in result.stdout + result.stderr
