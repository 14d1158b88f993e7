"""Generated pages as files that change only when the page would: `mkdocs serve --dirty`.

MkDocs' `--dirty` rebuild skips a page whose `File.is_modified()` is false: its source is
older than the page it built. A page generated from memory always counts as modified, so
every save re-rendered the whole handbook. Backed by a file here instead, written only when
its text or its navigation context changed, a page's mtime moves only then, and `--dirty`
re-renders just the pages an edit changed, plus those whose navigation shows a renamed page.

The folder is a temporary one per `mkdocs serve` session (`mkdocs build` never uses it,
so a built site stays byte-identical), written only through `OwnedFolder`.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from ..owned_folder import OwnedFolder

if TYPE_CHECKING:
    from collections.abc import Callable

    from .pages import NavNode

_Prepared = TypeVar("_Prepared")

__all__ = ["PageFiles", "nav_contexts"]


class PageFiles:
    """The session's folder of generated page sources, and what each file last held."""

    def __init__(self) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="journey-maps-pages-"))
        self.folder = OwnedFolder(self.root)
        self.held: dict[str, tuple[bytes, Path]] = {}
        """By src_uri: the digest of the text and nav context each file was last written
        for, and the file (checked by OwnedFolder when written)."""
        self.last: dict[str, tuple[str, str, Path]] = {}
        """By src_uri: the text and nav context last given, and their file, to skip hashing
        them again."""
        self.prepared: dict[str, tuple[object, object]] = {}
        """By src_uri: the page object last prepared and what was made of it."""

    def prepare(self, src_uri: str, page: object, make: Callable[[], _Prepared]) -> _Prepared:
        """`make()` for a page, or what it made last time for the very same page object: a
        persona whose pages were kept from the last build (site/pages.py ReusedPages) costs
        nothing here either."""
        kept = self.prepared.get(src_uri)
        if kept is not None and kept[0] is page:
            return kept[1]  # type: ignore[return-value]
        made = make()
        self.prepared[src_uri] = (page, made)
        return made

    def path(self, src_uri: str, text: str, nav_context: str) -> tuple[Path, bool]:
        """The file that holds `text`, and whether it was (re)written now: only when the text
        or the page's nav context differs from the last write, so its mtime says "changed"."""
        last = self.last.get(src_uri)
        if last is not None and last[0] is text and last[1] == nav_context:
            return last[2], False  # the very text of the last build: nothing to check or write
        digest = hashlib.blake2b(f"{nav_context}\0{text}".encode(), digest_size=16).digest()
        held = self.held.get(src_uri)
        if held is not None and held[0] == digest:
            path = held[1]
            changed = False
        else:
            path = self.folder.write_text(src_uri, text)
            self.held[src_uri] = (digest, path)
            changed = True
        self.last[src_uri] = (text, nav_context, path)
        return path, changed

    def remove(self) -> None:
        """The folder and everything in it, at the end of the session."""
        shutil.rmtree(self.root, ignore_errors=True)
        self.held.clear()
        self.last.clear()
        self.prepared.clear()


def nav_contexts(trees: list[NavNode], *, pruned_by_theme: bool) -> dict[str, str]:
    """What of the navigation each generated page shows, by src_uri, as comparable text.

    A page's HTML names other pages in its navigation sidebar and its previous/next footer:
    a renamed stage changes the pages that show its title. With Material's
    `navigation.prune` a page shows the entries beside each section on its path and its own
    children; otherwise every entry. The previous and next page are taken from each tree
    given (the full one and the one the nav lists), so either order is covered."""
    contexts: dict[str, list[str]] = {}
    everything = "\n".join(f"{n.src_uri}\t{n.title}" for n in trees[0].walk())
    for tree in trees:
        order = tree.walk()
        for index, node in enumerate(order):
            shown = contexts.setdefault(node.src_uri, [])
            for neighbour in order[max(index - 1, 0) : index + 2]:
                shown.append(f"{neighbour.src_uri}\t{neighbour.title}")
        if not pruned_by_theme:
            continue
        _visible(tree, [], contexts)
    if not pruned_by_theme:
        for shown in contexts.values():
            shown.append(everything)
    return {uri: "\n".join(shown) for uri, shown in contexts.items()}


def _visible(node: NavNode, around: list[str], contexts: dict[str, list[str]]) -> None:
    """Record, for `node` and below, the entries shown beside every section on the path."""
    here = [*around, f"{node.src_uri}\t{node.title}"]
    here += [f"{child.src_uri}\t{child.title}" for child in node.children]
    contexts.setdefault(node.src_uri, []).extend(here)
    for child in node.children:
        _visible(child, here, contexts)
