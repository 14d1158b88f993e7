"""The generated site as files in a folder, for hosts that run no MkDocs plugin (`render`).

`journey-maps render` writes every page the plugin generates (as Markdown with the same
front matter), the stylesheet, the local Mermaid copy, the exports, schemas and forwarding
pages into a folder of a docs directory, with a manifest of what it wrote. The manifest
is what lets it clean up after itself and never touch a file it did not write: a file in
the folder that is not in the manifest is refused, not overwritten, and a file it wrote
and someone edited since is refused too.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..owned_folder import OwnedFolder, UnsafeTarget, check_relative
from ..source.problems import display_path
from .escaping import html_title
from .extra_files import generate_files
from .options import SCRIPT, STYLESHEET
from .pages import GeneratedPage, NavLevel, NavNode, generate_pages

if TYPE_CHECKING:
    from pathlib import Path

    from .context import PageContext
    from .paths import SitePaths

__all__ = [
    "MANIFEST",
    "NAV_FILE",
    "apply_plan",
    "front_matter",
    "manifest_date",
    "nav_block",
    "nav_entry",
    "nav_yml",
    "page_source",
    "plan_folder",
    "render_site",
    "site_assets",
    "yaml_json",
]

MANIFEST = ".journey-maps-manifest.json"
"""Beside the rendered files: every file `render` wrote there, with its SHA-256."""
NAV_FILE = ".nav.yml"
"""The navigation of the rendered folder for mkdocs-awesome-nav (and Zensical, which reads it)."""

_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def yaml_json(value: object) -> str:
    """JSON for a front-matter value, safe as YAML too.

    JSON escapes C0 controls but not DEL, C1 controls (NEL), U+2028/U+2029 or a BOM,
    which YAML readers treat as line breaks or refuse; they are written as \\u escapes,
    which YAML double-quoted strings read back as the same characters."""
    text = json.dumps(value, ensure_ascii=False)
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def page_source(page: GeneratedPage) -> str:
    """A generated page as a Markdown file: its front matter (title, meta), then the page.

    The plugin hands MkDocs exactly this text (its large HTML blocks set aside), and
    `render` writes it to disk."""
    return front_matter(page) + page.markdown


def front_matter(page: GeneratedPage) -> str:
    """What a generated page's source starts with, up to the blank line before the page.

    Themes print titles as HTML, so the title is given escaped; JSON is valid YAML.
    `render_macros: false` tells mkdocs-macros not to read the page as a Jinja template:
    it is generated, there is nothing for macros to render."""
    meta = {"title": str(html_title(page.title)), "render_macros": False, **page.meta}
    lines = "".join(f"{key}: {yaml_json(value)}\n" for key, value in meta.items())
    return f"---\n{lines}---\n\n"


def nav_entry(node: NavNode, base: str = "") -> Any:
    """A nav section as MkDocs' `nav:` writes it, paths relative to `base` (a folder).

    The one place a nav entry is written: the plugin's nav, `render --nav` and the
    `.nav.yml` for awesome-nav all use it."""
    title = str(html_title(node.title))
    path = posixpath.relpath(node.src_uri, base) if base else node.src_uri
    if not node.children:
        return {title: path}
    return {title: [path, *(nav_entry(child, base) for child in node.children)]}


def nav_yml(section: NavNode, prefix: str) -> str:
    """`.nav.yml` for the rendered folder, in mkdocs-awesome-nav's format.

    Written as JSON, which is YAML: titles need no quoting rules of their own."""
    entry = nav_entry(section, prefix)
    (title, children), *_ = entry.items()
    lines = [
        "# Written by journey-maps render: the navigation of this folder, for mkdocs-awesome-nav",
        "# (and Zensical, which reads it). Do not edit; it is rewritten on every render.",
        f"title: {yaml_json(title)}",
        "nav:",
    ]
    lines += _yaml_list(children, 1)
    return "\n".join(lines) + "\n"


def nav_block(section: NavNode) -> str:
    """The section as lines to paste under `nav:` in mkdocs.yml (paths from docs_dir)."""
    return "\n".join(_yaml_list([nav_entry(section)], 1)) + "\n"


def _yaml_list(items: list[Any], depth: int) -> list[str]:
    indent = "  " * depth
    lines = []
    for item in items:
        if isinstance(item, str):
            lines.append(f"{indent}- {item}")
            continue
        ((title, value),) = item.items()
        if isinstance(value, str):
            lines.append(f"{indent}- {yaml_json(title)}: {value}")
        else:
            lines.append(f"{indent}- {yaml_json(title)}:")
            lines += _yaml_list(value, depth + 2)
    return lines


@dataclass
class RenderedSite:
    """Everything `render` writes, by path relative to the docs directory, and the nav."""

    files: dict[str, bytes]
    nav: NavNode


def site_assets(paths: SitePaths, mermaid_script: Path | None) -> dict[str, Path]:
    """The files published beside the pages, by site path: the stylesheet, the script, and
    Mermaid when the site ships its own (`mermaid_js` other than `cdn`)."""
    assets = {paths.stylesheet: STYLESHEET, paths.script: SCRIPT}
    if mermaid_script is not None:
        assets[paths.mermaid_script] = mermaid_script
    return assets


def render_site(
    context: PageContext,
    *,
    site_url: str | None,
    navigation: NavLevel = "stages",
    mermaid_source: Path | None = None,
) -> RenderedSite:
    """The whole generated site as files: pages, stylesheet, Mermaid, exports, nav file."""
    paths = context.paths
    site = generate_pages(context)
    section = site.nav.pruned(navigation)
    files = {page.src_uri: page_source(page).encode("utf-8") for page in site.pages}
    for path, asset in site_assets(paths, mermaid_source).items():
        files[path] = asset.read_bytes()
    for path, make in generate_files(context, site_url).items():
        files[path] = "".join(make()).encode("utf-8")
    files[posixpath.join(paths.prefix, NAV_FILE)] = nav_yml(section, paths.prefix).encode()
    return RenderedSite(files, section)


# --- the folder and its manifest -----------------------------------------------------------


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


@dataclass
class FolderPlan:
    """What bringing a folder up to date takes, and what stands in the way."""

    folder: Path
    files: dict[str, bytes]
    """Wanted content by path relative to the folder (POSIX separators)."""
    write: list[str] = field(default_factory=list)
    """New files, and files whose content changed."""
    remove: list[str] = field(default_factory=list)
    """Files written by an earlier render that are no longer generated."""
    foreign: list[str] = field(default_factory=list)
    """Files in the way that render did not write: never overwritten."""
    edited: list[str] = field(default_factory=list)
    """Files render wrote that were changed by hand since: never overwritten or removed."""
    blocked: list[str] = field(default_factory=list)
    """Paths behind a link, or where a folder, pipe or device stands: never touched."""
    manifest_current: bool = True
    project: Path | None = None
    """The project folder: no folder between it and `folder` may be a link either."""

    @property
    def conflicts(self) -> list[str]:
        return sorted([*self.foreign, *self.edited, *self.blocked])

    @property
    def up_to_date(self) -> bool:
        return not (self.write or self.remove or self.conflicts) and self.manifest_current

    def problems(self) -> list[str]:
        """Why the folder cannot be written, one line per file, with what to do."""
        shown = display_path(self.folder)
        lines = [
            f"{shown}/{path}: not written by journey-maps render (no entry in {MANIFEST}); "
            "move or delete it, render never overwrites a file it did not write"
            for path in self.foreign
        ]
        lines += [
            f"{shown}/{path}: changed by hand since journey-maps render wrote it; "
            "make the change in the journey files instead, then delete this file"
            for path in self.edited
        ]
        lines += [
            f"{shown}/{path}: a link, a folder or a device stands on the way; render never "
            "writes or deletes through a link: remove it"
            for path in self.blocked
        ]
        return lines


def _manifest(folder: Path) -> dict[str, Any]:
    """The manifest's JSON, read as any file in the folder is (never through a link)."""
    try:
        content = OwnedFolder(folder).read(MANIFEST)
        data = json.loads(content) if content is not None else {}
    except (UnsafeTarget, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def read_manifest(folder: Path) -> dict[str, str]:
    """Path -> SHA-256 of every file an earlier render wrote into `folder` (empty if none).

    Entries that are not plain relative paths inside the folder are dropped: a manifest is
    a file in the docs folder that anyone can edit, never a list of paths to delete."""
    files = _manifest(folder).get("files")
    if not isinstance(files, dict):
        return {}
    return {str(k): str(v) for k, v in files.items() if _inside(str(k))}


def manifest_date(folder: Path) -> str | None:
    """The build date (ISO) the folder was last rendered for, from its manifest."""
    value = _manifest(folder).get("rendered_on")
    return value if isinstance(value, str) else None


def _inside(path: str) -> bool:
    try:
        check_relative(path)
    except UnsafeTarget:
        return False
    return True


def plan_folder(
    folder: Path, files: dict[str, bytes], *, project: Path | None = None
) -> FolderPlan:
    """Compare the wanted files with the folder and its manifest; change nothing.

    The folder is read through `OwnedFolder`: a link anywhere on the way to a file (a
    committed `docs/journeys/x -> /home`), or a folder or pipe where a file goes, is a
    conflict, never followed; a manifest entry that names such a path is never removed."""
    owned = OwnedFolder(folder, project=project)
    manifest = read_manifest(folder)
    wanted = {path: _digest(content) for path, content in files.items()}
    plan = FolderPlan(folder, files, manifest_current=manifest == wanted, project=project)
    for path, digest in sorted(wanted.items()):
        presence = owned.presence(path)
        if presence == "absent":
            plan.write.append(path)
            continue
        current = owned.read(path) if presence == "file" else None
        if current is None:
            plan.blocked.append(path)
            continue
        if _digest(current) == digest:
            continue  # already right (written before, or identical: nothing to touch)
        if path not in manifest:
            plan.foreign.append(path)
        elif manifest[path] != _digest(current):
            plan.edited.append(path)
        else:
            plan.write.append(path)
    for path, digest in sorted(manifest.items()):
        if path in wanted:
            continue
        presence = owned.presence(path)
        if presence == "absent":
            continue  # already gone
        current = owned.read(path) if presence == "file" else None
        if current is None:
            plan.blocked.append(path)
        elif _digest(current) == digest:
            plan.remove.append(path)
        else:
            plan.edited.append(path)
    return plan


def apply_plan(plan: FolderPlan, *, rendered_on: str) -> None:
    """Write, remove and record; refuses (ValueError) while the plan has conflicts.

    `rendered_on` is the build date the pages were rendered for (ISO), kept in the
    manifest so `render --check` can judge review status on the same day. Every file goes
    through `OwnedFolder`, which refuses (UnsafeTarget, a ValueError) a path that turned
    into a link since the plan was made."""
    if plan.conflicts:
        raise ValueError("\n".join(plan.problems()))
    owned = OwnedFolder(plan.folder, project=plan.project)
    for path in plan.write:
        owned.write(path, plan.files[path])
    for path in plan.remove:
        owned.remove(path)
    manifest = {
        "written_by": f"journey-maps render {__version__}",
        "note": "Files journey-maps render wrote here; it removes them when they are no "
        "longer generated and never touches other files. Do not edit.",
        "rendered_on": rendered_on,
        "files": {path: _digest(content) for path, content in sorted(plan.files.items())},
    }
    text = json.dumps(manifest, indent=1, ensure_ascii=False) + "\n"
    if not plan.manifest_current or owned.presence(MANIFEST) != "file":
        owned.write(MANIFEST, text.encode("utf-8"))
