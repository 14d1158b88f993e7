"""Read built HTML the way a person or a link checker would: text, ids, links, nav order."""

from __future__ import annotations

from html.parser import HTMLParser


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self.ids: list[str] = []
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._anchor_text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(values["id"] or "")
        if tag in ("script", "style"):
            self._skip += 1
        if tag == "a" and values.get("href") is not None:
            self._href = values["href"]
            self._anchor_text = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        if tag == "a" and self._href is not None:
            self.links.append((" ".join("".join(self._anchor_text).split()), self._href))
            self._href = None

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.text.append(data)
        if self._href is not None:
            self._anchor_text.append(data)


def parse(html: str) -> _Collector:
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector


def article(html: str) -> str:
    """The page's content area only (no nav, header or footer)."""
    start = html.index('<article class="md-content__inner md-typeset">')
    return html[start : html.index("</article>", start)]


def text(html: str) -> str:
    return " ".join("".join(parse(html).text).split())


def ids(html: str) -> set[str]:
    return set(parse(html).ids)


def links(html: str) -> dict[str, str]:
    """Link text -> href, for the links of `html` (last one wins on duplicates)."""
    return dict(parse(html).links)


class _DiagramSources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "pre" and "data-jm-mermaid" in values:
            self.sources.append(values["data-jm-mermaid"] or "")


def diagram_sources(html: str) -> list[str]:
    """The Mermaid source of each generated diagram in `html`, as Mermaid gets it: the
    `data-jm-mermaid` of each `pre.jm-diagram__source`, entities decoded."""
    collector = _DiagramSources()
    collector.feed(html)
    collector.close()
    return collector.sources
