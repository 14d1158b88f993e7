"""Material's search reads a generated page from a copy with fewer tags
(site/search_reading.py, build.py `hand_to_search`): the built site is the same, byte for
byte, search parsed less, and with any other reader of the pages it reads them whole."""

from __future__ import annotations

from typing import TYPE_CHECKING

from conftest import build_project, make_project, mkdocs_warnings
from material.plugins.search.plugin import SearchIndex

import journey_maps.build

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

STAGE = "journeys/first-time-buyer/buying-a-policy/decision.md"


def _site_files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _links_search_read(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """A spy on Material's search: the links of each page's HTML as it reads it."""
    read: dict[str, int] = {}
    add = SearchIndex.add_entry_from_context

    def reading(self: SearchIndex, page: object) -> None:
        read[page.file.src_uri] = page.content.count("<a ")  # type: ignore[attr-defined]
        add(self, page)

    monkeypatch.setattr(SearchIndex, "add_entry_from_context", reading)
    return read


def test_search_reads_fewer_tags_and_the_site_is_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    read = _links_search_read(monkeypatch)
    copied = build_project(make_project(tmp_path / "copy", from_fixture="small"))
    assert mkdocs_warnings(caplog) == []
    links_read = dict(read)

    with monkeypatch.context() as whole:
        whole.setattr(journey_maps.build.SiteBuild, "hand_to_search", lambda self, page: None)
        kept = build_project(make_project(tmp_path / "whole", from_fixture="small"))

    assert _site_files(copied.site_dir) == _site_files(kept.site_dir)
    # Search read the stage page's links only in the whole build; a hand-written page is
    # always read as it is.
    assert links_read[STAGE] < read[STAGE] - 5, (links_read[STAGE], read[STAGE])
    assert links_read["index.md"] == read["index.md"]
    shown = copied.site_dir / "journeys/first-time-buyer/buying-a-policy/decision/index.html"
    assert 'href="../../../touchpoints/#' in shown.read_text(encoding="utf-8")


def test_with_another_reader_of_the_pages_search_reads_them_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read = _links_search_read(monkeypatch)
    project = make_project(tmp_path, from_fixture="small")
    hook = project / "reader.py"
    hook.write_text("def on_page_context(context, page, config, nav):\n    return context\n")
    build_project(project, hooks=[str(hook)])
    links_read = dict(read)

    with monkeypatch.context() as whole:
        whole.setattr(journey_maps.build.SiteBuild, "hand_to_search", lambda self, page: None)
        build_project(make_project(tmp_path / "whole", from_fixture="small"))
    assert links_read[STAGE] == read[STAGE]
