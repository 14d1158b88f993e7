"""`journey-maps render`: the manifest, files it must not touch, stale files, --check, --watch."""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from conftest import ROOT, make_project, mkdocs_build_cli, wait_for
from host_environments import render
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from journey_maps.cli.settings import plugin_is_on

if TYPE_CHECKING:
    from pathlib import Path

STAGE = "first-time-buyer/buying-a-policy/decision/index.md"
PERSONA_FILE = "journeys/first-time-buyer.yml"


def small(tmp_path: Path) -> Path:
    """The small handbook set up for render as the hosting guide says: the plugin off."""
    return make_project(tmp_path, from_fixture="small", plugin_options={"enabled": False})


def manifest(project: Path) -> dict[str, str]:
    data = json.loads((project / "docs/journeys/.journey-maps-manifest.json").read_text())
    files: dict[str, str] = data["files"]
    return files


def test_writes_every_page_and_file_with_a_manifest(tmp_path: Path) -> None:
    project = small(tmp_path)
    result = render(project)
    assert result.returncode == 0, result.stderr
    out = project / "docs" / "journeys"
    written = manifest(project)
    assert STAGE in written
    assert "index.md" in written
    for name in ("journeys.json", "pain-points.csv", "opportunities.csv", "schema/persona.json"):
        assert name in written
    assert "assets/journey-maps.css" in written
    assert ".nav.yml" in written
    assert sorted(written) == sorted(
        p.relative_to(out).as_posix()
        for p in out.rglob("*")
        if p.is_file() and p.name != ".journey-maps-manifest.json"
    )
    page = (out / STAGE).read_text(encoding="utf-8")
    assert page.startswith('---\ntitle: "Decision"\n')  # as the plugin hands it to MkDocs
    assert "extra_css: [journeys/assets/journey-maps.css]" in result.stderr
    assert "enabled: false" not in result.stderr  # the plugin is off already
    again = render(project)
    assert again.returncode == 0
    assert "0 written, 0 removed" in again.stdout


