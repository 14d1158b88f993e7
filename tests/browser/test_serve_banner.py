"""A broken save during `mkdocs serve`, seen in the browser: every open page shows a banner
with the `file:line:col: message` lines until the file is fixed, and livereload takes it
away again. Before, only the terminal said anything; the open page kept the old map."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from browser_support import Browsing
from conftest import make_project, wait_for

if TYPE_CHECKING:
    from collections.abc import Iterator

pytestmark = pytest.mark.browser

PERSONA_PAGE = "journeys/first-time-buyer/"
HOME = ""
BANNER = "#journey-maps-serve-errors"
EMOTION_ERROR = (
    "journeys/first-time-buyer.yml:37:18: journeys[0].stages[0].emotion: "
    "must be an integer from 1 to 5, got 9"
)
SHOTS = "/tmp/shots/authoring"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, list[str]]]:
    """`mkdocs serve` of the small handbook on a free port: its address, project and log."""
    project = make_project(tmp_path, from_fixture="small")
    port = _free_port()
    log: list[str] = []
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert process.stdout is not None
    reader = threading.Thread(target=lambda: log.extend(process.stdout or []), daemon=True)
    reader.start()
    try:
        wait_for(
            lambda: any("Serving on" in line for line in log),
            "mkdocs serve to start",
            timeout=120,
            details=lambda: "".join(log),
        )
        yield f"http://127.0.0.1:{port}/", project, log
    finally:
        process.terminate()
        process.wait(timeout=10)
        reader.join(timeout=10)
        process.stdout.close()


def banner_lines(page: Any) -> list[str]:
    return [item.inner_text() for item in page.locator(f"{BANNER} li").all()]


def test_a_broken_save_shows_a_banner_on_every_open_page_until_it_is_fixed(
    browser: Any, served: tuple[str, Path, list[str]]
) -> None:
    base, project, log = served
    persona = project / "journeys" / "first-time-buyer.yml"
    good = persona.read_text(encoding="utf-8")
    contexts = [browser.new_context(viewport={"width": 1280, "height": 900}) for _ in range(2)]
    try:
        tabs = [Browsing(context, base) for context in contexts]
        pages = [tabs[0].open(PERSONA_PAGE).page, tabs[1].open(HOME).page]
        for page in pages:
            assert page.locator(BANNER).count() == 0, "no banner while the journeys are good"

        # Break it: an emotion out of range, and a YAML syntax error (an unclosed `[`).
        broken = good.replace("emotion: 3", "emotion: 9", 1).replace(
            "name: Maya Chen", "name: Maya Chen\n  role: [", 1
        )
        persona.write_text(broken, encoding="utf-8")
        for page in pages:
            page.wait_for_selector(BANNER, timeout=60_000)
        lines = banner_lines(pages[0])
        assert lines == banner_lines(pages[1]), "the same problems on every page"
        assert lines[-1].endswith("in 1 file"), lines
        assert all(line.startswith("journeys/first-time-buyer.yml:") for line in lines[:-1])
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        pages[0].screenshot(path=f"{SHOTS}/serve-banner.png")
        assert "Still serving the last good version" in "".join(log)
        # The last good page is still there under the banner.
        assert "Maya Chen" in pages[0].locator("body").inner_text()
        box = pages[0].locator(BANNER).bounding_box()
        assert box is not None
        assert box["y"] == 0
        assert box["width"] >= 1200

        # Another broken save: the banner follows the file's current problems.
        persona.write_text(good.replace("emotion: 3", "emotion: 9", 1), encoding="utf-8")
        pages[0].wait_for_function(
            "([selector, line]) => [...document.querySelectorAll(selector + ' li')]"
            ".some(item => item.innerText === line)",
            arg=[BANNER, EMOTION_ERROR],
            timeout=60_000,
        )
        assert banner_lines(pages[0]) == [EMOTION_ERROR, "1 error in 1 file"]

        # Fixed: the banner goes, on every open page.
        persona.write_text(good.replace("name: Maya Chen", "name: Maya Okoro"), encoding="utf-8")
        for page in pages:
            page.wait_for_selector(BANNER, state="detached", timeout=60_000)
        pages[0].wait_for_function("document.body.innerText.includes('Maya Okoro')")
        for page in pages:
            assert page.evaluate("window.__xss") is None
    finally:
        for context in contexts:
            context.close()


def test_a_broken_file_with_hostile_text_shows_it_as_text(
    browser: Any, served: tuple[str, Path, list[str]]
) -> None:
    """Problems quote what the author wrote: the banner shows it, never runs it."""
    base, project, _ = served
    persona = project / "journeys" / "first-time-buyer.yml"
    good = persona.read_text(encoding="utf-8")
    hostile = "<img src=x onerror=window.__xss=1>"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = Browsing(context, base).open(PERSONA_PAGE).page
        persona.write_text(good.replace("emotion: 3", f'emotion: "{hostile}"', 1), encoding="utf-8")
        page.wait_for_selector(BANNER, timeout=60_000)
        text = page.locator(BANNER).inner_text()
        assert f"got '{hostile}'" in text
        assert page.locator(f"{BANNER} img").count() == 0
        assert page.evaluate("window.__xss") is None
    finally:
        context.close()
