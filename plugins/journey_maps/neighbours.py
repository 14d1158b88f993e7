"""Other MkDocs plugins a site runs beside this one, and what each needs from the journey maps.

| Neighbour | What it does that matters | What the journey maps do |
| --- | --- | --- |
| mkdocs-static-i18n | builds once per language, rebuilding the file list at `on_files` (-100), and cannot read generated files | generate after it (`on_files` -110), into the language's folder |
| mkdocs-literate-nav | sets `config.nav` from `SUMMARY.md` at `on_files` (-100) | place the section after it (-110) |
| mkdocs-awesome-nav | builds the nav from folders and replaces `config.nav` | leave `config.nav` alone; a `.nav.yml` in the generated folder; warn when a `.nav.yml` list leaves it out |
| mkdocs-awesome-pages | orders MkDocs' automatic nav by `.pages` files | one `.pages` per generated folder, from a temporary folder removed after the build; warn when a `.pages` `nav:` list leaves it out |
| mkdocs-redirects | notes the pages that exist in its `on_files`, before ours | asked to look again once the pages exist |
| mkdocs-git-revision-date-localized | dates a page by the git history of its source file, a generated one by the build's clock | each page made from a persona file names that file as its source |
| mkdocs-macros, markdownextradata | read every page as Jinja | generated pages hold no Jinja syntax and say `render_macros: false` (`site/rendered_folder.py`) |

Each neighbour is found by its package, whatever its name in mkdocs.yml; none is imported.
"""

from __future__ import annotations

import fnmatch
import posixpath
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from mkdocs.structure.files import File, Files

from .nav import awesome_pages_files, with_section
from .owned_folder import OwnedFolder
from .site.rendered_folder import NAV_FILE, nav_yml

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.plugins import BasePlugin
    from mkdocs.structure.nav import Navigation

    from .site.pages import NavNode

__all__ = ["Neighbours", "missing_from_nav", "neighbour"]

NAV_LISTS = {
    "mkdocs_awesome_nav": (".nav.yml", "awesome-nav"),
    "mkdocs_awesome_pages_plugin": (".pages", "awesome-pages"),
}
"""The nav plugins whose folder files may list a folder's entries explicitly: the file's
name and the plugin's name in mkdocs.yml."""


def neighbour(config: MkDocsConfig, package: str) -> BasePlugin[Any] | None:
    """The loaded plugin of another package (by its module, whatever its name in mkdocs.yml)."""
    for plugin in config.plugins.values():
        if type(plugin).__module__.split(".")[0] == package:
            return plugin  # type: ignore[no-any-return]
    return None


class Neighbours:
    """What the journey maps keep for the neighbours: the nav as the user wrote it (i18n
    builds again without `on_config`) and the temporary folder of the `.pages` files."""

    def __init__(self) -> None:
        self._nav_written: list[Any] | None = None
        """The nav as the user (or literate-nav) wrote it."""
        self._nav_set: list[Any] | None = None
        """The nav with the journey maps, as set last."""
        self._pages_folder: tempfile.TemporaryDirectory[str] | None = None

    def start(self) -> None:
        """A new build (`on_config`): the nav is the user's again."""
        self._nav_written = self._nav_set = None

    @staticmethod
    def builds_per_language(config: MkDocsConfig) -> bool:
        """mkdocs-static-i18n is on: generate after it has sorted the files by language."""
        return neighbour(config, "mkdocs_static_i18n") is not None

    @staticmethod
    def language(config: MkDocsConfig) -> str:
        """The language mkdocs-static-i18n builds now, if not its default one (built at /)."""
        i18n = neighbour(config, "mkdocs_static_i18n")
        if i18n is None or getattr(i18n, "is_default_language_build", True):
            return ""
        return str(getattr(i18n, "current_language", "") or "")

    @staticmethod
    def pages_added(files: Files, config: MkDocsConfig) -> None:
        """mkdocs-redirects notes the pages that exist in its on_files, before ours ran
        (gen-files pages must exist before ours); it only reads the files, so it can look
        again now that the journey pages are there."""
        redirects = neighbour(config, "mkdocs_redirects")
        if redirects is not None:
            redirects.on_files(files, config=config)

    @staticmethod
    def date_by_sources(files: Files, config: MkDocsConfig, sources: dict[str, Path]) -> None:
        """Under mkdocs-git-revision-date-localized, a page made from a persona file is dated
        by that file's git history: the map's own dates, not the build's clock (and, in the
        plugin's older releases, no "First revision timestamp is older than last revision
        timestamp" for a file git does not know). The page keeps its generated Markdown:
        MkDocs reads a file's content before its `abs_src_path`, which other plugins are
        told not to read (MkDocs' File); its edit link stays as the build set it."""
        if neighbour(config, "mkdocs_git_revision_date_localized_plugin") is None:
            return
        for file in files:
            source = sources.get(file.src_uri)
            if source is None or file.generated_by is None or file.abs_src_path is not None:
                continue
            edit_uri = file.edit_uri
            file.abs_src_path = str(source)
            file.generated_by = None
            file.edit_uri = edit_uri

    def place_section(
        self, files: Files, config: MkDocsConfig, section: NavNode, generated: set[str]
    ) -> None:
        """Put the section (`generated`: the pages it may list) into the nav, or hand it to
        the nav plugin that builds the nav."""
        prefix = section.src_uri.rpartition("/")[0]  # the section's page is <prefix>/index.md
        if neighbour(config, "mkdocs_awesome_nav") is not None:
            src_uri = f"{prefix}/{NAV_FILE}"
            if files.get_file_from_path(src_uri) is None:  # the user's own file wins
                files.append(File.generated(config, src_uri, content=nav_yml(section, prefix)))
            return
        if neighbour(config, "mkdocs_awesome_pages_plugin") is not None and config.nav is None:
            # An explicit nav set here would make awesome-pages ignore the .pages titles and
            # fail on their `nav:` lists. It reads them from disk: a folder of our own.
            if self._pages_folder is None:
                self._pages_folder = tempfile.TemporaryDirectory(prefix="journey-maps-pages-")
            folder = OwnedFolder(Path(self._pages_folder.name))
            for src_uri, text in awesome_pages_files(section).items():
                path = folder.write_text(src_uri, text)
                if files.get_file_from_path(src_uri) is None:  # the user's own file wins
                    files.append(File.generated(config, src_uri, abs_src_path=str(path)))
            return
        # Under mkdocs-static-i18n the build runs again per language without on_config:
        # start again from the nav the user wrote, not from the one set by the last build.
        written = config.nav
        if written is not None and written is self._nav_set:
            written = self._nav_written
        self._nav_written = written
        listed = {node.src_uri for node in section.walk()}
        config.nav = self._nav_set = with_section(written, files, section, generated | listed)

    def remove_temporary_files(self) -> None:
        """The `.pages` folder, once MkDocs has built the nav from it (or the build failed)."""
        if self._pages_folder is not None:
            self._pages_folder.cleanup()
            self._pages_folder = None


