"""Load a journeys folder into one validated Handbook, or every problem it has."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from .cross_references import check_catalog, check_former_persona_ids, check_persona
from .measured_data import DataFile, check_data_path, read_measurements
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
    share_field_sets,
)
from .problems import JourneyMapsError, Problem, path_label
from .schema_messages import schema_problems
from .symlinks import folder_problem, real_path, unreadable
from .yaml_reader import Document, load_document

__all__ = [
    "CATALOG_NAME",
    "DEFAULT_MAX_BYTES",
    "MAX_REDIRECT_PAGES",
    "MAX_STAGES_PER_FILE",
    "MAX_STAGES_PER_JOURNEY",
    "CachedFile",
    "Handbook",
    "ParseCache",
    "load_handbook",
    "load_handbook_files",
]

CATALOG_NAME = "_catalog.yml"
SCHEMA_FOLDER = "_schema"
"""Where `journey-maps new` keeps the JSON Schemas for editors: expected, not reported."""
DATA_FOLDER = "_data"
"""Where measured data (CSV files named by journeys' `data:`) usually lives: not reported."""
M = TypeVar("M", bound=BaseModel)
DEFAULT_MAX_BYTES = 1_000_000
"""A persona file of 500 stages (the most it may have) is about 250 kB; far bigger is a
mistake."""
MAX_STAGES_PER_JOURNEY = 100
"""Most stages one journey may have. Real maps have 3 to 15; a stage is a page and a column
of the journey's grid, and 2,000 stages made a 106 s build of a 1.1 GB site."""
MAX_STAGES_PER_FILE = 500
"""Most stages all the journeys of one persona file may have together: the page fan-out
of one file. Every stage is a page, and the site navigation lists every stage on every
page, so the site grows with the square of the stages one file adds (500 stages in one
file: about 10 s and 80 MB; 1,000: 31 s and 300 MB)."""
MAX_REDIRECT_PAGES = 10_000
"""Most redirect pages the former ids of one persona file may need: every old persona id
times every old journey id gives a page per journey and per stage, which multiplies fast."""


@dataclass
class Handbook:
    """Every persona with its journeys, and the catalog they refer to."""

    catalog: Catalog
    personas: list[PersonaFile]
    channels: dict[str, Channel] = field(init=False)
    teams: dict[str, Team] = field(init=False)
    touchpoints: dict[str, Touchpoint] = field(init=False)
    warnings: list[str] = field(default_factory=list)
    """Things that are not errors but need a look, e.g. files in the folder that are not read.
    The plugin logs them as warnings, so `mkdocs build --strict` fails on them."""
    measured: dict[tuple[str, str], list[DataFile]] = field(default_factory=dict)
    """Measured data by (persona id, journey id): one DataFile per `data:` entry."""

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
    return sorted(p for p in folder.iterdir() if _is_persona_name(p.name))


def _is_persona_name(name: str) -> bool:
    return name.endswith((".yml", ".yaml")) and not name.startswith(("_", "."))


def ignored_entries(folder: Path) -> list[tuple[Path, str]]:
    """What else is in the journeys folder, with why it is not read.

    Hidden entries (`.git`, editor swap files) and the `_schema` folder written by
    `journey-maps new` are expected and not listed."""
    ignored: list[tuple[Path, str]] = []
    for path in sorted(folder.iterdir()) if folder.is_dir() else []:
        name = path.name
        if name.startswith(".") or name == CATALOG_NAME or _is_persona_name(name):
            continue
        if name in (SCHEMA_FOLDER, DATA_FOLDER) and path.is_dir():
            continue
        lower = name.lower()
        if lower in ("_catalog.yml", "_catalog.yaml"):
            reason = f"the catalog is read only from a file named exactly {CATALOG_NAME}"
        elif lower.endswith((".yml", ".yaml")) and not name.startswith("_"):
            reason = "persona files end in .yml or .yaml, in lower case"
        elif name.startswith("_"):
            reason = f"names starting with '_' are support files; only {CATALOG_NAME} is read"
        elif path.is_dir():
            reason = "a folder; persona files must be directly in the journeys folder"
        else:
            reason = "not a .yml or .yaml file"
        ignored.append((path, reason))
    return ignored


def _read_regular_file(path: Path, max_bytes: int) -> bytes | str:
    """The bytes of a regular file, or why it was not read (a folder, a pipe, a dead link,
    too big). Never opens anything but a regular file, so a FIFO cannot hang the build."""
    try:
        status = path.stat()
    except FileNotFoundError:
        return "is a link to a file that does not exist"
    except OSError as error:
        return unreadable(error)
    if stat.S_ISDIR(status.st_mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(status.st_mode):
        return "is not a regular file (a pipe, socket or device); refusing to read it"
    if status.st_size > max_bytes:
        return f"file is {status.st_size:,} bytes, over the limit of {max_bytes:,} (max_file_size)"
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        return unreadable(error)
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped since the stat
            return "is not a regular file (a pipe, socket or device); refusing to read it"
        return handle.read(max_bytes + 1)


@dataclass
class CachedFile:
    """A file as one load read it: what `mkdocs serve` keeps for the next save.

    Keyed on the content, not size and mtime: a same-size edit whose mtime was restored
    (`cp -p`, `rsync -t`, a checkout) is still seen."""

    key: tuple[str, bytes]
    """The display name and content hash the file was parsed at."""
    document: Document | None
    problems: list[Problem]
    """What parsing found."""
    persona: tuple[tuple[object, ...], PersonaFile | None, list[Problem]] | None = None
    """A persona file's model, with what it was checked against (its id, its name, the
    catalog's ids) and the problems checking found: at 5,000 stage pages, checking every
    unchanged file again cost 0.7 s of each save, and its new objects kept Python's garbage
    collector busy for as long again. Reused only for the same content and catalog ids;
    the checks across files (former ids) run on every load."""


ParseCache = dict[Path, CachedFile]
"""Read files by resolved path (see CachedFile)."""


@dataclass
class SourceFile:
    """One file to check: its name as problems show it, and its bytes or why it was not read.

    `cache_key` (a resolved path) lets `mkdocs serve` skip parsing a file whose content
    did not change; files given from memory have none."""

    name: str
    content: bytes | str
    cache_key: Path | None = None


def load_handbook(
    folder: Path,
    root: Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cache: ParseCache | None = None,
    measurements: bool = True,
) -> Handbook:
    """Read and check everything; raise JourneyMapsError listing every problem found.

    With a `cache` (kept by `mkdocs serve` across rebuilds), files whose content did not
    change are not parsed again. With `measurements=False` the CSV files named by
    journeys' `data:` are not read (e.g. for an old revision that has only the YAML).
    """

    def display(path: Path) -> str:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            return path.as_posix()

    def read(path: Path) -> SourceFile:
        name = display(path)
        resolved = real_path(path)  # a link loop stays as written, and fails to open
        if not resolved.is_relative_to(real_path(folder)):
            return SourceFile(
                name, "links to a file outside the journeys folder; refusing to read it"
            )
        return SourceFile(name, _read_regular_file(path, max_bytes), resolved)

    what = folder_problem(folder)
    if what is not None:
        message = f"the journeys folder {what}; check 'dir:' in mkdocs.yml"
        raise JourneyMapsError([Problem(display(folder), 1, 1, message)])
    warnings = [f"ignored: {display(path)}: {reason}" for path, reason in ignored_entries(folder)]
    catalog_path = folder / CATALOG_NAME
    catalog = read(catalog_path) if os.path.lexists(catalog_path) else None
    personas = [(path.stem, read(path)) for path in persona_paths(folder)]
    checked = _check_files(catalog, personas, display(catalog_path), max_bytes, cache)

    problems = checked.problems
    measured: dict[tuple[str, str], list[DataFile]] = {}
    data_folders: set[str] = set()
    for persona in checked.personas if measurements else []:
        document = checked.documents[persona.id]
        for j, journey in enumerate(persona.journeys):
            for d, spec in enumerate(journey.data):
                data_folders.add(spec.file.split("/")[0])
                where = ("journeys", j, "data", d, "file")
                data_path = check_data_path(folder, spec.file)
                if isinstance(data_path, str):
                    problems.append(document.problem(where, f"{path_label(where)}: {data_path}"))
                    continue
                data, found = read_measurements(data_path, display(data_path), spec, journey.stages)
                problems.extend(found)
                measured.setdefault((persona.id, journey.id), []).append(data)
    warnings = [
        w
        for w in warnings
        if not any(w.startswith(f"ignored: {display(folder / name)}: ") for name in data_folders)
    ]
    return checked.handbook(warnings, measured)


def load_handbook_files(
    files: dict[str, bytes], folder: str = "journeys", *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Handbook:
    """Check a journeys folder given as file contents ({file name: bytes}), e.g. read from
    a git revision or about to be written by an import; raise JourneyMapsError as
    `load_handbook` does.

    Nothing is written anywhere: the same checks run on the bytes in memory (an import's
    `--dry-run` must not touch the disk). Problems name `<folder>/<file name>`. Names must
    be plain file names (no folders); anything else is refused. The CSV files of `data:`
    are not read: only the YAML is given."""
    prefix = folder.strip("/") or "journeys"
    for name in files:
        if not name or "/" in name or "\\" in name or name in (".", ".."):
            raise ValueError(f"not a plain file name: {name!r}")
    catalog_name = f"{prefix}/{CATALOG_NAME}"
    catalog = SourceFile(catalog_name, files[CATALOG_NAME]) if CATALOG_NAME in files else None
    personas = [
        (name.rsplit(".", 1)[0], SourceFile(f"{prefix}/{name}", content))
        for name, content in sorted(files.items())
        if _is_persona_name(name)
    ]
    checked = _check_files(catalog, personas, catalog_name, max_bytes, None)
    return checked.handbook([], {})


@dataclass
class _CheckedFiles:
    """The personas and catalog that passed, with every problem found so far."""

    catalog: Catalog
    personas: list[PersonaFile]
    documents: dict[str, Document]
    problems: list[Problem]

    def handbook(
        self, warnings: list[str], measured: dict[tuple[str, str], list[DataFile]]
    ) -> Handbook:
        """The Handbook, or JourneyMapsError with every problem (measured data's included)."""
        if self.problems:
            raise JourneyMapsError(self.problems)
        return Handbook(self.catalog, self.personas, warnings, measured)


def _check_files(
    catalog_file: SourceFile | None,
    persona_files: list[tuple[str, SourceFile]],
    catalog_name: str,
    max_bytes: int,
    cache: ParseCache | None,
) -> _CheckedFiles:
    """Parse and validate the catalog and the persona files (id from the file name)."""
    problems: list[Problem] = []

    def parse(source: SourceFile) -> tuple[Document | None, CachedFile | None]:
        """The file's document, and the cache's entry for it (None: nothing is kept)."""
        raw = source.content
        if isinstance(raw, str):
            problems.append(Problem(source.name, 1, 1, raw))
            return None, None
        key = (source.name, hashlib.blake2b(raw, digest_size=16).digest())
        resolved = source.cache_key  # None for files given from memory: never kept
        kept = cache.get(resolved) if cache is not None and resolved is not None else None
        cached = kept if kept is not None and kept.key == key else None
        if cached is None:
            cached = CachedFile(key, *load_document(raw, source.name, max_bytes=max_bytes))
            if cache is not None and resolved is not None:
                cache[resolved] = cached
        problems.extend(cached.problems)
        return cached.document, cached if cache is not None and resolved is not None else None

    catalog_exists = catalog_file is not None
    catalog_document = parse(catalog_file)[0] if catalog_file is not None else None
    catalog_ids: dict[str, list[str]] | None = {}
    catalog = Catalog()
    if catalog_document is not None and isinstance(catalog_document.data, dict):
        found, catalog_ids = check_catalog(catalog_document)
        problems.extend(found)
        catalog = _validate(catalog_document, Catalog, problems) or catalog
        share_field_sets(catalog)
    elif catalog_exists:
        if catalog_document is not None:
            _validate(catalog_document, Catalog, problems)  # says why: not a mapping
        catalog_ids = None  # unreadable: persona references to it are not checked

    personas: list[PersonaFile] = []
    documents: dict[str, Document] = {}
    seen: dict[str, str] = {}
    for persona_id, source in persona_files:
        name = source.name
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
        document, cached = parse(source)
        if document is None:
            continue
        documents.setdefault(persona_id, _for_checks_across_files(document))
        checked_against = (persona_id, name, catalog_exists, catalog_ids)
        if cached is None or cached.persona is None or cached.persona[0] != checked_against:
            persona, found = _check_persona(document, persona_id, name, catalog_ids, catalog_exists)
            if cached is not None:
                cached.persona = (checked_against, persona, found)
        else:
            _, persona, found = cached.persona
        problems.extend(found)
        if persona is not None:
            personas.append(persona)

    if catalog_ids is None and documents:
        problems.append(
            Problem(
                catalog_name,
                1,
                1,
                "references to channels, teams and touchpoints were not checked, because "
                f"{CATALOG_NAME} could not be read; fix it first",
            )
        )
    problems.extend(check_former_persona_ids(documents))
    return _CheckedFiles(catalog, personas, documents, problems)


def _for_checks_across_files(document: Document) -> Document:
    """A checked persona file as the checks after the loop read it: its text (for the
    positions of problems) and, of its data, only the persona's former ids.

    Holding every file's whole data until all were read set the memory a build peaked at
    while loading: at 5,000 stage pages 26 MiB more (docs/performance.md, "Memory")."""
    persona = document.data.get("persona") if isinstance(document.data, dict) else None
    former = {"former_ids": persona.get("former_ids")} if isinstance(persona, dict) else {}
    return replace(document, data={"persona": former})


def _check_persona(
    document: Document,
    persona_id: str,
    name: str,
    catalog_ids: dict[str, list[str]] | None,
    catalog_exists: bool,
) -> tuple[PersonaFile | None, list[Problem]]:
    """One persona file's model and what is wrong with it on its own (its references to the
    catalog included; not the checks across files)."""
    problems = check_persona(document, catalog_ids, catalog_exists=catalog_exists)
    _restore_written_numbers(document)
    persona = _validate(document, PersonaFile, problems)
    if persona is not None:
        persona._id, persona._file = persona_id, name
        problems.extend(_stage_fan_out(document, persona))
        problems.extend(_redirect_fan_out(document, persona))
        for journey in persona.journeys:
            _settle_emotions(journey)
        share_field_sets(persona)  # once settled: settling gives the records new values
    return persona, problems


_WRITTEN_AS_TEXT = ("value", "target")
"""Keys of metrics that are text in the model but often written as bare numbers."""


def _restore_written_numbers(document: Document) -> None:
    """Put back the source text of bare numbers where the model wants text: `1.50`, `0x1F`
    and `1e999` are shown as written, not as `1.5`, `31` and `inf`."""
    for path, text in document.written.items():
        if (
            len(path) == 7
            and path[0] == "journeys"
            and path[2] == "stages"
            and path[4] == "metrics"
            and path[6] in _WRITTEN_AS_TEXT
        ):
            parent: Any = document.data
            for part in path[:-1]:
                try:
                    parent = parent[part]
                except (KeyError, IndexError, TypeError):
                    break
            else:
                if isinstance(parent, dict) and isinstance(parent.get(path[-1]), int | float):
                    parent[path[-1]] = text


def _stage_fan_out(document: Document, persona: PersonaFile) -> list[Problem]:
    """Refuse a journey of more than MAX_STAGES_PER_JOURNEY stages, and a file whose
    journeys have more than MAX_STAGES_PER_FILE together, saying why and what to do."""
    problems = []
    for index, journey in enumerate(persona.journeys):
        if len(journey.stages) > MAX_STAGES_PER_JOURNEY:
            problems.append(
                document.problem(
                    ("journeys", index, "stages"),
                    f"journey '{journey.id}' has {len(journey.stages):,} stages; the most a "
                    f"journey takes is {MAX_STAGES_PER_JOURNEY:,}: split it into several "
                    "journeys (one per phase of the experience, say), each a map of its own",
                    at_key=True,
                )
            )
    stages = sum(len(journey.stages) for journey in persona.journeys)
    if stages > MAX_STAGES_PER_FILE:
        problems.append(
            document.problem(
                ("journeys",),
                f"the journeys of this file have {stages:,} stages together; the most one "
                f"persona file takes is {MAX_STAGES_PER_FILE:,}, because every stage is a "
                "page and the site navigation lists every stage on every page: keep each "
                "journey to its main stages, or split the persona into two persona files",
                at_key=True,
            )
        )
    return problems


def _redirect_fan_out(document: Document, persona: PersonaFile) -> list[Problem]:
    """Refuse former ids that would need more than MAX_REDIRECT_PAGES forwarding pages."""
    old_personas = len(persona.profile.former_ids)
    pages = old_personas
    biggest: tuple[int, int] = (0, -1)  # pages, journey index
    for index, journey in enumerate(persona.journeys):
        pairs = (old_personas + 1) * (len(journey.former_ids) + 1) - 1
        journey_pages = pairs * (1 + len(journey.stages))
        pages += journey_pages
        biggest = max(biggest, (journey_pages, index))
    if pages <= MAX_REDIRECT_PAGES:
        return []
    path: tuple[str | int, ...] = ("persona", "former_ids")
    if not old_personas:
        path = ("journeys", biggest[1], "former_ids")
    return [
        document.problem(
            path,
            f"the former ids of this file need {pages:,} redirect pages (each old persona id "
            f"times each old journey id, for the journey and each stage), over the limit of "
            f"{MAX_REDIRECT_PAGES:,}; drop old ids nobody links to any more",
        )
    ]


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
