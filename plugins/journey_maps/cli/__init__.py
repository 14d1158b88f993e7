"""`journey-maps`: check journey files, start new ones, print the JSON Schema, render the pages.

For the people who write maps: they learn what is wrong before a pull request fails,
without building the site. This module wires the command line; each subcommand lives
in a module of its own.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import textwrap
from typing import TYPE_CHECKING, Any, TextIO, cast

from .. import __version__
from ..site.rendered_folder import MANIFEST
from ..source.problems import visible_controls
from .diff import diff_command
from .errors import UsageError
from .export import export_command
from .import_ import import_command
from .new import DEFAULT_STARTER, STARTERS, new_command, schema_command, starter_list, starters
from .render import render_command
from .validate import validate_command

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["STARTERS", "UsageError", "main"]


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    with visible_terminal_controls():
        arguments = parser.parse_args(argv)
        try:
            return int(arguments.run(arguments))
        except UsageError as error:
            print(f"journey-maps: {error}", file=sys.stderr)
            return 2
        except BrokenPipeError:  # `journey-maps validate | head`
            sys.stderr.close()
            return 1


class _VisibleControls:
    """A text stream that writes control characters as `\\uXXXX` to the stream under it.

    Not an `io` class on purpose: an `io.IOBase` closes itself (and so the real stream)
    when it is collected; everything but `write` is the stream's own."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(visible_controls(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextlib.contextmanager
