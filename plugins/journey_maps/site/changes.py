"""The semantic diff and a map's history as page text: the pull-request comment in Markdown,
and the "Changes" section of a journey page. Author text is always escaped here."""

from __future__ import annotations

from functools import partial
from typing import Any

import jinja2
from markupsafe import Markup

from ..views.diff import Change, HandbookDiff, JourneyDiff, status_words
from .escaping import href, is_safe_link, markdown_text
from .paths import SitePaths


def change_markdown(change: Change) -> Markup:
    """A change as one line of inline Markdown: author text escaped, the rest as written."""
    return Markup("").join(
        markdown_text(text) if author else Markup(text) for text, author in change.segments()
    )


def journey_urls(
    diff: HandbookDiff, site_url: str | None, paths: SitePaths
) -> dict[tuple[str, str], str]:
    """Absolute URLs of the built journey pages of every journey still there."""
    if (
        not site_url
        or not is_safe_link(site_url)
        or not site_url.startswith(("https://", "http://"))
    ):
        return {}
    base = site_url.rstrip("/") + "/"
    return {
        (j.persona, j.journey): base + paths.page_url(paths.journey(j.persona, j.journey))
        for j in diff.journeys
        if j.status != "removed"
    }


def diff_markdown(
    diff: HandbookDiff,
    environment: jinja2.Environment,
    *,
    old: str,
    new: str,
    urls: dict[tuple[str, str], str] | None = None,
) -> str:
    """The diff as a pull-request comment: a summary line, then a section per journey."""
    return environment.get_template("diff.md.j2").render(
        diff=diff,
        old=old,
        new=new,
        urls=urls or {},
        change_markdown=change_markdown,
        status_words=status_words,
        href=href,
    )


def journey_heading(journey: JourneyDiff) -> str:
    return f"{journey.persona_name} / {journey.title}"


def history_context(src_uri: str, paths: SitePaths, **context: Any) -> dict[str, Any]:
    """What the Changes block of a journey page needs besides the history itself."""
    return {"url": partial(paths.url, src_uri), "change_markdown": change_markdown, **context}
