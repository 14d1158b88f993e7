"""The files around the code: README, licence, changelog, contributing guide, CI.

They are read by people before any code runs, so they are checked like code: the
README's layout lists exactly the package's modules, its error example is what the
plugin prints for its own snippets, and CI runs the same command as a contributor.
No MkDocs build here: everything is read from the repository.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
import yaml
from conftest import ROOT

from journey_maps import __version__
from journey_maps.source.handbook import load_handbook
from journey_maps.source.problems import JourneyMapsError

if TYPE_CHECKING:
    from pathlib import Path

tomllib = pytest.importorskip("tomllib")  # Python 3.11+

PACKAGE = ROOT / "plugins" / "journey_maps"
README = ROOT / "README.md"
PACKAGE_LINE = "plugins/journey_maps/"


def readme_section(title: str) -> str:
    """The text of the README section `## title`, up to the next `## ` heading."""
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert match, f"README.md has no '## {title}' section"
    return match.group(1)


def blocks_in_order(text: str) -> list[tuple[str, str]]:
    """Every fenced block of `text` as (info string, contents), in reading order."""
    return re.findall(r"^```(\S*)\n(.*?)^```$", text, re.M | re.S)


def fenced_blocks(text: str, info: str) -> list[str]:
    """The contents of every ```info fenced block in `text`."""
    return [body for kind, body in blocks_in_order(text) if kind == info]


def layout_entries() -> list[str]:
    """Paths the README's layout lists under the package, relative to it (`site/paths.py`).

    The layout is a ```text block of `path  description` lines; two spaces of
    indentation per folder level. Lines at the left margin other than the package
    line are the rest of the repository and are not checked here.
    """
    blocks = fenced_blocks(readme_section("Layout"), "text")
    assert len(blocks) == 1, "the Layout section has one ```text block"
    entries: list[str] = []
    stack: list[tuple[int, str]] = []  # (indent, folder path relative to the package)
    in_package = False
    for number, line in enumerate(blocks[0].splitlines(), start=1):
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        path, _, description = line.strip().partition("  ")
        assert description.strip(), f"layout line {number} has no description: {line!r}"
        assert indent % 2 == 0, f"layout line {number} is not indented by two spaces: {line!r}"
        if indent == 0:
            in_package = path == PACKAGE_LINE
            stack = [(0, "")]
            continue
        assert in_package, f"layout line {number} is indented outside the package: {line!r}"
        assert " " not in path, f"one path per layout line: {line!r}"
        assert "," not in path, f"one path per layout line: {line!r}"
        while stack and stack[-1][0] >= indent:
            stack.pop()
        assert stack, f"layout line {number} is outside every folder"
        assert indent == stack[-1][0] + 2, f"layout line {number} skips a level"
        relative = stack[-1][1] + path
        entries.append(relative)
        if path.endswith("/"):
            stack.append((indent, relative))
    return entries


def package_entries() -> set[str]:
    """Every module and folder of the package the layout must list.

    Modules (`.py`, except `__init__.py`: a package is described on its folder line) and
    folders that sit directly in a Python package; files inside data folders (templates,
    assets, starters) are not listed one by one.
    """
    found: set[str] = set()
    for path in PACKAGE.rglob("*"):
        relative = path.relative_to(PACKAGE)
        if "__pycache__" in relative.parts or path.name.startswith("."):
            continue
        if not (path.parent / "__init__.py").is_file():
            continue
        if path.is_dir():
            found.add(relative.as_posix() + "/")
        elif path.suffix == ".py" and path.name != "__init__.py":
            found.add(relative.as_posix())
    return found


def test_readme_layout_lists_every_module_and_nothing_else() -> None:
    listed = layout_entries()
    assert len(listed) == len(set(listed)), "a path is listed twice in the README layout"
    expected = package_entries()
    assert {"source/", "views/", "site/", "site/templates/", "site/assets/", "starters/"} <= (
        expected
    )
    missing = sorted(expected - set(listed))
    extra = sorted(set(listed) - expected)
    assert not missing, f"README.md Layout does not list: {missing}"
    assert not extra, f"README.md Layout lists what does not exist: {extra}"


def test_readme_error_example_is_what_the_plugin_prints(tmp_path: Path) -> None:
    """The README's snippets, with the two mistakes it describes, give its error output."""
    section = readme_section("Add it to your site")
    yaml_blocks = fenced_blocks(section, "yaml")
    persona = next(b for b in yaml_blocks if b.startswith("# journeys/first-time-buyer.yml\n"))
    catalog = next(b for b in yaml_blocks if b.startswith("# journeys/_catalog.yml\n"))
    assert "emotion: 7" in section
    assert "pricng-page" in section
    broken = persona.replace("emotion: 2", "emotion: 7", 1).replace(
        "touchpoint: pricing-page", "touchpoint: pricng-page", 1
    )
    assert broken.count("\n") == persona.count("\n")
    assert broken != persona
    journeys = tmp_path / "journeys"
    journeys.mkdir()
    (journeys / "first-time-buyer.yml").write_text(broken, encoding="utf-8")
    (journeys / "_catalog.yml").write_text(catalog, encoding="utf-8")
    with pytest.raises(JourneyMapsError) as error:
        load_handbook(journeys, tmp_path)
    printed = [b for b in fenced_blocks(section, "text") if "errors in" in b]
    assert len(printed) == 1
    assert str(error.value) == printed[0].rstrip("\n")

    # And as written (no mistakes), the snippets are a valid handbook.
    (journeys / "first-time-buyer.yml").write_text(persona, encoding="utf-8")
    handbook = load_handbook(journeys, tmp_path)
    assert [p.id for p in handbook.personas] == ["first-time-buyer"]


