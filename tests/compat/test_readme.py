"""The README's "Add it to your site", done the way a new user does it.

The section's shell lines and YAML files are read from README.md, never copied here, and
run in reading order in one bash session (`set -e`), from a folder that holds nothing but
a copy of the clone: the wheel is built in the clone, a fresh virtual environment is made
in the new site folder the README creates, the wheel is installed into it, each YAML file
is written where its first line (`# path`) says, and `mkdocs build --strict` runs. Then
the home page and every page the README says the build adds must exist.

pip is held to `constraints/pinned.txt` (PIP_CONSTRAINT), so the site gets the tested
releases, not whatever is newest today; its download cache is the user's, shared with
every other install, so a second run downloads nothing. One virtual environment per run.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from test_project_files import blocks_in_order, readme_section

SECTION = "Add it to your site"
CLONE = "mkdocs-journey-maps"
"""The folder name the README's first line `cd`s into: the clone of this repository."""
CLONE_FILES = ("pyproject.toml", "README.md", "LICENSE", "plugins")
"""What building the wheel reads from a clone."""
HEREDOC_END = "JOURNEY_MAPS_README_FILE_END"


def readme_script(section: str) -> tuple[str, list[str]]:
    """The section as one bash script, and the files its YAML blocks write.

    Shell blocks are copied line for line; a YAML block becomes a here-document into the
    file its first line names, relative to wherever the shell lines left the session."""
    lines = ["set -euo pipefail"]
    written: list[str] = []
    for kind, body in blocks_in_order(section):
        if kind == "sh":
            lines.append(body.rstrip("\n"))
        elif kind == "yaml":
            first = body.split("\n", 1)[0]
            match = re.fullmatch(r"# (\S+)", first)
            assert match, f"a YAML block of {SECTION!r} does not start with '# <file>': {first!r}"
            assert HEREDOC_END not in body
            written.append(match.group(1))
            lines += [f"cat > {match.group(1)} <<'{HEREDOC_END}'", body.rstrip("\n"), HEREDOC_END]
    return "\n".join(lines) + "\n", written


def pages_the_readme_names(section: str) -> list[str]:
    """The paths in backticks of the paragraph that says what the build adds."""
    paragraph = re.search(
        r"^Next to your home page, the build adds (.*?)\n\n", section, re.M | re.S
    )
    assert paragraph, f"{SECTION!r} no longer says what the build adds"
    return re.findall(r"`(journeys/[^`\s]*)`", paragraph.group(1))


def test_readme_sections_lines_build_the_example_site_from_an_empty_folder(
    tmp_path: Path,
) -> None:
    section = readme_section(SECTION)
    script, written = readme_script(section)
    assert "mkdocs build --strict" in script
    assert "git+" not in section
    assert written == ["mkdocs.yml", "journeys/first-time-buyer.yml", "journeys/_catalog.yml"]
    names = pages_the_readme_names(section)
    assert len(names) >= 5, names

    clone = tmp_path / CLONE
    clone.mkdir()
    for name in CLONE_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, clone / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, clone / name)
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PIP_USER"}
    }
    env |= {
        # `pip` and `python3` before the README's venv is activated: the Python running this.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
        "PIP_CONSTRAINT": str(ROOT / "constraints" / "pinned.txt"),
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
        "NO_MKDOCS_2_WARNING": "1",  # the README says how to silence Material's notice
    }
    result = subprocess.run(
        ["bash", "-c", script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    output = f"--- script\n{script}--- stdout\n{result.stdout}--- stderr\n{result.stderr}"
    assert result.returncode == 0, output

    site_folders = [p for p in tmp_path.iterdir() if p.is_dir() and p.name != CLONE]
    assert len(site_folders) == 1, f"the README makes one site folder: {site_folders}"
    project = site_folders[0]
    venv_python = project / ".venv" / "bin" / "python"
    installed = subprocess.run(
        [str(venv_python), "-c", "import journey_maps; print(journey_maps.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert str(project / ".venv") in installed, "the plugin is installed in the site's venv"

    site = project / "site"
    assert (site / "index.html").is_file(), "no home page: '/' would be a 404"
    for name in names:
        path, _, anchor = name.partition("#")
        page = site / path / "index.html"
        assert page.is_file(), f"the README names {name}, which the build did not make"
        if anchor:
            assert f'id="{anchor}"' in page.read_text(encoding="utf-8"), name
