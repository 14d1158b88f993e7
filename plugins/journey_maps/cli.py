"""`journey-maps`: check journey files, start new ones, print the JSON Schema, render the pages.

For the people who write maps: they learn what is wrong before a pull request fails,
without building the site.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import posixpath
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from . import __version__
from .importers import ImportFailed
from .importers import writer as import_writer
from .importers.command import run_import
from .site.changes import diff_markdown, journey_urls
from .site.context import PageContext, RenderOptions
from .site.output import (
    MANIFEST,
    VENDORED_MERMAID,
    apply_plan,
    manifest_date,
    nav_block,
    plan_folder,
    render_site,
)
from .site.paths import SitePaths
from .site.schema import catalog_schema_text, persona_schema_text
from .site.templating import make_environment
from .source.git_history import GitError, Repository
from .source.handbook import DEFAULT_MAX_BYTES, Handbook, ParseCache, load_handbook
from .source.model import RESERVED_PERSONA_IDS, is_slug
from .source.problems import JourneyMapsError, Problem, format_report
from .views.diff import diff_handbooks, text_report, to_json
from .views.measured import DEFAULT_MARGIN, measured_warnings
from .views.review import BuildDateError, build_date, future_reviews

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
    validate.add_argument(
        "--margin",
        type=float,
        metavar="POINTS",
        help="warn when a stage's assumed emotion is further than this from its measured "
        "mean, on the 1-5 scale (default: the plugin's emotion_margin, else 1.0)",
    )
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

    render = commands.add_parser(
        "render",
        help="write the generated pages into the docs folder, for hosts without the plugin "
        "(Zensical, MkDocs or ProperDocs without it)",
        description="Write every page, stylesheet, export and forwarding page the plugin "
        "generates into a folder of the docs directory (default: docs/<prefix>/), with a "
        f"manifest ({MANIFEST}) of what was written. Files render did not write are never "
        "overwritten. Options come from the journey-maps entry in mkdocs.yml (it may say "
        "'enabled: false'; Zensical ignores it).",
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
        "--interval",
        type=float,
        default=1.0,
        metavar="SECONDS",
        help="how often --watch looks for changes (default: 1)",
    )
    render.set_defaults(run=_render)

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
    diff.set_defaults(run=_diff)

    imports = commands.add_parser(
        "import",
        help="write persona files from Mermaid journeys, a spreadsheet grid or the CSV exports",
        description="Read Mermaid journey diagrams (Markdown or .mmd), a grid of stages x rows "
        "(CSV or .xlsx, one journey per file or sheet) or the handbook's own CSV exports "
        "(steps.csv with pain-points.csv and opportunities.csv), and write persona files that "
        "pass validate. Existing files are never replaced without --force. "
        "See docs/guide/migrating.md.",
    )
    imports.add_argument("kind", choices=("mermaid", "csv", "xlsx"), help="what the files are")
    imports.add_argument("files", nargs="+", metavar="FILE")
    imports.add_argument("--dir", help="journeys folder to write to (default: as for validate)")
    imports.add_argument("--persona", help="persona id (default: from the first file's name)")
    imports.add_argument("--persona-name", help="the persona's name (default: a placeholder)")
    imports.add_argument("--persona-role", help="the persona's role (default: a placeholder)")
    imports.add_argument("--title", help="the journey's title, for one grid (default: its name)")
    imports.add_argument("--force", action="store_true", help="replace existing persona files")
    imports.add_argument("--dry-run", action="store_true", help="print the YAML, write nothing")
    imports.set_defaults(run=_import)
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
    try:
        warnings = [
            *handbook.warnings,
            *future_reviews(handbook, build_date()),
            *measured_warnings(handbook, _margin(arguments.margin)),
        ]
    except BuildDateError as error:
        raise UsageError(str(error)) from None
    if arguments.format == "json":
        report = {"errors": [], "count": 0, "warnings": warnings}
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for warning in warnings:
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


# --- render -------------------------------------------------------------------------------

_PREFIX = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*(/[a-z0-9]+(-[a-z0-9]+)*)*$")
_NAV_LEVELS = ("stages", "journeys", "personas", "landing")


@dataclass
class _RenderSettings:
    """What `render` needs from mkdocs.yml, checked."""

    project: Path
    journeys: Path
    out: Path
    prefix: str
    site_url: str | None
    directory_urls: bool
    options: dict[str, Any]
    config: dict[str, Any]
    mermaid_source: Path | None


def _render(arguments: argparse.Namespace) -> int:
    settings = _render_settings(arguments)
    if arguments.watch:
        return _watch(settings, arguments.interval)
    cache: ParseCache = {}
    try:
        return _render_once(settings, cache, check=arguments.check, nav=arguments.nav)
    except JourneyMapsError as error:
        print(format_report(error.problems), file=sys.stderr)
        return 1


def _render_settings(arguments: argparse.Namespace) -> _RenderSettings:
    config_file = Path(arguments.config)
    if not config_file.is_file() and arguments.config != "mkdocs.yml":
        raise UsageError(f"no configuration file at {config_file}")
    config = _site_config(config_file)
    options = _plugin_options(config_file)
    project = config_file.resolve().parent
    prefix = str(options.get("prefix", "journeys")).strip("/")
    if not _PREFIX.match(prefix):
        raise UsageError(
            f"prefix must be a site path of lowercase words and hyphens, like 'journeys'; got {prefix!r}"
        )
    journeys = (project / str(options.get("dir", "journeys"))).resolve()
    if not journeys.is_dir():
        raise UsageError(f"no journeys folder at {_display(journeys)}")
    docs = project / str(config.get("docs_dir") or "docs")
    out = Path(arguments.out) if arguments.out else docs / prefix
    if str(options.get("navigation", "stages")) not in _NAV_LEVELS:
        raise UsageError(f"navigation must be one of {', '.join(_NAV_LEVELS)}")
    mermaid_source: Path | None = None
    choice = str(options.get("mermaid_js", "cdn"))
    if options.get("mermaid", True) and choice != "cdn":
        mermaid_source = VENDORED_MERMAID if choice == "local" else (project / choice).resolve()
        if not mermaid_source.is_file() or not (
            choice == "local" or mermaid_source.is_relative_to(project)
        ):
            raise UsageError(
                f"mermaid_js must be 'cdn', 'local' or a .js file in the project; {choice!r} is not"
            )
    site_url = config.get("site_url")
    return _RenderSettings(
        project=project,
        journeys=journeys,
        out=out,
        prefix=prefix,
        site_url=str(site_url) if site_url else None,
        directory_urls=bool(config.get("use_directory_urls", True)),
        options=options,
        config=config,
        mermaid_source=mermaid_source,
    )


def _render_once(
    settings: _RenderSettings, cache: ParseCache, *, check: bool = False, nav: bool = False
) -> int:
    """Render and write (or compare, or print the nav); raises JourneyMapsError on bad files."""
    options = settings.options
    handbook = load_handbook(
        settings.journeys,
        settings.project,
        max_bytes=int(options.get("max_file_size", DEFAULT_MAX_BYTES)),
        cache=cache,
    )
    for warning in handbook.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    rendered_on = manifest_date(settings.out) if check else None
    try:
        today = (
            dt.date.fromisoformat(rendered_on)
            if rendered_on and "SOURCE_DATE_EPOCH" not in os.environ
            else build_date()
        )
    except (BuildDateError, ValueError) as error:
        raise UsageError(str(error)) from None
    context = PageContext(
        handbook,
        SitePaths(settings.prefix, settings.directory_urls, folder_pages=True),
        RenderOptions(
            today=today,
            ticket_url=options.get("ticket_url"),
            review_every_days=int(options.get("review_every_days", 180)),
            mermaid=bool(options.get("mermaid", True)),
        ),
        make_environment(),
    )
    site = render_site(
        context,
        site_url=settings.site_url,
        navigation=options.get("navigation", "stages"),
        mermaid_source=settings.mermaid_source,
    )
    if nav:
        print(nav_block(site.nav), end="")
        return 0
    start = settings.prefix + "/"
    files = {path.removeprefix(start): content for path, content in site.files.items()}
    plan = plan_folder(settings.out, files)
    shown = _display(settings.out)
    if plan.conflicts:
        for line in plan.problems():
            print(f"error: {line}", file=sys.stderr)
        print(f"journey-maps render: nothing written to {shown}/", file=sys.stderr)
        return 1
    if check:
        if plan.up_to_date:
            print(f"{shown}/: up to date ({len(files)} files)")
            return 0
        for path in plan.write:
            print(f"out of date: {shown}/{path}")
        for path in plan.remove:
            print(f"stale: {shown}/{path}")
        if not (plan.write or plan.remove):
            print(f"out of date: {shown}/{MANIFEST}")
        print("run `journey-maps render` and commit the result", file=sys.stderr)
        return 1
    first = not (settings.out / MANIFEST).is_file()
    apply_plan(plan, rendered_on=today.isoformat())
    unchanged = len(files) - len(plan.write)
    print(
        f"{shown}/: {len(plan.write)} written, {len(plan.remove)} removed, {unchanged} unchanged",
        flush=True,
    )
    if first:
        for hint in _host_hints(settings):
            print(f"note: {hint}", file=sys.stderr)
    for problem in _links_to_leaf_pages(settings, files):
        print(f"warning: {problem}", file=sys.stderr)
    return 0


_MARKDOWN_LINK = re.compile(
    r"\]\(\s*<?([^)\s>#]+\.md)(#[^)\s>]*)?>?[^)]*\)|^\s*\[[^]]+\]:\s*(\S+\.md)"
)


def _links_to_leaf_pages(settings: _RenderSettings, files: dict[str, bytes]) -> list[str]:
    """Hand-written links to `<stage>.md` or `<team>.md`, which render writes as
    `<stage>/index.md` (same URL): the link must name the new file."""
    folder = settings.out.resolve()
    docs = settings.project / str(settings.config.get("docs_dir") or "docs")
    moved = {}
    for path in files:
        if path.endswith("/index.md"):
            flat = posixpath.join(settings.prefix, path.removesuffix("/index.md") + ".md")
            moved[flat] = posixpath.join(settings.prefix, path)
    problems = []
    for page in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        if page.resolve().is_relative_to(folder):
            continue
        relative = page.relative_to(docs).as_posix()
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            for match in _MARKDOWN_LINK.finditer(line):
                target = match.group(1) or match.group(3)
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(relative), target))
                if resolved in moved:
                    new = posixpath.relpath(moved[resolved], posixpath.dirname(relative) or ".")
                    problems.append(
                        f"{_display(page)}:{number}: links to {target}; the rendered page is "
                        f"{new} (same URL), change the link to it"
                    )
    return problems


def _host_hints(settings: _RenderSettings) -> list[str]:
    """What mkdocs.yml still needs for the rendered pages to look and work as with the plugin."""
    config, prefix = settings.config, settings.prefix
    hints = []
    stylesheet = f"{prefix}/assets/journey-maps.css"
    if stylesheet not in (config.get("extra_css") or []):
        hints.append(f"add the stylesheet to mkdocs.yml: extra_css: [{stylesheet}]")
    script = f"{prefix}/assets/mermaid.min.js"
    scripts = [
        s.get("path") if isinstance(s, dict) else s for s in config.get("extra_javascript") or []
    ]
    if settings.mermaid_source and script not in scripts:
        hints.append(f"add Mermaid to mkdocs.yml: extra_javascript: [{script}]")
    extensions = {
        (next(iter(e)) if isinstance(e, dict) else str(e))
        for e in config.get("markdown_extensions") or []
    }
    missing = [
        e for e in ("attr_list", "tables", "toc", "pymdownx.superfences") if e not in extensions
    ]
    if missing:
        hints.append(
            "the pages need these markdown_extensions: "
            + ", ".join(missing)
            + " (and a superfences custom fence named mermaid; see docs/guide/hosting.md)"
        )
    if not config.get("nav"):
        return hints
    hints.append(
        "mkdocs.yml has a nav: list every rendered page there with the block that "
        "`journey-maps render --nav` prints, or use the awesome-nav .nav.yml written beside them"
    )
    return hints


def _watch(settings: _RenderSettings, interval: float) -> int:
    """Render now and after every change of the journeys folder (or mkdocs.yml), polling."""
    cache: ParseCache = {}
    seen: tuple[tuple[str, int, int], ...] | None = None
    print(f"watching {_display(settings.journeys)}/ (Ctrl-C to stop)", flush=True)
    try:
        while True:
            current = _snapshot(settings.journeys, settings.project / "mkdocs.yml")
            if current != seen:
                seen = current
                try:
                    _render_once(settings, cache)
                except JourneyMapsError as error:
                    print(format_report(error.problems), file=sys.stderr)
                    print(
                        f"kept the last good pages in {_display(settings.out)}/; "
                        "fix the file and save again",
                        file=sys.stderr,
                        flush=True,
                    )
                except UsageError as error:
                    print(f"journey-maps: {error}", file=sys.stderr, flush=True)
                sys.stdout.flush()
            time.sleep(max(interval, 0.05))
    except KeyboardInterrupt:
        return 0


def _snapshot(folder: Path, *extra: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every file that can change the output."""
    entries = []
    for path in sorted([*folder.rglob("*"), *extra]):
        try:
            info = path.stat()
        except OSError:
            continue
        if path.is_file():
            entries.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(entries)


