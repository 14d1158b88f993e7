"""Check what one record says about another: ids unique, references resolvable, emotions set.

These checks walk the raw data, not the validated models, so they still run (and report)
when the same file also has schema errors: authors see every problem in one run.
Anything not shaped as expected is skipped here; the schema check reports it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .model import RESERVED_PERSONA_IDS, RESERVED_STAGE_IDS, RESERVED_TEAM_IDS
from .problems import Problem, path_label
from .schema_messages import suggest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from .yaml_reader import DataPath, Document

__all__ = ["check_catalog", "check_former_persona_ids", "check_persona"]


def _items(value: Any, path: DataPath) -> Iterator[tuple[DataPath, dict[str, Any]]]:
    """The mappings of a list, with their paths."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield (*path, index), item


def _words(value: Any, path: DataPath) -> Iterator[tuple[DataPath, str]]:
    """The strings of a list, with their paths."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                yield (*path, index), item


def _word(record: dict[str, Any], key: str, path: DataPath) -> Iterator[tuple[DataPath, str]]:
    """The string at `record[key]`, if there is one."""
    if isinstance(record.get(key), str):
        yield (*path, key), record[key]


CATALOG = "_catalog.yml"


class _Checker:
    def __init__(
        self, document: Document, *, catalog_readable: bool = True, catalog_exists: bool = True
    ) -> None:
        self.document = document
        self.problems: list[Problem] = []
        self.catalog_readable = catalog_readable
        """False when _catalog.yml failed to load: its problems are reported, and references
        to it are not checked (else every one of them would be a false 'not in' error)."""
        self.catalog_exists = catalog_exists

    def report(self, path: DataPath, message: str) -> None:
        self.problems.append(self.document.problem(path, message))

    def unique(
        self, records: Iterator[tuple[DataPath, dict[str, Any]]], what: str, scope: str
    ) -> list[str]:
        """Ids of `records`, reporting repeats; returns the ids in order."""
        seen: dict[str, DataPath] = {}
        for path, record in records:
            identifier = record.get("id")
            if not isinstance(identifier, str):
                continue
            if identifier in seen:
                first = self.document.value_at((*seen[identifier], "id")).line
                self.report(
                    (*path, "id"),
                    f"{what} id '{identifier}' is used twice in {scope} (first on line {first})",
                )
            else:
                seen[identifier] = path
        return list(seen)

    def resolve(
        self,
        references: Iterator[tuple[DataPath, str]],
        known: list[str] | set[str],
        what: str,
        where: str,
    ) -> None:
        if where == CATALOG and not self.catalog_readable:
            return
        for path, value in references:
            if value not in known:
                if known:
                    hint = suggest(value, known)
                elif where == CATALOG and not self.catalog_exists:
                    hint = f" (there is no {CATALOG} in the journeys folder)"
                else:
                    hint = f" ({where} has none)"
                self.report(path, f"{what} '{value}' is not in {where}{hint}")


def check_catalog(document: Document) -> tuple[list[Problem], dict[str, list[str]]]:
    """Problems in `_catalog.yml`, and its ids by kind for the persona checks."""
    checker = _Checker(document)
    data = document.data if isinstance(document.data, dict) else {}
    ids = {
        kind: checker.unique(_items(data.get(kind), (kind,)), kind[:-1], "_catalog.yml")
        for kind in ("channels", "teams", "touchpoints")
    }
    for path, team in _items(data.get("teams"), ("teams",)):
        if team.get("id") in RESERVED_TEAM_IDS:
            checker.report(
                (*path, "id"),
                f"team id '{team['id']}' is reserved: teams/{team['id']}.md is the teams index page",
            )
    for path, touchpoint in _items(data.get("touchpoints"), ("touchpoints",)):
        checker.resolve(
            _word(touchpoint, "channel", path), ids["channels"], "channel", "_catalog.yml"
        )
        checker.resolve(_word(touchpoint, "owner", path), ids["teams"], "team", "_catalog.yml")
    return checker.problems, ids


def check_persona(
    document: Document, catalog: dict[str, list[str]] | None, *, catalog_exists: bool = True
) -> list[Problem]:
    """Problems between the records of one persona file and the catalog.

    `catalog` is None when _catalog.yml exists but could not be read: references to it
    are then skipped rather than all reported as missing."""
    checker = _Checker(
        document, catalog_readable=catalog is not None, catalog_exists=catalog_exists
    )
    catalog = catalog or {}
    data = document.data if isinstance(document.data, dict) else {}
    teams, touchpoints = catalog.get("teams", []), catalog.get("touchpoints", [])

    persona = data.get("persona")
    if isinstance(persona, dict):
        checker.resolve(
            _words(persona.get("channels"), ("persona", "channels")),
            catalog.get("channels", []),
            "channel",
            "_catalog.yml",
        )

    journeys = list(_items(data.get("journeys"), ("journeys",)))
    journey_ids = checker.unique(iter(journeys), "journey", "this persona")
    claimed: dict[str, str] = {}
    for path, journey in journeys:
        for old_path, old in _words(journey.get("former_ids"), (*path, "former_ids")):
            if old in journey_ids:
                checker.report(
                    old_path, f"former id '{old}' is the id of a current journey of this persona"
                )
            elif old in claimed:
                checker.report(
                    old_path, f"former id '{old}' is also claimed by journey '{claimed[old]}'"
                )
            else:
                claimed[old] = str(journey.get("id"))
    pain_ids_by_journey = {
        journey.get("id"): _pain_point_ids(journey, path) for path, journey in journeys
    }
    for path, journey in journeys:
        others = [j for j in journey_ids if j != journey.get("id")]
        checker.resolve(
            _word(journey, "compare_to", path), others, "journey", "this persona's other journeys"
        )
        _check_pain_links(checker, journey, path, pain_ids_by_journey)
        checker.resolve(_word(journey, "owner", path), teams, "team", "_catalog.yml")
        checker.resolve(
            _words(journey.get("stakeholders"), (*path, "stakeholders")),
            teams,
            "team",
            "_catalog.yml",
        )
        _check_journey(checker, journey, path, teams, touchpoints)
    return checker.problems


def _pain_points(journey: dict[str, Any], path: DataPath) -> list[tuple[DataPath, dict[str, Any]]]:
    """The pain points of a journey's stages, with their paths."""
    return [
        (p, r)
        for s, stage in _items(journey.get("stages"), (*path, "stages"))
        for p, r in _items(stage.get("pain_points"), (*s, "pain_points"))
    ]


