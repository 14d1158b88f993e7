"""Typed journey-map data: what authors may write, with a description of every field.

The pydantic models are the single source of truth for the file format: validation,
the JSON Schema for editors and the field reference in the docs all come from here.
Cross-references between records are checked in `references`, not here, because they
need the whole handbook.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from functools import cached_property
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from .emotion_words import EMOTION_LABELS, EMOTION_WORDS, word_emotion

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = [
    "BLUEPRINT_LANES",
    "EMOTION_LABELS",
    "FORMER_IDS_MAX",
    "MARKDOWN_MAX",
    "NAME_MAX",
    "OPPORTUNITY_STATUSES",
    "PAIN_POINT_STATUSES",
    "RESERVED_PERSONA_IDS",
    "RESERVED_STAGE_IDS",
    "RESERVED_TEAM_IDS",
    "SEVERITIES",
    "SLUG_MAX",
    "TEXT_MAX",
    "URL_MAX",
    "_CONTROL",
    "BlueprintLane",
    "Catalog",
    "Channel",
    "Evidence",
    "Journey",
    "MeasuredData",
    "Opportunity",
    "OpportunityStatus",
    "PainPoint",
    "PainPointStatus",
    "Persona",
    "PersonaFile",
    "Severity",
    "Stage",
    "Step",
    "Team",
    "Touchpoint",
    "is_slug",
    "mean_emotion",
    "share_field_sets",
]

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_MAX = 64
RESERVED_PERSONA_IDS = (
    "touchpoints",
    "pain-points",
    "opportunities",
    "teams",
    "tickets",
    "review",
    "assets",
    "schema",
)
"""Persona ids that would collide with the handbook's own index pages."""
RESERVED_STAGE_IDS = ("index",)
"""`index.md` inside a journey folder is the journey page itself."""
RESERVED_TEAM_IDS = ("index",)
"""`teams/index.md` is the teams index page; a team's page is `teams/<team>.md`."""

NAME_MAX = 300
"""Longest one-line label (name, title, role, feeling, metric), in characters: a line of
a heading or a table cell, with room for a long product name but not for a page of text."""
TEXT_MAX = 2_000
"""Longest plain text (a goal, an action, a quote, a thought, a lane entry)."""
MARKDOWN_MAX = 10_000
"""Longest Markdown field (summary, scenario, detail, description)."""
URL_MAX = 2_000
"""Longest web address (touchpoint and evidence URLs, ticket links)."""
FORMER_IDS_MAX = 10
"""Most former ids per persona or journey: each pair of them is a set of redirect pages."""

