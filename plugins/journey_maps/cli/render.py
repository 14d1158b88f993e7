"""`journey-maps render`: the pages the plugin generates, written into the docs folder
for hosts without the plugin (Zensical, MkDocs or ProperDocs without it); --check, --watch, --nav.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import re
import stat
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..owned_folder import UnsafeTarget
from ..site.context import PageContext
from ..site.mermaid import ON_DEMAND_SCRIPT_TYPE
from ..site.options import (
    REQUIRED_MARKDOWN_EXTENSIONS,
    OptionsError,
    PluginOptions,
    ProjectFiles,
    locate,
)
from ..site.paths import SitePaths
from ..site.rendered_folder import (
    MANIFEST,
    apply_plan,
    manifest_date,
    nav_block,
    plan_folder,
    render_site,
)
from ..site.templating import make_environment
from ..source.handbook import ParseCache, load_handbook
from ..source.problems import JourneyMapsError, format_report
from ..source.symlinks import real_path, unreadable
from ..views.labels import plural
from ..views.review import BuildDateError, build_date
from .errors import UsageError
from .settings import display, plugin_is_on, plugin_options, site_config

if TYPE_CHECKING:
    import argparse

__all__ = ["render_command"]


@dataclass
class _RenderSettings:
    """What `render` needs from mkdocs.yml, checked as the plugin checks it."""

    options: PluginOptions
    files: ProjectFiles
    """The project, journeys folder, Mermaid and custom templates the options point at."""
    out: Path
    paths: SitePaths
    site_url: str | None
    config: dict[str, Any]


def render_command(arguments: argparse.Namespace) -> int:
    settings = _render_settings(arguments)
    if plugin_is_on(settings.config) and not arguments.nav:
        advice = _plugin_on_advice(Path(arguments.config))
        if not arguments.force:
            raise UsageError(f"{advice}\nor write the pages anyway: journey-maps render --force")
        for line in advice.splitlines():
            print(f"note: {line}", file=sys.stderr)
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
    config = site_config(config_file)
    options = plugin_options(config_file)
    try:
        files = locate(options, real_path(config_file).parent)
    except OptionsError as error:
        raise UsageError(str(error)) from None
    docs = files.project / str(config.get("docs_dir") or "docs")
    site_url = config.get("site_url")
    directory_urls = bool(config.get("use_directory_urls", True))
    return _RenderSettings(
        options=options,
        files=files,
        out=Path(arguments.out) if arguments.out else docs / options.prefix,
        paths=SitePaths(options.prefix, directory_urls, folder_pages=True),
        site_url=str(site_url) if site_url else None,
        config=config,
    )


def _plugin_on_advice(config_file: Path) -> str:
    """Why render stops while mkdocs.yml runs the plugin, and the line that turns it off:
    the plugin would generate every page again beside the rendered ones (the next
    `mkdocs build --strict` fails on each), and the entry stays for render's options."""
    return (
        f"{display(config_file)} runs the journey-maps plugin, which generates these pages "
        "itself; beside rendered ones `mkdocs build --strict` fails. Turn it off, keeping its "
        "options for render: add `enabled: false` under it in mkdocs.yml:\n"
        "  plugins:\n"
        "    - journey-maps:\n"
        "        enabled: false"
    )