def _pain_point_ids(journey: dict[str, Any], path: DataPath) -> list[str]:
    return [r["id"] for _, r in _pain_points(journey, path) if isinstance(r.get("id"), str)]


def _check_pain_links(
    checker: _Checker,
    journey: dict[str, Any],
    path: DataPath,
    pain_ids_by_journey: dict[Any, list[str]],
) -> None:
    """`same_as` and `replaces` name a pain point of the map this one is compared to."""
    compared = journey.get("compare_to")
    for pain_path, pain in _pain_points(journey, path):
        for key in ("same_as", "replaces"):
            if not isinstance(pain.get(key), str):
                continue
            if not isinstance(compared, str):
                checker.report(
                    (*pain_path, key),
                    f"{key} names a pain point of the compared map, but this journey has no "
                    "compare_to; add compare_to or remove it",
                )
            elif compared in pain_ids_by_journey:
                checker.resolve(
                    _word(pain, key, pain_path),
                    pain_ids_by_journey[compared],
                    "pain point",
                    f"the compared journey '{compared}'",
                )


def _check_pain_status(checker: _Checker, pain: dict[str, Any], pain_path: DataPath) -> None:
    """A verified pain point names the evidence that shows it; the status goes with its date."""
    status = pain.get("status")
    if status == "verified" and not pain.get("verified_by"):
        checker.report(
            (*pain_path, "status"),
            "a verified pain point needs verified_by: the evidence ids of this journey that "
            "show the fix worked",
        )
    if pain.get("verified_by") and "status" in pain and status != "verified":
        checker.report(
            (*pain_path, "verified_by"),
            f"verified_by is only for status: verified (this one is {status!r})",
        )
    elif pain.get("verified_by") and "status" not in pain:
        checker.report(
            (*pain_path, "verified_by"),
            "verified_by is only for status: verified; add 'status: verified'",
        )
    if "status_date" in pain and "status" not in pain:
        checker.report(
            (*pain_path, "status_date"),
            "status_date is the date the status was set; write the status too",
        )


