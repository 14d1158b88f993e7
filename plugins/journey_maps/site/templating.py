"""The Jinja environment the page templates run in, and the filters that keep text inert.

Every template autoescapes. In templates, `literal` shows plain author text in Markdown
(nothing in it can act as Markdown syntax), `text` in HTML, `href` a checked web URL;
the global `render_markdown` renders the fields the format marks as Markdown.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from ..source.model import EMOTION_LABELS, SEVERITIES
from ..views import chips, messages
from ..views.emotion_curve import PAINT
from ..views.labels import (
    EVIDENCE_BADGES,
    JOURNEY_TYPE_LABELS,
    LANES,
    PAIN_STATUS_LABELS,
    REVIEW_LABELS,
    number_word,
    plural,
)
from .escaping import href, html_text, markdown_text

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from ..views.overviews import RowKeys

__all__ = ["TEMPLATES", "SessionBytecode", "make_environment", "one_block"]

TEMPLATES = Path(__file__).parent / "templates"


class SessionBytecode(jinja2.BytecodeCache):
    """Compiled templates kept in memory for a `mkdocs serve` session.

    MkDocs makes a new theme environment on every rebuild, so Material's templates were
    compiled again on every save (about 0.1 s, whatever the handbook's size). Jinja keeps
    each template's code with the checksum of its source and compiles again when the
    source changed, so an edited theme override is never served stale."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def make_environment(custom_templates: Path | None = None) -> jinja2.Environment:
    """One environment per build, so templates compile once and serve every page.

    With `custom_templates` (the option of that name), a template in that folder replaces
    the package's template of the same name, wherever it is used: a page, an included
    macro file, an embed (`embeds/...`). The rest come from the package, as mkdocstrings
    does with its `custom_templates`."""
    package = jinja2.FileSystemLoader(str(TEMPLATES))
    loader: jinja2.BaseLoader = package
    if custom_templates is not None:
        loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(custom_templates)), package])
    environment = jinja2.Environment(
        loader=loader,
        autoescape=True,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        auto_reload=False,
        extensions=["jinja2.ext.i18n"],
    )
    # The words in the build's language (views.messages); plain text, so autoescape escapes
    # a translation or a site's `labels:` override like any other value.
    environment.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=messages._, ngettext=messages.ngettext, newstyle=False
    )
    # `_` straight to the words, not through the extension's alias, which looks `gettext` up
    # in the context and calls it there: the same text, one template call instead of two
    # for each of the 50 or so words of a stage page.
    environment.globals["_"] = messages._
    environment.globals["format_number"] = _number
    environment.globals["page_language"] = _language
    environment.filters.update(
        literal=markdown_text, text=html_text, href=href, day=_day, attributes=html_attributes
    )
    environment.globals.update(
        anchor=heading_anchor,
        chips=chips,
        plural=plural,
        number_word=number_word,
        EMOTION_LABELS=EMOTION_LABELS,
        SEVERITIES=SEVERITIES,
        JOURNEY_TYPE_LABELS=JOURNEY_TYPE_LABELS,
        LANES=LANES,
        PAIN_STATUS_LABELS=PAIN_STATUS_LABELS,
        REVIEW_LABELS=REVIEW_LABELS,
        EVIDENCE_BADGES=EVIDENCE_BADGES,
        PAINT=PAINT,
    )
    return environment


def heading_anchor(
    identifier: str | None,
    *,
    search: bool = True,
    section: bool = False,
    item: RowKeys | None = None,
) -> Markup:
    """attr_list's `{: #id }` after a heading; ids are slugs, checked by the model.

    Not the shorter `{#id}`: templating plugins (mkdocs-macros, markdownextradata) read
    pages as Jinja, where `{#` opens a comment. No generated page contains `{{`, `{%` or `{#`.

    `search=False` leaves the section out of search (`data-search-exclude`, which Material's
    search and Zensical honour): for overviews that list items found on their own pages, so
    that a search finds each item once, at its home, and no section grows with the handbook
    (Zensical stops a build on a section of more than 16,384 words).

    The overviews' filter (site/assets/journey-maps.js) reads two more marks on headings:
    `section=True` (`data-jm-section`) marks a section it hides, heading and all, when a
    filter is set and none of its items or rows shows; `item` (views.overviews.RowKeys) makes
    the heading an item's, carrying its row's `data-jm-<facet>` values, so the item (heading
    and everything up to the next heading as high) hides with its row. `identifier=None`
    keeps the heading's own id. Values are ids and never hold a quote.
    """
    parts = [f"#{identifier}"] if identifier else []
    parts += [] if search else ["data-search-exclude"]
    parts += ["data-jm-section"] if section else []
    parts += [f'{name}="{value}"' for name, value in (item.item_attributes if item else [])]
    return Markup("{: " + " ".join(parts) + " }")


def _number(value: float, decimals: int | None = None) -> str:
    """`1,234` or `3.5` as the build's language writes it (`1.234`, `3,5` in German)."""
    return messages.current().number(value, decimals)


def _day(value: dt.date) -> str:
    """A date as the build's language writes it (ISO 8601 in English)."""
    return messages.current().date(value)


def _language() -> str:
    """The build's language, for pages the theme does not frame (forwarding pages)."""
    return messages.current().language


def _finalize(value: Any) -> Any:
    """Print nothing for None; escape every plain value, braces included."""
    if value is None:
        return ""
    if isinstance(value, Markup | int):
        return value
    return html_text(value)


def html_attributes(pairs: Iterable[tuple[str, str]]) -> Markup:
    """` name="value"` for each pair, the value escaped: the data-* marks the overviews'
    filter reads on each row and item (views.overviews.RowKeys). One call per row: written
    as a template loop, two outputs per attribute cost 0.4 s of each `serve` save at 5,000
    stage pages. Names are the views' own (`data-jm-...`), never the author's."""
    return Markup("".join(f' {name}="{html_text(value)}"' for name, value in pairs))


def one_block(html: str) -> Markup:
    """An HTML fragment on one line, so Markdown keeps it as a single raw block."""
    return Markup(" ".join(line.strip() for line in html.splitlines() if line.strip()))
