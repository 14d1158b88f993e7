"""Where one plain `mkdocs build` spends its CPU time, by part and by kind of page.

    python3 ../shared/bench/gen_handbook.py 1000 /tmp/h1000
    python benchmarks/build_split.py /tmp/h1000/plugin /tmp/h1000/hand

Builds each project once, in-process (as `mkdocs build` does, the site in a temporary folder
removed at the end), and prints the CPU time of MkDocs' Markdown pass by kind of page (a
stage page, `journeys/<persona>/<journey>/<stage>.md` as gen_handbook.py lays both sites
out; a journey page; the rest), of MkDocs' theme pass (`_build_page`, Material's search
included) and of each plugin event. Run both projects in one command to set the plugin's
parts beside the hand-written site's. Numbers from this script are on the Performance page
("Build").

It wraps functions of MkDocs to time them: a measuring tool, not a test, and it reads the
clock only to report.
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.plugins import PluginCollection
from mkdocs.structure.pages import Page

SECONDS: dict[str, float] = defaultdict(float)
"""CPU seconds by part, for the build being measured."""


def _kind(page: Page) -> str:
    """`stage`, `journey` or `other`, by where gen_handbook.py puts each page."""
    parts = page.file.src_uri.split("/")
    if len(parts) != 4 or parts[0] != "journeys":
        return "other"
    return "journey" if parts[3] == "index.md" else "stage"


def instrument() -> None:
    render, build_page, run_event = (
        Page.render,
        mkdocs_build._build_page,
        PluginCollection.run_event,
    )

    def timed_render(page: Page, *args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return render(page, *args, **kwargs)
        finally:
            spent = time.process_time() - started
            SECONDS["MkDocs: Markdown pass"] += spent
            SECONDS[f"  {_kind(page)} pages"] += spent

    def timed_build_page(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return build_page(*args, **kwargs)
        finally:
            SECONDS["MkDocs: theme pass (search included)"] += time.process_time() - started

    def timed_event(self: PluginCollection, name: str, *args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return run_event(self, name, *args, **kwargs)
        finally:
            SECONDS[f"plugin events: {name}"] += time.process_time() - started

    Page.render = timed_render  # type: ignore[method-assign]
    mkdocs_build._build_page = timed_build_page
    PluginCollection.run_event = timed_event  # type: ignore[method-assign]


def measure(project: Path) -> None:
    SECONDS.clear()
    site = Path(tempfile.mkdtemp(prefix="journey-maps-build-"))
    os.chdir(project)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        started = time.process_time()
        mkdocs_build.build(config)
        total = time.process_time() - started
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site, ignore_errors=True)
    print(f"{project}: {total:.2f} s CPU")
    for label, spent in SECONDS.items():
        if spent >= 0.05:
            print(f"  {spent:6.2f}  {label}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("projects", type=Path, nargs="+", help="projects from gen_handbook.py")
    args = parser.parse_args()
    logging.disable(logging.WARNING)
    instrument()
    for project in args.projects:
        measure(project.resolve())


if __name__ == "__main__":
    main()
