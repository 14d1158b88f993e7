"""When each map was last reviewed, when it is due, and the build date it is judged on."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Literal

from ..source.handbook import Handbook
from ..source.model import Journey

Freshness = Literal["overdue", "due-soon", "fresh", "never-reviewed"]
DUE_SOON_DAYS = 30


class BuildDateError(ValueError):
    """SOURCE_DATE_EPOCH is set but is not a Unix timestamp a date can be made from."""


def build_date() -> dt.date:
    """The build date: from SOURCE_DATE_EPOCH when set, so builds are reproducible.

    When set, it must be a whole number of seconds since 1970 giving a year up to 9999;
    anything else (even empty, which MkDocs' own sitemap date cannot read either) raises
    BuildDateError: the reproducible-builds specification asks for a failed build, not a
    silent fallback to today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is None:
        return dt.date.today()
    text = epoch.strip()
    problem = f"SOURCE_DATE_EPOCH={epoch[:40]!r} is not a valid Unix timestamp"
    if not text.isascii() or not text.isdigit():
        raise BuildDateError(f"{problem} (a whole number of seconds since 1970-01-01)")
    if len(text) > 12:
        raise BuildDateError(f"{problem} (it is past the year 9999)")
    try:
        return dt.datetime.fromtimestamp(int(text), tz=dt.timezone.utc).date()
    except (OverflowError, OSError, ValueError):
        raise BuildDateError(f"{problem} (it is past the year 9999)") from None


@dataclass(frozen=True)
class Review:
    """When a journey was last reviewed and when it is due again."""

    last: dt.date | None
    every_days: int
    due: dt.date | None
    status: Freshness


def review(journey: Journey, default_days: int, on: dt.date) -> Review:
    every = journey.review_every_days or default_days
    if journey.last_reviewed is None:
        return Review(None, every, None, "never-reviewed")
    due = journey.last_reviewed + dt.timedelta(days=every)
    if due < on:
        status: Freshness = "overdue"
    elif (due - on).days <= DUE_SOON_DAYS:
        status = "due-soon"
    else:
        status = "fresh"
    return Review(journey.last_reviewed, every, due, status)


def future_reviews(handbook: Handbook, on: dt.date) -> list[str]:
    """Warnings for maps whose `last_reviewed` is after the build date: a typo, most likely
    (2062 for 2026), that would keep the map looking fresh for decades."""
    return [
        f"{persona.file}: journey '{journey.id}' has last_reviewed {journey.last_reviewed}, "
        f"after the build date {on}; check the date"
        for persona in handbook.personas
        for journey in persona.journeys
        if journey.last_reviewed is not None and journey.last_reviewed > on
    ]
