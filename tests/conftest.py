"""Shared fixtures: build real sites with real MkDocs and Material in temporary folders."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from browser_support import browser  # noqa: F401  (session fixture for the browser tests)
from hypothesis import HealthCheck, settings
from mkdocs.commands.build import build
from mkdocs.config import load_config

if TYPE_CHECKING:
    from collections.abc import Iterator

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

PINNED_TODAY = "2026-11-15"
"""The build date of every test: the suite never reads the wall clock.

Review status, MkDocs' sitemap dates and the export's `generated` field all come from
SOURCE_DATE_EPOCH, which is set here for this process and every build it starts
(`mkdocs serve` and CLI builds inherit it). A test that needs another day sets its own.
"""
os.environ["SOURCE_DATE_EPOCH"] = str(
    int(dt.datetime.fromisoformat(PINNED_TODAY).replace(tzinfo=dt.timezone.utc).timestamp())
)

# Property-based tests: the same examples on every run, each bounded on its own.
settings.register_profile(
    "journey-maps",
    derandomize=True,
    deadline=dt.timedelta(seconds=5),
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("journey-maps")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        default=False,
        help="rewrite tests/golden/ from the current output (deleting stale files) "
        "instead of comparing with it (see tests/test_core_golden.py)",
    )


@dataclass
class Site:
    """A built site and helpers to read it."""

    project: Path
    site_dir: Path

    def page(self, url_path: str) -> str:
        """HTML of the page at a site URL path like `journeys/maya/`."""
        path = self.site_dir / url_path
        if url_path.endswith("/") or not url_path:
            path = path / "index.html"
        return path.read_text(encoding="utf-8")

    def search_index(self) -> list[dict[str, Any]]:
        return json.loads(
            (self.site_dir / "search" / "search_index.json").read_text(encoding="utf-8")
        )["docs"]

    def html_files(self) -> list[Path]:
        return sorted(self.site_dir.rglob("*.html"))


def build_project(project: Path, *, strict: bool = False, **overrides: Any) -> Site:
    """Run a real `mkdocs build` of `project` (its mkdocs.yml, plus overrides)."""
    config_file = project / "mkdocs.yml"
    site_dir = project / "site"
    config = load_config(str(config_file), site_dir=str(site_dir), strict=strict, **overrides)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return Site(project, site_dir)


def mkdocs_build_cli(project: Path, *, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`mkdocs build` as a user runs it, in its own process: exit code and output.

    `timeout` (seconds) is the time bound of hostile-input tests: past it the build is
    killed and the test fails with TimeoutExpired."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=timeout,
    )


def journey_maps_cli(
    cwd: Path, *arguments: str, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """`journey-maps ...` as a user runs it, in its own process, killed after `timeout`
    seconds (the time bound of hostile-input tests): exit code and output."""
    return subprocess.run(
        [sys.executable, "-m", "journey_maps.cli", *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def make_project(
    tmp_path: Path,
    *,
    journeys: dict[str, str] | None = None,
    docs: dict[str, str] | None = None,
    config: dict[str, Any] | None = None,
    plugin_options: dict[str, Any] | None = None,
    from_fixture: str | None = None,
) -> Path:
    """A project folder: a copied fixture or files given as text, with an mkdocs.yml."""
    project = tmp_path / "project"
    if from_fixture:
        shutil.copytree(FIXTURES / from_fixture, project)
    else:
        (project / "docs").mkdir(parents=True)
        (project / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    for name, text in (journeys or {}).items():
        path = project / "journeys" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    for name, text in (docs or {}).items():
        path = project / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if config is not None or plugin_options is not None or not from_fixture:
        settings = {
            "site_name": "Test handbook",
            "theme": {"name": "material"},
            "plugins": ["search", {"journey-maps": plugin_options or {}}],
            **(config or {}),
        }
        (project / "mkdocs.yml").write_text(
            yaml.safe_dump(settings, sort_keys=False), encoding="utf-8"
        )
    return project


@pytest.fixture(scope="session")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The small fixture handbook, built once for the page tests."""
    project = make_project(tmp_path_factory.mktemp("small"), from_fixture="small")
    return build_project(project, strict=True)


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """This repository's own example handbook, built with --strict."""
    project = tmp_path_factory.mktemp("example") / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "docs", "journeys"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, project / name)
        else:
            shutil.copy(source, project / name)
    return build_project(project, strict=True)


@pytest.fixture
def no_hang() -> Iterator[None]:
    """A guard against hangs for one hostile file (not a performance assertion)."""

    def hung(*_: object) -> None:
        raise TimeoutError("loading one file took over 10 seconds")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(10)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


ONE_TOUCHPOINT_CATALOG = """\
channels:
  - id: web
    name: Website
teams:
  - id: growth
    name: Growth
touchpoints:
  - id: pricing-page
    name: Pricing page
    channel: web
    owner: growth
"""
"""A catalog for tests about persona files: one channel, one team, one touchpoint."""
