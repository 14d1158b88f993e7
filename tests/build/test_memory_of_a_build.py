"""What a build holds while MkDocs works through the pages (docs/performance.md, "Memory"):
each generated page rendered once, one at a time, and held compressed until MkDocs reads
it; its HTML compressed while MkDocs waits to render the theme; the handbook let go of
once nothing is left to make from it; and the same site as if everything were held, byte
for byte."""

from __future__ import annotations

import ctypes
import json
import platform
import sys
from typing import TYPE_CHECKING

import pytest
from conftest import build_project, make_project, mkdocs_warnings

import journey_maps.build

if TYPE_CHECKING:
    from pathlib import Path

HOOKS = """
import gc, json, weakref
from mkdocs.plugins import event_priority
from journey_maps.site import context

rendered = []
seen = {"rendered_by_on_files": None, "handbook_after_on_files": None, "freed": None, "read": {},
        "held_on_env": {}, "back_for_search": {}, "handbook_for_the_theme": None}
original_render = context.PageContext.render
handbook = []

def render(self, template, src_uri, **values):
    rendered.append(src_uri)
    return original_render(self, template, src_uri, **values)

def on_config(config):
    context.PageContext.render = render

def on_shutdown():
    context.PageContext.render = original_render

@event_priority(-200)
def on_pre_build(config):
    handbook.append(weakref.ref(config.plugins["journey-maps"].build.handbook))

def alive():
    gc.collect()
    return handbook[0]() is not None

@event_priority(-200)
def on_files(files, config):
    seen["rendered_by_on_files"] = list(rendered)
    seen["freed"] = handbook[0]() is None  # before this hook collects
    seen["handbook_after_on_files"] = alive()
    return files

@event_priority(-1000)
def on_page_markdown(markdown, page, config, files):
    seen["read"][page.file.src_uri] = len(markdown)
    return markdown

def on_env(env, config, files):
    for name in ("journeys/pain-points/index.md", "index.md"):
        page = files.get_file_from_path(name).page
        seen["held_on_env"][name] = [page.content, page.markdown]
    return env

def on_page_context(context, page, config, nav):
    if seen["handbook_for_the_theme"] is None:
        seen["handbook_for_the_theme"] = alive()
    if page.file.src_uri == "journeys/pain-points/index.md":
        seen["back_for_search"] = [len(page.content), len(page.markdown)]
    return context

def on_post_page(output, page, config):
    seen.setdefault("written", []).append(page.file.src_uri)
    return output

def on_post_build(config):
    seen["renders"] = rendered
    with open(config.site_dir + "/../seen.json", "w", encoding="utf-8") as out:
        json.dump(seen, out)
"""


def _build_with_hooks(tmp_path: Path, docs: dict[str, str] | None = None) -> dict:
    project = make_project(tmp_path, from_fixture="small", docs=docs)
    (project / "memory_hooks.py").write_text(HOOKS, encoding="utf-8")
    build_project(project, hooks=[str(project / "memory_hooks.py")])
    seen: dict = json.loads((project / "seen.json").read_text(encoding="utf-8"))
    return seen


def test_what_a_build_holds_while_mkdocs_works_through_the_pages(tmp_path: Path) -> None:
    seen = _build_with_hooks(tmp_path)
    # Every page is rendered once, in on_files, and MkDocs reads its text from what was
    # held; the handbook is gone as soon as the files are listed.
    renders = seen["renders"]
    assert len(renders) > 10
    assert seen["rendered_by_on_files"] == renders
    assert len(renders) == len(set(renders)), "a page rendered twice"
    assert set(renders) <= set(seen["read"])
    assert all(seen["read"][uri] > 0 for uri in renders)
    assert seen["handbook_after_on_files"] is False
    # Freed by then, not only collectable: its records, views and page context refer to
    # each other, which held them through most of the Markdown pass.
    assert seen["freed"] is True
    # Between the Markdown pass and the theme, a generated page's text waits compressed
    # (the hand-written page keeps its own), and is back before any plugin renders it.
    assert seen["held_on_env"]["journeys/pain-points/index.md"] == ["", ""]
    content, markdown = seen["held_on_env"]["index.md"]
    assert content
    assert markdown
    assert all(length > 1000 for length in seen["back_for_search"]), seen["back_for_search"]
    # The pages made from the whole handbook, the largest, are written before the persona,
    # journey and stage pages: the theme's copies of them come before the search plugins
    # hold every other page's text. The navigation keeps its order (test_pages.py).
    written = seen["written"]
    first_persona_page = min(
        written.index(uri) for uri in written if uri.startswith("journeys/first-time-buyer/")
    )
    for overview in ("journeys/pain-points/index.md", "journeys/touchpoints/index.md"):
        assert written.index(overview) < first_persona_page, written


def test_the_c_library_takes_back_freed_memory_before_search_writes_its_index() -> None:
    """build.py `_return_freed_memory` relies on glibc's `malloc_trim`, which the Linux
    machines that build sites (and CI) have; elsewhere it does nothing."""
    if sys.platform != "linux" or platform.libc_ver()[0] != "glibc":
        pytest.skip("malloc_trim is glibc's")
    assert ctypes.CDLL(None).malloc_trim(0) in (0, 1)
    journey_maps.build._return_freed_memory()


def test_a_page_that_shows_the_maps_keeps_the_handbook_until_every_page_is_read(
    tmp_path: Path,
) -> None:
    embed = "# Buyer\n\n```journey-maps\ngrid first-time-buyer/buying-a-policy\n```\n"
    seen = _build_with_hooks(tmp_path, docs={"buyer.md": embed})
    assert seen["handbook_after_on_files"] is True
    assert seen["handbook_for_the_theme"] is False
    site = (tmp_path / "project" / "site" / "buyer" / "index.html").read_text(encoding="utf-8")
    assert "jm-grid" in site


def test_holding_the_pages_leaves_the_built_site_unchanged(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    held = build_project(make_project(tmp_path / "held", from_fixture="small"))
    assert mkdocs_warnings(caplog) == []

    monkeypatch.setattr(journey_maps.build.SiteBuild, "hold", lambda self, content, page: content)
    monkeypatch.setattr(journey_maps.build.SiteBuild, "read_done", lambda self: None)
    kept = build_project(make_project(tmp_path / "kept", from_fixture="small"))

    def files(site: Path) -> dict[str, bytes]:
        return {
            str(path.relative_to(site)): path.read_bytes()
            for path in site.rglob("*")
            if path.is_file()
        }

    held_files, kept_files = files(held.site_dir), files(kept.site_dir)
    assert held_files == kept_files
    assert "journeys/journeys.json" in held_files
    assert "journeys/steps.csv" in held_files
