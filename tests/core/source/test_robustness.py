"""Issue 15: hostile CSV cells, files that are not files, build-time bounds, silent loss and
misleading errors. Each bound is tested at its edge: at the limit passes, one over fails."""

from __future__ import annotations

import csv
import importlib.util
import io
import logging
import os
import time
from typing import TYPE_CHECKING

import pytest
import yaml
from conftest import (
    ONE_TOUCHPOINT_CATALOG,
    build_project,
    journey_maps_cli,
    journeys_folder,
    load_journeys,
    make_project,
    mkdocs_build_cli,
    mkdocs_warnings,
    page_context,
    refusal_lines,
)
from mkdocs.utils import meta

from journey_maps.nav import awesome_pages_files
from journey_maps.site.escaping import html_title, markdown_field_problem
from journey_maps.site.exports import _csv
from journey_maps.site.pages import NavNode, generate_pages
from journey_maps.site.rendered_folder import yaml_json
from journey_maps.source.handbook import (
    MAX_REDIRECT_PAGES,
    MAX_STAGES_PER_FILE,
    MAX_STAGES_PER_JOURNEY,
    Handbook,
    load_handbook,
)
from journey_maps.source.model import FORMER_IDS_MAX, MARKDOWN_MAX, NAME_MAX, TEXT_MAX, URL_MAX
from journey_maps.source.problems import JourneyMapsError
from journey_maps.source.yaml_reader import MAX_ALIAS_CHARACTERS, MAX_NUMBER_LENGTH, load_document
from journey_maps.views.registers import Registers
from journey_maps.views.review import BuildDateError, build_date
from journey_maps.views.tickets import ticket_anchor

if TYPE_CHECKING:
    from pathlib import Path

CATALOG = ONE_TOUCHPOINT_CATALOG

PERSONA = """\
persona:
  name: Maya Chen
  role: First-time home buyer
journeys:
  - id: buying
    title: Buying a policy
    owner: growth
    stages:
      - id: awareness
        name: Awareness
        emotion: 3
        steps:
          - action: Searches
            touchpoint: pricing-page
        pain_points:
          - id: jargon
            title: Jargon
        metrics:
          - name: Completion
            value: "41%"
"""


def folder_with(
    tmp_path: Path, files: dict[str, str | bytes], catalog: str | None = CATALOG
) -> Path:
    return journeys_folder(tmp_path, files, catalog)


def load(tmp_path: Path, files: dict[str, str | bytes], catalog: str | None = CATALOG) -> Handbook:
    return load_journeys(tmp_path, files, catalog)


def problems(
    tmp_path: Path, files: dict[str, str | bytes], catalog: str | None = CATALOG
) -> list[str]:
    return refusal_lines(tmp_path, files, catalog)


# --- point 3: CSV exports a spreadsheet opens safely ----------------------------------------

HOSTILE_CELLS = [
    "\x00=1+1",
    "\r=1+1",
    "\n=1+1",
    "\t=1+1",
    " =1+1",
    "\u00a0=1+1",
    '=HYPERLINK("https://evil.example")',
    "+1",
    "-1",
    "@SUM(A1)",
    "two\rlines",
    "two\nlines",
    "two\r\nlines",
    "x\r=1+1",
    'a "quoted", cell',
    "plain",
]


