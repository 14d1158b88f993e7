"""site/templates/: the pieces several pages show are macros defined once, every template is
found by name through the environment's loader (so `custom_templates` can replace it), and
a page's template lays out what the views decided. Rendered by the core, without MkDocs.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import jinja2
from conftest import FIXTURES, page_context

from journey_maps.site.pages import generate_pages
from journey_maps.site.templating import TEMPLATES, SessionBytecode, make_environment
from journey_maps.source.handbook import load_handbook

if TYPE_CHECKING:
    from pathlib import Path

FIXTURE = FIXTURES / "small"
SHARED = ("_macros.md.j2", "_badges.html.j2", "_links.html.j2")


def pages(custom_templates: Path | None = None) -> dict[str, str]:
    handbook = load_handbook(FIXTURE / "journeys", FIXTURE)
    context = page_context(handbook, environment=make_environment(custom_templates))
    return {page.src_uri: page.markdown for page in generate_pages(context).pages}


def test_a_chip_is_drawn_by_one_macro_that_custom_templates_can_replace(tmp_path: Path) -> None:
    """Emotions, severities, statuses and review badges on every page, in Markdown and in
    the HTML blocks (grid, summary, registers), all come from `chip` in `_badges.html.j2`."""
    original = (TEMPLATES / "_badges.html.j2").read_text(encoding="utf-8")
    macro = re.search(r"\{% macro chip\(c\) -%\}.*?\{%- endmacro %\}", original, re.S)
    assert macro
    replaced = original.replace(
        macro.group(),
        '{% macro chip(c) %}<mark data-chip="{{ c.kind }}">{{ c.text }}</mark>{% endmacro %}',
    )
    (tmp_path / "_badges.html.j2").write_text(replaced, encoding="utf-8")
    before, after = pages(), pages(tmp_path)
    assert before.keys() == after.keys()
    chip = re.compile(r'<span class="jm-(emotion|severity|status|pain-status|review|evidence) ')
    assert sum(len(chip.findall(text)) for text in before.values()) > 40
    assert not [uri for uri, text in after.items() if chip.search(text)]
    kinds = {kind for text in after.values() for kind in re.findall(r'data-chip="([a-z-]+)"', text)}
    assert kinds >= {"emotion", "severity", "status", "pain-status", "badge", "review", "evidence"}


def test_shared_templates_are_imported_by_name() -> None:
    """Every `{% import %}` and `{% include %}` names a template the loader finds: no
    template reads another from a path, so each one can be replaced by name."""
    environment = make_environment()
    names = set(environment.list_templates())
    assert set(SHARED) <= names
    for path in sorted(TEMPLATES.rglob("*.j2")):
        source = path.read_text(encoding="utf-8")
        for used in re.findall(r"\{%-? *(?:import|include|from|extends) +\"([^\"]+)\"", source):
            assert used in names, f"{path.name} uses {used!r}, which the loader does not find"


def test_page_templates_hold_no_chip_of_their_own() -> None:
    """A chip's markup is written once, in `_badges.html.j2`; the page templates call it."""
    chip = re.compile(r'class="jm-(emotion|severity|status|pain-status|review|evidence) jm-')
    written = [
        f"{path.relative_to(TEMPLATES)}:{number}"
        for path in sorted(TEMPLATES.glob("*.j2"))
        if path.name != "_badges.html.j2"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if chip.search(line)
    ]
    assert not written, written


def test_a_serve_session_compiles_a_theme_template_once_and_again_when_edited(
    tmp_path: Path,
) -> None:
    # MkDocs makes a new theme environment per rebuild; the plugin gives each the session's
    # cache (on_env): an unchanged template is not compiled again, an edited one is.
    (tmp_path / "main.html").write_text("<h1>{{ title }}</h1>", encoding="utf-8")
    session = SessionBytecode()
    compiled: list[str] = []

    def rebuild() -> str:
        environment = jinja2.Environment(loader=jinja2.FileSystemLoader(str(tmp_path)))
        environment.bytecode_cache = session
        compile_source = environment.compile

        def counted(source: str, *args: object, **kwargs: object) -> object:
            compiled.append(source)
            return compile_source(source, *args, **kwargs)  # type: ignore[arg-type]

        environment.compile = counted  # type: ignore[method-assign]
        return environment.get_template("main.html").render(title="Maps")

    assert rebuild() == "<h1>Maps</h1>"
    assert rebuild() == "<h1>Maps</h1>"
    assert len(compiled) == 1
    (tmp_path / "main.html").write_text("<h2>{{ title }}</h2>", encoding="utf-8")
    assert rebuild() == "<h2>Maps</h2>"
    assert len(compiled) == 2
