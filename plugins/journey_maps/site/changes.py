"""The semantic diff's outputs: plain text for a terminal, the pull-request comment in
Markdown and JSON for scripts; and a map's history as the "Changes" section of its page.
Each is made from the words of `views.diff`; in Markdown, author text is always escaped."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from ..views.diff import Change, HandbookDiff, JourneyDiff, status_words
from .escaping import href, is_safe_link, markdown_text

if TYPE_CHECKING:
    import jinja2

    from .paths import SitePaths

__all__ = ["change_markdown", "diff_json", "diff_markdown", "diff_text", "journey_urls"]

JSON_VERSION = 1
"""Bumped when a key of the diff's JSON output changes meaning or goes away."""


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


def diff_text(diff: HandbookDiff, *, old: str, new: str) -> str:
    """Plain text for a terminal: the summary, then each journey with its changes."""
    lines = [f"journey maps: {old} → {new}", diff.summary()]
    for journey in diff.journeys:
        lines.append("")
        lines.append(f"{journey_heading(journey)} ({status_words(journey)})")
        for change in journey.changes:
            mark = "!" if change.alarming else "-"
            lines.append(f"  {mark} {change.text()}")
    return "\n".join(lines) + "\n"


def diff_json(
    diff: HandbookDiff, *, old: str, new: str, urls: dict[tuple[str, str], str] | None = None
) -> dict[str, Any]:
    """The diff as JSON-ready data; keys are documented in docs/reference.md."""
    links = urls or {}
    return {
        "version": JSON_VERSION,
        "old": old,
        "new": new,
        "worse": diff.worse,
        "summary": diff.summary(),
        "counts": diff.counts().as_json(),
        "journeys": [
            {
                "persona": j.persona,
                "persona_name": j.persona_name,
                "journey": j.journey,
                "title": j.title,
                "status": j.status,
                "former_persona": j.former_persona,
                "former_id": j.former_id,
                "worse": j.worse,
                "summary": j.summary(),
                "url": links.get((j.persona, j.journey)),
                "changes": [
                    {
                        "kind": c.kind,
                        "stage": c.stage,
                        "stage_name": c.stage_name,
                        "item": c.item,
                        "title": c.title,
                        "old": c.old,
                        "new": c.new,
                        "direction": c.direction,
                        "alarming": c.alarming,
                        "text": c.text(),
                    }
                    for c in j.changes
                ],
            }
            for j in diff.journeys
        ],
    }


def journey_heading(journey: JourneyDiff) -> str:
    return f"{journey.persona_name} / {journey.title}"
