"""The plugin's options: one model (`site/options.py`) for the build, the command line and the
Markdown extension; each default and check written once, `custom_templates` included."""

from __future__ import annotations

import datetime as dt
import logging
from typing import TYPE_CHECKING

import html_tools
import pytest
from conftest import build_project, journey_maps_cli, make_project
from mkdocs.exceptions import Abort

from journey_maps.config import JourneyMapsConfig
from journey_maps.site.options import (
    OptionsError,
    PluginOptions,
    RenderOptions,
    locate,
    option_names,
)

if TYPE_CHECKING:
    from pathlib import Path

TODAY = dt.date(2026, 11, 15)
STAGE = "journeys/first-time-buyer/buying-a-policy/decision/"


def test_mkdocs_reads_exactly_the_models_options_with_its_defaults(tmp_path: Path) -> None:
    config = JourneyMapsConfig()
    assert [name for name, _ in config._schema] == list(option_names())
    assert config.validate() == ([], [])
    assert config.options() == PluginOptions()


def test_render_options_default_to_the_plugins() -> None:
    assert RenderOptions(today=TODAY) == PluginOptions().render_options(TODAY)
    assert PluginOptions().review_every_days == 180


@pytest.mark.parametrize(
    ("name", "value", "reason"),
    [
        ("ticket_url", "http://t.example/{ticket}", "must be an https:// URL containing {ticket}"),
        ("ticket_url", "https://t.example/", "must be an https:// URL containing {ticket}"),
        ("prefix", "Journeys Here", "must be a site path of lowercase words and hyphens"),
        ("prefix", "../up", "must be a site path"),
        ("review_every_days", 0, "must be a whole number of days from 1 to 3,660; got 0"),
        ("review_every_days", "180", "must be a whole number of days"),
        ("stale_evidence_days", True, "must be a whole number of days from 1 or more; got True"),
        ("navigation", "pages", "must be one of stages, journeys, personas, landing"),
        ("emotion_margin", -1, "must be a number of points on the 1-5 scale, 0 or more"),
        ("max_file_size", 0, "must be a whole number of bytes from 1 or more"),
        ("history", "yes", "must be true or false; got 'yes'"),
        ("custom_templates", "", "must be a non-empty text"),
    ],
)
def test_a_bad_value_is_refused_with_the_same_words_everywhere(
    name: str, value: object, reason: str
) -> None:
    with pytest.raises(OptionsError) as model:
        PluginOptions.from_mapping({name: value})
    assert f"option '{name}': {reason}" in str(model.value)
    config = JourneyMapsConfig()
    config.load_dict({name: value})
    failed, _ = config.validate()
    assert [(key, str(error)) for key, error in failed] == [
        (name, str(model.value).removeprefix(f"option '{name}': "))
    ]


def test_every_problem_at_once_and_unknown_names_warned() -> None:
    config = JourneyMapsConfig()
    config.load_dict({"prefix": "A B", "ticket_url": "nope", "colour": "blue"})
    failed, warnings = config.validate()
    assert [key for key, _ in failed] == ["prefix", "ticket_url"]
    assert warnings == [("colour", "Unrecognised configuration name: colour")]
    with pytest.raises(OptionsError) as error:
        PluginOptions.from_mapping({"prefix": "A B", "ticket_url": "nope"})
    assert len(error.value.problems) == 2


def test_an_empty_value_takes_the_default() -> None:
    """As MkDocs does; the command line also reads a tag it cannot resolve (!ENV) as empty."""
    options = PluginOptions.from_mapping({"prefix": None, "enabled": None, "review_every_days": 7})
    assert options == PluginOptions(review_every_days=7)
    assert PluginOptions.from_mapping({"prefix": "/cx/maps/"}).prefix == "cx/maps"


def test_locate_checks_every_path_inside_the_project(tmp_path: Path) -> None:
    (tmp_path / "journeys").mkdir()
    (tmp_path / "outside.js").write_text("")
    project = tmp_path / "project"
    (project / "journeys").mkdir(parents=True)
    (project / "templates").mkdir()
    options = PluginOptions(
        dir="../journeys", mermaid_js="../outside.js", custom_templates="missing"
    )
    with pytest.raises(OptionsError) as error:
        locate(options, project)
    assert error.value.problems == [
        "'dir: ../journeys' points outside the project folder",
        f"'custom_templates: missing' does not exist ({project / 'missing'}); create it or "
        "point 'custom_templates:' at a folder of templates",
        "mermaid_js must be 'cdn', 'local' or a .js file in the project; '../outside.js' is not",
    ]
    found = locate(PluginOptions(custom_templates="templates", mermaid_js="local"), project)
    assert found.journeys == project / "journeys"
    assert found.custom_templates == project / "templates"
    assert found.mermaid_script is not None
    assert found.mermaid_script.name == "mermaid.min.js"


def test_validate_checks_the_options_it_reads_as_the_build_does(tmp_path: Path) -> None:
    project = make_project(
        tmp_path, from_fixture="small", plugin_options={"emotion_margin": "wide"}
    )
    result = journey_maps_cli(project, "validate")
    assert result.returncode == 2
    assert result.stderr == (
        "journey-maps: mkdocs.yml: option 'emotion_margin': must be a number of points on "
        "the 1-5 scale, 0 or more; got 'wide'\n"
    )


# --- custom_templates: the user's templates win, in a real build and in render ---------------

CUSTOM_STAGE = "# {{ stage.name | literal }}\n\nOur own stage page for {{ stage.id }}.\n"
CUSTOM_EMBED = '<div class="jm-embed our-embed">{{ html }}</div>\n'


def custom_project(tmp_path: Path) -> Path:
    project = make_project(
        tmp_path,
        from_fixture="small",
        docs={
            "embed.md": "# Embed\n\n```journey-maps\nsummary first-time-buyer/buying-a-policy\n```\n"
        },
        plugin_options={"custom_templates": "overrides"},
    )
    (project / "overrides" / "embeds").mkdir(parents=True)
    (project / "overrides" / "stage.md.j2").write_text(CUSTOM_STAGE, encoding="utf-8")
    (project / "overrides" / "embeds" / "block.html.j2").write_text(CUSTOM_EMBED, encoding="utf-8")
    return project


def test_custom_templates_replace_the_packages_in_a_build(tmp_path: Path) -> None:
    site = build_project(custom_project(tmp_path), strict=True)
    stage = html_tools.text(html_tools.article(site.page(STAGE)))
    assert "Our own stage page for decision." in stage
    assert "Quotes are full of jargon" not in stage  # the package's stage template is not used
    assert 'class="jm-grid' in site.page("journeys/first-time-buyer/buying-a-policy/")
    assert '<div class="jm-embed our-embed">' in site.page("embed/")


def test_a_missing_custom_templates_folder_stops_the_build(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = make_project(
        tmp_path, from_fixture="small", plugin_options={"custom_templates": "overrides"}
    )
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build_project(project)
    assert "journey-maps: 'custom_templates: overrides' does not exist" in caplog.text