def spreadsheet_rows(text: str) -> list[list[str]]:
    """Read a CSV as a spreadsheet does: RFC 4180 quoting, CR, LF or CRLF between rows."""
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def assert_inert(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            stripped = cell.lstrip("".join(chr(c) for c in range(0x21)) + "\u00a0")
            assert cell.startswith("'") or not stripped.startswith(("=", "+", "-", "@")), cell


def test_csv_cells_with_line_breaks_and_hidden_formulas() -> None:
    text = _csv(["cell", "n"], [[cell, str(n)] for n, cell in enumerate(HOSTILE_CELLS)])
    rows = spreadsheet_rows(text)
    assert len(rows) == 1 + len(HOSTILE_CELLS)  # no cell started a row of its own
    assert [row[1] for row in rows[1:]] == [str(n) for n in range(len(HOSTILE_CELLS))]
    assert_inert(rows)
    by_cell = {cell: rows[1 + n][0] for n, cell in enumerate(HOSTILE_CELLS)}
    assert by_cell["\x00=1+1"] == "'\x00=1+1"
    assert by_cell[" =1+1"] == "' =1+1"
    assert by_cell["two\r\nlines"] == "two\r\nlines"  # kept, inside its quoted cell
    assert by_cell["plain"] == "plain"
    assert text.count("\r\n") >= len(rows)


def test_csv_export_of_a_built_site_reads_back_as_one_row_per_item(tmp_path: Path) -> None:
    titles = ["=1+1", " =2+2", "-3 days", "@me", "plain"]
    quoted = [yaml.safe_dump(t, default_style='"').strip() for t in titles]
    pains = "".join(f"          - id: p{n}\n            title: {q}\n" for n, q in enumerate(quoted))
    persona = PERSONA.replace(
        "        pain_points:\n          - id: jargon\n            title: Jargon\n",
        "        pain_points:\n" + pains,
    )
    project = make_project(tmp_path, journeys={"_catalog.yml": CATALOG, "maya.yml": persona})
    site = build_project(project)
    text = (site.site_dir / "journeys" / "pain-points.csv").read_bytes().decode("utf-8")
    rows = spreadsheet_rows(text)
    assert len(rows) == 1 + len(titles)
    assert_inert(rows)
    assert sorted(row[1] for row in rows[1:]) == sorted(
        ["'=1+1", "'=2+2", "'-3 days", "'@me", "plain"]  # titles are trimmed
    )


# --- point 4: files that are not files, huge numbers, bad SOURCE_DATE_EPOCH -----------------


def test_broken_link_folder_and_fifo_named_yml_are_errors_not_hangs(
    tmp_path: Path, no_hang: None
) -> None:
    folder = folder_with(tmp_path, {"maya.yml": PERSONA})
    (folder / "dead.yml").symlink_to(folder / "nowhere.yml")
    (folder / "folder.yml").mkdir()
    os.mkfifo(folder / "pipe.yml")
    started = time.perf_counter()
    with pytest.raises(JourneyMapsError) as caught:
        load_handbook(folder, tmp_path)
    assert time.perf_counter() - started < 5
    lines = str(caught.value).splitlines()
    assert lines == [
        "journeys/dead.yml:1:1: is a link to a file that does not exist",
        "journeys/folder.yml:1:1: is a folder, not a file",
        "journeys/pipe.yml:1:1: is not a regular file (a pipe, socket or device); refusing to read it",
        "3 errors in 3 files",
    ]


def test_catalog_that_is_a_folder_is_an_error(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"maya.yml": PERSONA}, catalog=None)
    (folder / "_catalog.yml").mkdir()
    lines = problems(tmp_path, {}, catalog=None)
    assert "journeys/_catalog.yml:1:1: is a folder, not a file" in lines
    assert not any("is not in _catalog.yml" in line for line in lines), lines


@pytest.mark.parametrize("digits", [MAX_NUMBER_LENGTH, MAX_NUMBER_LENGTH + 1, 5_000, 100_000])
def test_very_long_plain_numbers(tmp_path: Path, digits: int, no_hang: None) -> None:
    number = "7" * digits
    persona = PERSONA.replace('value: "41%"', f"value: {number}")
    if digits <= MAX_NUMBER_LENGTH:
        document, found = load_document(f"n: {number}\n".encode(), "x.yml", max_bytes=10**6)
        assert not found
        assert document is not None
        assert document.data == {"n": int(number)}
        assert document.written[("n",)] == number
    else:
        lines = problems(tmp_path, {"maya.yml": persona})
        assert lines[0] == (
            f"journeys/maya.yml:20:20: number too long ({digits:,} characters, at most "
            f"{MAX_NUMBER_LENGTH:,}); put it in quotes if it is text"
        )


@pytest.mark.parametrize(
    ("epoch", "date"),
    [("0", "1970-01-01"), ("1795046400", "2026-11-19"), ("253402300799", "9999-12-31")],
)
def test_source_date_epoch_in_range(monkeypatch: pytest.MonkeyPatch, epoch: str, date: str) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert build_date().isoformat() == date