def test_refuses_the_options_the_build_refuses_with_the_same_words(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """One options model: render checks mkdocs.yml as the build does (it used to take any
    ticket_url), every problem at once, and writes nothing."""
    project = make_project(
        tmp_path,
        from_fixture="small",
        plugin_options={"ticket_url": "http://tracker.example.com/{ticket}", "prefix": "CX"},
    )
    ticket = (
        "option 'ticket_url': must be an https:// URL containing {ticket}, "
        "e.g. https://tracker.example.com/browse/{ticket}"
    )
    prefix = "option 'prefix': must be a site path of lowercase words and hyphens"
    result = render(project)
    assert result.returncode == 2
    assert f"journey-maps: mkdocs.yml: {prefix}" in result.stderr
    assert f"mkdocs.yml: {ticket}\n" in result.stderr
    assert not (project / "docs" / "journeys").exists()
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        load_config(str(project / "mkdocs.yml"))
    assert f"Plugin 'journey-maps' {prefix}" in caplog.text
    assert f"Plugin 'journey-maps' {ticket}" in caplog.text


def test_refuses_a_mermaid_file_outside_the_project_as_the_build_does(tmp_path: Path) -> None:
    project = make_project(
        tmp_path, from_fixture="small", plugin_options={"mermaid_js": "../mermaid.min.js"}
    )
    (tmp_path / "mermaid.min.js").write_text("// not ours\n", encoding="utf-8")
    message = (
        "mermaid_js must be 'cdn', 'local' or a .js file in the project; '../mermaid.min.js' is not"
    )
    result = render(project)
    assert result.returncode == 2
    assert f"journey-maps: {message}" in result.stderr
    build = mkdocs_build_cli(project)
    assert build.returncode == 1
    assert f"journey-maps: {message}" in build.stderr


def test_uses_the_custom_templates(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        from_fixture="small",
        plugin_options={"custom_templates": "overrides", "enabled": False},
    )
    (project / "overrides").mkdir()
    (project / "overrides" / "stage.md.j2").write_text(
        "# {{ stage.name | literal }}\n\nOur own stage page.\n", encoding="utf-8"
    )
    result = render(project)
    assert result.returncode == 0, result.stderr
    page = (project / "docs" / "journeys" / STAGE).read_text(encoding="utf-8")
    assert page.endswith("# Decision\n\nOur own stage page.\n")


def test_never_overwrites_a_file_it_did_not_write(tmp_path: Path) -> None:
    project = small(tmp_path)
    mine = project / "docs" / "journeys" / "first-time-buyer" / "index.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("# My own page\n", encoding="utf-8")
    result = render(project)
    assert result.returncode == 1
    assert "first-time-buyer/index.md: not written by journey-maps render" in result.stderr
    assert mine.read_text(encoding="utf-8") == "# My own page\n"
    assert not (project / "docs/journeys/index.md").exists(), "nothing is written on a conflict"


def test_refuses_to_overwrite_a_rendered_file_edited_by_hand(tmp_path: Path) -> None:
    project = small(tmp_path)
    assert render(project).returncode == 0
    page = project / "docs" / "journeys" / STAGE
    page.write_text(page.read_text(encoding="utf-8") + "\nMy note\n", encoding="utf-8")
    yml = project / PERSONA_FILE
    yml.write_text(yml.read_text(encoding="utf-8").replace("Decision", "Choosing"))
    result = render(project)
    assert result.returncode == 1
    assert "changed by hand since journey-maps render wrote it" in result.stderr
    assert page.read_text(encoding="utf-8").endswith("My note\n")


def test_removes_stale_files_it_wrote_and_keeps_others(tmp_path: Path) -> None:
    project = small(tmp_path)
    assert render(project).returncode == 0
    out = project / "docs" / "journeys"
    other = out / "notes.md"
    other.write_text("# Notes kept by hand\n", encoding="utf-8")
    yml = project / PERSONA_FILE
    text = yml.read_text(encoding="utf-8")
    assert "id: decision" in text
    yml.write_text(text.replace("id: decision", "id: choosing"), encoding="utf-8")
    result = render(project)
    assert result.returncode == 0, result.stderr
    assert " 0 removed" not in result.stdout
    assert not (out / STAGE).exists()
    assert not (out / STAGE).parent.exists()
    assert (out / "first-time-buyer/buying-a-policy/choosing/index.md").is_file()
    assert other.read_text(encoding="utf-8") == "# Notes kept by hand\n"
    assert "notes.md" not in manifest(project)


def test_check_exits_1_when_out_of_date(tmp_path: Path) -> None:
    project = small(tmp_path)
    assert render(project, "--check").returncode == 1  # nothing rendered yet
    assert not (project / "docs" / "journeys").exists(), "--check writes nothing"
    assert render(project).returncode == 0
    assert render(project, "--check").returncode == 0
    yml = project / PERSONA_FILE
    yml.write_text(yml.read_text(encoding="utf-8").replace("Decision", "Choosing"))
    result = render(project, "--check")
    assert result.returncode == 1
    assert f"out of date: docs/journeys/{STAGE}" in result.stdout
    # A later day does not make the folder out of date: --check judges reviews on the
    # day of the last render (kept in the manifest), unless SOURCE_DATE_EPOCH is set.
    assert render(project).returncode == 0
    later = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    checked = subprocess.run(
        [sys.executable, "-m", "journey_maps.cli", "render", "--check"],
        cwd=project,
        env=later,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_check_exits_1_on_broken_journeys(tmp_path: Path) -> None:
    project = small(tmp_path)
    assert render(project).returncode == 0
    yml = project / PERSONA_FILE
    yml.write_text(yml.read_text(encoding="utf-8").replace("emotion: 2", "emotion: 9", 1))
    result = render(project, "--check")
    assert result.returncode == 1
    assert "must be an integer from 1 to 5, got 9" in result.stdout + result.stderr


def test_nav_prints_a_block_for_mkdocs_yml(tmp_path: Path) -> None:
    project = small(tmp_path)
    result = render(project, "--nav")
    assert result.returncode == 0
    assert result.stdout.startswith('  - "Journey maps":\n      - journeys/index.md\n')
    assert f"journeys/{STAGE}" in result.stdout
    assert not (project / "docs" / "journeys").exists()


def test_watch_renders_changes_and_keeps_the_last_good_output(tmp_path: Path) -> None:
    project = small(tmp_path)
    page = project / "docs" / "journeys" / STAGE
    yml = project / PERSONA_FILE
    good = yml.read_text(encoding="utf-8")
    log = tmp_path / "watch.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "journey_maps.cli", "render", "--watch", "--interval", "0.1"],
            cwd=project,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            # The summary line ends the first render: an edit made after it is a change the
            # next poll must see, never one the first render already read.
            wait_for(lambda: " written, " in log.read_text(), "the first render to finish")
            assert page.is_file()
            yml.write_text(good.replace("name: Decision", "name: Choosing a policy"))
            wait_for(lambda: "Choosing a policy" in page.read_text(), "the edit to be rendered")
            before = page.read_text(encoding="utf-8")
            yml.write_text(good.replace("emotion: 2", "emotion: 9", 1))
            wait_for(lambda: "kept the last good pages" in log.read_text(), "the error")
            assert "got 9" in log.read_text()
            assert page.read_text(encoding="utf-8") == before
            yml.write_text(good)
            wait_for(lambda: "Choosing a policy" not in page.read_text(), "the fix to be rendered")
        finally:
            process.send_signal(signal.SIGINT)
            status = process.wait(timeout=10)
    assert status == 0, log.read_text()


# --- render and the plugin -----------------------------------------------------------------

TURN_OFF = "  plugins:\n    - journey-maps:\n        enabled: false"


def test_refuses_while_the_plugin_is_on_and_names_the_line_that_turns_it_off(
    tmp_path: Path,
) -> None:
    """With the plugin on, the pages render writes would be generated a second time by the
    next build (52 warnings under --strict in a real site); render used to write them and
    never mention `enabled: false`."""
    project = make_project(tmp_path, from_fixture="small")  # `- journey-maps`, on
    result = render(project)
    assert result.returncode == 2, result.stdout
    assert "journey-maps: mkdocs.yml runs the journey-maps plugin" in result.stderr
    assert f"add `enabled: false` under it in mkdocs.yml:\n{TURN_OFF}\n" in result.stderr
    assert "journey-maps render --force" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (project / "docs" / "journeys").exists()
    assert render(project, "--check").returncode == 2
    assert render(project, "--nav").returncode == 0, "--nav writes nothing: allowed"

    forced = render(project, "--force")
    assert forced.returncode == 0, forced.stderr
    notes = "\n".join(line.removeprefix("note: ") for line in forced.stderr.splitlines())
    assert f"add `enabled: false` under it in mkdocs.yml:\n{TURN_OFF}\n" in notes
    assert (project / "docs" / "journeys" / STAGE).is_file()

    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - journey-maps\n", "  - journey-maps:\n      enabled: false\n"
        )
    )
    after = render(project)
    assert after.returncode == 0, after.stderr
    assert "enabled: false" not in after.stderr


