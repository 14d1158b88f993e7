"""`import cjml`: CJML 2.0 (Customer Journey Modeling Language, SINTEF) XML as journeys.

CJML keeps a journey as atomic touchpoints in order, each a communication point (an
initiator, a receiver and a channel) or an action (an initiator alone), grouped by
journey phases; planned journeys say how a service is meant to go, actual journeys what
happened to one person, with the experience rated only there. Read here as:

* a `plannedJourney` becomes a `future-state` journey, an `actualJourney` a
  `current-state` one; the planned journey an actual one names in `plannedReference`
  gets `compare_to` that actual journey (the handbook compares a future state with
  today);
* phases become stages (`phaseID` the id, `phaseName` the name, `phaseDescription` the
  goal), touchpoints the steps of the stage they `belongTo`: the initiator's label is the
  action (`initiator label -> receiver label` when the receiver's differs), the initiator
  and the receiver the step's actors, in that order, and the channel the touchpoint (by
  catalog id or name; otherwise the catalog snippet every import writes at the top of
  the file, `StagePlacer`'s);
* `experienceRating` (1 very dissatisfied to 5 very satisfied) is the step's emotion, read
  on the imports' shared 1-to-5 scale (`emotion_scales.FIVE`), and
  `experienceDescription` a thought of its stage;
* the end user's name is the persona's name.

What the handbook's own `export cjml` adds for a lossless round trip sits in attributes
and elements of the namespace `EXTENSION` (a journey's type, stage emotions, emotions of
planned touchpoints, actors beyond the receiver), which other CJML tools ignore. Every
other element or attribute with content is named in a note with its line, never dropped
in silence.

The XML is read by expat without a DOCTYPE (refused, so no entity of any kind, internal
or external, is ever expanded), with a cap on size, nesting and element count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from xml.parsers import expat

from ..source.model import MARKDOWN_MAX, NAME_MAX, TEXT_MAX
from ..views.cjml_terms import EXTENSION, LABEL_ARROW
from . import (
    ControlCharacters,
    Imported,
    ImportFailed,
    StageCount,
    check_length,
    read_bytes,
)
from .emotion_scales import FIVE, emotion_number
from .slugs import Slugger, slugify
from .stage_fields import CatalogNames, StagePlacer
from .tables import finish
from .writer import persona_id_for

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

__all__ = ["EXTENSION", "MAX_DEPTH", "MAX_ELEMENTS", "import_cjml", "parse_xml", "read_cjml"]

MAX_DEPTH = 64
"""Deepest element nesting read: CJML needs six levels; deeper is not a journey."""
MAX_ELEMENTS = 200_000
"""Most elements read: a journey of 500 stages with 20 touchpoints each needs about
150,000; the cap keeps memory bounded for any file under the size limit."""

_TOUCHPOINT_TAGS = {
    "plannedCommunicationPoint": ("planned", True),
    "actualCommunicationPoint": ("actual", True),
    "plannedAction": ("planned", False),
    "actualAction": ("actual", False),
}


@dataclass
class Element:
    """One XML element as read, with where it starts and whether the import used it."""

    tag: str
    """The local name; `namespace` holds its namespace, '' for CJML's own elements."""
    namespace: str
    attributes: dict[str, str]
    """Attribute name -> value; a namespaced name is written `namespace name`."""
    line: int
    column: int
    children: list[Element] = field(default_factory=list)
    text_parts: list[str] = field(default_factory=list)
    used: bool = False
    used_attributes: set[str] = field(default_factory=set)

    @property
    def text(self) -> str:
        return "".join(self.text_parts).strip()

    def take(self) -> Element:
        self.used = True
        return self

    def all(self, tag: str) -> Iterator[Element]:
        """Children of CJML's own namespace named `tag`, marked as used."""
        for child in self.children:
            if child.tag == tag and not child.namespace:
                yield child.take()

    def first(self, tag: str) -> Element | None:
        return next(self.all(tag), None)

    def attribute(self, name: str, namespace: str = "") -> str | None:
        key = f"{namespace} {name}" if namespace else name
        if key in self.attributes:
            self.used_attributes.add(key)
            return self.attributes[key].strip()
        return None

    def extension(self, tag: str) -> Iterator[Element]:
        """Children in the handbook's extension namespace named `tag`, marked as used."""
        for child in self.children:
            if child.tag == tag and child.namespace == EXTENSION:
                yield child.take()


