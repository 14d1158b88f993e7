"""`journey-maps new` and `journey-maps schema`: start a persona file from a template,
and the JSON Schemas that editors check it against.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..site.schema import catalog_schema_text, persona_schema_text
from ..source.model import RESERVED_PERSONA_IDS, is_slug
from .errors import UsageError
from .settings import display, journeys_dir

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
    target = folder / f"{persona_id}.yml"
    if target.exists() or (folder / f"{persona_id}.yaml").exists():
        raise UsageError(f"{display(target)} already exists; not overwriting it")
    folder.mkdir(parents=True, exist_ok=True)
    schema_path = write_schemas(folder)
    modeline = f"# yaml-language-server: $schema={SCHEMA_FOLDER}/{schema_path.name}\n"
    target.write_text(
        modeline + templates[arguments.template].read_text(encoding="utf-8"), encoding="utf-8"
    )
    print(f"wrote {display(target)} from the {arguments.template} template")
    print(f"check it with: journey-maps validate {display(folder)}")
    return 0


def write_schemas(folder: Path) -> Path:
    """Keep the JSON Schemas beside the persona files, so editors work offline."""
    schemas = folder / SCHEMA_FOLDER
    schemas.mkdir(exist_ok=True)
    persona = schemas / "persona.schema.json"
    persona.write_text(_schema_text(catalog=False), encoding="utf-8")
    (schemas / "catalog.schema.json").write_text(_schema_text(catalog=True), encoding="utf-8")
    return persona


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