def _site_config(config_file: Path) -> dict[str, Any]:
    """mkdocs.yml read without running MkDocs: tags like !ENV read as nothing."""
    if not config_file.is_file():
        return {}
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_tolerant_loader())
    except yaml.YAMLError:
        return {}
    return config if isinstance(config, dict) else {}


def _tolerant_loader() -> type[yaml.SafeLoader]:
    class _Tolerant(yaml.SafeLoader):
        """mkdocs.yml uses tags like !ENV and !!python/name; they do not matter here."""

    _Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)
    return _Tolerant


# --- diff ---------------------------------------------------------------------------------


def _diff(arguments: argparse.Namespace) -> int:
    folder = _journeys_dir(arguments.dir)
    options = _plugin_options(Path("mkdocs.yml"))
    max_bytes = _max_bytes()
    old, old_label = _diff_side(arguments.old, folder, "old", max_bytes)
    if arguments.new is None:
        if not folder.is_dir():
            raise UsageError(f"no journeys folder at {_display(folder)} (the new side)")
        new, new_label = _diff_side(str(folder), folder, "new", max_bytes)
        new_label = "working tree"
    else:
        new, new_label = _diff_side(arguments.new, folder, "new", max_bytes)
    result = diff_handbooks(old, new)
    config = _site_config(Path("mkdocs.yml"))
    paths = SitePaths(
        str(options.get("prefix", "journeys")).strip("/") or "journeys",
        bool(config.get("use_directory_urls", True)),
    )
    if arguments.site_url and not arguments.site_url.startswith(("https://", "http://")):
        raise UsageError("--site-url must start with https:// or http://")
    urls = journey_urls(result, arguments.site_url, paths)
    if arguments.format == "json":
        data = to_json(result, old=old_label, new=new_label, urls=urls)
        print(json.dumps(data, indent=2, ensure_ascii=False))
    elif arguments.format == "markdown":
        text = diff_markdown(result, make_environment(), old=old_label, new=new_label, urls=urls)
        print(text, end="")
    else:
        print(text_report(result, old=old_label, new=new_label), end="")
    return 1 if arguments.fail_on == "worse" and result.worse else 0


