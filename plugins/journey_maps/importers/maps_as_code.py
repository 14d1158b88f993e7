"""Multi-document YAML from other maps-as-code tools: a customer journey map document
(phases, actions, touchpoints, an `emotion_score` from -2 to +2), and beside it a service
blueprint (lanes per phase) and outcomes (metrics per phase).

Each `---` document is read by the journey files' own YAML reader (bounded size, nesting
and aliases, no custom tags), its positions shifted to the line it starts on. A journey
document becomes a journey, its phases stages and its actions steps; a blueprint's lanes
and an outcome's figures go into the stage of the same name. Keys are matched with
common spellings (`phases` or `stages`, `actions` or `steps`); a key with no place in a
journey map is reported with its line and column, so the import refuses to write less
than it read (`--allow-partial`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from ..source.model import MARKDOWN_MAX, NAME_MAX, SEVERITIES, TEXT_MAX
from ..source.yaml_reader import Document, load_document
from . import (
    DEFAULT_MAX_INPUT_BYTES,
    Detected,
    Imported,
    ImportFailed,
    StageCount,
    check_length,
    decode_text,
    read_bytes,
)
from .emotion_scales import EmotionReader
from .slugs import Slugger, slugify
from .spreadsheet import title_from
from .stage_fields import CatalogNames, Cells, StagePlacer, normalise_label
from .tables import finish

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["MAX_DOCUMENTS", "import_maps_as_code", "is_maps_as_code", "split_documents"]

MAX_DOCUMENTS = 1_000
"""Most `---` documents one file may hold: a map is a handful."""
_MARKER = re.compile(r"^(?:---|\.\.\.)(?:[ \t].*)?$")
_SCORE_KEYS = ("emotion_score", "emotion", "score", "sentiment", "feeling_score")
_STAGE_KEYS = ("phases", "stages", "steps_by_phase")
_ACTION_KEYS = ("actions", "steps", "tasks", "activities")
_NAME_KEYS = ("name", "title", "phase", "stage", "action", "step", "label")
_LANES = {
    "frontstage": ("frontstage", "front_stage", "onstage", "frontstage_actions", "contact_actions"),
    "backstage": ("backstage", "back_stage", "backstage_actions", "offstage"),
    "support": (
        "support",
        "support_processes",
        "supporting_processes",
        "support_systems",
        "systems",
    ),
}
_LANE_OF = {key: lane for lane, keys in _LANES.items() for key in keys}
_PHASE_CELLS = {
    "goal": ("goal", "goals", "customer_goal"),
    "business_goal": ("business_goal", "business_goals"),
    "feeling": ("feeling", "feelings", "emotions_words"),
    "thoughts": ("thoughts", "thinking", "quotes", "thoughts_feelings"),
    "pain_points": ("pain_points", "pains", "painpoints", "frustrations"),
    "opportunities": ("opportunities", "ideas", "improvements"),
    "metrics": ("metrics", "kpis"),
    "teams": ("teams", "owners", "owner", "team"),
    "touchpoints": ("touchpoints", "channels"),
    **_LANES,
}
_CELL_OF = {key: kind for kind, keys in _PHASE_CELLS.items() for key in keys}
_PHASE_REFS = ("phase", "stage", "phase_id", "stage_id")
"""Keys by which an action listed beside the phases names its phase (its id or name)."""
_LATER = ("blueprint", "outcomes", "enablement")
"""Documents read after the journey documents, in this order: each refers to the one before."""
_GOAL_TREE = ("kgi", "primary_csf", "primary_kpi", "csf", "kpi")
"""An outcome document as a goal tree: a key goal (KGI), the critical success factor
(CSF) that serves it and the key performance indicator (KPI) that measures it."""
_LAYOUT_KEYS = ("position", "size", "sourceHandle", "targetHandle", "readonly")
"""Where a tool draws a record on its canvas: not content, so not kept, and said once."""


@dataclass
class _Ids:
    """What the ids of one journey's records (phases, actions, blueprint tasks, KPIs,
    enablement actions) point to, for the documents that refer to them by id."""

    places: dict[str, tuple[dict[str, Any], str | None]] = field(default_factory=dict)
    """Id -> (its stage, its blueprint lane or None)."""
    steps: dict[str, int] = field(default_factory=dict)
    """Action id -> the number of its step in its stage, from 1."""
    opportunities: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Enablement action id -> the opportunity it became."""
    layout: list[str] = field(default_factory=list)
    """Where canvas positions and sizes were left out, for one note."""


def split_documents(text: str) -> list[tuple[str, int]]:
    """(text, number of the line it starts on, from 1) of each `---` document, found line
    by line: one pass over the file, however many markers it holds."""
    documents: list[tuple[str, int]] = []
    lines = text.split("\n")
    start = 0
    for index, line in enumerate(lines):
        if index and _MARKER.match(line):
            documents.append(("\n".join(lines[start:index]), start + 1))
            start = index
    documents.append(("\n".join(lines[start:]), start + 1))
    return documents


def is_maps_as_code(text: str) -> bool:
    """A YAML file that holds a journey in phases or stages, but is not a persona file."""
    head = text[:200_000]
    if re.search(r"^journeys:", head, re.M) and re.search(r"^persona:", head, re.M):
        return False
    return bool(re.search(r"^\s*(?:-\s+)?(?:phases|stages)\s*:", head, re.M))


class _Reader:
    """One file's documents, read into journeys with the positions of every key."""

    def __init__(self, path: Path, placer: StagePlacer, stage_count: StageCount) -> None:
        self.path = path
        self.placer = placer
        self.notes = placer.notes
        self.problems = placer.problems
        self.stage_count = stage_count
        self.document: Document | None = None
        self.offset = 0

    def at(self, path: tuple[Any, ...], *, key: bool = False) -> str:
        assert self.document is not None
        position = self.document.key_at(path) if key else self.document.value_at(path)
        return f"{self.path}:{position.line + self.offset}:{position.column}"

    def unknown(self, path: tuple[Any, ...], value: Any, what: str) -> None:
        if value in (None, "", [], {}):
            return
        self.placer.drop(
            f"{self.at(path, key=True)}: {what} has no place in a journey map; not read"
        )

    def text(self, value: Any, path: tuple[Any, ...], limit: int, what: str) -> str | None:
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            text = " ".join(str(value).split()) if limit == NAME_MAX else str(value).strip()
            check_length(text, limit, self.at(path), what, self.problems)
            return text or None
        if value is not None:
            self.placer.drop(f"{self.at(path)}: {what} is not text; not read")
        return None

    def load(self, text: str, line: int) -> Any:
        document, problems = load_document(
            text.encode("utf-8"), str(self.path), max_bytes=DEFAULT_MAX_INPUT_BYTES
        )
        if document is None:
            for problem in problems:
                if problem.message != "file is empty":
                    self.problems.append(
                        f"{self.path}:{problem.line + line - 1}:{problem.column}: {problem.message}"
                    )
            return None
        self.document, self.offset = document, line - 1
        return document.data


