"""Generate the handbook's Markdown pages from a Handbook, with Jinja templates.

The output is ordinary Markdown (headings, lists, tables, a ```mermaid fence) so MkDocs,
the table of contents, search and link checking treat it like a hand-written page.
Rich blocks (stage grid, emotion curve) are raw HTML inside that Markdown, rendered from
`.html.j2` templates. Every template autoescapes; author text reaches Markdown only
through `markdown_text`, which leaves nothing for Markdown extensions to interpret.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from . import indexes, mermaid
from .directives import Directive, DirectiveError
from .exports import Exporter
from .handbook import Handbook
from .model import EMOTION_LABELS, SEVERITIES, Journey, PersonaFile, Stage
from .paths import SitePaths, ticket_href
from .redirects import redirects
from .reference import catalog_schema_text, field_reference, persona_schema_text
from .text import MarkdownFields, href, html_text, markdown_text

TEMPLATES = Path(__file__).parent / "templates"

JOURNEY_TYPE_LABELS = {
    "current-state": "Current state",
    "future-state": "Future state",
    "day-in-the-life": "Day in the life",
    "service-blueprint": "Service blueprint",
}


@dataclass(frozen=True)
class RenderOptions:
    """Plugin options the pages depend on, free of MkDocs types."""

    ticket_url: str | None = None
    review_every_days: int = 180
    mermaid: bool = True
    today: dt.date = field(default_factory=indexes.today)


@dataclass
class GeneratedPage:
    """One virtual Markdown page: where it lives, its nav title and its source YAML."""

    src_uri: str
    title: str
    markdown: str
    source_file: str | None = None
    meta: dict[str, Any] = field(default_factory=dict)


NAV_DEPTHS = ("landing", "personas", "journeys", "stages")


@dataclass
class NavNode:
    """A nav entry: a page, or a section whose first child is its index page."""

    title: str
    src_uri: str
    children: list[NavNode] = field(default_factory=list)

    def walk(self) -> list[NavNode]:
        return [self, *(node for child in self.children for node in child.walk())]


def make_environment() -> jinja2.Environment:
    """One environment per build, so templates compile once and serve every page."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
    )
    environment.filters["md"] = markdown_text
    environment.filters["text"] = html_text
    environment.filters["href"] = href
    environment.globals["anchor"] = heading_anchor
    environment.globals["EMOTION_LABELS"] = EMOTION_LABELS
    environment.globals["SEVERITIES"] = SEVERITIES
    environment.globals["JOURNEY_TYPE_LABELS"] = JOURNEY_TYPE_LABELS
    return environment


def heading_anchor(identifier: str) -> Markup:
    """attr_list's `{#id}` after a heading; ids are slugs, checked by the model."""
    return Markup("{#" + identifier + "}")


def _finalize(value: Any) -> Any:
    """Print nothing for None; escape every plain value, braces included."""
    if value is None:
        return ""
    if isinstance(value, Markup | int):
        return value
    return html_text(value)


