"""Benchmark: the plugin against the same site written by hand, side by side in one run.

    python benchmarks/run.py                      # 100, 1,000 and 5,000 stage pages, 3 repeats
    python benchmarks/run.py --sizes 100 1000 --repeats 5

For each size it generates a synthetic handbook (realistic field sizes), then builds:

* plugin:      the YAML handbook with the journey-maps plugin;
* hand-written: the same pages as ordinary Markdown files in docs/, with the same nav,
                written out from the plugin's own output, so text and page count match;
* plugin, bounded nav: the plugin with `navigation: journeys` (stages reached from their
                journey page), for large handbooks.

All three use one mkdocs.yml: Material with `navigation.prune`, and search. Builds run
as separate `mkdocs build` processes, interleaved, and the median of the repeats is
reported with peak memory (max RSS). It also times `journey-maps validate` against a bare
`yaml.load(CSafeLoader)` of the same files. Results are printed as a table and saved as
JSON (default benchmarks/results.json).

    python benchmarks/run.py --hosts --sizes 1000 5000

`--hosts` compares hosts instead, on the same synthetic handbook in the same run: MkDocs +
plugin (`mkdocs build`), `journey-maps render` alone (into an empty folder), and `render`
followed by `zensical build` of the rendered site (Zensical from `--zensical-python`,
default the `.venv-hosts/zensical-*` environment tests/compat/test_hosts.py creates). Saved to
benchmarks/results-hosts.json.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import write_handbook
from timing import timed_build

STAGES_PER_JOURNEY = 5
JOURNEYS_PER_PERSONA = 4
BUILD_ENVIRONMENT = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1790000000"}
THEME = {"name": "material", "features": ["navigation.prune", "navigation.indexes"]}
# The extensions the plugin turns on, written out so the hand-written site has them too.
EXTENSIONS = """\
markdown_extensions:
  - attr_list
  - tables
  - toc
  - pymdownx.superfences:
      custom_fences:
        - name: mermaid
          class: mermaid
          format: !!python/name:pymdownx.superfences.fence_code_format
"""


def mkdocs_yml(
    project: Path,
    *,
    plugin: dict[str, Any] | None,
    nav: list[Any] | None = None,
    extra_css: list[str] | None = None,
) -> None:
    """One configuration for every variant: Material, navigation.prune, search."""
    plugins: list[Any] = ["search"]
    if plugin is not None:
        plugins.append({"journey-maps": plugin})
    config: dict[str, Any] = {"site_name": "Benchmark handbook", "theme": THEME, "plugins": plugins}
    if extra_css:
        config["extra_css"] = extra_css
    if nav is not None:
        config["nav"] = nav
    text = yaml.safe_dump(config, sort_keys=False) + EXTENSIONS
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")


def hand_written_copy(plugin_project: Path, target: Path) -> None:
    """The plugin's generated pages as plain Markdown files, with the nav it produced."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
    from journey_maps.nav import with_section
    from journey_maps.site.context import PageContext
    from journey_maps.site.escaping import html_title
    from journey_maps.site.options import RenderOptions
    from journey_maps.site.pages import generate_pages
    from journey_maps.site.paths import SitePaths
    from journey_maps.site.templating import make_environment
    from journey_maps.source.handbook import load_handbook
    from journey_maps.views.review import build_date

    handbook = load_handbook(plugin_project / "journeys", plugin_project)
    options = RenderOptions(today=build_date())
    site = generate_pages(PageContext(handbook, SitePaths(), options, make_environment()))
    docs = target / "docs"
    shutil.copytree(plugin_project / "docs", docs)
    for page in site.pages:
        path = docs / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        front = "".join(
            f"{k}: {json.dumps(v)}\n"
            for k, v in {"title": str(html_title(page.title)), **page.meta}.items()
        )
        path.write_text(f"---\n{front}---\n\n{page.markdown}", encoding="utf-8")
    css = (
        Path(__file__).resolve().parent.parent
        / "plugins"
        / "journey_maps"
        / "site"
        / "assets"
        / "journey-maps.css"
    )
    (docs / "journeys" / "assets").mkdir(parents=True, exist_ok=True)
    shutil.copy(css, docs / "journeys" / "assets" / "journey-maps.css")
    nav = with_section([{"Home": "index.md"}], None, site.nav, set())  # type: ignore[arg-type]
    mkdocs_yml(target, plugin=None, nav=nav, extra_css=["journeys/assets/journey-maps.css"])


