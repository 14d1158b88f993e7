"""Counts of one: a handbook with exactly one of everything says `1 persona`, never
`1 personas`, on every page, in the build's log and in the command line's output. The
build used to log "Generated pages for 1 personas and 1 journeys"."""

from __future__ import annotations

import html
import logging
import re
from typing import TYPE_CHECKING

import pytest
from conftest import Site, build_project, journey_maps_cli, make_project

if TYPE_CHECKING:
    from pathlib import Path

CATALOG = """\
channels: [{id: web, name: Website}]
teams: [{id: growth, name: Growth}]
touchpoints: [{id: pricing-page, name: Pricing page, channel: web, owner: growth}]
"""

PERSONA = """\
persona:
  name: Ana Ruiz
  role: Owner of a small bakery
journeys:
  - id: switching
    title: Switching insurer
    type: current-state
    owner: growth
    last_reviewed: 2026-11-01
    review_every_days: 1
    evidence:
      - id: interviews
        kind: solicited
        source: One interview
        date: 2026-10-01
    data:
      - file: _data/survey.csv
        scale: csat
        kind: solicited
        source: One survey answer
    stages:
      - id: compare
        name: Compare
        emotion: 2
        steps:
          - action: Compares two quotes
            touchpoint: pricing-page
        pain_points:
          - id: jargon
            title: Quotes are full of jargon
            severity: high
            tickets: [CX-101]
        opportunities:
          - id: plain-quotes
            title: Plain-language quotes
            status: planned
            impact: high
            effort: low
            owner: growth
            tickets: [CX-102]
"""

SURVEY = "date,score,verbatim,stage\n2026-10-02,2,Too much jargon,compare\n"

NOUNS = (
    "personas|journeys|stages|steps|pain points|opportunities|touchpoints|teams|channels"
    "|tickets|responses|answers|maps|files|errors|problems|warnings|days|weeks|months|years"
    "|parts|items|pages|changes|records|scores|verbatims|evidences|sources"
)
ONE_PLURAL = re.compile(rf"(?<![\d.,])\b1 (?:{NOUNS})\b")
"""`1 personas` (a count of one before a plural), not `11 personas` or `0.1 days`."""


def text_of(page: str) -> str:
    """A page's words: tags and scripts out, entities decoded, spaces collapsed."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.fixture(scope="module")
def one_of_everything(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(
        tmp_path_factory.mktemp("one"),
        journeys={"_catalog.yml": CATALOG, "ana.yml": PERSONA, "_data/survey.csv": SURVEY},
    )


@pytest.fixture(scope="module")
def built(one_of_everything: Path) -> tuple[Site, list[str]]:
    """The site, and every message its build logged (info and up)."""
    handler = _Collect()
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        site = build_project(one_of_everything)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return site, handler.messages


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def test_the_build_log_says_1_of_a_singular(built: tuple[Site, list[str]]) -> None:
    _, logged = built
    assert "journey_maps: Generated pages for 1 persona and 1 journey" in logged
    assert [line for line in logged if ONE_PLURAL.search(line)] == []


def test_no_page_says_1_of_a_plural(built: tuple[Site, list[str]]) -> None:
    site, _ = built
    found = {}
    for path in site.html_files():
        hits = ONE_PLURAL.findall(text_of(path.read_text(encoding="utf-8")))
        if hits:
            found[path.relative_to(site.site_dir).as_posix()] = sorted(set(hits))
    assert found == {}


def test_the_command_line_says_1_of_a_singular(one_of_everything: Path) -> None:
    validate = journey_maps_cli(one_of_everything, "validate")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "journeys: 1 persona, 1 journey, 1 stage, no problems" in validate.stdout
    outputs = [validate.stdout + validate.stderr]
    for arguments in (
        ("render", "--force"),
        ("render", "--force", "--check"),
        ("diff", "--dir", "journeys", "journeys", "journeys"),
    ):
        result = journey_maps_cli(one_of_everything, *arguments)
        outputs.append(result.stdout + result.stderr)
    assert [ONE_PLURAL.findall(output) for output in outputs] == [[]] * len(outputs)
