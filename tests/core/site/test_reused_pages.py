"""`mkdocs serve --dirty` keeps what the last build rendered: each persona whose key did not
change keeps its pages, and when no persona changed the whole generated site is kept."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

from conftest import FIXTURES, page_context

from journey_maps.site.pages import ReusedPages, generate_pages
from journey_maps.source.handbook import load_handbook

if TYPE_CHECKING:
    from pathlib import Path

FIXTURE = FIXTURES / "small"


def _context():  # type: ignore[no-untyped-def]
    return page_context(load_handbook(FIXTURE / "journeys", FIXTURE))


def _keys(context, changed: str = "") -> dict[str, bytes | None]:  # type: ignore[no-untyped-def]
    return {p.id: (b"changed" if p.id == changed else b"same") for p in context.handbook.personas}


def test_a_build_that_changed_no_persona_keeps_the_whole_site() -> None:
    context = _context()
    reuse = ReusedPages()
    reuse.keys = _keys(context)
    first = generate_pages(context, reuse)
    reuse.keys = _keys(context)
    assert generate_pages(context, reuse) is first

    # One persona changed: its pages are rendered again, the others' are the same objects.
    changed = context.handbook.personas[0].id
    reuse.keys = _keys(context, changed)
    second = generate_pages(context, reuse)
    assert second is not first
    kept = {page.src_uri: page for page in first.pages}
    own = f"journeys/{changed}/"
    others = [p for p in second.pages if p.source_file and not p.src_uri.startswith(own)]
    assert others
    assert all(kept[page.src_uri] is page for page in others)
    assert all(kept[p.src_uri] is not p for p in second.pages if p.src_uri.startswith(own))
    # A persona without a key (measured data, history, custom templates): nothing is kept whole.
    reuse.keys = {**_keys(context), changed: None}
    assert generate_pages(context, reuse) is not generate_pages(context, reuse)


def test_a_handbook_without_personas_is_always_rendered() -> None:
    # No persona key could see a change of the catalog or the options.
    assert ReusedPages(keys={}).unchanged() is None
    assert ReusedPages(keys={"maya": b"key"}).unchanged() == (("maya", b"key"),)


def _pages(site) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {page.src_uri: page.markdown for page in site.pages}


def test_cross_persona_pages_from_kept_rows_read_as_rendered_afresh(tmp_path: Path) -> None:
    # The team pages, the registers and the touchpoints page are put together from rows kept
    # by persona key (site/fragments.py): kept, they read as a fresh render; after an edit
    # of an opportunity its owner's team page shows the new title, never the old one.
    shutil.copytree(FIXTURE, tmp_path, dirs_exist_ok=True)
    reuse = ReusedPages()
    for round_ in range(2):  # rendered, then from the kept rows
        context = page_context(load_handbook(tmp_path / "journeys", tmp_path))
        reuse.keys = {**_keys(context), "first-time-buyer": f"round {round_}".encode()}
        reuse.fragments.start(reuse.keys)
        context.fragments = reuse.fragments
        site = generate_pages(context, reuse)
        reuse.fragments.finish()
        fresh = generate_pages(page_context(load_handbook(tmp_path / "journeys", tmp_path)))
        assert _pages(site) == _pages(fresh)
        team = _pages(site)["journeys/teams/growth.md"]
        assert ("Plain-language quote summary" in team) is (round_ == 0)
        assert ("Quote summary in plain words" in team) is (round_ == 1)
        persona = tmp_path / "journeys" / "first-time-buyer.yml"
        text = persona.read_text(encoding="utf-8")
        new = text.replace("Plain-language quote summary", "Quote summary in plain words")
        persona.write_text(new, encoding="utf-8")
