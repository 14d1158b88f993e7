"""`journey-maps`: check journey files, start new ones, print the JSON Schema.

For the people who write maps: they learn what is wrong before a pull request fails,
without building the site.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import yaml

from . import __version__
from .site.schema import catalog_schema_text, persona_schema_text
from .source.handbook import DEFAULT_MAX_BYTES, load_handbook
from .source.model import RESERVED_PERSONA_IDS, is_slug
from .source.problems import JourneyMapsError, Problem, format_report

STARTERS = Path(__file__).parent / "starters"
SCHEMA_FOLDER = "_schema"
"""Where `new` keeps the JSON Schemas next to the persona files, for the editor modeline."""


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    arguments = parser.parse_args(argv)
    try:
        return int(arguments.run(arguments))
    except UsageError as error:
        print(f"journey-maps: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # `journey-maps validate | head`
        sys.stderr.close()
        return 1


class UsageError(Exception):
    """The command line asks for something that cannot be done; exit status 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="journey-maps",
        description="Check, start and describe journey-map YAML files for mkdocs-journey-maps.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check a journeys folder without building the site"
    )
    validate.add_argument(
        "path",
        nargs="?",
        help="journeys folder (default: the plugin's 'dir' from ./mkdocs.yml, else journeys/)",
    )
    validate.add_argument("--format", choices=("text", "json"), default="text")
    validate.set_defaults(run=_validate)

    new = commands.add_parser("new", help="write a ready-to-edit persona file from a template")
    new.add_argument("persona_id", nargs="?", help="the new persona's id, e.g. maya-chen")
    new.add_argument("--template", "-t", choices=sorted(_starters()), metavar="TEMPLATE")
    new.add_argument("--dir", help="journeys folder (default: as for validate)")
    new.add_argument("--list", action="store_true", help="list the templates")
    new.set_defaults(run=_new)

    schema = commands.add_parser("schema", help="print the JSON Schema of a persona file")
    schema.add_argument("--catalog", action="store_true", help="the schema of _catalog.yml instead")
    schema.set_defaults(run=_schema)
    return parser


# --- validate -----------------------------------------------------------------------------


def _validate(arguments: argparse.Namespace) -> int:
    folder = _journeys_dir(arguments.path)
    if not folder.is_dir():
        raise UsageError(f"no journeys folder at {folder}")
    root = Path.cwd()
    try:
        handbook = load_handbook(folder.resolve(), root.resolve(), max_bytes=_max_bytes())
    except JourneyMapsError as error:
        _print_problems(error.problems, arguments.format)
        return 1
    if arguments.format == "json":
        report = {"errors": [], "count": 0, "warnings": handbook.warnings}
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for warning in handbook.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        journeys = [j for p in handbook.personas for j in p.journeys]
        stages = sum(len(j.stages) for j in journeys)
        print(
            f"{_display(folder)}: {len(handbook.personas)} personas, {len(journeys)} journeys, "
            f"{stages} stages, no problems"
        )
    return 0


def _print_problems(problems: list[Problem], output: str) -> None:
    if output == "json":
        errors = [
            {
                "file": p.file,
                "line": p.line,
                "column": p.column,
                "path": p.path,
                "message": p.message.removeprefix(f"{p.path}: ") if p.path else p.message,
            }
            for p in problems
        ]
        print(json.dumps({"errors": errors, "count": len(errors)}, indent=2, ensure_ascii=False))
    else:
        print(format_report(problems))


# --- new ----------------------------------------------------------------------------------


def _starters() -> dict[str, Path]:
    return {path.stem: path for path in sorted(STARTERS.glob("*.yml"))}


def _new(arguments: argparse.Namespace) -> int:
    starters = _starters()
    if arguments.list:
        for name, path in starters.items():
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
    folder = _journeys_dir(arguments.dir)
    target = folder / f"{persona_id}.yml"
    if target.exists() or (folder / f"{persona_id}.yaml").exists():
        raise UsageError(f"{_display(target)} already exists; not overwriting it")
    folder.mkdir(parents=True, exist_ok=True)
    schema_path = write_schemas(folder)
    modeline = f"# yaml-language-server: $schema={SCHEMA_FOLDER}/{schema_path.name}\n"
    target.write_text(
        modeline + starters[arguments.template].read_text(encoding="utf-8"), encoding="utf-8"
    )
    print(f"wrote {_display(target)} from the {arguments.template} template")
    print(f"check it with: journey-maps validate {_display(folder)}")
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


def _schema(arguments: argparse.Namespace) -> int:
    print(_schema_text(catalog=arguments.catalog), end="")
    return 0


def _schema_text(*, catalog: bool) -> str:
    return catalog_schema_text() if catalog else persona_schema_text()


# --- finding the journeys folder ------------------------------------------------------------


def _journeys_dir(given: str | None) -> Path:
    if given:
        return Path(given)
    options = _plugin_options(Path("mkdocs.yml"))
    return Path(str(options.get("dir", "journeys")))


def _max_bytes() -> int:
    return int(_plugin_options(Path("mkdocs.yml")).get("max_file_size", DEFAULT_MAX_BYTES))


def _plugin_options(config_file: Path) -> dict[str, Any]:
    """The journey-maps options in mkdocs.yml, read without running MkDocs or its tags."""
    if not config_file.is_file():
        return {}

    class _Tolerant(yaml.SafeLoader):
        """mkdocs.yml uses tags like !ENV and !!python/name; they do not matter here."""

    _Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Tolerant)
    except yaml.YAMLError:
        return {}
    for plugin in (config or {}).get("plugins") or []:
        if isinstance(plugin, dict) and isinstance(plugin.get("journey-maps"), dict):
            options: dict[str, Any] = plugin["journey-maps"]
            return options
    return {}


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
