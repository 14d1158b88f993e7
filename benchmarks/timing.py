"""One `mkdocs build` in a process of its own, timed: what every benchmark here measures."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping
    from pathlib import Path

__all__ = ["timed_build"]


def timed_build(
    project: Path,
    *,
    site: Path | None = None,
    python: str = sys.executable,
    environment: Mapping[str, str] | None = None,
) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak memory (MiB) of one `mkdocs build`
    of `project` into `site` (default `project/site`), with `environment` added to this
    process's. CPU time is what a loaded machine changes least: on a busy machine the
    wall-time ratio of unchanged code once read 1.25 while the CPU-time ratio said 2.05.

    The build's log goes to a temporary file, read only when the build fails: a pipe read
    after `wait4` would stop a build whose log outgrew the pipe's buffer."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        process = subprocess.Popen(
            [python, "-m", "mkdocs", "build", "-q", "-d", str(site or project / "site")],
            cwd=project,
            env={**os.environ, **(environment or {})},
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            log.seek(0)
            raise RuntimeError(f"build of {project} failed: {log.read().decode(errors='replace')}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024