@pytest.mark.parametrize(
    "epoch", ["253402300800", "99999999999999999999", "-1", "soon", "1e9", "", "１２"]
)
def test_source_date_epoch_out_of_range_or_not_a_number(
    monkeypatch: pytest.MonkeyPatch, epoch: str
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    with pytest.raises(BuildDateError, match="is not a valid Unix timestamp"):
        build_date()


def test_bad_source_date_epoch_stops_the_build_without_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path, journeys={"_catalog.yml": CATALOG, "maya.yml": PERSONA})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "99999999999999999999")
    result = mkdocs_build_cli(project)
    assert result.returncode == 1
    assert (
        "journey-maps: SOURCE_DATE_EPOCH='99999999999999999999' is not a valid Unix timestamp"
        in result.stderr
    )
    assert "Traceback" not in result.stderr + result.stdout


def test_files_that_are_not_read_are_strict_warnings(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    names = {"sam.YML": PERSONA, "notes.txt": "x", "_draft.yml": PERSONA, "_catalog.yaml": CATALOG}
    handbook = load(tmp_path, {"maya.yml": PERSONA, **names})
    (tmp_path / "journeys" / "_schema").mkdir()  # written by `journey-maps new`: expected
    (tmp_path / "journeys" / ".maya.yml.swp").write_bytes(b"\x00")  # editor files: hidden
    handbook = load_handbook(tmp_path / "journeys", tmp_path)
    assert handbook.warnings == [
        "ignored: journeys/_catalog.yaml: the catalog is read only from a file named exactly "
        "_catalog.yml",
        "ignored: journeys/_draft.yml: names starting with '_' are support files; only "
        "_catalog.yml is read",
        "ignored: journeys/notes.txt: not a .yml or .yaml file",
        "ignored: journeys/sam.YML: persona files end in .yml or .yaml, in lower case",
    ]
    project = make_project(
        tmp_path / "site", journeys={"_catalog.yml": CATALOG, "maya.yml": PERSONA, **names}
    )
    # Without --strict they are only warnings; each is logged, so --strict stops.
    site = build_project(project)
    assert (site.site_dir / "index.html").is_file()
    assert mkdocs_warnings(caplog) == [f"journey_maps: {warning}" for warning in handbook.warnings]


def test_dir_that_does_not_exist_is_a_config_error(tmp_path: Path) -> None:
    project = make_project(tmp_path, plugin_options={"dir": "jouneys"})
    result = mkdocs_build_cli(project)
    assert result.returncode == 1
    assert "journey-maps: 'dir: jouneys' does not exist" in result.stderr
    assert "Traceback" not in result.stderr
    with pytest.raises(JourneyMapsError, match="the journeys folder does not exist"):
        load_handbook(tmp_path / "nowhere", tmp_path)


# --- point 5: bounds on what one file can make the build do -----------------------------------


def field_problem(tmp_path: Path, old: str, new: str) -> list[str]:
    assert old in PERSONA
    folder = folder_with(tmp_path, {"maya.yml": PERSONA.replace(old, new, 1)})
    try:
        load_handbook(folder, tmp_path)
    except JourneyMapsError as error:
        return str(error).splitlines()
    return []


@pytest.mark.parametrize(
    ("old", "template", "limit", "label"),
    [
        ("  name: Maya Chen", "  name: {}", NAME_MAX, "journeys/maya.yml:2:9: persona.name"),
        (
            "            title: Jargon",
            "            title: {}",
            NAME_MAX,
            "journeys/maya.yml:17:20: journeys[0].stages[0].pain_points[0].title",
        ),
        (
            "          - action: Searches",
            "          - action: {}",
            TEXT_MAX,
            "journeys/maya.yml:13:21: journeys[0].stages[0].steps[0].action",
        ),
        (
            "  role: First-time home buyer",
            "  role: x\n  summary: {}",
            MARKDOWN_MAX,
            "journeys/maya.yml:4:12: persona.summary",
        ),
        (
            "        name: Awareness",
            "        name: Awareness\n        goal: {}",
            TEXT_MAX,
            "journeys/maya.yml:11:15: journeys[0].stages[0].goal",
        ),
        (
            'value: "41%"',
            "value: {}",
            NAME_MAX,
            "journeys/maya.yml:20:20: journeys[0].stages[0].metrics[0].value",
        ),
    ],
)
def test_text_length_limits(
    tmp_path: Path, old: str, template: str, limit: int, label: str
) -> None:
    assert field_problem(tmp_path / "at", old, template.format("x" * limit)) == []
    lines = field_problem(tmp_path / "over", old, template.format("x" * (limit + 1)))
    assert lines == [
        f"{label}: must be at most {limit:,} characters, got {limit + 1:,}",
        "1 error in 1 file",
    ]


def test_url_length_limit(tmp_path: Path) -> None:
    def catalog(length: int) -> str:
        url = "https://example.com/" + "a" * (length - len("https://example.com/"))
        return CATALOG + f"    url: {url}\n"

    assert load(tmp_path / "at", {"maya.yml": PERSONA}, catalog(URL_MAX)).personas
    lines = problems(tmp_path / "over", {"maya.yml": PERSONA}, catalog(URL_MAX + 1))
    assert lines[0] == (
        f"journeys/_catalog.yml:12:10: touchpoints[0].url: must be at most {URL_MAX:,} "
        f"characters, got {URL_MAX + 1:,}"
    )


def test_one_long_string_aliased_many_times_is_refused(tmp_path: Path, no_hang: None) -> None:
    def aliased(times: int) -> bytes:
        return b'long: &s "' + b"a" * 10_000 + b'"\nmany: [' + b", ".join([b"*s"] * times) + b"]\n"

    at_limit = MAX_ALIAS_CHARACTERS // 10_000
    assert load_document(aliased(at_limit), "x.yml", max_bytes=10**6)[1] == []
    for times in (at_limit + 1, 9_000):
        started = time.perf_counter()
        document, found = load_document(aliased(times), "x.yml", max_bytes=10**6)
        assert time.perf_counter() - started < 1
        assert document is None
        assert found[0].message == (
            f"aliases expand to more than {MAX_ALIAS_CHARACTERS:,} characters of text; refusing"
        )
        assert found[0].line == 2


def tickets_registers(tickets: list[str]) -> Registers:
    registers = Registers.__new__(Registers)
    registers.tickets = {ticket: [] for ticket in tickets}
    return registers


def test_ticket_anchors_are_linear_and_stable() -> None:
    base = "https://tracker.example.com/browse/" + "x" * 80 + "/"
    tickets = [f"{base}{n}" for n in range(1_560)]  # one long shared slug prefix
    started = time.perf_counter()
    anchors = tickets_registers(tickets).ticket_anchors()
    assert time.perf_counter() - started < 1
    assert len(set(anchors.values())) == len(tickets)
    assert all(len(anchor) <= 60 for anchor in anchors.values())
    more = tickets_registers([*tickets, base + "new", "CX-1"]).ticket_anchors()
    assert all(more[ticket] == anchors[ticket] for ticket in tickets)
    assert anchors[tickets[7]] == ticket_anchor(tickets[7])


def test_ticket_anchors_of_short_ids_and_case_variants() -> None:
    anchors = tickets_registers(["CX-101", "cx-101", "OPS-7"]).ticket_anchors()
    assert anchors["CX-101"] == "cx-101"
    assert anchors["OPS-7"] == "ops-7"
    assert anchors["cx-101"].startswith("cx-101-")
    assert anchors["cx-101"] != "cx-101"


def former_ids(count: int) -> str:
    return "[" + ", ".join(f"old-{n}" for n in range(count)) + "]"


def test_former_ids_per_item_limit(tmp_path: Path) -> None:
    at = PERSONA.replace("  role:", f"  former_ids: {former_ids(FORMER_IDS_MAX)}\n  role:")
    assert load(tmp_path / "at", {"maya.yml": at}).personas
    over = PERSONA.replace("  role:", f"  former_ids: {former_ids(FORMER_IDS_MAX + 1)}\n  role:")
    assert problems(tmp_path / "over", {"maya.yml": over}) == [
        f"journeys/maya.yml:3:15: persona.former_ids: must have at most {FORMER_IDS_MAX} items, "
        f"got {FORMER_IDS_MAX + 1}",
        "1 error in 1 file",
    ]


def redirect_persona(persona_former: int, journeys: list[tuple[int, int]]) -> str:
    """A persona file with `persona_former` old ids and, per journey, (old ids, stages)."""
    persona_ids = f"  former_ids: {former_ids(persona_former)}\n" if persona_former else ""
    text = f"persona:\n  name: Maya\n  role: Buyer\n{persona_ids}journeys:\n"
    for j, (journey_former, stages) in enumerate(journeys):
        old = ", ".join(f"was-{j}-{n}" for n in range(journey_former))
        stage_text = "".join(
            f"      - id: s{n}\n        name: S{n}\n        emotion: 3\n" for n in range(stages)
        )
        text += f"  - id: j{j}\n    title: J{j}\n    former_ids: [{old}]\n    stages:\n{stage_text}"
    return text


def test_redirect_pages_limit(tmp_path: Path) -> None:
    # 5 old persona ids; journeys with 9 and 10 old ids (59 and 65 old URL pairs):
    # 5 + 59 x (1 + 99) + 65 x (1 + 62) = 10,000 pages: at the limit.
    at = redirect_persona(5, [(9, 99), (10, 62)])
    assert load(tmp_path / "at", {"maya.yml": at}).personas
    # 5 + 65 x (1 + 72) + 59 x (1 + 88) = 10,001 pages: over it.
    lines = problems(tmp_path / "over", {"maya.yml": redirect_persona(5, [(10, 72), (9, 88)])})
    assert lines == [
        "journeys/maya.yml:4:15: the former ids of this file need 10,001 redirect pages (each old "
        "persona id times each old journey id, for the journey and each stage), over the limit "
        f"of {MAX_REDIRECT_PAGES:,}; drop old ids nobody links to any more",
        "1 error in 1 file",
    ]


# --- point 6: nothing lost silently -----------------------------------------------------------


@pytest.mark.parametrize("page", ["journeys/maya.md", "journeys/touchpoints.md"])
def test_hand_written_page_at_a_generated_url_wins_and_says_so(
    tmp_path: Path, page: str, caplog: pytest.LogCaptureFixture
) -> None:
    project = make_project(
        tmp_path,
        journeys={"_catalog.yml": CATALOG, "maya.yml": PERSONA},
        docs={page: "# Mine\n\nWritten by hand.\n"},
    )
    with caplog.at_level(logging.INFO):
        site = build_project(project)
    url = page.removesuffix(".md") + "/"
    assert "Written by hand." in site.page(url)
    assert f"The hand-written {page} has the URL {url} of the generated page" in caplog.text


def test_team_id_index_is_reserved(tmp_path: Path) -> None:
    catalog = CATALOG.replace("  - id: growth\n    name: Growth\n", "  - id: index\n    name: X\n")
    persona = PERSONA.replace("    owner: growth\n", "    owner: index\n")
    lines = problems(tmp_path, {"maya.yml": persona}, catalog)
    assert (
        "journeys/_catalog.yml:5:9: team id 'index' is reserved: teams/index.md is the teams "
        "index page" in lines
    )


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ('"Maya\\x7f"', "contains a control character U+007F at character 5; remove it"),
        ('"Maya\\x9b31m"', "contains a control character U+009B at character 5; remove it"),
        ('"Maya\\x85"', "contains a control character U+0085 at character 5; remove it"),
        ('"Maya\\0"', "contains a control character U+0000 at character 5; remove it"),
        ('"Maya\\r"', "contains a control character U+000D at character 5; remove it"),
        ('"Maya\\u2028title: x"', "must be a single line of text"),
        ('"Maya\\u2029Chen"', "must be a single line of text"),
    ],
)
def test_control_characters_and_line_separators_in_plain_text(
    tmp_path: Path, written: str, message: str
) -> None:
    lines = problems(tmp_path, {"maya.yml": PERSONA.replace("Maya Chen", written)})
    assert lines == [f"journeys/maya.yml:2:9: persona.name: {message}", "1 error in 1 file"]


