"""What every page template can call: links, names, tickets, reviews, the grid and diagram.

One PageContext serves a whole build: it holds the handbook, its registers and the
per-journey lookups, so templates ask for data and never compute it. The views
(`views/`) decide what a page shows and in which words; the templates lay it out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..views import comparisons, evidence, messages, registers, review
from ..views.customers import customers
from ..views.glance import channel_icons, emotion_chart, glance
from ..views.labels import PERSONA_LISTS, heading_words
from ..views.overviews import (
    heat_map,
    open_of,
    opportunity_filter,
    opportunity_matrix,
    pain_filter,
    pain_register,
    touchpoint_filter,
)
from ..views.stage_grid import filled_lanes, placement_words, stage_grid
from ..views.tickets import Ticket
from ..views.touchpoint_usage import stage_touchpoints
from . import mermaid
from .changes import change_markdown
from .escaping import MarkdownFields
from .templating import one_block

if TYPE_CHECKING:
    import contextlib
    from collections.abc import Callable

    import jinja2

    from ..source.handbook import Handbook
    from ..source.model import Journey, PainPoint, PersonaFile, Stage
    from ..views.history import HandbookHistory
    from .fragments import Fragments
    from .mermaid import DiagramPart
    from .options import RenderOptions
    from .paths import SitePaths

__all__ = ["PageContext"]


class PageContext:
    """The helpers and data shared by every template of one build."""

    def __init__(
        self,
        handbook: Handbook,
        paths: SitePaths,
        options: RenderOptions,
        environment: jinja2.Environment,
        history: HandbookHistory | None = None,
    ) -> None:
        self.handbook = handbook
        self.history = history
        """The maps' history from git, with the `history` option; None without it."""
        self.paths = paths
        self.options = options
        self.environment = environment
        self.markdown_fields = MarkdownFields()
        self.registers = registers.Registers(
            handbook, review_every_days=options.review_every_days, on=options.today
        )
        self._lookups: dict[int, registers.JourneyLookup] = {}
        self._channel_icons = channel_icons(handbook.catalog)
        self._icons: dict[str, Icon | None] = {}
        self._measures: dict[tuple[str, str], dict[str, evidence.StageMeasure]] = {}
        self.fragments: Fragments | None = None
        """Under `serve --dirty`: rows of the cross-persona pages kept by persona key."""

    def index_pages(self) -> list[tuple[str, str, str]]:
        """The cross-persona pages: (source path, title, template), in navigation order; the
        titles in the build's language (call it inside `speaking`)."""
        paths = self.paths
        return [
            (paths.touchpoints, messages._("Touchpoints"), "touchpoints.md.j2"),
            (paths.pain_points, messages._("Pain points"), "pain_points.md.j2"),
            (paths.opportunities, messages._("Opportunities"), "opportunities.md.j2"),
            (paths.tickets, messages._("Tickets"), "tickets.md.j2"),
            (paths.review, messages._("Review status"), "review.md.j2"),
            (paths.teams, messages._("Teams"), "teams.md.j2"),
        ]

    def speaking(self) -> contextlib.AbstractContextManager[messages.Messages]:
        """Render inside this block for the labels in the build's language (and the
        site's own words): views and templates read it from views.messages."""
        options = self.options
        return messages.speaking(messages.messages_for(options.language, dict(options.labels)))

    def helpers(self, src_uri: str) -> dict[str, Any]:
        """What every template can call, pages and HTML blocks alike, for the page at
        `src_uri` (links and URLs are relative to it)."""
        return {
            "paths": self.paths,
            "options": self.options,
            "link": partial(self.paths.link, src_uri),
            "url": partial(self.paths.url, src_uri),
            "ticket": self.ticket,
            "team": self.team_name,
            "touchpoint": self.touchpoint_name,
            "review": self.review,
            "pain_evidence": self.pain_evidence,
            "status_of": self.registers.status_of,
            "fragment": partial(self.fragment, src_uri),
        }

    def render(self, template: str, src_uri: str, **context: Any) -> str:
        """A page template rendered for the page at `src_uri` (links are relative to it)."""
        return self.environment.get_template(template).render(
            self.helpers(src_uri),
            handbook=self.handbook,
            page_uri=src_uri,
            render_markdown=self.markdown_fields.render,
            registers=self.registers,
            grid=partial(self.grid, src_uri),
            summary=partial(self.summary, src_uri),
            html_block=partial(self.html_block, src_uri),
            heat_map=heat_map,
            pain_filter=pain_filter,
            opportunity_filter=opportunity_filter,
            touchpoint_filter=touchpoint_filter,
            meet_customers=customers,
            pain_register=pain_register,
            open_of=open_of,
            opportunity_matrix=opportunity_matrix,
            heading_words=heading_words,
            persona_lists=self.persona_lists,
            diagram_parts=self.diagram_parts,
            diagram_html=self.diagram_html,
            lookup=self.lookup,
            stage_touchpoints=stage_touchpoints,
            filled_lanes=filled_lanes,
            placement=placement_words,
            comparisons=comparisons.compare,
            history=self.history,
            changes=partial(self.changes, src_uri),
            change_markdown=change_markdown,
            measures=self.measures,
            step_measures=partial(evidence.step_measures, self.handbook),
            stage_evidence=self.stage_evidence,
            evidence_counts=self.evidence_counts,
            **context,
        )

    def fragment(
        self, src_uri: str, kind: str, persona_id: str, *parts: object, caller: Callable[[], str]
    ) -> Markup:
        """`{% call fragment("kind", persona.id, item.id) %}…{% endcall %}`: the block's
        HTML, rendered again only when that persona changed (site/fragments.py); every time
        outside `serve --dirty`. The block must show nothing but that persona's item."""
        key = (src_uri, kind, persona_id, *map(str, parts))
        if self.fragments is None:
            return Markup(caller())
        return self.fragments.render(persona_id, key, lambda: Markup(caller()))

    def measures(self, persona: PersonaFile, journey: Journey) -> dict[str, evidence.StageMeasure]:
        """Measured figures of a journey by stage id, computed once per journey."""
        key = (persona.id, journey.id)
        if key not in self._measures:
            self._measures[key] = evidence.stage_measures(self.handbook, persona, journey)
        return self._measures[key]

    def stage_evidence(
        self, persona: PersonaFile, journey: Journey, stage: Stage
    ) -> evidence.EvidenceSummary:
        """What a stage rests on, and its age as of the build date."""
        return evidence.stage_evidence(
            self.handbook,
            persona,
            journey,
            stage,
            on=self.options.today,
            stale_days=self.options.stale_evidence_days,
        )

    def pain_evidence(self, journey: Journey, pain: PainPoint) -> evidence.EvidenceSummary:
        """What a pain point rests on (the evidence it cites), and its age."""
        return evidence.pain_evidence(
            journey, pain, on=self.options.today, stale_days=self.options.stale_evidence_days
        )

    def evidence_counts(self) -> list[str]:
        """How many maps rest on each kind of evidence, in words (landing and review pages)."""
        return evidence.strength_words(evidence.strength_counts(self.handbook))

    def changes(self, src_uri: str, persona: PersonaFile, journey: Journey) -> Markup:
        """The Changes section of a journey page: its reviews and emotion small multiples."""
        history = self.history
        return self.html_block(
            src_uri,
            "changes.html.j2",
            available=history is not None and history.available,
            versions=history.of(persona, journey) if history else [],
            since=history.review_of(persona, journey) if history else None,
        )

    def ticket(self, ticket: str) -> Ticket:
        """A ticket with its link: full URLs as written, ids through `ticket_url`."""
        return Ticket.of(ticket, self.options.ticket_url)

    def lookup(self, journey: Journey) -> registers.JourneyLookup:
        """Per-journey lookups, built once and shared by the journey's stage pages."""
        if id(journey) not in self._lookups:
            self._lookups[id(journey)] = registers.JourneyLookup.of(journey)
        return self._lookups[id(journey)]

    def persona_lists(self, persona: PersonaFile) -> list[tuple[str, str]]:
        """The lists (goals, needs, frustrations, motivations) a persona fills: key, heading."""
        return [(key, heading) for key, heading in PERSONA_LISTS if getattr(persona.profile, key)]

    def review(self, journey: Journey) -> review.Review:
        return review.review(journey, self.options.review_every_days, self.options.today)

    def team_name(self, team_id: str | None) -> str:
        team = self.handbook.teams.get(team_id or "")
        return team.name if team else (team_id or "")

    def touchpoint_name(self, touchpoint_id: str | None) -> str:
        touchpoint = self.handbook.touchpoints.get(touchpoint_id or "")
        return touchpoint.name if touchpoint else (touchpoint_id or "")

    def grid(self, src_uri: str, persona: PersonaFile, journey: Journey) -> Markup:
        """The no-JavaScript stage grid with its emotion curve, as one HTML block."""
        measures = self.measures(persona, journey)
        view = stage_grid(
            persona,
            journey,
            emotion_chart(journey, self._baseline(persona, journey), measures),
            measures,
            self.lookup(journey).statuses,
            partial(self.stage_evidence, persona, journey),
            partial(self.pain_evidence, journey),
        )
        return self.html_block(
            src_uri,
            "stage_grid.html.j2",
            persona=persona,
            journey=journey,
            grid=view,
            icons=self.grid_icons(journey),
            icon=self.touchpoint_icon,
        )

    def summary(self, src_uri: str, persona: PersonaFile, journey: Journey) -> Markup:
        """The at-a-glance block under a journey page's title, as one HTML block."""
        return self.html_block(
            src_uri,
            "journey_summary.html.j2",
            persona=persona,
            journey=journey,
            glance=glance(journey),
            journey_review=self.review(journey),
        )

    def html_block(self, src_uri: str, template: str, **context: Any) -> Markup:
        """An `.html.j2` template rendered for the page at `src_uri`, as one HTML block."""
        html = self.environment.get_template(template).render(self.helpers(src_uri), **context)
        return one_block(html)

    def _baseline(self, persona: PersonaFile, journey: Journey) -> Journey | None:
        if not journey.compare_to:
            return None
        return next((j for j in persona.journeys if j.id == journey.compare_to), None)

    def touchpoint_icon(self, touchpoint_id: str | None) -> Icon | None:
        """The icon of a touchpoint's channel, from Material's bundled icon set."""
        touchpoint = self.handbook.touchpoints.get(touchpoint_id or "")
        if touchpoint is None:
            return None
        name = self._channel_icons.get(touchpoint.channel)
        if name is None:
            return None
        if name not in self._icons:
            self._icons[name] = _material_icon(name)
        return self._icons[name]

    def grid_icons(self, journey: Journey) -> list[Icon]:
        """The icons a journey's steps show, once each, in order of first use: the grid
        defines each once and every step refers to it."""
        icons: dict[str, Icon] = {}
        for stage in journey.stages:
            for step in stage.steps:
                icon = self.touchpoint_icon(step.touchpoint)
                if icon is not None:
                    icons.setdefault(icon.name, icon)
        return list(icons.values())

    def diagram_parts(self, persona: PersonaFile, journey: Journey) -> list[DiagramPart]:
        """The journey's diagram, split into groups of stages that fit a laptop screen."""
        return mermaid.journey_diagrams(persona, journey)

    def diagram_html(self, parts: list[DiagramPart]) -> Markup:
        """Diagram parts as one raw HTML block: each part's source as readable text, named by
        its stages when there are several, for journey-maps.js to draw when it is shown.
        Not a ```mermaid fence: the theme would fetch Mermaid as soon as the page loads."""
        return Markup(self.environment.get_template("diagram.md.j2").render(parts=parts))


@dataclass(frozen=True)
class Icon:
    """One of Material for MkDocs' bundled icons: its name, viewBox and path data."""

    name: str
    view_box: str
    paths: tuple[str, ...]


_SVG_VIEWBOX = re.compile(r'viewBox="([0-9. -]+)"')
_SVG_PATH = re.compile(r'<path d="([^"<>]+)"')


def _material_icon(name: str) -> Icon | None:
    """Material Design icon `name` read from the installed theme, or None without it."""
    try:
        from importlib.resources import files

        folder = files("material") / "templates" / ".icons" / "material"
        svg = (folder / f"{name}.svg").read_text(encoding="utf-8")
    except (ModuleNotFoundError, OSError):
        return None
    box = _SVG_VIEWBOX.search(svg)
    paths = tuple(_SVG_PATH.findall(svg))
    if not box or not paths:
        return None
    return Icon(name, box.group(1), paths)