def timed_validate(project: Path, repeats: int) -> tuple[float, float]:
    """Median seconds of the plugin's full validation and of a bare CSafeLoader parse."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
    from journey_maps.source.handbook import load_handbook

    files = sorted((project / "journeys").glob("*.yml"))
    validate, bare = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        load_handbook(project / "journeys", project)
        validate.append(time.perf_counter() - start)
        start = time.perf_counter()
        for path in files:
            yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
        bare.append(time.perf_counter() - start)
    return statistics.median(validate), statistics.median(bare)


def plugin_handbook(base: Path, stages: int) -> tuple[Path, int]:
    """A synthetic handbook of about `stages` stage pages in base/plugin, with the plugin's
    mkdocs.yml; returns the project and its number of personas."""
    personas = max(1, round(stages / (STAGES_PER_JOURNEY * JOURNEYS_PER_PERSONA)))
    project = base / "plugin"
    write_handbook(
        project, personas=personas, journeys=JOURNEYS_PER_PERSONA, stages=STAGES_PER_JOURNEY
    )
    mkdocs_yml(project, plugin={})
    return project, personas


def run_size(
    stages: int,
    repeats: int,
    work: Path,
    *,
    navigation: str = "journeys",
    only: list[str] | None = None,
) -> dict[str, Any]:
    base = work / f"n{stages}"
    plugin_project, personas = plugin_handbook(base, stages)
    bounded_project = base / "bounded"
    shutil.copytree(plugin_project, bounded_project)
    mkdocs_yml(bounded_project, plugin={"navigation": navigation})
    hand_project = base / "hand"
    hand_written_copy(plugin_project, hand_project)
    pages = sum(1 for _ in (hand_project / "docs").rglob("*.md"))
    variants = {
        "plugin": plugin_project,
        "hand-written": hand_project,
        "plugin, bounded nav": bounded_project,
    }
    variants = {name: path for name, path in variants.items() if name in (only or variants)}
    times: dict[str, list[float]] = {name: [] for name in variants}
    cpu: dict[str, list[float]] = {name: [] for name in variants}
    memory: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(repeats):  # interleaved, so drift on the machine hits all variants alike
        for name, project in variants.items():
            seconds, cpu_seconds, mib = timed_build(project, environment=BUILD_ENVIRONMENT)
            times[name].append(seconds)
            cpu[name].append(cpu_seconds)
            memory[name].append(mib)
    validate, bare = timed_validate(plugin_project, max(repeats, 5))
    result: dict[str, Any] = {
        "navigation_bounded": navigation,
        "stage_pages": personas * JOURNEYS_PER_PERSONA * STAGES_PER_JOURNEY,
        "pages": pages,
        "personas": personas,
        "yaml_bytes": sum(p.stat().st_size for p in (plugin_project / "journeys").glob("*.yml")),
        "build_seconds": {name: statistics.median(values) for name, values in times.items()},
        "build_seconds_all": times,
        "cpu_seconds": {name: statistics.median(values) for name, values in cpu.items()},
        "peak_mib": {name: max(values) for name, values in memory.items()},
        "validate_seconds": validate,
        "bare_parse_seconds": bare,
    }
    if {"plugin", "hand-written"} <= set(times):
        result["ratio_plugin_to_hand"] = (
            result["build_seconds"]["plugin"] / result["build_seconds"]["hand-written"]
        )
        result["cpu_ratio_plugin_to_hand"] = (
            result["cpu_seconds"]["plugin"] / result["cpu_seconds"]["hand-written"]
        )
        result["rss_ratio_plugin_to_hand"] = (
            result["peak_mib"]["plugin"] / result["peak_mib"]["hand-written"]
        )
    result["ratio_validate_to_parse"] = validate / bare
    result["ms_per_page"] = {name: 1000 * s / pages for name, s in result["build_seconds"].items()}
    shutil.rmtree(base)
    return result


# --- hosts: MkDocs + plugin against render + Zensical ---------------------------------------

ROOT = Path(__file__).resolve().parent.parent
BENCH_ENV = {"NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1790000000"}


def zensical_python(given: str | None) -> Path:
    """A Python with Zensical: the one given, this one, or the test suite's host venv."""
    if given:
        return Path(given)
    try:
        import zensical  # type: ignore[import-not-found]  # noqa: F401

        return Path(sys.executable)
    except ImportError:
        pass
    found = sorted(ROOT.glob(".venv-hosts/zensical-*/bin/python"))
    if not found:
        raise SystemExit(
            "no Zensical: run `python -m pytest tests/compat/test_hosts.py -k zensical` once (it makes "
            ".venv-hosts/), or pass --zensical-python"
        )
    return found[-1]


