"""A Python-Markdown extension: journey maps inside any hand-written page, on any host.

    ```journey-map
    first-time-buyer/buying-a-policy
    ```

Hosts that run no MkDocs plugin (Zensical, MkDocs 2) still load Python-Markdown
extensions: list `journey_maps` (or `journey_maps.site.markdown_extension`) under
`markdown_extensions`. Each block is replaced, before any other extension sees the page,
by the same stage grid, emotion curve and cards the plugin's journey pages show (or a
register, a touchpoint's uses, a journey's diagram). Links point at the generated pages
from the site root (`base_url`), as Python-Markdown is not told which page it renders.
A block that cannot be shown becomes a visible error box and a logged warning.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markupsafe import Markup, escape

from ..source.handbook import DEFAULT_MAX_BYTES, Handbook, ParseCache, load_handbook
from ..source.model import Journey, PersonaFile
from ..source.problems import JourneyMapsError, show_controls_in
from ..source.symlinks import folder_problem, real_path
from ..views.overviews import pain_register
from ..views.review import BuildDateError, build_date
from .context import PageContext, RenderOptions
from .paths import SitePaths
from .templating import make_environment, one_block

log = show_controls_in(logging.getLogger("mkdocs.plugins.journey_maps.markdown"))
"""Under "mkdocs." (a name, not an import), as mkdocstrings and autorefs name theirs, so that
`mkdocs build --strict` and ProperDocs count a bad block; elsewhere it is a plain logger."""

FENCE_NAME = "journey-map"
_OPEN = re.compile(r"^(?P<fence>`{3,}|~{3,})[ \t]*journey-map[ \t]*$")
_ANY_FENCE = re.compile(r"^[ \t]*(?P<fence>`{3,}|~{3,})")

GRAMMAR = """\
<persona-id>/<journey-id>                 the journey's stage-by-stage map
<persona-id>/<journey-id>/<stage-id>      one stage of it
<persona-id>/<journey-id> summary         the summary shown under the journey's title
<persona-id>/<journey-id> diagram         the journey's Mermaid diagram
touchpoint <touchpoint-id>                every stage that passes through a touchpoint
register pain-points|opportunities        every pain point, or every opportunity"""


class EmbedError(ValueError):
    """A block that cannot be shown: unknown words, persona, journey, stage or touchpoint."""


@dataclass(frozen=True)
class RootedPaths(SitePaths):
    """Site paths whose URLs start from the site root (`base_url`), whatever the page.

    The stage grid and the other HTML blocks ask `url(target)`; the plugin answers with a
    URL relative to the page it renders. Python-Markdown does not know that page, so the
    extension answers with `base_url` + the target's URL instead."""

    base_url: str = "/"

    def url(self, source: str, target: str, anchor: str = "") -> str:
        return self.base_url + self.page_url(target) + (f"#{anchor}" if anchor else "")


# --- the handbook, loaded once per content ----------------------------------------------------


@dataclass(frozen=True)
class _Settings:
    journeys_dir: Path
    prefix: str
    base_url: str
    use_directory_urls: bool
    ticket_url: str | None
    review_every_days: int
    max_file_size: int
    stale_evidence_days: int = 365


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


def _context(settings: _Settings) -> PageContext:
    """The PageContext for the folder's current content (cached); raises on bad files."""
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
    key = (settings, folder_digest(folder), today)
    with _LOCK:
        found = _CONTEXTS.get(key)
        if found is None:
            found = _load(settings, today)
            _CONTEXTS[key] = found
            while len(_CONTEXTS) > _KEEP:
                _CONTEXTS.popitem(last=False)
        _CONTEXTS.move_to_end(key)
    if isinstance(found, JourneyMapsError):
        raise found
    return found


def _load(settings: _Settings, today: Any) -> PageContext | JourneyMapsError:
    folder = settings.journeys_dir
    try:
        handbook: Handbook = load_handbook(
            folder,
            real_path(Path.cwd()),
            max_bytes=settings.max_file_size,
            cache=_PARSE_CACHES.setdefault(folder, {}),
        )
    except JourneyMapsError as error:
        log.warning("journey-maps found problems in %s:\n%s", folder, error)
        return error
    for warning in handbook.warnings:
        log.warning("journey-maps: %s", warning)
    paths = RootedPaths(settings.prefix, settings.use_directory_urls, base_url=settings.base_url)
    options = RenderOptions(
        today=today,
        ticket_url=settings.ticket_url,
        review_every_days=settings.review_every_days,
        stale_evidence_days=settings.stale_evidence_days,
    )
    return PageContext(handbook, paths, options, make_environment())


# --- what a block may ask for -------------------------------------------------------------------


