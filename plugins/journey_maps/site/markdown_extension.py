"""A Python-Markdown extension: ```journey-maps blocks in any page, with or without the plugin.

    ```journey-maps
    grid first-time-buyer/buying-a-policy
    ```

One code path for every host. The plugin registers the extension in `on_config` with its
own build (as mkdocstrings registers its extension): blocks show that build's maps, with
links relative to the page MkDocs renders. Hosts that run no MkDocs plugin (Zensical,
MkDocs 2) load it from `markdown_extensions` (`journey_maps`, or this module's dotted
path): it then reads the journeys folder its options name, once per content, and links
from the site root (`base_url`), as Python-Markdown is not told which page it renders.
Each block is replaced, before any other extension sees the page, by what `embeds.py`
makes of its words; a block that cannot be shown becomes a visible error box and a logged
warning, never a failed conversion. ```journey-map blocks (the extension's name in
0.1) still work until 0.3, with a deprecation warning once per page.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from ..errors import JourneyMapsException
from ..source.handbook import ParseCache, load_handbook
from ..source.problems import JourneyMapsError, show_controls_in
from ..source.symlinks import folder_problem, real_path
from ..views.review import BuildDateError, build_date
from .context import PageContext
from .embeds import Embedding, EmbedError, embed, error_box, in_current_order
from .options import OptionsError, PluginOptions, option_default, option_description
from .paths import SitePaths
from .templating import make_environment

if TYPE_CHECKING:
    import jinja2
    import markdown

__all__ = [
    "BLOCK_NAME",
    "DEPRECATED_BLOCK_NAME",
    "BlockSource",
    "JourneyMapExtension",
    "PluginPages",
    "RootedPaths",
    "makeExtension",
]

log = show_controls_in(logging.getLogger("mkdocs.plugins.journey_maps.markdown"))
"""Under "mkdocs." (a name, not an import), as mkdocstrings and autorefs name theirs, so that
`mkdocs build --strict` and ProperDocs count a bad block; elsewhere it is a plain logger."""

BLOCK_NAME = "journey-maps"
"""What a block is called: the name of the plugin, the command and the extension (`_`)."""
DEPRECATED_BLOCK_NAME = "journey-map"
"""The extension's block name in 0.1; it keeps working, with a warning, until 0.3.0."""
REMOVED_IN = "0.3.0"

_OPEN = re.compile(r"^(?P<fence>`{3,}|~{3,})[ \t]*(?P<name>journey-maps?)[ \t]*$")
_ANY_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")


class BlockSource(Protocol):
    """Where blocks are shown from: the plugin's build, or a journeys folder read on demand."""

    @property
    def page(self) -> str | None:
        """The page being rendered, when the host says which (for links and messages)."""
        ...

    def embedding(self) -> Embedding:
        """The pages to show blocks from; raises JourneyMapsException when there are none."""
        ...


@dataclass
class PluginPages:
    """The plugin's side: its build's pages (set in `on_files`) and the page MkDocs renders
    now (set in `on_page_markdown`), so links are relative to that page."""

    context: PageContext | None = None
    page: str | None = None

    def embedding(self) -> Embedding:
        if self.context is None:
            raise EmbedError("the journey maps were not generated in this build")
        return Embedding(self.context, self.page)


# --- a journeys folder, loaded once per content (without the plugin) --------------------------


@dataclass(frozen=True)
class RootedPaths(SitePaths):
    """Site paths whose URLs start from the site root (`base_url`), whatever the page.

    The stage grid and the other HTML blocks ask `url(target)`; the plugin answers with a
    URL relative to the page it renders. Python-Markdown does not know that page, so the
    extension answers with `base_url` + the target's URL instead."""

    base_url: str = "/"

    def url(self, source: str, target: str, anchor: str = "") -> str:
        return self.base_url + self.page_url(target) + (f"#{anchor}" if anchor else "")


@dataclass(frozen=True)
class ExtensionSettings:
    """The extension's options, checked: its own, and the ones it shares with the plugin."""

    journeys_dir: Path
    base_url: str
    use_directory_urls: bool
    options: PluginOptions
    custom_templates: Path | None


_LOCK = threading.Lock()
_PARSE_CACHES: dict[Path, ParseCache] = {}
_CONTEXTS: OrderedDict[tuple[Any, ...], PageContext | JourneyMapsError] = OrderedDict()
_KEEP = 8
"""Contexts kept across Markdown instances: MkDocs makes a new instance for every page."""