class _Refused(Exception):
    def __init__(self, line: int, column: int, message: str) -> None:
        self.line, self.column, self.message = line, column, message


def parse_xml(data: bytes, name: str) -> Element:
    """The document's root element, or ImportFailed with the position of what is wrong.

    Safe for hostile input: a DOCTYPE is refused before anything in it is read, so no
    entity (internal, external or parameter) is ever declared or expanded; nesting and
    element count are capped; expat's own errors come back with their line and column."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    stack: list[Element] = []
    roots: list[Element] = []
    count = 0

    def here() -> tuple[int, int]:
        return parser.CurrentLineNumber, parser.CurrentColumnNumber + 1

    def refuse_doctype(*_: object) -> None:
        start = data.find(b"<!DOCTYPE")  # where the declaration starts, not where expat is
        line = data.count(b"\n", 0, start) + 1 if start >= 0 else here()[0]
        column = start - data.rfind(b"\n", 0, start) if start >= 0 else here()[1]
        raise _Refused(
            line,
            column,
            "a DOCTYPE declaration; CJML needs none and an import reads no DTD or entity "
            "(remove the <!DOCTYPE ...> line)",
        )

    def refuse_entity(*_: object) -> int:
        raise _Refused(*here(), "an external entity; an import never reads one")

    def start(tag: str, attributes: dict[str, str]) -> None:
        nonlocal count
        count += 1
        line, column = here()
        if count > MAX_ELEMENTS:
            raise _Refused(line, column, f"more than {MAX_ELEMENTS:,} elements; not a journey")
        if len(stack) >= MAX_DEPTH:
            raise _Refused(line, column, f"elements nested more than {MAX_DEPTH} deep")
        namespace, _, local = tag.rpartition(" ")
        element = Element(local, namespace, dict(attributes), line, column)
        (stack[-1].children if stack else roots).append(element)
        stack.append(element)

    def end(_: str) -> None:
        stack.pop()

    def text(content: str) -> None:
        if stack:
            stack[-1].text_parts.append(content)

    parser.StartDoctypeDeclHandler = refuse_doctype
    parser.EntityDeclHandler = refuse_doctype
    parser.ExternalEntityRefHandler = refuse_entity
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    try:
        parser.Parse(data, True)
    except _Refused as refused:
        raise ImportFailed([f"{name}:{refused.line}:{refused.column}: {refused.message}"]) from None
    except expat.ExpatError as error:
        reason = expat.ErrorString(error.code) if error.code is not None else str(error)
        raise ImportFailed(
            [f"{name}:{error.lineno}:{error.offset + 1}: not well-formed XML ({reason})"]
        ) from None
    except RecursionError:  # never expected with MAX_DEPTH; kept so no traceback escapes
        raise ImportFailed([f"{name}: elements nested too deep"]) from None
    if not roots:
        raise ImportFailed([f"{name}: no XML element in the file"])
    return roots[0]


@dataclass
class _Actor:
    name: str
    end_user: bool
    role: str | None = None


@dataclass
class _Reader:
    """One file's journeys, read with the notes and problems of its positions."""

    file: str
    placer: StagePlacer
    """Links channels with the catalog's touchpoints and keeps the snippet of the others."""
    notes: list[str]
    problems: list[str]
    stage_count: StageCount
    controls: ControlCharacters
    end_users: list[_Actor] = field(default_factory=list)

    def at(self, element: Element) -> str:
        return f"{self.file}:{element.line}:{element.column}"

    def clean(self, element: Element, value: str) -> str:
        return self.controls.clean(value, lambda *_: self.at(element))

    def text(self, parent: Element, tag: str) -> tuple[str, Element] | None:
        """The text of the first child `tag` (the others are noted), or None when empty."""
        found = list(parent.all(tag))
        for extra in found[1:]:
            extra.used = False  # reported as not kept
        if not found or not found[0].text:
            return None
        return self.clean(found[0], found[0].text), found[0]

    def line_text(self, parent: Element, tag: str) -> tuple[str, Element] | None:
        """As `text`, on one line: the handbook's names and titles hold no line break."""
        read = self.text(parent, tag)
        return (" ".join(read[0].split()), read[1]) if read else None


