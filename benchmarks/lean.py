"""Build ratio against the lean hand-written handbook: wall time, CPU time and peak memory.

    python benchmarks/lean.py --sizes 1000 5000 --repeats 3

The anchor is `../shared/bench/gen_handbook.py` (beside this repository, `--generator` to
point elsewhere): it writes the same content twice, as journey YAML for the plugin and as
the lean Markdown pages a CX team would write by hand (a page per stage, a Mermaid block
per journey). Both sites are built in one run, alternating, each `mkdocs build` a process
of its own with the environment `../shared/bench/bench_ratio.py` gives it, so the wall-time
ratio is that script's figure. Beside it, from the same builds (`os.wait4`): the CPU time
(user + system), which a busy machine does not inflate as it does wall time, and the peak
memory (max RSS). Prints one row per size with the three ratios side by side and saves them
(default benchmarks/results-lean.json).

    python benchmarks/lean.py --sizes 1000 --baseline ../old-checkout/plugins

`--baseline` adds a third build to each round: the plugin from another checkout's
`plugins/` folder (put first on PYTHONPATH), so a change is measured before and after in
the same run, each against the same hand-written builds.

`benchmarks/run.py` compares the plugin with its own output written to disk (the same pages
as plain Markdown); this compares it with what a team would write instead of using it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from timing import timed_build  # noqa: E402

GENERATOR = HERE.parent.parent / "shared" / "bench" / "gen_handbook.py"
ENVIRONMENT = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1764000000"}
"""As bench_ratio.py sets it, so both report the same wall-time figure."""


def build(
    python: str, project: Path, site: Path, pythonpath: Path | None = None
) -> tuple[float, float, float]:
    """One `mkdocs build`: wall seconds, CPU seconds, peak MiB; with `pythonpath` first on
    PYTHONPATH (another checkout's plugin)."""
    environment = dict(ENVIRONMENT)
    if pythonpath is not None:
        environment["PYTHONPATH"] = os.pathsep.join(
            filter(None, [str(pythonpath), os.environ.get("PYTHONPATH")])
        )
    return timed_build(project, site=site, python=python, environment=environment)


def measure(
    python: str, generator: Path, pages: int, repeats: int, baseline: Path | None = None
) -> dict[str, list[tuple[float, float, float]]]:
    """The builds of both sites at `pages` stage pages, alternating: kind -> runs."""
    with tempfile.TemporaryDirectory(prefix="journey-maps-lean-") as folder:
        root = Path(folder)
        subprocess.run(
            [python, str(generator), str(pages), str(root)], check=True, stdout=subprocess.DEVNULL
        )
        runs: dict[str, list[tuple[float, float, float]]] = {"hand": [], "plugin": []}
        if baseline is not None:
            runs["baseline"] = []
        for _ in range(repeats):
            runs["hand"].append(build(python, root / "hand", root / "site-hand"))
            if baseline is not None:
                site = root / "site-baseline"
                runs["baseline"].append(build(python, root / "plugin", site, baseline))
            runs["plugin"].append(build(python, root / "plugin", root / "site-plugin"))
    return runs


def medians(runs: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    wall, cpu, memory = (statistics.median(run[i] for run in runs) for i in range(3))
    return wall, cpu, memory


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--generator", type=Path, default=GENERATOR)
    parser.add_argument("--output", type=Path, default=HERE / "results-lean.json")
    parser.add_argument("--baseline", type=Path, help="another checkout's plugins/ folder")
    args = parser.parse_args()
    if not args.generator.is_file():
        raise SystemExit(f"no lean handbook generator at {args.generator} (--generator)")
    print(
        "| stage pages | hand wall / CPU (s) | plugin wall / CPU (s) | ratio wall | ratio CPU "
        "| peak MiB hand / plugin | ratio memory |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    results = []
    for pages in args.sizes:
        runs = measure(args.python, args.generator, pages, args.repeats, args.baseline)
        hand = medians(runs["hand"])
        for kind in ("baseline", "plugin") if args.baseline else ("plugin",):
            plugin = medians(runs[kind])
            ratio = [mine / theirs for mine, theirs in zip(plugin, hand, strict=True)]
            label = f"{pages:,}" + (f" ({kind})" if args.baseline else "")
            print(
                f"| {label} | {hand[0]:.2f} / {hand[1]:.2f} | {plugin[0]:.2f} / {plugin[1]:.2f} "
                f"| **{ratio[0]:.2f}** | **{ratio[1]:.2f}** | {hand[2]:.0f} / {plugin[2]:.0f} "
                f"| **{ratio[2]:.2f}** |",
                flush=True,
            )
        plugin = medians(runs["plugin"])
        ratio = [mine / theirs for mine, theirs in zip(plugin, hand, strict=True)]
        names = ("wall_s", "cpu_s", "peak_mib")
        results.append(
            {
                "stage_pages": pages,
                "repeats": args.repeats,
                "hand": dict(zip(names, hand, strict=True)),
                "plugin": dict(zip(names, plugin, strict=True)),
                **(
                    {"baseline": dict(zip(names, medians(runs["baseline"]), strict=True))}
                    if args.baseline
                    else {}
                ),
                "ratio": dict(zip(("wall", "cpu", "peak_memory"), ratio, strict=True)),
                "runs": runs,
                "load_average_after": os.getloadavg(),
            }
        )
    machine = {"python": platform.python_version(), "cpus": os.cpu_count()}
    args.output.write_text(
        json.dumps({"machine": machine, "results": results}, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