class SiteRenderer:
    """Everything the plugin generates for one build."""

    def __init__(
        self,
        handbook: Handbook,
        paths: SitePaths,
        options: RenderOptions,
        environment: jinja2.Environment,
    ) -> None:
        self.handbook = handbook
        self.paths = paths
        self.options = options
        self.environment = environment
        self.markdown_fields = MarkdownFields()
        self.registers = indexes.Registers(
            handbook, review_every_days=options.review_every_days, on=options.today
        )
        self.uses = self.registers.touchpoint_uses
        self._lookups: dict[int, indexes.JourneyLookup] = {}

    # --- pages -------------------------------------------------------------------------

    def index_pages(self) -> list[tuple[str, str, str]]:
        """The cross-persona pages: (source path, title, template), in navigation order."""
        paths = self.paths
        pages = [
            (paths.touchpoints, "Touchpoints", "touchpoints.md.j2"),
            (paths.pain_points, "Pain points", "pain_points.md.j2"),
            (paths.opportunities, "Opportunities", "opportunities.md.j2"),
            (paths.tickets, "Tickets", "tickets.md.j2"),
            (paths.review, "Review status", "review.md.j2"),
            (paths.teams, "Teams", "teams.md.j2"),
        ]
        return pages

    def pages(self) -> list[GeneratedPage]:
        """Every generated page, in navigation order."""
        paths = self.paths
        landing = self._render("landing.md.j2", paths.landing)
        pages = [GeneratedPage(paths.landing, "Journey maps", landing)]
        for persona in self.handbook.personas:
            uri = paths.persona(persona.id)
            markdown = self._render("persona.md.j2", uri, persona=persona)
            pages.append(GeneratedPage(uri, persona.persona.name, markdown, persona.file))
            for journey in persona.journeys:
                uri = paths.journey(persona.id, journey.id)
                markdown = self._render("journey.md.j2", uri, persona=persona, journey=journey)
                # The stage grid needs the width the table of contents would take.
                meta = {"hide": ["toc"]}
                pages.append(GeneratedPage(uri, journey.title, markdown, persona.file, meta))
                stages = journey.stages
                for number, stage in enumerate(stages):
                    uri = paths.stage(persona.id, journey.id, stage.id)
                    markdown = self._render(
                        "stage.md.j2",
                        uri,
                        persona=persona,
                        journey=journey,
                        stage=stage,
                        number=number,
                        previous=stages[number - 1] if number else None,
                        next=stages[number + 1] if number + 1 < len(stages) else None,
                    )
                    pages.append(GeneratedPage(uri, stage.name, markdown, persona.file))
        for uri, title, template in self.index_pages():
            pages.append(GeneratedPage(uri, title, self._render(template, uri)))
        for team in self.handbook.catalog.teams:
            uri = paths.team(team.id)
            pages.append(GeneratedPage(uri, team.name, self._render("team.md.j2", uri, t=team)))
        return pages

    def nav(self, depth: str = "stages") -> NavNode:
        """The section the plugin adds to the navigation: persona > journey > stages.

        `depth` is the deepest level listed (`stages`, `journeys`, `personas` or
        `landing`): large handbooks list less, so each page's navigation stays small.
        """
        paths = self.paths
        levels = NAV_DEPTHS[: NAV_DEPTHS.index(depth) + 1]
        root = NavNode("Journey maps", paths.landing)
        for persona in self.handbook.personas if "personas" in levels else []:
            persona_node = NavNode(persona.persona.name, paths.persona(persona.id))
            for journey in persona.journeys if "journeys" in levels else []:
                journey_node = NavNode(journey.title, paths.journey(persona.id, journey.id))
                journey_node.children = [
                    NavNode(stage.name, paths.stage(persona.id, journey.id, stage.id))
                    for stage in (journey.stages if "stages" in levels else [])
                ]
                persona_node.children.append(journey_node)
            root.children.append(persona_node)
        for uri, title, _ in self.index_pages():
            node = NavNode(title, uri)
            if uri == paths.teams:
                node.children = [
                    NavNode(team.name, paths.team(team.id)) for team in self.handbook.catalog.teams
                ]
            root.children.append(node)
        return root

    # --- helpers shared by the templates -----------------------------------------------

    def _render(self, template: str, src_uri: str, **context: Any) -> str:
        return self.environment.get_template(template).render(
            handbook=self.handbook,
            options=self.options,
            paths=self.paths,
            page_uri=src_uri,
            link=partial(self.paths.link, src_uri),
            url=partial(self.paths.url, src_uri),
            markdown=self.markdown_fields.render,
            ticket=self.ticket,
            review=self.review,
            uses=self.uses,
            registers=self.registers,
            team=self.team_name,
            touchpoint=self.touchpoint_name,
            grid=partial(self.grid, src_uri),
            diagram=self.diagram,
            lookup=self.lookup,
            comparisons=indexes.compare,
            **context,
        )

    def ticket(self, ticket: str) -> tuple[str, str | None]:
        """A ticket's label and link: full URLs as written, ids through `ticket_url`."""
        return ticket, ticket_href(ticket, self.options.ticket_url)

    def directives(self, src_uri: str) -> dict[str, Directive]:
        """What a hand-written page at `src_uri` may embed with a ```journey-maps block."""

        def journey_of(words: list[str]) -> tuple[PersonaFile, Journey]:
            target = words[0] if words else ""
            persona_id, _, journey_id = target.partition("/")
            persona = next((p for p in self.handbook.personas if p.id == persona_id), None)
            journey = self.handbook.journey(persona, journey_id) if persona else None
            if persona is None or journey is None:
                raise DirectiveError(
                    f"no journey {target!r}; write it as <persona-id>/<journey-id>"
                )
            return persona, journey

        def diagram(words: list[str]) -> str:
            persona, journey = journey_of(words)
            return f"```mermaid\n{self.diagram(persona, journey)}\n```\n"

        def grid(words: list[str]) -> str:
            persona, journey = journey_of(words)
            return f"{self.grid(src_uri, persona, journey)}\n"

        return {"diagram": diagram, "grid": grid, "field-reference": lambda _: field_reference(2)}

    def files(self, site_url: str | None) -> dict[str, str]:
        """Everything generated that is not a page: exports, JSON Schemas, redirect pages."""
        exporter = Exporter(self.registers, self.paths, site_url)
        files = {
            self.paths.export("journeys.json"): exporter.journeys_json(
                generated=self.options.today.isoformat(), ticket_url=self.options.ticket_url
            ),
            self.paths.export("pain-points.csv"): exporter.pain_points_csv(),
            self.paths.export("opportunities.csv"): exporter.opportunities_csv(),
            self.paths.schema("persona"): persona_schema_text(),
            self.paths.schema("catalog"): catalog_schema_text(),
        }
        template = self.environment.get_template("redirect.html.j2")
        for old, new, title in redirects(self.handbook, self.paths):
            target = self.paths.url(old, new)
            files[self.paths.output_file(old)] = template.render(target=target, title=title)
        return files

    def lookup(self, journey: Journey) -> indexes.JourneyLookup:
        """Per-journey lookups, built once and shared by the journey's stage pages."""
        if id(journey) not in self._lookups:
            self._lookups[id(journey)] = indexes.JourneyLookup.of(journey)
        return self._lookups[id(journey)]

    def review(self, journey: Journey) -> indexes.Review:
        return indexes.review(journey, self.options.review_every_days, self.options.today)

    def team_name(self, team_id: str | None) -> str:
        team = self.handbook.teams.get(team_id or "")
        return team.name if team else (team_id or "")

    def touchpoint_name(self, touchpoint_id: str | None) -> str:
        touchpoint = self.handbook.touchpoints.get(touchpoint_id or "")
        return touchpoint.name if touchpoint else (touchpoint_id or "")

    def grid(self, src_uri: str, persona: PersonaFile, journey: Journey) -> Markup:
        """The no-JavaScript stage grid with its emotion curve, as one HTML block."""
        html = self.environment.get_template("stage_grid.html.j2").render(
            persona=persona,
            journey=journey,
            url=partial(self.paths.url, src_uri),
            paths=self.paths,
            curve=emotion_curve(journey.stages),
            team=self.team_name,
            touchpoint=self.touchpoint_name,
        )
        return Markup(" ".join(line.strip() for line in html.splitlines() if line.strip()))

    def diagram(self, persona: PersonaFile, journey: Journey) -> Markup:
        return Markup(mermaid.journey_diagram(persona, journey))


@dataclass(frozen=True)
class CurvePoint:
    x: float
    y: float
    emotion: int
    stage: Stage


def emotion_curve(stages: list[Stage], width: int = 100, height: int = 40) -> list[CurvePoint]:
    """Points of the emotion curve, one per rated stage, in SVG user units."""
    count = len(stages)
    points = []
    for index, stage in enumerate(stages):
        if stage.emotion is None:
            continue
        x = (index + 0.5) * width / count
        y = height - 4 - (stage.emotion - 1) * (height - 8) / 4
        points.append(CurvePoint(round(x, 2), round(y, 2), stage.emotion, stage))
    return points