def _kind(data: dict[str, Any]) -> str:
    kind = str(data.get("kind") or data.get("type") or "").lower().replace("_", "").replace("-", "")
    if "blueprint" in kind or kind == "sbp":
        return "blueprint"
    if "outcome" in kind or "metric" in kind or "kpi" in kind:
        return "outcomes"
    if kind in ("em", "enablementmap", "enablement"):
        return "enablement"
    body, _ = _body(data)
    if "journey" in kind or "cjm" in kind or any(k in body for k in _STAGE_KEYS):
        return "journey"
    return kind or "unknown"


def import_maps_as_code(
    paths: list[Path],
    persona_id: str,
    persona_name: str,
    persona_role: str,
    catalog: CatalogNames,
    *,
    persona_given: bool = False,
    split: bool = True,
) -> Imported:
    """Every journey document of the files as a journey of one persona, with the lanes
    and outcomes of the documents beside it."""
    result = Imported()
    problems: list[str] = []
    placer = StagePlacer(catalog, result.notes, problems, split=split)
    stage_count = StageCount(problems)
    journeys: list[dict[str, Any]] = []
    journey_ids = Slugger()
    persona = {"name": persona_name, "role": persona_role}
    for path in paths:
        reader = _Reader(path, placer, stage_count)
        text = decode_text(read_bytes(path), str(path))
        documents = split_documents(text)
        if len(documents) > MAX_DOCUMENTS:
            raise ImportFailed(
                [
                    f"{path}: {len(documents):,} YAML documents; a map is a few (at most {MAX_DOCUMENTS:,})"
                ]
            )
        first, loaded = len(journeys), 0
        by_name: dict[str, dict[str, Any]] = {}
        later: list[tuple[str, dict[str, Any], Document, int]] = []
        for body, line in documents:
            data = reader.load(body, line)
            if data is None:
                continue
            loaded += 1
            if not isinstance(data, dict):
                placer.drop(f"{path}:{line}: a document that is not a mapping of keys; not read")
                continue
            kind = _kind(data)
            if kind == "journey":
                stage_count.new_journey()
                journey, name = _journey(reader, data, persona, persona_given)
                if journey is not None:
                    journey["id"] = journey_ids.take(journey["title"], "journey")
                    journeys.append(journey)
                    by_name[name] = journey
            elif kind in _LATER:
                assert reader.document is not None
                later.append((kind, data, reader.document, reader.offset))
            else:
                where = reader.at(("kind",) if "kind" in data else (), key=True)
                placer.drop(
                    f"{where}: a document of kind {kind!r} has no place in a journey map; not read"
                )
        # Blueprints first, then outcomes, then enablement: each refers to the one before.
        for kind, data, document, offset in sorted(later, key=lambda item: _LATER.index(item[0])):
            reader.document, reader.offset = document, offset
            journey = _matching(reader, data, by_name)
            if journey is None:
                continue
            ids = journey.setdefault("_ids", _Ids())
            if kind == "blueprint" and ("lanes" in _body(data)[0] or "tasks" in _body(data)[0]):
                _lanes_and_tasks(reader, data, journey, ids)
            elif kind == "blueprint":
                _blueprint(reader, data, journey)
            elif kind == "outcomes" and any(k in body for k in _GOAL_TREE):
                _goal_tree(reader, data, journey, ids)
            elif kind == "outcomes":
                _outcomes(reader, data, journey)
            else:
                _enablement(reader, data, journey, ids)
        result.detected.append(
            Detected(
                "maps-as-code YAML (journey map, blueprint, outcomes, enablement documents)",
                f"{loaded:,} documents",
                list(range(first, len(journeys))),
            )
        )
    if problems:
        raise ImportFailed(problems, result.notes)
    if not journeys:
        raise ImportFailed(
            [f"{', '.join(map(str, paths))}: no journey document (one with phases or stages)"],
            result.notes,
        )
    for journey in journeys:
        journey.pop("_ids", None)
        journey["stages"] = journey.pop("stages")  # written last, as an author would
        for stage in journey["stages"]:
            if not stage.get("steps") and "emotion" not in stage:
                stage["emotion"] = 3
    result.personas[persona_id] = {"persona": persona, "journeys": journeys}
    finish(result, placer, persona_id)
    return result


def _body(data: dict[str, Any]) -> tuple[dict[str, Any], tuple[Any, ...]]:
    if isinstance(data.get("spec"), dict):
        return data["spec"], ("spec",)
    return data, ()


def _metadata(data: dict[str, Any]) -> dict[str, Any]:
    return data["metadata"] if isinstance(data.get("metadata"), dict) else {}


def _matching(
    reader: _Reader, data: dict[str, Any], by_name: dict[str, dict[str, Any]]
) -> dict[str, Any] | None:
    """The journey a blueprint or outcomes document belongs to: the one of the same
    `metadata.name`, or the only one."""
    name = str(_metadata(data).get("name") or data.get("name") or "")
    if name in by_name:
        return by_name[name]
    if len(by_name) == 1:
        return next(iter(by_name.values()))
    reader.placer.drop(
        f"{reader.at(())}: no journey document named {name!r} for this document; not read"
    )
    return None


