"""`journey-maps new` without flags: the persona id asked on a terminal or chosen and said,
the buyer's-journey template by default, the templates in --help, dates of the build."""

from __future__ import annotations

import datetime as dt
import os
import pty
import subprocess
import sys
from typing import TYPE_CHECKING

import yaml
from conftest import PINNED_TODAY, journey_maps_cli

from journey_maps.cli import STARTERS

if TYPE_CHECKING:
    from pathlib import Path


def dates(path: Path) -> list[str]:
    """Every review and evidence date of a persona file, as written."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = []
    for journey in data["journeys"]:
        found.append(str(journey["last_reviewed"]))
        found += [str(item["date"]) for item in journey.get("evidence", []) if "date" in item]
    return found


def test_new_without_flags_and_no_terminal_picks_an_id_and_the_buyers_journey(
    tmp_path: Path,
) -> None:
    """It used to stop at "give a persona id and --template"."""
    result = journey_maps_cli(tmp_path, "new")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:3] == [
        "using the buyers-journey template (choose another with --template; see --list)",
        "no persona id given and no terminal to ask on: using 'sam-taylor' "
        "(rename the file to change it)",
        "wrote journeys/sam-taylor.yml from the buyers-journey template",
    ]
    written = (tmp_path / "journeys" / "sam-taylor.yml").read_text(encoding="utf-8")
    assert written.endswith((STARTERS / "buyers-journey.yml").read_text(encoding="utf-8")[-200:])
    again = journey_maps_cli(tmp_path, "new")
    assert again.returncode == 0, again.stderr
    assert "using 'sam-taylor-2'" in again.stdout, "an id taken is never overwritten"
    assert journey_maps_cli(tmp_path, "validate").returncode == 0


def test_new_with_an_id_and_no_template_uses_the_buyers_journey(tmp_path: Path) -> None:
    result = journey_maps_cli(tmp_path, "new", "sam-lee")
    assert result.returncode == 0, result.stderr
    assert "wrote journeys/sam-lee.yml from the buyers-journey template" in result.stdout
    assert "no terminal" not in result.stdout


def test_new_asks_for_the_persona_id_on_a_terminal(tmp_path: Path) -> None:
    main, terminal = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "journey_maps.cli", "new", "-t", "customer-churn"],
            cwd=tmp_path,
            stdin=terminal,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        os.write(main, b"maya-chen\n")
        out, err = process.communicate(timeout=60)
    finally:
        os.close(main)
        os.close(terminal)
    assert process.returncode == 0, err
    assert out.startswith("Persona id (lowercase words and hyphens, e.g. maya-chen): ")
    assert "wrote journeys/maya-chen.yml from the customer-churn template" in out
    assert (tmp_path / "journeys" / "maya-chen.yml").is_file()


def test_help_lists_every_template_with_its_purpose_and_describes_template(
    tmp_path: Path,
) -> None:
    result = journey_maps_cli(tmp_path, "new", "--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "--template TEMPLATE, -t TEMPLATE the kind of map to start from" in text
    assert "(default: buyers-journey)" in text
    listed = result.stdout[result.stdout.index("templates:") :].splitlines()[1:]
    assert [line.split()[0] for line in listed] == sorted(p.stem for p in STARTERS.glob("*.yml"))
    for line in listed:
        name, purpose = line.split(maxsplit=1)
        first = (STARTERS / f"{name}.yml").read_text(encoding="utf-8").splitlines()[0]
        assert purpose == first.removeprefix("# ")


def test_templates_are_dated_from_the_build_date(tmp_path: Path) -> None:
    """Review and evidence dates are the build date (SOURCE_DATE_EPOCH, which the suite
    pins, else today), not a date fixed in the template that ages or lies ahead."""
    for template in sorted(p.stem for p in STARTERS.glob("*.yml")):
        result = journey_maps_cli(tmp_path, "new", f"p-{template}", "-t", template)
        assert result.returncode == 0, result.stderr
        written = dates(tmp_path / "journeys" / f"p-{template}.yml")
        assert written, template
        assert set(written) == {PINNED_TODAY}, (template, written)
    later = dt.datetime(2031, 3, 2, tzinfo=dt.timezone.utc)
    moved = subprocess.run(
        [sys.executable, "-m", "journey_maps.cli", "new", "later"],
        cwd=tmp_path,
        env={**os.environ, "SOURCE_DATE_EPOCH": str(int(later.timestamp()))},
        capture_output=True,
        text=True,
        check=False,
    )
    assert moved.returncode == 0, moved.stderr
    assert set(dates(tmp_path / "journeys" / "later.yml")) == {"2031-03-02"}
    bad = subprocess.run(
        [sys.executable, "-m", "journey_maps.cli", "new", "broken-date"],
        cwd=tmp_path,
        env={**os.environ, "SOURCE_DATE_EPOCH": "soon"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert "SOURCE_DATE_EPOCH='soon' is not a valid Unix timestamp" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert not (tmp_path / "journeys" / "broken-date.yml").exists()