def test_raw_c1_control_is_refused_by_the_reader(tmp_path: Path) -> None:
    lines = problems(tmp_path, {"maya.yml": PERSONA.replace("Maya Chen", "Maya\u009b")})
    assert lines[0].startswith("journeys/maya.yml:2:")
    assert "control character U+009B" in lines[0]


@pytest.mark.parametrize(
    "title", ["a\u2028title: pwned", "x\u2029---", "x\u0085y", "\ufeffz", "é 😀"]
)
def test_front_matter_values_survive_yaml(title: str) -> None:
    front = f"---\ntitle: {yaml_json(title)}\n---\n\n# Body\n"
    body, data = meta.get_data(front)
    assert data == {"title": title}
    assert body.strip() == "# Body"


def test_metric_values_are_shown_as_written(tmp_path: Path) -> None:
    written = ["1.50", "0x1F", "1e999", "007", "-0", "1_000", ".5"]
    metrics = "".join(
        f"          - name: M{n}\n            value: {v}\n" for n, v in enumerate(written)
    )
    persona = PERSONA.replace(
        '          - name: Completion\n            value: "41%"\n', metrics
    ).replace("value: 1.50\n", "value: 1.50\n            target: 2.00\n")
    stage = load(tmp_path, {"maya.yml": persona}).personas[0].journeys[0].stages[0]
    assert [m.value for m in stage.metrics] == written
    assert stage.metrics[0].target == "2.00"


