"""Make author text safe in each place it is shown: HTML, Markdown and Markdown fields.

* `html_text`: plain text inside HTML; also hides `{` `}` so a templating plugin
  (mkdocs-macros) running over the page cannot evaluate `{{ ... }}` from the YAML.
* `markdown_text`: plain text inside generated Markdown. Every ASCII punctuation mark
  becomes a numeric character reference, which Python-Markdown passes through untouched,
  so no extension (emphasis, emoji `:x:`, snippets `--8<--`, attr lists `{...}`) can
  read author text as syntax, whatever the site enables.
* `MarkdownFields.render`: fields the format marks as Markdown, rendered with raw
  HTML shown as text, then rewritten by `sanitize_html` to an allow-list of tags and
  attributes (no id, class, style or `on*`) with links limited to http, https, mailto and
  relative targets; a field over the size or nesting bounds is shown as plain text.
  See SECURITY.md.
"""

from __future__ import annotations

import html
import re
import string
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from urllib.parse import quote

import markdown
from markupsafe import Markup, escape

if TYPE_CHECKING:
    import xml.etree.ElementTree as etree

__all__ = [
    "MARKDOWN_MAX_NESTING",
    "MarkdownFields",
    "href",
    "html_text",
    "html_title",
    "is_safe_link",
    "markdown_field_problem",
    "markdown_text",
]

_ENTITY_FOR = {ord(c): f"&#{ord(c)};" for c in string.punctuation}
_BRACES = {ord("{"): "&#123;", ord("}"): "&#125;"}


def one_line(value: object) -> str:
    return " ".join(str(value).split())


def html_text(value: object) -> Markup:
    """Plain text for an HTML context (element content or quoted attribute)."""
    if isinstance(value, Markup):
        return value
    text = escape(value)
    return Markup(text.translate(_BRACES)) if "{" in text or "}" in text else text


def html_title(value: object) -> Markup:
    """A page or nav title: themes print titles as HTML, and `<title>` must not be closed early."""
    return html_text(one_line(value).replace("</", "<\u200b/"))


def href(url: str) -> Markup:
    """A validated web URL made safe inside a Markdown link: no spaces, brackets or quotes."""
    return Markup(quote(url, safe=":/?#[]@!$&'*+,;=%~"))


def markdown_text(value: object) -> Markup:
    """Plain text for a Markdown inline context (heading, list item, table cell, link text)."""
    return Markup(one_line(value).translate(_ENTITY_FOR))


# --- links ---------------------------------------------------------------------------------------

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
"""The only URL schemes a link or image in a Markdown field may use; no scheme is a relative link."""

# What a browser ignores or drops inside a URL: whitespace, C0 and C1 controls, DEL, and the
# invisible format characters (zero-width space and joiners, word joiner, BOM, soft hyphen).
_INVISIBLE = re.compile(
    r"[\s\x00-\x20\x7f-\x9f\u00ad\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]+"
)
_ENTITY_ROUNDS = 8


def _decoded(url: str) -> str:
    """`url` as a browser would read it, decoded again until nothing changes, then squeezed."""
    url = url.replace(markdown.util.AMP_SUBSTITUTE, "&")
    for _ in range(_ENTITY_ROUNDS):
        decoded = html.unescape(url)
        if decoded == url:
            break
        url = decoded
    return _INVISIBLE.sub("", url).lower()


def is_safe_link(href: str) -> bool:
    """Web, mail and relative links only: no `javascript:`, `data:`, `vbscript:`, `feed:`...

    The target is judged as a browser reads it: character references decoded (repeatedly, so
    `&amp;#106;` counts too), whitespace, controls and zero-width characters removed,
    lowercased. A colon before the first `/`, `?` or `#` starts a scheme, and the scheme must be
    http, https or mailto; with no colon there it is a relative link or a fragment.
    """
    cleaned = _decoded(href)
    match = re.search(r"[:/?#]", cleaned)
    if match is None or match.group() != ":":
        return True
    return cleaned[: match.start()] in SAFE_SCHEMES


# --- what a Markdown field may produce -----------------------------------------------------------

# Every tag Python-Markdown's core plus sane_lists, fenced_code and tables writes; any other tag
# is dropped (its text kept). Attributes: only these, per tag; everything else (id, class,
# style, name, for, form, on*, data-*, ...) is dropped. Links and images are checked.
_PLAIN_TAGS = (
    "p br hr h1 h2 h3 h4 h5 h6 strong em b i code pre blockquote ul li table thead tbody tr span"
)
_ALLOWED: dict[str, frozenset[str]] = {
    **{tag: frozenset() for tag in _PLAIN_TAGS.split()},
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title"}),
    "ol": frozenset({"start"}),
    "th": frozenset({"align"}),
    "td": frozenset({"align"}),
}
_VOID = frozenset({"br", "hr", "img"})
_ALIGN = frozenset({"left", "right", "center"})
_UNSAFE_LINK = "jm-unsafe-link"


