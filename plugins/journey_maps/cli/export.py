"""`journey-maps export cjml`: a persona's journeys (or one of them) as CJML 2.0 XML.

For teams that exchange maps with CJML tools: the XML goes to standard output, or with
`-o` to a file inside the current folder (written through `OwnedFolder`, never through
a link); what CJML has no place for is listed on standard error.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..owned_folder import OwnedFolder, UnsafeTarget, absolute
from ..site.cjml import persona_cjml
from ..source.problems import JourneyMapsError
from .errors import UsageError
from .settings import display, journeys_dir, load_journeys

if TYPE_CHECKING:
    import argparse

__all__ = ["export_command"]


def export_command(arguments: argparse.Namespace) -> int:
    folder = journeys_dir(arguments.dir)
    try:
        handbook = load_journeys(folder)
    except JourneyMapsError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        print(
            "journey-maps export: the journeys folder has problems; nothing exported",
            file=sys.stderr,
        )
        return 1
    persona = next((p for p in handbook.personas if p.id == arguments.persona), None)
    if persona is None:
        known = ", ".join(p.id for p in handbook.personas) or "none"
        raise UsageError(
            f"no persona {arguments.persona!r} in {display(folder)} (personas: {known})"
        )
    journeys = list(persona.journeys)
    if arguments.journey:
        journeys = [j for j in journeys if j.id == arguments.journey]
        if not journeys:
            known = ", ".join(j.id for j in persona.journeys)
            raise UsageError(
                f"persona {persona.id!r} has no journey {arguments.journey!r} (journeys: {known})"
            )
    source = display(folder / f"{persona.id}.yml")
    text, notes = persona_cjml(handbook, persona, journeys, source)
    for note in notes:
        print(f"note: {note}", file=sys.stderr)
    if arguments.output is None:
        sys.stdout.write(text)
        return 0
    target = _relative_output(arguments.output)
    try:
        written = OwnedFolder(Path.cwd()).write_text(target, text)
    except UnsafeTarget as error:
        raise UsageError(str(error)) from None
    print(f"wrote {display(written)}", file=sys.stderr)
    return 0


def _relative_output(output: str) -> str:
    """`-o` as a path inside the current folder: export owns that folder and no other."""
    here = absolute(Path.cwd())
    wanted = absolute(Path(output))
    if not wanted.is_relative_to(here) or wanted == here:
        raise UsageError(
            f"-o {output}: write inside the current folder, or leave -o out and redirect "
            "standard output"
        )
    return wanted.relative_to(here).as_posix()