def read_cjml(path: Path, touchpoints: dict[str, str] | None = None) -> Imported:
    """One CJML file as one persona (its id from the file name, its name from the end
    user): what auto-detection calls for an `.xml` file whose root is `<CJML>`."""
    return import_cjml(
        [path], persona_id_for(slugify(path.stem, "imported")), touchpoints=touchpoints
    )


def import_cjml(
    paths: list[Path],
    persona_id: str,
    persona_name: str | None = None,
    persona_role: str | None = None,
    touchpoints: dict[str, str] | None = None,
) -> Imported:
    """Every journey of the files, as journeys of one persona.

    `persona_name` and `persona_role` win over the end user's; `touchpoints` maps the
    catalog's touchpoint ids and lower-cased names to ids."""
    result = Imported()
    problems: list[str] = []
    journeys: list[dict[str, Any]] = []
    journey_ids = Slugger()
    stage_count = StageCount(problems)
    placer = StagePlacer(CatalogNames(touchpoints=touchpoints or {}), result.notes, problems)
    end_users: list[_Actor] = []
    for path in paths:
        root = parse_xml(read_bytes(path), str(path))
        controls = ControlCharacters(result.notes)
        reader = _Reader(str(path), placer, result.notes, problems, stage_count, controls)
        if root.tag != "CJML" or root.namespace:
            raise ImportFailed(
                [
                    f"{reader.at(root)}: the root element is <{root.tag}>, not <CJML>; not a CJML file"
                ]
            )
        root.take()
        version = root.attribute("version")
        if version not in ("2.0", None):
            result.notes.append(
                f"{reader.at(root)}: CJML version {version!r}; read as CJML 2.0, check the result"
            )
        journeys.extend(_journeys(root, reader, journey_ids))
        end_users.extend(reader.end_users)
        _report_unused(root, reader)
        controls.finish(str(path))
    if problems:
        raise ImportFailed(problems, result.notes)
    if not journeys:
        raise ImportFailed(
            [f"{path}: no plannedJourney or actualJourney; nothing to import" for path in paths],
            result.notes,
        )
    name, role = persona_name, persona_role
    first = end_users[0] if end_users else None
    if not name:
        name = first.name if first else "Imported persona"
    if not role:
        role = (first.role if first else None) or f"Imported from {paths[0].name}"[:NAME_MAX]
    unsaid = [
        what
        for what, given, found in (
            ("name", persona_name, first),
            ("role", persona_role, first and first.role),
        )
        if not given and not found
    ]
    if unsaid:
        said = " and ".join(unsaid) + (
            " are placeholders" if len(unsaid) > 1 else " is a placeholder"
        )
        result.notes.append(
            f"persona {persona_id!r}: {said} (no end user in the file says it; --persona-name, "
            f"--persona-role): name {name!r}, role {role!r}; edit them"
        )
    result.personas[persona_id] = {"persona": {"name": name, "role": role}, "journeys": journeys}
    finish(result, placer, persona_id)
    return result