def _attribute(value: str) -> str:
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .translate(_BRACES)
    )


def _text(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").translate(_BRACES)


class _Sanitizer(HTMLParser):
    """Rewrite rendered Markdown keeping only allowed tags and attributes, balanced.

    The HTML is read the way a browser tokenises it (character references in text and
    attributes decoded), every value is judged decoded, and written back fully escaped: what
    the browser sees is exactly what was judged.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self._open: list[tuple[str, str | None]] = []  # (tag as read, tag as written or None)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        written = self._start(tag, {name: value or "" for name, value in attrs})
        if tag not in _VOID:
            self._open.append((tag, written))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        written = self._start(tag, {name: value or "" for name, value in attrs})
        if written is not None and written not in _VOID:
            self.out.append(f"</{written}>")

    def _start(self, tag: str, attrs: dict[str, str]) -> str | None:
        allowed = _ALLOWED.get(tag)
        if allowed is None:
            return None
        kept: list[tuple[str, str]] = []
        if tag == "span" and attrs.get("class") == _UNSAFE_LINK:
            kept.append(("class", _UNSAFE_LINK))
        for name, value in attrs.items():
            if name not in allowed:
                continue
            if name in ("href", "src") and not is_safe_link(value):
                return self._unsafe(tag, attrs)
            if name == "start" and not value.isdigit():
                continue
            if name == "align" and value not in _ALIGN:
                continue
            kept.append((name, value))
        self.out.append(f"<{tag}" + "".join(f' {n}="{_attribute(v)}"' for n, v in kept) + ">")
        return tag

    def _unsafe(self, tag: str, attrs: dict[str, str]) -> str | None:
        """A link keeps its words and an image its alt text, as plain text."""
        self.out.append(f'<span class="{_UNSAFE_LINK}">')
        if tag == "img":
            self.out.append(_text(attrs.get("alt", "")) + "</span>")
            return None
        return "span"

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                for _, written in reversed(self._open[index:]):
                    if written is not None:
                        self.out.append(f"</{written}>")
                del self._open[index:]
                return

    def handle_data(self, data: str) -> None:
        self.out.append(_text(data))

    def result(self) -> str:
        self.close()
        for _, written in reversed(self._open):
            if written is not None:
                self.out.append(f"</{written}>")
        self._open.clear()
        return "".join(self.out)


def sanitize_html(fragment: str) -> str:
    """Only allowed tags and attributes of `fragment`, links checked, `{` `}` hidden."""
    sanitizer = _Sanitizer()
    sanitizer.feed(fragment)
    return sanitizer.result()


# --- bounds ----------------------------------------------------------------------------------------

MARKDOWN_MAX_CHARS = 10_000
"""A Markdown field longer than this is shown as plain text.

Python-Markdown's inline processing costs up to (matches x length) per paragraph, so the size
bounds the time of the worst field (under 0.1 s); 10,000 characters is about 1,500 words."""
MARKDOWN_MAX_NESTING = 16
"""Deepest list or blockquote nesting rendered as Markdown (Python-Markdown recurses per level)."""
MARKDOWN_MAX_BRACKET_WORK = 200_000
"""Bound on the characters Python-Markdown scans to match `[` `]` and `(` `)` of links."""
MARKDOWN_MAX_BLOCK_WORK = 1_000_000
"""Bound on the characters Python-Markdown's block parser reads again after splitting a
paragraph. A heading (`# Title`, or a line underlined with `===` or `---`) or a rule
(`***`) inside a paragraph splits it: the parser takes the lines up to it and puts the
rest back, and every block processor reads that rest again. 2,500 underlined headings
with no blank line between them, in one 10,000-character field, took 0.6 s; a persona
file of such fields, 40 s. At the bound a field takes about 25 ms."""

_SPLITS_PARAGRAPH = re.compile(r"[ \t>]*(?:#|[=-]+[ \t]*$|(?:[-*_][ \t]{0,2}){3,}$)", re.MULTILINE)
"""A line that ends a paragraph and sends the rest of it back to the parser: an ATX
heading, a setext underline or a rule, also inside quotes and list items (counted
whatever the indentation, so the count is an upper bound)."""
_MARKERS = re.compile(r"(?:[ \t]*(?:>|(?:[-*+]|[0-9]{1,9}[.)])(?=[ \t]|$)))+")
_MARKER = re.compile(r">|[-*+]|[0-9]{1,9}[.)]")


def _nesting(source: str) -> int:
    """The deepest list or blockquote nesting a line could reach: a line's markers (`>`, `-`,
    `1.`...) plus one level per 4 columns of indentation in front of them. An upper bound:
    the real depth also needs the enclosing items on the lines above."""
    deepest = 0
    for line in source.splitlines():
        expanded = line.expandtabs(4)
        stripped = expanded.lstrip(" ")
        markers = _MARKERS.match(stripped)
        if markers is None:
            continue
        depth = (len(expanded) - len(stripped)) // 4 + len(_MARKER.findall(markers.group()))
        deepest = max(deepest, depth)
    return deepest


def _bracket_work(source: str) -> int:
    """About how many characters the link patterns scan: from each `[` or `(` to its match
    (to the end of the paragraph when unmatched)."""
    work = 0
    for paragraph in re.split(r"\n[ \t]*\n", source):
        if "[" not in paragraph and "(" not in paragraph:
            continue
        stacks: dict[str, list[int]] = {"[": [], "(": []}
        closing = {"]": "[", ")": "("}
        for position, char in enumerate(paragraph):
            if char in stacks:
                stacks[char].append(position)
            elif char in closing and stacks[closing[char]]:
                work += position - stacks[closing[char]].pop()
        work += sum(len(paragraph) - opened for stack in stacks.values() for opened in stack)
        if work > MARKDOWN_MAX_BRACKET_WORK:
            break
    return work


def _block_work(source: str) -> int:
    """About how many characters the block parser reads again: for each paragraph (text
    between blank lines), the lines that split it times its length."""
    work = 0
    for paragraph in re.split(r"\n[ \t]*\n", source):
        splits = sum(1 for _ in _SPLITS_PARAGRAPH.finditer(paragraph))
        work += splits * len(paragraph)
        if work > MARKDOWN_MAX_BLOCK_WORK:
            break
    return work


def markdown_field_problem(source: str) -> str | None:
    """Why a Markdown field is shown as plain text instead of rendered, or None when it renders.

    For validation to report; rendering applies the same bounds on its own.
    """
    if len(source) > MARKDOWN_MAX_CHARS:
        return (
            f"Markdown field is {len(source):,} characters, over the limit of "
            f"{MARKDOWN_MAX_CHARS:,}: it is shown as plain text, not rendered"
        )
    depth = _nesting(source)
    if depth > MARKDOWN_MAX_NESTING:
        return (
            f"Markdown field nests lists or quotes {depth} levels deep, over the limit of "
            f"{MARKDOWN_MAX_NESTING}: it is shown as plain text, not rendered"
        )
    if _bracket_work(source) > MARKDOWN_MAX_BRACKET_WORK:
        return (
            "Markdown field has too many unbalanced or nested [ ] or ( ) to render "
            "as links in reasonable time: it is shown as plain text, not rendered"
        )
    if _block_work(source) > MARKDOWN_MAX_BLOCK_WORK:
        return (
            "Markdown field has too many headings or rules with no blank line between "
            "them to render in reasonable time: it is shown as plain text, not rendered"
        )
    return None


def plain_paragraphs(source: str) -> Markup:
    """Every character of `source` as text: paragraphs at blank lines, line breaks kept."""
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", source.replace("\r\n", "\n")) if p.strip()]
    return Markup(
        "\n".join(
            '<p class="jm-md-plain">'
            + "<br>\n".join(_text(line) for line in p.split("\n"))
            + "</p>"
            for p in paragraphs
        )
    )


class _SafeLinks(markdown.treeprocessors.Treeprocessor):
    """Turn links and images with unsafe targets into plain text, keeping their words.

    Runs after Python-Markdown's own unescaping, so `\\:` in a target is judged as `:`.
    `sanitize_html` checks the finished HTML again, whatever wrote it.
    """

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                target = element.get(attribute)
                if target is not None and not is_safe_link(target):
                    del element.attrib[attribute]
                    element.tag = "span"
                    element.set("class", _UNSAFE_LINK)
                    if attribute == "src":
                        element.text = element.attrib.pop("alt", "")


class MarkdownFields:
    """One Markdown converter per build for the format's Markdown fields.

    Output contract: raw HTML in the source is shown as text; only the tags and attributes
    in `_ALLOWED` survive (no id, class, style or event handler, so a field can neither take
    a theme id like `__config` nor another item's anchor); links and images use http, https,
    mailto or a relative target; a field over the bounds above is shown as plain paragraphs.
    """

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            extensions=["sane_lists", "fenced_code", "tables"],
            extension_configs={"tables": {"use_align_attribute": True}},
            output_format="html",
        )
        # Raw HTML written in YAML is shown as text, never passed through.
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._md.treeprocessors.register(_SafeLinks(self._md), "journey_maps_safe_links", -10)
        self._rendered: dict[str, Markup] = {}
        """By source text: a field shown on several pages (its stage page, the journey's
        grid) is converted and sanitised once per build."""

    def render(self, source: str | None) -> Markup:
        if not source:
            return Markup("")
        if source not in self._rendered:
            self._rendered[source] = self._render(source)
        return self._rendered[source]

    def _render(self, source: str) -> Markup:
        if markdown_field_problem(source) is not None:
            return plain_paragraphs(source)
        try:
            rendered = self._md.reset().convert(source)
        except RecursionError:
            self._md = type(self)()._md  # a converter left half-way is not reused
            return plain_paragraphs(source)
        return Markup(sanitize_html(rendered))
