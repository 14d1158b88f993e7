"""site/exports.py: journeys.json and the CSVs, read back the way their users read them.

The JSON is parsed with `json`, the CSVs with Python's `csv` module; formula-looking cells
must reach a spreadsheet as text. Built from the core alone (no MkDocs).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import textwrap
from typing import TYPE_CHECKING, Any

import pytest
from conftest import FIXTURES, page_context

from journey_maps.site.exports import Exporter
from journey_maps.site.extra_files import generate_files
from journey_maps.site.fragments import Fragments
from journey_maps.site.paths import SitePaths
from journey_maps.source.handbook import Handbook, load_handbook
from journey_maps.source.model import Opportunity, PainPoint
from journey_maps.views.export_columns import OPPORTUNITY_COLUMNS, PAIN_POINT_COLUMNS, ExportColumn

if TYPE_CHECKING:
    from pathlib import Path

FIXTURE = FIXTURES / "small"
TODAY = dt.date(2026, 11, 15)
TICKET_URL = "https://tracker.example.com/browse/{ticket}"
SITE_URL = "https://handbook.example.com/docs"


def exporter(
    handbook: Handbook, *, directory_urls: bool = True, site_url: str | None = SITE_URL
) -> Exporter:
    context = page_context(
        handbook, paths=SitePaths(directory_urls=directory_urls), today=TODAY, ticket_url=TICKET_URL
    )
    return Exporter(context.registers, context.paths, site_url)


@pytest.fixture(scope="module")
def small() -> Handbook:
    return load_handbook(FIXTURE / "journeys", FIXTURE)


@pytest.fixture(scope="module")
def data(small: Handbook) -> dict[str, Any]:
    parsed: dict[str, Any] = json.loads(
        exporter(small).journeys_json(generated="2026-11-15", ticket_url=TICKET_URL)
    )
    return parsed


def rows(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff")  # spreadsheet programs read UTF-8 with it
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


def test_json_header(data: dict[str, Any]) -> None:
    assert data["format"] == "mkdocs-journey-maps"
    assert data["version"] == 1
    assert data["generated"] == "2026-11-15"


def test_json_has_every_persona_journey_and_stage(small: Handbook, data: dict[str, Any]) -> None:
    expected = [
        (p.id, [(j.id, [s.id for s in j.stages]) for j in p.journeys]) for p in small.personas
    ]
    found = [
        (p["id"], [(j["id"], [s["id"] for s in j["stages"]]) for j in p["journeys"]])
        for p in data["personas"]
    ]
    assert found == expected
    assert [p["name"] for p in data["personas"]] == ["Maya Chen", "Sam Okafor"]


def test_json_links(data: dict[str, Any]) -> None:
    maya = data["personas"][0]
    assert maya["handbook_url"] == "journeys/first-time-buyer/"
    assert maya["handbook_href"] == "https://handbook.example.com/docs/journeys/first-time-buyer/"
    buying = maya["journeys"][0]
    assert buying["handbook_url"] == "journeys/first-time-buyer/buying-a-policy/"
    decision = buying["stages"][1]
    assert decision["handbook_url"] == "journeys/first-time-buyer/buying-a-policy/decision/"
    pain = decision["pain_points"][0]
    assert pain["handbook_url"] == decision["handbook_url"] + "#jargon-heavy-quotes"
    assert pain["handbook_href"] == SITE_URL + "/" + pain["handbook_url"]
    assert pain["tickets"] == [
        {"id": "CX-101", "href": "https://tracker.example.com/browse/CX-101"}
    ]
    assert pain["addressed_by"] == ["plain-language-quote"]
    opportunity = decision["opportunities"][0]
    assert opportunity["handbook_url"].endswith("decision/#plain-language-quote")
    touchpoints = {t["id"]: t for t in data["catalog"]["touchpoints"]}
    assert touchpoints["pricing-page"]["handbook_url"] == "journeys/touchpoints/#pricing-page"
    assert touchpoints["pricing-page"]["url"] == "https://example.com/pricing"  # as written


def test_json_every_item_has_a_link(data: dict[str, Any]) -> None:
    def items(node: Any) -> list[dict[str, Any]]:
        if isinstance(node, list):
            return [item for child in node for item in items(child)]
        if isinstance(node, dict):
            own = [node] if "handbook_url" in node else []
            return own + [item for value in node.values() for item in items(value)]
        return []

    linked = items(data["personas"])
    # 2 personas, 3 journeys, 5 stages, 2 pain points, 1 opportunity
    assert len(linked) == 13
    for item in linked:
        assert item["handbook_href"] == f"{SITE_URL}/{item['handbook_url']}"
        assert not item["handbook_url"].startswith(("/", "."))


def test_json_review_and_tickets(data: dict[str, Any]) -> None:
    buying = data["personas"][0]["journeys"][0]
    assert buying["review"] == {"every_days": 90, "due": "2026-11-30", "status": "due-soon"}
    future = data["personas"][0]["journeys"][1]
    assert future["review"]["status"] == "never-reviewed"
    tickets = {t["id"]: t for t in data["tickets"]}
    assert list(tickets) == ["CX-101", "CX-140", "https://tracker.example.com/browse/OPS-7"]
    assert tickets["https://tracker.example.com/browse/OPS-7"]["href"] == (
        "https://tracker.example.com/browse/OPS-7"
    )
    assert [c["id"] for c in tickets["CX-101"]["cited_by"]] == ["jargon-heavy-quotes", "long-hold"]


def test_json_without_site_url_or_directory_urls(small: Handbook) -> None:
    text = exporter(small, directory_urls=False, site_url=None).journeys_json(
        generated="x", ticket_url=None
    )
    data = json.loads(text)
    maya = data["personas"][0]
    assert maya["handbook_url"] == "journeys/first-time-buyer/index.html"
    assert "handbook_href" not in maya
    stage = maya["journeys"][0]["stages"][0]
    assert stage["handbook_url"] == "journeys/first-time-buyer/buying-a-policy/awareness.html"
    assert maya["journeys"][0]["stages"][1]["pain_points"][0]["tickets"] == [
        {"id": "CX-101", "href": None}
    ]


def test_pain_points_csv(small: Handbook) -> None:
    table = rows(exporter(small).pain_points_csv())
    assert list(table[0]) == [
        "id",
        "title",
        "severity",
        "persona",
        "journey",
        "stage",
        "touchpoint",
        "tickets",
        "addressed_by",
        "url",
        "detail",
        "evidence",
        "touchpoint_id",
        "status",
        "status_source",
        "status_date",
        "verified_by",
        "same_as",
        "replaces",
        "lane",
        "step",
    ]
    assert [(r["id"], r["status"], r["status_source"]) for r in table] == [
        ("long-hold", "open", "default"),
        ("jargon-heavy-quotes", "open", "default"),
    ]
    assert [(r["id"], r["severity"]) for r in table] == [
        ("long-hold", "critical"),
        ("jargon-heavy-quotes", "high"),
    ]
    assert table[0]["tickets"] == "CX-101 https://tracker.example.com/browse/OPS-7"
    assert table[0]["touchpoint"] == "Call centre"
    assert table[1]["addressed_by"] == "plain-language-quote"
    assert (
        table[1]["url"] == "journeys/first-time-buyer/buying-a-policy/decision/#jargon-heavy-quotes"
    )


def test_opportunities_csv(small: Handbook) -> None:
    table = rows(exporter(small).opportunities_csv())
    assert table == [
        {
            "id": "plain-language-quote",
            "title": "Plain-language quote summary",
            "status": "planned",
            "impact": "high",
            "effort": "medium",
            "owner": "Growth",
            "persona": "Maya Chen",
            "journey": "Buying a home insurance policy",
            "stage": "Decision",
            "addresses": "jargon-heavy-quotes",
            "tickets": "CX-140",
            "url": "journeys/first-time-buyer/buying-a-policy/decision/#plain-language-quote",
            "detail": "Markdown text.",
            "owner_id": "growth",
            "lane": "",
            "step": "",
        }
    ]


FORMULAS = ["=1+1", "+1", "-1", "@SUM(A1)", '=HYPERLINK("https://evil.example")']


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Handbook:
    """Every text cell of both CSVs starts like a formula."""
    root = tmp_path_factory.mktemp("formulas")
    folder = root / "journeys"
    folder.mkdir()
    (folder / "_catalog.yml").write_text(
        textwrap.dedent(
            """\
            channels: [{id: web, name: "=Web"}]
            teams: [{id: team, name: "@Team"}]
            touchpoints: [{id: page, name: "-Page", channel: web}]
            """
        ),
        encoding="utf-8",
    )
    pains = "\n".join(
        f"          - {{id: p{n}, title: {json.dumps(f)}, touchpoint: page}}"
        for n, f in enumerate(FORMULAS)
    )
    opportunities = "\n".join(
        f"          - {{id: o{n}, title: {json.dumps(f)}, owner: team, addresses: [p{n}]}}"
        for n, f in enumerate(FORMULAS)
    )
    (folder / "evil.yml").write_text(
        textwrap.dedent(
            """\
            persona: {name: "=Persona", role: Role}
            journeys:
              - id: j
                title: "+Journey"
                stages:
                  - id: s
                    name: "-Stage"
                    pain_points:
            """
        )
        + pains
        + "\n        opportunities:\n"
        + opportunities
        + "\n",
        encoding="utf-8",
    )
    return load_handbook(folder, root)


@pytest.mark.parametrize("export", ["pain_points_csv", "opportunities_csv"])
def test_formula_cells_are_neutralised(hostile: Handbook, export: str) -> None:
    text = getattr(exporter(hostile), export)()
    table = rows(text)
    assert [r["title"] for r in table]
    assert len(table) == len(FORMULAS)
    for row in table:
        for column, cell in row.items():
            assert cell[:1] not in ("=", "+", "-", "@"), (column, cell)
        assert row["title"].startswith("'")
        assert row["title"][1:] in FORMULAS
        assert (row["persona"], row["journey"], row["stage"]) == (
            "'=Persona",
            "'+Journey",
            "'-Stage",
        )
    if export == "opportunities_csv":
        assert {r["owner"] for r in table} == {"'@Team"}
    else:
        assert {r["touchpoint"] for r in table} == {"'-Page"}


def test_generate_files_lists_the_exports(small: Handbook) -> None:
    context = page_context(small, today=TODAY, ticket_url=None)
    files = {p: "".join(make()) for p, make in generate_files(context, site_url=None).items()}
    assert {
        "journeys/journeys.json",
        "journeys/pain-points.csv",
        "journeys/opportunities.csv",
        "journeys/schema/persona.json",
        "journeys/schema/catalog.json",
    } <= set(files)
    assert json.loads(files["journeys/journeys.json"])["generated"] == "2026-11-15"
    for name in ("persona", "catalog"):
        assert json.loads(files[f"journeys/schema/{name}.json"])["$schema"].startswith("https://")


def test_generate_files_forwards_former_ids(tmp_path: Path) -> None:
    folder = tmp_path / "journeys"
    folder.mkdir()
    for source in (FIXTURE / "journeys").iterdir():
        text = source.read_text(encoding="utf-8")
        if source.name == "first-time-buyer.yml":
            text = text.replace(
                "  channels: [web, phone]\n", "  channels: [web, phone]\n  former_ids: [maya]\n"
            ).replace(
                "    title: Buying a home insurance policy\n",
                "    title: Buying a home insurance policy\n    former_ids: [buying]\n",
            )
        (folder / source.name).write_text(text, encoding="utf-8")
    handbook = load_handbook(folder, tmp_path)
    context = page_context(handbook, today=TODAY, ticket_url=None)
    files = generate_files(context, site_url=None)
    forwards = {p: "".join(make()) for p, make in files.items() if p.endswith(".html")}
    assert "journeys/maya/index.html" in forwards
    assert "journeys/first-time-buyer/buying/index.html" in forwards
    assert "journeys/maya/buying/decision/index.html" in forwards
    assert 'href="../first-time-buyer/"' in forwards["journeys/maya/index.html"]
    assert (
        "../../../first-time-buyer/buying-a-policy/decision/"
        in (forwards["journeys/maya/buying/decision/index.html"])
    )


@pytest.mark.parametrize(
    ("columns", "model"),
    [(PAIN_POINT_COLUMNS, PainPoint), (OPPORTUNITY_COLUMNS, Opportunity)],
    ids=["pain-points.csv", "opportunities.csv"],
)
def test_every_field_has_a_column_the_importer_reads_back(
    columns: tuple[ExportColumn, ...], model: type[PainPoint | Opportunity]
) -> None:
    """One definition for exporter and importer: a field added to the model without a
    column (or a column naming a field the model no longer has) fails here, instead of
    being lost on the way through `journey-maps import csv`."""
    read_back = {column.field for column in columns if column.field}
    by_own_rule = {"id", "title", "severity", "status"}  # see importers/handbook_exports.py::_place
    assert read_back <= set(model.model_fields)
    assert set(model.model_fields) - read_back <= by_own_rule
    assert by_own_rule & set(model.model_fields) <= {c.name for c in columns}


def test_exports_from_kept_persona_parts_are_the_same() -> None:
    """Under `serve --dirty` each persona's part of journeys.json and steps.csv, and each
    row of the pain point and opportunity exports, is kept by its persona's key
    (site/fragments.py): the exports read the same as made from scratch."""
    handbook = load_handbook(FIXTURES / "small" / "journeys", FIXTURES / "small")
    context = page_context(handbook)
    fresh = Exporter(context.registers, context.paths, None)
    kept = Fragments()
    for _ in range(2):  # made, then kept
        kept.start({persona.id: b"unchanged" for persona in handbook.personas})
        exporter = Exporter(context.registers, context.paths, None, kept)
        assert exporter.steps_csv() == fresh.steps_csv()
        assert exporter.pain_points_csv() == fresh.pain_points_csv()
        assert exporter.opportunities_csv() == fresh.opportunities_csv()
        made = exporter.journeys_json(generated="2026-01-01", ticket_url=None)
        assert made == fresh.journeys_json(generated="2026-01-01", ticket_url=None)
        kept.finish()