def folder_digest(folder: Path) -> str:
    """SHA-256 over the names and contents of every file in the journeys folder.

    A symbolic link counts by where it points, never by what it leads to: the file behind
    a link inside the folder is hashed on its own, one outside is refused when loading,
    and a link loop or a link to a huge file cannot stop or stall the digest."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_symlink():
            content = b"link:" + os.fsencode(path.readlink())
        elif path.is_file():
            content = path.read_bytes()
        else:
            continue
        digest.update(os.fsencode(path.relative_to(folder).as_posix()) + b"\0")
        digest.update(content)
        digest.update(b"\0")
    return digest.hexdigest()


class JourneysNotLoaded(EmbedError):
    """Problems in the journey files: already logged once, when the folder was read."""


@dataclass(frozen=True)
class FolderSource:
    """Blocks shown from a journeys folder, as the extension's options name it."""

    settings: ExtensionSettings

    @property
    def page(self) -> None:
        return None  # Python-Markdown does not say which page it renders

    def embedding(self) -> Embedding:
        found = _context(self.settings)
        if isinstance(found, JourneyMapsError):
            raise JourneysNotLoaded(
                f"The journey files in {self.settings.journeys_dir} have problems:\n{found}"
            )
        return Embedding(found)


@dataclass(frozen=True)
class RefusedOptions:
    """Every block of a page whose extension options cannot be used: the reason, in a box."""

    error: OptionsError

    @property
    def page(self) -> None:
        return None

    def embedding(self) -> Embedding:
        raise EmbedError(f"the journey_maps extension's options have problems:\n{self.error}")


def _context(settings: ExtensionSettings) -> PageContext | JourneyMapsError:
    """The PageContext for the folder's current content (cached), or its problems."""
    folder = settings.journeys_dir
    what = folder_problem(folder)
    if what is not None:
        raise EmbedError(
            f"no journeys folder at {folder}: it {what}; set the extension's journeys_dir "
            "option (relative to the folder the build runs in, or absolute)"
        )
    try:
        today = build_date()
    except BuildDateError as error:
        raise EmbedError(str(error)) from None
    templates = settings.custom_templates
    key = (settings, folder_digest(folder), templates and folder_digest(templates), today)
    with _LOCK:
        found = _CONTEXTS.get(key)
        if found is None:
            found = _load(settings, today)
            _CONTEXTS[key] = found
            while len(_CONTEXTS) > _KEEP:
                _CONTEXTS.popitem(last=False)
        _CONTEXTS.move_to_end(key)
    return found


def _load(settings: ExtensionSettings, today: Any) -> PageContext | JourneyMapsError:
    folder, options = settings.journeys_dir, settings.options
    try:
        handbook = load_handbook(
            folder,
            real_path(Path.cwd()),
            max_bytes=options.max_file_size,
            cache=_PARSE_CACHES.setdefault(folder, {}),
        )
    except JourneyMapsError as error:
        log.warning("journey-maps found problems in %s:\n%s", folder, error)
        return error
    for warning in handbook.warnings:
        log.warning("journey-maps: %s", warning)
    paths = RootedPaths(options.prefix, settings.use_directory_urls, base_url=settings.base_url)
    environment = make_environment(settings.custom_templates)
    return PageContext(handbook, paths, options.render_options(today), environment)


# --- Python-Markdown ------------------------------------------------------------------------


@functools.cache
def _package_environment() -> jinja2.Environment:
    """For error boxes when no build's environment is at hand (the folder did not load)."""
    return make_environment()


def _error_box(embedding: Embedding | None, message: str) -> str:
    """The box a block that cannot be shown becomes: in the build's templates and
    language when the journeys loaded, else in the package's, in English."""
    if embedding is None:
        return error_box(_package_environment(), message)
    with embedding.context.speaking():
        return error_box(embedding.context.environment, message)


