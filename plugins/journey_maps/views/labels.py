"""Words the pages use for the format's values: map types, counts with their plural."""

from __future__ import annotations

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


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """`1 stage`, `2 stages`, `3 opportunities` (with the irregular plural given)."""
    word = singular if count == 1 else (plural_form or singular + "s")
    return f"{count} {word}"
