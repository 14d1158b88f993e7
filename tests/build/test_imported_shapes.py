"""Each shape family `journey-maps import` detects (issue 24) builds with `mkdocs build
--strict` once imported: Mermaid blocks, a stage-column grid (a Markdown table), a long
table with one row per step and maps-as-code YAML. One real build per family."""

from __future__ import annotations

import contextlib
import io
from typing import TYPE_CHECKING

import pytest
from conftest import FIXTURES, build_project, make_project, mkdocs_warnings

from journey_maps.cli import main

if TYPE_CHECKING:
    from pathlib import Path

CATALOG = """\
channels: [{id: web, name: Website}]
teams: [{id: growth, name: Growth}]
touchpoints: [{id: pricing-page, name: Pricing page, channel: web, owner: growth}]
"""
# fixture: (a stage page of the imported persona 'p', text it shows)
FAMILIES = {
    "mermaid-example.md": ("journeys/p/my-working-day/go-to-work/", "Make tea"),
    "nngroup-map.md": (
        "journeys/p/journey-map-becoming-a-research-participant/discover/",
        "No time estimate",
    ),
    "journey-tracker.csv": ("journeys/p/journey-tracker/quote/", "Waits 25 minutes on hold"),
    "claims-maps-as-code.yaml": (
        "journeys/p/making-a-home-insurance-claim/report-the-damage/",
        "Claims handler takes the call",
    ),
}


@pytest.mark.parametrize("fixture", FAMILIES)
def test_imported_shape_builds_strict(
    tmp_path: Path, fixture: str, caplog: pytest.LogCaptureFixture
) -> None:
    project = make_project(tmp_path, journeys={"_catalog.yml": CATALOG})
    arguments = ["import", str(FIXTURES / "import" / fixture), "--dir", str(project / "journeys")]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main([*arguments, "--persona", "p"]) == 0
    site = build_project(project, strict=True)
    assert mkdocs_warnings(caplog) == []
    page, shown = FAMILIES[fixture]
    assert shown in site.page(page)
