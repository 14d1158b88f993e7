"""Generated pages as files for `mkdocs serve --dirty`: rewritten only when the page would
change, and the nav context that decides it."""

from __future__ import annotations

from journey_maps.site.page_files import PageFiles, nav_contexts
from journey_maps.site.pages import NavNode


def _handbook(stage_name: str) -> NavNode:
    """Two personas, one journey each, two stages in the first."""
    first = NavNode(
        "Maya",
        "j/maya/index.md",
        "personas",
        [
            NavNode(
                "Buying",
                "j/maya/buying/index.md",
                "journeys",
                [
                    NavNode(stage_name, "j/maya/buying/decision.md", "stages"),
                    NavNode("Retention", "j/maya/buying/retention.md", "stages"),
                ],
            )
        ],
    )
    second = NavNode(
        "Sam",
        "j/sam/index.md",
        "personas",
        [NavNode("Renewing", "j/sam/renewing/index.md", "journeys")],
    )
    return NavNode("Journey maps", "j/index.md", "landing", [first, second])


def test_a_renamed_stage_changes_the_nav_context_of_its_neighbours_only() -> None:
    before = nav_contexts([_handbook("Decision")], pruned_by_theme=True)
    after = nav_contexts([_handbook("Choosing")], pruned_by_theme=True)
    changed = {uri for uri in before if before[uri] != after[uri]}
    assert changed == {
        "j/maya/buying/decision.md",
        "j/maya/buying/retention.md",  # lists its sibling, and it is the previous page
        "j/maya/buying/index.md",  # lists its stages, and it is the previous page
    }


def test_without_pruning_every_page_shows_every_title() -> None:
    before = nav_contexts([_handbook("Decision")], pruned_by_theme=False)
    after = nav_contexts([_handbook("Choosing")], pruned_by_theme=False)
    assert all(before[uri] != after[uri] for uri in before)


def test_a_page_file_is_rewritten_only_when_its_text_or_nav_context_changes() -> None:
    files = PageFiles()
    try:
        path, written = files.path("j/maya/index.md", "# Maya\n", "nav")
        assert written
        assert path.read_text() == "# Maya\n"
        mtime = path.stat().st_mtime_ns
        assert files.path("j/maya/index.md", "# Maya\n", "nav") == (path, False)
        assert path.stat().st_mtime_ns == mtime
        assert files.path("j/maya/index.md", "# Maya\n", "other nav")[1]
        assert files.path("j/maya/index.md", "# Maya Lin\n", "other nav")[1]
        assert path.read_text() == "# Maya Lin\n"
    finally:
        files.remove()
    assert not files.root.exists()
