"""The Jinja environment the page templates run in, and the filters that keep text inert.

Every template autoescapes. In templates, `literal` shows plain author text in Markdown
(nothing in it can act as Markdown syntax), `text` in HTML, `href` a checked web URL;
the global `render_markdown` renders the fields the format marks as Markdown.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..source.model import EMOTION_LABELS, SEVERITIES
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

TEMPLATES = Path(__file__).parent / "templates"


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
    environment.filters["literal"] = markdown_text
    environment.filters["text"] = html_text
    environment.filters["href"] = href
    environment.globals["anchor"] = heading_anchor
    environment.globals["plural"] = plural
    environment.globals["EMOTION_LABELS"] = EMOTION_LABELS
    environment.globals["SEVERITIES"] = SEVERITIES
    environment.globals["JOURNEY_TYPE_LABELS"] = JOURNEY_TYPE_LABELS
    environment.globals["LANES"] = LANES
    environment.globals["PAIN_STATUS_LABELS"] = PAIN_STATUS_LABELS
    environment.globals["REVIEW_LABELS"] = REVIEW_LABELS
    environment.globals["EVIDENCE_BADGES"] = EVIDENCE_BADGES
    environment.globals["number_word"] = number_word
    return environment


def heading_anchor(identifier: str, *, search: bool = True) -> Markup:
    """attr_list's `{: #id }` after a heading; ids are slugs, checked by the model.

    Not the shorter `{#id}`: templating plugins (mkdocs-macros, markdownextradata) read
    pages as Jinja, where `{#` opens a comment. No generated page contains `{{`, `{%` or `{#`.

    `search=False` leaves the section out of search (`data-search-exclude`, which Material's
    search and Zensical honour): for overviews that list items found on their own pages, so
    that a search finds each item once, at its home, and no section grows with the handbook
    (Zensical stops a build on a section of more than 16,384 words).
    """
    exclude = "" if search else " data-search-exclude"
    return Markup("{: #" + identifier + exclude + " }")


def _finalize(value: Any) -> Any:
    """Print nothing for None; escape every plain value, braces included."""
    if value is None:
        return ""
    if isinstance(value, Markup | int):
        return value
    return html_text(value)


def one_block(html: str) -> Markup:
    """An HTML fragment on one line, so Markdown keeps it as a single raw block."""
    return Markup(" ".join(line.strip() for line in html.splitlines() if line.strip()))
