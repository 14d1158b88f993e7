"""Markdown fields under attack: no author id, attribute, script link or runaway render.

The seven Markdown fields of the format (persona summary, journey scenario, pain point and
opportunity detail, channel, team and touchpoint description) each carry the whole hostile
corpus below: attribute syntax that tries to take a theme id (`__config`, whose JSON Material
reads on every page) or another item's anchor, and links whose scheme is hidden from a naive
check (character references, controls, zero-width characters, mixed case, the OWASP XSS filter
evasion cheat sheet's forms that Markdown can write). A second project holds the inputs that
used to take minutes or crash the build (issue 15, point 5).

The checks read the built HTML with `html.parser`, as a browser tokenises it, and judge URLs
with their own decoder (not the plugin's), then load the pages in Chromium and click every link.
"""

from __future__ import annotations

import contextlib
import html
import json
import re
import time
from collections import Counter
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from conftest import Site, build_project, make_project

from journey_maps.site.escaping import (
    MARKDOWN_MAX_NESTING,
    MarkdownFields,
    markdown_field_problem,
)
from journey_maps.source.model import MARKDOWN_MAX

if TYPE_CHECKING:
    from pathlib import Path

# --- the corpus ---------------------------------------------------------------------------------

THEME_IDS = ("__config", "__search", "__drawer", "__palette_0", "__palette_1", "__skip")
PLUGIN_IDS = ("jargon", "plain-quote", "evidence-interviews", "decision")
MATERIAL_CONFIG = json.dumps(
    {
        "base": "../../../../",
        "features": ["content.code.copy", "content.tooltips"],
        "search": "x.js",
        "translations": {"clipboard.copy": "<img src=x onerror=alert('__xss-config')>"},
    }
)

# name -> Markdown. Every link target below is hostile; the words must stay visible.
LINKS = {
    "plain": "javascript:alert('__xss')",
    "mixed-case": "JaVaScRiPt:alert('__xss')",
    "decimal": "&#106;avascript:alert('__xss')",
    "hex": "&#x6A;avascript:alert('__xss')",
    "padded-decimal": "&#0000106;avascript:alert('__xss')",
    "padded-hex": "&#x0000006A;avascript:alert('__xss')",
    "all-decimal": "".join(f"&#{ord(c)};" for c in "javascript:") + "alert('__xss')",
    "colon-entity": "javascript&colon;alert('__xss')",
    "colon-decimal": "javascript&#58;alert('__xss')",
    "tab-entity": "java&Tab;script:alert('__xss')",
    "tab-hex": "jav&#x09;ascript:alert('__xss')",
    "tab-decimal": "jav&#9;ascript:alert('__xss')",
    "newline-entity": "&NewLine;javascript:alert('__xss')",
    "newline-hex": "jav&#x0A;ascript:alert('__xss')",
    "cr-hex": "jav&#x0D;ascript:alert('__xss')",
    "control-14": "&#14;javascript:alert('__xss')",
    "control-1": "&#1;javascript:alert('__xss')",
    "nul": "java&#0;script:alert('__xss')",
    "c1-control": "java&#x85;script:alert('__xss')",
    "zero-width": "java&#x200B;script:alert('__xss')",
    "bom": "&#xFEFF;javascript:alert('__xss')",
    "double-encoded": "&amp;#106;avascript:alert('__xss')",
    "backslash-colon": "javascript\\:alert('__xss')",
    "data-html": "data:text/html;base64,PHNjcmlwdD5hbGVydCgnX194c3MnKTwvc2NyaXB0Pg==",
    "data-svg": "data:image/svg+xml,<svg onload=alert('__xss')>",
    "vbscript": "vbscript:msgbox('__xss')",
    "feed": "feed:javascript:alert('__xss')",
    "livescript": "livescript:alert('__xss')",
    "ftp": "ftp://example.com/__xss",
    "file": "file:///etc/passwd#__xss",
}


def link_forms(name: str, target: str) -> str:
    """Inline link, image, reference link and reference image with `target`."""
    return (
        f"[{name} link]({target}) ![{name} image]({target}) [{name} ref][{name}] "
        f"![{name} refimg][{name}]\n\n[{name}]: {target}"
    )


def fence_with_id(identifier: str) -> str:
    body = MATERIAL_CONFIG if identifier == "__config" else "alert('__xss')"
    return "```{#" + identifier + "}\n" + body + "\n```"


