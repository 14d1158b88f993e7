"""The grid's and the registers' HTML kept out of the Markdown pass: the same site, byte for
byte, as with every block inside the Markdown, and every anchor in it still known to
MkDocs' link validation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from conftest import build_project, make_project, mkdocs_warnings

import journey_maps.build
from journey_maps.site import deferred_html

if TYPE_CHECKING:
    from collections.abc import Collection
    from pathlib import Path

    import pytest

STRICT_ANCHORS = {"validation": {"links": {"anchors": "warn"}}}


def _files(site: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(site)): path.read_bytes() for path in site.rglob("*") if path.is_file()
    }


def test_deferred_blocks_leave_the_built_site_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    restored: list[int] = []

    def counting_restore(content: str, blocks: list[str], numbers: Collection[int]) -> str:
        restored.append(len(numbers))
        return deferred_html.restore_html(content, blocks, numbers)

    monkeypatch.setattr(journey_maps.build, "restore_html", counting_restore)
    deferred = build_project(make_project(tmp_path / "on", from_fixture="small"), **STRICT_ANCHORS)
    # The journey pages' grids, the registers; the search-excluded ones after search (the
    # search index below is the same: search never needed them).
    assert sum(restored) > 0
    assert mkdocs_warnings(caplog) == []

    monkeypatch.setattr(deferred_html, "MIN_DEFERRED", 10**12)
    inline = build_project(make_project(tmp_path / "off", from_fixture="small"), **STRICT_ANCHORS)
    assert _files(deferred.site_dir) == _files(inline.site_dir)
