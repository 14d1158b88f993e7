"""One MkDocs build of the journey maps: options checked against the project, the journeys
loaded, and the generated site handed to MkDocs as files, hand-written files first.

Made by the plugin in `on_config`, so nothing of one build survives a `mkdocs serve`
rebuild but what the plugin keeps on purpose (the parse cache, the last good handbook).
"""

from __future__ import annotations

import ctypes
import gc
import hashlib
import pickle
import zlib
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.config_options import ExtraScriptValue
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel

from .site.context import PageContext
from .site.deferred_html import DeferredPage, defer_html, restore_html
from .site.extra_files import generate_files
from .site.markdown_extension import JourneyMapExtension, PluginPages
from .site.mermaid import ON_DEMAND_SCRIPT_TYPE
from .site.options import (
    MERMAID_FENCE,
    REQUIRED_MARKDOWN_EXTENSIONS,
    PluginOptions,
    locate,
)
from .site.page_files import PageFiles, nav_contexts
from .site.pages import GeneratedPage, GeneratedSite, NavNode, ReusedPages, generate_pages
from .site.paths import SitePaths
from .site.rendered_folder import front_matter, site_assets
from .site.templating import make_environment, one_block
from .source.handbook import CATALOG_NAME, Handbook, ParseCache, load_handbook
from .source.problems import show_controls_in
from .source.symlinks import real_path
from .views.evidence import measured_warnings
from .views.history import handbook_history
from .views.labels import plural
from .views.review import build_date, future_reviews

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable, Iterator

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

__all__ = ["SiteBuild", "freeze_after_first_build"]

log = get_plugin_logger(__name__)
show_controls_in(log.logger)

SERVE_ERRORS_TEMPLATE = "serve_errors.html.j2"
"""The banner on every page under `mkdocs serve` while the last save broke the journeys."""

EXTENSION_NAMES = ("journey_maps", "journey_maps.site.markdown_extension")
"""How `markdown_extensions` names the extension the plugin registers itself."""


