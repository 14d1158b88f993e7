"""Author text never becomes markup, script, a link target or a template: the built HTML.

Every string field of the catalog and of a persona file carries the same attack payload,
tagged with the field's name (`alert(1)//persona.name`), so a failure names the field that
leaked. The checks read every built HTML file with `html.parser`, the way a browser would
tokenise it, plus the search index and the navigation.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from conftest import Site, build_project, make_project

if TYPE_CHECKING:
    from collections.abc import Iterator


def payload(field: str) -> str:
    """One line mixing HTML, Jinja and Markdown attacks; `field` is in every script part."""
    return (
        f"{field}: <script>alert(1)//{field}</script> "
        f'"><img src=x onerror=alert(1)//{field}> '
        "{{ jinja }} {% raw %} "
        f"[link](javascript:alert(1)//{field}) "
        f"</title><script>alert(2)//{field}</script>"
    )


def hostile_url(field: str) -> str:
    """A web address the format accepts (no spaces) that tries to leave its attribute."""
    return f'https://example.com/x"><script>alert(1)//{field}</script>'


def catalog() -> dict[str, Any]:
    return {
        "channels": [
            {
                "id": "web",
                "name": payload("channel.name"),
                "description": payload("channel.description"),
            }
        ],
        "teams": [
            {
                "id": "growth",
                "name": payload("team.name"),
                "contact": payload("team.contact"),
                "description": payload("team.description"),
            }
        ],
        "touchpoints": [
            {
                "id": "pricing-page",
                "name": payload("touchpoint.name"),
                "channel": "web",
                "owner": "growth",
                "url": hostile_url("touchpoint.url"),
                "description": payload("touchpoint.description"),
            }
        ],
    }


def persona_file() -> dict[str, Any]:
    stage = {
        "id": "decision",
        "name": payload("stage.name"),
        "goal": payload("stage.goal"),
        "emotion": 2,
        "feeling": payload("stage.feeling"),
        "thoughts": [payload("stage.thoughts")],
        "steps": [
            {
                "action": payload("step.action"),
                "touchpoint": "pricing-page",
                "actors": [payload("step.actors")],
            }
        ],
        "pain_points": [
            {
                "id": "jargon",
                "title": payload("pain_point.title"),
                "detail": payload("pain_point.detail"),
                "severity": "high",
                "touchpoint": "pricing-page",
                "tickets": ["CX-101", hostile_url("pain_point.tickets")],
                "evidence": ["interviews"],
            }
        ],
        "opportunities": [
            {
                "id": "plain-quote",
                "title": payload("opportunity.title"),
                "detail": payload("opportunity.detail"),
                "impact": "high",
                "effort": "low",
                "status": "planned",
                "owner": "growth",
                "addresses": ["jargon"],
                "tickets": ["CX-140"],
            }
        ],
        "frontstage": [payload("stage.frontstage")],
        "backstage": [payload("stage.backstage")],
        "support": [payload("stage.support")],
        "metrics": [
            {
                "name": payload("metric.name"),
                "value": payload("metric.value"),
                "target": payload("metric.target"),
            }
        ],
    }
    second = {"id": "after", "name": payload("stage2.name"), "emotion": 4}
    return {
        "persona": {
            "name": payload("persona.name"),
            "role": payload("persona.role"),
            "segment": payload("persona.segment"),
            "quote": payload("persona.quote"),
            "summary": payload("persona.summary"),
            "goals": [payload("persona.goals")],
            "needs": [payload("persona.needs")],
            "frustrations": [payload("persona.frustrations")],
            "motivations": [payload("persona.motivations")],
            "channels": ["web"],
        },
        "journeys": [
            {
                "id": "buying",
                "title": payload("journey.title"),
                "scenario": payload("journey.scenario"),
                "owner": "growth",
                "stakeholders": ["growth"],
                "compare_to": "buying-later",
                "evidence": [
                    {
                        "id": "interviews",
                        "kind": "solicited",
                        "source": payload("evidence.source"),
                        "url": hostile_url("evidence.url"),
                    }
                ],
                "stages": [stage, second],
            },
            {
                "id": "buying-later",
                "title": payload("journey2.title"),
                "type": "future-state",
                "stages": [{"id": "only", "name": payload("stage3.name"), "emotion": 3}],
            },
        ],
    }


def dump(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Site:
    journeys = {"_catalog.yml": dump(catalog()), "maya.yml": dump(persona_file())}
    project = make_project(
        tmp_path_factory.mktemp("escaping"),
        journeys=journeys,
        plugin_options={"ticket_url": "https://tracker.example.com/browse/{ticket}"},
    )
    return build_project(project, strict=True)


# --- reading the HTML ---------------------------------------------------------------------------


class Elements(HTMLParser):
    """Every start tag with its attributes, script contents, and what sits inside `md-nav`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.text: list[str] = []
        self.nav_tags: list[str] = []
        self._script: dict[str, str] | None = None
        self._script_text: list[str] = []
        self._open: list[tuple[str, bool]] = []  # (tag, is an md-nav element)

    def _record(self, tag: str, attrs: list[tuple[str, str | None]]) -> dict[str, str]:
        values = {name: value or "" for name, value in attrs}
        self.tags.append((tag, values))
        if any(is_nav for _, is_nav in self._open):
            self.nav_tags.append(tag)
        return values

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = self._record(tag, attrs)
        if tag in VOID:
            return
        self._open.append((tag, tag == "nav" and "md-nav" in values.get("class", "").split()))
        if tag == "script":
            self._script, self._script_text = values, []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._record(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._script_text)))
            self._script = None
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script_text.append(data)
        else:
            self.text.append(data)


VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


def parse(source: str) -> Elements:
    parser = Elements()
    parser.feed(source)
    parser.close()
    return parser


def pages(site: Site) -> Iterator[tuple[str, str, Elements]]:
    for path in site.html_files():
        source = path.read_text(encoding="utf-8")
        yield path.relative_to(site.site_dir).as_posix(), source, parse(source)


def on_attributes(site: Site) -> set[tuple[str, str, str]]:
    return {
        (tag, name, value)
        for _, _, parsed in pages(site)
        for tag, attrs in parsed.tags
        for name, value in attrs.items()
        if name.startswith("on")
    }


def leaked_fields(text: str) -> list[str]:
    return sorted(set(re.findall(r"//([a-z_0-9]+\.[a-z_]+)", text)))


# --- the checks -----------------------------------------------------------------------------


def test_every_payload_made_it_into_the_data(hostile: Site) -> None:
    """Guard against a payload the loader silently refused: it would make the test vacuous."""
    from journey_maps.source.handbook import load_handbook

    handbook = load_handbook(hostile.project / "journeys", hostile.project)
    assert handbook.personas[0].profile.name == payload("persona.name")
    assert handbook.personas[0].journeys[0].stages[0].metrics[0].target == payload("metric.target")


FIELDS = sorted(set(re.findall(r'payload\("([a-z_0-9.]+)"\)', Path(__file__).read_text())))


def test_every_field_is_shown_as_text(hostile: Site) -> None:
    """Each field reaches some page, as visible text: the checks below are not vacuous."""
    shown = html.unescape(" ".join("".join(parsed.text) for _, _, parsed in pages(hostile)))
    missing = [f for f in FIELDS if f"{f}: <script>alert(1)//{f}</script>" not in shown]
    assert len(FIELDS) > 30
    assert not missing, f"fields shown nowhere (or not as text): {missing}"


def test_no_script_runs_author_text(hostile: Site) -> None:
    problems = []
    for name, _, parsed in pages(hostile):
        for attrs, content in parsed.scripts:
            if "alert" in content or "alert" in attrs.get("src", ""):
                problems.append(
                    f"{name}: <script> from {leaked_fields(content + attrs.get('src', ''))}"
                )
    assert not problems, "\n".join(problems)


def test_no_event_handler_attributes_from_author_text(hostile: Site, small_site: Site) -> None:
    found = on_attributes(hostile)
    leaked = [
        f"<{tag} {name}={value!r}> from {leaked_fields(value)}"
        for tag, name, value in found
        if "alert" in value
    ]
    assert not leaked, "\n".join(leaked)
    # Only the handlers Material itself ships (as in a clean build) may exist at all.
    shipped = {(tag, name) for tag, name, _ in on_attributes(small_site)}
    assert {(tag, name) for tag, name, _ in found} <= shipped


