"""`journey-maps new` and `journey-maps schema`: start a persona file from a template,
and the JSON Schemas that editors check it against.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..owned_folder import OwnedFolder, UnsafeTarget
from ..site.schema import catalog_schema_text, persona_schema_text
from ..source.model import RESERVED_PERSONA_IDS, is_slug
from ..views.review import BuildDateError, build_date
from .errors import UsageError
from .settings import display, journeys_dir

if TYPE_CHECKING:
    import argparse

__all__ = [
    "DEFAULT_STARTER",
    "SCHEMA_FOLDER",
    "STARTERS",
    "new_command",
    "owned_journeys_folder",
    "schema_command",
    "starter_list",
    "starters",
    "write_schemas",
]

STARTERS = Path(__file__).parent.parent / "starters"
DEFAULT_STARTER = "buyers-journey"
"""The template `new` uses without --template: the map most teams draw first."""
SCHEMA_FOLDER = "_schema"
"""Where `new` keeps the JSON Schemas next to the persona files, for the editor modeline."""


def starters() -> dict[str, Path]:
    return {path.stem: path for path in sorted(STARTERS.glob("*.yml"))}


def starter_list() -> str:
    """Each template with the one line that says what it is for (--list and --help)."""
    return "\n".join(f"{name:20} {_summary(path)}" for name, path in starters().items())


def new_command(arguments: argparse.Namespace) -> int:
    templates = starters()
    if arguments.list:
        print(starter_list())
        return 0
    template = arguments.template or DEFAULT_STARTER
    if not arguments.template:
        print(f"using the {template} template (choose another with --template; see --list)")
    folder = journeys_dir(arguments.dir)
    starter = templates[template].read_text(encoding="utf-8")
    persona_id = arguments.persona_id or _ask_persona_id(starter, folder)
    _check_persona_id(persona_id)
    try:
        today = build_date()
    except BuildDateError as error:
        raise UsageError(str(error)) from None
    name = f"{persona_id}.yml"
    owned = owned_journeys_folder(folder)
    for taken in (name, f"{persona_id}.yaml"):
        presence = owned.presence(taken)
        if presence == "blocked":
            raise UsageError(
                f"{display(folder / taken)} is a link or not a regular file; "
                "journey-maps new never writes through a link"
            )
        if presence == "file":
            raise UsageError(f"{display(folder / taken)} already exists; not overwriting it")
    schema_name = write_schemas(owned)
    modeline = f"# yaml-language-server: $schema={SCHEMA_FOLDER}/{schema_name}\n"
    try:
        target = owned.write_text(name, modeline + _dated(starter, today.isoformat()))
    except UnsafeTarget as error:
        raise UsageError(str(error)) from None
    print(f"wrote {display(target)} from the {template} template")
    print(f"check it with: journey-maps validate {display(folder)}")
    return 0


_STARTER_DATE = re.compile(
    r"^(\s*-?\s*(?:last_reviewed|date):\s*)\d{4}-\d{2}-\d{2}\b", re.MULTILINE
)
"""A date a template gives a review or a piece of evidence."""


def _dated(starter: str, today: str) -> str:
    """The template with its review and evidence dates set to the build date (today, or
    SOURCE_DATE_EPOCH's day): a fixed date would make a new map look overdue for review or
    its evidence stale, or lie in the future, depending on the day it is written."""
    return _STARTER_DATE.sub(lambda match: match.group(1) + today, starter)


def _ask_persona_id(starter: str, folder: Path) -> str:
    """The persona id: asked on a terminal; otherwise (a script, a pipe) the template's own
    persona's name as an id, numbered if taken, and said."""
    if sys.stdin is not None and sys.stdin.isatty():
        try:
            answer = input("Persona id (lowercase words and hyphens, e.g. maya-chen): ")
        except EOFError:
            answer = ""
        if not answer.strip():
            raise UsageError(
                "no persona id given; run again with one, e.g. journey-maps new maya-chen"
            )
        return answer.strip()
    chosen = _free_id(_template_persona_id(starter), folder)
    print(
        f"no persona id given and no terminal to ask on: using '{chosen}' (rename the file to change it)"
    )
    return chosen


def _template_persona_id(starter: str) -> str:
    """`sam-taylor` from the template's `name: Sam Taylor` (`new-persona` without one)."""
    found = re.search(r"^persona:\s*\n\s+name:\s*([^#\n]+)", starter, re.MULTILINE)
    words = re.findall(r"[a-z0-9]+", found.group(1).lower()) if found else []
    return "-".join(words) or "new-persona"


def _free_id(base: str, folder: Path) -> str:
    """`base`, or `base-2`, `base-3`... : the first id with no persona file yet."""
    for number in range(1, 1000):
        candidate = base if number == 1 else f"{base}-{number}"
        if not any((folder / f"{candidate}{suffix}").exists() for suffix in (".yml", ".yaml")):
            return candidate
    raise UsageError(f"no free persona id like {base!r}; give one, e.g. journey-maps new maya-chen")


def _check_persona_id(persona_id: str) -> None:
    if not is_slug(persona_id):
        raise UsageError(
            f"{persona_id!r} is not a valid persona id: use lowercase letters, digits and single hyphens"
        )
    if persona_id in RESERVED_PERSONA_IDS:
        raise UsageError(f"{persona_id!r} is reserved for an index page; choose another id")


def owned_journeys_folder(folder: Path) -> OwnedFolder:
    """The journeys folder as `new` and `import` own it: written only through OwnedFolder."""
    try:
        return OwnedFolder(folder, project=Path.cwd())
    except UnsafeTarget as error:
        raise UsageError(str(error)) from None


def write_schemas(owned: OwnedFolder) -> str:
    """Keep the JSON Schemas beside the persona files, so editors work offline; returns the
    persona schema's file name, for the modeline."""
    try:
        owned.write_text(f"{SCHEMA_FOLDER}/persona.schema.json", _schema_text(catalog=False))
        owned.write_text(f"{SCHEMA_FOLDER}/catalog.schema.json", _schema_text(catalog=True))
    except UnsafeTarget as error:
        raise UsageError(str(error)) from None
    return "persona.schema.json"


def _summary(path: Path) -> str:
    """A template's first comment line says what it is for."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    return first.lstrip("# ").strip()


# --- schema -------------------------------------------------------------------------------


def schema_command(arguments: argparse.Namespace) -> int:
    print(_schema_text(catalog=arguments.catalog), end="")
    return 0


def _schema_text(*, catalog: bool) -> str:
    return catalog_schema_text() if catalog else persona_schema_text()
