"""Imported maps as persona files: YAML with the schema modeline, checked before writing.

Nothing existing is overwritten unless asked (`--force`); `--dry-run` prints instead of
writing. Every file is loaded with the catalog of the target folder before anything is
written, so what lands on disk passes `journey-maps validate`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..owned_folder import OwnedFolder, UnsafeTarget
from ..source.handbook import CATALOG_NAME, DEFAULT_MAX_BYTES, load_handbook_files
from ..source.model import RESERVED_PERSONA_IDS, is_slug
from ..source.problems import JourneyMapsError
from ..source.problems import display_path as display
from . import ImportFailed

__all__ = ["check", "persona_id_for", "render_yaml"]


class _Dumper(yaml.SafeDumper):
    """Block style for lists and mappings, `|` for text with line breaks."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def render_yaml(data: dict[str, Any], modeline: str, comments: list[str] | None = None) -> str:
    """The persona file's text: modeline, comment lines, then the data in the model's order."""
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100_000,
        default_flow_style=False,
    )
    head = [modeline.rstrip("\n")] + [f"# {line}".rstrip() for line in comments or []]
    return "\n".join(head) + "\n" + body


def persona_id_for(wanted: str) -> str:
    """Reserved ids (index pages) get a number, like any other collision."""
    return f"{wanted}-2" if wanted in RESERVED_PERSONA_IDS else wanted


def check_ids(persona_ids: list[str]) -> None:
    """Persona ids become file names: each must be an id of the format before anything else.

    An id read from an input (a `persona_id` cell of a CSV export) is the input's text:
    `/tmp/x` or `../x` must never reach a path."""
    problems = [
        f"persona id {persona_id!r} from the input is not a valid id (lowercase letters, "
        "digits and single hyphens, at most 64 characters); fix it in the input or give "
        "--persona"
        for persona_id in persona_ids
        if not is_slug(persona_id) or persona_id in RESERVED_PERSONA_IDS
    ]
    if problems:
        raise ImportFailed(problems)


def check(folder: Path, texts: dict[str, str]) -> None:
    """Load the new files with the folder's catalog, as `validate` would; raise on problems.

    Checked in memory: nothing is written anywhere, so `--dry-run` writes nothing."""
    check_ids(list(texts))
    files = {f"{persona_id}.yml": text.encode("utf-8") for persona_id, text in texts.items()}
    catalog = _catalog_bytes(folder)
    if catalog is not None:
        files[CATALOG_NAME] = catalog
    try:
        load_handbook_files(files, folder.name or "journeys")
    except JourneyMapsError as error:
        raise ImportFailed(
            [
                "the imported map does not pass validation, so nothing is written; the "
                "positions below are in the persona file the import would write (the input's "
                "values are kept as they are, e.g. an emotion of 7 or a reference the "
                "catalog lacks: fix them in the input or the catalog):",
                *(str(p) for p in error.problems),
            ]
        ) from None


def _catalog_bytes(folder: Path) -> bytes | None:
    """The folder's catalog, read as `validate` would read it: a regular file, not a link."""
    try:
        owned = OwnedFolder(folder)
    except UnsafeTarget:
        return None
    content = owned.read(CATALOG_NAME)
    return content if content is not None and len(content) <= DEFAULT_MAX_BYTES else None


def existing(owned: OwnedFolder, persona_ids: list[str]) -> list[str]:
    """Files an import would replace, by name; a link or folder there is refused outright."""
    found, blocked = [], []
    for persona_id in persona_ids:
        for name in (f"{persona_id}.yml", f"{persona_id}.yaml"):
            presence = owned.presence(name)
            if presence == "file":
                found.append(name)
            elif presence == "blocked":
                blocked.append(name)
    if blocked:
        shown = display(owned.root)
        raise ImportFailed(
            [
                f"{shown}/{name} is a link, a folder or not a regular file; an import never "
                "writes through a link or replaces one (even with --force): remove it first"
                for name in blocked
            ]
        )
    return found


def write(folder: Path, texts: dict[str, str], *, force: bool) -> list[Path]:
    """Write every file, or none: refuses when one exists, unless `force`."""
    check_ids(list(texts))
    try:
        owned = OwnedFolder(folder, project=Path.cwd())
    except UnsafeTarget as error:
        raise ImportFailed([str(error)]) from None
    clashes = existing(owned, list(texts))
    if clashes and not force:
        shown = display(folder)
        raise ImportFailed(
            [
                f"{shown}/{name} already exists; not overwriting it (use --force to replace it, "
                "or --persona to choose another id)"
                for name in clashes
            ]
        )
    written = []
    try:
        for persona_id, text in texts.items():
            if f"{persona_id}.yaml" in clashes:
                owned.remove(f"{persona_id}.yaml")  # replaced by the .yml written below
            written.append(owned.write_text(f"{persona_id}.yml", text))
    except UnsafeTarget as error:
        raise ImportFailed([str(error)]) from None
    return written