def test_no_javascript_links(hostile: Site) -> None:
    problems = []
    for name, _, parsed in pages(hostile):
        for tag, attrs in parsed.tags:
            for attribute in ("href", "src", "action", "formaction", "xlink:href"):
                value = "".join(attrs.get(attribute, "").split()).lower()
                if value.startswith(("javascript:", "vbscript:", "data:text/html")):
                    problems.append(f"{name}: <{tag} {attribute}={attrs[attribute]!r}>")
    assert not problems, "\n".join(problems)


def test_hostile_addresses_stay_inside_their_attribute(hostile: Site) -> None:
    """A URL with `">` in it is percent-encoded, so it cannot close the href and add markup."""
    checked = set()
    for name, _, parsed in pages(hostile):
        for tag, attrs in parsed.tags:
            href = attrs.get("href", "")
            if href.startswith("https://example.com/x"):
                checked.update(leaked_fields(href))
                assert "<" not in href, f"{name}: <{tag} href={href!r}>"
                assert '"' not in href, f"{name}: <{tag} href={href!r}>"
    assert checked >= {"touchpoint.url", "evidence.url", "pain_point.tickets"}


def test_jinja_is_not_evaluated(hostile: Site) -> None:
    parsed = parse(hostile.page("journeys/maya/"))
    text = html.unescape("".join(parsed.text))
    assert "{{ jinja }}" in text
    assert "{% raw %}" in text
    for field in (
        "persona.name",
        "persona.role",
        "persona.quote",
        "persona.summary",
        "persona.goals",
    ):
        assert f"{field}: <script>alert(1)//{field}</script>" in text, f"{field} not shown as text"


def test_titles_cannot_be_closed_early(hostile: Site) -> None:
    """`<title>` is RCDATA: a raw `</title>` in it would end it and the rest would be markup."""
    problems = []
    for name, source, _ in pages(hostile):
        match = re.search(r"<title>(.*?)</title>", source, re.S)
        assert match, f"{name} has no <title>"
        if "<script" in match.group(1).lower():
            problems.append(f"{name}: {match.group(1)!r}")
        head = source.lower().partition("</head>")[0]  # SVG <title>s in the body are fine
        if head.count("</title>") != 1:
            problems.append(f"{name}: {head.count('</title>')} '</title>' in <head>")
    assert not problems, "\n".join(problems)


def test_navigation_holds_no_markup_from_author_text(hostile: Site) -> None:
    problems, nav_tags = [], 0
    for name, source, parsed in pages(hostile):
        nav_tags += len(parsed.nav_tags)
        # Material's own icons in the nav are inline <svg>; author text may bring none.
        tags = set(parsed.nav_tags) & {"script", "img", "iframe", "object", "embed", "style"}
        if tags:
            problems.append(f"{name}: {sorted(tags)} inside md-nav")
        for nav in re.findall(r'<nav class="md-nav[^"]*".*?</nav>', source, re.S):
            if "<script" in nav.lower() or "<img" in nav.lower():
                problems.append(f"{name}: raw markup in md-nav from {leaked_fields(nav)}")
    assert not problems, "\n".join(problems)
    assert nav_tags > 100, "the parser found (almost) nothing inside md-nav: is the check blind?"


def test_search_index_holds_no_markup_from_author_text(hostile: Site) -> None:
    """Material shows search results' title and text as HTML."""
    problems = []
    for entry in hostile.search_index():
        for key in ("title", "text"):
            value = entry.get(key, "").lower()
            for raw in ("<script", "<img"):
                if raw in value:
                    problems.append(
                        f"{entry['location']} {key}: raw {raw} from {leaked_fields(entry[key])}"
                    )
    assert not problems, "\n".join(problems)


def test_payload_text_is_findable_in_search(hostile: Site) -> None:
    """Escaped, not dropped: the persona's name is still in the index, as text."""
    docs = hostile.search_index()
    assert any("persona.name" in html.unescape(entry["title"]) for entry in docs)