_SLUG = re.compile(SLUG_PATTERN)
_TIME = re.compile(r"^([01]?[0-9]|2[0-3]):[0-5][0-9]$")
_TICKET_ID = re.compile(r"^[A-Za-z0-9#][A-Za-z0-9._#/-]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""C0 controls but tab and newline, DEL, and C1 controls (NEL, CSI...): never content."""
_LINE_BREAK = re.compile(r"[\n\u2028\u2029]")


def is_slug(value: str) -> bool:
    return len(value) <= SLUG_MAX and bool(_SLUG.match(value))


def _slug(value: str) -> str:
    if not is_slug(value):
        raise PydanticCustomError(
            "slug",
            "must be an id of lowercase letters, digits and single hyphens "
            "(at most {max} characters), got {value}",
            {"max": SLUG_MAX, "value": repr(value)},
        )
    return value


def _no_controls(value: str) -> str:
    found = _CONTROL.search(value)
    if found:
        raise PydanticCustomError(
            "control_character",
            "contains a control character U+{code} at character {index}; remove it",
            {"code": f"{ord(found.group()):04X}", "index": found.start() + 1},
        )
    return value


def _one_line(value: str) -> str:
    value = _no_controls(value).strip()
    if _LINE_BREAK.search(value):
        raise PydanticCustomError("one_line", "must be a single line of text")
    return value


def _web_url(value: str) -> str:
    if len(value) > URL_MAX:
        raise PydanticCustomError(
            "too_long_url",
            "must be at most {max} characters, got {length}",
            {"max": f"{URL_MAX:,}", "length": f"{len(value):,}"},
        )
    if not re.match(r"^https?://[^\s/$.?#].[^\s]*$", value):
        raise PydanticCustomError(
            "url",
            "must be a web address starting with https://, got {value}",
            {"value": repr(value)},
        )
    return value


def _ticket(value: str) -> str:
    if value.startswith("https://") and _web_url(value):
        return value
    if "://" in value or value.lower().startswith(("javascript:", "data:", "mailto:")):
        raise PydanticCustomError(
            "ticket",
            "a ticket is an id like CX-101 or an https:// link, got {value}",
            {"value": repr(value)},
        )
    if len(value) > SLUG_MAX or not _TICKET_ID.match(value):
        raise PydanticCustomError(
            "ticket",
            "a ticket id is letters, digits and - _ . # / without spaces (at most {max}), got {value}",
            {"max": SLUG_MAX, "value": repr(value)},
        )
    return value


def _clock_time(value: str) -> str:
    if not _TIME.match(value):
        raise PydanticCustomError(
            "time", "must be a time of day written HH:MM, got {value}", {"value": repr(value)}
        )
    hours, minutes = value.split(":")
    return f"{int(hours):02d}:{minutes}"


def _iso_date(value: object) -> object:
    """Dates may be written plain (2026-09-01) or quoted ("2026-09-01"), as editors suggest."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError(
                "real_date",
                "{value} is not a real date (the month or day does not exist)",
                {"value": value.strip()},
            ) from None
    return value


def _number_as_text(value: object) -> object:
    """Metric values are often written as bare numbers; show them as written.

    The loader puts the source text of bare numbers back before validation
    (`Document.written`), so `1.50` stays `1.50`; this is the fallback for data built
    in code or reached through an alias."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _emotion_word(value: object) -> object:
    """An emotion written as a word is its number by the one mapping the importers use
    (`source/emotion_words.py`); an unknown word is refused with the scale in words."""
    if not isinstance(value, str):
        return value
    score = word_emotion(value)
    if score is None:
        raise PydanticCustomError("emotion_word", "not a word for an emotion")
    return score


Slug = Annotated[
    str,
    AfterValidator(_slug),
    Field(json_schema_extra={"pattern": SLUG_PATTERN, "maxLength": SLUG_MAX}),
]
Line = Annotated[str, AfterValidator(_one_line), Field(min_length=1, max_length=NAME_MAX)]
Text = Annotated[str, AfterValidator(_no_controls), Field(min_length=1, max_length=TEXT_MAX)]
Markdown = Annotated[
    str,
    AfterValidator(_no_controls),
    Field(max_length=MARKDOWN_MAX, json_schema_extra={"format": "markdown"}),
]
WebUrl = Annotated[
    str, AfterValidator(_web_url), Field(max_length=URL_MAX, json_schema_extra={"format": "uri"})
]
Ticket = Annotated[str, AfterValidator(_ticket)]
Emotion = Annotated[
    int,
    BeforeValidator(_emotion_word),
    Field(ge=1, le=5),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "integer", "minimum": 1, "maximum": 5},
                {
                    "type": "string",
                    "enum": list(EMOTION_WORDS),
                    "description": "a word: "
                    + ", ".join(f"`{label}`" for label in EMOTION_LABELS.values())
                    + ", or one `journey-maps import` reads, e.g. `frustrated` (2)",
                },
            ]
        }
    ),
]
"""1 to 5, or a word for it (`negative`, `frustrated`): words are read as their number."""
ClockTime = Annotated[
    str, AfterValidator(_clock_time), Field(json_schema_extra={"pattern": _TIME.pattern})
]
MetricValue = Annotated[
    str, BeforeValidator(_number_as_text), AfterValidator(_one_line), Field(max_length=NAME_MAX)
]
FormerIds = Annotated[list[Slug], Field(max_length=FORMER_IDS_MAX)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]

JourneyType = Literal["current-state", "future-state", "day-in-the-life", "service-blueprint"]
JourneyStatus = Literal["draft", "validated", "archived"]
EvidenceKind = Literal["solicited", "unsolicited"]
Severity = Literal["low", "medium", "high", "critical"]
Level = Literal["low", "medium", "high"]
OpportunityStatus = Literal["idea", "planned", "in-progress", "shipped", "dropped"]
PainPointStatus = Literal["open", "fix-shipped", "verified", "wont-fix"]
BlueprintLane = Literal["physical_evidence", "customer", "frontstage", "backstage", "support"]
"""The service-blueprint lane a pain point or opportunity sits in: `customer` is the
customer's actions (the stage's steps); the others are the stage's lanes of the same name."""
BLUEPRINT_LANES: tuple[BlueprintLane, ...] = (
    "physical_evidence",
    "customer",
    "frontstage",
    "backstage",
    "support",
)
"""The lanes top to bottom, as a service blueprint draws them."""
StepNumber = Annotated[int, Field(ge=1, le=1000)]