def embed(context: PageContext, words: list[str]) -> str:
    """The Markdown (mostly one raw HTML block) that replaces a block's words."""
    if not words:
        raise EmbedError("empty journey-map block; write <persona-id>/<journey-id> in it")
    first, rest = words[0], words[1:]
    if first == "touchpoint":
        return _touchpoint(context, rest)
    if first == "register":
        return _register(context, rest)
    parts = first.split("/")
    if len(parts) not in (2, 3) or not all(parts):
        raise EmbedError(f"journey-map block {' '.join(words)!r} is not one of:\n{GRAMMAR}")
    persona, journey = _journey(context, parts[0], parts[1])
    if len(parts) == 3:
        if rest:
            raise EmbedError(f"nothing may follow a stage in a journey-map block: {rest!r}")
        stage = next((s for s in journey.stages if s.id == parts[2]), None)
        if stage is None:
            known = ", ".join(s.id for s in journey.stages)
            raise EmbedError(
                f"journey {first.rsplit('/', 1)[0]!r} has no stage {parts[2]!r}; its stages: {known}"
            )
        one = journey.model_copy(update={"stages": [stage]})
        return _block(context.grid(context.paths.landing, persona, one))
    what = rest[0] if rest else "grid"
    if len(rest) > 1 or what not in ("grid", "summary", "diagram"):
        raise EmbedError(
            f"after {first!r} write nothing, 'summary' or 'diagram'; got {' '.join(rest)!r}"
        )
    if what == "summary":
        return _block(context.summary(context.paths.landing, persona, journey))
    if what == "diagram":
        # As on the journey page: long journeys in parts, by groups of stages.
        return str(context.diagram_fences(context.diagram_parts(persona, journey)))
    return _block(context.grid(context.paths.landing, persona, journey))


def _journey(context: PageContext, persona_id: str, journey_id: str) -> tuple[PersonaFile, Journey]:
    persona = next((p for p in context.handbook.personas if p.id == persona_id), None)
    if persona is None:
        known = ", ".join(p.id for p in context.handbook.personas)
        raise EmbedError(f"no persona {persona_id!r}; the personas: {known}")
    journey = context.handbook.journey(persona, journey_id)
    if journey is None:
        known = ", ".join(j.id for j in persona.journeys)
        raise EmbedError(
            f"persona {persona_id!r} has no journey {journey_id!r}; its journeys: {known}"
        )
    return persona, journey


_TOUCHPOINT = """\
<div class="jm-register-scroll" role="region" aria-label="Where {{ tp.name }} is used" tabindex="0">
<table class="jm-register">
<caption><a href="{{ url(paths.touchpoints, tp.id) }}">{{ tp.name }}</a></caption>
<thead><tr><th scope="col">Persona › journey › stage</th><th scope="col">Emotion here</th><th scope="col">Pain points here</th></tr></thead>
<tbody>
{% for use in uses %}
<tr><td><a href="{{ url(paths.stage(use.persona.id, use.journey.id, use.stage.id)) }}">{{ use.persona.profile.name }} › {{ use.journey.title }} › {{ use.stage.name }}</a></td>
<td>{% if use.emotion %}<span class="jm-emotion jm-emotion--{{ use.emotion }}">{{ use.emotion }}/5 {{ EMOTION_LABELS[use.emotion] }}</span>{% else %}not rated{% endif %}</td>
<td>{% for pain in use.pain_points %}{% set st = status_of(pain) %}<a class="jm-card jm-card--pain {% if st.open %}jm-severity--{{ pain.severity }}{% else %}jm-card--closed jm-pain-status--{{ st.state }}{% endif %}" href="{{ url(paths.stage(use.persona.id, use.journey.id, use.stage.id), pain.id) }}"><span class="jm-card__tag">{% if st.open %}{{ pain.severity }}{% else %}{{ PAIN_STATUS_LABELS[st.state] }}{% endif %}</span> {{ pain.title }}</a>{% else %}none{% endfor %}</td></tr>
{% else %}
<tr><td colspan="3">No stage of any journey passes through this touchpoint.</td></tr>
{% endfor %}
</tbody>
</table>
</div>
"""

_OPPORTUNITIES = """\
<div class="jm-register-scroll" role="region" aria-label="Every opportunity" tabindex="0">
<table class="jm-register">
<thead><tr><th scope="col">Status</th><th scope="col">Opportunity · persona › journey › stage</th><th scope="col">Impact</th><th scope="col">Effort</th><th scope="col">Addresses</th></tr></thead>
<tbody>
{% for status, entries in registers.by_status().items() %}{% for e in entries %}
{% set place = e.place %}
<tr><td><span class="jm-status jm-status--{{ status }}">{{ status }}</span></td>
<td><a href="{{ url(paths.stage(place.persona.id, place.journey.id, place.stage.id), e.opportunity.id) }}">{{ e.opportunity.title }}</a><br><span class="jm-context">{{ place.persona.profile.name }} › {{ place.journey.title }} › {{ place.stage.name }}</span></td>
<td>{{ e.opportunity.impact or "—" }}</td><td>{{ e.opportunity.effort or "—" }}</td>
<td>{% for p in e.addresses %}<a href="{{ url(paths.stage(p.place.persona.id, p.place.journey.id, p.place.stage.id), p.pain.id) }}">{{ p.pain.title }}</a>{% if not loop.last %}<br>{% endif %}{% else %}—{% endfor %}</td></tr>
{% endfor %}{% endfor %}
</tbody>
</table>
</div>
"""