def missing_from_nav(
    nav: Navigation, files: Files, config: MkDocsConfig, landing: str
) -> str | None:
    """Why the journey pages are not in the finished nav, with the line to add; None when the
    landing page is in it or `not_in_nav` leaves it out on purpose.

    Asked once every plugin has built the nav (`on_nav`, last): an explicit list in a nav
    plugin's folder file, or a nav another plugin replaced, would otherwise drop the pages
    from the navigation and tabs with no message (the pages are still built)."""
    if any(page.file.src_uri == landing for page in nav.pages):
        return None
    if config.not_in_nav is not None and config.not_in_nav.match_file(landing):
        return None
    prefix = posixpath.dirname(landing)
    for package, (file_name, plugin_name) in NAV_LISTS.items():
        if neighbour(config, package) is None:
            continue
        found = _list_leaving_out(files, config, file_name, prefix)
        if found is not None:
            path, entry = found
            return (
                f"the journey pages ({landing}) are not in the site navigation: the `nav:` "
                f"list of {path} ({plugin_name}) leaves them out. Add this line to that list: "
                f"`- {entry}`"
            )
    if neighbour(config, "mkdocs_literate_nav") is not None:
        where = "your SUMMARY.md (literate-nav)"
        line = f"* [Journey maps]({landing})"
    else:
        where = "the `nav:` of mkdocs.yml"
        line = f"- Journey maps: {landing}"
    return (
        f"the journey pages ({landing}) are not in the site navigation. Add this line to "
        f"{where}: `{line}`; or, to leave them out on purpose, add `{prefix}/` to "
        "`not_in_nav` in mkdocs.yml"
    )


def _list_leaving_out(
    files: Files, config: MkDocsConfig, file_name: str, prefix: str
) -> tuple[str, str] | None:
    """The first folder file on the way down to `prefix` whose explicit `nav:` list does not
    name the next folder: its path as the user sees it, and the entry to add."""
    parts = prefix.split("/")
    docs = Path(config.docs_dir)
    for depth, child in enumerate(parts):
        folder = "/".join(parts[:depth])
        src_uri = posixpath.join(folder, file_name)
        known = files.get_file_from_path(src_uri)
        path = Path(known.abs_src_path) if known and known.abs_src_path else docs / src_uri
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue  # no such file (or one the nav plugin reports itself)
        entries = data.get("nav") if isinstance(data, dict) else None
        if isinstance(entries, list) and not any(_names(item, child) for item in entries):
            shown = Path(config.docs_dir).name + "/" + src_uri
            return shown, child
    return None


def _names(item: object, child: str) -> bool:
    """Whether an entry of a `.pages` or `.nav.yml` list takes in the folder `child`: its
    name, a glob matching it, awesome-pages' `...` (the rest), or a section holding one."""
    if isinstance(item, str):
        text = item.strip()
        if text.startswith("..."):
            return True
        return fnmatch.fnmatchcase(child, text.rstrip("/")) or text.rstrip("/") == child
    if isinstance(item, dict):
        return any(
            _names(value, child)
            if not isinstance(value, list)
            else any(_names(inner, child) for inner in value)
            for value in item.values()
        )
    return False