def _journeys(root: Element, reader: _Reader, journey_ids: Slugger) -> list[dict[str, Any]]:
    """The file's journeys in document order, with `compare_to` from `plannedReference`."""
    read: list[tuple[Element, str | None, dict[str, Any]]] = []
    by_cjml_id: dict[str, dict[str, Any]] = {}
    for element in root.children:
        if element.namespace or element.tag not in ("plannedJourney", "actualJourney"):
            continue
        element.take()
        cjml_id, journey = _journey(element, reader, journey_ids)
        read.append((element, cjml_id, journey))
        if cjml_id is not None:
            by_cjml_id.setdefault(cjml_id, journey)
    for element, _, journey in read:
        wanted = element.attribute("compareTo", EXTENSION)
        if wanted:
            target = by_cjml_id.get(wanted)
            if target is None:
                reader.notes.append(
                    f"{reader.at(element)}: compareTo {wanted!r} is not a journey of this "
                    "file; no compare_to kept"
                )
            elif target is not journey:
                journey["compare_to"] = target["id"]
    for element, _, journey in read:
        if element.tag != "actualJourney":
            continue
        reference = reader.text(element, "plannedReference")
        if reference is None:
            continue
        planned = by_cjml_id.get(reference[0])
        if planned is None or planned["type"] == "current-state":
            reader.notes.append(
                f"{reader.at(reference[1])}: plannedReference {reference[0]!r} is not a "
                "planned journey of this file; no compare_to kept"
            )
        elif "compare_to" not in planned:
            planned["compare_to"] = journey["id"]
        elif planned["compare_to"] != journey["id"]:
            reader.notes.append(
                f"{reader.at(reference[1])}: planned journey {reference[0]!r} already "
                f"compares to {planned['compare_to']!r}; a journey compares to one other, so "
                f"this reference of {journey['id']!r} is not kept"
            )
    return [journey for _, _, journey in read]


def _journey(
    element: Element, reader: _Reader, journey_ids: Slugger
) -> tuple[str | None, dict[str, Any]]:
    planned = element.tag == "plannedJourney"
    where = reader.at(element)
    cjml_id = reader.line_text(element, "journeyID")
    title = reader.line_text(element, "journeyTitle")
    name = (title or cjml_id or (f"{element.tag} {len(journey_ids.taken) + 1}",))[0]
    if title is None:
        reader.notes.append(f"{where}: the journey has no journeyTitle; its title is {name!r}")
    check_length(name, NAME_MAX, where, "the journey's title", reader.problems)
    journey_type = "future-state" if planned else "current-state"
    written_type = element.attribute("type", EXTENSION)
    if written_type in ("current-state", "future-state", "day-in-the-life", "service-blueprint"):
        journey_type = written_type
    elif written_type:
        reader.notes.append(f"{where}: type {written_type!r} is not a journey type; not kept")
    wanted_id = cjml_id[0] if cjml_id else name
    journey: dict[str, Any] = {
        "id": journey_ids.keep(wanted_id) if cjml_id else journey_ids.take(name, "journey"),
        "title": name,
        "type": journey_type,
    }
    summaries = [
        read[0]
        for read in (
            reader.text(element, "journeyShortSummary"),
            reader.text(element, "journeyLongSummary"),
        )
        if read
    ]
    if summaries:
        scenario = "\n\n".join(summaries)
        check_length(scenario, MARKDOWN_MAX, where, "the journey's summaries", reader.problems)
        journey["scenario"] = scenario
    actors = _actors(element, reader)
    default_emotion = None
    experience = element.first("journeyExperience")
    if experience is not None:
        if planned:
            reader.notes.append(
                f"{reader.at(experience)}: an experience in a planned journey (CJML keeps "
                "experience to actual journeys); read all the same"
            )
        default_emotion = _rating(experience, reader)
    reader.stage_count.new_journey()
    journey["stages"] = _stages(element, reader, actors, planned, default_emotion)
    return (cjml_id[0] if cjml_id else None), journey