def timed(command: list[str], cwd: Path) -> tuple[float, float]:
    """Seconds and peak memory (MiB) of one command in a fresh process."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **BENCH_ENV},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        error = process.stderr.read().decode() if process.stderr else ""
        raise RuntimeError(f"{' '.join(command)} in {cwd} failed:\n{error}")
    return seconds, usage.ru_maxrss / 1024


def zensical_yml(project: Path) -> None:
    """The site config for the rendered pages, as docs/guide/hosting.md says, for Zensical:
    no plugin, the stylesheet listed, the awesome-nav entry so it reads render's .nav.yml."""
    config: dict[str, Any] = {
        "site_name": "Benchmark handbook",
        "theme": THEME,
        "plugins": ["search", "awesome-nav"],
        "extra_css": ["journeys/assets/journey-maps.css"],
    }
    text = yaml.safe_dump(config, sort_keys=False) + EXTENSIONS
    (project / "mkdocs.yml").write_text(text, encoding="utf-8")


# Zensical's word separator (Material's default): its count matched Zensical's own error
# message ("16821 token positions") on the same entry.
SEARCH_SEPARATOR = re.compile(r'[\s\-,:!=\[\]()"/]+|\.(?!\d)')


def largest_entry(entries: list[dict[str, Any]]) -> list[Any]:
    """[words, location] of the search entry with the most words in its text (Zensical
    refuses an entry over 16,384 in a handbook of this size)."""

    def words(entry: dict[str, Any]) -> int:
        text = html.unescape(re.sub(r"<[^>]+>", " ", entry["text"]))
        return sum(1 for word in SEARCH_SEPARATOR.split(text) if word)

    biggest = max(entries, key=words)
    return [words(biggest), biggest["location"]]


def run_hosts_size(stages: int, repeats: int, work: Path, zensical: Path) -> dict[str, Any]:
    base = work / f"hosts-n{stages}"
    plugin_project, personas = plugin_handbook(base, stages)
    rendered = base / "rendered"
    shutil.copytree(plugin_project, rendered)
    zensical_yml(rendered)
    render = [sys.executable, "-m", "journey_maps.cli", "render"]
    build = [str(zensical), "-m", "zensical", "build", "--clean"]
    names = ["MkDocs + plugin", "render", "Zensical build", "render + Zensical"]
    times: dict[str, list[float]] = {name: [] for name in names}
    memory: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(repeats):  # interleaved, so drift on the machine hits both hosts alike
        seconds, _, mib = timed_build(plugin_project, environment=BUILD_ENVIRONMENT)
        times["MkDocs + plugin"].append(seconds)
        memory["MkDocs + plugin"].append(mib)
        for leftover in ("docs/journeys", "site", ".cache"):
            shutil.rmtree(rendered / leftover, ignore_errors=True)
        render_s, render_mib = timed(render, rendered)
        build_s, build_mib = timed(build, rendered)
        for name, value, mib in (
            ("render", render_s, render_mib),
            ("Zensical build", build_s, build_mib),
            ("render + Zensical", render_s + build_s, max(render_mib, build_mib)),
        ):
            times[name].append(value)
            memory[name].append(mib)
    pages = sum(1 for _ in (rendered / "docs").rglob("*.md"))
    built = sum(1 for _ in (rendered / "site").rglob("*.html"))
    mkdocs_index = json.loads((plugin_project / "site/search/search_index.json").read_text())
    zensical_index = json.loads((rendered / "site/search.json").read_text())
    seconds = {name: statistics.median(values) for name, values in times.items()}
    result = {
        "stage_pages": personas * JOURNEYS_PER_PERSONA * STAGES_PER_JOURNEY,
        "pages": pages,
        "zensical_html_files": built,
        "personas": personas,
        "build_seconds": seconds,
        "build_seconds_all": times,
        "peak_mib": {name: max(values) for name, values in memory.items()},
        "ratio_render_zensical_to_plugin": seconds["render + Zensical"]
        / seconds["MkDocs + plugin"],
        "ratio_render_to_plugin": seconds["render"] / seconds["MkDocs + plugin"],
        "search_entries": {
            "MkDocs + plugin": len(mkdocs_index["docs"]),
            "render + Zensical": len(zensical_index["items"]),
        },
        "largest_search_entry_words": {
            "MkDocs + plugin": largest_entry(mkdocs_index["docs"]),
            "render + Zensical": largest_entry(zensical_index["items"]),
        },
    }
    shutil.rmtree(base)
    return result


