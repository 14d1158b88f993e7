"""`journey-maps import`: the command line around importers/run.py, which does the work:
options checked, notes and problems printed, persona files and schemas written.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..importers import ImportFailed
from ..importers import writer as import_writer
from ..importers.run import KINDS, run_import, summary
from ..source.model import is_slug
from .errors import UsageError
from .new import SCHEMA_FOLDER, owned_journeys_folder, write_schemas
from .settings import display, journeys_dir

if TYPE_CHECKING:
    import argparse

__all__ = ["import_command"]


def kind_and_files(words: list[str]) -> tuple[str | None, list[Path]]:
    """`import mermaid a.md` names the kind; `import a.md` leaves it to detection. A first
    word that is a kind is the kind unless a file of that name exists and is the only one."""
    kind = None
    if words[0] in KINDS and (len(words) > 1 or not Path(words[0]).exists()):
        kind, words = words[0], words[1:]
    if not words:
        raise UsageError(f"name the file(s) to import after {kind!r}")
    return kind, [Path(word) for word in words]


def import_command(arguments: argparse.Namespace) -> int:
    folder = journeys_dir(arguments.dir)
    if arguments.persona and not is_slug(arguments.persona):
        raise UsageError(
            f"{arguments.persona!r} is not a valid persona id: use lowercase letters, digits and single hyphens"
        )
    kind, files = kind_and_files(arguments.files)
    modeline = f"# yaml-language-server: $schema={SCHEMA_FOLDER}/persona.schema.json\n"
    try:
        texts, result = run_import(
            kind,
            files,
            folder,
            modeline=modeline,
            persona=arguments.persona,
            persona_name=arguments.persona_name,
            persona_role=arguments.persona_role,
            title=arguments.title,
            split=not arguments.no_split,
            allow_partial=arguments.allow_partial,
        )
        for note in result.notes:
            print(f"note: {note}", file=sys.stderr)
        for line in summary(result):  # beside the YAML of a dry run, not inside it
            print(line, file=sys.stderr if arguments.dry_run else sys.stdout)
        if arguments.dry_run:
            for persona_id, text in texts.items():
                print(f"# --- {display(folder / (persona_id + '.yml'))} (dry run, not written)")
                print(text, end="")
            return 0
        written = import_writer.write(folder, texts, force=arguments.force)
    except ImportFailed as error:
        for note in error.notes:
            print(f"note: {note}", file=sys.stderr)
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        print("journey-maps import: nothing written", file=sys.stderr)
        return 1
    write_schemas(owned_journeys_folder(folder))
    for path in written:
        print(f"wrote {display(path)}")
    print(f"check it with: journey-maps validate {display(folder)}")
    return 0