SEVERITIES: tuple[Severity, ...] = ("critical", "high", "medium", "low")
"""Most severe first: the order registers list them in."""
OPPORTUNITY_STATUSES: tuple[OpportunityStatus, ...] = (
    "in-progress",
    "planned",
    "idea",
    "shipped",
    "dropped",
)
"""The order the backlog groups opportunities in: work under way first."""
PAIN_POINT_STATUSES: tuple[PainPointStatus, ...] = ("open", "fix-shipped", "verified", "wont-fix")
"""A pain point's lifecycle in order: open, a fix shipped, the fix verified; or won't fix."""


def mean_emotion(values: list[int]) -> int:
    """The rounded mean as people expect it (2.5 -> 3), not banker's rounding."""
    return math.floor(sum(values) / len(values) + 0.5)


class Record(BaseModel):
    """Strict, closed records: unknown keys are errors, nothing is coerced or dropped."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=False, validate_default=False)

    def __setattr__(self, name: str, value: object) -> None:
        """As pydantic's, on a set of field names of this record's own (see share_field_sets)."""
        _own_field_set(self)
        super().__setattr__(name, value)

    def __copy__(self) -> Self:
        """As pydantic's, and the copy's field names its own: `model_copy(update=...)` adds to
        them (see share_field_sets)."""
        copied = super().__copy__()
        _own_field_set(copied)
        return copied

    def __deepcopy__(self, memo: dict[int, Any] | None = None) -> Self:
        """As `__copy__`."""
        copied = super().__deepcopy__(memo)
        _own_field_set(copied)
        return copied


def share_field_sets(record: Record) -> None:
    """Let `record` and the records inside it share one frozen set of the names of the
    fields their file set, one per distinct set of names (`_FIELD_SETS`).

    Pydantic keeps a set of those names in every record: a set object of 216 bytes, 728
    from five names. At 5,000 stage pages that was 15 MiB of the 31 MiB the records took
    (docs/performance.md, "Memory"). Read-only once loaded: `Record` gives a record a set
    of its own again before anything changes it or copies it with changes."""
    names = frozenset(record.__pydantic_fields_set__)
    object.__setattr__(record, "__pydantic_fields_set__", _FIELD_SETS.setdefault(names, names))
    for value in record.__dict__.values():
        if isinstance(value, Record):
            share_field_sets(value)
        elif isinstance(value, list) and value and isinstance(value[0], Record):
            for item in value:
                share_field_sets(item)


_FIELD_SETS: dict[frozenset[str], frozenset[str]] = {}
"""The field-name sets records share (see share_field_sets): one per combination of a
model's fields that files set, so it stays as small as the models are varied."""


def _own_field_set(record: Record) -> None:
    """Give `record` a mutable set of field names of its own if it shares a frozen one."""
    names = getattr(record, "__pydantic_fields_set__", None)
    if isinstance(names, frozenset):
        object.__setattr__(record, "__pydantic_fields_set__", set(names))


# --- _catalog.yml -------------------------------------------------------------------------


class Channel(Record):
    """A channel customers reach the company through."""

    id: Slug = Field(description="Channel id, used by touchpoints and personas.")
    name: Line = Field(description="Display name, e.g. 'Website'.")
    description: Markdown | None = Field(None, description="What the channel covers. Markdown.")
    icon: Slug | None = Field(
        None,
        description="A Material Design icon name shown on its touchpoints, e.g. 'cellphone' "
        "(see https://pictogrammers.com/library/mdi/); a default by channel id otherwise.",
    )


class Team(Record):
    """A team that owns journeys, touchpoints or opportunities."""

    id: Slug = Field(description="Team id, used by owners and stakeholders.")
    name: Line = Field(description="Display name, e.g. 'Growth'.")
    contact: Line | None = Field(
        None, description="How to reach the team: chat channel, email or wiki link."
    )
    description: Markdown | None = Field(None, description="What the team does. Markdown.")


