"""site/mermaid.py: author text as inert Mermaid entity codes, and the journey diagram's shape.

How Mermaid itself renders these is checked in Chromium by tests/browser/test_browser.py; here
only the text is checked, without MkDocs or a browser.
"""

from __future__ import annotations

import re

import pytest
from conftest import page_context
from html_tools import diagram_sources
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import ValidationError

from journey_maps.site.mermaid import (
    MAX_TASKS,
    journey_diagram,
    journey_diagrams,
    mermaid_text,
    readable_source,
)
from journey_maps.source.handbook import Handbook
from journey_maps.source.model import Catalog, Journey, PersonaFile

SPECIAL = "#;:,%<>&{}"
ENTITY = re.compile(r"#(\d+);")


def decode(text: str) -> str:
    """What Mermaid shows for `text`: every `#NN;` entity code as its character."""
    return ENTITY.sub(lambda match: chr(int(match[1])), text)


@pytest.mark.parametrize("character", list(SPECIAL))
def test_special_characters_become_entity_codes(character: str) -> None:
    assert mermaid_text(f"a{character}b") == f"a#{ord(character)};b"


def test_mermaid_placeholder_characters_are_encoded() -> None:
    """Mermaid uses ﬂ and ¶ internally as stand-ins for `#` and `;`."""
    assert mermaid_text("a\ufb02b\u00b6c") == "a#64258;b#182;c"


def test_whole_line_of_syntax() -> None:
    text = "Pay: 3: Maya, Sam; %%{init}%% #x <b>&"
    assert mermaid_text(text) == (
        "Pay#58; 3#58; Maya#44; Sam#59; #37;#37;#123;init#125;#37;#37; #35;x #60;b#62;#38;"
    )
    assert decode(mermaid_text(text)) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\x00b\x1bc\x7fd\x9fe", "abcde"),
        ("a\x1fb", "a b"),  # Python counts U+001C..U+001F as whitespace
        ("two\nlines", "two lines"),
        ("  spaced \t out\r\n ", "spaced out"),
        ("bell\x07", "bell"),
    ],
)
def test_control_characters_removed_and_whitespace_folded(text: str, expected: str) -> None:
    assert mermaid_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("title Pwned", "#116;itle Pwned"),
        ("Title", "#84;itle"),
        ("section Other", "#115;ection Other"),
        ("SECTION", "#83;ECTION"),
        ("journey", "#106;ourney"),
        ("accTitle: x", "#97;ccTitle#58; x"),
        ("accDescr", "#97;ccDescr"),
        ("  title after spaces", "#116;itle after spaces"),
        ("__proto__", "#95;_proto__"),
        ("a title later", "a title later"),
        ("__proto__x", "__proto__x"),
    ],
)
def test_keywords_at_the_start_are_guarded(text: str, expected: str) -> None:
    assert mermaid_text(text) == expected
    assert decode(mermaid_text(text)) == " ".join(text.split())


@pytest.mark.parametrize("text", ["\x01 title Pwned", "\x00 section S", "\x7f journey"])
def test_keyword_guard_survives_a_leading_control_character(text: str) -> None:
    """YAML escapes ("\\x01 title x") reach the model; Mermaid skips the leading space."""
    assert not re.match(r"\s*(?i:title|section|journey|acc)", mermaid_text(text))


@pytest.mark.parametrize("text", ["", "   ", "\x00", "\n\t", "\x01\x02"])
def test_never_empty(text: str) -> None:
    assert mermaid_text(text) == "#8203;"


@given(st.text(max_size=40))
def test_any_text_is_one_inert_line(text: str) -> None:
    out = mermaid_text(text)
    assert out
    assert "\n" not in out
    assert "\r" not in out
    assert not re.search(r"[\x00-\x1f\x7f-\x9f]", out)
    # Outside entity codes no syntax character is left, and every `#` starts an entity code.
    assert not set(ENTITY.sub("", out)) & set(SPECIAL)
    assert not re.match(r"(?i)(?:journey|title|section|acc)", out)
    assert out != "__proto__"


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=40))
def test_entity_codes_decode_to_the_folded_text(text: str) -> None:
    folded = " ".join(text.split())
    assert decode(mermaid_text(text)) == (folded or "\u200b")


def persona(name: str = "Maya Chen") -> PersonaFile:
    return PersonaFile.model_validate({"persona": {"name": name, "role": "Buyer"}})


def journey(stages: list[dict[str, object]], title: str = "Buying: a policy") -> Journey:
    return Journey.model_validate({"id": "buying", "title": title, "stages": stages})


def diagram_body(text: str) -> list[str]:
    """The lines after the front matter (`---` ... `---`)."""
    lines = text.split("\n")
    assert lines[0] == "---"
    end = lines.index("---", 1)
    return lines[end + 1 :]


def test_diagram_structure() -> None:
    """Built from the model directly: steps keep no emotion here (the handbook loader
    would have given them their stage's), so unrated steps are left out."""
    stages: list[dict[str, object]] = [
        {
            "id": "search",
            "name": "Search",
            "steps": [
                {"action": "Googles it", "emotion": 3, "actors": ["Maya", "Sam, Jr."]},
                {"action": "Reads reviews", "emotion": 2},
                {"action": "Unrated step"},
            ],
        },
        {"id": "quiet", "name": "Quiet stage", "emotion": 4},
        {"id": "empty", "name": "Nothing felt"},
        {"id": "pay", "name": "Pay", "emotion": 1, "steps": [{"action": "Unrated"}]},
    ]
    text = journey_diagram(persona(), journey(stages))
    assert text.startswith("---\nconfig:\n")
    assert not text.endswith("\n")
    assert diagram_body(text) == [
        "journey",
        "  section Search",
        "    Googles it: 3: Maya, Sam#44; Jr.",
        "    Reads reviews: 2: Maya Chen",
        "  section Quiet stage",
        "    Quiet stage: 4: Maya Chen",
        "  section Pay",
        "    Pay: 1: Maya Chen",
    ]