class SiteBuild:
    """This build's options and project files, journeys, pages and nav section."""

    def __init__(self, options: PluginOptions, config: MkDocsConfig) -> None:
        """Raises OptionsError (options that point nowhere) or BuildDateError."""
        self.options = options
        self.project_files = locate(options, real_path(Path(config.config_file_path or ".")).parent)
        self.today: dt.date = build_date()
        self.paths = SitePaths(options.prefix, config.use_directory_urls)
        self.environment = make_environment(self.project_files.custom_templates)
        self.handbook: Handbook | None = None
        self.parse_cache: ParseCache = {}
        """The files as the last load read them (the plugin keeps it across `serve`
        rebuilds): the content digests `--dirty` keys each persona's pages on."""
        self.pages = PluginPages()
        """What ```journey-maps blocks in hand-written pages are shown from."""
        self.section: tuple[NavNode, set[str]] | None = None
        """The nav section and the pages it may list, once generated (for the nav step)."""
        self.sources: dict[str, Path] = {}
        """The persona file each generated page was made from, by the page's src_uri."""
        self.page_files: PageFiles | None = None
        """Under `mkdocs serve --dirty` (set by the plugin): pages backed by files that
        change only when the page does, so MkDocs re-renders only those."""
        self.reused_pages: ReusedPages | None = None
        """Under `--dirty` (set by the plugin, kept across rebuilds): each persona's pages,
        rendered again only when its file or what every page depends on changed."""
        self.deferred: dict[str, DeferredPage] = {}
        """The large HTML blocks kept out of the Markdown pass, by the page's dest_uri,
        until `restore` puts them back (see site/deferred_html.py)."""
        self.rebuild_every_page = False
        """Under `--dirty`: set when every page must be rendered again (the error banner
        came or went), as no page's source says so."""
        self.docs_depths: dict[str, int | None] = {}
        """By docs_dir: how deep it lies in the project (see _docs_depth)."""
        self.read_later: list[_HeldCompressed] = []
        """The generated pages held compressed until MkDocs reads them (see read_done)."""
        self.is_serve = False
        """Set by the plugin under `mkdocs serve`, which keeps the last good handbook: then
        letting go of it here frees nothing."""
        self.held: dict[str, bytes] = {}
        """By dest_uri: a generated page's HTML, compressed, from the Markdown pass until
        the theme renders the page (see hold)."""

    def configure(self, config: MkDocsConfig) -> None:
        """What the pages need from the site: the stylesheet, the script, where Mermaid is
        when the site ships it, the Markdown extensions, and ours for ```journey-maps blocks."""
        config.extra_css.append(self.paths.stylesheet)
        if self.project_files.mermaid_script:
            # Named, never fetched with the page: journey-maps.js loads it when a diagram
            # is shown, and hands it to Material for hand-written ```mermaid fences; so it
            # comes before the script, which looks for it as soon as it runs.
            mermaid = ExtraScriptValue(self.paths.mermaid_script)
            mermaid.type = ON_DEMAND_SCRIPT_TYPE
            config.extra_javascript.append(mermaid)
        config.extra_javascript.append(self.paths.script)
        _use_markdown(config, JourneyMapExtension(source=self.pages))

    def watched_folders(self) -> list[Path]:
        """What `mkdocs serve` watches besides docs_dir: the journeys, the custom templates."""
        found = self.project_files
        folders = (found.journeys, found.custom_templates)
        return [folder for folder in folders if folder is not None and folder.is_dir()]

    def load(self, cache: ParseCache | None) -> Handbook:
        """The journeys, with their warnings logged; raises JourneyMapsError. `cache`, the
        parsed files `mkdocs serve` keeps between rebuilds; None in a build."""
        if cache is not None:
            self.parse_cache = cache
        handbook = load_handbook(
            self.project_files.journeys,
            self.project_files.project,
            max_bytes=self.options.max_file_size,
            cache=cache,
        )
        for warning in handbook.warnings:
            log.warning("%s", warning)  # e.g. files in the folder that are not read
        # Maps without evidence, assumed emotions far from the measured ones.
        for warning in measured_warnings(handbook, self.options.emotion_margin):
            log.warning("%s", warning)
        self.handbook = handbook
        return handbook

    def generate(self, files: Files, config: MkDocsConfig, *, language: str = "") -> Files:
        """Every generated page, asset and export added to `files`, under `language`'s
        folder when given; a hand-written file of the same path or URL wins."""
        reuse = self.reused_pages
        held = self.handbook is not None
        with _collector_paused(reuse is not None and bool(reuse.kept)):
            files = self._generate(files, config, language)
        if held and self.handbook is None:  # let go of by this call: nothing of it is left
            self._free_the_handbook()
        return files

    def _generate(self, files: Files, config: MkDocsConfig, language: str) -> Files:
        handbook = self.handbook
        if handbook is None:
            return files
        history = None
        if self.options.history:
            history = handbook_history(
                handbook, self.project_files.journeys, max_bytes=self.options.max_file_size
            )
            for warning in history.warnings:
                log.warning("%s", warning)
        options = self.options.render_options(self.today, self._language(config, language))
        context = PageContext(handbook, self.paths, options, self.environment, history)
        self.pages.context = context
        written_by_hand = set(files.src_uris)
        # A hand-written page wins over a generated one with the same URL, not only the
        # same source path: docs/journeys/maya.md and journeys/maya/index.md are both
        # journeys/maya/. Other outputs (exports, redirects) are compared by file written.
        by_hand_url = {f.url: f.src_uri for f in files.documentation_pages()}
        by_hand_output = {f.dest_uri for f in files}
        reuse = self.reused_pages
        if reuse is not None:
            reuse.keys = self._persona_keys(handbook, options, language)
            reuse.fragments.start(reuse.keys)
            context.fragments = reuse.fragments
        site = generate_pages(context, reuse)
        section = site.nav.pruned(self.options.navigation)
        listed = {node.src_uri for node in section.walk()}
        generated: set[str] = set()
        contexts: dict[str, str] = {}
        if self.page_files is not None:
            features = config.theme.get("features") or [] if config.theme else []
            contexts = nav_contexts(
                [site.nav, section], pruned_by_theme="navigation.prune" in features
            )
        rewritten = 0
        for page in _overviews_first(site.pages):
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
            file, changed = self._file(page, config, language, contexts.get(page.src_uri, ""))
            rewritten += changed
            if page.src_uri not in listed:
                file.inclusion = InclusionLevel.NOT_IN_NAV  # reached from its journey page
            files.append(file)
            generated.add(page.src_uri)
            if page.source_file:
                self.sources[page.src_uri] = self.project_files.project / page.source_file
        for src_uri, asset in site_assets(self.paths, self.project_files.mermaid_script).items():
            files.append(File.generated(config, src_uri, abs_src_path=str(asset)))
        for src_uri, file in self._other_files(context, site, config).items():
            if src_uri not in written_by_hand and src_uri not in by_hand_output:
                files.append(file)
        if reuse is not None:
            reuse.fragments.finish()
        self.section = (section, generated)
        self._report(context)
        if self.page_files is None and not _any_page_shows_maps(files, generated):
            self._let_go_of_the_handbook()
        if self.page_files is not None and (rewritten or self.rebuild_every_page):
            self._mark_hand_written(files, generated, every_page=self.rebuild_every_page)
            log.debug("%s rewritten for `--dirty`", plural(rewritten, "generated page"))
        return files

    def _mark_hand_written(self, files: Files, generated: set[str], *, every_page: bool) -> None:
        """Under `--dirty`, hand-written pages MkDocs must render again although their
        source did not change: those with ```journey-maps blocks (they show the maps), or
        every page when `every_page`. Generated pages are marked by their files' mtimes."""
        for file in files.documentation_pages():
            if file.src_uri in generated or file.abs_src_path is None:
                continue
            if every_page or _shows_maps(file):
                file.is_modified = _always_modified  # type: ignore[method-assign]

    def _other_files(
        self, context: PageContext, site: GeneratedSite, config: MkDocsConfig
    ) -> dict[str, File]:
        """The exports, schemas and forwarding pages, as UTF-8 (MkDocs writes text with the
        platform's line ends). In a build, each is made now, a part at a time, and held
        compressed until MkDocs copies it (whole, they added 80 MiB to the peak at 5,000
        stage pages: docs/performance.md, "Memory"); under `--dirty` they are kept as they
        are, and those of the last build are reused when its whole site was kept (no
        persona changed)."""
        site_url = config.site_url
        reuse = self.reused_pages
        if reuse is None:
            return {
                path: _HeldCompressed.of(config, path, _compressed(make()))
                for path, make in generate_files(context, site_url).items()
            }
        if reuse.files is None or reuse.files[0] is not site or reuse.files[1] != site_url:
            made = generate_files(context, site_url)
            kept = {path: "".join(make()).encode() for path, make in made.items()}
            reuse.files = (site, site_url, kept)
        return {
            path: File.generated(config, path, content=content)
            for path, content in reuse.files[2].items()
        }

    def _persona_keys(
        self, handbook: Handbook, options: object, language: str
    ) -> dict[str, bytes | None]:
        """What each persona's pages are rendered from, as a digest: its file's content, and
        what every page depends on (the catalog, the options, the build date and language,
        the URLs). The contents' digests are the ones the load just took (the parse cache):
        no file is read twice. None, so rendered every time, for what a key cannot see
        cheaply: measured data (CSV files), history from git, custom templates, a file the
        cache does not hold."""
        found = self.project_files
        if self.options.history or found.custom_templates is not None:
            return {persona.id: None for persona in handbook.personas}

        def content(path: Path) -> bytes | None:
            cached = self.parse_cache.get(real_path(path))
            return cached.key[1] if cached is not None else None

        common = hashlib.blake2b(repr((options, self.paths, language)).encode(), digest_size=16)
        common.update(content(found.journeys / CATALOG_NAME) or b"")
        keys: dict[str, bytes | None] = {}
        for persona in handbook.personas:
            source = content(found.project / persona.file)
            if any(journey.data for journey in persona.journeys) or source is None:
                keys[persona.id] = None
                continue
            digest = common.copy()
            digest.update(source)
            keys[persona.id] = digest.digest()
        return keys

    def read_done(self) -> None:
        """Once MkDocs has read and converted every page (`on_env`): let go of the held
        text of pages it did not convert, and of the handbook if a page showed the maps."""
        for file in self.read_later:
            file.content_string = ""  # as after `release`: nobody reads a page again
        self.read_later = []
        if self.handbook is not None:
            self._let_go_of_the_handbook()
            self._free_the_handbook()

    def pages_written(self) -> None:
        """Once every page is written (`on_post_build`, before the search plugins write
        their index): in a build, what was freed since goes back to the system
        (`_return_freed_memory`). Not under `serve`, whose next save uses it again."""
        if not self.is_serve:
            _return_freed_memory()

    def _let_go_of_the_handbook(self) -> None:
        """Once nothing is left to make from the handbook (in a build: every page, export
        and embed): let go of it and its views (at 5,000 stage pages, 70 MiB or more), so
        MkDocs' pages take their room. The plugin keeps what `mkdocs serve` needs itself."""
        self.handbook = None
        self.pages.context = None

    def _free_the_handbook(self) -> None:
        """Once the handbook is let go of in a build (not under `serve`, where the plugin
        keeps the last good one): free it now. Its records, views and the page context
        refer to each other, so only a full pass of Python's cyclic collector frees them,
        which Python starts much later: at 5,000 stage pages they held about 40 MiB through
        most of MkDocs' Markdown pass (docs/performance.md, "Memory")."""
        if not self.is_serve:
            gc.collect()

    def restore(self, content: str, page: Page) -> str:
        """A generated page's HTML with its large HTML blocks back in, and their anchor
        ids known to MkDocs' link validation; the blocks search leaves out stay out until
        `restore_unsearched`, after the search plugins read the page."""
        deferred = self.deferred.get(page.file.dest_uri)
        if deferred is None:
            return content
        if page.present_anchor_ids is not None:
            page.present_anchor_ids |= deferred.anchor_ids
        searched = set(range(len(deferred.blocks))) - deferred.unsearched
        if deferred.unsearched:
            self.deferred[page.file.dest_uri] = deferred.unsearched_only()
        else:
            del self.deferred[page.file.dest_uri]
        return restore_html(content, deferred.blocks, searched)

    def hold(self, content: str, page: Page) -> str:
        """Once every plugin has seen a generated page's HTML: keep it, its Markdown and
        the blocks search leaves out compressed until the theme renders the page
        (`take_back`); MkDocs holds an empty page meanwhile. MkDocs converts every page
        before it renders the first one and holds each page's text in between: at 5,000
        stage pages, most of a build's memory (docs/performance.md, "Memory"). Pages
        written from memory only: under `serve --dirty`, a save converts a few."""
        dest_uri = page.file.dest_uri
        if not isinstance(page.file, _HeldCompressed) or not content:
            return content
        waiting = (content, page.markdown, self.deferred.pop(dest_uri, None))
        self.held[dest_uri] = _packed(waiting)
        page.markdown = ""
        page.file.content_string = ""  # read and converted: the file's held text goes too
        return ""

    def take_back(self, page: Page) -> None:
        """A held page's text back, before any plugin reads it as the theme renders it."""
        held = self.held.pop(page.file.dest_uri, None)
        if held is None:
            return
        page.content, page.markdown, unsearched = _unpacked(held)
        if unsearched is not None:
            self.deferred[page.file.dest_uri] = unsearched

    def restore_unsearched(self, page: Page) -> None:
        """The blocks search leaves out, back in the page's HTML once search read it."""
        deferred = self.deferred.pop(page.file.dest_uri, None)
        if deferred is not None and page.content is not None:
            page.content = restore_html(page.content, deferred.blocks, deferred.unsearched)

    def release(self, page: Page) -> None:
        """Let go of a generated page's Markdown and HTML once MkDocs has it as `output`:
        MkDocs keeps every page's text to the end of the build (at 5,000 stage pages ours
        held about 60 MiB of the peak). Hand-written pages are left as they are; the table
        of contents, title and meta stay (the nav and other pages name them)."""
        if not isinstance(page.file, _HeldCompressed):
            return
        page.markdown = None
        page.content = None
        page.file.content_string = ""  # the same text as page.markdown, held by the file

    def error_banner(self, report: str) -> str:
        """The banner `mkdocs serve` puts on every page while the journeys are broken: the
        report's lines (`file:line:col: message`, then the count), escaped."""
        template = self.environment.get_template(SERVE_ERRORS_TEMPLATE)
        # A plain str: Markup would escape the page it is added to.
        return str(one_block(template.render(problems=report.splitlines())))

    def _language(self, config: MkDocsConfig, i18n_language: str) -> str:
        """The language of the labels: the one mkdocs-static-i18n builds now, else the
        `language` option, else the theme's; English, said once, when the plugin has no
        words for the one asked."""
        theme = config.theme.get("language") if config.theme else None
        spoken = self.options.spoken_language(build=i18n_language, theme=theme)
        if spoken is None:
            asked = i18n_language or self.options.language or theme
            log.info(
                "No labels in '%s' yet: the generated pages are in English "
                "(docs/reference.md#language tells how to add a language)",
                asked,
            )
            return "en"
        return spoken

    def _report(self, context: PageContext) -> None:
        """Reviews dated in the future (errors), overdue ones with `warn_overdue`, a count."""
        for error in future_reviews(context.handbook, context.options.today):
            log.error("%s", error)  # the page still shows it; --strict fails on it
        if self.options.warn_overdue:
            for persona, journey, review in context.registers.reviews:
                if review.status in ("overdue", "never-reviewed"):
                    due = review.due.isoformat() if review.due else "never reviewed"
                    log.warning(
                        "%s: journey '%s' is overdue for review (%s)", persona.file, journey.id, due
                    )
        log.info(
            "Generated pages for %s and %s",
            plural(len(context.handbook.personas), "persona"),
            plural(sum(len(p.journeys) for p in context.handbook.personas), "journey"),
        )

    def _docs_depth(self, docs_dir: str) -> int | None:
        """How many folders docs_dir lies below the project (None: not below it), for the
        edit links of generated pages: worked out once per build, not once per page."""
        if docs_dir not in self.docs_depths:
            docs, project = real_path(Path(docs_dir)), self.project_files.project
            inside = docs.is_relative_to(project)
            self.docs_depths[docs_dir] = len(docs.relative_to(project).parts) if inside else None
        return self.docs_depths[docs_dir]

    def _file(
        self, page: GeneratedPage, config: MkDocsConfig, language: str, nav_context: str
    ) -> tuple[File, bool]:
        """The page as a MkDocs file, and whether its source changed since the last build
        (always, unless `--dirty` backs pages with files). Its large HTML blocks are kept
        out of the Markdown pass (`self.deferred`) when its text is made."""
        # The same text `journey-maps render` writes to disk (front matter, then the page),
        # but for the large HTML blocks, put back after the Markdown pass.
        changed = True
        if self.page_files is None:
            deferred = _deferred_source(page)
            file: File = _HeldCompressed.of(config, page.src_uri)
        else:
            key = f"{language}/{page.src_uri}" if language else page.src_uri
            deferred = self.page_files.prepare(key, page, lambda: _deferred_source(page))
            # The blocks count as the page's text: a page whose grid changed is modified.
            context = "\0".join([nav_context, *deferred.blocks])
            path, changed = self.page_files.path(key, deferred.markdown, context)
            file = File.generated(config, page.src_uri, abs_src_path=str(path))
            if self.rebuild_every_page:
                file.is_modified = _always_modified  # type: ignore[method-assign]
        if language:
            file.dest_uri = f"{language}/{file.dest_uri}"  # beside i18n's own pages
        if isinstance(file, _HeldCompressed):
            # Held compressed, with its HTML blocks, until MkDocs reads it.
            file.held = _packed(deferred)
            file.unpack = partial(self._page_text, file.dest_uri)
            self.read_later.append(file)
        else:
            self._defer(file.dest_uri, deferred)
        if page.source_file and config.repo_url and config.edit_uri:
            depth = self._docs_depth(config.docs_dir)
            if depth is not None:
                # "Edit this page" opens the YAML the page was generated from.
                file.edit_uri = "../" * depth + page.source_file
        return file, changed

    def _page_text(self, dest_uri: str, held: bytes) -> str:  # `_HeldCompressed.unpack`
        """A held page's Markdown as MkDocs reads it, its HTML blocks kept aside."""
        deferred: DeferredPage = _unpacked(held)
        self._defer(dest_uri, deferred)
        return deferred.markdown

    def _defer(self, dest_uri: str, deferred: DeferredPage) -> None:
        """Keep a page's large HTML blocks until `restore` (none: nothing to keep)."""
        if deferred.blocks:
            self.deferred[dest_uri] = deferred
        else:
            self.deferred.pop(dest_uri, None)