def _journey(
    reader: _Reader, data: dict[str, Any], persona: dict[str, str], persona_given: bool
) -> tuple[dict[str, Any] | None, str]:
    metadata = _metadata(data)
    body, base = _body(data)
    meta_path = ("metadata",) if metadata else ()
    source = metadata or data
    name = str(source.get("name") or "")
    title = reader.text(
        source.get("title") or source.get("name"), (*meta_path, "title"), NAME_MAX, "the title"
    )
    if not title and isinstance(source.get("id"), str):  # `cjm:sysdev-lifecycle`
        title = title_from(source["id"].rsplit(":", 1)[-1])[:NAME_MAX] or None
        if title:
            reader.notes.append(
                f"{reader.at((*meta_path, 'id'))}: the journey has no title; named "
                f"{title!r} after its id"
            )
    journey: dict[str, Any] = {"id": "", "title": title or "Imported journey"}
    described = source.get("description") or source.get("scenario")
    if described:
        scenario = reader.text(
            described, (*meta_path, "description"), MARKDOWN_MAX, "the description"
        )
        if scenario:
            journey["scenario"] = scenario
    if isinstance(source.get("persona"), dict):
        _persona(reader, source["persona"], (*meta_path, "persona"), persona, persona_given)
    elif isinstance(source.get("persona"), str) and not persona_given:
        who, _, role = source["persona"].partition(",")
        persona["name"] = " ".join(who.split())[:NAME_MAX] or persona["name"]
        if role.strip():
            persona["role"] = " ".join(role.split())[:NAME_MAX]
        reader.notes.append(
            f"{reader.at((*meta_path, 'persona'))}: the persona {persona['name']!r} (role "
            f"{persona['role']!r}) is taken from the document; --persona-name and --persona-role override it"
        )
    known = {
        "kind",
        "version",
        "apiVersion",
        "metadata",
        "spec",
        "name",
        "title",
        "description",
        "scenario",
        "persona",
        "type",
        "id",
    }
    for key in metadata:
        if key not in {"name", "title", "description", "scenario", "persona", "labels", "id"}:
            reader.unknown(("metadata", key), metadata[key], f"metadata.{key}")
    phases_key = next((k for k in _STAGE_KEYS if k in body), None)
    actions_key = next(
        (k for k in _ACTION_KEYS if k in body and k != phases_key and isinstance(body[k], list)),
        None,
    )
    for key, value in body.items():
        if key not in (phases_key, actions_key) and (base or key not in known):
            reader.unknown((*base, key), value, f"key {key!r}")
    phases = body.get(phases_key) if phases_key else None
    if not isinstance(phases, list) or not phases:
        reader.placer.drop(
            f"{reader.at(base)}: a journey document without a list of phases; not read"
        )
        return None, name
    listed = body.get(actions_key) if actions_key else None
    in_phase = _actions_by_phase(reader, phases, listed or [], (*base, actions_key))
    scores = _scores(phases, [action for found in in_phase.values() for action, _ in found])
    label = "emotion_score (-2..2)" if any(k == "emotion_score" for k, _ in scores) else "emotion"
    emotions = EmotionReader(
        [str(v) for _, v in scores], label, reader.at((*base, phases_key)), reader.notes
    )
    stage_ids = Slugger({"index"})
    stakeholders: list[str] = []
    journey["stages"] = []
    ids = journey["_ids"] = _Ids()
    for index, phase in enumerate(phases):
        path = (*base, phases_key, index)
        stage = _stage(
            reader, phase, path, stage_ids, emotions, stakeholders, in_phase.get(index, []), ids
        )
        if stage is not None:
            journey["stages"].append(stage)
    if stakeholders:
        journey["stakeholders"] = list(dict.fromkeys(stakeholders))
        journey["stages"] = journey.pop("stages")
    return journey, name


def _scores(phases: list[Any], actions: list[Any]) -> list[tuple[str, Any]]:
    """Every score of the document (phases, their actions and `actions`, the actions
    listed beside the phases), so one scale reads them all."""
    found = []
    for phase in [*phases, {"actions": actions}]:
        if not isinstance(phase, dict):
            continue
        items = [phase] + [
            action
            for key in _ACTION_KEYS
            if isinstance(phase.get(key), list)
            for action in phase[key]
            if isinstance(action, dict)
        ]
        for item in items:
            for key in _SCORE_KEYS:
                if isinstance(item.get(key), int | float | str) and not isinstance(
                    item.get(key), bool
                ):
                    found.append((key, item[key]))
    return found


def _stage(
    reader: _Reader,
    phase: Any,
    path: tuple[Any, ...],
    stage_ids: Slugger,
    emotions: EmotionReader,
    stakeholders: list[str],
    actions: list[tuple[Any, tuple[Any, ...]]] | None = None,
    ids: _Ids | None = None,
) -> dict[str, Any] | None:
    """A phase as a stage: its own keys, its nested actions and `actions`, the actions
    listed beside the phases that name it (`phase: cjm:phase:uat`)."""
    if isinstance(phase, str):
        phase = {"name": phase}
    if not isinstance(phase, dict):
        reader.placer.drop(f"{reader.at(path)}: a phase that is not a mapping; not read")
        return None
    name_key = next((k for k in _NAME_KEYS if k in phase), None)
    name = (
        reader.text(phase.get(name_key), (*path, name_key), NAME_MAX, "the phase name")
        if name_key
        else None
    )
    where = reader.at(path)
    if not name:
        name = f"Phase {path[-1] + 1}"
        reader.notes.append(f"{where}: a phase without a name; named {name!r}")
    reader.stage_count.add(where)
    # A name in another script gives no slug: the tool's own id for the phase
    # (`cjm:phase:requirement`) then names the stage's page, else `stage`, `stage-2`...
    tool_id = phase.get("id")
    fallback = slugify(tool_id.rsplit(":", 1)[-1], "stage") if isinstance(tool_id, str) else "stage"
    stage: dict[str, Any] = {"id": stage_ids.take(name, fallback), "name": name}
    cells: Cells = {}
    steps: list[dict[str, Any]] = []
    records: dict[str, list[tuple[dict[str, Any], tuple[Any, ...]]]] = {}
    for key, value in phase.items():
        at = (*path, key)
        if key == name_key or key == "id":  # an id links the tool's records; the stage has its own
            continue
        if key in _SCORE_KEYS:
            score, feeling = emotions.read(str(value))
            if score is not None:
                stage["emotion"] = score
            if feeling is not None:
                cells.setdefault("feeling", []).append((feeling, reader.at(at)))
        elif key in _ACTION_KEYS and isinstance(value, list):
            for index, action in enumerate(value):
                step = _step(reader, action, (*at, index), emotions, stage, cells)
                if step is not None:
                    steps.append(step)
        elif key in _CELL_OF:
            kind = _CELL_OF[key]
            for index, item in enumerate(value if isinstance(value, list) else [value]):
                item_at = (*at, index) if isinstance(value, list) else at
                if isinstance(item, dict) and kind in ("pain_points", "opportunities", "metrics"):
                    records.setdefault(kind, []).append((item, item_at))
                    continue
                text = reader.text(item, item_at, TEXT_MAX, key)
                if text:
                    cells.setdefault(kind, []).append((text, reader.at(item_at)))
        else:
            reader.unknown(at, value, f"key {key!r} of a phase")
    for action, action_path in actions or []:
        step = _step(reader, action, action_path, emotions, stage, cells, phase_key=True)
        if step is not None:
            steps.append(step)
    if isinstance(phase.get("id"), str) and ids is not None:
        ids.places[phase["id"]] = (stage, None)
    for number, step in enumerate(steps, 1):
        action_id = step.pop("_id", None)
        if ids is not None and isinstance(action_id, str):
            ids.places[action_id] = (stage, None)
            ids.steps[action_id] = number
    named_by_steps = {step.get("_touchpoint_name") for step in steps}
    cells["touchpoints"] = [t for t in cells.get("touchpoints", []) if t[0] not in named_by_steps]
    for step in steps:
        step.pop("_touchpoint_name", None)
    stakeholders += reader.placer.fill(stage, cells, steps=steps)
    _records(reader, stage, records)
    return stage


