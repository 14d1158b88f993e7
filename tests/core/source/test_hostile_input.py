"""Broken and hostile YAML: a clear error at a position, never a crash, a hang or a partial site."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
import yaml
from conftest import (
    FIXTURES,
    build_project,
    journey_maps_cli,
    make_project,
    mkdocs_build_cli,
    refusal_lines,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.exceptions import Abort

from journey_maps.source.handbook import ParseCache, load_handbook
from journey_maps.source.problems import JourneyMapsError
from journey_maps.source.yaml_reader import Position, load_document

if TYPE_CHECKING:
    from pathlib import Path

VALID = (FIXTURES / "small" / "journeys" / "first-time-buyer.yml").read_bytes()
CATALOG = (FIXTURES / "small" / "journeys" / "_catalog.yml").read_bytes()

BILLION_LAUGHS = b"""\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def problems(tmp_path: Path, files: dict[str, bytes], max_bytes: int = 1_000_000) -> list[str]:
    return refusal_lines(tmp_path, files, CATALOG, max_bytes=max_bytes)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            b"persona: [unclosed\n",
            "maya.yml:1:10: invalid YAML: the '[' opened here is never closed",
        ),
        (
            b'persona:\n  name: "Maya\n  role: x\n',
            "maya.yml:2:9: invalid YAML: the quote opened here is never closed",
        ),
        (
            b"persona:\n\tname: Maya\n",
            "maya.yml:2:1: invalid YAML: a tab is used for indentation; indent with spaces",
        ),
        (
            b"persona:\n  name: A\n  name: B\n",
            "maya.yml:3:3: duplicate key 'name' (first written on line 2)",
        ),
        (
            b"persona: !!python/object/apply:os.system ['id']\n",
            "maya.yml:1:10: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
        ),
        (b"persona: !include other.yml\n", "maya.yml:1:10: YAML tag '!include' is not allowed"),
        (BILLION_LAUGHS, "maya.yml:5:8: aliases expand to more than 10,000 values; refusing"),
        (
            b"a: &a [*a]\n",
            "maya.yml:1:8: an alias refers to a value that contains it (recursive alias)",
        ),
        # Some libyaml releases stop at 1,000 levels themselves (column 1001), others let the
        # loader stop at 65: either way the error is positioned and says why.
        (b"[" * 200_000 + b"]" * 200_000, "maya.yml:1:COL: nested more than 64 levels deep"),
        (b"[" * 1_000 + b"]" * 1_000, "maya.yml:1:COL: nested more than 64 levels deep"),
        (b"a:\n  b: [1, 2", "maya.yml:2:6: invalid YAML: the '[' opened here is never closed"),
        (
            b"persona:\n  name: Jos\xe9\n",
            "maya.yml:2:12: not valid UTF-8 (byte 0xe9); save the file as UTF-8",
        ),
        (b"", "maya.yml:1:1: file is empty"),
        (b"# only a comment\n", "maya.yml:1:1: file is empty"),
        (b"- persona\n- journeys\n", "maya.yml:1:1: the file must be a mapping of keys to values"),
        (b"just a sentence\n", "maya.yml:1:1: the file must be a mapping of keys to values"),
        (
            b"persona: {name: a}\n---\njourneys: []\n",
            "maya.yml:2:1: more than one YAML document (---) in the file",
        ),
        (b"<<: {persona: {name: a}}\n", "maya.yml:1:1: YAML merge keys (<<) are not supported"),
        (
            b"persona:\n  name: \x00\n",
            "maya.yml:2:9: invalid YAML: control character U+0000 is not allowed",
        ),
    ],
    ids=lambda value: value[:24].decode("utf-8", "replace") if isinstance(value, bytes) else None,
)
def test_broken_yaml_gets_a_positioned_error(
    tmp_path: Path, content: bytes, expected: str, no_hang: None
) -> None:
    """The position and the gist of the message; the parser's own wording may follow."""
    lines = problems(tmp_path, {"maya.yml": content})
    pattern = re.escape("journeys/" + expected).replace("COL", "[0-9]+")
    assert any(re.match(pattern, line) for line in lines), lines
    text_lines = content.decode("utf-8", "replace").splitlines() or [""]
    for line in lines[:-1]:
        line_number = int(line.split(":")[1])
        assert 1 <= line_number <= len(text_lines), f"{line} (the file has {len(text_lines)} lines)"