CORPUS: dict[str, str] = {
    **{f"fence-{identifier}": fence_with_id(identifier) for identifier in THEME_IDS + PLUGIN_IDS},
    "fence-attributes": (
        '``` { #__config .md-clipboard onclick="alert(1)" style="x" data-x=1 }\n'
        f"{MATERIAL_CONFIG}\n```"
    ),
    "fence-class-first": "```{.language-js #__search}\nalert('__xss')\n```",
    "tilde-fence": "~~~{#__drawer}\nchecked\n~~~",
    "heading-attr-list": "## Heading {#__config}\n\nParagraph {: #jargon .x onclick=alert(1) }",
    "autolink-javascript": "<javascript:alert('__xss')>",
    "autolink-data": "<data:text/html,<script>alert('__xss')</script>>",
    "raw-html": '<a href="javascript:alert(1)" id="__config">raw</a> <img src=x onerror=alert(1)>',
    "table": "| a | b |\n|:--|--:|\n| [cell](&#106;avascript:alert('__xss')) | 2 |",
    **{f"link-{name}": link_forms(name, target) for name, target in LINKS.items()},
    "safe-links": (
        "Allowed: [web](https://example.com/ok), [mail](mailto:someone@example.com), "
        "[relative](../other/), [fragment](#top) and <https://example.com/auto>."
    ),
}

MARKDOWN_FIELDS = (
    "persona.summary",
    "journey.scenario",
    "pain_point.detail",
    "opportunity.detail",
    "channel.description",
    "team.description",
    "touchpoint.description",
)


def hostile_markdown(field: str) -> str:
    parts = [f"FIELD-{field} starts."]
    parts += CORPUS.values()
    return "\n\n".join(parts)


def test_the_corpus_is_rendered_as_markdown() -> None:
    """Under the size and nesting bounds: rendered, not shown as plain text, so the attacks
    really go through Python-Markdown."""
    for field in MARKDOWN_FIELDS:
        assert markdown_field_problem(hostile_markdown(field)) is None


def catalog(markdown_for: Any) -> dict[str, Any]:
    return {
        "channels": [
            {"id": "web", "name": "Web", "description": markdown_for("channel.description")}
        ],
        "teams": [
            {"id": "growth", "name": "Growth", "description": markdown_for("team.description")}
        ],
        "touchpoints": [
            {
                "id": "pricing-page",
                "name": "Pricing page",
                "channel": "web",
                "owner": "growth",
                "description": markdown_for("touchpoint.description"),
            }
        ],
    }


def persona_file(markdown_for: Any, extra_pain_points: list[dict[str, Any]] = ()) -> dict[str, Any]:
    pain_points = [
        {
            "id": "jargon",
            "title": "Jargon",
            "detail": markdown_for("pain_point.detail"),
            "severity": "high",
            "evidence": ["interviews"],
        },
        *extra_pain_points,
    ]
    return {
        "persona": {"name": "Maya", "role": "Buyer", "summary": markdown_for("persona.summary")},
        "journeys": [
            {
                "id": "buying",
                "title": "Buying",
                "scenario": markdown_for("journey.scenario"),
                "owner": "growth",
                "evidence": [{"id": "interviews", "kind": "solicited", "source": "Interviews"}],
                "stages": [
                    {
                        "id": "decision",
                        "name": "Decision",
                        "emotion": 2,
                        "steps": [{"action": "Compares plans", "touchpoint": "pricing-page"}],
                        "pain_points": pain_points,
                        "opportunities": [
                            {
                                "id": "plain-quote",
                                "title": "Plain quote",
                                "detail": markdown_for("opportunity.detail"),
                                "status": "planned",
                                "owner": "growth",
                                "addresses": ["jargon"],
                            }
                        ],
                    }
                ],
            }
        ],
    }


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Site:
    journeys = {
        "_catalog.yml": dump(catalog(hostile_markdown)),
        "maya.yml": dump(persona_file(hostile_markdown)),
    }
    project = make_project(tmp_path_factory.mktemp("hostile-markdown"), journeys=journeys)
    return build_project(project, strict=True)


# --- reading the HTML the way a browser does ----------------------------------------------------

ALLOWED_SCHEMES = {"http", "https", "mailto"}
_IGNORED_IN_URLS = re.compile(r"[\s\x00-\x20\x7f-\x9f\u00ad\u200b-\u200f\u2060-\u2064\ufeff]")


