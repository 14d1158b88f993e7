"""MkDocs adapter: MkDocs events in, calls to the MkDocs-free core out.

Each event only delegates: `build.py` holds one build (options, journeys, the generated
files), `neighbours.py` adapts to the other plugins of the site, and the Markdown
extension, registered in `on_config`, shows ```journey-maps blocks in hand-written pages.
Pages are added as `File.generated`; nothing is ever written into `docs_dir`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger

from .build import SiteBuild, freeze_after_first_build
from .config import JourneyMapsConfig
from .neighbours import Neighbours, missing_from_nav
from .site.options import OptionsError
from .site.page_files import PageFiles
from .site.pages import ReusedPages
from .site.templating import SessionBytecode
from .source.problems import JourneyMapsError, show_controls_in
from .views.review import BuildDateError

if TYPE_CHECKING:
    from collections.abc import Callable

    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from .source.handbook import Handbook, ParseCache

__all__ = ["JourneyMapsPlugin"]

log = get_plugin_logger(__name__)
show_controls_in(log.logger)

_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)
"""A page's opening body tag: the serve banner goes right after it."""


class JourneyMapsPlugin(BasePlugin[JourneyMapsConfig]):
    """Generate persona, journey, stage and index pages from `journeys/*.yml`."""

    def __init__(self) -> None:
        super().__init__()
        self.is_serve = False
        self.parse_cache: ParseCache = {}
        """By file path and content hash: a `serve` rebuild parses only the changed files.
        Only under `serve`: a build reads each file once, and the parsed documents would
        outlive the load for nothing (docs/performance.md, "Memory")."""
        self.last_good: Handbook | None = None
        """Under `serve`, the last handbook that loaded cleanly (see on_pre_build)."""
        self.serve_errors: str | None = None
        """Under `serve`, the report of the last save that broke the journeys, until fixed."""
        self.build: SiteBuild | None = None
        """This build; None while the plugin is disabled."""
        self.neighbours = Neighbours()
        self.page_files: PageFiles | None = None
        """Under `mkdocs serve --dirty`: the generated pages as files, for the session."""
        self.reused_pages = ReusedPages()
        """Under `--dirty`: each persona's pages from the last build (see generate_pages)."""
        self.environment: jinja2.Environment | None = None
        """Under `--dirty`, without custom templates: the Jinja environment, so templates
        compile once per session, not once per save."""
        self.banner_built: str | None = None
        """Under `--dirty`: the problems the built pages' banner shows (None: no banner)."""
        self.theme_bytecode = SessionBytecode()
        """Under `serve`: the theme's templates, compiled once per session (see on_env)."""
        self.nav_to_check: Files | None = None
        """The files of a build (each language's, under i18n) whose nav is still to be checked
        for the journey pages (see on_page_context)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Defined, so one plugin object serves a whole `mkdocs serve` (MkDocs' rule) and
        the cache and last good handbook outlive rebuilds. Any priority: nothing needs it."""
        self.is_serve = command == "serve"
        if self.is_serve and dirty and self.page_files is None:
            self.page_files = PageFiles()

    def on_config(self, config: MkDocsConfig) -> None:
        """Check the options against the project; add the stylesheet, Mermaid, the Markdown
        extensions the pages need and ours. Default priority: it only adds to the config."""
        self.build = None
        self.neighbours.start()
        if not self.config.enabled:
            return
        try:
            self.build = SiteBuild(self.config.options(), config)
        except (OptionsError, BuildDateError) as error:
            raise PluginError(f"journey-maps: {error}") from None
        self.build.configure(config)
        self.build.is_serve = self.is_serve
        if self.page_files is not None:
            self.build.page_files = self.page_files
            self.build.reused_pages = self.reused_pages
            if self.build.project_files.custom_templates is None:
                self.environment = self.environment or self.build.environment
                self.build.environment = self.environment

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """The event before MkDocs cleans the site directory (any priority): a broken file
        stops the build with nothing deleted, so `mkdocs serve` keeps the last good site."""
        if self.build is None:
            return
        try:
            handbook = self.build.load(self.parse_cache if self.is_serve else None)
        except JourneyMapsError as error:
            report = f"journey-maps found problems in {self.build.options.dir}/:\n{error}"
            # MkDocs' dev server holds every request while a build is failing, so under
            # `serve` a broken save is reported and the last good maps are built instead.
            if self.is_serve and self.last_good is not None:
                log.error("%s\nStill serving the last good version of the journey maps.", report)
                self.build.handbook = self.last_good
                self.serve_errors = str(error)
                return
            raise PluginError(report) from None
        if self.is_serve:
            self.last_good = handbook
        self.serve_errors = None

    def _banner_changed(self) -> bool:
        """Under `--dirty`, whether the error banner comes or goes with this build: then
        every page is rendered again, as it is on every page."""
        changed = self.serve_errors != self.banner_built
        self.banner_built = self.serve_errors
        return changed

    @event_priority(-50)
    def _generate_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Late (-50): files from gen-files and other generators exist by then, and a
        hand-written or generated file of the same path wins over ours. Under
        mkdocs-static-i18n, nothing yet (see _after_neighbours)."""
        if self.build is None:
            return files
        self.build.section = None
        if self.page_files is not None:
            self.build.rebuild_every_page = self._banner_changed()
        if self.neighbours.builds_per_language(config):
            return files
        return self._generate(self.build, files, config)

    @event_priority(-110)
    def _after_neighbours(self, files: Files, *, config: MkDocsConfig) -> Files:
        """After mkdocs-static-i18n (it rebuilds the file list and cannot read generated
        files) and mkdocs-literate-nav (it sets config.nav from SUMMARY.md), both at -100:
        generate under i18n, then place the section in the nav."""
        if self.build is None:
            return files
        if self.neighbours.builds_per_language(config):
            files = self._generate(self.build, files, config)
        if self.build.section is not None:
            self.neighbours.place_section(files, config, *self.build.section)
            self.nav_to_check = files
        return files

    on_files = CombinedEvent(_generate_files, _after_neighbours)

    def _generate(self, build: SiteBuild, files: Files, config: MkDocsConfig) -> Files:
        files = build.generate(files, config, language=self.neighbours.language(config))
        self.neighbours.pages_added(files, config)
        self.neighbours.date_by_sources(files, config, build.sources)
        return files

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        """Tell the Markdown extension which page it renders next, so the links of its
        blocks are relative to that page. Any priority: the page is rendered after all."""
        if self.build is not None:
            self.build.pages.page = page.file.src_uri
        return markdown

    @event_priority(100)
    def _restore_blocks(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """First (100), so every other plugin (search among them) sees the page: put back
        the HTML blocks kept out of the Markdown pass (site/deferred_html.py), all but those
        search leaves out (see on_page_context)."""
        if self.build is None:
            return html
        return self.build.restore(html, page)

    @event_priority(-100)
    def _hold_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """Last (-100), once every plugin has seen the page: a generated page's HTML waits
        compressed until the theme renders it (build.py `hold`)."""
        if self.build is None:
            return html
        return self.build.hold(html, page)

    on_page_content = CombinedEvent(_restore_blocks, _hold_content)

    @event_priority(100)
    def _take_back_content(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> None:
        """First (100), before any other plugin reads the page as the theme renders it: a
        held page's HTML back (build.py `take_back`)."""
        if self.build is not None:
            self.build.take_back(page)

    @event_priority(-100)
    def _after_search(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> None:
        """Last (-100), after the search plugins (0) read the page: put back the HTML
        blocks search leaves out, so search never parses them.

        And once per build, with the first page: warn when the finished nav left the journey
        pages out, so `--strict` fails instead of losing them silently. Here, not in on_nav:
        awesome-pages warns about every plugin before it that defines on_nav, and by now
        every plugin has built the nav (awesome-nav's on_nav runs at 100, ours would at 0)."""
        if self.build is not None:
            self.build.restore_unsearched(page)
        files, self.nav_to_check = self.nav_to_check, None
        if files is None or self.build is None or self.build.section is None:
            return
        problem = missing_from_nav(nav, files, config, self.build.section[0].src_uri)
        if problem is not None:
            log.warning("%s", problem)

    on_page_context = CombinedEvent(_take_back_content, _after_search)

    @event_priority(-100)
    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        """Last (-100), once every plugin had the chance to read the pages: let go of what
        only making them needed (build.py `read_done`). Under `mkdocs serve`: the theme's
        templates compiled once per session, not on every save (site/templating.py
        SessionBytecode); an environment that already has a bytecode cache keeps it."""
        if self.build is not None:
            self.build.read_done()
        if self.is_serve and env.bytecode_cache is None:
            env.bytecode_cache = self.theme_bytecode
        return env

    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        """Last (-100), once every plugin saw the page: a generated page's Markdown and HTML
        are let go, as MkDocs only writes `output` now (docs/performance.md, "Memory").

        Under `mkdocs serve` only, while the last save broke the journeys: a banner with
        the problems at the top of every page (hand-written ones too, as any open tab must
        show it); livereload reloads the open page after each rebuild, so it comes and goes
        with the fix."""
        if self.build is not None:
            self.build.release(page)
        if not self.is_serve or self.serve_errors is None or self.build is None:
            return output
        banner = self.build.error_banner(self.serve_errors)
        opened = _BODY.search(output)
        at = opened.end() if opened else 0
        return output[:at] + banner + output[at:]

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        """Watch the journeys and custom templates, outside docs_dir. Any priority."""
        for folder in self.build.watched_folders() if self.build else []:
            server.watch(str(folder))
        return server

    @event_priority(100)
    def _before_search_index(self, *, config: MkDocsConfig) -> None:
        """First (100), before the search plugins (0) write their index: memory the pages
        no longer use goes back to the system (build.py `pages_written`)."""
        if self.build is not None:
            self.build.pages_written()

    @event_priority(-100)
    def _after_every_plugin(self, *, config: MkDocsConfig) -> None:
        """Last (-100), as gen-files cleans up: every plugin is done with the files. Under
        `serve`, after the first build, what the session keeps leaves the garbage
        collector's walks (build.py freeze_after_first_build)."""
        self.neighbours.remove_temporary_files()
        if self.is_serve and self.build is not None:
            freeze_after_first_build()

    on_post_build = CombinedEvent(_before_search_index, _after_every_plugin)

    def on_shutdown(self) -> None:
        """After a build that failed before on_post_build, or `serve`'s end. Any priority."""
        self.neighbours.remove_temporary_files()
        if self.page_files is not None:
            self.page_files.remove()
            self.page_files = None
