"""Large raw HTML blocks of a generated page kept out of MkDocs' Markdown pass.

A journey's grid and the cross-persona registers are raw HTML inside the page's Markdown:
Markdown only passes them through, yet parsing them to find where they end (md_in_html)
and MkDocs' scan of the source for anchor ids cost more than the rest of the page. In
the plugin's build, each such block becomes a one-line placeholder before MkDocs renders
the page and is put back when the HTML is ready (`on_page_content`), unchanged but for a
few characters beyond Latin-1 written as character references (`_narrow`). The
`journey-maps render` path writes the whole Markdown, as other hosts need it.

A block qualifies only when Markdown would pass it through unchanged: outside fenced code,
a paragraph of one or more whole block-level elements (`div`, `table`, `p`, `ol`, `ul`,
`blockquote`, `nav`), each starting a line, with nothing between them but the line break,
and no `markdown` attribute (md_in_html would rewrite it). Small blocks qualify too: a
stage page's sections are each a few such elements (site/templates/stage.md.j2).

A block that search leaves out anyway comes back only after the search plugins have read
the page (`unsearched`): one element that says `data-search-exclude`, or any block under a
heading that says it (Material leaves out the heading's whole section), as long as the
block holds no heading with an id that search reads (it would start a section of its own;
one that says `data-search-exclude` too starts a section search leaves out). Material's
search would parse such a block only to skip it; MkDocs' own search, which ignores the
attribute, now leaves it out too.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Collection

__all__ = ["DeferredPage", "defer_html", "restore_html"]

_PLACEHOLDER = '<div data-jm-deferred="{}"></div>'
_PLACEHOLDERS = re.compile(r'<div data-jm-deferred="(\d+)"></div>')
_FENCE = re.compile(r"^(```|~~~)")
_BLOCK_ELEMENT = re.compile(r"<(/?)(div|table|p|ol|ul|blockquote|nav)[\s>]")
"""The block-level tags a generated block is made of (they nest; no other tag is counted)."""
_ID = re.compile(r'id="([^"]*)"')
"""An id attribute, where whitespace comes before it (see _anchor_ids)."""
_UNSEARCHED = re.compile(r"<(?:div|table|nav)\b[^>]*\sdata-search-exclude[\s>=]")
_HEADING_WITH_ID = re.compile(r"<h[1-6]\b(?![^>]*\sdata-search-exclude[\s>=])[^>]*\sid=")
"""A heading that starts a section search reads (one saying `data-search-exclude` does not)."""
_RAW_TEXT_ELEMENT = re.compile(r"<(?:script|style)\b", re.IGNORECASE)
"""Elements whose text a browser does not read character references in (see _narrow)."""
_NARROWED_GROWTH = 1.05
"""How much longer character references may make a block (see _narrow): a few percent."""


@dataclass
class DeferredPage:
    """The Markdown MkDocs renders, the blocks taken out, and the anchor ids they hold."""

    markdown: str
    blocks: list[str]
    anchor_ids: set[str]
    unsearched: frozenset[int] = frozenset()
    """The numbers of the blocks search leaves out: put back after it read the page."""

    def unsearched_only(self) -> DeferredPage:
        """What is left to put back once the searched blocks are in: the blocks search
        leaves out, at their numbers (the others empty)."""
        blocks = [block if n in self.unsearched else "" for n, block in enumerate(self.blocks)]
        return DeferredPage("", blocks, set(), self.unsearched)


def defer_html(markdown: str) -> DeferredPage:
    """Take the large raw HTML blocks out of `markdown`, leaving placeholders."""
    chunks = markdown.split("\n\n")
    del markdown  # a register page is megabytes: its caller passes it on, kept only as chunks
    blocks: list[str] = []
    unsearched: set[int] = set()
    fenced = False
    section_unsearched = False  # in a section whose heading search leaves out
    for index, chunk in enumerate(chunks):
        # Line breaks around it stay: they only separate blocks (the last ends the page).
        block = chunk.strip("\n")
        if not fenced and _qualifies(block):
            before, after = chunk.split(block, 1)
            chunks[index] = before + _PLACEHOLDER.format(len(blocks)) + after
            if _HEADING_WITH_ID.search(block) is None:
                if section_unsearched or _one_unsearched_element(block):
                    unsearched.add(len(blocks))
            else:
                section_unsearched = False  # a heading inside starts a section we do not know
            blocks.append(_narrow(block))
            continue
        if not fenced and _HEADING_WITH_ID.search(chunk) is not None:
            section_unsearched = False
        for line in chunk.split("\n"):
            if _FENCE.match(line.lstrip()):
                fenced = not fenced
            elif not fenced and line.startswith("#"):  # a heading: a section begins
                section_unsearched = "data-search-exclude" in line
    ids = {found for block in blocks for found in _anchor_ids(block)}
    return DeferredPage("\n\n".join(chunks), blocks, ids, frozenset(unsearched))


def _narrow(html: str) -> str:
    """`html` with its few characters beyond Latin-1 written as character references
    (`›` as `&#8250;`): the same page to a browser and to search, which read references as
    the characters, but CPython then holds it one byte a character, not two or four.

    A register or touchpoints page is one block of megabytes, and one `›` or `—` in it
    made every copy of it twice the size: at 5,000 stage pages its build peaked 6-19 MiB
    higher (docs/performance.md, "Memory"). A block of mostly other scripts stays as it is
    (references would make it larger), and so does one with a script or style element,
    whose text is not read for references."""
    if html.isascii():
        return html
    encoded = html.encode("latin-1", "xmlcharrefreplace")
    if len(encoded) == len(html) or len(encoded) > len(html) * _NARROWED_GROWTH:
        return html
    if _RAW_TEXT_ELEMENT.search(html) is not None:
        return html
    return encoded.decode("latin-1")


def restore_html(content: str, blocks: list[str], numbers: Collection[int] | None = None) -> str:
    """The page's HTML with each placeholder replaced by its block, or only those of
    `numbers` (one that names no block of this page stays as it is: never an IndexError
    from a page's text)."""

    def block(found: re.Match[str]) -> str:
        number = int(found.group(1))
        if number >= len(blocks) or (numbers is not None and number not in numbers):
            return found.group(0)
        return blocks[number]

    return _PLACEHOLDERS.sub(block, content)


def _anchor_ids(block: str) -> set[str]:
    """The values of the block's id attributes (not `data-id` or `aria-id`). A literal
    pattern, with the whitespace before it checked after: a lookbehind at its start made the
    regex try every position of a register's megabytes (four times slower)."""
    return {
        html.unescape(found.group(1))
        for found in _ID.finditer(block)
        if block[found.start() - 1 : found.start()].isspace()
    }


def _one_unsearched_element(block: str) -> bool:
    """Whether the block is one element (`div`, `table` or `nav`) that says
    `data-search-exclude`, and nothing after it that search would read."""
    if _UNSEARCHED.match(block) is None:
        return False
    depth = 0
    for tag in _BLOCK_ELEMENT.finditer(block):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return block.index(">", tag.start()) + 1 == len(block)
    return False


def _qualifies(chunk: str) -> bool:
    """Whether `chunk` is whole block-level elements, each starting a line, that Markdown
    would keep as raw HTML: no text outside them and no `markdown` attribute."""
    if not chunk.startswith("<") or not chunk.endswith(">") or "markdown=" in chunk:
        return False
    depth = 0
    closed_at = 0  # where the last element at the top closed
    for tag in _BLOCK_ELEMENT.finditer(chunk):
        if depth == 0 and chunk[closed_at : tag.start()] != ("\n" if closed_at else ""):
            return False  # text, or an element not starting a line, at the top
        depth += -1 if tag.group(1) else 1
        if depth < 0:
            return False
        if depth == 0:
            closed_at = chunk.index(">", tag.start()) + 1
    return depth == 0 and closed_at == len(chunk)