def _actors(journey: Element, reader: _Reader) -> dict[str, _Actor]:
    """Actor id -> actor, from `<actors>`: end users, service providers, any other kind."""
    actors: dict[str, _Actor] = {}
    for group in journey.all("actors"):
        for element in group.children:
            if element.namespace:
                continue
            element.take()
            actor_id = element.attribute("actorID") or element.attribute("actorIDref")
            name = reader.line_text(element, "actorName") or reader.line_text(
                element, "companyName"
            )
            label = name[0] if name else actor_id
            if not label:
                reader.notes.append(
                    f"{reader.at(element)}: an actor without actorID or name; not kept"
                )
                continue
            check_length(label, NAME_MAX, reader.at(element), "an actor's name", reader.problems)
            actor = _Actor(label, element.tag == "endUser", element.attribute("role", EXTENSION))
            if actor.end_user and all(a.name != label for a in reader.end_users):
                reader.end_users.append(actor)
            if actor_id and actor_id not in actors:
                actors[actor_id] = actor
            elif actor_id:
                reader.notes.append(
                    f"{reader.at(element)}: actor id {actor_id!r} again; the first one is used"
                )
    return actors


@dataclass
class _Stage:
    data: dict[str, Any]
    element: Element | None
    steps: list[dict[str, Any]] = field(default_factory=list)


def _stages(
    journey: Element,
    reader: _Reader,
    actors: dict[str, _Actor],
    planned: bool,
    default_emotion: int | None,
) -> list[dict[str, Any]]:
    stage_ids = Slugger({"index"})
    stages: dict[str, _Stage] = {}
    for group in journey.all("journeyPhases"):
        for phase in group.all("journeyPhase"):
            phase_id = phase.attribute("phaseID")
            name = reader.line_text(phase, "phaseName")
            label = name[0] if name else (phase_id or f"Phase {len(stages) + 1}")
            key = phase_id or label
            if key in stages:
                reader.notes.append(
                    f"{reader.at(phase)}: phase {key!r} again; its touchpoints go to the first"
                )
                continue
            stage = stages[key] = _new_stage(label, phase_id, phase, reader, stage_ids)
            goal = reader.text(phase, "phaseDescription")
            if goal:
                check_length(
                    goal[0], TEXT_MAX, reader.at(goal[1]), "a phase description", reader.problems
                )
                stage.data["goal"] = goal[0]
            written = phase.attribute("emotion", EXTENSION)
            emotion = _emotion(written, reader.at(phase), reader) if written else None
            if emotion is not None:
                stage.data["emotion"] = emotion
    current: str | None = None
    visited: set[str] = set()
    inherited = False
    for group in journey.all("touchpoints"):
        for element in group.children:
            if element.namespace or element.tag not in _TOUCHPOINT_TAGS:
                continue
            element.take()
            kind, _ = _TOUCHPOINT_TAGS[element.tag]
            if (kind == "planned") != planned:
                reader.notes.append(
                    f"{reader.at(element)}: <{element.tag}> in "
                    f"{'a planned' if planned else 'an actual'} journey; read all the same"
                )
            belongs = element.first("belongsTo")
            phase_ref = belongs.attribute("phaseIDref") if belongs is not None else None
            if phase_ref:
                if phase_ref not in stages:
                    reader.notes.append(
                        f"{reader.at(element)}: phase {phase_ref!r} is not among the "
                        "journey's phases; a stage of that name is added"
                    )
                    stages[phase_ref] = _new_stage(phase_ref, phase_ref, element, reader, stage_ids)
                key = phase_ref
            elif current is None:
                key = ""
                if key not in stages:
                    stages[key] = _new_stage("Steps", None, element, reader, stage_ids)
                    reader.notes.append(
                        f"{reader.at(element)}: touchpoints without a phase (belongsTo) "
                        "before any with one; put in a stage named 'Steps'"
                    )
            else:
                key = current
                if not inherited:
                    inherited = True
                    reader.notes.append(
                        f"{reader.at(element)}: a touchpoint without a phase (belongsTo); "
                        "put with the touchpoint before it, as are any more in this journey"
                    )
            if key != current and key in visited:
                reader.notes.append(
                    f"{reader.at(element)}: this touchpoint comes after touchpoints of a later "
                    f"phase; listed with its own phase, {stages[key].data['name']!r}"
                )
            visited.add(key)
            current = key
            stages[key].steps.append(_step(element, reader, actors, stages[key]))
    result: list[dict[str, Any]] = []
    unphased = [stages.pop("")] if "" in stages else []  # read before any phase: first
    for stage in [*unphased, *stages.values()]:
        if stage.steps:
            stage.data["steps"] = stage.steps
        if "emotion" not in stage.data and not any("emotion" in s for s in stage.steps):
            stage.data["emotion"] = default_emotion or 3
            place = reader.at(stage.element) if stage.element is not None else reader.at(journey)
            reader.notes.append(
                f"{place}: stage {stage.data['name']!r} has no rated experience; its emotion is "
                f"set to {stage.data['emotion']} "
                f"({'the journey experience' if default_emotion else 'neutral'}), an assumption "
                "to check"
            )
        ordered: dict[str, Any] = {
            k: stage.data[k]
            for k in ("id", "name", "goal", "emotion", "thoughts", "steps")
            if k in stage.data
        }
        result.append(ordered)
    if not result:
        result.append({"id": "journey", "name": "Journey", "emotion": default_emotion or 3})
        reader.notes.append(
            f"{reader.at(journey)}: the journey has no phases or touchpoints; wrote one empty stage"
        )
    return result


