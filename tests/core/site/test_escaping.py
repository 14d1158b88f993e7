"""site/escaping.py: author text stays text in HTML, in Markdown and in Markdown fields.

These assert behaviour (what a parser sees), not exact strings, where the module may still
change how it spells an escape; tests/build/test_page_escaping.py checks the same end to end.
"""

from __future__ import annotations

import html
import string
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from journey_maps.site.escaping import MarkdownFields, html_text, is_safe_link, markdown_text

HOSTILE = "<script>alert('x')</script> \"quoted\" & {{ jinja }} {% raw %}"


class Tags(HTMLParser):
    """The tags and attributes a browser would see in a fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(fragment: str) -> Tags:
    parser = Tags()
    parser.feed(fragment)
    parser.close()
    return parser


# --- html_text ------------------------------------------------------------------------------


@pytest.mark.parametrize("character", list("<>&\"'{}"))
def test_html_text_escapes(character: str) -> None:
    out = html_text(f"a{character}b")
    assert out.startswith("a&")
    assert out.endswith(";b")
    assert not set(out) & set("<>\"'{}")
    assert html.unescape(out) == f"a{character}b"


def test_html_text_hostile_line_is_only_text() -> None:
    out = html_text(HOSTILE)
    assert isinstance(out, Markup)
    assert parse(out).tags == []
    assert "{" not in out
    assert "}" not in out
    assert html.unescape(out) == HOSTILE


def test_html_text_keeps_markup_and_stringifies_values() -> None:
    assert html_text(Markup("<b>safe</b>")) == "<b>safe</b>"
    assert html_text(42) == "42"


@given(st.text(max_size=60))
def test_html_text_round_trips(text: str) -> None:
    out = html_text(text)
    assert not set(out) & set("<>\"'{}")
    assert html.unescape(out) == text


# --- markdown_text --------------------------------------------------------------------------


@pytest.mark.parametrize("character", list(string.punctuation))
def test_markdown_text_turns_ascii_punctuation_into_references(character: str) -> None:
    assert markdown_text(f"a{character}b") == f"a&#{ord(character)};b"


def test_markdown_text_folds_whitespace_and_keeps_letters() -> None:
    assert markdown_text("  Crème\n brûlée\t£5 ") == "Crème brûlée £5"
    assert markdown_text("**bold** _it_ :x: --8<-- {#id}") == (
        "&#42;&#42;bold&#42;&#42; &#95;it&#95; &#58;x&#58; &#45;&#45;8&#60;&#45;&#45; "
        "&#123;&#35;id&#125;"
    )


@given(st.text(max_size=60))
def test_markdown_text_has_no_punctuation_left(text: str) -> None:
    out = markdown_text(text)
    references = out.replace("&#", "").replace(";", "")
    assert not set(references) & (set(string.punctuation) - {"&", "#", ";"})
    assert html.unescape(out) == " ".join(text.split())


# --- MarkdownFields -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def fields() -> MarkdownFields:
    return MarkdownFields()


def test_markdown_is_rendered(fields: MarkdownFields) -> None:
    tags = parse(fields.render("Some **bold** and a [link](https://example.com/docs)."))
    assert ("strong", {}) in tags.tags
    assert ("a", {"href": "https://example.com/docs"}) in tags.tags


@pytest.mark.parametrize("source", [None, ""])
def test_nothing_renders_nothing(fields: MarkdownFields, source: str | None) -> None:
    assert fields.render(source) == ""


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "Text <b onclick='x()'>bold</b> text",
        "<div>\n<img src=x onerror=alert(1)>\n</div>",
        "<iframe src='https://example.com'></iframe>",
        "<!-- comment --> after",
    ],
)
def test_raw_html_is_shown_as_text(fields: MarkdownFields, source: str) -> None:
    out = fields.render(source)
    tags = {tag for tag, _ in parse(out).tags}
    assert tags <= {"p"}, out
    assert "&lt;" in out


@pytest.mark.parametrize(
    "target",
    [
        "javascript:alert(1)",
        "JaVaScRiPt:alert(1)",
        "vbscript:msgbox(1)",
        "data:text/html,<script>alert(1)</script>",
        "&amp;#106;avascript:alert(1)",
        "java&#x09;script:alert(1)",
        # character references the browser decodes in the attribute
        "javascript&#58;alert(1)",
        "&#106;avascript:alert(1)",
        "javascript&colon;alert(1)",
    ],
)
def test_unsafe_links_are_dropped(fields: MarkdownFields, target: str) -> None:
    """No link or image keeps an unsafe target once the browser has decoded the attribute."""
    sources = (
        f"[click me]({target})",
        f"![click me]({target})",
        f"[click me][r]\n\n[r]: {target}",
    )
    for source in sources:
        tags = parse(fields.render(source))  # attribute values come out entity-decoded
        for _, attributes in tags.tags:
            for name in ("href", "src"):
                value = attributes.get(name)
                assert value is None or is_safe_link(value), (source, value)
        assert "click me" in "".join(tags.text)


def test_braces_never_reach_a_template_engine(fields: MarkdownFields) -> None:
    out = fields.render("{{ config.site_name }} and {% include 'x' %}")
    assert "{" not in out
    assert "}" not in out
    assert "config.site_name" in html.unescape(out)


def test_converter_is_reset_between_fields(fields: MarkdownFields) -> None:
    fields.render("[a][ref]\n\n[ref]: https://example.com/one")
    assert parse(fields.render("[a][ref]")).tags == [("p", {})]


# --- is_safe_link ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("href", "safe"),
    [
        ("https://example.com", True),
        ("http://example.com", True),
        ("mailto:team@example.com", True),
        ("HTTPS://EXAMPLE.COM", True),
        ("../other.md#anchor", True),
        ("#anchor", True),
        ("page.md", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("java\x00script:alert(1)", False),
        ("data:text/html,x", False),
        ("vbscript:x", False),
        ("file:///etc/passwd", False),
    ],
)
def test_is_safe_link(href: str, safe: bool) -> None:
    assert is_safe_link(href) is safe