def test_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    lines = problems(tmp_path, {"maya.yml": VALID + b"#" * 2_000}, max_bytes=1_000)
    assert lines[0].startswith("journeys/maya.yml:1:1: file is ")
    assert "over the limit of 1,000 (max_file_size)" in lines[0]


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "_catalog.yml").write_bytes(b"\xef\xbb\xbf" + CATALOG)
    (folder / "maya.yml").write_bytes(b"\xef\xbb\xbf" + VALID)
    assert load_handbook(folder, tmp_path).personas[0].profile.name == "Maya Chen"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            b"persona:\n  name: Maya Chen\n",
            b"persona:\n  name: [Maya, Chen]\n",
            "persona.name: must be text, got a list",
        ),
        (
            b"  goals: [Understand cover quickly, Pay monthly]\n",
            b"  goals: Understand cover quickly\n",
            "persona.goals: must be a list, got 'Understand cover quickly'",
        ),
        (
            b"  - id: buying-a-policy\n",
            b"  - id: 12\n",
            "journeys[0].id: must be text, got 12 (put it in quotes)",
        ),
        (
            b"    stages:\n      - id: awareness\n",
            b"    stages: awareness\n    x:\n      - id: awareness\n",
            "journeys[0].stages: must be a list, got 'awareness'",
        ),
        (b"journeys:\n", b"journeys: {}\nold:\n", "journeys: must be a list, got a mapping"),
    ],
)
def test_wrong_types(tmp_path: Path, old: bytes, new: bytes, expected: str) -> None:
    assert old in VALID
    lines = problems(tmp_path, {"maya.yml": VALID.replace(old, new, 1)})
    assert any(expected in line for line in lines), lines


@pytest.mark.parametrize(
    "bad_id",
    [
        "../etc",
        "a/b",
        "a\\\\b",
        "Awareness",
        "two words",
        "x" * 65,
        "-lead",
        "double--hyphen",
        "trailing-",
    ],
)
def test_ids_that_could_escape_or_break_urls(tmp_path: Path, bad_id: str) -> None:
    text = VALID.replace(b"      - id: awareness\n", b'      - id: "' + bad_id.encode() + b'"\n', 1)
    lines = problems(tmp_path, {"maya.yml": text})
    assert any(
        "journeys[0].stages[0].id: must be an id of lowercase letters, digits and single hyphens"
        in line
        for line in lines
    ), lines


@pytest.mark.parametrize("name", ["UPPER.yml", "with space.yml", "pain-points.yml", "assets.yml"])
def test_bad_or_reserved_persona_file_names(tmp_path: Path, name: str) -> None:
    lines = problems(tmp_path, {name: VALID})
    assert any(line.startswith(f"journeys/{name}:1:1: ") for line in lines), lines


def test_duplicate_persona_ids_by_extension(tmp_path: Path) -> None:
    lines = problems(tmp_path, {"maya.yml": VALID, "maya.yaml": VALID})
    assert "journeys/maya.yml:1:1: persona id 'maya' is already used by journeys/maya.yaml" in lines


def test_symlink_out_of_the_journeys_folder_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.yml"
    secret.write_bytes(VALID)
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "maya.yml").symlink_to(secret)
    lines = problems(tmp_path, {})
    assert (
        lines[0]
        == "journeys/maya.yml:1:1: links to a file outside the journeys folder; refusing to read it"
    )


def test_dir_outside_the_project_is_a_config_error(tmp_path: Path) -> None:
    project = make_project(tmp_path, plugin_options={"dir": "../elsewhere"})
    result = mkdocs_build_cli(project)
    assert result.returncode == 1
    assert "'dir: ../elsewhere' points outside the project folder" in result.stderr
    assert "Traceback" not in result.stderr


def test_broken_file_leaves_the_last_good_site_in_place(tmp_path: Path) -> None:
    """A failing rebuild stops before MkDocs cleans the site folder (what `mkdocs serve` serves)."""
    project = make_project(tmp_path, from_fixture="small")
    site = build_project(project)
    page = site.site_dir / "journeys" / "first-time-buyer" / "index.html"
    before = page.read_bytes()
    (project / "journeys" / "first-time-buyer.yml").write_text("persona: [broken\n")
    with pytest.raises(Abort):
        build_project(project)
    assert page.read_bytes() == before


# --- property-based: anything thrown at the loader either loads or gives problems ----------

yaml_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)
)
yaml_values = st.recursive(
    yaml_scalars,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300)
@given(yaml_values)
def test_random_documents_load_or_give_problems(value: object) -> None:
    raw = yaml.safe_dump(value, allow_unicode=True).encode()
    document, found = load_document(raw, "random.yml", max_bytes=1_000_000)
    assert (document is None) == bool(found)
    for problem in found:
        assert problem.line >= 1
        assert problem.column >= 1
        assert problem.message


