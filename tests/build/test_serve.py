"""Live reload with a real `mkdocs serve`: edit, break, fix, and fetch the page each time."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import urllib.request
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
    def __init__(self, project: Path) -> None:
        self.port = _free_port()
        self.log: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{self.port}"],
            cwd=project,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
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
