"""The small labelled tags the pages show, each defined once: emotion, severity, status,
lifecycle, review and evidence chips, as words and a style modifier.

A chip is drawn by one template macro (`chip` in `_badges.html.j2`) as
`<span class="jm-KIND jm-KIND--MODIFIER">TEXT</span>`, so the stylesheet colours it by its
modifier and every page words the same value the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from . import messages
from .labels import REVIEW_BADGES, REVIEW_LABELS, emotion_words, value_words
from .messages import _

if TYPE_CHECKING:
    import datetime as dt

    from .evidence import EvidenceSummary, StageMeasure
    from .lifecycle import PainStatus
    from .review import Review

__all__ = ["Chip", "emotion"]

EmotionWording = Literal["words", "compact", "score"]
"""How an emotion chip reads: `3/5 · neutral` in text, `3/5 neutral` in the narrow cells of
the stage grid, `3/5` (the words as its tooltip) beside a stage name."""


@dataclass(frozen=True)
class Chip:
    """A labelled tag: its kind (the CSS block), modifier, text and optional tooltip."""

    kind: str
    modifier: str | int
    text: str
    title: str | None = None


def emotion(value: int, wording: EmotionWording = "words") -> Chip:
    """An emotion from 1 to 5, coloured by its value."""
    words = emotion_words(value)
    if wording == "score":
        return Chip("emotion", value, f"{value}/5", title=words)
    separator = " · " if wording == "words" else " "
    return Chip("emotion", value, f"{value}/5{separator}{words}")


def measured(measure: StageMeasure) -> Chip:
    """A measured mean on the 1-5 scale, to one decimal, coloured by its whole emotion."""
    return Chip("emotion", measure.rounded, measure.score_label)


def severity(value: str, *, named: bool = False) -> Chip:
    """A pain point's severity: `Severity: high` where it stands alone, else `high`."""
    words = value_words(value)
    return Chip("severity", value, _("Severity: {value}").format(value=words) if named else words)


def opportunity_status(value: str, *, named: bool = False) -> Chip:
    """An opportunity's status: `Status: planned` where it stands alone, else `planned`."""
    words = value_words(value)
    return Chip("status", value, _("Status: {value}").format(value=words) if named else words)


def pain_status(status: PainStatus) -> Chip:
    """A pain point's place in its lifecycle: open, fix shipped, verified, won't fix."""
    return Chip("pain-status", status.state, status.label)


def pain_tag(severity_value: str, status: PainStatus) -> Chip:
    """The tag of a pain point's card: its severity while open, its lifecycle state after."""
    return severity(severity_value) if status.open else pain_status(status)


def journey_status(value: str) -> Chip:
    """A map's status (draft, validated, archived) in the summary under its title."""
    return Chip("status-word", value, value_words(value))


def review_state(review: Review) -> Chip:
    """A map's review state, as the review page's table says it."""
    return Chip("review", review.status, _(REVIEW_LABELS[review.status]))


def review_date_warning(review: Review) -> Chip | None:
    """Beside a `last_reviewed` after the build date, in a map's summary: check it."""
    if review.status != "date-in-future":
        return None
    return Chip("review", review.status, _("in the future: check it"))


def review_badge(review: Review, today: dt.date) -> Chip | None:
    """The badge beside a map's title and in journey tables: only when it needs a review."""
    wording = REVIEW_BADGES.get(review.status)
    if wording is None:
        return None
    text = _(wording).format(
        last=messages.current().date(review.last) if review.last else "",
        due=messages.current().date(review.due) if review.due else "",
        today=messages.current().date(today),
    )
    return Chip("badge", "soon" if review.status == "due-soon" else "overdue", text)


def evidence_strength(summary: EvidenceSummary) -> Chip:
    """What a stage or map rests on, in words, coloured by its strength."""
    return Chip("evidence", summary.strength, summary.label)
