"""Large raw HTML blocks of a generated page kept out of MkDocs' Markdown pass.

A journey's grid and the cross-persona registers are raw HTML inside the page's Markdown:
Markdown only passes them through, yet parsing them to find where they end (md_in_html)
and MkDocs' scan of the source for anchor ids cost more than the rest of the page. In
the plugin's build, each such block becomes a one-line placeholder before MkDocs renders
the page and is put back, unchanged, when the HTML is ready (`on_page_content`). The
`journey-maps render` path writes the whole Markdown, as other hosts need it.

A block qualifies only when Markdown would pass it through unchanged: it starts a
paragraph at the start of a line with `<div` or `<table`, has no `markdown` attribute
(md_in_html would rewrite it) and is outside fenced code.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

__all__ = ["DeferredPage", "defer_html", "restore_html"]

MIN_DEFERRED = 2000
"""Characters: smaller blocks are cheap to parse and stay in the Markdown."""

_PLACEHOLDER = '<div data-jm-deferred="{}"></div>'
_PLACEHOLDERS = re.compile(r'<div data-jm-deferred="(\d+)"></div>')
_FENCE = re.compile(r"^(```|~~~)")
_OPENS = ("<div", "<table")
_ID = re.compile(r'(?<=\s)id="([^"]*)"')


@dataclass
class DeferredPage:
    """The Markdown MkDocs renders, the blocks taken out, and the anchor ids they hold."""

    markdown: str
    blocks: list[str]
    anchor_ids: set[str]


def defer_html(markdown: str) -> DeferredPage:
    """Take the large raw HTML blocks out of `markdown`, leaving placeholders."""
    chunks = markdown.split("\n\n")
    blocks: list[str] = []
    fenced = False
    for index, chunk in enumerate(chunks):
        if not fenced and _qualifies(chunk):
            chunks[index] = _PLACEHOLDER.format(len(blocks))
            blocks.append(chunk)
            continue
        for line in chunk.split("\n"):
            if _FENCE.match(line.lstrip()):
                fenced = not fenced
    if not blocks:
        return DeferredPage(markdown, [], set())
    ids = {html.unescape(found) for block in blocks for found in _ID.findall(block)}
    return DeferredPage("\n\n".join(chunks), blocks, ids)


def restore_html(content: str, blocks: list[str]) -> str:
    """The page's HTML with each placeholder replaced by its block (one that names no
    block of this page stays as it is: never an IndexError from a page's text)."""

    def block(found: re.Match[str]) -> str:
        number = int(found.group(1))
        return blocks[number] if number < len(blocks) else found.group(0)

    return _PLACEHOLDERS.sub(block, content)


def _qualifies(chunk: str) -> bool:
    return (
        len(chunk) >= MIN_DEFERRED
        and chunk.startswith(_OPENS)
        and chunk.endswith(("</div>", "</table>"))
        and "markdown=" not in chunk
    )
