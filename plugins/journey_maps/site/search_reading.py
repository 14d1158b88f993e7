"""A generated page's HTML as Material's search reads it: the same index, less to parse.

Material's search parses each page's HTML with Python's HTMLParser, a few Python calls
per tag and per run of text, and keeps only the text and a few tags (`p`, `li`, `code`,
`pre`...). A stage page holds about twice the tags of the page a team would write by
hand (a link for every touchpoint, a chip for every emotion and status), so search spent
about twice as long on it. `for_search` takes out the tags of links, chips and bold text
(`a`, `span`, `strong`, `em`), keeping their words, where search reads the same words
either way:

* both tags of an element go, or neither (search tracks which elements are open);
* never a link search leaves out (`data-search-exclude`, an item's "permalink") or a
  heading's permalink (`class="headerlink"`, whose mark search drops from a title), nor
  their words;
* never next to text that is only whitespace: search turns such a run into one space, or
  into nothing after another such run, so joining it to the words beside it could change
  the spaces of the index. Words joined to words read the same.

The build hands search this copy and puts the page back right after (build.py
`SiteBuild.read_by_search`), only when nothing but Material's search reads the page in
between. A page with a `span`, `strong` or `em` that says `data-search-exclude` is given
whole.
"""

from __future__ import annotations

import re

__all__ = ["for_search"]

_TAG = re.compile(r"(<[^>]*>)")
_INLINE = re.compile(r"<(/?)(a|span|strong|em)(?=[\s>])")
"""The start of a tag whose element search reads the words of but keeps no trace of."""
_KEPT_LINK = re.compile(r"\sdata-search-exclude[\s>=]|\sclass=\"headerlink\"")
_EXCLUDED_INLINE = re.compile(r"<(?:span|strong|em)\b[^>]*\sdata-search-exclude[\s>=]")


def for_search(html: str) -> str:
    """`html` without the tags Material's search would only parse to ignore; `html`
    itself when none can go."""
    if _EXCLUDED_INLINE.search(html) is not None:
        return html
    parts = _TAG.split(html)  # text, tag, text, tag, ..., text
    open_at: dict[str, list[int | None]] = {"a": [], "span": [], "strong": [], "em": []}
    dropped: list[int] = []
    for index in range(1, len(parts), 2):
        found = _INLINE.match(parts[index])
        if found is None:
            continue
        closing, name = found.groups()
        if not closing:
            kept = name == "a" and _KEPT_LINK.search(parts[index]) is not None
            open_at[name].append(None if kept or not _beside_words(parts, index) else index)
            continue
        if not open_at[name]:
            continue
        opened = open_at[name].pop()
        if opened is not None and _beside_words(parts, index):
            dropped += [opened, index]
    if not dropped:
        return html
    for index in dropped:
        parts[index] = ""
    return "".join(parts)


def _beside_words(parts: list[str], index: int) -> bool:
    """Whether the text on each side of the tag at `index` is empty or holds a word."""
    return all(not text or not text.isspace() for text in (parts[index - 1], parts[index + 1]))
