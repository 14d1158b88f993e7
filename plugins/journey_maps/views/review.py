"""When each map was last reviewed, when it is due, and the build date it is judged on."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from ..errors import JourneyMapsException
from . import messages
from .messages import _, ngettext

if TYPE_CHECKING:
    from ..source.handbook import Handbook
    from ..source.model import Journey

__all__ = [
    "DUE_SOON_DAYS",
    "REVIEW_STATES",
    "BuildDateError",
    "Review",
    "build_date",
    "future_reviews",
    "review",
]

Freshness = Literal["date-in-future", "never-reviewed", "overdue", "due-soon", "fresh", "archived"]
"""A map's review state. Exactly one applies: `archived` first (out of the review queue
and every count), then `never-reviewed`, then `date-in-future` (a `last_reviewed` after
the build date: an error, never fresh), then overdue, due soon or fresh by the due date."""
REVIEW_STATES: tuple[Freshness, ...] = (
    "date-in-future",
    "never-reviewed",
    "overdue",
    "due-soon",
    "fresh",
    "archived",
)
"""Most urgent first: the order of the review page and of its counts."""
DUE_SOON_DAYS = 30


class BuildDateError(JourneyMapsException, ValueError):
    """SOURCE_DATE_EPOCH is set but is not a Unix timestamp a date can be made from. A
    ValueError too, as it was before the package had one root."""


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

    @property
    def in_queue(self) -> bool:
        """Counted and listed for review: every map but archived ones."""
        return self.status != "archived"

    @property
    def due_words(self) -> str:
        """When the next review is due, for the review page: a date, `now` for a map never
        reviewed, `—` when its last review date is wrong (in the future) or it is archived."""
        if self.status == "date-in-future":
            return "—"
        return messages.current().date(self.due) if self.due else _("now")

    @property
    def cadence(self) -> str:
        """How often the map is reviewed, as its page says it."""
        if self.status == "archived":
            return _("Archived: no longer reviewed.")
        return ngettext(
            "Reviewed every day.", "Reviewed every {days} days.", self.every_days
        ).format(days=self.every_days)


def review(journey: Journey, default_days: int, on: dt.date) -> Review:
    every = journey.review_every_days or default_days
    last = journey.last_reviewed
    due = last + dt.timedelta(days=every) if last is not None else None
    if journey.status == "archived":
        return Review(last, every, None, "archived")
    if last is None or due is None:
        return Review(None, every, None, "never-reviewed")
    if last > on:
        return Review(last, every, due, "date-in-future")
    if due < on:
        status: Freshness = "overdue"
    elif (due - on).days <= DUE_SOON_DAYS:
        status = "due-soon"
    else:
        status = "fresh"
    return Review(last, every, due, status)


@dataclass(frozen=True)
class FutureReview:
    """A `last_reviewed` after the build date: an error, with the file and field it is in."""

    file: str
    path: str
    """Where in the file, like `journeys[1].last_reviewed`."""
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


def future_reviews(handbook: Handbook, on: dt.date) -> list[FutureReview]:
    """Errors for maps whose `last_reviewed` is after the build date: a typo, most likely
    (2062 for 2026), that would keep the map looking fresh for decades. The build goes on
    (the journey page shows the error too); `validate` and strict builds fail on them."""
    return [
        FutureReview(
            persona.file,
            f"journeys[{index}].last_reviewed",
            f"journey '{journey.id}' has last_reviewed {journey.last_reviewed}, "
            f"after the build date {on}; check the date",
        )
        for persona in handbook.personas
        for index, journey in enumerate(persona.journeys)
        if journey.last_reviewed is not None and journey.last_reviewed > on
    ]