class _HeldCompressed(File):
    """A generated file whose content is held compressed (`held`) and unpacked on every
    read (`unpack`): a page's text with its HTML blocks, or an export, made in `on_files`
    and held until MkDocs (or another plugin) reads or copies it (docs/performance.md,
    "Memory"). Setting the content, as `SiteBuild.hold` and `release` do, lets go of it."""

    held: bytes | None = None
    unpack: Callable[[bytes], str | bytes] = zlib.decompress
    _text: str | bytes | None = None
    """The content once set (by MkDocs' setters: `content_string`, `content_bytes`)."""

    @classmethod
    def of(
        cls,
        config: MkDocsConfig,
        src_uri: str,
        held: bytes | None = None,
        unpack: Callable[[bytes], str | bytes] = zlib.decompress,
    ) -> _HeldCompressed:
        """A file of the build's site holding `held` (set it later if need be)."""
        file = cls.generated(config, src_uri, content=b"")
        assert isinstance(file, cls)
        file.held, file.unpack = held, unpack
        return file

    @property
    def _content(self) -> str | bytes | None:
        """What MkDocs' File reads its content from (content_string, copy_file)."""
        return self.unpack(self.held) if self.held is not None else self._text

    @_content.setter
    def _content(self, value: str | bytes | None) -> None:
        self.held = None
        self._text = value

    def is_modified(self) -> bool:
        """Modified, as any file generated in memory, without making the content to say so."""
        return True

    def copy_file(self, dirty: bool = False) -> None:
        """Written a piece at a time (an export holds tens of MiB at 5,000 stage pages),
        and then let go of: nothing reads a file again once MkDocs has copied it."""
        if self.held is None or self.unpack is not zlib.decompress:
            super().copy_file(dirty)
        else:
            output_path = Path(self.abs_dest_path)  # as MkDocs' copy_file writes it
            output_path.parent.mkdir(parents=True, exist_ok=True)
            pieces = zlib.decompressobj()
            with output_path.open("wb") as output:
                for start in range(0, len(self.held), _PIECE):
                    output.write(pieces.decompress(self.held[start : start + _PIECE]))
                output.write(pieces.flush())
        self.content_bytes = b""