def _step(
    reader: _Reader,
    action: Any,
    path: tuple[Any, ...],
    emotions: EmotionReader,
    stage: dict[str, Any],
    cells: Cells,
    *,
    phase_key: bool = False,
) -> dict[str, Any] | None:
    """An action as a step; with `phase_key`, an action listed beside the phases, whose
    `phase` (or `stage`) key named the phase it is in."""
    if isinstance(action, str):
        action = {"name": action}
    if not isinstance(action, dict):
        reader.placer.drop(f"{reader.at(path)}: an action that is not text or a mapping; not read")
        return None
    name_keys = [k for k in (*_NAME_KEYS, "description") if not phase_key or k not in _PHASE_REFS]
    name_key = next((k for k in name_keys if k in action), None)
    text = (
        reader.text(action.get(name_key), (*path, name_key), TEXT_MAX, "the action")
        if name_key
        else None
    )
    if not text:
        reader.placer.drop(f"{reader.at(path)}: an action without a name; not read")
        return None
    step: dict[str, Any] = {"action": text}
    for key, value in action.items():
        at = (*path, key)
        if key == name_key or (phase_key and key in _PHASE_REFS):
            continue
        if key == "id":  # what other documents call the step by
            step["_id"] = value
            continue
        if key in _SCORE_KEYS:
            score, feeling = emotions.read(str(value))
            if score is not None:
                step["emotion"] = score
            if feeling is not None:
                cells.setdefault("feeling", []).append((feeling, reader.at(at)))
        elif key in ("touchpoint", "channel", "touchpoints", "channels"):
            names = value if isinstance(value, list) else [value]
            for index, item in enumerate(names):
                item_at = (*at, index) if isinstance(value, list) else at
                name = reader.text(item, item_at, NAME_MAX, "the touchpoint")
                if not name:
                    continue
                if "_touchpoint_name" not in step:
                    step["_touchpoint_name"] = name
                    reader.placer.link_touchpoint(
                        step, name, f"stage {stage['name']!r} ({reader.at(item_at)})"
                    )
                else:  # a step links one touchpoint: the others go to the catalog snippet
                    reader.placer.unlinked_touchpoint(
                        name, stage["name"], reader.at(item_at), f"step {text[:60]!r}"
                    )
        elif key in ("actors", "actor", "who"):
            names = value if isinstance(value, list) else [value]
            actors = [a for a in (reader.text(n, at, NAME_MAX, "an actor") for n in names) if a]
            if actors:
                step["actors"] = actors
        elif key == "description" and name_key != "description":
            detail = reader.text(value, at, TEXT_MAX, "the description")
            if detail:
                step["action"] = f"{text} — {detail}"
        elif key in _CELL_OF and _CELL_OF[key] in (
            "pain_points",
            "opportunities",
            "thoughts",
            "feeling",
        ):
            for item in value if isinstance(value, list) else [value]:
                item_text = reader.text(item, at, TEXT_MAX, key)
                if item_text:
                    cells.setdefault(_CELL_OF[key], []).append((item_text, reader.at(at)))
        else:
            reader.unknown(at, value, f"key {key!r} of an action")
    return step


def _records(
    reader: _Reader,
    stage: dict[str, Any],
    records: dict[str, list[tuple[dict[str, Any], tuple[Any, ...]]]],
) -> None:
    """Pain points, opportunities and metrics written as mappings (`title`, `severity`...)."""
    taken = Slugger(
        {item["id"] for kind in ("pain_points", "opportunities") for item in stage.get(kind, [])}
    )
    for kind, items in records.items():
        for item, path in items:
            title_key = next((k for k in ("title", "name", "description") if k in item), None)
            title = (
                reader.text(item.get(title_key), (*path, title_key), NAME_MAX, "the title")
                if title_key
                else None
            )
            if not title:
                reader.placer.drop(
                    f"{reader.at(path)}: a {kind.replace('_', ' ')[:-1]} without a title; not read"
                )
                continue
            if kind == "metrics":
                metric: dict[str, Any] = {"name": title}
                for key, field in (("current", "value"), ("value", "value"), ("target", "target")):
                    if key in item and field not in metric:
                        value = reader.text(item[key], (*path, key), NAME_MAX, key)
                        if value:
                            metric[field] = value
                stage.setdefault("metrics", []).append(metric)
                continue
            record: dict[str, Any] = {
                "id": taken.take(title, kind[:-1].replace("_", "-")),
                "title": title,
            }
            for key, value in item.items():
                if key == title_key:
                    continue
                if key in ("detail", "description", "details") and title_key != key:
                    detail = reader.text(value, (*path, key), MARKDOWN_MAX, "the detail")
                    if detail:
                        record["detail"] = detail
                elif (
                    key == "severity" and kind == "pain_points" and str(value).lower() in SEVERITIES
                ):
                    record["severity"] = str(value).lower()
                else:
                    reader.unknown((*path, key), value, f"key {key!r}")
            stage.setdefault(kind, []).append(record)


def _stage_named(journey: dict[str, Any], name: Any) -> dict[str, Any] | None:
    wanted = " ".join(str(name or "").split()).lower()
    return next((s for s in journey["stages"] if s["name"].lower() == wanted), None)


