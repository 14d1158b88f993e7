"""A persona's journeys as CJML 2.0 XML (`journey-maps export cjml`), and what CJML cannot hold.

The mapping is the import's (`importers/cjml.py`) read backwards, so a round trip keeps
stages, steps, touchpoints, actors, emotions and `compare_to`:

* a `future-state` or `service-blueprint` journey is a `plannedJourney` (how the service
  is meant to go), any other an `actualJourney`; a current-state journey that a future
  state compares to names it in `plannedReference`;
* stages are journey phases (`phaseID` the stage id, `phaseName`, `phaseDescription` the
  goal) and steps touchpoints in order, each `belongsTo` its phase: a step with two or
  more actors is a communication point (the first actor initiates, the second receives),
  any other an action of its actor (of the persona when it names none); the action is the
  initiator's label (`a → b` is split into the initiator's and the receiver's labels);
* the persona is the first end user; a step actor that is the persona by name or first
  name is an end user too, any other a service provider;
* a step's emotion is its touchpoint's `experienceRating` in actual journeys (1 very
  dissatisfied to 5 very satisfied: the same scale).

CJML has no place for a journey's type beyond planned and actual, for a stage's own
emotion, for emotions in planned journeys, for a touchpoint of the catalog (it names a
channel) or for a third actor of a touchpoint: those go in attributes and elements of the
extension namespace, which CJML tools ignore. Everything else the handbook holds (pain
points, opportunities, lanes, evidence...) is listed in the notes, never dropped in
silence.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

from ..views.cjml_terms import EXTENSION, LABEL_ARROW, PLANNED_TYPES
from ..views.labels import plural

if TYPE_CHECKING:
    from pydantic import BaseModel

    from ..source.handbook import Handbook
    from ..source.model import Journey, PersonaFile, Stage, Step

__all__ = ["persona_cjml"]

_DEFAULT_TYPE = {"plannedJourney": "future-state", "actualJourney": "current-state"}


def _ext(name: str) -> str:
    return f"{{{EXTENSION}}}{name}"


def _child(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def persona_cjml(
    handbook: Handbook, persona: PersonaFile, journeys: list[Journey], source: str
) -> tuple[str, list[str]]:
    """The CJML document of `journeys` (of `persona`), and notes on what it leaves out."""
    notes = _left_out_of_persona(persona)
    ET.register_namespace("jm", EXTENSION)
    root = ET.Element("CJML", {"version": "2.0"})
    compared_by = {
        j.compare_to: j for j in persona.journeys if j.compare_to and j.type in PLANNED_TYPES
    }
    exported = {j.id for j in journeys}
    for journey in journeys:
        _journey(root, handbook, persona, journey, compared_by, exported)
        notes.extend(_left_out_of_journey(journey))
        if journey.compare_to and journey.compare_to not in exported:
            notes.append(
                f"journey {journey.id!r}: compare_to {journey.compare_to!r} is not in this "
                "export; export the whole persona to keep the link"
            )
    ET.indent(root, space="  ")
    comment = (
        f"<!-- {source}: persona {persona.id!r} as CJML 2.0, written by mkdocs-journey-maps."
        " Attributes and elements in the jm: namespace keep what CJML has no place for"
        " (journey types, stage emotions, catalog touchpoints), for a lossless import. -->"
    )
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{_comment(comment)}\n{body}\n', notes


def _comment(text: str) -> str:
    """An XML comment may not hold `--`: a persona id or path with one is spelled out."""
    inner = text[4:-3].replace("--", "- -")
    return f"<!--{inner}-->"


def _journey(
    root: ET.Element,
    handbook: Handbook,
    persona: PersonaFile,
    journey: Journey,
    compared_by: dict[str, Journey],
    exported: set[str],
) -> None:
    tag = "plannedJourney" if journey.type in PLANNED_TYPES else "actualJourney"
    attributes: dict[str, str] = {}
    if journey.type != _DEFAULT_TYPE[tag]:
        attributes[_ext("type")] = journey.type
    if journey.compare_to and journey.compare_to in exported:
        attributes[_ext("compareTo")] = journey.compare_to
    element = _child(root, tag, **attributes)
    _child(element, "journeyID", journey.id)
    _child(element, "journeyTitle", journey.title)
    planned = compared_by.get(journey.id)
    if tag == "actualJourney" and planned is not None and planned.id in exported:
        _child(element, "plannedReference", planned.id)
    phases = _child(element, "journeyPhases")
    for stage in journey.stages:
        phase_attributes = {"phaseID": stage.id}
        if stage.emotion is not None and not stage.emotion_inferred:
            phase_attributes[_ext("emotion")] = str(stage.emotion)
        phase = _child(phases, "journeyPhase", **phase_attributes)
        _child(phase, "phaseName", stage.name)
        if stage.goal:
            _child(phase, "phaseDescription", stage.goal)
    if journey.scenario:
        _child(element, "journeyShortSummary", journey.scenario)
    actor_ids = _actors(element, persona, journey)
    touchpoints = _child(element, "touchpoints")
    number = 0
    for stage in journey.stages:
        for step in stage.steps:
            number += 1
            _touchpoint(touchpoints, handbook, tag, stage, step, number, actor_ids, persona)


def _is_persona(name: str, persona: PersonaFile) -> bool:
    full = persona.profile.name
    return name == full or full.split()[:1] == [name]


def _actors(element: ET.Element, persona: PersonaFile, journey: Journey) -> dict[str, str]:
    """Actor name -> actor id: the persona first, then every step actor in order."""
    actors = _child(element, "actors")
    end_user = _child(actors, "endUser", actorID=persona.id, **{_ext("role"): persona.profile.role})
    _child(end_user, "actorName", persona.profile.name)
    found = {persona.profile.name: persona.id}
    for stage in journey.stages:
        for step in stage.steps:
            for name in step.actors:
                if name in found:
                    continue
                found[name] = actor_id = f"A{len(found)}"  # the persona is the first
                if _is_persona(name, persona):
                    _child(_child(actors, "endUser", actorID=actor_id), "actorName", name)
                else:
                    _child(_child(actors, "serviceProvider", actorID=actor_id), "companyName", name)
    return found


def _touchpoint(
    parent: ET.Element,
    handbook: Handbook,
    journey_tag: str,
    stage: Stage,
    step: Step,
    number: int,
    actor_ids: dict[str, str],
    persona: PersonaFile,
) -> None:
    kind = "planned" if journey_tag == "plannedJourney" else "actual"
    talking = len(step.actors) >= 2
    tag = f"{kind}{'CommunicationPoint' if talking else 'Action'}"
    attributes: dict[str, str] = {}
    if not step.actors:
        attributes[_ext("noActors")] = "true"
    if kind == "planned" and step.emotion is not None:
        attributes[_ext("emotion")] = str(step.emotion)
    element = _child(parent, tag, **attributes)
    _child(element, "touchpointID", f"TP{number}")
    _child(element, "belongsTo", phaseIDref=stage.id)
    initiator_label, receiver_label = step.action, None
    if talking and LABEL_ARROW in step.action:
        initiator_label, receiver_label = step.action.split(LABEL_ARROW, 1)
    initiator = _child(element, "initiator")
    first = step.actors[0] if step.actors else persona.profile.name
    _child(initiator, "refersTo", actorIDref=actor_ids[first])
    _child(initiator, "initiatorLabel", initiator_label)
    if talking:
        receiver = _child(element, "receiver")
        _child(receiver, "refersTo", actorIDref=actor_ids[step.actors[1]])
        if receiver_label is not None:
            _child(receiver, "receiverLabel", receiver_label)
        for name in step.actors[2:]:
            _child(element, _ext("actor"), name=name)
    if step.touchpoint:
        touchpoint = handbook.touchpoints.get(step.touchpoint)
        channel = handbook.channels.get(touchpoint.channel) if touchpoint else None
        name = channel.name if channel else step.touchpoint
        _child(
            _child(element, "channel", **{_ext("touchpoint"): step.touchpoint}), "channelName", name
        )
    if kind == "actual" and step.emotion is not None:
        experience = _child(element, "touchpointExperience")
        _child(experience, "experienceRating", str(step.emotion))


_PERSONA_FIELDS = {"name", "role"}
_JOURNEY_FIELDS = {"id", "title", "type", "scenario", "compare_to", "stages"}
_STAGE_FIELDS = {"id", "name", "goal", "emotion", "steps"}


def _set_fields(record: BaseModel, exported: set[str]) -> list[str]:
    """The fields the author wrote (non-empty) that the export has no place for."""
    return [
        name
        for name in type(record).model_fields
        if name in record.model_fields_set
        and name not in exported
        and getattr(record, name) not in (None, [], "")
    ]


def _left_out_of_persona(persona: PersonaFile) -> list[str]:
    fields = _set_fields(persona.profile, _PERSONA_FIELDS)
    if not fields:
        return []
    return [f"persona {persona.id!r}: {', '.join(fields)} have no place in CJML 2.0; not exported"]


def _left_out_of_journey(journey: Journey) -> list[str]:
    """One note per journey: its fields and its stages' fields CJML has no place for."""
    fields = _set_fields(journey, _JOURNEY_FIELDS)
    counts: dict[str, int] = {}
    for stage in journey.stages:
        for name in _set_fields(stage, _STAGE_FIELDS):
            value = getattr(stage, name)
            counts[name] = counts.get(name, 0) + (len(value) if isinstance(value, list) else 1)
    parts = fields + [_counted(name, count) for name, count in counts.items()]
    if not parts:
        return []
    return [f"journey {journey.id!r}: {', '.join(parts)} have no place in CJML 2.0; not exported"]


_LANES = ("frontstage", "backstage", "support")


def _counted(field_name: str, count: int) -> str:
    """`3 pain points`, `2 frontstage lane entries`, `1 time`."""
    if field_name in _LANES:
        return plural(count, f"{field_name} lane entry", f"{field_name} lane entries")
    if field_name == "opportunities":
        return plural(count, "opportunity", "opportunities")
    if field_name == "time":
        return plural(count, "stage time")
    return plural(count, field_name.replace("_", " ").removesuffix("s"))