@settings(max_examples=300)
@given(st.binary(max_size=300))
def test_random_bytes_load_or_give_problems(raw: bytes) -> None:
    document, found = load_document(raw, "random.yml", max_bytes=1_000_000)
    assert (document is None) == bool(found)


@settings(max_examples=400, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=len(VALID)),
            st.integers(min_value=0, max_value=20),
            st.binary(max_size=12),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_mutated_valid_files_load_or_give_problems(
    tmp_path_factory: pytest.TempPathFactory, edits: list
) -> None:
    """Cut and splice bytes anywhere in a valid file: the whole handbook loader never crashes."""
    text = VALID
    for position, length, insert in edits:
        text = text[:position] + insert + text[position + length :]
    folder = tmp_path_factory.mktemp("mutant") / "journeys"
    folder.mkdir()
    (folder / "_catalog.yml").write_bytes(CATALOG)
    (folder / "maya.yml").write_bytes(text)
    try:
        load_handbook(folder, folder.parent)
    except JourneyMapsError as error:
        problems = error.problems
    else:
        return  # it loaded: nothing more to check
    assert problems, "refused with no problem to show"
    assert all(p.file.startswith("journeys/") for p in problems), problems
    assert all(p.line >= 1 for p in problems), problems


def test_rebuilds_reparse_only_changed_files(tmp_path: Path) -> None:
    """Under `mkdocs serve` the plugin keeps a parse cache: an edit re-reads and re-checks
    one file only; an unchanged persona keeps its model until the catalog's ids change."""
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "_catalog.yml").write_bytes(CATALOG)
    (folder / "maya.yml").write_bytes(VALID)
    (folder / "sam.yml").write_bytes(VALID.replace(b"Maya Chen", b"Sam Okafor"))
    cache: ParseCache = {}
    first = load_handbook(folder, tmp_path, cache=cache)
    documents = {path.name: entry.document for path, entry in cache.items()}
    (folder / "sam.yml").write_bytes(VALID.replace(b"Maya Chen", b"Sam Okafor-Reid"))
    handbook = load_handbook(folder, tmp_path, cache=cache)
    after = {path.name: entry.document for path, entry in cache.items()}
    assert after["maya.yml"] is documents["maya.yml"]  # not parsed again
    assert after["_catalog.yml"] is documents["_catalog.yml"]
    assert after["sam.yml"] is not documents["sam.yml"]
    assert [p.profile.name for p in handbook.personas] == ["Maya Chen", "Sam Okafor-Reid"]
    assert handbook.personas[0] is first.personas[0]  # not checked again
    assert (handbook.personas[0].id, handbook.personas[0].file) == ("maya", "journeys/maya.yml")
    # A catalog edit that leaves the ids alone keeps the models; one that drops an id the
    # personas use checks them again, and both files report it.
    (folder / "_catalog.yml").write_bytes(CATALOG.replace(b"name: Pricing page", b"name: Prices"))
    assert load_handbook(folder, tmp_path, cache=cache).personas[0] is first.personas[0]
    (folder / "_catalog.yml").write_bytes(CATALOG.replace(b"id: pricing-page", b"id: prices"))
    with pytest.raises(JourneyMapsError) as raised:
        load_handbook(folder, tmp_path, cache=cache)
    named = {p.file for p in raised.value.problems if "pricing-page" in p.message}
    assert named == {"journeys/maya.yml", "journeys/sam.yml"}, raised.value.problems
    # Fixed again: the same problems are not remembered.
    (folder / "_catalog.yml").write_bytes(CATALOG)
    assert len(load_handbook(folder, tmp_path, cache=cache).personas) == 2


# --- issue 19: link loops and hidden keys, in a fresh process with a time bound -------------

LOOP = "is a symbolic link that leads back to itself (a link loop); fix or remove the link"


def loop_project(tmp_path: Path) -> Path:
    project = make_project(tmp_path, from_fixture="small")
    folder = project / "journeys"
    (folder / "loop-a.yml").symlink_to("loop-b.yml")
    (folder / "loop-b.yml").symlink_to("loop-a.yml")
    return project


def test_link_loop_in_the_journeys_folder_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    """`Path.resolve()` raised RuntimeError on a loop (before Python 3.13): a traceback from
    validate, the build and the Markdown extension."""
    project = loop_project(tmp_path)
    expected = [f"journeys/loop-a.yml:1:1: {LOOP}", f"journeys/loop-b.yml:1:1: {LOOP}"]
    validate = journey_maps_cli(project, "validate", timeout=30)
    assert validate.returncode == 1
    assert validate.stdout.splitlines() == [*expected, "2 errors in 2 files"]
    build = mkdocs_build_cli(project, timeout=60)
    assert build.returncode == 1
    assert all(line in build.stderr for line in expected), build.stderr
    assert "Traceback" not in build.stderr + validate.stderr