def _render_once(
    settings: _RenderSettings, cache: ParseCache, *, check: bool = False, nav: bool = False
) -> int:
    """Render and write (or compare, or print the nav); raises JourneyMapsError on bad files."""
    options = settings.options
    handbook = load_handbook(
        settings.files.journeys,
        settings.files.project,
        max_bytes=options.max_file_size,
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
    theme = settings.config.get("theme")
    asked = theme.get("language") if isinstance(theme, dict) else None
    language = options.spoken_language(theme=asked if isinstance(asked, str) else None)
    if language is None:
        print(
            f"note: no labels in {asked or options.language!r} yet: the pages are in English",
            file=sys.stderr,
        )
    context = PageContext(
        handbook,
        settings.paths,
        options.render_options(today, language),
        make_environment(settings.files.custom_templates),
    )
    site = render_site(
        context,
        site_url=settings.site_url,
        navigation=options.navigation,
        mermaid_source=settings.files.mermaid_script,
    )
    if nav:
        print(nav_block(site.nav), end="")
        return 0
    start = settings.options.prefix + "/"
    files = {path.removeprefix(start): content for path, content in site.files.items()}
    try:
        plan = plan_folder(settings.out, files, project=settings.files.project)
    except UnsafeTarget as error:
        raise UsageError(f"{error} (render writes only into a real folder of the docs)") from None
    shown = display(settings.out)
    if plan.conflicts:
        for line in plan.problems():
            print(f"error: {line}", file=sys.stderr)
        print(f"journey-maps render: nothing written to {shown}/", file=sys.stderr)
        return 1
    if check:
        if plan.up_to_date:
            print(f"{shown}/: up to date ({plural(len(files), 'file')})")
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
    try:
        apply_plan(plan, rendered_on=today.isoformat())
    except UnsafeTarget as error:  # a link appeared since the plan was made
        print(f"error: {error}", file=sys.stderr)
        return 1
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


_MARKDOWN_LINK = re.compile(r"\]\(\s*<?([^()\[\]\s<>#]+)|^\s*\[[^]]+\]:\s*<?([^\s<>#]+)")
"""An inline link's target (`](x.md`) or a reference definition's (`[x]: x.md`). A target
stops at the next bracket, so each character is scanned a bounded number of times: a
line of `](a.md` repeated used to make the pattern backtrack for minutes."""


def _links_to_leaf_pages(settings: _RenderSettings, files: dict[str, bytes]) -> list[str]:
    """Hand-written links to `<stage>.md` or `<team>.md`, which render writes as
    `<stage>/index.md` (same URL): the link must name the new file.

    Every hand-written page is read, so a page that cannot be (not UTF-8, a link loop, a
    folder or pipe named `*.md`) is a warning naming it, not a crash or a hang."""
    folder = real_path(settings.out)
    docs = settings.files.project / str(settings.config.get("docs_dir") or "docs")
    moved = {}
    for path in files:
        if path.endswith("/index.md"):
            flat = posixpath.join(settings.options.prefix, path.removesuffix("/index.md") + ".md")
            moved[flat] = posixpath.join(settings.options.prefix, path)
    problems = []
    for page in sorted(docs.rglob("*.md")) if docs.is_dir() else []:
        if real_path(page).is_relative_to(folder):
            continue
        relative = page.relative_to(docs).as_posix()
        try:
            if not stat.S_ISREG(page.stat().st_mode):
                continue  # a folder, pipe or device named *.md is no page; never opened
            raw = page.read_bytes()
        except OSError as error:
            problems.append(f"{display(page)}: {unreadable(error)}; its links were not checked")
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            problems.append(
                f"{display(page)}:{line}: not valid UTF-8 (byte 0x{raw[error.start]:02x}); "
                "its links were not checked: save the page as UTF-8"
            )
            continue
        for number, line_text in enumerate(text.splitlines(), 1):
            for match in _MARKDOWN_LINK.finditer(line_text):
                target = match.group(1) or match.group(2)
                if not target.endswith(".md"):
                    continue
                resolved = posixpath.normpath(posixpath.join(posixpath.dirname(relative), target))
                if resolved in moved:
                    new = posixpath.relpath(moved[resolved], posixpath.dirname(relative) or ".")
                    problems.append(
                        f"{display(page)}:{number}: links to {target}; the rendered page is "
                        f"{new} (same URL), change the link to it"
                    )
    return problems


def _host_hints(settings: _RenderSettings) -> list[str]:
    """What mkdocs.yml still needs for the rendered pages to look and work as with the plugin."""
    config, paths = settings.config, settings.paths
    hints = []
    if paths.stylesheet not in (config.get("extra_css") or []):
        hints.append(f"add the stylesheet to mkdocs.yml: extra_css: [{paths.stylesheet}]")
    scripts = [
        s.get("path") if isinstance(s, dict) else s for s in config.get("extra_javascript") or []
    ]
    if settings.files.mermaid_script and paths.mermaid_script not in scripts:
        # Named, never fetched with the page: the script loads it when a diagram opens.
        hints.append(
            "add Mermaid to mkdocs.yml before the script, as a file fetched only when a "
            f"diagram is opened: extra_javascript: [{{path: {paths.mermaid_script}, "
            f"type: {ON_DEMAND_SCRIPT_TYPE}}}]"
        )
    if paths.script not in scripts:
        hints.append(f"add the script to mkdocs.yml: extra_javascript: [{paths.script}]")
    extensions = {
        (next(iter(e)) if isinstance(e, dict) else str(e))
        for e in config.get("markdown_extensions") or []
    }
    missing = [e for e in REQUIRED_MARKDOWN_EXTENSIONS if e not in extensions]
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
    print(f"watching {display(settings.files.journeys)}/ (Ctrl-C to stop)", flush=True)
    try:
        while True:
            current = _snapshot(settings.files, settings.files.project / "mkdocs.yml")
            if current != seen:
                seen = current
                try:
                    _render_once(settings, cache)
                except JourneyMapsError as error:
                    print(format_report(error.problems), file=sys.stderr)
                    print(
                        f"kept the last good pages in {display(settings.out)}/; "
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


def _snapshot(files: ProjectFiles, *extra: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and modification time of every file that can change the output: the
    journeys, the custom templates, and `extra`."""
    folders = [files.journeys, *([files.custom_templates] if files.custom_templates else [])]
    entries = []
    for path in sorted([*(p for folder in folders for p in folder.rglob("*")), *extra]):
        try:
            info = path.stat()
        except OSError:
            continue
        if path.is_file():
            entries.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(entries)