def scheme_of(value: str) -> str | None:
    """The scheme a browser could see in `value` (already decoded once by the HTML parser),
    decoding again until stable, ignoring invisible characters; None for a relative URL."""
    for _ in range(10):
        decoded = html.unescape(value)
        if decoded == value:
            break
        value = decoded
    value = _IGNORED_IN_URLS.sub("", value).lower()
    match = re.match(r"([^/?#:]*):", value)
    return match.group(1) if match else None


class Tags(HTMLParser):
    """Start tags with attributes, whether each sits inside a `.jm-md` block, and the text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str], bool]] = []
        self.text: list[str] = []
        self._depth = 0  # open elements inside the innermost .jm-md block, 0 when outside
        self._in_md = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        self.tags.append((tag, values, self._in_md))
        if tag in ("br", "hr", "img", "input", "meta", "link", "wbr", "source"):
            return
        if self._in_md:
            self._depth += 1
        elif tag == "div" and "jm-md" in values.get("class", "").split():
            self._in_md, self._depth = True, 1

    def handle_endtag(self, tag: str) -> None:
        if self._in_md:
            self._depth -= 1
            if self._depth == 0:
                self._in_md = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(source: str) -> Tags:
    parser = Tags()
    parser.feed(source)
    parser.close()
    return parser


def pages(site: Site) -> list[tuple[str, Tags]]:
    return [
        (path.relative_to(site.site_dir).as_posix(), parse(path.read_text(encoding="utf-8")))
        for path in site.html_files()
    ]


# --- a. the built HTML --------------------------------------------------------------------------


def test_every_markdown_field_reaches_a_page(hostile: Site) -> None:
    """Each field is shown somewhere (so the checks below are not vacuous), words intact."""
    shown = " ".join(" ".join(parsed.text) for _, parsed in pages(hostile))
    for field in MARKDOWN_FIELDS:
        assert f"FIELD-{field} starts." in shown, f"{field} is shown nowhere"
    for name in LINKS:
        assert f"{name} link" in shown, f"words of the {name} link lost"
        assert f"{name} ref" in shown, f"words of the {name} reference link lost"
        assert f"{name} image" in shown, f"alt of the {name} image lost"
        assert f"{name} refimg" in shown, f"alt of the {name} reference image lost"
    # An unsafe image keeps its alt text; raw HTML is shown as text.
    assert "decimal image" in shown
    assert "<img src=x onerror=alert(1)>" in shown


def test_no_link_or_image_with_a_forbidden_scheme(hostile: Site) -> None:
    problems = []
    for name, parsed in pages(hostile):
        for tag, attrs, _ in parsed.tags:
            for attribute in ("href", "src", "action", "formaction", "xlink:href", "poster"):
                if attribute not in attrs:
                    continue
                scheme = scheme_of(attrs[attribute])
                if scheme is not None and scheme not in ALLOWED_SCHEMES:
                    problems.append(f"{name}: <{tag} {attribute}={attrs[attribute]!r}>")
    assert not problems, "\n".join(problems)


def test_safe_links_still_work(hostile: Site) -> None:
    hrefs = {
        attrs.get("href")
        for _, parsed in pages(hostile)
        for tag, attrs, in_md in parsed.tags
        if in_md and tag == "a"
    }
    assert {
        "https://example.com/ok",
        "mailto:someone@example.com",
        "../other/",
        "#top",
        "https://example.com/auto",
    } <= hrefs


def test_markdown_fields_set_no_attributes_but_the_allowed(hostile: Site) -> None:
    """Inside `.jm-md`: no id, class, style, name, on* or data-*; only the allow-list."""
    allowed = {
        "a": {"href", "title"},
        "img": {"src", "alt", "title"},
        "ol": {"start"},
        "th": {"align"},
        "td": {"align"},
        "span": {"class"},
    }
    problems = []
    for name, parsed in pages(hostile):
        for tag, attrs, in_md in parsed.tags:
            if not in_md:
                continue
            extra = set(attrs) - allowed.get(tag, set())
            if extra:
                problems.append(f"{name}: <{tag}> with {sorted(extra)}")
            if tag == "span" and attrs.get("class", "jm-unsafe-link") != "jm-unsafe-link":
                problems.append(f"{name}: <span class={attrs['class']!r}>")
    assert not problems, "\n".join(problems[:50])


def test_no_theme_or_plugin_id_taken_and_no_duplicate_ids(hostile: Site) -> None:
    problems = []
    for name, parsed in pages(hostile):
        ids = Counter(attrs["id"] for _, attrs, _ in parsed.tags if "id" in attrs)
        problems += [f"{name}: id {i!r} appears {n} times" for i, n in ids.items() if n > 1]
        config = [tag for tag, attrs, _ in parsed.tags if attrs.get("id") == "__config"]
        if config and config != ["script"]:
            problems.append(f"{name}: id __config on {config}")
        for tag, attrs, in_md in parsed.tags:
            if in_md and "id" in attrs:
                problems.append(f"{name}: <{tag} id={attrs['id']!r}> inside a Markdown field")
    assert not problems, "\n".join(problems[:50])
    # The plugin's own anchors are still where they belong.
    stage = parse(hostile.page("journeys/maya/buying/decision/"))
    owners = {attrs.get("id"): tag for tag, attrs, _ in stage.tags if "id" in attrs}
    assert owners.get("jargon", "").startswith("h")
    assert owners.get("plain-quote", "").startswith("h")


def test_no_event_handlers_or_scripts_from_markdown(hostile: Site) -> None:
    problems = []
    for name, parsed in pages(hostile):
        for tag, attrs, in_md in parsed.tags:
            handlers = [a for a in attrs if a.startswith("on")]
            if in_md and (handlers or tag in ("script", "style", "iframe", "object")):
                problems.append(f"{name}: <{tag} {handlers}> inside a Markdown field")
            if any("__xss" in attrs[a] or "alert" in attrs[a] for a in handlers):
                problems.append(f"{name}: <{tag}> handler from author text")
    assert not problems, "\n".join(problems)


# --- b. in Chromium ------------------------------------------------------------------------------

_LINK_FACTS = """
() => [...document.querySelectorAll('.jm-md a')].map((a, index) => ({
  index, protocol: a.protocol, href: a.getAttribute('href'), text: a.textContent }))
