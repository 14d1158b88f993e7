"""Built pages in headless Chromium: Mermaid diagrams render, hostile text stays text.

Runs offline: the site is served on 127.0.0.1, Mermaid comes from tests/browser/node_modules
(pinned in package.json) and every other outside request is blocked. See browser_support.py.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from browser_support import ARTIFACTS, Browsing, browse, collapse, diagrams, xss_findings
from conftest import Site, build_project, make_project

from journey_maps.source.handbook import Handbook, load_handbook

pytestmark = pytest.mark.browser

MERMAID_ERROR_TEXTS = ("Syntax error", "Parse error", "Lexical error", "error in text")


# --- helpers ---------------------------------------------------------------------------------


def handbook_of(site: Site) -> Handbook:
    return load_handbook(site.project / "journeys", site.project)


def expected_diagram(handbook: Handbook, persona_id: str, journey_id: str) -> dict[str, Any]:
    """What the diagram must show, derived from the data the way the format describes it:
    one section per rated stage, one task per step (a stage without steps: one task)."""
    persona = next(p for p in handbook.personas if p.id == persona_id)
    journey = next(j for j in persona.journeys if j.id == journey_id)
    sections, tasks = [], []
    for stage in journey.stages:
        if stage.emotion is None:  # no steps and no emotion: nothing to plot
            continue
        sections.append(collapse(stage.name))
        if stage.steps:
            tasks += [collapse(step.action) for step in stage.steps]
        else:
            tasks.append(collapse(stage.goal or stage.name))
    return {"title": collapse(journey.title), "sections": sections, "tasks": tasks}


def journey_paths(handbook: Handbook) -> list[tuple[str, str, str]]:
    return [
        (persona.id, journey.id, f"journeys/{persona.id}/{journey.id}/")
        for persona in handbook.personas
        for journey in persona.journeys
    ]


_HEADING_AND_PARTS = """
() => {
  const h1 = document.querySelector('.md-content h1').cloneNode(true);
  h1.querySelectorAll('.headerlink').forEach((a) => a.remove());
  const parts = [...document.querySelectorAll('p.jm-diagram__part')].map((p) => p.textContent);
  return [h1.textContent, parts];
}
"""


def assert_journey_diagram(browsing: Browsing, path: str, expected: dict[str, Any]) -> Any:
    """The page at `path` shows the journey as Mermaid journey diagrams showing `expected`:
    one diagram, or (a long journey) one per group of whole stages, read in order, drawn
    once its box is opened (Mermaid loads then)."""
    loaded = browsing.open(path, open_diagrams=True)
    page = loaded.page
    found = diagrams(page)
    assert found, f"{path}: expected a Mermaid diagram, found none"
    sections: list[str] = []
    tasks: list[str] = []
    for diagram in found:
        assert loaded.diagrams_done, f"{path}: the diagrams did not finish; errors {loaded.errors}"
        assert diagram["rendered"], (
            f"{path}: the diagram did not render an SVG; page errors {loaded.errors}; "
            f"source:\n{diagram['source']}"
        )
        assert diagram["roledescription"] == "journey", (
            f"{path}: Mermaid drew {diagram['roledescription']!r}, not a journey: "
            f"{diagram['text']!r}"
        )
        for error in MERMAID_ERROR_TEXTS:
            assert error not in diagram["text"], f"{path}: {error!r} shown"
        sections += [collapse(s) for s in diagram["sections"]]
        tasks += [collapse(t) for t in diagram["tasks"]]
    # The page names the journey, and each part of a long one by its stages; Mermaid draws
    # no title (it was cut off when wider than the steps).
    heading, captions = page.evaluate(_HEADING_AND_PARTS)
    assert collapse(heading) == expected["title"], f"{path}: heading {heading!r}"
    if len(found) == 1:
        assert captions == [], f"{path}: one diagram, yet parts {captions}"
    else:
        assert [c.split(":")[0] for c in captions] == [
            f"Part {n} of {len(found)}" for n in range(1, len(found) + 1)
        ], f"{path}: {captions}"
    body_text = page.evaluate("() => document.body.innerText")
    for error in MERMAID_ERROR_TEXTS:
        assert error not in body_text, f"{path}: {error!r} shown"
    assert sections == expected["sections"], path
    assert tasks == expected["tasks"], path
    return loaded


@pytest.fixture(params=["small", "example"])
def handbook_site(request: pytest.FixtureRequest) -> Site:
    """Both real handbooks; the example must build with --strict (a failure, never a skip)."""
    return request.getfixturevalue("small_site" if request.param == "small" else "example_site")


# --- a. every journey page of the real handbooks ---------------------------------------------


def test_every_journey_page_renders_its_diagram(browser: Any, handbook_site: Site) -> None:
    handbook = handbook_of(handbook_site)
    paths = journey_paths(handbook)
    assert paths, "no journeys in the handbook"
    with browse(browser, handbook_site.site_dir) as browsing:
        for persona_id, journey_id, path in paths:
            loaded = assert_journey_diagram(
                browsing, path, expected_diagram(handbook, persona_id, journey_id)
            )
            assert loaded.errors == [], f"{path}: JavaScript errors {loaded.errors}"
            assert xss_findings(loaded.page) == []


# --- b. a hostile handbook ---------------------------------------------------------------------

# Every string goes into each diagram position: section (stage name), task (step action) and
# actor, and into a journey title (alone when its start matters, else joined with others),
# which the page shows as its heading (Mermaid draws no title).
# Keys name the case in failure messages.
HOSTILE = {
    "colon": "Ratio 3:1 then a: b",
    "semicolon": "Stop; go on;",
    "hash": "Ticket #42 and a literal #58; entity",
    "hash-first": "#58; first, then text",
    "percent": "100% sure %% not a comment %%{init: {'theme':'dark'}}%%",
    "percent-first": "%% not a comment",
    "double-quote": 'She said "yes"',
    "single-quote": "It's Maya's",
    "angle": "a < b > c",
    "ampersand": "Fish & chips &amp; &lt;b&gt;",
    "jinja": "{{ jinja }} {% raw %} {# comment #}",
    "comma": "a, b",
    "emoji": "Happy 🙂 face",
    "japanese": "日本語のテキスト",
    "greek": "Ελληνικά κείμενα",
    "title-keyword": "title Not the title",
    "section-keyword": "section Not a section",
    "journey-keyword": "journey onwards",
    "acc-keyword": "accTitle: hidden",
    "script": "<script>window.__xss=1</script>",
    "img-onerror": '"><img src=x onerror="window.__xss=1">',
    "br-and-markdown": "`code` **bold** <br> next",
    "mermaid-placeholders": "ﬂ°°58¶ß and ¶",
    "proto": "__proto__",
}
# Strings whose first characters matter get a journey title of their own.
TITLE_ALONE = (
    "hash-first",
    "percent-first",
    "title-keyword",
    "section-keyword",
    "journey-keyword",
    "acc-keyword",
    "script",
    "img-onerror",
    "proto",
)
TITLES = {
    "alone": [HOSTILE[key] for key in TITLE_ALONE],
    "joined": [
        " ".join(v for k, v in list(HOSTILE.items())[:12] if k not in TITLE_ALONE),
        " ".join(v for k, v in list(HOSTILE.items())[12:] if k not in TITLE_ALONE),
    ],
}
MULTI_LINE_ACTION = "First line: one;\nsecond line # two\n  third, %% three\n"
# 48 colons: a word far wider than Mermaid's default legend width. Mermaid wraps legend words
# measured in their entity-encoded form (`#58;` -> `ﬂ°°58¶ß`) and used to cut a code in half;
# the plugin gives the legend room (maxLabelWidth), see test_long_actor_word_with_specials_in_legend.
LONG_ACTOR = ":" * 48
PERSONA_NAME = 'Maya "M" <Chen> & co: #1; 🙂'


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are YAML)."""
    return json.dumps(value, ensure_ascii=False)