def hosts_table(report: dict[str, Any]) -> str:
    rows = [
        "| stage pages | pages | MkDocs + plugin s | render s | Zensical build s | render + Zensical s | (render + Zensical) / (MkDocs + plugin) | peak MiB MkDocs | peak MiB render | peak MiB Zensical | largest search entry (words) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in report["results"]:
        b, m = r["build_seconds"], r["peak_mib"]
        rows.append(
            f"| {r['stage_pages']:,} | {r['pages']:,} | {b['MkDocs + plugin']:.2f} | {b['render']:.2f} | "
            f"{b['Zensical build']:.2f} | {b['render + Zensical']:.2f} | "
            f"{r['ratio_render_zensical_to_plugin']:.2f} | {m['MkDocs + plugin']:.0f} | "
            f"{m['render']:.0f} | {m['Zensical build']:.0f} | "
            f"{r['largest_search_entry_words']['render + Zensical'][0]:,} |"
        )
    return "\n".join(rows)


def main_hosts(arguments: argparse.Namespace) -> None:
    zensical = zensical_python(arguments.zensical_python)
    version = subprocess.run(
        [str(zensical), "-m", "zensical", "--version"], capture_output=True, text=True, check=True
    ).stdout.strip()
    results = []
    with tempfile.TemporaryDirectory(prefix="jm-bench-hosts-") as work:
        for size in arguments.sizes:
            print(
                f"building {size} stage pages: MkDocs + plugin, render, Zensical "
                f"x{arguments.repeats} ...",
                file=sys.stderr,
                flush=True,
            )
            results.append(run_hosts_size(size, arguments.repeats, Path(work), zensical))
    report = report_of(arguments, results, zensical=version)
    output = arguments.output or Path(__file__).resolve().parent / "results-hosts.json"
    output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(hosts_table(report))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--navigation", default="journeys", help="the bounded variant's navigation option"
    )
    parser.add_argument(
        "--variants",
        nargs="+",
        choices=["plugin", "hand-written", "bounded"],
        help="default: all three",
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="default: benchmarks/results.json (benchmarks/results-hosts.json with --hosts)",
    )
    parser.add_argument(
        "--hosts",
        action="store_true",
        help="compare MkDocs + plugin with journey-maps render + Zensical instead",
    )
    parser.add_argument("--zensical-python", help="a Python with Zensical (for --hosts)")
    arguments = parser.parse_args()
    if arguments.hosts:
        main_hosts(arguments)
        return
    arguments.output = arguments.output or Path(__file__).resolve().parent / "results.json"
    results = []
    with tempfile.TemporaryDirectory(prefix="jm-bench-") as work:
        for size in arguments.sizes:
            print(
                f"building {size} stage pages x3 variants x{arguments.repeats} ...",
                file=sys.stderr,
                flush=True,
            )
            chosen = [
                {"bounded": "plugin, bounded nav"}.get(v, v) for v in arguments.variants or []
            ]
            results.append(
                run_size(
                    size,
                    arguments.repeats,
                    Path(work),
                    navigation=arguments.navigation,
                    only=chosen,
                )
            )
    report = report_of(arguments, results)
    arguments.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(table(report))


def table(report: dict[str, Any]) -> str:
    rows = [
        "| stage pages | pages | plugin s | hand-written s | plugin / hand | CPU plugin / hand | RSS plugin / hand | bounded nav s | ms/page plugin | ms/page hand | ms/page bounded | validate s | bare parse s | validate / parse | peak MiB plugin | peak MiB hand |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in report["results"]:
        nan = float("nan")
        b = {
            k: r["build_seconds"].get(k, nan)
            for k in ("plugin", "hand-written", "plugin, bounded nav")
        }
        m = {k: r["ms_per_page"].get(k, nan) for k in b}
        mib = {k: r["peak_mib"].get(k, nan) for k in b}
        rows.append(
            f"| {r['stage_pages']:,} | {r['pages']:,} | {b['plugin']:.2f} | {b['hand-written']:.2f} | "
            f"{r.get('ratio_plugin_to_hand', nan):.3f} | {r.get('cpu_ratio_plugin_to_hand', nan):.3f} | "
            f"{r.get('rss_ratio_plugin_to_hand', nan):.2f} | {b['plugin, bounded nav']:.2f} | {m['plugin']:.1f} | "
            f"{m['hand-written']:.1f} | {m['plugin, bounded nav']:.1f} | {r['validate_seconds']:.3f} | "
            f"{r['bare_parse_seconds']:.3f} | {r['ratio_validate_to_parse']:.2f} | {mib['plugin']:.0f} | "
            f"{mib['hand-written']:.0f} |"
        )
    return "\n".join(rows)


def report_of(
    arguments: argparse.Namespace, results: list[dict[str, Any]], **versions: str
) -> dict[str, Any]:
    """What a run saves: the machine and versions, the command line, repeats and results."""
    return {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "mkdocs": _version("mkdocs"),
            "mkdocs-material": _version("mkdocs-material"),
            **versions,
        },
        "command": " ".join(["python", "benchmarks/run.py", *sys.argv[1:]]),
        "repeats": arguments.repeats,
        "results": results,
    }


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


if __name__ == "__main__":
    main()
