"""MkDocs adapter: turns MkDocs events into calls to the MkDocs-free core.

Per-build state is created in `on_config` (the plugin object lives across `mkdocs serve`
rebuilds because it defines `on_startup`), pages are added in `on_files` as
`File.generated`, and nothing is ever written into `docs_dir`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .config import JourneyMapsConfig
from .nav import awesome_pages_files, neighbour, with_section
from .owned_folder import OwnedFolder
from .site.context import PageContext, RenderOptions
from .site.directives import expand, handbook_directives
from .site.files import generate_files
from .site.output import NAV_FILE, nav_yml, page_source
from .site.pages import GeneratedPage, NavLevel, NavNode, generate_pages
from .site.paths import SitePaths
from .site.templating import make_environment
from .source.handbook import Handbook, ParseCache, load_handbook
from .source.problems import JourneyMapsError, show_controls_in
from .source.symlinks import folder_problem, real_path
from .views.history import handbook_history
from .views.measured import measured_warnings
from .views.review import BuildDateError, build_date, future_reviews

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)
show_controls_in(log.logger)

ASSETS = Path(__file__).parent / "site" / "assets"
MERMAID_FENCE = {"name": "mermaid", "class": "mermaid"}


class JourneyMapsPlugin(BasePlugin[JourneyMapsConfig]):
    """Generate persona, journey, stage and index pages from `journeys/*.yml`."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps one plugin object for a whole `mkdocs serve`;
        # everything that belongs to one build is reset in on_config. Two things are
        # kept on purpose: the parse cache, keyed by each file's path and content hash, so
        # a rebuild re-parses only the files that changed; and, under `serve`, the last
        # handbook that loaded cleanly (see on_pre_build).
        self.is_serve = command == "serve"
        self.parse_cache: ParseCache = {}
        self.last_good: Handbook | None = None

    def on_config(self, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        self.project_dir = real_path(Path(config.config_file_path or ".")).parent
        self.journeys_dir = real_path(self.project_dir / self.config.dir)
        if not self.journeys_dir.is_relative_to(self.project_dir):
            raise PluginError(
                f"journey-maps: 'dir: {self.config.dir}' points outside the project folder"
            )
        what = folder_problem(self.journeys_dir)
        if what is not None:
            raise PluginError(
                f"journey-maps: 'dir: {self.config.dir}' {what} ({self.journeys_dir}); "
                "create it or point 'dir:' at the folder with the persona files"
            )
        try:
            self.today = build_date()
        except BuildDateError as error:
            raise PluginError(f"journey-maps: {error}") from None
        self.handbook: Handbook | None = None
        self.context: PageContext | None = None
        self._nav_base: list[Any] | None = None  # the nav as the user (or literate-nav) wrote it
        self._nav_set: list[Any] | None = None  # the nav with the journey maps, as set last
        self.paths = SitePaths(self.config.prefix, config.use_directory_urls)
        self.environment = make_environment()
        _require_markdown_extensions(config)
        config.extra_css.append(self.paths.stylesheet)
        self.mermaid_source = self._mermaid_source()
        if self.mermaid_source:
            # Material uses a global `mermaid` when one exists instead of fetching it.
            config.extra_javascript.append(self.paths.mermaid_script)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        # Read the journeys before MkDocs cleans the site directory: a broken file
        # stops the build with nothing deleted, so `mkdocs serve` keeps the last good site.
        if not self.config.enabled:
            return
        try:
            self.handbook = load_handbook(
                self.journeys_dir,
                self.project_dir,
                max_bytes=self.config.max_file_size,
                cache=getattr(self, "parse_cache", None),
            )
        except JourneyMapsError as error:
            report = f"journey-maps found problems in {self.config.dir}/:\n{error}"
            # MkDocs' dev server holds every request while a build is failing, so under
            # `serve` a broken save is reported and the last good maps are built instead.
            if getattr(self, "is_serve", False) and self.last_good is not None:
                log.error("%s\nStill serving the last good version of the journey maps.", report)
                self.handbook = self.last_good
                return
            raise PluginError(report) from None
        for warning in self.handbook.warnings:
            log.warning("%s", warning)  # e.g. files in the folder that are not read
        # Maps without evidence, assumed emotions far from the measured ones.
        for warning in measured_warnings(self.handbook, float(self.config.emotion_margin)):
            log.warning("%s", warning)
        if getattr(self, "is_serve", False):
            self.last_good = self.handbook

    # Late, so files from gen-files or other generators already exist and are respected.
    @event_priority(-50)
    def _generate_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        self._nav_section: tuple[NavNode, set[str]] | None = None
        if neighbour(config, "mkdocs_static_i18n") is not None:
            return files  # after i18n has sorted the files by language: see below
        return self._generate(files, config)

    # After mkdocs-static-i18n (it rebuilds the file list, and cannot read generated files)
    # and mkdocs-literate-nav (it sets config.nav from SUMMARY.md), both at -100.
    @event_priority(-110)
    def _after_neighbours(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled or self.handbook is None:
            return files
        if neighbour(config, "mkdocs_static_i18n") is not None:
            files = self._generate(files, config)
        if self._nav_section is not None:
            self._set_nav(files, config, *self._nav_section)
        return files

    on_files = CombinedEvent(_generate_files, _after_neighbours)

    def _generate(self, files: Files, config: MkDocsConfig) -> Files:
        if not self.config.enabled or self.handbook is None:
            return files
        handbook = self.handbook
        options = RenderOptions(
            today=self.today,
            ticket_url=self.config.ticket_url,
            review_every_days=self.config.review_every_days,
            mermaid=self.config.mermaid,
            stale_evidence_days=self.config.stale_evidence_days,
        )
        history = None
        if self.config.history:
            history = handbook_history(
                handbook, self.journeys_dir, max_bytes=self.config.max_file_size
            )
            for warning in history.warnings:
                log.warning("%s", warning)
        context = self.context = PageContext(
            handbook, self.paths, options, self.environment, history
        )
        written_by_hand = set(files.src_uris)
        language = _i18n_language(config)
        # A hand-written page wins over a generated one with the same URL, not only the
        # same source path: docs/journeys/maya.md and journeys/maya/index.md are both
        # journeys/maya/. Other outputs (exports, redirects) are compared by file written.
        by_hand_url = {f.url: f.src_uri for f in files.documentation_pages()}
        by_hand_output = {f.dest_uri for f in files}
        site = generate_pages(context)
        # config.Choice has checked the value against NavLevel's names.
        section = site.nav.pruned(cast(NavLevel, self.config.navigation))
        listed = {node.src_uri for node in section.walk()}
        generated: set[str] = set()
        for page in site.pages:
            if page.src_uri in written_by_hand:
                log.info("Keeping the hand-written %s instead of the generated page", page.src_uri)
                continue
            url = self.paths.page_url(page.src_uri)
            if url in by_hand_url:
                # Kept too, but links between generated pages name the generated source
                # path, so they would not resolve: say how to replace the page properly.
                log.warning(
                    "The hand-written %s has the URL %s of the generated page %s; keeping the "
                    "hand-written page. To replace the generated page, name the file %s",
                    by_hand_url[url],
                    url or "/",
                    page.src_uri,
                    page.src_uri,
                )
                continue
            file = self._file(page, config)
            if language:
                file.dest_uri = f"{language}/{file.dest_uri}"  # beside i18n's own pages
            if page.src_uri not in listed:
                file.inclusion = InclusionLevel.NOT_IN_NAV  # reached from its journey page
            files.append(file)
            generated.add(page.src_uri)
        assets = {self.paths.stylesheet: ASSETS / "journey-maps.css"}
        if self.mermaid_source:
            assets[self.paths.mermaid_script] = self.mermaid_source
        for src_uri, source in assets.items():
            files.append(File.generated(config, src_uri, abs_src_path=str(source)))
        for src_uri, content in generate_files(context, config.site_url).items():
            if src_uri not in written_by_hand and src_uri not in by_hand_output:
                files.append(File.generated(config, src_uri, content=content))
        self._nav_section = (section, generated)
        redirects = neighbour(config, "mkdocs_redirects")
        if redirects is not None:
            # mkdocs-redirects notes the pages that exist in its on_files, before ours ran
            # (gen-files pages must exist before ours); it only reads the files, so it can
            # look again now that the journey pages are there.
            redirects.on_files(files, config=config)
        for error in future_reviews(handbook, context.options.today):
            log.error("%s", error)  # the page still shows it; --strict fails on it
        if self.config.warn_overdue:
            for persona, journey, review in context.registers.reviews:
                if review.status in ("overdue", "never-reviewed"):
                    due = review.due.isoformat() if review.due else "never reviewed"
                    log.warning(
                        "%s: journey '%s' is overdue for review (%s)", persona.file, journey.id, due
                    )
        log.info(
            "Generated pages for %d personas and %d journeys",
            len(handbook.personas),
            sum(len(p.journeys) for p in handbook.personas),
        )
        return files

    def _set_nav(
        self, files: Files, config: MkDocsConfig, section: NavNode, generated: set[str]
    ) -> None:
        """Put the section into the nav, or hand it to the nav plugin that builds the nav."""
        listed = {node.src_uri for node in section.walk()}
        if neighbour(config, "mkdocs_awesome_nav") is not None:
            # awesome-nav builds the nav from folders and replaces config.nav (with a
            # warning): leave config.nav alone and give it the folder's order in a .nav.yml.
            src_uri = f"{self.paths.prefix}/{NAV_FILE}"
            if files.get_file_from_path(src_uri) is None:  # the user's own file wins
                text = nav_yml(section, self.paths.prefix)
                files.append(File.generated(config, src_uri, content=text))
            return
        if neighbour(config, "mkdocs_awesome_pages_plugin") is not None and config.nav is None:
            # awesome-pages applies .pages files to MkDocs' automatic nav; an explicit nav
            # set here would make it ignore their titles and fail on their `nav:` lists.
            if not hasattr(self, "_pages_dir"):
                self._pages_dir = tempfile.TemporaryDirectory(prefix="journey-maps-pages-")
            pages_dir = OwnedFolder(Path(self._pages_dir.name))
            for src_uri, text in awesome_pages_files(section).items():
                path = pages_dir.write_text(src_uri, text)
                if files.get_file_from_path(src_uri) is None:  # the user's own file wins
                    files.append(File.generated(config, src_uri, abs_src_path=str(path)))
            return
        # Under mkdocs-static-i18n the build runs again per language without on_config:
        # start again from the nav the user wrote, not from the one set by the last build.
        base = config.nav
        if base is not None and base is self._nav_set:
            base = self._nav_base
        self._nav_base = base
        config.nav = self._nav_set = with_section(base, files, section, generated | listed)

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if not self.config.enabled or page.file.generated_by:
            return markdown
        src_uri = page.file.src_uri
        directives = handbook_directives(self.context, src_uri) if self.context else {}
        expanded, problems = expand(markdown, directives)
        for problem in problems:
            log.warning("%s: %s", src_uri, problem)
        return expanded

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer:
        if self.config.enabled and self.journeys_dir.is_dir():
            server.watch(str(self.journeys_dir))
        return server

    def _mermaid_source(self) -> Path | None:
        choice = self.config.mermaid_js
        if choice == "cdn" or not self.config.mermaid:
            return None
        if choice == "local":
            return ASSETS / "vendor" / "mermaid.min.js"
        path = real_path(self.project_dir / choice)
        if not path.is_file() or not path.is_relative_to(self.project_dir):
            raise PluginError(
                f"journey-maps: mermaid_js must be 'cdn', 'local' or a .js file in the project; "
                f"{choice!r} is not"
            )
        return path

    def _file(self, page: GeneratedPage, config: MkDocsConfig) -> File:
        # The same text `journey-maps render` writes to disk: front matter, then the page.
        file = File.generated(config, page.src_uri, content=page_source(page))
        docs = real_path(Path(config.docs_dir))
        if (
            page.source_file
            and config.repo_url
            and config.edit_uri
            and docs.is_relative_to(self.project_dir)
        ):
            # "Edit this page" opens the YAML the page was generated from.
            depth = len(docs.relative_to(self.project_dir).parts)
            file.edit_uri = "../" * depth + page.source_file
        return file


def _i18n_language(config: MkDocsConfig) -> str:
    """The language mkdocs-static-i18n builds now, if not its default one (built at /)."""
    i18n = neighbour(config, "mkdocs_static_i18n")
    if i18n is None or getattr(i18n, "is_default_language_build", True):
        return ""
    return str(getattr(i18n, "current_language", "") or "")


def _require_markdown_extensions(config: MkDocsConfig) -> None:
    """Enable what generated pages rely on, so two lines in mkdocs.yml are enough."""
    extensions = config.markdown_extensions
    for name in ("attr_list", "tables", "toc"):
        if name not in extensions:
            extensions.append(name)
    if "pymdownx.superfences" not in extensions:
        extensions.append("pymdownx.superfences")
    settings = [config.mdx_configs.setdefault("pymdownx.superfences", {})]
    if "pymdownx.extra" in extensions:
        # pymdownx.extra loads superfences again with its own settings, under its own key,
        # and the last one loaded renders the fences: the diagram fence goes in both.
        extra = config.mdx_configs.setdefault("pymdownx.extra", {})
        settings.append(extra.setdefault("pymdownx.superfences", {}))
    for superfences in settings:
        fences = superfences.setdefault("custom_fences", [])
        if not any(fence.get("name") == "mermaid" for fence in fences):
            from pymdownx.superfences import fence_code_format

            fences.append({**MERMAID_FENCE, "format": fence_code_format})
