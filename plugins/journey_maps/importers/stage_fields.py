"""Where imported content goes in a stage: one place for every importer that reads rows
of a kind (goal, steps, touchpoints, emotion, pain points, KPIs, teams...).

The grids (CSV, .xlsx, Markdown and HTML tables), the long tables and the maps-as-code
YAML all end with "these texts, of this kind, for this stage". `StagePlacer` puts them in
the format's fields, splits cells that hold lists, links touchpoints and teams with the
catalog, and keeps what the catalog lacks as a ready-to-paste snippet for the top of the
written file. What has no place is reported with its position, and listed in `dropped`
so that the import can refuse to write less than it read (`--allow-partial`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..source.model import NAME_MAX, TEXT_MAX
from . import check_length
from .emotion_scales import EmotionReader
from .slugs import Slugger, slugify

__all__ = [
    "ROW_KINDS",
    "CatalogNames",
    "StagePlacer",
    "journey_from",
    "normalise_label",
    "row_kind",
    "split_list",
]

ROW_KINDS = {
    "goal": ("goal", "goals", "customer goal", "customer goals", "objective", "objectives"),
    "business_goal": (
        "business goal",
        "business goals",
        "business objective",
        "business objectives",
    ),
    "steps": (
        "steps",
        "step",
        "actions",
        "action",
        "doing",
        "customer actions",
        "what they do",
        "activities",
        "tasks",
        "behaviour",
        "behaviours",
        "behavior",
        "behaviors",
    ),
    "touchpoints": ("touchpoints", "touchpoint", "touch points", "touch point"),
    "channels": ("channels", "channel"),
    "emotion": ("emotion", "emotions", "emotion score", "score", "sentiment", "emotional curve"),
    "feeling": (
        "feeling",
        "feelings",
        "feels",
        "customer experience",
        "experience",
        "emotional experience",
        "what they feel",
    ),
    "thoughts": ("thoughts", "thought", "thinking", "what they think"),
    "pain_points": (
        "pain points",
        "pain point",
        "pains",
        "pain",
        "frustrations",
        "frustration",
        "problems",
    ),
    "opportunities": ("opportunities", "opportunity", "ideas", "improvements"),
    "frontstage": ("frontstage", "front stage", "frontstage actions", "front stage actions"),
    "backstage": ("backstage", "back stage", "backstage actions", "back stage actions"),
    "support": ("support", "support processes", "supporting processes", "support systems"),
    "metrics": ("metrics", "metric", "kpis", "kpi", "measures", "success metrics"),
    "teams": (
        "teams",
        "team",
        "teams involved",
        "owners",
        "owner",
        "owning team",
        "responsible",
        "responsible team",
        "departments",
        "department",
    ),
    "time": ("time", "time of day"),
}
"""Row kinds of a grid (and column kinds of a long table), with the names templates give
them, matched after `normalise_label`."""
_KIND_BY_NAME = {name: kind for kind, names in ROW_KINDS.items() for name in names}
SPLIT_KINDS = frozenset(
    {"steps", "touchpoints", "channels", "pain_points", "opportunities", "metrics", "teams"}
)
"""Kinds whose cells are split at commas and semicolons too (not only at line breaks and
bullets): a step, a touchpoint or a KPI is short and rarely holds a comma, while a
thought or a goal is a sentence that does. `--no-split` keeps them whole."""
_BULLET = re.compile(r"^(?:[-*•–·]|\d+[.)])\s+")
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b]")
MAX_SPLIT_ITEMS = 1_000
"""Most items one cell is split into: a cell of 100,000 commas is not 100,000 steps."""


def normalise_label(label: str) -> str:
    """A row or column label as the kinds are matched: lower case, without what is in
    brackets, punctuation, `and`, or Markdown emphasis (`**Customer Actions**`,
    `_KPIs_`, `` `Touchpoints` ``: a table in a page bolds its row labels)."""
    label = _without_parentheses(label.lower())
    label = re.sub(r"[\s_\-/&:.?!*`]+", " ", label)
    return label.replace(" and ", " ").strip()


def _without_parentheses(label: str) -> str:
    """`label` with each `(...)` made a space, as the lazy pattern `\\(.*?\\)` would, in
    one pass: a pattern tried at every `(` rescans the rest for its `)`."""
    pieces: list[str] = []
    position = 0
    while (start := label.find("(", position)) != -1:
        end = label.find(")", start + 1)
        if end == -1:
            break
        pieces += [label[position:start], " "]
        position = end + 1
    return "".join(pieces) + label[position:]


def row_kind(label: str) -> str | None:
    return _KIND_BY_NAME.get(normalise_label(label))


def split_list(text: str, *, commas: bool) -> list[str]:
    """The items of a cell: one per line, leading bullets (`-`, `*`, `•`, `1.`) removed, a
    `•` inside a line starting a new item; with `commas`, commas and semicolons outside
    brackets separate items too, except a comma between two digits (`1,000`).

    One pass over the text, so a cell of any shape takes linear time."""
    items: list[str] = []
    for line in _LINE_BREAKS.split(text):
        for piece in line.split("•"):
            for item in _split_commas(piece) if commas else [piece]:
                item = _BULLET.sub("", item.strip()).strip()
                if item:
                    items.append(item)
    return items


def _split_commas(text: str) -> list[str]:
    pieces, start, depth = [], 0, 0
    for index, character in enumerate(text):
        if character in "([{":
            depth += 1
        elif character in ")]}":
            depth = max(0, depth - 1)
        elif depth == 0 and (
            character == ";"
            or (
                character == ","
                and not (
                    0 < index < len(text) - 1
                    and text[index - 1].isdigit()
                    and text[index + 1].isdigit()
                )
            )
        ):
            pieces.append(text[start:index])
            start = index + 1
    pieces.append(text[start:])
    return pieces


def _colon_outside_brackets(text: str) -> tuple[str, str, str]:
    """`text.partition(":")` at the first colon outside brackets: `Conversion: 4%` is a
    name and a value, `time-to-first-event (target: < 10 min)` one name."""
    depth = 0
    for index, character in enumerate(text):
        if character in "([{":
            depth += 1
        elif character in ")]}":
            depth = max(0, depth - 1)
        elif character == ":" and depth == 0:
            return text[:index], ":", text[index + 1 :]
    return text, "", ""


@dataclass
class CatalogNames:
    """The target folder's catalog, as names an import can match: ids and lower-cased
    names of touchpoints, teams and channels, each to its id."""

    touchpoints: dict[str, str] = field(default_factory=dict)
    teams: dict[str, str] = field(default_factory=dict)
    channels: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def find(names: dict[str, str], name: str) -> str | None:
        return names.get(name) or names.get(name.strip().lower()) or names.get(slugify(name, ""))


Cells = dict[str, list[tuple[str, str]]]
"""Kind -> (text, place) of every cell or value of that kind for one stage."""


class StagePlacer:
    """Puts the content of one import into stages; collects what the catalog lacks."""

    def __init__(
        self,
        catalog: CatalogNames,
        notes: list[str],
        problems: list[str],
        *,
        split: bool = True,
    ) -> None:
        self.catalog = catalog
        self.notes = notes
        self.problems = problems
        self.split = split
        self.missing_touchpoints: dict[str, list[str]] = {}
        """Touchpoint name -> the steps that named it, for the catalog snippet."""
        self.missing_teams: dict[str, list[str]] = {}
        self.dropped: list[str] = []
        """Content with no place in the map (a row kind, a column): the import writes it
        only with --allow-partial, and names it in the file's header comment."""
        self.touchpoints_named: set[str] = set()
        self.channels_of_stage: dict[str, list[str]] = {}
        """A grid's Channels row: the channels of the touchpoints its stage names, for
        the catalog snippet."""
        self.stage_of_touchpoint: dict[str, str] = {}
        self.split_cells = 0

    # --- lists ---------------------------------------------------------------------------

    def items(self, text: str, kind: str, where: str) -> list[str]:
        """A cell's items; counts the cells split at commas, so the summary can say so."""
        commas = self.split and kind in SPLIT_KINDS
        found = split_list(text, commas=commas)
        if commas and len(found) > len(split_list(text, commas=False)):
            self.split_cells += 1
        if len(found) > MAX_SPLIT_ITEMS:
            self.problems.append(
                f"{where}: {len(found):,} items in one cell; the most an import splits a cell "
                f"into is {MAX_SPLIT_ITEMS:,} (use --no-split to keep the cell whole)"
            )
            return found[:MAX_SPLIT_ITEMS]
        return found

    def _items(self, cells: Cells, kind: str, limit: int, what: str) -> list[tuple[str, str]]:
        found = []
        for text, where in cells.get(kind, []):
            for item in self.items(text, kind, where):
                check_length(item, limit, where, what, self.problems)
                found.append((item, where))
        return found

    # --- a whole stage -------------------------------------------------------------------

    def fill(
        self,
        stage: dict[str, Any],
        cells: Cells,
        emotions: EmotionReader | None = None,
        steps: list[dict[str, Any]] | None = None,
    ) -> list[str]:
        """Fill `stage` from `cells`; returns the catalog ids of the teams it names.

        `steps` are steps already made (a long table's rows); otherwise the `steps` cells
        make them. `emotions` reads the `emotion` cells on the scale of their row."""
        if "time" in cells:
            text, where = cells["time"][0]
            if re.fullmatch(r"([01]?[0-9]|2[0-3]):[0-5][0-9]", text.strip()):
                hours, minutes = text.strip().split(":")
                stage["time"] = f"{int(hours):02d}:{minutes}"
            else:
                self.notes.append(f"{where}: time {text.strip()[:20]!r} is not HH:MM; not kept")
        goals = [text.strip() for text, _ in cells.get("goal", [])]
        goals += [f"Business goal: {text.strip()}" for text, _ in cells.get("business_goal", [])]
        if goals:  # one goal, from every goal cell of the stage: its length is the sum
            stage["goal"] = "\n".join(goals)
            where = (cells.get("goal") or cells["business_goal"])[0][1]
            check_length(stage["goal"], TEXT_MAX, where, "the goal", self.problems)
        if steps is None:
            steps = [
                {"action": item} for item, _ in self._items(cells, "steps", TEXT_MAX, "a step")
            ]
        feeling_words = self._emotions(stage, steps, cells, emotions)
        named = self._items(cells, "touchpoints", NAME_MAX, "a touchpoint")
        channels = self._items(cells, "channels", NAME_MAX, "a channel")
        if channels and not named:
            named = channels
            self.notes.append(
                f"{channels[0][1]}: no touchpoints for stage {stage['name']!r}; its channels "
                "are taken as its touchpoints"
            )
        self._link_touchpoints(stage, steps, named)
        if channels and named is not channels:
            self.channels_of_stage[stage["name"]] = [name for name, _ in channels]
        feelings = [item for item, _ in self._items(cells, "feeling", NAME_MAX, "the feeling")]
        feelings += feeling_words
        if feelings:
            stage["feeling"] = "; ".join(dict.fromkeys(feelings))
            where = (cells.get("feeling") or cells.get("emotion") or [("", "the stage")])[0][1]
            check_length(stage["feeling"], NAME_MAX, where, "the feeling", self.problems)
        thoughts = [item for item, _ in self._items(cells, "thoughts", TEXT_MAX, "a thought")]
        if thoughts:
            stage["thoughts"] = thoughts
        if steps:
            stage["steps"] = steps
        if "emotion" not in stage and not any("emotion" in s for s in steps):
            stage["emotion"] = 3
            self.notes.append(
                f"stage {stage['name']!r}: no emotion in the input; set to 3 (neutral), an "
                "assumption to check"
            )
        anchors = Slugger()
        pains = [
            {"id": anchors.take(item, "pain-point"), "title": item}
            for item, _ in self._items(cells, "pain_points", NAME_MAX, "a pain point")
        ]
        if pains:
            stage["pain_points"] = pains
        ideas = [
            {"id": anchors.take(item, "opportunity"), "title": item}
            for item, _ in self._items(cells, "opportunities", NAME_MAX, "an opportunity")
        ]
        if ideas:
            stage["opportunities"] = ideas
        teams = self._items(cells, "teams", NAME_MAX, "a team")
        lanes = {"backstage": [f"Team involved: {name}" for name, _ in teams]}
        for lane in ("frontstage", "backstage", "support"):
            entries = [item for item, _ in self._items(cells, lane, TEXT_MAX, f"a {lane} entry")]
            entries += lanes.get(lane, [])
            if entries:
                stage[lane] = entries
        metrics = []
        for item, _ in self._items(cells, "metrics", NAME_MAX, "a metric"):
            name, colon, value = _colon_outside_brackets(item)
            metric = {"name": name.strip() or item}
            if colon and value.strip():
                metric["value"] = value.strip()
            metrics.append(metric)
        if metrics:
            stage["metrics"] = stage.get("metrics", []) + metrics
        return self.team_ids(teams, f"stage {stage['name']!r}")

    def _emotions(
        self,
        stage: dict[str, Any],
        steps: list[dict[str, Any]],
        cells: Cells,
        emotions: EmotionReader | None,
    ) -> list[str]:
        """Emotion cells as the stage's or each step's emotion; words kept as feelings."""
        found = self._items(cells, "emotion", NAME_MAX, "the emotion")
        if not found:
            return []
        reader = emotions or EmotionReader([t for t, _ in found], "", found[0][1], self.notes)
        feeling_words: list[str] = []
        scores: list[int] = []
        for text, where in found:
            score, feeling = reader.read(text)
            if feeling is not None:
                feeling_words.append(feeling)
            if score is None:
                self.notes.append(
                    f"{where}: emotion {text[:40]!r} is not a score; kept as the feeling"
                )
            else:
                scores.append(score)
        if scores and len(scores) == len(steps) and len(scores) > 1:
            for step, score in zip(steps, scores, strict=True):
                step["emotion"] = score
        elif scores:
            stage["emotion"] = scores[0]
            if len(scores) > 1:
                self.notes.append(
                    f"{found[0][1]}: {len(scores)} emotions for {len(steps)} steps; "
                    f"the stage keeps the first, {scores[0]}"
                )
        return feeling_words

    # --- the catalog ---------------------------------------------------------------------

    def link_touchpoint(self, step: dict[str, Any], name: str, place: str) -> None:
        """Link `step` to the catalog's touchpoint called `name`, or list it in the snippet."""
        self.touchpoints_named.add(name.strip().lower())
        found = CatalogNames.find(self.catalog.touchpoints, name)
        if found:
            step["touchpoint"] = found
        else:
            self.missing_touchpoints.setdefault(name, []).append(place)
            self.stage_of_touchpoint.setdefault(name, place)

    def _link_touchpoints(
        self, stage: dict[str, Any], steps: list[dict[str, Any]], named: list[tuple[str, str]]
    ) -> None:
        """Pair touchpoints with steps: one each in order, or one for every step."""
        if not named:
            return
        if len(named) == 1:
            pairs = [(step, named[0]) for step in steps]
        else:
            pairs = list(zip(steps, named, strict=False))
        for step_number, (step, (name, where)) in enumerate(pairs, 1):
            self.link_touchpoint(
                step, name, f"stage {stage['name']!r}, step {step_number} ({where})"
            )
        leftover = named[len(pairs) :] if len(named) > 1 or not steps else []
        for name, where in leftover:
            self.unlinked_touchpoint(
                name, stage["name"], where, f"{len(named)} touchpoints, {len(steps)} steps"
            )

    def unlinked_touchpoint(self, name: str, stage: str, where: str, why: str) -> None:
        """A touchpoint the input names with no step to link it to (more touchpoints than
        steps, or a second one of a step): kept in the catalog snippet, and said."""
        self.touchpoints_named.add(name.strip().lower())
        self.missing_touchpoints.setdefault(name, []).append(
            f"stage {stage!r}, no step to link it to ({where})"
        )
        self.notes.append(
            f"{where}: touchpoint {name[:60]!r} of stage {stage!r} has no step to link it to "
            f"({why}); listed in the catalog snippet at the top of the file"
        )

    def team_ids(self, teams: list[tuple[str, str]], place: str) -> list[str]:
        """Catalog ids of the teams named; the others go into the catalog snippet."""
        ids = []
        for name, where in teams:
            found = CatalogNames.find(self.catalog.teams, name)
            if found:
                ids.append(found)
            else:
                self.missing_teams.setdefault(name, []).append(f"{place} ({where})")
        return ids

    def comments(self) -> list[str]:
        """The header comment: a catalog snippet for what the catalog lacks."""
        lines: list[str] = []
        if self.missing_touchpoints:
            lines += [
                "Touchpoints named in the input that are not in _catalog.yml; the steps do not",
                "link them yet. Add them to _catalog.yml (with a channel), then set",
                "`touchpoint:` on the steps listed:",
                "touchpoints:",
            ]
            for name, places in self.missing_touchpoints.items():
                channel = self._channel_of(name)
                lines += [
                    f"  - id: {slugify(name, 'touchpoint')}",
                    f"    name: {name}",
                    f"    channel: {channel}",
                    *(f"    # {place}" for place in places),
                ]
        if self.missing_teams:
            lines += [
                "Teams named in the input that are not in _catalog.yml; the stages list them",
                "in their backstage lane. Add them to _catalog.yml, then add their ids to the",
                "journey's `stakeholders:` (or `owner:`):",
                "teams:",
            ]
            for name, places in self.missing_teams.items():
                lines += [
                    f"  - id: {slugify(name, 'team')}",
                    f"    name: {name}",
                    *(f"    # {place}" for place in places),
                ]
        return lines

    def _channel_of(self, touchpoint: str) -> str:
        """The channel id for a touchpoint's snippet: one the catalog has by the
        touchpoint's name or by its stage's Channels row, else TODO with the channels the
        input gave."""
        found = CatalogNames.find(self.catalog.channels, touchpoint)
        if found:
            return found
        place = self.stage_of_touchpoint.get(touchpoint, "")
        given = next(
            (
                names
                for stage, names in self.channels_of_stage.items()
                if f"stage {stage!r}" in place
            ),
            [],
        )
        if len(given) == 1 and CatalogNames.find(self.catalog.channels, given[0]):
            return str(CatalogNames.find(self.catalog.channels, given[0]))
        return f"TODO  # the stage's channels: {', '.join(given)}" if given else "TODO"

    def summary_notes(self) -> list[str]:
        notes = []
        if self.missing_touchpoints:
            notes.append(
                f"{len(self.missing_touchpoints)} touchpoint(s) not in _catalog.yml: "
                f"{', '.join(self.missing_touchpoints)}; a catalog snippet is at the top of the file"
            )
        if self.missing_teams:
            notes.append(
                f"{len(self.missing_teams)} team(s) not in _catalog.yml: "
                f"{', '.join(self.missing_teams)}; a catalog snippet is at the top of the file"
            )
        return notes

    def drop(self, message: str) -> None:
        """Content with no place: a note now, and a reason to refuse a complete import."""
        self.notes.append(message)
        self.dropped.append(message)


def journey_from(
    title: str, stages: list[dict[str, Any]], stakeholders: list[str]
) -> dict[str, Any]:
    """A table's journey: its title, the teams its stages named (`StagePlacer.fill`), each
    once in the order first named, then its stages, in the order the written file shows
    them. The caller gives it its id."""
    journey: dict[str, Any] = {"title": title}
    if stakeholders:
        journey["stakeholders"] = list(dict.fromkeys(stakeholders))
    journey["stages"] = stages
    return journey
