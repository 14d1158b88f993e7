"""Journey maps inside hand-written pages: the kinds of block, their grammar, what each shows.

A ```journey-maps block holds one kind and what it names:

    ```journey-maps
    grid first-time-buyer/buying-a-policy
    ```

Every kind is registered here with `embed_kind` (its name, what follows it, what it shows),
so the grammar in error messages comes from the registry and a new kind is one function.
A journey or stage path alone is short for its grid or stage. The HTML comes from the
templates in `templates/embeds/` (and the page templates' blocks); Python-Markdown, the
fence and the logging are in `markdown_extension.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..errors import JourneyMapsException
from ..source.model import Journey, PersonaFile, Stage
from ..views.customers import customers
from ..views.messages import _
from ..views.overviews import pain_register
from .context import PageContext
from .schema import field_reference

if TYPE_CHECKING:
    import jinja2

__all__ = [
    "EMBED_KINDS",
    "EmbedError",
    "EmbedKind",
    "Embedding",
    "embed",
    "embed_kind",
    "error_box",
    "grammar",
    "in_current_order",
]


class EmbedError(JourneyMapsException):
    """A block that cannot be shown: an unknown kind, persona, journey, stage or touchpoint."""


@dataclass(frozen=True)
class Embedding:
    """What blocks are shown from: one build's pages, and the page being rendered."""

    context: PageContext
    page: str | None = None
    """The page's source path, when the host says which page it renders (the plugin does):
    links are then relative to it. Without it, links start from the site root."""

    @property
    def source(self) -> str:
        return self.page or self.context.paths.landing

    def html(self, template: str, **values: Any) -> str:
        """An `.html.j2` template as one raw HTML block, inside the embed's div."""
        return self.wrap(self.context.html_block(self.source, template, **values))

    def wrap(self, html: Markup) -> str:
        """One raw HTML block, in a div so every Markdown host keeps it as it is."""
        block = self.context.environment.get_template("embeds/block.html.j2")
        return block.render(html=html).strip() + "\n"


Render = Callable[[Embedding, list[str]], str]


@dataclass(frozen=True)
class EmbedKind:
    """A kind of block: its name, what follows the name, what it shows, how it renders."""

    name: str
    arguments: str
    shows: str
    render: Render

    @property
    def usage(self) -> str:
        return f"{self.name} {self.arguments}".strip()


EMBED_KINDS: dict[str, EmbedKind] = {}
"""Every kind of block by name, in the order the grammar lists them."""


def embed_kind(name: str, arguments: str, shows: str) -> Callable[[Render], Render]:
    """Register a kind of block: `render(embedding, words after the name)` gives Markdown."""

    def register(render: Render) -> Render:
        EMBED_KINDS[name] = EmbedKind(name, arguments, shows, render)
        return render

    return register


def grammar() -> str:
    """Every kind of block, one line each, as error messages list them."""
    width = max(len(kind.usage) for kind in EMBED_KINDS.values())
    return "\n".join(f"{kind.usage:<{width}}  {kind.shows}" for kind in EMBED_KINDS.values())


def embed(embedding: Embedding, words: list[str]) -> str:
    """The Markdown (mostly one raw HTML block) that replaces a block holding `words`, in
    the build's language."""
    with embedding.context.speaking():
        return _embed(embedding, words)


def _embed(embedding: Embedding, words: list[str]) -> str:
    if not words:
        raise EmbedError(f"empty journey-maps block; write one of:\n{grammar()}")
    first, rest = words[0], words[1:]
    if first in EMBED_KINDS:
        return EMBED_KINDS[first].render(embedding, rest)
    if "/" in first:  # a path alone: the journey's grid, or the stage's
        kind = "stage" if first.count("/") == 2 else "grid"
        return EMBED_KINDS[kind].render(embedding, words)
    raise EmbedError(f"journey-maps block {' '.join(words)!r} is not one of:\n{grammar()}")


def in_current_order(words: list[str]) -> list[str]:
    """A ```journey-map block's words (the old name) in this grammar: the old blocks wrote
    the kind after the journey (`<persona-id>/<journey-id> summary`)."""
    if len(words) == 2 and "/" in words[0] and words[1] in EMBED_KINDS:
        return [words[1], words[0]]
    return words


def error_box(environment: jinja2.Environment, message: str) -> str:
    """What a page shows instead of a block that cannot be shown: an admonition."""
    box = environment.get_template("embeds/error.html.j2")
    return box.render(lines=message.splitlines()).strip() + "\n"


# --- what the words name ------------------------------------------------------------------------


def _argument(kind: str, rest: list[str]) -> str:
    """The one word a kind takes, or a message saying how to write the block."""
    if len(rest) != 1:
        usage = EMBED_KINDS[kind].usage
        got = f"; got {' '.join([kind, *rest])!r}" if rest else ""
        raise EmbedError(f"write the block as `{usage}`{got}")
    return rest[0]