def test_link_loop_as_a_data_path_is_a_positioned_error(tmp_path: Path) -> None:
    project = make_project(tmp_path, from_fixture="small")
    folder = project / "journeys"
    (folder / "_data").mkdir()
    (folder / "_data" / "nps.csv").symlink_to("nps.csv")
    persona = folder / "first-time-buyer.yml"
    text = persona.read_text(encoding="utf-8")
    data = "    data:\n      - file: _data/nps.csv\n        scale: nps\n    stages:\n"
    persona.write_text(text.replace("    stages:\n", data, 1), encoding="utf-8")
    validate = journey_maps_cli(project, "validate", timeout=30)
    assert validate.returncode == 1
    assert validate.stdout.splitlines() == [
        f"journeys/first-time-buyer.yml:34:15: journeys[0].data[0].file: {LOOP}",
        "1 error in 1 file",
    ]
    assert "Traceback" not in validate.stderr


def test_journeys_folder_that_is_a_link_loop(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    (project / "journeys").symlink_to("journeys")
    validate = journey_maps_cli(project, "validate", timeout=30)
    assert validate.returncode == 2
    assert f"no journeys folder at journeys: it {LOOP}" in validate.stderr
    build = mkdocs_build_cli(project, timeout=60)
    assert build.returncode == 1
    assert f"journey-maps: 'dir: journeys' {LOOP}" in build.stderr
    assert "Traceback" not in build.stderr + validate.stderr


EXTENSION_RUN = """
import sys, markdown
from journey_maps.site.markdown_extension import JourneyMapExtension
page = "# Page\\n\\n```journey-map\\nfirst-time-buyer/buying-a-policy\\n```\\n"
print(markdown.markdown(page, extensions=[JourneyMapExtension(journeys_dir=sys.argv[1])]))
"""


@pytest.mark.parametrize("loop", ["a file", "the folder"])
def test_markdown_extension_shows_its_error_box_for_a_link_loop(tmp_path: Path, loop: str) -> None:
    """The extension promises never to stop a build: a loop is an error box in the page."""
    if loop == "a file":
        folder = loop_project(tmp_path) / "journeys"
    else:
        folder = tmp_path / "journeys"
        folder.symlink_to("journeys")
    done = subprocess.run(
        [sys.executable, "-c", EXTENSION_RUN, str(folder)],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Journey map not shown" in done.stdout
    assert LOOP in done.stdout
    assert "Traceback" not in done.stderr


def test_a_key_that_looks_like_the_readers_marker_is_not_dropped(tmp_path: Path) -> None:
    """The reader used to mark a duplicate key's value with the key `"\\0duplicate N"` and
    drop every key starting so: a file could hide a key from every check."""
    text = VALID.replace(b"persona:\n", b'persona:\n  "\\0duplicate 1": hidden\n', 1)
    lines = problems(tmp_path, {"maya.yml": text})
    assert lines == [
        "journeys/maya.yml:2:3: persona.\\u0000duplicate 1: unknown key '\\u0000duplicate 1' "
        "(allowed: channels, former_ids, frustrations, goals, motivations, name, needs, quote, "
        "role, segment, summary)",
        "1 error in 1 file",
    ]
    project = make_project(tmp_path / "cli", from_fixture="small")
    (project / "journeys" / "first-time-buyer.yml").write_bytes(text)
    validate = journey_maps_cli(project, "validate", timeout=30)
    assert validate.returncode == 1
    assert "journeys/first-time-buyer.yml:2:3: persona.\\u0000duplicate 1: unknown key" in (
        validate.stdout
    )
    duplicate = load_document(b"a: 1\na: 2\n", "x.yml", max_bytes=100)[1]
    assert [str(problem) for problem in duplicate] == [
        "x.yml:2:1: duplicate key 'a' (first written on line 1)"
    ]


def test_a_clean_file_finds_its_positions_only_when_one_is_asked() -> None:
    # A file that loads cleanly holds no mark per value (docs/performance.md, "Memory"); the
    # first position asked reads the text again, BOM removed as in the first reading.
    document, found = load_document(
        b"\xef\xbb\xbfa:\n  - b: 1\n    c: [x, y]\n", "x.yml", max_bytes=100
    )
    assert found == []
    assert document is not None
    assert document.positions is None
    assert document.value_at(("a", 0, "c", 1)) == Position(3, 12)
    assert document.key_at(("a", 0, "c")) == Position(3, 5)
    assert document.value_at(("a", 0, "missing")) == Position(2, 5)
    assert document.positions is not None
