"""Large raw HTML blocks kept out of MkDocs' Markdown pass and put back unchanged."""

from __future__ import annotations

from journey_maps.site.deferred_html import MIN_DEFERRED, defer_html, restore_html

BIG = '<div class="jm-grid" id="stage-by-stage">' + "<p>cell</p>" * MIN_DEFERRED + "</div>"


def test_a_large_block_becomes_a_placeholder_and_comes_back_whole() -> None:
    source = f"# Title\n\nText.\n\n{BIG}\n\nMore text.\n"
    deferred = defer_html(source)
    assert BIG not in deferred.markdown
    assert deferred.blocks == [BIG]
    assert deferred.anchor_ids == {"stage-by-stage"}
    rendered = deferred.markdown.replace("# Title", "<h1>Title</h1>")
    assert restore_html(rendered, deferred.blocks) == source.replace("# Title", "<h1>Title</h1>")


def test_blocks_markdown_would_change_stay_in_the_markdown() -> None:
    small = '<div class="jm-md" markdown="0"><p>short</p></div>'
    parsed = BIG.replace("<div ", '<div markdown="1" ', 1)
    indented = "    " + BIG
    fenced = f"```html\n\n{BIG}\n\n```"
    trailing = BIG + "\n{: .jm-note }"
    for kept in (small, parsed, indented, fenced, trailing):
        source = f"Text.\n\n{kept}\n\nMore.\n"
        deferred = defer_html(source)
        assert deferred.markdown == source
        assert deferred.blocks == []


def test_only_id_attributes_count_as_anchors() -> None:
    block = BIG.replace('id="stage-by-stage"', 'data-id="not-an-anchor" id="a&amp;b"')
    assert defer_html(block).anchor_ids == {"a&b"}
