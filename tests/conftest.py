"""Shared fixtures: build real sites with real MkDocs and Material in temporary folders."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from browser_support import browser  # noqa: F401  (session fixture for the browser tests)
from hypothesis import HealthCheck, settings
from mkdocs.commands.build import build
from mkdocs.config import load_config

from journey_maps.site.context import PageContext
from journey_maps.site.options import RenderOptions
from journey_maps.site.paths import SitePaths
from journey_maps.site.templating import make_environment
from journey_maps.source.handbook import Handbook, load_handbook
from journey_maps.source.problems import JourneyMapsError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Mapping

    import jinja2

    from journey_maps.views.history import HandbookHistory

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
GOLDEN = Path(__file__).parent / "golden"

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
        "instead of comparing with it (see tests/core/site/test_golden.py)",
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


def mkdocs_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The warnings an in-process build logged under MkDocs' loggers ("mkdocs.*").

    `mkdocs build --strict` aborts exactly when this list is not empty, so one build with
    `caplog` proves both that a handbook builds and that a strict build would refuse it."""
    return [
        record.getMessage()
        for record in caplog.records
        if record.name.startswith("mkdocs") and record.levelno >= logging.WARNING
    ]


def wait_for(
    condition: Callable[[], bool],
    what: str,
    *,
    timeout: float = 30,
    details: Callable[[], str] = lambda: "",
) -> None:
    """Poll `condition` until it holds, failing after `timeout` seconds with `what` (and
    `details()`, e.g. a server log): a test waits for the state it needs, never for a fixed
    time. An OSError while polling (a server still starting, a file being rewritten)
    counts as "not yet"."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}{details()}")


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


def page_context(
    handbook: Handbook,
    *,
    paths: SitePaths | None = None,
    environment: jinja2.Environment | None = None,
    history: HandbookHistory | None = None,
    **options: Any,
) -> PageContext:
    """What a build hands the page generators, built by the core alone: the default site
    paths and templates, and the render `options` (`today` defaults to the pinned date)."""
    options.setdefault("today", dt.date.fromisoformat(PINNED_TODAY))
    return PageContext(
        handbook,
        paths or SitePaths(),
        RenderOptions(**options),
        environment or make_environment(),
        history,
    )


def journeys_folder(
    tmp_path: Path, files: Mapping[str, str | bytes], catalog: str | bytes | None
) -> Path:
    """`tmp_path/journeys` holding `files` (text written as UTF-8, bytes as given) and, unless
    None, `catalog` as its _catalog.yml: the handbook the core tests load without MkDocs."""
    folder = tmp_path / "journeys"
    folder.mkdir(parents=True, exist_ok=True)
    named = {**({"_catalog.yml": catalog} if catalog is not None else {}), **files}
    for name, content in named.items():
        (folder / name).write_bytes(
            content.encode("utf-8") if isinstance(content, str) else content
        )
    return folder


def load_journeys(
    tmp_path: Path,
    files: Mapping[str, str | bytes],
    catalog: str | bytes | None,
    **load_options: Any,
) -> Handbook:
    """The handbook `journeys_folder` writes, loaded as the build loads it."""
    return load_handbook(journeys_folder(tmp_path, files, catalog), tmp_path, **load_options)


def refusal_lines(
    tmp_path: Path,
    files: Mapping[str, str | bytes],
    catalog: str | bytes | None,
    **load_options: Any,
) -> list[str]:
    """The lines of the error the loader refuses these files with (the test fails if they
    load): what `journey-maps validate` and the build print."""
    folder = journeys_folder(tmp_path, files, catalog)
    with pytest.raises(JourneyMapsError) as caught:
        load_handbook(folder, tmp_path, **load_options)
    return str(caught.value).splitlines()


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