class Touchpoint(Record):
    """A place where a customer meets the company: an ad, a page, a call, an app screen."""

    id: Slug = Field(description="Touchpoint id; also its anchor on the touchpoint index.")
    name: Line = Field(description="Display name, e.g. 'Pricing page'.")
    channel: Slug = Field(description="The channel id this touchpoint belongs to.")
    owner: Slug | None = Field(None, description="The team id that owns this touchpoint.")
    url: WebUrl | None = Field(None, description="Where to see it, if it has an address.")
    description: Markdown | None = Field(None, description="What it is. Markdown.")


class Catalog(Record):
    """`_catalog.yml`: the channels, teams and touchpoints every persona file shares."""

    channels: list[Channel] = Field(default_factory=list, description="Channels, in display order.")
    teams: list[Team] = Field(default_factory=list, description="Teams, in display order.")
    touchpoints: list[Touchpoint] = Field(
        default_factory=list, description="Touchpoints, in display order."
    )


# --- persona files ------------------------------------------------------------------------


class Persona(Record):
    """Who the journeys of this file are about."""

    name: Line = Field(description="The persona's name, e.g. 'Maya Chen'.")
    role: Line = Field(description="One line: who they are, e.g. 'First-time home buyer'.")
    segment: Line | None = Field(None, description="Customer segment, e.g. 'Consumer'.")
    quote: Text | None = Field(None, description="Something they would say, in their words.")
    summary: Markdown | None = Field(None, description="A short portrait. Markdown.")
    goals: list[Text] = Field(default_factory=list, description="What they want to achieve.")
    needs: list[Text] = Field(default_factory=list, description="What they need from us.")
    frustrations: list[Text] = Field(default_factory=list, description="What gets in their way.")
    motivations: list[Text] = Field(default_factory=list, description="What drives them.")
    channels: list[Slug] = Field(default_factory=list, description="Channel ids they use.")
    former_ids: FormerIds = Field(
        default_factory=list,
        description=f"Old persona ids (at most {FORMER_IDS_MAX}); their URLs redirect here.",
    )


class Evidence(Record):
    """Research a journey is based on."""

    id: Slug = Field(description="Evidence id, cited by pain points of the same journey.")
    kind: EvidenceKind = Field(
        description="solicited (interviews, surveys) or unsolicited (complaints, reviews, analytics)."
    )
    source: Line = Field(description="What it is, e.g. '12 customer interviews'.")
    date: IsoDate | None = Field(None, description="When it was gathered (YYYY-MM-DD).")
    url: WebUrl | None = Field(None, description="Where to read it.")


MeasureScale = Literal["nps", "csat", "ces", "sentiment"]
DATA_PATH_MAX = 300
_DATA_PATH = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*\.csv$")


def _data_path(value: str) -> str:
    """A CSV file inside the journeys folder: relative, forward slashes, no `..`."""
    if len(value) > DATA_PATH_MAX or not _DATA_PATH.match(value) or ".." in value.split("/"):
        raise PydanticCustomError(
            "data_path",
            "must be a .csv file inside the journeys folder, written relative to it with "
            "forward slashes, like '_data/nps-2026q3.csv' (no '..', no leading '/'), got {value}",
            {"value": repr(value)},
        )
    return value


DataPath = Annotated[
    str,
    AfterValidator(_data_path),
    Field(json_schema_extra={"pattern": _DATA_PATH.pattern, "maxLength": DATA_PATH_MAX}),
]


class MeasuredData(Record):
    """A CSV of measurements (survey scores, rated reviews) attached to a journey.

    Columns: `date,score,verbatim,stage`, optionally `step`, `touchpoint`, `source`."""

    file: DataPath = Field(
        description="The CSV file, relative to the journeys folder, e.g. '_data/nps-2026q3.csv'."
    )
    scale: MeasureScale = Field(
        description="What the scores are: nps (0-10), csat (1-5), ces (1-7, 7 = easiest) or "
        "sentiment (-1 to 1). Each is mapped onto the 1-5 emotion scale."
    )
    kind: EvidenceKind = Field(
        "solicited",
        description="solicited (surveys: the default) or unsolicited (reviews, complaints, "
        "support tickets scored for sentiment).",
    )
    source: Line | None = Field(
        None, description="What it is, e.g. 'Post-purchase NPS survey, Q3 2026'."
    )