def _inline(context: PageContext, source: str, **values: Any) -> Markup:
    template = context.environment.from_string(source)
    url: Callable[..., str] = lambda target, anchor="": context.paths.url("", target, anchor)  # noqa: E731
    return one_block(template.render(url=url, paths=context.paths, **values))


def _touchpoint(context: PageContext, rest: list[str]) -> str:
    if len(rest) != 1:
        raise EmbedError(
            "write the touchpoint's id after 'touchpoint', e.g. touchpoint pricing-page"
        )
    tp = context.handbook.touchpoints.get(rest[0])
    if tp is None:
        raise EmbedError(f"no touchpoint {rest[0]!r} in the catalog")
    uses = context.registers.touchpoint_uses.get(tp.id, [])
    return _block(
        _inline(context, _TOUCHPOINT, tp=tp, uses=uses, status_of=context.registers.status_of)
    )


def _register(context: PageContext, rest: list[str]) -> str:
    if rest == ["pain-points"]:
        entries = pain_register(context.registers).counted
        html = context.html_block(
            context.paths.landing,
            "pain_register.html.j2",
            entries=entries,
            caption="Pain points of current and future-state maps",
        )
        return _block(html)
    if rest == ["opportunities"]:
        return _block(_inline(context, _OPPORTUNITIES, registers=context.registers))
    raise EmbedError("write 'register pain-points' or 'register opportunities'")


def _block(html: Markup) -> str:
    """One raw HTML block, inside a div so every Markdown host keeps it as it is."""
    return f'<div class="jm-embed">{html}</div>\n'


def error_block(message: str) -> str:
    """What a page shows instead of a block that cannot be rendered: an admonition."""
    lines = "<br>".join(str(escape(line)) for line in message.splitlines())
    return (
        '<div class="admonition failure jm-embed-error">'
        '<p class="admonition-title">Journey map not shown</p>'
        f"<p>{lines}</p></div>\n"
    )


# --- Python-Markdown ------------------------------------------------------------------------


class JourneyMapPreprocessor(Preprocessor):
    """Replaces ```journey-map blocks before fenced-code extensions see the page."""

    def __init__(self, md: markdown.Markdown, settings: _Settings) -> None:
        super().__init__(md)
        self.settings = settings

    def run(self, lines: list[str]) -> list[str]:
        if not any(_OPEN.match(line) for line in lines):
            return lines  # pages without a block never read the journeys folder
        output: list[str] = []
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
            output.extend(["", *self.replacement(words).splitlines(), ""])
            index = end + 1
        return output

    def replacement(self, words: list[str]) -> str:
        try:
            return embed(_context(self.settings), words)
        except JourneyMapsError as error:
            return error_block(
                f"The journey files in {self.settings.journeys_dir} have problems:\n{error}"
            )
        except (EmbedError, OSError) as error:
            log.warning("journey-map block %r: %s", " ".join(words), error)
            return error_block(str(error))


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and set(stripped) == {fence[0]} and len(stripped) >= len(fence)


class JourneyMapExtension(Extension):
    """```journey-map blocks: the journey maps of a journeys folder in any page."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "journeys_dir": [
                "journeys",
                "The journeys folder: relative to the folder the build runs in, or absolute",
            ],
            "prefix": [
                "journeys",
                "Where the generated pages are on the site (the plugin's prefix)",
            ],
            "base_url": [
                "/",
                "The site's path from the server root, e.g. /handbook/ or a full URL: links "
                "to generated pages start with it",
            ],
            "use_directory_urls": [True, "As the site's use_directory_urls"],
            "ticket_url": ["", "As the plugin's ticket_url: a URL with {ticket}"],
            "review_every_days": [180, "As the plugin's review_every_days"],
            "max_file_size": [DEFAULT_MAX_BYTES, "As the plugin's max_file_size"],
            "stale_evidence_days": [365, "As the plugin's stale_evidence_days"],
        }
        super().__init__(**kwargs)

    def settings(self) -> _Settings:
        base = str(self.getConfig("base_url") or "/")
        prefix = str(self.getConfig("prefix") or "journeys").strip("/")
        return _Settings(
            journeys_dir=real_path(Path(str(self.getConfig("journeys_dir"))).expanduser()),
            prefix=prefix,
            base_url=base if base.endswith("/") else base + "/",
            use_directory_urls=bool(self.getConfig("use_directory_urls")),
            ticket_url=str(self.getConfig("ticket_url")) or None,
            review_every_days=int(self.getConfig("review_every_days")),
            max_file_size=int(self.getConfig("max_file_size")),
            stale_evidence_days=int(self.getConfig("stale_evidence_days")),
        )

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        # After pymdownx.snippets (32), so included files are expanded too; before
        # superfences' raw-block pass (31.05), whitespace normalising (30) and fences (25).
        md.preprocessors.register(JourneyMapPreprocessor(md, self.settings()), FENCE_NAME, 31.5)


def makeExtension(**kwargs: Any) -> JourneyMapExtension:
    return JourneyMapExtension(**kwargs)