@pytest.mark.parametrize(
    ("plugins", "on"),
    [
        (["search", "journey-maps"], True),
        (["search", {"journey-maps": None}], True),
        (["search", {"journey-maps": {"prefix": "cx"}}], True),
        ({"search": {}, "journey-maps": {"enabled": True}}, True),
        ({"search": {}, "journey-maps": {"enabled": False}}, False),
        (["search", {"journey-maps": {"enabled": False}}], False),
        (["search"], False),
        (None, False),
    ],
)
def test_knows_when_mkdocs_yml_runs_the_plugin(plugins: object, on: bool) -> None:
    """MkDocs takes plugins as a list or as one mapping; both are read."""
    assert plugin_is_on({"plugins": plugins}) is on


GUIDE = ROOT / "docs" / "guide" / "hosting.md"


def test_the_next_steps_render_prints_are_the_hosting_guides(tmp_path: Path) -> None:
    """Every mkdocs.yml line the first render asks for is in the guide's "Moving from the
    plugin" steps, and every stylesheet and script the guide lists, render asks for: the
    guide used to leave out the script (journeys/assets/journey-maps.js)."""
    project = make_project(tmp_path, from_fixture="small", plugin_options={"mermaid_js": "local"})
    result = render(project, "--force")
    assert result.returncode == 0, result.stderr
    notes = [
        line.removeprefix("note: ")
        for line in result.stderr.splitlines()
        if line.startswith("note: ")
    ]
    guide = GUIDE.read_text(encoding="utf-8")
    steps = guide[guide.index("## Moving from the plugin") :]
    assets_in_guide = set(re.findall(r"(?:- |- path: )(journeys/assets/[\w.-]+)", steps))
    assets_in_notes = set(re.findall(r"(journeys/assets/[\w.-]+)", "\n".join(notes)))
    assert (
        assets_in_guide
        == assets_in_notes
        == {
            "journeys/assets/journey-maps.css",
            "journeys/assets/journey-maps.js",
            "journeys/assets/mermaid.min.js",
        }
    )
    extensions = next(note for note in notes if "markdown_extensions" in note)
    for name in re.findall(r"(?:: |, )([\w.]+)", extensions.split("(")[0]):
        assert f"- {name}" in steps, name
    # The order of the guide: the plugin off first, then render, then the rest.
    assert steps.index("enabled: false") < steps.index("journey-maps render")