_PIECE = 1 << 16
"""How much of a held export is unpacked at a time when MkDocs copies it."""


@contextmanager
def _collector_paused(paused: bool) -> Iterator[None]:
    """Python's cyclic garbage collector off for the block when `paused` (a `serve --dirty`
    save, which renders few pages): at 5,000 stage pages its full passes took 1.1 s of each
    5.5 s save, most of them while the pages were generated (docs/performance.md, "Python's
    garbage collector"). Memory freed by reference counting is freed as ever; the few cycles
    a save makes wait for the next collection after the block."""
    if not paused or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _overviews_first(pages: list[GeneratedPage]) -> list[GeneratedPage]:
    """The pages made from the whole handbook (the landing page, the overviews, the team
    pages: no source file) before the persona, journey and stage pages, each in navigation
    order. MkDocs converts and writes pages in the order of its files, and the overviews
    are the largest (at 5,000 stage pages the touchpoints page and the pain point register
    are 9-10 MB of HTML each): written first, the copies the theme makes of them come
    before the search plugins hold the other pages' text, not on top of it: with
    `_return_freed_memory`, the build's peak fell from 229 to 210 MiB (docs/performance.md,
    "Memory").
    The navigation keeps its own order (`GeneratedSite.nav`)."""
    return sorted(pages, key=lambda page: page.source_file is not None)


