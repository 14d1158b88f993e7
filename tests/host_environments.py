"""The hosts the compatibility tests build with, each in a Python of its own when needed.

ProperDocs and Zensical run from the environment running the tests when it has the tested
version, else from a virtual environment of their own made once under `.venv-hosts/` (it sees
this environment's packages after its own, so it can import journey_maps); TechDocs always
from one of its own, made with its pins. Used by tests/compat/test_hosts.py and by the core
tests that run `journey-maps render` or a host as a user does.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import site
import subprocess
import sys
import sysconfig
from functools import cache
from importlib import metadata
from pathlib import Path

import pytest
from conftest import ROOT
from packaging.requirements import Requirement

ZENSICAL = os.environ.get("JOURNEY_MAPS_ZENSICAL", "zensical==0.0.73")
"""The Zensical tested: 0.0.73 (0.1.x needs a zensical-ui package PyPI does not have yet)."""
PROPERDOCS = os.environ.get("JOURNEY_MAPS_PROPERDOCS", "properdocs==1.6.7")
TECHDOCS = "mkdocs-techdocs-core==1.7.1"
TECHDOCS_PINS = ROOT / "constraints" / "techdocs.txt"
"""What techdocs-core 1.7.1 pins; its environment is made with these as pip constraints."""
HOST_VENVS = ROOT / ".venv-hosts"


def host_python(requirement: str, constraints: Path | None = None) -> Path:
    """A Python that has `requirement`: this one if it does, else a cached venv of its own.

    The venv gets the requirement with its own dependencies (held to `constraints`, a pip
    constraints file, when given), then a .pth file that appends this environment's
    site-packages, so journey_maps (and Material, for ProperDocs) import. A venv made from
    another requirement or constraints file is made again."""
    wanted = Requirement(requirement)
    try:
        if constraints is None and wanted.specifier.contains(
            metadata.version(wanted.name), prereleases=True
        ):
            return Path(sys.executable)
    except metadata.PackageNotFoundError:
        pass
    name = re.sub(r"[^A-Za-z0-9.]+", "-", requirement)
    # One per environment running the tests (pinned, .venv-lowest, .venv-newest): the venv
    # sees that environment's packages, so each dependency set gets its own.
    outer_env = hashlib.sha256(sys.prefix.encode()).hexdigest()[:8]
    venv = HOST_VENVS / f"{name}-py{sys.version_info[0]}.{sys.version_info[1]}-{outer_env}"
    python = venv / "bin" / "python"
    made_from = requirement + "\n" + (constraints.read_text("utf-8") if constraints else "")
    ready = venv / ".ready"
    if ready.is_file() and ready.read_text(encoding="utf-8") == made_from:
        return python
    shutil.rmtree(venv, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    install = subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            *(["--constraint", str(constraints)] if constraints else []),
            requirement,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if install.returncode != 0:
        pytest.fail(f"could not install {requirement} into {venv}:\n{install.stderr}")
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    outer = [*site.getsitepackages(), sysconfig.get_paths()["purelib"]]
    lines = "; ".join(f"site.addsitedir({p!r})" for p in dict.fromkeys(outer))
    (Path(purelib) / "_journey_maps_outer.pth").write_text(f"import site; {lines}\n")
    ready.write_text(made_from, encoding="utf-8")
    return python


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
    )


def render(project: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`journey-maps render` as a user runs it, in the project folder."""
    return run([sys.executable, "-m", "journey_maps.cli", "render", *arguments], project)


@cache
def zensical_version() -> str:
    python = host_python(ZENSICAL)
    return run([str(python), "-m", "zensical", "--version"], ROOT).stdout.strip()