def test_same_size_edit_with_restored_mtime_is_seen(tmp_path: Path) -> None:
    folder = folder_with(tmp_path, {"maya.yml": PERSONA})
    path = folder / "maya.yml"
    cache: dict = {}
    assert load_handbook(folder, tmp_path, cache=cache).personas[0].profile.name == "Maya Chen"
    before = path.stat()
    path.write_text(PERSONA.replace("Maya Chen", "Maya Chan"), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `cp -p` or `rsync -t`
    assert path.stat().st_size == before.st_size
    assert load_handbook(folder, tmp_path, cache=cache).personas[0].profile.name == "Maya Chan"


# --- point 7: errors that say what is wrong ---------------------------------------------------


def test_impossible_date_says_not_a_real_date(tmp_path: Path) -> None:
    persona = PERSONA.replace(
        "    owner: growth\n", "    owner: growth\n    last_reviewed: 2026-13-01\n"
    )
    assert problems(tmp_path, {"maya.yml": persona}) == [
        "journeys/maya.yml:8:20: journeys[0].last_reviewed: 2026-13-01 is not a real date "
        "(the month or day does not exist)",
        "1 error in 1 file",
    ]


def test_missing_dash_before_an_item_is_one_clear_error(tmp_path: Path) -> None:
    persona = PERSONA.replace(
        "        pain_points:",
        "        id: consideration\n        name: Consideration\n        emotion: 2\n"
        "        pain_points:",
    )
    assert problems(tmp_path, {"maya.yml": persona}) == [
        "journeys/maya.yml:15:9: duplicate key 'id': this looks like a new list item without its "
        "'- ' (the item above starts with 'id:' on line 9); write '- id: ...'",
        "1 error in 1 file",
    ]


def test_duplicate_key_that_is_not_a_new_item_is_still_a_duplicate(tmp_path: Path) -> None:
    persona = PERSONA.replace("        emotion: 3\n", "        emotion: 3\n        name: Again\n")
    assert problems(tmp_path, {"maya.yml": persona})[0] == (
        "journeys/maya.yml:12:9: duplicate key 'name' (first written on line 10)"
    )


def test_reference_without_any_catalog_says_there_is_none(tmp_path: Path) -> None:
    lines = problems(tmp_path, {"maya.yml": PERSONA}, catalog=None)
    assert (
        "journeys/maya.yml:14:25: touchpoint 'pricing-page' is not in _catalog.yml "
        "(there is no _catalog.yml in the journeys folder)" in lines
    )


def test_broken_catalog_does_not_turn_every_reference_into_an_error(tmp_path: Path) -> None:
    persona_b = PERSONA.replace("Maya Chen", "Sam")
    lines = problems(
        tmp_path, {"maya.yml": PERSONA, "sam.yml": persona_b}, catalog="channels: [web\n"
    )
    assert lines == [
        "journeys/_catalog.yml:1:1: references to channels, teams and touchpoints were not "
        "checked, because _catalog.yml could not be read; fix it first",
        "journeys/_catalog.yml:1:11: invalid YAML: the '[' opened here is never closed",
        "2 errors in 1 file",
    ]


# --- issue 19: bounded builds, and no traceback for any input -------------------------------


def stages_persona(journeys: list[int]) -> str:
    """A persona file with one journey per entry, of that many minimal stages."""
    text = "persona:\n  name: Maya\n  role: Buyer\njourneys:\n"
    for j, stages in enumerate(journeys):
        stage_text = "".join(
            f"      - id: s{n}\n        name: S{n}\n        emotion: 3\n" for n in range(stages)
        )
        text += f"  - id: j{j}\n    title: J{j}\n    stages:\n{stage_text}"
    return text


def test_stages_per_journey_and_per_file_limits(tmp_path: Path) -> None:
    at = [MAX_STAGES_PER_JOURNEY] * (MAX_STAGES_PER_FILE // MAX_STAGES_PER_JOURNEY)
    assert sum(at) == MAX_STAGES_PER_FILE
    assert load(tmp_path / "at", {"maya.yml": stages_persona(at)}).personas
    lines = problems(
        tmp_path / "journey", {"maya.yml": stages_persona([MAX_STAGES_PER_JOURNEY + 1])}
    )
    assert lines == [
        f"journeys/maya.yml:7:5: journey 'j0' has {MAX_STAGES_PER_JOURNEY + 1:,} stages; the "
        f"most a journey takes is {MAX_STAGES_PER_JOURNEY:,}: split it into several journeys "
        "(one per phase of the experience, say), each a map of its own",
        "1 error in 1 file",
    ]
    lines = problems(tmp_path / "file", {"maya.yml": stages_persona([*at, 1])})
    assert lines == [
        f"journeys/maya.yml:4:1: the journeys of this file have {MAX_STAGES_PER_FILE + 1:,} "
        f"stages together; the most one persona file takes is {MAX_STAGES_PER_FILE:,}, because "
        "every stage is a page and the site navigation lists every stage on every page: keep "
        "each journey to its main stages, or split the persona into two persona files",
        "1 error in 1 file",
    ]


def test_two_thousand_stages_in_one_journey_stop_with_a_reason(tmp_path: Path) -> None:
    """Issue 19: 88 KB of YAML used to build for 106 s into a 1.1 GB site."""
    persona = stages_persona([2_000])
    assert len(persona) < 120_000
    project = make_project(tmp_path, journeys={"maya.yml": persona})
    reason = f"journeys/maya.yml:7:5: journey 'j0' has 2,000 stages; the most a journey takes is {MAX_STAGES_PER_JOURNEY}"
    validate = journey_maps_cli(project, "validate", timeout=30)
    assert validate.returncode == 1
    assert reason in validate.stdout
    build = mkdocs_build_cli(project, timeout=30)
    assert build.returncode == 1
    assert reason in build.stderr
    assert "Traceback" not in build.stderr
    assert not (project / "site" / "journeys").exists()


def test_a_stage_page_does_not_list_every_stage(tmp_path: Path) -> None:
    """The stage page links its neighbours only, so the site's own pages stay linear in
    the number of stages (the navigation is bounded by the limits above)."""

    def middle_stage_page(stages: int) -> str:
        folder = folder_with(tmp_path / str(stages), {"maya.yml": stages_persona([stages])})
        handbook = load_handbook(folder, folder.parent)
        context = page_context(handbook)
        pages = {page.src_uri: page.markdown for page in generate_pages(context).pages}
        return pages["journeys/maya/j0/s5.md"]

    small, large = middle_stage_page(10), middle_stage_page(MAX_STAGES_PER_JOURNEY)
    assert len(large) - len(small) < 20  # "stage 6 of 10" against "stage 6 of 100"
    assert "S7" not in large
    assert "S6" in large


def setext_persona(size: int) -> str:
    """Up to `size` bytes of Markdown fields of underlined headings with no blank line
    between them: each heading made Python-Markdown read the rest of its field again."""
    field = "a\\n=\\n" * 2_499  # YAML escapes: 9,996 characters once read
    text = "persona:\n  name: Maya\n  role: Buyer\njourneys:\n  - id: buying\n    title: Buying\n"
    text += "    stages:\n"
    for stage in range(100):
        more = f"      - id: s{stage}\n        name: S{stage}\n        emotion: 3\n"
        more += "        pain_points:\n" + "".join(
            f'          - id: p{stage}-{n}\n            title: P\n            detail: "{field}"\n'
            for n in range(10)
        )
        if len(text) + len(more) > size:
            break
        text += more
    return text


def test_underlined_headings_in_markdown_fields_build_in_bounded_time(tmp_path: Path) -> None:
    """Issue 19: a 964 KB persona file of setext headings took 40 s to build. Such a field is
    over the block-work bound and shown as plain text, in time linear in its length."""
    persona = setext_persona(960_000)
    assert 800_000 < len(persona) < 1_000_000
    field = "a\n=\n" * 2_499
    assert markdown_field_problem(field) == (
        "Markdown field has too many headings or rules with no blank line between them to "
        "render in reasonable time: it is shown as plain text, not rendered"
    )
    assert markdown_field_problem("# Title\nText\n## Part\nMore text\n" * 20) is None
    project = make_project(tmp_path, journeys={"maya.yml": persona})
    build = mkdocs_build_cli(project, timeout=30)
    assert build.returncode == 0, build.stderr
    stage = (project / "site" / "journeys" / "maya" / "buying" / "s0" / "index.html").read_text()
    assert 'class="jm-md-plain"' in stage


@pytest.mark.skipif(
    importlib.util.find_spec("mkdocs_awesome_pages_plugin") is None,
    reason="mkdocs-awesome-pages-plugin not installed: pip install -e '.[test]'",
)
def test_titles_yaml_cannot_hold_survive_awesome_pages(tmp_path: Path) -> None:
    """Issue 19: U+FFFE in a title made the `.pages` file unreadable and stopped the build.
    The titles are written with JSON escapes, as in front matter (`yaml_json`)."""
    titles = {"persona": "Maya \ufffe Chen", "journey": 'Buying \uffff: a "policy" # 1'}
    persona = PERSONA.replace("  name: Maya Chen", '  name: "Maya \\ufffe Chen"').replace(
        "    title: Buying a policy", '    title: "Buying \\uffff: a \\"policy\\" # 1"'
    )
    project = make_project(
        tmp_path,
        journeys={"_catalog.yml": CATALOG, "maya.yml": persona},
        config={"plugins": ["search", "journey-maps", "awesome-pages"]},
    )
    build = mkdocs_build_cli(project, timeout=120)
    assert build.returncode == 0, build.stderr
    page = (project / "site" / "journeys" / "maya" / "buying" / "index.html").read_text()
    assert titles["persona"] in page
    assert html_title(titles["journey"]) in page
    for title in (*titles.values(), "a\u2028b", "\ufeffx", "x\x85y", "\U0001fffe"):
        section = NavNode(title, "journeys/x/index.md")
        (text,) = awesome_pages_files(section).values()
        assert yaml.safe_load(text)["title"] == str(html_title(title))


def test_render_warns_about_pages_it_cannot_read(tmp_path: Path) -> None:
    """`journey-maps render` reads every hand-written page for links to rename: a page that
    is not UTF-8, a link loop, a pipe named *.md and a 600 KB line of `](a.md` are each a
    warning (or skipped), not a traceback, a hang or minutes of backtracking."""
    project = make_project(
        tmp_path,
        journeys={"_catalog.yml": CATALOG, "maya.yml": PERSONA},
        plugin_options={"enabled": False},  # as for any render (docs/guide/hosting.md)
    )
    docs = project / "docs"
    (docs / "latin1.md").write_bytes(b"# Notes\n\nCaf\xe9 au lait\n")
    (docs / "loop.md").symlink_to("loop.md")
    os.mkfifo(docs / "pipe.md")
    (docs / "long.md").write_text("# Long\n\n" + "](a.md" * 100_000 + "\n", encoding="utf-8")
    (docs / "links.md").write_text(
        "# Links\n\nSee [awareness](journeys/maya/buying/awareness.md).\n", encoding="utf-8"
    )
    render = journey_maps_cli(project, "render", timeout=30)
    assert render.returncode == 0, render.stderr
    assert "Traceback" not in render.stderr
    warnings = [line for line in render.stderr.splitlines() if line.startswith("warning: ")]
    assert warnings == [
        "warning: docs/latin1.md:3: not valid UTF-8 (byte 0xe9); its links were not checked: "
        "save the page as UTF-8",
        "warning: docs/links.md:3: links to journeys/maya/buying/awareness.md; the rendered page "
        "is journeys/maya/buying/awareness/index.md (same URL), change the link to it",
        "warning: docs/loop.md: is a symbolic link that leads back to itself (a link loop); fix "
        "or remove the link; its links were not checked",
    ]
