"""Words the pages use for the format's values: map types, counts with their plural.

The tables hold English messages marked `N_` for the extractor; the pages translate them with
`_()` where they show them (the build's language is not known at import time)."""

from __future__ import annotations

from ..source.emotion_words import EMOTION_LABELS
from .messages import N_, _, current, ngettext

__all__ = [
    "BLUEPRINT_LINES",
    "EVIDENCE_BADGES",
    "JOURNEY_TYPE_LABELS",
    "LANES",
    "LANE_WORDS",
    "PAIN_STATUS_LABELS",
    "PERSONA_LISTS",
    "REVIEW_BADGES",
    "REVIEW_LABELS",
    "SHOWN_VALUES",
    "age_words",
    "emotion_words",
    "heading_words",
    "number_word",
    "plural",
    "value_words",
]

JOURNEY_TYPE_LABELS = {
    "current-state": N_("Current state"),
    "future-state": N_("Future state"),
    "day-in-the-life": N_("Day in the life"),
    "service-blueprint": N_("Service blueprint"),
}

LANES = (
    ("physical_evidence", N_("Physical evidence"), N_("what the customer sees, holds or receives")),
    ("frontstage", N_("Frontstage"), N_("what staff do in view of the customer")),
    ("backstage", N_("Backstage"), N_("what staff do out of view, behind the line of visibility")),
    ("support", N_("Support"), N_("systems and processes behind it")),
)
"""The service-blueprint lanes in reading order, the customer's actions (the steps) aside:
key, heading, what the lane holds. Physical evidence is drawn above the steps, the others
below them."""

LANE_WORDS = {
    "physical_evidence": N_("physical evidence"),
    "customer": N_("the customer's actions"),
    "frontstage": N_("frontstage"),
    "backstage": N_("backstage"),
    "support": N_("support"),
}
"""A card's lane (`lane:` of a pain point or opportunity) as a sentence says it."""

BLUEPRINT_LINES = {
    "interaction": (
        N_("Line of interaction"),
        N_("above: the customer's actions · below: what staff do with the customer"),
    ),
    "visibility": (
        N_("Line of visibility"),
        N_("above: what the customer sees · below: what happens out of view"),
    ),
    "internal": (
        N_("Line of internal interaction"),
        N_("above: staff · below: the systems and processes that support them"),
    ),
}
"""The service blueprint's three lines, top to bottom: heading, what each side holds."""


PERSONA_LISTS = (
    ("goals", N_("Goals")),
    ("needs", N_("Needs")),
    ("frustrations", N_("Frustrations")),
    ("motivations", N_("Motivations")),
)
"""A persona's lists, in the order the persona page shows them side by side: key, heading."""

PAIN_STATUS_LABELS = {
    "open": N_("open"),
    "fix-shipped": N_("fix shipped"),
    "verified": N_("verified"),
    "wont-fix": N_("won't fix"),
}
"""A pain point's lifecycle states in words."""

REVIEW_LABELS = {
    "date-in-future": N_("Date in the future"),
    "never-reviewed": N_("Never reviewed"),
    "overdue": N_("Overdue"),
    "due-soon": N_("Due soon"),
    "fresh": N_("Fresh"),
    "archived": N_("Archived"),
}
"""Review states in words, most urgent first (the review page's order)."""

REVIEW_BADGES = {
    "date-in-future": N_(
        "Review date in the future: last reviewed {last}, after today ({today}); check the date"
    ),
    "overdue": N_("Review overdue since {due}"),
    "never-reviewed": N_("Never reviewed"),
    "due-soon": N_("Review due {due}"),
}
"""The same states as REVIEW_LABELS, worded for a badge that stands alone beside a map's
title, so it names its date ({last}, {due}, {today}); fresh and archived maps get none.
The review page's table says the short label, its dates being in their own columns."""

EVIDENCE_BADGES = {
    "solicited": N_("solicited"),
    "unsolicited": N_("unsolicited"),
    "measured": N_("measured"),
    "assumption": N_("assumption"),
}
"""The words of the evidence badges on cards and stages."""


SHOWN_VALUES = (
    *(N_("low"), N_("medium"), N_("high"), N_("critical")),
    *(N_("idea"), N_("planned"), N_("in-progress"), N_("shipped"), N_("dropped")),
    *(N_("draft"), N_("validated"), N_("archived")),
    *(N_("Idea"), N_("Planned"), N_("In progress"), N_("Shipped"), N_("Dropped")),
    *(N_("Low"), N_("Medium"), N_("High"), N_("Critical")),
    *(N_("very negative"), N_("negative"), N_("neutral"), N_("positive"), N_("very positive")),
)
"""The format's values that pages show as the author writes them (severities, impact and
effort, opportunity and map statuses), and as headings (`heading_words`): marked for the
extractor, so a catalogue can word `high` or `in-progress` in its language; and the words of
the emotion scale (`source.emotion_words.EMOTION_LABELS`, below the views' messages)."""


def emotion_words(value: int) -> str:
    """An emotion's label in the page's language: `very negative` for 1."""
    return _(EMOTION_LABELS[value])


def value_words(value: str) -> str:
    """A format value (`high`, `in-progress`, `draft`) in the page's language."""
    return _(value)


def heading_words(value: str) -> str:
    """A format value as a heading says it: `in-progress` -> `In progress`."""
    return _(value.capitalize().replace("-", " "))


_NUMBER_WORDS = (
    *(N_("no"), N_("one"), N_("two"), N_("three"), N_("four")),
    *(N_("five"), N_("six"), N_("seven"), N_("eight"), N_("nine")),
)


def number_word(count: int) -> str:
    """`four` for 4, as a sentence says small counts; digits from ten on."""
    if 0 <= count < len(_NUMBER_WORDS):
        return _(_NUMBER_WORDS[count])
    return current().number(count)


def age_words(days: int) -> str:
    """An age as people say it: `3 days`, `5 weeks`, `12 months`, `2 years`."""
    if days < 14:
        return plural(days, "day", "days")
    if days < 61:
        return plural(days // 7, "week", "weeks")
    if days < 730:
        return plural(days * 12 // 365, "month", "months")
    return plural(days // 365, "year", "years")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`1 stage`, `2 stages`, `3 opportunities` (with the irregular plural given),
    `1,200 responses`: every count shown beside a noun goes through here, in the page's
    language (its plural rule, its digit grouping: `1.200 Antworten`).

    A count a page shows names both forms (`plural(n, "stage", "stages")`), so the
    extractor (keyword `plural:2,3`) puts the pair in the catalogue; the plural left out
    (`singular + "s"`) is for English-only output such as the command line's."""
    word = ngettext(singular, plural_form or singular + "s", count)
    return f"{current().number(count)} {word}"
