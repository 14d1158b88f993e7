"""Where one `mkdocs serve --dirty` rebuild spends its time, after a stage is renamed.

    python3 ../shared/bench/gen_handbook.py 1000 /tmp/h1000
    python benchmarks/rebuild_split.py /tmp/h1000/plugin --rebuilds 3

Builds the project once in-process as `mkdocs serve --dirty` does (the plugin's
`on_startup(command="serve", dirty=True)`, `build(dirty=True)`), then renames the first
stage called "Consideration" (as gen_handbook.py writes it) of the first persona file and
builds again, `--rebuilds` times, each time with a new name. For each rebuild it prints
the CPU time of the parts: the plugin's load and page generation (and, of that, each
page template and the exports), MkDocs' Markdown pass (and the pages over 20 ms), the
theme and Material's search, Jinja compiling templates and Python's garbage collector
(whose pauses also count in the part they interrupted); with `--profile N`, the last
rebuild's N costliest functions (cProfile). The persona file is restored at the end; the
site goes to a temporary folder, removed at the end. Numbers from this script are on the Performance page
("Where a save's time goes now").

It wraps functions of MkDocs, Material and the plugin to time them: a measuring tool, not
a test, and it reads the clock only to report.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import logging
import os
import pstats
import shutil
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

import jinja2
from material.plugins.search.plugin import SearchPlugin  # type: ignore[import-untyped]
from mkdocs.commands import build as mkdocs_build
from mkdocs.config import load_config

from journey_maps import build as plugin_build
from journey_maps.site import context as page_context

SECONDS: dict[str, float] = defaultdict(float)
"""CPU seconds by part, for the rebuild being measured."""


def timed(owner: Any, name: str, label: str, *, key: Any = None) -> None:
    """Replace `owner.name` by a wrapper adding its CPU time to SECONDS[label] (and, with
    `key`, to SECONDS[key(args)] too)."""
    original = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            spent = time.process_time() - started
            SECONDS[label] += spent
            if key is not None:
                SECONDS[key(args)] += spent

    setattr(owner, name, wrapper)


def instrument() -> None:
    timed(plugin_build.SiteBuild, "load", "plugin: load the journeys")
    timed(plugin_build.SiteBuild, "generate", "plugin: on_files (pages, exports, files)")
    timed(plugin_build, "generate_pages", "  pages")
    timed(plugin_build, "generate_files", "  exports, schemas, forwarding pages")
    timed(
        page_context.PageContext,
        "render",
        "  (templates)",
        key=lambda args: f"    {args[1]}",
    )
    timed(
        mkdocs_build,
        "_populate_page",
        "MkDocs: Markdown pass",
        key=lambda args: f"  {args[0].file.src_uri}",
    )
    timed(mkdocs_build, "_build_page", "MkDocs: theme and search")
    timed(
        SearchPlugin,
        "on_page_context",
        "  Material's search",
        key=lambda args: f"    {args[1]['page'].file.src_uri}",
    )
    timed(jinja2.Environment, "compile", "Jinja: compiling templates (any environment)")
    gc.callbacks.append(_time_collections)


_COLLECTING = [0.0]


def _time_collections(phase: str, info: dict[str, int]) -> None:
    """Python's garbage collector, wherever it runs (its time also counts in the part it
    interrupted): `gc.callbacks` calls this at the start and the end of each collection."""
    if phase == "start":
        _COLLECTING[0] = time.process_time()
    else:
        spent = time.process_time() - _COLLECTING[0]
        SECONDS["Python's garbage collector (inside the parts above)"] += spent
        SECONDS[f"  generation {info['generation']} collections"] += spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a plugin project from gen_handbook.py")
    parser.add_argument("--rebuilds", type=int, default=3)
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also profile the last rebuild (cProfile) and print its N costliest functions",
    )
    args = parser.parse_args()
    project = args.project.resolve()
    persona = min((project / "journeys").glob("persona-*.yml"))
    original = persona.read_text(encoding="utf-8")
    if "name: Consideration" not in original:
        raise SystemExit(f"{persona}: no stage named Consideration (a gen_handbook.py file?)")
    logging.disable(logging.WARNING)
    instrument()
    site = Path(tempfile.mkdtemp(prefix="journey-maps-rebuild-"))
    os.chdir(project)
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        mkdocs_build.build(config, dirty=True)
        for number in range(1, args.rebuilds + 1):
            renamed = original.replace("name: Consideration", f"name: Renamed {number}", 1)
            persona.write_text(renamed, encoding="utf-8")
            SECONDS.clear()
            config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
            profiler = cProfile.Profile() if args.profile and number == args.rebuilds else None
            started = time.process_time()
            if profiler is not None:
                profiler.runcall(mkdocs_build.build, config, dirty=True)
            else:
                mkdocs_build.build(config, dirty=True)
            print(f"rebuild {number}: {time.process_time() - started:.2f} s CPU")
            for label, spent in SECONDS.items():
                if not label.startswith("  ") or spent >= 0.02:
                    print(f"  {spent:6.2f}  {label}")
            if profiler is not None:
                pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "tottime")).print_stats(
                    *([os.environ["FILTER"]] if "FILTER" in os.environ else []), args.profile
                )
    finally:
        persona.write_text(original, encoding="utf-8")
        config.plugins.on_shutdown()
        shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    main()
