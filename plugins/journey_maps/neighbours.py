"""Other MkDocs plugins a site runs beside this one, and what each needs from the journey maps.

| Neighbour | What it does that matters | What the journey maps do |
| --- | --- | --- |
| mkdocs-static-i18n | builds once per language, rebuilding the file list at `on_files` (-100), and cannot read generated files | generate after it (`on_files` -110), into the language's folder |
| mkdocs-literate-nav | sets `config.nav` from `SUMMARY.md` at `on_files` (-100) | place the section after it (-110) |
| mkdocs-awesome-nav | builds the nav from folders and replaces `config.nav` | leave `config.nav` alone; a `.nav.yml` in the generated folder |
| mkdocs-awesome-pages | orders MkDocs' automatic nav by `.pages` files | one `.pages` per generated folder, from a temporary folder removed after the build |
| mkdocs-redirects | notes the pages that exist in its `on_files`, before ours | asked to look again once the pages exist |
| mkdocs-macros, markdownextradata | read every page as Jinja | generated pages hold no Jinja syntax and say `render_macros: false` (`site/rendered_folder.py`) |

Each neighbour is found by its package, whatever its name in mkdocs.yml; none is imported.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.structure.files import File, Files

from .nav import awesome_pages_files, with_section
from .owned_folder import OwnedFolder
from .site.rendered_folder import NAV_FILE, nav_yml

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.plugins import BasePlugin

    from .site.pages import NavNode

__all__ = ["Neighbours", "neighbour"]


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