def _blueprint(reader: _Reader, data: dict[str, Any], journey: dict[str, Any]) -> None:
    """A blueprint's lanes, each phase into the stage of the same name."""
    body, base = _body(data)
    phases_key = next((k for k in _STAGE_KEYS if k in body), None)
    for key, value in body.items():
        if key != phases_key:
            reader.unknown((*base, key), value, f"key {key!r} of the blueprint")
    for index, phase in enumerate(body.get(phases_key) or [] if phases_key else []):
        path = (*base, phases_key, index)
        if not isinstance(phase, dict):
            reader.placer.drop(
                f"{reader.at(path)}: a blueprint phase that is not a mapping; not read"
            )
            continue
        name_key = next((k for k in _NAME_KEYS if k in phase), None)
        stage = _stage_named(journey, phase.get(name_key))
        if stage is None:
            reader.placer.drop(
                f"{reader.at(path)}: blueprint phase {phase.get(name_key)!r} is not a phase of the "
                "journey; its lanes are not read"
            )
            continue
        for key, value in phase.items():
            at = (*path, key)
            if key == name_key:
                continue
            lane = _LANE_OF.get(key)
            if lane is None:
                reader.unknown(at, value, f"blueprint lane {key!r}")
                continue
            for item_index, item in enumerate(value if isinstance(value, list) else [value]):
                item_at = (*at, item_index) if isinstance(value, list) else at
                for entry in (
                    reader.placer.items(str(item), lane, reader.at(item_at))
                    if isinstance(item, str)
                    else []
                ):
                    check_length(
                        entry, TEXT_MAX, reader.at(item_at), f"a {lane} entry", reader.problems
                    )
                    stage.setdefault(lane, []).append(entry)
                if not isinstance(item, str):
                    reader.unknown(item_at, item, f"a {lane} entry that is not text")


def _outcomes(reader: _Reader, data: dict[str, Any], journey: dict[str, Any]) -> None:
    """Outcomes as metrics of the stage their `phase` names."""
    body, base = _body(data)
    list_key = next((k for k in ("outcomes", "metrics", "kpis") if k in body), None)
    for key, value in body.items():
        if key != list_key:
            reader.unknown((*base, key), value, f"key {key!r} of the outcomes")
    for index, outcome in enumerate(body.get(list_key) or [] if list_key else []):
        path = (*base, list_key, index)
        if not isinstance(outcome, dict):
            reader.placer.drop(f"{reader.at(path)}: an outcome that is not a mapping; not read")
            continue
        phase_key = next((k for k in ("phase", "stage") if k in outcome), None)
        stage = _stage_named(journey, outcome.get(phase_key)) if phase_key else None
        if stage is None:
            reader.placer.drop(
                f"{reader.at(path)}: outcome {outcome.get('name')!r} names no phase of the journey "
                "(a metric belongs to a stage); not read"
            )
            continue
        item = {k: v for k, v in outcome.items() if k != phase_key}
        _records(reader, stage, {"metrics": [(item, path)]})


# --- actions beside the phases, and the documents that refer to records by id ---------------


def _persona(
    reader: _Reader,
    given: dict[str, Any],
    path: tuple[Any, ...],
    persona: dict[str, str],
    persona_given: bool,
) -> None:
    """A persona written as a mapping (`name`, `role`, `description`): its name and role
    unless --persona-name gave them, its description as the persona's summary."""
    for key, value in given.items():
        at = (*path, key)
        if key in ("name", "role") and not persona_given:
            text = reader.text(value, at, NAME_MAX, f"the persona's {key}")
            if text:
                persona[key] = text
        elif key in ("description", "summary"):
            summary = reader.text(value, at, MARKDOWN_MAX, "the persona's description")
            if summary:
                persona["summary"] = summary
        elif key not in ("name", "role", "id"):
            reader.unknown(at, value, f"key {key!r} of the persona")
    if persona_given:
        return
    reader.notes.append(
        f"{reader.at(path)}: the persona {persona['name']!r} is taken from the document; "
        "--persona-name and --persona-role override it"
    )


def _actions_by_phase(
    reader: _Reader, phases: list[Any], actions: list[Any], path: tuple[Any, ...]
) -> dict[int, list[tuple[Any, tuple[Any, ...]]]]:
    """Actions listed beside the phases, each under the phase its `phase` key names (by
    the phase's id, else its name): phase position -> [(action, its path)]."""
    index_of: dict[str, int] = {}
    for index, phase in enumerate(phases):
        if isinstance(phase, dict):
            for key in ("id", *_NAME_KEYS):
                if isinstance(phase.get(key), str | int) and not isinstance(phase[key], bool):
                    index_of.setdefault(" ".join(str(phase[key]).split()).lower(), index)
        elif isinstance(phase, str):
            index_of.setdefault(" ".join(phase.split()).lower(), index)
    found: dict[int, list[tuple[Any, tuple[Any, ...]]]] = {}
    for number, action in enumerate(actions):
        at = (*path, number)
        ref_key = (
            next((k for k in _PHASE_REFS if k in action), None)
            if isinstance(action, dict)
            else None
        )
        if ref_key is None:
            reader.placer.drop(
                f"{reader.at(at)}: an action beside the phases that names no phase "
                f"({', '.join(_PHASE_REFS)}); not read"
            )
            continue
        wanted = " ".join(str(action[ref_key]).split()).lower()
        if wanted not in index_of:
            reader.placer.drop(
                f"{reader.at((*at, ref_key))}: phase {str(action[ref_key])[:60]!r} is not a phase "
                "of the journey; the action is not read"
            )
            continue
        found.setdefault(index_of[wanted], []).append((action, at))
    return found


def _lane_of(name: str, kind: str) -> str | None:
    """The stage field a blueprint lane's tasks go to: by the lane's name when it names a
    lane (`Frontstage`, `Physical evidence`), else by its kind: `system` is support,
    `team` and `human` backstage; None for the customer's own lane."""
    label = normalise_label(name)
    if kind == "cjm" or label in ("customer", "customer journey", "customer actions"):
        return None
    if label in ("physical evidence", "evidence", "props"):
        return "physical_evidence"
    for lane, names in _LANES.items():
        if label in (n.replace("_", " ") for n in names) or label == lane:
            return lane
    return "support" if kind == "system" else "backstage"


def _position_x(item: dict[str, Any]) -> float | None:
    position = item.get("position")
    x = position.get("x") if isinstance(position, dict) else None
    return float(x) if isinstance(x, int | float) and not isinstance(x, bool) else None


