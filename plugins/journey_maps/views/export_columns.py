"""The columns of steps.csv, derived from the model: the exporter writes them and the
importer reads them back, so both sides share this one definition."""

from __future__ import annotations

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