def hostile_yaml() -> dict[str, str]:
    catalog = f"""\
channels:
  - id: web
    name: {_q(HOSTILE["script"])}
teams:
  - id: growth
    name: {_q(HOSTILE["img-onerror"])}
    contact: {_q(HOSTILE["jinja"])}
touchpoints:
  - id: page
    name: {_q(HOSTILE["img-onerror"] + " " + HOSTILE["script"])}
    channel: web
    owner: growth
    description: {_q(HOSTILE["script"] + " " + HOSTILE["img-onerror"])}
"""
    stages = []
    for number, value in enumerate(HOSTILE.values()):
        stages.append(f"""\
      - id: stage-{number}
        name: {_q(value)}
        goal: {_q(value)}
        feeling: {_q(value)}
        thoughts: [{_q(value)}]
        steps:
          - action: {_q(value)}
            touchpoint: page
            emotion: {number % 5 + 1}
            actors: [{_q(value)}]
        pain_points:
          - id: pain-{number}
            title: {_q(value)}
            detail: {_q(value)}
        opportunities:
          - id: idea-{number}
            title: {_q(value)}
            addresses: [pain-{number}]
        frontstage: [{_q(value)}]
""")
    block = "".join(f"              {line}\n" for line in MULTI_LINE_ACTION.splitlines())
    stages.append(f"""\
      - id: multi-line
        name: Multi-line
        steps:
          - action: |
{block}            emotion: 3
            actors: [{_q(HOSTILE["comma"])}, {_q(HOSTILE["proto"])}, {_q(LONG_ACTOR)}]
""")
    titled = "".join(
        f"""\
  - id: title-{number}
    title: {_q(value)}
    owner: growth
    stages:
      - id: only
        name: Only stage
        steps:
          - action: Only step
            emotion: 3
"""
        for number, value in enumerate(TITLES["alone"] + TITLES["joined"][1:])
    )
    persona = f"""\
persona:
  name: {_q(PERSONA_NAME)}
  role: {_q(HOSTILE["script"])}
  quote: {_q(HOSTILE["img-onerror"])}
  summary: {_q(HOSTILE["script"] + " " + HOSTILE["img-onerror"])}
  channels: [web]
journeys:
  - id: everything
    title: {_q(TITLES["joined"][0])}
    owner: growth
    scenario: {_q(HOSTILE["script"])}
    stages:
{"".join(stages)}{titled}"""
    return {"_catalog.yml": catalog, "hostile.yml": persona}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    project = make_project(tmp_path_factory.mktemp("hostile"), journeys=hostile_yaml())
    return build_project(project, strict=True)