def _place(
    embedding: Embedding, path: str, *, stage: bool
) -> tuple[PersonaFile, Journey, Stage | None]:
    """The persona, journey and (with `stage`) stage a path names; unknown ids are listed."""
    parts = path.split("/")
    if len(parts) != (3 if stage else 2) or not all(parts):
        form = "<persona-id>/<journey-id>" + ("/<stage-id>" if stage else "")
        raise EmbedError(f"write the path as {form}; got {path!r}")
    handbook = embedding.context.handbook
    persona = next((p for p in handbook.personas if p.id == parts[0]), None)
    if persona is None:
        known = ", ".join(p.id for p in handbook.personas)
        raise EmbedError(f"no persona {parts[0]!r}; the personas: {known}")
    journey = handbook.journey(persona, parts[1])
    if journey is None:
        known = ", ".join(j.id for j in persona.journeys)
        raise EmbedError(f"persona {parts[0]!r} has no journey {parts[1]!r}; its journeys: {known}")
    if not stage:
        return persona, journey, None
    found = next((s for s in journey.stages if s.id == parts[2]), None)
    if found is None:
        known = ", ".join(s.id for s in journey.stages)
        raise EmbedError(
            f"journey '{parts[0]}/{parts[1]}' has no stage {parts[2]!r}; its stages: {known}"
        )
    return persona, journey, found


# --- the kinds, in the order the grammar lists them --------------------------------------------


JourneyBlock = Callable[[PageContext, str, PersonaFile, Journey], Markup]
"""A PageContext method that shows one journey as an HTML block, for a page."""


def _journey_block(name: str, shows: str, block: JourneyBlock) -> None:
    """A kind that shows a journey's HTML block as its journey page does."""

    @embed_kind(name, "<persona-id>/<journey-id>", shows)
    def render(embedding: Embedding, rest: list[str]) -> str:
        persona, journey = _place(embedding, _argument(name, rest), stage=False)[:2]
        return embedding.wrap(block(embedding.context, embedding.source, persona, journey))


_journey_block("grid", "the journey's stage-by-stage map", PageContext.grid)


@embed_kind("stage", "<persona-id>/<journey-id>/<stage-id>", "one stage of it")
def _stage(embedding: Embedding, rest: list[str]) -> str:
    persona, journey, stage = _place(embedding, _argument("stage", rest), stage=True)
    one = journey.model_copy(update={"stages": [stage]})
    return embedding.wrap(embedding.context.grid(embedding.source, persona, one))


_journey_block("summary", "the summary under the journey's title", PageContext.summary)


@embed_kind("diagram", "<persona-id>/<journey-id>", "the journey's Mermaid diagram")
def _diagram(embedding: Embedding, rest: list[str]) -> str:
    persona, journey = _place(embedding, _argument("diagram", rest), stage=False)[:2]
    context = embedding.context
    # As on the journey page: long journeys in parts, by groups of stages.
    return str(context.diagram_html(context.diagram_parts(persona, journey)))


@embed_kind("touchpoint", "<touchpoint-id>", "every stage that passes through a touchpoint")
def _touchpoint(embedding: Embedding, rest: list[str]) -> str:
    registers = embedding.context.registers
    touchpoint = embedding.context.handbook.touchpoints.get(_argument("touchpoint", rest))
    if touchpoint is None:
        raise EmbedError(f"no touchpoint {rest[0]!r} in the catalog")
    uses = registers.touchpoint_uses.get(touchpoint.id, [])
    return embedding.html("embeds/touchpoint.html.j2", tp=touchpoint, uses=uses)


@embed_kind("register", "pain-points|opportunities", "every open pain point, or every opportunity")
def _register(embedding: Embedding, rest: list[str]) -> str:
    which = _argument("register", rest)
    registers = embedding.context.registers
    if which == "pain-points":
        caption = _("Pain points of current and future-state maps")
        entries = pain_register(registers).counted
        return embedding.html("pain_register.html.j2", entries=entries, caption=caption)
    if which == "opportunities":
        by_status = [e for group in registers.by_status().values() for e in group]
        return embedding.html(
            "opportunity_register.html.j2",
            entries=by_status,
            caption=_("Every opportunity"),
            with_status=True,
        )
    raise EmbedError(f"write 'register pain-points' or 'register opportunities'; got {which!r}")


@embed_kind("customers", "", "meet our customers: personas, their curves, the worst pain points")
def _customers(embedding: Embedding, rest: list[str]) -> str:
    if rest:
        raise EmbedError(f"nothing may follow customers; got {' '.join(rest)!r}")
    context = embedding.context
    return embedding.html(
        "customers.html.j2", customers=customers(context.registers, context.history)
    )


@embed_kind("field-reference", "", "the tables of every field of the file format")
def _field_reference(embedding: Embedding, rest: list[str]) -> str:
    if rest:
        raise EmbedError(f"nothing may follow field-reference; got {' '.join(rest)!r}")
    return field_reference(2)
