"""The HTML blocks of generated pages (the grid, the registers, a stage page's sections)
kept out of the Markdown pass: the same site, byte for byte, as with every block inside
the Markdown (but for the characters beyond Latin-1 that a block writes as references:
deferred_html._narrow), and every anchor in it still known to MkDocs' link validation."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

from conftest import build_project, make_project, mkdocs_warnings

import journey_maps.build
from journey_maps.site import deferred_html

if TYPE_CHECKING:
    from collections.abc import Collection
    from pathlib import Path

    import pytest

STRICT_ANCHORS = {"validation": {"links": {"anchors": "warn"}}}


_WIDE_REFERENCE = re.compile(rb"&#(\d{3,});")


def _files(site: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(site)): path.read_bytes() for path in site.rglob("*") if path.is_file()
    }


def _as_characters(content: bytes) -> bytes:
    """`content` with references to characters beyond Latin-1 written as the characters."""

    def character(found: re.Match[bytes]) -> bytes:
        number = int(found.group(1))
        return chr(number).encode("utf-8") if number > 0xFF else found.group(0)

    return _WIDE_REFERENCE.sub(character, content)


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

    monkeypatch.setattr(deferred_html, "_qualifies", lambda chunk: False)
    inline = build_project(make_project(tmp_path / "off", from_fixture="small"), **STRICT_ANCHORS)
    deferred_files = _files(deferred.site_dir)
    narrowed = [name for name, content in deferred_files.items() if b"&#8250;" in content]
    assert "journeys/pain-points/index.html" in narrowed  # persona › journey › stage
    assert {name: _as_characters(content) for name, content in deferred_files.items()} == _files(
        inline.site_dir
    )


HOOKS = """
import json
from mkdocs.plugins import event_priority
files_seen = []

@event_priority(-200)
def on_files(files, config):
    files_seen.append(files)
    return files

@event_priority(-200)
def on_post_build(config):
    pages = [f.page for f in files_seen[-1].documentation_pages() if f.page is not None]
    held = {p.file.src_uri: [p.markdown is not None, p.content is not None, p.toc is not None]
            for p in pages}
    with open(config.site_dir + "/../held.json", "w", encoding="utf-8") as out:
        json.dump(held, out)
"""


def test_a_generated_page_lets_go_of_its_text_once_written(tmp_path: Path) -> None:
    # MkDocs keeps every page's Markdown and HTML to the end of the build; the plugin lets
    # go of its own pages' once each is written (docs/performance.md, "Memory"), and keeps
    # the hand-written pages' and every table of contents.
    project = make_project(tmp_path, from_fixture="small")
    (project / "held_hooks.py").write_text(HOOKS, encoding="utf-8")
    site = build_project(project, hooks=[str(project / "held_hooks.py")])
    held = json.loads((project / "held.json").read_text(encoding="utf-8"))
    generated = {uri: kept for uri, kept in held.items() if uri.startswith("journeys/")}
    assert len(generated) > 10
    assert all(kept == [False, False, True] for kept in generated.values()), generated
    assert held["index.md"] == [True, True, True]  # hand-written
    assert "Quotes are full of jargon" in (
        site.site_dir
        / "journeys"
        / "first-time-buyer"
        / "buying-a-policy"
        / "decision"
        / "index.html"
    ).read_text(encoding="utf-8")