"""
_THEME_ELEMENTS = """
(ids) => ids.map((id) => { const e = document.getElementById(id);
  return [id, e ? e.tagName.toLowerCase() : null, e ? !!e.closest('.jm-md') : false]; })
"""


def back_on_the_page(page: Any, url: str, links: int) -> None:
    """Reload `url` when a click left it (or left it half-way: an aborted navigation)."""
    with contextlib.suppress(Exception):  # Playwright's TimeoutError: load again below
        page.wait_for_load_state("load", timeout=5_000)
    for _ in range(3):
        if page.url == url and page.locator(".jm-md a").count() == links:
            return
        with contextlib.suppress(Exception):  # interrupted by a late navigation: try again
            page.goto(url, wait_until="load")


@pytest.mark.browser
def test_markdown_fields_in_chromium(browser: Any, hostile: Site) -> None:
    from browser_support import browse

    paths = sorted(
        path.relative_to(hostile.site_dir).parent.as_posix() + "/"
        for path in hostile.html_files()
        if 'class="jm-md"' in path.read_text(encoding="utf-8")
    )
    assert len(paths) >= 4, paths
    dialogs: list[str] = []
    navigations: list[str] = []
    problems: list[str] = []
    clicked = 0
    with browse(browser, hostile.site_dir) as browsing:
        # The corpus's allowed outside links land on a blank page instead of an aborted load.
        browsing.context.route(
            "https://example.com/**",
            lambda route: route.fulfill(body="<title>outside</title>", content_type="text/html"),
        )
        for path in paths:
            loaded = browsing.open(path, wait_until="load")
            page = loaded.page
            if not getattr(page, "_jm_listening", False):
                page.on("dialog", lambda d: (dialogs.append(f"{d.type}: {d.message}"), d.dismiss()))
                page.on("framenavigated", lambda f: navigations.append(f.url))
                page.on("request", lambda r: navigations.append(r.url))
                page._jm_listening = True
            for element_id, tag, in_md in page.evaluate(_THEME_ELEMENTS, list(THEME_IDS)):
                if in_md:
                    problems.append(f"{path}: #{element_id} is a <{tag}> from a Markdown field")
            if page.evaluate("() => document.getElementById('__config').tagName") != "SCRIPT":
                problems.append(f"{path}: #__config is not Material's script")
            links = page.evaluate(_LINK_FACTS)
            for link in links:
                if link["protocol"] not in ("http:", "https:", "mailto:"):
                    problems.append(
                        f"{path}: link {link['text']!r} has protocol {link['protocol']}"
                    )
            for link in links:
                selector = f".jm-md a >> nth={link['index']}"
                back_on_the_page(page, loaded.url, len(links))
                page.hover(selector)
                # A plain click; mailto: and outside links are aborted by the offline router.
                page.click(selector, no_wait_after=True, timeout=5_000)
                clicked += 1
                page.wait_for_timeout(100)
            # Hover every button Material adds to code blocks: a captured __config would have
            # made their tooltips run the attacker's HTML.
            back_on_the_page(page, loaded.url, len(links))
            for index in range(page.locator(".md-code__button").count()):
                page.locator(".md-code__button").nth(index).hover()
            page.wait_for_timeout(200)
            if page.evaluate("() => typeof window.__xss !== 'undefined'"):
                problems.append(f"{path}: window.__xss was set")
    assert clicked >= 5 * len(paths), "the safe links were not found"
    assert not dialogs, f"dialogs opened: {dialogs}"
    bad = [url for url in navigations if scheme_of(url) not in ALLOWED_SCHEMES | {"about"}]
    assert not bad, f"navigations to {bad}"
    assert not problems, "\n".join(problems)


# --- c. bounds: inputs that took minutes or crashed the build -----------------------------------

DOS = {
    "brackets-rendered-size": "[" * 4_500 + "]" * 4_500,
    "brackets-over-size": "[" * 9_500 + "]" * 9_500,
    "link-openers": "[a](" * 2_450,
    "image-openers": "![" * 4_900,
    "reference-openers": "[a][" * 2_450,
    "nested-list-tabs": "".join("\t" * depth + "- x\n" for depth in range(190)),
    "nested-list-spaces": "".join("    " * depth + "- x\n" for depth in range(95)),
    "nested-inline": "- " * 250 + "x",
    "blockquotes": ">" * 9_000 + " x",
    "backticks": "`a" * 4_990,
    "stars": "*a" * 4_990,
}


def test_markdown_bounds_render_fast_and_keep_the_text() -> None:
    fields = MarkdownFields()
    huge = {
        "brackets-100k": "[" * 100_000 + "]" * 100_000,
        "link-openers-1mb": "[a](" * 250_000,
        "nested-list-250": "".join("    " * depth + "- x\n" for depth in range(250)),
        "backticks-1mb": "`a" * 500_000,
    }
    for name, source in {**DOS, **huge}.items():
        started = time.perf_counter()
        rendered = fields.render(source)
        took = time.perf_counter() - started
        # A guard against the quadratic blow-up (minutes before the bounds), not a timing
        # target: a busy 2-core machine takes a few seconds for the slowest shape.
        assert took < 20, f"{name}: {took:.1f} s"
        text = html.unescape(re.sub(r"<[^>]+>", "", str(rendered)))
        # Every character of the source is still there (Markdown syntax aside).
        for char in set(source) - set("[]()!*`>-\t\n #"):
            assert char in text, f"{name}: {char!r} dropped"
        if markdown_field_problem(source):
            assert "".join(text.split()) == "".join(source.split()), f"{name}: text changed"


def test_nesting_bound_is_reported() -> None:
    deep = "".join("    " * depth + "- x\n" for depth in range(MARKDOWN_MAX_NESTING + 1))
    assert "nests lists or quotes" in (markdown_field_problem(deep) or "")
    shallow = "".join("    " * depth + "- x\n" for depth in range(MARKDOWN_MAX_NESTING))
    assert markdown_field_problem(shallow) is None
    assert "<ul>" in MarkdownFields().render(shallow)


ACCEPTED_DOS = {name: text for name, text in DOS.items() if len(text) < MARKDOWN_MAX - 100}
"""The slow shapes the model accepts (it refuses Markdown fields over MARKDOWN_MAX)."""


def test_hostile_sizes_build_in_seconds(tmp_path: Path) -> None:
    assert len(ACCEPTED_DOS) >= 6  # the shapes under the limit still go through a real build
    extra = [
        {"id": f"dos-{i}", "title": name, "detail": f"DOS-{name} {text}", "severity": "low"}
        for i, (name, text) in enumerate(ACCEPTED_DOS.items())
    ]
    journeys = {
        "_catalog.yml": dump(catalog(lambda field: None)),
        "maya.yml": dump(persona_file(lambda field: f"FIELD-{field}", extra)),
    }
    project = make_project(tmp_path, journeys=journeys)
    started = time.perf_counter()
    site = build_project(project, strict=True)
    took = time.perf_counter() - started
    assert took < 60, f"the build took {took:.0f} s"
    text = html.unescape(" ".join(parse(site.page("journeys/maya/buying/decision/")).text))
    for name in ACCEPTED_DOS:
        assert f"DOS-{name}" in text, f"{name} not shown"
