"""Public journey files nobody here wrote (tests/fixtures/corpus/SOURCES.toml): each is
imported with the auto-detecting `journey-maps import FILE`, validated, and built with
`mkdocs build --strict`, with the counts of journeys, stages, steps and pain points
verified by reading the file.

A file the import does not read yet stays in the corpus with an `xfail` reason (a
finding, not a file dropped to keep the suite green); the test still runs it, so it
reports XPASS the day the import reads it with the counts the file holds."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

import pytest
from conftest import FIXTURES, build_project, journey_maps_cli, make_project

from journey_maps.source.handbook import load_handbook

if TYPE_CHECKING:
    from pathlib import Path

tomllib = pytest.importorskip("tomllib")  # Python 3.11+; the lowest set may run 3.10
CORPUS = FIXTURES / "corpus"
SOURCES: list[dict[str, Any]] = tomllib.loads((CORPUS / "SOURCES.toml").read_text("utf-8"))["file"]


def test_every_corpus_file_is_named_with_its_source_and_licence() -> None:
    listed = {entry["name"] for entry in SOURCES}
    present = {path.name for path in CORPUS.iterdir() if path.name != "SOURCES.toml"}
    assert listed == present
    for entry in SOURCES:
        for key in ("shape", "repository", "path", "commit", "licence", "licence_line", "command"):
            assert entry.get(key), (entry["name"], key)
        assert len(entry["commit"]) == 40
        assert entry["command"].startswith(f"journey-maps import {entry['name']}")


def git_blob_id(data: bytes) -> str:
    """The id git gives a file's content: what `git hash-object FILE` prints."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


@pytest.mark.parametrize(
    "entry",
    [entry for entry in SOURCES if "blob" in entry],
    ids=[entry["name"] for entry in SOURCES if "blob" in entry],
)
def test_a_corpus_file_is_the_upstream_file_byte_for_byte(entry: dict[str, Any]) -> None:
    """`blob` is the upstream blob id at `commit`; a copy that changed a byte (a line
    ending, a trailing newline, an editor's tab) would test something nobody wrote."""
    assert git_blob_id((CORPUS / entry["name"]).read_bytes()) == entry["blob"]


def corpus_case(entry: dict[str, Any]) -> Any:
    """One entry as a test case, marked xfail (not strict) with its reason when it has one."""
    marks = [pytest.mark.xfail(reason=" ".join(entry["xfail"].split()))] if "xfail" in entry else []
    return pytest.param(entry, id=entry["name"], marks=marks)


@pytest.mark.parametrize("entry", [corpus_case(entry) for entry in SOURCES])
def test_a_public_file_imports_validates_and_builds_strict(
    tmp_path: Path, entry: dict[str, Any]
) -> None:
    project = make_project(tmp_path)
    (project / "journeys").mkdir()
    source = CORPUS / entry["name"]
    imported = journey_maps_cli(project, "import", str(source), "--persona", "corpus")
    assert imported.returncode == 0, imported.stderr
    validated = journey_maps_cli(project, "validate")
    assert validated.returncode == 0, validated.stdout + validated.stderr
    handbook = load_handbook(project / "journeys", project)
    [persona] = handbook.personas
    journeys = persona.journeys
    stages = [stage for journey in journeys for stage in journey.stages]
    counts = {
        "journeys": len(journeys),
        "stages": len(stages),
        "steps": sum(len(stage.steps) for stage in stages),
        "pain_points": sum(len(stage.pain_points) for stage in stages),
    }
    assert counts == {key: entry[key] for key in counts}
    site = build_project(project, strict=True)
    assert f"{persona.id}/{journeys[0].id}" in "".join(
        path.as_posix() for path in site.html_files()
    )
