"""```journey-maps blocks in hand-written pages: one extension, with the plugin or on any host.

Core tests run Python-Markdown alone on the small fixture; then real builds: with the
plugin (which registers the extension itself), with MkDocs and the extension but no
plugin, and with Zensical. The old block name, ```journey-map, still works and says it
is deprecated, once per page.
"""

from __future__ import annotations

import logging
import re
import shutil
import sys
from typing import TYPE_CHECKING

import html_tools
import markdown
import pytest
from conftest import FIXTURES, build_project, make_project, page_context

from journey_maps.site import markdown_extension
from journey_maps.site.embeds import EMBED_KINDS, grammar
from journey_maps.site.markdown_extension import FolderSource, JourneyMapExtension
from journey_maps.source.handbook import load_handbook
from journey_maps.source.model import EMOTION_LABELS

if TYPE_CHECKING:
    from pathlib import Path

SMALL = FIXTURES / "small" / "journeys"
JOURNEY = "first-time-buyer/buying-a-policy"
LOGGER = markdown_extension.log.name


def block(*lines: str, name: str = "journey-maps") -> str:
    return f"```{name}\n" + "\n".join(lines) + "\n```\n"


def old_block(*lines: str) -> str:
    return block(*lines, name="journey-map")


def convert(text: str, *extensions: object, **options: object) -> str:
    options.setdefault("journeys_dir", str(SMALL))
    return markdown.markdown(text, extensions=[*extensions, JourneyMapExtension(**options)])


def hrefs(html: str) -> list[str]:
    return re.findall(r'href="([^"#][^"]*)"', html)


def deprecations(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if "are deprecated" in r.getMessage()]


# --- the grammar ------------------------------------------------------------------------------


def test_every_kind_is_in_the_grammar() -> None:
    """Error messages and the reference list the kinds from the one registry."""
    assert list(EMBED_KINDS) == [
        "grid",
        "stage",
        "summary",
        "diagram",
        "touchpoint",
        "register",
        "customers",
        "field-reference",
    ]
    lines = grammar().splitlines()
    assert len(lines) == len(EMBED_KINDS)
    assert lines[0].startswith("grid <persona-id>/<journey-id>")
    assert "the journey's stage-by-stage map" in lines[0]


# --- what a block shows -----------------------------------------------------------------------


def test_grid_block_is_the_stage_grid_with_curve_and_cards() -> None:
    html = convert("# Buying\n\nBefore.\n\n" + block(f"grid {JOURNEY}") + "\nAfter.\n")
    assert '<div class="jm-embed">' in html
    assert 'class="jm-grid jm-grid--current-state"' in html
    assert 'class="jm-curve"' in html  # the emotion curve
    assert "jm-card jm-card--pain jm-severity--high" in html  # pain point card
    assert "jm-card jm-card--opportunity jm-status--planned" in html
    assert "<p>Before.</p>" in html
    assert "<p>After.</p>" in html
    assert "```" not in html


def test_a_path_alone_is_short_for_its_grid_or_stage() -> None:
    assert convert(block(JOURNEY)) == convert(block(f"grid {JOURNEY}"))
    assert convert(block(f"{JOURNEY}/decision")) == convert(block(f"stage {JOURNEY}/decision"))


def test_the_grid_is_the_plugins_grid_with_links_from_the_site_root() -> None:
    """Same code as the journey page: the text is identical, only the links differ."""
    handbook = load_handbook(SMALL, SMALL.parent)
    persona = handbook.personas[0]
    journey = handbook.journey(persona, "buying-a-policy")
    assert journey is not None
    context = page_context(handbook)
    page = "journeys/first-time-buyer/buying-a-policy/index.md"
    plugin_grid = str(context.grid(page, persona, journey))
    embedded = convert(block(f"grid {JOURNEY}"))
    assert html_tools.text(embedded) == html_tools.text(plugin_grid)
    relative = hrefs(plugin_grid)
    rooted = hrefs(embedded)
    assert len(relative) == len(rooted) > 5
    assert "decision/#jargon-heavy-quotes" in relative
    assert "/journeys/first-time-buyer/buying-a-policy/decision/#jargon-heavy-quotes" in rooted
    assert "/journeys/touchpoints/#pricing-page" in rooted