def test_readme_keeps_two_setup_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert fenced_blocks(readme_section("Try it: the example handbook"), "sh") == [
        "pip install -e . && mkdocs serve\n"
    ]
    assert fenced_blocks(readme_section("Run the tests"), "sh") == ["bash tests/run\n"]
    assert "python3 -m venv .venv" in text
    for flag in ("--newest", "--lowest"):
        assert f"bash tests/run {flag}" in text
    assert "NO_MKDOCS_2_WARNING=1" in text
    assert "shared folder" not in text, "point to docs/reference.md, which a clone has"
    assert "(docs/reference.md)" in text


@pytest.mark.parametrize("name", ["LICENSE", "CHANGELOG.md", "CONTRIBUTING.md"])
def test_project_files_exist(name: str) -> None:
    assert (ROOT / name).is_file()
    assert f"({name})" in README.read_text(encoding="utf-8") or name == "LICENSE"


def test_license_is_mit_as_declared() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert pyproject["project"]["license"] == "MIT"
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT License\n")
    assert "Copyright (c) 2026 mkdocs-journey-maps contributors" in text


def test_changelog_has_unreleased_and_the_current_version() -> None:
    text = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\]", text, re.M)
    assert headings[0] == "Unreleased"
    assert __version__ in headings
    for heading in headings:
        assert re.search(rf"^\[{re.escape(heading)}\]: https://", text, re.M), heading


def test_package_metadata() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    classifiers = project["classifiers"]
    # `license` is an SPDX expression (PEP 639): PyPI refuses uploads that also carry a
    # license classifier.
    assert not [c for c in classifiers if c.startswith("License ::")]
    assert set(project["urls"]) >= {"Homepage", "Documentation", "Changelog", "Issues"}
    versions = sorted(
        (int(m.group(1)), int(m.group(2)))
        for c in classifiers
        if (m := re.fullmatch(r"Programming Language :: Python :: (\d+)\.(\d+)", c))
    )
    lowest = re.fullmatch(r">=(\d+)\.(\d+)", project["requires-python"])
    assert lowest
    assert versions[0] == (int(lowest.group(1)), int(lowest.group(2)))
    if "Typing :: Typed" in classifiers:
        assert (PACKAGE / "py.typed").is_file(), "Typing :: Typed needs journey_maps/py.typed"


def test_ci_runs_the_readme_test_command() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text("utf-8"))
    runs = [
        step["run"].strip()
        for job in workflow["jobs"].values()
        for step in job["steps"]
        if "run" in step
    ]
    assert "bash tests/run" in runs
    assert "bash tests/run --newest" in runs
    assert "bash tests/run --lowest" in runs, "the floors in pyproject.toml are tested in CI"
    pythons = {
        str(version)
        for job in workflow["jobs"].values()
        for version in job.get("strategy", {}).get("matrix", {}).get("python-version", [])
    }
    assert pythons >= {"3.11", "3.12", "3.13"}


def test_ci_entry_point_runs_the_readme_test_command() -> None:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert "bash tests/run" in [line.strip() for line in lines]


def test_issue_forms() -> None:
    folder = ROOT / ".github" / "ISSUE_TEMPLATE"
    bug = (folder / "bug_report.yml").read_text(encoding="utf-8")
    for asked in (
        "pip show mkdocs mkdocs-material mkdocs-journey-maps",
        "journey-maps validate --format json",
        "mkdocs.yml",
    ):
        assert asked in bug
    for name in ("bug_report.yml", "feature_request.yml", "config.yml"):
        form = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
        assert isinstance(form, dict)
        for element in form.get("body", []):
            assert element["type"] in {"markdown", "textarea", "input", "dropdown", "checkboxes"}


TEMPLATE_LINE_MAX = 160


def test_no_template_line_is_longer_than_160_characters() -> None:
    """Templates only lay out what the views decided, so no line of one needs to be long:
    a long line is logic that belongs in `views/` or a `PageContext` method. A Markdown
    table row lists its cells one per line (the `row` macro of `_macros.md.j2`), and a
    paragraph goes on in the next line after an empty comment."""
    templates = sorted((PACKAGE / "site" / "templates").rglob("*.j2"))
    assert len(templates) > 20
    long_lines = [
        f"{path.relative_to(ROOT)}:{number}: {len(line)} characters"
        for path in templates
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if len(line) > TEMPLATE_LINE_MAX
    ]
    assert not long_lines, "\n".join(long_lines)
