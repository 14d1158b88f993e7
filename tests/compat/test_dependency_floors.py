"""The plugin's dependency floors: each has its reason, and installing into a pinned site
keeps the site's pins or stops with the floor that is in the way.

A site's pins are its requirements file: `constraints/<site>.txt`, given to pip with `-r`
beside the plugin's wheel (built once per module). pip resolves them for a fresh
environment (`--dry-run --ignore-installed --report`), installing nothing, so the result
does not depend on what the environment running the tests holds.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

if TYPE_CHECKING:
    from pathlib import Path

CONSTRAINTS = ROOT / "constraints"


def runtime_dependency_lines() -> list[str]:
    """The lines of `dependencies = [...]` in pyproject.toml, comments kept (tomllib drops
    them, and the comment is where a floor's reason is written)."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    block = re.search(r"^dependencies = \[\n(.*?)^\]", text, re.M | re.S)
    assert block, "pyproject.toml has no dependencies block"
    return [line.strip() for line in block.group(1).splitlines() if line.strip().startswith('"')]


def test_every_floor_has_its_reason_and_is_the_lowest_set() -> None:
    """Each runtime dependency has a lower bound with its reason beside it, and
    constraints/lowest.txt (`bash tests/run --lowest`) pins exactly that bound."""
    lowest = {
        canonicalize_name(name): version
        for name, version in re.findall(
            r"^([A-Za-z0-9_.-]+)==(\S+)",
            (CONSTRAINTS / "lowest.txt").read_text(encoding="utf-8"),
            re.M,
        )
    }
    lines = runtime_dependency_lines()
    assert len(lines) >= 7
    for line in lines:
        quoted, _, reason = line.partition("#")
        requirement = Requirement(quoted.strip().rstrip(",").strip('"'))
        floors = [s.version for s in requirement.specifier if s.operator == ">="]
        assert len(floors) == 1, f"{requirement}: one lower bound"
        assert len(reason.strip()) > 20, f"{requirement}: the reason for the floor is missing"
        name = canonicalize_name(requirement.name)
        assert lowest.get(name) == floors[0] or lowest.get(name, "").startswith(floors[0] + "."), (
            f"{name}: lowest.txt pins {lowest.get(name)}, pyproject's floor is {floors[0]}"
        )


@pytest.fixture(scope="module")
def plugin_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(folder), ROOT],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = folder.glob("mkdocs_journey_maps-*.whl")
    return wheel


def resolve(wheel: Path, site: str, report: Path) -> subprocess.CompletedProcess[str]:
    """pip's answer to `pip install -r constraints/<site> <wheel>` in a new environment."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--dry-run",
            "--ignore-installed",
            "--disable-pip-version-check",
            "--report",
            str(report),
            "-r",
            str(CONSTRAINTS / site),
            str(wheel),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


def site_pins(site: str) -> dict[str, str]:
    """The `name==version` lines of a site's constraints file."""
    text = (CONSTRAINTS / site).read_text(encoding="utf-8")
    return {
        canonicalize_name(n): v for n, v in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", text, re.M)
    }


@pytest.mark.parametrize(
    "site",
    [
        "techdocs.txt",  # Backstage TechDocs: Material 9.7.7, pymdown-extensions 11.0.1, Markdown < 3.11
        "old-pymdown-site.txt",  # pymdown-extensions 10.8.1, Markdown 3.6
    ],
)
def test_installing_the_plugin_keeps_the_sites_pins(
    plugin_wheel: Path, tmp_path: Path, site: str
) -> None:
    report = tmp_path / "report.json"
    result = resolve(plugin_wheel, site, report)
    assert result.returncode == 0, f"{site}: pip could not resolve:\n{result.stderr}"
    installed = {
        canonicalize_name(item["metadata"]["name"]): item["metadata"]["version"]
        for item in json.loads(report.read_text(encoding="utf-8"))["install"]
    }
    assert "mkdocs-journey-maps" in installed
    pins = site_pins(site)
    assert pins
    moved = {name: (version, installed.get(name)) for name, version in pins.items()}
    assert all(want == got for want, got in moved.values()), f"{site}: pins moved: {moved}"
    for line in (CONSTRAINTS / site).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#") and "==" not in line:
            requirement = Requirement(line)
            got = installed[canonicalize_name(requirement.name)]
            assert requirement.specifier.contains(got), f"{site}: {requirement} got {got}"


def test_a_site_pinned_to_material_9_5_is_refused_with_the_floor_named(
    plugin_wheel: Path, tmp_path: Path
) -> None:
    """Material 9.6.7 is a security floor (tests/build/test_page_escaping.py fails on 9.6.6 and older):
    pip stops, and its message names the floor; the README says why in one line."""
    result = resolve(plugin_wheel, "material-9.5-site.txt", tmp_path / "report.json")
    assert result.returncode != 0
    output = result.stdout + result.stderr  # pip names the conflict on stdout
    message = " ".join(output.split())
    assert "mkdocs-material==9.5.50" in message, output
    assert re.search(
        r"mkdocs-journey-maps \S+ depends on mkdocs-material[^>]{0,20}>=9\.6\.7", message
    ), output
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`mkdocs-material` 9.6.7 or newer" in readme
