"""Every page the handbook generates, and its navigation, from one walk over the handbook.

The output is ordinary Markdown (headings, lists, tables, a ```mermaid fence) so MkDocs,
the table of contents, search and link checking treat it like a hand-written page.
Rich blocks (stage grid, emotion curve) are raw HTML inside that Markdown, rendered from
`.html.j2` templates (see `context.py`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Any, Literal

from ..views.messages import _
from .fragments import Fragments

if TYPE_CHECKING:
    from collections.abc import Callable

    from .context import PageContext

__all__ = [
    "NAV_LEVELS",
    "GeneratedPage",
    "NavLevel",
    "NavNode",
    "PersonaPages",
    "ReusedPages",
    "generate_pages",
]

NavLevel = Literal["landing", "personas", "journeys", "stages"]
NAV_LEVELS: tuple[NavLevel, ...] = ("landing", "personas", "journeys", "stages")
"""How deep the navigation lists the handbook; index pages sit at `landing` level."""


@dataclass
class GeneratedPage:
    """One virtual Markdown page: where it lives, its nav title and its source YAML, and
    its text, or how to render it when it is read (see `generate_pages`)."""

    src_uri: str
    title: str
    text: str | Callable[[], str]
    source_file: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def markdown(self) -> str:
        """The page's Markdown; a page left to be rendered when read is rendered again on
        every read, and holds no text (its reader keeps what it needs)."""
        return self.text if isinstance(self.text, str) else self.text()


@dataclass
class NavNode:
    """A nav entry: a page, or a section whose first child is its index page."""

    title: str
    src_uri: str
    level: NavLevel = "landing"
    children: list[NavNode] = field(default_factory=list)

    def walk(self) -> list[NavNode]:
        return [self, *(node for child in self.children for node in child.walk())]

    def pruned(self, depth: NavLevel) -> NavNode:
        """This section listing levels down to `depth` only (large handbooks list less)."""
        deepest = NAV_LEVELS.index(depth)
        children = [
            child.pruned(depth)
            for child in self.children
            if NAV_LEVELS.index(child.level) <= deepest
        ]
        return NavNode(self.title, self.src_uri, self.level, children)


@dataclass
class GeneratedSite:
    """The generated pages in navigation order, and the nav section that lists them."""

    pages: list[GeneratedPage]
    nav: NavNode


@dataclass
class PersonaPages:
    """A persona's pages (persona, journeys, stages) and nav entry, with the key of what
    they were rendered from."""

    key: bytes
    pages: list[GeneratedPage]
    node: NavNode


@dataclass
class ReusedPages:
    """Under `mkdocs serve --dirty`: each persona's pages from the last build, and the keys
    of this build's personas (None: render it again, e.g. it has measured data)."""

    kept: dict[str, PersonaPages] = field(default_factory=dict)
    keys: dict[str, bytes | None] = field(default_factory=dict)
    whole: tuple[tuple[tuple[str, bytes | None], ...], GeneratedSite] | None = None
    """The last build's whole site, with the keys of every persona it was rendered from:
    when no persona changed (a hand-written page was saved), nothing is rendered again."""

    files: tuple[GeneratedSite, str | None, dict[str, bytes]] | None = None
    """The exports and other files made with that site (and the site_url they name)."""
    fragments: Fragments = field(default_factory=Fragments)
    """The rows of the cross-persona pages, by persona key (site/fragments.py)."""

    def unchanged(self) -> tuple[tuple[str, bytes | None], ...] | None:
        """This build's keys, when there are personas and every one has a key (else None:
        render the site; with no persona, no key would see a change of the catalog)."""
        keys = tuple(self.keys.items())
        return keys if keys and all(key is not None for _, key in keys) else None


def generate_pages(context: PageContext, reuse: ReusedPages | None = None) -> GeneratedSite:
    """Every page and the nav section, in one walk, in the build's language (titles
    included). Without `reuse`, each page is rendered when its text is read
    (`GeneratedPage.markdown`), so whoever goes through the pages holds one page's text at
    a time, not the handbook's (docs/performance.md, "Memory"). With `reuse` (`serve
    --dirty`), every page is rendered now, and a persona whose key did not change keeps the
    pages of the last build: a save re-renders one persona's pages, not the handbook's."""
    keys = reuse.unchanged() if reuse is not None else None
    if reuse is not None and reuse.whole is not None and keys is not None:
        last_keys, last_site = reuse.whole
        if last_keys == keys:
            return last_site
    with context.speaking():
        site = _generate_pages(context, reuse)
    if reuse is not None:
        reuse.whole = (keys, site) if keys is not None else None
    return site


