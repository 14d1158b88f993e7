"""When each map was last reviewed, when it is due, and the build date it is judged on."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from typing import Literal

from ..source.model import Journey

Freshness = Literal["overdue", "due-soon", "fresh", "never-reviewed"]
DUE_SOON_DAYS = 30


def build_date() -> dt.date:
    """The build date: from SOURCE_DATE_EPOCH when set, so builds are reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


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