def _layout(reader: _Reader, item: dict[str, Any], path: tuple[Any, ...], ids: _Ids) -> None:
    for key in _LAYOUT_KEYS:
        if key in item and not ids.layout:
            ids.layout.append(reader.at((*path, key), key=True))


def _lanes_and_tasks(
    reader: _Reader, data: dict[str, Any], journey: dict[str, Any], ids: _Ids
) -> None:
    """A service blueprint drawn as lanes and tasks (Enablement Map Studio's `kind: sbp`):
    each task into the lane field of the stage of the customer action it serves.

    A task names that action by `source_id`; one that does not takes the stage of the
    first task it is connected to (by the blueprint's arrows) that has one, else the
    stage of the customer action it stands under on the canvas. The customer's own lane
    repeats the journey's actions, which are read once, as steps."""
    body, base = _body(data)
    for key, value in body.items():
        if key not in ("lanes", "tasks", "connections", "kind", "version", "id", "name"):
            reader.unknown((*base, key), value, f"key {key!r} of the blueprint")
    lanes: dict[str, tuple[str, str | None]] = {}  # lane id -> (name, stage field)
    described: list[str] = []
    stakeholders: list[str] = []
    for index, lane in enumerate(_list(reader, body, "lanes", base)):
        path = (*base, "lanes", index)
        if not isinstance(lane, dict) or not isinstance(lane.get("id"), str):
            reader.placer.drop(f"{reader.at(path)}: a lane without an id; not read")
            continue
        name = reader.text(lane.get("name"), (*path, "name"), NAME_MAX, "the lane name")
        name = name or lane["id"]
        kind = str(lane.get("kind") or "").lower()
        lanes[lane["id"]] = (name, _lane_of(name, kind))
        _layout(reader, lane, path, ids)
        for key, value in lane.items():
            if key == "description":
                text = reader.text(value, (*path, key), TEXT_MAX, "the lane description")
                if text:
                    described.append(f"* **{name}**: {text}")
            elif key not in ("id", "name", "kind", *_LAYOUT_KEYS):
                reader.unknown((*path, key), value, f"key {key!r} of a lane")
        if kind in ("team", "human"):
            stakeholders += reader.placer.team_ids(
                [(name, reader.at((*path, "name")))], f"blueprint lane {name!r}"
            )
    tasks: list[tuple[dict[str, Any], tuple[Any, ...]]] = []
    customer_columns: list[tuple[float, str]] = []  # (x, action id) of the customer's lane
    for index, task in enumerate(_list(reader, body, "tasks", base)):
        path = (*base, "tasks", index)
        if not isinstance(task, dict) or not isinstance(task.get("id"), str):
            reader.placer.drop(f"{reader.at(path)}: a task without an id; not read")
            continue
        _layout(reader, task, path, ids)
        lane = lanes.get(str(task.get("lane")))
        if lane is None:
            reader.placer.drop(
                f"{reader.at((*path, 'lane'))}: task {str(task.get('name'))[:60]!r} is in no lane "
                "of the blueprint; not read"
            )
        elif lane[1] is None:  # the customer's lane: the journey's own actions
            if task["id"] not in ids.steps:
                reader.placer.drop(
                    f"{reader.at(path)}: task {str(task.get('name'))[:60]!r} of the customer's "
                    "lane is no action of the journey; not read"
                )
            elif (x := _position_x(task)) is not None:
                customer_columns.append((x, task["id"]))
        else:
            tasks.append((task, path))
    customer_columns.sort(key=lambda column: column[0])
    placed = _task_stages(reader, body, base, tasks, ids, customer_columns)
    for task, path in tasks:
        stage = placed.get(task["id"])
        name = reader.text(task.get("name"), (*path, "name"), TEXT_MAX, "the task")
        lane_name, lane_field = lanes[str(task["lane"])]
        if stage is None or not name or lane_field is None:
            reader.placer.drop(
                f"{reader.at(path)}: task {str(task.get('name'))[:60]!r} serves no action of "
                "the journey (no source_id, no arrow to a task that does, no position under "
                "one); not read"
            )
            continue
        entry = f"{lane_name}: {name}"
        for key, value in task.items():
            if key == "description":
                detail = reader.text(value, (*path, key), TEXT_MAX, "the task description")
                if detail:
                    entry = f"{entry} \u2014 {detail}"
            elif key not in ("id", "lane", "name", "source_id", "connections", *_LAYOUT_KEYS):
                reader.unknown((*path, key), value, f"key {key!r} of a task")
            elif key == "connections" and value:
                reader.unknown((*path, key), value, "a task's own connections")
        check_length(entry, TEXT_MAX, reader.at(path), f"a {lane_field} entry", reader.problems)
        stage.setdefault(lane_field, []).append(entry)
        ids.places[task["id"]] = (stage, lane_field)
    if described:
        _add_scenario(reader, journey, "Service blueprint lanes:", described, base)
    if stakeholders:
        journey["stakeholders"] = list(
            dict.fromkeys(journey.get("stakeholders", []) + stakeholders)
        )
    if ids.layout:
        reader.notes.append(
            f"{ids.layout[0]}: positions and sizes on the tool's canvas are how it draws the map, "
            "not content; not kept"
        )


def _list(reader: _Reader, body: dict[str, Any], key: str, base: tuple[Any, ...]) -> list[Any]:
    value = body.get(key)
    if value is None or isinstance(value, list):
        return value or []
    reader.unknown((*base, key), value, f"{key!r} that is not a list")
    return []


