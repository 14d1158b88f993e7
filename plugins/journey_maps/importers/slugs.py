"""Ids for imported records: slugs derived from names, collisions numbered."""

from __future__ import annotations

import re
import unicodedata

from ..source.model import SLUG_MAX, is_slug

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(name: str, fallback: str) -> str:
    """`'Go to work!'` -> `'go-to-work'`; accents dropped, other scripts give `fallback`."""
    ascii_text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = _NOT_SLUG.sub("-", ascii_text.lower()).strip("-")
    slug = slug[: SLUG_MAX - 4].rstrip("-")  # room for a collision number: `-999`
    return slug if is_slug(slug) else fallback


class Slugger:
    """Hands out unique ids within one scope: `stage`, `stage-2`, `stage-3`..."""

    def __init__(self, reserved: tuple[str, ...] | set[str] = ()) -> None:
        self.taken: set[str] = set(reserved)

    def take(self, name: str, fallback: str) -> str:
        base = slugify(name, fallback)
        slug, number = base, 1
        while slug in self.taken:
            number += 1
            slug = f"{base}-{number}"
        self.taken.add(slug)
        return slug

    def keep(self, slug: str) -> str:
        """An id given as it is (from an export): kept when free, numbered otherwise."""
        if is_slug(slug) and slug not in self.taken:
            self.taken.add(slug)
            return slug
        return self.take(slug, "item")
