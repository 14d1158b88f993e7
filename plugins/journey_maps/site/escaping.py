"""Make author text safe in each place it is shown: HTML, Markdown and Markdown fields.

* `html_text`: plain text inside HTML; also hides `{` `}` so a templating plugin
  (mkdocs-macros) running over the page cannot evaluate `{{ ... }}` from the YAML.
* `markdown_text`: plain text inside generated Markdown. Every ASCII punctuation mark
  becomes a numeric character reference, which Python-Markdown passes through untouched,
  so no extension (emphasis, emoji `:x:`, snippets `--8<--`, attr lists `{...}`) can
  read author text as syntax, whatever the site enables.
* `MarkdownFields.render`: fields the format marks as Markdown, rendered with raw
  HTML shown as text and links limited to safe schemes.
"""

from __future__ import annotations

import re
import string
import xml.etree.ElementTree as etree
from urllib.parse import quote

import markdown
from markupsafe import Markup, escape

_ENTITY_FOR = {ord(c): f"&#{ord(c)};" for c in string.punctuation}
_BRACES = {ord("{"): "&#123;", ord("}"): "&#125;"}
_SAFE_SCHEMES = ("http:", "https:", "mailto:")
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")


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


def is_safe_link(href: str) -> bool:
    """Web, mail and relative links only: no `javascript:`, `data:` or `vbscript:`."""
    cleaned = "".join(ch for ch in href if ch.isprintable() and not ch.isspace())
    match = _SCHEME.match(cleaned)
    return match is None or cleaned.lower().startswith(_SAFE_SCHEMES)


class _SafeLinks(markdown.treeprocessors.Treeprocessor):
    """Turn links and images with unsafe targets into plain text, keeping their words."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                target = element.get(attribute)
                if target is not None and not is_safe_link(target):
                    del element.attrib[attribute]
                    element.tag = "span"
                    element.set("class", "jm-unsafe-link")
                    if attribute == "src":
                        element.text = element.attrib.pop("alt", "")


class MarkdownFields:
    """One Markdown converter per build for the format's Markdown fields."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(
            extensions=["sane_lists", "fenced_code", "tables"], output_format="html"
        )
        # Raw HTML written in YAML is shown as text, never passed through.
        self._md.preprocessors.deregister("html_block")
        self._md.inlinePatterns.deregister("html")
        self._md.treeprocessors.register(_SafeLinks(self._md), "journey_maps_safe_links", 0)

    def render(self, source: str | None) -> Markup:
        if not source:
            return Markup("")
        html = self._md.reset().convert(source)
        return Markup(html.translate(_BRACES))