def test_stage_without_rated_steps_becomes_one_task_named_after_it() -> None:
    text = journey_diagram(
        persona("Sam"), journey([{"id": "wait", "name": "Waiting: on hold", "emotion": 2}])
    )
    assert diagram_body(text)[1:] == [
        "  section Waiting#58; on hold",
        "    Waiting#58; on hold: 2: Sam",
    ]


def test_default_actor_is_the_persona_name_escaped() -> None:
    text = journey_diagram(
        persona("title: Dr. <X>"),
        journey([{"id": "s", "name": "S", "steps": [{"action": "Act", "emotion": 5}]}]),
    )
    assert diagram_body(text)[-1] == "    Act: 5: #116;itle#58; Dr. #60;X#62;"


def test_one_section_per_rated_stage_in_order() -> None:
    stages: list[dict[str, object]] = [
        {"id": f"s{i}", "name": f"Stage {i}", "emotion": 1 + i % 5} for i in range(7)
    ]
    body = diagram_body(journey_diagram(persona(), journey(stages)))
    sections = [line for line in body if line.startswith("  section ")]
    assert sections == [f"  section Stage {i}" for i in range(7)]
    tasks = [line for line in body if line.startswith("    ")]
    assert tasks == [f"    Stage {i}: {1 + i % 5}: Maya Chen" for i in range(7)]


def three_steps(number: int, name: str | None = None) -> dict[str, object]:
    steps = [{"action": f"Step {number}.{i}", "emotion": 3} for i in range(3)]
    return {"id": f"s{number}", "name": name or f"Stage {number}", "steps": steps}


def test_a_long_journey_comes_in_parts_of_whole_stages() -> None:
    """At most MAX_TASKS steps a part, a stage never split; no part draws a title (Mermaid
    cuts off a title wider than the steps under it)."""
    long = journey([three_steps(1), three_steps(2), three_steps(3)], title="A " * 100)
    parts = journey_diagrams(persona(), long)
    assert MAX_TASKS == 7
    assert [part.stages for part in parts] == [("Stage 1", "Stage 2"), ("Stage 3",)]
    for part in parts:
        assert not [line for line in diagram_body(part.source) if "title" in line]
    assert diagram_body(parts[1].source)[1:3] == ["  section Stage 3", "    Step 3.0: 3: Maya Chen"]
    assert [p.stages for p in journey_diagrams(persona(), journey([three_steps(1)]))] == [
        ("Stage 1",)
    ]
    assert journey_diagrams(persona(), journey([{"id": "s", "name": "Unrated"}])) == []


def test_parts_are_named_by_their_stages_on_the_page() -> None:
    context = page_context(Handbook(Catalog.model_validate({}), []))  # the parts need no handbook

    def shown(stages: list[dict[str, object]]) -> str:
        return context.diagram_html(context.diagram_parts(persona(), journey(stages)))

    two = shown([three_steps(1, "Look <around>"), three_steps(2), three_steps(3)])
    assert len(diagram_sources(two)) == 2
    assert '<p class="jm-diagram__part">Part 1 of 2: Look &lt;around&gt;, Stage 2</p>' in two
    assert '<p class="jm-diagram__part">Part 2 of 2: Stage 3</p>' in two
    one = shown([three_steps(1)])
    assert len(diagram_sources(one)) == 1
    assert 'jm-diagram__part"' not in one
    none = shown([{"id": "s", "name": "Unrated"}])
    assert diagram_sources(none) == []
    assert "Nothing to draw yet" in none


def test_the_page_holds_no_mermaid_block_and_the_exact_source_on_one_tag_line() -> None:
    """Material fetches Mermaid on page load for every `.mermaid` block; the diagram is a
    `pre.jm-diagram__source` whose start tag is one line (every Markdown host keeps it)."""
    context = page_context(Handbook(Catalog.model_validate({}), []))
    parts = context.diagram_parts(persona(), journey([three_steps(1, "A, b: {{ c }} & <d>")]))
    html = context.diagram_html(parts)
    assert 'class="mermaid' not in html
    (start_tag,) = re.findall(r"<pre [^>]*>", html)
    assert "\n" not in start_tag
    assert diagram_sources(html) == [parts[0].source]
    assert "{{" not in html  # templating plugins read pages as Jinja


@given(st.text(max_size=40).filter(str.strip))
def test_readable_source_shows_the_text_as_written(text: str) -> None:
    """What a reader sees when the diagram is not drawn: the folded text, never `#44;`."""
    try:
        stages = journey([three_steps(1, text)])
    except ValidationError:
        assume(False)  # a name the format refuses (controls only, say)
    readable = readable_source(journey_diagram(persona(), stages))
    assert f"  section {decode(mermaid_text(stages.stages[0].name))}\n" in readable + "\n"
    assert "config:" not in readable
    assert readable.startswith("journey\n")


def test_readable_source_decodes_what_mermaid_text_wrote() -> None:
    source = journey_diagram(persona(), journey([three_steps(1, "Compare 23 quotes, sorted; #1")]))
    assert "section Compare 23 quotes, sorted; #1\n" in readable_source(source)
    assert "#44;" not in readable_source(source)