class Step(Record):
    """One thing the customer does in a stage, in order."""

    action: Text = Field(description="What the customer does.")
    touchpoint: Slug | None = Field(None, description="The touchpoint id where it happens.")
    emotion: Emotion | None = Field(
        None, description="1 (very negative) to 5 (very positive); defaults to the stage's."
    )
    actors: list[Line] = Field(
        default_factory=list, description="Who takes part, for the journey diagram."
    )


class PainPoint(Record):
    """Where it hurts. Its id is an anchor on the stage page, so tickets can link to it."""

    id: Slug = Field(description="Unique within the journey; the anchor on the stage page.")
    title: Line = Field(description="One line naming the problem.")
    detail: Markdown | None = Field(None, description="What happens and why it matters. Markdown.")
    severity: Severity = Field(
        "medium", description="low, medium, high or critical (default medium)."
    )
    touchpoint: Slug | None = Field(None, description="The touchpoint id where it hurts.")
    tickets: list[Ticket] = Field(
        default_factory=list, description="Tracker ids like CX-101, or https:// links."
    )
    evidence: list[Slug] = Field(
        default_factory=list, description="Evidence ids of this journey that show it."
    )
    status: PainPointStatus | None = Field(
        None,
        description="open, fix-shipped, verified or wont-fix. Left out, it is derived: "
        "fix-shipped when every opportunity addressing it (dropped ones aside) is shipped, "
        "else open. Written, it wins over the derivation.",
    )
    status_date: IsoDate | None = Field(
        None, description="When the written status was set (YYYY-MM-DD)."
    )
    verified_by: list[Slug] = Field(
        default_factory=list,
        description="For status verified (and required by it): evidence ids of this journey "
        "that show the fix worked.",
    )
    same_as: Slug | None = Field(
        None,
        description="The id of the same pain point in the compared map (compare_to), "
        "reworded or moved: the comparison lists it as still there.",
    )
    replaces: Slug | None = Field(
        None,
        description="The id of a pain point of the compared map (compare_to) that this one "
        "takes the place of, e.g. what is left of it after a fix: the comparison lists it "
        "as still there, in this form.",
    )
    lane: BlueprintLane | None = Field(
        None,
        description="The service-blueprint lane it hurts in: physical_evidence, customer (the "
        "customer's actions, i.e. the steps), frontstage, backstage or support. The map draws it "
        "in that lane's cell of its stage; left out, in the pain points row (or under its step).",
    )
    step: StepNumber | None = Field(
        None,
        description="The number of the step of its stage it hurts at, 1 for the first of the "
        "stage's steps. Without a lane, it sits under that step in the customer's actions.",
    )


class Opportunity(Record):
    """What could be better. Its id is an anchor on the stage page."""

    id: Slug = Field(description="Unique within the journey; the anchor on the stage page.")
    title: Line = Field(description="One line naming the idea.")
    detail: Markdown | None = Field(None, description="What we would do. Markdown.")
    impact: Level | None = Field(None, description="low, medium or high.")
    effort: Level | None = Field(None, description="low, medium or high.")
    status: OpportunityStatus = Field(
        "idea", description="idea, planned, in-progress, shipped or dropped (default idea)."
    )
    owner: Slug | None = Field(None, description="The team id that owns it.")
    addresses: list[Slug] = Field(
        default_factory=list, description="Pain point ids of this journey it addresses."
    )
    tickets: list[Ticket] = Field(
        default_factory=list, description="Tracker ids like CX-140, or https:// links."
    )
    lane: BlueprintLane | None = Field(
        None,
        description="The service-blueprint lane it helps in: physical_evidence, customer (the "
        "customer's actions, i.e. the steps), frontstage, backstage or support. The map draws it "
        "in that lane's cell of its stage; left out, in the opportunities row (or under its step).",
    )
    step: StepNumber | None = Field(
        None,
        description="The number of the step of its stage it helps at, 1 for the first of the "
        "stage's steps. Without a lane, it sits under that step in the customer's actions.",
    )


class Metric(Record):
    """A number that tells how the stage is going."""

    name: Line = Field(description="What is measured.")
    value: MetricValue | None = Field(
        None, description='The current value, as written (quote it: "41%").'
    )
    target: MetricValue | None = Field(None, description="The value we aim for.")