def _task_stages(
    reader: _Reader,
    body: dict[str, Any],
    base: tuple[Any, ...],
    tasks: list[tuple[dict[str, Any], tuple[Any, ...]]],
    ids: _Ids,
    customer_columns: list[tuple[float, str]],
) -> dict[str, dict[str, Any]]:
    """Task id -> the stage it serves: by `source_id`, else through the arrows (a
    breadth-first walk from the tasks placed, so each arrow is followed once), else by
    the customer action it stands under on the canvas. Each guess is said in a note."""
    placed: dict[str, dict[str, Any]] = {}
    for task, _ in tasks:
        source = ids.places.get(str(task.get("source_id")))
        if source is not None:
            placed[task["id"]] = source[0]
    path_of = {task["id"]: path for task, path in tasks}
    task_ids = set(path_of)
    neighbours: dict[str, list[str]] = {}
    connections = _list(reader, body, "connections", base)
    for index, arrow in enumerate(connections):
        if not isinstance(arrow, dict):
            reader.placer.drop(
                f"{reader.at((*base, 'connections', index))}: an arrow that is not a mapping; not read"
            )
            continue
        ends = [str(arrow.get("source")), str(arrow.get("target"))]
        for one, other in (ends, ends[::-1]):
            neighbours.setdefault(one, []).append(other)
        for key, value in arrow.items():
            if key not in ("source", "target", *_LAYOUT_KEYS):
                reader.unknown(
                    (*base, "connections", index, key), value, f"key {key!r} of an arrow"
                )
    if connections:
        reader.notes.append(
            f"{reader.at((*base, 'connections'), key=True)}: {len(connections):,} arrows between "
            "tasks have no place in a journey map; they place the tasks without a source_id, "
            "and are not kept"
        )
    queue = list(placed) + [action for action in ids.steps if action in neighbours]
    stage_of = {**{a: ids.places[a][0] for a in ids.steps}, **placed}
    position = 0
    while position < len(queue):
        current = queue[position]
        position += 1
        for other in neighbours.get(current, []):
            if other in task_ids and other not in stage_of:
                stage_of[other] = placed[other] = stage_of[current]
                queue.append(other)
                reader.notes.append(
                    f"{reader.at(path_of[other])}: task without a source_id; placed in stage "
                    f"{stage_of[current]['name']!r} by its arrow from {current!r}"
                )
    for task, path in tasks:
        x = _position_x(task)
        if task["id"] in placed or x is None or not customer_columns:
            continue
        under = [action for left, action in customer_columns if left <= x]
        action = under[-1] if under else customer_columns[0][1]
        placed[task["id"]] = ids.places[action][0]
        reader.notes.append(
            f"{reader.at(path)}: task without a source_id or an arrow; placed in stage "
            f"{placed[task['id']]['name']!r}, under the action {action!r} on the canvas"
        )
    return placed


def _add_scenario(
    reader: _Reader, journey: dict[str, Any], heading: str, lines: list[str], path: tuple[Any, ...]
) -> None:
    """Journey-wide text with no field of its own, added to the scenario under `heading`."""
    block = "\n".join([heading, "", *lines])
    journey["scenario"] = f"{journey['scenario']}\n\n{block}" if journey.get("scenario") else block
    check_length(
        journey["scenario"], MARKDOWN_MAX, reader.at(path), "the scenario", reader.problems
    )
    reader.notes.append(f"{reader.at(path)}: {heading.rstrip(':')} kept in the journey's scenario")


def _add_goal(reader: _Reader, stage: dict[str, Any], line: str, where: str) -> None:
    stage["goal"] = f"{stage['goal']}\n{line}" if stage.get("goal") else line
    check_length(stage["goal"], TEXT_MAX, where, "the goal", reader.problems)


def _goal_tree(reader: _Reader, data: dict[str, Any], journey: dict[str, Any], ids: _Ids) -> None:
    """An outcome document as a goal tree (Enablement Map Studio's `kind: outcome`): the
    key goal (KGI) in the journey's scenario; the critical success factor (CSF) and the
    KPI's definition as goal lines of the stage of the task the CSF names; the KPI (its
    target with its unit) as a metric of that stage."""
    body, base = _body(data)
    parts = {key: body.get(key) for key in _GOAL_TREE}
    for key, value in body.items():
        if key not in (*_GOAL_TREE, "kind", "version", "id", "name"):
            reader.unknown((*base, key), value, f"key {key!r} of the outcome")
    kgi_key = "kgi"
    csf_key = "primary_csf" if "primary_csf" in body else "csf"
    kpi_key = "primary_kpi" if "primary_kpi" in body else "kpi"
    for key in (kgi_key, csf_key, kpi_key):
        if parts.get(key) is not None and not isinstance(parts.get(key), dict):
            reader.unknown((*base, key), parts[key], f"{key!r} that is not a mapping")
            parts[key] = None
    kgi, csf, kpi = (parts.get(k) or {} for k in (kgi_key, csf_key, kpi_key))
    known = {
        kgi_key: ("id", "name"),
        csf_key: ("id", "kgi_id", "source_id", "rationale", "name"),
        kpi_key: ("id", "csf_id", "name", "definition", "unit", "target", "current", "value"),
    }
    for key, record in ((kgi_key, kgi), (csf_key, csf), (kpi_key, kpi)):
        for field_name, value in record.items():
            if field_name not in known[key]:
                reader.unknown((*base, key, field_name), value, f"key {field_name!r} of {key}")
    if kgi.get("name"):
        goal = reader.text(kgi["name"], (*base, kgi_key, "name"), TEXT_MAX, "the KGI")
        if goal:
            _add_scenario(reader, journey, "Key goal indicator (KGI):", [goal], (*base, kgi_key))
    place = ids.places.get(str(csf.get("source_id")))
    if place is None:
        for key, record in ((csf_key, csf), (kpi_key, kpi)):
            if record:
                reader.placer.drop(
                    f"{reader.at((*base, key))}: {key} belongs to no stage (its CSF's source_id "
                    f"{str(csf.get('source_id'))[:60]!r} is no task or action of the journey); not read"
                )
        return
    stage = place[0]
    for key, label in (
        ("name", "Critical success factor"),
        ("rationale", "Critical success factor"),
    ):
        if csf.get(key):
            text = reader.text(csf[key], (*base, csf_key, key), TEXT_MAX, f"the CSF's {key}")
            if text:
                _add_goal(reader, stage, f"{label}: {text}", reader.at((*base, csf_key, key)))
    if not kpi:
        return
    name = reader.text(kpi.get("name"), (*base, kpi_key, "name"), NAME_MAX, "the KPI's name")
    if not name:
        reader.placer.drop(f"{reader.at((*base, kpi_key))}: a KPI without a name; not read")
        return
    metric: dict[str, Any] = {"name": name}
    unit = reader.text(kpi.get("unit"), (*base, kpi_key, "unit"), NAME_MAX, "the unit") or ""
    for key, field_name in (("current", "value"), ("value", "value"), ("target", "target")):
        if kpi.get(key) is not None and field_name not in metric:
            value = reader.text(kpi[key], (*base, kpi_key, key), NAME_MAX, f"the KPI's {key}")
            if value:
                metric[field_name] = f"{value}{unit}"
    if unit and len(metric) == 1:
        reader.notes.append(
            f"{reader.at((*base, kpi_key, 'unit'))}: a unit without a value; not kept"
        )
    stage.setdefault("metrics", []).append(metric)
    if kpi.get("definition"):
        text = reader.text(
            kpi["definition"], (*base, kpi_key, "definition"), TEXT_MAX, "the KPI's definition"
        )
        if text:
            _add_goal(
                reader, stage, f"KPI {name}: {text}", reader.at((*base, kpi_key, "definition"))
            )
    if isinstance(kpi.get("id"), str):
        ids.places[kpi["id"]] = place