def _check_journey(
    checker: _Checker,
    journey: dict[str, Any],
    path: DataPath,
    teams: list[str],
    touchpoints: list[str],
) -> None:
    evidence = checker.unique(
        _items(journey.get("evidence"), (*path, "evidence")), "evidence", "this journey"
    )
    stages = list(_items(journey.get("stages"), (*path, "stages")))
    checker.unique(iter(stages), "stage", "this journey")
    pain_points = _pain_points(journey, path)
    opportunities = [
        (p, r)
        for s, stage in stages
        for p, r in _items(stage.get("opportunities"), (*s, "opportunities"))
    ]
    # Pain points and opportunities share one namespace: both are anchors on stage pages.
    checker.unique(iter(pain_points + opportunities), "pain point or opportunity", "this journey")
    pain_point_ids = [r["id"] for _, r in pain_points if isinstance(r.get("id"), str)]

    for stage_path, stage in stages:
        if stage.get("id") in RESERVED_STAGE_IDS:
            checker.report(
                (*stage_path, "id"), f"stage id '{stage['id']}' is reserved for the journey page"
            )
        steps = list(_items(stage.get("steps"), (*stage_path, "steps")))
        for step_path, step in steps:
            checker.resolve(
                _word(step, "touchpoint", step_path), touchpoints, "touchpoint", "_catalog.yml"
            )
        _check_steps_named(checker, stage, stage_path, len(steps))
        stage_has_emotion = "emotion" in stage or any("emotion" in step for _, step in steps)
        if not stage_has_emotion:
            for step_path, _ in steps:
                checker.report(
                    step_path,
                    f"{path_label(step_path)}: no emotion; give this step or its stage an emotion from 1 to 5",
                )
    for pain_path, pain in pain_points:
        checker.resolve(
            _word(pain, "touchpoint", pain_path), touchpoints, "touchpoint", "_catalog.yml"
        )
        checker.resolve(
            _words(pain.get("evidence"), (*pain_path, "evidence")),
            evidence,
            "evidence",
            "this journey's evidence",
        )
        checker.resolve(
            _words(pain.get("verified_by"), (*pain_path, "verified_by")),
            evidence,
            "evidence",
            "this journey's evidence",
        )
        _check_pain_status(checker, pain, pain_path)
    for opportunity_path, opportunity in opportunities:
        checker.resolve(
            _word(opportunity, "owner", opportunity_path), teams, "team", "_catalog.yml"
        )
        checker.resolve(
            _words(opportunity.get("addresses"), (*opportunity_path, "addresses")),
            pain_point_ids,
            "pain point",
            "this journey",
        )


def _check_steps_named(
    checker: _Checker, stage: dict[str, Any], stage_path: DataPath, count: int
) -> None:
    """A pain point's or opportunity's `step:` is the number of one of its stage's steps."""
    for key in ("pain_points", "opportunities"):
        for item_path, item in _items(stage.get(key), (*stage_path, key)):
            step = item.get("step")
            if not isinstance(step, int) or isinstance(step, bool) or step < 1 or step <= count:
                continue  # within range, or not a step number at all: the schema says so
            name = f"stage '{stage['id']}'" if isinstance(stage.get("id"), str) else "this stage"
            if count == 0:
                hint = "; add its steps or remove step"
            elif count == 1:
                hint = " (did you mean 1?)"
            else:
                hint = f", numbered 1 to {count} (did you mean {count}, the last one?)"
            has = "no steps" if count == 0 else f"{count} step{'s' if count > 1 else ''}"
            checker.report(
                (*item_path, "step"), f"step {step} is not in {name}: it has {has}{hint}"
            )


def check_former_persona_ids(documents: dict[str, Document]) -> list[Problem]:
    """A persona's old ids must not be another persona's id, reserved, or claimed twice."""
    problems: list[Problem] = []
    claimed: dict[str, str] = {}
    for persona_id, document in documents.items():
        checker = _Checker(document)
        persona = document.data.get("persona") if isinstance(document.data, dict) else None
        if not isinstance(persona, dict):
            continue
        for path, old in _words(persona.get("former_ids"), ("persona", "former_ids")):
            if old in documents:
                checker.report(path, f"former id '{old}' is the id of a current persona")
            elif old in RESERVED_PERSONA_IDS:
                checker.report(path, f"former id '{old}' is reserved for an index page")
            elif old in claimed:
                checker.report(
                    path, f"former id '{old}' is also claimed by persona '{claimed[old]}'"
                )
            else:
                claimed[old] = persona_id
        problems += checker.problems
    return problems
