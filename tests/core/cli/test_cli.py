"""The `journey-maps` command: validate, new, schema; and schema/model agreement."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import jsonschema
import pytest
import yaml
from conftest import FIXTURES, ROOT
from pydantic import ValidationError

from journey_maps.cli import STARTERS, main
from journey_maps.site.schema import json_schema
from journey_maps.source.handbook import load_handbook
from journey_maps.source.model import Catalog, PersonaFile

if TYPE_CHECKING:
    from pathlib import Path

TEMPLATES = sorted(p.stem for p in STARTERS.glob("*.yml"))


def run(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """The installed console script, as an author would run it."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from journey_maps.cli import main; sys.exit(main())",
            *arguments,
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def as_json_types(value: Any) -> Any:
    """YAML dates become ISO text, as an editor's JSON view of the file sees them."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: as_json_types(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json_types(v) for v in value]
    return value


def test_six_templates_are_listed() -> None:
    assert TEMPLATES == [
        "buyers-journey",
        "customer-churn",
        "day-in-the-life",
        "future-state",
        "lead-nurturing",
        "service-blueprint",
    ]


def test_list(tmp_path: Path) -> None:
    result = run("new", "--list", cwd=tmp_path)
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 6
    assert all(len(line.split(maxsplit=1)) == 2 for line in result.stdout.splitlines())


@pytest.mark.parametrize("template", TEMPLATES)
def test_new_writes_a_valid_file_that_is_never_overwritten(tmp_path: Path, template: str) -> None:
    result = run("new", "maya", "--template", template, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    written = tmp_path / "journeys" / "maya.yml"
    text = written.read_text()
    assert text.startswith("# yaml-language-server: $schema=_schema/persona.schema.json\n")
    assert (tmp_path / "journeys" / "_schema" / "persona.schema.json").is_file()
    check = run("validate", cwd=tmp_path)
    assert check.returncode == 0, check.stdout
    assert "no problems" in check.stdout
    schema = json.loads((tmp_path / "journeys" / "_schema" / "persona.schema.json").read_text())
    jsonschema.validate(as_json_types(yaml.safe_load(text)), schema)
    # comments explain the fields
    assert text.count("#") > 20
    again = run("new", "maya", "--template", template, cwd=tmp_path)
    assert again.returncode == 2
    assert "already exists; not overwriting it" in again.stderr
    assert written.read_text() == text


@pytest.mark.parametrize(
    "arguments",
    [
        ("new", "Maya Chen", "--template", "buyers-journey"),
        ("new", "touchpoints", "-t", "buyers-journey"),
        ("new", "x", "-t", "nope"),
        ("validate", "missing-folder"),
        (),
    ],
)
def test_usage_errors_exit_2(tmp_path: Path, arguments: tuple[str, ...]) -> None:
    result = run(*arguments, cwd=tmp_path)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_validate_reports_every_problem_and_exits_1(tmp_path: Path) -> None:
    folder = tmp_path / "journeys"
    folder.mkdir()
    (folder / "_catalog.yml").write_bytes(
        (FIXTURES / "small" / "journeys" / "_catalog.yml").read_bytes()
    )
    text = (FIXTURES / "small" / "journeys" / "first-time-buyer.yml").read_text()
    (folder / "maya.yml").write_text(
        text.replace("emotion: 3", "emotion: 8", 1).replace(
            "touchpoint: pricing-page", "touchpoint: pricng-page", 1
        )
    )
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "journeys/maya.yml:37:18: journeys[0].stages[0].emotion: must be an integer from 1 to 5, got 8",
        "journeys/maya.yml:48:25: touchpoint 'pricng-page' is not in _catalog.yml (did you mean 'pricing-page'?)",
        "2 errors in 1 file",
    ]
    as_json = run("validate", "journeys", "--format", "json", cwd=tmp_path)
    assert as_json.returncode == 1
    data = json.loads(as_json.stdout)
    assert data["count"] == 2
    assert data["errors"][0] == {
        "file": "journeys/maya.yml",
        "line": 37,
        "column": 18,
        "path": "journeys[0].stages[0].emotion",
        "message": "must be an integer from 1 to 5, got 8",
    }
    assert data["errors"][1]["path"] == "journeys[0].stages[1].steps[0].touchpoint"


def test_validate_reads_dir_from_mkdocs_yml(tmp_path: Path) -> None:
    (tmp_path / "maps").mkdir()
    (tmp_path / "maps" / "x.yml").write_text("persona:\n  name: X\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\nplugins:\n  - search\n  - journey-maps:\n      dir: maps\n"
        "markdown_extensions:\n  - pymdownx.superfences:\n      custom_fences:\n"
        "        - format: !!python/name:pymdownx.superfences.fence_code_format\n"
    )
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 1
    assert "maps/x.yml:2:3: persona: missing required key 'role'" in result.stdout


def test_example_handbook_validates_clean() -> None:
    assert main(["validate", str(ROOT / "journeys")]) == 0


def test_schema_command_prints_the_model_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == json_schema(
        PersonaFile, "Journey maps persona file"
    )
    assert main(["schema", "--catalog"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Journey maps _catalog.yml"


def test_every_example_file_passes_the_published_schema() -> None:
    persona_schema = json_schema(PersonaFile, "persona")
    catalog_schema = json_schema(Catalog, "catalog")
    files = sorted((ROOT / "journeys").glob("*.yml"))
    assert "_catalog.yml" in [path.name for path in files]
    assert len(files) > 1, "the example has no persona file to check"
    for path in files:
        data = as_json_types(yaml.safe_load(path.read_text()))
        jsonschema.validate(data, catalog_schema if path.name == "_catalog.yml" else persona_schema)


SAMPLES = [
    ({"persona": {"name": "A", "role": "B"}}, True),
    (
        {
            "persona": {"name": "A", "role": "B"},
            "journeys": [
                {"id": "j", "title": "T", "stages": [{"id": "s", "name": "S", "emotion": 3}]}
            ],
        },
        True,
    ),
    ({"persona": {"name": "A"}}, False),
    ({"persona": {"name": "A", "role": "B", "nmae": "x"}}, False),
    (
        {
            "persona": {"name": "A", "role": "B"},
            "journeys": [{"id": "J J", "title": "T", "stages": [{"id": "s", "name": "S"}]}],
        },
        False,
    ),
    (
        {
            "persona": {"name": "A", "role": "B"},
            "journeys": [{"id": "j", "title": "T", "stages": []}],
        },
        False,
    ),
    (
        {
            "persona": {"name": "A", "role": "B"},
            "journeys": [
                {"id": "j", "title": "T", "type": "someday", "stages": [{"id": "s", "name": "S"}]}
            ],
        },
        False,
    ),
    (
        {
            "persona": {"name": "A", "role": "B"},
            "journeys": [
                {"id": "j", "title": "T", "stages": [{"id": "s", "name": "S", "emotion": 6}]}
            ],
        },
        False,
    ),
    (
        {
            "persona": {"name": "A", "role": "B"},
            "journeys": [
                {
                    "id": "j",
                    "title": "T",
                    "last_reviewed": "2026-01-31",
                    "stages": [{"id": "s", "name": "S"}],
                }
            ],
        },
        True,
    ),
    ({"persona": {"name": "A", "role": "B", "goals": "one"}}, False),
    ({"persona": {"name": 3, "role": "B"}}, False),
]


@pytest.mark.parametrize(("sample", "valid"), SAMPLES)
def test_schema_and_model_agree(sample: dict[str, Any], valid: bool) -> None:
    schema = json_schema(PersonaFile, "persona")
    schema_ok = jsonschema.Draft202012Validator(schema).is_valid(sample)
    try:
        PersonaFile.model_validate(sample)
        model_ok = True
    except ValidationError:
        model_ok = False
    assert (schema_ok, model_ok) == (valid, valid)


def test_published_schema_in_the_built_site(small_site) -> None:
    published = json.loads(
        (small_site.site_dir / "journeys" / "schema" / "persona.json").read_text()
    )
    assert published == json_schema(PersonaFile, "Journey maps persona file")


def test_handbook_loads_what_validate_checked() -> None:
    handbook = load_handbook(ROOT / "journeys", ROOT)
    assert handbook.personas