def test_hostile_handbook_data_round_trips(hostile_site: Site) -> None:
    """The YAML above says what the test thinks it says (block scalar, quotes, unicode)."""
    handbook = handbook_of(hostile_site)
    (persona,) = handbook.personas
    assert persona.profile.name == PERSONA_NAME
    main = persona.journeys[0]
    assert [s.name for s in main.stages[:-1]] == list(HOSTILE.values())
    assert main.stages[-1].steps[0].action == MULTI_LINE_ACTION
    titles = [j.title for j in persona.journeys]
    assert titles == [TITLES["joined"][0], *TITLES["alone"], TITLES["joined"][1]]


def _squash(text: str) -> str:
    """Legend lines re-joined: Mermaid wraps long actor names and breaks words with '-'."""
    return "".join(text.split()).replace("-", "")


def missing_actors(page: Any, actors: list[str]) -> list[str]:
    legend = _squash("".join(a for d in diagrams(page) for a in d["actors"]))
    return [actor for actor in actors if _squash(actor) not in legend]


def test_hostile_text_is_shown_as_written_in_the_diagram(browser: Any, hostile_site: Site) -> None:
    handbook = handbook_of(hostile_site)
    with browse(browser, hostile_site.site_dir) as browsing:
        for persona_id, journey_id, path in journey_paths(handbook):
            expected = expected_diagram(handbook, persona_id, journey_id)
            loaded = assert_journey_diagram(browsing, path, expected)
            if journey_id == "everything":
                actors = list(HOSTILE.values())
                assert missing_actors(loaded.page, actors) == [], "actors missing from the legend"
            else:
                assert missing_actors(loaded.page, [PERSONA_NAME]) == [], path
            assert xss_findings(loaded.page) == [], path


def test_long_actor_word_with_specials_in_legend(browser: Any, hostile_site: Site) -> None:
    with browse(browser, hostile_site.site_dir) as browsing:
        loaded = browsing.open("journeys/hostile/everything/", open_diagrams=True)
        legend = [a for d in diagrams(loaded.page) for a in d["actors"]]
        assert missing_actors(loaded.page, [HOSTILE["percent"], LONG_ACTOR]) == [], legend


def test_hostile_text_never_runs_on_any_generated_page(browser: Any, hostile_site: Site) -> None:
    """Every other page (landing, persona, stages, touchpoints, registers, teams ...); the
    journey pages are checked in the diagram test above."""
    journeys = {path for _, _, path in journey_paths(handbook_of(hostile_site))}
    site = hostile_site.site_dir
    paths = [
        path.parent.relative_to(site).as_posix() + "/"
        for path in sorted(site.glob("journeys/**/index.html"))
    ]
    paths = [path for path in paths if path not in journeys]
    main = "journeys/hostile/everything/"
    # Some pages and a string each must show as text (the markup, instead of running it).
    shown = {
        "journeys/": HOSTILE["script"],  # the persona's role
        "journeys/hostile/": HOSTILE["img-onerror"],  # the persona's quote
        "journeys/touchpoints/": HOSTILE["img-onerror"] + " " + HOSTILE["script"],
        **{f"{main}stage-{n}/": value for n, value in enumerate(HOSTILE.values())},
        f"{main}multi-line/": MULTI_LINE_ACTION,
    }
    assert set(shown) <= set(paths), sorted(set(shown) - set(paths))
    with browse(browser, site) as browsing:
        for path in ["", *paths]:
            loaded = browsing.open(path, timeout_ms=5_000)
            assert loaded.page.evaluate("() => typeof window.__xss") == "undefined", path
            assert xss_findings(loaded.page) == [], path
            if path in shown:
                text = loaded.page.evaluate("() => document.querySelector('article').innerText")
                assert collapse(shown[path]) in collapse(text), f"{path}: not shown as text"


# --- c. screenshots -----------------------------------------------------------------------------


@pytest.mark.parametrize("width", [1440, 375])
def test_screenshot_first_journey_page(browser: Any, handbook_site: Site, width: int) -> None:
    """Full-page screenshots for people to look at (tests/artifacts/, not committed)."""
    persona_id, journey_id, path = journey_paths(handbook_of(handbook_site))[0]
    name = "example" if handbook_site.project.parent.name.startswith("example") else "small"
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"{name}-{persona_id}-{journey_id}-{width}.png"
    with browse(browser, handbook_site.site_dir, width=width, height=900) as browsing:
        loaded = browsing.open(path, wait_until="load", open_diagrams=True)
        assert loaded.diagrams_done, f"{path}: diagram did not render"
        loaded.page.screenshot(path=str(target), full_page=True)
        # Nothing but the diagram's own box may scroll sideways on a phone.
        overflow = loaded.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    assert target.stat().st_size > 10_000
    assert overflow <= 0, f"{path} at {width}px scrolls sideways by {overflow}px"
