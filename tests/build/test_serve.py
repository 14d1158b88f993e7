"""Live reload with a real `mkdocs serve`: edit, break, fix, and fetch the page each time."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import urllib.request
from functools import partial
from typing import TYPE_CHECKING

import pytest
from conftest import make_project, wait_for

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from pathlib import Path

PAGE = "journeys/first-time-buyer/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    def __init__(
        self, project: Path, *arguments: str, environment: dict[str, str] | None = None
    ) -> None:
        self.port = _free_port()
        self.log: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}", *arguments],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(environment or {})},
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.log.append(line)

    def fetch(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/{path}", timeout=5) as response:
            return response.read().decode("utf-8")

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        wait_for(condition, what, details=lambda: f"; server log:\n{''.join(self.log)}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        # The reader ends at the pipe's end of file; then the pipe is closed, not leaked
        # (an unclosed pipe is a ResourceWarning, an error under filterwarnings = error).
        self.reader.join(timeout=10)
        if self.process.stdout is not None:
            self.process.stdout.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Server, Path]]:
    project = make_project(tmp_path, from_fixture="small")
    running = Server(project)
    try:
        yield running, project
    finally:
        running.stop()


def test_edit_break_fix_under_mkdocs_serve(server: tuple[Server, Path]) -> None:
    serve, project = server
    persona = project / "journeys" / "first-time-buyer.yml"
    original = persona.read_text()
    serve.wait_for(lambda: "Maya Chen" in serve.fetch(PAGE), "the first build")

    # An edit rebuilds the affected page.
    persona.write_text(original.replace("name: Maya Chen", "name: Maya Lin"))
    serve.wait_for(lambda: "Maya Lin" in serve.fetch(PAGE), "the edit to show")

    # A save that breaks the YAML: errors in the terminal, the last good site still served.
    lines_before = len(serve.log)
    persona.write_text(
        original.replace("name: Maya Chen", "name: Maya Lin").replace("emotion: 3", "emotion: 9", 1)
    )
    serve.wait_for(
        lambda: any(
            "Still serving the last good version" in line for line in serve.log[lines_before:]
        ),
        "the error report",
    )
    report = "".join(serve.log[lines_before:])
    assert (
        "journeys/first-time-buyer.yml:37:18: journeys[0].stages[0].emotion: must be an integer from 1 to 5, got 9"
        in report
    )
    assert "Traceback" not in report
    assert "Maya Lin" in serve.fetch(PAGE)
    assert "Pricing page" in serve.fetch("journeys/touchpoints/")

    # The next good save recovers.
    persona.write_text(original.replace("name: Maya Chen", "name: Maya Okoro"))
    serve.wait_for(lambda: "Maya Okoro" in serve.fetch(PAGE), "the fix to show")


JOURNEY = "journeys/first-time-buyer/buying-a-policy/"
OTHER_PERSONA = "journeys/it-admin/index.html"


def _shows(serve: Server, page: str, text: str) -> bool:
    return text in serve.fetch(page)


def _primary_nav(page: str) -> str:
    """The navigation sidebar of a Material page: from the primary nav to the content."""
    return page.split("md-nav--primary", 1)[1].split('class="md-content"', 1)[0]


def test_dirty_serve_rewrites_only_the_pages_an_edit_changes(tmp_path: Path) -> None:
    # `--dirty` with Material's pruned navigation: a renamed stage shows on its page, its
    # journey page, the sibling stages' navigation, the pain register and the touchpoints
    # page; the other persona's page is neither rendered again nor rewritten.
    project = make_project(
        tmp_path,
        from_fixture="small",
        config={"theme": {"name": "material", "features": ["navigation.prune"]}},
    )
    temporary = tmp_path / "tmp"  # mkdocs serve's site_dir is a mkdtemp: found here
    temporary.mkdir()
    serve = Server(project, "--dirty", "--verbose", environment={"TMPDIR": str(temporary)})
    try:
        serve.wait_for(lambda: "Decision" in serve.fetch(JOURNEY + "decision/"), "the first build")
        for page in ("journeys/pain-points/", "journeys/touchpoints/", JOURNEY + "retention/"):
            assert "Decision" in serve.fetch(page), page
        (site,) = temporary.glob("mkdocs_*")
        other = site / OTHER_PERSONA
        before = other.stat().st_mtime_ns
        lines_before = len(serve.log)

        persona = project / "journeys" / "first-time-buyer.yml"
        text = persona.read_text()
        assert text.count("name: Decision") == 2  # the current map's stage, then the future one
        persona.write_text(text.replace("name: Decision", "name: Choosing a policy", 1))
        serve.wait_for(
            lambda: "Choosing a policy" in serve.fetch(JOURNEY + "decision/"), "the renamed stage"
        )
        for page in (JOURNEY, "journeys/pain-points/", "journeys/touchpoints/"):
            serve.wait_for(partial(_shows, serve, page, "Choosing a policy"), page)
        serve.wait_for(
            lambda: "Choosing a policy" in _primary_nav(serve.fetch(JOURNEY + "retention/")),
            "the sibling stage's navigation",
        )
        serve.wait_for(
            lambda: any("Reloading browsers" in line for line in serve.log[lines_before:]),
            "the end of the rebuild",
        )
        # `--verbose` logs each page rendered (its `page_markdown` event): not the home page,
        # nor the other persona's three pages (its persona, journey and stage pages).
        rendered = "Running `page_markdown` event from plugin 'journey-maps'"
        at_first = sum(rendered in line for line in serve.log[:lines_before])
        again = sum(rendered in line for line in serve.log[lines_before:])
        assert 0 < again <= at_first - 4
        assert other.stat().st_mtime_ns == before
        assert (site / JOURNEY / "decision" / "index.html").stat().st_mtime_ns > before

        # A save that changes no map (a hand-written page): no generated page is rendered
        # again, and the exports are the last build's.
        lines_before = len(serve.log)
        home = project / "docs" / "index.md"
        home.write_text(home.read_text(encoding="utf-8") + "\nSaved again.\n", encoding="utf-8")
        serve.wait_for(lambda: "Saved again." in serve.fetch(""), "the hand-written page")
        serve.wait_for(
            lambda: any("Reloading browsers" in line for line in serve.log[lines_before:]),
            "the end of the second rebuild",
        )
        assert sum(rendered in line for line in serve.log[lines_before:]) == 1
        assert "Choosing a policy" in serve.fetch("journeys/steps.csv")
    finally:
        serve.stop()


COLLECTOR_SCRIPT = """
import gc, sys
from pathlib import Path
from mkdocs.commands import build
from mkdocs.config import load_config
import journey_maps.build as plugin_build

seen = []
generate_pages = plugin_build.generate_pages
def spy(*args, **kwargs):
    seen.append(gc.isenabled())
    return generate_pages(*args, **kwargs)
plugin_build.generate_pages = spy

project = Path(sys.argv[1])
persona = project / "journeys" / "first-time-buyer.yml"
for number in range(3):
    if number:
        persona.write_text(persona.read_text().replace("name: Decision", "name: Choosing", 1))
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command="serve", dirty=True)
    build.build(config, dirty=True)
    if number == 0:
        frozen = gc.get_freeze_count()
print(seen, frozen > 0, gc.get_freeze_count() <= frozen, gc.isenabled())  # never again
"""


def test_serve_keeps_the_collector_off_the_session_and_the_save(tmp_path: Path) -> None:
    """Under `mkdocs serve --dirty`, what the first build leaves is frozen out of the garbage
    collector's walks, once; a save generates its pages with the collector paused (the
    first build renders everything, so it keeps the collector), and it runs again after.
    In a process of its own, as freezing is for the whole process."""
    project = make_project(tmp_path, from_fixture="small")
    result = subprocess.run(
        [sys.executable, "-c", COLLECTOR_SCRIPT, str(project)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == "[True, False, False] True True True", result.stdout