def test_base_url_prefix_and_flat_urls() -> None:
    html = convert(
        block(f"grid {JOURNEY}"),
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
    html = convert(block(f"stage {JOURNEY}/decision"))
    assert '--jm-stages: 1"' in html
    assert ">Decision</a>" in html
    assert ">Awareness</a>" not in html
    assert "Quotes are full of jargon" in html


def test_summary_and_diagram() -> None:
    summary = convert(block(f"summary {JOURNEY}"))
    assert '<div class="jm-embed">' in summary
    assert "jm-grid" not in summary
    diagram = convert(block(f"diagram {JOURNEY}"))
    (source,) = html_tools.diagram_sources(diagram)
    assert "\njourney\n" in source
    assert "section Retention" in source
    assert "Calls to ask about excess: 3: Maya Chen" in source
    # What a reader sees until it is drawn: the same lines, without the configuration.
    assert '<pre class="jm-diagram__source" data-jm-mermaid="' in diagram
    assert ">journey\n  section" in diagram


def test_touchpoint_block_lists_every_stage_through_it() -> None:
    html = convert(block("touchpoint pricing-page"))
    assert html.count("<tr><td>") == 2  # the current and the future-state map
    assert 'href="/journeys/first-time-buyer/buying-a-policy/decision/"' in html
    assert 'href="/journeys/touchpoints/#pricing-page"' in html
    assert "Quotes are full of jargon" in html
    assert f"2/5 {EMOTION_LABELS[2]}" in html_tools.text(html)


def test_register_blocks() -> None:
    pains = convert(block("register pain-points"), ticket_url="https://tracker.example/{ticket}")
    assert 'class="jm-register"' in pains
    assert "Quotes are full of jargon" in pains
    assert 'href="https://tracker.example/CX-101"' in pains
    opportunities = convert(block("register opportunities"))
    assert "Plain-language quote summary" in opportunities
    assert (
        'href="/journeys/first-time-buyer/buying-a-policy/decision/#plain-language-quote"'
        in opportunities
    )


def test_field_reference_block() -> None:
    html = convert(block("field-reference"), "attr_list")
    assert 'id="field-persona-file"' in html


def test_entry_point_name_and_dotted_path() -> None:
    for name in ("journey_maps", "journey_maps.site.markdown_extension"):
        html = markdown.markdown(
            block(JOURNEY),
            extensions=[name],
            extension_configs={name: {"journeys_dir": str(SMALL)}},
        )
        assert "jm-grid" in html, name


def test_blocks_inside_other_fences_are_left_as_code() -> None:
    text = "````markdown\n" + block("grid nobody/nothing") + old_block("nobody/nothing") + "````\n"
    html = convert(text, "fenced_code")
    assert "journey-maps" in html
    assert "jm-embed" not in html
    assert "not shown" not in html


def test_pages_without_a_block_never_read_the_folder(tmp_path: Path) -> None:
    html = convert("# Plain\n\n```python\nx = 1\n```\n", journeys_dir=str(tmp_path / "missing"))
    assert "not shown" not in html


# --- errors: a visible box and a warning, never a traceback ------------------------------------


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("grid first-time-buyer/nope", "persona 'first-time-buyer' has no journey 'nope'"),
        ("grid nobody/buying-a-policy", "no persona 'nobody'"),
        (f"stage {JOURNEY}/nope", "has no stage 'nope'"),
        (f"{JOURNEY}/nope", "has no stage 'nope'"),
        (f"grid {JOURNEY} sideways", "write the block as `grid <persona-id>/<journey-id>`"),
        (f"stage {JOURNEY}", "write the path as <persona-id>/<journey-id>/<stage-id>"),
        ("summary", "write the block as `summary <persona-id>/<journey-id>`"),
        ("touchpoint nope", "no touchpoint 'nope'"),
        ("register everything", "write 'register pain-points' or 'register opportunities'"),
        ("field-reference please", "nothing may follow field-reference"),
        ("", "empty journey-maps block"),
        ("just-a-word", "is not one of"),
    ],
)
def test_a_bad_block_shows_an_error_and_logs_it(
    words: str, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        html = convert("Before.\n\n" + block(words) + "\nAfter.\n")
    assert 'class="admonition failure jm-embed-error"' in html
    assert message in html_tools.text(html)
    assert "<p>Before.</p>" in html
    assert "<p>After.</p>" in html
    assert any(message in record.getMessage() for record in caplog.records)


def test_an_unknown_kind_lists_every_kind(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        html = html_tools.text(convert(block("grids", JOURNEY)))
    for kind in EMBED_KINDS.values():
        assert kind.usage in html


def test_problems_in_the_yaml_show_in_the_page(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    folder = tmp_path / "journeys"
    shutil.copytree(SMALL, folder)
    persona = folder / "first-time-buyer.yml"
    persona.write_text(persona.read_text().replace("emotion: 2", "emotion: 7"))
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        html = convert(block(JOURNEY), journeys_dir=str(folder))
    assert "Journey map not shown" in html
    assert "must be an integer from 1 to 5, got 7" in html_tools.text(html)
    assert "first-time-buyer.yml" in html_tools.text(html)
    assert sum("got 7" in record.getMessage() for record in caplog.records) == 1


def test_missing_folder(tmp_path: Path) -> None:
    html = convert(block(JOURNEY), journeys_dir=str(tmp_path / "nowhere"))
    assert "no journeys folder at" in html_tools.text(html)


def test_options_are_checked_as_the_plugin_checks_them(caplog: pytest.LogCaptureFixture) -> None:
    """A bad option is a box in every block and a warning, with the plugin's words."""
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        html = convert(block(JOURNEY), ticket_url="http://tracker.example/{ticket}", prefix="A B")
    shown = html_tools.text(html)
    assert "option 'ticket_url': must be an https:// URL containing {ticket}" in shown
    assert "option 'prefix': must be a site path of lowercase words and hyphens" in shown
    assert "jm-grid" not in html
    assert any("option 'ticket_url'" in record.getMessage() for record in caplog.records)


# --- the old name: works, with a deprecation warning once per page ----------------------------


def test_the_old_block_name_still_works_in_its_own_word_order(
    caplog: pytest.LogCaptureFixture,
) -> None:
    page = old_block(f"{JOURNEY} summary") + "\n" + old_block(JOURNEY) + "\n"
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        html = convert(page)
    assert html == convert(block(f"summary {JOURNEY}") + "\n" + block(f"grid {JOURNEY}") + "\n")
    (warning,) = deprecations(caplog)  # one per page, however many old blocks it has
    assert "```journey-map blocks are deprecated and stop working in 0.3.0" in warning
    assert "write ```journey-maps instead (2 on this page" in warning
    assert f"```journey-maps\nsummary {JOURNEY}\n```" in warning


def test_a_page_with_new_blocks_only_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        convert(block(f"grid {JOURNEY}") + "\n" + block(f"summary {JOURNEY}"))
    assert not caplog.records


# --- loaded once per content --------------------------------------------------------------------


def test_handbook_loaded_once_and_again_after_a_change(tmp_path: Path) -> None:
    folder = tmp_path / "journeys"
    shutil.copytree(SMALL, folder)
    source = FolderSource(JourneyMapExtension(journeys_dir=str(folder)).settings())
    first = source.embedding().context
    # A new Markdown instance (MkDocs makes one per page) finds the same context.
    assert FolderSource(source.settings).embedding().context is first
    persona = folder / "first-time-buyer.yml"
    persona.write_text(persona.read_text().replace("Quotes are full of jargon", "Jargon"))
    second = source.embedding().context
    assert second is not first
    assert "Jargon" in convert(block(JOURNEY), journeys_dir=str(folder))


# --- with the plugin: the same extension, registered by the plugin ----------------------------


def test_the_plugin_shows_both_names_with_links_relative_to_the_page(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """One code path: the plugin's blocks are the extension's, relative to their page; the
    old name warns once per page, naming the page, so `mkdocs build --strict` fails on it."""
    project = make_project(
        tmp_path,
        from_fixture="small",
        docs={
            "guide/embed.md": "# Embedded\n\n"
            + block(f"grid {JOURNEY}")
            + "\n"
            + old_block(f"{JOURNEY} diagram")
            + "\n"
            + old_block("touchpoint pricing-page"),
        },
    )
    with caplog.at_level(logging.WARNING):
        site = build_project(project)
    html = html_tools.article(site.page("guide/embed/"))
    assert "../../journeys/first-time-buyer/buying-a-policy/decision/#jargon-heavy-quotes" in html
    assert "section Retention" in html_tools.diagram_sources(html)[0]
    assert 'href="../../journeys/touchpoints/#pricing-page"' in html
    (warning,) = deprecations(caplog)
    assert warning.startswith("guide/embed.md: ```journey-map blocks are deprecated")
    assert "(2 on this page" in warning
    (record,) = [r for r in caplog.records if "are deprecated" in r.getMessage()]
    assert record.levelno == logging.WARNING
    assert record.name.startswith("mkdocs.")


def test_the_plugin_takes_over_a_listed_extension(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A site that lists the extension for another host keeps one code path with the plugin."""
    project = make_project(
        tmp_path,
        from_fixture="small",
        docs={"embed.md": "# Embedded\n\n" + block(f"grid {JOURNEY}")},
        config={
            "plugins": ["search", "journey-maps"],
            "markdown_extensions": [{"journey_maps": {"base_url": "/elsewhere/"}}],
        },
    )
    with caplog.at_level(logging.INFO):
        site = build_project(project, strict=True)
    html = site.page("embed/")
    assert 'href="../journeys/first-time-buyer/buying-a-policy/decision/' in html
    assert "/elsewhere/" not in html
    assert "The plugin shows journey-maps blocks itself; ignoring 'journey_maps'" in caplog.text


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
        {"index.md": PAGE, "guide/buying.md": "# Buying\n\n" + block(f"diagram {JOURNEY}")},
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
    assert "section Retention" in html_tools.diagram_sources(guide)[0]


def test_a_bad_block_is_a_warning_mkdocs_counts(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Logged under "mkdocs.", so `--strict` counts a block the extension cannot show."""
    project = project_without_the_plugin(tmp_path, {"index.md": PAGE + block("grid nobody/x")})
    with caplog.at_level(logging.WARNING):
        site = build_project(project)
    assert "no persona &#39;nobody&#39;" in site.page("")
    (record,) = [r for r in caplog.records if "no persona 'nobody'" in r.getMessage()]
    assert record.levelno == logging.WARNING
    assert record.name.startswith("mkdocs.")


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
    from host_environments import ZENSICAL, host_python, run, zensical_version

    project = tmp_path / "project"
    shutil.copytree(SMALL, project / "journeys")
    (project / "docs").mkdir()
    page = PAGE + "\n" + block("grid nobody/nothing") + "\n" + old_block(f"{JOURNEY} summary")
    (project / "docs" / "index.md").write_text(page)
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
    assert "Journey map not shown" in home
    assert "no persona &#39;nobody&#39;" in home
    assert 'class="jm-summary' in home  # the old block, still shown
    log = result.stdout + result.stderr
    assert "no persona 'nobody'" in log
    assert "```journey-map blocks are deprecated" in log