def _diff_side(given: str, folder: Path, side: str, max_bytes: int) -> tuple[Handbook | None, str]:
    """A folder when `given` is one, else a git revision of the journeys folder."""
    path = Path(given)
    try:
        if path.is_dir():
            label = _display(path)
            return load_handbook(path.resolve(), Path.cwd().resolve(), max_bytes=max_bytes), label
        try:
            repository = Repository.around(folder)
            return repository.handbook(given, max_bytes=max_bytes), given
        except GitError as error:
            raise UsageError(
                f"the {side} side {given!r} is neither a folder nor a git revision: {error}"
            ) from None
    except JourneyMapsError as error:
        print(f"journey-maps diff: the {side} side ({given}) has problems:", file=sys.stderr)
        print(format_report(error.problems), file=sys.stderr)
        raise UsageError(f"cannot compare: the {side} side ({given}) does not load") from None


# --- import -------------------------------------------------------------------------------


def _import(arguments: argparse.Namespace) -> int:
    folder = _journeys_dir(arguments.dir)
    if arguments.persona and not is_slug(arguments.persona):
        raise UsageError(
            f"{arguments.persona!r} is not a valid persona id: use lowercase letters, digits and single hyphens"
        )
    modeline = f"# yaml-language-server: $schema={SCHEMA_FOLDER}/persona.schema.json\n"
    try:
        texts, result = run_import(
            arguments.kind,
            [Path(f) for f in arguments.files],
            folder,
            modeline=modeline,
            persona=arguments.persona,
            persona_name=arguments.persona_name,
            persona_role=arguments.persona_role,
            title=arguments.title,
        )
        for note in result.notes:
            print(f"note: {note}", file=sys.stderr)
        if arguments.dry_run:
            for persona_id, text in texts.items():
                print(f"# --- {_display(folder / (persona_id + '.yml'))} (dry run, not written)")
                print(text, end="")
            return 0
        written = import_writer.write(folder, texts, force=arguments.force)
    except ImportFailed as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        print("journey-maps import: nothing written", file=sys.stderr)
        return 1
    write_schemas(folder)
    for path in written:
        print(f"wrote {_display(path)}")
    print(f"check it with: journey-maps validate {_display(folder)}")
    return 0


# --- finding the journeys folder ------------------------------------------------------------


def _journeys_dir(given: str | None) -> Path:
    if given:
        return Path(given)
    options = _plugin_options(Path("mkdocs.yml"))
    return Path(str(options.get("dir", "journeys")))


def _margin(given: float | None) -> float:
    if given is None:
        option = _plugin_options(Path("mkdocs.yml")).get("emotion_margin", DEFAULT_MARGIN)
        try:
            given = float(option)
        except (TypeError, ValueError):
            raise UsageError(
                f"emotion_margin in mkdocs.yml must be a number, got {option!r}"
            ) from None
    if not given >= 0:
        raise UsageError(f"--margin must be a number of points, 0 or more; got {given}")
    return given


def _max_bytes() -> int:
    return int(_plugin_options(Path("mkdocs.yml")).get("max_file_size", DEFAULT_MAX_BYTES))


def _plugin_options(config_file: Path) -> dict[str, Any]:
    """The journey-maps options in mkdocs.yml, read without running MkDocs or its tags."""
    config = _site_config(config_file)
    for plugin in config.get("plugins") or []:
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