class EmbedPreprocessor(Preprocessor):
    """Replaces ```journey-maps blocks before fenced-code extensions see the page."""

    def __init__(self, md: markdown.Markdown, source: BlockSource) -> None:
        super().__init__(md)
        self.source = source

    def run(self, lines: list[str]) -> list[str]:
        if not any(_OPEN.match(line) for line in lines):
            return lines  # pages without a block never read the journeys folder
        output: list[str] = []
        deprecated: list[list[str]] = []
        index = 0
        while index < len(lines):
            opening = _OPEN.match(lines[index])
            if opening is None:
                other = _ANY_FENCE.match(lines[index])
                end = index + 1
                if other is not None:  # another fenced block: its lines are code, kept as they are
                    while end < len(lines) and not _closes(lines[end], other.group("fence")):
                        end += 1
                    end += 1
                output.extend(lines[index:end])
                index = end
                continue
            fence = opening.group("fence")
            end = index + 1
            while end < len(lines) and not _closes(lines[end], fence):
                end += 1
            if end == len(lines):  # never closed: leave it to the other extensions
                output.extend(lines[index:])
                break
            words = " ".join(lines[index + 1 : end]).split()
            if opening.group("name") == DEPRECATED_BLOCK_NAME:
                words = in_current_order(words)
                deprecated.append(words)
            output.extend(["", *self.replacement(words).splitlines(), ""])
            index = end + 1
        if deprecated:
            self.warn_deprecated(deprecated)
        return output

    def replacement(self, words: list[str]) -> str:
        embedding: Embedding | None = None
        try:
            embedding = self.source.embedding()
            return embed(embedding, words)
        except JourneysNotLoaded as error:  # logged once, when the folder was read
            return _error_box(embedding, str(error))
        except (JourneyMapsException, OSError) as error:
            log.warning("%s%s block %r: %s", self.where(), BLOCK_NAME, " ".join(words), error)
            return _error_box(embedding, str(error))

    def warn_deprecated(self, blocks: list[list[str]]) -> None:
        """Once per page, however many old blocks it has: what to write instead."""
        first = "\n".join(["```" + BLOCK_NAME, " ".join(blocks[0]), "```"])
        log.warning(
            "%s```%s blocks are deprecated and stop working in %s: write ```%s instead "
            "(%d on this page; the first one becomes:\n%s\n)",
            self.where(),
            DEPRECATED_BLOCK_NAME,
            REMOVED_IN,
            BLOCK_NAME,
            len(blocks),
            first,
        )

    def where(self) -> str:
        """The page, for messages, when the host says which page it renders."""
        return f"{self.source.page}: " if self.source.page else ""


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and set(stripped) == {fence[0]} and len(stripped) >= len(fence)


SHARED_OPTIONS = (
    "prefix",
    "ticket_url",
    "review_every_days",
    "stale_evidence_days",
    "max_file_size",
    "custom_templates",
)
"""The plugin's options the extension takes too, checked by the same `PluginOptions`."""


class JourneyMapExtension(Extension):
    """```journey-maps blocks: the journey maps of a build, or of a journeys folder, in any page.

    `source` is the plugin's (`PluginPages`); without it, the options below name a folder."""

    def __init__(self, *, source: BlockSource | None = None, **kwargs: Any) -> None:
        self.config = {
            "journeys_dir": [
                "journeys",
                "The journeys folder: relative to the folder the build runs in, or absolute",
            ],
            "base_url": [
                "/",
                "The site's path from the server root, e.g. /handbook/ or a full URL: links "
                "to generated pages start with it",
            ],
            "use_directory_urls": [True, "As the site's use_directory_urls"],
        }
        for name in SHARED_OPTIONS:
            # Python-Markdown reads a None default as a yes/no option: "" stands for none.
            default = option_default(name)
            self.config[name] = ["" if default is None else default, option_description(name)]
        super().__init__(**kwargs)
        self.source = source

    def settings(self) -> ExtensionSettings:
        """The options, checked as the plugin checks its own; raises OptionsError."""
        shared = {name: self.getConfig(name) for name in SHARED_OPTIONS}
        options = PluginOptions.from_mapping({k: v for k, v in shared.items() if v != ""})
        templates = None
        if options.custom_templates is not None:
            templates = real_path(Path(options.custom_templates).expanduser())
            what = folder_problem(templates)
            if what is not None:
                raise OptionsError([f"custom_templates: {templates} {what}"])
        base = str(self.getConfig("base_url") or "/")
        return ExtensionSettings(
            journeys_dir=real_path(Path(str(self.getConfig("journeys_dir"))).expanduser()),
            base_url=base if base.endswith("/") else base + "/",
            use_directory_urls=bool(self.getConfig("use_directory_urls")),
            options=options,
            custom_templates=templates,
        )

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        source = self.source
        if source is None:
            try:
                source = FolderSource(self.settings())
            except OptionsError as error:
                source = RefusedOptions(error)
        # After pymdownx.snippets (32), so included files are expanded too; before
        # superfences' raw-block pass (31.05), whitespace normalising (30) and fences (25).
        md.preprocessors.register(EmbedPreprocessor(md, source), BLOCK_NAME, 31.5)


def makeExtension(**kwargs: Any) -> JourneyMapExtension:
    return JourneyMapExtension(**kwargs)
