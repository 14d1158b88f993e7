"""Ids for imported records: slugs derived from names, collisions numbered."""

from __future__ import annotations

import re
import unicodedata

from ..source.model import SLUG_MAX, is_slug

__all__ = ["Slugger", "cut_at_word", "slugify"]

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str, fallback: str) -> str:
    """`'Go to work!'` -> `'go-to-work'`; accents dropped, other scripts give `fallback`."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    slug = cut_at_word(slug, SLUG_MAX - 4)  # room for a collision number: `-999`
    return slug if is_slug(slug) else fallback


def cut_at_word(slug: str, limit: int) -> str:
    """`slug` at most `limit` characters long, cut after a whole word when it must be cut:
    `...-case-study-participation` becomes `...-case-study`, never `...-participati`, so an
    id still reads as words. A single word longer than the limit is cut where it must be."""
    if len(slug) <= limit:
        return slug
    if slug[limit] == "-":
        return slug[:limit]
    boundary = slug.rfind("-", 0, limit)
    return slug[:boundary] if boundary > 0 else slug[:limit].rstrip("-")


def numbered(base: str, number: int) -> str:
    """`base-number`, the base cut short (after a whole word) when both would be longer
    than an id may be."""
    suffix = f"-{number}"
    return cut_at_word(base, SLUG_MAX - len(suffix)) + suffix


class Slugger:
    """Hands out unique ids within one scope: `stage`, `stage-2`, `stage-3`...

    Each base remembers the next number to try, so 20,000 sections of one name take
    linear time instead of counting up from 2 for every one of them."""

    def __init__(self, reserved: tuple[str, ...] | set[str] = ()) -> None:
        self.taken: set[str] = set(reserved)
        self._next: dict[str, int] = {}

    def take(self, name: str, fallback: str) -> str:
        base = slugify(name, fallback)
        slug = base
        if slug in self.taken:
            number = self._next.get(base, 2)
            while (slug := numbered(base, number)) in self.taken:
                number += 1
            self._next[base] = number + 1
        self.taken.add(slug)
        return slug

    def keep(self, slug: str) -> str:
        """An id given as it is (from an export): kept when free, numbered otherwise."""
        if is_slug(slug) and slug not in self.taken:
            self.taken.add(slug)
            return slug
        return self.take(slug, "item")
