"""Where each generated page lives, and links between them.

Paths are built from ids only (which are slugs), so every URL is stable and can never
leave the site. Markdown links use `.md` source paths, which MkDocs rewrites and checks;
raw HTML blocks (the stage grid) are not rewritten by MkDocs, so they get final URLs.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..source.model import Journey, PersonaFile, Stage

__all__ = ["SitePaths"]


class StagePlace(Protocol):
    """Anything that knows the stage it is at: a register entry's `Place`, a touchpoint use."""

    @property
    def persona(self) -> PersonaFile: ...
    @property
    def journey(self) -> Journey: ...
    @property
    def stage(self) -> Stage: ...


@dataclass(frozen=True)
class SitePaths:
    """Source paths (`src_uri`) of the generated pages under `prefix`."""

    prefix: str = "journeys"
    directory_urls: bool = True
    folder_pages: bool = False
    """Stage and team pages as `<id>/index.md` instead of `<id>.md` (same URL with
    directory URLs). For `journey-maps render`: Zensical resolves relative links in raw
    HTML against the source file, MkDocs against the page URL; when both are the same
    folder, the stage grid's links work on either."""

    def _under(self, *parts: str) -> str:
        return posixpath.join(self.prefix, *parts)

    @property
    def landing(self) -> str:
        return self._under("index.md")

    @property
    def touchpoints(self) -> str:
        return self._under("touchpoints", "index.md")

    @property
    def pain_points(self) -> str:
        return self._under("pain-points", "index.md")

    @property
    def opportunities(self) -> str:
        return self._under("opportunities", "index.md")

    @property
    def teams(self) -> str:
        return self._under("teams", "index.md")

    def team(self, team: str) -> str:
        return self._page("teams", team)

    @property
    def tickets(self) -> str:
        return self._under("tickets", "index.md")

    @property
    def review(self) -> str:
        return self._under("review", "index.md")

    def export(self, name: str) -> str:
        """Machine-readable exports: `journeys.json`, `pain-points.csv`, `opportunities.csv`."""
        return self._under(name)

    def schema(self, name: str) -> str:
        """Published JSON Schemas (`persona`, `catalog`) for editors to point at."""
        return self._under("schema", f"{name}.json")

    @property
    def mermaid_script(self) -> str:
        return self._under("assets", "mermaid.min.js")

    @property
    def stylesheet(self) -> str:
        return self._under("assets", "journey-maps.css")

    @property
    def script(self) -> str:
        return self._under("assets", "journey-maps.js")

    def persona(self, persona: str) -> str:
        return self._under(persona, "index.md")

    def journey(self, persona: str, journey: str) -> str:
        return self._under(persona, journey, "index.md")

    def stage(self, persona: str, journey: str, stage: str) -> str:
        return self._page(persona, journey, stage)

    def place(self, place: StagePlace) -> str:
        """The stage page of a place: where a pain point or opportunity lives."""
        return self.stage(place.persona.id, place.journey.id, place.stage.id)

    def _page(self, *parts: str) -> str:
        """A leaf page: `a/b.md`, or `a/b/index.md` with `folder_pages` (same URL)."""
        if self.folder_pages and self.directory_urls:
            return self._under(*parts, "index.md")
        return self._under(*parts[:-1], f"{parts[-1]}.md")

    def link(self, source: str, target: str, anchor: str = "") -> str:
        """A relative Markdown link from page `source` to page `target`."""
        return _relative(posixpath.dirname(source), target) + (f"#{anchor}" if anchor else "")

    def url(self, source: str, target: str, anchor: str = "") -> str:
        """A relative URL from page `source` to page `target`, as MkDocs will publish them."""
        source_url, target_url = self.page_url(source), self.page_url(target)
        base = source_url.rstrip("/") if source_url.endswith("/") else posixpath.dirname(source_url)
        relative = _relative(base, target_url.rstrip("/") or ".")
        if target_url.endswith("/") and not relative.endswith("/"):
            relative += "/"
        return relative + (f"#{anchor}" if anchor else "")

    def output_file(self, src_uri: str) -> str:
        """The HTML file MkDocs writes for a Markdown source path (for redirect pages)."""
        url = self.page_url(src_uri)
        return url + "index.html" if url.endswith("/") or not url else url

    def page_url(self, src_uri: str) -> str:
        """The URL MkDocs gives a Markdown source path (same rule as `File.url`)."""
        return _page_url(src_uri, self.directory_urls)


@cache
def _page_url(src_uri: str, directory_urls: bool) -> str:
    """`SitePaths.page_url`, worked out once per page: every link in an HTML block asks for
    two (about 100,000 calls at 1,000 stage pages); as many entries as there are pages."""
    stem, _ = posixpath.splitext(src_uri)
    name = posixpath.basename(stem)
    if not directory_urls:
        return stem + ".html"
    if name in ("index", "README"):
        parent = posixpath.dirname(stem)
        return parent + "/" if parent else ""
    return stem + "/"


def _relative(start: str, target: str) -> str:
    """`posixpath.relpath` for site paths, without its filesystem calls (it is hot)."""
    start_parts = [p for p in start.split("/") if p and p != "."]
    target_parts = [p for p in target.split("/") if p and p != "."]
    common = 0
    for a, b in zip(start_parts, target_parts, strict=False):
        if a != b:
            break
        common += 1
    parts = [".."] * (len(start_parts) - common) + target_parts[common:]
    return "/".join(parts) or "."