def _enablement(reader: _Reader, data: dict[str, Any], journey: dict[str, Any], ids: _Ids) -> None:
    """An enablement map (Enablement Map Studio's `kind: em`): each action the staff must
    take, as an opportunity of the stage of the blueprint task it serves (in that task's
    lane); the skills, knowledge and tools each needs, as lines of its detail."""
    body, base = _body(data)
    for key, value in body.items():
        if key not in (
            "outcomes",
            "actions",
            "skills",
            "knowledge",
            "tools",
            "kind",
            "version",
            "id",
            "name",
        ):
            reader.unknown((*base, key), value, f"key {key!r} of the enablement map")
    for index, outcome in enumerate(_list(reader, body, "outcomes", base)):
        path = (*base, "outcomes", index)
        source = outcome.get("source_id") if isinstance(outcome, dict) else None
        extra = (
            [k for k in outcome if k not in ("id", "source_id")]
            if isinstance(outcome, dict)
            else []
        )
        if str(source) in ids.places and not extra:
            reader.notes.append(
                f"{reader.at(path)}: outcome {str(outcome.get('id'))[:60]!r} refers to the KPI "
                f"{source!r}, kept as its stage's metric"
            )
        else:
            reader.placer.drop(
                f"{reader.at(path)}: an outcome that names no KPI of the journey; not read"
            )
    taken = Slugger(
        {
            item["id"]
            for stage in journey["stages"]
            for kind in ("pain_points", "opportunities")
            for item in stage.get(kind, [])
        }
    )
    for index, action in enumerate(_list(reader, body, "actions", base)):
        path = (*base, "actions", index)
        named = _named_reference(
            reader,
            action,
            path,
            (ids.places, "source_id"),
            "the action",
            "an enablement action without a name or a source_id naming a task of the blueprint",
        )
        if named is None:
            continue
        (stage, lane), title = named
        tool_id = action.get("id")
        fallback = (
            slugify(tool_id.rsplit(":", 1)[-1], "opportunity")
            if isinstance(tool_id, str)
            else "opportunity"
        )
        opportunity: dict[str, Any] = {"id": taken.take(title, fallback), "title": title}
        for key, value in action.items():
            if key == "description":
                detail = reader.text(value, (*path, key), MARKDOWN_MAX, "the description")
                if detail:
                    opportunity["detail"] = detail
            elif key not in ("id", "name", "source_id"):
                reader.unknown((*path, key), value, f"key {key!r} of an enablement action")
        if lane is not None:
            opportunity["lane"] = lane
        stage.setdefault("opportunities", []).append(opportunity)
        if isinstance(action.get("id"), str):
            ids.opportunities[action["id"]] = opportunity
    needs: dict[int, tuple[dict[str, Any], tuple[Any, ...], list[str]]] = {}
    for key, label in (("skills", "Skill"), ("knowledge", "Knowledge"), ("tools", "Tool")):
        for index, item in enumerate(_list(reader, body, key, base)):
            path = (*base, key, index)
            need = _named_reference(
                reader,
                item,
                path,
                (ids.opportunities, "action_id"),
                f"the {label.lower()}",
                f"a {label.lower()} without a name or an action_id naming an enablement action",
            )
            if need is None:
                continue
            opportunity, name = need
            line = f"* {label}: {name}{_link(reader, item.get('url'), (*path, 'url'))}"
            for number, learning in enumerate(item.get("learnings") or []):
                at = (*path, "learnings", number)
                if not isinstance(learning, dict):
                    reader.unknown(at, learning, "a learning that is not a mapping")
                    continue
                text = reader.text(learning.get("title"), (*at, "title"), NAME_MAX, "the learning")
                line += f"\n    * Learning: {text or ''}{_link(reader, learning.get('url'), (*at, 'url'))}"
                for extra_key, value in learning.items():
                    if extra_key not in ("title", "url"):
                        reader.unknown((*at, extra_key), value, f"key {extra_key!r} of a learning")
            for extra_key, value in item.items():
                if extra_key not in ("id", "name", "action_id", "url", "learnings"):
                    reader.unknown(
                        (*path, extra_key), value, f"key {extra_key!r} of a {label.lower()}"
                    )
            needs.setdefault(id(opportunity), (opportunity, path, []))[2].append(line)
    for opportunity, path, lines in needs.values():  # after the description, as one list
        detail = "\n".join(lines)
        if opportunity.get("detail"):
            detail = f"{opportunity['detail']}\n\n{detail}"
        opportunity["detail"] = detail
        check_length(detail, MARKDOWN_MAX, reader.at(path), "the detail", reader.problems)


_Target = TypeVar("_Target")


def _named_reference(
    reader: _Reader,
    item: Any,
    path: tuple[Any, ...],
    reference: tuple[dict[str, _Target], str],
    what: str,
    refused: str,
) -> tuple[_Target, str] | None:
    """(what `item` refers to, its name) for an item of an enablement map that must have a
    `name` and name something read before by its id under the key `reference[1]`; else
    None, after dropping it with `refused` (an item that cannot be placed is not read)."""
    targets, key = reference
    found = targets.get(str(item.get(key))) if isinstance(item, dict) else None
    name = (
        reader.text(item.get("name"), (*path, "name"), NAME_MAX, what)
        if isinstance(item, dict)
        else None
    )
    if found is None or not name or not isinstance(item, dict):
        reader.placer.drop(f"{reader.at(path)}: {refused}; not read")
        return None
    return found, name


def _link(reader: _Reader, url: Any, path: tuple[Any, ...]) -> str:
    """` <https://...>`: a web address as Markdown shows it as a link; any other address
    as text, so that no `javascript:` or `file:` link comes in with an import."""
    text = reader.text(url, path, NAME_MAX, "the address") if url is not None else None
    if not text:
        return ""
    if re.fullmatch(r"https?://[^\s<>]+", text):
        return f" <{text}>"
    return f" ({text})"
