"""What a build holds while MkDocs works through the pages (docs/performance.md, "Memory"):
each generated page rendered when MkDocs reads it, its HTML compressed while MkDocs waits
to render the theme, the handbook let go of once every page is read, and the same site
as if everything were held, byte for byte."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from conftest import build_project, make_project, mkdocs_warnings

import journey_maps.build

if TYPE_CHECKING:
    from pathlib import Path

    import pytest

HOOKS = """
import gc, json, weakref
from mkdocs.plugins import event_priority
from journey_maps.site import context

rendered = []
seen = {"rendered_by_on_files": None, "read_just_rendered": [], "held_on_env": {},
        "back_for_search": {}, "handbook_gone_for_the_theme": None}
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
def on_files(files, config):
    seen["rendered_by_on_files"] = len(rendered)
    handbook.append(weakref.ref(config.plugins["journey-maps"].build.handbook))
    return files

@event_priority(1000)
def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri.startswith("journeys/"):
        seen["read_just_rendered"].append(bool(rendered) and rendered[-1] == page.file.src_uri)
    return markdown

def on_env(env, config, files):
    for name in ("journeys/pain-points/index.md", "index.md"):
        page = files.get_file_from_path(name).page
        seen["held_on_env"][name] = [page.content, page.markdown]
    return env

def on_page_context(context, page, config, nav):
    if seen["handbook_gone_for_the_theme"] is None:
        gc.collect()
        seen["handbook_gone_for_the_theme"] = handbook[0]() is None
    if page.file.src_uri == "journeys/pain-points/index.md":
        seen["back_for_search"] = [len(page.content), len(page.markdown)]
    return context

def on_post_build(config):
    seen["renders"] = rendered
    with open(config.site_dir + "/../seen.json", "w", encoding="utf-8") as out:
        json.dump(seen, out)
"""


def _build_with_hooks(tmp_path: Path) -> dict:
    project = make_project(tmp_path, from_fixture="small")
    (project / "memory_hooks.py").write_text(HOOKS, encoding="utf-8")
    build_project(project, hooks=[str(project / "memory_hooks.py")])
    seen: dict = json.loads((project / "seen.json").read_text(encoding="utf-8"))
    return seen


def test_what_a_build_holds_while_mkdocs_works_through_the_pages(tmp_path: Path) -> None:
    seen = _build_with_hooks(tmp_path)
    # No page is rendered when the files are listed: each is rendered right when MkDocs
    # reads it, once.
    assert seen["rendered_by_on_files"] == 0
    assert len(seen["read_just_rendered"]) > 10
    assert all(seen["read_just_rendered"]), seen["read_just_rendered"]
    assert len(seen["renders"]) == len(set(seen["renders"])), "a page rendered twice"
    # Between the Markdown pass and the theme, a generated page's text waits compressed
    # (the hand-written page keeps its own), and is back before any plugin renders it.
    assert seen["held_on_env"]["journeys/pain-points/index.md"] == ["", ""]
    content, markdown = seen["held_on_env"]["index.md"]
    assert content
    assert markdown
    assert all(length > 1000 for length in seen["back_for_search"]), seen["back_for_search"]
    # Once every page is read and the exports copied, the handbook is gone.
    assert seen["handbook_gone_for_the_theme"] is True


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
