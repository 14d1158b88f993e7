"""MkDocs adapter: turns MkDocs events into calls to the MkDocs-free core.

Per-build state is created in `on_config` (the plugin object lives across `mkdocs serve`
rebuilds because it defines `on_startup`), pages are added in `on_files` as
`File.generated`, and nothing is ever written into `docs_dir`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .config import JourneyMapsConfig
from .nav import with_section
from .site.context import PageContext, RenderOptions
from .site.directives import expand, handbook_directives
from .site.escaping import html_title
from .site.files import generate_files
from .site.pages import GeneratedPage, NavLevel, generate_pages
from .site.paths import SitePaths
from .site.templating import make_environment
from .source.handbook import Handbook, ParseCache, load_handbook
from .source.problems import JourneyMapsError
from .views.review import BuildDateError, build_date

if TYPE_CHECKING:
    from collections.abc import Callable

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

ASSETS = Path(__file__).parent / "site" / "assets"
MERMAID_FENCE = {"name": "mermaid", "class": "mermaid"}


class JourneyMapsPlugin(BasePlugin[JourneyMapsConfig]):
    """Generate persona, journey, stage and index pages from `journeys/*.yml`."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup keeps one plugin object for a whole `mkdocs serve`;
        # everything that belongs to one build is reset in on_config. Two things are
        # kept on purpose: the parse cache, keyed by each file's path, size and mtime, so
        # a rebuild re-reads only the files that changed; and, under `serve`, the last
        # handbook that loaded cleanly (see on_pre_build).
        self.is_serve = command == "serve"
        self.parse_cache: ParseCache = {}
        self.last_good: Handbook | None = None

    def on_config(self, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        self.project_dir = Path(config.config_file_path or ".").resolve().parent
        self.journeys_dir = (self.project_dir / self.config.dir).resolve()
        if not self.journeys_dir.is_relative_to(self.project_dir):
            raise PluginError(
                f"journey-maps: 'dir: {self.config.dir}' points outside the project folder"
            )
        if not self.journeys_dir.is_dir():
            what = "is not a folder" if self.journeys_dir.exists() else "does not exist"
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
        if getattr(self, "is_serve", False):
            self.last_good = self.handbook

    # Late, so files from gen-files or other generators already exist and are respected.
    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self.config.enabled or self.handbook is None:
            return files
        handbook = self.handbook
        options = RenderOptions(
            today=self.today,
            ticket_url=self.config.ticket_url,
            review_every_days=self.config.review_every_days,
            mermaid=self.config.mermaid,
        )
        context = self.context = PageContext(handbook, self.paths, options, self.environment)
        written_by_hand = set(files.src_uris)
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
        config.nav = with_section(config.nav, files, section, generated)
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
        path = (self.project_dir / choice).resolve()
        if not path.is_file() or not path.is_relative_to(self.project_dir):
            raise PluginError(
                f"journey-maps: mermaid_js must be 'cdn', 'local' or a .js file in the project; "
                f"{choice!r} is not"
            )
        return path

    def _file(self, page: GeneratedPage, config: MkDocsConfig) -> File:
        # Themes print titles as HTML, so the title is given escaped; JSON is valid YAML.
        meta = {"title": str(html_title(page.title)), **page.meta}
        lines = "".join(f"{key}: {_yaml_json(value)}\n" for key, value in meta.items())
        front_matter = f"---\n{lines}---\n\n"
        file = File.generated(config, page.src_uri, content=front_matter + page.markdown)
        docs = Path(config.docs_dir).resolve()
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


_NOT_YAML_PRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _yaml_json(value: object) -> str:
    """JSON for a front-matter value, safe as YAML too.

    JSON escapes C0 controls but not DEL, C1 controls (NEL), U+2028/U+2029 or a BOM,
    which YAML readers treat as line breaks or refuse; they are written as \\u escapes,
    which YAML double-quoted strings read back as the same characters."""
    text = json.dumps(value, ensure_ascii=False)
    return _NOT_YAML_PRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _require_markdown_extensions(config: MkDocsConfig) -> None:
    """Enable what generated pages rely on, so two lines in mkdocs.yml are enough."""
    extensions = config.markdown_extensions
    for name in ("attr_list", "tables", "toc"):
        if name not in extensions:
            extensions.append(name)
    if "pymdownx.superfences" not in extensions:
        extensions.append("pymdownx.superfences")
    superfences = config.mdx_configs.setdefault("pymdownx.superfences", {})
    fences = superfences.setdefault("custom_fences", [])
    if not any(fence.get("name") == "mermaid" for fence in fences):
        from pymdownx.superfences import fence_code_format

        fences.append({**MERMAID_FENCE, "format": fence_code_format})