class Stage(Record):
    """One phase of the journey; it gets a page of its own."""

    id: Slug = Field(description="Unique within the journey; the stage page's file name.")
    name: Line = Field(description="Display name, e.g. 'Awareness'.")
    time: ClockTime | None = Field(
        None, description="Time of day (HH:MM), for day-in-the-life maps."
    )
    goal: Text | None = Field(None, description="What the customer wants from this stage.")
    emotion: Emotion | None = Field(
        None, description="1..5; defaults to the rounded mean of the steps' emotions."
    )
    feeling: Line | None = Field(
        None, description="The feeling in words, e.g. 'Curious but overwhelmed'."
    )
    thoughts: list[Text] = Field(default_factory=list, description="What goes through their head.")
    steps: list[Step] = Field(default_factory=list, description="The customer's actions, in order.")
    pain_points: list[PainPoint] = Field(default_factory=list, description="Where it hurts.")
    opportunities: list[Opportunity] = Field(
        default_factory=list, description="What could be better."
    )
    frontstage: list[Text] = Field(
        default_factory=list, description="Blueprint lane: what staff do in view of the customer."
    )
    backstage: list[Text] = Field(
        default_factory=list, description="Blueprint lane: what staff do out of view."
    )
    support: list[Text] = Field(
        default_factory=list, description="Blueprint lane: systems and processes behind it."
    )
    physical_evidence: list[Text] = Field(
        default_factory=list,
        description="Blueprint lane: what the customer sees, holds or receives (a letter, an app "
        "screen, a van at the door); drawn above the customer's actions.",
    )
    metrics: list[Metric] = Field(default_factory=list, description="How the stage is measured.")

    _emotion_inferred: bool = PrivateAttr(False)

    @property
    def emotion_inferred(self) -> bool:
        """True when the stage's emotion is the mean of its steps, not written by the author."""
        return self._emotion_inferred

    @property
    def has_lanes(self) -> bool:
        return bool(self.frontstage or self.backstage or self.support or self.physical_evidence)


class Journey(Record):
    """One journey of the persona; it gets a page with a diagram and a stage grid."""

    id: Slug = Field(description="Unique within the persona; the journey's folder name.")
    title: Line = Field(description="e.g. 'Buying a home insurance policy'.")
    type: JourneyType = Field(
        "current-state",
        description="current-state, future-state, day-in-the-life or service-blueprint.",
    )
    scenario: Markdown | None = Field(
        None, description="The situation the journey starts from. Markdown."
    )
    owner: Slug | None = Field(None, description="The team id that owns the map.")
    stakeholders: list[Slug] = Field(
        default_factory=list, description="Team ids with a stake in it."
    )
    status: JourneyStatus = Field(
        "draft", description="draft, validated or archived (default draft)."
    )
    last_reviewed: IsoDate | None = Field(
        None, description="When the map was last checked against reality (YYYY-MM-DD)."
    )
    review_every_days: Annotated[int, Field(ge=1, le=3660)] | None = Field(
        None, description="Review interval in days; overrides the plugin's review_every_days."
    )
    compare_to: Slug | None = Field(
        None, description="Id of another journey of this persona to compare with."
    )
    former_ids: FormerIds = Field(
        default_factory=list,
        description=f"Old journey ids (at most {FORMER_IDS_MAX}); their URLs redirect here.",
    )
    evidence: list[Evidence] = Field(
        default_factory=list, description="Research the map is based on."
    )
    data: Annotated[list[MeasuredData], Field(max_length=20)] = Field(
        default_factory=list,
        description="Measured data: CSV files of scores per stage (and step), shown beside "
        "the assumed emotion. At most 20.",
    )
    stages: Annotated[list[Stage], Field(min_length=1)] = Field(description="The stages, in order.")

    @property
    def is_live(self) -> bool:
        """Describes today: not archived, not a future state. Only live maps feed the
        cross-persona figures (mean emotion, open pain points); the others are listed, marked."""
        return self.status != "archived" and self.type != "future-state"

    @property
    def label(self) -> str:
        """'archived' or 'future state' for maps that are not live, else ''."""
        if self.status == "archived":
            return "archived"
        return "future state" if self.type == "future-state" else ""


class PersonaFile(Record):
    """One `journeys/<persona-id>.yml` file."""

    profile: Persona = Field(alias="persona", description="Who the journeys are about.")
    journeys: list[Journey] = Field(
        default_factory=list, description="The persona's journeys, in order."
    )

    _id: str = PrivateAttr("")
    _file: str = PrivateAttr("")

    @cached_property
    def id(self) -> str:
        """The persona id: the file name without its extension."""
        return self._id

    @cached_property
    def file(self) -> str:
        return self._file
