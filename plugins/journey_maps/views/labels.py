"""Words the pages use for the format's values: map types, counts with their plural."""

from __future__ import annotations

__all__ = [
    "EVIDENCE_BADGES",
    "JOURNEY_TYPE_LABELS",
    "LANES",
    "PAIN_STATUS_LABELS",
    "PERSONA_LISTS",
    "REVIEW_BADGES",
    "REVIEW_LABELS",
    "age_words",
    "heading_words",
    "number_word",
    "plural",
]

JOURNEY_TYPE_LABELS = {
    "current-state": "Current state",
    "future-state": "Future state",
    "day-in-the-life": "Day in the life",
    "service-blueprint": "Service blueprint",
}

LANES = (
    ("frontstage", "Frontstage", "what staff do in view of the customer"),
    ("backstage", "Backstage", "what staff do out of view, behind the line of visibility"),
    ("support", "Support", "systems and processes behind it"),
)
"""The service-blueprint lanes in reading order: key, heading, what the lane holds."""


PERSONA_LISTS = (
    ("goals", "Goals"),
    ("needs", "Needs"),
    ("frustrations", "Frustrations"),
    ("motivations", "Motivations"),
)
"""A persona's lists, in the order the persona page shows them side by side: key, heading."""

PAIN_STATUS_LABELS = {
    "open": "open",
    "fix-shipped": "fix shipped",
    "verified": "verified",
    "wont-fix": "won't fix",
}
"""A pain point's lifecycle states in words."""

REVIEW_LABELS = {
    "date-in-future": "Date in the future",
    "never-reviewed": "Never reviewed",
    "overdue": "Overdue",
    "due-soon": "Due soon",
    "fresh": "Fresh",
    "archived": "Archived",
}
"""Review states in words, most urgent first (the review page's order)."""

REVIEW_BADGES = {
    "date-in-future": "Review date in the future: last reviewed {last}, after today ({today}); "
    "check the date",
    "overdue": "Review overdue since {due}",
    "never-reviewed": "Never reviewed",
    "due-soon": "Review due {due}",
}
"""The same states as REVIEW_LABELS, worded for a badge that stands alone beside a map's
title, so it names its date ({last}, {due}, {today}); fresh and archived maps get none.
The review page's table says the short label, its dates being in their own columns."""

EVIDENCE_BADGES = {
    "solicited": "solicited",
    "unsolicited": "unsolicited",
    "measured": "measured",
    "assumption": "assumption",
}
"""The words of the evidence badges on cards and stages."""


def heading_words(value: str) -> str:
    """A format value as a heading says it: `in-progress` -> `In progress`."""
    return value.capitalize().replace("-", " ")


_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def number_word(count: int) -> str:
    """`four` for 4, as a sentence says small counts; digits from ten on."""
    return _NUMBER_WORDS[count] if 0 <= count < len(_NUMBER_WORDS) else f"{count:,}"


def age_words(days: int) -> str:
    """An age as people say it: `3 days`, `5 weeks`, `12 months`, `2 years`."""
    if days < 14:
        return plural(days, "day")
    if days < 61:
        return plural(days // 7, "week")
    if days < 730:
        return plural(days * 12 // 365, "month")
    return plural(days // 365, "year")


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`1 stage`, `2 stages`, `3 opportunities` (with the irregular plural given)."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"