def _new_stage(
    name: str, phase_id: str | None, element: Element, reader: _Reader, stage_ids: Slugger
) -> _Stage:
    where = reader.at(element)
    check_length(name, NAME_MAX, where, "the phase name", reader.problems)
    reader.stage_count.add(where)
    stage_id = (
        stage_ids.keep(phase_id)
        if phase_id and slugify(phase_id, "") == phase_id
        else stage_ids.take(phase_id or name, "stage")
    )
    return _Stage({"id": stage_id, "name": name}, element)


def _step(
    element: Element, reader: _Reader, actors: dict[str, _Actor], stage: _Stage
) -> dict[str, Any]:
    where = reader.at(element)
    people: list[str] = []
    labels: list[str] = []
    for role in ("initiator", "receiver"):
        part = element.first(role)
        if part is None:
            continue
        reference = part.first("refersTo")
        actor_id = None
        if reference is not None:
            actor_id = reference.attribute("actorIDref") or reference.attribute("actorID")
        if actor_id:
            actor = actors.get(actor_id)
            if actor is None:
                reader.notes.append(
                    f"{reader.at(reference or part)}: actor {actor_id!r} is not among the "
                    "journey's actors; kept by its id"
                )
            name = actor.name if actor else " ".join(actor_id.split())
            if name not in people:
                people.append(name)
        label = reader.line_text(part, f"{role}Label")
        if label:
            labels.append(label[0])
    for extra in element.extension("actor"):
        name = " ".join((extra.attribute("name") or "").split())
        if name and name not in people:
            people.append(name)
    if labels[1:] and labels[1] == labels[0]:
        labels.pop()
    action = LABEL_ARROW.join(labels)
    if not action:
        touchpoint_id = reader.line_text(element, "touchpointID")
        action = f"Touchpoint {touchpoint_id[0]}" if touchpoint_id else "Touchpoint"
        reader.notes.append(f"{where}: a touchpoint without labels; its step is {action!r}")
    else:
        element.first("touchpointID")  # an identity, not content: the order is kept instead
    check_length(action, TEXT_MAX, where, "the touchpoint's labels", reader.problems)
    step: dict[str, Any] = {"action": action}
    channel = element.first("channel")
    if channel is not None:
        _link_channel(step, channel, reader, where)
    written = element.attribute("emotion", EXTENSION)
    emotion = _emotion(written, where, reader) if written else None
    if emotion is not None:
        step["emotion"] = emotion
    for experience in element.all("touchpointExperience"):
        rating = _rating(experience, reader)
        if rating is not None:
            step["emotion"] = rating
        description = reader.text(experience, "experienceDescription")
        if description:
            check_length(
                description[0],
                TEXT_MAX,
                reader.at(description[1]),
                "an experience description",
                reader.problems,
            )
            stage.data.setdefault("thoughts", []).append(description[0])
    if element.attribute("noActors", EXTENSION) == "true":
        people = []
    if people:
        step["actors"] = people
    return step


