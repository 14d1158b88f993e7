"""The copy of a page search reads (site/search_reading.py): fewer tags, the same index,
checked with Material's own search parser."""

from __future__ import annotations

import pytest
from material.plugins.search.plugin import Parser

from journey_maps.site.search_reading import for_search


def _index(html: str) -> list[tuple[str | None, str, str, bool]]:
    """What Material's search makes of `html`: each section's id, title, text, exclusion."""
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [
        (s.id, "".join(s.title).strip(), "".join(s.text).strip(), s.is_excluded())
        for s in parser.data
    ]


STAGE = (
    '<h1 class="jm-title" id="decision">Decision<a class="headerlink" href="#decision" '
    'title="Permanent link">&para;</a></h1>\n'
    '<p class="jm-context"><a href="../../">Maya</a> › <a href="../">Buying</a> › stage 3 '
    'of 6 · <span class="jm-emotion jm-emotion--1">1/5 · very negative</span> · '
    '<a class="jm-on-map" data-search-exclude href="../#stage-decision">See it on the map</a>'
    "</p>\n"
    "<p><strong>Goal:</strong> Compare quotes</p>\n"
    '<h2 id="steps">Steps</h2>\n<ol>\n<li>\n<p>Reads the <em>fine</em> print · at '
    '<a href="../../../touchpoints/#tp-2">Website</a> · <span class="jm-emotion '
    'jm-emotion--3"><span class="jm-dot"></span>3/5 · neutral</span></p>\n</li>\n</ol>\n'
    '<h3 id="pain-x">Jargon &amp; fees</h3>\n<p><span class="jm-severity">Severity: high'
    '</span> · id <code>pain-x</code> · <a class="jm-permalink" href="#pain-x" '
    'data-search-exclude title="Link">permalink</a> · Status: <span>open</span></p>\n'
)


def test_search_reads_the_same_index_from_fewer_tags() -> None:
    copy = for_search(STAGE)
    assert _index(copy) == _index(STAGE)
    assert copy.count("<") < STAGE.count("<") - 15
    assert '<a href="../../../touchpoints/#tp-2">' not in copy
    # What search leaves out stays as it is: the links that say so, the heading's mark.
    assert 'data-search-exclude href="../#stage-decision">See it on the map</a>' in copy
    assert 'class="headerlink"' in copy
    assert "See it on the map" not in str(_index(copy))


@pytest.mark.parametrize(
    "html",
    [
        # Text that is only whitespace beside a tag: search makes it one space, or none
        # after another such run, so such tags stay.
        '<p>Emotion by stage</p> <div> <svg><rect/></svg> <span class="a">Lowest</span> </div>',
        '<p>A<a href="x">b</a>\n<span class="c">\n</span>\n<em>d</em></p>',
        "<p>one <strong>two</strong>  \n  <em>three</em> four</p>",
        "<pre><code><span>a</span>  <span>b</span>\n<span>c</span></code></pre>",
        '<ul><li><a href="a">A</a></li>\n<li> <a href="b">B</a> </li></ul>',
        # Nested spans, and an element closed that was never opened.
        '<p><span class="x"><span class="y">in</span>side</span> out</span> end</p>',
        '<h2 id="t">Title <span class="k">kind</span><a class="headerlink" href="#t">¶</a>'
        "</h2><p>body <a href='#t'>link</a></p>",
    ],
)
def test_spaces_and_nesting_read_the_same(html: str) -> None:
    assert _index(for_search(html)) == _index(html)


def test_a_page_with_an_inline_element_search_leaves_out_is_read_whole() -> None:
    html = '<p>shown <span data-search-exclude><a href="x">hidden</a></span> <a href="y">b</a></p>'
    assert for_search(html) is html


def test_a_page_with_nothing_to_take_out_is_the_same_text() -> None:
    html = "<p>Plain words</p>\n<ul>\n<li>item</li>\n</ul>\n"
    assert for_search(html) is html
