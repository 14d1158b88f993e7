"""Where a build's memory grows: the resident size after each step of one `mkdocs build`.

    python3 ../shared/bench/gen_handbook.py 5000 /tmp/h5000
    python benchmarks/memory_split.py /tmp/h5000/plugin /tmp/h5000/hand

For each project, builds it once in a process of its own, with this file added to its
`hooks:` (a copy of its mkdocs.yml beside the original, never over an existing file, removed
at the end; the site goes to a temporary folder), and prints the process's resident memory and its peak so far after the
config is loaded, after the plugins read their sources (`on_pre_build`, last), after the
files are generated (`on_files`, last), once every page's Markdown is converted (`on_env`),
once the static files are copied (the first page's `on_page_context`), once every page is
written (`on_post_build`, first: before the search plugins write their index) and at the
end (`on_post_build`, last). A step whose peak is above the memory kept after it
made that much only for a while. Numbers from this script are on the Performance page
("Memory").

A measuring tool, not a test: MkDocs loads this file as a hooks module, and the functions
below with `on_` names are its events.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

from mkdocs.plugins import CombinedEvent, event_priority

MARK = "journey-maps memory:"
"""How the build's lines that this script reads start."""


def _report(step: str) -> None:
    with Path("/proc/self/statm").open(encoding="ascii") as statm:
        resident = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{MARK} {step:<38} {resident:7.0f} MiB  (peak so far {peak:.0f} MiB)", flush=True)


def on_config(config: object) -> None:
    _report("config loaded")


@event_priority(-200)
def on_pre_build(config: object) -> None:
    _report("sources read (on_pre_build)")


@event_priority(-200)
def on_files(files: object, config: object) -> None:
    _report("files generated (on_files)")


def on_env(env: object, config: object, files: object) -> None:
    _report("every page converted (on_env)")


_THEMED: list[bool] = []


def on_page_context(context: object, page: object, config: object, nav: object) -> None:
    """The first page the theme renders: the static files (the exports) are copied."""
    if not _THEMED:
        _THEMED.append(True)
        _report("files copied (first on_page_context)")


@event_priority(100)
def _pages_written(config: object) -> None:
    _report("every page written (on_post_build)")


@event_priority(-200)
def _end(config: object) -> None:
    _report("end (on_post_build, last)")


on_post_build = CombinedEvent(_pages_written, _end)


def measure(project: Path) -> list[str]:
    """The lines this file's hooks print in one build of `project`."""
    original = project / "mkdocs.yml"
    config = project / "mkdocs.memory-split.yml"
    text = original.read_text(encoding="utf-8")
    if "\nhooks:" in f"\n{text}":
        raise SystemExit(f"{original} has hooks of its own; add {__file__} to them by hand")
    try:  # created, never replaced: a file of that name (or a link) stops the measurement
        with config.open("x", encoding="utf-8") as copy:
            copy.write(f"{text.rstrip()}\nhooks: [{Path(__file__).resolve()}]\n")
    except FileExistsError:
        raise SystemExit(f"{config} exists; move it away to measure {project}") from None
    try:
        with tempfile.TemporaryDirectory(prefix="journey-maps-memory-") as site:
            done = subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", site],
                cwd=project,
                env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764000000"},
                capture_output=True,
                text=True,
                check=False,
            )
    finally:
        config.unlink()
    if done.returncode != 0:
        raise SystemExit(f"build of {project} failed:\n{done.stderr}")
    return [line for line in done.stdout.splitlines() if line.startswith(MARK)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("projects", type=Path, nargs="+", help="MkDocs projects to build")
    args = parser.parse_args()
    for project in args.projects:
        print(project)
        for line in measure(project.resolve()):
            print("  " + line.removeprefix(MARK).strip())


if __name__ == "__main__":
    main()