def _link_channel(step: dict[str, Any], channel: Element, reader: _Reader, where: str) -> None:
    """Link the step to the catalog touchpoint of its channel: the extension's id, else the
    channel's name; one the catalog lacks goes into the catalog snippet."""
    written = channel.attribute("touchpoint", EXTENSION)
    name = reader.line_text(channel, "channelName")
    candidates = [c for c in (written, name[0] if name else None) if c]
    if candidates:
        known = reader.placer.catalog.touchpoints
        chosen = next((c for c in candidates if CatalogNames.find(known, c)), candidates[0])
        reader.placer.link_touchpoint(step, chosen, where)


def _rating(experience: Element, reader: _Reader) -> int | None:
    rating = reader.text(experience, "experienceRating")
    if rating is None:
        return None
    return _emotion(rating[0], reader.at(rating[1]), reader)


def _emotion(text: str, where: str, reader: _Reader) -> int | None:
    """A rating on the 1 (very dissatisfied) to 5 (very satisfied) scale as an emotion:
    CJML's scale is the format's, so `FIVE` rounds it (half up) and nothing is rescaled;
    a rating that would round outside 1..5 is refused, not clamped."""
    value = emotion_number(text)
    if value is None or not 0.5 <= value < 5.5:
        reader.notes.append(f"{where}: rating {text!r} is not on the 1 to 5 scale; no emotion kept")
        return None
    emotion = FIVE.emotion(value)
    if emotion != value:
        reader.notes.append(f"{where}: rating {text} kept as {emotion}")
    return emotion


_SHOWN_UNUSED = 200


def _report_unused(root: Element, reader: _Reader) -> None:
    """A note for every element and attribute with content the import did not use."""
    found: list[str] = []

    def walk(element: Element) -> None:
        if not element.used:
            if element.text or element.attributes or element.children:
                preview = element.text[:60]
                inside = sum(1 for _ in _descendants(element))
                found.append(
                    f"{reader.at(element)}: <{element.tag}>"
                    + (f" {preview!r}" if preview else "")
                    + (
                        f" (with {inside} element{'s' if inside != 1 else ''} inside)"
                        if inside
                        else ""
                    )
                    + " has no place in a journey map; not kept"
                )
            return
        for key, value in element.attributes.items():
            if key not in element.used_attributes and value.strip():
                shown = key.rpartition(" ")[2]
                found.append(
                    f"{reader.at(element)}: attribute {shown}={value.strip()[:60]!r} of "
                    f"<{element.tag}> has no place in a journey map; not kept"
                )
        for child in element.children:
            walk(child)

    walk(root)
    reader.notes.extend(found[:_SHOWN_UNUSED])
    if len(found) > _SHOWN_UNUSED:
        reader.notes.append(
            f"{reader.file}: {len(found) - _SHOWN_UNUSED:,} more elements or attributes not kept"
        )


def _descendants(element: Element) -> Iterator[Element]:
    for child in element.children:
        yield child
        yield from _descendants(child)
