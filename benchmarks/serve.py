"""Benchmark: edit to refreshed page under `mkdocs serve`, the figure issue 25 is judged by.

    python benchmarks/serve.py                          # 100 and 1,000 stage pages, --dirty
    python benchmarks/serve.py --sizes 1000 --edits 5 --modes dirty plain

For each size it writes the synthetic handbook of `run.py` (same mkdocs.yml: Material with
`navigation.prune`), starts `mkdocs serve` (with `--dirty` or without), waits for the first
build, then renames one stage per edit (alternating between the first and the middle persona
file, only that scalar in the YAML) and polls the stage's page every 50 ms until it shows
the new name: the latency is from the end of the write to that response. After each edit
it checks that the journey page, the next stage's page (its navigation), the pain register
and the touchpoints page show the new name too, within 2 s more; a page that does not is
counted stale. Prints the median and saves benchmarks/results-serve.json.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import plugin_handbook  # the same synthetic handbook and mkdocs.yml as run.py

POLL = 0.05
GRACE = 2.0


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return str(response.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError):
        return ""


def _stage_name(text: str) -> tuple[int, int, str, str, str]:
    """Where the second stage of the first journey is named: start, end, journey id,
    stage id, next stage id."""
    root = yaml.compose(text, Loader=yaml.SafeLoader)

    def key(node: Any, name: str) -> Any:
        return next(v for k, v in node.value if k.value == name)

    journey = key(root, "journeys").value[0]
    stages = key(journey, "stages").value
    name = key(stages[1], "name")
    return (
        name.start_mark.index,
        name.end_mark.index,
        key(journey, "id").value,
        key(stages[1], "id").value,
        key(stages[2], "id").value,
    )


def measure(project: Path, *, dirty: bool, edits: int) -> dict[str, Any]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"]
    if dirty:
        command.append("--dirty")
    files = sorted((project / "journeys").glob("persona-*.yml"))
    targets = [files[0], files[len(files) // 2]]
    originals = {path: path.read_bytes() for path in targets}
    server = subprocess.Popen(
        command,
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        start_new_session=True,
    )
    latencies: list[float] = []
    stale = 0
    try:
        start = time.monotonic()
        first = f"{base}/journeys/"
        while "Journey maps" not in _get(first):
            if server.poll() is not None:
                raise SystemExit("mkdocs serve stopped during the first build")
            time.sleep(0.25)
        first_build = time.monotonic() - start
        for number in range(edits):
            path = targets[number % len(targets)]
            text = path.read_text(encoding="utf-8")
            begin, end, journey, stage, following = _stage_name(text)
            new = f"Renamed stage {number + 1} {time.monotonic_ns() % 100000}"
            path.write_text(text[:begin] + json.dumps(new) + text[end:], encoding="utf-8")
            written = time.monotonic()
            journey_url = f"{base}/journeys/{path.stem}/{journey}/"
            while new not in _get(f"{journey_url}{stage}/"):
                time.sleep(POLL)
            latencies.append(time.monotonic() - written)
            for url in (
                journey_url,
                f"{journey_url}{following}/",
                f"{base}/journeys/pain-points/",
                f"{base}/journeys/touchpoints/",
            ):
                deadline = time.monotonic() + GRACE
                while new not in _get(url) and time.monotonic() < deadline:
                    time.sleep(POLL)
                stale += new not in _get(url)
            time.sleep(1.0)  # let livereload settle before the next save
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        for path, content in originals.items():
            path.write_bytes(content)
    return {
        "dirty": dirty,
        "first_build_seconds": first_build,
        "latencies": latencies,
        "median_seconds": statistics.median(latencies),
        "stale_pages": stale,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--modes", nargs="+", choices=["dirty", "plain"], default=["dirty"])
    parser.add_argument("--output", type=Path, default=Path(__file__).parent / "results-serve.json")
    arguments = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="jm-serve-") as work:
        for size in arguments.sizes:
            project, _ = plugin_handbook(Path(work) / f"n{size}", size)
            for mode in arguments.modes:
                load = os.getloadavg()[0]
                result = measure(project, dirty=mode == "dirty", edits=arguments.edits)
                result.update(stage_pages=size, mode=mode, load_before=load)
                results.append(result)
                print(
                    f"{size} stage pages, serve {'--dirty' if mode == 'dirty' else '(plain)'}: "
                    f"median {result['median_seconds']:.2f} s over {arguments.edits} edits "
                    f"({', '.join(f'{x:.2f}' for x in result['latencies'])}); stale pages "
                    f"{result['stale_pages']}; first build {result['first_build_seconds']:.1f} s; "
                    f"load {load:.2f}",
                    flush=True,
                )
    arguments.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
