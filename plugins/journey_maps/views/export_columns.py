"""The columns of steps.csv, derived from the model: the exporter writes them and the
importer reads them back, so both sides share this one definition. So is the rule for
cells a spreadsheet program could run as formulas: the exporter guards them with a
leading `'`, the importer takes exactly that guard off again."""

from __future__ import annotations

import unicodedata

from pydantic import BaseModel

from ..source.model import Journey, Persona, Stage, Step

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
