"""Imported maps as persona files: YAML with the schema modeline, checked before writing.

Nothing existing is overwritten unless asked (`--force`); `--dry-run` prints instead of
writing. Every file is loaded with the catalog of the target folder before anything is
written, so what lands on disk passes `journey-maps validate`.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml

from ..source.handbook import CATALOG_NAME, load_handbook
from ..source.model import RESERVED_PERSONA_IDS
from ..source.problems import JourneyMapsError
from . import ImportFailed


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


def check(folder: Path, texts: dict[str, str]) -> None:
    """Load the new files with the folder's catalog, as `validate` would; raise on problems."""
    with tempfile.TemporaryDirectory(prefix="journey-maps-import-") as temporary:
        root = Path(temporary)
        target = root / "journeys"
        target.mkdir()
        catalog = folder / CATALOG_NAME
        if catalog.is_file():
            shutil.copyfile(catalog, target / CATALOG_NAME)
        for persona_id, text in texts.items():
            (target / f"{persona_id}.yml").write_text(text, encoding="utf-8")
        try:
            load_handbook(target, root, measurements=False)
        except JourneyMapsError as error:
            raise ImportFailed(
                [
                    "the imported map does not pass validation (please report this as a bug "
                    "with the input file):",
                    *(str(p) for p in error.problems),
                ]
            ) from None


def existing(folder: Path, persona_ids: list[str]) -> list[Path]:
    """Files an import would replace."""
    found = []
    for persona_id in persona_ids:
        for suffix in (".yml", ".yaml"):
            path = folder / f"{persona_id}{suffix}"
            if path.exists():
                found.append(path)
    return found


def write(folder: Path, texts: dict[str, str], *, force: bool) -> list[Path]:
    """Write every file, or none: refuses when one exists, unless `force`."""
    clashes = existing(folder, list(texts))
    if clashes and not force:
        raise ImportFailed(
            [
                f"{path} already exists; not overwriting it (use --force to replace it, "
                "or --persona to choose another id)"
                for path in clashes
            ]
        )
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for persona_id, text in texts.items():
        for path in clashes:
            if path.stem == persona_id and path.suffix == ".yaml":
                path.unlink()  # replaced by the .yml written below
        path = folder / f"{persona_id}.yml"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
