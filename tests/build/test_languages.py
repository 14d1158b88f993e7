"""The generated pages in the site's language: one catalogue per language, complete, used by
the build (theme.language, the `language` option, the site's own words in `labels`)."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT, Site, build_project, make_project
from html_tools import article, parse

from journey_maps.views.messages import LOCALES, catalogue_languages, messages_for

if TYPE_CHECKING:
    from pathlib import Path

TRANSLATED = [language for language in catalogue_languages() if language != "en"]
EXTRACT_KEYWORDS = ["-k", "N_", "-k", "ngettext:1,2", "-k", "plural:2,3"]
"""What `pybabel extract` looks for besides `_`: the same as CONTRIBUTING's command."""
AUTHOR_TEXT = re.compile(r'<code>.*?</code>|<div class="jm-md" markdown="0">.*?</div>', re.S)
"""Values the author writes (`status: verified`) and their Markdown fields: English here."""
PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%\([a-z_]+\)[sd]|%[sd]")


def catalogue(name: str) -> list[tuple[str, str | tuple[str, ...], str | tuple[str, ...]]]:
    """(where, msgid, msgstr) of every message of views/locales/<name>."""
    with (LOCALES / name).open("rb") as po:
        return [
            (", ".join(f"{f}:{n}" for f, n in m.locations[:1]), m.id, m.string)
            for m in read_po(po)
            if m.id
        ]


def test_six_languages_ship() -> None:
    assert set(catalogue_languages()) >= {"en", "de", "fr", "es", "nl", "ja"}


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_with_its_placeholders(language: str) -> None:
    """A catalogue a native speaker can correct: every message there, none left empty,
    every placeholder kept (a lost `{count}` would show a sentence without its number)."""
    english = {str(m) for _, m, _ in catalogue("journey-maps.pot")}
    problems = []
    found = set()
    for where, msgid, msgstr in catalogue(f"{language}.po"):
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        strings = msgstr if isinstance(msgstr, tuple) else (msgstr,)
        found.add(str(msgid))
        if not all(strings):
            problems.append(f"{where}: {ids[0]!r} is not translated")
            continue
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for number, string in enumerate(strings):
            found_here = set(PLACEHOLDER.findall(string))
            # The form for one may say "every day" without its {days}; every other form,
            # and the only form of a language without plurals, keeps them all.
            one_form = number == 0 and len(strings) > 1
            if not (found_here <= wanted if one_form else found_here == wanted):
                problems.append(
                    f"{where}: {string!r} has not the placeholders {sorted(wanted)} of {ids[0]!r}"
                )
    missing = sorted(english - found)
    assert not missing, f"{language}.po lacks {len(missing)} messages, e.g. {missing[:5]}"
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def german_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The example handbook with `theme.language: de`, built --strict."""
    project = tmp_path_factory.mktemp("german") / "project"
    project.mkdir()
    for name in ("docs", "journeys"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    return build_project(project, strict=True, theme={"name": "material", "language": "de"})


def test_a_german_site_shows_no_english_label_on_a_generated_page(german_site: Site) -> None:
    """Every text on a generated page that is exactly an English label (one German words
    differently) is a label left in English; author text is English here and may stay."""
    german = {}
    for _, msgid, msgstr in catalogue("de.po"):
        if isinstance(msgid, str) and isinstance(msgstr, str) and msgstr != msgid:
            german[msgid] = msgstr
    labels = {m for m in german if not PLACEHOLDER.search(m) and re.search("[A-Za-z]{3}", m)}
    pages = sorted((german_site.site_dir / "journeys").rglob("index.html"))
    assert len(pages) > 50
    problems = []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert '<html lang="de"' in html, page
        if "md-content__inner" not in html:
            continue  # a forwarding page of a former id: only its lang matters here
        shown = AUTHOR_TEXT.sub("", article(html))
        for chunk in parse(shown).text:
            if chunk.strip() in labels:
                problems.append(f"{page.relative_to(german_site.site_dir)}: {chunk.strip()!r}")
    assert not problems, f"{len(problems)} English labels, e.g.:\n" + "\n".join(problems[:20])


def test_the_german_stage_page_keeps_every_anchor_a_ticket_links_to(
    german_site: Site, example_site: Site
) -> None:
    """Links from tickets name anchors: the same ones in every language."""
    path = "journeys/first-time-buyer/buying-home-cover/"
    ids_en = set(re.findall(r' id="([^"]+)"', article(example_site.page(path))))
    ids_de = set(re.findall(r' id="([^"]+)"', article(german_site.page(path))))
    assert ids_en == ids_de


def test_the_sites_own_words_replace_a_label_in_any_language(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        from_fixture="small",
        plugin_options={"language": "fr", "labels": {"Pain points": "Frictions"}},
    )
    site = build_project(project, strict=True)
    html = site.page("journeys/pain-points/")
    assert "Frictions" in html


def test_the_message_template_holds_every_message_the_code_writes(tmp_path: Path) -> None:
    """journey-maps.pot is extracted from the code as CONTRIBUTING says ("Translating"),
    so no label reaches a page without a place in every catalogue."""
    extracted = tmp_path / "extracted.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         *EXTRACT_KEYWORDS, "--omit-header", "-o", str(extracted), "."],
        cwd=ROOT, check=True, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    with extracted.open("rb") as po:
        wanted = {str(m.id) for m in read_po(po) if m.id}
    shipped = {str(m) for _, m, _ in catalogue("journey-maps.pot")}
    assert sorted(wanted - shipped) == [], "run the pybabel extract line of CONTRIBUTING"
    assert sorted(shipped - wanted) == [], "messages no code writes any more"


def test_what_the_script_says_comes_from_the_page_in_its_language(german_site: Site) -> None:
    """journey-maps.js reads its sentences from data-jm-* attributes the templates write, so
    a diagram that cannot load and the filter's count speak the page's language too."""
    german = messages_for("de")
    journey = german_site.page("journeys/first-time-buyer/buying-home-cover/")
    register = german_site.page("journeys/pain-points/")
    for page, english in (
        (journey, "Below is what it shows, as text."),
        (register, "{shown} of {count} shown"),
    ):
        assert german.gettext(english) != english
        assert german.gettext(english) in html.unescape(page)  # attributes are escaped