def _return_freed_memory() -> None:
    """Ask the C library to give back to the system the heap memory Python has freed
    (glibc's `malloc_trim`): the pages' text, freed one page at a time while MkDocs wrote
    them, stays in the process otherwise, in holes too small for the large strings the
    search plugins make when they write their index (Material: a JSON string and its
    bytes, 17 MB each at 5,000 stage pages), which then took new memory on top. Nothing
    where the C library has no such call (macOS, Windows, musl)."""
    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError, TypeError):
        return
    trim(0)


def freeze_after_first_build() -> None:
    """Under `mkdocs serve`, once the first build is done: collect, then leave what is left
    out of every later collection (`gc.freeze`). What a session keeps (the handbook's checked
    models, the kept pages and fragments, the compiled templates) is most of what a full
    collection would walk on every save. What the first build left in reference cycles
    is then never freed: once per process, not once per save (at 5,000 stage pages, no
    growth over five saves). Nothing when something is frozen already (a later build, or
    the site's own doing) or the site turned the collector off."""
    if gc.get_freeze_count() or not gc.isenabled():
        return
    gc.collect()
    gc.freeze()


def _deferred_source(page: GeneratedPage) -> DeferredPage:
    """`page_source(page)` with its large HTML blocks set aside (`defer_html`), without
    one more copy of the page's whole text: the front matter goes on the Markdown left.
    A register page is megabytes at 5,000 stage pages (docs/performance.md, "Memory")."""
    deferred = defer_html(page.markdown)
    deferred.markdown = front_matter(page) + deferred.markdown
    return deferred


