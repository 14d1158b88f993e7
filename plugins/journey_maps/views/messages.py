"""The words of the generated pages in the site's language.

Every label the plugin writes is an English message looked up in one gettext catalogue per
language (`views/locales/<language>.po`, the format translators and their tools already know,
one file a native speaker can correct in a pull request). English is the source text itself,
so an English site needs no catalogue and a message missing from a catalogue still reads.
Numbers and dates are formatted for the language by Babel (which Material already installs).

Which language a build speaks is set once around the page generation (`speaking`), so views
and templates call `_()` / `ngettext()` without passing a language along; under
mkdocs-static-i18n each language's build sets its own.
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import io
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator, Mapping

__all__ = [
    "LOCALES",
    "N_",
    "Messages",
    "_",
    "catalogue_language",
    "catalogue_languages",
    "current",
    "known_messages",
    "messages_for",
    "ngettext",
    "speaking",
]

LOCALES = Path(__file__).parent / "locales"
"""One `<language>.po` per language besides English, and `journey-maps.pot`, every message."""

SOURCE_LANGUAGE = "en"


@dataclass(frozen=True)
class Messages:
    """One language's words: its catalogue, the site's own overrides, its number formats."""

    language: str
    translations: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)
    overrides: Mapping[str, str] = field(default_factory=dict)
    """`labels:` in mkdocs.yml, by English message: they win over every catalogue."""

    def gettext(self, message: str) -> str:
        if message in self.overrides:
            return self.overrides[message]
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form for `count` (the language's plural rule); an override of the English
        singular or plural replaces the form it names."""
        english = singular if count == 1 else plural
        if english in self.overrides:
            return self.overrides[english]
        return self.translations.ngettext(singular, plural, count)

    def number(self, value: float, decimals: int | None = None) -> str:
        """`1,234` in English, `1.234` in German, `1 234` in French; with `decimals`,
        exactly that many digits after the separator (`3.0`, `3,0`)."""
        pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=self._locale)

    def date(self, day: dt.date) -> str:
        """A date as the pages show it: ISO 8601 in English (`2026-12-06`, as authors write
        it in the YAML and in tickets), each other language's own medium date
        (`06.12.2026`, `6 déc. 2026`, `2026/12/06`)."""
        if self.language == SOURCE_LANGUAGE:
            return day.isoformat()
        return format_date(day, format="medium", locale=self._locale)

    @property
    def _locale(self) -> Locale:
        return _locale(self.language)


@functools.cache
def _locale(language: str) -> Locale:
    try:
        return Locale.parse(language.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse(SOURCE_LANGUAGE)


def catalogue_languages() -> tuple[str, ...]:
    """The languages the generated pages speak: English and every catalogue shipped."""
    return (SOURCE_LANGUAGE, *sorted(p.stem for p in LOCALES.glob("*.po")))


def catalogue_language(language: str) -> str | None:
    """The shipped language for a site's `de`, `de-CH` or `de_CH`; None when there is none."""
    wanted = language.replace("_", "-").lower()
    known = catalogue_languages()
    if wanted in known:
        return wanted
    base = wanted.split("-")[0]
    return base if base in known else None


@functools.cache
def _translations(language: str) -> gettext.NullTranslations:
    """The catalogue of `language`, compiled in memory (no .mo files to keep in step)."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    with (LOCALES / f"{language}.po").open("rb") as po:
        catalog = read_po(po, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


@functools.cache
def known_messages() -> tuple[str, ...]:
    """Every English message the pages write (the template catalogue), for `labels:`."""
    with (LOCALES / "journey-maps.pot").open("rb") as pot:
        catalog = read_po(pot)
    found: list[str] = []
    for message in catalog:
        if not message.id:
            continue
        found += [message.id] if isinstance(message.id, str) else list(message.id)
    return tuple(found)


def messages_for(language: str, overrides: Mapping[str, str] | None = None) -> Messages:
    """The words for a site in `language` (a shipped one: see `catalogue_language`)."""
    return Messages(language, _translations(language), dict(overrides or {}))


_ENGLISH = Messages(SOURCE_LANGUAGE)
_current: ContextVar[Messages | None] = ContextVar("journey_maps_messages", default=None)


def current() -> Messages:
    """The language the pages being generated speak (English outside `speaking`)."""
    return _current.get() or _ENGLISH


@contextlib.contextmanager
def speaking(messages: Messages) -> Iterator[Messages]:
    """Generate pages in `messages`' language inside this block."""
    token = _current.set(messages)
    try:
        yield messages
    finally:
        _current.reset(token)


def _(message: str) -> str:
    """The message in the current language (`_` is the name gettext tools extract)."""
    return current().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for `count`, in the current language."""
    return current().ngettext(singular, plural, count)


def N_(message: str) -> str:
    """`message` unchanged: marks an English message kept in a module-level table (a dict of
    labels) for the extractor, to be translated with `_()` where a page shows it, when the
    build's language is known. Translating at import time would fix the words in English."""
    return message
