"""Load a journeys folder into one validated Handbook, or every problem it has."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .cross_references import check_catalog, check_former_persona_ids, check_persona
from .model import (
    RESERVED_PERSONA_IDS,
    Catalog,
    Channel,
    Journey,
    PersonaFile,
    Team,
    Touchpoint,
    is_slug,
    mean_emotion,
)
from .problems import JourneyMapsError, Problem
from .schema_messages import schema_problems
from .yaml_reader import Document, load_document

CATALOG_NAME = "_catalog.yml"
M = TypeVar("M", bound=BaseModel)
DEFAULT_MAX_BYTES = 1_000_000
"""A persona file of a thousand stages is about 500 kB; anything far bigger is a mistake."""


@dataclass
class Handbook:
    """Every persona with its journeys, and the catalog they refer to."""

    catalog: Catalog
    personas: list[PersonaFile]
    channels: dict[str, Channel] = field(init=False)
    teams: dict[str, Team] = field(init=False)
    touchpoints: dict[str, Touchpoint] = field(init=False)

    def __post_init__(self) -> None:
        self.channels = {c.id: c for c in self.catalog.channels}
        self.teams = {t.id: t for t in self.catalog.teams}
        self.touchpoints = {t.id: t for t in self.catalog.touchpoints}

    def journey(self, persona: PersonaFile, journey_id: str) -> Journey | None:
        return next((j for j in persona.journeys if j.id == journey_id), None)


def persona_paths(folder: Path) -> list[Path]:
    """Persona files: `*.yml` / `*.yaml` directly in the folder, not starting with `_`."""
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir() if p.suffix in (".yml", ".yaml") and not p.name.startswith("_")
    )


ParseCache = dict[Path, tuple[tuple[int, int], Document | None, list[Problem]]]
"""Parsed files by path, with the (size, mtime) they were parsed at."""


def load_handbook(
    folder: Path,
    root: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cache: ParseCache | None = None,
) -> Handbook:
    """Read and check everything; raise JourneyMapsError listing every problem found.

    With a `cache` (kept by `mkdocs serve` across rebuilds), files whose size and
    modification time did not change are not parsed again.
    """
    problems: list[Problem] = []

    def display(path: Path) -> str:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

    def read(path: Path) -> Document | None:
        name = display(path)
        resolved = path.resolve()
        if not resolved.is_relative_to(folder.resolve()):
            problems.append(
                Problem(
                    name, 1, 1, "links to a file outside the journeys folder; refusing to read it"
                )
            )
            return None
        stat = resolved.stat()
        key = (stat.st_size, stat.st_mtime_ns)
        if cache is not None and resolved in cache and cache[resolved][0] == key:
            _, document, found = cache[resolved]
        else:
            document, found = load_document(resolved.read_bytes(), name, max_bytes=max_bytes)
            if cache is not None:
                cache[resolved] = (key, document, found)
        problems.extend(found)
        return document

    catalog_path = folder / CATALOG_NAME
    catalog_document = read(catalog_path) if catalog_path.is_file() else None
    catalog_ids: dict[str, list[str]] = {}
    catalog = Catalog()
    if catalog_document is not None:
        found, catalog_ids = check_catalog(catalog_document)
        problems.extend(found)
        catalog = _validate(catalog_document, Catalog, problems) or catalog

    personas: list[PersonaFile] = []
    documents: dict[str, Document] = {}
    seen: dict[str, str] = {}
    for path in persona_paths(folder):
        persona_id, name = path.stem, display(path)
        if not is_slug(persona_id):
            problems.append(
                Problem(
                    name,
                    1,
                    1,
                    f"file name '{persona_id}' is not a valid persona id: use lowercase "
                    "letters, digits and single hyphens (at most 64 characters)",
                )
            )
        elif persona_id in RESERVED_PERSONA_IDS:
            problems.append(
                Problem(
                    name,
                    1,
                    1,
                    f"persona id '{persona_id}' is reserved for an index page; rename the file",
                )
            )
        elif persona_id in seen:
            problems.append(
                Problem(
                    name, 1, 1, f"persona id '{persona_id}' is already used by {seen[persona_id]}"
                )
            )
        seen.setdefault(persona_id, name)
        document = read(path)
        if document is None:
            continue
        documents.setdefault(persona_id, document)
        problems.extend(check_persona(document, catalog_ids))
        persona = _validate(document, PersonaFile, problems)
        if persona is not None:
            persona._id, persona._file = persona_id, name
            personas.append(persona)

    problems.extend(check_former_persona_ids(documents))
    if problems:
        raise JourneyMapsError(problems)
    for persona in personas:
        for journey in persona.journeys:
            _settle_emotions(journey)
    return Handbook(catalog, personas)


def _validate(document: Document, model: type[M], problems: list[Problem]) -> M | None:
    if not isinstance(document.data, dict):
        problems.append(
            document.problem(
                (),
                "the file must be a mapping of keys to values (like 'persona:' and 'journeys:'), "
                f"not a {type(document.data).__name__}",
            )
        )
        return None
    try:
        return model.model_validate(document.data)
    except ValidationError as error:
        problems.extend(schema_problems(document, model, error))
        return None


def _settle_emotions(journey: Journey) -> None:
    """Apply the contract's inheritance: stage from its steps' mean, steps from their stage."""
    for stage in journey.stages:
        if stage.emotion is None:
            rated = [s.emotion for s in stage.steps if s.emotion is not None]
            if rated:
                stage.emotion = mean_emotion(rated)
                stage._emotion_inferred = True
        for step in stage.steps:
            if step.emotion is None:
                step.emotion = stage.emotion