def _packed(held: object) -> bytes:
    """Our own objects (a page's text, its HTML blocks), compressed while they wait.

    Pickled straight into the compressor: a register page is megabytes at 5,000 stage
    pages, and its whole pickle, grown in steps, took twice its size while it was made."""
    compressing = _Compressing()
    pickle.dump(held, compressing)
    return compressing.done()


class _Compressing:
    """A file to write to that keeps what is written compressed (`done`: all of it)."""

    def __init__(self) -> None:
        self.compressor = zlib.compressobj(1)
        self.chunks: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.chunks.append(self.compressor.compress(data))
        return len(data)

    def done(self) -> bytes:
        self.chunks.append(self.compressor.flush())
        return b"".join(self.chunks)


def _unpacked(packed: bytes) -> Any:
    """What `_packed` packed: pickled and unpickled in this process, nothing else is read."""
    return pickle.loads(zlib.decompress(packed))


def _compressed(parts: Iterable[str]) -> bytes:
    """Text made in parts as compressed UTF-8, never whole in memory."""
    compressing = _Compressing()
    for part in parts:
        compressing.write(part.encode())
    return compressing.done()


def _always_modified() -> bool:
    """`File.is_modified` of a page `--dirty` must render again whatever its mtime."""
    return True


def _any_page_shows_maps(files: Files, generated: set[str]) -> bool:
    """Whether a page not generated here may show ```journey-maps blocks (see _shows_maps):
    then the handbook is kept until MkDocs has read every page."""
    pages = files.documentation_pages()
    return any(_shows_maps(file) for file in pages if file.src_uri not in generated)


def _shows_maps(file: File) -> bool:
    """Whether a page not generated here has a ```journey-maps block (or names one: a
    cheap, generous test, as a page rendered once too often costs only time)."""
    try:
        if file.abs_src_path is None:  # generated by another plugin, in memory
            return "journey-maps" in file.content_string
        return "journey-maps" in Path(file.abs_src_path).read_text("utf-8", errors="replace")
    except (OSError, UnicodeDecodeError):
        return True


def _use_markdown(config: MkDocsConfig, extension: JourneyMapExtension) -> None:
    """Enable what generated pages rely on, so two lines in mkdocs.yml are enough, and
    register the extension that shows ```journey-maps blocks (as mkdocstrings registers its
    own): a `journey_maps` entry the site lists for other hosts is left to them."""
    extensions = config.markdown_extensions
    for name in EXTENSION_NAMES:
        if name in extensions:
            log.info("The plugin shows journey-maps blocks itself; ignoring '%s'", name)
            extensions.remove(name)
    for name in REQUIRED_MARKDOWN_EXTENSIONS:
        if name not in extensions:
            extensions.append(name)
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
    extensions.append(extension)  # type: ignore[arg-type]
