"""Loaded records share one frozen set of the names of the fields their file set (memory),
and still behave as pydantic records: what the author wrote is what they report, and a
change or a copy touches only its own record."""

from __future__ import annotations

from typing import TYPE_CHECKING

from conftest import ONE_TOUCHPOINT_CATALOG, load_journeys

if TYPE_CHECKING:
    from pathlib import Path

PERSONA = """\
persona:
  name: {name}
  role: Buyer
journeys:
  - id: buying
    title: Buying
    stages:
      - id: looking
        name: Looking
        emotion: 2
        steps:
          - action: Searches
          - action: Compares
            emotion: 4
      - id: choosing
        name: Choosing
        steps:
          - action: Picks
            emotion: 3
"""


def _stages(tmp_path: Path) -> tuple[list, list]:
    book = load_journeys(
        tmp_path,
        {"maya.yml": PERSONA.format(name="Maya"), "ravi.yml": PERSONA.format(name="Ravi")},
        ONE_TOUCHPOINT_CATALOG,
    )
    maya, ravi = (persona.journeys[0].stages for persona in book.personas)
    return maya, ravi


def test_records_with_the_same_written_fields_share_one_frozen_set(tmp_path: Path) -> None:
    maya, ravi = _stages(tmp_path)
    assert maya[0].model_fields_set == {"id", "name", "emotion", "steps"}
    assert isinstance(maya[0].model_fields_set, frozenset)
    assert maya[0].model_fields_set is ravi[0].model_fields_set
    # A stage's emotion inferred from its steps counts as set, as pydantic's assignment does.
    assert maya[1].model_fields_set == {"id", "name", "steps", "emotion"}
    assert maya[1].emotion == 3
    # A step's emotion inherited from its stage, too.
    assert maya[0].steps[0].model_fields_set == {"action", "emotion"}


def test_a_change_gives_the_record_a_set_of_its_own(tmp_path: Path) -> None:
    maya, ravi = _stages(tmp_path)
    maya[0].goal = "Find a home"
    assert maya[0].model_fields_set == {"id", "name", "emotion", "steps", "goal"}
    assert ravi[0].model_fields_set == {"id", "name", "emotion", "steps"}
    assert maya[1].model_fields_set == {"id", "name", "steps", "emotion"}


def test_a_copy_with_changes_adds_to_its_own_set_only(tmp_path: Path) -> None:
    maya, ravi = _stages(tmp_path)
    copied = maya[0].model_copy(update={"goal": "Find a home"})
    deep = ravi[0].model_copy(update={"goal": "Move"}, deep=True)
    assert copied.model_fields_set == {"id", "name", "emotion", "steps", "goal"}
    assert deep.model_fields_set == {"id", "name", "emotion", "steps", "goal"}
    assert (
        maya[0].model_fields_set == ravi[0].model_fields_set == {"id", "name", "emotion", "steps"}
    )
    assert maya[0].goal is None
