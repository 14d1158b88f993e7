"""The readers added for issue 24 (HTML and Markdown pages, long tables, maps-as-code
YAML, shape detection) hold the import's security rules: each hostile file of about 1 MB
is read or refused in a fresh process within 10 s, with positioned messages and exit
status 0 or 1, never a traceback; random input ends in problems, never an exception; and
nothing is written outside the journeys folder."""

from __future__ import annotations

import string
from typing import TYPE_CHECKING

import hostile_imports as hostile
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from journey_maps.importers import ImportFailed
from journey_maps.importers.run import run_import

if TYPE_CHECKING:
    from pathlib import Path

MODELINE = "# yaml-language-server: $schema=_schema/persona.schema.json\n"


@pytest.mark.parametrize("name", hostile.SHAPE_FILES)
def test_hostile_shapes_end_in_messages_within_the_time_bound(tmp_path: Path, name: str) -> None:
    source = hostile.shape_file(tmp_path, name)
    folder = tmp_path / "journeys"
    folder.mkdir()
    result = hostile.run_import([str(source), "--dir", str(folder), "--dry-run"], tmp_path)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.stderr.strip(), "a hostile file is never imported without a word"
    assert sorted(p.name for p in folder.iterdir()) == []  # a dry run writes nothing


def test_refusals_name_the_limit(tmp_path: Path) -> None:
    def stderr(name: str, size: int = 1_000_000) -> str:
        source = hostile.shape_file(tmp_path, name, size)
        return hostile.run_import(
            [str(source), "--dir", str(tmp_path), "--dry-run"], tmp_path
        ).stderr

    assert "stage 101 of one journey; the most a journey takes is 100" in stderr("wide-table.md")
    assert "cells a journey map may span" in stderr("spans.html")
    assert "items in one cell; the most an import splits a cell into is 1,000" in stderr(
        "comma-cell.csv",
        100_000,  # within the csv module's cell limit
    )
    assert "YAML documents; a map is a few (at most 1,000)" in stderr("markers.yaml")
    assert "the most one long table imports is 5,000" in stderr("long-rows.csv")
    assert "nested more than 64 levels deep" in stderr("nested.yaml")


SUFFIXES = (".md", ".html", ".csv", ".yaml", ".mmd")
PIECES = st.sampled_from(
    [
        "|",
        "---",
        "\n",
        '<div class="mermaid">',
        "</div>",
        "<table>",
        "<tr>",
        "<td colspan=3>",
        "journey",
        "section A",
        "  T: 3: Me",
        "step,stage,emotion",
        "phases:",
        "  - name: A",
        "    actions: [x]",
        "emotion_score: -2",
        ",",
        ";",
        "•",
        "&amp;",
        "```",
        "&#0;",
        "\x1b",
    ]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    suffix=st.sampled_from(SUFFIXES),
    pieces=st.lists(PIECES | st.text(string.printable, max_size=8), max_size=40),
)
def test_random_files_import_or_give_problems(
    tmp_path: Path, suffix: str, pieces: list[str]
) -> None:
    source = tmp_path / f"random{suffix}"
    source.write_text("".join(pieces), encoding="utf-8")
    folder = tmp_path / "journeys"
    folder.mkdir(exist_ok=True)
    problems = ["imported"]
    try:
        run_import(None, [source], folder, modeline=MODELINE, allow_partial=True)
    except ImportFailed as error:
        problems = error.problems
    assert problems  # an ImportFailed always says why
    assert not (folder / "random.yml").exists()  # run_import checks; only `write` writes


def _studio_chain(count: int) -> str:
    """An Enablement Map Studio file of `count` blueprint tasks without a source_id, each
    joined by an arrow to the next, the first to the journey's one action: the arrows
    place every task, each arrow followed once."""
    tasks = "".join(f"  - {{id: t{n}, lane: l, name: Task {n}}}\n" for n in range(count))
    arrows = "".join(
        f"  - {{source: {'a' if n == 0 else f't{n - 1}'}, target: t{n}}}\n" for n in range(count)
    )
    return (
        "kind: cjm\nid: cjm:x\nphases: [{id: p, name: P}]\n"
        "actions: [{id: a, name: A, phase: p, emotion_score: 0}]\n---\n"
        "kind: sbp\nlanes: [{id: c, name: Customer, kind: cjm}, {id: l, name: Team, kind: team}]\n"
        f"tasks:\n  - {{id: a, lane: c, name: A, readonly: true}}\n{tasks}connections:\n{arrows}"
    )


@pytest.mark.parametrize(
    ("name", "text", "said"),
    [
        (
            "stage-tables.md",
            "## Map\n"
            + "".join(
                f"### {n}. S\n| A | B |\n|---|---|\n| Actions | x |\n" for n in range(20_000)
            ),
            "stage 101 of one journey; the most a journey takes is 100",
        ),
        ("chain.yaml", _studio_chain(15_000), "by its arrow from 't14998'"),
        (
            "indented.html",
            '<pre class="mermaid">\n' + " " * 500_000 + "\n" * 200_000 + "    journey\n</pre>",
            "the diagram has no sections or tasks",
        ),
    ],
    ids=["stage-tables", "arrow-chain", "indented-pre"],
)
def test_corpus_shapes_at_hostile_sizes_end_within_the_time_bound(
    tmp_path: Path, name: str, text: str, said: str
) -> None:
    """The readers of the corpus's shapes (one table a stage, a blueprint's arrows, an
    indented Mermaid block) on files of about 1 MB: a message, in a fresh process, in 10 s."""
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    assert 500_000 < source.stat().st_size < 2_000_000
    result = hostile.run_import([str(source), "--dir", str(tmp_path), "--dry-run"], tmp_path)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert said in result.stderr + result.stdout, result.stderr[-2000:]
