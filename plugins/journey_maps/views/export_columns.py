"""The columns of the CSV exports: steps.csv, derived from the model, and pain-points.csv
and opportunities.csv, listed here. The exporter writes them and the importer reads them
back, so both sides share this one definition. So is the rule for cells a spreadsheet
program could run as formulas: the exporter guards them with a leading `'`, the importer
takes exactly that guard off again."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..source.model import Journey, Persona, Stage, Step

if TYPE_CHECKING:
    from collections.abc import Iterable

    from pydantic import BaseModel

__all__ = [
    "JOURNEY_COLUMNS",
    "OPPORTUNITY_COLUMNS",
    "PAIN_POINT_COLUMNS",
    "PERSONA_COLUMNS",
    "STAGE_COLUMNS",
    "STEP_COLUMNS",
    "ExportColumn",
    "column_name",
    "header",
    "identifying",
    "runs_as_formula",
    "steps_header",
]

_NAMES = {
    ("persona", "name"): "persona",
    ("journey", "title"): "journey",
    ("stage", "name"): "stage",
}


def column_name(field: str, prefix: str) -> str:
    """`journey_owner` for Journey.owner; the record's own name is `persona`/`journey`/`stage`."""
    if not prefix:
        return field
    return _NAMES.get((prefix, field), f"{prefix}_{field}")


def model_columns(model: type[BaseModel], prefix: str, skip: tuple[str, ...]) -> dict[str, str]:
    """Column -> field name, in the model's order: a new field gets a column of its own."""
    return {column_name(name, prefix): name for name in model.model_fields if name not in skip}


PERSONA_COLUMNS = model_columns(Persona, "persona", ())
JOURNEY_COLUMNS = model_columns(Journey, "journey", ("stages",))
STAGE_COLUMNS = model_columns(Stage, "stage", ("steps", "pain_points", "opportunities"))
STEP_COLUMNS = model_columns(Step, "", ())


def steps_header() -> list[str]:
    """The header row of steps.csv."""
    return [
        "persona_id",
        *PERSONA_COLUMNS,
        *JOURNEY_COLUMNS,
        *STAGE_COLUMNS,
        "stage_pain_points",
        "stage_opportunities",
        "step",
        *STEP_COLUMNS,
        "url",
    ]


@dataclass(frozen=True)
class ExportColumn:
    """A column of pain-points.csv or opportunities.csv."""

    name: str
    field: str | None = None
    """The pain point's or opportunity's field `journey-maps import csv` reads the cell back
    into, as written; None for a column written for people (a name, the URL) or read by a
    rule of its own (id, title, severity, status)."""
    is_list: bool = False
    """Ids separated by spaces in the cell, a list in the field."""
    identifies: bool = False
    """In every version of the export: the importer recognises the file by these columns."""


PAIN_POINT_COLUMNS = (
    ExportColumn("id", identifies=True),
    ExportColumn("title", identifies=True),
    ExportColumn("severity", identifies=True),
    ExportColumn("persona", identifies=True),
    ExportColumn("journey", identifies=True),
    ExportColumn("stage", identifies=True),
    ExportColumn("touchpoint", identifies=True),
    ExportColumn("tickets", "tickets", is_list=True),
    ExportColumn("addressed_by"),
    ExportColumn("url", identifies=True),
    # Added for `journey-maps import` (a full round trip); new columns go last.
    ExportColumn("detail", "detail"),
    ExportColumn("evidence", "evidence", is_list=True),
    ExportColumn("touchpoint_id", "touchpoint"),
    # The lifecycle: the status shown, whether written, derived or the default.
    ExportColumn("status"),
    ExportColumn("status_source"),
    ExportColumn("status_date", "status_date"),
    ExportColumn("verified_by", "verified_by", is_list=True),
    ExportColumn("same_as", "same_as"),
    ExportColumn("replaces", "replaces"),
    # Where on a service blueprint it sits (issue 22).
    ExportColumn("lane", "lane"),
    ExportColumn("step", "step"),
)
"""pain-points.csv, in order; the status is read back only where `status_source` says it
was written (a derived status is derived again)."""

OPPORTUNITY_COLUMNS = (
    ExportColumn("id", identifies=True),
    ExportColumn("title", identifies=True),
    ExportColumn("status", identifies=True),
    ExportColumn("impact", "impact", identifies=True),
    ExportColumn("effort", "effort", identifies=True),
    ExportColumn("owner", identifies=True),
    ExportColumn("persona"),
    ExportColumn("journey"),
    ExportColumn("stage"),
    ExportColumn("addresses", "addresses", is_list=True),
    ExportColumn("tickets", "tickets", is_list=True),
    ExportColumn("url", identifies=True),
    ExportColumn("detail", "detail"),
    ExportColumn("owner_id", "owner"),
    ExportColumn("lane", "lane"),
    ExportColumn("step", "step"),
)
"""opportunities.csv, in order; `owner` is the team's name, `owner_id` its id."""


def header(columns: Iterable[ExportColumn]) -> list[str]:
    """The header row of an export."""
    return [column.name for column in columns]


def identifying(columns: Iterable[ExportColumn]) -> set[str]:
    """The columns by which the importer knows an export, whichever version wrote it."""
    return {column.name for column in columns if column.identifies}


_FORMULA_START = ("=", "+", "-", "@", "\u2212")
"""What starts a formula: `=`, `+`, `-`, `@`, and the minus sign U+2212 that some programs
take for `-`. Other forms of these (fullwidth `＝`, small `﹢`, superscript `⁼`) are read
as them through NFKC, as spreadsheet programs that normalise input do."""
_SKIPPED_BEFORE_FORMULA = ("Cc", "Cf", "Zs", "Zl", "Zp")
"""Unicode categories a spreadsheet program (or the eye) may skip before the first
character: controls, invisible format characters (zero-width space U+200B, joiners,
direction marks, the byte-order mark, soft hyphen) and every kind of space and line or
paragraph separator (U+2028, U+2029)."""


def runs_as_formula(cell: str) -> bool:
    """Whether a spreadsheet program could run `cell` as a formula, so that an export
    must guard it with a leading `'`: its first character that is not skipped (see
    `_SKIPPED_BEFORE_FORMULA`) starts a formula in any of its forms (`=1+1`, `" =1+1"`,
    `"\\u200b=1+1"`, `"＝1+1"`, `"\\u2029@SUM(A1)"`), or it starts with a tab or a line
    break, which some programs drop before reading the rest. Looks no further than the
    first such character, so it takes time linear in the cell's leading blanks only."""
    if cell[:1] in ("\t", "\r", "\n"):
        return True
    for character in cell:
        if character.isspace() or unicodedata.category(character) in _SKIPPED_BEFORE_FORMULA:
            continue
        return unicodedata.normalize("NFKC", character).startswith(_FORMULA_START)
    return False
