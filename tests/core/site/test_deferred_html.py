"""Raw HTML blocks kept out of MkDocs' Markdown pass and put back as written."""

from __future__ import annotations

import html

from journey_maps.site.deferred_html import defer_html, restore_html

BIG = '<div class="jm-grid" id="stage-by-stage">' + "<p>cell</p>" * 2000 + "</div>"


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


def test_small_blocks_of_whole_elements_are_deferred_too() -> None:
    # A stage page's section: elements Markdown would have written, a line each.
    section = '<p class="jm-context"><a href="../">Journey</a> · stage 1</p>\n<ol>\n<li>\n<p>Step</p>\n</li>\n</ol>'
    deferred = defer_html(f"# Stage\n\n{section}\n\n## Steps {{: #steps }}\n")
    assert deferred.blocks == [section]


def test_text_or_a_shared_line_between_elements_stays_in_the_markdown() -> None:
    # Markdown would read the text between two elements as Markdown, and an element that
    # does not start a line may not be raw HTML on every host.
    for kept in (
        "<p>One</p>\n*text* between\n<p>Two</p>",
        "<p>One</p><p>Two</p>",
        "<p>One</p> <p>Two</p>",
        "<p>Unclosed",
        "<p>One</p>\n</div>",
        "<span>inline</span>",
        "<pre>code</pre>",
    ):
        source = f"Text.\n\n{kept}\n\nMore.\n"
        assert defer_html(source).blocks == [], kept


def test_only_id_attributes_count_as_anchors() -> None:
    block = BIG.replace('id="stage-by-stage"', 'data-id="not-an-anchor" id="a&amp;b"')
    assert defer_html(block).anchor_ids == {"a&b"}


def _unsearched(source: str) -> list[str]:
    deferred = defer_html(source)
    return [deferred.blocks[number] for number in sorted(deferred.unsearched)]


def test_blocks_search_leaves_out_are_marked_to_come_back_after_search() -> None:
    excluded = BIG.replace("<div ", "<div data-search-exclude ", 1)
    siblings = excluded + '\n<div class="searched">words search must read</div>'
    with_heading = excluded.replace("<p>cell</p>", '<h3 id="x">Heading</h3>', 1)
    assert _unsearched(f"Text.\n\n{excluded}\n\n{BIG}\n") == [excluded]
    # A second element beside it, or a heading inside (a search section of its own): read.
    assert _unsearched(f"Text.\n\n{siblings}\n\n{with_heading}\n") == []
    paragraph_after = excluded + "\n<p>words search must read</p>"
    assert _unsearched(f"Text.\n\n{paragraph_after}\n") == []
    # A stage page's pager: a nav that says it.
    pager = '<nav class="jm-pager" data-search-exclude aria-label="Stages">\n<a href="x/">Next</a>\n</nav>'
    assert _unsearched(f"Text.\n\n{pager}\n") == [pager]
    # Under a heading search leaves out, up to the next heading, whatever the block says.
    shown = BIG.replace("cell", "shown")
    page = (
        f"## Hidden {{: #hidden data-search-exclude }}\n\n{BIG}\n\n"
        f"Prose.\n\n{BIG.replace('cell', 'tail')}\n\n## Shown {{: #shown }}\n\n{shown}\n\nEnd.\n"
    )
    assert len(defer_html(page).blocks) == 3
    assert _unsearched(page) == [BIG, BIG.replace("cell", "tail")]
    # A heading after more than one blank line, or after a paragraph's last line, still
    # ends the section search leaves out.
    for gap in ("\n\n\n", "\n"):
        page = (
            f"## Hidden {{: #hidden data-search-exclude }}\n\n{BIG}\n\n"
            f"Prose.{gap}## Shown {{: #shown }}\n\n{shown}\n\nEnd.\n"
        )
        assert len(defer_html(page).blocks) == 2
        assert _unsearched(page) == [BIG], repr(gap)
    # Headings inside that search leaves out too (the pain point register's details) start
    # no section of their own: the block stays out; one such heading without the mark reads it.
    marked = BIG.replace("<p>cell</p>", '<h3 id="x" data-search-exclude class="k">Item</h3>', 1)
    page = f"## Hidden {{: #hidden data-search-exclude }}\n\n{marked}\n\nEnd.\n"
    assert _unsearched(page) == [marked]
    assert _unsearched(page.replace(" data-search-exclude class", " class")) == []


def test_restore_puts_back_only_the_blocks_asked_for() -> None:
    deferred = defer_html(f"{BIG}\n\n{BIG.replace('cell', 'other')}\n\nEnd.\n")
    first = restore_html(deferred.markdown, deferred.blocks, {0})
    assert BIG in first
    assert "other" not in first
    assert restore_html(first, deferred.blocks, {1}) == restore_html(
        deferred.markdown, deferred.blocks
    )


def test_a_few_characters_beyond_latin_1_become_references_so_a_block_stays_narrow() -> None:
    # A register: megabytes of Latin-1 text with a `›` per row (one made it all 2 bytes wide).
    text = "Waiting on the phone for a quote is slow and nobody calls back. " * 4
    rows = "".join(
        f"<tr><td>Persona {n} › Journey › Stage</td><td>{text}</td></tr>" for n in range(200)
    )
    rows += "<tr><td>– café · open</td></tr>"
    register = f'<table id="register">{rows}</table>'
    block = defer_html(f"# Pain points\n\n{register}\n").blocks[0]
    assert max(block) <= "\xff"  # one byte a character in CPython
    for kept_or_referenced in ("&#8250;", "&#8211;", "café", "·"):
        assert kept_or_referenced in block
    assert html.unescape(block) == register  # the same text to a browser and to search


def test_blocks_of_other_scripts_or_with_scripts_keep_their_characters() -> None:
    japanese = "<p>" + "顧客の旅" * 50 + "</p>"
    script = '<div><script>const arrow = "›";</script><p>' + "text " * 100 + "</p></div>"
    for kept in (japanese, script):
        assert defer_html(f"Text.\n\n{kept}\n").blocks == [kept]