def _generate_pages(context: PageContext, reuse: ReusedPages | None) -> GeneratedSite:
    handbook, paths = context.handbook, context.paths
    render: Callable[..., str | Callable[[], str]]
    render = context.render if reuse is not None else partial(_rendered_when_read, context)
    # The landing page keeps the navigation (readers start there) but not the table of
    # contents: its "Meet our customers" cards need the room.
    landing = render("landing.md.j2", paths.landing)
    title = _("Journey maps")
    pages = [GeneratedPage(paths.landing, title, landing, meta={"hide": ["toc"]})]
    root = NavNode(title, paths.landing)

    def add(node: NavNode, parent: NavNode, page: GeneratedPage) -> NavNode:
        pages.append(page)
        parent.children.append(node)
        return node

    kept: dict[str, PersonaPages] = {}
    for persona in handbook.personas:
        key = reuse.keys.get(persona.id) if reuse is not None else None
        last = reuse.kept.get(persona.id) if reuse is not None else None
        if key is not None and last is not None and last.key == key:
            pages.extend(last.pages)
            root.children.append(last.node)
            kept[persona.id] = last
            continue
        first = len(pages)
        uri = paths.persona(persona.id)
        title = persona.profile.name
        markdown = render("persona.md.j2", uri, persona=persona)
        # The nav says who the persona is, not only their name: "Priya Nair · First-time buyer".
        nav_title = f"{title} · {persona.profile.role}"
        persona_node = add(
            NavNode(nav_title, uri, "personas"),
            root,
            GeneratedPage(uri, title, markdown, persona.file),
        )
        for journey in persona.journeys:
            uri = paths.journey(persona.id, journey.id)
            markdown = render("journey.md.j2", uri, persona=persona, journey=journey)
            # The stage grid needs the width the navigation and table of contents would take.
            page = GeneratedPage(uri, journey.title, markdown, persona.file, _full_width())
            journey_node = add(NavNode(journey.title, uri, "journeys"), persona_node, page)
            stages = journey.stages
            for number, stage in enumerate(stages):
                uri = paths.stage(persona.id, journey.id, stage.id)
                markdown = render(
                    "stage.md.j2",
                    uri,
                    persona=persona,
                    journey=journey,
                    stage=stage,
                    number=number + 1,
                    previous=stages[number - 1] if number else None,
                    next=stages[number + 1] if number + 1 < len(stages) else None,
                )
                page = GeneratedPage(uri, stage.name, markdown, persona.file)
                add(NavNode(stage.name, uri, "stages"), journey_node, page)
        if key is not None:
            kept[persona.id] = PersonaPages(key, pages[first:], persona_node)
    if reuse is not None:
        reuse.kept = kept
    for uri, title, template in context.index_pages():
        # Overviews are tables across every persona: the whole width, as on journey pages.
        page = GeneratedPage(uri, title, render(template, uri), meta=_full_width())
        index_node = add(NavNode(title, uri), root, page)
        if uri == paths.teams:
            for team in handbook.catalog.teams:
                uri = paths.team(team.id)
                markdown = render("team.md.j2", uri, t=team)
                add(NavNode(team.name, uri), index_node, GeneratedPage(uri, team.name, markdown))
    return GeneratedSite(pages, root)


def _rendered_when_read(
    context: PageContext, template: str, src_uri: str, **values: Any
) -> Callable[[], str]:
    """A page's text as a call that renders it, in the build's language, when read."""

    def text() -> str:
        with context.speaking():
            return context.render(template, src_uri, **values)

    return text


def _full_width() -> dict[str, Any]:
    """The meta of a page that takes the whole width: Material hides the navigation and the
    table of contents; the stylesheet then widens the page (its "Journey pages" and
    "Cross-persona overviews" sections, keyed on the page's `.jm-summary` or `.jm-overview`)."""
    return {"hide": ["navigation", "toc"]}
