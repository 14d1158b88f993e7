"""`journey-maps new` and `journey-maps schema`: start a persona file from a template,
and the JSON Schemas that editors check it against.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..owned_folder import OwnedFolder, UnsafeTarget
from ..site.schema import catalog_schema_text, persona_schema_text
from ..source.model import RESERVED_PERSONA_IDS, is_slug
from .errors import UsageError
from .settings import display, journeys_dir

if TYPE_CHECKING:
    import argparse

__all__ = [
    "SCHEMA_FOLDER",
    "STARTERS",
    "new_command",
    "owned_journeys_folder",
    "schema_command",
    "starters",
    "write_schemas",
]

STARTERS = Path(__file__).parent.parent / "starters"
SCHEMA_FOLDER = "_schema"
"""Where `new` keeps the JSON Schemas next to the persona files, for the editor modeline."""


def starters() -> dict[str, Path]:
    return {path.stem: path for path in sorted(STARTERS.glob("*.yml"))}


def new_command(arguments: argparse.Namespace) -> int:
    templates = starters()
    if arguments.list:
        for name, path in templates.items():
            print(f"{name:20} {_summary(path)}")
        return 0
    if not arguments.persona_id or not arguments.template:
        raise UsageError("give a persona id and --template (see: journey-maps new --list)")
    persona_id = arguments.persona_id
    if not is_slug(persona_id):
        raise UsageError(
            f"{persona_id!r} is not a valid persona id: use lowercase letters, digits and single hyphens"
        )
    if persona_id in RESERVED_PERSONA_IDS:
        raise UsageError(f"{persona_id!r} is reserved for an index page; choose another id")
    folder = journeys_dir(arguments.dir)
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
    starter = templates[arguments.template].read_text(encoding="utf-8")
    try:
        target = owned.write_text(name, modeline + starter)
    except UnsafeTarget as error:
        raise UsageError(str(error)) from None
    print(f"wrote {display(target)} from the {arguments.template} template")
    print(f"check it with: journey-maps validate {display(folder)}")
    return 0


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
