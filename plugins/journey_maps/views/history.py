"""A map's history from git: the commits that changed it, what each changed, and how the
emotion curve looked at each version; and what changed since each map's last review.

Read from the commits reachable from HEAD (uncommitted edits are not history), at most
`limit` versions per persona file, so builds stay fast. Commit dates, never the wall clock:
the same repository state gives the same pages. A shallow clone or a folder outside git
gives no history and a warning, never an error.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from ..source.git_history import Commit, GitError, Repository
from ..source.handbook import CATALOG_NAME, DEFAULT_MAX_BYTES, Handbook
from ..source.model import Journey, PersonaFile
from ..source.problems import JourneyMapsError
from .diff import Change, diff_journey, summarize
from .emotion_curve import CurvePoint, emotion_curve, polyline
from .messages import N_, _

if TYPE_CHECKING:
    import datetime as dt

__all__ = ["HandbookHistory", "handbook_history"]

Loader = Callable[[str, str], "Handbook | str | None"]
DEFAULT_LIMIT = 12
"""Versions read per persona file: the last twelve reviews are plenty on a page."""


@dataclass(frozen=True)
class Version:
    """One commit that changed a journey: what changed, and its curve at that commit."""

    commit: Commit
    note: str
    """What the commit did in words when no change is listed (`journey added`): an English
    message, said in the page's language by `summary` (the history is read before the pages
    are written, outside their language)."""
    changes: list[Change]
    curve: list[CurvePoint]
    readable: bool = True

    @property
    def summary(self) -> str:
        """What changed, in the page's language."""
        return summarize(self.changes, None) if self.changes else _(self.note)

    @property
    def curve_line(self) -> str:
        """The curve as the `points` of an SVG polyline."""
        return polyline(self.curve)

    @property
    def curve_words(self) -> str:
        """The curve in words, for its accessible name: `Arrive 2, Settle in 4`."""
        return ", ".join(f"{p.label} {p.emotion}" for p in self.curve)


@dataclass(frozen=True)
class SinceReview:
    """What changed in a map since the last commit on or before its `last_reviewed` date."""

    reviewed: dt.date
    commit: Commit | None
    changes: list[Change] | None
    """None when the map was not in the repository at that date (or could not be read)."""

    @property
    def summary(self) -> str:
        if self.changes is None:
            return _("not in the repository at the review date")
        return summarize(self.changes, None) if self.changes else _("no changes since the review")


@dataclass
class HandbookHistory:
    """History of every journey, keyed by (persona id, journey id)."""

    available: bool
    reason: str = ""
    versions: dict[tuple[str, str], list[Version]] = field(default_factory=dict)
    since_review: dict[tuple[str, str], SinceReview] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def of(self, persona: PersonaFile, journey: Journey) -> list[Version]:
        return self.versions.get((persona.id, journey.id), [])

    def review_of(self, persona: PersonaFile, journey: Journey) -> SinceReview | None:
        return self.since_review.get((persona.id, journey.id))


def unavailable(reason: str) -> HandbookHistory:
    return HandbookHistory(
        False, reason, warnings=[f"history not available: {reason}; the pages show none"]
    )


def handbook_history(
    handbook: Handbook,
    folder: Path,
    *,
    limit: int = DEFAULT_LIMIT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> HandbookHistory:
    """The history of every journey of `handbook`, read from the repository of `folder`."""
    try:
        repository = Repository.around(folder)
        if repository.is_shallow():
            return unavailable(
                "the repository is a shallow clone (in CI, fetch the whole history, e.g. "
                "actions/checkout with fetch-depth: 0)"
            )
        head = repository.commit_id("HEAD")  # once: a commit id is not looked up again
    except GitError as error:
        return unavailable(f"the journeys folder is not in a git repository with commits ({error})")
    loaded: dict[tuple[str, str], Handbook | str | None] = {}

    def load(sha: str, name: str) -> Handbook | str | None:
        """The persona file (with the catalog) at a commit; None if absent, text if broken."""
        key = (sha, name)
        if key not in loaded:
            try:
                loaded[key] = repository.handbook(sha, only=name, max_bytes=max_bytes)
            except JourneyMapsError:
                loaded[key] = "unreadable"
        return loaded[key]

    history = HandbookHistory(True)
    try:
        for persona in handbook.personas:
            name = PurePosixPath(persona.file).name
            commits = repository.file_commits(name, head, limit + 1)
            # Every version of this file (and the catalog) in one git call; each blob is
            # read once and parsed once, not once per commit and file.
            repository.prefetch([commit.sha for commit in commits], [name, CATALOG_NAME])
            for journey in persona.journeys:
                key = (persona.id, journey.id)
                history.versions[key] = _versions(journey, name, commits, limit, load)
                if journey.last_reviewed is not None:
                    history.since_review[key] = _since_review(repository, head, journey, name, load)
    except GitError as error:
        return unavailable(f"git failed while reading the history ({error})")
    return history


def _find(loaded: Handbook | str | None, journey: Journey) -> Journey | str | None:
    if loaded is None or isinstance(loaded, str):
        return loaded
    ids = {journey.id, *journey.former_ids}
    for persona in loaded.personas:
        for candidate in persona.journeys:
            if candidate.id in ids:
                return candidate
    return None


def _versions(
    journey: Journey, name: str, commits: list[Commit], limit: int, load: Loader
) -> list[Version]:
    versions: list[Version] = []
    for index, commit in enumerate(commits[:limit]):
        current = _find(load(commit.sha, name), journey)
        if current is None:
            continue
        if isinstance(current, str):
            versions.append(
                Version(commit, N_("the file could not be read at this commit"), [], [], False)
            )
            continue
        if index + 1 < len(commits):
            before = _find(load(commits[index + 1].sha, name), journey)
        else:
            before = None  # the oldest commit read: the file's first, unless capped
        if isinstance(before, Journey):
            changes = diff_journey(before, current)
            if not changes:
                continue  # the commit changed another journey of the file
            note = ""
        elif index + 1 < len(commits) or len(commits) <= limit:
            changes, note = [], N_("journey added")
        else:
            changes, note = [], N_("oldest version read")
        versions.append(Version(commit, note, changes, emotion_curve(current.stages)))
    return versions


def _since_review(
    repository: Repository, head: str, journey: Journey, name: str, load: Loader
) -> SinceReview:
    assert journey.last_reviewed is not None
    commit = repository.last_commit_on_or_before(journey.last_reviewed, head)
    if commit is None:
        return SinceReview(journey.last_reviewed, None, None)
    before = _find(load(commit.sha, name), journey)
    if not isinstance(before, Journey):
        return SinceReview(journey.last_reviewed, commit, None)
    return SinceReview(journey.last_reviewed, commit, diff_journey(before, journey))
