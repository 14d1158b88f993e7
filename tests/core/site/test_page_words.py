"""Every word of the stage, journey, review and tickets pages and the touchpoint embed comes
from the message catalogue: rendered in a pseudo-language that brackets each message, none of
their labels is left outside a bracket (issue 23: no English label on a German page).

The pseudo-language stands in for a real catalogue, which translators fill after the words are
marked: it proves each label goes through `_()` / `ngettext()`, whatever any language says."""

from __future__ import annotations

import functools
import gettext
import re
from typing import TYPE_CHECKING

import pytest
from conftest import ROOT, page_context

from journey_maps.site.context import PageContext
from journey_maps.site.embeds import error_box
from journey_maps.site.pages import GeneratedPage, generate_pages
from journey_maps.source.handbook import load_handbook
from journey_maps.views.messages import Messages, speaking

if TYPE_CHECKING:
    import contextlib

OPEN, CLOSE = "⟦", "⟧"
INNERMOST = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")


class Bracketed(gettext.NullTranslations):
    """A catalogue that translates every message to itself in brackets: `⟦Goal:⟧`."""

    def gettext(self, message: str) -> str:
        return f"{OPEN}{message}{CLOSE}"

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return f"{OPEN}{singular if n == 1 else plural}{CLOSE}"


BRACKETED = Messages("en", Bracketed())


class BracketedContext(PageContext):
    """A build whose language is the bracketed pseudo-language."""

    def speaking(self) -> contextlib.AbstractContextManager[Messages]:
        return speaking(BRACKETED)


def untranslated(markdown: str) -> str:
    """The page without its translated messages (nested ones too): what no catalogue made."""
    while True:
        stripped = INNERMOST.sub("", markdown)
        if stripped == markdown:
            return stripped
        markdown = stripped


@functools.cache
def pages() -> dict[str, GeneratedPage]:
    """The example handbook (measured data, shipped fixes, a compared future map), bracketed."""
    handbook = load_handbook(ROOT / "journeys", ROOT)
    core = page_context(handbook, ticket_url="https://tracker.example/browse/{ticket}")
    context = BracketedContext(handbook, core.paths, core.options, core.environment, core.history)
    site = generate_pages(context)
    return {page.src_uri: page for page in site.pages}


def pages_of(kind: str) -> list[GeneratedPage]:
    """Stage pages (three parts below journeys/), journey pages (their index.md), or one page."""
    found = []
    for uri, page in pages().items():
        in_journey = uri.count("/") == 3
        is_index = uri.endswith("/index.md")
        if {"stage": in_journey and not is_index, "journey": in_journey and is_index}.get(
            kind, uri == kind
        ):
            found.append(page)
    assert found, kind
    return found


STAGE_LABELS = [
    "See it on the map", "Goal:", "Emotion:", "Evidence:", "## Measured", "Measured emotion",
    "As emotion (1-5)", "Measured data of this stage", "What customers said", "most recent",
    "## Thoughts", "## Steps", "## Pain points", "## Opportunities", "## Service blueprint",
    "## Metrics", "## Touchpoints used", "Status:", "on the map", "Tickets:", "Addressed by:",
    "Not yet addressed", "Fix shipped", "not counted as open", "impact ", "effort ",
    "Addresses:", "| Metric |", "Previous stage", "Next stage", "All stages",
    "Stages of this journey", "› stage", "newest ", " old", "assumed ", "· measured ", "score ",
    "**Physical evidence**", "**Frontstage**", "**Backstage**", "**Support**",
    "no pain point cites research",
]  # fmt: skip
JOURNEY_LABELS = [
    "## Stage by stage", "## Scenario", "Stakeholders:", "Reviewed every", "Compare with:",
    "map of the same journey", "## Compared with", "matched by stage id", ">This map<",
    "Pain points removed", "Still there", "only in the other map", "no live fix", "better</td>",
    "worse</td>", "= same", "## Stages", "· emotion ", "## Evidence", "[source]",
    "No evidence recorded", "current state",
]  # fmt: skip
REVIEW_LABELS = [
    "# Review status", "only as good as its last review", "Today is", "Evidence:",
    "Every map, most urgent first", "Last reviewed", "Every", "Due", "Status", " days",
    "never", "an error, check the date", "not in the queue", "Archived maps",
    "Kept for reference",
]  # fmt: skip
TICKET_LABELS = [
    "# Tickets", "Every ticket cited", "Search for a ticket id", "Ticket links are shown short",
    "Open the link", "in the tracker", "Pain point:", "Opportunity:",
]  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "labels"),
    [
        ("stage", STAGE_LABELS),
        ("journey", JOURNEY_LABELS),
        ("journeys/review/index.md", REVIEW_LABELS),
        ("journeys/tickets/index.md", TICKET_LABELS),
    ],
)
def test_no_label_of_a_page_is_left_in_english(kind: str, labels: list[str]) -> None:
    shown = "\n".join(untranslated(page.markdown) for page in pages_of(kind))
    if kind == "journey":  # another part of the sweep words the diagram's section
        shown = re.sub(r"## ⟦?Journey diagram.*?(?=\n## )", "", shown, flags=re.S)
    assert [label for label in labels if label in shown] == []


def test_the_pseudo_language_reaches_what_the_labels_hold() -> None:
    """The check above is not empty: the bracketed pages hold each kind of label."""
    stage = "\n".join(page.markdown for page in pages_of("stage"))
    for label in ("⟦Goal:⟧", "⟦Measured emotion:⟧", "⟦Fix shipped⟧", "⟦All stages⟧", "⟦Metric⟧"):
        assert label in stage
    journey = "\n".join(page.markdown for page in pages_of("journey"))
    for label in ("⟦Compare with:⟧", "⟦no live fix⟧", "⟦current state⟧", "⟦Reviewed every "):
        assert label in journey


def test_headings_keep_their_english_anchors_in_every_language() -> None:
    """A link to `#pain-points` or `#metrics` (a ticket's, a bookmark) lands in German too."""
    stage = "\n".join(page.markdown for page in pages_of("stage"))
    for anchor in ("pain-points", "opportunities", "metrics", "steps"):
        assert f"{{: #{anchor} }}" in stage
    assert "{: #touchpoints-used data-search-exclude }" in stage
    assert re.search(r'<a href="#metrics">⟦?metrics⟧?</a>', stage)


def test_the_index_pages_and_the_landing_are_titled_in_the_language() -> None:
    titles = {uri: page.title for uri, page in pages().items()}
    assert titles["journeys/index.md"] == "⟦Journey maps⟧"
    assert titles["journeys/review/index.md"] == "⟦Review status⟧"
    assert titles["journeys/tickets/index.md"] == "⟦Tickets⟧"


def test_the_touchpoint_embed_and_the_error_box_speak_the_language() -> None:
    handbook = load_handbook(ROOT / "journeys", ROOT)
    context = page_context(handbook)
    touchpoint = next(iter(handbook.touchpoints.values()))
    uses = context.registers.touchpoint_uses.get(touchpoint.id, [])
    assert uses
    with speaking(BRACKETED):
        table = context.html_block(
            "guide.md", "embeds/touchpoint.html.j2", tp=touchpoint, uses=uses
        )
        box = error_box(context.environment, "no touchpoint 'x' in the catalog")
    shown = untranslated(str(table))
    for label in ("Where ", " is used", "Persona › journey › stage", "Emotion here", "here</th>"):
        assert label not in shown
    assert "⟦Journey map not shown⟧" in box
    assert "no touchpoint &#39;x&#39; in the catalog" in box  # the author's message stays English