def visible_terminal_controls() -> Iterator[None]:
    """Everything a command prints shows control characters instead of obeying them.

    One place for the whole command line: problems, notes, diffs and dry-run output all
    carry author or imported text, and any `print` added later is covered too."""
    saved = sys.stdout, sys.stderr
    sys.stdout = cast("TextIO", _VisibleControls(sys.stdout))
    sys.stderr = cast("TextIO", _VisibleControls(sys.stderr))
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


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
    validate.add_argument(
        "--margin",
        type=float,
        metavar="POINTS",
        help="warn when a stage's assumed emotion is further than this from its measured "
        "mean, on the 1-5 scale (default: the plugin's emotion_margin, else 1.0)",
    )
    validate.set_defaults(run=validate_command)

    new = commands.add_parser(
        "new",
        help="write a ready-to-edit persona file from a template",
        description="Write journeys/<persona-id>.yml from a template, with comments on every\n"
        "field, the JSON Schema beside it for editors, and review dates set to today.",
        epilog=f"templates:\n{textwrap.indent(starter_list(), '  ')}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    new.add_argument(
        "persona_id",
        nargs="?",
        help="the new persona's id, e.g. maya-chen: the file name and part of every URL "
        "(default: asked on a terminal; else the template persona's name, e.g. sam-taylor)",
    )
    new.add_argument(
        "--template",
        "-t",
        choices=sorted(starters()),
        metavar="TEMPLATE",
        help=f"the kind of map to start from, one of the templates below (default: {DEFAULT_STARTER})",
    )
    new.add_argument("--dir", help="journeys folder (default: as for validate)")
    new.add_argument("--list", action="store_true", help="list the templates")
    new.set_defaults(run=new_command)

    schema = commands.add_parser("schema", help="print the JSON Schema of a persona file")
    schema.add_argument("--catalog", action="store_true", help="the schema of _catalog.yml instead")
    schema.set_defaults(run=schema_command)

    render = commands.add_parser(
        "render",
        help="write the generated pages into the docs folder, for hosts without the plugin "
        "(Zensical, MkDocs or ProperDocs without it)",
        description="Write every page, stylesheet, export and forwarding page the plugin "
        "generates into a folder of the docs directory (default: docs/<prefix>/), with a "
        f"manifest ({MANIFEST}) of what was written. Files render did not write are never "
        "overwritten. Options come from the journey-maps entry in mkdocs.yml, checked as the "
        "build checks them: with the plugin on in mkdocs.yml, render stops and names the "
        "'enabled: false' line to add (Zensical ignores the entry).",
    )
    render.add_argument("--out", help="folder to write (default: <docs_dir>/<prefix>/)")
    render.add_argument(
        "--config", "-f", default="mkdocs.yml", help="site configuration (default: mkdocs.yml)"
    )
    mode = render.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if the folder is out of date (for CI)",
    )
    mode.add_argument(
        "--watch",
        action="store_true",
        help="render again whenever a journey file changes (stop with Ctrl-C)",
    )
    mode.add_argument(
        "--nav",
        action="store_true",
        help="write nothing; print the nav block to paste under nav: in mkdocs.yml",
    )
    render.add_argument(
        "--force",
        action="store_true",
        help="render even though mkdocs.yml runs the plugin (it says which line turns it "
        "off); files render did not write are still never overwritten",
    )
    render.add_argument(
        "--interval",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="how often --watch looks for changes (default: 1)",
    )
    render.set_defaults(run=render_command)

    diff = commands.add_parser(
        "diff",
        help="what changed in the journey maps between two versions, in CX terms",
        description="Compare two versions of the journeys folder: each side is a folder or a "
        "git revision (read with git, never checked out). Default: main against the working "
        "tree. Exit status 0, or 1 with --fail-on worse when an emotion dropped or a critical "
        "or high pain point was added; 2 when a side cannot be read.",
    )
    diff.add_argument(
        "old", nargs="?", default="main", help="folder or git revision (default: main)"
    )
    diff.add_argument(
        "new", nargs="?", default=None, help="folder or git revision (default: the working tree)"
    )
    diff.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    diff.add_argument(
        "--site-url", help="the built site's address, to link each journey to its page"
    )
    diff.add_argument(
        "--fail-on",
        choices=("never", "worse"),
        default="never",
        help="exit 1 when an emotion dropped or a critical or high pain point was added",
    )
    diff.add_argument("--dir", help="journeys folder (default: as for validate)")
    diff.set_defaults(run=diff_command)

    imports = commands.add_parser(
        "import",
        help="write persona files from Mermaid journeys, tables, maps-as-code YAML or CJML",
        description="Read journey maps where they live today and write persona files that "
        "pass validate: Mermaid journey diagrams (```mermaid or ```mermaid-example fences, "
        '<div class="mermaid"> or <pre class="mermaid"> blocks, .mmd), tables (CSV, .xlsx, '
        "Markdown or HTML; stages as columns, or one row per step), the handbook's own CSV "
        "exports, maps-as-code YAML (phases, actions, emotion_score) and CJML 2.0 XML. The "
        "shape is detected and printed with what was read; name the kind first (mermaid, csv, "
        "xlsx, cjml) to choose it. Content with no place in a map stops the import unless "
        "--allow-partial. Existing files are never replaced without --force. "
        "See docs/guide/migrating.md.",
    )
    imports.add_argument(
        "files",
        nargs="+",
        metavar="[KIND] FILE",
        help="the files, optionally after their kind: mermaid, csv, xlsx or cjml",
    )
    imports.add_argument("--dir", help="journeys folder to write to (default: as for validate)")
    imports.add_argument("--persona", help="persona id (default: from the first file's name)")
    imports.add_argument("--persona-name", help="the persona's name (default: a placeholder)")
    imports.add_argument("--persona-role", help="the persona's role (default: a placeholder)")
    imports.add_argument("--title", help="the journey's title, for one grid (default: its name)")
    imports.add_argument("--force", action="store_true", help="replace existing persona files")
    imports.add_argument("--dry-run", action="store_true", help="print the YAML, write nothing")
    imports.add_argument(
        "--no-split",
        action="store_true",
        help="keep cells whole: do not split steps, touchpoints, pain points, KPIs and teams "
        "at commas and semicolons (line breaks and bullets still separate items)",
    )
    imports.add_argument(
        "--allow-partial",
        action="store_true",
        help="write the map even when some of the input has no place in it (a row kind, a "
        "column); the notes and the file's header list what was left out",
    )
    imports.set_defaults(run=import_command)

    export = commands.add_parser(
        "export",
        help="write a persona's journeys in an exchange format (CJML 2.0 XML)",
        description="Write a persona's journeys, or one of them, as CJML 2.0 XML (Customer "
        "Journey Modeling Language, SINTEF) to standard output or a file inside the current "
        "folder. What CJML has no place for is listed on standard error. "
        "See docs/guide/migrating.md.",
    )
    export.add_argument("format", choices=("cjml",), help="the format to write")
    export.add_argument("persona", help="persona id (the file name without .yml)")
    export.add_argument("journey", nargs="?", help="one journey's id (default: every journey)")
    export.add_argument("--dir", help="journeys folder (default: as for validate)")
    export.add_argument(
        "--output", "-o", help="file to write, inside the current folder (default: standard output)"
    )
    export.set_defaults(run=export_command)
    return parser
